"""Cheap searches that spare a slow pattern (round 29, speed): each slow pattern is tried only where a part every
match of it holds is found, so each of its matches must hold that part (invented sentences, no spaCy)."""
from __future__ import annotations

import re

import pytest

from stemfoot.extract import arm_sizes, event_counts, outcome_refs, zero_clauses

PAIRS = {
    "not_detected": (zero_clauses._RX.NOT_DETECTED, zero_clauses._RX.NOT_DETECTED_VERB),
    "cluster_enrolled": (arm_sizes._RX.CLUSTER_ENROLLED, arm_sizes._RX.CLUSTER_UNIT_WORD),
    "cluster_enrolled_in": (arm_sizes._RX.CLUSTER_ENROLLED_IN, arm_sizes._RX.CLUSTER_UNIT_WORD),
    "colon_vs": (event_counts._RX.COLON_VS, event_counts._RX.VERSUS_WORD),
    "defined_before": (outcome_refs._RX.DEFINED_BEFORE, outcome_refs._RX.WAS_ENDPOINT_WORDS),
    "n_equals": (event_counts._RX.N_EQUALS, event_counts._RX.N_EQUALS_CORE),
    "cluster_unit_verb": (arm_sizes._RX.CLUSTER_ENROLLED, arm_sizes._RX.CLUSTER_UNIT_VERB),
    "cluster_unit_and": (arm_sizes._RX.CLUSTER_ENROLLED_IN, arm_sizes._RX.CLUSTER_UNIT_AND),
}


@pytest.mark.parametrize("name,text", [
    ("not_detected", "Anti-HLA antibodies were not detected in any patient."),
    ("not_detected", "Serious adverse events related to apheresis or G-CSF were not observed."),
    ("cluster_enrolled", "The pathway hospitals enrolled 121 patients and the usual-care hospitals 113."),
    ("cluster_enrolled_in", "188 patients were enrolled in intervention units and 176 in control units."),
    ("colon_vs", "Major amputation: 1 vs 3; deaths: 2 versus 1 versus 0."),
    ("defined_before", "Complete wound healing at 12 weeks was the primary endpoint."),
    ("cluster_unit_verb", "The pathway hospitals enrolled 121 patients and the usual-care hospitals 113."),
    ("cluster_unit_and", "188 patients were enrolled in intervention units, and 176 in control units."),
    ("n_equals", "Adverse events were injection-site pain (n = 3), bone pain, N=14; and fever (n=2)."),
])
def test_every_match_of_the_slow_pattern_holds_its_cheap_part(name, text):
    slow, cheap = PAIRS[name]
    matches = list(slow.finditer(text))
    assert matches
    assert all(cheap.search(m.group()) for m in matches)
    # The cheap part is searched with the slow pattern's flags (a case the slow one ignores, the cheap one too).
    assert cheap.flags & re.I == slow.flags & re.I


def test_the_readers_still_read_what_the_slow_patterns_find():
    assert zero_clauses.negated_phrases("Anti-HLA antibodies were not detected in any patient.")
    assert [c.events for c in event_counts.labelled_pair_events("Major amputation: 1 vs 3.")] == [1, 3]
    text = "Complete wound healing at 12 weeks was the primary endpoint."
    assert outcome_refs.endpoint_definition(text, [(0, len(text))])[1] == "Complete wound healing at 12 weeks"
    text = "The pathway hospitals enrolled 121 patients and the usual-care hospitals 113."
    assert [(a, n) for a, n, *_ in arm_sizes.cluster_enrolment(text)] == [("pathway hospitals", 121),
                                                                        ("usual-care hospitals", 113)]
    # Without the cheap part nothing is read (and the slow pattern is not tried).
    assert not event_counts.labelled_pair_events("Major amputation: 1 and 3.")
    assert not zero_clauses.negated_phrases("Anti-HLA antibodies were detected in no patient.")


@pytest.mark.parametrize("text", [
    "Median healing time was 42 days (IQR 30-56) vs 60 days (range: 35-90).",
    "Median age was 64 years (range 50-80); median follow-up 12 months, IQR, 8-16.",
])
def test_the_interval_and_median_patterns_hold_their_gated_parts(text):
    # number_grammar.scan tries INTERVAL only where "(" or "[" is, the median patterns only where "median" is
    # (round 30, speed)
    from stemfoot.extract import number_grammar
    intervals = list(number_grammar._RX.INTERVAL.finditer(text))
    medians = [*number_grammar._RX.MEDIAN.finditer(text), *number_grammar._RX.MEDIAN_COMMA_IQR.finditer(text)]
    assert intervals and medians
    assert all("(" in m.group() or "[" in m.group() for m in intervals)
    assert all("median" in m.group().lower() for m in medians)


def test_a_sentence_without_a_digit_has_no_unlabelled_ci():
    from stemfoot.extract import number_grammar
    assert not number_grammar._RX.EFFECT_BARE_CI.search("The adjusted hazard ratio was about one (roughly half to two).")
    sent = number_grammar.SentenceClaims("The adjusted HR for death was 0.34 (0.13–0.88).", 0)
    number_grammar._bare_ci_effects(sent)
    assert [(st["value"], st["ci_lower"], st["ci_upper"]) for *_, st in sent.found] == [(0.34, 0.13, 0.88)]
