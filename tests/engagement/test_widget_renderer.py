"""Form widgets are drawn from Django's Jinja2 templates for speed (engagement/forms.py): the markup a resident's
browser gets must be the same as Django's own, and the admin's widgets, which have no Jinja2 templates, still
draw."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.urls import reverse

from engagement.forms import WidgetRenderer


class Everything(forms.Form):
    name = forms.CharField(max_length=80, help_text="As on your tenancy")
    about = forms.CharField(widget=forms.Textarea, required=False)
    area = forms.ChoiceField(choices=[("", "All"), ("1", "Millfield & Co"), ("2", "Hillside")])
    topics = forms.MultipleChoiceField(choices=[("a", "Repairs"), ("b", "Bins")], widget=forms.CheckboxSelectMultiple)
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    agree = forms.BooleanField()
    photo = forms.ImageField(required=False)


@pytest.mark.parametrize("data", [None, {"name": "<Amina>", "area": "1", "topics": ["b"], "when": "2026-12-05"}])
def test_widgets_draw_the_same_markup_as_django_templates(data):
    fast = Everything(data, renderer=WidgetRenderer())
    plain = Everything(data, renderer=DjangoTemplates())
    for name in Everything.base_fields:
        assert markup(fast[name]) == markup(plain[name]), name


def markup(field) -> str:
    """The HTML as a browser reads it: white space between tags, and its amount, mean nothing."""
    return re.sub(r">\s+<", "><", " ".join(str(field).split()))


def test_the_admin_still_draws_its_own_widgets(client_for, resident):
    # A resident's change form picks their home with the admin's raw-id widget, whose template exists only for
    # the Django template engine.
    entry = resident.resident
    response = client_for("admin_user").get(reverse("admin:residents_resident_change", args=[entry.pk]))
    assert response.status_code == 200
    assert f'name="home" value="{entry.home_id}"' in response.content.decode()
