"""``bracketed_arm_labels``: arms an allocation sentence names only by bare bracketed labels (invented sentences)."""
from stemfoot.extract.arms import bracket_fallback_role, bracketed_arm_labels, mention_key


def labels(sentence: str) -> list[tuple[str, int | None]]:
    return [(sentence[a:b], n) for a, b, n, _ in bracketed_arm_labels(sentence)]


def test_coded_labels_with_sizes_that_fit_the_total():
    s = ("We randomised 45 patients to bone marrow cells given intra-arterially (A1, n = 15) or intramuscularly "
         "(A2, n = 15), or to best medical care (A3, n = 15).")
    assert labels(s) == [("A1", 15), ("A2", 15), ("A3", 15)]


def test_product_code_with_dose_and_no_sizes():
    s = ("Patients were randomly assigned to XYZ-12 at 10 million (XYZ-12 10M) or 40 million cells (XYZ-12 40M), "
         "or to saline, 18 per group.")
    assert labels(s) == [("XYZ-12 10M", None), ("XYZ-12 40M", None)]


def test_sizes_that_do_not_fit_the_total_make_no_arms():
    s = "We randomised 50 patients to cells (T1, n = 20) or saline (T2, n = 20)."
    assert labels(s) == []


def test_not_an_allocation_sentence():
    s = "Healing was faster in those given cells (T1, n = 20) than in controls (T2, n = 20)."
    assert labels(s) == []


def test_a_single_label_is_no_list_of_arms():
    s = "We randomised 40 patients to adipose cells (AD-SVF, n = 20) or to standard care group (n = 20)."
    assert labels(s) == []


def test_repeated_label_is_not_two_arms():
    s = "Patients were allocated to cells (C1, n = 10) or cells with gel (C1, n = 10)."
    assert labels(s) == []


def test_bracketed_dose_is_not_an_arm():
    s = "Patients were randomised to 25 million cells (25 million cells) or 50 million (50 million cells)."
    assert labels(s) == []


def test_abbreviation_definitions_are_not_arms():
    s = ("We randomly assigned 40 patients to bone marrow mononuclear cells (bone marrow mononuclear cells, BM-MNC) "
         "or peripheral blood mononuclear cells (PBMNC).")
    assert labels(s) == []
    s = "We randomly assigned 40 patients to bone marrow mononuclear cells (BM-MNC) or placebo (PL)."
    assert labels(s) == []


def test_bare_sizes_are_not_labels():
    s = "We randomised 30 patients to cells (n = 15) or saline (n = 15)."
    assert labels(s) == []


def test_subgroups_named_by_words_are_not_arms():
    s = ("Patients were randomised to cells (n = 24), diabetic (diabetic, n = 12) and non-diabetic "
         "(nondiabetic, n = 12).")
    assert labels(s) == []


def test_labels_with_a_group_word_are_left_to_the_group_rules():
    s = "We randomised 40 patients to cells (BMC group, n = 20) or saline (SAL group, n = 20)."
    assert labels(s) == []


def test_labels_before_the_allocation_name_no_arms():
    s = "Patients with ulcers (TRIAL-1) or gangrene (TRIAL-2) were randomized to cells or saline."
    assert labels(s) == []


def test_an_adjective_randomised_is_no_allocation():
    s = "In a randomised double-blind trial comparing cells (CEL) with saline, serum VEGF (V1) and SDF-1 (S1) were measured."
    assert labels(s) == []


def test_stated_arm_count_must_match():
    s = "Patients were randomised to one of four arms: cells (C-1) vs cells plus gel (C-2) given weekly."
    assert labels(s) == []
    s = "In this two-arm trial patients were randomised to cells (C-1) or saline (C-2)."
    assert labels(s) == [("C-1", None), ("C-2", None)]


def test_labels_after_the_allocation_sentence_ends_are_not_arms():
    s = "Patients were randomized to cells or saline with vitamin D. Markers were CTX-1 (CTX1) and P1NP (P1NP)."
    assert labels(s) == []


def _mention(label: str, role: str | None, how: str, cell: str | None = None) -> dict:
    return {"label": label, "role": role, "how": how, "cell_type": cell}


def test_bracketed_dose_labels_of_one_product_key_two_arms():
    a = _mention("XYZ-12 10M", "intervention", "bracketed")
    b = _mention("XYZ-12 40M", "intervention", "bracketed")
    assert mention_key(a) != mention_key(b)
    assert mention_key(a) == ("named", "xyz-12 10m")


def test_unbracketed_treated_mentions_still_share_the_cell_or_generic_arm():
    # "the cell-treated patients" and "the MSC recipients" are one arm's words, not two arms.
    assert mention_key(_mention("cell-treated patients", "intervention", "group")) == ("generic",)
    assert mention_key(_mention("MSC recipients", "intervention", "group", "MSC")) == ("cell", "MSC")
    assert mention_key(_mention("placebo group", "control", "group")) == ("control",)


def test_a_bracketed_control_joins_the_control():
    assert mention_key(_mention("G3", "control", "bracketed")) == ("control",)


def test_a_bracketed_label_between_treated_doses_and_a_control_is_treated():
    # "placebo (G1) or AdMSCs at 1 x 10^8 (G2), 2 x 10^8 (G3) or 4 x 10^8 cells (G4)": G3's words say nothing.
    assert bracket_fallback_role(None, ["control", "intervention", "intervention"]) == "intervention"
    assert bracket_fallback_role(None, ["control"]) == "intervention"


def test_no_fallback_without_a_control_or_where_the_words_say_a_role():
    assert bracket_fallback_role(None, ["intervention"]) is None
    assert bracket_fallback_role(None, [None, None]) is None
    assert bracket_fallback_role("control", ["control", "intervention"]) is None


# mendlead45a (second read): near-misses of the rule's shape, invented.
def test_a_bracket_inside_the_allocation_words_is_the_patients_not_an_arm():
    # "(T2DM)" before "to" describes those allocated; with it gone one label is left, so none is an arm.
    s = "We randomised 48 patients (T2DM) to adipose-derived stem cells or saline (NaCl)."
    assert labels(s) == []
    s = "We randomised 60 patients with PAD (ABI 0.5-0.9) to cells (C1, n = 30) or saline (C2, n = 30)."
    assert labels(s) == [("C1", 30), ("C2", 30)]


def test_an_analyte_named_after_the_allocation_is_not_an_arm():
    s = ("We randomized 40 patients to treatment with MSCs and measured VEGF (VEGF-A) and interleukin 6 (IL-6) "
         "at baseline.")
    assert labels(s) == []


def test_a_numbered_code_after_a_dose_is_still_an_arm():
    # The dose's "1" and "given" before "(G1)" are no definition of it: one letter is no set of initials.
    s = ("We randomised 40 patients to cells given at 1 x 10^8 (G1, n = 20) or saline given alone "
         "(G2, n = 20).")
    assert labels(s) == [("G1", 20), ("G2", 20)]


def test_a_dose_coded_label_is_no_definition_of_the_words_before_it():
    # EBM-NLP 18606932: "50 g of FS (FS50)": the dose's number is no name's last word, so FS50 names an arm.
    s = "Participants were randomized to receive 50 g of FS (FS50) or 25 g of FS (FS25) daily."
    assert labels(s) == [("FS50", None), ("FS25", None)]
