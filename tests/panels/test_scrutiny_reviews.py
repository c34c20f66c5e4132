"""Scrutiny reviews: members vote on topics, a review moves through its stages, evidence is logged, and each
recommendation is answered, tracked to done and told as "You said, we did"."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from panels.models import (
    Evidence,
    ManagementResponse,
    Membership,
    Recommendation,
    Review,
    ReviewStage,
    StageChange,
    TopicBallot,
    TopicVote,
)
from panels.scrutiny import services
from residents.models import OutboundEmail, Resident, UpdateStatus, YouSaidWeDid
from residents.updates import services as updates

from ..factories import ResidentFactory, UserFactory
from .factories import MembershipFactory
from .scrutiny_fixtures import PDF, make_review

LONDON = ZoneInfo("Europe/London")


def member_of(panel, **fields):
    user = UserFactory()
    MembershipFactory(panel=panel, resident=ResidentFactory(user=user), **fields)
    return user


# Topics and votes -------------------------------------------------------------------------------------------------


def test_a_member_has_a_fixed_number_of_votes_and_can_move_them_until_voting_closes(scrutiny_panel, scrutiny_topic):
    member = member_of(scrutiny_panel)
    second = services.propose_topic(
        panel=scrutiny_panel, title="Caretaking", description="Bins", prompted_by="", actor=member
    )
    third = services.propose_topic(
        panel=scrutiny_panel, title="Lifts", description="Broken", prompted_by="", actor=member
    )
    services.cast_vote(topic=scrutiny_topic, user=member, vote=True)
    services.cast_vote(topic=second, user=member, vote=True)
    with pytest.raises(ValidationError, match="used all 2 of your votes"):
        services.cast_vote(topic=third, user=member, vote=True)
    services.cast_vote(topic=second, user=member, vote=False)
    services.cast_vote(topic=third, user=member, vote=True)
    assert set(TopicVote.objects.values_list("topic__title", flat=True)) == {"Damp and mould repairs", "Lifts"}

    services.close_ballot(ballot=TopicBallot.objects.get())
    with pytest.raises(ValidationError, match="Voting is closed"):
        services.cast_vote(topic=third, user=member, vote=False)
    assert TopicVote.objects.count() == 2


def test_a_member_votes_from_the_panel_page_and_sees_how_many_votes_are_left(
    client_for, panel_member, scrutiny_panel, scrutiny_topic
):
    client = client_for("panel_member")
    response = client.post(reverse("panels:topic_vote", args=[scrutiny_topic.pk]), {"vote": "1"}, follow=True)
    assert "You have used 1 of 2" in response.content.decode()
    assert "Take back my vote" in response.content.decode()


def test_staff_see_the_ranking_with_what_prompted_each_topic_and_cannot_vote(
    client_for, staff, scrutiny_panel, scrutiny_topic
):
    for _ in range(3):
        services.cast_vote(topic=scrutiny_topic, user=member_of(scrutiny_panel), vote=True)
    lifts = services.propose_topic(
        panel=scrutiny_panel, title="Lifts", description="Broken", prompted_by="", actor=staff
    )
    services.cast_vote(topic=lifts, user=member_of(scrutiny_panel), vote=True)
    page = client_for("staff").get(reverse("panels:scrutiny_home", args=[scrutiny_panel.slug])).content.decode()
    assert page.index("Damp and mould repairs") < page.index("Lifts")
    assert "3 votes" in page and "1 vote<" in page
    assert "TP04 satisfaction with repairs fell to 61%" in page
    assert client_for("staff").post(reverse("panels:topic_vote", args=[lifts.pk]), {"vote": "1"}).status_code == 403


def test_proposing_a_topic_without_a_title_keeps_what_was_typed(client_for, panel_member, scrutiny_panel):
    response = client_for("panel_member").post(
        reverse("panels:topic_create", args=[scrutiny_panel.slug]), {"description": "Noise at night"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and "Noise at night" in page


def test_staff_start_a_review_from_the_chosen_topic_once(client_for, staff, scrutiny_topic):
    client = client_for("staff")
    response = client.post(reverse("panels:review_start", args=[scrutiny_topic.pk]))
    review = Review.objects.get()
    assert response["Location"] == reverse("panels:review_detail", args=[review.pk])
    assert review.topic == scrutiny_topic and review.stage == ReviewStage.SCOPING
    client.post(reverse("panels:review_start", args=[scrutiny_topic.pk]))
    assert Review.objects.count() == 1


# Stages -----------------------------------------------------------------------------------------------------------


def test_each_move_between_stages_is_recorded_with_who_and_when(scrutiny_panel, staff):
    review = services.start_review(panel=scrutiny_panel, title="Repairs", actor=staff)
    with pytest.raises(ValidationError, match="scope"):
        services.move_review(review=review, to_stage=ReviewStage.EVIDENCE, actor=staff)
    services.update_scope(review=review, title="Repairs", scope="Booking")
    services.move_review(review=review, to_stage=ReviewStage.EVIDENCE, actor=staff)
    with pytest.raises(ValidationError, match="one stage at a time"):
        services.move_review(review=review, to_stage=ReviewStage.RESPONSE, actor=staff)
    services.move_review(review=review, to_stage=ReviewStage.REPORTING, actor=staff)
    with pytest.raises(ValidationError) as problems:
        services.move_review(review=review, to_stage=ReviewStage.RESPONSE, actor=staff)
    assert len(problems.value.messages) == 2  # no finding, no recommendation
    moves = list(StageChange.objects.filter(review=review).values_list("from_stage", "to_stage", "moved_by"))
    assert moves == [("", "scoping", staff.pk), ("scoping", "evidence", staff.pk), ("evidence", "reporting", staff.pk)]


def test_the_review_cannot_close_while_an_accepted_recommendation_is_not_done(scrutiny_panel, staff):
    review = make_review(scrutiny_panel, stage=ReviewStage.IMPLEMENTATION)
    Recommendation.objects.create(
        review=review, text="x", response=ManagementResponse.ACCEPTED, response_reasons="Agreed"
    )
    with pytest.raises(ValidationError, match="must be done"):
        services.move_review(review=review, to_stage=ReviewStage.CLOSED, actor=staff)


def test_staff_move_a_review_from_its_page_and_the_history_shows_it(client_for, staff, scrutiny_review):
    client = client_for("staff")
    response = client.post(
        reverse("panels:review_stage", args=[scrutiny_review.pk]), {"to_stage": "reporting"}, follow=True
    )
    page = response.content.decode()
    assert "The review is now at: Reporting." in page
    assert "moved from evidence gathering to reporting by Sam Staff" in page


# Evidence ---------------------------------------------------------------------------------------------------------


def test_a_member_adds_a_document_to_the_evidence_log(client_for, panel_member, scrutiny_review):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for("panel_member").post(
        reverse("panels:evidence_create", args=[scrutiny_review.pk]),
        {"kind": "performance", "title": "Repairs KPIs", "document": SimpleUploadedFile("kpi.pdf", PDF)},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(title="Repairs KPIs")
    assert evidence.document_content_type == "application/pdf" and evidence.added_by == panel_member
    document = client_for("panel_member").get(reverse("panels:evidence_document", args=[evidence.pk]))
    assert document.status_code == 200 and b"".join(document.streaming_content) == PDF


def test_a_file_that_is_not_a_pdf_or_photo_is_refused_and_the_notes_are_kept(client_for, panel_member, scrutiny_review):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for("panel_member").post(
        reverse("panels:evidence_create", args=[scrutiny_review.pk]),
        {
            "kind": "interview",
            "title": "Talk with the repairs manager",
            "notes": "Said the call centre is short-staffed",
            "document": SimpleUploadedFile("notes.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "is not a PDF or a photo" in page
    assert "Said the call centre is short-staffed" in page
    assert not Evidence.objects.filter(title="Talk with the repairs manager").exists()


def test_evidence_needs_notes_or_a_document(client_for, panel_member, scrutiny_review):
    response = client_for("panel_member").post(
        reverse("panels:evidence_create", args=[scrutiny_review.pk]), {"kind": "other", "title": "Visit"}
    )
    assert "Write the notes or figures, or attach a document." in response.content.decode()


# Recommendations --------------------------------------------------------------------------------------------------


def at_response(review) -> Recommendation:
    Review.objects.filter(pk=review.pk).update(stage=ReviewStage.RESPONSE)
    return review.recommendations.get()


def test_an_accepted_recommendation_needs_an_owner_and_a_due_date(client_for, staff, scrutiny_review):
    recommendation = at_response(scrutiny_review)
    response = client_for("staff").post(
        reverse("panels:recommendation_respond", args=[recommendation.pk]),
        {"response": "accepted", "reasons": "We agree"},
    )
    page = response.content.decode()
    assert "Choose who owns it." in page and "Give the date it is due by." in page and "We agree" in page
    recommendation.refresh_from_db()
    assert recommendation.response == ManagementResponse.AWAITING


def test_a_response_not_accepting_a_recommendation_gives_reasons_and_needs_no_owner(client_for, staff, scrutiny_review):
    recommendation = at_response(scrutiny_review)
    client_for("staff").post(
        reverse("panels:recommendation_respond", args=[recommendation.pk]),
        {"response": "not_accepted", "reasons": "Evening visits cost too much", "owner": staff.pk},
    )
    recommendation.refresh_from_db()
    assert recommendation.response == ManagementResponse.NOT_ACCEPTED and recommendation.owner is None
    assert recommendation.responded_by == staff


def test_an_overdue_recommendation_stands_out_in_the_tracker(client_for, staff, scrutiny_review):
    recommendation = at_response(scrutiny_review)
    services.respond_to_recommendation(
        recommendation=recommendation,
        response=ManagementResponse.PARTLY,
        reasons="Mornings and afternoons only",
        owner=staff,
        due_on=timezone.localdate() - timedelta(days=1),
        actor=staff,
    )
    page = client_for("staff").get(reverse("panels:recommendation_list")).content.decode()
    assert "Overdue" in page and "border-danger" in page


def test_a_done_recommendation_becomes_a_you_said_we_did_draft_citing_it_and_the_panel_is_told(
    client_for, staff, panel_member, scrutiny_review
):
    recommendation = at_response(scrutiny_review)
    services.respond_to_recommendation(
        recommendation=recommendation,
        response=ManagementResponse.ACCEPTED,
        reasons="Agreed",
        owner=staff,
        due_on=timezone.localdate() + timedelta(days=30),
        actor=staff,
    )
    client = client_for("staff")
    client.post(
        reverse("panels:recommendation_progress", args=[recommendation.pk]),
        {"text": "Evening slots now bookable online and by phone.", "done": "on"},
    )
    recommendation.refresh_from_db()
    assert recommendation.completed_at is not None

    response = client.post(reverse("panels:recommendation_update_draft", args=[recommendation.pk]))
    entry = YouSaidWeDid.objects.get()
    assert response["Location"] == reverse("residents:update_edit", args=[entry.pk])
    assert entry.status == UpdateStatus.DRAFT and entry.we_did == "Evening slots now bookable online and by phone."
    assert list(YouSaidWeDid.objects.citing(recommendation)) == [entry]

    YouSaidWeDid.objects.filter(pk=entry.pk).update(everyone=True)
    updates.schedule_update(entry=entry, publish_at=timezone.now())
    updates.publish_due_updates()
    told = OutboundEmail.objects.filter(key__startswith=f"update-published:{entry.pk}:")
    assert list(told.values_list("to", flat=True)) == [panel_member.email]


def test_progress_cannot_be_added_to_a_recommendation_that_was_not_accepted(scrutiny_review, staff):
    with pytest.raises(ValidationError):
        services.add_progress(recommendation=scrutiny_review.recommendations.get(), text="x", done=True, actor=staff)


# The year's target ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "counted"),
    [(date(2026, 4, 1), 2), (date(2027, 3, 31), 2), (date(2026, 3, 31), 1), (date(2027, 4, 1), 0)],
)
def test_reviews_completed_count_in_the_reporting_year_april_to_march(scrutiny_panel, today, counted):
    for reported in [date(2026, 3, 31), date(2026, 4, 1), date(2027, 3, 31)]:
        make_review(scrutiny_panel, reported_on=reported, stage=ReviewStage.IMPLEMENTATION)
    assert services.completed_this_year(scrutiny_panel, today=today) == counted


def test_the_panel_page_shows_the_years_reviews_against_the_target_of_two(client_for, staff, scrutiny_panel):
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=LONDON), tick=False):
        review = services.start_review(panel=scrutiny_panel, title="Repairs", actor=staff)
        Review.objects.filter(pk=review.pk).update(reported_on=date(2026, 5, 1))
        page = client_for("staff").get(reverse("panels:scrutiny_home", args=[scrutiny_panel.slug])).content.decode()
    assert "1 of 2 reviews completed between 1 April 2026 and 31 March 2027" in page


def test_moving_the_report_to_management_dates_it(scrutiny_review, staff):
    Review.objects.filter(pk=scrutiny_review.pk).update(stage=ReviewStage.REPORTING)
    with time_machine.travel(datetime(2026, 9, 9, 10, tzinfo=LONDON), tick=False):
        review = services.move_review(review=scrutiny_review, to_stage=ReviewStage.RESPONSE, actor=staff)
    assert review.reported_on == date(2026, 9, 9)


# Reports to the Board ---------------------------------------------------------------------------------------------


def test_the_board_answers_a_report_and_each_current_member_is_emailed_once(
    client_for, board, panel_member, board_report, scrutiny_panel
):
    former = ResidentFactory(user=UserFactory())
    MembershipFactory(panel=scrutiny_panel, resident=former, status="stepped_down")
    client = client_for("board")
    url = reverse("panels:board_report_respond", args=[board_report.pk])
    form = {"response": "The Board thanks the panel.", "decisions": "Evening slots funded.", "decided_on": "2026-01-10"}
    with time_machine.travel(datetime(2026, 1, 12, 10, tzinfo=LONDON), tick=False):
        assert client.post(url, form).status_code == 302
        client.post(url, form)
    board_report.refresh_from_db()
    assert board_report.decided_on == date(2026, 1, 10) and board_report.responded_by == board
    emails = OutboundEmail.objects.filter(key__startswith=f"board-report-answered:{board_report.pk}:")
    assert list(emails.values_list("to", flat=True)) == [panel_member.email]
    assert "Evening slots funded." in emails.get().body
    page = client_for("panel_member").get(reverse("panels:board_report_detail", args=[board_report.pk]))
    assert "The Board thanks the panel." in page.content.decode()


def test_a_board_response_without_a_date_keeps_what_was_typed(client_for, board, board_report):
    response = client_for("board").post(
        reverse("panels:board_report_respond", args=[board_report.pk]), {"response": "We agree."}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and "We agree." in page
    board_report.refresh_from_db()
    assert board_report.responded_at is None


def test_the_chair_sends_a_report_to_the_board(client_for, scrutiny_panel, board):
    chair = member_of(scrutiny_panel, role="chair")
    from django.test import Client

    client = Client()
    client.force_login(chair)
    response = client.post(
        reverse("panels:board_report_create", args=[scrutiny_panel.slug]),
        {"title": "Repairs", "summary": "We found...", "asks": ""},
    )
    assert response.status_code == 302
    page = client_for("board").get(reverse("panels:board_report_list")).content.decode()
    assert "Repairs" in page and "Awaiting response" in page


def test_voices_of_a_recommendation_are_its_panels_current_members(scrutiny_review, panel_member):
    recommendation = scrutiny_review.recommendations.get()
    assert list(services.recommendation_voices([recommendation.pk])) == [Resident.objects.get(user=panel_member).pk]
    assert Membership.objects.count() == 1


def test_someone_who_is_not_a_current_member_cannot_vote(scrutiny_panel, scrutiny_topic):
    outsider = UserFactory()
    ResidentFactory(user=outsider)
    with pytest.raises(ValidationError, match="current members vote"):
        services.cast_vote(topic=scrutiny_topic, user=outsider, vote=True)
    assert not TopicVote.objects.exists()


def test_the_demo_seed_makes_a_review_a_board_report_and_a_scoring_round_once(db):
    from panels.models import BoardReport, ScoringRound
    from panels.scrutiny.demo import seed_demo_scrutiny

    from .factories import PanelFactory, ScrutinyPanelFactory

    ScrutinyPanelFactory()
    PanelFactory(slug="spotlight", name="Spotlight Residents Panel")
    assert "created" in seed_demo_scrutiny()
    assert "already present" in seed_demo_scrutiny()
    review = Review.objects.get()
    assert review.recommendations.overdue().count() == 1
    assert BoardReport.objects.count() == 1 and ScoringRound.objects.get().status == "open"
