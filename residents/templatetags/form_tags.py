"""How the portal's forms label their fields (templates/bootstrap5/field.html)."""

from django import template
from django.forms import Textarea, TextInput

register = template.Library()


@register.filter
def marked_optional(bound_field) -> bool:
    """Whether a field's label ends "(optional)", as GOV.UK forms do rather than starring required fields: a field
    that may be left empty is, unless the field or its whole form sets `mark_optional = False`. Filters, a survey's
    answers (the question says whether it may be left out) and fields needed only in some cases (their help text
    says when) set it."""
    field = bound_field.field
    return not field.required and getattr(field, "mark_optional", getattr(bound_field.form, "mark_optional", True))


# A text input this long is filled by pasting as often as by typing: its limit is checked by the server too.
LONG_TEXT_INPUT = 100


@register.filter
def character_limit(bound_field) -> int | None:
    """The most characters a text box takes, for templates/bootstrap5/field.html to say beside it and count down
    (static/js/character-count.js); None when the field has no limit or is not a text box.

    A textarea or a long text input loses its maxlength attribute (on this form's own copy of the widget): with
    it, the browser cuts what is pasted without a word, whereas the server says the text is too long and the
    form comes back with all of it. The hint is added to the box's aria-describedby, before its help text and
    error, so a screen reader reads the limit with the field."""
    field, widget = bound_field.field, bound_field.field.widget
    limit = getattr(field, "max_length", None)
    if not limit or widget.is_hidden or not isinstance(widget, Textarea | TextInput):
        return None
    if isinstance(widget, Textarea) or limit >= LONG_TEXT_INPUT:
        widget.attrs.pop("maxlength", None)
    hint = f"{bound_field.auto_id}_limit"
    described = widget.attrs.get("aria-describedby") or bound_field.aria_describedby or ""
    if hint not in described.split():
        widget.attrs["aria-describedby"] = f"{hint} {described}".strip()
    return limit
