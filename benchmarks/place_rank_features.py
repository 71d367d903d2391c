"""Places (and their features) of every gold query, for ``tools/train_place_rank.py``.

    python benchmarks/bench_fulltext.py --gold benchmarks/data/ft_dev_gold5.jsonl \\
        --articles ../shared/data/fulltext/evidence_inference_jats --keep /tmp/db_full5
    python benchmarks/place_rank_features.py --run ft_dev_gold5 full benchmarks/data/ft_dev_gold5.jsonl \\
        /tmp/db_full5/bench.db [--run ...] --out benchmarks/data/place_rank_features.jsonl.gz

Each ``--run SET FORM GOLD DB`` answers the gold's queries from a database that ``bench_fulltext.py --keep``
built (ingest + extract, through the CLI), with ``place_rank.collecting()`` on and the hand score answering
(``place_rank.using(None)``: the features describe the hand-made ranking whatever model is shipped), and
writes one line per query: the set and form, the gold type, the gold values (events, means, SDs, sizes),
whether the hand answer was exactly right (and right without its sizes), which place the hand score chose,
and every scored place with its features and its arms' record values. No article text is written.
"""
from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.benchmarks import feature_runs  # noqa: E402
from stemfoot.benchmarks.bench_fulltext import GOLD_FIELDS, TYPE_FIELDS, _gold, _ours, gold_query, load_gold  # noqa: E402


def _round(f: dict[str, float]) -> dict[str, float]:
    return {k: round(float(v), 5) for k, v in sorted(f.items()) if v}


def rows_for(set_name: str, form: str, gold_path: Path, db_path: Path) -> list[dict]:
    """The lines of one set and form."""
    import sqlite_utils

    from stemfoot import chain
    from stemfoot.extract import place_rank

    items = load_gold(gold_path)
    queries = [gold_query(it) for it in items]
    db = sqlite_utils.Database(str(db_path))
    with place_rank.using(None), place_rank.collecting() as got:
        answers, _ = chain.outcome_answers(db, queries)
    by_key: dict[tuple, list[dict]] = {}
    for g in got:
        by_key.setdefault((g["id"], g["study"]), []).append(g)
    out = []
    for k, (it, q, ans) in enumerate(zip(items, queries, answers)):
        kind = it["outcome_type"]
        # a query asked twice (same id) is answered twice alike: take its lines in order
        rec = (by_key.get((q["id"], q["study"])) or [{"hand": None, "hand_ok": False, "places": []}]).pop(0)
        fields = TYPE_FIELDS[kind]
        right = {f: _gold(it[GOLD_FIELDS[f]]) == _ours(ans.get(f)) for f in fields}
        out.append({"set": set_name, "form": form, "item": k, "id": q["id"], "type": kind,
                    "gold": {f: _gold(it[GOLD_FIELDS[f]]) for f in GOLD_FIELDS},
                    "exact": all(right.values()),
                    "values_right": all(v for f, v in right.items() if "group_size" not in f),
                    "hand": rec["hand"] if rec["hand_ok"] else None,
                    "places": [{"f": _round(p["f"]), "type": p["type"], "i": p["i"], "c": p["c"],
                                "i_n": p["i_n"], "c_n": p["c_n"]} for p in rec["places"]]})
    return out


def main(argv: list[str] | None = None) -> int:
    def summary(rows: list[dict]) -> str:
        return f"{len(rows)} queries, {sum(len(r['places']) for r in rows)} places"
    return feature_runs.main(rows_for, summary, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
