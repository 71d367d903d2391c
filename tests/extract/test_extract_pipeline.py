"""Pipeline components other than the statistics grammar."""
import pytest

from stemfoot.extract.pipeline import load_config, load_pipeline
from stemfoot.extract.record import build_record


def record(nlp, text, title=None):
    return build_record(nlp(text), title)


def test_pipeline_is_assembled_from_the_shipped_config(nlp):
    config = load_config()
    assert config["nlp"]["tokenizer"]["@tokenizers"] == "stemfoot.scispacy_tokenizer.v1"
    assert nlp.pipe_names == config["nlp"]["pipeline"]
    assert "abbreviation_detector" in nlp.pipe_names


def test_sections_with_inline_labels(nlp):
    doc = nlp("Background The aim was X. Methods Twenty patients were treated. Results All healed. "
              "Conclusions It works.")
    assert [(s["label"], s["category"]) for s in doc._.sections] == [
        ("Background", "background"), ("Methods", "methods"), ("Results", "results"), ("Conclusions", "conclusions")]
    doc = nlp("OBJECTIVE— To test. RESEARCH DESIGN AND METHODS—We enrolled 20. RESULTS—Good.")
    assert [s["category"] for s in doc._.sections] == ["objective", "methods", "results"]


def test_sentences_do_not_split_on_vs_or_decimals(nlp):
    doc = nlp("Amputation was lower (11.1% vs. 50%, p=0.0032) in the cell group. No deaths occurred.")
    assert [s.text for s in doc.sents] == [
        "Amputation was lower (11.1% vs. 50%, p=0.0032) in the cell group.", "No deaths occurred."]


@pytest.mark.parametrize(
    "text, design",
    [("Patients were randomly assigned to cells or placebo.", "rct"),
     ("Twenty-six patients received cells; control treatment was performed in 26 patients.", "non_randomized_controlled"),
     ("Forty patients with CLI received intramuscular BM-MNC injections and were followed for a year.", "single_arm"),
     ("This systematic review and meta-analysis pooled randomized trials.", "other"),
     ("In a non-randomized study, cells were compared with standard care in a control group.", "non_randomized_controlled")],
)
def test_design(nlp, text, design):
    assert record(nlp, text)["design"]["value"] == design


def test_design_never_rct_without_random_and_title_can_say_it(nlp):
    text = "Limbs of 41 patients were injected with BMMSCs, BMMNCs, or normal saline (NS)."
    assert record(nlp, text)["design"]["value"] != "rct"
    rec = record(nlp, text, title="A double-blind, randomized, controlled trial")
    assert rec["design"]["value"] == "rct"
    assert rec["design"]["evidence"]["source"] == "title"


def test_sample_sizes_patients_limbs_and_number_words(nlp):
    rec = record(nlp, "Methods: Included were 53 patients (72 limbs). The patients were randomly apportioned "
                      "to a control group (25 patients; 38 limbs) or an experimental group (28 patients; 34 limbs).")
    assert (rec["n_patients"]["value"], rec["n_limbs"]["value"]) == (53, 72)
    assert [(a["label"], a["role"], a["n_patients"], a["n_limbs"]) for a in rec["arms"]] == [
        ("control group", "control", 25, 38), ("experimental group", "intervention", 28, 34)]
    rec = record(nlp, "Twenty subjects were randomly divided into MAT niche treatment (n = 10) and control groups (n = 7).")
    assert rec["n_patients"]["value"] == 20
    assert sorted((a["role"], a["n_patients"]) for a in rec["arms"]) == [("control", 7), ("intervention", 10)]


def test_the_first_of_two_coordinated_event_counts_is_no_total(nlp):
    rec = record(nlp, "Methods: Patients were randomised to cells or to standard care. Results: Rest pain improved "
                      "with cells. Two control patients and one cell-treated patient died.")
    assert rec["n_patients"] is None


def test_total_from_arms_when_the_first_count_is_a_subgroup(nlp):
    from stemfoot.extract import arm_model
    text = ("Twenty-eight patients (17 treated by bone marrow cells and 11 by peripheral blood cells) were "
            "included into an active group and 22 patients into a control group.")
    # The rules' arms. (The learned inventory retrained in round 8 chose drop < 0.40 on held-out inventories,
    # 189 vs 188 right at 0.25, and in this one-sentence text rejects the PB-MNC arm, P 0.36; the total stands.)
    with arm_model.disabled():
        rec = record(nlp, text)
    assert [(a["cell_type"], a["role"] != "control", a["n_patients"]) for a in rec["arms"]] == [
        ("BM-MNC", True, 17), ("PB-MNC", True, 11), (None, False, 22)]
    for rec in (rec, record(nlp, text)):
        assert rec["n_patients"]["value"] == 50
        assert rec["n_patients"]["derived"] == "sum of arms"


def test_abbreviations_normalise_cell_types_and_facets(nlp):
    rec = record(nlp, "Human umbilical cord mesenchymal stem cells (HUCMSCs) were studied. Patients received "
                      "angioplasty; the experimental group also received HUCMSC by endovascular infusion and "
                      "injection around the foot ulcer, after G-CSF mobilisation.")
    assert rec["cell_types"] == ["UC-MSC"]
    facets = {k: sorted({v["value"] for v in vs}) for k, vs in rec["facets"].items()}
    assert facets["route"] == ["intra_arterial", "perilesional"]
    assert facets["co_intervention"] == ["angioplasty"]
    assert facets["mobilisation"] == ["G-CSF"]
    hucmsc = [m for m in rec["facets"]["cell_type"] if m["evidence"]["text"] == "HUCMSC"]
    assert hucmsc and hucmsc[0]["value"] == "UC-MSC"


def test_single_arm_study_gets_one_single_arm(nlp):
    rec = record(nlp, "Forty patients with CLI received intramuscular autologous BM-MNC. Ulcers healed in 14 of 21 limbs.")
    assert [(a["role"], a["n_patients"], a["cell_type"]) for a in rec["arms"]] == [("single", 40, "BM-MNC")]
    assert rec["statistics"][0]["arm_role"] == "single"


def test_outcomes_normalised_with_raw_label(nlp):
    rec = record(nlp, "Painless walking time, ankle-brachial index (ABI), TcO(2), magnetic resonance angiography "
                      "and amputation-free survival were assessed.")
    assert [(o["outcome"], o["label"]) for o in rec["outcomes"]] == [
        ("pain_free_walking_time", "Painless walking time"), ("abi", "ankle-brachial index"), ("tcpo2", "TcO(2)"),
        ("neovessels", "magnetic resonance angiography"), ("amputation_free_survival", "amputation-free survival")]


def test_every_value_has_a_source(nlp):
    text = ("Sixty patients were randomized to UC-MSC (n = 30) or placebo (n = 30). Healing: 21/30 (70%) vs "
            "12/30 (40%) (RR 1.75, 95% CI 1.06–2.89; p = 0.02).")
    rec = record(nlp, text)
    values = [rec["design"], rec["n_patients"], *rec["outcomes"], *rec["statistics"]]
    values += [{"evidence": a["evidence"]} for a in rec["arms"]]
    for v in values:
        ev = v["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"]
        assert ev["sentence_start"] <= ev["start"] < ev["end"] <= ev["sentence_end"]
        assert 0 < ev["confidence"] <= 1 and ev["component"].startswith("stemfoot_")


def test_group_words_from_other_traditions(nlp):
    rec = record(nlp, "A total of 72 patients were randomly divided into two groups: the observation group (36 cases) "
                      "received autologous peripheral blood stem cells, and the control group (36 cases) received "
                      "conventional treatment. ABI was higher in the observation group than in the control group "
                      "(0.78 ± 0.12 vs. 0.61 ± 0.10, P < 0.01).")
    assert [(a["label"], a["role"], a["n_patients"]) for a in rec["arms"]] == [
        ("observation group", "intervention", 36), ("control group", "control", 36)]
    assert [(s["mean"], s["arm_role"]) for s in rec["statistics"] if s["kind"] == "mean_sd"] == [
        (0.78, "intervention"), (0.61, "control")]


def test_counts_each_and_in_parentheses(nlp):
    rec = record(nlp, "Six patients each were enrolled in the treatment and control groups.")
    assert sorted((a["role"], a["n_patients"]) for a in rec["arms"]) == [("control", 6), ("intervention", 6)]
    assert rec["n_patients"]["value"] == 12
    rec = record(nlp, "Forty-two patients were enrolled; 28 patients received bone marrow cells and 14 patients "
                      "(control group) received standard therapy.")
    assert [(a["role"], a["n_patients"]) for a in rec["arms"]] == [("intervention", 28), ("control", 14)]


def test_cell_type_vocabulary_prefers_the_specific_product(nlp):
    rec = record(nlp, "Patients received autologous bone marrow-derived mesenchymal stem cells.")
    assert rec["cell_types"] == ["BM-MSC"]
    rec = record(nlp, "Wounds were treated with topical autologous bone marrow.")
    assert rec["cell_types"] == ["BMA"]


def test_lettered_groups_take_their_role_from_what_they_received(nlp):
    rec = record(nlp, "Forty patients were randomized into group A (n = 20), which received intramuscular BM-MNC, and "
                      "group B (n = 20), which received conventional treatment. Healing was 15/20 in group A and 8/20 "
                      "in group B (P value of 0.03).")
    assert [(a["label"], a["role"], a["n_patients"], a["cell_type"]) for a in rec["arms"]] == [
        ("group A", "intervention", 20, "BM-MNC"), ("group B", "control", 20, None)]
    assert [(s["kind"], s["events"], s["arm"], s["p"]) for s in rec["statistics"]] == [
        ("events", 15, "group A", 0.03), ("events", 8, "group B", 0.03), ("p_value", None, None, 0.03)]


def test_arms_named_by_route_and_cell_patients(nlp, no_gate):
    rec = record(nlp, "Twenty-two patients were randomly assigned to intramuscular (n = 11) or intra-arterial (n = 11) "
                      "administration of BM-MNCs. Wound healing occurred in 10 of 13 limbs in the intramuscular group "
                      "and 9 of 11 limbs in the intra-arterial group.")
    assert [(a["label"], a["n_patients"]) for a in rec["arms"]] == [("intramuscular group", 11), ("intra-arterial group", 11)]
    assert [s["arm"] for s in rec["statistics"]] == ["intramuscular group", "intra-arterial group"]
    rec = record(nlp, "Sixty-three patients were randomized to SVF injection around the ulcer (n = 42) or standard wound "
                      "care (n = 21). Closure was reached by 26 (61.9%) SVF patients and 8 (38.1%) control patients.")
    assert [(s["events"], s["arm_role"]) for s in rec["statistics"]] == [(26, "intervention"), (8, "control")]


def test_single_arm_with_verb_first_and_events_in_limbs(nlp):
    rec = record(nlp, "We treated 51 patients (62 limbs) with intramuscular autologous bone marrow mononuclear cells. "
                      "Major amputation was necessary in 12 limbs.")
    assert rec["design"]["value"] == "single_arm"
    assert [(a["role"], a["n_patients"], a["n_limbs"]) for a in rec["arms"]] == [("single", 51, 62)]
    s, = rec["statistics"]
    assert (s["kind"], s["events"], s["outcome"]) == ("events", 12, "amputation")


@pytest.mark.parametrize(
    "text, design",
    [("Randomized controlled trials are needed to confirm this. Twenty patients received cells.", "single_arm"),
     ("Although randomized trials are lacking, cells are used. We treated 12 patients with BM-MNC.", "single_arm"),
     ("This randomized trial enrolled 40 patients. Larger randomized trials should follow.", "rct")],
)
def test_design_ignores_calls_for_other_trials(nlp, text, design):
    assert record(nlp, text)["design"]["value"] == design


def test_groups_described_in_their_parenthesis_and_matched_controls(nlp):
    rec = record(nlp, "Sixty-four patients were divided into a combined group (n=32, PTA plus hUC-MSC transplantation) "
                      "and a PTA group (n=32).")
    assert [(a["label"], a["role"], a["n_patients"], a["cell_type"]) for a in rec["arms"]] == [
        # The PTA group gets no cells and no arm is a control: it is the comparison's control (control_without_cells).
        ("combined group", "intervention", 32, "UC-MSC"), ("PTA group", "control", 32, None)]
    assert rec["design"]["value"] == "non_randomized_controlled"
    rec = record(nlp, "In this prospective study, 20 patients received SVF injections into the wound margins and 20 "
                      "matched controls received standard care.")
    assert [(a["role"], a["n_patients"]) for a in rec["arms"]] == [("intervention", 20), ("control", 20)]
    assert rec["n_patients"]["value"] == 40


def test_cell_doses_are_not_outcome_statistics(nlp):
    rec = record(nlp, "Bone marrow mononuclear cells (mean 2.1 ± 0.9 × 10^9 cells) were injected into the gastrocnemius. "
                      "The 3-year amputation-free rate was 76.5%.")
    assert [(s["kind"], s["outcome"]) for s in rec["statistics"]] == [("percent", "amputation_free_survival")]
    assert {r["value"] for r in rec["facets"]["route"]} == {"intramuscular"}


def test_reviews_stay_other_whatever_groups_they_mention(nlp):
    rec = record(nlp, "This systematic review and meta-analysis compared a cell therapy group (n = 120) with a control "
                      "group (n = 118) across trials.")
    assert rec["design"]["value"] == "other"


def test_a_list_of_six_arms_is_read_not_failed(nlp):
    # A 2 x 3 factorial's six cells: a named list of more than four values has no model margin (list_margin is
    # None), which once failed the whole record.
    rec = record(nlp, "Methods: In a 2 x 3 factorial trial, 120 patients were randomised to MSC or placebo and to one "
                      "of three dressings, forming six groups of 20: MSC + foam, MSC + gauze, MSC + hydrogel, placebo + "
                      "foam, placebo + gauze and placebo + hydrogel. Results: Healing was 15/20, 12/20, 14/20, 9/20, "
                      "7/20 and 8/20 respectively.")
    assert "failed" not in rec["flags"]
    assert len([a for a in rec["arms"] if not a.get("members")]) == 6
