"""Yun et al. 2024 exact match of arm-level outcome data read from full texts, through the real CLI path.

    python benchmarks/bench_fulltext.py --data ../shared/data/fulltext/yun_dev --fragment
    python benchmarks/bench_fulltext.py --data ../shared/data/fulltext/yun_dev
    python benchmarks/bench_fulltext.py --gold benchmarks/data/ft_dev_gold.jsonl \\
        --articles ../shared/data/fulltext/evidence_inference_jats
    python benchmarks/bench_fulltext.py --speed ../shared/data/fulltext/evidence_inference_jats --n 200

Each article is written to a work folder (``--fragment``: the abstract+results
``.xml`` fragment wrapped as a JATS <article> with its PMC id, as acceptance
does; default: the full ``.nxml``), then ``cli.py ingest``, ``cli.py extract``
and ``cli.py outcome-data --db --queries --out`` run as subprocesses, and the
answers are scored. An item counts when every field of its (gold) type is
right: binary = events and group sizes of both arms; continuous = means, SDs
and group sizes of both arms. A blank gold field needs a null answer. Numbers
compare after rounding to 4 decimals. ``--speed DIR`` times ingest + extract of
N full-text articles with ``--n-process`` workers (default 2).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, str(ROOT / "cli.py")]

GOLD_FIELDS = {
    "intervention_events": "intervention_events", "intervention_group_size": "intervention_group_size",
    "comparator_events": "comparator_events", "comparator_group_size": "comparator_group_size",
    "intervention_mean": "intervention_mean", "intervention_sd": "intervention_standard_deviation",
    "comparator_mean": "comparator_mean", "comparator_sd": "comparator_standard_deviation",
}
TYPE_FIELDS = {
    "binary": ["intervention_events", "intervention_group_size", "comparator_events", "comparator_group_size"],
    "continuous": ["intervention_mean", "intervention_sd", "comparator_mean", "comparator_sd",
                   "intervention_group_size", "comparator_group_size"],
}


def _gold(value: object) -> float | None:
    """A gold field as a number; blank for "" and words ("NR"). Writers copy the article's minus sign (U+2212)."""
    if value in ("", None):
        return None
    try:
        return round(float(str(value).replace(",", "").replace("\u2212", "-")), 4)
    except ValueError:
        return None


def _ours(value: object) -> float | None:
    return None if value is None else round(float(value), 4)


def load_gold(path: Path) -> list[dict]:
    """A full-text gold's items (one JSON object a line)."""
    return [json.loads(l) for l in path.read_text("utf-8").splitlines() if l.strip()]


def gold_query(item: dict) -> dict:
    """The ``outcome-data`` query a gold item asks (its id, its article as ``PMC<id>``, its three strings)."""
    return {"id": item.get("id", item.get("prompt_id")), "study": f"PMC{str(item['pmcid']).removeprefix('PMC')}",
            "outcome": item["outcome"], "intervention": item["intervention"], "comparator": item["comparator"]}


def _run(args: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(CLI + args, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stderr.strip()[-2000:], file=sys.stderr)
    return time.perf_counter() - started


def prepare(items: list[dict], art_dir: Path, work: Path, fragment: bool) -> list[Path]:
    """The article files to ingest: fragments wrapped as JATS <article>, or the full .nxml as is."""
    from stemfoot.corpus.jats import wrap_fragment

    paths = []
    for pmc in sorted({str(it["pmcid"]).removeprefix("PMC") for it in items}):
        src = art_dir / (f"PMC{pmc}.xml" if fragment else f"PMC{pmc}.nxml")
        if not src.exists():
            print(f"missing {src}", file=sys.stderr)
            continue
        dst = work / f"PMC{pmc}.xml"
        dst.write_bytes(wrap_fragment(src.read_bytes(), f"PMC{pmc}") if fragment else src.read_bytes())
        paths.append(dst)
    return paths


def score(items: list[dict], answers: list[dict], show: bool = False) -> dict:
    field_right: dict[str, list[int]] = defaultdict(list)
    exact: dict[str, list[int]] = defaultdict(list)
    exact_no_n: dict[str, list[int]] = defaultdict(list)
    for it, ans in zip(items, answers):
        kind = it["outcome_type"]
        ok_all = ok_no_n = True
        for f in TYPE_FIELDS[kind]:
            ok = _gold(it[GOLD_FIELDS[f]]) == _ours(ans.get(f))
            field_right[f"{kind}:{f}"].append(int(ok))
            ok_all &= ok
            if "group_size" not in f:
                ok_no_n &= ok
        exact[kind].append(int(ok_all))
        exact_no_n[kind].append(int(ok_no_n))
        if show:
            g = [_gold(it[GOLD_FIELDS[f]]) for f in TYPE_FIELDS[kind]]
            o = [_ours(ans.get(f)) for f in TYPE_FIELDS[kind]]
            ev = [e.get("row_header") or (e.get("text") or "")[:30] for e in ans.get("evidence", [])][:2]
            print(f"{'OK ' if ok_all else 'BAD'} {ans['id']!s:>5} {ans['study']} {kind[:4]} {it['outcome'][:40]!r} "
                  f"gold={g} ours={o} conf={ans.get('confidence')} ev={ev}")
    return {"exact": {k: (sum(v), len(v)) for k, v in exact.items()},
            "exact_without_group_sizes": {k: (sum(v), len(v)) for k, v in exact_no_n.items()},
            "fields": {k: (sum(v), len(v)) for k, v in sorted(field_right.items())}}


def speed(art_dir: Path, n: int, n_process: int, work: Path) -> None:
    files = sorted(art_dir.glob("PMC*.nxml"))[:n]
    for f in files:
        (work / f.name).write_bytes(f.read_bytes())
    db = work / "speed.db"
    t_ingest = _run(["ingest", "-q", *map(str, (work / f.name for f in files)), "--db", str(db)])
    t_extract = _run(["extract", "--db", str(db), "--n-process", str(n_process)])
    print(f"speed: {len(files)} full-text articles, ingest {t_ingest:.1f} s ({len(files) / t_ingest:.1f}/s), "
          f"extract --n-process {n_process} {t_extract:.1f} s ({len(files) / t_extract:.1f} articles/s; "
          f"includes ~3 s of start-up), together {len(files) / (t_ingest + t_extract):.1f} articles/s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="../shared/data/fulltext/yun_dev", help="yun_dev folder (annotations + articles)")
    ap.add_argument("--gold", help="gold JSONL (default DATA/annotations.jsonl)")
    ap.add_argument("--articles", help="folder of PMC<id>.nxml / .xml (default DATA)")
    ap.add_argument("--fragment", action="store_true", help="the abstract+results .xml fragments, wrapped")
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--speed", metavar="DIR", help="time ingest + extract of --n .nxml articles from DIR")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--out", help="also write the answers (JSONL) here")
    ap.add_argument("--json", help="write the scores (JSON) here")
    ap.add_argument("--show", action="store_true", help="print each item's gold and answer")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (the built bench.db, queries, answers)")
    args = ap.parse_args(argv)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.speed:
            speed(Path(args.speed), args.n, args.n_process, work)
            return 0
        gold_path = Path(args.gold or Path(args.data) / "annotations.jsonl")
        art_dir = Path(args.articles or args.data)
        items = load_gold(gold_path)
        paths = prepare(items, art_dir, work, args.fragment)
        db, queries, answers_path = work / "bench.db", work / "queries.jsonl", work / "answers.jsonl"
        queries.write_text("".join(json.dumps(gold_query(it)) + "\n" for it in items), "utf-8")
        t_ingest = _run(["ingest", "-q", *map(str, paths), "--db", str(db)])
        t_extract = _run(["extract", "--db", str(db), "--n-process", str(args.n_process), "--no-pico"])
        t_query = _run(["outcome-data", "--db", str(db), "--queries", str(queries), "--out", str(answers_path)])
        answers = [json.loads(l) for l in answers_path.read_text("utf-8").splitlines()] if answers_path.exists() else []
        if len(answers) != len(items):
            print(f"got {len(answers)} answers for {len(items)} queries", file=sys.stderr)
            return 1
        result = score(items, answers, args.show)
        if args.out:
            Path(args.out).write_text("".join(json.dumps(a) + "\n" for a in answers), "utf-8")
    form = "fragment (abstract+results wrapped as <article>)" if args.fragment else "full JATS"
    print(f"gold {gold_path} ({len(items)} items, {len(paths)} articles), {form}, via cli.py ingest/extract/outcome-data")
    for kind in ("binary", "continuous"):
        if kind in result["exact"]:
            right, n = result["exact"][kind]
            right_no_n = result["exact_without_group_sizes"][kind][0]
            print(f"  exact match {kind:<10} {right / n:.3f} ({right}/{n})   without group sizes {right_no_n / n:.3f}")
    for key, (right, n) in result["fields"].items():
        print(f"    {key:<40} {right / n:.3f} ({right}/{n})")
    print(f"  ingest {t_ingest:.1f} s, extract {t_extract:.1f} s (--n-process {args.n_process}), outcome-data {t_query:.1f} s")
    if args.json:
        Path(args.json).write_text(json.dumps({"gold": str(gold_path), "form": form, **result}, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
