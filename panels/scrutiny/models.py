"""Scrutiny reviews and the panel's reports to the Board.

Members propose topics and vote on them; staff open a review from the chosen topic. A review moves through its
stages (each move recorded), holds its scope, evidence, findings and recommendations; each recommendation is
answered by management and tracked to done, and a done one can become a "You said, we did" entry that cites it.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from residents.models import Resident

# Reviews the Scrutiny Panel aims to complete each reporting year (the engagement strategy: two a year).
REVIEWS_TARGET_PER_YEAR = 2


def reporting_year(on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The reporting year (1 April to 31 March) a day falls in."""
    start_year = on.year if on.month >= 4 else on.year - 1
    return datetime.date(start_year, 4, 1), datetime.date(start_year + 1, 3, 31)


class TopicBallot(models.Model):
    """A round of choosing the next review topics: each member has votes_per_member votes to spread, one per
    topic, and can move them until voting closes."""

    panel = models.ForeignKey("panels.Panel", on_delete=models.CASCADE, related_name="topic_ballots")
    votes_per_member = models.PositiveSmallIntegerField(default=3)
    closes_at = models.DateTimeField()
    closed_early_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(votes_per_member__gte=1), name="ballot_at_least_one_vote"),
        ]

    def __str__(self):
        return f"Topic vote for {self.panel} closing {self.closes_at:%d %b %Y}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.closed_early_at is None and now < self.closes_at


class TopicQuerySet(models.QuerySet):
    def ranked(self):
        """Most votes first; ties by who proposed first."""
        return self.annotate(vote_count=models.Count("votes")).order_by("-vote_count", "created_at", "id")


class Topic(models.Model):
    """A subject members (or staff) think the panel should scrutinise, and the evidence that prompted it."""

    panel = models.ForeignKey("panels.Panel", on_delete=models.CASCADE, related_name="scrutiny_topics")
    title = models.CharField(max_length=150)
    description = models.TextField("Why the panel should look at this", max_length=3000)
    prompted_by = models.TextField(
        "What prompted it",
        max_length=3000,
        blank=True,
        help_text="Feedback themes, survey results, complaints or satisfaction scores that point to a problem.",
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title


class TopicVote(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="votes")
    ballot = models.ForeignKey(TopicBallot, on_delete=models.CASCADE, related_name="votes")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "topic", "resident"], name="topic_vote_once")]
        indexes = [models.Index(fields=["ballot", "resident"], name="topic_vote_member")]

    def __str__(self):
        return f"Vote of resident {self.resident_id} for topic {self.topic_id}"


class ReviewStage(models.TextChoices):
    SCOPING = "scoping", "Scoping"
    EVIDENCE = "evidence", "Evidence gathering"
    REPORTING = "reporting", "Reporting"
    RESPONSE = "response", "Management response"
    IMPLEMENTATION = "implementation", "Implementation"
    CLOSED = "closed", "Closed"


STAGE_ORDER = list(ReviewStage.values)


class ReviewQuerySet(models.QuerySet):
    def reported_between(self, start: datetime.date, end: datetime.date):
        """Reviews whose report went to management in the period: the panel's part of the review is done."""
        return self.filter(reported_on__gte=start, reported_on__lte=end)


class Review(models.Model):
    panel = models.ForeignKey("panels.Panel", on_delete=models.CASCADE, related_name="reviews")
    topic = models.OneToOneField(Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="review")
    title = models.CharField(max_length=150)
    scope = models.TextField(
        "Scope", max_length=5000, blank=True, help_text="The questions the review will answer, and what it leaves out."
    )
    stage = models.CharField(max_length=20, choices=ReviewStage.choices, default=ReviewStage.SCOPING)
    # The day the report went to management (the move out of Reporting): counts towards the year's target.
    reported_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["panel", "reported_on"], name="review_panel_reported")]

    def __str__(self):
        return self.title

    @property
    def stage_number(self) -> int:
        return STAGE_ORDER.index(self.stage) + 1


class StageChange(models.Model):
    """One move of a review from a stage to another: who moved it and when."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=ReviewStage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=ReviewStage.choices)
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    moved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["moved_at", "id"]

    def __str__(self):
        return f"{self.from_stage or 'start'} -> {self.to_stage}"


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    PERFORMANCE = "performance", "Performance figures"
    INTERVIEW = "interview", "Interview notes"
    MYSTERY_SHOPPING = "mystery_shopping", "Mystery shopping notes"
    OTHER = "other", "Other notes"


def evidence_path(instance, filename: str) -> str:
    return f"scrutiny/evidence/{uuid.uuid4().hex}.{instance.extension}"


class Evidence(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    title = models.CharField(max_length=150)
    notes = models.TextField(max_length=10000, blank=True)
    document = models.FileField(upload_to=evidence_path, blank=True, max_length=200)
    document_content_type = models.CharField(max_length=40, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(condition=~Q(notes="") | ~Q(document=""), name="evidence_has_notes_or_document"),
        ]

    def __str__(self):
        return self.title

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.document_content_type, "bin")


class Finding(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField(max_length=3000)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self):
        return self.text[:80]


class ManagementResponse(models.TextChoices):
    AWAITING = "awaiting", "Awaiting response"
    ACCEPTED = "accepted", "Accepted"
    PARTLY = "partly", "Partly accepted"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


class RecommendationQuerySet(models.QuerySet):
    def in_progress(self):
        """Accepted (wholly or partly) and not yet done."""
        return self.filter(
            response__in=[ManagementResponse.ACCEPTED, ManagementResponse.PARTLY], completed_at__isnull=True
        )

    def overdue(self, today=None):
        return self.in_progress().filter(due_on__lt=today or timezone.localdate())


class Recommendation(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(max_length=3000)
    response = models.CharField(
        "Management response", max_length=20, choices=ManagementResponse.choices, default=ManagementResponse.AWAITING
    )
    response_reasons = models.TextField("Reasons", max_length=3000, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scrutiny_recommendations",
        help_text="The member of staff who makes it happen.",
    )
    due_on = models.DateField("Due by", null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["response", "completed_at", "due_on"], name="recommendation_tracking")]
        constraints = [
            models.CheckConstraint(
                condition=Q(response=ManagementResponse.AWAITING) | ~Q(response_reasons=""),
                name="recommendation_response_has_reasons",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True)
                | Q(response__in=[ManagementResponse.ACCEPTED, ManagementResponse.PARTLY]),
                name="recommendation_done_only_if_accepted",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def is_accepted(self) -> bool:
        return self.response in (ManagementResponse.ACCEPTED, ManagementResponse.PARTLY)

    def is_overdue(self, today=None) -> bool:
        return (
            self.is_accepted
            and self.completed_at is None
            and self.due_on is not None
            and self.due_on < (today or timezone.localdate())
        )


class ProgressUpdate(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(max_length=3000)
    marks_done = models.BooleanField(default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self):
        return self.text[:80]


class BoardReportQuerySet(models.QuerySet):
    def awaiting_response(self):
        return self.filter(responded_at__isnull=True)


class BoardReport(models.Model):
    """A panel's report to the Board and, once the Board has met, its response and decisions."""

    panel = models.ForeignKey("panels.Panel", on_delete=models.CASCADE, related_name="board_reports")
    title = models.CharField(max_length=150)
    summary = models.TextField("The report", max_length=10000)
    asks = models.TextField("What the panel asks the Board to do", max_length=3000, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    response = models.TextField("The Board's response", max_length=5000, blank=True)
    decisions = models.TextField("Decisions", max_length=5000, blank=True)
    decided_on = models.DateField("Date of the Board's decision", null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = BoardReportQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responded_at__isnull=True) | (~Q(response="") & Q(decided_on__isnull=False)),
                name="board_report_response_complete",
            ),
        ]

    def __str__(self):
        return self.title
