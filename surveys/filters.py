"""Filters for staff lists of surveys (django-filter)."""

import django_filters

from residents.forms import FilterForm

from .models import Survey, SurveyKind, SurveyStatus


class SurveyFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=SurveyStatus.choices,
        empty_label="All surveys",
        error_messages={"invalid_choice": "Choose a status from the list."},
    )
    kind = django_filters.ChoiceFilter(
        label="Kind of survey",
        choices=SurveyKind.choices,
        empty_label="All kinds",
        error_messages={"invalid_choice": "Choose a kind of survey from the list."},
    )

    class Meta:
        model = Survey
        fields = ["status", "kind"]
        form = FilterForm

    def chosen(self) -> dict[str, str]:
        """The valid choices made, for the page links to carry (an invalid one is shown with its error, and
        dropped)."""
        self.is_valid()  # cleaned_data keeps the valid choices either way
        return {name: value for name, value in self.form.cleaned_data.items() if value}
