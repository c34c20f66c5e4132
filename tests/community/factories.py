"""Walkabouts made as staff make them (through the planning service: reminder due time, invitations)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from community.walkabouts import services
from community.walkabouts.models import Walkabout, WalkaboutKind
from residents.models import Role

from ..factories import UserFactory


def plan(neighbourhood, *, lead=None, starts_in=timedelta(days=7), capacity=10, **fields) -> Walkabout:
    """A walk starting `starts_in` from now (negative: it has taken place), planned through the service (the
    planning form asks for a future date; the service takes any)."""
    lead = lead or UserFactory(role=Role.STAFF, full_name="Lee Lead")
    starts_at = timezone.now() + starts_in
    values = {
        "neighbourhood": neighbourhood,
        "kind": WalkaboutKind.WALKABOUT,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "meeting_point": "The front entrance of Alder House",
        "route": "Alder House, the play area, the car park, the bin stores",
        "step_free": True,
        "distance_km": Decimal("1.5"),
        "seating": True,
        "accessibility_notes": "",
        "capacity": capacity,
        "lead": lead,
        "partners": "Police",
    } | fields
    return services.plan_walkabout(created_by=lead, **values)
