"""The terms of reference card on the Design stage, and its sidebar link."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from braid.agenda.terms.selectors import current, signature_rows
from braid.collaboratives.stages import Card


def cards(access: Any) -> list[Card]:
    terms = current(access)
    rows = signature_rows(terms) if terms else []
    return [
        Card(
            title=_("Terms of reference"),
            url=reverse("agenda:terms", args=[access.collaborative.slug]),
            figures=[
                (_("version"), terms.number if terms else "—"),
                (_("signed"), f"{sum(1 for r in rows if r.signature)}/{len(rows)}"),
            ],
            empty_hint="" if terms else _("Issue them once the agenda and roles are agreed."),
        )
    ]


def nav(access: Any) -> list[tuple[Any, str]]:
    return [(_("Terms of reference"), reverse("agenda:terms", args=[access.collaborative.slug]))]
