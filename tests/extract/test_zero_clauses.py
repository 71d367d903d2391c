"""Worded zero events read at the clause (extract/zero_clauses.py): invented sentences, no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract import event_counts as ec
from stemfoot.extract import zero_clauses as zc
from stemfoot.extract.number_grammar import SentenceClaims, scan
from stemfoot.extract.numbers import COUNT, static_rx


def _zeros(text: str) -> list[tuple[str, str | None, bool]]:
    """(statement, label or head words, every arm) of each zero read."""
    return [(text[c.start:c.end], c.label or text[c.head[0]:c.head[1]], c.every_arm) for c in zc.clause_zeros(text)]


@pytest.mark.parametrize("text,label", [
    # A coordinated phrase after "no": one zero of the whole phrase.
    ("No infusion reactions, ectopic tissue formation or tumours were detected in any patient.",
     "infusion reactions, ectopic tissue formation or tumours"),
    ("No allergic reactions, distal embolism or tumorigenesis were observed after infusion.",
     "allergic reactions, distal embolism or tumorigenesis"),
    ("Fever occurred in 2 patients, and no thromboembolic event occurred.", "thromboembolic event"),
    ("G-CSF caused bone pain in 6 patients, and no serious adverse event was attributed to transplantation.",
     "serious adverse event attributed to transplantation"),
    # A whole clause with no verb.
    ("No cell-related SAEs.", "cell-related SAEs"),
    ("AEs: hip pain 4 and 3; no procedure-related SAEs.", "procedure-related SAEs"),
    # A negated verb.
    ("Anti-HLA antibodies were not detected in any patient.", "Anti-HLA antibodies"),
    # Nobody did it.
    ("No patient died during follow-up.", "death"),
    ("Two patients died, and no leg required major amputation.", "major amputation"),
    ("No limb was amputated during the study.", "amputation"),
])
def test_negated_event_phrases(text, label):
    (z,) = _zeros(text)
    assert z[1] == label and z[2] is False


@pytest.mark.parametrize("text", [
    "Neither group had cell-related serious adverse events.",
    "No limb in either group required major amputation.",
    "No tumours or ectopic tissue formation were observed in either group.",
    "No tumours or ectopic tissue formation were observed at the injection sites in either limb.",
])
def test_zeros_of_every_arm(text):
    (z,) = _zeros(text)
    assert z[2] is True


@pytest.mark.parametrize("text", [
    # Review of round 24: words after the groups that narrow them name a subset of the arms.
    "No tumours were observed in both groups receiving cells.",
    "No tumours or ectopic tissue formation were observed in either group of cell-treated patients.",
])
def test_zeros_of_some_groups_are_not_every_arms(text):
    zeros = _zeros(text)
    assert zeros and all(z[2] is False for z in zeros)


@pytest.mark.parametrize("text", [
    "There was no significant difference in wound infection between groups.",
    "No other adverse events were recorded.",  # "other": of what is unsaid
    "Patients with no major amputation were followed for 2 years.",
    "No new lesions were found.",
    "No patients were lost to follow-up.",
    # Some arms only: whose zero it is needs the arms.
    "No tumorigenesis was found in any of the three transplantation groups.",
    # A phrase with no verb inside a clause is no statement.
    "Patients had no tumours and were followed up.",
])
def test_not_zero_statements(text):
    assert _zeros(text) == []


@pytest.mark.parametrize("text,arm,head", [
    ("Two minor amputations occurred in the control group and none in the UC-MSC group.", "none in the UC-MSC group",
     "amputations"),
    ("Major amputation was required in none of the CD34+ patients and in 2 standard care patients.",
     "in none of the CD34+ patients", "amputation"),
    ("Two saline limbs and no BM-MNC limb required major amputation.", "no BM-MNC limb", "amputation"),
    ("Two saline limbs and one PB-MNC limb underwent major amputation; none of the BM-MNC limbs did.",
     "none of the BM-MNC limbs", "amputation"),
    ("Major amputation: none in the UC-MSC arm, 2 in the BMT arm.", "none in the UC-MSC arm", "amputation"),
    ("No patient in Group I developed local complications at the injection sites.", "No patient in Group I",
     "complications"),
])
def test_one_arms_zero_names_its_arm(text, arm, head):
    (c,) = zc.arm_zeros(text)
    assert c.arm_inside and c.events == 0 and text[c.start:c.end] == arm and text[c.head[0]:c.head[1]] == head


@pytest.mark.parametrize("text", [
    "Ulcers healed in none of the control patients.",  # no event noun
    "Scores of 2 or more were seen in 9 BMMNC patients and no NS patient.",
    "no other patient had fever",  # no arm word
])
def test_no_arm_zero_without_event_or_arm(text):
    assert zc.arm_zeros(text) == []


def test_members_that_are_distinct_outcomes_are_one_zero_each():
    text = "Serious adverse events aside, no deaths, amputations or myocardial infarctions occurred."
    # "myocardial infarctions" is no outcome of the vocabulary: one zero of the whole phrase, of no one outcome.
    (whole,) = zc.negated_phrases(text)
    assert text[whole.head[0]:whole.head[1]] == "deaths, amputations or myocardial infarctions" and whole.mixed_label
    # Each member an outcome of its own (mortality, amputation): one zero per member, claimable side by side.
    text = "No deaths or amputations occurred in the first year."
    zeros = zc.negated_phrases(text)
    assert [c.label for c in zeros] == ["deaths", "amputations"]
    spans = [(c.start, c.end) for c in zeros]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


@pytest.mark.parametrize("text,labels", [
    ("No major amputations and no serious adverse events related to the injections were observed.",
     ["major amputations", "serious adverse events related to the injections"]),
    ("No deaths and no wound infections attributed to the cells were recorded.",
     ["deaths", "wound infections attributed to the cells"]),
    # One negator over both members: whether the tie is one member's or both, the words do not say; both keep it.
    ("No deaths or wound infections attributed to the cells were recorded.",
     ["deaths attributed to the cells", "wound infections attributed to the cells"]),
])
def test_a_member_with_its_own_negator_is_its_own_zero(text, labels):
    # Round 48: "and no X" opens a zero of its own; the tie after it is the last member's, not the first's.
    assert [c.label for c in zc.negated_phrases(text)] == labels


@pytest.mark.parametrize("text,labels", [
    ("No infections, no amputations and no deaths related to the cells were observed.",
     ["infections", "amputations", "deaths related to the cells"]),
    ("There were no deaths, no amputations and no infections related to the cells.",
     ["deaths", "amputations", "infections related to the cells"]),
    # One negator over a member of no outcome: one zero of the whole phrase, as before.
    ("No infections or amputations were observed.", ["infections or amputations"]),
    # A member without its own "no" (an end point's name in a list): no split, one phrase as before.
    ("End points were complete protection, no vomiting, no nausea, score of Functional Living Index-Emesis.",
     ["vomiting, no nausea, score of Functional Living Index-Emesis"]),
])
def test_members_with_their_own_negator_split_even_beside_a_member_of_no_outcome(text, labels):
    # mendlead48a: "no X, no Y and no Z" is three statements; a member outside the vocabulary ("infections") no
    # longer makes the whole list one zero (which lost the amputation and death zeros).
    assert [c.label for c in zc.negated_phrases(text)] == labels


@pytest.mark.parametrize("text,head", [
    ("No major amputations and no serious adverse events related to the injections were observed.",
     "adverse events"),
    ("No deaths and no wound infections occurred.", "infections"),
])
def test_the_first_zero_form_stops_at_a_second_negator(text, head):
    # Round 48: its filler never crosses "and no" (the first member's noun would be lost in the second's zero).
    (c,) = ec.zero_events(text)
    assert text[c.start:c.end].startswith("no ") and text[c.head[0]:c.head[1]] == head


@pytest.mark.parametrize("text,second", [
    ("There were no marrow-harvest complications and no procedure-related deaths.", "procedure-related deaths"),
    ("Overall, there were no deaths and no injection-site infections.", "injection-site infections"),
])
def test_there_were_no_x_and_no_y_is_two_zeros(text, second):
    # Round 48: "there were" is the clause's verb, so a verbless "and no Y" closing it is a zero of its own (the
    # first zero form reads "there were no X").
    claims = SentenceClaims(text, 0)
    scan(claims, [])
    zeros = sorted((a, st) for a, b, *_, st in claims.found if st["kind"] == "events" and st["events"] == 0)
    assert len(zeros) == 2 and zeros[1][1]["_outcome"]["label"] == second


def test_there_were_no_comparison_is_no_clause_start_for_a_zero():
    assert zc.negated_phrases("Overall there were no differences and no deaths.") == []


def test_a_coordinated_zero_pair_is_claimed_as_two_outcomes():
    claims = SentenceClaims("No major amputations and no serious adverse events related to the injections were "
                            "observed.", 0)
    scan(claims, [])
    zeros = [st for *_, st in claims.found if st["kind"] == "events" and st["events"] == 0]
    # Two zeros, the amputation one of its own words (the other takes the outcome mention on its noun in the
    # pipeline; here there are no mentions).
    assert len(zeros) == 2 and "amputation" in [st.get("_outcome", {}).get("outcome") for st in zeros]


@pytest.mark.parametrize("text", [
    "No wound infections required hospital admission.",
    "No serious adverse event required discontinuation of the study treatment.",
    "No ulcer recurrence needed surgical revision.",
])
def test_an_active_required_is_no_zero_of_its_subject(text):
    # Review r20 finding 1: what the events led to ("required hospital admission") is denied, not the events:
    # the infections may have happened. Only the passive ("no amputation was required") says none happened.
    assert zc.negated_phrases(text) == []


def test_a_passive_required_is_a_zero():
    (c,) = zc.negated_phrases("No major amputation was required during follow-up.")
    assert c.events == 0 and c.label == "major amputation"


def test_zeros_are_claimed_with_the_zero_form():
    text = "No infusion reactions, ectopic tissue formation or tumours were detected in any patient."
    claims = SentenceClaims(text, 0)
    scan(claims, [])
    (st,) = [st for *_, st in claims.found if st["kind"] == "events"]
    assert st["events"] == 0 and "event_count_zero" in st["flags"]
    arm = SentenceClaims("Two minor amputations occurred in the control group and none in the UC-MSC group.", 0)
    scan(arm, [])
    assert any("zero_arm_inside" in st["flags"] for *_, st in arm.found)


def test_code_digits_are_no_count():
    # A product code's digits are its name ("PLC-17 patients"), never a count.
    from stemfoot.extract.candidates import find_candidates
    text = "Healing occurred in 29 PLC-17 patients (80.6%) and 20 placebo patients (55.6%)."
    assert sorted(c.values.get("events") for c in find_candidates(text) if c.kind == "events") == [20.0, 29.0]
    # The fix itself: COUNT never reads the digits of "letters-digits" as a count (it did before round 20).
    assert [m.group() for m in static_rx(COUNT).finditer("29 PLC-17 patients and 4 ALD-301 recipients")] == ["29", "4"]


def test_a_phrase_of_mixed_outcomes_is_of_none():
    # "serious adverse events" is an outcome, the other members are not: the zero is not one of adverse events.
    (c,) = zc.negated_phrases("No infusion-related serious adverse events, allergic reactions or distal embolic "
                              "events were observed.")
    assert c.mixed_label
    (one,) = zc.negated_phrases("No tumours or thromboembolic events were observed.")
    assert not one.mixed_label  # no member is an outcome of the vocabulary: its label is looked up whole


@pytest.mark.parametrize("text", [
    "Wound infection occurred in 2 of 10 patients (20.0%) in group B vs. none in the UC-MSC group.",
    "Wound infection occurred in 2 patients (20.5%) and none in the UC-MSC group.",
])
def test_an_arm_zero_clause_is_not_cut_at_a_decimal_or_vs(text):
    # Review r20 finding 5: a decimal point or "vs." ends no clause; the zero is of the clause's event noun.
    (c,) = zc.arm_zeros(text)
    assert text[c.head[0]:c.head[1]] == "infection"


def test_an_arm_zero_clause_ends_at_a_full_stop():
    # A full stop still ends it: the earlier sentence's event noun is not this clause's.
    assert zc.arm_zeros("Fever was frequent. Mobilisation was completed in none of the CD34+ patients.") == []


def test_a_zero_closing_a_list_of_the_arms_values_names_its_arm():
    # No event noun in the clause ("healed" is a verb): the zero closes the arms' list, so it counts what the list does.
    text = "Ulcers had healed by 12 weeks in 93% of G1 patients, 71% of G2 patients and none of the G3 patients."
    (z,) = zc.arm_zeros(text)
    assert (text[z.start:z.end], z.events, z.arm_inside, z.head) == ("none of the G3 patients", 0, True, None)
    # Without the list before it, a zero with no event noun is still no zero.
    assert zc.arm_zeros("By 12 weeks, ulcers had healed, but none of the G3 patients.") == []


@pytest.mark.parametrize("text,label", [
    # Round 27 (blind31): a zero of every arm in words the readers missed.
    ("Infusion-related hypersensitivity was not observed in any of the three arms.", "Infusion-related hypersensitivity"),
    ("Adverse events occurred in 18 and 16 patients, respectively, with no immunogenicity-related events in either group.",
     "immunogenicity-related events"),
    ("No patient in any of the four groups underwent major amputation during the 16 weeks.", "major amputation"),
])
def test_round27_zeros_of_every_arm(text, label):
    (z,) = _zeros(text)
    assert z[1] == label and z[2] is True


def test_a_verbless_zero_inside_a_clause_needs_its_clause_to_end_at_either_group():
    # "in either group" that goes on ("... in either group of treated patients") or a phrase not opening its clause
    # ("Patients had no tumours in either group") is no statement of a zero.
    assert _zeros("Patients had no tumours in either group.") == []
    assert _zeros("Treatment went on, with no tumours in either group of cell-treated patients.") == []


def test_nobody_did_two_things_is_one_zero_per_outcome():
    # Gold convention 35: "No patient died or underwent major amputation" is two records.
    zeros = _zeros("No patient died or underwent major amputation during the study.")
    assert [(s, lab, every) for s, lab, every in zeros] == [("No patient died", "death", False),
                                                            ("major amputation", "major amputation", False)]
    # The second verb's object must name an event.
    assert _zeros("No patient died or underwent repeat surgery.") == [("No patient died", "death", False)]


def test_none_did_so_in_an_arm_is_that_arms_zero_of_the_earlier_event():
    text = "Two ulcers in the dressing group progressed to minor amputation; none did so in the ADSC sheet group."
    (c,) = zc.arm_zeros(text)
    assert (text[c.start:c.end], text[c.head[0]:c.head[1]], c.arm_inside) == \
        ("none did so in the ADSC sheet group", "amputation", True)
    # No event earlier in the sentence: no zero.
    assert zc.arm_zeros("Most ulcers healed; none did so in the ADSC sheet group.") == []


def test_the_grammar_leaves_the_second_outcome_of_nobody_died_or_to_its_own_zero():
    # The grammar read "No patient died or underwent major amputation" as one zero (of the amputation mention);
    # now death and amputation are a zero each. A count stays one composite ("Two patients died or ...").
    from stemfoot.extract.candidates import find_candidates
    zeros = [c for c in find_candidates("No patient died or underwent major amputation during the study.")
             if c.kind == "events"]
    assert [c.values["events"] for c in zeros] == [0.0, 0.0]
    (two,) = [c for c in find_candidates("Two patients died or underwent major amputation.") if c.kind == "events"]
    assert two.values["events"] == 2.0


@pytest.mark.parametrize("text", [
    # "did so" stands for another verb than the event noun's: the noun is a reason ...
    "Four patients in the MSC group were lost to follow-up after major amputation; none did so in the placebo group.",
    # ... or another clause with its own count and verb stands between them.
    "Major amputation occurred in 2 patients in the control group, while 5 patients in the cell group achieved "
    "complete healing and none did so in the control group.",
])
def test_none_did_so_needs_the_event_done_right_before_it(text):
    assert zc.arm_zeros(text) == []


def test_none_did_so_after_a_closing_time_phrase_still_reads():
    text = "Two patients in the cell group developed wound infection at 4 weeks, and none did so in the control group."
    (c,) = zc.arm_zeros(text)
    assert text[c.head[0]:c.head[1]] == "infection"


def test_the_second_outcome_of_nobody_died_or_keeps_its_tie():
    # A cell-related SAE is not every SAE: the tie is the second zero's label.
    assert _zeros("No patient died or had a serious adverse event related to the cells.") == [
        ("No patient died", "death", False),
        ("serious adverse event", "serious adverse event related to the cells", False)]


def test_none_did_so_after_an_event_that_is_its_clauses_subject():
    text = "Osteomyelitis developed in 2 control patients; none did so in the BM-MNC group."
    (c,) = zc.arm_zeros(text)
    assert text[c.head[0]:c.head[1]] == "Osteomyelitis"


def test_a_verbless_zero_in_either_group_with_an_exception_is_no_zero():
    # The control group had one: "in either group" does not hold, and which arm the zero is of is not said.
    assert _zeros("Adverse events were mild, with no amputations in either group, except one minor amputation in "
                  "the control group.") == []


def test_nobody_died_or_in_either_group_is_both_zeros_of_every_arm():
    assert _zeros("No patient died or underwent major amputation in either group.") == [
        ("No patient died", "death", True), ("major amputation", "major amputation", True)]


@pytest.mark.parametrize("text,label", [
    # What "No patient developed" names is the event, whatever its noun: no event-noun list need hold it.
    ("No patient in any of the three arms developed compartment syndrome.", "compartment syndrome"),
    ("No patient experienced contrast-induced nephropathy in either group.", "contrast-induced nephropathy"),
])
def test_the_object_of_nobody_developed_is_an_event_of_every_arm(text, label):
    assert [(lab, every) for _, lab, every in _zeros(text)] == [(label, True)]


@pytest.mark.parametrize("text", [
    "No patient developed a significant change in ABI.",   # a comparison, no event
    "No patient had diabetes insipidus.",                   # "had" still needs an event noun
])
def test_the_object_of_other_verbs_or_a_comparison_is_no_zero(text):
    assert _zeros(text) == []


def test_a_phrase_not_observed_in_any_of_the_arms_is_a_zero_whatever_its_noun():
    assert _zeros("Compartment syndrome was not observed in any of the three arms.") == [
        ("Compartment syndrome", "Compartment syndrome", True)]


def test_a_phrase_not_observed_without_every_arm_words_still_needs_an_event_noun():
    assert _zeros("Compartment syndrome was not observed.") == []


def test_a_zero_of_a_group_letter_arm_takes_its_own_object_not_the_earlier_event():
    text = ("Transient fever after injection occurred in 3 Group A patients, and no Group B patient had complications "
            "of bone marrow harvest.")
    (c,) = zc.arm_zeros(text)
    assert (text[c.start:c.end], text[c.head[0]:c.head[1]]) == ("no Group B patient", "complications")


def test_a_coded_arm_zero_with_a_verb_of_its_own_is_of_that_verbs_object():
    # Before, the clause's earlier "Wound infection" was taken: a zero of infection on the BM-MNC arm.
    text = "Wound infection occurred in 2 control patients and no BM-MNC limb required major amputation."
    (c,) = zc.arm_zeros(text)
    assert text[c.head[0]:c.head[1]] == "amputation"


@pytest.mark.parametrize("text", [
    "There were no amputations in either group, except one in the control group.",
    "No amputations occurred in either group, except one in the control group.",
    "No patient in either group developed wound infection, except one in the control group.",
    # Round 24 read this as a zero of no one arm; placed by later stages it became a wrong cohort zero.
    "No serious adverse events were observed in either group except one case of cellulitis in the control group.",
])
def test_an_every_arm_zero_with_an_exception_is_no_zero_of_any_arm(text):
    # The excepted arm had one: a zero copied to every arm would put a wrong 0 on it.
    assert zc.clause_zeros(text) == [] and [c for c in ec.event_counts(text) if c.events == 0] == []


def test_an_every_arm_zero_without_an_exception_is_still_read():
    assert [c.every_arm for c in ec.event_counts("There were no amputations in either group.") if c.events == 0] == [True]


@pytest.mark.parametrize("text", [
    "No serious adverse effect was observed except transient fever in two patients of the cell group.",
    "No adverse events related to the procedure were observed apart from two cases of transient hypotension.",
])
def test_a_zero_with_an_exception_of_another_event_is_still_read(text):
    # No every-arm words: the exception is another event, the zero holds for the rest (bl4_13, bl9_07's golds).
    assert [c for c in ec.event_counts(text) if c.events == 0]


@pytest.mark.parametrize("text", [
    "No amputations occurred in either group, except one in the control group.",
    "No amputations occurred in either group, except for one minor toe amputation in the control group.",
])
def test_an_outcome_zero_with_an_exception_is_no_cohort_zero_either(text):
    # Review of round 28: the number grammar's "No X occurred" read it as a zero with no every-arm words, which the
    # later stages placed on the cohort: a wrong 0 (the control group had one).
    s = text.index("amputations")
    outcome = {"outcome": "amputation", "label": "amputations", "countable": True,
               "evidence": {"start": s, "end": s + len("amputations")}}
    claims = SentenceClaims(text, 0)
    scan(claims, [outcome])
    assert [st for *_, st in claims.found if st["kind"] == "events" and st["events"] == 0] == []


@pytest.mark.parametrize("text,head", [
    # A pronoun object stands for the earlier event: that event is the zero's.
    ("Major amputation was performed in 3 control patients, whereas no BM-MNC patient required it.", "amputation"),
    ("Amputation occurred in 4 Group A patients, and no Group B patient had any.", "Amputation"),
    # A real object is still the zero's own.
    ("Amputation occurred in 4 Group A patients, and no Group B patient had any complications of harvest.",
     "complications"),
])
def test_an_arm_zero_whose_object_is_a_pronoun_takes_the_earlier_event(text, head):
    (c,) = zc.arm_zeros(text)
    assert text[c.head[0]:c.head[1]] == head


@pytest.mark.parametrize("text", [
    "Neovascularization was not observed in either group.",
    "No patient developed new collateral vessels.",
])
def test_a_measure_of_the_vocabulary_is_no_zero_of_any_noun(text):
    # Review of round 28: any noun phrase counted in every arm is an event, but not a measure's (a count of
    # events of the angiographic score would sit beside its means).
    assert _zeros(text) == []


def _scan_zeros(text: str, words: str) -> list[dict]:
    """The zeros the number grammar reads, with the outcome mention given and without it (the clause readers)."""
    s = text.index(words)
    outcome = {"outcome": "x", "label": words, "countable": True, "evidence": {"start": s, "end": s + len(words)}}
    zeros = []
    for outcomes in ([outcome], []):
        claims = SentenceClaims(text, 0)
        scan(claims, outcomes)
        zeros += [st for *_, st in claims.found if st["kind"] == "events" and st.get("events") == 0]
    return zeros


@pytest.mark.parametrize("text,words", [
    # Review of round 28: an exception of the people who had the same event takes the zero back, every-arm words
    # or not; read, it was a wrong cohort zero beside the excepted arm's count.
    ("No patient required amputation, except two patients in the control group.", "amputation"),
    ("No deaths occurred except one in the control group.", "deaths"),
    ("No amputations were performed except in one control patient.", "amputations"),
    ("No patient developed wound infection apart from one BM-MNC patient.", "wound infection"),
    # The zero read as its noun phrase alone, its verb before the comma.
    ("No serious adverse events were observed, except one patient in the control group.", "serious adverse events"),
])
def test_an_exception_of_the_same_events_people_is_no_zero(text, words):
    assert _scan_zeros(text, words) == []


@pytest.mark.parametrize("text,words", [
    # An exception of another event keeps the zero of the rest (bl4_13, bl9_07's golds).
    ("No serious adverse effect was observed except transient fever in two patients of the cell group.",
     "serious adverse effect"),
    ("No adverse events related to the procedure were observed apart from two cases of transient hypotension.",
     "adverse events"),
    ("No major amputation occurred, except for a minor toe amputation in one patient.", "major amputation"),
])
def test_an_exception_of_another_event_keeps_the_zero(text, words):
    assert _scan_zeros(text, words)


@pytest.mark.parametrize("obj", ["such a procedure", "the procedure", "it"])
def test_an_object_standing_for_the_earlier_event_keeps_it(obj):
    """"… whereas no BM-MNC patient required such a procedure": the zero is of the sentence's amputation."""
    text = f"Major amputation was performed in 3 control patients, whereas no BM-MNC patient required {obj}."
    assert [(label, every) for _, label, every in _zeros(text)] == [("amputation", False)]


def test_an_exception_counted_in_words_takes_the_zero_back():
    """"except twelve patients …": a count in words is a count (the exception reads the project's COUNT)."""
    from stemfoot.extract.number_grammar import _RX
    text = "No deaths occurred, except twelve patients in the standard care group."
    assert _RX.EXCEPT_AFTER_ZERO.match(text, len("No deaths")) is not None
    text = "No deaths occurred, except transient fever in two patients."
    assert _RX.EXCEPT_AFTER_ZERO.match(text, len("No deaths")) is None

