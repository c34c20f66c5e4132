"""Pages of walkabouts. For staff: the list, planning and changing a walk, who is coming (and adding someone who
phoned), logging issues from a phone, and publishing the report. For residents and the Board: their walks,
signing up or cancelling, the calendar file and the report.

Views check access, run a form, call one service and go back with a message; the rules are in services.py.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from residents.models import Resident
from residents.permissions import (
    is_resident,
    is_staff,
    linked_resident_or_none,
    resident_or_board_required,
    resident_required,
    signed_in_required,
    staff_required,
)

from . import permissions, selectors, services
from .calendar import ics_for
from .forms import (
    AddPersonForm,
    AttendanceForm,
    ChampionIssueForm,
    IssueForm,
    JoinedOnTheDayForm,
    ReportForm,
    SignUpForm,
    WalkaboutForm,
    send_champion_issue,
)
from .models import SignUp, SignUpStatus, Walkabout

PAGE_SIZE = 20


# Staff -------------------------------------------------------------------------------------------------------


@require_GET
@staff_required
def staff_list(request):
    page = Paginator(Walkabout.objects.for_list().order_by("-starts_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "community/walkabouts/staff_list.html", {"page": page, "now": timezone.now()})


@require_http_methods(["GET", "POST"])
@staff_required
def create(request):
    form = WalkaboutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            walkabout = services.plan_walkabout(created_by=request.user, **form.plan())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            invited = services.residents_to_invite(walkabout.neighbourhood_id).count()
            if invited:
                told = (
                    f"We are emailing {invited} resident{'s' if invited != 1 else ''} of {walkabout.neighbourhood} "
                    "who asked to hear about local involvement."
                )
            else:
                told = f"Nobody in {walkabout.neighbourhood} has asked to hear about local involvement by email yet."
            messages.success(request, f"Walk planned. {told}")
            return redirect("community:walkabout_manage", pk=walkabout.pk)
    return render(request, "community/walkabouts/form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@staff_required
def edit(request, pk: int):
    walkabout = permissions.get_walkabout_for_staff(request, pk)
    form = WalkaboutForm(request.POST or None, instance=walkabout)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_walkabout(walkabout=walkabout, actor=request.user, **form.plan())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The walk is changed.")
            return redirect("community:walkabout_manage", pk=walkabout.pk)
    return render(request, "community/walkabouts/form.html", {"form": form, "walkabout": walkabout})


def _manage_page(request, walkabout: Walkabout, *, add_form=None, report_form=None, status=200):
    now = timezone.now()
    report_form = report_form or ReportForm(initial={"summary": walkabout.report_summary})
    return render(
        request,
        "community/walkabouts/manage.html",
        {
            **selectors.manage_page(walkabout, now=now),
            "walkabout": walkabout,
            "add_form": add_form or AddPersonForm(),
            "report_form": report_form,
            "can_log_issue": permissions.can_log_issue(request.user, walkabout, now),
            "can_record_attendance": permissions.can_record_attendance(request.user, walkabout, now),
            "can_publish_report": permissions.can_publish_report(request.user, walkabout, now),
            "upcoming": walkabout.is_upcoming(now),
        },
        status=status,
    )


@require_GET
@staff_required
def manage(request, pk: int):
    return _manage_page(request, permissions.get_walkabout_for_staff(request, pk))


@require_POST
@staff_required
def add_person(request, pk: int):
    walkabout = permissions.get_walkabout_for_staff(request, pk)
    form = AddPersonForm(request.POST)
    if form.is_valid():
        try:
            resident = services.find_resident(form.cleaned_data["who"])
            outcome = services.sign_up(
                walkabout=walkabout,
                user=resident.user,
                resident=resident,
                added_by=request.user,
                needs=form.cleaned_data["needs"],
            )
        except ValidationError as error:
            form.add_error("who", error)
        else:
            record = outcome.sign_up
            if not outcome.changed:
                done = f"{resident.full_name} is already on the list: {record.get_status_display().lower()}."
            elif record.status == SignUpStatus.GOING:
                done = f"{resident.full_name} is coming. Tell them the meeting point and time."
            else:
                done = f"The walk is full: {resident.full_name} is on the waiting list. They are told if a place frees."
            messages.success(request, done)
            return redirect("community:walkabout_manage", pk=walkabout.pk)
    return _manage_page(request, walkabout, add_form=form, status=400)


@require_POST
@staff_required
def remove_person(request, pk: int, sign_up_pk: int):
    """Staff cancel a place for someone who phoned to say they cannot come; the next on the waiting list moves up."""
    record = permissions.get_sign_up_for_staff(request, pk, sign_up_pk)
    try:
        promoted = services.cancel_sign_up(sign_up=record)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        done = f"{record.name} is no longer on the list."
        if promoted is not None:
            done += f" {promoted.name} moves up from the waiting list and is told."
        messages.success(request, done)
    return redirect("community:walkabout_manage", pk=pk)


@require_POST
@staff_required
def publish_report(request, pk: int):
    walkabout = permissions.get_walkabout_for_staff(request, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        was_published = walkabout.report_published
        try:
            services.publish_report(walkabout=walkabout, summary=form.cleaned_data["summary"], actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "The report is updated."
                if was_published
                else "The report is published. We are emailing everyone who came, and residents of the "
                "neighbourhood can read it.",
            )
            return redirect("community:walkabout_manage", pk=walkabout.pk)
    return _manage_page(request, walkabout, report_form=form, status=400)


def _attendance_page(request, walkabout: Walkabout, *, form=None, add_form=None, status=200):
    sign_ups = selectors.attendance_page(walkabout)
    return render(
        request,
        "community/walkabouts/attendance.html",
        {
            "walkabout": walkabout,
            "form": form or AttendanceForm(sign_ups=sign_ups),
            "add_form": add_form or JoinedOnTheDayForm(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def attendance(request, pk: int):
    """After the walk has started: who came, of those with a place, and adding a resident who joined on the day."""
    walkabout = permissions.get_walkabout_for_staff(request, pk)
    if not permissions.can_record_attendance(request.user, walkabout):
        messages.info(request, "Who came can be recorded once the walk has started.")
        return redirect("community:walkabout_manage", pk=walkabout.pk)
    if request.method == "POST":
        form = AttendanceForm(request.POST, sign_ups=selectors.attendance_page(walkabout))
        if form.is_valid():
            try:
                came = services.record_attendance(walkabout=walkabout, attended=form.attended())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"Attendance saved: {came} came. Residents who came have the hours on their involvement record.",
                )
                return redirect("community:walkabout_attendance", pk=walkabout.pk)
        return _attendance_page(request, walkabout, form=form, status=400)
    return _attendance_page(request, walkabout)


@require_POST
@staff_required
def add_on_the_day(request, pk: int):
    walkabout = permissions.get_walkabout_for_staff(request, pk)
    form = JoinedOnTheDayForm(request.POST)
    if form.is_valid():
        try:
            resident = services.find_resident(form.cleaned_data["who"])
            services.add_on_the_day(walkabout=walkabout, resident=resident, added_by=request.user)
        except ValidationError as error:
            form.add_error("who", error)
        else:
            messages.success(request, f"{resident.full_name} is on the list as having come.")
            return redirect("community:walkabout_attendance", pk=walkabout.pk)
    return _attendance_page(request, walkabout, add_form=form, status=400)


@require_http_methods(["GET", "POST"])
@staff_required
def issue_new(request, pk: int):
    walkabout = permissions.get_walkabout_for_staff(request, pk)
    if not permissions.can_log_issue(request.user, walkabout):
        messages.info(request, "Issues can be logged from the day of the walk.")
        return redirect("community:walkabout_manage", pk=walkabout.pk)
    if request.method == "POST":
        sent_before = services.issue_for_key(request.POST.get("key"), walkabout=walkabout)
        if sent_before is not None:
            return redirect("community:walkabout_issue_logged", pk=walkabout.pk, issue_pk=sent_before.pk)
        form = IssueForm(request.POST, request.FILES, walkabout=walkabout)
        if form.is_valid():
            data = form.cleaned_data
            logged = services.log_issue(
                walkabout=walkabout,
                spec=services.IssueSpec(**{name: data[name] for name in services.IssueSpec.__dataclass_fields__}),
                logged_by=request.user,
            )
            if logged.created:
                messages.success(request, f"Issue logged as {logged.issue.feedback.reference}.")
            return redirect("community:walkabout_issue_logged", pk=walkabout.pk, issue_pk=logged.issue.pk)
    else:
        form = IssueForm(walkabout=walkabout)
    return render(request, "community/walkabouts/issue_form.html", {"form": form, "walkabout": walkabout})


@require_GET
@staff_required
def issue_logged(request, pk: int, issue_pk: int):
    issue = permissions.get_issue_for_staff(request, pk, issue_pk)
    return render(request, "community/walkabouts/issue_logged.html", {"issue": issue, "walkabout": issue.walkabout})


# Residents and the Board -------------------------------------------------------------------------------------


def _resident_or_link(request) -> tuple[Resident | None, bool]:
    """(the resident's register entry, whether to send them to link their account first)."""
    if not is_resident(request.user):
        return None, False
    resident = linked_resident_or_none(request)
    return resident, resident is None


@require_GET
@resident_or_board_required
def walkabout_list(request):
    resident, must_link = _resident_or_link(request)
    if must_link:
        return redirect("residents:link")
    now = timezone.now()
    mine = SignUp.objects.filter(walkabout=OuterRef("pk")).exclude(status=SignUpStatus.CANCELLED)
    mine = mine.filter(resident=resident) if resident else mine.filter(user=request.user)
    walks = Walkabout.objects.for_list().annotate(signed_up=Exists(mine))
    if resident is not None:
        walks = walks.filter(neighbourhood_id=resident.home.block.neighbourhood_id)
    upcoming = walks.upcoming(now).order_by("starts_at", "id")
    reports = walks.filter(report_published_at__isnull=False).order_by("-starts_at", "-id")
    return render(
        request,
        "community/walkabouts/list.html",
        {
            "upcoming": Paginator(upcoming, PAGE_SIZE).get_page(request.GET.get("page")),
            "reports": reports[:10],
            "resident": resident,
        },
    )


@require_GET
@resident_or_board_required
def walkabout_detail(request, pk: int):
    resident, must_link = _resident_or_link(request)
    if must_link:
        return redirect("residents:link")
    walkabout, record = permissions.get_walkabout_for_user(request, pk, resident)
    return _detail_page(request, walkabout, record)


def _detail_page(request, walkabout, record, *, form=None, status=200):
    now = timezone.now()
    waiting = record is not None and record.status == SignUpStatus.WAITING
    on_walk = record is not None and record.status == SignUpStatus.GOING
    return render(
        request,
        "community/walkabouts/detail.html",
        {
            "walkabout": walkabout,
            "position": selectors.waiting_position(record) if waiting else None,
            "sign_up": record if record and record.status != SignUpStatus.CANCELLED else None,
            "places": selectors.places(walkabout),
            "form": form or SignUpForm(),
            "can_sign_up": permissions.can_sign_up(request.user, walkabout, now),
            "can_cancel": permissions.can_cancel(request.user, record, walkabout, now),
            "can_champion_log": on_walk
            and permissions.can_champion_log_issue(
                request.user, walkabout, champion=permissions.is_champion_on(request.user, walkabout), now=now
            ),
        },
        status=status,
    )


@require_POST
@resident_or_board_required
def walkabout_sign_up(request, pk: int):
    resident, must_link = _resident_or_link(request)
    if must_link:
        return redirect("residents:link")
    walkabout, record = permissions.get_walkabout_for_user(request, pk, resident)
    form = SignUpForm(request.POST)
    if not permissions.can_sign_up(request.user, walkabout):
        form.add_error(None, "This walk has already started, so nobody can sign up to it now.")
    if form.is_valid():
        try:
            outcome = services.sign_up(
                walkabout=walkabout,
                user=request.user,
                resident=resident,
                added_by=request.user,
                needs=form.cleaned_data["needs"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if outcome.sign_up.status == SignUpStatus.GOING:
                messages.success(request, "You are signed up. We will email you a reminder the day before.")
            else:
                messages.success(
                    request, "The walk is full, so you are on the waiting list. We will email you if a place frees up."
                )
            return redirect("community:walkabout_detail", pk=walkabout.pk)
    return _detail_page(request, walkabout, record, form=form, status=400)


@require_POST
@resident_or_board_required
def walkabout_cancel(request, pk: int):
    resident, must_link = _resident_or_link(request)
    if must_link:
        return redirect("residents:link")
    walkabout, record = permissions.get_walkabout_for_user(request, pk, resident)
    if not permissions.can_cancel(request.user, record, walkabout):
        messages.info(request, "You are not signed up to this walk.")
        return redirect("community:walkabout_detail", pk=walkabout.pk)
    try:
        services.cancel_sign_up(sign_up=record)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, "You are no longer signed up. Thank you for letting us know.")
    return redirect("community:walkabout_detail", pk=walkabout.pk)


@require_GET
@signed_in_required
def walkabout_calendar(request, pk: int):
    if is_staff(request.user):
        walkabout = permissions.get_walkabout_for_staff(request, pk)
    else:
        resident, must_link = _resident_or_link(request)
        if must_link:
            return redirect("residents:link")
        walkabout, _record = permissions.get_walkabout_for_user(request, pk, resident)
    response = HttpResponse(ics_for(walkabout), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="walkabout-{walkabout.pk}.ics"'
    return response


@require_GET
@signed_in_required
def walkabout_report(request, pk: int):
    resident, must_link = _resident_or_link(request)
    if must_link:
        return redirect("residents:link")
    walkabout = permissions.get_report_for_user(request, pk, resident)
    return render(
        request,
        "community/walkabouts/report.html",
        {**selectors.report(walkabout, today=timezone.localdate()), "walkabout": walkabout},
    )


# Block Champions on the walk ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@resident_required
def champion_issue_new(request, pk: int):
    """A Block Champion on the walk logs an issue from their phone, in their own name (the same weak-signal form)."""
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    walkabout = permissions.get_walkabout_for_champion(request, pk, resident)
    if request.method == "POST":
        form, issue = send_champion_issue(
            request, resident=resident, walkabout=walkabout, log=partial(services.log_issue, walkabout=walkabout)
        )
        if issue is not None:
            return redirect("community:walkabout_champion_issue", pk=walkabout.pk, issue_pk=issue.pk)
    else:
        form = ChampionIssueForm(walkabout=walkabout)
    return render(
        request, "community/walkabouts/issue_form.html", {"form": form, "walkabout": walkabout, "champion": True}
    )


@require_GET
@resident_required
def champion_issue(request, pk: int, issue_pk: int):
    if linked_resident_or_none(request) is None:
        return redirect("residents:link")
    issue = permissions.get_issue_for_champion(request, pk, issue_pk)
    return render(
        request,
        "community/walkabouts/issue_logged.html",
        {"issue": issue, "walkabout": issue.walkabout, "champion": True},
    )
