"""Answering: a resident's surveys, the link from an invitation email, the answer form, and staff entering a
phone or paper answer for a resident.

The link in an invitation email carries an unguessable token. Opening it puts the invitation in the session
and sends the browser on to the survey's page, so the token leaves the address bar (and the browser history
and any Referer header) at once. The session then opens that one survey, and nothing else, without a password.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from residents.permissions import linked_resident_or_none, resident_required, staff_required

from ..forms import AnswerForm, OnBehalfForm
from ..models import Invitation, StaffInvitation, SurveyStatus
from ..permissions import (
    OPENED_INVITATIONS,
    NotYourInvitation,
    get_invitation_for_staff,
    get_invitation_for_user,
    get_staff_invitation_for_user,
)
from ..services import answering
from . import posted

SESSION_KEY = OPENED_INVITATIONS


@login_not_required
@require_GET
def token_entry(request, token):
    invitation = Invitation.objects.by_token(token).only("id", "survey_id").first()
    if invitation is None:
        raise Http404("This survey link does not work. It may have been copied only in part.")
    opened = dict(request.session.get(SESSION_KEY, {}))
    opened[str(invitation.survey_id)] = invitation.pk
    request.session.cycle_key()  # a new session id once it grants something: a planted id gets nothing
    request.session[SESSION_KEY] = opened
    return redirect("surveys:answer", pk=invitation.survey_id)


def _answer_page(request, invitation: Invitation, *, channel: str, entered_by=None, template="surveys/answer.html"):
    """The form: save to come back later, or send. Shared by residents and by staff answering for them."""
    survey = invitation.survey
    closed = answering.why_closed(invitation)
    if closed:
        return render(request, "surveys/answer_closed.html", {"survey": survey, "reason": closed})
    questions = answering.questions_of(survey)
    draft = answering.draft_answers(invitation)
    data = posted(request)
    behalf = OnBehalfForm(data) if entered_by else None
    form = AnswerForm(data, questions=questions, draft=draft)
    if request.method == "POST":
        finishing = "save" not in request.POST
        valid = all([form.is_valid(), behalf is None or behalf.is_valid()])  # both, so both show their errors
        answers = form.answers(complete=finishing) if form.is_valid() else {}
        if valid and not form.errors:
            try:
                if finishing:
                    answering.submit_response(
                        invitation=invitation,
                        answers=answers,
                        channel=behalf.cleaned_data["channel"] if behalf else channel,
                        entered_by=entered_by,
                    )
                else:
                    answering.save_draft(invitation=invitation, answers=answers)
            except answering.AnswerError as error:
                return render(request, "surveys/answer_closed.html", {"survey": survey, "reason": str(error)})
            if not finishing:
                messages.success(request, "Your answers are saved. Come back to this page to finish them.")
                return redirect(request.path)
            return render(request, "surveys/answer_thanks.html", {"survey": survey, "entered_by": entered_by})
    return render(
        request,
        template,
        {"survey": survey, "form": form, "behalf": behalf, "invitation": invitation, "has_draft": bool(draft)},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def answer(request, pk):
    try:
        invitation = get_invitation_for_user(request, pk)
    except NotYourInvitation:
        return _not_your_invitation(request, pk)
    if invitation is None:
        return redirect_to_login(request.get_full_path())
    return _answer_page(request, invitation, channel="portal")


def _not_your_invitation(request, pk):
    """Someone signed in opened another resident's link: they answer only as themselves. The link is forgotten,
    so their own invitation (if they have one) opens from their surveys page; signing out and opening the link
    again answers as its resident."""
    opened = dict(request.session.get(SESSION_KEY, {}))
    opened.pop(str(pk), None)
    request.session[SESSION_KEY] = opened
    return render(request, "surveys/answer_not_yours.html", status=403)


@require_GET
@resident_required
def my_surveys(request):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    invitations = list(
        Invitation.objects.filter(resident=resident, survey__status=SurveyStatus.PUBLISHED)
        .select_related("survey", "resident")
        .order_by("-created_at", "-id")[:50]
    )
    waiting = [i for i in invitations if not answering.why_closed(i)]
    done = [i for i in invitations if i.responded]
    return render(request, "surveys/my_surveys.html", {"waiting": waiting, "done": done})


@require_http_methods(["GET", "POST"])
@staff_required
def staff_answer(request, pk, invitation_pk):
    invitation = get_invitation_for_staff(request, pk, invitation_pk)
    return _answer_page(request, invitation, channel="", entered_by=request.user, template="surveys/staff_answer.html")


@require_GET
@staff_required
def my_staff_surveys(request):
    """The staff surveys the signed-in member of staff was asked to answer (administrators are asked none)."""
    invitations = list(
        StaffInvitation.objects.filter(user=request.user, survey__status=SurveyStatus.PUBLISHED)
        .select_related("survey")
        .order_by("-created_at", "-id")[:50]
    )
    waiting = [i for i in invitations if not answering.why_staff_closed(i)]
    done = [i for i in invitations if i.responded]
    return render(request, "surveys/my_staff_surveys.html", {"waiting": waiting, "done": done})


@require_http_methods(["GET", "POST"])
@staff_required
def staff_survey_answer(request, pk):
    """A member of staff answering a staff survey, signed in and anonymously: sent in one go, no drafts."""
    invitation = get_staff_invitation_for_user(request, pk)
    survey = invitation.survey
    closed = answering.why_staff_closed(invitation)
    if closed:
        return render(request, "surveys/answer_closed.html", {"survey": survey, "reason": closed})
    questions = answering.questions_of(survey)
    form = AnswerForm(posted(request), questions=questions, draft={})
    if request.method == "POST" and form.is_valid():
        answers = form.answers(complete=True)
        if not form.errors:
            try:
                answering.submit_staff_response(invitation=invitation, answers=answers)
            except answering.AnswerError as error:
                return render(request, "surveys/answer_closed.html", {"survey": survey, "reason": str(error)})
            return render(request, "surveys/answer_thanks.html", {"survey": survey, "entered_by": None})
    return render(request, "surveys/staff_survey_answer.html", {"survey": survey, "form": form})
