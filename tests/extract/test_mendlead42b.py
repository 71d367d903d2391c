"""Second read of round 42 (early, branch lead42b): where its new rules over-reached on text they were not tuned on.

- A signed per-arm list is no arm's mean when the words before it name an effect or association (β estimates,
  correlation coefficients, differences from placebo, placebo-adjusted changes): found on an unseen PICO-corpus
  abstract ("β estimates=-.10 and -.062, respectively").
- A length is no timepoint, but a follow-up's duration is when a result was counted, "wounds over 12 weeks" is the
  period it was counted in, and "After 12 weeks standing time …" is a timepoint before a measure's name.
- An SE declaration governs the sentences after it only within its paragraph and section.

Invented sentences.
"""
from __future__ import annotations

import pytest

from stemfoot.extract.number_grammar import SentenceClaims, scan, time_matches
from stemfoot.extract.record import build_record


def _means(text: str) -> list[float]:
    sent = SentenceClaims(text, 0)
    scan(sent, [])
    return [stat["mean"] for _a, _b, stat in sorted(sent.found, key=lambda f: f[0])
            if stat and "signed_list" in stat["flags"]]


@pytest.mark.parametrize("text", [
    "The interaction approached significance (β estimates = -.10 and -.062, respectively; p < .08).",
    "The correlation coefficients with baseline pain were -0.45 and -0.32, respectively.",
    "The differences from placebo were -2.1 and -3.4 mmHg, respectively.",
    "Placebo-adjusted reductions in systolic pressure were -5.2 and -8.9 mmHg, respectively.",
    "Compared with placebo, the slopes were -0.8 and -1.2 points per year, respectively.",
])
def test_a_signed_list_of_effects_gives_no_arm_a_mean(text):
    assert _means(text) == []


def test_a_signed_list_of_changes_still_gives_each_arm_a_mean():
    assert _means("The change in systolic pressure from baseline was -2.1, -5.4 and +0.3 mmHg, respectively.") == \
        [-2.1, -5.4, 0.3]


@pytest.mark.parametrize("sentence, times", [
    ("After a follow-up duration of at least 12 months, healing occurred in 30 of 40 patients.", ["12 months"]),
    ("Complete closure of wounds over 12 weeks occurred in 30 of 40 and 18 of 40 patients.", ["over 12 weeks"]),
    ("After 12 weeks standing time was 45.1 ± 10.2 min in the training group.", ["After 12 weeks"]),
])
def test_a_follow_up_or_a_period_stays_a_timepoint(sentence, times):
    assert [m.group() for m in time_matches(sentence)] == times


@pytest.mark.parametrize("sentence", [
    "In patients with diabetes over 10 years, healing was less frequent.",
    "Among ulcers of over 6 months, healing occurred in 5 of 9.",
    "Among ulcers of 6 months' standing, healing occurred in 5 of 9.",
])
def test_lengths_still_are_no_timepoints(sentence):
    assert time_matches(sentence) == ()


def _se_flags(nlp, text: str) -> dict[str, bool]:
    rec = build_record(nlp(text), None)
    return {st["evidence"]["text"]: "se_not_sd" in st["flags"] for st in rec["statistics"] if st["kind"] == "mean_sd"}


@pytest.mark.parametrize("text, later", [
    # A paragraph break ends the declaration.
    ("Forty patients were randomised to cell therapy or placebo. TcPO2 was 18.9 ± 1.6 mmHg (mean ± SEM) in the "
     "cell group at baseline.\n\nIn an earlier cohort, ABI was 0.61 ± 0.12 in the cell group and 0.60 ± 0.11 in "
     "the placebo group. Age was 64 (SD 9) years.", ["0.61 ± 0.12", "0.60 ± 0.11"]),
    # So does another section.
    ("METHODS: Forty patients were randomised to cell therapy or placebo. TcPO2 was 18.9 ± 1.6 mmHg "
     "(mean ± SEM) in the cell group at baseline. RESULTS: At 6 months ABI was 0.71 ± 0.12 in the cell group "
     "and 0.60 ± 0.11 in the placebo group. CONCLUSIONS: Age was 64 (SD 9) years.", ["0.71 ± 0.12", "0.60 ± 0.11"]),
])
def test_an_se_declaration_does_not_reach_past_a_paragraph_or_section(nlp, text, later):
    flags = _se_flags(nlp, text)
    assert flags["18.9 ± 1.6 mmHg"] and not any(flags[v] for v in later)


def test_an_se_declaration_still_governs_the_next_sentence_of_its_paragraph(nlp):
    text = ("Forty patients were randomised to cell therapy or placebo. TcPO2 was 18.9 ± 1.6 mmHg (mean ± SEM) in the "
            "cell group at baseline. At 6 months TcPO2 had risen to 31.7 ± 2.2 mmHg in the cell group and 20.1 ± 2.0 "
            "mmHg in the placebo group. Age was 64 (SD 9) years.")
    flags = _se_flags(nlp, text)
    assert flags["31.7 ± 2.2 mmHg"] and flags["20.1 ± 2.0 mmHg"]
