"""Reads of the shared-measures module: what a partner owes, the scorecard, one indicator."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from braid.collaboratives.access import Access
from braid.collaboratives.disclosure import Figure
from braid.lib.rba import Part, clip, cumulative, forecast, is_turning, progress, trend
from braid.measures import disclosure
from braid.measures.models import (
    Aggregate,
    Indicator,
    Period,
    Story,
    Submission,
    SubmissionStatus,
    Target,
    Value,
)
from braid.partners.models import Organisation


def indicators(access: Access) -> QuerySet[Indicator]:
    return (
        access.scope(Indicator)
        .filter(archived_at__isnull=True)
        .select_related("baseline_period")
        .prefetch_related("reporters")
    )


def indicators_all() -> QuerySet[Indicator]:
    """Indicators with what their pages and the API show beside them (archived ones too);
    scope it with `access.scope` or `access.get_owned`."""
    return Indicator.objects.select_related("baseline_period").prefetch_related("reporters")


@dataclass
class Owed:
    period: Period
    submission: Submission | None
    indicators: list[Indicator]

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else SubmissionStatus.DRAFT

    @property
    def late(self) -> bool:
        return self.status in ("draft", "returned") and self.period.due_date < timezone.localdate()


def owed(access: Access, organisation_id: int, *, horizon_days: int = 45) -> list[Owed]:
    """Periods this organisation reports for, from the oldest not yet submitted to those due soon."""
    mine = list(indicators(access).filter(reporters=organisation_id))
    frequencies = {i.frequency for i in mine}
    today = timezone.localdate()
    periods = (
        access.scope(Period)
        .filter(
            frequency__in=frequencies,
            start__lte=today + dt.timedelta(days=horizon_days),
            end__lte=today + dt.timedelta(days=horizon_days),
        )
        .order_by("-end")[:24]
    )
    subs = {
        s.period_id: s for s in access.scope(Submission).filter(organisation_id=organisation_id)
    }
    out = []
    for p in periods:
        s = subs.get(p.pk)
        if (
            s is None
            or s.status != SubmissionStatus.APPROVED
            or p.end >= today - dt.timedelta(days=120)
        ):
            out.append(Owed(p, s, [i for i in mine if i.frequency == p.frequency]))
    return out


@dataclass
class ScoreRow:
    indicator: Indicator
    latest_period: Period | None = None
    latest: float | None = None
    target: float | None = None
    baseline: float | None = None
    progress: float | None = None
    trend: str = "flat"
    turning: bool | None = None
    forecast: float | None = None
    cumulative_ytd: float | None = None
    cumulative_since_baseline: float | None = None
    history: list[tuple[Period, float | None]] = field(default_factory=list)

    @property
    def progress_percent(self) -> int | None:
        p = clip(self.progress)
        return None if p is None else round(100 * p)


def scorecard(access: Access, *, objective_id: int | None = None) -> list[ScoreRow]:
    """Every indicator's latest approved figure, progress toward its target, trend and turn of
    the curve. Reads the per-period aggregates, never the raw values."""
    inds = (
        access.scope(Indicator).filter(archived_at__isnull=True).select_related("baseline_period")
    )
    if objective_id:
        inds = inds.filter(objectives=objective_id)
    by_id = {i.pk: ScoreRow(i) for i in inds}
    periods = {p.pk: p for p in access.scope(Period)}
    aggs: dict[int, list[tuple[Period, Part]]] = {}
    rows = Aggregate.objects.filter(collaborative_id=access.collaborative.pk).values_list(
        "indicator_id", "period_id", "value", "numerator", "denominator"
    )
    for indicator_id, period_id, value, num, den in rows:
        if indicator_id in by_id:
            aggs.setdefault(indicator_id, []).append((periods[period_id], Part(value, num, den)))
    targets: dict[int, list[tuple[Period, float]]] = {}
    for t in Target.objects.filter(
        collaborative_id=access.collaborative.pk, indicator_id__in=by_id
    ):
        targets.setdefault(t.indicator_id, []).append((periods[t.period_id], t.value))
    for indicator_id, row in by_id.items():
        _score(
            row,
            sorted(aggs.get(indicator_id, []), key=lambda pa: pa[0].start),
            sorted(targets.get(indicator_id, []), key=lambda pt: pt[0].start),
        )
    return list(by_id.values())


def _score(
    row: ScoreRow, series: list[tuple[Period, Part]], targets: list[tuple[Period, float]]
) -> None:
    ind = row.indicator
    row.history = [(p, a.value) for p, a in series]
    values = [v for _p, v in row.history if v is not None]
    row.baseline = (
        ind.baseline_value if ind.baseline_value is not None else (values[0] if values else None)
    )
    if not values:
        return
    row.latest_period, row.latest = series[-1][0], series[-1][1].value
    later = [v for p, v in targets if p.start >= row.latest_period.start]
    row.target = later[0] if later else (targets[-1][1] if targets else None)
    row.progress = progress(row.latest, row.baseline, row.target)
    row.trend = trend(values, ind.direction)
    if len(values) >= 3 and row.latest is not None:
        row.forecast = forecast(values[:-1], 1)[0]
        row.turning = is_turning(row.latest, row.forecast, ind.direction)
    year = row.latest_period.start.year
    parts = [a for p, a in series if p.start.year == year]
    row.cumulative_ytd = cumulative(ind.is_percentage, parts)
    since = ind.baseline_period.start if ind.baseline_period else series[0][0].start
    row.cumulative_since_baseline = cumulative(
        ind.is_percentage, [a for p, a in series if p.start >= since]
    )


def chart_spec(row: ScoreRow, labels: dict[str, str]) -> dict[str, Any]:
    """History, target and the baseline forecast projected from the last five points."""
    data: list[dict[str, Any]] = [
        {"period": p.start.isoformat(), "label": p.code, "value": v, "series": labels["actual"]}
        for p, v in row.history
        if v is not None
    ]
    values = [v for _p, v in row.history if v is not None]
    if len(values) >= 2:
        cut = max(0, len(row.history) - 6)
        base = [v for _p, v in row.history[: cut + 1] if v is not None]
        if len(base) >= 2:
            for (p, _v), f in zip(
                row.history[cut + 1 :], forecast(base, len(row.history) - cut - 1), strict=False
            ):
                data.append(
                    {
                        "period": p.start.isoformat(),
                        "label": p.code,
                        "value": round(f, 3),
                        "series": labels["forecast"],
                    }
                )
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "line", "point": True, "tooltip": True},
            "encoding": {
                "x": {"field": "period", "type": "temporal", "title": None},
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": row.indicator.unit or None,
                },
                "color": {"field": "series", "type": "nominal", "title": None},
                "strokeDash": {"field": "series", "type": "nominal", "legend": None},
            },
        }
    ]
    if row.target is not None:
        layers.append(
            {
                "mark": {"type": "rule", "color": "#1b6e3a", "strokeDash": [2, 2]},
                "encoding": {"y": {"datum": row.target}},
            }
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": 260,
        "data": {"values": data},
        "layer": layers,
    }


@dataclass
class PartnerCell:
    organisation: Organisation
    value: float | None
    shown: str
    status: str


def by_partner(access: Access, indicator: Indicator, period: Period) -> list[PartnerCell]:
    """One period's figures by partner, as the reader may see them (the disclosure policy:
    others' drafts left out, "…"; small counts and their complements hidden)."""
    audience = access.audience
    subs = {s.organisation_id: s.status for s in access.scope(Submission).filter(period=period)}
    rows = disclosure.visible_values(audience).filter(indicator=indicator, period=period)
    shown = disclosure.disclose_block(audience, indicator, rows)
    out = []
    for o in indicator.reporters.all():
        status = subs.get(o.pk, SubmissionStatus.DRAFT)
        cell = shown.get((o.pk, ""))
        if cell is None:  # not reported (""), or not to be seen yet ("…")
            text = "" if audience.may_see_value(o.pk, status) else "…"
        else:
            text = audience.text(cell.value, indicator)
        out.append(PartnerCell(o, None if cell is None else cell.value.value, text, status))
    return out


def by_disaggregation(
    access: Access, indicator: Indicator, period: Period
) -> dict[str, list[tuple[str, str, float | None]]]:
    """Approved parts pooled across partners, per dimension, as the reader may see them."""
    approved = set(
        access.scope(Submission)
        .filter(period=period, status=SubmissionStatus.APPROVED)
        .values_list("organisation_id", flat=True)
    )
    sums: dict[tuple[str, str], list[float]] = {}
    for v in Value.objects.filter(
        collaborative_id=access.collaborative.pk, indicator=indicator, period=period
    ).exclude(disaggregation=""):
        if v.organisation_id in approved and v.value is not None:
            dim, _sep, part = v.disaggregation.partition("=")
            pooled = sums.setdefault((dim, part), [0.0, 0.0, 0.0])
            for i, x in enumerate((v.value, v.numerator, v.denominator)):
                pooled[i] += x or 0.0
    figures = {k: _pooled(indicator, *p) for k, p in sums.items()}
    audience = access.audience
    table = audience.table(figures, indicator, col_totals_shown=False)
    out: dict[str, list[tuple[str, str, float | None]]] = {}
    for dim, values in indicator.disaggregations.items():
        out[dim] = []
        for part in values:
            cell = table.get((dim, part))
            if cell is not None:
                out[dim].append((part, audience.text(cell.value, indicator), cell.value.value))
    return out


def _pooled(indicator: Indicator, value: float, num: float, den: float) -> Figure:
    """A part summed across partners: counts add up; a percentage is pooled (the sum of the
    numerators over the sum of the denominators), never the sum of percentages."""
    if not indicator.is_percentage:
        return Figure(value)
    return Figure(100.0 * num / den if den else None, num, den)


def completeness(
    access: Access, periods: list[Period]
) -> tuple[list[Organisation], dict[tuple[int, int], Submission]]:
    orgs = list(
        access.scope(Organisation).filter(indicators__isnull=False).distinct().order_by("name")
    )
    subs = {
        (s.organisation_id, s.period_id): s
        for s in access.scope(Submission).filter(period__in=periods)
    }
    return orgs, subs


def stories(access: Access, indicator: Indicator) -> dict[int, Story]:
    return {s.period_id: s for s in access.scope(Story).filter(indicator=indicator)}


def orphan_values(collaborative_id: int) -> dict[str, int]:
    """Values of this collaborative whose indicator, organisation or period is missing (from
    this collaborative): what database foreign keys would have refused."""
    values = Value.objects.filter(collaborative_id=collaborative_id)
    return {
        "indicator": values.exclude(
            indicator_id__in=Indicator.objects.filter(collaborative_id=collaborative_id).values(
                "pk"
            )
        ).count(),
        "organisation": values.exclude(
            organisation_id__in=Organisation.objects.filter(
                collaborative_id=collaborative_id
            ).values("pk")
        ).count(),
        "period": values.exclude(
            period_id__in=Period.objects.filter(collaborative_id=collaborative_id).values("pk")
        ).count(),
    }
