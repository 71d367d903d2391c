"""Round 49 (full text): a prose change the table row repeats up to its sign takes the row's printed sign and sizes.

Invented text: "Body weight increased by 0.9 ± 2.1 kg in the drink group and decreased by 1.4 ± 2.6 kg in the advice
group" beside a table whose row prints "0.9 ± 2.1 | -1.4 ± 2.6" under "drink group (n = 52)" | "advice group (n =
49)", or a table with arms as rows printing "-1.4 ± 2.6" in one column."""
from stemfoot.extract.outcome_query import answer_query, printed_sign, repeated_row

TEXT = ("A total of 120 patients were randomised, 60 to each group. "
        "Body weight increased by 0.9 ± 2.1 kg in the drink group and decreased by 1.4 ± 2.6 kg in the advice group.")
ARMS = [{"label": "drink group", "role": "intervention", "n_patients": 60},
        {"label": "advice group", "role": "comparator", "n_patients": 60}]
QUERY = {"id": 1, "outcome": "Change in body weight at 12 weeks", "intervention": "Protein drink (drink group)",
         "comparator": "Advice alone (advice group)"}


def _prose(frag: str, arm: str, mean: float, sd: float) -> dict:
    at = TEXT.index(frag)
    start = TEXT.index("Body")
    return {"target": "arm", "arm": arm, "kind": "mean_sd", "mean": mean, "sd": sd, "outcome_label": "Body weight",
            "flags": [], "evidence": {"start": at, "end": at + len(frag), "text": frag, "sentence": TEXT[start:],
                                      "sentence_start": start, "sentence_end": len(TEXT), "source": "text"}}


WEIGHT = [_prose("0.9 ± 2.1 kg", "drink group", 0.9, 2.1), _prose("1.4 ± 2.6 kg", "advice group", 1.4, 2.6)]


def _cell(arm: str, mean: float, sd: float, n: int, row_at: int, column: str = "advice group (n = 49)",
          label: str = "Body weight, kg") -> dict:
    return {"kind": "mean_sd", "arm": arm, "mean": mean, "sd": sd, "total": n, "outcome_label": label,
            "evidence": {"source": "table", "table": "Table 2", "start": row_at + 5, "sentence_start": row_at,
                         "row_header": label, "column_header": column}}


ROW = [_cell("drink group", 0.9, 2.1, 52, 100, "drink group (n = 52)"), _cell("advice group", -1.4, 2.6, 49, 100)]


def test_printed_sign_takes_only_the_rows_minus():
    assert printed_sign(1.4, -1.4) == -1.4
    assert printed_sign(0.9, 0.9) == 0.9
    assert printed_sign(-1.4, 1.4) == -1.4  # a "reduction" column's positive value keeps the prose minus
    assert printed_sign(1.4, -1.5) == 1.4


def test_repeated_row_matches_a_mean_up_to_its_sign():
    assert repeated_row(WEIGHT[0], WEIGHT[1], ROW) == ((52, 49), (0.9, -1.4))
    # Another SD is another value, whatever the sign.
    assert repeated_row(WEIGHT[0], WEIGHT[1], [ROW[0], _cell("advice group", -1.4, 2.9, 49, 100)]) is None


def test_rows_printing_different_signs_give_sizes_but_no_sign():
    other = [_cell("drink group", 0.9, 2.1, 52, 300, "drink group (n = 52)", "Weight"),
             _cell("advice group", 1.4, 2.6, 49, 300, label="Weight")]
    assert repeated_row(WEIGHT[0], WEIGHT[1], ROW + other) == ((52, 49), None)


def test_a_table_with_arms_as_rows_repeats_them_in_one_column():
    column = "Change in body weight (kg)"
    rows = [{**_cell("drink group", 0.9, 2.1, 52, 100, column), "evidence": {
                **_cell("drink group", 0.9, 2.1, 52, 100, column)["evidence"], "row_header": "drink group (n = 52)"}},
            {**_cell("advice group", -1.4, 2.6, 49, 200, column), "evidence": {
                **_cell("advice group", -1.4, 2.6, 49, 200, column)["evidence"], "row_header": "advice group (n = 49)"}}]
    assert repeated_row(WEIGHT[0], WEIGHT[1], rows) == ((52, 49), (0.9, -1.4))
    # One arm's column of a table with arms as columns holds one arm only: no pair.
    same_arm = [_cell("drink group", 0.9, 2.1, 52, 100, "drink group (n = 52)"),
                _cell("drink group", -1.4, 2.6, 52, 200, "drink group (n = 52)")]
    assert repeated_row(WEIGHT[0], WEIGHT[1], same_arm) is None
    # A column header both arms' columns share ("Mean ± SD"), the two cells in different rows: no row of arms.
    shared = [_cell("drink group", 0.9, 2.1, 52, 100, "Mean ± SD", "Weight at 12 weeks"),
              _cell("advice group", -1.4, 2.6, 49, 200, "Mean ± SD", "Weight change")]
    assert repeated_row(WEIGHT[0], WEIGHT[1], shared) is None


def test_the_answer_takes_the_rows_sign_and_sizes():
    a = answer_query(QUERY, WEIGHT + ROW, ARMS, text=TEXT)
    assert (a["intervention_mean"], a["comparator_mean"]) == (0.9, -1.4)
    assert (a["intervention_group_size"], a["comparator_group_size"]) == (52, 49)
    alone = answer_query(QUERY, WEIGHT, ARMS, text=TEXT)
    assert (alone["intervention_mean"], alone["comparator_mean"]) == (0.9, 1.4)  # no row: the prose as printed


# --- a cluster trial's sides named by its units ("intervention centres", "control centres") ----------------------

def test_a_cluster_trials_units_name_its_sides():
    from stemfoot.extract.outcome_query import arm_similarity
    from stemfoot.extract.prose_pairs import arm_forms, sentence_pair
    said = ("During the 6-month period, 118 of the 389 children in intervention centres received at least one "
            "antibiotic prescription, compared with 157 of the 371 children in control centres.")
    vi, vc, _ = sentence_pair(said, "Day-care hand hygiene programme", "Control day-care centres")
    assert (vi.events, vi.total, vc.events, vc.total) == (118, 389, 157, 371)
    # "centres" is both sides' unit, no arm's name: the comparator's "Control day-care centres" is not named by the
    # intervention's "intervention centres".
    assert "centres" not in arm_forms("Control day-care centres")
    # A table's "Intervention centres (n = 389)" | "Control centres (n = 371)" columns are the query's two sides.
    assert arm_similarity("Hand hygiene programme with alcohol-based hand rub", "Intervention centres",
                          "intervention") >= 0.6
    assert arm_similarity("Usual hygiene practice", "Control centres", "comparator") >= 0.55
    assert arm_similarity("Hand hygiene programme", "Control centres", "intervention") < 0.5
