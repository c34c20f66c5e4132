"""A walk as a calendar file (.ics), for residents to add to their phone's calendar."""

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

from .models import Walkabout


def ics_for(walkabout: Walkabout) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.LANDLORD_NAME}//Resident portal//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"walkabout-{walkabout.pk}@{settings.SITE_URL.split('//')[-1].split('/')[0]}")
    event.add("summary", walkabout.title)
    event.add("dtstart", walkabout.starts_at)
    event.add("dtend", walkabout.ends_at)
    event.add("dtstamp", walkabout.created_at)
    event.add("location", walkabout.meeting_point)
    access = [
        "Step-free route" if walkabout.step_free else "Not step-free all the way",
        f"{walkabout.distance_km} km",
        "places to sit on the way" if walkabout.seating else "few places to sit",
    ]
    event.add(
        "description",
        f"Meet at: {walkabout.meeting_point}\nRoute: {walkabout.route}\nAccess: {', '.join(access)}\n"
        f"{settings.SITE_URL}{reverse('community:walkabout_detail', args=[walkabout.pk])}",
    )
    calendar.add_component(event)
    return calendar.to_ical()
