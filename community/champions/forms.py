"""Block Champions' forms."""

from django import forms


class ApplyForm(forms.Form):
    why = forms.CharField(
        label="Why would you like to be a Block Champion?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, what you already do for your neighbours, or what you would like to change.",
        error_messages={"required": "Tell us why you would like to be a Block Champion."},
    )


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve the application."},
    )
    reason = forms.CharField(label="Reason (the resident sees this)", max_length=2000, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == "decline" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Give the reason: the resident sees it.")
        return cleaned
