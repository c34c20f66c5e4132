"""A resident finds a community space, asks for a time that is already booked, is offered free times, takes one;
staff approve the request from their queue; the calendar shows it as Booked to the resident and with its purpose
to staff. Every page is scanned with axe at desktop width and at 320 px."""

from datetime import time

import pytest
from playwright.sync_api import expect

from community.models import Booking, BookingStatus
from community.spaces import services
from community.spaces.selectors import week_start
from tests.community.spaces_fixtures import next_weekday

pytestmark = pytest.mark.browser


def test_a_booking_refused_for_overlap_is_made_in_a_free_slot_and_approved_by_staff(
    page, live_server, sign_in, check_page, resident, staff, community_space, other_browser
):
    tuesday = next_weekday(1)
    services.request_booking(
        space=community_space,
        requested_by=staff,
        resident=None,
        purpose="Tenants' meeting",
        people=20,
        day=tuesday,
        starts=time(10),
        ends=time(12),
        group_name="Millfield Tenants",
    )

    sign_in(page, resident)
    page.get_by_role("link", name="Find a space").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community spaces")
    check_page(page, "spaces-list", phone=True, shot=True)
    page.get_by_role("link", name="Alder House Community Room").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alder House Community Room")
    check_page(page, "space-detail", phone=True, shot=True)

    page.get_by_role("link", name="Ask to book Alder House Community Room").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask to book Alder House Community Room")
    check_page(page, "booking-form", phone=True)
    page.get_by_label("What is the booking for?").fill("Coffee morning")
    page.get_by_label("How many people will come?").fill("12")
    page.get_by_label("Date").fill(tuesday.isoformat())
    page.get_by_label("Start time").fill("11:00")
    page.get_by_label("End time").fill("13:00")
    page.get_by_role("button", name="Send my request").click()

    # Refused next to the field, with free times near it and what was typed kept.
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.locator("#id_starts_error, .invalid-feedback").first).to_contain_text(
        "already booked from 10:00 to 12:00"
    )
    expect(page.get_by_label("What is the booking for?")).to_have_value("Coffee morning")
    free_times = page.get_by_role("region", name="Free times near the one you asked for")
    expect(free_times).to_be_visible()
    check_page(page, "booking-form-clash", phone=True, shot=True)
    free_times.get_by_role("link", name="12:00 to 22:00").first.click()

    expect(page.get_by_label("Start time")).to_have_value("12:00")
    expect(page.get_by_label("What is the booking for?")).to_have_value("Coffee morning")
    page.get_by_label("End time").fill("14:00")
    page.get_by_role("button", name="Send my request").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Booking BK-")
    expect(page.get_by_role("main")).to_contain_text("Waiting for a decision")
    check_page(page, "booking-requested", phone=True, shot=True)
    booking = Booking.objects.get(purpose="Coffee morning")

    # Staff approve it from their queue.
    staff_page = other_browser()
    sign_in(staff_page, staff, mfa=True)
    staff_page.get_by_role("navigation", name="Main").get_by_role("link", name="Community", exact=True).click()
    staff_page.get_by_role("main").get_by_role("link", name="Community spaces and bookings").click()
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Space bookings")
    check_page(staff_page, "booking-queue", phone=True, shot=True)
    staff_page.get_by_role("link", name=booking.reference).click()
    check_page(staff_page, "booking-decide", phone=True)
    staff_page.get_by_role("group", name="Your decision").get_by_label("Approve").check()
    staff_page.get_by_label("Reason or note for the person who asked").fill("The caretaker will open up at 11:45.")
    staff_page.get_by_role("button", name="Save decision").click()
    expect(staff_page.get_by_role("main")).to_contain_text("Approved")
    check_page(staff_page, "booking-approved", phone=True)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.APPROVED

    # The staff calendar names the purpose; the resident's says Booked.
    week = week_start(tuesday).isoformat()
    staff_page.goto(f"{live_server.url}/spaces/{community_space.slug}/calendar/?week={week}")
    expect(staff_page.get_by_role("table")).to_contain_text("12:00 to 14:00: Coffee morning")
    check_page(staff_page, "space-calendar-staff", phone=True, shot=True)

    page.reload()
    expect(page.get_by_role("main")).to_contain_text("Approved")
    expect(page.get_by_role("main")).to_contain_text("The caretaker will open up at 11:45.")
    page.goto(f"{live_server.url}/spaces/{community_space.slug}/calendar/?week={week}")
    table = page.get_by_role("table")
    expect(table).to_contain_text("10:00 to 12:00: Booked")
    expect(table).to_contain_text("12:00 to 14:00: Booked")
    expect(table).not_to_contain_text("Coffee morning")
    check_page(page, "space-calendar", phone=True, shot=True)
    page.get_by_role("link", name="Next week").click()
    expect(page.get_by_role("paragraph").filter(has_text="Week of Monday")).to_be_visible()
    page.goto(f"{live_server.url}/my/bookings/")
    expect(page.get_by_role("table")).to_contain_text(booking.reference)
    check_page(page, "my-bookings", phone=True)


def test_staff_add_a_space_and_it_is_listed_publicly(page, live_server, sign_in, check_page, staff, neighbourhood):
    sign_in(page, staff, mfa=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Community", exact=True).click()
    page.get_by_role("main").get_by_role("link", name="Community spaces and bookings").click()
    page.get_by_role("link", name="Spaces: calendars, opening hours and details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community spaces")
    check_page(page, "space-manage", phone=True)
    page.get_by_role("link", name="Add a space").click()
    check_page(page, "space-form", phone=True, shot=True)
    page.get_by_label("Name").fill("Hillside Hall")
    page.get_by_label("Neighbourhood").select_option(label="Millfield")
    page.get_by_label("Address").fill("2 Hill Road, Leeds LS6 2AB")
    page.get_by_label("Capacity").fill("60")
    page.get_by_label("Step-free access").check()
    page.get_by_label("Monday: opens").fill("09:00")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_label("Name")).to_have_value("Hillside Hall")
    check_page(page, "space-form-error", phone=True)
    page.get_by_label("Monday: closes").fill("17:00")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("main")).to_contain_text("Hillside Hall is saved.")
    page.goto(f"{live_server.url}/spaces/hillside-hall/")
    expect(page.get_by_role("main")).to_contain_text("09:00 to 17:00")
