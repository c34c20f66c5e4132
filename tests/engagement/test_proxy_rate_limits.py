"""Sign-in attempts are counted per resident's address, also behind the README's TLS proxy (BEHIND_PROXY), where
every request arrives from the proxy's own address."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from ..factories import TEST_PASSWORD
from .test_settings import production_env, run

PROXY = "10.0.0.2"  # the TLS proxy, as the portal sees every connection behind it
ATTACKER = "203.0.113.5"
NEIGHBOUR = "198.51.100.7"
FAILED_ATTEMPTS_PER_ADDRESS = 10  # allauth's login_failed limit per address: 10 a minute


def sign_in(email: str, password: str, *, remote_addr: str, forwarded_for: str | None = None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    client = Client(**headers)
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    return client, response


def brute_force(*, remote_addr: str, forwarded_for) -> None:
    """Wrong passwords for many accounts from one client: more than allauth allows from one address."""
    for n in range(FAILED_ATTEMPTS_PER_ADDRESS + 1):
        sign_in(f"guess{n}@example.org", "wrong-password", remote_addr=remote_addr, forwarded_for=forwarded_for(n))


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_a_brute_force_from_one_client_does_not_lock_out_another(resident):
    brute_force(remote_addr=PROXY, forwarded_for=lambda n: ATTACKER)
    attacker, _ = sign_in(resident.email, TEST_PASSWORD, remote_addr=PROXY, forwarded_for=ATTACKER)
    assert not signed_in(attacker), "the attacker's address is refused, even with a right password"

    client, response = sign_in(resident.email, TEST_PASSWORD, remote_addr=PROXY, forwarded_for=NEIGHBOUR)

    assert response.status_code == 302
    assert signed_in(client)


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_attacker_is_counted_by_the_address_the_proxy_saw(resident):
    # The client writes its own X-Forwarded-For; the proxy appends the address it saw, which is the one counted.
    brute_force(remote_addr=PROXY, forwarded_for=lambda n: f"192.0.2.{n}, {ATTACKER}")

    client, _ = sign_in(resident.email, TEST_PASSWORD, remote_addr=PROXY, forwarded_for=f"192.0.2.200, {ATTACKER}")

    assert not signed_in(client)


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=0)
def test_without_a_proxy_a_forged_forwarded_for_header_does_not_dodge_the_limit(resident):
    brute_force(remote_addr=ATTACKER, forwarded_for=lambda n: f"192.0.2.{n}")

    client, _ = sign_in(resident.email, TEST_PASSWORD, remote_addr=ATTACKER, forwarded_for=NEIGHBOUR)

    assert not signed_in(client), "the connecting address is counted, whatever the header says"


@pytest.mark.parametrize(
    ("env", "count"),
    [
        ({}, "0"),
        ({"BEHIND_PROXY": "false", "TRUSTED_PROXY_COUNT": "2"}, "0"),
        ({"BEHIND_PROXY": "true"}, "1"),
        ({"BEHIND_PROXY": "true", "TRUSTED_PROXY_COUNT": "2"}, "2"),
    ],
    ids=["no-proxy", "count-ignored-without-proxy", "proxy", "two-proxies"],
)
def test_behind_proxy_makes_allauth_read_the_client_address_from_the_proxy(env, count):
    script = "import django; django.setup(); from django.conf import settings; "
    script += "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"

    result = run(["-c", script], production_env(**env))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == count
