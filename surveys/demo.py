"""Demo data for surveys (run by seed_demo): a published neighbourhood survey with some answers already in,
and one waiting for the demo resident, so every survey page has something to show on a first `make run`."""

import random
from datetime import timedelta

from django.utils import timezone

from residents.models import Channel, Resident

from .models import Anonymity, AudienceKind, Invitation, QuestionKind, Survey, SurveyKind
from .services import answering, audience, invitations
from .services.building import QuestionSpec, add_question

DEMO_TITLE = "Your neighbourhood: how are we doing?"
DEMO_RESIDENT_EMAIL = "resident@demo.example"
ASKED = 40  # a hand-picked list, so the console shows a handful of invitation emails, not hundreds
ANSWERED = 28
WRITTEN = [
    "The bins by the flats overflow every weekend.",
    "The new lights on the path make me feel safer walking home.",
    "There is damp in the stairwell and black mould on the ceiling.",
    "More benches near the shops please.",
    "Staff were friendly when I called about my boiler.",
]


def seed_demo_survey() -> str:
    """Make the demo survey once. When it is there already it is left as it is, answers and changes included."""
    if Survey.objects.filter(title=DEMO_TITLE).exists():
        return f'Demo survey: "{DEMO_TITLE}" already present, left as it was.'
    demo_resident = Resident.objects.filter(user__email=DEMO_RESIDENT_EMAIL).first()
    others = list(Resident.objects.exclude(user__email=DEMO_RESIDENT_EMAIL).order_by("id")[: ASKED - 1])
    if demo_resident is None or not others:
        return ""
    now = timezone.now()
    survey = Survey.objects.create(
        title=DEMO_TITLE,
        kind=SurveyKind.SATISFACTION,
        anonymity=Anonymity.CONFIDENTIAL,
        introduction="Five minutes of your time helps us decide what to improve first in your area.",
        audience=AudienceKind.CHOSEN,
        opens_at=now - timedelta(days=7),
        closes_at=now + timedelta(days=21),
    )
    rating = add_question(
        survey=survey,
        spec=QuestionSpec(
            kind=QuestionKind.SCALE,
            text="How satisfied are you with your neighbourhood as a place to live?",
            scale="satisfaction",
        ),
    )
    safe = add_question(
        survey=survey, spec=QuestionSpec(kind=QuestionKind.YES_NO, text="Do you feel safe walking around after dark?")
    )
    priorities = add_question(
        survey=survey,
        spec=QuestionSpec(
            kind=QuestionKind.MULTIPLE,
            text="What should we improve first?",
            help_text="Choose all that apply.",
            options=("Street lighting", "Rubbish and recycling", "Green spaces", "Parking", "Noise"),
        ),
    )
    written = add_question(
        survey=survey,
        spec=QuestionSpec(kind=QuestionKind.TEXT, text="Is there anything else you want to tell us?", required=False),
    )
    audience.add_audience_residents(survey=survey, residents=[demo_resident, *others])
    invitations.publish_survey(survey=survey)

    chooser = random.Random(2026)  # the same answers on every machine
    options = {q.pk: list(q.choices.values_list("pk", flat=True)) for q in (rating, safe, priorities)}
    invited = Invitation.objects.filter(survey=survey).exclude(resident=demo_resident).order_by("id")[:ANSWERED]
    for number, invitation in enumerate(invited):
        answers = {
            rating.pk: [chooser.choice(options[rating.pk][:4])],
            safe.pk: [chooser.choice(options[safe.pk])],
            priorities.pk: chooser.sample(options[priorities.pk], k=chooser.randint(1, 3)),
        }
        if number % 4 == 0:
            answers[written.pk] = WRITTEN[number // 4 % len(WRITTEN)]
        answering.submit_response(
            invitation=invitation, answers=answers, channel=Channel.PORTAL if number % 3 else Channel.PHONE
        )
    return f'Demo survey: "{DEMO_TITLE}" asked {ASKED} residents, {ANSWERED} have answered.'
