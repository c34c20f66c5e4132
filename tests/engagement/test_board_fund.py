"""The Board's Community Fund figures and the fund activity in involvement reach, against the hand-counted fund of
fund_data.build_fund. The period is the reporting year 2025 (1 April 2025 to 31 March 2026) unless said, seen on 16
February 2026 at noon (board_data.NOW)."""

from decimal import Decimal

import pytest

from engagement.board import selectors, upcoming

from .board_data import at, board_url, filters_for, rows_of, table_in
from .fund_data import build_fund

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(staff):
    return build_fund(staff)


def _status(section) -> dict:
    return {label: cells[0] for label, cells in rows_of(table_in([section], "fund-applications")).items()}


def _money(section) -> list:
    return [row.cells[1:] for row in table_in([section], "fund-money").rows]


def test_the_fund_in_the_reporting_year_for_all_neighbourhoods(fund):
    section = upcoming.fund_section(filters_for("y2025"))

    assert section.waiting == ""
    assert [(h.label, h.value) for h in section.headlines] == [
        ("Budget", "£8,000"),
        ("Awarded", "£1,200"),
        ("Spent", "£1,000"),
        ("People reached", "55"),
    ]
    assert _money(section) == [
        [Decimal("8000.00"), 2],
        [Decimal("1200.00"), 2],
        [Decimal("1000.00"), 2],
        [None, 55],
    ]
    assert _status(section) == {
        "Submitted, being considered": 1,
        "Awarded in full": 1,
        "Awarded in part": 1,
        "Not funded": 1,
        "All applications sent": 4,
    }


def test_the_fund_for_one_neighbourhood_counts_the_projects_that_help_it(fund):
    north = upcoming.fund_section(filters_for("y2025", fund["north"]))
    assert _money(north) == [
        [Decimal("5000.00"), 1],
        [Decimal("1200.00"), 2],
        [Decimal("1000.00"), 2],
        [None, 55],
    ]
    assert _status(north) == {
        "Submitted, being considered": 0,
        "Awarded in full": 1,
        "Awarded in part": 1,
        "Not funded": 0,
        "All applications sent": 2,
    }

    south = upcoming.fund_section(filters_for("y2025", fund["south"]))
    assert _money(south) == [
        [Decimal("8000.00"), 2],
        [Decimal("400.00"), 1],
        [Decimal("0.00"), 0],
        [None, 0],
    ]
    assert _status(south)["All applications sent"] == 3
    assert _status(south)["Awarded in full"] == 0


def test_the_fund_in_a_quarter(fund):
    section = upcoming.fund_section(filters_for("q2025-10"))

    assert _money(section) == [
        [Decimal("3000.00"), 1],
        [Decimal("0.00"), 0],
        [Decimal("800.00"), 1],
        [None, 40],
    ]
    assert _status(section)["All applications sent"] == 1
    assert _status(section)["Submitted, being considered"] == 1


def test_the_fund_csv_has_the_table_as_shown(fund, client_for):
    with at(2026, 2, 16, 12):
        response = client_for("board").get(board_url("board_csv", slug="fund-money", period="y2025"))

    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0] == "Figure,Amount,Number"
    assert lines[2] == "Awarded (projects funded),1200.00,2"
    assert lines[4].endswith(",,55")


def test_residents_who_applied_to_the_fund_are_counted_once_in_involvement_reach(fund):
    everyone = rows_of(table_in([selectors.involvement_section(filters_for("y2025"))], "involvement-activities"))
    assert everyone["Community Fund"][0] == 3  # Ann, Bob and Dan (twice); Eve's draft and Ann's early bid aside

    north = selectors.involvement_section(filters_for("y2025", fund["north"]))
    assert rows_of(table_in([north], "involvement-activities"))["Community Fund"][0] == 2
    last_year = selectors.involvement_section(filters_for("y2024"))
    assert rows_of(table_in([last_year], "involvement-activities"))["Community Fund"][0] == 1  # Ann's early bid
