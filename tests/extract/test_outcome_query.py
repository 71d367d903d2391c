"""Answering outcome-data queries from table candidates (no spaCy)."""
from __future__ import annotations

from pathlib import Path

from stemfoot.corpus.jats import build_table, parse_jats, wrap_fragment
from stemfoot.extract import place_rank
from stemfoot.extract.fulltext import article_candidates
from stemfoot.extract.outcome_query import answer_query, arm_aliases, arm_similarity, names_denied, outcome_similarity
from stemfoot.extract.tables import table_statistics

DATA = Path(__file__).parent.parent / "data" / "fulltext"


def _cands(name: str, fragment: bool = False) -> list[dict]:
    data = (DATA / name).read_bytes()
    if fragment:
        data = wrap_fragment(data, name.split(".")[0])
    return article_candidates(parse_jats(data, name)[0])[0]


def test_arm_matching():
    assert "WGJ" in arm_aliases("White Grape Juice (WGJ)")
    assert arm_similarity("White Grape Juice (WGJ)", "White Grape Juice", "intervention") >= 0.85
    assert arm_similarity("phase I externship program", "EP group (n=19)", "intervention") >= 0.9
    assert arm_similarity("placebo", "Placebo (n = 42)", "comparator") == 1.0
    assert arm_similarity("treatment as usual (TAU)", "TAU", "comparator") >= 0.9
    assert arm_similarity("2400 mg", "Drug 1200 mg", "intervention") < 0.5
    assert arm_similarity("eptifibatide", "Placebo", "intervention") < 0.3


def test_outcome_matching():
    assert outcome_similarity("Scores of intrinsic motivation", ["Intrinsic Motivation"]) > 0.6
    assert outcome_similarity("Treatment-emergent adverse events (TEAEs)", ["Any TEAE"]) > 0.4
    assert outcome_similarity("Body mass index", ["Hemoglobin (g/dl)"]) < 0.2
    # A qualifier after a spaced dash names the population, not the outcome: "operative time - conventional TKA".
    q = "operative time - conventional total knee arthroplasty (TKA)"
    assert outcome_similarity(q, ["Operating time (min)"]) > 0.45 > outcome_similarity(q, ["Length of incision (cm)"])


def test_continuous_answer_from_table_with_provenance():
    q = {"id": 5, "study": "PMC1216327", "outcome": "The fecal losses", "intervention": "White Grape Juice (WGJ)",
         "comparator": "colored and flavored water (WA)"}
    ans = answer_query(q, _cands("PMC1216327.nxml"))
    assert ans["outcome_type"] == "continuous"
    assert (ans["intervention_mean"], ans["intervention_sd"], ans["comparator_mean"], ans["comparator_sd"]) == (
        3.59, 2.35, 2.19, 1.63)
    assert (ans["intervention_group_size"], ans["comparator_group_size"]) == (30, 30)
    assert ans["evidence"][0]["table"] == "Table 6" and ans["evidence"][0]["text"] == "3.59"


def test_binary_answer_uses_the_queried_time_point():
    q = {"id": 192, "study": "PMC5244530", "outcome": "continued antidepressants until the 6-month",
         "intervention": "person-centred general practitioner", "comparator": "treatment as usual (TAU)"}
    ans = answer_query(q, _cands("PMC5244530.nxml"))
    assert ans["outcome_type"] == "binary"
    assert (ans["intervention_events"], ans["intervention_group_size"], ans["comparator_events"],
            ans["comparator_group_size"]) == (86, 125, 78, 133)


def test_two_arm_cells_in_the_fragment_form():
    q = {"id": 234, "study": "PMC5498715", "outcome": "Scores of intrinsic motivation",
         "intervention": "Motivational interviewing sessions", "comparator": "Standard education session"}
    ans = answer_query(q, _cands("PMC5498715.xml", fragment=True))
    # Post-test values, not the pre-test ones.
    assert (ans["intervention_mean"], ans["intervention_sd"], ans["comparator_mean"], ans["comparator_sd"]) == (
        10.8, 2.0, 4.9, 1.88)


def test_unmatched_outcome_gives_nulls():
    q = {"id": 1, "study": "x", "outcome": "Death or myocardial infarction", "intervention": "eptifibatide",
         "comparator": "placebo"}
    ans = answer_query(q, _cands("PMC1216327.nxml"))
    assert ans["outcome_type"] is None and ans["intervention_events"] is None and ans["intervention_mean"] is None
    assert ans["evidence"] == []


def test_percent_only_cells_derive_events_with_formula():
    header = [["", "Drug (n = 50)", "Placebo (n = 40)"]]
    table = build_table("T2", "Response", [], header, [["Response rate, %", "40.0", "25.0"]])
    cands = table_statistics(table)
    q = {"id": 1, "study": "s", "outcome": "response rate", "intervention": "Drug", "comparator": "Placebo"}
    ans = answer_query(q, cands)
    assert ans["outcome_type"] == "binary"
    assert (ans["intervention_events"], ans["comparator_events"]) == (20, 10)
    assert ans["derived"]["intervention_events"] == "round(40% × 50)"


# --- group sizes from the sentence that allocates patients ------------------------------------------------------

def test_allocation_sizes_order_of_mention():
    from stemfoot.extract.outcome_query import allocation_sizes
    text = ("A total of 105 PCNL patients were randomized into two groups, 53 patients receiving peritubal "
            "analgesic infiltration (study group) and 52 patients as the control group.")
    assert allocation_sizes(text, "peritubal analgesic infiltration", "control")[:2] == (53, 52)
    # the same sentence asked the other way round
    assert allocation_sizes(text, "control", "peritubal analgesic infiltration")[:2] == (52, 53)


def test_allocation_sizes_group_codes_in_the_next_sentence():
    from stemfoot.extract.outcome_query import allocation_sizes
    text = ("124 adult patients were enrolled and divided into two equal groups A and B. Group A (N=62) patients "
            "were submitted to conventional hydrocelectomy while group B patients (N=48) had the new technique.")
    got = allocation_sizes(text, "Group A patients - conventional hydrocelectomy", "group B - the new technique")
    assert got[:2] == (62, 48)


def test_allocation_sizes_total_then_groups_and_refusals():
    from stemfoot.extract.outcome_query import allocation_sizes
    text = ("200 patients were screened, and 100 patients were randomly assigned to treatment either with the "
            "short regimen (50 patients) or with the long regimen (50 patients).")
    assert allocation_sizes(text, "short regimen", "long regimen")[:2] == (50, 50)
    # unequal counts whose arms the sentence does not name: no pairing (null beats a guess)
    assert allocation_sizes("Patients were randomized: 40 patients and 35 patients.", "drug X", "drug Y") is None
    # counts and names do not alternate
    assert allocation_sizes("Drug X and drug Y were randomly assigned to 40 patients and 35 patients.",
                            "drug X", "drug Y") is None
    # no allocation word: not a group-size sentence
    assert allocation_sizes("Drug X (n = 40) and drug Y (n = 35) were compared.", "drug X", "drug Y") is None


def test_subgroup_column_sizes_are_not_arm_sizes():
    from stemfoot.extract.outcome_query import arm_sizes
    recs = [{"arm": "Placebo", "arm_n": 42, "outcome_label": "Any TEAE [Children]"},
            {"arm": "Placebo", "arm_n": 112, "outcome_label": "Any TEAE [Overall]"},
            {"arm": "Placebo", "arm_n": 112, "outcome_label": "Headache"}]
    assert arm_sizes(recs, []) == [("Placebo", 112), ("Placebo", 112)]


def test_the_articles_own_acronyms_beat_a_guess_from_query_initials():
    from stemfoot.extract.outcome_query import article_acronyms, expand_acronyms

    text = "Tumour response was complete response (CR) or partial response (PR); hand-foot syndrome (HFS) was graded."
    defined = article_acronyms(text)
    assert defined == {"CR": "complete response", "PR": "partial response", "HFS": "hand foot syndrome"}
    assert expand_acronyms("CR", "Clinical response rates at 14 weeks") == "Clinical response"  # the guess
    assert expand_acronyms("CR", "Clinical response rates at 14 weeks", defined) == "complete response"
    assert article_acronyms("patients (n = 40) in the study (P < 0.05)") == {}


def test_arm_sizes_stated_only_in_tables_answer_the_group_sizes():
    from stemfoot.extract.outcome_query import answer_query

    q = {"id": 1, "study": "PMC1", "outcome": "hemoglobin", "intervention": "Heme Iron Polypeptide (HIP) orally",
         "comparator": "IV iron sucrose 200 mg monthly"}
    arms = [{"label": "HIP group", "n_patients": 4}]  # "4 patients in oral HIP group withdrew": no arm size
    sizes = [("HIP", 18, "Table 1 row Number of patients (Randomized)"), ("IV sucrose", 22, "Table 1 row"),
             ("HIP", 18, "Table 4 header")]
    got = answer_query(q, [], arms, table_sizes=sizes)
    assert (got["intervention_group_size"], got["comparator_group_size"]) == (18, 22)
    assert got["intervention_mean"] is None and got["outcome_type"] is None


def test_the_texts_pair_of_sizes_beats_a_lone_or_total_size():
    from stemfoot.extract.outcome_query import answer_query

    q = {"id": 1, "study": "PMC1", "outcome": "blood loss", "intervention": "Large drain (LD)",
         "comparator": "Small drain (SD)"}
    text = ("Results. There were 39 cases in the LD group and 38 in the SD group. Sex (male/female) was 13/26 and "
            "12/26. There were 39 patients with LDs and 38 with SDs.")
    lone = [{"label": "LD group", "n_patients": 26}]  # "13/26" read as one arm's n, the other arm has none
    got = answer_query(q, [], lone, text=text)
    assert (got["intervention_group_size"], got["comparator_group_size"]) == (39, 38)
    total = [{"label": "LD group", "n_patients": 39}, {"label": "SD group", "n_patients": 77}]  # both arms' total
    got = answer_query(q, [], total, text=text)
    assert (got["intervention_group_size"], got["comparator_group_size"]) == (39, 38)


def test_values_under_a_pre_treatment_heading_are_baseline():
    from stemfoot.extract.outcome_query import pre_heading

    assert pre_heading("Screening (Visit 1) / FVC (L)")
    assert pre_heading("Preoperative / Heart rate (beats/min)")
    assert pre_heading("Preprocedure, mean ± SD: / Pulse, beats/min")
    assert not pre_heading("Postprocedure, mean ± SD: / Mean pain score (VAS)")
    assert not pre_heading("Heart rate (beats/min)")  # no heading: nothing said
    assert not pre_heading("Baseline / Heart rate", "week 12")  # a later time point in its column wins


def test_number_words_and_ordinals_are_digits():
    from stemfoot.extract.outcome_query import tokens

    assert tokens("Pain on day two") == tokens("pain on day 2") == ["pain", "day", "2"]
    assert tokens("Second day") == ["2", "day"] and tokens("2nd day") == ["2", "day"]
    assert outcome_similarity("Pain on day two after surgery", ["Second day"]) > \
        outcome_similarity("Pain on day two after surgery", ["First day"])


def test_bare_percent_in_prose_gives_no_count_and_leaves_the_table_row():
    from stemfoot.extract.outcome_query import answer_query

    prose = [{"kind": "percent", "arm": a, "percent": p, "outcome_label": "closure rate",
              "evidence": {"section": "Results", "start": i, "end": i + 4, "sentence": "closure rate 100% vs 55.5%",
                           "sentence_start": 0}} for i, (a, p) in enumerate((("flap", 100.0), ("peeling", 55.5)))]
    table = [{"kind": "events", "arm": a, "events": e, "total": n, "outcome_label": "Primary closure rate",
              "evidence": {"table": "Table 3", "row_header": "Primary closure rate", "cell": f"{e}/{n}"}}
             for a, e, n in (("flap", 6, 6), ("peeling", 5, 9))]
    q = {"id": 1, "outcome": "closure rate", "intervention": "flap", "comparator": "peeling"}
    ans = answer_query(q, prose + table)
    assert (ans["intervention_events"], ans["comparator_events"]) == (6, 5)
    assert answer_query(q, prose)["intervention_events"] is None  # no n said: no count derived


def test_time_mentions_spellings_match():
    from stemfoot.extract.outcome_query import time_mentions

    assert (12.0, "month") in time_mentions("pain-related disability at 12 mo")
    assert time_mentions("at 12 mo") & time_mentions("12 months")
    assert time_mentions("flexion at 1 year") & time_mentions("12-month follow-up")
    assert time_mentions("3 months") & time_mentions("3 mo")
    assert not time_mentions("at 12 mo") & time_mentions("6 mo")
    assert time_mentions("Week 12 visit") == frozenset()  # the unit before the number is a visit's name
    assert time_mentions("after six weeks") == {(6.0, "week")}
    assert not time_mentions("12 mg/kg")


def _timed(arm: str, label: str, tp: str | None, mean: float, row: int) -> dict:
    return {"kind": "mean_sd", "arm": arm, "outcome_label": label, "timepoint": tp, "mean": mean, "sd": 1.0,
            "total": 50, "evidence": {"table": "Table 2", "row_header": label, "start": row}}


def test_no_time_named_reads_the_final_of_timed_columns_but_post_test_before_follow_up():
    from stemfoot.extract.outcome_query import answer_query

    timed = [_timed(a, "A1C", tp, m + (0.5 if a == "Placebo" else 0), i)
             for i, (tp, m) in enumerate((("3 months", 1.0), ("6 months", 2.0), ("12 months", 3.0)))
             for a in ("Drug", "Placebo")]
    q = {"outcome": "A1C", "intervention": "Drug", "comparator": "Placebo"}
    assert answer_query(q, timed)["intervention_mean"] == 3.0  # final
    assert answer_query({**q, "outcome": "A1C at 6 mo"}, timed)["intervention_mean"] == 2.0  # the named one
    named = [_timed(a, "BMI", tp, m, i) for i, (tp, m) in enumerate((("Post-test", 1.0), ("Follow up", 2.0)))
             for a in ("Drug", "Placebo")]
    assert answer_query({**q, "outcome": "BMI"}, named)["intervention_mean"] == 1.0  # end of treatment first


def test_named_time_in_a_sub_row_label():
    from stemfoot.extract.outcome_query import answer_query

    recs = [{**_timed(a, f"CPG disability subscale / {t}", None, m + (0.5 if a == "Control" else 0), i)}
            for i, (t, m) in enumerate((("6 mo", 53.2), ("12 mo", 52.9))) for a in ("Intervention", "Control")]
    q = {"outcome": "pain-related disability at 12 mo", "intervention": "Intervention", "comparator": "Control"}
    assert answer_query(q, recs)["intervention_mean"] == 52.9


def test_declared_sem_keeps_the_sd_field_null():
    from stemfoot.extract.outcome_query import declared_spread

    assert declared_spread("Data for continuous variables are presented as mean ± standard error of the mean (SEM).") == "se"
    assert declared_spread("Values are expressed as mean ± SD.") == "sd"
    assert declared_spread("Results are given as means ± standard errors.") == "se"
    assert declared_spread("Values are mean ± SD or mean ± SEM where stated.") is None
    assert declared_spread("No statistics words here.") is None
    assert declared_spread("Values were expressed as means±standard errors of deviation.") is None  # an SD, garbled
    rec = lambda arm, m, sd, col: {"kind": "mean_sd", "arm": arm, "mean": m, "sd": sd, "outcome_label": "LDL-C",
                                   "timepoint": None, "evidence": {"table": "Table 2", "row_header": "LDL-C",
                                                                   "column_header": col, "caption": "Serum data"}}
    recs = [rec("Atorvastatin", 110.0, 5.0, "Atorvastatin"), rec("Rosuvastatin", 94.0, 5.0, "Rosuvastatin")]
    q = {"id": 1, "study": "x", "outcome": "LDL-C", "intervention": "Atorvastatin", "comparator": "Rosuvastatin"}
    text = "Data are presented as mean ± SEM."
    a = answer_query(q, recs, text=text)
    assert (a["intervention_mean"], a["intervention_sd"], a["comparator_sd"]) == (110.0, None, None)
    recs_sd = [rec("Atorvastatin", 110.0, 5.0, "Atorvastatin mean ± SD"), rec("Rosuvastatin", 94.0, 5.0, "Rosuvastatin mean ± SD")]
    assert answer_query(q, recs_sd, text=text)["intervention_sd"] == 5.0  # the header says SD: kept
    assert answer_query(q, recs, text="Data are mean ± SD.")["intervention_sd"] == 5.0
    # The table's own footnote says SEM (the fragment has no Statistical Analysis): no SD, and none derived from an SE.
    tables = [{"label": "Table 2", "caption": "Serum data", "footnotes": ["Values are means ± SEM."]}]
    a = answer_query(q, recs, text="", tables=tables)
    assert (a["intervention_mean"], a["intervention_sd"], a["comparator_sd"]) == (110.0, None, None)
    se_recs = [{**r, "sd": None, "se": 5.0, "arm_n": 20, "total": 20} for r in recs]
    assert answer_query(q, se_recs, text="", tables=[])["intervention_sd"] == 22.3607  # an SE of no declared table
    assert answer_query(q, se_recs, text="", tables=tables)["intervention_sd"] is None


def test_a_table_of_the_sample_at_entry_answers_no_outcome_query():
    from stemfoot.extract.outcome_query import answer_query, entry_table

    assert entry_table("Baseline characteristics of patients in the ITT safety population")
    assert entry_table("Demographic characteristics of study participants")
    assert not entry_table("LS mean (SE) change from baseline in cardiovascular risk markers at 36 months")
    assert not entry_table("Baseline and 12-week serum comparative data of both groups")
    assert not entry_table("Primary and secondary outcomes")
    assert entry_table("Comparison between the treatment group and control group in the baseline information")

    def rec(arm: str, mean: float, caption: str) -> dict:
        return {"kind": "mean_sd", "arm": arm, "outcome_label": "Systolic blood pressure (mmHg)", "timepoint": None,
                "mean": mean, "sd": 15.0, "total": 100,
                "evidence": {"table": "Table 1", "row_header": "Systolic blood pressure (mmHg)", "caption": caption}}

    at_entry = [rec("Drug", 133.0, "Demographic characteristics"), rec("Placebo", 131.0, "Demographic characteristics")]
    q = {"outcome": "Reductions in systolic blood pressure", "intervention": "Drug", "comparator": "Placebo"}
    got = answer_query(q, at_entry)  # "pressure" is no "pre-" word: the query does not ask for a baseline value
    assert got["intervention_mean"] is None and got["outcome_type"] is None
    assert answer_query({**q, "outcome": "Systolic blood pressure at baseline"}, at_entry)["intervention_mean"] == 133.0
    later = [rec("Drug", 120.0, "Blood pressure at 26 weeks"), rec("Placebo", 130.0, "Blood pressure at 26 weeks")]
    assert answer_query(q, later)["intervention_mean"] == 120.0
    # "Subject characteristics" with "Baseline | Follow-up" under each arm: the follow-up column holds outcomes
    q_level = {**q, "outcome": "Systolic blood pressure"}
    followed = [{**r, "timepoint": tp, "mean": m} for r, tp, m in (
        (at_entry[0], "Baseline", 133.0), (at_entry[1], "Baseline", 131.0),
        (at_entry[0], "Follow-up", 121.0), (at_entry[1], "Follow-up", 129.0))]
    assert answer_query(q_level, followed)["intervention_mean"] == 121.0
    assert answer_query(q_level, followed[:2])["intervention_mean"] is None
    # a query about a change takes a column of changes, not the levels at follow-up
    assert answer_query({**q, "outcome": "Systolic blood pressure reduction"}, followed)["intervention_mean"] is None
    from stemfoot.extract.outcome_query import later_column
    assert later_column("% Change From Day -29 to 71", "LDL-C reduction") and not later_column("Week 8", "FEV1 improvement")
    assert later_column("Follow-up", "HDL") and not later_column("Baseline", "HDL")
    # a baseline column that names its time is still the entry's own; a change from baseline is later
    assert not later_column("Baseline (week 0)", "HDL") and not later_column("Screening (day -14)", "HDL")
    assert later_column("Change from baseline to week 12", "HDL change")


def test_bare_labels_are_time_or_statistic_words_or_a_formula():
    from stemfoot.extract.outcome_query import bare_label, strip_tex

    assert bare_label("Posttherapy (mean ± SE)") and bare_label("Week 12") and bare_label("Mean (SD)")
    tex = r"\documentclass[12pt]{minimal} \usepackage{amsmath} \begin{document}$\bar{x}\pm s$\end{document}"
    assert bare_label(tex) and strip_tex(tex) == "x s"
    assert not bare_label("HbA1c (%)") and not bare_label("TAT") and not bare_label("First day")


def _arm_rows(caption: str, rows: list[tuple[str, str, float, float]], table: str = "Table 2") -> list[dict]:
    # Records as the table reader gives them for a table with the arms as rows and the times as columns.
    return [{"kind": "mean_sd", "arm": arm, "mean": m, "sd": sd, "outcome_label": label,
             "evidence": {"source": "table", "table": table, "caption": caption, "row_header": arm,
                          "column_header": label, "cell": f"{m} ± {sd}"}}
            for label, arm, m, sd in rows]


def test_arms_as_rows_the_caption_names_the_outcome():
    recs = _arm_rows("The VAS scores pre- and immediately post-therapy in two groups.",
                     [("Pretherapy", "Group I", 7.77, 0.3), ("Posttherapy", "Group I", 1.54, 0.3),
                      ("Pretherapy", "Group II", 8.0, 0.3), ("Posttherapy", "Group II", 3.08, 0.4)])
    q = {"id": 1, "study": "s", "outcome": "VAS pain score after therapy", "intervention": "Group I",
         "comparator": "Group II"}
    got = answer_query(q, recs)
    assert (got["intervention_mean"], got["comparator_mean"]) == (1.54, 3.08)  # after, not the pre-therapy values
    # A time the table never names is another measurement: null beats the post-therapy values.
    assert answer_query({**q, "outcome": "VAS pain score after 6 months"}, recs)["intervention_mean"] is None


def test_a_bare_row_of_a_labelled_table_does_not_borrow_the_caption():
    recs = _arm_rows("Postoperatively reported pain, by study group",
                     [("3-4 h", "Group I", 5.0, 1.0), ("3-4 h", "Group II", 6.0, 1.0),
                      ("Nausea", "Group I", 2.0, 1.0), ("Nausea", "Group II", 3.0, 1.0)])
    q = {"id": 1, "study": "s", "outcome": "Reported pain scores", "intervention": "Group I", "comparator": "Group II"}
    assert answer_query(q, recs)["intervention_mean"] is None
    only_bare = [r for r in recs if r["outcome_label"] == "3-4 h"]
    assert answer_query(q, only_bare)["intervention_mean"] == 5.0


def test_a_bracketed_statistic_is_no_subgroup():
    from stemfoot.extract.outcome_query import other_subgroup

    assert other_subgroup("HbA1c [Women]", "HbA1c")
    assert not other_subgroup("HbA1c [Women]", "HbA1c in women")
    assert not other_subgroup("HbA1c [Overall]", "HbA1c")
    assert not other_subgroup("Rating scales / Interest and enthusiasm [mean (s.d.)]", "child interest and enthusiasm")
    assert not other_subgroup("Pain score", "pain")
    assert other_subgroup("Desire to eat [b]", "desire to eat")  # a footnote letter is no statistic


def test_table_spread_reads_the_values_own_table_caption_and_footnotes():
    from stemfoot.extract.outcome_query import declared_spread, table_spread

    assert declared_spread("1All values are averages ± SEM; n = 9 for placebo") == "se"
    assert declared_spread("b standard error of mean in parentheses (±SEM)") == "se"  # "mean in parentheses (±SEM"
    assert declared_spread("Coefficients; SE in parentheses") is None  # a regression table's note: only its table's
    assert declared_spread("Data are means (SE) or n (%).") == "se"
    assert declared_spread("Abbreviations: SE, standard error; YMRS, Young Mania Rating Scale") is None  # a glossary
    assert table_spread([{"label": "Table 4", "footnotes": ["SD in parentheses"]}],
                        {"evidence": {"source": "table", "table": "Table 4"}}) == "sd"
    tables = [{"label": "Table 1", "caption": "Baseline", "footnotes": ["Values are mean ± SD."]},
              {"label": "Table 2", "caption": "Outcomes", "footnotes": ["Values are reported as mean ± SEM."]}]
    in_2 = {"evidence": {"source": "table", "table": "Table 2"}}
    assert table_spread(tables, in_2) == "se"
    assert table_spread(tables, {"evidence": {"source": "table", "table": "Table 1"}}) == "sd"
    assert table_spread(tables, {"evidence": {"source": "text", "sentence": "x"}}) is None
    assert table_spread([{"id": "T3", "caption": "", "footnotes": ["SE in parentheses"]}],
                        {"evidence": {"source": "table", "table": "T3"}}) == "se"  # an unlabelled table, its own note


def test_a_comparator_of_no_intervention_is_the_control_column_not_the_intervention_one() -> None:
    # "No intervention at enrollment" shares its one content word with an "Intervention" column: the arms were swapped.
    assert arm_similarity("No intervention at enrollment", "Control (%) / Follow-up", "comparator") >= 0.7
    recs = [{"kind": "events", "events": e, "total": n, "percent": None, "arm": arm, "outcome_label": "IL-10",
             "timepoint": "Follow-up", "flags": [], "evidence": {"source": "table", "table": "Table 2"}}
            for arm, e, n in (("Control (%)", 16, 39), ("Intervention (%)", 20, 41))]
    q = {"id": 1, "study": "PMC1", "outcome": "Levels of IL-10", "intervention": "Pap smear at enrollment",
         "comparator": "No intervention at enrollment"}
    # Which column is which is the hand scorer's call; whether this synthetic row clears the shipped place ranker's
    # floor moves with each retrain of the outcome matcher (round 28's put it under), so the ranker is left out.
    with place_rank.using(None):
        ans = answer_query(q, recs, [])
    assert (ans["intervention_events"], ans["comparator_events"]) == (20, 16)
    # The shipped ranker may hold the row back, never swap its columns.
    shipped = answer_query(q, recs, [])
    assert (shipped["intervention_events"], shipped["comparator_events"]) in {(20, 16), (None, None)}


def test_a_label_naming_what_the_comparator_denies_is_the_other_arm() -> None:
    # "Intervention" is in "No intervention", "treated" in "Untreated", "cells" in "Scaffold with no cells": the
    # shared word is the one the comparator denies, so the label is the intervention arm (both were swapped).
    assert names_denied("No intervention", "Intervention") and names_denied("Untreated", "Treated")
    assert not names_denied("No intervention", "No-intervention period") and not names_denied("Untreated", "Untreated controls")
    assert not names_denied("Scaffold with no cells", "Cell-free scaffold") and names_denied("Scaffold with no cells", "Scaffold + cells")
    assert arm_similarity("No intervention", "Intervention group", "comparator") == 0.0
    assert arm_similarity("MSC", "No MSC", "intervention") == arm_similarity("Stem cells", "Without stem cells", "intervention") == 0.0
    for q_int, q_cmp, (i_lab, c_lab) in (("Stem cell injection", "No intervention", ("Intervention", "Control")),
                                         ("MSC", "Untreated", ("Treated", "Untreated controls")),
                                         ("Scaffold seeded with cells", "Scaffold with no cells", ("Scaffold + cells", "Cell-free scaffold"))):
        recs = [{"kind": "events", "events": e, "total": 30, "percent": None, "arm": arm, "outcome_label": "Healing",
                 "timepoint": "12 weeks", "flags": [], "evidence": {"source": "table", "table": "Table 2"}}
                for arm, e in ((i_lab, 20), (c_lab, 10))]
        ans = answer_query({"id": 1, "study": "PMC1", "outcome": "Healing", "intervention": q_int, "comparator": q_cmp}, recs, [])
        assert (ans["intervention_events"], ans["comparator_events"]) == (20, 10), (q_int, q_cmp)


def test_a_binary_answer_with_more_events_than_patients_gives_no_counts() -> None:
    # "1369 and 2614 days absent" on arms of 313 and 314 children: counts of days, not of children with the event.
    recs = [{"kind": "events", "events": e, "total": n, "percent": None, "arm": arm, "outcome_label": "Absence",
             "timepoint": None, "flags": [], "evidence": {"source": "table", "table": "Table 2"}}
            for arm, e, n in (("Vitamin D", 1369, 313), ("Placebo", 2614, 314))]
    q = {"id": 1, "study": "PMC1", "outcome": "Absence", "intervention": "Vitamin D", "comparator": "Placebo"}
    ans = answer_query(q, recs, [])
    assert (ans["outcome_type"], ans["intervention_group_size"], ans["comparator_group_size"]) == ("binary", 313, 314)
    assert (ans["intervention_events"], ans["comparator_events"]) == (None, None)
    recs[0]["events"], recs[1]["events"] = 136, 214  # possible counts are kept
    ans = answer_query(q, recs, [])
    assert (ans["intervention_events"], ans["comparator_events"]) == (136, 214)


def test_a_rows_footnote_n_is_the_analysed_n_over_its_columns_header_n():
    """Yun's group size is the number analysed for the outcome: a row's footnote stating both arms' numbers
    ("^a ... excluded (BM-MNC n = 24, standard care n = 22)") sizes that row's values over the randomised n in the
    columns' headers ("BM-MNC (n = 27)"); a cell that states its own total ("12/27") keeps it."""
    def rec(arm: str, col: str, mean: float, sd: float, total: int, cell: str) -> dict:
        return {"kind": "mean_sd", "arm": arm, "mean": mean, "sd": sd, "total": total, "arm_n": total,
                "outcome_label": "Ankle-brachial index", "timepoint": "12 months",
                "evidence": {"table": "Table 3", "row_header": "Ankle-brachial index^a", "text": cell,
                             "column_header": f"12 months / {col}", "caption": "ABI at 12 months"}}

    recs = [rec("BM-MNC", "BM-MNC (n = 27)", 0.56, 0.15, 27, "0.56 ± 0.15*"),
            rec("Standard care", "Standard care (n = 25)", 0.45, 0.12, 25, "0.45 ± 0.12")]
    tables = [{"label": "Table 3", "caption": "ABI at 12 months", "header_joined": [
        "Outcome", "12 months / BM-MNC (n = 27)", "12 months / Standard care (n = 25)"], "footnotes": [
        "Values are mean ± SD.", "aPatients with non-compressible ankle arteries excluded (BM-MNC n = 24, standard "
        "care n = 22)."]}]
    q = {"id": 1, "study": "x", "outcome": "Ankle-brachial index at 12 months",
         "intervention": "Bone marrow mononuclear cells (BM-MNC) plus standard care", "comparator": "Standard care alone"}
    a = answer_query(q, recs, text="", tables=tables)
    assert (a["intervention_mean"], a["intervention_group_size"], a["comparator_group_size"]) == (0.56, 24, 22)
    assert answer_query(q, recs, text="", tables=[{**tables[0], "footnotes": ["Values are mean ± SD."]}])[
        "intervention_group_size"] == 27  # no footnote: the header's n


def test_a_crossover_tables_caption_n_sizes_both_arms_over_a_sequence_group():
    """In a crossover every participant is in both arms: the caption's "(n = 21)" of the values' own table sizes
    each, over the 12 allocated to one sequence ("12 to receive nitrate-rich juice first"); a parallel trial's caption
    n is the whole table's (no arm's), and two counts in a caption give nothing."""
    from stemfoot.extract.outcome_query import crossover_table_size

    def rec(arm: str, mean: float) -> dict:
        return {"kind": "mean_sd", "arm": arm, "mean": mean, "sd": 150.0, "total": 12, "arm_n": 12,
                "outcome_label": "Endurance time, s", "timepoint": None,
                "evidence": {"table": "Table 2", "row_header": "Endurance time, s", "text": f"{mean:g} (150)",
                             "column_header": arm, "caption": "Outcomes on day 7 of each treatment period (n = 21)"}}

    crossover = ("In this randomised, double-blind, placebo-controlled crossover trial, twenty-four participants were "
                 "randomised: 12 to receive nitrate-rich juice first and 12 to receive placebo juice first.")
    tables = [{"label": "Table 2", "caption": "Outcomes on day 7 of each treatment period (n = 21)",
               "header_joined": ["Outcome", "Nitrate-rich juice", "Placebo juice"], "footnotes": []}]
    recs = [rec("Nitrate-rich juice", 412.0), rec("Placebo juice", 365.0)]
    assert crossover_table_size(crossover, tables, *recs)[0] == 21
    parallel = crossover.replace("crossover trial", "parallel-group trial")
    assert crossover_table_size(parallel, tables, *recs) is None
    two = [{**tables[0], "caption": "Outcomes (n = 21; sequence AB n = 11)"}]
    assert crossover_table_size(crossover, two, *recs) is None
    q = {"id": 1, "study": "x", "outcome": "Endurance time during constant work-rate cycling",
         "intervention": "Nitrate-rich beetroot juice", "comparator": "Placebo juice depleted of nitrate"}
    a = answer_query(q, recs, text=crossover, tables=tables)
    assert (a["intervention_mean"], a["intervention_group_size"], a["comparator_group_size"]) == (412.0, 21, 21)


def test_a_caption_naming_only_the_querys_time_earns_the_time_bonus():
    """Cells with no time of their own take their table caption's: "Outcomes at 6 months" answers "… at 6 months" over
    the same values' row in a table whose caption names no time; a caption naming another time earns nothing."""
    def rec(arm: str, mean: float, table: str, caption: str) -> dict:
        return {"kind": "mean_sd", "arm": arm, "mean": mean, "sd": 1.5, "total": 30, "arm_n": 30,
                "outcome_label": "Rest pain (VAS)", "timepoint": None,
                "evidence": {"table": table, "row_header": "Rest pain (VAS)", "text": f"{mean:g} ± 1.5",
                             "column_header": arm, "caption": caption}}

    untimed = [rec("BM-MNC", 2.1, "Table 2", "Secondary outcomes"), rec("Control", 4.0, "Table 2", "Secondary outcomes")]
    timed = [rec("BM-MNC", 3.2, "Table 3", "Outcomes at 6 months"), rec("Control", 4.4, "Table 3", "Outcomes at 6 months")]
    q = {"id": 1, "study": "x", "outcome": "Rest pain at 6 months", "intervention": "BM-MNC", "comparator": "Control"}
    assert answer_query(q, untimed + timed, text="")["intervention_mean"] == 3.2
    other = [rec(r["arm"], r["mean"], "Table 3", "Outcomes at 12 months") for r in timed]
    assert answer_query(q, untimed + other, text="")["intervention_mean"] == 2.1
