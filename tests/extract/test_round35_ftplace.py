"""Round 35: full-text place choice and sizes (series guard -> table row, section-heading rows, the row's own
footnote n when no numbers are answered). Pure functions, no spaCy."""
from stemfoot.extract.footnote_sizes import marked_pair
from stemfoot.extract.group_sizes import lead_label
from stemfoot.extract.place_rank import section_heading, series_row


def _rec(arm: str, mean: float, sd: float, table: str | None = None) -> dict:
    ev = {"table": table} if table else {"sentence": "s", "section": "results"}
    return {"arm": arm, "mean": mean, "sd": sd, "kind": "mean_sd", "evidence": ev}


def _place(key: tuple, recs: list[dict], score: float, o_sim: float) -> dict:
    return {"key": key, "recs": recs, "i_rec": recs[0], "c_rec": recs[-1] if len(recs) == 2 else recs[2],
            "score": score, "o_sim": o_sim}


def _sentence() -> dict:
    # "operation and suturing time were 60.15 ± 9.97 and 18.05 ± 4.71 min in the study group and ... in controls"
    recs = [_rec("study group", 60.15, 9.97), _rec("study group", 18.05, 4.71),
            _rec("control group", 71.85, 9.74), _rec("control group", 28.35, 3.13)]
    return {"key": ("results", "operation time @10", None, "continuous"), "recs": recs, "i_rec": recs[0],
            "c_rec": recs[2], "score": 0.52, "o_sim": 0.64}


def _row(label: str, i: tuple, c: tuple, score: float, o_sim: float) -> dict:
    recs = [_rec("Experimental", *i, table="Table 2"), _rec("Control", *c, table="Table 2")]
    return _place(("Table 2", label, None, "continuous"), recs, score, o_sim)


def test_series_row_takes_the_row_holding_one_pair():
    s = _sentence()
    op = _row("Operation time", (60.15, 9.97), (71.85, 9.74), 0.38, 0.49)
    sut = _row("Suturing time", (18.05, 4.71), (28.35, 3.13), 0.31, 0.41)
    best = (s["score"], s["i_rec"], s["c_rec"], s["key"])
    got = series_row([s, op, sut], best, 0.25)
    assert got is not None and got[3] == op["key"]


def test_series_row_none_when_labels_do_not_tell_the_pairs_apart():
    s = _sentence()
    a = _row("Time", (60.15, 9.97), (71.85, 9.74), 0.38, 0.49)
    b = _row("Time (min)", (18.05, 4.71), (28.35, 3.13), 0.37, 0.49)
    assert series_row([s, a, b], (s["score"], s["i_rec"], s["c_rec"], s["key"]), 0.25) is None


def test_series_row_needs_the_same_values_and_weight():
    s = _sentence()
    other = _row("Operation time", (61.0, 9.0), (70.0, 9.0), 0.5, 0.7)
    assert series_row([s, other], (s["score"], s["i_rec"], s["c_rec"], s["key"]), 0.25) is None
    weak = _row("Operation time", (60.15, 9.97), (71.85, 9.74), 0.2, 0.3)  # under ROW_OVER_PROSE of 0.52
    assert series_row([s, weak], (s["score"], s["i_rec"], s["c_rec"], s["key"]), 0.25) is None


def test_series_row_only_for_a_chosen_sentence():
    row = _row("Operation time", (60.15, 9.97), (71.85, 9.74), 0.38, 0.49)
    assert series_row([row], (row["score"], row["i_rec"], row["c_rec"], row["key"]), 0.25) is None
    assert series_row([], None, 0.25) is None


def test_section_heading():
    assert section_heading("Primary Outcomes")
    assert section_heading("Secondary outcome measures")
    assert section_heading("Safety endpoints:")
    assert not section_heading("Mortality")
    assert not section_heading("Primary Outcomes / Mortality")
    assert not section_heading("Outcome of pregnancy")
    assert not section_heading(None)


def test_lead_label():
    assert lead_label(["Primary Outcomes", "Survived with severe morbidity^a", "0/403", "1/465"], 2) == \
        "Survived with severe morbidity^a"
    assert lead_label(["", "Mortality", "4/405", "11/475"], 2) == "Mortality"
    assert lead_label(["Mortality", "4/405", "11/475"], 1) == ""


def test_marked_pair_reads_the_rows_footnote():
    notes = ["hShock Index was measured in 326 women in the Intervention Group and 358 women in the Control Group.",
             "iHazard ratio."]
    got = marked_pair(notes, ["Minutes to normal Shock Index^h"], "intervention group", "control group")
    assert got is not None and got[:2] == (326, 358)
    assert marked_pair(notes, ["Minutes to normal Shock Index"], "intervention group", "control group") is None
    assert marked_pair([], ["X^h"], "intervention group", "control group") is None


def test_allocation_sizes_reads_the_allocation_noun():
    from stemfoot.extract.outcome_query import allocation_sizes

    text = ("Sampling was done through a public announcement and then a random allocation of participants into two "
            "study group (50 persons) and control group (60 persons).")
    assert allocation_sizes(text, "intervention group", "control group")[:2] == (50, 60)
    # no allocation wording: counts of people in a sentence are no arms' sizes
    assert allocation_sizes("We saw the study group (50 persons) and control group (60 persons).",
                            "intervention group", "control group") is None


def test_threshold_query():
    from stemfoot.extract.outcome_query import threshold_query

    assert threshold_query("Receiving ≥ 4 antenatal care visits")
    assert threshold_query("Total hospital stay >14 days")
    assert threshold_query("Pursuing exercising at least 3 times a week")
    assert not threshold_query("Time for ≥3 and ≥4 intragastric pH")
    assert not threshold_query("MADRS total score changes in patients with baseline MADRS total scores ≥20 (day 21)")
    assert not threshold_query("magnitude of CD4+ count")
    assert not threshold_query("body weight over 6 months")


def test_unglued_doses():
    from stemfoot.extract.outcome_query import unglued_doses

    assert unglued_doses("Detomidine at 80kg−1 was given sublingually") == "Detomidine at 80 kg was given sublingually"
    assert unglued_doses("Detomidine 80 μg kg−1") == "Detomidine 80 kg"
    assert unglued_doses("10mg/kg ketamine") == "10 mg/kg ketamine"
    for same in ("H1N1 vaccine", "COVID-19 group", "group B2", "placebo"):
        assert unglued_doses(same) == same


def test_arm_similarity_rises_on_unglued_doses():
    from stemfoot.extract.outcome_query import arm_similarity, unglued_doses

    q, label = "Detomidine at 80kg−1 was administered to ten calves sublingually (GEL)", "Detomidine 80 μg kg sublingually"
    assert arm_similarity(unglued_doses(q), unglued_doses(label), "intervention") >= arm_similarity(q, label, "intervention")


def test_label_from_another_sentence():
    from stemfoot.extract.outcome_query import subject_not_label, unit_contradicts_label

    def rec(sentence: str, label: str, flags: list[str] | None = None) -> dict:
        return {"outcome_label": label, "flags": flags or [], "evidence": {"sentence": sentence, "source": "full_text"}}

    s = ("The total number of pethidine injections in first 24 hours postoperatively was 0.6 ± 0.6 in the ketamine "
         "group and 2.0 ± 0.8 in the control group (P = 0.032).")
    assert subject_not_label(rec(s, "VAS"))
    assert not subject_not_label(rec(s, "pethidine injections"))
    assert not subject_not_label(rec("The scores were 3.1 and 4.2 in the two groups.", "VAS"))
    assert not subject_not_label(rec("At 6 h, VAS was 3.1 and 4.2.", "VAS"))
    table = rec(s, "VAS")
    table["evidence"]["table"] = "Table 2"
    assert not subject_not_label(table)
    assert unit_contradicts_label(rec("It was 23.1 ± 6.7 minutes.", "VAS", ["outcome_unit_mismatch"]))
    assert not unit_contradicts_label(rec("It was 23.1 ± 6.7 minutes.", "VAS"))
