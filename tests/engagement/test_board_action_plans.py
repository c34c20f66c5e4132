"""The Board's Neighbourhood Action Plan figures, hand-counted: the actions of the plans shared for the reporting
year 2025 (April 2025 to March 2026), by where they stand on 16 February 2026 (board_data.NOW)."""

from datetime import date, datetime

import pytest

from community.plans.models import ActionStatus, PlanStatus
from engagement.board import upcoming

from ..community.plan_factories import ActionFactory, ActionPlanFactory
from ..factories import NeighbourhoodFactory
from .board_data import LONDON, filters_for, rows_of, table_in

pytestmark = pytest.mark.django_db


def done_on(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 15, tzinfo=LONDON)


@pytest.fixture
def plans():
    north, south, east = (NeighbourhoodFactory(name=name) for name in ("North", "South", "East"))
    north_plan = ActionPlanFactory(neighbourhood=north, year=2025)
    for status, due_on, completed in [
        (ActionStatus.NOT_STARTED, date(2026, 3, 1), None),  # on track
        (ActionStatus.NOT_STARTED, None, None),  # on track: no due date
        (ActionStatus.IN_PROGRESS, date(2026, 1, 31), None),  # overdue
        (ActionStatus.DONE, date(2026, 1, 31), date(2026, 1, 20)),  # done by its due date
        (ActionStatus.DONE, date(2026, 1, 10), date(2026, 2, 1)),  # done, late
        (ActionStatus.DROPPED, date(2025, 12, 1), None),  # not going ahead
    ]:
        ActionFactory(plan=north_plan, status=status, due_on=due_on, completed_at=completed and done_on(completed))
    ActionFactory(plan=ActionPlanFactory(neighbourhood=south, year=2025), due_on=date(2025, 12, 1))  # overdue
    # Not counted: a draft (staff's work in progress) and last year's plan.
    ActionFactory(
        plan=ActionPlanFactory(neighbourhood=east, year=2025, status=PlanStatus.DRAFT), due_on=date(2026, 1, 1)
    )
    ActionFactory(plan=ActionPlanFactory(neighbourhood=north, year=2024), due_on=date(2025, 1, 1))
    return {"north": north, "south": south, "east": east}


def test_actions_on_track_overdue_and_done_for_every_neighbourhood(plans):
    section = upcoming.action_plans_section(filters_for("y2025"))

    assert [(h.label, h.value) for h in section.headlines] == [
        ("Actions", "7"),
        ("On track", "2"),
        ("Overdue", "2"),
        ("Done", "2"),
    ]
    assert section.headlines[3].detail == "1 of them by their due date"
    assert rows_of(table_in([section], "action-plan-actions")) == {
        "North": [6, 2, 1, 2, 1, 1],
        "South": [1, 0, 1, 0, 0, 0],
        "All neighbourhoods": [7, 2, 2, 2, 1, 1],
    }


def test_one_neighbourhood_and_one_without_a_shared_plan(plans):
    south = upcoming.action_plans_section(filters_for("y2025", plans["south"]))
    assert rows_of(table_in([south], "action-plan-actions")) == {
        "South": [1, 0, 1, 0, 0, 0],
        "All neighbourhoods": [1, 0, 1, 0, 0, 0],
    }

    east = upcoming.action_plans_section(filters_for("y2025", plans["east"]))
    assert "No Neighbourhood Action Plan for April 2025 to March 2026 has been shared" in east.intro
    assert rows_of(table_in([east], "action-plan-actions")) == {"All neighbourhoods": [0, 0, 0, 0, 0, 0]}
