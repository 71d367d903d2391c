"""Statistics the grammar read only in some of their wordings (round 24): invented sentences, no spaCy."""
from __future__ import annotations

from stemfoot.extract.candidates import find_candidates
from stemfoot.extract.number_grammar import bare_event_counts


def _read(text: str, kind: str) -> list[tuple[str, dict]]:
    return [(text[c.start:c.end], c.values) for c in find_candidates(text) if c.kind == kind]


def test_a_mean_sd_pair_with_an_area_unit_after_each_bracket():
    text = ("Mean ulcer area fell from 5.6 (2.4) cm2 to 1.1 (1.5) cm2 in the SVF arm and from 5.3 (2.2) cm2 to "
            "2.9 (2.3) cm2 in the standard care arm.")
    assert [v for _, v in _read(text, "mean_sd")] == [{"mean": 5.6, "sd": 2.4}, {"mean": 1.1, "sd": 1.5},
                                                     {"mean": 5.3, "sd": 2.2}, {"mean": 2.9, "sd": 2.3}]


def test_a_change_said_with_risen_is_a_mean_with_its_ci():
    text = ("TcPO2 at 12 months had risen by 9.8 mmHg (95% CI 6.1 to 13.5) compared with 2.4 mmHg "
            "(95% CI -1.0 to 5.8) in the placebo arm.")
    assert [v["mean"] for _, v in _read(text, "mean")] == [9.8, 2.4]


def test_numbers_of_a_thing_listed_respectively_are_counts():
    text = "The numbers of patients with improvement of at least one Rutherford category were 18 and 7, respectively."
    assert [(text[a:b], e, t) for a, b, e, t in bare_event_counts(text)] == [("18", 18, None), ("7", 7, None)]
    text = "The 2-year cumulative numbers of major amputations were 5 and 14, respectively."
    assert [e for _, _, e, _ in bare_event_counts(text)] == [5, 14]


def test_numbers_of_that_are_no_counts_of_events():
    # A mean number is a summary; without "respectively" the list may be anything; an allocation lists sizes.
    for text in ("The mean numbers of injections were 3 and 4, respectively.",
                 "The numbers of limbs were 18 and 7.",
                 "The numbers of patients randomised were 30 and 30, respectively."):
        assert bare_event_counts(text) == [], text


def _claimed(text: str) -> list[tuple[int, int | None]]:
    """(events, total) of each span as the grammar claims them: the first reading of a span wins."""
    first: dict[tuple[int, int], tuple[int, int | None]] = {}
    for a, b, e, t in bare_event_counts(text):
        first.setdefault((a, b), (e, t))
    return list(first.values())


def test_denominators_with_their_own_words_pair_with_the_counts_after_them():
    text = "Ulcers present on 9 treated limbs and 7 control limbs healed in 7 and 3 cases, respectively."
    assert _claimed(text) == [(7, 9), (3, 7)]
    text = "Of the 9 ischaemic ulcers on cell limbs and 8 on saline limbs, 6 and 2 healed, respectively."
    assert _claimed(text) == [(6, 9), (2, 8)]
    # A count larger than its denominator pairs nothing: the counts are of something else.
    text = "Ulcers present on 9 treated limbs and 7 control limbs healed in 7 and 8 cases, respectively."
    assert all(t is None for _, t in _claimed(text))


def test_numbers_of_a_thing_at_listed_times_are_no_per_arm_counts():
    # The "respectively" list runs over the subject's own numbers (times), not over the arms.
    for text in ("The numbers of ulcers healed at 12 and 24 weeks were 10 and 14, respectively.",
                 "The numbers of patients healed at 4, 12 and 24 weeks were 3, 10 and 14, respectively."):
        assert bare_event_counts(text) == [], text
    # A number in the subject that is no list still lets the counts be read.
    text = "The numbers of patients with at least 50% ulcer reduction were 15 and 7, respectively."
    assert [e for _, _, e, _ in bare_event_counts(text)] == [15, 7]


def test_a_denominator_whose_words_hold_another_number_pairs_nothing():
    # "20 patients with 24 limbs": the limbs are the counts' denominators, not the patients read first.
    text = "In 20 patients with 24 limbs and 20 patients with 22 limbs, healing occurred in 18 and 9 limbs, respectively."
    assert all(t not in (20,) for _, t in _claimed(text))


def test_denominators_that_name_subgroups_pair_nothing():
    # "limbs with ischaemic ulcers" and "limbs with neuropathic ulcers" are two subgroups, not the two arms: their
    # counts are not read as per-denominator pairs (a list the placement stages would put on the arms).
    text = ("Among 24 limbs with ischaemic ulcers and 16 limbs with neuropathic ulcers, 12 and 10 healed, "
            "respectively.")
    assert (12, 24) not in _claimed(text) and (10, 16) not in _claimed(text)
