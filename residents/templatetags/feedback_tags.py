"""Pieces of the staff feedback pages drawn many times a page (a deadline per row, a drop-down's options).

As tags they cost a fraction of an include or a loop of template variables: the queue draws 25 deadlines and
some 40 options on every visit.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def deadline(d):
    """One deadline in words, with a marker that says what it is in text (not colour alone): `d` is a
    Deadline (residents/views/staff_feedback.py)."""
    if d.overdue:
        words = format_html('<span class="badge text-bg-danger">Overdue</span> <strong>{}</strong>', d.words)
    elif d.late:
        words = format_html('<span class="badge text-bg-danger">Late</span> {}', d.words)
    elif d.done:
        words = format_html('<span class="badge text-bg-success">Done</span> {}', d.words)
    elif d.soon:
        words = format_html('<span class="badge text-bg-warning">Due soon</span> {}', d.words)
    elif d.due:
        words = format_html("{}", d.words)
    else:
        words = mark_safe('<span class="text-muted">No deadline</span>')
    if not d.due:
        return words
    when = f"Done {d.done_text}, due {d.due_text}" if d.done else f"By {d.due_text}"
    return format_html('{}<br><span class="small text-muted">{}</span>', words, when)


HAZARD_BADGES = {
    "possible": '<span class="badge text-bg-warning">Possible hazard</span>',
    "confirmed": '<span class="badge text-bg-danger">Hazard</span>',
    "dismissed": '<span class="small text-muted">Checked: not a hazard</span>',
}


@register.simple_tag
def queue_row(row, item_base):
    """One row of the feedback queue (a QueueRow): drawn here rather than cell by cell in the template, where
    its dozen lookups and two includes cost more than everything else on the page."""
    return format_html(
        '<tr><td><a href="{}{}/">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
        "<td>{}</td><td>{}</td></tr>",
        item_base,
        row.pk,
        row.reference,
        row.resident,
        row.neighbourhood,
        row.kind,
        row.category,
        row.status,
        row.assignee,
        deadline(row.due),
        mark_safe(HAZARD_BADGES.get(row.hazard_review, "")),
    )


@register.simple_tag
def options(choices):
    """<option> elements from (value, label, chosen) triples, the chosen one selected."""
    return format_html_join(
        "\n",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if chosen else "", label) for value, label, chosen in choices),
    )
