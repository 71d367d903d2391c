"""Round 35: the abstract arm inventory (issue 11) -- bracket arm codes closing allocation items, comparators of an
active-treatment class (PRP, prostanoids), and event subtypes with "(n = k)" that are no arms. Pure functions on new
sentences, no spaCy."""
from stemfoot.extract.arm_lists import allocation_list, item_codes
from stemfoot.extract.arm_roles import active_class, comparator_roles
from stemfoot.extract.arm_sizes import label_coded_arms
from stemfoot.extract.arms import _RX as ARMS_RX
from stemfoot.extract.candidates import split_sentences
from tests.extract_support import comparator_roles_of




# --- comparator roles: an active-treatment class is the active comparator ------------------------------------------

def test_active_class_words() -> None:
    assert active_class("PRP gel group", "", "active_comparator")
    assert active_class("Group B", "a 21-day course of intravenous lipo-PGE1", "active_comparator")
    assert active_class("drug arm", "oral beraprost sodium", "active_comparator")
    # Another drug or device, or words that make the arm no active comparator, are not of the class.
    assert not active_class("HBOT arm", "hyperbaric oxygen alone", "active_comparator")
    assert not active_class("drug arm", "oral cilostazol", "active_comparator")
    assert not active_class("control group", "conventional therapy with PGE1", None)


def test_a_prp_or_prostanoid_control_turns_active_comparator() -> None:
    text = ("Patients were randomised to perilesional cells plus topical PRP gel (cells+PRP group) or topical PRP gel "
            "alone (PRP group).")
    assert comparator_roles_of(text, ("cells+PRP group", "intervention", "perilesional cells plus topical PRP gel"),
                  ("PRP group", "control", "topical PRP gel alone")) == ["intervention", "active_comparator"]
    text = "Patients were randomised to intramuscular CD34+ cells (cell group) or a 28-day course of iv alprostadil."
    assert comparator_roles_of(text, ("cell group", "intervention", "intramuscular CD34+ cells"),
                  ("alprostadil group", "control", "a 28-day course of intravenous alprostadil")) == [
        "intervention", "active_comparator"]


def test_the_active_class_switch_keeps_the_older_convention() -> None:
    text = "Patients were randomised to cells plus PRP gel (cells+PRP group) or PRP gel alone (PRP group)."
    arms = [{"label": "cells+PRP group", "role": "intervention", "description": "cells plus PRP gel"},
            {"label": "PRP group", "role": "control", "description": "PRP gel alone"}]
    assert comparator_roles(text, arms, active_classes=False) == []
    assert arms[1]["role"] == "control"


def test_other_controls_stay_without_demote_controls() -> None:
    text = "Patients were randomised to marrow cells (cell arm) or to oral pentoxifylline (drug arm)."
    assert comparator_roles_of(text, ("cell arm", "intervention", "marrow cells"),
                  ("drug arm", "control", "oral pentoxifylline")) == ["intervention", "control"]
    # Control words beside the prostanoid: "conventional therapy including PGE1" is the control (blind8-11 golds).
    text = "Patients received marrow cells (cell group) or conventional therapy including PGE1 (control group)."
    assert comparator_roles_of(text, ("cell group", "intervention", "marrow cells"),
                  ("control group", "control", "conventional therapy including PGE1")) == ["intervention", "control"]
    # No cell arm: two drugs compared are no business of the stage.
    text = "Patients were randomised to iloprost (A group) or to PRP (B group)."
    assert comparator_roles_of(text, ("A group", "intervention", "iloprost"), ("B group", "control", "PRP")) == [
        "intervention", "control"]


# --- bracket arm codes closing allocation items ---------------------------------------------------------------------

CODED = ("Methods: Ninety patients with diabetic foot ulcers were randomly divided into three groups of 30: "
         "adipose-derived stem cells in a collagen gel applied weekly (G1), collagen gel alone (G2) and saline "
         "dressings (G3). Results: Healing at 12 weeks was 20, 14 and 9 patients in G1, G2 and G3, respectively; "
         "area fell by 61% in G1 and 44% in G2.")


def test_item_codes_need_one_distinct_code_per_item() -> None:
    assert item_codes([("G1", ["stem cells in gel"]), ("gel alone", ["G2"]), ("dressings", ["G3"])]) == [
        "G1", "G2", "G3"]
    assert item_codes([("cells", ["Group 1"]), ("PRP", ["Group 2"]), ("care", ["Group 3"])]) == [
        "Group 1", "Group 2", "Group 3"]
    # A code on some items only, or one code twice, labels no list.
    assert item_codes([("cells", ["G1"]), ("PRP", []), ("care", ["G3"])]) is None
    assert item_codes([("cells", ["G1"]), ("PRP", ["G1"]), ("care", ["G3"])]) is None
    assert item_codes([("cells", ["LD"]), ("PRP", ["HD"]), ("care", ["SOC"])]) is None


def test_a_coded_allocation_list_goes_by_its_codes() -> None:
    s0, s1 = split_sentences(CODED)[0]
    listed = allocation_list(CODED, s0, s1, 3)
    assert [x.label for x in listed] == ["G1", "G2", "G3"]
    assert listed[1].aliases == ("collagen gel alone",) and listed[2].aliases == ("saline dressings",)


def test_coded_arms_take_the_codes_in_list_order() -> None:
    arms = [{"label": "collagen gel alone", "role": "intervention", "description": None},
            {"label": "saline dressings", "role": "control", "description": None},
            {"label": "G1 group", "role": "intervention", "description": None}]
    stats = [{"arm": "collagen gel alone"}, {"arm": "G1 group"}]
    flags = label_coded_arms(CODED, split_sentences(CODED), arms, "rct", stats)
    assert flags == ["arm_labels_from_codes"]
    assert [a["label"] for a in arms] == ["G1", "G2", "G3"]
    assert [a["role"] for a in arms] == ["intervention", "intervention", "control"]
    assert arms[0]["description"].startswith("adipose-derived stem cells") and arms[1]["description"] == "collagen gel alone"
    assert [s["arm"] for s in stats] == ["G2", "G1"]
    # An inventory with an arm no item names is left alone.
    arms = [{"label": "collagen gel alone", "role": "intervention"}, {"label": "placebo", "role": "control"},
            {"label": "G1 group", "role": "intervention"}]
    assert label_coded_arms(CODED, split_sentences(CODED), arms, "rct", []) == []
    assert [a["label"] for a in arms] == ["collagen gel alone", "placebo", "G1 group"]


# --- an event subtype "(n = k)" is no arm ----------------------------------------------------------------------------

def test_event_subtype_labels() -> None:
    for label in ("mostly injection-site pain", "mainly wound infection", "including two deaths",
                  "most commonly headache", "predominantly local pain"):
        assert ARMS_RX.SUBTYPE_LABEL.match(label), label
    for label in ("mesenchymal stem cells", "standard care", "PRP alone", "intramuscular injection"):
        assert not ARMS_RX.SUBTYPE_LABEL.match(label), label


# --- factorial "<X> alone" arms: the active factor's is the active comparator --------------------------------------

FACTORIAL = ("Methods: In this 2 x 2 factorial trial, 80 patients were randomised to marrow cells or no cells and, "
             "independently, to topical oxygen or standard dressings, giving four groups of 20 (BM-MNC + TO, "
             "BM-MNC + SD, TO alone and SD alone).")


def test_initialism_spells_out_an_undefined_abbreviation() -> None:
    from stemfoot.extract.arm_roles import initialism

    assert initialism(FACTORIAL, "SD") == "standard dressings"
    assert initialism(FACTORIAL, "TO") == "topical oxygen"
    # No phrase, a lower-case word, or function words spell nothing.
    assert initialism(FACTORIAL, "HBOT") is None
    assert initialism(FACTORIAL, "alone") is None
    assert initialism("randomised to one of two arms", "TO") is None


def test_the_active_factor_alone_is_the_active_comparator() -> None:
    from stemfoot.extract.arm_roles import alone_comparators

    arms = [{"label": "BM-MNC + TO group", "role": "intervention"}, {"label": "BM-MNC + SD group", "role": "intervention"},
            {"label": "TO alone group", "role": "control"}, {"label": "SD alone group", "role": "control"}]
    assert alone_comparators(FACTORIAL, arms) == ["arm_role_alone_comparator"]
    assert [a["role"] for a in arms] == ["intervention", "intervention", "active_comparator", "control"]
    text = FACTORIAL.replace("standard dressings", "moist dressing").replace("SD", "dressing")
    arms = [{"label": "BM-MNC + TO group", "role": "intervention"},
            {"label": "BM-MNC + dressing group", "role": "intervention"},
            {"label": "TO alone group", "role": "control"}, {"label": "dressing alone group", "role": "control"}]
    alone_comparators(text, arms)
    assert [a["role"] for a in arms][2:] == ["active_comparator", "control"]


def test_an_abbreviated_factor_is_named_by_its_words_not_by_a_preposition() -> None:
    from stemfoot.extract.factor_sides import factor_sets, named_factor

    labels = ["BM-MNC + TO group", "BM-MNC + SD group", "TO alone group", "SD alone group"]
    factors = factor_sets(labels)
    roles = {"BM-MNC + TO group": "intervention", "BM-MNC + SD group": "intervention", "TO alone group": "control",
             "SD alone group": "control"}
    cells = frozenset(labels[:2])
    # "allocated to BM-MNC": the preposition names no "TO" factor.
    assert named_factor("Patients allocated to BM-MNC healed more often than those not allocated to cells", factors,
                        roles) == cells
    spelled = {"to": "topical oxygen", "sd": "standard dressings"}
    assert named_factor("Topical oxygen had no significant main effect", factors, roles, spelled) == frozenset(
        ["BM-MNC + TO group", "TO alone group"])
    assert named_factor("Topical oxygen had no significant main effect", factors, roles) is None
