"""Extraction throughput: full pipeline vs tokenizer only, on the same abstracts.

    python benchmarks/bench_extract.py --data DIR_OF_TXT [--limit 1000] [--n-process 2]

Without --data it repeats the dev abstracts in tests/data/domain_dev.jsonl.
Target: >= 200 abstracts/s for the full pipeline on 2 cores.
"""
from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path

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

    start = time.perf_counter()
    for _ in nlp.tokenizer.pipe(texts, batch_size=args.batch_size):
        pass
    tok = rate(len(texts), time.perf_counter() - start)

    start = time.perf_counter()
    n_stats = sum(len(d._.statistics) for d in nlp.pipe(texts, batch_size=args.batch_size))
    single = rate(len(texts), time.perf_counter() - start)

    multi = records = None
    if args.n_process > 1:
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.n_process):
            pass
        multi = rate(len(texts), time.perf_counter() - start)
        # What `cli.py extract --n-process N` does: forked workers run nlp.pipe
        # and return finished records instead of serialised Docs.
        start = time.perf_counter()
        for _ in extract_records(((None, t) for t in texts), n_process=args.n_process, batch_size=args.batch_size):
            pass
        records = rate(len(texts), time.perf_counter() - start)

    chars = sum(map(len, texts)) / len(texts)
    print(f"{len(texts)} abstracts, {chars:.0f} chars on average, {n_stats} statistics")
    print(f"tokenizer only        : {tok:8.0f} abstracts/s")
    print(f"full pipeline, 1 proc : {single:8.0f} abstracts/s  (tokenizer/full = {tok / single:.1f}x)")
    if multi is not None:
        print(f"nlp.pipe(n_process={args.n_process})  : {multi:8.0f} abstracts/s  (Docs pickled back to the parent)")
        print(f"records, {args.n_process} workers    : {records:8.0f} abstracts/s  (target >= 200 on 2 cores)")


if __name__ == "__main__":
    main()
