"""extract/group_sizes.py: per-arm group sizes from analysed-n sentences, participant flow, table statements."""
from __future__ import annotations

from stemfoot.extract.group_sizes import (analysed_sizes, bracket_size, flow_pair, flow_sizes, map_labels, names_outcome,
                                          pair_counts, refine_sizes, respective_pair, short_form_match, statement_sizes)

GIK, NO = "glucose-insulin-potassium infusion (GIK)", "no infusion"


def test_analysed_sizes_for_the_query_outcome_only():
    text = ("Data on the effect of GIK on enzymatic infarct size (CK-MB) were available in 923 patients (98%), "
            "470 patients treated with GIK and 462 control patients. LVEF measurements were available in 419 "
            "patients (88%) treated with GIK and in 404 (87%) of the controls.")
    assert analysed_sizes(text, "creatinine kinase MB-fraction (CK-MB)", GIK, NO) == (470, 462)
    assert analysed_sizes(text, "mean left ventricular ejection fraction (LVEF)", GIK, NO) == (419, 404)
    assert analysed_sizes(text, "30-day mortality", GIK, NO) is None  # names another outcome


def test_names_outcome():
    assert names_outcome("mean left ventricular ejection fraction (LVEF)", "LVEF was measured")
    assert names_outcome("left ventricular ejection fraction", "ejection fraction of the left ventricle was")
    assert not names_outcome("left ventricular ejection fraction", "infarct size was measured")


def test_pair_counts_needs_each_count_beside_a_different_arm():
    s = "The remaining 24 patients in the control group and 25 in the honey group continued."
    assert pair_counts(s, "honey mitigates", "povidone-iodine") == (25, 24)
    # both counts stand after the same arm's name: no pairing
    assert pair_counts("In the honey group 24 patients and 25 patients stayed.", "honey", "povidone-iodine") is None
    # three counts, none a total: no pairing
    assert pair_counts("12 patients in the honey group, 13 in the control group and 14 patients in the sham group.", "honey",
                       "povidone-iodine") is None


def test_pair_counts_of_a_total_split_in_two_parts():
    dz, d = "Docetaxel with zoledronic acid (group DZ)", "Docetaxel alone (group D)"
    # the two bare numbers after a count of people are its parts when they sum to it; the arms are named by code
    s = ("In the DZ group 1 patient and in the D group 4 patients were ineligible, and 94 patients (48 for DZ and "
         "46 for D) were included in the efficacy analysis (Fig. 1).")
    assert pair_counts(s, dz, d) == (48, 46)
    assert flow_sizes(s, dz, d) == (48, 46)
    assert pair_counts("In an efficacy analysis of 94 patients (DZ, 48; D, 46), PFS was 10 months.", dz, d) == (48, 46)
    # numbers that do not sum to the count are no parts of it
    assert pair_counts("Of 94 patients (48 for DZ and 40 for D), 10 were excluded.", dz, d) is None
    assert pair_counts("A total of 3046 children (1527 in the RDT arm and 1519 in the CJ arm) were enrolled.",
                       "Rapid diagnostic tests (RDT)", "Clinical judgement (CJ)") == (1527, 1519)


def test_pair_counts_total_parts_only_in_its_bracket_beside_arm_names():
    # bare numbers further on are doses and counts of their own: they never replace the counts of people
    s = ("Sixty patients were randomized; 40 patients received 20 mg of atorvastatin and 20 patients received "
         "placebo.")
    assert pair_counts(s, "atorvastatin", "placebo") == (40, 20)
    # a grade in a bracket is no part, and a bare number code is a grade here, not the group
    s = "30 patients (grade 2) and 28 patients (grade 1) were allocated to group 1 and group 2, respectively."
    assert pair_counts(s, "Docetaxel (group 1)", "Placebo (group 2)") is None
    dz, d = "Docetaxel with zoledronic acid (group DZ)", "Docetaxel alone (group D)"
    # equal parts named by no arm are no pair; a later count of people is not replaced by the parts
    assert pair_counts("60 patients (30 mild and 30 severe) were randomized to DZ or D.", dz, d) is None
    assert pair_counts("94 patients (48 for DZ and 46 for D) were included and 20 patients were excluded.", dz,
                       d) is None
    assert pair_counts("Of 94 patients: 48 for DZ and 46 for D.", dz, d) == (48, 46)
    s = ("A total of 60 patients (82.2%) completed the study (31 [79.5%] in the PRM and 29 [85.3%] in the placebo "
         "cohorts).")
    assert pair_counts(s, "Prolonged-release melatonin (PRM)", "Placebo") == (31, 29)


def test_pair_counts_into_the_group():
    s = "We randomized 46 participants into the LPA intervention and 38 into the FME group in five cohorts."
    assert pair_counts(s, "lifestyle physical activity (LPA)", "fibromyalgia education control (FME)") == (46, 38)


def test_pair_counts_elliptical_and_listed_counts():
    # "170 received": the count's people are the first count's ("154 patients received")
    s = "In the intent-to-treat population, 154 patients received letrozole and 170 received tamoxifen."
    assert pair_counts(s, "letrozole", "tamoxifen") == (154, 170)
    assert flow_sizes(s, "letrozole", "tamoxifen") == (154, 170)
    # a list of three arms: each "N in the ..." count takes the arm after it
    s = ("Further 44 patients were lost to follow-up at 10 years, leaving 526 who were followed for at least 120 "
         "months: 177 in the TT group, 174 in the DO group, and 175 in the BST group (Fig. 1).")
    assert pair_counts(s, "total thyroidectomy (TT)", "Dunhill operation (DO)") == (177, 174)
    assert pair_counts(s, "total thyroidectomy (TT)", "bilateral subtotal thyroidectomy (BST)") == (177, 175)
    assert pair_counts("12 patients, 13 patients and 14 patients were seen in the honey group.", "honey",
                       "povidone-iodine") is None  # no count with its arm after it
    # a count pooled over several arms is no arm's size
    s = "A total of 545 patients received one of five FF treatment groups and 101 patients received placebo."
    assert pair_counts(s, "Fluticasone furoate 200 mcg", "Placebo") is None


def test_flow_sizes_and_disagreement():
    one = "The remaining 24 patients in the control group and 25 in the honey group continued with the planned treatment."
    assert flow_sizes(one, "honey", "povidone-iodine") == (25, 24)
    two = one + " Finally 20 patients in the control group and 22 in the honey group completed the study."
    assert flow_sizes(two, "honey", "povidone-iodine") == (22, 20)  # people lost along the way: the last decides
    grows = one + " Finally 26 patients in the control group and 22 in the honey group completed the study."
    assert flow_sizes(grows, "honey", "povidone-iodine") is None  # an arm grows: two populations, nothing decides
    assert flow_sizes("A sample size of 25 patients in the honey group and 24 in the control group remained "
                      "needed.", "honey", "povidone-iodine") is None  # planning, not flow


def test_short_forms():
    pace15, pace8 = "15-pulse anti-tachycardia pacing (ATP)", "eight-pulse anti-tachycardia pacing (ATP)"
    assert short_form_match(pace15, pace8, "Group 15")
    assert short_form_match(pace8, pace15, "Group 8")  # a number word
    assert not short_form_match(pace15, pace8, "Group 8")
    assert short_form_match("Late tamoxifen", "Control", "TAM")
    assert not short_form_match("Late tamoxifen", "Control", "FU")
    assert short_form_match("linear polarized near infrared", "control", "LPNI")


def test_map_labels_by_elimination_only_between_two_arms():
    assert map_labels(["TAM", "FU"], "Late tamoxifen", "Control") == {"TAM": "intervention", "FU": "comparator"}
    assert map_labels(["TAM", "FU", "Other"], "Late tamoxifen", "Control") == {"TAM": "intervention"}
    assert map_labels(["All pts", "Group 8", "Group 15"], "15-pulse pacing", "eight-pulse pacing") == {
        "Group 8": "comparator", "Group 15": "intervention"}


def test_statement_sizes_disagreeing_groups_give_none():
    st = [("TAM", 217, "Table 1 header"), ("FU", 216, "Table 1 header")]
    assert statement_sizes("Late tamoxifen", "Control", st) == (217, 216)
    st2 = st + [("TAM", 200, "Table 3 header"), ("FU", 216, "Table 3 header")]
    assert statement_sizes("Late tamoxifen", "Control", st2) == (None, 216)


def test_bracket_size():
    text = "randomized to an 11-week intervention (1 week/CBM-I + 10 weeks/iCBT; n = 38) that was delivered"
    assert bracket_size(text, "CBM-I (cognitive-bias modification)", "baseline") == 38
    assert bracket_size(text + " and (CBM-I only; n = 20)", "CBM-I", "baseline") is None  # two sizes


def test_refine_sizes_order():
    text = ("Patients were randomly assigned to honey (n = 25) or control (n = 25). The remaining 24 patients in "
            "the control group and 25 in the honey group continued.")
    assert refine_sizes("weight loss", "honey", "povidone-iodine", text, None, (25, 0.9), (25, 0.9)) == (
        (25, 0.85), (24, 0.85))
    # nothing known: table statements fill, and sizes found by name stay
    assert refine_sizes("x", "Late tamoxifen", "Control", "", [("TAM", 217, "T1"), ("FU", 216, "T1")],
                        (None, 0.0), (None, 0.0)) == ((217, 0.7), (216, 0.7))
    assert refine_sizes("x", "Late tamoxifen", "Control", "", [("TAM", 217, "T1"), ("FU", 216, "T1")],
                        (210, 0.9), (None, 0.0)) == ((210, 0.9), (216, 0.7))


def test_one_side_size_only_when_a_table_states_it():
    from stemfoot.extract.group_sizes import one_side_size
    st = [("Liraglutide 0.6 mg", 233, "Table 1 header"), ("Rosiglitazone", 232, "Table 1 header")]
    q_i, q_c = "Liraglutide (all doses) plus glimepiride", "Rosiglitazone plus glimepiride"
    assert one_side_size(None, 232, q_i, q_c, st) == (None, 232)
    assert one_side_size(None, 71900, q_i, q_c, st) == (None, None)  # not a table's size for that arm
    assert one_side_size(None, 232, q_i, q_c, []) == (None, None)
    assert one_side_size(10, 232, q_i, q_c, st) == (None, None)  # both known: not this function's case


def test_header_sizes_forms_the_table_reader_misses():
    from stemfoot.extract.group_sizes import header_sizes
    t = {"label": "Table 1", "header_joined": ["", "Synbiotic 399 Dogs", "Placebo 374 Dogs", "Total 773 Dogs"]}
    assert header_sizes([t]) == [("Synbiotic", 399, "Table 1 header"), ("Placebo", 374, "Table 1 header")]
    t2 = {"label": "Table 1", "header_joined": ["Variable", "Total groupn = 176", "Cefuroximen = 85 (48.3%)",
                                                "Ampicillin/Sulbactamn = 91 (51.7%)", "P - value", "Week 12"]}
    assert header_sizes([t2]) == [("Cefuroxime", 85, "Table 1 header"), ("Ampicillin/Sulbactam", 91, "Table 1 header")]


def test_pooled_arm_lists_several_article_arms():
    from stemfoot.extract.group_sizes import pooled_arm

    labels = ["IND/GLY", "IND", "GLY", "TIO", "Placebo"]
    assert pooled_arm("GLY 50 μg od, IND 150 μg od, open-label tiotropium (TIO) 18 μg od, and placebo", labels)
    assert not pooled_arm("indacaterol (IND)/glycopyrronium (GLY) 110/50 μg once daily", labels)  # a combination
    hp = ["Hp 1-1", "Hp 2-1", "Hp 2-2", "Hp 2-1 M"]
    assert pooled_arm("Haptoglobin's (Hp) 1-1, 2-1, ", hp)
    assert not pooled_arm("Haptoglobin's (Hp) 2-2 phenotypes", hp)
    assert not pooled_arm("Drug A, given twice daily", ["Drug A", "Placebo"])  # one arm named
    assert not pooled_arm("treatment group, or control", ["Treatment group", "Group"])  # generic labels name no arm


def test_pooled_query_arm_gets_no_size():
    from stemfoot.extract.outcome_query import answer_query

    q = {"id": 1, "study": "x", "outcome": "FEV1", "intervention": "IND/GLY 110/50 μg",
         "comparator": "GLY 50 μg, IND 150 μg, and placebo"}
    tables = [("IND/GLY", 42, "Table 1 header"), ("IND", 41, "Table 1 header"), ("GLY", 40, "Table 1 header"),
              ("Placebo", 19, "Table 1 header")]
    a = answer_query(q, [], [], text="Results.", table_sizes=tables)
    assert a["comparator_group_size"] is None


def test_counts_before_the_remaining_are_no_flow():
    from stemfoot.extract.group_sizes import counts_before_remaining, flow_sizes

    s = ("Five patients (3 in the Lozenge group and 2 in the Control group) used the electronic diary and the "
         "remaining patients used the paper diary.")
    assert counts_before_remaining(s)
    assert flow_sizes(s, "Lozenge group", "Control group") is None
    s2 = "The remaining 24 patients in the control group and 25 in the honey group continued the study."
    assert not counts_before_remaining(s2)
    assert flow_sizes(s2, "honey", "control group") == (25, 24)


IVM, PBO = "Ivermectin", "Placebo"


def test_respective_pair_names_after_or_before_the_counts():
    after = "Of the 120 randomised patients, 58 and 57 in the ivermectin and placebo groups, respectively, completed the study."
    assert respective_pair(after, IVM, PBO) == (58, 57)
    assert respective_pair(after.replace("ivermectin and placebo", "placebo and ivermectin"), IVM, PBO) == (57, 58)
    before = ("Three patients in the ivermectin group and four in the placebo group were lost to follow-up, leaving 58 "
              "and 57 patients, respectively.")
    assert respective_pair(before, IVM, PBO) == (58, 57)
    assert flow_sizes(before, IVM, PBO) == (58, 57)


def test_respective_pair_refuses_leavers_units_and_unclear_order():
    # the counts of people who left, wherever the leaving word stands
    assert respective_pair("6 and 3 patients withdrew from the ivermectin and placebo groups, respectively.", IVM, PBO) is None
    assert respective_pair("Six and 3 patients in the ivermectin and placebo groups, respectively, were lost to "
                           "follow-up.", IVM, PBO) is None
    # a unit after the counts: no people
    assert respective_pair("Mean ages were 58 and 57 years in the ivermectin and placebo groups, respectively.",
                           IVM, PBO) is None
    # two pairs: which is the arms' is not clear
    assert respective_pair("Of the 30 and 28 men in the ivermectin and placebo groups, respectively, 25 and 20 "
                           "completed the trial.", IVM, PBO) is None
    # one arm named only
    assert respective_pair("In the ivermectin group, 58 and 57 patients completed the 6 and 12 month visits, "
                           "respectively.", IVM, PBO) is None


def test_flow_pair_number_words_and_bracket_parts():
    assert flow_pair("Fifty-eight patients in the ivermectin group and 57 in the placebo group completed the study.",
                     IVM, PBO) == (58, 57)
    # small numbers in words count sessions as often as people
    assert flow_pair("Two of the four test sessions involved ivermectin and in the remaining two sessions participants "
                     "received placebo.", IVM, PBO) is None
    # "(arm N, arm M)": a comma ends a part when no digit follows ("1,000" is one number)
    assert flow_sizes("After exclusions, 115 patients were analysed (ivermectin 58, placebo 57).", IVM, PBO) == (58, 57)
    assert flow_sizes("58 patients receiving ivermectin and 57 receiving placebo were evaluable.", IVM, PBO) == (58, 57)
    assert flow_sizes("The final analysis included 58 patients in the ivermectin group and 57 in the placebo group.",
                      IVM, PBO) == (58, 57)


def test_header_pair_both_arms_from_their_own_columns():
    from stemfoot.extract.group_sizes import header_pair
    i_ev = {"table": "Table 3", "row_header": "TcPO2, mmHg", "column_header": "Cells (n = 43)"}
    c_ev = {"table": "Table 3", "row_header": "TcPO2, mmHg", "column_header": "Placebo (n = 41) / Week 26"}
    assert header_pair(i_ev, c_ev, 43, 41) == (43, 41)
    assert header_pair(i_ev, c_ev, 48, 41) is None  # a record whose n is not its header's
    assert header_pair(i_ev, {**c_ev, "table": "Table 2"}, 43, 41) is None  # two tables: two sources
    assert header_pair(i_ev, {**c_ev, "column_header": "Placebo"}, 43, 41) is None  # a header without a size
    rows = {"table": "Table 2", "column_header": "Week 12 (n = 30)"}  # arms as rows: one column, no arm's header
    assert header_pair({**rows, "row_header": "Group A"}, {**rows, "row_header": "Group B"}, 30, 30) is None
    assert header_pair({"row_header": "x"}, {"row_header": "y"}, 43, 41) is None  # prose: no header


def test_over_randomised_only_larger_sizes_replace_the_pair():
    from stemfoot.extract.group_sizes import over_randomised
    assert over_randomised((48, 47), (43, 41))
    assert over_randomised((32, 34), (32, 31))  # one arm from each source
    assert not over_randomised((43, 41), (43, 41))
    assert not over_randomised((40, 41), (43, 41))  # a smaller n is another fact (a subgroup), not the randomised n
    assert not over_randomised((None, 47), (43, 41))  # the chooser's null stays
