"""Forms for who a survey asks and when it goes: the audience, and publishing."""

from datetime import datetime, time

from django import forms
from django.utils import timezone

from residents.models import Neighbourhood

from .models import AudienceKind, Survey, WaveCadence
from .services.audience import audience_problems

MAX_WAVES = 12


class AudienceForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "audience",
            "audience_neighbourhoods",
            "audience_tenure",
            "sample_size",
            "cadence",
            "wave_count",
            "reminder_after_days",
            "reminder_limit",
        ]
        labels = {
            "audience": "Who to ask",
            "audience_neighbourhoods": "Neighbourhoods",
            "audience_tenure": "Tenure",
            "sample_size": "How many residents to ask in each wave",
            "cadence": "How often",
            "wave_count": "Number of waves",
            "reminder_after_days": "Remind those who have not answered after (days)",
            "reminder_limit": "Reminders at most",
        }
        help_texts = {
            "audience_neighbourhoods": "Only for 'Chosen neighbourhoods'.",
            "audience_tenure": "Only for 'One tenure'.",
            "sample_size": "Only for a random sample. Each neighbourhood and tenure gets its fair share.",
            "cadence": "A rolling programme sends a new wave every month or three months.",
            "wave_count": f"1 for a one-off survey; at most {MAX_WAVES}.",
            "reminder_after_days": "0: no reminders.",
            "reminder_limit": "0: no reminders.",
        }
        widgets = {
            "audience": forms.RadioSelect,
            "audience_neighbourhoods": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, chosen_count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.chosen_count = chosen_count
        self.fields["audience_neighbourhoods"].queryset = Neighbourhood.objects.order_by("name")
        self.fields["audience_tenure"].choices = [
            ("", "Choose the tenure"),
            *self.fields["audience_tenure"].choices[1:],
        ]
        self.fields["wave_count"].min_value = 1
        self.fields["wave_count"].max_value = MAX_WAVES
        self.fields["wave_count"].widget.attrs.update(min=1, max=MAX_WAVES)
        self.fields["sample_size"].widget.attrs.update(min=1)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("audience")
        problems = audience_problems(
            kind=kind,
            neighbourhood_count=len(cleaned.get("audience_neighbourhoods") or []),
            tenure=cleaned.get("audience_tenure") or "",
            resident_count=self.chosen_count,
            sample_size=cleaned.get("sample_size"),
        )
        for name, message in problems.items():
            if name == "audience_residents":
                self.add_error("audience", message + " Search the register below and add residents.")
            elif name not in self.errors:
                self.add_error(name, message)
        if cleaned.get("cadence") == WaveCadence.ONCE and (cleaned.get("wave_count") or 1) > 1:
            self.add_error("wave_count", "A survey sent once has one wave. Choose how often, or enter 1.")
        if kind == AudienceKind.SAMPLE and cleaned.get("sample_size") == 0:
            self.add_error("sample_size", "Enter a number above 0.")
        return cleaned


class PublishForm(forms.Form):
    opens_on = forms.DateField(
        label="Opens on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Today sends the invitations as soon as you publish; a later day sends them that morning. "
        "For example 27/03/2026.",
        error_messages={"required": "Enter the opening day.", "invalid": "Enter a real date, for example 27/03/2026."},
    )

    def clean_opens_on(self):
        day = self.cleaned_data["opens_on"]
        if day < timezone.localdate():
            raise forms.ValidationError("The opening day cannot be in the past.")
        return day

    def opens_at(self, now=None) -> datetime:
        """Today: now. A later day: the start of that day."""
        now = now or timezone.now()
        day = self.cleaned_data["opens_on"]
        if day <= timezone.localdate(now):
            return now
        return timezone.make_aware(datetime.combine(day, time.min))
