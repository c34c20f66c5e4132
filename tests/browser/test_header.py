"""The site header on a desktop screen and on a phone: each role's links, the page shown marked."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


SECTIONS = "#main-nav .site-sections .nav-link"  # the sections of the site: their own row from 992 px
ACCOUNT = "#main-nav .site-account .nav-link"  # beside the name: Account and Sign out, or Sign in


def link_lines(page: Page, links: str = SECTIONS) -> dict[str, list[int]]:
    """Where each link and button of a row of the header sits, by its text: the top of every line its text
    takes (one line: one top), and whether it ends inside the header's width."""
    return page.evaluate(
        """(links) => {
          const right = document.querySelector('.site-header .container').getBoundingClientRect().right;
          return Object.fromEntries([...document.querySelectorAll(links)].map(link => {
            const range = document.createRange();
            range.selectNodeContents(link);
            const tops = [...new Set([...range.getClientRects()].map(r => Math.round(r.top)))];
            return [link.textContent.trim(), {tops, inside: link.getBoundingClientRect().right <= right}];
          }));
        }""",
        links,
    )


def assert_one_line(page: Page, links: str = SECTIONS) -> dict:
    lines = link_lines(page, links)
    tops = {top for where in lines.values() for top in where["tops"]}
    assert len(tops) == 1 and all(where["inside"] for where in lines.values()), f"the navigation wraps: {lines}"
    return lines


def assert_account_above_sections(page: Page) -> None:
    """The account links share the first row with the name, above the sections."""
    account, sections = assert_one_line(page, ACCOUNT), assert_one_line(page)
    assert list(account) == ["Account", "Sign out"]
    assert max(account["Account"]["tops"]) < min(top for where in sections.values() for top in where["tops"])


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
    assert {"My home", "My feedback", "My surveys", "My preferences"} <= set(lines)
    assert_account_above_sections(page)
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
STAFF_LINKS = [
    "Staff home",
    "Register",
    "Feedback",
    "Hazards",
    "Surveys",
    "Panels",
    "Involvement",
    "Community",
    "You said, we did",
]
ROLE_LINKS = {
    "staff": (STAFF_LINKS, "Staff home"),
    "board": (
        [
            "Board overview",
            "Panel reports",
            "Walkabouts",
            "You said, we did",
            "Our performance",
            "Get involved",
            "Panels",
            "Events",
            "Spaces",
            "Community Fund",
        ],
        "Board overview",
    ),
    "admin_user": ([*STAFF_LINKS, "Board", "Admin"], "Staff home"),
}


@pytest.mark.parametrize("persona", ROLE_LINKS)
def test_each_staff_and_board_navigation_fits_on_one_line_at_1280_px(
    request, page, live_server, sign_in, check_page, persona
):
    sign_in(page, request.getfixturevalue(persona), mfa=True)
    assert page.viewport_size["width"] == 1280
    links, home = ROLE_LINKS[persona]

    lines = assert_one_line(page)
    assert list(lines) == links
    assert_account_above_sections(page)
    assert small_targets(page) == []
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name=home, exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    check_page(page, f"header-{persona}", shot=True)

    # Narrower desktops (the menu opens out from 992 px) wrap whole links, never inside a label.
    page.set_viewport_size({"width": 992, "height": 900})
    lines = link_lines(page) | link_lines(page, ACCOUNT)
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


def test_staff_reach_every_community_feature_from_one_section(page, live_server, sign_in, check_page, staff):
    sign_in(page, staff, mfa=True)
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Community", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community")
    check_page(page, "community-staff-home", phone=True, shot=True)

    page.get_by_role("main").get_by_role("link", name="Walkabouts and Explorer days").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # The feature's page belongs to the Community section of the header.
    expect(nav.get_by_role("link", name="Community", exact=True)).to_have_attribute("aria-current", "page")
