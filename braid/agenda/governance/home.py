"""The governance card on the Design stage, and its sidebar links."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from braid.agenda.models import BackboneAssignment, BackboneFunction, GovernanceBody
from braid.collaboratives.stages import Card


def cards(access: Any) -> list[Card]:
    bodies = access.scope(GovernanceBody).count()
    without_rules = access.scope(GovernanceBody).filter(rules__isnull=True).count()
    unassigned = len(BackboneFunction.values) - access.scope(BackboneAssignment).count()
    return [
        Card(
            title=_("Governance and roles"),
            url=reverse("agenda:gov_bodies", args=[access.collaborative.slug]),
            figures=[
                (_("bodies"), bodies),
                (_("without rules"), without_rules),
                (_("backbone functions unassigned"), unassigned),
            ],
            empty_hint="" if bodies else _("Set up the steering committee and its rules."),
        )
    ]


def nav(access: Any) -> list[tuple[Any, str]]:
    slug = access.collaborative.slug
    return [
        (_("Governance"), reverse("agenda:gov_bodies", args=[slug])),
        (_("Responsibility matrix"), reverse("agenda:gov_raci", args=[slug])),
    ]
