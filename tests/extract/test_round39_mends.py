"""Round 39 (early) reread: inputs where the branch's new rules misfired, each mended.

- "median" before a comma ("During median follow-up, ABI rose from 0.52 to 0.71") is no summary word of the pair
  after the comma: the pair stays two means.
- "(SE)" as the short name of something else ("Side effects (SE)", "Sensitivity (SE)") and a value's own spread
  written "(SE, 0.2)" or "(SE: 0.2)" declare nothing of the sentence's ± values; an SD written "s.d.", "sd" or "SDs"
  beside an SEM keeps them from all being SEs.
- A bracket of sizes "(n = a and n = b)" gives no denominators to a list that is itself denominators ("among the 12
  and 10 with infection", "of the 9 and 8 patients") nor to a list followed by its own ("12 and 10 limbs of 15 and
  14 patients").

Pure functions on invented sentences; no spaCy.
"""
from __future__ import annotations

import pytest

from stemfoot.extract import value_kinds
from stemfoot.extract.number_grammar import SentenceClaims, bare_event_counts, scan


def _scan(text: str) -> list[dict]:
    sent = SentenceClaims(text, 0)
    scan(sent, [])
    return [stat for _a, _b, stat in sorted(sent.found, key=lambda f: f[0])]


def _se_flagged(text: str) -> list[int]:
    sent = SentenceClaims(text, 0)
    scan(sent, [])
    return value_kinds.sentence_se(text, sorted(sent.found, key=lambda f: f[0]))


# --- "median" across a comma -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "During median follow-up, ABI rose from 0.52 to 0.71.",
    "Compared with the median, TcPO2 rose from 34 to 46 mmHg.",
])
def test_a_median_before_a_comma_does_not_lead_the_pair_after_it(text):
    assert not value_kinds.median_led(text, text.index("from"))
    assert not any("median_led_pair" in s.get("flags", []) for s in _scan(text))


def test_a_median_led_pair_without_a_comma_still_reads_as_medians():
    text = "Median pain-free walking distance improved from 40 m to 150 m."
    assert value_kinds.median_led(text, text.index("from"))


# --- what declares a sentence's ± values SEs ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # "(SE)" naming something else.
    "Side effects (SE) were mild; ABI was 0.61 ± 0.12 and 0.58 ± 0.10.",
    "Sensitivity (SE) was high and ABI was 0.61 ± 0.12 in group A and 0.58 ± 0.10 in group B.",
    # A value's own spread, with a comma or colon before it.
    "ABI was 0.61 ± 0.12 and 0.58 ± 0.10 (difference 0.03 (SE, 0.02)).",
    "ABI was 0.61 ± 0.12 and 0.58 ± 0.10 (difference 0.03 (SE: 0.02)).",
    # An SD beside the SEM, written otherwise than "SD".
    "ABI was 0.61 ± 0.12 (mean ± SEM) in group A and 0.58 ± 0.10 (mean ± s.d.) in group B.",
    "ABI was 0.61 ± 0.12 (mean ± SEM) in group A and 0.58 ± 0.10 (mean ± S.D.) in group B.",
    "ABI was 0.61 ± 0.12 (mean ± SEM) in group A and 0.58 ± 0.10 (SDs) in group B.",
])
def test_no_sentence_se_from_a_word_that_is_no_declaration(text):
    assert _se_flagged(text) == []


@pytest.mark.parametrize("text", [
    "Skin temperature rose by 1.2 ± 0.3 °C (SE) and by 0.4 ± 0.2 °C.",
    "Skin temperature rose by 1.2 ± 0.3 (SE) and 0.4 ± 0.2 °C.",
    "ABI (mean ± SE) was 0.61 ± 0.12 vs 0.58 ± 0.10.",
])
def test_a_declaration_after_a_spread_still_declares(text):
    assert _se_flagged(text) == [0, 1]


# --- a size bracket and lists that are denominators --------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("Among patients with ulcers (n = 19 and n = 17), among the 12 and 10 with infection, healing was observed in 9 "
     "and 3 patients, respectively.", {(9, None), (3, None)}),
    ("Among patients (n = 19 and n = 17), amputation occurred in 2 and 4 of the 9 and 8 patients with ulcers, "
     "respectively.", set()),
    ("Among patients with ulcers (n = 19 and n = 17), healing was observed in 12 and 10 limbs of 15 and 14 patients, "
     "respectively.", {(12, None), (10, None)}),
])
def test_a_size_bracket_gives_no_denominators_to_a_denominator_list(text, expected):
    got = {(e, t) for _a, _b, e, t in bare_event_counts(text)}
    assert not {(e, t) for e, t in got if t in (19, 17)}
    assert got == expected


@pytest.mark.parametrize("text", [
    # A hyphened "median" names a subgroup, not the pair's statistic.
    "In the above-median group ABI rose from 0.52 to 0.71.",
    "In patients with below-median TcPO2 the ABI rose from 0.52 to 0.71.",
    # "above the median": a split of another measure.
    "Patients with ABI above the median had TcPO2 that rose from 34 to 46 mmHg.",
])
def test_a_median_subgroup_does_not_lead_the_pair(text):
    assert not value_kinds.median_led(text, text.index("from"))
