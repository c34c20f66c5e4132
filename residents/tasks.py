from celery import shared_task

from . import register_import


@shared_task(acks_late=True)
def run_register_import(import_id: int) -> None:
    register_import.claim_and_run_import(import_id)
