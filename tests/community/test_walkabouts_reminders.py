"""The day-before reminders: due at a stored time, claimed by the beat task with a conditional UPDATE, sent once."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from community.tasks import send_walkabout_reminders
from community.walkabouts import services
from community.walkabouts.models import SignUp, SignUpStatus, Walkabout
from residents.models import OutboundEmail

from ..factories import NeighbourhoodFactory, ResidentFactory, UserFactory
from .factories import plan

LONDON = ZoneInfo("Europe/London")


def reminders():
    return OutboundEmail.objects.filter(key__startswith="walkabout-reminder:")


def walk_with_people(neighbourhood, *, going=3, cancelled=1, starts_at):
    with time_machine.travel(starts_at - timedelta(days=10), tick=False):
        walkabout = plan(neighbourhood, starts_in=timedelta(days=10), capacity=going)
        people = [
            ResidentFactory(home__block__neighbourhood=neighbourhood, user=UserFactory())
            for _ in range(going + cancelled)
        ]
        for person in people:
            services.sign_up(walkabout=walkabout, user=person.user, resident=person, added_by=person.user)
        for record in SignUp.objects.filter(walkabout=walkabout).order_by("-id")[:cancelled]:
            services.cancel_sign_up(sign_up=record)
    return walkabout


def test_reminders_go_the_day_before_to_those_coming_once_however_often_beat_runs(neighbourhood):
    starts_at = datetime(2027, 3, 10, 10, 0, tzinfo=LONDON)
    walkabout = walk_with_people(neighbourhood, starts_at=starts_at)
    assert walkabout.remind_at == starts_at - timedelta(days=1)

    with time_machine.travel(starts_at - timedelta(days=1, minutes=1), tick=False):
        assert send_walkabout_reminders.apply().get() == 0  # not due yet
    with time_machine.travel(starts_at - timedelta(hours=23), tick=False):
        assert send_walkabout_reminders.apply().get() == 3
        assert send_walkabout_reminders.apply().get() == 0
    with time_machine.travel(starts_at - timedelta(hours=2), tick=False):
        assert send_walkabout_reminders.apply().get() == 0

    going = set(SignUp.objects.filter(status=SignUpStatus.GOING).values_list("user__email", flat=True))
    assert set(reminders().values_list("to", flat=True)) == going and reminders().count() == 3
    assert "is tomorrow" in reminders().first().body


def test_a_walk_moved_to_another_day_is_reminded_again_for_the_new_day(neighbourhood, staff):
    starts_at = datetime(2027, 3, 10, 10, 0, tzinfo=LONDON)
    walkabout = walk_with_people(neighbourhood, going=1, cancelled=0, starts_at=starts_at)
    with time_machine.travel(starts_at - timedelta(hours=20), tick=False):
        services.send_due_reminders()
        moved = starts_at + timedelta(days=7)
        fields = {key: getattr(walkabout, key) for key in services.PLAN_FIELDS}
        services.change_walkabout(
            walkabout=walkabout, actor=staff, **(fields | {"starts_at": moved, "ends_at": moved + timedelta(hours=2)})
        )
    with time_machine.travel(moved - timedelta(hours=20), tick=False):
        services.send_due_reminders()
        services.send_due_reminders()
    assert reminders().count() == 2


def test_a_walk_that_has_started_is_not_reminded(neighbourhood):
    starts_at = datetime(2027, 3, 10, 10, 0, tzinfo=LONDON)
    walk_with_people(neighbourhood, going=1, cancelled=0, starts_at=starts_at)
    with time_machine.travel(starts_at + timedelta(minutes=5), tick=False):
        assert services.send_due_reminders() == 0
    assert not reminders().exists()


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_once_send_each_reminder_once(transactional_db):
    neighbourhood = NeighbourhoodFactory(name="Millfield")
    now = timezone.now()
    walks = [
        walk_with_people(neighbourhood, going=2, cancelled=0, starts_at=now + timedelta(hours=12)) for _ in range(5)
    ]
    Walkabout.objects.update(reminded_at=None)
    barrier = threading.Barrier(2)
    counts, errors = [], []

    def beat():
        try:
            barrier.wait()
            counts.append(services.send_due_reminders(now=now))
        except BaseException as error:  # noqa: BLE001  (reported by the main thread)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors, errors
    assert sum(counts) == 10 == reminders().count()
    assert len(set(reminders().values_list("key", flat=True))) == 10
    assert all(walk.sign_ups.count() == 2 for walk in walks)
