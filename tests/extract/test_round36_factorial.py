"""Round 36 (early, fact36): a 2 × 2 factorial's inventory beside a factor read as an arm, its main-effect sides, and
within-patient limb arms (the arm read by its cells takes the treated limb's name; subset pairs by side; a side
chosen at random or by coin toss is randomised).

Pure functions, no spaCy: invented sentences."""
from __future__ import annotations

import pytest

from stemfoot.extract import arm_sizes
from stemfoot.extract.arm_lists import ListedArm
from stemfoot.extract.candidates import split_sentences
from stemfoot.extract.consistency import pooled_side
from stemfoot.extract.design import classify
from stemfoot.extract.factor_sides import factor_side_stage, factor_sets, named_factor, words_of
from stemfoot.extract.subset_events import side_arm, subset_pair_sides, subset_side_stage


def _listed(*labels: str) -> list[ListedArm]:
    return [ListedArm(f"{x} group", i * 10, i * 10 + len(x), (x,)) for i, x in enumerate(labels)]


@pytest.mark.parametrize("label,stem", [
    ("PBMNCs", "PBMNC"), ("MSCs", "MSC"), ("BM-MNCs", "BM-MNC"),
    # Not an acronym's plural: unchanged.
    ("cells", "cells"), ("HBOT", "HBOT"), ("placebo patients", "placebo patients"), ("ADSC legs", "ADSC legs"),
])
def test_acronym_stem(label, stem):
    assert arm_sizes.acronym_stem(label) == stem


def test_neither_item_is_the_control():
    roles = arm_sizes.listed_roles(_listed("PBMNC + HBOT", "PBMNC alone", "HBOT alone", "neither"))
    assert roles == ["intervention", "intervention", "active_comparator", "control"]


@pytest.mark.parametrize("last", ["none", "no treatment", "no intervention"])
def test_no_treatment_items(last):
    assert arm_sizes.listed_roles(_listed("MSC + PRP", "MSC alone", "PRP alone", last))[-1] == "control"


def test_acronym_plural_arm_is_the_side_its_singular_names():
    listed = _listed("PBMNC + HBOT", "PBMNC alone", "HBOT alone", "neither")
    roles = arm_sizes.listed_roles(listed)
    assert arm_sizes._sharing({"label": "PBMNCs", "role": "intervention"}, listed, roles) == \
        ["PBMNC + HBOT group", "PBMNC alone group"]
    # A word no listed arm holds shares nothing.
    assert arm_sizes._sharing({"label": "G-CSF", "role": "intervention"}, listed, roles) == []


def test_factor_words_read_acronym_plurals():
    assert {"pbmnc", "pbmncs"} <= words_of("Healing was more frequent with PBMNCs than without")
    assert "cell" not in words_of("cells")


def test_bracket_naming_the_other_factor_is_read_apart():
    labels = ["BM-MNC + HBOT", "BM-MNC alone", "HBOT alone", "standard care"]
    factors = factor_sets(labels)
    roles = dict(zip(labels, ["intervention", "intervention", "active_comparator", "control"]))
    words = "Patients allocated to BM-MNC (either alone or with HBOT) healed more often than those not allocated to BM-MNC"
    assert named_factor(words, factors, roles) == frozenset({"BM-MNC + HBOT", "BM-MNC alone"})
    # Both factors outside brackets: no one factor.
    assert named_factor("BM-MNC and HBOT (both) healed", factors, roles) is None


@pytest.mark.parametrize("tail,placed", [
    ("in 4 of the 48 patients receiving HBOT.", True),
    ("in 2 patients receiving HBOT, and ...", True),
    # The factor does not close the clause, or the count's total cannot be a pool of the factor's arms.
    ("in 2 patients receiving HBOT sessions at 2.4 ATA.", False),
    ("in 4 of the 20 patients receiving HBOT.", False),
])
def test_count_of_factor_recipients_goes_to_the_factor_pool(tail, placed):
    text = "Barotrauma of the middle ear occurred " + tail
    labels = ["BM-MNC + HBOT", "BM-MNC alone", "HBOT alone", "usual care"]
    arms = [{"label": x, "role": r, "n_patients": 24, "cell_type": None}
            for x, r in zip(labels, ["intervention", "intervention", "active_comparator", "control"])]
    total = 48 if "48" in tail else 20 if "20" in tail else None
    end = text.index("HBOT") - len(" patients receiving ") if total else text.index(" patients receiving")
    st = {"kind": "events", "total": total, "target": "unattributed", "arm": None, "flags": ["review_attribution"],
          "evidence": {"start": text.index("in ") + 3, "end": end}}
    factor_side_stage(text, arms, [st], True)
    assert (st["arm"] == "BM-MNC + HBOT + HBOT alone (pooled)") is placed


_FACTORIAL = ("Methods: In a 2 × 2 factorial trial, 120 patients were randomised to PBMNCs or no cell therapy and, "
              "independently, to HBOT or no HBOT. Results: ")


@pytest.mark.parametrize("sentence,side", [
    ("Healing was more frequent with PBMNCs than without (37/60 vs 23/60; OR 2.59).", True),
    ("For HBOT versus no HBOT, healing was 33/60 vs 27/60 (OR 1.49).", True),
    ("For HBOT compared with no HBOT, healing was 33/60 vs 27/60.", True),
    ("SVF-treated patients (SVF + NPWT and SVF groups) healed more often than those without SVF (66.1% vs 39.3%).", True),
    ("Healing rates were 64.6% (31/48) with and 39.6% (19/48) without BM-MNC.", True),
    # One cell's value, no pooled side; "versus no" of another word is no factor's sides.
    ("Healing was 20/30 with PBMNC + HBOT versus 10/30 with neither.", False),
    ("Healing was 20/30 with HBOT versus no change in 10/30 patients.", False),
])
def test_pooled_side_wordings(sentence, side):
    text = _FACTORIAL + sentence
    assert pooled_side(text, (len(_FACTORIAL), len(text))) is side


def test_pooled_side_needs_a_factorial():
    text = "Methods: Patients were randomised. Results: Healing was more frequent with PBMNCs than without (37/60 vs 23/60)."
    assert not pooled_side(text, (0, len(text)))


def test_subset_pair_sides_and_arms():
    s = "Of the 11 treated legs and 6 control legs with ulcers, 8 and 2 healed."
    assert [w for _, _, w in subset_pair_sides(s)] == ["treated legs", "control legs"]
    labels = ["treated legs", "control legs"]
    assert side_arm("treated legs", labels) == "treated legs"
    assert side_arm("sham patients", ["UC-MSC group", "sham group"]) == "sham group"
    # A side whose words name no one arm gives nothing.
    assert side_arm("treated legs", ["cell-treated legs", "saline legs"]) is None
    assert side_arm("control legs", ["control legs", "control leg"]) is None


def test_subset_side_stage_moves_a_count_to_its_side():
    s = "Of the 11 treated legs and 6 control legs with ulcers, 8 and 2 healed."
    arms = [{"label": "treated legs", "role": "intervention"}, {"label": "control legs", "role": "control"}]
    e1, e2 = s.index("8 and"), s.index("2 healed")
    stats = [{"kind": "events", "arm": "control legs", "evidence": {"start": e1}, "flags": ["arm_by_clause"]},
             {"kind": "events", "arm": "control legs", "evidence": {"start": e2}, "flags": ["arm_by_clause"]}]
    assert subset_side_stage(s, arms, stats) == ["arm_by_subset_side"]
    assert [st["arm"] for st in stats] == ["treated legs", "control legs"]
    assert stats[0]["arm_role"] == "intervention" and "arm_by_clause" not in stats[0]["flags"]
    # Sides naming no arm of the inventory: nothing moves.
    stats = [{"kind": "events", "arm": "X", "evidence": {"start": e1}, "flags": []}]
    assert subset_side_stage(s, [{"label": "BM-MSC", "role": "intervention"}], stats) == []
    assert stats[0]["arm"] == "X"


_LEGS = ("Methods: Fourteen patients with bilateral disease received intramuscular autologous PBMNCs in one leg chosen "
         "by coin toss (cell-treated leg), while the other leg received intramuscular saline (saline leg). Results: "
         "ABI changed from 0.52 to 0.63 in cell-treated legs and from 0.55 to 0.56 in saline legs.")


def test_cell_arm_takes_the_treated_limb_name():
    arms = [{"label": "PB-MNC", "role": "single", "n_patients": 14, "description": None}]
    stats = [{"kind": "mean", "arm": "PB-MNC"}]
    flags = arm_sizes.add_limb_arms(_LEGS, split_sentences(_LEGS), arms, stats)
    assert "arm_cell_to_limb_name" in flags
    assert [(a["label"], a["role"]) for a in arms] == [("cell-treated legs", "intervention"), ("saline legs", "control")]
    assert arms[0]["description"] == "PB-MNC" and stats[0]["arm"] == "cell-treated legs"


def test_limb_named_arm_keeps_its_name():
    arms = [{"label": "treated limbs", "role": "intervention", "n_patients": None, "description": None}]
    arm_sizes.add_limb_arms(_LEGS, split_sentences(_LEGS), arms, [])
    assert arms[0]["label"] == "treated limbs"


@pytest.mark.parametrize("text,randomised", [
    (_LEGS, True),
    ("Methods: Twenty patients received BM-MNCs into one leg, chosen at random, and saline into the other.", True),
    # The side said not randomised; a sample "selected at random" from a registry is no allocation.
    ("Methods: Eighteen patients received MSCs into the more ischaemic leg; the other leg received standard care. "
     "The side was not randomised.", False),
    ("Methods: Thirty patients selected at random from the registry received BM-MNCs.", False),
])
def test_side_chosen_at_random_is_randomised(text, randomised):
    assert (classify(text)[0] == "rct") is randomised
