"""Train and ship the learned bare-count stage (extract/bare_counts.py) from the arm-level dev golds.

    python tools/train_bare_counts.py tests/data/blind3_dev.jsonl ... [--out extract/models/bare_counts/]
        [--report benchmarks/results/bare_counts_loso.json]

Extraction runs over each gold file with the stage recording: one row per bare number it scores (a whole number
no pattern claimed, ``bare_counts.bare_numbers``) with its features. A row is positive when a gold result of
its sentence is a count of events without a total (``evaluate.result_atoms``: ``events`` set, ``total`` None)
equal to the number's value; every other row is negative.

Leave-one-set-out: each set's rows are scored by a model trained on the other sets; the threshold shipped is
the lowest grid value whose pooled held-out precision of reads reaches ``TARGET`` (a count read that is no
result becomes a wrong export unless the gate stops it). The shipped model is trained on all sets. Fixed seed
and rounding: the same golds and code give the same file, byte for byte.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.extract import bare_counts  # noqa: E402
from stemfoot.extract.logistic import sparse_logistic  # noqa: E402
from stemfoot.tools.logistic_fit import fit_logistic  # noqa: E402

SEED = 13
C = 0.5
#: Pooled held-out precision the shipped threshold must reach.
TARGET = 0.8
GRID = [round(0.05 * i, 2) for i in range(2, 20)]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def gold_counts(gold: dict) -> list[tuple[str, int]]:
    """(normalised sentence, events) of each gold count of events without a total."""
    from stemfoot.tools import evaluate as ev  # imports spaCy: only where golds are read

    out = []
    for st in gold.get("statistics", []):
        if not st.get("sentence"):
            continue
        for atom in ev.result_atoms({"arms": gold.get("arms") or [], "statistics": [st]}):
            if atom["kind"] == "events" and atom.get("events") is not None and atom.get("total") is None:
                out.append((_norm(st["sentence"]), int(atom["events"])))
    return out


def label(row: dict, counts: list[tuple[str, int]]) -> bool:
    """Whether a gold count of the row's sentence has the row's value (sentences compared either way round,
    since the gold and the splitter may cut them differently)."""
    sent = _norm(row["sentence"])
    return any(v == row["value"] and (sent in s or s in sent) for s, v in counts)


def collect(paths: list[str]) -> dict[str, list[tuple[dict, int]]]:
    """Per gold file: (features, label) of every bare number extraction scores."""
    from stemfoot.extract.run import extract_records
    from stemfoot.tools import evaluate as ev

    data = {}
    for path in paths:
        rows: list[tuple[dict, int]] = []
        for rec in ev.load_gold(path):
            with bare_counts.recording() as got:
                list(extract_records([(rec.get("title"), rec["abstract"])], pico=False))
            counts = gold_counts(rec["gold"])
            rows += [(r["features"], int(label(r, counts))) for r in got]
        data[Path(path).name.replace(".jsonl", "")] = rows
    return data


def fit(rows: list[tuple[dict, int]]) -> dict:
    """The sparse model (non-zero weights, intercept) of a logistic fit over (features, label) rows."""
    spec = fit_logistic(rows, c=C, seed=SEED)
    return {"weights": {f: w for f, w in zip(spec["features"], spec["coef"]) if w}, "intercept": spec["intercept"]}


def reads(scored: list[tuple[float, int]], thr: float) -> tuple[int, int]:
    """(read, right) at a threshold."""
    got = [y for p, y in scored if p >= thr]
    return len(got), sum(got)


def loso(data: dict[str, list[tuple[dict, int]]]) -> dict[str, list[tuple[float, int]]]:
    """Held-out (probability, label) of every row, each set scored by a model of the other sets."""
    out = {}
    for name, rows in data.items():
        model = fit([r for other, rs in data.items() if other != name for r in rs])
        out[name] = [(sparse_logistic(model["weights"], model["intercept"], f), y) for f, y in rows]
    return out


def choose(held: dict[str, list[tuple[float, int]]]) -> float:
    """The lowest grid threshold whose pooled held-out precision reaches ``TARGET`` (the highest when none does)."""
    pooled = [s for rows in held.values() for s in rows]
    for thr in GRID:
        n, right = reads(pooled, thr)
        if n and right / n >= TARGET:
            return thr
    return GRID[-1]


def main(argv: list[str] | None = None) -> None:
    """Train on the golds, write the model and its leave-one-set-out report."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("golds", nargs="+")
    ap.add_argument("--out", default="extract/models/bare_counts/")
    ap.add_argument("--report", default="benchmarks/results/bare_counts_loso.json")
    args = ap.parse_args(argv)
    data = collect(args.golds)
    held = loso(data)
    thr = choose(held)
    pooled = [s for rows in held.values() for s in rows]
    per_set = {}
    for name, rows in held.items():
        n, right = reads(rows, thr)
        per_set[name] = {"rows": len(rows), "positives": sum(y for _, y in rows), "read": n, "right": right}
    curve = {str(t): dict(zip(("read", "right"), reads(pooled, t))) for t in GRID}
    n, right = reads(pooled, thr)
    positives = sum(y for _, y in pooled)
    report = {"threshold": thr, "target": TARGET, "C": C, "rows": len(pooled), "positives": positives,
              "read": n, "right": right, "precision": round(right / n, 4) if n else None,
              "recall": round(right / positives, 4) if positives else None, "per_set": per_set, "curve": curve}
    model = {**fit([r for rows in data.values() for r in rows]), "threshold": thr, "C": C,
             "trained_on": list(data)}
    model["weights"] = dict(sorted(model["weights"].items()))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.json").write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    Path(args.report).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"bare counts LOSO at {thr}: {right}/{n} reads right (P {report['precision']}, "
          f"R {report['recall']} of {positives})")


if __name__ == "__main__":
    main()
