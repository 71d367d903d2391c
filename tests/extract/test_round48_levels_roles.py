"""Round 48 (lead48b, invented sentences): percentages that are the level of a measure in percent (HbA1c) are
means, a comparator given only best wound care is the control, and "concurrent controls" name the sized control arm."""
import pytest

from stemfoot.extract.arm_roles import comparator_kind
from stemfoot.extract.arm_sizes import merge_generic_control
from stemfoot.extract.mean_change import retype_percent_levels
from tests.extract_support import comparator_roles_of


def pct(text: str, value_text: str) -> tuple[int, int, dict]:
    a = text.index(value_text)
    return (a, a + len(value_text), {"kind": "percent", "percent": float(value_text.rstrip("%")), "events": None,
                                     "mean": None, "flags": []})


def kinds(text: str, *values: str) -> list[str]:
    found = [pct(text, v) for v in values]
    retype_percent_levels(text, found)
    return [st["kind"] for _, _, st in found]


@pytest.mark.parametrize("text, values", [
    ("Baseline characteristics were balanced, with a mean HbA1c of 8.1% vs 8.3%.", ("8.1%", "8.3%")),
    ("Groups were similar in age (64 vs 66 years) and HbA1c 8.4% vs 8.6%.", ("8.4%", "8.6%")),
    ("Mean glycated haemoglobin at entry was 7.9% in both arms.", ("7.9%",)),
    ("HbA1c was 8.2%, 8.0% and 8.5% in the three groups.", ("8.2%", "8.0%", "8.5%")),
])
def test_the_level_of_a_measure_in_percent_is_a_mean(text: str, values: tuple[str, ...]) -> None:
    assert kinds(text, *values) == ["mean"] * len(values)


@pytest.mark.parametrize("text, values", [
    ("Patients with HbA1c > 9% were excluded, and 45% were men.", ("9%", "45%")),      # a threshold, a share
    ("HbA1c below 7% was reached by 38% of patients.", ("7%", "38%")),                 # threshold, share of people
    ("HbA1c improved in 62% of the cell group.", ("62%",)),                              # people between
    ("Mean HbA1c was 8.4 and 55% had neuropathy.", ("55%",)),                            # another value between
    ("Healing was 60% vs 30%.", ("60%", "30%")),                                         # no measure in percent
])
def test_thresholds_shares_and_other_percentages_stay(text: str, values: tuple[str, ...]) -> None:
    assert kinds(text, *values) == ["percent"] * len(values)


def test_a_level_is_flagged_apart_from_a_change() -> None:
    text = "After matching, mean HbA1c was 8.6% vs 8.7%."
    found = [pct(text, "8.6%"), pct(text, "8.7%")]
    assert retype_percent_levels(text, found) == [0, 1]
    assert [(st["mean"], st["percent"], st["flags"]) for _, _, st in found] == [
        (8.6, None, ["percent_level"]), (8.7, None, ["percent_level"])]


def test_best_wound_care_is_control_words() -> None:
    assert comparator_kind("best wound and medical care") == "control"
    assert comparator_kind("best wound care") == "control"
    assert comparator_kind("BWC group") == "control"
    assert comparator_kind("PRP plus best wound care") is None  # a therapy beside the care: the golds differ




def test_an_arm_given_only_care_is_the_control_though_read_as_active_comparator() -> None:
    text = ("Patients who accepted cell therapy received intramuscular autologous bone marrow concentrate (BMC group, "
            "n = 47), while those who declined received best wound and medical care (BWC group, n = 61).")
    assert comparator_roles_of(text, ("BMC group", "intervention", "bone marrow concentrate"),
                  ("BWC group", "active_comparator", "best wound and medical care")) == ["intervention", "control"]
    text = "Patients received usual care (usual care group) or marrow cells (cell group)."
    assert comparator_roles_of(text, ("cell group", "intervention", "marrow cells"),
                  ("usual care group", "active_comparator", "usual care")) == ["intervention", "control"]
    # A factorial arm given a drug on top of a dressing, its label no care word, stays.
    text = ("Patients were assigned to G-CSF plus ASC sheet (GS), G-CSF plus dressing (GD) or saline plus "
            "dressing (SD).")
    assert comparator_roles_of(text, ("GS", "intervention", "G-CSF plus ASC sheet"), ("GD", "active_comparator", "dressing"),
                  ("SD", "control", "dressing")) == ["intervention", "active_comparator", "control"]


def test_an_active_comparator_with_a_therapy_or_only_a_control_label_keeps_its_role() -> None:
    text = "Patients received marrow cells (cell group) or topical PRP with standard care (PRP group)."
    assert comparator_roles_of(text, ("cell group", "intervention", "marrow cells"),
                  ("PRP group", "active_comparator", "topical PRP with standard care")) == [
        "intervention", "active_comparator"]
    # The label calls it the control, what it received is a therapy: the label's word does not demote it.
    text = "Patients received marrow cells (cell group) or topical PRP gel (control group)."
    assert comparator_roles_of(text, ("cell group", "intervention", "marrow cells"),
                  ("control group", "active_comparator", "topical PRP gel")) == ["intervention", "active_comparator"]


def _arm(label: str, role: str, n: int | None = None) -> dict:
    return {"label": label, "role": role, "n_patients": n, "n_limbs": None, "description": label}


def test_concurrent_controls_are_the_sized_control_arm() -> None:
    arms = [_arm("BMC group", "intervention", 47), _arm("BWC group", "control", 61), _arm("controls", "control")]
    stats = [{"arm": "controls", "arm_role": "control"}, {"arm": "BMC group", "arm_role": "intervention"}]
    assert merge_generic_control(arms, stats) == ["arm_merged_generic_control"]
    assert [a["label"] for a in arms] == ["BMC group", "BWC group"]
    assert stats[0]["arm"] == "BWC group"
    arms = [_arm("concurrent controls", "control"), _arm("cells", "intervention", 20), _arm("SOC group", "control", 21)]
    assert merge_generic_control(arms, []) and [a["label"] for a in arms] == ["cells", "SOC group"]


@pytest.mark.parametrize("arms", [
    # A sized "controls" arm, a "control group" (a placebo trial's untreated arm), no sized other control, or a
    # third control: no merge.
    [_arm("cells", "intervention", 20), _arm("placebo group", "control", 20), _arm("controls", "control", 18)],
    [_arm("cells", "intervention", 20), _arm("placebo group", "control", 20), _arm("control group", "control")],
    [_arm("cells", "intervention", 20), _arm("placebo group", "control"), _arm("controls", "control")],
    [_arm("cells", "intervention", 20), _arm("placebo", "control", 20), _arm("sham", "control", 20),
     _arm("controls", "control")],
])
def test_other_control_arms_stay(arms: list[dict]) -> None:
    labels = [a["label"] for a in arms]
    assert merge_generic_control(arms, []) == [] and [a["label"] for a in arms] == labels


@pytest.mark.parametrize("text, values, expected", [
    # mendlead48b: a threshold after its value, not a level
    ("45% of patients had HbA1c 8% or higher.", ("45%", "8%"), ["percent", "percent"]),
    ("Target HbA1c of 7% or less was reached.", ("7%",), ["percent"]),
    # mendlead48b: the level's pair partner by "and" is a share pair's first member
    ("HbA1c was 8.1% and 35% vs 15% of ulcers healed at 12 weeks.", ("8.1%", "35%", "15%"),
     ["mean", "percent", "percent"]),
    ("Mean HbA1c was 8.4% and 8.6% in the two groups.", ("8.4%", "8.6%"), ["mean", "mean"]),
])
def test_thresholds_and_share_pairs_after_a_level_stay(text: str, values: tuple[str, ...], expected: list[str]) -> None:
    assert kinds(text, *values) == expected
