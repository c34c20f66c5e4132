"""Reads for the meeting pages: each a fixed number of queries whatever the size of the panel."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from residents.models import User

from ..models import Membership
from .models import Attendance, Meeting, MeetingAction, MeetingInvitation, MeetingPaper, Rsvp, RsvpResponse


def meeting_page(meeting_pk: int):
    """A meeting with its agenda (each item's papers), papers not under an item, and actions."""
    papers = MeetingPaper.objects.only("id", "title", "size", "meeting_id", "agenda_item_id", "uploaded_at")
    return Meeting.objects.select_related("panel").prefetch_related(
        Prefetch("agenda_items__papers", queryset=papers),
        Prefetch("papers", queryset=papers.filter(agenda_item__isnull=True), to_attr="loose_papers"),
        "actions",
    )


def rsvp_counts(meeting: Meeting) -> dict[str, int]:
    counts = Rsvp.objects.filter(meeting=meeting).aggregate(
        **{value: Count("id", filter=Q(response=value)) for value in RsvpResponse.values}
    )
    return counts


def meetings_for(user: User):
    """The meetings a member or board member sees, with their own answer."""
    return (
        Meeting.objects.visible_to(user)
        .select_related("panel")
        .prefetch_related(Prefetch("rsvps", queryset=Rsvp.objects.filter(user=user), to_attr="my_rsvp"))
    )


@dataclass
class SheetRow:
    key: str
    name: str
    role: str
    resident_id: int | None = None
    user_id: int | None = None
    rsvp: Rsvp | None = None
    attendance: Attendance | None = None
    status_field: object = field(default=None, repr=False)
    hours_field: object = field(default=None, repr=False)


def attendance_sheet(meeting: Meeting) -> list[SheetRow]:
    """Everyone expected: the panel's members on the day of the meeting, then invited board members, each with what
    they said (RSVP) and what staff recorded. Four queries."""
    on = timezone.localdate(meeting.starts_at)
    members = (
        Membership.objects.current(on=on)
        .filter(panel_id=meeting.panel_id)
        .select_related("resident")
        .only("id", "role", "resident__id", "resident__first_name", "resident__last_name", "resident__user_id")
        .order_by("resident__last_name", "resident__first_name", "id")
    )
    invitations = MeetingInvitation.objects.filter(meeting=meeting).select_related("user").order_by("id")
    rsvps = {r.user_id: r for r in Rsvp.objects.filter(meeting=meeting)}
    attendance = list(Attendance.objects.filter(meeting=meeting))
    by_resident = {a.resident_id: a for a in attendance if a.resident_id}
    by_user = {a.user_id: a for a in attendance if a.user_id}
    rows = [
        SheetRow(
            key=f"r{m.resident.pk}",
            name=f"{m.resident.first_name} {m.resident.last_name}".strip(),
            role=m.get_role_display(),
            resident_id=m.resident.pk,
            rsvp=rsvps.get(m.resident.user_id) if m.resident.user_id else None,
            attendance=by_resident.get(m.resident.pk),
        )
        for m in members
    ]
    rows += [
        SheetRow(
            key=f"u{i.user_id}",
            name=str(i.user),
            role="Board member",
            user_id=i.user_id,
            rsvp=rsvps.get(i.user_id),
            attendance=by_user.get(i.user_id),
        )
        for i in invitations
    ]
    return rows


def overdue_actions():
    return MeetingAction.objects.overdue().select_related("meeting__panel")
