"""Quantities of the treatment product are not results; sample and clause labels are no arms (round 7).

Pure functions: no spaCy model is loaded."""
from __future__ import annotations

import pytest

from stemfoot.extract import consistency
from stemfoot.extract.consistency import product_quantity
from stemfoot.schemas import not_result_terms
from tests.extract_support import sentence_stat


def _why(sentence: str, value: str, kind: str = "mean") -> str | None:
    start = sentence.index(value)
    return product_quantity(sentence, start, start + len(value), (0, len(sentence)), kind)


@pytest.mark.parametrize("sentence, value, kind, why", [
    ("The mean number of injected cells was 1.9 × 10^9 (range 0.8-3.4 × 10^9).", "1.9", "mean", "unit:cells"),
    ("The number of mononuclear cells transplanted was (3.2±1.1)×10^9.", "3.2±1.1", "mean_sd", "unit:cells"),
    ("The PB-MNC product contained more CD34+ cells (median 2.8 × 10^8 vs 1.1 × 10^8).", "2.8", "median", "unit:cells"),
    ("Each limb received 4 × 10⁷ cells.", "4", "mean", "unit:cells"),
    ("A mean of 240 mL of bone marrow was aspirated.", "240", "mean", "unit:volume"),
    ("Patients received G-CSF 5 μg/kg daily for 4 days.", "5", "mean", "unit:dose"),
    ("A median of 1.9 × 10^9 cells was injected, of which 1.2% were CD34+.", "1.2%", "percent", "marker"),
    ("The cell viability was 95%.", "95%", "percent", "subject"),
    ("The mean harvest volume was 62 ± 18.", "62 ± 18", "mean_sd", "subject"),
])
def test_product_quantities_are_recognised(sentence, value, kind, why):
    assert _why(sentence, value, kind) == why


@pytest.mark.parametrize("sentence, value, kind", [
    # Results of patients who got cells, and cell counts measured in blood, stay results.
    ("Ulcers healed in 12 of 20 patients injected with BM-MNC cells (60%).", "12 of 20", "events"),
    ("Ulcers healed in 12 of 20 patients injected with BM-MNC cells (60%).", "60%", "percent"),
    ("ABI improved from 0.42 ± 0.13 to 0.55 ± 0.15 after the cells were injected.", "0.42 ± 0.13", "mean_sd"),
    ("Circulating CD34+ cells rose from 1.2 to 3.4 cells/μL.", "3.4", "mean"),
    ("Platelets were 250 × 10^9/L at baseline.", "250", "mean"),
    ("TcPO2 rose from 30 ± 5 to 45 ± 6 mmHg in patients who received 10^8 cells.", "30 ± 5", "mean_sd"),
    # A CD34+ share outside any sentence about the product is not taken for the product's.
    ("In the biopsy, 40% were CD34+.", "40%", "percent"),
])
def test_results_are_not_product_quantities(sentence, value, kind):
    assert _why(sentence, value, kind) is None


def test_the_power_of_a_cell_count_is_a_product_quantity():
    # The exponent itself ("8" of "10^8", read as a value of its own): nothing follows it, "10^" precedes it.
    sentence = "The PB-MNC product contained more CD34+ cells (median 2.8 × 10^8 vs 1.1 × 10^8)."
    start = sentence.rindex("^8") + 1
    assert product_quantity(sentence, start, start + 1, (0, len(sentence)), "median") == "unit:cells"
    assert product_quantity(sentence.replace("10^8)", "at 8)"), start, start + 1, (0, len(sentence)), "median") is None


def test_check_flags_product_quantities_but_not_p_values():
    text = "The mean number of injected cells was 1.9 × 10^9 (P = 0.04). Healing was 60%."
    s = text.index("1.9")
    p = text.index("0.04")
    h = text.index("60%")
    facts = [{"arm": "A", "kind": "mean", "mean": 1.9, "start": s, "end": s + 3, "sentence": (0, 61)},
             {"arm": None, "kind": "p_value", "start": p, "end": p + 4, "sentence": (0, 61)},
             {"arm": "A", "kind": "percent", "percent": 60.0, "start": h, "end": h + 3, "sentence": (62, len(text))}]
    found = [(v.code, v.facts) for v in consistency.check(facts, text) if v.code == "product_quantity"]
    assert found == [("product_quantity", (0,))]


def test_vocabulary_kinds_read_from_schemas():
    assert "cells" in not_result_terms("units:cells")
    assert "injected" in not_result_terms("verbs")
    with pytest.raises(KeyError):
        not_result_terms("units:nothing")


def test_cited_series_are_cited_work():
    text = "In published series, up to 40% of patients lose a limb. Our limb salvage was 80%."
    facts = [{"arm": "A", "kind": "percent", "percent": 40.0, "sentence": (0, 55)},
             {"arm": "A", "kind": "percent", "percent": 80.0, "sentence": (56, len(text))}]
    assert [v.facts for v in consistency.cited_results(facts, text)] == [(0,)]


def test_sample_and_clause_labels_are_no_arm_names():
    from stemfoot.extract.arms import _RX as ARMS
    from stemfoot.extract.stages import _RX as STAGES
    for label in ("matched cohort", "the propensity-matched cohort", "whole cohort", "unmatched population"):
        assert STAGES.SAMPLE_LABEL.match(label), label
    for label in ("study group", "cohort 2", "BMAC group", "treated cohort"):
        assert not STAGES.SAMPLE_LABEL.match(label), label
    assert ARMS.CLAUSE_LABEL.match("the most common were injection-site pain")
    for label in ("patients who were treated with BMAC", "BM-MNC group", "the control group that was given saline"):
        assert not ARMS.CLAUSE_LABEL.match(label), label


def test_a_sample_label_is_not_the_one_arm_and_a_cell_dose_is_unattributed():
    from stemfoot.extract.stages import attribution_stage, consistency_stage

    def st(frag: str, kind: str, **values) -> dict:
        return sentence_stat(text, frag, kind, **values)
    text = ("Methods: 132 patients were treated with intramuscular BMAC (n = 57) or conservatively. "
            "Results: In the matched cohort, amputation-free survival was 64.6% after BMAC. "
            "The mean number of injected cells was 1.9 × 10^9 in the BMAC patients.")
    arms = [{"label": "intramuscular BMAC", "role": "single", "n_patients": 57, "evidence": None}]
    stats = [st("64.6%", "percent", percent=64.6, arm="matched cohort"),
             st("1.9", "mean", mean=1.9, arm="intramuscular BMAC")]
    attribution_stage(text, arms, stats, design="non_randomized_controlled")
    assert stats[0]["arm"] is None and stats[0]["detail"]["label_not_an_arm"] == "matched cohort"
    assert stats[0]["target"] == "unattributed"
    kept = consistency_stage(text, arms, stats)
    dose = next(s for s in kept if s["kind"] == "mean")
    assert dose["target"] == "unattributed" and dose["arm"] is None and "product_quantity" in dose["flags"]
