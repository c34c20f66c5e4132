"""Who may do what with a walk, as a table of persona x the walk's state (adhocracy+'s rules tested per phase).

States: upcoming (a week away), today (started an hour ago), past (last week, report not published), reported
(past, report published). The walk is in the `resident` persona's neighbourhood (Millfield).
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from community.walkabouts import permissions
from community.walkabouts.models import SignUpStatus

from .factories import plan

STATES = ["upcoming", "today", "past", "reported"]
PERSONAS = ["anonymous", "resident", "other_resident", "panel_member", "unlinked_resident", "staff", "board"]


@pytest.fixture
def walks(neighbourhood, staff):
    made = {
        "upcoming": plan(neighbourhood, lead=staff, starts_in=timedelta(days=7)),
        "today": plan(neighbourhood, lead=staff, starts_in=-timedelta(minutes=1)),
        "past": plan(neighbourhood, lead=staff, starts_in=-timedelta(days=7)),
        "reported": plan(neighbourhood, lead=staff, starts_in=-timedelta(days=7)),
    }
    made["reported"].report_published_at = timezone.now()
    return made


def user_and_resident(request, persona):
    if persona == "anonymous":
        return AnonymousUser(), None
    user = request.getfixturevalue(persona)
    return user, getattr(user, "resident", None)


def table(**rows) -> list:
    """rows: persona="YYNN" (one letter per state, in STATES order) -> parametrize cases."""
    assert set(rows) == set(PERSONAS), set(PERSONAS) - set(rows)
    return [
        pytest.param(persona, state, flags[i] == "Y", id=f"{persona}-{state}")
        for persona, flags in rows.items()
        for i, state in enumerate(STATES)
    ]


# Residents see their own neighbourhood's walks; the Board and staff every walk.
@pytest.mark.parametrize(
    ("persona", "state", "allowed"),
    table(
        anonymous="NNNN",
        resident="YYYY",
        other_resident="NNNN",
        panel_member="NNNN",
        unlinked_resident="NNNN",
        staff="YYYY",
        board="YYYY",
    ),
)
def test_who_sees_the_walk(request, walks, persona, state, allowed):
    user, resident = user_and_resident(request, persona)
    assert permissions.can_see(user, walks[state], resident) is allowed


# Residents and Board members sign up until the walk starts (a resident of another neighbourhood never sees it).
@pytest.mark.parametrize(
    ("persona", "state", "allowed"),
    table(
        anonymous="NNNN",
        resident="YNNN",
        other_resident="YNNN",
        panel_member="YNNN",
        unlinked_resident="YNNN",
        staff="NNNN",
        board="YNNN",
    ),
)
def test_who_signs_up(request, walks, persona, state, allowed):
    user, _ = user_and_resident(request, persona)
    assert permissions.can_sign_up(user, walks[state]) is allowed


# Staff log issues from the day of the walk.
@pytest.mark.parametrize(
    ("persona", "state", "allowed"),
    table(
        anonymous="NNNN",
        resident="NNNN",
        other_resident="NNNN",
        panel_member="NNNN",
        unlinked_resident="NNNN",
        staff="NYYY",
        board="NNNN",
    ),
)
def test_who_logs_issues(request, walks, persona, state, allowed):
    user, _ = user_and_resident(request, persona)
    assert permissions.can_log_issue(user, walks[state]) is allowed


# Staff publish the report once the walk has started.
@pytest.mark.parametrize(
    ("persona", "state", "allowed"),
    table(
        anonymous="NNNN",
        resident="NNNN",
        other_resident="NNNN",
        panel_member="NNNN",
        unlinked_resident="NNNN",
        staff="NYYY",
        board="NNNN",
    ),
)
def test_who_publishes_the_report(request, walks, persona, state, allowed):
    user, _ = user_and_resident(request, persona)
    assert permissions.can_publish_report(user, walks[state]) is allowed


# Staff read it always (a preview until published); the neighbourhood and the Board once it is published.
@pytest.mark.parametrize(
    ("persona", "state", "allowed"),
    table(
        anonymous="NNNN",
        resident="NNNY",
        other_resident="NNNN",
        panel_member="NNNN",
        unlinked_resident="NNNN",
        staff="YYYY",
        board="NNNY",
    ),
)
def test_who_reads_the_report(request, walks, persona, state, allowed):
    user, resident = user_and_resident(request, persona)
    assert permissions.can_read_report(user, walks[state], resident) is allowed


# Someone on the walk cancels until it starts; a cancelled place cannot be cancelled again.
@pytest.mark.parametrize(
    ("status", "state", "allowed"),
    [
        (SignUpStatus.GOING, "upcoming", True),
        (SignUpStatus.WAITING, "upcoming", True),
        (SignUpStatus.CANCELLED, "upcoming", False),
        (SignUpStatus.GOING, "today", False),
        (SignUpStatus.GOING, "past", False),
    ],
)
def test_who_cancels(resident, walks, status, state, allowed):
    from community.walkabouts.models import SignUp

    record = SignUp(walkabout=walks[state], user=resident, resident=resident.resident, status=status)
    assert permissions.can_cancel(resident, record, walks[state]) is allowed


def test_a_resident_of_another_neighbourhood_sees_a_walk_they_are_signed_up_to(other_resident, walks):
    assert permissions.can_see(other_resident, walks["upcoming"], other_resident.resident, signed_up=True)
