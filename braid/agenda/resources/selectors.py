"""Reads of resources: contributions and their totals, funders, the deadline calendar."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from braid.agenda.models import Contribution, ContributionKind, FundingDeadline, FundingSource
from braid.collaboratives.access import Access


def contributions(access: Access) -> QuerySet[Contribution]:
    return (
        access.scope(Contribution)
        .select_related("organisation")
        .order_by("organisation__name", "kind", "period_start", "pk")
    )


@dataclass
class Totals:
    by_kind: list[tuple[str, str, Decimal]]  # (code, label, total), every kind
    by_organisation: list[tuple[str, dict[str, Decimal], Decimal]]  # name, per kind, total
    total: Decimal


def totals(items: list[Contribution]) -> Totals:
    """Contributions pooled by kind and by organisation (sums of values, in dollars)."""
    kinds: dict[str, Decimal] = defaultdict(Decimal)
    orgs: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for c in items:
        kinds[c.kind] += c.value
        orgs[c.organisation.name][c.kind] += c.value
    return Totals(
        by_kind=[
            (k, str(label), kinds.get(k, Decimal(0))) for k, label in ContributionKind.choices
        ],
        by_organisation=sorted(
            ((name, dict(per), sum(per.values(), Decimal(0))) for name, per in orgs.items()),
            key=lambda row: (-row[2], row[0]),
        ),
        total=sum(kinds.values(), Decimal(0)),
    )


def contributions_spec(t: Totals) -> dict[str, Any]:
    labels = dict(ContributionKind.choices)
    values = [
        {"organisation": name, "kind": str(labels[k]), "value": float(v)}
        for name, per, _total in t.by_organisation
        for k, v in per.items()
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": {"step": 24},
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {
                "field": "organisation",
                "type": "nominal",
                "title": None,
                "sort": [name for name, _p, _t in t.by_organisation],
                "axis": {"labelLimit": 260},
            },
            "x": {
                "field": "value",
                "type": "quantitative",
                "title": _("Value ($)"),
                "stack": "zero",
            },
            "color": {
                "field": "kind",
                "type": "nominal",
                "title": _("Kind"),
                "scale": {
                    "domain": [str(v) for v in labels.values()],
                    "range": ["#1f5fa8", "#0f7b6c", "#a4490b", "#6941c6", "#8a5a00"],
                },
            },
        },
    }


def funding_sources(access: Access) -> QuerySet[FundingSource]:
    return (
        access.scope(FundingSource)
        .select_related("organisation")
        .prefetch_related("deadlines")
        .order_by("funder", "pk")
    )


@dataclass
class DeadlineRow:
    deadline: FundingDeadline
    overdue: bool
    days: int  # days from today (negative when past)


def calendar(
    access: Access, *, today: dt.date | None = None
) -> list[tuple[dt.date, list[DeadlineRow]]]:
    """Every deadline grouped by month (first day of the month), oldest first; a deadline not
    done and past its date is overdue."""
    today = today or timezone.localdate()
    months: dict[dt.date, list[DeadlineRow]] = defaultdict(list)
    for d in access.scope(FundingDeadline).select_related("source").order_by("due_on", "pk"):
        months[d.due_on.replace(day=1)].append(
            DeadlineRow(d, not d.done and d.due_on < today, (d.due_on - today).days)
        )
    return sorted(months.items())


def deadlines_spec(rows: list[tuple[dt.date, list[DeadlineRow]]], today: dt.date) -> dict[str, Any]:
    values = [
        {
            "funder": r.deadline.source.funder,
            "due": r.deadline.due_on.isoformat(),
            "what": str(r.deadline),
            "state": _("done") if r.deadline.done else (_("overdue") if r.overdue else _("to do")),
        }
        for _m, items in rows
        for r in items
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": {"step": 34},
        "layer": [
            {
                "data": {"values": values},
                "mark": {"type": "point", "filled": True, "size": 140, "tooltip": True},
                "encoding": {
                    "x": {"field": "due", "type": "temporal", "title": None},
                    "y": {
                        "field": "funder",
                        "type": "nominal",
                        "title": None,
                        "axis": {"labelLimit": 260},
                    },
                    "color": {
                        "field": "state",
                        "type": "nominal",
                        "title": _("Status"),
                        "scale": {
                            "domain": [_("done"), _("to do"), _("overdue")],
                            "range": ["#1b6e3a", "#1f5fa8", "#b42318"],
                        },
                    },
                    "shape": {"field": "state", "type": "nominal", "legend": None},
                },
            },
            {
                "data": {"values": [{"today": today.isoformat()}]},
                "mark": {"type": "rule", "color": "#c0392b", "strokeDash": [4, 3]},
                "encoding": {"x": {"field": "today", "type": "temporal"}},
            },
        ],
    }
