"""What staff, members and the beat task do with meetings. Each function runs in one transaction; emails go through
the outbox in the same transaction as the change they are about.

Reminders and the minutes-published notice are not countdown tasks: each meeting stores when its reminder is due
and when its minutes notice is due, and send_due_notices (run by beat) claims a due meeting with a conditional
UPDATE (only the run that changed the row goes on) and queues its emails in that transaction, each with its own
outbox key, so a notice goes once however many times the task runs.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from residents.involvement.services import record_attendance_hours_for, remove_attendance_hours_for
from residents.models import User
from residents.outbox import services as outbox

from ..models import Membership, Panel
from .models import (
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Meeting,
    MeetingAction,
    MeetingInvitation,
    MeetingPaper,
    Rsvp,
    RsvpResponse,
)

NOTICE_BATCH = 50


def meeting_link(meeting: Meeting) -> str:
    return f"{settings.SITE_URL}{reverse('panels:meeting_detail', args=[meeting.pk])}"


# Meetings -------------------------------------------------------------------------------------------------


@transaction.atomic
def create_meeting(
    *,
    panel: Panel,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    online_link: str = "",
    details: str = "",
    created_by: User | None = None,
) -> Meeting:
    return Meeting.objects.create(
        panel=panel,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_link=online_link,
        details=details,
        created_by=created_by,
        reminder_due_at=Meeting.reminder_due_for(starts_at),
    )


@transaction.atomic
def update_meeting(*, meeting: Meeting, changed: list[str]) -> Meeting:
    """Save the fields a form changed. A meeting moved to another time gets a new reminder (its emails have their
    own keys), unless the new reminder time has passed too."""
    fields = set(changed) & {"title", "starts_at", "ends_at", "place", "online_link", "details"}
    if "starts_at" in fields:
        meeting.reminder_due_at = Meeting.reminder_due_for(meeting.starts_at)
        fields.add("reminder_due_at")
        if meeting.starts_at > timezone.now():
            meeting.reminder_sent_at = None
            fields.add("reminder_sent_at")
    if fields:
        meeting.save(update_fields=[*fields, "updated_at"])
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, now=None) -> Meeting:
    """No reminder goes for a cancelled meeting; members and invited board members are told now."""
    now = now or timezone.now()
    if meeting.is_cancelled:
        return meeting
    meeting.cancelled_at = now
    meeting.save(update_fields=["cancelled_at", "updated_at"])
    outbox.queue_emails(
        [
            outbox.email(
                template="meeting_cancelled",
                key=f"meeting-{meeting.pk}-cancelled-{key}",
                to=address,
                context={"meeting": meeting, "name": name, "link": meeting_link(meeting)},
            )
            for key, address, name in recipients(meeting)
        ]
    )
    return meeting


# Agenda -----------------------------------------------------------------------------------------------------


@transaction.atomic
def add_agenda_item(*, meeting: Meeting, title: str, description: str = "", lead: str = "") -> AgendaItem:
    # Lock the meeting so two items added at once do not take the same place.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).exists()
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    return AgendaItem.objects.create(
        meeting=meeting, position=last + 1, title=title, description=description, lead=lead
    )


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, up: bool) -> bool:
    """Swap the item with the one before (up) or after it. Returns whether it moved."""
    Meeting.objects.select_for_update().filter(pk=item.meeting_id).exists()
    siblings = AgendaItem.objects.filter(meeting_id=item.meeting_id)
    neighbour = (
        siblings.filter(position__lt=item.position).order_by("-position").first()
        if up
        else siblings.filter(position__gt=item.position).order_by("position").first()
    )
    if neighbour is None:
        return False
    item.position, neighbour.position = neighbour.position, item.position
    item.save(update_fields=["position"])
    neighbour.save(update_fields=["position"])
    return True


@transaction.atomic
def delete_agenda_item(*, item: AgendaItem) -> None:
    """Its papers stay with the meeting, no longer under an item."""
    item.delete()


# Papers -------------------------------------------------------------------------------------------------------


@transaction.atomic
def add_paper(
    *, meeting: Meeting, title: str, content: bytes, agenda_item: AgendaItem | None = None, uploaded_by=None
) -> MeetingPaper:
    """content has passed residents.uploads.check_document (the form does that)."""
    paper = MeetingPaper(
        meeting=meeting, agenda_item=agenda_item, title=title, size=len(content), uploaded_by=uploaded_by
    )
    paper.file.save("paper.pdf", ContentFile(content), save=True)
    return paper


@transaction.atomic
def delete_paper(*, paper: MeetingPaper) -> None:
    name = paper.file.name
    paper.delete()
    transaction.on_commit(lambda: default_storage.delete(name))


# Board members -------------------------------------------------------------------------------------------------


@transaction.atomic
def invite_board_member(*, meeting: Meeting, user: User, invited_by: User | None = None) -> MeetingInvitation:
    invitation, created = MeetingInvitation.objects.get_or_create(
        meeting=meeting, user=user, defaults={"invited_by": invited_by}
    )
    if created:
        outbox.queue_email(
            template="meeting_invitation",
            key=f"meeting-{meeting.pk}-invitation-u{user.pk}-{invitation.pk}",
            to=user.email,
            context={"meeting": meeting, "name": user.full_name.split(" ")[0], "link": meeting_link(meeting)},
        )
    return invitation


@transaction.atomic
def withdraw_invitation(*, invitation: MeetingInvitation) -> None:
    Rsvp.objects.filter(meeting_id=invitation.meeting_id, user_id=invitation.user_id).delete()
    invitation.delete()


# RSVP -----------------------------------------------------------------------------------------------------


@transaction.atomic
def respond_to_meeting(*, meeting: Meeting, user: User, response: str, access_needs: str = "") -> Rsvp:
    rsvp, _ = Rsvp.objects.update_or_create(
        meeting=meeting, user=user, defaults={"response": response, "access_needs": access_needs.strip()}
    )
    return rsvp


# Attendance -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceEntry:
    status: str  # an AttendanceStatus, or "" for not recorded
    hours: Decimal | None = None
    resident_id: int | None = None
    user_id: int | None = None


@transaction.atomic
def record_attendance(*, meeting: Meeting, entries: list[AttendanceEntry], recorded_by: User) -> int:
    """Set who came (and for how many hours, the meeting's length unless said otherwise), who sent apologies and
    who did not come. An entry with no status clears what was recorded. Returns how many are recorded."""
    now = timezone.now()
    keep, clear_residents, clear_users = [], [], []
    for entry in entries:
        if not entry.status:
            (clear_residents if entry.resident_id else clear_users).append(entry.resident_id or entry.user_id)
            continue
        hours = Decimal("0")
        if entry.status == AttendanceStatus.ATTENDED:
            hours = meeting.hours if entry.hours is None else entry.hours
        keep.append(
            Attendance(
                meeting=meeting,
                resident_id=entry.resident_id,
                user_id=entry.user_id,
                status=entry.status,
                hours=hours,
                recorded_by=recorded_by,
                recorded_at=now,
            )
        )
    Attendance.objects.filter(meeting=meeting).filter(
        Q(resident_id__in=clear_residents) | Q(user_id__in=clear_users)
    ).delete()
    for unique_field in ("resident", "user"):
        rows = [a for a in keep if getattr(a, f"{unique_field}_id")]
        if rows:
            Attendance.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["meeting", unique_field],
                update_fields=["status", "hours", "recorded_by", "recorded_at"],
            )
    _count_towards_involvement(meeting, keep, cleared=clear_residents)
    return len(keep)


def _count_towards_involvement(meeting: Meeting, recorded: list[Attendance], *, cleared: list[int]) -> None:
    """A member who came has the meeting's hours on their involvement record (confirmed, since staff recorded it);
    one who sent apologies, did not come, or whose attendance was cleared has none from it. Board members are
    not residents and keep no such record."""
    came = {a.resident_id: a.hours for a in recorded if a.resident_id and a.status == AttendanceStatus.ATTENDED}
    came = {resident_id: hours for resident_id, hours in came.items() if hours > 0}
    gone = set(cleared) | {a.resident_id for a in recorded if a.resident_id and a.resident_id not in came}
    record_attendance_hours_for(source=meeting, hours_by_resident=came, on=timezone.localdate(meeting.starts_at))
    remove_attendance_hours_for(source=meeting, resident_ids=gone)


# Minutes --------------------------------------------------------------------------------------------------


@transaction.atomic
def save_minutes(*, meeting: Meeting, minutes: str) -> Meeting:
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes", "updated_at"])
    return meeting


@transaction.atomic
def publish_minutes(*, meeting: Meeting, now=None) -> Meeting:
    """Members see the minutes from now; the notice to them is due now and beat (or the task queued on commit) sends
    it once."""
    now = now or timezone.now()
    updated = Meeting.objects.filter(pk=meeting.pk, minutes_published_at__isnull=True).update(
        minutes_published_at=now, minutes_notice_due_at=now, updated_at=now
    )
    if updated:
        meeting.minutes_published_at = meeting.minutes_notice_due_at = now
        from .tasks import send_meeting_notices

        send_meeting_notices.apply_async_on_commit(retry=False)  # beat sends it if the broker is down
    return meeting


# Actions --------------------------------------------------------------------------------------------------


@transaction.atomic
def save_action(*, action: MeetingAction) -> MeetingAction:
    """Create or update an action; finishing it records the day, reopening it clears that."""
    if action.status == ActionStatus.DONE and action.completed_on is None:
        action.completed_on = timezone.localdate()
    elif action.status != ActionStatus.DONE:
        action.completed_on = None
    action.save()
    return action


# Notices (beat) --------------------------------------------------------------------------------------------


def recipients(meeting: Meeting, *, exclude_not_going: bool = False) -> list[tuple[str, str, str]]:
    """(key, email address, first name) of everyone a meeting's emails go to: the panel's current members who have
    an address and have not asked us not to contact them about involvement, and the invited board members."""
    members = (
        Membership.objects.current()
        .filter(panel_id=meeting.panel_id)
        .exclude(resident__preferences__do_not_contact=True)
        .select_related("resident__user")
        .order_by("id")
    )
    invitations = MeetingInvitation.objects.filter(meeting=meeting).select_related("user").order_by("id")
    not_going = set()
    if exclude_not_going:
        not_going = set(
            Rsvp.objects.filter(meeting=meeting, response=RsvpResponse.NOT_GOING).values_list("user_id", flat=True)
        )
    people = []
    for membership in members:
        resident = membership.resident
        if resident.user_id and resident.user_id in not_going:
            continue
        address = resident.user.email if resident.user_id and resident.user.email else resident.email
        if address:
            people.append((f"r{resident.pk}", address, resident.first_name))
    for invitation in invitations:
        if invitation.user_id not in not_going and invitation.user.is_active:
            people.append((f"u{invitation.user_id}", invitation.user.email, invitation.user.full_name.split(" ")[0]))
    return people


def _claim(meetings, field: str, now) -> Meeting | None:
    """Take one due meeting for this run: the conditional UPDATE changes the row only if no other run has, and a
    concurrent run waits on the row lock and then finds it taken."""
    for meeting in meetings.order_by("id")[:NOTICE_BATCH]:
        if Meeting.objects.filter(pk=meeting.pk, **{f"{field}__isnull": True}).update(**{field: now}):
            return meeting
    return None


def _send_reminder(meeting: Meeting) -> int:
    stamp = timezone.localtime(meeting.starts_at).strftime("%Y%m%d%H%M")
    messages = [
        outbox.email(
            template="meeting_reminder",
            key=f"meeting-{meeting.pk}-reminder-{stamp}-{key}",
            to=address,
            context={"meeting": meeting, "name": name, "link": meeting_link(meeting)},
        )
        for key, address, name in recipients(meeting, exclude_not_going=True)
    ]
    outbox.queue_emails(messages)
    return len(messages)


def _send_minutes_notice(meeting: Meeting) -> int:
    messages = [
        outbox.email(
            template="meeting_minutes",
            key=f"meeting-{meeting.pk}-minutes-{key}",
            to=address,
            context={"meeting": meeting, "name": name, "link": meeting_link(meeting)},
        )
        for key, address, name in recipients(meeting)
    ]
    outbox.queue_emails(messages)
    return len(messages)


def send_due_notices(*, now=None, max_meetings: int = 200) -> int:
    """Queue the reminders and minutes notices that are due, each meeting in its own transaction with its claim.
    A reminder whose meeting has started, or was cancelled, is marked done without sending. Returns how many
    emails were queued."""
    now = now or timezone.now()
    queued = 0
    base = Meeting.objects.select_related("panel")
    kinds = [
        (
            "reminder_sent_at",
            base.filter(reminder_sent_at__isnull=True, reminder_due_at__lte=now),
            _send_reminder,
        ),
        (
            "minutes_notice_sent_at",
            base.filter(minutes_notice_sent_at__isnull=True, minutes_notice_due_at__lte=now),
            _send_minutes_notice,
        ),
    ]
    for field, due, send in kinds:
        for _ in range(max_meetings):
            with transaction.atomic():
                meeting = _claim(due, field, now)
                if meeting is None:
                    break
                if field == "reminder_sent_at" and (meeting.is_cancelled or meeting.starts_at <= now):
                    continue
                queued += send(meeting)
    return queued


# Calendar feed -------------------------------------------------------------------------------------------


def feed_for(user: User) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def reset_feed_token(*, user: User) -> CalendarFeed:
    """A new address; the old one stops working at once (someone else may have it)."""
    from .models import new_feed_token

    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed
