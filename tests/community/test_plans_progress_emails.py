"""The weekly progress email: residents who voted, commented or suggested an action hear about new progress
notes through the outbox, at most once a week per plan, exactly once however often (or how many at once) the
beat task runs."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection

from community.plans import services
from community.plans.tasks import send_plan_progress_emails
from residents.models import OutboundEmail, Preferences

from ..factories import BlockFactory, HomeFactory, NeighbourhoodFactory, ResidentFactory
from .plan_factories import ActionFactory, ActionPlanFactory, CommentFactory, ProposalFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def progress_emails():
    return OutboundEmail.objects.filter(key__startswith="plan-progress:")


@pytest.fixture
def plan_with_people(db):
    """A plan with a voter, a commenter, a suggester, a resident who asked not to be contacted, and a bystander."""
    with time_machine.travel(MONDAY - timedelta(days=1), tick=False):
        area = NeighbourhoodFactory(name="Millfield")
        block = BlockFactory(neighbourhood=area)
        people = {
            name: ResidentFactory(home=HomeFactory(block=block), first_name=name)
            for name in ("Voter", "Commenter", "Suggester", "Quiet", "Bystander")
        }
        plan = ActionPlanFactory(neighbourhood=area)
        action = ActionFactory(plan=plan, title="Lights")
        services.cast_vote(plan=plan, resident=people["Voter"], action=action)
        services.cast_vote(plan=plan, resident=people["Quiet"], action=action)
        CommentFactory(plan=plan, resident=people["Commenter"])
        CommentFactory(plan=plan, resident=people["Voter"])  # voted and commented: still one email
        ProposalFactory(plan=plan, resident=people["Suggester"])
        Preferences.objects.create(resident=people["Quiet"], do_not_contact=True)
    return plan, action, people


def test_a_progress_note_emails_everyone_who_took_part_once(plan_with_people):
    plan, action, people = plan_with_people
    with time_machine.travel(MONDAY, tick=False):
        services.add_progress_update(action=action, text="Contractor booked.", written_by=None)
        assert send_plan_progress_emails() == 1
        assert send_plan_progress_emails() == 0  # run again: nothing more
    recipients = sorted(progress_emails().values_list("to", flat=True))
    expected = sorted(people[name].email for name in ("Voter", "Commenter", "Suggester"))
    assert recipients == expected
    body = progress_emails().first().body
    assert "Lights" in body and "Contractor booked." in body and f"/plans/{plan.pk}/" in body


def test_at_most_one_email_a_week_per_plan_with_every_note_since_the_last(plan_with_people):
    plan, action, people = plan_with_people
    with time_machine.travel(MONDAY, tick=False):
        services.add_progress_update(action=action, text="First note.", written_by=None)
        send_plan_progress_emails()
    with time_machine.travel(MONDAY + timedelta(days=2), tick=False):
        services.add_progress_update(action=action, text="Second note.", written_by=None)
        services.add_progress_update(action=action, text="Third note.", written_by=None)
        assert send_plan_progress_emails() == 0  # not a week yet
    plan.refresh_from_db()
    assert plan.progress_email_due_at == MONDAY + timedelta(days=settings.PLAN_PROGRESS_EMAIL_DAYS)
    with time_machine.travel(MONDAY + timedelta(days=7, minutes=1), tick=False):
        assert send_plan_progress_emails() == 1
    voter = progress_emails().filter(to=people["Voter"].email).order_by("created_at", "id")
    assert voter.count() == 2
    second = voter.last().body
    assert "Second note." in second and "Third note." in second and "First note." not in second


def test_no_news_no_email(plan_with_people):
    with time_machine.travel(MONDAY + timedelta(days=30), tick=False):
        assert send_plan_progress_emails() == 0
    assert not progress_emails().exists()


@pytest.mark.django_db(transaction=True)
def test_two_beat_runs_at_once_send_each_plans_email_once(transactional_db):
    area = NeighbourhoodFactory(name="Millfield")
    block = BlockFactory(neighbourhood=area)
    plans = []
    for n in range(10):
        plan = ActionPlanFactory(neighbourhood=area, year=2026 + n)
        action = ActionFactory(plan=plan)
        resident = ResidentFactory(home=HomeFactory(block=block))
        services.cast_vote(plan=plan, resident=resident, action=action)
        services.add_progress_update(action=action, text="Done.", written_by=None)
        plans.append(plan)
    barrier = threading.Barrier(2)
    sent: list[list[int]] = []
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait()
            sent.append(services.send_due_progress_emails())
        except BaseException as error:  # noqa: BLE001  (reported by the main thread)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert not set(sent[0]) & set(sent[1])
    assert sorted(sent[0] + sent[1]) == sorted(plan.pk for plan in plans)
    assert progress_emails().count() == 10


def test_the_beat_schedule_runs_the_task():
    entry = settings.CELERY_BEAT_SCHEDULE["send-plan-progress-emails"]
    assert entry["task"] == send_plan_progress_emails.name == "community.plans.tasks.send_plan_progress_emails"
