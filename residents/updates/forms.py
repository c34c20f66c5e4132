""" "You said, we did": the forms staff use to write, schedule and withdraw an entry."""

import re
from datetime import UTC, datetime, time

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from ..feedback.models import Feedback, FeedbackCategory, reference_for
from ..feedback.photos import check_photo
from ..people.models import Neighbourhood
from .models import UpdateStatus, YouSaidWeDid

REFERENCE_RE = re.compile(r"^FB-?(\d{1,10})$", re.IGNORECASE)


def split_references(text: str) -> list[str]:
    """'FB-000123, fb-000124\nFB-000125' -> the references as typed, in order, each once."""
    seen: dict[str, str] = {}
    for part in re.split(r"[\s,;]+", text or ""):
        if part:
            seen.setdefault(part.upper(), part)
    return list(seen.values())


class UpdateForm(forms.ModelForm):
    neighbourhoods = forms.ModelMultipleChoiceField(
        label="Neighbourhoods",
        queryset=Neighbourhood.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave these empty if the entry is for everyone.",
    )
    photo = forms.FileField(
        label="Photo",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text="A JPEG, PNG or WebP image of up to 10 MB. If the form shows a problem, choose the photo again.",
    )
    remove_photo = forms.BooleanField(label="Remove the photo", required=False)
    source_references = forms.CharField(
        label="Feedback references",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Feedback references, one per line or comma-separated, e.g. FB-000123. Each resident who gave "
        "this feedback is emailed when the entry is published (unless they asked not to be contacted).",
    )

    class Meta:
        model = YouSaidWeDid
        fields = ["title", "you_said", "we_did", "topic", "everyone", "neighbourhoods", "photo_alt"]
        labels = {
            "title": "Title",
            "you_said": "You said",
            "we_did": "We did",
            "topic": "Topic",
            "everyone": "For everyone (all neighbourhoods)",
            "photo_alt": "Describe the photo for people who cannot see it",
        }
        help_texts = {
            "title": "A short headline residents will understand, for example 'New lights on the Millfield path'.",
            "you_said": "What residents told us, in plain English. Do not name anyone.",
            "we_did": "What we did about it, and when.",
            "photo_alt": "Needed when there is a photo, for example 'The path by Alder House with new lights'.",
        }
        widgets = {"you_said": forms.Textarea(attrs={"rows": 4}), "we_did": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "title": {"required": "Enter a title."},
            "you_said": {"required": "Say what residents told us."},
            "we_did": {"required": "Say what we did about it."},
            "topic": {"required": "Choose a topic."},
        }

    field_order = [
        "title",
        "you_said",
        "we_did",
        "topic",
        "everyone",
        "neighbourhoods",
        "source_references",
        "photo",
        "remove_photo",
        "photo_alt",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo_alt"].mark_optional = False  # needed when there is a photo, as its help text says
        self.fields["topic"].choices = [("", "Choose a topic"), *FeedbackCategory.choices]
        if not self.instance.photo:
            del self.fields["remove_photo"]
        if self.instance.pk and not self.is_bound:
            self.initial["source_references"] = "\n".join(
                reference_for(object_id)
                for object_id in self.instance.sources.filter(content_type=self._feedback_type())
                .order_by("object_id")
                .values_list("object_id", flat=True)
            )
        self.checked_photo = None
        self.feedback_sources: list[Feedback] = []

    @staticmethod
    def _feedback_type() -> ContentType:
        return ContentType.objects.get_for_model(Feedback)

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            self.checked_photo = check_photo(upload)
        return upload

    def clean_source_references(self):
        references = split_references(self.cleaned_data.get("source_references", ""))
        wanted = {ref: int(match.group(1)) for ref in references if (match := REFERENCE_RE.match(ref))}
        found = Feedback.objects.in_bulk(list(wanted.values())) if wanted else {}
        unknown = [ref for ref in references if wanted.get(ref) not in found]
        if unknown:
            raise forms.ValidationError(
                "We could not find feedback with %(count)s: %(references)s. Check the references and try again.",
                params={
                    "count": "this reference" if len(unknown) == 1 else "these references",
                    "references": ", ".join(unknown),
                },
                code="unknown_reference",
            )
        # The same item given twice ('FB-123' and 'FB-000123') is cited once.
        self.feedback_sources = list({pk: found[pk] for pk in wanted.values()}.values())
        return "\n".join(reference_for(item.pk) for item in self.feedback_sources)

    def clean(self):
        cleaned = super().clean()
        everyone = cleaned.get("everyone")
        neighbourhoods = cleaned.get("neighbourhoods")  # None when the field has its own error
        if everyone and neighbourhoods:
            self.add_error(
                "neighbourhoods", "Choose neighbourhoods or 'for everyone', not both. Untick them for everyone."
            )
        scheduled = self.instance.status == UpdateStatus.SCHEDULED
        if scheduled and not everyone and neighbourhoods is not None and not neighbourhoods:
            # Scheduling checked this; editing a scheduled entry must not undo it.
            self.add_error(
                "neighbourhoods", "This entry is scheduled: choose the neighbourhoods it is for, or 'for everyone'."
            )
        keeps_photo = bool(self.instance.photo) and not cleaned.get("remove_photo")
        if (self.checked_photo or keeps_photo) and not (cleaned.get("photo_alt") or "").strip():
            self.add_error("photo_alt", "Describe the photo for people who cannot see it.")
        return cleaned

    def save(self, commit=True):
        entry = super().save(commit=False)
        self.old_photo_name = None
        if self.checked_photo or self.cleaned_data.get("remove_photo"):
            self.old_photo_name = entry.photo.name or None
            entry.photo = None
            entry.photo_content_type = ""
        if not (self.checked_photo or entry.photo):
            entry.photo_alt = ""
        if self.checked_photo:
            entry.photo_content_type = self.checked_photo.content_type
            entry.photo.save("photo", self.checked_photo.content, save=False)
        if commit:
            entry.save()
            self._save_m2m()
        return entry

    def source_objects(self) -> list:
        """What the entry should cite: the feedback given here, and whatever it already cites from other apps
        (survey results, walkabout issues...), which this form does not show."""
        kept = []
        if self.instance.pk:
            others = self.instance.sources.exclude(content_type=self._feedback_type()).prefetch_related("source")
            kept = [link.source for link in others if link.source is not None]
        return [*self.feedback_sources, *kept]


class ScheduleForm(forms.Form):
    publish_date = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="For example 27/03/2026.",
        error_messages={"required": "Enter the date.", "invalid": "Enter a real date, for example 27/03/2026."},
    )
    publish_time = forms.TimeField(
        label="Time (UK time)",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="24-hour clock, for example 09:30. A time that has passed means as soon as possible.",
        error_messages={"required": "Enter the time.", "invalid": "Enter a time such as 09:30."},
    )

    def __init__(self, *args, entry: YouSaidWeDid | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        when = timezone.localtime(entry.publish_at if entry and entry.publish_at else timezone.now())
        self.initial.setdefault("publish_date", when.date())
        self.initial.setdefault("publish_time", when.time().replace(second=0, microsecond=0))

    def clean(self):
        cleaned = super().clean()
        day, at = cleaned.get("publish_date"), cleaned.get("publish_time")
        if day and at:
            local = datetime.combine(day, time(at.hour, at.minute))
            aware = timezone.make_aware(local)
            # A time in the hour the clocks skip comes back different from the UTC round trip.
            if timezone.localtime(aware.astimezone(UTC)).replace(tzinfo=None) != local:
                self.add_error("publish_time", "That time does not exist on this date: the clocks go forward.")
            cleaned["publish_at"] = aware
        return cleaned


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing it?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown publicly in place of the entry, for example 'We published this by mistake'.",
        error_messages={"required": "Give the reason: it is shown publicly in place of the entry."},
    )
