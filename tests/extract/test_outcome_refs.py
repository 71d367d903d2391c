"""Outcomes of results that name the primary endpoint, of per-arm count lists with "respectively", and of "the
corresponding figures" (extract/outcome_refs.py): pure functions, no spaCy."""
from stemfoot.extract.candidates import split_sentences
from stemfoot.extract.outcome_refs import corresponding_outcomes, endpoint_definition, endpoint_outcomes, list_outcomes

from extract_support import ev, mention


def st(text, frag, outcome=None, kind="events", flags=()):
    return {"kind": kind, "outcome": outcome, "flags": list(flags), "evidence": ev(text, frag)}


def test_the_defined_primary_endpoint_is_the_outcome_of_a_result_that_names_it():
    text = ("The primary outcome was the proportion of limbs with complete wound closure at 24 weeks. Mean age was 61 "
            "years. The primary outcome was reached by 14 of 25 limbs given cells and 6 of 24 given vehicle, while "
            "TcPO2 rose to 41 mmHg.")
    sents = split_sentences(text)
    assert endpoint_definition(text, sents)[0] == "ulcer_healing"
    vals = [st(text, "14 of 25", "age"), st(text, "6 of 24"), st(text, "41 mmHg", "tcpo2", kind="mean")]
    mentions = [mention(text, "TcPO2", "tcpo2")]
    endpoint_outcomes(text, vals, sents, mentions)
    assert [v["outcome"] for v in vals] == ["ulcer_healing", "ulcer_healing", "tcpo2"]
    assert "outcome_from_endpoint" in vals[0]["flags"] and "outcome_from_endpoint" not in vals[2]["flags"]


def test_definition_written_before_the_endpoint_words_and_no_definition_no_change():
    text = "Amputation-free survival at one year was the primary end point. The primary end point was met in 30 of 50 patients."
    sents = split_sentences(text)
    assert endpoint_definition(text, sents)[0] == "amputation_free_survival"
    # A sentence that only reports the endpoint defines nothing: the value keeps the outcome it had.
    plain = "The primary endpoint was met in 30 of 50 patients (60%)."
    assert endpoint_definition(plain, split_sentences(plain)) is None
    vals = [st(plain, "30 of 50", "ulcer_healing")]
    endpoint_outcomes(plain, vals, split_sentences(plain), [])
    assert vals[0]["outcome"] == "ulcer_healing" and vals[0]["flags"] == []


def test_counts_listed_with_respectively_take_the_event_written_after_them():
    text = ("Major amputation was performed in 3 patients in group A and 5 in group B, and 2 and 4 patients, "
            "respectively, died of cardiac causes.")
    vals = [st(text, "2", "amputation"), st(text, "4 patients", "amputation"), st(text, "3 patients", "amputation")]
    mentions = [mention(text, "Major amputation", "amputation"), mention(text, "died", "mortality")]
    list_outcomes(text, vals, mentions)
    assert [v["outcome"] for v in vals] == ["mortality", "mortality", "amputation"]
    # Without "respectively" the words after a list are not read as its event.
    text2 = "Amputation occurred in 2 and 4 patients who later died."
    vals2 = [st(text2, "2", "amputation")]
    list_outcomes(text2, vals2, [mention(text2, "died", "mortality")])
    assert vals2[0]["outcome"] == "amputation"


def test_the_corresponding_figures_restate_the_outcome_of_the_values_before_them():
    text = ("Background: one-year major amputation rates of 25-40% are reported. Amputation-free survival at 12 months "
            "was 30/42 with cells and 26/42 with placebo (HR 0.72, 95% CI 0.36-1.44). In the per-protocol population "
            "the corresponding figures were 29/38 and 24/39, and rest pain fell by 2.8 points.")
    vals = [
        st(text, "25-40%", "amputation", kind="percent"),
        {**st(text, "30/42", "amputation_free_survival"), "timepoint": "12 months"},
        st(text, "26/42", "amputation_free_survival"),
        st(text, "HR 0.72, 95% CI 0.36-1.44", "amputation", kind="effect"),
        st(text, "29/38", "mortality"), st(text, "24/39", "mortality"),
        st(text, "2.8 points", "rest_pain", kind="mean", flags=("outcome_own_clause",))]
    corresponding_outcomes(text, vals, [])
    assert [v["outcome"] for v in vals[4:]] == ["amputation_free_survival", "amputation_free_survival", "rest_pain"]
    # Not its time: the per-protocol value would become the same fact as the ITT one (the one-fact rule).
    assert vals[4].get("timepoint") is None and "outcome_from_corresponding" in vals[4]["flags"]
    # Within one sentence, the values before the cue are the ones restated (not a background rate before them).
    text2 = ("Background: amputation rates of 25-40% are reported. AFS at 6 months was 85.7% and 70.4%; at 1 year "
             "the corresponding figures were 76.8% and 55.6%.")
    vals2 = [st(text2, "25-40%", "amputation", kind="percent"),
             st(text2, "85.7%", "amputation_free_survival", kind="percent"),
             st(text2, "76.8%", None, kind="percent")]
    corresponding_outcomes(text2, vals2, [])
    assert vals2[2]["outcome"] == "amputation_free_survival"
    # As many values restated as before the cue: each takes its own counterpart's outcome, in order.
    text3 = ("Rest pain fell from 2.6 to 0.9 and walking distance rose from 96 m to 312 m in the treatment group; in "
             "the control group the corresponding values were 2.5 vs 2.1 and 102 m vs 138 m.")
    vals3 = [st(text3, "2.6", "rest_pain", kind="mean"), st(text3, "0.9", "rest_pain", kind="mean"),
             st(text3, "96 m", "walking_distance", kind="mean"), st(text3, "312 m", "walking_distance", kind="mean"),
             st(text3, "2.5", "mortality", kind="mean"), st(text3, "2.1", "mortality", kind="mean"),
             st(text3, "102 m", "mortality", kind="mean"), st(text3, "138 m", "mortality", kind="mean")]
    corresponding_outcomes(text3, vals3, [])
    assert [v["outcome"] for v in vals3[4:]] == ["rest_pain", "rest_pain", "walking_distance", "walking_distance"]


def test_the_corresponding_clause_ends_at_a_new_clause_and_yields_to_an_outcome_it_names():
    # "..., and major amputation occurred in 2 and 7": a new clause, not restated values.
    text = ("Complete healing occurred in 18/30 and 9/30 patients. In the per-protocol population the corresponding "
            "figures were 18/28 and 9/27, and major amputation occurred in 2 and 7 patients.")
    vals = [st(text, "18/30", "ulcer_healing"), st(text, "18/28", "amputation"), st(text, "2 and", "amputation")]
    corresponding_outcomes(text, vals, [mention(text, "major amputation", "amputation")])
    assert [v["outcome"] for v in vals] == ["ulcer_healing", "ulcer_healing", "amputation"]
    # The cue's clause names its own outcome: its values are not the earlier sentence's.
    text2 = ("Amputation-free survival was 80% with cells and 57% with standard care. The corresponding figures at 24 "
             "months were 73% and 50% for complete healing.")
    vals2 = [st(text2, "80%", "amputation_free_survival", kind="percent"),
             st(text2, "73%", "ulcer_healing", kind="percent")]
    corresponding_outcomes(text2, vals2, [mention(text2, "complete healing", "ulcer_healing")])
    assert vals2[1]["outcome"] == "ulcer_healing" and "outcome_from_corresponding" not in vals2[1]["flags"]


def test_counts_restate_the_percentages_before_the_cue_not_a_baseline_count_further_back():
    # "9/16 and 5/15" restate the rates of the sentence before (percentages), not the baseline count "28 (33%)"
    # that is the nearest value of their own kind.
    text = ("Patients were aged 64 years; 28 (33%) smoked. Limb salvage at 1 year was 81% with cells and 60% with "
            "placebo. Among smokers, the corresponding rates were 9/16 and 5/15.")
    vals = [st(text, "28 (33%)", "smoking"), st(text, "81%", "limb_salvage", kind="percent"),
            st(text, "60%", "limb_salvage", kind="percent"), st(text, "9/16", "smoking"), st(text, "5/15", "smoking")]
    corresponding_outcomes(text, vals, [])
    assert [v["outcome"] for v in vals[3:]] == ["limb_salvage", "limb_salvage"]
