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
          label: str = "Body weight, kg", row_header: str | None = None) -> dict:
    """A table cell; its row header is its outcome label unless the arm heads the row (arms as rows)."""
    return {"kind": "mean_sd", "arm": arm, "mean": mean, "sd": sd, "total": n, "outcome_label": label,
            "evidence": {"source": "table", "table": "Table 2", "start": row_at + 5, "sentence_start": row_at,
                         "row_header": row_header or label, "column_header": column}}


ROW = [_cell("drink group", 0.9, 2.1, 52, 100, "drink group (n = 52)"), _cell("advice group", -1.4, 2.6, 49, 100)]


def test_printed_sign_takes_only_the_rows_minus():
    assert printed_sign(1.4, -1.4, False) == -1.4
    assert printed_sign(0.9, 0.9, False) == 0.9
    assert printed_sign(-1.4, 1.4, False) == -1.4  # a "reduction" column's positive value keeps the prose minus
    assert printed_sign(1.4, -1.5, False) == 1.4
    # A worded rise and the row's minus disagree: the prose's own sign stays (reviewer, round 49).
    assert printed_sign(0.9, -0.9, True) == 0.9


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
    rows = [_cell("drink group", 0.9, 2.1, 52, 100, column, row_header="drink group (n = 52)"),
            _cell("advice group", -1.4, 2.6, 49, 200, column, row_header="advice group (n = 49)")]
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


def test_a_worded_rise_keeps_its_sign_beside_a_rows_minus():
    # "increased by 0.9" beside a row printing "-0.9 ± 2.1": the row's sizes, the prose's sign (reviewer, round 49).
    row = [_cell("drink group", -0.9, 2.1, 52, 100, "drink group (n = 52)"), ROW[1]]
    a = answer_query(QUERY, WEIGHT + row, ARMS, text=TEXT)
    assert (a["intervention_mean"], a["comparator_mean"]) == (0.9, -1.4)
    assert (a["intervention_group_size"], a["comparator_group_size"]) == (52, 49)


def test_a_worded_rise_is_a_rise_verb_right_before_the_value():
    from stemfoot.extract.value_kinds import worded_rise
    assert worded_rise("Body weight increased by ") and worded_rise("HbA1c rose at 12 weeks by a mean of ")
    # "improved" and "changed" say no direction; a rise earlier in the sentence is another value's.
    assert not worded_rise("Pain improved by ") and not worded_rise("Weight changed by ")
    assert not worded_rise("Weight increased by 0.9 kg in the drink group and decreased by ")


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


# --- second read (mendft49): over-reach on text nobody tuned on -------------------------------------------------

def test_units_name_a_side_only_after_a_sides_own_word():
    from stemfoot.extract.outcome_query import arm_similarity
    from stemfoot.extract.prose_pairs import sentence_pair
    # An individually randomised trial's "study centres" / "treatment centres" are where both arms were treated.
    assert sentence_pair("Ulcers healed in 30 of 60 patients treated at the study centres, compared with 18 of 60 in "
                         "the control group.", "Autologous stem cells", "Standard care") is None
    assert sentence_pair("Amputation was needed in 5 of 40 patients at treatment centres and 9 of 41 patients in the "
                         "control arm.", "Autologous stem cells", "Standard care") is None
    assert sentence_pair("Healing occurred in 30 of 60 patients (50%) in the active cluster versus 18 of 60 (30%) in "
                         "the control cluster.", "Autologous stem cells", "Standard care") is None
    for label in ("Study centres", "Treatment centre", "Active clusters", "Coordinating centre"):
        assert arm_similarity("Autologous stem cells", label, "intervention") < 0.5
    # A cluster trial's sides keep their units, children or patients counted.
    vi, vc, _ = sentence_pair("31 of 240 children in intervention practices were admitted, compared with 45 of 250 "
                              "children in control practices.", "Asthma education", "Usual care")
    assert (vi.events, vi.total, vc.events, vc.total) == (31, 240, 45, 250)
    assert arm_similarity("Asthma education", "Intervention practices", "intervention") >= 0.6
    # The units counted are no arm's events or size.
    for said in ("Follow-up was completed by 10 of 12 intervention centres and 9 of 12 control centres.",
                 "Twelve centres were randomised, 6 to each arm: 6 intervention centres and 6 control centres."):
        assert sentence_pair(said, "Asthma education", "Usual care") is None


def test_arms_as_rows_need_the_arms_whole_name():
    # Arms "A" / "B" under one shared "Mean ± SD" column: two outcomes' rows ("HbA1c change", "BMI change") hold
    # their letters, not their names; no pair, no sign.
    a, b = ({**WEIGHT[0], "arm": "A"}, {**WEIGHT[1], "arm": "B"})
    cells = [{**_cell("A", 0.9, 2.1, 52, 100, "Mean ± SD", "HbA1c change")},
             {**_cell("B", -1.4, 2.6, 49, 200, "Mean ± SD", "BMI change")}]
    assert repeated_row(a, b, cells) is None
    # A one-letter label in its own case only: "a" is an article (reviewer, round 49).
    cells = [_cell("A", 0.9, 2.1, 52, 100, "Mean ± SD", "Change in ulcer area, a per-protocol set"),
             _cell("B", -1.4, 2.6, 49, 200, "Mean ± SD", "Vitamin B level")]
    assert repeated_row(a, b, cells) is None
    # Near miss: rows the arms head, "Group A (n = 52)" / "Group B (n = 49)", still pair in their column.
    cells = [_cell("A", 0.9, 2.1, 52, 100, "Mean ± SD", "Group A (n = 52)"),
             _cell("B", -1.4, 2.6, 49, 200, "Mean ± SD", "Group B (n = 49)")]
    assert repeated_row(a, b, cells) == ((52, 49), (0.9, -1.4))


def test_a_positive_reduction_row_and_unrelated_rows_keep_the_prose():
    # "a reduction of 3.1 ± 1.2" beside a row printing "3.1 ± 1.2": the sign stays as printed.
    i, c = ({**WEIGHT[0], "mean": 3.1, "sd": 1.2}, {**WEIGHT[1], "mean": 1.0, "sd": 0.5})
    row = [_cell("drink group", 3.1, 1.2, 52, 100, "drink group (n = 52)"), _cell("advice group", 1.0, 0.5, 49, 100)]
    assert repeated_row(i, c, row) == ((52, 49), (3.1, 1.0))
    # Only one arm's value repeated: no row.
    one = [_cell("drink group", -3.1, 1.2, 52, 100, "drink group (n = 52)"), _cell("advice group", 2.0, 0.5, 49, 100)]
    assert repeated_row(i, c, one) is None
