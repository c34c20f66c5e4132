"""The Community Fund's figures for the Board dashboard and the public performance page: two queries whatever the
number of rounds and applications.

What each figure counts, for a period and (if chosen) a neighbourhood:
- Budget: the budgets of the rounds that opened in the period (for a neighbourhood, the rounds open to it, each
  with its whole budget).
- Applications by status: those sent in the period (drafts never sent are the applicant's own and are left out),
  by where they stand now.
- Awarded and projects funded: awards decided in the period, in full or in part.
- Spent and people reached: from the monitoring reports sent in the period. A report says in its own words how the
  money was spent, so what is counted as spent is the award of each project that has reported; people reached
  are the numbers the reports give.
For a neighbourhood, an application counts when its project helps that neighbourhood (it may help others too)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from community.fund.models import Application, ApplicationStatus, FundRound

from .periods import Period

FUNDED = [ApplicationStatus.AWARDED, ApplicationStatus.PART_AWARDED]
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class FundFigures:
    rounds: int
    budget: Decimal
    awarded: Decimal
    projects_funded: int
    reports: int
    spent: Decimal
    people_reached: int
    by_status: list[tuple[str, int]]  # every status a sent application can have, with how many are in it now

    @property
    def applications(self) -> int:
        return sum(n for _, n in self.by_status)


def _money(expression, condition: Q):
    return Coalesce(
        Sum(expression, filter=condition), Value(ZERO), output_field=DecimalField(max_digits=12, decimal_places=2)
    )


def fund_figures(period: Period, neighbourhood_id: int | None = None) -> FundFigures:
    """The fund's figures for the period (one query for the rounds, one for the applications)."""
    starts, ends = period.starts_at, period.ends_at
    rounds = FundRound.objects.filter(opens_at__gte=starts, opens_at__lt=ends)
    applications = Application.objects.filter(submitted_at__isnull=False)
    if neighbourhood_id is not None:
        rounds = rounds.filter(neighbourhoods=neighbourhood_id)
        applications = applications.filter(neighbourhoods=neighbourhood_id)
    found_rounds = rounds.order_by().aggregate(
        rounds=Count("pk"),
        budget=Coalesce(Sum("budget"), Value(ZERO), output_field=DecimalField(max_digits=12, decimal_places=2)),
    )
    sent = Q(submitted_at__gte=starts, submitted_at__lt=ends)
    funded = Q(status__in=FUNDED, decided_at__gte=starts, decided_at__lt=ends)
    reported = Q(status__in=FUNDED, report_submitted_at__gte=starts, report_submitted_at__lt=ends)
    by_status = {
        row["status"]: row
        for row in applications.values("status")
        .annotate(
            sent=Count("pk", filter=sent),
            funded=Count("pk", filter=funded),
            awarded=_money("awarded_amount", funded),
            reports=Count("pk", filter=reported),
            spent=_money("awarded_amount", reported),
            reached=Coalesce(Sum("report_people_reached", filter=reported), Value(0)),
        )
        .order_by()
    }
    rows = by_status.values()
    return FundFigures(
        rounds=found_rounds["rounds"],
        budget=found_rounds["budget"],
        awarded=sum((row["awarded"] for row in rows), ZERO),
        projects_funded=sum(row["funded"] for row in rows),
        reports=sum(row["reports"] for row in rows),
        spent=sum((row["spent"] for row in rows), ZERO),
        people_reached=sum(row["reached"] for row in rows),
        by_status=[
            (label, by_status.get(status, {}).get("sent", 0))
            for status, label in ApplicationStatus.choices
            if status != ApplicationStatus.DRAFT
        ],
    )


def pounds(amount: Decimal) -> str:
    """£1,234.50; whole pounds without pence (£5,000)."""
    return f"£{amount:,.0f}" if amount == amount.to_integral_value() else f"£{amount:,.2f}"
