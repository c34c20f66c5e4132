"""Publishing a survey, its waves, and the email that goes with it: invitations, reminders, opting out.

Exactly once, end to end:
- publishing locks the survey and writes the invitations with one INSERT ... SELECT that skips anyone the
  survey already asked (survey.status and the wave's published_at are set in the same transaction), so
  publishing twice, or two publishers at once, write nothing new;
- the sender locks a wave (FOR UPDATE SKIP LOCKED), walks its next batch of invitations in id order, queues
  the email ones in the outbox under the key survey-invite:<invitation id>, links each invitation to its
  email and moves the wave's place on, all in one transaction: a sender killed half-way rolls back and the
  batch is walked again; two senders never walk the same wave at once; the key stops a second email even if
  a batch were ever walked twice. Walking by id needs no index of waiting invitations, which the fan-out
  would have to fill for every resident;
- the outbox relay marks each email sent as soon as the provider accepts it, so a relay killed half-way
  through a batch sends only the rest once its claim runs out. The one window left is between the provider
  accepting a message and the row being marked: a relay killed exactly there sends that message again when
  the claim expires. Every message carries a Message-ID made from its key, the same on every attempt, so
  providers and mail clients that deduplicate on it show it once.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, DateTimeField, ExpressionWrapper, F, Q, Sum, Value
from django.urls import reverse
from django.utils import timezone

from residents.models import OutboundEmail, Preferences
from residents.outbox import services as outbox

from ..models import (
    Anonymity,
    AudienceKind,
    Invitation,
    InvitationChannel,
    Survey,
    SurveyKind,
    SurveyStatus,
    SurveyWave,
    WaveCadence,
)
from . import audience

BATCH = 500
MAX_BATCHES = 200
ONE_DAY = timedelta(days=1)
CADENCE_MONTHS = {WaveCadence.ONCE: 0, WaveCadence.MONTHLY: 1, WaveCadence.QUARTERLY: 3}
INFLUENCE_FIELDS = ("can_influence", "cannot_influence", "how_results_used")


def invite_key(invitation_id: int) -> str:
    return f"survey-invite:{invitation_id}"


def reminder_key(invitation_id: int, number: int) -> str:
    return f"survey-reminder:{invitation_id}:{number}"


# Publishing ------------------------------------------------------------------------------------------------


def publishing_problems(survey: Survey) -> list[str]:
    """What stops this survey being published, in words staff can act on. Empty when it can go."""
    problems = []
    if not survey.questions.exists():
        problems.append("Add at least one question before publishing.")
    if survey.kind == SurveyKind.CONSULTATION:
        missing = [
            Survey._meta.get_field(name).verbose_name for name in INFLUENCE_FIELDS if not getattr(survey, name).strip()
        ]
        if missing:
            problems.append(
                "A consultation must tell residents " + ", ".join(missing) + ". Fill this in on the survey's settings."
            )
    if survey.audience == AudienceKind.STAFF:
        if survey.anonymity != Anonymity.ANONYMOUS:
            problems.append("A staff survey is always anonymous: choose anonymous on the survey's settings.")
        if survey.kind == SurveyKind.TSM:
            problems.append("Tenant Satisfaction Measures are for residents: choose who to ask again.")
    problems.extend(audience.survey_audience_problems(survey).values())
    return problems


def add_months(moment: datetime, months: int) -> datetime:
    """The same local day and time `months` later (the last day of the month when that day does not exist)."""
    local = timezone.localtime(moment)
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    day = min(local.day, (next_month - ONE_DAY).day)
    return timezone.make_aware(local.replace(tzinfo=None, year=year, month=month, day=day))


def wave_starts(survey: Survey) -> list[datetime]:
    months = CADENCE_MONTHS[WaveCadence(survey.cadence)]
    count = survey.wave_count if months else 1
    return [add_months(survey.opens_at, months * n) for n in range(count)]


def reporting_year_of(moment: datetime) -> int:
    """The reporting year (1 April to 31 March) by the calendar year it starts in."""
    local = timezone.localtime(moment)
    return local.year if local.month >= 4 else local.year - 1


def _kick_sending(survey_id: int | None) -> None:
    """Ask a worker to send now; if the broker is down, the periodic sweep sends later."""
    from ..tasks import send_survey_invitations

    send_survey_invitations.apply_async_on_commit(args=[survey_id], retry=False)


@transaction.atomic
def publish_survey(*, survey: Survey, opens_at: datetime | None = None, now: datetime | None = None) -> SurveyWave:
    """Publish a draft: plan its waves, and when it opens now, invite wave 1 at once. Returns wave 1.

    Publishing a survey that is already published changes nothing and returns its first wave.
    """
    now = now or timezone.now()
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == SurveyStatus.PUBLISHED:
        return survey.waves.order_by("number").first()
    problems = publishing_problems(survey)
    if problems:
        raise ValidationError(problems)
    survey.opens_at = opens_at or survey.opens_at or now
    if survey.closes_at and survey.closes_at <= max(survey.opens_at, now):
        raise ValidationError("The closing day has passed or comes before the opening day: change it first.")
    survey.status = SurveyStatus.PUBLISHED
    survey.published_at = now
    survey.save(update_fields=["opens_at", "status", "published_at", "updated_at"])
    waves = SurveyWave.objects.bulk_create(
        [SurveyWave(survey=survey, number=n, starts_at=start) for n, start in enumerate(wave_starts(survey), 1)]
    )
    first = waves[0]
    first.survey = survey
    if first.starts_at <= now:
        # Counted by the fan-out itself (no second pass over the register); refusing rolls it all back.
        _refuse_if_nobody(audience.invite_wave(wave=first, now=now))
        transaction.on_commit(lambda: _kick_sending(survey.pk))
    else:
        _refuse_if_nobody(audience.count_audience(survey=survey, now=first.starts_at))
    return first


def nobody_invited_message(count: audience.AudienceCount) -> str:
    if not count.considered:
        return "Nobody would be invited: who to ask covers no residents. Change who to ask before publishing."
    reasons = "; ".join(f"{label.lower()}: {n:,}" for label, n in audience.exclusion_rows(count.exclusions) if n)
    return (
        f"Nobody would be invited: all {count.considered:,} residents this survey covers are left out ({reasons}). "
        "Change who to ask, or publish when the rest period has passed."
    )


def _refuse_if_nobody(count: audience.AudienceCount) -> None:
    if not count.audience:
        raise ValidationError(nobody_invited_message(count))


def publish_due_waves(*, now: datetime | None = None, limit: int = 20) -> list[int]:
    """Invite every wave whose time has come (wave 1 of a survey that opens later, and later waves of a
    rolling programme), each in its own transaction, each exactly once. Waves due after the survey closes are
    never sent."""
    now = now or timezone.now()
    done = []
    for _ in range(limit):
        with transaction.atomic():
            wave = (
                # The survey's row too: one survey's waves are invited one at a time (see audience._INSERT).
                SurveyWave.objects.select_for_update(skip_locked=True, of=("self", "survey"))
                .select_related("survey")
                .filter(published_at__isnull=True, starts_at__lte=now, survey__status=SurveyStatus.PUBLISHED)
                .filter(Q(survey__closes_at__isnull=True) | Q(survey__closes_at__gt=now))
                .order_by("starts_at", "id")
                .first()
            )
            if wave is None:
                break
            audience.invite_wave(wave=wave, now=now)
            survey_id = wave.survey_id
            transaction.on_commit(lambda survey_id=survey_id: _kick_sending(survey_id))
        done.append(wave.pk)
    return done


# The emails ------------------------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _address(invitation: Invitation) -> str:
    resident = invitation.resident
    return ((resident.user.email if resident.user_id else "") or resident.email or "").strip()


def _email(invitation: Invitation, *, key: str, reminder: bool) -> OutboundEmail:
    survey = invitation.survey
    last_day = None
    if survey.closes_at:
        closes = timezone.localtime(survey.closes_at)
        if (closes.hour, closes.minute, closes.second) == (0, 0, 0):
            last_day = (closes - ONE_DAY).date()  # a survey closing at midnight is open all the day before
    return outbox.email(
        template="survey_invitation",
        key=key,
        to=_address(invitation),
        context={
            "resident": invitation.resident,
            "survey": survey,
            "reminder": reminder,
            "last_day": last_day,
            "link": _absolute(reverse("surveys:token_entry", args=[invitation.token])),
            "opt_out_link": _absolute(reverse("surveys:opt_out", args=[invitation.token])),
        },
    )


def _still_wanted(now) -> Q:
    """Invitations whose resident still takes surveys, to an open survey."""
    return (
        Q(opted_out_at__isnull=True, survey__status=SurveyStatus.PUBLISHED, survey__opens_at__lte=now)
        & (Q(survey__closes_at__isnull=True) | Q(survey__closes_at__gt=now))
        & (
            Q(resident__preferences__isnull=True)
            | Q(resident__preferences__survey_opt_out=False, resident__preferences__do_not_contact=False)
        )
    )


def _claim(queryset, batch: int) -> list[Invitation]:
    return list(
        queryset.select_for_update(skip_locked=True, of=("self",))
        .select_related("survey", "resident__user")
        .order_by("id")[:batch]
    )


def _next_wave(survey_id: int | None, now) -> SurveyWave | None:
    """A sent wave of an open survey with invitations not yet walked, locked: one sender per wave at a time
    (another sender takes another wave, or stops)."""
    waves = (
        SurveyWave.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("survey")
        .filter(last_invitation_id__isnull=False, queued_through_id__lt=F("last_invitation_id"))
        .filter(survey__status=SurveyStatus.PUBLISHED, survey__opens_at__lte=now)
        .filter(Q(survey__closes_at__isnull=True) | Q(survey__closes_at__gt=now))
    )
    if survey_id is not None:
        waves = waves.filter(survey_id=survey_id)
    return waves.order_by("id").first()


def _send_batch(*, survey_id: int | None, batch: int, now) -> tuple[int, int]:
    """Walk the next `batch` invitations of a wave and hand the email ones to the outbox, in one transaction
    with moving the wave's place on. A sender killed half-way rolls both back, so the same invitations are
    walked again; the outbox's unique key means none is queued twice. Returns (walked, queued)."""
    with transaction.atomic():
        wave = _next_wave(survey_id, now)
        if wave is None:
            return 0, 0
        walked = list(
            Invitation.objects.filter(wave=wave, id__gt=wave.queued_through_id, id__lte=wave.last_invitation_id)
            .order_by("id")
            .values_list("id", flat=True)[:batch]
        )
        claimed = list(
            Invitation.objects.filter(id__in=walked, channel=InvitationChannel.EMAIL, email__isnull=True)
            .filter(_still_wanted(now))
            .select_related("survey", "resident__user")
            .order_by("id")
        )
        # A resident who has since lost their email address is moved to the phone-or-paper list.
        lost = {invitation.pk for invitation in claimed if not _address(invitation)}
        if lost:
            Invitation.objects.filter(pk__in=lost).update(channel=InvitationChannel.OFFLINE)
        to_send = [invitation for invitation in claimed if invitation.pk not in lost]
        outbox.queue_emails([_email(inv, key=invite_key(inv.pk), reminder=False) for inv in to_send])
        _link_emails([inv.pk for inv in to_send], now)
        wave.queued_through_id = walked[-1] if walked else wave.last_invitation_id
        wave.save(update_fields=["queued_through_id"])
    return len(walked), len(to_send)


def send_invitation_batch(*, survey_id: int | None = None, batch: int = BATCH, now=None) -> int:
    """Hand one batch of email invitations to the outbox. Returns how many were queued (0: nothing left)."""
    now = now or timezone.now()
    while True:
        walked, queued = _send_batch(survey_id=survey_id, batch=batch, now=now)
        if queued or not walked:  # a batch of residents without email queues nothing: walk on
            return queued


def _link_emails(invitation_ids: list[int], now) -> None:
    """Point each invitation at its queued email (one UPDATE ... FROM, matched by the outbox key)."""
    if not invitation_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Invitation._meta.db_table} i SET email_id = o.id, last_contacted_at = %s
            FROM {OutboundEmail._meta.db_table} o
            WHERE i.id = ANY(%s) AND o.key = 'survey-invite:' || i.id
            """,
            [now, invitation_ids],
        )


def send_survey_invitations(*, survey_id: int | None = None, max_batches: int = MAX_BATCHES) -> int:
    """Hand every waiting email invitation (of one survey, or of all) to the outbox, batch by batch."""
    queued = 0
    for _ in range(max_batches):
        sent = send_invitation_batch(survey_id=survey_id)
        if not sent:
            break
        queued += sent
    return queued


def send_due_reminders(*, now=None, batch: int = BATCH, max_batches: int = MAX_BATCHES) -> int:
    """Remind residents who have not answered, reminder_after_days after we last wrote, at most reminder_limit
    times, only while the survey is open and only if their invitation email went out. Returns how many."""
    now = now or timezone.now()
    due_before = ExpressionWrapper(
        Value(now) - F("survey__reminder_after_days") * Value(ONE_DAY), output_field=DateTimeField()
    )
    queued = 0
    for _ in range(max_batches):
        with transaction.atomic():
            due = (
                Invitation.objects.filter(
                    channel=InvitationChannel.EMAIL,
                    responded=False,
                    email__isnull=False,
                    email__sent_at__isnull=False,
                    reminders_sent__lt=F("survey__reminder_limit"),
                    last_contacted_at__lte=due_before,
                )
                .filter(_still_wanted(now))
                .exclude(survey__reminder_after_days=0)
            )
            claimed = [inv for inv in _claim(due, batch) if _address(inv)]
            if not claimed:
                break
            outbox.queue_emails(
                [_email(inv, key=reminder_key(inv.pk, inv.reminders_sent + 1), reminder=True) for inv in claimed]
            )
            Invitation.objects.filter(pk__in=[inv.pk for inv in claimed]).update(
                reminders_sent=F("reminders_sent") + 1, last_contacted_at=now
            )
            queued += len(claimed)
    return queued


# Opting out ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptOut:
    already: bool  # they had opted out before
    cancelled: int  # survey emails to them that had not gone yet, now cancelled


@transaction.atomic
def opt_out_of_surveys(*, invitation: Invitation, now=None) -> OptOut:
    """The resident wants no more surveys: say so in their preferences, mark their open invitations, and
    cancel survey emails to them still waiting in the outbox. Doing it twice changes nothing more."""
    now = now or timezone.now()
    preferences, _ = Preferences.objects.select_for_update().get_or_create(resident_id=invitation.resident_id)
    already = preferences.survey_opt_out
    if not already:
        preferences.survey_opt_out = True
        preferences.save(update_fields=["survey_opt_out", "updated_at"])
    theirs = list(Invitation.objects.filter(resident_id=invitation.resident_id).values_list("id", "reminders_sent"))
    Invitation.objects.filter(resident_id=invitation.resident_id, responded=False, opted_out_at__isnull=True).update(
        opted_out_at=now
    )
    keys = [invite_key(pk) for pk, _ in theirs]
    keys += [reminder_key(pk, n) for pk, sent in theirs for n in range(1, sent + 1)]
    # Deleting an unsent email sets its invitation's link back to empty; the invitation is marked opted out,
    # so the sender never picks it up again. (A relay already sending it at this very moment still may.)
    cancelled, _ = OutboundEmail.objects.filter(key__in=keys, sent_at__isnull=True).delete()
    return OptOut(already=already, cancelled=min(cancelled, len(keys)))


# What staff watch ------------------------------------------------------------------------------------------


def sending_progress(survey: Survey) -> dict:
    """Where every invitation of the survey stands: one aggregate query over invitations and their emails."""
    email = Q(channel=InvitationChannel.EMAIL)
    handed = Q(email__isnull=False)
    unsent = handed & Q(email__sent_at__isnull=True)
    counts = Invitation.objects.filter(survey=survey).aggregate(
        total=Count("id"),
        offline=Count("id", filter=Q(channel=InvitationChannel.OFFLINE)),
        by_email=Count("id", filter=email),
        preparing=Count("id", filter=email & Q(email__isnull=True, opted_out_at__isnull=True)),
        waiting=Count("id", filter=unsent & Q(email__last_error="")),
        failing=Count("id", filter=unsent & ~Q(email__last_error="")),
        sent=Count("id", filter=Q(email__sent_at__isnull=False)),
        answered=Count("id", filter=Q(responded=True)),
        offline_answered=Count("id", filter=Q(responded=True, channel=InvitationChannel.OFFLINE)),
        opted_out=Count("id", filter=Q(opted_out_at__isnull=False)),
        reminders=Sum("reminders_sent", default=0),
    )
    counts["still_to_go"] = counts["preparing"] + counts["waiting"] + counts["failing"]
    return counts
