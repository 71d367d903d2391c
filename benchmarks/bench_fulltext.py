"""Yun et al. 2024 exact match of arm-level outcome data read from full texts.

    python benchmarks/bench_fulltext.py --data ../shared/data/fulltext/yun_dev [--fragment] [--prose]
    python benchmarks/bench_fulltext.py --gold /work/ftgold/ft_dev_gold.jsonl --articles ../shared/data/fulltext/evidence_inference_jats

An item counts when every field of its (gold) type is right: binary = events and
group sizes of both arms; continuous = means, SDs and group sizes of both arms
(Yun's annotations give the group sizes of continuous items too; the figure
without them is printed as well). A blank gold field needs a null answer.
Numbers compare after rounding to 4 decimals. ``--fragment`` reads the
abstract+results ``.xml`` fragments wrapped as a JATS <article> (the acceptance
form); default reads the full ``.nxml``. ``--prose`` also runs the abstract
pipeline over the abstract and results sections (loads spaCy).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from stemfoot.corpus.errors import IngestError
from stemfoot.corpus.jats import parse_jats, wrap_fragment
from stemfoot.extract.fulltext import article_candidates
from stemfoot.extract.outcome_query import answer_query

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
    if value in ("", None):
        return None
    try:
        return round(float(str(value).replace(",", "")), 4)
    except ValueError:
        return None


def _ours(value: object) -> float | None:
    return None if value is None else round(float(value), 4)


def load_article(path: Path, fragment: bool, pmcid: str) -> dict:
    data = path.read_bytes()
    if fragment:
        data = wrap_fragment(data, pmcid)
    return parse_jats(data, str(path))[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="../shared/data/fulltext/yun_dev", help="yun_dev folder (annotations + articles)")
    ap.add_argument("--gold", help="gold JSONL (default DATA/annotations.jsonl)")
    ap.add_argument("--articles", help="folder of PMC<id>.nxml / .xml (default DATA)")
    ap.add_argument("--fragment", action="store_true", help="read the abstract+results .xml fragments")
    ap.add_argument("--prose", action="store_true", help="also read prose with the abstract pipeline (spaCy)")
    ap.add_argument("--out", help="write the answers as JSONL")
    ap.add_argument("--min-confidence", type=float, default=None, help="answer threshold (default: the shipped one)")
    ap.add_argument("--show", action="store_true", help="print each item's gold and answer")
    args = ap.parse_args(argv)
    gold_path = Path(args.gold or Path(args.data) / "annotations.jsonl")
    art_dir = Path(args.articles or args.data)
    items = [json.loads(l) for l in gold_path.read_text("utf-8").splitlines() if l.strip()]
    by_article: dict[str, list[dict]] = defaultdict(list)
    for it in items:
        by_article[str(it["pmcid"]).removeprefix("PMC")].append(it)
    field_right: dict[str, list[int]] = defaultdict(list)
    exact: dict[str, list[int]] = defaultdict(list)
    exact_no_n: dict[str, list[int]] = defaultdict(list)
    answers = []
    started = time.perf_counter()
    n_articles = 0
    for pmc, its in sorted(by_article.items()):
        path = art_dir / (f"PMC{pmc}.xml" if args.fragment else f"PMC{pmc}.nxml")
        try:
            article = load_article(path, args.fragment, pmc)
            candidates, arms = article_candidates(article, prose=args.prose)
        except (IngestError, OSError) as exc:
            print(f"skip PMC{pmc}: {exc}", file=sys.stderr)
            candidates, arms = [], []
        n_articles += 1
        for it in its:
            q = {"id": it.get("id", it.get("prompt_id")), "study": f"PMC{pmc}", "outcome": it["outcome"], "intervention": it["intervention"],
                 "comparator": it["comparator"]}
            ans = (answer_query(q, candidates, arms) if args.min_confidence is None
                   else answer_query(q, candidates, arms, min_confidence=args.min_confidence))
            answers.append(ans)
            kind = it["outcome_type"]
            ok_all, ok_no_n = True, True
            for f in TYPE_FIELDS[kind]:
                ok = _gold(it[GOLD_FIELDS[f]]) == _ours(ans[f])
                field_right[f"{kind}:{f}"].append(int(ok))
                ok_all &= ok
                if "group_size" not in f:
                    ok_no_n &= ok
            exact[kind].append(int(ok_all))
            exact_no_n[kind].append(int(ok_no_n))
            if args.show:
                g = [_gold(it[GOLD_FIELDS[f]]) for f in TYPE_FIELDS[kind]]
                o = [_ours(ans[f]) for f in TYPE_FIELDS[kind]]
                print(f"{'OK ' if ok_all else 'BAD'} {q['id']!s:>5} PMC{pmc} {kind[:4]} {it['outcome'][:40]!r} gold={g} ours={o} "
                      f"conf={ans['confidence']} ev={[e.get('row_header') or e.get('text') for e in ans['evidence']][:2]}")
    seconds = time.perf_counter() - started
    form = "fragment (abstract+results wrapped as <article>)" if args.fragment else "full JATS"
    print(f"gold {gold_path} ({len(items)} items, {n_articles} articles), {form}, prose={'on' if args.prose else 'off'}")
    for kind in ("binary", "continuous"):
        if exact[kind]:
            e = exact[kind]
            print(f"  exact match {kind:<10} {sum(e) / len(e):.3f} ({sum(e)}/{len(e)})"
                  f"   without group sizes {sum(exact_no_n[kind]) / len(e):.3f}")
    for key in sorted(field_right):
        v = field_right[key]
        print(f"    {key:<40} {sum(v) / len(v):.3f} ({sum(v)}/{len(v)})")
    print(f"  {n_articles / seconds:.1f} articles/s ({seconds:.2f} s)")
    if args.out:
        Path(args.out).write_text("".join(json.dumps(a) + "\n" for a in answers), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
