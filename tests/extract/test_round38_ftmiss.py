"""Round 38 (ftmiss38): prose values the full-text answers missed. Invented examples, no spaCy."""
from stemfoot.extract.prose_pairs import find_pairs, tight_means, values


def test_mean_sd_in_percent_is_a_mean():
    vals = values("Body fat fell by 7.4 ± 5.2% in the walking group and 1.1 ± 3.9% in the reading group.")
    assert [(v.mean, v.sd) for v in vals] == [(7.4, 5.2), (1.1, 3.9)]


def test_mean_sd_in_percent_pairs_with_arms():
    pairs = find_pairs("After 6 months, body fat fell by 7.4 ± 5.2% in the walking group compared with 1.1 ± 3.9% "
                       "in the reading group.", "walking", "reading")
    assert [(p.intervention.mean, p.intervention.sd, p.comparator.mean, p.comparator.sd) for p in pairs] == \
        [(7.4, 5.2, 1.1, 3.9)]


def test_bare_percent_stays_a_percent():
    vals = values("Healing was 64.5% in the gel group and 40.2% in the saline group.")
    assert [v.mean for v in vals] == [None, None] and [v.percent for v in vals] == [64.5, 40.2]


def test_bare_means_bound_to_arms_right_after_them():
    pairs = find_pairs("Comfort was rated 6.2 for the cushion group compared to 7.9 for the control group.",
                       "cushion", "control")
    assert [(p.intervention.mean, p.comparator.mean) for p in pairs] == [(6.2, 7.9)]


def test_bare_means_with_a_unit_word_and_reversed_order():
    pairs = find_pairs("Swelling was 4.5 mm in the plaster group and 3.25 mm in the splint group.",
                       "splint", "plaster")
    assert [(p.intervention.mean, p.comparator.mean) for p in pairs] == [(3.25, 4.5)]


def test_time_adjective_and_to_are_not_range_ends_or_values():
    assert [v.mean for v in tight_means("At 6-month follow-up, scores fell to 11.2 in the yoga arm while they rose "
                                        "to 14.8 in the control arm.")] == [11.2, 14.8]
    assert tight_means("Scores rose from 2 to 5.5 in the yoga arm and 3.1 in the control arm.") == []


def test_whole_numbers_alone_are_no_bare_means():
    assert tight_means("Doses were 2 for the yoga group and 3 for the control group.") == []


def test_bare_means_need_each_arm_named_right_after():
    # the arms are named together, not one after each value: no pair
    assert find_pairs("Ratings of 6.2 and 7.9 were seen for the cushion and control groups.", "cushion", "control") == []
    # a sentence that says "mean" is mean_values' (unchanged), and one with a count is no bare-mean sentence
    assert tight_means("The mean was 6.2 for the cushion group and 7.9 for the control group.") == []
    assert tight_means("Comfort was 6.2 for the cushion group (12/40) and 7.9 for the control group.") == []


def test_two_values_joined_before_one_arm_name_give_no_pair():
    # "v1 and v2 for A, v3 and v4 for B": two outcomes (or times) per arm; which one is asked is not said
    text = ("Time above the target was 61.0 ± 20.0% and 48.5 ± 22.0% for the morning dose, 30.2 ± 18.0% and "
            "21.4 ± 15.5% for the evening dose.")
    assert find_pairs(text, "morning dose", "evening dose") == []
    # one value per arm is still read
    assert [(p.intervention.mean, p.comparator.mean) for p in find_pairs(
        "Time above the target was 61.0 ± 20.0% for the morning dose and 30.2 ± 18.0% for the evening dose.",
        "morning dose", "evening dose")] == [(61.0, 30.2)]


def test_short_form_goes_to_the_arm_whose_words_it_spells_exactly():
    from stemfoot.extract.outcome_query import article_arm_aliases

    text = ("Patients were followed up according to the same day visit (SDV) or no same day visit (NSDV) schedule. "
            "SDV patients were seen on day 1.")
    assert article_arm_aliases(text, "Same-day visit", "No same-day visit") == (["SDV"], ["NSDV"])
    # a long form that is neither arm's exact words still names none
    text2 = "They had a visit (V) at home."
    assert article_arm_aliases(text2, "Same-day visit", "No same-day visit") == ([], [])


def test_joined_guard_leaves_counts_and_before_after_pairs():
    from stemfoot.extract.prose_pairs import joined_unplaced

    s = "More patients on gel responded (33/91, 36%) than on saline (14/94, 15%)."
    vals = values(s)
    assert not joined_unplaced(s, vals, ["intervention", None, "comparator", None])
    s2 = "Scores were 7.1 ± 1.9 and 2.4 ± 1.8 before and after gel, and 6.9 ± 2.0 and 6.5 ± 2.1 with saline."
    assert not joined_unplaced(s2, values(s2), [None, "intervention", None, "comparator"])
