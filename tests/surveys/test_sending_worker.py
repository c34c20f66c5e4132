"""Exactly once on real workers: a worker killed in the middle of sending a batch of invitations, then two
workers and beat taking over, give every resident one invitation email, none missing, none twice."""

from collections import Counter
from pathlib import Path

import pytest

from residents.models import OutboundEmail
from surveys.services import invitations

from .fixtures import build_survey
from .sending_helpers import residents_in

pytestmark = pytest.mark.worker

RESIDENTS = 25
HANG_AFTER = 10


def test_a_worker_killed_mid_batch_leaves_no_resident_with_two_invitation_emails_or_none(celery_workers, tmp_path):
    by_email = residents_in("Millfield", RESIDENTS)
    residents_in("Millfield", 3, email=False)
    flag = tmp_path / "provider-hangs"
    flag.touch()
    first = celery_workers.start(
        EMAIL_BACKEND="tests.hanging_mail.EmailBackend",
        MAIL_HANG_AFTER=str(HANG_AFTER),
        MAIL_HANG_FLAG=str(flag),
        OUTBOX_CLAIM_SECONDS="3",
    )

    survey = build_survey()
    invitations.publish_survey(survey=survey)  # after commit: the sending task, then the relay

    # The relay claimed the whole batch, the provider took HANG_AFTER messages and the relay is waiting on the
    # next one: kill the worker there, as if its machine died.
    first.wait_for(lambda: Path(f"{flag}.waiting").exists(), timeout=60, message="the relay to be mid-batch")
    first.kill()
    assert OutboundEmail.objects.filter(sent_at__isnull=False).count() == HANG_AFTER
    claimed_unsent = OutboundEmail.objects.filter(sent_at__isnull=True, claimed_until__isnull=False)
    assert claimed_unsent.count() == RESIDENTS - HANG_AFTER, "the rest of the batch was claimed by the dead relay"
    assert len(celery_workers.sent_mail()) == HANG_AFTER

    # Two fresh workers and beat take over once the dead relay's claim runs out.
    flag.unlink()
    env = {"EMAIL_BACKEND": "tests.hanging_mail.EmailBackend", "OUTBOX_CLAIM_SECONDS": "3"}
    second = celery_workers.start(**env)
    celery_workers.start(**env)
    celery_workers.beat()
    second.wait_for(
        lambda: not OutboundEmail.objects.filter(sent_at__isnull=True).exists(), timeout=90, message="every email"
    )
    # Let beat run the relay and the sending sweep a few more times: nothing goes twice.
    second.wait_for(
        lambda: (
            sum(w.tasks_succeeded("surveys.tasks.send_pending_invitations") for w in celery_workers.workers) >= 3
            and sum(w.tasks_succeeded("residents.tasks.relay_outbox") for w in celery_workers.workers) >= 3
        ),
        timeout=60,
        message="more sweeps and relays",
    )

    sent = [m for m in celery_workers.sent_mail() if survey.title in m["Subject"]]
    per_resident = Counter(m["To"] for m in sent)
    assert per_resident == Counter({resident.email: 1 for resident in by_email})
    assert len({m["Message-ID"] for m in sent}) == RESIDENTS
    assert OutboundEmail.objects.count() == RESIDENTS
    assert survey.invitations.filter(channel="email", email__sent_at__isnull=False).count() == RESIDENTS
