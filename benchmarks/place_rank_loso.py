"""Leave-one-gold-out exact match of the place ranker through the real answering path.

    python benchmarks/place_rank_loso.py benchmarks/data/place_rank_features.jsonl.gz \\
        --run ft_dev_gold5 full benchmarks/data/ft_dev_gold5.jsonl /tmp/db_full5/bench.db [--run ...] \\
        [--model extract/models/place_rank/model.json] [--out RESULTS.json]

For each ``--run`` (a set and form, its gold, and the database ``bench_fulltext.py --keep`` built), the queries
are answered through ``chain.outcome_answers`` (what ``cli.py outcome-data`` does) twice: with the hand score
alone, and with a ranker trained by ``tools/train_place_rank.py`` on the features of every OTHER set (the
shipped model's setting: hand_floor, floor, margin; ``--model``). A set not in the features (a held-out gold)
is answered with the model trained on all of them. Exact match (all fields; without group sizes) as
``bench_fulltext.py`` scores it, and the items right before and wrong after.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.benchmarks.bench_fulltext import gold_query, load_gold, score  # noqa: E402


def _answers(gold: Path, db_path: Path, model: dict | None) -> tuple[list[dict], list[dict]]:
    import sqlite_utils

    from stemfoot import chain
    from stemfoot.extract import place_rank

    items = load_gold(gold)
    queries = [gold_query(it) for it in items]
    with place_rank.using(model):
        answers, _ = chain.outcome_answers(sqlite_utils.Database(str(db_path)), queries)
    return items, answers


def _right(it: dict, ans: dict) -> int:
    return sum(v[0] for v in score([it], [ans])["exact"].values())


def _fmt(s: dict, key: str) -> str:
    return " ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(s[key].items()))


def main(argv: list[str] | None = None) -> int:
    from stemfoot.extract import place_rank
    from stemfoot.tools.train_place_rank import examples, fit, load

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("features", type=Path)
    ap.add_argument("--run", nargs=4, action="append", metavar=("SET", "FORM", "GOLD", "DB"), required=True)
    ap.add_argument("--model", type=Path, default=place_rank.MODEL_PATH, help="the setting to use (its floors)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    lines = load(args.features)
    shipped = json.loads(args.model.read_text("utf-8"))
    setting = {k: shipped[k] for k in ("hand_floor", "floor", "margin")}
    models: dict[str, dict] = {}
    results = []
    for set_name, form, gold, db in args.run:
        if set_name not in models:
            models[set_name] = {**fit(examples([l for l in lines if l["set"] != set_name])), **setting}
        items, hand = _answers(Path(gold), Path(db), None)
        _, ranked = _answers(Path(gold), Path(db), models[set_name])
        s0, s1 = score(items, hand), score(items, ranked)
        ids = [str(it.get("id", it.get("prompt_id"))) for it in items]
        won = [i for i, it, h, r in zip(ids, items, hand, ranked) if _right(it, r) > _right(it, h)]
        lost = [i for i, it, h, r in zip(ids, items, hand, ranked) if _right(it, r) < _right(it, h)]
        results.append({"set": set_name, "form": form, "hand": s0, "ranked": s1, "won": won, "lost": lost})
        print(f"{set_name:<14} {form:<5} exact {_fmt(s0, 'exact')} -> {_fmt(s1, 'exact')} | without sizes "
              f"{_fmt(s0, 'exact_without_group_sizes')} -> {_fmt(s1, 'exact_without_group_sizes')} | won {won} lost {lost}",
              flush=True)
    if args.out:
        args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
