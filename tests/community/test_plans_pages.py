"""Neighbourhood Action Plans' pages: residents comment and suggest actions; staff write plans and actions, see
the ranking and comments, decide with a reason residents see, review suggestions, note progress and turn a done
action into a "You said, we did" draft; the resident home shows the neighbourhood's plan."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import Action, ActionPlan, ActionPrompt, PlanComment, ProgressUpdate, Proposal
from community.plans import services
from community.plans.models import ActionStatus, Decision, PlanStatus, ProposalStatus
from residents.models import Resident, UpdateStatus, YouSaidWeDid
from residents.updates import sources

from ..factories import feedback_from
from .plan_factories import ActionFactory, CommentFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client_for, staff):
    return client_for("staff")


def text(response) -> str:
    return html.unescape(response.content.decode())


def detail(plan) -> str:
    return reverse("community:plan_detail", args=[plan.pk])


# Residents ------------------------------------------------------------------------------------------------


def test_a_resident_comments_on_an_action_and_neighbours_see_their_first_name(client_for, resident, shared_plan):
    action = shared_plan.actions.get()
    response = client_for("resident").post(
        reverse("community:plan_comment", args=[shared_plan.pk]), {"text": "Please start soon", "action": action.pk}
    )
    assert response.status_code == 302
    comment = PlanComment.objects.get()
    assert (comment.resident, comment.action) == (resident.resident, action)
    page = text(client_for("resident").get(detail(shared_plan)))
    assert "Amina" in page and "Please start soon" in page and "Okafor" not in page


def test_an_empty_comment_is_refused_with_the_error_next_to_the_field(client_for, shared_plan):
    response = client_for("resident").post(reverse("community:plan_comment", args=[shared_plan.pk]), {"text": " "})
    assert response.status_code == 400
    assert "There is a problem" in text(response) and "Write your comment." in text(response)
    assert not PlanComment.objects.exists()


def test_a_resident_suggests_an_action_and_sees_the_outcome_and_reason(client_for, staff_client, shared_plan):
    url = reverse("community:plan_propose", args=[shared_plan.pk])
    refused = client_for("resident").post(url, {"title": "A bench", "description": ""})
    assert refused.status_code == 200 and "Say why it matters" in text(refused)
    assert 'value="A bench"' in text(refused)  # what they typed is kept
    client_for("resident").post(url, {"title": "A bench", "description": "Somewhere to sit"})
    proposal = Proposal.objects.get()
    assert proposal.status == ProposalStatus.WAITING

    review = reverse("community:proposal_review", args=[shared_plan.pk, proposal.pk])
    no_reason = staff_client.post(review, {"outcome": "decline", "reason": ""})
    assert no_reason.status_code == 400 and "Give the reason" in text(no_reason)
    staff_client.post(review, {"outcome": "decline", "reason": "The council owns that land."})
    page = text(client_for("resident").get(detail(shared_plan)))
    assert "A bench" in page and "Not added" in page and "The council owns that land." in page


def test_staff_accept_a_suggestion_as_an_action_credited_to_the_resident(client_for, staff_client, waiting_proposal):
    plan = waiting_proposal.plan
    staff_client.post(
        reverse("community:proposal_review", args=[plan.pk, waiting_proposal.pk]),
        {"outcome": "accept", "owner": "Estate services", "reason": ""},
    )
    action = Action.objects.get(title="A bench by the bus stop")
    assert action.proposed_by == waiting_proposal.resident and action.owner == "Estate services"
    assert "Proposed by" in text(client_for("resident").get(detail(plan)))
    again = staff_client.post(
        reverse("community:proposal_review", args=[plan.pk, waiting_proposal.pk]), {"outcome": "accept"}, follow=True
    )
    assert "already been reviewed" in text(again)
    assert Action.objects.filter(title="A bench by the bus stop").count() == 1


def test_overdue_actions_stand_out_for_residents_and_staff(client_for, staff_client, shared_plan):
    ActionFactory(plan=shared_plan, title="Fix the gate", due_on=timezone.localdate() - timedelta(days=3))
    ActionFactory(plan=shared_plan, title="Done late", due_on=timezone.localdate() - timedelta(days=3), status="done")
    page = text(client_for("resident").get(detail(shared_plan)))
    assert "1 action is past its due date" in page and "(past its due date)" in page
    assert "1 action past its due date" in text(
        staff_client.get(reverse("community:plan_manage", args=[shared_plan.pk]))
    )


# The resident home -------------------------------------------------------------------------------------------


def test_the_resident_home_shows_the_neighbourhoods_shared_plan_with_overdue_actions(client_for, shared_plan):
    ActionFactory(plan=shared_plan, due_on=timezone.localdate() - timedelta(days=1))
    page = text(client_for("resident").get(reverse("residents:home")))
    assert "Your neighbourhood's action plan" in page and "Millfield together" in page
    assert "1 action is past its due date" in page
    assert "you have 3 of 3 votes left" in page


def test_the_resident_home_shows_no_draft_and_no_other_neighbourhoods_plan(client_for, draft_plan, published_plan):
    page = text(client_for("resident").get(reverse("residents:home")))
    assert "Your neighbourhood's action plan" not in page


# Staff ------------------------------------------------------------------------------------------------------


def test_staff_start_a_plan_and_a_second_for_the_same_neighbourhood_and_year_is_refused(staff_client, neighbourhood):
    data = {
        "neighbourhood": neighbourhood.pk,
        "year": 2026,
        "title": "Millfield 2026",
        "status": PlanStatus.DRAFT,
        "votes_per_resident": 3,
        "voting_closes_on": "2026-05-31",
    }
    response = staff_client.post(reverse("community:plan_create"), data)
    plan = ActionPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("community:plan_manage", args=[plan.pk])
    assert timezone.localtime(plan.voting_closes_at).date().isoformat() == "2026-06-01"
    again = staff_client.post(reverse("community:plan_create"), {**data, "title": "Again"})
    assert "Millfield already has a plan starting in 2026" in text(again)
    assert 'value="Again"' in text(again)
    assert ActionPlan.objects.count() == 1


def test_a_draft_cannot_be_published(staff_client, neighbourhood):
    data = {"neighbourhood": neighbourhood.pk, "year": 2026, "title": "T", "status": "draft", "votes_per_resident": 3}
    response = staff_client.post(reverse("community:plan_create"), {**data, "published": "on"})
    assert "Share the plan with the neighbourhood before publishing it." in text(response)


def test_staff_add_an_action_citing_the_feedback_that_prompted_it(staff_client, resident, shared_plan):
    feedback = feedback_from(resident.resident)
    url = reverse("community:action_create", args=[shared_plan.pk])
    bad = staff_client.post(
        url,
        {
            "title": "Lights",
            "description": "d",
            "topic": "safety",
            "owner": "o",
            "status": "not_started",
            "prompt_references": "FB-999999",
        },
    )
    assert "We could not find feedback with these references: FB-999999" in text(bad)
    staff_client.post(
        url,
        {
            "title": "Lights",
            "description": "d",
            "topic": "safety",
            "owner": "Estates",
            "status": "not_started",
            "prompt_references": feedback.reference,
        },
    )
    action = Action.objects.get(title="Lights")
    assert [prompt.source for prompt in ActionPrompt.objects.filter(action=action)] == [feedback]


def test_staff_see_the_ranking_and_comments_and_decide_with_a_reason_residents_see(
    client_for, staff_client, shared_plan, resident
):
    first = shared_plan.actions.get()
    second = ActionFactory(plan=shared_plan, title="Paint the railings")
    services.cast_vote(plan=shared_plan, resident=resident.resident, action=second)
    CommentFactory(plan=shared_plan, resident=resident.resident, action=second, text="Rusty and ugly")
    manage = text(staff_client.get(reverse("community:plan_manage", args=[shared_plan.pk])))
    assert manage.index("Paint the railings") < manage.index(first.title)  # most votes first
    assert "Rusty and ugly" in manage and "1 resident voted" in manage

    decide = reverse("community:action_decide", args=[shared_plan.pk, second.pk])
    missing = staff_client.post(decide, {"decision": Decision.AGREED, "reason": ""})
    assert missing.status_code == 400 and "Give the reason" in text(missing)
    staff_client.post(decide, {"decision": Decision.AGREED, "reason": "Most residents chose it."})
    second.refresh_from_db()
    assert second.decision == Decision.AGREED and second.decided_at is not None
    page = text(client_for("resident").get(detail(shared_plan)))
    assert "Agreed: we will do this" in page and "Most residents chose it." in page


def test_progress_notes_are_dated_and_shown_to_residents(client_for, staff_client, plan_action):
    url = reverse("community:action_progress", args=[plan_action.plan_id, plan_action.pk])
    staff_client.post(url, {"text": "Contractor booked for 3 June."})
    assert ProgressUpdate.objects.get().action == plan_action
    page = text(client_for("resident").get(detail(plan_action.plan)))
    assert "Contractor booked for 3 June." in page and timezone.localdate().strftime("%-d %B %Y") in page


def test_a_done_action_becomes_a_you_said_we_did_draft_in_one_step_citing_it(
    staff_client, resident, other_resident, shared_plan
):
    feedback = feedback_from(resident.resident)
    action = ActionFactory(plan=shared_plan, title="New bin store", topic="cleaning")
    services.set_prompts(action=action, objects=[feedback])
    services.cast_vote(plan=shared_plan, resident=resident.resident, action=action)
    services.add_progress_update(action=action, text="The new bin store is built.", written_by=None)
    url = reverse("community:action_to_update", args=[shared_plan.pk, action.pk])

    refused = staff_client.post(url, follow=True)
    assert "Only a done action" in text(refused) and not YouSaidWeDid.objects.exists()

    action.status = ActionStatus.DONE
    services.save_action(action=action)
    response = staff_client.post(url)
    entry = YouSaidWeDid.objects.get()
    assert response["Location"] == reverse("residents:update_edit", args=[entry.pk])
    assert entry.status == UpdateStatus.DRAFT and entry.we_did == "The new bin store is built."
    assert list(entry.neighbourhoods.all()) == [shared_plan.neighbourhood] and entry.topic == "cleaning"
    cited = {link.source for link in entry.sources.all()}
    assert cited == {action, feedback}
    assert sources.voices(entry.sources.all()) == {resident.resident.pk}
    assert "Action plan: New bin store" in text(staff_client.get(response["Location"]))
    staff_client.post(url)  # asked twice: still one draft
    assert YouSaidWeDid.objects.count() == 1


def test_the_staff_list_counts_actions_votes_and_ideas(staff_client, shared_plan, waiting_proposal, draft_plan):
    page = text(staff_client.get(reverse("community:plan_list")))
    assert "Millfield together" in page and "2 plans." in page


def test_votes_per_resident_cannot_change_once_residents_have_voted(staff_client, shared_plan, resident):
    services.cast_vote(plan=shared_plan, resident=resident.resident, action=shared_plan.actions.get())
    data = {"year": 2026, "title": "T", "status": "shared", "votes_per_resident": 10}
    staff_client.post(reverse("community:plan_manage", args=[shared_plan.pk]), data)
    shared_plan.refresh_from_db()
    assert shared_plan.votes_per_resident == 3 and shared_plan.title == "T"


def test_other_residents_names_are_never_on_the_resident_page(client_for, shared_plan, resident):
    neighbour = Resident.objects.create(
        home=resident.resident.home,
        first_name="Zed",
        last_name="Quill",
        resident_reference="R-9",
        tenancy_reference="T-9",
    )
    ProposalFactory(plan=shared_plan, resident=neighbour, title="Secret idea")
    page = text(client_for("resident").get(detail(shared_plan)))
    assert "Secret idea" not in page and "Quill" not in page


def test_the_action_page_says_what_prompted_it(staff_client, resident, plan_action):
    feedback = feedback_from(resident.resident)
    services.set_prompts(action=plan_action, objects=[feedback])
    page = text(staff_client.get(reverse("community:action_edit", args=[plan_action.plan_id, plan_action.pk])))
    assert f"{feedback.reference}: " in page


def test_a_residents_comments_suggestions_and_votes_are_in_their_data_download(client_for, resident, shared_plan):
    action = shared_plan.actions.get()
    services.cast_vote(plan=shared_plan, resident=resident.resident, action=action)
    services.add_comment(plan=shared_plan, resident=resident.resident, text="Lights first")
    services.propose_action(plan=shared_plan, resident=resident.resident, title="Bench", description="To sit")
    data = client_for("resident").get(reverse("residents:data_export")).json()["action_plans"]
    assert data["votes"][0]["action"] == action.title
    assert data["comments"][0]["text"] == "Lights first"
    assert data["suggestions"][0]["title"] == "Bench"


def test_staff_remove_a_comment_with_a_reason_residents_see_in_its_place(
    client_for, staff_client, shared_plan, resident
):
    comment = services.add_comment(plan=shared_plan, resident=resident.resident, text="My neighbour at No. 4 is awful")
    url = reverse("community:comment_remove", args=[shared_plan.pk, comment.pk])
    no_reason = staff_client.post(url, {"reason": ""}, follow=True)
    assert "Give the reason" in text(no_reason)
    staff_client.post(url, {"reason": "It named a neighbour."})
    page = text(client_for("resident").get(detail(shared_plan)))
    assert "My neighbour at No. 4" not in page and "removed by staff: It named a neighbour." in page
