"""Rows of the staff lists (register, feedback queue, hazards) drawn as HTML in Python, and their paging.

A list page draws 25 rows of up to ten cells. Through template variables, filters and includes that cost more
than everything else on the page, so the views work out each row's cells and these functions join them with
the standard library's escaping. Anything marked safe (a link, a badge) goes in as it is; everything else is
escaped. Markup made here is a SafeString outright (mark_safe first checks for lazy text, which costs more per
cell than the cell).
"""

from html import escape

from django.core.paginator import Page, Paginator
from django.db import connection
from django.utils.functional import cached_property
from django.utils.safestring import SafeString


class CountedPaginator(Paginator):
    """A paginator told the total (counted apart, or from the cached register totals) instead of counting its
    rows itself: the rows are joined to other tables, and the count need not be."""

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count

    def page(self, number):
        # Always a full page from the database, so a total that is a little behind never hides residents.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


def fetch_counted_page(sql: str, params: dict, *, number, per_page: int, limit: int) -> Page:
    """Page `number` of a statement that counts its matches (at most `limit`) and cuts the page itself: its own
    parameters, with %(skip)s, %(per_page)s and %(limit)s, in `params`; its rows as counted_page reads them."""
    skip = skip_for(number, per_page=per_page, limit=limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params | {"skip": skip, "per_page": per_page, "limit": limit})
        return counted_page(cursor.fetchall(), per_page=per_page)


def skip_for(number, *, per_page: int, limit: int) -> int:
    """How many rows come before page `number`, read as Paginator.get_page reads a page number: not a number is
    the first page; below 1 is past the end, which the statements of the queue and the register search answer
    with the last page (`limit` is more than they ever count)."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    return (number - 1) * per_page if number >= 1 else limit


# The part of those statements that turns the rows to skip into those of the page shown: the page asked for, or
# the last one for a page past the end. `n` is how many match.
SKIPPED_SQL = "CASE WHEN %(skip)s < n THEN %(skip)s ELSE GREATEST(n - 1, 0) / %(per_page)s * %(per_page)s END"


def counted_page(rows: list[tuple], *, per_page: int) -> Page:
    """The Page of a statement whose every row ends with how many match and how many rows were skipped (with
    nothing to show, it returns one row of just those two)."""
    total, skipped = rows[0][-2:]
    paginator = CountedPaginator([], per_page, count=total)
    return Page([row[:-2] for row in rows if row[0] is not None], skipped // per_page + 1, paginator)


def as_html(value) -> str:
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def labels(choices) -> dict[str, SafeString]:
    """A choice's label by its value, escaped once rather than in every row."""
    return {value: SafeString(escape(str(label))) for value, label in choices}


def link(url: str, text) -> SafeString:
    return SafeString(f'<a href="{escape(url)}">{as_html(text)}</a>')


def table_rows(rows) -> SafeString:
    """<tr> elements, one per row of cells."""
    return SafeString(
        "\n".join("<tr>" + "".join(f"<td>{as_html(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    )


def deadline_html(d) -> SafeString:
    """A deadline in words with a marker that says what it is in text (not colour alone): `d` is a Deadline
    (residents/views/staff_feedback.py)."""
    if d.overdue:
        words = f'<span class="badge text-bg-danger">Overdue</span> <strong>{escape(d.words)}</strong>'
    elif d.late:
        words = f'<span class="badge text-bg-danger">Late</span> {escape(d.words)}'
    elif d.done:
        words = f'<span class="badge text-bg-success">Done</span> {escape(d.words)}'
    elif d.soon:
        words = f'<span class="badge text-bg-warning">Due soon</span> {escape(d.words)}'
    elif d.due:
        words = escape(d.words)
    else:
        words = '<span class="text-muted">No deadline</span>'
    if not d.due:
        return SafeString(words)
    when = f"Done {d.done_text}, due {d.due_text}" if d.done else f"By {d.due_text}"
    return SafeString(f'{words}<br><span class="small text-muted">{escape(when)}</span>')


HAZARD_BADGES = {
    "possible": SafeString('<span class="badge text-bg-warning">Possible hazard</span>'),
    "confirmed": SafeString('<span class="badge text-bg-danger">Hazard</span>'),
    "dismissed": SafeString('<span class="small text-muted">Checked: not a hazard</span>'),
}


def named(ids, names: dict, model, *fields) -> dict:
    """`names` by id, with any of `ids` it lacks read from `model` (an assignee who has left the staff, a
    neighbourhood added since the register was last counted), each named by the first of `fields` that is not
    blank: a query only when one is missing."""
    missing = {pk for pk in ids if pk is not None and pk not in names}
    if not missing:
        return names
    found = model.objects.filter(pk__in=missing).values_list("pk", *fields)
    return {**names, **{pk: next(filter(None, values), "") for pk, *values in found}}
