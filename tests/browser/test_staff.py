"""Staff and board pages: the two-factor gate, the register, the register import with a real worker, and the
pages people see when they go where they may not."""

import re

import pytest
from playwright.sync_api import expect

from residents.models import Home, RegisterImport, Resident
from tests.browser.conftest import wait_for_fresh_totp_period
from tests.factories import TEST_PASSWORD, ResidentFactory, totp_code_for_secret

pytestmark = pytest.mark.browser

HEADER = (
    "resident_reference,tenancy_reference,first_name,last_name,email,phone,property_reference,"
    "address_line_1,address_line_2,town,postcode,tenure,block,neighbourhood\n"
)


def row(resident: str, name: str, contact: str, home: str, tenure: str) -> str:
    places = {
        "P-9001": "1 River View,,Leeds,LS6 2AB,{},River View,Millfield",
        "P-9002": "2 River View,,Leeds,LS6 2AB,{},River View,Millfield",
        "P-9003": "3 Oak Close,,Bradford,BD1 4EF,{},Oak Close,Hillside",
    }
    return f"R-{resident},T-{resident},{name},{contact},{home},{places[home].format(tenure)}\n"


GOOD_ROWS = [
    row("900001", "Joan,Baptiste", "joan@example.org,07700 900101", "P-9001", "LCRA"),
    row("900002", "Kofi,Mensah", ",0113 496 0102", "P-9002", "LCHO"),
    row("900003", "Siobhan,Kelly", "siobhan@example.org,", "P-9003", "LCRA"),
]
BAD_ROW = row("900002", "Kofi,Mensah", ",0113 496 0102", "P-9002", "Freehold")


def csv_file(name: str, rows: list[str]) -> dict:
    return {"name": name, "mimeType": "text/csv", "buffer": (HEADER + "".join(rows)).encode()}


@pytest.mark.worker
def test_staff_import_with_a_bad_row_imports_nothing_then_the_corrected_file_imports(
    page, live_server, sign_in, check_page, staff, celery_worker
):
    sign_in(page, staff, mfa=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff home")
    check_page(page, "staff-home", phone=True, shot=True)
    page.get_by_role("main").get_by_role("link", name="Import the resident register").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import the resident register")
    check_page(page, "register-upload", phone=True)
    page.get_by_label("Register file (CSV)").set_input_files(csv_file("register-bad.csv", [GOOD_ROWS[0], BAD_ROW]))
    # Hold the worker back so the page is seen waiting before the answer comes.
    celery_worker.pause()
    page.get_by_role("button", name="Upload and import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Register import: register-bad.csv")
    status = page.locator("#import-status")
    expect(status).to_contain_text("Waiting to start. This page updates by itself")
    check_page(page, "import-waiting", phone=True, shot=True)
    live_region = "document.getElementById('import-status').parentElement"
    page.evaluate(f"{live_region}.dataset.probe = 'same element'")
    polls = []
    page.on("request", lambda request: polls.append(request.url) if request.headers.get("hx-request") else None)
    celery_worker.resume()

    # The worker's answer arrives through htmx polling, without reloading the page.
    expect(status.get_by_role("heading", name="Nothing was imported")).to_be_visible(timeout=30_000)
    assert polls and all(url.endswith(f"/staff/register/import/{RegisterImport.objects.get().pk}/") for url in polls)
    assert page.evaluate(f"{live_region}.dataset.probe") == "same element"
    expect(status).to_contain_text("We found 1 problem in 2 rows")
    # The outcome is in a live region that stays in place, so screen readers announce it when it changes.
    expect(page.get_by_role("status").filter(has=status)).to_have_attribute("aria-live", "polite")
    problems = page.get_by_role("table", name="Problems by line of the file")
    expect(problems.get_by_role("row")).to_have_count(2)  # header + one problem
    expect(problems.get_by_role("row").nth(1)).to_contain_text(
        re.compile(r"^\s*3\s*Tenure 'Freehold' must be LCRA \(low-cost rental\) or LCHO")
    )
    check_page(page, "import-rejected", phone=True, shot=True)
    assert Resident.objects.count() == 0 and Home.objects.count() == 0

    page.get_by_role("link", name="Back to register imports").click()
    expect(page.get_by_role("cell", name="Rejected: nothing was imported")).to_be_visible()
    check_page(page, "register-upload-with-imports", phone=True)
    page.get_by_label("Register file (CSV)").set_input_files(csv_file("register-fixed.csv", GOOD_ROWS))
    page.get_by_role("button", name="Upload and import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Register import: register-fixed.csv")
    status = page.locator("#import-status")
    expect(status.get_by_role("heading", name="Imported")).to_be_visible(timeout=30_000)
    expect(status).to_contain_text("3 rows checked. Homes: 3 added, 0 updated, 0 unchanged.")
    expect(status).to_contain_text("Residents: 3 added, 0 updated, 0 unchanged.")
    check_page(page, "import-done", phone=True, shot=True)
    assert sorted(Resident.objects.values_list("resident_reference", flat=True)) == [
        "R-900001",
        "R-900002",
        "R-900003",
    ]
    assert list(RegisterImport.objects.order_by("created_at").values_list("status", flat=True)) == [
        "rejected",
        "done",
    ]


def test_staff_without_two_factor_sets_it_up_before_reaching_staff_pages(
    page, live_server, sign_in, check_page, staff_without_mfa
):
    sign_in(page, staff_without_mfa)
    page.goto(live_server.url + "/staff/")

    # Sent to set up an authenticator; allauth first asks for the password again before adding one.
    expect(page.get_by_text("Staff and board members must set up two-factor authentication")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    check_page(page, "reauthenticate", phone=True)
    page.get_by_label(re.compile(r"^\s*Password")).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    check_page(page, "mfa-activate", phone=True, shot=True)
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret
    wait_for_fresh_totp_period()
    page.get_by_label("Authenticator code").fill(totp_code_for_secret(secret))
    page.get_by_role("button", name="Set up").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) >= 8 and all(re.fullmatch(r"[0-9a-f]{8}", code) for code in codes), codes
    check_page(page, "recovery-codes", phone=True, shot=True)

    page.goto(live_server.url + "/staff/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff home")
    check_page(page, "staff-home-after-mfa")


def test_staff_finds_a_resident_in_the_register(page, live_server, sign_in, check_page, staff, resident):
    home = Resident.objects.get(user=resident).home
    unlinked, *_ = [ResidentFactory(home=home, first_name=name, last_name="Okoro") for name in ("Ada", "Ben", "Cal")]
    sign_in(page, staff, mfa=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Register").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Resident register")
    expect(page.get_by_text("4 residents.")).to_be_visible()
    check_page(page, "register-list", phone=True, shot=True)
    page.get_by_label("Name, postcode, email or reference").fill("okafor")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 resident.")).to_be_visible()
    check_page(page, "register-search")
    page.get_by_label("Neighbourhood").select_option(label="Millfield")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 resident.")).to_be_visible()
    expect(page.get_by_label("Name, postcode, email or reference")).to_have_value("okafor")
    page.get_by_role("link", name="Amina Okafor").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Amina Okafor")
    expect(page.get_by_role("main")).to_contain_text("Millfield")
    expect(page.get_by_role("main")).to_contain_text("Linked on")
    check_page(page, "resident-detail", phone=True, shot=True)

    # A resident without an account yet: staff make a one-time code to read out or post.
    page.get_by_role("link", name="Back to the register").click()
    check_page(page, "register-list-again")
    page.get_by_role("link", name=unlinked.full_name).click()
    expect(page.get_by_role("main")).to_contain_text("Not linked")
    check_page(page, "resident-detail-unlinked")
    page.get_by_role("button", name="Make a link code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Link code for {unlinked.full_name}")
    expect(page.locator("#link-code")).to_have_text(re.compile(r"^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$"))
    check_page(page, "link-code", phone=True, shot=True)


def test_board_member_sees_the_board_overview(page, live_server, sign_in, check_page, board, resident):
    sign_in(page, board, mfa=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Board overview")
    expect(page.get_by_role("row", name=re.compile("Millfield"))).to_contain_text("1")
    check_page(page, "board-home", phone=True, shot=True)


def test_resident_sees_the_403_page_on_a_staff_page(page, live_server, sign_in, check_page, resident):
    sign_in(page, resident)
    response = page.goto(live_server.url + "/staff/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    check_page(page, "403", phone=True, shot=True)


def test_unknown_address_shows_the_404_page(page, live_server, check_page):
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_page(page, "404", phone=True, shot=True)
