"""A dashboard table: what the page shows, what the chart beside it draws and what its CSV holds, from one list of
rows, so the three can never disagree. The page draws it with templates/engagement/board/includes/table.html."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from surveys.services.results import safe_cell

COUNT, PERCENT, MARGIN, DAYS, TEXT, MONEY = "count", "percent", "margin", "days", "text", "money"


@dataclass(frozen=True)
class Column:
    label: str
    # How its numbers are written: COUNT, PERCENT (one decimal, with %), MARGIN (±), DAYS, MONEY (£, pence) or TEXT
    kind: str = COUNT

    @property
    def numeric(self) -> bool:
        return self.kind != TEXT


@dataclass(frozen=True)
class Row:
    cells: list  # the first labels the row; then a number, a string ("fewer than 5") or None for "none to show"
    highlight: str = ""  # why the row stands out ("Under-represented"), said in words as well as colour
    total: bool = False


@dataclass(frozen=True)
class Chart:
    """A chart of some of the table's numeric columns, one bar (or point) per row."""

    columns: list[int]  # indexes of the columns drawn
    kind: str = "bar"  # "bar" or "line"
    horizontal: bool = False
    percent: bool = False  # the axis runs 0 to 100
    across: bool = False  # one line per row across the charted columns (a trend), instead of one bar per row
    rows: int | None = None  # chart only the first so many rows (the table has them all)


@dataclass
class Table:
    slug: str  # unique on the page: its anchor and its CSV's name
    title: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    description: str = ""
    empty: str = "Nothing to show for this period."
    chart: Chart | None = None

    @property
    def has_notes(self) -> bool:
        return _has_notes(self)

    @property
    def shown_rows(self) -> list[tuple[Row, list[ShownCell]]]:
        """Each row with its cells as the page writes them (the first is the row's heading)."""
        return [
            (
                row,
                [
                    ShownCell(shown(value, column.kind), column.numeric, column.label)
                    for value, column in zip(row.cells, self.columns, strict=True)
                ],
            )
            for row in self.rows
        ]

    def chart_data(self) -> dict | None:
        """What static/js/board-charts.js draws: labels, and one series per charted column."""
        if self.chart is None or not self.rows:
            return None
        rows = [row for row in self.rows if not row.total][: self.chart.rows]
        if self.chart.across:
            return {
                "kind": self.chart.kind,
                "horizontal": False,
                "percent": self.chart.percent,
                "labels": [self.columns[i].label.split(":")[0] for i in self.chart.columns],
                "series": [
                    {"label": str(row.cells[0]), "data": [_number(row.cells[i]) for i in self.chart.columns]}
                    for row in rows
                ],
            }
        return {
            "kind": self.chart.kind,
            "horizontal": self.chart.horizontal,
            "percent": self.chart.percent,
            "labels": [str(row.cells[0]) for row in rows],
            "series": [
                {
                    "label": self.columns[i].label,
                    "data": [_number(row.cells[i]) for row in rows],
                }
                for i in self.chart.columns
            ],
        }


def shown(value, kind: str) -> str:
    """A cell as the page writes it."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if kind == PERCENT:
        return f"{value:.1f}%"
    if kind == MARGIN:
        return f"±{value:.1f}"
    if kind == DAYS:
        return f"{value:.1f}"
    if kind == MONEY:
        return f"£{value:,.2f}"
    return f"{value:,}"


@dataclass(frozen=True)
class ShownCell:
    text: str
    numeric: bool
    label: str = ""  # its column's name (a stacked table shows it beside the value on a phone)


def _number(value):
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, int):
        return str(value)
    return safe_cell(str(value))


def table_csv(table: Table) -> str:
    """The table as it is shown: the same rows, the same numbers, hidden figures given as the words shown."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.label for column in table.columns] + (["Note"] if _has_notes(table) else []))
    for row in table.rows:
        cells = [csv_cell(value) for value in row.cells]
        writer.writerow(cells + ([row.highlight] if _has_notes(table) else []))
    return out.getvalue()


def _has_notes(table: Table) -> bool:
    return any(row.highlight for row in table.rows)
