"""The outcomes framework: the four outcomes are fixed (residents.involvement.models.Outcome, which opportunities
are already tagged with); what staff choose is which of the indicators the portal computes (indicators.py) each
outcome is measured by, and the target each must reach."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from residents.involvement.models import Outcome

from . import indicators


class Direction(models.TextChoices):
    AT_LEAST = "at_least", "At least"
    AT_MOST = "at_most", "At most"


class OutcomeIndicator(models.Model):
    """One indicator staff chose for an outcome, with its target."""

    outcome = models.CharField(max_length=24, choices=Outcome.choices)
    indicator = models.CharField(max_length=32, choices=indicators.choices())
    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.AT_LEAST)
    target = models.DecimalField(max_digits=7, decimal_places=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["outcome", "id"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "indicator"], name="outcome_indicator_once"),
            models.CheckConstraint(condition=Q(target__gte=0), name="outcome_indicator_target_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_indicator_display()} for {self.get_outcome_display()}"

    @property
    def definition(self) -> "indicators.Indicator":
        return indicators.REGISTRY[self.indicator]

    def met(self, value) -> bool | None:
        """Whether a figure meets the target (None when there is no figure)."""
        if value is None:
            return None
        return value >= self.target if self.direction == Direction.AT_LEAST else value <= self.target
