"""Train, cross-check and ship the learned export gate (extract/export_gate.py) from arm-level golds.

    python tools/train_export_gate.py tests/data/blind3_dev.jsonl tests/data/blind4_dev.jsonl ... \
        --out extract/models/export_gate/ [--report benchmarks/results/export_gate_loso.json] \
        [--extra benchmarks/data/export_gate_pico_rows.jsonl.gz --extra-weight 1] [--newest blind21_dev,blind22_dev]

Each candidate result the pipeline produces (every exported result, and every unattributed one whose
attribution model named a best arm, placed on that arm) is labelled right when it matches a gold result
on value, arm/target and outcome (the matching of ``tools/evaluate.py``: the greedy one-to-one matching
of the exported results; a promoted value is right when it matches a gold result no exported value took).

Leave-one-set-out: for each gold file, a model trained on the others scores the held-out file's
candidates; precision/recall of the held-out file before and after the gate, over a grid of
thresholds (0.01 apart). The threshold shipped is chosen on the pooled held-out scores by a threshold rule
(``--rule``, default ``DEFAULT_RULE``, recorded in model.json as ``threshold_rule``): ``marginal``, the lowest
threshold from which on every score band holds candidates right at least a stated share of the time; ``first``
(before round 9), the lowest whose pooled held-out precision reaches ``--target``; the promotion threshold is
the lowest whose promoted values alone reach ``--target`` (off when none does). A threshold chosen on the curve
it is reported on flatters it, so with ``--report`` the tool also measures the choice itself (nested): for each
file, the threshold is chosen by the same rule on a leave-one-set-out of the other files alone and applied to
the file's held-out scores; a rule parameter given as a list of candidates is chosen there too (doubly
nested). The shipped model is trained on all files. Fixed seed and rounding: same data, same file, byte for byte.

The nested figure pools old sets, on which the rules and learned stages upstream of the gate were written and
trained, and there the gate's scores are too modest; on the newest sets they are too high (round 18: at scores
0.90-0.95, 96% right on blind3-14 and 86% on blind17-22), so the pooled figure (94%) flatters what a new set gets
(86-89% on blind sets). ``--newest`` names the sets in the order they arrived: each is held out with a model and
threshold from the sets before it alone (``newest_held_out``), reported beside the nested figure of the same sets:
the estimate to read for a set not seen.

``--extra`` adds rows from outside the golds (``tools/pico_gate_rows.py``: PICO-Corpus numbers on the right or
wrong arm side) to every fit, at ``--extra-weight``, with a feature of their own (``EXTRA_SOURCE``) that takes
up their different share right; they are never scored in the golds' figures. The report then also gives them
scored out of fold (five folds by abstract): their share right before and after the gate at its threshold.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.extract import export_gate  # noqa: E402
from stemfoot.extract.run import extract_records  # noqa: E402
from stemfoot.tools import evaluate as ev  # noqa: E402

SEED = 13
#: Stronger regularisation than the attribution model's: 11 small sets, and a pooled held-out AUC of 0.778 at
#: C = 0.5 against 0.759 at C = 2 (benchmarks/results/export_gate_loso.json).
C = 0.5
GRID = [round(0.01 * i, 2) for i in range(0, 100)]
PROMOTE_GRID = [round(0.5 + 0.05 * i, 2) for i in range(0, 10)]


def label_record(rec: dict, out: dict, info: list[dict] | None = None) -> list[tuple[dict, bool, bool]]:
    """(features, right, promoted) of each gated candidate of one extracted record; with ``info``, also a
    description of each row (what was placed where, and the gold results stating its value) appended there."""
    gold = rec["gold"]
    mapping = ev.arm_mapping(gold, out)
    arm_roles = mapping[2]
    stats = ev.exported_results(out)
    claimed = [s for s in stats if s["_target"] != "unattributed"]
    atoms = ev.result_atoms(gold)

    def fits(atom: dict, st: dict) -> bool:
        return ev.result_right(atom, st, mapping)

    matches = ev.greedy_match(atoms, claimed, fits)
    used, taken = set(matches.values()), set(matches)
    rows = []
    for i, st in enumerate(claimed):
        if "_gate_features" in st:
            rows.append((st["_gate_features"], i in used, False))
            if info is not None:
                info.append(describe(rec, st, atoms, mapping, taken, i in used))
    for st in stats:
        if st["_target"] != "unattributed" or "_gate_features" not in st:
            continue
        arm = st["attribution"]["model_arm"]
        placed = {**st, "_target": "arm", "arm": arm, "arm_role": arm_roles.get(arm)}
        hit = next((ai for ai, atom in enumerate(atoms) if ai not in taken and fits(atom, placed)), None)
        if hit is not None:
            taken.add(hit)
        rows.append((st["_gate_features"], hit is not None, True))
        if info is not None:
            info.append(describe(rec, placed, atoms, mapping, taken, hit is not None))
    return rows


def describe(rec: dict, st: dict, atoms: list[dict], mapping: ev.Mapping, taken: set[int], right: bool) -> dict:
    """One candidate as a reader checks it (``--dump``): its placement, evidence and sentence, and the gold
    results with the same value (their target, arm, outcome; whether the candidate's arm is right for each;
    whether a better candidate already took them)."""
    gold_arms, arm_map, arm_roles = mapping
    e = st["evidence"]
    text = rec["abstract"]
    same = [{"target": a["target"], "arm": a["arm"], "outcome": a["outcome"], "taken": ai in taken,
             "arm_right": ev._arm_right(a, st, gold_arms, arm_map, arm_roles)}
            for ai, a in enumerate(atoms) if ev._values_match(a, st)]
    return {"id": rec.get("id") or rec.get("pmid"), "right": right, "kind": st["kind"], "target": st["_target"],
            "arm": st.get("arm"), "gold_arm": arm_map.get(st.get("arm")), "outcome": st.get("outcome"),
            "text": e.get("text"), "sentence": text[e.get("sentence_start", 0):e.get("sentence_end", len(text))],
            "flags": st.get("flags") or [], "same_value_gold": same}


def collect(paths: list[str], with_info: bool = False) -> dict[str, dict]:
    """Per gold file: its candidate rows and its number of gold results (and, ``with_info``, a description of
    each row)."""
    data = {}
    for path in paths:
        records = ev.load_gold(path)
        with export_gate.collecting():
            outs = list(extract_records(((r.get("title"), r["abstract"]) for r in records), pico=False))
        info: list[dict] | None = [] if with_info else None
        rows = [row for rec, out in zip(records, outs) for row in label_record(rec, out, info)]
        data[Path(path).name.replace(".jsonl", "")] = {"rows": rows, "info": info,
                                                       "gold": sum(len(ev.result_atoms(r["gold"])) for r in records)}
    return data


#: A feature only the extra rows carry (never set at run time): it takes up the difference in how often their
#: placements are right, so that the shared weights learn what tells right from wrong in both sources.
EXTRA_SOURCE = "source=extra"


def fit(rows: list[tuple[dict, bool, bool]], extra: Extra | None = None) -> dict:
    """A logistic regression over the rows (and the extra rows at their weight, with ``EXTRA_SOURCE`` set), as the
    JSON spec ``export_gate.GateModel`` reads."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    more = extra.rows if extra else []
    vec = DictVectorizer(sort=True)
    feats = []
    for f, _, promoted in rows:
        feats.append({**f, "promoted": 1.0} if promoted else f)
    for f, _, promoted in more:
        feats.append({**f, EXTRA_SOURCE: 1.0, **({"promoted": 1.0} if promoted else {})})
    x = vec.fit_transform(feats)
    y = [int(r) for _, r, _ in rows] + [int(r) for _, r, _ in more]
    weights = [1.0] * len(rows) + [extra.weight if extra else 1.0] * len(more)
    clf = LogisticRegression(C=C, max_iter=5000, random_state=SEED, solver="lbfgs")
    clf.fit(x, y, sample_weight=weights)
    return {"type": "logistic", "features": list(vec.get_feature_names_out()),
            "coef": [round(float(c), 6) for c in clf.coef_[0]], "intercept": round(float(clf.intercept_[0]), 6)}


def figures(scored: list[tuple[float, bool, bool]], n_gold: int, thr: float, promote: float) -> dict:
    """Precision/recall of exported results after the gate at (thr, promote)."""
    kept = [r for p, r, promo in scored if (p >= promote if promo else p >= thr)]
    matched = sum(kept)
    return {"precision": round(matched / len(kept), 4) if kept else None,
            "recall": round(matched / n_gold, 4) if n_gold else None, "matched": matched, "exported": len(kept)}


def choose(pooled: list[tuple[float, bool, bool]], n_gold: int, target: float) -> tuple[float, float]:
    """The lowest threshold with pooled held-out precision >= target; the promotion threshold likewise."""
    thr = next((t for t in GRID if (figures(pooled, n_gold, t, 2.0)["precision"] or 0) >= target), GRID[-1])
    promoted = [(p, r) for p, r, promo in pooled if promo]
    promote = 1.01
    for t in PROMOTE_GRID:
        got = [r for p, r in promoted if p >= t]
        if len(got) >= 5 and sum(got) / len(got) >= target:
            promote = t
            break
    return thr, promote


#: Threshold rules (``--rule``). ``first`` (the default) is the lowest threshold whose pooled held-out precision
#: reaches the target; on a flat curve a small lift moves it far (round 8b: 0.80 -> 0.74). The others aim at the
#: precision of a set not seen: ``wilson``, the lowest whose Wilson lower bound (``--z``) reaches it; ``sets``,
#: the lowest where a share (``--share``) of the sets reach it, each on its own held-out curve; ``bootstrap``, a
#: quantile (``--quantile``) of the ``first`` thresholds of the pooled curves of sets drawn with replacement.
#: ``marginal`` asks what the candidates at the margin are worth instead: the lowest threshold from which on
#: every band of scores [t, t + ``--band``) holds pooled held-out candidates right at least ``--marginal`` of
#: the time (empty bands skipped), so a lift of the curve does not buy candidates that are mostly wrong.
RULES = ("first", "wilson", "sets", "bootstrap", "marginal")
BOOTSTRAP_DRAWS = 500
#: Each rule's parameters and their defaults (``--rule`` without them).
RULE_PARAMS: dict[str, dict[str, float]] = {"first": {}, "wilson": {"z": 1.645}, "sets": {"share": 0.75},
                                            "bootstrap": {"quantile": 0.5},
                                            "marginal": {"marginal": 0.8, "band": 0.1, "min_band": 0}}
#: The rule the shipped model is trained with (recorded in model.json as ``threshold_rule``). Round 9: the
#: marginal rule at a stated level (a candidate is worth exporting where those at its score are right 85% of the
#: time), not a level tuned to a pooled precision: choosing the level inside the training folds to reach 95%
#: pooled precision flips between 0.85 and 0.9 and the thresholds between 0.77 and 0.99 (doubly nested figures
#: in docs/extraction.md, benchmarks/gate_threshold_rules.py); bands hold at least 30 candidates.
DEFAULT_RULE: dict = {"name": "marginal", "marginal": 0.85, "band": 0.1, "min_band": 30}


def rule_spec(rule: str | None, given: dict[str, str | None]) -> dict:
    """The rule spec of the command line: ``DEFAULT_RULE`` (or the named rule's defaults) with the parameters
    given; a comma list is a list of candidates to choose from inside the training folds."""
    base = dict(DEFAULT_RULE) if rule in (None, DEFAULT_RULE["name"]) else {"name": rule, **RULE_PARAMS[rule]}
    for key, raw in given.items():
        if raw is None:
            continue
        if key not in RULE_PARAMS[base["name"]]:
            raise SystemExit(f"Error: --{key.replace('_', '-')} is not a parameter of the {base['name']} rule")
        kind = int if key == "min_band" else float
        vals = [kind(v) for v in str(raw).split(",")]
        base[key] = vals if len(vals) > 1 else vals[0]
    return base


def rule_argv(spec: dict) -> list[str]:
    """The command-line options that give ``spec`` (a model.json ``threshold_rule``; ``chosen`` is an outcome,
    not an option)."""
    argv = ["--rule", spec["name"]]
    for key, val in spec.items():
        if key in ("name", "chosen"):
            continue
        argv += [f"--{key.replace('_', '-')}", ",".join(str(v) for v in val) if isinstance(val, list) else str(val)]
    return argv


def grid_counts(scored: list[tuple[float, bool, bool]]) -> tuple[list[int], list[int]]:
    """Exported and right candidates (promoted ones left out) at each threshold of ``GRID``."""
    import bisect

    plain = sorted((p, bool(r)) for p, r, promo in scored if not promo)
    ps = [p for p, _ in plain]
    # right_from[k]: right candidates among plain[k:]
    right_from = [0] * (len(plain) + 1)
    for k in range(len(plain) - 1, -1, -1):
        right_from[k] = right_from[k + 1] + plain[k][1]
    exported, right = [], []
    for t in GRID:
        k = bisect.bisect_left(ps, t)
        exported.append(len(plain) - k)
        right.append(right_from[k])
    return exported, right


def wilson_lower(right: int, n: int, z: float) -> float:
    """Wilson score lower bound of a proportion ``right``/``n`` (0 when n is 0)."""
    if n == 0:
        return 0.0
    p = right / n
    centre = p + z * z / (2 * n)
    half = z * ((p * (1 - p) + z * z / (4 * n)) / n) ** 0.5
    return (centre - half) / (1 + z * z / n)


def _first(exported: list[int], right: list[int], target: float) -> float:
    """The lowest grid threshold whose precision reaches ``target`` (the last when none does)."""
    return next((t for t, e, r in zip(GRID, exported, right) if e and round(r / e, 4) >= target), GRID[-1])


def rule_threshold(counts: dict[str, tuple[list[int], list[int]]], target: float, rule: str = "first",
                   z: float = 1.645, share: float = 0.75, quantile: float = 0.5, seed: int = SEED,
                   marginal: float = 0.8, band: float = 0.1, min_band: int = 0) -> float:
    """The threshold a rule chooses from per-set held-out ``grid_counts`` (pure; no fitting)."""
    names = sorted(counts)
    pooled_e = [sum(counts[n][0][i] for n in names) for i in range(len(GRID))]
    pooled_r = [sum(counts[n][1][i] for n in names) for i in range(len(GRID))]
    if rule == "first":
        return _first(pooled_e, pooled_r, target)
    if rule == "wilson":
        return next((t for t, e, r in zip(GRID, pooled_e, pooled_r) if wilson_lower(r, e, z) >= target), GRID[-1])
    if rule == "sets":
        # A set with nothing exported at a threshold neither meets nor misses the target there.
        for i, t in enumerate(GRID):
            live = [n for n in names if counts[n][0][i]]
            met = sum(1 for n in live if counts[n][1][i] / counts[n][0][i] >= target)
            if live and met >= share * len(live):
                return t
        return GRID[-1]
    if rule == "bootstrap":
        import random

        rng = random.Random(seed)
        picks = []
        for _ in range(BOOTSTRAP_DRAWS):
            draw = [rng.choice(names) for _ in names]
            e = [sum(counts[n][0][i] for n in draw) for i in range(len(GRID))]
            r = [sum(counts[n][1][i] for n in draw) for i in range(len(GRID))]
            picks.append(_first(e, r, target))
        picks.sort()
        return picks[min(len(picks) - 1, int(quantile * len(picks)))]
    if rule == "marginal":
        width = max(1, round(band / 0.01))
        chosen = GRID[-1]
        for i in range(len(GRID) - 1, -1, -1):
            j = min(i + width, len(GRID))
            # A band with fewer than ``min_band`` candidates reaches up until it holds that many (or to the top):
            # a handful of candidates at one score is no evidence of what the margin is worth.
            while j < len(GRID) and pooled_e[i] - pooled_e[j] < min_band:
                j += 1
            e = pooled_e[i] - (pooled_e[j] if j < len(GRID) else 0)
            r = pooled_r[i] - (pooled_r[j] if j < len(GRID) else 0)
            if e and r / e < marginal:
                break
            chosen = GRID[i]
        return chosen
    raise ValueError(f"unknown threshold rule {rule!r} (one of {', '.join(RULES)})")


@dataclass(frozen=True)
class Extra:
    """Training rows from outside the golds (``tools/pico_gate_rows.py``): in every fit at ``weight``, never
    scored in the golds' held-out figures. ``ids`` names each row's document (for folds over the rows)."""

    rows: list[tuple[dict, bool, bool]]
    weight: float
    ids: list[str]
    path: str


def load_extra(path: Path, weight: float) -> Extra:
    """The rows of a ``pico_gate_rows`` file; ``path`` is recorded relative to the repository when inside it."""
    from stemfoot.tools.pico_gate_rows import read_rows

    raw = read_rows(path)
    root = Path(__file__).resolve().parents[1]
    full = path.resolve()
    shown = str(full.relative_to(root)) if full.is_relative_to(root) else str(path)
    return Extra([(r["features"], bool(r["right"]), bool(r["promoted"])) for r in raw], weight,
                 [r["id"] for r in raw], shown)


def extra_held_out(data: dict[str, dict], extra: Extra, thr: float, k: int = 5) -> dict:
    """The extra rows scored out of fold: ``k`` folds by document (every ``k``-th id in sorted order), each scored
    by a model trained on all golds and the other folds; share right of the exported (not promoted) rows before
    and after the gate at ``thr``, and of the promotion candidates it would export."""
    ids = sorted(set(extra.ids))
    fold = {d: i % k for i, d in enumerate(ids)}
    golds = [row for n in data for row in data[n]["rows"]]
    scored = []
    for part in range(k):
        train_idx = [i for i, d in enumerate(extra.ids) if fold[d] != part]
        sub = Extra([extra.rows[i] for i in train_idx], extra.weight, [extra.ids[i] for i in train_idx], extra.path)
        model = export_gate.GateModel({**fit(golds, sub), "threshold": 0.5})
        scored += [(model.predict({**f, "promoted": 1.0} if promo else f), r, promo)
                   for (f, r, promo), d in zip(extra.rows, extra.ids) if fold[d] == part]
    plain = [(p, r) for p, r, promo in scored if not promo]
    kept = [r for p, r in plain if p >= thr]

    def share(xs: list[bool]) -> dict:
        return {"right": sum(xs), "n": len(xs), "precision": round(sum(xs) / len(xs), 4) if xs else None}

    return {"folds": k, "threshold": thr, "before": share([r for _, r in plain]), "after": share(kept),
            "promotable": share([r for p, r, promo in scored if promo and p >= thr])}


class Folds:
    """Held-out scores of models trained without some of the sets, each model fitted once (memoised by the sets
    left out): the nested and doubly nested figures need models without one, two and three sets (13 sets: 13 +
    78 + 286 fits), and most are shared between the folds. ``extra`` rows join every fit."""

    def __init__(self, data: dict[str, dict], extra: Extra | None = None) -> None:
        self.data = data
        self.extra = extra
        self._scores: dict[frozenset, dict[str, list[tuple[float, bool, bool]]]] = {}
        self._counts: dict[tuple[frozenset, str], tuple[list[int], list[int]]] = {}

    def without(self, left_out: frozenset) -> dict[str, list[tuple[float, bool, bool]]]:
        """Each left-out set's candidates scored by the model trained on all the other sets."""
        if left_out not in self._scores:
            train = [row for n in self.data if n not in left_out for row in self.data[n]["rows"]]
            model = export_gate.GateModel({**fit(train, self.extra), "threshold": 0.5})
            self._scores[left_out] = {n: [(model.predict({**f, "promoted": 1.0} if promo else f), r, promo)
                                          for f, r, promo in self.data[n]["rows"]] for n in sorted(left_out)}
        return self._scores[left_out]

    def loso(self, names: list[str]) -> dict[str, list[tuple[float, bool, bool]]]:
        """Leave-one-set-out within ``names``: each set scored by the model trained on the others of ``names``."""
        outside = frozenset(self.data) - frozenset(names)
        return {n: self.without(outside | {n})[n] for n in names}

    def counts(self, names: list[str]) -> dict[str, tuple[list[int], list[int]]]:
        """``grid_counts`` of ``loso(names)`` (memoised: the rules read them many times)."""
        outside = frozenset(self.data) - frozenset(names)
        out = {}
        for n in names:
            key = (outside | {n}, n)
            if key not in self._counts:
                self._counts[key] = grid_counts(self.without(outside | {n})[n])
            out[n] = self._counts[key]
        return out


def parse_rule(spec: dict) -> tuple[str, dict[str, float], dict[str, list[float]]]:
    """A ``threshold_rule`` spec as (rule, fixed parameters, parameters to choose with their candidates): a
    list value is chosen inside the training folds (``select``), a number is fixed."""
    fixed = {k: v for k, v in spec.items() if k not in ("name", "chosen") and not isinstance(v, list)}
    free = {k: list(v) for k, v in spec.items() if isinstance(v, list)}
    return spec["name"], fixed, free


def _settings(free: dict[str, list[float]]) -> list[dict[str, float]]:
    """Every combination of the free parameters' candidates, in the order given."""
    import itertools

    keys = list(free)
    return [dict(zip(keys, vals)) for vals in itertools.product(*(free[k] for k in keys))]


def nested_within(folds: Folds, names: list[str], target: float, rule: str, kw: dict[str, float]) -> dict:
    """The nested figure of one rule setting within ``names``: per set, the threshold the rule picks on the
    leave-one-set-out scores of the others alone, applied to the set's own held-out scores."""
    scored = folds.loso(names)
    matched = exported = 0
    per_set = []
    for held in names:
        rest = [n for n in names if n != held]
        thr = rule_threshold(folds.counts(rest), target, rule, **kw)
        got = figures(scored[held], 1, thr, 2.0)
        matched, exported = matched + got["matched"], exported + got["exported"]
        per_set.append((held, thr, got["precision"]))
    n_gold = sum(folds.data[n]["gold"] for n in names)
    return {"precision": matched / exported if exported else 0.0, "recall": matched / n_gold if n_gold else 0.0,
            "per_set": per_set}


def select(folds: Folds, names: list[str], target: float, rule: str, fixed: dict[str, float],
           free: dict[str, list[float]]) -> dict[str, float]:
    """The free parameters chosen on ``names`` alone: the setting with the most nested recall among those whose
    pooled nested precision reaches ``target`` (the most precise one when none does; ties go to the setting
    listed first)."""
    settings = _settings(free)
    if len(settings) <= 1:
        return settings[0] if settings else {}
    figs = [nested_within(folds, names, target, rule, {**fixed, **s}) for s in settings]
    ok = [i for i, f in enumerate(figs) if round(f["precision"], 4) >= target]
    best = max(ok, key=lambda i: (figs[i]["recall"], -i)) if ok else max(
        range(len(figs)), key=lambda i: (figs[i]["precision"], -i))
    return settings[best]


def threshold_by_spec(folds: Folds, names: list[str], target: float, spec: dict) -> tuple[float, dict[str, float]]:
    """The threshold a rule spec gives on ``names`` (its free parameters chosen on ``names`` alone) and the
    parameters it used."""
    rule, fixed, free = parse_rule(spec)
    kw = {**fixed, **select(folds, names, target, rule, fixed, free)}
    return rule_threshold(folds.counts(names), target, rule, **kw), kw


def nested(folds: Folds, target: float, spec: dict) -> dict:
    """The threshold rule measured honestly: per file, the rule's free parameters (if any) and its threshold
    chosen on a leave-one-set-out of the other files alone, applied to the file's held-out scores (the doubly
    nested figure when the spec has free parameters)."""
    names = list(folds.data)
    scored = folds.loso(names)
    per_set = []
    for held in names:
        rest = [n for n in names if n != held]
        inner = folds.loso(rest)
        _, promote = choose([x for n in rest for x in inner[n]], sum(folds.data[n]["gold"] for n in rest), target)
        thr, kw = threshold_by_spec(folds, rest, target, spec)
        per_set.append({"held_out": held, "threshold": thr, "promote_threshold": promote, "params": kw,
                        **figures(scored[held], folds.data[held]["gold"], thr, promote)})
    return {"per_set": per_set, "pooled": pooled_of(per_set, names, sum(folds.data[n]["gold"] for n in names))}


def newest_held_out(folds: Folds, newest: list[str], target: float, spec: dict) -> dict:
    """The gate measured as a new set meets it: each of the ``newest`` sets (in the order they arrived) scored
    by a model trained only on the sets that came before it (every other set, and the newest ones listed before
    it), at the threshold the rule chooses on those sets alone. Nested leave-one-set-out pools sets the stages
    upstream of the gate were written and trained on (their candidates are right more often at the same score),
    and lets a set's successors train the model; this figure does neither for the gate, and pools only the sets
    least tuned to. Beside it, the nested figure of the same sets."""
    per_set = []
    for i, held in enumerate(newest):
        prior = [n for n in folds.data if n not in newest[i:]]
        scored = folds.without(frozenset(newest[i:]))[held]
        thr, kw = threshold_by_spec(folds, prior, target, spec)
        per_set.append({"held_out": held, "trained_on": len(prior), "threshold": thr,
                        **figures(scored, folds.data[held]["gold"], thr, 2.0)})
    return {"per_set": per_set, "pooled": pooled_of(per_set, newest, sum(folds.data[n]["gold"] for n in newest))}


def pooled_of(per_set: list[dict], names: list[str], n_gold: int) -> dict:
    """Pooled precision/recall of the ``names`` rows of a per-set table."""
    rows = [r for r in per_set if r["held_out"] in names]
    matched, exported = sum(r["matched"] for r in rows), sum(r["exported"] for r in rows)
    return {"precision": round(matched / exported, 4) if exported else None,
            "recall": round(matched / n_gold, 4) if n_gold else None, "matched": matched, "exported": exported}


def calibration(scored: list[tuple[float, bool, bool]], bins: int = 10) -> list[dict]:
    """Reliability table: per P bin, mean P and the share right."""
    out = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        xs = [(p, r) for p, r, _ in scored if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if xs:
            out.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(xs), "mean_p": round(sum(p for p, _ in xs) / len(xs), 3),
                        "right": round(sum(r for _, r in xs) / len(xs), 3)})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold", nargs="+", help="gold JSONL files (arm-level golds)")
    ap.add_argument("--out", type=Path, default=Path(export_gate.MODEL_PATH).parent)
    ap.add_argument("--report", type=Path, help="write the leave-one-set-out figures here (JSON)")
    ap.add_argument("--target", type=float, default=0.95, help="held-out precision the threshold must reach")
    ap.add_argument("--dump", type=Path, help="write every candidate's held-out P, label and description here "
                    "(JSONL; for reading the gate's errors)")
    ap.add_argument("--rule", choices=RULES, help=f"threshold rule (default {DEFAULT_RULE['name']}, with the "
                    "parameters of DEFAULT_RULE); a parameter given as a comma list is chosen inside the training "
                    "folds (the setting with the most nested recall whose nested precision reaches the target)")
    ap.add_argument("--z", help="wilson: z of the lower bound")
    ap.add_argument("--share", help="sets: share of sets that must reach the target")
    ap.add_argument("--quantile", help="bootstrap: quantile of the drawn thresholds")
    ap.add_argument("--marginal", help="marginal: precision every band must keep")
    ap.add_argument("--band", help="marginal: width of the score bands")
    ap.add_argument("--min-band", dest="min_band", help="marginal: fewest candidates a band may hold")
    ap.add_argument("--extra", type=Path, help="more training rows (tools/pico_gate_rows.py output): in every fit, "
                    "never in the golds' held-out figures")
    ap.add_argument("--newest", help="with --report: comma list of gold names (file stems, in the order the sets "
                    "arrived) each held out with a model and threshold from the sets before it alone (newest_held_out)")
    ap.add_argument("--no-nested", dest="nested", action="store_false",
                    help="with --report: leave out the nested and --newest figures (a fit per pair of sets and per "
                    "set before each newest one: hours at 64 golds on 2 cores); the model and threshold are the same")
    ap.add_argument("--extra-weight", type=float, default=1.0, help="weight of each extra row (a gold row's is 1)")
    args = ap.parse_args(argv)
    spec = rule_spec(args.rule, {k: getattr(args, k) for k in ("z", "share", "quantile", "marginal", "band",
                                                                "min_band")})
    data = collect(args.gold, with_info=args.dump is not None)
    names = list(data)
    extra = load_extra(args.extra, args.extra_weight) if args.extra else None
    folds = Folds(data, extra)
    scored_by_set = folds.loso(names)
    pooled = [x for n in names for x in scored_by_set[n]]
    n_gold = sum(data[n]["gold"] for n in names)
    _, promote = choose(pooled, n_gold, args.target)
    thr, kw = threshold_by_spec(folds, names, args.target, spec)
    table = []
    for n in names:
        before = figures(scored_by_set[n], data[n]["gold"], 0.0, 2.0)
        after = figures(scored_by_set[n], data[n]["gold"], thr, promote)
        table.append({"held_out": n, "before": before, "after": after})
    curve = [{"threshold": t, **figures(pooled, n_gold, t, 2.0)} for t in GRID]
    report = {"threshold": thr, "promote_threshold": promote, "target_precision": args.target,
              "per_set": table, "pooled_before": figures(pooled, n_gold, 0.0, 2.0),
              "pooled_after": figures(pooled, n_gold, thr, promote), "curve": curve,
              "calibration": calibration(pooled)}
    rule = {**spec, "chosen": kw} if kw != parse_rule(spec)[1] else spec
    report["rule"] = rule
    if args.report and args.nested:
        # Only with a report: 78 more fits for 13 files (the rebuild check needs the model alone); with free
        # parameters, 286 more (the doubly nested figure).
        report["nested"] = nested(folds, args.target, spec)
        if args.newest:
            newest = [n.strip() for n in args.newest.split(",")]
            unknown = [n for n in newest if n not in data]
            if unknown:
                raise SystemExit(f"Error: --newest names no gold given: {', '.join(unknown)}")
            report["newest"] = newest_held_out(folds, newest, args.target, spec)
            report["newest"]["nested_same_sets"] = pooled_of(report["nested"]["per_set"], newest,
                                                             sum(data[n]["gold"] for n in newest))
    if args.report and extra:
        report["extra_held_out"] = extra_held_out(data, extra, thr)
    model = {**fit([row for n in names for row in data[n]["rows"]], extra), "threshold": thr,
             "promote_threshold": promote, "trained_on": names, "seed": SEED, "C": C, "threshold_rule": rule}
    if extra:
        model["extra"] = {"rows": extra.path, "weight": extra.weight, "n": len(extra.rows)}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "model.json").write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for n in names:
                for (p, r, promo), info in zip(scored_by_set[n], data[n]["info"]):
                    fh.write(json.dumps({"set": n, "p": round(p, 4), "promoted": promo, "passes": p >= (
                        promote if promo else thr), **info}, sort_keys=True) + "\n")
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"threshold {thr}, promotion threshold {promote} (held-out precision target {args.target}, rule "
          f"{json.dumps(rule)})")
    print(f"{'held out':<18} {'P before':>8} {'R before':>8} {'P after':>8} {'R after':>8}")
    for row in table:
        b, a = row["before"], row["after"]
        print(f"{row['held_out']:<18} {100 * (b['precision'] or 0):8.1f} {100 * (b['recall'] or 0):8.1f} "
              f"{100 * (a['precision'] or 0):8.1f} {100 * (a['recall'] or 0):8.1f}")
    b, a = report["pooled_before"], report["pooled_after"]
    print(f"{'pooled':<18} {100 * b['precision']:8.1f} {100 * b['recall']:8.1f} {100 * a['precision']:8.1f} "
          f"{100 * a['recall']:8.1f}")
    print("curve (pooled held-out, no promotion):")
    for c in curve:
        if round(c["threshold"] * 100) % 5 and c["threshold"] != thr:
            continue
        print(f"  thr {c['threshold']:.2f}  P {100 * (c['precision'] or 0):5.1f}  R {100 * (c['recall'] or 0):5.1f}  "
              f"exported {c['exported']}")
    print("calibration:", json.dumps(report["calibration"]))
    if "nested" in report:
        n = report["nested"]
        print("nested (rule parameters and threshold chosen without the held-out file):", " ".join(
            f"{r['held_out']} {r['threshold']:.2f} {100 * (r['precision'] or 0):.1f}/{100 * (r['recall'] or 0):.1f};"
            for r in n["per_set"]))
        print(f"nested pooled: P {100 * (n['pooled']['precision'] or 0):.1f} R {100 * (n['pooled']['recall'] or 0):.1f}")
    if "newest" in report:
        w = report["newest"]
        print("newest sets, each from the sets before it:", " ".join(
            f"{r['held_out']} {r['threshold']:.2f} {r['matched']}/{r['exported']};" for r in w["per_set"]))
        print(f"newest pooled: P {100 * (w['pooled']['precision'] or 0):.1f} R {100 * (w['pooled']['recall'] or 0):.1f}"
              f" (nested on the same sets: P {100 * (w['nested_same_sets']['precision'] or 0):.1f} R "
              f"{100 * (w['nested_same_sets']['recall'] or 0):.1f})")
    if "extra_held_out" in report:
        x = report["extra_held_out"]
        print(f"extra rows out of fold ({x['folds']} folds, threshold {x['threshold']}): right {x['before']['right']}/"
              f"{x['before']['n']} before, {x['after']['right']}/{x['after']['n']} exported after; promotable "
              f"{x['promotable']['right']}/{x['promotable']['n']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
