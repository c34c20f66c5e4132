"""The outcomes framework's pages: the four outcomes, each outcome's page (what serves it from the involvement
record, its indicators against their targets and their trend, what serves no outcome), and staff choosing the
indicators. Staff and the Board read them; staff change them."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from residents.permissions import staff_or_board_required, staff_required

from . import selectors, services
from .forms import IndicatorForm
from .permissions import can_manage_indicators, get_indicator_for_user, get_outcome

PAGE_SIZE = 25


@require_GET
@staff_or_board_required
def outcome_list(request):
    span = selectors.window()
    return render(
        request,
        "engagement/outcomes/outcome_list.html",
        {
            "outcomes": selectors.outcome_summaries(),
            "review": selectors.for_review(span),
            "headline_label": selectors.headline_label(span),
        },
    )


@require_GET
@staff_or_board_required
def outcome_detail(request, outcome: str):
    outcome = get_outcome(outcome)
    span = selectors.window()
    page = Paginator(selectors.serving(outcome, span), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.indicator_rows(selectors.chosen_indicators(outcome), span)
    return render(
        request,
        "engagement/outcomes/outcome_detail.html",
        {
            "outcome": outcome,
            "rows": rows,
            "quarters": [cell.label for cell in rows[0].trend] if rows else [],
            "page": page,
            "label": "Pages of opportunities",
            "totals": selectors.serving_totals(outcome, span),
            "review": selectors.for_review(span),
            "headline_label": selectors.headline_label(span),
            "can_manage": can_manage_indicators(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def indicator_add(request, outcome: str):
    outcome = get_outcome(outcome)
    form = IndicatorForm(request.POST or None, outcome=outcome)
    if form.is_valid():
        services.add_indicator(outcome=outcome, actor=request.user, **form.cleaned_data)
        messages.success(request, "Indicator added.")
        return redirect("outcomes:outcome_detail", outcome=outcome.value)
    return render(
        request, "engagement/outcomes/indicator_form.html", {"outcome": outcome, "form": form, "adding": True}
    )


@require_http_methods(["GET", "POST"])
@staff_required
def indicator_change(request, pk: int):
    chosen = get_indicator_for_user(request, pk)
    outcome = get_outcome(chosen.outcome)
    form = IndicatorForm(request.POST or None, instance=chosen, outcome=outcome)
    if form.is_valid():
        services.change_indicator(chosen=chosen, **form.cleaned_data)
        messages.success(request, "Indicator changed.")
        return redirect("outcomes:outcome_detail", outcome=outcome.value)
    return render(
        request,
        "engagement/outcomes/indicator_form.html",
        {"outcome": outcome, "form": form, "chosen": chosen, "adding": False},
    )


@require_http_methods(["POST"])
@staff_required
def indicator_remove(request, pk: int):
    chosen = get_indicator_for_user(request, pk)
    services.remove_indicator(chosen=chosen)
    messages.success(request, f"{chosen.get_indicator_display()} removed.")
    return redirect("outcomes:outcome_detail", outcome=chosen.outcome)
