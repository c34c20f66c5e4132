"""The community app's models. Each feature keeps its models in its own package; they are re-exported here so
`community.models` names every model of the app."""

from .events.models import Event, EventKind, EventStatus, SignUp, SignUpStatus  # noqa: F401
from .spaces.models import (  # noqa: F401
    Booking,
    BookingDate,
    BookingStatus,
    OpeningHours,
    Space,
    Weekday,
    WhoMayBook,
)
