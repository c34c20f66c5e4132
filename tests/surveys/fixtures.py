"""Survey fixtures shared by the access table and the surveys tests (loaded as a plugin by tests/conftest.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from surveys.models import (
    Anonymity,
    AudienceKind,
    Invitation,
    QuestionKind,
    StaffInvitation,
    Survey,
    SurveyStatus,
    SurveyWave,
)
from surveys.services.building import QuestionSpec, add_question

from .factories import InvitationFactory


def build_survey(*, title="Your views on the repairs service", **fields) -> Survey:
    """A draft survey with three questions: a rating, a follow-up asked only on one answer, and free text."""
    survey = Survey.objects.create(title=title, **fields)
    rating = add_question(
        survey=survey, spec=QuestionSpec(kind=QuestionKind.SCALE, text="How satisfied are you?", scale="satisfaction")
    )
    very_dissatisfied = rating.choices.get(label="Very dissatisfied")
    add_question(
        survey=survey,
        spec=QuestionSpec(
            kind=QuestionKind.MULTIPLE,
            text="What went wrong?",
            options=("It took too long", "The work was poor", "Nobody came"),
            show_if_choice=very_dissatisfied,
        ),
    )
    add_question(
        survey=survey,
        spec=QuestionSpec(kind=QuestionKind.TEXT, text="Anything else you want to tell us?", required=False),
    )
    return survey


def publish_for(survey: Survey, *residents, opens_at=None, closes_at=None) -> list[Invitation]:
    """Publish a built survey to these residents (the invitations only: sending is tested on its own)."""
    now = timezone.now()
    survey.status = SurveyStatus.PUBLISHED
    survey.opens_at = opens_at or now - timedelta(days=1)
    survey.closes_at = closes_at or now + timedelta(days=14)
    survey.published_at = now
    survey.save()
    wave, _ = SurveyWave.objects.get_or_create(survey=survey, number=1, defaults={"starts_at": survey.opens_at})
    made = [InvitationFactory(survey=survey, wave=wave, resident=resident) for resident in residents]
    wave.published_at, wave.invited = now, len(made)
    wave.queued_through_id, wave.last_invitation_id = made[0].pk - 1, made[-1].pk
    wave.save()
    return made


def build_staff_survey(*, title="Staff pulse", **fields) -> Survey:
    """A draft staff survey (anonymous, as staff surveys must be) with build_survey's three questions."""
    return build_survey(title=title, audience=AudienceKind.STAFF, anonymity=Anonymity.ANONYMOUS, **fields)


def publish_to_staff(survey: Survey, *users, opens_at=None, closes_at=None) -> list[StaffInvitation]:
    """Publish a built staff survey to these users (the invitations only, as publish_for does for residents)."""
    now = timezone.now()
    survey.status = SurveyStatus.PUBLISHED
    survey.opens_at = opens_at or now - timedelta(days=1)
    survey.closes_at = closes_at or now + timedelta(days=14)
    survey.published_at = now
    survey.save()
    wave, _ = SurveyWave.objects.get_or_create(survey=survey, number=1, defaults={"starts_at": survey.opens_at})
    wave.published_at, wave.invited = now, len(users)
    wave.save()
    return [StaffInvitation.objects.create(survey=survey, wave=wave, user=user) for user in users]


@pytest.fixture
def open_staff_survey(staff):
    """A published, open staff survey the `staff` persona is asked to answer."""
    survey = build_staff_survey()
    publish_to_staff(survey, staff)
    return survey


@pytest.fixture
def draft_survey(db):
    return build_survey()


@pytest.fixture
def draft_question(draft_survey):
    return draft_survey.questions.get(position=3)


@pytest.fixture
def open_survey(resident):
    """A published, open survey the `resident` persona is invited to."""
    survey = build_survey(title="Tell us about your last repair")
    publish_for(survey, resident.resident)
    return survey


@pytest.fixture
def own_invitation(open_survey, resident):
    return open_survey.invitations.get(resident=resident.resident)
