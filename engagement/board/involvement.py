"""Who took part, and how: each kind of involvement is one Activity whose `taking_part(period)` says, as a
condition on Resident, whether a resident took part in it during the period.

An activity whose records are not in the portal yet has `taking_part = None`: the dashboard lists it as not
recorded yet. When its app lands, writing that one function (and setting it here) adds the activity to the reach
figures, to "any activity" and to the representativeness tables, with no other change.
"""

import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

from django.db.models import Exists, OuterRef, Q

from panels.models import Membership, MembershipStatus
from residents.models import Feedback
from surveys.models import Invitation, Response

from .periods import Period


def answered_a_survey(period: Period) -> Q:
    """Submitted a response in the period: kept with the resident for confidential and named surveys, on the
    invitation (responded, and on which day) for anonymous ones."""
    responses = Response.objects.filter(
        resident=OuterRef("pk"), submitted_on__gte=period.start, submitted_on__lt=period.end
    )
    invitations = Invitation.objects.filter(
        resident=OuterRef("pk"), responded=True, responded_on__gte=period.start, responded_on__lt=period.end
    )
    return Q(Exists(responses)) | Q(Exists(invitations))


def gave_feedback(period: Period) -> Q:
    """Told us something (a comment, suggestion, compliment, request or complaint), online or through staff."""
    return Q(
        Exists(
            Feedback.objects.filter(
                resident=OuterRef("pk"), created_at__gte=period.starts_at, created_at__lt=period.ends_at
            )
        )
    )


def sat_on_a_panel(period: Period) -> Q:
    """A member of a panel for some of the period: a term that began before it ended and had not ended before it
    began."""
    return Q(
        Exists(
            Membership.objects.filter(
                resident=OuterRef("pk"),
                status__in=[MembershipStatus.MEMBER, MembershipStatus.STEPPED_DOWN, MembershipStatus.ENDED],
                term_starts__lt=period.end,
            ).filter(Q(term_ends__isnull=True) | Q(term_ends__gte=period.start))
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
    # Not recorded in the portal yet: each becomes a function like those above when its app lands.
    Activity("walkabouts", "Walkabouts", None),  # community.walkabouts: sign-ups that attended
    Activity("action_plans", "Neighbourhood Action Plans", None),  # comments and priorities on actions
    Activity("fund", "Community Fund", None),  # applicants and scoring panel members
    Activity("events", "Events and focus groups", None),  # attendance
    Activity("volunteering", "Volunteering", None),  # residents.involvement hours
]


def recorded() -> list[Activity]:
    return [activity for activity in ACTIVITIES if activity.taking_part is not None]


def not_recorded() -> list[Activity]:
    return [activity for activity in ACTIVITIES if activity.taking_part is None]


def took_part(period: Period) -> Q:
    """Took part in any recorded activity during the period."""
    return reduce(operator.or_, [activity.taking_part(period) for activity in recorded()])
