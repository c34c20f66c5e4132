"""Staff read a closed survey's results by ethnicity within one tenure, and an open one's, where the breakdown
waits for the close. Each page gets an axe scan."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from residents.models import Ethnicity, Tenure

from ..factories import ResidentFactory
from ..surveys.fixtures import publish_for
from ..surveys.results_data import choice, respond, satisfaction_survey

pytestmark = pytest.mark.browser


def test_staff_see_ethnicity_results_rounded_once_closed_and_a_plain_message_while_open(
    page, live_server, sign_in, check_page, staff
):
    closed, rating, _, _ = satisfaction_survey(title="Closed survey")
    publish_for(closed, ResidentFactory(), opens_at=timezone.now() - timedelta(days=30))
    closed.closes_at = timezone.now() - timedelta(days=1)
    closed.save(update_fields=["closes_at"])
    respond(closed, {rating: choice(rating, "Very satisfied")}, times=21, ethnicity=Ethnicity.WHITE, tenure=Tenure.LCRA)
    respond(closed, {rating: choice(rating, "Neither")}, times=3, ethnicity=Ethnicity.ASIAN, tenure=Tenure.LCRA)
    still_open, rating_open, _, _ = satisfaction_survey(title="Open survey")
    publish_for(still_open, ResidentFactory())
    respond(still_open, {rating_open: choice(rating_open, "Neither")}, times=9, ethnicity=Ethnicity.WHITE)

    sign_in(page, staff, mfa=True)
    page.goto(f"{live_server.url}/staff/surveys/{closed.pk}/results/")
    page.get_by_label("Split each question by").select_option(label="Ethnicity")
    page.get_by_label("Only people with the tenure").select_option(label="Low-cost rental")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name=re.compile("By ethnicity"))).to_be_visible()
    expect(page.get_by_text("rounded to the nearest 5").first).to_be_visible()
    expect(page.get_by_role("cell", name="not shown").first).to_be_visible()
    check_page(page, "survey-results-by-ethnicity", phone=True)

    page.goto(f"{live_server.url}/staff/surveys/{still_open.pk}/results/?by=ethnicity")
    expect(page.get_by_text("Results by ethnicity are shown once the survey has closed")).to_be_visible()
    check_page(page, "survey-results-by-ethnicity-open")
