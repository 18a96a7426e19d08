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
    seen = [v for v in (*actuals, *forecasts, target) if v is not None and math.isfinite(v)]
    if not seen:
        return Spark("", "", None, None)
    low, high = min(seen), max(seen)
    # x and y as one multiplication each (200 sparklines a page): a flat series sits mid-box.
    x_step = (width - 2 * pad) / max(1, len(actuals) - 1)
    y_scale = (height - 2 * pad) / (high - low) if high > low else 0.0
    y_base = height - pad if high > low else height / 2

    def line(values: Sequence[float | None]) -> tuple[str, tuple[float, float] | None]:
        known = [(i, v) for i, v in enumerate(values) if v is not None and math.isfinite(v)]
        if not known:
            return "", None
        xs = [pad + x_step * i for i, _v in known]
        ys = [y_base - y_scale * (v - low) for _i, v in known]
        text = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
        return text, (round(xs[-1], 1), round(ys[-1], 1))

    actual, last = line(actuals)
    forecast, _end = line(forecasts)
    return Spark(
        actual=actual,
        forecast=forecast,
        target_y=None if target is None else round(y_base - y_scale * (target - low), 1),
        last=last,
    )
