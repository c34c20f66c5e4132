"""Meeting fixtures shared by the access table and the meetings tests (loaded as a plugin by tests/conftest.py).

The meetings are the Resident Scrutiny Panel's, which the panel_member persona sits on: every other resident is
an outsider to them, and the board persona is not invited."""

import datetime

import pytest
from django.utils import timezone

from panels.meetings import services
from panels.models import MeetingInvitation

from .factories import ScrutinyPanelFactory
from .meeting_factories import AgendaItemFactory, MeetingActionFactory, MeetingFactory, MeetingPaperFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def scrutiny_meeting(db):
    return MeetingFactory(panel=ScrutinyPanelFactory(), title="Repairs review: evidence session")


@pytest.fixture
def past_meeting(db):
    starts = timezone.now() - datetime.timedelta(days=3)
    return MeetingFactory(panel=ScrutinyPanelFactory(), title="Last month's meeting", starts_at=starts)


@pytest.fixture
def meeting_agenda_item(scrutiny_meeting):
    return AgendaItemFactory(meeting=scrutiny_meeting, title="Repairs performance")


@pytest.fixture
def meeting_paper(scrutiny_meeting, media):
    return MeetingPaperFactory(meeting=scrutiny_meeting)


@pytest.fixture
def meeting_action(scrutiny_meeting):
    return MeetingActionFactory(meeting=scrutiny_meeting)


@pytest.fixture
def meeting_invitation(scrutiny_meeting, db):
    from residents.models import Role
    from tests.factories import UserFactory

    guest = UserFactory(email="guest-board@example.org", role=Role.BOARD, mfa=True)
    return MeetingInvitation.objects.create(meeting=scrutiny_meeting, user=guest)


@pytest.fixture
def member_calendar_feed(panel_member):
    return services.feed_for(panel_member)
