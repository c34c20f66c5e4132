"""Involvement as volunteering, in real browsers: staff publish an opportunity (refused first without a pathway to
change); a resident finds it on Get involved, expresses interest, and is accepted; staff tick off the induction;
the resident logs hours that staff confirm, and their record shows it all. Every page is scanned with axe at
desktop width and at 320 px."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from residents.models import Interest, Opportunity, OpportunityStatus

pytestmark = pytest.mark.browser

TITLE = "Choose our next repairs contractor"
PATHWAY = "Your scores go to the procurement panel, who award the contract by June."


def staff_publishes_an_opportunity(page: Page, check_page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Involvement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Involvement opportunities")
    check_page(page, "involvement-staff-list", phone=True)
    page.get_by_role("link", name="Write a new opportunity").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("New opportunity")
    check_page(page, "involvement-create", phone=True)
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Kind of involvement").select_option(label="Contractor selection")
    page.get_by_label("Role description").fill("Meet the bidders and score their answers with staff.")
    page.get_by_label("Time commitment", exact=True).select_option(label="One-off")
    page.get_by_label("Where").fill("Head office, Leeds")
    page.get_by_label("Neighbourhood").select_option(label="Millfield")
    page.get_by_label("What residents can influence").fill("Which contractor wins.")
    page.get_by_label("What residents cannot influence").fill("The contract's budget.")
    page.get_by_role("group", name="Support offered").get_by_label("Expenses paid").check()
    page.get_by_role("group", name="Outcomes it serves").get_by_label("Improved resident experience").check()
    page.get_by_label("Closing date").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Publish").click()

    # Refused without a pathway to change: the message is at the top and next to the field, and what was typed stays.
    expect(page.get_by_role("alert")).to_contain_text("Pathway to change: Say what the pathway to change is")
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    check_page(page, "involvement-create-refused", phone=True)
    assert not Opportunity.objects.exists()
    page.get_by_label("Pathway to change").fill(PATHWAY)
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("status")).to_contain_text("Published. It is on the Get involved page now.")
    check_page(page, "involvement-edit", phone=True)
    assert Opportunity.objects.get().status == OpportunityStatus.PUBLISHED


def test_staff_publish_a_resident_expresses_interest_is_accepted_and_logs_hours(
    page, live_server, sign_in, check_page, resident, staff, other_browser
):
    sign_in(page, staff, mfa=True)
    staff_publishes_an_opportunity(page, check_page)

    # A visitor who is not signed in finds it on the public page, beside the light-touch ways in.
    visitor = other_browser()
    visitor.goto(f"{live_server.url}/")
    visitor.get_by_role("navigation", name="Main").get_by_role("link", name="Get involved").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Get involved")
    expect(visitor.get_by_role("heading", name="Answer a survey")).to_be_visible()
    check_page(visitor, "get-involved-public", phone=True, shot=True)

    # The resident filters the page and expresses interest.
    you = other_browser()
    sign_in(you, resident)
    you.get_by_role("navigation", name="Main").get_by_role("link", name="Get involved").click()
    you.get_by_label("Kind").select_option(label="Contractor selection")
    you.get_by_label("Time commitment").select_option(label="One-off")
    you.get_by_role("button", name="Show roles").click()
    expect(you.get_by_text("1 role found.")).to_be_visible()
    check_page(you, "get-involved-filtered", phone=True)
    you.get_by_role("link", name=TITLE).click()

    expect(you.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(you.get_by_text(PATHWAY)).to_be_visible()
    check_page(you, "opportunity-detail", phone=True)
    you.get_by_role("link", name="I am interested").click()

    expect(you.get_by_role("heading", level=1)).to_have_text(f"I am interested: {TITLE}")
    check_page(you, "interest-form", phone=True)
    you.get_by_label("What support would help you take part?").fill("A lift to the venue")
    you.get_by_role("button", name="Send").click()
    expect(you.get_by_role("alert")).to_contain_text("When are you available?: Tell us when you are available.")
    expect(you.get_by_label("What support would help you take part?")).to_have_value("A lift to the venue")
    check_page(you, "interest-form-refused", phone=True)
    you.get_by_label("When are you available?").fill("Weekday afternoons")
    you.get_by_role("button", name="Send").click()

    expect(you.get_by_role("heading", level=1)).to_have_text("My involvement")
    expect(you.get_by_text("Waiting for a reply")).to_be_visible()
    check_page(you, "my-involvement-waiting", phone=True)

    # Staff accept, then tick off the first induction step.
    page.get_by_role("link", name="Who is involved").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Who is involved: {TITLE}")
    check_page(page, "involvement-volunteers", phone=True)
    page.get_by_role("link", name="Amina Okafor").click()
    check_page(page, "interest-decide", phone=True)
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose a decision.")
    page.get_by_label("Accept").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_role("status")).to_contain_text("Accepted.")
    page.get_by_role("button", name=re.compile(r"^Mark as done\s*: Welcome conversation")).click()
    expect(page.get_by_role("status")).to_contain_text("Done: Welcome conversation with the lead officer.")
    check_page(page, "interest-induction", phone=True, shot=True)
    assert Interest.objects.get().induction.filter(done_at__isnull=False).count() == 1

    # The resident logs hours for the role; staff confirm them.
    you.reload()
    expect(you.get_by_text("Welcome conversation with the lead officer: done")).to_be_visible()
    you.get_by_role("link", name="Log hours").click()
    check_page(you, "log-hours", phone=True)
    you.get_by_label("Date").fill(timezone.localdate().isoformat())
    you.get_by_label("Hours").fill("3")
    you.get_by_label("Role").select_option(label=TITLE)
    you.get_by_label("What did you do?").fill("Scored the bids")
    you.get_by_role("button", name="Save my hours").click()
    expect(you.get_by_role("cell", name="Unconfirmed")).to_be_visible()

    page.goto(f"{live_server.url}/staff/involvement/hours/")
    check_page(page, "hours-to-confirm", phone=True)
    page.get_by_role("button", name=re.compile(r"^Confirm\s*3 hours for Amina Okafor")).click()
    expect(page.get_by_role("status")).to_contain_text("Confirmed 3.00 hours for Amina Okafor.")

    you.reload()
    expect(you.get_by_text("Confirmed: 3 hours")).to_be_visible()
    expect(you.get_by_role("cell", name="Confirmed")).to_be_visible()
    check_page(you, "my-involvement-record", phone=True, shot=True)

    page.goto(f"{live_server.url}/staff/involvement/")
    page.get_by_role("link", name="Volunteer register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Volunteer register")
    expect(page.get_by_role("cell", name="Amina Okafor")).to_be_visible()
    check_page(page, "volunteer-register", phone=True)
