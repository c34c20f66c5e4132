"""Who may do what with involvement: each predicate of residents/involvement/permissions.py as a persona x state
table, then the lookups the pages start with."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from residents.involvement import permissions
from residents.models import HoursEntry, Opportunity, OpportunityStatus, Role, User

TODAY = timezone.localdate()
PERSONAS = ["resident", "staff", "board", "admin", "anonymous"]
STATES = ["draft", "open", "past_closing_date", "closed"]


def user(persona: str):
    if persona == "anonymous":
        return AnonymousUser()
    role = {"staff": Role.STAFF, "board": Role.BOARD, "admin": Role.ADMIN}.get(persona, Role.RESIDENT)
    return User(pk=PERSONAS.index(persona) + 1, role=role, email=f"{persona}@example.org")


def opportunity(state: str) -> Opportunity:
    fields = {
        "draft": {"status": OpportunityStatus.DRAFT, "closes_on": TODAY + timedelta(days=5)},
        "open": {"status": OpportunityStatus.PUBLISHED, "closes_on": TODAY},
        "past_closing_date": {"status": OpportunityStatus.PUBLISHED, "closes_on": TODAY - timedelta(days=1)},
        "closed": {"status": OpportunityStatus.CLOSED, "closes_on": TODAY + timedelta(days=5)},
    }[state]
    return Opportunity(title="Scrutiny", **fields)


def table(rows: dict[str, dict]) -> list:
    return [
        pytest.param(persona, state, expected, id=f"{persona}-{state}")
        for persona, row in rows.items()
        for state, expected in row.items()
    ]


SEE = {persona: {"draft": False, "open": True, "past_closing_date": True, "closed": True} for persona in PERSONAS}
EXPRESS = {
    "resident": {"draft": False, "open": True, "past_closing_date": False, "closed": False},
    **{p: dict.fromkeys(STATES, False) for p in ["staff", "board", "admin", "anonymous"]},
}
EDIT = {
    **{p: dict.fromkeys(STATES, True) for p in ["staff", "admin"]},
    **{p: dict.fromkeys(STATES, False) for p in ["resident", "board", "anonymous"]},
}


@pytest.mark.parametrize(("persona", "state", "expected"), table(SEE))
def test_who_sees_an_opportunity_publicly(persona, state, expected):
    assert permissions.can_see_opportunity(user(persona), opportunity(state)) is expected


@pytest.mark.parametrize(("persona", "state", "expected"), table(EXPRESS))
def test_who_may_express_interest(persona, state, expected):
    assert permissions.can_express_interest(user(persona), opportunity(state), today=TODAY) is expected


@pytest.mark.parametrize(("persona", "state", "expected"), table(EDIT))
def test_who_may_edit_an_opportunity(persona, state, expected):
    assert permissions.can_edit_opportunity(user(persona), opportunity(state)) is expected


@pytest.mark.parametrize(
    ("persona", "confirmed", "expected"),
    [
        (persona, confirmed, persona in ("staff", "admin") and not confirmed)
        for persona in PERSONAS
        for confirmed in (False, True)
    ],
)
def test_who_may_confirm_hours(persona, confirmed, expected):
    entry = HoursEntry(confirmed_at=timezone.now() if confirmed else None)
    assert permissions.can_confirm_hours(user(persona), entry) is expected


def _request(who):
    request = RequestFactory().get("/")
    request.user = who
    return request


def test_a_draft_is_a_404_on_the_public_lookup_even_for_staff(draft_opportunity, staff):
    with pytest.raises(Http404):
        permissions.get_opportunity_for_user(_request(staff), draft_opportunity.pk)


def test_staff_lookups_refuse_a_resident_with_403(resident, own_interest, own_hours, open_opportunity):
    request = _request(resident)
    for lookup, pk in [
        (permissions.get_opportunity_for_staff, open_opportunity.pk),
        (permissions.get_interest_for_staff, own_interest.pk),
        (permissions.get_hours_for_staff, own_hours.pk),
    ]:
        with pytest.raises(PermissionDenied):
            lookup(request, pk)


def test_staff_lookups_give_404_for_what_does_not_exist(staff):
    for lookup in (
        permissions.get_opportunity_for_staff,
        permissions.get_interest_for_staff,
        permissions.get_hours_for_staff,
    ):
        with pytest.raises(Http404):
            lookup(_request(staff), 987654321)
