"""What the outcome pages show, read in a fixed number of queries whatever the data size: each indicator chosen
is one query for its eight quarters (indicators.py), the opportunities serving an outcome one (and one to count
them for the pages), the activities serving no outcome two."""

from dataclasses import dataclass
from datetime import date, datetime

from django.apps import apps
from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from engagement.board.periods import add_months, quarter_label
from residents.disclosure import SMALL_GROUP, hidden_groups
from residents.involvement.models import HoursEntry, Interest, InterestStatus, Opportunity, Outcome

from . import indicators
from .models import OutcomeIndicator

TREND_QUARTERS = 8  # two years
HEADLINE_QUARTERS = 4  # the figure held against the target: the last four quarters, this one so far included


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def window(now: datetime | None = None) -> indicators.Window:
    """The last eight calendar quarters (which are the reporting year's quarters too), this one so far last."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    current = quarter_start(today)
    return indicators.Window(
        start=add_months(current, -3 * (TREND_QUARTERS - 1)), end=add_months(current, 3), today=today, now=now
    )


def quarters(span: indicators.Window) -> list[date]:
    return [add_months(span.start, 3 * number) for number in range(TREND_QUARTERS)]


@dataclass(frozen=True)
class Figure:
    value: float | None  # None: nothing to count, or hidden
    numerator: int = 0
    denominator: int = 0
    hidden: bool = False


@dataclass(frozen=True)
class TrendCell:
    label: str
    figure: Figure


@dataclass(frozen=True)
class IndicatorRow:
    chosen: OutcomeIndicator
    headline: Figure
    met: bool | None
    trend: list[TrendCell]

    @property
    def indicator(self) -> indicators.Indicator:
        return self.chosen.definition


def _figure(indicator: indicators.Indicator, numerator: int, denominator: int, *, hidden: bool = False) -> Figure:
    if hidden:
        return Figure(None, hidden=True)
    return Figure(indicator.value(numerator, denominator), numerator, denominator)


def _hidden_quarters(indicator: indicators.Indicator, counts: indicators.Counts, shown: list[date]) -> set[date]:
    if indicator.code not in indicators.SUPPRESSED_INDICATORS:
        return set()
    return set(hidden_groups({quarter: counts.get(quarter, (0, 0, 0))[2] for quarter in shown}))


def _headline_hidden(indicator, counts, recent: list[date], hidden: set[date]) -> bool:
    """The last four quarters' figure is hidden when it rests on fewer than SMALL_GROUP responses, or when it would
    give away a hidden quarter by subtraction (hidden quarters inside it must hold at least SMALL_GROUP responses
    between at least two of them, as residents.disclosure's rule 3 asks)."""
    if indicator.code not in indicators.SUPPRESSED_INDICATORS:
        return False
    people = {quarter: counts.get(quarter, (0, 0, 0))[2] for quarter in recent}
    if sum(people.values()) < SMALL_GROUP:
        return True
    holding = [quarter for quarter in recent if quarter in hidden and people[quarter]]
    return bool(holding) and (len(holding) < 2 or sum(people[q] for q in holding) < SMALL_GROUP)


def indicator_rows(chosen: list[OutcomeIndicator], span: indicators.Window) -> list[IndicatorRow]:
    """Each chosen indicator's figure for the last four quarters against its target, and its eight quarters."""
    shown = quarters(span)
    recent = shown[-HEADLINE_QUARTERS:]
    found = {code: indicators.REGISTRY[code].by_quarter(span) for code in {c.indicator for c in chosen}}
    rows = []
    for item in chosen:
        indicator, counts = item.definition, found[item.indicator]
        hidden = _hidden_quarters(indicator, counts, shown)
        numerator = sum(counts.get(q, (0, 0, 0))[0] for q in recent)
        denominator = sum(counts.get(q, (0, 0, 0))[1] for q in recent)
        headline = _figure(
            indicator, numerator, denominator, hidden=_headline_hidden(indicator, counts, recent, hidden)
        )
        trend = [
            TrendCell(quarter_label(q), _figure(indicator, *counts.get(q, (0, 0, 0))[:2], hidden=q in hidden))
            for q in shown
        ]
        rows.append(IndicatorRow(item, headline, item.met(headline.value), trend))
    return rows


def chosen_indicators(outcome: str) -> list[OutcomeIndicator]:
    return list(OutcomeIndicator.objects.filter(outcome=outcome).order_by("id"))


def headline_label(span: indicators.Window) -> str:
    first = quarters(span)[-HEADLINE_QUARTERS]
    return f"{quarter_label(first).split(' to ')[0]} {first.year} to now"


# The involvement record ------------------------------------------------------------------------------------


def _recent_hours(span: indicators.Window):
    recent = quarters(span)[-HEADLINE_QUARTERS]
    return HoursEntry.objects.confirmed().filter(on__gte=recent, on__lt=span.end)


def serving(outcome: str, span: indicators.Window):
    """Opportunities tagged with the outcome, newest closing date first, with their volunteers (accepted now) and
    the confirmed hours given in the last four quarters (each a subquery, so neither multiplies the other)."""
    volunteers = (
        Interest.objects.filter(opportunity=OuterRef("pk"), status=InterestStatus.ACCEPTED)
        .order_by()
        .values("opportunity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    hours = (
        _recent_hours(span)
        .filter(opportunity=OuterRef("pk"))
        .order_by()
        .values("opportunity")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return (
        Opportunity.objects.filter(outcomes__contains=[outcome])
        .annotate(
            volunteers=Coalesce(Subquery(volunteers, output_field=IntegerField()), Value(0)),
            hours_given=Coalesce(
                Subquery(hours, output_field=DecimalField(max_digits=10, decimal_places=2)),
                Value(0, output_field=DecimalField(max_digits=10, decimal_places=2)),
            ),
        )
        .order_by("-closes_on", "-id")
    )


def serving_totals(outcome: str, span: indicators.Window) -> dict:
    """Opportunities serving the outcome, their volunteers (distinct residents accepted) and hours, in one query."""
    return Opportunity.objects.filter(outcomes__contains=[outcome]).aggregate(
        opportunities=Count("pk", distinct=True),
        volunteers=Count("interests__resident", filter=Q(interests__status=InterestStatus.ACCEPTED), distinct=True),
    ) | _recent_hours(span).filter(opportunity__outcomes__contains=[outcome]).aggregate(
        hours=Coalesce(Sum("hours"), Value(0, output_field=DecimalField(max_digits=10, decimal_places=2)))
    )


@dataclass(frozen=True)
class UntaggedActivity:
    label: str
    volunteers: int
    hours: object


def for_review(span: indicators.Window) -> dict:
    """What serves no outcome: opportunities tagged with none (drafts can be), and hours recorded in the last four
    quarters against no opportunity, by the kind of activity they came from (two queries, and one for the kinds'
    names from the app registry)."""
    untagged = list(Opportunity.objects.filter(outcomes__len=0).order_by("title", "id").values("pk", "title", "status"))
    rows = (
        _recent_hours(span)
        .filter(opportunity__isnull=True)
        .values("content_type__app_label", "content_type__model")
        .annotate(volunteers=Count("resident", distinct=True), hours=Sum("hours"))
        .order_by("content_type__app_label", "content_type__model")
    )
    activities = []
    for row in rows:
        app_label, model_name = row["content_type__app_label"], row["content_type__model"]
        model = apps.get_model(app_label, model_name) if app_label else None
        label = (
            str(model._meta.verbose_name_plural).capitalize()
            if model
            else "Hours logged by volunteers against no opportunity"
        )
        activities.append(UntaggedActivity(label, row["volunteers"], row["hours"]))
    return {"opportunities": untagged, "activities": activities}


def outcome_summaries() -> list[dict]:
    """The four outcomes with how many indicators each has and how many opportunities serve it (two queries)."""
    chosen = dict(OutcomeIndicator.objects.values_list("outcome").annotate(n=Count("pk")).order_by())
    serving_counts = Opportunity.objects.aggregate(
        **{value: Count("pk", filter=Q(outcomes__contains=[value])) for value in Outcome.values}
    )
    return [
        {"value": value, "label": label, "indicators": chosen.get(value, 0), "opportunities": serving_counts[value]}
        for value, label in Outcome.choices
    ]
