"""Choosing priorities: each resident has a fixed number of votes, one per action, changeable until voting closes,
and the limit holds when two requests take the last vote at the same moment (two real transactions)."""

import html
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from community.models import Vote
from community.plans import services
from community.plans.models import ActionStatus, Decision
from residents.models import Resident

from ..factories import BlockFactory, HomeFactory, NeighbourhoodFactory, ResidentFactory
from .plan_factories import ActionFactory, ActionPlanFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def vote_url(action) -> str:
    return reverse("community:action_vote", args=[action.plan_id, action.pk])


@pytest.fixture
def actions(shared_plan):
    return [shared_plan.actions.get(), *[ActionFactory(plan=shared_plan) for _ in range(3)]]


def test_a_resident_votes_for_up_to_three_actions_and_the_fourth_is_refused(client_for, resident, actions):
    client = client_for("resident")
    for action in actions[:3]:
        assert client.post(vote_url(action)).status_code == 302
    response = client.post(vote_url(actions[3]), follow=True)
    assert "You have used all 3 of your votes" in text(response)
    assert Vote.objects.filter(resident=resident.resident).count() == 3
    assert not Vote.objects.filter(action=actions[3]).exists()


def test_taking_a_vote_back_frees_it_for_another_action(client_for, resident, actions):
    client = client_for("resident")
    for action in actions[:3]:
        client.post(vote_url(action))
    client.post(vote_url(actions[0]), {"remove": "1"})
    client.post(vote_url(actions[3]))
    voted = set(Vote.objects.filter(resident=resident.resident).values_list("action_id", flat=True))
    assert voted == {actions[1].pk, actions[2].pk, actions[3].pk}


def test_a_resident_votes_once_per_action(client_for, resident, actions):
    client = client_for("resident")
    client.post(vote_url(actions[0]))
    response = client.post(vote_url(actions[0]), follow=True)
    assert "You have already voted for this action." in text(response)
    assert Vote.objects.filter(resident=resident.resident).count() == 1


def test_votes_cannot_be_cast_or_changed_after_voting_closes(client_for, resident, shared_plan, actions):
    client = client_for("resident")
    client.post(vote_url(actions[0]))
    shared_plan.voting_closes_at = timezone.now() - timedelta(minutes=1)
    shared_plan.save()
    response = client.post(vote_url(actions[1]), follow=True)
    assert "Voting on this plan's priorities has closed." in text(response)
    client.post(vote_url(actions[0]), {"remove": "1"})
    assert list(Vote.objects.values_list("action_id", flat=True)) == [actions[0].pk]
    assert "Voting has closed." in text(client.get(reverse("community:plan_detail", args=[shared_plan.pk])))


def test_done_and_turned_down_actions_cannot_be_voted_for(client_for, shared_plan):
    done = ActionFactory(plan=shared_plan, status=ActionStatus.DONE)
    not_now = ActionFactory(plan=shared_plan, decision=Decision.NOT_NOW, decision_reason="No budget this year.")
    client = client_for("resident")
    for action in (done, not_now):
        assert "You cannot vote for this action." in text(client.post(vote_url(action), follow=True))
    assert not Vote.objects.exists()


def test_a_plan_can_give_each_resident_its_own_number_of_votes(client_for, resident, shared_plan, actions):
    shared_plan.votes_per_resident = 1
    shared_plan.save()
    client = client_for("resident")
    client.post(vote_url(actions[0]))
    assert "You have used your only vote" in text(client.post(vote_url(actions[1]), follow=True))


def test_the_page_says_how_many_votes_are_left(client_for, shared_plan, actions):
    client = client_for("resident")
    client.post(vote_url(actions[0]))
    page = text(client.get(reverse("community:plan_detail", args=[shared_plan.pk])))
    assert "You have 2 votes left." in page
    assert "Take back my vote" in page


# Two transactions at once ---------------------------------------------------------------------------------


def _waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_two_requests_taking_the_last_vote_at_once_give_the_resident_only_three(transactional_db):
    """The resident has used 2 of 3 votes. Two requests (two browser tabs) vote for two different actions at the
    same moment: both read 2 votes used, both try the last slot. The second waits on the first's uncommitted row,
    then is refused; the resident ends with 3 votes, never 4."""
    neighbourhood = NeighbourhoodFactory(name="Millfield")
    resident = ResidentFactory(home=HomeFactory(block=BlockFactory(neighbourhood=neighbourhood)))
    plan = ActionPlanFactory(neighbourhood=neighbourhood)
    first, second, third, fourth = [ActionFactory(plan=plan) for _ in range(4)]
    services.cast_vote(plan=plan, resident=resident, action=first)
    services.cast_vote(plan=plan, resident=resident, action=second)

    inserted = threading.Event()
    outcomes: dict[str, object] = {}

    def tab_one():
        try:
            with transaction.atomic():
                services.cast_vote(plan=plan, resident=Resident.objects.get(pk=resident.pk), action=third)
                inserted.set()
                # Hold the transaction open until the other tab is waiting on this one's row.
                deadline = time.monotonic() + 10
                while not _waiting_for_a_lock() and time.monotonic() < deadline:
                    time.sleep(0.05)
                outcomes["waited"] = _waiting_for_a_lock()
            outcomes["one"] = "voted"
        except Exception as error:  # noqa: BLE001  (reported by the main thread)
            outcomes["one"] = error
        finally:
            inserted.set()
            connection.close()

    def tab_two():
        try:
            inserted.wait(10)
            with transaction.atomic():
                services.cast_vote(plan=plan, resident=Resident.objects.get(pk=resident.pk), action=fourth)
            outcomes["two"] = "voted"
        except Exception as error:  # noqa: BLE001
            outcomes["two"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=tab_one), threading.Thread(target=tab_two)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert outcomes["one"] == "voted", outcomes
    assert outcomes["waited"], "the second transaction never waited on the first: the race was not exercised"
    assert isinstance(outcomes["two"], services.VoteRefused), outcomes
    assert "You have used all 3 of your votes" in str(outcomes["two"])
    votes = Vote.objects.filter(plan=plan, resident=resident)
    assert votes.count() == 3
    assert set(votes.values_list("action_id", flat=True)) == {first.pk, second.pk, third.pk}
