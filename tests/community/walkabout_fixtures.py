"""Walkabout fixtures shared by the access table and the walkabout tests (loaded as a plugin by tests/conftest.py)."""

import io
import uuid
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from community.walkabouts import services
from community.walkabouts.models import Priority
from residents.feedback.photos import CheckedPhoto

from .factories import plan


def png_photo() -> CheckedPhoto:
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "orange").save(image, "PNG")
    data = image.getvalue()
    return CheckedPhoto(content=ContentFile(data), content_type="image/png", size=len(data))


def issue_spec(raised_by, **fields) -> services.IssueSpec:
    values = {
        "key": uuid.uuid4(),
        "raised_by": raised_by,
        "category": "grounds",
        "text": "Fly-tipped mattress by the bins.",
        "location": "Bin store behind Alder House",
        "latitude": None,
        "longitude": None,
        "priority": Priority.NORMAL,
        "due_on": timezone.localdate() + timedelta(days=14),
        "assignee": None,
        "photos": [],
    }
    return services.IssueSpec(**(values | fields))


@pytest.fixture
def upcoming_walkabout(neighbourhood, staff):
    """A walk in the `resident` persona's neighbourhood (Millfield), a week from now."""
    return plan(neighbourhood, lead=staff)


@pytest.fixture
def past_walkabout(resident, staff):
    """A walk that took place yesterday in Millfield, which the `resident` persona came on."""
    walkabout = plan(resident.resident.home.block.neighbourhood, lead=staff, starts_in=timedelta(days=2))
    services.sign_up(walkabout=walkabout, user=resident, resident=resident.resident, added_by=resident)
    walkabout.starts_at = timezone.now() - timedelta(days=1)
    walkabout.ends_at = walkabout.starts_at + timedelta(hours=2)
    walkabout.save(update_fields=["starts_at", "ends_at"])
    return walkabout


@pytest.fixture
def walkabout_issue(past_walkabout, resident, staff):
    return services.log_issue(walkabout=past_walkabout, spec=issue_spec(resident.resident), logged_by=staff).issue


@pytest.fixture
def reported_walkabout(walkabout_issue, staff):
    """The past walk with one issue and its report published."""
    return services.publish_report(
        walkabout=walkabout_issue.walkabout, summary="We are clearing the bin store this week.", actor=staff
    )


@pytest.fixture
def upcoming_sign_up(upcoming_walkabout, resident):
    """The `resident` persona's place on the upcoming walk."""
    return services.sign_up(
        walkabout=upcoming_walkabout, user=resident, resident=resident.resident, added_by=resident
    ).sign_up


def make_champion(user, *, status="approved"):
    from community.champions.models import BlockChampion

    resident = user.resident
    return BlockChampion.objects.create(resident=resident, block=resident.home.block, status=status)


@pytest.fixture
def champion_walkabout(resident, staff):
    """A walk in Millfield that started an hour ago, which the `resident` persona is on as an approved Block
    Champion of their block."""
    walkabout = plan(resident.resident.home.block.neighbourhood, lead=staff, starts_in=timedelta(hours=2))
    services.sign_up(walkabout=walkabout, user=resident, resident=resident.resident, added_by=resident)
    walkabout.starts_at = timezone.now() - timedelta(minutes=5)
    walkabout.ends_at = walkabout.starts_at + timedelta(hours=2)
    walkabout.save(update_fields=["starts_at", "ends_at"])
    make_champion(resident)
    return walkabout


@pytest.fixture
def champion_issue(champion_walkabout, resident):
    return services.log_issue(
        walkabout=champion_walkabout, spec=issue_spec(resident.resident), logged_by=resident
    ).issue


@pytest.fixture
def block_champion(resident):
    """The `resident` persona as the approved Block Champion of their block (Alder House)."""
    return make_champion(resident)


@pytest.fixture
def block_issue(block_champion, resident):
    """An issue the champion logged on their block between walks."""
    return services.log_issue(walkabout=None, spec=issue_spec(resident.resident), logged_by=resident).issue
