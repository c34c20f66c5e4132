"""Block Champions' background work: a thin task, safe to run twice."""

from celery import shared_task

from residents.background import PortalTask

from . import services


@shared_task(base=PortalTask)
def send_champion_digests() -> int:
    """Beat: each champion's weekly digest of their block's open issues, exactly once."""
    return len(services.send_due_digests())
