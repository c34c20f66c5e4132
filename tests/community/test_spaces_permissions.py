"""Who may do what with spaces and bookings: each predicate of community/spaces/permissions.py as a persona x state
table, then the booking lookup every booking page starts with."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from community.models import Booking, BookingStatus, Space, WhoMayBook
from community.spaces import permissions
from residents.models import Role, User

NOW = timezone.now()
PERSONAS = ["requester", "other_resident", "unlinked", "staff", "board", "admin", "anonymous"]


def user(persona: str):
    """Unsaved users: the predicates read only the role and the id. The requester's account is user 1."""
    if persona == "anonymous":
        return AnonymousUser()
    role = {"staff": Role.STAFF, "board": Role.BOARD, "admin": Role.ADMIN}.get(persona, Role.RESIDENT)
    return User(pk=PERSONAS.index(persona) + 1, role=role, email=f"{persona}@example.org")


def booking(state: str) -> Booking:
    status, ends = {
        "requested": (BookingStatus.REQUESTED, NOW + timedelta(days=3)),
        "approved": (BookingStatus.APPROVED, NOW + timedelta(days=3)),
        "declined": (BookingStatus.DECLINED, NOW + timedelta(days=3)),
        "cancelled": (BookingStatus.CANCELLED, NOW + timedelta(days=3)),
        "requested_past": (BookingStatus.REQUESTED, NOW - timedelta(hours=1)),
        "approved_past": (BookingStatus.APPROVED, NOW - timedelta(hours=1)),
    }[state]
    return Booking(pk=1, requested_by_id=1, status=status, starts_at=ends - timedelta(hours=2), ends_at=ends)


def table(rows: dict[str, dict]) -> list:
    return [
        pytest.param(persona, state, expected, id=f"{persona}-{state}")
        for persona, row in rows.items()
        for state, expected in row.items()
    ]


def same_for(personas, row):
    return dict.fromkeys(personas, row)


# can_request_booking: (who may book, active) -> whether; "linked" is whether a resident's account is linked.
SPACE_STATES = ["residents", "groups", "staff_only", "retired"]


def space(state: str) -> Space:
    who = {"groups": WhoMayBook.GROUPS, "staff_only": WhoMayBook.STAFF}.get(state, WhoMayBook.RESIDENTS)
    return Space(name="Room", who_may_book=who, is_active=state != "retired", capacity=10)


REQUEST = {
    "requester": {"residents": True, "groups": True, "staff_only": False, "retired": False},
    "other_resident": {"residents": True, "groups": True, "staff_only": False, "retired": False},
    "unlinked": {"residents": False, "groups": False, "staff_only": False, "retired": False},
    "staff": {"residents": True, "groups": True, "staff_only": True, "retired": False},
    "admin": {"residents": True, "groups": True, "staff_only": True, "retired": False},
    "board": {"residents": False, "groups": False, "staff_only": False, "retired": False},
    "anonymous": {"residents": False, "groups": False, "staff_only": False, "retired": False},
}


@pytest.mark.parametrize(("persona", "state", "expected"), table(REQUEST))
def test_can_request_booking(persona, state, expected):
    linked = persona in ("requester", "other_resident")
    assert permissions.can_request_booking(user(persona), space(state), linked=linked) is expected


BOOKING_STATES = ["requested", "approved", "declined", "cancelled", "requested_past", "approved_past"]
ALL_FALSE = dict.fromkeys(BOOKING_STATES, False)
ALL_TRUE = dict.fromkeys(BOOKING_STATES, True)
LIVE_FUTURE = {**ALL_FALSE, "requested": True, "approved": True}

SEE = {
    "requester": ALL_TRUE,
    **same_for(["other_resident", "unlinked", "board", "anonymous"], ALL_FALSE),
    **same_for(["staff", "admin"], ALL_TRUE),
}
CANCEL = {
    "requester": LIVE_FUTURE,
    **same_for(["other_resident", "unlinked", "board", "anonymous"], ALL_FALSE),
    **same_for(["staff", "admin"], LIVE_FUTURE),
}
DECIDE = {
    **same_for(["requester", "other_resident", "unlinked", "board", "anonymous"], ALL_FALSE),
    **same_for(["staff", "admin"], {**ALL_FALSE, "requested": True}),
}


@pytest.mark.parametrize(("persona", "state", "expected"), table(SEE))
def test_can_see_booking(persona, state, expected):
    assert permissions.can_see_booking(user(persona), booking(state)) is expected


@pytest.mark.parametrize(("persona", "state", "expected"), table(CANCEL))
def test_can_cancel(persona, state, expected):
    assert permissions.can_cancel(user(persona), booking(state)) is expected


@pytest.mark.parametrize(("persona", "state", "expected"), table(DECIDE))
def test_can_decide(persona, state, expected):
    assert permissions.can_decide(user(persona), booking(state)) is expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("staff", True), ("admin", True), ("requester", False), ("board", False), ("anonymous", False)],
)
def test_only_staff_see_what_a_booking_is_for(persona, expected):
    assert permissions.can_see_purpose(user(persona)) is expected


# The lookup: requester and staff get the booking, other residents 404, other roles 403.
LOOKUP = {
    "resident": "found",
    "other_resident": Http404,
    "panel_member": Http404,
    "unlinked_resident": Http404,
    "staff": "found",
    "admin_user": "found",
    "board": PermissionDenied,
}


@pytest.mark.parametrize(("persona", "expected"), list(LOOKUP.items()))
def test_get_booking_for_user(request, own_booking, persona, expected):
    http = RequestFactory().get("/")
    http.user = request.getfixturevalue(persona)
    if expected == "found":
        assert permissions.get_booking_for_user(http, own_booking.pk) == own_booking
    else:
        with pytest.raises(expected):
            permissions.get_booking_for_user(http, own_booking.pk)


@pytest.mark.parametrize("persona", ["resident", "staff"])
def test_get_booking_for_user_is_404_for_a_booking_that_does_not_exist(request, db, persona):
    http = RequestFactory().get("/")
    http.user = request.getfixturevalue(persona)
    with pytest.raises(Http404):
        permissions.get_booking_for_user(http, 987654321)
