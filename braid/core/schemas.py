"""Request schemas' building blocks: strict types and the model's own field rules.

`In` is the base of every request body: no unknown fields, no `0` for a date, no `false` or
`"12"` for a number, no NaN or infinity. `FromModel(Model, "field")`, as `Annotated`
metadata, gives an API field the model field's rules: its choices as an enum, its
`max_length`, the range its column holds. So the OpenAPI schema says what the database
accepts, and bad input stops with a 422 that names the field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from annotated_types import Interval
from django.core import validators
from django.db import models
from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, GetCoreSchemaHandler, Strict
from pydantic_core import core_schema

# The range each integer column holds on every database Braid runs on.
INT_RANGES = {
    "SmallIntegerField": (-32768, 32767),
    "PositiveSmallIntegerField": (0, 32767),
    "IntegerField": (-(2**31), 2**31 - 1),
    "PositiveIntegerField": (0, 2**31 - 1),
    "BigIntegerField": (-(2**63), 2**63 - 1),
    "PositiveBigIntegerField": (0, 2**63 - 1),
    "AutoField": (1, 2**31 - 1),
    "BigAutoField": (1, 2**63 - 1),
}
ID_MAX = 2**63 - 1


class In(Schema):
    """Base of request bodies: strict JSON types, unknown fields refused, finite numbers."""

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def unset() -> Any:
    """The default of a field a PATCH may leave out: absent means "unchanged" (read the payload
    with `exclude_unset`), and the schema shows no default, as none is applied."""
    return Field(None, json_schema_extra=_no_default)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("Write the date as YYYY-MM-DD, e.g. 2026-03-31.")


# A calendar date written YYYY-MM-DD (never a number of seconds).
Date = Annotated[dt.date, Strict(False), BeforeValidator(_iso_date)]


@dataclass(frozen=True)
class OneOf:
    """`Annotated[str, OneOf(SORTS)]`: one of these values, listed as an enum in the schema."""

    values: Any

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", tuple(self.values))

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.literal_schema(list(self.values))


@dataclass(frozen=True)
class FromModel:
    """`Annotated[str, FromModel(Organisation, "status")]`: the model field's choices (as an
    enum), max_length, and value range, on an API field."""

    model: type[models.Model]
    name: str
    blank: bool | None = None  # allow "" for a choice field (a filter), whatever the model says

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        field: Any = self.model._meta.get_field(self.name)
        choices = [code for code, _label in field.flatchoices] if field.choices else None
        outer: dict[str, Any] = dict(handler(source))
        nullable = outer.get("type") == "nullable"
        schema = dict(outer["schema"]) if nullable else outer
        if choices:
            blank = field.blank if self.blank is None else self.blank
            schema = dict(core_schema.literal_schema(["", *choices] if blank else choices))
        if schema.get("type") == "str" and getattr(field, "max_length", None):
            schema["max_length"] = field.max_length
        if schema.get("type") in ("int", "float"):
            low, high = INT_RANGES.get(field.get_internal_type(), (None, None))
            for v in field.validators:
                if isinstance(v, validators.MinValueValidator):
                    low = v.limit_value if low is None else max(low, v.limit_value)
                if isinstance(v, validators.MaxValueValidator):
                    high = v.limit_value if high is None else min(high, v.limit_value)
            schema.update({k: x for k, x in (("ge", low), ("le", high)) if x is not None})
        return core_schema.nullable_schema(schema) if nullable else schema  # type: ignore[arg-type]


# A row id: a positive integer a bigint column can hold.
Id = Annotated[int, Interval(ge=1, le=ID_MAX)]
