"""Who may do what with walkabouts: state predicates as plain functions, and one get_<thing>_for_user helper per
protected object, which the views call first.

Staff plan walks, see who is coming and log issues. Board members join any walk. A resident sees the walks of
their own neighbourhood (and any walk they are signed up to); another neighbourhood's walk does not exist for them
(404). A wrong role is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from residents.models import Resident
from residents.permissions import is_board, is_resident, is_staff

from ..champions.models import BlockChampion
from .models import SignUp, SignUpStatus, Walkabout, WalkaboutIssue

# State predicates ------------------------------------------------------------------------------------------


def can_plan(user) -> bool:
    return is_staff(user)


def can_see(user, walkabout: Walkabout, resident: Resident | None, *, signed_up: bool = False) -> bool:
    """Staff and the Board see every walk; a resident their own neighbourhood's, or one they are on."""
    if is_staff(user) or is_board(user):
        return True
    if not is_resident(user) or resident is None:
        return False
    return signed_up or resident.home.block.neighbourhood_id == walkabout.neighbourhood_id


def can_sign_up(user, walkabout: Walkabout, now=None) -> bool:
    """Residents (of its neighbourhood: can_see) and Board members, until the walk starts."""
    return (is_resident(user) or is_board(user)) and walkabout.is_upcoming(now)


def can_cancel(user, sign_up: SignUp | None, walkabout: Walkabout, now=None) -> bool:
    return (
        sign_up is not None
        and sign_up.status != SignUpStatus.CANCELLED
        and walkabout.is_upcoming(now)
        and (is_resident(user) or is_board(user))
    )


def can_manage(user) -> bool:
    """See who is coming, add someone who phoned, publish the report."""
    return is_staff(user)


def can_log_issue(user, walkabout: Walkabout, now=None) -> bool:
    """Staff, from the day of the walk (issues are found on it)."""
    now = now or timezone.now()
    return is_staff(user) and timezone.localdate(walkabout.starts_at) <= timezone.localdate(now)


def can_record_attendance(user, walkabout: Walkabout, now=None) -> bool:
    """Staff, once the walk has started."""
    return is_staff(user) and not walkabout.is_upcoming(now)


def is_champion_on(user, walkabout: Walkabout) -> bool:
    """An approved Block Champion of a block in the walk's neighbourhood who is coming on the walk (one query)."""
    if not is_resident(user):
        return False
    return (
        BlockChampion.objects.approved()
        .of_user(user)
        .filter(block__neighbourhood_id=walkabout.neighbourhood_id)
        .filter(resident__in=SignUp.objects.filter(walkabout=walkabout, status=SignUpStatus.GOING).values("resident"))
        .exists()
    )


def can_champion_log_issue(user, walkabout: Walkabout, *, champion: bool, now=None) -> bool:
    """A Block Champion on the walk logs issues on the day of the walk (champion: is_champion_on, asked once)."""
    now = now or timezone.now()
    return champion and is_resident(user) and timezone.localdate(walkabout.starts_at) == timezone.localdate(now)


def can_publish_report(user, walkabout: Walkabout, now=None) -> bool:
    return is_staff(user) and not walkabout.is_upcoming(now)


def can_read_report(user, walkabout: Walkabout, resident: Resident | None, *, signed_up: bool = False) -> bool:
    """Staff always (a draft until published); once published, whoever can see the walk."""
    if is_staff(user):
        return True
    return walkabout.report_published and can_see(user, walkabout, resident, signed_up=signed_up)


# Lookups for views ---------------------------------------------------------------------------------------------


def _walkabouts():
    return Walkabout.objects.select_related("neighbourhood", "lead")


def get_walkabout_for_staff(request, pk: int) -> Walkabout:
    if not can_manage(request.user):
        raise PermissionDenied
    return get_object_or_404(_walkabouts(), pk=pk)


def own_sign_up(user, resident: Resident | None, walkabout: Walkabout) -> SignUp | None:
    """The visitor's own sign-up to this walk, if any (a resident's is by their register entry, so a place staff
    booked for them when they phoned is theirs too)."""
    found = SignUp.objects.filter(walkabout=walkabout)
    if resident is not None:
        return found.filter(resident=resident).first()
    return found.filter(user=user).first()


def get_walkabout_for_user(request, pk: int, resident: Resident | None) -> tuple[Walkabout, SignUp | None]:
    """A walk the visitor may see, with their own sign-up. Another neighbourhood's walk is a 404 for a resident
    (unless they are on it); staff use their own pages (403 here)."""
    user = request.user
    if not (is_resident(user) or is_board(user)):
        raise PermissionDenied
    walkabout = get_object_or_404(_walkabouts(), pk=pk)
    record = own_sign_up(user, resident, walkabout)
    signed_up = record is not None and record.status != SignUpStatus.CANCELLED
    if not can_see(user, walkabout, resident, signed_up=signed_up):
        raise Http404
    return walkabout, record


def get_report_for_user(request, pk: int, resident: Resident | None) -> Walkabout:
    """The walk whose report the visitor may read: 404 for a resident of another neighbourhood, or before it is
    published for anyone but staff."""
    walkabout = get_object_or_404(_walkabouts(), pk=pk)
    record = own_sign_up(request.user, resident, walkabout) if not is_staff(request.user) else None
    signed_up = record is not None and record.status == SignUpStatus.GOING
    if not can_read_report(request.user, walkabout, resident, signed_up=signed_up):
        raise Http404
    return walkabout


def get_issue_for_staff(request, pk: int, issue_pk: int) -> WalkaboutIssue:
    if not can_manage(request.user):
        raise PermissionDenied
    return get_object_or_404(
        WalkaboutIssue.objects.select_related("walkabout__neighbourhood", "feedback__assignee"),
        pk=issue_pk,
        walkabout_id=pk,
    )


def get_sign_up_for_staff(request, pk: int, sign_up_pk: int) -> SignUp:
    if not can_manage(request.user):
        raise PermissionDenied
    return get_object_or_404(
        SignUp.objects.select_related("user", "resident").exclude(status=SignUpStatus.CANCELLED),
        pk=sign_up_pk,
        walkabout_id=pk,
    )


def get_walkabout_for_champion(request, pk: int, resident: Resident) -> Walkabout:
    """A walk a Block Champion logs issues on today: 404 for another neighbourhood's walk, 403 for a resident who is
    not a champion on it, or not today."""
    walkabout, _record = get_walkabout_for_user(request, pk, resident)
    if not can_champion_log_issue(request.user, walkabout, champion=is_champion_on(request.user, walkabout)):
        raise PermissionDenied
    return walkabout


def get_issue_for_champion(request, pk: int, issue_pk: int) -> WalkaboutIssue:
    """An issue the signed-in champion logged on this walk; anyone else's is a 404."""
    if not is_resident(request.user):
        raise PermissionDenied
    return get_object_or_404(
        WalkaboutIssue.objects.select_related("walkabout__neighbourhood", "feedback"),
        pk=issue_pk,
        walkabout_id=pk,
        logged_by=request.user,
    )
