"""Instrument definitions: data files with a version (`braid-factors@1`), never code
(INSTRUMENTS.md, "General rules"; ADR 0010).

A file holds an instrument's items, scale, item-to-factor map, bands and its wording in English
and French. `parse(text)` checks the whole file and reports every problem at once (a JSON path
and what to do about it); `builtin()` reads Braid's own instruments from
`braid/surveys/instruments/`. Nothing here touches the database: a collaborative's loaded
files live in `InstrumentFile` rows and are parsed with the same function.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import get_language

from braid.core.errors import FieldProblem

LANGUAGES = ("en", "fr")
KINDS = ("scale", "counts", "network")
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
BUILTIN_DIR = Path(__file__).resolve().parent / "instruments"
# The PARTNER tool's six dimensions: value is the mean of the first three, trust of the last.
DIMENSIONS = ("power", "involvement", "resources", "reliability", "mission", "openness")
VALUE_DIMENSIONS = ("power", "involvement", "resources")
TRUST_DIMENSIONS = ("reliability", "mission", "openness")


@dataclass(frozen=True)
class Text:
    """Wording in both languages; `str()` reads the active one."""

    en: str
    fr: str

    def __str__(self) -> str:
        return self.fr if (get_language() or "en").startswith("fr") else self.en


@dataclass(frozen=True)
class Scale:
    id: str
    min: int
    max: int
    labels: dict[int, Text]

    @property
    def points(self) -> list[int]:
        return list(range(self.min, self.max + 1))

    def label(self, value: int) -> str:
        return str(self.labels[value])


@dataclass(frozen=True)
class Band:
    key: str
    min: float
    label: Text


@dataclass(frozen=True)
class Item:
    key: str
    factor: str
    text: Text
    section: str


@dataclass(frozen=True)
class Factor:
    key: str
    category: str
    title: Text


@dataclass(frozen=True)
class Section:
    key: str
    title: Text
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Dimension:
    key: str
    group: str
    text: Text


@dataclass(frozen=True)
class Instrument:
    id: str
    version: int
    kind: str
    anonymous: bool
    title: Text
    intro: Text
    structure: str
    scale: Scale
    bands: tuple[Band, ...]
    categories: tuple[tuple[str, Text], ...]
    factors: tuple[Factor, ...]
    sections: tuple[Section, ...]
    dimensions: tuple[Dimension, ...] = ()
    dimension_scale: Scale | None = None
    flag_value: int | None = None
    flag_share: float | None = None
    builtin: bool = False
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def items(self) -> list[Item]:
        return [i for s in self.sections for i in s.items]

    @functools.cached_property
    def item_map(self) -> dict[str, Item]:
        return {i.key: i for i in self.items}

    @property
    def is_network(self) -> bool:
        return self.kind == "network"

    def band(self, score: float | None) -> Band | None:
        """The band of a score after rounding to one decimal (INSTRUMENTS §3: 3.95 → 4.0)."""
        if score is None or not self.bands:
            return None
        rounded = round_half_up(score, 1)
        for band in sorted(self.bands, key=lambda b: -b.min):
            if rounded >= band.min:
                return band
        return self.bands[-1]

    @functools.cached_property
    def _titles(self) -> tuple[dict[str, Text], dict[str, Text]]:
        return {f.key: f.title for f in self.factors}, dict(self.categories)

    def factor_title(self, key: str) -> str:
        title = self._titles[0].get(key)
        return str(title) if title is not None else key

    def category_title(self, key: str) -> str:
        title = self._titles[1].get(key)
        return str(title) if title is not None else key


def round_half_up(value: float, digits: int = 0) -> float:
    """Round as people do (3.95 → 4.0), not to even; floats are nudged by their own error."""
    from decimal import ROUND_HALF_UP, Decimal

    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


# Reading and checking a file -----------------------------------------------------------------


class _Check:
    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(FieldProblem(path or "file", message))

    def text(self, value: Any, path: str) -> Text:
        if not isinstance(value, dict):
            self.add(path, 'Give the wording as {"en": "...", "fr": "..."}.')
            return Text("", "")
        for lang in LANGUAGES:
            v = value.get(lang)
            if not isinstance(v, str) or not v.strip():
                self.add(f"{path}.{lang}", f"Missing the {lang.upper()} wording.")
        extra = sorted(set(value) - set(LANGUAGES))
        if extra:
            self.add(path, f"Only en and fr are read; remove {', '.join(extra)}.")
        return Text(str(value.get("en") or ""), str(value.get("fr") or ""))

    def key(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not KEY.match(value):
            self.add(path, "A key is 1–60 lower-case letters, digits, - or _ (e.g. shared_vision).")
            return str(value)
        return value

    def integer(self, value: Any, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, "Give a whole number.")
            return 0
        return value

    def scale(self, value: Any, path: str) -> Scale:
        if not isinstance(value, dict):
            self.add(path, 'Give the scale: {"id", "min", "max", "labels"}.')
            return Scale("", 1, 1, {})
        sid = self.key(value.get("id"), f"{path}.id")
        lo, hi = (
            self.integer(value.get("min"), f"{path}.min"),
            self.integer(value.get("max"), f"{path}.max"),
        )
        if hi <= lo:
            self.add(path, "The scale's max must be above its min.")
        elif hi - lo > 10:
            self.add(path, "A scale has at most 11 points.")
        raw = value.get("labels")
        labels: dict[int, Text] = {}
        if not isinstance(raw, dict):
            self.add(f"{path}.labels", 'Label every point of the scale: {"1": {"en", "fr"}, ...}.')
        elif hi > lo and hi - lo <= 10:
            for point in range(lo, hi + 1):
                if str(point) not in raw:
                    self.add(f"{path}.labels.{point}", f"Label the point {point}.")
                else:
                    labels[point] = self.text(raw[str(point)], f"{path}.labels.{point}")
            extra = sorted(set(raw) - {str(p) for p in range(lo, hi + 1)})
            if extra:
                self.add(f"{path}.labels", f"Points outside {lo}..{hi}: {', '.join(extra)}.")
        return Scale(sid, lo, hi, labels)


def parse(
    text: str | bytes, *, builtin: bool = False
) -> tuple[Instrument | None, list[FieldProblem]]:
    """Read an instrument file; every problem in it at once (none → the instrument)."""
    check = _Check()
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        return None, [FieldProblem("file", f"Not a JSON file: {exc}.")]
    if not isinstance(data, dict):
        return None, [FieldProblem("file", "The file must hold one JSON object.")]
    for name in ("id", "version", "kind", "title", "scale", "sections"):
        if name not in data:
            check.add(name, f"Missing “{name}”.")
    iid = check.key(data.get("id", ""), "id") if "id" in data else ""
    version = check.integer(data.get("version"), "version") if "version" in data else 0
    if "version" in data and version < 1:
        check.add("version", "The version is a whole number from 1.")
    kind = data.get("kind", "")
    if "kind" in data and kind not in KINDS:
        check.add("kind", f"The kind is one of {', '.join(KINDS)}.")
    anonymous = data.get("anonymous", kind != "network")
    if not isinstance(anonymous, bool):
        check.add("anonymous", "Give true or false.")
        anonymous = True
    if kind in ("scale", "counts") and not anonymous:
        check.add("anonymous", "Braid stores scale answers without the person: set true.")
    if kind == "network" and anonymous:
        check.add(
            "anonymous",
            "A network instrument's answers belong to the answering organisation: set false.",
        )
    title = check.text(data.get("title"), "title") if "title" in data else Text("", "")
    intro = check.text(data["intro"], "intro") if "intro" in data else Text("", "")
    scale = check.scale(data.get("scale"), "scale") if "scale" in data else Scale("", 1, 1, {})

    bands: list[Band] = []
    raw_bands = data.get("bands") or []
    if not isinstance(raw_bands, list):
        check.add("bands", "Give the bands as a list, or null for none.")
        raw_bands = []
    for n, b in enumerate(raw_bands):
        p = f"bands[{n}]"
        if not isinstance(b, dict):
            check.add(p, 'Each band is {"key", "min", "label"}.')
            continue
        lo = b.get("min")
        if isinstance(lo, bool) or not isinstance(lo, int | float):
            check.add(f"{p}.min", "Give the band's lowest score as a number.")
            lo = 0
        elif not scale.min <= lo <= scale.max:
            check.add(
                f"{p}.min",
                f"The band's lowest score must be on the scale ({scale.min}..{scale.max}).",
            )
        bands.append(
            Band(
                check.key(b.get("key"), f"{p}.key"),
                float(lo),
                check.text(b.get("label"), f"{p}.label"),
            )
        )
    mins = [b.min for b in bands]
    if len(set(mins)) != len(mins):
        check.add("bands", "Two bands start at the same score.")
    if bands and min(mins) > scale.min:
        check.add("bands", f"The lowest band must start at the scale's minimum ({scale.min}).")

    categories: list[tuple[str, Text]] = []
    for n, c in enumerate(data.get("categories") or []):
        if not isinstance(c, dict):
            check.add(f"categories[{n}]", 'Each category is {"key", "title"}.')
            continue
        categories.append(
            (
                check.key(c.get("key"), f"categories[{n}].key"),
                check.text(c.get("title"), f"categories[{n}].title"),
            )
        )
    category_keys = {k for k, _ in categories}

    factors: list[Factor] = []
    for n, f in enumerate(data.get("factors") or []):
        p = f"factors[{n}]"
        if not isinstance(f, dict):
            check.add(p, 'Each factor is {"key", "category", "title"}.')
            continue
        cat = f.get("category", "") or ""
        if cat and cat not in category_keys:
            check.add(f"{p}.category", f"Unknown category “{cat}”: add it to “categories”.")
        factors.append(
            Factor(
                check.key(f.get("key"), f"{p}.key"), cat, check.text(f.get("title"), f"{p}.title")
            )
        )
    factor_keys = [f.key for f in factors]
    for dup in sorted({k for k in factor_keys if factor_keys.count(k) > 1}):
        check.add("factors", f"The factor key “{dup}” is used twice.")

    sections: list[Section] = []
    seen_items: set[str] = set()
    per_factor: dict[str, int] = dict.fromkeys(factor_keys, 0)
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list):
        if "sections" in data:
            check.add("sections", "Give the sections (one page each) as a list.")
        raw_sections = []
    if kind in ("scale", "counts") and not raw_sections and "sections" in data:
        check.add("sections", "Add at least one section with items.")
    for n, s in enumerate(raw_sections):
        p = f"sections[{n}]"
        if not isinstance(s, dict):
            check.add(p, 'Each section is {"key", "title", "items"}.')
            continue
        skey = check.key(s.get("key"), f"{p}.key")
        items: list[Item] = []
        raw_items = s.get("items")
        if not isinstance(raw_items, list) or not raw_items:
            check.add(f"{p}.items", "A section needs at least one item.")
            raw_items = []
        for m, it in enumerate(raw_items):
            q = f"{p}.items[{m}]"
            if not isinstance(it, dict):
                check.add(q, 'Each item is {"key", "factor", "text"}.')
                continue
            ikey = check.key(it.get("key"), f"{q}.key")
            if ikey in seen_items:
                check.add(f"{q}.key", f"The item key “{ikey}” is used twice.")
            seen_items.add(ikey)
            fkey = it.get("factor")
            if fkey not in per_factor:
                check.add(f"{q}.factor", f"Unknown factor “{fkey}”: add it to “factors”.")
            else:
                per_factor[fkey] += 1
            items.append(Item(ikey, str(fkey), check.text(it.get("text"), f"{q}.text"), skey))
        sections.append(Section(skey, check.text(s.get("title"), f"{p}.title"), tuple(items)))
    for fkey, count in per_factor.items():
        if count == 0 and kind != "network":
            check.add("factors", f"The factor “{fkey}” has no item.")

    dimensions: list[Dimension] = []
    dimension_scale = None
    if kind == "network":
        dimension_scale = check.scale(data.get("dimension_scale"), "dimension_scale")
        raw_dims = data.get("dimensions")
        if not isinstance(raw_dims, list):
            check.add("dimensions", "List the six trust and value dimensions.")
            raw_dims = []
        for n, dm in enumerate(raw_dims):
            p = f"dimensions[{n}]"
            if not isinstance(dm, dict):
                check.add(p, 'Each dimension is {"key", "group", "text"}.')
                continue
            dimensions.append(
                Dimension(
                    str(dm.get("key")),
                    str(dm.get("group")),
                    check.text(dm.get("text"), f"{p}.text"),
                )
            )
        keys = tuple(d.key for d in dimensions)
        if raw_dims and sorted(keys) != sorted(DIMENSIONS):
            check.add(
                "dimensions",
                "Trust and value are scored only when the six items are asked as given: "
                f"{', '.join(DIMENSIONS)}.",
            )
        for d in dimensions:
            want = "value" if d.key in VALUE_DIMENSIONS else "trust"
            if d.key in DIMENSIONS and d.group != want:
                check.add("dimensions", f"“{d.key}” belongs to {want}.")
        if scale.min != 0:
            check.add("scale.min", "Levels of collaboration start at 0 (no contact).")

    flag_value = flag_share = None
    if kind == "counts":
        flag = data.get("flag") or {}
        flag_value, flag_share = flag.get("value"), flag.get("share")
        if flag_value not in scale.labels:
            check.add("flag.value", "Name the scale point to flag (e.g. 1 for weak).")
        if (
            isinstance(flag_share, bool)
            or not isinstance(flag_share, int | float)
            or not 0 < flag_share <= 1
        ):
            check.add(
                "flag.share", "Give the share that flags an item, between 0 and 1 (e.g. 0.25)."
            )
            flag_share = None

    if check.problems:
        return None, check.problems
    return Instrument(
        id=iid,
        version=version,
        kind=kind,
        anonymous=anonymous,
        title=title,
        intro=intro,
        structure=str(data.get("structure", "")),
        scale=scale,
        bands=tuple(bands),
        categories=tuple(categories),
        factors=tuple(factors),
        sections=tuple(sections),
        dimensions=tuple(dimensions),
        dimension_scale=dimension_scale,
        flag_value=flag_value,
        flag_share=float(flag_share) if flag_share is not None else None,
        builtin=builtin,
        raw=data,
    ), []


@functools.cache
def builtin() -> dict[str, Instrument]:
    """Braid's own instruments by ref (`braid-factors@1`)."""
    found: dict[str, Instrument] = {}
    for path in sorted(BUILTIN_DIR.glob("*.json")):
        instrument, problems = parse(path.read_text(encoding="utf-8"), builtin=True)
        if instrument is None:
            raise ValueError(f"{path.name}: {problems}")
        found[instrument.ref] = instrument
    return found


def split_ref(ref: str) -> tuple[str, int]:
    key, _, version = ref.partition("@")
    return key, int(version) if version.isdigit() else 0
