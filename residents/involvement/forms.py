"""Forms of involvement: staff writing an opportunity and deciding on interest; residents expressing interest and
logging hours."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from ..people.models import Neighbourhood
from .models import Interest, Opportunity, OpportunityStatus, Outcome, Support

DATE_HELP = "For example 27/03/2027."


def date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "invalid": "Enter a real date, for example 27/03/2027.",
        },
        **kwargs,
    )


class OpportunityForm(forms.ModelForm):
    """Saved as a draft with whatever is filled in; published (or, once published, saved) only with a pathway to
    change and at least one outcome, each missing one reported next to its field."""

    support_offered = forms.MultipleChoiceField(
        label="Support offered", choices=Support.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    outcomes = forms.MultipleChoiceField(
        label="Outcomes it serves",
        choices=Outcome.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="From our outcomes framework. Choose at least one before publishing.",
    )
    neighbourhood = forms.ModelChoiceField(
        label="Neighbourhood",
        queryset=Neighbourhood.objects.all(),
        required=False,
        empty_label="Anywhere (open to all residents)",
    )
    closes_on = date_field("Closing date", help_text=f"The last day residents can express interest. {DATE_HELP}")

    class Meta:
        model = Opportunity
        fields = [
            "title",
            "kind",
            "role_description",
            "time_commitment",
            "time_detail",
            "where",
            "neighbourhood",
            "pathway_to_change",
            "can_influence",
            "cannot_influence",
            "support_offered",
            "support_detail",
            "outcomes",
            "closes_on",
            "induction_steps",
        ]
        labels = {
            "title": "Title",
            "kind": "Kind of involvement",
            "role_description": "Role description",
            "time_commitment": "Time commitment",
            "time_detail": "Time in more detail",
            "where": "Where",
            "pathway_to_change": "Pathway to change",
            "can_influence": "What residents can influence",
            "cannot_influence": "What residents cannot influence",
            "support_detail": "Support in more detail",
            "induction_steps": "Induction checklist",
        }
        help_texts = {
            "title": "For example 'Join the Repairs Scrutiny Review'.",
            "role_description": "What the volunteer will do, in plain English.",
            "time_detail": "For example '2 hours on the first Tuesday evening of each month'.",
            "where": "For example 'Millfield Community Centre, or online'.",
            "pathway_to_change": "What you tell us goes to ... who decides ... by when. Needed before publishing.",
            "can_influence": "For example 'which contractor we choose for the new repairs contract'.",
            "cannot_influence": "For example 'the overall budget, which the Board sets'.",
            "support_detail": "For example 'mileage at 45p a mile; a BSL interpreter on request'.",
            "induction_steps": "One step per line. Leave empty for our standard induction.",
        }
        widgets = {
            "role_description": forms.Textarea(attrs={"rows": 4}),
            "pathway_to_change": forms.Textarea(attrs={"rows": 3}),
            "can_influence": forms.Textarea(attrs={"rows": 2}),
            "cannot_influence": forms.Textarea(attrs={"rows": 2}),
            "induction_steps": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "title": {"required": "Enter a title."},
            "kind": {"required": "Choose the kind of involvement."},
            "role_description": {"required": "Describe the role."},
            "time_commitment": {"required": "Choose the time commitment."},
            "where": {"required": "Say where it happens."},
        }

    def __init__(self, *args, publishing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.publishing = publishing or self.instance.status == OpportunityStatus.PUBLISHED
        self.fields["kind"].choices = [("", "Choose a kind"), *self.fields["kind"].choices[1:]]
        self.fields["time_commitment"].choices = [("", "Choose one"), *self.fields["time_commitment"].choices[1:]]
        for name in ("pathway_to_change", "outcomes"):
            self.fields[name].mark_optional = False  # needed to publish, as the help says

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        if self.publishing and closes_on < timezone.localdate():
            raise forms.ValidationError("The closing date has passed: choose today or a later date.")
        return closes_on

    def clean(self):
        cleaned = super().clean()
        if self.publishing:
            if not (cleaned.get("pathway_to_change") or "").strip():
                self.add_error(
                    "pathway_to_change",
                    "Say what the pathway to change is (where what residents tell us goes, who decides, by when) "
                    "before publishing.",
                )
            if not cleaned.get("outcomes"):
                self.add_error("outcomes", "Choose at least one outcome it serves before publishing.")
        return cleaned


class InterestForm(forms.Form):
    availability = forms.CharField(
        label="When are you available?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example 'weekday evenings' or 'Saturday mornings, not school holidays'.",
        error_messages={"required": "Tell us when you are available."},
    )
    support_needed = forms.CharField(
        label="What support would help you take part?",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example help with travel, childcare, a hearing loop, large print or an interpreter.",
    )


ACCEPT, DECLINE, PLACE = "accept", "decline", "place"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[(ACCEPT, "Accept"), (DECLINE, "Decline, with a reason"), (PLACE, "Offer another opportunity")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision."},
    )
    reason = forms.CharField(
        label="Reason or message to the resident",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you decline. The resident is told it.",
    )
    placed_in = forms.ModelChoiceField(
        label="Other opportunity",
        queryset=Opportunity.objects.none(),
        required=False,
        empty_label="Choose an opportunity",
        help_text="Needed when you offer another opportunity.",
    )

    def __init__(self, *args, interest: Interest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placed_in"].queryset = (
            Opportunity.objects.published().exclude(pk=interest.opportunity_id).only("id", "title").order_by("title")
        )
        self.fields["reason"].mark_optional = False
        self.fields["placed_in"].mark_optional = False

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == DECLINE and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Give the reason: the resident is told it.")
        if decision == PLACE and not cleaned.get("placed_in"):
            self.add_error("placed_in", "Choose the opportunity to offer them.")
        return cleaned


class HoursForm(forms.Form):
    on = date_field("Date", help_text=DATE_HELP)
    hours = forms.DecimalField(
        label="Hours",
        min_value=Decimal("0.25"),
        max_value=24,
        max_digits=4,
        decimal_places=2,
        help_text="For example 2 or 1.5 (an hour and a half).",
        error_messages={
            "required": "Enter the hours.",
            "invalid": "Enter a number of hours, for example 2 or 1.5.",
            "min_value": "Enter at least a quarter of an hour (0.25).",
            "max_value": "Enter at most 24 hours for one day.",
            "max_decimal_places": "Enter hours to at most 2 decimal places, for example 1.25.",
        },
    )
    opportunity = forms.ModelChoiceField(
        label="Role", queryset=Opportunity.objects.none(), required=False, empty_label="Something else"
    )
    description = forms.CharField(
        label="What did you do?",
        max_length=300,
        help_text="For example 'Delivered leaflets about the Millfield fun day'.",
        error_messages={"required": "Say what you did."},
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = roles
        self.fields["opportunity"].mark_optional = False

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return on
