"""Round 37 (early): a run of k values closed by "in the k groups/arms" is one value per arm, read like a
"respectively" list. Pure functions on invented sentences and hand-built values or arms; no spaCy."""
from __future__ import annotations

import pytest
from extract_support import printed_means

from stemfoot.extract.stages import k_groups_run, sent_order_of, size_order


FOUR = "Pain-free walking at 6 months was 310 ± 80, 275 ± 95, 240 ± 70 and 190 ± 60 m in the four groups."
THREE = "Mean wound area reduction was 71.5%, 58.0% and 33.9% in the three study arms; the test was P = 0.01."


@pytest.mark.parametrize("text,printed,arms", [
    (FOUR, ["310 ± 80", "275 ± 95", "240 ± 70", "190 ± 60 m"], 4),
    (THREE, ["71.5%", "58.0%", "33.9%"], 3),
    ("Ulcer depth fell to 1.1 ± 0.4, 1.6 ± 0.5 and 2.2 ± 0.7 mm for the 3 groups.",
     ["1.1 ± 0.4", "1.6 ± 0.5", "2.2 ± 0.7 mm"], 3),
])
def test_k_values_closed_by_in_the_k_groups_are_one_per_arm(text, printed, arms):
    assert k_groups_run(text, printed_means(text, printed), (0, len(text)), arms)


@pytest.mark.parametrize("text,printed,arms", [
    # The stated number is not the run's length: the run counts something else.
    ("Scores were 4.1 ± 1.0, 3.2 ± 0.9 and 2.7 ± 1.1 in the four groups combined at 1, 3 and 6 months.",
     ["4.1 ± 1.0", "3.2 ± 0.9", "2.7 ± 1.1"], 4),
    ("Scores were 4.1 ± 1.0, 3.2 ± 0.9 and 2.7 ± 1.1 in the four groups.", ["4.1 ± 1.0", "3.2 ± 0.9", "2.7 ± 1.1"], 3),
    # Three values, three groups named, but a four-arm inventory: no order to read.
    ("Scores were 4.1 ± 1.0, 3.2 ± 0.9 and 2.7 ± 1.1 in the three groups.", ["4.1 ± 1.0", "3.2 ± 0.9", "2.7 ± 1.1"], 4),
    # Pooled or whole-sample wordings and words between the run and the phrase.
    ("Scores were 4.1 ± 1.0 and 3.2 ± 0.9 in the two groups combined.", ["4.1 ± 1.0", "3.2 ± 0.9"], 2),
    ("Scores were 4.1 ± 1.0 and 3.2 ± 0.9 at baseline in the two groups.", ["4.1 ± 1.0", "3.2 ± 0.9"], 2),
    ("Scores were 4.1 ± 1.0 and 3.2 ± 0.9 across all two groups.", ["4.1 ± 1.0", "3.2 ± 0.9"], 2),
])
def test_no_stated_groups_reading_where_the_count_or_the_words_differ(text, printed, arms):
    assert not k_groups_run(text, printed_means(text, printed), (0, len(text)), arms)


def test_a_single_value_is_no_list():
    text = "The mean was 4.1 ± 1.0 in the two groups."
    assert not k_groups_run(text, printed_means(text, ["4.1 ± 1.0"]), (0, len(text)), 1)


def _arm(label: str, start: int | None) -> dict:
    return {"label": label, "role": "intervention", "n_evidence": None if start is None else {"start": start}}


def test_size_order_follows_where_each_arm_size_was_given():
    arms = [_arm("D alone", 90), _arm("A + D", 20), _arm("standard care", 130), _arm("A alone", 55)]
    assert size_order(arms) == ["A + D", "A alone", "D alone", "standard care"]


@pytest.mark.parametrize("starts", [[40, 40, 40], [10, None, 30]])
def test_size_order_needs_a_distinct_place_for_every_arm(starts):
    # "randomised to A, B or C, 20 per arm": one size for all gives no order; an arm without a size neither.
    assert size_order([_arm(x, s) for x, s in zip("ABC", starts)]) is None


def test_arms_named_after_the_stated_groups_phrase_do_not_order_the_run():
    text = ("Healing took 6.2 ± 1.7, 7.4 ± 2.1 and 9.9 ± 2.6 weeks in the three groups; it was faster with "
            "XCell than with YCell (P = 0.02).")
    run = printed_means(text, ["6.2 ± 1.7", "7.4 ± 2.1", "9.9 ± 2.6 weeks"])
    x, y = text.index("XCell"), text.index("YCell")
    mentions = [(x, x + 5, "XCell"), (y, y + 5, "YCell")]
    assert sent_order_of(text, mentions, run, 3) is None
    # Without the phrase the sentence's own order stands (``sentence_order``).
    plain = text.replace(" in the three groups", "")
    run2 = printed_means(plain, ["6.2 ± 1.7", "7.4 ± 2.1", "9.9 ± 2.6 weeks"])
    x, y = plain.index("XCell"), plain.index("YCell")
    assert sent_order_of(plain, [(x, x + 5, "XCell"), (y, y + 5, "YCell")], run2, 3) == ["XCell", "YCell"]


def test_arms_named_before_the_run_keep_the_sentence_order():
    text = "In XCell, YCell and ZCell patients, scores were 1.0 ± 0.2, 1.5 ± 0.3 and 2.0 ± 0.4 in the three groups."
    run = printed_means(text, ["1.0 ± 0.2", "1.5 ± 0.3", "2.0 ± 0.4"])
    mentions = [(text.index(n), text.index(n) + 5, n) for n in ("XCell", "YCell", "ZCell")]
    assert sent_order_of(text, mentions, run, 3) == ["XCell", "YCell", "ZCell"]
