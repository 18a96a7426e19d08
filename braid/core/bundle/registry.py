"""What a collaborative export holds: each app declares its own models, in its AppConfig.ready().

    from braid.core.bundle import Part, register_parts
    register_parts(
        "measures",
        [Part(Period), Part(Indicator), Part(Value, order_by=("indicator", "period", ...))],
        leave_out={ImportJob: "an upload's bookkeeping; its file is reaped within a day"},
    )

The tenant model (`register_root`) is the one row everything hangs from; people (`register_people`)
are shared by collaboratives, so they travel by natural key (e-mail) and are matched, or made, on
import. Every model of a Braid app that points at the tenant is either a part or left out with a
reason; `unclaimed()` lists the others and a test keeps it empty. The core knows no app: it
only keeps what the apps declare.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

# A JSON field's remapping: (value, lookup) -> value, where lookup(model_label, id) gives the
# id on the other side (None if the row is not in the export).
Remap = Callable[[Any, Callable[[str, Any], Any]], Any]


@dataclass(frozen=True)
class Part:
    model: type[models.Model]
    # Rows are written in this order; their ids in the file are their positions. An order that
    # says nothing about when a row was written keeps anonymous rows anonymous (ADR 0010).
    order_by: tuple[str, ...] = ("pk",)
    # The field holding the tenant: a foreign key, or a plain integer column.
    tenant: str = "collaborative"
    # Plain integer columns holding another model's id: {"indicator_id": "measures.Indicator"}.
    id_columns: dict[str, str] = field(default_factory=dict)
    # JSON fields holding ids: {"indicator_ids": id_list("measures.Indicator")}.
    remap: dict[str, Remap] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.model._meta.label


@dataclass
class Registry:
    root: type[models.Model] | None = None
    root_key: str = "slug"
    people: type[models.Model] | None = None
    people_key: str = "email"
    people_fields: tuple[str, ...] = ()
    # make(key, fields) -> a new person, for one the installation does not know yet.
    make_person: Callable[[str, dict[str, Any]], models.Model] | None = None
    parts: dict[str, Part] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)


REGISTRY = Registry()


def discover() -> None:
    """Import every app's `bundle` module, where it declares its parts."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("bundle")


def register_root(model: type[models.Model], *, key: str = "slug") -> None:
    """The tenant: exported as one record, made anew on import under its key (or --slug)."""
    REGISTRY.root, REGISTRY.root_key = model, key


def register_people(
    model: type[models.Model],
    *,
    key: str,
    fields: tuple[str, ...],
    make: Callable[[str, dict[str, Any]], models.Model],
) -> None:
    """People, referred to by a natural key; only `fields` travel (never a password). On import
    a person the installation knows is matched by key; `make` creates the others."""
    REGISTRY.people, REGISTRY.people_key = model, key
    REGISTRY.people_fields, REGISTRY.make_person = fields, make


def register_parts(
    app_label: str, parts: list[Part], *, leave_out: dict[type[models.Model], str] | None = None
) -> None:
    for part in parts:
        if part.model._meta.app_label != app_label:
            raise ValueError(f"{part.label} is not a model of {app_label}")
        REGISTRY.parts[part.label] = part
    for model, reason in (leave_out or {}).items():
        REGISTRY.left_out[model._meta.label] = reason


def id_list(label: str) -> Remap:
    """A JSON list of ids of one model; ids not in the export are dropped."""

    def remap(value: Any, lookup: Callable[[str, Any], Any]) -> Any:
        if not isinstance(value, list):
            return value
        mapped = (lookup(label, v) for v in value)
        return [v for v in mapped if v is not None]

    return remap


def points_at_tenant(model: type[models.Model]) -> bool:
    root = REGISTRY.root
    for f in model._meta.concrete_fields:
        if f.is_relation and f.related_model is root:
            return True
        if f.name == "collaborative_id":
            return True
    return False


def unclaimed() -> list[str]:
    """Models of Braid's apps that point at the tenant but are neither a part nor left out."""
    discover()
    claimed = set(REGISTRY.parts) | set(REGISTRY.left_out)
    return sorted(
        m._meta.label
        for m in apps.get_models()
        if m.__module__.startswith("braid.")
        and m._meta.label not in claimed
        and points_at_tenant(m)
    )


def file_fields() -> list[str]:
    """Parts holding uploaded files, which the format does not carry yet (a test keeps it empty:
    today instrument files are text in the database and uploads are reaped)."""
    return [
        f"{p.label}.{f.name}"
        for p in REGISTRY.parts.values()
        for f in p.model._meta.concrete_fields
        if isinstance(f, models.FileField)
    ]
