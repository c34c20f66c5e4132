"""Filters of the residents app's lists (django-filter)."""

import django_filters
from django import forms

from .models import FeedbackCategory, Neighbourhood, YouSaidWeDid


class FilterForm(forms.Form):
    """The form of a list's filters: each may be left empty, so none is marked "(optional)"."""

    mark_optional = False


class PublicUpdateFilter(django_filters.FilterSet):
    """The public "You said, we did" list by neighbourhood (its entries and those for everyone) and topic."""

    neighbourhood = django_filters.ModelChoiceFilter(
        label="Neighbourhood",
        queryset=Neighbourhood.objects.only("id", "name"),
        empty_label="All neighbourhoods",
        method="for_neighbourhood",
        error_messages={"invalid_choice": "Choose a neighbourhood from the list."},
    )
    topic = django_filters.ChoiceFilter(
        label="Topic",
        choices=FeedbackCategory.choices,
        empty_label="All topics",
        error_messages={"invalid_choice": "Choose a topic from the list."},
    )

    class Meta:
        model = YouSaidWeDid
        fields = ["neighbourhood", "topic"]
        form = FilterForm

    def for_neighbourhood(self, queryset, name, value):
        return queryset.for_neighbourhood(value.pk)
