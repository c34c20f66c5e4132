"""Celery tasks: each takes ids, loads rows and calls one service. Every one is safe to run twice; their base
(residents/background.py) queues them after commit, retries them on connection errors and gives them time
limits."""

from celery import shared_task

from residents.background import PortalTask

from .services import invitations


@shared_task(base=PortalTask)
def send_survey_invitations(survey_id: int | None = None) -> int:
    """Hand a survey's waiting email invitations to the outbox (all surveys' when survey_id is None)."""
    return invitations.send_survey_invitations(survey_id=survey_id)


@shared_task(base=PortalTask)
def send_pending_invitations() -> int:
    """The periodic sweep: invitations left waiting (the broker was down, a worker died) go now."""
    return invitations.send_survey_invitations()


@shared_task(base=PortalTask)
def publish_due_waves() -> int:
    return len(invitations.publish_due_waves())


@shared_task(base=PortalTask)
def send_survey_reminders() -> int:
    return invitations.send_due_reminders()
