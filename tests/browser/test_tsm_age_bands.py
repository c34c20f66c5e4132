"""Staff read a closed Tenant Satisfaction Measures year's responses by age band, rounded, publish them, and are
told plainly why its closing day cannot move. Each page gets an axe scan."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from residents.models import AgeBand, Tenure
from surveys.services import tsm

from ..factories import HomeFactory, ResidentFactory
from ..surveys.fixtures import publish_for
from ..surveys.results_data import choice, respond

pytestmark = pytest.mark.browser
YEAR = 2025


def test_staff_see_age_bands_rounded_once_the_year_is_closed_and_cannot_reopen_it(
    page, live_server, sign_in, check_page, staff, other_browser
):
    survey = tsm.create_tsm_survey(reporting_year=YEAR, actor=staff)
    now = timezone.now()
    publish_for(survey, ResidentFactory(), opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1))
    tp01 = survey.questions.get(code="TP01")
    for band, people in ((AgeBand.AGE_45, 21), (AgeBand.AGE_65, 3), (AgeBand.AGE_75, 9)):
        respond(
            survey,
            {tp01: choice(tp01, "Very satisfied")},
            times=people,
            homes=HomeFactory.create_batch(people, tenure=Tenure.LCRA),
            counted_year=YEAR,
            tenure=Tenure.LCRA,
            age_band=band,
        )

    sign_in(page, staff, mfa=True)
    page.goto(f"{live_server.url}/staff/tsm/{YEAR}/")
    expect(page.get_by_text(re.compile(r"Responses by age band.*\(rounded to the nearest 5\)"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^45 to 54 20 "))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^65 to 74 fewer than 5 "))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^75 or over not shown "))).to_be_visible()
    check_page(page, "tsm-results-closed", phone=True)
    page.get_by_role("button", name=re.compile("^Publish")).click()

    public = other_browser()
    public.goto(f"{live_server.url}/performance/")
    expect(public.get_by_role("row", name=re.compile(r"^45 to 54 20 "))).to_be_visible()
    check_page(public, "performance-closed", phone=True)

    page.goto(f"{live_server.url}/staff/surveys/{survey.pk}/settings/")
    later = timezone.localdate() + timedelta(days=30)
    page.get_by_label("Closes on").fill(later.isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_label("Closes on")).to_have_value(later.isoformat())
    expect(page.get_by_text(re.compile("so its closing day cannot change")).first).to_be_visible()
    check_page(page, "survey-settings-closed", phone=True)
