"""Block Champions: residents who champion their own block. A linked resident applies; staff approve or decline
with a reason the resident sees; champions get a weekly digest of their block's open shared issues and appear by
first name on the block's page for their neighbours. An approved champion on a walkabout in their neighbourhood
logs issues on it (community/walkabouts/permissions.py), and logs issues on their block at any time. Being a champion
(from approval to stepping down) and the issues they logged are on their involvement record (setup.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from residents.models import Block, Resident


class ChampionStatus(models.TextChoices):
    APPLIED = "applied", "Waiting for a decision"
    APPROVED = "approved", "Block Champion"
    DECLINED = "declined", "Not approved"
    STEPPED_DOWN = "stepped_down", "Stepped down"


ACTIVE = (ChampionStatus.APPLIED, ChampionStatus.APPROVED)


class ChampionQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ChampionStatus.APPROVED)

    def of_user(self, user):
        return self.filter(resident__user=user)

    def digest_due(self, now):
        return self.approved().filter(next_digest_at__lte=now)


class BlockChampion(models.Model):
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="champion_roles")
    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="champions")
    why = models.TextField(max_length=2000)
    status = models.CharField(max_length=14, choices=ChampionStatus.choices, default=ChampionStatus.APPLIED)
    reason = models.TextField(max_length=2000, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    stepped_down_at = models.DateTimeField(null=True, blank=True)
    # The weekly digest: when the next is due (claimed by the beat task with a conditional UPDATE).
    next_digest_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChampionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "block"], condition=Q(status__in=ACTIVE), name="champion_one_active_per_block"
            ),
            models.CheckConstraint(
                condition=~Q(status=ChampionStatus.DECLINED) | ~Q(reason=""), name="champion_declined_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["next_digest_at"], name="champion_digest_due")]

    def __str__(self):
        return f"Resident {self.resident_id} for block {self.block_id} ({self.status})"
