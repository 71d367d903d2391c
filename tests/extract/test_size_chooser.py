"""The learned group-size chooser: candidates, features, the correction rule, and the shipped model's rebuild."""
from __future__ import annotations

from pathlib import Path

from stemfoot.extract import size_chooser as sc

ROOT = Path(__file__).resolve().parents[2]
SIDES = ("intervention", "comparator")


def _model(weights: dict[str, float], intercept: float = -3.0) -> dict:
    return {"features": list(weights), "coef": list(weights.values()), "intercept": intercept}


def _ctx(**kw) -> sc.SizeContext:
    base = dict(q_out="Healed ulcers", q_int="Stem cells", q_cmp="Placebo", text="", abstract="", table_sizes=[],
                sizes=[], rule={"intervention": None, "comparator": None},
                rule_conf={"intervention": 0.0, "comparator": 0.0})
    base.update(kw)
    return sc.SizeContext(**base)


def test_percent_that_agrees_with_events_over_n_is_a_feature() -> None:
    rec = {"events": 10, "percent": 20.0, "total": None}
    ctx = _ctx(records={"intervention": rec, "comparator": None}, rule={"intervention": 50, "comparator": 48},
               outcome_type="binary")
    feats = dict(sc.features(ctx)["intervention"])
    assert feats[50]["pct_agree"] == 1.0 and feats[50]["src_pct_implied"] == 1.0 and feats[50]["src_rule"] == 1.0
    assert feats[48]["pct_disagree"] == 1.0 and "src_rule" not in feats[48]  # the other arm's size, as an alternative
    assert feats[48]["src_other_rule"] == 1.0 and feats[48]["alt+other_rule"] == 1.0


def test_table_header_sizes_are_candidates_of_the_side_their_label_names() -> None:
    ctx = _ctx(table_sizes=[("Stem cells (n = 30)", 30, "Table 2 header"), ("Placebo (n = 28)", 28, "Table 2 header")])
    cands = sc.candidates(ctx)
    assert {"table_any", "table_header", "statement"} <= cands["intervention"][30]
    assert {"table_any", "table_header", "statement"} <= cands["comparator"][28]
    assert 28 not in cands["intervention"] or "table_header" not in cands["intervention"][28]


def test_a_switch_needs_a_statement_that_pairs_it_with_the_other_arm() -> None:
    model = _model({"src_statement": 6.0, "src_rule": 1.0})
    rule = {"intervention": 462, "comparator": 1250}
    rows = {"intervention": [(462, {"src_rule": 1.0, "src_statement": 1.0})],
            "comparator": [(1122, {"src_statement": 1.0}), (1250, {"src_rule": 1.0, "src_name": 1.0})]}
    assert sc.correct(rule, rows, model, keep=0.0, switch=0.5) == {"intervention": 462, "comparator": 1122}
    # The same alternative, but no statement gives both arms: the rules' size stays.
    rows["intervention"] = [(462, {"src_rule": 1.0, "src_text_any": 1.0})]
    rows["comparator"][0] = (1122, {"src_statement": 1.0, "src_text_any": 1.0})
    assert sc.correct(rule, rows, model, keep=0.0, switch=0.5) == rule


def test_a_rules_size_the_model_doubts_is_null_and_no_model_keeps_the_rules() -> None:
    model = _model({"src_rule": 1.0}, intercept=-3.0)  # P(rule) ~ 0.12
    rule = {"intervention": 30, "comparator": 28}
    rows = {s: [(rule[s], {"src_rule": 1.0})] for s in SIDES}
    assert sc.correct(rule, rows, model, keep=0.2, switch=0.5) == {"intervention": None, "comparator": None}
    assert sc.correct(rule, rows, model, keep=0.0, switch=0.5) == rule
    never = {**model, "keep": 0.0, "switch": 1.01}  # a model that never corrects gives the rules' sizes
    assert sc.choose(_ctx(rule=rule), model=never) == rule


def test_collecting_records_every_query() -> None:
    ctx = _ctx(rule={"intervention": 30, "comparator": 30}, text="Sixty patients: 30 patients in each group.")
    with sc.collecting() as got:
        sc.choose(ctx, "q1", "PMC1", model={**_model({"src_rule": 4.0}), "keep": 0.0, "switch": 0.5})
    assert got and got[0]["id"] == "q1" and got[0]["sides"]["intervention"][0][0] == 30


def test_shipped_model_is_what_the_trainer_rebuilds(tmp_path: Path) -> None:
    from stemfoot.tools import train_group_sizes

    train_group_sizes.main([str(ROOT / "benchmarks" / "data" / "group_size_features.jsonl.gz"), "--out", str(tmp_path)])
    assert (tmp_path / "model.json").read_bytes() == sc.MODEL_PATH.read_bytes()


def test_percent_at_its_stated_precision_fixes_one_n() -> None:
    assert sc.pct_exact(7, 8.97, 78) and not sc.pct_exact(7, 8.97, 74)  # 9.46%: within 0.6 but not "8.97"
    assert sc.pct_exact(6, 30.0, 20) and not sc.pct_exact(6, 30.0, 40)
    assert sc.pct_unique(7, 8.97) == 78 and sc.pct_unique(6, 30) == 20
    assert sc.pct_unique(45, 33) is None  # 135 and 136 both give 33%: no one n
    # 6 of 30 rounds to 20%, 6 of 29 (20.7%) only truncates to it: the rounded n; truncation only when none rounds
    assert sc.pct_unique(6, 20) == 30 and sc.pct_unique(2, 5.7) == 35
    assert sc.pct_unique(None, 30) is None and sc.pct_unique(3, 0) is None


def test_both_arms_percents_give_a_pair_unless_they_are_shares_of_one_whole() -> None:
    recs = {"intervention": {"events": 7, "percent": 8.97}, "comparator": {"events": 19, "percent": 23.75}}
    ctx = _ctx(records=recs, rule={"intervention": 74, "comparator": 72}, outcome_type="binary")
    cands = sc.candidates(ctx)
    assert "pct_pair" in cands["intervention"][78] and "pct_pair" in cands["comparator"][80]
    feats = dict(sc.features(ctx)["intervention"])
    assert feats[74]["pct_inexact"] == 1.0 and feats[78]["pct_exact"] == 1.0
    whole = {"intervention": {"events": 115, "percent": 51.6}, "comparator": {"events": 108, "percent": 48.4}}
    cands = sc.candidates(_ctx(records=whole, outcome_type="binary"))
    assert not any("pct_pair" in s for side in cands.values() for s in side.values())  # each of 223: no arm's n


def test_sizes_that_contradict_the_outcomes_percents_give_way_to_the_pair_they_imply() -> None:
    model = _model({"src_rule": 3.0}, intercept=0.0)
    rule = {"intervention": 74, "comparator": 72}
    rows = {"intervention": [(74, {"src_rule": 1.0, "pct_inexact": 1.0}), (78, {"src_pct_pair": 1.0, "pct_exact": 1.0})],
            "comparator": [(72, {"src_rule": 1.0, "pct_inexact": 1.0}), (80, {"src_pct_pair": 1.0, "pct_exact": 1.0})]}
    assert sc.correct(rule, rows, model, keep=0.0, switch=0.5) == {"intervention": 78, "comparator": 80}
    # A pair far from the answered sizes (a subgroup's percent) or a side left null: the sizes stay.
    far = {s: [(n // 6 if "src_pct_pair" in f else n, f) for n, f in r] for s, r in rows.items()}
    assert sc.correct(rule, far, model, keep=0.0, switch=0.5) == rule
    half = {"intervention": None, "comparator": 72}
    assert sc.correct(half, rows, model, keep=0.0, switch=0.5)["intervention"] is None


def test_filling_a_side_the_rules_left_null_needs_the_fill_threshold() -> None:
    model = _model({"src_crossover": 3.5}, intercept=-3.0)  # P ~ 0.62
    rule = {"intervention": None, "comparator": None}
    rows = {s: [(72, {"src_crossover": 1.0})] for s in SIDES}
    assert sc.correct(rule, rows, model, keep=0.0, switch=0.5) == {"intervention": 72, "comparator": 72}
    assert sc.correct(rule, rows, model, keep=0.0, switch=0.5, fill=0.7) == rule
    # A switch away from a size the rules did answer still needs only ``switch``.
    answered = {"intervention": 70, "comparator": 70}
    rows = {s: [(72, {"src_crossover": 1.0}), (70, {"src_crossover": 1.0, "src_rule": -9.0})] for s in SIDES}
    assert sc.correct(answered, rows, {**model, "features": ["src_crossover", "src_rule"], "coef": [3.5, 1.0]},
                      keep=0.0, switch=0.5, fill=1.01) == {"intervention": 72, "comparator": 72}


def _line(set_name: str = "ft_dev_gold", **kw) -> dict:
    base = {"set": set_name, "form": "full", "item": 0, "id": 1, "type": "continuous", "others_right": True,
            "derived_events": [], "gold": {"intervention": 28.0, "comparator": 30.0},
            "answered": {"intervention": 30, "comparator": 30},
            "sides": {"intervention": [[28, {"src_flow": 1.0}], [30, {"src_rule": 1.0, "src_alloc": 1.0}]],
                      "comparator": [[30, {"src_rule": 1.0, "src_flow": 1.0, "src_alloc": 1.0}]]}}
    base.update(kw)
    return base


def test_trainer_refuses_the_held_out_golds(tmp_path: Path) -> None:
    import gzip
    import json

    import pytest

    from stemfoot.tools import train_group_sizes

    path = tmp_path / "f.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps(_line("ft_dev_gold17")) + "\n").encode()))
    with pytest.raises(SystemExit, match="held-out"):
        train_group_sizes.main([str(path), "--out", str(tmp_path)])


def test_precedence_prefers_the_analysed_n_and_keeps_the_rules_pick_on_a_tie() -> None:
    from stemfoot.tools import train_group_sizes

    got = train_group_sizes.precedence_choice([_line()])
    assert got == [{"intervention": 28, "comparator": 30}]
    assert train_group_sizes.tally([_line()], got)["exact"] == {"continuous": [1, 1]}


def test_check_scores_held_out_lines_under_rules_model_and_precedence() -> None:
    from stemfoot.tools import train_group_sizes

    never = {**_model({"src_rule": 1.0}), "keep": 0.0, "switch": 1.01, "fill": 1.01}
    (row,) = train_group_sizes.check(never, [_line("ft_dev_gold17")])
    assert (row["held_out"], row["form"]) == ("ft_dev_gold17", "full")
    assert row["rules"]["exact"] == row["model"]["exact"] == {"continuous": [0, 1]}  # the randomised 30, not 28
    assert row["precedence"]["exact"] == {"continuous": [1, 1]} and row["precedence"]["right"] == 2


def test_a_means_own_n_is_never_raised_to_a_larger_count() -> None:
    model = _model({"src_alloc": 6.0, "src_record": 1.0})
    rule = {"intervention": 34, "comparator": 33}
    rows = {"intervention": [(34, {"src_rule": 1.0, "src_record": 1.0, "type_continuous": 1.0}),
                             (36, {"src_alloc": 1.0, "type_continuous": 1.0})],
            "comparator": [(33, {"src_rule": 1.0, "src_record": 1.0, "type_continuous": 1.0}),
                           (36, {"src_alloc": 1.0, "type_continuous": 1.0})]}
    assert sc.correct(rule, rows, model, keep=0.0, switch=0.5) == rule
    # counts of a binary outcome keep the model's say (its own denominator is guarded where the sizes are settled)
    binary = {s: [(n, {**{k: v for k, v in f.items() if k != "type_continuous"}, "type_binary": 1.0}) for n, f in r]
              for s, r in rows.items()}
    assert sc.correct(rule, binary, model, keep=0.0, switch=0.5) == {"intervention": 36, "comparator": 36}
    # a smaller n from elsewhere (an analysed count under the record's randomised header) may still replace it
    smaller = {s: [(n if n != 36 else 30, f) for n, f in r] for s, r in rows.items()}
    assert sc.correct(rule, smaller, model, keep=0.0, switch=0.5) == {"intervention": 30, "comparator": 30}


def test_sizes_that_give_neither_arms_percent_take_the_one_stated_size_that_does() -> None:
    model = _model({"src_rule": 3.0}, intercept=0.0)
    rule = {"intervention": 6, "comparator": 15}  # "7 (17.5%)" and "9 (22.0%)" are of no 6 or 15
    rows = {"intervention": [(6, {"src_rule": 1.0, "pct_inexact": 1.0}), (40, {"src_text_any": 1.0, "pct_exact": 1.0}),
                             (41, {"src_text_any": 1.0, "pct_inexact": 1.0})],
            "comparator": [(15, {"src_rule": 1.0, "pct_inexact": 1.0}), (41, {"src_table_any": 1.0, "pct_exact": 1.0})]}
    assert sc.correct(rule, rows, model, keep=0.0, switch=0.99) == {"intervention": 40, "comparator": 41}
    # one arm's size gives its percent: the pair's source is vouched for, nothing moves
    fits = {**rows, "comparator": [(15, {"src_rule": 1.0, "pct_exact": 1.0}), (41, {"src_table_any": 1.0, "pct_exact": 1.0})]}
    assert sc.correct(rule, fits, model, keep=0.0, switch=0.99) == rule
    # two stated sizes give the percent, or only the percent's own implied n does: no guess
    two = {**rows, "intervention": rows["intervention"][:2] + [(80, {"src_alloc": 1.0, "pct_exact": 1.0})]}
    assert sc.correct(rule, two, model, keep=0.0, switch=0.99)["intervention"] == 6
    implied = {**rows, "intervention": [(6, {"src_rule": 1.0, "pct_inexact": 1.0}), (40, {"src_pct_implied": 1.0, "pct_exact": 1.0})]}
    assert sc.correct(rule, implied, model, keep=0.0, switch=0.99)["intervention"] == 6
