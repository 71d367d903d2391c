"""Round 32's errors fixed where they arise (covariate effects, prevalence subjects, unlisted events, comparative
pairs, subset denominators, paired shares, derived figures, scale steps): pure functions, no spaCy."""
from __future__ import annotations

import re

from stemfoot.extract import baseline, consistency, outcome_scope, value_kinds, vocabulary
from stemfoot.extract.comparative_arms import comparative_arms_stage, comparative_pair_arms
from stemfoot.extract.covariates import covariate_stage, is_covariate, predictor_words
from stemfoot.extract.number_grammar import TIME, SentenceClaims, scan
from stemfoot.tools import evaluate as ev


def st(text: str, frag: str, kind: str, nth: int = 0, **values) -> dict:
    """A statistic dict as the rule components give it (sentences end at ". ")."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(frag, start + 1)
    s0 = text.rfind(". ", 0, start)
    s1 = text.find(". ", start)
    base = {"kind": kind, "outcome": None, "outcome_label": None, "arm": None, "arm_role": None, "timepoint": None,
            "measure": None, "target": None, "flags": []}
    return {**base, **values, "evidence": {"start": start, "end": start + len(frag), "text": frag,
                                           "sentence_start": 0 if s0 < 0 else s0 + 2,
                                           "sentence_end": len(text) if s1 < 0 else s1 + 1}}


def mentions_of(text: str) -> list[dict]:
    """Outcome mentions as the outcomes component gives them (the vocabulary's hits)."""
    return [{"outcome": h.term.id, "label": h.text, "countable": h.term.countable,
             "evidence": {"start": h.start, "end": h.end}} for h in vocabulary.outcomes().find(text)]


# --- covariate effects -------------------------------------------------------------------------------------------

COX = ("After adjustment, cell therapy was associated with a lower hazard of major amputation or death (HR 0.48, 95% CI "
       "0.26–0.89), whereas dialysis (HR 2.31, 95% CI 1.24–4.30) and each 10-year increment in age (HR 1.42, 95% CI "
       "1.05–1.92) increased it.")


def _effects(text: str, *frags: str) -> list[dict]:
    out = []
    for frag in frags:
        value = float(re.search(r"\d+(?:\.\d+)?", frag.split("HR", 1)[-1].split("OR", 1)[-1]).group())
        measure = "OR" if "OR" in frag else "HR"
        out.append(st(text, frag, "effect", value=value, effect_measure=measure))
    return out


def test_a_covariates_ratio_goes_to_the_cohort_with_the_models_outcome():
    stats = _effects(COX, "HR 0.48, 95% CI 0.26–0.89)", "HR 2.31, 95% CI 1.24–4.30)", "HR 1.42, 95% CI 1.05–1.92)")
    stats[0].update(outcome="amputation", target="between_arms")
    stats[1].update(outcome="dialysis")
    stats[2].update(outcome="age")
    assert [COX[slice(*predictor_words(COX, s, stats))] for s in stats][1:] == [
        "dialysis", "each 10-year increment in age"]
    assert covariate_stage(COX, stats, mentions_of(COX), ["cell group", "standard care group"]) == [1, 2]
    assert [(s["outcome"], s["target"]) for s in stats] == [
        ("amputation", "between_arms"), ("amputation", "cohort"), ("amputation", "cohort")]
    assert "covariate_effect" in stats[1]["flags"] and "covariate_effect" not in stats[0]["flags"]


def test_the_outcome_comes_from_the_predicate_or_a_predicts_after_the_estimate():
    text = "Dialysis was associated with a lower likelihood of healing (OR 0.31, 95% CI 0.11–0.88)."
    stats = _effects(text, "OR 0.31, 95% CI 0.11–0.88)")
    covariate_stage(text, stats, mentions_of(text))
    assert (stats[0]["outcome"], stats[0]["target"]) == ("ulcer_healing", "cohort")
    text = ("Multivariate logistic regression showed that baseline ulcer area (OR 0.71, 95% CI 0.56-0.90) and UC-MSC "
            "treatment (OR 3.42, 95% CI 1.37-8.55) were independent factors for healing at 16 weeks.")
    stats = _effects(text, "OR 0.71, 95% CI 0.56-0.90)", "OR 3.42, 95% CI 1.37-8.55)")
    assert covariate_stage(text, stats, mentions_of(text), ["UC-MSC group"]) == [0]
    assert stats[0]["outcome"] == "ulcer_healing" and stats[1]["target"] is None


def test_the_treatment_a_measure_name_or_a_subset_is_no_covariate():
    assert not is_covariate("cell therapy")
    assert not is_covariate("BMC treatment")
    assert not is_covariate("The odds ratio for healing")
    assert not is_covariate("In dialysis patients")
    assert not is_covariate("the BMC group", ["BMC group"])
    assert not is_covariate("Age-adjusted")
    assert is_covariate("Rutherford class 6 at entry")
    assert is_covariate("each 1% increase in HbA1c")
    assert is_covariate("heart failure")
    # The model's adjustment list is about the model, not the estimate's predictor.
    text = "The odds ratio for healing adjusted for ulcer area and HbA1c was 3.21 (95% CI 1.19–8.66)."
    stats = [st(text, "3.21 (95% CI 1.19–8.66)", "effect", value=3.21, effect_measure="OR", outcome="ulcer_healing")]
    assert covariate_stage(text, stats, mentions_of(text)) == []


def test_a_covariate_named_in_the_next_sentence_takes_the_models_outcome_from_before():
    text = ("Cell therapy was associated with a lower hazard of amputation or death (adjusted HR 0.52; 95% CI "
            "0.32–0.85). Rutherford class 6 at entry was also an independent predictor (HR 2.05, 95% CI 1.21 to 3.47).")
    stats = _effects(text, "HR 0.52; 95% CI 0.32–0.85)", "HR 2.05, 95% CI 1.21 to 3.47)")
    stats[0]["outcome"] = "amputation"
    assert covariate_stage(text, stats, mentions_of(text)) == [1]
    assert stats[1]["outcome"] == "amputation"


def test_a_covariates_scale_step_is_no_time():
    assert [m.group() for m in TIME.finditer(COX)] == []
    for words in ("HR 1.2 per 5 years", "a 10-year increase in age", "per 10 years of age"):
        assert not list(TIME.finditer(words)), words
    assert [m.group() for m in TIME.finditer("at 12 weeks and over 2 years")] == ["at 12 weeks", "over 2 years"]


# --- a characteristic as a prevalence subject ---------------------------------------------------------------------

def test_a_characteristic_that_is_the_subject_of_how_common_it_was_is_its_counts_outcome_at_baseline():
    text = ("Results: Dialysis dependence was more common in the standard care group (15/53, 28.3%) than in the cell "
            "group (7/47, 14.9%; P = .10).")
    stats = [st(text, "15/53", "events", events=15, total=53), st(text, "28.3%", "percent", percent=28.3),
             st(text, "7/47", "events", events=7, total=47), st(text, "14.9%", "percent", percent=14.9)]
    assert baseline.prevalence_subject(text, (0, len(text))).id == "dialysis"
    baseline.baseline_stage(text, stats)
    assert [(s["outcome"], s["timepoint"]) for s in stats] == [("dialysis", "baseline")] * 4


def test_an_event_subject_or_a_follow_up_time_is_no_prevalence_subject():
    text = "Major amputation was less frequent in the cell group (3/19 vs 8/18)."
    assert baseline.prevalence_subject(text, (0, len(text))) is None
    text = "Healing was more frequent in the cell group (12/20 vs 6/20)."
    assert baseline.prevalence_subject(text, (0, len(text))) is None


def test_a_bracketed_values_own_words_end_at_its_bracket():
    text = "Dialysis was more common in group A (15/53, 28.3%) than in group B (7/47)."
    pos = text.index("28.3%")
    assert baseline.bracket_end(text, (0, len(text)), pos, len(text)) == text.index(")", pos)
    assert baseline.bracket_end(text, (0, len(text)), 0, 20) == 20


# --- an adverse event the vocabulary lacks -------------------------------------------------------------------------

def test_an_unlisted_adverse_event_stops_a_carried_outcome():
    assert outcome_scope.unlisted_event("Infusion-related headache was more frequent with iloprost (")
    assert outcome_scope.unlisted_event("Bone pain after G-CSF occurred in ")
    assert not outcome_scope.unlisted_event("Rest pain disappeared in ")
    assert not outcome_scope.unlisted_event("At 12 weeks, the corresponding figures were ")


# --- "more frequent with B (x vs y)" --------------------------------------------------------------------------------

def test_the_arm_a_comparative_names_takes_the_pairs_first_value():
    text = "Infusion-related headache was more frequent with iloprost (12 vs 3 patients). Two patients died."
    stats = [st(text, "12", "events", events=12, arm="CD34+ arm", target="arm", flags=["arm_by_order"]),
             st(text, "3", "events", nth=0, events=3, arm="iloprost arm", target="arm", flags=["arm_by_order"])]
    stats[1]["evidence"].update(start=text.index("3 patients"), end=text.index("3 patients") + 1)
    ilo = text.index("iloprost")
    mentions = [(ilo, ilo + len("iloprost"), "iloprost arm")]
    assert comparative_pair_arms(text, stats, mentions, ["CD34+ arm", "iloprost arm"]) == {
        0: "iloprost arm", 1: "CD34+ arm"}
    assert comparative_arms_stage(text, stats, mentions, {"CD34+ arm": "intervention", "iloprost arm": "control"}) == [0, 1]
    assert [(s["arm"], s["arm_role"]) for s in stats] == [("iloprost arm", "control"), ("CD34+ arm", "intervention")]
    # Three arms and no "than": the other side is not settled.
    assert comparative_pair_arms(text, stats, mentions, ["CD34+ arm", "iloprost arm", "placebo"]) == {}


def test_an_arm_placed_by_its_own_words_is_left_alone():
    text = "Infection was less common in the cell group (2 vs 7)."
    stats = [st(text, "2", "events", events=2, arm="cell group", target="arm", flags=["arm_by_list"]),
             st(text, "7", "events", events=7, arm="control group", target="arm", flags=["arm_by_list"])]
    cell = text.index("cell group")
    assert comparative_arms_stage(text, stats, [(cell, cell + 10, "cell group")],
                                  {"cell group": "intervention", "control group": "control"}) == []


# --- subset denominators, paired shares, derived figures -----------------------------------------------------------

def test_two_subset_sizes_before_their_events_are_denominators():
    text = "Of the 14 UC-MSC and 15 sham patients with ulcers, 10 (71.4%) and 5 (33.3%) healed by 6 months."
    starts = consistency._denominator_starts(text, (0, len(text)))
    assert starts == {text.index("14"), text.index("15")}
    # Events may not outnumber their totals.
    text = "Of the 4 UC-MSC and 5 sham patients with ulcers, 10 and 5 healed."
    assert consistency._denominator_starts(text, (0, len(text))) == set()


def test_two_percentages_each_with_its_own_interval_are_two_arms_values():
    text = "The estimate of closure by week 12 was 53.5% (95% CI 44.3–62.7) versus 33.3% (95% CI 21.1–45.5)."
    first, second = text.index("53.5"), text.index("33.3")
    assert value_kinds.paired_shares(text, first, first + 4, text.index(")") + 1)
    assert value_kinds.paired_shares(text, second, second + 4, len(text) - 1)
    text = "Complete healing was 20% (95% CI 10–30) higher with cells."
    assert not value_kinds.paired_shares(text, text.index("20"), text.index("20") + 2, text.index(")") + 1)


def _scanned(text: str) -> list[dict]:
    sent = SentenceClaims(text, 0)
    scan(sent, [])
    return [s for _, _, s in sent.found]


def test_a_relative_risk_reduction_or_an_nnt_is_no_statistic():
    text = "Major amputation was required in 1 versus 6 patients (P = 0.045), a relative risk reduction of 83%."
    assert not any(s["kind"] == "percent" and s.get("percent") == 83 for s in _scanned(text))
    text = "Healing was associated with cell therapy (odds ratio 3.86, 95% CI 1.33–11.20; number needed to treat 3.2)."
    assert [s.get("value") for s in _scanned(text) if s["kind"] == "effect"] == [3.86]


def test_healed_faster_is_time_to_healing():
    assert [h.term.id for h in vocabulary.outcomes().find("Ulcers healed faster with the high dose")] == [
        "time_to_healing"]
    assert [h.term.id for h in vocabulary.outcomes().find("Ulcers healed in 12 of 20")] == ["ulcer_healing"]


# --- the evaluator reads the golds' covariate ratios ---------------------------------------------------------------

def test_a_gold_cohort_ratio_is_a_result():
    gold = {"arms": [{"name": "A", "role": "intervention"}], "statistics": [
        {"scope": "cohort", "outcome": "major amputation or death: dialysis", "timepoint": None,
         "cohort": {"measure": "HR", "value": 2.31, "ci_low": 1.24, "ci_high": 4.3}},
        {"scope": "cohort", "outcome": "age", "timepoint": "baseline", "cohort": {"mean": 70.1}}]}
    atoms = ev.result_atoms(gold)
    assert [(a["kind"], a["target"], a["outcome"]) for a in atoms] == [
        ("effect", "cohort", "amputation"), ("mean", "cohort", "age")]


def test_a_sized_subsets_one_count_takes_the_size_as_its_total():
    from stemfoot.extract.stages import denominator_from_subset
    text = "In the 6 patients with an ABI below 0.8, closure by 24 weeks occurred in 3."
    stats = [st(text, "3.", "events", events=3)]
    stats[0]["evidence"]["end"] -= 1
    assert denominator_from_subset(text, stats) == [0] and stats[0]["total"] == 6
    # Two counts: the subset's arms' shares, not one total each.
    text = "In the 14 patients with an area >10 cm2, healing was seen in 5 and 1, respectively."
    stats = [st(text, "5", "events", events=5), st(text, "1,", "events", events=1)]
    assert denominator_from_subset(text, stats) == [] and stats[0].get("total") is None


def test_a_value_listed_before_the_one_whose_words_name_the_characteristic_shares_it():
    text = ("Results: The BMI group comprised 58 patients and the historical control group 44 patients; 25 (43%) and "
            "17 (39%) had TAO, respectively.")
    stats = [st(text, "25 (43%)", "events", events=25), st(text, "17 (39%)", "events", events=17)]
    baseline.baseline_stage(text, stats)
    assert [(s["outcome"], s["timepoint"]) for s in stats] == [("thromboangiitis_obliterans", "baseline")] * 2
    text = "Healing occurred in 12 of 20 and 6 of 20 patients with diabetes."
    stats = [st(text, "12 of 20", "events", events=12, outcome="ulcer_healing"),
             st(text, "6 of 20", "events", events=6, outcome="ulcer_healing")]
    assert baseline.baseline_stage(text, stats) == []


def test_the_words_of_a_counts_denominator_are_not_its_event():
    text = "Recurrence within 6 months occurred in 2 of the 24 healed ADSC-treated patients and in 2 of the 12 healed controls."
    stats = [st(text, "2 of the 12", "events", events=2, total=12)]
    assert outcome_scope.own_outcome(text, stats[0], [m for m in mentions_of(text) if m["countable"]]) is None
