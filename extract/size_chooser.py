"""Learned group-size chooser: which candidate n (if any) is an arm's group size for an outcome-data answer.

``outcome_query.answer_query`` finds sizes by rules (the answered record's own n, table headers, the
text's arms, allocation / flow / analysed sentences; ``group_sizes.refine_sizes``). Rules read from one
gold's sentences did not transfer to the next, so this module gathers every candidate n each source
gives for a query arm and lets a small logistic model, trained on the full-text dev golds, score each
one (``tools/train_group_sizes.py``). The best candidate is the answer when its probability reaches the
model's threshold; below it the size is null (null beats a guess).

Features of a candidate (side, n): which sources give it (``SOURCES``), how many, whether the rules
chose it and how sure they were, whether an answered percent agrees with events / n, whether events
exceed n, whether n plus an n of the other arm is a count the text states (a total), whether the other
arm has the same candidate, how often the text states n as a count of people, its rank among the
side's candidates, and what kind of answer it belongs to (binary / continuous / sizes only, a
before/after comparison). The model ships as JSON (``models/group_sizes/model.json``) and is evaluated
in pure Python.
"""
from __future__ import annotations

import json
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from stemfoot.extract import analysed_counts as ac
from stemfoot.extract import group_sizes as gs
from stemfoot.extract import outcome_query as oq
from stemfoot.extract.logistic import sparse_logistic

MODEL_PATH = Path(__file__).parent / "models" / "group_sizes" / "model.json"

#: Where a candidate n comes from (one flag each).
SOURCES = ("rule", "record", "pct_implied", "name", "alloc", "text_pair", "text_any", "respectively", "each",
           "analysed", "flow", "statement", "table_any", "table_row", "table_header", "table_same", "bracket", "crossover", "single", "other_rule",
           "pct_pair", "place", "arm_analysed")

_COLLECTED: list[dict] | None = None


@contextmanager
def collecting() -> Iterator[list[dict]]:
    """Record every query's candidates and features (for the trainer) while answering queries; the answers
    keep the rules' sizes meanwhile (what the model is trained to correct)."""
    global _COLLECTED
    old, _COLLECTED = _COLLECTED, []
    try:
        yield _COLLECTED
    finally:
        _COLLECTED = old


@dataclass
class SizeContext:
    """What ``answer_query`` knows when it settles the sizes of one answer."""

    q_out: str
    q_int: str
    q_cmp: str
    text: str
    abstract: str
    table_sizes: list[tuple[str, int, str]]
    sizes: list[tuple[str, int]]
    rule: dict[str, int | None]
    rule_conf: dict[str, float]
    records: dict[str, dict | None] = field(default_factory=dict)
    outcome_type: str | None = None
    within: bool = False
    #: Both arms' sizes the outcome's own results row states when no numbers are answered
    #: (``group_sizes.place_sizes``): side -> n.
    place: dict[str, int] | None = None


@lru_cache(maxsize=16)
def _text_counts(text: str) -> dict[int, int]:
    """How often the text states each number as a count of people ("49 patients", "n = 49")."""
    out: dict[int, int] = {}
    for m in gs.COUNT.finditer(text or ""):
        n = int(m.group(1) or m.group(2))
        out[n] = out.get(n, 0) + 1
    return out


def _add(cands: dict[int, set[str]], n: object, source: str) -> None:
    if n is None:
        return
    try:
        n = int(n)
    except (TypeError, ValueError):
        return
    if 1 < n < 1_000_000:
        cands.setdefault(n, set()).add(source)


def _decimals(pct: float) -> int:
    """How many decimals a stated percent has (9.0 and 9 alike: 0; at most 2)."""
    txt = repr(float(pct))
    return 0 if txt.endswith(".0") else min(len(txt.split(".")[1]), 2)


def pct_exact(events: float, pct: float, n: int) -> bool:
    """Whether ``events`` of ``n`` is the stated percent at the precision it is stated with (rounded or
    truncated): 7 of 78 is "8.97%", 7 of 74 is not."""
    d = _decimals(pct)
    got = 100.0 * float(events) / n
    return round(got, d) == round(float(pct), d) or math.floor(got * 10 ** d + 1e-9) / 10 ** d == round(float(pct), d)


def pct_unique(events: object, pct: object) -> int | None:
    """The one n that gives ``events`` as the stated percent at its precision (None when none or several do:
    "6 (30%)" -> 20; "45 (33%)" -> None, 135 and 136 both give 33%). Articles round far more often than they
    truncate: one n that rounds to the percent wins over others that only truncate to it ("6 (20)" is of 30, not
    of 29, whose 20.7% truncates to 20); truncation decides only when no n rounds to it."""
    if events is None or not pct or float(pct) <= 0 or float(events) <= 0:
        return None
    near = round(100.0 * float(events) / float(pct))
    hits = [n for n in range(max(2, near - 5), near + 6) if n >= float(events) and pct_exact(float(events), float(pct), n)]
    d = _decimals(float(pct))
    rounded = [n for n in hits if round(100.0 * float(events) / n, d) == round(float(pct), d)]
    hits = rounded or hits
    return hits[0] if len(hits) == 1 else None


def candidates(ctx: SizeContext) -> dict[str, dict[int, set[str]]]:
    """Every candidate n per query side, with the sources that give it."""
    text = ctx.text or ""
    out: dict[str, dict[int, set[str]]] = {"intervention": {}, "comparator": {}}
    arms = {"intervention": ctx.q_int, "comparator": ctx.q_cmp}
    for side, other in (("intervention", "comparator"), ("comparator", "intervention")):
        c = out[side]
        _add(c, ctx.rule.get(side), "rule")
        _add(c, ctx.rule.get(other), "other_rule")
        rec = ctx.records.get(side)
        if rec:
            _add(c, oq.record_size(rec), "record")
            ev, pct = rec.get("events"), rec.get("percent")
            if ev is not None and pct:
                _add(c, round(100.0 * float(ev) / float(pct)), "pct_implied")
        _add(c, oq.best_size(arms[side], side, ctx.sizes, arms[other])[0], "name")
        if text:
            _add(c, oq.text_size(text, arms[side]), "text_pair")
            for n in set(oq.text_arm_sizes(text, arms[side])):
                _add(c, n, "text_any")
        rec_table = str(((rec or {}).get("evidence") or {}).get("table") or "")
        for label, n, where in ctx.table_sizes or []:
            if gs.label_side(label, ctx.q_int, ctx.q_cmp) == side:
                _add(c, n, "table_any")
                _add(c, n, "table_row" if " row" in where else "table_header")
                if rec_table and re.match(rf"{re.escape(rec_table)} (?:header|row)", where):
                    _add(c, n, "table_same")  # the table the answer's values come from
        if text:
            _add(c, gs.bracket_size(text, arms[side], arms[other]), "bracket")
            # the arm's number analysed, stated for it alone ("the 28 patients available for follow-up in the ... group")
            _add(c, ac.arm_analysed(text, ctx.q_int, ctx.q_cmp)[side], "arm_analysed")
    pairs = {}
    if text:
        alloc = oq.allocation_sizes(text, ctx.q_int, ctx.q_cmp)
        pairs["alloc"] = alloc[:2] if alloc else (ac.randomised_pair(text, ctx.q_int, ctx.q_cmp)
                                                  or gs.listed_pair(text, ctx.q_int, ctx.q_cmp))
        pairs["respectively"] = oq.respectively_sizes(text, ctx.q_int, ctx.q_cmp)
        # the "each" feature as the shipped model learned it: without the bracketed-n rule, whose size is the
        # allocation's (already "alloc") and would count one sentence twice (an analysed n it overrode: 31 over 27)
        each = oq.each_group_size(text, listed=False) or oq.equal_groups_size(text) or ac.groups_of_size(text)
        pairs["each"] = (each, each) if each else None
        pairs["analysed"] = gs.analysed_sizes(text, ctx.q_out, ctx.q_int, ctx.q_cmp)
        pairs["flow"] = gs.flow_sizes(text, ctx.q_int, ctx.q_cmp)
        cross = oq.crossover_size(text)
        pairs["crossover"] = (cross, cross) if cross else None
    # Both arms' counts stated with percents that each fix one n: the pair the outcome's own numbers imply.
    implied = [pct_unique((ctx.records.get(s) or {}).get("events"), (ctx.records.get(s) or {}).get("percent"))
               for s in ("intervention", "comparator")]
    events = [(ctx.records.get(s) or {}).get("events") for s in ("intervention", "comparator")]
    whole = all(implied) and implied[0] == implied[1] and sum(float(e) for e in events) == implied[0]
    # Not both arms' shares of one whole ("115 (51.6%)", "108 (48.4%)" of 223): that is no arm's size.
    pairs["pct_pair"] = tuple(implied) if all(implied) and not whole else None
    if ctx.within and not ctx.sizes:  # as the rules: not when the article names arms with sizes (a trial's total)
        single = oq.single_group_size(ctx.abstract or "")
        pairs["single"] = (single, single) if single else None
    if ctx.place:
        pairs["place"] = (ctx.place.get("intervention"), ctx.place.get("comparator"))
    if ctx.table_sizes:
        pairs["statement"] = gs.statement_sizes(ctx.q_int, ctx.q_cmp, ctx.table_sizes)
    for source, got in pairs.items():
        if got:
            _add(out["intervention"], got[0], source)
            _add(out["comparator"], got[1], source)
    return out


def features(ctx: SizeContext) -> dict[str, list[tuple[int, dict[str, float]]]]:
    """(n, features) of every candidate per side."""
    cands = candidates(ctx)
    counts = _text_counts(ctx.text or "")
    out: dict[str, list[tuple[int, dict[str, float]]]] = {}
    for side, other in (("intervention", "comparator"), ("comparator", "intervention")):
        mine = cands[side]
        theirs = {m for m, srcs in cands[other].items() if srcs - {"other_rule"}}
        ranked = sorted(mine, key=lambda n: (-len(mine[n]), n))
        rec = ctx.records.get(side) or {}
        rows = []
        for n, srcs in mine.items():
            f: dict[str, float] = {f"src_{s}": 1.0 for s in srcs}
            f["n_sources"] = float(len(srcs - {"other_rule"}))
            if "rule" in srcs:
                f["rule_conf"] = round(float(ctx.rule_conf.get(side) or 0.0), 3)
            f["type_" + (ctx.outcome_type or "none")] = 1.0
            if ctx.within:
                f["within"] = 1.0
            ev, pct = rec.get("events"), rec.get("percent")
            if ev is not None and pct:
                f["pct_agree" if abs(100.0 * float(ev) / n - float(pct)) <= 0.6 else "pct_disagree"] = 1.0
                f["pct_exact" if pct_exact(float(ev), float(pct), n) else "pct_inexact"] = 1.0
            if ev is not None and float(ev) > n:
                f["events_gt_n"] = 1.0
            if any(n + m in counts for m in theirs if m != n or len(theirs) == 1):
                f["sums_to_total"] = 1.0
            if n in theirs:
                f["in_other_side"] = 1.0
            o_rule = ctx.rule.get(other)
            shared = srcs & cands[other].get(int(o_rule), set()) - {"rule", "other_rule"} if o_rule else set()
            if shared:
                f["shares_source_with_other_rule"] = 1.0  # one statement gives both arms (coherent pair)
            f["text_count"] = round(math.log1p(counts.get(n, 0)), 3)
            f["rank_first"] = 1.0 if ranked and ranked[0] == n else 0.0
            f["n_candidates"] = round(math.log1p(len(mine)), 3)
            f["is_max"] = 1.0 if n == max(mine) and len(mine) > 1 else 0.0
            # The same source weighs differently on the rules' own pick and on an alternative to it.
            for src in srcs - {"rule"}:
                f[("rule+" if "rule" in srcs else "alt+") + src] = 1.0
            rows.append((n, {k: v for k, v in f.items() if v}))
        out[side] = sorted(rows, key=lambda r: r[0])
    return out


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> dict | None:
    """The shipped chooser (None when absent: the rules' sizes stand)."""
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        return None
    return json.loads(p.read_text("utf-8"))


#: id(model) -> (model, its feature -> weight map). Kept apart from the model dict that ``load_model`` caches;
#: holding the model keeps its id from being reused while the entry stands.
_WEIGHTS: dict[int, tuple[dict, dict[str, float]]] = {}


def _weights(model: dict) -> dict[str, float]:
    """The model's feature -> weight map, built once per model (a query scores a dozen candidates)."""
    hit = _WEIGHTS.get(id(model))
    if hit is None or hit[0] is not model:
        if len(_WEIGHTS) >= 64:  # trainers score many throwaway models
            _WEIGHTS.clear()
        hit = _WEIGHTS[id(model)] = (model, dict(zip(model["features"], model["coef"])))
    return hit[1]


def probability(model: dict, f: dict[str, float]) -> float:
    """P(this candidate is the gold size) under a logistic spec ``{features, coef, intercept}``."""
    return sparse_logistic(_weights(model), model["intercept"], f)


def pick(model: dict, rows: list[tuple[int, dict[str, float]]], threshold: float) -> tuple[int | None, float]:
    """The best candidate and its probability; None when it is under ``threshold`` (or there is none)."""
    scored = sorted(((probability(model, f), n) for n, f in rows), key=lambda x: (-x[0], x[1]))
    if not scored:
        return None, 0.0
    p, n = scored[0]
    return (n if p >= threshold else None), p


#: Sources that state both arms' sizes in one place (a sentence, a table's header or size row): a corrected size
#: must share one with the other arm's size.
PAIRED = {"record", "place", "alloc", "respectively", "each", "analysed", "flow", "statement", "table_header", "table_row",
          "table_same", "crossover", "single", "arm_analysed"}


def correct(rule: dict[str, int | None], rows: dict[str, list[tuple[int, dict[str, float]]]], model: dict,
            keep: float, switch: float, probs: dict[str, dict[int, float]] | None = None,
            fill: float | None = None, paired: bool = True) -> dict[str, int | None]:
    """The rules' sizes per side, corrected by the model.

    A side takes another candidate when the model gives it at least ``switch`` and more than the rules' own,
    and only when the pair it makes with the other side's size comes from one statement (a ``PAIRED``
    source both share: a table header, a size row, an allocation sentence): two arms' sizes are
    reported together. A side whose rules' size scores under ``keep`` is null (null beats a guess). A side the
    rules left null takes a candidate only at ``fill`` or more (default ``switch``; the trainer picks it, 1.01 is
    never): a size where the rules found none is more often a guess. ``paired`` False (the trainer decides, on
    held-out items) drops the one-statement condition: an arm's analysed n is often stated for that arm alone.
    """
    fill = switch if fill is None else fill
    if probs is None:  # ``probs``: the same, computed once (the trainer tries many thresholds)
        probs = {side: {n: probability(model, f) for n, f in rows.get(side, [])} for side in ("intervention", "comparator")}
    srcs = {side: {n: {k[4:] for k in f if k.startswith("src_")} & PAIRED for n, f in rows.get(side, [])}
            for side in probs}
    out = dict(rule)
    for side, p in probs.items():
        r = rule.get(side)
        best = min(p, key=lambda n: (-p[n], n)) if p else None
        own = next((f for n, f in rows.get(side, []) if n == r), {})
        if r is not None and best is not None and best > r and own.get("src_record") and own.get("type_continuous"):
            # The rules' size is the means' own n (a "Patients analysed" cell, a header over the values): by Yun's
            # rule the number analysed, never raised to a larger count from elsewhere (the randomised n).
            best = r
        if best is not None and best != r and p[best] >= (switch if r is not None else fill) and p[best] > p.get(r, 0.0):
            out[side] = best
        elif r is not None and p.get(r, 0.0) < keep:
            out[side] = None
    final = dict(out)
    pair = {side: next((n for n, f in rows.get(side, []) if f.get("src_pct_pair")), None) for side in probs}
    inexact = [side for side in probs if any(n == rule.get(side) and f.get("pct_inexact") for n, f in rows.get(side, []))]
    # Only a switch between answered sizes (null beats a guess), and not to a pair far from them (a subgroup's
    # percent, or both arms' shares of the whole: "115 (51.6%)" and "108 (48.4%)" are each of 223).
    near = all(rule.get(side) is not None and 0.5 <= pair[side] / rule[side] <= 2.0 for side in probs if pair[side])
    if all(pair.values()) and inexact and near:
        # The outcome's own counts and percents fix both arms' n, and a size answered contradicts its percent
        # ("7 (8.97%)" is of 78, not of a table's 74): the pair the outcome states wins over sizes from elsewhere.
        return dict(pair)
    for side, other in (("intervention", "comparator"), ("comparator", "intervention")):
        n, m = out[side], out[other]
        if paired and n is not None and n != rule.get(side) and (
                m is None or not srcs[side].get(n, set()) & srcs[other].get(m, set())):
            # A switch no statement pairs with the other arm's size: back to the rules', unless it scored under keep.
            r = rule.get(side)
            final[side] = r if r is not None and probs[side].get(r, 0.0) >= keep else None
    return percent_fit(final, rows)


#: Sources that state no size of the arm's own: the percent's implied n (it fits by construction), the other arm's
#: size, and the rules' pick (the size under test).
_DERIVED = {"pct_implied", "pct_pair", "other_rule", "rule"}


def percent_fit(sizes: dict[str, int | None],
                rows: dict[str, list[tuple[int, dict[str, float]]]]) -> dict[str, int | None]:
    """Where both arms' counts print their percent ("7 (17.5%)") and neither arm's size gives it (or one is
    missing), each arm whose size fails takes the one candidate the article states for it that gives its percent at
    the printed precision ("of 40" for 17.5%); an arm with none or several such candidates keeps its size. One
    arm's size that fits vouches for the pair's source, so then nothing moves."""
    feats = {side: dict(rows.get(side, [])) for side in sizes}
    has_pct = all(any("pct_exact" in f or "pct_inexact" in f for f in feats[side].values()) for side in sizes)
    fits = {side: n is not None and bool(feats[side].get(n, {}).get("pct_exact")) for side, n in sizes.items()}
    if not has_pct or any(fits.values()):
        return sizes
    out = dict(sizes)
    for side, n in sizes.items():
        stated = [m for m, f in feats[side].items() if f.get("pct_exact") and
                  {k[4:] for k in f if k.startswith("src_")} - _DERIVED]
        if len(stated) == 1:
            out[side] = stated[0]
    return out


def replay(line: dict, model: dict, keep: float | None = None, switch: float | None = None,
           probs: dict[str, dict[int, float]] | None = None, fill: float | None = None,
           paired: bool | None = None) -> dict[str, int | None]:
    """The sizes ``outcome-data`` answers for one feature line of ``benchmarks/group_size_features.py`` under
    ``model`` (its own thresholds when none is given; a caller that gives ``keep`` or ``switch`` gives ``fill``
    too, None meaning ``switch`` as in ``correct``): the line's rules' sizes (its ``answered``, collected with the
    model off) corrected as ``choose`` corrects them. The trainer scores lines with this, and a test checks it
    gives the CLI's sizes."""
    sides = ("intervention", "comparator")
    rule = {s: None if line["answered"][s] is None else int(line["answered"][s]) for s in sides}
    rows = {s: [(int(n), f) for n, f in line["sides"][s]] for s in sides}
    return correct(rule, rows, model, model["keep"] if keep is None else keep,
                   model["switch"] if switch is None else switch, probs,
                   model.get("fill") if fill is None and keep is None and switch is None else fill,
                   model.get("paired", True) if paired is None else paired)


def choose(ctx: SizeContext, query_id: object = None, study: object = None,
           model: dict | None = None) -> dict[str, int | None]:
    """The sizes per side: the rules' own, corrected by the model (unchanged when no model ships)."""
    model = model if model is not None else load_model()
    if model is None and _COLLECTED is None:
        return dict(ctx.rule)
    rows = features(ctx)
    if _COLLECTED is not None:  # training data: the rules' answers, as the model will see them
        _COLLECTED.append({"id": query_id, "study": study, "rule": dict(ctx.rule),
                           "sides": {s: [[n, f] for n, f in r] for s, r in rows.items()}})
        return dict(ctx.rule)
    if model is None:
        return dict(ctx.rule)
    return correct(dict(ctx.rule), rows, model, model["keep"], model["switch"], fill=model.get("fill"),
                   paired=model.get("paired", True))
