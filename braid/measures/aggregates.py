"""The collaborative's figures, recomputed from approved values by each indicator's aggregation
rule."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from braid.collaboratives.audit import exempt
from braid.core.rows import insert_rows
from braid.lib.rba import Part, aggregate, contributes
from braid.measures import vocabulary as _vocabulary  # noqa: F401 - declares the audit phrases
from braid.measures.models import (
    Aggregate,
    Indicator,
    Submission,
    SubmissionStatus,
    Value,
)

Grouped = dict[tuple[int, int], list[Part]]
COLUMNS = (
    "collaborative_id",
    "indicator_id",
    "period_id",
    "value",
    "numerator",
    "denominator",
    "partners",
    "assigned",
)


@exempt(
    "derived figures, recomputed from approved values; the approval or import that asks for it "
    "writes the line",
    writes=True,
)
def aggregates_refresh(
    *, collaborative_id: int, indicator_ids: set[int], period_ids: set[int] | None = None
) -> int:
    """Recompute the collaborative's figure for these indicators (and periods) from approved
    values, by each indicator's aggregation rule."""
    rules: dict[int, str] = {}
    assigned: dict[int, int] = {}
    for pk, rule, reporters in (
        Indicator.objects.filter(pk__in=indicator_ids)
        .annotate(n=Count("reporters"))
        .values_list("pk", "aggregation", "n")
    ):
        rules[pk], assigned[pk] = rule, reporters
    grouped = _approved_parts(collaborative_id, indicator_ids, period_ids, rules)
    rows = [
        _aggregate(collaborative_id, key, parts, rules[key[0]], assigned.get(key[0], 0))
        for key, parts in grouped.items()
    ]
    stale = Aggregate.objects.filter(
        collaborative_id=collaborative_id, indicator_id__in=indicator_ids
    )
    if period_ids is not None:
        stale = stale.filter(period_id__in=period_ids)
    stale.delete()
    insert_rows(Aggregate, COLUMNS, rows)
    return len(rows)


def _approved_parts(
    collaborative_id: int,
    indicator_ids: set[int],
    period_ids: set[int] | None,
    rules: dict[int, str],
) -> Grouped:
    """Each (indicator, period)'s figures from approved reports, one part per organisation."""
    approved = Submission.objects.filter(
        collaborative_id=collaborative_id, status=SubmissionStatus.APPROVED
    )
    values = Value.objects.filter(
        collaborative_id=collaborative_id, indicator_id__in=indicator_ids, disaggregation=""
    )
    if period_ids is not None:
        approved = approved.filter(period_id__in=period_ids)
        values = values.filter(period_id__in=period_ids)
    pairs = set(approved.values_list("organisation_id", "period_id"))
    # Only the "latest" rule orders parts by when they were written: read that time for it.
    stamped = "latest" in rules.values()
    columns = ["indicator_id", "period_id", "organisation_id", "value", "numerator"]
    columns += ["denominator", "updated_at"] if stamped else ["denominator"]
    grouped: Grouped = {}
    for v in values.values_list(*columns):
        if (v[2], v[1]) in pairs:
            grouped.setdefault((v[0], v[1]), []).append(
                Part(v[3], v[4], v[5], int(v[6].timestamp()) if stamped else 0)
            )
    return grouped


def _aggregate(
    collaborative_id: int, key: tuple[int, int], parts: list[Part], rule: str, assigned: int
) -> tuple[Any, ...]:
    """One aggregate row, in the order of COLUMNS."""
    nums = [p.numerator for p in parts if p.numerator is not None]
    dens = [p.denominator for p in parts if p.denominator is not None]
    return (
        collaborative_id,
        key[0],
        key[1],
        aggregate(rule, parts),
        sum(nums) if nums else None,
        sum(dens) if dens else None,
        sum(1 for p in parts if contributes(rule, p)),
        assigned,
    )
