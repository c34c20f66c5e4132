"""A resident reads about a panel, applies (putting a mistake right first) and staff accept them; the resident sees it
on My panels. Then staff add a panel, look at the terms ending soon and a panel's make-up, and a member steps down.
Every page is scanned with axe at desktop width and at 320 px."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from panels.models import Membership, MembershipRole, MembershipStatus, Panel
from residents.models import OutboundEmail
from tests.factories import ResidentFactory
from tests.panels.factories import MembershipFactory, PanelFactory

pytestmark = pytest.mark.browser

WHY = "I have lived on the estate for 12 years and want the new kitchens to be done well."


@pytest.fixture
def contractor_panel(db):
    panel = PanelFactory(
        name="Contractor Selection Panel",
        slug="contractor-selection",
        summary="Residents choose the contractor for the new kitchens.",
    )
    MembershipFactory(
        panel=panel, role=MembershipRole.CHAIR, show_on_public_page=True, resident=ResidentFactory(first_name="Joyce")
    )
    return panel


def test_a_resident_applies_and_staff_accept_them(
    page, live_server, sign_in, check_page, resident, staff, contractor_panel, other_browser
):
    # Signed out, the panels are in the header.
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Panels").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Resident panels")
    check_page(page, "panels-public-list", phone=True, shot=True)

    sign_in(page, resident)
    page.goto(f"{live_server.url}/panels/contractor-selection/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contractor Selection Panel")
    expect(page.get_by_role("main")).to_contain_text("Joyce, chair")
    check_page(page, "panel-detail", phone=True, shot=True)
    page.get_by_role("link", name="Apply to join the Contractor Selection Panel").click()

    # A mistake: nothing about why. The message is beside the field and what was typed is kept.
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply to the Contractor Selection Panel")
    check_page(page, "panel-apply", phone=True)
    page.get_by_label("When are you usually free?").fill("Weekday evenings after 6")
    page.get_by_label("Support or accessibility needs (optional)").fill("Papers in large print")
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("alert")).to_contain_text("Tell us why you would like to join.")
    expect(page.get_by_label("When are you usually free?")).to_have_value("Weekday evenings after 6")
    check_page(page, "panel-apply-error", phone=True, shot=True)
    page.get_by_role("alert").get_by_role("link").first.click()
    expect(page.get_by_label("Why would you like to join?")).to_be_focused()
    page.get_by_label("Why would you like to join?").fill(WHY)
    page.get_by_label(re.compile("you may show my first name")).check()
    page.get_by_role("button", name="Send my application").click()

    expect(page.get_by_role("status")).to_contain_text("we have your application to the Contractor Selection Panel")
    expect(page.get_by_role("heading", level=1)).to_have_text("My panels")
    expect(page.get_by_role("main")).to_contain_text("Application received")
    my_panels_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="My panels")
    expect(my_panels_link).to_have_attribute("aria-current", "page")
    check_page(page, "my-panels-applied", phone=True, shot=True)

    # Staff, in their own browser, find the application and accept it.
    staff_page = other_browser()
    sign_in(staff_page, staff, mfa=True)
    staff_page.get_by_role("navigation", name="Main").get_by_role("link", name="Panels").click()
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Panels")
    check_page(staff_page, "staff-panels", phone=True, shot=True)
    staff_page.get_by_role("row", name=re.compile("Contractor Selection Panel")).get_by_role("link", name="1").click()
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Contractor Selection Panel")
    check_page(staff_page, "staff-panel-applications", phone=True)
    staff_page.get_by_role("link", name="Amina Okafor").click()
    expect(staff_page.get_by_role("main")).to_contain_text(WHY)
    expect(staff_page.get_by_role("main")).to_contain_text("Papers in large print")
    check_page(staff_page, "staff-application", phone=True, shot=True)

    # Joyce is chair already: asking for a second chair is refused at the field.
    accept = staff_page.locator("#accept-form")
    accept.get_by_label("Role").select_option("chair")
    accept.get_by_role("button", name="Accept as a member").click()
    expect(staff_page.get_by_role("alert")).to_contain_text("is chair of this panel already")
    check_page(staff_page, "staff-application-error", phone=True)
    accept = staff_page.locator("#accept-form")
    accept.get_by_label("Role").select_option("vice_chair")
    accept.get_by_role("button", name="Accept as a member").click()
    expect(staff_page.get_by_role("status")).to_contain_text("Amina Okafor is now a member of the Contractor Selection")
    check_page(staff_page, "staff-membership", phone=True)
    assert OutboundEmail.objects.filter(key__startswith="panel-accepted:", to=resident.email).exists()

    # The resident sees it, and is named on the public page as they agreed.
    page.reload()
    expect(page.get_by_role("main")).to_contain_text("Member, vice-chair")
    check_page(page, "my-panels-member", phone=True, shot=True)
    page.get_by_role("link", name="Contractor Selection Panel", exact=True).click()
    expect(page.get_by_role("main")).to_contain_text("Amina, vice-chair")
    expect(page.get_by_role("main")).not_to_contain_text("Okafor")


def test_staff_run_panels_and_a_member_steps_down(
    page, live_server, sign_in, check_page, resident, staff, other_browser
):
    panel = PanelFactory(name="Planned Works Panel", slug="planned-works")
    today = timezone.localdate()
    MembershipFactory(panel=panel, resident=resident.resident, term_ends=today + datetime.timedelta(days=20))
    for number in range(6):
        MembershipFactory(panel=panel, resident=ResidentFactory(first_name=f"Member{number}"))

    staff_page = other_browser()
    sign_in(staff_page, staff, mfa=True)
    staff_page.goto(f"{live_server.url}/staff/panels/")
    staff_page.get_by_role("link", name="Add a panel").click()
    check_page(staff_page, "panel-create", phone=True)
    staff_page.get_by_label("Name").fill("Kitchen Design Panel")
    staff_page.get_by_label("Web address").fill("Kitchen Design")
    staff_page.get_by_role("button", name="Add the panel").click()
    expect(staff_page.get_by_role("alert")).to_contain_text("Use only lower-case letters, numbers and hyphens.")
    expect(staff_page.get_by_label("Name")).to_have_value("Kitchen Design Panel")
    check_page(staff_page, "panel-create-error", phone=True, shot=True)
    staff_page.get_by_label("Web address").fill("kitchen-design")
    for label, value in [
        ("Summary", "Residents choose the new kitchen designs."),
        ("What the panel does", "Looks at three designs and chooses one."),
        ("What the panel can influence", "The design and the colours."),
        ("What the panel cannot influence", "The budget."),
        ("How its work reaches the Board", "Its choice goes to the Asset Committee."),
        ("Time it asks for", "Two evenings."),
        ("Support offered", "Travel costs paid."),
        ("How to join", "Apply on this page."),
    ]:
        staff_page.get_by_label(label, exact=True).fill(value)
    staff_page.get_by_role("button", name="Add the panel").click()
    expect(staff_page.get_by_role("status")).to_contain_text("The Kitchen Design Panel has been added.")
    assert Panel.objects.filter(slug="kitchen-design", is_active=True).exists()
    staff_page.get_by_role("link", name="Edit the panel").click()
    check_page(staff_page, "panel-edit", phone=True)

    staff_page.goto(f"{live_server.url}/staff/panels/planned-works/")
    expect(staff_page.get_by_role("main")).to_contain_text("7 current members")
    check_page(staff_page, "staff-panel-members", phone=True, shot=True)
    staff_page.get_by_role("link", name="Make-up against the register").click()
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Make-up of the Planned Works Panel")
    check_page(staff_page, "panel-makeup", phone=True, shot=True)

    staff_page.goto(f"{live_server.url}/staff/panels/terms-ending/")
    expect(staff_page.get_by_role("row", name=re.compile("Amina Okafor"))).to_contain_text("Planned Works Panel")
    check_page(staff_page, "terms-ending", phone=True, shot=True)

    # The member steps down from My panels, giving a reason.
    sign_in(page, resident)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My panels").click()
    page.get_by_role("link", name="Step down from the Planned Works Panel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Step down from the Planned Works Panel")
    check_page(page, "panel-step-down", phone=True, shot=True)
    page.get_by_label("Why are you stepping down? (optional)").fill("I am moving to another area.")
    page.get_by_role("button", name="Step down").click()
    expect(page.get_by_role("status")).to_contain_text("You have stepped down from the Planned Works Panel.")
    expect(page.get_by_role("main")).to_contain_text("Stepped down")
    membership = Membership.objects.get(resident=resident.resident, panel=panel)
    assert membership.status == MembershipStatus.STEPPED_DOWN
