"""General full-text mechanisms, without spaCy: tag repair, cell shapes, group sizes from text, sentence leads."""
from __future__ import annotations

from stemfoot.corpus.jats import balance_tags
from stemfoot.extract.fulltext import derive_values
from stemfoot.extract.outcome_query import answer_query, text_arm_sizes
from stemfoot.extract.tables import parse_cell


def test_balance_tags_drops_stray_end_tags_and_closes_open_ones():
    assert balance_tags(b"<a><sec><p>x</p></sec></sec></a>") == b"<a><sec><p>x</p></sec></a>"
    assert balance_tags(b"<a><p>x<b>y</a>") == b"<a><p>x<b>y</b></p></a>"
    assert balance_tags(b"<a><br/><!-- </a> --></a>") == b"<a><br/><!-- </a> --></a>"


def test_mean_sd_with_interval_cell():
    assert parse_cell("21 ± 8.9 (17.7-24.4)^a") == ("pm_range", {"a": 21.0, "b": 8.9, "c": 17.7, "d": 24.4})
    assert parse_cell("3.1 (2.0–4.5)")[0] == "paren_range"  # no ±: still a median/CI shape


def test_group_sizes_from_text():
    text = ("67 patients were randomly assigned to the propofol group, and 68 were assigned to the combination "
            "group. There were 39 patients with LDs and 38 with SDs. Type 2 diabetes compared with controls. "
            "The placebo group (n = 42) did not differ. At 12 weeks in the placebo group nothing changed.")
    assert text_arm_sizes(text, "the propofol group") == [67]
    assert text_arm_sizes(text, "the combination group (propofol plus midazolam)") == [68]
    assert text_arm_sizes(text, "Large drain") == [39]
    assert text_arm_sizes(text, "controls") == []  # "2 diabetes compared with controls" is not a size
    assert text_arm_sizes(text, "placebo") == [42]  # "12 weeks in the placebo group" is not a size


def _prose(arm: str, mean: float, sd: float, start: int, sentence: str, s_start: int) -> dict:
    return {"kind": "mean_sd", "arm": arm, "outcome_label": "age", "timepoint": None, "mean": mean, "sd": sd,
            "total": None, "evidence": {"section": "Results", "sentence": sentence, "sentence_start": s_start,
                                        "start": start, "end": start + 4, "text": str(mean)}}


def test_prose_values_are_matched_by_their_sentence_and_sizes_come_from_text():
    s1 = "The average specimen size was 34.74±13.65 mm in the propofol group and 42.74±16.86 mm in the combination group."
    s2 = "Mean age was 55.1±3.2 years in the propofol group and 56.0±4.1 years in the combination group."
    base2 = len(s1) + 1
    cands = [_prose("propofol group", 34.74, 13.65, 30, s1, 0), _prose("combination group", 42.74, 16.86, 67, s1, 0),
             _prose("propofol group", 55.1, 3.2, base2 + 13, s2, base2),
             _prose("combination group", 56.0, 4.1, base2 + 50, s2, base2)]
    text = "67 patients were assigned to the propofol group and 68 were assigned to the combination group."
    q = {"id": 1, "study": "PMC1", "outcome": "The average specimen size", "intervention": "the propofol group",
         "comparator": "the combination group (propofol plus midazolam)"}
    a = answer_query(q, cands, [], text=text)
    assert (a["intervention_mean"], a["intervention_sd"], a["comparator_mean"], a["comparator_sd"]) == (
        34.74, 13.65, 42.74, 16.86)
    assert (a["intervention_group_size"], a["comparator_group_size"]) == (67, 68)
    assert answer_query({**q, "outcome": "quality of life"}, cands, [], text=text)["intervention_mean"] is None


def test_derived_values_name_their_formula():
    st = {"kind": "mean", "mean": 5.0, "sd": None, "se": 0.5, "total": 16, "flags": []}
    derive_values(st)
    assert st["sd"] == 2.0 and st["derived"] == {"sd": "SE 0.5 × √16"} and "derived" in st["flags"]
    st = {"kind": "percent", "percent": 40.0, "events": None, "total": None, "arm_n": 25, "flags": []}
    derive_values(st)
    assert (st["events"], st["total"], st["derived"]) == (10, 25, {"events": "round(40% × 25)"})
    st = {"kind": "percent", "percent": 40.0, "events": None, "total": None, "flags": []}
    derive_values(st)
    assert st["events"] is None and st["derived"] == {}  # no group size: nothing derived


def test_an_arm_named_again_in_another_case_is_one_arm():
    # The abstract names "Group I"; the results piece, read on its own, names "group I" and "the group II":
    # one arm each, and the piece's values move to the label first seen.
    from stemfoot.extract.fulltext import fulltext_statistics
    full = "Hysterectomy in 4 of group I and 12 of the group II."
    ev = {"start": 16, "end": 17, "sentence_start": 0, "sentence_end": len(full)}
    abstract = {"arms": [{"label": "Group I", "role": "intervention", "evidence": dict(ev)}]}
    piece = {"arms": [{"label": "group I", "role": "active_comparator", "evidence": dict(ev)},
                      {"label": "the group II", "role": "control", "evidence": dict(ev)}],
             "statistics": [{"arm": "group I", "arm_role": "active_comparator", "events": 4, "evidence": dict(ev)},
                            {"arm": "the group II", "arm_role": "control", "events": 12, "evidence": dict(ev)}]}
    stats, new_arms = fulltext_statistics({"full_text": full, "tables": []}, abstract, [piece], [(full, 0, "Results")])
    assert [a["label"] for a in new_arms] == ["the group II"]
    assert [(s["arm"], s["arm_role"], s["events"]) for s in stats] == [
        ("Group I", "intervention", 4), ("the group II", "control", 12)]
