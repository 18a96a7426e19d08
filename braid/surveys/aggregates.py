"""A round's scale-instrument answers aggregated by the database (issue 13's bench): for each
instrument and each sector × organisation type cell, how many respondents, and per item, factor
and category the histogram of respondents' (items answered, sum of values). A 2,000 × 65 round
becomes a few thousand rows instead of 130,000 answers read into Python, in one query for the
whole round; `scoring.score_counted` turns the merged histograms into the very scores
`scoring.score` gives from the answers (tested). The same rows are what `Tally` keeps as
responses finish (`tallies`), so a round's results are read from either the same way.

No disclosure here: `results` applies the floor and complementary suppression to the groups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection

from braid.surveys.definitions import Instrument
from braid.surveys.models import Answer, Response
from braid.surveys.scoring import Histogram, Score, Scored, counted, score_counted

Cell = tuple[str, str]  # (sector, organisation type)
LEVELS = ("item", "factor", "category")


def _mapping(insts: Iterable[Instrument]) -> list[tuple[str, str, str, str]]:
    """(instrument, item, factor, category) for every item; category '' where none."""
    out = []
    for inst in insts:
        category_of = {f.key: f.category or "" for f in inst.factors}
        out += [(inst.ref, i.key, i.factor, category_of.get(i.factor, "")) for i in inst.items]
    return out


def _sql(items: int) -> str:
    """One statement: each respondent's (items answered, sum) per factor (`f`, computed once),
    and from it the histograms per cell of factors, categories and respondents; the items'
    histograms come straight from the answers. Only table names and placeholders are put in the
    text; every value is a parameter."""
    a, r = Answer._meta.db_table, Response._meta.db_table
    values = ", ".join("(%s, %s, %s, %s)" for _ in range(items))
    per_cell = "JOIN {r} c ON c.id = {t}.rid GROUP BY 1, 2, 3, 4, 5, 6, 7"
    return (
        f"WITH m (ins, item, factor, category) AS (VALUES {values}),"  # noqa: S608
        " f AS MATERIALIZED (SELECT a.response_id AS rid, m.ins AS ins, m.factor AS factor,"
        " m.category AS category, COUNT(*) AS n, SUM(a.value) AS total"
        f" FROM {a} a JOIN m ON m.ins = a.instrument AND m.item = a.item"
        " WHERE a.collaborative_id = %s AND a.round_id = %s GROUP BY 1, 2, 3, 4)"
        " SELECT 'factor', f.ins, c.sector, c.org_type, f.factor, f.n, f.total, COUNT(*)"
        f" FROM f {per_cell.format(r=r, t='f')}"
        " UNION ALL SELECT 'category', k.ins, c.sector, c.org_type, k.category, k.n, k.total,"
        " COUNT(*) FROM (SELECT rid, ins, category, SUM(n) AS n, SUM(total) AS total FROM f"
        f" WHERE category <> '' GROUP BY 1, 2, 3) k {per_cell.format(r=r, t='k')}"
        " UNION ALL SELECT 'respondents', p.ins, c.sector, c.org_type, '', 0, 0, COUNT(*)"
        f" FROM (SELECT DISTINCT rid, ins FROM f) p JOIN {r} c ON c.id = p.rid"
        " GROUP BY 1, 2, 3, 4"
        " UNION ALL SELECT 'item', a.instrument, c.sector, c.org_type, a.item, 1, a.value,"
        f" COUNT(*) FROM {a} a JOIN m ON m.ins = a.instrument AND m.item = a.item"
        f" JOIN {r} c ON c.id = a.response_id"
        " WHERE a.collaborative_id = %s AND a.round_id = %s GROUP BY 1, 2, 3, 4, 5, 6, 7"
    )


@dataclass
class Cells:
    inst: Instrument
    respondents: dict[Cell, int] = field(default_factory=dict)
    # level -> cell -> key -> histogram
    hist: dict[str, dict[Cell, dict[str, Histogram]]] = field(default_factory=dict)

    def sizes(self, column: int) -> dict[str, int]:
        """Respondents per sector (column 0) or per organisation type (1)."""
        out: dict[str, int] = defaultdict(int)
        for cell, n in self.respondents.items():
            out[cell[column]] += n
        return dict(out)

    def scored(self, keep: Callable[[Cell], bool] = lambda _cell: True) -> Scored:
        """The scores of the respondents of the cells kept (all by default)."""
        respondents = sum(n for c, n in self.respondents.items() if keep(c))
        if self.inst.kind == "counts":
            return counted(self.inst, respondents, self._item_counts(keep))
        merged: dict[str, dict[str, dict[float, int]]] = {}
        for level in LEVELS:
            raw = level == "item"
            into: dict[str, dict[float, int]] = defaultdict(lambda: defaultdict(int))
            for cell, by_key in self.hist.get(level, {}).items():
                if keep(cell):
                    for key, hist in by_key.items():
                        scores = into[key]
                        for (count, total), k in hist.items():
                            scores[total if raw else total / count] += k
            merged[level] = into
        return _scored(self.inst, respondents, merged)

    def _item_counts(self, keep: Callable[[Cell], bool]) -> dict[str, dict[int, int]]:
        """How many gave each answer to each item, in the cells kept."""
        out: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for cell, by_key in self.hist.get("item", {}).items():
            if keep(cell):
                for key, hist in by_key.items():
                    for (_count, value), k in hist.items():
                        out[key][value] += k
        return {key: dict(counts) for key, counts in out.items()}


def _scored(
    inst: Instrument, respondents: int, merged: dict[str, dict[str, dict[float, int]]]
) -> Scored:
    per_factor: dict[str, int] = defaultdict(int)
    per_category: dict[str, int] = defaultdict(int)
    category_of = {f.key: f.category for f in inst.factors}
    for i in inst.items:
        per_factor[i.factor] += 1
        if category_of.get(i.factor):
            per_category[category_of[i.factor]] += 1

    def one(level: str, key: str, items: int) -> Score:
        return score_counted(inst, key, merged[level].get(key, {}), items)

    return Scored(
        respondents=respondents,
        factors=[one("factor", f.key, per_factor[f.key]) for f in inst.factors],
        categories=[one("category", k, per_category[k]) for k, _t in inst.categories],
        items=[one("item", i.key, 1) for i in inst.items],
    )


Row = tuple[str, str, str, str, str, int, int, int]  # level, ref, sector, type, key, n, total, k


def from_rows(insts: list[Instrument], rows: Iterable[Row]) -> dict[str, Cells]:
    """Cells by instrument ref from histogram rows (the aggregating query's, or `Tally` rows);
    rows of other instruments and levels are left out."""
    out = {inst.ref: Cells(inst) for inst in insts}
    for level, ref, sector, org_type, key, n, total, k in rows:
        cells = out.get(ref)
        if cells is None:
            continue
        if level == "respondents":
            cells.respondents[(sector, org_type)] = int(k)
        elif level in LEVELS:
            by_cell = cells.hist.setdefault(level, {}).setdefault((sector, org_type), {})
            by_cell.setdefault(key, {})[(int(n), int(total))] = int(k)
    return out


def answer_rows(collaborative_id: int, round_id: int, insts: list[Instrument]) -> list[Row]:
    """The histogram rows of the round's answers to these instruments, aggregated now."""
    mapping = _mapping(insts)
    if not mapping:
        return []
    params: list[str | int] = [x for row in mapping for x in row]
    params += [collaborative_id, round_id, collaborative_id, round_id]
    with connection.cursor() as cursor:
        cursor.execute(_sql(len(mapping)), params)
        return list(cursor.fetchall())


def round_cells(collaborative_id: int, round_id: int, insts: list[Instrument]) -> dict[str, Cells]:
    """The round's answers to these instruments, aggregated per sector × organisation type, by
    instrument ref."""
    return from_rows(insts, answer_rows(collaborative_id, round_id, insts))


def cells(collaborative_id: int, round_id: int, inst: Instrument) -> Cells:
    """One instrument's answers in a round (`round_cells` for one)."""
    return round_cells(collaborative_id, round_id, [inst])[inst.ref]
