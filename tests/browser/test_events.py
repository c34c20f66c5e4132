"""An event filled to capacity: a resident takes the last place, another joins the waiting list, the first gives
up their place and the second has it. Staff write an event and see who signed up. Every page is scanned with axe
at desktop width and 320 px."""

import pytest
from playwright.sync_api import expect

from community.events import services
from community.models import Event
from tests.community.events_fixtures import make_event
from tests.factories import HomeFactory, ResidentFactory, UserFactory

pytestmark = pytest.mark.browser


def test_an_event_fills_up_and_a_place_given_up_goes_to_the_waiting_list(
    page, live_server, sign_in, check_page, resident, other_resident, other_browser
):
    event = make_event(title="Digital skills: video calls", kind="digital_skills", capacity=2)
    services.sign_up(event=event, resident=ResidentFactory(home=HomeFactory(), user=UserFactory()))

    sign_in(page, resident)
    page.get_by_role("link", name="Events", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Events and focus groups")
    check_page(page, "event-list", phone=True, shot=True)
    page.get_by_role("link", name="Digital skills: video calls").click()
    expect(page.get_by_role("main")).to_contain_text("2 (1 free)")
    check_page(page, "event-detail", phone=True, shot=True)
    page.get_by_label("Anything we should know to help you take part").fill("I will bring my tablet")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="You have a place")).to_be_visible()
    check_page(page, "event-signed-up", phone=True)

    other = other_browser()
    sign_in(other, other_resident)
    other.goto(f"{live_server.url}/events/{event.pk}/")
    expect(other.get_by_role("main")).to_contain_text("2 (full)")
    other.get_by_role("button", name="Join the waiting list").click()
    expect(other.get_by_role("heading", name="You are number 1 on the waiting list")).to_be_visible()
    check_page(other, "event-waiting", phone=True, shot=True)

    page.get_by_role("button", name="I cannot come: give up my place").click()
    expect(page.get_by_role("main")).to_contain_text("You are no longer signed up")
    other.reload()
    expect(other.get_by_role("heading", name="You have a place")).to_be_visible()
    other.get_by_role("link", name="All events").click()
    other.get_by_role("link", name="Events I have signed up for").click()
    expect(other.get_by_role("table")).to_contain_text("Digital skills: video calls")
    check_page(other, "my-events", phone=True)


def test_staff_write_a_focus_group_and_see_who_signed_up(page, live_server, sign_in, check_page, staff, resident):
    sign_in(page, staff, mfa=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Community", exact=True).click()
    page.get_by_role("main").get_by_role("link", name="Events and focus groups").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Events and focus groups")
    page.get_by_role("link", name="Add an event").click()
    check_page(page, "event-form", phone=True, shot=True)
    page.get_by_role("group", name="What kind of event is it?").get_by_label("Focus group").check()
    page.get_by_label("Title").fill("Repairs focus group")
    page.get_by_label("Description").fill("Tell us how repairs appointments should work.")
    page.get_by_label("Date").fill("2031-03-04")
    page.get_by_label("Start time").fill("18:00")
    page.get_by_label("End time").fill("19:30")
    page.get_by_label("Place (if not one of our spaces)").fill("Online (Teams)")
    page.get_by_label("Capacity").fill("8")
    page.get_by_role("group", name="Show it to residents?").get_by_label("Published").check()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("alert")).to_contain_text("Give the focus group's topic.")
    check_page(page, "event-form-error", phone=True)
    page.get_by_label("Focus group topic").fill("Repairs appointments")
    page.get_by_label("What the focus group can influence").fill("The time slots we offer.")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("main")).to_contain_text("Repairs focus group is saved.")
    check_page(page, "event-manage", phone=True, shot=True)
    services.sign_up(event=Event.objects.get(title="Repairs focus group"), resident=resident.resident)
    page.get_by_role("link", name="People signed up for Repairs focus group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People signed up: Repairs focus group")
    check_page(page, "event-attendance", phone=True, shot=True)
    page.get_by_label("Came: Amina Okafor").check()
    page.get_by_role("button", name="Save who came").click()
    expect(page.get_by_role("main")).to_contain_text("Attendance saved: 1 came.")
