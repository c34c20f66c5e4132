from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from residents.feedback.workdays import (
    add_working_days,
    aware_before_passed,
    is_working_day,
    last_known_year,
    working_days_between,
    working_days_deadline,
)

LONDON = ZoneInfo("Europe/London")


def test_weekends_and_bank_holidays_are_not_working_days():
    assert is_working_day(date(2026, 11, 23))  # Monday
    assert not is_working_day(date(2026, 11, 21))  # Saturday
    assert not is_working_day(date(2026, 12, 25))  # Christmas Day
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day substitute


def test_five_working_days_skip_the_weekend():
    # Received Friday 20 November 2026: 5 working days later is Friday 27 November.
    assert add_working_days(date(2026, 11, 20), 5) == date(2026, 11, 27)


def test_ten_working_days_across_christmas_skip_three_bank_holidays():
    # From Monday 21 December 2026: 25th, 28th and 1 January are bank holidays.
    assert add_working_days(date(2026, 12, 21), 10) == date(2027, 1, 7)


def test_easter_2027_is_skipped():
    assert add_working_days(date(2027, 3, 25), 2) == date(2027, 3, 31)


def test_deadline_is_the_end_of_the_last_working_day_in_london():
    aware = datetime(2026, 11, 20, 16, 30, tzinfo=LONDON)
    deadline = working_days_deadline(aware, 5)
    assert deadline == datetime(2026, 11, 27, 23, 59, 59, tzinfo=LONDON)


def test_late_evening_utc_in_summer_counts_from_the_london_date():
    # 23:30 UTC on Friday 26 June 2026 is already Saturday 00:30 in London.
    aware = datetime(2026, 6, 26, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert working_days_deadline(aware, 1).date() == date(2026, 6, 29)


def test_working_days_between_counts_both_ways():
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 27)) == 5
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 20)) == -5


def test_shipped_calendar_covers_the_next_year():
    assert last_known_year() >= date.today().year + 1


def test_what_reached_us_before_the_cut_off_is_exactly_what_is_past_its_deadline():
    """The hazards page and the staff home count possible hazards past their deadline by when they arrived."""
    received = [datetime(2026, 12, 1, 0, 0, tzinfo=LONDON) + timedelta(hours=7 * n) for n in range(200)]
    for now in [datetime(2027, 1, 12, 23, 59, 59, tzinfo=LONDON), datetime(2027, 1, 13, 0, 0, 0, tzinfo=LONDON)]:
        for hours in range(0, 24 * 30, 5):
            moment = now + timedelta(hours=hours)
            cut_off = aware_before_passed(moment, 10)
            for at in received:
                assert (at < cut_off) == (working_days_deadline(at, 10) < moment), (moment, at)
