"""The Get involved page's filters: kind, time commitment and neighbourhood (which keeps the opportunities open to
residents anywhere). A value that is not one of the choices is reported next to its field and ignored."""

import django_filters

from ..forms import FilterForm
from ..people.models import Neighbourhood
from .models import Opportunity, OpportunityKind, TimeCommitment


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
