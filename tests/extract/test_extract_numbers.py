import re

import pytest

from stemfoot.extract.arm_lists import arm_count_checks
from stemfoot.extract.numbers import NUM, parse_count, parse_number, parse_p, words_to_int


@pytest.mark.parametrize(
    "text, value",
    [("0·52", 0.52), ("−1.2", -1.2), (".031", 0.031), ("1,011", 1011.0), ("Twenty-eight", 28.0),
     ("eight", 8.0), ("Forty", 40.0), ("one hundred and two", 102.0), ("–3.5", -3.5)],
)
def test_number_forms(text, value):
    assert parse_number(text).value == pytest.approx(value)


def test_leading_zero_integer_is_flagged_not_corrected():
    parsed = parse_number("03")
    assert parsed.value == 3.0
    assert parsed.flags == ("leading_zero",)


def test_number_regex_does_not_split_ranges_or_units():
    assert re.findall(NUM, "2010-2012 cm2 CD34 p=0.003 (−1.2)") == ["2010", "0.003", "−1.2"]


def test_counts_reject_decimals_and_words_inside_words():
    assert parse_count("3.5") is None
    assert parse_count("twelve") == 12
    with pytest.raises(ValueError):
        words_to_int("weight")


@pytest.mark.parametrize("text, value", [("0.016", 0.016), (".031", 0.031), ("0·05", 0.05), ("1.2 × 10−5", 1.2e-5)])
def test_p_values(text, value):
    assert parse_p(text).value == pytest.approx(value)


def test_p_above_one_is_flagged():
    assert parse_p("1.6").flags == ("p_out_of_range",)


def test_time_with_the_unit_before_the_number():
    from stemfoot.extract.number_grammar import TIME, timepoint
    got = [timepoint(m) for m in TIME.finditer("By week 12, 20 healed; at month 6 and at 24 weeks; day 28.")]
    assert got == ["12 weeks", "6 months", "24 weeks", "28 days"]
    # "weeks 4, 8 and 12" is a list of times, not "week 4"; a value after "week" is no time ("week 2 ± 1").
    assert [timepoint(m) for m in TIME.finditer("at weeks 4, 8 and 12")] == []


# --- event counts with no outcome word needed (issue 11, blind5 round; new sentences) ----------------------

def _bare(text):
    from stemfoot.extract.number_grammar import bare_event_counts
    return [(text[a:b], e, t) for a, b, e, t in bare_event_counts(text)]


def test_a_list_of_counts_one_per_arm():
    assert _bare("Wound infection occurred in 2, 3 and 6 patients, respectively.") == [
        ("2", 2, None), ("3", 3, None), ("6", 6, None)]
    assert _bare("Death was recorded in 4 versus 7 patients.") == [("4", 4, None), ("7", 7, None)]


def test_a_list_of_denominators_pairs_with_the_counts_that_follow():
    assert _bare("Of 12 and 11 limbs with gangrene, healing occurred in 8 and 3 limbs, respectively.") == [
        ("8", 8, 12), ("3", 3, 11)]
    # Denominators that are not a list cannot be paired: the counts are left alone.
    assert _bare("Of the 20 patients with ulcers in group A and 18 in group B, 12 and 6 patients healed.") == []


def test_counts_in_an_opening_of_or_among_phrase_are_that_groups_sizes():
    # The sentence opens with the group its counts are taken from: those counts are denominators, not events.
    assert _bare("Among the 19 and 21 patients with ulcers at enrolment, healing occurred in 14 and 8 patients, "
                 "respectively.") == [("14", 14, 19), ("8", 8, 21)]
    assert _bare("Of the patients presenting with ulcers (18 and 17 patients, respectively), 12 and 5 patients "
                 "healed by 12 weeks.") == [("12", 12, 18), ("5", 5, 17)]
    assert _bare("Among survivors (17 and 18 patients), most were free of ulcers at the last visit.") == []
    # A list after the opening phrase's comma is still the sentence's events.
    assert _bare("Among the survivors, amputation occurred in 3 and 5 patients, respectively.") == [
        ("3", 3, None), ("5", 5, None)]


def test_an_event_in_n_patients_needs_no_vocabulary_outcome():
    assert _bare("Transient dizziness was observed in 3 of 25 patients.") == [("3 of 25", 3, 25)]
    assert _bare("Four patients developed a haematoma at the harvest site.") == [("Four patients developed", 4, None)]


def test_counts_in_allocation_sentences_are_group_sizes_not_events():
    assert _bare("Patients were randomised to cells or placebo, 21 and 19 patients respectively, and had CLI.") == []


def test_an_opening_among_phrase_with_no_comma_ends_at_its_verb():
    # No comma closes the phrase: the list after its verb is the events, not the group's sizes.
    assert _bare("Amongst the 30 patients in each arm complete healing was seen in 18 and 9 patients, respectively, "
                 "at 12 weeks.") == [("18", 18, None), ("9", 9, None)]


def test_totals_then_events_opened_by_of_the_need_no_respectively():
    # Round 27 (bl31_21): "Of the" makes the two totals the counts' denominators, in order.
    assert _bare("Of the 11 treated legs and 6 control legs with ulcers, 8 and 2 healed.") == [
        ("8", 8, 11), ("2", 2, 6)]
    # Read once where "respectively" closes it (TOTALS_THEN_EVENTS' form).
    assert _bare("Of the 9 ischaemic ulcers on cell limbs and 8 on saline limbs, 6 and 2 healed, respectively.") == [
        ("6", 6, 9), ("2", 2, 8)]
    # A count above its total pairs nothing; a verb that is no event, no events.
    assert _bare("Of the 11 treated legs and 6 control legs, 8 and 9 healed.") == []
    assert _bare("Of the 11 treated legs and 6 control legs, 8 and 2 were photographed.") == []


def test_of_the_totals_of_two_units_are_no_pair_of_arms():
    # Patients and ulcers are two units of one arm, not two arms.
    assert _bare("Of the 40 patients and 54 ulcers, 30 and 45 healed at 12 weeks.") == []
    assert _bare("Of the 11 treated limbs and 6 control legs, 8 and 2 healed.") == [("8", 8, 11), ("2", 2, 6)]


@pytest.mark.parametrize("text, value", [("\u017fix", 6), ("f\u0131ve", 5), ("F\u0130VE", 5), ("\u017feventy-\u017fix", 76)])
def test_number_words_with_re_ignorecase_s_non_ascii_twins_are_read(text: str, value: int) -> None:
    # The case-insensitive number-word patterns match these letters; reading them must not raise.
    assert words_to_int(text) == value


def test_a_count_check_over_a_long_s_number_word_does_not_raise() -> None:
    assert arm_count_checks("Of 112 patients randomised (\u017fix per arm).") == arm_count_checks(
        "Of 112 patients randomised (six per arm).")
