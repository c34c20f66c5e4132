"""Demo data for scrutiny, Board reports and scoring (run by seed_demo), so those pages have something to show on
a first `make run`: a topic vote, a review at implementation with one recommendation done and one overdue, a
Spotlight Panel report awaiting the Board, and an open contractor scoring round."""

from datetime import timedelta

from django.utils import timezone

from ..models import Panel
from ..scoring import services as scoring
from ..scoring.models import ScoringRound
from .models import (
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
)

DEMO_REVIEW = "Getting damp and mould repairs right first time"


def seed_demo_scrutiny() -> str:
    scrutiny = Panel.objects.filter(slug="scrutiny").first()
    if scrutiny is None:
        return ""
    if Review.objects.filter(panel=scrutiny, title=DEMO_REVIEW).exists():
        return "Demo scrutiny review already present, left as it was."
    now, today = timezone.now(), timezone.localdate()
    TopicBallot.objects.create(panel=scrutiny, votes_per_member=3, closes_at=now + timedelta(days=14))
    Topic.objects.create(
        panel=scrutiny,
        title="How we tell residents about planned works",
        description="Letters arrive late or not at all before work starts.",
        prompted_by="32 complaints about planned works communication this year; TP07 (kept informed) at 58%.",
    )
    topic = Topic.objects.create(
        panel=scrutiny,
        title=DEMO_REVIEW,
        description="Residents report damp repeatedly before it is fixed.",
        prompted_by="Damp and mould reports up 40%; repairs satisfaction (TP03) at 64%.",
        created_at=now - timedelta(days=200),
    )
    review = Review.objects.create(
        panel=scrutiny,
        topic=topic,
        title=DEMO_REVIEW,
        scope="From the first report of damp to the follow-up visit: triage, first visit, repair and checking back.",
        stage=ReviewStage.IMPLEMENTATION,
        reported_on=today - timedelta(days=60),
        created_at=now - timedelta(days=180),
    )
    for days, (was, to) in zip(
        [180, 150, 90, 60, 30],
        [
            ("", "scoping"),
            ("scoping", "evidence"),
            ("evidence", "reporting"),
            ("reporting", "response"),
            ("response", "implementation"),
        ],
        strict=True,
    ):
        StageChange.objects.create(review=review, from_stage=was, to_stage=to, moved_at=now - timedelta(days=days))
    Evidence.objects.create(
        review=review,
        kind=EvidenceKind.PERFORMANCE,
        title="Damp repairs, last 12 months",
        notes="412 reports; 61% fixed at the first visit; average 23 working days to the first visit.",
    )
    Evidence.objects.create(
        review=review,
        kind=EvidenceKind.MYSTERY_SHOPPING,
        title="Reporting damp by phone",
        notes="Five calls: two were offered a visit date, three were told someone would call back.",
    )
    Finding.objects.create(review=review, text="Residents are rarely told when the first visit will be.")
    done = Recommendation.objects.create(
        review=review,
        text="Give every resident who reports damp a visit date on the call.",
        response=ManagementResponse.ACCEPTED,
        response_reasons="Agreed: the repairs system can now book surveys directly.",
        responded_at=now - timedelta(days=40),
        due_on=today - timedelta(days=10),
        completed_at=now - timedelta(days=12),
    )
    ProgressUpdate.objects.create(
        recommendation=done, text="Call handlers now book the survey visit on the call.", marks_done=True
    )
    Recommendation.objects.create(
        review=review,
        text="Check back with every resident six weeks after a damp repair.",
        response=ManagementResponse.PARTLY,
        response_reasons="We will check back by text message rather than by a visit.",
        responded_at=now - timedelta(days=40),
        due_on=today - timedelta(days=5),
    )
    spotlight = Panel.objects.filter(slug="spotlight").first()
    if spotlight is not None:
        BoardReport.objects.create(
            panel=spotlight,
            title="What residents told us about anti-social behaviour",
            summary="We spoke to 60 residents. Many reported anti-social behaviour and heard nothing back.",
            asks="Set a standard of replying to every report within five working days.",
        )
    if not ScoringRound.objects.filter(panel=scrutiny).exists():
        scoring_round = scoring.create_round(
            panel=scrutiny,
            title="Choosing the grounds maintenance contractor",
            purpose="A three-year contract for grass cutting, hedges and litter picking.",
            max_score=5,
            actor=None,
        )
        for name, weight in [("Price", 40), ("Quality of work", 40), ("Social value", 20)]:
            scoring.add_criterion(scoring_round=scoring_round, name=name, description="", weight=weight)
        for name in ["GreenCo Ltd", "Parkside Services", "Urban Grounds"]:
            scoring.add_option(scoring_round=scoring_round, name=name, description="")
        scoring.open_round(scoring_round=scoring_round)
    return f'Demo scrutiny: review "{DEMO_REVIEW}", a Board report and a scoring round created.'
