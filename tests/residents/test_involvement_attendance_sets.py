"""Hours from attendance for a whole list at once: record_attendance_hours_for writes every resident's entry in a
fixed number of queries (idempotent per source and resident, milestones thanked for the set), and events and panel
meetings record attendance through it, so recording 50 attendees costs what recording 2 does."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from community.events import services as events
from community.models import EventSignUp, EventSignUpStatus
from panels.meetings import services as meetings
from panels.models import Attendance
from residents.involvement import services, sources
from residents.models import HoursEntry, Neighbourhood, OutboundEmail, Resident

from ..community.events_fixtures import make_event
from ..factories import HomeFactory
from ..panels.meeting_factories import MeetingFactory


@pytest.fixture
def walkabouts():
    sources.register_hours_source(Neighbourhood, describe=lambda place: f"Walkabout in {place.name}")
    yield
    sources._SOURCES.pop(Neighbourhood._meta.label_lower, None)


def make_residents(count: int) -> list[Resident]:
    home = HomeFactory()
    return Resident.objects.bulk_create(
        [
            Resident(
                home=home,
                first_name=f"P{i}",
                last_name="Set",
                email=f"p{i}@example.org",
                resident_reference=f"SET-{i}",
                tenancy_reference=f"SETT-{i}",
            )
            for i in range(count)
        ]
    )


def test_many_residents_hours_are_written_once_per_source_and_resident(walkabouts, neighbourhood):
    people = make_residents(3)
    today = timezone.localdate()
    hours = {person.pk: Decimal("2") for person in people}
    assert services.record_attendance_hours_for(source=neighbourhood, hours_by_resident=hours, on=today) == 3
    hours[people[0].pk] = Decimal("3.5")
    services.record_attendance_hours_for(source=neighbourhood, hours_by_resident=hours, on=today - timedelta(days=1))
    entries = HoursEntry.objects.order_by("resident_id")
    assert [(e.resident_id, e.hours, e.on) for e in entries] == [
        (people[0].pk, Decimal("3.50"), today - timedelta(days=1)),
        (people[1].pk, Decimal("2.00"), today - timedelta(days=1)),
        (people[2].pk, Decimal("2.00"), today - timedelta(days=1)),
    ]
    assert {(e.description, e.confirmed, e.origin) for e in entries} == {("Walkabout in Millfield", True, "attendance")}
    assert services.remove_attendance_hours_for(source=neighbourhood, resident_ids=[people[1].pk]) == 1
    assert list(entries.values_list("resident_id", flat=True)) == [people[0].pk, people[2].pk]


def test_bad_hours_write_nothing(walkabouts, neighbourhood):
    people = make_residents(2)
    with pytest.raises(Exception, match="more than 0 and at most 24"):
        services.record_attendance_hours_for(
            source=neighbourhood,
            hours_by_resident={people[0].pk: Decimal("2"), people[1].pk: Decimal("25")},
            on=timezone.localdate(),
        )
    assert not HoursEntry.objects.exists()


def test_milestones_are_thanked_for_the_set_once_each(walkabouts, neighbourhood):
    people = make_residents(2)
    place = Neighbourhood.objects.create(name="Riverside")
    today = timezone.localdate()
    services.record_attendance_hours_for(source=neighbourhood, hours_by_resident={people[0].pk: 9}, on=today)
    services.record_attendance_hours_for(
        source=place, hours_by_resident={people[0].pk: Decimal("2"), people[1].pk: Decimal("2")}, on=today
    )
    services.record_attendance_hours_for(
        source=place, hours_by_resident={people[0].pk: Decimal("3"), people[1].pk: Decimal("2")}, on=today
    )
    thanks = OutboundEmail.objects.filter(key__startswith="involvement-milestone:")
    assert list(thanks.values_list("key", "to")) == [(f"involvement-milestone:{people[0].pk}:10", "p0@example.org")]


# Query counts: events and meetings record a whole list in the same number of queries -------------------------


@pytest.mark.parametrize("size", [2, 50])
def test_recording_who_came_to_an_event_costs_the_same_queries_however_many(db, django_assert_num_queries, size):
    event = make_event(capacity=100, starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now())
    people = make_residents(size + 1)
    sign_ups = EventSignUp.objects.bulk_create(
        [EventSignUp(event=event, resident=person, status=EventSignUpStatus.BOOKED) for person in people]
    )
    ContentType.objects.get_for_model(event)  # cached for the process, as in a running server
    came = {sign_up.pk for sign_up in sign_ups[:size]}
    with django_assert_num_queries(14):
        assert events.record_attendance(event=event, attended_ids=came) == size
    assert HoursEntry.objects.filter(hours=Decimal("3.00")).count() == size
    with django_assert_num_queries(14):  # a correction: the first no longer came
        events.record_attendance(event=event, attended_ids=came - {sign_ups[0].pk})
    assert HoursEntry.objects.count() == size - 1
    assert not HoursEntry.objects.filter(resident=people[0]).exists()


@pytest.mark.parametrize("size", [2, 50])
def test_recording_who_came_to_a_meeting_costs_the_same_queries_however_many(django_assert_num_queries, staff, size):
    starts = timezone.now() - timedelta(days=2)
    meeting = MeetingFactory(starts_at=starts, ends_at=starts + timedelta(hours=2))
    people = make_residents(size + 1)
    ContentType.objects.get_for_model(meeting)
    entries = [meetings.AttendanceEntry(status="attended", resident_id=person.pk) for person in people[:size]]
    entries.append(meetings.AttendanceEntry(status="absent", resident_id=people[size].pk))
    with django_assert_num_queries(11):
        assert meetings.record_attendance(meeting=meeting, entries=entries, recorded_by=staff) == size + 1
    assert HoursEntry.objects.filter(hours=Decimal("2.00")).count() == size
    entries[0] = meetings.AttendanceEntry(status="", resident_id=people[0].pk)
    with django_assert_num_queries(12):  # and the cleared attendance deleted
        meetings.record_attendance(meeting=meeting, entries=entries, recorded_by=staff)
    assert HoursEntry.objects.count() == size - 1
    assert Attendance.objects.filter(meeting=meeting).count() == size
