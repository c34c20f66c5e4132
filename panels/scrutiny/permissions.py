"""Who may do what with scrutiny reviews, option scoring and the panels' reports to the Board.

A panel's topics, reviews, evidence and scores are for that panel's current members and staff: any other
resident gets 404 (they never learn what the panel is looking at), the Board and other roles 403. A report to
the Board is read by board members, staff and the members of the panel that sent it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from residents.permissions import is_board, is_resident, is_staff, role_required

from ..models import (
    BoardReport,
    Evidence,
    Membership,
    MembershipRole,
    Panel,
    Recommendation,
    Review,
    ReviewStage,
    Topic,
)
from ..permissions import is_current_member

# Residents (for their own panels) and staff; staff need two-factor authentication as on every staff page.
# A report to the Board: board members, staff and the residents of the panel that sent it.
board_report_reader_required = role_required(lambda user: is_resident(user) or is_staff(user) or is_board(user))


# Predicates ---------------------------------------------------------------------------------------------------


def can_propose_topic(user, panel: Panel) -> bool:
    return is_staff(user) or is_current_member(user, panel)


def can_run_reviews(user) -> bool:
    """Staff open reviews, move them between stages and record management's responses."""
    return is_staff(user)


def can_add_evidence(user, review: Review, *, member: bool) -> bool:
    """Staff and the panel's members log evidence until the report is written."""
    return (is_staff(user) or member) and review.stage in (
        ReviewStage.SCOPING,
        ReviewStage.EVIDENCE,
        ReviewStage.REPORTING,
    )


def can_write_findings(user, review: Review) -> bool:
    return is_staff(user) and review.stage in (ReviewStage.EVIDENCE, ReviewStage.REPORTING)


def can_respond(user, recommendation: Recommendation) -> bool:
    """Management answers a recommendation once the report has gone to them, until the review closes."""
    return is_staff(user) and recommendation.review.stage in (ReviewStage.RESPONSE, ReviewStage.IMPLEMENTATION)


def can_update_progress(user, recommendation: Recommendation) -> bool:
    return (
        is_staff(user)
        and recommendation.is_accepted
        and recommendation.completed_at is None
        and recommendation.review.stage != ReviewStage.CLOSED
    )


def can_draft_update(user, recommendation: Recommendation) -> bool:
    """A done recommendation can become a "You said, we did" entry."""
    return is_staff(user) and recommendation.completed_at is not None


def can_submit_board_report(user, panel: Panel) -> bool:
    """Staff, or the panel's chair or vice-chair, send the panel's report to the Board."""
    if is_staff(user):
        return True
    if not is_resident(user):
        return False
    return (
        Membership.objects.current()
        .filter(panel=panel, resident__user=user, role__in=[MembershipRole.CHAIR, MembershipRole.VICE_CHAIR])
        .exists()
    )


def can_answer_board_report(user, report: BoardReport) -> bool:
    return is_board(user) and report.responded_at is None


# Lookups for views ---------------------------------------------------------------------------------------------


def check_member_or_staff(request, panel: Panel) -> bool:
    """True for staff, False for a member; 404 for any other resident, 403 for any other role."""
    if is_staff(request.user):
        return False
    if is_resident(request.user) and is_current_member(request.user, panel):
        return True
    if is_resident(request.user):
        raise Http404
    raise PermissionDenied


def get_panel_for_user(request, slug: str) -> tuple[Panel, bool]:
    """The panel, for its members and staff; and whether the visitor is a member."""
    panel = get_object_or_404(Panel, slug=slug)
    return panel, check_member_or_staff(request, panel)


def get_topic_for_member(request, pk: int) -> tuple[Topic, bool]:
    topic = get_object_or_404(Topic.objects.select_related("panel"), pk=pk)
    return topic, check_member_or_staff(request, topic.panel)


def get_topic_for_staff(request, pk: int) -> Topic:
    if not is_staff(request.user):
        raise PermissionDenied
    return get_object_or_404(Topic.objects.select_related("panel"), pk=pk)


def get_review_for_user(request, pk: int) -> tuple[Review, bool]:
    """A review, for its panel's members and staff; and whether the visitor is a member."""
    review = get_object_or_404(Review.objects.select_related("panel", "topic"), pk=pk)
    return review, check_member_or_staff(request, review.panel)


def get_review_for_staff(request, pk: int, *, lock: bool = False) -> Review:
    if not is_staff(request.user):
        raise PermissionDenied
    reviews = Review.objects.select_for_update(of=("self",)) if lock else Review.objects.all()
    return get_object_or_404(reviews.select_related("panel"), pk=pk)


def get_evidence_for_user(request, pk: int) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("review__panel"), pk=pk)
    check_member_or_staff(request, evidence.review.panel)
    return evidence


def get_recommendation_for_user(request, pk: int) -> tuple[Recommendation, bool]:
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("review__panel", "owner", "responded_by"), pk=pk
    )
    return recommendation, check_member_or_staff(request, recommendation.review.panel)


def get_recommendation_for_staff(request, pk: int) -> Recommendation:
    if not is_staff(request.user):
        raise PermissionDenied
    return get_object_or_404(Recommendation.objects.select_related("review__panel", "owner"), pk=pk)


def get_board_report_for_user(request, pk: int) -> BoardReport:
    """Board members and staff read every report; a resident only those of a panel they sit on (others 404)."""
    report = get_object_or_404(BoardReport.objects.select_related("panel", "submitted_by", "responded_by"), pk=pk)
    if is_board(request.user) or is_staff(request.user):
        return report
    if is_resident(request.user) and is_current_member(request.user, report.panel):
        return report
    if is_resident(request.user):
        raise Http404
    raise PermissionDenied


def get_board_report_for_board(request, pk: int) -> BoardReport:
    if not is_board(request.user):
        raise PermissionDenied
    return get_object_or_404(BoardReport.objects.select_related("panel"), pk=pk)
