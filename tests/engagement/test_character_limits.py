"""Text boxes with a limit say it, and text that is too long is refused next to its field and kept, never cut
short by the browser without a word (templates/bootstrap5/field.html)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from residents.models import Feedback, Preferences

FEEDBACK_NEW = reverse("residents:feedback_new")
PREFERENCES = reverse("residents:preferences")


def tag(html: str, name: str) -> str:
    """The opening tag of the form control called `name`."""
    return re.search(rf'<(?:textarea|input)\b[^>]*\bname="{name}"[^>]*>', html).group(0)


def field_block(html: str, field_id: str) -> str:
    """The field's wrapper as the page draws it: label, control, limit, errors and help text."""
    return html.split(f'id="div_{field_id}"', 1)[1].split('<div id="div_', 1)[0]


@pytest.fixture
def resident_client(client_for, resident):
    return client_for("resident")


def test_a_text_box_with_a_limit_says_it_and_leaves_checking_to_the_server(resident_client):
    html = resident_client.get(FEEDBACK_NEW).content.decode()

    textarea = tag(html, "text")
    assert "maxlength" not in textarea
    assert 'aria-describedby="id_text_limit id_text_helptext"' in textarea
    assert '<div id="id_text_limit" class="form-text character-count" data-character-limit="5000"' in html
    assert "You can enter up to 5,000 characters" in field_block(html, "id_text")


@pytest.mark.parametrize("persona", ["resident", "staff"])
def test_the_feedback_box_says_its_limit_once(client_for, persona, resident, staff):
    url = (
        FEEDBACK_NEW if persona == "resident" else reverse("residents:staff_log_feedback", args=[resident.resident.pk])
    )
    html = client_for(persona).get(url).content.decode()

    block = field_block(html, "id_text")
    assert "You can enter up to 5,000 characters" in block
    assert block.count("5,000") == 1, block


def test_a_short_text_input_keeps_the_browsers_limit_and_says_it(resident_client):
    html = resident_client.get(PREFERENCES).content.decode()

    assert 'maxlength="60"' in tag(html, "language")  # a language's name: nothing long is pasted here
    assert "You can enter up to 60 characters" in field_block(html, "id_language")
    assert "maxlength" not in tag(html, "accessibility_other")
    assert "You can enter up to 300 characters" in field_block(html, "id_accessibility_other")


def test_too_long_feedback_is_refused_next_to_the_field_and_every_character_is_kept(resident_client):
    typed = ("The damp in the bedroom is back. " * 303).strip()
    assert len(typed) == 9998
    response = resident_client.post(
        FEEDBACK_NEW, {"kind": "service_request", "category": "repairs", "scope": "home", "text": typed}
    )

    assert response.status_code == 200
    assert not Feedback.objects.exists()
    html = response.content.decode()
    errors = re.search(r'<div id="id_text_error"[^>]*>(.*?)</div>', field_block(html, "id_text"), re.S).group(1)
    assert "5000" in errors and "9998" in errors
    assert unescape(re.search(r'<textarea\b[^>]*name="text"[^>]*>(.*?)</textarea>', html, re.S).group(1)) == (
        "\n" + typed  # Django's textarea starts with a newline, which browsers drop
    )


def test_django_says_plainly_that_text_is_too_long(resident_client, resident):
    typed = ("Please knock loudly, I am hard of hearing and often in the garden. " * 6).strip()
    assert len(typed) == 401
    response = resident_client.post(PREFERENCES, {"language": "English", "accessibility_other": typed})

    assert response.status_code == 200
    html = unescape(response.content.decode())
    block = field_block(html, "id_accessibility_other")
    assert "Enter 300 characters or fewer. You have entered 401: shorten it and try again." in block
    assert "Ensure this value" not in html
    assert f'value="{typed}"' in block
    assert not Preferences.objects.filter(resident__user=resident, accessibility_other=typed).exists()
