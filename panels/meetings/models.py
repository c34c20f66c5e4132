"""Meetings of a panel: when and where, the agenda, papers, who is coming, who came, the minutes and the actions.

Attendance is stored one row per person per meeting with the hours it counts for, so a resident's involvement
hours from panel meetings are one query: Attendance.objects.attended().filter(resident=...).aggregate(Sum("hours")).
"""

import secrets
import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from residents.models import Resident

from ..models import Panel


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "id")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-id")

    def visible_to(self, user):
        """Meetings a resident or board member may open: those of panels they are a current member of, and those
        they were invited to. Staff see every meeting (get_meeting_for_user lets them through first)."""
        from ..models import Membership

        if not user.is_authenticated:
            return self.none()
        member_of = Membership.objects.current().filter(resident__user=user).values("panel_id")
        invited = MeetingInvitation.objects.filter(user=user).values("meeting_id")
        return self.filter(Q(panel_id__in=member_of) | Q(pk__in=invited))


class Meeting(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=150)
    starts_at = models.DateTimeField("Starts")
    ends_at = models.DateTimeField("Ends")
    place = models.CharField(
        "Where", max_length=300, blank=True, help_text="The room and address, with anything that helps people find it."
    )
    online_link = models.URLField("Online meeting link", max_length=500, blank=True)
    details = models.TextField(
        "About this meeting", blank=True, help_text="Anything members should know: parking, step-free access, food."
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Reminders go to members (and invited board members) this long before the start; the notice goes with them.
    reminder_due_at = models.DateTimeField()
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    minutes = models.TextField(blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    minutes_notice_due_at = models.DateTimeField(null=True, blank=True)
    minutes_notice_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
        ]
        indexes = [
            models.Index(fields=["panel", "starts_at"], name="meeting_panel_starts"),
            # The notice sweep reads only the rows still waiting.
            models.Index(
                fields=["reminder_due_at"], condition=Q(reminder_sent_at__isnull=True), name="meeting_reminder_due"
            ),
            models.Index(
                fields=["minutes_notice_due_at"],
                condition=Q(minutes_notice_sent_at__isnull=True, minutes_notice_due_at__isnull=False),
                name="meeting_minutes_notice_due",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d %b %Y})"

    @staticmethod
    def reminder_due_for(starts_at):
        return starts_at - timedelta(hours=settings.MEETING_REMINDER_HOURS)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def minutes_published(self) -> bool:
        return self.minutes_published_at is not None

    def has_ended(self, now=None) -> bool:
        return self.ends_at < (now or timezone.now())

    @property
    def hours(self) -> Decimal:
        """How long it runs, in hours to the quarter: what attending counts for by default."""
        quarters = round((self.ends_at - self.starts_at).total_seconds() / 900)
        return Decimal(max(quarters, 1)) / 4


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField("What it is about", blank=True)
    lead = models.CharField("Who leads it", max_length=120, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


def meeting_paper_path(instance, filename: str) -> str:
    """A server-made name: nothing of what the uploader's computer called the file is kept."""
    return f"meetings/{instance.meeting_id}/{uuid.uuid4().hex}.pdf"


class MeetingPaper(models.Model):
    """A paper for the meeting: a PDF checked by its content, served only through an access-checked view."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=meeting_paper_path, max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title


class MeetingInvitation(models.Model):
    """A board member invited to a meeting (the Spotlight Panel's, usually): they see it and its papers."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["invited_at", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="meeting_invitation_unique")]

    def __str__(self):
        return f"{self.user} invited to {self.meeting_id}"


class RsvpResponse(models.TextChoices):
    GOING = "going", "Going"
    MAYBE = "maybe", "Maybe"
    NOT_GOING = "not_going", "Not going"


class Rsvp(models.Model):
    """Whether a member (or invited board member) is coming, and what would help them take part."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_rsvps")
    response = models.CharField("Are you coming?", max_length=20, choices=RsvpResponse.choices)
    access_needs = models.TextField(
        "Anything that would help you take part",
        blank=True,
        max_length=1000,
        help_text="For example a hearing loop, step-free access, large print papers, an interpreter or a lift.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="meeting_rsvp_unique")]

    def __str__(self):
        return f"{self.user} – {self.get_response_display()}"


class AttendanceStatus(models.TextChoices):
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Did not attend"


class AttendanceQuerySet(models.QuerySet):
    def attended(self):
        return self.filter(status=AttendanceStatus.ATTENDED)


class Attendance(models.Model):
    """Who came, recorded by staff: a panel member (by their register entry, so it counts towards their involvement
    hours whether or not they use the portal) or an invited board member (by their account)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.CASCADE, related_name="meeting_attendance"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="meeting_attendance"
    )
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    hours = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("0"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(resident__isnull=False, user__isnull=True) | Q(resident__isnull=True, user__isnull=False),
                name="attendance_resident_or_board_member",
            ),
            # Not partial (NULLs never clash in a unique index), so recording again can upsert on them.
            models.UniqueConstraint(fields=["meeting", "resident"], name="attendance_one_per_resident"),
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_one_per_user"),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & (Q(status=AttendanceStatus.ATTENDED) | Q(hours=0)),
                name="attendance_hours_only_when_attended",
            ),
        ]
        indexes = [models.Index(fields=["resident", "status"], name="attendance_resident_status")]

    def __str__(self):
        return f"{self.resident or self.user} – {self.get_status_display()}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class MeetingActionQuerySet(models.QuerySet):
    def outstanding(self):
        return self.exclude(status=ActionStatus.DONE)

    def overdue(self, today=None):
        return self.outstanding().filter(due_on__lt=today or timezone.localdate())


class MeetingAction(models.Model):
    """Something agreed at the meeting: who does it, by when, and how far it has got."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField("What will be done", max_length=1000)
    owner = models.CharField("Who does it", max_length=150, help_text="A person or a team.")
    due_on = models.DateField("Due by")
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    progress = models.TextField("Progress so far", blank=True, max_length=2000)
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["due_on"], condition=~Q(status="done"), name="meeting_action_outstanding_due")]

    def __str__(self):
        return self.description[:60]

    def is_overdue(self, today=None) -> bool:
        return self.status != ActionStatus.DONE and self.due_on < (today or timezone.localdate())


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's own calendar address: calendar apps cannot sign in, so the unguessable token is the key. Resetting
    it makes the old address stop working at once."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Calendar of {self.user}"
