"""Forms of the Community Fund: a round (staff), an application (residents), setting up scoring and deciding
(staff). They check what was typed; the rules are in services.py."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from panels.models import Panel
from residents.models import Neighbourhood

from .models import Application, FundRound
from .services import BELOW_AWARDED, BELOW_MAX_AWARD, FIXED_ONCE_OPEN

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RoundForm(forms.ModelForm):
    criteria_text = forms.CharField(
        label="Criteria the panel scores, with weights",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One a line: the criterion, a colon, then its weight as a percentage; the weights add up to 100. "
        "For example “Reduces loneliness: 40”.",
    )

    class Meta:
        model = FundRound
        fields = [
            "title",
            "description",
            "priorities",
            "budget",
            "max_award",
            "opens_at",
            "closes_at",
            "residents_may_apply",
            "groups_may_apply",
            "partners_may_apply",
            "neighbourhoods",
            "asks_safeguarding",
            "asks_insurance",
            "report_after_days",
        ]
        widgets = {
            "opens_at": DATETIME_WIDGET,
            "closes_at": DATETIME_WIDGET,
            "neighbourhoods": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "priorities": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_criteria_text(self):
        criteria = []
        for number, raw in enumerate(self.cleaned_data["criteria_text"].splitlines(), start=1):
            if not raw.strip():
                continue
            name, sep, weight = raw.rpartition(":")
            if not sep or not name.strip() or not weight.strip().rstrip("%").isdigit():
                raise ValidationError(f"Line {number} needs a criterion, a colon and a weight, like “Value: 20”.")
            criteria.append((name.strip()[:120], int(weight.strip().rstrip("%"))))
        if len({name.lower() for name, _ in criteria}) != len(criteria):
            raise ValidationError("Give each criterion a different name.")
        if any(not 1 <= weight <= 100 for _, weight in criteria) or sum(w for _, w in criteria) != 100:
            raise ValidationError(f"The weights must add up to 100; they add up to {sum(w for _, w in criteria)}.")
        return criteria

    def clean(self):
        data = super().clean()
        if data.get("budget") and data.get("max_award") and data["max_award"] > data["budget"]:
            self.add_error("max_award", "The largest award cannot be more than the whole budget.")
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", "The deadline must be after the round opens.")
        if not (data.get("residents_may_apply") or data.get("groups_may_apply") or data.get("partners_may_apply")):
            self.add_error("residents_may_apply", "Say who may apply.")
        return data


class ApplicationForm(forms.ModelForm):
    """Everything is optional for a draft; submitting checks the rest (services.submission_problems)."""

    class Meta:
        model = Application
        fields = [
            "applicant_type",
            "group_name",
            "title",
            "description",
            "neighbourhoods",
            "beneficiaries",
            "beneficiary_count",
            "amount",
            "budget_breakdown",
            "outcomes",
            "safeguarding",
            "insurance",
        ]
        widgets = {
            "applicant_type": forms.RadioSelect,
            "neighbourhoods": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
            "beneficiaries": forms.Textarea(attrs={"rows": 3}),
            "budget_breakdown": forms.Textarea(attrs={"rows": 5}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
            "safeguarding": forms.Textarea(attrs={"rows": 3}),
            "insurance": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, fund_round: FundRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.all()
        self.fields["neighbourhoods"].required = False
        self.fields["neighbourhoods"].help_text = "This round funds projects helping residents of: " + ", ".join(
            n.name for n in fund_round.neighbourhoods.all()
        )
        self.fields["amount"].help_text = f"Up to £{fund_round.max_award:,.2f}."
        self.fields["amount"].min_value = Decimal("0.01")
        if not fund_round.asks_safeguarding:
            del self.fields["safeguarding"]
        if not fund_round.asks_insurance:
            del self.fields["insurance"]


class ScoringForm(forms.Form):
    panel = forms.ModelChoiceField(
        label="The panel that scores the applications",
        queryset=Panel.objects.order_by("name"),
        error_messages={"required": "Choose the panel."},
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("award", "Award (all or part)"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose award or decline."},
    )
    award = forms.DecimalField(
        label="Amount awarded (£)", required=False, min_value=Decimal("0.01"), max_digits=10, decimal_places=2
    )
    reasons = forms.CharField(
        label="Reasons (the applicant sees these)",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Give the reasons; the applicant sees them."},
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "award" and not data.get("award"):
            self.add_error("award", "Give the amount awarded.")
        return data


class CompleteForm(forms.Form):
    summary = forms.CharField(
        label="What the project did, and who it reached",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        error_messages={"required": "Say what the project did."},
    )


class ReportForm(forms.Form):
    what_done = forms.CharField(
        label="What the project did",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        error_messages={"required": "Say what the project did."},
    )
    people_reached = forms.IntegerField(
        label="How many people it reached",
        min_value=0,
        error_messages={"required": "Say how many people it reached.", "invalid": "Enter a number, like 25."},
    )
    spend = forms.CharField(
        label="How the money was spent",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text="What you bought or paid for, and what it cost.",
        error_messages={"required": "Say how the money was spent."},
    )


class RoundEditForm(RoundForm):
    """Changing a round after it was set up (services.update_round holds the rules; this form says them and greys
    out what can no longer change). Before it opens, everything. Once open: the deadline only later, the text, the
    budget (never below what is already awarded), and the criteria's weights until the panel's first score."""

    def __init__(self, *args, state: dict, **kwargs):
        super().__init__(*args, **kwargs)
        fund_round = self.instance
        self.fields["criteria_text"].initial = "\n".join(f"{c.name}: {c.weight}" for c in state["criteria"])
        awarded = fund_round.awarded_total
        self.fields["budget"].help_text = (
            f"£{awarded:,.2f} has already been awarded: the budget cannot go below that (the database refuses it)."
            if awarded
            else "Nothing has been awarded yet."
        )
        if state["opened"]:
            for name in [*FIXED_ONCE_OPEN, "neighbourhoods"]:
                self.fields[name].disabled = True
                self.fields[name].help_text = "Fixed: the round is open, and applicants have applied on these terms."
            self.fields["closes_at"].help_text = (
                "The round is open: the deadline can be moved later, not earlier "
                f"(it is {state['closes_at']:%-d %B %Y at %H:%M})."
            )
        if state["scored"]:
            self.fields["criteria_text"].disabled = True
            self.fields["criteria_text"].help_text = "Fixed: the panel has started scoring against these criteria."
        elif state["scoring_set_up"]:
            self.fields["criteria_text"].help_text = (
                "Scoring is set up but nobody has scored yet: you can change the weights (adding up to 100), "
                "not the criteria's names."
            )

    def clean_criteria_text(self):
        if self.fields["criteria_text"].disabled:
            return None
        return super().clean_criteria_text()

    def clean(self):
        data = super().clean()
        budget, fund_round = data.get("budget"), self.instance  # the round as saved: the form has not set it yet
        if budget is not None and budget < fund_round.awarded_total:
            self.errors.pop("max_award", None)
            self.add_error("budget", BELOW_AWARDED.format(awarded=fund_round.awarded_total))
        elif self.fields["max_award"].disabled and self.errors.pop("max_award", None):
            # The largest award is fixed: it is the budget that is too low.
            self.add_error("budget", BELOW_MAX_AWARD.format(max_award=fund_round.max_award))
        return data
