"""Who may see and score a scoring round: the panel's current members and staff (others 404, other roles 403).

Members score alone: while the round is open a member sees only their own scores; everyone's appear once it
closes. Staff follow the round as it goes (totals, spread, who has not scored) but do not score.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from residents.permissions import is_staff

from ..scrutiny.permissions import check_member_or_staff
from .models import Option, RoundStatus, ScoringRound


def can_score(member: bool, scoring_round: ScoringRound) -> bool:
    return member and scoring_round.status == RoundStatus.OPEN


def can_see_all_scores(user, scoring_round: ScoringRound) -> bool:
    """Staff at any time; members once the round has closed."""
    return is_staff(user) or scoring_round.status == RoundStatus.CLOSED


def can_set_up(user, scoring_round: ScoringRound) -> bool:
    return is_staff(user) and scoring_round.status == RoundStatus.DRAFT


def get_round_for_user(request, pk: int) -> tuple[ScoringRound, bool]:
    scoring_round = get_object_or_404(ScoringRound.objects.select_related("panel", "chosen"), pk=pk)
    return scoring_round, check_member_or_staff(request, scoring_round.panel)


def get_round_for_staff(request, pk: int) -> ScoringRound:
    if not is_staff(request.user):
        raise PermissionDenied
    return get_object_or_404(ScoringRound.objects.select_related("panel"), pk=pk)


def get_option_for_member(request, pk: int) -> Option:
    """An option, for a member of its round's panel to score (staff 403: they do not score)."""
    option = get_object_or_404(Option.objects.select_related("round__panel"), pk=pk)
    if not check_member_or_staff(request, option.round.panel):
        raise PermissionDenied
    return option
