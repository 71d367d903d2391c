"""Round 43 (branch lead43a): the order a sentence's words give the arms in, for a "respectively" list that names
none. Invented sentences, no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract.stages import worded_order


def _bounds(text: str) -> list[tuple[int, int]]:
    out, s0 = [], 0
    for part in text.split(". "):
        out.append((s0, s0 + len(part)))
        s0 += len(part) + 2
    return out


DOSES = ["low-dose group", "mid-dose group", "high-dose group", "placebo group"]


def test_bare_dose_words_order_the_arms():
    text = ("Patients were randomised to three doses or placebo. Seventy-seven completed the study (low-dose 19, "
            "mid-dose 20, high-dose 19, placebo 19). Amputation occurred in 1, 2, 0 and 4 patients, respectively.")
    assert worded_order(text, _bounds(text), DOSES) == DOSES


def test_the_nearest_sentence_naming_all_decides():
    text = ("Arms: low-dose, mid-dose, high-dose and placebo. Later the placebo, high-dose, mid-dose and low-dose "
            "groups were compared. Amputation occurred in 4, 0, 2 and 1 patients, respectively.")
    assert worded_order(text, _bounds(text), DOSES) == ["placebo group", "high-dose group", "mid-dose group",
                                                       "low-dose group"]


def test_no_sentence_naming_every_arm_gives_no_order():
    text = ("The low-dose and high-dose groups were compared with placebo. Amputation occurred in 1, 2, 0 and 4 "
            "patients, respectively.")
    assert worded_order(text, _bounds(text), DOSES) is None


@pytest.mark.parametrize("labels,text", [
    # one label's words only inside another's: a naming of the longer is no naming of the shorter (round 44)
    (["ADSC group", "ADSC–HBOT group", "UC group"], "The ADSC–HBOT and UC groups were compared."),
    (["PBMNC group", "PBMNC + PRP group", "PRP group"], "PBMNC + PRP was compared with usual care."),
    (["BM-MNC group", "BM-MNC+PRP group", "control group"], "BM-MNC, BM-MNC+PRP and control were compared."),
    # a shorter arm's words alone, in a description of the longer arm's treatment, name no arm that has a head noun
    (["ADSC–HBOT group", "ADSC group", "HBOT group"], "ADSC plus HBOT, ADSC–HBOT group and HBOT group."),
    # an elided list ("low-, mid- and high-dose") names no arm by its own words
    (DOSES, "TcPO2 rose in the low-, mid- and high-dose and placebo groups."),
])
def test_shared_or_elided_words_give_no_order(labels, text):
    assert worded_order(text, _bounds(text), labels) is None


def test_a_short_code_matches_only_in_its_own_case():
    labels = ["G1", "G2", "G3"]
    text = "Data were complete for 17, 18 and 16 patients in G1, G2 and G3; g3 was a typo."
    assert worded_order(text, _bounds(text), labels) == labels
    text = "The g3, G1 and G2 patients were analysed."
    assert worded_order(text, _bounds(text), labels) is None


def test_one_letter_labels_give_no_order():
    # the article "A" would read as arm A
    text = "A total of 60 patients were enrolled in group B, group C and group A."
    assert worded_order(text, _bounds(text), ["A", "B", "C"]) is None


# -- zeros naming two arms (zero_clauses.pair_zeros) --

from stemfoot.extract.zero_clauses import pair_zeros  # noqa: E402


def _pairs(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(text[a:b], [(text[c.start:c.end], text[c.head[0]:c.head[1]]) for c in zeros])
            for (a, b), zeros in pair_zeros(text)]


@pytest.mark.parametrize("text,arms,event", [
    ("No major amputation was required in G1 or G2, whereas 3 G3 patients underwent major amputation.",
     ["G1", "G2"], "amputation"),
    ("Major amputation was required in 1 placebo patient but in no patient of the low-dose or high-dose group.",
     ["low-dose", "high-dose group"], "amputation"),
    ("Amputation was needed in neither the BM-MNC nor the PBMNC group.", ["BM-MNC", "PBMNC group"], "Amputation"),
    ("No patient in the BMMSC or BMMNC group required amputation, whereas 3 patients in the NS group did.",
     ["BMMSC", "BMMNC group"], "amputation"),
    ("No wound infection occurred in Group I or Group II.", ["Group I", "Group II"], "infection"),
])
def test_a_zero_naming_two_arms_is_a_zero_of_each(text, arms, event):
    (statement, zeros), = _pairs(text)
    assert [a for a, _ in zeros] == arms
    assert {e for _, e in zeros} == {event}
    assert text.startswith(statement) or "no patient" in statement or "neither" in statement


@pytest.mark.parametrize("text", [
    # a subgroup pair, not arms (no group noun, no code)
    "No amputation occurred in diabetic or non-diabetic patients.",
    # "and" may join one combined arm's name
    "No patient in the BM-MNC and PRP group required amputation.",
    # every arm, one zero read elsewhere
    "No deaths occurred in either group.",
    # a positive statement
    "Major amputation was required in G1 or G2 in 4 patients.",
])
def test_no_pair_where_the_words_name_no_two_arms(text):
    assert pair_zeros(text) == []


# -- counts spread over the groups ("Four deaths occurred (two per group)") --

from stemfoot.extract.event_counts import breakdown_events  # noqa: E402
from stemfoot.extract.number_grammar import SentenceClaims, scan  # noqa: E402


@pytest.mark.parametrize("text,each", [
    ("Four deaths occurred (two per group).", 2),
    ("Three patients died during follow-up (one in each group).", 1),
    ("Two participants (one per arm) underwent revascularisation.", 1),
])
def test_a_count_per_group_in_brackets_is_each_arms(text, each):
    (c,) = breakdown_events(text)
    assert (c.events, c.every_arm) == (each, True)


def test_a_size_per_group_is_no_event_count():
    # "(22 per group)" after a randomisation is no total of events: the bracket reader needs a counted total
    assert breakdown_events("Forty-four patients were randomised (22 per group).") == []


def test_a_count_of_each_arm_is_flagged_for_every_arm_placement():
    text = "Four deaths occurred (two per group)."
    claims = SentenceClaims(text, 0)
    scan(claims, [])
    per_arm = [st for a, b, st in claims.found if st and text[a:b] == "two per group"]
    assert len(per_arm) == 1 and "every_arm" in per_arm[0]["flags"] and per_arm[0]["events"] == 2


# -- counts of who had the study's data are no events (event_counts.per_group_events) --

from stemfoot.extract.event_counts import per_group_events  # noqa: E402


@pytest.mark.parametrize("text", [
    "Thirty patients in the CD34+ arm and 15 in the placebo arm had 12-month data.",
    "5 limbs in the A group and 6 limbs in the B group had complete follow-up.",
])
def test_counts_that_had_the_studys_data_are_no_events(text):
    assert per_group_events(text) == []


def test_counts_that_had_an_event_stay_events():
    text = "Five patients in the A group and 6 patients in the B group had major amputation."
    assert [c.events for c in per_group_events(text)] == [5, 6]


@pytest.mark.parametrize("text", [
    "No recurrence was observed in stage I or II.",
    "No amputation was required in grade I or II.",
    "No deaths occurred in type I or II.",
])
def test_a_zero_naming_two_classes_is_no_pair_of_arms(text):
    # "stage I or II" names subgroups of the sample, not two arms (round-43 second read): no pair zero.
    assert pair_zeros(text) == []


def test_a_zero_naming_two_coded_groups_is_still_a_pair():
    got = pair_zeros("No major amputation was required in G1 or G2.")
    assert [z.events for _, zs in got for z in zs] == [0, 0]


def test_a_split_of_a_total_implies_its_number_of_arms():
    # round-43 second read: "Four patients died (two per group)" speaks of two arms; copied over a third it is wrong.
    from stemfoot.extract.event_counts import every_arm_count_agrees, split_arm_counts
    assert split_arm_counts("Four patients died (two per group).") == [2]
    assert split_arm_counts("Three patients died (one in each group).") == [3]
    assert split_arm_counts("Five deaths (two per group).") == [None]
    assert split_arm_counts("No patient died (none in either group).") == []
    assert every_arm_count_agrees("Four patients died (two per group).", 2)
    assert not every_arm_count_agrees("Four patients died (two per group) in groups A and B.", 3)
    assert not every_arm_count_agrees("Five deaths (two per group).", 2)
    assert every_arm_count_agrees("No wound infection occurred in either group.", 3)


@pytest.mark.parametrize("labels,text,expected", [
    # Round 44: an arm whose words lie inside another's is named where they stand on their own (a factorial's cells).
    (["ADSC–HBOT group", "ADSC group", "HBOT group", "UC group"],
     "We randomised patients to ADSC plus HBOT (ADSC–HBOT group), ADSC alone (ADSC group), HBOT alone (HBOT group) "
     "or usual care (UC group). Healing occurred in 17/24, 14/24, 11/23 and 7/25 patients, respectively.",
     ["ADSC–HBOT group", "ADSC group", "HBOT group", "UC group"]),
    (["PBMNC + PRP group", "PRP group", "PBMNC group"],
     "Patients received PRP alone (PRP group), PBMNC alone (PBMNC group) or both (PBMNC + PRP group). Healing "
     "occurred in 4, 5 and 9 patients, respectively.", ["PRP group", "PBMNC group", "PBMNC + PRP group"]),
])
def test_nested_arm_words_are_read_outside_the_longer_name(labels, text, expected):
    assert worded_order(text, _bounds(text), labels) == expected
