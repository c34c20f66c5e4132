"""What happens to walkabouts: planning (and inviting the neighbourhood), signing up and cancelling with a
waiting list, the day-before reminders, logging issues as feedback, and publishing the report.

Every email goes through the outbox with a key, in the same transaction as the change it tells of, so nobody is
told twice. Places are counted under a lock on the walk's row, so two people can never both take the last one.
"""

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from residents.feedback.photos import CheckedPhoto
from residents.feedback.services import assign_feedback, submit_feedback
from residents.involvement.models import Interest, Opportunity, OpportunityKind
from residents.involvement.services import record_attendance_hours_for, remove_attendance_hours_for
from residents.models import (
    Block,
    Channel,
    FeedbackKind,
    FeedbackScope,
    InvolvementInterest,
    Resident,
    User,
)
from residents.outbox import services as outbox

from .models import REMIND_BEFORE, SignUp, SignUpStatus, Walkabout, WalkaboutIssue


def _link(name: str, *args) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def _stamp(moment) -> str:
    """A moment as a whole number of microseconds, for an outbox key that names one change."""
    return str(int(moment.timestamp() * 1_000_000))


def _context(walkabout: Walkabout) -> dict:
    return {
        "walkabout": walkabout,
        "link": _link("community:walkabout_detail", walkabout.pk),
        "calendar_link": _link("community:walkabout_calendar", walkabout.pk),
    }


# Planning --------------------------------------------------------------------------------------------------

PLAN_FIELDS = (
    "neighbourhood",
    "kind",
    "starts_at",
    "ends_at",
    "meeting_point",
    "route",
    "step_free",
    "distance_km",
    "seating",
    "accessibility_notes",
    "capacity",
    "lead",
    "partners",
)


def residents_to_invite(neighbourhood_id: int):
    """Residents of the neighbourhood whose preferences ask for local involvement and who have not asked us not to
    contact them, with somewhere to write to."""
    return (
        Resident.objects.filter(
            home__block__neighbourhood_id=neighbourhood_id,
            preferences__involvement_interests__contains=[InvolvementInterest.LOCAL],
            preferences__do_not_contact=False,
        )
        .filter(Q(email__gt="") | Q(user__email__gt=""))
        .select_related("user")
        .only("id", "first_name", "last_name", "email", "user__email")
        .order_by("id")
    )


def invite_neighbourhood(*, walkabout: Walkabout) -> int:
    """Queue the invitations to the walk: one per resident ever (the outbox key), so planning, editing or running
    this again never sends a second. Returns how many were asked to go."""
    context = _context(walkabout)
    messages = []
    for resident in residents_to_invite(walkabout.neighbourhood_id):
        to = resident.user.email if resident.user_id and resident.user.email else resident.email
        messages.append(
            outbox.email(
                template="walkabout_invitation",
                key=f"walkabout-invite:{walkabout.pk}:{resident.pk}",
                to=to,
                context={**context, "name": resident.first_name},
            )
        )
    outbox.queue_emails(messages)
    return len(messages)


@transaction.atomic
def plan_walkabout(*, created_by: User, **fields) -> Walkabout:
    """A new walk, with its reminder due the day before, and the neighbourhood invited."""
    walkabout = Walkabout(created_by=created_by, **{key: fields[key] for key in PLAN_FIELDS})
    walkabout.remind_at = walkabout.starts_at - REMIND_BEFORE
    walkabout.full_clean()
    walkabout.save()
    invite_neighbourhood(walkabout=walkabout)
    return walkabout


@transaction.atomic
def change_walkabout(*, walkabout: Walkabout, actor: User, **fields) -> Walkabout:
    """Change the plan. Everyone on the list is emailed a new time or meeting point. A new start time moves the
    reminder (a reminder already sent was for a time that no longer holds, so it is due again); more places move
    people up from the waiting list."""
    walkabout = Walkabout.objects.select_for_update().select_related("neighbourhood").get(pk=walkabout.pk)
    moved = fields["starts_at"] != walkabout.starts_at
    told_before = (walkabout.starts_at, walkabout.ends_at, walkabout.meeting_point)
    for key in PLAN_FIELDS:
        if key != "neighbourhood":  # the neighbourhood stays: its residents were invited
            setattr(walkabout, key, fields[key])
    if moved:
        walkabout.remind_at = walkabout.starts_at - REMIND_BEFORE
        walkabout.reminded_at = None
    walkabout.full_clean()
    walkabout.save()
    if (walkabout.starts_at, walkabout.ends_at, walkabout.meeting_point) != told_before:
        # Everyone on the list is told the new time or meeting point (once per change).
        stamp = _stamp(timezone.now())
        for record in walkabout.sign_ups.select_related("user", "resident").exclude(status=SignUpStatus.CANCELLED):
            record.walkabout = walkabout
            _tell(record, "walkabout_changed", stamp)
    _fill_places(walkabout)
    return walkabout


# Signing up -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignUpOutcome:
    sign_up: SignUp
    changed: bool  # False when they were signed up already


def _going(walkabout: Walkabout) -> int:
    return walkabout.sign_ups.filter(status=SignUpStatus.GOING).count()


def _existing(walkabout: Walkabout, *, user: User | None, resident: Resident | None) -> SignUp | None:
    found = SignUp.objects.select_related("user", "resident").filter(walkabout=walkabout)
    if resident is not None:
        return found.filter(resident=resident).first()
    return found.filter(user=user).first()


@transaction.atomic
def sign_up(
    *, walkabout: Walkabout, user: User | None, resident: Resident | None, added_by: User, needs: str = ""
) -> SignUpOutcome:
    """A place on the walk if one is free, else the waiting list. The walk's row is locked while the places are
    counted, so when two people take the last place at once, one gets it and the other waits."""
    walkabout = Walkabout.objects.select_for_update().select_related("neighbourhood").get(pk=walkabout.pk)
    if not walkabout.is_upcoming():
        raise ValidationError("This walk has already started, so nobody can sign up to it now.")
    existing = _existing(walkabout, user=user, resident=resident)
    if existing is not None and existing.status != SignUpStatus.CANCELLED:
        return SignUpOutcome(existing, changed=False)
    now = timezone.now()
    status = SignUpStatus.GOING if _going(walkabout) < walkabout.capacity else SignUpStatus.WAITING
    record = existing or SignUp(walkabout=walkabout, user=user, resident=resident)
    record.status = status
    record.waiting_since = now if status == SignUpStatus.WAITING else None
    record.needs = needs
    record.added_by = added_by
    record.save()
    _tell(record, "walkabout_signed_up" if status == SignUpStatus.GOING else "walkabout_waiting", _stamp(now))
    return SignUpOutcome(record, changed=True)


def _tell(record: SignUp, template: str, when: str) -> None:
    """Email one person on the walk. The key names the change, so the same change is never told twice."""
    walkabout = record.walkabout
    outbox.queue_email(
        template=template,
        key=f"{template}:{record.pk}:{when}",
        to=record.email,
        context={**_context(walkabout), "name": record.name.split(" ")[0], "sign_up": record},
    )


@transaction.atomic
def cancel_sign_up(*, sign_up: SignUp) -> SignUp | None:
    """Give up a place (or leave the waiting list). The first on the waiting list moves up and is told. Returns
    whoever moved up."""
    walkabout = Walkabout.objects.select_for_update().select_related("neighbourhood").get(pk=sign_up.walkabout_id)
    sign_up = SignUp.objects.select_related("user", "resident").get(pk=sign_up.pk)
    if sign_up.status == SignUpStatus.CANCELLED:
        return None
    if not walkabout.is_upcoming():
        raise ValidationError("This walk has already started.")
    sign_up.status = SignUpStatus.CANCELLED
    sign_up.waiting_since = None
    sign_up.save(update_fields=["status", "waiting_since", "updated_at"])
    promoted = _fill_places(walkabout)
    return promoted[0] if promoted else None


def _fill_places(walkabout: Walkabout) -> list[SignUp]:
    """Move people up from the waiting list into free places, in the order they joined it; each is told. The
    caller holds the lock on the walk's row."""
    free = walkabout.capacity - _going(walkabout)
    if free <= 0:
        return []
    waiting = list(
        walkabout.sign_ups.select_related("user", "resident")
        .filter(status=SignUpStatus.WAITING)
        .order_by("waiting_since", "id")[:free]
    )
    now = timezone.now()
    for record in waiting:
        record.status = SignUpStatus.GOING
        record.waiting_since = None
        record.save(update_fields=["status", "waiting_since", "updated_at"])
        record.walkabout = walkabout
        _tell(record, "walkabout_place_free", _stamp(now))
    return waiting


def find_resident(text: str) -> Resident:
    """The one resident a staff search finds (by reference, email, postcode or name), or a clear error."""
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError("Enter the resident's reference, email address or name.")
    matches = list(Resident.objects.search(text).with_home().order_by("last_name", "first_name", "id")[:6])
    if not matches:
        raise ValidationError(f"No resident on the register matches “{text}”.")
    if len(matches) > 1:
        raise ValidationError(
            f"More than one resident matches “{text}”. Enter their resident reference to say which one."
        )
    return matches[0]


# Attendance ---------------------------------------------------------------------------------------------------


def _started(walkabout: Walkabout) -> Walkabout:
    """The walk's row, locked, once it has started (attendance is recorded from then)."""
    walkabout = Walkabout.objects.select_for_update(of=("self",)).select_related("neighbourhood").get(pk=walkabout.pk)
    if walkabout.is_upcoming():
        raise ValidationError("Who came can be recorded once the walk has started.")
    return walkabout


@transaction.atomic
def record_attendance(*, walkabout: Walkabout, attended: dict[int, bool | None]) -> int:
    """Staff say who came, of those with a place (sign-up id -> True came, False did not come, None not recorded);
    the others on the walk keep what was recorded. The residents who came have the walk on their involvement
    record; a correction takes it off. Returns how many came. A fixed number of queries however many are on it."""
    walkabout = _started(walkabout)
    going = SignUp.objects.filter(walkabout=walkabout, status=SignUpStatus.GOING)
    for value in (True, False, None):
        chosen = [pk for pk, came in attended.items() if came is value]
        if chosen:
            going.filter(pk__in=chosen).update(attended=value, updated_at=timezone.now())
    return _count_towards_involvement(walkabout)


@transaction.atomic
def add_on_the_day(*, walkabout: Walkabout, resident: Resident, added_by: User) -> SignUp:
    """A resident who joined the walk on the day, who was not signed up (or was waiting, or had cancelled): on the
    list as coming, and came, whatever the places (they walked)."""
    walkabout = _started(walkabout)
    record = SignUp.objects.filter(walkabout=walkabout, resident=resident).first()
    if record is not None and record.status == SignUpStatus.GOING:
        raise ValidationError(f"{resident.full_name} is already on the list: record whether they came below.")
    record = record or SignUp(walkabout=walkabout, resident=resident, user=resident.user)
    record.status = SignUpStatus.GOING
    record.waiting_since = None
    record.attended = True
    record.added_by = added_by
    record.save()
    _count_towards_involvement(walkabout)
    return record


def walkabout_volunteer_roles(walkabout: Walkabout, resident_ids) -> dict[int, int]:
    """resident id -> the published walkabout volunteer opportunity (for this neighbourhood, or anywhere) they were
    accepted for, so their hours on the walk count towards that role; one query."""
    roles = (
        Interest.objects.accepted()
        .filter(
            resident_id__in=resident_ids,
            opportunity__in=Opportunity.objects.published()
            .filter(kind=OpportunityKind.WALKABOUT)
            .for_neighbourhood(walkabout.neighbourhood_id),
        )
        .order_by(
            "resident_id", "opportunity__neighbourhood_id", "opportunity__closes_on", "opportunity_id"
        )  # local first
        .values_list("resident_id", "opportunity_id")
    )
    found: dict[int, int] = {}
    for resident_id, opportunity_id in roles:
        found.setdefault(resident_id, opportunity_id)
    return found


def _count_towards_involvement(walkabout: Walkabout) -> int:
    """Every resident on the walk who came has its hours on their involvement record (against their walkabout
    volunteer role, if they have one); everyone else on it has none from it. Board members keep no such record.
    Returns how many came."""
    people = list(
        SignUp.objects.filter(walkabout=walkabout).values_list("resident_id", "status", "attended", named=True)
    )
    came = [p.resident_id for p in people if p.status == SignUpStatus.GOING and p.attended]
    hours = walkabout.hours
    counted = [pk for pk in came if pk is not None] if hours > 0 else []
    record_attendance_hours_for(
        source=walkabout,
        hours_by_resident=dict.fromkeys(counted, hours),
        on=timezone.localdate(walkabout.starts_at),
        opportunity_by_resident=walkabout_volunteer_roles(walkabout, counted) if counted else None,
    )
    remove_attendance_hours_for(
        source=walkabout, resident_ids={p.resident_id for p in people if p.resident_id and p.resident_id not in counted}
    )
    return len(came)


# Reminders --------------------------------------------------------------------------------------------------


def send_due_reminders(*, now=None) -> int:
    """The day-before reminders of every walk that is due one. Each walk is claimed by a conditional UPDATE of its
    reminded_at in the same transaction as its emails are queued: a second run (or a second beat) finds nothing
    to claim, and a run that dies halfway leaves the walk unclaimed for the next. Returns how many were queued."""
    now = now or timezone.now()
    queued = 0
    for walkabout_id in Walkabout.objects.reminders_due(now).values_list("pk", flat=True):
        with transaction.atomic():
            claimed = Walkabout.objects.reminders_due(now).filter(pk=walkabout_id).update(reminded_at=now)
            if not claimed:
                continue  # another run took it
            walkabout = Walkabout.objects.select_related("neighbourhood").get(pk=walkabout_id)
            context = _context(walkabout)
            messages = [
                outbox.email(
                    template="walkabout_reminder",
                    key=f"walkabout-reminder:{walkabout.pk}:{record.pk}:{_stamp(walkabout.remind_at)}",
                    to=record.email,
                    context={**context, "name": record.name.split(" ")[0], "sign_up": record},
                )
                for record in walkabout.sign_ups.select_related("user", "resident").filter(status=SignUpStatus.GOING)
            ]
            outbox.queue_emails(messages)
            queued += len(messages)
    return queued


# Issues ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoggedIssue:
    issue: WalkaboutIssue
    created: bool  # False: a retried send found the issue the first send made


@dataclass(frozen=True, kw_only=True)
class IssueSpec:
    key: uuid.UUID
    # The resident who raised it, if one did; None (the default) logs it for the walk's neighbourhood, with nobody
    # behind it and nobody emailed (graffiti staff spotted, a broken light).
    raised_by: Resident | None = None
    category: str
    text: str
    location: str
    latitude: Decimal | None
    longitude: Decimal | None
    priority: str
    due_on: date
    assignee: User | None
    photos: list[CheckedPhoto]


def issue_for_key(key: str | None, *, walkabout: Walkabout | None) -> WalkaboutIssue | None:
    """The issue a send with this form key made already, if any (a retried send is answered with it, even if what
    it carries would not pass the form now: a put-right date that has since passed)."""
    try:
        key = uuid.UUID(str(key))
    except ValueError:
        return None
    return WalkaboutIssue.objects.filter(key=key, walkabout=walkabout).first()


def _found_on(walkabout: Walkabout | None) -> str:
    """log_issue takes walkabout=None for a Block Champion's issue on their block between walks."""
    return f"Found on the {walkabout.title}." if walkabout else "Logged by the Block Champion, not on a walk."


def log_issue(
    *, walkabout: Walkabout | None, spec: IssueSpec, logged_by: User, block: Block | None = None
) -> LoggedIssue:
    """An issue found on the walk, logged as feedback for the walk's neighbourhood (so it joins the staff queue, and
    damp, mould and safety start their clocks), linked to the walk. With no resident behind it (spec.raised_by None)
    nobody is emailed; when a resident raised it, it is in their name and they get the reference and replies.
    With a block (a Block Champion's issue on their block), it is about the block's shared spaces: it is logged for
    that block and joins the block's page and its champions' digest.

    The form's key is unique in the database: a send retried after a lost connection finds the first one's issue
    instead of making a second (the second's whole transaction, feedback included, rolls back)."""
    existing = WalkaboutIssue.objects.filter(key=spec.key).first()
    if existing is not None:
        return LoggedIssue(existing, created=False)
    try:
        with transaction.atomic():
            feedback = submit_feedback(
                resident=spec.raised_by,
                neighbourhood=None if spec.raised_by or block else walkabout.neighbourhood,
                block=None if spec.raised_by else block,
                logged_by=logged_by,
                channel=Channel.IN_PERSON,
                kind=FeedbackKind.SERVICE_REQUEST,
                category=spec.category,
                scope=FeedbackScope.BLOCK if block else FeedbackScope.NEIGHBOURHOOD,
                text=f"{spec.text}\n\nWhere: {spec.location}\n{_found_on(walkabout)}",
                photos=spec.photos,
            )
            if spec.assignee is not None:
                assign_feedback(feedback=feedback, assignee=spec.assignee, actor=logged_by)
            issue = WalkaboutIssue.objects.create(
                walkabout=walkabout,
                feedback=feedback,
                key=spec.key,
                location=spec.location,
                latitude=spec.latitude,
                longitude=spec.longitude,
                priority=spec.priority,
                due_on=spec.due_on,
                logged_by=logged_by,
            )
    except IntegrityError:
        existing = WalkaboutIssue.objects.filter(key=spec.key).first()
        if existing is None:
            raise
        return LoggedIssue(existing, created=False)
    return LoggedIssue(issue, created=True)


# The report ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFigures:
    found: int
    resolved: int
    resolved_on_time: int
    due_so_far: int  # issues whose put-right date has passed, or resolved already

    @property
    def on_time_share(self) -> int | None:
        """The share of issues resolved by their date, of those that are resolved or past their date (a percentage);
        None while none is."""
        if not self.due_so_far:
            return None
        return round(100 * self.resolved_on_time / self.due_so_far)


def report_figures(issues: list[WalkaboutIssue], *, today: date) -> ReportFigures:
    resolved = [issue for issue in issues if issue.resolved]
    return ReportFigures(
        found=len(issues),
        resolved=len(resolved),
        resolved_on_time=sum(1 for issue in resolved if issue.resolved_on_time),
        due_so_far=sum(1 for issue in issues if issue.resolved or issue.due_on < today),
    )


def participants(walkabout: Walkabout):
    """Who took part: those staff recorded as having come, once anyone's attendance is recorded; until then, everyone
    with a place."""
    going = walkabout.sign_ups.select_related("user", "resident").filter(status=SignUpStatus.GOING)
    if going.filter(attended__isnull=False).exists():
        return going.filter(attended=True)
    return going


@transaction.atomic
def publish_report(*, walkabout: Walkabout, summary: str, actor: User) -> Walkabout:
    """Publish the report for the neighbourhood and tell everyone who came. Publishing again changes the summary
    and tells nobody twice."""
    walkabout = Walkabout.objects.select_for_update().select_related("neighbourhood").get(pk=walkabout.pk)
    if walkabout.is_upcoming():
        raise ValidationError("The report can be published once the walk has taken place.")
    if not summary.strip():
        raise ValidationError("Say what is being done about what was found.")
    walkabout.report_summary = summary.strip()
    walkabout.report_published_at = walkabout.report_published_at or timezone.now()
    walkabout.save(update_fields=["report_summary", "report_published_at"])
    link = _link("community:walkabout_report", walkabout.pk)
    outbox.queue_emails(
        [
            outbox.email(
                template="walkabout_report",
                key=f"walkabout-report:{walkabout.pk}:{record.pk}",
                to=record.email,
                context={**_context(walkabout), "name": record.name.split(" ")[0], "report_link": link},
            )
            for record in participants(walkabout)
        ]
    )
    return walkabout


def resident_ids_heard(issue_ids: list[int]) -> list[int]:
    """For "You said, we did": the residents who raised these walkabout issues (none for an issue logged for the
    neighbourhood, which nobody raised)."""
    return list(
        WalkaboutIssue.objects.filter(pk__in=issue_ids, feedback__resident__isnull=False)
        .values_list("feedback__resident_id", flat=True)
        .distinct()
    )


def export_for_resident(user, resident) -> list[dict] | None:
    """The walks in a resident's (or Board member's) data download: each sign-up and what they told us they need."""
    found = SignUp.objects.select_related("walkabout__neighbourhood").order_by("created_at", "id")
    found = found.filter(resident=resident) if resident is not None else found.filter(user=user)
    rows = [
        {
            "walk": record.walkabout.title,
            "status": record.get_status_display(),
            "needs": record.needs,
            "signed_up": record.created_at.isoformat(),
        }
        for record in found
    ]
    return rows or None
