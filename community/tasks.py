"""The community app's Celery tasks, found by Celery's autodiscovery (it looks for <app>.tasks)."""

from .events.tasks import send_event_reminders  # noqa: F401
