"""Neighbourhood Action Plans: writing plans and actions, residents' comments, proposals and votes, staff decisions,
the weekly progress email (exactly once per plan and week) and the "You said, we did" draft of a done action."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from residents.models import Resident, UpdateStatus, YouSaidWeDid
from residents.outbox import services as outbox
from residents.updates import services as updates
from residents.updates import sources

from . import permissions
from .models import (
    Action,
    ActionPlan,
    ActionPrompt,
    ActionStatus,
    Decision,
    PlanComment,
    ProgressUpdate,
    Proposal,
    ProposalStatus,
    Vote,
)


class VoteRefused(ValidationError):
    """The vote cannot be cast: voting is closed, the action cannot be chosen, or every vote is in use."""


# Actions ------------------------------------------------------------------------------------------------------


@transaction.atomic
def set_prompts(*, action: Action, objects) -> None:
    """Make the action cite exactly these objects as what prompted it: any source "You said, we did" can cite
    (feedback, walkabout issues, survey results), so the same objects are cited when the action is done."""
    wanted = set()
    for obj in objects:
        if not sources.is_source_model(type(obj)):
            raise ValidationError(f"{obj} cannot be linked as what prompted an action.")
        wanted.add((ContentType.objects.get_for_model(obj).pk, obj.pk))
    current = set(action.prompts.values_list("content_type_id", "object_id"))
    for content_type_id, object_id in current - wanted:
        action.prompts.filter(content_type_id=content_type_id, object_id=object_id).delete()
    ActionPrompt.objects.bulk_create(
        [ActionPrompt(action=action, content_type_id=ct, object_id=oid) for ct, oid in wanted - current],
        ignore_conflicts=True,
    )


def add_prompt(*, action: Action, obj) -> None:
    """Link one more object as what prompted an action (for other features: a walkabout issue, a survey)."""
    if not sources.is_source_model(type(obj)):
        raise ValidationError(f"{obj} cannot be linked as what prompted an action.")
    ActionPrompt.objects.get_or_create(
        action=action, content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )


@transaction.atomic
def save_action(*, action: Action, prompts=None) -> Action:
    """Create or change an action; a newly done action records when."""
    if action.status == ActionStatus.DONE and action.completed_at is None:
        action.completed_at = timezone.now()
    elif action.status != ActionStatus.DONE:
        action.completed_at = None
    action.save()
    if prompts is not None:
        set_prompts(action=action, objects=prompts)
    return action


@transaction.atomic
def decide_action(*, action: Action, decision: str, reason: str) -> Action:
    """Staff decide on an action, having seen residents' votes and comments; the reason is shown to residents."""
    if decision not in (Decision.AGREED, Decision.NOT_NOW):
        raise ValidationError("Choose whether the action goes ahead.")
    if not reason.strip():
        raise ValidationError("Give the reason: residents see it beside the action.")
    action.decision = decision
    action.decision_reason = reason.strip()
    action.decided_at = timezone.now()
    action.save(update_fields=["decision", "decision_reason", "decided_at", "updated_at"])
    return action


def _progress_email_gap() -> timedelta:
    return timedelta(days=settings.PLAN_PROGRESS_EMAIL_DAYS)


@transaction.atomic
def add_progress_update(*, action: Action, text: str, written_by) -> ProgressUpdate:
    """A dated progress note on an action. The plan's next progress email is due now, or a week after the last
    one; a second note before then joins the same email (the due time, once set, is kept)."""
    if not text.strip():
        raise ValidationError("Write what has happened.")
    now = timezone.now()
    update = ProgressUpdate.objects.create(action=action, text=text.strip(), written_by=written_by, created_at=now)
    plan = ActionPlan.objects.select_for_update(of=("self",)).order_by().get(pk=action.plan_id)
    if plan.progress_email_due_at is None:
        last = plan.progress_emailed_at
        plan.progress_email_due_at = max(now, last + _progress_email_gap()) if last else now
        plan.save(update_fields=["progress_email_due_at", "updated_at"])
    return update


# Residents taking part --------------------------------------------------------------------------------------


def add_comment(*, plan: ActionPlan, resident: Resident, text: str, action: Action | None = None) -> PlanComment:
    if not text.strip():
        raise ValidationError("Write your comment.")
    if action is not None and action.plan_id != plan.pk:
        raise ValidationError("Choose an action of this plan.")
    return PlanComment.objects.create(plan=plan, resident=resident, action=action, text=text.strip())


def remove_comment(*, comment: PlanComment, reason: str) -> PlanComment:
    """Staff remove a comment (abuse, personal details); its text is no longer shown, the reason is."""
    if not reason.strip():
        raise ValidationError("Give the reason: residents see it in place of the comment.")
    comment.removed_at = timezone.now()
    comment.removed_reason = reason.strip()[:300]
    comment.save(update_fields=["removed_at", "removed_reason"])
    return comment


def propose_action(*, plan: ActionPlan, resident: Resident, title: str, description: str) -> Proposal:
    return Proposal.objects.create(plan=plan, resident=resident, title=title.strip(), description=description.strip())


@transaction.atomic
def review_proposal(*, proposal: Proposal, accept: bool, reason: str, owner: str = "") -> Proposal:
    """Staff add a resident's proposal to the plan as an action, or decline it with a reason the resident sees."""
    proposal = Proposal.objects.select_for_update(of=("self",)).order_by().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.WAITING:
        raise ValidationError("This proposal has already been reviewed.")
    if not accept and not reason.strip():
        raise ValidationError("Give the reason: the resident who proposed it sees it.")
    if accept:
        proposal.action = Action.objects.create(
            plan_id=proposal.plan_id,
            title=proposal.title,
            description=proposal.description,
            owner=owner.strip() or "To be agreed",
            proposed_by_id=proposal.resident_id,
        )
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED
    proposal.reason = reason.strip()
    proposal.reviewed_at = timezone.now()
    proposal.save(update_fields=["status", "reason", "reviewed_at", "action"])
    return proposal


def cast_vote(*, plan: ActionPlan, resident: Resident, action: Action, now=None) -> Vote:
    """Spend one of the resident's votes on an action.

    The resident's next free slot (1..votes_per_resident) is taken; the unique index on (plan, resident, slot)
    means two requests racing for the last slot cannot both have it: the loser's insert fails and is refused."""
    now = now or timezone.now()
    if not plan.voting_open(now):
        raise VoteRefused("Voting on this plan's priorities has closed.")
    if action.plan_id != plan.pk or not permissions.can_vote_for(action):
        raise VoteRefused("You cannot vote for this action.")
    try:
        with transaction.atomic():
            used = set(Vote.objects.filter(plan=plan, resident=resident).values_list("slot", flat=True))
            free = [slot for slot in range(1, plan.votes_per_resident + 1) if slot not in used]
            if not free:
                raise VoteRefused(_all_used(plan))
            return Vote.objects.create(plan=plan, action=action, resident=resident, slot=free[0])
    except IntegrityError as error:
        if Vote.objects.filter(action=action, resident=resident).exists():
            raise VoteRefused("You have already voted for this action.") from error
        raise VoteRefused(_all_used(plan)) from error


def _all_used(plan: ActionPlan) -> str:
    used = "your only vote" if plan.votes_per_resident == 1 else f"all {plan.votes_per_resident} of your votes"
    return f"You have used {used}. To vote for this action, take a vote back from another one first."


def withdraw_vote(*, plan: ActionPlan, resident: Resident, action: Action, now=None) -> bool:
    """Take a vote back (until voting closes), freeing its slot. Returns whether there was one."""
    if not plan.voting_open(now or timezone.now()):
        raise VoteRefused("Voting on this plan's priorities has closed, so votes can no longer change.")
    deleted, _ = Vote.objects.filter(plan=plan, resident=resident, action=action).delete()
    return bool(deleted)


# The weekly progress email -----------------------------------------------------------------------------------


def participant_ids(plan_ids) -> Q:
    """Residents who took part in these plans: voted, commented or proposed."""
    return (
        Q(plan_votes__plan_id__in=plan_ids)
        | Q(plan_comments__plan_id__in=plan_ids)
        | Q(plan_proposals__plan_id__in=plan_ids)
    )


def send_due_progress_emails(now=None) -> list[int]:
    """Email the residents who voted on, commented on or proposed for each plan whose progress email is due, about
    the progress notes since the last email. Each plan is claimed with a conditional UPDATE in the same transaction
    as its emails are queued, so a plan's email goes exactly once however many runs overlap or repeat."""
    now = now or timezone.now()
    sent = []
    for plan_id in ActionPlan.objects.progress_email_due(now).values_list("pk", flat=True):
        with transaction.atomic():
            # Only the plan's own row is locked (its default ordering joins the neighbourhood, which other
            # plans share): a run that finds it locked leaves it to the run that has it.
            plan = (
                ActionPlan.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=plan_id, progress_email_due_at__lte=now)
                .order_by()
                .first()
            )
            if plan is None:
                continue  # another run has it, or has sent it
            since = plan.progress_emailed_at
            ActionPlan.objects.filter(pk=plan.pk).update(progress_email_due_at=None, progress_emailed_at=now)
            _queue_progress_emails(plan, since=since, now=now)
            sent.append(plan.pk)
    return sent


def _queue_progress_emails(plan: ActionPlan, *, since, now) -> None:
    notes = ProgressUpdate.objects.filter(action__plan=plan, created_at__lte=now).select_related("action")
    if since is not None:
        notes = notes.filter(created_at__gt=since)
    notes = list(notes.order_by("action__title", "created_at")[:50])
    if not notes:
        return
    link = f"{settings.SITE_URL}{reverse('community:plan_detail', args=[plan.pk])}"
    recipients = (
        Resident.objects.filter(pk__in=Resident.objects.filter(participant_ids([plan.pk])).values("pk"))
        .exclude(preferences__do_not_contact=True)
        .select_related("user")
        .only("id", "first_name", "email", "user__email")
    )
    stamp = now.strftime("%Y%m%d%H%M%S")
    outbox.queue_emails(
        [
            outbox.email(
                template="plan_progress",
                key=f"plan-progress:{plan.pk}:{stamp}:{resident.pk}",
                to=(resident.user.email if resident.user_id else "") or resident.email,
                context={"resident": resident, "plan": plan, "notes": notes, "link": link},
            )
            for resident in recipients
        ]
    )


# "You said, we did" ------------------------------------------------------------------------------------------


def action_resident_ids(action_ids) -> set[int]:
    """Whose voices a set of actions carries: who proposed, voted for or commented on them."""
    ids = set(Vote.objects.filter(action_id__in=action_ids).values_list("resident_id", flat=True))
    ids |= set(PlanComment.objects.filter(action_id__in=action_ids).values_list("resident_id", flat=True))
    ids |= set(
        Action.objects.filter(pk__in=action_ids, proposed_by__isnull=False).values_list("proposed_by_id", flat=True)
    )
    return ids


@transaction.atomic
def draft_update_from_action(*, action: Action, created_by) -> YouSaidWeDid:
    """A "You said, we did" draft from a done action, in one step: it cites the action (so those who proposed,
    voted for or commented on it are told when it is published) and whatever prompted it. Asked twice, it
    returns the draft already made rather than a second one."""
    if not permissions.can_make_update(action):
        raise ValidationError('Only a done action can become a "You said, we did" entry.')
    existing = YouSaidWeDid.objects.citing(action).filter(status=UpdateStatus.DRAFT).first()
    if existing is not None:
        return existing
    latest = action.updates.first()
    entry = YouSaidWeDid.objects.create(
        title=action.title[:150],
        you_said=f"Residents of {action.plan.neighbourhood.name} asked for this in their Neighbourhood Action Plan: "
        f"{action.description}",
        we_did=latest.text if latest else f"{action.title}: done.",
        topic=action.topic,
        created_by=created_by,
    )
    entry.neighbourhoods.add(action.plan.neighbourhood_id)
    cited = [action] + [prompt.source for prompt in action.prompts.all() if prompt.source is not None]
    updates.set_sources(entry=entry, objects=cited)
    return entry
