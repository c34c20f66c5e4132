"""Rows of the staff lists (register, feedback queue, hazards) drawn as HTML in Python.

A list page draws 25 rows of up to ten cells. Through template variables, filters and includes that cost more
than everything else on the page, so the views work out each row's cells and these functions join them with
the standard library's escaping. Anything marked safe (a link, a badge) goes in as it is; everything else is
escaped.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe


def as_html(value) -> str:
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def link(url: str, text) -> SafeString:
    return mark_safe(f'<a href="{escape(url)}">{as_html(text)}</a>')


def table_rows(rows) -> SafeString:
    """<tr> elements, one per row of cells."""
    return mark_safe("\n".join("<tr>" + "".join(f"<td>{as_html(cell)}</td>" for cell in row) + "</tr>" for row in rows))
