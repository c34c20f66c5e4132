"""Forms for booking a space and deciding on a request. They check what was typed; whether the space is open
and free is for services.py, whose refusals are shown next to the field they are about."""

from django import forms

from residents.feedback.forms import RadioSelect

from .models import MAX_WEEKS, Space, Weekday, WhoMayBook

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


class SpaceForm(forms.ModelForm):
    """A space and its opening hours: a pair of times per weekday, both empty when it is closed that day."""

    class Meta:
        model = Space
        fields = [
            "name",
            "neighbourhood",
            "address",
            "description",
            "capacity",
            "step_free",
            "hearing_loop",
            "accessible_toilet",
            "accessibility_notes",
            "facilities",
            "who_may_book",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 3}),
            "facilities": forms.Textarea(attrs={"rows": 4}),
            "who_may_book": RadioSelect,
        }
        labels = {"is_active": "Show it on the site and take bookings"}
        error_messages = {
            "name": {"required": "Give the space a name."},
            "address": {"required": "Give the address."},
            "capacity": {"required": "Say how many people it holds.", "invalid": "Give a whole number, like 40."},
            "neighbourhood": {"required": "Choose the neighbourhood."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1
        hours = {h.weekday: h for h in self.instance.opening_hours.all()} if self.instance.pk else {}
        self.days = []
        for weekday, day_name in Weekday.choices:
            opens, closes = f"{weekday}_opens", f"{weekday}_closes"
            self.fields[opens] = forms.TimeField(
                label=f"{day_name}: opens",
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                error_messages={"invalid": "Give the time like 09:00."},
            )
            self.fields[closes] = forms.TimeField(
                label=f"{day_name}: closes",
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                error_messages={"invalid": "Give the time like 17:00."},
            )
            for name in (opens, closes):
                self.fields[name].mark_optional = False
            if weekday in hours:
                self.initial[opens], self.initial[closes] = hours[weekday].opens, hours[weekday].closes
            self.days.append((day_name, opens, closes))

    @property
    def day_fields(self):
        """(day name, opens field, closes field) for the template's table of opening hours."""
        return [(day_name, self[opens], self[closes]) for day_name, opens, closes in self.days]

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity is not None and capacity < 1:
            raise forms.ValidationError("A space holds at least 1 person.")
        return capacity

    def clean(self):
        data = super().clean()
        for day_name, opens, closes in self.days:
            start, end = data.get(opens), data.get(closes)
            if (start is None) != (end is None) and opens not in self.errors and closes not in self.errors:
                self.add_error(opens if start is None else closes, f"Give both times for {day_name}, or neither.")
            elif start and end and end <= start:
                self.add_error(closes, f"On {day_name} it must close after it opens.")
        return data

    def opening_hours(self) -> dict[int, tuple]:
        """{weekday: (opens, closes)} for the days it is open."""
        data = self.cleaned_data
        return {
            weekday: (data[f"{weekday}_opens"], data[f"{weekday}_closes"])
            for weekday, _ in Weekday.choices
            if data.get(f"{weekday}_opens") and data.get(f"{weekday}_closes")
        }
