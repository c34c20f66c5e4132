"""The public pages of spaces (list, space, weekly calendar, calendar feed) and what each visitor sees on them;
every list and calendar costs the same number of queries with a little data and a lot."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from community.models import BookingStatus
from community.spaces import services
from community.spaces.selectors import week_start

from ..querycount import queries_for_get
from .spaces_factories import SpaceFactory
from .spaces_fixtures import next_weekday


def staff_booking(space, staff, day, starts, ends, purpose="Tenants' meeting", weeks=1):
    return services.request_booking(
        space=space,
        requested_by=staff,
        resident=None,
        purpose=purpose,
        people=8,
        day=day,
        starts=starts,
        ends=ends,
        weeks=weeks,
        group_name="Millfield Tenants",
    )


def calendar_url(space, day):
    return reverse("community:space_calendar", args=[space.slug]) + f"?week={week_start(day).isoformat()}"


def test_the_list_shows_each_active_space_with_its_access(client_for, community_space):
    SpaceFactory(name="Old Boiler Room", is_active=False)
    page = client_for("anonymous").get(reverse("community:space_list")).content.decode()
    assert "Alder House Community Room" in page
    assert "Step-free access, Hearing loop" in page
    assert "Old Boiler Room" not in page


def test_a_retired_space_has_no_page(client_for):
    space = SpaceFactory(is_active=False)
    assert client_for("anonymous").get(reverse("community:space_detail", args=[space.slug])).status_code == 404


def test_a_space_page_shows_its_hours_facilities_and_how_to_book(client_for, community_space):
    page = client_for("anonymous").get(reverse("community:space_detail", args=[community_space.slug])).content.decode()
    assert "Monday</th><td>08:00 to 22:00" in page
    assert "<li>Wi-Fi</li>" in page
    assert "Sign in</a> to ask for a booking" in page
    resident_page = client_for("resident").get(reverse("community:space_detail", args=[community_space.slug]))
    assert "Ask to book Alder House Community Room" in resident_page.content.decode()


def test_the_calendar_shows_booked_to_residents_and_the_purpose_to_staff(
    client_for, resident, staff, community_space, own_booking
):
    tuesday = own_booking.dates.get().starts_at.astimezone(timezone.get_current_timezone()).date()
    staff_booking(community_space, staff, tuesday, time(14), time(16), purpose="Knit and natter")

    for persona in ("anonymous", "resident", "other_resident"):
        page = client_for(persona).get(calendar_url(community_space, tuesday)).content.decode()
        assert "14:00 to 16:00: Booked" in page
        assert "Knit and natter" not in page and "Millfield Tenants" not in page
        assert "Coffee morning" not in page, "a request waiting for a decision is not shown publicly"
        assert "08:00 to 14:00" in page and "16:00 to 22:00" in page, "the free times that day"

    staff_page = client_for("staff").get(calendar_url(community_space, tuesday)).content.decode()
    assert "Knit and natter (Millfield Tenants)" in staff_page
    assert "Coffee morning" in staff_page and "Waiting for a decision" in staff_page


def test_the_calendar_moves_a_week_at_a_time(client_for, community_space):
    monday = week_start(timezone.localdate())
    response = client_for("anonymous").get(reverse("community:space_calendar", args=[community_space.slug]))
    page = response.content.decode()
    assert f'href="?week={(monday - timedelta(weeks=1)).isoformat()}"' in page
    assert f'href="?week={(monday + timedelta(weeks=1)).isoformat()}"' in page
    assert [day["day"] if isinstance(day, dict) else day.day for day in response.context["days"]] == [
        monday + timedelta(days=n) for n in range(7)
    ]
    wrong = client_for("anonymous").get(reverse("community:space_calendar", args=[community_space.slug]) + "?week=xx")
    assert wrong.status_code == 200 and wrong.context["monday"] == monday


def test_a_closed_day_says_closed(client_for):
    space = SpaceFactory(hours={0: (time(9), time(17))})
    page = client_for("anonymous").get(calendar_url(space, next_weekday(0))).content.decode()
    assert page.count('<td data-label="Open">Closed</td>') == 6


def test_the_calendar_feed_shows_approved_bookings_as_booked_and_the_purpose_only_to_staff(
    client_for, staff, community_space, own_booking
):
    tuesday = next_weekday(1)
    staff_booking(community_space, staff, tuesday, time(14), time(16), purpose="Knit and natter", weeks=2)
    url = reverse("community:space_ical", args=[community_space.slug])

    response = client_for("anonymous").get(url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Booked", "Booked"], "the request waiting is not in it"
    assert events[0].decoded("DTSTART").astimezone(timezone.get_current_timezone()).strftime("%H:%M") == "14:00"

    staff_events = Calendar.from_ical(client_for("staff").get(url).content).walk("VEVENT")
    assert {str(event["SUMMARY"]) for event in staff_events} == {"Knit and natter"}
    assert client_for("staff").get(url)["Cache-Control"] == "private, no-store"


def test_a_cancelled_booking_leaves_the_feed(client_for, staff, community_space):
    booking = staff_booking(community_space, staff, next_weekday(2), time(9), time(10))
    services.cancel_booking(booking=booking, cancelled_by=staff)
    assert booking.__class__.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED
    url = reverse("community:space_ical", args=[community_space.slug])
    assert Calendar.from_ical(client_for("anonymous").get(url).content).walk("VEVENT") == []


# Query counts -------------------------------------------------------------------------------------------


def many_bookings(space, staff, day, count, *, minute=0):
    """count approved 25-minute bookings over the week of day, starting on the hour (or at `minute` past)."""
    monday = week_start(day)
    made = 0
    for offset in range(7):
        for hour in range(8, 22):
            if made >= count:
                return
            staff_booking(space, staff, monday + timedelta(days=offset), time(hour, minute), time(hour, minute + 25))
            made += 1


@pytest.fixture
def next_week():
    return week_start(timezone.localdate()) + timedelta(weeks=1)


@pytest.mark.parametrize("persona", ["anonymous", "staff"])
def test_calendar_costs_the_same_with_1_and_40_bookings(client_for, staff, persona, next_week):
    space = SpaceFactory()
    client = client_for(persona)
    many_bookings(space, staff, next_week, 1)
    small = queries_for_get(client, calendar_url(space, next_week))
    many_bookings(SpaceFactory(), staff, next_week, 40)  # another space: nothing to do with this one
    many_bookings(space, staff, next_week, 40, minute=30)
    large = queries_for_get(client, calendar_url(space, next_week))
    assert large.count == small.count, f"{small}\n{large}"


def test_feed_costs_the_same_with_1_and_30_bookings(client_for, staff, next_week):
    space = SpaceFactory()
    url = reverse("community:space_ical", args=[space.slug])
    many_bookings(space, staff, next_week, 1)
    small = queries_for_get(client_for("staff"), url)
    many_bookings(space, staff, next_week + timedelta(weeks=1), 30)
    large = queries_for_get(client_for("staff"), url)
    assert large.count == small.count, f"{small}\n{large}"


def test_space_list_and_page_cost_the_same_with_1_and_25_spaces(client_for):
    first = SpaceFactory()
    client = client_for("resident")
    small_list = queries_for_get(client, reverse("community:space_list"))
    small_page = queries_for_get(client, reverse("community:space_detail", args=[first.slug]))
    for _ in range(24):
        SpaceFactory()
    large_list = queries_for_get(client, reverse("community:space_list"))
    large_page = queries_for_get(client, reverse("community:space_detail", args=[first.slug]))
    assert large_list.count == small_list.count, f"{small_list}\n{large_list}"
    assert large_page.count == small_page.count


def test_the_staff_list_of_spaces_costs_the_same_with_1_and_25_spaces(client_for):
    SpaceFactory()
    url = reverse("community:space_manage")
    small = queries_for_get(client_for("staff"), url)
    for _ in range(24):
        SpaceFactory()
    large = queries_for_get(client_for("staff"), url)
    assert large.count == small.count, f"{small}\n{large}"


def test_my_bookings_and_the_staff_queue_cost_the_same_with_1_and_20_bookings(client_for, resident, staff):
    space = SpaceFactory()

    def ask(n):
        services.request_booking(
            space=space,
            requested_by=resident,
            resident=resident.resident,
            purpose=f"Meeting {n}",
            people=3,
            day=next_weekday(1) + timedelta(weeks=n // 12),
            starts=time(8 + n % 12),
            ends=time(9 + n % 12),
            weeks=2,
        )

    ask(0)
    mine, queue = reverse("community:my_bookings"), reverse("community:booking_queue")
    small = queries_for_get(client_for("resident"), mine), queries_for_get(client_for("staff"), queue)
    for n in range(1, 20):
        ask(n)
    large = queries_for_get(client_for("resident"), mine), queries_for_get(client_for("staff"), queue)
    assert large[0].count == small[0].count, f"{small[0]}\n{large[0]}"
    assert large[1].count == small[1].count, f"{small[1]}\n{large[1]}"


def test_a_booking_page_costs_the_same_with_1_and_12_weeks(client_for, resident, community_space):
    def ask(weeks, hour):
        return services.request_booking(
            space=community_space,
            requested_by=resident,
            resident=resident.resident,
            purpose="Club",
            people=3,
            day=next_weekday(4),
            starts=time(hour),
            ends=time(hour + 1),
            weeks=weeks,
        )

    one, twelve = ask(1, 9), ask(12, 11)
    small = queries_for_get(client_for("staff"), reverse("community:booking_detail", args=[one.pk]))
    large = queries_for_get(client_for("staff"), reverse("community:booking_detail", args=[twelve.pk]))
    assert large.count == small.count, f"{small}\n{large}"
