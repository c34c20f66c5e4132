"""Who may see a meeting and answer its RSVP: a persona x state table over the predicates, and the lookups the views
call (404 for outsiders)."""

import datetime

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from panels.meetings.permissions import (
    can_publish_minutes,
    can_record_attendance,
    can_rsvp,
    can_see_meeting,
    get_meeting_for_user,
    get_paper_for_user,
)
from panels.models import MeetingInvitation, MembershipStatus
from residents.models import Resident, Role
from tests.factories import UserFactory

from .factories import MembershipFactory, PanelFactory, ScrutinyPanelFactory
from .meeting_factories import MeetingFactory, MeetingPaperFactory


@pytest.fixture
def other_panel_member(db):
    """A member of another panel (not the Scrutiny Panel)."""
    user = UserFactory(email="together@example.org")
    MembershipFactory(panel=PanelFactory(name="Together Panel", slug="together"), resident__user=user)
    return user


@pytest.fixture
def invited_board(db):
    return UserFactory(email="invited-board@example.org", role=Role.BOARD, mfa=True)


@pytest.fixture
def meeting(invited_board):
    meeting = MeetingFactory(panel=ScrutinyPanelFactory())
    MeetingInvitation.objects.create(meeting=meeting, user=invited_board)
    return meeting


# persona -> (can see the meeting, can RSVP to it while it is upcoming)
TABLE = {
    "panel_member": (True, True),
    "other_panel_member": (False, False),
    "resident": (False, False),
    "unlinked_resident": (False, False),
    "staff": (True, False),
    "admin_user": (True, False),
    "invited_board": (True, True),
    "board": (False, False),
}


@pytest.mark.parametrize(("persona", "expected"), TABLE.items(), ids=list(TABLE))
def test_who_sees_and_answers_an_upcoming_meeting(request, meeting, persona, expected):
    user = request.getfixturevalue(persona)
    assert (can_see_meeting(user, meeting), can_rsvp(user, meeting)) == expected


@pytest.mark.parametrize("persona", ["panel_member", "invited_board"])
def test_nobody_answers_once_the_meeting_has_ended_or_is_cancelled(request, meeting, persona):
    user = request.getfixturevalue(persona)
    assert not can_rsvp(user, meeting, now=meeting.ends_at + datetime.timedelta(minutes=1))
    meeting.cancelled_at = timezone.now()
    assert not can_rsvp(user, meeting)
    assert can_see_meeting(user, meeting)


def test_a_member_whose_term_has_ended_no_longer_sees_the_meeting(meeting, panel_member):
    membership = Resident.objects.get(user=panel_member).panel_memberships.get()
    membership.status = MembershipStatus.STEPPED_DOWN
    membership.save(update_fields=["status"])
    assert not can_see_meeting(panel_member, meeting)


@pytest.mark.parametrize(("persona", "found"), [(p, seen) for p, (seen, _) in TABLE.items()], ids=list(TABLE))
def test_lookups_give_outsiders_404(request, meeting, persona, found, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    paper = MeetingPaperFactory(meeting=meeting)
    http = RequestFactory().get("/")
    http.user = request.getfixturevalue(persona)
    if found:
        assert get_meeting_for_user(http, meeting.pk) == meeting
        assert get_paper_for_user(http, meeting.pk, paper.pk) == paper
    else:
        with pytest.raises(Http404):
            get_meeting_for_user(http, meeting.pk)
        with pytest.raises(Http404):
            get_paper_for_user(http, meeting.pk, paper.pk)


def test_a_paper_asked_for_under_another_meeting_is_404(meeting, panel_member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    other = MeetingFactory(panel=meeting.panel)
    paper = MeetingPaperFactory(meeting=other)
    http = RequestFactory().get("/")
    http.user = panel_member
    with pytest.raises(Http404):
        get_paper_for_user(http, meeting.pk, paper.pk)


def test_attendance_opens_when_the_meeting_starts_and_minutes_publish_once(meeting):
    assert not can_record_attendance(meeting)
    assert can_record_attendance(meeting, now=meeting.starts_at)
    assert not can_publish_minutes(meeting)  # nothing written
    meeting.minutes = "Present: all members."
    assert can_publish_minutes(meeting)
    meeting.minutes_published_at = timezone.now()
    assert not can_publish_minutes(meeting)
