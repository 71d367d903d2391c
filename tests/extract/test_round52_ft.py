"""Round 52's full-text readers: events that "respectively" gives to groups named after them, a prose mean with its
SE (pure functions, no pipeline)."""
from stemfoot.extract.prose_pairs import find_pairs, respective_counts, values


def test_counts_that_respectively_gives_to_the_groups_named_after_them():
    s = ("Complete healing was achieved in 28 and 17 patients in the PBMNC and control groups, respectively "
         "(62.2% vs 37.8%, P = 0.021).")
    assert [(p.intervention.events, p.comparator.events, p.lead) for p in find_pairs(s, "PBMNC", "Standard care")] == [
        (28, 17, "Complete healing was achieved in")]
    three = "Rest pain resolved in 8, 11 and three patients in the low-dose, high-dose and placebo groups, respectively."
    assert [(p.intervention.events, p.comparator.events) for p in find_pairs(three, "high-dose cells", "placebo")] == [
        (11, 3)]
    assert [(p.intervention.events, p.comparator.events) for p in find_pairs(
        "Nausea occurred in 5 and 2 patients in the placebo and drug groups, respectively.", "drug", "placebo")] == [(2, 5)]


def test_no_respective_counts_for_sizes_leavers_two_lists_or_counts_with_their_own_values():
    assert respective_counts("Of these, 58 and 57 patients in the A and B groups, respectively, completed the study.") == []
    assert respective_counts("During follow-up, 6 and 3 cases were lost in the A and B groups, respectively.") == []
    assert respective_counts("Delirium occurred in 18 and 21 patients, and pneumonia in 4 and 7 patients, "
                             "respectively.") == []
    assert respective_counts("Healing occurred in 28 (62%) and 17 (38%) patients in the A and B groups, "
                             "respectively.") == []
    assert respective_counts("Healing occurred in 28 and 17 patients in the A and B groups.") == []  # no "respectively"
    # no arm named: nothing (and no error)
    assert find_pairs("Minor amputations were needed in 6 and 9 patients, respectively.", "drug", "placebo") == []


def test_a_prose_mean_with_its_se_is_a_mean_without_an_sd():
    s = ("Morphine consumption over 24 hours was 6.2 (SE 0.9) mg in the bupivacaine group and 11.8 (SE 1.3) mg in the "
         "saline group (P = 0.001).")
    assert [(v.mean, v.sd) for v in values(s)] == [(6.2, None), (11.8, None)]
    assert [(p.intervention.mean, p.intervention.sd, p.comparator.mean) for p in find_pairs(
        s, "Intraperitoneal bupivacaine", "Intraperitoneal saline")] == [(6.2, None, 11.8)]
    assert [(v.mean, v.sd) for v in values("Scores were 14.8 (SD 8.1) and 9.9 (SD 7.0).")] == [(14.8, 8.1), (9.9, 7.0)]
