"""Whether a staff or board account has two-factor authentication on is looked up as they sign in and
remembered in the session, and looked up again in every session of the account once an authenticator is
added or removed, however that happens."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

STAFF_HOME = reverse("residents:staff_home")
SET_UP = reverse("mfa_activate_totp")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def authenticator_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return [q["sql"] for q in queries.captured_queries if "mfa_authenticator" in q["sql"]]


def test_staff_page_does_not_look_up_two_factor_again_in_a_session(staff):
    client = signed_in(staff)
    assert client.get(STAFF_HOME).status_code == 200
    assert authenticator_queries(client, STAFF_HOME) == []


def test_removing_the_authenticator_elsewhere_sends_every_session_to_set_it_up(staff):
    first, second = signed_in(staff), signed_in(staff)
    assert first.get(STAFF_HOME).status_code == 200
    assert second.get(STAFF_HOME).status_code == 200
    # As an administrator would in the admin site, not through this person's sessions.
    Authenticator.objects.get(user=staff).delete()
    for client in (first, second):
        response = client.get(STAFF_HOME)
        assert response.status_code == 302
        assert response["Location"] == SET_UP


def test_removing_all_authenticators_at_once_is_noticed(staff):
    client = signed_in(staff)
    assert client.get(STAFF_HOME).status_code == 200
    Authenticator.objects.filter(user=staff).delete()
    assert client.get(STAFF_HOME)["Location"] == SET_UP


def test_setting_up_two_factor_opens_staff_pages_in_a_session_that_was_sent_to_set_it_up(staff_without_mfa):
    client = signed_in(staff_without_mfa)
    assert client.get(STAFF_HOME)["Location"] == SET_UP
    TOTP.activate(staff_without_mfa, generate_totp_secret())
    assert client.get(STAFF_HOME).status_code == 200


def test_a_session_remembers_nothing_for_another_account(staff, staff_without_mfa):
    client = signed_in(staff)
    assert client.get(STAFF_HOME).status_code == 200
    client.force_login(staff_without_mfa)
    assert client.get(STAFF_HOME)["Location"] == SET_UP


def test_residents_are_not_asked_about_two_factor(resident):
    client = signed_in(resident)
    assert authenticator_queries(client, reverse("residents:home")) == []
