"""Staff choosing an outcome's indicators and targets. The form checks what was typed; services.py writes."""

from django import forms

from . import indicators
from .models import Direction, OutcomeIndicator


class RadioSelect(forms.RadioSelect):
    """The error summary's link lands on the first radio of the group."""

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = OutcomeIndicator
        fields = ["indicator", "direction", "target"]
        labels = {"indicator": "Indicator", "direction": "The figure should be", "target": "Target"}
        help_texts = {
            "target": "A percentage (0 to 100) for a share, or a number for a count, over the last four quarters.",
        }
        widgets = {"direction": RadioSelect}

    def __init__(self, *args, outcome: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome = outcome
        taken = set(OutcomeIndicator.objects.filter(outcome=outcome).values_list("indicator", flat=True))
        if self.instance.pk:
            taken.discard(self.instance.indicator)
        self.fields["indicator"].choices = [("", "Choose an indicator")] + [
            (code, label) for code, label in indicators.choices() if code not in taken
        ]
        self.fields["direction"].choices = Direction.choices

    def clean(self):
        cleaned = super().clean()
        code, target = cleaned.get("indicator"), cleaned.get("target")
        if code and target is not None:
            if target < 0:
                self.add_error("target", "Enter a target of 0 or more.")
            elif indicators.REGISTRY[code].unit == indicators.PERCENT and target > 100:
                self.add_error("target", "This indicator is a percentage: enter a target from 0 to 100.")
        return cleaned

    def validate_unique(self):
        """The outcome is not a field of the form: check it here, so a second copy is a message, not an error."""
        code = self.cleaned_data.get("indicator")
        duplicate = OutcomeIndicator.objects.filter(outcome=self.outcome, indicator=code).exclude(pk=self.instance.pk)
        if code and duplicate.exists():
            self.add_error("indicator", "This outcome already has this indicator: change its target instead.")
