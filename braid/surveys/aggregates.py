"""A round's scale-instrument answers aggregated by the database (issue 13's bench): for each
sector × organisation type cell, how many respondents, and per item, factor and category the
histogram of respondents' (items answered, sum of values). A 2,000 × 65 round becomes a few
thousand rows instead of 130,000 answers read into Python; `scoring.score_histogram` turns the
merged histograms into the very scores `scoring.score` gives from the answers (tested).

No disclosure here: `results` applies the floor and complementary suppression to the groups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection

from braid.surveys.definitions import Instrument
from braid.surveys.models import Answer, Response
from braid.surveys.scoring import Histogram, Score, Scored, score_histogram

Cell = tuple[str, str]  # (sector, organisation type)
LEVELS = ("item", "factor", "category")


def _mapping(inst: Instrument, level: str) -> dict[str, str]:
    """Item key → the key it counts towards at this level (items without a category left out)."""
    if level == "item":
        return {i.key: i.key for i in inst.items}
    factor_of = {i.key: i.factor for i in inst.items}
    if level == "factor":
        return factor_of
    category_of = {f.key: f.category for f in inst.factors}
    return {i: category_of[f] for i, f in factor_of.items() if category_of.get(f)}


def _histograms(cid: int, round_id: int, ref: str, key_of: dict[str, str]) -> list[tuple]:  # type: ignore[type-arg]
    """One GROUP BY over each respondent's (key: items answered, sum): rows of (sector, type,
    key, items answered, sum, respondents)."""
    if not key_of:
        return []
    whens = " ".join("WHEN %s THEN %s" for _ in key_of)
    marks = ", ".join("%s" for _ in key_of)
    sql = (
        # Only table names and placeholders are put in the text; every value is a parameter.
        "SELECT r.sector, r.org_type, k.grp, k.n, k.total, COUNT(*) FROM ("  # noqa: S608
        f" SELECT a.response_id AS rid, CASE a.item {whens} END AS grp,"
        " COUNT(*) AS n, SUM(a.value) AS total"
        f" FROM {Answer._meta.db_table} a"
        f" WHERE a.collaborative_id = %s AND a.round_id = %s AND a.instrument = %s"
        f" AND a.item IN ({marks}) GROUP BY 1, 2) k"
        f" JOIN {Response._meta.db_table} r ON r.id = k.rid"
        " GROUP BY 1, 2, 3, 4, 5"
    )
    params: list[str | int] = [x for pair in key_of.items() for x in pair]
    params += [cid, round_id, ref, *key_of]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _respondents(cid: int, round_id: int, ref: str, items: list[str]) -> dict[Cell, int]:
    marks = ", ".join("%s" for _ in items)
    sql = (
        "SELECT r.sector, r.org_type, COUNT(*)"  # noqa: S608
        f" FROM {Response._meta.db_table} r WHERE r.id IN ("
        f" SELECT a.response_id FROM {Answer._meta.db_table} a"
        " WHERE a.collaborative_id = %s AND a.round_id = %s AND a.instrument = %s"
        f" AND a.item IN ({marks})) GROUP BY 1, 2"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [cid, round_id, ref, *items])
        return {(s, t): n for s, t, n in cursor.fetchall()}


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
        merged: dict[str, dict[str, Histogram]] = {}
        for level in LEVELS:
            into: dict[str, Histogram] = defaultdict(lambda: defaultdict(int))
            for cell, by_key in self.hist.get(level, {}).items():
                if keep(cell):
                    for key, hist in by_key.items():
                        for pair, k in hist.items():
                            into[key][pair] += k
            merged[level] = into
        return _scored(self.inst, sum(n for c, n in self.respondents.items() if keep(c)), merged)


def _scored(inst: Instrument, respondents: int, merged: dict[str, dict[str, Histogram]]) -> Scored:
    per_factor: dict[str, int] = defaultdict(int)
    per_category: dict[str, int] = defaultdict(int)
    category_of = {f.key: f.category for f in inst.factors}
    for i in inst.items:
        per_factor[i.factor] += 1
        if category_of.get(i.factor):
            per_category[category_of[i.factor]] += 1

    def one(level: str, key: str, items: int) -> Score:
        return score_histogram(inst, key, merged[level].get(key, {}), items, raw=level == "item")

    return Scored(
        respondents=respondents,
        factors=[one("factor", f.key, per_factor[f.key]) for f in inst.factors],
        categories=[one("category", k, per_category[k]) for k, _t in inst.categories],
        items=[one("item", i.key, 1) for i in inst.items],
    )


def cells(
    collaborative_id: int, round_id: int, inst: Instrument, levels: tuple[str, ...] = LEVELS
) -> Cells:
    """A scale instrument's answers in a round, aggregated per sector × organisation type, at
    the levels asked (a level not asked scores nothing)."""
    items = [i.key for i in inst.items]
    out = Cells(inst, _respondents(collaborative_id, round_id, inst.ref, items))
    for level in levels:
        by_cell: dict[Cell, dict[str, Histogram]] = defaultdict(dict)
        for sector, org_type, key, n, total, k in _histograms(
            collaborative_id, round_id, inst.ref, _mapping(inst, level)
        ):
            by_cell[(sector, org_type)].setdefault(key, {})[(int(n), int(total))] = int(k)
        out.hist[level] = by_cell
    return out
