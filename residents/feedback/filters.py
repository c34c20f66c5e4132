"""The staff feedback queue's filters, as a django-filter FilterSet: each filter one of Feedback's QuerySet methods
in models.py, so the queue, the staff home's counts and the tests share one definition. A value that is not one
of the choices is reported next to its field and ignored; the rest still apply."""

import django_filters
from django import forms
from django.utils import timezone

from ..forms import FilterForm
from ..people.models import Neighbourhood
from .forms import staff_users
from .models import Feedback, FeedbackCategory, FeedbackKind, FeedbackStatus

OPEN = "open"
ANY = "any"
BY_DUE = "due"
NEWEST = "newest"
ME = "me"
NOBODY = "nobody"


class QueueFilterForm(FilterForm):
    """Field ids start "filter-", so they never clash with another form on the page."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)


class FeedbackQueueFilter(django_filters.FilterSet):
    DEFAULTS = {"status": OPEN, "sort": BY_DUE}

    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[(OPEN, "Open (not closed)"), *FeedbackStatus.choices, (ANY, "Any status")],
        empty_label=None,
        method="filter_status",
    )
    kind = django_filters.ChoiceFilter(label="Kind", choices=FeedbackKind.choices, empty_label="Any kind")
    category = django_filters.ChoiceFilter(
        label="Category", choices=FeedbackCategory.choices, empty_label="Any category"
    )
    # Choices from the tables, read once per visit in __init__ (a ModelChoiceFilter would read the chosen row
    # again to check it).
    neighbourhood = django_filters.ChoiceFilter(label="Neighbourhood", empty_label="All neighbourhoods")
    assignee = django_filters.ChoiceFilter(label="Assigned to", empty_label="Anyone", method="filter_assignee")
    overdue = django_filters.BooleanFilter(label="Overdue only", widget=forms.CheckboxInput, method="filter_overdue")
    possible_hazards = django_filters.BooleanFilter(
        label="Possible hazards to check", widget=forms.CheckboxInput, method="filter_possible_hazards"
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(BY_DUE, "Soonest deadline first"), (NEWEST, "Newest first")],
        empty_label=None,
        method="sort_items",
    )

    class Meta:
        model = Feedback
        fields = []
        form = QueueFilterForm

    def __init__(self, data, *, request, now=None):
        data = data.copy()
        for name, value in self.DEFAULTS.items():
            if not data.get(name):
                data[name] = value  # shown as chosen, as well as applied
        super().__init__(data, queryset=Feedback.objects.for_queue(), request=request)
        self.now = now or timezone.now()
        self.filters["neighbourhood"].extra["choices"] = list(
            Neighbourhood.objects.order_by("name").values_list("pk", "name")
        )
        self.filters["assignee"].extra["choices"] = [
            (ME, "Me"),
            (NOBODY, "Nobody (not assigned)"),
            # Named as User.__str__ names them.
            *[(pk, name or email) for pk, name, email in staff_users().values_list("pk", "full_name", "email")],
        ]

    def filter_queryset(self, queryset):
        # A status or order that was not one of the choices is reported, and the default applies instead.
        for name, value in self.DEFAULTS.items():
            self.form.cleaned_data.setdefault(name, value)
        return super().filter_queryset(queryset)

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.open()
        if value == ANY:
            return queryset
        return queryset.filter(status=value)

    def filter_assignee(self, queryset, name, value):
        if value == ME:
            return queryset.assigned_to(self.request.user)
        return queryset.assigned_to(None if value == NOBODY else value)

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        # With only open items listed already, past due is overdue.
        if self.form.cleaned_data.get("status") == OPEN:
            return queryset.past_due(self.now)
        return queryset.overdue(self.now)

    def filter_possible_hazards(self, queryset, name, value):
        return queryset.possible_hazards() if value else queryset

    def sort_items(self, queryset, name, value):
        return queryset.newest() if value == NEWEST else queryset.by_due()
