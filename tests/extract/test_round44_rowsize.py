"""After round 43: an arms-as-rows table's "n" column gives each arm's number analysed for the answered row
(``group_sizes.n_column``, ``record_row_n``, ``arms_as_rows``). Invented tables; no spaCy."""
from extract_support import stored_table

from stemfoot.extract.group_sizes import arms_as_rows, n_column, record_row_n

HEADER = ["Group", "n", "Assessment", "Walk test (m)", "Balance score"]
ROWS = [["A", "37", "Baseline", "182.4 ± 61.3", "38.2 ± 7.6"],
        ["A", "37", "Week 8", "251.7 ± 70.8", "45.9 ± 6.4"],
        ["B", "36", "Week 8", "209.3 ± 64.2", "42.1 ± 7.3"]]


def _table() -> dict:
    return stored_table("Table 2", "", HEADER, ROWS)


def _rec(table: dict, r: int, c: int) -> dict:
    start, end = table["cell_offsets"][r][c]
    return {"evidence": {"table": "Table 2", "row_header": f"{ROWS[r][0]} / {ROWS[r][2]}", "column_header": HEADER[c],
                         "start": start, "end": end, "text": ROWS[r][c]}}


def test_the_one_people_column_with_a_bare_count_is_the_n_column():
    assert n_column(HEADER, ROWS[1]) == 1
    assert n_column(["Arm", "No. of patients", "Score"], ["B", "36", "4.1 (1.0)"]) == 1
    # no people header, a count with a percent, or two people columns: none (null beats a guess)
    assert n_column(["Group", "Score"], ["A", "37"]) is None
    assert n_column(["Group", "n", "Score"], ["A", "12 (30.0)", "4.1"]) is None
    assert n_column(["Group", "n", "N", "Score"], ["A", "37", "40", "4.1"]) is None
    # a case-control's "Cases" column is an arm, not a count of each row's people
    assert n_column(["", "Controls", "Cases", "p-value"], ["Height (cm)", "174", "174", "0.72"]) is None
    assert n_column(["Treatment group", "Subjects (n)", "Months"], ["A", "20", "6"]) == 1


def test_an_answered_value_takes_its_own_rows_n_with_that_cells_evidence():
    t = _table()
    n, ev = record_row_n([t], _rec(t, 2, 3))
    assert n == 36 and ev["text"] == "36" and ev["column_header"] == "n"
    assert record_row_n([t], _rec(t, 1, 4))[0] == 37
    # a prose value, or one of another table: none
    assert record_row_n([t], {"evidence": {"text": "209.3 ± 64.2", "start": 5, "end": 17}}) is None
    other = dict(_rec(t, 2, 3)["evidence"], table="Table 3")
    assert record_row_n([t], {"evidence": other}) is None


def test_only_two_arms_in_one_column_on_their_own_rows_are_arms_as_rows():
    t = _table()
    assert arms_as_rows(_rec(t, 1, 3)["evidence"], _rec(t, 2, 3)["evidence"])
    # one row, two columns (arms as columns), or two tables: no
    assert not arms_as_rows(_rec(t, 1, 3)["evidence"], _rec(t, 1, 4)["evidence"])
    assert not arms_as_rows(_rec(t, 1, 3)["evidence"], dict(_rec(t, 2, 3)["evidence"], table="Table 3"))


def test_a_crossovers_bare_count_that_completed_both_periods_is_its_completers():
    from stemfoot.extract.group_sizes import study_counts
    from stemfoot.extract.outcome_query import crossover_size

    assert study_counts("Of 64 women randomised, 58 completed both treatment periods and were analysed.")[1] == {58}
    assert study_counts("Of 30 enrolled, 25 (83.3%) completed all phases.")[1] == {25}
    # a count of the periods' events, or one of the 64, is no completer count
    assert study_counts("Of 64 women randomised, 12 reported pain in both treatment periods.")[1] == set()
    text = ("This was a randomised, double-blind, two-period crossover trial. Sixty-four women were randomised. "
            "Of 64 women randomised, 58 completed both treatment periods and were included in the primary analysis.")
    assert crossover_size(text) == 58
