"""Option scoring: a panel's members each score a set of options against weighted criteria.

One mechanism for every choice residents make this way: contractor bids and designs now, Community Fund
applications later (an option can point at the object it stands for through `subject`). A member who declares
a conflict of interest in an option cannot score it; the database refuses such a score (a trigger, see the
migration), whatever code writes it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from residents.models import Resident


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "Being set up"
    OPEN = "open", "Open for scoring"
    CLOSED = "closed", "Closed"


class ScoringRound(models.Model):
    panel = models.ForeignKey("panels.Panel", on_delete=models.CASCADE, related_name="scoring_rounds")
    title = models.CharField(max_length=150)
    purpose = models.TextField("What is being chosen, and why", max_length=3000)
    max_score = models.PositiveSmallIntegerField(
        "Highest score", default=5, help_text="Members score each criterion from 0 to this."
    )
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    chosen = models.ForeignKey(
        "panels.Option", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="Outcome"
    )
    outcome_reasons = models.TextField("Reasons for the outcome", max_length=5000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(max_score__gte=1) & Q(max_score__lte=100), name="round_max_score"),
            models.CheckConstraint(
                condition=~Q(status=RoundStatus.CLOSED) | ~Q(outcome_reasons=""), name="round_closed_has_reasons"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class Criterion(models.Model):
    round = models.ForeignKey(ScoringRound, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=120)
    description = models.TextField(max_length=1000, blank=True)
    weight = models.PositiveSmallIntegerField(help_text="How much it counts, as a percentage of the total.")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1) & Q(weight__lte=100), name="criterion_weight"),
            models.UniqueConstraint(fields=["round", "name"], name="criterion_name_once"),
        ]

    def __str__(self):
        return self.name


class Option(models.Model):
    round = models.ForeignKey(ScoringRound, on_delete=models.CASCADE, related_name="options")
    name = models.CharField(max_length=150)
    description = models.TextField(max_length=3000, blank=True)
    # What the option stands for elsewhere in the portal, when anything (a Community Fund application).
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="option_name_once")]

    def __str__(self):
        return self.name


class ConflictDeclaration(models.Model):
    """A member's declared conflict of interest in one option: they take no part in scoring it."""

    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="conflicts")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField("The conflict", max_length=2000)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["option", "resident"], name="conflict_once")]

    def __str__(self):
        return f"Conflict of resident {self.resident_id} in option {self.option_id}"


class Score(models.Model):
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField()
    comment = models.CharField(max_length=500, blank=True)
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "criterion", "resident"], name="score_once"),
            models.CheckConstraint(condition=Q(value__gte=0), name="score_not_negative"),
        ]
        indexes = [models.Index(fields=["resident", "option"], name="score_member_option")]

    def __str__(self):
        return f"{self.value} for option {self.option_id} on criterion {self.criterion_id}"
