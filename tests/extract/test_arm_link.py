"""Codes an article coins for its arms and defines in words, linked to the query's arms (``extract.arm_link``)."""
from stemfoot.extract.arm_link import _closed, code_definitions, dose_fit, doses, linked_codes
from stemfoot.extract.outcome_query import answer_query

SACHETS = ("Mothers were instructed to give the supplement twice weekly for one group (the TWS group) and daily for "
           "the other (the DS group). Children in the control group received nothing.")
KETAMINE = ("Sixty patients were randomly assigned to one of three study medications (K1 group: ketamine infusion of "
            "1 µg/kg/min following bolus 0.5 mg/kg, K2 group: ketamine infusion of 2 µg/kg/min following bolus "
            "0.5 mg/kg, Control group: saline infusion following bolus of saline). Fentanyl use was lower in the K2 "
            "group than in the K1 group.")


def test_definitions_before_a_bracketed_code_and_after_a_code_with_a_colon():
    defs = code_definitions(SACHETS)
    assert defs["TWS"][0].endswith("twice weekly for one group") and defs["DS"] == ("daily for the other",)
    k = code_definitions(KETAMINE)
    assert k["K1"][0].startswith("ketamine infusion of 1 µg/kg/min") and "Control" not in k["K2"][0]


def test_a_list_of_bracketed_codes_is_defined_by_the_words_after_each():
    text = "The teeth were divided into four groups: (G1) 0.1 M EDTA, (G2) 99.6% ethanol, (G4) without any treatment."
    defs = code_definitions(text)
    assert defs["G1"][0].startswith("0.1 M EDTA") and defs["G2"][0].startswith("99.6% ethanol")
    assert defs["G4"][0].startswith("without any treatment")


def test_result_sentences_define_nothing():
    assert "SG" not in code_definitions("Weight fell at 3 months (SG; −1.1 ± 3.3 kg) and 6 months (SG; −1.9 kg).")


def test_codes_linked_by_own_words_and_frequency():
    assert linked_codes(SACHETS, "Multivitamins and minerals - 1 sachet daily", "Control") == ("DS", None)
    assert linked_codes(SACHETS, "Multivitamins and minerals - 2 sachets per week", "Control") == ("TWS", None)


def test_codes_linked_by_dose_another_dose_never_links():
    q_int = "ketamine infusion of 2 µg/kg/min following bolus 0.5 mg/kg"
    assert linked_codes(KETAMINE, q_int, "saline infusion following bolus of saline")[0] == "K2"
    assert dose_fit(q_int, "saline", "ketamine infusion of 1 µg/kg/min") == -1
    assert dose_fit("15-pulse pacing", "eight-pulse pacing", "8 pulses") == -1
    assert doses("eight-pulse pacing") == doses("8 pulses") == {"pulse": {8.0}}


def test_unclear_links_give_none():
    # a code spelled by its definition is an abbreviation (outcome_query.article_arm_aliases reads those)
    text = "Dyads were randomized to Weight Watchers (WW) or a self-guided control group (SG). The WW group lost more."
    assert linked_codes(text, "weight loss programme with meetings", "weight loss handout") == (None, None)
    # a third arm sharing the query arm's word, and a query naming the article's code itself
    third = ("Subjects took soy supplementation (the SOY group), whey supplementation (the WHEY group) or placebo "
             "(the PLA group).")
    assert linked_codes(third, "Whey protein", "Placebo")[0] is None
    assert linked_codes(third, "protein", "Placebo")[0] is None
    # a definition naming another agent's code is a combination, not the query arm
    combo = ("Specimens were divided: (G2) 99.6% ethanol, (G3) 0.1 M EDTA that followed by 99.6% ethanol. "
             "Bond strength in the G2 group and the G3 group did not differ.")
    assert linked_codes(combo, "Ethylene diamine tetraacetic acid", "Ethanol") == (None, None)
    assert linked_codes("No codes here.", "Drug", "Placebo") == (None, None)


def test_closed_ends_at_a_bracket_it_did_not_open():
    text = " 1.2 mg baclofen (oral) and 42 mg sorbitol) or High dose (HD"
    assert _closed(text) == " 1.2 mg baclofen (oral) and 42 mg sorbitol"


def test_outcome_data_reads_the_linked_code_in_a_table_header():
    rec = lambda arm, events, n: {"kind": "events", "arm": arm, "events": events, "n": n,  # noqa: E731
                                  "outcome_label": "Anaemia", "evidence": {"table": "Table 2", "caption": "Outcomes"}}
    records = [rec("DS group (n = 40)", 8, 40), rec("Control (n = 41)", 15, 41)]
    query = {"id": 1, "study": "x", "outcome": "Anaemia", "intervention": "Multivitamins - 1 sachet daily",
             "comparator": "No supplement"}
    text = SACHETS.replace("Children in the control group received nothing.", "")
    got = answer_query(query, records, text=text)
    assert (got["intervention_events"], got["comparator_events"]) == (8, 15)
    assert answer_query(query, records, text="Two groups were compared.")["intervention_events"] is None
