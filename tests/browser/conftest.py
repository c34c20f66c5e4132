"""Browser tests: Playwright drives the system Chromium against pytest-django's live_server.

Every page a journey visits is scanned with axe (WCAG 2.0/2.1/2.2 A and AA rules) at desktop width and, for
the main pages, at 320 px wide (phone), where the page must also reflow without sideways scrolling.
"""

import os
import re
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, totp_code

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}
SCREENS = Path("/tmp/screens")
MISSING_CHROMIUM = (
    f"BROWSER TESTS NOT RUN: no Chromium at {CHROMIUM}. Install it with `apt-get install -y chromium` "
    "(never a browser downloaded by Playwright). In CI (CI=true) this is a failure."
)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP, "locale": "en-GB", "timezone_id": "Europe/London"}


def pytest_collection_modifyitems(config, items):
    """Without Chromium, outside CI, the browser tests are marked skipped (and said so loudly at the end)."""
    if os.path.exists(CHROMIUM) or _in_ci():
        return
    missing = pytest.mark.skipif(True, reason=MISSING_CHROMIUM)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(missing)


@pytest.fixture(scope="session", autouse=True)
def _require_chromium():
    """Session-scoped so it runs before the (session-scoped) browser is launched: no Chromium fails in CI."""
    if not os.path.exists(CHROMIUM) and _in_ci():
        pytest.fail(MISSING_CHROMIUM, pytrace=False)


def pytest_terminal_summary(terminalreporter):
    if not os.path.exists(CHROMIUM) and terminalreporter.stats.get("skipped"):
        terminalreporter.write_sep("!", MISSING_CHROMIUM, red=True, bold=True)


@pytest.fixture(autouse=True)
def _page_defaults(request, _require_chromium):
    """Fail fast instead of waiting Playwright's default 30 s on a missing element."""
    if "page" in request.fixturenames:
        page = request.getfixturevalue("page")
        page.set_default_timeout(10_000)
        expect.set_options(timeout=10_000)


def axe_check(page: Page, where: str = "") -> None:
    """Run axe's WCAG 2.x A and AA rules on the page as it is now; fail listing every violation."""
    page.wait_for_load_state("load")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    if violations:
        lines = [f"{len(violations)} accessibility violation(s) on {where or page.url} ({page.url}):"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
            for node in violation["nodes"]:
                lines.append(f"    target {node['target']}: {node['html'][:300]}")
                if node.get("failureSummary"):
                    lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
        pytest.fail("\n".join(lines), pytrace=False)


def assert_reflows(page: Page, where: str = "") -> None:
    """WCAG 1.4.10: at 320 px the page itself must not scroll sideways (wide tables scroll in their own box)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        culprits = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                 .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                               && !el.closest('.table-responsive'))
                 .slice(0, 5).map(el => el.outerHTML.slice(0, 200))"""
        )
        pytest.fail(f"{where or page.url} scrolls sideways by {overflow}px at 320px wide: {culprits}", pytrace=False)


def wait_for_fresh_totp_period(margin: float = 4) -> None:
    """A code typed in the last seconds of its 30-second period may arrive after it expired (allauth allows no
    drift): start on a fresh period instead. Waits at most `margin` seconds."""
    remaining = 30 - time.time() % 30
    if remaining < margin:
        time.sleep(remaining + 0.2)


def screenshot(page: Page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


@pytest.fixture
def check_page():
    """check_page(page, "name") scans the page at desktop width; phone=True also at 320 px (reflow included).

    shot=True saves screenshots to /tmp/screens/<name>-desktop.png and <name>-320.png.
    """

    def check(page: Page, name: str, *, phone: bool = False, shot: bool = False) -> None:
        axe_check(page, f"{name} (desktop)")
        if shot:
            screenshot(page, f"{name}-desktop")
        if phone:
            page.set_viewport_size(PHONE)
            try:
                axe_check(page, f"{name} (320px)")
                assert_reflows(page, name)
                if shot:
                    screenshot(page, f"{name}-320")
            finally:
                page.set_viewport_size(DESKTOP)

    return check


@pytest.fixture
def sign_in(live_server, check_page):
    """sign_in(page, user): through the real sign-in page, then the two-factor step when the user has one."""

    def login(page: Page, user, *, mfa: bool = False, password: str = TEST_PASSWORD) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        check_page(page, "login")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        if mfa:
            expect(page.get_by_role("heading", name="Two-factor authentication")).to_be_visible()
            check_page(page, "mfa-authenticate")
            wait_for_fresh_totp_period()
            page.get_by_label(re.compile("code", re.I)).fill(totp_code(user))
            page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        check_page(page, "after-sign-in")

    return login


@pytest.fixture
def other_browser(browser, browser_context_args):
    """other_browser() opens a page in a new browser context: another person, with their own cookies."""
    contexts = []

    def open_page() -> Page:
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()
