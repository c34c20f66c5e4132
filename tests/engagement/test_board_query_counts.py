"""The Board dashboard, its pack and its CSVs cost the same number of queries whatever the data size: every figure
is an aggregate in the database."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from community.fund import services
from community.walkabouts.models import SignUp, SignUpStatus, WalkaboutIssue
from panels.models import BoardReport, Meeting, Recommendation, Review
from residents.involvement.models import HoursEntry, HoursOrigin, Interest, InterestStatus, TrainingBooking
from residents.models import ComplaintStage, Neighbourhood, Tenure
from surveys.services import tsm

from ..community.factories import plan
from ..community.fund_fixtures import application_for, make_round
from ..community.plan_factories import ActionFactory, ActionPlanFactory
from ..factories import HomeFactory, ResidentFactory, feedback_from
from ..panels.factories import MembershipFactory, PanelFactory
from ..querycount import queries_for_get
from ..residents.involvement_fixtures import OpportunityFactory, TrainingSessionFactory
from ..surveys.results_data import choice, respond
from .board_data import at, board_url, build_activity, give_equality, when

pytestmark = pytest.mark.django_db

# session, user, neighbourhoods (for the filter and the tables); TSM: results (3) and trend (1); feedback: volume,
# themes, complaint stages, hazard clocks, possible hazards; "You said, we did"; panels (members, meetings, reviews
# and Board reports per panel; recommendations); walkabouts (walks by kind; the issues' figures); action plan
# actions per neighbourhood; Community Fund (rounds; applications); volunteering (hours, volunteers, training);
# involvement and representativeness: those taking part grouped by the register's fields, and the homes they live
# in (the register's side is cached under the register's version: queries_for_get asks once before counting). An
# ended year reads its frozen figures instead (one query for the three).
EXPECTED = 25
EXPECTED_ENDED_YEAR = 24


def grow(staff, activity, times: int):
    """More of everything the dashboard counts: residents with equality answers, feedback, complaints, TSM answers,
    panel members, action plan actions..."""
    north = activity["north"]
    survey = tsm.create_tsm_survey(reporting_year=2025, actor=staff) if times == 1 else None
    with at(2025, 8, 1):
        walk = plan(north, starts_in=timedelta(days=30))
    opportunity, session = OpportunityFactory(), TrainingSessionFactory()
    panel = PanelFactory()
    fund_round = make_round(
        list(Neighbourhood.objects.all()),
        budget=Decimal("100000"),
        opens_at=when(2025, 5, 1),
        closes_at=when(2025, 6, 1),
    )
    review = Review.objects.create(panel=panel, title="Repairs", scope="Repairs", reported_on=date(2025, 11, 1))
    action_plan = ActionPlanFactory(year=2025)
    for number in range(times):
        ActionFactory(plan=action_plan, due_on=date(2025, 10, number % 28 + 1))
        resident = ResidentFactory(home=HomeFactory(block=north.blocks.first(), tenure=Tenure.LCRA))
        give_equality(resident, ethnicity="white", age_band="45-54")
        with at(2025, 9, 1 + number % 28):
            feedback_from(resident)
            feedback = feedback_from(resident, kind="complaint", category="repairs")
        MembershipFactory(resident=resident, term_starts=date(2025, 5, 1))
        SignUp.objects.create(walkabout=walk, resident=resident, status=SignUpStatus.GOING)
        WalkaboutIssue.objects.create(walkabout=walk, feedback=feedback, location="Bins", due_on=date(2025, 10, 1))
        Interest.objects.create(
            opportunity=opportunity, resident=resident, availability="Any", status=InterestStatus.ACCEPTED
        )
        HoursEntry.objects.create(
            resident=resident, on=date(2025, 9, 2), hours=2, origin=HoursOrigin.LOGGED, confirmed_at=when(2025, 9, 3)
        )
        TrainingBooking.objects.create(session=session, resident=resident, completed_on=date(2025, 9, 4))
        Meeting.objects.create(
            panel=panel,
            title="Meeting",
            starts_at=when(2025, 9, 5),
            ends_at=when(2025, 9, 5, 12),
            reminder_due_at=when(2025, 9, 4),
        )
        Recommendation.objects.create(review=review, text="Faster repairs.")
        BoardReport.objects.create(panel=panel, title="Report", summary="Found.", submitted_at=when(2025, 9, 6))
        application = application_for(resident, fund_round)
        services.decide(
            application=application, award=application.amount, reasons="Good.", actor=staff, now=when(2025, 6, 9)
        )
        services.submit_report(
            application=application, what_done="Ran.", people_reached=9, spend="Food.", now=when(2025, 9, 9)
        )
    tsm_survey = survey or tsm.create_tsm_survey(reporting_year=2024, actor=staff)
    tp01 = tsm_survey.questions.get(code="TP01")
    for _ in range(times):
        respond(
            tsm_survey,
            {tp01: choice(tp01, "Very satisfied")},
            homes=[HomeFactory(tenure=Tenure.LCHO)],
            counted_year=tsm_survey.reporting_year,
            tenure=Tenure.LCHO,
            submitted_on=date(2025, 6, 1) if times == 1 else date(2024, 6, 1),
        )


@pytest.mark.parametrize(
    ("name", "query", "expected"),
    [
        ("board_home", {}, EXPECTED),
        ("board_home", {"period": "y2024"}, EXPECTED_ENDED_YEAR),
        ("board_pack", {"period": "y2025"}, EXPECTED),
        ("board_csv", {"slug": "feedback-volume"}, EXPECTED),
    ],
    ids=["dashboard", "ended-year", "pack", "csv"],
)
def test_the_board_pages_cost_the_same_queries_at_small_and_large_data(client_for, staff, name, query, expected):
    activity = build_activity(staff)
    with at(2026, 2, 16, 12):
        client = client_for("board")
    grow(staff, activity, 1)
    with at(2026, 2, 16, 12):
        small = queries_for_get(client, board_url(name, **query))
    grow(staff, activity, 25)
    with at(2026, 2, 16, 12):
        large = queries_for_get(client, board_url(name, **query))

    assert ComplaintStage.objects.count() > 25
    assert small.count == large.count == expected, f"{small}\n\n{large}"
