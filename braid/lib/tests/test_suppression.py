"""Hand-worked cases for small-cell suppression with complementary suppression."""

from __future__ import annotations

import pytest

from braid.lib.suppression import Cell, display, suppress_series, suppress_table


def reasons(table):
    return {key: cell.reason for key, cell in table.items()}


def grid(rows):
    """{"A": {"x": 3, ...}} -> {("A", "x"): 3, ...}"""
    return {(r, c): v for r, cols in rows.items() for c, v in cols.items()}


def test_nothing_small_nothing_hidden():
    table = suppress_table(grid({"A": {"x": 5, "y": 6}, "B": {"x": 7, "y": 8}}))
    assert not any(cell.suppressed for cell in table.values())
    assert table[("A", "x")] == Cell(5)
    assert not table.hidden_row_totals and not table.hidden_col_totals


def test_small_cell_in_a_two_by_two_table_takes_every_cell_with_it():
    # A-x = 3 is small; row A then hides 20, column x hides 12; that leaves row B and
    # column y with one hidden cell each, so 30 goes too.
    table = suppress_table(grid({"A": {"x": 3, "y": 20}, "B": {"x": 12, "y": 30}}))
    assert reasons(table) == {
        ("A", "x"): "small",
        ("A", "y"): "complementary",
        ("B", "x"): "complementary",
        ("B", "y"): "complementary",
    }
    assert all(cell.value is None for cell in table.values())
    assert not table.hidden_row_totals and not table.hidden_col_totals


def test_complements_in_the_row_and_the_column_form_a_rectangle():
    #        x    y    z
    #   A    2   10   15     2 is small; row A hides its smallest other cell, 10;
    #   B    8    6   20     column x hides 8, column y hides 6: row B then has two.
    #   C    9   11   30
    cells = grid(
        {
            "A": {"x": 2, "y": 10, "z": 15},
            "B": {"x": 8, "y": 6, "z": 20},
            "C": {"x": 9, "y": 11, "z": 30},
        }
    )
    table = suppress_table(cells)
    hidden = {k: r for k, r in reasons(table).items() if r}
    assert hidden == {
        ("A", "x"): "small",
        ("A", "y"): "complementary",
        ("B", "x"): "complementary",
        ("B", "y"): "complementary",
    }
    assert table[("C", "z")] == Cell(30)
    assert not table.hidden_row_totals and not table.hidden_col_totals
    assert not table.hidden_grand_total


def test_a_complement_that_leaves_a_new_line_with_one_hidden_cell_is_followed_up():
    #        x    y    z
    #   A    2   10   50     pass 1: row A hides 10; column x hides 7 (C-x); column y hides 6
    #   B   40    6   50     (B-y). Rows B and C now have one hidden cell each, so pass 2
    #   C    7   50   60     hides B-x (40 < 50) and C-y (50 < 60).
    cells = grid(
        {
            "A": {"x": 2, "y": 10, "z": 50},
            "B": {"x": 40, "y": 6, "z": 50},
            "C": {"x": 7, "y": 50, "z": 60},
        }
    )
    hidden = {k: r for k, r in reasons(suppress_table(cells)).items() if r}
    assert hidden == {
        ("A", "x"): "small",
        ("A", "y"): "complementary",
        ("B", "x"): "complementary",
        ("B", "y"): "complementary",
        ("C", "x"): "complementary",
        ("C", "y"): "complementary",
    }


def test_zeros_stay_visible_and_are_never_the_complement():
    table = suppress_table(grid({"A": {"x": 2, "y": 9, "z": 40, "w": 0}}), col_totals_shown=False)
    assert reasons(table) == {
        ("A", "x"): "small",
        ("A", "y"): "complementary",
        ("A", "z"): "",
        ("A", "w"): "",
    }
    assert table[("A", "w")] == Cell(0)


def test_a_column_holding_a_single_count_hides_its_total():
    # Disaggregations side by side: each column (age band, gender) holds one count, so a
    # hidden count would be its column total. Both hidden columns hide their totals, which
    # also leaves the line of column totals with two hidden entries.
    cells = {
        ("age", "12-15"): 3,
        ("age", "16-18"): 20,
        ("age", "19+"): 30,
        ("gender", "F"): 25,
        ("gender", "M"): 28,
    }
    table = suppress_table(cells)
    assert {k for k, r in reasons(table).items() if r} == {("age", "12-15"), ("age", "16-18")}
    assert table.hidden_col_totals == {"12-15", "16-18"}
    assert table.hidden_row_totals == set()
    assert not table.hidden_grand_total


def test_a_row_with_only_zeros_beside_the_small_count_hides_its_total_and_another():
    #        x    y
    #   A    3    0    row A has nothing to pair with: its total (3) is hidden; the line of
    #   B   10   20    row totals then hides row B's total (30), and column x hides 10.
    table = suppress_table(grid({"A": {"x": 3, "y": 0}, "B": {"x": 10, "y": 20}}))
    assert reasons(table) == {
        ("A", "x"): "small",
        ("A", "y"): "",
        ("B", "x"): "complementary",
        ("B", "y"): "",
    }
    assert table.hidden_row_totals == {"A", "B"}
    assert table.hidden_col_totals == set()
    assert table.row_total("A") == Cell(None, True, "complementary")
    assert table.col_total("x") == Cell(13)
    assert table.grand_total() == Cell(33)


def test_a_table_of_one_small_cell_hides_every_total():
    table = suppress_table({("A", "x"): 3})
    assert table[("A", "x")].reason == "small"
    assert table.hidden_row_totals == {"A"}
    assert table.hidden_col_totals == {"x"}
    assert table.hidden_grand_total


def test_empty_cells_stay_empty_and_take_no_part():
    table = suppress_table(grid({"A": {"x": 3, "y": None, "z": 8}}), col_totals_shown=False)
    assert reasons(table) == {("A", "x"): "small", ("A", "y"): "", ("A", "z"): "complementary"}
    assert table[("A", "y")] == Cell(None)


def test_the_threshold_is_the_collaboratives():
    table = suppress_table(grid({"A": {"x": 7, "y": 12, "z": 30}}), 10, col_totals_shown=False)
    assert [table[("A", c)].reason for c in "xyz"] == ["small", "complementary", ""]


def test_suppressed_table_reads_like_the_mapping_it_came_from():
    table = suppress_table({("A", "x"): 5})
    assert dict(table) == {("A", "x"): Cell(5)}
    assert table.get(("B", "x")) is None
    assert len(table) == 1


def test_series_with_total_hides_a_second_value():
    out = suppress_series({"P1": 4, "P2": 50, "P3": 12})
    assert {k: c.reason for k, c in out.items()} == {"P1": "small", "P2": "", "P3": "complementary"}
    assert [display(out[k]) for k in ("P1", "P2", "P3")] == ["< 5", "50", "—"]


def test_series_without_a_total_needs_no_complement():
    out = suppress_series({"P1": 4, "P2": 50, "P3": 12}, total_shown=False)
    assert {k: c.reason for k, c in out.items()} == {"P1": "small", "P2": "", "P3": ""}


def test_series_with_two_small_values_needs_no_complement():
    out = suppress_series({"P1": 1, "P2": 2, "P3": 40})
    assert [out[k].reason for k in ("P1", "P2", "P3")] == ["small", "small", ""]


def test_series_with_nothing_to_pair_leaves_the_total_to_display_as_small():
    out = suppress_series({"P1": 3, "P2": None, "P3": 0})
    assert [out[k] for k in ("P1", "P2", "P3")] == [Cell(None, True, "small"), Cell(None), Cell(0)]
    assert display(3) == "< 5"  # the total, 3, is itself small


def test_a_suppressed_cell_never_carries_its_value():
    with pytest.raises(ValueError, match="must not carry its value"):
        Cell(3, True, "small")
    with pytest.raises(ValueError, match="needs a reason"):
        Cell(None, True, "")


@pytest.mark.parametrize(
    ("shown", "threshold", "decimals", "text"),
    [
        (Cell(None, True, "small"), 5, 0, "< 5"),
        (Cell(None, True, "small"), 10, 0, "< 10"),
        (Cell(None, True, "complementary"), 5, 0, "—"),
        (Cell(1234.5), 5, 1, "1,234.5"),
        (Cell(None), 5, 0, ""),
        (3, 5, 0, "< 5"),
        (0, 5, 0, "0"),
        (12, 5, 0, "12"),
        (None, 5, 0, ""),
    ],
)
def test_display(shown, threshold, decimals, text):
    assert display(shown, threshold, decimals) == text
