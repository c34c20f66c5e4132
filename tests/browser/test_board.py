"""The Board dashboard at desktop and phone widths, its charts drawn beside their tables, and the Board pack printed
to PDF by the browser: no site navigation, each section on its own pages, every table there."""

import re
import zlib

import pytest
from playwright.sync_api import expect

from residents.models import Ethnicity

from ..engagement.board_data import build_activity, give_equality

pytestmark = pytest.mark.browser


@pytest.fixture
def activity(staff):
    found = build_activity(staff)
    for resident in found["people"].values():
        give_equality(resident, ethnicity=Ethnicity.WHITE)
    return found


def test_the_board_reads_the_dashboard_with_charts_and_tables(page, live_server, sign_in, check_page, board, activity):
    sign_in(page, board, mfa=True)
    page.goto(f"{live_server.url}/board/?period=y2025")

    expect(page.get_by_role("heading", level=1)).to_have_text("Board dashboard")
    expect(page.get_by_role("row", name=re.compile(r"^Repairs 0 0 0 0 2 2"))).to_be_visible()
    expect(page.locator("canvas[data-board-chart='feedback-volume']")).to_be_visible()
    expect(page.get_by_role("heading", name="Action plan actions by neighbourhood")).to_be_visible()
    check_page(page, "board-dashboard", phone=True, shot=True)

    page.get_by_label("Neighbourhood", exact=True).select_option(label="South")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("row", name=re.compile(r"^All categories 0 0 0 1 1 2"))).to_be_visible()
    check_page(page, "board-dashboard-south")

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Download this table as CSV ?: Feedback by category")).click()
    csv_text = open(download.value.path(), encoding="utf-8").read()
    assert "All categories,0,0,0,1,1,2" in csv_text


def pdf_text(pdf: bytes) -> str:
    """The text drawn on a Chromium PDF's pages, enough to check what is printed: each font's ToUnicode map turns
    the glyph ids in the page streams back into characters. (pypdf is not installed; this reads only what
    Chromium writes.)"""
    streams = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            streams.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    glyphs: dict[str, str] = {}
    for stream in streams:
        if b"begincmap" not in stream:
            continue
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
            for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                glyphs[src.decode().upper()] = bytes.fromhex(dst.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
            for low, high, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                width, start = len(low), int(dst, 16)
                for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                    glyphs[f"{code:0{width}X}"] = chr(start + offset)
    words = []
    for stream in streams:
        if b"BT" not in stream:
            continue
        for run in re.findall(rb"\[(.*?)\]\s*TJ|<([0-9A-Fa-f]+)>\s*Tj", stream, re.S):
            pieces = re.findall(rb"<([0-9A-Fa-f]+)>", run[0]) if run[0] else [run[1]]
            text = ""
            for piece in pieces:
                hexed = piece.decode().upper()
                text += "".join(glyphs.get(hexed[i : i + 4], "") for i in range(0, len(hexed), 4))
            words.append(text)
    return "".join(words)


def squashed(text: str) -> str:
    """Without white space: a PDF places words, it does not always draw the spaces between them."""
    return re.sub(r"\s+", "", text)


def test_the_board_pack_prints_to_pdf_without_navigation_and_a_page_per_section(
    page, live_server, sign_in, check_page, board, activity
):
    sign_in(page, board, mfa=True)
    page.goto(f"{live_server.url}/board/?period=y2025")
    page.get_by_role("link", name=re.compile("^Board pack")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Board pack: resident engagement and performance")
    check_page(page, "board-pack", phone=True, shot=True)
    page.emulate_media(media="print")
    assert page.locator("header.site-header, nav").count() == 0
    expect(page.get_by_text("Back to the dashboard")).to_be_hidden()
    breaks = page.eval_on_selector_all(".board-section", "els => els.map(el => getComputedStyle(el).breakBefore)")
    assert breaks[0] == "auto" and set(breaks[1:]) == {"page"}

    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert pages >= 1 + len(breaks)  # the cover, then each section from a new page
    text = squashed(pdf_text(pdf))
    for printed in [
        "Board pack: resident engagement and performance",
        "April 2025 to March 2026",
        "Feedback by category and kind",
        "Repairs 0 0 0 0 2 2",
        "Complaints answered within the Complaint Handling Code",
        "Action plan actions by neighbourhood",
        "Issues logged on walks",
        "Volunteering and training",
    ]:
        assert squashed(printed) in text, printed
    assert "Downloadthistable" not in text and "Signout" not in text
