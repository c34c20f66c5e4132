"""iCalendar files: one meeting, or everyone's own feed of their meetings (calendar apps subscribe to it)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Meeting

PRODUCT_ID = "-//Resident portal//Panel meetings//EN"


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _description(meeting: Meeting, link: str) -> str:
    lines = []
    if meeting.details:
        lines += [meeting.details, ""]
    items = list(meeting.agenda_items.all())
    if items:
        lines.append("Agenda:")
        lines += [f"{number}. {item.title}" for number, item in enumerate(items, start=1)]
        lines.append("")
    if meeting.online_link:
        lines.append(f"Join online: {meeting.online_link}")
    lines.append(f"Papers and details: {link}")
    return "\n".join(lines)


def meeting_event(meeting: Meeting, *, link: str) -> Event:
    """The meeting as an event. Its UID stays the same when it moves, so a calendar updates it rather than adding a
    second one; SEQUENCE grows with each change."""
    event = Event()
    event.add("uid", f"panel-meeting-{meeting.pk}@{_domain()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", f"{meeting.panel.name}: {meeting.title}")
    location = meeting.place or meeting.online_link
    if location:
        event.add("location", location)
    event.add("description", _description(meeting, link))
    event.add("url", link)
    event.add("last-modified", meeting.updated_at)
    event.add("sequence", int(meeting.updated_at.timestamp()) // 60 - int(meeting.created_at.timestamp()) // 60)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return event


def calendar_of(meetings, *, name: str, link_for) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, link=link_for(meeting)))
    return calendar.to_ical()
