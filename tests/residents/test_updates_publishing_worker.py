"""Scheduled "You said, we did" entries are published by the periodic task on a real worker, exactly once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from residents.feedback import services as feedback_services
from residents.models import Channel, OutboundEmail, Preferences, UpdateStatus, YouSaidWeDid
from residents.updates import services as updates

from ..factories import ResidentFactory, UserFactory

pytestmark = pytest.mark.worker


def test_a_due_entry_is_published_once_and_each_resident_heard_is_told_once(celery_worker, celery_beat, home):
    heard = []
    for n, wants_contact in enumerate([True, True, False]):
        user = UserFactory(email=f"heard{n}@example.org")
        resident = ResidentFactory(home=home, user=user)
        Preferences.objects.create(resident=resident, do_not_contact=not wants_contact)
        heard.append(
            feedback_services.submit_feedback(
                resident=resident,
                logged_by=user,
                channel=Channel.PORTAL,
                kind="suggestion",
                category="grounds",
                scope="neighbourhood",
                text="The play area needs a bench.",
            )
        )
    entry = YouSaidWeDid.objects.create(
        title="New benches in the play area",
        you_said="The play area needs somewhere to sit.",
        we_did="We put in three benches.",
        topic="grounds",
    )
    entry.neighbourhoods.add(home.block.neighbourhood)
    updates.set_sources(entry=entry, objects=heard)
    updates.schedule_update(entry=entry, publish_at=timezone.now() - timedelta(seconds=1))

    celery_worker.wait_for(
        lambda: YouSaidWeDid.objects.filter(pk=entry.pk, status=UpdateStatus.PUBLISHED).exists(),
        message="the entry to be published",
    )
    # Let beat run the publisher and the relay a few more times: nothing is published or sent twice.
    celery_worker.wait_for(
        lambda: (
            celery_worker.tasks_succeeded("residents.tasks.publish_due_updates") >= 3
            and OutboundEmail.objects.filter(key__startswith="update-published", sent_at__isnull=True).count() == 0
            and celery_worker.tasks_succeeded("residents.tasks.relay_outbox") >= 3
        ),
        message="further publisher and relay runs",
    )
    entry.refresh_from_db()
    assert entry.voices == 3
    told = sorted(m["To"] for m in celery_worker.sent_mail() if "You said, we did" in m["Subject"])
    assert told == ["heard0@example.org", "heard1@example.org"]  # not the resident who asked for no contact
