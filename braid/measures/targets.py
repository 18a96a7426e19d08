"""Targets for many indicators and periods at once: one check, one set-based write, shared by
the targets form, the API and the framework import."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.collaboratives.services import audit_record
from braid.core.errors import FieldProblem, raise_problems
from braid.measures.indicator_rules import frequency_label
from braid.measures.models import Indicator, Period, Target


@dataclass(frozen=True)
class TargetRow:
    """A target to set (`value`) or to remove (`value` None)."""

    indicator_id: int
    period_id: int
    value: float | None


def target_problems(
    rows: Iterable[TargetRow],
    indicators: Mapping[int, tuple[str, str]],
    periods: Mapping[int, tuple[str, str]],
) -> list[FieldProblem]:
    """`indicators` and `periods` map ids to (code, frequency) within the collaborative."""
    problems = []
    seen: set[tuple[int, int]] = set()
    for n, row in enumerate(rows):
        indicator, period = indicators.get(row.indicator_id), periods.get(row.period_id)
        if indicator is None or period is None:
            problems.append(
                FieldProblem("period", _("No such indicator or period in this collaborative."), n)
            )
            continue
        if indicator[1] != period[1]:
            problems.append(
                FieldProblem(
                    "period",
                    _("%(code)s is reported %(f)s: set its targets for %(f)s periods, not %(p)s.")
                    % {"code": indicator[0], "f": frequency_label(indicator[1]), "p": period[0]},
                    n,
                    period[0],
                )
            )
        if row.value is not None and not math.isfinite(row.value):
            problems.append(FieldProblem("value", _("Enter the target as a number."), n))
        if (row.indicator_id, row.period_id) in seen:
            problems.append(
                FieldProblem(
                    "period",
                    _("%(code)s has two targets for %(p)s: keep one.")
                    % {"code": indicator[0], "p": period[0]},
                    n,
                    period[0],
                )
            )
        seen.add((row.indicator_id, row.period_id))
    return problems


def targets_write(collaborative_id: int, rows: list[TargetRow]) -> tuple[int, int]:
    """Set and remove targets in two statements (an upsert and a delete), whatever their
    number: (set, removed)."""
    keep = [r for r in rows if r.value is not None]
    drop = [r for r in rows if r.value is None]
    Target.objects.bulk_create(
        [
            Target(
                collaborative_id=collaborative_id,
                indicator_id=r.indicator_id,
                period_id=r.period_id,
                value=float(r.value or 0),
            )
            for r in keep
        ],
        update_conflicts=True,
        unique_fields=["collaborative", "indicator", "period"],
        update_fields=["value"],
        batch_size=2000,
    )
    removed = 0
    if drop:
        by_indicator: dict[int, list[int]] = {}
        for r in drop:
            by_indicator.setdefault(r.indicator_id, []).append(r.period_id)
        from django.db.models import Q

        match = Q()
        for indicator_id, period_ids in by_indicator.items():
            match |= Q(indicator_id=indicator_id, period_id__in=period_ids)
        removed, _kinds = Target.objects.filter(match, collaborative_id=collaborative_id).delete()
    return len(keep), removed


@transaction.atomic
def targets_set(*, access: Access, rows: list[TargetRow]) -> tuple[int, int]:
    """Set (or, with no value, remove) the targets of many indicators and periods in one go:
    all or nothing, every problem at once (numbered from 0 in the order given)."""
    access.require_manage()
    indicators = {
        pk: (code, freq)
        for pk, code, freq in access.scope(Indicator)
        .filter(pk__in={r.indicator_id for r in rows})
        .values_list("pk", "code", "frequency")
    }
    periods = {
        pk: (code, freq)
        for pk, code, freq in access.scope(Period)
        .filter(pk__in={r.period_id for r in rows})
        .values_list("pk", "code", "frequency")
    }
    raise_problems(target_problems(rows, indicators, periods))
    done, removed = targets_write(access.collaborative.pk, rows)
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="targets.set",
        details={"set": done, "removed": removed, "indicators": sorted(indicators)},
    )
    return done, removed
