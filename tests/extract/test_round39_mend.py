"""Round 39 (mendftmiss39): defects the second read of ftmiss39 found in the coined-form matcher and the names-first
"respectively" pairs. Invented examples, no spaCy."""
from stemfoot.extract.arm_link import spelled_codes, spells


def test_a_dose_unit_is_no_word_a_code_spells():
    # "KM" is the third arm (both drugs); the "mg" of the ketamine arm's dose is no "M" of its name
    assert not spells("KM", "ketamine 0.5 mg/kg")
    assert not spells("BM", "bupivacaine 0.5% 10 ml")
    text = "Patients received ketamine 0.5 mg/kg, morphine 0.1 mg/kg, or both (the KM group)."
    assert spelled_codes(text, "ketamine 0.5 mg/kg", "morphine 0.1 mg/kg") == (None, None)
    # a letter that is the name's own word still counts, after a number too
    assert spells("VD", "vitamin D 50,000 IU") and spells("T1D", "type 1 DM")
    assert spells("E5", "lidocaine 1.0% 3 ml + epinephrine 5 μg")
