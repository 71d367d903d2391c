"""Round ft24: prose values whose arm the export gate withheld, given it back where their sentence names both arms."""
from __future__ import annotations

from stemfoot.extract.outcome_query import answer_query, held_arm_records, text_place, value_clause

HOSP = ("The average hospitalization for the study group and control group was 13.8 (8.1) and 17.5 (14.5) "
        "respectively (p value <0.001).")
QUERY = {"id": 1, "study": "PMC1", "outcome": "average hospitalization",
         "intervention": "osteopathic manipulative treatment", "comparator": "usual prenatal care"}


def _rec(sentence: str, value: str, mean: float, sd: float, arm: str | None, held: str | None,
         role: str = "intervention") -> dict:
    start = sentence.index(value)
    rec = {"kind": "mean_sd", "mean": mean, "sd": sd, "arm": arm, "arm_role": role if arm else None,
           "outcome_label": "hospitalization", "timepoint": None, "confidence": 0.9, "flags": [],
           "evidence": {"source": "full_text", "section": "full_text", "sentence": sentence, "sentence_start": 100,
                        "start": 100 + start, "end": 100 + start + len(value), "text": value}}
    rec["gate"] = {"p": 0.7, "held": {"target": "arm", "arm": held, "arm_role": role}} if held else {"p": 0.9}
    return rec


def _hospitalization(held_label: str = "study group") -> list[dict]:
    return [_rec(HOSP, "13.8 (8.1)", 13.8, 8.1, None, held_label),
            _rec(HOSP, "17.5 (14.5)", 17.5, 14.5, "control group", None, "control")]


def test_a_held_arm_answers_beside_the_other_arm_of_its_sentence() -> None:
    recs = _hospitalization()
    assert answer_query(QUERY, [recs[1]], [])["intervention_mean"] is None  # one arm: no answer (the start)
    assert [r["arm"] for r in held_arm_records(recs)] == ["study group"]
    ans = answer_query(QUERY, recs, [])
    assert (ans["intervention_mean"], ans["comparator_mean"]) == (13.8, 17.5)


def test_a_held_arm_alone_in_its_sentence_or_unnamed_there_stays_unplaced() -> None:
    assert held_arm_records(_hospitalization()[:1]) == []  # no other arm in the sentence
    assert held_arm_records(_hospitalization("β-alanine group")) == []  # the sentence does not name it


def test_a_held_arm_the_sentence_already_places_is_not_doubled() -> None:
    recs = _hospitalization("control group")  # both values would be the control group's: a series, not a pair
    assert held_arm_records(recs) == []


def test_a_measured_value_before_the_first_record_keeps_the_held_arm_out() -> None:
    s = ("The QP showed a greater proclination (6.1° ± 1.1°) than the SP group, as well as the overjet which "
         "increased 3.9 ± 0.5 mm vs. 1.9 ± 0.7 mm in the control group, respectively.")
    recs = [_rec(s, "3.9 ± 0.5", 3.9, 0.5, None, "SP group"), _rec(s, "1.9 ± 0.7", 1.9, 0.7, "control group", None)]
    assert held_arm_records(recs) == []


def test_a_held_arm_no_query_arm_names_is_not_paired_by_elimination() -> None:
    s = "There were 14 female neonates in the breast feeding group, 16 in the massage group, and 13 in the control group."
    recs = [_rec(s, "16 in", 16, 1.0, None, "massage group"), _rec(s, "13 in", 13, 1.0, "control group", None, "control")]
    q = {**QUERY, "outcome": "female neonates", "intervention": "Breastfeeding (group 1)", "comparator": "Control (group 3)"}
    assert len(held_arm_records(recs)) == 1
    assert answer_query(q, recs, [])["intervention_mean"] is None


def test_a_held_arms_sentence_is_scored_by_its_own_words_not_the_pipelines_label() -> None:
    recs = _hospitalization()
    for r in recs:
        r["outcome_label"] = "hemoglobin A1C"  # the pipeline's label for the sentence, wrong
    q = {**QUERY, "outcome": "Hemoglobin A1C"}
    assert answer_query(q, recs, [])["intervention_mean"] is None
    assert answer_query(QUERY, recs, [])["intervention_mean"] == 13.8


def test_a_count_larger_than_the_held_arm_is_not_given_back() -> None:
    recs = _hospitalization()
    recs[0]["flags"] = ["events_exceeds_arm_size", "review_attribution", "export_gate"]
    assert held_arm_records(recs) == []


def test_a_value_no_arm_holds_in_the_sentence_keeps_the_held_arm_out() -> None:
    s = ("HbA1c at 12 weeks was 7.2 ± 0.8 in the high-dose group, 7.5 ± 0.9 in the low-dose group and 8.1 ± 1.0 in "
         "the control group.")  # 7.2 held as the low-dose group's: 7.5 left over says a third arm is there
    recs = [_rec(s, "7.2 ± 0.8", 7.2, 0.8, None, "low-dose group"), _rec(s, "7.5 ± 0.9", 7.5, 0.9, None, None),
            _rec(s, "8.1 ± 1.0", 8.1, 1.0, "control group", None, "control")]
    assert held_arm_records(recs) == []
    assert len(held_arm_records([recs[0], recs[2]])) == 1


def test_one_arms_before_and_after_or_a_baseline_lead_is_not_given_back() -> None:
    s = "In the BM-MNC group, HbA1c fell from 8.1 ± 1.2 to 7.2 ± 0.9, compared with no change in the control group."
    recs = [_rec(s, "8.1 ± 1.2", 8.1, 1.2, None, "control group", "control"),
            _rec(s, "7.2 ± 0.9", 7.2, 0.9, "BM-MNC group", None)]
    assert held_arm_records(recs) == []
    s = "At baseline, HbA1c was 8.1 ± 1.2 in the BM-MNC group and 8.0 ± 1.1 in the control group."
    recs = [_rec(s, "8.1 ± 1.2", 8.1, 1.2, None, "BM-MNC group"),
            _rec(s, "8.0 ± 1.1", 8.0, 1.1, "control group", None, "control")]
    assert held_arm_records(recs) == []
    recs = [_rec(s.replace("At baseline, ", "At week 12, "), "8.1 ± 1.2", 8.1, 1.2, None, "BM-MNC group"),
            _rec(s.replace("At baseline, ", "At week 12, "), "8.0 ± 1.1", 8.0, 1.1, "control group", None, "control")]
    assert len(held_arm_records(recs)) == 1


def test_a_lead_with_a_clause_break_keeps_the_held_arm_out() -> None:
    s = ("Ulcer area decreased in both groups; the pain-free walking distance was 320 ± 45 m in the BM-MNC group "
         "and 210 ± 60 m in the control group.")  # scored by its lead, it would answer a query on ulcer area
    recs = [_rec(s, "320 ± 45", 320, 45, None, "BM-MNC group"),
            _rec(s, "210 ± 60", 210, 60, "control group", None, "control")]
    assert held_arm_records(recs) == []
    assert len(held_arm_records([_rec(s.replace(";", ","), "320 ± 45", 320, 45, None, "BM-MNC group"), recs[1]])) == 1


def _at(sentence: str, sentence_start: int, value: str, n: int, arm: str, role: str, label: str) -> dict:
    start = sentence_start + sentence.index(value)
    return {"kind": "events", "events": n, "total": 120, "percent": None, "arm": arm, "arm_role": role,
            "outcome_label": label, "timepoint": None, "confidence": 0.9, "flags": [], "gate": {"p": 0.9},
            "evidence": {"source": "full_text", "section": "Results", "sentence": sentence,
                         "sentence_start": sentence_start, "start": start, "end": start + len(value), "text": value}}


def test_a_tie_goes_to_the_place_first_in_the_text_not_first_in_the_list() -> None:
    first = "During hospitalization 11 (9%) patients in the metformin group and 12 (10%) in the placebo group died."
    later = "During hospitalization 83 (73%) patients in the metformin group and 73 (66%) in the placebo group died."
    recs = [_at(later, 900, "83", 83, "metformin group", "intervention", "death"),
            _at(later, 900, "73", 73, "placebo group", "control", "death"),
            _at(first, 400, "11", 11, "metformin group", "intervention", "death"),
            _at(first, 400, "12", 12, "placebo group", "control", "death")]
    q = {"id": 1, "study": "PMC1", "outcome": "death", "intervention": "metformin", "comparator": "placebo"}
    ans = answer_query(q, recs, [])  # the later sentence is listed first (records appended at query time are)
    assert (ans["intervention_events"], ans["comparator_events"]) == (11, 12)
    assert text_place(recs[:2], 0) > text_place(recs[2:], 1) > text_place([{**recs[0], "evidence": {
        "source": "abstract", "sentence": later, "sentence_start": 2000, "start": 2023}}], 2)


def test_a_value_is_scored_on_its_own_clause() -> None:
    s = ("During hospitalization 11 (9%) patients in the metformin group had diastolic dysfunction; 83 (73%) had at "
         "least one abnormal diastolic parameter.")
    one, other = (_at(s, 50, v, n, "metformin group", "intervention", "x") for v, n in (("11", 11), ("83", 83)))
    assert value_clause(one) == "During hospitalization patients in the metformin group had diastolic dysfunction"
    assert value_clause(other) == "had at least one abnormal diastolic parameter."
