"""Round 50 (full text): a prose measure's group sizes from the bracketed n each value's own clause states.

Invented text: 90 randomised (45 per group); the time to healing is of the patients healed, "(n = 25)" and
"(n = 16)" beside each arm's value. A population's n before both values, or two brackets in one clause, size no
arm."""
from stemfoot.extract.outcome_query import answer_query
from stemfoot.extract.subset_sizes import clause_sizes

RANDOMISED = "Ninety patients were randomised to the cell group (n = 45) or the control group (n = 45). "
HEALED = (RANDOMISED + "Among healed patients, time to healing was 52.4 (SD 15.1) days in the cell group (n = 25) "
          "and 63.9 (SD 16.7) days in the control group (n = 16).")
POPULATION = (RANDOMISED + "In the ITT population (n = 90), ulcer area fell by 3.1 (SD 1.2) cm2 in the cell group "
              "and 2.2 (SD 1.4) cm2 in the control group.")
ARMS = [{"label": "cell group", "role": "intervention", "n_patients": 45},
        {"label": "control group", "role": "comparator", "n_patients": 45}]
ARM_I, ARM_C = "Autologous cells (cell group)", "Standard care (control group)"


def _spans(sentence: str, first: str, second: str) -> tuple[tuple[int, int], tuple[int, int]]:
    a, b = sentence.index(first), sentence.index(second)
    return (a, a + len(first)), (b, b + len(second))


def test_clause_sizes_reads_the_n_after_each_value():
    s = "Time was 52.4 (SD 15.1) days in group A (n = 25) and 63.9 (SD 16.7) days in group B (n = 16)."
    i, c = _spans(s, "52.4 (SD 15.1)", "63.9 (SD 16.7)")
    assert clause_sizes(s, i, c) == (25, 16)
    assert clause_sizes(s, c, i) == (16, 25)  # the comparator's value first


def test_clause_sizes_refuses_an_n_before_the_values():
    # "In group A (n = 30), 12.1 ..." reads like "In diabetics (n = 40), 12.1 ... in group A and, in group B (n = 20),
    # 14.0": an n before the values may be a subgroup's, so neither is read (second read, mendft50).
    s = "In group A [N = 30], the score was 12.1 ± 3.0, and in group B [N = 28], 14.0 ± 3.2."
    assert clause_sizes(s, *_spans(s, "12.1 ± 3.0", "14.0 ± 3.2")) is None
    s = "In diabetics (n = 40), the score was 12.1 ± 3.0 in group A and, in group B (n = 20), 14.0 ± 3.2."
    assert clause_sizes(s, *_spans(s, "12.1 ± 3.0", "14.0 ± 3.2")) is None


def test_clause_sizes_refuses_an_n_past_a_clause_break():
    # a sample taken, not the value's group (second read, mendft50)
    s = "The score was 12.1 ± 3.0 in group A, with blood samples (n = 18), and 14.0 ± 3.2 in group B (n = 28)."
    assert clause_sizes(s, *_spans(s, "12.1 ± 3.0", "14.0 ± 3.2")) is None
    s = "The score was 12.1 ± 3.0 in group A (n = 30) and 14.0 ± 3.2 in group B; biopsies were taken (n = 20)."
    assert clause_sizes(s, *_spans(s, "12.1 ± 3.0", "14.0 ± 3.2")) is None
    # a third group's n after the second value: two brackets in its clause
    s = "Pain was 2.1 ± 1.0 in group A (n = 30), 3.4 ± 1.1 in group B (n = 29) and 3.0 ± 1.2 in group C (n = 31)."
    assert clause_sizes(s, *_spans(s, "2.1 ± 1.0", "3.4 ± 1.1")) is None


def test_clause_sizes_refuses_a_population_n_or_unclear_clauses():
    s = "In the ITT set (n = 64), the score was 12.1 ± 3.0 in group A and 14.0 ± 3.2 in group B."
    assert clause_sizes(s, *_spans(s, "12.1 ± 3.0", "14.0 ± 3.2")) is None
    s = "In the ITT set (n = 64), the score was 12.1 ± 3.0 in group A (n = 30) and 14.0 ± 3.2 in group B (n = 28)."
    assert clause_sizes(s, *_spans(s, "12.1 ± 3.0", "14.0 ± 3.2")) is None
    s = "The score was 12.1 ± 3.0 in group A (n = 30) and 14.0 ± 3.2 in group B."
    assert clause_sizes(s, *_spans(s, "12.1 ± 3.0", "14.0 ± 3.2")) is None


def _rec(text: str, frag: str, arm: str, **values) -> dict:
    at = text.index(frag)
    start = text.rindex(". ", 0, at) + 2
    return {"target": "arm", "arm": arm, "outcome_label": None, "flags": [], "kind": "mean_sd", **values,
            "evidence": {"start": at, "end": at + len(frag), "text": frag, "sentence": text[start:],
                         "sentence_start": start, "sentence_end": len(text), "source": "text"}}


def _sizes(text: str, outcome: str, records: list[dict]) -> tuple:
    a = answer_query({"id": 1, "outcome": outcome, "intervention": ARM_I, "comparator": ARM_C}, records, ARMS,
                     text=text)
    return a["intervention_mean"], a["intervention_group_size"], a["comparator_group_size"]


def test_a_prose_measure_takes_the_n_its_clauses_state():
    recs = [_rec(HEALED, "52.4 (SD 15.1)", "cell group", mean=52.4, sd=15.1),
            _rec(HEALED, "63.9 (SD 16.7)", "control group", mean=63.9, sd=16.7)]
    assert _sizes(HEALED, "Time to healing", recs) == (52.4, 25, 16)


def test_a_clause_n_above_the_arms_size_is_no_group_size():
    # "(n = 68)" of 45 randomised counts ulcers or limbs, not the people of the arm: the arms' sizes stay.
    ulcers = (RANDOMISED + "Ulcer area fell by 3.1 (SD 1.2) cm2 in the cell group (n = 68) and 2.2 (SD 1.4) cm2 in "
              "the control group (n = 61).")
    recs = [_rec(ulcers, "3.1 (SD 1.2)", "cell group", mean=3.1, sd=1.2),
            _rec(ulcers, "2.2 (SD 1.4)", "control group", mean=2.2, sd=1.4)]
    assert _sizes(ulcers, "Change in ulcer area", recs) == (3.1, 45, 45)


def test_a_population_n_before_both_values_keeps_the_arms_sizes():
    recs = [_rec(POPULATION, "3.1 (SD 1.2)", "cell group", mean=3.1, sd=1.2),
            _rec(POPULATION, "2.2 (SD 1.4)", "control group", mean=2.2, sd=1.4)]
    assert _sizes(POPULATION, "Change in ulcer area", recs) == (3.1, 45, 45)


# --- a visit's own n column in a table with arms as rows ---------------------------------------------------------

VISITS = ["Group", "Week 4, n", "Week 4, reduction (%), mean (SD)", "Week 8, n", "Week 8, reduction (%), mean (SD)"]
VISIT_ROWS = [["Cells", "32", "47.9 (21.3)", "30", "81.6 (16.9)"],
              ["Control", "31", "33.5 (23.8)", "29", "63.2 (24.8)"]]


def test_a_visits_n_column_counts_for_the_value_of_that_visit():
    from stemfoot.extract.group_sizes import n_column

    assert n_column(VISITS, VISIT_ROWS[0], 4) == 3
    assert n_column(VISITS, VISIT_ROWS[0], 2) == 1
    # no value column: a visit's n counts for no value; a plain "n" beside a visit's own n: the visit's
    assert n_column(VISITS, VISIT_ROWS[0]) is None
    assert n_column(["Group", "n", "Week 8, n", "Week 8, mean"], ["A", "40", "30", "1.2 (0.3)"], 3) == 2
    # another visit's n column sizes no value
    assert n_column(["Group", "Week 4, n", "Week 8, mean"], ["A", "30", "1.2 (0.3)"], 2) is None


def test_the_row_repeating_a_prose_pair_gives_its_visits_n():
    from extract_support import stored_table

    from stemfoot.extract.outcome_query import repeated_row

    t = stored_table("Table 3", "", VISITS, VISIT_ROWS)

    def cell(r: int, c: int, arm: str, mean: float, sd: float) -> dict:
        start, end = t["cell_offsets"][r][c]
        return {"kind": "mean_sd", "arm": arm, "mean": mean, "sd": sd, "total": None, "outcome_label": "reduction",
                "evidence": {"source": "table", "table": "Table 3", "row_header": VISIT_ROWS[r][0],
                             "column_header": VISITS[c], "start": start, "end": end, "sentence_start": start,
                             "text": VISIT_ROWS[r][c]}}

    prose = [{"mean": 81.6, "sd": 16.9, "arm": "Cells"}, {"mean": 63.2, "sd": 24.8, "arm": "Control"}]
    cells = [cell(0, 4, "Cells", 81.6, 16.9), cell(1, 4, "Control", 63.2, 24.8)]
    assert repeated_row(prose[0], prose[1], cells, [t]) == ((30, 29), (81.6, 63.2))
    assert repeated_row(prose[0], prose[1], cells) is None  # without the table, no n to give


# --- "mean (SD x)" in a prose pair ---------------------------------------------------------------------------------

def test_a_prose_pair_keeps_the_sd_written_as_sd_in_brackets():
    from stemfoot.extract.prose_pairs import find_pairs, values

    s = "The mean score at week 8 was 14.8 (SD 8.1) in the fish oil group compared with 18.9 (SD 8.7) in the placebo group."
    pair = find_pairs(s, "Fish oil", "Placebo")[0]
    assert (pair.intervention.mean, pair.intervention.sd, pair.comparator.mean, pair.comparator.sd) == (14.8, 8.1, 18.9, 8.7)
    assert [(v.mean, v.sd) for v in values("Area fell by 81.6% (SD: 16.9) and 63.2% (SD 24.8), respectively.")] == [
        (81.6, 16.9), (63.2, 24.8)]
    # a bracket that is no SD ("(SE 1.2)", "(95% CI ...)") gives none
    assert all(v.sd is None for v in values("It was 14.8 (SE 1.2) and 18.9 (SE 1.4)."))


# --- second read (mendft50): a prose pair counting another thing per unit than the query ----------------------------

def test_a_prose_lead_counting_another_thing_per_unit_is_another_measure():
    from stemfoot.extract.outcome_query import other_per_noun

    lead = "The mean number of illness-related absence episodes per child was"
    assert other_per_noun("Illness-related absence days per child", lead)
    assert not other_per_noun("Number of illness-related absence episodes per child", lead)
    # a shared noun, or no "<noun> per" on one side: no conflict
    assert not other_per_noun("Insulin dose (units per day)", "the insulin requirement was units per kg per day")
    assert not other_per_noun("Absence days", lead)
    assert not other_per_noun("Illness-related absence days per child", "The mean absence was")
