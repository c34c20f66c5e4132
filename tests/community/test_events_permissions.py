"""Who may see an event and when sign-up is open, as a persona x state table."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from community.events import permissions
from community.models import Event, EventStatus
from residents.models import Role, User

NOW = timezone.now()
STATES = {
    "draft": (EventStatus.DRAFT, NOW + timedelta(days=2)),
    "published": (EventStatus.PUBLISHED, NOW + timedelta(days=2)),
    "started": (EventStatus.PUBLISHED, NOW - timedelta(minutes=5)),
    "cancelled": (EventStatus.CANCELLED, NOW + timedelta(days=2)),
}


def event(state: str) -> Event:
    status, starts = STATES[state]
    return Event(title="Coffee", status=status, starts_at=starts, ends_at=starts + timedelta(hours=2), capacity=5)


def user(persona: str):
    if persona == "anonymous":
        return AnonymousUser()
    role = {"staff": Role.STAFF, "board": Role.BOARD, "admin": Role.ADMIN}.get(persona, Role.RESIDENT)
    return User(pk=1, role=role, email=f"{persona}@example.org")


SEE = {
    "resident": {"draft": False, "published": True, "started": True, "cancelled": True},
    "anonymous": {"draft": False, "published": True, "started": True, "cancelled": True},
    "board": {"draft": False, "published": True, "started": True, "cancelled": True},
    "staff": {"draft": True, "published": True, "started": True, "cancelled": True},
    "admin": {"draft": True, "published": True, "started": True, "cancelled": True},
}


@pytest.mark.parametrize(
    ("persona", "state", "expected"),
    [pytest.param(p, s, e, id=f"{p}-{s}") for p, row in SEE.items() for s, e in row.items()],
)
def test_can_see_event(persona, state, expected):
    assert permissions.can_see_event(user(persona), event(state)) is expected


@pytest.mark.parametrize(
    ("state", "expected"), [("draft", False), ("published", True), ("started", False), ("cancelled", False)]
)
def test_sign_up_is_open_from_publishing_until_the_start(state, expected):
    assert permissions.can_sign_up(event(state)) is expected
