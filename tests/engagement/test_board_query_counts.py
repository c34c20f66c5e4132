"""The Board dashboard, its pack and its CSVs cost the same number of queries whatever the data size: every figure
is an aggregate in the database."""

from datetime import date

import pytest

from residents.models import ComplaintStage, Tenure
from surveys.services import tsm

from ..factories import HomeFactory, ResidentFactory, feedback_from
from ..panels.factories import MembershipFactory
from ..querycount import queries_for_get
from ..surveys.results_data import choice, respond
from .board_data import at, board_url, build_activity, give_equality

pytestmark = pytest.mark.django_db

# session, user, neighbourhoods (for the filter and the tables); TSM: results (3) and trend (1); feedback: volume,
# themes, complaint stages, hazard clocks, possible hazards; "You said, we did"; involvement; representativeness;
# panel members (involvement reads the register grouped for representativeness, then households)
EXPECTED = 16


def grow(staff, activity, times: int):
    """More of everything the dashboard counts: residents with equality answers, feedback, complaints, TSM answers
    and panel members."""
    north = activity["north"]
    survey = tsm.create_tsm_survey(reporting_year=2025, actor=staff) if times == 1 else None
    for number in range(times):
        resident = ResidentFactory(home=HomeFactory(block=north.blocks.first(), tenure=Tenure.LCRA))
        give_equality(resident, ethnicity="white", age_band="45-54")
        with at(2025, 9, 1 + number % 28):
            feedback_from(resident)
            feedback_from(resident, kind="complaint", category="repairs")
        MembershipFactory(resident=resident, term_starts=date(2025, 5, 1))
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
    ("name", "query"),
    [
        ("board_home", {}),
        ("board_home", {"period": "y2024"}),
        ("board_pack", {"period": "y2025"}),
        ("board_csv", {"slug": "feedback-volume"}),
    ],
    ids=["dashboard", "ended-year", "pack", "csv"],
)
def test_the_board_pages_cost_the_same_queries_at_small_and_large_data(client_for, staff, name, query):
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
    assert small.count == large.count == EXPECTED, f"{small}\n\n{large}"
