"""A linked resident tells us how to contact them and what helps them take part, and answers (then deletes)
the optional equality questions."""

import pytest
from playwright.sync_api import expect

from residents.models import EqualityMonitoring, Preferences

pytestmark = pytest.mark.browser


def test_resident_saves_preferences_and_sees_them_on_their_home_page(page, live_server, sign_in, check_page, resident):
    sign_in(page, resident)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Amina")
    check_page(page, "resident-home-before", phone=True)
    expect(page.get_by_text("You have not told us yet how you would like to be contacted.")).to_be_visible()

    page.get_by_role("link", name="Change my preferences").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My preferences")
    check_page(page, "preferences", phone=True, shot=True)

    contact = page.get_by_role("group", name="How would you like us to contact you?")
    contact.get_by_label("Email").check()
    contact.get_by_label("Text message").check()
    page.get_by_label("Preferred language").fill("Polish")
    helps = page.get_by_role("group", name="What would help you take part?")
    helps.get_by_label("Large print").check()
    helps.get_by_label("British Sign Language (BSL) interpreter").check()
    page.get_by_label("Anything else that would help").fill("Meetings after 4pm")
    involved = page.get_by_role("group", name="How would you like to get involved?")
    involved.get_by_label("Local: issues in my neighbourhood, walkabouts").check()
    page.get_by_role("button", name="Save my preferences").click()

    expect(page.get_by_text("Your preferences are saved.")).to_be_visible()
    expect(page.get_by_text("By email, text message.")).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Polish")
    expect(main).to_contain_text("Large print, British Sign Language (BSL) interpreter. Meetings after 4pm")
    expect(main).to_contain_text("Local: issues in my neighbourhood, walkabouts")
    check_page(page, "resident-home-preferences", phone=True, shot=True)

    preferences = Preferences.objects.get(resident__user=resident)
    assert preferences.contact_channels == ["email", "text"]
    assert preferences.accessibility_needs == ["large_print", "bsl"]
    assert preferences.involvement_interests == ["local"]

    # The form shows what was saved when it is opened again.
    page.get_by_role("link", name="Change my preferences").click()
    expect(
        page.get_by_role("group", name="How would you like us to contact you?").get_by_label("Email")
    ).to_be_checked()
    expect(page.get_by_label("Preferred language")).to_have_value("Polish")
    check_page(page, "preferences-saved")


def test_resident_answers_and_then_deletes_the_equality_questions(page, live_server, sign_in, check_page, resident):
    sign_in(page, resident)
    page.get_by_role("link", name="Answer the questions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About you (optional)")
    check_page(page, "equality", phone=True, shot=True)
    expect(page.get_by_role("button", name="Delete my answers")).to_have_count(0)

    page.get_by_role("group", name="Age").get_by_label("35 to 44").check()
    page.get_by_role("group", name="Sex").get_by_label("Prefer not to say").check()
    page.get_by_role("group", name="Ethnic group").get_by_label("Mixed or multiple ethnic groups").check()
    # Disability is left unanswered: every question is optional.
    page.get_by_role("button", name="Save my answers").click()

    expect(page.get_by_text("Thank you. Your answers are saved.")).to_be_visible()
    check_page(page, "resident-home-equality-saved")
    answers = EqualityMonitoring.objects.get(resident__user=resident)
    assert (answers.age_band, answers.sex, answers.ethnicity, answers.disability) == ("35-44", "not_said", "mixed", "")

    page.get_by_role("link", name="Change or delete my answers").click()
    expect(page.get_by_role("group", name="Age").get_by_label("35 to 44")).to_be_checked()
    check_page(page, "equality-saved", phone=True)
    page.get_by_role("button", name="Delete my answers").click()

    expect(page.get_by_text("Your equality monitoring answers are deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="Answer the questions")).to_be_visible()
    check_page(page, "resident-home-equality-deleted")
    assert not EqualityMonitoring.objects.filter(resident__user=resident).exists()
