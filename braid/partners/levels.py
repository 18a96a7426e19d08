"""Observed levels of collaboration, from the evidence every module can give.

The evidence registry: a module above partners (agenda: terms of reference, RACI, contributions;
meetings: attendance) registers a provider in its AppConfig.ready():

    register_evidence(provider)

where `provider(collaborative_id: int, organisation_ids: list[int]) -> dict[int, dict[str, str]]`
returns, per organisation id, values for some of the attributes of
`braid.lib.levels.PartnerEvidence` (agreement, roles, communication, decisions, trust,
resources), using that attribute's scale in `braid.lib.levels.SCALES`. Providers are merged in
registration order, each keeping the strongest value seen for an attribute; partners supplies
its own defaults first (its status, how often it was contacted, its stance).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from braid.collaboratives.access import Access
from braid.lib.levels import SCALES, Level, PartnerEvidence, observed_level
from braid.partners.models import Organisation, PartnerStatus, StakeholderRating

HOLD_BACK = {
    "agreement": _("no signed terms of reference yet"),
    "roles": _("roles not defined clearly enough"),
    "communication": _("not in touch often or formally enough"),
    "decisions": _("decisions not shared enough"),
    "trust": _("trust not established enough"),
    "resources": _("resources not shared or pooled"),
}
LEVEL_LABELS = {
    Level.NONE: _("None"),
    Level.NETWORKING: _("Networking"),
    Level.COOPERATION: _("Cooperation"),
    Level.COORDINATION: _("Coordination"),
    Level.FULL_COLLABORATION: _("Full collaboration"),
}

Provider = Callable[[int, list[int]], dict[int, dict[str, str]]]
_providers: list[Provider] = []


def register_evidence(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def _own_evidence(collaborative_id: int, organisation_ids: list[int]) -> dict[int, dict[str, str]]:
    """What the register itself shows: partnership status, contact frequency, stance."""
    since = timezone.localdate() - dt.timedelta(days=180)
    orgs = Organisation.objects.filter(
        collaborative_id=collaborative_id, pk__in=organisation_ids
    ).annotate(recent=Count("outreach", filter=Q(outreach__date__gte=since)))
    stances = {}
    for rating in StakeholderRating.objects.filter(
        collaborative_id=collaborative_id, organisation_id__in=organisation_ids
    ).order_by("organisation_id", "rated_at", "pk"):
        stances[rating.organisation_id] = rating.stance
    evidence: dict[int, dict[str, str]] = {}
    for org in orgs:
        e: dict[str, str] = {}
        if org.recent >= 6:
            e["communication"] = "frequent"
        elif org.recent >= 1 or org.status in (PartnerStatus.PARTNER, PartnerStatus.IN_DISCUSSION):
            e["communication"] = "occasional"
        if org.status == PartnerStatus.PARTNER:
            e["roles"] = "loose"
            e["agreement"] = "informal" if org.joined_on else "none"
        if stances.get(org.pk) in ("champion", "supporter"):
            e["trust"] = "low_moderate" if stances[org.pk] == "champion" else "little"
        evidence[org.pk] = e
    return evidence


def _merge(into: dict[str, str], more: dict[str, str]) -> None:
    for attribute, value in more.items():
        scale = SCALES.get(attribute)
        if scale is None or value not in scale:
            continue
        if attribute not in into or scale.index(value) > scale.index(into[attribute]):
            into[attribute] = value


@dataclass
class LevelRow:
    organisation: Organisation
    evidence: PartnerEvidence
    observed: Level
    held_back_by: list[str]

    @property
    def hold_back_text(self) -> list[str]:
        return [str(HOLD_BACK[a]) for a in self.held_back_by]

    @property
    def observed_label(self) -> str:
        return str(LEVEL_LABELS[self.observed])

    @property
    def reported_label(self) -> str:
        level = self.organisation.reported_level
        return "" if level is None else str(LEVEL_LABELS[Level(level)])


def partner_levels(access: Access) -> list[LevelRow]:
    partners = list(
        access.scope(Organisation)
        .filter(status__in=[PartnerStatus.PARTNER, PartnerStatus.IN_DISCUSSION])
        .order_by("name")
    )
    ids = [o.pk for o in partners]
    merged: dict[int, dict[str, str]] = {pk: {} for pk in ids}
    for provider in [_own_evidence, *_providers]:
        for pk, values in provider(access.collaborative.pk, ids).items():
            if pk in merged:
                _merge(merged[pk], values)
    rows = []
    for org in partners:
        evidence = PartnerEvidence(**merged[org.pk])
        level, held = observed_level(evidence)
        rows.append(LevelRow(org, evidence, level, held))
    return rows
