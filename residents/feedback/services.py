"""Feedback, complaints and hazards: every change goes through here, in a transaction, with its history."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..outbox import services as outbox
from . import timescales
from .models import (
    Block,
    ComplaintStage,
    Feedback,
    FeedbackCategory,
    FeedbackEvent,
    FeedbackKind,
    FeedbackNote,
    FeedbackPhoto,
    FeedbackReply,
    FeedbackStatus,
    Hazard,
    HazardReview,
    HazardSeverity,
    Neighbourhood,
    Resident,
)
from .photos import CheckedPhoto
from .workdays import working_days_deadline


def _event(feedback: Feedback, actor, action: str, detail: str = "") -> None:
    FeedbackEvent.objects.create(feedback=feedback, actor=actor, action=action, detail=detail[:300])


def contact_email(resident: Resident | None) -> str:
    """Where to write to a resident about their own feedback: their account, else the register. Nowhere for an item
    logged for a neighbourhood (no resident)."""
    if resident is None:
        return ""
    if resident.user_id and resident.user.email:
        return resident.user.email
    return resident.email


def _feedback_link(feedback: Feedback) -> str:
    return f"{settings.SITE_URL}{reverse('residents:feedback_detail', args=[feedback.pk])}"


def _day(moment) -> str:
    """'Friday 4 December 2026', as dates are written everywhere in the portal."""
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B %Y}"


def refresh_next_due(feedback: Feedback) -> None:
    """Keep the earliest unmet deadline on the item, for the queue's sort and overdue filter. A possible hazard
    carries its investigation deadline until staff confirm it (then its clocks take over) or rule it out, whatever
    its status: closing the item does not check the hazard."""
    dues = [feedback.possible_hazard_due] if feedback.possible_hazard_due else []
    if feedback.is_open:
        stage = feedback.stages.order_by("-stage").first()
        if stage and stage.next_due:
            dues.append(stage.next_due)
        hazard = Hazard.objects.filter(feedback=feedback).first()
        if hazard and hazard.next_due():
            dues.append(hazard.next_due())
    feedback.next_due_at = min(dues) if dues else None
    feedback.save(update_fields=["next_due_at", "updated_at"])


@transaction.atomic
def submit_feedback(
    *,
    resident: Resident | None = None,
    logged_by,
    channel: str,
    kind: str,
    category: str,
    scope: str,
    text: str,
    photos: list[CheckedPhoto] = (),
    received_at=None,
    neighbourhood: Neighbourhood | None = None,
    block: Block | None = None,
) -> Feedback:
    """Record feedback from a resident (or logged by staff for them) and acknowledge it by email.

    Without a resident, staff log an item for a neighbourhood (or a block in it, which names the neighbourhood) that
    nobody reported: nobody is emailed, and it joins the queue with its hazard clocks like any other.

    received_at is when it reached us (a letter that arrived before staff logged it): every clock starts there.
    """
    received_at = received_at or timezone.now()
    if received_at > timezone.now():
        raise ValidationError("Feedback cannot reach us in the future.")
    if resident is not None:
        home = resident.home
        block, neighbourhood = home.block, home.block.neighbourhood
    else:
        if kind == FeedbackKind.COMPLAINT:
            raise ValidationError("A complaint is always a resident's: choose who is making it.")
        if block is not None:
            if neighbourhood is not None and block.neighbourhood_id != neighbourhood.pk:
                raise ValidationError(f"{block.name} is not in {neighbourhood.name}.")
            neighbourhood = block.neighbourhood
        if neighbourhood is None:
            raise ValidationError("Say which neighbourhood it is for, or which resident told us.")
        home = None
    words = timescales.hazard_words_in(text)
    possible_hazard = bool(words) or category in timescales.HAZARD_CATEGORIES
    feedback = Feedback.objects.create(
        resident=resident,
        logged_by=logged_by,
        channel=channel,
        kind=kind,
        category=category,
        scope=scope,
        home=home,
        block=block,
        neighbourhood=neighbourhood,
        text=text,
        created_at=received_at,
        hazard_review=HazardReview.POSSIBLE if possible_hazard else HazardReview.NONE,
        hazard_words=words,
    )
    for photo in photos:
        saved = FeedbackPhoto(feedback=feedback, content_type=photo.content_type, size=photo.size)
        saved.file.save("photo", photo.content, save=True)
    if resident is None:
        who = f"staff for {neighbourhood.name} ({feedback.get_channel_display().lower()}), no resident reported it"
    elif logged_by == resident.user:
        who = "the resident"
    else:
        who = f"staff ({feedback.get_channel_display().lower()})"
    _event(feedback, logged_by, "received", f"Logged by {who}")
    if kind == FeedbackKind.COMPLAINT:
        _open_stage(feedback, stage=1, handler=None, at=feedback.created_at)
    # The hazard clock of a possible hazard starts here whoever reported it (refresh_next_due sets its deadline).
    refresh_next_due(feedback)
    if resident is None:
        return feedback  # nobody to acknowledge it to
    outbox.queue_email(
        template="feedback_acknowledgement",
        key=f"feedback-ack:{feedback.pk}",
        to=contact_email(resident),
        context={
            "resident": resident,
            "feedback": feedback,
            "link": _feedback_link(feedback),
            "acknowledge_days": timescales.COMPLAINT_ACKNOWLEDGE_DAYS[1],
            "hazard": feedback.hazard_promise,
        },
    )
    return feedback


@transaction.atomic
def assign_feedback(*, feedback: Feedback, assignee, actor) -> Feedback:
    if feedback.assignee_id == (assignee.pk if assignee else None):
        return feedback
    feedback.assignee = assignee
    feedback.save(update_fields=["assignee", "updated_at"])
    _event(feedback, actor, "assigned", f"Assigned to {assignee}" if assignee else "Unassigned")
    return feedback


@transaction.atomic
def set_status(*, feedback: Feedback, status: str, actor) -> Feedback:
    if status == feedback.status:
        return feedback
    old = feedback.get_status_display()
    feedback.status = status
    feedback.closed_at = timezone.now() if status == FeedbackStatus.CLOSED else None
    feedback.save(update_fields=["status", "closed_at", "updated_at"])
    _event(feedback, actor, "status", f"{old} → {feedback.get_status_display()}")
    refresh_next_due(feedback)
    return feedback


@transaction.atomic
def add_note(*, feedback: Feedback, author, body: str) -> FeedbackNote:
    note = FeedbackNote.objects.create(feedback=feedback, author=author, body=body)
    _event(feedback, author, "note", "Added a staff note")
    return note


@transaction.atomic
def reply_to_resident(*, feedback: Feedback, author, body: str, answers: bool = True) -> FeedbackReply:
    """A reply the resident sees on their page and gets by email (after commit, through the outbox).

    answers=False for a letter that does not answer the item (an extension notice): the status stays. An item
    logged for a neighbourhood has nobody to reply to: staff add a note instead.
    """
    if feedback.resident_id is None:
        raise ValidationError(
            "Nobody reported this: it was logged for the neighbourhood, so there is no resident to reply to. "
            "Add a staff note instead."
        )
    reply = FeedbackReply.objects.create(feedback=feedback, author=author, body=body)
    if answers and feedback.status in (FeedbackStatus.NEW, FeedbackStatus.ACKNOWLEDGED, FeedbackStatus.IN_PROGRESS):
        old = feedback.get_status_display()
        feedback.status = FeedbackStatus.RESPONDED
        feedback.save(update_fields=["status", "updated_at"])
        _event(feedback, author, "status", f"{old} → {feedback.get_status_display()}")
    _event(feedback, author, "reply", "Replied to the resident")
    resident = feedback.resident
    outbox.queue_email(
        template="feedback_reply",
        key=f"feedback-reply:{reply.pk}",
        to=contact_email(resident),
        context={"resident": resident, "feedback": feedback, "body": body, "link": _feedback_link(feedback)},
    )
    return reply


# Complaints ------------------------------------------------------------------------------------------


def current_stage(feedback: Feedback) -> ComplaintStage | None:
    return feedback.stages.order_by("-stage").first()


def _open_stage(feedback: Feedback, *, stage: int, handler, at) -> ComplaintStage:
    acknowledge_due = working_days_deadline(at, timescales.COMPLAINT_ACKNOWLEDGE_DAYS[stage])
    return ComplaintStage.objects.create(
        feedback=feedback,
        stage=stage,
        handler=handler,
        opened_at=at,
        acknowledge_due=acknowledge_due,
        # Until it is acknowledged, the response is due counted from the latest allowed acknowledgement.
        response_due=working_days_deadline(acknowledge_due, timescales.COMPLAINT_RESPOND_DAYS[stage]),
    )


def _require_stage(feedback: Feedback) -> ComplaintStage:
    stage = current_stage(feedback)
    if stage is None:
        raise ValidationError("This item is not a complaint.")
    return stage


@transaction.atomic
def acknowledge_complaint(*, feedback: Feedback, actor) -> ComplaintStage:
    stage = _require_stage(feedback)
    if stage.acknowledged_at:
        raise ValidationError(f"{stage.get_stage_display()} is already acknowledged.")
    now = timezone.now()
    stage.acknowledged_at = now
    stage.handler = stage.handler or actor
    stage.response_due = working_days_deadline(
        now, timescales.COMPLAINT_RESPOND_DAYS[stage.stage] + stage.extension_days
    )
    stage.save(update_fields=["acknowledged_at", "handler", "response_due"])
    if feedback.assignee_id is None:
        # Whoever acknowledges a complaint handles it, so it shows in their "Assigned to: me" queue.
        assign_feedback(feedback=feedback, assignee=actor, actor=actor)
    if feedback.status == FeedbackStatus.NEW:
        feedback.status = FeedbackStatus.ACKNOWLEDGED
        feedback.save(update_fields=["status", "updated_at"])
        _event(feedback, actor, "status", f"{FeedbackStatus.NEW.label} → {FeedbackStatus.ACKNOWLEDGED.label}")
    _event(feedback, actor, "complaint", f"{stage.get_stage_display()} acknowledged")
    refresh_next_due(feedback)
    return stage


@transaction.atomic
def extend_complaint(*, feedback: Feedback, actor, days: int, reason: str) -> ComplaintStage:
    stage = _require_stage(feedback)
    if stage.responded_at:
        raise ValidationError(f"{stage.get_stage_display()} already has its response.")
    if not reason.strip():
        raise ValidationError("Give the reason for the extension: the resident is told it in writing.")
    if days < 1 or stage.extension_days + days > timescales.COMPLAINT_MAX_EXTENSION_DAYS:
        left = timescales.COMPLAINT_MAX_EXTENSION_DAYS - stage.extension_days
        raise ValidationError(
            f"A stage may be extended by at most {timescales.COMPLAINT_MAX_EXTENSION_DAYS} working days in all; "
            f"{left} left."
        )
    stage.extension_days += days
    stage.extension_reason = "\n".join(filter(None, [stage.extension_reason, reason.strip()]))
    stage.response_due = working_days_deadline(stage.response_due, days)
    stage.save(update_fields=["extension_days", "extension_reason", "response_due"])
    _event(feedback, actor, "complaint", f"{stage.get_stage_display()} extended by {days} working days: {reason}")
    reply_to_resident(
        feedback=feedback,
        author=actor,
        body=f"We need more time to respond to your complaint. {reason.strip()}\n\n"
        f"We will now respond by {_day(stage.response_due)}.",
        answers=False,
    )
    refresh_next_due(feedback)
    return stage


@transaction.atomic
def respond_to_complaint(*, feedback: Feedback, actor, body: str) -> ComplaintStage:
    stage = _require_stage(feedback)
    if not stage.acknowledged_at:
        acknowledge_complaint(feedback=feedback, actor=actor)
        stage.refresh_from_db()
    if stage.responded_at:
        raise ValidationError(f"{stage.get_stage_display()} already has its response.")
    stage.responded_at = timezone.now()
    stage.save(update_fields=["responded_at"])
    _event(feedback, actor, "complaint", f"{stage.get_stage_display()} response sent")
    reply_to_resident(feedback=feedback, author=actor, body=body)
    refresh_next_due(feedback)
    return stage


@transaction.atomic
def escalate_complaint(*, feedback: Feedback, actor, handler) -> ComplaintStage:
    """Stage 2, at the resident's request, handled by someone other than the stage 1 handler."""
    stage = _require_stage(feedback)
    if stage.stage != 1:
        raise ValidationError("This complaint is already at stage 2.")
    if stage.handler_id is None:
        raise ValidationError("Acknowledge stage 1 first, so that we know who handled it.")
    if handler is None or handler.pk == stage.handler_id:
        raise ValidationError("Stage 2 must be handled by someone other than the stage 1 handler.")
    stage2 = _open_stage(feedback, stage=2, handler=handler, at=timezone.now())
    feedback.status = FeedbackStatus.IN_PROGRESS
    feedback.assignee = handler
    feedback.closed_at = None
    feedback.save(update_fields=["status", "assignee", "closed_at", "updated_at"])
    _event(feedback, actor, "complaint", f"Escalated to stage 2, handled by {handler}")
    refresh_next_due(feedback)
    return stage2


# Hazards ---------------------------------------------------------------------------------------------


@transaction.atomic
def confirm_hazard(*, feedback: Feedback, actor, severity: str) -> Hazard:
    """Confirm a hazard and start its clocks from when the report first reached us."""
    if Hazard.objects.filter(feedback=feedback).exists():
        raise ValidationError("This hazard is already confirmed.")
    aware = feedback.created_at
    hazard = Hazard(feedback=feedback, severity=severity, aware_at=aware, confirmed_by=actor)
    if severity == HazardSeverity.EMERGENCY:
        hazard.investigate_due = hazard.make_safe_due = aware + timedelta(hours=timescales.EMERGENCY_HAZARD_HOURS)
    else:
        hazard.investigate_due = working_days_deadline(aware, timescales.DAMP_MOULD_INVESTIGATE_DAYS)
    hazard.save()
    feedback.hazard_review = HazardReview.CONFIRMED
    if feedback.category not in timescales.HAZARD_CATEGORIES:
        feedback.category = (
            FeedbackCategory.DAMP_MOULD if severity == HazardSeverity.DAMP_MOULD else FeedbackCategory.SAFETY
        )
    feedback.save(update_fields=["hazard_review", "category", "updated_at"])
    _event(feedback, actor, "hazard", f"Confirmed: {hazard.get_severity_display()}")
    refresh_next_due(feedback)
    return hazard


@transaction.atomic
def dismiss_hazard(*, feedback: Feedback, actor, reason: str) -> Feedback:
    if not reason.strip():
        raise ValidationError("Say why this is not a hazard.")
    if Hazard.objects.filter(feedback=feedback).exists():  # its clocks are running: record its steps instead
        raise ValidationError("This hazard is confirmed and its clocks are running, so it cannot be dismissed.")
    feedback.hazard_review = HazardReview.DISMISSED
    feedback.save(update_fields=["hazard_review", "updated_at"])
    _event(feedback, actor, "hazard", f"Not a hazard: {reason.strip()}")
    refresh_next_due(feedback)
    return feedback


HAZARD_STEPS = {
    "investigated": "Investigation finished",
    "made_safe": "Made safe (safety work done)",
    "summary_sent": "Written summary sent to the resident",
    "further_work_started": "Further work started",
}


@transaction.atomic
def record_hazard_step(*, feedback: Feedback, actor, step: str) -> Hazard:
    hazard = Hazard.objects.select_for_update().filter(feedback=feedback).first()
    if hazard is None:
        raise ValidationError("Confirm the hazard before recording its steps.")
    field = f"{step}_at"
    if step not in HAZARD_STEPS:
        raise ValidationError("Unknown step.")
    if getattr(hazard, field):
        raise ValidationError(f"{HAZARD_STEPS[step]} is already recorded.")
    now = timezone.now()
    setattr(hazard, field, now)
    if step == "investigated":
        # The later clocks run from the end of the investigation.
        hazard.summary_due = working_days_deadline(now, timescales.HAZARD_SUMMARY_DAYS)
        if hazard.severity != HazardSeverity.EMERGENCY:
            hazard.make_safe_due = working_days_deadline(now, timescales.HAZARD_SAFETY_WORK_DAYS)
        hazard.further_work_due = now + timescales.HAZARD_FURTHER_WORK_START
    hazard.save(update_fields=[field, "summary_due", "make_safe_due", "further_work_due"])
    _event(feedback, actor, "hazard", HAZARD_STEPS[step])
    refresh_next_due(feedback)
    return hazard
