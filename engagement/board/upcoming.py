"""The sections from the apps that landed after the first dashboard: panels, walkabouts, action plans, the Community
Fund and volunteering. Each is one function returning its Section with a fixed number of queries, as the sections
in selectors.py do; the page, the Board pack and the CSV pick them up (views.SECTIONS lists them all). A section
with nothing to show for the filters says so in its intro."""

from datetime import date

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from community.plans.models import OPEN_ACTION_STATUSES, Action, ActionStatus, PlanStatus
from community.walkabouts.models import SignUpStatus, Walkabout, WalkaboutIssue, WalkaboutKind
from community.walkabouts.selectors import issue_figures
from panels.models import BoardReport, Meeting, MembershipStatus, Panel, Recommendation, Review
from panels.scrutiny.models import ManagementResponse
from residents.involvement import selectors as involvement_selectors

from . import fund
from .periods import year_start
from .selectors import BoardFilters, Headline, Section, share
from .tables import MONEY, TEXT, Chart, Column, Row, Table

REVIEWS_A_YEAR = 2  # scrutiny reviews completed each reporting year, as we aim for


def _last_day(filters: BoardFilters) -> date:
    return filters.period.end.fromordinal(filters.period.end.toordinal() - 1)


def _reporting_year(day: date) -> int:
    return day.year if day >= year_start(day.year) else day.year - 1


def _per_panel(queryset):
    """How many rows of `queryset` each panel has, as a subquery (0 when none): one count per panel in the panels'
    query, with no join that would multiply the other counts."""
    counts = queryset.filter(panel=OuterRef("pk")).order_by().values("panel").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def panels_section(filters: BoardFilters) -> Section:
    """Per active panel (one query): members on the last day of the period, meetings held in the period, scrutiny
    reviews reported this reporting year (the year the period ends in) against the two a year we aim for, reports
    to the Board in the period and those the Board has responded to. Then every recommendation by its management
    response, how many are done and how many are overdue (one query)."""
    last_day = _last_day(filters)
    period = filters.period
    members = Q(
        memberships__status=MembershipStatus.MEMBER,
        memberships__term_starts__lte=last_day,
    ) & (Q(memberships__term_ends__isnull=True) | Q(memberships__term_ends__gte=last_day))
    if filters.neighbourhood:
        members &= Q(memberships__resident__home__block__neighbourhood=filters.neighbourhood)
    reporting_year = _reporting_year(last_day)
    year_begins, year_ends = year_start(reporting_year), year_start(reporting_year + 1)
    held = Meeting.objects.filter(
        cancelled_at__isnull=True,
        starts_at__gte=period.starts_at,
        starts_at__lt=min(period.ends_at, filters.now),
    )
    reports = BoardReport.objects.filter(submitted_at__gte=period.starts_at, submitted_at__lt=period.ends_at)
    panels = (
        Panel.objects.filter(is_active=True)
        .annotate(
            members=Count("memberships", filter=members),
            held=_per_panel(held),
            reviews_done=_per_panel(Review.objects.filter(reported_on__gte=year_begins, reported_on__lt=year_ends)),
            reports_made=_per_panel(reports),
            board_answered=_per_panel(reports.filter(responded_at__isnull=False)),
        )
        .order_by("name")
        .only("name")
    )
    rows = [
        Row([panel.name, panel.members, panel.held, panel.reviews_done, panel.reports_made, panel.board_answered])
        for panel in panels
    ]
    reviews = sum(row.cells[3] for row in rows)
    year_label = f"{reporting_year} to {reporting_year + 1}"
    section = Section(
        "panels",
        "Panels and scrutiny",
        intro=(
            f"Panel members from {filters.where} on the last day of the period; meetings held and reports to the "
            f"Board {period.phrase}; scrutiny reviews reported in the reporting year {year_label}."
        ),
        headlines=[
            Headline(
                "Scrutiny reviews completed",
                f"{reviews:,} of {REVIEWS_A_YEAR}",
                f"reported in {year_label}, against the {REVIEWS_A_YEAR} a year we aim for",
            ),
        ],
        tables=[
            Table(
                "panels-members",
                "Each panel",
                [
                    Column("Panel", TEXT),
                    Column("Members"),
                    Column("Meetings held"),
                    Column(f"Scrutiny reviews completed {year_label}"),
                    Column("Reports to the Board"),
                    Column("Board responses"),
                ],
                rows,
                empty="No panels yet.",
            )
        ],
    )
    today = timezone.localdate(filters.now)
    in_progress = Q(response__in=[ManagementResponse.ACCEPTED, ManagementResponse.PARTLY], completed_at__isnull=True)
    by_response = {
        row["response"]: row
        for row in Recommendation.objects.values("response")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(completed_at__isnull=False)),
            overdue=Count("pk", filter=in_progress & Q(due_on__lt=today)),
        )
        .order_by()
    }
    recommendation_rows = []
    for response, label in ManagementResponse.choices:
        row = by_response.get(response, {})
        recommendation_rows.append(Row([label, row.get("total", 0), row.get("done", 0), row.get("overdue", 0)]))
    totals = [sum(row.cells[i] for row in recommendation_rows) for i in (1, 2, 3)]
    recommendation_rows.append(Row(["All recommendations", *totals], total=True))
    section.headlines.append(
        Headline(
            "Recommendations overdue", f"{totals[2]:,}", f"accepted, not done and past their date, of {totals[0]:,}"
        )
    )
    section.tables.append(
        Table(
            "panels-recommendations",
            "Scrutiny recommendations by management response",
            [Column("Management response", TEXT), Column("Recommendations"), Column("Done"), Column("Overdue")],
            recommendation_rows,
        )
    )
    section.notes.append("Recommendations are counted as they stand today, whatever period is chosen.")
    return section


def walkabouts_section(filters: BoardFilters) -> Section:
    """Walks held in the period in the neighbourhood (taken place, by kind), the people who came and the issues
    logged on them (one query), and the share of those issues put right on time as the walk reports count it
    (community.walkabouts' issue_figures, one query)."""
    period = filters.period
    walks = Walkabout.objects.filter(starts_at__gte=period.starts_at, starts_at__lt=min(period.ends_at, filters.now))
    if filters.neighbourhood:
        walks = walks.filter(neighbourhood=filters.neighbourhood)
    by_kind = {
        row["kind"]: row
        for row in walks.values("kind")
        .annotate(
            held=Count("pk", distinct=True),
            came=Count("sign_ups", filter=Q(sign_ups__status=SignUpStatus.GOING), distinct=True),
            issues=Count("issues", distinct=True),
        )
        .order_by()
    }
    rows = []
    for kind, label in WalkaboutKind.choices:
        row = by_kind.get(kind, {})
        rows.append(Row([label, row.get("held", 0), row.get("came", 0), row.get("issues", 0)]))
    totals = [sum(row.cells[i] for row in rows) for i in (1, 2, 3)]
    rows.append(Row(["All walks", *totals], total=True))
    figures = issue_figures(WalkaboutIssue.objects.filter(walkabout__in=walks), today=timezone.localdate(filters.now))
    on_time = share(figures.resolved_on_time, figures.due_so_far)
    return Section(
        "walkabouts",
        "Walkabouts",
        intro=f"Walks that took place {period.phrase} in {filters.where}, and the issues logged on them.",
        headlines=[
            Headline("Walks held", f"{totals[0]:,}", period.phrase),
            Headline("Issues logged", f"{figures.found:,}", f"{figures.resolved:,} put right so far"),
            Headline(
                "Put right on time",
                "None due yet" if on_time is None else f"{on_time}%",
                f"{figures.resolved_on_time:,} of the {figures.due_so_far:,} put right or past their date",
            ),
        ],
        tables=[
            Table(
                "walkabouts-held",
                "Walks held",
                [Column("Kind of walk", TEXT), Column("Held"), Column("People who came"), Column("Issues logged")],
                rows,
            ),
            Table(
                "walkabouts-issues",
                "Issues logged on walks",
                [Column("Figure", TEXT), Column("Issues")],
                [
                    Row(["Logged", figures.found]),
                    Row(["Put right", figures.resolved]),
                    Row(["Put right or past their date", figures.due_so_far]),
                    Row(["Put right on time", figures.resolved_on_time]),
                ],
            ),
        ],
    )


def action_plans_section(filters: BoardFilters) -> Section:
    """Per neighbourhood (one query): the actions in the plans shared with residents for the reporting year the
    period ends in, by where they stand today: done (and done by their due date), on track (open, not past their
    due date), overdue (open and past it), not going ahead. Drafts are staff's work in progress and not counted."""
    year = _reporting_year(_last_day(filters))
    today = timezone.localdate(filters.now)
    actions = Action.objects.filter(plan__status=PlanStatus.SHARED, plan__year=year)
    if filters.neighbourhood:
        actions = actions.filter(plan__neighbourhood=filters.neighbourhood)
    still_open = Q(status__in=OPEN_ACTION_STATUSES)
    overdue = still_open & Q(due_on__lt=today)
    done = Q(status=ActionStatus.DONE)
    per_neighbourhood = (
        actions.values("plan__neighbourhood__name")
        .annotate(
            total=Count("pk"),
            on_track=Count("pk", filter=still_open & ~Q(due_on__lt=today)),
            overdue=Count("pk", filter=overdue),
            done=Count("pk", filter=done),
            done_on_time=Count("pk", filter=done & (Q(due_on__isnull=True) | Q(completed_at__date__lte=F("due_on")))),
            dropped=Count("pk", filter=Q(status=ActionStatus.DROPPED)),
        )
        .order_by("plan__neighbourhood__name")
    )
    figures = ["total", "on_track", "overdue", "done", "done_on_time", "dropped"]
    rows = [Row([row["plan__neighbourhood__name"], *(row[name] for name in figures)]) for row in per_neighbourhood]
    totals = [sum(row.cells[i] for row in rows) for i in range(1, len(figures) + 1)]
    rows.append(Row(["All neighbourhoods", *totals], total=True))
    total, on_track, overdue_n, done_n = totals[:4]
    plan_year = f"April {year} to March {year + 1}"
    return Section(
        "action_plans",
        "Neighbourhood Action Plans",
        intro=(
            f"The actions in the plans shared with residents of {filters.where} for {plan_year}, as they stand today."
            if total
            else f"No Neighbourhood Action Plan for {plan_year} has been shared with residents of {filters.where} yet."
        ),
        headlines=[
            Headline("Actions", f"{total:,}", plan_year),
            Headline("On track", f"{on_track:,}", "open and not past their due date"),
            Headline("Overdue", f"{overdue_n:,}", "open and past their due date"),
            Headline("Done", f"{done_n:,}", f"{totals[4]:,} of them by their due date"),
        ],
        tables=[
            Table(
                "action-plan-actions",
                "Action plan actions by neighbourhood",
                [
                    Column("Neighbourhood", TEXT),
                    Column("Actions"),
                    Column("On track"),
                    Column("Overdue"),
                    Column("Done"),
                    Column("Done by their due date"),
                    Column("Not going ahead"),
                ],
                rows,
            )
        ],
    )


def fund_section(filters: BoardFilters) -> Section:
    """The Community Fund's budget, awarded, spent and people reached, and the applications sent by where they stand
    now, for the period and neighbourhood (engagement.board.fund: two queries; what each figure counts is said
    there)."""
    period = filters.period
    figures = fund.fund_figures(period, filters.neighbourhood.pk if filters.neighbourhood else None)
    status_rows = [Row([label, n]) for label, n in figures.by_status]
    status_rows.append(Row(["All applications sent", figures.applications], total=True))
    return Section(
        "fund",
        "Community Fund",
        intro=(
            f"Rounds that opened {period.phrase}, and the applications, awards and monitoring reports for projects "
            f"that help {filters.where}, {period.phrase}."
        ),
        headlines=[
            Headline("Budget", fund.pounds(figures.budget), f"of {figures.rounds:,} round{_s(figures.rounds)}"),
            Headline(
                "Awarded",
                fund.pounds(figures.awarded),
                f"to {figures.projects_funded:,} project{_s(figures.projects_funded)}",
            ),
            Headline(
                "Spent",
                fund.pounds(figures.spent),
                f"by the {figures.reports:,} project{_s(figures.reports)} that reported how they spent it",
            ),
            Headline("People reached", f"{figures.people_reached:,}", "as the projects' monitoring reports say"),
        ],
        tables=[
            Table(
                "fund-money",
                "Community Fund money and reach",
                [Column("Figure", TEXT), Column("Amount", MONEY), Column("Number")],
                [
                    Row([f"Budget of rounds that opened {period.phrase}", figures.budget, figures.rounds]),
                    Row(["Awarded (projects funded)", figures.awarded, figures.projects_funded]),
                    Row(["Spent (projects that sent their monitoring report)", figures.spent, figures.reports]),
                    Row(["People reached, as the monitoring reports say", None, figures.people_reached]),
                ],
                description=(
                    "Spent is the award of each project that has sent its monitoring report, which says in words "
                    "how the money went."
                ),
            ),
            Table(
                "fund-applications",
                "Applications by status",
                [Column("Status now", TEXT), Column("Applications")],
                status_rows,
                description=f"Applications sent {period.phrase}, by where they stand now.",
                chart=Chart(columns=[1], horizontal=True),
            ),
        ],
    )


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def volunteering_section(filters: BoardFilters) -> Section:
    """Volunteers (accepted for a role, from residents.involvement's volunteer register), the hours confirmed for
    work done in the period and the training completed in it: one query each."""
    neighbourhood_id = filters.neighbourhood.pk if filters.neighbourhood else None
    figures = involvement_selectors.volunteering_figures(
        start=filters.period.start, end=filters.period.end, neighbourhood_id=neighbourhood_id
    )
    return Section(
        "volunteering",
        "Volunteering and training",
        intro=f"Volunteers from {filters.where}, their hours and their training {filters.period.phrase}.",
        headlines=[
            Headline("Volunteers", f"{figures['volunteers']:,}", "accepted for at least one role now"),
            Headline("Hours confirmed", f"{figures['hours']:,.1f}", f"for work done {filters.period.phrase}"),
            Headline("Training completed", f"{figures['training']:,}", f"courses completed {filters.period.phrase}"),
        ],
        tables=[
            Table(
                "volunteering-figures",
                "Volunteering and training",
                [Column("Figure", TEXT), Column("Number")],
                [
                    Row(["Volunteers accepted for a role", figures["volunteers"]]),
                    Row(["Volunteers with hours confirmed in the period", figures["with_hours"]]),
                    Row(["Hours confirmed (whole hours)", int(figures["hours"])]),
                    Row(["Training courses completed", figures["training"]]),
                ],
            )
        ],
    )
