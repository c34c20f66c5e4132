"""The outcomes framework in the browser: the Board follows the link from its dashboard to the four outcomes and one
outcome's page; staff add an indicator (a bad target first) and answer a staff pulse survey. Each page gets an axe
scan at desktop width and at 320 px."""

import re

import pytest
from playwright.sync_api import expect

from engagement.outcomes.models import OutcomeIndicator

from ..engagement.outcomes_data import build_outcomes_world
from ..surveys.fixtures import build_staff_survey, publish_to_staff

pytestmark = pytest.mark.browser


def test_the_board_reads_the_outcomes_from_its_dashboard(page, live_server, sign_in, check_page, board, staff):
    build_outcomes_world(staff)
    OutcomeIndicator.objects.create(outcome="relationships", indicator="updates_published", target=2)
    OutcomeIndicator.objects.create(outcome="relationships", indicator="staff_pulse", target=70)
    sign_in(page, board, mfa=True)
    page.goto(f"{live_server.url}/board/")
    page.get_by_role("link", name=re.compile(r"^Outcomes framework")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Outcomes framework")
    expect(page.get_by_text("Gardening club (draft)")).to_be_visible()
    check_page(page, "outcomes-list", phone=True)

    page.get_by_role("link", name="Stronger relationships").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stronger relationships")
    expect(page.get_by_role("row", name=re.compile(r"^Repairs panel"))).to_be_visible()
    expect(page.get_by_role("link", name="Add an indicator")).to_have_count(0)
    check_page(page, "outcome-detail", phone=True)


def test_staff_choose_an_indicator_and_answer_the_staff_pulse(page, live_server, sign_in, check_page, staff):
    publish_to_staff(build_staff_survey(title="Staff pulse, December"), staff)
    sign_in(page, staff, mfa=True)
    page.goto(f"{live_server.url}/outcomes/staff_wellbeing/")
    check_page(page, "outcome-detail-staff", phone=True)
    page.get_by_role("link", name="Add an indicator").click()
    check_page(page, "indicator-form", phone=True)
    page.get_by_label("Indicator").select_option(label="Staff pulse score")
    page.get_by_label("Target").fill("120")
    page.get_by_role("button", name="Add the indicator").click()
    expect(page.get_by_text("This indicator is a percentage: enter a target from 0 to 100.").first).to_be_visible()
    check_page(page, "indicator-form-error", phone=True)
    page.get_by_label("Target").fill("70")
    page.get_by_role("button", name="Add the indicator").click()
    expect(page.get_by_role("row", name=re.compile(r"^Staff pulse score")).first).to_be_visible()

    page.goto(f"{live_server.url}/staff/my-surveys/")
    check_page(page, "my-staff-surveys", phone=True)
    page.get_by_role("link", name="Staff pulse, December").click()
    check_page(page, "staff-survey-answer", phone=True)
    expect(page.get_by_role("button", name="Save and finish later")).to_have_count(0)
    page.get_by_label("Fairly satisfied").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    check_page(page, "staff-survey-thanks")
