"""Outcomes of results that name the primary endpoint, and of per-arm count lists with "respectively"
(extract/outcome_refs.py): pure functions, no spaCy."""
from stemfoot.extract.candidates import split_sentences
from stemfoot.extract.outcome_refs import endpoint_definition, endpoint_outcomes, list_outcomes

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
