"""Who may do what with a survey: each predicate of surveys/permissions.py as a persona x state table, then
the invitation lookup the answer page starts with, for every persona."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from residents.models import Resident, Role, User
from surveys import permissions
from surveys.models import Anonymity, Invitation, Survey, SurveyKind, SurveyStatus

NOW = timezone.now()
PERSONAS = ["resident", "other_resident", "unlinked", "staff", "board", "anonymous"]
STATES = ["draft", "open", "closed"]


def user(persona: str):
    """Unsaved users: the predicates read only the role and the id."""
    if persona == "anonymous":
        return AnonymousUser()
    role = {"staff": Role.STAFF, "board": Role.BOARD}.get(persona, Role.RESIDENT)
    return User(pk=PERSONAS.index(persona) + 1, role=role, email=f"{persona}@example.org")


def survey(state: str, **fields) -> Survey:
    dates = {
        "draft": {"status": SurveyStatus.DRAFT},
        "open": {
            "status": SurveyStatus.PUBLISHED,
            "opens_at": NOW - timedelta(days=1),
            "closes_at": NOW + timedelta(days=9),
        },
        "closed": {
            "status": SurveyStatus.PUBLISHED,
            "opens_at": NOW - timedelta(days=9),
            "closes_at": NOW - timedelta(days=1),
        },
    }[state]
    return Survey(title="Repairs", **(dates | fields))


def residents_invitation(state: str) -> Invitation:
    """The `resident` persona's invitation (their account is user 1)."""
    return Invitation(survey=survey(state), resident=Resident(user_id=user("resident").pk))


def table(rows: dict[str, dict]) -> list:
    return [
        pytest.param(persona, state, expected, id=f"{persona}-{state}")
        for persona, row in rows.items()
        for state, expected in row.items()
    ]


YES_WHEN_OPEN = {"draft": False, "open": True, "closed": False}
NEVER = {"draft": False, "open": False, "closed": False}
WHEN_PUBLISHED = {"draft": False, "open": True, "closed": True}


@pytest.mark.parametrize(
    "persona,state,expected",
    table(
        {
            "resident": YES_WHEN_OPEN,
            "other_resident": YES_WHEN_OPEN,  # their own invitation, if they have one (see the lookup below)
            "unlinked": YES_WHEN_OPEN,  # the role allows it; with no register entry the lookup finds nothing
            "staff": NEVER,
            "board": NEVER,
            "anonymous": NEVER,  # only through an invitation link (answers_as)
        }
    ),
)
def test_can_answer(persona, state, expected):
    assert permissions.can_answer(user(persona), survey(state), now=NOW) is expected


@pytest.mark.parametrize(
    "persona,state,expected",
    table(
        {
            "resident": {s: True for s in STATES},
            "other_resident": {s: False for s in STATES},
            "unlinked": {s: False for s in STATES},
            "staff": {s: False for s in STATES},
            "board": {s: False for s in STATES},
            "anonymous": {s: True for s in STATES},  # holding the link is the way in; the page then says if closed
        }
    ),
)
def test_an_invitation_answers_as_its_own_resident_only(persona, state, expected):
    assert permissions.answers_as(user(persona), residents_invitation(state)) is expected


@pytest.mark.parametrize(
    "persona,state,expected",
    table({"staff": WHEN_PUBLISHED, **{p: NEVER for p in PERSONAS if p != "staff"}}),
)
def test_only_staff_enter_answers_and_only_once_published(persona, state, expected):
    assert permissions.can_enter_answers(user(persona), survey(state)) is expected


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("anonymity", Anonymity.values)
def test_only_staff_see_who_answered_and_only_a_named_survey(persona, anonymity):
    expected = persona == "staff" and anonymity == Anonymity.NAMED
    assert permissions.can_see_who_answered(user(persona), survey("open", anonymity=anonymity)) is expected
    assert permissions.can_read_results(user(persona)) is (persona == "staff")


@pytest.mark.parametrize("kind", [k for k in SurveyKind.values if k != SurveyKind.TSM])
@pytest.mark.parametrize("state,expected", [("draft", True), ("open", False), ("closed", False)])
def test_a_survey_changes_only_while_a_draft(kind, state, expected):
    subject = survey(state, kind=kind)
    assert permissions.can_edit(subject) is expected
    assert permissions.can_publish(subject) is expected
    assert permissions.can_delete(subject) is expected
    assert permissions.can_choose_audience(subject) is expected


@pytest.mark.parametrize("state", STATES)
def test_the_regulators_wording_never_changes_but_its_survey_is_sent_like_any_other(state):
    tsm = survey(state, kind=SurveyKind.TSM, locked=True)
    assert not permissions.can_edit(tsm)
    assert permissions.can_publish(tsm) is (state == "draft")


# The lookup, against the database -----------------------------------------------------------------------------


@pytest.fixture
def ask(rf: RequestFactory):
    def lookup(account, survey_pk: int, opened: dict | None = None):
        request = rf.get("/")
        request.user = account or AnonymousUser()
        request.session = SessionStore()
        if opened:
            request.session[permissions.OPENED_INVITATIONS] = opened
        request._messages = type("NoMessages", (), {"add": lambda *a, **k: None})()
        return permissions.get_invitation_for_user(request, survey_pk)

    return lookup


LOOKUP = {
    "resident": "own",
    "other_resident": Http404,
    "unlinked_resident": Http404,
    "staff": PermissionDenied,
    "board": PermissionDenied,
    "anonymous": None,
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona,expected", LOOKUP.items())
def test_the_answer_page_finds_the_signed_in_residents_own_invitation_only(
    request, ask, own_invitation, persona, expected
):
    account = None if persona == "anonymous" else request.getfixturevalue(persona)
    if isinstance(expected, type):
        with pytest.raises(expected):
            ask(account, own_invitation.survey_id)
    else:
        found = ask(account, own_invitation.survey_id)
        assert found == (own_invitation if expected == "own" else None)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["resident", "other_resident", "unlinked_resident", "staff", "board", "anonymous"])
def test_a_link_opened_in_the_session_answers_only_for_its_resident(request, ask, own_invitation, persona):
    account = None if persona == "anonymous" else request.getfixturevalue(persona)
    opened = {str(own_invitation.survey_id): own_invitation.pk}
    if persona in ("resident", "anonymous"):
        assert ask(account, own_invitation.survey_id, opened) == own_invitation
    else:
        with pytest.raises(permissions.NotYourInvitation):
            ask(account, own_invitation.survey_id, opened)
