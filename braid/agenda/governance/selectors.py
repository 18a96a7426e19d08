"""Reads of governance: bodies, the RACI matrix with its warnings, leadership across sectors,
the six backbone functions."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from braid.agenda.models import (
    Activity,
    ActivityStatus,
    BackboneAssignment,
    BackboneFunction,
    GovernanceBody,
    LeadershipRole,
    Responsibility,
    RulesOfProcedure,
)
from braid.agenda.selectors import in_plan_order
from braid.collaboratives.access import Access
from braid.partners.models import Contact, Organisation, PartnerStatus
from braid.partners.selectors import sector_choices


def bodies(access: Access) -> QuerySet[GovernanceBody]:
    return (
        access.scope(GovernanceBody)
        .select_related("rules", "chair", "chair__organisation")
        .prefetch_related(
            Prefetch("member_organisations", queryset=Organisation.objects.order_by("name")),
            Prefetch("member_contacts", queryset=Contact.objects.order_by("name")),
        )
        .order_by("kind", "name", "pk")
    )


def bodies_chaired_by(access: Access, contact_id: int) -> list[str]:
    """The names of the governance bodies this contact chairs."""
    return list(
        access.scope(GovernanceBody)
        .filter(chair_id=contact_id)
        .order_by("name")
        .values_list("name", flat=True)
    )


def rules(access: Access) -> QuerySet[RulesOfProcedure]:
    return access.scope(RulesOfProcedure).order_by("name", "pk")


@dataclass
class Matrix:
    organisations: list[Organisation]
    activities: list[Activity]
    cells: dict[tuple[int, int], str]  # (activity_id, organisation_id) -> R/A/C/I
    warnings: dict[int, list[str]] = field(default_factory=dict)  # activity_id -> problems


def raci_matrix(access: Access) -> Matrix:
    """Organisations (partners, and anyone already in the matrix) × live activities."""
    activities = in_plan_order(
        access.scope(Activity).exclude(status=ActivityStatus.DROPPED).select_related("lead")
    )
    cells = {
        (a, o): role
        for a, o, role in access.scope(Responsibility).values_list(
            "activity_id", "organisation_id", "role"
        )
    }
    in_matrix = {o for _a, o in cells}
    organisations = list(
        access.scope(Organisation)
        .filter(Q(status=PartnerStatus.PARTNER) | Q(pk__in=in_matrix))
        .order_by("name")
    )
    roles_of: dict[int, Counter[str]] = {}
    for (activity_id, _o), role in cells.items():
        roles_of.setdefault(activity_id, Counter())[role] += 1
    warnings: dict[int, list[str]] = {}
    for a in activities:
        roles = roles_of.get(a.pk, Counter())
        problems = []
        if roles["A"] == 0:
            problems.append(_("no one is accountable"))
        elif roles["A"] > 1:
            problems.append(_("%d organisations are accountable: keep one") % roles["A"])
        if roles["R"] == 0 and roles["A"] == 0:
            problems.append(_("no one is responsible for doing the work"))
        if problems:
            warnings[a.pk] = problems
    return Matrix(organisations, activities, cells, warnings)


@dataclass
class Leadership:
    current: list[LeadershipRole]
    past: list[LeadershipRole]
    upcoming: list[LeadershipRole]
    by_sector: list[tuple[str, str, int]]  # (code, label, current roles)


def leadership(access: Access, *, today: dt.date | None = None) -> Leadership:
    today = today or timezone.localdate()
    roles = list(
        access.scope(LeadershipRole)
        .select_related("organisation", "body")
        .order_by("term_start", "pk")
    )
    current = [
        r for r in roles if r.term_start <= today and (r.term_end is None or r.term_end >= today)
    ]
    past = [r for r in roles if r.term_end is not None and r.term_end < today]
    upcoming = [r for r in roles if r.term_start > today]
    labels = dict(sector_choices(access.collaborative.pk))
    counts = Counter(r.organisation.sector for r in current)
    by_sector = sorted(
        ((code, labels.get(code, code), n) for code, n in counts.items()),
        key=lambda t: (-t[2], t[1]),
    )
    return Leadership(current, past, upcoming, by_sector)


def sector_spec(by_sector: list[tuple[str, str, int]]) -> dict[str, Any]:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": {"step": 28},
        "data": {"values": [{"sector": label, "roles": n} for _c, label, n in by_sector]},
        "mark": {"type": "bar", "color": "#1f5fa8", "tooltip": True},
        "encoding": {
            "y": {"field": "sector", "type": "nominal", "sort": "-x", "title": None},
            "x": {
                "field": "roles",
                "type": "quantitative",
                "title": _("Current leadership roles"),
                "axis": {"tickMinStep": 1},
            },
        },
    }


def backbone(access: Access) -> list[tuple[str, str, BackboneAssignment | None]]:
    """The six functions in order, each with its assignment or None."""
    given = {a.function: a for a in access.scope(BackboneAssignment).select_related("organisation")}
    return [(code, str(label), given.get(code)) for code, label in BackboneFunction.choices]
