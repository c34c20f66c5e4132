"""Block Champions in a browser, desktop and 320 px wide, with an axe scan on every page: a resident applies from
their home page; staff approve; the resident's neighbours see their first name on the block's page."""

import pytest
from playwright.sync_api import expect

from community.models import BlockChampion

pytestmark = pytest.mark.browser


def test_a_resident_applies_staff_approve_and_the_block_page_shows_the_champion(
    page, live_server, sign_in, check_page, resident, staff, other_browser
):
    sign_in(page, resident)
    page.get_by_role("link", name="Be a Block Champion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Be a Block Champion")
    check_page(page, "champion-apply", phone=True)
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page, "champion-apply-error")
    page.get_by_label("Why would you like to be a Block Champion?").fill("I already keep an eye on the bin store.")
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_text("Waiting for a decision")).to_be_visible()

    office = other_browser()
    sign_in(office, staff, mfa=True)
    office.goto(f"{live_server.url}/staff/plans/")
    office.get_by_role("link", name="Block Champions").click()
    expect(office.get_by_role("heading", level=1)).to_have_text("Block Champions")
    check_page(office, "champion-staff-list", phone=True)
    office.get_by_label("Approve").check()
    office.get_by_role("button", name="Save the decision on Amina Okafor").click()
    expect(office.get_by_text("The decision is saved and the resident is emailed.")).to_be_visible()
    assert BlockChampion.objects.get().status == "approved"

    page.goto(f"{live_server.url}/my/")
    page.get_by_role("link", name="Your block's page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alder House")
    expect(page.get_by_role("listitem").filter(has_text="Amina")).to_be_visible()
    check_page(page, "block-page", phone=True)


def test_a_champion_reports_an_issue_on_their_block_and_sees_it_on_their_record(
    page, live_server, sign_in, check_page, resident
):
    from django.utils import timezone

    BlockChampion.objects.create(
        resident=resident.resident,
        block=resident.resident.home.block,
        why="I know everyone",
        status="approved",
        decided_at=timezone.now(),
    )
    sign_in(page, resident)
    page.goto(f"{live_server.url}/champions/apply/")
    page.get_by_role("link", name="Report an issue on my block").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report an issue on my block")
    check_page(page, "champion-block-issue", phone=True)
    page.get_by_role("button", name="Log the issue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page, "champion-block-issue-error")
    page.get_by_label("Grounds and gardens").check()
    page.get_by_label("What is the problem?").fill("The stairwell light is out.")
    page.get_by_label("Where is it?").fill("Stairwell B")
    page.get_by_role("button", name="Log the issue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("logged")
    check_page(page, "champion-block-issue-logged", phone=True)
    page.goto(f"{live_server.url}/my/involvement/")
    expect(page.get_by_role("link", name="Block Champion for Alder House")).to_be_visible()
    check_page(page, "my-involvement-champion", phone=True)
