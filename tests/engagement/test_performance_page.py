"""The public performance page: the last complete reporting year's complaints, hazards, "You said, we did", panels
and Community Fund figures (the Board's own selectors) against hand-counted data, its CSVs, and a fixed number of
queries whatever the data size.

Seen on 12 May 2026, when the last complete reporting year is April 2025 to March 2026 (2025): the Board's
hand-counted activity (board_data.build_activity) and fund (fund_data.build_fund) fall in it."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from community.fund import services
from engagement import performance
from panels.models import Recommendation, Review
from panels.scrutiny.models import ManagementResponse
from residents.models import (
    ComplaintStage,
    FeedbackCategory,
    FeedbackKind,
    Hazard,
    HazardSeverity,
    UpdateStatus,
    YouSaidWeDid,
)

from ..community.fund_fixtures import application_for, make_round
from ..factories import NeighbourhoodFactory, ResidentFactory, feedback_from
from ..panels.factories import PanelFactory
from ..querycount import queries_for_get
from .board_data import at, build_activity, rows_of, table_in, when
from .fund_data import build_fund

pytestmark = pytest.mark.django_db


def seen():
    return at(2026, 5, 12, 12)


@pytest.fixture
def year(staff):
    found = build_activity(staff)
    found["fund"] = build_fund(staff)
    panel = PanelFactory(name="Aardvark Panel", slug="aardvark")
    review = Review.objects.create(panel=panel, title="Lettings", scope="Lettings", reported_on=date(2025, 11, 1))
    Review.objects.create(panel=panel, title="Older", scope="Older", reported_on=date(2025, 3, 1))
    Recommendation.objects.create(
        review=review,
        text="Shorter forms.",
        response=ManagementResponse.ACCEPTED,
        response_reasons="Agreed.",
        completed_at=when(2026, 1, 1),
    )
    Recommendation.objects.create(
        review=review, text="Call back.", response=ManagementResponse.NOT_ACCEPTED, response_reasons="Too costly."
    )
    return found


def _figures():
    with seen():
        return performance.public_figures()


def test_the_page_is_for_the_last_complete_reporting_year(year):
    period, sections = _figures()

    assert period.label == "April 2025 to March 2026"
    assert [s.key for s in sections] == ["complaints", "hazards", "updates", "panels", "fund"]


def test_complaints_answered_within_the_codes_timescales(year):
    _, sections = _figures()
    complaints = next(s for s in sections if s.key == "complaints")

    # Target, answered, answered in time, share: Ann's stage 1 answered in time; Dan's not answered yet.
    stages = rows_of(table_in(sections, "complaints"))
    assert stages["Stage 1"][1:] == [1, 1, 100.0]
    assert stages["Stage 2"][1:] == [0, 0, None]
    assert complaints.sentences == [
        "Stage 1: we answered 1 complaint, 1 of them (100%) within the time the Code allows.",
        "Stage 2: we answered 0 complaints.",
    ]


def test_hazards_within_awaabs_law_timescales(year):
    _, sections = _figures()
    clocks = rows_of(table_in(sections, "hazards"))

    # Target, applies to, met in time, met late, missed and past due, % in time. Dan's damp hazard: investigated in
    # time, made safe late, no summary (past due), further work due 14 April 2026 not started (past due by May).
    assert clocks["Investigate"][1:] == [1, 1, 0, 0, 100.0]
    assert clocks["Make safe (safety work)"][1:] == [1, 0, 1, 0, 0.0]
    assert clocks["Written summary to the resident"][1:] == [1, 0, 0, 1, 0.0]
    assert clocks["Start further work"][1:] == [1, 0, 0, 1, 0.0]
    hazards = next(s for s in sections if s.key == "hazards")
    assert hazards.sentences == [
        "Of 4 deadlines that fell due for hazards reported to us, we met 1 in time; 3 were met late or missed."
    ]


def test_you_said_we_did_panels_and_the_fund(year):
    _, sections = _figures()
    by_key = {s.key: s for s in sections}

    assert rows_of(table_in(sections, "you-said-we-did"))["Repairs"] == [1]
    assert by_key["updates"].sentences[0].startswith('We published 1 "You said, we did" entry,')
    panels = rows_of(table_in(sections, "panels"))
    # Members on 31 March 2026, meetings held, reviews completed in the year (the March 2025 one was the last year's)
    assert panels["Repairs Panel"] == [1, 0, 0]
    assert panels["Aardvark Panel"] == [0, 0, 1]
    recommendations = rows_of(table_in(sections, "recommendations"))
    assert recommendations["Accepted"] == [1, 1, 0]
    assert recommendations["All recommendations"] == [2, 1, 0]
    assert by_key["panels"].sentences == ["Resident panels completed 1 scrutiny review in the year (we aim for 2)."]
    fund = rows_of(table_in(sections, "community-fund"))
    assert fund == {
        "Budget of the rounds that opened": [Decimal("8000.00"), 2],
        "Awarded to projects": [Decimal("1200.00"), 2],
        "People the projects reached, as their reports say": [None, 55],
    }
    assert by_key["fund"].sentences == [
        "Community Fund rounds opening in the year had a budget of £8,000. We awarded £1,200 to 2 projects, which "
        "told us they reached 55 people."
    ]


def test_the_page_shows_the_figures_to_anyone_with_their_csv_links(year, client_for):
    with seen():
        response = client_for("anonymous").get(reverse("performance"))
    page = response.content.decode()

    assert response.status_code == 200
    assert "Our year: April 2025 to March 2026" in page
    assert "We have not published our Tenant Satisfaction Measures here yet." in page
    for slug in ["complaints", "hazards", "you-said-we-did", "panels", "recommendations", "community-fund"]:
        assert f'href="/performance/figures/{slug}.csv"' in page
    assert "£8,000.00" in page
    # Nothing under disclosure rules: no equality figures, no representativeness.
    for word in ["Ethnicity", "Age band", "Disability", "Who takes part"]:
        assert word not in page


def test_a_table_as_csv(year, client_for):
    with seen():
        response = client_for("anonymous").get(reverse("performance_table_csv", args=["community-fund"]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="performance-community-fund-2025.csv"'
    assert response.content.decode().splitlines() == [
        "Figure,Amount,Number",
        "Budget of the rounds that opened,8000.00,2",
        "Awarded to projects,1200.00,2",
        '"People the projects reached, as their reports say",,55',
    ]


def _grow(staff, times: int):
    """More of everything the page counts, in the reporting year 2025."""
    panel = PanelFactory()
    review = Review.objects.create(panel=panel, title="Repairs", scope="Repairs", reported_on=date(2025, 11, 1))
    fund_round = make_round(
        [NeighbourhoodFactory(name="North")],
        budget=Decimal("100000"),
        opens_at=when(2025, 5, 1),
        closes_at=when(2025, 6, 1),
    )
    for _ in range(times):
        resident = ResidentFactory()
        with at(2025, 9, 1):
            complaint = feedback_from(resident, kind=FeedbackKind.COMPLAINT, category=FeedbackCategory.REPAIRS)
            damp = feedback_from(resident, kind=FeedbackKind.SERVICE_REQUEST, category=FeedbackCategory.DAMP_MOULD)
        ComplaintStage.objects.filter(feedback=complaint).update(
            acknowledged_at=when(2025, 9, 2), responded_at=when(2025, 9, 9)
        )
        Hazard.objects.create(
            feedback=damp,
            severity=HazardSeverity.DAMP_MOULD,
            aware_at=when(2025, 9, 1),
            confirmed_by=staff,
            investigate_due=when(2025, 9, 15),
            investigated_at=when(2025, 9, 10),
        )
        YouSaidWeDid.objects.create(
            title="Done",
            you_said="x",
            we_did="y",
            topic=FeedbackCategory.REPAIRS,
            everyone=True,
            status=UpdateStatus.PUBLISHED,
            published_at=when(2025, 12, 1),
        )
        Recommendation.objects.create(review=review, text="Faster.")
        application = application_for(resident, fund_round)
        services.decide(
            application=application, award=application.amount, reasons="Good.", actor=staff, now=when(2025, 6, 9)
        )
        services.submit_report(
            application=application, what_done="Ran.", people_reached=9, spend="Food.", now=when(2025, 9, 9)
        )


# complaints; hazards; "You said, we did"; panels (each panel; recommendations); fund (rounds; applications); the
# published measures
EXPECTED = 8


@pytest.mark.parametrize("url", ["/performance/", "/performance/figures/community-fund.csv"], ids=["page", "csv"])
def test_the_page_costs_the_same_queries_at_small_and_large_data(staff, client_for, url):
    client = client_for("anonymous")
    _grow(staff, 1)
    with seen():
        small = queries_for_get(client, url)
    _grow(staff, 25)
    with seen():
        large = queries_for_get(client, url)

    assert Hazard.objects.count() > 25
    expected = EXPECTED if url == "/performance/" else EXPECTED - 1
    assert small.count == large.count == expected, f"{small}\n\n{large}"
