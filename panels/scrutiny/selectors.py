"""Reads that put together the scrutiny pages, each a fixed number of queries whatever the data size."""

from django.db.models import Count, Exists, OuterRef, Q

from residents.models import YouSaidWeDid

from ..models import Panel
from . import services
from .models import (
    REVIEWS_TARGET_PER_YEAR,
    BoardReport,
    Recommendation,
    Review,
    StageChange,
    Topic,
    TopicVote,
    reporting_year,
)


def scrutiny_home(*, panel: Panel, user, today) -> dict:
    """The panel's scrutiny page: the topic vote (ranked, with the evidence behind each topic), the reviews, the
    year's count against the target, and its reports to the Board."""
    ballot = services.current_ballot(panel)
    topics = Topic.objects.filter(panel=panel, review__isnull=True).select_related("proposed_by")
    if ballot is not None:
        topics = topics.annotate(
            vote_count=Count("votes", filter=Q(votes__ballot=ballot)),
            mine=Exists(TopicVote.objects.filter(ballot=ballot, topic=OuterRef("pk"), resident__user=user)),
        ).order_by("-vote_count", "created_at", "id")
    topics = list(topics)
    start, end = reporting_year(today)
    reviews = list(
        Review.objects.filter(panel=panel).annotate(
            recommendation_count=Count("recommendations", distinct=True),
            done_count=Count("recommendations", filter=Q(recommendations__completed_at__isnull=False), distinct=True),
        )
    )
    return {
        "ballot": ballot,
        "voting_open": ballot is not None and ballot.is_open(),
        "topics": topics,
        "votes_used": sum(1 for topic in topics if getattr(topic, "mine", False)),
        "reviews": reviews,
        "year_start": start,
        "year_end": end,
        "completed": sum(1 for review in reviews if review.reported_on and start <= review.reported_on <= end),
        "target": REVIEWS_TARGET_PER_YEAR,
        "board_reports": list(
            BoardReport.objects.filter(panel=panel).only("id", "title", "submitted_at", "responded_at", "panel_id")
        ),
    }


def review_page(*, review: Review) -> dict:
    recommendations = list(review.recommendations.select_related("owner").annotate(update_count=Count("updates")))
    return {
        "history": list(StageChange.objects.filter(review=review).select_related("moved_by")),
        "evidence": list(review.evidence.select_related("added_by")),
        "findings": list(review.findings.all()),
        "recommendations": recommendations,
    }


def recommendation_page(*, recommendation: Recommendation) -> dict:
    return {
        "updates": list(recommendation.updates.select_related("added_by")),
        "entries": list(YouSaidWeDid.objects.citing(recommendation).only("id", "title", "status")),
    }


def tracked_recommendations(*, show: str):
    """Recommendations for staff to chase: awaiting a response, in progress (overdue first), or done."""
    recommendations = Recommendation.objects.select_related("review__panel", "owner").defer(
        "review__scope", "review__panel__remit", "response_reasons"
    )
    if show == "awaiting":
        return recommendations.filter(response="awaiting").order_by("created_at", "id")
    if show == "done":
        return recommendations.filter(completed_at__isnull=False).order_by("-completed_at", "-id")
    return recommendations.in_progress().order_by("due_on", "id")
