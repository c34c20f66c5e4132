"""Working days in England and Wales, for the complaint and hazard clocks.

Bank holidays come from data shipped with the portal (residents/data/), never from the network at run time.
A working day is Monday to Friday and not a bank holiday. Clocks start on the day after the landlord became
aware, as the Complaint Handling Code counts them, and end at the close of the last working day.
"""

import json
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
DATA_FILE = Path(__file__).parent.parent / "data" / "bank_holidays_england_and_wales.json"
END_OF_DAY = time(23, 59, 59)


@cache
def bank_holidays() -> frozenset[date]:
    return frozenset(date.fromisoformat(d) for d in json.loads(DATA_FILE.read_text())["dates"])


def last_known_year() -> int:
    return max(bank_holidays()).year


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays()


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself is not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_deadline(aware_at: datetime, days: int) -> datetime:
    """End of the `days`-th working day after the (local) day `aware_at` falls on, as an aware datetime."""
    local_day = aware_at.astimezone(LONDON).date()
    return datetime.combine(add_working_days(local_day, days), END_OF_DAY, tzinfo=LONDON)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative when end is before start)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n)))


def aware_before_passed(now: datetime, days: int) -> datetime:
    """The instant before which anything we became aware of is past its `days`-working-day deadline at `now`: the
    start of the earliest (local) day whose deadline has not passed. Deadlines never move earlier for a later day,
    so "aware before this" is a plain condition a database can answer from an index."""
    day = now.astimezone(LONDON).date()
    while datetime.combine(add_working_days(day - timedelta(days=1), days), END_OF_DAY, tzinfo=LONDON) >= now:
        day -= timedelta(days=1)
    return datetime.combine(day, time.min, tzinfo=LONDON)
