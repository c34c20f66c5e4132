"""Staff find surveys in the list: filtered by status and kind, a page at a time."""

import pytest
from django.urls import reverse

from surveys.models import SurveyKind
from surveys.views.builder import PAGE_SIZE

from .factories import SurveyFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [survey.title for survey in response.context["page"]]


def test_staff_filter_surveys_by_status_and_kind(client_for):
    SurveyFactory(title="Draft pulse", kind=SurveyKind.PULSE)
    SurveyFactory(title="Open pulse", kind=SurveyKind.PULSE, open=True)
    SurveyFactory(title="Open consultation", kind=SurveyKind.CONSULTATION, open=True)
    url = reverse("surveys:survey_list")
    response = client_for("staff").get(url, {"status": "published", "kind": SurveyKind.PULSE})
    assert titles(response) == ["Open pulse"]
    page = response.content.decode()
    assert '<option value="published" selected>' in page and "Clear filters" in page
    assert sorted(titles(client_for("staff").get(url, {"status": "published"}))) == ["Open consultation", "Open pulse"]


def test_the_next_page_keeps_the_filter(client_for):
    for number in range(PAGE_SIZE + 1):
        SurveyFactory(title=f"Draft {number}")
    SurveyFactory(title="Published one", open=True)
    response = client_for("staff").get(reverse("surveys:survey_list"), {"status": "draft"})
    assert response.context["page"].paginator.count == PAGE_SIZE + 1
    assert "?status=draft&amp;page=2" in response.content.decode()
    second = client_for("staff").get(reverse("surveys:survey_list"), {"status": "draft", "page": "2"})
    assert titles(second) == ["Draft 0"]


def test_a_status_that_does_not_exist_is_explained_next_to_the_filter(client_for):
    SurveyFactory(title="Draft pulse")
    response = client_for("staff").get(reverse("surveys:survey_list"), {"status": "archived"})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert response.context["filter"].form.errors["status"] == ["Choose a status from the list."]
    assert titles(response) == ["Draft pulse"]
