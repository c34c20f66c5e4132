"""Celery tasks: each takes ids, loads rows and calls one service. Their base (residents/background.py)
queues them after commit, retries them on connection errors and gives them time limits."""

from celery import shared_task

from .background import PortalTask
from .involvement import services as involvement
from .outbox import services as outbox
from .people import register_import
from .updates import services as updates

IMPORT_SOFT_TIME_LIMIT = 30 * 60  # a whole register in one transaction; still under the visibility timeout


@shared_task(base=PortalTask, soft_time_limit=IMPORT_SOFT_TIME_LIMIT, time_limit=IMPORT_SOFT_TIME_LIMIT + 120)
def check_register_import(import_id: int) -> None:
    register_import.claim_and_preview_import(import_id)


@shared_task(base=PortalTask, soft_time_limit=IMPORT_SOFT_TIME_LIMIT, time_limit=IMPORT_SOFT_TIME_LIMIT + 120)
def apply_register_import(import_id: int) -> None:
    register_import.claim_and_apply_import(import_id)


@shared_task(base=PortalTask, soft_time_limit=IMPORT_SOFT_TIME_LIMIT, time_limit=IMPORT_SOFT_TIME_LIMIT + 120)
def resume_register_imports() -> int:
    """Beat: imports whose own task never reached a worker (the broker was down when it was queued)."""
    return len(register_import.resume_waiting_imports(time_budget=resume_register_imports.time_budget()))


@shared_task(base=PortalTask)
def relay_outbox() -> int:
    return outbox.send_queued_emails(time_budget=relay_outbox.time_budget())


@shared_task(base=PortalTask)
def publish_due_updates() -> int:
    return len(updates.publish_due_updates())


@shared_task(base=PortalTask)
def send_involvement_alerts() -> int:
    """Beat: the weekly emails telling residents of new opportunities that fit their preferences."""
    return involvement.send_due_alerts(time_budget=send_involvement_alerts.time_budget())


@shared_task(base=PortalTask)
def send_volunteer_summaries() -> int:
    """Beat (daily): each volunteer's summary of last year, sent in January, once."""
    return involvement.send_last_years_summaries()
