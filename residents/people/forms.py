"""Forms about people: those a resident fills in about themselves (linking their account, preferences,
equality monitoring), then those staff use on the register (search, import)."""

from django import forms
from django.conf import settings

from ..forms import FilterForm
from . import register_import
from .models import (
    AccessibilityNeed,
    ContactChannel,
    EqualityMonitoring,
    InvolvementInterest,
    Neighbourhood,
    Preferences,
    is_valid_postcode,
)


class LinkByTenancyForm(forms.Form):
    tenancy_reference = forms.CharField(
        label="Tenancy reference",
        max_length=40,
        help_text="On your tenancy agreement and rent statements, for example T-100234.",
    )
    postcode = forms.CharField(label="Postcode of your home", max_length=10)

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"]
        if not is_valid_postcode(postcode):
            raise forms.ValidationError("Enter a UK postcode, for example SE1 7PB.")
        return postcode


class LinkByCodeForm(forms.Form):
    code = forms.CharField(
        label="Link code",
        max_length=20,
        help_text="The 10-character code we gave you by letter or phone, for example ABCDE-FGH23.",
    )


class PreferencesForm(forms.ModelForm):
    contact_channels = forms.MultipleChoiceField(
        label="How would you like us to contact you?",
        choices=ContactChannel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    accessibility_needs = forms.MultipleChoiceField(
        label="What would help you take part?",
        choices=AccessibilityNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    involvement_interests = forms.MultipleChoiceField(
        label="How would you like to get involved?",
        choices=InvolvementInterest.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Preferences
        fields = [
            "contact_channels",
            "language",
            "accessibility_needs",
            "accessibility_other",
            "involvement_interests",
            "survey_opt_out",
            "do_not_contact",
        ]
        help_texts = {
            "language": "We will try to give you information in this language or arrange an interpreter.",
            "do_not_contact": "We will still write to you about your tenancy, rent and repairs.",
        }


class EqualityForm(forms.ModelForm):
    mark_optional = False  # every question is, and the page says so in its title

    class Meta:
        model = EqualityMonitoring
        fields = ["age_band", "sex", "ethnicity", "disability"]
        labels = {"age_band": "Age", "sex": "Sex", "ethnicity": "Ethnic group"}
        widgets = {name: forms.RadioSelect for name in fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.choices = [c for c in field.choices if c[0] != ""]


# Forms staff use on the register.


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label="Register file (CSV)",
        help_text="A CSV file saved from your housing system, with the columns shown below.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.REGISTER_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"The file is larger than {limit // (1024 * 1024)} MB.")
        raw = upload.read()
        if b"\x00" in raw[:8192]:
            raise forms.ValidationError("This is not a CSV file. Save the register as CSV and try again.")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "This file is not saved as UTF-8 text. In your spreadsheet choose 'CSV UTF-8' when saving."
            ) from None
        problem = register_import.header_problem(text)
        if problem:
            raise forms.ValidationError(problem)
        self.cleaned_data["text"] = text
        return upload


class RegisterSearchForm(FilterForm):
    """The register's search box and neighbourhood filter; either may be left empty."""

    q = forms.CharField(
        label="Name, postcode, email or reference",
        required=False,
        max_length=100,
        widget=forms.SearchInput,
        error_messages={"max_length": "Enter at most 100 characters."},
    )
    neighbourhood = forms.TypedChoiceField(
        label="Neighbourhood",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a neighbourhood from the list."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        areas = Neighbourhood.objects.values_list("id", "name")
        self.fields["neighbourhood"].choices = [("", "All neighbourhoods"), *areas]


class ConfirmImportForm(forms.Form):
    """Staff confirm a previewed import. Blank cells clear values on the register only when clear_blanks is
    ticked too: the box says how many values that is."""

    confirm = forms.BooleanField(
        label="I have checked these changes and want to make them",
        error_messages={"required": "Tick the box to confirm you have checked the changes."},
    )
    clear_blanks = forms.BooleanField(required=False)
    fingerprint = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, preview: dict, **kwargs):
        super().__init__(*args, **kwargs)
        cleared = preview.get("clear_total", 0)
        if cleared:
            self.fields[
                "clear_blanks"
            ].label = f"Also clear {cleared} value{'s' if cleared != 1 else ''} where the file has a blank cell"
            self.fields[
                "clear_blanks"
            ].help_text = "Without this, a blank cell leaves what the register has (the email, phone or address stays)."
        else:
            del self.fields["clear_blanks"]
        self.initial.setdefault("fingerprint", preview.get("fingerprint", ""))
