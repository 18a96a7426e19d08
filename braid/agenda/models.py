"""The common agenda's results chain: goals, objectives (and, later, the rest of Design)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from braid.collaboratives.tenancy import TenantModel


class Goal(TenantModel):
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["collaborative", "position"])]

    def __str__(self) -> str:
        return self.title


class Horizon(models.TextChoices):
    SHORT = "short", _("Short term")
    LONG = "long", _("Long term")


class Objective(TenantModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(_("title"), max_length=300)
    horizon = models.CharField(
        _("horizon"), max_length=8, choices=Horizon.choices, default=Horizon.SHORT
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["collaborative", "goal"])]

    def __str__(self) -> str:
        return self.title
