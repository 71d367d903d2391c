"""Round 51 (lead51a): an effect's outcome from what it measures (a scale step's size is the covariate's own words;
an effect naming no outcome takes no covariate from the sentence before), and a spread's clause (number grammar);
invented sentences, no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract.covariates import _RX, carried_effect_outcomes, covariate_stage, predictor_words
from tests.extract.test_round32_sources import _effects, mentions_of, st
from tests.extract.test_round50_lead50b import _values

# --- a scale step's size -----------------------------------------------------------------------------------------

STEP = ("Cell therapy remained associated with healing after adjustment (adjusted OR 2.87; 95% CI 1.31 to 6.29), and "
        "each 1% increase in HbA1c reduced the odds of healing (OR 0.71; 95% CI 0.55 to 0.92).")


def test_a_step_size_is_part_of_the_covariates_words():
    stats = _effects(STEP, "OR 2.87; 95% CI 1.31 to 6.29)", "OR 0.71; 95% CI 0.55 to 0.92)")
    step = st(STEP, "1%", "percent", percent=1.0)
    stats[0].update(outcome="ulcer_healing")
    stats[1].update(outcome="hba1c")
    every = [stats[0], step, stats[1]]
    assert STEP[slice(*predictor_words(STEP, stats[1], every))] == "each 1% increase in HbA1c"
    assert covariate_stage(STEP, every, mentions_of(STEP), ["ADSC group", "control group"]) == [2]
    assert (stats[1]["outcome"], stats[1]["target"]) == ("ulcer_healing", "cohort")


def test_a_result_before_the_estimate_still_bounds_its_words():
    # Near-miss: a percentage that is a result ("healed in 52%") is no step: the words start after it.
    text = "Ulcers healed in 52%, and dialysis (HR 0.61, 95% CI 0.40–0.93) slowed healing."
    stats = _effects(text, "HR 0.61, 95% CI 0.40–0.93)")
    every = [st(text, "52%", "percent", percent=52.0)] + stats
    assert text[slice(*predictor_words(text, stats[0], every))] == "dialysis"
    # Near-miss: "a 12% reduction" is a result after an article, no step ("each" / "every" / "per" only).
    text = "There was a 12% reduction in events, and dialysis (HR 0.61, 95% CI 0.40–0.93) slowed healing."
    stats = _effects(text, "HR 0.61, 95% CI 0.40–0.93)")
    every = [st(text, "12%", "percent", percent=12.0)] + stats
    assert text[slice(*predictor_words(text, stats[0], every))] == "dialysis"
    assert _RX.STEP_BEFORE.search("There was a ") is None and _RX.STEP_BEFORE.search("and each ") is not None


# --- an effect that names no outcome -----------------------------------------------------------------------------

COX = ("In Cox regression, PBMNC treatment was associated with a lower risk of major amputation or death (adjusted HR "
       "0.47, 95% CI 0.26–0.85), whereas dialysis (HR 2.31, 95% CI 1.27–4.20) and age per 10 years (HR 1.38, 95% CI "
       "1.02 to 1.87) increased it. The unadjusted HR was 0.51 (95% CI 0.29–0.90).")


def _cox() -> list[dict]:
    stats = _effects(COX, "HR 0.47, 95% CI 0.26–0.85)", "HR 2.31, 95% CI 1.27–4.20)", "HR 1.38, 95% CI 1.02 to 1.87)",
                     "HR was 0.51 (95% CI 0.29–0.90)")
    for s, outcome in zip(stats, ["amputation", "amputation", "amputation", "age"]):
        s["outcome"] = outcome
    stats[2]["flags"].append("covariate_effect")
    return stats


def test_an_effect_naming_no_outcome_takes_the_outcome_of_the_effects_before_not_a_covariate():
    stats = _cox()
    assert carried_effect_outcomes(COX, stats, mentions_of(COX)) == [3]
    assert stats[3]["outcome"] == "amputation"


def test_an_effect_with_its_own_outcome_or_a_covariates_own_is_left_alone():
    # Near-misses: the covariate's own effect (flagged by the covariate reading) and an effect whose sentence names
    # an outcome keep theirs; with no effect just before, the factor is dropped, not replaced by a guess.
    stats = _cox()
    stats[3]["outcome"] = "amputation"
    stats[2]["outcome"] = "age"
    assert carried_effect_outcomes(COX, stats, mentions_of(COX)) == []
    text = "Mean age was 68 years. The HR was 0.51 (95% CI 0.29–0.90)."
    lone = _effects(text, "HR was 0.51 (95% CI 0.29–0.90)")
    lone[0]["outcome"] = "age"
    assert carried_effect_outcomes(text, lone, mentions_of(text)) == [0] and lone[0]["outcome"] is None
    text = "Dialysis was common. The HR for age was 1.02 (95% CI 1.00–1.04)."
    own = _effects(text, "HR for age was 1.02 (95% CI 1.00–1.04)")
    own[0]["outcome"] = "age"
    assert carried_effect_outcomes(text, own, mentions_of(text)) == []


# --- a spread's clause -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Although HbA1c improved in the cell group, age ranged from 49 to 83 years.",
    "TcPO2 increased in both arms; ulcer areas varied from 1.2 to 8.3 cm2.",
    "Grafts were applied weekly, ranging in thickness from 2 to 5 mm.",
])
def test_a_spread_in_its_own_clause_is_one_spread(text):
    assert _values(text) == []


@pytest.mark.parametrize("text", [
    # Near-misses: a participle hanging on the verb of change, or a finite spread in the same clause, is the change.
    "TcPO2 increased, ranging from 30.1 to 44.6 mmHg.",
    "The ankle score has improved in both groups, varying from 61.6 to 90.1 with HA treatment.",
    "TcPO2 increased and ranged from 30.1 to 44.6 mmHg.",
])
def test_a_spread_hanging_on_a_verb_of_change_is_the_change(text):
    assert [kind for _, kind in _values(text)] == ["mean", "mean"]
