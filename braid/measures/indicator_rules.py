"""What a valid indicator is: one function, called by its creation, its edit (page and API)
and the framework import, so the three cannot drift apart."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.core import bilingual
from braid.core.errors import FieldProblem
from braid.core.fields import model_field_problems
from braid.measures import dimensions
from braid.measures.models import Frequency, Indicator, Period

# Every field a steward may set on an indicator (its reporters aside).
FIELDS = (
    "code",
    "name",
    "definition",
    "technical_definition",
    "name_fr",
    "definition_fr",
    "technical_definition_fr",
    "kind",
    "quadrant",
    "unit",
    "unit_fr",
    "decimals",
    "direction",
    "aggregation",
    "frequency",
    "data_source",
    "min_value",
    "max_value",
    "disaggregations",
    "disaggregation_labels",
    "baseline_value",
    "baseline_period_id",
    "communication_power",
    "proxy_power",
    "data_power",
    "tier",
)
CHOICE_AND_TEXT = (
    "code",
    "name",
    "name_fr",
    "kind",
    "quadrant",
    "unit",
    "unit_fr",
    "direction",
    "aggregation",
    "frequency",
    "data_source",
    "communication_power",
    "proxy_power",
    "data_power",
    "tier",
)
TEXTS = ("name", "definition", "technical_definition")  # written in both languages
NUMBERS = ("min_value", "max_value", "baseline_value")
MAX_DECIMALS = 4
KEY_LENGTH = 80  # Value.disaggregation holds "dimension=value"


def frequency_label(code: str) -> str:
    """A frequency as a sentence says it ("monthly"), or its code if Braid does not know it."""
    return str(Frequency(code).label).lower() if code in Frequency.values else code


def normalise(data: Mapping[str, Any]) -> dict[str, Any]:
    """The indicator's data as the rules read it: codes lower-cased, text stripped."""
    out = dict(data)
    if "code" in out:
        out["code"] = str(out["code"] or "").strip().lower()
    for name in ("data_source", *bilingual.both((*TEXTS, "unit"))):
        if name in out and isinstance(out[name], str):
            out[name] = out[name].strip()
    if "disaggregation_labels" in out:
        out["disaggregation_labels"] = dimensions.clean_labels(out["disaggregation_labels"])
    return out


def indicator_problems(
    access: Access,
    data: Mapping[str, Any],
    current: Indicator | None = None,
    *,
    frequencies: Mapping[int, str] | None = None,
    codes_checked: bool = False,
) -> list[FieldProblem]:
    """Every problem of an indicator's data: `data` holds the fields to create (or, with
    `current`, to change); what `data` leaves out keeps `current`'s value.

    A caller checking many indicators at once (the framework import) passes the periods'
    `frequencies` by id and says it has checked the codes' uniqueness itself, so the rule
    asks the database nothing."""
    merged = {f: getattr(current, f) for f in FIELDS} if current else {}
    merged.update(data)
    problems = model_field_problems(Indicator, data, CHOICE_AND_TEXT)
    problems += _code_and_name(access, merged, None if codes_checked else current, codes_checked)
    problems += _numbers(merged)
    problems += disaggregation_problems(merged.get("disaggregations"))
    if "disaggregation_labels" in data:
        problems += label_problems(merged.get("disaggregations"), data["disaggregation_labels"])
    baseline = merged.get("baseline_period_id")
    if baseline is not None and "baseline_period_id" in data:
        if frequencies is None:
            frequencies = dict(
                access.scope(Period).filter(pk=baseline).values_list("pk", "frequency")
            )
        frequency = frequencies.get(baseline)
        if frequency is None:
            problems.append(
                FieldProblem("baseline_period", _("No such period in this collaborative."))
            )
        elif frequency != merged.get("frequency", frequency):
            problems.append(
                FieldProblem(
                    "baseline_period",
                    _("The baseline period must be a %(frequency)s period, as the indicator is.")
                    % {"frequency": frequency_label(str(merged.get("frequency")))},
                )
            )
    return problems


def _code_and_name(
    access: Access, merged: Mapping[str, Any], current: Indicator | None, checked: bool
) -> list[FieldProblem]:
    problems = []
    code = str(merged.get("code") or "")
    if not code:
        problems.append(
            FieldProblem("code", _("Give the indicator a short code, e.g. youth-charged."))
        )
    elif not all(ch.isalnum() or ch in "-_" for ch in code) or not code.isascii():
        problems.append(
            FieldProblem(
                "code",
                _("Write the code with letters, digits, - and _ only, e.g. youth-charged."),
                value=code,
            )
        )
    elif not checked:
        taken = access.scope(Indicator).filter(code=code)
        if current is not None:
            taken = taken.exclude(pk=current.pk)
        if taken.exists():
            problems.append(
                FieldProblem("code", _("The code “%(code)s” is taken.") % {"code": code})
            )
    if bilingual.is_blank(merged, "name"):
        problems.append(FieldProblem("name", _("Give the indicator a name.")))
    return problems


def _numbers(merged: Mapping[str, Any]) -> list[FieldProblem]:
    problems = []
    for name in NUMBERS:
        value = merged.get(name)
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            problems.append(FieldProblem(name, _("Enter a number, or leave it empty.")))
    decimals = merged.get("decimals", 0)
    if (
        isinstance(decimals, bool)
        or not isinstance(decimals, int)
        or not 0 <= decimals <= MAX_DECIMALS
    ):
        problems.append(
            FieldProblem("decimals", _("Show between 0 and %(n)s decimals.") % {"n": MAX_DECIMALS})
        )
    low, high = merged.get("min_value"), merged.get("max_value")
    if not problems and low is not None and high is not None and low > high:
        problems.append(FieldProblem("max_value", _("The highest value is below the lowest.")))
    return problems


def disaggregation_problems(dims: Any) -> list[FieldProblem]:
    """Dimensions and their values: {"age": ["12-15", "16-18"]}, each dimension named, with
    distinct values, and "dimension=value" short enough for the value table."""
    if not dims:
        return []
    example = _("Declare each dimension with its values, e.g. age: 12-15, 16-18.")
    if not isinstance(dims, dict):
        return [FieldProblem("disaggregations", example)]
    problems = []
    for dim, values in dims.items():
        name = str(dim).strip()
        if not name or "=" in name or ";" in name:
            problems.append(
                FieldProblem(
                    "disaggregations",
                    _("Name each dimension without “=” or “;”, e.g. age.") + " " + example,
                )
            )
            continue
        if (
            not isinstance(values, list)
            or not values
            or not all(isinstance(v, str) and v.strip() for v in values)
        ):
            problems.append(
                FieldProblem(
                    "disaggregations",
                    _("Give the dimension “%(dim)s” at least one value.") % {"dim": name},
                )
            )
            continue
        if len({v.strip() for v in values}) != len(values):
            problems.append(
                FieldProblem(
                    "disaggregations",
                    _("The dimension “%(dim)s” lists a value twice.") % {"dim": name},
                )
            )
        for v in values:
            if ";" in v or len(name) + 1 + len(v) > KEY_LENGTH:
                problems.append(
                    FieldProblem(
                        "disaggregations",
                        _(
                            "“%(dim)s=%(value)s” is too long or holds “;”: keep dimension and "
                            "value under %(n)s characters together."
                        )
                        % {"dim": name, "value": v, "n": KEY_LENGTH},
                    )
                )
    return problems


def clean_disaggregations(dims: Mapping[str, list[str]]) -> dict[str, list[str]]:
    return {str(k).strip(): [v.strip() for v in vals] for k, vals in dims.items()}


def label_problems(dims: Any, labels: Any) -> list[FieldProblem]:
    """The names of dimensions and groups (braid.measures.dimensions): each key a declared
    dimension ("sex") or group ("sex=girls"), each name English or French and not too long."""
    if not labels:
        return []
    if not isinstance(labels, dict):
        return [FieldProblem("disaggregation_labels", _label_shape("sex=girls"))]
    declared = set(dimensions.declared_keys(dims if isinstance(dims, dict) else {}))
    problems = []
    for key, names in labels.items():
        values = {"key": key, "n": dimensions.LABEL_LENGTH}
        if key not in declared:
            text = _("“%(key)s” is not a declared dimension or group: name only those.") % values
        elif (
            not isinstance(names, dict)
            or not set(names) <= set(bilingual.LANGUAGES)
            or not all(isinstance(t, str) for t in names.values())
        ):
            text = _label_shape(key)
        elif any(len(t) > dimensions.LABEL_LENGTH for t in names.values()):
            text = _("The name of “%(key)s” is too long: keep it under %(n)s characters.") % values
        else:
            continue
        problems.append(FieldProblem("disaggregation_labels", text, value=str(key)))
    return problems


def _label_shape(key: str) -> str:
    return _('Name “%(key)s” in English and French, e.g. {"en": "Girls", "fr": "Filles"}.') % {
        "key": key
    }
