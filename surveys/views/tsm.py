"""The Tenant Satisfaction Measures for staff and the Board: making the year's locked survey, the results per
tenure with the summary of approach, publishing them, and the CSV.

Staff and Board members both read the results and the CSV (aggregates only: the Board scrutinises them); only
staff make the survey, write the summary of approach and choose to publish.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from residents.permissions import is_staff, staff_or_board_required, staff_required

from ..forms import TsmApproachForm, TsmCreateForm
from ..models import Survey, SurveyKind, TsmApproach
from ..services import tsm
from . import posted

FIRST_YEAR = 2023  # the measures started on 1 April 2023


def _year(reporting_year: int) -> int:
    if not FIRST_YEAR <= reporting_year <= tsm.current_reporting_year() + 1:
        raise Http404("No such reporting year.")
    return reporting_year


@require_http_methods(["GET", "POST"])
@staff_required
def tsm_create(request):
    form = TsmCreateForm(posted(request))
    existing = Survey.objects.filter(kind=SurveyKind.TSM).order_by("-reporting_year").only("id", "title")[:5]
    if request.method == "POST" and form.is_valid():
        try:
            survey = tsm.create_tsm_survey(reporting_year=form.cleaned_data["reporting_year"], actor=request.user)
        except ValidationError as error:
            form.add_error("reporting_year", error)
        else:
            messages.success(request, "The survey is ready. Its wording is locked; choose who to ask and send it.")
            return redirect("surveys:survey_detail", pk=survey.pk)
    return render(request, "surveys/tsm_create.html", {"form": form, "existing": existing})


@require_GET
@staff_or_board_required
def tsm_results(request, year):
    year = _year(year)
    return render(
        request,
        "surveys/tsm_results.html",
        {
            "results": tsm.tsm_results(reporting_year=year),
            "summary": tsm.summary_of_approach(reporting_year=year),
            "approach": tsm.approach_for(year),
            "can_change": is_staff(request.user),
            "years": [y for y in range(tsm.current_reporting_year(), FIRST_YEAR - 1, -1) if y != year],
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def tsm_approach(request, year):
    year = _year(year)
    form = TsmApproachForm(posted(request), instance=tsm.approach_for(year))
    if request.method == "POST" and form.is_valid():
        tsm.save_tsm_approach(reporting_year=year, actor=request.user, **form.cleaned_data)
        messages.success(request, "Summary of approach saved. Publish the results again to show the change.")
        return redirect("surveys:tsm_results", year=year)
    return render(request, "surveys/tsm_approach.html", {"form": form, "year": year, "label": tsm.year_label(year)})


@require_POST
@staff_required
def tsm_publish(request, year):
    year = _year(year)
    if request.POST.get("action") == "withdraw":
        if TsmApproach.objects.filter(reporting_year=year, published_at__isnull=False).exists():
            tsm.withdraw_tsm_results(reporting_year=year, actor=request.user)
            messages.success(request, "The results are no longer on the public performance page.")
    else:
        try:
            tsm.publish_tsm_results(reporting_year=year, actor=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "Published: the public performance page now shows these results.")
    return redirect("surveys:tsm_results", year=year)


@require_GET
@staff_or_board_required
def tsm_csv(request, year):
    year = _year(year)
    response = HttpResponse(
        tsm.tsm_csv(results=tsm.tsm_results(reporting_year=year)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="tenant-satisfaction-measures-{year}.csv"'
    return response
