"""Celery finds tasks in <app>.tasks: each feature's tasks module is imported here so workers register them."""

from .meetings.tasks import send_meeting_notices  # noqa: F401
