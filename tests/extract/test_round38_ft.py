"""Round 38's (early) full-text readers, without spaCy: events written as bare counts of people in prose ("Three
patients in the X group and one patient in the Y group had ..."), a group code listed with another ("Group B and C,
but ...") that defines neither, and counts of people "in <arm>" that an event verb follows, which are no sizes."""
from __future__ import annotations

from extract_support import assert_no_gel_saline_events

from stemfoot.extract.outcome_query import code_arms, code_contexts, text_arm_sizes, text_size
from stemfoot.extract.prose_pairs import bare_counts, find_pairs, sentence_pair, sentences


# --- bare counts as events -------------------------------------------------------------------------------------

def test_bare_counts_of_both_arms_are_their_events():
    s = "Four patients in the melatonin group and two patients in the placebo group reported headache."
    got = sentence_pair(s, "Melatonin 3 mg", "Placebo")
    assert got is not None and (got[0].events, got[1].events) == (4, 2)
    assert got[0].total is None and got[1].total is None  # the group size comes from elsewhere


def test_bare_counts_with_numerals_the_second_noun_left_out_and_codes():
    s = "5 participants in Group II and 1 in Group I had a rash."
    assert [v.events for v in bare_counts(s)] == [5, 1]
    got = sentence_pair(s, "Cream (group II)", "Ointment (group I)")
    assert got is not None and (got[0].events, got[1].events) == (5, 1)


def test_bare_counts_compared_to_form():
    s = "Seven subjects in the laser group developed blisters compared to twelve subjects in the cryotherapy group."
    got = sentence_pair(s, "Laser", "Cryotherapy")
    assert got is not None and (got[0].events, got[1].events) == (7, 12)


def test_bare_counts_in_allocation_or_make_up_sentences_are_sizes_not_events():
    for s in ("Thirty patients in the gel group and thirty patients in the saline group were randomised.",
              "Twenty patients in the gel group received the gel and twenty patients in the saline group received saline.",
              "There were 22 patients in the gel group and 25 patients in the saline group.",
              "12 women in the gel group and 9 women in the saline group were included in the analysis."):
        assert_no_gel_saline_events(s)


def test_bare_counts_need_exactly_two_a_noun_and_no_other_value():
    assert bare_counts("One in the gel group and one in the saline group had pain.") == []  # no noun
    assert bare_counts("3 patients in the gel group, 2 patients in the cream group and 1 patient in the saline "
                       "group had pain.") == []  # three arms: which two the query means is not for this reader
    # a count with its percent is read by ``values`` (and only it)
    assert bare_counts("4 patients (20%) in the gel group and 2 patients in the saline group had pain.") == []
    assert bare_counts("Two patients in each group had pain.") == []


def test_a_sentence_may_open_with_a_count_of_people():
    text = "Fever was rare. 3 patients in the gel group and 1 patient in the saline group had fever. Pain was rare."
    assert [s for _, s in sentences(text)][1] == "3 patients in the gel group and 1 patient in the saline group had fever."
    pairs = find_pairs(text, "Gel", "Saline")
    assert [(p.intervention.events, p.comparator.events) for p in pairs] == [(3, 1)]
    # a number that is no count of people still does not open a sentence
    assert len(sentences("The dose was 2 mg. 3 times a day it was given.")) == 1


# --- a code listed with another defines neither ----------------------------------------------------------------

def test_a_code_listed_with_another_gets_no_context():
    text = ("Patients were divided into Group A (early feeding), Group B (late feeding) and Group C (no feeding). "
            "Nausea was alike in Group B and C, but patients vomited less when early feeding was given.")
    ctx = code_contexts(text)
    assert all("early feeding was given" not in c for c, _ in ctx["group b"])
    assert code_arms(text, "Early feeding", "No feeding") == ("group a", "group c")


def test_a_code_listed_with_another_numbered_or_roman():
    text = ("Group I (tramadol) and group II (saline) were compared. In groups I and II, a few patients had "
            "nausea after the saline was given.")
    ctx = code_contexts(text)
    assert ctx["group i"] and all("nausea" not in c for c, _ in ctx["group i"])


def test_a_numeral_after_a_comma_is_no_listed_code():
    text = "Scores fell after the video in Group I, 1 h before surgery, and stayed high in Group II without it."
    assert any("1 h before surgery" in c for c, _ in code_contexts(text)["group i"])


def test_a_code_after_its_group_size_in_one_bracket_is_defined_by_the_words_before_it():
    text = ("One arm received usual care (n = 40, Group A), the second received a leaflet at discharge (n = 41, "
            "Group B), while the third received a phone call a week later (n = 39, Group C).")
    ctx = code_contexts(text)
    assert ("One arm received usual care", "before") in ctx["group a"]
    assert not any(d == "after" and "leaflet" in c for c, d in ctx["group a"])  # the next arm's words
    assert code_arms(text, "Phone call a week later", "Usual care") == ("group c", "group a")
    assert code_arms(text, "Leaflet at discharge", "Usual care") == ("group b", "group a")


# --- counts of people an event verb follows are no sizes ---------------------------------------------------------

def test_counts_that_an_event_verb_follows_are_no_arm_sizes():
    text = ("Sites were analysed (Group A, n = 40, Group B, n = 38). 2 patients in Group B had fever. "
            "1 patient in Group A failed to attend. 3 patients in Group A and 1 patient in Group B developed pain.")
    assert text_arm_sizes(text, "Gel (group A)") == [40]
    assert text_size(text, "Saline (group B)") == 38


def test_counts_with_an_allocation_verb_stay_sizes():
    text = "Thirty-two were randomised: 16 patients in the gel group and 16 in the saline group received treatment."
    assert 16 in text_arm_sizes(text, "Gel")
