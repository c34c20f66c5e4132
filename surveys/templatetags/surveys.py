"""Template filters for surveys."""

from datetime import timedelta

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def last_day(closes_at):
    """A survey closes at the start of the day after its last day: residents are told the last day."""
    if closes_at is None:
        return None
    return timezone.localtime(closes_at) - timedelta(days=1)
