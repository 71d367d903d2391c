"""Round 39 (mendftmiss39): defects the second read of ftmiss39 found in the coined-form matcher and the names-first
"respectively" pairs. Invented examples, no spaCy."""
from stemfoot.extract.arm_link import coined_used, spelled_codes, spells
from stemfoot.extract.prose_pairs import find_pairs
from tests.extract_support import elimination_means

K4, K12 = "ketamine 4 mg (K4)", "ketamine 12 mg (K12)"


def _means(sentence: str, q_int: str, q_cmp: str) -> list[tuple]:
    return [(p.intervention.mean, p.comparator.mean) for p in find_pairs(sentence, q_int, q_cmp)]


def test_a_dose_unit_is_no_word_a_code_spells():
    # "KM" is the third arm (both drugs); the "mg" of the ketamine arm's dose is no "M" of its name
    assert not spells("KM", "ketamine 0.5 mg/kg")
    assert not spells("BM", "bupivacaine 0.5% 10 ml")
    text = "Patients received ketamine 0.5 mg/kg, morphine 0.1 mg/kg, or both (the KM group)."
    assert spelled_codes(text, "ketamine 0.5 mg/kg", "morphine 0.1 mg/kg") == (None, None)
    # a letter that is the name's own word still counts, after a number too
    assert spells("VD", "vitamin D 50,000 IU") and spells("T1D", "type 1 DM")
    assert spells("E5", "lidocaine 1.0% 3 ml + epinephrine 5 μg")


def test_a_roman_numeral_group_is_no_coined_form():
    # "group II" is the second group, whatever it received: not "intravenous iron" spelled I, I
    text = "Patients in group II received oral iron; group IV received nothing."
    assert coined_used(text) == set()
    assert spelled_codes(text, "intravenous iron infusion", "oral iron") == (None, None)
    assert spelled_codes("", "intravenous iron infusion", "oral iron", ("Group IV", "Group I")) == (None, None)


def test_names_first_respectively_of_a_list_after_the_values_is_none():
    # "respectively" goes with the times / moments / sexes listed after the values, not with the two arms
    assert _means("In groups K4 and K12, the mean scores were 3.1 ± 1.0 and 5.2 ± 2.0 before and after the block, "
                  "respectively.", K4, K12) == []
    assert _means("In groups K4 and K12, the mean scores were 3.1 ± 1.0 and 5.2 ± 2.0 in men and women, "
                  "respectively.", K4, K12) == []
    assert _means("Group K4 had less nausea than group K12; pain scores were 3.1 ± 1.0 and 5.2 ± 2.0 at 6 and 12 h, "
                  "respectively.", K4, K12) == []
    assert _means("In groups K4 and K12 the rises were 21 ± 9 bpm and 33 ± 11 bpm, respectively.", K4, K12) \
        == [(21.0, 33.0)]


def test_names_first_with_a_third_arm_named_is_none():
    # three arms named, two values: which two the values are is not said
    assert _means("In the placebo, K4 and K12 groups, the rises were 21 ± 9 and 33 ± 11 bpm, respectively.",
                  K4, K12) == []
    assert _means("Rises in group K4, in group K12 and in the placebo group were 21 ± 9 and 33 ± 11 bpm, "
                  "respectively.", K4, K12) == []
    assert _means("The rises in group K4 and in group K12 were 21 ± 9 and 33 ± 11 bpm, respectively.", K4, K12) \
        == [(21.0, 33.0)]


def test_elimination_guard_ignores_shared_numbers_units_and_dosage_forms():
    # the arm left shares only a number, a unit or a dosage form with the named query arm: still the other arm
    assert elimination_means({"Ketamine 0.5 mg/kg": 2.1, "Normal saline 5 ml": 3.4}, "Ketamine 0.5 mg/kg", "Placebo") == (2.1, 3.4)
    assert elimination_means({"Ketamine (n = 25)": 2.1, "Normal saline (n = 25)": 3.4}, "Ketamine 25 mg", "Placebo") == (2.1, 3.4)
    assert elimination_means({"Herbal capsule": 2.1, "Sugar capsule": 3.4}, "Herbal capsule", "Placebo") == (2.1, 3.4)
    # a word of the arm's own name still refuses it ("Cold compress" is no "Control" beside "Warm methods of compress")
    assert elimination_means({"Warm compress": 2.1, "Cold compress": 3.4}, "Warm methods of compress", "Control") != (2.1, 3.4)
    # "Non-implanted" is one word, the implant's denial: the arm left by elimination
    assert elimination_means({"Implanted eyes": 2.1, "Non-implanted eyes": 3.4}, "2 mg steroid implant", "Usual care") == (2.1, 3.4)
