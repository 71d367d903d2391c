"""CSV formula neutralisation round trip, numbers kept as numbers, and the field-size limit."""
from __future__ import annotations

import csv
import io

import pytest

from stemfoot.corpus.csv_safety import (
    CsvFieldTooLarge,
    SafeDictWriter,
    SafeWriter,
    csv_field_error,
    neutralise_cell,
    raise_csv_field_limit,
    restore_cell,
)

ATTACKS = [
    "=HYPERLINK(\"http://evil\",\"click\")",
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "-1+1",
    "-",
    "--",
    "-inf",
    "+",
    "=",
]


@pytest.mark.parametrize("cell", ATTACKS)
def test_formula_cells_get_a_leading_quote(cell):
    out = neutralise_cell(cell)
    assert out == "'" + cell
    assert restore_cell(out) == cell


@pytest.mark.parametrize("number", ["-3.2", "+5", "-0.5", "-0,57", "-1e-05", "12", "0.001", "-.5", "+3E2"])
def test_plain_numbers_are_not_prefixed(number):
    assert neutralise_cell(number) == number
    assert restore_cell(number) == number


def test_non_strings():
    assert neutralise_cell(None) == ""
    assert neutralise_cell(-3) == "-3"
    assert neutralise_cell(-3.25) == "-3.25"
    assert neutralise_cell(float("-inf")) == "'-inf"


@pytest.mark.parametrize("text", [
    "'=already quoted", "''=x", "'", "''", "'-3.2", "' plain", "plain", "", "<0.001", "≤0.05", "'-", "'@x",
    "a=b", " =leading space", "Stem cells (n = 12)", "'''+x", "\n=newline first",
])
def test_round_trip_is_exact_for_any_text(text):
    assert restore_cell(neutralise_cell(text)) == text


def test_restore_of_a_cell_a_spreadsheet_saved_without_the_quote():
    # Some spreadsheets drop the quote prefix on save: the text is the same either way.
    assert restore_cell("=x") == "=x"


def test_writer_through_real_csv_module_and_back():
    rows = [["id", "note", "value"], ["a1", "=HYPERLINK(\"x\")", "-3.2"], ["a2", "@evil", "-1+1"]]
    buf = io.StringIO()
    SafeWriter(buf).writerows(rows)
    written = list(csv.reader(io.StringIO(buf.getvalue())))
    assert written[1] == ["a1", "'=HYPERLINK(\"x\")", "-3.2"]
    assert all(not cell.startswith(("=", "@", "+")) for row in written for cell in row)
    assert [[restore_cell(c) for c in row] for row in written] == rows


def test_dict_writer_neutralises_header_and_cells():
    buf = io.StringIO()
    writer = SafeDictWriter(buf, fieldnames=["=h", "n"], lineterminator="\n")
    writer.writeheader()
    writer.writerow({"=h": "+x", "n": -2})
    assert buf.getvalue() == "'=h,n\n'+x,-2\n"


def test_field_limit_is_raised_and_exceeded_with_one_line():
    previous = raise_csv_field_limit(1000)
    try:
        long_cell = "x" * 1500
        with pytest.raises(csv.Error) as caught:
            list(csv.reader(io.StringIO(f"a,b\n1,{long_cell}\n")))
        err = csv_field_error(caught.value, "sheet.csv", 2)
        assert isinstance(err, CsvFieldTooLarge)
        assert str(err) == ("sheet.csv: line 2: a cell is longer than 1,000 characters "
                            "(limit 1,000; raise it with --max-csv-field)")
        raise_csv_field_limit(2000)
        assert list(csv.reader(io.StringIO(f"1,{long_cell}\n")))[0][1] == long_cell
    finally:
        csv.field_size_limit(previous)
    with pytest.raises(ValueError):
        raise_csv_field_limit(0)
