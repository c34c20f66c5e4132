"""Celery tasks of the Community Fund: each calls one service and is safe to run twice."""

from celery import shared_task

from residents.background import PortalTask

from . import services


@shared_task(base=PortalTask)
def send_fund_report_reminders() -> int:
    """Beat: the monitoring report reminders that are due, each project claimed once."""
    return services.send_report_reminders()
