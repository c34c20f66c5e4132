"""Meeting reminders and the minutes notice on a real Celery beat and worker: each member gets each email once,
however many times beat runs the task."""

import datetime

import pytest
from django.utils import timezone

from panels.meetings import services
from tests.factories import UserFactory

from .factories import MembershipFactory, ScrutinyPanelFactory
from .meeting_factories import MeetingFactory

pytestmark = pytest.mark.worker
TASK = "panels.meetings.tasks.send_meeting_notices"


def test_beat_sends_the_reminder_and_the_minutes_notice_once_each(celery_worker, celery_beat, panel_member):
    panel = ScrutinyPanelFactory()
    MembershipFactory(panel=panel, resident__user=UserFactory(email="second@example.org"))
    starts = timezone.now() + datetime.timedelta(hours=24)  # inside the 48 hours: the reminder is due now
    meeting = MeetingFactory(panel=panel, title="Autumn meeting", starts_at=starts)
    services.save_minutes(meeting=meeting, minutes="Members agreed the scope.")
    services.publish_minutes(meeting=meeting)

    def subjects(start: str) -> list[str]:
        return sorted(m["To"] for m in celery_worker.sent_mail() if m["Subject"].startswith(start))

    celery_worker.wait_for(
        lambda: len(subjects("Reminder:")) == 2 and len(subjects("Minutes published:")) == 2,
        message="the reminders and minutes notices to be sent",
    )
    celery_worker.wait_for(
        lambda: celery_worker.tasks_succeeded(TASK) >= 4, message="further runs of the meeting notices task"
    )
    assert subjects("Reminder:") == ["panel@example.org", "second@example.org"]
    assert subjects("Minutes published:") == ["panel@example.org", "second@example.org"]
