"""Scores of the survey instruments (INSTRUMENTS.md §3, §4), from raw answers. Pure: no
database, no disclosure (the selectors apply the floor through the audience).

- scale instruments: a respondent's factor score is the mean of their answered items of that
  factor; a group's factor score is the mean over its respondents who answered the factor;
  spread is min, max and the sample standard deviation of the respondents' scores; the band is
  read after rounding to one decimal; categories are scored the same way over their items.
- counts instruments (self-evaluation): the count of each answer per item and per condition,
  items flagged where the flagged answer (weak) is given by at least the given share.
Full precision throughout; rounding is for display only.
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import fmean, stdev

from braid.surveys.definitions import Instrument

# (response id, item key, value)
Row = tuple[object, str, int]


@dataclass(frozen=True)
class Score:
    key: str
    respondents: int
    items: int
    mean: float | None
    min: float | None = None
    max: float | None = None
    sd: float | None = None
    band: str = ""


@dataclass(frozen=True)
class Counts:
    key: str
    counts: dict[int, int]
    answered: int
    flagged: bool = False

    def share(self, value: int) -> float | None:
        return self.counts.get(value, 0) / self.answered if self.answered else None


@dataclass(frozen=True)
class Scored:
    respondents: int
    factors: list[Score] = field(default_factory=list)
    categories: list[Score] = field(default_factory=list)
    items: list[Score] = field(default_factory=list)
    item_counts: list[Counts] = field(default_factory=list)
    factor_counts: list[Counts] = field(default_factory=list)


def _score(inst: Instrument, key: str, per_respondent: list[float], items: int) -> Score:
    if not per_respondent:
        return Score(key, 0, items, None)
    mean = fmean(per_respondent)
    band = inst.band(mean)
    return Score(
        key,
        len(per_respondent),
        items,
        mean,
        min(per_respondent),
        max(per_respondent),
        stdev(per_respondent) if len(per_respondent) > 1 else None,
        band.key if band else "",
    )


def score(inst: Instrument, rows: Iterable[Row]) -> Scored:
    """Score one instrument's answers (rows of any respondents: a round, or one group)."""
    item_map = inst.item_map
    factor_of = {k: i.factor for k, i in item_map.items()}
    category_of = {f.key: f.category for f in inst.factors}
    by_response: dict[object, dict[str, int]] = defaultdict(dict)
    for response, item, value in rows:
        if item in item_map:
            by_response[response][item] = value
    respondents = len(by_response)
    if inst.kind == "counts":
        return _counts(inst, by_response)
    factor_scores: dict[str, list[float]] = defaultdict(list)
    category_scores: dict[str, list[float]] = defaultdict(list)
    item_scores: dict[str, list[float]] = defaultdict(list)
    for answers in by_response.values():
        per_factor: dict[str, list[int]] = defaultdict(list)
        per_category: dict[str, list[int]] = defaultdict(list)
        for item, value in answers.items():
            item_scores[item].append(value)
            per_factor[factor_of[item]].append(value)
            cat = category_of.get(factor_of[item], "")
            if cat:
                per_category[cat].append(value)
        for f, values in per_factor.items():
            factor_scores[f].append(fmean(values))
        for c, values in per_category.items():
            category_scores[c].append(fmean(values))
    items_in_factor: dict[str, int] = defaultdict(int)
    items_in_category: dict[str, int] = defaultdict(int)
    for i in inst.items:
        items_in_factor[i.factor] += 1
        cat = category_of.get(i.factor, "")
        if cat:
            items_in_category[cat] += 1
    return Scored(
        respondents=respondents,
        factors=[
            _score(inst, f.key, factor_scores.get(f.key, []), items_in_factor[f.key])
            for f in inst.factors
        ],
        categories=[
            _score(inst, k, category_scores.get(k, []), items_in_category[k])
            for k, _t in inst.categories
        ],
        items=[_score(inst, i.key, item_scores.get(i.key, []), 1) for i in inst.items],
    )


def _counts(inst: Instrument, by_response: dict[object, dict[str, int]]) -> Scored:
    per_item: dict[str, dict[int, int]] = {i.key: {} for i in inst.items}
    for answers in by_response.values():
        for item, value in answers.items():
            per_item[item][value] = per_item[item].get(value, 0) + 1
    return counted(inst, len(by_response), per_item)


def counted(inst: Instrument, respondents: int, per_item: dict[str, dict[int, int]]) -> Scored:
    """A counts instrument's Scored from how many gave each answer to each item."""
    per_item = {i.key: per_item.get(i.key, {}) for i in inst.items}
    flag_value, flag_share = inst.flag_value, inst.flag_share

    def one(key: str, counts: dict[int, int]) -> Counts:
        answered = sum(counts.values())
        flagged = bool(
            answered
            and flag_value is not None
            and flag_share is not None
            and counts.get(flag_value, 0) / answered >= flag_share
        )
        return Counts(key, dict(sorted(counts.items())), answered, flagged)

    items = [one(i.key, per_item[i.key]) for i in inst.items]
    factors = []
    for f in inst.factors:
        total: dict[int, int] = {}
        for i in inst.items:
            if i.factor == f.key:
                for v, n in per_item[i.key].items():
                    total[v] = total.get(v, 0) + n
        factors.append(one(f.key, total))
    return Scored(respondents=respondents, item_counts=items, factor_counts=factors)


def lowest(scores: list[Score], n: int = 3) -> list[Score]:
    """The lowest-scoring entries with a score (ties in the instrument's order)."""
    scored = [s for s in scores if s.mean is not None]
    return sorted(scored, key=lambda s: s.mean)[:n]  # type: ignore[arg-type, return-value]


# Scores from histograms (what the database's GROUP BY returns) --------------------------------

# One key's respondents, by (items they answered of it, sum of their values): how many.
Histogram = dict[tuple[int, int], int]


def _sqrt_of_frac(n: int, m: int) -> float:
    """√(n/m) correctly rounded, as `statistics.stdev` rounds it (Python 3.11's
    `_float_sqrt_of_frac`, round-to-odd then one conversion)."""
    q = (n.bit_length() - m.bit_length() - 2 * sys.float_info.mant_dig - 3) // 2
    if q >= 0:
        root = math.isqrt(n // (m << 2 * q))
        odd = root | (root * root * (m << 2 * q) != n)
        return float(odd << q)
    root = math.isqrt((n << -2 * q) // m)
    odd = root | (root * root * m != n << -2 * q)
    return odd / (1 << -q)


def score_histogram(inst: Instrument, key: str, hist: Histogram, items: int, *, raw: bool) -> Score:
    """The same Score as `_score` over the respondents' scores the histogram stands for, to
    the last bit: a respondent's score is sum/count (its mean, as fmean gives it), or the value
    itself for an item (`raw`)."""
    scores: dict[float, int] = defaultdict(int)
    for (count, total), k in hist.items():
        scores[total if raw else total / count] += k
    return score_counted(inst, key, scores, items)


def score_counted(inst: Instrument, key: str, scores: dict[float, int], items: int) -> Score:
    """The Score of respondents' scores given as {score: how many}: the mean is the correctly
    rounded exact sum over n (what `fmean` gives), the spread the exact sample variance's
    correctly rounded root (what `stdev` gives). Exact in integers: every float is a fraction
    over a power of two, so all share the largest of those denominators."""
    n = sum(scores.values())
    if not n:
        return Score(key, 0, items, None)
    ratios = [(x.as_integer_ratio(), k) for x, k in scores.items()]
    den = max(q for (_p, q), _k in ratios)
    scaled = [(p * (den // q), k) for (p, q), k in ratios]  # each score is X / den
    total = sum(x * k for x, k in scaled)
    mean = total / den / n  # float(Fraction(total, den)) / n: int division rounds correctly
    sd = None
    if n > 1:
        # var = sum k (x - total/(den n))^2 / (n - 1) = sum k (X n - total)^2 / (den n)^2 (n - 1)
        num = sum(k * (x * n - total) ** 2 for x, k in scaled)
        div = (den * n) ** 2 * (n - 1)
        g = math.gcd(num, div)
        sd = _sqrt_of_frac(num // g, div // g)
    band = inst.band(mean)
    return Score(key, n, items, mean, min(scores), max(scores), sd, band.key if band else "")
