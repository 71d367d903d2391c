"""Extraction throughput: full pipeline vs tokenizer only, on the same abstracts.

    python benchmarks/bench_extract.py --data DIR_OF_TXT [--limit 1000] [--n-process 2]

Without --data it repeats the dev abstracts in tests/data/domain_dev.jsonl.
Target: >= 200 abstracts/s for the full pipeline on 2 cores.
"""
from __future__ import annotations

import argparse
import json
import os
import time
import warnings
from pathlib import Path

from stemfoot.extract.pico import load_pico_model
from stemfoot.extract.pipeline import clip, load_pipeline
from stemfoot.extract.run import extract_records


def load_texts(data: str | None, limit: int) -> list[str]:
    if data:
        files = sorted(Path(data).glob("*.txt"))[:limit]
        return [clip(f.read_text("utf-8", errors="replace"))[0] for f in files]
    dev = Path(__file__).resolve().parents[1] / "tests" / "data" / "domain_dev.jsonl"
    abstracts = [json.loads(line)["abstract"] for line in dev.read_text("utf-8").splitlines() if line.strip()]
    return (abstracts * (limit // len(abstracts) + 1))[:limit]


def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds else float("inf")


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the pool workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class Timer:
    """Wall and CPU time of a block: on a shared box the CPU time is the stable figure."""

    def __enter__(self) -> "Timer":
        self.wall, self.cpu = time.perf_counter(), cpu_seconds()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, cpu_seconds() - self.cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="folder of abstracts as .txt files (e.g. the PICO-Corpus)")
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message=r".*W036")
    texts = load_texts(args.data, args.limit)
    nlp = load_pipeline()
    list(nlp.pipe(texts[:20]))  # warm up regex caches and the vocabularies
    list(load_pico_model().pipe(texts[:20]))

    n = len(texts)
    with Timer() as tok:
        for _ in nlp.tokenizer.pipe(texts, batch_size=args.batch_size):
            pass
    with Timer() as single:
        n_stats = sum(len(d._.statistics) for d in nlp.pipe(texts, batch_size=args.batch_size))
    # What `cli.py extract` does in one process, without and with the PICO tagger.
    with Timer() as plain:
        for _ in extract_records(((None, t) for t in texts), batch_size=args.batch_size, pico=False):
            pass
    with Timer() as pico:
        for _ in extract_records(((None, t) for t in texts), batch_size=args.batch_size, pico=True):
            pass
    chars = sum(map(len, texts)) / n
    print(f"{n} abstracts, {chars:.0f} chars on average, {n_stats} statistics, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'mode':<26} {'wall abstracts/s':>17} {'CPU ms/abstract':>16}")

    def row(name: str, t: Timer) -> None:
        print(f"{name:<26} {rate(n, t.wall):17.0f} {1000 * t.cpu / n:16.2f}")

    row("tokenizer only", tok)
    row("full pipeline, 1 process", single)
    print(f"  full / tokenizer-only CPU time: {single.cpu / tok.cpu:.1f}x")
    row("records, --no-pico", plain)
    row("records + PICO", pico)
    print(f"  PICO adds {1000 * (pico.cpu - plain.cpu) / n:.2f} CPU ms/abstract")
    if args.n_process > 1:
        with Timer() as multi:
            for _ in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.n_process):
                pass
        # What `cli.py extract --n-process N` does: forked workers run nlp.pipe
        # and return finished records instead of pickled Docs.
        with Timer() as records_plain:
            for _ in extract_records(((None, t) for t in texts), n_process=args.n_process,
                                     batch_size=args.batch_size, pico=False):
                pass
        with Timer() as records:
            for _ in extract_records(((None, t) for t in texts), n_process=args.n_process,
                                     batch_size=args.batch_size):
                pass
        row(f"nlp.pipe, n_process={args.n_process}", multi)
        row(f"records --no-pico, {args.n_process} workers", records_plain)
        row(f"records + PICO, {args.n_process} workers", records)
        print(f"  {args.n_process} free cores would give about {args.n_process * n / records.cpu:.0f} abstracts/s "
              f"(records; target >= 200 on 2 cores)")


if __name__ == "__main__":
    main()
