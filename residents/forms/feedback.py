"""Giving feedback: a resident's own form, and the same form for staff logging what a resident told them."""

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from .. import rules
from ..models import Channel, FeedbackCategory, FeedbackKind, FeedbackScope
from ..services.photos import MAX_PHOTOS, check_photo

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
            f"We acknowledge a complaint within {rules.COMPLAINT_ACKNOWLEDGE_DAYS[1]} working days and respond "
            f"within {rules.COMPLAINT_RESPOND_DAYS[1]} working days after that."
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
