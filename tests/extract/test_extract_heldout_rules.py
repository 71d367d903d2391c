"""General rules added after a held-out check: arm sizes, values in arm order, counts, single arms, outcome ties.

Every sentence here is written for the test; none comes from the held-out set.
"""
from stemfoot.extract import export_gate
from stemfoot.extract.record import build_record


def record(nlp, text):
    return build_record(nlp(text))


def arm_sizes(rec):
    return [(a["role"], a["n_patients"], a["n_limbs"]) for a in rec["arms"]]


def test_n_per_group_goes_to_every_arm_named(nlp):
    rec = record(nlp, "Methods: Forty-five patients were randomly assigned to AD-MSC, PB-MNC or saline injection "
                      "(n = 15 per group).")
    assert arm_sizes(rec) == [("intervention", 15, None), ("active_comparator", 15, None), ("control", 15, None)]
    assert rec["n_patients"]["value"] == 45


def test_label_then_counts_inside_one_parenthesis_and_limb_totals_from_arms(nlp):
    rec = record(nlp, "Methods: Patients who consented received autologous PB-MNC (PB-MNC group, 22 patients, 25 limbs); "
                      "the others received standard wound care (control group, 20 patients, 21 limbs).")
    assert arm_sizes(rec) == [("intervention", 22, 25), ("control", 20, 21)]
    assert (rec["n_patients"]["value"], rec["n_limbs"]["value"]) == (42, 46)
    assert rec["n_limbs"]["derived"] == "sum of arms"


def test_cohorts_compared_as_sentence_subjects(nlp):
    rec = record(nlp, "Methods: Twenty-eight patients (31 limbs) with rest pain treated with autologous BMAC were compared "
                      "with 28 matched patients (30 limbs) who received best medical therapy during the same years. "
                      "Results: Limb salvage was 82.1% in the BMAC group and 60.7% in the control group.")
    assert arm_sizes(rec) == [("intervention", 28, 31), ("control", 28, 30)]
    assert (rec["n_patients"]["value"], rec["n_limbs"]["value"]) == (56, 61)
    assert [(s["percent"], s["arm_role"]) for s in rec["statistics"]] == [(82.1, "intervention"), (60.7, "control")]


def test_cells_plus_background_care_is_the_active_arm(nlp):
    rec = record(nlp, "Methods: Patients were randomized to SVF injection plus standard wound care (n = 25) or standard "
                      "wound care alone (n = 26). Results: Healing occurred in 15 of 25 patients in the SVF group.")
    assert [(a["label"], a["role"], a["n_patients"]) for a in rec["arms"]] == [
        ("SVF group", "intervention", 25), ("standard wound care alone", "control", 26)]


def test_conventional_treatment_named_by_its_drug_is_the_control(nlp):
    rec = record(nlp, "Methods: Patients were randomized to BM-MNC implantation (n = 18) or conventional treatment with "
                      "cilostazol (n = 17). Results: Ulcers healed in 12 of 18 patients in the BM-MNC group and 5 of 17 "
                      "in the control group.")
    assert arm_sizes(rec) == [("intervention", 18, None), ("control", 17, None)]


def stat_arms(rec, kind):
    return [(s["arm_role"], "arm_by_order" in s["flags"]) for s in rec["statistics"] if s["kind"] == kind]


def cue_roles(rec, kind):
    """The roles of the arms the rules chose (a cue of the attribution stage), after checking that each
    value's final arm is that cue's or none (left for review), never another arm."""
    roles = {a["label"]: a["role"] for a in rec["arms"]}
    out = []
    for s in rec["statistics"]:
        if s["kind"] != kind:
            continue
        cue = (s.get("attribution") or {}).get("rule_arm", s["arm"])
        assert s["arm"] in (cue, None) and (s["arm"] is not None or "review_attribution" in s["flags"])
        out.append((roles.get(cue), "arm_by_order" in s["flags"]))
    return out


def test_values_in_arm_order_with_and_without_respectively(nlp):
    rec = record(nlp, "Methods: Forty-five patients were randomly assigned to AD-MSC, PB-MNC or saline injection "
                      "(n = 15 per group). Results: Pain-free walking distance rose by 120 ± 40, 85 ± 35 and 10 ± 20 m, "
                      "respectively. Complete healing occurred in 11/15, 8/15 and 4/15 patients.")
    assert cue_roles(rec, "mean_sd") == [("intervention", False), ("active_comparator", False), ("control", False)]
    assert cue_roles(rec, "events") == [("intervention", True), ("active_comparator", True), ("control", True)]


def test_before_after_values_are_not_read_as_arm_order(nlp):
    rec = record(nlp, "Methods: Thirty patients were randomized to PB-MNC (n = 15) or placebo (n = 15). "
                      "Results: TcPO2 increased from 22 ± 6 to 35 ± 8 mmHg.")
    assert [s["arm_role"] for s in rec["statistics"] if s["kind"] == "mean_sd"] == [None, None]


def test_arm_order_is_the_allocation_order_not_the_first_mention(nlp):
    rec = record(nlp, "Background: We compared BMAC with a historical control cohort. Methods: Twenty patients treated "
                      "with BMAC were compared with 20 matched patients who received standard care. Results: Major "
                      "amputation occurred in 10.0% vs 35.0%.")
    assert [r for r, _ in cue_roles(rec, "percent")] == ["intervention", "control"]


def test_respectively_with_no_arm_named_follows_the_allocation_not_the_results_order(nlp):
    # The control allocated first: the results-order guess (cells first) would swap the two counts.
    rec = record(nlp, "Methods: Sixty patients with critical limb ischaemia were randomly assigned to placebo (placebo "
                      "group, n = 30) or bone marrow cells (BMC group, n = 30). Results: Baseline characteristics were "
                      "similar. Major amputation occurred in 9 and 3 patients, respectively.")
    assert [(s["events"], s["arm"]) for s in rec["statistics"] if s["kind"] == "events"] == [
        (9, "placebo group"), (3, "BMC group")]
    # A sentence naming the arms the other way round before the list leaves no one allocation order to follow.
    rec = record(nlp, "Methods: Sixty patients with critical limb ischaemia were randomly assigned to placebo (placebo "
                      "group, n = 30) or bone marrow cells (BMC group, n = 30). Results: TcPO2 rose more in the BMC "
                      "group than in the placebo group. Major amputation occurred in 3 and 9 patients, respectively.")
    assert not any((s.get("attribution") or {}).get("list_prior") == "allocation_order" for s in rec["statistics"])


def test_respectively_over_subjects_or_times_takes_no_allocation_order(nlp):
    # The values run over the outcomes (or times) the sentence lists, not over the arms: no allocation order.
    methods = ("Methods: Ninety patients were randomly assigned to low-dose cells (low-dose group, n = 30), high-dose "
               "cells (high-dose group, n = 30) or placebo (placebo group, n = 30). Results: Baseline characteristics "
               "were similar. ")
    for results in ("Healing, minor amputation and major amputation occurred in 14, 5 and 3 patients, respectively.",
                    "Complete healing occurred in 9, 12 and 14 patients at 4, 12 and 24 weeks, respectively."):
        rec = record(nlp, methods + results)
        assert not any((s.get("attribution") or {}).get("list_prior") == "allocation_order"
                       for s in rec["statistics"]), results
    # The same trial's list over the arms still follows the allocation.
    rec = record(nlp, methods + "Major amputation occurred in 2, 1 and 6 patients, respectively.")
    assert [(s["events"], s["arm"]) for s in rec["statistics"] if s["kind"] == "events"] == [
        (2, "low-dose group"), (1, "high-dose group"), (6, "placebo group")]
    # A comma alone lists no subjects ("Ulcer healing, defined as ..., occurred in"): the allocation order holds.
    rec = record(nlp, "Methods: Forty patients were randomly assigned to standard care (control group, n = 20) or bone "
                      "marrow cells (BMC group, n = 20). Results: Ulcer healing, defined as complete epithelialisation, "
                      "occurred in 6 and 14 patients, respectively.")
    assert [(s["events"], s["arm"]) for s in rec["statistics"] if s["kind"] == "events"] == [
        (6, "control group"), (14, "BMC group")]


def events_of(rec):
    return [(s["events"], s["total"], s["percent"], s["arm_role"], s["outcome"]) for s in rec["statistics"]
            if s["kind"] == "events"]


def test_count_words_before_a_percentage_are_counts(nlp):
    rec = record(nlp, "Methods: Fifty patients were randomized to BM-MNC (n = 25) or control (n = 25). Results: Three "
                      "patients (12.0%) in the BM-MNC group had transient fever. Complete healing occurred in eight "
                      "(32·0%) patients in the BM-MNC group and 4 (16·0%) in the control group.")
    assert events_of(rec) == [(3, None, 12.0, "intervention", "adverse_events"),
                              (8, None, 32.0, "intervention", "ulcer_healing"),
                              (4, None, 16.0, "control", "ulcer_healing")]
    assert not [s for s in rec["statistics"] if s["kind"] == "percent"]


def test_counts_without_denominator_are_events_not_arm_sizes(nlp):
    rec = record(nlp, "Methods: Patients were randomized to BM-MNC implantation or standard care. Results: Major "
                      "amputation was needed in 1 patient in the BM-MNC group and in four control patients. Ulcer "
                      "recurrence was observed in 3 patients in the BM-MNC group and in 9 control patients. Collateral "
                      "formation occurred in 14 patients of the BM-MNC group.")
    assert events_of(rec) == [(1, None, None, "intervention", "amputation"), (4, None, None, "control", "amputation"),
                              (3, None, None, "intervention", "ulcer_recurrence"),
                              (9, None, None, "control", "ulcer_recurrence"),
                              (14, None, None, "intervention", "neovessels")]
    # Regression: "in four control patients" once became the control arm's size.
    assert arm_sizes(rec) == [("intervention", None, None), ("control", None, None)]
    assert rec["n_patients"] is None


def test_zero_events_without_a_noun(nlp):
    # The rules' placement, before the learned export gate (whose threshold moves with each retrain) may withhold it.
    with export_gate.disabled():
        rec = record(nlp, "Methods: Twenty patients received intramuscular PB-MNC. Results: Ulcers healed in 14 of 20 "
                          "patients and none required major amputation.")
    # A worded zero of a single-arm series is said of everyone enrolled: the whole sample's (extract/single_arm.py).
    assert events_of(rec)[-1] == (0, None, None, None, "amputation")
    assert rec["statistics"][-1]["target"] == "cohort"


def test_design_words_are_not_arms_and_single_arm_results_are_its_own(nlp):
    # The rules' placement, before the learned export gate (whose threshold moves with each retrain).
    with export_gate.disabled():
        rec = record(nlp, "Methods: This prospective, open-label, single-arm, phase II trial enrolled 15 patients who "
                          "received intramuscular BM-MNC. Results: Adverse events occurred in 2 of 15 patients (13.3%). "
                          "The median walking pain score (numeric rating scale) fell from 7 (IQR 6–8) to 3 (IQR 2–4). "
                          "Ulcers healed in 6 of 9 patients with an ulcer at entry (66.7%).")
    assert arm_sizes(rec) == [("single", 15, None)]
    stats = rec["statistics"]
    # Outcomes are the one arm's; the before -> after pair over everyone enrolled is the whole sample's.
    assert [(s["kind"], s["target"], s["arm_role"]) for s in stats] == [
        ("events", "arm", "single"), ("median", "cohort", None), ("median", "cohort", None), ("events", "arm", "single")]
    assert [(s["kind"], s["outcome"]) for s in stats] == [
        ("events", "adverse_events"), ("median", "pain_score"), ("median", "pain_score"), ("events", "ulcer_healing")]
    assert [s["percent"] for s in stats if s["kind"] == "events"] == [13.3, 66.7]


def test_a_bracketed_scale_glosses_the_outcome_before_it(nlp):
    rec = record(nlp, "Results: In the cell group the rest pain (visual analogue scale) fell from 6.1 ± 1.2 to 2.3 ± 1.0.")
    assert [s["outcome"] for s in rec["statistics"]] == ["rest_pain", "rest_pain"]


def test_outcome_ties_respectively_brackets_semicolons_and_time_to_healing(nlp):
    rec = record(nlp, "Results: Toe-brachial index and skin temperature rose significantly after cell transplantation "
                      "(P = 0.021 and P = 0.008, respectively). Rest pain (P < 0.01), numbness (P < 0.05) and "
                      "claudication distance (P < 0.05) improved. Wounds closed in 9 of 12 patients (75.0%) after a median "
                      "of 8 weeks (IQR 6–12). Median area reduction at 4 weeks was 52% (IQR 30–70). Ulcers recurred "
                      "in 2 patients. Two patients (8.0%) had cellulitis; no deaths occurred.")
    got = [(s["kind"], s["outcome"]) for s in rec["statistics"]]
    assert got == [("p_value", "tbi"), ("p_value", "skin_temperature"),
                   ("p_value", "rest_pain"), ("p_value", None), ("p_value", "claudication_distance"),
                   ("events", "ulcer_healing"), ("median", "time_to_healing"), ("median", "wound_area"),
                   ("events", "ulcer_recurrence"), ("events", "ulcer_recurrence"), ("events", "mortality")]
    assert rec["statistics"][3]["outcome_label"] == "numbness"
    assert rec["n_patients"] is None  # "recurred in 2 patients" counts events, not the study


def test_arm_named_by_its_treatment_in_a_comparison(nlp):
    # The rules' placement, before the learned export gate (whose threshold moves with each retrain) may withhold
    # a value for review.
    with export_gate.disabled():
        rec = record(nlp, "Methods: Sixty patients were randomized to PB-MNC implantation (n = 30) or standard care (n = 30). "
                          "Results: Pain relief occurred in 21 of 30 patients (70.0%) after cell therapy versus 9 of 30 "
                          "(30.0%) in controls. Median time to healing was 56 days (IQR 42–77) with PB-MNC versus 91 "
                          "days (IQR 70–120) with standard care.")
    assert [(s["kind"], s["arm_role"]) for s in rec["statistics"]] == [
        ("events", "intervention"), ("events", "control"), ("median", "intervention"), ("median", "control")]


def test_parallel_mean_sd_comma_iqr_and_qualified_adverse_events(nlp):
    rec = record(nlp, "Results: The change in HbA1c was −0·4% (SD 1·0) in the cell group and −0·1% (0·9) in the vehicle "
                      "group. Patients had a median ulcer duration of 6 months, IQR 4–11. Muscle pain related to the "
                      "injections occurred in five patients.")
    got = [(s["kind"], s["mean"], s["sd"], s["median"], s["q1"], s["q3"], s["events"], s["outcome"]) for s in rec["statistics"]]
    assert got == [("mean_sd", -0.4, 1.0, None, None, None, None, "hba1c"),
                   ("mean_sd", -0.1, 0.9, None, None, None, None, "hba1c"),
                   ("median", None, None, 6, 4, 11, None, "ulcer_duration"),
                   ("events", None, None, None, None, None, 5, "pain_score")]
    assert not any("percent_out_of_range" in s["flags"] for s in rec["statistics"])


def facet_values(rec, facet):
    return [m["value"] for m in rec["facets"].get(facet, [])]


def test_applied_sheets_are_topical_and_eligibility_is_not_a_co_intervention(nlp):
    rec = record(nlp, "Methods: Patients who were ineligible for revascularisation or had no angioplasty option received "
                      "twice-weekly application of an allogeneic ADSC sheet with debridement, at 2 × 10^6 cells/kg.")
    assert facet_values(rec, "route") == ["topical"]
    assert facet_values(rec, "co_intervention") == ["debridement"]
    assert facet_values(rec, "dose") == ["2 × 10^6 cells/kg"]


def test_lancet_labels_without_colons(nlp):
    doc = nlp("Background Cell sheets may speed healing. Methods We enrolled 40 patients. Findings Healing was "
              "reached in 70% of patients. Interpretation Sheets were safe.")
    assert [(s["label"], s["category"]) for s in doc._.sections] == [
        ("Background", "background"), ("Methods", "methods"), ("Findings", "results"), ("Interpretation", "conclusions")]


def test_compared_with_placebo_is_a_comparator_lead_not_an_arm_mention(nlp, no_gate):
    rec = record(nlp, "Methods: Patients were randomized to AD-MSC gel (n = 40) or placebo (n = 40). Results: Compared "
                      "with placebo, the AD-MSC gel shortened mean healing time (41 vs 58 days, P = 0.01).")
    assert [(s["kind"], s["arm_role"]) for s in rec["statistics"]][:2] == [("mean", "intervention"), ("mean", "control")]


def test_time_series_and_procedures_are_not_arm_order_or_events(nlp):
    rec = record(nlp, "Methods: Thirty-six patients were randomly assigned to AD-MSC, PB-MNC or saline injection "
                      "(n = 12 per group). Angiography was performed in 20 patients. Results: ABI was 0.45 ± 0.10, "
                      "0.58 ± 0.11 and 0.62 ± 0.12 at baseline, 3 and 6 months.")
    # The learned bare-count stage may propose "20 patients" as a count; it is no pattern's and is not exported.
    learned = [s for s in rec["statistics"] if "event_count_learned" in s["flags"]]
    assert all(s["target"] == "unattributed" for s in learned)
    assert [(s["kind"], s["arm_role"]) for s in rec["statistics"] if s not in learned] == [("mean_sd", None)] * 3


def test_participles_and_compared_them_name_the_arms(nlp):
    rec = record(nlp, "Methods: We treated 16 consecutive patients (18 limbs) with intramuscular BM-MNC and compared them "
                      "with 16 patients (17 limbs) who received cilostazol. Results: Ulcers healed in 10 of 16 patients "
                      "receiving BM-MNC and 5 of 16 receiving cilostazol.")
    assert arm_sizes(rec) == [("intervention", 16, 18), ("control", 16, 17)]
    assert [s["arm_role"] for s in rec["statistics"]] == ["intervention", "control"]


def test_no_patient_died_is_not_carried_to_the_last_arm_named(nlp):
    rec = record(nlp, "Methods: Forty patients were randomized to PB-MNC (n = 20) or placebo (n = 20). Results: ABI rose "
                      "from 0.40 ± 0.10 to 0.52 ± 0.12 in the PB-MNC group. No patient died.")
    assert [(s["events"], s["arm_role"]) for s in rec["statistics"] if s["kind"] == "events"] == [(0, None)]


def test_a_cluster_trial_names_its_arms_by_their_sites(nlp):
    rec = record(nlp, "Methods: Ten wound clinics were cluster-randomised to offer autologous BM-MNC injection "
                      "(cell therapy clinics, 5 clusters, 96 patients) or standard dressings only (usual-care "
                      "clinics, 5 clusters, 90 patients). Results: Healing at 12 weeks was 48% in cell therapy "
                      "clinics and 31% in usual-care clinics.")
    assert sorted((a["label"], a["role"], a["n_patients"]) for a in rec["arms"]) == [
        ("cell therapy clinics", "intervention", 96), ("usual-care clinics", "control", 90)]
    # Without a cluster design the same words name no arm: "two clinics" are where a trial ran.
    rec = record(nlp, "Methods: Forty patients at two university clinics received autologous BM-MNC injection. "
                      "Results: Healing at 12 weeks was 48% across clinics.")
    assert all("clinics" not in a["label"] for a in rec["arms"])
