"""Outbound email, written in the same transaction as the change it tells someone about.

A relay task sends unsent rows; if Redis or the email provider is down, rows wait and go out later. The
unique key stops the same message being queued twice (a retried task, a second worker).
"""

from django.db import models
from django.utils import timezone


class OutboundEmail(models.Model):
    key = models.CharField(max_length=120, unique=True, help_text="What this message is, e.g. feedback-ack:123.")
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["id"], name="outbox_unsent", condition=models.Q(sent_at__isnull=True))]

    def __str__(self):
        return f"{self.key} to {self.to}"
