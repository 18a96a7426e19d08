"""Hand-worked sparklines: one vertical scale for the figures, the forecast and the target."""

from __future__ import annotations

import pytest

from braid.lib.sparkline import Spark, sparkline


def test_figures_forecast_and_target_share_one_scale():
    # Box 100 × 20 with pad 0: x steps 50; values 0..10 map to y 20..0.
    s = sparkline([0, 5, None], [None, None, 10], 2.5, width=100, height=20, pad=0)
    assert s.actual == "0.0,20.0 50.0,10.0"
    assert s.forecast == "100.0,0.0"
    assert s.target_y == 15.0
    assert s.last == (50.0, 10.0)


def test_a_flat_series_sits_in_the_middle():
    s = sparkline([3, 3], [None, None], None, width=10, height=8, pad=1)
    assert s == Spark("1.0,4.0 9.0,4.0", "", None, (9.0, 4.0))


def test_nothing_to_draw_draws_nothing():
    assert sparkline([None], [None], None) == Spark("", "", None, None)


def test_one_forecast_per_figure():
    with pytest.raises(ValueError, match="one forecast"):
        sparkline([1, 2], [None], None)
