"""Staff read a survey's results: counts and percentages with a chart and a table of the same numbers, a
breakdown by one snapshot field with small groups hidden (by equality answers: as residents.disclosure allows),
optionally within one tenure or neighbourhood, each free-text question's answers, and CSVs of both."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from residents.models import Neighbourhood, Tenure
from residents.permissions import staff_required

from ..permissions import can_see_who_answered, get_question_for_staff, get_survey_for_staff
from ..services import results

TEXT_PAGE_SIZE = 50


@require_GET
@staff_required
def results_page(request, pk):
    survey = get_survey_for_staff(request, pk)
    withheld = results.staff_results_withheld(survey)
    if withheld:
        return render(request, "surveys/results_withheld.html", {"survey": survey, "reason": withheld})
    questions = results.questions_with_choices(survey)
    by = request.GET.get("by", "")
    within = results.Within.from_query(request.GET)
    breakdown = (
        results.question_breakdown(survey=survey, field_name=by, questions=questions, within=within)
        if by in results.BREAKDOWN_FIELDS
        else None
    )
    found = results.question_results(survey=survey, questions=questions)
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "results": found,
            "charts": [r.chart for r in found if r.question.has_choices and r.respondents],
            "breakdown": breakdown,
            "by": by if breakdown else "",
            "fields": [(name, spec[0]) for name, spec in results.BREAKDOWN_FIELDS.items()],
            "within": within,
            "tenures": Tenure.choices,
            "neighbourhoods": Neighbourhood.objects.order_by("name").values_list("pk", "name"),
            "flagged": results.flagged_answer_count(survey=survey),
            "small_group": results.SMALL_GROUP,
            "rounding_base": results.disclosure.ROUNDING_BASE,
        },
    )


@require_GET
@staff_required
def results_csv(request, pk):
    """The results; with ?by= (and the page's tenure or neighbourhood), the breakdown as the page shows it."""
    survey = get_survey_for_staff(request, pk)
    if results.staff_results_withheld(survey):
        raise Http404("This staff survey's results are not shown yet.")
    by = request.GET.get("by", "")
    name = f"results-{survey.pk}-{slugify(survey.title)[:40]}"
    if by in results.BREAKDOWN_FIELDS:
        within = results.Within.from_query(request.GET)
        breakdown = results.question_breakdown(survey=survey, field_name=by, within=within)
        content, name = results.breakdown_csv(breakdown=breakdown), f"{name}-by-{by}"
    else:
        content = results.results_csv(survey=survey)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@require_GET
@staff_required
def results_text(request, pk, question_pk):
    question = get_question_for_staff(request, pk, question_pk)
    if question.has_choices:
        raise Http404("Only free-text questions have written answers.")
    if results.staff_results_withheld(question.survey):
        raise Http404("This staff survey's results are not shown yet.")
    page = Paginator(results.text_answers(question=question), TEXT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/results_text.html",
        {
            "survey": question.survey,
            "question": question,
            "page": page,
            "shows_who": can_see_who_answered(request.user, question.survey),
        },
    )


@require_POST
@staff_required
def results_update_create(request, pk):
    """Start a "You said, we did" entry citing this survey, and go on to write it."""
    survey = get_survey_for_staff(request, pk)
    entry = results.draft_you_said_we_did(survey=survey, actor=request.user)
    messages.success(request, "Draft started, citing this survey. Write what we did, choose who it is for, then save.")
    return redirect("residents:update_edit", pk=entry.pk)
