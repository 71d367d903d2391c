"""Review-sheet checks: truncation, ragged rows, required/unedited columns, values by kind."""
from __future__ import annotations

import csv
import io

import pytest

from stemfoot.review.sheet_checks import (
    SheetCheckError,
    check_complete,
    check_required_columns,
    consistency_errors,
    identity_errors,
    ragged_rows,
    row_value_errors,
    truncation_problem,
    value_errors,
)

HEADER = ["id", "pmid", "field", "machine_value", "source_sentence", "decision", "corrected_value", "note",
          "status", "statistic_id", "arm", "outcome", "timepoint", "kind", "revision", "decided_at"]


def _sheet(rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)  # CRLF line ends, as stemfoot and Excel write
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buf.getvalue()


ROWS = [
    ["s1:events", "123", "statistic.events", "12", "Healing in 12 of 20, \"complete\".", "", "", "", "pending",
     "s1", "BM-MNC", "ulcer_healing", "", "events", "", ""],
    ["s1:total", "123", "statistic.total", "20", "Healing in 12 of 20.", "accept", "", "ok", "reviewed",
     "s1", "BM-MNC", "ulcer_healing", "", "events", "7", "2025-03-01T12:00:00+00:00"],
]


# ---------------------------------------------------------------- truncation


def test_complete_sheet_passes():
    text = _sheet(ROWS)
    assert truncation_problem(text) is None
    check_complete(text, "sheet.csv")


def test_cut_inside_a_quoted_cell_at_every_position_is_detected():
    text = _sheet(ROWS)
    start = text.index('"Healing')
    end = text.index('."', start) + 2  # the closing quote of that cell
    for cut in range(start + 1, end - 1):
        problem = truncation_problem(text[:cut])
        # A cut just after the first quote of an escaped "" reads as a closed cell: the short row still shows it.
        assert problem and ("never closed" in problem or "last row" in problem), cut


def test_cut_mid_row_is_detected_and_full_last_row_without_newline_is_not():
    text = _sheet(ROWS)
    last_line_start = text.rstrip("\r\n").rfind("\n") + 1
    cut = text[: last_line_start + 25]
    with pytest.raises(SheetCheckError) as caught:
        check_complete(cut, "sheet.csv")
    message = str(caught.value)
    assert message.startswith("sheet.csv: the last row (row 3)") and "truncated" in message and "\n" not in message
    assert truncation_problem(text.rstrip("\r\n")) is None  # e.g. Google Sheets omits the final line break


def test_semicolon_sheet_and_quoted_line_breaks():
    rows = [ROWS[0][:4] + ["line one\nline two;\"quoted\""] + ROWS[0][5:]]
    text = _sheet(rows, ";")
    assert truncation_problem(text) is None
    assert "never closed" in truncation_problem(text[: text.index("line two") + 3])


def test_ragged_rows():
    text = _sheet([ROWS[0], ROWS[1] + ["", ""], ROWS[1] + ["stray"], ROWS[1][:5]])
    assert ragged_rows(text) == [(4, len(HEADER) + 1, len(HEADER)), (5, 5, len(HEADER))]


# ---------------------------------------------------------------- columns


def test_required_columns():
    check_required_columns(HEADER, "s.csv")
    with pytest.raises(SheetCheckError, match=r"s\.csv: row 1: missing column\(s\) revision, decided_at"):
        check_required_columns([h for h in HEADER if h not in ("revision", "decided_at")], "s.csv")
    check_required_columns([" ID ", "Revision", "DECIDED_AT"], "s.csv")


def test_identity_cells_must_be_unedited():
    row = dict(zip(HEADER, ROWS[1]))
    current = {"revision": "7", "decided_at": "2025-03-01T12:00:00+00:00"}
    assert identity_errors(3, row, current) == []
    assert identity_errors(2, dict(zip(HEADER, ROWS[0])), {"revision": None, "decided_at": None}) == []
    edited = dict(row, revision="8")
    assert identity_errors(3, edited, current) == [
        "row 3, column revision: '8', but the database has '7' (edited, or curated again since export; "
        "re-export and redo this row)"]
    assert "not a revision number" in identity_errors(3, dict(row, revision="seven"), current)[0]
    excel = dict(row, decided_at="01/03/2025 12:00")
    assert "reformat" in identity_errors(3, excel, current)[0]
    cleared = dict(row, revision="")
    assert "column revision" in identity_errors(3, cleared, current)[0]


# ---------------------------------------------------------------- values


@pytest.mark.parametrize("field, text", [
    ("statistic.events", "-1"), ("statistic.total", "-20"), ("arm.n_patients", "12.5"), ("n_patients", "x"),
    ("statistic.p", "1.2"), ("statistic.p", "-0.01"), ("statistic.p", "<0"), ("statistic.p", ">1"),
    ("statistic.sd", "0"), ("statistic.sd", "-2,5"), ("statistic.percent", "101%"), ("statistic.percent", "-3"),
])
def test_impossible_values(field, text):
    assert value_errors(field, text)


@pytest.mark.parametrize("field, text", [
    ("statistic.events", "0"), ("statistic.total", "20"), ("arm.n_patients", "12.0"),
    ("statistic.p", "0.049"), ("statistic.p", "<0.001"), ("statistic.p", "≤0,05"), ("statistic.p", "1"),
    ("statistic.sd", "0,5"), ("statistic.percent", "85%"), ("statistic.mean", "-3.2"), ("statistic.value", "-0.5"),
])
def test_plausible_values(field, text):
    assert value_errors(field, text) is None


def test_row_value_errors_only_check_the_reviewers_value():
    row = dict(zip(HEADER, ROWS[0]), decision="correct", corrected_value="-4")
    assert row_value_errors(2, row) == ["row 2, column corrected_value: '-4': a count cannot be negative"]
    assert row_value_errors(2, dict(row, decision="")) == []


def test_events_cannot_exceed_total_across_rows():
    events = dict(zip(HEADER, ROWS[0]), decision="correct", corrected_value="25")
    total = dict(zip(HEADER, ROWS[1]))
    errors = consistency_errors([(2, events), (3, total)])
    assert errors == ["row 2, column corrected_value: events cannot exceed the total (events 25 on row 2, "
                      "total 20 on row 3)"]
    assert consistency_errors([(2, dict(events, corrected_value="19")), (3, total)]) == []
    # A rejected total leaves nothing to compare with.
    assert consistency_errors([(2, events), (3, dict(total, decision="reject"))]) == []
    # Untouched machine output is not the reviewer's error.
    assert consistency_errors([(2, dict(events, decision="", machine_value="25")), (3, total)]) == []


def test_added_rows_group_by_context_and_ci_order():
    base = dict(zip(HEADER, [""] * len(HEADER)), pmid="123", arm="A", outcome="amputation", kind="effect",
                decision="add")
    lower = dict(base, field="statistic.ci_lower", corrected_value="2,1")
    upper = dict(base, field="statistic.ci_upper", corrected_value="0.9")
    other_arm = dict(upper, arm="B")
    assert "lower bound exceeds" in consistency_errors([(5, lower), (6, upper)])[0]
    assert consistency_errors([(5, lower), (6, other_arm)]) == []
