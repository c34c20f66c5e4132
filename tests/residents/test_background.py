"""Every Celery task goes to the broker only once the transaction that queued it commits, runs again with
growing waits when the database or Redis cannot be reached, and is stopped by its time limits before the
broker would hand it to another worker."""

import logging

import pytest
import redis.exceptions
from django.conf import settings
from django.db import OperationalError, transaction

import residents.tasks
import surveys.tasks
from engagement.celery import app as celery_app
from residents.background import PortalTask
from residents.models import OutboundEmail
from residents.outbox import services as outbox

TASK_MODULES = (residents.tasks, surveys.tasks)


def take_waiting_messages() -> int:
    """Empty this run's queue on the real broker and say how many task messages were waiting in it."""
    with celery_app.connection_for_write() as connection:
        return connection.default_channel.queue_purge(settings.CELERY_TASK_DEFAULT_QUEUE) or 0


@pytest.fixture
def empty_queue():
    take_waiting_messages()
    yield
    take_waiting_messages()


def portal_tasks() -> list:
    prefixes = tuple(f"{module.__name__}." for module in TASK_MODULES)
    found = [task for name, task in celery_app.tasks.items() if name.startswith(prefixes)]
    assert len(found) >= 7
    return found


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_in_a_transaction_that_rolls_back_is_never_queued(empty_queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        residents.tasks.relay_outbox.delay()
        raise RuntimeError("the request failed after queueing the task")

    assert take_waiting_messages() == 0


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_in_a_transaction_reaches_the_broker_when_it_commits(empty_queue):
    with transaction.atomic():
        surveys.tasks.send_survey_invitations.delay(1)
        assert take_waiting_messages() == 0  # a worker would not yet see what the transaction wrote

    assert take_waiting_messages() == 1


CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture
def broker_unreachable():
    """This process cannot reach the broker (a real refused connection, not a mock)."""
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = CLOSED_PORT_BROKER
    celery_app._pool = celery_app.amqp._producer_pool = None
    yield
    celery_app.conf.broker_url = original
    celery_app._pool = celery_app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_in_a_transaction_while_the_broker_is_down_is_one_warning_not_an_error(
    broker_unreachable, caplog
):
    with caplog.at_level(logging.WARNING, logger="residents.background"), transaction.atomic():
        OutboundEmail.objects.create(key="k:1", to="a@example.org", subject="Hello", body="Hi")
        surveys.tasks.send_survey_invitations.delay(7)

    assert OutboundEmail.objects.count() == 1, "what the transaction wrote is kept"
    [record] = [r for r in caplog.records if r.name == "residents.background"]
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert "surveys.tasks.send_survey_invitations" in record.getMessage()
    assert "[7]" in record.getMessage()


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_outside_a_transaction_goes_at_once(empty_queue):
    residents.tasks.publish_due_updates.delay()

    assert take_waiting_messages() == 1


@pytest.mark.parametrize("task", portal_tasks(), ids=lambda task: task.name)
def test_every_task_retries_on_connection_errors_with_backoff_and_has_time_limits(task):
    assert isinstance(task, PortalTask)
    assert issubclass(OperationalError, task.autoretry_for)
    assert issubclass(redis.exceptions.ConnectionError, task.autoretry_for)
    assert not issubclass(ValueError, task.autoretry_for)  # a bug is not retried over and over
    assert task.retry_backoff and task.retry_jitter and task.max_retries == 5
    soft = task.soft_time_limit or celery_app.conf.task_soft_time_limit
    hard = task.time_limit or celery_app.conf.task_time_limit
    assert 0 < soft < hard < celery_app.conf.broker_transport_options["visibility_timeout"]


@pytest.mark.django_db
def test_the_relay_claims_no_new_batch_once_its_time_is_up():
    outbox.queue_email(
        template="feedback_reply",
        key="k:1",
        to="a@example.org",
        context={"resident": {"first_name": "Ann"}, "feedback": {"reference": "FB-000001"}, "body": "Hi"},
    )

    assert outbox.send_queued_emails(time_budget=0) == 0
    assert OutboundEmail.objects.get().claimed_until is None  # free for the next relay
    assert residents.tasks.relay_outbox.time_budget() == celery_app.conf.task_soft_time_limit / 2


@pytest.mark.worker
def test_a_worker_that_cannot_reach_the_database_runs_the_task_again_after_a_wait(celery_workers):
    worker = celery_workers.start(DATABASE_URL="postgres://postgres@127.0.0.1:1/unreachable")
    residents.tasks.relay_outbox.delay()

    def retries() -> list[str]:
        return [
            line for line in worker.log.splitlines() if "residents.tasks.relay_outbox[" in line and " retry: " in line
        ]

    # The retried message comes back and is retried again: nothing is dropped while the database is away.
    retried = worker.wait_for(lambda: len(retries()) >= 2 and retries(), message="the task to be retried twice")
    assert all(" retry: Retry in " in line and "OperationalError" in line for line in retried)
    assert worker.tasks_succeeded("residents.tasks.relay_outbox") == 0
