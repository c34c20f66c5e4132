"""The community app's Celery tasks, from its feature packages (Celery finds tasks in <app>/tasks.py)."""

from .walkabouts.tasks import send_walkabout_reminders  # noqa: F401
