"""Warnings that do not block an import: figures far from a partner's history, and parts
that do not add up to their total."""

from __future__ import annotations

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


def unusual_figures(staged: list[Any], access: Access) -> list[FieldProblem]:
    """Values far from the partner's own history, and parts that do not add up to the total.
    `staged`: the rows written, as (row number, indicator, organisation, period, key, value)."""
    history = _history(staged, access)
    warnings: list[FieldProblem] = []
    totals: dict[tuple[int, int, int], tuple[int, float]] = {}
    parts: dict[tuple[int, int, int, str], list[float]] = {}
    for rownum, i, o, p, d, v in staged:
        if v is None:
            continue
        if d == "":
            totals[(i, o, p)] = (rownum, v)
            past = [x for q, x in history.get((i, o), []) if q != p]
            if is_outlier(v, past):
                message = _("Far from this partner's usual figures; check it before submitting.")
                warnings.append(FieldProblem("value", message, row=rownum, value=f"{v:g}"))
        else:
            parts.setdefault((i, o, p, d.partition("=")[0]), []).append(v)
    return warnings + _mismatches(totals, parts)


def _history(staged: list[Any], access: Access) -> dict[tuple[int, int], list[tuple[int, float]]]:
    """(indicator, organisation) -> [(period, total)] already stored, for the staged totals."""
    keys = {(i, o) for _r, i, o, _p, d, _v in staged if d == ""}
    history: dict[tuple[int, int], list[tuple[int, float]]] = {}
    if keys:
        rows = Value.objects.filter(
            collaborative_id=access.collaborative.pk,
            disaggregation="",
            indicator_id__in={i for i, _o in keys},
            organisation_id__in={o for _i, o in keys},
        ).values_list("indicator_id", "organisation_id", "period_id", "value")
        for i, o, p, v in rows:
            if v is not None:
                history.setdefault((i, o), []).append((p, v))
    return history


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
