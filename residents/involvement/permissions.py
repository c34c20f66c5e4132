"""Who may do what with involvement, as plain predicates (tested as a persona x state table), and the
get_<thing>_for_user helpers: something that is not theirs, or does not exist, is a 404; a wrong role a 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..permissions import is_resident, is_staff
from .models import ExpenseClaim, HoursEntry, Interest, Opportunity, OpportunityStatus, TrainingSession


def can_see_opportunity(user, opportunity: Opportunity) -> bool:
    """Published and closed opportunities are public. A draft is not, for anyone: staff read it on its edit page
    (which needs two-factor authentication), never on the public one."""
    return opportunity.status != OpportunityStatus.DRAFT


def can_express_interest(user, opportunity: Opportunity, today=None) -> bool:
    return (
        is_resident(user)
        and opportunity.status == OpportunityStatus.PUBLISHED
        and opportunity.closes_on >= (today or timezone.localdate())
    )


def can_edit_opportunity(user, opportunity: Opportunity) -> bool:
    return is_staff(user)


def can_confirm_hours(user, entry: HoursEntry) -> bool:
    return is_staff(user) and entry.confirmed_at is None


def get_opportunity_for_user(request, pk: int) -> Opportunity:
    """Public pages: a draft does not exist for anyone but staff."""
    opportunity = get_object_or_404(Opportunity.objects.select_related("neighbourhood"), pk=pk)
    if not can_see_opportunity(request.user, opportunity):
        raise Http404
    return opportunity


def get_opportunity_for_staff(request, pk: int) -> Opportunity:
    if not is_staff(request.user):
        raise PermissionDenied
    return get_object_or_404(Opportunity.objects.select_related("neighbourhood"), pk=pk)


def get_interest_for_staff(request, pk: int) -> Interest:
    if not is_staff(request.user):
        raise PermissionDenied
    return get_object_or_404(
        Interest.objects.select_related("opportunity", "resident__home__block__neighbourhood", "resident__user"), pk=pk
    )


def get_hours_for_staff(request, pk: int) -> HoursEntry:
    if not is_staff(request.user):
        raise PermissionDenied
    return get_object_or_404(HoursEntry.objects.select_related("resident__user"), pk=pk)


def get_claim_for_resident(request, pk: int) -> ExpenseClaim:
    """The signed-in resident's own claim; anyone else's is a 404."""
    return get_object_or_404(ExpenseClaim.objects.filter(resident__user=request.user), pk=pk)


def get_claim_for_staff(request, pk: int) -> ExpenseClaim:
    if not is_staff(request.user):
        raise PermissionDenied
    return get_object_or_404(ExpenseClaim.objects.select_related("resident__user", "opportunity", "logged_by"), pk=pk)


def get_session_for_staff(request, pk: int) -> TrainingSession:
    if not is_staff(request.user):
        raise PermissionDenied
    return get_object_or_404(TrainingSession.objects.select_related("course"), pk=pk)
