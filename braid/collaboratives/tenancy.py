"""The tenant base every collaborative-owned model inherits.

A model that belongs to a collaborative subclasses `TenantModel`; its default manager is then a
`TenantQuerySet` with `.for_collaborative(c)`, and `braid.collaboratives.access` can fetch its
rows for a user with a 404 for anything outside their collaboratives. See docs/architecture.md,
"How to add a tenant-owned model".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models

if TYPE_CHECKING:
    from braid.collaboratives.models import Collaborative


class TenantQuerySet(models.QuerySet[Any]):
    def for_collaborative(self, collaborative: Collaborative | int) -> Self:
        collaborative_id = collaborative if isinstance(collaborative, int) else collaborative.pk
        return self.filter(collaborative_id=collaborative_id)


class TenantModel(models.Model):
    collaborative = models.ForeignKey(
        "collaboratives.Collaborative", on_delete=models.CASCADE, related_name="+"
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True
