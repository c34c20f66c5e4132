"""Block Champions: applying, staff decisions (with a reason the resident sees, and an email), and the weekly
digest of the block's open shared issues, each sent exactly once."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from residents.models import OPEN_STATUSES, Feedback, FeedbackScope, Resident
from residents.outbox import services as outbox

from .models import BlockChampion, ChampionStatus

DIGEST_GAP = timedelta(days=7)
DIGEST_ITEMS = 20


def _address(resident: Resident) -> str:
    return (resident.user.email if resident.user_id else "") or resident.email


def apply_to_champion(*, resident: Resident, why: str) -> BlockChampion:
    """A linked resident applies to champion their own block (once at a time)."""
    if not why.strip():
        raise ValidationError("Tell us why you would like to be a Block Champion.")
    try:
        with transaction.atomic():
            return BlockChampion.objects.create(resident=resident, block_id=resident.home.block_id, why=why.strip())
    except IntegrityError as error:
        raise ValidationError("You have already applied to champion your block.") from error


@transaction.atomic
def decide_champion(*, champion: BlockChampion, approve: bool, reason: str, decided_by) -> BlockChampion:
    champion = BlockChampion.objects.select_for_update(of=("self",)).order_by().get(pk=champion.pk)
    if champion.status != ChampionStatus.APPLIED:
        raise ValidationError("This application has already been decided.")
    if not approve and not reason.strip():
        raise ValidationError("Give the reason: the resident sees it.")
    now = timezone.now()
    champion.status = ChampionStatus.APPROVED if approve else ChampionStatus.DECLINED
    champion.reason = reason.strip()
    champion.decided_by = decided_by
    champion.decided_at = now
    champion.next_digest_at = now + DIGEST_GAP if approve else None
    champion.save(update_fields=["status", "reason", "decided_by", "decided_at", "next_digest_at"])
    resident = Resident.objects.select_related("user").get(pk=champion.resident_id)
    outbox.queue_email(
        template="champion_decided",
        key=f"champion-decided:{champion.pk}",
        to=_address(resident),
        context={
            "resident": resident,
            "champion": champion,
            "link": f"{settings.SITE_URL}{reverse('community:champion_apply')}",
        },
    )
    return champion


@transaction.atomic
def step_down(*, champion: BlockChampion) -> BlockChampion:
    """A champion stops championing their block: no more digests, off the block's page; their time as champion
    stays on their involvement record (from approval to today)."""
    if not BlockChampion.objects.filter(pk=champion.pk, status=ChampionStatus.APPROVED).update(
        status=ChampionStatus.STEPPED_DOWN, stepped_down_at=timezone.now(), next_digest_at=None
    ):
        raise ValidationError("You are not a Block Champion now.")
    champion.refresh_from_db()
    return champion


def log_block_issue(*, champion: BlockChampion, spec, logged_by):
    """An issue a champion found on their own block at any time: logged through the walkabouts' issue logging (the
    same feedback item, hazard clocks and retried-send key), in their name, with no walk, about the block's shared
    spaces (so it is in the block's open issues and its champions' digest)."""
    from ..walkabouts import services as walkabouts

    return walkabouts.log_issue(walkabout=None, spec=spec, logged_by=logged_by, block=champion.block)


def block_issues(block_id: int):
    """Open feedback about the block's shared spaces (never a neighbour's own home), oldest first."""
    return Feedback.objects.filter(block_id=block_id, scope=FeedbackScope.BLOCK, status__in=OPEN_STATUSES).order_by(
        "created_at"
    )


def send_due_digests(now=None) -> list[int]:
    """Each approved champion whose digest is due gets it, exactly once: the champion's row is claimed with a
    conditional UPDATE (moving its due time a week on) in the same transaction as the email is queued."""
    now = now or timezone.now()
    sent = []
    for champion in BlockChampion.objects.digest_due(now).select_related("resident__user", "block"):
        with transaction.atomic():
            claimed = BlockChampion.objects.filter(
                pk=champion.pk, status=ChampionStatus.APPROVED, next_digest_at=champion.next_digest_at
            ).update(next_digest_at=now + DIGEST_GAP)
            if not claimed:
                continue  # another run has sent it
            issues = block_issues(champion.block_id)
            outbox.queue_email(
                template="champion_digest",
                key=f"champion-digest:{champion.pk}:{champion.next_digest_at:%Y%m%d%H%M%S}",
                to=_address(champion.resident),
                context={
                    "champion": champion,
                    "resident": champion.resident,
                    "count": issues.count(),
                    "issues": list(issues.only("id", "category", "status", "created_at")[:DIGEST_ITEMS]),
                    "link": f"{settings.SITE_URL}{reverse('community:block_detail', args=[champion.block_id])}",
                },
            )
            sent.append(champion.pk)
    return sent
