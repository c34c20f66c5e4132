"""Who may do what with the Community Fund. Rounds are public (anyone may read them, signed in or not). An
application is seen by the resident who made it and by staff; for any other resident it does not exist (404).
Staff run rounds, set up scoring and decide; a wrong role is a 403 (the role decorators)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from residents.permissions import is_resident, is_staff, linked_resident_or_none

from .models import Application, ApplicationStatus, FundRound


def can_apply(user, fund_round: FundRound, now=None) -> bool:
    return is_resident(user) and fund_round.is_open(now)


def can_edit(user, application: Application, now=None) -> bool:
    return (
        is_resident(user)
        and application.resident.user_id == user.pk
        and application.status == ApplicationStatus.DRAFT
        and application.round.is_open(now)
    )


def can_report(user, application: Application) -> bool:
    """The applicant of a funded project, once, until they have reported."""
    return (
        is_resident(user)
        and application.resident.user_id == user.pk
        and application.report_due_at is not None
        and application.report_submitted_at is None
    )


def can_decide(user, application: Application) -> bool:
    return is_staff(user) and application.status == ApplicationStatus.SUBMITTED


def get_round(pk: int) -> FundRound:
    return get_object_or_404(FundRound, pk=pk)


def get_application_for_user(request, pk: int) -> Application:
    """The applicant's own application (residents) or any (staff); 404 for everyone else."""
    application = get_object_or_404(Application.objects.select_related("round", "resident"), pk=pk)
    if is_staff(request.user):
        return application
    resident = linked_resident_or_none(request)
    if resident is None or application.resident_id != resident.pk:
        raise Http404
    return application
