"""A round's answers counted as responses finish, and its scores kept until they change (issue
13's bench: aggregating a 2,000-respondent round from its 130,000 answers takes seconds, and it
is read far more often than it changes).

- **Counted as they come.** `add` (called by `services.response_finish`, in its transaction)
  adds the finished response to its round's `Tally` rows: per instrument and per sector ×
  organisation type cell, one respondent more for each item value, each factor's and each
  category's (items answered, sum), the same rows the aggregating query gives
  (`aggregates.answer_rows`). Reading them is a few thousand rows, not the answers. Rows are
  written in one order (the round's own row first), so concurrent finishes queue on it and
  never deadlock. A round whose answers came another way (the demo, a bench, tests) has a
  tally that does not add up to its responses: it is aggregated from its answers instead,
  until `rebuild` counts it afresh.
- **Scores cached.** What may change a round's scores is only a finished response: answers
  are written once, with their `Response` (ADR 0010), never changed or deleted one by one. So
  the count of the round's responses names its state, taken from the data itself: a finish
  writes no audit line (its time would tie the answer to the person). Each round has one cache
  entry, replaced when its responses change (never two states side by side: their difference
  would be one person's answers), which also says under which instruments' definitions it was
  computed.

Scores hold every group, hidden or not: they are not what anyone sees. `results` applies the
reader's floor and complementary suppression on every read, so a change of the floor, of the
round's status or of a sector's name shows at once without recomputing.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction

from braid.collaboratives import freshness
from braid.surveys import aggregates, selectors
from braid.surveys.definitions import Instrument
from braid.surveys.models import Response, Round
from braid.surveys.models import Tally as Row
from braid.surveys.scoring import Scored

VERSION = 2  # of what a cache entry holds: bump when its shape or the scoring changes
SECONDS = 7 * 24 * 3600  # an entry says what it was computed from: it is never read stale
ROUND = ("", "round", "", "", "", 0, 0)  # the round's own row: how many responses it counts
COLUMNS = ("instrument", "level", "key", "sector", "org_type", "n", "total", "count")
BATCH = 500  # rows of one statement: 5,500 parameters, well under SQLite's and PostgreSQL's limits


@dataclass(frozen=True)
class Scores:
    """One instrument's scores in one round: overall, and per sector (column 0) and per
    organisation type (column 1), with each group's respondents."""

    overall: Scored
    sizes: tuple[dict[str, int], dict[str, int]] = field(default_factory=lambda: ({}, {}))
    groups: tuple[dict[str, Scored], dict[str, Scored]] = field(default_factory=lambda: ({}, {}))

    @property
    def respondents(self) -> int:
        return self.overall.respondents


@dataclass(frozen=True)
class RoundScores:
    """A round's instruments (network ones left out) and their scores, by ref."""

    instruments: dict[str, Instrument]
    scores: dict[str, Scores]


# Counting -------------------------------------------------------------------------------------


def _rows_of(inst: Instrument, values: Mapping[str, int]) -> list[tuple[str, str, int, int]]:
    """One respondent's (level, key, n, total) rows for one instrument; none if they answered
    none of its items."""
    given = {k: int(v) for k, v in values.items() if k in inst.item_map and v is not None}
    if not given:
        return []
    out = [("respondents", "", 0, 0)] + [("item", k, 1, v) for k, v in given.items()]
    category_of = {f.key: f.category for f in inst.factors}
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for k, v in given.items():
        factor = inst.item_map[k].factor
        groups = [("factor", factor)]
        if category_of.get(factor):
            groups.append(("category", category_of[factor]))
        for group in groups:
            sums[group][0] += 1
            sums[group][1] += v
    return out + [(level, key, n, total) for (level, key), (n, total) in sums.items()]


def _upsert(rows: list[tuple[object, ...]]) -> None:
    """Add each row's count to the stored one (rows: collaborative, round, instrument, level,
    key, sector, org_type, n, total, count), in the order given."""
    if not rows:
        return
    q = connection.ops.quote_name
    table = q(Row._meta.db_table)
    names = ["id", "collaborative_id", "round_id", *COLUMNS]
    unique = ["collaborative_id", "round_id", *COLUMNS[:-1]]
    one = "(" + ", ".join("%s" for _ in names) + ")"
    sql = (
        f"INSERT INTO {table} ({', '.join(q(c) for c in names)}) VALUES "  # noqa: S608
        + ", ".join(one for _ in rows)
        + f" ON CONFLICT ({', '.join(q(c) for c in unique)}) DO UPDATE SET"
        f" {q('count')} = {table}.{q('count')} + excluded.{q('count')}"
    )
    pk = Row._meta.pk
    assert pk is not None
    params: list[Any] = []
    for row in rows:
        params += [pk.get_db_prep_value(uuid.uuid4(), connection), *row]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _upsert_all(rows: list[tuple[object, ...]]) -> None:
    """`_upsert` in batches, in order (a round counted afresh has thousands of rows)."""
    batch = BATCH
    for start in range(0, len(rows), batch):
        _upsert(rows[start : start + batch])


def add(response: Response, given: Iterable[tuple[Instrument, Mapping[str, int]]]) -> None:
    """Count a finished response (with its answers, per instrument) in its round's tally.
    Call inside the transaction that stores the response."""
    cell = (response.sector, response.org_type)
    keyed = [ROUND]
    for inst, values in given:
        if not inst.is_network:
            keyed += [
                (inst.ref, level, key, *cell, n, total)
                for level, key, n, total in _rows_of(inst, values)
            ]
    cid, rid = response.collaborative_id, response.round_id
    _upsert([(cid, rid, *k, 1) for k in sorted(keyed)])  # the round's row first: a queue


@transaction.atomic
def rebuild(round_: Round) -> None:
    """Count the round afresh from its answers (after answers written without
    `response_finish`: a demo, a bench). Finishes meanwhile wait on the round's row."""
    cid = round_.collaborative_id
    _upsert([(cid, round_.pk, *ROUND, 0)])  # takes the round's row: finishes queue behind
    Row.objects.filter(collaborative_id=cid, round_id=round_.pk).exclude(level="round").delete()
    insts = list(_instruments(round_).values())
    keyed = sorted(
        (ref, level, key, sector, org_type, n, total, k)
        for level, ref, sector, org_type, key, n, total, k in aggregates.answer_rows(
            cid, round_.pk, insts
        )
    )
    _upsert_all([(cid, round_.pk, *k) for k in keyed])
    Row.objects.filter(collaborative_id=cid, round_id=round_.pk, level="round").update(
        count=Response.objects.filter(collaborative_id=cid, round_id=round_.pk).count()
    )


def _stored(round_: Round) -> tuple[int, int, list[aggregates.Row]]:
    """The round's tally rows, with the responses they count and the responses there are
    (one statement: one state of the round)."""
    q = connection.ops.quote_name
    cols = ", ".join(
        q(c) for c in ("level", "instrument", "sector", "org_type", "key", "n", "total", "count")
    )
    sql = (
        f"SELECT {cols} FROM {q(Row._meta.db_table)}"  # noqa: S608
        " WHERE collaborative_id = %s AND round_id = %s UNION ALL"
        f" SELECT 'responses', '', '', '', '', 0, 0, COUNT(*) FROM {q(Response._meta.db_table)}"
        " WHERE collaborative_id = %s AND round_id = %s"
    )
    cid = round_.collaborative_id
    with connection.cursor() as cursor:
        cursor.execute(sql, [cid, round_.pk, cid, round_.pk])
        rows = cursor.fetchall()
    counted = sum(int(r[7]) for r in rows if r[0] == "round")
    responses = sum(int(r[7]) for r in rows if r[0] == "responses")
    return counted, responses, rows


# Scores ---------------------------------------------------------------------------------------


def _digest(inst: Instrument) -> str:
    text = json.dumps(inst.raw, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def mark(round_: Round) -> int:
    """What names the round's answers: the count of its responses."""
    return Response.objects.filter(
        collaborative_id=round_.collaborative_id, round_id=round_.pk
    ).count()


def _instruments(round_: Round) -> dict[str, Instrument]:
    found = {}
    for ref in selectors.round_refs(round_):
        inst = selectors.instrument(round_.collaborative_id, ref)
        if inst is not None and not inst.is_network:
            found[ref] = inst
    return found


def _key(round_: Round) -> str:
    """One entry per round, whatever its answers."""
    parts = (freshness.namespace, round_.collaborative_id, round_.pk, round_.created_at.timestamp())
    return "braid:survey-scores:" + ":".join(str(p) for p in parts)


def round_scores(round_: Round) -> RoundScores:
    """The round's scores by instrument ref (network instruments have none), from the cache
    while the round's responses and instruments are unchanged."""
    insts = _instruments(round_)
    digests = ",".join(f"{ref}={_digest(inst)}" for ref, inst in insts.items())
    digest = hashlib.sha256(digests.encode()).hexdigest()[:16]
    key = _key(round_)
    found = cache.get(key)
    if found is not None and found[0] == f"{VERSION}/{mark(round_)}/{digest}":
        return RoundScores(insts, found[1])
    responses, scores = compute(round_, insts)
    cache.set(key, (f"{VERSION}/{responses}/{digest}", scores), SECONDS)
    return RoundScores(insts, scores)


def compute(round_: Round, insts: dict[str, Instrument]) -> tuple[int, dict[str, Scores]]:
    """The responses and scores afresh: from the round's tally when it adds up to its
    responses, else aggregated from its answers."""
    counted, responses, rows = _stored(round_)
    if counted != responses:
        rows = aggregates.answer_rows(round_.collaborative_id, round_.pk, list(insts.values()))
    by_ref = aggregates.from_rows(list(insts.values()), rows)
    return responses, {ref: _scores(by_ref[ref]) for ref in insts}


def _in_group(column: int, key: str) -> Callable[[aggregates.Cell], bool]:
    return lambda cell: cell[column] == key


def _scores(cells: aggregates.Cells) -> Scores:
    sizes = (cells.sizes(0), cells.sizes(1))
    groups: tuple[dict[str, Scored], dict[str, Scored]] = ({}, {})
    for column in (0, 1):
        for k in sizes[column]:
            groups[column][k] = cells.scored(_in_group(column, k))
    return Scores(cells.scored(), sizes, groups)
