"""Learned place ranker: which place answers an outcome-data query.

``outcome_query.answer_query`` groups an article's records into places (a table's outcome label and time
point, or a sentence), scores each by hand (outcome similarity x arm similarity, times penalties and
bonuses) and answers from the top one. This module re-ranks the scored places with a small logistic
model: per place, the hand score and its parts (outcome, arm and learned-matcher similarities), the cues
the hand score multiplies in (baseline time point, pre-treatment heading, baseline caption, query time
named or contradicted, mixed record kinds), where the place sits (table or prose, section, its
rank among the time points of its block), whether its type (binary / continuous) is the one the query's
wording asks for, and each score's distance to the query's best place. The top place answers when its
probability reaches the model's ``floor`` (null beats a guess).

Trained by ``tools/train_place_rank.py`` on the places ``benchmarks/place_rank_features.py`` collects from
the full-text dev golds (both forms); a place is positive when its arms' records hold the gold values. The
model ships as JSON (``models/place_rank/model.json``) and is evaluated in pure Python; without it the hand
score stands.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from stemfoot.extract.logistic import sparse_logistic
from stemfoot.extract.pattern_data import load_patterns

MODEL_PATH = Path(__file__).parent / "models" / "place_rank" / "model.json"
_RX = load_patterns("place_rank")
#: A table row answers instead of the chosen sentence only at this share of the sentence's hand score or more.
ROW_OVER_PROSE = 0.6

#: While collecting (``collecting()``), one line per answered query: its places with features and values.
_COLLECT: list[dict] | None = None
#: A model the trainer sets for its held-out runs (``using()``); False: the hand score alone.
_OVERRIDE: dict | None | bool = None


@contextmanager
def collecting() -> Iterator[list[dict]]:
    """Gather every query's places (features, the records' values) for training."""
    global _COLLECT
    prev, _COLLECT = _COLLECT, []
    try:
        yield _COLLECT
    finally:
        _COLLECT = prev


@contextmanager
def using(model: dict | None) -> Iterator[None]:
    """Answer with ``model`` (None: the hand score alone) instead of the shipped one."""
    global _OVERRIDE
    prev, _OVERRIDE = _OVERRIDE, (model if model is not None else False)
    try:
        yield
    finally:
        _OVERRIDE = prev


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> dict | None:
    """The shipped ranker (None when absent: the hand score stands)."""
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        return None
    return json.loads(p.read_text("utf-8"))


def active_model() -> dict | None:
    """The model in use: the trainer's override, else the shipped one (None: hand score)."""
    if _OVERRIDE is False:
        return None
    return _OVERRIDE if isinstance(_OVERRIDE, dict) else load_model()


def query_type(outcome: str) -> str | None:
    """The kind of number the query's wording asks for: "binary", "continuous", or None (both or neither)."""
    b, c = bool(_RX.BINARY_QUERY.search(outcome or "")), bool(_RX.CONTINUOUS_QUERY.search(outcome or ""))
    return "binary" if b and not c else "continuous" if c and not b else None


def _in_table(rec: dict) -> bool:
    ev = rec.get("evidence") or {}
    return ev.get("table") is not None or ev.get("source") == "table"


def _kinds(rec: dict) -> set[str]:
    return {k for k in ("events", "percent", "mean", "sd", "se", "median") if rec.get(k) is not None}


def features(q_out: str, places: list[dict]) -> list[dict[str, float]]:
    """One feature dict per scored place (``answer_query``'s trace steps that carry a ``score``)."""
    from stemfoot.extract.outcome_query import _RX as OQ, pre_heading, time_mentions

    if not places:
        return []
    q_time = time_mentions(q_out)
    want = query_type(q_out)
    pre_query = bool(OQ.PRE_QUERY.search(q_out or ""))
    top_score = max(p["score"] for p in places)
    top_osim = max(p["o_sim"] for p in places)
    learned = [p["learned"] for p in places if p.get("learned") is not None]
    top_learned = max(learned) if learned else 0.0
    by_score = sorted(range(len(places)), key=lambda i: -places[i]["score"])
    rank = {i: r for r, i in enumerate(by_score)}
    types = [p["key"][3] for p in places]
    out = []
    for i, p in enumerate(places):
        key, i_rec, c_rec = p["key"], p["i_rec"], p["c_rec"]
        label, tp = key[1] or "", key[2] or ""
        ev = i_rec.get("evidence") or {}
        table = _in_table(i_rec)
        section = str(ev.get("section") or ev.get("source") or "").lower()
        caption = str(ev.get("caption") or "")
        place_time = time_mentions(f"{tp} {label}")
        brank = p.get("block", (0, 0))[1]
        learned_p = p.get("learned")
        kinds_i, kinds_c = _kinds(i_rec), _kinds(c_rec)
        f = {
            "hand": min(p["score"], 1.5), "o_sim": p["o_sim"], "i_sim": p["i_sim"], "c_sim": p["c_sim"],
            "arm_min": min(p["i_sim"], p["c_sim"]), "hand_gap": top_score - p["score"],
            "o_sim_gap": top_osim - p["o_sim"], "hand_top": float(rank[i] == 0), "hand_rank": min(rank[i], 5) / 5,
            "table": float(table), "pair": float(bool(i_rec.get("_pair"))), "lead": float(bool(i_rec.get("_lead"))),
            "tp_baseline": float(bool(tp and OQ.BASELINE.search(tp))),
            "pre_heading": float(pre_heading(label, tp) or bool(p.get("bare") and OQ.PRE_TIME.search(label))),
            "pre_query": float(pre_query),
            "baseline_caption": float(bool(OQ.BASELINE_TABLE.search(caption))),
            "caption_outcome": float(bool(p.get("bare"))),
            "time_match": float(bool(q_time and q_time & place_time)),
            "time_other": float(bool(q_time and place_time and not q_time & place_time)),
            "time_none_query": float(bool(not q_time and place_time)),
            "has_tp": float(bool(tp)), "block_rank": min(brank, 4) / 4, "block_first": float(brank == 0),
            "mixed_kinds": float(i_rec["kind"] != c_rec["kind"]),
            "percent_only": float(i_rec["kind"] == "percent" and c_rec["kind"] == "percent"),
            "binary": float(key[3] == "binary"),
            "type_agree": float(want is not None and want == key[3]),
            "type_disagree": float(want is not None and want != key[3]),
            "type_share": types.count(key[3]) / len(types),
            "spread": float(bool({"sd", "se"} & kinds_i and {"sd", "se"} & kinds_c)),
            "n_arms": min(len({r["arm"] for r in p["recs"]}), 4) / 4, "third_arm": float(len({r["arm"] for r in p["recs"]}) > 2),
            "log_places": math.log1p(len(places)) / 4,
        }
        if section.startswith("abstract") and not table:
            f["sec_abstract"] = 1.0
        elif not table:
            f["sec_body"] = 1.0
        if learned_p is not None:
            f["learned_table" if table else "learned_prose"] = learned_p
            f["learned_gap"] = top_learned - learned_p
        out.append(f)
    return out


def rerank(q_out: str, places: list[dict], best: tuple | None, min_confidence: float,
           query: dict | None = None) -> tuple[tuple | None, float]:
    """The place to answer from, ``(hand score, i_rec, c_rec, key)``, and the hand score it needs to answer.

    Without a model in use: ``(best, min_confidence)`` as the hand score gave them. Else the place of highest
    probability among those whose hand score reaches the model's ``hand_floor`` (the hand score's own place
    unless another beats it by the model's ``margin``), and ``min_confidence`` when its probability reaches the
    model's ``floor``, else infinity (no values: null beats a guess)."""
    model = active_model()
    if _COLLECT is None and (model is None or not model.get("use", True)):
        return best, min_confidence
    feats = features(q_out, places)
    probs = [sparse_logistic(_weights(model), model["intercept"], f) for f in feats] if model else [None] * len(feats)
    if _COLLECT is not None:
        hand = None if best is None else next((k for k, p in enumerate(places) if p["key"] == best[3]), None)
        _COLLECT.append({"id": (query or {}).get("id"), "study": (query or {}).get("study"), "hand": hand,
                         "hand_ok": best is not None and best[0] >= min_confidence,
                         "places": [{"f": f, "type": p["key"][3], "i": _values(p["i_rec"]), "c": _values(p["c_rec"]),
                                     "i_n": _size(p["i_rec"]), "c_n": _size(p["c_rec"])}
                                    for f, p in zip(feats, places)]})
    if model is None or not model.get("use", True):
        return best, min_confidence
    ok = [k for k, p in enumerate(places) if p["score"] >= model.get("hand_floor", 0.0)]
    if not ok:
        return best, math.inf  # no place the hand score weighs enough: no values
    k = max(ok, key=lambda j: (probs[j], places[j]["score"]))
    hand = None if best is None or best[0] < min_confidence else next(
        (j for j, p in enumerate(places) if p["key"] == best[3]), None)
    if hand is not None and hand in ok and probs[k] - probs[hand] < model.get("margin", 0.0):
        k = hand  # another place must beat the hand score's own by a margin
    chosen = (places[k]["score"], places[k]["i_rec"], places[k]["c_rec"], places[k]["key"])
    # The answer's confidence stays the place's hand score; under the ranker's floor it answers no values.
    return chosen, (min_confidence if probs[k] >= model["floor"] else math.inf)


def table_over_prose(places: list[dict], best: tuple | None, min_confidence: float) -> tuple | None:
    """The place to answer from when the chosen one is a sentence: a table row of the same type whose label
    matches the outcome at least as well (``o_sim``), at the sentence's time point, and whose arms' values differ,
    if any (the best by hand score among them, and only one the hand score weighs at ``min_confidence`` and at
    ``ROW_OVER_PROSE`` of the sentence's score), else ``best`` unchanged.

    A table gives each arm its own cell of the outcome's row; a sentence's numbers are attributed to the arms
    and the outcome by its wording, and often belong to a neighbouring measure ("side effects" in general for
    a query on grade 2 side effects, which Table 5's "Grade 2" row gives). On the tuned golds (both forms, the
    hand score's prose choices with such a row) the row held the gold values 9 times, the sentence 2 times."""
    if best is None:
        return best
    chosen = next((p for p in places if p["key"] == best[3]), None)
    if chosen is None or _in_table(chosen["i_rec"]):
        return best
    own = (_values(chosen["i_rec"]), _values(chosen["c_rec"]))
    # The row at the sentence's own time point, and one the hand score weighs nearly as much: a row it marked
    # down (a baseline column or table, a subgroup, another time) does not replace a sentence.
    rows = [p for p in places if _in_table(p["i_rec"]) and p["key"][3] == chosen["key"][3]
            and p["key"][2] == chosen["key"][2] and p["o_sim"] >= chosen["o_sim"]
            and p["score"] >= max(min_confidence, ROW_OVER_PROSE * chosen["score"])
            and (_values(p["i_rec"]), _values(p["c_rec"])) != own]
    if not rows:
        return best
    row = max(rows, key=lambda p: p["score"])
    return row["score"], row["i_rec"], row["c_rec"], row["key"]


def fuller_row(places: list[dict], best: tuple | None, min_confidence: float) -> tuple | None:
    """The table row to answer from when the chosen place is a sentence of bare means ("HAM-D scores at week 8 were
    11.6 and 14.8") and a scored row of the same type states both arms' same means with their spread ("Week 8 |
    11.6 (5.9) | 14.8 (6.3)"): the same numbers, and the SDs the sentence leaves out. Only a row the hand score
    weighs at ``min_confidence``, and only when one such row holds both means (the best by score), else ``best``.
    Second read (mendft44): not for two whole means, which another outcome's row may state by chance."""
    if best is None:
        return best
    chosen = next((p for p in places if p["key"] == best[3]), None)
    if chosen is None or _in_table(chosen["i_rec"]) or chosen["key"][3] != "continuous":
        return best
    own = [(r.get("mean"), r.get("sd"), r.get("se")) for r in (chosen["i_rec"], chosen["c_rec"])]
    if any(m is None or sd is not None or se is not None for m, sd, se in own):
        return best
    if all(float(m).is_integer() for m, _, _ in own):
        return best  # whole means ("2 and 3 visits") recur by chance in another outcome's row; decimals do not
    rows = [p for p in places if _in_table(p["i_rec"]) and p["key"][3] == "continuous" and p["score"] >= min_confidence
            and [p["i_rec"].get("mean"), p["c_rec"].get("mean")] == [m for m, _, _ in own]
            and all(r.get("sd") is not None or r.get("se") is not None for r in (p["i_rec"], p["c_rec"]))]
    if not rows:
        return best
    row = max(rows, key=lambda p: p["score"])
    return row["score"], row["i_rec"], row["c_rec"], row["key"]


def section_heading(label: str | None) -> bool:
    """A table row label that is only a section heading ("Primary Outcomes", "Secondary end points"): the values
    beside it are the row's other label cell's ("Survived with severe morbidity"), never an outcome's own place."""
    return bool(_RX.SECTION_HEADING.match((label or "").split(" / ")[-1]))


def _arm_values(recs: list[dict], arm: str) -> list[dict]:
    return [_values(r) for r in recs if r.get("arm") == arm]


def series_row(places: list[dict], best: tuple | None, min_confidence: float) -> tuple | None:
    """A table row to answer from when the chosen place is a sentence that gives each arm several values of one
    kind ("operation time and suturing time were 60.15 ± 9.97 and 18.05 ± 4.71 min in the study group ..."),
    which the series guard leaves unanswered: the row of the same type whose two arms' values are one of the
    sentence's value pairs (the row's label says which measure the pair is). None when no row holds a pair, or when
    two such rows match the outcome equally well (the label does not tell them apart; null beats a guess), or the
    row's hand score is under ``min_confidence`` or ``ROW_OVER_PROSE`` of the sentence's."""
    if best is None:
        return None
    chosen = next((p for p in places if p["key"] == best[3]), None)
    if chosen is None or _in_table(chosen["i_rec"]):
        return None
    i_vals = _arm_values(chosen["recs"], chosen["i_rec"]["arm"])
    c_vals = _arm_values(chosen["recs"], chosen["c_rec"]["arm"])
    rows = [p for p in places if _in_table(p["i_rec"]) and p["key"][3] == chosen["key"][3]
            and stated_in(_values(p["i_rec"]), i_vals) and stated_in(_values(p["c_rec"]), c_vals)]
    if not rows:
        return None
    rows.sort(key=lambda p: -p["score"])
    row = rows[0]
    rivals = [p for p in rows[1:] if (_values(p["i_rec"]), _values(p["c_rec"])) != (_values(row["i_rec"]),
                                                                                     _values(row["c_rec"]))]
    if rivals and rivals[0]["o_sim"] >= row["o_sim"]:
        return None
    if row["score"] < max(min_confidence, ROW_OVER_PROSE * chosen["score"]):
        return None
    return row["score"], row["i_rec"], row["c_rec"], row["key"]


def stated_in(row: dict, said: list[dict]) -> bool:
    """Whether a row's values are one of a sentence's: equal on every number both state, the percentage aside (a
    cell's "19 (30.2)" beside a sentence's bare "19 patients"; ft_dev_gold61 report) unless it is all they give,
    and on one at least."""
    row = {k: v for k, v in row.items() if k != "percent"} or row
    return any(shared and all(row[k] == v[k] for k in shared)
               for v in said for shared in [[k for k in row if k in v]])


def _values(rec: dict) -> dict:
    return {k: rec.get(k) for k in ("events", "percent", "mean", "sd", "se") if rec.get(k) is not None}


def _size(rec: dict) -> int | None:
    from stemfoot.extract.outcome_query import record_size

    return record_size(rec)


_WEIGHTS: dict[int, tuple[dict, dict[str, float]]] = {}


def _weights(model: dict) -> dict[str, float]:
    """The model's feature -> weight map, built once per model."""
    hit = _WEIGHTS.get(id(model))
    if hit is None or hit[0] is not model:
        if len(_WEIGHTS) >= 64:
            _WEIGHTS.clear()
        hit = _WEIGHTS[id(model)] = (model, dict(zip(model["features"], model["coef"])))
    return hit[1]


def probability(model: dict, f: dict[str, float]) -> float:
    """P(this place holds the query's values for both arms) under a logistic spec."""
    return sparse_logistic(_weights(model), model["intercept"], f)
