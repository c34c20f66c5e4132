"""The periods the Board dashboard can be looked at over: the last 12 months, reporting years (April to March, as
the Tenant Satisfaction Measures are) and their quarters. A period runs from its start up to, not including, its
end; both are midnight in the portal's time zone."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from surveys.services import tsm

ROLLING = "12m"
YEARS_OFFERED = 3  # the current reporting year and the two before it
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: date
    end: date  # the first day after the period
    kind: str  # "rolling", "year" or "quarter"
    reporting_year: int  # the reporting year it falls in (the current one for the last 12 months)
    ended: bool

    @property
    def phrase(self) -> str:
        """The period in a sentence: "in the last 12 months", "in April 2025 to March 2026 (so far)"."""
        return "in the last 12 months" if self.kind == "rolling" else f"in {self.label}"

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def ends_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end, time.min))


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def quarter_label(start: date) -> str:
    last = add_months(start, 2)
    return f"{MONTHS[start.month - 1]} to {MONTHS[last.month - 1]} {last.year}"


def year_start(reporting_year: int) -> date:
    starts = tsm.facts()["reporting_year_starts"]
    return date(reporting_year, starts["month"], starts["day"])


def periods(today: date | None = None) -> list[Period]:
    """Every period offered, the last 12 months first, then each reporting year followed by its quarters that
    have begun, newest first."""
    today = today or timezone.localdate()
    tomorrow = date.fromordinal(today.toordinal() + 1)
    current = tsm.current_reporting_year(today)
    offered = [
        Period(
            ROLLING,
            "The last 12 months",
            date.fromordinal(_last_year_same_day(today).toordinal() + 1),
            tomorrow,
            "rolling",
            current,
            False,
        )
    ]
    for year in range(current, current - YEARS_OFFERED, -1):
        start = year_start(year)
        end = year_start(year + 1)
        ended = end <= today
        label = f"April {year} to March {year + 1}" + ("" if ended else " (so far)")
        offered.append(Period(f"y{year}", label, start, end, "year", year, ended))
        for number in range(3, -1, -1):
            q_start = add_months(start, 3 * number)
            if q_start > today:
                continue
            q_end = add_months(q_start, 3)
            q_ended = q_end <= today
            offered.append(
                Period(
                    f"q{q_start:%Y-%m}",
                    quarter_label(q_start) + ("" if q_ended else " (so far)"),
                    q_start,
                    q_end,
                    "quarter",
                    year,
                    q_ended,
                )
            )
    return offered


def _last_year_same_day(today: date) -> date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return date(today.year - 1, 3, 1)


def quarters_between(start: date, end: date) -> list[date]:
    """The first day of each calendar quarter that overlaps [start, end)."""
    first = date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    found = []
    while first < end:
        found.append(first)
        first = add_months(first, 3)
    return found
