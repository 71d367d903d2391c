"""Prose event counts (extract/event_counts.py): invented sentences, no spaCy."""
from __future__ import annotations

import re

import pytest

from stemfoot.extract import event_counts as ec
from stemfoot.extract.number_grammar import SentenceClaims, scan


def _read(reader, text: str) -> list[tuple[str, int, int | None]]:
    return [(text[c.start:c.end], c.events, c.total) for c in reader(text)]


def _values(reader, text: str) -> list[tuple[int, int | None]]:
    return [(c.events, c.total) for c in reader(text)]


@pytest.mark.parametrize("text,want", [
    ("Three episodes of syncope were recorded.", [(3, None)]),
    ("One deep wound infection and two seromas occurred.", [(1, None), (2, None)]),
    ("Four access-site hematomas were noted.", [(4, None)]),
])
def test_count_before_event_noun(text, want):
    assert _values(ec.count_head_events, text) == want


def test_count_in_each_group_is_every_arm():
    (c,) = ec.count_head_events("One myocardial infarction occurred in each group.")
    assert c.events == 1 and c.every_arm


@pytest.mark.parametrize("text", [
    "Pain fell by 3 points at week 12.",
    "The 24-week pain score was lower.",
    "Patients with grade 2 infection were included.",
])
def test_counts_that_are_not_of_events(text):
    assert ec.count_head_events(text) == []


def test_patients_had_event():
    text = "Seven patients had transient nausea and 3 had mild headache."
    assert _values(ec.had_events, text) == [(7, None), (3, None)]
    assert _values(ec.had_events, "Muscle cramps were reported by five patients.") == [(5, None)]


@pytest.mark.parametrize("text,want", [
    ("Of the 16 ulcerated feet in the gel arm, 11 healed and 3 improved.", [(11, 16), (3, 16)]),
    ("Of 8 patients with gangrene, 5 underwent amputation.", [(5, 8)]),
    ("Of the 30 healed wounds, four recurred within a year.", [(4, 30)]),
])
def test_denominator_first(text, want):
    assert _values(ec.of_total_events, text) == want


def test_denominator_first_keeps_events_within_total():
    assert ec.of_total_events("Of 5 patients with ulcers, 7 healed.") == []
    assert ec.of_total_events("Of the 40 patients randomised, 36 completed the study.") == []


def test_shared_denominator_list():
    text = "Amputation was needed in 2, 5 and 7 of 20 patients in the three groups, respectively."
    assert _read(ec.shared_total_events, text) == [("2", 2, 20), ("5", 5, 20), ("7", 7, 20)]
    # Pairs "a of n" are not one shared denominator.
    assert ec.shared_total_events("Healing occurred in 9 of 14 and 4 of 15 patients.") == []


def test_counts_per_group():
    text = "Minor amputation was performed on 3 feet in the gel group and 8 feet in the gauze group."
    assert _values(ec.per_group_events, text) == [(3, None), (8, None)]
    text = "By 2 years, 6 patients in the cell group and 10 in the control group had died."
    assert _values(ec.per_group_events, text) == [(6, None), (10, None)]
    assert _values(ec.per_group_events, "Death occurred in 2 BMAC and 5 placebo patients.") == [(2, None), (5, None)]


def test_counts_per_group_skip_dispositions():
    text = "Three patients in the cell group and two in the control group withdrew."
    assert ec.per_group_events(text) == []


def test_breakdown_lists_must_add_up():
    text = "Nine patients died (3, 2 and 4 in the low, high and placebo groups, respectively)."
    assert _values(ec.breakdown_events, text) == [(3, None), (2, None), (4, None)]
    text = "Nine patients died (3, 2 and 5 in the low, high and placebo groups, respectively)."
    assert ec.breakdown_events(text) == []
    (c,) = ec.breakdown_events("Four deaths occurred (two in each group).")
    assert c.events == 2 and c.every_arm


def test_is_event_head():
    assert ec.is_event_head("haematomas") and ec.is_event_head("harvest-site") is False
    assert ec.is_event_head("toxicities") and ec.is_event_head("deaths") and not ec.is_event_head("patients")


def test_grammar_claims_prose_counts_with_their_noun_as_outcome():
    text = "Two seromas and one wound infection were the only adverse events."
    claims = SentenceClaims(text, 0)
    scan(claims, [])
    got = [(text[a:b], st["events"], st["_outcome"]["label"]) for a, b, st in claims.found]
    assert got == [("Two seromas", 2, "seromas"), ("one wound infection", 1, "infection")]


def test_grammar_shared_denominator_before_pairs():
    text = "Ulcers closed in 6, 9 and 3 of 12 patients, respectively."
    claims = SentenceClaims(text, 0)
    scan(claims, [])
    assert sorted((st["events"], st["total"]) for *_, st in claims.found if st["kind"] == "events") == [
        (3, 12), (6, 12), (9, 12)]


# Round 8: worded zeros and "(n = k)" counts (claimed since round 9). Invented sentences.
@pytest.mark.parametrize("text,head,every", [
    ("No dose-limiting toxicity was seen.", "toxicity", False),
    ("No serious adverse events linked to the injections were reported.", "adverse events", False),
    ("There were no access-site complications.", "complications", False),
    ("No participant developed antibodies against the donor cells.", "antibodies", False),
    ("Overall, no wound infections occurred in either group.", "infections", True),
    ("No patient in both arms had a seroma.", "seroma", True),
    # Round 24: "either limb" (within-patient arms) and a few more words of the clause before "in either group".
    ("There were no injection-related complications in either limb.", "complications", True),
    ("There were no wound infections attributable to the injections in either group.", "infections", True),
    ("There were no deaths, amputations or revascularisation procedures in either group.", "deaths", True),
    # ... but not across a joined clause, a number or another arm, and "any group" only right after the phrase.
    ("No deaths occurred, and wound healing was similar in both groups.", "deaths", False),
    ("There were no deaths at 12 months in either group.", "deaths", False),
    ("There were no deaths in the cell group and two in both groups.", "deaths", False),
    ("No serious adverse events occurred during follow-up in any group.", "adverse events", False),
    # Review of round 24: words after the groups that narrow them name a subset of the arms.
    ("There were no deaths in either group of cell-treated patients.", "deaths", False),
    ("There were no amputations in both groups receiving cells.", "amputations", False),
])
def test_worded_zero_events(text, head, every):
    (c,) = ec.zero_events(text)
    assert c.events == 0 and c.total is None and c.every_arm is every
    assert text[c.head[0]:c.head[1]].endswith(head)


@pytest.mark.parametrize("text", [
    "There was no significant difference in deaths between groups.",
    "No change in infection rates was observed.",
    "No other patients were included.",
    "Rest pain was absent in 9 patients.",
    "No patient in either cell-treated group had a bruise.",  # not every arm: read, but not every_arm
])
def test_not_a_zero_event_or_not_every_arm(text):
    found = ec.zero_events(text)
    assert all(not c.every_arm for c in found)
    if "cell-treated" not in text:
        assert found == []


def test_n_equals_event_counts():
    text = "Reactions were mild (bone pain, n = 12; fever, n = 3), and access-site haematoma (n=2) resolved."
    assert _read(ec.n_equals_events, text) == [("pain, n = 12", 12, None), ("fever, n = 3", 3, None),
                                                ("haematoma (n=2", 2, None)]


@pytest.mark.parametrize("text", [
    "Patients were randomised to cells (n = 20) or placebo (n = 20).",
    "Patients with diabetes (n = 14) and smokers (n = 6) were included.",
    # The patients with the condition, whose outcome follows: 9 are the events, 12 their denominator.
    "Rest pain (n = 12) resolved in 9 patients.",
    "Claudication (n = 7) had improved in 5 patients by month 6.",
])
def test_n_equals_that_are_not_events(text):
    assert ec.n_equals_events(text) == []


def test_zero_and_n_equals_readers_are_claimed_with_their_form():
    # Round 9: claimed by the grammar; the form lets the stages place them (stages.event_placement).
    assert {ec.zero_events, ec.n_equals_events} <= set(ec.READERS)
    (c,) = ec.n_equals_events("Bone pain (n = 4) resolved.")
    assert c.form == "n_equals"
    (z,) = ec.zero_events("No wound infections occurred.")
    assert z.form == "zero"


@pytest.mark.parametrize("text", [
    "There was no signal of increased malignancy.",
    "No excess of malignancy was observed.",
])
def test_comparisons_are_not_zero_events(text):
    assert ec.zero_events(text) == []


def test_n_equals_list_over_arms_is_not_one_count():
    # "(n=6 and n=9)" gives each arm its count: not one event count of 6.
    assert ec.n_equals_events("Wound infection (n=6 and n=9) was the most common.") == []


# Round 11: zeros of the events just counted, single counts of a named event, counts labelled by their arm.

@pytest.mark.parametrize("text,head", [
    ("Serious adverse events occurred in 11 (44%) and 12 (46%) participants; none was attributed to the study product.",
     "adverse events"),
    ("Four deaths occurred (two in each group), none considered treatment related.", "deaths"),
    ("Adverse events were reported in 18 and 21 patients; none was both serious and related to treatment.",
     "Adverse events"),
    ("Serious adverse events were reported in 21 and 23 patients; none were judged related to the study procedure.",
     "adverse events"),
])
def test_none_related_is_a_zero_of_the_counted_events(text, head):
    (c,) = ec.none_related_events(text)
    assert c.events == 0 and c.form == "zero_of" and text[c.head[0]:c.head[1]] == head


@pytest.mark.parametrize("text,head,label", [
    # Round 20: the golds list these zeros (of the counted events, whichever subset was serious) on the cohort.
    ("Five patients experienced 7 adverse events, none of which was related to the cells.", "adverse events",
     "adverse events related to the cells"),
    ("Four patients died during follow-up, none from a procedure-related cause.", "died", "procedure-related deaths"),
    ("Adverse events occurred in 5, 4 and 4 patients, respectively; none were serious.", "Adverse events",
     "serious Adverse events"),
    # The events in brackets are examples, not the antecedent.
    ("Adverse events were reported in 9 of 12 patients, including 2 serious events (one stroke and one wound "
     "infection), neither considered related to the cells.", "Adverse events", "Adverse events related to the cells"),
])
def test_none_related_of_a_subset_death_or_serious(text, head, label):
    (c,) = ec.none_related_events(text)
    assert c.form == "zero_of" and text[c.head[0]:c.head[1]] == head and c.label == label


@pytest.mark.parametrize("text", [
    "A total of 41 adverse events were recorded in 16 patients, of which 6 were serious; none was judged related "
    "to the study product.",
    "Twelve adverse events occurred in 7 patients; 4 were serious, none of which was related to the cell product.",
])
def test_a_zero_after_a_counted_subset_is_of_the_subset(text):
    # Review r20 finding 2: only the serious ones were said unrelated; a zero of all related adverse events
    # (treatment_related_adverse_events = 0) would be a claim the sentence does not make.
    (c,) = ec.none_related_events(text)
    assert c.label.startswith("serious adverse events related to the")
    assert c.mixed_label  # of no one outcome of the vocabulary: the label alone is kept


def test_a_zero_after_a_subset_of_unsaid_words_is_no_zero():
    # "of which most resolved": which events the zero speaks of is unsaid (the SUBSET guard).
    text = ("Seventeen adverse events were recorded in 9 patients, of which most resolved; none was related to "
            "the cells.")
    assert ec.none_related_events(text) == []


@pytest.mark.parametrize("text,label", [
    ("Five patients died, none from a procedure-related cause.", "procedure-related deaths"),
    ("Three deaths occurred during follow-up, none related to treatment.", "deaths related to treatment"),
])
def test_a_qualified_zero_of_deaths_is_no_mortality_zero(text, label):
    # Review r20 finding 3: the vocabulary reads "procedure-related deaths" as mortality; a zero of mortality would
    # contradict the deaths just counted. The zero keeps its label, of no outcome, and its whole span.
    (c,) = ec.none_related_events(text)
    assert c.label == label and c.mixed_label
    assert not re.search(r"\w", text[c.end:])  # through "cause", to the sentence's end


def test_a_qualified_zero_of_another_outcome_keeps_it():
    # "adverse events related to the cells" is its own outcome (treatment-related adverse events), not a fallback.
    (c,) = ec.none_related_events("Five patients experienced 7 adverse events, none of which was related to the cells.")
    assert not c.mixed_label


def test_none_serious_or_related_is_two_zeros():
    text = "There were 11 adverse events in 8 patients, none of them serious or related to the product."
    assert [c.label for c in ec.none_related_events(text)] == ["serious adverse events",
                                                               "adverse events related to the product"]


@pytest.mark.parametrize("text", [
    # No count before it: nothing to be a subset of.
    "Adverse events were mild and none was related to the procedure.",
    # Not a zero of events.
    "Of the 12 patients with ulcers, none had healed by week 4.",
])
def test_none_related_look_alikes(text):
    assert ec.none_related_events(text) == []


@pytest.mark.parametrize("text,want", [
    ("Apheresis was discontinued because of hypotension in 3 patients.", [("3 patients", 3, None)]),
    ("AEs: bruising at harvest site in 4 pts, 1 wound infection.", [("4 pts", 4, None)]),
    ("G-CSF caused bone pain during mobilization in 12 PB-MNC patients.", [("12 PB-MNC patients", 12, None)]),
    ("Harvest-site pain occurred in six BMAC patients.", [("six BMAC patients", 6, None)]),
    ("Transient fever was observed in 2 of 20 patients.", [("2 of 20 patients", 2, 20)]),
])
def test_single_count_of_a_named_event(text, want):
    assert _read(ec.head_in_n_events, text) == want


@pytest.mark.parametrize("text", [
    "Reduction of rest pain in 12 patients was reported.",  # relief, not an event
    "Rest pain disappeared in 10 patients.",  # the verb says it went away
    "Pain in 5 patients resolved by week 2.",
    "A history of stroke in 3 patients was recorded at baseline.",
    "Patients aged 60 years in 30 centres were enrolled.",  # no event noun
    "Ulcers healed in 12 patients.",  # an outcome, not an adverse event noun (read elsewhere)
    "Bone marrow was aspirated in 20 patients with 120 mL.",  # a procedure, not an event
])
def test_single_count_look_alikes(text):
    assert ec.head_in_n_events(text) == []


@pytest.mark.parametrize("text,want", [
    ("AEs: hip pain 4 (BMAC) and 3 (sham); no SAEs.", [("4 (BMAC)", 4, None), ("3 (sham)", 3, None)]),
    ("Haematoma occurred in 5 (BMMNC) and 4 (placebo) patients.", [("5 (BMMNC)", 5, None), ("4 (placebo)", 4, None)]),
    ("Major amputation: 1 vs 3; minor amputation: 4 vs 5.", [("1", 1, None), ("3", 3, None), ("4", 4, None),
                                                             ("5", 5, None)]),
    ("Deaths: 2 versus 1 versus 0.", [("2", 2, None), ("1", 1, None), ("0", 0, None)]),
])
def test_counts_labelled_by_their_arm(text, want):
    assert _read(ec.labelled_pair_events, text) == want


@pytest.mark.parametrize("text", [
    "Mean age was 64 (SD) and 66 (range) years.",  # statistics in brackets, not arm labels
    "Ulcer area fell from 4 (IQR) and 3 (IQR) cm2.",
    "The dose was 2 (low) and 4 (high) million cells per kg.",  # doses: no event noun, no people after
    "Rest pain: 4 vs 6 on the VAS.",  # a score
    "Age: 64 vs 66.",  # not an event noun
    "Cell count: 12 vs 15.",
])
def test_labelled_count_look_alikes(text):
    assert ec.labelled_pair_events(text) == []


@pytest.mark.parametrize("text,want", [
    ("Amputation was needed in 1 patient in group A and 5 patients in group B.", [1, 5]),
    ("Fever occurred in 3 cases of group A and 1 case of group C.", [3, 1]),
    ("Three patients in Group P and four in Group C died.", [3, 4]),
])
def test_counts_with_a_lettered_group(text, want):
    assert [c.events for c in ec.group_label_events(text)] == want


@pytest.mark.parametrize("text", [
    "We randomised 17 patients in group A and 14 in group B.",  # allocation: group sizes
    "Ulcers were present in 11 patients of group A and 10 of group B.",  # denominators
    "Amputation was needed in 1 patient in group A.",  # one count: left to the other readers
    "Healing was faster in group A than in group B (12 vs 16 weeks).",
])
def test_lettered_group_look_alikes(text):
    assert ec.group_label_events(text) == []


def test_lettered_group_counts_take_the_event_noun_of_their_clause():
    text = "Two patients in group B, but none in group A, required toe amputation."
    counts = ec.group_label_events(text)
    assert [c.events for c in counts] == [2, 0]
    assert {text[c.head[0]:c.head[1]] for c in counts} == {"amputation"}


def test_lettered_group_counts_prefer_the_noun_before_them_in_their_clause():
    text = "Fever occurred in 3 cases of group A and 1 case of group C, and swelling in 2 cases of group B."
    heads = {text[c.head[0]:c.head[1]] for c in ec.group_label_events(text)}
    assert heads == {"Fever"}


def test_a_labelled_count_spans_through_its_closing_bracket():
    text = "Haematoma occurred in 5 ( BMMNC ) and 4 (placebo) patients."
    assert [text[c.start:c.end] for c in ec.labelled_pair_events(text)] == ["5 ( BMMNC )", "4 (placebo)"]


# Round 12 review: a zero qualified by what the events were due to counts the treatment-related ones.

def test_none_related_counts_the_treatment_related_adverse_events():
    text = "Adverse events were recorded in 9 patients of the ADSC group, none related to the cell injections."
    (c,) = ec.none_related_events(text)
    assert c.label == "Adverse events related to the cell injections"
    hit = text.index("Adverse events")
    mention = {"outcome": "adverse_events", "label": "Adverse events", "countable": False,
               "evidence": {"start": hit, "end": hit + len("Adverse events")}}
    claims = SentenceClaims(text, 0)
    scan(claims, [mention])
    zero = [st for *_, st in claims.found if st["events"] == 0]
    assert [st["_outcome"]["outcome"] for st in zero] == ["treatment_related_adverse_events"]
    assert "zero_of_counted" in zero[0]["flags"]
    text = "Serious adverse events occurred in 4 and 5 patients; none was considered treatment related."
    assert [c.label for c in ec.none_related_events(text)] == ["treatment related adverse events"]


def test_a_whole_sentence_zero_tied_to_a_cause_is_the_worded_zero_form():
    # Placed by what the events were due to (stages.event_placement), as before the vocabulary named the longer
    # mention "adverse events related to the bone marrow harvest".
    text = "No adverse events related to the bone marrow harvest occurred."
    label = "adverse events related to the bone"
    hit = text.index(label)
    mention = {"outcome": "treatment_related_adverse_events", "label": text[hit:hit + len(label)],
               "countable": False, "evidence": {"start": hit, "end": hit + len(label)}}
    claims = SentenceClaims(text, 0)
    scan(claims, [mention])
    (st,) = [st for *_, st in claims.found]
    assert st["events"] == 0 and "event_count_zero" in st["flags"]
    assert st["_outcome"]["outcome"] == "treatment_related_adverse_events"


# Round 20: an elliptical second count carries the event noun of the first, read already as a count of it.
def test_elliptical_second_count_after_a_counted_event_noun():
    text = "There were 3 deaths in the CD34+ group and 2 in the placebo group."
    claims = SentenceClaims(text, 0)
    scan(claims, [])
    assert sorted(st["events"] for *_, st in claims.found if st["kind"] == "events") == [2, 3]


def test_a_count_of_groups_is_no_count_of_events():
    # Round 27 (bl31_15): "the four groups underwent major amputation" counts groups, not amputations.
    assert ec.event_counts("No patient in any of the four groups underwent major amputation.") == []
    (c,) = ec.event_counts("Two superficial wound infections occurred.")
    assert c.events == 2


def test_a_worded_zero_keeps_the_total_written_after_it():
    (z,) = ec.zero_events("There were no apheresis-related serious adverse events among the 142 treated patients.")
    assert (z.events, z.total) == (0, 142)
    (z,) = ec.zero_events("There were no harvest-site complications.")
    assert z.total is None


def test_a_subgroups_size_after_a_zero_is_no_total_of_it():
    # "among the 12 patients with ischaemic rest pain" is a subgroup, not the arm the zero is of.
    (z,) = ec.zero_events("There were no major amputations among the 12 patients with ischaemic rest pain.")
    assert z.total is None
    (z,) = ec.zero_events("There were no amputations in the 3 patients who had osteomyelitis.")
    assert z.total is None


def test_a_hyphenated_arm_word_is_a_filler():
    # "groups"/"arms"/"cohorts" as a word are no filler; "arm-related" is one.
    (c,) = ec.event_counts("Two arm-related infections occurred.")
    assert c.events == 2
