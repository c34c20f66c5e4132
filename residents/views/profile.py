"""A resident's own pages: home, linking to their home, preferences, equality monitoring, data download."""

import json

from allauth.core import ratelimit
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import selectors, services
from ..dataexport import export_user_data
from ..forms.profile import EqualityForm, LinkByCodeForm, LinkByTenancyForm, PreferencesForm
from ..models import EqualityMonitoring, Feedback
from ..permissions import linked_resident_or_none, resident_required
from ..services import updates


@require_GET
@resident_required
def resident_home(request):
    resident = selectors.resident_for_home_page(user=request.user)
    recent_feedback = (
        Feedback.objects.filter(resident=resident).only("kind", "category", "status", "created_at")[:3]
        if resident
        else []
    )
    # "You said, we did" for where they live: their neighbourhood's entries and those for everyone.
    area_updates = updates.latest_for_neighbourhood(resident.home.block.neighbourhood_id) if resident else []
    return render(
        request,
        "residents/resident_home.html",
        {"resident": resident, "recent_feedback": recent_feedback, "area_updates": area_updates},
    )


@require_http_methods(["GET", "POST"])
@resident_required
def link_home(request):
    if hasattr(request.user, "resident"):
        messages.info(request, "Your account is already linked to your home.")
        return redirect("residents:home")
    tenancy_form = LinkByTenancyForm(prefix="tenancy")
    code_form = LinkByCodeForm(prefix="code")
    status = 200
    if request.method == "POST":
        method = request.POST.get("method")
        if method == "code":
            code_form = LinkByCodeForm(request.POST, prefix="code")
            form = code_form
        else:
            tenancy_form = LinkByTenancyForm(request.POST, prefix="tenancy")
            form = tenancy_form
        if form.is_valid():
            if not ratelimit.consume(request, action="link_home", user=request.user):
                form.add_error(None, "Too many attempts. Wait 15 minutes and try again, or call us for a link code.")
                status = 429
            else:
                try:
                    if method == "code":
                        services.link_account_by_code(user=request.user, code=form.cleaned_data["code"])
                    else:
                        services.link_account_by_tenancy(
                            user=request.user,
                            tenancy_reference=form.cleaned_data["tenancy_reference"],
                            postcode=form.cleaned_data["postcode"],
                        )
                except services.LinkError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(request, "Your account is now linked to your home.")
                    return redirect("residents:home")
    return render(
        request,
        "residents/link_home.html",
        {"tenancy_form": tenancy_form, "code_form": code_form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@resident_required
def preferences(request):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    instance = services.get_preferences(resident)
    form = PreferencesForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your preferences are saved.")
        return redirect("residents:home")
    return render(request, "residents/preferences_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@resident_required
def equality(request):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    instance = EqualityMonitoring.objects.filter(resident=resident).first() or EqualityMonitoring(resident=resident)
    form = EqualityForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Thank you. Your answers are saved.")
        return redirect("residents:home")
    return render(request, "residents/equality_form.html", {"form": form, "saved": instance.pk is not None})


@require_POST
@resident_required
def equality_delete(request):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    EqualityMonitoring.objects.filter(resident=resident).delete()
    messages.success(request, "Your equality monitoring answers are deleted.")
    return redirect("residents:home")


@require_GET
def data_export(request):
    """Any signed-in user can download what the portal holds about them."""
    data = export_user_data(request.user)
    data["exported_at"] = timezone.now().isoformat()
    response = HttpResponse(json.dumps(data, indent=2), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response
