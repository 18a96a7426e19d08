"""Hand-worked cases for the shared-measures arithmetic (INSTRUMENTS.md §5)."""

from __future__ import annotations

import math
import random
import statistics

import pytest

from braid.lib.rba import (
    Observation,
    Part,
    PartValue,
    aggregate,
    contributes,
    cumulative,
    curve_story,
    forecast,
    is_outlier,
    is_turning,
    parts_mismatch,
    parts_sum_mismatch,
    progress,
    progress_clipped,
    robust_z,
    robust_z_sorted,
    trend,
)


def test_sum_adds_the_values_and_skips_missing_ones():
    parts = [PartValue(10), PartValue(20), PartValue(None), PartValue(30)]
    assert aggregate("sum", parts) == 60


def test_mean_is_the_plain_mean_of_known_values():
    assert aggregate("mean", [PartValue(10), PartValue(None), PartValue(25)]) == 17.5


def test_latest_takes_the_newest_period_and_averages_ties():
    parts = [
        PartValue(10, period_order=1),
        PartValue(20, period_order=2),
        PartValue(30, period_order=2),
        PartValue(99, period_order=3),
        PartValue(None, period_order=4),
    ]
    assert aggregate("latest", parts) == 99
    assert aggregate("latest", parts[:3]) == 25


def test_weighted_mean_pools_numerators_and_denominators_not_percentages():
    # 9/10 = 90 % and 10/100 = 10 %: the mean of percentages says 50 %, pooled 19/110 = 17.27 %
    parts = [PartValue(90, 9, 10), PartValue(10, 10, 100)]
    assert aggregate("weighted_mean", parts) == pytest.approx(100 * 19 / 110)
    assert aggregate("weighted_mean", parts) == pytest.approx(17.272727, abs=1e-6)


def test_weighted_mean_rebuilds_a_missing_numerator_from_value_and_denominator():
    # 40 % of 50 = 20 people; with 30 of 150: 50 / 200 = 25 %
    parts = [PartValue(40, None, 50), PartValue(20, 30, 150)]
    assert aggregate("weighted_mean", parts) == pytest.approx(25.0)


def test_weighted_mean_ignores_parts_without_a_positive_denominator():
    parts = [PartValue(50), PartValue(None, 3, 0), PartValue(None, 1, 4)]
    assert aggregate("weighted_mean", parts) == 25.0


def test_weighted_mean_of_bare_percentages_is_none_rather_than_their_mean():
    assert aggregate("weighted_mean", [PartValue(90), PartValue(10)]) is None


@pytest.mark.parametrize("rule", ["sum", "mean", "latest", "weighted_mean"])
def test_no_usable_part_gives_none(rule):
    assert aggregate(rule, []) is None
    assert aggregate(rule, [PartValue(None)]) is None


def test_unknown_rule_is_refused_with_the_rules_listed():
    with pytest.raises(ValueError, match="unknown aggregation rule 'median': use one of sum"):
        aggregate("median", [PartValue(1)])


def test_part_is_the_same_class_with_positional_period_order():
    assert Part(1, 2, 3, 7) == PartValue(1, 2, 3, period_order=7)


def test_progress_up_is_share_of_the_way_to_the_target():
    assert progress(60, 40, 80, "up") == 0.5
    assert progress(90, 40, 80) == 1.25


def test_progress_down_is_good_when_the_target_is_below_the_baseline():
    assert progress(30, 40, 20, "down") == 0.5
    assert progress(50, 40, 20, "down") == -0.5


def test_progress_with_a_target_on_the_wrong_side_still_applies_the_formula():
    # direction down but target above baseline: (45 − 40) / (50 − 40)
    assert progress(45, 40, 50, "down") == 0.5


def test_progress_is_none_without_inputs_or_a_distance_to_cover():
    assert progress(10, 40, 40) is None
    assert progress(None, 40, 20) is None
    assert progress(10, None, 20) is None
    assert progress(10, 40, None) is None


def test_progress_refuses_an_unknown_direction():
    with pytest.raises(ValueError, match="direction must be 'up' or 'down'"):
        progress(1, 0, 2, "sideways")


def test_progress_clipped_only_for_display():
    assert progress_clipped(-0.5) == 0.0
    assert progress_clipped(1.25) == 1.0
    assert progress_clipped(0.3) == 0.3
    assert progress_clipped(None) is None


def test_forecast_is_ols_on_the_last_five_points():
    # last five: 3, 5, 7, 9, 11 (slope 2) -> 13, 15
    assert forecast([100, 1, 3, 5, 7, 9, 11], steps=2) == pytest.approx([13, 15])


def test_forecast_fits_the_least_squares_line_not_the_last_two_points():
    # x = 0..3, y = 1, 3, 2, 5: slope = 1.1, intercept = 1.1; x = 4 -> 5.5, x = 5 -> 6.6
    assert forecast([1, 3, 2, 5], steps=2) == pytest.approx([5.5, 6.6])


def test_forecast_with_k_three_uses_three_points():
    assert forecast([50, 10, 20, 30], steps=1, k=3) == pytest.approx([40])


def test_forecast_with_one_point_is_flat_and_without_history_empty():
    assert forecast([4], steps=2) == [4.0, 4.0]
    assert forecast([], steps=3) == []
    assert forecast([1, 2], steps=0) == []


def test_forecast_refuses_negative_steps():
    with pytest.raises(ValueError, match="steps must be 0 or more"):
        forecast([1, 2], steps=-1)


def test_turning_the_curve_depends_on_direction():
    assert is_turning(actual=12, forecast_value=15, direction="down")
    assert not is_turning(actual=12, forecast_value=15, direction="up")
    assert is_turning(actual=16, forecast_value=15, direction="up")
    assert not is_turning(actual=15, forecast_value=15, direction="up")


def test_trend_reads_the_slope_in_the_good_direction():
    assert trend([10, 9, 8, 7, 6], "down") == "improving"
    assert trend([10, 9, 8, 7, 6], "up") == "worsening"
    assert trend([1, 2, 3], "up") == "improving"


def test_trend_uses_only_the_last_five_points():
    assert trend([100, 1, 2, 3, 4, 5], "up") == "improving"


def test_trend_is_flat_when_the_slope_is_within_one_percent_of_the_level():
    # slope 1 per period on a level of 200: 0.5 % -> flat; 3 per period: 1.5 % -> improving
    assert trend([198, 199, 200, 201, 202], "up") == "flat"
    assert trend([194, 197, 200, 203, 206], "up") == "improving"
    assert trend([0, 0, 0], "up") == "flat"
    assert trend([7], "up") == "flat"


def test_cumulative_sums_counts():
    assert cumulative(False, [PartValue(3), PartValue(4), PartValue(None)]) == 7


def test_cumulative_pools_percentages_on_a_zero_to_hundred_scale():
    # 1/2 and 1/4: 2/6 = 33.3 %
    assert cumulative(True, [PartValue(50, 1, 2), PartValue(25, 1, 4)]) == pytest.approx(
        100 * 2 / 6
    )


def test_robust_z_hand_worked():
    history = [10, 12, 11, 13, 12]
    # median 12, |deviations| 2, 0, 1, 1, 0 -> MAD 1; z(20) = 8 / 1.4826 = 5.3959
    assert robust_z(20, history) == pytest.approx(8 / 1.4826)
    assert robust_z(20, history) == pytest.approx(5.39593, abs=1e-5)
    assert robust_z(10, history) == pytest.approx(-2 / 1.4826)


def test_robust_z_needs_four_points_of_history():
    assert robust_z(5, [1, 2, 3]) is None


def test_robust_z_on_a_constant_history_is_none_at_the_median_and_infinite_elsewhere():
    assert robust_z(4, [4, 4, 4, 4]) is None
    assert robust_z(5, [4, 4, 4, 4]) == math.inf
    assert robust_z(3, [4, 4, 4, 4]) == -math.inf


def test_outlier_beyond_three_and_a_half_robust_deviations():
    history = [10, 12, 11, 13, 12]
    assert is_outlier(20, history)  # z = 5.40
    assert not is_outlier(17, history)  # z = 3.37
    assert not is_outlier(13, history)
    assert not is_outlier(100, [1, 2])
    assert not is_outlier(4, [4, 4, 4, 4])


def test_a_part_contributes_exactly_when_it_alone_gives_the_rule_a_figure():
    parts = [
        PartValue(v, n, d)
        for v in (None, math.nan, 0.0, 40.0)
        for n in (None, math.nan, 0.0, 3.0)
        for d in (None, -1.0, 0.0, 5.0)
    ]
    for rule in ("sum", "weighted_mean", "mean", "latest"):
        for p in parts:
            assert contributes(rule, p) == (aggregate(rule, [p]) is not None), (rule, p)


def test_robust_z_of_a_sorted_history_is_the_textbook_figure_to_the_last_bit():
    """The sorted variant (unusual figures sort each partner's series once) reads the medians
    by position: the same figures as statistics.median, for counts and decimals alike."""
    rng = random.Random(3)
    for _ in range(500):
        n = rng.randint(0, 12)
        history = [rng.choice([rng.randint(0, 9), rng.uniform(-50, 50)]) for _ in range(n)]
        value = rng.choice([rng.uniform(-100, 100), *history[:1]])
        if len(history) < 4:
            expected = None
        else:
            median = statistics.median(history)
            mad = statistics.median(abs(h - median) for h in history)
            expected = (
                (None if value == median else math.copysign(math.inf, value - median))
                if mad == 0
                else (value - median) / (1.4826 * mad)
            )
        assert robust_z_sorted(value, sorted(history)) == expected
        assert robust_z(value, history) == expected
        assert is_outlier(value, sorted(history), ordered=True) == is_outlier(value, history)


def test_parts_that_do_not_sum_to_the_total_give_the_gap():
    assert parts_sum_mismatch(10, [3, 3, 3]) == 1
    assert parts_sum_mismatch(8, [3, 3, 3]) == -1
    assert parts_sum_mismatch(9, [3, 3, 3]) is None


def test_parts_sum_ignores_floating_point_rounding():
    assert parts_sum_mismatch(0.3, [0.1, 0.2]) is None
    assert parts_sum_mismatch(1e12, [0.1e12, 0.2e12, 0.7e12]) is None


def test_parts_mismatch_is_the_same_function():
    assert parts_mismatch is parts_sum_mismatch


# The one reading of a curve: forecast, turn, trend and progress together (curve_story).


def _obs(*actuals: float | None) -> list[Observation]:
    return [Observation(i, a) for i, a in enumerate(actuals)]


def test_story_projects_the_first_figures_over_the_last_five_and_judges_the_latest():
    # Down is good. Fitted on positions 0 and 1 (10, 12: slope 2), projected 14 ... 22.
    story = curve_story(_obs(10, 12, 14, 16, 18, 15, 14), "down")
    assert story.anchor == 1
    assert story.forecasts == pytest.approx([None, None, 14, 16, 18, 20, 22])
    assert story.latest == 6 and story.latest_value == 14
    assert story.latest_forecast == pytest.approx(22)
    assert story.turning is True  # −1 × (14 − 22) > 0
    # Last five: 14, 16, 18, 15, 14 — slope −0.1 per period, under 1 % of their level 15.4.
    assert story.trend == "flat"


def test_story_forecast_is_the_one_the_chart_draws_at_every_period_after_the_anchor():
    # With a baseline period (position 3) the line is fitted on the last five up to it.
    obs = [Observation(i, a) for i, a in enumerate([1, 3, 2, 5, 9, 9])]
    story = curve_story(obs, "up", baseline_at=3)
    # OLS through (0,1) (1,3) (2,2) (3,5): slope 5.5 / 5 = 1.1, intercept 2.75 − 1.65 = 1.1.
    assert story.forecasts == pytest.approx([None, None, None, None, 5.5, 6.6])
    assert story.turning is True and story.trend == "improving"
    assert story.baseline == 5  # the figure at the baseline period


def test_story_with_one_figure_before_the_baseline_forecasts_a_flat_line():
    story = curve_story(_obs(40, 38, 45), "up", baseline_at=0)
    assert story.forecasts == pytest.approx([None, 40, 40])
    assert story.turning is True


def test_story_reads_a_gap_in_the_history_as_time_passing():
    obs = [Observation(0, 10), Observation(1, 11), Observation(3, 12)]
    story = curve_story(obs, "up", baseline_at=1)
    assert story.forecasts == pytest.approx([None, None, 13])
    assert story.turning is False  # 12 is below the forecast 13, up is good


def test_story_never_fits_or_judges_a_partial_figure_and_marks_it_provisional():
    obs = [Observation(i, a) for i, a in enumerate([50, 52, 54, 56])]
    obs.append(Observation(4, 30, complete=False))  # one partner of two reported
    story = curve_story(obs, "up")
    assert story.latest == 3 and story.provisional == 4
    assert story.latest_value == 56
    assert story.anchor == 1 and story.forecasts[3] == pytest.approx(56)
    assert story.forecasts[4] == pytest.approx(58)  # drawn for the provisional period too
    assert story.turning is False  # 56 does not beat 56
    assert story.trend == "improving"


def test_story_progress_runs_from_the_baseline_to_the_latest_periods_target():
    obs = [
        Observation(0, 100, target=None),
        Observation(1, 90),
        Observation(2, 80, target=70),
        Observation(3, None, target=50),
    ]
    story = curve_story(obs, "down", baseline=100)
    assert story.target == 70 and story.progress == pytest.approx((80 - 100) / (70 - 100))
    # Three figures: fitted on the first two (slope −10), so 80 is forecast and 80 does not beat it.
    assert story.forecasts[2] == pytest.approx(80) and story.turning is False
    assert story.trend == "improving"
    two = curve_story(obs[:2], "down")
    assert two.turning is None and two.forecasts == (None, None)  # too few figures to forecast


def test_story_of_no_figures_says_nothing():
    story = curve_story([Observation(0, None, target=5)], "up")
    assert story.latest is None and story.turning is None and story.progress is None
    assert story.trend == "flat" and story.forecasts == (None,)


def test_story_refuses_observations_out_of_time_order():
    with pytest.raises(ValueError, match="time order"):
        curve_story([Observation(1, 1), Observation(1, 2)], "up")
