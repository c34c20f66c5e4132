"""A panel meeting from set-up to minutes: staff set it up with an agenda and papers (a file that is not a PDF is
refused next to the field), a member answers the RSVP, opens a paper and, once staff publish them, reads the
minutes. Each page gets an axe scan, the main ones at 320 px as well."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from panels.models import Meeting, Rsvp
from tests.panels.factories import PanelFactory, ScrutinyPanelFactory
from tests.panels.meeting_factories import (
    PDF,
    AgendaItemFactory,
    MeetingActionFactory,
    MeetingFactory,
    MeetingPaperFactory,
)

pytestmark = pytest.mark.browser
TITLE = "Repairs review: evidence session"


def test_a_meeting_with_papers_rsvp_and_minutes(
    page, live_server, sign_in, check_page, staff, panel_member, other_browser, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    ScrutinyPanelFactory()
    past = MeetingFactory(
        panel=ScrutinyPanelFactory(),
        title="Last month's meeting",
        starts_at=timezone.now() - datetime.timedelta(days=30),
    )

    sign_in(page, staff, mfa=True)
    page.goto(f"{live_server.url}/staff/meetings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Panel meetings")
    check_page(page, "meetings-staff-list", phone=True)
    page.get_by_role("link", name="Set up a meeting").click()
    check_page(page, "meeting-create", phone=True)
    page.get_by_label("Panel").select_option(label="Resident Scrutiny Panel")
    page.get_by_label("Title").fill(TITLE)
    day = timezone.localdate() + datetime.timedelta(days=10)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Start time").fill("18:00")
    page.get_by_label("End time").fill("20:00")
    page.get_by_role("button", name="Save").click()
    # Neither a place nor a link: the error is next to the field and in the summary, the title is kept.
    expect(page.get_by_role("alert")).to_contain_text("Say where the meeting is, or give an online meeting link.")
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    check_page(page, "meeting-create-error")
    page.get_by_label("Where").fill("Community room, Alder House, LS6 2AB")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    check_page(page, "meeting-staff", phone=True)
    page.get_by_role("link", name="Add an agenda item").click()
    check_page(page, "agenda-item-form")
    page.get_by_label("Title").fill("Repairs performance")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The agenda item is added.")).to_be_visible()

    page.get_by_role("link", name="Add a paper").click()
    page.get_by_label("Title").fill("Repairs report")
    page.get_by_label("File").set_input_files(
        {"name": "report.pdf", "mimeType": "application/pdf", "buffer": b"PK\x03\x04 a Word file"}
    )
    page.get_by_role("button", name="Add the paper").click()
    expect(page.get_by_role("alert")).to_contain_text("report.pdf is not a PDF.")
    expect(page.locator(".invalid-feedback, .text-danger").filter(has_text="report.pdf is not a PDF.")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Repairs report")
    check_page(page, "paper-form-error", phone=True)
    page.get_by_label("Agenda item").select_option(label="Repairs performance")
    page.get_by_label("File").set_input_files({"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Add the paper").click()
    expect(page.get_by_text("The paper is added.")).to_be_visible()
    meeting = Meeting.objects.get(title=TITLE)

    # The member's side: My meetings, the meeting, the RSVP, a paper, the calendar address.
    member = other_browser()
    sign_in(member, panel_member)
    member.goto(f"{live_server.url}/meetings/")
    expect(member.get_by_role("heading", level=1)).to_have_text("My meetings")
    check_page(member, "my-meetings", phone=True)
    member.get_by_role("link", name=TITLE).click()
    expect(member.get_by_role("heading", level=1)).to_have_text(TITLE)
    check_page(member, "meeting-detail", phone=True)
    member.get_by_role("button", name="Save my answer").click()
    expect(member.get_by_role("alert")).to_contain_text("Are you coming?")
    check_page(member, "meeting-rsvp-error")
    member.get_by_label("Going", exact=True).check()
    member.get_by_label("Anything that would help you take part").fill("A hearing loop, please.")
    member.get_by_role("button", name="Save my answer").click()
    expect(member.get_by_role("status")).to_contain_text("Your answer is saved: going.")
    assert Rsvp.objects.get(meeting=meeting).access_needs == "A hearing loop, please."
    paper_href = member.get_by_role("link", name="Repairs report").get_attribute("href")
    paper = member.request.get(f"{live_server.url}{paper_href}")
    assert paper.status == 200 and paper.body() == PDF
    member.get_by_role("link", name="Back to my meetings").click()
    member.get_by_role("link", name="add them all to your calendar").click()
    check_page(member, "meeting-calendar", phone=True)

    # Staff write and publish the minutes, add an action and record attendance at last month's meeting.
    page.goto(f"{live_server.url}/staff/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Write or publish the minutes").click()
    page.get_by_label("Minutes").fill("Members agreed to ask for the repairs contractor's figures.")
    page.get_by_role("button", name="Save draft").click()
    check_page(page, "minutes-form", phone=True)
    page.get_by_role("button", name="Publish the minutes").click()
    expect(page.get_by_text("The minutes are published.")).to_be_visible()
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What will be done").fill("Ask the contractor for missed appointment figures.")
    page.get_by_label("Who does it").fill("Repairs team")
    page.get_by_label("Due by").fill((timezone.localdate() + datetime.timedelta(days=14)).isoformat())
    check_page(page, "action-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The action is added.")).to_be_visible()
    page.goto(f"{live_server.url}/staff/meetings/{past.pk}/attendance/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who came")
    page.get_by_label("Attendance of Grace Mensah").select_option(label="Attended")
    check_page(page, "attendance", phone=True)
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance is saved (1 recorded).")).to_be_visible()

    member.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    expect(member.get_by_role("region", name="Minutes", exact=True)).to_contain_text(
        "Members agreed to ask for the repairs"
    )
    expect(member.get_by_role("region", name="Actions", exact=True)).to_contain_text("Repairs team")
    check_page(member, "meeting-detail-minutes", phone=True)


def test_staff_invite_a_board_member_who_then_sees_the_meeting_and_its_papers(
    page, live_server, sign_in, check_page, staff, board, other_browser, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    spotlight = PanelFactory(name="Spotlight Residents Panel", slug="spotlight")
    meeting = MeetingFactory(panel=spotlight, title="Spotlight on complaints")
    item = AgendaItemFactory(meeting=meeting, title="Complaints report")
    MeetingPaperFactory(meeting=meeting, agenda_item=item, title="Complaints handling report")
    action = MeetingActionFactory(meeting=meeting, description="Share the complaints data with the Board.")

    sign_in(page, staff, mfa=True)
    page.goto(f"{live_server.url}/staff/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Change date, place or details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the meeting")
    check_page(page, "meeting-edit", phone=True)
    page.get_by_label("About this meeting").fill("Tea and coffee from 5.45pm.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The meeting is saved.")).to_be_visible()

    page.get_by_role("link", name="Change Complaints report").click()
    check_page(page, "agenda-item-edit")
    page.get_by_label("Who leads it").fill("Chair of the panel")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The agenda item is saved.")).to_be_visible()

    page.get_by_role("link", name="Invite a board member").click()
    check_page(page, "invitation-form", phone=True)
    page.get_by_label("Board member").select_option(label=str(board))
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_role("status")).to_contain_text("is invited and has been emailed")

    page.get_by_role("link", name="Update action: Share the complaints data").click()
    check_page(page, "action-edit")
    page.get_by_label("Status").select_option(label="Done")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The action is saved.")).to_be_visible()
    action.refresh_from_db()
    assert action.completed_on is not None

    member = other_browser()
    sign_in(member, board, mfa=True)
    member.goto(f"{live_server.url}/meetings/")
    member.get_by_role("link", name="Spotlight on complaints").click()
    expect(member.get_by_text("Tea and coffee from 5.45pm.")).to_be_visible()
    expect(member.get_by_role("link", name="Complaints handling report")).to_be_visible()
    check_page(member, "meeting-detail-board", phone=True)
