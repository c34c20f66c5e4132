"""Forms of scrutiny reviews and Board reports. They check what was typed; the rules are in services.py."""

import datetime

from django import forms
from django.utils import timezone

from residents.models import Role, User
from residents.uploads import check_document

from .models import BoardReport, EvidenceKind, ManagementResponse, Review, ReviewStage, Topic


class RadioSelect(forms.RadioSelect):
    """The error summary's link lands on the first radio of the group."""

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


class DateInput(forms.DateInput):
    input_type = "date"


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["title", "description", "prompted_by"]
        labels = {"title": "Topic"}


class BallotForm(forms.Form):
    votes_per_member = forms.IntegerField(
        label="Votes each member has", min_value=1, max_value=10, initial=3, help_text="One vote per topic."
    )
    closes_on = forms.DateField(label="Voting closes at the end of", widget=DateInput)

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        if closes_on < timezone.localdate():
            raise forms.ValidationError("Choose today or a later date.")
        return closes_on

    @property
    def closes_at(self) -> datetime.datetime:
        day = self.cleaned_data["closes_on"] + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["title", "scope"]
        labels = {"title": "Review title"}


class StageForm(forms.Form):
    to_stage = forms.ChoiceField(choices=ReviewStage.choices, widget=forms.HiddenInput)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of evidence", choices=EvidenceKind.choices, widget=RadioSelect)
    title = forms.CharField(label="Title", max_length=150)
    notes = forms.CharField(
        label="Notes or figures",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was found: performance figures with their period, or the notes of an interview or visit.",
    )
    document = forms.FileField(
        label="Document (PDF or photo, up to 20 MB)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
    )

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if not upload:
            return None
        data = upload.read()
        checked = check_document(data, name=upload.name or "The file", allow_images=True)
        return checked, data

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("notes", "").strip() and not cleaned.get("document"):
            self.add_error("notes", "Write the notes or figures, or attach a document.")
        return cleaned


class FindingForm(forms.Form):
    text = forms.CharField(label="Finding", max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class RecommendationForm(forms.Form):
    text = forms.CharField(label="Recommendation", max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="Management response",
        choices=[c for c in ManagementResponse.choices if c[0] != ManagementResponse.AWAITING],
        widget=RadioSelect,
    )
    reasons = forms.CharField(label="Reasons", max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=User.objects.filter(role__in=[Role.STAFF, Role.ADMIN], is_active=True).order_by("full_name"),
        required=False,
        help_text="Needed when it is accepted or partly accepted: who makes it happen.",
    )
    due_on = forms.DateField(label="Due by", required=False, widget=DateInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("response") in (ManagementResponse.ACCEPTED, ManagementResponse.PARTLY):
            if not cleaned.get("owner"):
                self.add_error("owner", "Choose who owns it.")
            if not cleaned.get("due_on"):
                self.add_error("due_on", "Give the date it is due by.")
        return cleaned


class ProgressForm(forms.Form):
    text = forms.CharField(label="Progress", max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    done = forms.BooleanField(label="This recommendation is now done", required=False)


class BoardReportForm(forms.ModelForm):
    class Meta:
        model = BoardReport
        fields = ["title", "summary", "asks"]
        labels = {"title": "Title of the report"}
        widgets = {"summary": forms.Textarea(attrs={"rows": 8}), "asks": forms.Textarea(attrs={"rows": 3})}


class BoardResponseForm(forms.Form):
    response = forms.CharField(label="The Board's response", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    decisions = forms.CharField(
        label="Decisions", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    decided_on = forms.DateField(label="Date of the Board's decision", widget=DateInput)

    def clean_decided_on(self):
        decided_on = self.cleaned_data["decided_on"]
        if decided_on > timezone.localdate():
            raise forms.ValidationError("The decision date cannot be in the future.")
        return decided_on
