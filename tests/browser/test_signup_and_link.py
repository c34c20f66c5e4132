"""A new resident creates an account, verifies their email and links the account to their home."""

import re

import pytest
from playwright.sync_api import expect

from residents.models import Resident
from tests.factories import BlockFactory, HomeFactory, NeighbourhoodFactory, ResidentFactory

pytestmark = pytest.mark.browser

PASSWORD = "a-long-new-password-42"


@pytest.fixture
def register_entry(transactional_db):
    home = HomeFactory(
        block=BlockFactory(neighbourhood=NeighbourhoodFactory(name="Millfield"), name="Alder House"),
        address_line_1="Flat 4 Alder House",
        postcode="LS6 2AB",
    )
    return ResidentFactory(home=home, first_name="Grace", last_name="Adeyemi", tenancy_reference="T-100777", email="")


def test_new_resident_signs_up_verifies_and_links_their_home(page, live_server, mailoutbox, check_page, register_entry):
    page.goto(live_server.url + "/")
    check_page(page, "landing")
    page.get_by_role("main").get_by_role("link", name="Create an account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign up")
    check_page(page, "signup")
    page.get_by_label(re.compile(r"^\s*Email")).fill("grace@example.org")
    page.get_by_label(re.compile(r"^\s*Password\s*$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^\s*Password again")).fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    check_page(page, "verification-sent", phone=True)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["grace@example.org"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    assert link.startswith(live_server.url)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    check_page(page, "confirm-email", phone=True)
    page.get_by_role("button", name="Confirm").click()

    # Signed in straight away (same browser that signed up), on the resident home page, not yet linked.
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    check_page(page, "resident-home-unlinked", phone=True)
    page.get_by_role("link", name="Link my home").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Link your account to your home")
    check_page(page, "link-home", phone=True)
    tenancy = page.get_by_role("region", name="With your tenancy reference")
    tenancy.get_by_label("Tenancy reference").fill("T-999999")
    tenancy.get_by_label("Postcode of your home").fill("ls6 2ab")
    tenancy.get_by_role("button", name="Link my home").click()

    summary = tenancy.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("We could not match those details to a home")
    expect(tenancy.get_by_label("Tenancy reference")).to_have_value("T-999999")
    expect(tenancy.get_by_label("Postcode of your home")).to_have_value("ls6 2ab")
    check_page(page, "link-home-error", phone=True, shot=True)
    assert not Resident.objects.filter(user__email="grace@example.org").exists()

    tenancy.get_by_label("Tenancy reference").fill("t-100777")
    tenancy.get_by_role("button", name="Link my home").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Grace")
    expect(page.get_by_text("Your account is now linked to your home.")).to_be_visible()
    expect(page.get_by_text("Neighbourhood: Millfield")).to_be_visible()
    expect(page.get_by_text("Flat 4 Alder House")).to_be_visible()
    check_page(page, "resident-home", phone=True, shot=True)
    register_entry.refresh_from_db()
    assert register_entry.user.email == "grace@example.org"
