"""Reads of a scoring round, each a fixed number of queries whatever the number of members or options."""

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import pstdev

from django.db.models import Count, F, Sum

from ..models import Membership
from .models import ConflictDeclaration, Option, Score, ScoringRound


@dataclass
class OptionResult:
    option: Option
    per_criterion: list[dict] = field(default_factory=list)  # {"criterion", "total", "average", "count"}
    weighted: float | None = None  # the average member's weighted score, as a percentage of the highest possible
    lowest: float | None = None  # the spread of members' weighted scores
    highest: float | None = None
    spread: float | None = None  # standard deviation of the members' weighted scores (percentage points)
    scorers: int = 0
    conflicts: int = 0
    not_scored: list = field(default_factory=list)  # residents who could score it and have not (all criteria)


def round_results(scoring_round: ScoringRound) -> dict:
    """Per option: the total and average of each criterion, the weighted score, how far members' weighted
    scores spread, and which current members have not scored it (leaving out those with a conflict)."""
    criteria = list(scoring_round.criteria.all())
    options = list(scoring_round.options.all())
    weight = {c.pk: c.weight for c in criteria}
    per_criterion = {
        (row["option_id"], row["criterion_id"]): row
        for row in Score.objects.filter(option__round=scoring_round)
        .values("option_id", "criterion_id")
        .annotate(total=Sum("value"), count=Count("id"))
    }
    # Each member's weighted score per option, summed in the database: value x weight over the criteria.
    member_totals = defaultdict(dict)
    member_counts = defaultdict(dict)
    for row in (
        Score.objects.filter(option__round=scoring_round)
        .values("option_id", "resident_id")
        .annotate(weighted=Sum(F("value") * F("criterion__weight")), count=Count("id"))
    ):
        member_totals[row["option_id"]][row["resident_id"]] = row["weighted"]
        member_counts[row["option_id"]][row["resident_id"]] = row["count"]
    conflicts = defaultdict(set)
    for option_id, resident_id in ConflictDeclaration.objects.filter(option__round=scoring_round).values_list(
        "option_id", "resident_id"
    ):
        conflicts[option_id].add(resident_id)
    members = list(
        Membership.objects.current()
        .filter(panel_id=scoring_round.panel_id)
        .select_related("resident")
        .only("resident__id", "resident__first_name", "resident__last_name")
        .order_by("resident__last_name", "resident__first_name")
    )
    full_marks = scoring_round.max_score * 100  # a member's weighted score when every criterion gets the top mark
    results = []
    for option in options:
        result = OptionResult(option=option, conflicts=len(conflicts[option.pk]))
        for criterion in criteria:
            row = per_criterion.get((option.pk, criterion.pk))
            total, count = (row["total"], row["count"]) if row else (0, 0)
            result.per_criterion.append(
                {"criterion": criterion, "total": total, "count": count, "average": total / count if count else None}
            )
        complete = {
            resident_id: value * 100 / full_marks
            for resident_id, value in member_totals[option.pk].items()
            if member_counts[option.pk][resident_id] == len(criteria)
        }
        if complete:
            values = list(complete.values())
            result.scorers = len(values)
            result.weighted = sum(values) / len(values)
            result.lowest, result.highest = min(values), max(values)
            result.spread = pstdev(values)
        result.not_scored = [
            m.resident for m in members if m.resident_id not in complete and m.resident_id not in conflicts[option.pk]
        ]
        results.append(result)
    results.sort(key=lambda r: (r.weighted is None, -(r.weighted or 0)))
    return {"criteria": criteria, "results": results, "weights": weight, "member_count": len(members)}


def member_view(scoring_round: ScoringRound, user) -> dict:
    """What one member sees while scoring: each option, whether they have scored it or declared a conflict."""
    options = list(scoring_round.options.all())
    mine = set(
        Score.objects.filter(option__round=scoring_round, resident__user=user)
        .values("option_id")
        .annotate(n=Count("id"))
        .filter(n=scoring_round.criteria.count())
        .values_list("option_id", flat=True)
    )
    conflicted = set(
        ConflictDeclaration.objects.filter(option__round=scoring_round, resident__user=user).values_list(
            "option_id", flat=True
        )
    )
    return {
        "my_options": [{"option": o, "scored": o.pk in mine, "conflict": o.pk in conflicted} for o in options],
    }
