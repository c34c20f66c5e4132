"""Reads across the community features, for the staff's community page."""

from dataclasses import dataclass

from django.utils import timezone

from .champions.models import BlockChampion, ChampionStatus
from .events.models import Event
from .fund.models import Application, ApplicationStatus
from .plans.models import Proposal, ProposalStatus
from .spaces.models import Booking, BookingStatus
from .walkabouts.models import Walkabout


@dataclass(frozen=True)
class WaitingForStaff:
    walkabouts_coming: int
    events_coming: int
    proposals: int
    bookings: int
    applications: int
    champions: int


def waiting_for_staff(*, now=None) -> WaitingForStaff:
    """What is coming up and what waits for a member of staff, one count each (six queries whatever the size)."""
    now = now or timezone.now()
    return WaitingForStaff(
        walkabouts_coming=Walkabout.objects.upcoming(now).count(),
        events_coming=Event.objects.published().upcoming(now=now).count(),
        proposals=Proposal.objects.filter(status=ProposalStatus.WAITING).count(),
        bookings=Booking.objects.filter(status=BookingStatus.REQUESTED).count(),
        applications=Application.objects.filter(status=ApplicationStatus.SUBMITTED).count(),
        champions=BlockChampion.objects.filter(status=ChampionStatus.APPLIED).count(),
    )
