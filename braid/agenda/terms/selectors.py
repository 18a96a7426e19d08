"""Reads of the terms of reference: the snapshot an issued version freezes, signatures."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from braid.agenda.models import (
    AgendaVersion,
    BackboneAssignment,
    BackboneFunction,
    Contribution,
    ContributionKind,
    GovernanceBody,
    LeadershipRole,
    Responsibility,
    Signature,
    TermsVersion,
)
from braid.collaboratives.access import Access
from braid.partners.models import Organisation, PartnerStatus


def current(access: Access) -> TermsVersion | None:
    return access.scope(TermsVersion).order_by("-number").first()


def snapshot(access: Access) -> dict[str, Any]:
    """The collaborative's Design data as the terms of reference state it, in plain JSON
    (codes, not labels, so the document renders in English or French later)."""
    c = access.collaborative
    today = timezone.localdate()
    agenda = access.scope(AgendaVersion).order_by("-number").first()
    partners = list(
        access.scope(Organisation).filter(status=PartnerStatus.PARTNER).order_by("name")
    )
    raci: dict[int, Counter[str]] = defaultdict(Counter)
    for org_id, role in access.scope(Responsibility).values_list("organisation_id", "role"):
        raci[org_id][role] += 1
    bodies = []
    for b in (
        access.scope(GovernanceBody)
        .select_related("rules", "chair", "chair__organisation")
        .prefetch_related("member_organisations")
        .order_by("kind", "name")
    ):
        rules = b.rules
        bodies.append(
            {
                "name": b.name,
                "kind": b.kind,
                "purpose": b.purpose,
                "members": sorted(o.name for o in b.member_organisations.all()),
                "chair": b.chair.name if b.chair else "",
                "chair_organisation": b.chair.organisation.name if b.chair else "",
                "rules": None
                if rules is None
                else {
                    "name": rules.name,
                    "decision_method": rules.decision_method,
                    "quorum_pct": rules.quorum_pct,
                    "majority_pct": rules.majority_pct,
                    "meeting_frequency": rules.meeting_frequency,
                    "channels": rules.channels,
                    "agenda_drafted_by": rules.agenda_drafted_by,
                    "minutes_taken_by": rules.minutes_taken_by,
                    "notes": rules.notes,
                },
            }
        )
    leaders = [
        {
            "title": r.title,
            "person": r.person,
            "organisation": r.organisation.name,
            "body": r.body.name if r.body else "",
            "term_start": r.term_start.isoformat(),
            "term_end": r.term_end.isoformat() if r.term_end else "",
        }
        for r in access.scope(LeadershipRole)
        .select_related("organisation", "body")
        .filter(term_start__lte=today)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
    ]
    backbone = {a.function: a.assignee for a in access.scope(BackboneAssignment)}
    # Summed in Python from exact decimals so the frozen strings are the same on every database.
    by_kind: dict[str, Decimal] = defaultdict(Decimal)
    by_partner: dict[str, Decimal] = defaultdict(Decimal)
    for name, kind, value in access.scope(Contribution).values_list(
        "organisation__name", "kind", "value"
    ):
        by_kind[kind] += value
        by_partner[name] += value
    cents = Decimal("0.01")
    return {
        "collaborative": {"name": c.name, "issue": c.issue},
        "purpose": {
            "agenda_version": agenda.number if agenda else None,
            "problem": agenda.problem if agenda else "",
            "vision": agenda.vision if agenda else "",
            "mission": agenda.mission if agenda else "",
            "north_star": agenda.north_star if agenda else "",
            "values": agenda.values if agenda else "",
        },
        "partners": [
            {
                "id": o.pk,
                "name": o.name,
                "sector": o.sector,
                "role": o.role,
                "raci": dict(sorted(raci[o.pk].items())),
            }
            for o in partners
        ],
        "bodies": bodies,
        "leaders": leaders,
        "backbone": [
            {"function": f, "assignee": backbone.get(f, "")} for f in BackboneFunction.values
        ],
        "resources": {
            "by_kind": {
                k: str(by_kind[k].quantize(cents)) for k in ContributionKind.values if k in by_kind
            },
            "by_partner": {k: str(v.quantize(cents)) for k, v in sorted(by_partner.items())},
            "total": str(sum(by_kind.values(), Decimal(0)).quantize(cents)),
        },
    }


@dataclass
class SignatureRow:
    organisation_id: int
    name: str
    signature: Signature | None


def signature_rows(terms: TermsVersion) -> list[SignatureRow]:
    """Every partner the version names, signed or not yet."""
    signed = {s.organisation_id: s for s in terms.signatures.all()}  # prefetched in lists
    return [
        SignatureRow(p["id"], p["name"], signed.get(p["id"]))
        for p in terms.snapshot.get("partners", [])
    ]
