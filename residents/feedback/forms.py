"""Forms of feedback. Giving it: a resident's own form, and the same form for staff logging what a resident told
them. Then the forms staff use on one item: assigning, status, replies, notes, the complaint stages and hazards.
They check what was typed; the rules are in services.py. The queue's filters are in filters.py."""

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from ..people.models import Role, User
from . import timescales
from .models import Channel, FeedbackCategory, FeedbackKind, FeedbackScope, FeedbackStatus, HazardSeverity
from .photos import MAX_PHOTOS, check_photo
from .services import HAZARD_STEPS

CHOOSE_AGAIN = "Choose your photos again."


class RadioSelect(forms.RadioSelect):
    """Radios whose label target is the first option, so the error summary's link lands on the group
    (Django gives a radio group no id to link to)."""

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS files, each checked by what it is, not what it is called. Cleans to CheckedPhotos."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if len(uploads) > MAX_PHOTOS:
            raise ValidationError(
                f"You can send up to {MAX_PHOTOS} photos and you chose {len(uploads)}. {CHOOSE_AGAIN}"
            )
        checked, errors = [], []
        for upload in uploads:
            try:
                checked.append(check_photo(super().clean(upload, initial)))
            except ValidationError as error:
                # Every bad file is named, not just the first, so one try is enough to put them all right.
                errors.extend(f"{message} {CHOOSE_AGAIN}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of feedback is it?",
        choices=FeedbackKind.choices,
        widget=RadioSelect,
        error_messages={"required": "Choose what kind of feedback it is.", "invalid_choice": "Choose one of these."},
        help_text=(
            "Choose Complaint if you are unhappy with our service and want us to look into it formally. "
            f"We acknowledge a complaint within {timescales.COMPLAINT_ACKNOWLEDGE_DAYS[1]} working days and respond "
            f"within {timescales.COMPLAINT_RESPOND_DAYS[1]} working days after that."
        ),
    )
    category = forms.ChoiceField(
        label="What is it about?",
        choices=FeedbackCategory.choices,
        widget=RadioSelect,
        error_messages={"required": "Choose what it is about.", "invalid_choice": "Choose one of these."},
    )
    scope = forms.ChoiceField(
        label="Where is it?",
        choices=FeedbackScope.choices,
        widget=RadioSelect,
        error_messages={"required": "Choose where it is.", "invalid_choice": "Choose one of these."},
    )
    text = forms.CharField(
        label="What do you want to tell us?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Tell us what you want to say.",
            "max_length": "Keep it to %(limit_value)s characters or fewer. You have written %(show_value)s.",
        },
        help_text="If something needs repairing, say where it is and how long it has been like this.",
    )
    photos = PhotosField(
        label="Photos",
        help_text=f"Up to {MAX_PHOTOS} photos, each up to 10 MB: JPEG, PNG or WebP (photos from most phones are fine).",
    )

    def full_clean(self):
        super().full_clean()
        # A browser never keeps chosen files when a page comes back with a problem: say so at the field, even
        # when the photos themselves were fine.
        if self.errors and self.cleaned_data.get("photos"):
            # On the bound field too: cleaning made it already, with the help text as it was.
            self.fields["photos"].help_text = self["photos"].help_text = (
                "The photos you chose were not kept while you put the problem right. " + CHOOSE_AGAIN
            )

    def submission(self) -> dict:
        """The keyword arguments for services.feedback.submit_feedback."""
        data = self.cleaned_data
        return {key: data[key] for key in ("kind", "category", "scope", "text", "photos")}


class StaffFeedbackForm(FeedbackForm):
    """What a resident told staff by phone, letter, email or in person (the portal is the resident's own form)."""

    channel = forms.ChoiceField(
        label="How did they contact us?",
        choices=[choice for choice in Channel.choices if choice[0] != Channel.PORTAL],
        widget=RadioSelect,
        error_messages={
            "required": "Choose how they contacted us.",
            "invalid_choice": "Choose phone, letter, email or in person.",
        },
    )

    received_on = forms.DateField(
        label="When did it reach us?",
        help_text="The day of the call, visit or email, or the day the letter arrived. The complaint and "
        "hazard clocks count from then.",
        # A date box reads and writes ISO dates whatever the language: in the day-first format it shows empty.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        required=False,  # left empty: today
        error_messages={"invalid": "Enter a date, like 21/11/2026."},
    )

    field_order = ["channel", "received_on", "kind", "category", "scope", "text", "photos"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["kind"].help_text = (
            "Choose Complaint if they are unhappy with our service and want it looked into formally: the "
            "complaint clocks start from the day it reached us."
        )
        self.fields["scope"].choices = [
            (FeedbackScope.HOME, "Their home"),
            (FeedbackScope.BLOCK, "Their block or street"),
            (FeedbackScope.NEIGHBOURHOOD, "Their neighbourhood"),
        ]
        self.fields["text"].label = "What did they tell us?"
        self.fields["text"].help_text = "In their words as far as you can."
        self.fields["text"].error_messages["required"] = "Write down what they told us."
        self.fields["photos"].label = "Photos they sent"

    def clean_received_on(self):
        today = timezone.localdate()
        day = self.cleaned_data["received_on"] or today
        if day > today:
            raise forms.ValidationError("The day it reached us cannot be in the future.")
        if day < today - timedelta(days=365):
            raise forms.ValidationError("That is more than a year ago. Check the date.")
        return day

    def submission(self) -> dict:
        day = self.cleaned_data["received_on"]
        # Today: now. An earlier day: the start of it, so no clock starts later than it should.
        if day == timezone.localdate():
            received_at = timezone.now()
        else:
            received_at = datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())
        return {**super().submission(), "channel": self.cleaned_data["channel"], "received_at": received_at}


# Forms staff use on one feedback item.

TEXT_LIMIT = 5000


def staff_users():
    """Who can be given an item or a complaint stage: active staff and administrators."""
    return User.objects.filter(role__in=[Role.STAFF, Role.ADMIN], is_active=True).order_by("full_name", "email")


def text_field(label: str, help_text: str = "", rows: int = 5, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


# One item ------------------------------------------------------------------------------------------------


class ItemForm(forms.Form):
    """One of the forms on an item's page. Several share the page, so each field's id starts with the form's
    key; the page's error summary links to the form by `#<key>-form`."""

    key = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.key}-%s")
        super().__init__(*args, **kwargs)


class AssignForm(ItemForm):
    key = "assign"
    mark_optional = False  # "Nobody" is one of the choices
    assignee = forms.ModelChoiceField(
        label="Assigned to", queryset=staff_users(), required=False, empty_label="Nobody (not assigned)"
    )


class StatusForm(ItemForm):
    key = "status"
    status = forms.ChoiceField(
        label="Status", choices=FeedbackStatus.choices, error_messages={"required": "Choose a status."}
    )


class ReplyForm(ItemForm):
    key = "reply"
    body = text_field(
        "Reply to the resident",
        "Shown on the resident's feedback page and emailed to them.",
        error_messages={"required": "Write the reply to the resident."},
    )


class NoteForm(ItemForm):
    key = "note"
    body = text_field(
        "Staff note",
        "Staff only: the resident never sees this. Notes are not emailed and not in the resident's data download.",
        rows=3,
        error_messages={"required": "Write the note."},
    )


class AcknowledgeForm(ItemForm):
    key = "acknowledge"


class ExtendForm(ItemForm):
    key = "extend"
    days = forms.IntegerField(
        label="Extra working days",
        min_value=1,
        max_value=timescales.COMPLAINT_MAX_EXTENSION_DAYS,
        help_text=f"From 1 to {timescales.COMPLAINT_MAX_EXTENSION_DAYS} working days in all for this stage.",
        error_messages={
            "required": "Enter how many working days you need.",
            "invalid": "Enter a whole number of working days, for example 5.",
            "min_value": "Enter at least 1 working day.",
            "max_value": f"A stage can be extended by at most {timescales.COMPLAINT_MAX_EXTENSION_DAYS} working days.",
        },
    )
    reason = text_field(
        "Reason for the extension",
        "We email this reason to the resident, with the new date.",
        rows=3,
        error_messages={"required": "Give the reason for the extension: the resident is told it in writing."},
    )


class RespondForm(ItemForm):
    key = "respond"
    body = text_field(
        "Our response to the complaint",
        "We email this to the resident and show it on their feedback page. It is the response for this stage.",
        rows=6,
        error_messages={"required": "Write the response to the complaint."},
    )


class EscalateForm(ItemForm):
    key = "escalate"
    handler = forms.ModelChoiceField(
        label="Who handles stage 2",
        queryset=staff_users(),
        empty_label="Choose a member of staff",
        help_text="Someone other than the stage 1 handler.",
        error_messages={"required": "Choose who handles stage 2."},
    )


class ConfirmHazardForm(ItemForm):
    key = "confirm"
    severity = forms.ChoiceField(
        label="What kind of hazard is it?",
        choices=HazardSeverity.choices,
        widget=RadioSelect,
        help_text="The clocks start from when the report reached us, not from now.",
        error_messages={"required": "Choose what kind of hazard it is."},
    )


class DismissHazardForm(ItemForm):
    key = "dismiss"
    reason = text_field(
        "Why is this not a hazard?",
        "Kept in the item's history.",
        rows=3,
        error_messages={"required": "Say why this is not a hazard."},
    )


class HazardStepForm(ItemForm):
    key = "step"
    step = forms.ChoiceField(choices=list(HAZARD_STEPS.items()), widget=forms.HiddenInput)
