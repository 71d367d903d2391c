"""Round 37's second read (mend37): defects found in the merged alloc37 / early37 / ft37 code, each shown by an
invented input (never gold or blind text). Pure functions, no spaCy."""
from __future__ import annotations

from extract_support import allocation_list_items, listed_arm, printed_means

from stemfoot.extract.alloc_lists import allocation_items
from stemfoot.extract.arm_sizes import add_allocation_arms
from stemfoot.extract.candidates import split_sentences


# ---- alloc_lists: a coded list of strata is no allocation list ---------------------------------------------------

STRATA = ("Sixty patients were randomised to BM-MNC injection or saline injection (30 per arm). The 60 randomised "
          "patients were divided according to diabetes duration: G1, under 10 years (n = 28); G2, 10 years or more "
          "(n = 32). Healing occurred in 20 of 30 BM-MNC and 9 of 30 saline patients.")


def test_strata_whose_sizes_make_the_total_are_not_the_arms():
    # Strata of a feature partition every patient, so their sizes always add up to the total: the count check
    # passes by construction, and the trial's two arms were replaced by the two strata (their values unplaced).
    arms = [listed_arm(STRATA, "BM-MNC", "intervention", 30), listed_arm(STRATA, "saline", "control", 30)]
    stats = [{"arm": "BM-MNC", "arm_role": "intervention"}, {"arm": "saline", "arm_role": "control"}]
    assert add_allocation_arms(STRATA, split_sentences(STRATA), arms, stats, "rct", 60) == []
    assert [a["label"] for a in arms] == ["BM-MNC", "saline"]
    assert [s["arm"] for s in stats] == ["BM-MNC", "saline"]
    text = ("Sixty patients were divided into three groups according to Wagner grade: G1, grade 1 (n = 20); G2, "
            "grade 2 (n = 20); and G3, grade 3 (n = 20).")
    assert allocation_list_items(text, 60) == []


def test_a_randomisation_scheme_or_a_stratified_randomisation_is_still_an_allocation():
    tail = " into three groups: G1, cells (n = 20); G2, gel (n = 20); and G3, dressings (n = 20)."
    for lead in ("Sixty patients were randomised according to a computer-generated sequence",
                 "Sixty patients were randomised in blocks stratified according to ulcer size",
                 "Sixty patients were divided based on the order of admission"):
        assert [x[0] for x in allocation_list_items(lead + tail, 60)] == ["G1", "G2", "G3"], lead


# ---- alloc_lists: a dose list's later item that names its own treatment keeps its name ------------------------------

PREFIX = ("Forty patients were randomly assigned to ABC cells at 2 × 10^6 cells/kg or to saline placebo at 2 mL "
          "(cell and placebo groups), 20 per group. Healing occurred in 12 of 20 cell and 5 of 20 placebo patients.")


def test_each_item_of_a_dose_list_keeps_its_own_treatment_name():
    # The first item's name was put before every dose: the placebo arm was described as "ABC cells 2 mL", and
    # the inventory's "saline placebo" arm, named by no item, was dropped with its values.
    assert allocation_list_items(PREFIX, 40) == [("cell group", "ABC cells 2 × 10^6 cells/kg", 20),
                                  ("placebo group", "saline placebo 2 mL", 20)]
    arms = [listed_arm(PREFIX, "ABC cells", "intervention", 20), listed_arm(PREFIX, "saline placebo", "control", 20)]
    stats = [{"arm": "ABC cells", "arm_role": "intervention"}, {"arm": "saline placebo", "arm_role": "control"}]
    add_allocation_arms(PREFIX, split_sentences(PREFIX), arms, stats, "rct", 40)
    assert [(a["label"], a["description"]) for a in arms] == [("cell group", "ABC cells 2 × 10^6 cells/kg"),
                                                              ("placebo group", "saline placebo 2 mL")]
    assert [s["arm"] for s in stats] == ["cell group", "placebo group"]
    # a bare later dose still takes the first item's name (and the last item's scale and unit)
    text = "We randomised 45 patients to KM-2 at 0.5, 1 or 2 × 10^7 cells (low, middle and high groups), 15 per group."
    assert [d for _, d, _ in allocation_list_items(text, 45)] == ["KM-2 0.5 × 10^7 cells", "KM-2 1 × 10^7 cells",
                                                   "KM-2 2 × 10^7 cells"]


# ---- prose_pairs / outcome_query: "p% (n = k)" where k is the group's size -----------------------------------------

def test_a_percent_whose_n_equals_is_the_group_size_gives_no_count():
    from stemfoot.extract.outcome_query import answer_query

    text = ("Methods. Forty patients were randomised, 20 to the cell group and 20 to the control group. Results. "
            "Complete ulcer healing at 12 weeks was 65% (n = 20) in the cell group and 30% (n = 20) in the control "
            "group (P = 0.03).")
    q = {"id": 1, "study": "x", "outcome": "complete ulcer healing", "intervention": "cell therapy",
         "comparator": "control"}
    arms = [{"label": "cell group", "n_patients": 20}, {"label": "control group", "n_patients": 20}]
    keys = ("intervention_events", "intervention_group_size", "comparator_events", "comparator_group_size")
    ans = answer_query(q, [], arms, text=text, sections=[("full_text", text)])
    # was 20/20 and 20/20: the arms' sizes read as their events, against the 65% and 30% beside them
    assert tuple(ans[k] for k in keys) == (None, 20, None, 20)
    # the count the percent agrees with is kept
    text2 = text.replace("65% (n = 20)", "65% (n = 13)").replace("30% (n = 20)", "30% (n = 6)")
    ans = answer_query(q, [], arms, text=text2, sections=[("full_text", text2)])
    assert tuple(ans[k] for k in keys) == (13, 20, 6, 20)


# ---- tables.unlabelled_mean: a slash of counts, or a sex row, is no unit ---------------------------------------------

def test_a_row_of_counts_over_a_slash_is_not_read_as_mean_sd():
    from stemfoot.corpus.jats import build_table
    from stemfoot.extract import tables

    t = build_table("Table 2", "Outcomes at 12 months", [], [["", "Cell group (n = 20)", "Control group (n = 20)"]], [
        ["Major amputation (patients/limbs)", "3 (4)", "8 (10)"],
        ["Healing time (days)", "41 (12)", "66 (20)"],
    ])
    got = [(s["outcome_label"], s["arm"], s["mean"], s["sd"])
           for s in tables.table_statistics(tables.normalise_layout(t), []) if s["kind"] != "p_value"]
    # "3 (4)" is 3 patients (4 limbs): it was read as a mean of 3 with an SD of 4
    assert not [g for g in got if g[0].startswith("Major amputation")]
    assert ("Healing time (days)", "Cell group", 41.0, 12.0) in got
    for label in ("Healed ulcers, n/N", "Gender, M/F", "Sex (M)", "Amputation, patients/ulcers"):
        assert not tables.unlabelled_mean(12, 18, label, None), label
    assert tables.unlabelled_mean(12, 18, "CD34+ cells (cells/uL)", None)
    assert tables.unlabelled_mean(8, 2, "HbA1c (mmol/mol)", None)


# ---- tables.sub_row: a time or visit code is no measure's name -----------------------------------------------------

def test_a_change_row_at_a_time_code_stays_under_its_outcome():
    from stemfoot.corpus.jats import build_table
    from stemfoot.extract import tables

    for label in ("Change at W12", "Change at M6", "Mean change, D7", "Change at V2"):
        assert tables.sub_row(label), label  # ft37 took "W12", "M6", ... for a measure's name (as "E2")
    assert not tables.sub_row("Change in E2 (pg/ml)")
    assert not tables.sub_row("Change in B12")
    t = build_table("Table 3", "Glycaemic outcomes, mean ± SD", [], [["", "Cell group", "Control group"]], [
        ["Fasting glucose (mmol/L)", "9.1 ± 2.0", "9.3 ± 2.2"],
        ["Change at W12", "-1.5 ± 1.1", "-0.2 ± 1.0"],
    ])
    labels = {s["outcome_label"] for s in tables.table_statistics(tables.normalise_layout(t), [])
              if s["kind"] != "p_value"}
    assert labels == {"Fasting glucose (mmol/L)", "Fasting glucose (mmol/L) / Change at W12"}


# ---- stages.k_groups_run: a run that may follow the measures or times its clause lists is not one per group --------

def test_in_the_k_groups_after_a_list_of_measures_or_times_gives_no_order():
    from stemfoot.extract.stages import k_groups_run

    # Two measures (or two times) for both groups: early37 read them as one value per group (the second value
    # went to the second arm the Methods named).
    for text, printed in (
            ("Mean age and ankle-brachial index were 64.2 ± 7.7 and 0.52 ± 0.11 in the two groups.",
             ["64.2 ± 7.7", "0.52 ± 0.11"]),
            ("Ulcer area at baseline and month 6 was 4.1 ± 1.2 and 2.1 ± 0.9 cm2 in the two groups.",
             ["4.1 ± 1.2", "2.1 ± 0.9"])):
        assert not k_groups_run(text, printed_means(text, printed), (0, len(text)), 2), text
    text = "Pain-free walking distance rose by 120 ± 40 and 95 ± 35 m in the two groups."
    assert k_groups_run(text, printed_means(text, ["120 ± 40", "95 ± 35"]), (0, len(text)), 2)


# ---- arm_sizes.add_allocation_arms: the inventory's "control" arm is the list's one control item ----------------------

def test_a_control_arm_keeps_its_values_under_the_lists_control_item():
    text = ("Methods: Forty patients were randomised into two groups: G1, adipose stromal cells with fibrin gel "
            "(n = 20); and G2, standard dressings (n = 20). Results: Healing occurred in 14 of 20 cell-treated and 6 "
            "of 20 control patients.")
    arms = [listed_arm(text, "adipose stromal cells", "intervention", 20), listed_arm(text, "control", "control", 20)]
    stats = [{"arm": "adipose stromal cells", "arm_role": "intervention"}, {"arm": "control", "arm_role": "control"}]
    assert add_allocation_arms(text, split_sentences(text), arms, stats, "rct", 40) == ["arms_from_allocation_reader"]
    assert [(a["label"], a["role"]) for a in arms] == [("G1", "intervention"), ("G2", "control")]
    # the control value was unplaced: "control" is in no item's words
    assert stats == [{"arm": "G1", "arm_role": "intervention"}, {"arm": "G2", "arm_role": "control"}]


# ---- alloc_lists.bracket_items: a one-label item's span holds its whole description ----------------------------------

def test_a_one_label_items_span_holds_its_whole_description():
    text = ("Forty patients were randomised to autologous cells (cell group) or to saline, given weekly (placebo "
            "group), 20 per group.")
    items = allocation_items(text, 0, len(text), 40)
    assert [x.description for x in items] == ["autologous cells", "saline, given weekly"]
    for x in items:
        # the span began at "given weekly": the description's "saline" lay outside its own provenance
        assert x.description.split(",")[0] in text[x.start:x.end]


# ---- alloc_lists.ITEM_SIZE: "(n = 24 ulcers)" is no patient count ---------------------------------------------------

def test_an_items_count_of_ulcers_or_limbs_is_not_its_patient_size():
    text = ("Patients were randomised into two groups: G1, autologous cells (n = 24 ulcers); G2, standard dressings "
            "(n = 22 ulcers).")
    # the ulcer counts were read as the arms' patient sizes (24 and 22)
    assert allocation_list_items(text, None) == [("G1", "autologous cells", None), ("G2", "standard dressings", None)]
    text = ("Patients were randomised into two groups: G1, autologous cells (n = 15, 24 limbs); G2, standard "
            "dressings (n = 15, 22 limbs).")
    assert [x[2] for x in allocation_list_items(text, None)] == [15, 15]


# ---- alloc_lists: a coded list of results is no allocation list -------------------------------------------------------

def test_a_results_list_in_a_sentence_that_says_randomised_gives_no_arms():
    text = ("Methods: Fifty-six patients were randomised to SVF gel, PRP gel or saline dressings. Results: Complete "
            "healing in the randomised groups was as follows: G1, 13 of 18 (n = 18); G2, 9 of 19 (n = 19); G3, 5 of 19 "
            "(n = 19). Healing was faster with SVF gel (P = 0.01).")
    arms = [listed_arm(text, "SVF gel", "intervention", 18), listed_arm(text, "PRP gel", "active_comparator", 19),
            listed_arm(text, "saline dressings", "control", 19)]
    stats = [{"arm": a["label"], "arm_role": a["role"]} for a in arms]
    # the three arms were replaced by G1-G3 described as "13 of 18", "9 of 19", "5 of 19", and every value unplaced
    assert add_allocation_arms(text, split_sentences(text), arms, stats, "rct", 56) == []
    assert [a["label"] for a in arms] == ["SVF gel", "PRP gel", "saline dressings"]
    assert [s["arm"] for s in stats] == ["SVF gel", "PRP gel", "saline dressings"]


# ---- alloc_lists.bracket_items: the words after a dose name the item too ----------------------------------------------

def test_the_words_after_each_dose_stay_in_its_description():
    text = ("Forty patients were randomised to 2 mL of autologous cells or 2 mL of saline (cell and saline groups), 20 "
            "per group. Healing occurred in 12 of 20 cell-treated and 5 of 20 saline-treated patients.")
    # both items were described as "2 mL"; the inventory's arms, named by neither, were dropped with their values
    assert [x[1] for x in allocation_list_items(text, 40)] == ["2 mL autologous cells", "2 mL saline"]
    arms = [listed_arm(text, "autologous cells", "intervention", 20), listed_arm(text, "saline", "control", 20)]
    stats = [{"arm": "autologous cells", "arm_role": "intervention"}, {"arm": "saline", "arm_role": "control"}]
    add_allocation_arms(text, split_sentences(text), arms, stats, "rct", 40)
    assert [s["arm"] for s in stats] == ["cell group", "saline group"]


# ---- tables: "a (b)" is a mean with its n only where "mean (n)" is said together ---------------------------------------

def test_a_count_row_that_says_mean_under_an_n_header_is_no_mean_with_its_n():
    from stemfoot.corpus.jats import build_table
    from stemfoot.extract import tables

    t = build_table("Table 2", "Outcomes", [], [["", "Cell group (n)", "Control group (n)"]], [
        ["Patients with mean ABI < 0.4", "12 (40)", "15 (50)"]])
    got = [s for s in tables.table_statistics(tables.normalise_layout(t), []) if s["kind"] != "p_value"]
    # was a mean of 12 with n = 40 (the "(n)" of the arm header and the "mean" of the row label read together)
    assert not [s for s in got if s["mean"] is not None]
    t = build_table("Table 2", "Change at week 52", [], [["Item", "Drug / Adjusted mean (n)", "Placebo / Adjusted mean (n)"]],
                    [["Change in capacity", "-0.050 (36)", "-0.199 (31)"]])
    got = [(s["mean"], s["sd"], s["total"]) for s in tables.table_statistics(tables.normalise_layout(t), [])
           if s["kind"] != "p_value"]
    assert got == [(-0.05, None, 36), (-0.199, None, 31)]


# ---- alloc_lists.ITEM_SIZE: "(2 patients withdrew)" is no arm's size -------------------------------------------------

def test_a_bracket_counting_some_of_an_items_patients_is_not_its_size():
    text = ("Patients were randomised into two groups: G1, autologous cells (2 patients withdrew); G2, standard "
            "dressings.")
    assert [x[2] for x in allocation_list_items(text, None)] == [None, None]  # was G1 = 2 patients
    text = ("Patients were randomised into two groups: G1, autologous cells (3 patients with prior amputation); G2, "
            "standard dressings (n = 20).")
    assert [x[2] for x in allocation_list_items(text, None)] == [None, 20]  # was G1 = 3 patients
    text = ("Patients were randomised into two groups: G1, autologous cells (20 patients, 26 limbs); G2, standard "
            "dressings (19 patients).")
    assert [x[2] for x in allocation_list_items(text, None)] == [20, 19]


# ---- prose_pairs: a middle dot is a decimal point in a mean and its SD too ---------------------------------------------

def test_a_middle_dot_is_a_decimal_point_in_a_mean_and_sd():
    from stemfoot.extract.prose_pairs import values

    got = values("Mean healing time was 62·1 ± 8·4 days with alpha and 70·3 ± 9·0 days with beta.")
    # ft37 read "18·1%" but "62·1 ± 8·4" still gave a mean of 1 with an SD of 8
    assert [(v.mean, v.sd) for v in got] == [(62.1, 8.4), (70.3, 9.0)]
    assert [(v.mean, v.sd) for v in values("Hb was 107·1 g/L ± 13·0 g/L")] == [(107.1, 13.0)]
    assert [v.mean for v in values("HbA1c fell by −1·2% with alpha")] == [-1.2]
