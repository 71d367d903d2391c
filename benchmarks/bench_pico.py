"""Abstracts per second of the shipped PICO model on raw abstract text (CPU).

    PYTHONPATH=<pp-dir> python benchmarks/bench_pico.py --data ../shared/data/pico

Texts: the raw abstracts of the 960 crowd-labelled EBM-NLP PMIDs that have text in
participants_nguyen2017/docs (tokenizer + tagger, ``nlp.pipe``), 1 and 2 processes.
"""
from __future__ import annotations

import argparse
import re
import resource
import time
from pathlib import Path

from stemfoot.extract.pico import load_pico_model


def load_texts(data: Path) -> list[str]:
    pmids = re.findall(r"-DOCSTART- \((\d+)\)", (data / "ebmnlp_crowd_960.conll").read_text())
    docs = data / "participants_nguyen2017" / "docs"
    return [(docs / f"{p}.txt").read_text(encoding="utf-8") for p in pmids
            if (docs / f"{p}.txt").exists()]


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the n_process workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/pico"))
    parser.add_argument("--model", default=None, help="model folder (default: the shipped one)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    texts = load_texts(args.data)
    start = time.perf_counter()
    nlp = load_pico_model(args.model)
    print(f"model load: {time.perf_counter() - start:.2f} s")
    cpu_start = _cpu_seconds()
    n_tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts))
    tok_ms = 1000 * (_cpu_seconds() - cpu_start) / len(texts)
    print(f"{len(texts)} abstracts, {n_tokens / len(texts):.0f} tokens each on average; "
          f"tokenizer alone {tok_ms:.2f} CPU ms per abstract")
    for n_process in args.processes:
        cpu_start = _cpu_seconds()
        start = time.perf_counter()
        n = sum(1 for _ in nlp.pipe(texts, batch_size=args.batch_size, n_process=n_process))
        elapsed = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu_start
        # CPU seconds say what the model costs even on a machine shared with other jobs
        print(f"n_process={n_process}: {n / elapsed:.0f} abstracts/s wall "
              f"({n_tokens / elapsed:.0f} tokens/s, {elapsed:.1f} s); "
              f"{n / cpu:.0f} abstracts per CPU-second ({1000 * cpu / n:.2f} CPU ms per abstract)")


if __name__ == "__main__":
    main()
