"""Results-Based Accountability arithmetic (INSTRUMENTS.md §5).

Aggregation across partners, progress toward a target, the baseline forecast and the turn of
the curve, cumulative values, and the robust outlier test behind "suspicious value" warnings.

Percentages live on a 0..100 scale everywhere in Braid: a percentage part stores its numerator
and denominator, and its value is `100 × numerator / denominator`. Pooled percentages are
returned on the same scale.
"""

from __future__ import annotations

import math
import statistics
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple, get_args

Rule = Literal["sum", "weighted_mean", "mean", "latest"]
Direction = Literal["up", "down"]
Trend = Literal["improving", "worsening", "flat"]

RULES: tuple[str, ...] = get_args(Rule)
DIRECTIONS: tuple[str, ...] = get_args(Direction)

# Robust z: 1.4826 × MAD estimates the standard deviation for normally distributed data.
MAD_TO_SD = 1.4826
MIN_HISTORY_FOR_Z = 4
TREND_POINTS = 5


@dataclass(frozen=True)
class PartValue:
    """One partner's figure for one period. Percentages carry numerator and denominator."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    period_order: int = 0  # the period's position in time, for the "latest" rule


# The name the measures app has used since the first version (same positional fields).
Part = PartValue


def _known(x: float | None) -> bool:
    return x is not None and not math.isnan(x)


def _pooled(parts: Sequence[PartValue]) -> tuple[float, float] | None:
    """Σ numerators and Σ denominators over parts that have a positive denominator.

    A part without a numerator but with a value and a denominator (a partner that typed only
    its percentage and its base) contributes `value / 100 × denominator`.
    """
    numerators: list[float] = []
    denominators: list[float] = []
    for p in parts:
        if p.denominator is None or not p.denominator > 0:
            continue
        if p.numerator is not None and _known(p.numerator):
            numerator = p.numerator
        elif p.value is not None and _known(p.value):
            numerator = p.value / 100.0 * p.denominator
        else:
            continue
        numerators.append(numerator)
        denominators.append(p.denominator)
    if not denominators:
        return None
    return math.fsum(numerators), math.fsum(denominators)


def aggregate(rule: str, parts: Sequence[PartValue]) -> float | None:
    """Combine partners' figures by the indicator's rule; None when no part is usable.

    - sum: Σ values (counts);
    - weighted_mean: 100 × Σ numerators / Σ denominators, the pooled percentage. Never the
      mean of the partners' percentages: a partner serving 10 people must not weigh as much as
      one serving 1,000;
    - mean: arithmetic mean of the values;
    - latest: the value of the part with the highest period_order (the mean of ties).
    """
    if rule not in RULES:
        raise ValueError(f"unknown aggregation rule {rule!r}: use one of {', '.join(RULES)}")
    if rule == "weighted_mean":
        pooled = _pooled(parts)
        return None if pooled is None else 100.0 * pooled[0] / pooled[1]
    known = [p for p in parts if p.value is not None and _known(p.value)]
    values = [p.value for p in known if p.value is not None]
    if not values:
        return None
    if rule == "sum":
        return math.fsum(values)
    if rule == "mean":
        return statistics.fmean(values)
    newest = max(p.period_order for p in known)
    return statistics.fmean(
        p.value for p in known if p.value is not None and p.period_order == newest
    )


def contributes(rule: str, part: PartValue) -> bool:
    """Whether this part alone gives the rule a figure (`aggregate(rule, [part])` is not None),
    without computing it: the count of partners behind each aggregate."""
    if rule == "weighted_mean":
        return _pooled((part,)) is not None
    return part.value is not None and _known(part.value)


def sign(direction: str) -> int:
    """+1 when up is good, −1 when down is good."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    return 1 if direction == "up" else -1


def progress(
    actual: float | None,
    baseline: float | None,
    target: float | None,
    direction: str | None = None,
) -> float | None:
    """Share of the way from baseline to target: (actual − baseline) / (target − baseline).

    The sign of (target − baseline) already carries the direction: with a target below the
    baseline, going down gives positive progress. A target set on the "wrong" side of the
    baseline for the indicator's direction is still computed by the same formula, so what the
    user sees is what they set; `direction` is only checked. None when an input is missing or
    the target equals the baseline. Not clipped: clip only to display (`progress_clipped`).
    """
    if direction is not None:
        sign(direction)
    if actual is None or baseline is None or target is None or target == baseline:
        return None
    return (actual - baseline) / (target - baseline)


def clip(value: float | None, low: float = 0.0, high: float = 1.0) -> float | None:
    return None if value is None else min(max(value, low), high)


def progress_clipped(p: float | None) -> float | None:
    """Progress held within 0..1, for a progress bar; never for reporting the figure."""
    return clip(p, 0.0, 1.0)


def _ols(points: Sequence[float], xs: Sequence[float] | None = None) -> tuple[float, float]:
    """Intercept and slope of the least-squares line through (x0, y0), (x1, y1), ...; the x are
    0, 1, 2... unless given (a period's position, so that a gap in the history is a gap)."""
    n = len(points)
    x: list[float] = [float(i) for i in range(n)] if xs is None else [float(v) for v in xs]
    mean_x = math.fsum(x) / n
    mean_y = math.fsum(points) / n
    sxx = math.fsum((xi - mean_x) ** 2 for xi in x)
    sxy = math.fsum((xi - mean_x) * (y - mean_y) for xi, y in zip(x, points, strict=True))
    slope = sxy / sxx
    return mean_y - slope * mean_x, slope


def forecast(history: Sequence[float], steps: int, k: int = 5) -> list[float]:
    """The baseline forecast: an OLS line on the last min(k, len) points, `steps` ahead.

    One point gives a flat line; no history gives no forecast.
    """
    if steps < 0 or k < 1:
        raise ValueError("steps must be 0 or more and k at least 1")
    points = list(history)[-k:]
    n = len(points)
    if n == 0:
        return []
    if n == 1:
        return [float(points[0])] * steps
    intercept, slope = _ols(points)
    return [intercept + slope * (n - 1 + s) for s in range(1, steps + 1)]


def is_turning(actual: float, forecast_value: float, direction: str) -> bool:
    """The curve turns where the actual beats the forecast in the good direction."""
    return sign(direction) * (actual - forecast_value) > 0


def trend(history: Sequence[float], direction: str, tolerance: float = 0.01) -> Trend:
    """improving / worsening / flat, from the OLS slope over the last five points.

    Flat when the slope moves less than `tolerance` (1 %) of the points' mean absolute level
    per period: a count of 200 moving by 1 a year is noise, not a trend. Fewer than two points
    are flat: there is no slope to read.
    """
    return _trend(list(history)[-TREND_POINTS:], None, direction, tolerance)


def _trend(
    points: Sequence[float], xs: Sequence[float] | None, direction: str, tolerance: float = 0.01
) -> Trend:
    sign(direction)
    if len(points) < 2:
        return "flat"
    _, slope = _ols(points, xs)
    level = math.fsum(abs(y) for y in points) / len(points)
    if abs(slope) <= tolerance * level:
        return "flat"
    return "improving" if sign(direction) * slope > 0 else "worsening"


class Observation(NamedTuple):
    """One period of an indicator, in time order: its position (consecutive periods differ by
    1), the collaborative's figure (None when nothing is in), the target set for the period, and
    whether every assigned partner's figure is in. A partial figure is provisional: it is shown
    as such, never fitted, trended or judged."""

    position: int
    actual: float | None = None
    target: float | None = None
    complete: bool = True


@dataclass(frozen=True)
class CurveStory:
    """What the chart, the verdict, the scorecard row and the API all say about an indicator.

    `forecasts[i]` is the baseline forecast for `observations[i]` (None up to the anchor, the
    last period the forecast is fitted on); `latest` and `provisional` are indexes into the
    observations: the latest complete figure, and a newer one not every partner has reported.
    """

    observations: tuple[Observation, ...]
    forecasts: tuple[float | None, ...]
    anchor: int | None
    latest: int | None
    provisional: int | None
    baseline: float | None
    target: float | None
    progress: float | None
    trend: Trend
    turning: bool | None

    @property
    def latest_value(self) -> float | None:
        return None if self.latest is None else self.observations[self.latest].actual

    @property
    def latest_forecast(self) -> float | None:
        return None if self.latest is None else self.forecasts[self.latest]


def _read(obs: Sequence[Observation]) -> tuple[list[int], int | None]:
    """The indexes of the counted figures (complete, known) and of the newest partial one, in one
    pass (the scorecard reads 200 histories a page); refuses observations out of time order."""
    counted: list[int] = []
    partial = None
    before = None
    for i, o in enumerate(obs):
        if before is not None and o.position <= before:
            raise ValueError("observations must be in time order, one per period")
        before = o.position
        actual = o.actual
        if actual is None:
            continue
        if not o.complete:
            partial = i
        elif not math.isnan(actual):
            counted.append(i)
    return counted, partial


def _anchor(obs: Sequence[Observation], counted: list[int], baseline_at: int | None) -> int | None:
    """The position the forecast is fitted up to: the baseline period when one is set; else
    the figure five before the latest, or the second figure when there are fewer (so that at
    least two figures are fitted and one projected)."""
    if baseline_at is not None:
        return baseline_at if any(obs[i].position <= baseline_at for i in counted) else None
    if len(counted) < 3:
        return None
    return obs[counted[max(1, len(counted) - 6)]].position


def _project(
    obs: Sequence[Observation], counted: list[int], anchor: int | None, k: int
) -> tuple[float | None, ...]:
    if anchor is None:
        return (None,) * len(obs)
    # Positions rise with the index: the fitted figures are the last k counted up to the
    # anchor, and the forecast starts after it (a bisection each: 200 histories a page).
    cut = bisect_right(counted, anchor, key=lambda i: obs[i].position)
    fitted = [obs[i] for i in counted[max(0, cut - k) : cut]]
    ys = [float(o.actual) for o in fitted if o.actual is not None]
    if len(ys) == 1:
        intercept, slope = ys[0], 0.0
    else:
        intercept, slope = _ols(ys, [o.position for o in fitted])
    start = bisect_right(obs, anchor, key=_position)
    return (None,) * start + tuple(intercept + slope * o.position for o in obs[start:])


def _position(o: Observation) -> int:
    return o.position


def _target_for(obs: Sequence[Observation], at: int) -> float | None:
    """The target of the period `at`, else the next one set after it, else the last one set."""
    last = None
    for o in obs:
        if o.target is not None:
            if o.position >= at:
                return o.target
            last = o.target
    return last


def curve_story(
    observations: Sequence[Observation],
    direction: str,
    *,
    baseline: float | None = None,
    baseline_at: int | None = None,
    k: int = 5,
) -> CurveStory:
    """The one reading of an indicator's history (INSTRUMENTS.md §5).

    - forecast: OLS on the last k ≤ 5 complete figures up to the anchor (`_anchor`), projected
      to every later period; the chart draws exactly these numbers;
    - turning: the latest complete figure beats its forecast in the good direction;
    - trend: the slope of the OLS line through the last five complete figures (`trend`);
    - progress: from the baseline (given, else the figure at the baseline period, else the
      first figure) toward the target for the latest period (`_target_for`).
    """
    sign(direction)
    obs = tuple(observations)
    counted, partial = _read(obs)
    latest = counted[-1] if counted else None
    # The newest partial figure, when it is newer than the latest complete one.
    newer = [partial] if partial is not None and (latest is None or partial > latest) else []
    anchor = _anchor(obs, counted, baseline_at)
    forecasts = _project(obs, counted, anchor, k)
    recent = [obs[i] for i in counted[-TREND_POINTS:]]
    if baseline is None and counted:
        at_baseline = [obs[i].actual for i in counted if obs[i].position == baseline_at]
        baseline = at_baseline[0] if at_baseline else obs[counted[0]].actual
    actual = None if latest is None else obs[latest].actual
    target = None if latest is None else _target_for(obs, obs[latest].position)
    predicted = None if latest is None else forecasts[latest]
    return CurveStory(
        observations=obs,
        forecasts=forecasts,
        anchor=anchor,
        latest=latest,
        provisional=newer[-1] if newer else None,
        baseline=baseline,
        target=target,
        progress=progress(actual, baseline, target),
        trend=_trend(
            [float(o.actual) for o in recent if o.actual is not None],
            [o.position for o in recent],
            direction,
        ),
        turning=None
        if actual is None or predicted is None
        else is_turning(actual, predicted, direction),
    )


def cumulative(quadrant_is_percentage: bool, parts: Sequence[PartValue]) -> float | None:
    """Year to date or since the baseline: the sum of counts, or the pooled percentage
    100 × Σ numerators / Σ denominators (0..100)."""
    return aggregate("weighted_mean" if quadrant_is_percentage else "sum", parts)


def robust_z(value: float, history: Sequence[float]) -> float | None:
    """(value − median) / (1.4826 × MAD) against the history.

    None with fewer than 4 points of history (too little to call anything unusual). When the
    history does not vary (MAD = 0): None for the median itself, and ±infinity for any other
    value, since any change from a constant series is infinitely many deviations away.
    """
    if len(history) < MIN_HISTORY_FOR_Z:
        return None
    return robust_z_sorted(value, sorted(history))


def robust_z_sorted(value: float, ordered: Sequence[float]) -> float | None:
    """`robust_z` against a history already in ascending order: a caller testing many values
    against one partner's series sorts it once (the medians are read by position, as
    `statistics.median` reads them, so the figures are the same to the last bit)."""
    if len(ordered) < MIN_HISTORY_FOR_Z:
        return None
    median = _median_sorted(ordered)
    # |h − median| without a call per point: below the middle the median is the larger (the
    # two runs are merged by the sort).
    mid = len(ordered) // 2
    below = [median - h for h in ordered[:mid]]
    below.extend([h - median for h in ordered[mid:]])
    mad = _median_sorted(sorted(below))
    if mad == 0:
        return None if value == median else math.copysign(math.inf, value - median)
    return (value - median) / (MAD_TO_SD * mad)


def _median_sorted(ordered: Sequence[float]) -> float:
    """`statistics.median` of a non-empty sequence already in ascending order."""
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def is_outlier(
    value: float, history: Sequence[float], threshold: float = 3.5, *, ordered: bool = False
) -> bool:
    """A value worth a warning (not a refusal): |robust z| above the threshold. `ordered`: the
    history is already in ascending order (`robust_z_sorted`)."""
    z = robust_z_sorted(value, history) if ordered else robust_z(value, history)
    return z is not None and abs(z) > threshold


def parts_sum_mismatch(
    total: float, parts: Sequence[float], tolerance: float = 1e-9
) -> float | None:
    """total − Σ parts when disaggregated parts do not add up to the total, else None.

    The tolerance is relative to the size of the figures (at least 1), so that the rounding of
    large decimal figures is not reported as a gap.
    """
    summed = math.fsum(parts)
    gap = total - summed
    scale = max(1.0, abs(total), math.fsum(abs(p) for p in parts))
    return gap if abs(gap) > tolerance * scale else None


# The name the measures import has used since the first version.
parts_mismatch = parts_sum_mismatch
