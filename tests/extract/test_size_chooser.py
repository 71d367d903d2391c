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
