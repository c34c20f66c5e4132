"""A resident's scrutiny and scoring data, for their data download (residents.dataexport)."""

from ..scoring.models import ConflictDeclaration, Score
from .models import Evidence, Topic, TopicVote


def export_for_resident(user, resident) -> dict | None:
    """Topics they proposed, their votes, evidence they logged, their scores and declared conflicts."""
    if resident is None:
        return None
    return {
        "topics_proposed": [
            {
                "panel": t.panel.name,
                "title": t.title,
                "description": t.description,
                "proposed": t.created_at.isoformat(),
            }
            for t in Topic.objects.filter(proposed_by=user).select_related("panel")
        ],
        "topic_votes": [
            {"topic": v.topic.title, "cast": v.cast_at.isoformat()}
            for v in TopicVote.objects.filter(resident=resident).select_related("topic")
        ],
        "evidence_logged": [
            {"review": e.review.title, "title": e.title, "kind": e.get_kind_display(), "notes": e.notes}
            for e in Evidence.objects.filter(added_by=user).select_related("review")
        ],
        "scores": [
            {
                "round": s.option.round.title,
                "option": s.option.name,
                "criterion": s.criterion.name,
                "score": s.value,
                "comment": s.comment,
            }
            for s in Score.objects.filter(resident=resident).select_related("option__round", "criterion")
        ],
        "conflicts_declared": [
            {"round": c.option.round.title, "option": c.option.name, "reason": c.reason}
            for c in ConflictDeclaration.objects.filter(resident=resident).select_related("option__round")
        ],
    }
