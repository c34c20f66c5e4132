"""The outcomes framework's figures against a hand-counted world (outcomes_data.py), its pages and their query
counts, and staff choosing indicators and targets."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from engagement.outcomes import selectors
from engagement.outcomes.models import Direction, OutcomeIndicator
from residents.involvement.models import HoursEntry, HoursOrigin, Outcome

from ..querycount import queries_for_get
from ..residents.involvement_fixtures import OpportunityFactory
from ..surveys.fixtures import build_staff_survey, publish_to_staff
from ..surveys.results_data import choice, respond
from .board_data import NOW, when
from .outcomes_data import build_outcomes_world, choose_all

pytestmark = pytest.mark.django_db

QUARTERS = [
    "April to June 2024",
    "July to September 2024",
    "October to December 2024",
    "January to March 2025",
    "April to June 2025",
    "July to September 2025",
    "October to December 2025",
    "January to March 2026",
]


@pytest.fixture
def world(staff):
    found = build_outcomes_world(staff)
    with time_machine.travel(NOW, tick=False):
        yield found


def figures(rows) -> dict:
    return {
        row.chosen.indicator: (
            row.headline.value,
            row.headline.hidden,
            {cell.label: cell.figure.value for cell in row.trend if cell.figure.value is not None},
            [cell.label for cell in row.trend if cell.figure.hidden],
        )
        for row in rows
    }


def test_every_indicator_counts_the_hand_counted_world(world):
    chosen = choose_all()
    span = selectors.window()
    rows = selectors.indicator_rows(chosen, span)

    assert [cell.label for cell in rows[0].trend] == QUARTERS
    assert selectors.headline_label(span) == "April 2025 to now"
    found = figures(rows)
    assert found["tp01_involved"] == (
        50.0,
        False,
        {"April to June 2024": 0.0, "April to June 2025": 100.0, "October to December 2025": 0.0},
        [],
    )
    assert found["tp01_not_involved"] == (100.0, False, {"April to June 2025": 100.0}, [])
    assert found["tp06_involved"] == (100.0, False, {"October to December 2025": 100.0}, [])
    assert found["tp06_not_involved"] == (None, False, {}, [])
    assert found["recommendations_implemented"] == (
        33.3,
        False,
        {"April to June 2024": 100.0, "April to June 2025": 50.0, "October to December 2025": 0.0},
        [],
    )
    assert found["updates_published"] == (
        3,
        False,
        {
            "April to June 2024": 0,
            "July to September 2024": 1,
            "October to December 2024": 0,
            "January to March 2025": 0,
            "April to June 2025": 1,
            "July to September 2025": 0,
            "October to December 2025": 1,
            "January to March 2026": 1,
        },
        [],
    )
    assert found["walkabout_issues_on_time"] == (
        50.0,
        False,
        {"April to June 2025": 50.0, "October to December 2025": 0.0, "January to March 2026": 100.0},
        [],
    )
    assert found["complaints_on_time"] == (50.0, False, {"July to September 2025": 50.0}, [])
    # Both quarters with answers hidden (August: 2 people; November: so August cannot be had by subtraction), and
    # every empty quarter; the last four quarters together rest on 8 responses in two hidden quarters: shown.
    assert found["staff_pulse"] == (62.5, False, {}, QUARTERS)
    by_code = {row.chosen.indicator: row for row in rows}
    assert by_code["staff_pulse"].headline.denominator == 8
    assert by_code["tp01_involved"].headline.numerator == 1
    assert by_code["tp01_involved"].headline.denominator == 2


def test_targets_are_met_at_least_or_at_most(world):
    at_least = OutcomeIndicator.objects.create(outcome="relationships", indicator="complaints_on_time", target=50)
    at_most = OutcomeIndicator.objects.create(
        outcome="operational_excellence", indicator="complaints_on_time", target=40, direction=Direction.AT_MOST
    )
    missing = OutcomeIndicator.objects.create(outcome="relationships", indicator="tp06_not_involved", target=50)
    rows = {row.chosen.pk: row for row in selectors.indicator_rows([at_least, at_most, missing], selectors.window())}
    assert rows[at_least.pk].met is True  # 50.0 at least 50
    assert rows[at_most.pk].met is False  # 50.0 is not at most 40
    assert rows[missing.pk].met is None  # no figure


def test_a_staff_pulse_of_fewer_than_five_people_is_not_shown(staff):
    pulse = build_staff_survey()
    publish_to_staff(pulse, staff, opens_at=when(2025, 7, 1), closes_at=when(2025, 12, 31))
    rating = pulse.questions.get(position=1)
    respond(pulse, {rating: choice(rating, "Very satisfied")}, times=4, submitted_on=NOW.date().replace(month=1))
    chosen = OutcomeIndicator.objects.create(outcome="staff_wellbeing", indicator="staff_pulse", target=70)
    with time_machine.travel(NOW, tick=False):
        (row,) = selectors.indicator_rows([chosen], selectors.window())
    assert row.headline.hidden and row.headline.value is None and row.met is None
    assert all(cell.figure.hidden for cell in row.trend)


def test_what_serves_each_outcome_and_what_serves_none(world):
    span = selectors.window()
    serving = list(selectors.serving(Outcome.RELATIONSHIPS, span))
    assert [(o.title, o.volunteers, o.hours_given) for o in serving] == [("Repairs panel", 2, Decimal("3.00"))]
    assert selectors.serving_totals(Outcome.RELATIONSHIPS, span) == {
        "opportunities": 1,
        "volunteers": 2,
        "hours": Decimal("3.00"),
    }
    assert [(o.title, o.volunteers) for o in selectors.serving(Outcome.RESIDENT_EXPERIENCE, span)] == [
        ("Estate champions", 1)
    ]
    assert selectors.serving_totals(Outcome.STAFF_WELLBEING, span)["opportunities"] == 0
    review = selectors.for_review(span)
    assert [o["title"] for o in review["opportunities"]] == ["Gardening club"]
    assert [(a.label, a.volunteers, a.hours) for a in review["activities"]] == [
        ("Hours logged by volunteers against no opportunity", 1, Decimal("1.50"))
    ]
    summaries = {s["value"]: (s["indicators"], s["opportunities"]) for s in selectors.outcome_summaries()}
    assert summaries == {
        "relationships": (0, 1),
        "staff_wellbeing": (0, 0),
        "resident_experience": (0, 1),
        "operational_excellence": (0, 1),
    }


def test_the_outcome_page_shows_figures_against_target(client_for, world):
    choose_all(target=60)
    response = client_for("board").get("/outcomes/relationships/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Stronger relationships" in page
    assert "33.3%" in page and "62.5%" in page and "Repairs panel" in page and "Gardening club" in page
    assert "Not shown (fewer than 5 responses)" in page
    assert "Add an indicator" not in page  # the Board reads; staff choose
    assert "Add an indicator" in client_for("staff").get("/outcomes/relationships/").content.decode()


# Staff choosing indicators ------------------------------------------------------------------------------------


def choose(client, url: str, indicator: str, direction: str, target: str):
    return client.post(url, {"indicator": indicator, "direction": direction, "target": target})


def test_staff_add_change_and_remove_an_indicator(client_for, staff):
    client = client_for("staff")
    response = client.post(
        "/outcomes/staff_wellbeing/indicators/add/",
        {"indicator": "staff_pulse", "direction": "at_least", "target": "70"},
    )
    assert response.status_code == 302
    chosen = OutcomeIndicator.objects.get()
    assert (chosen.outcome, chosen.indicator, chosen.target, chosen.created_by) == (
        "staff_wellbeing",
        "staff_pulse",
        Decimal("70.0"),
        staff,
    )
    response = client.post(
        f"/outcomes/indicators/{chosen.pk}/change/",
        {"indicator": "staff_pulse", "direction": "at_most", "target": "80"},
    )
    assert response.status_code == 302
    chosen.refresh_from_db()
    assert (chosen.direction, chosen.target) == ("at_most", Decimal("80.0"))
    assert client.post(f"/outcomes/indicators/{chosen.pk}/remove/").status_code == 302
    assert not OutcomeIndicator.objects.exists()


def test_bad_targets_and_duplicates_are_explained_next_to_the_field(client_for, staff):
    client = client_for("staff")
    OutcomeIndicator.objects.create(outcome="relationships", indicator="updates_published", target=4)
    response = client.post(
        "/outcomes/relationships/indicators/add/",
        {"indicator": "complaints_on_time", "direction": "at_least", "target": "120"},
    )
    assert response.status_code == 200
    assert "This indicator is a percentage: enter a target from 0 to 100." in response.content.decode()
    assert 'value="120"' in response.content.decode()  # what was typed is kept
    response = client.post(
        "/outcomes/relationships/indicators/add/",
        {"indicator": "complaints_on_time", "direction": "at_least", "target": "-1"},
    )
    assert "Enter a target of 0 or more." in response.content.decode()
    # An indicator the outcome already has is not offered again
    page = client.get("/outcomes/relationships/indicators/add/").content.decode()
    assert 'value="updates_published"' not in page
    response = client.post(
        "/outcomes/relationships/indicators/add/",
        {"indicator": "updates_published", "direction": "at_least", "target": "5"},
    )
    assert response.status_code == 200
    assert OutcomeIndicator.objects.count() == 1


# Query counts ---------------------------------------------------------------------------------------------------


def _grow(staff, times: int):
    """The world, and `times` more opportunities (half serving stronger relationships, half none) with hours."""
    world = build_outcomes_world(staff)
    resident = world["people"]["ivy"]
    for number in range(times):
        opportunity = OpportunityFactory(outcomes=[Outcome.RELATIONSHIPS] if number % 2 else [])
        HoursEntry.objects.create(
            resident=resident,
            opportunity=opportunity if number % 3 else None,
            on=date(2025, 9, 1 + number % 28),
            hours=1,
            origin=HoursOrigin.LOGGED,
            confirmed_at=when(2025, 9, 28),
        )


# session, user; chosen indicators; one query per indicator (9); opportunities counted and listed; totals (2);
# for review (2)
DETAIL_QUERIES = 2 + 1 + 9 + 2 + 2 + 2
LIST_QUERIES = 2 + 2 + 2  # session, user; summaries (2); for review (2)


@pytest.mark.parametrize("times", [1, 40])
def test_the_outcome_pages_cost_a_fixed_number_of_queries(client_for, staff, times):
    _grow(staff, times)
    choose_all()
    client = client_for("board")
    with time_machine.travel(NOW, tick=False):
        detail = queries_for_get(client, "/outcomes/relationships/")
        assert detail.count == DETAIL_QUERIES, detail
        listing = queries_for_get(client, "/outcomes/")
        assert listing.count == LIST_QUERIES, listing
