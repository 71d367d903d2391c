"""Round 40 (ftmiss40): means printed with a ".0" in tables no header names, ages in prose, a table's n row as group
sizes, and "Change in ..." prompts. Invented examples, no spaCy."""
from __future__ import annotations

from stemfoot.corpus.jats import build_table
from stemfoot.extract import tables


def _table(caption: str, header: list[str], rows: list[list[str]]) -> dict:
    return build_table("Table 2", caption, [], [header], rows)


# --- tables.unlabelled_mean: "118.0 (± 4.0)" -------------------------------------------------------------------

def test_a_mean_printed_with_decimals_is_a_mean_even_when_whole():
    assert tables.unlabelled_mean(118.0, 4.0, "", None, "118.0 (± 4.0)")
    assert tables.unlabelled_mean(36.0, 13.9, "Walking score", None, "36.0 (13.9)")
    assert not tables.unlabelled_mean(118.0, 4.0, "", None)  # the numbers alone do not say it
    # printed as a count and its percent, or with a whole partner: left unread as before
    assert not tables.unlabelled_mean(12, 40.0, "Smokers", None, "12 (40.0)")
    assert not tables.unlabelled_mean(40.0, 12, "Smokers", None, "40.0 (12)")
    assert not tables.unlabelled_mean(12.0, 40.0, "Smokers", 30, "12.0 (40.0)")  # 12 of 30 is 40%
    assert not tables.unlabelled_mean(12.0, 30.0, "Deaths, n", None, "12.0 (30.0)")


def test_whole_means_with_decimals_are_read_in_a_table_that_names_no_format():
    t = _table("Scores of both groups", ["Outcome", "Control", "Exercise"], [
        ["Balance score", "118.0 (± 4.0)", "115.7 (± 6.8)"],
        ["Falls", "3 (12)", "2 (8)"],
    ])
    got = {(s["arm"], s["outcome_label"]): (s.get("mean"), s.get("sd"))
           for s in tables.table_statistics(tables.normalise_layout(t), []) if s["kind"] != "p_value"}
    assert got[("Control", "Balance score")] == (118.0, 4.0)
    assert got[("Exercise", "Balance score")] == (115.7, 6.8)
    assert ("Control", "Falls") not in got or got[("Control", "Falls")][0] is None


def test_cells_under_a_coefficient_of_variation_hold_no_sd():
    t = _table("Exposure by dose", ["Parameter", "Geometric mean (%CV) / 10 mg", "Geometric mean (%CV) / 20 mg"], [
        ["AUC (h ng/mL)", "0.94 (28.0)", "2.39 (17.2)"],
        ["Cmax (ng/mL)", "0.20 (28.8)", "0.51 (15.8)"],
    ])
    got = [s for s in tables.table_statistics(tables.normalise_layout(t), []) if s.get("sd") is not None]
    assert got == []


# --- outcome_query.prose_pair_records: "mean age, 59.6 ± 10.4 yrs" is no outcome's mean ------------------------

def test_a_pair_of_ages_is_no_outcomes_means():
    from stemfoot.extract.outcome_query import prose_pair_records
    s = ("The mean age was 41.6 ± 2.4 years in the ginger group and 38.5 ± 1.3 in the sham group, and the mean BMI "
         "was 30.2 ± 1.1 in the ginger group and 29.8 ± 1.4 in the sham group.")
    assert prose_pair_records([("t", s)], "ginger", "sham", "weight change") == []
    s2 = ("Zinc was given to 24 patients (mean age, 61.3 ± 9.8 yrs) and sham tablets to 21 patients (mean age, "
          "57.2 ± 11.4 yrs).")
    assert prose_pair_records([("t", s2)], "zinc", "sham", "serum zinc") == []
    # an outcome that asks for an age keeps them; "age-adjusted" and a later outcome's values are no ages
    assert {r["mean"] for r in prose_pair_records([("t", s)], "ginger", "sham", "age at entry")} == {41.6, 38.5}
    s3 = "The age-adjusted score was 12.4 ± 2.2 in the ginger group and 15.1 ± 2.9 in the sham group."
    assert {r["mean"] for r in prose_pair_records([("t", s3)], "ginger", "sham", "score")} == {12.4, 15.1}
    s4 = "In patients aged 40 to 60 years, glucose was 5.2 ± 1.1 in the ginger group and 6.3 ± 1.0 in the sham group."
    assert {r["mean"] for r in prose_pair_records([("t", s4)], "ginger", "sham", "glucose")} == {5.2, 6.3}


# --- outcome_query.change_column: "Change in ..." takes the change column ------------------------------------------

def _place(tp, score, value):
    rec = {"kind": "mean_sd", "mean": value, "evidence": {"source": "table", "table": "Table 3"}}
    return {"key": ("Table 3", "Fasting glucose, mg/dL", tp, "continuous"), "score": score, "i_rec": rec, "c_rec": rec}


def test_a_query_about_a_change_takes_the_blocks_change_column():
    from stemfoot.extract.outcome_query import change_column
    places = [_place("8 wk", 0.75, 135.2), _place(None, 0.74, 150.3), _place("change from baseline", 0.44, -15.1)]
    level = (0.75, places[0]["i_rec"], places[0]["c_rec"], places[0]["key"])
    assert change_column("Change in fasting glucose", places, level)[3][2] == "change from baseline"
    assert change_column("Fasting glucose reduction", places, level)[3][2] == "change from baseline"
    # a query naming no change, or a block with no change column, keeps the place chosen
    assert change_column("Fasting glucose at 8 weeks", places, level) is level
    assert change_column("Change in fasting glucose", places[:2], level) is level
    other = {**places[2], "key": ("Table 4", "Insulin", "change from baseline", "continuous")}
    assert change_column("Change in fasting glucose", places[:2] + [other], level) is level


# --- outcome_query.outcome_similarity: "HDL-cholesterol" is the words "HDL cholesterol" --------------------------

def test_a_code_hyphenated_to_a_word_is_a_compound():
    from stemfoot.extract.outcome_query import outcome_similarity
    assert outcome_similarity("HDL cholesterol", ["HDL-cholesterol, mg/dL (±SD)"]) > \
        outcome_similarity("HDL cholesterol", ["Total cholesterol, mg/dL (±SD)"])
    assert outcome_similarity("HOMA-IR", ["HOMA IR"]) < 0.5  # a code's own hyphen stays


# --- reread (mendftmiss40) ---------------------------------------------------------------------------------------

def test_age_as_a_covariate_or_a_qualifier_is_no_age_value():
    from stemfoot.extract.outcome_query import prose_pair_records
    tail = "glucose was 5.2 ± 1.1 in the ginger group and 6.3 ± 1.0 in the sham group."
    for lead in ("Adjusted for age and sex, ", "Regardless of age, ", "Stratified by age, ", "Age and sex adjusted "):
        assert {r["mean"] for r in prose_pair_records([("t", lead + tail)], "ginger", "sham", "glucose")} == {5.2, 6.3}
    s = "The age\u2010adjusted score was 12.4 ± 2.2 in the ginger group and 15.1 ± 2.9 in the sham group."  # U+2010
    assert {r["mean"] for r in prose_pair_records([("t", s)], "ginger", "sham", "score")} == {12.4, 15.1}
    # the arms' own ages stay out
    s2 = "The patients were aged 59.6 ± 10.4 years in the ginger group and 57.1 ± 9.9 years in the sham group."
    assert prose_pair_records([("t", s2)], "ginger", "sham", "glucose") == []
    s3 = "At an age of 61.2 ± 3.3 years in the ginger group and 60.1 ± 4.0 years in the sham group, all were seen."
    assert prose_pair_records([("t", s3)], "ginger", "sham", "glucose") == []


def _weight(tp, score, value):
    rec = {"kind": "mean_sd", "mean": value, "evidence": {"source": "table", "table": "Table 3"}}
    return {"key": ("Table 3", "Body weight, kg", tp, "continuous"), "score": score, "i_rec": rec, "c_rec": rec}


def test_a_change_query_takes_the_change_column_of_its_own_kind_percent_or_absolute():
    from stemfoot.extract.outcome_query import change_column
    places = [_weight("12 wk", 0.75, 80.2), _weight("% change", 0.45, -4.1), _weight("Change, kg", 0.449, -3.5)]
    level = (0.75, places[0]["i_rec"], places[0]["c_rec"], places[0]["key"])
    assert change_column("Change in body weight", places, level)[3][2] == "Change, kg"
    assert change_column("Percent change in body weight", places, level)[3][2] == "% change"
    assert change_column("Body weight change (%)", places, level)[3][2] == "% change"
    # only the other kind in the block: the place chosen stays
    assert change_column("Percent change in body weight", places[:1] + places[2:], level) is level
    assert change_column("Change in body weight", places[:2], level) is level
    # a "(%)" unit of the measure is no percent change: "Change in HbA1c (%)" takes the absolute change column
    hba = [{**p, "key": ("Table 3", "HbA1c, %", p["key"][2], "continuous")} for p in places]
    lv = (0.75, hba[0]["i_rec"], hba[0]["c_rec"], hba[0]["key"])
    assert change_column("Change in HbA1c (%)", hba, lv)[3][2] == "Change, kg"


def test_a_caption_or_footnote_naming_a_coefficient_of_variation_stops_the_decimal_pair_reading():
    rows = [["AUC (h ng/mL)", "0.94 (28.0)", "2.39 (17.0)"]]

    def sds(caption, foot):
        t = build_table("Table 2", caption, foot, [["Parameter", "Drug 10 mg", "Drug 20 mg"]], rows)
        return [s for s in tables.table_statistics(tables.normalise_layout(t), []) if s.get("sd") is not None]
    assert sds("Exposure by dose, geometric mean (%CV)", []) == []
    assert sds("Exposure by dose", ["Data are geometric means (CV%)."]) == []
    assert sds("Exposure by dose", ["CV, coefficient of variation."]) == []
    # a footnote's "(CV)" that abbreviates another word says nothing of the cells
    assert len(sds("Exposure by dose", ["Patients with cardiovascular (CV) disease were excluded."])) == 2
