"""Sections whose figures come from apps still being built: each is one function that returns its Section. Today
they say plainly that there is nothing to show yet (Section.waiting); when the app lands, the function computes
its tables with a fixed number of queries, as the sections in selectors.py do, and the page, the Board pack and
the CSV pick them up with no other change (views.SECTIONS lists them all)."""

from django.db.models import Count, Q

from panels.models import MembershipStatus, Panel

from .selectors import BoardFilters, Section
from .tables import TEXT, Column, Row, Table

NOT_YET = "Nothing to show yet: {what} {are} not recorded in the portal yet."


def panels_section(filters: BoardFilters) -> Section:
    """Members of each active panel on the last day of the period (one query). Meetings held, scrutiny reviews
    completed this year against the two a year we aim for, recommendations by status and overdue, and the Board's
    responses to Spotlight reports are added here when panels.meetings and panels.scrutiny land."""
    last_day = filters.period.end.fromordinal(filters.period.end.toordinal() - 1)
    members = Q(
        memberships__status=MembershipStatus.MEMBER,
        memberships__term_starts__lte=last_day,
    ) & (Q(memberships__term_ends__isnull=True) | Q(memberships__term_ends__gte=last_day))
    if filters.neighbourhood:
        members &= Q(memberships__resident__home__block__neighbourhood=filters.neighbourhood)
    panels = Panel.objects.filter(is_active=True).annotate(members=Count("memberships", filter=members))
    rows = [Row([panel.name, panel.members]) for panel in panels.order_by("name").only("name")]
    return Section(
        "panels",
        "Panels and scrutiny",
        intro=f"Panel members from {filters.where} on the last day of the period.",
        tables=[
            Table(
                "panels-members",
                "Members of each panel",
                [Column("Panel", TEXT), Column("Members")],
                rows,
                empty="No panels yet.",
            )
        ],
        notes=[NOT_YET.format(what="Meetings, scrutiny reviews and Spotlight reports", are="are")],
    )


def walkabouts_section(filters: BoardFilters) -> Section:
    """Walkabouts held, issues logged and the share resolved on time: from community.walkabouts when it lands."""
    return Section("walkabouts", "Walkabouts", waiting=NOT_YET.format(what="Walkabouts", are="are"))


def action_plans_section(filters: BoardFilters) -> Section:
    """Neighbourhood Action Plan actions on track and overdue: from community's action plans when they land."""
    return Section(
        "action_plans",
        "Neighbourhood Action Plans",
        waiting=NOT_YET.format(what="Neighbourhood Action Plans", are="are"),
    )


def fund_section(filters: BoardFilters) -> Section:
    """The Community Fund's budget, awarded, spent and people reached: from community's fund when it lands."""
    return Section("fund", "Community Fund", waiting=NOT_YET.format(what="Community Fund rounds", are="are"))


def volunteering_section(filters: BoardFilters) -> Section:
    """Involvement as volunteering (opportunities, hours, training): from residents' involvement record when it
    lands."""
    return Section(
        "volunteering",
        "Volunteering and training",
        waiting=NOT_YET.format(what="Volunteering hours and training", are="are"),
    )
