"""Feedback from residents: comments, suggestions, compliments, service requests and complaints.

Complaints follow the Housing Ombudsman's Complaint Handling Code (two stages, deadlines in working days);
possible hazards are flagged for staff to confirm, and a confirmed hazard carries the Awaab's Law clocks.
Replies are addressed to the resident; notes are for staff only and never reach a resident's page, email or
data download. Every change is kept as history.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from ..people.models import Block, Home, Neighbourhood, Resident
from . import timescales
from .workdays import aware_before_passed, working_days_deadline


class FeedbackKind(models.TextChoices):
    COMMENT = "comment", "Comment"
    SUGGESTION = "suggestion", "Suggestion"
    COMPLIMENT = "compliment", "Compliment"
    SERVICE_REQUEST = "service_request", "Service request (something needs doing)"
    COMPLAINT = "complaint", "Complaint"


class FeedbackCategory(models.TextChoices):
    REPAIRS = "repairs", "Repairs"
    DAMP_MOULD = "damp_mould", "Damp and mould"
    SAFETY = "safety", "Safety"
    ASB = "asb", "Anti-social behaviour"
    CLEANING = "cleaning", "Cleaning"
    GROUNDS = "grounds", "Grounds and gardens"
    COMMUNAL = "communal", "Communal areas"
    COMMUNICATION = "communication", "How we keep in touch"
    OTHER = "other", "Something else"


class FeedbackScope(models.TextChoices):
    HOME = "home", "My home"
    BLOCK = "block", "My block or street"
    NEIGHBOURHOOD = "neighbourhood", "My neighbourhood"


class Channel(models.TextChoices):
    PORTAL = "portal", "Online (portal)"
    PHONE = "phone", "Phone call"
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"


class FeedbackStatus(models.TextChoices):
    NEW = "new", "Received"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    IN_PROGRESS = "in_progress", "Being dealt with"
    RESPONDED = "responded", "Responded"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = [FeedbackStatus.NEW, FeedbackStatus.ACKNOWLEDGED, FeedbackStatus.IN_PROGRESS, FeedbackStatus.RESPONDED]


class HazardReview(models.TextChoices):
    NONE = "none", "Not a possible hazard"
    POSSIBLE = "possible", "Possible hazard: to be checked"
    CONFIRMED = "confirmed", "Confirmed hazard"
    DISMISSED = "dismissed", "Checked: not a hazard"


@dataclass(frozen=True)
class HazardPromise:
    """What a resident who reported a possible hazard is told will happen, and by when (Awaab's Law: the
    clocks start when the report reached us, as they do for a confirmed hazard)."""

    confirmed: bool
    damp_mould: bool  # the report is about damp or mould: its investigation clock applies
    investigate_days: int
    investigate_by: datetime
    emergency_hours: int
    emergency_by: datetime
    summary_days: int


# The conditions of the queue's filters, each defined once: the QuerySet methods below filter by them, and the
# staff home counts by them in one aggregate.
IS_OPEN = Q(status__in=OPEN_STATUSES)
IS_POSSIBLE_HAZARD = Q(hazard_review=HazardReview.POSSIBLE)


def past_due_q(now) -> Q:
    return Q(next_due_at__lt=now)


def possible_hazard_past_due_q(now) -> Q:
    """A report still to check whose investigation deadline (timescales.POSSIBLE_HAZARD_INVESTIGATE_DAYS working days
    from when it reached us) has passed: said of when it arrived, so the database answers it from created_at."""
    return IS_POSSIBLE_HAZARD & Q(created_at__lt=aware_before_passed(now, timescales.POSSIBLE_HAZARD_INVESTIGATE_DAYS))


class FeedbackQuerySet(models.QuerySet):
    def open(self):
        return self.filter(IS_OPEN)

    def visible_to_resident(self, user):
        """A resident's own feedback only (another resident's item is a 404)."""
        return self.filter(resident__user=user)

    def past_due(self, now=None):
        """Past its next deadline, whatever the status: chained after open(), this is overdue() without saying
        "open" twice (which makes PostgreSQL guess far too few rows and sort the queue instead of reading its
        index in order)."""
        return self.filter(past_due_q(now or timezone.now()))

    def overdue(self, now=None):
        return self.open().past_due(now)

    def assigned_to(self, user):
        """Assigned to `user`; None for items nobody is dealing with."""
        return self.filter(assignee=user)

    def possible_hazards(self):
        """Reports flagged as a possible hazard that staff have not yet confirmed or ruled out."""
        return self.filter(IS_POSSIBLE_HAZARD)

    def possible_hazards_past_due(self, now=None):
        return self.filter(possible_hazard_past_due_q(now or timezone.now()))

    def by_due(self):
        """Soonest deadline first, then the oldest without one: the order of the feedback_open_by_due index."""
        return self.order_by(F("next_due_at").asc(nulls_last=True), "created_at", "id")

    def newest(self):
        """The order of the feedback_newest index."""
        return self.order_by("-created_at", "-id")

    def for_queue(self):
        """What a row of the staff queue shows, with its resident, neighbourhood and assignee in the same query."""
        return self.select_related("resident", "neighbourhood", "assignee").only(
            *("kind", "category", "status", "next_due_at", "hazard_review", "created_at"),
            *("resident", "resident__first_name", "resident__last_name", "neighbourhood", "neighbourhood__name"),
            *("assignee", "assignee__full_name", "assignee__email"),
        )

    def to_do(self, *, user, now) -> dict:
        """The staff home's counts: open items, those assigned to `user` and those overdue, read from the open-items
        index alone (feedback_open_by_due includes every column they need); then the possible hazards to check, how
        many are past their investigation deadline and when the oldest arrived, from the possible-hazards index.
        Asked as one aggregate over both, PostgreSQL read every open item's row."""
        return self.open().aggregate(
            open=Count("pk"),
            mine=Count("pk", filter=Q(assignee=user)),
            overdue=Count("pk", filter=past_due_q(now)),
        ) | self.filter(IS_POSSIBLE_HAZARD).aggregate(
            possible_hazards=Count("pk"),
            possible_hazards_past_due=Count("pk", filter=possible_hazard_past_due_q(now)),
            oldest_possible_hazard=Min("created_at"),
        )


class Feedback(models.Model):
    # Null for an item staff logged for a neighbourhood (or a block in it) that no resident reported: graffiti
    # spotted on a walkabout, a broken light on the estate. Nobody is emailed about it; it is in the queue, with
    # its hazard clocks, like any other.
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="feedback")
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.PORTAL)
    kind = models.CharField(max_length=20, choices=FeedbackKind.choices)
    category = models.CharField(max_length=20, choices=FeedbackCategory.choices)
    scope = models.CharField("about", max_length=16, choices=FeedbackScope.choices, default=FeedbackScope.HOME)
    # Where the resident lived when they told us: kept even if they move. An item logged for a neighbourhood has no
    # home, and a block only when it was logged for one.
    home = models.ForeignKey(Home, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    block = models.ForeignKey(Block, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="feedback")
    text = models.TextField("what you want to tell us", max_length=5000)
    status = models.CharField(max_length=16, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_feedback"
    )
    hazard_review = models.CharField(max_length=12, choices=HazardReview.choices, default=HazardReview.NONE)
    hazard_words = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    # The earliest deadline not yet met (complaint stage or hazard clock), kept by the services so the
    # queue can sort and filter on it with an index.
    next_due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = "feedback item"
        ordering = ["-created_at", "-id"]
        constraints = [
            # From a resident (with the home they lived in), or logged for a neighbourhood with no resident behind
            # it (the neighbourhood column is never null). A resident's item always names their home and block.
            models.CheckConstraint(
                condition=Q(resident__isnull=False, home__isnull=False, block__isnull=False)
                | Q(resident__isnull=True, home__isnull=True, neighbourhood__isnull=False),
                name="feedback_from_resident_or_for_neighbourhood",
            ),
            # A complaint (the Complaint Handling Code) is always someone's, answered to them.
            models.CheckConstraint(
                condition=~Q(kind="complaint") | Q(resident__isnull=False), name="feedback_complaint_has_resident"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_due_at"], name="feedback_queue"),
            models.Index(fields=["-created_at", "-id"], name="feedback_newest"),
            # The default queue: open items, soonest due first. It includes what the staff home and the Board count
            # of open items (assignee, kind, hazard review), so those counts read the index alone.
            models.Index(
                F("next_due_at").asc(nulls_last=True),
                "created_at",
                "id",
                name="feedback_open_by_due",
                condition=Q(status__in=OPEN_STATUSES),
                include=["assignee", "kind", "hazard_review"],
            ),
            models.Index(fields=["neighbourhood", "status"], name="feedback_area_status"),
            models.Index(fields=["resident", "-created_at"], name="feedback_resident_recent"),
            models.Index(fields=["assignee", "status"], name="feedback_assignee_status"),
            models.Index(fields=["hazard_review"], name="feedback_hazard_review", condition=~Q(hazard_review="none")),
        ]

    def __str__(self):
        return f"{self.reference}: {self.get_kind_display()} about {self.get_category_display().lower()}"

    @property
    def reference(self) -> str:
        return reference_for(self.pk)

    @property
    def for_neighbourhood(self) -> bool:
        """Logged for a neighbourhood (or a block in it), with no resident behind it: nobody to reply to."""
        return self.resident_id is None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_complaint(self) -> bool:
        return self.kind == FeedbackKind.COMPLAINT

    @property
    def hazard_promise(self) -> HazardPromise | None:
        """What we promise a resident whose report may be a hazard; None when it is not one (or staff found
        it is not)."""
        if self.hazard_review not in (HazardReview.POSSIBLE, HazardReview.CONFIRMED):
            return None
        return HazardPromise(
            confirmed=self.hazard_review == HazardReview.CONFIRMED,
            damp_mould=self.category == FeedbackCategory.DAMP_MOULD
            or bool(timescales.DAMP_MOULD_WORDS.intersection(self.hazard_words)),
            # The same deadline the staff queue sorts by and the hazards page counts a breach risk from.
            investigate_days=timescales.POSSIBLE_HAZARD_INVESTIGATE_DAYS,
            investigate_by=possible_hazard_due(self.created_at),
            emergency_hours=timescales.EMERGENCY_HAZARD_HOURS,
            emergency_by=self.created_at + timedelta(hours=timescales.EMERGENCY_HAZARD_HOURS),
            summary_days=timescales.HAZARD_SUMMARY_DAYS,
        )

    @property
    def possible_hazard_due(self):
        """While it is a possible hazard to check: when it must be investigated by, counted from when it reached
        us (Awaab's Law runs from then, not from when staff confirm it)."""
        if self.hazard_review != HazardReview.POSSIBLE:
            return None
        return possible_hazard_due(self.created_at)


def possible_hazard_due(received_at):
    return working_days_deadline(received_at, timescales.POSSIBLE_HAZARD_INVESTIGATE_DAYS)


def reference_for(pk: int) -> str:
    """The reference a resident quotes: FB-000123."""
    return f"FB-{pk:06d}"


def feedback_photo_path(instance, filename: str) -> str:
    """A server-made name: nothing of what the resident's device called the file is kept."""
    return f"feedback/{instance.feedback_id}/{uuid.uuid4().hex}.{instance.extension}"


class FeedbackPhoto(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=feedback_photo_path, max_length=200)
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}

    def __str__(self):
        return f"Photo {self.pk} of {reference_for(self.feedback_id)}"

    @property
    def extension(self) -> str:
        return self.EXTENSIONS[self.content_type]


class FeedbackReply(models.Model):
    """A response addressed to the resident: shown on their page and emailed to them."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Reply to {reference_for(self.feedback_id)}"


class FeedbackNote(models.Model):
    """An internal note: staff only. Never shown to residents, emailed or exported."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Staff note on {reference_for(self.feedback_id)}"


class FeedbackEvent(models.Model):
    """Who did what and when. Staff-only: a resident sees status and replies, not this."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=40)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.action} on {reference_for(self.feedback_id)}"


class ComplaintStage(models.Model):
    """One stage of a complaint under the Complaint Handling Code, with its deadlines in working days."""

    class Stage(models.IntegerChoices):
        ONE = 1, "Stage 1"
        TWO = 2, "Stage 2"

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="stages")
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField()
    acknowledge_due = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    response_due = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["stage"]
        constraints = [
            models.UniqueConstraint(fields=["feedback", "stage"], name="complaint_stage_once"),
            models.CheckConstraint(condition=Q(extension_days__lte=10), name="complaint_extension_at_most_10_days"),
            models.CheckConstraint(
                condition=Q(extension_days=0) | ~Q(extension_reason=""), name="complaint_extension_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} of {reference_for(self.feedback_id)}"

    @property
    def next_due(self):
        if self.acknowledged_at is None:
            return self.acknowledge_due
        if self.responded_at is None:
            return self.response_due
        return None


class HazardSeverity(models.TextChoices):
    EMERGENCY = "emergency", "Emergency: investigate and make safe within 24 hours"
    DAMP_MOULD = "damp_mould", "Significant damp and mould"
    SIGNIFICANT = "significant", "Significant hazard (other)"


# A clock still to meet: its due time is set and it is not done. The investigation clock is always set.
CLOCK_UNMET = (
    Q(investigated_at__isnull=True)
    | Q(make_safe_due__isnull=False, made_safe_at__isnull=True)
    | Q(summary_due__isnull=False, summary_sent_at__isnull=True)
    | Q(further_work_due__isnull=False, further_work_started_at__isnull=True)
)
CLOCK_DONE_LATE = (
    Q(investigated_at__gt=F("investigate_due"))
    | Q(made_safe_at__gt=F("make_safe_due"))
    | Q(summary_sent_at__gt=F("summary_due"))
    | Q(further_work_started_at__gt=F("further_work_due"))
)


class HazardQuerySet(models.QuerySet):
    def to_watch(self):
        """Hazards with a clock still running or one met late: what the hazards page lists. Hazards with every
        clock met in time are done with."""
        return self.filter(CLOCK_UNMET | CLOCK_DONE_LATE)


class Hazard(models.Model):
    """A confirmed hazard and its Awaab's Law clocks. Each clock is a due time and the time it was met."""

    feedback = models.OneToOneField(Feedback, on_delete=models.CASCADE, related_name="hazard")
    severity = models.CharField(max_length=16, choices=HazardSeverity.choices)
    aware_at = models.DateTimeField(help_text="When the report first reached us: the clocks start here.")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)
    investigate_due = models.DateTimeField()
    investigated_at = models.DateTimeField(null=True, blank=True)
    make_safe_due = models.DateTimeField(null=True, blank=True)
    made_safe_at = models.DateTimeField(null=True, blank=True)
    summary_due = models.DateTimeField(null=True, blank=True)
    summary_sent_at = models.DateTimeField(null=True, blank=True)
    further_work_due = models.DateTimeField(null=True, blank=True)
    further_work_started_at = models.DateTimeField(null=True, blank=True)

    objects = HazardQuerySet.as_manager()

    def __str__(self):
        return f"{self.get_severity_display()} on {reference_for(self.feedback_id)}"

    CLOCKS = [
        ("investigate", "Investigate", "investigate_due", "investigated_at"),
        ("make_safe", "Make safe (safety work)", "make_safe_due", "made_safe_at"),
        ("summary", "Written summary to the resident", "summary_due", "summary_sent_at"),
        ("further_work", "Start further work", "further_work_due", "further_work_started_at"),
    ]

    def clocks(self, now=None) -> list[dict]:
        """Each clock that applies: what, when due, when met, and whether it is breached."""
        now = now or timezone.now()
        result = []
        for key, label, due_field, done_field in self.CLOCKS:
            due, done = getattr(self, due_field), getattr(self, done_field)
            if due is None and done is None:
                continue
            breached = due is not None and ((done or now) > due)
            result.append({"key": key, "label": label, "due": due, "done": done, "breached": breached})
        return result

    def next_due(self):
        pending = [c["due"] for c in self.clocks() if c["done"] is None and c["due"] is not None]
        return min(pending) if pending else None
