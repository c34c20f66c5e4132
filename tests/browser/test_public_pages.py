"""Pages anyone can open: each passes the accessibility scan at desktop and phone widths."""

import re

import pytest
from playwright.sync_api import expect

from engagement.performance import last_complete_year

from ..engagement.board_data import build_activity
from ..engagement.fund_data import build_fund
from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "heading", "name"),
    [
        ("/", "Have your say about your home and neighbourhood", "landing"),
        ("/accounts/login/", "Sign in", "login"),
        ("/accounts/signup/", "Sign up", "signup"),
        ("/accounts/password/reset/", "Reset your password", "password-reset"),
        ("/you-said-we-did/?topic=gardening", "You said, we did", "you-said-we-did-unknown-topic"),
    ],
)
def test_public_page_passes_the_scan(page, live_server, check_page, path, heading, name):
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    check_page(page, name, phone=True, shot=True)


def test_the_performance_page_shows_the_last_complete_year_on_a_phone(page, live_server, check_page, staff):
    """The Board's hand-counted activity and Community Fund fall in April 2025 to March 2026, the last complete
    reporting year seen from today (the tests run after March 2026)."""
    build_activity(staff)
    build_fund(staff)
    page.goto(f"{live_server.url}/performance/")

    expect(page.get_by_role("heading", level=1)).to_have_text("How we are doing")
    year = last_complete_year().label
    expect(page.get_by_role("heading", name=f"Our year: {year}")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^Stage 1 .* 1 1 100\.0%$"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^Awarded to projects £1,200\.00 2$"))).to_be_visible()
    check_page(page, "performance-figures", phone=True, shot=True)

    # On a phone each row is a card with its column names: nothing to scroll sideways for.
    page.set_viewport_size(PHONE)
    tables = page.get_by_role("main").locator(".table-responsive")
    assert tables.count() >= 5
    for number in range(tables.count()):
        table = tables.nth(number)
        assert table.evaluate("box => box.scrollWidth <= box.clientWidth"), table.get_attribute("aria-labelledby")
    expect(page.locator('td[data-label="Answered in time"]').first).to_be_visible()
    page.set_viewport_size(DESKTOP)

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("The Community Fund in the year")).click()
    assert download.value.suggested_filename == f"performance-community-fund-{year[6:10]}.csv"
