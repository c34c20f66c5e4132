"""Reads of Neighbourhood Action Plans for their pages, each a fixed number of queries whatever the size of the
plan (its actions, votes and comments)."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import (
    OPEN_ACTION_STATUSES,
    Action,
    ActionPlan,
    PlanComment,
    ProgressUpdate,
    Proposal,
    ProposalStatus,
    Vote,
)

COMMENTS_SHOWN = 50
UPDATE_FIELDS = ("id", "action_id", "text", "created_at")


def _count(queryset, field: str) -> Coalesce:
    """How many rows of queryset there are per `field` = the outer row, as a subquery (no join fan-out)."""
    grouped = queryset.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(grouped, output_field=IntegerField()), Value(0))


def ranked_actions(plan: ActionPlan, *, resident=None):
    """The plan's actions, most votes first (the residents' ranking), each with its vote count, whether this
    resident voted for it, and its progress notes, newest first. Two queries."""
    actions = (
        Action.objects.filter(plan=plan)
        .select_related("proposed_by")
        .only(
            *("id", "plan_id", "title", "description", "topic", "owner", "due_on", "status", "decision"),
            *("decision_reason", "decided_at", "completed_at", "proposed_by__first_name"),
        )
        .annotate(vote_count=_count(Vote.objects.filter(action=OuterRef("pk")), "action"))
        .prefetch_related(
            Prefetch("updates", queryset=ProgressUpdate.objects.only("id", "action_id", "text", "created_at"))
        )
        .order_by("-vote_count", "due_on", "id")
    )
    if resident is not None:
        actions = actions.annotate(my_vote=Exists(Vote.objects.filter(action=OuterRef("pk"), resident=resident)))
    return actions


def plan_page(plan: ActionPlan, *, resident=None, show_comments: bool, today=None) -> dict:
    """Everything the plan's page shows: ranked actions (with overdue ones marked), comments, the resident's own
    proposals and how many votes they have left."""
    today = today or timezone.localdate()
    actions = list(ranked_actions(plan, resident=resident))
    for action in actions:
        action.overdue = action.is_overdue(today)
    comments = []
    if show_comments:
        comments = list(
            PlanComment.objects.filter(plan=plan)
            .select_related("resident", "action")
            .only(
                *("id", "plan_id", "text", "created_at", "removed_at", "removed_reason"),
                *("resident__first_name", "action__title"),
            )[:COMMENTS_SHOWN]
        )
    proposals = []
    if resident is not None:
        proposals = list(Proposal.objects.filter(plan=plan, resident=resident).order_by("-created_at"))
    votes_used = sum(1 for action in actions if getattr(action, "my_vote", False))
    return {
        "actions": actions,
        "overdue_count": sum(1 for action in actions if action.overdue),
        "comments": comments,
        "proposals": proposals,
        "votes_used": votes_used,
        "votes_left": max(plan.votes_per_resident - votes_used, 0),
        "total_votes": sum(action.vote_count for action in actions),
    }


def staff_plan_page(plan: ActionPlan, *, today=None) -> dict:
    """The staff page: the ranking, every comment shown (latest first), proposals waiting for review, how many
    residents voted."""
    page = plan_page(plan, show_comments=True, today=today)
    page["waiting_proposals"] = list(
        Proposal.objects.filter(plan=plan, status=ProposalStatus.WAITING).select_related("resident")
    )
    page["voters"] = Vote.objects.filter(plan=plan).values("resident_id").distinct().count()
    return page


def plans_for_staff():
    """Every plan with its neighbourhood and counts, for the staff list (one query per page)."""
    today = timezone.localdate()
    return (
        ActionPlan.objects.select_related("neighbourhood")
        .only("id", "year", "title", "status", "published", "voting_closes_at", "neighbourhood__name")
        .annotate(
            action_count=_count(Action.objects.filter(plan=OuterRef("pk")), "plan"),
            overdue_count=_count(Action.objects.overdue(today).filter(plan=OuterRef("pk")), "plan"),
            vote_count=_count(Vote.objects.filter(plan=OuterRef("pk")), "plan"),
            waiting_count=_count(Proposal.objects.filter(plan=OuterRef("pk"), status=ProposalStatus.WAITING), "plan"),
        )
        .order_by("-year", "neighbourhood__name", "id")
    )


def home_panel(resident) -> dict | None:
    """The resident home's panel: their neighbourhood's latest shared plan, with how many actions it has, how many
    are overdue and how many votes they have used (one query). None when the neighbourhood has no shared plan."""
    today = timezone.localdate()
    plan = (
        ActionPlan.objects.shared()
        .filter(neighbourhood_id=resident.home.block.neighbourhood_id)
        .only("id", "title", "year", "status", "votes_per_resident", "voting_closes_at", "neighbourhood_id")
        .annotate(
            action_count=_count(Action.objects.filter(plan=OuterRef("pk")), "plan"),
            open_count=_count(Action.objects.filter(plan=OuterRef("pk"), status__in=OPEN_ACTION_STATUSES), "plan"),
            overdue_count=_count(Action.objects.overdue(today).filter(plan=OuterRef("pk")), "plan"),
            my_votes=_count(Vote.objects.filter(plan=OuterRef("pk"), resident=resident), "plan"),
        )
        .order_by("-year")
        .first()
    )
    if plan is None:
        return None
    return {"plan": plan, "voting_open": plan.voting_open(), "votes_left": plan.votes_per_resident - plan.my_votes}


def export_for_resident(user, resident) -> dict | None:
    """The resident's data download: their comments, suggestions and votes on action plans."""
    if resident is None:
        return None
    return {
        "comments": [
            {
                "plan": c.plan.title,
                "about": c.action.title if c.action_id else None,
                "text": c.text,
                "written": c.created_at.isoformat(),
            }
            for c in PlanComment.objects.filter(resident=resident)
            .select_related("plan", "action")
            .order_by("created_at")
        ],
        "suggestions": [
            {
                "plan": p.plan.title,
                "title": p.title,
                "description": p.description,
                "outcome": p.get_status_display(),
                "reason": p.reason,
                "sent": p.created_at.isoformat(),
            }
            for p in Proposal.objects.filter(resident=resident).select_related("plan").order_by("created_at")
        ],
        "votes": [
            {"plan": v.plan.title, "action": v.action.title, "voted": v.created_at.isoformat()}
            for v in Vote.objects.filter(resident=resident).select_related("plan", "action").order_by("created_at")
        ],
    }
