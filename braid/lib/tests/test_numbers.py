"""Numbers read as people write them: each case worked by hand."""

from __future__ import annotations

import pytest

from braid.lib.numbers import (
    AMBIGUOUS,
    EMPTY,
    NOT_A_NUMBER,
    TOO_LARGE,
    NumberError,
    detect_decimal,
    parse_number,
    write_number,
)


@pytest.mark.parametrize(
    ("text", "decimal", "number"),
    [
        # English: the point is the decimal mark, commas and spaces group thousands.
        ("1,500", "point", 1500.0),
        ("1.5", "point", 1.5),
        ("1,234,567.25", "point", 1234567.25),
        ("1 500", "point", 1500.0),
        ("-12", "point", -12.0),
        ("\u221212.5", "point", -12.5),
        (".5", "point", 0.5),
        ("1.500", "point", 1.5),
        # Only one way reads it: a comma that cannot group thousands is a decimal comma.
        ("12,5", "point", 12.5),
        ("1.234,5", "point", 1234.5),
        # French: the comma is the decimal mark, spaces of every kind group thousands.
        ("1 500", "comma", 1500.0),
        ("1\u00a0500", "comma", 1500.0),
        ("1\u202f500", "comma", 1500.0),
        ("1,5", "comma", 1.5),
        ("12,5", "comma", 12.5),
        ("1 234,5", "comma", 1234.5),
        ("1,500", "comma", 1.5),
        ("1.234,5", "comma", 1234.5),
        ("1.5", "comma", 1.5),
        ("1,234.5", "comma", 1234.5),
        # Written by a machine.
        ("1e3", "comma", 1000.0),
        ("2.5E-1", "point", 0.25),
        ("  40 ", "comma", 40.0),
    ],
)
def test_numbers_are_read_as_written(text: str, decimal: str, number: float) -> None:
    assert parse_number(text, decimal=decimal) == number  # type: ignore[arg-type]


def test_an_ambiguous_number_is_refused_with_both_readings() -> None:
    with pytest.raises(NumberError) as caught:
        parse_number("1.500", decimal="comma")  # French: 1,5 or 1 500?
    assert (caught.value.reason, caught.value.readings) == (AMBIGUOUS, (1.5, 1500.0))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", EMPTY),
        ("  ", EMPTY),
        ("nan", NOT_A_NUMBER),
        ("inf", TOO_LARGE),
        ("-Infinity", TOO_LARGE),
        ("twelve", NOT_A_NUMBER),
        ("12 5", NOT_A_NUMBER),
        ("1,50,0", NOT_A_NUMBER),
        ("1_000", NOT_A_NUMBER),
        ("0,500.1", NOT_A_NUMBER),
        ("1e400", TOO_LARGE),
        ("1" + "0" * 400, TOO_LARGE),
        ("2e15", TOO_LARGE),
    ],
)
def test_what_is_not_a_figure_is_refused(text: str, reason: str) -> None:
    with pytest.raises(NumberError) as caught:
        parse_number(text, decimal="point")
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("number", "decimal", "text"),
    [
        (1.5, "comma", "1,5"),
        (1500.0, "comma", "1500"),
        (12.5, "point", "12.5"),
        (0.1, "point", "0.1"),
    ],
)
def test_numbers_are_written_plainly(number: float, decimal: str, text: str) -> None:
    assert write_number(number, decimal=decimal) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cells", "default", "found"),
    [
        (["12", "1 234,5", "7"], "point", "comma"),
        (["12", "1.5"], "comma", "point"),
        (["1,500", "1 500", "12"], "comma", "comma"),  # nothing tells: the reader's language
        (["1,500", "1 500", "12"], "point", "point"),
        (["12,5", "1.5"], "point", "point"),  # evidence both ways: the reader's language
        ([], "comma", "comma"),
    ],
)
def test_a_files_decimal_mark_is_detected(cells: list[str], default: str, found: str) -> None:
    assert detect_decimal(cells, default=default) == found  # type: ignore[arg-type]


def test_the_plain_reader_takes_only_what_parse_number_reads_the_same() -> None:
    """The bulk import's fast reader: plain digits give parse_number's number; anything else
    ("1_000", spaces, signs, other scripts' digits, 16 digits, a stray mark) is left to the
    careful way."""
    from braid.lib.numbers import parse_number, plain_reader

    for decimal, mark in (("point", "."), ("comma", ",")):
        counts = plain_reader(decimal, whole=True)  # type: ignore[arg-type]
        figures = plain_reader(decimal, whole=False)  # type: ignore[arg-type]
        for text in ("0", "7", "007", "1500", "999999999999999"):
            assert counts(text) == parse_number(text, decimal=decimal)  # type: ignore[arg-type]
        for text in ("12", f"12{mark}5", f"0{mark}25", f"1500{mark}0"):
            assert figures(text) == parse_number(text, decimal=decimal)  # type: ignore[arg-type]
        for text in ("1_000", " 12", "12 ", "-4", "+4", "١٢", "²", "1234567890123456", "", "1e3"):
            with pytest.raises(ValueError):
                counts(text)
        for text in (f"1_000{mark}5", f"12{mark}", f"{mark}5", f"1{mark}2{mark}3", "12.5,0"):
            with pytest.raises(ValueError):
                figures(text)
        with pytest.raises(ValueError):
            counts(f"12{mark}5")  # a count with decimals: the careful way words the refusal
