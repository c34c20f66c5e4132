"""The builder's and the answering pages cost the same queries with few or many surveys, questions and
invitations."""

from django.test import Client
from django.urls import reverse

from surveys.models import QuestionKind
from surveys.services.building import QuestionSpec, add_question
from tests.factories import ResidentFactory

from ..querycount import queries_for_get
from .fixtures import build_survey, publish_for

# Session and user (and, for staff, the two-factor check), then the page's own.
STAFF_SURVEY_LIST = 4
STAFF_SURVEY_DETAIL = 6
ANSWER_PAGE = 5
MY_SURVEYS = 4  # session, user, resident, invitations (a stray truth test of the list went)


def more_questions(survey, count: int) -> None:
    """Yes/no questions, each asked only after a "Yes" to the one before (conditions cost no extra query)."""
    condition = None
    for number in range(count):
        question = add_question(
            survey=survey,
            spec=QuestionSpec(kind=QuestionKind.YES_NO, text=f"Extra question {number}", show_if_choice=condition),
        )
        condition = question.choices.get(label="Yes")


def test_survey_list_costs_the_same_with_2_and_30_surveys(client_for):
    client = client_for("staff")
    url = reverse("surveys:survey_list")
    for number in range(2):
        build_survey(title=f"Survey {number}")
    small = queries_for_get(client, url)
    for number in range(28):
        build_survey(title=f"More {number}")
    large = queries_for_get(client, url)
    assert (small.count, large.count) == (STAFF_SURVEY_LIST, STAFF_SURVEY_LIST), large


def test_survey_page_costs_the_same_with_3_and_30_questions(client_for, draft_survey):
    client = client_for("staff")
    url = reverse("surveys:survey_detail", args=[draft_survey.pk])
    small = queries_for_get(client, url)
    more_questions(draft_survey, 27)
    large = queries_for_get(client, url)
    assert (small.count, large.count) == (STAFF_SURVEY_DETAIL, STAFF_SURVEY_DETAIL), large


def test_answer_page_costs_the_same_with_3_and_30_questions(resident):
    survey = build_survey()
    [invitation] = publish_for(survey, resident.resident)
    client = Client()
    client.get(reverse("surveys:token_entry", args=[invitation.token]))
    url = reverse("surveys:answer", args=[survey.pk])
    small = queries_for_get(client, url)
    survey.status = "draft"
    survey.save()
    more_questions(survey, 27)
    survey.status = "published"
    survey.save()
    large = queries_for_get(client, url)
    assert (small.count, large.count) == (ANSWER_PAGE, ANSWER_PAGE), large


def test_my_surveys_costs_the_same_with_1_and_20_invitations(client_for, resident):
    client = client_for("resident")
    url = reverse("surveys:my_surveys")
    publish_for(build_survey(title="First"), resident.resident)
    small = queries_for_get(client, url)
    for number in range(19):
        publish_for(build_survey(title=f"Survey {number}"), resident.resident, ResidentFactory())
    large = queries_for_get(client, url)
    assert (small.count, large.count) == (MY_SURVEYS, MY_SURVEYS), large
