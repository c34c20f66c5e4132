"""Pages of involvement. Public: the Get involved page and one opportunity. Residents: expressing interest, their
involvement record, logging hours, booking training, claiming expenses. Staff: writing and publishing
opportunities, who is involved in each, deciding on interest and ticking off induction, confirming hours,
training sessions and completions, deciding expenses claims and the CSV for finance.

Views check access, run a form and call one service; when a service refuses, its message is shown with the form
and what was typed is kept."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..permissions import is_resident, is_staff, linked_resident_or_none, resident_required, staff_required
from . import selectors, services
from .filters import OpportunityFilter, VolunteerFilter
from .forms import (
    ACCEPT,
    APPROVE,
    DECLINE,
    ClaimDecisionForm,
    ClaimForm,
    CompletionForm,
    CourseForm,
    DecisionForm,
    HoursForm,
    InterestForm,
    OpportunityForm,
    SessionForm,
)
from .models import (
    ClaimStatus,
    Course,
    ExpenseClaim,
    HoursEntry,
    InductionStep,
    Interest,
    InterestStatus,
    Opportunity,
    OpportunityStatus,
    TrainingBooking,
    TrainingSession,
)
from .permissions import (
    can_express_interest,
    get_claim_for_resident,
    get_claim_for_staff,
    get_hours_for_staff,
    get_interest_for_staff,
    get_opportunity_for_staff,
    get_opportunity_for_user,
    get_session_for_staff,
)

PAGE_SIZE = 20


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


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
            "page": _page(request, filters.qs.order_by("closes_on", "id")),
            "query": _query_without_page(request),
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


def _roles(resident):
    return Opportunity.objects.filter(interests__resident=resident, interests__status=InterestStatus.ACCEPTED).only(
        "id", "title"
    )


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
    form = HoursForm(request.POST or None, roles=_roles(resident))
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
            "page": _page(request, opportunities.order_by("-updated_at", "-id")),
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
        {"opportunity": opportunity, "page": _page(request, selectors.volunteers_of(opportunity))},
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
    return render(request, "residents/involvement/hours_queue.html", {"page": _page(request, entries)})


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


# Training ------------------------------------------------------------------------------------------------


@require_GET
@resident_required
def training(request):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    sessions = selectors.upcoming_sessions()
    booked = set(TrainingBooking.objects.filter(resident=resident).values_list("session_id", flat=True))
    return render(
        request,
        "residents/involvement/training.html",
        {"page": _page(request, sessions), "booked": booked},
    )


@require_POST
@resident_required
def training_book(request, pk: int):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    session = get_object_or_404(TrainingSession.objects.select_related("course"), pk=pk)
    try:
        services.book_training(resident=resident, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("residents:involvement_training")
    messages.success(request, f"You have a place on {session.course.title}, {_when(session.starts_at)}.")
    return redirect("residents:my_involvement")


@require_GET
@staff_required
def staff_training(request):
    return render(
        request,
        "residents/involvement/staff_training.html",
        {"page": _page(request, selectors.upcoming_sessions()), "courses": Course.objects.all()},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def course_create(request):
    form = CourseForm(request.POST or None)
    if form.is_valid():
        course = form.save()
        messages.success(request, f"Course added: {course.title}. Now add its sessions.")
        return redirect("residents:involvement_training_staff")
    return render(request, "residents/involvement/course_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@staff_required
def session_create(request):
    form = SessionForm(request.POST or None)
    if form.is_valid():
        session = form.save()
        messages.success(request, f"Session added: {session.course.title}, {_when(session.starts_at)}.")
        return redirect("residents:involvement_session", pk=session.pk)
    return render(request, "residents/involvement/session_form.html", {"form": form})


def _session_page(request, session: TrainingSession, failed: CompletionForm | None = None):
    bookings = session.bookings.select_related("resident", "recorded_by").order_by("booked_at", "id")
    return render(
        request,
        "residents/involvement/session_detail.html",
        {"session": session, "bookings": bookings, "failed": failed, "today": timezone.localdate()},
    )


@require_GET
@staff_required
def session_detail(request, pk: int):
    return _session_page(request, get_session_for_staff(request, pk))


@require_POST
@staff_required
def session_complete(request, pk: int):
    session = get_session_for_staff(request, pk)
    form = CompletionForm(request.POST)
    if not form.is_valid():
        return _session_page(request, session, failed=form)
    booking = get_object_or_404(
        TrainingBooking.objects.select_related("resident", "session__course"),
        pk=form.cleaned_data["booking"],
        session=session,
    )
    services.record_completion(booking=booking, actor=request.user, completed_on=form.cleaned_data["completed_on"])
    messages.success(request, f"Completion recorded for {booking.resident.full_name}.")
    return redirect("residents:involvement_session", pk=session.pk)


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M}"


# Expenses ------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@resident_required
def claim_new(request):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    if request.method == "POST":
        form = ClaimForm(request.POST, request.FILES, roles=_roles(resident))
    else:
        form = ClaimForm(roles=_roles(resident))
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
            "page": _page(request, claims),
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


def csv_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


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
            "page": _page(request, filters.qs),
            "query": _query_without_page(request),
            "csv_query": _query_without_page(request),
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
