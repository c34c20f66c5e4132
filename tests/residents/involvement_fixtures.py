"""Involvement factories and fixtures shared by the access table and the involvement tests (loaded as a plugin by
tests/conftest.py)."""

import io
from datetime import timedelta
from decimal import Decimal

import factory
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image

from residents.involvement import services
from residents.involvement.forms import CheckedReceipt
from residents.models import (
    Course,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Outcome,
    TimeCommitment,
    TrainingSession,
)


class OpportunityFactory(DjangoModelFactory):
    """A draft with every field filled in: publish it with services.publish_opportunity, or pass status."""

    class Meta:
        model = Opportunity

    title = factory.Sequence(lambda n: f"Repairs scrutiny volunteer {n}")
    kind = OpportunityKind.PANEL_ROLE
    role_description = "Look at how repairs are done and recommend improvements."
    time_commitment = TimeCommitment.FEW_HOURS_A_MONTH
    time_detail = "2 hours on the first Tuesday evening of each month"
    where = "Millfield Community Centre, or online"
    pathway_to_change = "What you tell us goes to the Repairs Board, who decide by March."
    can_influence = "Which repairs contractor we choose."
    cannot_influence = "The overall budget, which the Board sets."
    support_offered = factory.LazyFunction(lambda: ["expenses", "training"])
    outcomes = factory.LazyFunction(lambda: [Outcome.RESIDENT_EXPERIENCE])
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


def published(**fields) -> Opportunity:
    return services.publish_opportunity(opportunity=OpportunityFactory(**fields))


@pytest.fixture
def draft_opportunity(db):
    return OpportunityFactory(title="A draft role")


@pytest.fixture
def open_opportunity(db):
    return published(title="Repairs scrutiny volunteer")


@pytest.fixture
def closed_opportunity(db):
    return OpportunityFactory(title="A closed role", status=OpportunityStatus.CLOSED)


@pytest.fixture
def own_interest(resident, open_opportunity):
    """The `resident` persona's interest in the open opportunity, waiting for a decision."""
    return services.express_interest(
        resident=resident.resident, opportunity=open_opportunity, availability="Evenings", support_needed=""
    )


@pytest.fixture
def own_hours(resident):
    """Hours the `resident` persona logged, not yet confirmed."""
    return services.log_hours(
        resident=resident.resident, on=timezone.localdate(), hours=Decimal("2"), description="Leafleting"
    )


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = Course
        django_get_or_create = ["title"]

    title = "Safeguarding"
    description = "Spotting signs that someone may be at risk, and what to do."
    valid_for_years = 3


class TrainingSessionFactory(DjangoModelFactory):
    class Meta:
        model = TrainingSession

    course = factory.SubFactory(CourseFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    where = "Millfield Community Centre"
    places = 12


def png_bytes(colour="white") -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(image, "PNG")
    return image.getvalue()


@pytest.fixture
def training_session(db):
    return TrainingSessionFactory()


@pytest.fixture
def own_claim(resident, settings, tmp_path):
    """A travel claim from the `resident` persona, with a receipt (stored under a temporary MEDIA_ROOT)."""
    settings.MEDIA_ROOT = tmp_path
    receipt = CheckedReceipt(content=ContentFile(png_bytes()), content_type="image/png")
    return services.claim_expenses(
        resident=resident.resident,
        kind="travel",
        incurred_on=timezone.localdate(),
        description="Bus to the panel meeting",
        amount=Decimal("4.80"),
        receipt=receipt,
    )
