"""Forms staff use on the feedback queue and on one item: the queue's filters, assigning, status, replies,
notes, the complaint stages and hazards. They check what was typed; the rules are in services/feedback.py."""

from collections.abc import Callable

from django import forms
from django.core.cache import cache

from .. import rules
from ..models import (
    OPEN_STATUSES,
    FeedbackCategory,
    FeedbackKind,
    FeedbackStatus,
    HazardReview,
    HazardSeverity,
    Role,
    User,
)
from ..services.feedback import HAZARD_STEPS
from ..services.register import neighbourhood_names, register_totals

TEXT_LIMIT = 5000


def staff_users():
    """Who can be given an item or a complaint stage: active staff and administrators."""
    return User.objects.filter(role__in=[Role.STAFF, Role.ADMIN], is_active=True).order_by("full_name", "email")


STAFF_NAMES_KEY = "staff-names:v1"
STAFF_NAMES_SECONDS = 60


def staff_names() -> dict[int, str]:
    """staff_users() by id, named as User.__str__ names them, for the queue's assignee filter and its rows. Kept
    in the cache for a minute, as every visit to the queue reads them: a new colleague is offered in the filter
    within a minute, and a row assigned to anyone not listed is named from the database."""
    names = cache.get(STAFF_NAMES_KEY)
    if names is None:
        names = {pk: name or email for pk, name, email in staff_users().values_list("pk", "full_name", "email")}
        cache.set(STAFF_NAMES_KEY, names, STAFF_NAMES_SECONDS)
    return names


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


# The queue -----------------------------------------------------------------------------------------------

OPEN = "open"
ANY = "any"
BY_DUE = "due"
NEWEST = "newest"
ME = "me"
NOBODY = "nobody"


def fixed(choices: list) -> Callable[[], list]:
    """Choices given as a function: a form's fields are copied for every visit, and a function is copied as it
    is, where a list of choices is copied choice by choice."""
    return lambda: choices


class QueueFilterForm(forms.Form):
    """The queue's filters, sent by GET. A value that is not one of the choices is reported and ignored."""

    mark_optional = False

    DEFAULTS = {"status": OPEN, "sort": BY_DUE}

    status = forms.ChoiceField(
        label="Status",
        choices=fixed([(OPEN, "Open (not closed)"), *FeedbackStatus.choices, (ANY, "Any status")]),
        required=False,
    )
    kind = forms.ChoiceField(label="Kind", choices=fixed([("", "Any kind"), *FeedbackKind.choices]), required=False)
    category = forms.ChoiceField(
        label="Category", choices=fixed([("", "Any category"), *FeedbackCategory.choices]), required=False
    )
    neighbourhood = forms.ChoiceField(label="Neighbourhood", required=False)
    assignee = forms.ChoiceField(label="Assigned to", required=False)
    overdue = forms.BooleanField(label="Overdue only", required=False)
    possible_hazards = forms.BooleanField(label="Possible hazards to check", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        choices=fixed([(BY_DUE, "Soonest deadline first"), (NEWEST, "Newest first")]),
        required=False,
    )

    def __init__(self, data, *, user):
        data = data.copy()
        for name, value in self.DEFAULTS.items():
            if not data.get(name):
                data[name] = value
        super().__init__(data, auto_id="filter-%s")
        self.user = user
        # The neighbourhoods from the register's cached totals (recounted when an import adds one), and the staff
        # (cached for a minute). The queue names its rows from these too.
        self.neighbourhood_names = neighbourhood_names(register_totals())
        self.staff_names = staff_names()
        self.fields["neighbourhood"].choices = [
            ("", "All neighbourhoods"),
            *[(str(pk), name) for pk, name in self.neighbourhood_names.items()],
        ]
        self.fields["assignee"].choices = [
            ("", "Anyone"),
            (ME, "Me"),
            (NOBODY, "Nobody (not assigned)"),
            *[(str(pk), name) for pk, name in self.staff_names.items()],
        ]

    SELECTS = ("status", "kind", "category", "neighbourhood", "assignee", "sort")
    CHECKBOXES = ("overdue", "possible_hazards")

    def selects(self):
        """Each drop-down with its options as (value, label, chosen). The queue draws these itself: rendering
        eight fields through the form and crispy templates cost more than the rest of the page."""
        for name in self.SELECTS:
            field = self[name]
            chosen = str(field.value() or "")
            yield field, [(str(value), label, str(value) == chosen) for value, label in field.field.choices]

    def checkboxes(self):
        return [self[name] for name in self.CHECKBOXES]

    def where(self, *, now) -> tuple[str, dict, tuple[str, ...]]:
        """The valid filters as SQL for the queue's statement (residents/views/staff_feedback.py): the
        conditions on the feedback table, their parameters and the order's columns. Every value is a parameter;
        the text is made only of the fixed pieces below. The conditions are those of FeedbackQuerySet.open() and
        .overdue(), which tests/residents/test_staff_feedback.py checks them against."""
        self.is_valid()
        data = self.cleaned_data
        conditions, params = [], {"open": tuple(OPEN_STATUSES), "now": now}
        status = data.get("status") or OPEN
        if status == OPEN:
            conditions.append("status IN %(open)s")
        elif status != ANY:
            conditions.append("status = %(status)s")
            params["status"] = status
        for name in ("kind", "category"):
            if data.get(name):
                conditions.append(f"{name} = %({name})s")
                params[name] = data[name]
        if data.get("neighbourhood"):
            conditions.append("neighbourhood_id = %(neighbourhood)s")
            params["neighbourhood"] = int(data["neighbourhood"])
        assignee = data.get("assignee")
        if assignee == NOBODY:
            conditions.append("assignee_id IS NULL")
        elif assignee:
            conditions.append("assignee_id = %(assignee)s")
            params["assignee"] = self.user.pk if assignee == ME else int(assignee)
        if data.get("overdue"):
            # Open and past due. When only open items are listed already, saying "open" twice would make the
            # planner guess far too few rows and sort the whole queue instead of reading its index in order.
            conditions.append("next_due_at < %(now)s")
            if status != OPEN:
                conditions.append("status IN %(open)s")
        if data.get("possible_hazards"):
            conditions.append("hazard_review = %(possible)s")
            params["possible"] = HazardReview.POSSIBLE
        # The orders of the feedback_newest and feedback_open_by_due indexes.
        order = (
            ("created_at DESC", "id DESC")
            if data.get("sort") == NEWEST
            else ("next_due_at NULLS LAST", "created_at", "id")
        )
        return " AND ".join(conditions) or "TRUE", params, order


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
