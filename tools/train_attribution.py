"""Train and cross-validate the arm-attribution model on PICO-Corpus (BRAT).

    python tools/train_attribution.py --data ../shared/data/numeric/pico_corpus_mutinda \
        --out extract/models/attribution/ [--cv-out benchmarks/results/attribution_cv.json] [--folds 5]

Writes ``model.json`` (portable: feature names + coefficients or trees) and
``metrics.json``; with ``--folds`` > 1 also runs document-level k-fold CV and
prints a table of arm-role attribution precision/recall per value family.
Fixed seeds: the same data give the same model, byte for byte.

Label handling (PICO-Corpus marks only some numbers):
- a candidate whose numbers carry iv-*/intervention-participants labels is the
  intervention arm's, cv-*/control-participants the control's; both at once
  (annotation clash) -> left out of training;
- an unlabelled candidate is a negative (cohort / not an arm value) only when its
  document labels that family of values at all (an abstract whose annotator
  marked no means says nothing about its means); total-participants -> cohort.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.extract.arm_inventory import Arm, find_mentions, make_arm, _drop_shared_aliases  # noqa: E402
from stemfoot.extract.attribution import (  # noqa: E402
    BETWEEN_KINDS, Doc, Model, arm_scores, candidate_features, pair_features,
)
from stemfoot.extract.candidates import Candidate, find_candidates, section_spans, split_sentences  # noqa: E402

SEED = 13
#: PICO label -> (role, family).
_ROLE = {"iv": "intervention", "cv": "control"}
_FAMILY = {"bin-abs": "events", "bin-percent": "percent", "cont-mean": "mean", "cont-sd": "sd",
           "cont-median": "median", "cont-q1": "quartile", "cont-q3": "quartile"}
FAMILIES = ("events", "percent", "mean", "sd", "participants", "median")
#: Families a candidate kind may hold (for "the document labels this family" negatives).
_KIND_FAMILIES = {"events": {"events", "percent", "participants"}, "percent": {"percent"}, "mean_sd": {"mean", "sd"},
                  "mean": {"mean"}, "median": {"median", "quartile"}, "count": {"events", "participants"},
                  "number": {"mean", "median", "sd", "percent"}}
_FIELD_FAMILY = {"events": "events", "percent": "percent", "mean": "mean", "sd": "sd", "median": "median",
                 "total": "participants", "q1": "quartile", "q3": "quartile"}
_PARTICIPANT_CUE = re.compile(r"\b(?:randomi[sz]ed|randomly|allocated|assigned|enrolled|recruited|included|n\s*=)", re.I)


@dataclass
class Label:
    kind: str
    start: int
    end: int
    text: str


@dataclass
class Example:
    """One document: text, candidates, arms, mentions, gold labels."""

    doc_id: str
    text: str
    labels: list[Label]
    sentences: list[tuple[int, int]] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    arms: list[Arm] = field(default_factory=list)
    doc: Doc | None = None


def read_brat(ann_path: Path) -> list[Label]:
    """Text-bound annotations of one .ann file (discontinuous spans: first start, last end)."""
    out = []
    for n, line in enumerate(ann_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("T"):
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            raise ValueError(f"{ann_path}:{n}: not a BRAT text-bound line")
        kind, *spans = re.split(r"[ ;]", parts[1])
        nums = [int(x) for x in spans if x.isdigit()]
        out.append(Label(kind, nums[0], nums[-1], parts[2]))
    return out


def gold_role_family(label: str) -> tuple[str | None, str | None]:
    """('intervention', 'percent') for iv-bin-percent; (None, 'total') for total-participants."""
    if label == "intervention-participants":
        return "intervention", "participants"
    if label == "control-participants":
        return "control", "participants"
    if label == "total-participants":
        return None, "total"
    head, _, rest = label.partition("-")
    if head in _ROLE and rest in _FAMILY:
        return _ROLE[head], _FAMILY[rest]
    return None, None


def load_examples(data: Path, limit: int | None = None) -> list[Example]:
    """Every abstract with its .ann, sorted by id, prepared for features."""
    root = data / "pico_corpus_brat_annotated_files" if (data / "pico_corpus_brat_annotated_files").is_dir() else data
    anns = sorted(root.glob("*.ann"))
    if not anns:
        raise SystemExit(f"{root}: no .ann files")
    out = []
    for ann in anns[:limit]:
        txt = ann.with_suffix(".txt")
        if not txt.exists():
            print(f"{ann}: no matching .txt, skipped", file=sys.stderr)
            continue
        try:
            labels = read_brat(ann)
        except (ValueError, IndexError) as exc:
            print(f"{ann}: unreadable ({exc}), skipped", file=sys.stderr)
            continue
        out.append(prepare(Example(ann.stem, txt.read_text(encoding="utf-8"), labels)))
    return out


def pico_arms(text: str, labels: list[Label]) -> list[Arm]:
    """Two arms named by the annotated intervention/control spans (the extractor's arm labels at run time)."""
    iv = [l.text for l in labels if l.kind == "intervention"]
    cv = [l.text for l in labels if l.kind == "control"]
    arms = [make_arm(text, "I", iv[0] if iv else "intervention", "intervention", iv[1:]),
            make_arm(text, "C", cv[0] if cv else "control", "control", cv[1:])]
    _drop_shared_aliases(arms)
    return arms


def prepare(ex: Example) -> Example:
    ex.sentences = split_sentences(ex.text)
    ex.candidates = find_candidates(ex.text, ex.sentences)
    ex.arms = pico_arms(ex.text, ex.labels)
    ex.doc = Doc(ex.text, ex.sentences, ex.candidates, ex.arms, find_mentions(ex.text, ex.arms), section_spans(ex.text))
    return ex


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def part_gold(ex: Example, start: int, end: int) -> list[tuple[str | None, str]]:
    """(role, family) of gold value labels overlapping a span."""
    out = []
    for l in ex.labels:
        role, fam = gold_role_family(l.kind)
        if fam is not None and _overlap(start, end, l.start, l.end):
            out.append((role, fam))
    return out


def candidate_target(ex: Example, c: Candidate, doc_families: set[str]) -> tuple[str | None, bool] | None:
    """(arm role or None, is whole-cohort) for training; None when the labels say nothing usable."""
    golds = [g for p in c.parts for g in part_gold(ex, p.start, p.end)]
    roles = {r for r, _ in golds if r is not None}
    if len(roles) > 1:
        return None
    if roles:
        return roles.pop(), False
    if any(f == "total" for _, f in golds):
        return None, True
    if _KIND_FAMILIES.get(c.kind, set()) & doc_families:
        return None, False
    return None


def doc_families(ex: Example) -> set[str]:
    return {f for l in ex.labels for r, f in [gold_role_family(l.kind)] if r is not None and f}


def rows(examples: list[Example]) -> dict[str, tuple[list[dict], list[int]]]:
    """Training rows of the three models.

    value: candidate features -> is some arm's value (labelled negatives included);
    arm: candidate-arm pair features -> belongs to this arm (labelled arm values only,
    so which-arm is learnt from clean labels); cohort: count features -> whole-cohort size.
    """
    out: dict[str, tuple[list[dict], list[int]]] = {"value": ([], []), "arm": ([], []), "cohort": ([], [])}
    for ex in examples:
        fams = doc_families(ex)
        for c in ex.candidates:
            if c.kind in BETWEEN_KINDS:
                continue
            target = candidate_target(ex, c, fams)
            if target is None:
                continue
            role, cohort = target
            base = candidate_features(ex.doc, c)
            out["value"][0].append(base)
            out["value"][1].append(int(role is not None))
            if role is not None:
                for arm in ex.arms:
                    out["arm"][0].append(pair_features(ex.doc, c, arm, base))
                    out["arm"][1].append(int(arm.role == role))
            if c.kind in {"count", "events"}:
                out["cohort"][0].append(base)
                out["cohort"][1].append(int(cohort))
    return out


def _r(x: float) -> float:
    return float(f"{x:.6g}")


def fit(feats: list[dict], y: list[int], kind: str) -> dict:
    """Fit a model and return its portable JSON spec."""
    import numpy as np
    names = sorted({n for f in feats for n in f})
    index = {n: i for i, n in enumerate(names)}
    X = np.zeros((len(feats), len(names)))
    for i, f in enumerate(feats):
        for n, v in f.items():
            X[i, index[n]] = v
    y_arr = np.asarray(y)
    if kind == "logistic":
        from sklearn.linear_model import LogisticRegression
        clf = LogisticRegression(C=1.0, max_iter=2000, solver="lbfgs")
        clf.fit(X, y_arr)
        return {"type": "logistic", "features": names, "coef": [_r(v) for v in clf.coef_[0]],
                "intercept": _r(clf.intercept_[0])}
    from sklearn.ensemble import GradientBoostingClassifier
    clf = GradientBoostingClassifier(n_estimators=120, max_depth=3, learning_rate=0.1, random_state=SEED)
    clf.fit(X, y_arr)
    trees = []
    for est in clf.estimators_[:, 0]:
        t = est.tree_
        trees.append({"f": [int(v) for v in t.feature], "t": [_r(v) for v in t.threshold],
                      "l": [int(v) for v in t.children_left], "r": [int(v) for v in t.children_right],
                      "v": [_r(v) for v in t.value[:, 0, 0]]})
    prior = float(np.clip(y_arr.mean(), 1e-6, 1 - 1e-6))
    init = float(np.log(prior / (1 - prior)))
    return {"type": "gbt", "features": names, "trees": trees, "learning_rate": 0.1, "init": _r(init)}


def train(examples: list[Example], kind: str) -> dict[str, Model]:
    data = rows(examples)
    specs = {"value": fit(*data["value"], kind), "arm": fit(*data["arm"], kind)}
    if len(set(data["cohort"][1])) == 2:
        specs["cohort"] = fit(*data["cohort"], "logistic")
        specs["cohort"]["threshold"] = 0.5
    return {k: Model(v) for k, v in specs.items()}


def predict(ex: Example, models: dict[str, Model]) -> list[tuple[Candidate, str | None, float]]:
    """(candidate, best arm role, probability) of every non-between candidate."""
    out = []
    for c in ex.candidates:
        if c.kind in BETWEEN_KINDS:
            continue
        scores = arm_scores(ex.doc, c, ex.arms, models)
        best = max(scores, key=scores.get)
        out.append((c, next(a.role for a in ex.arms if a.key == best), scores[best]))
    return out


def part_family(ex: Example, c: Candidate, part, gold_fams: list[str]) -> str | None:
    """The family a predicted number counts under: its gold label's, else read from its field and context."""
    if gold_fams:
        return gold_fams[0]
    fam = _FIELD_FAMILY.get(part.field)
    if fam:
        return fam
    sentence = ex.text[c.sentence[0]:c.sentence[1]]
    if part.field == "count":
        return "participants" if _PARTICIPANT_CUE.search(sentence) else "events"
    if part.field == "number":
        return "median" if "median" in sentence.lower() else "mean"
    return None


def score(examples: list[Example], preds: dict[str, list], thresholds: list[float]) -> dict:
    """Per-family precision/recall of arm-role attribution at each threshold.

    strict: every number given an arm counts (unlabelled ones are false positives, as in NER scoring);
    labelled: only numbers carrying an iv/cv label count (the arm decision alone, given a found number).
    """
    res: dict = {}
    for thr in thresholds:
        tab = {f: {"tp": 0, "fp": 0, "fp_labelled": 0, "tp_labelled": 0, "gold": 0} for f in FAMILIES}
        for ex in examples:
            for l in ex.labels:
                role, fam = gold_role_family(l.kind)
                if role and fam in tab:
                    tab[fam]["gold"] += 1
            for c, role, p in preds[ex.doc_id]:
                if p < thr:
                    continue
                for part in c.parts:
                    golds = [g for g in part_gold(ex, part.start, part.end) if g[0] is not None]
                    fam = part_family(ex, c, part, [f for _, f in golds])
                    if fam not in tab:
                        continue
                    if any(r == role and f == fam for r, f in golds):
                        tab[fam]["tp"] += 1
                        tab[fam]["tp_labelled"] += 1
                    else:
                        tab[fam]["fp"] += 1
                        if golds:
                            tab[fam]["fp_labelled"] += 1
        out = {}
        for fam, t in tab.items():
            prec = t["tp"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else None
            prec_l = t["tp_labelled"] / (t["tp_labelled"] + t["fp_labelled"]) if t["tp_labelled"] + t["fp_labelled"] else None
            rec = t["tp"] / t["gold"] if t["gold"] else None
            f1 = 2 * prec * rec / (prec + rec) if prec and rec else None
            out[fam] = {**t, "precision": _rn(prec), "precision_labelled": _rn(prec_l), "recall": _rn(rec), "f1": _rn(f1)}
        tot = {k: sum(out[f][k] for f in FAMILIES if f != "median") for k in ("tp", "fp", "gold", "tp_labelled", "fp_labelled")}
        p_all = tot["tp"] / (tot["tp"] + tot["fp"]) if tot["tp"] + tot["fp"] else None
        r_all = tot["tp"] / tot["gold"] if tot["gold"] else None
        out["all5"] = {**tot, "precision": _rn(p_all), "recall": _rn(r_all),
                       "precision_labelled": _rn(tot["tp_labelled"] / max(tot["tp_labelled"] + tot["fp_labelled"], 1)),
                       "f1": _rn(2 * p_all * r_all / (p_all + r_all) if p_all and r_all else None)}
        res[f"{thr:.2f}"] = out
    return res


def _rn(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def coverage(examples: list[Example]) -> dict:
    """Share of gold iv/cv numbers that some candidate covers (the ceiling on recall)."""
    hit = tot = 0
    for ex in examples:
        for l in ex.labels:
            role, fam = gold_role_family(l.kind)
            if role and fam in FAMILIES:
                tot += 1
                hit += any(_overlap(p.start, p.end, l.start, l.end) for c in ex.candidates for p in c.parts)
    return {"covered": hit, "gold": tot, "share": _rn(hit / max(tot, 1))}


def calibration(examples: list[Example], preds: dict[str, list]) -> list[dict]:
    """Reliability of the best-arm probability on labelled candidates (bins of 0.1)."""
    bins = [[0, 0] for _ in range(10)]
    for ex in examples:
        fams = doc_families(ex)
        for c, role, p in preds[ex.doc_id]:
            target = candidate_target(ex, c, fams)
            if target is None:
                continue
            b = min(int(p * 10), 9)
            bins[b][0] += 1
            bins[b][1] += int(target[0] == role)
    return [{"bin": f"{i / 10:.1f}-{(i + 1) / 10:.1f}", "n": n, "observed": _rn(k / n) if n else None}
            for i, (n, k) in enumerate(bins)]


def cross_validate(examples: list[Example], folds: int, kind: str, thresholds: list[float]) -> tuple[dict, dict]:
    ids = [ex.doc_id for ex in examples]
    order = ids[:]
    random.Random(SEED).shuffle(order)
    fold_of = {d: i % folds for i, d in enumerate(order)}
    preds: dict[str, list] = {}
    for k in range(folds):
        train_ex = [ex for ex in examples if fold_of[ex.doc_id] != k]
        models = train(train_ex, kind)
        for ex in examples:
            if fold_of[ex.doc_id] == k:
                preds[ex.doc_id] = predict(ex, models)
    return score(examples, preds, thresholds), preds


def choose_threshold(curve: dict, target_precision: float) -> float:
    """The lowest threshold whose pooled strict precision (5 families) reaches the target, else the most precise."""
    ok = [float(t) for t, r in curve.items() if (r["all5"]["precision"] or 0) >= target_precision]
    if ok:
        return min(ok)
    return float(max(curve, key=lambda t: curve[t]["all5"]["precision"] or 0))


def print_table(title: str, rows_: dict) -> None:
    print(title)
    print(f"{'family':<14}{'gold':>6}{'tp':>6}{'fp':>6}{'P':>8}{'P(lab)':>8}{'R':>8}{'F1':>8}")
    for fam, r in rows_.items():
        def fmt(x):
            return f"{x:.3f}" if isinstance(x, float) else "-"
        print(f"{fam:<14}{r['gold']:>6}{r['tp']:>6}{r['fp']:>6}{fmt(r['precision']):>8}{fmt(r['precision_labelled']):>8}"
              f"{fmt(r['recall']):>8}{fmt(r['f1']):>8}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/numeric/pico_corpus_mutinda"))
    ap.add_argument("--out", type=Path, default=Path("extract/models/attribution"))
    ap.add_argument("--cv-out", type=Path, default=None, help="write the CV table here (JSON)")
    ap.add_argument("--folds", type=int, default=0, help="document-level k-fold CV (0: none)")
    ap.add_argument("--model", choices=("logistic", "gbt"), default="gbt")
    ap.add_argument("--target-precision", type=float, default=0.85)
    ap.add_argument("--threshold", type=float, default=None, help="fixed threshold (skips the CV choice)")
    ap.add_argument("--limit", type=int, default=None, help="first N documents only")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data}: no such data folder", file=sys.stderr)
        return 2
    t0 = time.time()
    examples = load_examples(args.data, args.limit)
    metrics: dict = {"documents": len(examples), "model": args.model, "seed": SEED, "coverage": coverage(examples)}
    threshold = args.threshold if args.threshold is not None else 0.5
    if args.folds > 1:
        thresholds = [round(0.3 + 0.05 * i, 2) for i in range(14)]
        curve, preds = cross_validate(examples, args.folds, args.model, thresholds)
        if args.threshold is None:
            threshold = choose_threshold(curve, args.target_precision)
        chosen = curve.get(f"{threshold:.2f}") or score(examples, preds, [threshold])[f"{threshold:.2f}"]
        metrics["cv"] = {"folds": args.folds, "threshold": threshold, "at_threshold": chosen,
                         "at_0.50": curve["0.50"],
                         "pr_curve": [{"threshold": float(t), "precision": r["all5"]["precision"],
                                       "recall": r["all5"]["recall"], "f1": r["all5"]["f1"]} for t, r in curve.items()],
                         "calibration": calibration(examples, preds)}
        print_table(f"{args.folds}-fold CV by document, threshold {threshold:.2f} (strict P counts unlabelled numbers as FP)",
                    chosen)
        print_table("same, threshold 0.50", curve["0.50"])
        print("PR curve (5 families pooled):")
        for pt in metrics["cv"]["pr_curve"]:
            print(f"  thr {pt['threshold']:.2f}  P {pt['precision']}  R {pt['recall']}  F1 {pt['f1']}")
    models = train(examples, args.model)
    spec = {"version": 1, "trained_on": f"{len(examples)} PICO-Corpus abstracts", "seed": SEED,
            "models": {k: m.spec for k, m in models.items()}}
    spec["models"]["arm"]["threshold"] = threshold
    spec["models"]["arm"]["review_floor"] = round(max(0.0, threshold - 0.2), 2)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "model.json").write_text(json.dumps(spec, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    metrics["seconds"] = round(time.time() - t0, 1)
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if args.cv_out:
        args.cv_out.parent.mkdir(parents=True, exist_ok=True)
        args.cv_out.write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"coverage of gold arm numbers by candidates: {metrics['coverage']}")
    print(f"wrote {args.out / 'model.json'} ({metrics['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
