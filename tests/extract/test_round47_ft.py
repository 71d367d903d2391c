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
    assert sequence_label("Sham-then-active (n = 11)") and sequence_label("placebo-then-drug")
    assert not sequence_label("AC-then-T") and not sequence_label("AC then T")  # a sequential regimen's codes: an arm
    table = {"label": "Table 1", "header": [["", "Active-then-sham (n = 11)", "Sham-then-active (n = 11)"]],
             "header_joined": ["", "Active-then-sham (n = 11)", "Sham-then-active (n = 11)"], "rows": []}
    assert article_table_sizes([table]) == []
