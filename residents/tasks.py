"""Celery tasks: each takes ids, loads rows and calls one service."""

from celery import shared_task

from . import register_import
from .services import outbox, updates


@shared_task(acks_late=True)
def check_register_import(import_id: int) -> None:
    register_import.claim_and_preview_import(import_id)


@shared_task(acks_late=True)
def apply_register_import(import_id: int) -> None:
    register_import.claim_and_apply_import(import_id)


@shared_task(acks_late=True)
def run_register_import(import_id: int) -> None:
    """The name uploads were queued under before imports had a preview: a message still on the queue after an
    upgrade is checked and previewed, never applied without confirmation."""
    register_import.claim_and_preview_import(import_id)


@shared_task
def relay_outbox() -> int:
    return outbox.send_queued_emails()


@shared_task
def publish_due_updates() -> int:
    return len(updates.publish_due_updates())
