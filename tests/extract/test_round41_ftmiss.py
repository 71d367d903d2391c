"""Round 41 (ftmiss41): the one size every group of an allocating sentence has in its bracket ("placebo (n = 15),
zinc (n = 15) or both (n = 15)"). Invented examples, no spaCy."""
from __future__ import annotations

from stemfoot.extract.outcome_query import each_group_size, sentence_each_sizes


def test_equal_bracketed_sizes_of_an_allocating_sentence_are_every_groups():
    s = ("Volunteers were randomly assigned to receive either placebo (n = 15), zinc tablets (n = 15), "
         "fish oil capsules (n = 15), or zinc + fish oil (n = 15), for 8 weeks.")
    assert sentence_each_sizes(s) == {15}
    # a short form before the n in the bracket
    s = "Forty runners were randomly assigned to a VR group (VR, n=20) and a treadmill group (TM, n=20)."
    assert sentence_each_sizes(s) == {20}
    s = ("The patients were divided into two groups as Group A, who had the classical drain (n = 45) and Group B, "
         "who had the modified drain (n = 45).")
    assert each_group_size(s) == 45


def test_unequal_lone_or_unallocated_brackets_give_no_size():
    # unequal sizes: each arm's own, not every group's
    assert sentence_each_sizes("Patients were randomised to drug A (n = 15) or drug B (n = 14).") == set()
    # one bracket only
    assert sentence_each_sizes("Patients were randomised to drug A (n = 15) or to usual care.") == set()
    # no allocation: subsets measured, not the groups
    assert sentence_each_sizes("Biopsies were taken in the zinc (n = 6) and placebo (n = 6) arms at week 4.") == set()
    # a bracket with more than a short form and the n is some other count
    assert sentence_each_sizes("Patients were randomised to A (lost to follow-up, n = 3) or B (excluded, n = 3).") \
        == set()
    # people who left, named in the brackets or the sentence
    assert sentence_each_sizes("Of those randomised, some withdrew from A (withdrew, n = 3) and B (withdrew, n = 3).") \
        == set()
    assert sentence_each_sizes("After randomisation, patients in A (n = 2) and B (n = 2) were lost to follow-up.") \
        == set()


# --- prose_pairs.NOT_VALUE: a p value written in words ---------------------------------------------------------

def test_a_p_value_in_words_is_no_mean():
    from stemfoot.extract.prose_pairs import mean_values, sentence_pair

    s = ("The mean itch score on the fifth day was 1.4 for the cream group and 3.1 for the ointment group with "
         "P value of 0.002 which is significant.")
    assert [v.mean for v in mean_values(s)] == [1.4, 3.1]
    got = sentence_pair(s, "steroid cream", "steroid ointment")
    assert got and (got[0].mean, got[1].mean) == (1.4, 3.1)
    assert [v.mean for v in mean_values("The mean score was 4.1 with A and 5.2 with B; the p-value was 0.03.")] \
        == [4.1, 5.2]
    # the number after "p value" is blanked, the means around it stay where they were
    assert [v.text for v in mean_values("Mean scores were 2.5 and 2.9 (P-value = 0.41) in the two arms.")] \
        == ["2.5", "2.9"]


# --- mendftmiss41: second read ----------------------------------------------------------------------------------

def test_the_learned_choosers_each_feature_leaves_the_bracketed_n_rule_out():
    """The bracketed n are the allocation's (the chooser's "alloc" already); as "each" too they counted one sentence
    twice and outweighed the tables' analysed n (31 randomised per arm over 27 analysed)."""
    from stemfoot.extract import size_chooser as sc

    text = ("Sixty-two adults were randomly assigned to the lavender group (n = 31) and the water group (n = 31). "
            "Data were analysed for 27 in the lavender group and 27 in the water group.")
    assert each_group_size(text) == 31  # the rules' fallback keeps it
    assert each_group_size(text, listed=False) is None
    ctx = sc.SizeContext("sleep score", "Lavender inhalation", "Water inhalation", text, "",
                         [("Lavender (N = 27)", 27, "Table 2 header"), ("Water (N = 27)", 27, "Table 2 header")],
                         [], {"intervention": 31, "comparator": 31}, {"intervention": 0.8, "comparator": 0.8})
    cands = sc.candidates(ctx)
    assert all("each" not in cands[side].get(31, set()) for side in ("intervention", "comparator"))
    # an "each" the model learned still counts
    ctx.text = "Sixty-two adults were randomly assigned to two groups of 31 patients each."
    sc._text_counts.cache_clear()
    assert "each" in sc.candidates(ctx)["intervention"].get(31, set())


def test_equal_bracketed_n_of_groups_that_are_no_arms_give_no_size():
    # a crossover's sequences: every period holds all 24
    assert sentence_each_sizes("Participants were randomised to sequence AB (n = 12) or sequence BA (n = 12).") \
        == set()
    # healthy controls beside patients, a subgroup, strata by sex or age, people screened
    assert sentence_each_sizes("Patients with asthma (n = 30) and healthy controls (n = 30) were enrolled.") == set()
    assert sentence_each_sizes("A subgroup of the zinc (n = 10) and placebo (n = 10) groups was included in the "
                               "imaging substudy.") == set()
    assert sentence_each_sizes("Adults were included: men (n = 20) and women (n = 20).") == set()
    assert sentence_each_sizes("Patients aged 18-40 years (n = 20) and 41-65 years (n = 20) were included.") == set()
    assert sentence_each_sizes("Of those screened, eligible (n = 40) and ineligible (n = 40) were recruited.") == set()
    # healthy volunteers who are randomised are the arms; an age range of the whole sample is no stratum
    assert sentence_each_sizes("Healthy subjects were randomly assigned to placebo (n = 10) or zinc (n = 10).") == {10}
    assert sentence_each_sizes("Patients aged 18-65 years were randomised to zinc (n = 20) or placebo (n = 20).") \
        == {20}
    # a bracket with a percentage or an age is no bare n; a total beside the arms makes the sizes unequal
    assert sentence_each_sizes("Patients were randomised to A (n = 15, 60%) or B (n = 15, 58%).") == set()
    assert sentence_each_sizes("Patients (n = 30) were randomised to A (n = 15) or B (n = 15).") == set()


def test_a_worded_p_value_leaves_a_value_of_a_dose_or_a_mean():
    from stemfoot.extract.prose_pairs import mean_values

    # "value of" after anything but p is a value
    assert [v.mean for v in mean_values("The mean step value of 2.5 in A and 3.1 in B was recorded.")] == [2.5, 3.1]
    assert [v.mean for v in mean_values("Mean peak values were 0.52 with A and 0.61 with B.")] == [0.52, 0.61]
