"""Group-size candidates and features of every gold query, for ``tools/train_group_sizes.py``.

    python benchmarks/bench_fulltext.py --gold benchmarks/data/ft_dev_gold5.jsonl \\
        --articles ../shared/data/fulltext/evidence_inference_jats --keep /tmp/db_full5
    python benchmarks/group_size_features.py --run ft_dev_gold5 full benchmarks/data/ft_dev_gold5.jsonl \\
        /tmp/db_full5/bench.db [--run ...] --out benchmarks/data/group_size_features.jsonl.gz

Each ``--run SET FORM GOLD DB`` answers the gold's queries from a database that ``bench_fulltext.py --keep``
built (ingest + extract, through the CLI), with ``size_chooser.collecting()`` on, and writes one line per query:
the set and form, the gold's type and sizes, whether the answer's other fields (events, means, SDs) are
right, the rules' sizes and every candidate n per side with its features. No article text is written.
"""
from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.benchmarks import feature_runs  # noqa: E402
from stemfoot.benchmarks.bench_fulltext import GOLD_FIELDS, TYPE_FIELDS, _gold, _ours, gold_query, load_gold  # noqa: E402


def rows_for(set_name: str, form: str, gold_path: Path, db_path: Path) -> list[dict]:
    """The feature lines of one set and form."""
    import sqlite_utils

    from stemfoot import chain
    from stemfoot.extract import size_chooser

    items = load_gold(gold_path)
    queries = [gold_query(it) for it in items]
    db = sqlite_utils.Database(str(db_path))
    with size_chooser.collecting() as got:
        answers, _ = chain.outcome_answers(db, queries)
    by_key: dict[tuple, list[dict]] = {}
    for g in got:
        by_key.setdefault((g["id"], g["study"]), []).append(g)
    out = []
    for k, (it, q, ans) in enumerate(zip(items, queries, answers)):
        kind = it["outcome_type"]
        other = [f for f in TYPE_FIELDS[kind] if "group_size" not in f]
        # items split from one prompt share its id: each takes its own lines, in order (as place_rank_features.py)
        rec = (by_key.get((q["id"], q["study"])) or [{"rule": {}, "sides": {"intervention": [], "comparator": []}}]).pop(0)
        out.append({"set": set_name, "form": form, "item": k, "id": q["id"], "type": kind,
                    "gold": {s: _gold(it[GOLD_FIELDS[f"{s}_group_size"]]) for s in ("intervention", "comparator")},
                    "answered": {s: _ours(ans.get(f"{s}_group_size")) for s in ("intervention", "comparator")},
                    "others_right": all(_gold(it[GOLD_FIELDS[f]]) == _ours(ans.get(f)) for f in other),
                    "derived_events": sorted(f for f in ans.get("derived", {}) if f.endswith("_events")),
                    "rule": rec["rule"], "sides": rec["sides"]})
    return out


def main(argv: list[str] | None = None) -> int:
    return feature_runs.main(rows_for, lambda rows: f"{len(rows)} queries", __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
