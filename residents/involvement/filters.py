"""The filters of the Get involved page (kind, time commitment and neighbourhood, which keeps the opportunities open
to residents anywhere) and of the staff's volunteer register. A value that is not one of the choices is reported
next to its field and ignored."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from ..forms import FilterForm
from ..people.models import Neighbourhood, Resident
from .models import HoursEntry, Interest, Opportunity, OpportunityKind, TimeCommitment


class OpportunityFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="Kind", choices=OpportunityKind.choices, empty_label="Any kind")
    time_commitment = django_filters.ChoiceFilter(
        label="Time commitment", choices=TimeCommitment.choices, empty_label="Any amount of time"
    )
    neighbourhood = django_filters.ChoiceFilter(
        label="Neighbourhood", empty_label="All neighbourhoods", method="filter_neighbourhood"
    )

    class Meta:
        model = Opportunity
        fields = []
        form = FilterForm

    def __init__(self, data, *, queryset):
        super().__init__(data, queryset=queryset)
        self.filters["neighbourhood"].extra["choices"] = list(
            Neighbourhood.objects.order_by("name").values_list("pk", "name")
        )

    def filter_neighbourhood(self, queryset, name, value):
        return queryset.for_neighbourhood(int(value))


class VolunteerFilter(django_filters.FilterSet):
    """The volunteer register's filters: where they live, the kind of role, hours waiting to be confirmed."""

    neighbourhood = django_filters.ChoiceFilter(
        label="Neighbourhood", empty_label="All neighbourhoods", field_name="home__block__neighbourhood"
    )
    kind = django_filters.ChoiceFilter(
        label="Kind of role", choices=OpportunityKind.choices, empty_label="Any kind", method="filter_kind"
    )
    unconfirmed = django_filters.BooleanFilter(
        label="With hours to confirm", widget=forms.CheckboxInput, method="filter_unconfirmed"
    )

    class Meta:
        model = Resident
        fields = []
        form = FilterForm

    def __init__(self, data, *, queryset):
        super().__init__(data, queryset=queryset)
        self.filters["neighbourhood"].extra["choices"] = list(
            Neighbourhood.objects.order_by("name").values_list("pk", "name")
        )

    def filter_kind(self, queryset, name, value):
        return queryset.filter(
            Exists(Interest.objects.accepted().filter(resident=OuterRef("pk"), opportunity__kind=value))
        )

    def filter_unconfirmed(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(HoursEntry.objects.unconfirmed().filter(resident=OuterRef("pk"))))
