"""Round 51 (mendlead51a): a spread is written low to high (a falling "ranged / varied from a to b" is a change,
even in the finite verb's own comma clause), and a word of extent may stand between the verb of spread and "from";
invented sentences, no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract.covariates import carried_effect_outcomes
from stemfoot.extract.number_grammar import _RX, _ends_fall
from tests.extract.test_round32_sources import st
from tests.extract.test_round50_lead50b import _values


def _kinds(text: str) -> list[str]:
    return [kind for _, kind in _values(text)]


@pytest.mark.parametrize("text", [
    # The lead's comma clause would read these as spreads: their ends fall, so each is one group's change.
    "HbA1c decreased in both groups, and varied from 8.1 to 7.2% in the cell group.",
    "Although ulcer area decreased, it ranged from 4.2 to 1.1 cm2 in the cell group.",
    "Ulcer area decreased in the cell group; in the control group, it varied from 4.2 to 3.9 cm2.",
])
def test_falling_ends_after_a_verb_of_spread_are_a_change(text):
    assert len(_kinds(text)) == 2  # the baseline and follow-up ends


@pytest.mark.parametrize("text", [
    "Ulcer duration ranged widely from 3 to 48 months, and ulcer area decreased in both groups.",
    "Ulcer area decreased in the cell group, while ulcer duration ranged from 3 to 24 months.",
    # Near-miss: ends in different units are not compared ("10 days" is not above "2 months").
    "Ulcer duration ranged from 10 days to 2 months.",
])
def test_a_spread_stays_a_spread(text):
    assert _kinds(text) == []


def test_ends_fall_compares_one_unit_only():
    fall = [_ends_fall(_RX.FROM_TO.search(t)) for t in (
        "from 8.1 to 7.2%", "from 8.1 ± 1.2 to 7.2 ± 1.0%", "from 30.1 to 44.6 mmHg", "from 10 days to 2 months",
        "from 25% to 10%", "from -0.09 to -0.30")]
    assert fall == [True, True, False, False, True, False]


def test_only_a_word_of_extent_stands_between_the_verb_and_from():
    # Near-miss: "varied significantly from" may report a change; it is no verb of spread here.
    assert _RX.RANGE_VERB.search("Ulcer duration ranged widely ") is not None
    assert _RX.RANGE_VERB.search("TcPO2 varied significantly ") is None


# --- an effect after a sentence of results of the factor it carries ----------------------------------------------

def test_an_effect_after_results_of_its_factor_keeps_it():
    text = ("HbA1c below 7% was reached by 20 patients in the cell group and 10 in the control group. "
            "The OR was 2.25 (95% CI 1.10-4.60).")
    stats = [st(text, "20 patients in the cell group", "events", outcome="hba1c", outcome_label="hba1c"),
             st(text, "OR was 2.25 (95% CI 1.10-4.60)", "effect", outcome="hba1c", outcome_label="hba1c", value=2.25)]
    hba1c = [{"outcome": "hba1c", "label": "HbA1c", "evidence": {"start": 0, "end": 5}}]
    assert carried_effect_outcomes(text, stats, hba1c) == [] and stats[1]["outcome"] == "hba1c"
    # Near-miss: results that only carried the factor (their sentence does not name it) keep no factor.
    stats[1]["outcome"] = "hba1c"
    assert carried_effect_outcomes(text, stats, []) == [1] and stats[1]["outcome"] is None


def test_an_effect_after_baseline_values_of_its_factor_drops_it():
    # Near-miss: baseline values of the factor are no result the ratio compares (the lead's rule: null).
    text = "Baseline HbA1c was 8.1% in the cell group and 8.3% in the control group. The HR was 0.60 (95% CI 0.38-0.95)."
    stats = [st(text, "8.1%", "mean", outcome="hba1c", outcome_label="hba1c", timepoint="baseline",
                measure="baseline", flags=["baseline_by_context"]),
             st(text, "HR was 0.60 (95% CI 0.38-0.95)", "effect", outcome="hba1c", outcome_label="hba1c", value=0.6)]
    assert carried_effect_outcomes(text, stats, []) == [1] and stats[1]["outcome"] is None
