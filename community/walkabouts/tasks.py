"""Celery tasks of walkabouts: each calls one service and is safe to run twice (see services.send_due_reminders)."""

from celery import shared_task

from residents.background import PortalTask

from . import services


@shared_task(base=PortalTask)
def send_walkabout_reminders() -> int:
    """Beat: the day-before reminders that are due, each walk claimed once."""
    return services.send_due_reminders()
