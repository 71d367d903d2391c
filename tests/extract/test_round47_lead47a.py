"""Round 47 (lead47a): arms named in results by the noun of a coded compound label ("ADSC-sheet arm": "sheet-treated",
"treated with sheets") and by their people ("21 MSC–PRP patients"); a lone mean followed by each arm's value of a
closed comma list ("185 m in Group A, 142 m in Group B and 31 m in Group C"); a summary list repeating its unit after
each value ("286 m, 241 m and 132 m").

Every sentence here is written for the test; none comes from a gold. Nothing here loads a spaCy pipeline.
"""
from stemfoot.extract.arm_inventory import build_inventory, find_mentions, head_aliases


def _named(text: str, labels: list[str], after: int = 0) -> list[tuple[str, str]]:
    """(words, arm) of each place the text names an arm by name, from ``after`` on (the inventory drops an alias
    two arms share)."""
    arms = build_inventory(text, [{"label": label} for label in labels])
    return [(text[m.start:m.end], m.arm) for m in find_mentions(text, arms) if not m.generic and m.start >= after]


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


def _means(text: str) -> list[tuple[str, float]]:
    from stemfoot.extract.number_grammar import SentenceClaims, scan
    claims = SentenceClaims(text, 0)
    scan(claims, [])
    return [(text[a:b], st["mean"]) for a, b, st in sorted(claims.found, key=lambda f: f[0])
            if st["kind"] == "mean"]


def test_a_lone_mean_is_followed_by_each_arms_value_of_a_closed_list():
    got = _means("Walking distance rose by a mean of 210 m in Arm 1, 160 m in Arm 2 and 40 m in Arm 3.")
    assert [v for _, v in got] == [210, 160, 40]
    got = _means("The mean ABI gain was 0.12 in group A, 0.09 in group B, 0.05 in group C and 0.01 in group D.")
    assert [v for _, v in got] == [0.12, 0.09, 0.05, 0.01]
    # Two arms, as before (a fall is a signed change).
    assert [v for _, v in _means("Pain fell by a mean of 3.1 points in the cell group and 1.2 points in the "
                                 "control group.")] == [-3.1, -1.2]


def test_an_open_or_unnamed_comma_run_after_a_mean_is_no_list_of_arms():
    # No closing "and": the run may go on with other things; nothing after the first value is read.
    assert [v for _, v in _means("The mean gain was 0.12 in group A, 0.09 in group B; group C was not "
                                 "assessed.")] == [0.12]
    # The first value names no arm before the comma: "40 in group B" is no second value of the same list.
    assert [v for _, v in _means("The mean age was 65 years, 40 in group B and 38 in group C.")] == [65]
    # A changed unit is no value of the same measure.
    assert [v for _, v in _means("Mean distance rose by 200 m in Arm 1, 3 points in Arm 2 and 2 points in "
                                 "Arm 3.")] == [200]


def test_a_summary_list_may_repeat_its_unit_after_each_value():
    assert [v for _, v in _means("Mean walking distance at 24 weeks was 310 m, 255 m and 140 m.")] == [310, 255, 140]
    # A unit with a digit is no value of the list.
    assert [v for _, v in _means("The mean ulcer area was 4.1 cm2, 3.2 cm2 and 2.8 cm2.")] == [4.1, 3.2, 2.8]
    # Once the first value has a unit, every value repeats it: "65 years, 12 and 3" is no list of means.
    assert [v for _, v in _means("The mean age was 65 years, 12 and 3 patients had diabetes.")] == [65]


def test_a_coded_label_of_a_procedure_or_outcome_noun_gives_no_head_form():
    # mendlead47a: after a code only a product's form names the arm; an injection or a debridement every arm may
    # have had, or an outcome word, names none ("treated with injections" is no BMC arm).
    for label in ("BMC-injection arm", "MSC-debridement arm", "PRP-ulcer arm", "ADSC-infusion group"):
        assert head_aliases(label) == [], label
    text = ("Patients got BMC injection (BMC-injection arm) or saline injection (saline arm). All were treated "
            "with injections; 5 injection-treated patients had pain.")
    assert all(arm != "BMC-injection arm" or t.startswith("BMC") for t, arm in
               _named(text, ["BMC-injection arm", "saline arm"]))
    # A plain head label keeps its forms as before.
    assert head_aliases("dressing arm") == ["dressing-treated", "with dressings"]


def test_a_comma_run_of_drugs_or_doses_after_a_median_is_no_list_of_arms():
    # mendlead47a: each value of a comma run names its group; "with <drug>" values would stand for the cohort.
    assert [v for _, v in _medians("Median survival was 10.4 months with drug X 2 mg/kg, 12.7 months with drug X "
                                   "10 mg/kg, and 8.5 months with drug Y.")] == [10.4]
    assert [v for _, v in _medians("The median size was 2.53 cm for group A, 3.05 cm for group B and 2.10 cm for "
                                   "group C.")] == [2.53, 3.05, 2.10]
    # Two arms by their drugs, as before.
    assert [v for _, v in _medians("Median survival was 27.6 months with drug X and 15.0 months with "
                                   "placebo.")] == [27.6, 15.0]


def _medians(text: str) -> list[tuple[str, float]]:
    from stemfoot.extract.number_grammar import SentenceClaims, scan
    claims = SentenceClaims(text, 0)
    scan(claims, [])
    return [(text[a:b], st["median"]) for a, b, st in sorted(claims.found, key=lambda f: f[0])
            if st["kind"] == "median"]
