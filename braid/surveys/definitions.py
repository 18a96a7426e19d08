"""Instrument definitions: data files with a version (`braid-factors@1`), never code
(INSTRUMENTS.md, "General rules"; ADR 0010).

A file holds an instrument's items, scale, item-to-factor map, bands and its wording in English
and French. `parsing.parse(text)` checks the whole file and reports every problem at once (a
JSON path and what to do about it); `builtin()` reads Braid's own instruments from
`braid/surveys/instruments/`. Nothing here touches the database: a collaborative's loaded
files live in `InstrumentFile` rows and are parsed with the same function.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import get_language

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


@functools.cache
def builtin() -> dict[str, Instrument]:
    """Braid's own instruments by ref (`braid-factors@1`)."""
    found: dict[str, Instrument] = {}
    for path in sorted(BUILTIN_DIR.glob("*.json")):
        from braid.surveys.parsing import parse  # the parser builds this module's classes

        instrument, problems = parse(path.read_text(encoding="utf-8"), builtin=True)
        if instrument is None:
            raise ValueError(f"{path.name}: {problems}")
        found[instrument.ref] = instrument
    return found


def split_ref(ref: str) -> tuple[str, int]:
    key, _, version = ref.partition("@")
    return key, int(version) if version.isdigit() else 0
