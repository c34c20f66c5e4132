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
