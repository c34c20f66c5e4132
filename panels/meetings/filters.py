"""The staff list of meetings' filters, as a django-filter FilterSet: by panel, and when (coming up or held)."""

import django_filters
from django.utils import timezone

from residents.forms import FilterForm

from ..models import Panel
from .models import Meeting

WHEN = [("upcoming", "Coming up"), ("past", "Held")]


class MeetingFilter(django_filters.FilterSet):
    panel = django_filters.ModelChoiceFilter(
        label="Panel",
        queryset=Panel.objects.listed().only("id", "name"),
        empty_label="All panels",
        error_messages={"invalid_choice": "Choose a panel from the list."},
    )
    when = django_filters.ChoiceFilter(
        label="When",
        choices=WHEN,
        empty_label="Any time",
        method="by_when",
        error_messages={"invalid_choice": "Choose from the list."},
    )

    class Meta:
        model = Meeting
        fields = ["panel", "when"]
        form = FilterForm

    def by_when(self, queryset, name, value):
        now = timezone.now()
        return queryset.upcoming(now) if value == "upcoming" else queryset.past(now)
