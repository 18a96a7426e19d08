"""Write one collaborative as a zip: `manifest.json`, `data/collaborative.json`,
`data/people.json` and one `data/<app>.<Model>.json` per part (docs/adr/0017).

A row's id in the file is its position in its part's declared order, so the same data gives the
same file in any installation: export, import elsewhere, export again, and only the manifest's
`exported_at` differs. Zip entries carry a fixed date for the same reason.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
import zipfile
from typing import IO, Any

from django.db import models
from django.utils import timezone

from braid.core.bundle import registry
from braid.core.bundle.order import related_label, target_of
from braid.core.bundle.registry import REGISTRY, Part

FORMAT = "braid-collaborative"
FORMAT_VERSION = 1
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def plain(value: Any) -> Any:
    """A field's value as JSON: dates and times in ISO 8601, decimals and UUIDs as text."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def single_pk(model: type[models.Model]) -> bool:
    return not isinstance(model._meta.pk, models.CompositePrimaryKey)


def rows(part: Part, root: models.Model) -> models.QuerySet[Any]:
    return part.model._base_manager.filter(**{part.tenant: root.pk}).order_by(*part.order_by)


class Writer:
    """The ids of every part (pass one), then each part's records (pass two)."""

    def __init__(self, root: models.Model) -> None:
        self.root = root
        self.ids: dict[str, dict[Any, int]] = {}
        self.people: dict[Any, str | None] = {}
        self.dropped: dict[str, int] = {}
        people = REGISTRY.people
        self.people_label = people._meta.label if people is not None else ""

    def number(self) -> None:
        for label, part in REGISTRY.parts.items():
            if single_pk(part.model):
                pks = rows(part, self.root).values_list("pk", flat=True)
                self.ids[label] = {pk: n for n, pk in enumerate(pks, start=1)}

    def lookup(self, label: str, pk: Any) -> Any:
        """The file's reference for a row: an e-mail for a person, a position for the rest."""
        if pk is None:
            return None
        if label == self.people_label:
            if pk not in self.people:
                people: Any = REGISTRY.people
                found = people._base_manager.filter(pk=pk).values_list(REGISTRY.people_key)
                self.people[pk] = next((key for (key,) in found), None)
            return self.people[pk]
        if REGISTRY.root is not None and label == REGISTRY.root._meta.label:
            return None
        return self.ids.get(label, {}).get(pk)

    def record(self, part: Part, obj: models.Model) -> dict[str, Any] | None:
        """One row as the file holds it; None if a required reference points at nothing."""
        out: dict[str, Any] = {}
        if single_pk(part.model):
            out["id"] = self.ids[part.label][obj.pk]
        for f in part.model._meta.concrete_fields:
            if f.primary_key or f.name == part.tenant or f.attname == part.tenant:
                continue
            raw = getattr(obj, f.attname)
            target = target_of(part, f)
            if target is not None:
                value = self.lookup(target, raw)
                if value is None and raw is not None and not f.null:
                    return None
                out[f.name] = value
            elif f.name in part.remap:
                out[f.name] = part.remap[f.name](raw, self.lookup)
            else:
                out[f.name] = plain(raw)
        return out

    def part(self, part: Part) -> list[dict[str, Any]]:
        records = []
        many = self.many_to_many(part)
        for obj in rows(part, self.root).iterator(chunk_size=2000):
            record = self.record(part, obj)
            if record is None:
                self.dropped[part.label] = self.dropped.get(part.label, 0) + 1
                continue
            for name, links in many.items():
                record[name] = sorted(links.get(obj.pk, []), key=str)
            records.append(record)
        return records

    def many_to_many(self, part: Part) -> dict[str, dict[Any, list[Any]]]:
        """{field: {row pk: [references]}} for each many-to-many field of the part."""
        found: dict[str, dict[Any, list[Any]]] = {}
        for f in part.model._meta.local_many_to_many:
            through: Any = f.remote_field.through  # type: ignore[union-attr]
            source, target = f.m2m_column_name(), f.m2m_reverse_name()
            label = related_label(f)
            links: dict[Any, list[Any]] = {}
            pks = self.ids[part.label]
            pairs = through._base_manager.filter(**{f"{source}__in": list(pks)}).values_list(
                source, target
            )
            for pk, other in pairs:
                ref = self.lookup(label, other)
                if ref is not None:
                    links.setdefault(pk, []).append(ref)
            found[f.name] = links
        return found


def schema() -> dict[str, str]:
    """The latest migration of each app the file holds rows of: what its fields mean."""
    from django.db.migrations.loader import MigrationLoader

    models_ = [REGISTRY.root, REGISTRY.people, *(p.model for p in REGISTRY.parts.values())]
    apps_ = {m._meta.app_label for m in models_ if m is not None}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return dict(sorted(n for n in loader.graph.leaf_nodes() if n[0] in apps_))


def braid_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("braid")
    except PackageNotFoundError:
        return "unknown"


def root_record(root: models.Model) -> dict[str, Any]:
    return {
        f.name: plain(getattr(root, f.attname))
        for f in root._meta.concrete_fields
        if not f.primary_key
    }


def _entry(zf: zipfile.ZipFile, name: str, data: Any) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    zf.writestr(info, text.encode("utf-8"))


def write_bundle(root: models.Model, fh: IO[bytes]) -> dict[str, Any]:
    """Write the collaborative `root` to `fh` (a binary file); returns the manifest."""
    registry.discover()
    if registry.file_fields():
        raise RuntimeError(f"parts hold files the format cannot carry: {registry.file_fields()}")
    writer = Writer(root)
    writer.number()
    data = {label: writer.part(part) for label, part in REGISTRY.parts.items()}
    people = _people(writer)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "braid_version": braid_version(),
        "schema": schema(),
        "collaborative": getattr(root, REGISTRY.root_key),
        "exported_at": timezone.now().isoformat(),
        "counts": {label: len(records) for label, records in sorted(data.items())},
        "dropped": writer.dropped,
    }
    with zipfile.ZipFile(fh, "w") as zf:
        _entry(zf, "manifest.json", manifest)
        _entry(zf, "data/collaborative.json", root_record(root))
        _entry(zf, "data/people.json", people)
        for label in sorted(data):
            _entry(zf, f"data/{label}.json", data[label])
    return manifest


def _people(writer: Writer) -> list[dict[str, Any]]:
    model = REGISTRY.people
    if model is None:
        return []
    key = REGISTRY.people_key
    found = model._base_manager.filter(pk__in=list(writer.people)).order_by(key)  # type: ignore[attr-defined]
    fields = (key, *REGISTRY.people_fields)
    return [{name: plain(getattr(person, name)) for name in fields} for person in found]


def cli_export(access: Any, fmt: str, fh: IO[bytes]) -> None:
    """`braid export collaborative --collaborative SLUG --out FILE.zip`."""
    write_bundle(access.collaborative, fh)
