"""The Board overview: true figures for feedback, complaints, hazards and surveys, counted in the database."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from residents.models import ComplaintStage, Feedback, FeedbackKind, FeedbackStatus, HazardReview
from surveys.models import Response
from tests.factories import feedback_from
from tests.surveys.fixtures import build_survey, publish_for

from ..querycount import queries_for_get

BOARD_HOME = reverse("board_home")


def text_of(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def complaint_answered(resident, *, late: bool = False, at=None) -> Feedback:
    complaint = feedback_from(resident.resident, kind=FeedbackKind.COMPLAINT)
    stage = complaint.stages.get()
    stage.responded_at = at or (stage.response_due + timedelta(days=1) if late else timezone.now())
    stage.save(update_fields=["responded_at"])
    return complaint


@pytest.fixture
def activity(resident):
    """Open and closed feedback, complaints answered on time and late, hazards, and surveys open and closed."""
    now = timezone.now()
    overdue = feedback_from(resident.resident)
    Feedback.objects.filter(pk=overdue.pk).update(next_due_at=now - timedelta(days=1))
    closed = feedback_from(resident.resident)
    complaint_answered(resident)
    complaint_answered(resident, late=True)
    long_ago = complaint_answered(resident, at=now - timedelta(days=400))  # outside the last 12 months
    for item, review in [
        (feedback_from(resident.resident), HazardReview.CONFIRMED),
        (feedback_from(resident.resident), HazardReview.POSSIBLE),
        (closed, HazardReview.CONFIRMED),
    ]:
        Feedback.objects.filter(pk=item.pk).update(hazard_review=review)
    Feedback.objects.filter(pk__in=[closed.pk, long_ago.pk]).update(status=FeedbackStatus.CLOSED)

    open_survey = build_survey(title="Tell us about your last repair")
    publish_for(open_survey, resident.resident)
    Response.objects.create(survey=open_survey, submitted_on=now.date())
    Response.objects.create(survey=open_survey, submitted_on=now.date())
    Response.objects.create(survey=open_survey)  # a draft: not a response yet
    closed_survey = build_survey(title="Last year's estate survey")
    publish_for(closed_survey, resident.resident, opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=30))
    Response.objects.create(survey=closed_survey, submitted_on=(now - timedelta(days=40)).date())


def test_the_board_sees_true_figures_for_feedback_complaints_hazards_and_surveys(client_for, activity):
    shown = text_of(client_for("board").get(BOARD_HOME))

    # Open: the overdue comment, both recent complaints, the confirmed and the possible hazard.
    assert "Open feedback 5 including 2 complaints; 1 past a deadline" in shown
    assert "Complaints answered on time 50% 1 of 2 responses in the last 12 months" in shown
    assert "Open hazards 1 confirmed, with 1 more reported and waiting to be checked" in shown
    assert "Surveys open now 1 2 responses to them so far" in shown


def test_the_board_overview_promises_nothing_it_does_not_show(client_for, db):
    shown = text_of(client_for("board").get(BOARD_HOME))

    assert "will appear" not in shown
    assert "Panels, walkabouts, action plans and the Community Fund are not shown here yet." in shown
    assert "Complaints answered on time – 0 of 0 responses" in shown  # no percentage of nothing


def add_feedback(resident, count: int) -> None:
    for _ in range(count):
        complaint_answered(resident)
        feedback_from(resident.resident)


def test_the_board_overview_costs_the_same_queries_however_much_activity_there_is(client_for, resident):
    client = client_for("board")
    add_feedback(resident, 2)
    small = queries_for_get(client, BOARD_HOME)

    add_feedback(resident, 20)
    for number in range(5):
        survey = build_survey(title=f"Survey {number}")
        publish_for(survey, resident.resident)
        Response.objects.bulk_create(Response(survey=survey, submitted_on=timezone.now().date()) for _ in range(10))
    large = queries_for_get(client, BOARD_HOME)

    # session, user, then one aggregate each for open feedback, complaint responses and open surveys (the
    # register totals come from the cache)
    assert small.count == large.count == 5, f"{small}\n\n{large}"
    assert ComplaintStage.objects.count() == 22
