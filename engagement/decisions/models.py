"""Decisions and the resident voice: a policy or service decision, the resident input that informed it (cited
through the "You said, we did" source registry, residents/updates/sources.py), how those views were considered
and what changed because of them.

A decision goes draft -> ready for Board -> published (and published -> withdrawn). It cannot be ready for the
Board, or published, without both sections written: a check constraint holds that in the database; that it
cites at least one input (another table) is checked by the service under a lock on the decision.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class DecisionKind(models.TextChoices):
    POLICY_REVIEW = "policy_review", "Policy review"
    SERVICE_CHANGE = "service_change", "Service change"
    PLANNED_WORKS = "planned_works", "Planned works programme"
    CONTRACTOR = "contractor", "Contractor choice"
    BOARD_REPORT = "board_report", "Board or committee report"


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    READY = "ready", "Ready for Board"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


# States in which both sections must be written (the database says so too).
NEEDS_SECTIONS = (DecisionStatus.READY, DecisionStatus.PUBLISHED, DecisionStatus.WITHDRAWN)


class DecisionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=DecisionStatus.PUBLISHED)

    def for_board(self):
        """What Board members read: decisions ready for them and published ones."""
        return self.filter(status__in=[DecisionStatus.READY, DecisionStatus.PUBLISHED])


class Decision(models.Model):
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    title = models.CharField(max_length=150)
    summary = models.TextField(max_length=3000)
    decision_date = models.DateField()
    decided_by = models.CharField(max_length=150)
    how_considered = models.TextField("how residents' views were considered", max_length=5000, blank=True)
    what_changed = models.TextField("what changed because of them", max_length=5000, blank=True)
    status = models.CharField(max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT)
    ready_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    residents_told = models.PositiveIntegerField(default=0, help_text="How many residents were emailed at publishing.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decision_date", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="decision_published")]
        constraints = [
            # Written, not blank: a section of spaces and new lines does not count.
            models.CheckConstraint(
                condition=~Q(status__in=[status.value for status in NEEDS_SECTIONS])
                | (~Q(how_considered__regex=r"^\s*$") & ~Q(what_changed__regex=r"^\s*$")),
                name="decision_ready_has_sections",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False), name="decision_published_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawn_reason=""), name="decision_withdrawn_has_reason"
            ),
        ]

    def __str__(self):
        return self.title


class DecisionSource(models.Model):
    """Resident input a decision cites: anything registered as a "You said, we did" source (generic link)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="sources")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("content_type", "object_id")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "content_type", "object_id"], name="decision_source_once")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="decision_source_target")]

    def __str__(self):
        return f"Source {self.content_type_id}:{self.object_id} of decision {self.decision_id}"
