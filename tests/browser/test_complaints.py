"""A resident's complaint through both stages of the Complaint Handling Code: staff acknowledge stage 1, extend
it with a reason, send the response; the resident asks for stage 2, which must go to someone else (the page says
so when it does not); the stage 2 handler acknowledges and responds. Each person has their own browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from residents.models import ComplaintStage, Feedback, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

COMPLAINT = (
    "I have asked three times for a call back about the entry door to Alder House and nobody has phoned me. "
    "I want to make a formal complaint about how this has been handled."
)
EXTENSION_REASON = "We are waiting for the door contractor's report on the three visits."
STAGE_1_RESPONSE = (
    "We are sorry. Your calls were logged but not passed to the repairs team. We have fixed the door and "
    "retrained the contact centre team."
)
STAGE_2_RESPONSE = (
    "We have reviewed stage 1 again. We uphold your complaint and offer you £50 for the time and trouble."
)
SAME_HANDLER_ERROR = "Stage 2 must be handled by someone other than the stage 1 handler."


@pytest.fixture
def stage_2_handler(db):
    return UserFactory(email="priya@example.org", full_name="Priya Patel", role=Role.STAFF, mfa=True)


def history_entries(page: Page):
    return page.get_by_role("heading", name="History").locator("xpath=following-sibling::ol[1]").get_by_role("listitem")


def stage_section(page: Page, stage: str):
    """The resident's page: the list under a stage's heading ("Stage 1")."""
    return page.get_by_role("heading", name=stage, exact=True).locator("xpath=following-sibling::ul[1]")


def test_complaint_goes_through_both_stages_with_a_different_stage_2_handler(
    page, live_server, sign_in, check_page, resident, staff, stage_2_handler, other_browser
):
    # The resident makes a complaint.
    sign_in(page, resident)
    page.get_by_role("link", name="Tell us something").click()
    page.get_by_role("group", name="What kind of feedback is it?").get_by_label("Complaint").check()
    page.get_by_role("group", name="What is it about?").get_by_label("How we keep in touch").check()
    page.get_by_role("group", name="Where is it?").get_by_label("My block or street").check()
    page.get_by_label("What do you want to tell us?").fill(COMPLAINT)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"Your reference is FB-\d{6}\."))
    feedback = Feedback.objects.get()
    reference = feedback.reference
    expect(page.get_by_role("heading", name="Your complaint")).to_be_visible()
    expect(stage_section(page, "Stage 1")).to_contain_text("We will acknowledge your complaint by")
    check_page(page, "complaint-sent", phone=True, shot=True)

    # Staff acknowledge stage 1 from the queue.
    staff_page = other_browser()
    sign_in(staff_page, staff, mfa=True)
    staff_page.get_by_role("navigation", name="Main").get_by_role("link", name="Feedback").click()
    staff_page.get_by_label("Kind").select_option(label="Complaint")
    staff_page.get_by_role("button", name="Show feedback").click()
    expect(staff_page.get_by_text("1 item matches.")).to_be_visible()
    check_page(staff_page, "queue-complaints")
    staff_page.get_by_role("link", name=reference).click()

    expect(staff_page.get_by_role("heading", level=1)).to_have_text(f"Feedback {reference}")
    complaint = staff_page.get_by_role("region", name="Complaint")
    expect(complaint).to_contain_text("Nobody yet: whoever acknowledges it")
    check_page(staff_page, "complaint-item-new", phone=True, shot=True)
    staff_page.get_by_role("button", name="Acknowledge stage 1").click()
    expect(staff_page.get_by_role("status")).to_contain_text(
        re.compile(r"Stage 1 acknowledged\. The response is due by \w+day \d{1,2} \w+ \d{4}\.")
    )
    expect(complaint).to_contain_text("Sam Staff")
    expect(staff_page.get_by_role("button", name="Acknowledge stage 1")).to_have_count(0)

    # More time, with the reason (the resident is written to).
    staff_page.get_by_label("Extra working days").fill("5")
    staff_page.get_by_label("Reason for the extension").fill(EXTENSION_REASON)
    staff_page.get_by_role("button", name="Extend and tell the resident").click()
    expect(staff_page.get_by_role("status")).to_contain_text(
        "Stage 1 extended by 5 working days. The response is now due by"
    )
    expect(complaint).to_contain_text(f"5 working days. Reason: {EXTENSION_REASON}")
    expect(complaint).to_contain_text("5 working days of extension left for this stage.")

    # The stage 1 response.
    staff_page.get_by_label("Our response to the complaint").fill(STAGE_1_RESPONSE)
    staff_page.get_by_role("button", name="Send the response").click()
    expect(staff_page.get_by_role("status")).to_contain_text("Stage 1 response sent to the resident.")
    expect(staff_page.get_by_role("button", name="Send the response")).to_have_count(0)
    check_page(staff_page, "complaint-item-stage-1-done", phone=True)

    # The resident reads the response and the way to stage 2.
    page.reload()
    expect(page.get_by_role("article").filter(has_text=STAGE_1_RESPONSE)).to_be_visible()
    expect(page.get_by_role("article").filter(has_text=EXTENSION_REASON)).to_be_visible()
    expect(stage_section(page, "Stage 1")).to_contain_text("We sent our response on")
    expect(stage_section(page, "Stage 1")).to_contain_text("We needed 5 more working days and wrote to you to say why.")
    expect(page.get_by_text("someone who has not dealt with it before will look at it again")).to_be_visible()
    check_page(page, "complaint-stage-1-response", phone=True)

    # The resident asks for stage 2. Choosing the stage 1 handler again is refused, clearly.
    handler = staff_page.get_by_label("Who handles stage 2")
    handler.select_option(label="Sam Staff")
    staff_page.get_by_role("button", name="Escalate to stage 2").click()
    expect(staff_page).to_have_title(re.compile(r"^Error: "))
    summary = staff_page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link", name=SAME_HANDLER_ERROR)).to_have_attribute("href", "#escalate-form")
    expect(staff_page.locator("#escalate-form")).to_contain_text(SAME_HANDLER_ERROR)
    expect(handler).to_have_value(str(staff.pk))  # what was chosen is kept
    check_page(staff_page, "complaint-escalate-same-handler", phone=True, shot=True)
    assert not ComplaintStage.objects.filter(feedback=feedback, stage=2).exists()

    handler.select_option(label="Priya Patel")
    staff_page.get_by_role("button", name="Escalate to stage 2").click()
    expect(staff_page.get_by_role("status")).to_contain_text(
        re.compile(r"Escalated to stage 2, handled by Priya Patel\. Acknowledge by \w+day \d{1,2} \w+ \d{4}\.")
    )
    expect(staff_page.get_by_role("alert")).to_have_count(0)
    expect(staff_page.get_by_role("heading", name="Stage 2", exact=True)).to_be_visible()
    expect(staff_page.get_by_role("button", name="Escalate to stage 2")).to_have_count(0)

    # The stage 2 handler finds it assigned to them, acknowledges and responds.
    handler_page = other_browser()
    sign_in(handler_page, stage_2_handler, mfa=True)
    handler_page.get_by_role("navigation", name="Main").get_by_role("link", name="Feedback").click()
    handler_page.get_by_label("Assigned to").select_option(label="Me")
    handler_page.get_by_role("button", name="Show feedback").click()
    expect(handler_page.get_by_role("row", name=re.compile(reference))).to_contain_text("Being dealt with")
    handler_page.get_by_role("link", name=reference).click()
    expect(handler_page.get_by_role("heading", level=1)).to_have_text(f"Feedback {reference}")
    check_page(handler_page, "complaint-item-stage-2", phone=True)
    handler_page.get_by_role("button", name="Acknowledge stage 2").click()
    expect(handler_page.get_by_role("status")).to_contain_text("Stage 2 acknowledged.")
    handler_page.get_by_label("Our response to the complaint").fill(STAGE_2_RESPONSE)
    handler_page.get_by_role("button", name="Send the response").click()
    expect(handler_page.get_by_role("status")).to_contain_text("Stage 2 response sent to the resident.")

    # The history has every step, in order, with who did it.
    entries = history_entries(handler_page)
    steps = [
        ("Received", "Logged by the resident", "Amina Okafor"),
        ("Complaint", "Stage 1 acknowledged", "Sam Staff"),
        ("Complaint", f"Stage 1 extended by 5 working days: {EXTENSION_REASON}", "Sam Staff"),
        ("Reply to the resident", EXTENSION_REASON, "Sam Staff"),
        ("Complaint", "Stage 1 response sent", "Sam Staff"),
        ("Reply to the resident", STAGE_1_RESPONSE, "Sam Staff"),
        ("Complaint", "Escalated to stage 2, handled by Priya Patel", "Sam Staff"),
        ("Complaint", "Stage 2 acknowledged", "Priya Patel"),
        ("Complaint", "Stage 2 response sent", "Priya Patel"),
        ("Reply to the resident", STAGE_2_RESPONSE, "Priya Patel"),
    ]
    texts = entries.all_inner_texts()
    positions = []
    for title, text, who in steps:
        found = [i for i, entry in enumerate(texts) if entry.startswith(title) and text in entry and who in entry]
        assert found, f"No history entry {title!r} / {text!r} by {who} in:\n" + "\n".join(texts)
        positions.append(found[0])
    assert positions == sorted(positions), "\n".join(texts)
    check_page(handler_page, "complaint-item-stage-2-done", phone=True, shot=True)

    # The resident sees both responses and that this is the final one; staff names never appear.
    page.reload()
    replies = page.get_by_role("article")
    expect(replies).to_have_count(3)
    expect(replies.filter(has_text=STAGE_2_RESPONSE)).to_be_visible()
    expect(replies.filter(has_text=STAGE_1_RESPONSE)).to_be_visible()
    for stage in ("Stage 1", "Stage 2"):
        expect(stage_section(page, stage)).to_contain_text("We acknowledged your complaint on")
        expect(stage_section(page, stage)).to_contain_text("We sent our response on")
    expect(page.get_by_text("This is our final response.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Responded")
    body = page.locator("body").inner_text()
    assert "Sam Staff" not in body and "Priya Patel" not in body
    check_page(page, "complaint-final-response", phone=True, shot=True)
