"""Walkabouts in the browser: staff plan one; a resident and a Board member take the last place (one gets it, the
other the waiting list); staff log an issue on a phone-sized window with no signal, it is sent when the connection
returns, and it is one item in the feedback queue; closing it updates the report. Every page is scanned with axe."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from community.walkabouts import services
from community.walkabouts.models import SignUp, SignUpStatus, Walkabout, WalkaboutIssue
from residents.models import Feedback
from tests.browser.conftest import DESKTOP, PHONE
from tests.community.factories import plan
from tests.factories import ResidentFactory

pytestmark = pytest.mark.browser


def png_photo() -> bytes:
    image = Image.new("RGB", (64, 48), "white")
    image.paste((120, 60, 20), (10, 10, 40, 30))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_staff_plan_a_walkabout(page: Page, live_server, sign_in, check_page, staff, neighbourhood):
    sign_in(page, staff, mfa=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Community", exact=True).click()
    page.get_by_role("main").get_by_role("link", name="Walkabouts and Explorer days").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Walkabouts and Explorer days")
    check_page(page, "walkabout-staff-list", phone=True, shot=True)
    page.get_by_role("link", name="Plan a walkabout").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan a walkabout")
    check_page(page, "walkabout-form", phone=True, shot=True)

    # Sent with a mistake first: the error is shown by its field, what was typed is kept.
    page.get_by_label("Neighbourhood").select_option(label="Millfield")
    page.get_by_role("group", name="What kind of walk is it?").get_by_label("Explorer day").check()
    page.get_by_label("Date").fill((timezone.localdate() + timedelta(days=10)).isoformat())
    page.get_by_label("Start time").fill("10:30")
    page.get_by_label("End time").fill("09:00")
    page.get_by_label("Where do people meet?").fill("Millfield Community Centre")
    page.get_by_label("The route").fill("Alder House, the play area, the bin stores")
    page.get_by_label("How far is it, in kilometres?").fill("1.2")
    page.get_by_label("The whole route is step-free").check()
    page.get_by_label("How many people can come?").fill("8")
    page.get_by_label("Who leads it").select_option(label="Sam Staff")
    page.get_by_role("button", name="Plan it and invite residents").click()
    expect(page.get_by_role("alert")).to_contain_text("The end time must be after the start time.")
    expect(page.get_by_label("Where do people meet?")).to_have_value("Millfield Community Centre")
    check_page(page, "walkabout-form-error")

    page.get_by_label("End time").fill("12:00")
    page.get_by_role("button", name="Plan it and invite residents").click()
    expect(page.get_by_role("status")).to_contain_text("Walk planned.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Explorer day in Millfield")
    expect(page.get_by_text("Nobody has signed up yet.")).to_be_visible()
    walkabout = Walkabout.objects.get()
    assert (walkabout.capacity, walkabout.step_free) == (8, True)

    # A resident phones to come: staff find them on the register by their reference.
    ResidentFactory(
        home__block__neighbourhood=neighbourhood, resident_reference="R-424242", first_name="Doris", last_name="Day"
    )
    page.get_by_label("Resident", exact=True).fill("R-424242")
    page.get_by_label("Anything we should know so that they can take part?").fill("Needs a seat")
    page.get_by_role("button", name="Add them").click()
    expect(page.get_by_role("status")).to_contain_text("Doris Day is coming.")
    expect(page.get_by_role("cell", name="Needs a seat")).to_be_visible()
    check_page(page, "walkabout-manage", phone=True, shot=True)


def test_the_last_place_is_taken_once(
    page: Page, live_server, sign_in, check_page, resident, board, staff, other_browser
):
    walkabout = plan(resident.resident.home.block.neighbourhood, lead=staff, capacity=1)
    detail = f"{live_server.url}/walkabouts/{walkabout.pk}/"
    sign_in(page, resident)
    page.get_by_role("link", name="Walkabouts near me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Walkabouts")
    check_page(page, "walkabout-list", phone=True, shot=True)
    board_page = other_browser()
    sign_in(board_page, board, mfa=True)

    page.goto(detail)
    board_page.goto(detail)
    expect(page.get_by_text("1 place left.")).to_be_visible()
    check_page(page, "walkabout-detail", phone=True, shot=True)
    # Both saw one place left; the resident sends first and gets it.
    page.get_by_label("Anything we should know so that you can take part?").fill("I walk slowly")
    page.get_by_role("button", name="Sign me up").click()
    expect(page.get_by_role("status")).to_contain_text("You are signed up.")
    check_page(page, "walkabout-signed-up", phone=True)
    board_page.get_by_role("button", name="Sign me up").click()
    expect(board_page.get_by_role("status")).to_contain_text("you are on the waiting list")
    check_page(board_page, "walkabout-waiting")

    statuses = dict(SignUp.objects.values_list("user__email", "status"))
    assert statuses == {resident.email: SignUpStatus.GOING, board.email: SignUpStatus.WAITING}

    # The resident cannot come after all: the Board member moves up.
    page.get_by_role("button", name="Cancel my place").click()
    expect(page.get_by_role("status")).to_contain_text("You are no longer signed up.")
    board_page.reload()
    expect(board_page.get_by_text("You are signed up.")).to_be_visible()


def test_staff_log_an_issue_on_a_phone_with_no_signal_and_the_report_follows_it(
    page: Page, live_server, sign_in, check_page, resident, staff, media, other_browser
):
    walkabout = plan(resident.resident.home.block.neighbourhood, lead=staff, starts_in=timedelta(days=2))
    services.sign_up(walkabout=walkabout, user=resident, resident=resident.resident, added_by=resident)
    Walkabout.objects.filter(pk=walkabout.pk).update(
        starts_at=timezone.now() - timedelta(minutes=30), ends_at=timezone.now() + timedelta(minutes=90)
    )
    sign_in(page, staff, mfa=True)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/staff/walkabouts/{walkabout.pk}/issues/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log an issue")
    check_page(page, "walkabout-issue-form", phone=True, shot=True)
    page.set_viewport_size(PHONE)

    page.get_by_role("group", name="What is it about?").get_by_label("Grounds and gardens").check()
    page.get_by_label("What is the problem?").fill("A mattress dumped by the bins.")
    page.get_by_label("Where is it?").fill("Bin store behind Alder House")

    # The draft survives a reload.
    page.reload()
    expect(page.get_by_role("status")).to_contain_text("We kept what you had typed")
    expect(page.get_by_label("What is the problem?")).to_have_value("A mattress dumped by the bins.")
    expect(page.get_by_role("group", name="What is it about?").get_by_label("Grounds and gardens")).to_be_checked()

    page.get_by_label("Photos (optional)").set_input_files(
        {"name": "bins.png", "mimeType": "image/png", "buffer": png_photo()}
    )
    # Nobody raised it: staff found it, so it is logged for the neighbourhood (the default) and nobody is emailed.
    expect(page.get_by_label("Raised by a resident on the walk (optional)")).to_have_value("")
    page.get_by_role("group", name="Priority").get_by_label("High").check()

    # No signal: the send waits on the phone.
    page.context.set_offline(True)
    page.get_by_role("button", name="Log the issue").click()
    expect(page.get_by_role("status")).to_contain_text("No signal")
    assert not WalkaboutIssue.objects.exists()

    # The signal comes back: it goes by itself, once.
    page.context.set_offline(False)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Issue FB-\d{6} logged"))
    check_page(page, "walkabout-issue-logged", phone=True, shot=True)
    issue = WalkaboutIssue.objects.select_related("feedback").get()
    assert Feedback.objects.count() == 1 and issue.feedback.photos.count() == 1 and issue.priority == "high"
    assert issue.feedback.resident is None and issue.feedback.neighbourhood == walkabout.neighbourhood
    # The draft is gone: a new form starts empty.
    page.get_by_role("link", name="Log another issue").click()
    expect(page.get_by_label("What is the problem?")).to_have_value("")

    # In the feedback queue once; staff close it there.
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/staff/feedback/")
    expect(page.get_by_role("link", name=issue.feedback.reference)).to_have_count(1)
    expect(page.get_by_role("row", name=re.compile(issue.feedback.reference))).to_contain_text("Logged for Millfield")
    page.get_by_role("link", name=issue.feedback.reference).click()
    expect(page.get_by_role("main")).to_contain_text("there is no resident to reply to and nobody is told")
    page.locator("#status-form").get_by_label("Status").select_option(label="Closed")
    page.locator("#status-form").get_by_role("button").click()
    expect(page.get_by_role("status")).to_contain_text("Closed")

    # Staff publish the report; the resident who came reads it, with the issue put right on time.
    page.goto(f"{live_server.url}/staff/walkabouts/{walkabout.pk}/")
    page.get_by_label("What we are doing").fill("The council collected the mattress the same day.")
    page.get_by_role("button", name="Publish the report").click()
    expect(page.get_by_role("status")).to_contain_text("The report is published.")
    resident_page = other_browser()
    sign_in(resident_page, resident)
    resident_page.goto(f"{live_server.url}/walkabouts/{walkabout.pk}/report/")
    expect(resident_page.get_by_role("heading", level=1)).to_have_text("What we found and what we are doing")
    expect(resident_page.get_by_role("main")).to_contain_text("1 issue found, 1 put right so far.")
    expect(resident_page.get_by_role("main")).to_contain_text("100% put right on time")
    check_page(resident_page, "walkabout-report", phone=True, shot=True)


def test_a_block_champion_on_the_walk_logs_an_issue_from_their_phone(
    page: Page, live_server, sign_in, check_page, resident, champion_walkabout, media
):
    sign_in(page, resident)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/walkabouts/{champion_walkabout.pk}/")
    page.get_by_role("link", name="Log an issue (Block Champion)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log an issue")
    check_page(page, "walkabout-champion-issue-form", phone=True, shot=True)
    page.get_by_role("group", name="What is it about?").get_by_label("Communal areas").check()
    page.get_by_label("What is the problem?").fill("The light over the side entrance is out.")
    page.get_by_label("Where is it?").fill("Side entrance of Alder House")
    page.get_by_role("button", name="Log the issue").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you. Issue logged as FB-")
    expect(page.get_by_role("link", name=re.compile(r"Follow FB-\d{6}"))).to_be_visible()
    check_page(page, "walkabout-champion-issue-logged", phone=True, shot=True)
    assert WalkaboutIssue.objects.get().feedback.resident == resident.resident


def test_staff_record_who_came_on_a_walk(page: Page, live_server, sign_in, check_page, staff, resident, past_walkabout):
    from residents.models import HoursEntry

    sign_in(page, staff, mfa=True)
    page.goto(f"{live_server.url}/staff/walkabouts/{past_walkabout.pk}/")
    page.get_by_role("link", name="Record who came").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Who came")
    check_page(page, "walkabout-attendance", phone=True)
    page.get_by_role("group", name="Amina Okafor").get_by_label("Came", exact=True).check()
    page.get_by_role("button", name="Save who came").click()
    expect(page.get_by_text("Attendance saved: 1 came.")).to_be_visible()
    assert HoursEntry.objects.get().resident == resident.resident
    page.get_by_role("button", name="Add them as having come").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page, "walkabout-attendance-error")
