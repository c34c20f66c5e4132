"""Staff and board pages: the two-factor gate, the register, the register import with a real worker, and the
pages people see when they go where they may not."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from residents.models import FeedbackKind, Home, RegisterImport, Resident
from residents.people import register_import
from tests.browser.conftest import PHONE, wait_for_fresh_totp_period
from tests.factories import TEST_PASSWORD, ResidentFactory, feedback_from, totp_code_for_secret

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
    page.get_by_role("button", name="Upload and check").click()

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
    page.get_by_role("button", name="Upload and check").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Register import: register-fixed.csv")
    status = page.locator("#import-status")
    # The preview comes first: nothing is imported until it is confirmed.
    expect(status.get_by_role("heading", name="Checked: nothing has been imported yet")).to_be_visible(timeout=30_000)
    summary = page.get_by_role("table", name="Summary of changes")
    expect(summary.get_by_role("row", name="Residents")).to_contain_text("3")
    expect(page.get_by_role("region", name="Residents and homes affected")).to_contain_text("Joan Baptiste")
    check_page(page, "import-preview", phone=True, shot=True)
    assert Resident.objects.count() == 0
    page.get_by_role("button", name="Import these changes").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page, "import-preview-error")
    page.get_by_label("I have checked these changes and want to make them").check()
    page.get_by_role("button", name="Import these changes").click()
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
    page.get_by_role("link", name="See every change this import made to residents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes made by register-fixed.csv")
    expect(page.get_by_role("table", name="Changes to residents").get_by_role("row")).to_have_count(4)
    check_page(page, "import-changes", phone=True, shot=True)


@pytest.mark.worker
def test_staff_sees_a_blank_email_would_be_cleared_keeps_it_then_undoes_the_import(
    page, live_server, sign_in, check_page, staff, celery_worker
):
    register_import.run_import(RegisterImport.objects.create(filename="first.csv", content=HEADER + "".join(GOOD_ROWS)))
    sign_in(page, staff, mfa=True)
    page.goto(f"{live_server.url}/staff/register/import/")
    blank_email = row("900001", "Joan,Baptiste-Reid", ",07700 900101", "P-9001", "LCRA")
    page.get_by_label("Register file (CSV)").set_input_files(csv_file("blank.csv", [blank_email, *GOOD_ROWS[1:]]))
    page.get_by_role("button", name="Upload and check").click()

    status = page.locator("#import-status")
    expect(status.get_by_role("heading", name="Checked: nothing has been imported yet")).to_be_visible(timeout=30_000)
    expect(
        page.get_by_role("region", name="Values blank cells would clear").get_by_role("row", name="Email")
    ).to_contain_text("1")
    clear = page.get_by_label("Also clear 1 value where the file has a blank cell")
    expect(clear).not_to_be_checked()
    check_page(page, "import-preview-with-blanks", phone=True, shot=True)
    page.get_by_label("I have checked these changes and want to make them").check()
    page.get_by_role("button", name="Import these changes").click()

    expect(status.get_by_role("heading", name="Imported")).to_be_visible(timeout=30_000)
    expect(status).to_contain_text("Blank cells left 1 value on the register as it was.")
    joan = Resident.objects.get(resident_reference="R-900001")
    assert (joan.last_name, joan.email) == ("Baptiste-Reid", "joan@example.org")

    page.get_by_role("button", name="Undo this import").click()
    expect(status.get_by_role("heading", name="Undone")).to_be_visible()
    expect(page.get_by_text("1 value put back as it was before the import.")).to_be_visible()
    check_page(page, "import-undone", phone=True, shot=True)
    assert Resident.objects.get(resident_reference="R-900001").last_name == "Baptiste"
    page.get_by_role("link", name="See every change this import made").click()
    expect(page.get_by_role("table", name="Changes to residents")).to_contain_text("Put back")
    check_page(page, "import-changes-undone")


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


def test_on_a_phone_each_queue_row_shows_its_status_due_date_and_hazard(
    page, live_server, sign_in, check_page, staff, resident
):
    amina = Resident.objects.get(user=resident)
    # A letter about mould that reached us four weeks ago: past its 10 working days to investigate.
    mould = feedback_from(
        amina,
        channel="letter",
        logged_by=staff,
        text="Black mould is spreading across the bedroom ceiling.",
        received_at=timezone.now() - timedelta(weeks=4),
    )
    complaint = feedback_from(amina, kind=FeedbackKind.COMPLAINT, text="Nobody came to fix the front door.")
    sign_in(page, staff, mfa=True)
    main = page.get_by_role("main")
    expect(main).to_contain_text("1 report to check for a hazard")
    expect(main).to_contain_text("The oldest must be investigated: Overdue Overdue by")
    expect(main).to_contain_text("1 is past the deadline to investigate.")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback")
    check_page(page, "feedback-queue-two-items", phone=True, shot=True)

    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.clientWidth")
    for item, due, hazard in ((mould, "Overdue by", "Possible hazard"), (complaint, "Due in", "No")):
        row = page.locator("tbody tr", has=page.get_by_role("link", name=item.reference))
        cells = {label: row.locator(f'td[data-label="{label}"]') for label in ("Status", "Due", "Hazard")}
        for label, cell in cells.items():
            expect(cell).to_be_visible()
            box = cell.bounding_box()
            assert 0 <= box["x"] and box["x"] + box["width"] <= width, f"{item.reference} {label} is off-screen: {box}"
        expect(cells["Status"]).to_contain_text("Received")
        expect(cells["Due"]).to_contain_text(due)
        expect(cells["Hazard"]).to_contain_text(hazard)
    table = page.get_by_role("region", name="Feedback items")
    assert table.evaluate("box => box.scrollWidth <= box.clientWidth"), "the table does not scroll sideways"

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("residents:hazards"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hazards")
    risks = page.get_by_role("table", name="Possible hazards past the deadline to investigate, oldest first")
    expect(risks.get_by_role("row", name=re.compile(mould.reference))).to_contain_text("Overdue by")
    check_page(page, "hazards", phone=True, shot=True)


def test_board_member_sees_the_board_overview(page, live_server, sign_in, check_page, board, resident):
    sign_in(page, board, mfa=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Board dashboard")
    # The resident's neighbourhood is one the Board can look at on its own (tests/browser/test_board.py has more).
    expect(page.get_by_label("Neighbourhood", exact=True)).to_contain_text("Millfield")
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
