"""Results-Based Accountability arithmetic (INSTRUMENTS.md §5): aggregation across partners,
progress toward a target, the baseline forecast and the turn of the curve, cumulative values,
and the robust outlier test used to warn about suspicious entries."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

RULES = ("sum", "weighted_mean", "mean", "latest")


@dataclass(frozen=True)
class Part:
    """One partner's figure for one period. Percentages carry numerator and denominator."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    order: int = 0  # the period's position, for the "latest" rule


def aggregate(rule: str, parts: Sequence[Part]) -> float | None:
    """Combine partners' figures by the indicator's rule; never the mean of percentages."""
    if rule not in RULES:
        raise ValueError(f"unknown aggregation rule {rule!r}; use one of {', '.join(RULES)}")
    if rule == "weighted_mean":
        pooled = [
            (p.numerator, p.denominator) for p in parts if p.numerator is not None and p.denominator
        ]
        if not pooled:
            return None
        return 100.0 * sum(n for n, _ in pooled) / sum(d for _, d in pooled)  # type: ignore[misc]
    values = [p for p in parts if p.value is not None]
    if not values:
        return None
    if rule == "sum":
        return float(sum(p.value for p in values))  # type: ignore[misc]
    if rule == "mean":
        return float(statistics.fmean(p.value for p in values))  # type: ignore[misc]
    newest = max(p.order for p in values)
    return float(statistics.fmean(p.value for p in values if p.order == newest))  # type: ignore[misc]


def progress(actual: float | None, baseline: float | None, target: float | None) -> float | None:
    """Share of the way from baseline to target; direction comes from the target itself
    (a target below the baseline means down is good). Not clipped: clip only to display."""
    if actual is None or baseline is None or target is None or target == baseline:
        return None
    return (actual - baseline) / (target - baseline)


def clip(value: float | None, low: float = 0.0, high: float = 1.0) -> float | None:
    return None if value is None else min(max(value, low), high)


def forecast(history: Sequence[float], steps: int, k: int = 5) -> list[float]:
    """Ordinary least squares on the last k points, projected `steps` points ahead."""
    points = list(history)[-k:]
    n = len(points)
    if n == 0:
        return []
    if n == 1:
        return [points[0]] * steps
    mean_x = (n - 1) / 2
    mean_y = sum(points) / n
    sxx = sum((x - mean_x) ** 2 for x in range(n))
    slope = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(points)) / sxx
    intercept = mean_y - slope * mean_x
    return [intercept + slope * (n - 1 + s) for s in range(1, steps + 1)]


def sign(direction: str) -> int:
    if direction not in ("up", "down"):
        raise ValueError("direction must be 'up' or 'down'")
    return 1 if direction == "up" else -1


def is_turning(actual: float, forecast_value: float, direction: str) -> bool:
    """The curve turns where the actual beats the forecast in the good direction."""
    return sign(direction) * (actual - forecast_value) > 0


def trend(history: Sequence[float], direction: str, tolerance: float = 0.01) -> str:
    """improving / worsening / flat, from the slope over the last five points; a slope smaller
    than `tolerance` of the mean level per period counts as flat."""
    points = list(history)[-5:]
    if len(points) < 2:
        return "flat"
    n = len(points)
    mean_x = (n - 1) / 2
    mean_y = sum(points) / n
    slope = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(points)) / sum(
        (x - mean_x) ** 2 for x in range(n)
    )
    if abs(slope) <= tolerance * max(abs(mean_y), 1e-9):
        return "flat"
    return "improving" if sign(direction) * slope > 0 else "worsening"


def cumulative(is_percentage: bool, parts: Sequence[Part]) -> float | None:
    """Year to date or since baseline: sums for counts, pooled ratio for percentages."""
    if is_percentage:
        return aggregate("weighted_mean", parts)
    return aggregate("sum", parts)


def robust_z(value: float, history: Sequence[float]) -> float | None:
    """(value − median) / (1.4826 × MAD). None with fewer than 4 points of history; when the
    history does not vary (MAD 0), 0 for the same value and infinity for any other."""
    if len(history) < 4:
        return None
    median = statistics.median(history)
    mad = statistics.median(abs(h - median) for h in history)
    if mad == 0:
        return 0.0 if value == median else math.inf
    return (value - median) / (1.4826 * mad)


def is_outlier(value: float, history: Sequence[float], threshold: float = 3.5) -> bool:
    z = robust_z(value, history)
    return z is not None and abs(z) > threshold


def parts_mismatch(total: float, parts: Sequence[float], tolerance: float = 1e-6) -> float | None:
    """The gap when disaggregated parts do not add up to the total, else None."""
    gap = total - sum(parts)
    return gap if abs(gap) > tolerance else None
