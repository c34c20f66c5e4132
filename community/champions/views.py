"""Block Champions: a resident applies to champion their block; neighbours see their block's champions; staff
approve or decline with a reason."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from residents.permissions import linked_resident_or_none, resident_required, staff_required

from ..plans.permissions import mfa_checked
from . import permissions, services
from .forms import ApplyForm, DecideForm
from .models import BlockChampion, ChampionStatus

STAFF_PAGE_SIZE = 25


@require_http_methods(["GET", "POST"])
@resident_required
def champion_apply(request):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.apply_to_champion(resident=resident, why=form.cleaned_data["why"])
        except ValidationError as error:
            form.add_error("why", error.messages[0])
        else:
            messages.success(request, "Thank you: we will tell you our decision by email and on this page.")
            return redirect("community:champion_apply")
    applications = BlockChampion.objects.filter(resident=resident).select_related("block").order_by("-created_at")
    return render(
        request, "community/champions/apply.html", {"form": form, "resident": resident, "applications": applications}
    )


@require_GET
@mfa_checked
def block_detail(request, pk: int):
    block = permissions.get_block_for_user(request, pk)
    champions = (
        BlockChampion.objects.approved().filter(block=block).select_related("resident").only("resident__first_name")
    )
    return render(request, "community/champions/block_detail.html", {"building": block, "champions": champions})


@require_GET
@staff_required
def staff_champion_list(request):
    status = request.GET.get("status", ChampionStatus.APPLIED)
    if status not in ChampionStatus.values:
        status = ChampionStatus.APPLIED
    applications = (
        BlockChampion.objects.filter(status=status)
        .select_related("resident", "block__neighbourhood")
        .order_by("created_at", "id")
    )
    page = Paginator(applications, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/champions/staff_list.html",
        {"page": page, "status": status, "statuses": ChampionStatus.choices, "query": f"status={status}"},
    )


@require_POST
@staff_required
def champion_decide(request, pk: int):
    champion = permissions.get_champion_for_staff(request, pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(error for errors in form.errors.values() for error in errors))
        return redirect("community:champion_list")
    try:
        services.decide_champion(
            champion=champion,
            approve=form.cleaned_data["outcome"] == "approve",
            reason=form.cleaned_data["reason"],
            decided_by=request.user,
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The decision is saved and the resident is emailed.")
    return redirect("community:champion_list")
