"""Arm codes the text defines ("For group A patients, ...") mapped to the query's arms (pure functions)."""
from stemfoot.extract.outcome_query import arm_similarity, code_arms, code_contexts, with_code

METHODS = ("Patients were categorized into two groups, A and B. For group A patients, the conventional four-port "
           "cholecystectomy was performed. For group B patients, the harmonic scalpel was used to secure the artery.")


def test_code_defined_by_the_words_after_it():
    assert code_arms(METHODS, "conventional laparoscopic cholecystectomy (CLC)",
                     "harmonic scalpel assisted laparoscopic cholecystectomy (HLC)") == ("group a", "group b")
    # swapped query arms swap the codes
    assert code_arms(METHODS, "harmonic scalpel assisted laparoscopic cholecystectomy",
                     "conventional laparoscopic cholecystectomy") == ("group b", "group a")


def test_code_after_its_name_in_parentheses_and_colon():
    text = ("Patients were randomly assigned to two groups (desmopressin: group D and placebo: group P). "
            "In group D, two puffs of intranasal desmopressin were given, and in group P two puffs of placebo.")
    assert code_arms(text, "Desmopressin", "Placebo") == ("group d", "group p")
    assert code_contexts(text)["group p"][0][1] == "after"


def test_unclear_codes_give_none():
    same = "Group A received ropivacaine. Group B received ropivacaine as well."
    assert code_arms(same, "Ropivacaine", "Ropivacaine plus clonidine") == (None, None)
    assert code_arms("Group A did better than group B.", "Drug X", "Placebo") == (None, None)
    assert code_arms(METHODS, "Drug X", "Drug Y") == (None, None)
    # a query that names its codes keeps them
    assert code_arms(METHODS, "Ropivacaine (group A)", "Ropivacaine plus clonidine (group B)") == (None, None)


def test_with_code_makes_the_table_header_match():
    arm = with_code("Desmopressin", "group d")
    assert arm == "Desmopressin (group D)"
    assert arm_similarity(arm, "Group D (n = 47)", "intervention") >= 0.95
    assert arm_similarity("Desmopressin", "Group D (n = 47)", "intervention") < 0.5
    assert with_code("Ropivacaine (group A)", "group b") == "Ropivacaine (group A)"
    assert with_code("Drug", None) == "Drug"


def test_bracket_code_named_as_group_in_text():
    from stemfoot.extract.outcome_query import bracket_code

    text = "Patients were divided into two equal groups: Group G and Group F."
    assert bracket_code("GlideScope video laryngoscope (G)", text) == "group g"
    assert bracket_code("flexible fibre-optic bronchoscope (F)", text) == "group f"
    assert bracket_code("lidocaine (L)", text) is None  # no "Group L" in the text
    assert bracket_code("nutrition psychoeducation (NPC)", text) is None


def test_parenthesised_code_is_named_by_the_words_before_it_not_the_next_arm():
    text = ("Patients were randomly assigned to receive either atorvastatin 20 mg (group A) or rosuvastatin 10 mg "
            "(group B) once daily for 12 weeks.")
    assert [d for _, d in code_contexts(text)["group a"]] == ["before"]
    assert code_arms(text, "Atorvastatin", "Rosuvastatin") == ("group a", "group b")


def test_generic_arm_label_with_an_article():
    assert arm_similarity("JQJT tablets", "The treatment group", "intervention") == 0.6
    assert arm_similarity("Placebo", "The control group", "comparator") >= 0.7
