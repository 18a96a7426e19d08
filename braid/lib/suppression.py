"""Small-cell suppression with complementary suppression (INSTRUMENTS.md §5, DESIGN "Privacy").

A count with 0 < value < threshold is hidden and shown as "< 5" (primary suppression). True
zeros stay visible: published statistics show them, and a zero reveals no one.

A hidden count can be recovered by subtraction from any total it belongs to, when it is the
only hidden entry of that line. So, wherever a line has exactly one hidden entry, one more is
hidden and shown as "—" (complementary suppression): the smallest other non-zero visible count
of the line (a zero would not do: once zeros are known to be shown, a hidden zero beside a
small count still gives the count away), or, when the line has no such count, the line's total
itself. Hiding one entry can leave another line with a single hidden entry, so this repeats
until no line has exactly one.

For a table, the lines are the rows (with their row total), the columns (with their column
total), and the margins themselves: the row totals with the grand total, and the column totals
with the grand total (the grand total is taken as shown whenever a margin is shown, since it is
the sum of either margin). This is the standard "at least two per line" heuristic, not a full
linear-programming audit.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

Reason = Literal["", "small", "complementary"]
R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)
K = TypeVar("K", bound=Hashable)
E = TypeVar("E", bound=Hashable)

DEFAULT_THRESHOLD = 5


@dataclass(frozen=True)
class Cell:
    """A count as it may be shown: a suppressed cell never carries its value."""

    value: float | None
    suppressed: bool = False
    reason: Reason = ""

    def __post_init__(self) -> None:
        if self.suppressed != bool(self.reason):
            raise ValueError("a suppressed cell needs a reason, and only a suppressed cell")
        if self.suppressed and self.value is not None:
            raise ValueError("a suppressed cell must not carry its value")


VISIBLE_NONE = Cell(None)


def hidden(reason: Reason) -> Cell:
    return Cell(None, True, reason)


def is_small(value: float | None, threshold: float = DEFAULT_THRESHOLD) -> bool:
    return value is not None and 0 < value < threshold


@dataclass(frozen=True)
class _Line(Generic[E]):
    """Entries bound by one shown total: `members` add up to `total`."""

    members: list[E]
    total: E | None


def _complement(
    line: _Line[E], values: Mapping[E, float], order: Mapping[E, int], reasons: dict[E, Reason]
) -> E | None:
    """The entry to hide beside the single hidden one: the smallest non-zero visible member,
    else the line's total; None when nothing is left to hide."""
    visible = [m for m in line.members if not reasons[m] and values[m] > 0]
    if visible:
        return min(visible, key=lambda m: (values[m], order[m]))
    if line.total is not None and not reasons[line.total]:
        return line.total
    return None


def _protect(lines: list[_Line[E]], values: Mapping[E, float], reasons: dict[E, Reason]) -> None:
    """Hide complements until no line has exactly one hidden entry (mutates `reasons`).

    Terminates: every pass that changes something hides one more of finitely many entries.
    """
    order = {entry: i for i, entry in enumerate(values)}
    changed = True
    while changed:
        changed = False
        for line in lines:
            entries = [*line.members, *([line.total] if line.total is not None else [])]
            if sum(1 for e in entries if reasons[e]) != 1:
                continue
            partner = _complement(line, values, order, reasons)
            if partner is not None:
                reasons[partner] = "complementary"
                changed = True


@dataclass(frozen=True, eq=False)
class SuppressedTable(Mapping[tuple[R, C], Cell]):
    """The cells of a suppressed table (a mapping like the input) and the totals to hide."""

    cells: dict[tuple[R, C], Cell]
    hidden_row_totals: set[R] = field(default_factory=set)
    hidden_col_totals: set[C] = field(default_factory=set)
    hidden_grand_total: bool = False
    row_totals: dict[R, float] = field(default_factory=dict)
    col_totals: dict[C, float] = field(default_factory=dict)

    def __getitem__(self, key: tuple[R, C]) -> Cell:
        return self.cells[key]

    def __iter__(self) -> Iterator[tuple[R, C]]:
        return iter(self.cells)

    def __len__(self) -> int:
        return len(self.cells)

    def row_total(self, row: R) -> Cell:
        return _total_cell(self.row_totals[row], row in self.hidden_row_totals)

    def col_total(self, col: C) -> Cell:
        return _total_cell(self.col_totals[col], col in self.hidden_col_totals)

    def grand_total(self) -> Cell:
        return _total_cell(sum(self.row_totals.values()), self.hidden_grand_total)


def _total_cell(value: float, is_hidden: bool) -> Cell:
    return hidden("complementary") if is_hidden else Cell(value)


Entry = tuple[str, Hashable]  # ("cell", (r, c)), ("row", r), ("col", c) or ("grand", None)
GRAND: Entry = ("grand", None)


def _margins(
    present: Mapping[tuple[R, C], float],
) -> tuple[dict[R, float], dict[C, float], dict[R, list[Entry]], dict[C, list[Entry]]]:
    """Row and column totals, and each row's and column's cell entries."""
    row_totals: dict[R, float] = {}
    col_totals: dict[C, float] = {}
    row_cells: dict[R, list[Entry]] = {}
    col_cells: dict[C, list[Entry]] = {}
    for (r, c), v in present.items():
        row_totals[r] = row_totals.get(r, 0.0) + v
        col_totals[c] = col_totals.get(c, 0.0) + v
        row_cells.setdefault(r, []).append(("cell", (r, c)))
        col_cells.setdefault(c, []).append(("cell", (r, c)))
    return row_totals, col_totals, row_cells, col_cells


def _margin_lines(
    kind: str, totals: Mapping[K, float], cells: Mapping[K, list[Entry]]
) -> list[_Line[Entry]]:
    """Each row (or column) with its total, and all those totals with the grand total."""
    lines = [_Line(cells[key], (kind, key)) for key in totals]
    lines.append(_Line([(kind, key) for key in totals], GRAND))
    return lines


def suppress_table(
    cells: Mapping[tuple[R, C], float | None],
    threshold: float = DEFAULT_THRESHOLD,
    *,
    row_totals_shown: bool = True,
    col_totals_shown: bool = True,
) -> SuppressedTable[R, C]:
    """Suppress a rows × columns table of counts keyed (row, column).

    None marks an empty cell: it is no count, takes no part in any total and stays None.
    """
    present = {k: float(v) for k, v in cells.items() if v is not None}
    row_totals, col_totals, row_cells, col_cells = _margins(present)
    values: dict[Entry, float] = {("cell", k): v for k, v in present.items()}
    values.update({("row", r): v for r, v in row_totals.items()})
    values.update({("col", c): v for c, v in col_totals.items()})
    values[GRAND] = sum(row_totals.values())
    reasons: dict[Entry, Reason] = dict.fromkeys(values, "")
    reasons.update({("cell", k): "small" for k, v in present.items() if is_small(v, threshold)})
    lines: list[_Line[Entry]] = []
    if row_totals_shown:
        lines += _margin_lines("row", row_totals, row_cells)
    if col_totals_shown:
        lines += _margin_lines("col", col_totals, col_cells)
    _protect(lines, values, reasons)
    return SuppressedTable(
        cells={k: _cell(v, reasons.get(("cell", k), "")) for k, v in cells.items()},
        hidden_row_totals={r for r in row_totals if reasons[("row", r)]},
        hidden_col_totals={c for c in col_totals if reasons[("col", c)]},
        hidden_grand_total=bool(reasons[GRAND]),
        row_totals=row_totals,
        col_totals=col_totals,
    )


def _cell(value: float | None, reason: Reason) -> Cell:
    return hidden(reason) if reason else Cell(value)


def suppress_series(
    values: Mapping[K, float | None],
    threshold: float = DEFAULT_THRESHOLD,
    total_shown: bool = True,
) -> dict[K, Cell]:
    """One line of counts (for example each partner's count for one period) beside its total.

    Primary suppression, plus one complement when exactly one count is hidden and the total is
    shown. When no non-zero count is left to pair with, the total is the small count itself:
    show it through `display(total, threshold)`, which hides it.
    """
    present = {k: float(v) for k, v in values.items() if v is not None}
    reasons: dict[K, Reason] = {
        k: ("small" if is_small(v, threshold) else "") for k, v in present.items()
    }
    if total_shown:
        _protect([_Line(list(present), None)], present, reasons)
    return {k: _cell(v, reasons.get(k, "")) for k, v in values.items()}


def suppress_lines(
    values: Mapping[E, float | None],
    lines: Sequence[tuple[Sequence[E], E | None]],
    threshold: float = DEFAULT_THRESHOLD,
) -> dict[E, Cell]:
    """Suppress entries bound by any set of lines: each line is (members, total), the members
    adding up to the total entry, or, with `None` for the total, to a sum shown elsewhere.

    The general form behind a series and a table, for shapes that are neither (one period's
    figures by organisation and by group: each group's parts with the organisation's total,
    and each column across organisations). None marks an empty entry, in no line.
    """
    present = {k: float(v) for k, v in values.items() if v is not None}
    reasons: dict[E, Reason] = {
        k: ("small" if is_small(v, threshold) else "") for k, v in present.items()
    }
    kept = [
        _Line(
            [m for m in members if m in present],
            total if total is not None and total in present else None,
        )
        for members, total in lines
    ]
    _protect(kept, present, reasons)
    return {k: _cell(v, reasons.get(k, "")) for k, v in values.items()}


def display(
    value_or_cell: Cell | float | None, threshold: float = DEFAULT_THRESHOLD, decimals: int = 0
) -> str:
    """The text shown for a count: "< 5" for a small count, "—" for a complement, "" if empty.

    A bare number is suppressed here if it is small, so a total or a figure that did not go
    through `suppress_table` is never shown below the threshold by accident.
    """
    cell = value_or_cell
    if not isinstance(cell, Cell):
        cell = hidden("small") if is_small(cell, threshold) else Cell(cell)
    if cell.reason == "small":
        return f"< {threshold:g}"
    if cell.reason == "complementary":
        return "—"
    if cell.value is None:
        return ""
    return f"{cell.value:,.{decimals}f}"
