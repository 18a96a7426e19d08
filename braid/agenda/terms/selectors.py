"""Reads of the terms of reference: the snapshot an issued version freezes, signatures."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
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
from braid.core import bilingual
from braid.partners.models import Organisation, PartnerStatus


def issued(access: Access) -> QuerySet[TermsVersion]:
    """Every issued version of the terms of reference, newest first."""
    return access.scope(TermsVersion).order_by("-number")


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
                **bilingual.texts(b, ["purpose"]),
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
                    "agenda_drafted_by": rules.agenda_drafted_by,
                    "minutes_taken_by": rules.minutes_taken_by,
                    **bilingual.texts(rules, ["meeting_frequency", "channels", "notes"]),
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
        "collaborative": {"name": c.name, **bilingual.texts(c, ["issue"])},
        "purpose": {
            "agenda_version": agenda.number if agenda else None,
            **bilingual.texts(agenda, ["problem", "vision", "mission", "north_star", "values"]),
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


def _title_change(latest: TermsVersion, fields: dict[str, Any]) -> str:
    """The sentence for a new title, in either language (empty when neither changes): texts
    compared as a snapshot freezes them, so an unwritten French title is no change."""
    from django.utils.translation import gettext as _

    given = {f: (fields.get(f) or "").strip() for f in bilingual.both(["title"])}
    if bilingual.is_blank(given, "title"):
        return ""
    if bilingual.texts(given, ["title"]) == bilingual.texts(latest, ["title"]):
        return ""
    old, new = bilingual.pick(latest, "title"), bilingual.pick(given, "title")
    if old.text != new.text:
        return _("The title, “%(old)s”, becomes “%(new)s”.") % {"old": old.text, "new": new.text}
    if new.lang == "en":  # the reader's text stays: the other language's title changes
        return _("The title in French changes.")
    return _("The title in English changes.")


def changes_since(
    latest: TermsVersion, snapshot: dict[str, Any], fields: dict[str, Any]
) -> list[str]:
    """What a new version would change in what partners signed in `latest`: one sentence per
    part of the document that differs (empty when nothing does)."""
    from django.utils.translation import gettext as _

    old = latest.snapshot
    out: list[str] = []
    title = _title_change(latest, fields)
    if title:
        out.append(title)
    if fields.get("effective_from") and fields["effective_from"] != latest.effective_from:
        out.append(_("The date the terms take effect changes."))
    if fields.get("effective_to") != latest.effective_to:
        out.append(_("The date the terms end changes."))
    for field, sentence in (
        ("data_sharing", _("The data-sharing clause changes.")),
        ("term_and_exit", _("The term-and-exit clause changes.")),
    ):
        if any(
            (fields.get(f) or "").strip() != getattr(latest, f) for f in bilingual.both([field])
        ):
            out.append(sentence)
    if old.get("purpose") != snapshot.get("purpose") or old.get("collaborative") != snapshot.get(
        "collaborative"
    ):
        out.append(_("The purpose changes (the common agenda was edited since)."))
    before = {p["id"]: p for p in old.get("partners", [])}
    after = {p["id"]: p for p in snapshot.get("partners", [])}
    added = [after[k]["name"] for k in after if k not in before]
    removed = [before[k]["name"] for k in before if k not in after]
    if added:
        out.append(_("New parties: %(names)s.") % {"names": ", ".join(added)})
    if removed:
        out.append(_("No longer parties: %(names)s.") % {"names": ", ".join(removed)})
    if any(before[k] != after[k] for k in before if k in after):
        out.append(_("A party's sector, role or part in the action plan changes."))
    for key, sentence in (
        ("bodies", _("The governance bodies or their rules of procedure change.")),
        ("leaders", _("The leadership changes.")),
        ("backbone", _("The backbone support changes.")),
        ("resources", _("The resources change.")),
    ):
        if old.get(key) != snapshot.get(key):
            out.append(str(sentence))
    return out
