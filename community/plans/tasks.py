"""Neighbourhood Action Plans' background work: thin tasks that call one service each, safe to run twice."""

from celery import shared_task

from residents.background import PortalTask

from . import services


@shared_task(base=PortalTask)
def send_plan_progress_emails() -> int:
    """Beat: each plan whose weekly progress email is due has it queued in the outbox, exactly once."""
    return len(services.send_due_progress_emails())
