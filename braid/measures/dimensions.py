"""What a reader sees for an indicator's dimensions and groups: one reader, as ADR 0015's
`pick`, so every page, report and export names them the same way.

The codes (`Indicator.disaggregations`: {"sex": ["girls", "boys"]}, stored values keyed
"sex=girls") are keys of uploads and the API and never change with the language. Their names
live in `Indicator.disaggregation_labels`, keyed by the dimension ("sex") or the value key
("sex=girls"), each {"en": ..., "fr": ...}. A reader gets their language's name, else the
other's (marked, as `pick` marks it), else the code itself."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from braid.core.bilingual import LANGUAGES, Shown, pick, reader_language

LABEL_LENGTH = 80


def key(dim: str, group: str | None = None) -> str:
    """The labels' key of a dimension ("sex") or of one of its groups ("sex=girls")."""
    return dim if group is None else f"{dim}={group}"


def names(indicator: Any, dim: str, group: str | None = None) -> dict[str, str]:
    """The names as written, by language ("" where none is): for files that carry both
    languages side by side (open data), as `name` and `name_fr` are."""
    found = (getattr(indicator, "disaggregation_labels", None) or {}).get(key(dim, group))
    found = found if isinstance(found, Mapping) else {}
    return {lang: str(found.get(lang) or "") for lang in LANGUAGES}


def label(indicator: Any, dim: str, group: str | None = None, lang: str | None = None) -> Shown:
    """The name of a dimension (or, with `group`, of one of its groups) in the reader's
    language, else in the other language (marked as a fallback), else its code."""
    written = names(indicator, dim, group)
    shown = pick({"x": written["en"], "x_fr": written["fr"]}, "x", lang)
    if shown:
        return shown
    return Shown(group if group is not None else dim, reader_language(lang), False)


def declared_keys(dims: Mapping[str, list[str]] | None) -> list[str]:
    """Every key a label may have: each dimension, then each of its groups."""
    out: list[str] = []
    for dim, groups in (dims or {}).items():
        out.append(key(dim))
        out += [key(dim, g) for g in groups or []]
    return out


def clean_labels(labels: Any) -> Any:
    """Labels with their texts stripped and empty ones left out (an empty name is no name);
    anything not shaped as labels is returned as it is, for the rules to refuse."""
    if not isinstance(labels, Mapping):
        return labels
    out: dict[str, Any] = {}
    for k, names in labels.items():
        if not isinstance(names, Mapping):
            out[k] = names
            continue
        kept = {
            lang: text.strip() if isinstance(text, str) else text
            for lang, text in names.items()
            if not (isinstance(text, str) and not text.strip()) and text is not None
        }
        if kept:
            out[str(k).strip()] = kept
    return out


def kept_labels(labels: Mapping[str, Any] | None, dims: Mapping[str, list[str]]) -> dict[str, Any]:
    """The labels of the keys `dims` still declares (a dropped group's name goes with it)."""
    keys = set(declared_keys(dims))
    return {k: v for k, v in (labels or {}).items() if k in keys}


def named_parts(
    indicator: Any, parts: Mapping[str, list[tuple[str, str, float | None]]]
) -> list[dict[str, Any]]:
    """`selectors.by_disaggregation`'s answer with every dimension and group named for the
    reader: [{"code", "name", "groups": [{"code", "name", "shown", "value"}]}]."""
    return [
        {
            "code": dim,
            "name": label(indicator, dim),
            "groups": [
                {"code": g, "name": label(indicator, dim, g), "shown": shown, "value": v}
                for g, shown, v in groups
            ],
        }
        for dim, groups in parts.items()
    ]
