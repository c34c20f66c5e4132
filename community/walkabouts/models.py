"""Walkabouts and Explorer days: staff plan a walk round a neighbourhood, residents and Board members sign up (a
waiting list once it is full), and the issues found on the way are logged as feedback for the neighbourhood.

An issue is not a second tracker: WalkaboutIssue only links a residents Feedback item to the walk it was found on,
with what the feedback has no field for (where exactly, priority, the date it should be put right by). The
feedback queue, replies and hazard clocks do the rest.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from residents.models import Feedback, FeedbackStatus, Neighbourhood, Resident

REMIND_BEFORE = timezone.timedelta(days=1)


class WalkaboutKind(models.TextChoices):
    WALKABOUT = "walkabout", "Walkabout"
    EXPLORER = "explorer", "Explorer day"


class WalkaboutQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(starts_at__gt=now or timezone.now())

    def in_neighbourhood(self, neighbourhood_id: int):
        return self.filter(neighbourhood_id=neighbourhood_id)

    def for_list(self):
        """What a row of a list shows: the neighbourhood and how many are coming, in the same query."""
        return self.select_related("neighbourhood").annotate(
            # distinct: the two counts join both tables, which repeats each sign-up once per issue.
            going=Count("sign_ups", filter=Q(sign_ups__status=SignUpStatus.GOING), distinct=True),
            issue_count=Count("issues", distinct=True),
        )

    def reminders_due(self, now):
        """Walks whose day-before reminder is due and not yet sent, and which have not started."""
        return self.filter(remind_at__lte=now, reminded_at__isnull=True, starts_at__gt=now)


class Walkabout(models.Model):
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="walkabouts")
    kind = models.CharField(max_length=12, choices=WalkaboutKind.choices, default=WalkaboutKind.WALKABOUT)
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    meeting_point = models.CharField(max_length=200)
    route = models.TextField(max_length=2000)
    step_free = models.BooleanField("the whole route is step-free", default=False)
    distance_km = models.DecimalField("distance (km)", max_digits=4, decimal_places=1)
    seating = models.BooleanField("there are places to sit along the way", default=False)
    accessibility_notes = models.TextField(max_length=1000, blank=True)
    capacity = models.PositiveSmallIntegerField()
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    partners = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # The day-before reminder: due at remind_at, claimed by the beat task with a conditional UPDATE of reminded_at.
    remind_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    # The report after the walk: what staff say is being done; participants are told once it is published.
    report_summary = models.TextField("what we are doing", max_length=5000, blank=True)
    report_published_at = models.DateTimeField(null=True, blank=True)

    objects = WalkaboutQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="walkabout_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="walkabout_capacity_positive"),
        ]
        indexes = [
            models.Index(fields=["neighbourhood", "-starts_at"], name="walkabout_area_recent"),
            models.Index(fields=["remind_at"], name="walkabout_reminder_due", condition=Q(reminded_at__isnull=True)),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.get_kind_display()} in {self.neighbourhood.name}, {local:%A} {local.day} {local:%B %Y}"

    def is_upcoming(self, now=None) -> bool:
        return self.starts_at > (now or timezone.now())

    @property
    def hours(self):
        """What coming counts for on a resident's involvement record: the walk's length (at most a day's 24 hours),
        in hundredths of an hour."""
        minutes = int((self.ends_at - self.starts_at).total_seconds() // 60)
        return min(Decimal(minutes) / 60, Decimal(24)).quantize(Decimal("0.01"))

    @property
    def report_published(self) -> bool:
        return self.report_published_at is not None


class SignUpStatus(models.TextChoices):
    GOING = "going", "Coming"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class SignUp(models.Model):
    """One person on a walk: a resident (with or without a portal account: someone who phoned) or a Board member."""

    walkabout = models.ForeignKey(Walkabout, on_delete=models.CASCADE, related_name="sign_ups")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=12, choices=SignUpStatus.choices)
    # The waiting list is in the order people joined it.
    waiting_since = models.DateTimeField(null=True, blank=True)
    needs = models.CharField("anything we should know", max_length=300, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Recorded by staff once the walk has started: True came, False did not come, None not recorded. A resident who
    # joined on the day is added as coming, and came.
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(resident__isnull=False), name="signup_names_someone"
            ),
            models.CheckConstraint(
                condition=Q(attended__isnull=True) | Q(status="going"), name="signup_attendance_of_those_coming"
            ),
            models.UniqueConstraint(
                fields=["walkabout", "user"], condition=Q(user__isnull=False), name="signup_once_per_user"
            ),
            models.UniqueConstraint(
                fields=["walkabout", "resident"], condition=Q(resident__isnull=False), name="signup_once_per_resident"
            ),
        ]
        indexes = [models.Index(fields=["walkabout", "status", "waiting_since"], name="signup_walk_status")]

    def __str__(self):
        return f"{self.name} on walkabout {self.walkabout_id}"

    @property
    def name(self) -> str:
        """Needs user and resident loaded (select_related)."""
        if self.resident_id:
            return self.resident.full_name
        return str(self.user)

    @property
    def email(self) -> str:
        if self.user_id and self.user.email:
            return self.user.email
        return self.resident.email if self.resident_id else ""


class Priority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


class WalkaboutIssueQuerySet(models.QuerySet):
    def for_report(self):
        return self.select_related("feedback").only(
            *("id", "walkabout_id", "location", "priority", "due_on", "created_at"),
            *("feedback__id", "feedback__category", "feedback__status", "feedback__closed_at"),
        )


class WalkaboutIssue(models.Model):
    """An issue found on a walk: the Feedback item it is, and the walk it was found on."""

    # None: logged between walks, by a Block Champion for their own block (community/champions).
    walkabout = models.ForeignKey(Walkabout, on_delete=models.PROTECT, null=True, blank=True, related_name="issues")
    feedback = models.OneToOneField(Feedback, on_delete=models.PROTECT, related_name="walkabout_issue")
    # The key the logging form carries: a send that is retried (weak signal) finds the issue it made the first time.
    key = models.UUIDField(unique=True, default=uuid.uuid4)
    location = models.CharField("where", max_length=300)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    due_on = models.DateField("put right by")
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = WalkaboutIssueQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False, latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="walkabout_issue_point_valid",
            )
        ]

    def __str__(self):
        return f"{self.feedback.reference} on walkabout {self.walkabout_id}"

    @property
    def resolved(self) -> bool:
        return self.feedback.status == FeedbackStatus.CLOSED

    @property
    def resolved_on_time(self) -> bool:
        closed = self.feedback.closed_at
        return self.resolved and closed is not None and timezone.localdate(closed) <= self.due_on
