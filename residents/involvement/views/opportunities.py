"""The Get involved page and one opportunity (public); expressing interest, the involvement record and logging
hours (residents); opportunities, who is involved, decisions, induction, hours to confirm and the volunteer register
(staff)."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ...permissions import is_resident, linked_resident_or_none, resident_required, staff_required
from .. import selectors, services
from ..filters import OpportunityFilter, VolunteerFilter
from ..forms import (
    ACCEPT,
    DECLINE,
    DecisionForm,
    HoursForm,
    InterestForm,
    OpportunityForm,
)
from ..models import (
    HoursEntry,
    InductionStep,
    Interest,
    InterestStatus,
    Opportunity,
    OpportunityStatus,
)
from ..permissions import (
    can_express_interest,
    get_hours_for_staff,
    get_interest_for_staff,
    get_opportunity_for_staff,
    get_opportunity_for_user,
)
from .common import csv_safe, paginate, query_without_page, roles_of

# Public --------------------------------------------------------------------------------------------------


@login_not_required
@require_GET
def get_involved(request):
    filters = OpportunityFilter(request.GET, queryset=selectors.listed_opportunities(Opportunity.objects.open()))
    return render(
        request,
        "residents/involvement/get_involved.html",
        {
            "form": filters.form,
            "page": paginate(request, filters.qs.order_by("closes_on", "id")),
            "query": query_without_page(request),
            "filtered": any(request.GET.get(name) for name in ("kind", "time_commitment", "neighbourhood")),
        },
    )


@login_not_required
@require_GET
def opportunity_detail(request, pk: int):
    opportunity = get_opportunity_for_user(request, pk)
    mine = None
    if is_resident(request.user):
        mine = Interest.objects.of_user(request.user).filter(opportunity=opportunity).first()
    return render(
        request,
        "residents/involvement/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "mine": mine,
            "can_apply": can_express_interest(request.user, opportunity),
            "closed": not Opportunity.objects.open().filter(pk=opportunity.pk).exists(),
        },
    )


# Residents -----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@resident_required
def express_interest(request, pk: int):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    opportunity = get_opportunity_for_user(request, pk)
    if not can_express_interest(request.user, opportunity):
        raise Http404  # closed: there is no form to fill in
    if Interest.objects.filter(resident=resident, opportunity=opportunity).exists():
        messages.info(request, "You have already told us you are interested in this.")
        return redirect("residents:my_involvement")
    form = InterestForm(request.POST or None)
    if form.is_valid():
        try:
            services.express_interest(resident=resident, opportunity=opportunity, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, f"Thank you. We have your interest in “{opportunity.title}” and will be in touch."
            )
            return redirect("residents:my_involvement")
    return render(request, "residents/involvement/interest_form.html", {"form": form, "opportunity": opportunity})


@require_GET
@resident_required
def my_involvement(request):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    return render(request, "residents/involvement/my_involvement.html", selectors.record_for(resident))


@require_http_methods(["GET", "POST"])
@resident_required
def log_hours(request):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    form = HoursForm(request.POST or None, roles=roles_of(resident))
    if form.is_valid():
        try:
            services.log_hours(resident=resident, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "Your hours are saved. They show as unconfirmed until our team confirms them.")
            return redirect("residents:my_involvement")
    return render(request, "residents/involvement/hours_form.html", {"form": form})


# Staff ---------------------------------------------------------------------------------------------------


@require_GET
@staff_required
def staff_list(request):
    status = request.GET.get("status", "")
    opportunities = selectors.opportunity_counts(selectors.listed_opportunities(Opportunity.objects.all()))
    if status in OpportunityStatus.values:
        opportunities = opportunities.filter(status=status)
    return render(
        request,
        "residents/involvement/staff_list.html",
        {
            "page": paginate(request, opportunities.order_by("-updated_at", "-id")),
            "status": status,
            "statuses": OpportunityStatus.choices,
            "query": f"status={status}" if status in OpportunityStatus.values else "",
            "to_confirm": HoursEntry.objects.unconfirmed().count(),
        },
    )


def _save_opportunity(request, form: OpportunityForm, *, publishing: bool):
    opportunity = form.save(commit=False)
    if opportunity.pk is None:
        opportunity.created_by = request.user
    opportunity.save()
    if publishing and opportunity.status != OpportunityStatus.PUBLISHED:
        services.publish_opportunity(opportunity=opportunity)
        messages.success(request, "Published. It is on the Get involved page now.")
    else:
        messages.success(request, "Saved.")
    return redirect("residents:involvement_edit", pk=opportunity.pk)


@require_http_methods(["GET", "POST"])
@staff_required
def create(request):
    publishing = request.POST.get("action") == "publish"
    form = OpportunityForm(request.POST or None, publishing=publishing)
    if form.is_valid():
        return _save_opportunity(request, form, publishing=publishing)
    return render(request, "residents/involvement/opportunity_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@staff_required
def edit(request, pk: int):
    opportunity = get_opportunity_for_staff(request, pk)
    publishing = request.POST.get("action") == "publish"
    form = OpportunityForm(request.POST or None, instance=opportunity, publishing=publishing)
    if form.is_valid():
        return _save_opportunity(request, form, publishing=publishing)
    return render(request, "residents/involvement/opportunity_form.html", {"form": form, "opportunity": opportunity})


@require_POST
@staff_required
def close(request, pk: int):
    opportunity = get_opportunity_for_staff(request, pk)
    try:
        services.close_opportunity(opportunity=opportunity)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Closed. It is no longer on the Get involved page.")
    return redirect("residents:involvement_edit", pk=opportunity.pk)


@require_GET
@staff_required
def volunteers(request, pk: int):
    opportunity = get_opportunity_for_staff(request, pk)
    return render(
        request,
        "residents/involvement/volunteers.html",
        {"opportunity": opportunity, "page": paginate(request, selectors.volunteers_of(opportunity))},
    )


def _interest_page(request, interest: Interest, form: DecisionForm | None = None):
    return render(
        request,
        "residents/involvement/interest_detail.html",
        {
            "interest": interest,
            "form": form or DecisionForm(interest=interest),
            "steps": InductionStep.objects.filter(interest=interest).select_related("done_by"),
            "pending": interest.status == InterestStatus.PENDING,
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def decide(request, pk: int):
    interest = get_interest_for_staff(request, pk)
    if request.method == "GET":
        return _interest_page(request, interest)
    form = DecisionForm(request.POST, interest=interest)
    if not form.is_valid():
        return _interest_page(request, interest, form)
    data = form.cleaned_data
    try:
        if data["decision"] == ACCEPT:
            services.accept_interest(interest=interest, actor=request.user)
            done = "Accepted. Their induction checklist is below."
        elif data["decision"] == DECLINE:
            services.decline_interest(interest=interest, actor=request.user, reason=data["reason"])
            done = "Declined. We are telling them the reason."
        else:
            placed = services.place_elsewhere(
                interest=interest, actor=request.user, opportunity=data["placed_in"], reason=data["reason"]
            )
            messages.success(request, f"Offered “{placed.opportunity.title}” instead. Their induction is below.")
            return redirect("residents:involvement_decide", pk=placed.pk)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _interest_page(request, interest, form)
    messages.success(request, done)
    return redirect("residents:involvement_decide", pk=interest.pk)


@require_POST
@staff_required
def induction(request, pk: int):
    interest = get_interest_for_staff(request, pk)
    step = InductionStep.objects.filter(interest=interest, pk=request.POST.get("step") or 0).first()
    if step is None or interest.status != InterestStatus.ACCEPTED:
        messages.error(request, "Choose a step of this volunteer's induction.")
        return redirect("residents:involvement_decide", pk=interest.pk)
    done = request.POST.get("done") == "1"
    services.set_induction_step(step=step, actor=request.user, done=done)
    messages.success(request, f"{'Done' if done else 'Not done yet'}: {step.label}.")
    return redirect("residents:involvement_decide", pk=interest.pk)


@require_GET
@staff_required
def hours_queue(request):
    entries = (
        HoursEntry.objects.unconfirmed()
        .select_related("resident", "opportunity")
        .only(
            "on",
            "hours",
            "description",
            "created_at",
            "resident__first_name",
            "resident__last_name",
            "opportunity__title",
        )
        .order_by("created_at", "id")
    )
    return render(request, "residents/involvement/hours_queue.html", {"page": paginate(request, entries)})


@require_POST
@staff_required
def hours_confirm(request, pk: int):
    entry = get_hours_for_staff(request, pk)
    try:
        services.confirm_hours(entry=entry, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Confirmed {entry.hours} hours for {entry.resident.full_name}.")
    return redirect("residents:involvement_hours")


# The volunteer register ----------------------------------------------------------------------------------


@require_GET
@staff_required
def register(request):
    filters = VolunteerFilter(request.GET, queryset=selectors.volunteer_register())
    return render(
        request,
        "residents/involvement/register.html",
        {
            "form": filters.form,
            "page": paginate(request, filters.qs),
            "query": query_without_page(request),
            "csv_query": query_without_page(request),
        },
    )


REGISTER_CSV_HEADER = [
    "Resident reference",
    "Name",
    "Neighbourhood",
    "Email",
    "Phone",
    "Roles",
    "Confirmed hours",
    "Unconfirmed hours",
]


@require_GET
@staff_required
def register_csv(request):
    """The volunteer register as filtered on its page."""
    filters = VolunteerFilter(request.GET, queryset=selectors.volunteer_register())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="volunteers.csv"'
    writer = csv.writer(response)
    writer.writerow(REGISTER_CSV_HEADER)
    for volunteer in filters.qs.iterator(chunk_size=1000):
        writer.writerow(
            [
                volunteer.resident_reference,
                csv_safe(volunteer.full_name),
                volunteer.home.block.neighbourhood.name,
                volunteer.email,
                csv_safe(volunteer.phone),
                csv_safe(volunteer.roles or ""),
                volunteer.confirmed_hours,
                volunteer.unconfirmed_hours,
            ]
        )
    return response
