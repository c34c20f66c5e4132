"""Writes of involvement: publishing opportunities (and telling residents whose preferences fit, at most once a
week), interest and its decisions, induction, hours and their confirmation, training places and completions,
expenses claims and their decisions, and recognition (hours milestones, the annual summary).

Each function runs in a transaction; email goes through the outbox in that same transaction, with a key that
makes it go once however often the function runs."""

import time
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from ..outbox import services as outbox
from ..people.models import Resident
from . import sources
from .models import (
    KIND_INTEREST,
    MILEAGE_RATE,
    ClaimStatus,
    ExpenseClaim,
    ExpenseKind,
    HoursEntry,
    HoursOrigin,
    InductionStep,
    Interest,
    InterestStatus,
    Opportunity,
    OpportunityAlert,
    OpportunityStatus,
    TrainingBooking,
    TrainingSession,
)

ALERT_EVERY = timedelta(days=7)
ALERT_BATCH = 200
HOURS_MILESTONES = (10, 50, 100)


def contact_email(resident: Resident) -> str:
    """Where to write to a resident: their account's address, else the register's ("" when there is none)."""
    return (resident.user.email if resident.user_id else "") or resident.email


def _link(name: str, *args) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


# Opportunities -------------------------------------------------------------------------------------------


@transaction.atomic
def publish_opportunity(*, opportunity: Opportunity, now=None) -> Opportunity:
    """Publish a draft (or a closed opportunity again). Refused without a pathway to change or an outcome. Residents
    whose preferences ask for this kind of involvement, where it is, get it in their next weekly email."""
    now = now or timezone.now()
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.status == OpportunityStatus.PUBLISHED:
        raise ValidationError("It is published already.")
    problems = opportunity.publish_problems
    if opportunity.closes_on < timezone.localdate(now):
        problems.append("The closing date has passed: choose a later one.")
    if problems:
        raise ValidationError(problems)
    opportunity.status = OpportunityStatus.PUBLISHED
    opportunity.published_at = now
    opportunity.save(update_fields=["status", "published_at", "updated_at"])
    _schedule_alerts(opportunity, now)
    return opportunity


@transaction.atomic
def close_opportunity(*, opportunity: Opportunity) -> Opportunity:
    updated = Opportunity.objects.filter(pk=opportunity.pk, status=OpportunityStatus.PUBLISHED).update(
        status=OpportunityStatus.CLOSED, updated_at=timezone.now()
    )
    if not updated:
        raise ValidationError("Only a published opportunity can be closed.")
    opportunity.refresh_from_db()
    return opportunity


def _residents_to_tell(opportunity: Opportunity):
    residents = Resident.objects.filter(
        preferences__involvement_interests__contains=[KIND_INTEREST[opportunity.kind]]
    ).exclude(preferences__do_not_contact=True)
    if opportunity.neighbourhood_id:
        residents = residents.filter(home__block__neighbourhood_id=opportunity.neighbourhood_id)
    return residents


def _schedule_alerts(opportunity: Opportunity, now) -> None:
    """Set-based: every resident it fits gets an alert row, due now, or a week after their last email if that is
    later. An alert already due stays as it is (the new opportunity goes in the same email)."""
    residents = _residents_to_tell(opportunity)
    OpportunityAlert.objects.bulk_create(
        [OpportunityAlert(resident_id=pk) for pk in residents.values_list("pk", flat=True).iterator()],
        ignore_conflicts=True,
        batch_size=1000,
    )
    OpportunityAlert.objects.filter(resident__in=residents.values("pk"), due_at__isnull=True).update(
        due_at=Greatest(
            Value(now, output_field=DateTimeField()),
            Coalesce(F("last_sent_at") + ALERT_EVERY, Value(now, output_field=DateTimeField())),
        )
    )


def opportunities_for_alert(resident: Resident, *, since, today=None) -> list[Opportunity]:
    """Open opportunities published after `since` that fit the resident's preferences and where they live."""
    preferences = getattr(resident, "preferences", None)
    if preferences is None or preferences.do_not_contact or not preferences.involvement_interests:
        return []
    return list(
        Opportunity.objects.open(today)
        .answering(preferences.involvement_interests)
        .for_neighbourhood(resident.home.block.neighbourhood_id)
        .filter(published_at__gt=since)
        .order_by("closes_on", "id")
    )


def send_due_alerts(now=None, *, time_budget: float = float("inf")) -> int:
    """Beat: email each resident whose alert is due the opportunities published since their last one. Each alert
    is claimed by a conditional UPDATE in the same transaction as its email is queued: a second run, or a second
    worker at the same moment, finds it claimed and sends nothing. Works through the due alerts in batches until
    none are left or time_budget seconds have passed (the rest go with the next run). Returns how many were sent."""
    now = now or timezone.now()
    stop_at = time.monotonic() + time_budget
    sent = 0
    while time.monotonic() < stop_at:
        batch = _send_alert_batch(now)
        if batch is None:
            break
        sent += batch
    return sent


def _send_alert_batch(now) -> int | None:
    """One batch of due alerts; None when there were none."""
    sent = 0
    due = list(
        OpportunityAlert.objects.filter(due_at__lte=now).order_by("due_at").values_list("pk", flat=True)[:ALERT_BATCH]
    )
    if not due:
        return None
    for pk in due:
        with transaction.atomic():
            alert = (
                OpportunityAlert.objects.select_related(
                    "resident__user", "resident__preferences", "resident__home__block"
                )
                .filter(pk=pk, due_at__lte=now)
                .first()
            )
            if alert is None:
                continue
            since = alert.last_sent_at or (now - ALERT_EVERY)
            opportunities = opportunities_for_alert(alert.resident, since=since, today=timezone.localdate(now))
            to = contact_email(alert.resident)
            sending = bool(opportunities and to)
            claimed = OpportunityAlert.objects.filter(pk=pk, due_at=alert.due_at, last_sent_at=alert.last_sent_at)
            if alert.last_sent_at is None:
                claimed = OpportunityAlert.objects.filter(pk=pk, due_at=alert.due_at, last_sent_at__isnull=True)
            if not claimed.update(due_at=None, last_sent_at=now if sending else alert.last_sent_at):
                continue  # another run got it first
            if sending:
                outbox.queue_email(
                    template="involvement_opportunities",
                    key=f"involvement-opportunities:{alert.resident_id}:{now.isoformat()}",
                    to=to,
                    context={
                        "resident": alert.resident,
                        "opportunities": [
                            {"opportunity": o, "link": _link("residents:involvement_detail", o.pk)}
                            for o in opportunities
                        ],
                        "preferences_link": _link("residents:preferences"),
                    },
                )
                sent += 1
    return sent


# Interest and decisions -----------------------------------------------------------------------------------


@transaction.atomic
def express_interest(
    *, resident: Resident, opportunity: Opportunity, availability: str, support_needed: str
) -> Interest:
    if not Opportunity.objects.open().filter(pk=opportunity.pk).exists():
        raise ValidationError("This opportunity has closed, so it is not taking new interest.")
    interest, created = Interest.objects.get_or_create(
        opportunity=opportunity,
        resident=resident,
        defaults={"availability": availability.strip(), "support_needed": support_needed.strip()},
    )
    if not created:
        raise ValidationError("You have already told us you are interested in this. We will be in touch.")
    outbox.queue_email(
        template="involvement_interest_received",
        key=f"involvement-interest-received:{interest.pk}",
        to=contact_email(resident),
        context={"resident": resident, "opportunity": opportunity, "link": _link("residents:my_involvement")},
    )
    return interest


def _locked_pending(interest: Interest) -> Interest:
    interest = (
        Interest.objects.select_for_update(of=("self",))
        .select_related("resident__user", "opportunity")
        .get(pk=interest.pk)
    )
    if interest.status != InterestStatus.PENDING:
        raise ValidationError(f"This has been decided already: {interest.get_status_display().lower()}.")
    return interest


def _start_induction(interest: Interest) -> None:
    InductionStep.objects.bulk_create(
        [
            InductionStep(interest=interest, position=position, label=label[:200])
            for position, label in enumerate(interest.opportunity.induction_list(), start=1)
        ],
        ignore_conflicts=True,
    )


def _tell_decision(interest: Interest, opportunity: Opportunity) -> None:
    outbox.queue_email(
        template="involvement_decision",
        key=f"involvement-decision:{interest.pk}",
        to=contact_email(interest.resident),
        context={
            "resident": interest.resident,
            "interest": interest,
            "opportunity": opportunity,
            "link": _link("residents:my_involvement"),
        },
    )


def _decide(interest: Interest, *, status: str, actor, reason: str = "", placed_in=None) -> Interest:
    interest.status = status
    interest.reason = reason.strip()
    interest.placed_in = placed_in
    interest.decided_by = actor
    interest.decided_at = timezone.now()
    interest.save(update_fields=["status", "reason", "placed_in", "decided_by", "decided_at"])
    return interest


@transaction.atomic
def accept_interest(*, interest: Interest, actor) -> Interest:
    interest = _decide(_locked_pending(interest), status=InterestStatus.ACCEPTED, actor=actor)
    _start_induction(interest)
    _tell_decision(interest, interest.opportunity)
    return interest


@transaction.atomic
def decline_interest(*, interest: Interest, actor, reason: str) -> Interest:
    if not reason.strip():
        raise ValidationError("Give the reason: the resident is told it.")
    interest = _decide(_locked_pending(interest), status=InterestStatus.DECLINED, actor=actor, reason=reason)
    _tell_decision(interest, interest.opportunity)
    return interest


@transaction.atomic
def place_elsewhere(*, interest: Interest, actor, opportunity: Opportunity, reason: str = "") -> Interest:
    """Offer the resident another opportunity instead: this interest says where they went, and they are accepted
    on the other one (with its induction). Returns their interest in the other opportunity."""
    if opportunity.pk == interest.opportunity_id:
        raise ValidationError("Choose a different opportunity from the one they asked about.")
    if opportunity.status != OpportunityStatus.PUBLISHED:
        raise ValidationError("Choose a published opportunity.")
    interest = _decide(
        _locked_pending(interest),
        status=InterestStatus.PLACED_ELSEWHERE,
        actor=actor,
        reason=reason,
        placed_in=opportunity,
    )
    placed, _ = Interest.objects.get_or_create(
        opportunity=opportunity,
        resident=interest.resident,
        defaults={"availability": interest.availability, "support_needed": interest.support_needed},
    )
    if placed.status != InterestStatus.ACCEPTED:
        placed = _decide(placed, status=InterestStatus.ACCEPTED, actor=actor)
        _start_induction(placed)
    _tell_decision(interest, opportunity)
    return placed


@transaction.atomic
def set_induction_step(*, step: InductionStep, actor, done: bool) -> InductionStep:
    step.done_at = timezone.now() if done else None
    step.done_by = actor if done else None
    step.save(update_fields=["done_at", "done_by"])
    return step


# Hours ---------------------------------------------------------------------------------------------------


@transaction.atomic
def log_hours(
    *, resident: Resident, on: date, hours: Decimal, description: str, opportunity: Opportunity | None = None
) -> HoursEntry:
    """Hours the volunteer logs: shown as unconfirmed until staff confirm them."""
    if on > timezone.localdate():
        raise ValidationError("The date cannot be in the future.")
    if (
        opportunity is not None
        and not Interest.objects.accepted().filter(resident=resident, opportunity=opportunity).exists()
    ):
        raise ValidationError("You can log hours only for a role you have been accepted for.")
    return HoursEntry.objects.create(
        resident=resident,
        opportunity=opportunity,
        on=on,
        hours=hours,
        description=description.strip(),
        origin=HoursOrigin.LOGGED,
    )


@transaction.atomic
def log_hours_for_resident(
    *,
    resident: Resident,
    on: date,
    hours: Decimal,
    description: str,
    actor,
    opportunity: Opportunity | None = None,
) -> HoursEntry:
    """Hours staff log for a resident (who phoned in, or has no account): confirmed at once, with the member of
    staff who logged them as the one who confirmed them (the record of who did it), and any milestone's thanks."""
    entry = log_hours(resident=resident, on=on, hours=hours, description=description, opportunity=opportunity)
    return confirm_hours(entry=entry, actor=actor)


@transaction.atomic
def confirm_hours(*, entry: HoursEntry, actor) -> HoursEntry:
    if not HoursEntry.objects.filter(pk=entry.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now(), confirmed_by=actor
    ):
        raise ValidationError("These hours were confirmed already.")
    entry.refresh_from_db()
    _thank_for_milestones([entry.resident_id])
    return entry


@transaction.atomic
def record_attendance_hours_for(
    *,
    source: models.Model,
    hours_by_resident: dict[int, Decimal],
    on: date,
    opportunity: Opportunity | None = None,
    opportunity_by_resident: dict[int, int] | None = None,
) -> int:
    """Hours from attendance at `source` (an object of a model registered with sources.register_hours_source) for
    the residents who came (resident id -> hours), in a fixed number of queries however many there are: one insert
    that skips the entries already there, one update of them all, one sum of the residents' confirmed hours for
    their milestones (and, only when one is reached, one read and one insert of the thanks). Idempotent per source
    and resident: a second call updates the same entries. See sources.py. Returns how many entries it wrote.

    opportunity puts everyone's hours against that role; opportunity_by_resident (resident id -> opportunity id)
    puts each listed resident's against their own (a walkabout volunteer's), the others' against none."""
    hours_by_resident = {pk: Decimal(hours) for pk, hours in hours_by_resident.items()}
    if not hours_by_resident:
        return 0
    if not all(Decimal("0") < hours <= 24 for hours in hours_by_resident.values()):
        raise ValidationError("Hours must be more than 0 and at most 24.")
    content_type = ContentType.objects.get_for_model(source)
    roles = opportunity_by_resident or {}
    if opportunity is not None:
        roles = dict.fromkeys(hours_by_resident, opportunity.pk)
    values = {
        "on": on,
        "description": sources.describe(source),
        "origin": HoursOrigin.ATTENDANCE,
        "confirmed_at": timezone.now(),
    }
    HoursEntry.objects.bulk_create(
        [
            HoursEntry(
                content_type=content_type,
                object_id=source.pk,
                resident_id=pk,
                hours=hours,
                opportunity_id=roles.get(pk),
                **values,
            )
            for pk, hours in hours_by_resident.items()
        ],
        ignore_conflicts=True,  # the entries already there are updated below
        batch_size=1000,
    )
    HoursEntry.objects.filter(content_type=content_type, object_id=source.pk, resident_id__in=hours_by_resident).update(
        hours=models.Case(
            *(models.When(resident_id=pk, then=Value(hours)) for pk, hours in hours_by_resident.items()),
            output_field=models.DecimalField(max_digits=4, decimal_places=2),
        ),
        opportunity_id=models.Case(
            *(models.When(resident_id=pk, then=Value(role)) for pk, role in roles.items() if pk in hours_by_resident),
            default=None,
            output_field=models.BigIntegerField(),
        ),
        **values,
    )
    _thank_for_milestones(list(hours_by_resident))
    return len(hours_by_resident)


@transaction.atomic
def remove_attendance_hours_for(*, source: models.Model, resident_ids) -> int:
    """Takes back the attendance hours of these residents at `source` (they did not come after all), in one query."""
    resident_ids = list(resident_ids)
    if not resident_ids:
        return 0
    content_type = ContentType.objects.get_for_model(source)
    deleted, _ = HoursEntry.objects.filter(
        content_type=content_type, object_id=source.pk, resident_id__in=resident_ids
    ).delete()
    return deleted


def _thank_for_milestones(resident_ids: list[int]) -> None:
    """Thanks by email for each hours milestone reached (10, 50, 100 confirmed hours), each once ever (its outbox
    key): one aggregate, and only when someone has reached a milestone, one read of them and one insert."""
    totals = {
        row["resident"]: row["total"]
        for row in HoursEntry.objects.confirmed()
        .filter(resident_id__in=resident_ids)
        .order_by()
        .values("resident")
        .annotate(total=models.Sum("hours"))
        .filter(total__gte=HOURS_MILESTONES[0])
    }
    if not totals:
        return
    link = _link("residents:my_involvement")
    residents = Resident.objects.select_related("user").filter(pk__in=totals)
    outbox.queue_emails(
        [
            outbox.email(
                template="involvement_milestone",
                key=f"involvement-milestone:{resident.pk}:{milestone}",
                to=contact_email(resident),
                context={"resident": resident, "milestone": milestone, "link": link},
            )
            for resident in residents
            for milestone in milestones_reached(totals[resident.pk])
        ]
    )


def milestones_reached(total: Decimal) -> list[int]:
    return [milestone for milestone in HOURS_MILESTONES if total >= milestone]


# Training ------------------------------------------------------------------------------------------------


@transaction.atomic
def book_training(*, resident: Resident, session: TrainingSession, now=None) -> TrainingBooking:
    """A place on a session that has not started, while places are left. The session is locked while places are
    counted, so two residents cannot take the last place at once."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.starts_at <= (now or timezone.now()):
        raise ValidationError("This session has started, so it is no longer taking bookings.")
    if TrainingBooking.objects.filter(session=session, resident=resident).exists():
        raise ValidationError("You already have a place on this session.")
    if TrainingBooking.objects.filter(session=session).count() >= session.places:
        raise ValidationError("Sorry, this session is full. Choose another date, or call us to go on the waiting list.")
    return TrainingBooking.objects.create(session=session, resident=resident)


def expiry_for(course, completed_on: date) -> date | None:
    """When a completion runs out: valid_for_years after it (29 February becomes 28 February), or never."""
    if not course.valid_for_years:
        return None
    year = completed_on.year + course.valid_for_years
    try:
        return completed_on.replace(year=year)
    except ValueError:
        return completed_on.replace(year=year, day=28)


@transaction.atomic
def record_completion(*, booking: TrainingBooking, actor, completed_on: date) -> TrainingBooking:
    if completed_on > timezone.localdate():
        raise ValidationError("The date cannot be in the future.")
    booking.completed_on = completed_on
    booking.expires_on = expiry_for(booking.session.course, completed_on)
    booking.recorded_by = actor
    booking.save(update_fields=["completed_on", "expires_on", "recorded_by"])
    return booking


# Expenses ------------------------------------------------------------------------------------------------


@transaction.atomic
def claim_expenses(
    *,
    resident: Resident,
    kind: str,
    incurred_on: date,
    description: str,
    amount: Decimal | None = None,
    miles: Decimal | None = None,
    receipt=None,
    opportunity: Opportunity | None = None,
    logged_by=None,
) -> ExpenseClaim:
    """A claim, with its receipt already checked by content (residents.uploads.check_document). Mileage is paid at
    MILEAGE_RATE a mile; travel and care costs are the amount on the receipt, which they need. logged_by: the member
    of staff entering it for the resident, if it is not the resident."""
    if kind == ExpenseKind.MILEAGE:
        if not miles:
            raise ValidationError("Enter the miles you drove.")
        amount = (Decimal(miles) * MILEAGE_RATE).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # half a penny up
    elif receipt is None:
        raise ValidationError("Add a photo or PDF of the receipt.")
    if not amount or amount <= 0:
        raise ValidationError("Enter the amount.")
    claim = ExpenseClaim(
        resident=resident,
        kind=kind,
        incurred_on=incurred_on,
        description=description.strip(),
        miles=miles if kind == ExpenseKind.MILEAGE else None,
        amount=amount,
        opportunity=opportunity,
        logged_by=logged_by,
    )
    if receipt is not None:
        claim.receipt_content_type = receipt.content_type
        claim.receipt.save("receipt", receipt.content, save=False)
    claim.save()
    return claim


def _decide_claim(claim: ExpenseClaim, *, status: str, actor, reason: str = "") -> ExpenseClaim:
    claim = ExpenseClaim.objects.select_for_update(of=("self",)).select_related("resident__user").get(pk=claim.pk)
    if claim.status != ClaimStatus.SUBMITTED:
        raise ValidationError(f"This claim has been decided already: {claim.get_status_display().lower()}.")
    claim.status = status
    claim.reason = reason.strip()
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    outbox.queue_email(
        template="involvement_claim_decision",
        key=f"involvement-claim-decision:{claim.pk}",
        to=contact_email(claim.resident),
        context={"resident": claim.resident, "claim": claim, "link": _link("residents:my_involvement")},
    )
    return claim


@transaction.atomic
def approve_claim(*, claim: ExpenseClaim, actor) -> ExpenseClaim:
    return _decide_claim(claim, status=ClaimStatus.APPROVED, actor=actor)


@transaction.atomic
def refuse_claim(*, claim: ExpenseClaim, actor, reason: str) -> ExpenseClaim:
    if not reason.strip():
        raise ValidationError("Give the reason: the resident is told it.")
    return _decide_claim(claim, status=ClaimStatus.REFUSED, actor=actor, reason=reason)


# Recognition ---------------------------------------------------------------------------------------------


def hours_text(hours: Decimal) -> str:
    """2.50 -> "2.5", 10.00 -> "10": hours as people write them."""
    text = f"{hours.quantize(Decimal('0.01'))}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def send_annual_summaries(*, year: int) -> int:
    """Thank every volunteer for their year: one email each with their confirmed hours and roles in `year`. Set-based
    (one aggregate query, one insert); each email's key names the year, so running it again sends nothing twice.
    Returns how many were queued now or before."""
    totals = (
        HoursEntry.objects.confirmed()
        .filter(on__year=year)
        .order_by()
        .values("resident")
        .annotate(total=models.Sum("hours"), days=models.Count("on", distinct=True))
    )
    by_resident = {row["resident"]: row for row in totals}
    residents = Resident.objects.filter(pk__in=by_resident).exclude(preferences__do_not_contact=True)
    link = _link("residents:my_involvement")
    messages = [
        outbox.email(
            template="involvement_annual_summary",
            key=f"involvement-annual:{year}:{resident.pk}",
            to=contact_email(resident),
            context={
                "resident": resident,
                "year": year,
                "hours": hours_text(by_resident[resident.pk]["total"]),
                "days": by_resident[resident.pk]["days"],
                "link": link,
            },
        )
        for resident in residents.select_related("user").only("first_name", "email", "user__email")
    ]
    with transaction.atomic():
        outbox.queue_emails(messages)
    return len(messages)


def send_last_years_summaries(today=None) -> int:
    """Beat (daily): in January, last year's summaries; a repeated run finds every key queued already."""
    today = today or timezone.localdate()
    if today.month != 1:
        return 0
    return send_annual_summaries(year=today.year - 1)
