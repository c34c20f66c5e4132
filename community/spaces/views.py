"""Pages of community spaces. Public: the list of spaces, a space, its weekly calendar and its calendar feed.
Signed in: asking for a booking (linked residents; staff for a group), one's own bookings, a booking and
cancelling it. Staff: the requests waiting for a decision and the decision.

Views check access, run a form and call one service; when the service refuses, its message goes next to the
field it is about, what was typed is kept, and free times near the request are offered.
"""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from icalendar import Calendar, Event

from residents.permissions import (
    is_resident,
    is_staff,
    linked_resident_or_none,
    resident_or_staff_required,
    resident_required,
    staff_required,
)

from . import permissions, selectors, services
from .forms import BookingForm, DecisionForm, SpaceForm
from .models import Booking, BookingStatus, Space

PAGE_SIZE = 25
FEED_PAST_DAYS = 31


def _space(slug: str) -> Space:
    return get_object_or_404(selectors.spaces_with_hours(), slug=slug)


# Public ------------------------------------------------------------------------------------------------


@login_not_required
@require_GET
def space_list(request):
    page = Paginator(selectors.spaces_with_hours(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "community/spaces/space_list.html", {"page": page})


@login_not_required
@require_GET
def space_detail(request, slug: str):
    space = _space(slug)
    return render(request, "community/spaces/space_detail.html", {"space": space, **_booking_offer(request, space)})


def _booking_offer(request, space: Space) -> dict:
    """Whether the visitor may ask for this space, and if not, what to tell them."""
    user = request.user
    if is_staff(user):
        return {"can_book": True}
    if space.who_may_book == "staff":
        return {"can_book": False, "why_not": "Only our staff book this space. Call us if you would like to use it."}
    if not user.is_authenticated:
        return {"can_book": False, "sign_in": True}
    if is_resident(user):
        return {"can_book": True}
    return {"can_book": False}


def _week(request) -> date:
    try:
        day = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    return selectors.week_start(day)


@login_not_required
@require_GET
def space_calendar(request, slug: str):
    space = _space(slug)
    monday = _week(request)
    for_staff = permissions.can_see_purpose(request.user)
    return render(
        request,
        "community/spaces/space_calendar.html",
        {
            "space": space,
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "previous": monday - timedelta(weeks=1),
            "next": monday + timedelta(weeks=1),
            "this_week": selectors.week_start(timezone.localdate()),
            "days": selectors.week_calendar(space, monday, for_staff=for_staff),
            "for_staff": for_staff,
            "today": timezone.localdate(),
            **_booking_offer(request, space),
        },
    )


@login_not_required
@require_GET
def space_ical(request, slug: str):
    """The space's approved bookings as an iCalendar file, from a month ago on. Only staff see what each booking
    is for; everyone else sees "Booked"."""
    space = _space(slug)
    for_staff = permissions.can_see_purpose(request.user)
    calendar = Calendar()
    calendar.add("prodid", "-//Resident portal//Community spaces//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{space.name} bookings")
    stamp = timezone.now()
    host = request.get_host().split(":")[0]
    since = stamp - timedelta(days=FEED_PAST_DAYS)
    for booking_date in selectors.approved_dates_for_feed(space, since=since):
        event = Event()
        event.add("uid", f"space-booking-{booking_date.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", booking_date.starts_at)
        event.add("dtend", booking_date.ends_at)
        event.add("summary", booking_date.booking.purpose if for_staff else "Booked")
        event.add("location", f"{space.name}, {space.address}")
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{space.slug}.ics"'
    response["Cache-Control"] = "private, no-store" if for_staff else "no-cache"
    return response


# Asking for a booking -------------------------------------------------------------------------------------


PREFILLED = ("purpose", "group_name", "people", "day", "starts", "ends", "weeks")


def _prefill(request) -> dict:
    """A free time offered on the page is a link back to the form with the time, and what was typed, filled in."""
    return {name: request.GET[name] for name in PREFILLED if request.GET.get(name)}


def _free_slot_links(space: Space, form: BookingForm, slots: list, series_starts: date | None) -> list[dict]:
    typed = {name: form.data.get(name, "") for name in ("purpose", "group_name", "people", "weeks")}
    url = reverse("community:booking_new", args=[space.slug])
    return [
        {
            "slot": slot,
            "url": url
            + "?"
            + urlencode(
                {
                    **{name: value for name, value in typed.items() if value},
                    "day": (series_starts or slot.day).isoformat(),
                    "starts": f"{selectors.local(slot.starts_at):%H:%M}",
                    "ends": f"{selectors.local(slot.ends_at):%H:%M}",
                }
            ),
        }
        for slot in slots
    ]


@require_http_methods(["GET", "POST"])
@resident_or_staff_required
def booking_new(request, slug: str):
    space = _space(slug)
    for_staff = is_staff(request.user)
    resident = None
    if not for_staff:
        resident = linked_resident_or_none(request)
        if resident is None:
            return redirect("residents:link")
    if not permissions.can_request_booking(request.user, space, linked=True):
        raise PermissionDenied
    form = BookingForm(request.POST or None, initial=_prefill(request), space=space, for_staff=for_staff)
    free_slots, series_starts = [], None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.request_booking(
                space=space,
                requested_by=request.user,
                resident=resident,
                purpose=data["purpose"],
                people=data["people"],
                day=data["day"],
                starts=data["starts"],
                ends=data["ends"],
                weeks=data["weeks"],
                group_name=data["group_name"],
            )
        except services.BookingProblem as problem:
            form.add_error(None, problem)
            free_slots, series_starts = problem.free_slots, problem.series_starts
        else:
            if booking.status == BookingStatus.APPROVED:
                messages.success(request, f"Booked: {booking.reference}. It is on the calendar.")
            else:
                messages.success(
                    request, f"We have your request {booking.reference}. We will email you when it is decided."
                )
            return redirect("community:booking_detail", pk=booking.pk)
    return render(
        request,
        "community/spaces/booking_form.html",
        {
            "space": space,
            "form": form,
            "for_staff": for_staff,
            "free_slots": _free_slot_links(space, form, free_slots, series_starts),
            "series_starts": series_starts,
        },
    )


@require_GET
@resident_required
def my_bookings(request):
    bookings = selectors.bookings_with_dates(Booking.objects.of_user(request.user)).order_by("-starts_at")
    page = Paginator(bookings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "community/spaces/my_bookings.html", {"page": page, "now": timezone.now()})


def _detail_page(request, booking: Booking, *, decision_form: DecisionForm | None = None, status: int = 200):
    user = request.user
    return render(
        request,
        "community/spaces/booking_detail.html",
        {
            "booking": booking,
            "dates": list(booking.dates.all()),
            "can_cancel": permissions.can_cancel(user, booking),
            "can_decide": permissions.can_decide(user, booking),
            "decision_form": decision_form or DecisionForm(),
            "for_staff": is_staff(user),
        },
        status=status,
    )


@require_GET
@resident_or_staff_required
def booking_detail(request, pk: int):
    return _detail_page(request, permissions.get_booking_for_user(request, pk))


@require_POST
@resident_or_staff_required
def booking_cancel(request, pk: int):
    booking = permissions.get_booking_for_user(request, pk)
    try:
        services.cancel_booking(booking=booking, cancelled_by=request.user)
    except services.BookingProblem as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(request, f"{booking.reference} is cancelled. The space is free for others again.")
    return redirect("community:booking_detail", pk=booking.pk)


# Staff ---------------------------------------------------------------------------------------------------


@require_GET
@staff_required
def booking_queue(request):
    show = request.GET.get("show", "waiting")
    bookings = Booking.objects.all()
    if show == "waiting":
        bookings = bookings.waiting().filter(ends_at__gt=timezone.now()).order_by("starts_at")
    else:
        show = "all"
        bookings = bookings.order_by("-created_at")
    bookings = bookings.select_related("space", "requested_by", "resident")
    page = Paginator(bookings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "community/spaces/booking_queue.html", {"page": page, "show": show, "query": urlencode({"show": show})}
    )


@require_POST
@staff_required
def booking_decide(request, pk: int):
    booking = permissions.get_booking_for_user(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.decide_booking(
                booking=booking, decided_by=request.user, approve=approve, reason=form.cleaned_data["reason"]
            )
        except services.BookingProblem as problem:
            problem_messages = problem.message_dict
            form.add_error(None, " ".join(m for field in problem_messages.values() for m in field))
        else:
            messages.success(
                request,
                f"{booking.reference} is {'approved' if approve else 'declined'}. "
                "We have emailed the person who asked.",
            )
            return redirect("community:booking_detail", pk=booking.pk)
    booking.refresh_from_db()
    return _detail_page(request, booking, decision_form=form, status=400)


# Staff: the spaces themselves ----------------------------------------------------------------------------


@require_GET
@staff_required
def space_manage(request):
    """Every space, shown or retired, for staff to add and change."""
    spaces = (
        Space.objects.select_related("neighbourhood").prefetch_related("opening_hours").order_by("-is_active", "name")
    )
    page = Paginator(spaces, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "community/spaces/space_manage.html", {"page": page})


def _space_form_page(request, space: Space | None):
    form = SpaceForm(request.POST or None, instance=space)
    if request.method == "POST" and form.is_valid():
        saved = services.save_space(form=form)
        messages.success(request, f"{saved.name} is saved.")
        outside = services.approved_outside_hours(saved)
        if outside:
            listed = "; ".join(
                f"{d.booking.reference} on {selectors.day_words(selectors.local(d.starts_at).date())}" for d in outside
            )
            count = (
                "1 approved booking now falls" if len(outside) == 1 else f"{len(outside)} approved bookings now fall"
            )
            messages.warning(
                request,
                f"{count} outside the opening hours: {listed}. "
                "Contact the people who booked, or cancel the booking: it is kept until you do.",
            )
        return redirect("community:space_manage")
    return render(request, "community/spaces/space_form.html", {"form": form, "space": space})


@require_http_methods(["GET", "POST"])
@staff_required
def space_create(request):
    return _space_form_page(request, None)


@require_http_methods(["GET", "POST"])
@staff_required
def space_edit(request, slug: str):
    return _space_form_page(request, get_object_or_404(Space.objects.prefetch_related("opening_hours"), slug=slug))
