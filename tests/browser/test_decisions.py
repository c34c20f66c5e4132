"""Decisions and the resident voice in the browser: staff record a decision and cite a resident's feedback, are
refused "ready for the Board" without how views were considered and what changed (each message by its field,
what was typed kept), complete it, publish it; the public list and page show it, and the resident whose
feedback it cites has exactly one email. Board members read it. Every page is scanned with axe at desktop and
320 px."""

import pytest
from playwright.sync_api import Page, expect

from engagement.decisions.models import Decision, DecisionStatus
from residents.models import OutboundEmail, Resident
from tests.factories import feedback_from

pytestmark = pytest.mark.browser

TITLE = "New repairs contractor for the north area"
CONSIDERED = "The Board read the repairs survey answers and the Spotlight report before choosing."
CHANGED = "The new contract asks for repairs within 5 working days, not 10."


def test_staff_record_and_publish_a_decision(
    page: Page, live_server, sign_in, check_page, resident, staff, board, other_browser
):
    feedback = feedback_from(Resident.objects.get(user=resident))
    sign_in(page, staff, mfa=True)
    page.goto(f"{live_server.url}/staff/")
    page.get_by_role("link", name="Record a decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decisions")
    check_page(page, "decisions-staff-empty", phone=True)
    page.get_by_role("link", name="Record a decision").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Record a decision")
    check_page(page, "decision-create", phone=True, shot=True)
    page.get_by_label("Kind of decision").select_option(label="Contractor choice")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Summary").fill("We chose Northgate Repairs for the north area from April.")
    page.get_by_label("Date of the decision").fill("2026-11-20")
    page.get_by_label("Decided by").fill("The Board")
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_role("status")).to_contain_text("The draft is saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.get_by_label("Kind of input").select_option(label="Feedback item")
    page.get_by_label("Its reference or number").fill("FB-999999")
    page.get_by_role("button", name="Cite it").click()
    expect(page.get_by_role("alert")).to_contain_text("We could not find feedback item FB-999999")
    expect(page.get_by_label("Its reference or number")).to_have_value("FB-999999")
    check_page(page, "decision-cite-error", phone=True)
    page.get_by_label("Its reference or number").fill(feedback.reference)
    page.get_by_role("button", name="Cite it").click()

    expect(page.get_by_role("status")).to_contain_text("The input is cited.")
    inputs = page.get_by_role("region", name="Resident input that informed it")
    expect(inputs).to_contain_text(feedback.reference)
    expect(inputs).to_contain_text("1 resident gave this input.")
    check_page(page, "decision-draft", phone=True, shot=True)

    # Ready for the Board without the two sections: refused, each message by its field.
    page.get_by_role("link", name="Change it or mark it ready for the Board").click()
    page.get_by_label("Summary").fill("We chose Northgate Repairs for the north area from 1 April.")
    page.get_by_role("button", name="Save and mark ready for the Board").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.locator("#error_1_id_how_considered")).to_contain_text("Write how residents' views were considered")
    expect(page.locator("#error_1_id_what_changed")).to_contain_text("Write what changed")
    expect(page.get_by_label("Summary")).to_have_value("We chose Northgate Repairs for the north area from 1 April.")
    check_page(page, "decision-ready-refused", phone=True, shot=True)
    assert Decision.objects.get().status == DecisionStatus.DRAFT

    page.get_by_label("How residents' views were considered").fill(CONSIDERED)
    page.get_by_label("What changed because of them").fill(CHANGED)
    page.get_by_role("button", name="Save and mark ready for the Board").click()
    expect(page.get_by_role("status")).to_contain_text("It is ready for the Board.")
    check_page(page, "decision-ready", phone=True)

    # A Board member reads it, and cannot change it.
    reader = other_browser()
    sign_in(reader, board, mfa=True)
    reader.goto(f"{live_server.url}/board/")
    reader.get_by_role("link", name="Decisions ready for the Board and published").click()
    reader.get_by_role("link", name=TITLE).click()
    expect(reader.get_by_role("main")).to_contain_text(CONSIDERED)
    expect(reader.get_by_role("button", name="Publish it")).to_have_count(0)
    check_page(reader, "decision-board", phone=True)

    page.get_by_role("button", name="Publish it").click()
    expect(page.get_by_role("status")).to_contain_text("It is published. We are emailing 1 resident")
    check_page(page, "decision-published", phone=True)

    # The public: from the performance page to the list and the decision.
    visitor = other_browser()
    visitor.goto(f"{live_server.url}/performance/")
    visitor.get_by_role("link", name="Decisions we have made").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Decisions")
    card = visitor.get_by_role("listitem").filter(has=visitor.get_by_role("link", name=TITLE))
    expect(card).to_contain_text("Contractor choice. Decided by The Board on 20 November 2026.")
    expect(card).to_contain_text("Informed by 1 piece of resident input.")
    check_page(visitor, "decisions-public-list", phone=True, shot=True)
    visitor.get_by_role("link", name=TITLE).click()
    main = visitor.get_by_role("main")
    expect(main).to_contain_text(CONSIDERED)
    expect(main).to_contain_text(CHANGED)
    expect(main).to_contain_text("1 feedback item")
    expect(main).not_to_contain_text(feedback.reference)
    expect(main).not_to_contain_text("Amina")
    check_page(visitor, "decision-public", phone=True, shot=True)

    emails = OutboundEmail.objects.filter(subject=f"A decision you helped shape: {TITLE}")
    assert list(emails.values_list("to", flat=True)) == ["resident@example.org"]
