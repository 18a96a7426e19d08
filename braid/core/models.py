"""The one table of Braid's plumbing: the outbox of background work (ADR 0011)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class OutboxTask(models.Model):
    """A task recorded in the same transaction as the change that asked for it, before the
    broker hears of it: an outage of the broker delays the work, never loses it.

    `sent_at`: the broker accepted the message (the housekeeping chore re-sends rows without
    it). `started_at`: a worker claimed it (only one can: the claim is a conditional UPDATE),
    so a message delivered twice runs once. `finished_at` and `error`: how it ended."""

    name = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent_at", "created_at"], name="core_outbox_unsent")]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk}"
