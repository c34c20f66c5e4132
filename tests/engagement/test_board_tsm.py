"""The Board's Tenant Satisfaction Measures: the same figures as the TSM results page (surveys.services.tsm), with
base sizes and margins of error per tenure, and the trend by reporting year and by quarter."""

from datetime import date

import pytest

from engagement.board import selectors
from residents.models import Tenure
from surveys.services import tsm

from ..factories import HomeFactory
from ..surveys.results_data import choice, respond
from .board_data import filters_for, rows_of, table_in

pytestmark = pytest.mark.django_db


def answer_tp01(survey, label, *, times, tenure, year, submitted_on):
    tp01 = survey.questions.get(code="TP01")
    for _ in range(times):
        respond(
            survey,
            {tp01: choice(tp01, label)},
            homes=[HomeFactory(tenure=tenure)],
            counted_year=year,
            tenure=tenure,
            submitted_on=submitted_on,
        )


@pytest.fixture
def two_years(staff):
    """2024: 2 of 4 low-cost rental households satisfied. 2025: 3 satisfied in April to June and 1 dissatisfied in
    October to December (low-cost rental); 1 satisfied low-cost home owner in January 2026."""
    last = tsm.create_tsm_survey(reporting_year=2024, actor=staff)
    answer_tp01(last, "Very satisfied", times=2, tenure=Tenure.LCRA, year=2024, submitted_on=date(2024, 6, 1))
    answer_tp01(last, "Very dissatisfied", times=2, tenure=Tenure.LCRA, year=2024, submitted_on=date(2024, 6, 2))
    this = tsm.create_tsm_survey(reporting_year=2025, actor=staff)
    answer_tp01(this, "Fairly satisfied", times=3, tenure=Tenure.LCRA, year=2025, submitted_on=date(2025, 5, 10))
    answer_tp01(this, "Fairly dissatisfied", times=1, tenure=Tenure.LCRA, year=2025, submitted_on=date(2025, 11, 3))
    answer_tp01(this, "Very satisfied", times=1, tenure=Tenure.LCHO, year=2025, submitted_on=date(2026, 1, 9))


def test_the_measures_are_those_of_the_tsm_results_with_base_and_margin(two_years):
    section = selectors.tsm_section(filters_for("y2025"))
    results = tsm.tsm_results(reporting_year=2025)
    tp01 = next(m for m in results["measures"] if m["code"] == "TP01")
    lcra, lcho = tp01["tenures"]

    measures = rows_of(table_in([section], "tsm-measures"))
    assert measures["TP01 Overall satisfaction"] == [75.0, 4, lcra["margin"], 100.0, 1, lcho["margin"]]
    assert (lcra["percent"], lcra["base"]) == (75.0, 4)
    sample = rows_of(table_in([section], "tsm-sample"))
    homes = tsm.homes_by_tenure()
    assert sample["Low-cost rental"][:2] == [homes[Tenure.LCRA], 4]
    assert sample["Low-cost home ownership"][:2] == [homes[Tenure.LCHO], 1]


def test_the_trend_by_year_and_quarter_counts_as_a_year_is_counted(two_years):
    section = selectors.tsm_section(filters_for("y2025"))
    years = table_in([section], "tsm-years-lcra")
    quarters = table_in([section], "tsm-quarters-lcra")
    tp01_years = rows_of(years)["TP01 Overall satisfaction"]
    tp01_quarters = rows_of(quarters)["TP01 Overall satisfaction"]

    # 2023 to 2024 (none), 2024 to 2025, 2025 to 2026: % satisfied, base
    assert tp01_years == [None, 0, 50.0, 4, 75.0, 4]
    # April to June, July to September, October to December, January to March
    assert tp01_quarters == [100.0, 3, None, 0, 0.0, 1, None, 0]
    lcho = rows_of(table_in([section], "tsm-quarters-lcho"))["TP01 Overall satisfaction"]
    assert lcho == [None, 0, None, 0, None, 0, 100.0, 1]
    assert tsm.tsm_results(reporting_year=2024)["measures"][0]["tenures"][0]["percent"] == 50.0


def test_the_headline_is_overall_satisfaction_per_tenure(two_years):
    section = selectors.tsm_section(filters_for("y2025"))

    first = section.headlines[0]
    assert first.label == "Overall satisfaction (TP01), low-cost rental"
    assert first.value == "75.0%"
    assert first.detail.startswith("of 4 valid answers, ±")
