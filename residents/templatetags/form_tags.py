"""How the portal's forms label their fields (templates/bootstrap5/field.html)."""

from django import template

register = template.Library()


@register.filter
def marked_optional(bound_field) -> bool:
    """Whether a field's label ends "(optional)", as GOV.UK forms do rather than starring required fields: a field
    that may be left empty is, unless the field or its whole form sets `mark_optional = False`. Filters, a survey's
    answers (the question says whether it may be left out) and fields needed only in some cases (their help text
    says when) set it."""
    field = bound_field.field
    return not field.required and getattr(field, "mark_optional", getattr(bound_field.form, "mark_optional", True))
