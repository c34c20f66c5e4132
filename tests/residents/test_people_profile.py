"""A resident's profile: preferences, equality monitoring and downloading their data."""

import json
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from residents.models import EqualityMonitoring, Preferences, Resident

HOME_URL = reverse("residents:home")
PREFERENCES_URL = reverse("residents:preferences")
EQUALITY_URL = reverse("residents:equality")
EQUALITY_DELETE_URL = reverse("residents:equality_delete")
EXPORT_URL = reverse("residents:data_export")

PREFERENCES = {
    "contact_channels": ["email", "text"],
    "language": "Polish",
    "accessibility_needs": ["large_print", "bsl"],
    "accessibility_other": "Please ring the bell twice",
    "involvement_interests": ["local"],
    "survey_opt_out": "on",
}
EQUALITY = {"age_band": "75+", "sex": "female", "ethnicity": "asian", "disability": "yes"}
# How those answers read on a page, and the words of the questions: none of it may reach a staff page.
EQUALITY_WORDS = ["75 or over", "Asian or Asian British", "long-term health condition", "Ethnic group", "75+"]


def page(response) -> str:
    return unescape(response.content.decode())


def is_checked(html: str, name: str, value: str | None = None) -> bool:
    """Whether the form shows this checkbox or radio button ticked."""
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and (value is None or f'value="{value}"' in tag):
            if re.search(r"\schecked[\s>/]", tag):
                return True
    return False


@pytest.fixture
def resident_client(client_for, resident) -> Client:
    return client_for("resident")


@pytest.fixture
def with_equality(resident) -> EqualityMonitoring:
    return EqualityMonitoring.objects.create(resident=resident.resident, **EQUALITY)


# Preferences -------------------------------------------------------------------------------------------------


def test_resident_home_shows_their_home_and_the_defaults_before_they_choose(resident_client, resident):
    home = page(resident_client.get(HOME_URL))

    entry = Resident.objects.get(user=resident)
    assert "Hello, Amina" in home and entry.home.address in home
    assert "Neighbourhood: Millfield" in home and "Tenancy reference: T-100001" in home
    assert "You have not told us yet how you would like to be contacted." in home
    assert "English" in home and "Nothing yet" in home and "Answer the questions" in home
    assert not Preferences.objects.filter(resident=entry).exists()  # showing the defaults saves nothing


def test_an_account_not_linked_yet_is_asked_to_link_its_home(client_for, unlinked_resident):
    home = page(client_for("unlinked_resident").get(HOME_URL))

    assert "Welcome" in home and "Link your account to your home" in home and "Your home" not in home


def test_preferences_save_and_show_on_the_resident_home(resident_client, resident):
    response = resident_client.post(PREFERENCES_URL, PREFERENCES)

    assert response.status_code == 302
    assert response["Location"] == HOME_URL
    home = page(resident_client.get(HOME_URL))
    assert "Your preferences are saved." in home
    assert "By email, text message." in home
    assert "Polish" in home
    assert "Large print, British Sign Language (BSL) interpreter. Please ring the bell twice" in home
    assert "Local: issues in my neighbourhood, walkabouts" in home
    assert "You have asked us not to send you surveys." in home
    saved = Preferences.objects.get(resident__user=resident)
    assert saved.contact_channels == ["email", "text"]
    assert saved.language == "Polish"
    assert saved.accessibility_needs == ["large_print", "bsl"]
    assert saved.accessibility_other == "Please ring the bell twice"
    assert saved.involvement_interests == ["local"]
    assert (saved.survey_opt_out, saved.do_not_contact) == (True, False)


def test_saved_preferences_are_filled_in_when_the_form_is_opened_again(resident_client):
    resident_client.post(PREFERENCES_URL, PREFERENCES)

    form = page(resident_client.get(PREFERENCES_URL))

    assert 'value="Polish"' in form
    assert 'value="Please ring the bell twice"' in form
    ticked = [("contact_channels", "email"), ("contact_channels", "text"), ("accessibility_needs", "large_print")]
    ticked += [("accessibility_needs", "bsl"), ("involvement_interests", "local")]
    for name, value in ticked:
        assert is_checked(form, name, value), (name, value)
    assert not is_checked(form, "contact_channels", "letter")
    assert is_checked(form, "survey_opt_out")
    assert not is_checked(form, "do_not_contact")


def test_opening_the_preferences_form_saves_nothing_until_the_resident_does(resident_client, resident):
    form = page(resident_client.get(PREFERENCES_URL))

    assert 'value="English"' in form  # the defaults, offered
    assert not Preferences.objects.filter(resident__user=resident).exists()
    resident_client.post(PREFERENCES_URL, PREFERENCES)
    assert Preferences.objects.filter(resident__user=resident).count() == 1


def test_do_not_contact_shows_on_the_resident_home(resident_client):
    resident_client.post(PREFERENCES_URL, PREFERENCES | {"do_not_contact": "on"})

    assert "You have asked us not to contact you about getting involved." in page(resident_client.get(HOME_URL))


def test_new_resident_is_told_they_have_not_chosen_how_to_be_contacted(resident_client):
    assert "You have not told us yet how you would like to be contacted." in page(resident_client.get(HOME_URL))


def test_preferences_with_a_problem_keep_what_was_typed(resident_client, resident):
    response = resident_client.post(PREFERENCES_URL, PREFERENCES | {"language": ""})

    html = page(response)
    assert response.status_code == 200
    assert 'id="error_1_id_language"' in html
    assert "There is a problem" in html
    assert 'value="Please ring the bell twice"' in html
    assert not Preferences.objects.filter(resident__user=resident, language="Polish").exists()


@pytest.mark.parametrize("url", [PREFERENCES_URL, EQUALITY_URL])
def test_unlinked_resident_is_sent_to_the_link_page(client_for, url):
    client = client_for("unlinked_resident")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("residents:link")
    assert "First link your account to your home." in page(client.get(response["Location"]))


def test_resident_home_shows_only_the_signed_in_residents_home(client_for, resident, other_resident):
    html = page(client_for("other_resident").get(HOME_URL))

    assert "Hello, Piotr" in html
    assert "Hillside" in html
    assert "Millfield" not in html
    assert "T-100001" not in html
    assert "Amina" not in html


# Equality monitoring -----------------------------------------------------------------------------------------


def test_equality_answers_save_and_the_home_offers_to_change_or_delete_them(resident_client, resident):
    assert "Answer the questions" in page(resident_client.get(HOME_URL))

    response = resident_client.post(EQUALITY_URL, EQUALITY)

    assert response.status_code == 302
    saved = EqualityMonitoring.objects.get(resident__user=resident)
    assert (saved.age_band, saved.sex, saved.ethnicity, saved.disability) == ("75+", "female", "asian", "yes")
    home = page(resident_client.get(HOME_URL))
    assert "Thank you. Your answers are saved." in home
    assert "Change or delete my answers" in home


def test_equality_answers_can_be_changed(resident_client, resident, with_equality):
    form = page(resident_client.get(EQUALITY_URL))
    assert is_checked(form, "ethnicity", "asian")
    assert is_checked(form, "age_band", "75+")

    resident_client.post(EQUALITY_URL, {"age_band": "65-74", "ethnicity": "not_said"})

    assert EqualityMonitoring.objects.filter(resident__user=resident).count() == 1
    changed = EqualityMonitoring.objects.get(resident__user=resident)
    assert (changed.age_band, changed.ethnicity, changed.sex, changed.disability) == ("65-74", "not_said", "", "")


def test_equality_answers_can_be_deleted(resident_client, resident, with_equality):
    assert "Delete my answers" in page(resident_client.get(EQUALITY_URL))

    response = resident_client.post(EQUALITY_DELETE_URL)

    assert response.status_code == 302
    assert not EqualityMonitoring.objects.filter(resident__user=resident).exists()
    home = page(resident_client.get(HOME_URL))
    assert "Your equality monitoring answers are deleted." in home
    assert "Answer the questions" in home


def test_every_equality_question_may_be_left_unanswered(csrf_client, resident):
    # As a browser sends it: nothing ticked, so the form's CSRF token is all there is.
    csrf_client.get(EQUALITY_URL)
    response = csrf_client.post(EQUALITY_URL, {"csrfmiddlewaretoken": csrf_client.cookies["csrftoken"].value})

    assert response.status_code == 302
    blank = EqualityMonitoring.objects.get(resident__user=resident)
    assert (blank.age_band, blank.sex, blank.ethnicity, blank.disability) == ("", "", "", "")


def test_resident_sees_their_own_equality_answers(resident_client, with_equality):
    """The words checked for on staff pages below do show where they belong, so their absence means something."""
    html = page(resident_client.get(EQUALITY_URL))
    for words in ("75 or over", "Asian or Asian British", "long-term health condition", "Ethnic group"):
        assert words in html


def staff_pages(resident) -> list[tuple[str, str]]:
    entry = resident.resident
    return [
        ("staff", reverse("residents:staff_home")),
        ("staff", reverse("residents:register_list")),
        ("staff", reverse("residents:register_list") + "?q=Okafor"),
        ("staff", reverse("residents:resident_detail", kwargs={"pk": entry.pk})),
        ("admin_user", reverse("admin:residents_resident_change", args=[entry.pk])),
        ("admin_user", reverse("admin:residents_user_change", args=[resident.pk])),
        ("admin_user", reverse("admin:residents_resident_changelist")),
    ]


# The Board dashboard shows equality aggregates by design, under disclosure control: its own tests
# (tests/engagement/test_board_representation.py) check that no group under 5 and no difference of filters shows one.
def test_equality_answers_never_appear_on_a_staff_page(client_for, resident, with_equality):
    for persona, url in staff_pages(resident):
        response = client_for(persona).get(url)
        html = page(response)
        assert response.status_code == 200, url
        assert "Okafor" in html or url.endswith("/staff/"), url
        for words in EQUALITY_WORDS:
            assert words not in html, f"{words!r} shown on {url}"


def test_equality_answers_are_not_in_the_django_admin_at_all(client_for, with_equality):
    index = page(client_for("admin_user").get(reverse("admin:index")))
    assert "Residents and places" in index
    assert "quality monitoring" not in index


# Downloading my data -----------------------------------------------------------------------------------------


def download(client: Client) -> dict:
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    return json.loads(response.content)


def test_data_download_holds_account_register_entry_preferences_and_equality(resident_client, resident, with_equality):
    resident_client.post(PREFERENCES_URL, PREFERENCES)

    data = download(resident_client)

    assert data["account"]["email"] == "resident@example.org"
    assert data["account"]["name"] == "Amina Okafor"
    assert data["register_entry"]["tenancy_reference"] == "T-100001"
    assert data["register_entry"]["first_name"] == "Amina"
    assert data["register_entry"]["home"]["neighbourhood"] == "Millfield"
    assert data["register_entry"]["home"]["address"].endswith("LS6 2AB")
    assert data["preferences"]["contact_channels"] == ["email", "text"]
    assert data["preferences"]["accessibility_other"] == "Please ring the bell twice"
    assert data["equality_monitoring"]["age_band"] == "75+"
    assert data["equality_monitoring"]["ethnicity"] == "asian"


def test_data_download_never_holds_another_residents_data(client_for, resident, other_resident):
    other_entry = other_resident.resident
    Preferences.objects.create(resident=other_entry, accessibility_other="Piotr's secret note")
    EqualityMonitoring.objects.create(resident=other_entry, ethnicity="mixed", age_band="16-24")

    raw = client_for("resident").get(EXPORT_URL).content.decode()

    for theirs in ("other@example.org", "Piotr", "Nowak", other_entry.tenancy_reference, "Hillside", "BD1 4EF"):
        assert theirs not in raw
    for their_answer in ("mixed", "16-24"):
        assert their_answer not in raw


def test_data_download_for_an_unlinked_account_has_no_register_entry(client_for, unlinked_resident):
    data = download(client_for("unlinked_resident"))

    assert data["account"]["email"] == "new@example.org"
    assert data["register_entry"] is None
    assert data["preferences"] is None
    assert data["equality_monitoring"] is None


def test_deleted_equality_answers_are_not_in_the_download(resident_client, with_equality):
    resident_client.post(EQUALITY_DELETE_URL)

    assert download(resident_client)["equality_monitoring"] is None


# CSRF ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def csrf_client(resident) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    return client


def test_preferences_post_without_csrf_token_is_refused(csrf_client, resident):
    response = csrf_client.post(PREFERENCES_URL, PREFERENCES)

    assert response.status_code == 403
    assert not Preferences.objects.filter(resident__user=resident, language="Polish").exists()


def test_equality_delete_without_csrf_token_is_refused(csrf_client, resident, with_equality):
    response = csrf_client.post(EQUALITY_DELETE_URL)

    assert response.status_code == 403
    assert EqualityMonitoring.objects.filter(resident__user=resident).exists()


def test_link_post_without_csrf_token_is_refused(client_for, unlinked_resident, home):
    client = Client(enforce_csrf_checks=True)
    client.force_login(unlinked_resident)

    response = client.post(
        reverse("residents:link"),
        {"method": "tenancy", "tenancy-tenancy_reference": "T-1", "tenancy-postcode": "LS6 2AB"},
    )

    assert response.status_code == 403


def test_preferences_post_with_the_forms_csrf_token_is_accepted(csrf_client, resident):
    """The refusals above are about the missing token: the same client with the token gets through."""
    csrf_client.get(PREFERENCES_URL)
    token = csrf_client.cookies["csrftoken"].value

    response = csrf_client.post(PREFERENCES_URL, PREFERENCES | {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Preferences.objects.get(resident__user=resident).language == "Polish"
