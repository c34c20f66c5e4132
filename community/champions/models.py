"""Block Champions: residents who champion their block. So far only what walkabouts need: who is an approved
champion of which block, so that they can log issues on a walk in their neighbourhood. Applying, approval by staff,
the digest and the block page come with the Block Champions feature."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from residents.models import Block, Resident


class ChampionStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    STEPPED_DOWN = "stepped_down", "Stepped down"


class BlockChampionQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ChampionStatus.APPROVED)

    def of_user(self, user):
        return self.filter(resident__user=user)


class BlockChampion(models.Model):
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=ChampionStatus.choices, default=ChampionStatus.APPLIED)
    reason = models.CharField("the reason for the decision", max_length=500, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = BlockChampionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "block"],
                condition=Q(status__in=["applied", "approved"]),
                name="champion_once_per_block",
            )
        ]

    def __str__(self):
        return f"Champion {self.resident_id} of block {self.block_id} ({self.get_status_display()})"
