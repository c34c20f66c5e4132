"""Decisions and the resident voice: staff record, cite, mark ready for the Board, publish and withdraw; Board
members read; the public list and decision pages are open to everyone (login_not_required) and show published
decisions only, with the input cited described but never who gave it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from residents.permissions import is_staff, staff_or_board_required, staff_required

from . import permissions, selectors, services
from .forms import CiteForm, DecisionForm, WithdrawForm
from .models import DecisionStatus

STAFF_PAGE_SIZE = 25
PUBLIC_PAGE_SIZE = 20


# Staff and Board -------------------------------------------------------------------------------------------


@require_GET
@staff_or_board_required
def staff_list(request):
    status = request.GET.get("status", "")
    decisions = selectors.with_input_counts(
        permissions.decisions_for_user(request.user).defer("summary", "how_considered", "what_changed")
    ).order_by("-updated_at", "-id")
    statuses = (
        DecisionStatus.choices
        if is_staff(request.user)
        else [(value, label) for value, label in DecisionStatus.choices if value in ("ready", "published")]
    )
    if status in dict(statuses):
        decisions = decisions.filter(status=status)
    page = Paginator(decisions, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/staff_list.html",
        {
            "page": page,
            "status": status,
            "statuses": statuses,
            "query": urlencode({"status": status}) if status else "",
            "can_record": is_staff(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def create(request):
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = form.save(commit=False)
        decision.created_by = request.user
        decision.save()
        messages.success(request, "The draft is saved. Now cite the resident input that informed it.")
        return redirect("decisions:detail", pk=decision.pk)
    return render(request, "decisions/create.html", {"form": form})


def _render_detail(request, decision, *, cite_form=None, withdraw_form=None, status=200):
    user = request.user
    cited = selectors.cited(decision)
    manage = permissions.can_manage(user, decision)
    if manage:
        cite_form = cite_form or CiteForm()
    if permissions.can_withdraw(user, decision):
        withdraw_form = withdraw_form or WithdrawForm()
    missing = services.missing_for_board(decision, has_input=bool(cited)) if manage else {}
    return render(
        request,
        "decisions/detail.html",
        {
            "decision": decision,
            "cited": cited,
            "voices": selectors.voices_heard(cited),
            "manage": manage,
            "can_publish": permissions.can_publish(user, decision),
            "cite_form": cite_form,
            "withdraw_form": withdraw_form,
            "missing": missing,
            "error_form": next((f for f in (cite_form, withdraw_form) if f is not None and f.errors), None),
        },
        status=status,
    )


@require_GET
@staff_or_board_required
def detail(request, pk: int):
    return _render_detail(request, permissions.get_decision_for_user(request, pk))


@require_http_methods(["GET", "POST"])
@staff_required
def edit(request, pk: int):
    decision = permissions.get_decision_for_user(request, pk)
    if not permissions.can_manage(request.user, decision):
        messages.error(request, "This decision has been published, so it can no longer be changed.")
        return redirect("decisions:detail", pk=pk)
    if request.method == "GET":
        form = DecisionForm(instance=decision)
        return render(request, "decisions/edit.html", {"decision": decision, "form": form})
    ready = "ready" in request.POST
    with transaction.atomic():
        decision = permissions.get_decision_for_user(request, pk, lock=True)
        if not permissions.can_manage(request.user, decision):
            messages.error(request, "This decision has been published, so it can no longer be changed.")
            return redirect("decisions:detail", pk=pk)
        form = DecisionForm(request.POST, instance=decision, ready=ready, has_input=decision.sources.exists())
        if form.is_valid():
            decision = form.save()
            if ready and decision.status == DecisionStatus.DRAFT:
                services.mark_ready(decision=decision)
                messages.success(request, "It is ready for the Board. Board members can now read it.")
            else:
                messages.success(request, "Your changes are saved.")
            return redirect("decisions:detail", pk=pk)
    decision.refresh_from_db()
    return render(request, "decisions/edit.html", {"decision": decision, "form": form})


@require_POST
@staff_required
def cite(request, pk: int):
    decision = permissions.get_decision_for_user(request, pk)
    form = CiteForm(request.POST)
    if form.is_valid():
        try:
            services.cite(decision=decision, obj=form.found)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The input is cited.")
        return redirect("decisions:detail", pk=pk)
    return _render_detail(request, decision, cite_form=form)


@require_POST
@staff_required
def uncite(request, pk: int, source_pk: int):
    decision = permissions.get_decision_for_user(request, pk)
    try:
        services.uncite(decision=decision, source_id=source_pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "It no longer cites that input.")
    return redirect("decisions:detail", pk=pk)


@require_POST
@staff_required
def back_to_draft(request, pk: int):
    decision = permissions.get_decision_for_user(request, pk)
    try:
        services.back_to_draft(decision=decision)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "It is a draft again: Board members no longer see it.")
    return redirect("decisions:detail", pk=pk)


@require_POST
@staff_required
def publish(request, pk: int):
    decision = permissions.get_decision_for_user(request, pk)
    try:
        decision = services.publish(decision=decision)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        told = decision.residents_told
        messages.success(
            request,
            f"It is published. We are emailing {told} resident{'' if told == 1 else 's'} whose input it cites.",
        )
    return redirect("decisions:detail", pk=pk)


@require_POST
@staff_required
def withdraw(request, pk: int):
    decision = permissions.get_decision_for_user(request, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw(decision=decision, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "It is withdrawn and no longer on the public pages.")
        return redirect("decisions:detail", pk=pk)
    return _render_detail(request, decision, withdraw_form=form)


# Public ----------------------------------------------------------------------------------------------------


@login_not_required
@require_GET
def public_list(request):
    page = Paginator(selectors.public_list(), PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "decisions/public_list.html", {"page": page})


@login_not_required
@require_GET
def public_detail(request, pk: int):
    decision = permissions.get_public_decision(pk)
    return render(
        request, "decisions/public_detail.html", {"decision": decision, "cited_kinds": selectors.cited_kinds(decision)}
    )
