"""Round 32, full-text arm inventory: dash-spelled prefixes, dose codes, allocation lists, junk arms, unlabelled
prose places and unarmed values by elimination."""
from __future__ import annotations

from stemfoot.extract import outcome_query
from stemfoot.extract.outcome_query import answer_query, arm_aliases, arm_similarity, unlabelled_prose


def test_dash_spelled_prefixed_abbreviations():
    assert "Bi-TENS" in arm_aliases("bilateral TENS plus task-related training")
    bi, uni = "Bi\u2010TENS", "Uni\u2011TENS"  # U+2010 / U+2011 hyphens of the article
    assert arm_similarity("bilateral TENS plus TRT", bi, "intervention") >= 0.85
    assert arm_similarity("unilateral TENS plus TRT", uni, "comparator") >= 0.85
    assert arm_similarity("unilateral TENS plus TRT", bi, "comparator") < 0.5


def _prose(arm: str, events: int, total: int, sentence: str, label: str | None = None) -> dict:
    return {"kind": "events", "arm": arm, "events": events, "total": total, "outcome_label": label,
            "evidence": {"sentence": sentence, "sentence_start": 0, "start": 0, "end": 5, "section": "Results"}}


def test_an_unlabelled_prose_place_is_scored_on_its_sentence(monkeypatch):
    s = ("Six out of 95 patients developed acute kidney injury in the goal-directed group whereas 7/92 patients "
         "developed it in the control group.")
    # four values (counts and percents) of one sentence with no outcome label: not a two-value sentence
    recs = [_prose("goal-directed group", 6, 95, s), _prose("control group", 7, 92, s),
            {**_prose("goal-directed group", 6, 95, s), "kind": "percent", "percent": 6.3},
            {**_prose("control group", 7, 92, s), "kind": "percent", "percent": 7.6}]
    assert unlabelled_prose(recs[0]) and not unlabelled_prose(_prose("x", 1, 2, s, "AKI"))
    q = {"outcome": "acute kidney injury", "intervention": "goal-directed therapy", "comparator": "control"}
    monkeypatch.setattr(outcome_query, "_learned", lambda *a: [0.7] * len(a[3]))
    got = answer_query(q, recs)
    assert (got["intervention_events"], got["comparator_events"]) == (6, 7)
    # the learned matcher says the sentence does not report the outcome: no answer (null beats a guess)
    monkeypatch.setattr(outcome_query, "_learned", lambda *a: [0.15] * len(a[3]))
    assert answer_query(q, recs)["intervention_events"] is None
    # another outcome's sentence: its words do not name the query's outcome
    monkeypatch.setattr(outcome_query, "_learned", lambda *a: [0.7] * len(a[3]))
    assert answer_query({**q, "outcome": "length of hospital stay"}, recs)["intervention_events"] is None


def test_allocation_lists_give_each_listed_arm_its_size():
    from stemfoot.extract.group_sizes import bracket_size, listed_arms, listed_pair

    s = ("Patients were randomized (Cal/BD aerosol foam, n = 141; Cal/BD ointment, n = 135; aerosol foam vehicle, "
         "n = 49; ointment vehicle, n = 51).")
    assert listed_pair(f"Methods. {s} Next.", "Cal/BD aerosol foam", "Cal/BD ointment") == (141, 135)
    # the list's last n is its last item's, not an arm's whose word that item shares ("ointment vehicle")
    assert bracket_size(s, "Cal/BD ointment", "Cal/BD aerosol foam") is None
    s = ("Participants were randomly assigned to placebo (n = 15), VSL#3 capsules (n = 15), omega-3 fatty acid "
         "capsules (n = 16), or both (n = 14).")
    assert listed_pair(s, "omega-3 fatty acid", "placebo") == (16, 15)
    assert listed_pair("The 52 participants were randomly divided into two groups of test (26) and control (25).",
                       "religious programs", "control") == (26, 25)
    s = "Patients were randomised to mantle radiotherapy alone (55) or mantle radiotherapy followed by MVPP (59)."
    assert listed_pair(s, "mantle radiotherapy followed by MVPP", "mantle radiotherapy alone") == (59, 55)
    # citations, shares and measures are no sizes; one item is no list
    assert listed_arms("Patients were randomized as described previously (12) and (14).") == []
    assert listed_arms("Patients were randomized to drug A (45%) or drug B (55%).") == []
    assert listed_arms("Patients were randomized to placebo (n = 40).") == []
    assert listed_arms("Each arm was randomized to a drug subgroup (n = 35) and a placebo subgroup (n = 35).") == []
    assert listed_arms("A sample size of 30 per group (n = 30) and drug (n = 30) was planned to be randomized.") == []
    # arms that fit no item clearly: no pair (null beats a guess)
    assert listed_pair("Patients were randomized to low dose (n = 20), medium dose (n = 21) or high dose (n = 22).",
                       "vitamin D", "placebo") is None


def test_dose_codes_name_the_arm_of_their_dose():
    from stemfoot.extract.outcome_query import dose_code

    assert dose_code("epinephrine 5 μg", "E5") and dose_code("Epinephrine 10 µg in lidocaine", "Group E10")
    assert not dose_code("epinephrine 5 μg", "E10") and not dose_code("group 1 drug", "G1")
    assert not dose_code("saline", "S5") and not dose_code("epinephrine 5 μg", "L5")
    assert arm_similarity("epinephrine 10 μg", "group E10", "intervention") >= 0.85
    assert arm_similarity("epinephrine 5 μg", "group E10", "comparator") < 0.5


def test_junk_arms_of_results_prose_are_dropped_and_their_values_unarmed():
    from stemfoot.extract.fulltext import fulltext_statistics, junk_arm

    for label in ("study groups", "CI", "usual", "Results\n\nOf the total sample", "Both groups", ""):
        assert junk_arm(label), label
    for label in ("Treatment group", "control group", "placebo", "HAS", "Group A"):
        assert not junk_arm(label), label
    text = "The CI was 1.2 in the placebo group."
    ev = {"start": 4, "end": 6, "sentence_start": 0, "sentence_end": len(text), "text": "1.2"}
    piece = {"arms": [{"label": "CI", "role": None, "evidence": dict(ev)},
                      {"label": "placebo group", "role": "control", "evidence": dict(ev)}],
             "statistics": [{"kind": "mean", "mean": 1.2, "arm": "CI", "evidence": dict(ev)},
                            {"kind": "mean", "mean": 1.3, "arm": "placebo group", "evidence": dict(ev)}]}
    article = {"full_text": text, "tables": []}
    stats, arms = fulltext_statistics(article, {"arms": []}, [piece], [(text, 0, "Results")])
    assert [a["label"] for a in arms] == ["placebo group"]
    assert [s["arm"] for s in stats] == [None, "placebo group"]


def test_a_sentence_s_unarmed_value_takes_the_arm_its_other_value_leaves(monkeypatch):
    from stemfoot.extract.outcome_query import unarmed_by_elimination

    s = ("Six out of 95 patients developed acute kidney injury in the haemodynamic therapy group whereas 7/92 "
         "patients developed it in the control group.")
    recs = [_prose(None, 6, 95, s), _prose("control group", 7, 92, s)]
    got = unarmed_by_elimination(recs, "haemodynamic therapy", "control")
    assert [(r["arm"], r["events"], r["flags"]) for r in got] == [("haemodynamic therapy", 6, ["arm_by_elimination"])]
    assert recs[0]["arm"] is None  # the records themselves are unchanged
    # the other arm not named in the sentence, or the armed value's arm not clearly one query arm: nothing
    assert unarmed_by_elimination(recs, "goal-directed therapy", "control") == []
    assert unarmed_by_elimination(recs, "haemodynamic therapy", "protocolized care") == []
    # three values in the sentence: which is whose is not for elimination to say (nor a value of another kind)
    assert unarmed_by_elimination(recs + [_prose("control group", 1, 92, s)], "haemodynamic therapy", "control") == []
    monkeypatch.setattr(outcome_query, "_learned", lambda *a: [0.7] * len(a[3]))
    q = {"outcome": "acute kidney injury", "intervention": "haemodynamic therapy", "comparator": "control"}
    got = answer_query(q, recs)
    assert (got["intervention_events"], got["intervention_group_size"], got["comparator_events"]) == (6, 95, 7)


def test_no_elimination_in_a_sentence_of_several_outcomes():
    from stemfoot.extract.outcome_query import unarmed_by_elimination

    s = "No differences in insertion time (LM, 7.58 ± 1.16 s vs ETI 7.89 ± 1.52 s) or adverse events (LM 3 vs ETI 4)."
    mean = lambda arm, m: {**_prose(arm, 0, 0, s), "kind": "mean_sd", "mean": m, "sd": 1.0, "events": None}  # noqa: E731
    recs = [mean("LM", 7.58), mean(None, 7.89), _prose("LM", 3, 36, s), _prose("ETI", 4, 32, s)]
    assert unarmed_by_elimination(recs, "laryngeal mask (LM)", "endotracheal intubation (ETI)") == []


def test_no_elimination_for_a_value_the_pipeline_withheld():
    from stemfoot.extract.outcome_query import unarmed_by_elimination

    s = "Support was used by 1302 of 2604 of the txt2stop group versus 1269 of 2587 of the control group."
    loose = {**_prose(None, 1269, 2587, s), "flags": ["export_gate"]}
    assert unarmed_by_elimination([_prose("txt2stop group", 1302, 2604, s), loose], "txt2stop", "control") == []
