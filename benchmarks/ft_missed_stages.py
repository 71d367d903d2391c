"""Where each all-null full-text item is lost, by stage, from a database that ``bench_fulltext.py --keep`` built.

    python benchmarks/ft_missed_stages.py --run ft_dev_gold9 benchmarks/data/ft_dev_gold9.jsonl /tmp/keep9/bench.db \\
        [--run ...] [--list STAGE]

Each gold item answered with no number of its type (``ft_item_classes`` ``missed_all``) is re-answered with
``answer_query``'s trace and put in the first stage that loses it:

- ``type``: a place was answered, but of the other type (a binary query given means);
- ``not_in_article``: neither gold value is written in the article (text or tables);
- ``not_read``: a gold value is written, but no statistics record holds it (``_table`` / ``_prose`` by the gold);
- ``no_arm``: records hold the values, but without an arm (the attribution left them unassigned);
- ``different_places``: arm records hold both values, in different places (rows as arms, a time split);
- ``place_skipped_<why>``: one place holds both values and was skipped (outcome similarity, learned floor, ...);
- ``arms_not_linked``: one place holds both values, the arms picked there are other records;
- ``place_not_best``: the place holding both values was scored and picked, but another place, or the floor, won;
- ``one_value``: only one gold value is held by any arm record.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.benchmarks.bench_fulltext import _gold, gold_query, load_gold  # noqa: E402

VALUE = {"binary": ("intervention_events", "comparator_events", "events"),
         "continuous": ("intervention_mean", "comparator_mean", "mean")}


def _holds(rec: dict, field: str, value: float) -> bool:
    got = rec.get(field)
    return got is not None and abs(round(float(got), 4) - value) < 1e-6


#: A decimal separator as articles print it.
_POINT = "[.·,]"


def _written(value: float, text: str) -> bool:
    """Whether the number is written in the text, as a number of its own (``12.50`` counts for 12.5), with a
    decimal point, a middle dot ("8·5") or a decimal comma ("5,24")."""
    whole = value == int(value)
    plain = str(abs(int(value))) if whole else repr(abs(value))
    sign = "[-−–]" if value < 0 else ""
    # trailing zeros only after a decimal point ("12.50"; "12.0" for 12), never more digits ("120", "12.5" for 12)
    tail = f"(?:{_POINT}0+)?" if whole else "0*"
    number = _POINT.join(re.escape(part) for part in plain.split("."))
    return re.search(rf"(?<![\d.·,]){sign}{number}{tail}(?!\d|{_POINT}\d)", text) is not None



def stage_of(item: dict, answer: dict, trace: list[dict], candidates: list[dict], text: str) -> str:
    """The first stage that loses an all-null item (see the module docstring)."""
    kind = item["outcome_type"]
    if answer.get("outcome_type") and answer["outcome_type"] != kind:
        return "type"
    f_i, f_c, field = VALUE[kind]
    g_i, g_c = _gold(item[f_i]), _gold(item[f_c])
    wanted = [g for g in (g_i, g_c) if g is not None]
    if not wanted or not any(_written(g, text) for g in wanted):
        return "not_in_article"
    every = candidates + [r for step in trace for r in step["recs"]]
    if not all(any(_holds(r, field, g) for r in every) for g in wanted):
        return "not_read_table" if item.get("in_table") else "not_read_prose"
    armed = [r for r in every if r.get("arm")]
    if not all(any(_holds(r, field, g) for r in armed) for g in wanted):
        return "no_arm"
    if len(wanted) < 2:
        return "one_value"
    both = [s for s in trace if any(_holds(r, field, g_i) for r in s["recs"]) and any(_holds(r, field, g_c) for r in s["recs"])]
    if not both:
        return "different_places"
    for step in both:
        if "score" in step and _holds(step["i_rec"], field, g_i) and _holds(step["c_rec"], field, g_c):
            return "place_not_best"
    skipped = [s for s in both if s.get("skip")]
    if len(skipped) == len(both):
        return f"place_skipped_{skipped[0]['skip']}"
    return "arms_not_linked"


def run(set_name: str, gold_path: Path, db_path: Path) -> list[tuple[str, str, dict, dict]]:
    """(set, stage, item, answer) of every all-null item of one set."""
    import sqlite_utils

    from stemfoot.benchmarks.ft_item_classes import classify
    from stemfoot.corpus.fulltext import extracted_statistics, find_study, load_article, study_abstract
    from stemfoot.extract.group_sizes import article_table_sizes
    from stemfoot.extract.outcome_query import answer_query

    db = sqlite_utils.Database(str(db_path))
    out = []
    for item in load_gold(gold_path):
        q = gold_query(item)
        sid = find_study(db, q["study"])
        if sid is None:
            continue
        candidates, arms = extracted_statistics(db, sid)
        article = load_article(db, sid) or {}
        abstract, body = study_abstract(db, sid), article.get("full_text")
        text = "\n\n".join(x for x in (abstract, body) if x)
        tables = article.get("tables") or []
        trace: list[dict] = []
        answer = answer_query(q, candidates, arms, text=text,
                              sections=[(n, x) for n, x in (("abstract", abstract), ("full_text", body)) if x],
                              table_sizes=article_table_sizes(tables), tables=tables, trace=trace)
        if classify(item, answer) != "missed_all":
            continue
        written = "\n".join([text, *(str(t.get("text") or "") for t in tables)])
        out.append((set_name, stage_of(item, answer, trace, candidates, written), item, answer))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run", nargs=3, action="append", metavar=("SET", "GOLD", "DB"), required=True)
    ap.add_argument("--list", help="print the items of this stage with their gold evidence")
    args = ap.parse_args(argv)
    rows = [r for s, g, d in args.run for r in run(s, Path(g), Path(d))]
    for stage, n in Counter(r[1] for r in rows).most_common():
        print(f"{stage:32s} {n}")
    for set_name, stage, item, _ in rows:
        if stage == args.list:
            print(json.dumps({"set": set_name, "id": item.get("prompt_id"), "pmcid": item["pmcid"],
                              "outcome": item["outcome"], "intervention": item["intervention"],
                              "comparator": item["comparator"], "in_table": item.get("in_table"),
                              "table": item.get("table_label"), "evidence": item.get("evidence")},
                             ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
