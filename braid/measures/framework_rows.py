"""One row of a framework file read and checked: choices by code or label, breakdowns,
reporters by name, the baseline period and targets, every field through the indicator rule
(`indicator_rules`) and every target through the target rule."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.core.errors import FieldProblem
from braid.lib.numbers import DecimalMark, NumberError
from braid.lib.tabular import FORMULA_START, closest, normalise_name
from braid.measures.indicator_rules import indicator_problems
from braid.measures.indicators import reported_figures_problems
from braid.measures.models import Indicator, Period
from braid.measures.rules import language_decimal, number_message, read_number
from braid.measures.targets import TargetRow, target_problems
from braid.partners.models import Organisation

TARGET = "target "


CHOICES = ("kind", "quadrant", "direction", "aggregation", "frequency", "tier")


POWERS = ("communication_power", "proxy_power", "data_power")


NUMBERS = ("min_value", "max_value", "baseline_value")


TEXT = (
    "code",
    "name",
    "definition",
    "technical_definition",
    "name_fr",
    "definition_fr",
    "technical_definition_fr",
    "unit",
    "unit_fr",
    "data_source",
)


def _choices() -> dict[str, dict[str, str]]:
    """Each choice field's codes and labels (English and French), normalised, to its code."""
    out: dict[str, dict[str, str]] = {}
    for name in (*CHOICES, *POWERS):
        model_field: Any = Indicator._meta.get_field(name)
        found = {normalise_name(str(code)): str(code) for code, _label in model_field.choices}
        for lang in ("en", "fr"):
            with translation.override(lang):
                found.update(
                    {normalise_name(str(label)): str(code) for code, label in model_field.choices}
                )
        out[name] = found
    return out


@dataclass
class Known:
    indicators: dict[str, Indicator]
    reporters: dict[int, set[int]]
    orgs: dict[str, tuple[int, str]]
    periods: dict[str, Period]
    choices: dict[str, dict[str, str]]
    seen: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, access: Access) -> Known:
        indicators = {i.code: i for i in access.scope(Indicator)}
        through = Indicator.reporters.through
        reporters: dict[int, set[int]] = {}
        for ind, org in through.objects.filter(
            indicator__collaborative_id=access.collaborative.pk
        ).values_list("indicator_id", "organisation_id"):
            reporters.setdefault(ind, set()).add(org)
        return cls(
            indicators=indicators,
            reporters=reporters,
            orgs={normalise_name(o.name): (o.pk, o.name) for o in access.scope(Organisation)},
            periods={p.code: p for p in access.scope(Period)},
            choices=_choices(),
        )


@dataclass
class Row:
    number: int
    data: dict[str, Any]
    current: Indicator | None
    reporters: set[int]
    targets: dict[int, float]


def _disaggregations(text: str) -> dict[str, list[str]] | None:
    """ "age: 12-15, 16-18; gender: girls, boys" as {"age": [...], "gender": [...]}."""
    dims: dict[str, list[str]] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        name, colon, values = part.partition(":")
        if not colon:
            return None
        dims[name.strip()] = [v.strip() for v in values.split(",") if v.strip()]
    return dims


Add = Callable[[str, str], None]


def _read_row(number: int, cells: dict[str, str], known: Known, targets: dict[str, str]) -> Any:
    problems: list[FieldProblem] = []

    def add(column: str, message: str) -> None:
        problems.append(FieldProblem(column, message, number, cells.get(column, "")))

    data: dict[str, Any] = {n: _unneutralised(cells[n]) for n in TEXT if n in cells}
    data["code"] = cells.get("code", "").strip().lower()
    for name in (*CHOICES, *POWERS):
        text = cells.get(name, "").strip()
        if name not in cells or (not text and name in CHOICES):
            continue  # left out: the default for a new indicator, unchanged for one that exists
        code = known.choices[name].get(normalise_name(text), "") if text else ""
        data[name] = code if code or not text else text  # an unknown choice: the rule says so
    decimal = language_decimal()
    data.update(_numbers(cells, decimal, add))
    data.update(_breakdowns_and_baseline(cells, known, add))
    reporters = _reporters(cells.get("reporters", ""), known, add)
    row_targets = {}
    for column, code in targets.items():
        try:
            value = read_number(cells.get(column, ""), decimal)
        except NumberError as exc:
            add(column, number_message(exc, decimal))
            continue
        if value is not None:
            row_targets[known.periods[code].pk] = value
    return data, reporters, row_targets, problems


def _numbers(cells: dict[str, str], decimal: DecimalMark, add: Add) -> dict[str, Any]:
    """The number columns as the reader's language writes them; decimals a whole number."""
    data: dict[str, Any] = {}
    for name in (*NUMBERS, "decimals"):
        if name not in cells:
            continue
        try:
            value = read_number(cells[name], decimal)
        except NumberError as exc:
            add(name, number_message(exc, decimal))
            continue
        if name == "decimals":
            value = int(value) if value is not None and value.is_integer() else value
            data[name] = 0 if value is None else value
        else:
            data[name] = value
    return data


def _label_example() -> str:
    return _(
        'Write the names as the export does, e.g. {"sex=girls": {"en": "Girls", "fr": "Filles"}}.'
    )


def _breakdowns_and_baseline(cells: dict[str, str], known: Known, add: Add) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if "disaggregations" in cells:
        dims = _disaggregations(cells["disaggregations"])
        if dims is None:
            add(
                "disaggregations",
                _("Write the breakdowns as “age: 12-15, 16-18; gender: girls, boys”."),
            )
        else:
            data["disaggregations"] = dims
    if cells.get("disaggregation_labels", "").strip():
        try:  # as the export writes them: {"sex=girls": {"en": "Girls", "fr": "Filles"}}
            data["disaggregation_labels"] = json.loads(cells["disaggregation_labels"])
        except ValueError:
            add("disaggregation_labels", _label_example())
    if "baseline_period" in cells:
        code = cells["baseline_period"].strip()
        period = known.periods.get(code)
        if code and period is None:
            add(
                "baseline_period",
                _("No period “%(code)s”: open it under Periods first, or fix the code.")
                % {"code": code},
            )
        data["baseline_period_id"] = period.pk if period else None
    return data


def _unneutralised(text: str) -> str:
    """Text as typed before the export guarded it against spreadsheet formulas."""
    if text.startswith("'") and text[1:2] and text[1:2] in FORMULA_START:
        return text[1:]
    return text


def _reporters(text: str, known: Known, add: Any) -> set[int]:
    found = set()
    for name in (n.strip() for n in text.split(";")):
        if not name:
            continue
        org = known.orgs.get(normalise_name(name))
        if org is None:
            guess = closest(name, [n for _pk, n in known.orgs.values()])
            hint = _(" Did you mean “%s”?") % guess if guess else ""
            add(
                "reporters",
                _("No organisation “%s” in the register: add it first, or fix the name.") % name
                + hint,
            )
        else:
            found.add(org[0])
    return found


def check_row(
    access: Access, number: int, cells: dict[str, str], known: Known, targets: dict[str, str]
) -> tuple[Row, list[FieldProblem]]:
    data, reporters, row_targets, problems = _read_row(number, cells, known, targets)
    code = data["code"]
    current = known.indicators.get(code)
    if code and code in known.seen:
        problems.append(
            FieldProblem(
                "code",
                _("The code “%(code)s” is on row %(row)s too: keep one row per indicator.")
                % {"code": code, "row": known.seen[code]},
                number,
                code,
            )
        )
    known.seen.setdefault(code, number)
    if current is not None:
        data = {k: v for k, v in data.items() if getattr(current, k) != v}
        if data.keys() & {"frequency", "quadrant", "aggregation", "disaggregations"}:
            problems += [
                FieldProblem(p.field, p.message, number, cells.get(p.field, ""))
                for p in reported_figures_problems(current, data)
            ]
    frequencies = {p.pk: p.frequency for p in known.periods.values()}
    reported = {p.field for p in problems}
    for p in indicator_problems(access, data, current, frequencies=frequencies, codes_checked=True):
        column = p.field.removesuffix("_id")
        if column not in reported:
            problems.append(FieldProblem(column, p.message, number, cells.get(column, "")))
    frequency = data.get("frequency", current.frequency if current else "monthly")
    by_id = {p.pk: p for p in known.periods.values()}
    rows = [TargetRow(0, pk, v) for pk, v in row_targets.items()]
    for p in target_problems(
        rows,
        {0: (code, frequency)},
        {pk: (by_id[pk].code, by_id[pk].frequency) for pk in row_targets},
    ):
        problems.append(FieldProblem(TARGET + (p.value or ""), p.message, number, p.value))
    return Row(number, data, current, reporters, row_targets), problems
