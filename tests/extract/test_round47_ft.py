"""Round 47 (ft47): a "Change in ..." prompt takes the change row of its own outcome. Invented examples, no spaCy."""
from __future__ import annotations

from stemfoot.extract.outcome_query import change_column, change_row


def _place(row: str, tp: str | None, score: float, o_sim: float, value: float, table: str = "Table 2") -> dict:
    rec = {"kind": "mean_sd", "mean": value, "evidence": {"source": "table", "table": table}}
    return {"key": (table, row, tp, "continuous"), "score": score, "o_sim": o_sim, "i_rec": rec, "c_rec": rec}


def _best(place: dict) -> tuple:
    return place["score"], place["i_rec"], place["c_rec"], place["key"]


def test_change_row_of_the_level_rows_own_block_only():
    assert change_row("Walking distance, m / Change from baseline", "Walking distance, m", False)
    assert change_row("Glucose / Week 12 / Change", "Glucose / Week 12", False)
    assert not change_row("TcPO2, mmHg / Change from baseline", "Walking distance, m", True)  # another outcome's
    assert not change_row("Walking distance, m / 6 months", "Walking distance, m", True)  # no change named


def test_change_row_of_its_own_needs_as_near_an_outcome_match():
    assert change_row("Change in TcPO2 from baseline, mm Hg", "TcPO2 at week 12, mm Hg", True)
    assert not change_row("Change in TcPO2 from baseline, mm Hg", "TcPO2 at week 12, mm Hg", False)


def test_a_change_query_takes_the_change_row_under_its_own_outcome():
    places = [_place("Walking distance, m", "6 months", 0.48, 0.89, 185.2),
              _place("Walking distance, m / Change from baseline", None, 0.40, 0.89, 84.6),
              _place("TcPO2, mmHg / Change from baseline", None, 0.45, 0.30, 9.6)]
    level = _best(places[0])
    assert change_column("Change in walking distance from baseline to 6 months", places, level)[1]["mean"] == 84.6
    assert change_column("Walking distance at 6 months", places, level) is level  # no change asked
    assert change_column("Change in walking distance", [places[0], places[2]], level) is level  # another's block
    moved = {**places[1], "key": ("Table 3",) + places[1]["key"][1:]}
    assert change_column("Change in walking distance", [places[0], moved], level) is level  # another table


def test_a_change_query_takes_a_change_row_of_its_own_as_near_the_outcome():
    places = [_place("TcPO2 at week 12, mm Hg", None, 1.15, 1.0, 43.3),
              _place("Change in TcPO2 from baseline, mm Hg", None, 0.96, 1.0, 8.7),
              _place("Change in ulcer area, %", None, 0.50, 0.3, -72.4)]
    level = _best(places[0])
    assert change_column("Change in TcPO2 from baseline to week 12", places, level)[1]["mean"] == 8.7
    weaker = {**places[1], "o_sim": 0.8}  # names the outcome less well than the level row: no swap
    assert change_column("Change in TcPO2 from baseline to week 12", [places[0], weaker, places[2]], level) is level
    # a percent change answers only a query about a percent change
    area = [_place("Ulcer area, cm2", None, 1.0, 0.9, 6.8), _place("Change in ulcer area, cm2", None, 0.5, 0.9, -3.1)]
    assert change_column("Percent change in ulcer area", area, _best(area[0]))[1]["mean"] == 6.8


def test_a_then_sequence_of_two_words_is_a_crossover_sequence_not_an_arm():
    """"Sham-then-active (n = 11)" counts the people of one sequence, who received both arms: no arm's n."""
    from stemfoot.extract.group_sizes import article_table_sizes, sequence_label
    assert sequence_label("Sham-then-active (n = 11)", ["Active-then-sham (n = 11)"])
    assert sequence_label("placebo-then-drug", ["drug-then-placebo"])
    assert not sequence_label("AC-then-T") and not sequence_label("AC then T")  # a sequential regimen's codes: an arm
    table = {"label": "Table 1", "header": [["", "Active-then-sham (n = 11)", "Sham-then-active (n = 11)"]],
             "header_joined": ["", "Active-then-sham (n = 11)", "Sham-then-active (n = 11)"], "rows": []}
    assert article_table_sizes([table]) == []


# --- second read (mendft47): over-reach probed with invented shapes ------------------------------------------------

def test_a_then_label_is_a_sequence_only_beside_its_mirror():
    """A parallel trial's arm can itself be a sequence of treatments: "Chemotherapy-then-surgery (n = 40)" beside
    "Surgery alone", the "Drug-then-placebo" arm of a withdrawal trial beside "Drug continued", keep their n."""
    from stemfoot.extract.group_sizes import article_table_sizes, sequence_label
    assert sequence_label("Sham-then-active (n = 11)", ["Active-then-sham (n = 11)"])
    assert not sequence_label("Sham-then-active (n = 11)")  # alone: no mirror, no sequence
    assert not sequence_label("Drug-then-placebo (n = 20)", ["Drug continued (n = 21)"])
    assert sequence_label("Control-first", [])  # the other sequence forms need no mirror
    head = ["", "Chemotherapy-then-surgery (n = 40)", "Surgery alone (n = 38)"]
    table = {"label": "Table 1", "header": [head], "header_joined": head, "rows": []}
    assert sorted(n for _, n, _ in article_table_sizes([table])) == [38, 40]


def test_arm_sizes_keep_a_sequential_regimen_arm():
    from stemfoot.extract.outcome_query import arm_sizes
    arms = [{"label": "Drug-then-placebo", "n_patients": 20}, {"label": "Drug continued", "n_patients": 21}]
    assert arm_sizes([], arms) == [("Drug-then-placebo", 20), ("Drug continued", 21)]
    arms = [{"label": "Active-then-sham", "n_patients": 11}, {"label": "Sham-then-active", "n_patients": 11}]
    assert arm_sizes([], arms) == []


def test_column_pair_not_from_counts_of_those_not_analysed():
    """A footnote counting the lost, missing, excluded or withdrawn gives no row's n; one that counts the rest
    ("Patients with ... excluded (A n = 24, B n = 22)") or notes a method ("missing values not imputed") still does."""
    from stemfoot.extract.footnote_sizes import column_pair
    heads = ("Stem cells", "Usual care")
    for text in ("Lost to follow-up (n = 4 and n = 6).", "Missing data: n = 3 and n = 5", "Excluded: n=3, n=5",
                 "Patients who withdrew (stem n = 2, usual care n = 1)", "Patients not analysed (n = 2 and n = 1)"):
        assert column_pair(text, heads, 2, True) is None, text
    assert column_pair("Patients with non-compressible arteries excluded (stem n = 24, usual care n = 22).", heads,
                       2, True) == (24, 22)
    assert column_pair("Mean in patients with a week-12 measurement (n=35, n=33); missing values not imputed", heads,
                       2, True) == (35, 33)


def test_column_pair_unnamed_counts_only_side_by_side():
    """Unnamed counts follow the columns' order only as one pair ("(n=35 and n=33)"); words between them say what
    each counts (a time, a unit), and the order is then no arm's."""
    from stemfoot.extract.footnote_sizes import column_pair
    heads = ("Stem cells", "Usual care")
    assert column_pair("(n = 35, n = 33)", heads, 2, True) == (35, 33)
    assert column_pair("(n = 35 at week 12 and n = 30 at week 24)", heads, 2, True) is None
    assert column_pair("(n = 40 limbs and n = 38 limbs)", heads, 2, True) is None
    assert column_pair("LI (n = 23), UC (n = 22)", heads, 2, True) is None  # named, by no column's label


def test_column_pair_label_before_a_comma_names_the_column():
    """"(Group A, n = 21; Group B, n = 12)": the label before the comma names the count, so a table whose columns
    stand B before A still pairs them right (ft47 read the two as unnamed, in the columns' order)."""
    from stemfoot.extract.footnote_sizes import column_pair
    text = "Among patients whose wounds closed (Group A, n = 21; Group B, n = 12)."
    assert column_pair(text, ("Group A (n = 30)", "Group B (n = 28)"), 2, True) == (21, 12)
    assert column_pair(text, ("Group A (n = 30)", "Group B (n = 28)"), 2, False) == (21, 12)
    assert column_pair("(placebo group, n = 6; tiotropium group, n = 7)", ("Tiotropium", "Placebo"), 2, True) is None


def test_column_pair_not_analysed_only_before_the_counts():
    """A note after the counts ("patients who withdrew were counted as not healed") does not say what they count."""
    from stemfoot.extract.footnote_sizes import column_pair
    text = "n (%) of all randomised patients (n=38 and n=37); patients who withdrew were counted as not healed."
    assert column_pair(text, ("Cells", "Gel"), 2, True) == (38, 37)


def test_change_row_not_the_difference_between_the_arms():
    """A sub-row "Difference vs placebo" under the level row is the arms' contrast, no arm's change: the level row
    stands (null beats a guess downstream); "Difference from baseline" is an arm's own change."""
    assert not change_row("HbA1c, % / Difference vs placebo", "HbA1c, % / Week 24", False)
    assert not change_row("HbA1c, % / Treatment difference (95% CI)", "HbA1c, % / Week 24", False)
    assert not change_row("Difference in HbA1c between groups, %", "HbA1c at week 24, %", True)
    assert change_row("HbA1c, % / Difference from baseline", "HbA1c, % / Week 24", False)
    places = [_place("HbA1c, % / Week 24", None, 0.9, 0.9, 7.1), _place("HbA1c, % / Difference vs placebo", None,
                                                                         0.5, 0.9, -0.4)]
    level = _best(places[0])
    assert change_column("Change in HbA1c", places, level) is level
