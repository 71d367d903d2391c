"""extract/analysed_counts.py (and its use in group_sizes / size_chooser): numbers analysed per arm in the forms the
older size readers missed — k groups of n, a count split over the next sentence, one arm's count alone, arms told
apart by a denied agent, a size glued to a group code in a header."""
from __future__ import annotations

from stemfoot.extract.analysed_counts import arm_analysed, denied_forms, groups_of_size, split_pair
from stemfoot.extract.group_sizes import _RX as GS_RX, flow_sizes, label_side, refine_sizes
from stemfoot.extract.size_chooser import PAIRED, SOURCES, SizeContext, candidates

LIRA = "weight maintenance with meal replacements with liraglutide (1.2 mg daily)"
NO_LIRA = "weight maintenance with meal replacements without liraglutide (1.2 mg daily)"


def test_groups_of_size_hyphenated():
    assert groups_of_size("Sixty patients were randomly assigned to the two 30-patient groups of cases.") == 30
    assert groups_of_size("Ninety patients were divided into three 30-case equal groups by random allocation.") == 30
    assert groups_of_size("A sample size of two 30-patient groups would detect a difference.") is None  # planning
    assert groups_of_size("two 30-patient groups ... later three 25-case groups") is None  # two sizes disagree
    assert groups_of_size("Patients were divided into two groups.") is None


def test_groups_of_size_replaces_a_total_and_fills_nulls():
    text = "Sixty patients were randomly assigned to the two 30-patient groups of cases and controls."
    assert refine_sizes("pain", "Education", "Control", text, [], (None, 0.0), (60, 0.9)) == ((30, 0.9), (30, 0.9))
    assert refine_sizes("pain", "Education", "Control", text, [], (None, 0.0), (None, 0.0)) == ((30, 0.8), (30, 0.8))
    # a size found by name that is no multiple of the groups' n stays
    assert refine_sizes("pain", "Education", "Control", text, [], (28, 0.9), (None, 0.0))[0] == (28, 0.9)


def test_split_pair_after_a_flow_sentence():
    prev = "A total of 38 patients were included in the efficacy analysis (Fig. 2)."
    nxt = "Of these, 22 were from the Lozenge group and 16 were from the Control group."
    assert split_pair(prev, nxt, "Lozenge group", "Control group") == (22, 16)
    assert split_pair(prev, nxt, "Control group", "Lozenge group") == (16, 22)
    assert split_pair(prev, nxt.replace("16", "15"), "Lozenge group", "Control group") is None  # parts do not add up
    excluded = "Of these, 3 patients (2 in the UFT/LV group and 1 in the surgery group) were excluded."
    assert split_pair("Of 6 patients, 6 were included in the analysis.", excluded, "UFT/LV", "surgery") is None
    assert flow_sizes(f"{prev} {nxt} The median number of pain regimens was 3.", "Lozenge group", "Control group") == (22, 16)


def test_arm_analysed_one_arm_per_sentence():
    text = ("The total number of sessions by the 28 patients available for follow-up in the exercise group was 300. "
            "In the control group, 27 patients completed the study.")
    assert arm_analysed(text, "Exercise", "No exercise") == {"intervention": 28, "comparator": 27}
    assert refine_sizes("pain", "Exercise", "No exercise", text, [], (30, 0.9), (31, 0.9)) == ((28, 0.85), (27, 0.85))
    lost = "Two patients in the control group were lost to follow-up and 3 completed the study."
    assert arm_analysed(lost, "Exercise", "No exercise") == {"intervention": None, "comparator": None}
    both = "The 28 patients in the exercise and the control group were analysed."
    assert arm_analysed(both, "Exercise", "No exercise") == {"intervention": None, "comparator": None}


def test_denied_agent_names_the_other_arm():
    assert denied_forms(LIRA, NO_LIRA) == ("liraglutide",)
    assert denied_forms(NO_LIRA, LIRA) == ()
    sentence = ("After the intervention period, 42 individuals completed the 1-year study period (22 participants in "
                "the liraglutide group and 20 participants in the control group).")
    assert flow_sizes(sentence, LIRA, NO_LIRA) == (22, 20)
    assert label_side("Liraglutide group N = 22", LIRA, NO_LIRA) == "intervention"
    assert label_side("without liraglutide", LIRA, NO_LIRA) != "intervention"


def test_header_glued_to_a_group_code():
    m = GS_RX.HEADER_GLUED.match("Group Pn = 60")
    assert m and (m.group("arm"), m.group("n")) == ("Group P", "60")
    assert GS_RX.HEADER_GLUED.match("Cefuroximen = 85 (48.3%)").group("arm") == "Cefuroxime"


def test_chooser_candidates_carry_the_new_sources():
    text = ("The 28 patients available for follow-up in the exercise group were seen weekly. "
            "In the control group, 27 patients completed the study.")
    ctx = SizeContext("pain", "Exercise", "No exercise", text, "", [], [], {"intervention": 30, "comparator": 30},
                      {"intervention": 0.9, "comparator": 0.9})
    got = candidates(ctx)
    assert "arm_analysed" in got["intervention"][28] and "arm_analysed" in got["comparator"][27]
    assert "arm_analysed" in SOURCES and "arm_analysed" in PAIRED
    ctx.text = "Sixty patients were randomly assigned to the two 30-patient groups."
    assert "each" in candidates(ctx)["intervention"][30]


def test_randomised_pair_by_the_arms_own_forms():
    from stemfoot.extract.analysed_counts import randomised_pair

    text = ("A total of 360 patients were randomized to EST with the E-mode (n=179) or the conventional blended C-mode "
            "(n=181) (Fig. 1). No patients among them were excluded from analysis.")
    e, c = "E-mode Endoscopic sphincterotomy", "C-mode Endoscopic sphincterotomy"
    assert randomised_pair(text, e, c) == (179, 181)
    assert refine_sizes("pancreatitis", e, c, text, [], (None, 0.0), (None, 0.0)) == ((179, 0.8), (181, 0.8))
    assert refine_sizes("pancreatitis", e, c, "No allocation here.", [], (None, 0.0), (None, 0.0)) == ((None, 0.0), (None, 0.0))
    # a size found by name for either arm stays the rules' own
    assert refine_sizes("pancreatitis", e, c, text, [], (176, 0.6), (None, 0.0))[0] == (176, 0.6)


def test_level_arm_size_over_subgroup_sizes():
    from stemfoot.extract.group_sizes import header_sizes, level_arm_size

    assert level_arm_size("NGLCD (n = 58) / M (n = 26)") == ("NGLCD", 58)
    assert level_arm_size("NGLCD (n = 58) / Mean") is None  # no subgroup sizes: the table reader's own
    assert level_arm_size("Total (n = 110) / M (n = 47)") is None
    assert level_arm_size("Baseline (n = 58) / M (n = 26)") is None
    table = {"label": "Table 1", "header_joined": ["Gender", "NGLCD (n = 58) / M (n = 26)", "NGLCD (n = 58) / F (n = 32)",
                                                  "LFD (n = 52) / M (n = 21)", "LFD (n = 52) / F (n = 31)"]}
    assert header_sizes([table]) == [("NGLCD", 58, "Table 1 header"), ("LFD", 52, "Table 1 header")]


def test_a_table_pair_completes_the_arm_it_agrees_with():
    sizes = [("NGLCD", 58, "Table 1 header"), ("LFD", 52, "Table 1 header")]
    q_i, q_c = "normoglucidic low-calorie diet (NGLCD)", "low-fat diet (LFD)"
    assert refine_sizes("weight", q_i, q_c, "", sizes, (58, 0.95), (18, 0.95)) == ((58, 0.95), (52, 0.8))
    assert refine_sizes("weight", q_i, q_c, "", sizes, (21, 0.95), (52, 0.95)) == ((58, 0.8), (52, 0.95))
    # no side agrees with the statement: sizes found by name stay (test_group_sizes.test_refine_sizes_order)
    assert refine_sizes("weight", q_i, q_c, "", sizes, (21, 0.95), (None, 0.0)) == ((21, 0.95), (52, 0.7))


def test_randomised_pair_fills_an_arm_when_it_agrees_with_the_other():
    text = ("Fifty nine patients were randomly assigned into two groups: open (n=30) or Knifelight (n=29). Thirty "
            "subjects were undergone open surgery and 29 patients undergone knifelight procedure.")
    assert refine_sizes("Scar length", "Knifelight", "Open surgery", text, [], (29, 0.6), (None, 0.0)) == (
        (29, 0.8), (30, 0.8))
    # a size found by name that the pair contradicts keeps the rules' own sizes
    assert refine_sizes("Scar length", "Knifelight", "Open surgery", text, [], (28, 0.6), (None, 0.0)) == (
        (28, 0.6), (None, 0.0))


def test_flow_completed_the_training():
    text = ("A total of 57 participants completed the training and all surveys were included in this study—30 (53%) "
            "in the control group (CG) and 27 (47%) in the intervention group.")
    assert flow_sizes(text, "paper handouts with two Web-based VPs", "paper handouts") == (27, 30)


def test_equal_counts_of_the_sexes_allocate_no_arms():
    from stemfoot.extract.outcome_query import allocation_sizes

    text = ("A total of 40 males and 40 females were randomly assigned to the four groups. Additionally, a recovery "
            "group containing 5 males and 5 females was included.")
    assert allocation_sizes(text, "group II", "group I") is None
    assert allocation_sizes("Patients were randomised: 30 patients and 30 patients.", "A", "B")[:2] == (30, 30)


def test_each_group_after_an_analysis_verb():
    from stemfoot.extract.outcome_query import each_group_size

    assert each_group_size("Therefore, 30 subjects were ultimately included in each study group for a total of 60 "
                           "subjects.") == 30
    assert each_group_size("In all, 100 patients were randomized to either group.") is None  # the total
