"""What the meetings feature hands the layers below it, registered once from the panels app's ready(): its section of
a resident's data download, and its demo meetings."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .models import ActionStatus, Attendance, Meeting, MeetingAction, MeetingPaper, Rsvp

DEMO_TITLE = "Repairs review: evidence session"
# A one-page PDF that passes residents.uploads.check_document.
DEMO_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def export_for_resident(user, resident) -> dict | None:
    """Their answers to meeting invitations (with the access needs they gave) and the attendance staff recorded."""
    rsvps = Rsvp.objects.filter(user=user).select_related("meeting__panel").order_by("meeting__starts_at")
    attendance = (
        Attendance.objects.filter(resident=resident) if resident is not None else Attendance.objects.filter(user=user)
    )
    rsvps, attendance = list(rsvps), list(attendance.select_related("meeting__panel").order_by("meeting__starts_at"))
    if not rsvps and not attendance:
        return None
    return {
        "rsvps": [
            {
                "meeting": r.meeting.title,
                "panel": r.meeting.panel.name,
                "starts_at": r.meeting.starts_at.isoformat(),
                "response": r.get_response_display(),
                "access_needs": r.access_needs,
            }
            for r in rsvps
        ],
        "attendance": [
            {
                "meeting": a.meeting.title,
                "panel": a.meeting.panel.name,
                "starts_at": a.meeting.starts_at.isoformat(),
                "status": a.get_status_display(),
                "hours": str(a.hours),
            }
            for a in attendance
        ],
    }


def seed_demo_meetings() -> str:
    """Two meetings of the Resident Scrutiny Panel: one held last month with its minutes and an overdue action, one
    next week with an agenda and a paper. Made once; left as they are afterwards."""
    from ..models import Panel

    if Meeting.objects.filter(title=DEMO_TITLE).exists():
        return f'Demo meetings: "{DEMO_TITLE}" already present, left as it was.'
    panel = Panel.objects.filter(slug="scrutiny").first()
    if panel is None:
        return ""
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        held = now.replace(hour=18) - datetime.timedelta(days=28)
        past = Meeting.objects.create(
            panel=panel,
            title="Choosing this year's review topics",
            starts_at=held,
            ends_at=held + datetime.timedelta(hours=2),
            place="Community room, Alder House",
            reminder_due_at=Meeting.reminder_due_for(held),
            reminder_sent_at=held,
            minutes="Members chose the repairs service as the first review of the year.",
            minutes_published_at=held + datetime.timedelta(days=2),
            minutes_notice_due_at=held + datetime.timedelta(days=2),
            minutes_notice_sent_at=held + datetime.timedelta(days=2),
        )
        MeetingAction.objects.create(
            meeting=past,
            description="Send members the repairs complaints figures for the last year.",
            owner="Involvement team",
            due_on=timezone.localdate() - datetime.timedelta(days=7),
            status=ActionStatus.IN_PROGRESS,
        )
        starts = now.replace(hour=18) + datetime.timedelta(days=7)
        upcoming = Meeting.objects.create(
            panel=panel,
            title=DEMO_TITLE,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            place="Community room, Alder House",
            online_link="https://meet.example.org/scrutiny",
            reminder_due_at=Meeting.reminder_due_for(starts),
        )
        for position, title in enumerate(["Welcome and apologies", "Repairs performance"], 1):
            item = upcoming.agenda_items.create(position=position, title=title)
        paper = MeetingPaper(meeting=upcoming, agenda_item=item, title="Repairs performance report", size=len(DEMO_PDF))
        paper.file.save("paper.pdf", ContentFile(DEMO_PDF), save=True)
    return f'Demo meetings: "{DEMO_TITLE}" and last month\'s meeting added to the Resident Scrutiny Panel.'


def register() -> None:
    from residents import dataexport, demo
    from residents.involvement.sources import register_hours_source

    # Attendance counts towards a member's involvement hours (services.record_attendance).
    register_hours_source(Meeting, describe=lambda meeting: f"{meeting.panel.name}: {meeting.title}")
    dataexport.register_section("panel_meetings", export_for_resident)
    demo.register_demo_seed(seed_demo_meetings)
