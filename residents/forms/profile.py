"""Forms a resident fills in about themselves."""

from django import forms

from ..models import (
    AccessibilityNeed,
    ContactChannel,
    EqualityMonitoring,
    InvolvementInterest,
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
