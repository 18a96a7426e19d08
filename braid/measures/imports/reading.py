"""The hot loop: rows of text to resolved rows, in batches, with the one value rule
(`braid.measures.rules`) for every row the loop cannot take itself."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _

from braid.lib import gc_pause
from braid.lib.numbers import DecimalMark, plain_reader
from braid.measures.imports.columns import named
from braid.measures.imports.parsing import copy_text
from braid.measures.imports.result import ValueImportResult
from braid.measures.imports.writers import Fallback, Sink
from braid.measures.rules import COLUMNS, Lookups, ValueRules, bounds

BATCH = 20_000


WARN_LIMIT = 50_000  # outlier warnings are computed for files up to this many rows


def read_rows(
    sink: Sink,
    headers: list[str],
    numbered: Iterator[tuple[int, list[str]]],
    *,
    look: Lookups,
    organisation_id: int | None,
    decimal: DecimalMark,
    result: ValueImportResult,
    progress: Callable[[int], None] | None,
    give_up: bool,
    mapping: Sequence[str] | None = None,
) -> tuple[set[tuple[int, int]], list[Any] | None]:
    """Stream the rows into the sink; return the (organisation, period) pairs written and, for
    a file of at most WARN_LIMIT rows, the rows themselves (for the warnings). With `give_up`,
    the first problem raises `Fallback`.

    The loop is the hot path of a million-row file, so it is written flat: a row of a plain
    count whose codes were seen before, in range, whole (or of an indicator with decimals),
    assigned, and in a period still open to the organisation, is resolved with a few dictionary
    lookups and written; any other row goes to `ValueRules.check`, which names every problem."""
    headers = named(headers, mapping)  # the field each column is read as
    resolve = ValueRules(headers, look, organisation_id, decimal, result.add, escape=copy_text)
    missing = [c for c in ("indicator", "period") if c not in headers]
    if organisation_id is None and "organisation" not in headers:
        missing.append("organisation")
    plain = _plain_indicators(look, decimal) if "value" in headers else {}
    ix = resolve.index
    i_ind, i_per, i_val = ix.get("indicator", -1), ix.get("period", -1), ix.get("value", -1)
    i_org, i_key = ix.get("organisation", -1), ix.get("disaggregation", -1)
    i_num, i_den = ix.get("numerator", -1), ix.get("denominator", -1)
    orgs, keys_ok = resolve.orgs, resolve.keys_ok
    # Closed and submitted periods are left to the slow path, which reports them.
    periods = resolve.fast_periods()
    counts_only = i_num < 0 and i_den < 0
    postgres, lead, tail = sink.postgres, sink.lead, sink.tail
    staging = lead is None
    batch: list[Any] = []
    ratios: list[Any] = []
    pairs: set[tuple[int, int]] = set()
    kept: list[Any] | None = []
    rows = 0
    every = 10_000 if progress else 0
    with sink.streaming(allowed=progress is None), collector_paused():
        for number, cells in numbered:
            if missing:
                if any(cells):
                    result.add(
                        1,
                        missing[0],
                        "",
                        _("The file needs the columns: %(cols)s.") % {"cols": ", ".join(COLUMNS)},
                    )
                    if give_up:
                        raise Fallback
                    break
                continue
            try:
                indicator_id, low, high, reporters, read_value = plain[cells[i_ind]]
                org_id = orgs[cells[i_org]] if i_org >= 0 else organisation_id
                period_id = periods[cells[i_per]]
                value = read_value(cells[i_val])
                key = cells[i_key] if i_key >= 0 else ""
                staged_key = keys_ok[(indicator_id, key)] if key else ""
                if (
                    org_id is None
                    or not low <= value <= high  # NaN fails both comparisons
                    or org_id not in reporters
                    # A count row keeps a numerator or denominator written beside its value.
                    or not (counts_only or _no_ratio(cells, i_num, i_den))
                ):
                    raise KeyError
            except (KeyError, IndexError, ValueError):
                if not any(cells):
                    continue
                row = resolve.check(number, cells)
                if give_up and result.problem_count:
                    raise Fallback from None
                if row is None:
                    rows += 1
                    if every and rows % every == 0:
                        result.rows = rows
                        progress(rows)  # type: ignore[misc]
                    continue
                pairs.add((row[2], row[3]))
                if kept is not None:
                    kept.append(row[:6])
                if postgres:
                    batch.append(
                        "\t".join(map(copy_text, (number if lead is None else lead, *row[1:])))
                        + tail
                    )
                elif staging:
                    batch.append(row)
                elif row[6] is None and row[7] is None:
                    batch.append(row[1:6])
                else:
                    ratios.append(row[1:])
            else:
                pairs.add((org_id, period_id))
                if kept is not None:
                    kept.append((number, indicator_id, org_id, period_id, key, value))
                if postgres:
                    batch.append(
                        f"{number if lead is None else lead}\t{indicator_id}\t{org_id}"
                        f"\t{period_id}\t{staged_key}\t{value!r}\t\\N\t\\N{tail}"
                    )
                elif staging:
                    batch.append((number, indicator_id, org_id, period_id, key, value, None, None))
                else:
                    batch.append((indicator_id, org_id, period_id, key, value))
            if len(batch) + len(ratios) >= BATCH:
                sink.flush(batch, pairs, ratios)
                if kept is not None and len(kept) > WARN_LIMIT:
                    kept = None
            rows += 1
            if every and rows % every == 0:
                result.rows = rows
                progress(rows)  # type: ignore[misc]
        else:
            result.rows = rows
        sink.flush(batch, pairs, ratios)
    if kept is not None and len(kept) > WARN_LIMIT:
        kept = None
    return pairs, kept


def collector_paused() -> contextlib.AbstractContextManager[None]:
    """Pause Python's cycle collector while rows are read: the loop makes a million tuples and
    no cycles, and each collection would scan the batches being built (about 10 % of a
    million-row import on SQLite). braid.lib.gc_pause: re-entrant and safe across threads."""
    return gc_pause.paused()


def _plain_indicators(look: Lookups, decimal: DecimalMark) -> dict[str, tuple[Any, ...]]:
    """Code -> (id, lowest, highest, organisations assigned, reader) for the indicators the
    fast loop can take (counts; without a value column every row goes the slow way). Figures
    are read by braid.lib.numbers.plain_reader: plain digits (with the file's decimal mark
    where the indicator has decimals) are taken as parse_number would; any other text goes the
    slow way, where ValueRules reads and words it as the form does."""
    assigned: dict[int, set[int]] = {}
    for reporter_ind, reporter_org in look.reporters:
        assigned.setdefault(reporter_ind, set()).add(reporter_org)
    decimals = plain_reader(decimal, whole=False)
    counts = plain_reader(decimal, whole=True)
    return {
        code: (
            ind.pk,
            *bounds(ind),
            assigned.get(ind.pk, set()),
            decimals if ind.decimals else counts,
        )
        for code, ind in look.indicators.items()
        if not ind.is_percentage
    }


def _no_ratio(cells: list[str], i_num: int, i_den: int) -> bool:
    return not ((i_num >= 0 and cells[i_num]) or (i_den >= 0 and cells[i_den]))
