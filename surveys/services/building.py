"""Building a survey: its settings and its questions, while it is a draft.

Questions can change only before a survey is published (answers would no longer match them), and the wording
of a locked survey (the regulator's TSM template) never changes. Once a published survey has closed, its closing
day never changes either: its results by equality answers are shown from then on (surveys.services.results), and
reopening it would let two closed looks differ by the few answers taken in between.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Max
from django.utils import dateformat, timezone

from ..models import Choice, Question, QuestionKind, Survey

YES_NO = ("Yes", "No")
SCALE_PRESETS = {
    "satisfaction": (
        "Very satisfied",
        "Fairly satisfied",
        "Neither satisfied nor dissatisfied",
        "Fairly dissatisfied",
        "Very dissatisfied",
    ),
    "agreement": ("Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"),
    "numbers": ("1", "2", "3", "4", "5"),
}
# The first two points of the satisfaction and agreement scales count as positive in results.
POSITIVE_POINTS = 2
RENUMBER_OFFSET = 1000  # more options than any question has


class BuildError(Exception):
    """A change the survey's state does not allow; the message is shown to staff as it is."""


@dataclass(frozen=True)
class QuestionSpec:
    kind: str
    text: str
    help_text: str = ""
    required: bool = True
    options: tuple[str, ...] = ()
    scale: str = ""
    show_if_choice: Choice | None = None


def ensure_questions_editable(survey: Survey) -> None:
    if survey.locked:
        raise BuildError("This survey's wording is set by the regulator and cannot be changed.")
    if not survey.is_draft:
        raise BuildError("Questions cannot change once a survey is published: answers would no longer match them.")


CLOSED_FOR_GOOD = (
    "This survey closed at the end of {day}, so its closing day cannot change. Its results by age band, sex, "
    "ethnicity and disability are shown now; answers taken after reopening it could be compared with them and "
    "single someone out. To ask residents again, make a new survey."
)


def has_closed(survey: Survey, now: datetime | None = None) -> bool:
    """A published survey past its closing day: it takes no more answers, from residents or staff, for good."""
    now = now or timezone.now()
    return not survey.is_draft and survey.closes_at is not None and survey.closes_at <= now


def ensure_closing_day_can_change(survey: Survey, *, closes_at: datetime | None, now: datetime | None = None) -> None:
    """Refuse any new closing day (later, earlier, or none: open for ever) for a survey that has closed."""
    if closes_at != survey.closes_at and has_closed(survey, now):
        last_day = timezone.localdate(survey.closes_at) - timedelta(days=1)
        raise BuildError(CLOSED_FOR_GOOD.format(day=dateformat.format(last_day, "j F Y")))


def create_survey(*, actor, **fields) -> Survey:
    survey = Survey(created_by=actor, **fields)
    survey.full_clean()
    survey.save()
    return survey


def _options_for(spec: QuestionSpec) -> list[tuple[str, bool]]:
    """(label, positive) for each option the question offers, in order."""
    if spec.kind == QuestionKind.YES_NO:
        return [(label, False) for label in YES_NO]
    if spec.kind == QuestionKind.SCALE:
        points = SCALE_PRESETS[spec.scale]
        counts = spec.scale in ("satisfaction", "agreement")
        return [(label, counts and index < POSITIVE_POINTS) for index, label in enumerate(points)]
    if spec.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return [(label, False) for label in spec.options]
    return []


def _check_condition(survey: Survey, spec: QuestionSpec, position: int) -> None:
    condition = spec.show_if_choice
    if condition is None:
        return
    asked = condition.question
    if asked.survey_id != survey.pk or asked.position >= position:
        raise BuildError("A question can only depend on an answer to an earlier question in the same survey.")


@transaction.atomic
def delete_draft_survey(*, survey: Survey) -> None:
    """Throw away a survey nobody has been asked yet. A published one stays: its answers are someone's voice."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_draft:
        raise BuildError("A published survey cannot be deleted: residents have been asked and may have answered.")
    survey.delete()


@transaction.atomic
def add_question(*, survey: Survey, spec: QuestionSpec) -> Question:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    ensure_questions_editable(survey)
    position = (survey.questions.aggregate(last=Max("position"))["last"] or 0) + 1
    _check_condition(survey, spec, position)
    question = Question.objects.create(
        survey=survey,
        position=position,
        kind=spec.kind,
        text=spec.text,
        help_text=spec.help_text,
        required=spec.required,
        show_if_choice=spec.show_if_choice,
    )
    Choice.objects.bulk_create(
        Choice(question=question, position=index, label=label, positive=positive)
        for index, (label, positive) in enumerate(_options_for(spec), start=1)
    )
    return question


@transaction.atomic
def update_question(*, question: Question, spec: QuestionSpec) -> Question:
    """Change a draft question. Options are kept where their label is unchanged, so conditions on them hold."""
    question = Question.objects.select_for_update().select_related("survey").get(pk=question.pk)
    ensure_questions_editable(question.survey)
    _check_condition(question.survey, spec, question.position)
    question.kind, question.text, question.help_text = spec.kind, spec.text, spec.help_text
    question.required, question.show_if_choice = spec.required, spec.show_if_choice
    question.save(update_fields=["kind", "text", "help_text", "required", "show_if_choice"])

    wanted = _options_for(spec)
    existing = {choice.label: choice for choice in question.choices.all()}
    keep = {label for label, _ in wanted}
    question.choices.exclude(label__in=keep).delete()  # conditions on removed options fall away (SET_NULL)
    # Renumber out of the way first: positions are unique per question.
    question.choices.update(position=F("position") + RENUMBER_OFFSET)
    for index, (label, positive) in enumerate(wanted, start=1):
        choice = existing.get(label)
        if choice is None:
            Choice.objects.create(question=question, position=index, label=label, positive=positive)
        else:
            Choice.objects.filter(pk=choice.pk).update(position=index, positive=positive)
    return question


@transaction.atomic
def move_question(*, question: Question, up: bool) -> Question:
    """Swap a question with its neighbour. A question never moves above the answer it depends on."""
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    ensure_questions_editable(survey)
    questions = list(survey.questions.select_related("show_if_choice").order_by("position"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(questions):
        return question
    first, second = sorted((questions[index], questions[other_index]), key=lambda q: q.position)
    depends = second.show_if_choice is not None and second.show_if_choice.question_id == first.pk
    if depends:
        raise BuildError(f"“{second.text}” is only asked after an answer to “{first.text}”, so it must stay after it.")
    first_position, second_position = first.position, second.position
    Question.objects.filter(pk=first.pk).update(position=second_position)
    Question.objects.filter(pk=second.pk).update(position=first_position)  # unique check deferred to commit
    question.refresh_from_db(fields=["position"])
    return question


@transaction.atomic
def delete_question(*, question: Question) -> None:
    """Remove a draft question; later questions move up, and questions that depended on it are asked always."""
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    ensure_questions_editable(survey)
    question.delete()
    for position, pk in enumerate(survey.questions.order_by("position").values_list("pk", flat=True), start=1):
        Question.objects.filter(pk=pk).update(position=position)
