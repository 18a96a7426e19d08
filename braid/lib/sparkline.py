"""A sparkline as SVG coordinates: the figures, their forecast and the target in one small box.

Pure arithmetic, so the scorecard can draw 200 of them on the server with no script. The
figures, the forecast and the target share one vertical scale, so a line below the target
reads as below it. y grows downwards, as in SVG.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Spark:
    actual: str  # "x,y x,y ..." for <polyline points>
    forecast: str
    target_y: float | None
    last: tuple[float, float] | None  # where the latest figure sits, for a dot


def _known(v: float | None) -> bool:
    return v is not None and math.isfinite(v)


def sparkline(
    actuals: Sequence[float | None],
    forecasts: Sequence[float | None],
    target: float | None,
    *,
    width: float = 120,
    height: float = 28,
    pad: float = 3,
) -> Spark:
    """One x step per period (index), one scale for figures, forecast and target.

    A flat series (all the same value, no other line) sits in the middle of the box.
    """
    if len(actuals) != len(forecasts):
        raise ValueError("one forecast (or None) per figure")
    seen = [v for v in (*actuals, *forecasts, target) if v is not None and _known(v)]
    if not seen:
        return Spark("", "", None, None)
    low, high = min(seen), max(seen)
    span = high - low
    steps = max(1, len(actuals) - 1)

    def x(i: int) -> float:
        return round(pad + (width - 2 * pad) * i / steps, 1)

    def y(v: float) -> float:
        if span == 0:
            return round(height / 2, 1)
        return round(height - pad - (height - 2 * pad) * (v - low) / span, 1)

    def line(values: Sequence[float | None]) -> str:
        return " ".join(
            f"{x(i)},{y(v)}" for i, v in enumerate(values) if v is not None and _known(v)
        )

    known = [i for i, v in enumerate(actuals) if v is not None and _known(v)]
    last_value = actuals[known[-1]] if known else None
    return Spark(
        actual=line(actuals),
        forecast=line(forecasts),
        target_y=None if target is None else y(target),
        last=None if last_value is None else (x(known[-1]), y(last_value)),
    )
