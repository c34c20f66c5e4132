"""Who may do what with the Community Fund: each predicate of community/fund/permissions.py as a persona x state
table, then the application lookup every application page starts with, for every persona."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from community.fund import permissions
from community.fund.models import Application, ApplicationStatus, FundRound
from residents.models import Resident, Role, User

NOW = timezone.now()
PERSONAS = ["applicant", "other_resident", "staff", "board", "admin", "anonymous"]
ROUND_STATES = {
    "not_open_yet": (NOW + timedelta(days=1), NOW + timedelta(days=9)),
    "open": (NOW - timedelta(days=1), NOW + timedelta(days=9)),
    "closed": (NOW - timedelta(days=9), NOW - timedelta(days=1)),
}


def user(persona: str):
    if persona == "anonymous":
        return AnonymousUser()
    role = {"staff": Role.STAFF, "board": Role.BOARD, "admin": Role.ADMIN}.get(persona, Role.RESIDENT)
    return User(pk=PERSONAS.index(persona) + 1, role=role, email=f"{persona}@example.org")


def fund_round(state: str) -> FundRound:
    opens_at, closes_at = ROUND_STATES[state]
    return FundRound(opens_at=opens_at, closes_at=closes_at)


def application(round_state: str, status: str) -> Application:
    return Application(round=fund_round(round_state), resident=Resident(user_id=1), status=status)


CAN_APPLY = {  # (persona, round state) -> may start an application
    ("applicant", "open"): True,
    ("other_resident", "open"): True,
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("state", ROUND_STATES)
def test_can_apply(persona, state):
    assert permissions.can_apply(user(persona), fund_round(state), NOW) is CAN_APPLY.get((persona, state), False)


EDIT_STATES = [
    ("open", ApplicationStatus.DRAFT),
    ("closed", ApplicationStatus.DRAFT),
    ("open", ApplicationStatus.SUBMITTED),
    ("closed", ApplicationStatus.AWARDED),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("round_state", "status"), EDIT_STATES)
def test_can_edit_only_the_applicants_draft_while_the_round_is_open(persona, round_state, status):
    expected = persona == "applicant" and (round_state, status) == ("open", ApplicationStatus.DRAFT)
    assert permissions.can_edit(user(persona), application(round_state, status), NOW) is expected


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("status", ApplicationStatus.values)
def test_can_decide_only_a_submitted_application_as_staff(persona, status):
    expected = persona in ("staff", "admin") and status == ApplicationStatus.SUBMITTED
    assert permissions.can_decide(user(persona), application("closed", status)) is expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "outcome"),
    [
        ("resident", "found"),
        ("other_resident", Http404),
        ("panel_member", Http404),
        ("unlinked_resident", Http404),
        ("staff", "found"),
        ("admin_user", "found"),
    ],
)
def test_get_application_for_user(request, own_fund_draft, persona, outcome):
    http = RequestFactory().get("/")
    http.user = request.getfixturevalue(persona)
    http._messages = type("Messages", (), {"add": lambda *args, **kwargs: None})()
    if outcome == "found":
        assert permissions.get_application_for_user(http, own_fund_draft.pk) == own_fund_draft
    else:
        with pytest.raises(outcome):
            permissions.get_application_for_user(http, own_fund_draft.pk)
