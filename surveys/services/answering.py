"""Answering a survey: saving a draft to come back to, and submitting.

A submission takes a fixed number of queries whatever the number of questions: the answers go in with one
bulk insert. For an anonymous survey the response loses its link to the resident and the invitation on
submit; the invitation keeps only that it was answered, and on which day.
"""

from datetime import datetime, time

from django.db import IntegrityError, transaction
from django.utils import timezone

from residents.models import Channel, EqualityMonitoring

from ..models import Anonymity, Answer, Invitation, Question, Response, StaffInvitation, Survey
from .results import flag_hazards_in_answers


class AnswerError(Exception):
    """The survey cannot take this answer now; the message is shown to the person as it is."""


CLOSED = "This survey has closed, so it is no longer taking answers. Thank you for your interest."
NOT_OPEN = "This survey is not open yet."
ALREADY = "These answers have already been sent. Thank you for taking part."


def questions_of(survey: Survey) -> list[Question]:
    """The survey's questions with their options and the answer each depends on, in order (two queries)."""
    return list(
        survey.questions.select_related("show_if_choice__question").prefetch_related("choices").order_by("position")
    )


def why_closed(invitation: Invitation, now=None) -> str:
    """Why this invitation cannot be answered now, or "" when it can."""
    now = now or timezone.now()
    survey = invitation.survey
    if invitation.responded:
        return ALREADY
    if survey.closes_at is not None and now >= survey.closes_at:
        return CLOSED
    if not survey.is_open(now):
        return NOT_OPEN
    return ""


def _locked_invitation(invitation: Invitation) -> Invitation:
    locked = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("survey", "resident__home__block", "resident__equality")
        .get(pk=invitation.pk)
    )
    reason = why_closed(locked)
    if reason:
        raise AnswerError(reason)
    return locked


def _draft_of(invitation: Invitation) -> Response | None:
    return Response.objects.filter(invitation=invitation).first()


def _stored(answers: dict[int, list[int] | str]) -> dict[str, list[int] | str]:
    return {str(question_id): value for question_id, value in answers.items()}


@transaction.atomic
def save_draft(*, invitation: Invitation, answers: dict[int, list[int] | str]) -> Response:
    """Keep answers so far; nothing reaches the results until the response is submitted."""
    invitation = _locked_invitation(invitation)
    response = _draft_of(invitation) or Response(survey=invitation.survey, invitation=invitation)
    response.draft = _stored(answers)
    response.updated_at = timezone.now()
    response.save()
    return response


def draft_answers(invitation: Invitation) -> dict:
    response = _draft_of(invitation)
    return response.draft if response else {}


def _snapshot(response: Response, invitation: Invitation) -> None:
    resident = invitation.resident
    home = resident.home
    response.neighbourhood_id = home.block.neighbourhood_id
    response.tenure = home.tenure
    try:
        equality = resident.equality
    except EqualityMonitoring.DoesNotExist:
        equality = None
    if equality is not None:
        response.age_band, response.sex = equality.age_band, equality.sex
        response.ethnicity, response.disability = equality.ethnicity, equality.disability


@transaction.atomic
def submit_response(
    *, invitation: Invitation, answers: dict[int, list[int] | str], channel: str = Channel.PORTAL, entered_by=None
) -> Response:
    """Record a resident's answers (already checked by the answer form). Raises AnswerError when the survey
    is closed or the invitation already answered: one response per invitation, whoever sends it first."""
    invitation = _locked_invitation(invitation)
    survey = invitation.survey
    today = timezone.localdate()
    response = _draft_of(invitation) or Response(survey=survey)
    response.draft = {}
    response.channel, response.entered_by = channel, entered_by
    response.submitted_on, response.updated_at = today, timezone.now()
    _snapshot(response, invitation)
    if survey.anonymity == Anonymity.ANONYMOUS:
        response.invitation, response.resident, response.home = None, None, None
        response.updated_at = timezone.make_aware(datetime.combine(today, time.min))
    else:
        response.invitation, response.resident, response.home = (
            invitation,
            invitation.resident,
            invitation.resident.home,
        )
    response.save()
    if survey.reporting_year is not None and response.home_id is not None:
        _count_for_household(response, survey.reporting_year)

    _bulk_answers(response, survey, answers)
    invitation.responded, invitation.responded_on = True, today
    invitation.save(update_fields=["responded", "responded_on"])
    flag_hazards_in_answers(response=response)  # damp, mould, gas...: to the hazard queue, clocks running
    return response


def why_staff_closed(invitation: StaffInvitation, now=None) -> str:
    """Why this member of staff cannot answer now, or "" when they can."""
    now = now or timezone.now()
    if invitation.responded:
        return ALREADY
    if invitation.survey.closes_at is not None and now >= invitation.survey.closes_at:
        return CLOSED
    if not invitation.survey.is_open(now):
        return NOT_OPEN
    return ""


@transaction.atomic
def submit_staff_response(*, invitation: StaffInvitation, answers: dict[int, list[int] | str]) -> Response:
    """Record a member of staff's answers to a staff survey (already checked by the answer form), anonymously:
    the response keeps no resident, invitation, person or time of day, and the invitation only that it was
    answered and the day. No drafts: nothing is kept until the answers are sent. Raises AnswerError when the
    survey is closed or already answered."""
    invitation = StaffInvitation.objects.select_for_update(of=("self",)).select_related("survey").get(pk=invitation.pk)
    reason = why_staff_closed(invitation)
    if reason:
        raise AnswerError(reason)
    survey, today = invitation.survey, timezone.localdate()
    response = Response.objects.create(
        survey=survey,
        channel=Channel.PORTAL,
        submitted_on=today,
        updated_at=timezone.make_aware(datetime.combine(today, time.min)),
    )
    _bulk_answers(response, survey, answers)
    invitation.responded, invitation.responded_on = True, today
    invitation.save(update_fields=["responded", "responded_on"])
    return response


def _bulk_answers(response: Response, survey: Survey, answers: dict[int, list[int] | str]) -> None:
    Answer.objects.bulk_create(
        [
            Answer(response=response, survey=survey, question_id=question_id, choice_id=choice_id)
            for question_id, value in answers.items()
            if isinstance(value, list)
            for choice_id in value
        ]
        + [
            Answer(response=response, survey=survey, question_id=question_id, text=value)
            for question_id, value in answers.items()
            if isinstance(value, str)
        ]
    )


def _count_for_household(response: Response, year: int) -> None:
    """The Tenant Satisfaction Measures count one response per household per reporting year: the first."""
    try:
        with transaction.atomic():
            Response.objects.filter(pk=response.pk).update(counted_year=year)
        response.counted_year = year
    except IntegrityError:
        response.counted_year = None


def resident_ids_heard(survey_ids: list[int]) -> list[int]:
    """Residents whose answers to these surveys are linked to them (never anonymous ones: no link is kept)."""
    return list(
        Response.objects.filter(survey_id__in=survey_ids, submitted_on__isnull=False, resident__isnull=False)
        .values_list("resident_id", flat=True)
        .distinct()
    )


def export_for_resident(user, resident) -> list[dict] | None:
    """The resident's data download: surveys they were invited to, and their own answers where they are kept
    (anonymous answers are not linked to anyone, so they cannot be included)."""
    if resident is None:
        return None
    invitations = Invitation.objects.filter(resident=resident).select_related("survey").order_by("created_at")
    responses = {
        r.invitation_id: r
        for r in Response.objects.filter(resident=resident, invitation__isnull=False).prefetch_related(
            "answers__question", "answers__choice"
        )
    }
    rows = []
    for invitation in invitations:
        response = responses.get(invitation.pk)
        rows.append(
            {
                "survey": invitation.survey.title,
                "anonymity": invitation.survey.get_anonymity_display(),
                "invited": invitation.created_at.isoformat(),
                "answered_on": invitation.responded_on.isoformat() if invitation.responded_on else None,
                "answers": [
                    {"question": a.question.text, "answer": a.choice.label if a.choice_id else a.text}
                    for a in response.answers.all()
                ]
                if response and response.is_submitted
                else (
                    [] if invitation.survey.anonymity != Anonymity.ANONYMOUS else "Not kept: this survey is anonymous"
                ),
                "saved_answers_not_sent": response.draft if response and not response.is_submitted else None,
            }
        )
    return rows
