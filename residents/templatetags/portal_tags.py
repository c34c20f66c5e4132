"""Template tags the portal's pages share."""

from django import template

from residents import tables

register = template.Library()


@register.simple_tag
def table_rows(rows) -> str:
    """<tr> elements from rows of cells worked out by the view (residents/tables.py)."""
    return tables.table_rows(rows)
