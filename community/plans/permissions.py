"""Who may do what with Neighbourhood Action Plans.

A plan is residents-only by default: staff see every plan; a shared plan opens to the residents whose home is in
its neighbourhood; everyone else gets 404, as if it did not exist. When staff publish a shared plan, anyone may
read it (its actions, their progress and the decisions), but only its neighbourhood's residents take part, and
residents' comments stay visible to the neighbourhood and staff only.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from residents.models import Resident
from residents.permissions import is_resident, is_staff, needs_mfa

from .models import Action, ActionPlan, PlanStatus, Proposal

# State predicates ---------------------------------------------------------------------------------------------


def lives_in(resident: Resident | None, plan: ActionPlan) -> bool:
    """The resident's home is in the plan's neighbourhood (the resident's home and block must be loaded)."""
    return resident is not None and resident.home.block.neighbourhood_id == plan.neighbourhood_id


def can_view(user, plan: ActionPlan, resident: Resident | None) -> bool:
    if is_staff(user):
        return True
    if plan.status != PlanStatus.SHARED:
        return False
    return plan.published or (is_resident(user) and lives_in(resident, plan))


def can_see_comments(user, plan: ActionPlan, resident: Resident | None) -> bool:
    """Residents' comments are for their neighbourhood and staff, even on a published plan."""
    return is_staff(user) or (plan.status == PlanStatus.SHARED and is_resident(user) and lives_in(resident, plan))


def can_take_part(user, plan: ActionPlan, resident: Resident | None) -> bool:
    """Comment and propose actions: a linked resident of the neighbourhood, on a shared plan."""
    return plan.status == PlanStatus.SHARED and is_resident(user) and lives_in(resident, plan)


def can_vote(user, plan: ActionPlan, resident: Resident | None, now=None) -> bool:
    return can_take_part(user, plan, resident) and plan.voting_open(now or timezone.now())


def can_vote_for(action: Action) -> bool:
    """Priorities are chosen among the actions still to do that staff have not turned down."""
    return action.status not in ("done", "dropped") and action.decision != "not_now"


def can_make_update(action: Action) -> bool:
    """A done action can become a "You said, we did" draft."""
    return action.status == "done"


# Lookups for views ------------------------------------------------------------------------------------------


def mfa_checked(view):
    """For pages that are not for one role: staff and board members still need two-factor authentication on."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if needs_mfa(request.user, getattr(request, "session", None)):
            messages.info(
                request, "Staff and board members must set up two-factor authentication before using these pages."
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapped


def _resident_of(user) -> Resident | None:
    if not is_resident(user):
        return None
    return (
        Resident.objects.select_related("home__block")
        .only("id", "first_name", "home__block__neighbourhood_id")
        .filter(user=user)
        .first()
    )


def get_plan_for_user(request, pk: int) -> tuple[ActionPlan, Resident | None]:
    """The plan and the signed-in resident (None for anyone else). 404 for a plan the visitor may not see;
    anonymous visitors of a plan that is not public are asked to sign in."""
    plans = ActionPlan.objects.select_related("neighbourhood")
    if not request.user.is_authenticated:
        # Whether a plan exists is not told to visitors who are not signed in: only public plans open.
        plan = plans.public().filter(pk=pk).first()
        if plan is None:
            raise SignInFirst
        return plan, None
    plan = get_object_or_404(plans, pk=pk)
    resident = _resident_of(request.user)
    if not can_view(request.user, plan, resident):
        raise Http404
    return plan, resident


class SignInFirst(Exception):
    """The visitor is not signed in and the page is not public: the view sends them to sign in."""


def sign_in_first(request):
    return redirect_to_login(request.get_full_path())


def get_plan_for_resident(request, pk: int, *, lock: bool = False) -> tuple[ActionPlan, Resident]:
    """A plan the signed-in resident takes part in (the view is resident_required): 404 when they may not see it,
    403 when they may see it (it is published) but it is not their neighbourhood's."""
    plans = ActionPlan.objects.select_related("neighbourhood")
    if lock:
        plans = plans.select_for_update(of=("self",))
    plan = get_object_or_404(plans, pk=pk)
    resident = _resident_of(request.user)
    if not can_view(request.user, plan, resident):
        raise Http404
    if not can_take_part(request.user, plan, resident):
        raise PermissionDenied
    return plan, resident


def get_plan_for_staff(request, pk: int, *, lock: bool = False) -> ActionPlan:
    if not is_staff(request.user):
        raise PermissionDenied
    plans = ActionPlan.objects.select_related("neighbourhood")
    if lock:
        plans = plans.select_for_update(of=("self",))
    return get_object_or_404(plans, pk=pk)


def get_action_for_staff(request, pk: int, action_pk: int) -> Action:
    if not is_staff(request.user):
        raise PermissionDenied
    return get_object_or_404(Action.objects.select_related("plan__neighbourhood"), pk=action_pk, plan_id=pk)


def get_proposal_for_staff(request, pk: int, proposal_pk: int) -> Proposal:
    if not is_staff(request.user):
        raise PermissionDenied
    return get_object_or_404(
        Proposal.objects.select_related("plan__neighbourhood", "resident"), pk=proposal_pk, plan_id=pk
    )


def get_comment_for_staff(request, pk: int, comment_pk: int):
    from .models import PlanComment

    if not is_staff(request.user):
        raise PermissionDenied
    return get_object_or_404(PlanComment, pk=comment_pk, plan_id=pk)
