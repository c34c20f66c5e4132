"""Scrutiny and Board report fixtures shared by the access table and the scrutiny tests (loaded as a plugin by
tests/conftest.py). The review belongs to the Resident Scrutiny Panel, on which the `panel_member` persona sits."""

from datetime import timedelta

import pytest
from django.utils import timezone

from panels.models import (
    BoardReport,
    Evidence,
    EvidenceKind,
    Finding,
    Recommendation,
    Review,
    ReviewStage,
    Topic,
    TopicBallot,
)

from .factories import PanelFactory, ScrutinyPanelFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_review(panel, *, stage=ReviewStage.EVIDENCE, title="How repairs are booked", **fields) -> Review:
    return Review.objects.create(
        panel=panel, title=title, stage=stage, scope="Booking, first-time fixes, and how residents are told.", **fields
    )


@pytest.fixture
def scrutiny_panel(db):
    return ScrutinyPanelFactory()


@pytest.fixture
def scrutiny_review(scrutiny_panel, settings, tmp_path):
    """A review at evidence gathering, with a PDF in its evidence log, a finding and a recommendation."""
    settings.MEDIA_ROOT = tmp_path
    review = make_review(scrutiny_panel)
    evidence = Evidence(
        review=review, kind=EvidenceKind.DOCUMENT, title="Repairs policy", document_content_type="application/pdf"
    )
    from django.core.files.base import ContentFile

    evidence.document.save("policy", ContentFile(PDF), save=True)
    Finding.objects.create(review=review, text="Half of residents could not book a time that suited them.")
    Recommendation.objects.create(review=review, text="Offer morning, afternoon and evening appointments.")
    return review


@pytest.fixture
def scrutiny_evidence(scrutiny_review):
    return scrutiny_review.evidence.get()


@pytest.fixture
def scrutiny_recommendation(scrutiny_review):
    return scrutiny_review.recommendations.get()


@pytest.fixture
def other_panel_review(db):
    """A review of a panel the `panel_member` persona does not sit on."""
    return make_review(PanelFactory(), title="Planned works letters")


@pytest.fixture
def scrutiny_topic(scrutiny_panel):
    """A topic proposed while the panel's vote is open."""
    TopicBallot.objects.create(panel=scrutiny_panel, votes_per_member=2, closes_at=timezone.now() + timedelta(days=7))
    return Topic.objects.create(
        panel=scrutiny_panel,
        title="Damp and mould repairs",
        description="Residents wait too long for damp to be fixed.",
        prompted_by="Complaints about damp doubled this year; TP04 satisfaction with repairs fell to 61%.",
    )


@pytest.fixture
def board_report(scrutiny_panel):
    return BoardReport.objects.create(
        panel=scrutiny_panel,
        title="What residents told us about repairs",
        summary="The panel met 40 residents about repairs.",
        asks="Fund evening appointments.",
    )


# Option scoring --------------------------------------------------------------------------------------------------


def make_scoring_round(panel, *, status="open"):
    """A round choosing between two contractors on price (60%) and quality (40%), scored 0 to 5."""
    from panels.models import Criterion, Option, ScoringRound

    scoring_round = ScoringRound.objects.create(
        panel=panel,
        title="Choosing the grounds maintenance contractor",
        purpose="Three-year contract for the Millfield estates.",
        status=status,
        opened_at=timezone.now() if status != "draft" else None,
    )
    Criterion.objects.create(round=scoring_round, name="Price", weight=60)
    Criterion.objects.create(round=scoring_round, name="Quality", weight=40)
    Option.objects.create(round=scoring_round, name="GreenCo", description="Local firm")
    Option.objects.create(round=scoring_round, name="Parks Ltd", description="National firm")
    return scoring_round


@pytest.fixture
def scoring_round(scrutiny_panel):
    return make_scoring_round(scrutiny_panel)


@pytest.fixture
def scoring_option(scoring_round):
    return scoring_round.options.get(name="GreenCo")
