"""Learned placement of values every earlier reading left unattributed (issue 11, round 16).

After the rules, the attribution model and the late readings (``stages.late_placements``) a value may still have
no arm: no rule gave one, or the rules and the model disagree. This stage scores each such value against each arm
with a small logistic model over the cues those readings use, as features rather than the final word: the
attribution model's pair cues (distance and direction to the arm's mentions, clause breaks, list order,
"respectively"), its value probability and arm share, the arm the rules read, whether the arm is named in the
value's clause, its sentence or the one before, the value's place among the values of its kind, the arm's role
and where the inventory found it, the flags the stages set, and what the earlier readings did with the
sentence's other values (one of its kind on this arm or on the others, one it restates). The best arm is taken
when its lead over the next arm reaches the model's threshold (flag ``arm_by_unplaced_model``, a feature of the
export gate, which still decides what is exported); otherwise the value stays unattributed.

Trained on the arm-level dev golds by ``tools/train_unplaced_model.py`` (on the values left over and, weighed
down, the values the earlier readings placed; threshold by leave-one-set-out); ships as JSON and runs in pure
Python (``logistic.LogisticModel``). With no model file the stage is off.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from stemfoot.extract.arm_inventory import Arm
from stemfoot.extract.attribution import Doc, pair_features
from stemfoot.extract.candidates import Candidate
from stemfoot.extract.export_gate import FLAG_FEATURES
from stemfoot.extract.logistic import LogisticModel
from stemfoot.extract.stage_switch import StageSwitch

MODEL_PATH = Path(__file__).parent / "models" / "unplaced_model" / "model.json"
#: Off: no placement. Collecting: no placement, each candidate value keeps its per-arm features in ``FEATURES_KEY``.
SWITCH = StageSwitch()
FEATURES_KEY = "_unplaced_features"
#: Collecting: each value the earlier readings placed on an arm keeps its per-arm features here (training rows).
PLACED_KEY = "_placed_features"
FLAG = "arm_by_unplaced_model"
#: Values no arm should take whatever their cues: planned figures, disposition counts (who was randomised, treated,
#: lost), a factorial trial's pooled sides.
BARRED = frozenset({"cited_result", "planned_value", "disposition_count", "pooled_side"})


def _kind_group(kind: str) -> str:
    """Kinds counted as one in a list of values (a mean with or without its SD)."""
    return "mean" if kind in ("mean", "mean_sd") else kind


def value_cues(st: dict, share: dict[str, float], p_value: float, n_kind: int, k_kind: int,
               n_arms: int) -> dict[str, float]:
    """Arm-independent cues of one unattributed value: the attribution model's confidence, the stage flags, its
    place among the values of its kind in its sentence against the number of arms."""
    f: dict[str, float] = {"p_value": round(p_value, 4), "best_share": round(max(share.values(), default=0.0), 4)}
    flags = set(st.get("flags") or ())
    # The stage flags the export gate weighs (those set after this stage are simply absent here).
    for name in FLAG_FEATURES:
        if name in flags:
            f[f"flag={name}"] = 1.0
    f["kind_vs_arms=" + ("one" if n_kind == 1 else "equal" if n_kind == n_arms else
                         "multiple" if n_kind % n_arms == 0 else "fewer" if n_kind < n_arms else "other")] = 1.0
    if n_kind > 1:
        f["kind_first" if k_kind == 0 else "kind_last" if k_kind == n_kind - 1 else "kind_middle"] = 1.0
    if st.get("outcome") is None:
        f["no_outcome"] = 1.0
    if st.get("kind") == "events" and st.get("total") is None:
        f["events_no_total"] = 1.0
    return f


def arm_cues(st: dict, arm: dict, arms: list[dict], share: dict[str, float], rule_arm: str | None,
             mentioned: dict[str, set[str]]) -> dict[str, float]:
    """Cues tying the value to one arm beyond the attribution model's pair cues: its share and rank, whether the
    rules read this arm or another, where the arm is named (``mentioned``: arm keys named in the value's
    ``clause``, ``sentence`` and ``previous`` sentence), where the inventory found it, and whether the value's
    denominator is this arm's size or another's."""
    key = arm["label"]
    f: dict[str, float] = {"share": round(share.get(key, 0.0), 4)}
    best = max(share, key=share.get) if share else None
    f["model_best" if key == best else "model_not_best"] = 1.0
    if rule_arm is not None:
        f["rule_this" if rule_arm == key else "rule_other"] = 1.0
    for where in ("clause", "sentence", "previous"):
        names = mentioned.get(where, set())
        if key in names:
            f[f"arm_in_{where}"] = 1.0
            if len(names) == 1:
                f[f"arm_only_in_{where}"] = 1.0
        elif names:
            f[f"other_in_{where}"] = 1.0
    f[f"arm_source={arm.get('source') or 'rules'}"] = 1.0
    own = {n for n in (arm.get("n_patients"), arm.get("n_limbs")) if n}
    total = st.get("total")
    if total and total in own:
        f["total_is_arm_n"] = 1.0
    elif total and any(total in {a.get("n_patients"), a.get("n_limbs")} for a in arms if a is not arm):
        f["total_is_other_arm_n"] = 1.0
    if own and st.get("events") is not None and st["events"] > max(own):
        f["events_exceed_arm_n"] = 1.0
    if own and total and total > max(own):
        # "15/40 without SVF" where each arm has 20: a pooled or whole-sample count.
        f["total_exceeds_arm_n"] = 1.0
    return f


def _figures(st: dict) -> set[tuple[str, float]]:
    """The figures a value states, as a restatement repeats them: its percent (a count's, over its total, too),
    its mean or median."""
    out = {(key, round(float(st[key]), 1)) for key in ("percent", "mean", "median") if st.get(key) is not None}
    if st.get("events") is not None and st.get("total"):
        out.add(("percent", round(100.0 * st["events"] / st["total"], 1)))
    return out


def placed_cues(st: dict, key: str, keys: list[str], placed: list[dict], earlier: list[dict] = ()) -> dict[str, float]:
    """Cues from the values of the same sentence the earlier readings placed on an arm (``placed``): whether one
    of the value's kind sits on this arm or another, whether this arm is the one left once the others took one
    ("A: 12/20 vs 7/20" with the first placed), and whether the value restates a placed value or one stated
    before it (``earlier``): "24/30 (80.0%)", the percent is the count's, a second copy of one result."""
    f: dict[str, float] = {}
    same = {p["arm"] for p in placed if _kind_group(p["kind"]) == _kind_group(st["kind"])}
    if key in same:
        f["sibling_on_arm"] = 1.0
    elif same:
        f["sibling_on_other"] = 1.0
        if same >= set(keys) - {key}:
            f["sibling_arm_left"] = 1.0
    figures = _figures(st)
    if figures and any(figures & _figures(p) for p in placed):
        f["restates_placed"] = 1.0
        if any(figures & _figures(p) for p in placed if p["arm"] == key):
            f["restates_placed_on_arm"] = 1.0
    if figures and any(figures & _figures(p) for p in earlier):
        f["restates_earlier"] = 1.0
    return f


def pair_rows(doc: Doc, st: dict, c: Candidate, inventory: list[Arm], base_arms: list[dict],
              share: dict[str, float], p_value: float, rule_arm: str | None, clause: tuple[int, int],
              base: dict[str, float], placed: list[dict] = (), earlier: list[dict] = ()) -> dict[str, dict[str, float]]:
    """Every arm's features for one unattributed value (arm label -> features); ``placed``: the values of its
    sentence already on an arm before this stage; ``earlier``: the values its sentence states before it."""
    si = doc.sent_index(c.start)
    mentioned = {"clause": {m.arm for m in doc.mentions_by_sent.get(si, []) if clause[0] <= m.start < clause[1]},
                 "sentence": {m.arm for m in doc.mentions_by_sent.get(si, [])},
                 "previous": {m.arm for m in doc.mentions_by_sent.get(si - 1, [])}}
    same = [x for x in doc.cands_by_sent.get(si, []) if _kind_group(x.kind) == _kind_group(c.kind)]
    k = next((i for i, x in enumerate(same) if x is c), 0)
    own = value_cues(st, share, p_value, len(same), k, len(base_arms))
    by_key = {a.key: a for a in inventory}
    # The order the previous sentence named the arms in (a list of values may follow it).
    before = list(dict.fromkeys(m.arm for m in doc.mentions_by_sent.get(si - 1, [])))
    rows = {}
    for i, arm in enumerate(base_arms):
        inv = by_key.get(arm["label"])
        if inv is None:
            continue
        f = pair_features(doc, c, inv, base)
        f.update(own)
        f.update(arm_cues(st, arm, base_arms, share, rule_arm, mentioned))
        f.update(placed_cues(st, arm["label"], [a["label"] for a in base_arms], placed, earlier))
        if len(same) >= 2 and len(same) % len(base_arms) == 0:
            # The k-th of as many values (or a multiple) as arms against the k-th arm of the inventory.
            f["inventory_order_match" if k % len(base_arms) == i else "inventory_order_mismatch"] = 1.0
        if len(same) >= 2 and len(before) == len(base_arms) and arm["label"] in before:
            f["previous_order_match" if k % len(before) == before.index(arm["label"]) else
              "previous_order_mismatch"] = 1.0
        rows[arm["label"]] = f
    return rows


class PlacementModel(LogisticModel):
    """P(the value is this arm's) of one value-arm pair's features, and the lead its best arm needs."""


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> PlacementModel | None:
    """The shipped model (None when no model file is there: then the stage is off)."""
    p = Path(path) if path else MODEL_PATH
    return PlacementModel(json.loads(p.read_text(encoding="utf-8"))) if p.exists() else None


def margin(scores: dict[str, float]) -> tuple[str | None, float]:
    """The best-scored arm and its lead over the next (its P when it is the only arm); no arm on a tie."""
    if not scores:
        return None, 0.0
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    lead = ranked[0][1] - (ranked[1][1] if len(ranked) > 1 else 0.0)
    return (ranked[0][0], lead) if lead > 0 else (None, 0.0)


def choose(scores: dict[str, float], threshold: float) -> str | None:
    """The arm to place a value on: the best-scored arm when its lead over the next reaches the threshold (a
    lead, not a P: pairs are scored one by one, and a value that fits two arms alike has no arm; on the 18 dev
    golds held out, the top of the lead ranks right more often than the top of P)."""
    arm, lead = margin(scores)
    return arm if arm is not None and lead >= threshold else None


def place(st: dict, rows: dict[str, dict[str, float]], roles: dict[str, str | None],
          model: PlacementModel | None = None, rule_arm: str | None = None) -> str | None:
    """Score one value's arms and place it on the chosen one (in place; ``attribution.placed_p`` keeps the P);
    when collecting, only keep the rows. Returns the arm placed on. A value whose rules named an arm is placed
    on that arm or on none: where the rules and the attribution model disagree the value is left for review,
    never put on an arm the rules did not name."""
    if SWITCH.collect is not None:
        st[FEATURES_KEY] = rows
        return None
    if not SWITCH.enabled:
        return None
    model = model if model is not None else load_model()
    if model is None or not rows:
        return None
    scores = {arm: model.predict(f) for arm, f in rows.items()}
    arm = choose(scores, model.threshold)
    if arm is None or (rule_arm is not None and arm != rule_arm):
        return None
    st["target"], st["arm"], st["arm_role"] = "arm", arm, roles.get(arm)
    st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + [FLAG]
    st.setdefault("attribution", {})["placed_p"] = round(scores[arm], 3)
    st["attribution"]["placed_lead"] = round(margin(scores)[1], 3)
    return arm


def eligible(st: dict) -> bool:
    """A value this stage may place: left unattributed, no flag that bars any arm."""
    return st.get("target") == "unattributed" and not BARRED & set(st.get("flags") or ())
