"""Forms staff use on one feedback item: assigning, status, replies, notes, the complaint stages and hazards.
They check what was typed; the rules are in services/feedback.py. The queue's filters are in filters.py."""

from django import forms

from .. import rules
from ..models import FeedbackStatus, HazardSeverity, Role, User
from ..services.feedback import HAZARD_STEPS

TEXT_LIMIT = 5000


def staff_users():
    """Who can be given an item or a complaint stage: active staff and administrators."""
    return User.objects.filter(role__in=[Role.STAFF, Role.ADMIN], is_active=True).order_by("full_name", "email")


class RadioSelect(forms.RadioSelect):
    """Radios whose label target is the first option, so the error summary's link lands on the group
    (Django gives a radio group no id to link to)."""

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


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
        max_value=rules.COMPLAINT_MAX_EXTENSION_DAYS,
        help_text=f"From 1 to {rules.COMPLAINT_MAX_EXTENSION_DAYS} working days in all for this stage.",
        error_messages={
            "required": "Enter how many working days you need.",
            "invalid": "Enter a whole number of working days, for example 5.",
            "min_value": "Enter at least 1 working day.",
            "max_value": f"A stage can be extended by at most {rules.COMPLAINT_MAX_EXTENSION_DAYS} working days.",
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
