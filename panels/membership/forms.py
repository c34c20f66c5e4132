"""Forms of panel membership: a resident's application and stepping down; staff adding and editing a panel, and
deciding applications and changing memberships. They check what was typed; the rules are in services.py."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import MembershipRole, Panel

DATE_HELP = "For example 27/03/2026."
TERM_YEARS = 2
# Staff pages whose addresses sit beside panels' own (staff/panels/new/, staff/panels/terms-ending/).
RESERVED_SLUGS = {"new", "terms-ending"}  # the usual term offered: staff change it as they accept


def _date_field(label: str, help_text: str, *, required: bool) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
        error_messages={"required": "Enter the date.", "invalid": "Enter a real date, for example 27/03/2026."},
    )


def _text(label: str, *, required: bool = True, rows: int = 4, max_length: int = 2000, help_text: str = "", **kw):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={
            "required": kw.pop("required_message", "Fill this in."),
            "max_length": "Keep it to %(limit_value)s characters or fewer. You have written %(show_value)s.",
        },
    )


class ApplicationForm(forms.Form):
    why = _text(
        "Why would you like to join?",
        help_text="A few sentences is plenty: what you would bring, or what you would like to change.",
        required_message="Tell us why you would like to join.",
    )
    availability = _text(
        "When are you usually free?",
        rows=3,
        max_length=1000,
        help_text="For example: weekday evenings, not Fridays; or online only.",
        required_message="Tell us when you are usually free.",
    )
    support_needs = _text(
        "Support or accessibility needs",
        required=False,
        rows=3,
        max_length=1000,
        help_text="Anything that would help you take part: large print, an interpreter, a step-free room, care costs.",
    )
    show_on_public_page = forms.BooleanField(
        label="If I join, you may show my first name and role on the panel's public page",
        required=False,
        help_text="We never show your surname, address or anything else. You can change your mind at any time.",
    )


class StepDownForm(forms.Form):
    reason = _text(
        "Why are you stepping down?",
        required=False,
        rows=3,
        max_length=1000,
        help_text="You do not have to say. It helps us make the panel better for the next member.",
    )


class PanelForm(forms.ModelForm):
    class Meta:
        model = Panel
        fields = [
            "name",
            "slug",
            "kind",
            "summary",
            "remit",
            "can_influence",
            "cannot_influence",
            "route_to_board",
            "time_commitment",
            "support_offered",
            "how_to_join",
            "accepting_applications",
            "is_active",
        ]
        labels = {
            "slug": "Web address",
            "kind": "Kind of panel",
            "remit": "What the panel does",
            "time_commitment": "Time it asks for",
            "support_offered": "Support offered",
            "how_to_join": "How to join",
            "accepting_applications": "Taking applications now",
            "is_active": "Shown on the public pages",
        }
        help_texts = {
            "slug": "Lower-case letters, numbers and hyphens, for example contractor-selection-2027.",
            "is_active": "Untick to retire a panel: its members and history are kept.",
        }
        widgets = {
            field: forms.Textarea(attrs={"rows": 3})
            for field in (
                "remit",
                "can_influence",
                "cannot_influence",
                "route_to_board",
                "time_commitment",
                "support_offered",
                "how_to_join",
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.required:
                field.error_messages["required"] = f"Enter {field.label.lower()}."
        self.fields["slug"].error_messages["invalid"] = "Use only lower-case letters, numbers and hyphens."

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise ValidationError("That web address is used by another page. Choose another.")
        return slug


class ItemForm(forms.Form):
    """One of several forms on one membership's page: each field's id starts with the form's key, and the page's
    error summary links to the form by `#<key>-form`."""

    key = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.key}-%s")
        super().__init__(*args, **kwargs)


class TermForm(ItemForm):
    role = forms.ChoiceField(
        label="Role", choices=MembershipRole.choices, error_messages={"required": "Choose a role."}
    )
    term_starts = _date_field("Term starts", DATE_HELP, required=True)
    term_ends = _date_field(
        "Term ends", f"The last day of the term. Leave empty for no end date. {DATE_HELP}", required=False
    )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("term_starts"), data.get("term_ends")
        if starts and ends and ends < starts:
            self.add_error("term_ends", "The term must end on or after the day it starts.")
        return data

    def term(self) -> dict:
        return {key: self.cleaned_data[key] for key in ("role", "term_starts", "term_ends")}


class AcceptForm(TermForm):
    key = "accept"

    @classmethod
    def initial_for_today(cls) -> dict:
        today = timezone.localdate()
        try:
            ends = today.replace(year=today.year + TERM_YEARS) - datetime.timedelta(days=1)
        except ValueError:  # 29 February
            ends = today.replace(year=today.year + TERM_YEARS, day=28)
        return {"role": MembershipRole.MEMBER, "term_starts": today, "term_ends": ends}


class ChangeForm(TermForm):
    key = "change"


class DeclineForm(ItemForm):
    key = "decline"
    reason = _text(
        "Reason the resident will see",
        rows=3,
        max_length=1000,
        help_text="Be kind and clear. Say if they could apply again, or to another panel.",
        required_message="Give the reason the resident will see.",
    )


class EndTermForm(ItemForm):
    key = "end"
    reason = _text(
        "Why the term is ending",
        required=False,
        rows=3,
        max_length=1000,
        help_text="For example: the term has come to an end. The member sees this on their My panels page.",
    )
