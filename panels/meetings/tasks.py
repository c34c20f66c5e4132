"""Celery tasks for meetings: each calls one service and is safe to run twice (see services.send_due_notices)."""

from celery import shared_task

from residents.background import PortalTask

from . import services


@shared_task(base=PortalTask)
def send_meeting_notices() -> int:
    """Beat: meeting reminders and minutes-published notices that are due go to the outbox, each once."""
    return services.send_due_notices()
