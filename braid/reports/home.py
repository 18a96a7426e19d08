"""The reports card on the home page and the sidebar link (Assess stage)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from braid.collaboratives.stages import Card
from braid.reports.selectors import reports


def cards(access: Any) -> list[Card]:
    found = reports(access)
    published = found.filter(status="published").count()
    figures: list[tuple[Any, Any]] = [(_("published reports"), published)]
    if access.can_manage():
        figures.append((_("drafts"), found.filter(status="draft").count()))
    return [
        Card(
            title=_("Reports"),
            url=reverse("reports:list", args=[access.collaborative.slug]),
            figures=figures,
            empty_hint=""
            if published or not access.can_manage()
            else _("Build a report for a period: sections, narrative, PDF in English or French."),
        )
    ]


def nav(access: Any) -> list[tuple[Any, str]]:
    slug = access.collaborative.slug
    items: list[tuple[Any, str]] = [(_("Reports"), reverse("reports:list", args=[slug]))]
    if access.can_manage():
        items.append((_("Public results page"), reverse("reports:public_settings", args=[slug])))
    return items
