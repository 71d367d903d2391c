"""Round 43: a column spanner written as a label cell plus empty cells (no ``colspan``) heads the columns to its
right until the next label (``corpus.jats._spanner_spread`` through ``join_header``). Invented headers."""
from stemfoot.corpus.jats import _spanner_spread, join_header


def test_time_spanners_spread_over_their_arm_columns():
    rows = [["", "Week 12", "", "Week 24", ""], ["Variable", "Cells", "Placebo", "Cells", "Placebo"]]
    assert join_header(rows) == ["Variable", "Week 12 / Cells", "Week 12 / Placebo", "Week 24 / Cells",
                                 "Week 24 / Placebo"]


def test_arm_spanners_of_three_columns_and_a_trailing_p_column():
    row = ["", "A (n = 20)", "", "", "B (n = 21)", "", "", ""]
    below = ["Outcome", "Pre", "Post", "Change", "Pre", "Post", "Change", "P"]
    assert _spanner_spread(row, below) == ["", "A (n = 20)", "A (n = 20)", "A (n = 20)", "B (n = 21)",
                                           "B (n = 21)", "B (n = 21)", ""]


def test_unequal_gaps_spread_nothing():
    # Each label heads only its own column: "Manual turning + | P&PD".
    row = ["", "", "Manual turning +", "", "Continuous rotation +"]
    below = ["Variable", "Manual turning", "P&PD", "Continuous rotation", "P&PD"]
    assert _spanner_spread(row, below) is None
    assert join_header([row, below])[3] == "Continuous rotation"


def test_label_after_a_headed_column_spreads_nothing():
    # Centred over its group: "Pre" sits over the group's second column, the first is headed below.
    row = ["", "", "Pre", "", "", "Post", "", ""]
    below = ["Variable", "n (%)", "Contacts", "Cost", "n (%)", "Contacts", "Cost", "Change"]
    assert _spanner_spread(row, below) is None


def test_empty_cells_over_empty_cells_and_colspans_are_not_spanners():
    assert _spanner_spread(["", "A", "", "B", ""], ["Var", "x", "", "y", "z"]) is None
    assert _spanner_spread(["", "A", "A", "B", "B"], ["Var", "x", "w", "y", "z"]) is None
    assert _spanner_spread(["", "A", "", "", ""], ["Var", "x", "w", "y", "z"]) is None
    # The last row of a header has nothing under it to head.
    assert join_header([["", "A", "", "B", ""]]) == ["", "A", "", "B", ""]


def test_a_last_statistic_spanner_heads_every_column_to_its_right():
    # mendft43: "P-value" over three tests with arm groups two wide spread over two only ("Time*Group" left bare).
    rows = [["", "CT (n = 10)", "", "HIT (n = 10)", "", "P-value", "", ""],
            ["", "Pre", "Post", "Pre", "Post", "Time", "Group", "Time*Group"]]
    assert join_header(rows)[5:] == ["P-value / Time", "P-value / Group", "P-value / Time*Group"]
    # An arm's label over the same shape keeps its group's width: the trailing "P" is no arm's.
    row = ["", "A (n = 20)", "", "", "B (n = 21)", "", "", ""]
    below = ["Outcome", "Pre", "Post", "Change", "Pre", "Post", "Change", "P"]
    assert _spanner_spread(row, below)[-1] == ""
