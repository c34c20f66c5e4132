"""Forms the portal's pages share, whichever app draws them."""

from django import forms


class FilterForm(forms.Form):
    """The form of a list's filters or search box (a django-filter FilterSet's Meta.form): each field may be left
    empty, and empty shows everything, so none is marked "(optional)" (templates/bootstrap5/field.html)."""

    mark_optional = False
