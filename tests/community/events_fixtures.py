"""Fixtures for the events tests and the access table rows (loaded as a plugin by tests/conftest.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.events import services
from community.models import Event, EventKind, EventStatus


def make_event(**fields) -> Event:
    starts = timezone.now().replace(microsecond=0) + timedelta(days=5)
    values = {
        "kind": EventKind.COFFEE_MORNING,
        "title": "Coffee morning at Alder House",
        "description": "Tea, cake and a chat with your neighbours and our housing officer.",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "place": "Alder House community room",
        "capacity": 2,
        "step_free": True,
        "status": EventStatus.PUBLISHED,
    }
    return Event.objects.create(**(values | fields))


@pytest.fixture
def published_event(db):
    return make_event()


@pytest.fixture
def draft_event(db):
    return make_event(title="A draft event", status=EventStatus.DRAFT)


@pytest.fixture
def own_sign_up(resident, published_event):
    return services.sign_up(event=published_event, resident=resident.resident)
