"""Writing exports: one function for CSV and XLSX, formulas neutralised, other formats refused."""

import io

import pytest
from openpyxl import load_workbook

from braid.lib.tabular import write_table

ROWS = [["Eastside", 12], ["=HYPERLINK(1)", None]]


def test_csv_neutralises_formulas_and_blanks_none():
    out = io.StringIO()
    write_table(ROWS, ["name", "value"], out, fmt="csv", sheet_title="x")
    assert out.getvalue().splitlines() == ["name,value", "Eastside,12", "'=HYPERLINK(1),"]


def test_xlsx_keeps_numbers_and_names_the_sheet():
    out = io.BytesIO()
    write_table(ROWS, ["name", "value"], out, fmt="xlsx", sheet_title="values")
    sheet = load_workbook(io.BytesIO(out.getvalue()))["values"]
    assert [c.value for c in sheet[2]] == ["Eastside", 12]
    assert sheet["A3"].value == "'=HYPERLINK(1)"


def test_other_formats_are_refused_with_the_choices():
    with pytest.raises(ValueError, match="use csv or xlsx"):
        write_table(ROWS, ["name", "value"], io.StringIO(), fmt="pdf", sheet_title="x")
