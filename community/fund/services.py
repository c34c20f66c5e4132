"""Writes of the Community Fund: applications (drafts, submitting), the round's scoring through panels.scoring, and
decisions. The rule that awards never pass the round's budget is held twice: decide() locks the round row and
re-checks the running total, and the database refuses a total above the budget (constraint
fund_awards_within_budget), whatever code writes it."""

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from panels.models import Panel
from panels.scoring import services as scoring
from panels.scoring.models import Criterion, Score
from residents.models import FeedbackCategory, Resident, YouSaidWeDid
from residents.outbox.services import queue_email
from residents.updates.services import set_sources

from .models import DECIDED, ApplicantType, Application, ApplicationStatus, FundCriterion, FundRound


def _address(resident: Resident) -> str:
    """The applicant's portal account's address (they applied through it), else the register's."""
    return (resident.user.email if resident.user_id else "") or resident.email


def _link(application: Application) -> str:
    return f"{settings.SITE_URL}{reverse('community:fund_application', args=[application.pk])}"


def parse_budget(text: str) -> list[tuple[str, Decimal]]:
    """'Room hire: 120' a line -> [(item, cost)]. Raises ValidationError naming the line that cannot be read."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        item, sep, cost = raw.rpartition(":")
        try:
            value = Decimal(cost.strip().lstrip("£").replace(",", ""))
        except InvalidOperation:
            value = None
        if not sep or not item.strip() or value is None or value <= 0 or value != value.quantize(Decimal("0.01")):
            raise ValidationError(f"Line {number} (“{raw.strip()[:60]}”) needs an item, a colon and a cost in pounds.")
        lines.append((item.strip(), value))
    return lines


def allowed_applicant_types(fund_round: FundRound) -> list[str]:
    allowed = {
        ApplicantType.RESIDENT: fund_round.residents_may_apply,
        ApplicantType.GROUP: fund_round.groups_may_apply,
        ApplicantType.PARTNER: fund_round.partners_may_apply,
    }
    return [kind for kind, yes in allowed.items() if yes]


def submission_problems(application: Application, neighbourhood_ids: set[int], now=None) -> dict[str, str]:
    """Why the application cannot be submitted, by field ({} when it can)."""
    fund_round = application.round
    problems = {}
    if not fund_round.is_open(now):
        problems["__all__"] = (
            f"This round closed on {timezone.localtime(fund_round.closes_at):%-d %B %Y at %H:%M}; "
            "applications can no longer be sent."
            if (now or timezone.now()) >= fund_round.closes_at
            else "This round is not open for applications yet."
        )
    if application.applicant_type not in allowed_applicant_types(fund_round):
        problems["applicant_type"] = "This round does not fund applications from this kind of applicant."
    if application.applicant_type in (ApplicantType.GROUP, ApplicantType.PARTNER) and not application.group_name:
        problems["group_name"] = "Give the name of the group or organisation."
    round_areas = set(fund_round.neighbourhoods.values_list("pk", flat=True))
    if not neighbourhood_ids:
        problems["neighbourhoods"] = "Choose the neighbourhoods whose residents the project will help."
    elif not neighbourhood_ids & round_areas:
        problems["neighbourhoods"] = "The project must benefit residents of the neighbourhoods this round funds."
    if not application.beneficiary_count:
        problems["beneficiary_count"] = "Say about how many people will benefit."
    if not application.outcomes.strip():
        problems["outcomes"] = "Say what difference the project will make."
    if fund_round.asks_safeguarding and not application.safeguarding.strip():
        problems["safeguarding"] = "This round asks how you will keep people safe."
    if fund_round.asks_insurance and not application.insurance.strip():
        problems["insurance"] = "This round asks about public liability insurance (say if you do not have it)."
    amount = application.amount
    if not amount or amount <= 0:
        problems["amount"] = "Give the amount you are asking for."
    elif amount > fund_round.max_award:
        problems["amount"] = f"The most this round awards is £{fund_round.max_award:,.2f}; ask for that or less."
    try:
        lines = parse_budget(application.budget_breakdown)
    except ValidationError as error:
        problems["budget_breakdown"] = error.messages[0]
    else:
        total = sum((cost for _, cost in lines), Decimal("0"))
        if not lines:
            problems["budget_breakdown"] = "Give a breakdown of the budget, one item a line."
        elif amount and total != amount:
            problems["budget_breakdown"] = (
                f"The lines add up to £{total:,.2f} but you are asking for £{amount:,.2f}: they must match."
            )
    return problems


@transaction.atomic
def save(*, application: Application, neighbourhoods, submit: bool, now=None) -> Application:
    """Save a draft, and submit it when asked. A refused submission saves nothing and raises the problems by field
    (the form shows them next to what was typed)."""
    now = now or timezone.now()
    if application.pk:
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status != ApplicationStatus.DRAFT:
            raise ValidationError("This application has been sent and can no longer be changed.")
    neighbourhood_ids = {n.pk for n in neighbourhoods}
    if submit:
        problems = submission_problems(application, neighbourhood_ids, now)
        if problems:
            raise ValidationError(problems)
        application.status, application.submitted_at = ApplicationStatus.SUBMITTED, now
    application.save()
    application.neighbourhoods.set(neighbourhood_ids)
    if submit:
        queue_email(
            template="fund_application_received",
            key=f"fund-received-{application.pk}",
            to=_address(application.resident),
            context={"application": application, "round": application.round, "link": _link(application)},
        )
    return application


def new_application(fund_round: FundRound, resident: Resident) -> Application:
    kinds = allowed_applicant_types(fund_round)
    return Application(round=fund_round, resident=resident, applicant_type=kinds[0] if kinds else "")


# What a round's editing may change (RoundEditForm's fields), and what is fixed once it has opened: applicants
# have applied on those terms.
EDITABLE = [
    "title",
    "description",
    "priorities",
    "budget",
    "max_award",
    "opens_at",
    "closes_at",
    "residents_may_apply",
    "groups_may_apply",
    "partners_may_apply",
    "asks_safeguarding",
    "asks_insurance",
    "report_after_days",
]
FIXED_ONCE_OPEN = [
    "opens_at",
    "max_award",
    "residents_may_apply",
    "groups_may_apply",
    "partners_may_apply",
    "asks_safeguarding",
    "asks_insurance",
    "report_after_days",
]
BELOW_AWARDED = "£{awarded:,.2f} has already been awarded from this round: the budget cannot be less."
BELOW_MAX_AWARD = "The budget cannot be less than the largest award (£{max_award:,.2f})."
FIXED_MESSAGE = "This cannot change once the round has opened: applicants have applied on these terms."


def _comparable(value):
    """Datetimes to the second: a form's date and time field gives them without microseconds."""
    return value.replace(microsecond=0) if isinstance(value, datetime) else value


def edit_state(fund_round: FundRound, now=None) -> dict:
    """What may still change: whether the round has opened, whether scoring is set up and has any score."""
    now = now or timezone.now()
    return {
        "opened": fund_round.opens_at <= now,
        "closes_at": timezone.localtime(fund_round.closes_at),
        "scoring_set_up": bool(fund_round.scoring_round_id),
        "scored": bool(fund_round.scoring_round_id)
        and Score.objects.filter(option__round_id=fund_round.scoring_round_id).exists(),
        "criteria": list(fund_round.criteria.all()),
    }


@transaction.atomic
def update_round(*, fund_round: FundRound, neighbourhoods, criteria: list[tuple[str, int]] | None, now=None):
    """Save a round's changes (fund_round carries the new values). The rules, checked against the round as saved,
    locked so that an award cannot pass between the check and the save:
    - before it opens, anything may change;
    - once open: the text, the deadline only later, and nothing applicants applied on (FIXED_ONCE_OPEN, the areas);
    - the budget never below what has been awarded (the database's fund_awards_within_budget holds it too);
    - the criteria until scoring is set up; then only their weights (copied to the panel's scoring), until the first
      score, after which they are fixed.
    Raises ValidationError by field."""
    now = now or timezone.now()
    saved = FundRound.objects.select_for_update().get(pk=fund_round.pk)
    state = edit_state(saved, now)
    problems = {}
    if state["opened"]:
        for name in FIXED_ONCE_OPEN:
            if _comparable(getattr(fund_round, name)) != _comparable(getattr(saved, name)):
                problems[name] = FIXED_MESSAGE
        if {n.pk for n in neighbourhoods} != set(saved.neighbourhoods.values_list("pk", flat=True)):
            problems["neighbourhoods"] = FIXED_MESSAGE
        # To the minute: the form gives the deadline in minutes, so the saved one sent back unchanged is no earlier.
        if fund_round.closes_at < saved.closes_at.replace(second=0, microsecond=0):
            problems["closes_at"] = (
                "The round is open: the deadline can be moved later, not earlier "
                f"(it is {timezone.localtime(saved.closes_at):%-d %B %Y at %H:%M})."
            )
    if fund_round.budget < saved.awarded_total:
        problems["budget"] = BELOW_AWARDED.format(awarded=saved.awarded_total)
    elif fund_round.budget < fund_round.max_award:
        problems["budget"] = BELOW_MAX_AWARD.format(max_award=fund_round.max_award)
    current = [(c.name, c.weight) for c in state["criteria"]]
    if criteria is not None and criteria != current:
        if state["scored"]:
            problems["criteria_text"] = "The panel has started scoring: the criteria and their weights are fixed."
        elif state["scoring_set_up"] and sorted(n for n, _ in criteria) != sorted(n for n, _ in current):
            problems["criteria_text"] = "Scoring is set up with these criteria: change only their weights."
    if problems:
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            fund_round.save(update_fields=EDITABLE)
    except IntegrityError:
        raise ValidationError({"budget": "The budget cannot be less than what has already been awarded."}) from None
    fund_round.neighbourhoods.set(neighbourhoods)
    if criteria is not None and criteria != current:
        if state["scoring_set_up"]:
            # Nobody has scored yet, so the panel's scoring takes the new weights (panels.scoring's criteria are
            # the round's, copied when scoring was set up).
            for name, weight in criteria:
                FundCriterion.objects.filter(round=saved, name=name).update(weight=weight)
                Criterion.objects.filter(round_id=saved.scoring_round_id, name=name).update(weight=weight)
        else:
            saved.criteria.all().delete()
            FundCriterion.objects.bulk_create(FundCriterion(round=saved, name=n, weight=w) for n, w in criteria)
    return fund_round


@transaction.atomic
def create_scoring(*, fund_round: FundRound, panel: Panel, actor):
    """The round's scoring in panels.scoring: the fund's criteria and one option per submitted application."""
    fund_round = FundRound.objects.select_for_update().get(pk=fund_round.pk)
    if fund_round.scoring_round_id:
        raise ValidationError("This round's scoring has already been set up.")
    if fund_round.is_open():
        raise ValidationError("Set up scoring once the round has closed to applications.")
    criteria = list(fund_round.criteria.all())
    if sum(c.weight for c in criteria) != 100:
        raise ValidationError("The round's criteria must have weights adding up to 100% before scoring.")
    scoring_round = scoring.create_round(
        panel=panel,
        title=f"Community Fund: {fund_round.title}"[:150],
        purpose=f"Scoring the applications to the Community Fund round “{fund_round.title}”.\n\n"
        f"{fund_round.priorities}",
        max_score=5,
        actor=actor,
    )
    for criterion in criteria:
        scoring.add_criterion(
            scoring_round=scoring_round, name=criterion.name, description=criterion.description, weight=criterion.weight
        )
    for application in fund_round.applications.filter(status=ApplicationStatus.SUBMITTED).order_by("pk"):
        scoring.add_option(
            scoring_round=scoring_round,
            name=f"{application.pk}: {application.title}"[:150],
            description=application.description[:3000],
            subject=application,
        )
    fund_round.scoring_round = scoring_round
    fund_round.save(update_fields=["scoring_round"])
    return scoring_round


@transaction.atomic
def decide(*, application: Application, award: Decimal | None, reasons: str, actor, now=None) -> Application:
    """Award all or part of what was asked (award > 0), or decline (award None), with reasons the applicant sees.
    The round row is locked, so two awards made at once are added up one after the other."""
    fund_round = FundRound.objects.select_for_update().get(pk=application.round_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError("Only a submitted application that has not been decided can be decided.")
    if not reasons.strip():
        raise ValidationError({"reasons": "Give the reasons; the applicant sees them."})
    if award is not None:
        if award <= 0 or award > application.amount:
            raise ValidationError({"award": f"Award between £0.01 and the £{application.amount:,.2f} asked for."})
        if award > fund_round.budget_left:
            raise ValidationError(
                {"award": f"Only £{fund_round.budget_left:,.2f} of the round's budget is left; award that or less."}
            )
        try:
            with transaction.atomic():
                FundRound.objects.filter(pk=fund_round.pk).update(awarded_total=F("awarded_total") + award)
        except IntegrityError:
            raise ValidationError({"award": "That would take the round over its budget."}) from None
        in_full = award == application.amount
        application.status = ApplicationStatus.AWARDED if in_full else ApplicationStatus.PART_AWARDED
    else:
        application.status = ApplicationStatus.DECLINED
    application.awarded_amount = award
    if award is not None:
        application.report_due_at = (now or timezone.now()) + timedelta(days=fund_round.report_after_days)
    application.decision_reasons = reasons.strip()
    application.decided_at, application.decided_by = now or timezone.now(), actor
    application.save(
        update_fields=["status", "awarded_amount", "decision_reasons", "decided_at", "decided_by", "report_due_at"]
    )
    queue_email(
        template="fund_decision",
        key=f"fund-decision-{application.pk}",
        to=_address(application.resident),
        context={"application": application, "round": fund_round, "link": _link(application)},
    )
    return application


@transaction.atomic
def complete(*, application: Application, summary: str, actor, now=None) -> YouSaidWeDid:
    """A funded project is finished: record what it did and start a "You said, we did" draft citing it, for staff
    to finish and publish through the usual updates pages."""
    application = Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    if application.status not in (ApplicationStatus.AWARDED, ApplicationStatus.PART_AWARDED):
        raise ValidationError("Only a funded project can be marked complete.")
    if application.completed_at:
        raise ValidationError("This project has already been marked complete.")
    if not summary.strip():
        raise ValidationError({"summary": "Say what the project did."})
    entry = YouSaidWeDid.objects.create(
        title=f"Community Fund: {application.title}"[:150],
        you_said=f"Residents asked the Community Fund for help with “{application.title}”: {application.description}"[
            :3000
        ],
        we_did=f"We awarded £{application.awarded_amount:,.2f}. {summary.strip()}"[:3000],
        topic=FeedbackCategory.OTHER,
        created_by=actor,
    )
    entry.neighbourhoods.set(application.neighbourhoods.all())
    set_sources(entry=entry, objects=[application])
    application.completed_at, application.completion_summary = now or timezone.now(), summary.strip()
    application.update = entry
    application.save(update_fields=["completed_at", "completion_summary", "update"])
    return entry


@transaction.atomic
def submit_report(*, application: Application, what_done: str, people_reached: int, spend: str, now=None):
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.report_due_at is None or application.report_submitted_at:
        raise ValidationError("This project has no monitoring report to send.")
    application.report_what_done, application.report_people_reached = what_done.strip(), people_reached
    application.report_spend, application.report_submitted_at = spend.strip(), now or timezone.now()
    application.save(update_fields=["report_what_done", "report_people_reached", "report_spend", "report_submitted_at"])
    return application


def send_report_reminders(*, now=None) -> int:
    """Each funded project's report reminder once, when the report falls due: claimed by a conditional UPDATE of
    report_reminded_at in the same transaction as the email is queued, so a second run finds nothing."""
    now = now or timezone.now()
    sent = 0
    for pk in Application.objects.reminders_due(now).values_list("pk", flat=True):
        with transaction.atomic():
            if not Application.objects.reminders_due(now).filter(pk=pk).update(report_reminded_at=now):
                continue
            application = Application.objects.select_related("resident__user", "round").get(pk=pk)
            sent += queue_email(
                template="fund_report_due",
                key=f"fund-report-due-{application.pk}",
                to=_address(application.resident),
                context={
                    "application": application,
                    "round": application.round,
                    "link": f"{settings.SITE_URL}{reverse('community:fund_report', args=[application.pk])}",
                },
            )
    return sent


__all__ = ["DECIDED", "create_scoring", "decide", "new_application", "parse_budget", "save", "submission_problems"]
