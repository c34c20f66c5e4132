"""Forms of involvement: staff writing an opportunity, deciding on interest and claims, and running training;
residents expressing interest, logging hours and claiming expenses."""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.files.base import ContentFile
from django.utils import timezone

from ..people.models import Neighbourhood
from ..uploads import check_document
from .models import (
    MILEAGE_RATE,
    Course,
    ExpenseKind,
    Interest,
    Opportunity,
    OpportunityStatus,
    Outcome,
    Support,
    TrainingSession,
)

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


# Training ------------------------------------------------------------------------------------------------


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["title", "description", "valid_for_years"]
        labels = {"title": "Course title", "description": "What it covers", "valid_for_years": "Lasts for (years)"}
        help_texts = {
            "valid_for_years": "How many years a completion lasts before it must be done again, for example 3 for "
            "safeguarding. Leave empty if it lasts for good."
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "title": {"required": "Enter the course title.", "unique": "There is a course with this title."}
        }


class SessionForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label="Starts at (UK time)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="For example 27/03/2027 18:30.",
        error_messages={"required": "Enter when it starts.", "invalid": "Enter a real date and time."},
    )

    class Meta:
        model = TrainingSession
        fields = ["course", "starts_at", "where", "places"]
        labels = {"course": "Course", "where": "Where", "places": "Places"}
        help_texts = {"where": "For example 'Millfield Community Centre, or online (we send the link)'."}
        error_messages = {
            "course": {"required": "Choose the course."},
            "where": {"required": "Say where it is."},
            "places": {"required": "Enter how many places there are.", "min_value": "Offer at least 1 place."},
        }

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError("Choose a time in the future.")
        return starts_at


class CompletionForm(forms.Form):
    booking = forms.IntegerField(widget=forms.HiddenInput)
    completed_on = date_field("Completed on", help_text=DATE_HELP)

    def clean_completed_on(self):
        completed_on = self.cleaned_data["completed_on"]
        if completed_on > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return completed_on


# Expenses ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedReceipt:
    content: ContentFile
    content_type: str


class ClaimForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you claiming for?",
        choices=ExpenseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you are claiming for."},
    )
    incurred_on = date_field("Date", help_text=f"The day you travelled or paid. {DATE_HELP}")
    description = forms.CharField(
        label="What was it for?",
        max_length=300,
        help_text="For example 'Bus to the scrutiny panel meeting and back'.",
        error_messages={"required": "Say what it was for."},
    )
    miles = forms.DecimalField(
        label="Miles driven (for mileage)",
        required=False,
        min_value=Decimal("0.1"),
        max_value=1000,
        max_digits=6,
        decimal_places=1,
        help_text=f"There and back. We pay {int(MILEAGE_RATE * 100)}p a mile.",
        error_messages={"invalid": "Enter the miles as a number, for example 12.5."},
    )
    amount = forms.DecimalField(
        label="Amount in pounds (for travel and care costs)",
        required=False,
        min_value=Decimal("0.01"),
        max_value=5000,
        max_digits=8,
        decimal_places=2,
        help_text="As on the receipt, for example 4.80.",
        error_messages={"invalid": "Enter the amount in pounds, for example 4.80."},
    )
    receipt = forms.FileField(
        label="Receipt",
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
        help_text="A photo (JPEG, PNG or WebP) or a PDF of up to 20 MB. Needed for travel and care costs. If the form "
        "shows a problem, choose the file again.",
    )
    opportunity = forms.ModelChoiceField(
        label="Role", queryset=Opportunity.objects.none(), required=False, empty_label="Something else"
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = roles
        for name in ("miles", "amount", "receipt", "opportunity"):
            self.fields[name].mark_optional = False
        self.checked_receipt = None

    def clean_receipt(self):
        upload = self.cleaned_data.get("receipt")
        if upload:
            data = upload.read()
            checked = check_document(data, name=upload.name or "The file", allow_images=True)
            self.checked_receipt = CheckedReceipt(content=ContentFile(data), content_type=checked.content_type)
        return upload

    def clean_incurred_on(self):
        incurred_on = self.cleaned_data["incurred_on"]
        if incurred_on > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return incurred_on

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == ExpenseKind.MILEAGE and not cleaned.get("miles") and "miles" not in self.errors:
            self.add_error("miles", "Enter the miles you drove.")
        if kind in (ExpenseKind.TRAVEL, ExpenseKind.CARE):
            if not cleaned.get("amount") and "amount" not in self.errors:
                self.add_error("amount", "Enter the amount.")
            if self.checked_receipt is None and "receipt" not in self.errors:
                self.add_error("receipt", "Add a photo or PDF of the receipt.")
        return cleaned

    def claim(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "incurred_on": data["incurred_on"],
            "description": data["description"],
            "miles": data.get("miles"),
            "amount": data.get("amount"),
            "receipt": self.checked_receipt,
            "opportunity": data.get("opportunity"),
        }


APPROVE, REFUSE = "approve", "refuse"


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[(APPROVE, "Approve"), (REFUSE, "Refuse, with a reason")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision."},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you refuse. The resident is told it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].mark_optional = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == REFUSE and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Give the reason: the resident is told it.")
        return cleaned
