"""Maintaining an indicator: edit any field (with its history), its reporting partners."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.collaboratives.services import audit_record
from braid.core.bilingual import LANGUAGES
from braid.core.errors import ConflictError, FieldProblem, ServiceError, raise_problems
from braid.measures.dimensions import kept_labels
from braid.measures.indicator_rules import (
    FIELDS,
    clean_disaggregations,
    indicator_problems,
    normalise,
)
from braid.measures.models import Indicator, IndicatorChange, Period, Value
from braid.partners.models import Organisation


def reporter_problems(
    access: Access, reporter_ids: list[int]
) -> tuple[list[Organisation], list[FieldProblem]]:
    """The organisations of this collaborative named by `reporter_ids`; an id that is not one
    of them is a problem, never silently dropped."""
    return access.owned(
        Organisation.objects.order_by("name"),
        reporter_ids,
        field="reporters",
        message=_(
            "No organisation %(ids)s in this collaborative: choose partners from its register."
        ),
    )


def show(field: str, value: Any) -> str:
    """A field's value as its history shows it."""
    if value is None or value == "":
        return ""
    if field == "disaggregations":
        return "; ".join(f"{dim}: {', '.join(vals)}" for dim, vals in value.items())
    if field == "disaggregation_labels":
        return "; ".join(
            f"{k}: {' / '.join(names[lang] for lang in LANGUAGES if names.get(lang))}"
            for k, names in value.items()
        )
    if field == "reporters":
        return ", ".join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def reported_figures_problems(indicator: Indicator, changes: dict[str, Any]) -> list[FieldProblem]:
    """Changes that would change the meaning of figures already reported."""
    stored = Value.objects.filter(
        collaborative_id=indicator.collaborative_id, indicator_id=indicator.pk
    )
    if not stored.exists():
        return []
    problems = []
    after = Indicator(**{**{f: getattr(indicator, f) for f in FIELDS}, **changes})
    if "frequency" in changes and changes["frequency"] != indicator.frequency:
        problems.append(
            FieldProblem(
                "frequency",
                _("Partners have reported this indicator %(f)s: define a new indicator instead.")
                % {"f": indicator.get_frequency_display().lower()},
            )
        )
    if after.is_percentage != indicator.is_percentage:
        problems.append(
            FieldProblem(
                "quadrant",
                _(
                    "Partners have reported this indicator as %(was)s: it cannot become %(now)s. "
                    "Define a new indicator instead."
                )
                % {
                    "was": _("a percentage") if indicator.is_percentage else _("a count"),
                    "now": _("a count") if indicator.is_percentage else _("a percentage"),
                },
            )
        )
    if "disaggregations" in changes:
        kept = {f"{d}={v}" for d, vals in (changes["disaggregations"] or {}).items() for v in vals}
        used = set(stored.exclude(disaggregation="").values_list("disaggregation", flat=True))
        dropped = sorted(used - kept)
        if dropped:
            problems.append(
                FieldProblem(
                    "disaggregations",
                    _("Figures are stored for %(keys)s: keep these values.")
                    % {"keys": ", ".join(dropped[:5])},
                )
            )
    return problems


@transaction.atomic
def indicator_update(
    *,
    access: Access,
    indicator_id: int,
    changes: dict[str, Any],
    reporters: list[int] | None = None,
    version: int | None = None,
) -> Indicator:
    """Change any field of an indicator, and (when given) the partners who report it. Each
    changed field keeps a line of history; a save from an older version is refused."""
    access.require_manage()
    indicator = access.get_owned(Indicator.objects.select_for_update(), pk=indicator_id)
    if version is not None and version != indicator.version:
        raise ConflictError(
            _(
                "Someone else changed this indicator while you were editing it. Reload to see "
                "their changes, then make yours again."
            ),
            current={"version": indicator.version},
        )
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    changes = normalise(changes)
    if changes.get("disaggregations") is None and "disaggregations" in changes:
        changes["disaggregations"] = {}
    if "disaggregations" in changes and "disaggregation_labels" not in changes:
        # A group dropped takes its name with it; the others keep theirs.
        changes["disaggregation_labels"] = kept_labels(
            indicator.disaggregation_labels, changes["disaggregations"]
        )
    if changes.get("disaggregation_labels") is None and "disaggregation_labels" in changes:
        changes["disaggregation_labels"] = {}
    changed = {f: v for f, v in changes.items() if getattr(indicator, f) != v}
    problems = indicator_problems(access, changed, current=indicator)
    orgs, missing = reporter_problems(access, reporters or [])
    raise_problems(problems + missing + reported_figures_problems(indicator, changed))
    if "disaggregations" in changed:
        changed["disaggregations"] = clean_disaggregations(changed["disaggregations"])
    lines = _history(indicator, changed)
    if reporters is not None:
        lines += _reporters_set(indicator, orgs)
    if not lines:
        return indicator
    for name, value in changed.items():
        setattr(indicator, name, value)
    indicator.version += 1
    indicator.save()
    for line in lines:
        line.collaborative_id, line.indicator_id = indicator.collaborative_id, indicator.pk
        line.changed_by = access.user if access.user.pk else None
    IndicatorChange.objects.bulk_create(lines)
    # The aggregates hold the rule's figure and how many assigned partners they cover.
    if "aggregation" in changed or any(line.field == "reporters" for line in lines):
        from braid.measures.services import aggregates_refresh

        aggregates_refresh(
            collaborative_id=indicator.collaborative_id, indicator_ids={indicator.pk}
        )
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="indicator.updated",
        details={
            "indicator": indicator.pk,
            "name": str(indicator),
            "fields": [line.field for line in lines],
        },
    )
    return indicator


def _history(indicator: Indicator, changed: dict[str, Any]) -> list[IndicatorChange]:
    lines = []
    periods = {}
    if "baseline_period_id" in changed:
        ids = {changed["baseline_period_id"], indicator.baseline_period_id} - {None}
        periods = dict(Period.objects.filter(pk__in=ids).values_list("pk", "code"))
    for name, value in changed.items():
        before = getattr(indicator, name)
        if name == "baseline_period_id":
            before, value = periods.get(before), periods.get(value)
        field = name.removesuffix("_id")
        lines.append(
            IndicatorChange(field=field, before=show(name, before), after=show(name, value))
        )
    return lines


def _reporters_set(indicator: Indicator, orgs: list[Organisation]) -> list[IndicatorChange]:
    current = {o.pk: o.name for o in indicator.reporters.all()}
    wanted = {o.pk: o.name for o in orgs}
    if set(current) == set(wanted):
        return []
    indicator.reporters.set(orgs)
    return [
        IndicatorChange(
            field="reporters",
            before=show("reporters", sorted(current.values())),
            after=show("reporters", sorted(wanted.values())),
        )
    ]


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str
    by: str
    at: Any


def history(access: Access, indicator: Indicator, limit: int = 50) -> list[Change]:
    """Who changed what in the indicator's definition, and when: newest first."""
    labels = {
        f.name: str(f.verbose_name)
        for f in Indicator._meta.get_fields()
        if hasattr(f, "verbose_name")
    }
    return [
        Change(
            labels.get(c.field, c.field).capitalize(),
            c.before,
            c.after,
            c.changed_by.full_name or c.changed_by.email if c.changed_by else _("someone"),
            c.changed_at,
        )
        for c in access.scope(IndicatorChange)
        .filter(indicator=indicator)
        .select_related("changed_by")[:limit]
    ]
