"""The community app's Celery tasks, from its feature packages (Celery finds tasks in <app>/tasks.py)."""

from .events.tasks import send_event_reminders  # noqa: F401
from .walkabouts.tasks import send_walkabout_reminders  # noqa: F401
