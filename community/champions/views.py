"""Block Champions: a resident applies to champion their block; neighbours see their block's champions; staff
approve or decline with a reason."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from residents.permissions import linked_resident_or_none, resident_required, staff_required

from ..plans.permissions import mfa_checked
from ..walkabouts.forms import ChampionIssueForm, send_champion_issue
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
    applications = list(BlockChampion.objects.filter(resident=resident).select_related("block").order_by("-created_at"))
    approved = next((a for a in applications if a.status == ChampionStatus.APPROVED), None)
    return render(
        request,
        "community/champions/apply.html",
        {"form": form, "resident": resident, "applications": applications, "approved": approved},
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


@require_POST
@resident_required
def champion_step_down(request, pk: int):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    champion = get_object_or_404(BlockChampion, pk=pk, resident=resident)
    try:
        services.step_down(champion=champion)
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, "You have stepped down. Thank you for all you did for your block.")
    return redirect("community:champion_apply")


# Reporting an issue on the champion's own block, at any time --------------------------------------------------


@require_http_methods(["GET", "POST"])
@resident_required
def block_issue_new(request, pk: int):
    """An approved champion logs an issue on their block from their phone (the walkabouts' weak-signal form)."""
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    champion = permissions.get_champion_for_block(request, pk, resident)
    if request.method == "POST":
        form, issue = send_champion_issue(
            request, resident=resident, walkabout=None, log=partial(services.log_block_issue, champion=champion)
        )
        if issue is not None:
            return redirect("community:champion_block_issue", pk=champion.block_id, issue_pk=issue.pk)
    else:
        form = ChampionIssueForm(walkabout=None)
    return render(request, "community/champions/block_issue_form.html", {"form": form, "building": champion.block})


@require_GET
@resident_required
def block_issue(request, pk: int, issue_pk: int):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    champion, issue = permissions.get_block_issue_for_champion(request, pk, issue_pk, resident)
    return render(request, "community/champions/block_issue_logged.html", {"issue": issue, "building": champion.block})
