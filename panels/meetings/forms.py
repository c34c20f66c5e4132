"""Forms for meetings: staff setting one up (its agenda, papers, invitations, attendance, minutes and actions) and
members saying whether they are coming."""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from residents.models import Role, User
from residents.uploads import MAX_DOCUMENT_BYTES, check_document

from ..models import Panel
from .models import AgendaItem, AttendanceStatus, Meeting, MeetingAction, Rsvp, RsvpResponse

CHOOSE_AGAIN = "If the form shows a problem, choose the file again."


class MeetingForm(forms.ModelForm):
    """The date and times are separate fields (easier to type and to read aloud than one date-and-time box)."""

    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(label="Start time", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label="End time", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    online_link = forms.URLField(label="Online meeting link", max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = ["panel", "title", "date", "start_time", "end_time", "place", "online_link", "details"]
        labels = {"panel": "Panel", "title": "Title"}
        widgets = {"details": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = Panel.objects.listed()
        if self.instance.pk:
            del self.fields["panel"]  # a meeting stays with its panel
            starts = timezone.localtime(self.instance.starts_at)
            ends = timezone.localtime(self.instance.ends_at)
            self.initial.update({"date": starts.date(), "start_time": starts.time(), "end_time": ends.time()})
        self.fields["online_link"].help_text = "Teams, Zoom or another link, if people can join online."

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("online_link"):
            self.add_error("place", "Say where the meeting is, or give an online meeting link.")
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            zone = timezone.get_current_timezone()
            starts_at = timezone.make_aware(datetime.datetime.combine(day, start), zone)
            ends_at = timezone.make_aware(datetime.datetime.combine(day, end), zone)
            if ends_at <= starts_at:
                self.add_error("end_time", "The end time must be after the start time.")
            else:
                self.instance.starts_at, self.instance.ends_at = starts_at, ends_at
        return data

    def changed_fields(self) -> list[str]:
        changed = [name for name in self.changed_data if name in ("title", "place", "online_link", "details")]
        if {"date", "start_time", "end_time"} & set(self.changed_data):
            changed += ["starts_at", "ends_at"]
        return changed


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "description", "lead"]
        labels = {"title": "Title"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class PaperForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, help_text="As members will see it, e.g. Repairs report Q3.")
    agenda_item = forms.ModelChoiceField(
        label="Agenda item", queryset=AgendaItem.objects.none(), required=False, empty_label="Not for one item"
    )
    file = forms.FileField(
        label="File",
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
        help_text=f"A PDF of up to 20 MB. {CHOOSE_AGAIN}",
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or "The file"
        if upload.size > MAX_DOCUMENT_BYTES:  # refused before a huge file is read into memory
            raise ValidationError(f"{name} is larger than 20 MB. Upload a smaller file, or split it into parts.")
        data = upload.read()
        check_document(data, name=name)
        return data


class InvitationForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Board member", queryset=User.objects.none(), empty_label="Choose a board member"
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(role=Role.BOARD, is_active=True)
            .exclude(meeting_invitations__meeting=meeting)
            .order_by("full_name", "email")
        )


class RsvpForm(forms.ModelForm):
    class Meta:
        model = Rsvp
        fields = ["response", "access_needs"]
        widgets = {"response": forms.RadioSelect, "access_needs": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].choices = RsvpResponse.choices


class AttendanceForm(forms.Form):
    """One status and one hours field per person on the sheet (see selectors.attendance_sheet)."""

    def __init__(self, *args, rows: list, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.meeting = meeting
        for row in rows:
            self.fields[f"status_{row.key}"] = forms.ChoiceField(
                label=f"Attendance of {row.name}",
                choices=[("", "Not recorded"), *AttendanceStatus.choices],
                required=False,
                initial=row.attendance.status if row.attendance else "",
            )
            self.fields[f"hours_{row.key}"] = forms.DecimalField(
                label=f"Hours for {row.name}",
                min_value=Decimal("0"),
                max_value=Decimal("24"),
                decimal_places=2,
                required=False,
                initial=row.attendance.hours if row.attendance and row.attendance.hours else None,
            )
        for row in rows:
            row.status_field = self[f"status_{row.key}"]
            row.hours_field = self[f"hours_{row.key}"]

    def clean(self):
        data = super().clean()
        for row in self.rows:
            hours = data.get(f"hours_{row.key}")
            if hours and data.get(f"status_{row.key}") != AttendanceStatus.ATTENDED:
                self.add_error(f"hours_{row.key}", "Hours count only for someone who attended. Leave this empty.")
        return data

    def entries(self):
        from .services import AttendanceEntry

        return [
            AttendanceEntry(
                status=self.cleaned_data[f"status_{row.key}"],
                hours=self.cleaned_data[f"hours_{row.key}"],
                resident_id=row.resident_id,
                user_id=row.user_id,
            )
            for row in self.rows
        ]


class MinutesForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["minutes"]
        labels = {"minutes": "Minutes"}
        help_texts = {"minutes": "What was discussed and decided. Members see them once you publish them."}
        widgets = {"minutes": forms.Textarea(attrs={"rows": 14})}


class ActionForm(forms.ModelForm):
    class Meta:
        model = MeetingAction
        fields = ["description", "owner", "due_on", "status", "progress"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "progress": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"status": "Status"}
