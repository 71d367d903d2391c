"""Participant flow and a factorial trial's pooled sides are no arm's outcome results (round 23, issue 11).

Pure functions of `extract/consistency.py`: no spaCy model is loaded."""
from __future__ import annotations

import pytest

from stemfoot.extract import consistency
from stemfoot.extract.consistency import participant_flow, pooled_side


def _flow(sentence: str, value: str) -> bool:
    start = sentence.index(value)
    return participant_flow(sentence, start, start + len(value), (0, len(sentence)))


@pytest.mark.parametrize("sentence, value", [
    # Uptake of the study's treatment (blind24, blind27) and its other wordings.
    ("Results: A total of 142 patients were enrolled, 74 in intervention clinics and 68 in usual-care clinics; "
     "49 of the 74 patients in intervention clinics received cell therapy.", "49 of the 74"),
    ("Only 118 of the 148 patients at cell therapy clinics actually received cells.", "118 of the 148"),
    ("Of 40 randomised patients, 38 received the allocated treatment.", "38"),
    ("Forty patients were randomised to the intervention and 38 to usual care.", "Forty"),
    ("In all, 31 of 36 limbs underwent cell transplantation.", "31 of 36"),
    ("Overall, 45 (94%) patients completed treatment.", "45"),
    # Disposition (round 6) and a bracket that splits a flow count by arm.
    ("Results: 38/40 completed 12 months (BMAC 19/20; sham 19/20).", "19/20"),
    ("Results: 38/40 completed 12 months (BMAC 19/20; sham 19/20).", "38/40"),
    ("Overall, 52 patients received cells (27 in the IM group and 25 in the IA group).", "27"),
])
def test_flow_counts_are_participant_flow(sentence, value):
    assert _flow(sentence, value)


@pytest.mark.parametrize("sentence, value", [
    # "Received" of an outcome, a rescue treatment or a repeat course: events, not uptake.
    ("Three of 20 patients received amputation of the forefoot.", "Three of 20"),
    ("Twelve of 20 patients received a second injection because of persistent ulceration.", "Twelve of 20"),
    ("Six patients underwent repeat cell therapy at 6 months.", "Six"),
    ("Of the 40 patients, 12 received rescue revascularisation.", "12"),
    ("Four of 20 patients in the cell group received antibiotics for wound infection.", "Four of 20"),
    ("3 of 20 patients underwent major amputation.", "3 of 20"),
    # The count of those who healed among the treated: the relative clause names who, the main verb what.
    ("12 of 20 patients who received cells healed.", "12 of 20"),
    ("12 patients in the cell group who received cells healed completely.", "12"),
    ("Healing occurred in 12 of 20 patients treated with cells.", "12 of 20"),
    ("Complete healing occurred in 12 of 20 patients who received cells and 6 of 20 controls.", "6 of 20"),
    # A bracket after an outcome count, not after a flow verb.
    ("Ulcers healed in 30 patients (cells 19/25; control 11/25).", "19/25"),
    # A bracket that splits an outcome worded with "underwent" / "received" (fixprec23: these were flow).
    ("Results: 5 patients underwent major amputation (BM-MNC 1/20; placebo 4/20).", "4/20"),
    ("7 patients underwent minor amputation (2 in the BM-MNC group and 5 in the placebo group).", "2"),
    ("6 patients received rescue revascularisation (BM-MNC 1/20 vs placebo 5/20).", "1/20"),
    # ... the bracket of the next clause, or of a count after a relative clause.
    ("All 40 patients received the allocated treatment, and ulcers healed in 19 patients (BM-MNC 13/20; placebo "
     "6/20).", "13/20"),
    ("Among 40 patients who received cells, healing occurred in 28 patients (BMAC 18/20; BM-MNC 10/20).", "18/20"),
    # A treatment for something else is a rescue or co-treatment, not the study's.
    ("At 6 months, 2 of 20 patients in the placebo group received treatment for wound infection.", "2 of 20"),
    ("1 of 20 BM-MNC patients underwent an intervention for worsening ischaemia.", "1 of 20"),
    ("6 patients received injections of antibiotics.", "6"),
])
def test_outcome_counts_are_not_flow(sentence, value):
    assert not _flow(sentence, value)


def test_a_span_that_runs_past_its_count_is_read_from_the_count():
    # An events reader's span can hold the verb (fixprec23: "40" was exported on an arm as healed).
    text = "Results: All 40 patients received the allocated treatment, and ulcers healed in 19 patients."
    span = "40 patients received the allocated treatment"
    start = text.index(span)
    assert participant_flow(text, start, start + len(span), (0, len(text)))
    # After the count and its outcome verb, a new clause's "they received cells" is no flow.
    text = "Results: 12 of 20 patients healed after they received cells."
    span = "12 of 20 patients healed"
    start = text.index(span)
    assert not participant_flow(text, start, start + len(span), (0, len(text)))


FACTORIAL = ("Methods: In a 2 × 2 factorial randomised trial, 96 patients were allocated to BM-MNC plus HBOT, "
             "BM-MNC alone, HBOT alone or standard care. ")


def _pooled(sentence: str, lead: str = FACTORIAL) -> bool:
    text = lead + sentence
    return pooled_side(text, (len(lead), len(text)))


@pytest.mark.parametrize("sentence", [
    "The main effect of HBOT was not significant (28/47 vs 23/49; P = 0.23).",
    "For the main effect of cell therapy, healing was 32/49 in patients allocated BM-MNC and 19/47 in those not "
    "allocated BM-MNC.",
    "HBOT had no significant effect: 50.0% with HBOT (Arms I and III) versus 37.5% without (Arms II and IV).",
    "Healing was 60.0% with PRP vs without PRP 45.0%.",
])
def test_a_factorials_pooled_sides(sentence):
    assert _pooled(sentence)


def _pooled_value(sentence: str, value: str, lead: str = FACTORIAL) -> bool:
    text = lead + sentence
    start = text.index(value, len(lead))
    return pooled_side(text, (len(lead), len(text)), start, start + len(value))


def test_a_pooled_side_is_read_in_the_values_clause():
    # The cells' clause keeps its values; the main effect is another clause's (fixprec23: all four were pooled).
    cells = ("Healing at 12 weeks was 17/24 with BM-MNC plus HBOT, 15/25 with BM-MNC alone, 11/23 with HBOT alone and "
             "8/24 with standard care; the main effect of BM-MNC was significant (P = 0.03).")
    assert not any(_pooled_value(cells, v) for v in ("17/24", "8/24"))
    # A ";" inside the bracket splits no clause: both sides stay pooled.
    sides = "The main effect of HBOT was not significant (HBOT 28/47; no HBOT 23/49)."
    assert all(_pooled_value(sides, v) for v in ("28/47", "23/49"))


@pytest.mark.parametrize("sentence, lead", [
    # The cells of a factorial trial keep their values.
    ("Healing at 16 weeks was 17/24 with BM-MNC plus HBOT, 15/25 with BM-MNC alone, 11/23 with HBOT alone and "
     "8/24 with standard care.", FACTORIAL),
    ("Ulcers healed without amputation in 15 of 24 patients of the BM-MNC plus HBOT group.", FACTORIAL),
    # Outside a factorial trial the words say nothing of pooled sides.
    ("The main effect on healing was seen at 12 weeks (17/24 vs 8/24).",
     "Methods: Patients were randomised to BM-MNC or standard care. "),
])
def test_cells_and_other_designs_are_not_pooled_sides(sentence, lead):
    assert not _pooled(sentence, lead)


def test_check_unplaces_flow_and_pooled_sides_but_not_effects():
    text = FACTORIAL + ("Results: 49 of the 96 patients received cells. The main effect of HBOT was not significant "
                        "(28/47 vs 23/49; RR 1.2, 95% CI 0.8-1.8).")
    sent = (len(FACTORIAL), len(text))

    def fact(value: str, kind: str) -> dict:
        s = text.index(value)
        return {"arm": "BM-MNC plus HBOT", "outcome": "ulcer_healing", "kind": kind, "start": s,
                "end": s + len(value), "sentence": sent}
    facts = [fact("49 of the 96", "events"), fact("28/47", "events"), fact("RR 1.2, 95% CI 0.8-1.8", "effect")]
    codes = {(v.code, v.facts) for v in consistency.check(facts, text)}
    assert ("disposition_count", (0,)) in codes
    assert ("pooled_side", (1,)) in codes
    assert not any(i == (2,) for _, i in codes)


def test_the_pipeline_keeps_flow_and_pooled_sides_off_the_arms_but_not_the_sizes_or_cells():
    """Whole extraction (loads spaCy): the uptake count leaves the cluster arm its size, a factorial's cells keep
    their values, its main-effect sides go to the pooled groupings of their factor (round 34), not to a cell; an
    outcome worded with "received" stays an outcome."""
    from stemfoot.extract.run import extract_records

    texts = [
        "Methods: In a cluster-randomised trial, 12 clinics were randomised to cell therapy or usual care. Results: 80 "
        "patients were enrolled, 40 in cell therapy clinics and 40 in usual-care clinics; 31 of the 40 patients in cell "
        "therapy clinics received cells. Healing at 16 weeks was 22/40 in cell therapy clinics and 14/40 in usual-care "
        "clinics. Three of 40 patients in usual-care clinics received amputation.",
        "Methods: In a 2 x 2 factorial randomised trial, 80 patients were allocated to ADSC plus PRP, ADSC alone, PRP "
        "alone or standard care (20 each). Results: Healing at 12 weeks was 15/20, 12/20, 9/20 and 6/20, respectively. "
        "The main effect of PRP was not significant (24/40 vs 18/40; P = 0.17).",
    ]
    cluster, factorial = extract_records(((None, t) for t in texts), pico=False)

    def placed(record: dict) -> dict[str, tuple]:
        return {st["evidence"]["text"]: (st.get("target"), st.get("arm"), st.get("flags"))
                for st in record["statistics"] if st["kind"] == "events"}
    got = placed(cluster)
    assert got["31 of the 40"][:2] == ("unattributed", None) and "disposition_count" in got["31 of the 40"][2]
    assert got["22/40"][:2] == ("arm", "cell therapy clinics")
    assert got["Three of 40"][:2] == ("arm", "usual-care clinics")
    assert {a["label"]: a.get("n_patients") for a in cluster["arms"]} == {"cell therapy clinics": 40,
                                                                         "usual-care clinics": 40}
    got = placed(factorial)
    assert [got[v][:2] for v in ("15/20", "6/20")] == [("arm", "ADSC plus PRP"), ("arm", "standard care")]
    # Round 34 (factor_sides): the main-effect sides go to the groupings of the arms with and without PRP (or, where
    # the export gate withholds one, to review), never to one cell.
    groupings = {a["label"]: a["members"] for a in factorial["arms"] if a.get("members")}
    sides = {st["evidence"]["text"]: st for st in factorial["statistics"] if st["evidence"]["text"] in ("24/40", "18/40")}
    for value, members in (("24/40", ["ADSC plus PRP", "PRP alone"]), ("18/40", ["ADSC alone", "standard care"])):
        st = sides[value]
        assert "pooled_side" in st["flags"] and st["detail"]["factor_side"]["members"] == members
        assert (st["target"], groupings.get(st["arm"])) == ("arm", members) or (
            st["target"] == "unattributed" and st["arm"] is None and "export_gate" in st["flags"])
