"""factory_boy factories for surveys, like the people's in tests/factories.py.

SurveyFactory() is a draft; SurveyFactory(open=True) or (closed=True) a published one with its first wave, as
publishing leaves it. InvitationFactory() invites a new resident to a new open survey; pass survey= and
resident= to choose. ResponseFactory(invitation=...) is a sent response, the invitation marked answered.
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from surveys.models import (
    Choice,
    Invitation,
    InvitationChannel,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
    SurveyWave,
)

from ..factories import ResidentFactory


def _days(n: int):
    return factory.LazyFunction(lambda: timezone.now() + timedelta(days=n))


class SurveyFactory(DjangoModelFactory):
    class Meta:
        model = Survey
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Your views on the repairs service ({n})")

    class Params:
        open = factory.Trait(
            status=SurveyStatus.PUBLISHED, opens_at=_days(-1), closes_at=_days(14), published_at=_days(-1)
        )
        closed = factory.Trait(
            status=SurveyStatus.PUBLISHED, opens_at=_days(-30), closes_at=_days(-1), published_at=_days(-30)
        )

    @factory.post_generation
    def first_wave(obj, create, extracted, **kwargs):
        """A published survey has its first wave, sent when it opened."""
        if create and obj.status == SurveyStatus.PUBLISHED:
            SurveyWave.objects.get_or_create(
                survey=obj, number=1, defaults={"starts_at": obj.opens_at, "published_at": obj.opens_at}
            )


class QuestionFactory(DjangoModelFactory):
    """A free-text question by default; options=("Yes", "No") with a choice kind gives it its options."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    survey = factory.SubFactory(SurveyFactory)
    position = factory.LazyAttribute(lambda q: q.survey.questions.count() + 1)
    kind = QuestionKind.TEXT
    text = factory.Sequence(lambda n: f"Question {n}: anything to tell us?")

    @factory.post_generation
    def options(obj, create, extracted, **kwargs):
        if create and extracted:
            Choice.objects.bulk_create(
                Choice(question=obj, position=n, label=label) for n, label in enumerate(extracted, 1)
            )


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = Invitation

    survey = factory.SubFactory(SurveyFactory, open=True)
    wave = factory.LazyAttribute(lambda i: i.survey.waves.order_by("number").first())
    resident = factory.SubFactory(ResidentFactory)
    channel = factory.LazyAttribute(
        lambda i: InvitationChannel.EMAIL if i.resident.email else InvitationChannel.OFFLINE
    )


class ResponseFactory(DjangoModelFactory):
    """A sent response to a confidential or named survey: linked to its invitation, which is marked answered."""

    class Meta:
        model = Response
        skip_postgeneration_save = True

    invitation = factory.SubFactory(InvitationFactory)
    survey = factory.SelfAttribute("invitation.survey")
    resident = factory.SelfAttribute("invitation.resident")
    home = factory.SelfAttribute("invitation.resident.home")
    submitted_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def answered(obj, create, extracted, **kwargs):
        if create and obj.invitation is not None and obj.submitted_on:
            Invitation.objects.filter(pk=obj.invitation_id).update(responded=True, responded_on=obj.submitted_on)
