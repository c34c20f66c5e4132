"""Forms for events: staff writing one, a resident signing up, staff recording who came."""

from datetime import datetime

from django import forms
from django.utils import timezone

from residents.feedback.forms import RadioSelect

from ..spaces.models import Space
from .models import Event, EventKind, EventStatus


class EventForm(forms.ModelForm):
    day = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Give the date.", "invalid": "Give the date as day, month and year."},
    )
    starts = forms.TimeField(
        label="Start time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Give the start time.", "invalid": "Give the time like 10:30."},
    )
    ends = forms.TimeField(
        label="End time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Give the end time.", "invalid": "Give the time like 12:00."},
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "space",
            "place",
            "neighbourhood",
            "capacity",
            "step_free",
            "hearing_loop",
            "accessible_toilet",
            "accessibility_notes",
            "topic",
            "can_influence",
            "cannot_influence",
            "status",
        ]
        widgets = {
            "kind": RadioSelect,
            "status": RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
            "can_influence": forms.Textarea(attrs={"rows": 2}),
            "cannot_influence": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"kind": "What kind of event is it?", "status": "Show it to residents?"}
        error_messages = {
            "title": {"required": "Give the event a title."},
            "description": {"required": "Say what happens at the event."},
            "capacity": {"required": "Say how many places there are.", "invalid": "Give a whole number, like 20."},
        }

    field_order = ["kind", "title", "description", "day", "starts", "ends"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = Space.objects.listed()
        self.fields["space"].label = "Which of our spaces (optional)"
        self.fields["status"].choices = [c for c in EventStatus.choices if c[0] != EventStatus.CANCELLED]
        for name in ("topic", "can_influence", "cannot_influence"):
            self.fields[name].help_text = "For focus groups."
            self.fields[name].mark_optional = False
        if self.instance.pk:
            starts, ends = timezone.localtime(self.instance.starts_at), timezone.localtime(self.instance.ends_at)
            self.initial.update(day=starts.date(), starts=starts.time(), ends=ends.time())

    def clean(self):
        data = super().clean()
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if day and starts and ends:
            if ends <= starts:
                self.add_error("ends", "The end time must be after the start time.")
            else:
                self.instance.starts_at = timezone.make_aware(datetime.combine(day, starts))
                self.instance.ends_at = timezone.make_aware(datetime.combine(day, ends))
        if not data.get("space") and not (data.get("place") or "").strip():
            self.add_error("place", "Choose one of our spaces or give the place.")
        if data.get("space") and data.get("capacity") and data["capacity"] > data["space"].capacity:
            self.add_error("capacity", f"{data['space'].name} holds up to {data['space'].capacity} people.")
        if data.get("capacity") is not None and data["capacity"] < 1:
            self.add_error("capacity", "An event has at least 1 place.")
        if data.get("kind") == EventKind.FOCUS_GROUP:
            for name, message in [
                ("topic", "Give the focus group's topic."),
                ("can_influence", "Say what residents' views can change: they should know before they come."),
            ]:
                if not (data.get(name) or "").strip():
                    self.add_error(name, message)
        return data


class SignUpForm(forms.Form):
    access_needs = forms.CharField(
        label="Anything we should know to help you take part",
        max_length=300,
        required=False,
        help_text="For example: I use a wheelchair, I need a BSL interpreter, I will bring my carer.",
    )


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label="Why is it cancelled?",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
        error_messages={"required": "Say why: everyone signed up is told."},
    )
