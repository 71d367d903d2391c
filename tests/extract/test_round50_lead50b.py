"""Round 50 (lead50b): a spread said with "ranged from a to b" is no baseline-to-follow-up pair (number grammar);
invented sentences, no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract.number_grammar import SentenceClaims, scan
from tests.extract_support import sentence_stat


def _values(text: str) -> list[tuple[str, str]]:
    sent = SentenceClaims(text, 0)
    scan(sent, [])
    return [(text[a:b], st["kind"]) for a, b, st in sorted(sent.found, key=lambda f: f[0])]


@pytest.mark.parametrize("text", [
    "Age ranged from 49 to 83 years.",
    "Ulcer areas varied from 1.2 to 8.3 cm2 at inclusion.",
    "Follow-up ranging from 6 to 24 months was complete in all patients.",
])
def test_a_range_verb_makes_from_to_one_spread_not_two_values(text):
    assert _values(text) == []


@pytest.mark.parametrize("text, want", [
    ("TcPO2 rose from 34 to 46 mmHg in the cell group.", [("34", "mean"), ("46 mmHg", "mean")]),
    ("ABI improved from 0.45 to 0.61 after the injections.", [("0.45", "mean"), ("0.61", "mean")]),
])
def test_a_change_from_to_keeps_both_values(text, want):
    assert _values(text) == want


@pytest.mark.parametrize("text, want", [
    ("Groups A, B and C did not differ in mean age (65.8, 66.4 and 67.1 years).", ["65.8", "66.4", "67.1"]),
    ("The three arms were alike in mean HbA1c (7.9, 8.1 and 8.0%; P = 0.61).", []),  # a percent list: not a mean's
    ("Mean TcPO2 rose in the three arms (28.1, 30.2 and 33.4 mmHg; P = 0.04).", ["28.1", "30.2", "33.4"]),
])
def test_a_bracket_holding_a_summary_list_alone_gives_one_mean_per_value(text, want):
    assert [raw for raw, kind in _values(text) if kind == "mean"] == want


def test_a_summary_list_in_a_bracket_with_other_words_is_not_read_whole():
    # Words after the list inside its bracket: not the list alone (a later pair reader may still read its tail).
    assert ("65.8", "mean") not in _values("Mean age was similar (65.8, 66.4 and 67.1 years in men only).")


def test_the_last_value_of_a_bracketed_list_keeps_the_lists_label():
    from stemfoot.extract.baseline import closes_own_bracket
    text = "did not differ in mean age (65.8, 66.4 and 67.1 years) or in the proportion of smokers (40.0%, ...)"
    at = text.index("67.1")
    assert closes_own_bracket(text, 0, at, at + 4, text.index("smokers"))
    # A value outside any bracket, or whose bracket is still open at the words, is not cut from them.
    plain = "mean age was 67.1 years and 40% were smokers"
    assert not closes_own_bracket(plain, 0, plain.index("67.1"), plain.index("67.1") + 4, plain.index("smokers"))
    inner = "(67.1 years in smokers)"
    assert not closes_own_bracket(inner, 0, 1, 5, inner.index("smokers"))


@pytest.mark.parametrize("text, want", [
    # Second read (mendlead50b): ends set in time are one group's change even after "varied" / "ranged".
    ("In the cell group TcPO2 varied from 25 mmHg at baseline to 45 mmHg at 12 weeks.",
     [("25 mmHg", "mean"), ("45 mmHg", "mean")]),
    ("Mean ABI ranged from 0.45 at baseline to 0.62 at 6 months in the cell group.", [("0.45", "mean"), ("0.62", "mean")]),
])
def test_a_range_verb_with_ends_set_in_time_is_a_change(text, want):
    assert _values(text) == want


def test_a_spread_at_baseline_stays_one_spread():
    assert _values("Pain scores were high, ranging from 2 to 9 at baseline.") == []
    assert _values("There were 42 patients, ranging in age from 41 to 63 years.") == []
    # A noun of change is no verb of change: the span of improvements is a spread.
    assert _values("The percentage improvement in mean scores ranged from 37% to 59%.") == []


def test_a_range_verb_after_a_verb_of_change_is_the_change():
    text = "The ankle score has improved in both groups, varying from 61.6 to 90.1 with HA treatment."
    assert [kind for _, kind in _values(text)] == ["mean", "mean"]


def test_a_controlled_study_with_only_its_control_arm_found_keeps_no_value_carried_to_it():
    # Second read (mendlead50b): PICO-Corpus 24188672's shape, invented. The inventory found only the placebo arm;
    # the rules carried it to the next sentence, which is the missed treated arm's.
    from stemfoot.extract.stages import attribution_stage
    text = ("Methods: Patients received the vaccine or placebo. Results: The recurrence rate in the placebo group "
            "was 60% (nine of 15). In those receiving immunotherapy, the rate was 12.5% (two of 16).")
    arms = [{"label": "placebo group", "role": "control", "n_patients": None, "evidence": None}]
    named = sentence_stat(text, "60%", "percent", percent=60.0, arm="placebo group")
    carried = sentence_stat(text, "12.5%", "percent", percent=12.5, arm="placebo group")
    attribution_stage(text, arms, [named, carried], design="non_randomized_controlled")
    assert named["arm"] == "placebo group" and named["target"] == "arm"
    assert carried["arm"] is None and carried["detail"]["carried_to_lone_arm"] == "placebo group"
    # A lone treated arm keeps a value carried to it (its own procedure's events, named by the procedure).
    treated = [{"label": "vaccine group", "role": "intervention", "n_patients": None, "evidence": None}]
    carried = sentence_stat(text, "12.5%", "percent", percent=12.5, arm="vaccine group")
    attribution_stage(text, treated, [carried], design="non_randomized_controlled")
    assert carried["arm"] == "vaccine group"
    # A single-arm study's one arm still takes what the rules gave it.
    single = [{"label": "placebo group", "role": "single", "n_patients": None, "evidence": None}]
    carried = sentence_stat(text, "12.5%", "percent", percent=12.5, arm="placebo group")
    attribution_stage(text, single, [carried], design="single_arm")
    assert carried["arm"] == "placebo group"
