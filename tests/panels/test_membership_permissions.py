"""Who may do what with panels and memberships: each predicate of panels/permissions.py as a persona x state table,
then the lookups the views start with."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from panels import permissions
from panels.models import Membership, MembershipStatus, Panel
from residents.models import Resident, Role, User

from .factories import ApplicationFactory, MembershipFactory, PanelFactory

PERSONAS = ["resident", "other_resident", "staff", "board", "admin", "anonymous"]
STATUSES = [choice.value for choice in MembershipStatus]


def user(persona: str):
    """Unsaved users: the predicates read only the role and the id."""
    if persona == "anonymous":
        return AnonymousUser()
    role = {"staff": Role.STAFF, "board": Role.BOARD, "admin": Role.ADMIN}.get(persona, Role.RESIDENT)
    return User(pk=PERSONAS.index(persona) + 1, role=role, email=f"{persona}@example.org")


def residents_membership(status: str) -> Membership:
    """The `resident` persona's application or membership (their account is user 1)."""
    return Membership(panel=Panel(name="Scrutiny"), resident=Resident(user_id=user("resident").pk), status=status)


def table(rows: dict[str, dict]) -> list:
    return [
        pytest.param(persona, state, expected, id=f"{persona}-{state}")
        for persona, row in rows.items()
        for state, expected in row.items()
    ]


def by_status(**expected) -> dict:
    assert set(expected) == set(STATUSES)
    return expected


NOTHING = by_status(applied=False, member=False, declined=False, withdrawn=False, stepped_down=False, ended=False)
ONLY_APPLIED = {**NOTHING, "applied": True}
ONLY_MEMBER = {**NOTHING, "member": True}


@pytest.mark.parametrize(
    ("persona", "state", "expected"),
    table(
        {
            "resident": ONLY_APPLIED,
            "other_resident": NOTHING,  # another resident's application is never theirs to withdraw
            "staff": NOTHING,
            "board": NOTHING,
            "admin": NOTHING,
            "anonymous": NOTHING,
        }
    ),
)
def test_can_withdraw(persona, state, expected):
    assert permissions.can_withdraw(user(persona), residents_membership(state)) is expected


@pytest.mark.parametrize(
    ("persona", "state", "expected"),
    table(
        {
            "resident": ONLY_MEMBER,
            "other_resident": NOTHING,
            "staff": NOTHING,  # staff end a term; stepping down is the member's own act
            "board": NOTHING,
            "admin": NOTHING,
            "anonymous": NOTHING,
        }
    ),
)
def test_can_step_down(persona, state, expected):
    assert permissions.can_step_down(user(persona), residents_membership(state)) is expected


@pytest.mark.parametrize(
    ("persona", "state", "expected"),
    table(
        {
            "resident": NOTHING,
            "other_resident": NOTHING,
            "staff": ONLY_APPLIED,
            "board": NOTHING,
            "admin": ONLY_APPLIED,
            "anonymous": NOTHING,
        }
    ),
)
def test_can_decide(persona, state, expected):
    assert permissions.can_decide(user(persona), residents_membership(state)) is expected


@pytest.mark.parametrize(
    ("persona", "state", "expected"),
    table(
        {
            "resident": NOTHING,
            "other_resident": NOTHING,
            "staff": ONLY_MEMBER,
            "board": NOTHING,
            "admin": ONLY_MEMBER,
            "anonymous": NOTHING,
        }
    ),
)
def test_can_change_membership(persona, state, expected):
    assert permissions.can_change_membership(user(persona), residents_membership(state)) is expected


# Applying: the panel's state and whether the resident already has something going.
PANEL_STATES = {
    "open": {"is_active": True, "accepting_applications": True},
    "not_recruiting": {"is_active": True, "accepting_applications": False},
    "retired": {"is_active": False, "accepting_applications": True},
}
CAN_APPLY = {
    ("open", None): True,
    ("open", "applied"): False,
    ("open", "member"): False,
    ("open", "declined"): True,  # may apply again
    ("open", "withdrawn"): True,
    ("open", "stepped_down"): True,
    ("open", "ended"): True,
    ("not_recruiting", None): False,
    ("retired", None): False,
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("panel_state", "previous"), list(CAN_APPLY))
def test_can_apply(persona, panel_state, previous):
    panel = Panel(name="Scrutiny", **PANEL_STATES[panel_state])
    previous_membership = residents_membership(previous) if previous else None
    expected = CAN_APPLY[(panel_state, previous)] and persona in ("resident", "other_resident")
    assert permissions.can_apply(user(persona), panel, previous_membership) is expected


def test_can_manage_panels_is_staff_and_admin_only():
    assert [p for p in PERSONAS if permissions.can_manage_panels(user(p))] == ["staff", "admin"]


# is_current_member: the name and signature the meetings and scrutiny pages import -----------------------------

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
MEMBERSHIP_STATES = {
    "current": {},
    "chair": {"role": "chair"},
    "no_end_date": {"term_ends": None},
    "last_day_today": {"term_ends": TODAY},
    "not_started": {"term_starts": TODAY + DAY, "term_ends": TODAY + 400 * DAY},
    "term_over": {"term_starts": TODAY - 400 * DAY, "term_ends": TODAY - DAY},
    "stepped_down": {"status": MembershipStatus.STEPPED_DOWN, "term_ends": TODAY},
    "ended": {"status": MembershipStatus.ENDED, "term_ends": TODAY},
}
IS_MEMBER = {"current", "chair", "no_end_date", "last_day_today"}


@pytest.mark.parametrize("state", list(MEMBERSHIP_STATES))
def test_is_current_member_of_this_panel_only(resident, other_resident, staff, state):
    panel, other_panel = PanelFactory(), PanelFactory()
    MembershipFactory(panel=panel, resident=resident.resident, **MEMBERSHIP_STATES[state])
    assert permissions.is_current_member(resident, panel) is (state in IS_MEMBER)
    assert permissions.is_current_member(resident, other_panel) is False
    assert permissions.is_current_member(other_resident, panel) is False
    assert permissions.is_current_member(staff, panel) is False
    assert permissions.is_current_member(AnonymousUser(), panel) is False


def test_an_applicant_is_not_a_current_member(resident):
    application = ApplicationFactory(resident=resident.resident)
    assert permissions.is_current_member(resident, application.panel) is False


# Lookups -------------------------------------------------------------------------------------------------------


def request_for(who):
    request = RequestFactory().get("/")
    request.user = who
    return request


def test_a_retired_panel_is_404_publicly_and_shown_to_staff(resident, staff):
    panel = PanelFactory(is_active=False)
    with pytest.raises(Http404):
        permissions.get_panel_for_user(request_for(AnonymousUser()), panel.slug)
    with pytest.raises(Http404):
        permissions.get_panel_for_user(request_for(resident), panel.slug)
    assert permissions.get_panel_for_user(request_for(staff), panel.slug) == panel


def test_a_membership_is_its_residents_alone(resident, other_resident, staff, board):
    membership = ApplicationFactory(resident=resident.resident)
    assert permissions.get_membership_for_user(request_for(resident), membership.pk) == membership
    with pytest.raises(Http404):
        permissions.get_membership_for_user(request_for(other_resident), membership.pk)
    for outsider in (staff, board):
        with pytest.raises(PermissionDenied):
            permissions.get_membership_for_user(request_for(outsider), membership.pk)


def test_staff_find_a_membership_only_under_its_own_panel(staff, resident):
    membership = ApplicationFactory(resident=resident.resident)
    other = PanelFactory()
    assert permissions.get_membership_for_staff(request_for(staff), membership.panel.slug, membership.pk) == membership
    with pytest.raises(Http404):
        permissions.get_membership_for_staff(request_for(staff), other.slug, membership.pk)
    with pytest.raises(PermissionDenied):
        permissions.get_membership_for_staff(request_for(resident), membership.panel.slug, membership.pk)
