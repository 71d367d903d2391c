"""Guards of the full-text answer against wrong numbers (round ft26): each a check that fails on the start."""
from __future__ import annotations

from stemfoot.extract.outcome_query import (narrower_label, said_at_baseline, said_several, sentence_values,
                                            shared_denominators)


def _prose(text: str, sentence: str, **fields: object) -> dict:
    return {"kind": "mean_sd", "evidence": {"text": text, "sentence": sentence, "section": "Results"}, **fields}


def test_a_value_its_own_sentence_places_at_baseline():
    s = ("At baseline, analysis of the 4-day food journal showed that calorie intake of the two groups was not "
         "significantly different (2247 ± 160 Kcal/day vs. 2213 ± 157 Kcal/day)")
    assert said_at_baseline(_prose("2247 ± 160", s, timepoint="4 days"))
    # a later time or a change from baseline between the cue and the value: not a baseline value
    assert not said_at_baseline(_prose("5.1 ± 1.2", "At baseline and after 12 weeks, HbA1c was 5.1 ± 1.2 in A"))
    assert not said_at_baseline(_prose("-1.2 ± 0.4", "HbA1c fell from baseline by -1.2 ± 0.4 in group A"))
    assert not said_at_baseline(_prose("7.1 ± 0.9", "At 12 months, HbA1c was 7.1 ± 0.9 in group A"))
    assert not said_at_baseline({"kind": "mean_sd", "evidence": {"table": "Table 1", "text": "1", "sentence": "At baseline 1"}})


def test_a_label_that_narrows_the_query_outcome():
    assert narrower_label("Serious adverse events", "The incidence of adverse events")
    assert narrower_label("drug-related AEs", "The frequency of AEs")
    assert narrower_label("Treatment-related adverse events", "adverse events")
    # the query asks for that part itself, or the label names no narrower part
    assert not narrower_label("Serious adverse events", "serious adverse events")
    assert not narrower_label("Severe hypoglycaemia", "Severity of hypoglycaemia")
    assert not narrower_label("Adverse events", "The incidence of adverse events")


def test_withheld_values_still_show_a_sentence_of_series():
    s = ("The mean PI scores at baseline, 30 days, and 45 days were observed to be 1.716 ± 0.351, 1.066 ± 0.175, "
         "and 0.683 ± 0.274, respectively, for Group I, 1.700 ± 0.380, 1.00 ± 0.00, and 0.683 ± 0.274, respectively, "
         "for Group II")
    held = [_prose(t, "Plaque index\n\n" + s, mean=m, arm=None, outcome_label="Plaque index",
                   gate={"p": 0.7, "held": {"arm": "Group I"}}) for t, m in (("1.716 ± 0.351", 1.716), ("1.066 ± 0.175", 1.066), ("0.683 ± 0.274", 0.683))]
    pair = _prose("1.700 ± 0.380", s, mean=1.7, arm="Turmeric gel", _pair=True)
    assert said_several(pair, sentence_values(held))
    assert not said_several(pair, sentence_values(held[:2]))  # two values an arm ("from 7.97 to 7.17"): no series


def test_a_denominator_two_values_of_one_sentence_share():
    s = ("The frequency of patients with suspected drug-related AEs was 5.9% [6 of 101 patients; 30 mg group], "
         "5.1% [5 of 99 patients; 60 mg group] and 4.8% (5 of 101 patients; placebo group).")
    recs = [{"kind": "events", "events": e, "total": n, "evidence": {"sentence": s}} for e, n in ((6, 101), (5, 99), (5, 101))]
    assert shared_denominators(recs) == {(s, 101, "")}
    assert shared_denominators(recs[:2]) == set()


def test_baseline_as_a_covariate_or_an_earlier_clause_is_not_the_values_time():
    s = "Adjusted for baseline values, the mean ulcer area was 4.2 ± 1.1 cm2 in the cell group and 6.3 ± 1.4 cm2 in controls"
    assert not said_at_baseline(_prose("4.2 ± 1.1", s))
    assert not said_at_baseline(_prose("4.2 ± 1.1", "After adjustment for baseline levels, TcPO2 was 4.2 ± 1.1 vs 6.3 ± 1.4"))
    s = "At baseline ulcer area was similar; twelve weeks later it was 4.2 ± 1.1 cm2 in the cell group"
    assert not said_at_baseline(_prose("4.2 ± 1.1", s))
    assert said_at_baseline(_prose("4.2 ± 1.1", "At baseline, ulcer area was 4.2 ± 1.1 cm2 in the cell group"))


def test_a_negated_qualifier_or_the_querys_abbreviation_is_no_narrowing():
    assert not narrower_label("No serious adverse events occurred; adverse events were reported in", "adverse events")
    assert not narrower_label("Serious adverse events", "The incidence of SAEs")
    assert narrower_label("Serious drug-related AEs", "SAEs")  # still a part of the serious ones
    assert narrower_label("Non-serious adverse events", "adverse events")


def test_one_arms_two_outcomes_of_its_own_size_keep_their_denominator():
    s = "Of the 40 patients treated with cells, 30 (75%) healed and 2 (5%) underwent amputation, vs 20 of 38 and 6 of 38"
    recs = [{"kind": "events", "events": e, "total": n, "outcome_label": o, "evidence": {"sentence": s}}
            for e, n, o in ((30, 40, "healing"), (2, 40, "amputation"), (20, 38, "healing"), (6, 38, "amputation"))]
    assert shared_denominators(recs) == set()


def test_a_change_verb_or_a_baseline_adjusted_mean_is_not_a_baseline_value():
    s = "Baseline HbA1c was similar and decreased to 7.2 ± 1.0 % in the cell group and 7.8 ± 1.0 % in controls"
    assert not said_at_baseline(_prose("7.2 ± 1.0", s))
    assert not said_at_baseline(_prose("7.2 ± 1.0", "Baseline-adjusted mean HbA1c was 7.2 ± 1.0 % in the cell group"))
    assert not said_at_baseline(_prose("4.2 ± 1.0", "On admission ulcers were similar; at discharge area was 4.2 ± 1.0"))
