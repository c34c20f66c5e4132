"""Forms of walkabouts: planning one, signing up, adding someone who phoned, logging an issue, the report. They
check what was typed; the rules are in services.py."""

import uuid
from datetime import datetime, timedelta

from django import forms
from django.contrib import messages
from django.utils import timezone

from residents.feedback.forms import PhotosField, RadioSelect, staff_users
from residents.models import FeedbackCategory, Neighbourhood, Resident

from . import services
from .models import Priority, SignUp, SignUpStatus, Walkabout

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class WalkaboutForm(forms.ModelForm):
    """Staff plan a walk: the day and times are asked as a date and two times (what people think in)."""

    day = forms.DateField(
        label="Date",
        widget=DATE_WIDGET,
        error_messages={"required": "Enter the date of the walk.", "invalid": "Enter a date, like 21/11/2026."},
    )
    start_time = forms.TimeField(
        label="Start time",
        widget=TIME_WIDGET,
        error_messages={"required": "Enter the time it starts.", "invalid": "Enter a time, like 10:30."},
    )
    end_time = forms.TimeField(
        label="End time",
        widget=TIME_WIDGET,
        error_messages={"required": "Enter the time it ends.", "invalid": "Enter a time, like 12:30."},
    )
    lead = forms.ModelChoiceField(
        label="Who leads it",
        queryset=staff_users(),
        error_messages={"required": "Choose who leads the walk."},
    )

    class Meta:
        model = Walkabout
        fields = [
            "neighbourhood",
            "kind",
            "day",
            "start_time",
            "end_time",
            "meeting_point",
            "route",
            "distance_km",
            "step_free",
            "seating",
            "accessibility_notes",
            "capacity",
            "lead",
            "partners",
        ]
        labels = {
            "kind": "What kind of walk is it?",
            "meeting_point": "Where do people meet?",
            "route": "The route",
            "distance_km": "How far is it, in kilometres?",
            "accessibility_notes": "Anything else about access",
            "capacity": "How many people can come?",
            "partners": "Partners joining",
        }
        help_texts = {
            "kind": "An Explorer day is a longer visit with partners; a walkabout is a walk round with residents.",
            "meeting_point": "Somewhere easy to find, for example: the front entrance of Alder House.",
            "route": "The streets and places you will go, in order.",
            "distance_km": "For example 1.5.",
            "accessibility_notes": "For example: a steep slope by the car park; toilets at the community centre.",
            "capacity": "Residents and Board members who sign up after that go on a waiting list.",
            "partners": "For example: police, the council's street cleaning team.",
        }
        widgets = {
            "kind": RadioSelect,
            "route": forms.Textarea(attrs={"rows": 4}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 3}),
            "distance_km": forms.NumberInput(attrs={"step": "0.1", "min": "0", "inputmode": "decimal"}),
            "capacity": forms.NumberInput(attrs={"min": "1"}),
        }
        error_messages = {
            "neighbourhood": {"required": "Choose the neighbourhood."},
            "meeting_point": {"required": "Say where people meet."},
            "route": {"required": "Describe the route."},
            "distance_km": {"required": "Enter how far the walk is.", "invalid": "Enter a distance, like 1.5."},
            "capacity": {"required": "Enter how many people can come.", "invalid": "Enter a whole number."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.order_by("name")
        self.fields["neighbourhood"].empty_label = "Choose a neighbourhood"
        self.fields["capacity"].min_value = 1
        if self.instance.pk:
            # Its residents were invited: a walk somewhere else is a new walk.
            self.fields["neighbourhood"].disabled = True
            self.fields["neighbourhood"].help_text = "Plan a new walk to go somewhere else."
            starts, ends = timezone.localtime(self.instance.starts_at), timezone.localtime(self.instance.ends_at)
            self.initial.update(day=starts.date(), start_time=starts.time(), end_time=ends.time())

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity is not None and capacity < 1:
            raise forms.ValidationError("At least 1 person must be able to come.")
        return capacity

    def clean_distance_km(self):
        distance = self.cleaned_data["distance_km"]
        if distance is not None and distance <= 0:
            raise forms.ValidationError("Enter a distance greater than 0, like 1.5.")
        return distance

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            zone = timezone.get_current_timezone()
            data["starts_at"] = datetime.combine(day, start, tzinfo=zone)
            data["ends_at"] = datetime.combine(day, end, tzinfo=zone)
            if end <= start:
                self.add_error("end_time", "The end time must be after the start time.")
            elif data["starts_at"] <= timezone.now() and not self.instance.pk:
                self.add_error("day", "The walk must be in the future.")
        return data

    def _post_clean(self):
        # The times are made in clean(); the model's own check (ends after it starts) runs in the service.
        pass

    def plan(self) -> dict:
        """The keyword arguments for services.plan_walkabout and change_walkabout."""
        data = self.cleaned_data
        keys = [name for name in self.Meta.fields if name not in ("day", "start_time", "end_time")]
        return {**{key: data[key] for key in keys}, "starts_at": data["starts_at"], "ends_at": data["ends_at"]}


class SignUpForm(forms.Form):
    needs = forms.CharField(
        label="Anything we should know so that you can take part?",
        help_text="For example: I use a wheelchair, I need to sit down every 10 minutes, I will bring my guide dog.",
        max_length=300,
        required=False,
        error_messages={"max_length": "Keep it to %(limit_value)s characters or fewer."},
    )


class AddPersonForm(forms.Form):
    """Staff add a resident who phoned."""

    who = forms.CharField(
        label="Resident",
        help_text="Their resident reference, email address, postcode or name, as on the register.",
        max_length=200,
        error_messages={"required": "Enter the resident's reference, email address or name."},
    )
    needs = forms.CharField(
        label="Anything we should know so that they can take part?",
        help_text="For example: uses a wheelchair, needs to sit down every 10 minutes.",
        max_length=300,
        required=False,
        error_messages={"max_length": "Keep it to %(limit_value)s characters or fewer."},
    )


ATTENDANCE_CHOICES = [("yes", "Came"), ("no", "Did not come"), ("", "Not recorded")]


class AttendanceForm(forms.Form):
    """Who came, one choice for each person with a place (residents and Board members): came, did not come, or not
    recorded yet."""

    def __init__(self, *args, sign_ups: list[SignUp], **kwargs):
        super().__init__(*args, **kwargs)
        self.sign_ups = sign_ups
        for record in sign_ups:
            self.fields[f"came_{record.pk}"] = forms.ChoiceField(
                label=record.name,
                choices=ATTENDANCE_CHOICES,
                required=False,
                widget=RadioSelect,
                initial={True: "yes", False: "no"}.get(record.attended, ""),
                error_messages={"invalid_choice": "Choose came, did not come or not recorded."},
            )

    def attended(self) -> dict[int, bool | None]:
        values = {"yes": True, "no": False}
        return {record.pk: values.get(self.cleaned_data[f"came_{record.pk}"]) for record in self.sign_ups}


class JoinedOnTheDayForm(forms.Form):
    """Staff add a resident who joined the walk on the day."""

    who = forms.CharField(
        label="Resident who joined on the day",
        help_text="Their resident reference, email address, postcode or name, as on the register.",
        max_length=200,
        error_messages={"required": "Enter the resident's reference, email address or name."},
    )


class IssueForm(forms.Form):
    """An issue found on the walk. The key is made when the page is drawn and sent with the form: a send retried
    after a lost connection carries the same key, and finds the issue the first send made."""

    key = forms.UUIDField(widget=forms.HiddenInput)
    raised_by = forms.ModelChoiceField(
        label="Raised by a resident on the walk (optional)",
        queryset=Resident.objects.none(),
        required=False,
        empty_label="Nobody: log it for the neighbourhood",
        help_text="Leave this for something found on the walk that nobody reported: it is logged for the "
        "neighbourhood and nobody is emailed. Choose a resident only when they raised it: they get the reference "
        "and our replies, as for any feedback.",
        error_messages={"invalid_choice": "Choose one of these, or nobody."},
    )
    category = forms.ChoiceField(
        label="What is it about?",
        choices=FeedbackCategory.choices,
        widget=RadioSelect,
        error_messages={"required": "Choose what it is about.", "invalid_choice": "Choose one of these."},
        help_text="Damp, mould and safety start the hazard clocks.",
    )
    text = forms.CharField(
        label="What is the problem?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Describe the problem.",
            "max_length": "Keep it to %(limit_value)s characters or fewer. You have written %(show_value)s.",
        },
    )
    location = forms.CharField(
        label="Where is it?",
        max_length=300,
        help_text="For example: the bin store behind Alder House.",
        error_messages={"required": "Say where it is."},
    )
    latitude = forms.DecimalField(
        label="Latitude",
        required=False,
        min_value=-90,
        max_value=90,
        decimal_places=6,
        max_digits=9,
        help_text="Filled in by “Use my location”, or leave empty.",
        error_messages={"invalid": "Enter a latitude, like 53.8008.", "max_decimal_places": "Use at most 6 decimals."},
    )
    longitude = forms.DecimalField(
        label="Longitude",
        required=False,
        min_value=-180,
        max_value=180,
        decimal_places=6,
        max_digits=9,
        error_messages={"invalid": "Enter a longitude, like -1.5491.", "max_decimal_places": "Use at most 6 decimals."},
    )
    priority = forms.ChoiceField(
        label="Priority", choices=Priority.choices, initial=Priority.NORMAL, widget=RadioSelect
    )
    assignee = forms.ModelChoiceField(
        label="Assigned to", queryset=staff_users(), required=False, empty_label="Nobody yet"
    )
    due_on = forms.DateField(
        label="Put right by",
        widget=DATE_WIDGET,
        error_messages={"required": "Enter the date it should be put right by.", "invalid": "Enter a date."},
    )
    photos = PhotosField(label="Photos")

    field_order = [
        "key",
        "category",
        "text",
        "location",
        "latitude",
        "longitude",
        "photos",
        "raised_by",
        "priority",
        "assignee",
        "due_on",
    ]

    def __init__(self, *args, walkabout: Walkabout | None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("key", uuid.uuid4())
        kwargs["initial"].setdefault("due_on", timezone.localdate() + timedelta(days=28))
        super().__init__(*args, **kwargs)
        if walkabout is None:  # a Block Champion's issue between walks (ChampionIssueForm)
            return
        self.fields["raised_by"].queryset = Resident.objects.filter(
            pk__in=walkabout.sign_ups.filter(status=SignUpStatus.GOING, resident__isnull=False).values("resident")
        ).order_by("last_name", "first_name")

    def clean(self):
        data = super().clean()
        point_typed = "latitude" not in self.errors and "longitude" not in self.errors
        if point_typed and (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", "Give both the latitude and the longitude, or neither.")
        if data.get("due_on") and data["due_on"] < timezone.localdate():
            self.add_error("due_on", "The date to put it right by cannot be in the past.")
        return data


CHAMPION_DUE_DAYS = 28


class ChampionIssueForm(IssueForm):
    """A Block Champion logs what they found in their own name; staff assign it and set its date in the queue."""

    def __init__(self, *args, walkabout: Walkabout | None, **kwargs):
        super().__init__(*args, walkabout=walkabout, **kwargs)
        for name in ("raised_by", "assignee", "due_on"):
            del self.fields[name]
        self.fields["text"].help_text = "Say what it is and how long it has been like this, if you know."

    def clean(self):
        data = super().clean()
        data["due_on"] = timezone.localdate() + timedelta(days=CHAMPION_DUE_DAYS)
        data["assignee"] = None
        return data


class ReportForm(forms.Form):
    summary = forms.CharField(
        label="What we are doing",
        help_text="In plain English: what we found, what we will do and by when. Residents of the neighbourhood "
        "read this; the list of issues below it stays up to date by itself.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Say what is being done about what was found."},
    )


def send_champion_issue(request, *, resident: Resident, walkabout: Walkabout | None, log):
    """A Block Champion's issue form sent, on a walk or on their block between walks. log(spec=, logged_by=) logs it
    (returning services.LoggedIssue). Returns (form, issue): the issue this send logged, or an earlier send with the
    same form key did (a retry after a lost connection), else None with the form and its errors."""
    sent_before = services.issue_for_key(request.POST.get("key"), walkabout=walkabout)
    if sent_before is not None and sent_before.logged_by_id == request.user.pk:
        return None, sent_before
    form = ChampionIssueForm(request.POST, request.FILES, walkabout=walkabout)
    if not form.is_valid():
        return form, None
    data = {**form.cleaned_data, "raised_by": resident}
    spec = services.IssueSpec(**{name: data[name] for name in services.IssueSpec.__dataclass_fields__})
    logged = log(spec=spec, logged_by=request.user)
    if logged.created:
        messages.success(request, f"Thank you. Issue logged as {logged.issue.feedback.reference}.")
    return form, logged.issue
