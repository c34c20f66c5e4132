"""Forms for booking a space and deciding on a request. They check what was typed; whether the space is open
and free is for services.py, whose refusals are shown next to the field they are about."""

from django import forms

from residents.feedback.forms import RadioSelect

from .models import MAX_WEEKS, Space, WhoMayBook

WEEK_CHOICES = [(1, "Just this date")] + [(n, f"Every week for {n} weeks") for n in range(2, MAX_WEEKS + 1)]


class BookingForm(forms.Form):
    purpose = forms.CharField(
        label="What is the booking for?",
        max_length=200,
        help_text="For example: coffee morning, tenants' association meeting, children's party.",
        error_messages={"required": "Say what the booking is for."},
    )
    group_name = forms.CharField(
        label="Community group",
        max_length=200,
        required=False,
        help_text="If you are booking for a group, give its name.",
    )
    people = forms.IntegerField(
        label="How many people will come?",
        min_value=1,
        error_messages={
            "required": "Say how many people will come.",
            "invalid": "Give the number of people as a whole number, like 12.",
            "min_value": "At least 1 person must come.",
        },
    )
    day = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Give the date.", "invalid": "Give the date as day, month and year."},
    )
    starts = forms.TimeField(
        label="Start time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Include time to set up.",
        error_messages={"required": "Give the start time.", "invalid": "Give the start time like 14:30."},
    )
    ends = forms.TimeField(
        label="End time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Include time to tidy up.",
        error_messages={"required": "Give the end time.", "invalid": "Give the end time like 16:00."},
    )
    weeks = forms.TypedChoiceField(
        label="How often?",
        choices=WEEK_CHOICES,
        coerce=int,
        initial=1,
        help_text=f"A weekly booking is made for every week or for none: up to {MAX_WEEKS} weeks.",
        error_messages={"invalid_choice": f"Choose up to {MAX_WEEKS} weeks."},
    )

    def __init__(self, *args, space: Space, for_staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.space = space
        self.fields["people"].help_text = f"{space.name} holds up to {space.capacity} people."
        self.fields["people"].max_value = space.capacity
        if for_staff or space.who_may_book == WhoMayBook.GROUPS:
            field = self.fields["group_name"]
            field.required = True
            field.label = "Community group"
            field.help_text = "The group the space is booked for."
            field.error_messages["required"] = "Give the name of the group."

    def clean_people(self):
        people = self.cleaned_data["people"]
        if people > self.space.capacity:
            raise forms.ValidationError(f"{self.space.name} holds up to {self.space.capacity} people.")
        return people

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", "The end time must be after the start time.")
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve"), ("decline", "Decline")],
        widget=RadioSelect,
        error_messages={"required": "Choose approve or decline."},
    )
    reason = forms.CharField(
        label="Reason or note for the person who asked",
        help_text="Needed when you decline. The person who asked sees it and it is in the email they get.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
    reason.mark_optional = False

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("reason", "").strip():
            self.add_error("reason", "Say why the request is declined: the person who asked will see it.")
        return data
