"""The Board dashboard's figures, section by section. Each section function takes the filters and returns a
Section of Tables; every figure is an aggregate in the database, and each section costs a fixed number of queries
whatever the data size (said in its docstring).

Sections whose app has not landed yet return a Section with `waiting` set and no tables (see upcoming.py)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import (
    Avg,
    CharField,
    Count,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Concat, TruncQuarter

from residents.feedback import timescales
from residents.models import (
    ComplaintStage,
    Feedback,
    FeedbackCategory,
    FeedbackKind,
    Hazard,
    HazardReview,
    Neighbourhood,
    UpdateStatus,
    YouSaidWeDid,
)
from residents.outbox.models import OutboundEmail
from surveys.services import tsm

from . import frozen, involvement, representation
from .periods import Period, quarter_label, quarters_between, year_start
from .tables import DAYS, MARGIN, PERCENT, TEXT, Chart, Column, Row, Table


@dataclass(frozen=True)
class BoardFilters:
    period: Period
    neighbourhood: Neighbourhood | None
    now: datetime
    neighbourhoods: dict[int, str]  # every neighbourhood's name, by id
    # What sections read in common, worked out once per request (the register grouped by who took part).
    cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def where(self) -> str:
        return self.neighbourhood.name if self.neighbourhood else "all neighbourhoods"


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    detail: str = ""


@dataclass
class Section:
    key: str
    title: str
    intro: str = ""
    headlines: list[Headline] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    waiting: str = ""  # set when the section has nothing to show yet, and why
    withheld: list[Headline] = field(default_factory=list)  # tables not shown for these filters, and why


def share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def shown_percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


# Tenant Satisfaction Measures -----------------------------------------------------------------------------

TREND_YEARS = 3


def tsm_section(filters: BoardFilters) -> Section:
    """The reporting year's measures per tenure with base sizes and margins of error (surveys.services.tsm, three
    queries), and each measure's trend by year and by quarter (one query)."""
    year = filters.period.reporting_year
    results = tsm.tsm_results(reporting_year=year)
    trend = tsm.tsm_trend(first_year=year - TREND_YEARS + 1, last_year=year)
    tenures = results["tenures"]
    section = Section(
        "tsm",
        "Tenant Satisfaction Measures",
        intro=(
            f"Results for the reporting year {results['year']}, counted as the regulator asks: one response per "
            "household, the percentage of valid answers that are satisfied (or agree), low-cost rental and "
            "low-cost home ownership apart. They are for all our homes: the neighbourhood filter does not apply."
        ),
    )
    tp01 = next((m for m in results["measures"] if m["code"] == "TP01"), None)
    if tp01:
        for cell, tenure in zip(tp01["tenures"], tenures, strict=True):
            section.headlines.append(
                Headline(
                    f"Overall satisfaction (TP01), {tenure['label'].lower()}",
                    shown_percent(cell["percent"]),
                    f"of {cell['base']} valid answer{'s' if cell['base'] != 1 else ''}"
                    + (f", ±{cell['margin']:.1f} points" if cell["margin"] is not None else ""),
                )
            )
    section.tables.append(
        Table(
            "tsm-sample",
            "Responses and margin of error by tenure",
            [
                Column("Tenure", TEXT),
                Column("Homes"),
                Column("Counted responses"),
                Column("Margin of error", MARGIN),
                Column("Regulator's margin", MARGIN),
                Column("Responses needed for it"),
            ],
            [
                Row([t["label"], t["homes"], t["responses"], t["margin"], t["target_margin"], t["needed"]])
                for t in tenures
            ],
            description="Margins of error are at 95% confidence, in percentage points either side of a result.",
        )
    )
    columns = [Column("Measure", TEXT)]
    for tenure in tenures:
        columns += [
            Column(f"{tenure['label']}: satisfied", PERCENT),
            Column(f"{tenure['label']}: base"),
            Column(f"{tenure['label']}: margin", MARGIN),
        ]
    section.tables.append(
        Table(
            "tsm-measures",
            f"Measures by tenure, {results['year']}",
            columns,
            [
                Row(
                    [f"{m['code']} {m['title']}"]
                    + [value for cell in m["tenures"] for value in (cell["percent"], cell["base"], cell["margin"])]
                )
                for m in results["measures"]
            ],
            description='The base is the number of valid answers: "don\'t know" and "not applicable" are left out.',
            chart=Chart(columns=[1, 4], horizontal=True, percent=True),
        )
    )
    years = list(range(year - TREND_YEARS + 1, year + 1))
    quarters = quarters_between(year_start(year), year_start(year + 1))
    for tenure in tenures:
        label = tenure["label"]
        section.tables.append(
            _trend_table(
                f"tsm-years-{tenure['tenure']}",
                f"Trend by year, {label.lower()}",
                results["measures"],
                [(tsm.year_label(y), (tenure["tenure"], y)) for y in years],
                trend["years"],
            )
        )
        section.tables.append(
            _trend_table(
                f"tsm-quarters-{tenure['tenure']}",
                f"Trend by quarter of {results['year']}, {label.lower()}",
                results["measures"],
                [(quarter_label(q), (tenure["tenure"], year, q)) for q in quarters],
                trend["quarters"],
                description="By the quarter in which each response was given (the waves of the rolling programme).",
            )
        )
    return section


def _trend_table(slug, title, measures, periods, found, description="") -> Table:
    columns = [Column("Measure", TEXT)]
    for label, _ in periods:
        columns += [Column(f"{label}: satisfied", PERCENT), Column(f"{label}: base")]
    rows = []
    for measure in measures:
        cells = [f"{measure['code']} {measure['title']}"]
        for _, key in periods:
            figure = found.get((measure["code"], *key), {"percent": None, "base": 0})
            cells += [figure["percent"], figure["base"]]
        rows.append(Row(cells))
    return Table(
        slug,
        title,
        columns,
        rows,
        description=description,
        # Overall satisfaction only: twelve lines on one chart cannot be read; the table has every measure.
        chart=Chart(columns=list(range(1, len(columns), 2)), kind="line", percent=True, across=True, rows=1),
    )


# Feedback, complaints and hazards -------------------------------------------------------------------------


def _feedback_in(filters: BoardFilters):
    items = Feedback.objects.filter(created_at__gte=filters.period.starts_at, created_at__lt=filters.period.ends_at)
    if filters.neighbourhood:
        items = items.filter(neighbourhood=filters.neighbourhood)
    return items


def _in_period(field_name: str, filters: BoardFilters) -> Q:
    return Q(**{f"{field_name}__gte": filters.period.starts_at, f"{field_name}__lt": filters.period.ends_at})


def feedback_section(filters: BoardFilters) -> Section:
    """Feedback received in the period by kind and category (one query) and by quarter (one query); complaint
    stages acknowledged and answered in the period against the Complaint Handling Code (one query); the Awaab's
    Law clocks of hazards that reached us in the period (one query), and possible hazards still to check (one)."""
    section = Section(
        "feedback",
        "Feedback, complaints and hazards",
        intro=f"Feedback received {filters.period.phrase}, {filters.where}.",
    )
    received = _feedback_in(filters)
    counts = {
        (kind, category): n
        for kind, category, n in received.values_list("kind", "category").annotate(n=Count("pk")).order_by()
    }
    kinds, categories = FeedbackKind.choices, FeedbackCategory.choices
    rows = []
    for category, label in categories:
        cells = [counts.get((kind, category), 0) for kind, _ in kinds]
        rows.append(Row([label, *cells, sum(cells)]))
    kind_totals = [sum(counts.get((kind, category), 0) for category, _ in categories) for kind, _ in kinds]
    total = sum(kind_totals)
    rows.append(Row(["All categories", *kind_totals, total], total=True))
    section.headlines.append(Headline("Feedback received", f"{total:,}", filters.period.phrase))
    section.tables.append(
        Table(
            "feedback-volume",
            "Feedback by category and kind",
            [Column("Category", TEXT), *[Column(label.split(" (")[0]) for _, label in kinds], Column("All kinds")],
            rows,
            chart=Chart(columns=[len(kinds) + 1], horizontal=True),
        )
    )
    section.tables.append(_themes_table(received, filters))
    complaints = complaints_table(filters)
    section.tables.append(complaints)
    section.headlines.append(_complaints_headline(complaints))
    hazards, breaches = hazards_table(filters)
    section.tables.append(hazards)
    section.headlines.append(
        Headline(
            "Awaab's Law breaches",
            f"{breaches:,}",
            "deadlines missed or met late, of hazards that reached us in this period",
        )
    )
    possible = (
        received.filter(hazard_review=HazardReview.POSSIBLE)
        .order_by()
        .aggregate(
            waiting=Count("pk"),
            late=Count("pk", filter=Q(pk__in=Feedback.objects.possible_hazards_past_due(filters.now).values("pk"))),
        )
    )
    section.notes.append(
        f"{possible['waiting']:,} report{'s' if possible['waiting'] != 1 else ''} from this period "
        f"{'are' if possible['waiting'] != 1 else 'is'} still waiting to be checked as a possible hazard, "
        f"{possible['late']:,} of them past the {timescales.POSSIBLE_HAZARD_INVESTIGATE_DAYS} working days "
        "allowed to investigate."
    )
    return section


def _themes_table(received, filters: BoardFilters) -> Table:
    quarters = quarters_between(filters.period.start, filters.period.end)
    counts = {
        (when.date() if isinstance(when, datetime) else when, category): n
        for when, category, n in received.annotate(quarter=TruncQuarter("created_at"))
        .values_list("quarter", "category")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return Table(
        "feedback-themes",
        "What feedback was about, by quarter",
        [Column("Category", TEXT), *[Column(quarter_label(q)) for q in quarters]],
        [
            Row([label, *[counts.get((q, category), 0) for q in quarters]])
            for category, label in FeedbackCategory.choices
        ],
        description="Quarters at the edges of the period count only the part of them inside it.",
        chart=Chart(columns=list(range(1, len(quarters) + 1)), kind="line", across=True),
    )


def complaints_table(filters: BoardFilters) -> Table:
    stages = ComplaintStage.objects.all()
    if filters.neighbourhood:
        stages = stages.filter(feedback__neighbourhood=filters.neighbourhood)
    acknowledged, responded = _in_period("acknowledged_at", filters), _in_period("responded_at", filters)
    found = {
        row["stage"]: row
        for row in stages.values("stage")
        .annotate(
            acknowledged=Count("pk", filter=acknowledged),
            acknowledged_in_time=Count("pk", filter=acknowledged & Q(acknowledged_at__lte=F("acknowledge_due"))),
            responded=Count("pk", filter=responded),
            responded_in_time=Count("pk", filter=responded & Q(responded_at__lte=F("response_due"))),
            extended=Count("pk", filter=responded & Q(extension_days__gt=0)),
            days=Avg(F("responded_at") - F("opened_at"), filter=responded),
            overdue=Count("pk", filter=Q(responded_at__isnull=True, response_due__lt=filters.now)),
        )
        .order_by()
    }
    rows = []
    for stage, label in ComplaintStage.Stage.choices:
        row = found.get(stage, {})
        days = row.get("days")
        rows.append(
            Row(
                [
                    label,
                    f"{timescales.COMPLAINT_ACKNOWLEDGE_DAYS[stage]} working days to acknowledge, "
                    f"{timescales.COMPLAINT_RESPOND_DAYS[stage]} more to respond",
                    row.get("acknowledged", 0),
                    share(row.get("acknowledged_in_time", 0), row.get("acknowledged", 0)),
                    row.get("responded", 0),
                    row.get("responded_in_time", 0),
                    share(row.get("responded_in_time", 0), row.get("responded", 0)),
                    row.get("extended", 0),
                    None if days is None else round(days.total_seconds() / 86400, 1),
                    row.get("overdue", 0),
                ]
            )
        )
    return Table(
        "complaints-stages",
        "Complaints answered within the Complaint Handling Code's timescales",
        [
            Column("Stage", TEXT),
            Column("Target", TEXT),
            Column("Acknowledged"),
            Column("Acknowledged in time", PERCENT),
            Column("Answered"),
            Column("Answered in time"),
            Column("Answered in time (share)", PERCENT),
            Column("Answered after an extension"),
            Column("Average days to answer", DAYS),
            Column("Open now, past the deadline"),
        ],
        rows,
        description=(
            "Stages acknowledged and answered in the period. An extension the Code allows (up to "
            f"{timescales.COMPLAINT_MAX_EXTENSION_DAYS} working days, with the reason given to the resident) moves "
            "the deadline. Average days are calendar days from the complaint reaching that stage."
        ),
        chart=Chart(columns=[3, 6], horizontal=True, percent=True),
    )


def _complaints_headline(table: Table) -> Headline:
    answered = sum(row.cells[4] for row in table.rows)
    in_time = sum(row.cells[5] for row in table.rows)
    return Headline(
        "Complaints answered in time", shown_percent(share(in_time, answered)), f"{in_time:,} of {answered:,} answers"
    )


HAZARD_TARGETS = {
    "investigate": (
        f"{timescales.EMERGENCY_HAZARD_HOURS} hours for an emergency, "
        f"{timescales.DAMP_MOULD_INVESTIGATE_DAYS} working days otherwise"
    ),
    "make_safe": f"{timescales.HAZARD_SAFETY_WORK_DAYS} working days after the investigation (emergency: 24 hours)",
    "summary": f"{timescales.HAZARD_SUMMARY_DAYS} working days after the investigation",
    "further_work": f"started within {timescales.HAZARD_FURTHER_WORK_START.days // 7} weeks",
}


def hazards_table(filters: BoardFilters) -> tuple[Table, int]:
    hazards = Hazard.objects.filter(_in_period("aware_at", filters))
    if filters.neighbourhood:
        hazards = hazards.filter(feedback__neighbourhood=filters.neighbourhood)
    now = filters.now
    counts = {}
    for key, _label, due, done in Hazard.CLOCKS:
        applies = Q(**{f"{due}__isnull": False})
        counts |= {
            f"n_{key}_due": Count("pk", filter=applies),
            f"n_{key}_in_time": Count("pk", filter=applies & Q(**{f"{done}__lte": F(due)})),
            f"n_{key}_late": Count("pk", filter=applies & Q(**{f"{done}__gt": F(due)})),
            f"n_{key}_missed": Count("pk", filter=applies & Q(**{f"{done}__isnull": True, f"{due}__lt": now})),
            f"n_{key}_running": Count("pk", filter=applies & Q(**{f"{done}__isnull": True, f"{due}__gte": now})),
        }
    found = hazards.aggregate(hazards=Count("pk"), **counts)
    rows, breaches = [], 0
    for key, label, _due, _done in Hazard.CLOCKS:
        in_time, late, missed = found[f"n_{key}_in_time"], found[f"n_{key}_late"], found[f"n_{key}_missed"]
        breaches += late + missed
        rows.append(
            Row(
                [
                    label,
                    HAZARD_TARGETS[key],
                    found[f"n_{key}_due"],
                    in_time,
                    late,
                    missed,
                    found[f"n_{key}_running"],
                    share(in_time, in_time + late + missed),
                ],
                highlight="Breaches" if late + missed else "",
            )
        )
    table = Table(
        "hazards-clocks",
        f"Hazards handled within Awaab's Law timescales ({found['hazards']:,} confirmed "
        f"hazard{'s' if found['hazards'] != 1 else ''})",
        [
            Column("Deadline", TEXT),
            Column("Target", TEXT),
            Column("Hazards it applies to"),
            Column("Met in time"),
            Column("Met late"),
            Column("Not met and past the deadline"),
            Column("Still running"),
            Column("In time, of those due so far", PERCENT),
        ],
        rows,
        description="Confirmed hazards whose report reached us in the period; the clocks run from that moment.",
        chart=Chart(columns=[3, 4, 5], horizontal=True),
    )
    return table, breaches


# "You said, we did" -----------------------------------------------------------------------------------------


def updates_section(filters: BoardFilters) -> Section:
    """Entries published in the period by topic, the residents whose voices they answer and how many were told by
    email (one query, the emails counted by the outbox key each entry's emails carry)."""
    entries = YouSaidWeDid.objects.public().filter(_in_period("published_at", filters))
    if filters.neighbourhood:
        entries = entries.for_neighbourhood(filters.neighbourhood.pk)
    # Emails sent: each entry's emails carry its id in their outbox key (residents.updates.services._tell_residents).
    emails = OutboundEmail.objects.filter(
        key__startswith=Concat(Value("update-published:"), Cast(OuterRef("pk"), CharField()), Value(":")),
        sent_at__isnull=False,
    )
    entries = entries.annotate(
        emailed=Subquery(emails.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1])
    )
    by_topic = {
        row["topic"]: row
        for row in entries.values("topic")
        .annotate(
            published=Count("pk", filter=Q(status=UpdateStatus.PUBLISHED)),
            withdrawn=Count("pk", filter=Q(status=UpdateStatus.WITHDRAWN)),
            voices=Sum("voices"),
            told=Sum("emailed"),
        )
        .order_by()
    }
    rows = []
    for topic, label in FeedbackCategory.choices:
        row = by_topic.get(topic, {})
        cells = [row.get("published", 0), row.get("withdrawn", 0), row.get("voices") or 0, int(row.get("told") or 0)]
        rows.append(Row([label, *cells]))
    totals = [sum(row.cells[i] for row in rows) for i in (1, 2, 3, 4)]
    rows.append(Row(["All topics", *totals], total=True))
    section = Section(
        "updates",
        '"You said, we did"',
        intro=(
            f"Entries published {filters.period.phrase} for {filters.where} (entries for everyone "
            "included), and the residents whose voices they answer: each is told by email when it is published, "
            "unless they asked not to be contacted."
        ),
        headlines=[
            Headline("Entries published", f"{totals[0]:,}", "still published now"),
            Headline("Residents told", f"{totals[3]:,}", f"by email, of {totals[2]:,} whose voices the entries answer"),
        ],
    )
    section.tables.append(
        Table(
            "updates-topics",
            '"You said, we did" by topic',
            [
                Column("Topic", TEXT),
                Column("Published"),
                Column("Withdrawn since"),
                Column("Residents whose voices they answer"),
                Column("Residents told by email"),
            ],
            rows,
            chart=Chart(columns=[1], horizontal=True),
        )
    )
    return section


# Involvement reach ------------------------------------------------------------------------------------------


def involvement_section(filters: BoardFilters) -> Section:
    """Distinct residents who took part in each recorded activity in the period, in any of them (from the register
    grouped with who took part, which the representativeness tables share), and the share of households with someone
    who did (one query, involvement.households_reached). An ended reporting year reads both from its frozen
    figures (frozen.py)."""
    recorded = involvement.recorded()
    found = {a.key: 0 for a in recorded} | {"residents": 0, "involved": 0}
    neighbourhood_id = filters.neighbourhood.pk if filters.neighbourhood else None
    for group in representation.grouped_register(filters.period, filters.cache):
        if neighbourhood_id is not None and group.neighbourhood_id != neighbourhood_id:
            continue
        found["residents"] += group.residents
        found["involved"] += group.taking_part
        for a in recorded:
            found[a.key] += group.activities.get(a.key, 0)
    households = [
        figures
        for pk, figures in frozen.households(filters.period, filters.cache).items()
        if neighbourhood_id is None or pk == neighbourhood_id
    ]
    found["households"] = sum(homes for homes, _ in households)
    found["involved_households"] = sum(reached for _, reached in households)
    rows = [Row([a.label, found[a.key], share(found[a.key], found["residents"])]) for a in recorded]
    rows += [Row([a.label, None, None], highlight="Not recorded in the portal yet") for a in involvement.not_recorded()]
    rows.append(Row(["Any of these", found["involved"], share(found["involved"], found["residents"])], total=True))
    household_share = share(found["involved_households"], found["households"])
    return Section(
        "involvement",
        "Involvement reach",
        intro=(
            f"Residents of {filters.where} who took part {filters.period.phrase}, each counted once per "
            "activity and once in all."
        ),
        headlines=[
            Headline("Residents involved", f"{found['involved']:,}", f"of {found['residents']:,} on the register"),
            Headline(
                "Households reached",
                shown_percent(household_share),
                f"{found['involved_households']:,} of {found['households']:,} households",
            ),
        ],
        tables=[
            Table(
                "involvement-activities",
                "Residents involved by activity",
                [Column("Activity", TEXT), Column("Residents"), Column("Share of residents", PERCENT)],
                rows,
                chart=Chart(columns=[1], horizontal=True),
            )
        ],
    )


# Representativeness -----------------------------------------------------------------------------------------


def representation_section(filters: BoardFilters) -> Section:
    """Who takes part compared with the register (engagement.board.representation: one query)."""
    section = Section(
        "representation",
        "Who takes part",
        intro=(
            f"Residents of {filters.where} who took part in any recorded activity "
            f"{filters.period.phrase}, compared with everyone on the register. A group is marked "
            "under-represented when its share of those taking part is less than four-fifths of its share of the "
            "register."
        ),
    )
    for found in representation.representation_tables(
        period=filters.period,
        neighbourhood_id=filters.neighbourhood.pk if filters.neighbourhood else None,
        names=filters.neighbourhoods,
        cache=filters.cache,
    ):
        if found["table"] is not None:
            section.tables.append(found["table"])
        else:
            section.withheld.append(Headline(found["dimension"].label, "", found["withheld"]))
    return section
