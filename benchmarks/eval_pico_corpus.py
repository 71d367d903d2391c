"""Score the number grammar against the PICO-Corpus (Mutinda et al. 2022, BRAT).

    python benchmarks/eval_pico_corpus.py --data .../pico_corpus_brat_annotated_files [--limit N]

Each annotated number (per-arm events, percentages, means, SDs, medians) is
recalled when an extracted statistic states the same value (events, percent,
mean, sd or median field) and its source span overlaps the annotation. Arm
agreement: of the recalled iv-*/cv-* numbers, the share whose statistic is tied
to an arm of the matching side (cv = our control or active_comparator arm, the
corpus's "control" being any comparator). Participant counts are
compared by value (total = n_patients; intervention/control = some arm's n).
Precision: extracted values of a kind that overlap an annotated number of that
kind with the same value. The corpus does not annotate every number (baseline
tables, p-values and CIs are not labelled), so precision is a lower bound.
"""
from __future__ import annotations

import argparse
import warnings
from collections import defaultdict
from pathlib import Path

from stemfoot.extract.run import extract_records
from stemfoot.tools.pico_gate_rows import FIELD, gold_value, read_ann


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--n-process", type=int, default=1)
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message=r".*W036")
    files = sorted(Path(args.data).glob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    texts = [f.read_text("utf-8") for f in files]
    records = extract_records(((None, t) for t in texts), n_process=args.n_process, pico=False)
    recall = defaultdict(lambda: [0, 0])  # kind -> [matched, gold]
    side = defaultdict(lambda: [0, 0, 0])  # kind -> [arm agrees, recalled, recalled with an arm]
    precision = defaultdict(lambda: [0, 0])  # field -> [matched, extracted]
    counts = defaultdict(lambda: [0, 0])
    list_margins: list[tuple[float, bool]] = []  # arm lists read in order: (model margin, right side)
    by_flag = defaultdict(lambda: [0, 0])  # how the arm was decided (flag arm_by_*) -> [right side, with an arm]
    for path, record in zip(files, records):
        gold = read_ann(path.with_suffix(".ann"))
        stats = record["statistics"]
        numeric = []
        for label, start, end, text in gold:
            arm, _, kind = label.partition("-")
            value = gold_value(text)
            if kind in FIELD and arm in {"iv", "cv"} and value is not None:
                numeric.append((kind, arm, start, end, value))
        for kind, arm, start, end, value in numeric:
            recall[kind][1] += 1
            hit = next((s for s in stats if s.get(FIELD[kind]) is not None and abs(s[FIELD[kind]] - value) < 1e-6
                        and s["evidence"]["start"] < end and start < s["evidence"]["end"]), None)
            if hit is not None:
                recall[kind][0] += 1
                side[kind][1] += 1
                want = "control" if arm == "cv" else "intervention"
                # The corpus calls the comparator arm "control", active or not.
                got = ({"control": "control", "active_comparator": "control"}.get(hit["arm_role"], "intervention")
                       if hit["arm_role"] else None)
                side[kind][0] += got == want
                side[kind][2] += got is not None
                margin = (hit.get("attribution") or {}).get("list_margin")
                if got is not None and margin is not None:
                    list_margins.append((margin, got == want))
                    by_flag["list prior: " + hit["attribution"].get("list_prior", "?")][0] += got == want
                    by_flag["list prior: " + hit["attribution"].get("list_prior", "?")][1] += 1
                if got is not None:
                    for flag in {f for f in hit.get("flags", []) if f.startswith("arm_by")} or {"(other)"}:
                        by_flag[flag][0] += got == want
                        by_flag[flag][1] += 1
        for s in stats:
            for kind, fld in FIELD.items():
                if s.get(fld) is None or (fld == "events" and s["kind"] != "events"):
                    continue
                precision[fld][1] += 1
                precision[fld][0] += any(k == kind and abs(v - s[fld]) < 1e-6 and st < s["evidence"]["end"]
                                         and s["evidence"]["start"] < en for k, _, st, en, v in numeric)
        for label, _, _, text in gold:
            value = gold_value(text)
            if label == "total-participants" and value is not None:
                counts["total"][1] += 1
                counts["total"][0] += bool(record["n_patients"]) and record["n_patients"]["value"] == value
            elif label in {"intervention-participants", "control-participants"} and value is not None:
                counts["per-arm"][1] += 1
                counts["per-arm"][0] += any(a["n_patients"] == value for a in record["arms"])
                want = "control" if label.startswith("control") else "intervention"
                counts["per-arm role"][1] += 1
                counts["per-arm role"][0] += any(
                    a["n_patients"] == value and ("control" if a["role"] in {"control", "active_comparator"}
                                                  else "intervention") == want for a in record["arms"])
    print(f"PICO-Corpus: {len(files)} abstracts")
    # arm side: right side / recalled (no arm = wrong); arm P: right / recalled with an arm; arm R: right / gold.
    print(f"{'annotation':<14} {'recall':>8} {'arm side':>9} {'arm P':>7} {'arm R':>7}   matched/gold  right/with arm")
    for kind in FIELD:
        m, g = recall[kind]
        a, r, w = side[kind]
        print(f"{kind:<14} {100 * m / max(g, 1):7.1f}% {100 * a / max(r, 1):8.1f}% {100 * a / max(w, 1):6.1f}% "
              f"{100 * a / max(g, 1):6.1f}%   {m}/{g}  {a}/{w}")
    print(f"{'extracted':<14} {'precision':>8}   matched/extracted")
    for fld, (m, e) in precision.items():
        print(f"{fld:<14} {100 * m / max(e, 1):7.1f}%   {m}/{e}")
    for name, (m, g) in counts.items():
        print(f"participants {name:<8} {100 * m / max(g, 1):5.1f}% of {g} annotated counts found by value")
    print("arm side of recalled numbers with an arm, by how the arm was decided:")
    for flag, (a, w) in sorted(by_flag.items(), key=lambda kv: -kv[1][1]):
        print(f"  {flag:<16} {100 * a / max(w, 1):5.1f}%  {a}/{w}")
    print("lists read in the arms' order, by the model's margin for that order (log):")
    for cut in (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0):
        kept = [ok for m, ok in list_margins if m >= cut]
        print(f"  margin >= {cut:3.1f}  {100 * sum(kept) / max(len(kept), 1):5.1f}%  {sum(kept)}/{len(kept)}")


if __name__ == "__main__":
    main()
