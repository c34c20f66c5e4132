"""Who sees which decision. Staff record and manage every decision. Board members read those ready for the
Board and published ones (read only); any other decision does not exist for them (404). Anyone, signed in or
not, reads published decisions on the public pages; a resident reaches nothing else (the staff pages are 403)."""

from django.shortcuts import get_object_or_404

from residents.permissions import is_board, is_staff

from .models import Decision, DecisionStatus
from .services import EDITABLE


def decisions_for_user(user):
    """The decisions the staff pages list for this user (staff: all; Board members: ready and published)."""
    if is_staff(user):
        return Decision.objects.all()
    if is_board(user):
        return Decision.objects.for_board()
    return Decision.objects.none()


def get_decision_for_user(request, pk: int, *, lock: bool = False) -> Decision:
    decisions = decisions_for_user(request.user)
    return get_object_or_404(decisions.select_for_update() if lock else decisions, pk=pk)


def get_public_decision(pk: int) -> Decision:
    return get_object_or_404(Decision.objects.published(), pk=pk)


def can_manage(user, decision: Decision) -> bool:
    """Change the decision's text and what it cites (staff, before it is published)."""
    return is_staff(user) and decision.status in EDITABLE


def can_publish(user, decision: Decision) -> bool:
    return is_staff(user) and decision.status == DecisionStatus.READY


def can_withdraw(user, decision: Decision) -> bool:
    return is_staff(user) and decision.status == DecisionStatus.PUBLISHED
