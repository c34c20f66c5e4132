"""Email through the outbox: queued in the caller's transaction, sent by the relay task.

If Redis is down when something is queued, nothing is lost: the row waits in PostgreSQL and the periodic
relay (Celery beat) sends it once the broker is back.
"""

import logging
import re
import time
from datetime import timedelta
from urllib.parse import urlsplit

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template import engines
from django.utils import timezone

from .models import OutboundEmail

logger = logging.getLogger(__name__)
RETRY_AFTER = timedelta(minutes=1)
RETRY_MAX = timedelta(minutes=30)
BATCH = 100


def render_email(*, template: str, context: dict) -> tuple[str, str]:
    """The subject and body of templates/emails/<template>_subject.txt and <template>.txt.

    Every email can name the landlord, its phone numbers and the site: they are in the context already. The
    subject is one line (a template may wrap it) and at most what the outbox keeps."""
    context = {
        "landlord_name": settings.LANDLORD_NAME,
        "landlord_phone": settings.LANDLORD_PHONE,
        "landlord_phone_hours": settings.LANDLORD_PHONE_HOURS,
        "emergency_phone": settings.LANDLORD_EMERGENCY_PHONE,
        "site_url": settings.SITE_URL,
        **context,
    }
    engine = engines["emails"]
    subject = " ".join(engine.get_template(f"emails/{template}_subject.txt").render(context).split())
    body = engine.get_template(f"emails/{template}.txt").render(context)
    return subject[: OutboundEmail._meta.get_field("subject").max_length], body


def email(*, template: str, key: str, to: str, context: dict) -> OutboundEmail:
    """One email made from its templates, not yet saved: hand a list of them to queue_emails()."""
    subject, body = render_email(template=template, context=context)
    return OutboundEmail(key=key, to=to, subject=subject, body=body)


def queue_email(*, template: str, key: str, to: str, context: dict) -> bool:
    """Queue one email made from its templates, in the caller's transaction, unless one with this key was
    queued before. Returns whether it was queued now."""
    if not to:
        return False
    message = email(template=template, key=key, to=to, context=context)
    _, created = OutboundEmail.objects.get_or_create(
        key=key, defaults={"to": to, "subject": message.subject, "body": message.body}
    )
    if created:
        transaction.on_commit(kick_relay)
    return created


def queue_emails(messages: list[OutboundEmail]) -> None:
    """Queue many at once (set-based); those whose key was queued before are skipped by the database."""
    messages = [m for m in messages if m.to]
    if messages:
        OutboundEmail.objects.bulk_create(messages, ignore_conflicts=True, batch_size=1000)
        transaction.on_commit(kick_relay)


def kick_relay() -> None:
    """Ask a worker to send now. If the broker is unreachable, the periodic relay sends later."""
    from ..tasks import relay_outbox

    relay_outbox.apply_async_on_commit(retry=False)  # the email is safe in the outbox if the broker is down


def _claim_batch(now) -> list[int]:
    with transaction.atomic():
        ids = list(
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .order_by("id")
            .values_list("id", flat=True)[:BATCH]
        )
        claim_for = timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)
        OutboundEmail.objects.filter(id__in=ids).update(claimed_until=now + claim_for, attempts=F("attempts") + 1)
    return ids


def message_id(key: str) -> str:
    """A Message-ID made from the outbox key: the same on every attempt, so a provider or mail client that
    deduplicates on it shows a message once even in the one case the relay cannot rule out (killed after the
    provider accepted a message and before the row was marked sent)."""
    local = re.sub(r"[^A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+", ".", key).strip(".") or "message"
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{local}@{domain}>"


def send_queued_emails(*, max_batches: int = 50, time_budget: float = float("inf")) -> int:
    """Send unsent email in batches. Two relays at once never claim the same row. Returns how many went.

    No new batch is claimed once time_budget seconds have passed: the rest go with the next relay."""
    sent = 0
    connection = get_connection()
    stop_at = time.monotonic() + time_budget
    for _ in range(max_batches):
        if time.monotonic() >= stop_at:
            break
        ids = _claim_batch(timezone.now())
        if not ids:
            break
        for message in OutboundEmail.objects.filter(id__in=ids).order_by("id"):
            email = EmailMessage(
                message.subject,
                message.body,
                settings.DEFAULT_FROM_EMAIL,
                [message.to],
                connection=connection,
                headers={"Message-ID": message_id(message.key)},
            )
            try:
                email.send()
            except SoftTimeLimitExceeded:
                raise  # the task is being stopped, not the provider failing: unsent rows go when their claim ends
            except Exception as error:
                logger.warning("Email %s not sent: %s", message.key, error)
                # Try again at a later run, waiting longer after each failure (at most RETRY_MAX).
                retry_at = timezone.now() + min(RETRY_AFTER * message.attempts, RETRY_MAX)
                OutboundEmail.objects.filter(pk=message.pk).update(claimed_until=retry_at, last_error=str(error)[:300])
                continue
            OutboundEmail.objects.filter(pk=message.pk).update(sent_at=timezone.now(), last_error="")
            sent += 1
    return sent
