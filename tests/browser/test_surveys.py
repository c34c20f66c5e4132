"""Staff build a survey with a follow-up question and preview it; a resident opens the link from their email
without signing in, sees the follow-up only when it applies, gets the error next to the question they missed,
and sends their answers. Each page gets an axe scan, and the answer form at 320 px as well."""

import re

import pytest
from playwright.sync_api import Page, expect

from residents.models import OutboundEmail, Preferences
from surveys.models import Answer, Invitation, Response, Survey
from surveys.services.invitations import send_survey_invitations

from ..factories import ResidentFactory
from ..surveys.fixtures import build_survey, publish_for

pytestmark = pytest.mark.browser
QUESTION = re.compile(r"^\s*Question\s*$")  # not "Kind of question"


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


def link_in_email(invitation: Invitation, path: str) -> str:
    """The link of this kind in the invitation email as queued for the resident (what they would click)."""
    body = OutboundEmail.objects.get(key=f"survey-invite:{invitation.pk}").body
    return re.search(rf"https?://\S+/{path}/\S+/", body).group(0)


def test_staff_publish_to_a_neighbourhood_a_resident_answers_from_the_email_and_staff_read_the_results(
    page, live_server, sign_in, check_page, staff, resident, other_browser, settings
):
    settings.SITE_URL = live_server.url
    ResidentFactory(home=resident.resident.home, first_name="Doreen", last_name="Marsh", email="")
    survey = build_survey(title="Your new repairs service")
    sign_in(page, staff, mfa=True)
    page.goto(f"{live_server.url}/staff/surveys/{survey.pk}/")
    page.get_by_role("link", name="Choose who is asked").click()
    check_page(page, "survey-audience", phone=True)
    page.get_by_label("Chosen neighbourhoods").check()
    page.get_by_label("Millfield").check()
    page.get_by_role("button", name="Save and check the numbers").click()

    page.goto(f"{live_server.url}/staff/surveys/{survey.pk}/publish/")
    expect(page.get_by_text("2 residents: 1 by email and 1 by phone or paper")).to_be_visible()
    check_page(page, "survey-publish", phone=True)
    page.get_by_role("button", name="Publish and send invitations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sending: Your new repairs service")
    check_page(page, "survey-progress")
    page.get_by_role("link", name="Residents to phone or write to").first.click()
    expect(page.get_by_role("cell", name=re.compile("Doreen Marsh"))).to_be_visible()
    check_page(page, "survey-offline", phone=True)

    send_survey_invitations(survey_id=survey.pk)  # what the worker does once the survey is published
    invitation = Invitation.objects.get(survey=survey, resident=resident.resident)
    visitor = other_browser()
    visitor.goto(link_in_email(invitation, "s"))
    rating = visitor.get_by_role("group", name=re.compile("How satisfied are you"))
    rating.get_by_label("Fairly satisfied").check()
    visitor.get_by_label(re.compile("Anything else you want to tell us")).fill("Please answer the phone sooner.")
    visitor.get_by_role("button", name="Send my answers").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Thank you")

    page.goto(f"{live_server.url}/staff/surveys/{survey.pk}/")
    page.get_by_role("link", name="Results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results: Your new repairs service")
    expect(page.get_by_role("row", name=re.compile("Fairly satisfied 1 100"))).to_be_visible()
    check_page(page, "survey-results", phone=True, shot=True)
    page.get_by_label("Split each question by").select_option(label="Tenure")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("fewer than 5").first).to_be_visible()
    check_page(page, "survey-results-by-tenure")
    page.get_by_role("link", name=re.compile("written answers", re.I)).first.click()
    expect(page.get_by_text("Please answer the phone sooner.")).to_be_visible()
    check_page(page, "survey-written-answers")

    # Close the loop: a "You said, we did" citing the survey, which tells those who answered when published.
    page.goto(f"{live_server.url}/staff/surveys/{survey.pk}/results/")
    page.get_by_role("button", name="Tell residents what we did about it").click()
    expect(page.get_by_text("Survey: Your new repairs service")).to_be_visible()
    check_page(page, "survey-you-said-we-did-draft")

    # The opt-out link in the same email works at once, without signing in.
    visitor.goto(link_in_email(invitation, "surveys/opt-out"))
    check_page(visitor, "survey-opt-out")
    visitor.get_by_role("button", name="Stop sending me surveys").click()
    check_page(visitor, "survey-opt-out-done")
    assert Preferences.objects.get(resident=resident.resident).survey_opt_out


def answer_every_question_shown(page: Page) -> None:
    """Choose the first option of each question on show, top to bottom: a filter answered "Yes" brings its
    follow-up questions into view before the loop reaches them."""
    groups = page.locator(".survey-question")
    for index in range(groups.count()):
        question = groups.nth(index)
        if question.is_visible():
            question.get_by_role("radio").first.check()


def test_the_tenant_satisfaction_survey_end_to_end(
    page, live_server, sign_in, check_page, staff, resident, other_browser, settings
):
    settings.SITE_URL = live_server.url
    sign_in(page, staff, mfa=True)
    page.goto(f"{live_server.url}/staff/surveys/")
    page.get_by_role("link", name="Tenant Satisfaction Measures survey").click()
    check_page(page, "tsm-create")
    page.get_by_role("button", name="Make the survey").click()
    expect(page.get_by_text("The wording of this survey is set by the regulator")).to_be_visible()
    expect(page.get_by_role("link", name="Add a question")).to_have_count(0)
    check_page(page, "tsm-detail")
    survey = Survey.objects.get(kind="tsm")

    page.get_by_role("link", name="Choose who is asked").click()
    page.get_by_label("Everyone", exact=True).check()
    page.get_by_role("button", name="Save and check the numbers").click()
    page.goto(f"{live_server.url}/staff/surveys/{survey.pk}/publish/")
    page.get_by_role("button", name="Publish and send invitations").click()
    send_survey_invitations(survey_id=survey.pk)

    invitation = Invitation.objects.get(survey=survey, resident=resident.resident)
    visitor = other_browser()
    visitor.goto(link_in_email(invitation, "s"))
    expect(visitor.get_by_text(re.compile("Taking everything into account"))).to_be_visible()
    check_page(visitor, "tsm-answer", phone=True)
    answer_every_question_shown(visitor)
    visitor.get_by_role("button", name="Send my answers").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert Response.objects.get(survey=survey).counted_year == survey.reporting_year

    page.goto(f"{live_server.url}/staff/tsm/{survey.reporting_year}/")
    expect(page.get_by_role("row", name=re.compile(r"^TP01 Overall satisfaction 100\.0% 1 ")).first).to_be_visible()
    check_page(page, "tsm-results", phone=True, shot=True)
    page.goto(f"{live_server.url}/staff/tsm/{survey.reporting_year}/approach/")
    check_page(page, "tsm-approach")
    page.get_by_role("button", name="Save").click()
    page.goto(f"{live_server.url}/staff/tsm/{survey.reporting_year}/")
    page.get_by_role("button", name=re.compile("^Publish")).click()

    public = other_browser()
    public.goto(f"{live_server.url}/performance/")
    expect(public.get_by_role("heading", level=1)).to_have_text("How we are doing")
    expect(public.get_by_text("TP01").first).to_be_visible()
    check_page(public, "performance", phone=True, shot=True)


def test_staff_delete_a_draft_they_no_longer_need(page, live_server, sign_in, check_page, staff):
    survey = build_survey(title="Started by mistake")
    sign_in(page, staff, mfa=True)
    page.goto(f"{live_server.url}/staff/surveys/{survey.pk}/")
    page.get_by_role("link", name="Delete this draft").click()
    check_page(page, "survey-delete", phone=True)
    page.get_by_role("button", name="Delete the draft").click()
    expect(page.get_by_text("The draft “Started by mistake” is deleted.")).to_be_visible()
    assert not Survey.objects.filter(pk=survey.pk).exists()


def test_staff_are_told_what_to_fill_in_filter_the_list_and_cannot_publish_to_nobody(
    page, live_server, sign_in, check_page, staff, resident
):
    Preferences.objects.update_or_create(resident=resident.resident, defaults={"survey_opt_out": True})
    survey = build_survey(title="Your views on the bins")
    sign_in(page, staff, mfa=True)
    page.goto(f"{live_server.url}/staff/surveys/new/")
    page.get_by_label("Introduction").fill("We are changing the collection days.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the survey's title: residents see it first.")
    expect(page.get_by_label("Introduction")).to_have_value("We are changing the collection days.")
    check_page(page, "survey-create-error")

    page.goto(f"{live_server.url}/staff/surveys/")
    page.get_by_label("Status").select_option(label="Draft")
    page.get_by_label("Kind of survey").select_option(label="Satisfaction")
    page.get_by_role("button", name="Show surveys").click()
    expect(page.get_by_role("link", name="Your views on the bins")).to_be_visible()
    check_page(page, "survey-list-filtered", phone=True)

    page.goto(f"{live_server.url}/staff/surveys/{survey.pk}/publish/")
    expect(page.get_by_text("Nobody would be invited").first).to_be_visible()
    page.get_by_role("button", name="Publish and send invitations").click()
    expect(page.get_by_role("alert")).to_contain_text("Nobody would be invited")
    check_page(page, "survey-publish-nobody", phone=True)
    survey.refresh_from_db()
    assert survey.is_draft


def test_a_resident_signed_in_opening_someone_elses_link_is_told_so(
    page, live_server, sign_in, check_page, resident, other_resident
):
    survey = build_survey(title="Your new kitchen")
    [invitation] = publish_for(survey, resident.resident)
    sign_in(page, other_resident)
    page.goto(f"{live_server.url}/s/{invitation.token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation was sent to someone else")
    expect(page.get_by_text("You are signed in as Piotr Nowak")).to_be_visible()
    check_page(page, "survey-answer-not-yours", phone=True)
    assert not Response.objects.exists()
