"""The Tenant Satisfaction Measures: the locked survey, the measures per tenure, sample sizes and margins of error
checked against the published figures, publishing and the CSV, and the summary of approach's age bands, which
wait for the year's survey to close."""

import csv
import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from residents.models import AgeBand, Channel, EqualityMonitoring, Tenure
from surveys.models import Anonymity, QuestionKind, SurveyKind
from surveys.services import tsm
from surveys.services.answering import submit_response

from ..factories import HomeFactory, ResidentFactory
from ..querycount import capture_queries
from .fixtures import publish_for
from .results_data import choice, respond

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def tsm_survey(staff, settings):
    settings.LANDLORD_NAME = "Riverside Homes"
    return tsm.create_tsm_survey(reporting_year=YEAR, actor=staff)


def test_the_tsm_survey_is_locked_confidential_and_asks_tp01_to_tp12_with_filters(tsm_survey):
    assert (tsm_survey.kind, tsm_survey.locked, tsm_survey.reporting_year) == (SurveyKind.TSM, True, YEAR)
    assert tsm_survey.anonymity == Anonymity.CONFIDENTIAL
    assert "one answer per household" in tsm_survey.introduction
    codes = list(tsm_survey.questions.order_by("position").values_list("code", flat=True))
    assert codes == [
        "TP01",
        "TP-REPAIR",
        "TP02",
        "TP03",
        "TP04",
        "TP05",
        "TP06",
        "TP07",
        "TP08",
        "TP-COMPLAINT",
        "TP09",
        "TP-COMMUNAL",
        "TP10",
        "TP11",
        "TP12",
    ]


def test_tsm_wording_has_the_landlords_name_and_the_regulators_scales(tsm_survey):
    questions = {q.code: q for q in tsm_survey.questions.prefetch_related("choices")}
    assert questions["TP01"].text == (
        "Taking everything into account, how satisfied or dissatisfied are you with the service provided by "
        "Riverside Homes?"
    )
    assert questions["TP08"].text == (
        'To what extent do you agree or disagree with the following "Riverside Homes treats me fairly and with '
        'respect"?'
    )
    tp01 = [(c.label, c.positive, c.outside_base) for c in questions["TP01"].choices.all()]
    assert tp01 == [
        ("Very satisfied", True, False),
        ("Fairly satisfied", True, False),
        ("Neither satisfied nor dissatisfied", False, False),
        ("Fairly dissatisfied", False, False),
        ("Very dissatisfied", False, False),
    ]  # no "don't know" on TP01
    tp08 = [c.label for c in questions["TP08"].choices.all() if c.positive]
    assert tp08 == ["Strongly agree", "Agree"]
    tp12_outside = [c.label for c in questions["TP12"].choices.all() if c.outside_base]
    assert tp12_outside == ["Don't know", "Not applicable"]
    assert all(
        q.kind == QuestionKind.SCALE for code, q in questions.items() if code.startswith("TP") and "-" not in code
    )


def test_filter_questions_ask_tp02_tp03_only_after_a_repair_tp09_after_a_complaint_tp10_with_communal_areas(
    tsm_survey,
):
    questions = {q.code: q for q in tsm_survey.questions.select_related("show_if_choice__question")}
    for code, filter_code in [
        ("TP02", "TP-REPAIR"),
        ("TP03", "TP-REPAIR"),
        ("TP09", "TP-COMPLAINT"),
        ("TP10", "TP-COMMUNAL"),
    ]:
        shown_if = questions[code].show_if_choice
        assert (shown_if.question.code, shown_if.label) == (filter_code, "Yes"), code
    assert questions["TP01"].show_if_choice is None and questions["TP11"].show_if_choice is None
    assert "Has Riverside Homes carried out a repair to your home in the last 12 months?" == questions["TP-REPAIR"].text


def test_one_tsm_survey_per_reporting_year(tsm_survey, staff):
    with pytest.raises(ValidationError):
        tsm.create_tsm_survey(reporting_year=YEAR, actor=staff)


# Sample sizes and margins of error, against the published cross-checks ----------------------------------


def test_7271_homes_need_554_responses_for_plus_or_minus_4_percent():
    assert tsm.target_margin(7271) == 0.04
    assert tsm.needed_sample(homes=7271) == 554


def test_988_responses_from_12573_homes_are_within_3_percent():
    assert tsm.target_margin(12573) == 0.03
    moe = tsm.margin_of_error(responses=988, homes=12573)
    assert 0.0295 < moe <= 0.030
    assert tsm.as_percent(moe) == 3.0


@pytest.mark.parametrize(
    ("homes", "margin"),
    [(1, 0.05), (2499, 0.05), (2500, 0.04), (9999, 0.04), (10000, 0.03), (24999, 0.03), (25000, 0.02)],
)
def test_the_regulators_margin_depends_on_the_number_of_homes(homes, margin):
    assert tsm.target_margin(homes) == margin


def test_a_small_landlord_never_needs_more_responses_than_homes():
    assert tsm.needed_sample(homes=40) <= 40
    assert tsm.margin_of_error(responses=40, homes=40) == 0.0


# Results ------------------------------------------------------------------------------------------------


def homes(n: int, tenure=Tenure.LCRA):
    return HomeFactory.create_batch(n, tenure=tenure)


def test_tsm_percent_is_of_valid_counted_responses_by_tenure(tsm_survey):
    rental, ownership = homes(10), homes(4, Tenure.LCHO)
    tp01, tp12 = tsm_survey.questions.get(code="TP01"), tsm_survey.questions.get(code="TP12")
    counted = {"counted_year": YEAR, "tenure": Tenure.LCRA}
    respond(
        tsm_survey,
        {tp01: choice(tp01, "Very satisfied"), tp12: choice(tp12, "Fairly satisfied")},
        times=3,
        homes=rental[:3],
        **counted,
    )
    respond(
        tsm_survey,
        {tp01: choice(tp01, "Fairly dissatisfied"), tp12: choice(tp12, "Don't know")},
        times=1,
        homes=rental[3:4],
        **counted,
    )
    respond(
        tsm_survey,
        {tp01: choice(tp01, "Very dissatisfied"), tp12: choice(tp12, "Not applicable")},
        times=1,
        homes=rental[4:5],
        **counted,
    )
    # A household's second response is not counted (counted_year empty): it must not move the measure.
    respond(tsm_survey, {tp01: choice(tp01, "Very dissatisfied")}, times=1, homes=rental[:1], tenure=Tenure.LCRA)
    respond(
        tsm_survey,
        {tp01: choice(tp01, "Fairly satisfied")},
        times=2,
        homes=ownership[:2],
        counted_year=YEAR,
        tenure=Tenure.LCHO,
    )

    found = tsm.tsm_results(reporting_year=YEAR)

    measures = {m["code"]: {c["tenure"]: c for c in m["tenures"]} for m in found["measures"]}
    assert (measures["TP01"]["lcra"]["percent"], measures["TP01"]["lcra"]["base"]) == (60.0, 5)
    assert (measures["TP12"]["lcra"]["percent"], measures["TP12"]["lcra"]["base"]) == (100.0, 3)
    assert measures["TP12"]["lcra"]["outside_base"] == 2
    assert (measures["TP01"]["lcho"]["percent"], measures["TP01"]["lcho"]["base"]) == (100.0, 2)
    assert measures["TP05"]["lcra"]["percent"] is None
    tenures = {t["tenure"]: t for t in found["tenures"]}
    assert (tenures["lcra"]["homes"], tenures["lcra"]["responses"]) == (10, 5)
    assert tenures["lcra"]["margin"] == tsm.as_percent(tsm.margin_of_error(responses=5, homes=10))


@pytest.mark.parametrize(("closed", "queries"), [(False, 12), (True, 14)])  # age bands counted once closed
def test_tsm_results_cost_the_same_queries_at_any_size(tsm_survey, closed, queries):
    if closed:
        now = timezone.now()
        publish_for(tsm_survey, ResidentFactory(), opens_at=now - timedelta(days=9), closes_at=now)
    tp01 = tsm_survey.questions.get(code="TP01")
    respond(
        tsm_survey, {tp01: choice(tp01, "Very satisfied")}, times=2, homes=homes(2), counted_year=YEAR, tenure="lcra"
    )
    with capture_queries() as small:
        tsm.tsm_results(reporting_year=YEAR)
        tsm.summary_of_approach(reporting_year=YEAR)
    respond(
        tsm_survey,
        {tp01: choice(tp01, "Neither satisfied nor dissatisfied")},
        times=60,
        homes=homes(60),
        counted_year=YEAR,
        tenure="lcra",
    )
    with capture_queries() as large:
        tsm.tsm_results(reporting_year=YEAR)
        tsm.summary_of_approach(reporting_year=YEAR)
    assert small[0].count == large[0].count == queries, large[0]


def test_representativeness_hides_small_groups_of_respondents(tsm_survey):
    tp01 = tsm_survey.questions.get(code="TP01")
    respond(
        tsm_survey, {tp01: choice(tp01, "Very satisfied")}, times=6, homes=homes(6), counted_year=YEAR, tenure="lcra"
    )
    respond(
        tsm_survey,
        {tp01: choice(tp01, "Very satisfied")},
        times=2,
        homes=homes(2, Tenure.LCHO),
        counted_year=YEAR,
        tenure="lcho",
    )

    by_tenure = next(s for s in tsm.representativeness(YEAR) if s["label"] == "Tenure")["groups"]

    groups = {g["label"]: g for g in by_tenure}
    assert groups["Low-cost home ownership"]["hidden"] == "fewer than 5"
    assert groups["Low-cost home ownership"]["respondents"] is None
    assert groups["Low-cost rental"]["hidden"] == "not shown"  # else 8 - 6 gives the hidden 2 away
    assert groups["Low-cost rental"]["register_percent"] == 75.0


def test_publishing_keeps_the_numbers_as_they_were_and_the_csv_has_a_row_per_measure_and_tenure(tsm_survey, staff):
    tp01 = tsm_survey.questions.get(code="TP01")
    respond(
        tsm_survey, {tp01: choice(tp01, "Very satisfied")}, times=1, homes=homes(1), counted_year=YEAR, tenure="lcra"
    )
    assert tsm.latest_published() is None
    tsm.save_tsm_approach(reporting_year=YEAR, actor=staff, conducted_by="Our own insight team")

    published = tsm.publish_tsm_results(reporting_year=YEAR, actor=staff)
    respond(
        tsm_survey, {tp01: choice(tp01, "Very dissatisfied")}, times=1, homes=homes(1), counted_year=YEAR, tenure="lcra"
    )

    assert tsm.latest_published() == published
    assert published.published["results"]["measures"][0]["tenures"][0]["percent"] == 100.0
    assert published.published["approach"]["conducted_by"] == "Our own insight team"
    rows = list(csv.DictReader(io.StringIO(tsm.tsm_csv(results=published.published["results"]))))
    assert len(rows) == 12 * 2
    assert (rows[0]["measure_code"], rows[0]["tenure"], rows[0]["percent_positive"]) == ("TP01", "LCRA", "100.0")
    assert {r["measure_code"] for r in rows} == {f"TP{n:02d}" for n in range(1, 13)}


def test_nothing_to_publish_without_counted_responses(staff):
    with pytest.raises(ValidationError):
        tsm.publish_tsm_results(reporting_year=YEAR, actor=staff)


def test_the_reporting_year_starts_on_1_april():
    from datetime import date

    assert tsm.current_reporting_year(date(2026, 3, 31)) == 2025
    assert tsm.current_reporting_year(date(2026, 4, 1)) == 2026


# Age bands in the summary of approach: the differencing attack ---------------------------------------------

AGE_BANDS = [label for _, label in AgeBand.choices] + ["Not recorded"]


def age_band_part(client, path: str) -> str:
    """The age band part of the summary of approach, as the page shows it."""
    page = client.get(path).content.decode()
    start = page.index("Responses by age band")
    return page[start : min(i for i in (page.find("</table>", start), page.find("</p>", start)) if i >= 0)]


def age_band_rows(part: str) -> dict[str, list[str]]:
    """Age band -> [responses, share of responses, share of residents], as shown."""
    return {
        label: re.findall(r'<td class="text-end">([^<]*)</td>', cells)
        for label, cells in re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', part, re.S)
    }


def test_a_known_phone_answer_changes_nothing_staff_see_by_age_band_until_the_survey_closes(client_for, staff):
    survey = tsm.create_tsm_survey(reporting_year=YEAR, actor=staff)
    tp01 = survey.questions.get(code="TP01")
    known, latecomer = ResidentFactory(), ResidentFactory()
    EqualityMonitoring.objects.create(resident=known, age_band=AgeBand.AGE_35)
    # The reporting year is over by the calendar, but its survey still takes answers: they count for the year.
    invitation, _ = publish_for(survey, known, latecomer, closes_at=timezone.now() + timedelta(minutes=5))
    for band, people in ((AgeBand.UNDER_25, 2), (AgeBand.AGE_35, 4), (AgeBand.AGE_45, 31), (AgeBand.AGE_55, 8)):
        answers = {tp01: choice(tp01, "Very satisfied")}
        respond(survey, answers, times=people, homes=homes(people), counted_year=YEAR, age_band=band)
    told = ResidentFactory.create_batch(38)
    EqualityMonitoring.objects.bulk_create(
        EqualityMonitoring(resident=r, age_band=AgeBand.AGE_45 if i < 30 else AgeBand.AGE_55)
        for i, r in enumerate(told)
    )
    client, results = client_for("staff"), reverse("surveys:tsm_results", args=[YEAR])
    before = age_band_part(client, results)

    # Staff type in the phone answers of a resident they know: 35 to 44 goes from 4 responses to 5.
    submit_response(
        invitation=invitation,
        answers={tp01.pk: [choice(tp01, "Very dissatisfied").pk]},
        channel=Channel.PHONE,
        entered_by=staff,
    )

    after = age_band_part(client, results)
    assert after == before
    assert "Responses by age band are shown once the survey for this reporting year has closed" in after
    assert not set(AGE_BANDS) & set(re.findall(r">([^<]+)<", after)), "no age band, not even its name"
    # Published now, the public page says the same.
    tsm.publish_tsm_results(reporting_year=YEAR, actor=staff)
    public = age_band_part(client_for("anonymous"), reverse("performance"))
    assert public == after

    with time_machine.travel(survey.closes_at + timedelta(minutes=1)):
        rows = age_band_rows(age_band_part(client, results))
    # 2, 5, 31 and 8 responses, 46 in all: rounded to 5 and shares of the rounded 45. The 2 are hidden, and so
    # are the 5 (the next smallest), or 46 less the others would give the 2 away. The residents who told us their
    # age band (30, 8 and the known resident) go through the same rule.
    assert rows["16 to 24"] == ["fewer than 5", "–", "fewer than 5"]
    assert rows["35 to 44"] == ["not shown", "–", "fewer than 5"]
    assert rows["45 to 54"] == ["30", "66.7%", "75.0%"]
    assert rows["55 to 64"] == ["10", "22.2%", "not shown"]
    assert rows["Not recorded"] == ["fewer than 5", "–", "–"]
    assert list(rows) == AGE_BANDS, "every band has a row, so a row says nothing"


def test_age_bands_wait_for_a_survey_with_no_closing_day_and_staff_are_told_to_give_it_one(
    tsm_survey, client_for, staff
):
    tp01 = tsm_survey.questions.get(code="TP01")
    answers = {tp01: choice(tp01, "Very satisfied")}
    respond(tsm_survey, answers, times=40, homes=homes(40), counted_year=YEAR, age_band="45-54", tenure="lcra")
    hint = "The survey has no closing day yet: give it one to see them."
    results = reverse("surveys:tsm_results", args=[YEAR])

    assert hint in age_band_part(client_for("staff"), results)
    assert hint not in age_band_part(client_for("board"), results), "the Board cannot change the survey"
    tsm.publish_tsm_results(reporting_year=YEAR, actor=staff)
    public = age_band_part(client_for("anonymous"), reverse("performance"))
    assert "shown once the survey for this reporting year has closed" in public and hint not in public
    assert "45 to 54" not in public
