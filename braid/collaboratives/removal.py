"""Removal that can be undone for a while (soft removal).

A model whose rows a coordinator would regret losing with one click subclasses `Removable`
instead of `TenantModel`: removing a row sets `removed_at`, and the model's default manager
(`objects`, hence `access.scope`, related managers and every selector) no longer sees it; the
row, its links and what hangs off it stay, so a restore within `WINDOW` brings it back whole.
`with_removed` sees every row (the restore, the "recently removed" list). The base manager
stays unfiltered (Django saves through it; the bundle exports every row).

A view says what was removed with `undo_message`, which offers the restore right there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from braid.collaboratives.tenancy import TenantModel, TenantQuerySet

WINDOW = dt.timedelta(days=30)
M = TypeVar("M", bound=models.Model)


class LiveManager(models.Manager.from_queryset(TenantQuerySet)):  # type: ignore[misc]
    """The rows nobody removed."""

    def get_queryset(self) -> TenantQuerySet:
        return super().get_queryset().filter(removed_at__isnull=True)


class Removable(TenantModel):
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = LiveManager()  # type: ignore[misc]  # a narrower manager than TenantModel's
    with_removed = TenantQuerySet.as_manager()

    class Meta:
        abstract = True
        default_manager_name = "objects"


class LiveUnderManager(models.Manager.from_queryset(TenantQuerySet)):  # type: ignore[misc]
    """The rows whose parent (a `Removable`, through the foreign key `parent`) nobody removed.
    `parent` is a class attribute: Django builds related managers from this class, without
    arguments."""

    parent = ""

    def get_queryset(self) -> TenantQuerySet:
        return super().get_queryset().filter(**{f"{self.parent}__removed_at__isnull": True})


def remove(row: Any) -> None:
    row.removed_at = timezone.now()
    row.save(update_fields=["removed_at"])


def restore(row: Any) -> None:
    row.removed_at = None
    row.save(update_fields=["removed_at"])


def recently_removed(access: Any, model: type[M]) -> models.QuerySet[M]:
    """This collaborative's rows of `model` removed within the window, latest first."""
    since = timezone.now() - WINDOW
    return (
        access.scope(model.with_removed.all())  # type: ignore[attr-defined]
        .filter(removed_at__gte=since)
        .order_by("-removed_at", "-pk")
    )


def get_removed(access: Any, model: type[M], pk: int, *, for_update: bool = True) -> M:
    """A row removed within the window, or 404 (also another tenant's, a live one, an old one)."""
    qs = recently_removed(access, model)
    row = (qs.select_for_update() if for_update else qs).filter(pk=pk).first()
    if row is None:
        raise Http404("Nothing removed lately under that number.")
    return row


def undo_message(request: HttpRequest, text: str, restore_url: str) -> None:
    """The success message after a removal, with an "Undo" button posting to `restore_url`."""
    html = render_to_string(
        "includes/undo_message.html", {"text": text, "restore_url": restore_url}, request
    )
    messages.success(request, mark_safe(html))  # noqa: S308 (escaped by the template)
