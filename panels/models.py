"""Panels: the groups of residents who scrutinise, are consulted and report to the Board, and who belongs to them.

The meetings, scrutiny reviews and option scoring of a panel live in their own modules beside this one and are
re-exported here, so `panels.models` names every model of the app.
"""

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from residents.models import Resident


class PanelKind(models.TextChoices):
    SCRUTINY = "scrutiny", "Scrutiny panel"
    TOGETHER = "together", "Consultation panel"
    SPOTLIGHT = "spotlight", "Board-linked panel"
    OTHER = "other", "Other panel"


class PanelQuerySet(models.QuerySet):
    def listed(self):
        """Panels shown on the public pages (staff can retire one without losing its history)."""
        return self.filter(is_active=True)


class Panel(models.Model):
    """A panel and what a resident needs to know before joining it: what it does, what it can and cannot change,
    how its work reaches the Board, the time it asks for and the support offered."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=PanelKind.choices, default=PanelKind.OTHER)
    summary = models.CharField(max_length=300, help_text="One or two sentences shown in the list of panels.")
    remit = models.TextField()
    can_influence = models.TextField("What the panel can influence")
    cannot_influence = models.TextField("What the panel cannot influence")
    route_to_board = models.TextField("How its work reaches the Board")
    time_commitment = models.TextField()
    support_offered = models.TextField(help_text="Expenses, training, accessibility support.")
    how_to_join = models.TextField()
    accepting_applications = models.BooleanField(default=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PanelQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class MembershipRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    MEMBER = "member", "Member"


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    MEMBER = "member", "Member"
    DECLINED = "declined", "Not accepted"
    WITHDRAWN = "withdrawn", "Application withdrawn"
    STEPPED_DOWN = "stepped_down", "Stepped down"
    ENDED = "ended", "Term ended"


# Roles a panel has one of at a time.
OFFICER_ROLES = [MembershipRole.CHAIR, MembershipRole.VICE_CHAIR]

# An application or a membership that is still going: a resident holds at most one per panel.
LIVE_STATUSES = [MembershipStatus.APPLIED, MembershipStatus.MEMBER]


def current_q(on: datetime.date, prefix: str = "") -> Q:
    """The condition of a current membership on a day, for filtered counts across a relation (prefix
    "memberships__" from Panel)."""
    return Q(**{f"{prefix}status": MembershipStatus.MEMBER, f"{prefix}term_starts__lte": on}) & (
        Q(**{f"{prefix}term_ends__isnull": True}) | Q(**{f"{prefix}term_ends__gte": on})
    )


class MembershipQuerySet(models.QuerySet):
    def current(self, *, on=None):
        """Members whose term has not ended (on a given day, today by default)."""
        return self.filter(current_q(on or timezone.localdate()))

    def applications(self):
        return self.filter(status=MembershipStatus.APPLIED)

    def ending_within(self, days: int, *, on=None):
        """Members whose term ends within this many days (the last day of a term is term_ends), and those whose
        term has ended without staff ending or renewing it."""
        on = on or timezone.localdate()
        return self.filter(status=MembershipStatus.MEMBER, term_ends__lte=on + datetime.timedelta(days=days))

    def of_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(resident__user=user)


class Membership(models.Model):
    """One resident's application to a panel and, once accepted, their membership: role, term and how it ended."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="memberships")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="panel_memberships")
    status = models.CharField(max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.APPLIED)
    role = models.CharField(max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    # What the resident told us when applying.
    why = models.TextField("Why you would like to join", blank=True)
    availability = models.TextField(blank=True)
    support_needs = models.TextField("Support or accessibility needs", blank=True)
    # Whether their first name and role may appear on the panel's public page.
    show_on_public_page = models.BooleanField(default=False)
    applied_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey("residents.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The reason the resident sees when an application is not accepted, or why a membership ended.
    reason = models.TextField(blank=True)
    term_starts = models.DateField(null=True, blank=True)
    term_ends = models.DateField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["panel", "-applied_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "resident"],
                condition=Q(status__in=LIVE_STATUSES),
                name="membership_one_live_per_resident",
                violation_error_message="This resident already has an application or membership for this panel.",
            ),
            models.CheckConstraint(
                condition=~Q(status=MembershipStatus.MEMBER) | Q(term_starts__isnull=False),
                name="membership_member_has_term_start",
            ),
            models.CheckConstraint(
                condition=Q(term_ends__isnull=True) | Q(term_starts__isnull=True) | Q(term_ends__gte=F("term_starts")),
                name="membership_term_ends_after_start",
            ),
            # A panel has one chair and one vice-chair at a time: staff end or change the old one's role first.
            models.UniqueConstraint(
                fields=["panel", "role"],
                condition=Q(status=MembershipStatus.MEMBER, role__in=OFFICER_ROLES),
                name="membership_one_officer_per_role",
                violation_error_message="This panel already has a member in that role.",
            ),
            # A resident whose application is not accepted is always told why.
            models.CheckConstraint(
                condition=~Q(status=MembershipStatus.DECLINED) | ~Q(reason=""),
                name="membership_declined_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["panel", "status"], name="membership_panel_status"),
            # Staff's list of terms ending soon, across every panel, in date order.
            models.Index(
                fields=["term_ends"], condition=Q(status=MembershipStatus.MEMBER), name="membership_member_term_ends"
            ),
        ]

    def __str__(self):
        return f"{self.resident} – {self.panel} ({self.get_status_display()})"


# The meetings feature (panels/meetings/) keeps its models beside this module.
from .meetings.models import (  # noqa: E402,F401
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
from .scoring.models import (  # noqa: E402,F401
    ConflictDeclaration,
    Criterion,
    Option,
    RoundStatus,
    Score,
    ScoringRound,
)
from .scrutiny.models import (  # noqa: E402,F401  (re-exported: panels.models names every model of the app)
    BoardReport,
    Evidence,
    EvidenceKind,
    Finding,
    ManagementResponse,
    ProgressUpdate,
    Recommendation,
    Review,
    ReviewStage,
    StageChange,
    Topic,
    TopicBallot,
    TopicVote,
)
