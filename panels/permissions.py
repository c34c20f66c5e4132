"""Who may do what with panels and memberships: state predicates as plain functions, and one
get_<thing>_for_user(request, ...) helper per protected object, which the views call first.

A panel's public page is open to everyone while the panel is listed; staff also see retired panels. A resident's
application or membership is theirs alone: another resident gets 404, staff and the Board 403 on the resident's
pages. Staff pages are 403 for everyone else.

Panel members' own pages (meetings, papers, reviews) ask `is_current_member(user, panel)`.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from residents.models import Role
from residents.permissions import is_resident, is_staff

from .models import LIVE_STATUSES, Membership, MembershipStatus, Panel

# The session remembers whether the signed-in resident has ever applied to a panel, so the header's "My panels"
# link costs no query on every page (see remember_panels and engagement/navigation.py).
HAS_PANELS_SESSION_KEY = "_panels_has_memberships"


# State predicates ---------------------------------------------------------------------------------------------


def is_current_member(user, panel: Panel) -> bool:
    """A resident whose membership of this panel is current today (accepted, term started and not ended)."""
    if not is_resident(user):
        return False
    return Membership.objects.current().filter(panel=panel, resident__user=user).exists()


def can_apply(user, panel: Panel, live: Membership | None = None) -> bool:
    """A resident may apply to a listed panel taking applications, unless they already have an application or
    membership of it still going (`live`: theirs, or None)."""
    return (
        is_resident(user)
        and panel.is_active
        and panel.accepting_applications
        and (live is None or live.status not in LIVE_STATUSES)
    )


def _own(user, membership: Membership) -> bool:
    return is_resident(user) and membership.resident.user_id == user.pk


def can_withdraw(user, membership: Membership) -> bool:
    """Their own application, while staff have not decided it."""
    return _own(user, membership) and membership.status == MembershipStatus.APPLIED


def can_step_down(user, membership: Membership) -> bool:
    """Their own membership, while it lasts."""
    return _own(user, membership) and membership.status == MembershipStatus.MEMBER


def can_manage_panels(user) -> bool:
    """Staff add and edit panels, read applications, see the make-up and the terms ending soon."""
    return is_staff(user)


def can_decide(user, membership: Membership) -> bool:
    """Staff accept or decline an application still waiting."""
    return is_staff(user) and membership.status == MembershipStatus.APPLIED


def can_change_membership(user, membership: Membership) -> bool:
    """Staff change a member's role or term, or end the term, while they are a member."""
    return is_staff(user) and membership.status == MembershipStatus.MEMBER


def shows_my_panels(request) -> bool:
    """Whether the header offers this visitor "My panels": a resident who has applied to or sat on a panel. Read
    from the session (worked out when they sign in, set when they apply)."""
    user = request.user
    if not is_resident(user) or not hasattr(request, "session"):
        return False
    remembered = request.session.get(HAS_PANELS_SESSION_KEY)
    if remembered is None or remembered[0] != user.pk:
        return remember_panels(user, request.session)
    return remembered[1]


def remember_panels(user, session) -> bool:
    has = Membership.objects.filter(resident__user=user).exists()
    session[HAS_PANELS_SESSION_KEY] = [user.pk, has]
    return has


def _logged_in(sender, request, user, **kwargs) -> None:
    if user.role == Role.RESIDENT and hasattr(request, "session"):
        remember_panels(user, request.session)


def connect_signals() -> None:
    """Called once from the app's ready()."""
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(_logged_in, dispatch_uid="panels-memberships-on-login")


# Lookups for views ------------------------------------------------------------------------------------------


def get_panel_for_user(request, slug: str) -> Panel:
    """A panel for its public pages: listed panels for everyone, retired ones for staff too; otherwise 404."""
    panels = Panel.objects.all() if is_staff(request.user) else Panel.objects.listed()
    return get_object_or_404(panels, slug=slug)


def get_panel_for_staff(request, slug: str) -> Panel:
    if not is_staff(request.user):
        raise PermissionDenied
    return get_object_or_404(Panel, slug=slug)


def get_membership_for_user(request, pk: int) -> Membership:
    """A resident's own application or membership. Another resident's is a 404; staff and the Board get 403
    (they read applications on the staff pages)."""
    if not is_resident(request.user):
        raise PermissionDenied
    membership = (
        Membership.objects.select_related("panel", "resident").filter(pk=pk, resident__user=request.user).first()
    )
    if membership is None:
        raise Http404
    return membership


def get_membership_for_staff(request, slug: str, pk: int) -> Membership:
    """An application or membership of this panel, for staff: 404 when it is not of this panel."""
    if not is_staff(request.user):
        raise PermissionDenied
    return get_object_or_404(
        Membership.objects.select_related(
            "panel", "resident__home__block__neighbourhood", "resident__user", "decided_by"
        ),
        pk=pk,
        panel__slug=slug,
    )
