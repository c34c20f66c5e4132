"""Events: signing up and cancelling (places held under concurrency, a waiting list), attendance and reminders.
Each runs in a transaction and queues its emails in it (through the outbox)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from residents.involvement.services import record_attendance_hours_for, remove_attendance_hours_for
from residents.models import Resident
from residents.outbox import services as outbox

from ..spaces import services as spaces
from ..spaces.models import Booking, BookingStatus
from . import permissions
from .models import REMIND_BEFORE, Event, EventSignUp, EventSignUpStatus, EventStatus


def _link(event: Event) -> str:
    return f"{settings.SITE_URL}{reverse('community:event_detail', args=[event.pk])}"


def _contact(resident: Resident) -> str:
    return resident.user.email if resident.user_id and resident.user.email else resident.email


def _email(sign_up: EventSignUp, template: str, key: str) -> None:
    outbox.queue_email(
        template=template,
        key=key,
        to=_contact(sign_up.resident),
        context={
            "sign_up": sign_up,
            "event": sign_up.event,
            "resident": sign_up.resident,
            "link": _link(sign_up.event),
        },
    )


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update(of=("self",)).select_related("space").get(pk=event.pk)


@transaction.atomic
def save_event(*, form, saved_by) -> Event:
    """Save an event from its form. An event in one of our spaces books the space (approved at once, like any
    staff booking); moving it to another time or space gives up the old booking and books the new one, all or
    nothing. Raises spaces.BookingProblem (nothing saved) when the space is closed or taken then."""
    event = form.save(commit=False)
    if event.created_by_id is None:
        event.created_by = saved_by
    before = Event.objects.filter(pk=event.pk).values("space_id", "starts_at", "ends_at", "booking_id").first()
    moved = before is None or (before["space_id"], before["starts_at"], before["ends_at"]) != (
        event.space_id,
        event.starts_at,
        event.ends_at,
    )
    old_booking = before["booking_id"] if before else None
    if old_booking and (moved or not event.space_id):
        _give_up_booking(old_booking, saved_by)
        event.booking = None
    if event.space_id and (moved or not old_booking):
        starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
        event.booking = spaces.request_booking(
            space=event.space,
            requested_by=saved_by,
            resident=None,
            purpose=f"Event: {event.title}",
            people=event.capacity,
            day=starts.date(),
            starts=starts.time(),
            ends=ends.time(),
            group_name=settings.LANDLORD_NAME,
        )
    event.save()
    return event


def _give_up_booking(booking_id: int, by) -> None:
    booking = Booking.objects.filter(pk=booking_id).first()
    if booking and booking.status in (BookingStatus.REQUESTED, BookingStatus.APPROVED):
        spaces.cancel_booking(booking=booking, cancelled_by=by)


@transaction.atomic
def sign_up(*, event: Event, resident: Resident, access_needs: str = "") -> EventSignUp:
    """A place if one is free, else a place on the waiting list. The event row is locked while places are
    counted, so two residents pressing at once never both take the last place."""
    event = _locked(event)
    if not permissions.can_sign_up(event):
        raise ValidationError("Sign-up for this event has closed.")
    if EventSignUp.objects.filter(
        event=event, resident=resident, status__in=[EventSignUpStatus.BOOKED, EventSignUpStatus.WAITING]
    ).exists():
        raise ValidationError("You have signed up for this event already.")
    booked = EventSignUp.objects.filter(event=event, status=EventSignUpStatus.BOOKED).count()
    status = EventSignUpStatus.BOOKED if booked < event.capacity else EventSignUpStatus.WAITING
    made = EventSignUp.objects.create(event=event, resident=resident, status=status, access_needs=access_needs.strip())
    made.event = event
    _email(made, "event_signed_up", f"event-signed-up:{made.pk}")
    return made


@transaction.atomic
def cancel_sign_up(*, sign_up: EventSignUp) -> EventSignUp | None:
    """Give up a place (or leave the waiting list). A place given up goes to the first on the waiting list, who is
    told by email. Returns the sign-up that got the place, if any."""
    event = _locked(sign_up.event)
    sign_up = EventSignUp.objects.select_for_update().get(pk=sign_up.pk)
    if sign_up.status == EventSignUpStatus.CANCELLED:
        return None
    had_place = sign_up.status == EventSignUpStatus.BOOKED
    sign_up.status = EventSignUpStatus.CANCELLED
    sign_up.cancelled_at = timezone.now()
    sign_up.save(update_fields=["status", "cancelled_at"])
    if not had_place or event.status != EventStatus.PUBLISHED or event.starts_at <= timezone.now():
        return None
    first = (
        EventSignUp.objects.select_for_update(of=("self",))
        .filter(event=event, status=EventSignUpStatus.WAITING)
        .select_related("resident__user")
        .order_by("created_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = EventSignUpStatus.BOOKED
    first.save(update_fields=["status"])
    first.event = event
    _email(first, "event_place_free", f"event-place-free:{first.pk}")
    return first


@transaction.atomic
def cancel_event(*, event: Event, reason: str, cancelled_by) -> Event:
    """Call an event off: everyone signed up or waiting is told why, and the space it booked is free again."""
    event = _locked(event)
    if event.booking_id and not event.is_over:
        _give_up_booking(event.booking_id, cancelled_by)
    event.status = EventStatus.CANCELLED
    event.cancel_reason = reason
    event.save(update_fields=["status", "cancel_reason"])
    for person in EventSignUp.objects.filter(
        event=event, status__in=[EventSignUpStatus.BOOKED, EventSignUpStatus.WAITING]
    ).select_related("resident__user"):
        person.event = event
        _email(person, "event_cancelled", f"event-cancelled:{person.pk}")
    return event


@transaction.atomic
def record_attendance(*, event: Event, attended_ids: set[int]) -> int:
    """Mark who came: every sign-up with a place is marked attended or not. Returns how many came."""
    booked = EventSignUp.objects.filter(event=event, status=EventSignUpStatus.BOOKED)
    booked.filter(pk__in=attended_ids).update(attended=True)
    booked.exclude(pk__in=attended_ids).update(attended=False)
    # Coming counts on the resident's involvement record, for the event's length (at most a day's 24 hours).
    hours = min(Decimal(int((event.ends_at - event.starts_at).total_seconds() // 60)) / 60, Decimal(24))
    hours = hours.quantize(Decimal("0.01"))
    came = set(booked.filter(attended=True).values_list("resident_id", flat=True))
    counted = came if hours > 0 else set()
    record_attendance_hours_for(
        source=event, hours_by_resident=dict.fromkeys(counted, hours), on=timezone.localdate(event.starts_at)
    )
    remove_attendance_hours_for(
        source=event,
        resident_ids=EventSignUp.objects.filter(event=event)
        .exclude(resident_id__in=counted)
        .values_list("resident_id", flat=True),
    )
    return len(came)


def send_due_reminders(*, now=None) -> int:
    """Remind everyone with a place at an event starting within REMIND_BEFORE, once: each sign-up is claimed with
    a conditional UPDATE (reminded_at still empty), so two runs at once never remind anyone twice."""
    now = now or timezone.now()
    due = EventSignUp.objects.filter(
        status=EventSignUpStatus.BOOKED,
        reminded_at__isnull=True,
        event__status=EventStatus.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMIND_BEFORE,
    )
    sent = 0
    for pk in list(due.values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            if not EventSignUp.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
                continue  # another run claimed it
            sign_up = EventSignUp.objects.select_related("event__space", "resident__user").get(pk=pk)
            _email(sign_up, "event_reminder", f"event-reminder:{pk}")
            sent += 1
    return sent
