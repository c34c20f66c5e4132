"""Reads that put together the scrutiny pages, each a fixed number of queries whatever the data size."""

from django.db.models import Count, DateField, Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from residents.involvement.sources import LedTo
from residents.models import YouSaidWeDid

from ..models import Membership, MembershipStatus, Panel
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


# A resident's involvement record -------------------------------------------------------------------------------


def _sat_on_panel_during_review(resident_id: int, today):
    """Memberships of this resident (accepted: current, stepped down or ended) whose term overlapped the outer
    review's run: from the day it began to the day its report went to management (today while it is still
    running). An application never accepted is not a seat on the panel."""
    return Membership.objects.filter(
        resident_id=resident_id,
        panel=OuterRef("panel"),
        status__in=[MembershipStatus.MEMBER, MembershipStatus.STEPPED_DOWN, MembershipStatus.ENDED],
        term_starts__isnull=False,
        term_starts__lte=Coalesce(OuterRef("reported_on"), Value(today), output_field=DateField()),
    ).filter(Q(term_ends__isnull=True) | Q(term_ends__gte=OuterRef("created_at__date")))


def recommendation_ids_for_resident(resident_id: int):
    """Recommendations the resident's panel work is behind: those of reviews run by a panel they were a member of
    while the review ran (a subquery of ids, for "You said, we did")."""
    reviews = Review.objects.filter(Exists(_sat_on_panel_during_review(resident_id, timezone.localdate())))
    return Recommendation.objects.filter(review__in=reviews.values("pk")).values("pk")


def recommendations_led_to(resident, *, limit: int) -> list:
    """For the resident's involvement record: the recommendations of reviews they sat on the panel for, newest
    first, each with the management response and whether it is done, and a link while they may open it (a current
    member of the panel). One query."""
    today = timezone.localdate()
    recommendations = (
        Recommendation.objects.filter(pk__in=recommendation_ids_for_resident(resident.pk))
        .select_related("review__panel")
        .only("text", "response", "completed_at", "due_on", "created_at", "review__title", "review__panel__name")
        .annotate(
            can_open=Exists(
                Membership.objects.current(on=today).filter(resident=resident, panel=OuterRef("review__panel"))
            )
        )
        .order_by("-created_at", "-id")[:limit]
    )
    rows = []
    for recommendation in recommendations:
        status = recommendation.get_response_display()
        if recommendation.completed_at:
            status = f"{status}, done"
        elif recommendation.is_overdue(today):
            status = f"{status}, overdue"
        rows.append(
            LedTo(
                kind="Scrutiny recommendation",
                title=recommendation.text if len(recommendation.text) <= 150 else f"{recommendation.text[:149]}…",
                status=status,
                came_from=f"{recommendation.review.panel.name}: {recommendation.review.title}",
                on=timezone.localdate(recommendation.created_at),
                url=reverse("panels:recommendation_detail", args=[recommendation.pk])
                if recommendation.can_open
                else None,
            )
        )
    return rows
