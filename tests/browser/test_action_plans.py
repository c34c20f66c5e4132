"""Neighbourhood Action Plans in a browser, desktop and 320 px wide, with an axe scan on every page: staff start a
plan and add actions; a resident finds it on their home page, votes and comments (and suggests an action); staff
see the ranking and the comment, decide with a reason, note progress, mark the action done and turn it into a
"You said, we did" entry, published; the resident sees the decision, its reason and the entry, and is emailed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from community.models import ActionPlan, PlanComment, Vote
from residents.models import OutboundEmail, YouSaidWeDid
from residents.updates import services as updates

pytestmark = pytest.mark.browser

LIGHTS = "Brighter lights on the path"
BENCH = "A bench by the shops"


def card(page, title: str):
    """The action's card on the plan's page."""
    return page.locator("li.card", has=page.get_by_role("heading", name=title, exact=True))


def test_a_plan_with_resident_votes_and_a_done_action_published_as_you_said_we_did(
    page, live_server, sign_in, check_page, resident, staff, other_browser, walkabout_issue
):
    closes = (timezone.localdate() + timedelta(days=14)).isoformat()
    due = (timezone.localdate() + timedelta(days=30)).isoformat()

    # Staff start Millfield's plan and add two actions.
    sign_in(page, staff, mfa=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Community", exact=True).click()
    page.get_by_role("main").get_by_role("link", name="Neighbourhood Action Plans").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neighbourhood Action Plans")
    check_page(page, "plans-staff-list", phone=True)
    page.get_by_role("link", name="Start a new plan").click()
    check_page(page, "plan-create", phone=True)
    page.get_by_role("button", name="Save the plan").click()  # empty: errors summarised and beside the fields
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page, "plan-create-errors")
    page.get_by_label("Neighbourhood", exact=True).select_option(label="Millfield")
    page.get_by_label("Year the plan starts").fill("2026")
    page.get_by_label("Title", exact=True).fill("Millfield together")
    page.get_by_label("Shared with the neighbourhood").check()
    page.get_by_label("Votes each resident has").fill("2")
    page.get_by_label("Voting closes at the end of").fill(closes)
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Millfield together")
    for title in (LIGHTS, BENCH):
        page.get_by_role("link", name="Add an action").click()
        check_page(page, "action-create", phone=title == LIGHTS)
        page.get_by_label("Title", exact=True).fill(title)
        page.get_by_label("What will be done").fill(f"{title}, as residents asked on the walkabout.")
        page.get_by_label("Owner").fill("Estate services")
        page.get_by_label("Due date").fill(due)
        if title == LIGHTS:  # what prompted it: the issue found on Millfield's walkabout, ticked from the list
            page.get_by_label(f"Walkabout issue {walkabout_issue.feedback.reference}", exact=False).check()
        page.get_by_role("button", name="Add the action").click()
    check_page(page, "plan-manage", phone=True)
    plan = ActionPlan.objects.get()
    assert [link.source for link in plan.actions.get(title=LIGHTS).prompts.all()] == [walkabout_issue]

    # The resident finds the plan on their home page, votes and comments.
    home = other_browser()
    sign_in(home, resident)
    expect(home.get_by_role("heading", name="Your neighbourhood's action plan")).to_be_visible()
    check_page(home, "resident-home-with-plan", phone=True)
    home.get_by_role("link", name="See the plan and vote").click()
    expect(home.get_by_role("heading", level=1)).to_have_text("Millfield together")
    check_page(home, "plan-detail-resident", phone=True, shot=True)
    card(home, LIGHTS).get_by_role("button", name="Vote for this").click()
    expect(home.get_by_text(f"You voted for “{LIGHTS}”.")).to_be_visible()
    expect(home.get_by_text("You have 1 vote left.")).to_be_visible()
    card(home, BENCH).get_by_role("button", name="Vote for this").click()
    expect(home.get_by_text("You have 0 votes left.")).to_be_visible()
    card(home, BENCH).get_by_role("button", name="Take back my vote").click()
    expect(home.get_by_text("You have 1 vote left.")).to_be_visible()
    home.get_by_role("button", name="Add my comment").click()  # empty: the error is beside the field
    expect(home.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(home, "plan-comment-error")
    home.get_by_label("About").select_option(label=LIGHTS)
    home.get_by_label("Your comment").fill("The path is very dark after 4pm in winter.")
    home.get_by_role("button", name="Add my comment").click()
    expect(home.get_by_text("The path is very dark after 4pm in winter.")).to_be_visible()
    home.get_by_role("link", name="Suggest an action").click()
    check_page(home, "plan-propose", phone=True)
    home.get_by_label("What should be done").fill("A community noticeboard")
    home.get_by_label("Why it matters").fill("Not everyone is online.")
    home.get_by_role("button", name="Send my suggestion").click()
    expect(home.get_by_text("Waiting for staff to review")).to_be_visible()
    assert Vote.objects.filter(plan=plan).count() == 1 and PlanComment.objects.count() == 1

    # Staff see the ranking and the comment, decide with a reason, note progress, finish it and draft the update.
    page.reload()
    expect(page.get_by_text("1 resident voted")).to_be_visible()
    expect(page.get_by_text("The path is very dark after 4pm in winter.")).to_be_visible()
    check_page(page, "plan-manage-with-votes-and-comments", phone=True)
    page.get_by_role("link", name=LIGHTS).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LIGHTS)
    check_page(page, "action-edit", phone=True)
    page.get_by_label("Agreed: we will do this").check()
    page.get_by_label("Reason (residents see this)").fill("Most residents who voted chose it, and it is about safety.")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("Your decision is saved.")).to_be_visible()
    page.get_by_label("What has happened").fill("New LED lights are up along the whole path.")
    page.get_by_role("button", name="Add the progress note").click()
    page.get_by_label("Status", exact=True).select_option(label="Done")
    page.get_by_role("button", name="Save the action").click()
    page.get_by_role("button", name='Make a "You said, we did" draft').click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LIGHTS)
    expect(page.get_by_text("Action plan: " + LIGHTS, exact=True)).to_be_visible()
    check_page(page, "update-from-action")
    entry = YouSaidWeDid.objects.get()
    assert entry.we_did == "New LED lights are up along the whole path."
    page.get_by_role("button", name="Publish now").click()
    expect(page.get_by_role("status")).to_contain_text("It will be published within a minute.")
    # What beat's publisher does next (tests/browser/test_you_said_we_did.py runs it in a real worker).
    assert updates.publish_due_updates() == [entry.pk]
    # The resident who voted for the action is told, once.
    told = OutboundEmail.objects.filter(key=f"update-published:{entry.pk}:{resident.resident.pk}")
    assert told.count() == 1

    # The resident sees the decision, its reason and the progress.
    home.goto(f"{live_server.url}/plans/{plan.pk}/")
    expect(home.get_by_text("Most residents who voted chose it, and it is about safety.")).to_be_visible()
    expect(home.get_by_text("New LED lights are up along the whole path.")).to_be_visible()
    check_page(home, "plan-detail-after-decision", phone=True)
    home.goto(f"{live_server.url}/you-said-we-did/")
    expect(home.get_by_role("link", name=LIGHTS)).to_be_visible()
