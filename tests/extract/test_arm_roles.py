"""Arm roles from the text's own words (extract/arm_roles.py): pure functions on new sentences, no spaCy."""
from stemfoot.extract.arm_roles import definitions, own_words, roles_from_own_words
from stemfoot.extract.arm_sizes import arm_role, said_role


def _arms(*pairs: tuple[str, str]) -> list[dict]:
    return [{"label": label, "role": role} for label, role in pairs]


def _roles(text: str, *pairs: tuple[str, str]) -> list[str]:
    arms = _arms(*pairs)
    roles_from_own_words(text, arms)
    return [a["role"] for a in arms]


def test_an_abbreviation_defined_with_control_words_is_the_control():
    text = ("Patients were randomised to autologous CD34+ cells (n = 30) or standard wound care (SWC, n = 30). "
            "Ulcers healed in 18 of the CD34+ group and 9 of the SWC group.")
    assert _roles(text, ("CD34+ group", "intervention"), ("SWC group", "named_group")) == ["intervention", "control"]
    text = "Patients received cells plus usual therapy (UT) or UT alone; the UT arm had 20 patients."
    assert _roles(text, ("cell arm", "intervention"), ("UT arm", "named_group")) == ["intervention", "control"]


def test_what_an_arm_received_settles_it():
    text = ("Forty patients were allocated to a collagen-cell group, which received a collagen scaffold seeded with "
            "autologous fibroblasts, or a collagen group, which received the scaffold without cells.")
    assert _roles(text, ("collagen-cell group", "intervention"), ("collagen group", "named_group")) == [
        "intervention", "control"]
    # Cells make an open arm active; the intervention already named, it is the active comparator.
    text = "Patients were assigned to intravenous (IV) infusion or to intra-arterial (IAI) delivery of marrow cells."
    assert _roles(text, ("IV group", "intervention"), ("IAI group", "named_group")) == [
        "intervention", "active_comparator"]


def test_words_that_say_neither_leave_the_role_open():
    text = "The cilostazol group received oral cilostazol 100 mg twice daily for 24 weeks."
    assert _roles(text, ("MSC group", "intervention"), ("cilostazol group", "named_group")) == [
        "intervention", "named_group"]
    # A lettered label says nothing; a name inside another arm's name ("PRP" in "SVF+PRP") is not that arm's.
    assert own_words("Group B (n = 12) received placebo.", "group B") is None
    assert own_words("The SVF+PRP group received SVF suspended in PRP.", "PRP group") == ("", "", "")


def test_said_role_is_arm_role_without_its_default():
    assert said_role("ibuprofen", "", "") is None and arm_role("ibuprofen", "", "") == "intervention"
    assert said_role("saline", "", "marrow cells") == "control"
    assert said_role("", "standard care", "marrow cells plus standard care") == "intervention"


def test_candidate_role_reads_an_abbreviation_by_its_definition():
    from stemfoot.extract.arm_roles import candidate_role
    text = ("Patients were randomly assigned to intramuscular (IM) injection of marrow cells, intra-arterial (IA) "
            "infusion, or conservative treatment (CON). Of 214 patients, 88 received PBMNC and 126 best medical "
            "therapy (BMT).")
    assert candidate_role(text, "CON") == candidate_role(text, "the BMT group") == "control"
    assert candidate_role(text, "IA") == candidate_role(text, "IM group") == "intervention"
    # Its own words still count: "non-treated" is a control's.
    assert candidate_role(text, "non-treated group") == "control"


def test_candidate_role_reads_a_label_broken_across_lines():
    from stemfoot.extract.arm_roles import candidate_role
    text = "Patients were allocated to the visual\nfeedback group (VFG) or to conservative treatment (CON)."
    assert candidate_role(text, "visual\nfeedback group") == "intervention"
    assert candidate_role(text, " ") == "intervention"


def test_definitions_of_blank_or_broken_labels():
    text = "Patients received visual feedback training (VFG) or conventional therapy (Group C)."
    assert definitions(text, "") == "" and definitions(text, "(x)") == ""
    assert definitions(text, "Group\nC") == "conventional therapy"


def test_a_control_said_to_get_a_treatment_alone_is_an_active_comparator():
    from stemfoot.extract.arm_roles import alone_comparators
    text = ("Patients were randomised to group I (ADSCs in PRP), group II or group III. Group II received PRP alone "
            "and group III received saline dressing.")
    arms = [{"label": "group I", "role": "intervention"}, {"label": "group II", "role": "control"},
            {"label": "group III", "role": "control"}]
    assert alone_comparators(text, arms) == ["arm_role_alone_comparator"]
    assert [a["role"] for a in arms] == ["intervention", "active_comparator", "control"]
    # no arm said to get anything alone: roles stay
    arms = [{"label": "group I", "role": "intervention"}, {"label": "group II", "role": "control"},
            {"label": "group III", "role": "control"}]
    assert alone_comparators(text.replace(" alone", ""), arms) == []
