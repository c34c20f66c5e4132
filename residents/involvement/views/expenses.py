"""Expenses: residents claim with a receipt; the receipt is served to the claimant and staff only; staff decide
claims; finance download the approved ones."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from ...permissions import is_staff, linked_resident_or_none, resident_required, staff_required
from .. import selectors, services
from ..forms import (
    APPROVE,
    ClaimDecisionForm,
    ClaimForm,
)
from ..models import (
    ClaimStatus,
    ExpenseClaim,
)
from ..permissions import (
    get_claim_for_resident,
    get_claim_for_staff,
)
from .common import csv_safe, paginate, roles_of

# Expenses ------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@resident_required
def claim_new(request):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    if request.method == "POST":
        form = ClaimForm(request.POST, request.FILES, roles=roles_of(resident))
    else:
        form = ClaimForm(roles=roles_of(resident))
    if form.is_valid():
        try:
            claim = services.claim_expenses(resident=resident, **form.claim())
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Your claim for £{claim.amount} is sent. We will tell you when it is decided.")
            return redirect("residents:my_involvement")
    return render(request, "residents/involvement/claim_form.html", {"form": form})


def _send_receipt(claim: ExpenseClaim) -> FileResponse:
    if not claim.receipt:
        raise Http404
    try:
        file = claim.receipt.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        file, content_type=claim.receipt_content_type, filename=f"claim-{claim.pk}-receipt.{claim.receipt_extension}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, max_age=3600)
    return response


@staff_required
def _receipt_for_staff(request, pk: int):
    return _send_receipt(get_claim_for_staff(request, pk))


@resident_required
def _receipt_for_resident(request, pk: int):
    return _send_receipt(get_claim_for_resident(request, pk))


@require_GET
def claim_receipt(request, pk: int):
    """The claimant's own receipt, or any receipt for staff (with two-factor authentication); any other resident
    gets a 404 and any other role a 403."""
    view = _receipt_for_staff if is_staff(request.user) else _receipt_for_resident
    return view(request, pk)


@require_GET
@staff_required
def staff_claims(request):
    status = request.GET.get("status", ClaimStatus.SUBMITTED)
    claims = ExpenseClaim.objects.select_related("resident").defer("reason").order_by("created_at", "id")
    if status in ClaimStatus.values:
        claims = claims.filter(status=status)
    return render(
        request,
        "residents/involvement/staff_claims.html",
        {
            "page": paginate(request, claims),
            "status": status,
            "statuses": ClaimStatus.choices,
            "query": f"status={status}",
        },
    )


def _claim_page(request, claim: ExpenseClaim, form: ClaimDecisionForm | None = None):
    return render(
        request, "residents/involvement/claim_detail.html", {"claim": claim, "form": form or ClaimDecisionForm()}
    )


@require_http_methods(["GET", "POST"])
@staff_required
def claim_decide(request, pk: int):
    claim = get_claim_for_staff(request, pk)
    if request.method == "GET":
        return _claim_page(request, claim)
    form = ClaimDecisionForm(request.POST)
    if not form.is_valid():
        return _claim_page(request, claim, form)
    try:
        if form.cleaned_data["decision"] == APPROVE:
            services.approve_claim(claim=claim, actor=request.user)
        else:
            services.refuse_claim(claim=claim, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _claim_page(request, claim, form)
    claim.refresh_from_db()
    messages.success(request, f"Claim {claim.get_status_display().lower()}. We are telling the resident.")
    return redirect("residents:involvement_claims")


CSV_HEADER = [
    "Claim",
    "Resident reference",
    "Name",
    "Kind",
    "Date incurred",
    "What for",
    "Miles",
    "Amount (GBP)",
    "Approved on",
]


@require_GET
@staff_required
def claims_csv(request):
    """Approved claims for finance to pay, oldest approval first."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="approved-expenses.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for claim in selectors.approved_claims().iterator(chunk_size=1000):
        writer.writerow(
            [
                claim.pk,
                claim.resident.resident_reference,
                claim.resident.full_name,
                claim.get_kind_display(),
                claim.incurred_on.isoformat(),
                csv_safe(claim.description),
                claim.miles if claim.miles is not None else "",
                claim.amount,
                timezone.localtime(claim.decided_at).date().isoformat(),
            ]
        )
    return response
