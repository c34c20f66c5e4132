"""The staff's community page: each community feature, what is coming up and what waits for staff."""

import pytest
from django.urls import reverse

from community.models import Booking, BookingStatus
from community.selectors import waiting_for_staff

from ..querycount import queries_for_get

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


def test_the_page_costs_the_same_whatever_is_waiting(client_for, own_booking):
    small = queries_for_get(client_for("staff"), URL)
    for _ in range(20):
        Booking.objects.create(
            **{f.name: getattr(own_booking, f.name) for f in Booking._meta.concrete_fields if f.name != "id"}
        )
    assert waiting_for_staff().bookings == 21
    large = queries_for_get(client_for("staff"), URL)
    assert large.count == small.count, large
