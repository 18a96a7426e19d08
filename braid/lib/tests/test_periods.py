"""Periods as people write them, read as Braid's codes."""

from __future__ import annotations

import pytest

from braid.lib.periods import candidates, month_number


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("2026-Q1", ["2026-Q1"]),
        ("Q1 2026", ["2026-Q1"]),
        ("q1-2026", ["2026-Q1"]),
        ("T1 2026", ["2026-Q1"]),
        ("2026 T1", ["2026-Q1"]),
        ("2026 trimestre 2", ["2026-Q2"]),
        ("January 2026", ["2026-01"]),
        ("janv. 2026", ["2026-01"]),
        ("2026 Février", ["2026-02"]),
        ("Sept. 2025", ["2025-09"]),
        ("2026-01", ["2026-01"]),
        ("03/2026", ["2026-03"]),
        ("2026", ["2026"]),
        ("2025-26", ["2025-26"]),
        ("2025/2026", ["2025-26"]),
        # Several readings: the caller keeps the ones that are its periods.
        ("FY2026", ["2026", "2025-26"]),
        ("2026-1", ["2026-01", "2026-Q1"]),
        # No year, no period, or not one at all.
        ("Q1", []),
        ("janvier", []),
        ("2026-13", []),
        ("2025-2027", []),
        ("ju 2026", []),
        ("", []),
    ],
)
def test_periods_as_people_write_them(text, codes):  # type: ignore[no-untyped-def]
    assert candidates(text) == codes


def test_month_words_in_either_language_whole_or_cut_short():  # type: ignore[no-untyped-def]
    assert [month_number(w) for w in ("mars", "Mar", "août", "AUG", "juil.", "jui")] == [
        3,
        3,
        8,
        8,
        7,
        None,
    ]
