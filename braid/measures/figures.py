"""Figures typed in the form: every figure checked by the one value rule, written with the
history of each change."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.collaboratives.audit import record
from braid.core.errors import ConflictError, FieldProblem, ServiceError
from braid.lib.numbers import DecimalMark
from braid.measures import rules
from braid.measures import vocabulary as _vocabulary  # noqa: F401 - declares the audit phrases
from braid.measures.models import (
    Indicator,
    Period,
    Submission,
    Value,
    ValueHistory,
    ValuePath,
)


def report_of(
    access: Access, organisation_id: int, period_id: int, *, lock: bool = False
) -> Submission:
    """The organisation's report for the period (made, as a draft, if there is none yet)."""
    period = access.get_owned(Period, pk=period_id)
    # Another collaborative's organisation (or none) is a 404, never a report of this one.
    access.get_owned(apps.get_model("partners", "Organisation"), pk=organisation_id)
    qs = Submission.objects.select_for_update() if lock else Submission.objects
    submission, _created = qs.get_or_create(
        collaborative=access.collaborative, organisation_id=organisation_id, period=period
    )
    return submission


Figure = float | str | None


Entry = Figure | tuple[Figure, Figure]


@transaction.atomic
def values_save(
    *,
    access: Access,
    organisation_id: int,
    period_id: int,
    values: dict[tuple[int, str], Entry],
    version: int | None = None,
    reason: str = "",
    decimal: DecimalMark = "point",
    way: str = ValuePath.FORM,
) -> Submission:
    """Save figures typed in the form (a draft everyone reporting for the organisation shares).
    `values` maps (indicator id, disaggregation) to the figure as typed (or a number), or to
    (numerator, denominator); an empty figure clears it. Every figure goes through
    `rules.ValueRules`, as a file's rows do; `decimal` is the writer's decimal mark."""
    access.require_edit_for(organisation_id)
    submission = report_of(access, organisation_id, period_id, lock=True)
    look = rules.Lookups.load(access, organisation_id)
    refusal = rules.period_refusal(look, period_id)
    if refusal:
        raise ServiceError(refusal)
    if version is not None and version != submission.version:
        raise ConflictError(
            _(
                "Someone else saved this report while you were editing it. Reload to see their figures, then enter yours again."
            )
        )
    checked = _checked_figures(access, look, organisation_id, submission.period, values, decimal)
    now = timezone.now()
    changed = _write_figures(access, organisation_id, period_id, checked, (reason, way, now))
    submission.version += 1
    submission.save(update_fields=["version"])
    # Always a line: even a save that changes no figure moves the report's version.
    # `changed_at` finds the line's changes in the value history (braid.measures.history).
    record(access, "values.saved", **submission.about(), **changed, changed_at=now.isoformat())
    return submission


def _text(figure: Figure) -> str:
    if figure is None:
        return ""
    return figure if isinstance(figure, str) else repr(float(figure))


def _checked_figures(
    access: Access,
    look: rules.Lookups,
    organisation_id: int,
    period: Period,
    values: dict[tuple[int, str], Entry],
    decimal: DecimalMark,
) -> dict[tuple[int, str], tuple[float | None, float | None, float | None]]:
    """(indicator id, key) -> (value, numerator, denominator), every figure checked by the
    rule; raises ServiceError naming each problem (by indicator code)."""
    by_id = {i.pk: i for i in look.indicators.values()}
    problems: list[FieldProblem] = []
    current: list[Indicator] = []

    def add(_row: int, _column: str, value: str, message: str) -> None:
        problems.append(FieldProblem(current[0].code, message, value=value))

    check = rules.ValueRules(rules.COLUMNS, look, organisation_id, decimal, add)
    checked: dict[tuple[int, str], tuple[float | None, float | None, float | None]] = {}
    for (indicator_id, key), entry in values.items():
        indicator = by_id.get(indicator_id)
        if indicator is None:
            raise ServiceError(_("Unknown indicator."))
        value, num, den = (
            ("", *map(_text, entry)) if isinstance(entry, tuple) else (_text(entry), "", "")
        )
        if not (value.strip() or num.strip() or den.strip()):
            checked[(indicator_id, key)] = (None, None, None)  # an empty figure clears it
            continue
        current[:] = [indicator]
        row = check.check(0, [indicator.code, "", period.code, key, value, num, den])
        if row is not None:
            checked[(indicator_id, key)] = (row[5], row[6], row[7])
    if problems:
        raise ServiceError(problems[0].message, problems)
    return checked


def _write_figures(
    access: Access,
    organisation_id: int,
    period_id: int,
    checked: dict[tuple[int, str], tuple[float | None, float | None, float | None]],
    why: tuple[str, str, dt.datetime],
) -> dict[str, int]:
    """Write the checked figures, keeping the history of each change and, for a new figure,
    its first entry on the value itself (no history row: `history` shows it from there);
    the counts written."""
    where = {
        "collaborative_id": access.collaborative.pk,
        "organisation_id": organisation_id,
        "period_id": period_id,
    }
    existing = {
        (v.indicator_id, v.disaggregation): v
        # Naming the indicators lets the value key serve the read.
        for v in Value.objects.filter(**where, indicator_id__in=list({i for i, _k in checked}))
    }
    changed = {"inserted": 0, "updated": 0, "cleared": 0}
    (reason, way, now), user = why, access.user.pk
    for (indicator_id, key), (number, num, den) in checked.items():
        current = existing.get((indicator_id, key))
        figures = {"value": number, "numerator": num, "denominator": den}
        at = {**where, "indicator_id": indicator_id, "disaggregation": key}
        if current is None:
            if number is not None:  # its first entry, the history's first line of it
                stamps = {"updated_at": now, "updated_by_id": user, "created_way": way}
                Value.objects.create(**at, **figures, **stamps)
                changed["inserted"] += 1
        elif (current.value, current.numerator, current.denominator) != (number, num, den):
            ValueHistory.objects.create(
                **at,
                before=current.value,
                after=number,
                changed_by_id=user,
                changed_at=now,
                reason=reason[:200],
                way=way,
            )
            Value.objects.filter(pk=current.pk).update(  # the key, as a tuple
                **figures, **Value.first_entry(), updated_at=now, updated_by_id=user
            )
            changed["cleared" if number is None else "updated"] += 1
    return changed
