"""What the spaces feature registers with the base app when the community app is ready: its section of a
resident's data download and its demo data."""

from datetime import time

from django.db import transaction

from residents.models import Neighbourhood

from .models import Booking, OpeningHours, Space, WhoMayBook
from .selectors import bookings_with_dates


def export_bookings(user, resident) -> list[dict] | None:
    """The account's own booking requests, with their dates and decisions (UK GDPR right of access)."""
    bookings = bookings_with_dates(Booking.objects.of_user(user)).order_by("created_at")
    return [
        {
            "reference": booking.reference,
            "space": booking.space.name,
            "purpose": booking.purpose,
            "group": booking.group_name,
            "people": booking.people,
            "status": booking.get_status_display(),
            "reason": booking.reason,
            "asked_on": booking.created_at.isoformat(),
            "dates": [{"starts": d.starts_at.isoformat(), "ends": d.ends_at.isoformat()} for d in booking.dates.all()],
        }
        for booking in bookings
    ] or None


DEMO_SPACES = [
    {
        "name": "Millfield Community Centre: main hall",
        "slug": "millfield-main-hall",
        "address": "Millfield Community Centre, 4 Mill Lane, Leeds LS6 2AB",
        "description": "A large hall with a stage, a serving hatch to the kitchen and stacking chairs for 80.",
        "capacity": 80,
        "step_free": True,
        "hearing_loop": True,
        "accessible_toilet": True,
        "facilities": "Kitchen\nStage\nTables and chairs\nWi-Fi\nProjector and screen",
        "who_may_book": WhoMayBook.RESIDENTS,
        "hours": {day: (time(9), time(21)) for day in range(6)},
    },
    {
        "name": "Alder House meeting room",
        "slug": "alder-house-meeting-room",
        "address": "Ground floor, Alder House, Leeds LS6 2AB",
        "description": "A small room for meetings of up to 12 people.",
        "capacity": 12,
        "step_free": True,
        "hearing_loop": False,
        "accessible_toilet": False,
        "facilities": "Table and chairs\nTea and coffee",
        "who_may_book": WhoMayBook.GROUPS,
        "hours": {day: (time(10), time(16)) for day in range(5)},
    },
]


def seed_demo_spaces() -> str:
    """Two spaces in the first neighbourhood, made once."""
    neighbourhood = Neighbourhood.objects.order_by("name").first()
    if neighbourhood is None:
        return ""
    made = []
    with transaction.atomic():
        for spec in DEMO_SPACES:
            spec = dict(spec)
            hours = spec.pop("hours")
            space, created = Space.objects.get_or_create(
                slug=spec["slug"], defaults={**spec, "neighbourhood": neighbourhood}
            )
            if created:
                OpeningHours.objects.bulk_create(
                    OpeningHours(space=space, weekday=day, opens=opens, closes=closes)
                    for day, (opens, closes) in hours.items()
                )
                made.append(space.name)
    return f"Demo spaces: made {', '.join(made)}." if made else "Demo spaces: already present, left as they were."


def register() -> None:
    from residents import dataexport, demo

    dataexport.register_section("space_bookings", export_bookings)
    demo.register_demo_seed(seed_demo_spaces)
