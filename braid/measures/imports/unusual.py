"""Warnings that do not block an import: figures far from a partner's history, and parts
that do not add up to their total."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.core.errors import FieldProblem
from braid.lib.rba import is_outlier, parts_mismatch
from braid.measures.imports.result import ValueImportResult
from braid.measures.models import Value


def warn(result: ValueImportResult, kept: list[Any] | None, access: Access) -> None:
    """The warnings of a written file: `kept` holds its rows when it had few enough."""
    result.warnings_checked = kept is not None
    if kept is not None:
        result.warnings = unusual_figures(kept, access)


def unusual_figures(
    staged: list[Any], access: Access, stored: Iterable[tuple[int, int, int, Any]] | None = None
) -> list[FieldProblem]:
    """Values far from the partner's own history, and parts that do not add up to the total.
    `staged`: the rows written, as (row number, indicator, organisation, period, key, value).
    `stored`: the totals already stored, as (indicator, organisation, period, value), of at
    least the staged totals' partners, when the caller has read them; else they are read."""
    series = _series(_stored_totals(staged, access) if stored is None else stored)
    warnings: list[FieldProblem] = []
    totals: dict[tuple[int, int, int], tuple[int, float]] = {}
    parts: dict[tuple[int, int, int, str], list[float]] = {}
    for rownum, i, o, p, d, v in staged:
        if v is None:
            continue
        if d == "":
            totals[(i, o, p)] = (rownum, v)
            if is_outlier(v, _past(series.get((i, o)), p), ordered=True):
                message = _("Far from this partner's usual figures; check it before submitting.")
                warnings.append(FieldProblem("value", message, row=rownum, value=f"{v:g}"))
        else:
            parts.setdefault((i, o, p, d.partition("=")[0]), []).append(v)
    return warnings + _mismatches(totals, parts)


def _stored_totals(staged: list[Any], access: Access) -> Iterable[tuple[int, int, int, Any]]:
    """(indicator, organisation, period, total) already stored, for the staged totals'
    partners."""
    keys = {(i, o) for _r, i, o, _p, d, _v in staged if d == ""}
    if not keys:
        return []
    return Value.objects.filter(
        collaborative_id=access.collaborative.pk,
        disaggregation="",
        indicator_id__in={i for i, _o in keys},
        organisation_id__in={o for _i, o in keys},
    ).values_list("indicator_id", "organisation_id", "period_id", "value")


Series = tuple[list[float], dict[int, float]]


def _series(stored: Iterable[tuple[int, int, int, Any]]) -> dict[tuple[int, int], Series]:
    """Each partner's series of totals, sorted once (its figures in ascending order, and by
    period), so that each figure is tested against it without sorting it again."""
    by_period: dict[tuple[int, int], dict[int, float]] = {}
    for i, o, p, v in stored:
        if v is not None:
            by_period.setdefault((i, o), {})[p] = v
    return {key: (sorted(rows.values()), rows) for key, rows in by_period.items()}


def _past(series: Series | None, period_id: int) -> list[float]:
    """The series without the figure of this period (one per period: the value key), still in
    ascending order."""
    if series is None:
        return []
    ordered, by_period = series
    if period_id not in by_period:
        return ordered
    own = by_period[period_id]
    at = bisect_left(ordered, own)
    if at == len(ordered) or ordered[at] != own:  # NaN, which no order places
        return sorted(v for p, v in by_period.items() if p != period_id)
    return ordered[:at] + ordered[at + 1 :]


def _mismatches(
    totals: dict[tuple[int, int, int], tuple[int, float]],
    parts: dict[tuple[int, int, int, str], list[float]],
) -> list[FieldProblem]:
    warnings = []
    for (i, o, p, dim), values in parts.items():
        if (i, o, p) in totals:
            rownum, total = totals[(i, o, p)]
            if parts_mismatch(total, values) is not None:
                message = _("The %(dim)s parts add up to %(sum)s, not the total %(total)s.") % {
                    "dim": dim,
                    "sum": f"{sum(values):g}",
                    "total": f"{total:g}",
                }
                warnings.append(FieldProblem("disaggregation", message, row=rownum, value=dim))
    return warnings
