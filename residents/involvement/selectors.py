"""Reads of involvement that put a page together from several models with a fixed number of queries, whatever
the data size."""

from decimal import Decimal

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..people.models import Resident
from ..updates import sources as update_sources
from ..updates.models import YouSaidWeDid, YouSaidWeDidSource
from . import sources
from .models import (
    ClaimStatus,
    ExpenseClaim,
    HoursEntry,
    InductionStep,
    Interest,
    InterestStatus,
    Opportunity,
    TrainingBooking,
    TrainingSession,
)
from .services import milestones_reached

LISTED = ("id", "title", "kind", "time_commitment", "time_detail", "where", "closes_on", "neighbourhood__name")


CHANGES_SHOWN = 20


def changes_heard_from(resident: Resident):
    """Published "You said, we did" entries that answer something the resident told us or took part in, newest
    first: what changed because of them. Each kind of source that can trace its objects back to a resident says
    which are theirs (feedback here; from the apps above, scrutiny recommendations of panels they sat on, action
    plan actions they proposed, voted for or commented on, issues found on walks they joined, Community Fund
    projects they applied for: updates/sources.py), all asked in one query."""
    return (
        YouSaidWeDid.objects.published()
        .filter(
            Exists(
                YouSaidWeDidSource.objects.filter(update_sources.cited_for_resident(resident.pk), entry=OuterRef("pk"))
            )
        )
        .only("id", "title", "published_at")
        .order_by("-published_at", "-id")
    )


def listed_opportunities(queryset):
    """Opportunities as a list shows them: the fields a card needs and the neighbourhood's name, in one query."""
    return queryset.select_related("neighbourhood").only(*LISTED, "support_offered", "outcomes", "status")


def record_for(resident: Resident) -> dict:
    """A resident's involvement record: the opportunities they asked about and what was decided (with the
    induction of those they were accepted for), their hours with confirmed and unconfirmed totals, and the
    milestones reached, their training, their expenses claims, what changed because of what they told us or
    took part in, what else it led to (sources.led_to, e.g. scrutiny recommendations), and their activity in the
    features that register it (sources.register_activity_source). Six queries, one for each feature registered with
    sources.register_led_to and one for each activity source, however long the record."""
    interests = list(
        Interest.objects.filter(resident=resident)
        .select_related("opportunity", "placed_in")
        .prefetch_related(Prefetch("induction", InductionStep.objects.order_by("position")))
        .order_by("-created_at", "-id")
    )
    hours = list(
        HoursEntry.objects.filter(resident=resident)
        .select_related("opportunity")
        .only("on", "hours", "description", "origin", "confirmed_at", "opportunity__title")
        .order_by("-on", "-id")
    )
    training = list(
        TrainingBooking.objects.filter(resident=resident)
        .select_related("session__course")
        .order_by("-session__starts_at", "-id")
    )
    claims = list(
        ExpenseClaim.objects.filter(resident=resident).select_related("opportunity").order_by("-created_at", "-id")
    )
    changes = list(changes_heard_from(resident)[:CHANGES_SHOWN])
    led_to = sources.led_to(resident, limit=CHANGES_SHOWN)
    activity = sources.activity_of(resident)
    confirmed = sum((entry.hours for entry in hours if entry.confirmed), start=0)
    unconfirmed = sum((entry.hours for entry in hours if not entry.confirmed), start=0)
    return {
        "interests": interests,
        "roles": [i for i in interests if i.status == InterestStatus.ACCEPTED],
        "hours": hours,
        "confirmed_hours": confirmed,
        "unconfirmed_hours": unconfirmed,
        "milestones": milestones_reached(confirmed),
        "training": training,
        "today": timezone.localdate(),
        "changes": changes,
        "led_to": led_to,
        "claims": claims,
        "activity": activity,
    }


def volunteers_of(opportunity: Opportunity):
    """Who asked about an opportunity, with how much of their induction is done (one query)."""
    return (
        opportunity.interests.select_related("resident__home", "placed_in")
        .annotate(
            steps=Count("induction"),
            steps_done=Count("induction", filter=Q(induction__done_at__isnull=False)),
        )
        .order_by("status", "created_at", "id")
    )


def opportunity_counts(queryset):
    """Staff list: each opportunity with how many are waiting for a decision and how many were accepted."""
    return queryset.annotate(
        waiting=Count("interests", filter=Q(interests__status=InterestStatus.PENDING)),
        accepted=Count("interests", filter=Q(interests__status=InterestStatus.ACCEPTED)),
    )


def upcoming_sessions():
    """Training sessions still to come, soonest first, with their course and how many places are taken."""
    return TrainingSession.objects.upcoming().select_related("course").with_places_taken().order_by("starts_at", "id")


def approved_claims():
    """What finance pays: approved claims with who made them, oldest approval first."""
    return (
        ExpenseClaim.objects.filter(status=ClaimStatus.APPROVED)
        .select_related("resident")
        .only(
            *("kind", "incurred_on", "description", "miles", "amount", "decided_at"),
            *("resident__resident_reference", "resident__first_name", "resident__last_name"),
        )
        .order_by("decided_at", "id")
    )


def volunteer_register():
    """Every resident accepted for at least one role, with their roles, and their confirmed and unconfirmed hours,
    each worked out in a subquery so that a page of the register is one query however many rows lie behind it.
    Also the base of the Board's reach figures (who takes part)."""
    accepted = Interest.objects.accepted().filter(resident=OuterRef("pk"))
    hours = HoursEntry.objects.filter(resident=OuterRef("pk")).order_by().values("resident")
    return (
        Resident.objects.filter(Exists(accepted))
        .select_related("home__block__neighbourhood")
        .only(
            *("resident_reference", "first_name", "last_name", "email", "phone"),
            "home__block__neighbourhood__name",
        )
        .annotate(
            roles=Subquery(
                accepted.order_by()
                .values("resident")
                .annotate(titles=StringAgg("opportunity__title", "; ", order_by="opportunity__title"))
                .values("titles")
            ),
            confirmed_hours=Coalesce(
                Subquery(hours.filter(confirmed_at__isnull=False).annotate(total=Sum("hours")).values("total")),
                Value(Decimal("0")),
            ),
            unconfirmed_hours=Coalesce(
                Subquery(hours.filter(confirmed_at__isnull=True).annotate(total=Sum("hours")).values("total")),
                Value(Decimal("0")),
            ),
        )
    )


def volunteering_figures(*, start, end, neighbourhood_id: int | None = None) -> dict:
    """The Board's volunteering figures for the days from `start` up to (not including) `end`, for one
    neighbourhood or all: volunteers on the volunteer register now, the hours confirmed for work done in the
    period and how many volunteers they are, and training courses completed in the period. One query each."""
    volunteers = volunteer_register()
    hours = HoursEntry.objects.confirmed().filter(on__gte=start, on__lt=end)
    training = TrainingBooking.objects.filter(completed_on__gte=start, completed_on__lt=end)
    if neighbourhood_id:
        volunteers = volunteers.filter(home__block__neighbourhood_id=neighbourhood_id)
        hours = hours.filter(resident__home__block__neighbourhood_id=neighbourhood_id)
        training = training.filter(resident__home__block__neighbourhood_id=neighbourhood_id)
    worked = hours.order_by().aggregate(total=Sum("hours"), people=Count("resident", distinct=True))
    return {
        "volunteers": volunteers.order_by().values("pk").count(),
        "hours": worked["total"] or Decimal("0"),
        "with_hours": worked["people"],
        "training": training.count(),
    }
