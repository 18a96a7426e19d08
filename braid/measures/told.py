"""Each scorecard row told once per change of its own data: one changed figure recomputes one
row of the page and the API, not 200 (bench `measures.scorecard_page`).

A row is told (its page row, its API row, what the headline counts) from its own data only:

- the indicator's fields;
- its aggregates, by a fingerprint read in SQL: how many, the highest id and the sum of the
  figures. Aggregates are never updated in place, only deleted and written afresh
  (braid.measures.aggregates), and ids are not reused, so a change moves the count or the
  highest id; the sum guards a restored database, whose sequences may hand out ids again;
- its targets (read whole with the frame: they are few);
- the period now due for its frequency (what is late moves with the day).

What every row of a reading shares keys the whole entry: the collaborative's periods, what the
reader may see of a figure (`Audience.figures_key`: a new disclosure threshold tells every row
again), the language and the collaborative's address. Each row is checked against its data on
every reading, so the entry is right however the data changed, with or without an audit line.

Entries live in each process's memory (`_memo`) and in the shared cache: a process reads the
shared entry the first time it meets a key, and writes it when it told many rows again (a
new threshold, a framework import), not for one figure. The page and API above the rows are
still cached whole until the data changes (braid.collaboratives.freshness).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from braid.collaboratives import freshness
from braid.collaboratives.access import Access
from braid.lib import gc_pause
from braid.measures import present
from braid.measures.models import Aggregate, Indicator, Period
from braid.measures.row_html import row_html
from braid.measures.scorecard import Frame, ScoreRow, frame, score

SHAPE = 2  # raised when what a row holds changes (entries of the old shape are not read)
SECONDS = 24 * 3600
# The shared cache is written when at least one row in SHARE_WHEN was told again: writing its
# 400 kB for 200 rows costs more than telling a few rows again in each process.
SHARE_WHEN = 4


@dataclass(frozen=True)
class Told:
    """One indicator's row as every reading shows it."""

    html: str  # the page's <tr> (safe: written by braid.measures.row_html)
    api: dict[str, Any]  # the API's row (ScoreOut)
    turning: bool
    stale: bool


Entry = dict[int, tuple[str, Told]]  # indicator id: (the row's mark, the row told)


def rows(access: Access, *, objective_id: int | None = None) -> list[tuple[ScoreRow, Told]]:
    """The scorecard's rows in order, each with its `Told`; only rows whose own data changed
    since they were last told are read and told again. A row here carries its indicator, its
    objectives and the period due; its story is read only when it was told again."""
    with gc_pause.paused():  # 200 indicators, and some 150 objects for each row told again
        f = frame(access, objective_id=objective_id)
        marks = _marks(access, f)
        key = _entry_key(access, f.periods)
        entry = _memo.get(key)
        if entry is None:  # this process's first reading of the key: the shared cache's
            entry = cache.get(key) or {}
        stale = {pk: row for pk, row in f.rows.items() if entry.get(pk, ("",))[0] != marks[pk]}
        if stale:
            told = _tell(access, f, stale)
            entry = {**entry, **{pk: (marks[pk], t) for pk, t in told.items()}}
            if len(stale) * SHARE_WHEN >= len(f.rows):  # worth sharing with other processes
                cache.set(key, entry, SECONDS)
        _memo.put(key, entry)
    return [(row, entry[pk][1]) for pk, row in f.rows.items()]


# A few entries per collaborative: one per language and kind of reader.
_memo = freshness.Here(32)


def _marks(access: Access, f: Frame) -> dict[int, str]:
    """Each row's own data, as a short digest."""
    aggregates = {
        r[0]: r[1:]
        for r in Aggregate.objects.filter(collaborative_id=access.collaborative.pk)
        .values("indicator_id")
        .annotate(n=Count("pk"), top=Max("pk"), v=Sum("value"))
        .values_list("indicator_id", "n", "top", "v")
    }
    fields = [field.attname for field in Indicator._meta.concrete_fields]
    return {
        pk: _digest(
            [getattr(row.indicator, name) for name in fields],
            aggregates.get(pk),
            sorted(f.targets.get(pk, {}).items()),
            row.due.pk if row.due else None,
        )
        for pk, row in f.rows.items()
    }


def _entry_key(access: Access, periods: Sequence[Period]) -> str:
    fields = [field.attname for field in Period._meta.concrete_fields]
    shared = _digest(
        sorted([getattr(p, name) for name in fields] for p in periods),
        access.audience.figures_key,
        translation.get_language(),
        access.collaborative.slug,
    )
    return f"braid:told:{SHAPE}:{freshness.namespace}:{access.collaborative.pk}:{shared}"


def _digest(*parts: Any) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _tell(access: Access, f: Frame, stale: dict[int, ScoreRow]) -> dict[int, Told]:
    """Read the stale rows' aggregates (all of the collaborative's when every row is stale)
    and tell each row: its page row and its API row, in the reader's language."""
    chosen = Aggregate.objects.filter(collaborative_id=access.collaborative.pk)
    if len(stale) < len(f.rows):
        chosen = chosen.filter(indicator_id__in=list(stale))
    score(f, stale, chosen, access.audience)
    words = present.Words()
    progress_label = _("Progress toward the target")
    # One reverse() for the page: the indicator's id is the last part of its address.
    base = reverse("measures:indicator", args=[access.collaborative.slug, 0])[:-2]
    out = {}
    for pk, row in stale.items():
        line = present.line(row, words, f"{base}{pk}/")
        out[pk] = Told(
            html=row_html(line, progress_label),
            api=api_row(row, line.verdict),
            turning=bool(row.turning),
            stale=row.stale,
        )
    return out


def api_row(r: ScoreRow, verdict: str | None = None) -> dict[str, Any]:
    """The row's CurveStory, as the scorecard page shows it (braid.measures.present)."""
    p = r.provisional_point
    latest = r.latest_period
    return {
        "indicator_id": r.indicator.pk,
        "code": r.indicator.code,
        "name": r.indicator.name,
        "latest_period": latest.code if latest else None,
        "latest": r.latest,
        "baseline": r.baseline,
        "target": r.target,
        "progress": r.progress,
        "trend": r.trend,
        "turning": r.turning,
        "forecast": r.forecast,
        "status": r.status,
        "verdict": present.verdict(r) if verdict is None else verdict,
        "provisional_period": p.period.code if p else None,
        "provisional": p.actual if p else None,
        "partners_reported": p.partners if p else None,
        "partners_assigned": p.assigned if p else None,
        "stale": r.stale,
    }


def headline(told: Sequence[tuple[ScoreRow, Told]]) -> present.Headline:
    return present.Headline(
        total=len(told),
        turning=sum(1 for _r, t in told if t.turning),
        stale=sum(1 for _r, t in told if t.stale),
    )
