"""Neighbourhood Action Plans: one plan per neighbourhood and year, co-created with the residents who live there.

Staff draft actions; residents of the neighbourhood comment, propose actions and choose priorities with a fixed
number of votes each; staff decide, with a reason residents see. What prompted an action (feedback, a walkabout
issue, survey results) is a generic link, because those live in apps this one may not import (surveys) or above.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from residents.models import FeedbackCategory, Neighbourhood, Resident


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft (staff only)"
    SHARED = "shared", "Shared with the neighbourhood"


class PlanQuerySet(models.QuerySet):
    def shared(self):
        return self.filter(status=PlanStatus.SHARED)

    def visible_to_neighbourhood(self, neighbourhood_id: int):
        """What a resident of this neighbourhood may open: its shared plans, and any published plan."""
        return self.filter(Q(status=PlanStatus.SHARED) & (Q(neighbourhood_id=neighbourhood_id) | Q(published=True)))

    def public(self):
        return self.filter(status=PlanStatus.SHARED, published=True)

    def progress_email_due(self, now):
        return self.filter(progress_email_due_at__lte=now)


def default_votes() -> int:
    return settings.PLAN_VOTES_PER_RESIDENT


class ActionPlan(models.Model):
    """A neighbourhood's plan for one year (April to March, as the association plans its budgets)."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="action_plans")
    year = models.PositiveSmallIntegerField(help_text="The year the plan starts: 2026 means April 2026 to March 2027.")
    title = models.CharField(max_length=150)
    summary = models.TextField(max_length=3000, blank=True)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    # Published: anyone may read the plan, its actions and decisions (never residents' comments or names).
    published = models.BooleanField(default=False)
    votes_per_resident = models.PositiveSmallIntegerField(default=default_votes)
    voting_closes_at = models.DateTimeField(null=True, blank=True)
    # The weekly progress email: when the next one is due (set by the first progress update after the last one),
    # and when the last one went. The beat task claims due plans with a conditional UPDATE.
    progress_email_due_at = models.DateTimeField(null=True, blank=True)
    progress_emailed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "neighbourhood__name"]
        constraints = [
            models.UniqueConstraint(fields=["neighbourhood", "year"], name="plan_one_per_neighbourhood_year"),
            models.CheckConstraint(condition=Q(votes_per_resident__gte=1), name="plan_at_least_one_vote"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="plan_year_sensible"),
            models.CheckConstraint(
                condition=Q(published=False) | Q(status=PlanStatus.SHARED), name="plan_published_is_shared"
            ),
        ]
        indexes = [models.Index(fields=["progress_email_due_at"], name="plan_progress_email_due")]

    def __str__(self):
        return f"{self.title} ({self.period})"

    @property
    def period(self) -> str:
        return f"April {self.year} to March {self.year + 1}"

    def voting_open(self, now=None) -> bool:
        return (
            self.status == PlanStatus.SHARED
            and self.voting_closes_at is not None
            and (now or timezone.now()) < self.voting_closes_at
        )


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Not going ahead"


class Decision(models.TextChoices):
    UNDECIDED = "undecided", "Not decided yet"
    AGREED = "agreed", "Agreed: we will do this"
    NOT_NOW = "not_now", "Not now"


OPEN_ACTION_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


class ActionQuerySet(models.QuerySet):
    def overdue(self, today):
        return self.filter(status__in=OPEN_ACTION_STATUSES, due_on__lt=today)


class Action(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=150)
    description = models.TextField(max_length=3000)
    topic = models.CharField(max_length=20, choices=FeedbackCategory.choices, default=FeedbackCategory.OTHER)
    owner = models.CharField(max_length=120, help_text="Who is responsible: a team or a named officer.")
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.UNDECIDED)
    decision_reason = models.TextField(max_length=2000, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Set when the action came from a resident's proposal.
    proposed_by = models.ForeignKey(Resident, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision=Decision.UNDECIDED) | ~Q(decision_reason=""), name="action_decision_has_reason"
            ),
        ]

    def __str__(self):
        return self.title

    def is_overdue(self, today) -> bool:
        return self.status in OPEN_ACTION_STATUSES and self.due_on is not None and self.due_on < today


class ActionPrompt(models.Model):
    """What prompted an action: feedback, a walkabout issue, survey results... any model registered as a source
    of "You said, we did" (residents/updates/sources.py), so the same objects can be cited when it is done."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="prompts")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("content_type", "object_id")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "content_type", "object_id"], name="action_prompt_once")
        ]

    def __str__(self):
        return f"Prompt {self.content_type_id}:{self.object_id} of action {self.action_id}"


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(max_length=2000)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["action", "-created_at"], name="progress_update_latest")]

    def __str__(self):
        return f"Progress on action {self.action_id} on {self.created_at:%Y-%m-%d}"


class PlanComment(models.Model):
    """A resident's comment on the plan, or on one of its actions."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="comments")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="plan_comments")
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    # Staff remove a comment that breaks the house rules; residents then see only that it was removed, and why.
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["plan", "-created_at"], name="plan_comment_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | ~Q(removed_reason=""), name="plan_comment_removed_has_reason"
            )
        ]

    def __str__(self):
        return f"Comment by resident {self.resident_id} on plan {self.plan_id}"


class ProposalStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for staff to review"
    ACCEPTED = "accepted", "Added to the plan"
    DECLINED = "declined", "Not added"


class Proposal(models.Model):
    """An action a resident proposes; staff add it to the plan or decline it, with a reason the resident sees."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="proposals")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="plan_proposals")
    title = models.CharField(max_length=150)
    description = models.TextField(max_length=2000)
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.WAITING)
    reason = models.TextField(max_length=2000, blank=True)
    action = models.OneToOneField(Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.DECLINED) | ~Q(reason=""), name="proposal_declined_has_reason"
            ),
        ]

    def __str__(self):
        return self.title


class Vote(models.Model):
    """One of a resident's votes for the plan's priorities.

    The limit holds in the database: each vote takes a numbered slot, 1 to the plan's votes_per_resident, and a
    resident's slots are unique per plan. Two requests that both find a resident's last slot free both try to
    take it; the second waits on the unique index and then fails, so a resident never has more votes than slots.
    """

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="votes")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="votes")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="plan_votes")
    slot = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "resident", "slot"], name="vote_slot_once"),
            models.UniqueConstraint(fields=["action", "resident"], name="vote_once_per_action"),
            models.CheckConstraint(condition=Q(slot__gte=1), name="vote_slot_positive"),
        ]
        indexes = [models.Index(fields=["resident", "plan"], name="vote_resident_plan")]

    def __str__(self):
        return f"Vote {self.slot} of resident {self.resident_id} for action {self.action_id}"
