"""A resident's involvement record as staff see it, opened from the register: what they took part in, their hours
(unconfirmed too), training, expenses claims and what changed because of them. Staff log hours (confirmed, as
staff) and expenses claims on behalf of a resident who phoned in or has no account, with the residents' forms and
services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ...people.models import Resident
from ...permissions import staff_required
from .. import selectors, services
from ..forms import ClaimForm, HoursForm
from .common import roles_of


def get_resident_for_staff(pk: int) -> Resident:
    return get_object_or_404(Resident.objects.select_related("user"), pk=pk)


@require_GET
@staff_required
def staff_record(request, pk: int):
    resident = get_resident_for_staff(pk)
    return render(
        request,
        "residents/involvement/staff_record.html",
        {"resident": resident, **selectors.record_for(resident)},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def staff_log_hours(request, pk: int):
    resident = get_resident_for_staff(pk)
    form = HoursForm(request.POST or None, roles=roles_of(resident))
    if form.is_valid():
        try:
            entry = services.log_hours_for_resident(resident=resident, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Saved and confirmed {entry.hours} hours for {resident.full_name}.")
            return redirect("residents:resident_involvement", pk=resident.pk)
    return render(
        request,
        "residents/involvement/staff_record_form.html",
        {
            "resident": resident,
            "form": form,
            "heading": f"Log hours for {resident.full_name}",
            "intro": "Time they gave as a volunteer and told us about. Hours you log are confirmed at once, as "
            "confirmed by you.",
            "button": "Save and confirm the hours",
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def staff_claim(request, pk: int):
    resident = get_resident_for_staff(pk)
    if request.method == "POST":
        form = ClaimForm(request.POST, request.FILES, roles=roles_of(resident))
    else:
        form = ClaimForm(roles=roles_of(resident))
    if form.is_valid():
        try:
            claim = services.claim_expenses(resident=resident, logged_by=request.user, **form.claim())
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, f"The claim for £{claim.amount} is saved for {resident.full_name}, waiting for a decision."
            )
            return redirect("residents:resident_involvement", pk=resident.pk)
    return render(
        request,
        "residents/involvement/staff_record_form.html",
        {
            "resident": resident,
            "form": form,
            "heading": f"Claim expenses for {resident.full_name}",
            "intro": "Mileage, travel and care costs they had from volunteering. The claim waits for a decision "
            "like any other; travel and care costs need a photo or PDF of the receipt.",
            "button": "Save the claim",
            "multipart": True,
        },
    )
