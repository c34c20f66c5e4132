"""Who took part, and how: each kind of involvement is one Activity whose `taking_part(period)` says, as a
condition on Resident, whether a resident took part in it during the period.

Each condition is `pk__in` an uncorrelated subquery of resident ids, not a correlated EXISTS: PostgreSQL reads the
period's rows once and hashes them, where EXISTS (inside an OR, as "any activity" is) is probed once per resident
of the register.

An activity whose records are not in the portal yet has `taking_part = None`: the dashboard lists it as not
recorded yet. When its app lands, writing that one function (and setting it here) adds the activity to the reach
figures, to "any activity" and to the representativeness tables, with no other change.
"""

import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

from django.db.models import Count, Q
from django.utils import timezone

from community.events.selectors import attended_an_event
from community.fund.models import Application
from community.plans.models import PlanComment, Proposal, Vote
from community.walkabouts.models import SignUp, SignUpStatus
from panels.models import Membership, MembershipStatus
from residents.involvement.models import HoursEntry, Interest, InterestStatus
from residents.models import Feedback, Home, Resident
from surveys.models import Invitation, Response

from .periods import Period


def answered_a_survey(period: Period) -> Q:
    """Submitted a response in the period: kept with the resident for confidential and named surveys, on the
    invitation (responded, and on which day) for anonymous ones."""
    responses = Response.objects.filter(
        resident__isnull=False, submitted_on__gte=period.start, submitted_on__lt=period.end
    ).values("resident_id")
    invitations = Invitation.objects.filter(
        responded=True, responded_on__gte=period.start, responded_on__lt=period.end
    ).values("resident_id")
    return Q(pk__in=responses) | Q(pk__in=invitations)


def gave_feedback(period: Period) -> Q:
    """Told us something (a comment, suggestion, compliment, request or complaint), online or through staff."""
    return Q(
        pk__in=Feedback.objects.filter(created_at__gte=period.starts_at, created_at__lt=period.ends_at).values(
            "resident_id"
        )
    )


def sat_on_a_panel(period: Period) -> Q:
    """A member of a panel for some of the period: a term that began before it ended and had not ended before it
    began."""
    return Q(
        pk__in=Membership.objects.filter(
            status__in=[MembershipStatus.MEMBER, MembershipStatus.STEPPED_DOWN, MembershipStatus.ENDED],
            term_starts__lt=period.end,
        )
        .filter(Q(term_ends__isnull=True) | Q(term_ends__gte=period.start))
        .values("resident_id")
    )


def came_on_a_walk(period: Period) -> Q:
    """Had a place on a walkabout or Explorer day (signed up and still coming when it started) that took place in
    the period."""
    return Q(
        pk__in=SignUp.objects.filter(
            status=SignUpStatus.GOING,
            resident__isnull=False,
            walkabout__starts_at__gte=period.starts_at,
            walkabout__starts_at__lt=min(period.ends_at, timezone.now()),
        ).values("resident_id")
    )


def volunteered(period: Period) -> Q:
    """Accepted for a volunteering role in the period, or had hours confirmed for work done in it (meeting
    attendance included: the involvement record keeps those hours too)."""
    accepted = Interest.objects.filter(
        status=InterestStatus.ACCEPTED, decided_at__gte=period.starts_at, decided_at__lt=period.ends_at
    ).values("resident_id")
    hours = HoursEntry.objects.filter(confirmed_at__isnull=False, on__gte=period.start, on__lt=period.end).values(
        "resident_id"
    )
    return Q(pk__in=accepted) | Q(pk__in=hours)


def shaped_a_plan(period: Period) -> Q:
    """Commented on, suggested an action for, or voted on their neighbourhood's action plan in the period."""
    made = {"created_at__gte": period.starts_at, "created_at__lt": period.ends_at}
    return (
        Q(pk__in=PlanComment.objects.filter(**made).values("resident_id"))
        | Q(pk__in=Proposal.objects.filter(**made).values("resident_id"))
        | Q(pk__in=Vote.objects.filter(**made).values("resident_id"))
    )


def applied_to_the_fund(period: Period) -> Q:
    """Sent an application to the Community Fund in the period (drafts never sent are not counted)."""
    return Q(
        pk__in=Application.objects.filter(submitted_at__gte=period.starts_at, submitted_at__lt=period.ends_at).values(
            "resident_id"
        )
    )


@dataclass(frozen=True)
class Activity:
    key: str
    label: str
    taking_part: Callable[[Period], Q] | None


ACTIVITIES = [
    Activity("surveys", "Surveys", answered_a_survey),
    Activity("feedback", "Feedback", gave_feedback),
    Activity("panels", "Panels", sat_on_a_panel),
    Activity("walkabouts", "Walkabouts", came_on_a_walk),
    Activity("volunteering", "Volunteering", volunteered),
    Activity("action_plans", "Neighbourhood Action Plans", shaped_a_plan),
    Activity("events", "Events and focus groups", attended_an_event),
    Activity("fund", "Community Fund", applied_to_the_fund),
]


def recorded() -> list[Activity]:
    return [activity for activity in ACTIVITIES if activity.taking_part is not None]


def not_recorded() -> list[Activity]:
    return [activity for activity in ACTIVITIES if activity.taking_part is None]


def took_part(period: Period) -> Q:
    """Took part in any recorded activity during the period."""
    return reduce(operator.or_, [activity.taking_part(period) for activity in recorded()])


def households_reached(period: Period) -> dict[int | None, int]:
    """Homes where someone took part in any recorded activity in the period, by neighbourhood: one query over the
    homes of those who took part (the homes with anyone on the register are counted with the register,
    representation.register_side). Homes joined to their residents who took part, not residents' homes counted
    distinct: PostgreSQL hashes the homes once instead of sorting every resident who took part (0.48 s against
    0.80 s at 100,000 residents, half of them taking part)."""
    homes = Home.objects.filter(pk__in=Resident.objects.filter(took_part(period)).values("home_id"))
    return dict(homes.values_list("block__neighbourhood_id").annotate(reached=Count("pk")).order_by())
