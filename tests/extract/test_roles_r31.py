"""Round 31: comparator roles (extract/arm_roles.py) and bracket-labelled allocation arms (extract/arm_lists.py).
Pure functions on new sentences, no spaCy."""
from stemfoot.extract.arm_lists import arm_count_checks, bracket_arm_labels, checked_bracket_arms
from stemfoot.extract.arm_roles import comparator_kind, comparator_role
from tests.extract_support import comparator_roles_of




def test_comparator_lexicon() -> None:
    assert comparator_kind("topical platelet-rich plasma gel") == "active_comparator"
    assert comparator_kind("intravenous alprostadil for 14 days") == "active_comparator"
    assert comparator_kind("hyperbaric oxygen alone") == "active_comparator"
    assert comparator_kind("normal saline injections") == "placebo"
    assert comparator_kind("a matching vehicle") == "placebo"
    assert comparator_kind("foam dressings") == "control"
    assert comparator_kind("best medical therapy") == "control"
    assert comparator_kind("a sham aspiration") == "control"
    # A named therapy beats placebo words; beside control words it says nothing (the golds file it either way).
    assert comparator_kind("vehicle plus shock waves") == "active_comparator"
    assert comparator_kind("conventional treatment with beraprost") is None
    # Words that name no comparator say nothing (a carrier, angioplasty: the golds differ on them).
    assert comparator_kind("intramuscular injection") is None
    assert comparator_kind("collagen scaffold alone") is None
    assert comparator_kind("PTA alone") is None


def test_label_words_go_before_the_description() -> None:
    # "control group" of a trial whose control took cilostazol: the label calls it the control.
    assert comparator_role("control group", "oral cilostazol 100 mg twice daily") == "control"
    assert comparator_role("vehicle group", "") == "control"
    assert comparator_role("Group C", "oral cilostazol") == "active_comparator"
    assert comparator_role("Group C", "conventional treatment with cilostazol") is None


def test_a_dressing_arm_read_as_an_intervention_is_the_control() -> None:
    text = ("Sixty patients were assigned to weekly keratinocyte-free autologous MSC patches (patch group) or to "
            "silver alginate dressings (dressing group).")
    assert comparator_roles_of(text, ("patch group", "intervention", "autologous MSC patches"),
                  ("dressing group", "intervention", "silver alginate dressings")) == ["intervention", "control"]


def test_a_drug_comparator_read_as_an_intervention_is_the_active_comparator() -> None:
    text = "Patients were randomised to intra-arterial marrow cells (cell arm) or to intravenous beraprost (drug arm)."
    assert comparator_roles_of(text, ("cell arm", "intervention", "intra-arterial marrow cells"),
                  ("drug arm", "intervention", "intravenous beraprost")) == ["intervention", "active_comparator"]
    # Made the control, it stays one unless asked: the golds file such an arm either way; not a prostanoid
    # (beraprost), which the golds file as the active comparator since blind10 (round 35, ``ACTIVE_CLASS``).
    assert comparator_roles_of(text, ("cell arm", "intervention", "intra-arterial marrow cells"),
                  ("drug arm", "control", "intravenous beraprost")) == ["intervention", "active_comparator"]
    other = text.replace("intravenous beraprost", "oral pentoxifylline")
    assert comparator_roles_of(other, ("cell arm", "intervention", "intra-arterial marrow cells"),
                  ("drug arm", "control", "oral pentoxifylline")) == ["intervention", "control"]
    assert comparator_roles_of(text, ("cell arm", "intervention", "intra-arterial marrow cells"),
                  ("drug arm", "control", "intravenous beraprost"), demote=True) == ["intervention", "active_comparator"]
    # Told what it received after its name, a lettered arm too.
    text = "Group A received peripheral blood mononuclear cells and Group B received pentoxifylline for 12 weeks."
    assert comparator_roles_of(text, ("Group A", "intervention", None), ("Group B", "control", None), demote=True) == [
        "intervention", "active_comparator"]


def test_arms_with_cells_or_without_a_cell_arm_keep_their_roles() -> None:
    # A combination holding the cell arm's name holds the cells.
    text = "Patients were randomised 1:1 to marrow cells in platelet gel (MC+PRP) or to marrow cells alone (MC)."
    assert comparator_roles_of(text, ("MC+PRP", "active_comparator", None), ("MC", "intervention", "marrow cells alone")) == [
        "active_comparator", "intervention"]
    # The cells arm with a sham is no comparator; an arm said to get a route of the cells neither.
    text = "Patients were assigned to ADSC plus sham shock waves or to vehicle plus shock waves."
    assert comparator_roles_of(text, ("ADSC + sham arm", "intervention", "ADSC plus sham shock waves"),
                  ("vehicle + ESWT arm", "control", "vehicle plus shock waves"), demote=True) == [
        "intervention", "active_comparator"]
    text = ("Group A received intra-arterial cells, group B received intramuscular injection and group C received "
            "conventional drug therapy only.")
    assert comparator_roles_of(text, ("group A", "intervention", "intra-arterial cells"),
                  ("group B", "intervention", "intramuscular injection and group C received conventional drug therapy"),
                  ("group C", "intervention", "conventional drug therapy only")) == [
        "intervention", "intervention", "control"]
    # No arm gets cells: two drugs compared are no business of this stage.
    text = "Patients were randomised to iloprost (A group) or to cilostazol (B group)."
    assert comparator_roles_of(text, ("A group", "intervention", "iloprost"), ("B group", "control", "cilostazol")) == [
        "intervention", "control"]


def test_every_bracketed_arm_label_of_an_allocation_sentence() -> None:
    text = ("Patients were randomised to autologous cells injected once (arm A), monthly for three months "
            "(monthly arm) or weekly (weekly-dose arm), or to saline (saline arm).")
    assert bracket_arm_labels(text, 0, len(text)) == ["arm A", "monthly arm", "weekly-dose arm", "saline arm"]


def test_brackets_without_an_arm_head_are_no_arms() -> None:
    text = ("Forty-four patients (n = 44; age range 40-80) were randomised to cells (cell group) or saline "
            "(placebo group), 22 per arm (both groups).")
    assert bracket_arm_labels(text, 0, len(text)) == ["cell group", "placebo group"]
    # No allocation word: a results sentence's brackets define no arms.
    text = "Healing was faster with cells (cell group) than with saline (placebo group)."
    assert bracket_arm_labels(text, 0, len(text)) == []


def test_the_count_of_arms_the_sizes_imply() -> None:
    assert 3 in arm_count_checks("Ninety patients were enrolled (30 per group).", None)
    assert 3 in arm_count_checks("We enrolled 90 patients (30 per group).")
    assert arm_count_checks("Analysed were 28 patients (14 per arm).", 42) >= {2, 3}
    assert 4 in arm_count_checks("Of these, 101 were analysed (25, 26, 25 and 25).")
    assert 3 in arm_count_checks("a 1:1:1 ratio")
    assert 3 in arm_count_checks("into three groups")


def test_labels_become_arms_only_when_a_count_backs_them() -> None:
    sentence = ("Patients were randomised to cells given once (single arm), twice (double arm) or three times "
                "(triple arm).")
    spans = [(0, len(sentence))]
    assert checked_bracket_arms(sentence, spans) == []
    text = sentence + " Of 60 patients randomised (20 per arm), 57 completed."
    assert checked_bracket_arms(text, [(0, len(sentence)), (len(sentence) + 1, len(text))]) == [
        "single arm", "double arm", "triple arm"]
