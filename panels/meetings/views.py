"""Pages of panel meetings. For members and invited board members: My meetings, a meeting with its papers and RSVP,
its calendar file, and a personal calendar address. For staff: the list of meetings and a page per meeting from
which they set the agenda, add papers, invite board members, record attendance, write and publish the minutes and
follow the actions.

Views check access (permissions.py), run a form, call one service and go back with a message.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from residents.permissions import (
    is_resident,
    is_staff,
    linked_resident_or_none,
    resident_or_board_required,
    signed_in_required,
    staff_required,
)

from . import calendar, selectors, services
from .filters import MeetingFilter
from .forms import (
    ActionForm,
    AgendaItemForm,
    AttendanceForm,
    InvitationForm,
    MeetingForm,
    MinutesForm,
    PaperForm,
    RsvpForm,
)
from .models import CalendarFeed, Meeting, MeetingAction, Rsvp
from .permissions import (
    can_edit_minutes,
    can_invite,
    can_publish_minutes,
    can_record_attendance,
    can_rsvp,
    get_action_for_staff,
    get_agenda_item_for_staff,
    get_invitation_for_staff,
    get_meeting_for_staff,
    get_meeting_for_user,
    get_paper_for_staff,
    get_paper_for_user,
)

STAFF_PAGE_SIZE = 25
PAST_PAGE_SIZE = 10


# Members and invited board members -----------------------------------------------------------------------------


@require_GET
@resident_or_board_required
def my_meetings(request):
    if is_resident(request.user) and linked_resident_or_none(request) is None:
        return redirect("residents:link")
    now = timezone.now()
    meetings = selectors.meetings_for(request.user)
    upcoming = list(meetings.upcoming(now)[:50])
    past = Paginator(meetings.past(now), PAST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "panels/meetings/my_meetings.html", {"upcoming": upcoming, "past": past})


def _meeting_page(request, meeting: Meeting, *, rsvp_form=None, status=200):
    now = timezone.now()
    meeting = get_object_or_404(selectors.meeting_page(meeting.pk), pk=meeting.pk)
    rsvp = Rsvp.objects.filter(meeting=meeting, user=request.user).first()
    may_rsvp = can_rsvp(request.user, meeting, now)
    if may_rsvp and rsvp_form is None:
        rsvp_form = RsvpForm(instance=rsvp)
    actions = list(meeting.actions.all())
    today = timezone.localdate()
    return render(
        request,
        "panels/meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "rsvp": rsvp,
            "form": rsvp_form if may_rsvp else None,
            "ended": meeting.has_ended(now),
            "actions": [{"action": a, "overdue": a.is_overdue(today)} for a in actions],
            "is_staff": is_staff(request.user),
        },
        status=status,
    )


@require_GET
@signed_in_required
def meeting_detail(request, pk: int):
    return _meeting_page(request, get_meeting_for_user(request, pk))


@require_POST
@signed_in_required
def meeting_rsvp(request, pk: int):
    meeting = get_meeting_for_user(request, pk)
    if not can_rsvp(request.user, meeting):
        raise PermissionDenied
    form = RsvpForm(request.POST)
    if not form.is_valid():
        return _meeting_page(request, meeting, rsvp_form=form, status=400)
    rsvp = services.respond_to_meeting(meeting=meeting, user=request.user, **form.cleaned_data)
    messages.success(request, f"Thank you. Your answer is saved: {rsvp.get_response_display().lower()}.")
    return redirect("panels:meeting_detail", pk=meeting.pk)


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_GET
@signed_in_required
def meeting_ics(request, pk: int):
    meeting = get_meeting_for_user(request, pk)
    prefetch_related_objects([meeting], "agenda_items")
    content = calendar.calendar_of([meeting], name=meeting.title, link_for=services.meeting_link)
    return _calendar_response(content, f"meeting-{meeting.pk}.ics")


@require_GET
@signed_in_required
def meeting_paper(request, pk: int, paper_pk: int):
    paper = get_paper_for_user(request, pk, paper_pk)
    try:
        file = paper.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(file, content_type="application/pdf", filename=f"meeting-{pk}-paper-{paper.pk}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, max_age=3600)
    return response


@require_GET
@resident_or_board_required
def meeting_calendar(request):
    if is_resident(request.user) and linked_resident_or_none(request) is None:
        return redirect("residents:link")
    feed = services.feed_for(request.user)
    feed_url = request.build_absolute_uri(reverse("panels:meeting_feed", kwargs={"token": feed.token}))
    return render(request, "panels/meetings/calendar.html", {"feed_url": feed_url})


@require_POST
@resident_or_board_required
def meeting_calendar_reset(request):
    services.reset_feed_token(user=request.user)
    messages.success(
        request, "Your calendar has a new address. The old one no longer works: add the new one to your calendar app."
    )
    return redirect("panels:meeting_calendar")


@login_not_required
@require_GET
def meeting_feed(request, token: str):
    """A calendar app's copy of someone's meetings: the token in the address is the key (apps cannot sign in)."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user").filter(user__is_active=True), token=token)
    since = timezone.now() - timezone.timedelta(days=365)
    meetings = (
        Meeting.objects.visible_to(feed.user)
        .filter(starts_at__gte=since)
        .select_related("panel")
        .prefetch_related("agenda_items")
        .order_by("starts_at", "id")
    )
    content = calendar.calendar_of(meetings, name="My panel meetings", link_for=services.meeting_link)
    response = _calendar_response(content, "my-meetings.ics")
    response["Content-Disposition"] = 'inline; filename="my-meetings.ics"'
    return response


# Staff --------------------------------------------------------------------------------------------------------


@require_GET
@staff_required
def staff_meeting_list(request):
    meetings = Meeting.objects.select_related("panel").order_by("-starts_at", "-id")
    filters = MeetingFilter(request.GET or None, queryset=meetings)
    page = Paginator(filters.qs, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "panels/meetings/staff_list.html",
        {
            "page": page,
            "now": timezone.now(),
            "form": filters.form,
            "query": query.urlencode(),
            "overdue": selectors.overdue_actions().count(),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def staff_meeting_create(request):
    form = MeetingForm(request.POST or None, initial={"panel": request.GET.get("panel")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = services.create_meeting(
            panel=data["panel"],
            title=data["title"],
            starts_at=form.instance.starts_at,
            ends_at=form.instance.ends_at,
            place=data["place"],
            online_link=data["online_link"],
            details=data["details"],
            created_by=request.user,
        )
        messages.success(request, "The meeting is set up. Add its agenda and papers below.")
        return redirect("panels:staff_meeting", pk=meeting.pk)
    return render(
        request, "panels/meetings/meeting_form.html", {"form": form, "reminder_hours": settings.MEETING_REMINDER_HOURS}
    )


@require_GET
@staff_required
def staff_meeting(request, pk: int):
    meeting = get_meeting_for_staff(request, pk)
    meeting = get_object_or_404(selectors.meeting_page(pk).prefetch_related("invitations__user"), pk=meeting.pk)
    today = timezone.localdate()
    return render(
        request,
        "panels/meetings/staff_meeting.html",
        {
            "meeting": meeting,
            "counts": selectors.rsvp_counts(meeting),
            "actions": [{"action": a, "overdue": a.is_overdue(today)} for a in meeting.actions.all()],
            "can_invite": can_invite(meeting),
            "can_record_attendance": can_record_attendance(meeting),
            "can_edit_minutes": can_edit_minutes(meeting),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def staff_meeting_edit(request, pk: int):
    meeting = get_meeting_for_staff(request, pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.update_meeting(meeting=form.instance, changed=form.changed_fields())
        messages.success(request, "The meeting is saved.")
        return redirect("panels:staff_meeting", pk=meeting.pk)
    return render(
        request,
        "panels/meetings/meeting_form.html",
        {"form": form, "meeting": meeting, "reminder_hours": settings.MEETING_REMINDER_HOURS},
    )


@require_POST
@staff_required
def staff_meeting_cancel(request, pk: int):
    with transaction.atomic():
        meeting = get_meeting_for_staff(request, pk, lock=True)
        services.cancel_meeting(meeting=meeting)
    messages.success(request, "The meeting is cancelled. Members and invited board members are being told by email.")
    return redirect("panels:staff_meeting", pk=meeting.pk)


# Agenda


@require_http_methods(["GET", "POST"])
@staff_required
def staff_agenda_item_create(request, pk: int):
    meeting = get_meeting_for_staff(request, pk)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_agenda_item(meeting=meeting, **form.cleaned_data)
        messages.success(request, "The agenda item is added.")
        return redirect("panels:staff_meeting", pk=meeting.pk)
    return render(request, "panels/meetings/agenda_item_form.html", {"form": form, "meeting": meeting})


@require_http_methods(["GET", "POST"])
@staff_required
def staff_agenda_item_edit(request, pk: int, item_pk: int):
    item = get_agenda_item_for_staff(request, pk, item_pk)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The agenda item is saved.")
        return redirect("panels:staff_meeting", pk=pk)
    return render(
        request, "panels/meetings/agenda_item_form.html", {"form": form, "meeting": item.meeting, "item": item}
    )


@require_POST
@staff_required
def staff_agenda_item_move(request, pk: int, item_pk: int):
    item = get_agenda_item_for_staff(request, pk, item_pk)
    services.move_agenda_item(item=item, up=request.POST.get("direction") != "down")
    return redirect(reverse("panels:staff_meeting", args=[pk]) + "#agenda")


@require_POST
@staff_required
def staff_agenda_item_delete(request, pk: int, item_pk: int):
    item = get_agenda_item_for_staff(request, pk, item_pk)
    services.delete_agenda_item(item=item)
    messages.success(request, f"“{item.title}” is taken off the agenda.")
    return redirect(reverse("panels:staff_meeting", args=[pk]) + "#agenda")


# Papers


@require_http_methods(["GET", "POST"])
@staff_required
def staff_paper_create(request, pk: int):
    meeting = get_meeting_for_staff(request, pk)
    form = PaperForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        services.add_paper(
            meeting=meeting,
            title=form.cleaned_data["title"],
            agenda_item=form.cleaned_data["agenda_item"],
            content=form.cleaned_data["file"],
            uploaded_by=request.user,
        )
        messages.success(request, "The paper is added. Members of the panel can open it now.")
        return redirect(reverse("panels:staff_meeting", args=[pk]) + "#papers")
    return render(request, "panels/meetings/paper_form.html", {"form": form, "meeting": meeting})


@require_POST
@staff_required
def staff_paper_delete(request, pk: int, paper_pk: int):
    paper = get_paper_for_staff(request, pk, paper_pk)
    services.delete_paper(paper=paper)
    messages.success(request, f"“{paper.title}” is removed.")
    return redirect(reverse("panels:staff_meeting", args=[pk]) + "#papers")


# Board members


@require_http_methods(["GET", "POST"])
@staff_required
def staff_invitation_create(request, pk: int):
    meeting = get_meeting_for_staff(request, pk)
    if not can_invite(meeting):
        raise PermissionDenied
    form = InvitationForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["user"]
        services.invite_board_member(meeting=meeting, user=user, invited_by=request.user)
        messages.success(request, f"{user} is invited and has been emailed. They can see this meeting and its papers.")
        return redirect(reverse("panels:staff_meeting", args=[pk]) + "#board")
    return render(request, "panels/meetings/invitation_form.html", {"form": form, "meeting": meeting})


@require_POST
@staff_required
def staff_invitation_delete(request, pk: int, invitation_pk: int):
    invitation = get_invitation_for_staff(request, pk, invitation_pk)
    services.withdraw_invitation(invitation=invitation)
    messages.success(request, f"{invitation.user} is no longer invited.")
    return redirect(reverse("panels:staff_meeting", args=[pk]) + "#board")


# Attendance


@require_http_methods(["GET", "POST"])
@staff_required
def staff_attendance(request, pk: int):
    meeting = get_meeting_for_staff(request, pk)
    if not can_record_attendance(meeting):
        messages.info(request, "Attendance can be recorded once the meeting has started.")
        return redirect("panels:staff_meeting", pk=pk)
    rows = selectors.attendance_sheet(meeting)
    form = AttendanceForm(request.POST or None, rows=rows, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        recorded = services.record_attendance(meeting=meeting, entries=form.entries(), recorded_by=request.user)
        messages.success(request, f"Attendance is saved ({recorded} recorded).")
        return redirect("panels:staff_meeting", pk=pk)
    return render(request, "panels/meetings/attendance.html", {"form": form, "rows": rows, "meeting": meeting})


# Minutes


@require_http_methods(["GET", "POST"])
@staff_required
def staff_minutes(request, pk: int):
    meeting = get_meeting_for_staff(request, pk)
    editable = can_edit_minutes(meeting)
    form = MinutesForm(request.POST or None, instance=meeting) if editable else None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            services.save_minutes(meeting=meeting, minutes=form.cleaned_data["minutes"])
            messages.success(request, "The minutes are saved. Members cannot see them until you publish them.")
            return redirect("panels:staff_minutes", pk=pk)
    return render(
        request,
        "panels/meetings/minutes_form.html",
        {"form": form, "meeting": meeting, "can_publish": can_publish_minutes(meeting)},
    )


@require_POST
@staff_required
def staff_minutes_publish(request, pk: int):
    with transaction.atomic():
        meeting = get_meeting_for_staff(request, pk, lock=True)
        if not can_publish_minutes(meeting):
            messages.error(request, "Write and save the minutes before publishing them.")
            return redirect("panels:staff_minutes", pk=pk)
        services.publish_minutes(meeting=meeting)
    messages.success(request, "The minutes are published. Members are being told by email.")
    return redirect("panels:staff_meeting", pk=pk)


# Actions


@require_http_methods(["GET", "POST"])
@staff_required
def staff_action_create(request, pk: int):
    meeting = get_meeting_for_staff(request, pk)
    form = ActionForm(request.POST or None, instance=MeetingAction(meeting=meeting))
    if request.method == "POST" and form.is_valid():
        services.save_action(action=form.instance)
        messages.success(request, "The action is added.")
        return redirect(reverse("panels:staff_meeting", args=[pk]) + "#actions")
    return render(request, "panels/meetings/action_form.html", {"form": form, "meeting": meeting})


@require_http_methods(["GET", "POST"])
@staff_required
def staff_action_edit(request, pk: int, action_pk: int):
    action = get_action_for_staff(request, pk, action_pk)
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        services.save_action(action=form.instance)
        messages.success(request, "The action is saved.")
        return redirect(reverse("panels:staff_meeting", args=[pk]) + "#actions")
    return render(
        request, "panels/meetings/action_form.html", {"form": form, "meeting": action.meeting, "action": action}
    )
