"""Arms the inventory missed or made up (round 24): cluster arms without the word "cluster-randomised", arms
named by route, "X alone" read whole, coded arms defined by "received", outcome names with a count.

Every sentence here is written for the test; none comes from a gold.
"""
from stemfoot.extract.arm_lists import allocation_list, coded_twins
from stemfoot.extract.arm_sizes import randomised_to_arms
from stemfoot.extract.record import build_record
from stemfoot.extract.stages import control_without_cells


def _arms(nlp, text):
    return [(a["label"], a["role"], a["n_patients"]) for a in build_record(nlp(text))["arms"] if not a.get("members")]


def test_cluster_arms_where_the_design_shows_in_an_intracluster_correlation(nlp):
    text = ("Methods: Eight district hospitals were randomised (4 per arm) to offer autologous BM-MNC injection "
            "(intervention clusters) or standard wound care (control clusters); the sample size allowed for an "
            "intracluster correlation of 0.03. Results: In all, 150 patients were enrolled, 78 in intervention "
            "clusters and 72 in control clusters.")
    assert sorted(_arms(nlp, text)) == [("control clusters", "control", 72), ("intervention clusters", "intervention", 78)]


def test_list_items_named_by_route():
    s = ("Forty-five patients were randomised to BM-MNC by the intravenous route (n = 15), by the intramuscular "
         "route (n = 15) or by both routes (intravenous plus intramuscular, n = 15).")
    assert [x.label for x in allocation_list(s, 0, len(s))] == [
        "intravenous", "intramuscular", "intravenous plus intramuscular"]
    # "by both routes" with no bracket naming it: no list (the arm has no name to go by).
    s = "Patients were randomised to BM-MNC by the intravenous route, by the intramuscular route or by both routes."
    assert allocation_list(s, 0, len(s)) == []


def test_route_arms_are_the_cells_given_another_way(nlp):
    text = ("Methods: Forty-five patients were randomised to BM-MNC by the intravenous route (n = 15), by the "
            "intramuscular route (n = 15) or by both routes (intravenous plus intramuscular, n = 15). Results: "
            "Rest pain resolved in 9 patients after intravenous infusion, in 10 after intramuscular injection and "
            "in 12 in the intravenous plus intramuscular group.")
    arms = _arms(nlp, text)
    assert [a[0] for a in arms] == ["intravenous", "intramuscular", "intravenous plus intramuscular"]
    assert all(role != "control" for _, role, _ in arms) and all(n == 15 for *_, n in arms)
    # control_without_cells: a route-named comparator stays active; a plain one is the control.
    route = [{"label": "IM group", "role": "intervention", "cell_type": "BM-MNC"},
             {"label": "IA group", "role": "active_comparator", "cell_type": None}]
    assert control_without_cells(route) == [] and route[1]["role"] == "active_comparator"
    plain = [{"label": "IM group", "role": "intervention", "cell_type": "BM-MNC"},
             {"label": "dressing group", "role": "active_comparator", "cell_type": None}]
    assert control_without_cells(plain) == ["control_without_cells"]


def test_alone_names_the_treatment_before_it():
    s = "Methods: Patients were randomly allocated 1:1 to SVF seeded on a collagen dressing (SVF-dressing) or to the dressing alone."
    assert [(p.label, p.role) for p in randomised_to_arms(s, [(0, len(s))])] == [
        ("SVF-dressing", "intervention"), ("dressing alone", "control")]


def test_a_factorial_list_keeps_its_alone_cells_whole(nlp):
    text = ("Methods: In a 2 × 2 factorial randomised trial, 80 patients were allocated to SVF + PRP, SVF alone, "
            "PRP alone or standard care (20 per arm). Results: Healing was 15, 12, 9 and 6 patients in the SVF + "
            "PRP, SVF alone, PRP alone and standard care groups, respectively.")
    arms = _arms(nlp, text)
    assert "alone" not in [a[0] for a in arms]
    assert sorted(a[0] for a in arms if not a[0].startswith("standard care")) == ["PRP alone", "SVF + PRP", "SVF alone"]
    assert len(arms) == 4 and all(n == 20 for *_, n in arms)


def test_a_coded_arm_defined_by_what_it_received():
    text = ("Group A received SVF injection into the wound bed plus a foam dressing, and Group B received foam "
            "dressing alone. Healing was faster in Group A.")
    assert coded_twins(text, ["Group A", "Group B", "foam dressing alone"]) == {"foam dressing alone": "Group B"}
    # A long description is no name: nothing merges into Group A.
    assert coded_twins(text, ["Group A", "Group B", "SVF injection"]) == {}


def test_an_outcome_with_a_count_is_no_arm(nlp):
    text = ("Methods: Thirty patients received intramuscular UC-MSC in this single-arm phase I study. Results: "
            "Transient fever (n = 4) and injection-site pain (n = 6) were the most frequent events.")
    labels = [a[0].lower() for a in _arms(nlp, text)]
    assert not any("pain" in x or "fever" in x for x in labels)


def test_route_names_only_a_list_whose_arms_differ_by_route():
    # One route item, or route items of different treatments: the arms differ by treatment and keep its name.
    s = "Forty-five patients were randomised to BM-MNC by the intramuscular route (n = 15), cilostazol (n = 15) or standard care (n = 15)."
    assert [x.label for x in allocation_list(s, 0, len(s))][0] == "BM-MNC by the intramuscular route"
    s = ("Forty-five patients were randomised to PRP by the topical route (n = 15), ADSC by the perilesional route "
         "(n = 15) or saline dressing (n = 15).")
    assert [x.label for x in allocation_list(s, 0, len(s))][:2] == ["PRP by the topical route", "ADSC by the perilesional route"]
    # One treatment given two ways: the routes name the arms.
    s = "Forty-five patients were randomised to cells by the intra-arterial route (n = 15), cells by the intramuscular route (n = 15) or saline (n = 15)."
    assert [x.label for x in allocation_list(s, 0, len(s))] == ["intra-arterial", "intramuscular", "saline"]


def test_an_outcome_count_the_start_read_as_no_arm_stays_no_result(nlp):
    # "rest pain (n = 12)" names a subgroup of the single arm: no mention is made of it, so its count is no
    # result of the arm (the gate withholds it).
    text = ("Methods: Thirty patients with CLI received intramuscular PB-MNC in this single-arm study; 12 had rest pain "
            "(n = 12) and 18 had tissue loss (n = 18). Results: Major amputation at 12 months occurred in 4 patients. "
            "Rest pain (n = 12) resolved in 9 patients, and ulcers healed in 10 of 18.")
    record = build_record(nlp(text))
    assert not [s for s in record["statistics"] if s["evidence"]["text"].startswith("pain (n = 12") and s.get("target") == "arm"]


def test_a_treatment_two_coded_arms_received_defines_neither():
    text = ("Patients were randomised to group 1 (BM-MNC, n = 20), group 2 (PB-MNC, n = 20) or standard care (n = 20). "
            "Group 1 and group 2 received standard care.")
    assert coded_twins(text, ["group 1", "group 2", "standard care"]) == {}
    assert coded_twins("Group 1 received BM-MNC, and group 2 received standard care.",
                       ["group 1", "group 2", "standard care"]) == {"standard care": "group 2"}


def test_an_outcome_count_carries_no_arm_into_the_next_sentence(nlp):
    # The adverse-event count names no arm; the single arm's results after it stay its own.
    text = ("Methods: Twenty patients with CLI received intramuscular UC-MSC in this open-label phase I study. "
            "Results: Injection-site pain (n = 9) was the most frequent event. Mean ABI change at 6 months was 0.07 "
            "(95% CI 0.02 to 0.12).")
    abi = [s for s in build_record(nlp(text))["statistics"] if s["outcome"] == "abi"]
    assert abi and all(s["arm"] == "UC-MSC" and s["target"] == "arm" for s in abi)
