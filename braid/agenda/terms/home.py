"""The terms of reference card on the Design stage, and its sidebar link."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from braid.agenda.terms.selectors import current, signature_rows
from braid.collaboratives.stages import Card, NextItem


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


def next_items(access: Any) -> list[NextItem]:
    """A partner whose organisation is a party to the current version and has not signed: sign
    it. A steward: how many parties have not signed yet."""
    from django.utils.translation import gettext, ngettext

    terms = current(access)
    if terms is None:
        return []
    url = reverse("agenda:terms", args=[access.collaborative.slug])
    rows = signature_rows(terms)
    if access.can_manage():
        unsigned = sum(1 for r in rows if not r.signature)
        if not unsigned:
            return []
        return [
            NextItem(
                ngettext(
                    "%(n)s party has not signed version %(v)s of the terms of reference.",
                    "%(n)s parties have not signed version %(v)s of the terms of reference.",
                    unsigned,
                )
                % {"n": unsigned, "v": terms.number},
                url,
                weight=40,
            )
        ]
    owes = any(r.organisation_id == access.organisation_id and not r.signature for r in rows)
    if owes and access.can_edit_for(access.organisation_id):
        return [
            NextItem(
                gettext("Sign version %(v)s of the terms of reference for your organisation.")
                % {"v": terms.number},
                url,
                weight=30,
            )
        ]
    return []
