"""Who may do what with surveys: state predicates as plain functions, and one get_<thing>_for_user(request, ...)
helper per protected object, which the views call first.

Outsiders get 404 (a resident never learns that another resident's invitation exists), a wrong role 403. An
invitation opened from an email link answers for its own resident only: whoever is signed in as someone else
is told so (NotYourInvitation) instead of answering in that resident's name.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from residents.models import Role
from residents.permissions import is_staff, linked_resident_or_none

from .models import Anonymity, Invitation, Question, StaffInvitation, Survey, SurveyStatus

# Survey id -> invitation id, for the invitation links opened in this session (see views/answering.py).
OPENED_INVITATIONS = "survey_invitations"


class NotYourInvitation(PermissionDenied):
    """The invitation opened from a link belongs to another resident than the one signed in."""


# State predicates ---------------------------------------------------------------------------------------------


def can_edit(survey: Survey) -> bool:
    """Its questions can change: a draft whose wording is not the regulator's."""
    return survey.is_draft and not survey.locked


def can_publish(survey: Survey) -> bool:
    """It can be published (what it still lacks is publishing_problems' to say)."""
    return survey.is_draft


def can_delete(survey: Survey) -> bool:
    """Only a draft: once residents have been asked, their answers are someone's voice."""
    return survey.is_draft


def can_choose_audience(survey: Survey) -> bool:
    return survey.is_draft


def can_answer(user, survey: Survey, now=None) -> bool:
    """A signed-in resident may answer this survey now (for themselves, when invited: get_invitation_for_user
    finds their invitation)."""
    return (
        user.is_authenticated
        and user.role == Role.RESIDENT
        and survey.status == SurveyStatus.PUBLISHED
        and survey.is_open(now or timezone.now())
    )


def answers_as(user, invitation: Invitation) -> bool:
    """Whoever holds this invitation's link may answer it as its resident, unless they are signed in as someone
    else. The invitation's resident must be loaded (select_related) or this costs a query."""
    return not user.is_authenticated or invitation.resident.user_id == user.pk


def can_enter_answers(user, survey: Survey) -> bool:
    """Staff enter a phone or paper answer for an invited resident of a published survey."""
    return is_staff(user) and survey.status == SurveyStatus.PUBLISHED


def can_read_results(user) -> bool:
    return is_staff(user)


def can_see_who_answered(user, survey: Survey) -> bool:
    """Only a named survey shows staff who wrote each answer: residents were told so before they answered."""
    return is_staff(user) and survey.anonymity == Anonymity.NAMED


# Lookups for views ------------------------------------------------------------------------------------------


def _require_staff(request) -> None:
    if not is_staff(request.user):
        raise PermissionDenied


def get_survey_for_staff(request, pk: int) -> Survey:
    _require_staff(request)
    return get_object_or_404(Survey, pk=pk)


def get_question_for_staff(request, pk: int, question_pk: int) -> Question:
    _require_staff(request)
    return get_object_or_404(Question.objects.select_related("survey"), pk=question_pk, survey_id=pk)


def _invitations():
    return Invitation.objects.select_related("survey", "resident")


def get_invitation_for_staff(request, pk: int, invitation_pk: int) -> Invitation:
    """An invitation of a published survey, for staff entering a resident's answers."""
    _require_staff(request)
    return get_object_or_404(
        _invitations().filter(survey__status=SurveyStatus.PUBLISHED), pk=invitation_pk, survey_id=pk
    )


def get_invitation_by_token(token: str) -> Invitation:
    """The invitation a link from an email names (the opt-out link works for whoever holds it)."""
    return get_object_or_404(Invitation.objects.by_token(token).select_related("survey"))


def get_invitation_for_user(request, survey_pk: int) -> Invitation | None:
    """The invitation this visitor answers for this survey: one opened from a link in this session, or the
    signed-in resident's own. None when the visitor must sign in first; NotYourInvitation when the opened link
    is another resident's; 404 for a resident who was not invited; 403 for staff and the Board."""
    user = request.user
    opened = request.session.get(OPENED_INVITATIONS, {}).get(str(survey_pk))
    if opened is not None:
        invitation = _invitations().filter(pk=opened, survey_id=survey_pk).first()
        if invitation is not None:
            if not answers_as(user, invitation):
                raise NotYourInvitation
            return invitation
    if not user.is_authenticated:
        return None
    if user.role != Role.RESIDENT:
        raise PermissionDenied
    resident = linked_resident_or_none(request)
    if resident is None:
        raise Http404
    return get_object_or_404(
        _invitations(), survey_id=survey_pk, resident=resident, survey__status=SurveyStatus.PUBLISHED
    )


def get_staff_invitation_for_user(request, survey_pk: int) -> StaffInvitation:
    """The signed-in member of staff's own invitation to a published staff survey: 403 for anyone who is not staff
    (residents, the Board), 404 for staff who were not asked (administrators are not staff for this)."""
    if not is_staff(request.user):
        raise PermissionDenied
    return get_object_or_404(
        StaffInvitation.objects.select_related("survey"),
        survey_id=survey_pk,
        user=request.user,
        survey__status=SurveyStatus.PUBLISHED,
    )
