"""The learned export gate: features, decisions and the shipped model (no spaCy)."""
from __future__ import annotations

import json
import math

from stemfoot.extract import export_gate as gate

TEXT = ("Methods: 40 patients were randomised to a cell group (n = 20) or a control group (n = 20). "
        "Results: Healing occurred in 15/20 (75%) vs 8/20 (40%), respectively. Previous studies reported 50%.")


def _stat(kind: str, start: int, end: int, **kw) -> dict:
    sent_start = TEXT.rfind(". ", 0, start) + 2
    st = {"kind": kind, "events": None, "total": None, "percent": None, "mean": None, "sd": None, "median": None,
          "value": None, "outcome": "ulcer_healing", "timepoint": None, "measure": None, "flags": [],
          "arm": None, "arm_role": None, "target": None,
          "evidence": {"start": start, "end": end, "text": TEXT[start:end], "sentence_start": sent_start,
                       "sentence_end": TEXT.find(".", end) + 1}}
    st.update(kw)
    return st


def _record() -> dict:
    a = TEXT.index("15/20")
    b = TEXT.index("8/20")
    c = TEXT.index("50%")
    return {"design": {"value": "rct"},
            "arms": [{"label": "cell group", "role": "intervention"}, {"label": "control group", "role": "control"}],
            "statistics": [
                _stat("events", a, a + 11, events=15, total=20, percent=75.0, arm="cell group", arm_role="intervention",
                      target="arm", flags=["arm_by_list"], attribution={"probability": 0.9, "arm_share": 0.95,
                                                                       "rule_arm": "cell group", "model_arm": "cell group",
                                                                       "list_margin": 2.0, "list_prior": "named"}),
                _stat("events", b, b + 10, events=8, total=20, percent=40.0, target="unattributed",
                      flags=["review_attribution"], attribution={"probability": 0.4, "arm_share": 0.6,
                                                                 "rule_arm": None, "model_arm": "control group"}),
                _stat("percent", c, c + 3, percent=50.0, target="unattributed", flags=["cited_result"],
                      attribution={"probability": 0.2, "arm_share": 0.5, "rule_arm": None, "model_arm": "cell group"}),
                _stat("p_value", 0, 1, target="between_arms"),
            ]}


def _model(threshold: float = 0.5, promote: float = 1.01, **coef: float) -> gate.GateModel:
    return gate.GateModel({"type": "logistic", "features": list(coef), "coef": list(coef.values()), "intercept": 0.0,
                           "threshold": threshold, "promote_threshold": promote})


def test_features_name_the_mechanism_and_cues() -> None:
    rec = _record()
    ctx = gate.context(TEXT, rec, [(0, 8, "methods"), (90, len(TEXT), "results")])
    f = gate.features(rec["statistics"][0], ctx)
    assert f["kind=events"] == f["target=arm"] == f["role=intervention"] == f["flag=arm_by_list"] == 1.0
    assert f["section=results"] == 1.0 and f["n_arms=2"] == 1.0 and f["cue_respectively"] == 1.0
    assert f["att_p"] == 0.9 and f["list_prior=named"] == 1.0 and "no_rule_arm" not in f
    assert f["results_in_sentence=2"] == 1.0 and f["outcome=ulcer_healing"] == 1.0
    cited = gate.features(rec["statistics"][2], ctx)
    assert cited["cue_cited"] == 1.0 and cited["flag=cited_result"] == 1.0 and "cue_respectively" not in cited


def test_sentence_features_say_whether_the_sentence_names_the_outcome_and_the_arm() -> None:
    text = ("Methods: 40 patients were randomised to a cell group (n = 20) or a control group (n = 20). "
            "Results: Ulcer healing occurred in 15/20 in the cell group and 8/20 in the control group (P = 0.03). "
            "Mortality was 2/20 in the control group.")
    second, third = text.index("Results"), text.index("Mortality")

    def stat(value: str, arm: str, role: str, start: int, end: int, **kw) -> dict:
        a = text.index(value)
        return {**_stat("events", 0, 0, events=int(value.split("/")[0]), total=20, arm=arm, arm_role=role,
                        target="arm", **kw),
                "evidence": {"start": a, "end": a + len(value), "text": value, "sentence_start": start,
                             "sentence_end": end}}

    rec = {"design": {"value": "rct"},
           "arms": [{"label": "cell group", "role": "intervention"}, {"label": "control group", "role": "control"}],
           "statistics": [stat("15/20", "cell group", "intervention", second, third, p=0.03),
                          stat("2/20", "cell group", "intervention", third, len(text))]}
    ctx = gate.context(text, rec, [])
    named = gate.features(rec["statistics"][0], ctx)
    for name in ("outcome_nearest", "arms_in_sentence=2", "arm_nearest", "values_per_arm=fewer", "order_agrees",
                 "has_p", "outcomes_in_sentence=1"):
        assert named[name] == 1.0, name
    assert 0.0 < named["outcome_gap"] < 0.2
    # Healing carried into a sentence about mortality, on an arm the sentence does not name (it names another).
    carried = gate.features(rec["statistics"][1], ctx)
    assert carried["outcome_from_context"] == carried["arm_not_in_sentence_others_are"] == 1.0
    assert "outcome_nearest" not in carried and "arm_nearest" not in carried and "has_p" not in carried


def test_low_p_is_withheld_with_its_placement_kept() -> None:
    rec = _record()
    gate.gate_stage(TEXT, rec, [], model=_model(0.5, **{"flag=arm_by_list": -3.0}))
    st = rec["statistics"][0]
    assert st["target"] == "unattributed" and st["arm"] is None
    assert "export_gate" in st["flags"] and "review_attribution" in st["flags"]
    assert st["gate"]["held"] == {"target": "arm", "arm": "cell group", "arm_role": "intervention"}
    assert st["gate"]["p"] == round(1 / (1 + math.exp(3.0)), 3)
    assert st["evidence"]["text"] == "15/20 (75%)"  # provenance untouched
    assert "gate" not in rec["statistics"][3]  # p-values are not gated


def test_high_p_keeps_and_promotes_only_a_best_arm_of_this_study() -> None:
    rec = _record()
    gate.gate_stage(TEXT, rec, [], model=_model(0.5, 0.6, bias_never=0.0, promoted=2.0, **{"kind=events": 1.0}))
    kept, promoted, cited = rec["statistics"][:3]
    assert kept["target"] == "arm" and kept["arm"] == "cell group" and kept["gate"]["p"] > 0.5
    assert promoted["target"] == "arm" and promoted["arm"] == "control group" and promoted["arm_role"] == "control"
    assert "arm_by_gate" in promoted["flags"] and "review_attribution" not in promoted["flags"]
    assert cited["target"] == "unattributed" and "gate" not in cited  # cited work is never promoted


def test_of_a_count_and_its_restating_percentage_on_one_arm_only_the_count_is_exported() -> None:
    rec = _record()
    a = TEXT.index("75%")
    # The same fact read a second time, as a percentage placed on the same arm by another mechanism.
    rec["statistics"].append(_stat("percent", a, a + 3, percent=75.0, arm="cell group", arm_role="intervention",
                                   target="arm", flags=["arm_by_order"]))
    # The percentage is the likelier placement here; the count keeps its denominator, so the count is exported.
    gate.gate_stage(TEXT, rec, [], model=_model(0.1, **{"flag=arm_by_list": 0.5, "flag=arm_by_order": 1.0}))
    count, percent = rec["statistics"][0], rec["statistics"][-1]
    assert count["target"] == "arm" and count["arm"] == "cell group"
    assert percent["target"] == "unattributed" and "same_fact_withheld" in percent["flags"]
    assert percent["gate"]["held"] == {"target": "arm", "arm": "cell group", "arm_role": "intervention"}


def test_decide() -> None:
    m = _model(0.7, 0.9)
    assert gate.decide({"target": "arm"}, 0.69, m) == "withhold"
    assert gate.decide({"target": "cohort"}, 0.7, m) == "keep"
    assert gate.decide({"target": "unattributed"}, 0.85, m) == "keep"
    assert gate.decide({"target": "unattributed"}, 0.95, m) == "promote"


def test_collecting_decides_nothing() -> None:
    rec = _record()
    with gate.collecting():
        gate.gate_stage(TEXT, rec, [], model=_model(0.99))
    st = rec["statistics"][0]
    assert st["target"] == "arm" and "_gate_features" in st and "gate" not in st


def test_shipped_model_loads_and_scores() -> None:
    model = gate.load_gate()
    assert model is not None and 0.0 < model.threshold < 1.0
    spec = json.loads(gate.MODEL_PATH.read_text("utf-8"))
    assert len(spec["features"]) == len(spec["coef"]) and spec["trained_on"]
    rec = _record()
    ctx = gate.context(TEXT, rec, [])
    p = model.predict(gate.features(rec["statistics"][0], ctx))
    assert 0.0 < p < 1.0
    # A named-list result of the study's outcome scores above a cited-work percentage placed on an arm.
    cited = gate.features(rec["statistics"][2], ctx, target="arm", arm_role="intervention")
    assert p > model.predict({**cited, "promoted": 1.0})


def test_training_is_reproducible_and_labels_follow_the_gold() -> None:
    from stemfoot.tools import train_export_gate as train

    rows = [({"kind=events": 1.0, "att_p": 0.1 * (i % 10)}, i % 3 != 0, i % 7 == 0) for i in range(60)]
    assert train.fit(rows) == train.fit(rows)
    scored = [(0.9, True, False), (0.4, False, False), (0.95, True, True), (0.6, False, True)]
    assert train.figures(scored, 4, 0.5, 0.9) == {"precision": 1.0, "recall": 0.5, "matched": 2, "exported": 2}


def test_nested_threshold_choice_pools_its_held_out_sets() -> None:
    from stemfoot.tools import train_export_gate as train

    rows = [({"kind=events": 1.0, "att_p": 0.1 * (i % 10)}, i % 3 != 0, False) for i in range(30)]
    data = {n: {"rows": rows, "gold": g} for n, g in (("a", 25), ("b", 25), ("c", 25))}
    got = train.nested(train.Folds(data), 0.5, {"name": "first"})
    assert [r["held_out"] for r in got["per_set"]] == ["a", "b", "c"]
    assert got["pooled"]["matched"] == sum(r["matched"] for r in got["per_set"])
    assert got["pooled"]["recall"] == round(got["pooled"]["matched"] / 75, 4)
    # Golds with no results at all: no recall to give (was a ZeroDivisionError).
    empty = {n: {"rows": rows, "gold": 0} for n in ("a", "b", "c")}
    assert train.nested(train.Folds(empty), 0.5, {"name": "first"})["pooled"]["recall"] is None


def test_the_shipped_model_is_what_its_training_command_rebuilds(tmp_path) -> None:
    """`tools/train_export_gate.py` on the golds the model names rebuilds it byte for byte: an extraction change
    that alters the gate's inputs must come with the retrained model."""
    from pathlib import Path

    from stemfoot.tools import train_export_gate as train

    data = Path(__file__).resolve().parents[1] / "data"
    spec = json.loads(gate.MODEL_PATH.read_text(encoding="utf-8"))
    # The threshold rule the model was trained with, as recorded (it is also the trainer's default).
    assert spec["threshold_rule"]["name"] == train.DEFAULT_RULE["name"]
    argv = [*(str(data / f"{n}.jsonl") for n in spec["trained_on"]), "--out", str(tmp_path)]
    if "extra" in spec:
        # Rows collected from PICO-Corpus, kept in the repository (the corpus itself is not needed here).
        root = Path(__file__).resolve().parents[2]
        argv += ["--extra", str(root / spec["extra"]["rows"]), "--extra-weight", str(spec["extra"]["weight"])]
    assert train.main([*argv, *train.rule_argv(spec["threshold_rule"])]) == 0
    assert (tmp_path / "model.json").read_bytes() == gate.MODEL_PATH.read_bytes()


def test_wilson_lower_bound_and_grid_counts() -> None:
    from stemfoot.tools import train_export_gate as train

    # The Wilson bound is the proportion pi below p = k/n at which the score test is exactly z:
    # n (p - pi)^2 = z^2 pi (1 - pi).
    for k, n, z in ((95, 100, 1.96), (2254, 2372, 1.645), (3, 10, 1.0)):
        lo = train.wilson_lower(k, n, z)
        assert lo < k / n and math.isclose(n * (k / n - lo) ** 2, z * z * lo * (1 - lo), rel_tol=1e-9)
    assert train.wilson_lower(0, 0, 1.645) == 0.0
    assert train.wilson_lower(50, 50, 1.0) < 1.0 and train.wilson_lower(50, 50, 0.0) == 1.0
    exported, right = train.grid_counts([(0.9, True, False), (0.5, False, False), (0.99, True, True)])
    # Promoted candidates are left out; a candidate counts at every threshold up to its score.
    assert (exported[0], right[0]) == (2, 1)
    assert (exported[train.GRID.index(0.5)], exported[train.GRID.index(0.51)]) == (2, 1)
    assert (exported[train.GRID.index(0.91)], right[train.GRID.index(0.9)]) == (0, 1)


def _counts(precisions: dict[float, float], n: int) -> tuple[list[int], list[int]]:
    """Grid counts of a set exporting ``n`` candidates at every threshold, right in the share that the last
    key at or below the threshold gives."""
    from stemfoot.tools import train_export_gate as train

    exported, right = [], []
    for t in train.GRID:
        p = max((v for k, v in precisions.items() if k <= t), default=0.0)
        exported.append(n)
        right.append(round(p * n))
    return exported, right


def test_threshold_rules_on_known_curves() -> None:
    from stemfoot.tools import train_export_gate as train

    counts = {"a": _counts({0.0: 0.90, 0.5: 0.96, 0.8: 0.99}, 1000),
              "b": _counts({0.0: 0.90, 0.6: 0.95, 0.9: 0.97}, 1000),
              "c": _counts({0.0: 0.80, 0.7: 0.90, 0.95: 0.96}, 100)}
    # Pooled: 0.6 -> (960 + 950 + 80) / 2100 = 94.8%; 0.7 -> 2000 / 2100 = 95.2%: the first rule stops at 0.7.
    assert train.rule_threshold(counts, 0.95) == 0.7
    # Its Wilson lower bound there (n = 2100, z = 1.645) is 94.5%; at 0.8 (2030 / 2100 = 96.7%) it is 96.0%.
    assert train.rule_threshold(counts, 0.95, "wilson", z=1.645) == 0.8
    # Two of three sets reach 95% at 0.6, all three only at 0.95.
    assert train.rule_threshold(counts, 0.95, "sets", share=0.6) == 0.6
    assert train.rule_threshold(counts, 0.95, "sets", share=1.0) == 0.95
    # Drawn sets: a draw of b and c alone first reaches 95% later than the whole pool.
    boot = train.rule_threshold(counts, 0.95, "bootstrap", quantile=0.5)
    assert boot == train.rule_threshold(counts, 0.95, "bootstrap", quantile=0.5)
    assert train.rule_threshold(counts, 0.95, "bootstrap", quantile=0.0) <= boot
    assert boot <= train.rule_threshold(counts, 0.95, "bootstrap", quantile=0.99)
    try:
        train.rule_threshold(counts, 0.95, "median")
    except ValueError as err:
        assert "median" in str(err)
    else:
        raise AssertionError("an unknown rule must be refused")


def test_marginal_rule_stops_at_the_first_band_that_is_mostly_wrong() -> None:
    from stemfoot.tools import train_export_gate as train

    scored = ([(0.95, True, False)] * 100 + [(0.85, i < 9, False) for i in range(10)]
              + [(0.75, i < 6, False) for i in range(10)] + [(0.65, i < 9, False) for i in range(10)])
    counts = {"a": train.grid_counts(scored)}
    # Pooled precision never falls below 95% (124/130 with everything in), so the first rule keeps all of it,
    # the 60%-right band at 0.75 included; the marginal rule stops above it, whatever lies below.
    assert train.rule_threshold(counts, 0.95) == 0.0
    assert train.rule_threshold(counts, 0.95, "marginal", marginal=0.8, band=0.1) == 0.76
    assert train.rule_threshold(counts, 0.95, "marginal", marginal=0.5, band=0.1) == 0.0


def test_marginal_bands_reach_up_to_their_minimum_size() -> None:
    from stemfoot.tools import train_export_gate as train

    # Three wrong candidates alone at 0.55 stop the plain marginal rule there; a band of at least 20
    # candidates reaches up into the right ones above and keeps them (12/23 right, over 0.5).
    scored = ([(0.95, True, False)] * 100 + [(0.62, True, False)] * 20 + [(0.55, False, False)] * 3
              + [(0.3, False, False)] * 20)
    counts = {"a": train.grid_counts(scored)}
    assert train.rule_threshold(counts, 0.95, "marginal", marginal=0.5, band=0.05) == 0.56
    assert train.rule_threshold(counts, 0.95, "marginal", marginal=0.5, band=0.05, min_band=20) == 0.31
    # The band from 0.31 reaches up to 0.62 (23 candidates); from 0.30 it holds 20 wrong ones.
    assert train.rule_threshold(counts, 0.95, "marginal", marginal=0.5, band=0.05, min_band=23) == 0.31


def test_grid_counts_count_each_candidate_at_every_threshold_up_to_its_score() -> None:
    from stemfoot.tools import train_export_gate as train

    scored = [(0.5, True, False), (0.5, False, False), (0.504, True, False), (0.99, True, False), (1.0, True, True)]
    exported, right = train.grid_counts(scored)
    brute = [(sum(1 for p, _, pr in scored if not pr and p >= t), sum(1 for p, r, pr in scored if not pr and p >= t
                                                                       and r)) for t in train.GRID]
    assert list(zip(exported, right)) == brute


def test_rule_specs_round_trip_through_the_command_line() -> None:
    from stemfoot.tools import train_export_gate as train

    spec = train.rule_spec("marginal", {"marginal": "0.8,0.85", "band": "0.1", "min_band": "30", "z": None})
    assert spec == {"name": "marginal", "marginal": [0.8, 0.85], "band": 0.1, "min_band": 30}
    assert train.parse_rule({**spec, "chosen": {"marginal": 0.85}}) == (
        "marginal", {"band": 0.1, "min_band": 30}, {"marginal": [0.8, 0.85]})
    argv = train.rule_argv({**spec, "chosen": {"marginal": 0.85}})
    assert argv == ["--rule", "marginal", "--marginal", "0.8,0.85", "--band", "0.1", "--min-band", "30"]
    assert train.rule_spec(None, {}) == train.DEFAULT_RULE
    try:
        train.rule_spec("first", {"z": "1.0"})
    except SystemExit as err:
        assert "--z" in str(err)
    else:
        raise AssertionError("a parameter of another rule must be refused")


def test_free_parameters_are_chosen_without_the_held_out_set() -> None:
    from stemfoot.tools import train_export_gate as train

    # Four sets whose candidates score by their feature alone: 'good' ones always right, 'mid' ones right two
    # times in three, 'bad' ones right one time in three.
    rows = []
    for i in range(90):
        kind, turn = ("good", "mid", "bad")[i % 3], (i // 3) % 3
        rows.append(({f"kind={kind}": 1.0}, kind == "good" or (turn != 0 if kind == "mid" else turn == 0), False))
    data = {n: {"rows": rows, "gold": 90} for n in "abcd"}
    folds = train.Folds(data)
    spec = {"name": "marginal", "marginal": [0.5, 0.9], "band": 0.1}
    # Within any three sets (bands 0.1 wide), a band precision of 0.5 keeps the 'mid' candidates; the nested precision
    # (target 0.7) allows them, and they add recall, so the lower level is chosen.
    assert train.select(folds, ["a", "b", "c"], 0.7, "marginal", {"band": 0.1}, {"marginal": [0.5, 0.9]}) == {
        "marginal": 0.5}
    # With a target only the 'good' candidates reach, the level that withholds 'mid' ones is chosen.
    assert train.select(folds, ["a", "b", "c"], 0.95, "marginal", {"band": 0.1}, {"marginal": [0.5, 0.9]}) == {
        "marginal": 0.9}
    got = train.nested(folds, 0.95, spec)
    assert [r["params"] for r in got["per_set"]] == [{"band": 0.1, "marginal": 0.9}] * 4
    # Models without one, two and three of the four sets, each fitted once: 4 + 6 + 4.
    assert len(folds._scores) == 14
    assert got["pooled"]["precision"] == 1.0


def test_size_features_compare_the_denominator_with_the_arms_sizes() -> None:
    arms = [{"label": "cell group", "role": "intervention", "n_patients": 20},
            {"label": "control group", "role": "control", "n_patients": 18}, {"label": "both", "members": ["x"]}]
    st = _stat("events", 0, 5, events=15, total=20, arm="cell group")
    assert gate.size_features(st, arms, "arm") == {"total_is_own_arm_n": 1.0}
    # Another arm's size only: likely that arm's count, placed on the wrong one.
    assert gate.size_features({**st, "total": 18}, arms, "arm") == {"total_is_other_arm_n": 1.0}
    # The arms' sum: the whole cohort's count.
    assert gate.size_features({**st, "total": 38}, arms, "cohort") == {"total_is_all_arms_n": 1.0}
    # No denominator, a mean, or sizes known for one arm only: nothing to compare.
    assert gate.size_features({**st, "total": None}, arms, "arm") == {}
    assert gate.size_features(_stat("mean_sd", 0, 5, mean=2.0, sd=1.0, total=20), arms, "arm") == {}
    assert gate.size_features(st, [arms[0], {**arms[1], "n_patients": None}], "arm") == {}


def test_inventory_features_say_where_the_placed_arm_was_read() -> None:
    arms = [{"label": "cell group", "role": "intervention", "source": "allocation"},
            {"label": "386 women", "role": "intervention"}, {"label": "all", "members": ["cell group"]}]
    st = _stat("events", 0, 5, events=15, total=20, arm="cell group")
    assert gate.inventory_features(st, arms, "arm") == {"no_comparator": 1.0, "arm_source=allocation": 1.0}
    # A count read as an arm's name, from the rules' list (no source).
    assert gate.inventory_features({**st, "arm": "386 women"}, arms, "arm") == {
        "no_comparator": 1.0, "arm_source=rules": 1.0, "arm_label_digit": 1.0}
    control = [arms[0], {"label": "placebo", "role": "control", "source": "results"}]
    assert gate.inventory_features(st, control, "cohort") == {"has_comparator": 1.0}
    # A single arm: no comparator to look for.
    assert gate.inventory_features(st, arms[:1], "arm") == {"arm_source=allocation": 1.0}


def test_the_outcome_stage_flags_are_features() -> None:
    rec = _record()
    ctx = gate.context(TEXT, rec, [(90, len(TEXT), "results")])
    flags = ["outcome_own_clause", "outcome_from_list", "outcome_not_in_clause", "outcome_names_subgroup"]
    f = gate.features(dict(rec["statistics"][0], flags=flags), ctx)
    assert all(f[f"flag={name}"] == 1.0 for name in flags)


def _one_sentence(text: str, stats: list[tuple[str, str, str | None, dict]]) -> tuple[dict, list[dict]]:
    """A two-arm record of one sentence: (value text, kind, arm, extra fields) per statistic; its context."""
    arms = [{"label": "BM-MNC group", "role": "intervention"}, {"label": "control group", "role": "control"}]
    out = []
    for value, kind, arm, kw in stats:
        a = text.index(value)
        out.append({**_stat(kind, 0, 0, arm=arm, target="arm" if arm else "between_arms", **kw),
                    "evidence": {"start": a, "end": a + len(value), "text": value, "sentence_start": 0,
                                 "sentence_end": len(text)}})
    rec = {"design": {"value": "rct"}, "arms": arms, "statistics": out}
    return gate.context(text, rec, []), out


def test_a_value_right_after_another_arms_name_is_flagged_where_values_stand_beside_their_arms() -> None:
    # A rule read "(0.43 vs 0.44)" as one value per arm: 0.43 is the control group's own before/after pair.
    text = ("ABI increased from 0.41 ± 0.12 to 0.53 ± 0.14 in the BM-MNC group and was unchanged in the control group "
            "(0.43 ± 0.11 vs 0.44 ± 0.13).")
    ctx, sts = _one_sentence(text, [(v, "mean_sd", arm, {}) for v, arm in (
        ("0.41 ± 0.12", "BM-MNC group"), ("0.53 ± 0.14", "BM-MNC group"), ("0.43 ± 0.11", "BM-MNC group"),
        ("0.44 ± 0.13", "control group"))])
    assert [gate.features(st, ctx).get("follows_other_arm") for st in sts] == [None, None, 1.0, None]
    # Arms named first and their values after ("respectively"): no value before the last name, nothing flagged.
    text = "ABI in the BM-MNC group and the control group was 0.53 ± 0.14 and 0.44 ± 0.13, respectively."
    ctx, sts = _one_sentence(text, [("0.53 ± 0.14", "mean_sd", "BM-MNC group", {}),
                                    ("0.44 ± 0.13", "mean_sd", "control group", {})])
    assert not any("follows_other_arm" in gate.features(st, ctx) for st in sts)


def test_an_effect_with_no_named_measure_is_a_feature() -> None:
    text = ("TcPO2 improved by 10.9 mmHg (95% CI 7.2-14.6) in the BM-MNC group; the mean difference was "
            "8.4 mmHg (95% CI 3.1-13.7).")
    ctx, sts = _one_sentence(text, [("10.9 mmHg (95% CI 7.2-14.6)", "effect", None, {"effect_measure": None}),
                                    ("8.4 mmHg (95% CI 3.1-13.7)", "effect", None, {"effect_measure": "MD"})])
    assert [gate.features(st, ctx).get("effect_unnamed") for st in sts] == [1.0, None]


def test_counts_of_the_trials_flow_are_a_feature() -> None:
    text = ("Two patients in the BM-MNC group and three in the control group did not undergo angiography; "
            "ulcers healed in 12 of 20 patients in the BM-MNC group.")
    ctx, sts = _one_sentence(text, [("Two patients", "events", "BM-MNC group", {"events": 2}),
                                    ("12 of 20", "events", "BM-MNC group", {"events": 12, "total": 20})])
    assert [gate.features(st, ctx).get("disposition_clause") for st in sts] == [1.0, None]


def test_the_newest_sets_are_each_held_out_with_what_came_before_them() -> None:
    from stemfoot.tools import train_export_gate as train

    rows = [({"kind=events": 1.0, "att_p": 0.1 * (i % 10)}, i % 3 != 0, False) for i in range(30)]
    data = {n: {"rows": rows, "gold": 25} for n in ("a", "b", "c", "d")}
    folds = train.Folds(data)
    got = train.newest_held_out(folds, ["c", "d"], 0.5, {"name": "first"})
    # c is scored by a model of a and b alone (d came after it), d by one of a, b and c.
    assert [(r["held_out"], r["trained_on"]) for r in got["per_set"]] == [("c", 2), ("d", 3)]
    assert frozenset({"c", "d"}) in folds._scores and frozenset({"d"}) in folds._scores
    assert got["pooled"]["matched"] == sum(r["matched"] for r in got["per_set"])
    nested = train.nested(folds, 0.5, {"name": "first"})
    assert train.pooled_of(nested["per_set"], ["c", "d"], 50)["exported"] == sum(
        r["exported"] for r in nested["per_set"] if r["held_out"] in ("c", "d"))


def test_stopping_treatment_for_adverse_events_is_no_flow_clause() -> None:
    text = "Discontinuation due to adverse events occurred in 3 of 40 patients in the BM-MNC group."
    ctx, sts = _one_sentence(text, [("3 of 40", "events", "BM-MNC group", {"events": 3, "total": 40})])
    assert gate.features(sts[0], ctx).get("disposition_clause") is None

