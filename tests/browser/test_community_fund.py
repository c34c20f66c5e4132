"""The Community Fund in the browser: a resident reads the public round, applies with a budget that does not add up
first (the error by its field, what they typed kept), then sends it; staff set up a round, score the applications
through a panel's scoring round and award part of one. Every page is scanned with axe, at desktop and 320 px."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from playwright.sync_api import Page, expect

from community.fund import services
from community.fund.models import Application, ApplicationStatus
from panels.models import Option, Score
from panels.scoring import services as scoring
from tests.community.fund_fixtures import application_for, make_round
from tests.factories import ResidentFactory
from tests.panels.factories import ScrutinyPanelFactory

pytestmark = pytest.mark.browser


def criteria_ids(option):
    return list(option.round.criteria.values_list("pk", flat=True))


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


def test_staff_set_up_score_and_award(
    page: Page, live_server, sign_in, check_page, other_browser, staff, panel_member, neighbourhood
):
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
    page.get_by_role("button", name="Open for scoring").click()
    expect(page.get_by_text("Scoring is open.")).to_be_visible()

    # A panel member declares a conflict in one application and is then refused scoring it; they score the other.
    scoring_url = page.url
    scorer = other_browser()
    sign_in(scorer, panel_member)
    scorer.goto(scoring_url)
    option = Option.objects.get(round__fund_round=fund_round, subject_id=application.pk)
    option_url = f"{live_server.url}/scoring/options/{option.pk}/score/"
    scorer.locator(f'a[href="/scoring/options/{option.pk}/score/"]').click()
    scorer.get_by_label("Your conflict of interest").fill("I run the lunch club's kitchen.")
    scorer.get_by_role("button", name="Declare it").click()
    expect(scorer.get_by_text("you declared a conflict of interest and do not score it")).to_be_visible()
    scorer.goto(option_url)  # no link to it any more: asked for directly, it is refused
    expect(scorer.get_by_text("so you do not score it")).to_be_visible()
    expect(scorer.get_by_role("button", name="Save my scores")).to_have_count(0)
    check_page(scorer, "fund-scoring-conflict", phone=True)
    with pytest.raises(ValidationError, match="declared a conflict of interest"):
        scoring.submit_scores(option=option, user=panel_member, values=dict.fromkeys(criteria_ids(option), 3))
    assert not Score.objects.filter(option=option).exists()
    scorer.goto(scoring_url)
    scorer.locator("a[href^='/scoring/options/']").click()
    for label in ["Reduces loneliness", "Led by residents", "Value for money"]:
        scorer.get_by_label(re.compile(label)).fill("4")
    scorer.get_by_role("button", name="Save my scores").click()
    expect(scorer.get_by_text(re.compile("Your scores for .* are saved"))).to_be_visible()

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

    # Changing the round after it has opened: the budget cannot go below what is awarded.
    page.goto(f"{live_server.url}/staff/fund/{fund_round.pk}/")
    page.get_by_role("link", name="Change the round").click()
    check_page(page, "fund-round-edit", phone=True, shot=True)
    page.get_by_label("Total budget (£)").fill("150")
    page.get_by_role("button", name="Save the round").click()
    expect(page.get_by_role("alert")).to_contain_text("£200.00 has already been awarded from this round")
    expect(page.get_by_label("Total budget (£)")).to_have_value("150")
    check_page(page, "fund-round-edit-error", phone=True, shot=True)

    # Every application decided: the round's equality figures against the register.
    gardening = Application.objects.get(title="Gardening club")
    services.decide(application=gardening, award=None, reasons="Not this time.", actor=staff)
    page.goto(f"{live_server.url}/staff/fund/{fund_round.pk}/")
    expect(page.get_by_role("heading", name="By age band")).to_be_visible()
    check_page(page, "fund-manage-equality", phone=True, shot=True)

    page.goto(f"{live_server.url}/staff/fund/applications/{application.pk}/decide/")
    page.get_by_label("What the project did, and who it reached").fill("Forty lunches for 25 neighbours.")
    page.get_by_role("button", name="Mark the project complete").click()
    expect(page.get_by_text("Marked complete.")).to_be_visible()
    page.goto(f"{live_server.url}/fund/funded/")
    expect(page.get_by_role("heading", name="Tuesday lunch club")).to_be_visible()
    check_page(page, "fund-funded", phone=True, shot=True)
