"""The staff's community page: each community feature, what is coming up and what waits for staff."""

import pytest
from django.urls import reverse

from community.champions.services import apply_to_champion
from community.models import Booking, BookingStatus
from community.selectors import WaitingForStaff, waiting_for_staff

from ..factories import ResidentFactory
from ..querycount import queries_for_get
from .events_fixtures import make_event
from .factories import plan
from .fund_fixtures import application_for
from .plan_factories import ProposalFactory

pytestmark = pytest.mark.django_db
URL = reverse("community:staff_home")


def test_staff_see_every_community_feature_and_what_waits_for_them(client_for, own_booking):
    html = client_for("staff").get(URL).content.decode()
    for feature in ["Walkabouts and Explorer days", "Neighbourhood Action Plans", "Block Champions", "Community Fund"]:
        assert feature in html
    assert own_booking.status == BookingStatus.REQUESTED
    assert "1 booking request." in html
    assert "No applications waiting for a decision." in html
    assert 'aria-current="page">Community<' in html


def add_one_of_each(*, neighbourhood, lead, plan_for_proposals, booking, fund_round) -> None:
    """One more of everything the page counts: a walk and an event coming up, a proposal, a booking request, a
    fund application and a champion application waiting for staff."""
    neighbour = ResidentFactory(home__block__neighbourhood=neighbourhood)
    plan(neighbourhood, lead=lead)
    make_event()
    ProposalFactory(plan=plan_for_proposals, resident=neighbour)
    Booking.objects.create(
        **{f.name: getattr(booking, f.name) for f in Booking._meta.concrete_fields if f.name != "id"}
    )
    application_for(neighbour, fund_round)
    apply_to_champion(resident=neighbour, why="I know everyone on the stairs.")


def test_the_page_costs_the_same_whatever_is_waiting(client_for, staff, shared_plan, own_booking, open_fund_round):
    neighbourhood = shared_plan.neighbourhood
    grow = {
        "neighbourhood": neighbourhood,
        "lead": staff,
        "plan_for_proposals": shared_plan,
        "booking": own_booking,
        "fund_round": open_fund_round,
    }
    add_one_of_each(**grow)
    small = queries_for_get(client_for("staff"), URL)
    assert waiting_for_staff() == WaitingForStaff(
        walkabouts_coming=1, events_coming=1, proposals=1, bookings=2, applications=1, champions=1
    )

    for _ in range(20):
        add_one_of_each(**grow)
    assert waiting_for_staff() == WaitingForStaff(
        walkabouts_coming=21, events_coming=21, proposals=21, bookings=22, applications=21, champions=21
    )
    large = queries_for_get(client_for("staff"), URL)
    assert large.count == small.count, large
