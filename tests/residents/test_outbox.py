"""Email goes through the outbox: written with the change it reports, sent by the relay, exactly once,
and never lost when Redis or the email provider is down."""

import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse

from engagement.celery import app as celery_app
from residents.models import Feedback, OutboundEmail
from residents.outbox import services as outbox

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"


def _reset_broker_connections():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker_unreachable():
    """The web process cannot reach Redis (a real refused connection, not a mock)."""
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = CLOSED_PORT_BROKER
    _reset_broker_connections()
    try:
        yield
    finally:
        celery_app.conf.broker_url = original
        _reset_broker_connections()


def queue_hello(key: str = "k:1") -> bool:
    """An email made from a real template, as every service queues one."""
    return outbox.queue_email(
        template="update_published",
        key=key,
        to="a@example.org",
        context={"entry": {"title": "Hello"}, "resident": {"first_name": "Ann"}},
    )


@pytest.mark.django_db
def test_the_same_email_is_queued_once_per_key():
    assert queue_hello()
    assert not queue_hello()
    assert OutboundEmail.objects.count() == 1


@pytest.mark.django_db
def test_an_email_is_made_from_its_templates_with_the_landlords_name_and_phone_and_no_html_escapes(settings):
    settings.LANDLORD_NAME = "Riverside & Vale Homes"
    settings.SITE_URL = "https://portal.example.org"
    assert outbox.queue_email(
        template="survey_invitation",
        key="k:1",
        to="a@example.org",
        context={
            "resident": {"first_name": "Seán O'Brien"},
            "survey": {"title": "Bins & recycling", "closes_at": None, "anonymity_promise": "We keep it safe."},
            "link": "https://portal.example.org/s/abc/",
            "opt_out_link": "https://portal.example.org/surveys/opt-out/abc/",
        },
    )

    email = OutboundEmail.objects.get()
    assert email.subject == "Riverside & Vale Homes survey: Bins & recycling"
    assert email.body.startswith("Dear Seán O'Brien,\n\nRiverside & Vale Homes would like to hear from you")
    assert "call us on 0300 123 4567 (Monday to Friday, 8am to 6pm)" in email.body
    assert "Stop them here: https://portal.example.org/surveys/opt-out/abc/" in email.body
    assert email.body.endswith("\n\nRiverside & Vale Homes\n")


@pytest.mark.django_db
def test_relay_sends_each_email_once_even_when_run_again():
    queue_hello()
    assert outbox.send_queued_emails() == 1
    assert outbox.send_queued_emails() == 0
    assert [m.subject for m in mail.outbox] == ["You said, we did: Hello"]
    assert OutboundEmail.objects.get().sent_at is not None


@pytest.mark.django_db
def test_a_failing_email_provider_keeps_the_email_for_the_next_run(settings):
    queue_hello()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1  # nothing listens
    assert outbox.send_queued_emails() == 0
    row = OutboundEmail.objects.get()
    assert row.sent_at is None and row.last_error and row.attempts == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.send_queued_emails() == 0  # not retried at once
    with time_machine.travel(timedelta(minutes=2)):
        assert outbox.send_queued_emails() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_relays_at_once_never_send_the_same_email_twice():
    OutboundEmail.objects.bulk_create(
        [OutboundEmail(key=f"k:{n}", to=f"r{n}@example.org", subject=f"n{n}", body="b") for n in range(300)]
    )
    barrier = threading.Barrier(2)

    def relay():
        barrier.wait()
        try:
            outbox.send_queued_emails()
        finally:
            connection.close()

    threads = [threading.Thread(target=relay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 300 and len(set(subjects)) == 300
    assert not OutboundEmail.objects.filter(sent_at__isnull=True).exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)  # the worker, started later, must see what the request committed
def test_feedback_given_while_redis_is_down_is_kept_and_its_email_goes_once_redis_is_back(
    request, client_for, resident
):
    client = client_for("resident")
    with broker_unreachable():
        response = client.post(
            reverse("residents:feedback_new"),
            {"kind": "suggestion", "category": "grounds", "scope": "neighbourhood", "text": "More benches, please."},
        )
    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("residents:feedback_detail", args=[feedback.pk])
    page = client.get(response.url).content.decode()
    assert feedback.reference in page  # the resident has their acknowledgement and reference
    assert OutboundEmail.objects.get().sent_at is None  # the email waits in PostgreSQL

    # Redis is back: the worker and the periodic relay (beat) deliver it, once.
    request.getfixturevalue("celery_beat")
    worker = request.getfixturevalue("celery_worker")
    worker.wait_for(lambda: OutboundEmail.objects.filter(sent_at__isnull=False).exists(), message="the relay")
    worker.wait_for(lambda: worker.tasks_succeeded("residents.tasks.relay_outbox") >= 3, message="more relays")
    sent = worker.sent_mail()
    assert [m["To"] for m in sent] == ["resident@example.org"]
    assert feedback.reference in sent[0]["Subject"]
