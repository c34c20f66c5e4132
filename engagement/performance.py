"""Public performance pages: the Tenant Satisfaction Measures that staff chose to publish, with their summary of
approach. Open to everyone on purpose (login_not_required): every landlord publishes its measures each year.
The page shows the copy saved when staff pressed "publish", never live numbers."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from surveys.services import tsm


@login_not_required
@require_GET
def performance(request):
    published = tsm.latest_published()
    return render(
        request,
        "engagement/performance.html",
        {
            "published": published,
            "results": published.published["results"] if published else None,
            "summary": published.published["approach"] if published else None,
        },
    )


@login_not_required
@require_GET
def performance_csv(request):
    published = tsm.latest_published()
    if published is None:
        raise Http404("No results are published yet.")
    response = HttpResponse(tsm.tsm_csv(results=published.published["results"]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="tenant-satisfaction-measures-{published.reporting_year}.csv"'
    )
    return response
