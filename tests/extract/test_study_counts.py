"""Group sizes of within-subject studies, arm totals over subgroups, sequence groups and shrinking participant flow
(extract/group_sizes.py, outcome_query.crossover_size / arm_sizes): pure functions, no spaCy."""
from __future__ import annotations

from stemfoot.extract.group_sizes import (arm_total_header, flow_sizes, header_sizes, last_of_shrinking,
                                          number_words_as_digits, sequence_label, study_counts)
from stemfoot.extract.outcome_query import arm_sizes, crossover_size


def test_number_words_as_digits():
    assert number_words_as_digits("Twenty-one healthy subjects and Twenty one more") == "21 healthy subjects and 21 more"
    assert number_words_as_digits("one of five groups") == "one of 5 groups"  # "one" stays a word


def test_study_counts_people_studied():
    assert study_counts("This single-blind study involved 31 healthy patients (mean age: 23 y) with molars.") == ({31}, set())
    assert study_counts("A randomized crossover design study with 26 healthy overweight adults (BMI 28.1).")[0] == {26}
    assert study_counts("A randomised controlled study was conducted on 250 adolescents (12–18 years).")[0] == {250}
    assert study_counts("Twenty-one clinically healthy subjects were involved in the study.")[0] == {21}
    assert study_counts("Nineteen patients were entered into the study.")[0] == {19}
    assert study_counts("A total of 20 physically active males (age = 26.6 ± 4.1 years) participated in this study.")[0] == {20}
    assert study_counts("Twenty healthy men, aged 17 to 28 yr, performed three maximal CPETs.")[0] == {20}


def test_study_counts_completers_and_non_counts():
    assert study_counts("Table 3 summarizes the characteristics of the remaining 14 subjects.") == (set(), {14})
    assert study_counts("The 26 participants that completed the study were 16 women and 10 men.")[1] == {26}
    # not people, and planning
    assert study_counts("The study was carried out on a total of 50 impacted third molar extractions.") == (set(), set())
    assert study_counts("The sample size required 30 patients per group.") == (set(), set())
    assert study_counts("The 69 people who completed an electronic informed consent were randomized.") == (set(), set())


def test_crossover_size_reads_whole_study_counts():
    assert crossover_size("Nineteen patients were entered into the study. Patients served as their own controls.") == 19
    assert crossover_size("As part of a randomized, cross over design participants drank. Eight males "
                          "volunteered for the study.") == 8
    # the people who completed beat those enrolled (Yun: the number analysed)
    text = ("This was a randomized crossover design study with 28 healthy overweight adults. "
            "The 26 participants that completed the study were analysed.")
    assert crossover_size(text) == 26
    # the same counts in a parallel trial: no within-subject design, no size for both arms
    assert crossover_size("Nineteen patients were entered into the study.") is None
    assert crossover_size("Twenty healthy men performed three tests in a randomized, counter-balanced order.") == 20
    assert crossover_size("Patients were randomized to broaching on 1 side and compaction on the other side. 8 patients "
                          "declined, leaving 20 patients (13 male) for evaluation.") == 20
    # a parallel design named as such: a within-subject phrase elsewhere is a contrast
    assert crossover_size("A randomized trial with a between-subjects design. 21 subjects were recruited. Unlike a "
                          "within-subject design, ...") is None
    # test material in counterbalanced order is no within-subject design
    assert crossover_size("Two versions of the test were presented in counterbalanced order. 69 patients were "
                          "randomized.") is None


def test_arm_total_header():
    assert arm_total_header("Intervention / All (n = 720) M ± SD or %") == ("Intervention", 720)
    assert arm_total_header("Placebo / All / ( N =10)") == ("Placebo", 10)
    assert arm_total_header("Intervention / Boys (n = 363)") is None  # a subgroup
    assert arm_total_header("Week 12 / Total (n = 50)") is None  # a time, not an arm
    assert arm_total_header("Baseline / All (n = 50)") is None
    assert arm_total_header("Total (n = 14)") is None
    tables = [{"label": "Table 1", "header_joined": ["Characteristic", "Comparison / All (n = 241)",
                                                     "Comparison / Boys (n = 114)"]}]
    assert header_sizes(tables) == [("Comparison", 241, "Table 1 header")]


def test_sequence_groups_are_no_arms():
    assert sequence_label("control-first group") and sequence_label("Sequence AB") and sequence_label("Curry-first")
    assert not sequence_label("First-line therapy") and not sequence_label("platinum first-line")
    assert not sequence_label("AC then T")  # a sequential regimen is an arm
    records = [{"arm": "Curry-first", "arm_n": 7}, {"arm": "Placebo", "arm_n": 9}]
    arms = [{"label": "group", "n_patients": 8}, {"label": "control-first group", "n_patients": 2}]
    assert arm_sizes(records, arms) == [("Placebo", 9)]  # nor a bare "group"


def test_flow_sizes_take_the_last_of_a_shrinking_flow():
    text = ("Data on the remaining 287 patients were available for the FAS analysis: 143 for tiropramide vs. 144 "
            "for octylonium. Data on 245 patients were available for the PPS analysis: 117 for tiropramide vs. 128 "
            "for octylonium.")
    assert flow_sizes(text, "tiropramide 100", "octylonium 20 mg") == (117, 128)
    assert last_of_shrinking([(191, 189), (177, 174)]) == (177, 174)
    assert last_of_shrinking([(48, 46), (49, 50)]) is None  # an arm grows: two populations, no flow
    assert last_of_shrinking([]) is None


def test_a_table_pair_beats_sizes_no_table_states():
    from stemfoot.extract.group_sizes import refine_sizes

    rows = [("Lifestyle Physical Activity LPA", 46, "Table 2 row N"), ("Fibromyalgia Education FME", 38, "Table 2 row N")]
    arms = ("lifestyle physical activity (LPA)", "fibromyalgia education control (FME)")
    assert refine_sizes("pain", *arms, "", rows, (5, 0.95), (92, 0.95)) == ((46, 0.8), (38, 0.8))
    # a size a table states stays (another table's header, an analysed number)
    assert refine_sizes("pain", *arms, "", rows + [("LPA", 40, "Table 3 header")], (40, 0.95), (36, 0.9)) == \
        ((40, 0.95), (36, 0.9))


def test_allocation_counts_are_not_codes():
    from stemfoot.extract.outcome_query import allocation_sizes

    text = ("Women were randomized to vitamins or placebo. Hispanic 2-2 women not taking vitamins at randomization had "
            "a smaller increase in risk than Hispanic 2-2 women taking vitamins.")
    assert allocation_sizes(text, "vitamin C and E", "placebo") is None


def test_equal_parts_of_a_stated_total():
    from stemfoot.extract.group_sizes import equal_parts
    from stemfoot.extract.outcome_query import equal_groups_size

    s = ("A total of 165 adult patients were divided into three groups: saline (group S, n = 55), lignocaine 20 mg "
         "(Group L, n = 55) and methylprednisolone 125 mg (Group MP, n = 55).")
    assert equal_parts(s) == 55 and equal_groups_size(s) == 55
    assert equal_parts("A total of 100 patients: group A (n = 48) and group B (n = 52).") is None  # unequal
    assert equal_parts("We enrolled 90 patients, 30 patients, 30 patients and 30 patients.") == 30
    assert equal_parts("We enrolled 100 patients, 30 patients, 30 patients and 30 patients.") is None  # no sum
    assert equal_parts("We enrolled 60 patients, 30 patients and 30 patients.") is None  # two: an allocation's
    assert equal_parts("30 volunteers took part: 10 men, 10 women and 10 boys.") is None  # the sexes, not groups


def test_a_within_subject_study_sizes_every_arm():
    from stemfoot.extract.outcome_query import answer_query

    q = {"id": 1, "study": "x", "outcome": "swelling", "intervention": "Chitosan gel", "comparator": "Control"}
    text = ("This prospective clinical split-mouth design study evaluated 25 patients. A total of 50 extractions were "
            "assigned to the experimental group or the control group.")
    arms = [{"label": "control group", "n_patients": 50}]  # the extractions, read as one arm's size
    a = answer_query(q, [], arms, text=text)
    assert (a["intervention_group_size"], a["comparator_group_size"]) == (25, 25)


def test_crossover_completers_are_no_remainder_nor_more_than_enrolled():
    text = ("In this randomised crossover trial, 20 patients were enrolled. Sixteen patients completed both periods; "
            "of the remaining 4 patients, 3 withdrew.")
    assert crossover_size(text) == 16
    assert crossover_size("In this crossover trial, 20 patients were enrolled. Of the remaining 4 patients, 3 "
                          "withdrew.") == 20  # the rest of a count, not the completers
    assert crossover_size("In this crossover trial 20 patients were enrolled. The remaining 24 patients were "
                          "analysed.") is None  # more finishing than enrolled: a misread count


def test_study_counts_skip_other_work_and_other_verbs():
    assert study_counts("Of these, 2 patients in whom amputation was performed had sepsis.") == (set(), set())
    assert study_counts("A previous study in 40 patients showed benefit.") == (set(), set())
    assert study_counts("Smith et al. enrolled 40 patients who participated in a trial.") == (set(), set())
    assert study_counts("This trial included 40 patients [12].") == (set(), set())


def test_flow_sizes_keep_to_this_study_and_one_section():
    own = "The remaining 35 patients in the honey group and 33 in the control group completed the study. "
    cited = "In a previous trial, 30 patients in the honey group and 28 in the control group completed the study."
    assert flow_sizes(own + cited, "honey", "control") == (35, 33)  # another trial's flow is no later step
    assert flow_sizes(own + "Of these, 30 in the honey group and 28 in the control group completed the trial "
                      "[12].", "honey", "control") == (35, 33)
    text = ("Results\n\nThe remaining 30 patients in the honey group and 28 in the control group were analysed.\n\n"
            "Long-term follow-up\n\nAt 2 years, 20 patients and 20 patients remained.")
    assert flow_sizes(text, "honey", "control") is None  # an unnamed pair in another section: maybe another population
    assert flow_sizes(text.replace("Long-term follow-up\n\n", ""), "honey", "control") == (20, 20)  # one section


def test_text_sections():
    from stemfoot.extract.group_sizes import text_sections

    assert len(text_sections("Abstract text. More.\n\nMethods\n\nWe did it.\n\n2.3. Results\n\nIt worked.")) == 3
    assert len(text_sections("One paragraph.\n\nAnother paragraph.")) == 1


def test_an_arms_ordinal_is_no_sequence_group():
    assert not sequence_label("the first group") and not sequence_label("Sequence of dosing")
    assert sequence_label("placebo first") and sequence_label("AB sequence") and sequence_label("Sequence 2 (n = 8)")
    records = [{"arm": "The first group", "arm_n": 12}, {"arm": "Placebo", "arm_n": 9}]
    assert arm_sizes(records, []) == [("The first group", 12), ("Placebo", 9)]


def test_study_counts_wider_forms():
    # a word with a digit before the people; people named by where they live; animals of a crossover experiment
    assert study_counts("18 T2DM subjects on insulin were recruited and studied.")[0] == {18}
    assert study_counts("An experimental study of 18 nursing home residents.") == (set(), set())  # "of": STUDIED_IN's
    assert study_counts("This study included 18 nursing home residents.")[0] == {18}
    assert study_counts("Six rhesus macaques were studied.")[0] == {6}
    # verbs of being studied
    assert study_counts("Eight healthy male subjects were investigated on two separate occasions.")[0] == {8}
    # "underwent" is left out: "Thirty one patients (46 levels) underwent fusion" counts patients where a bilateral
    # study analyses levels
    assert study_counts("Thirty one consecutive patients (46 levels) underwent fusion.") == (set(), set())
    # completers: a bracket before the verb, plural trials, a bare count that completed or continued the study
    assert study_counts("Eleven subjects (3 women, 8 men) completed all trials.")[1] == {11}
    assert study_counts("Of 120 patients who enrolled, 115 completed the study.")[1] == {115}
    assert study_counts("Of the 180 enrolled patients, 125 (69.4%) continued the study, while 55 were lost.")[1] == {125}
    assert study_counts("In all, 40 continued the study drug after week 4.")[1] == set()  # a drug, not the study


def test_crossover_size_completers_against_the_largest_enrolled():
    # "on days 1 and 2 were included" reads as an enrolled 2: the completers stand against the largest count
    text = ("A randomized crossover study. In all, 120 patients were enrolled; 115 completed the study. Patients who "
            "answered on days 1 and 2 were included in the per-protocol population.")
    assert crossover_size(text) == 115
    # more completers than anyone enrolled is still a misread count
    assert crossover_size("A crossover study. In all, 20 patients were enrolled. 25 completed the study.") is None


def test_completers_are_never_the_denominator():
    # "51 of the 65 participants completed": 51 completed, 65 is whom they are counted of
    assert study_counts("Fifty-one (78.5%) of the 65 participants completed the study.")[1] == {51}
    assert study_counts("In all, 18 of 20 patients completed the study.")[1] == {18}
    text = ("A crossover trial. Sixty-nine participants were recruited. Fifty-one (78.5%) of the 65 participants "
            "completed the study.")
    assert crossover_size(text) == 51
    # "A total of 21 subjects completed": a total, no denominator
    assert study_counts("A total of 21 subjects completed the study; two subjects were withdrawn.")[1] == {21}


def test_one_groups_completers_are_no_study_size():
    # a clause that opens with one sequence or group: its completers are that group's
    assert study_counts("In the placebo-first sequence, 13 completed the study, and in the drug-first sequence, "
                        "14.") == (set(), set())
    assert study_counts("In the placebo group, 13 completed the study.") == (set(), set())
    assert study_counts("From recruited subjects, 41 completed the study in each group.") == (set(), set())
    text = ("A randomized crossover study in 30 patients with type 2 diabetes. In the placebo-first sequence, 13 "
            "completed the study, and in the drug-first sequence, 14.")
    assert crossover_size(text) == 30
    # a group named inside a bracket of the whole count leaves the study's completers
    assert study_counts("Of the 169 patients randomized (83 patients in the HD group and 86 in the GD group), 156 "
                        "(92.3%) completed the study.")[1] == {156}


def test_a_subsample_examined_is_no_study_size():
    assert study_counts("Muscle biopsies of 12 patients were examined by electron microscopy.") == (set(), set())
    assert study_counts("In a substudy, 12 patients were tested for insulin sensitivity.") == (set(), set())
    assert crossover_size("A randomized crossover study in 30 patients with type 2 diabetes. Muscle biopsies of 12 "
                          "patients were examined by electron microscopy.") == 30
    # the study's people as the subject still count
    assert study_counts("Eight healthy male subjects were investigated on two separate occasions.")[0] == {8}
