"""What the events feature registers with the base app: its section of a resident's data download."""

from .models import EventSignUp


def export_sign_ups(user, resident) -> list[dict] | None:
    """The resident's sign-ups to events, with whether they came (UK GDPR right of access)."""
    if resident is None:
        return None
    sign_ups = EventSignUp.objects.filter(resident=resident).select_related("event").order_by("created_at")
    return [
        {
            "event": s.event.title,
            "starts": s.event.starts_at.isoformat(),
            "status": s.get_status_display(),
            "signed_up": s.created_at.isoformat(),
            "access_needs": s.access_needs,
            "attended": s.attended,
        }
        for s in sign_ups
    ] or None


def register() -> None:
    from residents import dataexport, homepanels
    from residents.involvement.sources import register_hours_source

    from .models import Event

    dataexport.register_section("event_sign_ups", export_sign_ups)
    # Attendance counts towards a resident's involvement hours (services.record_attendance).
    register_hours_source(Event, describe=lambda event: f"Event: {event.title}")
    # The resident home offers events and rooms to book.
    homepanels.register_home_panel("community/events/home_panel.html", lambda resident: {}, order=40)
