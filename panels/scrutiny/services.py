"""Writes of scrutiny reviews and Board reports. Each runs in one transaction and says in a ValidationError why
it cannot go ahead, in words that can stand on the page."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from residents.models import FeedbackCategory, Resident, YouSaidWeDid
from residents.outbox import services as outbox
from residents.updates import services as updates

from ..models import Membership, Panel
from .models import (
    STAGE_ORDER,
    BoardReport,
    Evidence,
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
    reporting_year,
)

# Topics and voting -------------------------------------------------------------------------------------------


def current_ballot(panel: Panel) -> TopicBallot | None:
    """The panel's latest topic vote, open or closed."""
    return TopicBallot.objects.filter(panel=panel).order_by("-created_at", "-id").first()


@transaction.atomic
def open_ballot(*, panel: Panel, votes_per_member: int, closes_at: datetime.datetime, actor) -> TopicBallot:
    ballot = current_ballot(panel)
    if ballot and ballot.is_open():
        raise ValidationError("Voting is already open. Close it before starting a new vote.")
    if closes_at <= timezone.now():
        raise ValidationError({"closes_on": "Choose a closing date in the future."})
    return TopicBallot.objects.create(
        panel=panel, votes_per_member=votes_per_member, closes_at=closes_at, created_by=actor
    )


@transaction.atomic
def close_ballot(*, ballot: TopicBallot) -> TopicBallot:
    if TopicBallot.objects.filter(pk=ballot.pk, closed_early_at__isnull=True, closes_at__gt=timezone.now()).update(
        closed_early_at=timezone.now()
    ):
        ballot.refresh_from_db()
    return ballot


@transaction.atomic
def propose_topic(*, panel: Panel, title: str, description: str, prompted_by: str, actor) -> Topic:
    return Topic.objects.create(
        panel=panel, title=title, description=description, prompted_by=prompted_by, proposed_by=actor
    )


@transaction.atomic
def cast_vote(*, topic: Topic, user, vote: bool) -> None:
    """Give (vote=True) or take back a member's vote for a topic in the open vote. A member has the ballot's
    number of votes, one per topic; their membership row is locked while counting, so two quick clicks cannot
    spend one vote twice."""
    member = (
        Membership.objects.current()
        .select_for_update()
        .select_related("resident")
        .filter(panel_id=topic.panel_id, resident__user=user)
        .first()
    )
    if member is None:
        raise ValidationError("Only the panel's current members vote.")
    ballot = current_ballot(topic.panel)
    if ballot is None or not ballot.is_open():
        raise ValidationError("Voting is closed, so votes can no longer change.")
    if Review.objects.filter(topic=topic).exists():
        raise ValidationError("This topic has already been chosen for a review.")
    mine = TopicVote.objects.filter(ballot=ballot, resident=member.resident)
    if not vote:
        mine.filter(topic=topic).delete()
        return
    if mine.filter(topic=topic).exists():
        return
    if mine.count() >= ballot.votes_per_member:
        raise ValidationError(
            f"You have used all {ballot.votes_per_member} of your votes. Take one back to vote for this topic."
        )
    TopicVote.objects.create(ballot=ballot, topic=topic, resident=member.resident)


# Reviews -------------------------------------------------------------------------------------------------------


@transaction.atomic
def start_review(*, panel: Panel, title: str, actor, topic: Topic | None = None, scope: str = "") -> Review:
    if topic is not None and Review.objects.filter(topic=topic).exists():
        raise ValidationError("A review of this topic has already started.")
    review = Review.objects.create(panel=panel, topic=topic, title=title, scope=scope, created_by=actor)
    StageChange.objects.create(review=review, from_stage="", to_stage=ReviewStage.SCOPING, moved_by=actor)
    return review


def stage_problems(review: Review, to_stage: str) -> list[str]:
    """Why the review cannot move to this stage now (empty: it can)."""
    here, there = STAGE_ORDER.index(review.stage), STAGE_ORDER.index(to_stage)
    if abs(here - there) != 1:
        return ["A review moves one stage at a time."]
    if there < here:
        return []
    problems = []
    if to_stage == ReviewStage.EVIDENCE and not review.scope.strip():
        problems.append("Write the review's scope first.")
    if to_stage == ReviewStage.RESPONSE:
        if not review.findings.exists():
            problems.append("Record at least one finding before the report goes to management.")
        if not review.recommendations.exists():
            problems.append("Make at least one recommendation before the report goes to management.")
    if (
        to_stage == ReviewStage.IMPLEMENTATION
        and review.recommendations.filter(response=ManagementResponse.AWAITING).exists()
    ):
        problems.append("Management must answer every recommendation first.")
    if to_stage == ReviewStage.CLOSED and review.recommendations.in_progress().exists():
        problems.append("Every accepted recommendation must be done before the review closes.")
    return problems


@transaction.atomic
def move_review(*, review: Review, to_stage: str, actor) -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    problems = stage_problems(review, to_stage)
    if problems:
        raise ValidationError(problems)
    StageChange.objects.create(review=review, from_stage=review.stage, to_stage=to_stage, moved_by=actor)
    review.stage = to_stage
    fields = ["stage"]
    if to_stage == ReviewStage.RESPONSE and review.reported_on is None:
        review.reported_on = timezone.localdate()
        fields.append("reported_on")
    review.save(update_fields=fields)
    return review


@transaction.atomic
def update_scope(*, review: Review, title: str, scope: str) -> Review:
    review.title, review.scope = title, scope
    review.save(update_fields=["title", "scope"])
    return review


@transaction.atomic
def add_evidence(*, review: Review, kind: str, title: str, notes: str, document, actor) -> Evidence:
    """document: (CheckedDocument, bytes) from the form, or None."""
    evidence = Evidence(review=review, kind=kind, title=title, notes=notes, added_by=actor)
    if document is not None:
        checked, data = document
        evidence.document_content_type = checked.content_type
        evidence.document.save("evidence", ContentFile(data), save=False)
    evidence.save()
    return evidence


@transaction.atomic
def add_finding(*, review: Review, text: str, actor) -> Finding:
    return Finding.objects.create(review=review, text=text, added_by=actor)


@transaction.atomic
def add_recommendation(*, review: Review, text: str) -> Recommendation:
    if review.stage not in (ReviewStage.EVIDENCE, ReviewStage.REPORTING):
        raise ValidationError("Recommendations are made while gathering evidence and reporting.")
    return Recommendation.objects.create(review=review, text=text)


@transaction.atomic
def respond_to_recommendation(
    *, recommendation: Recommendation, response: str, reasons: str, owner, due_on, actor
) -> Recommendation:
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if rec.completed_at is not None:
        raise ValidationError("This recommendation is done; its response can no longer change.")
    rec.response, rec.response_reasons = response, reasons
    accepted = response in (ManagementResponse.ACCEPTED, ManagementResponse.PARTLY)
    rec.owner, rec.due_on = (owner, due_on) if accepted else (None, None)
    rec.responded_by, rec.responded_at = actor, timezone.now()
    rec.save(update_fields=["response", "response_reasons", "owner", "due_on", "responded_by", "responded_at"])
    return rec


@transaction.atomic
def add_progress(*, recommendation: Recommendation, text: str, done: bool, actor) -> ProgressUpdate:
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if not rec.is_accepted or rec.completed_at is not None:
        raise ValidationError("Progress is recorded on an accepted recommendation until it is done.")
    update = ProgressUpdate.objects.create(recommendation=rec, text=text, marks_done=done, added_by=actor)
    if done:
        rec.completed_at = update.added_at
        rec.save(update_fields=["completed_at"])
    return update


@transaction.atomic
def draft_you_said_we_did(*, recommendation: Recommendation, actor) -> YouSaidWeDid:
    """Start a "You said, we did" entry citing a done recommendation: what the panel recommended, and what was
    done (its last progress update). Staff check it, choose who it is for and schedule it."""
    if recommendation.completed_at is None:
        raise ValidationError("Only a done recommendation can be told as \u201cYou said, we did\u201d.")
    last = recommendation.updates.order_by("-added_at", "-id").first()
    review = recommendation.review
    entry = YouSaidWeDid.objects.create(
        title=f"{review.panel.name}: {review.title}"[:150],
        you_said=f"The {review.panel.name} reviewed \u201c{review.title}\u201d and recommended: {recommendation.text}"[
            :3000
        ],
        we_did=(last.text if last else "")[:3000],
        topic=FeedbackCategory.OTHER,
        created_by=actor,
    )
    updates.set_sources(entry=entry, objects=[recommendation])
    return entry


def recommendation_voices(ids: list[int]):
    """Whose voices a recommendation carries: the current members of the panel that made it."""
    return (
        Membership.objects.current()
        .filter(panel__reviews__recommendations__in=ids)
        .values_list("resident_id", flat=True)
        .distinct()
    )


def completed_this_year(panel: Panel, today=None) -> int:
    start, end = reporting_year(today or timezone.localdate())
    return Review.objects.filter(panel=panel).reported_between(start, end).count()


# Reports to the Board ------------------------------------------------------------------------------------------


@transaction.atomic
def submit_board_report(*, panel: Panel, title: str, summary: str, asks: str, actor) -> BoardReport:
    return BoardReport.objects.create(panel=panel, title=title, summary=summary, asks=asks, submitted_by=actor)


@transaction.atomic
def answer_board_report(*, report: BoardReport, response: str, decisions: str, decided_on, actor) -> BoardReport:
    """Record the Board's response and decisions, and email every current member of the panel (through the
    outbox, in this transaction: once per member per report, however often this is retried)."""
    report = BoardReport.objects.select_for_update().select_related("panel").get(pk=report.pk)
    if report.responded_at is not None:
        raise ValidationError("The Board has already responded to this report.")
    report.response, report.decisions, report.decided_on = response, decisions, decided_on
    report.responded_by, report.responded_at = actor, timezone.now()
    report.save(update_fields=["response", "decisions", "decided_on", "responded_by", "responded_at"])
    link = f"{settings.SITE_URL}{reverse('panels:board_report_detail', args=[report.pk])}"
    members = (
        Resident.objects.filter(pk__in=Membership.objects.current().filter(panel=report.panel).values("resident_id"))
        .exclude(preferences__do_not_contact=True)
        .select_related("user")
        .only("id", "first_name", "email", "user__email")
    )
    outbox.queue_emails(
        [
            outbox.email(
                template="board_report_answered",
                key=f"board-report-answered:{report.pk}:{resident.pk}",
                to=(resident.user.email if resident.user_id else "") or resident.email,
                context={"resident": resident, "report": report, "link": link},
            )
            for resident in members
        ]
    )
    return report
