"""Training: residents book places on sessions; staff add courses and sessions and record completions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ...permissions import linked_resident_or_none, resident_required, staff_required
from .. import selectors, services
from ..forms import (
    CompletionForm,
    CourseForm,
    SessionForm,
)
from ..models import (
    Course,
    TrainingBooking,
    TrainingSession,
)
from ..permissions import (
    get_session_for_staff,
)
from .common import paginate

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
        {"page": paginate(request, sessions), "booked": booked},
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
        {"page": paginate(request, selectors.upcoming_sessions()), "courses": Course.objects.all()},
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
