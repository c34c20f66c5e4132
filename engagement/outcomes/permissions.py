"""Who may do what with the outcomes framework: staff and the Board read it (aggregates only, nothing about a
person); staff choose the indicators and targets. Residents get 403 (the views' role decorators)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from residents.involvement.models import Outcome
from residents.permissions import is_staff

from .models import OutcomeIndicator


def can_manage_indicators(user) -> bool:
    return is_staff(user)


def get_outcome(value: str) -> Outcome:
    """One of the four outcomes, by its value in the URL: 404 for anything else."""
    if value not in Outcome.values:
        raise Http404("No such outcome.")
    return Outcome(value)


def get_indicator_for_user(request, pk: int) -> OutcomeIndicator:
    """An indicator an outcome has, for staff changing or removing it."""
    if not can_manage_indicators(request.user):
        raise PermissionDenied
    return get_object_or_404(OutcomeIndicator, pk=pk)
