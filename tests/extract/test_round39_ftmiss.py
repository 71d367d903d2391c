"""Round 39 (ftmiss39): arm short forms an article coins and spells from the arm's name, names-first "respectively"
pairs, and table cells with their own p value or a named spread. Invented examples, no spaCy."""
from stemfoot.extract.arm_link import coined_used, spelled_codes, spells
from stemfoot.extract.prose_pairs import find_pairs
from stemfoot.extract.tables import _interpret, parse_cell

METHODS = ("Patients were randomly assigned to 0.5% ropivacaine with 1:50,000 clonidine (the R50 group) or 1:150,000 "
           "clonidine (the R150 group). ")


def test_coined_forms_used_as_arm_names():
    text = ("Mice were given saline (the SAL group) or drug [magnesium group, MgG]. In groups K4 and K12 the "
            "dose was doubled. Diabetes type A (TAD) was rare. The CD4 count rose. Group results follow. The first "
            "author (JK) wrote it.")
    assert coined_used(text) == {"SAL", "MgG", "K4", "K12"}  # a bare bracket ("(TAD)", "(JK)") is no arm name


def test_a_code_spells_its_arm_by_initials_and_numbers():
    assert spells("R50", "0.5% ropivacaine with 1:50,000 clonidine")
    assert not spells("R50", "0.5% ropivacaine with 1:150,000 clonidine")
    assert spells("K4", "ketamine 4 mg") and not spells("K4", "ketamine 12 mg")
    assert spells("T2A", "tier 2 asthma") and not spells("T2A", "tier 3 asthma")
    assert spells("MgG", "Mg (as magnesium sulphate) daily")  # the group word the name leaves out
    assert not spells("K", "ketamine") and not spells("KX", "ketamine")


def test_spelled_codes_give_each_arm_its_own():
    q_i, q_c = "0.5% ropivacaine with 1:50,000 clonidine", "0.5% ropivacaine with 1:150,000 clonidine"
    assert spelled_codes(METHODS, q_i, q_c) == ("R50", "R150")


def test_a_code_spelling_both_arms_or_written_in_the_query_is_none():
    text = "Patients had next visit review (the NVR group) or no next visit review (the NNVR group)."
    assert spelled_codes(text, "Next-visit review", "No next-visit review") == (None, "NNVR")
    assert spelled_codes(METHODS, "ropivacaine 1:50,000 clonidine (R50)", "placebo") == (None, None)


def test_names_first_respectively_pair():
    pairs = find_pairs("The largest rises in groups K4 and K12 were 21 ± 9 bpm and 33 ± 11 bpm, respectively.",
                       "ketamine 4 mg (K4)", "ketamine 12 mg (K12)")
    assert [(p.intervention.mean, p.comparator.mean) for p in pairs] == [(21.0, 33.0)]
    pairs = find_pairs("The largest rises in groups K12 and K4 were 21 ± 9 bpm and 33 ± 11 bpm, respectively.",
                       "ketamine 4 mg (K4)", "ketamine 12 mg (K12)")
    assert [(p.intervention.mean, p.comparator.mean) for p in pairs] == [(33.0, 21.0)]


def test_names_first_respectively_needs_no_number_between_names_and_values():
    pairs = find_pairs("In groups K4 and K12, scores at 6 and 12 months were 21 ± 9 and 33 ± 11, respectively.",
                       "ketamine 4 mg (K4)", "ketamine 12 mg (K12)")
    assert pairs == []


def test_cell_with_its_own_p_value_is_read_as_the_statistic():
    assert parse_cell("140.2(12.5)p = 0.021") == ("paren", {"a": 140.2, "b": 12.5})
    assert parse_cell("3.4 ± 1.2 [p < 0.001]") == ("pm", {"a": 3.4, "b": 1.2})
    assert parse_cell("p = 0.03") == ("p", {"op": "=", "a": 0.03})
    assert parse_cell("12 p=0.03") is None  # a bare number before a p value may be the difference tested


def test_cell_naming_its_spread():
    shape, v = parse_cell("3.75 (SD 1.15)")
    assert _interpret(shape, v, None, None) == ({"mean": 3.75, "sd": 1.15}, [])
    shape, v = parse_cell("3.75 (SE: 0.25)")
    assert _interpret(shape, v, None, None) == ({"mean": 3.75, "se": 0.25}, [])


def test_query_bracket_with_a_coined_form_gives_the_form():
    from stemfoot.extract.outcome_query import arm_aliases

    assert "MgG" in arm_aliases("Mg per os daily (MgG group)")
    forms = arm_aliases("no supplement (CTG - control group)")
    assert "CTG" in forms and "control group" in forms
    assert "DZ" in arm_aliases("Docetaxel with zoledronic acid (group DZ)")
    assert "II" not in arm_aliases("Resiniferatoxin (group II)")


def test_one_letter_and_the_group_word_spell_nothing():
    assert not spells("CG", "hearing aids in the classroom")
    assert spells("CG", "cognitive gymnastics")


def _cells(label: str, values: dict[str, float]) -> list[dict]:
    return [{"kind": "mean_sd", "arm": arm, "mean": v, "sd": 1.0, "total": 30, "outcome_label": label,
             "timepoint": None, "evidence": {"table": "Table 2", "row_header": label, "caption": "Results",
                                             "column_header": arm}}
            for arm, v in values.items()]


def test_elimination_takes_the_arm_its_query_arm_fits_best():
    from stemfoot.extract.outcome_query import answer_query

    recs = _cells("Tear volume [ml]", {"Warm compress": 2.1, "Cold compress": 3.4})
    q = {"id": 1, "study": "s", "outcome": "Tear volume", "intervention": "Cold methods of compress",
         "comparator": "Control"}
    a = answer_query(q, recs)
    assert a["intervention_mean"] != 2.1  # "Warm compress" shares only "compress" with the query arm
    assert a["comparator_mean"] is None  # "Warm compress" shares the intervention's own word: no control by elimination
