"""One event as an iCalendar file, to add to a phone or computer calendar (the event page links to it)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event, EventStatus

PRODUCT_ID = "-//Resident portal//Community events//EN"


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def event_calendar(event: Event) -> bytes:
    """The event with where it is, its access and a link back. Its UID never changes, so a calendar that has it
    updates it when the file is opened again (moved, or cancelled: STATUS:CANCELLED)."""
    link = f"{settings.SITE_URL}{reverse('community:event_detail', args=[event.pk])}"
    entry = CalendarEvent()
    entry.add("uid", f"community-event-{event.pk}@{_domain()}")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    location = f"{event.space.name}, {event.space.address}" if event.space_id else event.place
    if location:
        entry.add("location", location)
    lines = [event.description, ""]
    if event.accessibility:
        lines.append("Access: " + ", ".join(event.accessibility))
    if event.accessibility_notes:
        lines.append(event.accessibility_notes)
    if event.status == EventStatus.CANCELLED and event.cancel_reason:
        lines += ["", f"Cancelled: {event.cancel_reason}"]
    lines.append(f"Details and sign-up: {link}")
    entry.add("description", "\n".join(lines))
    entry.add("url", link)
    entry.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", event.title)
    calendar.add_component(entry)
    return calendar.to_ical()
