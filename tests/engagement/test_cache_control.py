"""Pages with personal data are never kept by a shared proxy or written to a shared computer's disk cache."""

import pytest
from django.test import Client
from django.urls import reverse

from ..factories import feedback_from

NO_STORE = "private, no-store"


@pytest.fixture
def feedback(resident):
    return feedback_from(resident.resident)


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("resident", lambda f, s: reverse("residents:home")),
        ("resident", lambda f, s: reverse("residents:my_feedback")),
        ("resident", lambda f, s: reverse("residents:feedback_detail", args=[f.pk])),
        ("resident", lambda f, s: reverse("residents:data_export")),
        ("resident", lambda f, s: reverse("residents:preferences")),
        ("staff", lambda f, s: reverse("residents:staff_home")),
        ("staff", lambda f, s: reverse("residents:feedback_queue")),
        ("staff", lambda f, s: reverse("residents:feedback_item", args=[f.pk])),
        ("staff", lambda f, s: reverse("residents:register_list")),
        ("staff", lambda f, s: reverse("surveys:results_csv", args=[s.pk])),
    ],
    ids=[
        "resident-home",
        "my-feedback",
        "feedback-item",
        "data-download",
        "preferences",
        "staff-home",
        "queue",
        "staff-feedback-item",
        "register",
        "survey-results-csv",
    ],
)
def test_personal_pages_are_private_and_not_stored(client_for, feedback, results_survey, persona, url):
    response = client_for(persona).get(url(feedback, results_survey))

    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


def test_a_refusal_to_a_signed_in_user_is_not_stored_either(client_for, resident):
    response = client_for("resident").get(reverse("residents:staff_home"))

    assert response.status_code == 403
    assert response["Cache-Control"] == NO_STORE


def test_public_pages_for_anonymous_visitors_are_left_to_their_own_rules(db):
    response = Client().get(reverse("residents:update_public_list"))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
