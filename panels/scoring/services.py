"""Writes of option scoring. The rule that a member with a declared conflict cannot score the option is also held
by the database (triggers in the migration): a score written any other way is refused there too."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Membership, Panel
from .models import ConflictDeclaration, Criterion, Option, RoundStatus, Score, ScoringRound


@transaction.atomic
def create_round(*, panel: Panel, title: str, purpose: str, max_score: int, actor) -> ScoringRound:
    return ScoringRound.objects.create(panel=panel, title=title, purpose=purpose, max_score=max_score, created_by=actor)


def _draft(scoring_round: ScoringRound) -> ScoringRound:
    scoring_round = ScoringRound.objects.select_for_update().get(pk=scoring_round.pk)
    if scoring_round.status != RoundStatus.DRAFT:
        raise ValidationError("Criteria and options are fixed once scoring has opened.")
    return scoring_round


@transaction.atomic
def add_criterion(*, scoring_round: ScoringRound, name: str, description: str, weight: int) -> Criterion:
    scoring_round = _draft(scoring_round)
    if scoring_round.criteria.filter(name__iexact=name).exists():
        raise ValidationError({"name": "There is already a criterion with this name."})
    return Criterion.objects.create(round=scoring_round, name=name, description=description, weight=weight)


@transaction.atomic
def add_option(*, scoring_round: ScoringRound, name: str, description: str, subject=None) -> Option:
    """subject: what the option stands for elsewhere (a Community Fund application), if anything."""
    scoring_round = _draft(scoring_round)
    if scoring_round.options.filter(name__iexact=name).exists():
        raise ValidationError({"name": "There is already an option with this name."})
    return Option.objects.create(round=scoring_round, name=name, description=description, subject=subject)


def opening_problems(scoring_round: ScoringRound) -> list[str]:
    weights = list(scoring_round.criteria.values_list("weight", flat=True))
    problems = []
    if not weights:
        problems.append("Add at least one criterion.")
    elif sum(weights) != 100:
        problems.append(f"The criteria's weights must add up to 100%; they add up to {sum(weights)}%.")
    if scoring_round.options.count() < 2:
        problems.append("Add at least two options to choose between.")
    return problems


@transaction.atomic
def open_round(*, scoring_round: ScoringRound) -> ScoringRound:
    scoring_round = _draft(scoring_round)
    problems = opening_problems(scoring_round)
    if problems:
        raise ValidationError(problems)
    scoring_round.status, scoring_round.opened_at = RoundStatus.OPEN, timezone.now()
    scoring_round.save(update_fields=["status", "opened_at"])
    return scoring_round


def _member_resident_id(panel_id: int, user) -> int:
    member = Membership.objects.current().filter(panel_id=panel_id, resident__user=user).values("resident_id").first()
    if member is None:
        raise ValidationError("Only the panel's members score.")
    return member["resident_id"]


def _open(option: Option) -> ScoringRound:
    scoring_round = ScoringRound.objects.select_for_update().get(pk=option.round_id)
    if scoring_round.status != RoundStatus.OPEN:
        raise ValidationError("Scoring is closed.")
    return scoring_round


@transaction.atomic
def declare_conflict(*, option: Option, user, reason: str) -> ConflictDeclaration:
    """The member takes no part in scoring this option: any scores they gave it are removed first."""
    _open(option)
    resident_id = _member_resident_id(option.round.panel_id, user)
    Score.objects.filter(option=option, resident_id=resident_id).delete()
    declaration, _ = ConflictDeclaration.objects.get_or_create(
        option=option, resident_id=resident_id, defaults={"reason": reason}
    )
    return declaration


@transaction.atomic
def submit_scores(*, option: Option, user, values: dict[int, int], comment: str = "") -> list[Score]:
    """A member's scores for one option, one per criterion; they replace the member's earlier scores while the
    round is open."""
    scoring_round = _open(option)
    resident_id = _member_resident_id(scoring_round.panel_id, user)
    criteria = set(scoring_round.criteria.values_list("id", flat=True))
    if set(values) != criteria:
        raise ValidationError("Score every criterion.")
    if any(not 0 <= value <= scoring_round.max_score for value in values.values()):
        raise ValidationError(f"Each score is from 0 to {scoring_round.max_score}.")
    if ConflictDeclaration.objects.filter(option=option, resident_id=resident_id).exists():
        raise ValidationError("You declared a conflict of interest in this option, so you do not score it.")
    Score.objects.filter(option=option, resident_id=resident_id).delete()
    try:
        with transaction.atomic():
            return Score.objects.bulk_create(
                [
                    Score(
                        option=option, criterion_id=criterion_id, resident_id=resident_id, value=value, comment=comment
                    )
                    for criterion_id, value in values.items()
                ]
            )
    except IntegrityError:  # a declaration made at the same moment: the database's trigger refused the scores
        raise ValidationError("You declared a conflict of interest in this option, so you do not score it.") from None


@transaction.atomic
def close_round(*, scoring_round: ScoringRound, chosen: Option | None, reasons: str) -> ScoringRound:
    scoring_round = ScoringRound.objects.select_for_update().get(pk=scoring_round.pk)
    if scoring_round.status != RoundStatus.OPEN:
        raise ValidationError("Only an open round can be closed.")
    if chosen is not None and chosen.round_id != scoring_round.pk:
        raise ValidationError({"chosen": "Choose one of this round's options."})
    if not reasons.strip():
        raise ValidationError({"outcome_reasons": "Give the reasons for the outcome."})
    scoring_round.status, scoring_round.closed_at = RoundStatus.CLOSED, timezone.now()
    scoring_round.chosen, scoring_round.outcome_reasons = chosen, reasons.strip()
    scoring_round.save(update_fields=["status", "closed_at", "chosen", "outcome_reasons"])
    return scoring_round
