"""Staff build a survey with a follow-up question and preview it; a resident opens the link from their email
without signing in, sees the follow-up only when it applies, gets the error next to the question they missed,
and sends their answers. Each page gets an axe scan, and the answer form at 320 px as well."""

import re

import pytest
from playwright.sync_api import Page, expect

from surveys.models import Answer, Response, Survey

from ..surveys.fixtures import publish_for

pytestmark = pytest.mark.browser
QUESTION = re.compile(r"Question\*")  # "Kind of question*" has a small q


def build_in_the_browser(page: Page, live_server, check_page) -> Survey:
    page.goto(f"{live_server.url}/staff/")
    page.get_by_role("link", name="Build and send a survey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Surveys")
    check_page(page, "survey-list")
    page.get_by_role("link", name="Build a new survey").click()

    check_page(page, "survey-create", phone=True)
    page.get_by_label("Title").fill("Your new kitchen")
    page.get_by_label("Kind of survey").select_option(label="Transactional (after a service)")
    page.get_by_label("Anonymity").select_option(label="Confidential")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Survey saved as a draft.")).to_be_visible()
    check_page(page, "survey-detail-empty")

    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Kind of question").select_option(label="Rating scale")
    page.get_by_label(QUESTION).fill("How satisfied are you with your new kitchen?")
    page.get_by_role("button", name="Save and add another").click()
    # A rating question needs its scale: the error is next to the field and in the summary, the text is kept.
    expect(page.get_by_role("alert")).to_contain_text("Choose the scale residents answer on.")
    expect(page.get_by_label(QUESTION)).to_have_value("How satisfied are you with your new kitchen?")
    check_page(page, "question-form-error", phone=True)
    page.get_by_label("Scale").select_option(label="Very satisfied ... very dissatisfied")
    page.get_by_role("button", name="Save and add another").click()

    expect(page.get_by_text("Question added.")).to_be_visible()
    page.get_by_label("Kind of question").select_option(label="Multiple choice")
    page.get_by_label(QUESTION).fill("What should we have done better?")
    page.get_by_label("Options").fill("Kept me informed\nCleaned up\nFinished on time")
    page.get_by_label("Only ask when an earlier answer was (optional)").select_option(
        label="Question 1: Very dissatisfied"
    )
    page.get_by_role("button", name="Save question").click()

    expect(page.get_by_role("heading", name="2. What should we have done better?")).to_be_visible()
    expect(page.get_by_text("Asked only when the answer to question 1 was “Very dissatisfied”.")).to_be_visible()
    check_page(page, "survey-detail", phone=True)
    page.get_by_role("link", name="Preview as a resident").click()
    expect(page.get_by_text("This is a preview")).to_be_visible()
    check_page(page, "survey-preview")
    return Survey.objects.get(title="Your new kitchen")


def test_staff_build_a_survey_and_a_resident_answers_from_the_email_link(
    page, live_server, sign_in, check_page, staff, resident, other_browser
):
    sign_in(page, staff, mfa=True)
    survey = build_in_the_browser(page, live_server, check_page)
    [invitation] = publish_for(survey, resident.resident)

    visitor = other_browser()
    visitor.goto(f"{live_server.url}/s/{invitation.token}/")
    expect(visitor).to_have_url(re.compile(rf"/surveys/{survey.pk}/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Your new kitchen")
    expect(visitor.get_by_text(survey.anonymity_promise)).to_be_visible()

    follow_up = visitor.get_by_role("group", name=re.compile("What should we have done better"))
    expect(follow_up).to_be_hidden()
    rating = visitor.get_by_role("group", name=re.compile("How satisfied are you with your new kitchen"))
    rating.get_by_label("Very dissatisfied").check()
    expect(follow_up).to_be_visible()
    check_page(visitor, "survey-answer", phone=True, shot=True)

    visitor.get_by_role("button", name="Send my answers").click()
    expect(visitor.get_by_role("alert")).to_contain_text("Choose at least one option.")
    expect(visitor.get_by_role("alert")).to_be_focused()  # keyboard users start from the list of problems
    check_page(visitor, "survey-answer-error", phone=True)
    expect(rating.get_by_label("Very dissatisfied")).to_be_checked()

    follow_up.get_by_label("Finished on time").check()
    visitor.get_by_role("button", name="Send my answers").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Thank you")
    check_page(visitor, "survey-thanks")

    response = Response.objects.get(survey=survey)
    assert sorted(Answer.objects.filter(response=response).values_list("choice__label", flat=True)) == [
        "Finished on time",
        "Very dissatisfied",
    ]
