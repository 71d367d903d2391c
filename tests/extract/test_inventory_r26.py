"""The inventory of factorial, within-patient and cluster designs (round 26): a counted colon list of arms is kept
whole, a within-patient design's two limb arms are named and sized, and a cluster trial's arms are sized by the
patients their units enrolled, never by the units.

Every sentence here is written for the test; none comes from a gold.
"""
from stemfoot.extract.arm_lists import counted_list
from stemfoot.extract.arm_sizes import (add_limb_arms, cluster_enrolment, cluster_sizes, late_sizes, limb_arm_names,
                                        merge_plural_twins, within_patient)
from stemfoot.extract.candidates import split_sentences
from stemfoot.extract.stages import _total_from_arms, control_without_cells
from extract_support import rules_arm as _arm


def test_a_counted_colon_list_is_read_only_when_the_count_is_the_number_of_items():
    text = ("Patients were allocated, giving four groups: ADSC + HBOT (n = 20), ADSC (n = 20), HBOT (n = 20) and "
            "gauze (n = 20).")
    assert [x.label for x in counted_list(text, 0, len(text))] == ["ADSC + HBOT group", "ADSC group", "HBOT group",
                                                                   "gauze group"]
    wrong = text.replace("four groups", "three groups")
    assert counted_list(wrong, 0, len(wrong)) == []
    bracket = "Patients were allocated, giving four groups of 25 (ADSC plus HBOT, ADSC alone, HBOT alone and gauze)."
    assert len(counted_list(bracket, 0, len(bracket))) == 4


def test_a_factor_another_arm_combines_is_no_control():
    arms = [_arm("ADSC + HBOT", "intervention", cell_type="ADSC"), _arm("HBOT", "active_comparator"),
            _arm("gauze", "active_comparator"), _arm("ADSC", "intervention", cell_type="ADSC")]
    assert control_without_cells(arms) == ["control_without_cells"]
    assert [a["label"] for a in arms if a["role"] == "control"] == ["gauze"]
    # Two comparators neither arm combines: no guess.
    two = [_arm("ADSC", "intervention", cell_type="ADSC"), _arm("HBOT", "active_comparator"),
           _arm("gauze", "active_comparator")]
    assert control_without_cells(two) == []


WITHIN = ("Twenty patients with bilateral ischaemia received cells into the more affected leg, while the other leg "
          "received nothing and served as an internal control. In treated legs, TcPO2 rose. In control legs, it did "
          "not. Pain resolved in 9 of 20 treated legs and 1 of 20 control legs. Among legs with ulcers (8 treated and "
          "3 control), 6 and 1 healed, respectively.")


def test_the_other_leg_as_control_is_a_within_patient_design_a_mention_of_it_is_not():
    assert within_patient(WITHIN, split_sentences(WITHIN))
    rand = "In each patient one randomly selected leg received cells and the contralateral leg saline."
    assert within_patient(rand, split_sentences(rand))
    mention = "Twenty patients received cells into the worse leg; pain in the other leg was recorded."
    assert not within_patient(mention, split_sentences(mention))


def test_limb_arms_are_named_as_the_text_names_them_and_a_count_led_label_goes():
    assert limb_arm_names(WITHIN) == {"intervention": "treated legs", "control": "control legs"}
    assert limb_arm_names("the BM-MNC-treated limb and the saline-injected limb") == {
        "intervention": "BM-MNC-treated limbs", "control": "saline-injected limbs"}
    # The text's most frequent form wins; "Both legs" names no arm.
    assert limb_arm_names("Both legs were imaged. ABI rose in PBSC limbs, not in saline limbs; 3 saline-treated limbs "
                          "and 2 saline limbs healed.") == {"intervention": "PBSC limbs", "control": "saline limbs"}
    arms = [_arm("and 3 control", "control", n_patients=8)]
    stats = [{"arm": "and 3 control", "arm_role": "control"}]
    flags = add_limb_arms(WITHIN, split_sentences(WITHIN), arms, stats)
    assert [(a["label"], a["role"]) for a in arms] == [("treated legs", "intervention"), ("control legs", "control")]
    assert stats[0]["arm"] is None and "arm_dropped_count_label" in flags
    # Two arms already (one product per leg): nothing added.
    two = [_arm("BM-MNC limbs", "intervention"), _arm("PB-MNC limbs", "active_comparator")]
    assert add_limb_arms(WITHIN, split_sentences(WITHIN), two, []) == [] and len(two) == 2


def test_plural_twins_merge_and_within_patient_arms_are_not_summed():
    arms = [_arm("treated limbs", "intervention"), _arm("control limbs", "control"), _arm("control limb", "control")]
    stats = [{"arm": "control limb", "arm_role": "control"}]
    assert merge_plural_twins(arms, stats) == ["arm_merged_plural_twin"]
    assert [a["label"] for a in arms] == ["treated limbs", "control limbs"] and stats[0]["arm"] == "control limbs"
    assert merge_plural_twins([_arm("A", "control"), _arm("As", "intervention")], []) == []
    # Two stated sizes that differ are two arms: merging would drop one size (a second read's open point).
    two = [_arm("Group A", "intervention", n_patients=10), _arm("group a", "intervention", n_patients=12)]
    assert merge_plural_twins(two, []) == [] and [a["n_patients"] for a in two] == [10, 12]
    one = [_arm("Group A", "intervention", n_patients=10), _arm("group A", "intervention")]
    assert merge_plural_twins(one, []) == ["arm_merged_plural_twin"] and len(one) == 1
    # Sizes every arm already has are the patients' number, not a total summed from them.
    text = ("Eighteen patients received cells into the more affected leg (treated limbs, n = 18), while the other leg "
            "received saline and served as the control (control limbs, n = 18).")
    limbs = [_arm("treated limbs", "intervention", n_patients=18), _arm("control limbs", "control", n_patients=18)]
    assert late_sizes(text, split_sentences(text), limbs, 36) == ["arm_size_within_patient"]
    assert [(a["n_patients"], a["n_limbs"]) for a in limbs] == [(18, 18), (18, 18)]
    shared = {"size_from": {"n_limbs": "within_patient"}, "n_patients": 20, "n_limbs": 20}
    record = {"arms": [_arm("treated legs", "intervention", **shared), _arm("control legs", "control", **shared)],
              "n_patients": {"value": 20}, "flags": []}
    _total_from_arms(record)
    assert record["n_patients"]["value"] == 20 and record["n_limbs"]["value"] == 40
    # A total the rules summed from the two limb arms is one arm's size.
    record["n_patients"], record["n_limbs"] = {"value": 40, "derived": "sum of arms"}, None
    _total_from_arms(record)
    assert record["n_patients"]["value"] == 20


CLUSTER = ("Ten clinics were cluster-randomised (five per arm) to a cell pathway (pathway clinics) or to usual care "
           "(usual-care clinics). The pathway clinics enrolled 96 patients and the usual-care clinics 90.")


def test_a_cluster_trials_arms_take_their_units_enrolment_and_never_the_units():
    assert [(a, n) for a, n, _, _ in cluster_enrolment(CLUSTER)] == [("pathway clinics", 96),
                                                                     ("usual-care clinics", 90)]
    assert cluster_enrolment("The clinics enrolled 96 patients.") == []
    k = CLUSTER.index("five")
    arms = [_arm("usual-care clinics", "control", n_patients=5, n_evidence={"start": k, "end": k + 4}),
            _arm("UC-MSC", "intervention")]
    stats = [{"arm": "UC-MSC", "arm_role": "intervention"}]
    flags = cluster_sizes(CLUSTER, split_sentences(CLUSTER), arms, stats)
    assert [(a["label"], a["n_patients"]) for a in arms] == [("usual-care clinics", 90), ("pathway clinics", 96)]
    assert stats[0]["arm"] == "pathway clinics" and arms[1]["description"] == "UC-MSC"
    assert {"arm_size_cluster_count", "arm_named_by_clusters", "arm_size_cluster_enrolment"} <= set(flags)
    # Both arms of one side: no relabel, no guess.
    same = [_arm("usual-care clinics", "control"), _arm("standard care", "control")]
    cluster_sizes(CLUSTER, split_sentences(CLUSTER), same, [])
    assert [a["label"] for a in same] == ["usual-care clinics", "standard care"]


def test_two_totals_before_a_respectively_list_of_events_are_no_events():
    from stemfoot.extract.consistency import not_results
    text = "Ulcers present in 6 cell and 5 saline limbs at entry healed in 4 and 1 limbs, respectively."
    sent = (0, len(text))
    facts = [{"kind": "events", "events": n, "total": None, "start": text.index(w), "end": text.index(w) + len(w),
              "sentence": sent} for n, w in ((6, "6 cell"), (5, "5 saline"))]
    assert [v.code for v in not_results(facts, text)] == ["denominator_count", "denominator_count"]
    # Events with no "respectively" list after them stay events.
    plain = "Ulcers healed in 6 cell and 5 saline limbs."
    facts = [{"kind": "events", "events": 6, "total": None, "start": 17, "end": 23, "sentence": (0, len(plain))}]
    assert not_results(facts, plain) == []


def test_events_before_a_later_respectively_list_stay_events():
    from stemfoot.extract.consistency import not_results

    def codes(text: str, pairs: tuple[tuple[int, str], ...]) -> list[str]:
        sent = (0, len(text))
        facts = [{"kind": "events", "events": n, "total": None, "start": text.index(w), "end": text.index(w) + len(w),
                  "sentence": sent} for n, w in pairs]
        return [v.code for v in not_results(facts, text)]

    # Two outcomes, the second in a coordinate clause: both pairs are events.
    assert codes("Amputation occurred in 3 cell and 8 placebo patients, and death in 1 and 2, respectively.",
                 ((3, "3 cell"), (8, "8 placebo"))) == []
    # One outcome at two times, the later counts larger: events twice.
    assert codes("Healing occurred in 14 cell and 6 control patients at 12 weeks, 20 and 9 at 24 weeks, respectively.",
                 ((14, "14 cell"), (6, "6 control"))) == []


def test_a_randomised_parallel_trial_naming_the_more_affected_and_the_other_leg_is_not_within_patient():
    text = ("Forty patients were randomised to cells or standard care; in bilateral disease the more ischaemic leg was "
            "studied and an ulcer on the other leg was excluded.")
    assert not within_patient(text, split_sentences(text))
    # Randomised limbs, "one leg ... the other leg": within-patient as before.
    limbs = "In each patient one leg was randomised to cells and the other leg to saline."
    assert within_patient(limbs, split_sentences(limbs))


def test_cluster_enrolment_takes_no_event_count_and_no_leading_word():
    events = ("The pathway hospitals enrolled 200 patients and the usual-care hospitals 14 amputations were "
              "recorded.")
    assert cluster_enrolment(events) == []
    lead = "Together the BMAC hospitals enrolled 96 patients and the usual-care hospitals 90."
    assert [(a, n) for a, n, _, _ in cluster_enrolment(lead)] == [("BMAC hospitals", 96), ("usual-care hospitals", 90)]


def test_two_different_limb_arm_sizes_summing_to_the_total_are_left_as_read():
    text = ("Fifteen patients received cells into the worse leg, while the other leg received saline and served as "
            "control.")
    arms = [_arm("treated legs", "intervention", n_patients=15), _arm("control legs", "control", n_patients=9)]
    assert late_sizes(text, split_sentences(text), arms, 24) == []
    assert [a["n_patients"] for a in arms] == [15, 9]
    total = "The pathway centres enrolled 143 patients and the standard centres 131 (274 in total)."
    assert [n for _, n, _, _ in cluster_enrolment(total)] == [143, 131]


def test_a_vehicle_in_the_cell_arms_name_or_a_combined_comparator_makes_no_control():
    vehicle = [_arm("BM-MNC in saline", "intervention", cell_type="BM-MNC"), _arm("saline", "active_comparator"),
               _arm("HBOT", "active_comparator")]
    assert control_without_cells(vehicle) == [] and vehicle[2]["role"] == "active_comparator"
    combined = [_arm("ADSC + HBOT", "intervention", cell_type="ADSC"), _arm("HBOT", "active_comparator"),
                _arm("HBOT + PRP", "active_comparator")]
    assert control_without_cells(combined) == [] and combined[2]["role"] == "active_comparator"


def test_a_disease_acronym_names_no_limb_arm():
    text = "In one leg of each patient cells were injected, and saline into the other leg. CLI limbs and PAD legs improved."
    assert limb_arm_names(text) == {}
    assert limb_arm_names("ABI rose in PB-MNC limbs and CLI limbs.") == {"intervention": "PB-MNC limbs"}


def test_a_counted_list_with_a_pooled_item_is_no_inventory():
    text = "We compared four groups: BM-MNC (n = 20), PB-MNC (n = 20), all cell-treated patients (n = 40) and saline (n = 20)."
    assert counted_list(text, 0, len(text)) == []
