"""Reads about spaces: opening hours on a day, free times, and a week of bookings for the calendar."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .models import Booking, BookingDate, BookingStatus, OpeningHours, Space

SLOT_SEARCH_DAYS = 7  # free times are offered on the day asked for and the six after it
MAX_SLOTS = 6


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def at(day: date, clock: time) -> datetime:
    """A UK wall-clock time on a day, as an aware datetime (a clock change that day is taken into account)."""
    return timezone.make_aware(datetime.combine(day, clock))


def day_words(day: date) -> str:
    """'Tuesday 8 December 2026', as dates are written everywhere in the portal."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def clock_words(moment: datetime) -> str:
    return f"{local(moment):%H:%M}"


def spaces_with_hours() -> QuerySet[Space]:
    return Space.objects.listed().select_related("neighbourhood").prefetch_related("opening_hours")


def hours_on(space: Space, day: date) -> OpeningHours | None:
    """The space's opening hours on this day, or None when it is closed (from prefetched hours when there)."""
    return next((hours for hours in space.opening_hours.all() if hours.weekday == day.weekday()), None)


def hours_words(space: Space) -> str:
    """'open Monday 09:00–17:00, Tuesday 09:00–21:00' for messages."""
    days = [
        f"{hours.get_weekday_display()} {hours.opens:%H:%M}–{hours.closes:%H:%M}" for hours in space.opening_hours.all()
    ]
    return ("open " + ", ".join(days)) if days else "not open for bookings at the moment"


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime

    def __str__(self) -> str:
        return (
            f"{day_words(local(self.starts_at).date())}, {clock_words(self.starts_at)} to {clock_words(self.ends_at)}"
        )

    @property
    def day(self) -> date:
        return local(self.starts_at).date()


def approved_between(space: Space, starts_at: datetime, ends_at: datetime) -> QuerySet[BookingDate]:
    return BookingDate.objects.filter(space=space, approved=True, starts_at__lt=ends_at, ends_at__gt=starts_at)


def free_periods(space: Space, day: date, taken: list[tuple[datetime, datetime]]) -> list[Slot]:
    """The stretches of the day the space is open and not booked."""
    hours = hours_on(space, day)
    if hours is None:
        return []
    cursor, closes = at(day, hours.opens), at(day, hours.closes)
    periods = []
    for starts_at, ends_at in sorted(taken):
        if ends_at <= cursor or starts_at >= closes:
            continue
        if starts_at > cursor:
            periods.append(Slot(cursor, starts_at))
        cursor = max(cursor, ends_at)
    if cursor < closes:
        periods.append(Slot(cursor, closes))
    return periods


def free_slots_near(space: Space, starts_at: datetime, ends_at: datetime) -> list[Slot]:
    """Free times at least as long as the one asked for, on its day and the days after it (never in the past):
    what to offer someone whose time clashes or falls outside opening hours. One query."""
    length = ends_at - starts_at
    first_day = max(local(starts_at).date(), timezone.localdate())
    window_start = at(first_day, time.min)
    window_end = at(first_day + timedelta(days=SLOT_SEARCH_DAYS), time.min)
    taken = list(approved_between(space, window_start, window_end).values_list("starts_at", "ends_at"))
    now = timezone.now()
    slots = []
    for offset in range(SLOT_SEARCH_DAYS):
        for period in free_periods(space, first_day + timedelta(days=offset), taken):
            begins = max(period.starts_at, now)
            if period.ends_at - begins >= length:
                slots.append(Slot(begins, period.ends_at))
    return slots[:MAX_SLOTS]


# The weekly calendar ---------------------------------------------------------------------------------------


@dataclass
class CalendarEntry:
    starts_at: datetime
    ends_at: datetime
    label: str
    waiting: bool = False  # a request not decided yet (shown to staff only)
    booking_id: int | None = None


@dataclass
class CalendarDay:
    day: date
    hours: OpeningHours | None
    entries: list[CalendarEntry] = field(default_factory=list)
    free: list[Slot] = field(default_factory=list)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_calendar(space: Space, monday: date, *, for_staff: bool) -> list[CalendarDay]:
    """Seven days from monday: each day's opening hours, its bookings and its free times. Others see "Booked";
    staff see each booking's purpose and the requests still waiting for a decision. Two queries whatever the
    number of bookings (the space's hours are prefetched by the caller)."""
    starts, ends = at(monday, time.min), at(monday + timedelta(days=7), time.min)
    dates = BookingDate.objects.filter(space=space, starts_at__lt=ends, ends_at__gt=starts)
    if for_staff:
        dates = (
            dates.filter(booking__status__in=[BookingStatus.APPROVED, BookingStatus.REQUESTED])
            .select_related("booking")
            .only("starts_at", "ends_at", "approved", "booking__purpose", "booking__group_name", "booking__id")
        )
    else:
        dates = dates.filter(approved=True).only("starts_at", "ends_at", "approved")
    dates = list(dates.order_by("starts_at"))
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        entries = [
            CalendarEntry(
                starts_at=d.starts_at,
                ends_at=d.ends_at,
                label=_staff_label(d.booking) if for_staff else "Booked",
                waiting=not d.approved,
                booking_id=d.booking_id if for_staff else None,
            )
            for d in dates
            if local(d.starts_at).date() == day
        ]
        taken = [(d.starts_at, d.ends_at) for d in dates if d.approved]
        days.append(
            CalendarDay(day=day, hours=hours_on(space, day), entries=entries, free=free_periods(space, day, taken))
        )
    return days


def _staff_label(booking: Booking) -> str:
    return f"{booking.purpose} ({booking.group_name})" if booking.group_name else booking.purpose


def approved_dates_for_feed(space: Space, *, since: datetime) -> QuerySet[BookingDate]:
    return (
        BookingDate.objects.filter(space=space, approved=True, ends_at__gte=since)
        .select_related("booking")
        .only("starts_at", "ends_at", "week", "booking__purpose", "booking__id")
        .order_by("starts_at")
    )


def bookings_with_dates(bookings: QuerySet[Booking]) -> QuerySet[Booking]:
    return bookings.select_related("space", "requested_by").prefetch_related(
        Prefetch("dates", BookingDate.objects.order_by("starts_at"))
    )
