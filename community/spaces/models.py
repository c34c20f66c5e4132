"""Community spaces and their bookings.

A space says when it is open (per weekday) and who may book it. A booking is what someone asked for (purpose,
people, one date or the same time weekly for up to 12 weeks) and its decision; each of its dates is a
BookingDate. Approved dates of one space never overlap: PostgreSQL refuses them with an exclusion constraint, so
two staff approving clashing requests at the same moment cannot both succeed.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import BigIntegerRangeField, DateTimeRangeField, RangeBoundary, RangeOperators
from django.db import models
from django.db.models import F, Func, Q, Value
from django.utils import timezone

from residents.models import Neighbourhood, Resident

MAX_WEEKS = 12


class WhoMayBook(models.TextChoices):
    RESIDENTS = "residents", "Residents and community groups"
    GROUPS = "groups", "Community groups only"
    STAFF = "staff", "Staff only"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class SpaceQuerySet(models.QuerySet):
    def listed(self):
        """Spaces shown on the public pages and open for booking (staff can retire one and keep its history)."""
        return self.filter(is_active=True)


class Space(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="spaces")
    address = models.CharField(max_length=300)
    description = models.TextField(blank=True, help_text="What the space is like and what it suits.")
    capacity = models.PositiveIntegerField(help_text="The most people allowed in the space at once.")
    step_free = models.BooleanField("Step-free access", default=False)
    hearing_loop = models.BooleanField("Hearing loop", default=False)
    accessible_toilet = models.BooleanField("Accessible toilet", default=False)
    accessibility_notes = models.TextField(blank=True, help_text="Anything else a disabled visitor should know.")
    facilities = models.TextField(blank=True, help_text="One facility a line: kitchen, tables and chairs, Wi-Fi...")
    who_may_book = models.CharField(max_length=20, choices=WhoMayBook.choices, default=WhoMayBook.RESIDENTS)
    is_active = models.BooleanField("Shown and bookable", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(capacity__gt=0), name="space_capacity_positive")]

    def __str__(self):
        return self.name

    @property
    def facility_list(self) -> list[str]:
        return [line.strip() for line in self.facilities.splitlines() if line.strip()]

    @property
    def accessibility(self) -> list[str]:
        """The accessibility features it has, in words."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in ("step_free", "hearing_loop", "accessible_toilet")
            if getattr(self, name)
        ]


class OpeningHours(models.Model):
    """When a space is open on one day of the week. A day without a row is a day it is closed."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["space", "weekday"]
        verbose_name_plural = "opening hours"
        constraints = [
            models.UniqueConstraint(fields=["space", "weekday"], name="opening_hours_one_per_day"),
            models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="opening_hours_close_after_open"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"


class BookingQuerySet(models.QuerySet):
    def of_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)

    def waiting(self):
        return self.filter(status=BookingStatus.REQUESTED)


class Booking(models.Model):
    """What someone asked for: a space, a purpose, how many people, and its dates (one, or weekly up to 12)."""

    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="bookings")
    requested_by = models.ForeignKey("residents.User", on_delete=models.PROTECT, related_name="space_bookings")
    # The register entry of a resident who asked; empty when staff booked for a group.
    resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.SET_NULL, related_name="space_bookings"
    )
    group_name = models.CharField("Community group", max_length=200, blank=True)
    purpose = models.CharField(max_length=200)
    people = models.PositiveIntegerField("Number of people")
    weeks = models.PositiveSmallIntegerField(default=1)
    starts_at = models.DateTimeField(help_text="When the first date starts.")
    ends_at = models.DateTimeField(help_text="When the last date ends.")
    status = models.CharField(max_length=20, choices=BookingStatus.choices, default=BookingStatus.REQUESTED)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey("residents.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    # Why it was declined (the requester sees it), or a note with an approval.
    reason = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        "residents.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(people__gt=0), name="booking_people_positive"),
            models.CheckConstraint(condition=Q(weeks__gte=1, weeks__lte=MAX_WEEKS), name="booking_weeks_1_to_12"),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="booking_status_starts"),
            models.Index(fields=["requested_by", "-starts_at"], name="booking_requester_starts"),
        ]

    def __str__(self):
        return f"{self.purpose} – {self.space}"

    @property
    def reference(self) -> str:
        return f"BK-{self.pk:05d}"

    @property
    def is_over(self) -> bool:
        return self.ends_at <= timezone.now()


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class SameSpace(Func):
    """The space as a one-value range, [id, id]. The exclusion constraint compares spaces with the range type's own
    GiST equality, which core PostgreSQL has: the usual `space_id WITH =` needs the btree_gist extension, and the
    embedded PostgreSQL (pgserver) the zero-setup run and tests use does not ship it."""

    function = "INT8RANGE"
    output_field = BigIntegerRangeField()

    def __init__(self, field: str):
        super().__init__(F(field), F(field), Value("[]"))


class BookingDate(models.Model):
    """One date of a booking. `approved` is true while its booking is approved: only those dates hold the space,
    and PostgreSQL refuses two that overlap in one space."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="dates")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="booking_dates")
    week = models.PositiveSmallIntegerField(default=1)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    approved = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="booking_date_ends_after_start"),
            models.UniqueConstraint(fields=["booking", "week"], name="booking_date_one_per_week"),
            ExclusionConstraint(
                name="booking_date_no_overlap",
                expressions=[
                    (SameSpace("space"), RangeOperators.EQUAL),
                    (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
                ],
                condition=Q(approved=True),
                violation_error_message="This space is already booked at that time.",
            ),
        ]
        indexes = [models.Index(fields=["space", "starts_at"], name="booking_date_space_starts")]

    def __str__(self):
        return f"{self.booking} week {self.week}"
