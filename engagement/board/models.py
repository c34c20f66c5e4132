"""What the Board dashboard keeps: the figures of a reporting year that has ended, frozen the first time they are
asked for (engagement.board.frozen). The model belongs to the `engagement` app (engagement/models.py)."""

from django.db import models
from django.utils import timezone


class FrozenYear(models.Model):
    """An ended reporting year's register grouped for the representativeness tables and the involvement reach, and
    its households reached, as first counted after the year ended. Aggregates only: counts of groups, never a
    person."""

    reporting_year = models.PositiveSmallIntegerField(unique=True)
    figures = models.JSONField()
    frozen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "engagement"

    def __str__(self) -> str:
        return f"Board figures for the reporting year {self.reporting_year}"
