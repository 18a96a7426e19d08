"""Reading and checking an instrument file (`definitions` holds what it becomes): `parse`
returns the instrument, or every problem in the file at once, each with its JSON path and what
to do about it. The CLI (`braid instruments load|check FILE`), the service and Braid's own
files use this one parser (ADR 0010)."""

from __future__ import annotations

import json
from typing import Any

from braid.core.errors import FieldProblem
from braid.surveys.definitions import (
    DIMENSIONS,
    KEY,
    KINDS,
    LANGUAGES,
    VALUE_DIMENSIONS,
    Band,
    Dimension,
    Factor,
    Instrument,
    Item,
    Scale,
    Section,
    Text,
)


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
