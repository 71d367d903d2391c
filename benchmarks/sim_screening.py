"""Simulated title/abstract screening: active learning (review/screening.py) vs random order.

    PYTHONPATH=<pp-dir> python benchmarks/sim_screening.py --data ../shared/data \\
        --relevant ../shared/gold/domain_dev.jsonl tests/data/reviewer_dev.jsonl tests/data/reviewer2_dev.jsonl \\
        --seeds 0 1 2 3 4 --out benchmarks/results/screening.json

Protocol for the labelled set (written before looking at the results):
  Relevant = primary clinical studies (randomised or not, controlled or
  uncontrolled) of a cell therapy (autologous or allogeneic stem, progenitor,
  mononuclear, stromal-vascular or mesenchymal cells, or a cell-based product)
  in people with a diabetic foot ulcer or with critical / chronic
  limb-threatening ischaemia or peripheral arterial disease of the leg.
  Not relevant: everything else, including cell therapy for other organs
  (heart, stroke) and non-cell treatments of the diabetic foot.
Sources:
  relevant: the title + abstract of every record in the ``--relevant`` JSONL
  files (the 6 real domain abstracts and the reviewer dev abstracts) and the
  abstracts in the ``--data`` corpora that meet the protocol; those were found
  by a keyword pre-filter (cell-therapy term AND limb/foot/ischaemia term) and
  read by hand: ``EXTRA_RELEVANT_PMIDS``.
  irrelevant: all other abstracts of pico/participants_nguyen2017/docs (EBM-NLP
  RCT abstracts) and numeric/pico_corpus_mutinda (breast-cancer RCTs).
Reported: WSS@95, recall after 10/25/50 % screened (mean and range over seeds)
for active learning and random order, and how the remaining-relevant estimate
(sum of prior-corrected probabilities) compares with the truth at each
retraining, and where the heuristic "stop after max(100, 5% of N)
consecutive irrelevant records" would stop (fraction screened, recall).
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from stemfoot.review.screening import _features, heuristic_stop, recall_at, simulate, wss_at

# read by hand: keyword hits in the shared corpora that meet the protocol
EXTRA_RELEVANT_PMIDS = {"12241713"}  # Tateishi-Yuyama 2002, bone-marrow cells for limb ischaemia (TACT)
FRACTIONS = (0.10, 0.25, 0.50)


def load(data: Path, relevant_files: list[Path]) -> tuple[list[str], list[int], dict]:
    texts: list[str] = []
    rel: list[int] = []
    for f in relevant_files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                rel.append(len(texts))
                texts.append(f"{d.get('title', '')}\n{d['abstract']}")
    seen: set[str] = set()
    n_irr = 0
    sources = [data / "pico" / "participants_nguyen2017" / "docs",
               data / "numeric" / "pico_corpus_mutinda" / "pico_corpus_brat_annotated_files"]
    for src in sources:
        if not src.is_dir():
            sys.exit(f"sim_screening: {src} not found (give --data)")
        for p in sorted(src.glob("*.txt")):
            if p.stem in seen:
                continue
            seen.add(p.stem)
            if p.stem in EXTRA_RELEVANT_PMIDS:
                rel.append(len(texts))
            else:
                n_irr += 1
            texts.append(p.read_text(encoding="utf-8", errors="replace"))
    return texts, rel, {"relevant": len(rel), "irrelevant": n_irr}


def summary(vals: list[float]) -> dict:
    return {"mean": round(statistics.mean(vals), 4), "min": round(min(vals), 4), "max": round(max(vals), 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--relevant", type=Path, nargs="+",
                    default=[Path("../shared/gold/domain_dev.jsonl"), Path("tests/data/reviewer_dev.jsonl"),
                             Path("tests/data/reviewer2_dev.jsonl")])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    ap.add_argument("--initial", type=int, default=50)
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/screening.json"))
    args = ap.parse_args()
    texts, rel, counts = load(args.data, args.relevant)
    t0 = time.time()
    X = _features(texts)
    res: dict = {"data": counts, "n": len(texts), "initial_random": args.initial, "seeds": args.seeds,
                 "model": "TF-IDF (1-2 grams, sublinear) + logistic regression (balanced) ranking; "
                          "unweighted LR probabilities for the remaining estimate",
                 "batch": "retrain after max(10, 5% of screened) records"}
    al = {"wss95": [], **{f"recall@{int(f * 100)}": [] for f in FRACTIONS}, "fraction_screened_to_find_all": []}
    rnd = {k: [] for k in al}
    est_rows = []
    for seed in args.seeds:
        order, est = simulate(texts, rel, seed=seed, initial=args.initial, X=X, stop_when_all_found=True)
        al["wss95"].append(wss_at(order, rel))
        for f in FRACTIONS:
            al[f"recall@{int(f * 100)}"].append(recall_at(order, rel, f))
        pos = {i: k for k, i in enumerate(order)}
        relpos = sorted(pos[i] for i in rel)
        al["fraction_screened_to_find_all"].append((relpos[-1] + 1) / len(texts))
        relset = set(rel)
        stop = heuristic_stop([int(i in relset) for i in order], len(texts), start=est[0][0])
        al.setdefault("heuristic_stop_fraction_screened", []).append(stop / len(texts))
        al.setdefault("heuristic_stop_recall", []).append(sum(1 for p in relpos if p < stop) / len(rel))
        for screened, e in est:  # every retraining (the last one after all relevant were found)
            true_left = sum(1 for p in relpos if p >= screened)
            est_rows.append({"seed": seed, "screened": screened, "estimated_remaining": round(e, 2),
                             "true_remaining": true_left})
        perm = list(np.random.default_rng(1000 + seed).permutation(len(texts)))
        rnd["fraction_screened_to_find_all"].append((max(perm.index(i) for i in rel) + 1) / len(texts))
        rnd["wss95"].append(wss_at(perm, rel))
        for f in FRACTIONS:
            rnd[f"recall@{int(f * 100)}"].append(recall_at(perm, rel, f))
        print(f"seed {seed}: WSS@95 {al['wss95'][-1]:.3f}, recall@10% {al['recall@10'][-1]:.2f} "
              f"(random {rnd['recall@10'][-1]:.2f})", flush=True)
    res["active_learning"] = {k: summary(v) for k, v in al.items()}
    res["heuristic_stop"] = "stop after max(100, 5% of N) consecutive irrelevant records"
    res["random_order"] = {k: summary(v) for k, v in rnd.items()}
    res["remaining_estimates"] = est_rows
    res["seconds"] = round(time.time() - t0, 1)
    res["python"] = platform.python_version()
    import sklearn

    res["sklearn"] = sklearn.__version__
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: res[k] for k in ("data", "active_learning", "random_order", "seconds")}, indent=1))


if __name__ == "__main__":
    main()
