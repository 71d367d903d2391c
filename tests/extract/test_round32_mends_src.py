"""Round 32's second read of the src32 outcome/effect changes: its regressions, invented wording, as tests (pure
functions, no spaCy)."""
from __future__ import annotations

from stemfoot.extract import baseline, outcome_scope, value_kinds, vocabulary
from stemfoot.extract.covariates import covariate_stage, is_covariate
from stemfoot.extract.export_gate import FLAG_FEATURES, context, features, load_gate
from stemfoot.extract.number_grammar import SentenceClaims, scan


def st(text: str, frag: str, kind: str, **values) -> dict:
    start = text.index(frag)
    base = {"kind": kind, "outcome": None, "outcome_label": None, "arm": None, "arm_role": None, "timepoint": None,
            "measure": None, "target": None, "flags": []}
    return {**base, **values, "evidence": {"start": start, "end": start + len(frag), "text": frag,
                                           "sentence_start": 0, "sentence_end": len(text)}}


def _mentions(text: str) -> list[dict]:
    return [{"outcome": h.term.id, "label": h.text, "countable": h.term.countable,
             "evidence": {"start": h.start, "end": h.end}} for h in vocabulary.outcomes().find(text)]


def _scanned(text: str) -> list[dict]:
    sent = SentenceClaims(text, 0)
    scan(sent, [])
    return [s for _, _, s in sent.found]


# 1. A treatment's own effect on a graded or thresholded outcome is no covariate's.

def test_an_efficacy_outcome_on_a_scale_or_threshold_is_no_covariate():
    assert not is_covariate("A gain of two or more Fontaine stages by week 24")
    assert not is_covariate("Fontaine stage improvement")
    assert not is_covariate("Toe pressure over 30 mmHg at 12 weeks")
    # Patient factors stay covariates.
    assert is_covariate("Fontaine stage IV at entry")
    assert is_covariate("each 5-year increase in diabetes duration")
    assert is_covariate("toe pressure below 30 mmHg")


def test_an_estimate_whose_sentence_names_an_arm_and_no_model_compares_the_arms():
    text = "Toe pressure below 30 mmHg (OR 0.35, 95% CI 0.14-0.88) was seen less often with PRP-gel."
    stats = [st(text, "OR 0.35, 95% CI 0.14-0.88)", "effect", value=0.35, effect_measure="OR", outcome="toe_pressure",
                target="between_arms")]
    assert covariate_stage(text, stats, _mentions(text), ["PRP-gel", "saline"]) == []
    assert stats[0]["target"] == "between_arms" and "covariate_effect" not in stats[0]["flags"]
    # With a model cue the same words are a covariate's.
    text = ("In the multivariable model, toe pressure below 30 mmHg (OR 0.35, 95% CI 0.14-0.88) lowered healing "
            "with PRP-gel.")
    stats = [st(text, "OR 0.35, 95% CI 0.14-0.88)", "effect", value=0.35, effect_measure="OR")]
    assert covariate_stage(text, stats, _mentions(text), ["PRP-gel", "saline"]) == [0]


# 2. An adverse-event word at entry or in a subset phrase is no adverse event the value counts.

def test_an_event_word_at_entry_or_naming_a_subset_is_no_unlisted_event():
    assert outcome_scope.unlisted_event("Before randomisation, thrombocytopenia was recorded in ") is None
    assert outcome_scope.unlisted_event("Among patients without dermatitis, the rate was ") is None
    assert outcome_scope.unlisted_event("Excluding those with pruritus, it was ") is None
    assert outcome_scope.unlisted_event("In participants with a history of syncope, healing was ") is None
    assert outcome_scope.unlisted_event("Pruritus after injection occurred in ") == "Pruritus"
    assert outcome_scope.unlisted_event("Among diabetic patients, dizziness was reported by ") == "dizziness"


# 3. An incident event is no prevalence subject (no baseline characteristic).

def test_an_incident_or_related_event_is_no_prevalence_subject():
    for text in ("Newly developed gangrene was more frequent with saline (6/18 vs 1/19).",
                 "Dialysis-associated sepsis was less common in the PRP-gel group (1/18 vs 4/19).",
                 "Recurrent ulceration was less frequent in the PRP-gel group (2/18 vs 7/19)."):
        assert baseline.prevalence_subject(text, (0, len(text))) is None, text
    text = "Dialysis dependence was less common in the PRP-gel group (2/18 vs 5/19)."
    assert baseline.prevalence_subject(text, (0, len(text))).id == "dialysis"


# 4. A derived figure's bracket is a CI only; its value is no effect.

def test_a_relative_risk_reductions_bracket_of_counts_keeps_the_counts():
    text = "Minor amputation fell with PRP-gel, a relative risk reduction of 60% (3/25 vs 7/23)."
    assert [(s.get("events"), s.get("total")) for s in _scanned(text) if s["kind"] == "events"] == [(3, 25), (7, 23)]


def test_a_relative_risk_reduction_with_its_ci_is_no_effect():
    text = "For minor amputation the relative risk reduction was 55% (95% CI 12–77)."
    assert [s for s in _scanned(text) if s["kind"] in {"effect", "percent"}] == []


# 5. "closed earlier" needs an ulcer or wound subject.

def test_closed_earlier_without_a_wound_is_no_time_to_healing():
    ids = lambda t: [h.term.id for h in vocabulary.outcomes().find(t)]
    assert ids("The registry closed sooner than expected, after 31 patients had been enrolled.") == []
    assert ids("Enrolment closed earlier than planned.") == []
    assert ids("Wounds closed faster with PRP-gel.") == ["time_to_healing"]
    assert ids("Ulcers healed sooner with PRP-gel.") == ["time_to_healing"]


# 6. The gate sees the round's flags; a shipped model without them still scores.

def test_the_gate_sees_the_rounds_new_flags():
    for flag in ("covariate_effect", "arm_by_comparative", "total_from_subset"):
        assert flag in FLAG_FEATURES
    text = "Dialysis (HR 2.10, 95% CI 1.10-4.00) raised the hazard."
    stat = st(text, "HR 2.10, 95% CI 1.10-4.00)", "effect", value=2.1, effect_measure="HR", target="cohort",
              flags=["covariate_effect"])
    record = {"arms": [{"label": "PRP-gel"}, {"label": "saline"}], "statistics": [stat]}
    feats = features(stat, context(text, record, []))
    assert feats.get("flag=covariate_effect") == 1.0
    model = load_gate()
    if model is not None:  # a model trained before the flags existed gives them no weight, and still predicts
        assert 0.0 <= model.predict({"flag=covariate_effect": 1.0}) <= 1.0


# 7. An effect's name earlier in the clause makes paired percentages with CIs estimates, not arm shares.

def test_paired_percentages_after_a_difference_are_no_arm_shares():
    text = "The risk difference for minor amputation at 6 months was 18% (95% CI 3-33) and 12% (95% CI -2 to 26)."
    first = text.index("18%")
    assert not value_kinds.paired_shares(text, first, first + 2, text.index(")") + 1)
    text = "Minor amputation-free survival at 6 months was 78% (95% CI 60-90) and 52% (95% CI 33-70)."
    first = text.index("78%")
    assert value_kinds.paired_shares(text, first, first + 2, text.index(")") + 1)
