"""The Community Fund in the browser: a resident reads the public round, applies with a budget that does not add up
first (the error by its field, what they typed kept), then sends it; staff set up a round, score the applications
through a panel's scoring round and award part of one. Every page is scanned with axe, at desktop and 320 px."""

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from community.fund import services
from community.fund.models import Application, ApplicationStatus
from tests.community.fund_fixtures import application_for, make_round
from tests.factories import ResidentFactory
from tests.panels.factories import ScrutinyPanelFactory

pytestmark = pytest.mark.browser


def test_a_resident_applies(page: Page, live_server, sign_in, check_page, resident, neighbourhood):
    make_round([neighbourhood])
    page.goto(f"{live_server.url}/fund/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Community Fund")
    check_page(page, "fund-rounds", phone=True, shot=True)
    sign_in(page, resident)
    page.goto(f"{live_server.url}/fund/")
    page.get_by_role("link", name="Spring 2027 Community Fund").click()
    check_page(page, "fund-round", phone=True, shot=True)
    page.get_by_role("link", name="Start an application").click()
    check_page(page, "fund-apply", phone=True, shot=True)

    page.get_by_label("Myself, as a resident").check()
    page.get_by_label("Name of the project").fill("Tuesday lunch club")
    page.get_by_label("What the project will do").fill("A weekly lunch for neighbours who live alone.")
    page.get_by_label("Millfield").check()
    page.get_by_label("Who will benefit, and how").fill("Older residents living alone in Alder House.")
    page.get_by_label("How many people will benefit").fill("25")
    page.get_by_label("Amount asked for (£)").fill("300")
    page.get_by_label("Budget breakdown").fill("Food: 200\nRoom hire: 50")
    page.get_by_label("What difference it will make").fill("Fewer people feeling lonely.")
    page.get_by_label("How you will keep people safe").fill("Two volunteers at every session.")
    page.get_by_label("Public liability insurance").fill("Covered by the association's policy.")
    page.get_by_role("button", name="Send the application").click()

    expect(page.get_by_role("alert")).to_contain_text("they must match")
    expect(page.get_by_label("Name of the project")).to_have_value("Tuesday lunch club")
    check_page(page, "fund-apply-error", phone=True, shot=True)
    page.get_by_label("Budget breakdown").fill("Food: 250\nRoom hire: 50")
    page.get_by_role("button", name="Send the application").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tuesday lunch club")
    expect(page.get_by_text("Submitted, being considered")).to_be_visible()
    check_page(page, "fund-application", phone=True, shot=True)
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED

    # Funded: the monitoring report, asked for from the application page.
    services.decide(application=application, award=Decimal("300"), reasons="A good project.", actor=None)
    page.reload()
    page.get_by_role("link", name="Send your monitoring report").click()
    check_page(page, "fund-report", phone=True, shot=True)
    page.get_by_label("What the project did").fill("Forty lunches.")
    page.get_by_label("How many people it reached").fill("31")
    page.get_by_label("How the money was spent").fill("Food: 250, room: 50")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("your report has been sent")).to_be_visible()


def test_staff_set_up_score_and_award(page: Page, live_server, sign_in, check_page, staff, neighbourhood):
    ScrutinyPanelFactory()
    fund_round = make_round([neighbourhood], opens_in=timedelta(days=-30), closes_in=timedelta(days=-1))
    application = application_for(ResidentFactory(home__block__neighbourhood=neighbourhood), fund_round)
    application_for(ResidentFactory(home__block__neighbourhood=neighbourhood), fund_round, title="Gardening club")
    sign_in(page, staff, mfa=True)

    page.goto(f"{live_server.url}/staff/fund/")
    check_page(page, "fund-staff-list", phone=True, shot=True)
    page.get_by_role("link", name="Set up a round").click()
    check_page(page, "fund-round-form", phone=True, shot=True)
    page.get_by_role("button", name="Save the round").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, "fund-round-form-error")

    page.goto(f"{live_server.url}/staff/fund/{fund_round.pk}/")
    check_page(page, "fund-manage", phone=True, shot=True)
    page.get_by_label("The panel that scores the applications").select_option(index=1)
    page.get_by_role("button", name="Set up scoring").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Community Fund")
    check_page(page, "fund-scoring-round")

    page.goto(f"{live_server.url}/staff/fund/{fund_round.pk}/")
    page.get_by_role("link", name="Tuesday lunch club").click()
    check_page(page, "fund-decide", phone=True, shot=True)
    page.get_by_label("Award (all or part)").check()
    page.get_by_label("Amount awarded (£)").fill("200")
    page.get_by_label("Reasons (the applicant sees these)").fill("We funded the food; the room is free on Tuesdays.")
    page.get_by_role("button", name="Record the decision and tell the applicant").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()
    application.refresh_from_db()
    assert application.awarded_amount == Decimal("200") and application.status == ApplicationStatus.PART_AWARDED

    page.goto(f"{live_server.url}/staff/fund/applications/{application.pk}/decide/")
    page.get_by_label("What the project did, and who it reached").fill("Forty lunches for 25 neighbours.")
    page.get_by_role("button", name="Mark the project complete").click()
    expect(page.get_by_text("Marked complete.")).to_be_visible()
    page.goto(f"{live_server.url}/fund/funded/")
    expect(page.get_by_role("heading", name="Tuesday lunch club")).to_be_visible()
    check_page(page, "fund-funded", phone=True, shot=True)
