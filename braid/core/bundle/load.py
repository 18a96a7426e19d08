"""Read a collaborative export into this installation: new ids, people matched by e-mail, all
or nothing in one transaction. A wrong, damaged or newer file is refused with what is wrong."""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction

from braid.core.bundle.export import FORMAT, FORMAT_VERSION, single_pk
from braid.core.bundle.order import dependency_order, related_label, target_of
from braid.core.bundle.registry import REGISTRY, Part, discover

MAX_UNPACKED = 2 * 1024**3  # bytes: a collaborative's data, far above any real one


class BundleError(Exception):
    """The file cannot be imported; the message says why and what to do."""


@dataclass
class Bundle:
    manifest: dict[str, Any]
    root: dict[str, Any]
    people: list[dict[str, Any]]
    data: dict[str, list[dict[str, Any]]]


def read_bundle(path: Path) -> Bundle:
    discover()
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BundleError(f"{path.name} is not a zip file, or it is damaged ({exc}).") from exc
    with zf:
        names = set(zf.namelist())
        if "manifest.json" not in names:
            raise BundleError(
                f"{path.name} is not a Braid collaborative export (it has no manifest.json); "
                "make one with `braid export collaborative`."
            )
        if sum(i.file_size for i in zf.infolist()) > MAX_UNPACKED:
            raise BundleError(f"{path.name} unpacks to more than {MAX_UNPACKED} bytes.")
        manifest = _json(zf, "manifest.json")
        check_manifest(manifest)
        data = {label: _json(zf, f"data/{label}.json") for label in manifest.get("counts", {})}
        return Bundle(
            manifest, _json(zf, "data/collaborative.json"), _json(zf, "data/people.json"), data
        )


def _json(zf: zipfile.ZipFile, name: str) -> Any:
    try:
        return json.loads(zf.read(name).decode("utf-8"))
    except KeyError as exc:
        raise BundleError(f"The export lacks {name}: it is incomplete.") from exc
    except (ValueError, zipfile.BadZipFile, OSError) as exc:
        raise BundleError(f"{name} in the export is damaged ({exc}).") from exc


def check_manifest(manifest: Any) -> None:
    from django.db.migrations.loader import MigrationLoader

    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleError("This zip is not a Braid collaborative export (wrong manifest).")
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise BundleError(
            f"This export uses format {manifest['format_version']}; this Braid reads up to "
            f"{FORMAT_VERSION}. Upgrade Braid, then import it."
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for app, name in sorted(manifest.get("schema", {}).items()):
        if (app, name) not in known:
            raise BundleError(
                f"This export comes from a newer Braid ({manifest.get('braid_version')}): its "
                f"'{app}' data is at migration {name}, which this installation does not have. "
                "Upgrade Braid (and run `braid migrate`), then import it."
            )
    unknown = sorted(set(manifest.get("counts", {})) - set(REGISTRY.parts))
    if unknown:
        raise BundleError(f"This Braid does not know what {', '.join(unknown)} are.")


def import_bundle(path: Path, *, slug: str | None = None) -> models.Model:
    """Create the collaborative of the export at `path` (under `slug` if given); returns it."""
    bundle = read_bundle(path)
    try:
        with transaction.atomic():
            return Loader(bundle).load(slug or str(bundle.root.get(REGISTRY.root_key)))
    except DatabaseError as exc:
        raise BundleError(
            f"The export breaks a rule of this database; nothing was imported ({exc})."
        ) from exc


class Loader:
    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self.ids: dict[str, dict[Any, Any]] = {}
        self.people: dict[str, Any] = {}
        self.later: list[tuple[models.Model, str, Any]] = []  # (row, attname, value to set)

    def load(self, slug: str) -> models.Model:
        root = self.make_root(slug)
        self.make_people()
        parts = dependency_order(list(REGISTRY.parts.values()))
        made = {p.label: self.insert(p, root) for p in parts if p.label in self.bundle.data}
        self.finish()
        for part in parts:
            if part.label in made:
                self.link(part, made[part.label])
        return root

    def make_root(self, slug: str) -> models.Model:
        model, key = REGISTRY.root, REGISTRY.root_key
        assert model is not None
        if model._base_manager.filter(**{key: slug}).exists():
            raise BundleError(
                f"A collaborative with the short name '{slug}' exists already here; "
                "import it under another with --slug NEW."
            )
        fields = {**self.bundle.root, key: slug}
        root = model(**self.values(model, fields, "collaborative"))
        root.save()
        return root

    def make_people(self) -> None:
        model, key, make = REGISTRY.people, REGISTRY.people_key, REGISTRY.make_person
        if model is None or make is None:
            return
        for person in self.bundle.people:
            value = str(person.get(key))
            found = model._base_manager.filter(**{key: value}).first()
            extra = {k: v for k, v in person.items() if k in REGISTRY.people_fields}
            self.people[value] = (found or make(value, extra)).pk

    def values(
        self, model: type[models.Model], record: dict[str, Any], where: str
    ) -> dict[str, Any]:
        """Plain fields of a record as the model holds them."""
        out = {}
        for name, raw in record.items():
            f = model._meta.get_field(name)
            try:
                out[f.attname] = f.to_python(raw)  # type: ignore[union-attr]
            except ValidationError as exc:
                raise BundleError(
                    f"{where}: '{name}' holds {raw!r}: {' '.join(exc.messages)}"
                ) from exc
        return out

    def insert(self, part: Part, root: models.Model) -> list[tuple[dict[str, Any], models.Model]]:
        records = self.bundle.data[part.label]
        rows = [(r, self.build(part, r, root)) for r in records]
        objs = [obj for _, obj in rows]
        _fresh_keys(part.model, objs)
        part.model._base_manager.bulk_create(objs, batch_size=500)
        if single_pk(part.model):
            self.ids[part.label] = {r["id"]: obj.pk for r, obj in rows}
        return rows

    def build(self, part: Part, record: dict[str, Any], root: models.Model) -> models.Model:
        where = f"{part.label} row {record.get('id', '?')}"
        fields = {f.name: f for f in part.model._meta.concrete_fields if not f.primary_key}
        many = {f.name for f in part.model._meta.local_many_to_many}
        unknown = sorted(set(record) - set(fields) - many - {"id"})
        if unknown:
            raise BundleError(
                f"{where} has fields this Braid does not know ({', '.join(unknown)}): the file "
                "was written by another version. Upgrade Braid, then import it."
            )
        plain: dict[str, Any] = {}
        refs: dict[str, Any] = {}
        for name, value in record.items():
            f = fields.get(name)
            if f is None or name == part.tenant:
                continue
            if target_of(part, f) is not None or name in part.remap:
                refs[name] = value
            else:
                plain[name] = value
        obj = part.model(**self.values(part.model, plain, where))
        setattr(obj, fields[part.tenant].attname if part.tenant in fields else part.tenant, root.pk)
        for name, value in refs.items():
            self.refer(part, obj, fields[name], value, where)
        return obj

    def refer(self, part: Part, obj: models.Model, f: Any, value: Any, where: str) -> None:
        if f.name in part.remap:
            self.later.append((obj, f.attname, (part.remap[f.name], value)))
            return
        target = target_of(part, f)
        if value is None:
            setattr(obj, f.attname, None)
        elif REGISTRY.people is not None and target == REGISTRY.people._meta.label:
            if value not in self.people:
                raise BundleError(f"{where}: '{f.name}' names {value}, who is not in people.json.")
            setattr(obj, f.attname, self.people[value])
        elif target in self.ids:
            setattr(obj, f.attname, self._id(target, value, where, f.name))
        else:
            setattr(obj, f.attname, None)
            self.later.append((obj, f.attname, (target, value, where, f.name)))

    def _id(self, target: str, value: Any, where: str, name: str) -> Any:
        try:
            return self.ids[target][value]
        except KeyError as exc:
            raise BundleError(
                f"{where}: '{name}' points at {target} {value}, not in the file."
            ) from exc

    def lookup(self, label: str, value: Any) -> Any:
        if REGISTRY.people is not None and label == REGISTRY.people._meta.label:
            return self.people.get(value)
        return self.ids.get(label, {}).get(value)

    def finish(self) -> None:
        """References to rows made after their own, and JSON ids, once every row exists."""
        changed: dict[type[models.Model], tuple[list[models.Model], set[str]]] = {}
        for obj, attname, pending in self.later:
            value = (
                pending[0](pending[1], self.lookup) if callable(pending[0]) else self._id(*pending)
            )
            setattr(obj, attname, value)
            objs, names = changed.setdefault(type(obj), ([], set()))
            objs.append(obj)
            names.add(attname)
        for model, (objs, names) in changed.items():
            unique = list({id(o): o for o in objs}.values())
            model._base_manager.bulk_update(unique, sorted(names), batch_size=500)

    def link(self, part: Part, rows: list[tuple[dict[str, Any], models.Model]]) -> None:
        for f in part.model._meta.local_many_to_many:
            through: Any = f.remote_field.through  # type: ignore[union-attr]
            label = related_label(f)
            links = [
                through(
                    **{f.m2m_column_name(): obj.pk, f.m2m_reverse_name(): self.lookup(label, ref)}
                )
                for record, obj in rows
                for ref in record.get(f.name, [])
            ]
            through._base_manager.bulk_create(links, batch_size=500)


def _fresh_keys(model: type[models.Model], objs: list[models.Model]) -> None:
    """Keys made by a default (random UUIDs), sorted so the rows keep the file's order."""
    pk = model._meta.pk
    if pk is None or isinstance(pk, models.AutoField | models.CompositePrimaryKey):
        return
    if pk.has_default():
        for obj, key in zip(objs, sorted(pk.get_default() for _ in objs), strict=True):
            obj.pk = key
