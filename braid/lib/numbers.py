"""Numbers read as people write them, in their language.

Two ways of writing a number are known:

- *point*: "1,234.5" or "1 234.5" (English): the point is the decimal mark, commas or spaces
  group the thousands;
- *comma*: "1 234,5" (French): the comma is the decimal mark, spaces (ordinary, no-break or
  narrow no-break) group the thousands; "1.234,5" is read too.

A text is read first by the reader's own way (strictly: in French, only spaces group). If that
fails, it is read by both ways: when exactly one number comes out ("12,5" in an English form,
"1.5" in a French one) that is the number; when two different numbers come out ("1.500" in
French: 1.5 or 1500) the text is refused with both readings, so the person can say which.
Nothing is guessed. `nan`, `inf` and numbers too large to add up safely are refused.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

DecimalMark = Literal["point", "comma"]
DECIMAL_MARKS: tuple[DecimalMark, ...] = ("point", "comma")
LARGEST = 1e15  # beyond this a figure is a typing or unit error, and sums lose their units
SPACES = " \u00a0\u202f\u2009"

# Why a text is not a number (the caller words the message in the reader's language).
EMPTY = "empty"
NOT_A_NUMBER = "not_a_number"
AMBIGUOUS = "ambiguous"
TOO_LARGE = "too_large"

_SCIENTIFIC = re.compile(r"(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+")
_SIGNS = {"-": -1.0, "\u2212": -1.0, "+": 1.0}


class NumberError(ValueError):
    """`reason` says why (EMPTY, NOT_A_NUMBER, AMBIGUOUS, TOO_LARGE); `readings` holds, for an
    ambiguous text, the numbers it may mean, smallest first."""

    def __init__(self, reason: str, text: str, readings: tuple[float, ...] = ()) -> None:
        super().__init__(f"{reason}: {text!r}")
        self.reason, self.text, self.readings = reason, text, readings


@dataclass(frozen=True)
class _Way:
    decimal: str
    groups: str  # characters that may separate groups of three digits


_POINT = _Way(".", "," + SPACES)
_COMMA = _Way(",", "." + SPACES)
_STRICT: dict[str, _Way] = {"point": _POINT, "comma": _Way(",", SPACES)}


def parse_number(text: str, *, decimal: DecimalMark) -> float:
    """The number `text` means for someone who writes decimals with a `decimal` mark; raises
    NumberError."""
    body = text.strip()
    if not body:
        raise NumberError(EMPTY, text)
    sign = _SIGNS.get(body[0])
    if sign is not None:
        body = body[1:].lstrip()
    number = _read(body, text, decimal)
    if not math.isfinite(number) or abs(number) > LARGEST:
        raise NumberError(TOO_LARGE, text)
    return (sign or 1.0) * number


def _read(body: str, text: str, decimal: DecimalMark) -> float:
    if body.lower() in ("inf", "infinity", "∞"):
        raise NumberError(TOO_LARGE, text)
    if _SCIENTIFIC.fullmatch(body):
        return float(body)
    strict = _by_way(body, _STRICT[decimal])
    if strict is not None:
        return strict
    readings = {r for r in (_by_way(body, _POINT), _by_way(body, _COMMA)) if r is not None}
    if len(readings) == 1:
        return readings.pop()
    if readings:
        raise NumberError(AMBIGUOUS, text, tuple(sorted(readings)))
    raise NumberError(NOT_A_NUMBER, text)


def _by_way(body: str, way: _Way) -> float | None:
    """`body` (no sign) read one way, or None when that way cannot read it."""
    whole, mark, fraction = body.partition(way.decimal)
    if mark and not (fraction.isdecimal() and fraction.isascii()):
        return None
    if not whole and mark:
        whole = "0"  # ".5"
    digits = _ungrouped(whole, way.groups)
    if digits is None:
        return None
    return float(f"{digits}.{fraction}" if mark else digits)


def _ungrouped(whole: str, groups: str) -> str | None:
    """The digits of `whole`, written plainly or in groups of three ("1 234 567")."""
    if whole.isdecimal() and whole.isascii():
        return whole
    used = {c for c in whole if c in groups}
    # Every kind of space counts as one separator.
    kinds = {" " if c in SPACES else c for c in used}
    if len(kinds) != 1:
        return None
    parts = re.split(f"[{re.escape(''.join(used))}]", whole)
    first, rest = parts[0], parts[1:]
    if not (1 <= len(first) <= 3 and first[0] != "0") or any(len(p) != 3 for p in rest):
        return None
    digits = "".join(parts)
    return digits if digits.isdecimal() and digits.isascii() else None


def plain_reader(decimal: DecimalMark, *, whole: bool) -> Callable[[str], float]:
    """A reader for the plainest texts only, for a bulk import's million cells: ASCII digits
    (at most 15), and unless `whole` one `decimal` mark between digits. It returns what
    `parse_number` returns for them (an int for a whole count) and raises ValueError for any
    other text, which the caller then reads the careful way. Python's own int() and float()
    would take "1_000", " 12 ", "١٢" or 20 digits, which a person's form refuses."""
    mark = "." if decimal == "point" else ","

    def read_whole(text: str) -> float:
        if text.isdigit() and text.isascii() and len(text) <= 15:
            return int(text)
        raise ValueError(text)

    def read(text: str) -> float:
        head, found, tail = text.partition(mark)
        if (
            head.isdigit()
            and head.isascii()
            and len(head) <= 15
            and (not found or (tail.isdigit() and tail.isascii()))
        ):
            return float(f"{head}.{tail}" if found else head)
        raise ValueError(text)

    return read_whole if whole else read


def write_number(number: float, *, decimal: DecimalMark) -> str:
    """`number` written plainly (no grouping) with the `decimal` mark: what to type instead."""
    text = f"{number:.15g}" if "e" not in repr(number) else repr(number)
    if "e" not in text and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if decimal == "comma" else text


def detect_decimal(cells: Iterable[str], *, default: DecimalMark) -> DecimalMark:
    """The decimal mark a file's numbers use, from a sample of its cells: a cell only one way
    can read ("12,5", "1.5") is evidence; cells either way reads alike ("1 500", "12") or
    differently ("1,500") are not. With no evidence, or evidence both ways, `default`."""
    seen: set[DecimalMark] = set()
    for cell in cells:
        body = cell.strip().lstrip("-+\u2212")
        if not body or _SCIENTIFIC.fullmatch(body):
            continue
        point, comma = _by_way(body, _POINT), _by_way(body, _COMMA)
        if point is not None and comma is None:
            seen.add("point")
        elif comma is not None and point is None:
            seen.add("comma")
        if len(seen) == 2:
            return default
    return seen.pop() if len(seen) == 1 else default
