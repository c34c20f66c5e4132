"""The results pages, the TSM pages and the public performance page: what people see, and what each costs."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from residents.models import OutboundEmail, Tenure, UpdateStatus, YouSaidWeDid
from residents.updates import services as updates
from surveys.models import Anonymity, Survey, SurveyKind
from surveys.services import tsm
from surveys.services.answering import submit_response

from ..factories import HomeFactory, NeighbourhoodFactory
from ..querycount import queries_for_get
from .fixtures import build_survey, publish_for
from .results_data import choice, respond, satisfaction_survey

pytestmark = pytest.mark.django_db


def test_results_page_shows_a_chart_and_a_table_of_the_same_numbers(client_for):
    survey, rating, multiple, text = satisfaction_survey()
    respond(survey, {rating: choice(rating, "Very satisfied")}, times=3)
    respond(survey, {rating: choice(rating, "Don't know")}, times=1)

    response = client_for("staff").get(reverse("surveys:results", args=[survey.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<th scope="row">Very satisfied</th><td class="text-end">3</td><td class="text-end">100.0%</td>' in page
    assert "not in the base" in page  # the "Don't know" answer
    assert "no answers yet" in page  # the multiple-choice question nobody answered
    assert 'id="results-chart-data"' in page and '"counts": [3, 0, 0, 0, 0, 1]' in page
    assert 'src="/static/js/results-charts.js"' in page and "<script>" not in page


def test_results_page_costs_the_same_queries_at_any_size(client_for):
    survey, rating, multiple, text = satisfaction_survey()
    respond(survey, {rating: choice(rating, "Neither")}, times=2)
    client = client_for("staff")
    url = reverse("surveys:results", args=[survey.pk])
    small = queries_for_get(client, url)
    respond(survey, {rating: choice(rating, "Neither"), multiple: list(multiple.choices.all()), text: "Ok"}, times=500)
    large = queries_for_get(client, url)
    assert small.count == large.count == 8, large  # 8 with the neighbourhoods to filter by


def test_breakdown_page_costs_the_same_queries_at_any_size_and_hides_small_groups(client_for):
    survey, rating, multiple, text = satisfaction_survey()
    respond(survey, {rating: choice(rating, "Neither")}, times=7, neighbourhood=NeighbourhoodFactory(name="Northfield"))
    client = client_for("staff")
    url = reverse("surveys:results", args=[survey.pk]) + "?by=neighbourhood"
    small = queries_for_get(client, url)
    respond(survey, {rating: choice(rating, "Neither")}, times=3, neighbourhood=NeighbourhoodFactory(name="Southbank"))
    for _ in range(4):
        respond(survey, {rating: choice(rating, "Neither")}, times=20, neighbourhood=NeighbourhoodFactory())
    large = queries_for_get(client, url)
    assert small.count == large.count == 10, large
    page = client.get(url).content.decode()
    assert "Southbank" in page and "fewer than 5" in page and "not shown" in page


def test_an_unknown_breakdown_field_shows_the_plain_results(client_for):
    survey, *_ = satisfaction_survey()
    response = client_for("staff").get(reverse("surveys:results", args=[survey.pk]) + "?by=resident_id")
    assert response.status_code == 200
    assert "breakdown-title" not in response.content.decode()


def test_written_answers_page_for_a_confidential_survey_shows_no_name_or_area(client_for, resident):
    survey, rating, multiple, text = satisfaction_survey(anonymity=Anonymity.CONFIDENTIAL)
    (response,) = respond(
        survey, {text: "Please fix the door entry."}, neighbourhood=NeighbourhoodFactory(name="Northfield")
    )
    response.resident = resident.resident
    response.save(update_fields=["resident"])

    page = client_for("staff").get(reverse("surveys:results_text", args=[survey.pk, text.pk])).content.decode()

    assert "Please fix the door entry." in page
    assert "Northfield" not in page and "Amina" not in page


def test_written_answers_page_for_a_named_survey_says_who_and_is_paginated(client_for, resident):
    survey, rating, multiple, text = satisfaction_survey(anonymity=Anonymity.NAMED)
    responses = respond(survey, {text: "Call me about the fence."}, times=55)
    responses[0].resident = resident.resident
    responses[0].save(update_fields=["resident"])
    client = client_for("staff")
    url = reverse("surveys:results_text", args=[survey.pk, text.pk])

    first = client.get(url).content.decode()

    assert "Page 1 of 2" in first
    assert first.count("Call me about the fence.") == 50
    cost = queries_for_get(client, url + "?page=2")
    assert cost.count == 5, cost


def test_written_answers_page_is_404_for_a_choice_question(client_for):
    survey, rating, *_ = satisfaction_survey()
    assert client_for("staff").get(reverse("surveys:results_text", args=[survey.pk, rating.pk])).status_code == 404


def test_results_csv_downloads_as_an_attachment(client_for):
    survey, rating, *_ = satisfaction_survey(title="Repairs =survey")
    respond(survey, {rating: choice(rating, "Neither")}, times=2)
    response = client_for("staff").get(reverse("surveys:results_csv", args=[survey.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="results-')
    assert "Neither,no,2,100.0,2,2" in response.content.decode()


# Tenant Satisfaction Measures ---------------------------------------------------------------------------


def test_staff_make_the_tsm_survey_from_its_page(client_for, staff):
    year = tsm.current_reporting_year()
    response = client_for("staff").post(reverse("surveys:tsm_create"), {"reporting_year": year})
    survey = Survey.objects.get(kind=SurveyKind.TSM)
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:survey_detail", args=[survey.pk])
    assert survey.locked and survey.reporting_year == year

    again = client_for("staff").post(reverse("surveys:tsm_create"), {"reporting_year": year})
    assert again.status_code == 200
    assert "There is already a Tenant Satisfaction Measures survey" in again.content.decode()


def test_tsm_results_page_costs_the_same_queries_at_any_size_and_the_board_can_read_it(client_for, staff):
    year = tsm.current_reporting_year() - 1
    survey = tsm.create_tsm_survey(reporting_year=year, actor=staff)
    tp01 = survey.questions.get(code="TP01")
    url = reverse("surveys:tsm_results", args=[year])
    client = client_for("board")
    respond(
        survey,
        {tp01: choice(tp01, "Very satisfied")},
        homes=HomeFactory.create_batch(2),
        counted_year=year,
        tenure="lcra",
    )
    small = queries_for_get(client, url)
    homes = HomeFactory.create_batch(40, tenure=Tenure.LCHO)
    respond(survey, {tp01: choice(tp01, "Fairly satisfied")}, times=40, homes=homes, counted_year=year, tenure="lcho")
    large = queries_for_get(client, url)
    assert small.count == large.count == 15, large
    page = client.get(url).content.decode()
    assert "Publish these results" not in page, "the Board reads; staff publish"
    assert "100.0%" in page


def test_publishing_puts_the_results_on_the_public_page_and_withdrawing_takes_them_off(client_for, staff, home):
    year = tsm.current_reporting_year() - 1
    survey = tsm.create_tsm_survey(reporting_year=year, actor=staff)
    tp01 = survey.questions.get(code="TP01")
    respond(survey, {tp01: choice(tp01, "Very satisfied")}, homes=[home], counted_year=year, tenure="lcra")
    public = client_for("anonymous")
    assert "have not published" in public.get(reverse("performance")).content.decode()

    client_for("staff").post(reverse("surveys:tsm_publish", args=[year]))

    page = public.get(reverse("performance")).content.decode()
    assert "TP01 Overall satisfaction" in page and "100.0%" in page
    # The measures come from the published copy: the answers are not counted again for each visitor (the page's
    # other figures and its query count: tests/engagement/test_performance_page.py).
    read = queries_for_get(public, reverse("performance")).sql
    assert any('"surveys_tsmapproach"' in sql for sql in read), read
    assert not any('"surveys_answer"' in sql for sql in read), read
    assert public.get(reverse("performance_csv")).status_code == 200

    client_for("staff").post(reverse("surveys:tsm_publish", args=[year]), {"action": "withdraw"})
    assert "have not published" in public.get(reverse("performance")).content.decode()


def test_staff_write_the_summary_of_approach(client_for):
    year = tsm.current_reporting_year()
    client = client_for("staff")
    response = client.post(
        reverse("surveys:tsm_approach", args=[year]),
        {
            "sampling_method": "Every household was asked (a census).",
            "conducted_by": "Our insight team",
            "weighting": "None",
            "exclusions": "Homes with a live safeguarding flag.",
            "incentives": "A prize draw for a £50 voucher.",
            "other_notes": "",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("surveys:tsm_results", args=[year])).content.decode()
    assert "Every household was asked (a census)." in page and "A prize draw" in page


def test_staff_start_a_you_said_we_did_from_the_results_and_it_tells_those_who_answered(client_for, resident):
    survey = build_survey(title="Bins and recycling")
    [invitation] = publish_for(survey, resident.resident)
    submit_response(invitation=invitation, answers={survey.questions.get(position=3).pk: "More recycling bins"})
    response = client_for("staff").post(reverse("surveys:results_update_create", args=[survey.pk]), follow=True)
    entry = YouSaidWeDid.objects.get()
    assert response.request["PATH_INFO"] == reverse("residents:update_edit", args=[entry.pk])
    page = response.content.decode()
    assert "Survey: Bins and recycling" in page, "the draft cites the survey"
    assert "1 resident answered our survey" in entry.you_said

    entry.everyone = True
    entry.save()
    with pytest.raises(ValidationError, match="what we did"):
        updates.schedule_update(entry=entry, publish_at=timezone.now())
    entry.we_did = "We added recycling bins by every block."
    entry.save()
    updates.schedule_update(entry=entry, publish_at=timezone.now())
    updates.publish_due_updates()
    entry.refresh_from_db()
    assert entry.status == UpdateStatus.PUBLISHED and entry.voices == 1
    assert OutboundEmail.objects.filter(to=resident.email, key__startswith="update").exists()
