"""The meeting pages: staff set a meeting up, add papers (PDFs only), record attendance, publish minutes and track
actions; members answer the RSVP and open papers. Query counts are the same at 5 and 500 members."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from panels.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingAction,
    MeetingInvitation,
    MeetingPaper,
    Membership,
    Rsvp,
    RsvpResponse,
)
from residents.models import HoursEntry, OutboundEmail, Resident, Role, User
from tests.querycount import queries_for_get

from .factories import MembershipFactory, ScrutinyPanelFactory
from .meeting_factories import PDF, AgendaItemFactory, MeetingActionFactory, MeetingFactory, MeetingPaperFactory


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


# Staff set up a meeting ---------------------------------------------------------------------------------------


def meeting_form(panel, **overrides):
    day = timezone.localdate() + datetime.timedelta(days=10)
    return {
        "panel": panel.pk,
        "title": "Winter meeting",
        "date": day.isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "place": "Community room, Alder House",
        "online_link": "",
        "details": "",
        **overrides,
    }


def test_staff_set_up_a_meeting(client_for, db):
    panel = ScrutinyPanelFactory()
    response = client_for("staff").post(reverse("panels:staff_meeting_create"), meeting_form(panel))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("panels:staff_meeting", args=[meeting.pk])
    local = timezone.localtime(meeting.starts_at)
    assert (local.hour, meeting.ends_at - meeting.starts_at) == (18, datetime.timedelta(hours=2))
    assert meeting.reminder_due_at == meeting.starts_at - datetime.timedelta(hours=48)


def test_a_meeting_needs_a_place_or_a_link_and_an_end_after_its_start(client_for, db):
    panel = ScrutinyPanelFactory()
    response = client_for("staff").post(
        reverse("panels:staff_meeting_create"), meeting_form(panel, place="", end_time="17:00")
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "Say where the meeting is, or give an online meeting link." in page
    assert "The end time must be after the start time." in page
    assert 'value="Winter meeting"' in page  # what was typed is kept
    assert not Meeting.objects.exists()


def test_a_paper_that_is_not_a_pdf_is_refused_next_to_the_field(client_for, scrutiny_meeting, media):
    upload = SimpleUploadedFile("report.pdf", b"PK\x03\x04 this is a Word file", content_type="application/pdf")
    response = client_for("staff").post(
        reverse("panels:staff_paper_create", args=[scrutiny_meeting.pk]), {"title": "Repairs report", "file": upload}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "report.pdf is not a PDF." in page
    # Next to the field (tied to it by aria-describedby) and in the summary at the top, linked to the field.
    assert (
        '<div id="id_file_error" class="invalid-feedback"> <p id="error_1_id_file"><strong>report.pdf is not a PDF.'
        in (" ".join(page.split()))
    )
    assert 'aria-describedby="id_file_helptext id_file_error"' in page
    assert '<a href="#id_file">File: report.pdf is not a PDF.</a>' in page
    assert 'value="Repairs report"' in page
    assert not MeetingPaper.objects.exists()


def test_a_pdf_paper_is_stored_and_members_can_open_it(client_for, scrutiny_meeting, media):
    upload = SimpleUploadedFile("anything.pdf", PDF, content_type="application/pdf")
    client_for("staff").post(
        reverse("panels:staff_paper_create", args=[scrutiny_meeting.pk]), {"title": "Repairs report", "file": upload}
    )
    paper = MeetingPaper.objects.get()
    assert paper.file.name.startswith(f"meetings/{scrutiny_meeting.pk}/") and "anything" not in paper.file.name
    url = reverse("panels:meeting_paper", args=[scrutiny_meeting.pk, paper.pk])
    response = client_for("panel_member").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert "Repairs report" in text_of(
        client_for("panel_member").get(reverse("panels:meeting_detail", args=[scrutiny_meeting.pk]))
    )
    assert client_for("other_resident").get(url).status_code == 404


def test_an_invited_board_member_sees_the_meeting_and_its_papers(client_for, scrutiny_meeting, meeting_paper, board):
    url = reverse("panels:meeting_paper", args=[scrutiny_meeting.pk, meeting_paper.pk])
    assert client_for("board").get(url).status_code == 404
    client_for("staff").post(reverse("panels:staff_invitation_create", args=[scrutiny_meeting.pk]), {"user": board.pk})
    assert MeetingInvitation.objects.filter(meeting=scrutiny_meeting, user=board).exists()
    assert OutboundEmail.objects.filter(to=board.email, subject__startswith="Invitation:").count() == 1
    assert client_for("board").get(url).status_code == 200
    assert client_for("board").get(reverse("panels:meeting_detail", args=[scrutiny_meeting.pk])).status_code == 200


# Members answer -------------------------------------------------------------------------------------------------


def test_a_member_answers_the_rsvp_with_their_access_needs(client_for, scrutiny_meeting, panel_member):
    url = reverse("panels:meeting_rsvp", args=[scrutiny_meeting.pk])
    client = client_for("panel_member")
    response = client.post(url, {"response": "going", "access_needs": "A hearing loop, please."}, follow=True)
    assert "Your answer is saved: going." in text_of(response)
    client.post(url, {"response": "maybe", "access_needs": ""})
    rsvp = Rsvp.objects.get(meeting=scrutiny_meeting, user=panel_member)
    assert (rsvp.response, rsvp.access_needs) == (RsvpResponse.MAYBE, "")


def test_an_rsvp_without_an_answer_is_refused_next_to_the_field(client_for, scrutiny_meeting):
    response = client_for("panel_member").post(
        reverse("panels:meeting_rsvp", args=[scrutiny_meeting.pk]), {"access_needs": "Step-free access"}
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "There is a problem" in page and "This field is required." in page
    assert "Step-free access" in page
    assert not Rsvp.objects.exists()


def test_staff_cannot_rsvp(client_for, scrutiny_meeting):
    response = client_for("staff").post(
        reverse("panels:meeting_rsvp", args=[scrutiny_meeting.pk]), {"response": "going"}
    )
    assert response.status_code == 403


def test_my_meetings_lists_upcoming_and_past(client_for, scrutiny_meeting, past_meeting):
    MeetingFactory(title="Another panel's meeting")
    page = text_of(client_for("panel_member").get(reverse("panels:my_meetings")))
    coming, past = page.split("Past meetings", 1)
    assert "Repairs review: evidence session" in coming and "Last month" in past
    assert "Another panel's meeting" not in page


# Attendance, minutes and actions -----------------------------------------------------------------------------


def test_attendance_is_recorded_and_adds_to_involvement_hours(client_for, past_meeting, panel_member, board):
    member = Resident.objects.get(user=panel_member)
    second = MembershipFactory(panel=past_meeting.panel).resident
    MeetingInvitation.objects.create(meeting=past_meeting, user=board)
    url = reverse("panels:staff_attendance", args=[past_meeting.pk])
    response = client_for("staff").post(
        url,
        {
            f"status_r{member.pk}": "attended",
            f"hours_r{member.pk}": "",
            f"status_r{second.pk}": "attended",
            f"hours_r{second.pk}": "1.5",
            f"status_u{board.pk}": "apologies",
            f"hours_u{board.pk}": "",
        },
    )
    assert response.status_code == 302
    # The involvement record's one query: hours from meetings a resident attended.
    hours = Attendance.objects.attended().filter(resident=member).aggregate(total=Sum("hours"))["total"]
    assert hours == Decimal("2.00")  # the meeting's length
    assert Attendance.objects.get(resident=second).hours == Decimal("1.50")
    assert Attendance.objects.get(user=board).status == AttendanceStatus.APOLOGIES
    # The member's involvement record counts the meeting, confirmed (staff recorded it).
    record = text_of(client_for("panel_member").get(reverse("residents:my_involvement")))
    assert f"{past_meeting.panel.name}: Last month" in record
    assert HoursEntry.objects.get(resident=member).hours == Decimal("2.00")

    # Corrected: they sent apologies after all. The hours go from their record.
    client_for("staff").post(
        url,
        {
            f"status_r{member.pk}": "apologies",
            f"hours_r{member.pk}": "",
            f"status_r{second.pk}": "attended",
            f"hours_r{second.pk}": "1.5",
        },
    )
    assert not HoursEntry.objects.filter(resident=member).exists()
    assert HoursEntry.objects.get(resident=second).hours == Decimal("1.50")


def test_hours_for_someone_who_did_not_attend_are_refused(client_for, past_meeting, panel_member):
    member = Resident.objects.get(user=panel_member)
    response = client_for("staff").post(
        reverse("panels:staff_attendance", args=[past_meeting.pk]),
        {f"status_r{member.pk}": "absent", f"hours_r{member.pk}": "2"},
    )
    assert response.status_code == 200
    assert "Hours count only for someone who attended." in text_of(response)
    assert not Attendance.objects.exists()


def test_attendance_waits_for_the_meeting_to_start(client_for, scrutiny_meeting):
    response = client_for("staff").get(reverse("panels:staff_attendance", args=[scrutiny_meeting.pk]))
    assert response.status_code == 302


def test_minutes_are_hidden_until_published(client_for, past_meeting, django_capture_on_commit_callbacks):
    staff = client_for("staff")
    staff.post(reverse("panels:staff_minutes", args=[past_meeting.pk]), {"minutes": "Members agreed the scope."})
    detail = reverse("panels:meeting_detail", args=[past_meeting.pk])
    assert "Members agreed the scope." not in text_of(client_for("panel_member").get(detail))
    with django_capture_on_commit_callbacks(execute=False):
        staff.post(reverse("panels:staff_minutes_publish", args=[past_meeting.pk]))
    assert "Members agreed the scope." in text_of(client_for("panel_member").get(detail))
    past_meeting.refresh_from_db()
    assert past_meeting.minutes_notice_due_at is not None


def test_overdue_actions_stand_out(client_for, scrutiny_meeting):
    MeetingActionFactory(
        meeting=scrutiny_meeting, description="Overdue thing", due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    MeetingActionFactory(meeting=scrutiny_meeting, description="Future thing")
    page = client_for("panel_member").get(reverse("panels:meeting_detail", args=[scrutiny_meeting.pk])).content.decode()
    overdue_row = page.split("Overdue thing")[1].split("</tr>")[0]
    future_row = page.split("Future thing")[1].split("</tr>")[0]
    assert "Overdue" in overdue_row and "Overdue" not in future_row
    listing = text_of(client_for("staff").get(reverse("panels:staff_meeting_list")))
    assert "1 action from meetings is past its due date." in listing


def test_finishing_an_action_records_the_day(client_for, meeting_action):
    client_for("staff").post(
        reverse("panels:staff_action_edit", args=[meeting_action.meeting_id, meeting_action.pk]),
        {
            "description": meeting_action.description,
            "owner": "Repairs team",
            "due_on": meeting_action.due_on.isoformat(),
            "status": "done",
            "progress": "Letter sent.",
        },
    )
    meeting_action.refresh_from_db()
    assert meeting_action.completed_on == timezone.localdate()


def test_agenda_items_keep_their_order_and_move(client_for, scrutiny_meeting):
    staff = client_for("staff")
    for title in ["Welcome", "Repairs", "Any other business"]:
        staff.post(reverse("panels:staff_agenda_item_create", args=[scrutiny_meeting.pk]), {"title": title})
    repairs = scrutiny_meeting.agenda_items.get(title="Repairs")
    staff.post(reverse("panels:staff_agenda_item_move", args=[scrutiny_meeting.pk, repairs.pk]), {"direction": "up"})
    assert list(scrutiny_meeting.agenda_items.values_list("title", flat=True)) == [
        "Repairs",
        "Welcome",
        "Any other business",
    ]


# Query counts -------------------------------------------------------------------------------------------------


def grow_panel_to(panel, total: int) -> None:
    """Members with accounts, RSVPs and attendance on the meetings of the panel, until it has `total` members."""
    start = Membership.objects.filter(panel=panel).count()
    meetings = list(Meeting.objects.filter(panel=panel))
    home = Resident.objects.first().home
    users = User.objects.bulk_create(
        [User(email=f"m{panel.pk}-{i}@example.org", role=Role.RESIDENT) for i in range(start, total)]
    )
    residents = Resident.objects.bulk_create(
        [
            Resident(
                resident_reference=f"QC-{u.pk}",
                tenancy_reference=f"QCT-{u.pk}",
                home=home,
                first_name="M",
                last_name=f"{u.pk}",
                user=u,
            )
            for u in users
        ]
    )
    today = timezone.localdate()
    Membership.objects.bulk_create(
        [
            Membership(panel=panel, resident=r, status="member", term_starts=today - datetime.timedelta(days=400))
            for r in residents
        ]
    )
    for meeting in meetings:
        Rsvp.objects.bulk_create([Rsvp(meeting=meeting, user=u, response=RsvpResponse.GOING) for u in users])
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, resident=r, status="attended", hours=2) for r in residents]
        )


@pytest.fixture
def busy_meeting(scrutiny_meeting, past_meeting, panel_member, media, board):
    for meeting in (scrutiny_meeting, past_meeting):
        for _n in range(3):
            item = AgendaItemFactory(meeting=meeting)
            MeetingPaperFactory(meeting=meeting, agenda_item=item)
        MeetingPaperFactory(meeting=meeting)
        MeetingActionFactory(meeting=meeting)
        MeetingInvitation.objects.create(meeting=meeting, user=board)
    grow_panel_to(scrutiny_meeting.panel, 5)
    return scrutiny_meeting


@pytest.mark.parametrize(
    ("persona", "url_name", "fixture"),
    [
        ("panel_member", "panels:meeting_detail", "scrutiny_meeting"),
        ("panel_member", "panels:my_meetings", None),
        ("board", "panels:meeting_detail", "scrutiny_meeting"),
        ("staff", "panels:staff_meeting", "scrutiny_meeting"),
        ("staff", "panels:staff_attendance", "past_meeting"),
        ("staff", "panels:staff_meeting_list", None),
        ("staff", "panels:meeting_ics", "scrutiny_meeting"),
    ],
)
def test_pages_cost_the_same_at_5_and_500_members(request, client_for, busy_meeting, persona, url_name, fixture):
    url = reverse(url_name, args=[request.getfixturevalue(fixture).pk] if fixture else [])
    client = client_for(persona)
    small = queries_for_get(client, url)
    grow_panel_to(busy_meeting.panel, 500)
    for n in range(30):  # more meetings than a page of past meetings shows
        MeetingFactory(panel=busy_meeting.panel, starts_at=timezone.now() - datetime.timedelta(days=30 + n))
    large = queries_for_get(client, url)
    assert small.count == large.count, f"{small}\n{large}"


# The data download and demo data ---------------------------------------------------------------------------------


def test_a_members_data_download_holds_their_rsvp_and_attendance(client_for, past_meeting, panel_member):
    from residents.dataexport import export_user_data

    member = Resident.objects.get(user=panel_member)
    Rsvp.objects.create(meeting=past_meeting, user=panel_member, response="going", access_needs="Large print")
    Attendance.objects.create(meeting=past_meeting, resident=member, status="attended", hours=2)
    section = export_user_data(User.objects.select_related("resident").get(pk=panel_member.pk))["panel_meetings"]
    assert section["rsvps"][0]["access_needs"] == "Large print"
    assert section["attendance"][0] == {
        "meeting": "Last month's meeting",
        "panel": "Resident Scrutiny Panel",
        "starts_at": past_meeting.starts_at.isoformat(),
        "status": "Attended",
        "hours": "2.00",
    }


def test_the_demo_meetings_are_made_once(db, media):
    from panels.meetings.setup import DEMO_TITLE, seed_demo_meetings

    ScrutinyPanelFactory()
    assert "added" in seed_demo_meetings()
    assert "already present" in seed_demo_meetings()
    assert Meeting.objects.filter(title=DEMO_TITLE).get().papers.count() == 1
    assert MeetingAction.objects.overdue().count() == 1


def test_staff_filter_meetings_by_panel_and_time(client_for, scrutiny_meeting, past_meeting):
    other = MeetingFactory(title="Together Panel meeting")
    url = reverse("panels:staff_meeting_list")
    page = text_of(client_for("staff").get(url, {"panel": scrutiny_meeting.panel_id, "when": "upcoming"}))
    assert "Repairs review: evidence session" in page
    assert "Last month" not in page and other.title not in page
    refused = text_of(client_for("staff").get(url, {"when": "someday"}))
    assert "Choose from the list." in refused


def test_a_paper_over_20_mb_is_refused_before_it_is_read(client_for, scrutiny_meeting, media):
    upload = SimpleUploadedFile("huge.pdf", PDF + b"0" * (20 * 1024 * 1024), content_type="application/pdf")
    response = client_for("staff").post(
        reverse("panels:staff_paper_create", args=[scrutiny_meeting.pk]), {"title": "Huge", "file": upload}
    )
    assert "huge.pdf is larger than 20 MB." in text_of(response)
    assert not MeetingPaper.objects.exists()
