"""Surveys with submitted answers for the results and TSM tests, written straight to the database in bulk (the
way submitting stores them: Answer rows with the response's snapshot), so any number of responses is cheap.
Loaded as a plugin by tests/conftest.py, so the access table can use its fixtures."""

from datetime import date

import pytest

from surveys.models import Anonymity, Answer, Choice, Question, QuestionKind, Response, Survey, SurveyStatus


def make_survey(*, title="Living in your home", **fields) -> Survey:
    return Survey.objects.create(title=title, status=fields.pop("status", SurveyStatus.PUBLISHED), **fields)


def add_question(
    survey: Survey,
    kind: str,
    text: str,
    choices: list[str] = (),
    *,
    positive: tuple[str, ...] = (),
    outside_base: tuple[str, ...] = (),
    code: str = "",
) -> Question:
    question = Question.objects.create(
        survey=survey, position=survey.questions.count() + 1, kind=kind, text=text, code=code
    )
    Choice.objects.bulk_create(
        Choice(
            question=question,
            position=i,
            label=label,
            positive=label in positive,
            outside_base=label in outside_base,
        )
        for i, label in enumerate(choices, start=1)
    )
    return question


def choice(question: Question, label: str) -> Choice:
    return question.choices.get(label=label)


def respond(survey: Survey, answers: dict, *, times: int = 1, homes=None, **snapshot) -> list[Response]:
    """`times` submitted responses, each with these answers: {question: Choice, [Choice, ...] or text}.
    homes: one home per response (for the one-per-household rule). snapshot: tenure, age_band, counted_year..."""
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            submitted_on=snapshot.pop("submitted_on", None) or date(2025, 6, 1),
            home=homes[i] if homes else None,
            **snapshot,
        )
        for i in range(times)
    )
    rows = []
    for response in responses:
        for question, value in answers.items():
            if isinstance(value, str):
                rows.append(Answer(response=response, survey=survey, question=question, text=value))
            else:
                for picked in value if isinstance(value, list | tuple) else [value]:
                    rows.append(Answer(response=response, survey=survey, question=question, choice=picked))
    Answer.objects.bulk_create(rows)
    return responses


def satisfaction_survey(**fields) -> tuple[Survey, Question, Question, Question]:
    """A survey with a rating (with "don't know"), a multiple choice and a free-text question."""
    survey = make_survey(**fields)
    rating = add_question(
        survey,
        QuestionKind.SCALE,
        "How satisfied are you with your home?",
        ["Very satisfied", "Fairly satisfied", "Neither", "Fairly dissatisfied", "Very dissatisfied", "Don't know"],
        positive=("Very satisfied", "Fairly satisfied"),
        outside_base=("Don't know",),
    )
    multiple = add_question(
        survey, QuestionKind.MULTIPLE, "What would you improve?", ["Repairs", "Cleaning", "Parking"]
    )
    text = add_question(survey, QuestionKind.TEXT, "Anything else?")
    return survey, rating, multiple, text


@pytest.fixture
def results_survey(db):
    """A confidential survey with a few answers, among them a written one."""
    survey, rating, multiple, text = satisfaction_survey(anonymity=Anonymity.CONFIDENTIAL)
    respond(survey, {rating: choice(rating, "Very satisfied"), multiple: [choice(multiple, "Repairs")]}, times=3)
    respond(survey, {rating: choice(rating, "Neither"), text: "The lifts are often broken."}, times=2)
    return survey


@pytest.fixture
def results_text_question(results_survey):
    return results_survey.questions.get(kind=QuestionKind.TEXT)


@pytest.fixture
def published_tsm(db, staff, home):
    """A published year of Tenant Satisfaction Measures, with one counted response."""
    from surveys.services import tsm

    survey = tsm.create_tsm_survey(reporting_year=2025, actor=staff)
    tp01 = survey.questions.get(code="TP01")
    respond(survey, {tp01: choice(tp01, "Very satisfied")}, homes=[home], tenure="lcra", counted_year=2025)
    return tsm.publish_tsm_results(reporting_year=2025, actor=staff)
