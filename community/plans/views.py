"""Neighbourhood Action Plans: the plan's page (residents of its neighbourhood and staff; anyone once published),
residents commenting, proposing and voting, and the staff pages to write plans and actions and decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from residents.permissions import resident_required, staff_required
from residents.updates import sources

from . import permissions, selectors, services
from .forms import ActionForm, CommentForm, DecisionForm, PlanForm, ProgressForm, ProposalForm, ProposalReviewForm
from .models import Action, ActionPlan

STAFF_PAGE_SIZE = 25


def _first_error(error: ValidationError) -> str:
    return error.messages[0]


# The plan's page -----------------------------------------------------------------------------------------------


@login_not_required  # a published plan is public; every other plan is checked in get_plan_for_user
@require_GET
@permissions.mfa_checked
def plan_detail(request, pk: int):
    try:
        plan, resident = permissions.get_plan_for_user(request, pk)
    except permissions.SignInFirst:
        return permissions.sign_in_first(request)
    return _render_plan(request, plan, resident)


def _render_plan(request, plan: ActionPlan, resident, *, comment_form=None, status=200):
    user = request.user
    taking_part = permissions.can_take_part(user, plan, resident)
    # Residents' names (first names with comments and proposals) are for the neighbourhood and staff only.
    show_names = permissions.can_see_comments(user, plan, resident)
    page = selectors.plan_page(plan, resident=resident if taking_part else None, show_comments=show_names)
    if taking_part:
        comment_form = comment_form or CommentForm(plan=plan, actions=page["actions"])
    context = {
        "plan": plan,
        "taking_part": taking_part,
        "can_vote": permissions.can_vote(user, plan, resident),
        "comment_form": comment_form,
        "is_staff": permissions.is_staff(user),
        "show_names": show_names,
        **page,
    }
    return render(request, "community/plans/plan_detail.html", context, status=status)


@require_POST
@resident_required
def plan_comment(request, pk: int):
    plan, resident = permissions.get_plan_for_resident(request, pk)
    form = CommentForm(request.POST, plan=plan)
    if not form.is_valid():
        return _render_plan(request, plan, resident, comment_form=form, status=400)
    services.add_comment(
        plan=plan, resident=resident, text=form.cleaned_data["text"], action=form.cleaned_data["action"]
    )
    messages.success(request, "Thank you: your comment is added.")
    return redirect(f"{plan_url(plan)}#comments")


def plan_url(plan: ActionPlan) -> str:
    return reverse("community:plan_detail", args=[plan.pk])


@require_http_methods(["GET", "POST"])
@resident_required
def plan_propose(request, pk: int):
    plan, resident = permissions.get_plan_for_resident(request, pk)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.propose_action(plan=plan, resident=resident, **form.cleaned_data)
        messages.success(
            request, "Thank you: we will look at your idea and tell you on the plan's page what we decide."
        )
        return redirect(f"{plan_url(plan)}#your-ideas")
    return render(request, "community/plans/propose.html", {"plan": plan, "form": form})


@require_POST
@resident_required
def action_vote(request, pk: int, action_pk: int):
    """Vote for an action, or (remove=1) take the vote back. Without JavaScript: a button per action."""
    plan, resident = permissions.get_plan_for_resident(request, pk)
    action = get_object_or_404(
        Action.objects.only("id", "plan_id", "status", "decision", "title"), pk=action_pk, plan=plan
    )
    try:
        if request.POST.get("remove"):
            services.withdraw_vote(plan=plan, resident=resident, action=action)
            messages.success(request, f"Your vote for \u201c{action.title}\u201d is taken back.")
        else:
            services.cast_vote(plan=plan, resident=resident, action=action)
            messages.success(request, f"You voted for \u201c{action.title}\u201d.")
    except ValidationError as error:
        messages.error(request, _first_error(error))
    return redirect(f"{plan_url(plan)}#action-{action.pk}")


# Staff ------------------------------------------------------------------------------------------------------


@require_GET
@staff_required
def staff_plan_list(request):
    page = Paginator(selectors.plans_for_staff(), STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "community/plans/staff_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@staff_required
def plan_create(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        plan.created_by = request.user
        plan.save()
        messages.success(request, "The plan is saved. Add its actions next.")
        return redirect("community:plan_manage", pk=plan.pk)
    return render(request, "community/plans/plan_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@staff_required
def plan_manage(request, pk: int):
    """The staff page of a plan: its settings, the residents' ranking and comments, and proposals to review."""
    plan = permissions.get_plan_for_staff(request, pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The plan is saved.")
        return redirect("community:plan_manage", pk=plan.pk)
    context = {"plan": plan, "form": form, "review_form": ProposalReviewForm(), **selectors.staff_plan_page(plan)}
    return render(request, "community/plans/plan_manage.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@staff_required
def action_create(request, pk: int):
    plan = permissions.get_plan_for_staff(request, pk)
    form = ActionForm(request.POST or None, instance=Action(plan=plan))
    if request.method == "POST" and form.is_valid():
        action = services.save_action(action=form.save(commit=False), prompts=form.prompts())
        messages.success(request, f"\u201c{action.title}\u201d is added to the plan.")
        return redirect("community:plan_manage", pk=plan.pk)
    return render(request, "community/plans/action_form.html", {"plan": plan, "form": form})


def _render_action(request, action: Action, *, form=None, decision_form=None, progress_form=None, status=200):
    error_form = next((f for f in (form, decision_form, progress_form) if f is not None and f.errors), None)
    decision_initial = {"decision": action.decision, "reason": action.decision_reason} if action.decided_at else None
    form = form or ActionForm(instance=action)
    context = {
        "plan": action.plan,
        "action": action,
        "form": form,
        # What prompted it, described by the app each source comes from (residents/updates/sources.py).
        "prompts": [sources.describe(link) for link in form.prompt_links],
        "decision_form": decision_form or DecisionForm(initial=decision_initial),
        "progress_form": progress_form or ProgressForm(),
        "error_form": error_form,
        "vote_count": action.votes.count(),
        "comments": action.comments.select_related("resident").only(
            "plan_id", "action_id", "text", "created_at", "removed_at", "removed_reason", "resident__first_name"
        )[: selectors.COMMENTS_SHOWN],
        "updates": action.updates.all(),
        "can_make_update": permissions.can_make_update(action),
    }
    return render(request, "community/plans/action_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def action_edit(request, pk: int, action_pk: int):
    action = permissions.get_action_for_staff(request, pk, action_pk)
    if request.method == "GET":
        return _render_action(request, action)
    form = ActionForm(request.POST, instance=action)
    if not form.is_valid():
        return _render_action(request, action, form=form, status=400)
    services.save_action(action=form.save(commit=False), prompts=form.prompts())
    messages.success(request, "The action is saved.")
    return redirect("community:action_edit", pk=pk, action_pk=action_pk)


@require_POST
@staff_required
def action_decide(request, pk: int, action_pk: int):
    action = permissions.get_action_for_staff(request, pk, action_pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _render_action(request, action, decision_form=form, status=400)
    services.decide_action(action=action, **form.cleaned_data)
    messages.success(request, "Your decision is saved. Residents see it, with your reason, on the plan.")
    return redirect("community:action_edit", pk=pk, action_pk=action_pk)


@require_POST
@staff_required
def action_progress(request, pk: int, action_pk: int):
    action = permissions.get_action_for_staff(request, pk, action_pk)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return _render_action(request, action, progress_form=form, status=400)
    services.add_progress_update(action=action, text=form.cleaned_data["text"], written_by=request.user)
    messages.success(request, "The progress note is added. Residents who took part hear about it in the week's email.")
    return redirect("community:action_edit", pk=pk, action_pk=action_pk)


@require_POST
@staff_required
def action_to_update(request, pk: int, action_pk: int):
    """A done action becomes a "You said, we did" draft in one step, citing it."""
    action = permissions.get_action_for_staff(request, pk, action_pk)
    try:
        entry = services.draft_update_from_action(action=action, created_by=request.user)
    except ValidationError as error:
        messages.error(request, _first_error(error))
        return redirect("community:action_edit", pk=pk, action_pk=action_pk)
    messages.success(request, "A draft is ready. Check the wording, then choose when to publish it.")
    return redirect("residents:update_edit", pk=entry.pk)


@require_POST
@staff_required
def proposal_review(request, pk: int, proposal_pk: int):
    proposal = permissions.get_proposal_for_staff(request, pk, proposal_pk)
    form = ProposalReviewForm(request.POST)
    if not form.is_valid():
        plan = proposal.plan
        context = {"plan": plan, "form": PlanForm(instance=plan), "review_form": form, "review_of": proposal.pk}
        return render(
            request, "community/plans/plan_manage.html", {**context, **selectors.staff_plan_page(plan)}, status=400
        )
    try:
        with transaction.atomic():
            services.review_proposal(
                proposal=proposal,
                accept=form.cleaned_data["outcome"] == "accept",
                reason=form.cleaned_data["reason"],
                owner=form.cleaned_data["owner"],
            )
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        messages.success(request, "The proposal is reviewed. The resident sees the outcome on the plan.")
    return redirect("community:plan_manage", pk=pk)


@require_POST
@staff_required
def comment_remove(request, pk: int, comment_pk: int):
    comment = permissions.get_comment_for_staff(request, pk, comment_pk)
    try:
        services.remove_comment(comment=comment, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        messages.success(request, "The comment is removed. Residents see your reason in its place.")
    return redirect(f"{reverse('community:plan_manage', args=[pk])}#comments")
