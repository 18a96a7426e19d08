"""The collaborative's figures, recomputed from approved values by each indicator's aggregation
rule.

The database adds up the approved figures of each (indicator, period) for the sum, mean and
weighted-mean rules when every figure of the group is a whole number of moderate size: such
sums are exact whatever the order of the additions, so they equal braid.lib.rba.aggregate's
`math.fsum` to the last bit. Any other group (a fraction, a NaN, a percentage typed without its
numerator) and the "latest" rule are read part by part and combined in Python, as before."""

from __future__ import annotations

from typing import Any

from django.db import connection
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

Key = tuple[int, int]
Grouped = dict[Key, list[Part]]
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
# The rules whose figure is a sum (or a sum divided by a count) of the parts' figures.
SUMMED = frozenset({"sum", "mean", "weighted_mean"})
# Whole numbers below 2**40 add up exactly in floating point, in any order, for up to 2**13
# parts: far more partners than a collaborative has.
WHOLE_BELOW = 2.0**40
# The statement names each approved report: beyond these many reports or organisations it
# would pass SQLite's limits (32,766 parameters, an expression 1,000 deep), so Python adds up.
MAX_PAIRS, MAX_ORGANISATIONS = 10_000, 200


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
    rules, assigned = _rules(indicator_ids)
    pairs = _approved_pairs(collaborative_id, period_ids)
    small = len(pairs) <= MAX_PAIRS and len({o for o, _p in pairs}) <= MAX_ORGANISATIONS
    summed = {pk for pk, rule in rules.items() if rule in SUMMED} if small else set()
    sums, inexact = _approved_sums(collaborative_id, summed, pairs)
    rows = [
        _summed_row(collaborative_id, key, sums[key], rules[key[0]], assigned.get(key[0], 0))
        for key in sums
    ]
    by_part = (set(rules) - summed) | {indicator for indicator, _period in inexact}
    grouped = _approved_parts(collaborative_id, by_part, period_ids, rules, pairs)
    rows += [
        _aggregate(collaborative_id, key, parts, rules[key[0]], assigned.get(key[0], 0))
        for key, parts in grouped.items()
        if key not in sums
    ]
    stale = Aggregate.objects.filter(
        collaborative_id=collaborative_id, indicator_id__in=indicator_ids
    )
    if period_ids is not None:
        stale = stale.filter(period_id__in=period_ids)
    stale.delete()
    insert_rows(Aggregate, COLUMNS, rows)
    return len(rows)


def _rules(indicator_ids: set[int]) -> tuple[dict[int, str], dict[int, int]]:
    """Each indicator's aggregation rule and its number of assigned partners."""
    rules: dict[int, str] = {}
    assigned: dict[int, int] = {}
    for pk, rule, reporters in (
        Indicator.objects.filter(pk__in=indicator_ids)
        .annotate(n=Count("reporters"))
        .values_list("pk", "aggregation", "n")
    ):
        rules[pk], assigned[pk] = rule, reporters
    return rules, assigned


def _whole(column: str) -> str:
    """SQL: the column is empty, or a whole number below WHOLE_BELOW (not NaN, not infinite)."""
    return f"({column} IS NULL OR (ABS({column}) < {WHOLE_BELOW!r} AND {column} = ROUND({column})))"


# A percentage part counts in the pooled figure with its numerator over its denominator.
_POOLED = "v.denominator > 0 AND v.numerator IS NOT NULL"
# A group the database cannot add up exactly: a figure that is not a moderate whole number, or
# a percentage typed without its numerator (Python derives it from the value, with a rounding).
_INEXACT = (
    f"NOT ({_whole('v.value')} AND {_whole('v.numerator')} AND {_whole('v.denominator')})"
    " OR (v.denominator > 0 AND v.numerator IS NULL AND v.value IS NOT NULL)"
)


def _sums_sql(indicators: int, periods: dict[int, list[int]]) -> str:
    """Per (indicator, period) of approved reports: the count and sum of the values, of the
    numerators, of the denominators, of the pooled parts' numerators and denominators, and the
    number of figures that make the group inexact. The approved reports are spelled out, each
    organisation with its periods: a join to the reports just written misleads PostgreSQL's
    planner (no statistics yet) into a nested loop over ten times slower."""
    marks = ", ".join(["%s"] * indicators)
    approved = " OR ".join(
        f"(v.organisation_id = %s AND v.period_id IN ({', '.join(['%s'] * len(ps))}))"
        for ps in periods.values()
    )
    return (
        "SELECT v.indicator_id, v.period_id, COUNT(v.value), SUM(v.value),"  # noqa: S608 - names quoted, values bound
        " COUNT(v.numerator), SUM(v.numerator), COUNT(v.denominator), SUM(v.denominator),"
        f" COUNT(CASE WHEN {_POOLED} THEN 1 END), SUM(CASE WHEN {_POOLED} THEN v.numerator END),"
        f" SUM(CASE WHEN {_POOLED} THEN v.denominator END),"
        f" SUM(CASE WHEN {_INEXACT} THEN 1 ELSE 0 END)"
        f" FROM {connection.ops.quote_name(Value._meta.db_table)} v"
        f" WHERE v.collaborative_id = %s AND v.disaggregation = '' AND v.indicator_id IN ({marks})"
        f" AND ({approved}) GROUP BY v.indicator_id, v.period_id"
    )


def _approved_pairs(collaborative_id: int, period_ids: set[int] | None) -> set[Key]:
    """The (organisation, period) of the approved reports (of these periods)."""
    approved = Submission.objects.filter(
        collaborative_id=collaborative_id, status=SubmissionStatus.APPROVED
    )
    if period_ids is not None:
        approved = approved.filter(period_id__in=period_ids)
    return set(approved.values_list("organisation_id", "period_id"))


def _approved_sums(
    collaborative_id: int, indicator_ids: set[int], pairs: set[Key]
) -> tuple[dict[Key, tuple[Any, ...]], set[Key]]:
    """The database's sums for each (indicator, period) it adds up exactly, and the groups it
    cannot (left to Python, part by part)."""
    if not indicator_ids or not pairs:
        return {}, set()
    periods: dict[int, list[int]] = {}
    for organisation, period in sorted(pairs):
        periods.setdefault(organisation, []).append(period)
    params: list[Any] = [collaborative_id, *sorted(indicator_ids)]
    for organisation, ps in periods.items():
        params += [organisation, *ps]
    sums: dict[Key, tuple[Any, ...]] = {}
    inexact: set[Key] = set()
    with connection.cursor() as cursor:
        cursor.execute(_sums_sql(len(indicator_ids), periods), params)
        for row in cursor.fetchall():
            if row[11]:
                inexact.add((row[0], row[1]))
            else:
                sums[(row[0], row[1])] = row[2:11]
    return sums, inexact


def _exact(total: Any) -> float:
    """A sum of whole numbers as Python's sums give it: a float, and 0.0 rather than -0.0."""
    return float(total) + 0.0


def _summed_row(
    collaborative_id: int, key: Key, sums: tuple[Any, ...], rule: str, assigned: int
) -> tuple[Any, ...]:
    """One aggregate row from the database's sums, in the order of COLUMNS: the figure
    braid.lib.rba.aggregate gives for the same parts."""
    values, value, numerators, numerator, denominators, denominator = sums[:6]
    pooled, pooled_numerator, pooled_denominator = sums[6:]
    if rule == "weighted_mean":
        partners = pooled
        figure = 100.0 * _exact(pooled_numerator) / _exact(pooled_denominator) if pooled else None
    else:
        partners = values
        total = _exact(value) if values else None
        figure = total / values if total is not None and rule == "mean" else total
    return (
        collaborative_id,
        key[0],
        key[1],
        figure,
        _exact(numerator) if numerators else None,
        _exact(denominator) if denominators else None,
        partners,
        assigned,
    )


def _approved_parts(
    collaborative_id: int,
    indicator_ids: set[int],
    period_ids: set[int] | None,
    rules: dict[int, str],
    pairs: set[Key],
) -> Grouped:
    """Each (indicator, period)'s figures from approved reports (`pairs`, as (organisation,
    period)), one part per organisation."""
    if not indicator_ids:
        return {}
    values = Value.objects.filter(
        collaborative_id=collaborative_id, indicator_id__in=indicator_ids, disaggregation=""
    )
    if period_ids is not None:
        values = values.filter(period_id__in=period_ids)
    # Only the "latest" rule orders parts by when they were written: read that time for it.
    stamped = any(rules[pk] == "latest" for pk in indicator_ids)
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
    collaborative_id: int, key: Key, parts: list[Part], rule: str, assigned: int
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
