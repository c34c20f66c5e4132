"""Pages of the Community Fund. Public: the rounds and one round (what it funds, who may apply, the deadline).
Residents: applying (a draft saved as often as they like, then submitted before the deadline) and their
application with its decision. Staff: the rounds, creating one, a round's applications and budget, the CSV, setting
up scoring in panels.scoring, and deciding an application.

Views check access, run a form, call one service and go back with a message; the rules are in services.py."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from residents.permissions import (
    is_resident,
    linked_resident_or_none,
    resident_or_staff_required,
    resident_required,
    staff_required,
)

from . import equality, permissions, selectors, services
from .forms import ApplicationForm, CompleteForm, DecisionForm, ReportForm, RoundEditForm, RoundForm, ScoringForm
from .models import ApplicantType, Application, ApplicationStatus, FundCriterion, FundRound

PAGE_SIZE = 25
FUNDED = (ApplicationStatus.AWARDED, ApplicationStatus.PART_AWARDED)


def csv_safe(text) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    text = str(text)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# Public --------------------------------------------------------------------------------------------------------


@login_not_required
@require_GET
def round_list(request):
    page = Paginator(selectors.public_rounds(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "community/fund/round_list.html", {"page": page, "now": timezone.now()})


@login_not_required
@require_GET
def round_detail(request, pk: int):
    fund_round = permissions.get_round(pk)
    mine = []
    if is_resident(request.user):
        mine = list(Application.objects.filter(round=fund_round, resident__user=request.user).order_by("-id"))
    context = {
        "round": fund_round,
        "neighbourhoods": list(fund_round.neighbourhoods.all()),
        "criteria": list(fund_round.criteria.all()),
        "who": [ApplicantType(kind).label for kind in services.allowed_applicant_types(fund_round)],
        "now": timezone.now(),
        "can_apply": permissions.can_apply(request.user, fund_round),
        "mine": mine,
    }
    return render(request, "community/fund/round_detail.html", context)


@login_not_required
@require_GET
def funded(request):
    """Projects the fund has paid for: what they are, where, and how much; never who applied."""
    projects = (
        Application.objects.funded()
        .select_related("round")
        .prefetch_related("neighbourhoods")
        .order_by("-decided_at", "-id")
    )
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "community/fund/funded.html", {"page": page})


# Residents -----------------------------------------------------------------------------------------------------


def _save(request, form, application, fund_round):
    submit = "submit" in request.POST
    if not form.is_valid():
        return None
    application = form.save(commit=False)
    try:
        with transaction.atomic():
            services.save(application=application, neighbourhoods=form.cleaned_data["neighbourhoods"], submit=submit)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        if application.status != ApplicationStatus.DRAFT:
            application.status, application.submitted_at = ApplicationStatus.DRAFT, None
        return None
    if submit:
        messages.success(request, "Your application has been sent. We have emailed you a copy of the details.")
    else:
        messages.success(request, "Your draft is saved. You can come back and finish it before the deadline.")
    return application


@require_http_methods(["GET", "POST"])
@resident_required
def apply(request, pk: int):
    fund_round = permissions.get_round(pk)
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    if not permissions.can_apply(request.user, fund_round):
        messages.error(request, "This round is not open for applications.")
        return redirect("community:fund_round", pk=fund_round.pk)
    application = services.new_application(fund_round, resident)
    form = ApplicationForm(request.POST or None, instance=application, fund_round=fund_round)
    if request.method == "POST":
        saved = _save(request, form, application, fund_round)
        if saved:
            return redirect("community:fund_application", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "community/fund/apply.html", {"round": fund_round, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@resident_required
def application_edit(request, pk: int):
    application = permissions.get_application_for_user(request, pk)
    if not permissions.can_edit(request.user, application):
        messages.error(request, "This application can no longer be changed.")
        return redirect("community:fund_application", pk=application.pk)
    fund_round = application.round
    form = ApplicationForm(request.POST or None, instance=application, fund_round=fund_round)
    if request.method == "POST":
        saved = _save(request, form, application, fund_round)
        if saved:
            return redirect("community:fund_application", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    context = {"round": fund_round, "form": form, "application": application}
    return render(request, "community/fund/apply.html", context, status=status)


@require_GET
@resident_or_staff_required
def application_detail(request, pk: int):
    application = permissions.get_application_for_user(request, pk)
    context = {
        "application": application,
        "round": application.round,
        "neighbourhoods": list(application.neighbourhoods.all()),
        "can_edit": permissions.can_edit(request.user, application),
        "can_report": permissions.can_report(request.user, application),
        "budget_lines": _lines(application),
    }
    return render(request, "community/fund/application_detail.html", context)


def _lines(application):
    try:
        return services.parse_budget(application.budget_breakdown)
    except ValidationError:
        return []


@require_http_methods(["GET", "POST"])
@resident_required
def report(request, pk: int):
    application = permissions.get_application_for_user(request, pk)
    if not permissions.can_report(request.user, application):
        messages.error(request, "This project has no monitoring report to send.")
        return redirect("community:fund_application", pk=application.pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.submit_report(application=application, **form.cleaned_data)
        messages.success(request, "Thank you: your report has been sent.")
        return redirect("community:fund_application", pk=application.pk)
    status = 400 if form.errors else 200
    return render(request, "community/fund/report.html", {"application": application, "form": form}, status=status)


# Staff ---------------------------------------------------------------------------------------------------------


@require_GET
@staff_required
def staff_list(request):
    page = Paginator(FundRound.objects.order_by("-closes_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "community/fund/staff_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@staff_required
def round_create(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            fund_round = form.save(commit=False)
            fund_round.created_by = request.user
            fund_round.save()
            form.save_m2m()
            FundCriterion.objects.bulk_create(
                FundCriterion(round=fund_round, name=name, weight=weight)
                for name, weight in form.cleaned_data["criteria_text"]
            )
        messages.success(request, "The round is set up. It appears on the public Community Fund page.")
        return redirect("community:fund_manage", pk=fund_round.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "community/fund/round_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def round_edit(request, pk: int):
    """Change a round: the form greys out what can no longer change and says why; services.update_round holds the
    rules against the round as saved."""
    fund_round = permissions.get_round(pk)
    state = services.edit_state(fund_round)
    form = RoundEditForm(request.POST or None, instance=fund_round, state=state)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_round(
                fund_round=form.save(commit=False),
                neighbourhoods=form.cleaned_data["neighbourhoods"],
                criteria=form.cleaned_data["criteria_text"],
            )
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "The round's changes are saved.")
            return redirect("community:fund_manage", pk=fund_round.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "round": fund_round, "state": state}
    return render(request, "community/fund/round_form.html", context, status=status)


@require_GET
@staff_required
def manage(request, pk: int):
    fund_round = permissions.get_round(pk)
    status = request.GET.get("status", "")
    if status not in ApplicationStatus.values:
        status = ""
    page = Paginator(selectors.staff_applications(fund_round, status), PAGE_SIZE).get_page(request.GET.get("page"))
    summary = selectors.round_summary(fund_round)
    withheld = equality.withheld(fund_round, summary["counts_by_status"], timezone.now())
    context = {
        "round": fund_round,
        "page": page,
        "status": status,
        "statuses": ApplicationStatus.choices,
        "scoring_form": ScoringForm(),
        "overdue": list(fund_round.applications.reports_overdue(timezone.now()).order_by("report_due_at")[:50]),
        "equality_withheld": withheld,
        "equality_tables": equality.tables(fund_round) if not withheld else [],
        **summary,
    }
    return render(request, "community/fund/manage.html", context)


CSV_HEADER = [
    "Application",
    "Applicant reference",
    "Applicant",
    "Applying as",
    "Group",
    "Project",
    "Status",
    "People benefiting",
    "Asked (£)",
    "Awarded (£)",
    "Submitted",
]


@require_GET
@staff_required
def round_csv(request, pk: int):
    fund_round = permissions.get_round(pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="community-fund-{fund_round.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for application in selectors.staff_applications(fund_round).iterator(chunk_size=1000):
        writer.writerow(
            [
                application.pk,
                csv_safe(application.resident.resident_reference),
                csv_safe(f"{application.resident.first_name} {application.resident.last_name}"),
                application.get_applicant_type_display(),
                csv_safe(application.group_name),
                csv_safe(application.title),
                application.get_status_display(),
                application.beneficiary_count or "",
                application.amount or "",
                application.awarded_amount or "",
                timezone.localtime(application.submitted_at).isoformat() if application.submitted_at else "",
            ]
        )
    return response


@require_GET
@staff_required
def equality_csv(request, pk: int):
    """The round's equality figures as shown on its page (the same rounding and suppression), or a 404 while they
    are withheld."""
    fund_round = permissions.get_round(pk)
    withheld = equality.withheld(fund_round, selectors.round_summary(fund_round)["counts_by_status"], timezone.now())
    if withheld:
        raise Http404(withheld)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="community-fund-{fund_round.pk}-equality.csv"'
    writer = csv.writer(response)
    writer.writerow(["Measure", "Group", *(f"{c}{part}" for c in equality.COLUMNS for part in ("", " (%)"))])
    for table in equality.tables(fund_round):
        for row in table.rows:
            cells = []
            for figure in row.figures:
                cells += (
                    [figure.count, figure.percent if figure.percent is not None else ""]
                    if figure.shown
                    else [
                        figure.hidden,
                        "",
                    ]
                )
            writer.writerow([table.dimension.label, csv_safe(row.label), *cells])
    return response


@require_POST
@staff_required
def scoring_create(request, pk: int):
    fund_round = permissions.get_round(pk)
    form = ScoringForm(request.POST)
    if form.is_valid():
        try:
            scoring_round = services.create_scoring(
                fund_round=fund_round, panel=form.cleaned_data["panel"], actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Scoring is set up with the round's criteria and its applications.")
            return redirect("panels:round_detail", pk=scoring_round.pk)
    else:
        messages.error(request, "Choose the panel that scores the applications.")
    return redirect("community:fund_manage", pk=fund_round.pk)


@require_http_methods(["GET", "POST"])
@staff_required
def decide(request, pk: int):
    application = permissions.get_application_for_user(request, pk)
    form = DecisionForm(request.POST or None, initial={"award": application.amount})
    if request.method == "POST" and form.is_valid():
        award = form.cleaned_data["award"] if form.cleaned_data["decision"] == "award" else None
        try:
            services.decide(
                application=application, award=award, reasons=form.cleaned_data["reasons"], actor=request.user
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, "Decision recorded. We have emailed the applicant the decision and reasons.")
            return redirect("community:fund_manage", pk=application.round_id)
    context = {
        "application": application,
        "round": application.round,
        "form": form,
        "complete_form": CompleteForm(),
        "can_complete": application.status in FUNDED and not application.completed_at,
        "can_decide": permissions.can_decide(request.user, application),
        "budget_lines": _lines(application),
        "neighbourhoods": list(application.neighbourhoods.all()),
    }
    return render(request, "community/fund/decide.html", context, status=400 if form.errors else 200)


@require_POST
@staff_required
def complete(request, pk: int):
    application = permissions.get_application_for_user(request, pk)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say what the project did.")
        return redirect("community:fund_decide", pk=application.pk)
    try:
        entry = services.complete(application=application, summary=form.cleaned_data["summary"], actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("community:fund_decide", pk=application.pk)
    messages.success(request, "Marked complete. A “You said, we did” draft citing the project is ready to finish.")
    return redirect("residents:update_edit", pk=entry.pk)
