"""The Board dashboard, the Board pack (the same sections, laid out to print) and a CSV of any of its tables.
Board members and administrators only: aggregates, never a person."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from residents.models import Neighbourhood
from residents.permissions import board_required

from . import selectors, upcoming
from .forms import BoardFilterForm
from .tables import table_csv

# The page's sections in order. Each takes the filters and returns a Section (selectors.py, upcoming.py).
SECTIONS = [
    selectors.tsm_section,
    selectors.feedback_section,
    selectors.updates_section,
    selectors.involvement_section,
    selectors.representation_section,
    upcoming.panels_section,
    upcoming.walkabouts_section,
    upcoming.action_plans_section,
    upcoming.fund_section,
    upcoming.volunteering_section,
]


def _dashboard(request) -> dict:
    now = timezone.now()
    names = dict(Neighbourhood.objects.values_list("id", "name"))
    form = BoardFilterForm(request.GET or None, neighbourhoods=names, today=timezone.localdate(now))
    period, neighbourhood_id = form.chosen()
    neighbourhood = Neighbourhood(pk=neighbourhood_id, name=names[neighbourhood_id]) if neighbourhood_id else None
    filters = selectors.BoardFilters(period=period, neighbourhood=neighbourhood, now=now, neighbourhoods=names)
    sections = [build(filters) for build in SECTIONS]
    charts = {table.slug: table.chart_data() for section in sections for table in section.tables if table.chart}
    return {"form": form, "filters": filters, "sections": sections, "charts": charts, "query": form.query()}


@require_GET
@board_required
def board_home(request):
    return render(request, "engagement/board/dashboard.html", _dashboard(request))


@require_GET
@board_required
def board_pack(request):
    return render(request, "engagement/board/pack.html", _dashboard(request))


@require_GET
@board_required
def board_csv(request, slug: str):
    context = _dashboard(request)
    table = next((t for section in context["sections"] for t in section.tables if t.slug == slug), None)
    if table is None:
        raise Http404("No such table for these filters.")
    response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    where = f"-neighbourhood-{context['filters'].neighbourhood.pk}" if context["filters"].neighbourhood else ""
    response["Content-Disposition"] = f'attachment; filename="board-{slug}-{context["filters"].period.key}{where}.csv"'
    return response
