"""Forms of option scoring. They check what was typed; the rules are in services.py."""

from django import forms

from .models import Criterion, Option, ScoringRound


class RoundForm(forms.ModelForm):
    class Meta:
        model = ScoringRound
        fields = ["title", "purpose", "max_score"]
        labels = {"title": "What the round is called"}


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "description", "weight"]
        labels = {"name": "Criterion", "weight": "Weight (%)"}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class OptionForm(forms.ModelForm):
    class Meta:
        model = Option
        fields = ["name", "description"]
        labels = {"name": "Option"}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ScoreForm(forms.Form):
    """One field per criterion of the round, from 0 to the round's highest score."""

    comment = forms.CharField(
        label="Comment (only staff see it until the round closes)", max_length=500, required=False
    )

    def __init__(self, *args, criteria, max_score: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        fields = {}
        for criterion in criteria:
            fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (weight {criterion.weight}%)",
                min_value=0,
                max_value=max_score,
                help_text=criterion.description or f"From 0 (poor) to {max_score} (excellent).",
            )
        self.fields = {**fields, "comment": self.fields["comment"]}

    def values(self) -> dict[int, int]:
        return {criterion.pk: self.cleaned_data[f"criterion_{criterion.pk}"] for criterion in self.criteria}


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label="Your conflict of interest",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: a relative works for this contractor.",
    )


class CloseForm(forms.Form):
    chosen = forms.ModelChoiceField(
        label="Option chosen", queryset=Option.objects.none(), required=False, empty_label="None of them"
    )
    outcome_reasons = forms.CharField(
        label="Reasons for the outcome", max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, scoring_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].queryset = scoring_round.options.all()
