"""The scrutiny pages cost the same number of queries at 2 and 200 recommendations, and at 5 and 500 members."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from panels.models import BoardReport, ManagementResponse, Recommendation, ReviewStage, TopicVote
from residents.models import Resident

from ..factories import ResidentFactory
from ..querycount import queries_for_get
from .factories import MembershipFactory


def add_recommendations(review, staff, n: int) -> None:
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                review=review,
                text=f"Recommendation {i}",
                response=ManagementResponse.ACCEPTED,
                response_reasons="Agreed",
                owner=staff,
                due_on=timezone.localdate(),
            )
            for i in range(n)
        ]
    )


def add_members_voting(panel, topic, n: int) -> None:
    residents = ResidentFactory.create_batch(n)
    for resident in residents:
        MembershipFactory(panel=panel, resident=resident)
    ballot = panel.topic_ballots.get()
    TopicVote.objects.bulk_create([TopicVote(ballot=ballot, topic=topic, resident=r) for r in residents])


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("persona", ["staff", "panel_member"])
def test_the_review_page_costs_the_same_at_2_and_200_recommendations(request, persona, scrutiny_review, staff):
    client = signed_in(request.getfixturevalue(persona))
    Recommendation.objects.filter(review=scrutiny_review).delete()
    url = reverse("panels:review_detail", args=[scrutiny_review.pk])
    add_recommendations(scrutiny_review, staff, 2)
    small = queries_for_get(client, url)
    add_recommendations(scrutiny_review, staff, 198)
    large = queries_for_get(client, url)
    assert small.count == large.count, f"{small}\n{large}"


@pytest.mark.parametrize("show", ["progress", "awaiting", "done"])
def test_the_recommendation_tracker_costs_the_same_at_2_and_200(staff, scrutiny_review, show):
    client = signed_in(staff)
    url = reverse("panels:recommendation_list") + f"?show={show}"
    add_recommendations(scrutiny_review, staff, 2)
    small = queries_for_get(client, url)
    add_recommendations(scrutiny_review, staff, 198)
    large = queries_for_get(client, url)
    assert small.count == large.count, f"{small}\n{large}"


@pytest.mark.parametrize("persona", ["staff", "panel_member"])
def test_the_panels_scrutiny_page_costs_the_same_at_5_and_500_members(
    request, persona, scrutiny_panel, scrutiny_topic, scrutiny_review, staff
):
    client = signed_in(request.getfixturevalue(persona))
    url = reverse("panels:scrutiny_home", args=[scrutiny_panel.slug])
    already = scrutiny_panel.memberships.count()  # the panel_member persona, when asked for
    add_members_voting(scrutiny_panel, scrutiny_topic, 5 - already)
    BoardReport.objects.create(panel=scrutiny_panel, title="One", summary="x")
    small = queries_for_get(client, url)
    add_members_voting(scrutiny_panel, scrutiny_topic, 495)
    BoardReport.objects.bulk_create([BoardReport(panel=scrutiny_panel, title=f"R{i}", summary="x") for i in range(20)])
    large = queries_for_get(client, url)
    assert small.count == large.count, f"{small}\n{large}"
    assert Resident.objects.filter(panel_memberships__panel=scrutiny_panel).count() == 500


def test_the_recommendation_page_costs_the_same_at_2_and_200_progress_updates(staff, scrutiny_review):
    from panels.models import ProgressUpdate

    Recommendation.objects.filter(review=scrutiny_review).update(
        response=ManagementResponse.ACCEPTED, response_reasons="Ok", owner=staff, due_on=timezone.localdate()
    )
    recommendation = scrutiny_review.recommendations.get()
    scrutiny_review.stage = ReviewStage.IMPLEMENTATION
    scrutiny_review.save(update_fields=["stage"])
    client = signed_in(staff)
    url = reverse("panels:recommendation_detail", args=[recommendation.pk])
    ProgressUpdate.objects.bulk_create([ProgressUpdate(recommendation=recommendation, text="x", added_by=staff)] * 2)
    small = queries_for_get(client, url)
    ProgressUpdate.objects.bulk_create(
        [ProgressUpdate(recommendation=recommendation, text=f"x{i}", added_by=staff) for i in range(198)]
    )
    large = queries_for_get(client, url)
    assert small.count == large.count, f"{small}\n{large}"


def test_the_boards_list_of_reports_costs_the_same_at_2_and_200(board, scrutiny_panel):
    client = signed_in(board)
    url = reverse("panels:board_report_list")
    BoardReport.objects.bulk_create([BoardReport(panel=scrutiny_panel, title=f"R{i}", summary="x") for i in range(2)])
    small = queries_for_get(client, url)
    BoardReport.objects.bulk_create([BoardReport(panel=scrutiny_panel, title=f"S{i}", summary="x") for i in range(198)])
    large = queries_for_get(client, url)
    assert small.count == large.count, f"{small}\n{large}"
