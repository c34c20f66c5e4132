"""Reminders before a meeting and the minutes-published notice: due times stored on the meeting, claimed by the beat
task with a conditional UPDATE, each email queued exactly once however many times the task runs."""

import datetime
from threading import Barrier, Thread

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from panels.meetings import services
from panels.meetings.tasks import send_meeting_notices
from panels.models import Meeting, MeetingInvitation, Rsvp, RsvpResponse
from residents.models import OutboundEmail, Preferences, Resident, Role
from tests.factories import UserFactory

from .factories import MembershipFactory, ScrutinyPanelFactory
from .meeting_factories import MeetingFactory


@pytest.fixture
def panel(db):
    return ScrutinyPanelFactory()


@pytest.fixture
def meeting(panel, panel_member):
    MembershipFactory(panel=panel, resident__user=UserFactory(email="second@example.org"))
    return MeetingFactory(panel=panel, title="Autumn meeting")


def reminders():
    return OutboundEmail.objects.filter(key__contains="-reminder-")


def test_the_reminder_is_due_the_set_number_of_hours_before(meeting, settings):
    assert meeting.reminder_due_at == meeting.starts_at - datetime.timedelta(hours=settings.MEETING_REMINDER_HOURS)


def test_nothing_is_sent_before_the_reminder_is_due(meeting):
    with time_machine.travel(meeting.reminder_due_at - datetime.timedelta(minutes=1)):
        assert send_meeting_notices.apply().get() == 0
    assert not reminders().exists()


def test_the_task_run_twice_sends_each_reminder_once(meeting, panel_member):
    with time_machine.travel(meeting.reminder_due_at + datetime.timedelta(minutes=1)):
        assert send_meeting_notices.apply().get() == 2
        assert send_meeting_notices.apply().get() == 0
    assert sorted(reminders().values_list("to", flat=True)) == ["panel@example.org", "second@example.org"]
    message = reminders().get(to="panel@example.org")
    assert message.subject.startswith("Reminder: Resident Scrutiny Panel meeting on")
    assert reverse("panels:meeting_detail", args=[meeting.pk]) in message.body
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is not None


def test_two_runs_at_the_same_time_send_each_reminder_once(meeting, transactional_db):
    """Two beat runs racing: the conditional UPDATE lets only one of them claim the meeting."""
    start = Barrier(2)
    results, errors = [], []

    def run():
        try:
            start.wait()
            results.append(services.send_due_notices(now=meeting.reminder_due_at + datetime.timedelta(minutes=1)))
        except Exception as error:  # pragma: no cover - shown by the assert below
            errors.append(error)
        finally:
            connection.close()

    threads = [Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(results) == [0, 2]
    assert reminders().count() == 2


def test_a_member_who_is_not_going_and_one_who_asked_not_to_be_contacted_get_no_reminder(meeting, panel_member):
    Rsvp.objects.create(meeting=meeting, user=panel_member, response=RsvpResponse.NOT_GOING)
    second = Resident.objects.get(user__email="second@example.org")
    Preferences.objects.update_or_create(resident=second, defaults={"do_not_contact": True})
    services.send_due_notices(now=meeting.reminder_due_at)
    assert not reminders().exists()


def test_an_invited_board_member_is_reminded_too(meeting):
    board = UserFactory(email="spotlight-board@example.org", role=Role.BOARD)
    MeetingInvitation.objects.create(meeting=meeting, user=board)
    services.send_due_notices(now=meeting.reminder_due_at)
    assert reminders().filter(to="spotlight-board@example.org").count() == 1


def test_a_cancelled_meeting_is_not_reminded(meeting):
    services.cancel_meeting(meeting=meeting)
    assert services.send_due_notices(now=meeting.reminder_due_at) == 0
    assert OutboundEmail.objects.filter(key__contains="-cancelled-").count() == 2


def test_a_moved_meeting_is_reminded_again_for_its_new_time(meeting):
    services.send_due_notices(now=meeting.reminder_due_at)
    meeting.starts_at += datetime.timedelta(days=7)
    meeting.ends_at += datetime.timedelta(days=7)
    services.update_meeting(meeting=meeting, changed=["starts_at", "ends_at"])
    assert services.send_due_notices(now=meeting.reminder_due_at) == 2
    assert reminders().count() == 4


def test_minutes_notice_goes_once_when_published(meeting, django_capture_on_commit_callbacks):
    meeting.minutes = "Present: Grace and one other member."
    meeting.save(update_fields=["minutes"])
    services.send_due_notices(now=meeting.reminder_due_at)  # the reminder is not what this test counts
    with django_capture_on_commit_callbacks(execute=False):
        services.publish_minutes(meeting=meeting)
        services.publish_minutes(meeting=Meeting.objects.get(pk=meeting.pk))  # a second click does nothing more
    assert send_meeting_notices.apply().get() == 2
    assert send_meeting_notices.apply().get() == 0
    notices = OutboundEmail.objects.filter(key__contains="-minutes-")
    assert notices.count() == 2
    assert notices.first().subject.startswith("Minutes published: Resident Scrutiny Panel")
