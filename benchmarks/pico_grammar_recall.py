"""Recall of the number grammar (``candidates.find_candidates``) on PICO-Corpus (Mutinda et al. 2022, BRAT).

    python benchmarks/pico_grammar_recall.py --data .../pico_corpus_brat_annotated_files [--limit N] [--list KIND]

Each per-arm number the corpus labels (``iv-``/``cv-`` bin-abs, bin-percent, cont-mean, cont-sd, cont-median) is
covered when a grammar candidate holds a value part of the right field (events, percent, mean, sd, median) with the
same value, whose span overlaps the label's. Misses are split into ``fallback`` (only the bare-number fallback,
``count``/``number``, reads it: no typed statistic) and ``none``. The grammar was never tuned on this corpus, so it
is a held-out measure of the candidates stage alone (no arms, no outcomes, no export). ``--list KIND`` prints the
sentence of each miss of that kind, the labelled number in [brackets].
"""
from __future__ import annotations

import argparse
import sys
import warnings
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.extract.candidates import Candidate, find_candidates  # noqa: E402
from stemfoot.tools.pico_gate_rows import FIELD, gold_value, read_ann  # noqa: E402

#: Candidate kinds of the bare-number fallback: no typed statistic.
FALLBACK = {"count", "number"}


def coverage(cands: list[Candidate], field: str, start: int, end: int, value: float) -> str:
    """'typed', 'fallback' or 'none': how the candidates read one labelled number."""
    how = "none"
    for c in cands:
        for p in c.parts:
            if p.start < end and start < p.end and abs(p.value - value) < 1e-6:
                if c.kind not in FALLBACK and p.field == field:
                    return "typed"
                if c.kind in FALLBACK:
                    how = "fallback"
    return how


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--list", action="append", default=[], help="print the misses of these kinds (bin-abs, ...)")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore", message=r".*W036")
    files = sorted(Path(args.data).glob("*.txt"))[: args.limit or None]
    tally: dict[str, Counter] = {}
    for path in files:
        text = path.read_text("utf-8")
        cands = find_candidates(text)
        for label, start, end, raw in read_ann(path.with_suffix(".ann")):
            side, _, kind = label.partition("-")
            value = gold_value(raw)
            if kind not in FIELD or side not in ("iv", "cv") or value is None:
                continue
            how = coverage(cands, FIELD[kind], start, end, value)
            tally.setdefault(kind, Counter())[how] += 1
            if how != "typed" and kind in args.list:
                s = max(text.rfind(". ", 0, start) + 2, start - 150)
                e = min(len(text), end + 100)
                print(f"{path.stem} {kind} {how}: {text[s:start]}[{text[start:end]}]{text[end:e]}".replace("\n", " "))
    all_ = sum((c for c in tally.values()), Counter())
    print(f"{'kind':12s} {'typed':>7s} {'fallback':>9s} {'none':>6s} {'labels':>7s} {'recall':>7s}")
    for kind, c in [*sorted(tally.items()), ("all", all_)]:
        n = sum(c.values())
        print(f"{kind:12s} {c['typed']:7d} {c['fallback']:9d} {c['none']:6d} {n:7d} {c['typed'] / max(n, 1):7.1%}")


if __name__ == "__main__":
    main()
