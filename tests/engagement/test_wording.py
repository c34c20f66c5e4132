"""The account pages and emails speak as the rest of the portal: British English, sentence case, plain words."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

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
