"""The Tenant Satisfaction Measures (TSM): the locked perception survey, the measures per tenure with their margin
of error, the summary of approach, publishing, and the CSV.

The regulator's facts (wording, scales, filter questions, sample size bands) are in surveys/data/tsm.json, so
that a correction is made in one place. A measure is the percentage of valid responses that are positive (very
or fairly satisfied, or agree), counting one response per household per reporting year (Response.counted_year)
and leaving "don't know" and "not applicable" out of the base. Results are split by tenure: low-cost rental
(LCRA) and low-cost home ownership (LCHO).

Margins of error are at 95% confidence with p = 0.5 (the widest case, as the regulator's sample sizes assume)
and the finite population correction, the population being the homes of that tenure on the register.

The summary of approach compares who answered with who lives in our homes. Neighbourhood and tenure are register
facts and shown live. Age band is equality data: a response counts for the reporting year of the survey it
answers, not the day it came, so the year's figures keep changing until the year's survey has closed, whatever
the calendar says. Until then they are not shown at all (staff typing in one known resident's phone answer would
otherwise see what changed); after, they go through residents.disclosure (rounded, small groups hidden with their
complement), and a closed survey cannot be reopened (surveys.services.building).
"""

import csv
import io
import json
import math
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from residents import disclosure
from residents.models import AgeBand, Channel, EqualityMonitoring, Home, Neighbourhood, Tenure

from ..models import (
    Anonymity,
    Answer,
    Choice,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyKind,
    SurveyStatus,
    TsmApproach,
)
from .results import NOT_RECORDED, safe_cell, suppress

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "tsm.json"
TENURES = [Tenure.LCRA, Tenure.LCHO]


@cache
def facts() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def measures() -> list[dict]:
    return facts()["measures"]


def measure_codes() -> list[str]:
    return [m["code"] for m in measures()]


def year_label(reporting_year: int) -> str:
    return f"{reporting_year} to {reporting_year + 1}"


def current_reporting_year(today: date | None = None) -> int:
    today = today or timezone.localdate()
    start = facts()["reporting_year_starts"]
    return today.year if (today.month, today.day) >= (start["month"], start["day"]) else today.year - 1


# Sample size and margin of error --------------------------------------------------------------------------


def target_margin(homes: int) -> float:
    """The regulator's margin of error for a tenure with this many homes (a fraction: 0.04 for +/-4%)."""
    for band in facts()["sample_size"]["bands"]:
        if homes >= band["homes_from"] and (band["homes_to"] is None or homes <= band["homes_to"]):
            return band["margin"]
    raise ValueError(homes)


def margin_of_error(*, responses: int, homes: int) -> float | None:
    """Half-width of the 95% confidence interval (a fraction), with the finite population correction."""
    if responses <= 0 or homes <= 1:
        return None
    z, p = facts()["sample_size"]["z"], facts()["sample_size"]["p"]
    correction = max(homes - responses, 0) / (homes - 1)
    return z * math.sqrt(p * (1 - p) / responses) * math.sqrt(correction)


def needed_sample(*, homes: int, margin: float | None = None) -> int:
    """Responses needed for the margin (by default the regulator's for this many homes)."""
    if homes <= 0:
        return 0
    margin = margin or target_margin(homes)
    z, p = facts()["sample_size"]["z"], facts()["sample_size"]["p"]
    n0 = z * z * p * (1 - p) / (margin * margin)
    return min(homes, round(homes * n0 / (homes + n0)))


def as_percent(fraction: float | None) -> float | None:
    return None if fraction is None else round(100 * fraction, 1)


# The locked survey ----------------------------------------------------------------------------------------


def _wording(text: str) -> str:
    return text.replace("{landlord}", settings.LANDLORD_NAME)


TSM_INTRODUCTION = (
    "These questions are the Tenant Satisfaction Measures that every social landlord in England asks and "
    "publishes each year. It takes about five minutes.\n\n"
    "Your answers are confidential. We keep them with your home's record so that we count one answer per "
    "household each year, as the Regulator of Social Housing requires; staff only ever see totals. If you tell "
    "us about something dangerous in your home, we pass it on so we can make it safe."
)


@transaction.atomic
def create_tsm_survey(*, reporting_year: int, actor) -> Survey:
    """The TSM perception survey for a reporting year: TP01-TP12 in the regulator's wording with the landlord's
    name, their filter questions, the five-point scales and "don't know" / "not applicable" where allowed.
    Locked, so its wording cannot be edited; confidential, because counting one response per household needs
    the link to the home. One per reporting year."""
    if Survey.objects.filter(kind=SurveyKind.TSM, reporting_year=reporting_year).exists():
        raise ValidationError(
            f"There is already a Tenant Satisfaction Measures survey for {year_label(reporting_year)}."
        )
    survey = Survey.objects.create(
        title=f"Tenant Satisfaction Measures survey {year_label(reporting_year)}",
        kind=SurveyKind.TSM,
        anonymity=Anonymity.CONFIDENTIAL,
        introduction=TSM_INTRODUCTION,
        how_results_used=(
            "We publish the results every year with a summary of how we ran the survey, and report them to the "
            "Regulator of Social Housing. They show us where to improve."
        ),
        locked=True,
        reporting_year=reporting_year,
        created_by=actor,
    )
    data = facts()
    questions: list[Question] = []
    choices: list[tuple[Question, list[Choice]]] = []
    filter_yes: dict[str, tuple[Question, int]] = {}  # filter name -> (its question, position of "Yes")
    shown_if: list[tuple[Question, str]] = []
    position = 0
    for measure in data["measures"]:
        name = measure.get("filter")
        if name and name not in filter_yes:
            position += 1
            spec = data["filters"][name]
            question = Question(survey=survey, position=position, kind=QuestionKind.YES_NO, code=spec["code"])
            question.text = _wording(spec["text"])
            questions.append(question)
            choices.append((question, [Choice(position=1, label="Yes", positive=True), Choice(position=2, label="No")]))
            filter_yes[name] = (question, 1)
        position += 1
        question = Question(survey=survey, position=position, kind=QuestionKind.SCALE, code=measure["code"])
        question.text = _wording(measure["text"])
        questions.append(question)
        scale = data["scales"][measure["scale"]]
        options = [
            Choice(position=i, label=label, positive=label in scale["positive"])
            for i, label in enumerate(scale["choices"], start=1)
        ]
        if measure["outside_base"]:
            options += [
                Choice(position=len(options) + i, label=label, outside_base=True)
                for i, label in enumerate(data["outside_base_choices"], start=1)
            ]
        choices.append((question, options))
        if name:
            shown_if.append((question, name))
    Question.objects.bulk_create(questions)
    for question, options in choices:
        for option in options:
            option.question = question
    Choice.objects.bulk_create([option for _, options in choices for option in options])
    yes_choice = {
        name: next(c for q, options in choices if q is question for c in options if c.position == pos)
        for name, (question, pos) in filter_yes.items()
    }
    for question, name in shown_if:
        question.show_if_choice = yes_choice[name]
    Question.objects.bulk_update([q for q, _ in shown_if], ["show_if_choice"])
    return survey


# Results --------------------------------------------------------------------------------------------------


def counted_responses(reporting_year: int):
    """The responses that count: one per household, to a TSM survey, in the reporting year."""
    return Response.objects.filter(survey__kind=SurveyKind.TSM, counted_year=reporting_year, submitted_on__isnull=False)


def homes_by_tenure() -> dict[str, int]:
    counts = dict(Home.objects.values_list("tenure").annotate(n=Count("id")).order_by())
    return {tenure: counts.get(tenure, 0) for tenure in TENURES}


def measure_answers():
    """The answers that count towards the measures: to a measure's question, in a submitted response counted for a
    reporting year (one per household)."""
    return Answer.objects.filter(
        survey__kind=SurveyKind.TSM,
        response__counted_year__isnull=False,
        response__submitted_on__isnull=False,
        question__code__in=measure_codes(),
    )


def measure_counts() -> dict:
    """What a measure is counted from, as aggregates of measure_answers(): valid answers (in the base), positive
    ones among them, and those left out of the base (don't know, not applicable)."""
    return {
        "valid": Count("id", filter=Q(choice__outside_base=False)),
        "positive": Count("id", filter=Q(choice__outside_base=False, choice__positive=True)),
        "outside": Count("id", filter=Q(choice__outside_base=True)),
    }


def percent_positive(*, valid: int, positive: int) -> float | None:
    return round(100 * positive / valid, 1) if valid else None


def tsm_results(*, reporting_year: int) -> dict:
    """Per measure and tenure: % positive of valid responses, base, margin of error. Plain data (three queries),
    so that what is published can be kept exactly as it was."""
    rows = (
        measure_answers()
        .filter(response__counted_year=reporting_year)
        .values_list("question__code", "response__tenure")
        .annotate(**measure_counts())
        .order_by()
    )
    found = {(code, tenure): (valid, positive, outside) for code, tenure, valid, positive, outside in rows}
    homes = homes_by_tenure()
    sample = dict(counted_responses(reporting_year).values_list("tenure").annotate(n=Count("id")).order_by())
    tenures = []
    for tenure in TENURES:
        population = homes[tenure]
        achieved = sample.get(tenure, 0)
        tenures.append(
            {
                "tenure": tenure,
                "label": Tenure(tenure).label,
                "homes": population,
                "responses": achieved,
                "margin": as_percent(margin_of_error(responses=achieved, homes=population)),
                "target_margin": as_percent(target_margin(population)) if population else None,
                "needed": needed_sample(homes=population),
            }
        )
    results = []
    for measure in measures():
        per_tenure = []
        for tenure in TENURES:
            valid, positive, outside = found.get((measure["code"], tenure), (0, 0, 0))
            per_tenure.append(
                {
                    "tenure": tenure,
                    "percent": percent_positive(valid=valid, positive=positive),
                    "base": valid,
                    "positive": positive,
                    "outside_base": outside,
                    "margin": as_percent(margin_of_error(responses=valid, homes=homes[tenure])),
                }
            )
        results.append({"code": measure["code"], "title": measure["title"], "tenures": per_tenure})
    return {
        "reporting_year": reporting_year,
        "year": year_label(reporting_year),
        "tenures": tenures,
        "measures": results,
    }


def tsm_trend(*, first_year: int, last_year: int) -> dict:
    """Each measure's % positive per tenure by reporting year, keyed (code, tenure, year), and by calendar quarter
    of the day the response was submitted within each reporting year (the rolling programme's waves fall in
    quarters), keyed (code, tenure, year, first day of the quarter); counted as tsm_results counts a year. One query:
    a year's figures are the sums of its quarters' counts, since a household counts once in a year."""
    rows = (
        measure_answers()
        .filter(response__counted_year__range=(first_year, last_year))
        .annotate(quarter=TruncQuarter("response__submitted_on"))
        .values_list("question__code", "response__tenure", "response__counted_year", "quarter")
        .annotate(**measure_counts())
        .order_by()
    )
    years: dict = {}
    quarters: dict = {}
    for code, tenure, year, quarter, valid, positive, _outside in rows:
        for key, store in (((code, tenure, year), years), ((code, tenure, year, quarter), quarters)):
            counts = store.setdefault(key, [0, 0])
            counts[0] += valid
            counts[1] += positive
    return {
        "years": {key: {"base": v, "percent": percent_positive(valid=v, positive=p)} for key, (v, p) in years.items()},
        "quarters": {
            key: {"base": v, "percent": percent_positive(valid=v, positive=p)} for key, (v, p) in quarters.items()
        },
    }


# Summary of approach --------------------------------------------------------------------------------------


@dataclass
class Group:
    label: str
    respondents: int | None  # None when hidden
    respondents_percent: float | None
    register_percent: float | None
    hidden: str = ""
    register_hidden: str = ""  # the register's share hidden (equality data, through residents.disclosure)


AGE_BANDS_WAIT = (
    "Responses by age band are shown once the survey for this reporting year has closed and takes no more "
    "answers, so that they cannot be compared before and after someone answers."
)


def equality_withheld(reporting_year: int, now=None) -> tuple[str, bool]:
    """Why the year's responses by equality answers are not shown yet ("" once they may be: every TSM survey of
    the year published and past its closing day, building.has_closed in SQL, so that no answer from a resident or
    typed in by staff can change them), and whether a survey of the year has no closing day. One query."""
    now = now or timezone.now()
    surveys = Survey.objects.filter(kind=SurveyKind.TSM, reporting_year=reporting_year).aggregate(
        surveys=Count("id"),
        closed=Count("id", filter=Q(status=SurveyStatus.PUBLISHED, closes_at__lte=now)),
        undated=Count("id", filter=Q(closes_at__isnull=True)),
    )
    if surveys["surveys"] and surveys["closed"] == surveys["surveys"]:
        return "", False
    return AGE_BANDS_WAIT, bool(surveys["undated"])


def _compare(respondents: dict, register: dict, labels: dict) -> list[dict]:
    """Respondents' shares against the register's, small groups of respondents hidden."""
    cells = suppress(respondents)
    total = sum(respondents.values())
    register_total = sum(register.values())
    groups = []
    for key in sorted(set(respondents) | set(register), key=lambda k: (k in ("", None), labels.get(k, str(k)))):
        cell = cells.get(key)
        hidden = cell.hidden if cell else ""
        count = cell.count if cell else 0
        groups.append(
            asdict(
                Group(
                    label=labels.get(key, NOT_RECORDED if key in ("", None) else str(key)),
                    respondents=None if hidden else count,
                    respondents_percent=None if hidden or not total else round(100 * count / total, 1),
                    register_percent=round(100 * register.get(key, 0) / register_total, 1) if register_total else None,
                    hidden=hidden,
                )
            )
        )
    return groups


def _published_age_bands(counted) -> list[dict]:
    """Respondents and residents by age band as residents.disclosure allows them to be shown: every band a row
    whether anyone is in it or not, counts rounded to 5, percentages of the rounded counts (two queries)."""
    bands = [*AgeBand.values, ""]
    respondents = dict.fromkeys(bands, 0)
    for band, n in counted.values_list("age_band").annotate(n=Count("id")).order_by():
        respondents[band if band in respondents else ""] += n
    # The register's side is live (a resident may change their answers any day): rounding blurs one change, but
    # a share watched at every change still crosses a boundary at times. It is shown only beside a closed year.
    register = dict.fromkeys(AgeBand.values, 0)
    told = EqualityMonitoring.objects.filter(age_band__in=AgeBand.values)
    register |= dict(told.values_list("age_band").annotate(n=Count("id")).order_by())
    answered = disclosure.publish_counts(respondents).groups
    residents = disclosure.publish_counts(register).groups
    labels = dict(AgeBand.choices) | {"": NOT_RECORDED}
    groups = []
    for band in bands:
        mine, theirs = answered[band], residents.get(band)
        groups.append(
            asdict(
                Group(
                    label=labels[band],
                    respondents=mine.count,
                    respondents_percent=mine.percent,
                    register_percent=theirs.percent if theirs else None,
                    hidden=mine.hidden,
                    register_hidden=theirs.hidden if theirs else "",
                )
            )
        )
    return groups


def representativeness(reporting_year: int, now=None) -> list[dict]:
    """Who answered against who lives in our homes, by neighbourhood, tenure and age band (eight queries; six
    while age bands wait for the survey to close, when they are not counted at all)."""
    counted = counted_responses(reporting_year)
    by_area = dict(counted.values_list("neighbourhood_id").annotate(n=Count("id")).order_by())
    homes_by_area = dict(Home.objects.values_list("block__neighbourhood_id").annotate(n=Count("id")).order_by())
    names = dict(Neighbourhood.objects.values_list("id", "name"))
    by_tenure = dict(counted.values_list("tenure").annotate(n=Count("id")).order_by())
    withheld, undated = equality_withheld(reporting_year, now)
    return [
        {"label": "Neighbourhood", "register": "homes", "groups": _compare(by_area, homes_by_area, names)},
        {
            "label": "Tenure",
            "register": "homes",
            "groups": _compare(by_tenure, homes_by_tenure(), dict(Tenure.choices)),
        },
        {
            "label": "Age band",
            "register": "residents who told us their age band",
            "groups": [] if withheld else _published_age_bands(counted),
            "rounded": not withheld,
            "withheld": withheld,
            "undated": undated,  # staff are told to give the survey a closing day
        },
    ]


def approach_for(reporting_year: int) -> TsmApproach:
    return TsmApproach.objects.filter(reporting_year=reporting_year).first() or TsmApproach(
        reporting_year=reporting_year
    )


def summary_of_approach(*, reporting_year: int) -> dict:
    """The summary of approach the regulator asks to be published with the results."""
    counted = counted_responses(reporting_year)
    span = counted.aggregate(first=Min("submitted_on"), last=Max("submitted_on"), total=Count("id"))
    channels = dict(Channel.choices)
    methods = [
        {"label": channels.get(channel, channel), "responses": n}
        for channel, n in counted.values_list("channel").annotate(n=Count("id")).order_by("-n", "channel")
    ]
    approach = approach_for(reporting_year)
    return {
        "responses": span["total"],
        "first_day": span["first"].isoformat() if span["first"] else None,
        "last_day": span["last"].isoformat() if span["last"] else None,
        "methods": methods,
        "representativeness": representativeness(reporting_year),
        "sampling_method": approach.sampling_method,
        "conducted_by": approach.conducted_by,
        "weighting": approach.weighting,
        "exclusions": approach.exclusions,
        "incentives": approach.incentives,
        "other_notes": approach.other_notes,
    }


APPROACH_FIELDS = ["sampling_method", "conducted_by", "weighting", "exclusions", "incentives", "other_notes"]


@transaction.atomic
def save_tsm_approach(*, reporting_year: int, actor, **fields) -> TsmApproach:
    approach, _ = TsmApproach.objects.select_for_update().get_or_create(reporting_year=reporting_year)
    for name in APPROACH_FIELDS:
        if name in fields:
            setattr(approach, name, fields[name])
    approach.updated_by = actor
    approach.save(update_fields=[*APPROACH_FIELDS, "updated_by", "updated_at"])
    return approach


@transaction.atomic
def publish_tsm_results(*, reporting_year: int, actor) -> TsmApproach:
    """Publish the year's results and summary of approach as they are now. Publishing again replaces them."""
    approach, _ = TsmApproach.objects.select_for_update().get_or_create(reporting_year=reporting_year)
    results = tsm_results(reporting_year=reporting_year)
    if not any(t["responses"] for t in results["tenures"]):
        raise ValidationError("There are no counted responses for this year yet, so there is nothing to publish.")
    approach.published = {
        "results": results,
        "approach": summary_of_approach(reporting_year=reporting_year),
    }
    approach.published_at = timezone.now()
    approach.published_by = actor
    approach.save(update_fields=["published", "published_at", "published_by", "updated_at"])
    return approach


@transaction.atomic
def withdraw_tsm_results(*, reporting_year: int, actor) -> TsmApproach:
    approach = TsmApproach.objects.select_for_update().get(reporting_year=reporting_year)
    approach.published = None
    approach.published_at = None
    approach.published_by = actor
    approach.save(update_fields=["published", "published_at", "published_by", "updated_at"])
    return approach


def latest_published() -> TsmApproach | None:
    return TsmApproach.objects.filter(published_at__isnull=False).order_by("-reporting_year").first()


# CSV ------------------------------------------------------------------------------------------------------

TSM_CSV_HEADER = [
    "reporting_year",
    "measure_code",
    "measure",
    "tenure",
    "percent_positive",
    "valid_responses",
    "positive_responses",
    "outside_base",
    "margin_of_error_percent",
    "homes_of_tenure",
    "counted_responses_of_tenure",
]


def tsm_csv(*, results: dict) -> str:
    """One row per measure and tenure."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TSM_CSV_HEADER)
    tenures = {t["tenure"]: t for t in results["tenures"]}
    for measure in results["measures"]:
        for cell in measure["tenures"]:
            tenure = tenures[cell["tenure"]]
            writer.writerow(
                [
                    results["year"],
                    measure["code"],
                    safe_cell(measure["title"]),
                    cell["tenure"].upper(),
                    "" if cell["percent"] is None else f"{cell['percent']:.1f}",
                    cell["base"],
                    cell["positive"],
                    cell["outside_base"],
                    "" if cell["margin"] is None else f"{cell['margin']:.1f}",
                    tenure["homes"],
                    tenure["responses"],
                ]
            )
    return out.getvalue()
