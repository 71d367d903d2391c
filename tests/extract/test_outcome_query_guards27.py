"""Guards of the full-text answer from round 26's retrain trace (round ft27): each a check that fails on the start."""
from __future__ import annotations

from stemfoot.extract.outcome_query import label_across_heading, said_as_change, time_only_match, without_times


def _prose(text: str, sentence: str, before: str = "", **fields: object) -> dict:
    ev = {"text": text, "sentence": sentence, "section": "Results", "source": "full_text",
          "start": len(before) + sentence.find(text), "sentence_start": len(before)}
    return {"kind": "mean_sd", "evidence": ev, **fields}


def test_a_query_time_alone_matches_no_outcome():
    assert without_times("weight  after three months") == "weight"
    assert without_times("Pain at the end of week 6") == "Pain"
    sentence = [(0.85, "quality of life improved at 3 months with a decrease of kg and an increase of kg")]
    assert time_only_match("weight  after three months", sentence)
    # the outcome's own words match: not the time alone; a query naming no time is never cut here
    assert not time_only_match("weight after three months", [(1.0, "Body weight at 3 months")])
    assert not time_only_match("weight", sentence)


def test_a_value_its_sentence_calls_a_change():
    s = "Patients in the LWP group had a decrease of 0.48 kg and those in the SC group an increase of 0.48 kg"
    assert said_as_change(_prose("0.48 kg", s))
    assert said_as_change(_prose("1.2", "HbA1c showed a mean reduction of 1.2 in group A"))
    # levels: "decreased from 7.97% to 7.17%", "was 80.7 ± 14.1"; a table's cell is no sentence
    assert not said_as_change(_prose("7.17%", "HbA1c decreased from 7.97% to 7.17% in group A"))
    assert not said_as_change(_prose("80.7", "Weight was 80.7 in the LWP group"))
    assert not said_as_change({"kind": "mean_sd", "evidence": {"table": "T2", "text": "1", "sentence": "a decrease of 1"}})


def test_a_label_inherited_across_a_section_heading():
    before = "3.2. Metabolic Outcomes\n\nBody weight and hemoglobin A1C did not change.\n\n"
    body = before + "3.3. Renal Outcomes\n\nUrinary albumin is shown in Table 3. "
    s = "Urine albumin increased from baseline in the placebo group, by 15.05 ± 30.09"
    rec = _prose("15.05 ± 30.09", s, before=body, outcome_label="hemoglobin A1C")
    sources = {"full_text": body + s}
    assert label_across_heading(rec, sources)
    # a label its own section names, or one no earlier text gives (a vocabulary's spelling), is the value's
    assert not label_across_heading({**rec, "outcome_label": "Urinary albumin"}, sources)
    assert not label_across_heading({**rec, "outcome_label": "HbA1c"}, sources)
    # within the heading's own section the label is the section's
    s2 = "HbA1c was 7.1 ± 0.9 in the placebo group"
    rec2 = _prose("7.1 ± 0.9", s2, before=before, outcome_label="hemoglobin A1C")
    assert not label_across_heading(rec2, {"full_text": before + s2})


def test_a_test_length_in_the_query_is_its_outcome_not_its_time():
    # "6-minute" is the walk test's length (as time_mentions reads it): only "at 12 weeks" is the query's time
    assert without_times("6-minute walk distance at 12 weeks") == "6-minute walk distance"
    assert not time_only_match("6-minute walk distance at 12 weeks", [(1.0, "6MWD improved by 30 m at 12 weeks")])
    assert not time_only_match("6 minute walk test after 3 months", [(1.0, "6MWT")])


def test_amounts_listed_with_the_query_time_go_with_it():
    assert without_times("Weight at 6 and 12 months") == "Weight"
    assert without_times("HbA1c at 3, 6 and 12 months") == "HbA1c"
    assert without_times("Pain 2-24 h after surgery") == "Pain after surgery"
