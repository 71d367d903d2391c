"""Learned arm attribution: which arm (if any) a candidate statistic belongs to.

A model over candidate-arm pairs scores P(candidate belongs to arm) from cheap
cues (the rules' cues, not the rules): word distance and direction to each arm's
mentions, clause breaks, parentheses, "respectively" and list order, "A vs B"
templates, section, kind, and the arm's role. The best arm is kept only above a
threshold; below it the candidate is unattributed and flagged for review
(a number on the wrong arm is worse than a missing one). p-values and effects
(with CI) are between-arm results by kind; a cohort model marks whole-cohort sizes.

The model ships as JSON (feature names + coefficients, or small trees) and is
evaluated in pure Python: no scikit-learn, no spaCy at run time.
"""
from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from stemfoot.extract.arm_inventory import Arm, Mention, build_inventory, find_mentions
from stemfoot.extract.candidates import Candidate
from stemfoot.extract.pattern_data import load_patterns

MODEL_DIR = Path(__file__).parent / "models" / "attribution"
BETWEEN_KINDS = {"p_value", "effect"}
#: This module's regexes, as data in patterns/attribution.json (compiled once, here).
_RX = load_patterns("attribution")
_KIND_GROUP = {"mean_sd": "mean", "mean": "mean", "events": "events", "percent": "percent", "median": "median",
               "count": "count", "number": "number"}


@dataclass
class Attribution:
    """Where one candidate belongs: an arm, the whole cohort, the comparison, or nowhere (unattributed)."""

    candidate: Candidate
    target: str  #: "arm" | "cohort" | "between_arms" | "unattributed"
    arm: str | None = None
    role: str | None = None
    probability: float = 0.0
    flags: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)


class Doc:
    """Per-document precomputation shared by every candidate-arm pair (offsets, mentions, siblings)."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], candidates: list[Candidate],
                 arms: list[Arm], mentions: list[Mention], sections: list[tuple[int, int, str]] = ()) -> None:
        self.text, self.sentences, self.arms = text, sentences, arms
        self.sections = list(sections)
        self.sent_starts = [s for s, _ in sentences]
        self.words = [m.start() for m in _RX.WORD.finditer(text)]
        self.mentions_by_sent: dict[int, list[Mention]] = {}
        for m in mentions:
            self.mentions_by_sent.setdefault(self.sent_index(m.start), []).append(m)
        self._cues: dict[int, dict[str, float]] = {}
        self.cands_by_sent: dict[int, list[Candidate]] = {}
        for c in candidates:
            self.cands_by_sent.setdefault(self.sent_index(c.start), []).append(c)

    def sent_index(self, offset: int) -> int:
        return max(bisect.bisect_right(self.sent_starts, offset) - 1, 0)

    def word_index(self, offset: int) -> int:
        return bisect.bisect_left(self.words, offset)

    def section(self, offset: int) -> str:
        for s, e, cat in self.sections:
            if s <= offset < e:
                return cat
        return "none"

    def sentence_cues(self, si: int, sentence: str) -> dict[str, float]:
        """Sentence-level cues, computed once per sentence."""
        cues = self._cues.get(si)
        if cues is None:
            lower = sentence.lower()
            cues = {name: 1.0 for name, hit in (
                ("sent_baseline", _RX.BASELINE.search(sentence)), ("sent_randomized", _RX.RANDOMIZED.search(sentence)),
                ("sent_comparative", _RX.COMPARATIVE.search(sentence)), ("sent_respectively", "respectively" in lower),
                ("sent_cited", _RX.CITED.search(sentence)), ("sent_has_p", re.search(r"\b[Pp]\s*[<=>≤]", sentence)))
                if hit}
            self._cues[si] = cues
        return cues

    def arm_order(self, si: int) -> list[str]:
        """Arms in the order a sentence first names them."""
        order: list[str] = []
        for m in self.mentions_by_sent.get(si, []):
            if m.arm not in order:
                order.append(m.arm)
        return order

    def carried_arm(self, si: int) -> str | None:
        """The arm the last sentence (of the two before) spoke of, when this one names none."""
        for back in (1, 2):
            ms = self.mentions_by_sent.get(si - back)
            if ms:
                return ms[-1].arm
        return None


def _near(d: int | None) -> float:
    return 0.0 if d is None else 1.0 / (1.0 + d)


def candidate_features(doc: Doc, c: Candidate) -> dict[str, float]:
    """Arm-independent cues of a candidate (kind, section, what follows it, siblings)."""
    text = doc.text
    si = doc.sent_index(c.start)
    s_start, s_end = doc.sentences[si] if doc.sentences else (0, len(text))
    sentence = text[s_start:s_end]
    f: dict[str, float] = {"bias": 1.0, f"kind={c.kind}": 1.0, f"section={doc.section(c.start)}": 1.0}
    f["rel_pos"] = c.start / max(len(text), 1)
    after, before = text[c.end:c.end + 40], text[max(s_start, c.start - 12):c.start]
    if _RX.PERSON_NEXT.match(after):
        f["next_person"] = 1.0
    if _RX.TIME_NEXT.match(after):
        f["next_time"] = 1.0
    if _RX.N_EQUALS.search(before):
        f["n_equals"] = 1.0
    if before.rstrip().endswith("("):
        f["open_paren_before"] = 1.0
    depth = text.count("(", s_start, c.start) - text.count(")", s_start, c.start)
    if depth > 0:
        f["in_paren"] = 1.0
    f.update(doc.sentence_cues(si, sentence))
    value = next(iter(c.values.values()), 0.0)
    f["log_value"] = math.log10(1.0 + abs(value))
    sib = [x for x in doc.cands_by_sent.get(si, []) if _KIND_GROUP.get(x.kind) == _KIND_GROUP.get(c.kind)]
    f["n_siblings"] = min(len(sib), 5) / 5.0
    n_arms_sent = len(doc.arm_order(si))
    f[f"arms_in_sentence={min(n_arms_sent, 2)}"] = 1.0
    f[f"n_arms={min(len(doc.arms), 3)}"] = 1.0
    return f


def pair_features(doc: Doc, c: Candidate, arm: Arm, base: dict[str, float] | None = None) -> dict[str, float]:
    """Cues tying one candidate to one arm (added to the candidate's own cues)."""
    text = doc.text
    f = dict(base if base is not None else candidate_features(doc, c))
    si = doc.sent_index(c.start)
    kind = c.kind
    f[f"role={arm.role}"] = 1.0
    f[f"role={arm.role}&kind={kind}"] = 1.0
    wc_start, wc_end = doc.word_index(c.start), doc.word_index(c.end)
    mentions = doc.mentions_by_sent.get(si, [])
    best: dict[str, dict[str, tuple[int, Mention] | None]] = {"a": {"b": None, "f": None}, "o": {"b": None, "f": None}}
    for m in mentions:
        who = "a" if m.arm == arm.key else "o"
        if m.end <= c.start:
            d = wc_start - doc.word_index(m.end)
            cur = best[who]["b"]
            if cur is None or d <= cur[0]:
                best[who]["b"] = (d, m)
        elif m.start >= c.end:
            d = doc.word_index(m.start) - wc_end
            cur = best[who]["f"]
            if cur is None or d < cur[0]:
                best[who]["f"] = (d, m)
    for who in ("a", "o"):
        for side in ("b", "f"):
            hit = best[who][side]
            if hit is None:
                continue
            d, m = hit
            f[f"{who}_{side}"] = 1.0
            f[f"{who}_{side}_near"] = _near(d)
            gap = text[m.end:c.start] if side == "b" else text[c.end:m.start]
            if _RX.CLAUSE_BREAK.search(gap):
                f[f"{who}_{side}_cross_clause"] = 1.0
            if side == "f" and _RX.IN_ARM_LEAD.match(gap):
                f[f"{who}_f_in_arm"] = 1.0
            if _RX.IN_PHRASE.search(text[max(0, m.start - 20):m.start]) and ";" not in gap:
                # "... (36%) ... in the every-3-weeks arm", "In the control group, six women ...".
                f[f"{who}_{side}_in_phrase"] = 1.0
            if side == "b" and d <= 2 and not _RX.CLAUSE_BREAK.search(gap):
                f[f"{who}_b_adjacent"] = 1.0
            if side == "b":
                if gap.count("(") > gap.count(")"):
                    f[f"{who}_b_paren"] = 1.0
                if _RX.ARM_THEN_LEAD.match(gap):
                    f[f"{who}_b_lead"] = 1.0
            if m.generic:
                f[f"{who}_{side}_generic"] = 1.0
    dist = {who: min([h[0] for h in best[who].values() if h is not None], default=None) for who in ("a", "o")}
    if dist["a"] is not None and (dist["o"] is None or dist["a"] < dist["o"]):
        f["a_closest"] = 1.0
        f[f"a_closest&kind={kind}"] = 1.0
    elif dist["o"] is not None:
        f["o_closest"] = 1.0
    for side in ("b", "f"):
        a, o = best["a"][side], best["o"][side]
        if a is not None and (o is None or a[0] < o[0]):
            f[f"a_closest_{side}"] = 1.0
    if "a_f_in_arm" in f and "o_f_in_arm" not in f:
        f["a_in_arm_only"] = 1.0
    # List order: the k-th number of its kind goes with the k-th arm named ("respectively", "A vs B").
    order = doc.arm_order(si)
    siblings = [x for x in doc.cands_by_sent.get(si, []) if _KIND_GROUP.get(x.kind) == _KIND_GROUP.get(kind)]
    if len(siblings) >= 2:
        k = next(i for i, x in enumerate(siblings) if x is c)
        # "93% vs 84%" with the arms unnamed: the first of a pair is most often the intervention.
        if k + 1 < len(siblings) and _RX.PAIR_GAP.match(text[c.end:siblings[k + 1].start]):
            f[f"pair_first&role={arm.role}"] = 1.0
        if k > 0 and _RX.PAIR_GAP.match(text[siblings[k - 1].end:c.start]):
            f[f"pair_second&role={arm.role}"] = 1.0
    if len(siblings) >= 2 and arm.key in order:
        k = next(i for i, x in enumerate(siblings) if x is c)
        r = order.index(arm.key)
        resp = "respectively" in text[slice(*doc.sentences[si])].lower() if doc.sentences else False
        f["order_match" if k % max(len(order), 1) == r else "order_mismatch"] = 1.0
        if resp:
            f["resp_match" if k % max(len(order), 1) == r else "resp_mismatch"] = 1.0
        prev = siblings[k - 1] if k > 0 else None
        nxt = siblings[k + 1] if k + 1 < len(siblings) else None
        pair_first = nxt is not None and _RX.PAIR_GAP.match(text[c.end:nxt.start]) is not None
        pair_second = prev is not None and _RX.PAIR_GAP.match(text[prev.end:c.start]) is not None
        if pair_first:
            f["pair_first&arm_first" if r == 0 else "pair_first&arm_later"] = 1.0
        if pair_second:
            f["pair_second&arm_second" if r == 1 else "pair_second&arm_other"] = 1.0
    if not order:
        carried = doc.carried_arm(si)
        if carried == arm.key:
            f["carry_a"] = 1.0
        elif carried is not None:
            f["carry_o"] = 1.0
    elif order == [arm.key]:
        f["only_a_in_sentence"] = 1.0
    elif arm.key not in order:
        f["a_not_in_sentence"] = 1.0
    return f


class Model:
    """A binary classifier stored as JSON: logistic regression or gradient-boosted trees."""

    def __init__(self, spec: dict) -> None:
        self.spec = spec
        self.kind = spec["type"]
        self.features: list[str] = spec["features"]
        self.index = {name: i for i, name in enumerate(self.features)}
        self.threshold: float = spec.get("threshold", 0.5)
        self.review_floor: float = spec.get("review_floor", 0.3)
        self._trees = _compile_trees(spec) if self.kind == "gbt" else None

    def vector(self, feats: dict[str, float]) -> list[float]:
        x = [0.0] * len(self.features)
        for name, v in feats.items():
            i = self.index.get(name)
            if i is not None:
                x[i] = v
        return x

    def margin(self, feats: dict[str, float]) -> float:
        if self.kind == "logistic":
            coef = self.spec["coef"]
            return self.spec["intercept"] + sum(v * coef[self.index[n]] for n, v in feats.items() if n in self.index)
        return self._trees(self.vector(feats))

    def predict(self, feats: dict[str, float]) -> float:
        z = self.margin(feats)
        return 1.0 / (1.0 + math.exp(-z)) if z > -50 else 0.0


def _compile_trees(spec: dict):
    """The trees as one generated Python function of the feature vector (10x faster than walking them).

    Only ints and floats from the spec enter the source (cast below), so no text from the file is executed.
    """
    lr = float(spec["learning_rate"])

    def node(tree: dict, i: int, depth: int) -> str:
        pad = "    " * depth
        if tree["l"][i] == -1:
            return f"{pad}t += {lr * float(tree['v'][i])!r}\n"
        return (f"{pad}if x[{int(tree['f'][i])}] <= {float(tree['t'][i])!r}:\n" + node(tree, tree["l"][i], depth + 1)
                + f"{pad}else:\n" + node(tree, tree["r"][i], depth + 1))

    src = f"def trees(x):\n    t = {float(spec['init'])!r}\n" + "".join(node(t, 0, 1) for t in spec["trees"]) + "    return t\n"
    scope: dict = {}
    exec(compile(src, "<attribution-trees>", "exec"), scope)  # noqa: S102 - generated from numbers only
    return scope["trees"]


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> dict[str, Model]:
    """The shipped models ({"arm": Model, "cohort": Model}) from ``model.json``."""
    p = Path(path) if path else MODEL_DIR / "model.json"
    spec = json.loads(p.read_text(encoding="utf-8"))
    return {name: Model(s) for name, s in spec["models"].items()}


def arm_scores(doc: Doc, c: Candidate, arms: list[Arm], models: dict[str, Model],
               base: dict[str, float] | None = None, floor: float = 0.0) -> dict[str, float]:
    """P(candidate is this arm's value) = P(some arm's value) x P(this arm | an arm's value).

    Two models because the labels differ in quality: "is it an arm value" learns from
    noisy negatives (unlabelled numbers), "which arm" only from labelled arm values.
    """
    base = candidate_features(doc, c) if base is None else base
    p_value = models["value"].predict(base)
    if p_value < floor:
        # No arm can reach the floor: skip the pair model (most numbers are not arm values).
        return {a.key: 0.0 for a in arms}
    raw = {a.key: models["arm"].predict(pair_features(doc, c, a, base)) for a in arms}
    total = sum(raw.values()) or 1.0
    return {k: p_value * v / total for k, v in raw.items()}


def _as_arms(text: str, arms: list) -> list[Arm]:
    if arms and isinstance(arms[0], dict):
        return build_inventory(text, arms)
    return list(arms)


def attribute(text: str, sentences: list[tuple[int, int]], candidates: list[Candidate], arms: list,
              sections: list[tuple[int, int, str]] = (), mentions: list[Mention] | None = None,
              models: dict[str, Model] | None = None, threshold: float | None = None) -> list[Attribution]:
    """Attribute each candidate to an arm / the cohort / the comparison, or leave it unattributed.

    ``arms`` are :class:`Arm` objects or the existing extractor's arm dicts. Below the
    model's threshold a candidate stays unattributed; between the review floor and the
    threshold it is flagged ``review_attribution`` with the best arm in ``scores``.
    """
    models = models or load_model()
    inventory = _as_arms(text, arms)
    mentions = find_mentions(text, inventory) if mentions is None else mentions
    doc = Doc(text, sentences, candidates, inventory, mentions, sections)
    arm_model, cohort_model = models["arm"], models.get("cohort")
    thr = arm_model.threshold if threshold is None else threshold
    out = []
    for c in candidates:
        if c.kind in BETWEEN_KINDS:
            out.append(Attribution(c, "between_arms", probability=1.0))
            continue
        base = candidate_features(doc, c)
        scores = arm_scores(doc, c, inventory, models, base, floor=min(arm_model.review_floor, thr))
        best = max(scores, key=scores.get) if scores else None
        if best is not None and scores[best] >= thr:
            arm = next(a for a in inventory if a.key == best)
            out.append(Attribution(c, "arm", best, arm.role, scores[best], scores=scores))
            continue
        cohort_p = cohort_model.predict(base) if cohort_model and c.kind in {"count", "events"} else 0.0
        if cohort_model and cohort_p >= cohort_model.threshold:
            out.append(Attribution(c, "cohort", probability=cohort_p, scores=scores))
            continue
        flags = ["review_attribution"] if best is not None and scores[best] >= arm_model.review_floor else []
        out.append(Attribution(c, "unattributed", probability=1.0 - (scores[best] if best else 0.0),
                               flags=flags, scores=scores))
    return out
