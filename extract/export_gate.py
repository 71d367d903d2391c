"""Learned export gate (stage 5): a calibrated P(right arm and outcome) for every result, and the decision.

After the rules and the attribution model have placed each result (an arm, the cohort, the comparison,
or nowhere), a small logistic model scores how likely that placement is right, from what the stages
already know: the value's kind and target, the mechanism that decided the arm (named list, order,
clause, denominator, model), the attribution model's probability and share, the number of arms,
section, how the outcome was found, timepoint, background/cited-work cues and consistency flags, and how
the value's sentence supports the placement (its outcome and its arm named there and nearest the value,
values of its kind against the arms, their order against the order the arms are named in, a value right after
another arm's name), and what says a value is no result of an arm (an effect no measure names, a clause of the
trial's flow).
The rules' cues are features, not the final word.

* An exported result (target arm / cohort / between_arms) with P below the threshold is withdrawn:
  target ``unattributed``, arm cleared, flags ``review_attribution`` + ``export_gate``; what it was
  (target, arm, role) is kept in ``gate["held"]`` with its evidence, for review. Nothing is deleted.
* An unattributed result whose attribution model named a best arm is exported to that arm when its P
  reaches the (higher) promotion threshold (flag ``arm_by_gate``).
* Every gated result carries ``gate = {"p": ...}``: the calibrated confidence of its placement.

The model ships as JSON (``models/export_gate/model.json``) and is evaluated in pure Python.
Rebuild it with ``tools/train_export_gate.py``.
"""
from __future__ import annotations

import json
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator
from stemfoot.extract.logistic import LogisticModel
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.schemas import baseline_cues

MODEL_PATH = Path(__file__).parent / "models" / "export_gate" / "model.json"
#: Values a meta-analysis would pool (p-values are not gated: they are never put on an arm).
RESULT_KINDS = {"events", "percent", "mean_sd", "mean", "median", "effect"}
EXPORTED = {"arm", "cohort", "between_arms"}
#: Flags the stages set that say something about how (or how surely) a value was placed.
FLAG_FEATURES = (
    "review_attribution", "arm_by_order", "arm_by_list", "conflicting_facts", "arm_by_clause", "arm_by_model",
    "event_count_bare", "baseline_of_from_to", "total_exceeds_arm_size", "arm_not_found", "time_from_list",
    "total_from_percent", "percent_restates_count", "predictor_effect", "outcome_own_words", "shared_p",
    "baseline_of_to_pair", "arm_from_breakdown", "cited_result", "se_not_sd", "outcome_from_unit",
    "baseline_by_wording", "outcome_unit_mismatch", "arm_by_denominator", "split_by_arm", "events_exceeds_arm_size",
    "median_with_ci", "planned_value", "disposition_count", "arm_from_pair", "same_fact",
    "measure_from_context", "effect_outcome_own_words", "effect_outcome_from_values", "arm_single",
    "baseline_characteristic", "baseline_by_context", "baseline_cohort",
    "event_count_zero", "event_count_n_equals", "arm_by_event_words", "cohort_by_event_words",
    "outcome_own_clause", "outcome_from_list", "outcome_not_in_clause", "outcome_names_subgroup",
    "every_arm", "cohort_by_design", "arm_by_unplaced_model", "event_count_learned", "arm_inside_count",
    "arm_by_pooled_words", "arm_by_pooled_total", "covariate_effect", "arm_by_comparative", "total_from_subset",
)
#: This module's regexes, as data in patterns/export_gate.json (compiled once, here).
_RX = load_patterns("export_gate", BASELINE_CUES=baseline_cues())

_CUES = (("cue_cited", _RX.CITED), ("cue_baseline", _RX.BASELINE), ("cue_compare", _RX.COMPARE),
         ("cue_respectively", _RX.RESPECTIVELY), ("cue_sample", _RX.SAMPLE))
_MODE = "apply"


@contextmanager
def _mode(mode: str) -> Iterator[None]:
    global _MODE
    old, _MODE = _MODE, mode
    try:
        yield
    finally:
        _MODE = old


def collecting() -> AbstractContextManager[None]:
    """Within: the gate decides nothing and leaves each result's features in ``_gate_features`` (training)."""
    return _mode("collect")


def disabled() -> AbstractContextManager[None]:
    """Within: no gate (tests of the stages before it see the rules' and the attribution model's placement)."""
    return _mode("off")


def context(text: str, record: dict, sections: list[tuple[int, int, str]]) -> dict:
    """Per-record facts the features need: arm count, design, results per sentence, sections."""
    # Worded zeros and "(n = k)" counts are no numbers of the sentence's runs: they would shift the run
    # features (values per arm, list order, results per sentence) of the numbers beside them.
    stats = [st for st in record.get("statistics") or []
             if not any(f in (st.get("flags") or []) for f in ("event_count_zero", "event_count_n_equals"))]
    per_sent: dict[int, int] = {}
    for st in stats:
        if st["kind"] in RESULT_KINDS:
            s = st["evidence"].get("sentence_start", 0)
            per_sent[s] = per_sent.get(s, 0) + 1
    values: dict[tuple, int] = {}
    for st in stats:
        if st["kind"] in RESULT_KINDS:
            values[_value_key(st)] = values.get(_value_key(st), 0) + 1
    return {"values": values, "n_arms": sum(1 for a in record.get("arms") or [] if not a.get("members")),
            # The inventory's groupings: the cue was learned from them; one made late from a value's own words
            # (``pooled_sides``, source "pooled_words") says nothing of the abstract's other values.
            "pooled_arms": any(a.get("members") and a.get("source") != "pooled_words" for a in record.get("arms") or []),
            "design": (record.get("design") or {}).get("value"), "per_sentence": per_sent,
            "sections": list(sections), "text": text, "arms": record.get("arms") or [],
            "results": [st for st in stats if st["kind"] in RESULT_KINDS]}


def _value_key(st: dict) -> tuple:
    return (st["kind"], *(st.get(k) for k in ("events", "total", "percent", "mean", "sd", "median", "value")))


def _section(ctx: dict, pos: int) -> str:
    return next((cat for s, e, cat in ctx["sections"] if s <= pos < e), "none")


def features(st: dict, ctx: dict, target: str | None = None, arm_role: str | None = None) -> dict[str, float]:
    """The gate's features of one result as placed (``target``/``arm_role`` override the stat's own: the
    placement a promotion would make)."""
    target = target or st.get("target") or ("arm" if st.get("arm") else "cohort")
    role = arm_role if arm_role is not None else st.get("arm_role")
    ev = st["evidence"]
    text = ctx["text"]
    att = st.get("attribution") or {}
    f: dict[str, float] = {f"kind={st['kind']}": 1.0, f"target={target}": 1.0,
                           f"target={target}&kind={st['kind']}": 1.0, f"section={_section(ctx, ev['start'])}": 1.0,
                           f"n_arms={min(ctx['n_arms'], 3)}": 1.0, f"design={ctx['design']}": 1.0}
    if target == "arm":
        f[f"role={role}"] = 1.0
    flags = set(st.get("flags") or [])
    for name in FLAG_FEATURES:
        if name in flags:
            f[f"flag={name}"] = 1.0
    if not att:
        f["no_model"] = 1.0
    else:
        p, share = float(att.get("probability") or 0.0), float(att.get("arm_share") or 0.0)
        f["att_p"] = p
        f["att_share"] = share
        f["att_low"] = 1.0 if p < 0.5 else 0.0
        if att.get("rule_arm") is None:
            f["no_rule_arm"] = 1.0
        elif att.get("model_arm") is not None and att.get("rule_arm") != att.get("model_arm"):
            f["rule_model_disagree"] = 1.0
        if target == "arm" and att.get("model_arm") is not None and st.get("arm") not in (None, att.get("model_arm")):
            f["arm_not_model_arm"] = 1.0
        if "list_margin" in att:
            f["list_margin"] = min(float(att["list_margin"]), 5.0) / 5.0
            f[f"list_prior={att.get('list_prior')}"] = 1.0
    if st.get("outcome") is None:
        f["no_outcome"] = 1.0
    else:
        # Outcomes differ in how often their values are results (ulcer healing) or sample traits (age).
        f[f"outcome={st['outcome']}"] = 1.0
    if ctx["values"].get(_value_key(st), 0) > 1:
        # The same numbers stated twice (results and conclusion): at most one is a new result.
        f["value_repeated"] = 1.0
    if st.get("timepoint"):
        f["has_timepoint"] = 1.0
    if st.get("measure") == "baseline":
        f["baseline"] = 1.0
    n_sent = ctx["per_sentence"].get(ev.get("sentence_start", 0), 1)
    f[f"results_in_sentence={min(n_sent, 4)}"] = 1.0
    key = (ev.get("sentence_start", 0), ev.get("sentence_end"))
    cues = ctx.setdefault("cues", {}).get(key)
    if cues is None:
        # Sentence cues once per sentence (several results share one).
        sentence = text[ev.get("sentence_start", 0):ev.get("sentence_end", len(text))] if text else ev.get("text", "")
        cues = ctx["cues"][key] = [name for name, rx in _CUES if rx.search(sentence)]
    for name in cues:
        f[name] = 1.0
    if st["kind"] == "events" and st.get("total") is None:
        f["events_no_total"] = 1.0
    if st["kind"] in ("events", "percent") and text and _RX.DISPOSITION.search(_clause(text, ev)):
        # Who left, missed a visit or strayed from the protocol: the trial's flow, not an outcome.
        f["disposition_clause"] = 1.0
    if st["kind"] == "effect" and not st.get("effect_measure"):
        # A value with its interval that neither its words nor its context name as a ratio or a difference:
        # mostly one arm's own change ("improved by 10.9 mmHg (95% CI 7.2-14.6) with IA"), no contrast of arms.
        f["effect_unnamed"] = 1.0
    if ctx["pooled_arms"]:
        f["pooled_arms"] = 1.0
    f["rel_pos"] = ev["start"] / max(len(text), 1) if text else 0.5
    f.update(size_features(st, ctx["arms"], target))
    f.update(inventory_features(st, ctx["arms"], target))
    if text:
        f.update(_sentence_features(st, ctx, target))
    return f


def _clause(text: str, ev: dict) -> str:
    """The value's clause: its sentence cut at the semicolons around it ("" without a sentence: the whole text
    is no clause)."""
    if ev.get("sentence_start") is None or ev.get("sentence_end") is None:
        return ""
    start, end = ev["sentence_start"], ev["sentence_end"]
    left = text.rfind(";", start, ev["start"])
    right = text.find(";", ev["end"], end)
    return text[left + 1 if left >= 0 else start:right if right >= 0 else end]


def inventory_features(st: dict, arms: list[dict], target: str) -> dict[str, float]:
    """How far the study's arm inventory can be trusted, on any text: where the placed arm was read (allocation
    sentence, results sentence, the arm model's candidates, or the rules' arm list), whether its label holds a digit
    (a count or a percentage read as an arm's name), and whether a study of two or more arms has a comparator."""
    own = [a for a in arms if not a.get("members")]
    f: dict[str, float] = {}
    if len(own) >= 2:
        has = any(a.get("role") in ("control", "active_comparator") for a in own)
        f["has_comparator" if has else "no_comparator"] = 1.0
    arm = next((a for a in own if a["label"] == st.get("arm")), None) if target == "arm" else None
    if arm is not None:
        f[f"arm_source={arm.get('source') or 'rules'}"] = 1.0
        if any(ch.isdigit() for ch in arm["label"]):
            f["arm_label_digit"] = 1.0
    return f


def size_features(st: dict, arms: list[dict], target: str) -> dict[str, float]:
    """Does the value's denominator equal an arm's size: its own arm's (the count is that arm's), only another
    arm's (likely that arm's value, put on the wrong one), or the arms' sum (the whole cohort's)? A cue that holds
    on any text, where the arm inventory read the sizes of at least two arms."""
    total = st.get("total")
    if st["kind"] not in ("events", "percent") or not total:
        return {}
    own = [a for a in arms if not a.get("members")]
    sizes: dict[str, set[int]] = {a["label"]: {n for n in (a.get("n_patients"), a.get("n_limbs")) if n} for a in own}
    if sum(1 for s in sizes.values() if s) < 2:
        return {}
    f: dict[str, float] = {}
    if target == "arm" and st.get("arm") in sizes:
        if total in sizes[st["arm"]]:
            f["total_is_own_arm_n"] = 1.0
        elif any(total in s for label, s in sizes.items() if label != st["arm"]):
            f["total_is_other_arm_n"] = 1.0
    patients = [a.get("n_patients") for a in own]
    if all(patients) and total == sum(patients):
        f["total_is_all_arms_n"] = 1.0
    return f


def _sentence(ctx: dict, st: dict) -> dict:
    """What the gate reads once per sentence: outcome terms, arm mentions and result values, in text order."""
    ev = st["evidence"]
    start, end = ev.get("sentence_start", 0), ev.get("sentence_end", len(ctx["text"]))
    cache = ctx.setdefault("sentences", {})
    if (start, end) not in cache:
        from stemfoot.extract.vocabulary import outcomes

        hits = [(start + h.start, start + h.end, h.term.id) for h in outcomes().find(ctx["text"][start:end])]
        arms = [(m.start, m.end, m.arm) for m in _mentions(ctx) if start <= m.start < end]
        values: dict[str, list[int]] = {}
        for other in ctx["results"]:
            o = other["evidence"]
            if o.get("sentence_start", 0) == start:
                values.setdefault(other["kind"], []).append(o["start"])
        cache[(start, end)] = {"outcomes": hits, "arms": arms, "values": {k: sorted(v) for k, v in values.items()},
                               "words": len(ctx["text"][start:end].split()), "text": ctx["text"][start:end],
                               "start": start}
    return cache[(start, end)]


def _mentions(ctx: dict) -> list:
    """Where the text names each arm (the attribution stage's inventory and mention finder), once per record."""
    if "mentions" not in ctx:
        from stemfoot.extract.arm_inventory import build_inventory, find_mentions

        arms = [a for a in ctx.get("arms") or [] if not a.get("members")]
        ctx["mentions"] = find_mentions(ctx["text"], build_inventory(ctx["text"], arms)) if arms else []
    return ctx["mentions"]


def _nearest(items: list[tuple[int, int, str]], start: int, end: int) -> tuple[int, str] | None:
    """(distance in characters, key) of the item nearest the span [start, end)."""
    best = None
    for s, e, key in items:
        d = start - e if e <= start else s - end if s >= end else 0
        if best is None or d < best[0]:
            best = (d, key)
    return best


def _sentence_features(st: dict, ctx: dict, target: str) -> dict[str, float]:
    """How the sentence supports the placement: is the value's outcome named in its own sentence and the term
    nearest it; is its arm named there and the arm nearest it; how many values of its kind the sentence holds
    against the arms, and whether their order agrees with the order the arms are named in."""
    sent = _sentence(ctx, st)
    ev = st["evidence"]
    f: dict[str, float] = {}
    ids = {h[2] for h in sent["outcomes"]}
    f[f"outcomes_in_sentence={min(len(ids), 3)}"] = 1.0
    if st.get("outcome") is not None:
        if st["outcome"] in ids:
            near = _nearest(sent["outcomes"], ev["start"], ev["end"])
            f["outcome_nearest" if near and near[1] == st["outcome"] else "outcome_not_nearest"] = 1.0
            own = _nearest([h for h in sent["outcomes"] if h[2] == st["outcome"]], ev["start"], ev["end"])
            f["outcome_gap"] = min(own[0], 200) / 200 if own else 1.0
        else:
            f["outcome_from_context"] = 1.0
    armset = {m[2] for m in sent["arms"]}
    f[f"arms_in_sentence={min(len(armset), 3)}"] = 1.0
    if target == "arm" and st.get("arm") is not None:
        if st["arm"] in armset:
            near = _nearest(sent["arms"], ev["start"], ev["end"])
            f["arm_nearest" if near and near[1] == st["arm"] else "arm_not_nearest"] = 1.0
        elif armset:
            f["arm_not_in_sentence_others_are"] = 1.0
        words = len(str(st["arm"]).split())
        f[f"arm_label_words={min(words, 4)}"] = 1.0
    same = sent["values"].get(st["kind"], [])
    n_arms = ctx["n_arms"]
    if n_arms >= 2 and same:
        n = len(same)
        f["values_per_arm=" + ("equal" if n == n_arms else "multiple" if n % n_arms == 0 else
                               "fewer" if n < n_arms else "other")] = 1.0
        order = list(dict.fromkeys(m[2] for m in sorted(sent["arms"])))
        if target == "arm" and st.get("arm") in order and len(order) >= 2 and ev["start"] in same:
            agree = same.index(ev["start"]) % len(order) == order.index(st["arm"])
            f["order_agrees" if agree else "order_disagrees"] = 1.0
    if target == "arm" and st.get("arm") is not None and _follows_other_arm(st, sent, st["arm"]):
        f["follows_other_arm"] = 1.0
    if st.get("p") is not None:
        f["has_p"] = 1.0
    if st.get("pair"):
        f["has_pair"] = 1.0
    f[f"sentence_words={min(sent['words'] // 20, 3)}"] = 1.0
    return f


def _follows_other_arm(st: dict, sent: dict, arm: str) -> bool:
    """The value stands right after another arm's name (only brackets or a copula between: "unchanged in
    controls (0.43 vs 0.44)"), in a sentence that gives values of its kind before that name too, so values stand
    beside the arm they belong to, and its own arm is named nowhere after it: the value is that other arm's
    (a rule read the pair as one value per arm). A sentence that names every arm before its values ("in groups A
    and B were 5 and 3, respectively") has no value before the last name, and is left alone."""
    ev = st["evidence"]
    if any(s < ev["end"] and e > ev["start"] for s, e, _ in sent["arms"]):
        # The value's own words name an arm ("12 placebo patients"): they placed it.
        return False
    before = [m for m in sent["arms"] if m[1] <= ev["start"]]
    if not before or any(s >= ev["end"] and a == arm for s, _, a in sent["arms"]):
        return False
    start, end, other = max(before, key=lambda m: m[1])
    if other == arm or not _RX.ARM_THEN_VALUE.fullmatch(sent["text"][end - sent["start"]:ev["start"] - sent["start"]]):
        return False
    return any(v < start for v in sent["values"].get(st["kind"], []))


class GateModel(LogisticModel):
    """Logistic regression over named features, with its thresholds (from ``model.json``): P(right arm and
    outcome) of one result's features."""

    def __init__(self, spec: dict) -> None:
        super().__init__(spec)
        self.promote_threshold: float = spec.get("promote_threshold", 1.01)


@lru_cache(maxsize=4)
def load_gate(path: str | None = None) -> GateModel | None:
    """The shipped gate (None when no model file is there: then the gate is off)."""
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        return None
    return GateModel(json.loads(p.read_text(encoding="utf-8")))


def decide(st: dict, p: float, model: GateModel) -> str:
    """What the gate does with one result: "keep", "withhold" (exported, P too low) or "promote"."""
    if st.get("target") in EXPORTED:
        return "keep" if p >= model.threshold else "withhold"
    return "promote" if p >= model.promote_threshold else "keep"


def promotion_arm(st: dict, arms: list[dict]) -> tuple[str, str | None] | None:
    """The arm an unattributed result would go to (its attribution model's best arm), with its role."""
    if st.get("target") != "unattributed" or st["kind"] not in RESULT_KINDS - {"effect"}:
        return None
    best = (st.get("attribution") or {}).get("model_arm")
    rule = (st.get("attribution") or {}).get("rule_arm")
    roles = {a["label"]: a.get("role") for a in arms if not a.get("members")}
    if rule is not None and rule != best:
        # The rules read another arm (a header's order, a list): two readings, no winner; it stays for review.
        return None
    if best not in roles or any(f in (st.get("flags") or []) for f in ("cited_result", "planned_value",
                                                                         "disposition_count", "pooled_side")):
        return None
    return best, roles[best]


def gate_stage(text: str, record: dict, sections: list[tuple[int, int, str]], model: GateModel | None = None) -> None:
    """Score every result's placement and withhold / promote by the model's thresholds (in place)."""
    if _MODE == "off":
        return
    model = model if model is not None else load_gate()
    if model is None and _MODE == "apply":
        return
    ctx = context(text, record, sections)
    for st in record.get("statistics") or []:
        if st["kind"] not in RESULT_KINDS:
            continue
        promo = promotion_arm(st, record.get("arms") or [])
        if st.get("target") in EXPORTED:
            feats = features(st, ctx)
        elif promo is not None:
            feats = features(st, ctx, target="arm", arm_role=promo[1])
            feats["promoted"] = 1.0
        else:
            continue
        if _MODE == "collect":
            st["_gate_features"] = feats
            continue
        p = model.predict(feats)
        st["gate"] = {"p": round(p, 3)}
        action = decide(st, p, model)
        if action == "withhold":
            _withhold(st, "export_gate")
        elif action == "promote" and promo is not None:
            st["target"], st["arm"], st["arm_role"] = "arm", promo[0], promo[1]
            st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["arm_by_gate"]
    if _MODE == "apply":
        every_arm_together(record.get("statistics") or [])
        counted_zero_together(record.get("statistics") or [])
        untied_zero_together(text, record.get("statistics") or [])
        each_arm_zero_held(text, record.get("statistics") or [])
        _one_fact_exported(record.get("statistics") or [])


def every_arm_together(statistics: list[dict]) -> None:
    """In place: the copies of one worded zero said of every arm ("no patient in either arm developed an embolism",
    flag ``every_arm``, one copy per arm) are one statement, exported together: where the gate keeps one copy on its
    arm, the copies it withheld go back to their arms (flag ``every_arm_together``; round 38). The gate scores each
    copy on its own and often keeps the first arm's and holds the other's (the golds give a zero on every arm,
    rule 24). Not when every copy was withheld, nor a copy withheld for another reason. Round 41: so are the copies
    of a zero said of the arms its words name ("in either the MSC or the MNC group", flag ``arm_by_zero_group``).
    Round 44: so are the copies of a count said of every arm ("Two deaths occurred in each group", "one myocardial
    infarction in each group"): one statement of the same count in each arm."""
    groups: dict[tuple, list[dict]] = {}
    for st in statistics:
        flags = st.get("flags") or ()
        if st.get("evidence") and st.get("kind") == "events" and (
                "every_arm" in flags or ("arm_by_zero_group" in flags and st.get("events") == 0)):
            key = (st["evidence"].get("start"), st["evidence"].get("end"), st.get("outcome"))
            groups.setdefault(key, []).append(st)
    for group in groups.values():
        if len(group) < 2 or not any(st.get("target") == "arm" for st in group):
            continue
        for st in group:
            held = (st.get("gate") or {}).get("held")
            if st.get("target") != "unattributed" or "export_gate" not in st["flags"] or not held or (
                    held.get("target") != "arm"):
                continue
            st["target"], st["arm"], st["arm_role"] = held["target"], held.get("arm"), held.get("arm_role")
            st["flags"] = [f for f in st["flags"] if f not in {"review_attribution", "export_gate"}] + [
                "every_arm_together"]
            # Exported again: no longer "held" (which the review reads as withheld: corpus.withheld,
            # report.card, outcome_query); what the gate held stays as "released" (round 38 mends).
            st["gate"]["released"] = st["gate"].pop("held")


#: How the rules placed a zero of the events just counted on the whole sample (``stages.event_placement``).
COUNTED_COHORT = frozenset({"counted_arms", "counted_no_arm"})


def counted_zero_together(statistics: list[dict]) -> None:
    """In place: a zero of the events just counted, put on the whole sample ("Serious adverse events were reported
    in 21 BMAC and 23 placebo patients; none was judged related to the study procedure", flag ``zero_of_counted``)
    and withheld by the gate, goes back to the cohort (flag ``counted_zero_together``; round 45). Its sentence counts
    the events of every arm, so its zero is all patients' (gold rule 24: cohort when about all patients); the gate
    scores it as a bare cohort count (P .23–.76 on the dev golds). Only a zero of a known outcome: one the vocabulary
    does not name ("none related to treatment" after "Five deaths occurred": the deaths' outcome is lost) stays for
    review; and only one tied to what every arm had (``TIED_TO_EVERY_ARM``: the study treatment, procedure or
    product). One tied to the cells, a cell product or an investigational product stays withheld: the golds put it
    on the cohort in some trials and on the treated arms in others (rules 24 and 40 disagree), so the gate's doubt
    stands."""
    for st in statistics:
        held = (st.get("gate") or {}).get("held")
        flags = st.get("flags") or ()
        if (st.get("kind") != "events" or st.get("events") != 0 or "zero_of_counted" not in flags
                or st.get("outcome") is None or not _RX.TIED_TO_EVERY_ARM.search(st.get("outcome_label") or "")
                or st.get("target") != "unattributed" or "export_gate" not in flags or not held
                or held.get("target") != "cohort"
                or (st.get("detail") or {}).get("event_placement") not in COUNTED_COHORT):
            continue
        st["target"], st["arm"], st["arm_role"] = "cohort", None, None
        st["flags"] = [f for f in flags if f not in {"review_attribution", "export_gate"}] + ["counted_zero_together"]
        st["gate"]["released"] = st["gate"].pop("held")


#: How the rules placed a worded zero whose clause names no arm on the whole sample: ``stages.event_placement``'s
#: "no_arm_named", or no placement at all (the number grammar's zeros and a single-arm study's, which the stages put
#: on the cohort without `event_placement`).
UNNAMED_COHORT = frozenset({"no_arm_named", None})


def untied_zero_together(text: str, statistics: list[dict]) -> None:
    """In place: a worded zero the rules put on the whole sample because its clause names no arm ("No dose-limiting
    toxicity occurred", "no ectopic tissue formation was observed", "No patient developed anti-HLA antibodies") and
    the gate withheld goes back to the cohort (flag ``untied_zero_together``; round 46): gold rule 25, an all-patient
    zero is the cohort's ``{events 0, total null}``. The gate scores it as a bare cohort count (P .35-.81 on the dev
    golds), though the statement is about every patient. Not a zero of counted events (`counted_zero_together`
    weighs those), nor one whose clause ties it to what only some arms had (rule 24: `stages.event_tie`'s cells and
    procedures, or ``ZERO_TIED_TO_SOME``: "after intra-arterial infusion", "reactions to the allogeneic cells",
    "in any cell-treated patient", "EPC-related", "in any of the four arms"): the golds put those on the arms. Not a
    zero with a denominator ("0 of 34 patients had positive margins, whereas 4 of 41 ..." is an arm's count), nor
    words that state no count (``NOT_A_ZERO``: "No differences in safety were observed")."""
    from stemfoot.extract.stages import clause_bounds, event_tie

    for st in statistics:
        held = (st.get("gate") or {}).get("held")
        flags = st.get("flags") or ()
        ev = st.get("evidence") or {}
        if (st.get("kind") != "events" or st.get("events") != 0 or "zero_of_counted" in flags
                or st.get("target") != "unattributed" or "export_gate" not in flags or not held
                or held.get("target") != "cohort" or "sentence_start" not in ev or st.get("total") is not None
                or (st.get("detail") or {}).get("event_placement") not in UNNAMED_COHORT):
            continue
        c0, c1 = clause_bounds(text, (ev["sentence_start"], ev["sentence_end"]), ev["start"], ev["end"])
        if (event_tie(text, c0, c1) or _RX.ZERO_TIED_TO_SOME.search(text, c0, c1)
                or _RX.NOT_A_ZERO.search(text, c0, c1)):
            continue
        st["target"], st["arm"], st["arm_role"] = "cohort", None, None
        st["flags"] = [f for f in flags if f not in {"review_attribution", "export_gate"}] + ["untied_zero_together"]
        st["gate"]["released"] = st["gate"].pop("held")


def each_arm_zero_held(text: str, statistics: list[dict]) -> None:
    """In place: a worded zero exported on the whole sample whose clause says it of every arm ("no wound infections
    were recorded in either group", "no major amputation was required in any group", "No patient in either cell
    group had fever": ``ZERO_OF_EACH_ARM``) is withheld for review (flag ``zero_of_each_arm``; round 46). Gold rule
    24 gives such a zero per arm, never the cohort; the stages that copy it over the arms did not (the arms or the
    cell arms its words mean were not found), and the cohort's reading is a wrong target."""
    from stemfoot.extract.outcome_scope import outside_brackets
    from stemfoot.extract.stages import clause_bounds

    for st in statistics:
        ev = st.get("evidence") or {}
        if (st.get("kind") != "events" or st.get("events") != 0 or st.get("target") != "cohort"
                or "sentence_start" not in ev):
            continue
        c0, c1 = clause_bounds(text, (ev["sentence_start"], ev["sentence_end"]), ev["start"], ev["end"])
        # Not words of a bracketed aside: "two deaths (one in each arm), neither related to treatment" splits the
        # deaths over the arms, and its zero is of all patients.
        if _RX.ZERO_OF_EACH_ARM.search(outside_brackets(text[c0:c1])):
            st.setdefault("gate", {})["held"] = {"target": "cohort", "arm": None, "arm_role": None}
            st["target"], st["arm"], st["arm_role"] = "unattributed", None, None
            st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["review_attribution",
                                                                                   "zero_of_each_arm"]


def _withhold(st: dict, flag: str) -> None:
    st["gate"]["held"] = {"target": st.get("target"), "arm": st.get("arm"), "arm_role": st.get("arm_role")}
    st["target"], st["arm"], st["arm_role"] = "unattributed", None, None
    st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["review_attribution", flag]


def _one_fact_exported(statistics: list[dict]) -> None:
    """A count and the percentage restating it are one fact: of exported values on one arm, outcome,
    timepoint and measure that restate each other, the fullest (events with their total before a bare count
    before a percentage: pooling needs the denominator), then the likeliest, is exported and the others are
    withheld for review (flag ``same_fact_withheld``), so that nothing downstream can add them up."""
    from stemfoot.extract.consistency import restates

    placed = sorted((st for st in statistics if st.get("target") == "arm" and st["kind"] in {"events", "percent"}
                     and "gate" in st),
                    key=lambda st: (-(st.get("events") is not None) - (st.get("total") is not None), -st["gate"]["p"]))
    kept: list[dict] = []
    for st in placed:
        key = (st.get("arm"), st.get("outcome"), st.get("timepoint"), st.get("measure"))
        if any(key == (k.get("arm"), k.get("outcome"), k.get("timepoint"), k.get("measure")) and restates(k, st)
               for k in kept):
            _withhold(st, "same_fact_withheld")
        else:
            kept.append(st)
