"""The account pages and emails speak as the rest of the portal: British English, sentence case, plain words."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.factories import TEST_PASSWORD

CATALOGUE = Path(__file__).resolve().parents[2] / "engagement" / "locale" / "en_GB" / "LC_MESSAGES" / "django.po"


def catalogue() -> dict[str, str]:
    """The portal's wording, read from its .po file (one line per msgid and msgstr, as it is written)."""
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', CATALOGUE.read_text(), re.M)
    assert len(pairs) > 30
    return dict(pairs)


def test_every_wording_in_the_catalogue_is_what_the_portal_says():
    """Fails when django.mo was not compiled after the .po changed (`make messages`)."""
    with translation.override("en-gb"):
        said = {msgid: translation.gettext(msgid) for msgid in catalogue()}
    assert said == catalogue()


@pytest.mark.django_db
def test_the_sign_in_page_is_in_sentence_case(client):
    html = client.get(reverse("account_login")).content.decode()

    assert re.search(r"<h1>\s*Sign in\s*</h1>", html)
    assert "Keep me signed in on this device" in html and "Forgotten your password?" in html
    assert not re.search(r"Sign In|Remember Me", html)


@pytest.mark.django_db
def test_the_password_reset_email_has_a_plain_subject(client, resident):
    client.post(reverse("account_reset_password"), {"email": "resident@example.org"})

    assert [message.subject for message in mail.outbox] == ["[Riverside Homes] Reset your password"]


def labels(html: str) -> list[str]:
    """The text of each label and legend on a page, spaces tidied."""
    return [
        " ".join(re.sub(r"<[^>]+>", "", text).split())
        for text in re.findall(r"<(?:label|legend)[^>]*>(.*?)</(?:label|legend)>", html, re.S)
    ]


def test_optional_fields_say_so_and_required_ones_carry_no_unexplained_star(client_for, resident):
    html = client_for("resident").get(reverse("residents:preferences")).content.decode()

    shown = labels(html)
    assert "How would you like us to contact you? (optional)" in shown
    assert "Anything else that would help (optional)" in shown
    assert "Preferred language" in shown  # required: no mark
    assert "Do not send me surveys" in shown  # a tick box: never marked
    assert "asteriskField" not in html and "*</" not in html


@pytest.mark.django_db
def test_the_sign_in_form_marks_nothing(client):
    shown = labels(client.get(reverse("account_login")).content.decode())
    assert shown[:2] == ["Email", "Password"] and not any("optional" in label for label in shown)


def test_fields_needed_only_sometimes_and_filters_are_not_called_optional(client_for, draft_survey):
    staff_client = client_for("staff")
    question_form = labels(
        staff_client.get(reverse("surveys:question_create", args=[draft_survey.pk])).content.decode()
    )
    assert "Help text (optional)" in question_form and "Only ask when an earlier answer was (optional)" in question_form
    assert "Options" in question_form and "Scale" in question_form  # needed for some kinds of question

    queue = labels(staff_client.get(reverse("residents:feedback_queue")).content.decode())
    assert "Status" in queue and not any("optional" in label for label in queue)


def password_confirmed(client):
    """The password typed again, as allauth asks before any change to how the account signs in."""
    response = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def text_of(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_asking_for_the_password_again_says_why_in_plain_words(client_for):
    shown = text_of(client_for("resident").get(reverse("account_reauthenticate")))

    assert "Confirm it is you To keep your account safe, we need to check it is you before you carry on." in shown
    assert "Enter your password." in shown
    assert not re.search(r"reauthenticate|safeguard|Confirm Access|password:", shown, re.I)


def test_asking_for_a_code_again_says_which_code(client_for):
    shown = text_of(client_for("staff").get(reverse("mfa_reauthenticate")))

    assert "Enter the 6-digit code from your authenticator app." in shown
    assert "Other ways to check it is you" in shown
    assert not re.search(r"reauthenticate|safeguard|authenticator code:|Alternative options", shown, re.I)


def test_the_two_factor_step_of_signing_in_says_which_code(client, staff):
    client.post(reverse("account_login"), {"login": staff.email, "password": TEST_PASSWORD})
    shown = text_of(client.get(reverse("mfa_authenticate")))

    assert "Enter the 6-digit code from your authenticator app, or one of your recovery codes." in shown
    assert "Please enter an authenticator code" not in shown


def test_the_two_factor_page_says_what_is_set_up_in_plain_words(client_for, staff_without_mfa):
    without = text_of(client_for("staff_without_mfa").get(reverse("mfa_index")))
    assert "No authenticator app is set up yet." in without
    assert "Set up" in without and not re.search(r"\bActivate\b|is not active", without)

    with_app = text_of(client_for("staff").get(reverse("mfa_index")))
    assert "An authenticator app is set up for your account." in with_app
    assert "Turn off" in with_app and "You have 0 of your 0 recovery codes left." not in with_app
    assert not re.search(r"Deactivate|is active|Unused codes|Generate", with_app)


def test_setting_up_an_authenticator_app_is_explained_step_by_step(client_for):
    shown = text_of(password_confirmed(client_for("staff_without_mfa")).get(reverse("mfa_activate_totp")))

    assert "Set up an authenticator app" in shown
    assert "Scan the QR code below with an authenticator app on your phone" in shown
    assert "Then enter the 6-digit code the app shows." in shown
    assert "If you cannot scan the QR code, type this key into the app instead." in shown
    assert not re.search(r"input the verification code|Authenticator secret|reinstall|\bActivate\b", shown)
