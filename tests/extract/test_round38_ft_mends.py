"""Mends of round 38's (early) full-text readers, without spaCy: bare counts of people that are group sizes, codes,
times or range ends, or counts of two outcomes, are no arm's events; a group code followed by ", IV ..." or
", N = 40" is listed with no other code."""
from __future__ import annotations

from extract_support import assert_no_gel_saline_events

from stemfoot.extract.outcome_query import code_arms, code_contexts, text_arm_sizes, text_size
from stemfoot.extract.prose_pairs import bare_counts, sentence_pair


# --- bare counts that are no events -------------------------------------------------------------------------------

def test_bare_counts_of_treated_studied_or_followed_groups_are_sizes():
    for verb in ("were treated", "were operated on by one surgeon", "were studied", "were given the gel or saline",
                 "were evaluated", "were followed up", "were assessed at discharge"):
        s = f"Forty patients in the gel group and 38 patients in the saline group {verb}."
        assert_no_gel_saline_events(s)


def test_a_treated_group_s_name_is_no_size_verb():
    s = "Two patients in the gel-treated group developed a rash compared to nine patients in the saline group."
    got = sentence_pair(s, "Gel", "Saline")
    assert got is not None and (got[0].events, got[1].events) == (2, 9)


def test_a_number_after_a_code_or_time_word_is_no_count_of_people():
    for s in ("At week 4 in the gel group, 3 patients in the saline group had pain.",
              "Mild pain was seen by visit 3 in the gel group and in 2 patients in the saline group.",
              "Grade 2 in the gel group and 4 patients in the saline group had pain.",
              "Type 2 patients in the gel group and 4 patients in the saline group had pain."):
        assert_no_gel_saline_events(s)


def test_a_range_of_people_is_no_count():
    for s in ("3\u20134 patients in the gel group and 2 patients in the saline group had pain.",
              "3\u22124 patients in the gel group and 2 patients in the saline group had pain.",
              "Three\u2212four patients in the gel group and 2 patients in the saline group had pain.",
              "Between 3 and 4 patients in the gel group and 2 patients in the saline group had pain."):
        assert_no_gel_saline_events(s)


def test_counts_each_with_its_own_predicate_may_be_of_two_outcomes():
    for s in ("Three patients in the gel group had nausea and two patients in the saline group had vomiting.",
              "Three patients in the gel group had nausea, whereas two patients in the saline group developed a rash."):
        assert_no_gel_saline_events(s)


def test_shared_predicates_still_read():
    s = "Three patients in the gel group and two patients in the saline group had nausea."
    assert [v.events for v in bare_counts(s)] == [3, 2]
    s = "Seven subjects in the gel group developed blisters compared to twelve subjects in the saline group."
    got = sentence_pair(s, "Gel", "Saline")
    assert got is not None and (got[0].events, got[1].events) == (7, 12)
    s = "At week 4, 3 patients in the gel group and 1 patient in the saline group had pain."
    assert [v.events for v in bare_counts(s)] == [3, 1]


# --- a comma after a code lists another code only when the list goes on --------------------------------------------

def test_iv_or_n_after_a_code_and_comma_is_no_listed_code():
    for text in ("In group A, IV morphine was given after surgery. In group B, IV ketorolac was given after surgery.",
                 "Group A, N = 40, received morphine after surgery. Group B, N = 38, received ketorolac after surgery.",
                 "In group A and I.V. morphine was given. In group B and I.V. ketorolac was given."):
        ctx = code_contexts(text)
        assert any("morphine" in c for c, _ in ctx["group a"]), text
        assert code_arms(text, "Morphine", "Ketorolac") == ("group a", "group b"), text


def test_codes_listed_after_a_comma_still_get_no_context():
    text = ("Group A (early feeding), Group B (late feeding) and Group C (no feeding) were compared. "
            "In groups A, B and C, nausea was rare after early feeding was given.")
    assert all("early feeding was given" not in c for c, _ in code_contexts(text)["group a"])


# --- a count an event verb follows is still a size when the words before it make it one ---------------------------

def test_counts_of_the_enrolled_or_of_the_group_stay_sizes_though_an_event_verb_follows():
    for text in ("Of the 40 patients in group A, 3 had fever.",
                 "The 40 patients in group A had a mean age of 50 years.",
                 "We enrolled 40 patients in group A who had knee pain.",
                 "There were 40 patients in group A, and all of them had surgery."):
        assert text_arm_sizes(text, "Morphine (group A)") == [40], text
    # otherwise a later count of a visit is taken for the size, where the text leaves it open
    text = "We enrolled 40 patients in group A who had knee pain. At 6 months, 36 patients in group A attended the visit."
    assert text_size(text, "Morphine (group A)") is None
    # events stay no sizes
    text = "Group A (n = 40). 2 patients in group A had fever. After surgery, 1 patient in group A died."
    assert text_arm_sizes(text, "Morphine (group A)") == [40]


def test_a_score_bound_or_approximation_is_no_count_of_people():
    for s in ("A pain score of 2 in the gel group and 4 patients in the saline group had pain.",
              "Up to 3 patients in the gel group and 2 patients in the saline group had pain.",
              "Approximately 3 patients in the gel group and 2 patients in the saline group had pain.",
              "More than 3 patients in the gel group and 2 patients in the saline group had pain."):
        assert_no_gel_saline_events(s)
