"""Results per question, breakdowns with small groups hidden, free text, hazard flagging and the CSV."""

import csv
import io

import pytest

from residents.models import Feedback, HazardReview, Tenure
from surveys.models import Anonymity, FlaggedAnswer, QuestionKind
from surveys.services import results
from surveys.services.results import FEWER_THAN, Cell, suppress

from ..factories import NeighbourhoodFactory
from ..querycount import capture_queries
from .results_data import add_question, choice, make_survey, respond, satisfaction_survey

pytestmark = pytest.mark.django_db


def by_label(result) -> dict:
    return {c.choice.label: (c.count, c.percent) for c in result.choices}


def test_percentages_are_of_people_who_answered_leaving_dont_know_out_of_the_base():
    survey, rating, multiple, text = satisfaction_survey()
    respond(survey, {rating: choice(rating, "Very satisfied")}, times=3)
    respond(survey, {rating: choice(rating, "Fairly dissatisfied")}, times=1)
    respond(survey, {rating: choice(rating, "Don't know")}, times=2)

    found = results.question_results(survey=survey)[0]

    assert found.respondents == 6
    assert found.base == 4
    assert by_label(found)["Very satisfied"] == (3, 75.0)
    assert by_label(found)["Fairly dissatisfied"] == (1, 25.0)
    assert by_label(found)["Don't know"] == (2, None)
    assert by_label(found)["Neither"] == (0, 0.0)
    assert found.satisfied_percent == 75.0


def test_multiple_choice_percentages_are_of_people_not_ticks():
    survey, rating, multiple, text = satisfaction_survey()
    respond(survey, {multiple: [choice(multiple, "Repairs"), choice(multiple, "Cleaning")]}, times=3)
    respond(survey, {multiple: [choice(multiple, "Repairs")]}, times=1)

    found = results.question_results(survey=survey)[1]

    assert found.respondents == 4
    assert by_label(found) == {"Repairs": (4, 100.0), "Cleaning": (3, 75.0), "Parking": (0, 0.0)}


def test_free_text_questions_count_their_answers_and_a_question_nobody_answered_has_no_percentages():
    survey, rating, multiple, text = satisfaction_survey()
    respond(survey, {text: "More bins please."}, times=2)

    rating_result, _, text_result = results.question_results(survey=survey)

    assert text_result.respondents == 2
    assert rating_result.respondents == 0
    assert all(c.percent is None for c in rating_result.choices)


def test_results_cost_three_queries_whatever_the_number_of_answers():
    survey, rating, multiple, text = satisfaction_survey()
    respond(survey, {rating: choice(rating, "Neither")}, times=2)
    with capture_queries() as small:
        results.question_results(survey=survey)
    respond(
        survey,
        {rating: choice(rating, "Neither"), multiple: list(multiple.choices.all()), text: "Fine."},
        times=300,
    )
    with capture_queries() as large:
        found = results.question_results(survey=survey)
    assert small[0].count == large[0].count == 3, large[0]
    assert found[1].respondents == 300


@pytest.mark.parametrize(
    ("sizes", "hidden"),
    [
        ({"a": 5, "b": 9, "c": 12}, {}),
        ({"a": 4, "b": 9, "c": 12}, {"a": FEWER_THAN, "b": "not shown"}),  # 4 is hidden; 9 goes with it
        ({"a": 4, "b": 1, "c": 12}, {"a": FEWER_THAN, "b": FEWER_THAN}),  # two hidden already: no third
        ({"a": 4}, {"a": FEWER_THAN}),
    ],
)
def test_groups_under_five_are_hidden_and_never_alone(sizes, hidden):
    cells = suppress(sizes)
    assert {key: cell.hidden for key, cell in cells.items() if cell.hidden} == hidden
    assert all(cells[key] == Cell(size) for key, size in sizes.items() if key not in hidden)


def test_breakdown_by_tenure_hides_a_group_of_four_and_shows_a_group_of_five():
    survey, rating, multiple, text = satisfaction_survey()
    respond(survey, {rating: choice(rating, "Very satisfied")}, times=5, tenure=Tenure.LCRA)
    respond(survey, {rating: choice(rating, "Very dissatisfied")}, times=4, tenure=Tenure.LCHO)
    respond(survey, {rating: choice(rating, "Neither")}, times=6)  # tenure not recorded

    found = results.question_breakdown(survey=survey, field_name="tenure")

    assert [g.label for g in found.groups] == ["Low-cost home ownership", "Low-cost rental", "Not recorded"]
    rating_split = found.questions[0]
    sizes = [(cell.count, cell.hidden) for cell in rating_split.sizes]
    # LCHO has 4 (hidden); LCRA, the next smallest, is hidden with it; the 6 not recorded are shown.
    assert sizes == [(None, FEWER_THAN), (None, "not shown"), (6, "")]
    very_dissatisfied = dict((c.label, row) for c, row in rating_split.rows)["Very dissatisfied"]
    assert [cell.hidden for cell in very_dissatisfied] == [FEWER_THAN, "not shown", ""]


def test_breakdown_by_neighbourhood_names_the_areas_and_shows_groups_of_five():
    north, south = NeighbourhoodFactory(name="Northfield"), NeighbourhoodFactory(name="Southbank")
    survey, rating, multiple, text = satisfaction_survey()
    respond(survey, {rating: choice(rating, "Very satisfied")}, times=5, neighbourhood=north)
    respond(survey, {rating: choice(rating, "Fairly satisfied")}, times=3, neighbourhood=south)
    respond(survey, {rating: choice(rating, "Don't know")}, times=2, neighbourhood=south)

    found = results.question_breakdown(survey=survey, field_name="neighbourhood")

    assert [g.label for g in found.groups] == ["Northfield", "Southbank"]
    rows = {c.label: row for c, row in found.questions[0].rows}
    assert (rows["Very satisfied"][0].count, rows["Very satisfied"][0].percent) == (5, 100.0)
    # Southbank: 5 answered, 2 of them "don't know", so 3 of a base of 3 are fairly satisfied.
    assert (rows["Fairly satisfied"][1].count, rows["Fairly satisfied"][1].percent) == (3, 100.0)
    assert found.questions[0].sizes[1].count == 5


def test_breakdown_refuses_a_field_that_is_not_a_snapshot_field():
    survey, *_ = satisfaction_survey()
    with pytest.raises(KeyError):
        results.question_breakdown(survey=survey, field_name="id; DROP TABLE surveys_answer")


def test_breakdown_costs_the_same_queries_at_any_size():
    survey, rating, multiple, text = satisfaction_survey()
    area = NeighbourhoodFactory(name="Northfield")
    respond(survey, {rating: choice(rating, "Neither")}, times=2, neighbourhood=area)
    with capture_queries() as small:
        results.question_breakdown(survey=survey, field_name="neighbourhood")
    for _ in range(5):
        respond(survey, {rating: choice(rating, "Neither")}, times=30, neighbourhood=NeighbourhoodFactory())
    with capture_queries() as large:
        results.question_breakdown(survey=survey, field_name="neighbourhood")
    assert small[0].count == large[0].count == 4, large[0]


# Free text and hazards -------------------------------------------------------------------------------------


def test_anonymous_free_text_comes_in_random_id_order_without_the_snapshot():
    survey, rating, multiple, text = satisfaction_survey(anonymity=Anonymity.ANONYMOUS)
    respond(survey, {text: "Great caretaker."}, times=3, neighbourhood=NeighbourhoodFactory(name="Northfield"))
    answers = list(results.text_answers(question=text))
    assert [a.response_id for a in answers] == sorted(a.response_id for a in answers)
    assert not results.shows_who_answered(survey)


def test_a_hazard_in_a_confidential_answer_becomes_one_possible_hazard_from_the_resident(resident):
    survey, rating, multiple, text = satisfaction_survey(anonymity=Anonymity.CONFIDENTIAL)
    (response,) = respond(survey, {text: "There is black mould in the bedroom."}, times=1)
    response.resident = resident.resident
    response.save(update_fields=["resident"])

    results.flag_hazards_in_answers(response=response)
    results.flag_hazards_in_answers(response=response)  # a retry makes nothing new

    flag = FlaggedAnswer.objects.get()
    assert flag.words == ["mould"]
    feedback = Feedback.objects.get()
    assert flag.feedback == feedback
    assert feedback.resident == resident.resident
    assert feedback.hazard_review == HazardReview.POSSIBLE
    assert "black mould in the bedroom" in feedback.text and survey.title in feedback.text


def test_a_hazard_in_an_anonymous_answer_is_flagged_on_the_survey_with_no_feedback_item():
    survey, rating, multiple, text = satisfaction_survey(anonymity=Anonymity.ANONYMOUS)
    (response,) = respond(survey, {text: "The boiler leaks."}, times=1)

    results.flag_hazards_in_answers(response=response)

    assert FlaggedAnswer.objects.get().feedback is None
    assert Feedback.objects.count() == 0
    assert results.flagged_answer_count(survey=survey) == 1


def test_an_answer_with_no_hazard_words_is_not_flagged(resident):
    survey, rating, multiple, text = satisfaction_survey()
    (response,) = respond(survey, {text: "The gardens look lovely.", rating: choice(rating, "Neither")}, times=1)
    assert results.flag_hazards_in_answers(response=response) == []
    assert not FlaggedAnswer.objects.exists()


# CSV -------------------------------------------------------------------------------------------------------


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_results_csv_has_a_row_per_question_and_choice():
    survey, rating, multiple, text = satisfaction_survey()
    respond(survey, {rating: choice(rating, "Very satisfied"), text: "Fine."}, times=2)
    respond(survey, {rating: choice(rating, "Don't know")}, times=1)

    rows = read_csv(results.results_csv(survey=survey))

    assert len(rows) == 6 + 3 + 1
    very = next(r for r in rows if r["answer"] == "Very satisfied")
    assert (very["count"], very["percent"], very["base"], very["respondents"]) == ("2", "100.0", "2", "3")
    dont_know = next(r for r in rows if r["answer"] == "Don't know")
    assert (dont_know["outside_base"], dont_know["percent"]) == ("yes", "")
    assert rows[-1]["answer"] == "(free text answers)" and rows[-1]["count"] == "2"


def test_results_csv_keeps_formula_like_text_as_text():
    survey = make_survey(title='=HYPERLINK("http://evil.example")')
    question = add_question(survey, QuestionKind.SINGLE, "+Which?", ["=1+1", "@SUM(A1)", "-2", "Plain"])
    respond(survey, {question: choice(question, "=1+1")}, times=1)

    text = results.results_csv(survey=survey)

    rows = read_csv(text)
    assert [r["answer"] for r in rows] == ["'=1+1", "'@SUM(A1)", "'-2", "Plain"]
    assert rows[0]["question"] == "'+Which?"
    assert rows[0]["count"] == "1"
