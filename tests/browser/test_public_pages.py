"""Pages anyone can open: each passes the accessibility scan at desktop and phone widths."""

import pytest
from playwright.sync_api import expect

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
