"""Fixtures for the spaces tests and the access table rows (loaded as a plugin by tests/conftest.py)."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from community.spaces import services

from .spaces_factories import SpaceFactory


def next_weekday(weekday: int, *, after: date | None = None) -> date:
    """The next given weekday (0 = Monday) after a day (today by default), at least a day ahead."""
    day = (after or timezone.localdate()) + timedelta(days=1)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


@pytest.fixture
def community_space(db):
    return SpaceFactory(name="Alder House Community Room", slug="alder-house-room")


@pytest.fixture
def own_booking(resident, community_space):
    """A request from the `resident` persona, waiting for a decision, next Tuesday 10:00 to 12:00."""
    return services.request_booking(
        space=community_space,
        requested_by=resident,
        resident=resident.resident,
        purpose="Coffee morning",
        people=12,
        day=next_weekday(1),
        starts=time(10),
        ends=time(12),
    )
