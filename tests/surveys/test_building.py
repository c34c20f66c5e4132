"""Staff build a survey: settings, questions, conditions, order, preview; wording is fixed once published."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from residents.models import Channel
from surveys.models import Choice, Question, QuestionKind, Survey, SurveyKind
from surveys.services.answering import AnswerError, submit_response
from surveys.services.building import (
    BuildError,
    QuestionSpec,
    add_question,
    ensure_closing_day_can_change,
    has_closed,
    move_question,
)

from .fixtures import build_survey, publish_for


def positions(survey: Survey) -> list[str]:
    return list(survey.questions.order_by("position").values_list("text", flat=True))


def test_staff_build_a_draft_survey_and_land_on_its_page(client_for):
    response = client_for("staff").post(
        reverse("surveys:survey_create"),
        {
            "title": "Bin collections",
            "kind": SurveyKind.PULSE,
            "anonymity": "anonymous",
            "opens_on": "2026-12-01",
            "closes_on": "2026-12-14",
        },
    )
    survey = Survey.objects.get(title="Bin collections")
    assert response["Location"] == reverse("surveys:survey_detail", args=[survey.pk])
    assert survey.is_draft and survey.anonymity == "anonymous"
    page = client_for("staff").get(response["Location"]).content.decode()
    assert "Bin collections" in page and "14 Dec 2026" in page, "the last day to answer is shown as a day"


def test_a_consultation_must_say_what_residents_can_and_cannot_influence(client_for):
    response = client_for("staff").post(
        reverse("surveys:survey_create"),
        {
            "title": "New parking scheme",
            "kind": SurveyKind.CONSULTATION,
            "anonymity": "named",
            "can_influence": "Where",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("A consultation must tell residents this.") >= 2, "next to each field and in the summary"
    assert 'value="New parking scheme"' in page, "what was typed is kept"
    assert not Survey.objects.exists()


def test_closing_before_opening_is_refused_next_to_the_closing_day(client_for):
    response = client_for("staff").post(
        reverse("surveys:survey_create"),
        {
            "title": "Lifts",
            "kind": "satisfaction",
            "anonymity": "confidential",
            "opens_on": "2026-12-10",
            "closes_on": "2026-12-01",
        },
    )
    assert "The closing day must be on or after the opening day." in response.content.decode()


def test_a_rating_scale_question_offers_the_five_points_and_counts_the_top_two_as_satisfied(draft_survey):
    question = draft_survey.questions.get(position=1)
    assert [c.label for c in question.choices.all()] == [
        "Very satisfied",
        "Fairly satisfied",
        "Neither satisfied nor dissatisfied",
        "Fairly dissatisfied",
        "Very dissatisfied",
    ]
    assert [c.positive for c in question.choices.all()] == [True, True, False, False, False]


def test_a_choice_question_needs_two_different_options_and_keeps_what_was_typed(client_for, draft_survey):
    response = client_for("staff").post(
        reverse("surveys:question_create", args=[draft_survey.pk]),
        {"kind": QuestionKind.SINGLE, "text": "Which day suits you?", "options": "Monday\nmonday", "required": "on"},
    )
    page = response.content.decode()
    assert "Each option must be different." in page
    assert "Which day suits you?" in page and "Monday\nmonday" in page
    assert draft_survey.questions.count() == 3


def test_staff_add_a_yes_no_question_at_the_end(client_for, draft_survey):
    client_for("staff").post(
        reverse("surveys:question_create", args=[draft_survey.pk]),
        {"kind": QuestionKind.YES_NO, "text": "Would you join a residents' group?", "required": "on"},
    )
    question = draft_survey.questions.get(position=4)
    assert question.text == "Would you join a residents' group?"
    assert [c.label for c in question.choices.all()] == ["Yes", "No"]


def test_a_condition_can_only_point_at_an_earlier_question(draft_survey):
    later = draft_survey.questions.get(position=2).choices.first()
    survey = build_survey(title="Another")
    with pytest.raises(BuildError, match="earlier question in the same survey"):
        add_question(survey=survey, spec=QuestionSpec(kind=QuestionKind.TEXT, text="Why?", show_if_choice=later))


def test_moving_a_question_swaps_it_with_its_neighbour(client_for, draft_survey):
    last = draft_survey.questions.get(position=3)
    client_for("staff").post(reverse("surveys:question_move", args=[draft_survey.pk, last.pk]), {"direction": "up"})
    assert positions(draft_survey) == [
        "How satisfied are you?",
        "Anything else you want to tell us?",
        "What went wrong?",
    ]


def test_a_question_cannot_move_above_the_answer_it_depends_on(client_for, draft_survey):
    follow_up = draft_survey.questions.get(position=2)
    response = client_for("staff").post(
        reverse("surveys:question_move", args=[draft_survey.pk, follow_up.pk]), {"direction": "up"}, follow=True
    )
    assert "must stay after it" in response.content.decode()
    assert positions(draft_survey)[1] == "What went wrong?"


def test_removing_a_question_closes_the_gap_and_its_follow_up_is_asked_always(client_for, draft_survey):
    first = draft_survey.questions.get(position=1)
    client_for("staff").post(reverse("surveys:question_delete", args=[draft_survey.pk, first.pk]))
    questions = list(draft_survey.questions.order_by("position"))
    assert [q.position for q in questions] == [1, 2]
    assert questions[0].show_if_choice is None


def test_changing_a_question_keeps_options_whose_label_is_unchanged(client_for, draft_survey):
    follow_up = draft_survey.questions.get(position=2)
    kept = follow_up.choices.get(label="Nobody came")
    client_for("staff").post(
        reverse("surveys:question_edit", args=[draft_survey.pk, follow_up.pk]),
        {
            "kind": QuestionKind.MULTIPLE,
            "text": "What went wrong?",
            "options": "Nobody came\nIt was messy",
            "show_if_choice": follow_up.show_if_choice_id,
            "required": "on",
        },
    )
    assert [c.label for c in follow_up.choices.all()] == ["Nobody came", "It was messy"]
    assert Choice.objects.get(pk=kept.pk).position == 1


def test_questions_cannot_change_once_the_survey_is_published(client_for, draft_survey, resident):
    publish_for(draft_survey, resident.resident)
    question = draft_survey.questions.get(position=1)
    response = client_for("staff").get(
        reverse("surveys:question_edit", args=[draft_survey.pk, question.pk]), follow=True
    )
    assert "Questions cannot change once a survey is published" in response.content.decode()
    with pytest.raises(BuildError):
        move_question(question=question, up=False)


def test_a_locked_survey_wording_cannot_change(client_for, draft_survey):
    Survey.objects.filter(pk=draft_survey.pk).update(locked=True)
    response = client_for("staff").post(
        reverse("surveys:question_delete", args=[draft_survey.pk, draft_survey.questions.first().pk]), follow=True
    )
    assert "set by the regulator" in response.content.decode()
    assert Question.objects.filter(survey=draft_survey).count() == 3


def test_preview_shows_the_questions_as_residents_see_them_and_cannot_be_sent(client_for, draft_survey):
    page = client_for("staff").get(reverse("surveys:survey_preview", args=[draft_survey.pk])).content.decode()
    assert "This is a preview" in page
    assert "1. How satisfied are you?" in page and "Fairly satisfied" in page
    assert "Answer this only if you answered “Very dissatisfied” to question 1." in page
    assert "Send my answers" not in page
    assert draft_survey.anonymity_promise in page


def test_staff_delete_a_draft_after_confirming(client_for, draft_survey):
    url = reverse("surveys:survey_delete", args=[draft_survey.pk])
    assert "Delete the draft" in client_for("staff").get(url).content.decode()
    response = client_for("staff").post(url, follow=True)
    assert "is deleted" in response.content.decode()
    assert not Survey.objects.filter(pk=draft_survey.pk).exists()


def test_a_published_survey_cannot_be_deleted(client_for, draft_survey, resident):
    publish_for(draft_survey, resident.resident)
    response = client_for("staff").post(reverse("surveys:survey_delete", args=[draft_survey.pk]), follow=True)
    assert "A published survey cannot be deleted" in response.content.decode()
    assert Survey.objects.filter(pk=draft_survey.pk).exists()


def test_once_published_only_the_title_introduction_and_closing_day_can_change(client_for, draft_survey, resident):
    publish_for(draft_survey, resident.resident)
    draft_survey.refresh_from_db()
    opened, anonymity = draft_survey.opens_at, draft_survey.anonymity
    url = reverse("surveys:survey_edit", args=[draft_survey.pk])
    page = client_for("staff").get(url).content.decode()
    assert 'name="anonymity"' not in page and 'name="opens_on"' not in page, "residents were told these"

    past = client_for("staff").post(url, {"title": "Repairs", "closes_on": "2020-01-01"})
    assert "The closing day cannot be in the past." in past.content.decode()

    today = timezone.localdate()
    client_for("staff").post(url, {"title": "Repairs", "anonymity": "named", "closes_on": today.isoformat()})
    draft_survey.refresh_from_db()
    assert (draft_survey.title, draft_survey.anonymity, draft_survey.opens_at) == ("Repairs", anonymity, opened)
    assert timezone.localdate(draft_survey.closes_at) == today + timedelta(days=1), "closes at the end of today"


def test_an_empty_survey_form_says_what_to_fill_in_and_keeps_what_was_typed(client_for):
    response = client_for("staff").post(reverse("surveys:survey_create"), {"introduction": "Tell us about the bins."})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    errors = response.context["form"].errors
    assert errors["title"] == ["Enter the survey's title: residents see it first."]
    assert errors["kind"] == ["Choose the kind of survey."]
    assert errors["anonymity"] == ["Choose whether answers are anonymous, confidential or named."]
    assert "This field is required." not in page
    assert "Tell us about the bins." in page
    assert not Survey.objects.exists()


def test_an_empty_question_form_says_what_to_fill_in(client_for, draft_survey):
    response = client_for("staff").post(reverse("surveys:question_create", args=[draft_survey.pk]), {})
    errors = response.context["form"].errors
    assert errors["kind"] == ["Choose the kind of question."]
    assert errors["text"] == ["Write the question residents will answer."]
    assert "This field is required." not in response.content.decode()
    assert draft_survey.questions.count() == 3


def test_a_closed_survey_cannot_be_reopened_and_says_why_next_to_the_closing_day(client_for, draft_survey, resident):
    """Results by equality answers are shown once a survey has closed: reopening it would let two closed looks
    differ by the few answers typed in between."""
    now = timezone.now()
    (invitation,) = publish_for(
        draft_survey, resident.resident, opens_at=now - timedelta(days=20), closes_at=now - timedelta(days=2)
    )
    closed_at = Survey.objects.get(pk=draft_survey.pk).closes_at
    url = reverse("surveys:survey_edit", args=[draft_survey.pk])
    later = (timezone.localdate() + timedelta(days=30)).isoformat()
    client = client_for("staff")

    assert "This survey has closed, so its closing day stays as it is." in client.get(url).content.decode()
    for typed in (later, ""):  # a later day, or no closing day at all (open for ever)
        response = client.post(url, {"title": "Repairs, reopened", "closes_on": typed})
        page = response.content.decode()
        assert response.status_code == 200
        assert page.count("so its closing day cannot change") == 2, "next to the field and in the summary"
        assert f'value="{typed}"' in page and 'value="Repairs, reopened"' in page, "what was typed is kept"
        survey = Survey.objects.get(pk=draft_survey.pk)
        assert (survey.closes_at, survey.title) == (closed_at, draft_survey.title)

    with pytest.raises(AnswerError, match="closed"):
        submit_response(invitation=invitation, answers={}, channel=Channel.PHONE)

    # Its title can still be corrected: the closing day shown is sent back as it is, and stays.
    shown = (timezone.localdate(closed_at) - timedelta(days=1)).isoformat()
    response = client.post(url, {"title": "Repairs (corrected)", "closes_on": shown})
    assert response.status_code == 302
    survey = Survey.objects.get(pk=draft_survey.pk)
    assert (survey.title, survey.closes_at) == ("Repairs (corrected)", closed_at)


def test_only_a_published_survey_past_its_closing_day_is_closed_for_good(draft_survey, resident):
    now = timezone.now()
    draft_survey.closes_at = now - timedelta(days=1)
    assert not has_closed(draft_survey), "a draft was never answered: its dates can still be put right"
    ensure_closing_day_can_change(draft_survey, closes_at=now + timedelta(days=9))

    publish_for(draft_survey, resident.resident, opens_at=now - timedelta(days=9), closes_at=now + timedelta(days=1))
    assert not has_closed(draft_survey)
    ensure_closing_day_can_change(draft_survey, closes_at=now + timedelta(days=9))
    assert has_closed(draft_survey, now=now + timedelta(days=1))
    with pytest.raises(BuildError, match="closing day cannot change"):
        ensure_closing_day_can_change(draft_survey, closes_at=now + timedelta(days=9), now=now + timedelta(days=1))
