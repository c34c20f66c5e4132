"""Community events and focus groups: what staff publish, and who signed up.

Places are held by the database's view of the event row: signing up and cancelling lock the event, so the
number booked never passes its capacity however many people press the button at once; those who come after
are put on a waiting list in the order they asked, and the first of them gets a place when someone cancels.
"""

from datetime import timedelta

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from residents.models import Neighbourhood, Resident

from ..spaces.models import Booking, Space

REMIND_BEFORE = timedelta(hours=24)


class EventKind(models.TextChoices):
    COMMUNITY = "community", "Community event"
    COFFEE_MORNING = "coffee_morning", "Coffee morning"
    DIGITAL_SKILLS = "digital_skills", "Digital skills session"
    FOCUS_GROUP = "focus_group", "Focus group"


class EventStatus(models.TextChoices):
    DRAFT = "draft", "Draft (not shown)"
    PUBLISHED = "published", "Published"
    CANCELLED = "cancelled", "Cancelled"


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EventStatus.PUBLISHED)

    def upcoming(self, *, now=None):
        return self.filter(ends_at__gt=now or timezone.now())

    def listed(self):
        """Shown on the public pages: published ones, and cancelled ones so people who signed up can see why."""
        return self.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])


class Event(models.Model):
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.COMMUNITY)
    title = models.CharField(max_length=150)
    description = models.TextField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    space = models.ForeignKey(Space, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    place = models.CharField(
        "Place (if not one of our spaces)", max_length=300, blank=True, help_text="An address, or Online."
    )
    # An event in one of our spaces holds it with an approved booking, so nobody else can book it then.
    booking = models.OneToOneField(Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="event")
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    capacity = models.PositiveIntegerField(help_text="How many places. Others can join the waiting list.")
    step_free = models.BooleanField("Step-free access", default=False)
    hearing_loop = models.BooleanField("Hearing loop", default=False)
    accessible_toilet = models.BooleanField("Accessible toilet", default=False)
    accessibility_notes = models.TextField(
        blank=True, help_text="Interpreters, large print, quiet room, help with travel costs..."
    )
    # Focus groups: what is being asked and what residents' views can change.
    topic = models.CharField("Focus group topic", max_length=200, blank=True)
    can_influence = models.TextField("What the focus group can influence", blank=True)
    cannot_influence = models.TextField("What it cannot influence", blank=True)
    status = models.CharField(max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT)
    cancel_reason = models.TextField("Why it is cancelled", blank=True)
    created_by = models.ForeignKey("residents.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="event_capacity_positive"),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="event_status_starts")]

    def __str__(self):
        return self.title

    @property
    def where(self) -> str:
        return f"{self.space.name}, {self.space.address}" if self.space_id else self.place

    @property
    def is_over(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def accessibility(self) -> list[str]:
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in ("step_free", "hearing_loop", "accessible_toilet")
            if getattr(self, name)
        ]


class EventSignUpStatus(models.TextChoices):
    BOOKED = "booked", "You have a place"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class EventSignUp(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sign_ups")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="event_sign_ups")
    status = models.CharField(max_length=20, choices=EventSignUpStatus.choices)
    created_at = models.DateTimeField(default=timezone.now)  # the waiting list's order
    cancelled_at = models.DateTimeField(null=True, blank=True)
    access_needs = models.CharField("Anything we should know to help you take part", max_length=300, blank=True)
    attended = models.BooleanField(null=True)  # recorded by staff after the event: None until then
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "resident"],
                condition=Q(status__in=["booked", "waiting"]),
                name="sign_up_one_live_per_resident",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"], name="sign_up_event_status")]

    def __str__(self):
        return f"{self.resident} – {self.event} ({self.get_status_display()})"
