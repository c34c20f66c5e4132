"""Pieces of the staff feedback pages drawn many times a page (a deadline per row, the queue's filters).

As tags they cost a fraction of an include or a loop of template variables.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from residents import tables

register = template.Library()


@register.simple_tag
def deadline(d):
    """One deadline in words (residents/tables.py)."""
    return tables.deadline_html(d)


def _select(field, options) -> str:
    """A drop-down in the markup crispy gives a field, with its error next to it."""
    id_, error = escape(field.auto_id), escape(" ".join(field.errors))
    invalid = f' aria-invalid="true" aria-describedby="{id_}-error"' if error else ""
    options_html = "\n".join(
        f'<option value="{escape(value)}"{" selected" if chosen else ""}>{escape(str(label))}</option>'
        for value, label, chosen in options
    )
    return (
        f'<div id="div_{id_}" class="mb-3">\n'
        f'  <label for="{id_}" class="form-label">{escape(str(field.label))}</label>\n'
        f'  <select name="{escape(field.html_name)}" class="select form-select{" is-invalid" if error else ""}" '
        f'id="{id_}"{invalid}>\n{options_html}\n  </select>\n'
        + (f'  <span id="{id_}-error" class="invalid-feedback"><strong>{error}</strong></span>\n' if error else "")
        + "</div>"
    )


def _checkbox(field) -> str:
    id_ = escape(field.auto_id)
    return (
        f'<div class="mb-3"><div id="div_{id_}" class="form-check">\n'
        f'  <input type="checkbox" name="{escape(field.html_name)}" class="checkboxinput form-check-input" '
        f'id="{id_}"{" checked" if field.value() else ""}>\n'
        f'  <label for="{id_}" class="form-check-label">{escape(str(field.label))}</label>\n</div></div>'
    )


@register.simple_tag
def queue_filters(form):
    """The queue's drop-downs and checkboxes (QueueFilterForm), each in its grid column. Drawn here: through the
    form's templates or an include per field, eight fields cost more than the rest of the page."""
    columns = [f'<div class="col-sm-6 col-lg-3">{_select(field, options)}</div>' for field, options in form.selects()]
    columns.append(f'<div class="col-sm-6 col-lg-3 pt-lg-4">{"".join(map(_checkbox, form.checkboxes()))}</div>')
    return mark_safe("\n".join(columns))
