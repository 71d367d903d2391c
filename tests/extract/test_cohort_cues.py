"""Whole-sample words over a guessed arm (extract/stages.py `whole_sample_clause`, `cohort_over_guess`): plain
text and dicts, no spaCy pipeline."""
import pytest

from stemfoot.extract.stages import attribution_stage, cohort_over_guess, whole_sample_clause, within_patient_arms

from test_stages import arm, st


def _clause(text, frag, mentions=()):
    i = text.index(frag)
    return whole_sample_clause(text, i, i + len(frag), (0, len(text)), [
        (text.index(m), text.index(m) + len(m)) for m in mentions])


@pytest.mark.parametrize("text, frag, mentions, expect", [
    ("Peripheral arterial disease was present in 41% of patients overall.", "41%", (), True),
    ("In total, 8 patients died during follow-up.", "8 patients", (), True),
    ("TcPO2 increased from 24 ± 11 to 37 ± 15 mmHg across all cohorts, and ulcers healed in 5 of 9.",
     "24 ± 11", ("cohorts",), True),
    ("Irrespective of treatment, mortality was higher in dialysis patients (29.2% vs 8.3%).", "29.2%", (), True),
    # "Overall" before an x-vs-y pair: overall across subgroups, one value per arm.
    ("Overall, complete healing occurred in 29/64 (45.3%) versus 8/32 (25.0%) patients.", "29/64", (), False),
    # An arm named in the clause: that arm's value.
    ("Overall, 19 patients in the BMAC group died.", "19 patients", ("BMAC group",), False),
    # The whole-sample words sit in another clause.
    ("Overall, 12 patients healed; pain fell by 3.1 points.", "3.1 points", (), False),
    ("Overall survival at 1 year was 85%.", "85%", (), False),
    ("Healing occurred in all patients, in 80% and 60% respectively.", "80%", (), False),
    ("Ulcers healed in both groups (80% and 60%).", "80%", (), False),
])
def test_whole_sample_clause(text, frag, mentions, expect):
    assert _clause(text, frag, mentions) is expect


TEXT = ("Methods: Sixty patients were randomised to a cell group (n = 30) or a control group (n = 30). "
        "Results: Peripheral arterial disease was present in 41% of patients overall. "
        "Major amputation occurred in 3 vs 9 patients and 8 patients died (4 in each group). "
        "Healing occurred in 20 of 30 in the cell group.")


def test_a_guessed_arm_gives_way_to_whole_sample_words_but_wording_that_places_the_value_stays():
    guessed = st(TEXT, "41%", "percent", percent=41.0, arm="cell group", flags=["arm_by_order"])
    split = st(TEXT, "8 patients", "events", events=8, arm="control group", flags=["arm_by_order"])
    listed = st(TEXT, "41%", "percent", percent=41.0, arm="cell group", flags=["arm_by_list"])
    named = st(TEXT, "41%", "percent", percent=41.0, arm="cell group")
    pair = st(TEXT, "3 vs", "events", events=3, arm="cell group", flags=["arm_by_order"])
    values = [guessed, split, listed, named, pair]
    for v in values:
        v["target"] = "arm"
    moved = cohort_over_guess(TEXT, values, [], 2, {id(named)})
    assert moved == [guessed, split]
    assert guessed["target"] == "cohort" and guessed["arm"] is None and "cohort_by_words" in guessed["flags"]
    assert guessed["attribution"]["guessed_arm"] == "cell group"
    assert [listed["target"], named["target"], pair["target"]] == ["arm", "arm", "arm"]


def test_attribution_puts_a_whole_sample_value_of_a_two_arm_trial_on_the_cohort():
    arms = [arm("cell group", "intervention", 30), arm("control group", "control", 30)]
    stats = [st(TEXT, "41%", "percent", percent=41.0, arm="cell group", flags=["arm_by_order"]),
             st(TEXT, "20 of 30", "events", events=20, total=30, arm="cell group")]
    attribution_stage(TEXT, arms, stats, n_total=60)
    assert (stats[0]["target"], stats[0]["arm"]) == ("cohort", None)
    assert (stats[1]["target"], stats[1]["arm"]) == ("arm", "cell group")


LIMBS = ("Methods: In 24 patients one leg was randomly assigned to MSC and the contralateral leg to saline. "
         "Results: Painless walking time increased from 4.2 ± 2.1 to 9.6 ± 3.8 minutes. "
         "TcPO2 rose to 41 ± 9 mmHg in MSC limbs.")


def test_in_a_within_patient_limb_study_a_patient_level_value_is_the_cohorts():
    walk = st(LIMBS, "4.2 ± 2.1", "mean_sd", mean=4.2, sd=2.1, arm="MSC limbs", outcome="pain_free_walking_time")
    tcpo2 = st(LIMBS, "41 ± 9 mmHg", "mean_sd", mean=41.0, sd=9.0, arm="MSC limbs", outcome="tcpo2")
    named = st(LIMBS, "41 ± 9 mmHg", "mean_sd", mean=41.0, sd=9.0, arm="MSC limbs", outcome="mortality")
    values = [walk, tcpo2, named]
    for v in values:
        v["target"] = "arm"
    mention = LIMBS.index("MSC limbs")
    assert cohort_over_guess(LIMBS, values, [(mention, mention + 9)], 2, set(), within_patient=False) == []
    # A limb's own measure (TcPO2) and a value whose clause names the limbs stay on the arm.
    assert cohort_over_guess(LIMBS, values, [(mention, mention + 9)], 2, set(), within_patient=True) == [walk]


def test_within_patient_arms_needs_every_arm_sized_by_the_design():
    limb = {"size_from": {"n_limbs": "within_patient"}}
    assert within_patient_arms([{**limb, "label": "a"}, {**limb, "label": "b"}])
    assert not within_patient_arms([{**limb, "label": "a"}, {"label": "b"}])
    assert not within_patient_arms([{**limb, "label": "a"}])


def test_a_shape_placed_by_inventory_order_gives_way_but_a_named_shape_stays():
    by_order = st(TEXT, "41%", "percent", percent=41.0, arm="cell group", flags=["arm_by_shape"])
    by_order["attribution"] = {"shape": "per_arm", "list_prior": "inventory_order"}
    by_name = st(TEXT, "41%", "percent", percent=41.0, arm="cell group", flags=["arm_by_shape"])
    by_name["attribution"] = {"shape": "per_arm", "list_prior": "named"}
    for v in (by_order, by_name):
        v["target"] = "arm"
    assert cohort_over_guess(TEXT, [by_order, by_name], [], 2, set()) == [by_order]
    assert by_name["target"] == "arm"


HARVEST = ("Methods: Sixty patients were randomised to a cell group (n = 30) or a control group (n = 30). "
           "Results: Healing occurred in 20 of 30 in the cell group. No harvest-site complications occurred. "
           "No major amputations occurred.")


@pytest.mark.parametrize("text, frag, expect", [
    # Only the cell arm was harvested (rule 24): its zero, for the gate to weigh.
    (HARVEST, "complications", ("arm", "cell group")),
    # Nothing ties the zero to one arm: the whole sample's.
    (HARVEST, "amputations", ("cohort", None)),
    # "Procedure-related" beside a plain control: the treated arm's (round 34: 13 of 14 such dev-gold zeros; it was
    # the whole sample's before, as the prose zeros of `event_placement` were not).
    (HARVEST.replace("No harvest-site complications", "No procedure-related complications"), "complications",
     ("arm", "cell group")),
    # ... and the whole sample's beside a placebo (it undergoes the procedure too).
    (HARVEST.replace("No harvest-site complications", "No procedure-related complications")
     .replace("a control group", "a placebo group"), "complications", ("cohort", None)),
    # A factorial's cells: the inventory often lacks the second cell arm, so no one arm takes it.
    (HARVEST.replace("were randomised", "were randomised in a 2 x 2 factorial design"), "complications",
     ("cohort", None)),
    # A placebo arm is harvested too (sham procedure): the whole sample's.
    (HARVEST.replace("a control group", "a placebo group"), "complications", ("cohort", None)),
    # Every arm underwent the harvest: the whole sample's.
    (HARVEST.replace("No harvest-site", "All patients underwent bone-marrow aspiration; no harvest-site"),
     "complications", ("cohort", None)),
    # "Aspiration" and "mobilisation" of events any arm can have are no procedure only the cell arm had.
    (HARVEST.replace("No harvest-site complications", "No aspiration pneumonia"), "aspiration pneumonia",
     ("cohort", None)),
    (HARVEST.replace("No harvest-site complications", "No falls during early mobilisation"), "falls",
     ("cohort", None)),
])
def test_a_worded_zero_tied_to_what_one_arm_had_is_that_arms(text, frag, expect):
    control = "placebo group" if "placebo" in text else "control group"
    arms = [arm("cell group", "intervention", 30), arm(control, "control", 30)]
    stats = [st(text, "20 of 30", "events", events=20, total=30, arm="cell group"),
             st(text, frag, "events", events=0, outcome="adverse_events")]
    attribution_stage(text, arms, stats, n_total=60)
    assert (stats[1]["target"], stats[1]["arm"]) == expect
    assert ("arm_by_event_words" in stats[1]["flags"]) is (expect[0] == "arm")


@pytest.mark.parametrize("design, every, expect", [
    ("", "", ["ADSC group", "combined group"]), (" in a 2 x 2 factorial design", "", []),
    # The controls were harvested too: no treated arm's alone, the whole sample's.
    ("", "All patients, including controls, underwent liposuction. ", [])])
def test_a_worded_zero_of_the_harvested_arms_is_each_of_theirs_outside_a_factorial(design, every, expect):
    text = (f"Methods: Ninety patients were randomised{design} to an ADSC group (n = 30), a combined group (n = 30) "
            "or a control group (n = 30). Results: Healing occurred in 20 of 30 in the ADSC group. "
            f"{every}No donor-site complications occurred.")
    arms = [arm("ADSC group", "intervention", 30), arm("combined group", "intervention", 30),
            arm("control group", "control", 30)]
    stats = [st(text, "20 of 30", "events", events=20, total=30, arm="ADSC group"),
             st(text, "No donor-site complications", "events", events=0, outcome="adverse_events",
                flags=["event_count_bare", "event_count_zero"])]
    attribution_stage(text, arms, stats, n_total=90)
    zeros = [s for s in stats if s["events"] == 0]
    assert sorted(s["arm"] for s in zeros if s["target"] == "arm") == expect
    assert any(s["target"] == "cohort" for s in zeros) is bool(every)


def test_a_worded_zero_tied_to_cells_stays_off_one_arm_beside_an_active_comparator():
    # Dose arms (or a second cell arm) come out as active comparators: every arm had liposuction, so the one
    # intervention arm must not take the zero alone.
    text = ("Methods: Ninety patients were randomised to low-dose (n = 30), medium-dose (n = 30) or high-dose "
            "(n = 30) ADSC. Results: Healing occurred in 15 of 30 in the low-dose group. "
            "No liposuction-related complications occurred.")
    arms = [arm("low-dose", "intervention", 30), arm("medium-dose", "active_comparator", 30),
            arm("high-dose", "active_comparator", 30)]
    stats = [st(text, "15 of 30", "events", events=15, total=30, arm="low-dose"),
             st(text, "complications", "events", events=0, outcome="adverse_events")]
    attribution_stage(text, arms, stats, n_total=90)
    assert stats[1]["target"] != "arm" and stats[1]["arm"] is None
