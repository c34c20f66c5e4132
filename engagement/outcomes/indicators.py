"""The indicators the portal computes, from which staff choose each outcome's (models.OutcomeIndicator).

Each indicator counts, in one database query, a numerator and a denominator for every calendar quarter of a window
(by_quarter): both add up across quarters, so the figure for any run of quarters is the sums' ratio (or the
numerator alone, for a count). The definitions are those the rest of the portal uses: the Tenant Satisfaction
Measures' valid and positive answers (surveys.services.tsm), the walk reports' "put right on time", the Complaint
Handling Code's deadlines as the Board dashboard counts them.
"""

import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce

from django.db.models import Count, DateField, F, Q
from django.db.models.functions import TruncDate, TruncQuarter

from community.walkabouts.models import WalkaboutIssue
from engagement.board import involvement
from engagement.board.periods import Period
from panels.scrutiny.models import ManagementResponse, Recommendation
from residents.involvement.models import Outcome
from residents.models import ComplaintStage, FeedbackStatus, Resident, YouSaidWeDid
from surveys.models import Answer, AudienceKind, QuestionKind
from surveys.services import tsm

PERCENT, COUNT = "percent", "count"

# quarter start -> (numerator, denominator, people): people is how many responses the figure rests on, for the
# indicators whose small groups are hidden (SUPPRESSED_INDICATORS), and the denominator for the others.
Counts = dict[date, tuple[int, int, int]]


@dataclass(frozen=True)
class Window:
    """The quarters an indicator is counted over: [start, end), with today for "due so far"."""

    start: date
    end: date
    today: date
    now: datetime


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    description: str
    unit: str  # PERCENT: numerator / denominator; COUNT: the numerator
    outcome: str  # the outcome it most often serves (a suggestion: staff may choose it for any)
    by_quarter: Callable[[Window], Counts]

    def value(self, numerator: int, denominator: int) -> float | None:
        if self.unit == COUNT:
            return numerator
        return round(100 * numerator / denominator, 1) if denominator else None


def _quarter(field_name: str):
    return TruncQuarter(field_name, output_field=DateField())


def _counts(rows) -> Counts:
    return {
        row["quarter"]: (row["numerator"] or 0, row["denominator"] or 0, row.get("people", row["denominator"]) or 0)
        for row in rows
    }


# Satisfaction of involved and not involved residents ------------------------------------------------------


def involved_residents(window: Window):
    """Residents who took part in the window in any recorded activity other than answering a survey (answering
    the survey being measured is not involvement in the sense the outcome means)."""
    period = Period("outcomes", "", window.start, window.end, "rolling", window.start.year, False)
    conditions = [activity.taking_part(period) for activity in involvement.recorded() if activity.key != "surveys"]
    return Resident.objects.filter(reduce(operator.or_, conditions)).values("pk")


def _tsm_satisfaction(code: str, *, involved: bool) -> Callable[[Window], Counts]:
    def by_quarter(window: Window) -> Counts:
        answers = tsm.measure_answers().filter(
            question__code=code,
            response__submitted_on__gte=window.start,
            response__submitted_on__lt=window.end,
            response__resident__isnull=False,
        )
        who = Q(response__resident__in=involved_residents(window))
        answers = answers.filter(who if involved else ~who)
        return _counts(
            answers.values(quarter=_quarter("response__submitted_on"))
            .annotate(
                numerator=Count("pk", filter=Q(choice__outside_base=False, choice__positive=True)),
                denominator=Count("pk", filter=Q(choice__outside_base=False)),
            )
            .order_by()
        )

    return by_quarter


TSM_NOTE = (
    "Tenant Satisfaction Measures answers counted as the measures count them (one response per household, valid "
    "answers only), by the quarter they were given. Involved: took part in a panel, walkabout, volunteering, an "
    "action plan, an event or gave feedback in these two years. Anonymous answers keep no link to a resident, so "
    "they count on neither side."
)


# Recommendations, "You said, we did", walkabout issues, complaints, staff pulse -------------------------------


def recommendations_implemented(window: Window) -> Counts:
    """Accepted (wholly or partly) recommendations due in each quarter, up to today: how many were done by their
    date."""
    due = Recommendation.objects.filter(
        response__in=[ManagementResponse.ACCEPTED, ManagementResponse.PARTLY],
        due_on__gte=window.start,
        due_on__lt=min(window.end, window.today),
    )
    return _counts(
        due.values(quarter=_quarter("due_on"))
        .annotate(
            numerator=Count("pk", filter=Q(completed_at__isnull=False, due_on__gte=TruncDate("completed_at"))),
            denominator=Count("pk"),
        )
        .order_by()
    )


def updates_published(window: Window) -> Counts:
    """ "You said, we did" entries published in each quarter (those withdrawn since included: they were told)."""
    entries = YouSaidWeDid.objects.public().filter(
        published_at__date__gte=window.start, published_at__date__lt=window.end
    )
    return _counts(
        entries.values(quarter=_quarter("published_at"))
        .annotate(numerator=Count("pk"), denominator=Count("pk"))
        .order_by()
    )


def walkabout_issues_on_time(window: Window) -> Counts:
    """Walkabout issues due in each quarter that are put right or past their date: how many were put right on time
    (community.walkabouts.selectors.issue_figures' definitions, grouped by the quarter of the due date)."""
    closed = Q(feedback__status=FeedbackStatus.CLOSED)
    on_time = closed & Q(feedback__closed_at__isnull=False, due_on__gte=TruncDate("feedback__closed_at"))
    issues = WalkaboutIssue.objects.filter(due_on__gte=window.start, due_on__lt=window.end).filter(
        closed | Q(due_on__lt=window.today)
    )
    return _counts(
        issues.values(quarter=_quarter("due_on"))
        .annotate(numerator=Count("pk", filter=on_time), denominator=Count("pk"))
        .order_by()
    )


def complaints_on_time(window: Window) -> Counts:
    """Complaint stages answered in each quarter: how many by their deadline (extensions the Code allows move it),
    as the Board dashboard counts them."""
    stages = ComplaintStage.objects.filter(responded_at__date__gte=window.start, responded_at__date__lt=window.end)
    return _counts(
        stages.values(quarter=_quarter("responded_at"))
        .annotate(numerator=Count("pk", filter=Q(responded_at__lte=F("response_due"))), denominator=Count("pk"))
        .order_by()
    )


def staff_pulse(window: Window) -> Counts:
    """Answers to the rating-scale questions of surveys sent to staff, by the quarter they were given: how many of
    the valid ones were positive (the choices marked positive, as for satisfaction measures), and how many
    responses they came from. Only surveys that have closed count: a figure that moved with each answer would let
    someone watching it learn a colleague's answers."""
    answers = Answer.objects.filter(
        survey__audience=AudienceKind.STAFF,
        survey__closes_at__lte=window.now,
        question__kind=QuestionKind.SCALE,
        response__submitted_on__gte=window.start,
        response__submitted_on__lt=window.end,
        choice__outside_base=False,
    )
    return _counts(
        answers.values(quarter=_quarter("response__submitted_on"))
        .annotate(
            numerator=Count("pk", filter=Q(choice__positive=True)),
            denominator=Count("pk"),
            people=Count("response", distinct=True),
        )
        .order_by()
    )


INDICATORS = [
    Indicator(
        "tp01_involved",
        "Overall satisfaction (TP01) of involved residents",
        TSM_NOTE,
        PERCENT,
        Outcome.RELATIONSHIPS,
        _tsm_satisfaction("TP01", involved=True),
    ),
    Indicator(
        "tp01_not_involved",
        "Overall satisfaction (TP01) of residents not involved",
        TSM_NOTE,
        PERCENT,
        Outcome.RELATIONSHIPS,
        _tsm_satisfaction("TP01", involved=False),
    ),
    Indicator(
        "tp06_involved",
        "Satisfaction that we listen and act (TP06) of involved residents",
        TSM_NOTE,
        PERCENT,
        Outcome.RESIDENT_EXPERIENCE,
        _tsm_satisfaction("TP06", involved=True),
    ),
    Indicator(
        "tp06_not_involved",
        "Satisfaction that we listen and act (TP06) of residents not involved",
        TSM_NOTE,
        PERCENT,
        Outcome.RESIDENT_EXPERIENCE,
        _tsm_satisfaction("TP06", involved=False),
    ),
    Indicator(
        "recommendations_implemented",
        "Panel recommendations implemented by their date",
        "Scrutiny recommendations accepted wholly or in part, by the quarter they were due (up to today): the share "
        "done by their date.",
        PERCENT,
        Outcome.OPERATIONAL_EXCELLENCE,
        recommendations_implemented,
    ),
    Indicator(
        "updates_published",
        '"You said, we did" entries published',
        "Entries published, by the quarter they were published (those withdrawn since still count).",
        COUNT,
        Outcome.RELATIONSHIPS,
        updates_published,
    ),
    Indicator(
        "walkabout_issues_on_time",
        "Walkabout issues put right on time",
        "Issues logged on walkabouts, by the quarter they were due, that are put right or past their date: the "
        "share put right by their date.",
        PERCENT,
        Outcome.RESIDENT_EXPERIENCE,
        walkabout_issues_on_time,
    ),
    Indicator(
        "complaints_on_time",
        "Complaints answered within the Code's timescales",
        "Complaint stages answered, by the quarter they were answered: the share answered by their deadline.",
        PERCENT,
        Outcome.OPERATIONAL_EXCELLENCE,
        complaints_on_time,
    ),
    Indicator(
        "staff_pulse",
        "Staff pulse score",
        "Rating-scale answers to the anonymous staff pulse surveys, by the quarter they were given: the share that "
        "were positive. Only shown when at least five answers make it up.",
        PERCENT,
        Outcome.STAFF_WELLBEING,
        staff_pulse,
    ),
]

REGISTRY = {indicator.code: indicator for indicator in INDICATORS}

# Figures about a few people's answers: a quarter resting on fewer than residents.disclosure.SMALL_GROUP responses
# is hidden (selectors.indicator_rows).
SUPPRESSED_INDICATORS = {"staff_pulse"}


def choices() -> list[tuple[str, str]]:
    return [(indicator.code, indicator.label) for indicator in INDICATORS]
