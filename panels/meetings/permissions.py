"""Who may see and do what with meetings: state predicates as plain functions, and one get_<thing>_for_user(request,
...) helper per protected object, which the views call first.

A meeting, its papers and its calendar file are for the current members of its panel, the board members invited to
it, and staff. Anyone else signed in gets a 404 (a resident never learns that another panel's meeting exists);
staff-only pages give other roles a 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone

from residents.permissions import is_board, is_staff

from ..permissions import is_current_member
from .models import AgendaItem, Meeting, MeetingAction, MeetingInvitation, MeetingPaper

# State predicates ---------------------------------------------------------------------------------------------


def is_invited(user, meeting: Meeting) -> bool:
    return is_board(user) and MeetingInvitation.objects.filter(meeting=meeting, user=user).exists()


def can_see_meeting(user, meeting: Meeting) -> bool:
    """Its page, papers, calendar file and published minutes."""
    return is_staff(user) or is_current_member(user, meeting.panel) or is_invited(user, meeting)


def can_rsvp(user, meeting: Meeting, now=None) -> bool:
    """A member or invited board member says whether they are coming, until the meeting ends (not once cancelled)."""
    return (
        not is_staff(user)
        and not meeting.is_cancelled
        and not meeting.has_ended(now)
        and (is_current_member(user, meeting.panel) or is_invited(user, meeting))
    )


def can_manage_meetings(user) -> bool:
    return is_staff(user)


def can_invite(meeting: Meeting) -> bool:
    return not meeting.is_cancelled


def can_record_attendance(meeting: Meeting, now=None) -> bool:
    """Once the meeting has started: nobody has attended a meeting that is still to come."""
    return not meeting.is_cancelled and meeting.starts_at <= (now or timezone.now())


def can_publish_minutes(meeting: Meeting) -> bool:
    return not meeting.is_cancelled and not meeting.minutes_published and bool(meeting.minutes.strip())


def can_edit_minutes(meeting: Meeting) -> bool:
    """Until published: after that members have been told, and what they read stays what was published."""
    return not meeting.is_cancelled and not meeting.minutes_published


# Lookups for views ------------------------------------------------------------------------------------------


def _meetings():
    return Meeting.objects.select_related("panel")


def get_meeting_for_user(request, pk: int) -> Meeting:
    """A meeting for its members, invited board members and staff; 404 for anyone else."""
    user = request.user
    meetings = _meetings() if is_staff(user) else _meetings().visible_to(user)
    return get_object_or_404(meetings, pk=pk)


def get_paper_for_user(request, pk: int, paper_pk: int) -> MeetingPaper:
    """A paper, for those who may see its meeting; 404 for anyone else."""
    user = request.user
    meetings = Meeting.objects.all() if is_staff(user) else Meeting.objects.visible_to(user)
    return get_object_or_404(
        MeetingPaper.objects.select_related("meeting").filter(meeting__in=meetings), pk=paper_pk, meeting_id=pk
    )


def _require_staff(request) -> None:
    if not can_manage_meetings(request.user):
        raise PermissionDenied


def get_meeting_for_staff(request, pk: int, *, lock: bool = False) -> Meeting:
    _require_staff(request)
    meetings = _meetings().select_for_update(of=("self",)) if lock else _meetings()
    return get_object_or_404(meetings, pk=pk)


def get_agenda_item_for_staff(request, pk: int, item_pk: int) -> AgendaItem:
    _require_staff(request)
    return get_object_or_404(AgendaItem.objects.select_related("meeting__panel"), pk=item_pk, meeting_id=pk)


def get_paper_for_staff(request, pk: int, paper_pk: int) -> MeetingPaper:
    _require_staff(request)
    return get_object_or_404(MeetingPaper.objects.select_related("meeting"), pk=paper_pk, meeting_id=pk)


def get_action_for_staff(request, pk: int, action_pk: int) -> MeetingAction:
    _require_staff(request)
    return get_object_or_404(MeetingAction.objects.select_related("meeting__panel"), pk=action_pk, meeting_id=pk)


def get_invitation_for_staff(request, pk: int, invitation_pk: int) -> MeetingInvitation:
    _require_staff(request)
    return get_object_or_404(
        MeetingInvitation.objects.select_related("meeting", "user"), pk=invitation_pk, meeting_id=pk
    )
