"""Round 47 (lead47a): arms named in results by a shared head word in any case ("in Arms I, II and III") and by the
noun of a coded compound label ("ADSC-sheet arm": "sheet-treated", "treated with sheets").

Every sentence here is written for the test; none comes from a gold. Nothing here loads a spaCy pipeline.
"""
from stemfoot.extract.arm_inventory import build_inventory, find_mentions, head_aliases


def _named(text: str, labels: list[str], after: int = 0) -> list[tuple[str, str]]:
    """(words, arm) of each place the text names an arm by name, from ``after`` on (the inventory drops an alias
    two arms share)."""
    arms = build_inventory(text, [{"label": label} for label in labels])
    return [(text[m.start:m.end], m.arm) for m in find_mentions(text, arms) if not m.generic and m.start >= after]


def test_a_shared_head_word_names_each_labelled_arm_in_any_case():
    text = ("Patients were randomised to arm I, arm II or arm III. Healing was 60%, 50% and 40% in Arms I, II and "
            "III; pain fell in Groups A and B of the other trial.")
    # The lone "I" is no alias of "Arm I" (too short): only the shared head names it.
    assert _named(text, ["Arm I", "Arm II", "Arm III"], text.index("Healing")) == [
        ("I", "Arm I"), ("II", "Arm II"), ("III", "Arm III")]
    text = "Ulcers healed in 9, 7 and 3 patients in Groups A, B and C, respectively."
    named = _named(text, ["group A", "group B", "group C"])
    assert [k for _, k in named] == ["group A", "group B", "group C"]


def test_the_tags_after_a_shared_head_stay_capitals():
    # "groups a and b" of lower-case letters names no labelled arm ("a" is an article, "i" a numeral).
    text = "Values in both groups a and b were similar."
    assert _named(text, ["group A", "group B"]) == []


def test_a_coded_compound_label_is_named_by_its_nouns_head_forms():
    assert head_aliases("ADSC-sheet arm") == ["sheet-treated", "with sheets"]
    assert head_aliases("BMMNC-gel group") == ["gel-treated", "with gels"]
    assert head_aliases("PRP–patch arm") == ["patch-treated", "with patches"]


def test_a_compound_label_of_plain_words_or_codes_gives_no_head_form():
    # A lower-case first part is a qualifier ("sham-injection", "high-dose"), not a product code: its second
    # word would name a treatment both arms had ("with injections"). Codes on both sides name no noun.
    for label in ("sham-injection group", "high-dose group", "MSC–PRP group", "BM-MNC group", "G-CSF arm",
                  "PBMNC–NPWT group", "cell-free arm"):
        assert head_aliases(label) == [], label


def test_results_name_a_coded_sheet_arm_by_its_noun():
    text = ("Patients were randomised to cell sheets (KX-sheet arm, n = 20) or foam (foam arm, n = 20). Healing "
            "occurred in 11 of 20 treated with sheets and 5 of 20 treated with foams; 9 sheet-treated patients had "
            "granulation.")
    named = _named(text, ["KX-sheet arm", "foam arm"])
    assert ("with sheets", "KX-sheet arm") in named and ("sheet-treated", "KX-sheet arm") in named
    assert ("with foams", "foam arm") in named
    # Two arms of one noun ("KX-gel" and "LM-gel"): the shared form names neither.
    text = "Patients got KX gel (KX-gel arm) or LM gel (LM-gel arm); 8 gel-treated patients healed."
    assert all(t != "gel-treated" for t, _ in _named(text, ["KX-gel arm", "LM-gel arm"]))


def test_an_arm_labelled_by_one_name_is_named_by_its_patients_and_recipients():
    from stemfoot.extract.arm_inventory import people_aliases
    assert people_aliases("MSC–PRP group") == ["MSC–PRP patients", "MSC–PRP recipients"]
    assert people_aliases("the iloprost arm") == ["iloprost patients", "iloprost recipients"]
    assert people_aliases("KX-17 group") == ["KX-17 patients", "KX-17 recipients"]
    # Role and generic words give none (the role words name the arm already); nor do coded labels or phrases.
    for label in ("control group", "placebo arm", "treatment group", "G1", "group A", "low dose group"):
        assert people_aliases(label) == [], label


def test_results_name_an_arm_by_its_people_before_the_shorter_name_inside():
    text = ("Patients were randomised to cells with gel (KX–gel group) or gel alone (gel group). Healing occurred in "
            "14 (70%) KX–gel patients and 8 (40%) gel patients; 3 gel recipients had pain.")
    named = _named(text, ["KX–gel group", "gel group"], text.index("Healing"))
    # The longer name wins where it stands; the other arm is named where its own name stands alone.
    assert named == [("KX–gel patients", "KX–gel group"), ("gel patients", "gel group"),
                     ("gel recipients", "gel group")]
