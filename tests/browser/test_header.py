"""The site header on a desktop screen and on a phone: each role's links, the page shown marked."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def link_lines(page: Page) -> dict[str, list[int]]:
    """Where each link and button of the header's navigation sits, by its text: the top of every line its text
    takes (one line: one top), and whether it ends inside the header's width."""
    return page.evaluate(
        """() => {
          const right = document.querySelector('.site-header .container').getBoundingClientRect().right;
          return Object.fromEntries([...document.querySelectorAll('#main-nav .nav-link')].map(link => {
            const range = document.createRange();
            range.selectNodeContents(link);
            const tops = [...new Set([...range.getClientRects()].map(r => Math.round(r.top)))];
            return [link.textContent.trim(), {tops, inside: link.getBoundingClientRect().right <= right}];
          }));
        }"""
    )


def assert_one_line(page: Page) -> dict:
    lines = link_lines(page)
    tops = {top for where in lines.values() for top in where["tops"]}
    assert len(tops) == 1 and all(where["inside"] for where in lines.values()), f"the navigation wraps: {lines}"
    return lines


def small_targets(page: Page) -> list[str]:
    """WCAG 2.2 target size (minimum): every link and button in the header at least 24 by 24 px."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.site-header a, .site-header button')]
               .filter(el => el.offsetParent !== null)
               .filter(el => { const r = el.getBoundingClientRect(); return r.width < 24 || r.height < 24; })
               .map(el => el.textContent.trim())"""
    )


def test_the_resident_navigation_fits_on_one_line_at_1280_px(page, live_server, sign_in, check_page, resident):
    sign_in(page, resident)
    assert page.viewport_size["width"] == 1280

    lines = assert_one_line(page)
    assert {"My home", "My feedback", "My surveys", "My preferences", "Account", "Sign out"} <= set(lines)
    assert small_targets(page) == []
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="My home")).to_have_attribute(
        "aria-current", "page"
    )
    check_page(page, "header-resident", shot=True)

    # The account pages share one link in the header and their own menu.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Two-factor authentication").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Account")).to_have_attribute(
        "aria-current", "page"
    )
    assert_one_line(page)
    check_page(page, "account-two-factor", phone=True, shot=True)


# Each role's links at 1280 px, and the link its home page marks as the page shown.
ROLE_LINKS = {
    "staff": (["Staff home", "Register", "Feedback", "Hazards", "Surveys", "You said, we did", "Plans"], "Staff home"),
    "board": (["Board overview", "You said, we did", "Our performance"], "Board overview"),
    "admin_user": (
        ["Staff home", "Register", "Feedback", "Hazards", "Surveys", "You said, we did", "Plans", "Board", "Admin"],
        "Staff home",
    ),
}


@pytest.mark.parametrize("persona", ROLE_LINKS)
def test_each_staff_and_board_navigation_fits_on_one_line_at_1280_px(
    request, page, live_server, sign_in, check_page, persona
):
    sign_in(page, request.getfixturevalue(persona), mfa=True)
    assert page.viewport_size["width"] == 1280
    links, home = ROLE_LINKS[persona]

    lines = assert_one_line(page)
    assert list(lines) == [*links, "Account", "Sign out"]
    assert small_targets(page) == []
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name=home, exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    check_page(page, f"header-{persona}", shot=True)

    # Narrower desktops (the menu opens out from 992 px) wrap whole links, never inside a label.
    page.set_viewport_size({"width": 992, "height": 900})
    lines = link_lines(page)
    assert all(len(where["tops"]) == 1 and where["inside"] for where in lines.values()), lines
    assert small_targets(page) == []


def test_the_admin_phone_menu_holds_every_link(page, live_server, sign_in, check_page, admin_user):
    sign_in(page, admin_user, mfa=True)
    page.set_viewport_size({"width": 320, "height": 640})
    nav = page.get_by_role("navigation", name="Main")

    nav.get_by_role("button", name="Menu").click()
    for name in [*ROLE_LINKS["admin_user"][0], "Account"]:
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    assert small_targets(page) == []
    check_page(page, "header-admin-phone-menu-open", phone=True, shot=True)

    nav.get_by_role("link", name="Register", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Resident register")
    page.get_by_role("main").get_by_role("link", name="Import the register from your housing system").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import the resident register")
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Register", exact=True)
    ).to_have_attribute("aria-current", "page")


def test_the_phone_menu_opens_and_leads_to_a_page(page, live_server, sign_in, check_page, resident):
    sign_in(page, resident)
    page.set_viewport_size({"width": 320, "height": 640})
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="My feedback")).to_be_hidden()

    nav.get_by_role("button", name="Menu").click()
    expect(nav.get_by_role("link", name="My feedback")).to_be_visible()
    assert small_targets(page) == []
    check_page(page, "header-phone-menu-open", phone=True, shot=True)

    nav.get_by_role("link", name="My feedback").click()
    expect(page).to_have_url(f"{live_server.url}/my/feedback/")
    expect(nav.get_by_role("link", name="My feedback")).to_have_attribute("aria-current", "page")
