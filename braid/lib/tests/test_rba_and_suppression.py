"""Hand-worked cases for the shared-measures arithmetic and small-cell suppression."""

from __future__ import annotations

import math

import pytest

from braid.lib.rba import (
    Part,
    aggregate,
    clip,
    cumulative,
    forecast,
    is_outlier,
    is_turning,
    parts_mismatch,
    progress,
    robust_z,
    trend,
)
from braid.lib.suppression import display, suppress_series, suppress_table


def test_sum_mean_and_latest():
    parts = [Part(10, order=1), Part(20, order=2), Part(30, order=2), Part(None)]
    assert aggregate("sum", parts) == 60
    assert aggregate("mean", parts) == 20
    assert aggregate("latest", parts) == 25


def test_weighted_mean_pools_numerators_and_denominators_not_percentages():
    # 9/10 = 90 % and 10/100 = 10 %: the mean of percentages would say 50 %, pooled is 17.27 %
    parts = [Part(90, 9, 10), Part(10, 10, 100)]
    assert aggregate("weighted_mean", parts) == pytest.approx(100 * 19 / 110)


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="unknown aggregation rule"):
        aggregate("median", [Part(1)])


def test_progress_up_and_down():
    assert progress(60, 40, 80) == 0.5  # up is good: halfway
    assert progress(30, 40, 20) == 0.5  # down is good: from 40 toward 20, at 30
    assert progress(50, 40, 20) == -0.5  # moving the wrong way
    assert clip(progress(50, 40, 20)) == 0.0
    assert clip(progress(10, 40, 20)) == 1.0
    assert progress(10, 40, 40) is None


def test_forecast_is_ols_on_the_last_five_points():
    # last five: 3, 5, 7, 9, 11 (slope 2) -> 13, 15
    assert forecast([100, 1, 3, 5, 7, 9, 11], steps=2) == pytest.approx([13, 15])
    assert forecast([4], steps=2) == [4, 4]
    assert forecast([], steps=3) == []


def test_turning_the_curve_depends_on_direction():
    assert is_turning(actual=12, forecast_value=15, direction="down")
    assert not is_turning(actual=12, forecast_value=15, direction="up")


def test_trend_reads_the_slope_in_the_good_direction():
    assert trend([10, 9, 8, 7, 6], "down") == "improving"
    assert trend([10, 9, 8, 7, 6], "up") == "worsening"
    assert trend([10, 10, 10.01, 10, 10], "up") == "flat"


def test_cumulative_sums_counts_and_pools_percentages():
    assert cumulative(False, [Part(3), Part(4)]) == 7
    assert cumulative(True, [Part(50, 1, 2), Part(25, 1, 4)]) == pytest.approx(100 * 2 / 6)


def test_robust_z_and_outliers():
    history = [10, 12, 11, 13, 12]
    # median 12, MAD median(|-2|,0,1,1,0) = 1 -> z(20) = 8 / 1.4826
    assert robust_z(20, history) == pytest.approx(8 / 1.4826)
    assert is_outlier(20, history)
    assert not is_outlier(13, history)
    assert robust_z(5, [1, 2]) is None
    assert robust_z(5, [4, 4, 4, 4]) == math.inf


def test_parts_that_do_not_sum_to_the_total():
    assert parts_mismatch(10, [3, 3, 3]) == 1
    assert parts_mismatch(9, [3, 3, 3]) is None


def test_small_cell_and_its_complement_in_the_row_and_column():
    # rows: partners, columns: age bands; 3 is small.
    cells = {("A", "12-15"): 3, ("A", "16-18"): 20, ("B", "12-15"): 12, ("B", "16-18"): 30}
    out = suppress_table(cells)
    assert out[("A", "12-15")].reason == "small"
    # row A would reveal 3 from its total: 20 is hidden; column 12-15 too: 12 is hidden;
    # then row B and column 16-18 each have one hidden cell: 30 is hidden as well.
    assert out[("A", "16-18")].reason == "complementary"
    assert out[("B", "12-15")].reason == "complementary"
    assert out[("B", "16-18")].reason == "complementary"


def test_complement_picks_the_smallest_visible_cell_and_keeps_zeros():
    cells = {("A", "x"): 2, ("A", "y"): 9, ("A", "z"): 40, ("A", "w"): 0}
    out = suppress_table(cells)
    assert [out[("A", c)].reason for c in "xyzw"] == ["small", "complementary", "", ""]
    assert out[("A", "w")].value == 0


def test_series_with_total_hides_a_second_value():
    out = suppress_series({"P1": 4, "P2": 50, "P3": 12})
    assert {k: c.reason for k, c in out.items()} == {"P1": "small", "P2": "", "P3": "complementary"}
    assert display(out["P1"]) == "< 5" and display(out["P3"]) == "—" and display(out["P2"]) == "50"


def test_nothing_small_nothing_hidden():
    out = suppress_series({"P1": 5, "P2": 6})
    assert not any(c.suppressed for c in out.values())
