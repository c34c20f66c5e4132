"""Events and focus groups: signing up with a waiting list, giving up a place, reminders once, attendance,
staff writing and calling off events; places held when many sign up at once; query counts."""

import threading
from datetime import time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from community.events import services
from community.models import BookingStatus, Event, EventKind, EventSignUp, EventSignUpStatus, EventStatus
from community.spaces import services as spaces
from residents.models import HoursEntry, OutboundEmail

from ..factories import HomeFactory, ResidentFactory, UserFactory
from ..querycount import queries_for_get
from .events_fixtures import make_event


def residents(count):
    return [ResidentFactory(home=HomeFactory(), user=UserFactory()) for _ in range(count)]


def test_a_resident_signs_up_and_then_the_full_event_puts_others_on_a_waiting_list(
    client_for, resident, published_event
):
    url = reverse("community:event_sign_up", args=[published_event.pk])
    page = client_for("resident").post(url, {"access_needs": "I use a wheelchair"}, follow=True).content.decode()
    assert "You have a place" in page
    first, second = residents(2)
    services.sign_up(event=published_event, resident=first)
    waiting = services.sign_up(event=published_event, resident=second)
    assert waiting.status == EventSignUpStatus.WAITING
    detail = client_for("anonymous").get(reverse("community:event_detail", args=[published_event.pk])).content.decode()
    assert "2 (full, 1 on the waiting list)" in detail
    assert OutboundEmail.objects.filter(key__startswith="event-signed-up:").count() == 3


def test_a_resident_on_the_waiting_list_sees_their_number(client_for, other_resident, published_event):
    for person in residents(2):
        services.sign_up(event=published_event, resident=person)
    client_for("other_resident").post(reverse("community:event_sign_up", args=[published_event.pk]))
    page = client_for("other_resident").get(reverse("community:event_detail", args=[published_event.pk]))
    assert "You are number 1 on the waiting list" in page.content.decode()


def test_signing_up_twice_is_refused(client_for, resident, own_sign_up):
    response = client_for("resident").post(reverse("community:event_sign_up", args=[own_sign_up.event_id]))
    assert response.status_code == 400
    assert "You have signed up for this event already." in response.content.decode()


def test_giving_up_a_place_passes_it_to_the_first_waiting_who_is_emailed(client_for, resident, own_sign_up):
    event = own_sign_up.event
    other, first_waiting, second_waiting = residents(3)
    services.sign_up(event=event, resident=other)
    with time_machine.travel(timezone.now() + timedelta(seconds=1)):
        promoted = services.sign_up(event=event, resident=first_waiting)
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        services.sign_up(event=event, resident=second_waiting)

    client_for("resident").post(reverse("community:event_leave", args=[event.pk]))

    assert EventSignUp.objects.get(pk=own_sign_up.pk).status == EventSignUpStatus.CANCELLED
    assert EventSignUp.objects.get(pk=promoted.pk).status == EventSignUpStatus.BOOKED
    assert EventSignUp.objects.filter(event=event, status=EventSignUpStatus.WAITING).get().resident == second_waiting
    email = OutboundEmail.objects.get(key=f"event-place-free:{promoted.pk}")
    assert "a place has come up" in email.body


def test_sign_up_closes_when_the_event_starts_and_drafts_cannot_be_joined(client_for, resident, draft_event):
    started = make_event(starts_at=timezone.now() - timedelta(minutes=5), ends_at=timezone.now() + timedelta(hours=1))
    response = client_for("resident").post(reverse("community:event_sign_up", args=[started.pk]))
    assert response.status_code == 400 and "Sign-up for this event has closed." in response.content.decode()
    assert client_for("resident").post(reverse("community:event_sign_up", args=[draft_event.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_many_residents_signing_up_at_once_never_overfill_the_event():
    event = make_event(capacity=3)
    people = residents(8)
    barrier = threading.Barrier(len(people))
    errors = []

    def join(person):
        try:
            barrier.wait(timeout=20)
            services.sign_up(event=event, resident=person)
        except BaseException as error:  # noqa: BLE001  (reported by the main thread)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=join, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors, errors
    assert EventSignUp.objects.filter(event=event, status=EventSignUpStatus.BOOKED).count() == 3
    assert EventSignUp.objects.filter(event=event, status=EventSignUpStatus.WAITING).count() == 5


def test_reminders_go_once_the_day_before_to_those_with_a_place(own_sign_up):
    event = own_sign_up.event
    waiting = residents(3)
    for person in waiting:
        services.sign_up(event=event, resident=person)
    assert services.send_due_reminders() == 0, "five days ahead: too early"
    with time_machine.travel(event.starts_at - timedelta(hours=20)):
        assert services.send_due_reminders() == 2
        assert services.send_due_reminders() == 0, "a second run reminds nobody again"
    reminded = OutboundEmail.objects.filter(key__startswith="event-reminder:")
    assert reminded.count() == 2
    assert {e.to for e in reminded} >= {"resident@example.org"}


def test_staff_record_who_came(client_for, own_sign_up):
    event = own_sign_up.event
    other = services.sign_up(event=event, resident=residents(1)[0])
    url = reverse("community:event_attendance", args=[event.pk])
    page = client_for("staff").get(url).content.decode()
    assert "Amina Okafor" in page and "I cannot come" not in page
    response = client_for("staff").post(url, {"attended": [str(own_sign_up.pk)]}, follow=True)
    assert "Attendance saved: 1 came." in response.content.decode()
    assert EventSignUp.objects.get(pk=own_sign_up.pk).attended is True
    assert EventSignUp.objects.get(pk=other.pk).attended is False
    # Coming counts on the resident's involvement record, for the event's length; not coming counts nothing.
    length = Decimal((event.ends_at - event.starts_at).total_seconds() / 3600).quantize(Decimal("0.01"))
    assert list(HoursEntry.objects.values_list("resident", "hours", "description")) == [
        (own_sign_up.resident_id, length, f"Event: {event.title}")
    ]
    client_for("staff").post(url, {"attended": [str(other.pk)]})
    assert list(HoursEntry.objects.values_list("resident", flat=True)) == [other.resident_id]


def test_staff_call_an_event_off_and_everyone_signed_up_is_told(client_for, own_sign_up):
    event = own_sign_up.event
    url = reverse("community:event_cancel", args=[event.pk])
    refused = client_for("staff").post(url, {"reason": ""})
    assert refused.status_code == 400 and "Say why: everyone signed up is told." in refused.content.decode()
    client_for("staff").post(url, {"reason": "The hall has flooded."})
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert "The hall has flooded." in OutboundEmail.objects.get(key=f"event-cancelled:{own_sign_up.pk}").body
    page = client_for("anonymous").get(reverse("community:event_detail", args=[event.pk])).content.decode()
    assert "This event is cancelled" in page and "The hall has flooded." in page


def event_form(**fields):
    day = timezone.localdate() + timedelta(days=10)
    return {
        "kind": EventKind.FOCUS_GROUP,
        "title": "Repairs focus group",
        "description": "Tell us how repairs appointments should work.",
        "day": day.isoformat(),
        "starts": "18:00",
        "ends": "19:30",
        "place": "Online (Teams)",
        "capacity": 10,
        "topic": "",
        "can_influence": "",
        "cannot_influence": "",
        "status": "published",
        **fields,
    }


def test_a_focus_group_needs_its_topic_and_what_it_can_influence(client_for, staff):
    response = client_for("staff").post(reverse("community:event_create"), event_form())
    errors = response.context["form"].errors
    assert errors["topic"] == ["Give the focus group's topic."]
    assert errors["can_influence"] == ["Say what residents' views can change: they should know before they come."]
    assert 'value="Repairs focus group"' in response.content.decode()

    client_for("staff").post(
        reverse("community:event_create"),
        event_form(topic="Repairs appointments", can_influence="The time slots we offer."),
    )
    event = Event.objects.get(title="Repairs focus group")
    assert timezone.localtime(event.starts_at).strftime("%H:%M") == "18:00"
    page = client_for("resident").get(reverse("community:event_detail", args=[event.pk])).content.decode()
    assert "What your views can change" in page and "The time slots we offer." in page


def test_an_event_needs_a_place_and_an_end_after_its_start(client_for, staff):
    response = client_for("staff").post(
        reverse("community:event_create"),
        event_form(kind=EventKind.COFFEE_MORNING, place="", starts="12:00", ends="11:00"),
    )
    errors = response.context["form"].errors
    assert errors["place"] == ["Choose one of our spaces or give the place."]
    assert errors["ends"] == ["The end time must be after the start time."]


def test_the_public_list_shows_published_events_to_come_only(client_for, published_event, draft_event):
    make_event(
        title="Last year's fun day",
        starts_at=timezone.now() - timedelta(days=300),
        ends_at=timezone.now() - timedelta(days=300) + timedelta(hours=3),
    )
    page = client_for("anonymous").get(reverse("community:event_list")).content.decode()
    assert "Coffee morning at Alder House" in page
    assert "A draft event" not in page and "Last year's fun day" not in page


def test_event_pages_cost_the_same_with_few_and_many_sign_ups(client_for, resident, published_event):
    services.sign_up(event=published_event, resident=resident.resident)
    urls = [
        reverse("community:my_events"),
        reverse("community:event_list"),
        reverse("community:event_detail", args=[published_event.pk]),
        reverse("community:event_manage"),
        reverse("community:event_attendance", args=[published_event.pk]),
    ]
    clients = [client_for("resident")] * 3 + [client_for("staff")] * 2
    small = [queries_for_get(client, url) for client, url in zip(clients, urls, strict=True)]
    for n in range(12):
        services.sign_up(event=make_event(title=f"Event {n}"), resident=resident.resident)
    for person in residents(10):
        services.sign_up(event=published_event, resident=person)
    large = [queries_for_get(client, url) for client, url in zip(clients, urls, strict=True)]
    for before, after in zip(small, large, strict=True):
        assert after.count == before.count, f"{before}\n{after}"


def test_a_residents_data_download_holds_their_sign_ups(client_for, own_sign_up):
    data = client_for("resident").get(reverse("residents:data_export")).json()
    assert [row["event"] for row in data["event_sign_ups"]] == ["Coffee morning at Alder House"]
    assert data["event_sign_ups"][0]["status"] == "You have a place"


# An event in one of our spaces books it ----------------------------------------------------------------


def test_an_event_in_a_space_books_it_and_moving_or_calling_it_off_frees_it(client_for, staff, community_space):
    day = timezone.localdate() + timedelta(days=10)
    form = event_form(
        kind=EventKind.COFFEE_MORNING, place="", space=community_space.pk, day=day.isoformat(), capacity=20
    )
    client_for("staff").post(reverse("community:event_create"), form)
    event = Event.objects.get(title="Repairs focus group")
    first = event.booking
    assert first.status == BookingStatus.APPROVED and first.purpose == "Event: Repairs focus group"
    assert first.dates.get().approved

    client_for("staff").post(reverse("community:event_edit", args=[event.pk]), {**form, "starts": "17:00"})
    event.refresh_from_db()
    first.refresh_from_db()
    assert first.status == BookingStatus.CANCELLED
    assert timezone.localtime(event.booking.starts_at).strftime("%H:%M") == "17:00"

    client_for("staff").post(reverse("community:event_cancel", args=[event.pk]), {"reason": "Not enough interest."})
    event.booking.refresh_from_db()
    assert event.booking.status == BookingStatus.CANCELLED


def test_an_event_in_a_space_already_booked_is_refused_and_nothing_is_saved(client_for, staff, community_space):
    day = timezone.localdate() + timedelta(days=10)
    spaces.request_booking(
        space=community_space,
        requested_by=staff,
        resident=None,
        purpose="Tenants' meeting",
        people=10,
        day=day,
        starts=time(18, 30),
        ends=time(20),
        group_name="Millfield Tenants",
    )
    form = event_form(kind=EventKind.COFFEE_MORNING, place="", space=community_space.pk, day=day.isoformat())
    response = client_for("staff").post(reverse("community:event_create"), form)
    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["starts"][0]
        .startswith("Alder House Community Room is already booked from 18:30 to 20:00")
    )
    assert not Event.objects.filter(title="Repairs focus group").exists()


def test_residents_who_came_to_an_event_count_as_taking_part_in_the_period(own_sign_up, other_resident):
    from types import SimpleNamespace

    from community.events.selectors import attended_an_event
    from residents.models import Resident

    event = own_sign_up.event
    services.sign_up(event=event, resident=other_resident.resident)
    services.record_attendance(event=event, attended_ids={own_sign_up.pk})
    around = SimpleNamespace(starts_at=event.starts_at - timedelta(days=1), ends_at=event.starts_at + timedelta(days=1))
    before = SimpleNamespace(starts_at=event.starts_at - timedelta(days=9), ends_at=event.starts_at - timedelta(days=1))
    assert list(Resident.objects.filter(attended_an_event(around))) == [own_sign_up.resident]
    assert not Resident.objects.filter(attended_an_event(before)).exists()


def test_my_events_lists_only_my_own_sign_ups(client_for, own_sign_up, other_resident):
    other_event = make_event(title="Piotr's walk")
    services.sign_up(event=other_event, resident=other_resident.resident)
    page = client_for("resident").get(reverse("community:my_events")).content.decode()
    assert "Coffee morning at Alder House" in page and "You have a place" in page
    assert "Piotr's walk" not in page
