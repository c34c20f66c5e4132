"""Results by equality answers, as staff see them on the results page and in its CSV: nothing while the survey
is open, then rounded with small groups and their complement hidden, so that neither comparing two looks over
time nor two overlapping filters singles out a resident's ethnicity or answer."""

import csv
import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from residents.models import Channel, EqualityMonitoring, Ethnicity, Tenure
from surveys.services.answering import AnswerError, submit_response

from ..factories import NeighbourhoodFactory, ResidentFactory
from ..querycount import queries_for_get
from .fixtures import publish_for
from .results_data import choice, respond, satisfaction_survey

pytestmark = pytest.mark.django_db

ETHNICITY_COLUMNS = [label for _, label in Ethnicity.choices] + ["Not recorded"]
MIXED = ETHNICITY_COLUMNS.index("Mixed or multiple ethnic groups")


def breakdown_section(client, survey, by="ethnicity", **query) -> str:
    url = reverse("surveys:results", args=[survey.pk])
    page = client.get(url, {"by": by, **query}).content.decode()
    return page[page.index('id="breakdown-title"') : page.index("</section>", page.index('id="breakdown-title"'))]


def table(section: str, question) -> dict[str, list[str]]:
    """Row label -> the cells of each group, as shown, for one question's breakdown table."""
    start = section.index(f'id="bd-caption-{question.pk}"')
    body = section[start : section.index("</table>", start)]
    rows = {}
    for label, cells in re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', body, re.S):
        rows[label] = [
            re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r'<td class="text-end">(.*?)</td>', cells, re.S)
        ]
    return rows


def csv_rows(client, survey, **query) -> list[dict]:
    response = client.get(reverse("surveys:results_csv", args=[survey.pk]), {"by": "ethnicity", **query})
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def known_resident(ethnicity: str):
    resident = ResidentFactory()
    EqualityMonitoring.objects.create(resident=resident, ethnicity=ethnicity)
    return resident


# (a) Differencing over time --------------------------------------------------------------------------------


def test_a_known_phone_answer_changes_nothing_staff_can_see_by_ethnicity_before_or_after_close(client_for, staff):
    survey, rating, multiple, text = satisfaction_survey()
    known, latecomer = known_resident(Ethnicity.MIXED), known_resident(Ethnicity.MIXED)
    invitation, late_invitation = publish_for(survey, known, latecomer, closes_at=timezone.now() + timedelta(minutes=5))
    respond(survey, {rating: choice(rating, "Very satisfied")}, times=30, ethnicity=Ethnicity.WHITE)
    respond(survey, {rating: choice(rating, "Fairly satisfied")}, times=4, ethnicity=Ethnicity.MIXED)
    respond(survey, {rating: choice(rating, "Very dissatisfied")}, times=1, ethnicity=Ethnicity.MIXED)
    client = client_for("staff")
    before_section, before_csv = breakdown_section(client, survey), csv_rows(client, survey)

    # Staff type in the paper answers of a resident they know: the mixed group goes from 5 to 6, and
    # "very dissatisfied" in it from 1 to 2.
    submit_response(
        invitation=invitation,
        answers={rating.pk: [choice(rating, "Very dissatisfied").pk]},
        channel=Channel.LETTER,
        entered_by=staff,
    )

    assert breakdown_section(client, survey) == before_section
    assert csv_rows(client, survey) == before_csv
    assert "Results by ethnicity are shown once the survey has closed" in before_section
    assert "Mixed or multiple ethnic groups" not in before_section
    assert [row["note"] for row in before_csv] == [before_section.split("<p>")[1].split("</p>")[0]]

    with time_machine.travel(survey.closes_at + timedelta(minutes=1)):
        closed = table(breakdown_section(client, survey), rating)
        # Nor can an answer typed in after the close be compared with what is now published.
        with pytest.raises(AnswerError, match="closed"):
            submit_response(
                invitation=late_invitation,
                answers={rating.pk: [choice(rating, "Very dissatisfied").pk]},
                channel=Channel.PHONE,
                entered_by=staff,
            )
        assert table(breakdown_section(client, survey), rating) == closed
        published_csv = csv_rows(client, survey)

    # What is published with the known answer is exactly what would have been without it (5 people, 1 very
    # dissatisfied): rounding to 5 hides the one-person change, so there is nothing to compare even later.
    assert closed["People who answered"][MIXED] == "5"
    assert closed["Very dissatisfied"][MIXED] == "0 (0.0%)"
    assert closed["Fairly satisfied"][MIXED] == "5 (100.0%)"
    mixed_dissatisfied = [
        r
        for r in published_csv
        if r["group"] == "Mixed or multiple ethnic groups"
        and r["answer"] == "Very dissatisfied"
        and r["question_number"] == "1"
    ]
    assert [(r["people"], r["percent"], r["note"]) for r in mixed_dissatisfied] == [
        ("0", "0.0", "rounded to the nearest 5")
    ]


def test_without_the_known_answer_the_closed_breakdown_would_have_been_the_same(client_for, staff):
    """The same survey twice, closed, one with the resident's answer and one without: identical tables."""
    tables = []
    for with_known in (False, True):
        survey, rating, multiple, text = satisfaction_survey()
        publish_for(survey, ResidentFactory(), closes_at=timezone.now() + timedelta(minutes=5))
        respond(survey, {rating: choice(rating, "Very satisfied")}, times=30, ethnicity=Ethnicity.WHITE)
        respond(survey, {rating: choice(rating, "Fairly satisfied")}, times=4, ethnicity=Ethnicity.MIXED)
        respond(survey, {rating: choice(rating, "Very dissatisfied")}, times=1 + with_known, ethnicity=Ethnicity.MIXED)
        with time_machine.travel(survey.closes_at + timedelta(minutes=1)):
            tables.append(table(breakdown_section(client_for("staff"), survey), rating))
    assert tables[0] == tables[1]


def test_a_survey_with_no_closing_day_never_shows_equality_results_but_shows_tenure_live(client_for):
    survey, rating, multiple, text = satisfaction_survey()
    respond(survey, {rating: choice(rating, "Neither")}, times=8, ethnicity=Ethnicity.WHITE, tenure=Tenure.LCRA)
    client = client_for("staff")
    section = breakdown_section(client, survey)
    assert "This survey has no closing day: give it one to see them." in section
    assert "<table" not in section
    by_tenure = table(breakdown_section(client, survey, by="tenure"), rating)
    assert by_tenure["People who answered"] == ["8"]


# (b) Two overlapping filters --------------------------------------------------------------------------------


def closed_tenure_survey():
    """Closed: low-cost rental has 10 Black and 20 White respondents; low-cost home ownership 2 Black (both very
    dissatisfied) and 8 White. The tenure breakdown shows the exact 10 of low-cost home ownership."""
    survey, rating, multiple, text = satisfaction_survey()
    publish_for(survey, ResidentFactory(), closes_at=timezone.now() + timedelta(minutes=5))
    north = NeighbourhoodFactory(name="Northfield")
    respond(
        survey, {rating: choice(rating, "Fairly satisfied")}, times=10, ethnicity=Ethnicity.BLACK, tenure=Tenure.LCRA
    )
    respond(survey, {rating: choice(rating, "Very satisfied")}, times=20, ethnicity=Ethnicity.WHITE, tenure=Tenure.LCRA)
    respond(
        survey,
        {rating: choice(rating, "Very dissatisfied")},
        times=2,
        ethnicity=Ethnicity.BLACK,
        tenure=Tenure.LCHO,
        neighbourhood=north,
    )
    respond(survey, {rating: choice(rating, "Very satisfied")}, times=8, ethnicity=Ethnicity.WHITE, tenure=Tenure.LCHO)
    return survey, rating, north


def test_everyone_minus_one_tenure_does_not_reveal_the_two_black_home_owners_or_their_answer(client_for):
    survey, rating, north = closed_tenure_survey()
    black = ETHNICITY_COLUMNS.index("Black, Black British, Caribbean or African")
    client = client_for("staff")
    with time_machine.travel(survey.closes_at + timedelta(minutes=1)):
        everyone = table(breakdown_section(client, survey), rating)
        renting = table(breakdown_section(client, survey, tenure=Tenure.LCRA), rating)
        owning = table(breakdown_section(client, survey, tenure=Tenure.LCHO), rating)

    # Exact counts would show 12 and 10: two Black home owners, both very dissatisfied. Published, the two
    # tables agree, so subtraction leaves anything from 0 to 4 people, and no answer.
    assert everyone["People who answered"][black] == renting["People who answered"][black] == "10"
    assert everyone["Very dissatisfied"][black] == renting["Very dissatisfied"][black] == "0 (0.0%)"
    # Their own table hides them; White (8) goes with them, as the tenure breakdown shows exactly 10 home owners.
    assert owning["People who answered"][black] == "fewer than 5"
    assert owning["People who answered"][ETHNICITY_COLUMNS.index("White")] == "not shown"
    assert set(owning["Very dissatisfied"]) <= {"fewer than 5", "not shown"}


def test_one_neighbourhood_against_everyone_in_the_csv_does_not_reveal_its_small_group(client_for):
    survey, rating, north = closed_tenure_survey()
    client = client_for("staff")

    def black_rows(**query):
        return {
            (r["answer"], r["people"], r["note"])
            for r in csv_rows(client, survey, **query)
            if r["group"] == "Black, Black British, Caribbean or African" and r["question_number"] == "1"
        }

    with time_machine.travel(survey.closes_at + timedelta(minutes=1)):
        everyone = black_rows()
        in_northfield = black_rows(neighbourhood=north.pk)
        elsewhere_looks = black_rows(tenure=Tenure.LCRA)
    assert ("(people who answered)", "10", "rounded to the nearest 5") in everyone
    assert everyone == elsewhere_looks  # the 2 in Northfield make no difference to what is published
    assert in_northfield == {(answer, "", "fewer than 5") for answer, _, _ in everyone}


# (c) Small groups and their complement -----------------------------------------------------------------------


def test_a_small_group_and_the_next_smallest_are_hidden_on_the_page_and_in_the_csv(client_for):
    survey, rating, multiple, text = satisfaction_survey()
    publish_for(survey, ResidentFactory(), closes_at=timezone.now() + timedelta(minutes=5))
    respond(survey, {rating: choice(rating, "Very satisfied")}, times=31, ethnicity=Ethnicity.WHITE)
    respond(survey, {rating: choice(rating, "Neither")}, times=6, ethnicity=Ethnicity.BLACK)
    respond(survey, {rating: choice(rating, "Very dissatisfied")}, times=3, ethnicity=Ethnicity.ASIAN)
    client = client_for("staff")
    with time_machine.travel(survey.closes_at + timedelta(minutes=1)):
        section = breakdown_section(client, survey)
        rows = csv_rows(client, survey)

    people = table(section, rating)["People who answered"]
    # Every ethnicity is a column, whether anyone answered or not, so a column says nothing about who did.
    assert re.findall(r'<th scope="col" class="text-end">([^<]+)</th>', section)[: len(ETHNICITY_COLUMNS)] == [
        label.replace("'", "&#x27;") for label in ETHNICITY_COLUMNS
    ]
    assert dict(zip(ETHNICITY_COLUMNS, people, strict=True)) == {
        "Asian or Asian British": "fewer than 5",  # 3 people
        "Black, Black British, Caribbean or African": "not shown",  # 6, else the 3 follow from the totals
        "Mixed or multiple ethnic groups": "fewer than 5",  # nobody
        "White": "30",  # 31, rounded
        "Other ethnic group": "fewer than 5",
        "Prefer not to say": "fewer than 5",
        "Not recorded": "fewer than 5",
    }
    assert re.search(r"People who answered, all groups together: 40\s+\(rounded\)\.", section)
    asian = [r for r in rows if r["group"] == "Asian or Asian British" and r["question_number"] == "1"]
    assert asian and all((r["people"], r["percent"], r["note"]) == ("", "", "fewer than 5") for r in asian)
    black = [r for r in rows if r["group"].startswith("Black") and r["question_number"] == "1"]
    assert black and all((r["people"], r["note"]) == ("", "not shown") for r in black)
    white_very = next(r for r in rows if r["group"] == "White" and r["answer"] == "Very satisfied")
    assert (white_very["people"], white_very["percent"]) == ("30", "100.0")


def test_the_ethnicity_breakdown_costs_the_same_queries_at_any_size_and_none_for_the_breakdown_while_open(client_for):
    survey, rating, multiple, text = satisfaction_survey()
    publish_for(survey, ResidentFactory(), closes_at=timezone.now() + timedelta(minutes=5))
    respond(survey, {rating: choice(rating, "Neither")}, times=2, ethnicity=Ethnicity.WHITE)
    client = client_for("staff")
    url = reverse("surveys:results", args=[survey.pk]) + "?by=ethnicity&tenure=lcra"
    while_open = queries_for_get(client, url)
    with time_machine.travel(survey.closes_at + timedelta(minutes=1)):
        small = queries_for_get(client, url)
        respond(survey, {rating: choice(rating, "Neither"), multiple: list(multiple.choices.all())}, times=400)
        large = queries_for_get(client, url)
    assert small.count == large.count == 9, large
    assert while_open.count == 8, while_open  # as the page without a breakdown: nothing is counted
