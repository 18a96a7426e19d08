"""Small-cell suppression with complementary suppression (INSTRUMENTS.md §5, DESIGN "Privacy").

A count below the threshold is hidden ("< 5"). Wherever a row or column that shows its total
would then have exactly one hidden cell, that cell could be recovered by subtraction, so the
smallest other visible cell of that line is hidden too ("—"); this repeats until no line has a
single hidden cell. True zeros stay visible: they reveal no one.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

Key = tuple[Hashable, Hashable]


@dataclass(frozen=True)
class Cell:
    value: float | None
    reason: str = ""  # "", "small" or "complementary"

    @property
    def suppressed(self) -> bool:
        return bool(self.reason)


def _is_small(value: float | None, threshold: float) -> bool:
    return value is not None and 0 < value < threshold


def _lines(cells: Mapping[Key, float | None]) -> list[list[Key]]:
    rows: dict[Hashable, list[Key]] = {}
    cols: dict[Hashable, list[Key]] = {}
    for key in cells:
        rows.setdefault(key[0], []).append(key)
        cols.setdefault(key[1], []).append(key)
    return list(rows.values()) + list(cols.values())


def suppress_table(cells: Mapping[Key, float | None], threshold: float = 5) -> dict[Key, Cell]:
    """Suppress a rows × columns table of counts whose row and column totals are shown."""
    reasons = {k: ("small" if _is_small(v, threshold) else "") for k, v in cells.items()}
    lines = _lines(cells)
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [k for k in line if reasons[k]]
            if len(hidden) != 1:
                continue
            # a zero as complement would still give the hidden count away
            candidates = [k for k in line if not reasons[k] and (cells[k] or 0) > 0]
            if not candidates:
                continue
            partner = min(candidates, key=lambda k: (cells[k], str(k)))
            reasons[partner] = "complementary"
            changed = True
    return {k: Cell(None if reasons[k] else v, reasons[k]) for k, v in cells.items()}


def suppress_series(
    values: Mapping[Hashable, float | None], threshold: float = 5, total_shown: bool = True
) -> dict[Hashable, Cell]:
    """One line of counts (for example partners for one period) beside its total."""
    table = (
        suppress_table({(k, "_"): v for k, v in values.items()}, threshold)
        if total_shown
        else {
            (k, "_"): Cell(
                None if _is_small(v, threshold) else v, "small" if _is_small(v, threshold) else ""
            )
            for k, v in values.items()
        }
    )
    # a single column has every cell in one line: suppress_table pairs the hidden one
    return {k: table[(k, "_")] for k in values}


def display(cell: Cell, threshold: float = 5, decimals: int = 0) -> str:
    if cell.reason == "small":
        return f"< {threshold:g}"
    if cell.reason == "complementary":
        return "—"
    if cell.value is None:
        return ""
    return f"{cell.value:,.{decimals}f}"
