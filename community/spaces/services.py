"""Booking a community space: asking, deciding, cancelling. Every change runs in a transaction and queues its
emails in the same transaction (through the outbox).

A request is all or nothing: when one of its weekly dates falls outside opening hours or clashes with an
approved booking, nothing is made and the error says which weeks and offers free times near the first one.
The database has the last word on clashes (an exclusion constraint on approved dates): two approvals at the
same moment cannot both succeed, and the one that loses is told which weeks clash.
"""

from datetime import date, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from residents.models import Resident
from residents.outbox import services as outbox
from residents.permissions import is_staff

from . import permissions
from .models import MAX_WEEKS, Booking, BookingDate, BookingStatus, OpeningHours, Space, WhoMayBook
from .selectors import Slot, approved_between, at, clock_words, day_words, free_slots_near, hours_on, hours_words

EXCLUSION_CONSTRAINT = "booking_date_no_overlap"


class BookingProblem(ValidationError):
    """A request that cannot be made as asked: the message (per form field) and free times near it."""

    def __init__(self, messages: dict[str, str], *, free_slots: list[Slot] = (), series_starts: date | None = None):
        super().__init__(messages)
        self.free_slots = list(free_slots)
        # For a weekly request: its first date, kept when one of the free times (in the week that clashes) is
        # chosen, so the whole series moves to that time.
        self.series_starts = series_starts


def planned_dates(*, day: date, starts: time, ends: time, weeks: int) -> list[tuple[int, Slot]]:
    """(week number, slot) for each week, at the same UK wall-clock times (so a clock change keeps the hours)."""
    return [
        (week, Slot(at(day + timedelta(weeks=week - 1), starts), at(day + timedelta(weeks=week - 1), ends)))
        for week in range(1, weeks + 1)
    ]


def _weeks_words(weeks: list[tuple[int, Slot]]) -> str:
    parts = [f"week {week} ({day_words(slot.day)})" for week, slot in weeks]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def check_opening_hours(space: Space, dates: list[tuple[int, Slot]]) -> None:
    outside = []
    for week, slot in dates:
        hours = hours_on(space, slot.day)
        if hours is None or slot.starts_at < at(slot.day, hours.opens) or slot.ends_at > at(slot.day, hours.closes):
            outside.append((week, slot))
    if not outside:
        return
    week, slot = outside[0]
    hours = hours_on(space, slot.day)
    if len(dates) == 1:
        where = (
            f"{space.name} is closed on {slot.day:%A}s"
            if hours is None
            else (f"{space.name} is open from {hours.opens:%H:%M} to {hours.closes:%H:%M} on {slot.day:%A}s")
        )
        message = f"{where}. Choose a time when it is open ({hours_words(space)})."
    else:
        message = (
            f"Nothing has been booked: {_weeks_words(outside)} would be outside opening hours ({hours_words(space)})."
        )
    raise BookingProblem(
        {"starts": message},
        free_slots=free_slots_near(space, slot.starts_at, slot.ends_at),
        series_starts=dates[0][1].day if len(dates) > 1 else None,
    )


def check_clashes(space: Space, dates: list[tuple[int, Slot]], *, ignore_booking: int | None = None) -> None:
    """Refuse dates that overlap an approved booking of the space (one query for all of them)."""
    first, last = dates[0][1], dates[-1][1]
    taken = approved_between(space, first.starts_at, last.ends_at)
    if ignore_booking:
        taken = taken.exclude(booking_id=ignore_booking)
    taken = list(taken.values_list("starts_at", "ends_at"))
    clashes = [
        (week, slot)
        for week, slot in dates
        if any(starts < slot.ends_at and ends > slot.starts_at for starts, ends in taken)
    ]
    if not clashes:
        return
    week, slot = clashes[0]
    if len(dates) == 1:
        blocking = [(s, e) for s, e in taken if s < slot.ends_at and e > slot.starts_at]
        booked = ", ".join(f"{clock_words(s)} to {clock_words(e)}" for s, e in blocking)
        message = f"{space.name} is already booked from {booked} on {day_words(slot.day)}. Choose a free time."
    else:
        message = (
            f"Nothing has been booked: {_weeks_words(clashes)} "
            f"{'clashes' if len(clashes) == 1 else 'clash'} with another booking. "
            "Choose another time, or fewer weeks."
        )
    raise BookingProblem(
        {"starts": message},
        free_slots=free_slots_near(space, slot.starts_at, slot.ends_at),
        series_starts=dates[0][1].day if len(dates) > 1 else None,
    )


def _link(booking: Booking) -> str:
    return f"{settings.SITE_URL}{reverse('community:booking_detail', args=[booking.pk])}"


def _requester_email(booking: Booking) -> str:
    return booking.requested_by.email


def _email(booking: Booking, template: str, key: str) -> None:
    outbox.queue_email(
        template=template,
        key=f"{key}:{booking.pk}",
        to=_requester_email(booking),
        context={
            "booking": booking,
            "name": booking.resident.first_name if booking.resident else booking.requested_by.full_name,
            "dates": [(d.week, Slot(d.starts_at, d.ends_at)) for d in booking.dates.all()],
            "link": _link(booking),
        },
    )


@transaction.atomic
def request_booking(
    *,
    space: Space,
    requested_by,
    resident: Resident | None,
    purpose: str,
    people: int,
    day: date,
    starts: time,
    ends: time,
    weeks: int = 1,
    group_name: str = "",
) -> Booking:
    """Ask for a space, once or weekly. A resident's request waits for staff to decide; staff booking for a group
    are the ones who decide, so theirs is approved at once. Raises BookingProblem (nothing made) when any date
    cannot be had, PermissionDenied when this person may not book this space."""
    if not permissions.can_request_booking(requested_by, space, linked=resident is not None):
        raise PermissionDenied
    if not 1 <= weeks <= MAX_WEEKS:
        raise BookingProblem({"weeks": f"Choose between 1 and {MAX_WEEKS} weeks."})
    if ends <= starts:
        raise BookingProblem({"ends": "The end time must be after the start time."})
    if people > space.capacity:
        raise BookingProblem({"people": f"{space.name} holds up to {space.capacity} people."})
    if space.who_may_book == WhoMayBook.GROUPS and not group_name.strip():
        raise BookingProblem({"group_name": f"{space.name} is booked by community groups: give the group's name."})
    if is_staff(requested_by) and not group_name.strip():
        raise BookingProblem({"group_name": "Give the name of the group you are booking for."})
    dates = planned_dates(day=day, starts=starts, ends=ends, weeks=weeks)
    if dates[0][1].starts_at <= timezone.now():
        raise BookingProblem({"day": "Choose a date and time in the future."})
    # Serialise requests for one space, so the clash check and the insert below see the same bookings.
    Space.objects.select_for_update().filter(pk=space.pk).get()
    check_opening_hours(space, dates)
    check_clashes(space, dates)
    approve_now = is_staff(requested_by)
    now = timezone.now()
    booking = Booking.objects.create(
        space=space,
        requested_by=requested_by,
        resident=resident,
        group_name=group_name.strip(),
        purpose=purpose,
        people=people,
        weeks=weeks,
        starts_at=dates[0][1].starts_at,
        ends_at=dates[-1][1].ends_at,
        status=BookingStatus.APPROVED if approve_now else BookingStatus.REQUESTED,
        decided_by=requested_by if approve_now else None,
        decided_at=now if approve_now else None,
    )
    try:
        with transaction.atomic():
            BookingDate.objects.bulk_create(
                BookingDate(
                    booking=booking,
                    space=space,
                    week=week,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    approved=approve_now,
                )
                for week, slot in dates
            )
    except IntegrityError as error:
        if EXCLUSION_CONSTRAINT not in str(error):
            raise
        check_clashes(space, dates)  # names the weeks that clash now
        raise
    if not approve_now:
        _email(booking, "booking_requested", "booking-requested")
    return booking


@transaction.atomic
def decide_booking(*, booking: Booking, decided_by, approve: bool, reason: str = "") -> Booking:
    """Approve or decline a request. Declining needs a reason, which the requester sees. Approving fails with
    BookingProblem when a date now clashes with an approved booking (the database refuses the overlap even
    when another approval commits at the same moment)."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("space", "requested_by", "resident")
        .get(pk=booking.pk)
    )
    if not permissions.can_decide(decided_by, booking):
        raise BookingProblem(
            {"decision": "This request can no longer be decided: it was decided already or its time has passed."}
        )
    if not approve and not reason.strip():
        raise BookingProblem({"reason": "Say why the request is declined: the person who asked will see it."})
    if approve:
        try:
            with transaction.atomic():
                booking.dates.update(approved=True)
        except IntegrityError as error:
            if EXCLUSION_CONSTRAINT not in str(error):
                raise
            dates = [(d.week, Slot(d.starts_at, d.ends_at)) for d in booking.dates.all()]
            check_clashes(booking.space, dates, ignore_booking=booking.pk)
            raise BookingProblem({"decision": "Another booking was approved for this time a moment ago."}) from error
    booking.status = BookingStatus.APPROVED if approve else BookingStatus.DECLINED
    booking.decided_by = decided_by
    booking.decided_at = timezone.now()
    booking.reason = reason.strip()
    booking.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    _email(booking, "booking_decided", "booking-decided")
    return booking


@transaction.atomic
def cancel_booking(*, booking: Booking, cancelled_by) -> Booking:
    """The requester (or staff) cancels a request or a booking before its last date has ended. Its dates stop
    holding the space at once. When staff cancel, the requester is told."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("space", "requested_by", "resident")
        .get(pk=booking.pk)
    )
    if not permissions.can_cancel(cancelled_by, booking):
        raise BookingProblem({"cancel": "This booking can no longer be cancelled."})
    booking.dates.update(approved=False)
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.cancelled_by = cancelled_by
    booking.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    if cancelled_by != booking.requested_by and not is_staff(booking.requested_by):
        _email(booking, "booking_cancelled", "booking-cancelled")
    return booking


@transaction.atomic
def save_space(*, form) -> Space:
    """Create or change a space and replace its opening hours. Bookings already approved stay as they are: staff
    who shorten the hours are shown the approved bookings that now fall outside them, to sort out by hand."""
    space = form.save(commit=False)
    if not space.slug:
        space.slug = _unique_slug(space.name)
    space.save()
    OpeningHours.objects.filter(space=space).delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(space=space, weekday=weekday, opens=opens, closes=closes)
        for weekday, (opens, closes) in form.opening_hours().items()
    )
    return space


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "space"
    slug, n = base, 1
    while Space.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def approved_outside_hours(space: Space) -> list[BookingDate]:
    """Approved dates to come that fall outside the space's opening hours (after the hours were changed)."""
    space = Space.objects.prefetch_related("opening_hours").get(pk=space.pk)
    upcoming = BookingDate.objects.filter(space=space, approved=True, ends_at__gt=timezone.now()).select_related(
        "booking"
    )
    outside = []
    for booking_date in upcoming:
        slot = Slot(booking_date.starts_at, booking_date.ends_at)
        hours = hours_on(space, slot.day)
        if hours is None or slot.starts_at < at(slot.day, hours.opens) or slot.ends_at > at(slot.day, hours.closes):
            outside.append(booking_date)
    return outside
