"""Decisions: the forms staff use to record a decision, cite resident input and withdraw a published one."""

import re

from django import forms

from .models import Decision, DecisionKind, DecisionStatus
from .services import NO_CHANGES, NO_INPUT, NO_SECTIONS, source_models

# 'FB-000123', 'fb-123', '123', '#123': the number the item's page and address show.
NUMBER_RE = re.compile(r"^(?:[A-Z]{1,4}-?|#)?0*(\d{1,12})$", re.IGNORECASE)


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["kind", "title", "summary", "decision_date", "decided_by", "how_considered", "what_changed"]
        labels = {
            "kind": "Kind of decision",
            "title": "Title",
            "summary": "Summary",
            "decision_date": "Date of the decision",
            "decided_by": "Decided by",
            "how_considered": "How residents' views were considered",
            "what_changed": "What changed because of them",
        }
        help_texts = {
            "title": "A short headline residents will understand, for example 'New repairs contractor for the "
            "north area'.",
            "summary": "What was decided, in plain English.",
            "decision_date": "For example 27/03/2026.",
            "decided_by": "For example 'The Board', 'Housing committee' or 'Director of Housing'.",
            "how_considered": "How the resident input cited below was weighed. Needed before it is ready for the "
            "Board.",
            "what_changed": "What is different because of what residents said. Needed before it is ready for the "
            "Board.",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "decision_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "how_considered": forms.Textarea(attrs={"rows": 5}),
            "what_changed": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "kind": {"required": "Choose the kind of decision."},
            "title": {"required": "Enter a title."},
            "summary": {"required": "Say what was decided."},
            "decision_date": {
                "required": "Enter the date of the decision.",
                "invalid": "Enter a real date, for example 27/03/2026.",
            },
            "decided_by": {"required": "Say who made the decision."},
        }

    def __init__(self, *args, ready: bool = False, has_input: bool = False, **kwargs):
        """ready: the decision is to be ready for the Board after saving (or is already), so both sections and
        at least one cited input are needed."""
        super().__init__(*args, **kwargs)
        self.ready = ready or self.instance.status == DecisionStatus.READY
        self.has_input = has_input
        self.fields["kind"].choices = [("", "Choose the kind"), *DecisionKind.choices]
        # Needed before it is ready for the Board, as their help texts say: not marked optional.
        self.fields["how_considered"].mark_optional = False
        self.fields["what_changed"].mark_optional = False

    def clean(self):
        cleaned = super().clean()
        if self.ready:
            if not (cleaned.get("how_considered") or "").strip() and "how_considered" not in self.errors:
                self.add_error("how_considered", NO_SECTIONS)
            if not (cleaned.get("what_changed") or "").strip() and "what_changed" not in self.errors:
                self.add_error("what_changed", NO_CHANGES)
            if not self.has_input:
                self.add_error(None, NO_INPUT)
        return cleaned


class CiteForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of input", error_messages={"required": "Choose the kind of input."})
    number = forms.CharField(
        label="Its reference or number",
        max_length=20,
        help_text="A feedback reference such as FB-000123, or the number in the item's page address, for "
        "example 12 for /surveys/12/results/.",
        error_messages={"required": "Enter its reference or number."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.models = {model._meta.label_lower: model for model in source_models()}
        self.fields["kind"].choices = [("", "Choose the kind")] + [
            (label, str(model._meta.verbose_name).capitalize()) for label, model in self.models.items()
        ]
        self.found = None

    def clean(self):
        cleaned = super().clean()
        model = self.models.get(cleaned.get("kind") or "")
        number = cleaned.get("number")
        if model is None or not number:
            return cleaned
        match = NUMBER_RE.match(number.strip())
        self.found = model._default_manager.filter(pk=int(match.group(1))).first() if match else None
        if self.found is None:
            name = str(model._meta.verbose_name)
            self.add_error("number", f"We could not find {name} {number.strip()}. Check the reference and the kind.")
        return cleaned


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing it?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="It is taken off the public pages. The reason is kept with the decision.",
        error_messages={"required": "Give the reason for withdrawing it."},
    )
