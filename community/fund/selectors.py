"""Reads of the Community Fund, each a fixed number of queries whatever the number of rows."""

from django.db.models import Count, Q, Sum

from .models import Application, ApplicationStatus, FundRound


def public_rounds():
    return FundRound.objects.prefetch_related("neighbourhoods").order_by("-closes_at", "-id")


def round_summary(fund_round: FundRound) -> dict:
    """Staff figures for a round: applications by status, amount asked and awarded, budget left."""
    counts = {
        row["status"]: row["n"]
        for row in fund_round.applications.values("status").annotate(n=Count("id")).order_by("status")
    }
    totals = fund_round.applications.aggregate(
        asked=Sum("amount", filter=~Q(status=ApplicationStatus.DRAFT)), awarded=Sum("awarded_amount")
    )
    return {
        "counts_by_status": counts,
        "by_status": [(label, counts.get(value, 0)) for value, label in ApplicationStatus.choices],
        "asked": totals["asked"] or 0,
        "awarded": totals["awarded"] or 0,
        "budget_left": fund_round.budget_left,
    }


def staff_applications(fund_round: FundRound, status: str = ""):
    applications = Application.objects.for_list().filter(round=fund_round).order_by("status", "-submitted_at", "-id")
    if status:
        applications = applications.filter(status=status)
    return applications
