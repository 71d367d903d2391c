"""Round 39 (mendftmiss39): defects the second read of ftmiss39 found in the coined-form matcher and the names-first
"respectively" pairs. Invented examples, no spaCy."""
from stemfoot.extract.arm_link import coined_used, spelled_codes, spells


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
