"""Celery tasks of events: each calls one service and is safe to run twice."""

from celery import shared_task

from residents.background import PortalTask

from . import services


@shared_task(base=PortalTask)
def send_event_reminders() -> int:
    return services.send_due_reminders()
