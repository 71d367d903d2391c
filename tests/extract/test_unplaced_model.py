"""The learned placement of values every earlier reading left unattributed (``extract/unplaced_model.py``, issue 11,
round 16): its cues, its choice of arm, and its switch. Pure functions, no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract import stages, unplaced_model
from stemfoot.extract.unplaced_model import PlacementModel

ARMS = [{"label": "cell group", "role": "intervention", "n_patients": 20, "source": "allocation"},
        {"label": "control group", "role": "control", "n_patients": 18}]


def _st(**kw) -> dict:
    return {"kind": "events", "events": 3, "total": 18, "target": "unattributed", "flags": ["review_attribution"],
            "outcome": "amputation", "evidence": {"start": 0, "end": 4}, **kw}


def test_value_cues_place_among_values_of_its_kind():
    f = unplaced_model.value_cues(_st(), {"cell group": 0.3, "control group": 0.7}, 0.8, n_kind=2, k_kind=1, n_arms=2)
    assert f["kind_vs_arms=equal"] == 1.0 and f["kind_last"] == 1.0
    assert f["best_share"] == 0.7 and f["p_value"] == 0.8
    assert f["flag=review_attribution"] == 1.0
    one = unplaced_model.value_cues(_st(outcome=None, total=None), {}, 0.1, n_kind=1, k_kind=0, n_arms=3)
    assert one["kind_vs_arms=one"] == 1.0 and one["no_outcome"] == 1.0 and one["events_no_total"] == 1.0


def test_arm_cues_rules_mentions_and_sizes():
    share = {"cell group": 0.3, "control group": 0.7}
    mentioned = {"clause": {"control group"}, "sentence": {"control group", "cell group"}, "previous": set()}
    ctrl = unplaced_model.arm_cues(_st(), ARMS[1], ARMS, share, "cell group", mentioned)
    assert ctrl["model_best"] == 1.0 and ctrl["rule_other"] == 1.0
    assert ctrl["arm_in_clause"] == ctrl["arm_only_in_clause"] == ctrl["arm_in_sentence"] == 1.0
    assert "arm_only_in_sentence" not in ctrl and ctrl["total_is_arm_n"] == 1.0 and ctrl["arm_source=rules"] == 1.0
    cell = unplaced_model.arm_cues(_st(), ARMS[0], ARMS, share, "cell group", mentioned)
    assert cell["model_not_best"] == 1.0 and cell["rule_this"] == 1.0 and cell["other_in_clause"] == 1.0
    assert cell["total_is_other_arm_n"] == 1.0 and cell["arm_source=allocation"] == 1.0
    big = unplaced_model.arm_cues(_st(events=25, total=None), ARMS[0], ARMS, share, None, {})
    assert big["events_exceed_arm_n"] == 1.0 and "rule_this" not in big and "rule_other" not in big


@pytest.mark.parametrize("scores,threshold,expected", [
    ({"a": 0.9, "b": 0.1}, 0.8, "a"),
    ({"a": 0.9, "b": 0.2}, 0.8, None),   # a lead of 0.7 is short of 0.8
    ({"a": 0.6, "b": 0.6}, 0.0, None),   # a tie has no arm
    ({"a": 0.85}, 0.8, "a"),             # one arm: its P is its lead
    ({}, 0.0, None),
])
def test_choose_by_lead_over_the_next_arm(scores, threshold, expected):
    assert unplaced_model.choose(scores, threshold) == expected


def _model(threshold: float = 0.5) -> PlacementModel:
    return PlacementModel({"features": ["arm_in_clause"], "coef": [6.0], "intercept": -3.0, "threshold": threshold})


def test_place_sets_arm_flag_and_probability():
    st = _st()
    rows = {"cell group": {"bias": 1.0}, "control group": {"arm_in_clause": 1.0}}
    assert unplaced_model.place(st, rows, {"control group": "control"}, _model()) == "control group"
    assert (st["target"], st["arm"], st["arm_role"]) == ("arm", "control group", "control")
    assert st["flags"] == [unplaced_model.FLAG]
    assert st["attribution"]["placed_p"] == pytest.approx(0.953, abs=1e-3)
    assert st["attribution"]["placed_lead"] == pytest.approx(0.905, abs=1e-3)


def test_place_leaves_value_below_threshold():
    st = _st()
    rows = {"cell group": {"arm_in_clause": 1.0}, "control group": {"arm_in_clause": 1.0}}
    assert unplaced_model.place(st, rows, {}, _model(0.1)) is None
    assert st["target"] == "unattributed" and st["flags"] == ["review_attribution"]


def test_place_never_puts_a_value_on_an_arm_its_rules_did_not_name():
    rows = {"cell group": {"bias": 1.0}, "control group": {"arm_in_clause": 1.0}}
    st = _st()
    assert unplaced_model.place(st, rows, {}, _model(), rule_arm="cell group") is None
    assert st["target"] == "unattributed" and st["flags"] == ["review_attribution"]
    st2 = _st()
    assert unplaced_model.place(st2, rows, {}, _model(), rule_arm="control group") == "control group"


def test_switch_collects_rows_and_places_nothing():
    st = _st()
    rows = {"control group": {"arm_in_clause": 1.0}}
    with unplaced_model.SWITCH.collecting([]):
        assert unplaced_model.place(st, rows, {}, _model()) is None
    assert st[unplaced_model.FEATURES_KEY] == rows and st["target"] == "unattributed"
    st2 = _st()
    with unplaced_model.SWITCH.disabled():
        assert unplaced_model.place(st2, rows, {}, _model()) is None
    assert unplaced_model.FEATURES_KEY not in st2


def test_eligible_values():
    assert unplaced_model.eligible(_st())
    assert not unplaced_model.eligible(_st(target="cohort"))
    assert not unplaced_model.eligible(_st(flags=["review_attribution", "planned_value"]))


def test_clause_cues():
    text = "When all cell-treated patients were combined, 21 of 36 healed, and 4 of 18 healed in the vehicle group."
    clause = stages.clause_bounds(text, (0, len(text)), text.index("21 of 36"), text.index("21 of 36") + 8)
    assert stages.clause_cues(text, clause, (0, len(text)), [])["clause_pooled"] == 1.0
    text = "Healing was 70% in the stem cell group; the sentence goes on."
    span = (text.index("70%"), text.index("70%") + 3)
    clause = stages.clause_bounds(text, (0, len(text)), *span)
    assert stages.clause_cues(text, clause, (0, len(text)), [])["clause_unnamed_group"] == 1.0
    named = (text.index("stem cell group"), text.index("stem cell group") + len("stem cell group"))
    assert "clause_unnamed_group" not in stages.clause_cues(text, clause, (0, len(text)), [named])
    text = "Three patients died (one in each group)."
    assert stages.clause_cues(text, (0, len(text)), (0, len(text)), [])["sentence_any_group"] == 1.0


def test_trainer_threshold_needs_precision_and_enough_placements(monkeypatch):
    from stemfoot.tools import train_unplaced_model as tr

    scored = [(0.95, True)] * 9 + [(0.9, True), (0.85, False), (0.6, False), (0.0, False)]
    assert tr.placed(scored, 0.9) == {"threshold": 0.9, "placed": 10, "right": 10, "wrong": 0, "precision": 1.0}
    assert tr.choose_threshold(scored, 0.95) == 0.86   # the lowest grid step above the wrong 0.85
    monkeypatch.setattr(tr, "MIN_PLACED", 12)
    assert tr.choose_threshold(scored, 0.95) == 1.01   # 11 placed at 91%: never enough


def test_trainer_scores_each_value_by_its_best_arms_lead():
    from stemfoot.tools import train_unplaced_model as tr

    spec = {"type": "logistic", "features": ["arm_in_clause"], "coef": [6.0], "intercept": -3.0}
    values = [{"a": ({"arm_in_clause": 1.0}, True), "b": ({}, False)},
              {"a": ({"arm_in_clause": 1.0}, False), "b": ({"arm_in_clause": 1.0}, True)}]
    (lead, right), tie = tr.score(spec, values)
    assert lead == pytest.approx(0.905, abs=1e-3) and right is True
    assert tie == (0.0, False)
    # The rules named the other arm: the stage leaves the value for review, and so does the score.
    ruled = [{"a": ({"arm_in_clause": 1.0}, True), "b": ({"rule_this": 1.0}, False)}]
    assert tr.score(spec, ruled) == [(0.0, False)]


def test_placed_cues_siblings_and_the_arm_left():
    keys = ["cell group", "control group"]
    placed = [{"kind": "events", "events": 12, "total": 20, "arm": "cell group"}]
    left = unplaced_model.placed_cues(_st(events=7, total=20), "control group", keys, placed)
    assert left == {"sibling_on_other": 1.0, "sibling_arm_left": 1.0}
    taken = unplaced_model.placed_cues(_st(events=7, total=20), "cell group", keys, placed)
    assert taken == {"sibling_on_arm": 1.0}
    # A value of another kind is no sibling; with three arms, one placed leaves two.
    assert unplaced_model.placed_cues(_st(kind="mean", mean=3.0), "control group", keys, placed) == {}
    three = unplaced_model.placed_cues(_st(events=7, total=20), "control group", [*keys, "other"], placed)
    assert three == {"sibling_on_other": 1.0}


def test_placed_cues_restatements():
    placed = [{"kind": "events", "events": 24, "total": 30, "arm": "cell group"}]
    pct = {"kind": "percent", "percent": 80.0, "target": "unattributed", "evidence": {"start": 9, "end": 14}}
    on = unplaced_model.placed_cues(pct, "cell group", ["cell group", "control group"], placed)
    assert on["restates_placed"] == on["restates_placed_on_arm"] == 1.0
    other = unplaced_model.placed_cues(pct, "control group", ["cell group", "control group"], placed)
    assert other["restates_placed"] == 1.0 and "restates_placed_on_arm" not in other
    earlier = [{"kind": "events", "events": 15, "total": 30, "arm": None}]
    half = {**pct, "percent": 50.0}
    assert unplaced_model.placed_cues(half, "cell group", ["cell group"], [], earlier) == {"restates_earlier": 1.0}
    assert unplaced_model.placed_cues({**pct, "percent": 51.0}, "cell group", ["cell group"], [], earlier) == {}


def test_arm_cues_total_beyond_the_arm_size():
    f = unplaced_model.arm_cues(_st(events=15, total=40), ARMS[0], ARMS, {}, None, {})
    assert f["total_exceeds_arm_n"] == 1.0
    assert "total_exceeds_arm_n" not in unplaced_model.arm_cues(_st(), ARMS[0], ARMS, {}, None, {})


def test_clause_cues_pooled_words_elsewhere_in_the_sentence():
    text = "In all cell-treated patients (groups I and II combined), TcPO2 rose from 16.8 to 27.4 mmHg."
    own = stages.clause_cues(text, (0, len(text)), (0, len(text)), [])
    assert own["clause_pooled"] == 1.0 and "sentence_pooled" not in own
    late = stages.clause_cues(text, (text.index("TcPO2"), len(text)), (0, len(text)), [])
    assert late["sentence_pooled"] == 1.0 and "clause_pooled" not in late


def test_trainer_weighs_the_placed_values_rows(monkeypatch):
    from stemfoot.tools import train_unplaced_model as tr

    seen = {}
    monkeypatch.setattr(tr, "fit_logistic", lambda rows, **kw: seen.update(rows=rows, **kw) or {})
    left = [{"a": ({"x": 1.0}, True), "b": ({}, False)}]
    placed = [{"a": ({"x": 1.0}, True), "b": ({}, False)}] * 4
    tr.fit(left, (), placed)
    assert len(seen["rows"]) == 10
    assert seen["weights"][:2] == [1.0, 1.0] and seen["weights"][2:] == [tr.PLACED_WEIGHT * 2 / 8] * 8
    tr.fit(left)
    assert seen["weights"] == [1.0, 1.0]
