"""Reads of the Diagnose module: the register, follow-ups, the grid, framings, the context."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from braid.collaboratives import removal
from braid.collaboratives.access import Access
from braid.core import bilingual
from braid.lib.stakeholders import Rated, outreach_order, quadrant
from braid.partners.models import (
    Contact,
    ContextFactor,
    CustomSector,
    Organisation,
    OutreachEntry,
    PartnerStatus,
    Sector,
    SectorFraming,
    StakeholderRating,
)

SORTS = {
    "name": "name",
    "-name": "-name",
    "status": "status",
    "sector": "sector",
    "updated": "-updated_at",
}


def sector_choices(collaborative_id: int) -> list[tuple[str, str]]:
    custom = CustomSector.objects.filter(collaborative_id=collaborative_id)
    return [(c.value, str(c.label)) for c in Sector] + [(c.code, c.label) for c in custom]


def sector_codes(collaborative_id: int) -> list[str]:
    return [code for code, _label in sector_choices(collaborative_id)]


def sector_label(choices: list[tuple[str, str]], code: str) -> str:
    return dict(choices).get(code, code)


def organisations(
    access: Access, *, q: str = "", sector: str = "", status: str = "", sort: str = "name"
) -> QuerySet[Organisation]:
    latest = StakeholderRating.objects.filter(organisation=OuterRef("pk")).order_by(
        "-rated_at", "-pk"
    )
    qs = access.scope(Organisation).annotate(
        influence=Subquery(latest.values("influence")[:1]),
        proximity=Subquery(latest.values("proximity")[:1]),
        stance=Subquery(latest.values("stance")[:1]),
        contact_count=Count("contacts", filter=Q(contacts__removed_at__isnull=True), distinct=True),
        last_contact=Max("outreach__date"),
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(mandate__icontains=q) | Q(priorities__icontains=q))
    if sector:
        qs = qs.filter(sector=sector)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by(SORTS.get(sort, "name"), "name")


def organisation_detail(access: Access, pk: int) -> Organisation:
    qs = access.scope(Organisation).prefetch_related(
        "contacts",
        Prefetch(
            "outreach",
            queryset=OutreachEntry.objects.select_related("reached_out_by").prefetch_related(
                Prefetch("contact", queryset=Contact.objects.all())  # a removed one: None
            ),
        ),
        Prefetch("ratings", queryset=StakeholderRating.objects.select_related("rated_by")),
    )
    return access.get_owned(qs, pk=pk)


def board(access: Access) -> list[tuple[str, str, list[Organisation]]]:
    by_status: dict[str, list[Organisation]] = {s.value: [] for s in PartnerStatus}
    for org in access.scope(Organisation).order_by("name"):
        by_status[org.status].append(org)
    return [(s.value, str(s.label), by_status[s.value]) for s in PartnerStatus]


def follow_ups_due(access: Access, *, within_days: int = 14) -> QuerySet[OutreachEntry]:
    horizon = timezone.localdate() + dt.timedelta(days=within_days)
    return (
        access.scope(OutreachEntry)
        .filter(follow_up_done=False, follow_up_on__isnull=False, follow_up_on__lte=horizon)
        .select_related("organisation", "reached_out_by")
        .order_by("follow_up_on")
    )


@dataclass
class GridRow:
    organisation: Organisation
    influence: int
    proximity: int
    stance: str
    quadrant: str
    rank: int


def stakeholder_grid(access: Access) -> list[GridRow]:
    """Latest rating of every rated organisation, in suggested outreach order. Pages and the
    API show it only where `audience.shows_stakeholder_analysis`; counts (evidence) may use it."""
    orgs = {o.pk: o for o in organisations(access).filter(influence__isnull=False)}  # type: ignore[misc]
    rated = [Rated(str(pk), o.influence, o.proximity, o.stance) for pk, o in orgs.items()]  # type: ignore[attr-defined]
    return [
        GridRow(
            orgs[int(r.key)],
            r.influence,
            r.proximity,
            r.stance,
            quadrant(r.influence, r.proximity),
            rank,
        )
        for rank, r in enumerate(outreach_order(rated), start=1)
    ]


GRID_LABEL_RANKS = 2


def grid_label(ranks: list[int]) -> str:
    """A cell's one label: the outreach order of who sits there, "1, 4" or "1, 4 +2"."""
    shown = ", ".join(str(r) for r in ranks[:GRID_LABEL_RANKS])
    more = len(ranks) - GRID_LABEL_RANKS
    return f"{shown} +{more}" if more > 0 else shown


def grid_chart(rows: list[GridRow], stance_labels: dict[str, str]) -> dict[str, Any]:
    """Vega-Lite spec: influence × proximity with the high band shaded. Organisations rated
    alike sit side by side inside their cell; each cell carries one short label (their places
    in the outreach order of the table below), so labels never print over each other at any
    width; names are in the table and the tooltips."""
    groups: dict[tuple[int, int], list[GridRow]] = {}
    for r in rows:
        groups.setdefault((r.proximity, r.influence), []).append(r)
    data = []
    labels = []
    for (proximity, influence), members in groups.items():
        step = min(0.28, 0.8 / max(len(members), 1))
        for i, r in enumerate(members):
            data.append(
                {
                    "name": r.organisation.name,
                    "influence": influence,
                    "proximity": proximity,
                    "x": proximity + (i - (len(members) - 1) / 2) * step,
                    "y": influence + (0.12 if i % 2 else 0) * (1 if len(members) > 1 else 0),
                    "stance": stance_labels.get(r.stance, r.stance),
                    "rank": r.rank,
                }
            )
        labels.append(
            {
                "x": proximity,
                "y": influence,
                "label": grid_label(sorted(m.rank for m in members)),
            }
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": 380,
        "data": {"values": data},
        "layer": [
            {
                "data": {"values": [{"x": 3.5, "x2": 5.5, "y": 3.5, "y2": 5.5}]},
                "mark": {"type": "rect", "color": "#e7eef8"},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative"},
                    "x2": {"field": "x2"},
                    "y": {"field": "y", "type": "quantitative"},
                    "y2": {"field": "y2"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 160, "opacity": 0.85},
                "encoding": {
                    "x": {
                        "field": "x",
                        "type": "quantitative",
                        "title": str(_("Proximity")),
                        "scale": {"domain": [0.5, 5.5]},
                        "axis": {"values": [1, 2, 3, 4, 5], "format": "d"},
                    },
                    "y": {
                        "field": "y",
                        "type": "quantitative",
                        "title": str(_("Influence")),
                        "scale": {"domain": [0.5, 5.5]},
                        "axis": {"values": [1, 2, 3, 4, 5], "format": "d"},
                    },
                    "color": {
                        "field": "stance",
                        "type": "nominal",
                        "title": str(_("Stance")),
                        "legend": {"orient": "bottom", "columns": 3},
                    },
                    "shape": {"field": "stance", "type": "nominal"},
                    "tooltip": [
                        {"field": "name"},
                        {"field": "influence"},
                        {"field": "proximity"},
                        {"field": "stance"},
                        {"field": "rank", "title": str(_("Outreach order"))},
                    ],
                },
            },
            {
                "data": {"values": labels},
                "mark": {"type": "text", "dy": -16, "fontSize": 11, "fontWeight": "bold"},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative"},
                    "y": {"field": "y", "type": "quantitative"},
                    "text": {"field": "label"},
                },
            },
        ],
    }


def framing_texts(access: Access) -> dict[str, dict[str, str]]:
    """Each sector's framing as written, in both languages."""
    return {
        sector: {"framing": en, "framing_fr": fr}
        for sector, en, fr in access.scope(SectorFraming).values_list(
            "sector", "framing", "framing_fr"
        )
    }


def framings(access: Access) -> dict[str, bilingual.Shown]:
    """Each sector's framing in the reader's language, or the other one, marked."""
    return {s: bilingual.pick(t, "framing") for s, t in framing_texts(access).items()}


@dataclass
class FramingRow:
    """A sector on the framings page: its framing for this reader and its organisations."""

    code: str
    label: str
    framing: bilingual.Shown | None
    organisations: list[Organisation]


def framing_rows(access: Access) -> list[FramingRow]:
    """Each sector that has a framing or an organisation, in the sectors' order."""
    current = framings(access)
    orgs = organisations(access).only("name", "sector", "priorities", "collaborative")
    by_sector: dict[str, list[Organisation]] = {}
    for org in orgs:
        by_sector.setdefault(org.sector, []).append(org)
    return [
        FramingRow(code, label, current.get(code), by_sector.get(code, []))
        for code, label in sector_choices(access.collaborative.pk)
        if code in current or code in by_sector
    ]


def context_factors(access: Access) -> QuerySet[ContextFactor]:
    return access.scope(ContextFactor).order_by("date", "pk")


def context_chart(factors: list[ContextFactor], labels: dict[str, str]) -> dict[str, Any]:
    data = [
        {
            "title": f.title,
            "date": f.date.isoformat(),
            "end": (f.end_date or f.date).isoformat(),
            "category": labels.get(f.category, f.category),
            "effect": labels.get(f.effect, f.effect),
        }
        for f in factors
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": 220,
        "data": {"values": data},
        "layer": [
            {
                "mark": {"type": "rule", "strokeWidth": 6, "opacity": 0.4},
                "encoding": {
                    "x": {"field": "date", "type": "temporal", "title": None},
                    "x2": {"field": "end"},
                    "y": {"field": "category", "type": "nominal", "title": None},
                    "color": {
                        "field": "effect",
                        "type": "nominal",
                        "title": None,
                        "scale": {"range": ["#1b6e3a", "#b42318"]},
                    },
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 140},
                "encoding": {
                    "x": {"field": "date", "type": "temporal"},
                    "y": {"field": "category", "type": "nominal"},
                    "color": {"field": "effect", "type": "nominal"},
                    "shape": {"field": "effect", "type": "nominal"},
                    "tooltip": [
                        {"field": "title"},
                        {"field": "date", "type": "temporal"},
                        {"field": "effect"},
                    ],
                },
            },
        ],
    }


def outreach_draft(access: Access, organisation: Organisation, *, framing: str, sender: str) -> str:
    """A first draft of an outreach message in the sector's own terms, in the contact's
    preferred language; the steward edits it before it goes in the outreach log."""
    contact = organisation.contacts.first()
    language = contact.preferred_language if contact else translation.get_language() or "en"
    c = access.collaborative
    with translation.override(language):
        greeting = (
            _("Dear %(name)s,") % {"name": contact.name}
            if contact and contact.name
            else _("Dear colleagues at %(org)s,") % {"org": organisation.name}
        )
        lines = [
            greeting,
            "",
            _("I am writing on behalf of %(collaborative)s, a partnership working to %(framing)s.")
            % {
                "collaborative": c.name,
                "framing": framing or bilingual.pick(c, "issue", language).text,
            },
        ]
        if organisation.priorities:
            lines.append(
                _(
                    "We know %(org)s is focused on %(priorities)s; we believe working together "
                    "would serve those priorities directly."
                )
                % {
                    "org": organisation.name,
                    "priorities": organisation.priorities.strip().rstrip("."),
                }
            )
        lines += [
            "",
            _(
                "Could we meet for half an hour in the coming weeks to explore how we "
                "might work together?"
            ),
            "",
            _("With thanks,"),
            sender,
        ]
    return "\n".join(lines)


def removed_contacts(access: Access, organisation: Organisation) -> list[Contact]:
    """The organisation's "Recently removed" contacts, for those who may restore them (its
    editors); empty for anyone else."""
    if not access.can_edit_for(organisation.pk):
        return []
    return list(removal.recently_removed(access, Contact).filter(organisation=organisation))


def contacts_with_email(access: Access, organisation_ids: list[int]) -> QuerySet[Contact]:
    """The contacts of these organisations that have an e-mail address (survey respondents)."""
    return (
        access.scope(Contact)
        .filter(organisation_id__in=organisation_ids)
        .exclude(email="")
        .order_by("organisation_id", "name")
    )
