"""The article's own short forms of the query arms (Schwartz & Hearst long forms), pure functions."""
from stemfoot.extract.outcome_query import (long_form, arm_aliases, arm_similarity, article_arm_aliases,
                                            article_short_forms, with_aliases)

TEXT = ("Patients in group I received intravesical resiniferatoxin (RTX) before surgery. Others were treated with "
        "linear-polarized near-infrared light irradiation (LPNIR; Super Lizer). The control group (CG) had none. "
        "Both arms took glecaprevir/pibrentasvir (GLE+PIB). Outcomes were scored (A).")


def test_long_form_spells_the_short_form_from_word_starts():
    assert long_form("LPNIR", "were treated with linear-polarized near-infrared") == "linear-polarized near-infrared"
    assert long_form("GLE+PIB", "both took glecaprevir/pibrentasvir") == "glecaprevir/pibrentasvir"
    assert long_form("RTX", "intravesical resiniferatoxin") == "resiniferatoxin"
    assert long_form("XYZ", "no such words here") is None


def test_article_short_forms_skip_codes_and_keep_first_definition():
    forms = dict(article_short_forms(TEXT))
    assert forms["RTX"] == "resiniferatoxin"
    assert forms["CG"] == "control group"
    assert "A" not in forms  # a one-letter code is code_arms' business


def test_aliases_go_to_the_one_arm_they_name():
    assert article_arm_aliases(TEXT, "40 mL of Resiniferatoxin", "no treatment") == (["RTX"], [])
    assert article_arm_aliases(TEXT, "Linear-polarized near-infrared light irradiation", "Control") == (
        ["LPNIR"], ["CG"])
    # a long form naming both arms gives neither
    assert article_arm_aliases(TEXT, "Glecaprevir 300 mg + pibrentasvir", "Glecaprevir + pibrentasvir + ribavirin") == (
        [], [])
    # a short form the query already carries is not added twice
    assert article_arm_aliases(TEXT, "resiniferatoxin (RTX)", "placebo") == ([], [])


def test_an_alias_makes_the_label_match():
    arm = with_aliases("40 mL of Resiniferatoxin 20 hours before operation", ["RTX"])
    assert "RTX" in arm_aliases(arm)
    assert arm_similarity(arm, "RTX group (n = 24)", "intervention") >= 0.9
    assert arm_similarity("40 mL of Resiniferatoxin 20 hours before operation", "RTX group (n = 24)",
                          "intervention") < 0.5
    assert with_aliases("Drug", []) == "Drug"


def test_a_bare_code_column_names_the_coded_arm():
    assert arm_similarity("Resiniferatoxin (group I)", "I", "intervention") >= 0.95
    assert arm_similarity("Resiniferatoxin (group I)", "II", "intervention") < 0.5
    assert arm_similarity("no treatment (group II)", "Group II (n = 24)", "comparator") >= 0.95
    assert arm_similarity("Drug X (group B)", "b", "intervention") < 0.5  # a lower-case letter is no code
    assert arm_similarity("Drug X", "I", "intervention") < 0.5


def test_timepoint_key_drops_the_headers_group_size():
    from stemfoot.extract.outcome_query import timepoint_key
    assert timepoint_key("Post (n=354)") == timepoint_key("Post (n = 140)") == "Post"
    assert timepoint_key("6 months") == "6 months"
    assert timepoint_key("n = 40") == "n = 40"
    assert timepoint_key(None) is None


def test_own_words_tell_the_arms_apart():
    from stemfoot.extract.outcome_query import names_own_arm, own_words
    a, b = "sodium bicarbonate solution using the short regime", "sodium bicarbonate solution using the long regimen"
    assert own_words(a, b) == {"short"} and own_words(b, a) == {"long"}  # "regime" ~ "regimen"
    assert names_own_arm(a, "Group 1 Short regimen group", own_words(a, b), own_words(b, a))
    assert not names_own_arm(b, "Group 1 Short regimen group", own_words(b, a), own_words(a, b))
    # "FSH" sits in "r-hFSH": the comparator's label "r-hFSH/r-hLH" has no word of the comparator's own
    i, c = "recombinant human FSH plus recombinant human LH (r-hFSH/r-hLH)", "r-hFSH monotherapy"
    assert own_words(c, i) == {"monotherapy"}
    assert not names_own_arm(c, "r-hFSH/r-hLH", own_words(c, i), own_words(i, c))
    # a contradicting dose is no match
    assert not names_own_arm("piperine 15 mg", "piperine 30 mg", {"piperine"}, {"placebo"})
    assert names_own_arm("piperine 15 mg", "piperine receiving group", {"piperine"}, {"placebo"})


def test_add_on_designs_give_the_base_treatments_short_form_to_the_arm_that_has_only_it():
    from stemfoot.extract.outcome_query import add_on_side

    text = ("Patients received peripheral blood mononuclear cells (PBMNC) with platelet-rich plasma (PRP) gel or "
            "PRP gel alone. Scaling and root planing (SRP) was done in every patient.")
    assert article_arm_aliases(text, "PBMNC plus platelet-rich plasma gel", "Platelet-rich plasma gel alone") == (
        [], ["PRP"])
    assert article_arm_aliases(text, "Scaling and root planing alone", "Scaling and root planing plus a chip") == (
        ["SRP"], [])
    assert add_on_side("gemcitabine", "Erlotinib in combination with gemcitabine", "gemcitabine monotherapy") == 1


def test_no_add_on_side_where_the_other_arm_adds_no_agent_or_both_arms_have_more():
    from stemfoot.extract.outcome_query import add_on_side

    pressure = "positive end-expiratory pressure"
    assert add_on_side(pressure, f"Use of {pressure}", f"No use of {pressure}") is None  # a negation, no agent
    assert add_on_side("inspiratory muscle training", "Home-based inspiratory muscle training",
                       "Sham inspiratory muscle training") is None  # sham: the control, not a base treatment
    assert add_on_side("growth hormone", "growth hormone 0.1 U/kg", "growth hormone 0.05 U/kg") is None  # doses
    assert add_on_side("doxorubicin-cyclophosphamide", "docetaxel-doxorubicin-cyclophosphamide",
                       "dose-dense doxorubicin-cyclophosphamide") is None  # each arm has words of its own
    assert add_on_side("obstetric hemorrhage", "standard obstetric hemorrhage protocols plus an anti-shock garment",
                       "standard obstetric hemorrhage protocols") is None  # the long form is under half the arm


def test_a_size_labelled_with_the_other_arms_own_word_is_not_this_arms():
    from stemfoot.extract.outcome_query import best_size

    base, add_on = with_aliases("Platelet-rich plasma gel", ["PRP"]), "ADSCs plus platelet-rich plasma gel"
    sizes = [("ADSC + PRP (n = 34)", 34), ("ADSC + PRP (n = 34)", 34), ("PRP alone (n = 33)", 33)]
    assert best_size(base, "comparator", sizes) == (34, 0.95)  # without the other arm: the commoner label
    assert best_size(base, "comparator", sizes, add_on) == (33, 0.95)
