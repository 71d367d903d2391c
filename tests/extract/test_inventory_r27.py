"""Inventories for designs the rules half-knew (round 27): a factorial list whose count follows it, a one-arm
reading that is one limb of a within-patient design, a cluster trial whose enrolment is written count first, arms
whose labels are clauses led by their code, a design named as if it were an arm, and a background's "randomised
trials" in a non-randomised study. Pure functions; no spaCy pipeline is loaded.

Every sentence here is written for the test; none comes from a gold.
"""
from stemfoot.extract.arm_inventory import build_inventory
from stemfoot.extract.arm_sizes import add_limb_arms, cluster_enrolment, per_group, reused_label_arms
from stemfoot.extract.arms import _RX as ARMS_RX
from stemfoot.extract.bare_counts import bare_numbers
from stemfoot.extract.candidates import split_sentences
from stemfoot.extract.design import classify
from stemfoot.extract.number_grammar import SentenceClaims, scan
from stemfoot.extract.single_arm import whole_sample_reason
from extract_support import rules_arm as _arm

FACTORIAL = ("Methods: This 2 × 2 factorial trial randomised 80 adults with ischaemic ulcers to ADSC plus HBOT (ADSC+HBOT), "
             "ADSC with gauze (ADSC only), HBOT without cells (HBOT only) or standard gauze without cells (gauze); each of "
             "the four groups comprised 20 patients. Results: Healing was 70% in ADSC+HBOT, 55% in ADSC only, 40% "
             "in HBOT only and 25% in gauze.")


def test_a_factorial_list_with_its_count_after_it_is_read_whole():
    got = reused_label_arms(FACTORIAL, split_sentences(FACTORIAL))
    assert [(p.label, p.role) for p in got] == [("ADSC+HBOT", "intervention"), ("ADSC only", "intervention"),
                                               ("HBOT only", "intervention"), ("gauze", "control")]
    assert all(FACTORIAL[p.start:p.end] == p.label for p in got)
    assert per_group(FACTORIAL, split_sentences(FACTORIAL))[0][:2] == (20, "n_patients")


def test_a_list_the_text_does_not_count_or_reuse_is_no_inventory():
    three = FACTORIAL.replace("each of the four groups", "each of the three groups").replace("2 × 2 factorial", "")
    assert reused_label_arms(three, split_sentences(three)) == []
    unused = FACTORIAL.split(" Results:")[0] + " Results: Healing was better with cells."
    assert reused_label_arms(unused, split_sentences(unused)) == []


def test_own_label_stays_the_arms_name_when_another_arm_abbreviates_to_it():
    arms = [_arm(p.label, p.role, description=p.description)
            for p in reused_label_arms(FACTORIAL, split_sentences(FACTORIAL))]
    inventory = build_inventory(FACTORIAL, arms)
    assert "ADSC+HBOT" in inventory[0].aliases
    assert all("ADSC+HBOT" not in a.aliases for a in inventory[1:])


def test_a_one_arm_reading_is_the_treated_limb_beside_the_other_leg():
    text = ("Twelve patients received cells into the more severely affected leg (treated leg), while the other leg "
            "received standard care only (control leg). ABI rose in the treated leg but not in the control leg.")
    arms = [_arm("BM-MSC", "single")]
    flags = add_limb_arms(text, split_sentences(text), arms, [])
    # Round 36: the arm read by its cells also takes the treated limb's name, the product staying its description.
    assert [(a["label"], a["role"]) for a in arms] == [("treated legs", "intervention"), ("control legs", "control")]
    assert arms[0]["description"] == "BM-MSC"
    assert "arm_single_to_limb_side" in flags and "arm_cell_to_limb_name" in flags
    # No within-patient design: the one arm stays one.
    plain = "Twelve patients received cells into the more severely affected leg. ABI rose."
    one = [_arm("BM-MSC", "single")]
    assert add_limb_arms(plain, split_sentences(plain), one, []) == [] and one[0]["role"] == "single"


def test_cluster_enrolment_written_count_first():
    text = ("Twelve diabetic foot units were cluster-randomised. Overall, 150 patients were enrolled in pathway units "
            "and 140 in usual-care units.")
    assert [(a, n) for a, n, _, _ in cluster_enrolment(text)] == [("pathway units", 150), ("usual-care units", 140)]
    assert cluster_enrolment("150 patients were enrolled in pathway units and 14 died.") == []


def test_a_code_leading_a_clause_names_the_arm_and_a_design_is_no_arm():
    m = ARMS_RX.CODE_SUBJECT.match("G2 received intramuscular BM-MNCs")
    assert m and m.group("code") == "G2"
    assert ARMS_RX.CODE_SUBJECT.match("group III underwent PTA").group("code") == "group III"
    assert ARMS_RX.CODE_SUBJECT.match("GA received cells") is None
    assert ARMS_RX.DESIGN_LABEL.match("this single-arm")
    assert not ARMS_RX.DESIGN_LABEL.match("the two groups")
    # Nor is what the patients received, read up to the design's words, an arm's label.
    assert not ARMS_RX.TREATED_WITH.search("Thirty patients with CLI received intramuscular PB-MNC in this single-arm study;")
    m = ARMS_RX.TREATED_WITH.search("Twenty patients received BM-MNC in the popliteal region, and 10 received saline.")
    assert m and m.group("label") == "BM-MNC in the popliteal region"


def test_randomised_trials_in_the_background_of_a_non_randomised_study():
    text = ("Background: Randomised trials of cell therapy exclude frail patients. Methods: This non-randomised "
            "cohort study compared 30 treated patients with 30 who declined.")
    assert classify(text)[0] != "rct"
    assert classify("Background: Randomised trials are few. Methods: We randomised 40 patients to A or B.")[0] == "rct"


def test_a_single_arm_change_without_a_pair_is_the_samples_and_fallen_is_a_decrease():
    text = "Overall, ulcer area had fallen by 2.6 cm2 (95% CI 1.8 to 3.4) at week 4."
    claims = SentenceClaims(text, 0)
    scan(claims, [])
    st = next(st for _, _, st in claims.found if st["kind"] == "mean")
    assert st["mean"] == -2.6 and st.get("measure") == "change"
    ev = {"text": "2.6", "start": text.index("2.6"), "end": text.index("2.6") + 3, "sentence_start": 0}
    assert whole_sample_reason(text, {**st, "flags": [], "evidence": ev}, []) == "change_whole_sample"


def test_an_own_label_inside_another_arms_label_stays_ambiguous():
    text = "Patients received HBOT, HBOT alone or standard care; 3 patients receiving HBOT had barotrauma."
    inventory = build_inventory(text, [_arm("HBOT", "active_comparator"), _arm("HBOT alone", "active_comparator"),
                                       _arm("standard care", "control")])
    assert "HBOT" not in inventory[0].aliases and "HBOT alone" in inventory[1].aliases


def test_a_time_list_closed_by_its_unit_is_no_bare_count():
    text = "Two patients underwent major amputation, at 4 and 9 months. 3 and 5 patients died."
    assert [v for _, _, v in bare_numbers(text, lambda a, b: True)] == [2, 3, 5]


def test_a_list_whose_label_another_holds_is_not_sure():
    # "SVF" inside "SVF-PRP": the inventory drops the shared word from both arms, so "15/26 with SVF" would go to
    # another arm; the list is left to the other readers.
    text = ("Methods: We randomised 80 patients to stromal vascular fraction injection (SVF), SVF with platelet-rich "
            "plasma (SVF-PRP) or standard wound care (care); each of the three groups comprised 26 patients. "
            "Results: Healing was 18/26 with SVF-PRP, 15/26 with SVF and 8/26 with standard wound care.")
    assert reused_label_arms(text, split_sentences(text)) == []
    apart = text.replace("SVF-PRP", "combined")
    assert [p.label for p in reused_label_arms(apart, split_sentences(apart))] == ["SVF", "combined", "care"]


def test_a_later_allocation_that_splits_an_arm_is_no_inventory():
    split = ("Patients in the BM-MNC group were further randomised to a single injection (single) or repeated "
             "injections (repeated); the two groups comprised 15 patients each. Results: Healing was 11/15 single "
             "and 9/15 repeated.")
    text = "Methods: Sixty patients were randomised to BM-MNC (n = 30) or standard care (n = 30). " + split
    assert reused_label_arms(text, split_sentences(text)) == []
    alone = "Methods: " + split
    assert [p.label for p in reused_label_arms(alone, split_sentences(alone))] == ["single", "repeated"]


def test_the_one_item_without_cells_is_the_control_when_none_is_said():
    # The rules' "randomised to A or B" reading calls gauze the control; the list must not make it a second
    # active arm (merge_paren_arms gives the listed role to the arm).
    text = ("Methods: Forty patients were randomised to autologous BM-MNC (cells) or gauze dressings (gauze); the two "
            "groups were balanced. Results: Healing was 14/20 with cells and 8/20 with gauze.")
    assert [(p.label, p.role) for p in reused_label_arms(text, split_sentences(text))] == [
        ("cells", "intervention"), ("gauze", "control")]
    three = ("Methods: Forty-five patients were randomised to PRP gel (PRP), hydrogel (gel) or silver dressings "
             "(silver); the three groups were balanced. Results: Healing was 9/15 PRP, 8/15 gel and 5/15 silver.")
    assert {p.role for p in reused_label_arms(three, split_sentences(three))} == {"intervention"}
