from datetime import date

from django import forms

from residents.forms import FilterForm

from .periods import ROLLING, periods


class BoardFilterForm(FilterForm):
    """The dashboard's period and neighbourhood. Choices are given by the view (the neighbourhoods are read once
    for the form and the tables)."""

    period = forms.ChoiceField(label="Period", required=False)
    neighbourhood = forms.ChoiceField(label="Neighbourhood", required=False)

    def __init__(self, data=None, *, neighbourhoods: dict[int, str], today: date):
        super().__init__(data)
        self.offered = {period.key: period for period in periods(today)}
        self.neighbourhoods = neighbourhoods
        self.fields["period"].choices = [(key, period.label) for key, period in self.offered.items()]
        self.fields["neighbourhood"].choices = [("", "All neighbourhoods")] + [
            (str(pk), name) for pk, name in sorted(neighbourhoods.items(), key=lambda item: item[1])
        ]

    def chosen(self):
        """(period, neighbourhood id or None): what was asked for, or the defaults for a field in error."""
        data = {}
        if self.is_bound:
            self.is_valid()  # a field in error is left out of cleaned_data, so it takes its default
            data = self.cleaned_data
        period = self.offered[data.get("period") or ROLLING]
        neighbourhood = data.get("neighbourhood")
        return period, int(neighbourhood) if neighbourhood else None

    def query(self) -> str:
        """The filters as a query string, for the Board pack and the CSV links."""
        period, neighbourhood = self.chosen()
        parts = [f"period={period.key}"]
        if neighbourhood:
            parts.append(f"neighbourhood={neighbourhood}")
        return "&".join(parts)
