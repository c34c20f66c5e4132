"""Public performance pages: the Tenant Satisfaction Measures that staff chose to publish, with their summary of
approach, and how we did in the last complete reporting year on complaints, hazards, "You said, we did", panels
and scrutiny, and the Community Fund. Open to everyone on purpose (login_not_required): every landlord publishes
its measures each year, and the Complaint Handling Code asks for complaint figures to be published.

The measures are the copy saved when staff pressed "publish", never live numbers. The other figures are the Board
dashboard's own (engagement.board: the same selectors, so the two pages can never disagree), for a whole reporting
year that has ended and for all neighbourhoods, in plain words. Nothing here is an equality or small-group figure:
the Board's representativeness tables are not shown publicly at all. Each table is downloadable as CSV."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from engagement.board import fund, selectors, upcoming
from engagement.board.periods import Period, periods
from engagement.board.tables import MONEY, TEXT, Column, Row, Table, table_csv
from residents.feedback import timescales
from residents.models import ComplaintStage
from surveys.services import tsm


@dataclass
class PublicSection:
    key: str
    title: str
    sentences: list[str] = field(default_factory=list)  # the figures said in words, before the tables
    tables: list[Table] = field(default_factory=list)


def last_complete_year(today: date | None = None) -> Period:
    """The newest reporting year (April to March) that has ended."""
    today = today or timezone.localdate()
    return next(period for period in periods(today) if period.kind == "year" and period.ended)


def _columns(table: Table, slug: str, title: str, keep: list[int], description: str = "") -> Table:
    """The Board's table with only the columns the public page shows, the same numbers in them."""
    return Table(
        slug,
        title,
        [table.columns[i] for i in keep],
        [Row([row.cells[i] for i in keep], total=row.total) for row in table.rows],
        description=description,
    )


def _complaints(filters) -> PublicSection:
    board = selectors.complaints_table(filters)
    rows = {row.cells[0]: row.cells for row in board.rows}
    sentences = []
    for _stage, label in ComplaintStage.Stage.choices:
        cells = rows[label]
        answered, in_time, percent = cells[4], cells[5], cells[6]
        sentences.append(
            f"{label}: we answered {answered:,} complaint{'s' if answered != 1 else ''}"
            + (f", {in_time:,} of them ({percent:.0f}%) within the time the Code allows." if answered else ".")
        )
    table = _columns(
        board,
        "complaints",
        "Complaints answered within the Complaint Handling Code's timescales",
        [0, 1, 4, 5, 6],
        description=(
            "The Housing Ombudsman's Complaint Handling Code gives us "
            f"{timescales.COMPLAINT_ACKNOWLEDGE_DAYS[1]} working days to acknowledge a complaint, then "
            f"{timescales.COMPLAINT_RESPOND_DAYS[1]} working days to answer it at stage 1 and "
            f"{timescales.COMPLAINT_RESPOND_DAYS[2]} at stage 2. We may take up to "
            f"{timescales.COMPLAINT_MAX_EXTENSION_DAYS} working days more if we tell the resident why."
        ),
    )
    return PublicSection("complaints", "Complaints", sentences, [table])


def _hazards(filters) -> PublicSection:
    board, breaches = selectors.hazards_table(filters)
    table = _columns(
        board,
        "hazards",
        "Hazards handled within Awaab's Law timescales",
        [0, 1, 2, 3, 4, 5, 7],
        description=(
            "Awaab's Law sets deadlines for dealing with hazards such as damp and mould. Each row is one deadline; "
            "each hazard reported to us in the year is counted under every deadline that applied to it."
        ),
    )
    due = sum(row.cells[3] + row.cells[4] + row.cells[5] for row in table.rows)
    in_time = sum(row.cells[3] for row in table.rows)
    sentence = (
        f"Of {due:,} deadline{'s' if due != 1 else ''} that fell due for hazards reported to us, we met {in_time:,} "
        f"in time; {breaches:,} {'were' if breaches != 1 else 'was'} met late or missed."
        if due
        else "No hazard deadlines fell due for hazards reported to us in the year."
    )
    return PublicSection("hazards", "Hazards in homes (Awaab's Law)", [sentence], [table])


def _updates(filters) -> PublicSection:
    section = selectors.updates_section(filters)
    board = next(t for t in section.tables if t.slug == "updates-topics")
    table = _columns(board, "you-said-we-did", '"You said, we did" published, by topic', [0, 1])
    published = board.rows[-1].cells[1]
    return PublicSection(
        "updates",
        '"You said, we did"',
        [
            f'We published {published:,} "You said, we did" entr{"ies" if published != 1 else "y"}, telling '
            "residents what we changed because of what they told us."
        ],
        [table],
    )


def _panels(filters) -> PublicSection:
    section = upcoming.panels_section(filters)
    members = next(t for t in section.tables if t.slug == "panels-members")
    recommendations = next(t for t in section.tables if t.slug == "panels-recommendations")
    reviews = sum(row.cells[3] for row in members.rows)
    return PublicSection(
        "panels",
        "Resident panels and scrutiny",
        [
            f"Resident panels completed {reviews:,} scrutiny review{'s' if reviews != 1 else ''} in the year "
            f"(we aim for {upcoming.REVIEWS_A_YEAR}).",
        ],
        [
            _columns(
                members,
                "panels",
                "Each panel in the year",
                [0, 1, 2, 3],
                description="Members on the last day of the year; meetings held during it.",
            ),
            _columns(
                recommendations,
                "recommendations",
                "Scrutiny recommendations by our response",
                [0, 1, 2, 3],
                description="Every recommendation panels have made, as it stands today.",
            ),
        ],
    )


def _fund(filters) -> PublicSection:
    figures = fund.fund_figures(filters.period)
    table = Table(
        "community-fund",
        "The Community Fund in the year",
        [Column("Figure", TEXT), Column("Amount", MONEY), Column("Number")],
        [
            Row(["Budget of the rounds that opened", figures.budget, figures.rounds]),
            Row(["Awarded to projects", figures.awarded, figures.projects_funded]),
            Row(["People the projects reached, as their reports say", None, figures.people_reached]),
        ],
        description="The number beside the budget is how many rounds opened; beside the awards, how many projects.",
    )
    return PublicSection(
        "fund",
        "Community Fund",
        [
            f"Community Fund rounds opening in the year had a budget of {fund.pounds(figures.budget)}. We awarded "
            f"{fund.pounds(figures.awarded)} to {figures.projects_funded:,} project"
            f"{'s' if figures.projects_funded != 1 else ''}, which told us they reached "
            f"{figures.people_reached:,} {'people' if figures.people_reached != 1 else 'person'}."
        ],
        [table],
    )


PUBLIC_SECTIONS = [_complaints, _hazards, _updates, _panels, _fund]


def public_figures(now=None) -> tuple[Period, list[PublicSection]]:
    """The last complete reporting year and its sections (a fixed number of queries: see the tests)."""
    now = now or timezone.now()
    period = last_complete_year(timezone.localdate(now))
    filters = selectors.BoardFilters(period=period, neighbourhood=None, now=now, neighbourhoods={})
    return period, [build(filters) for build in PUBLIC_SECTIONS]


@login_not_required
@require_GET
def performance(request):
    published = tsm.latest_published()
    period, sections = public_figures()
    return render(
        request,
        "engagement/performance.html",
        {
            "published": published,
            "results": published.published["results"] if published else None,
            "summary": published.published["approach"] if published else None,
            "period": period,
            "sections": sections,
        },
    )


@login_not_required
@require_GET
def performance_csv(request):
    published = tsm.latest_published()
    if published is None:
        raise Http404("No results are published yet.")
    response = HttpResponse(tsm.tsm_csv(results=published.published["results"]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="tenant-satisfaction-measures-{published.reporting_year}.csv"'
    )
    return response


@login_not_required
@require_GET
def performance_table_csv(request, slug: str):
    period, sections = public_figures()
    table = next((t for section in sections for t in section.tables if t.slug == slug), None)
    if table is None:
        raise Http404("No such table.")
    response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="performance-{slug}-{period.reporting_year}.csv"'
    return response
