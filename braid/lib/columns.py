"""Recognising the columns and the choice values of the files people bring.

Pure (no Django). A header is recognised in English, in French or in the bilingual form people
write ("Nom / Name", "Courriel | E-mail"), case, accents, punctuation and `_`/`-`/space aside.
A choice value (a sector, a status, a language) matches a code or any label of it in either
language the same way; a near miss is not taken but offered as a suggestion.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# The separators of a bilingual header: "Nom / Name", "Nom | Name", "Nom - Name" (spaced).
_BILINGUAL = re.compile(r"\s*[/|]\s*|\s+[-–—]\s+|\s*\n\s*")
_STOP = {"the", "of", "and", "le", "la", "les", "l", "de", "du", "des", "d", "et", "en", "a"}


def fold(text: str) -> str:
    """Lower case, no accents, words separated by one space (`_`, `-`, `'` are separators)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _keys(text: str) -> set[str]:
    """The folded forms one written name is known by: whole, and without little words."""
    whole = fold(text)
    if not whole:
        return set()
    short = " ".join(w for w in whole.split() if w not in _STOP)
    return {whole, short} - {""}


def _parts(header: str) -> list[str]:
    parts = [p for p in _BILINGUAL.split(header) if p.strip()]
    return [header, *parts] if len(parts) > 1 else [header]


def build_index(aliases: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """folded alias → field, from {field: [names it goes by]} (the field's own name included)."""
    index: dict[str, str] = {}
    for field_name, names in aliases.items():
        for name in [field_name, *names]:
            for key in _keys(str(name)):
                index.setdefault(key, field_name)
    return index


def suggest_mapping(headers: Sequence[str], aliases: Mapping[str, Iterable[str]]) -> list[str]:
    """For each header, the field it most probably is, or "" when none is recognised. A field
    is given to the first header that claims it; a later one gets ""."""
    index = build_index(aliases)
    taken: set[str] = set()
    result = []
    for header in headers:
        found = ""
        for part in _parts(header):
            for key in sorted(_keys(part), key=len, reverse=True):
                if key in index and index[key] not in taken:
                    found = index[key]
                    break
            if found:
                break
        if found:
            taken.add(found)
        result.append(found)
    return result


@dataclass(frozen=True)
class ChoiceMatch:
    code: str | None
    suggestion: str | None = None


def match_choice(value: str, options: Mapping[str, Iterable[str]]) -> ChoiceMatch:
    """The code `value` stands for among {code: [labels and synonyms]} (codes match themselves),
    or no code and the nearest option's code as a suggestion (None when nothing is close)."""
    if not value.strip():
        return ChoiceMatch(None)
    index = build_index(options)
    for part in _parts(value):
        for key in _keys(part):
            if key in index:
                return ChoiceMatch(index[key])
    near = difflib.get_close_matches(fold(value), list(index), n=1, cutoff=0.75)
    return ChoiceMatch(None, index[near[0]] if near else None)


def override_mapping(
    headers: Sequence[str], fields: Sequence[str], given: Sequence[str], known: Sequence[str]
) -> list[str]:
    """`fields` (the field of each header, "" for none) corrected by `COLUMN=FIELD` items (the
    command line's `--map`; FIELD "-" leaves the column out). A column or a field that does not
    exist raises ValueError naming the ones that do."""
    fields = list(fields)
    for item in given:
        column, sep, target = item.partition("=")
        target = target.strip()
        matches = [i for i, h in enumerate(headers) if fold(h) == fold(column)]
        if not sep or not matches:
            raise ValueError(
                f"--map {item}: the file has no column “{column}”. Its columns: "
                + ", ".join(f"“{h}”" for h in headers)
                + "."
            )
        if target not in (*known, "-", ""):
            raise ValueError(
                f"--map {item}: “{target}” is not a field Braid reads; use one of "
                + ", ".join(known)
                + " (or - to leave the column out)."
            )
        field_name = "" if target in ("-", "") else target
        fields = ["" if field_name and f == field_name else f for f in fields]
        fields[matches[0]] = field_name
    return fields
