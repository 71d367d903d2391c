"""Cell pairs (and their features) of the gold queries no record answers, for ``tools/train_table_cells.py``.

    python benchmarks/bench_fulltext.py --gold benchmarks/data/ft_dev_gold5.jsonl \\
        --articles ../shared/data/fulltext/evidence_inference_jats --keep /tmp/db_full5
    python benchmarks/table_cell_features.py --run ft_dev_gold5 full benchmarks/data/ft_dev_gold5.jsonl \\
        /tmp/db_full5/bench.db [--run ...] --out benchmarks/data/table_cell_features.jsonl.gz

Each ``--run SET FORM GOLD DB`` answers the gold's queries from a database that ``bench_fulltext.py --keep``
built, with the cell-pair stage off (``table_cells.using(None)``) and ``table_cells.collecting()`` on: every query of
an article with tables leaves its candidate pairs. One line per query: the set and form, the gold type, whether the
gold has values, whether the stage would be consulted (no record answered it), and each candidate's features and
whether its two cells read as the gold's values (events; or means and SDs, a blank gold SD wanting none). No article
text is written.
"""
from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.benchmarks import feature_runs  # noqa: E402
from stemfoot.benchmarks.bench_fulltext import _gold, gold_query, load_gold  # noqa: E402


def cell_pair_right(item: dict, cand: dict) -> bool:
    """Whether a candidate's two readings are the gold item's values (of its type)."""
    if cand["type"] != item["outcome_type"]:
        return False
    ri, rc = cand["ri"], cand["rc"]
    if item["outcome_type"] == "binary":
        want = (_gold(item["intervention_events"]), _gold(item["comparator_events"]))
        return None not in want and want == (ri.events, rc.events)
    want = tuple(_gold(item[f]) for f in ("intervention_mean", "intervention_standard_deviation",
                                          "comparator_mean", "comparator_standard_deviation"))
    got = tuple(None if v is None else round(float(v), 4) for v in (ri.mean, ri.sd, rc.mean, rc.sd))
    return want[0] is not None and want[2] is not None and want == got


def rows_for(set_name: str, form: str, gold_path: Path, db_path: Path) -> list[dict]:
    """The lines of one set and form."""
    import sqlite_utils

    from stemfoot import chain
    from stemfoot.extract import table_cells

    items = load_gold(gold_path)
    queries = [gold_query(it) for it in items]
    db = sqlite_utils.Database(str(db_path))
    with table_cells.using(None), table_cells.collecting() as got:
        answers, _ = chain.outcome_answers(db, queries)
    by_key: dict[tuple, list[dict]] = {}
    for g in got:
        by_key.setdefault((g["id"], g["study"]), []).append(g)
    # Every query of an article with tables leaves its pairs; ``consulted``: no record answered it, so the stage
    # would be asked (a query asked twice leaves its pairs twice alike).
    out = []
    for k, (it, q, ans) in enumerate(zip(items, queries, answers)):
        queue = by_key.get((q["id"], q["study"]))
        if not queue:
            continue
        rec = queue.pop(0)
        fields = ("intervention_events", "comparator_events") if it["outcome_type"] == "binary" else (
            "intervention_mean", "comparator_mean")
        out.append({"set": set_name, "form": form, "item": k, "id": q["id"], "type": it["outcome_type"],
                    "gold_has_values": any(_gold(it[f]) is not None for f in fields),
                    "consulted": ans.get("outcome_type") is None,
                    "cands": [{"f": c["f"], "type": c["type"], "ok": cell_pair_right(it, c)} for c in rec["cands"]]})
    return out


def main(argv: list[str] | None = None) -> int:
    def summary(rows: list[dict]) -> str:
        return (f"{len(rows)} queries ({sum(r['consulted'] for r in rows)} consulted), "
                f"{sum(len(r['cands']) for r in rows)} pairs, {sum(any(c['ok'] for c in r['cands']) for r in rows)} "
                "with a right pair")
    return feature_runs.main(rows_for, summary, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
