"""Pages of events and focus groups. Public: the events to come and one event (with signing up for a linked
resident). Staff: every event, writing one, calling one off, and recording who came."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from residents.permissions import is_resident, is_staff, linked_resident_or_none, resident_required, staff_required

from ..spaces.services import BookingProblem
from . import calendar, selectors, services
from .forms import CancelEventForm, EventForm, SignUpForm
from .models import Event, EventSignUp, EventSignUpStatus, EventStatus
from .permissions import can_sign_up, get_event_for_staff, get_event_for_user

PAGE_SIZE = 20
# Where a refusal to book the event's space is shown on the event's form.
BOOKING_FIELDS = {"starts": "starts", "ends": "ends", "day": "day", "people": "capacity"}


@login_not_required
@require_GET
def event_list(request):
    events = selectors.with_counts(Event.objects.listed().upcoming()).order_by("starts_at")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "community/events/event_list.html", {"page": page})


def _detail(request, event: Event, *, form: SignUpForm | None = None, status: int = 200):
    event = selectors.with_counts(Event.objects.filter(pk=event.pk)).get()
    return render(
        request,
        "community/events/event_detail.html",
        {
            "event": event,
            "places_left": max(event.capacity - event.booked, 0),
            "sign_up": selectors.live_sign_up(event, request.user) if is_resident(request.user) else None,
            "can_sign_up": can_sign_up(event),
            "form": form or SignUpForm(),
            "is_resident": is_resident(request.user),
            "for_staff": is_staff(request.user),
        },
        status=status,
    )


@login_not_required
@require_GET
def event_detail(request, pk: int):
    return _detail(request, get_event_for_user(request, pk))


@login_not_required
@require_GET
def event_ics(request, pk: int):
    """The event as an iCalendar file, for whoever may see its page (a draft only for staff)."""
    event = get_event_for_user(request, pk)
    response = HttpResponse(calendar.event_calendar(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    patch_cache_control(response, no_cache=True)
    return response


@require_POST
@resident_required
def event_sign_up(request, pk: int):
    event = get_event_for_user(request, pk)
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    form = SignUpForm(request.POST)
    if not form.is_valid():
        return _detail(request, event, form=form, status=400)
    try:
        made = services.sign_up(event=event, resident=resident, access_needs=form.cleaned_data["access_needs"])
    except ValidationError as error:
        form.add_error(None, error)
        return _detail(request, event, form=form, status=400)
    if made.status == EventSignUpStatus.BOOKED:
        messages.success(request, "You have a place. We have emailed you the details.")
    else:
        messages.success(
            request, "The event is full: you are on the waiting list. We will email you if a place comes up."
        )
    return redirect("community:event_detail", pk=event.pk)


@require_POST
@resident_required
def event_leave(request, pk: int):
    event = get_event_for_user(request, pk)
    sign_up = get_object_or_404(
        EventSignUp,
        event=event,
        resident__user=request.user,
        status__in=[EventSignUpStatus.BOOKED, EventSignUpStatus.WAITING],
    )
    services.cancel_sign_up(sign_up=sign_up)
    messages.success(request, "You are no longer signed up. Thank you for letting us know.")
    return redirect("community:event_detail", pk=event.pk)


@require_GET
@resident_required
def my_events(request):
    """The events the resident signed up for (or is waiting for), newest first."""
    sign_ups = (
        EventSignUp.objects.filter(resident__user=request.user)
        .exclude(status=EventSignUpStatus.CANCELLED)
        .select_related("event__space")
        .order_by("-event__starts_at")
    )
    page = Paginator(sign_ups, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "community/events/my_events.html", {"page": page})


# Staff -----------------------------------------------------------------------------------------------------


@require_GET
@staff_required
def event_manage(request):
    events = selectors.with_counts(Event.objects.all()).order_by("-starts_at")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "community/events/event_manage.html", {"page": page})


def _form_page(request, event: Event | None):
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_event(form=form, saved_by=request.user)
        except BookingProblem as problem:
            for field, errors in problem.message_dict.items():
                form.add_error(BOOKING_FIELDS.get(field, None), errors)
        else:
            messages.success(request, f"{saved.title} is saved.")
            return redirect("community:event_manage")
    return render(request, "community/events/event_form.html", {"form": form, "event": event})


@require_http_methods(["GET", "POST"])
@staff_required
def event_create(request):
    return _form_page(request, None)


@require_http_methods(["GET", "POST"])
@staff_required
def event_edit(request, pk: int):
    event = get_event_for_staff(pk)
    if event.status == EventStatus.CANCELLED:
        messages.info(request, "This event is cancelled and can no longer be changed.")
        return redirect("community:event_attendance", pk=event.pk)
    return _form_page(request, event)


@require_POST
@staff_required
def event_cancel(request, pk: int):
    event = get_event_for_staff(pk)
    form = CancelEventForm(request.POST)
    if form.is_valid() and event.status != EventStatus.CANCELLED:
        services.cancel_event(event=event, reason=form.cleaned_data["reason"], cancelled_by=request.user)
        messages.success(request, f"{event.title} is cancelled. Everyone signed up is being emailed.")
        return redirect("community:event_attendance", pk=event.pk)
    return _attendance_page(request, event, cancel_form=form, status=400)


def _attendance_page(request, event: Event, *, cancel_form: CancelEventForm | None = None, status: int = 200):
    sign_ups = (
        EventSignUp.objects.filter(event=event)
        .exclude(status=EventSignUpStatus.CANCELLED)
        .select_related("resident__home")
        .order_by("status", "created_at", "pk")
    )
    return render(
        request,
        "community/events/event_attendance.html",
        {"event": event, "sign_ups": sign_ups, "cancel_form": cancel_form or CancelEventForm()},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def event_attendance(request, pk: int):
    """Who has a place and who is waiting; after the event, staff tick who came."""
    event = get_event_for_staff(pk)
    if request.method == "POST":
        attended = {int(value) for value in request.POST.getlist("attended") if value.isdigit()}
        came = services.record_attendance(event=event, attended_ids=attended)
        messages.success(request, f"Attendance saved: {came} came.")
        return redirect("community:event_attendance", pk=event.pk)
    return _attendance_page(request, event)
