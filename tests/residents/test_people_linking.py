"""A resident links their portal account to their register entry: tenancy reference + postcode, or a code."""

import re
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from residents.models import LinkCode, Resident
from residents.people import services

from ..factories import BlockFactory, HomeFactory, ResidentFactory, UserFactory

LINK_URL = reverse("residents:link")
ONE_MESSAGE = services.LinkError.message
TOO_MANY = "Too many attempts. Wait 15 minutes and try again, or call us for a link code."


@pytest.fixture
def entry(home):
    """Margaret's register entry at LS6 2AB: no portal account yet."""
    return ResidentFactory(
        home=home, tenancy_reference="T-200002", first_name="Margaret", last_name="Hughes", email="mh@example.org"
    )


@pytest.fixture
def client(client_for, unlinked_resident) -> Client:
    """Signed in as the resident whose account is not linked yet."""
    return client_for("unlinked_resident")


def by_tenancy(client: Client, tenancy_reference: str, postcode: str):
    return client.post(
        LINK_URL, {"method": "tenancy", "tenancy-tenancy_reference": tenancy_reference, "tenancy-postcode": postcode}
    )


def by_code(client: Client, code: str):
    return client.post(LINK_URL, {"method": "code", "code-code": code})


def page(response) -> str:
    """The page as the person reads it (HTML entities turned back into characters)."""
    return unescape(response.content.decode())


def without_csrf_token(response) -> str:
    """The page without what differs on every response: the CSRF token and the CSP nonce."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return re.sub(r' nonce="[^"]*"', "", html)


def make_code(client_for, entry) -> str:
    response = client_for("staff").post(reverse("residents:link_code_create", kwargs={"pk": entry.pk}))
    assert response.status_code == 200
    return re.search(r'id="link-code">([A-Z0-9-]+)<', response.content.decode()).group(1)


# By tenancy reference and postcode -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tenancy_reference", "postcode"),
    [("T-200002", "LS6 2AB"), ("t-200002", "ls62ab"), (" T-200002 ", "  Ls6   2aB ")],
    ids=["as_printed", "lower_case_no_space", "extra_spaces"],
)
def test_right_tenancy_reference_and_postcode_link_the_account(
    client, unlinked_resident, entry, tenancy_reference, postcode
):
    response = by_tenancy(client, tenancy_reference, postcode)

    assert response.status_code == 302
    assert response["Location"] == reverse("residents:home")
    entry.refresh_from_db()
    assert entry.user == unlinked_resident
    assert entry.linked_at is not None
    home = client.get(reverse("residents:home")).content.decode()
    assert "Hello, Margaret" in home
    assert "Your account is now linked to your home." in home


def test_wrong_details_get_one_message_whatever_was_wrong(client, entry):
    """Same typed details, three different reasons: the pages must be identical, so nothing is revealed."""
    typed = ("T-300003", "LS6 2AB")
    responses = {}

    responses["unknown tenancy"] = by_tenancy(client, *typed)

    elsewhere = HomeFactory(block=BlockFactory(), postcode="BD1 4EF")
    other_entry = ResidentFactory(home=elsewhere, tenancy_reference="T-300003")
    responses["wrong postcode"] = by_tenancy(client, *typed)

    other_entry.home = entry.home
    other_entry.user = UserFactory(email="joint-tenant@example.org")
    other_entry.save()
    responses["linked to someone else"] = by_tenancy(client, *typed)

    pages = {reason: without_csrf_token(response) for reason, response in responses.items()}
    assert {response.status_code for response in responses.values()} == {200}
    assert ONE_MESSAGE in unescape(pages["unknown tenancy"])
    assert pages["wrong postcode"] == pages["unknown tenancy"]
    assert pages["linked to someone else"] == pages["unknown tenancy"]


def test_entry_linked_to_another_account_cannot_be_linked_again(client, resident):
    response = by_tenancy(client, "T-100001", "LS6 2AB")  # the linked resident's own details

    assert response.status_code == 200
    assert ONE_MESSAGE in page(response)
    assert Resident.objects.get(tenancy_reference="T-100001").user == resident


def test_account_already_linked_cannot_link_to_a_second_entry(client_for, resident, entry):
    client = client_for("resident")

    response = by_tenancy(client, "T-200002", "LS6 2AB")

    assert response.status_code == 302
    assert response["Location"] == reverse("residents:home")
    entry.refresh_from_db()
    assert entry.user is None
    assert Resident.objects.get(user=resident).tenancy_reference == "T-100001"
    assert "Your account is already linked to your home." in client.get(reverse("residents:home")).content.decode()


def test_account_already_linked_cannot_use_a_link_code_either(client_for, resident, entry):
    code = make_code(client_for, entry)
    with pytest.raises(services.LinkError):
        services.link_account_by_code(user=resident, code=code)
    entry.refresh_from_db()
    assert entry.user is None


def test_joint_tenant_whose_email_matches_gets_their_own_entry(home, client_for):
    ResidentFactory(home=home, tenancy_reference="T-400004", first_name="Tunde", email="tunde@example.org")
    ResidentFactory(home=home, tenancy_reference="T-400004", first_name="Amara", email="amara@example.org")
    amara = UserFactory(email="Amara@example.org")
    tunde = UserFactory(email="someone-else@example.org")

    for user in (amara, tunde):
        client = Client()
        client.force_login(user)
        assert by_tenancy(client, "T-400004", "LS6 2AB").status_code == 302

    assert Resident.objects.get(user=amara).first_name == "Amara"
    assert Resident.objects.get(user=tunde).first_name == "Tunde"


def test_link_form_keeps_what_was_typed_after_an_error(client, entry):
    response = by_tenancy(client, "T-999999", "LS6 9ZZ")

    html = response.content.decode()
    assert 'value="T-999999"' in html
    assert 'value="LS6 9ZZ"' in html


def test_postcode_that_is_not_a_postcode_is_explained_next_to_the_field(client, entry):
    response = by_tenancy(client, "T-200002", "Leeds")

    html = response.content.decode()
    assert 'id="error_1_id_tenancy-postcode"' in html
    assert "Enter a UK postcode, for example SE1 7PB." in html
    assert 'value="Leeds"' in html
    entry.refresh_from_db()
    assert entry.user is None


# By a one-time code from staff ---------------------------------------------------------------------------


def test_code_from_staff_links_the_account_once(client_for, client, unlinked_resident, entry):
    code = make_code(client_for, entry)

    response = by_code(client, code.lower().replace("-", " "))  # read out over the phone, typed loosely

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.user == unlinked_resident
    late_comer = Client()
    late_comer.force_login(UserFactory(email="late@example.org"))
    again = by_code(late_comer, code)
    assert again.status_code == 200
    assert ONE_MESSAGE in page(again)


def test_code_stops_working_after_30_days(client_for, unlinked_resident, entry):
    code = make_code(client_for, entry)

    with time_machine.travel(timezone.now() + timedelta(days=30, minutes=1)):
        response = by_code(client_for("unlinked_resident"), code)  # signs in a month later

    assert response.status_code == 200
    assert ONE_MESSAGE in page(response)
    entry.refresh_from_db()
    assert entry.user is None


def test_code_still_works_on_day_29(client_for, unlinked_resident, entry):
    code = make_code(client_for, entry)

    with time_machine.travel(timezone.now() + timedelta(days=29)):
        assert by_code(client_for("unlinked_resident"), code).status_code == 302

    entry.refresh_from_db()
    assert entry.user == unlinked_resident


def test_making_a_new_code_stops_the_old_one(client_for, client, unlinked_resident, entry):
    old = make_code(client_for, entry)
    new = make_code(client_for, entry)

    refused = by_code(client, old)
    accepted = by_code(client, new)

    assert refused.status_code == 200
    assert ONE_MESSAGE in page(refused)
    assert accepted.status_code == 302
    entry.refresh_from_db()
    assert entry.user == unlinked_resident


def test_wrong_code_gets_the_same_message_as_a_used_or_expired_one(client_for, client, entry):
    used = make_code(client_for, entry)
    first = Client()
    first.force_login(UserFactory(email="first@example.org"))
    by_code(first, used)

    unknown = without_csrf_token(by_code(client, "ABCDE-FGH23"))
    already_used = without_csrf_token(by_code(client, used))

    assert already_used.replace(used, "ABCDE-FGH23") == unknown


def test_only_a_hash_of_the_code_is_stored(client_for, entry):
    code = make_code(client_for, entry)
    stored = LinkCode.objects.get(resident=entry)
    assert code not in stored.code_hash
    assert code.replace("-", "") not in stored.code_hash


def test_staff_cannot_make_a_code_for_an_entry_already_linked(client_for, resident):
    response = client_for("staff").post(
        reverse("residents:link_code_create", kwargs={"pk": resident.resident.pk}), follow=True
    )
    assert "This resident's account is already linked." in page(response)
    assert not LinkCode.objects.exists()


# Rate limiting ---------------------------------------------------------------------------------------------


def test_sixth_attempt_within_15_minutes_is_refused_even_with_the_right_details(client, entry):
    for attempt in range(5):
        assert by_tenancy(client, f"T-99999{attempt}", "LS6 2AB").status_code == 200

    response = by_tenancy(client, "T-200002", "LS6 2AB")

    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    entry.refresh_from_db()
    assert entry.user is None


def test_link_codes_count_towards_the_same_limit(client_for, client, entry):
    code = make_code(client_for, entry)
    for attempt in range(5):
        by_tenancy(client, f"T-99999{attempt}", "LS6 2AB")

    response = by_code(client, code)

    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()


def test_after_15_minutes_the_resident_can_try_again(client, unlinked_resident, entry):
    for attempt in range(5):
        by_tenancy(client, f"T-99999{attempt}", "LS6 2AB")
    assert by_tenancy(client, "T-200002", "LS6 2AB").status_code == 429

    with time_machine.travel(timezone.now() + timedelta(minutes=15, seconds=5)):
        response = by_tenancy(client, "T-200002", "LS6 2AB")

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.user == unlinked_resident


def test_one_account_hitting_the_limit_does_not_block_another(client, entry, home):
    for attempt in range(6):
        by_tenancy(client, f"T-99999{attempt}", "LS6 2AB")
    neighbour = UserFactory(email="neighbour@example.org")
    ResidentFactory(home=home, tenancy_reference="T-500005")
    other = Client()
    other.force_login(neighbour)

    assert by_tenancy(other, "T-500005", "LS6 2AB").status_code == 302
