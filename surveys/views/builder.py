"""Staff build surveys: settings, questions (add, change, reorder, remove) and a preview as residents see it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from residents.permissions import staff_required

from ..filters import SurveyFilter
from ..forms import AnswerForm, QuestionForm, SurveyForm
from ..models import Survey
from ..permissions import can_delete, can_edit, get_question_for_staff, get_survey_for_staff
from ..services import building
from ..services.answering import questions_of
from . import posted

PAGE_SIZE = 25


@require_GET
@staff_required
def survey_list(request):
    surveys = Survey.objects.annotate(question_count=Count("questions", distinct=True)).order_by("-created_at", "-id")
    survey_filter = SurveyFilter(request.GET or None, queryset=surveys)
    page = Paginator(survey_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    chosen = survey_filter.chosen() if survey_filter.is_bound else {}
    return render(
        request,
        "surveys/survey_list.html",
        {"page": page, "filter": survey_filter, "filtered": bool(chosen), "query": urlencode(chosen)},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def survey_create(request):
    form = SurveyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        survey = form.save(commit=False)
        survey.created_by = request.user
        survey.save()
        messages.success(request, "Survey saved as a draft. Now add its questions.")
        return redirect("surveys:survey_detail", pk=survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": None})


@require_http_methods(["GET", "POST"])
@staff_required
def survey_edit(request, pk):
    survey = get_survey_for_staff(request, pk)
    form = SurveyForm(posted(request), instance=survey)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Survey settings saved.")
        return redirect("surveys:survey_detail", pk=survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": survey})


@require_GET
@staff_required
def survey_detail(request, pk):
    survey = get_survey_for_staff(request, pk)
    questions = questions_of(survey)
    counts = survey.invitations.aggregate(invited=Count("id"), answered=Count("id", filter=Q(responded=True)))
    return render(
        request,
        "surveys/survey_detail.html",
        {"survey": survey, "questions": questions, "editable": can_edit(survey), **counts},
    )


@require_GET
@staff_required
def survey_preview(request, pk):
    survey = get_survey_for_staff(request, pk)
    form = AnswerForm(questions=questions_of(survey))
    return render(request, "surveys/answer.html", {"survey": survey, "form": form, "preview": True})


def _refuse_if_not_editable(request, survey: Survey):
    try:
        building.ensure_questions_editable(survey)
    except building.BuildError as error:
        messages.error(request, str(error))
        return redirect("surveys:survey_detail", pk=survey.pk)
    return None


@require_http_methods(["GET", "POST"])
@staff_required
def question_create(request, pk):
    survey = get_survey_for_staff(request, pk)
    if refused := _refuse_if_not_editable(request, survey):
        return refused
    form = QuestionForm(posted(request), survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            building.add_question(survey=survey, spec=form.spec())
        except building.BuildError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Question added.")
            if "add_another" in request.POST:
                return redirect("surveys:question_create", pk=survey.pk)
            return redirect("surveys:survey_detail", pk=survey.pk)
    return render(request, "surveys/question_form.html", {"form": form, "survey": survey, "question": None})


@require_http_methods(["GET", "POST"])
@staff_required
def question_edit(request, pk, question_pk):
    question = get_question_for_staff(request, pk, question_pk)
    survey = question.survey
    if refused := _refuse_if_not_editable(request, survey):
        return refused
    form = QuestionForm(posted(request), survey=survey, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            building.update_question(question=question, spec=form.spec())
        except building.BuildError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Question saved.")
            return redirect("surveys:survey_detail", pk=survey.pk)
    return render(request, "surveys/question_form.html", {"form": form, "survey": survey, "question": question})


@require_POST
@staff_required
def question_move(request, pk, question_pk):
    question = get_question_for_staff(request, pk, question_pk)
    try:
        building.move_question(question=question, up=request.POST.get("direction") == "up")
    except building.BuildError as error:
        messages.error(request, str(error))
    return redirect(f"{question.survey.get_absolute_url()}#question-{question.pk}")


@require_POST
@staff_required
def question_delete(request, pk, question_pk):
    question = get_question_for_staff(request, pk, question_pk)
    try:
        building.delete_question(question=question)
    except building.BuildError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Question “{question.text}” removed.")
    return redirect("surveys:survey_detail", pk=pk)


@require_http_methods(["GET", "POST"])
@staff_required
def survey_delete(request, pk):
    """Asks first; only a draft can go."""
    survey = get_survey_for_staff(request, pk)
    if request.method == "POST":
        try:
            building.delete_draft_survey(survey=survey)
        except building.BuildError as error:
            messages.error(request, str(error))
            return redirect("surveys:survey_detail", pk=survey.pk)
        messages.success(request, f"The draft “{survey.title}” is deleted.")
        return redirect("surveys:survey_list")
    if not can_delete(survey):
        messages.error(
            request, "A published survey cannot be deleted: residents have been asked and may have answered."
        )
        return redirect("surveys:survey_detail", pk=survey.pk)
    return render(request, "surveys/survey_delete.html", {"survey": survey})
