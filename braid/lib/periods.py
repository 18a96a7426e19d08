"""Reporting periods as people write them, read as Braid's period codes.

Pure (no Django). Braid's codes are `2026-03` (a month), `2026-Q1` (a quarter), `2026` (a
year) and `2025-26` (a school year). People also write "Q1 2026", "T1 2026" (trimestre),
"2026 T1", "January 2026", "janv. 2026", "03/2026", "FY2026", "2025/2026"... `candidates`
gives every code a text may stand for; the caller keeps those that are periods of its
collaborative and refuses a text that still stands for more than one, or for none.
"""

from __future__ import annotations

import re

from braid.lib.columns import fold

MONTHS = (
    ("january", "janvier"),
    ("february", "fevrier"),
    ("march", "mars"),
    ("april", "avril"),
    ("may", "mai"),
    ("june", "juin"),
    ("july", "juillet"),
    ("august", "aout"),
    ("september", "septembre"),
    ("october", "octobre"),
    ("november", "novembre"),
    ("december", "decembre"),
)
_YEAR = r"((?:19|20|21)\d\d)"
_QUARTER_WORD = r"(?:q|t|qtr|trim|trimestre|quarter)"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"{_YEAR} (?:{_QUARTER_WORD}) ?([1-4])"), "quarter"),
    (re.compile(rf"(?:{_QUARTER_WORD}) ?([1-4]) {_YEAR}"), "quarter_first"),
    (re.compile(rf"{_YEAR} (0?[1-9]|1[0-2])"), "month"),
    (re.compile(rf"(0?[1-9]|1[0-2]) {_YEAR}"), "month_first"),
    (re.compile(rf"(?:fy|af|ef|exercice) ?{_YEAR}|{_YEAR} ?(?:fy|af)"), "fiscal"),
    (re.compile(rf"{_YEAR} (\d\d|\d{{4}})"), "span"),
    (re.compile(_YEAR), "year"),
]


def month_number(word: str) -> int | None:
    """The month a word names, in English or French, whole or cut short ("janv", "Sept");
    None when it names none, or several ("ju")."""
    word = fold(word).rstrip(".")
    if len(word) < 3:
        return None
    found = {n for n, names in enumerate(MONTHS, 1) for name in names if name.startswith(word)}
    return found.pop() if len(found) == 1 else None


def _school(first: int) -> str:
    return f"{first}-{(first + 1) % 100:02d}"


def _month_words(text: str) -> str | None:
    """ "janv. 2026", "2026 January" as "2026 1"; None when there is no month word."""
    words = text.split()
    for i, word in enumerate(words):
        if not word.isdigit():
            month = month_number(word)
            if month is None:
                return None
            rest = [w for j, w in enumerate(words) if j != i]
            return " ".join([*rest, f"{month:02d}"]) if len(rest) == 1 else None
    return None


def candidates(text: str) -> list[str]:
    """Every period code `text` may stand for, most likely first; [] when it reads as none."""
    folded = fold(text)
    if not folded:
        return []
    folded = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", folded)
    named = _month_words(folded)
    if named is not None:
        folded = named
    for pattern, kind in _PATTERNS:
        m = pattern.fullmatch(folded)
        if m:
            return _codes(kind, [g for g in m.groups() if g is not None])
    return []


def _codes(kind: str, parts: list[str]) -> list[str]:
    if kind in ("quarter", "quarter_first"):
        year, quarter = parts if kind == "quarter" else parts[::-1]
        return [f"{year}-Q{quarter}"]
    if kind in ("month", "month_first"):
        year, month = parts if kind == "month" else parts[::-1]
        # "2026-1" may be January or the first quarter; "2026-01" is a month.
        codes = [f"{year}-{int(month):02d}"]
        short = kind == "month" and len(month) == 1 and int(month) <= 4
        return [*codes, f"{year}-Q{month}"] if short else codes
    if kind == "fiscal":  # a fiscal year is named by the year it ends in
        ends = int(parts[0])
        return [str(ends), _school(ends - 1)]
    if kind == "span":
        first, second = int(parts[0]), int(parts[1])
        return [_school(first)] if second % 100 == (first + 1) % 100 else []
    return [parts[0]]
