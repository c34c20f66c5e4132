"""Scrutiny in a browser: a review from the members' topic vote to a recommendation accepted, done and published
as "You said, we did"; a Spotlight Panel report answered by the Board; a contractor scoring round with a declared
conflict of interest. Every page is scanned with axe, at desktop width and at 320 px."""

import pytest
from playwright.sync_api import Page, expect

from panels.models import PanelKind, Review
from residents.models import OutboundEmail, YouSaidWeDid
from residents.updates import services as updates
from tests.factories import ResidentFactory, UserFactory
from tests.panels.factories import MembershipFactory, PanelFactory, ScrutinyPanelFactory

pytestmark = pytest.mark.browser

TOPIC = "Damp and mould repairs"
RECOMMENDATION = "Visit every damp report within ten working days."
DONE = "Every damp report is now visited within ten working days."


def status(page: Page):
    return page.get_by_role("status")


def test_a_review_from_topic_vote_to_a_recommendation_published_as_you_said_we_did(
    page, live_server, sign_in, check_page, other_browser, staff, panel_member
):
    panel = ScrutinyPanelFactory()
    home = f"{live_server.url}/panels/{panel.slug}/scrutiny/"

    # Staff open a vote on topics.
    sign_in(page, staff, mfa=True)
    page.goto(home)
    check_page(page, "scrutiny-home-empty", phone=True)
    page.get_by_role("link", name="Open a vote").click()
    check_page(page, "scrutiny-ballot-form", phone=True)
    page.get_by_label("Votes each member has").fill("2")
    page.get_by_label("Voting closes at the end of").fill("2099-12-31")
    page.get_by_role("button", name="Open voting").click()
    expect(status(page)).to_contain_text("Voting is open")

    # A member proposes a topic, with what prompted it, and votes for it.
    member = other_browser()
    sign_in(member, panel_member)
    member.goto(home)
    member.get_by_role("link", name="Propose a topic").click()
    check_page(member, "scrutiny-topic-form", phone=True)
    member.get_by_role("button", name="Propose it").click()
    expect(member.get_by_role("alert")).to_contain_text("There is a problem")
    check_page(member, "scrutiny-topic-form-errors")
    member.get_by_label("Topic").fill(TOPIC)
    member.get_by_label("Why the panel should look at this").fill("Residents wait months for damp to be treated.")
    member.get_by_label("What prompted it").fill("Damp complaints doubled; repairs satisfaction (TP04) fell to 61%.")
    member.get_by_role("button", name="Propose it").click()
    member.get_by_role("button", name=f"Vote for {TOPIC}").click()
    expect(status(member)).to_contain_text(f"Vote given to “{TOPIC}”")
    expect(member.get_by_text("You have used 1 of 2.")).to_be_visible()
    check_page(member, "scrutiny-home-member", phone=True)

    # Staff see the ranking with the evidence behind it, close the vote and start the review.
    page.goto(home)
    expect(page.get_by_text("1 vote", exact=True)).to_be_visible()
    expect(page.get_by_text("repairs satisfaction (TP04) fell to 61%", exact=False)).to_be_visible()
    page.get_by_role("button", name="Close voting now").click()
    page.get_by_role("button", name=f"Start a review of {TOPIC}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TOPIC)
    check_page(page, "scrutiny-review-scoping", phone=True)
    page.get_by_role("link", name="Change the title or scope").click()
    check_page(page, "scrutiny-review-form", phone=True)
    page.get_by_label("Scope").fill("How damp reports are triaged, visited and followed up.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Move on to evidence gathering").click()
    expect(status(page)).to_contain_text("Evidence gathering")

    # The member logs evidence; staff record a finding and a recommendation, and send the report to management.
    review = Review.objects.get()
    member.goto(f"{live_server.url}/scrutiny/reviews/{review.pk}/")
    member.get_by_role("link", name="Add evidence").click()
    check_page(member, "scrutiny-evidence-form", phone=True)
    member.get_by_label("Mystery shopping notes").check()
    member.get_by_label("Title").fill("Calling to report damp")
    member.get_by_label("Notes or figures").fill("Three calls; nobody offered a visit date.")
    member.get_by_role("button", name="Add to the log").click()
    expect(member.get_by_text("Three calls; nobody offered a visit date.")).to_be_visible()
    check_page(member, "scrutiny-review-member", phone=True)

    page.reload()
    page.get_by_role("textbox", name="Finding", exact=True).fill("Residents are not given a date for the damp visit.")
    page.get_by_role("button", name="Add the finding").click()
    page.get_by_role("textbox", name="Recommendation", exact=True).fill(RECOMMENDATION)
    page.get_by_role("button", name="Add the recommendation").click()
    page.get_by_role("button", name="Move on to reporting").click()
    page.get_by_role("button", name="Move on to management response").click()
    expect(status(page)).to_contain_text("Management response")

    # Management accepts it with an owner and a due date; it is done and told as "You said, we did".
    page.get_by_role("link", name=RECOMMENDATION).click()
    check_page(page, "scrutiny-recommendation-awaiting", phone=True)
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_label("Reasons").fill("We agree and will fund two more surveyors.")
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose who owns it.")
    check_page(page, "scrutiny-recommendation-errors")
    page.get_by_label("Owner").select_option(label=staff.full_name)
    page.get_by_label("Due by").fill("2099-06-30")
    page.get_by_role("button", name="Record the response").click()
    expect(status(page)).to_contain_text("Management response recorded.")
    page.get_by_role("link", name="Back to the review").click()
    page.get_by_role("button", name="Move on to implementation").click()
    page.get_by_role("link", name=RECOMMENDATION).click()
    page.get_by_role("textbox", name="Progress", exact=True).fill(DONE)
    page.get_by_label("This recommendation is now done").check()
    page.get_by_role("button", name="Record progress").click()
    expect(status(page)).to_contain_text("Marked as done.")
    check_page(page, "scrutiny-recommendation-done", phone=True)
    page.get_by_role("button", name="Start a “You said, we did” draft citing this").click()

    expect(status(page)).to_contain_text("Draft started, citing this recommendation")
    expect(page.get_by_role("region", name="Whose voices it answers")).to_contain_text("Scrutiny recommendation")
    expect(page.get_by_label("We did")).to_have_value(DONE)
    page.get_by_label("For everyone").check()
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("button", name="Publish now").click()
    updates.publish_due_updates()  # what the beat task does within a minute

    entry = YouSaidWeDid.objects.get()
    page.goto(f"{live_server.url}/you-said-we-did/{entry.pk}/")
    expect(page.get_by_text(DONE)).to_be_visible()
    assert OutboundEmail.objects.filter(key=f"update-published:{entry.pk}:{panel_member.resident.pk}").exists()

    # The staff tracker lists it as done.
    page.goto(f"{live_server.url}/scrutiny/recommendations/?show=done")
    expect(page.get_by_role("link", name=RECOMMENDATION)).to_be_visible()
    check_page(page, "scrutiny-recommendation-list", phone=True)


def test_a_spotlight_report_answered_by_the_board(page, live_server, sign_in, check_page, other_browser, staff, board):
    spotlight = PanelFactory(name="Spotlight Residents Panel", slug="spotlight", kind=PanelKind.SPOTLIGHT)
    member_user = UserFactory(email="spotlight@example.org")
    member = ResidentFactory(user=member_user, first_name="Femi")
    MembershipFactory(panel=spotlight, resident=member)

    sign_in(page, staff, mfa=True)
    page.goto(f"{live_server.url}/panels/spotlight/scrutiny/")
    page.get_by_role("link", name="Send a report to the Board").click()
    check_page(page, "board-report-form", phone=True)
    page.get_by_label("Title of the report").fill("Residents' experience of anti-social behaviour")
    page.get_by_label("The report", exact=True).fill(
        "We heard from 60 residents: reports of anti-social behaviour go unanswered."
    )
    page.get_by_label("What the panel asks the Board to do").fill("Set a five-day reply standard.")
    page.get_by_role("button", name="Send to the Board").click()
    expect(status(page)).to_contain_text("Report sent to the Board.")

    board_page = other_browser()
    sign_in(board_page, board, mfa=True)
    board_page.get_by_role("navigation", name="Main").get_by_role("link", name="Panel reports").click()
    expect(board_page.get_by_text("Awaiting response")).to_be_visible()
    check_page(board_page, "board-report-list", phone=True)
    board_page.get_by_role("link", name="Residents' experience of anti-social behaviour").click()
    check_page(board_page, "board-report-detail", phone=True)
    board_page.get_by_role("textbox", name="The Board's response").fill("The Board accepts the panel's findings.")
    board_page.get_by_role("button", name="Record the response").click()
    expect(board_page.get_by_role("alert")).to_contain_text("Date of the Board's decision")
    board_page.get_by_role("textbox", name="Decisions").fill("A five-day reply standard from April.")
    board_page.get_by_label("Date of the Board's decision").fill("2026-01-15")
    board_page.get_by_role("button", name="Record the response").click()
    expect(status(board_page)).to_contain_text("The Board's response is recorded")
    check_page(board_page, "board-report-answered", phone=True)

    member_page = other_browser()
    sign_in(member_page, member_user)
    member_page.goto(f"{live_server.url}/panels/spotlight/scrutiny/")
    member_page.get_by_role("link", name="Residents' experience of anti-social behaviour").click()
    expect(member_page.get_by_text("The Board accepts the panel's findings.")).to_be_visible()
    expect(member_page.get_by_text("Decided on 15 January 2026.")).to_be_visible()
    check_page(member_page, "board-report-member", phone=True)
    email = OutboundEmail.objects.get(to="spotlight@example.org")
    assert "A five-day reply standard from April." in email.body


def test_a_contractor_scoring_round_with_a_declared_conflict(
    page, live_server, sign_in, check_page, other_browser, staff
):
    panel = PanelFactory(name="Grounds Contract Panel", slug="grounds")
    users = []
    for first_name in ["Ada", "Ben"]:
        user = UserFactory(email=f"{first_name.lower()}@example.org")
        MembershipFactory(panel=panel, resident=ResidentFactory(user=user, first_name=first_name, last_name="Lee"))
        users.append(user)

    sign_in(page, staff, mfa=True)
    page.goto(f"{live_server.url}/panels/grounds/scoring/")
    check_page(page, "scoring-list", phone=True)
    page.get_by_role("link", name="Start a scoring round").click()
    check_page(page, "scoring-round-form", phone=True)
    page.get_by_label("What the round is called").fill("Grounds maintenance contract")
    page.get_by_label("What is being chosen, and why").fill("Three-year contract for grass cutting and hedges.")
    page.get_by_role("button", name="Create the round").click()
    for name, weight in [("Price", "60"), ("Quality", "40")]:
        page.get_by_label("Criterion", exact=True).fill(name)
        page.get_by_label("Weight (%)").fill(weight)
        page.get_by_role("button", name="Add the criterion").click()
    for name in ["GreenCo", "Parks Ltd"]:
        page.get_by_label("Option", exact=True).fill(name)
        page.get_by_role("button", name="Add the option").click()
    check_page(page, "scoring-round-setup", phone=True)
    page.get_by_role("button", name="Open for scoring").click()
    expect(status(page)).to_contain_text("Scoring is open.")

    round_url = page.url
    ada = other_browser()
    sign_in(ada, users[0])
    ada.goto(round_url)
    check_page(ada, "scoring-round-member", phone=True)
    ada.get_by_role("link", name="Score GreenCo").click()
    check_page(ada, "scoring-option", phone=True)
    ada.get_by_label("Your conflict of interest").fill("My brother owns GreenCo.")
    ada.get_by_role("button", name="Declare it").click()
    expect(ada.get_by_text("you declared a conflict of interest and do not score it")).to_be_visible()
    ada.get_by_role("link", name="Score Parks Ltd").click()
    ada.get_by_label("Price (weight 60%)").fill("9")
    ada.get_by_label("Quality (weight 40%)").fill("4")
    ada.get_by_role("button", name="Save my scores").click()
    expect(ada.get_by_role("alert")).to_contain_text("Price (weight 60%)")
    check_page(ada, "scoring-option-errors")
    ada.get_by_label("Price (weight 60%)").fill("3")
    ada.get_by_role("button", name="Save my scores").click()
    expect(status(ada)).to_contain_text("Your scores for Parks Ltd are saved.")

    ben = other_browser()
    sign_in(ben, users[1])
    for option in ["GreenCo", "Parks Ltd"]:
        ben.goto(round_url)
        ben.get_by_role("link", name=f"Score {option}").click()
        ben.get_by_label("Price (weight 60%)").fill("5")
        ben.get_by_label("Quality (weight 40%)").fill("5" if option == "GreenCo" else "2")
        ben.get_by_role("button", name="Save my scores").click()
    expect(ben.get_by_text("Weighted score")).to_have_count(0)  # nobody else's scores while it is open

    page.reload()
    expect(page.get_by_text("1 member declared a conflict of interest")).to_be_visible()
    check_page(page, "scoring-round-results-open", phone=True)
    page.get_by_label("Option chosen").select_option(label="GreenCo")
    page.get_by_label("Reasons for the outcome").fill("Highest weighted score; the conflicted member did not score it.")
    page.get_by_role("button", name="Close and record the outcome").click()
    expect(status(page)).to_contain_text("The round is closed")

    ada.goto(round_url)
    expect(ada.get_by_text("Chosen:")).to_contain_text("GreenCo")
    expect(ada.get_by_role("heading", name="Results")).to_be_visible()
    check_page(ada, "scoring-round-closed", phone=True)
