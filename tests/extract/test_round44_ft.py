"""Round 44 (early, branch ft44): an events record that states its own denominator ("six of the 37
participants", "13/21 (61.9)") keeps it as the arm's size (``group_sizes.own_denominator``). Invented phrases; no
spaCy."""
from stemfoot.extract.group_sizes import own_denominator


def test_events_of_their_own_denominator_in_digits_words_or_a_slash():
    assert own_denominator("six of the 37 participants in the first group", 6, 37)
    assert own_denominator("Eleven of 52 patients (21.2%)", 11, 52)
    assert own_denominator("13/21 (61.9)", 13, 21, 61.9)
    assert own_denominator("twenty-one of the 64 women", 21.0, 64.0)  # records hold floats


def test_only_the_records_own_two_numbers_at_the_start_of_its_place():
    # another denominator than the record's total, or other events: not this record's statement
    assert not own_denominator("six of the 37 participants", 6, 40)
    assert not own_denominator("six of the 37 participants", 5, 37)
    # the pair not at the start (a count of something else first), a decimal, or nothing stated
    assert not own_denominator("In 6 of 37 patients", 6, 37)
    assert not own_denominator("2.5 of 3 visits", 2, 3)
    assert not own_denominator("6 (16.2%)", 6, 37)
    assert not own_denominator("six of the 37 participants", None, 37)
    assert not own_denominator("six of the 37.5", 6, 37)


# --- prose events whose clause names the arm after the count ("14 of 42 patients receiving omega-3") -------------
from stemfoot.extract.outcome_query import phrase_side, trailing_arm, trailing_arm_records  # noqa: E402

PAIR = ("Relapse occurred in 5 of the 31 women treated with vitamin D plus calcium (16.1%) and in 12 of the 30 women "
        "treated with calcium alone (40.0%) (P = 0.04).")
WORDS = "Remission was reached by eleven of 40 adults (27.5%) receiving lithium and 4 of 38 adults receiving placebo."


def test_the_treatment_named_after_a_count_of_its_own_denominator():
    assert trailing_arm(PAIR, PAIR.find("5 of")) == "vitamin D plus calcium"
    assert trailing_arm(PAIR, PAIR.find("12 of")) == "calcium alone"
    assert trailing_arm(WORDS, WORDS.find("eleven")) == "lithium"
    assert trailing_arm(WORDS, WORDS.find("4 of")) == "placebo"
    # no verb of treatment after the count, or the count not at the position given: none
    assert trailing_arm("Relapse occurred in 5 of the 31 women at 12 weeks.", 19) is None
    assert trailing_arm(PAIR, 0) is None


def test_the_phrase_names_one_query_arm_or_none():
    q_int, q_cmp = "Oral lithium carbonate 600 mg/day", "Matching placebo tablets"
    assert phrase_side("lithium", q_int, q_cmp) == "intervention"  # a word of one name only
    assert phrase_side("placebo", q_int, q_cmp) == "comparator"
    assert phrase_side("tablets", "Lithium tablets", q_cmp) is None  # a word both names hold
    assert phrase_side("physiotherapy", q_int, q_cmp) is None


def _rec(sentence: str, text: str, arm: str | None = None) -> dict:
    at = sentence.find(text)
    return {"kind": "events", "arm": arm, "events": 5, "total": 31, "flags": ["review_attribution"],
            "evidence": {"source": "full_text", "text": text, "sentence": sentence, "sentence_start": 100,
                         "start": 100 + at, "end": 100 + at + len(text), "section": "Results"}}


def test_unarmed_prose_events_take_the_arm_their_clause_names():
    q_int, q_cmp = "Vitamin D3 2000 IU plus calcium", "Calcium alone"
    recs = [_rec(PAIR, "5 of the 31 women"), _rec(PAIR, "12 of the 30 women"),
            _rec(PAIR, "5 of the 31 women", arm="vitamin D group")]  # an armed record keeps its own arm
    got = trailing_arm_records(recs, q_int, q_cmp)
    assert [(r["arm"], r["arm_role"]) for r in got] == [(q_int, "intervention"), (q_cmp, "comparator")]
    assert all("arm_by_phrase" in r["flags"] for r in got) and recs[0]["arm"] is None
    # a table cell, or a mean, is no prose count
    assert trailing_arm_records([{**recs[0], "kind": "mean"}], q_int, q_cmp) == []
    assert trailing_arm_records([{**recs[0], "evidence": {**recs[0]["evidence"], "table": "Table 2"}}], q_int, q_cmp) == []


# --- an entry table's row answers no query naming a later time or a change -------------------------------------
from stemfoot.extract.outcome_query import entry_row_for_later_query  # noqa: E402


def test_entry_table_rows_answer_no_query_of_a_later_time_or_a_change():
    entry = "Baseline characteristics of the randomised patients"
    assert entry_row_for_later_query(entry, "", "Change in haemoglobin A1c from baseline to week 24")
    assert entry_row_for_later_query(entry, "", "Walking distance at 6 months")
    # a query with no time nor change (the gold may take the entry row), an outcome table, or a later column
    assert not entry_row_for_later_query(entry, "", "Walking distance")
    assert not entry_row_for_later_query("Outcomes at 6 months", "", "Walking distance at 6 months")
    assert not entry_row_for_later_query(entry, "Follow-up at 6 months", "Walking distance at 6 months")


# --- a sentence of bare means gives way to the table row stating the same means with their SDs -----------------
from stemfoot.extract.place_rank import fuller_row  # noqa: E402


def _place(key: tuple, score: float, i: dict, c: dict, table: bool) -> dict:
    ev = {"table": "Table 2"} if table else {"source": "abstract"}
    return {"key": key, "score": score, "o_sim": 0.8, "i_rec": {**i, "evidence": ev}, "c_rec": {**c, "evidence": ev}}


def test_bare_means_in_prose_give_way_to_the_row_with_the_same_means_and_sds():
    prose = _place(("abstract", " @10", None, "continuous"), 0.8, {"mean": 31.2}, {"mean": 36.5}, False)
    row = _place(("Table 2", "Score", "Month 6", "continuous"), 0.6, {"mean": 31.2, "sd": 4.1}, {"mean": 36.5, "sd": 5.0},
                 True)
    other = _place(("Table 2", "Score", "Month 3", "continuous"), 0.7, {"mean": 33.0, "sd": 4.4},
                   {"mean": 37.1, "sd": 5.2}, True)
    best = (0.8, prose["i_rec"], prose["c_rec"], prose["key"])
    assert fuller_row([prose, row, other], best, 0.3)[3] == row["key"]
    # other means only, a row under the confidence floor, or a sentence that gives its SDs: unchanged
    assert fuller_row([prose, other], best, 0.3) == best
    assert fuller_row([prose, row], best, 0.65) == best
    with_sd = _place(prose["key"], 0.8, {"mean": 31.2, "sd": 4.0}, {"mean": 36.5, "sd": 5.0}, False)
    assert fuller_row([with_sd, row], (0.8, with_sd["i_rec"], with_sd["c_rec"], with_sd["key"]), 0.3)[3] == prose["key"]


def test_a_stated_percent_must_agree_with_the_own_denominator():
    assert own_denominator("6 of 37 (16.2%)", 6, 37, 16.2)
    assert own_denominator("9 of 58 (16%)", 9, 58, 16.0)  # 15.5 rounds to 16 at the percent's precision
    assert not own_denominator("5 of 86 (5.9%)", 5, 86, 5.9)  # 5/86 is 5.8%: the percent is of 85


def test_allocation_verbs_name_no_arm_of_events():
    s = "A total of 280 out of 327 patients randomized to ddAC (85.6%) received all cycles."
    assert trailing_arm(s, s.find("280")) is None


def test_a_slash_pair_needs_its_percent_and_events_never_exceed_the_denominator():
    assert not own_denominator("2/22", 2, 22)  # "Responders (yes/no) | 10/6 | 2/22": yes and no, no share
    assert not own_denominator("10/6", 10, 6)
    assert own_denominator("11/33 (33%)", 11, 33, 33.0)


# --- second read (mendft44): counts of strata are no arms' events ------------------------------------------------
def test_a_sentence_with_another_unarmed_count_splits_strata_and_arms_none():
    s = ("Neuropathy was observed in four of 48 patients who received the STD-treatment and three of 44 patients who "
         "received the PGx-treatment (8 % vs 7 %) in the group of rapid acetylators, and four of 64 (6 %) in the group "
         "of intermediate acetylators.")
    q_int, q_cmp = "STD-treatment: 5 mg/kg of isoniazid", "NAT2 genotype-guided treatment (PGx-treatment)"
    recs = [_rec(s, "four of 48"), _rec(s, "three of 44"), _rec(s, "four of 64 (6 %)")]
    assert trailing_arm(s, s.find("four of 48")) == "the STD-treatment"
    assert trailing_arm_records(recs, q_int, q_cmp) == []
    # the pair alone (the third count armed by the pipeline, or absent) is armed as before
    assert len(trailing_arm_records(recs[:2] + [{**recs[2], "arm": "intermediate acetylators"}], q_int, q_cmp)) == 2


def test_a_procedure_table_or_a_row_of_the_querys_time_is_no_entry_row():
    # what happened in the trial, captioned "characteristics": answered as on main, never turned to null
    assert not entry_row_for_later_query("Intraoperative characteristics", "", "Intraoperative blood loss")
    assert not entry_row_for_later_query("Patients' and operative characteristics", "", "Recovery time at 10 minutes")
    assert not entry_row_for_later_query("Patient characteristics", "", "Pain at 24 hours", "VAS at 24 h")
    # the sample before the operation stays the sample at entry; a row of no time is still an entry row
    assert entry_row_for_later_query("Pre-operative characteristics", "", "Pain at 24 hours")
    assert entry_row_for_later_query("Preoperative characteristics", "", "Pain at 24 hours", "VAS")


def test_whole_means_are_no_evidence_of_the_same_row():
    prose = _place(("abstract", " @10", None, "continuous"), 0.8, {"mean": 2.0}, {"mean": 3.0}, False)
    visits = _place(("Table 3", "Number of visits", None, "continuous"), 0.6, {"mean": 2.0, "sd": 1.0},
                    {"mean": 3.0, "sd": 1.2}, True)
    best = (0.8, prose["i_rec"], prose["c_rec"], prose["key"])
    assert fuller_row([prose, visits], best, 0.3) == best
