"""The group-size chooser's training lines (``benchmarks/group_size_features.py``) replay to the sizes
``cli.py outcome-data`` answers from the same database: one function (``answer_query``) builds the chooser's
inputs on both paths, so what the trainer scores is what ships."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from stemfoot.benchmarks.bench_fulltext import gold_query
from stemfoot.benchmarks.group_size_features import rows_for
from stemfoot.cli import cli
from stemfoot.extract import size_chooser as sc

DATA = Path(__file__).parent.parent / "data" / "fulltext"
SIDES = ("intervention", "comparator")
BLANK = {f: "" for f in ("intervention_events", "intervention_group_size", "comparator_events",
                         "comparator_group_size", "intervention_mean", "intervention_standard_deviation",
                         "comparator_mean", "comparator_standard_deviation")}
ITEMS = [  # three arms of 30 and "11, 16, and 13 patients in each group who exhibited ..." (apple / grape juice /
    # water: events, no size since round 22); 125 vs 133 in a table's rows
    ("1216327", "The duration of the illness", "White Grape Juice (WGJ)", "water (WA)", "continuous"),
    ("1216327", "Total fecal losses", "Apple Juice", "water", "continuous"),
    ("1216327", "Weight gain", "White Grape Juice", "Apple juice", "continuous"),
    ("5244530", "patients on sick leave", "self-rating scale", "treatment as usual", "binary"),
    ("5244530", "Depression severity BDI-II", "intervention", "TAU", "continuous"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sizes")
    db = str(tmp / "c.db")
    run = CliRunner()
    res = run.invoke(cli, ["ingest", str(DATA / "PMC1216327.nxml"), str(DATA / "PMC5244530.nxml"), "--db", db])
    assert res.exit_code == 0, res.output
    res = run.invoke(cli, ["extract", "--db", db, "--no-pico"])
    assert res.exit_code == 0, res.output
    gold = tmp / "gold.jsonl"
    gold.write_text("".join(json.dumps({"id": str(k), "pmcid": p, "outcome": o, "intervention": i, "comparator": c,
                                        "outcome_type": t, **BLANK}) + "\n" for k, (p, o, i, c, t) in enumerate(ITEMS)))
    return tmp, db, gold


def _cli_sizes(tmp: Path, db: str, gold: Path) -> list[dict]:
    q, out = tmp / "q.jsonl", tmp / "a.jsonl"
    q.write_text("".join(json.dumps(gold_query(json.loads(line))) + "\n" for line in gold.read_text().splitlines()))
    res = CliRunner().invoke(cli, ["outcome-data", "--db", db, "--queries", str(q), "--out", str(out)])
    assert res.exit_code == 0, res.output
    return [{s: a[f"{s}_group_size"] for s in SIDES} for a in map(json.loads, out.read_text().splitlines())]


def test_feature_lines_replay_to_the_cli_sizes(built, tmp_path, monkeypatch):
    tmp, db, gold = built
    lines = rows_for("fixture", "full", gold, Path(db))
    # A model that corrects: an each-group statement over the tables' 30s (a switch both arms' statement pairs), and
    # every other rules' size under keep (null).
    model = {"features": ["src_each", "src_rule"], "coef": [6.0, -2.0], "intercept": -1.0,
             "keep": 0.3, "switch": 0.5, "fill": 0.5}
    for spec in (sc.load_model(), model):
        path = tmp_path / "model.json"
        path.write_text(json.dumps(spec))
        monkeypatch.setattr(sc, "MODEL_PATH", path)
        sc.load_model.cache_clear()
        try:
            got = _cli_sizes(tmp, db, gold)
        finally:
            sc.load_model.cache_clear()
        assert got == [sc.replay(line, spec) for line in lines]
    rules = [{s: line["answered"][s] for s in SIDES} for line in lines]
    assert got != rules and {"intervention": None, "comparator": None} in got
    # "There were 11, 16, and 13 patients in each group who exhibited a BH2 value above 20 ppm" counts events: the
    # last of a list of counts is no each-group size, so no model can switch to it.
    assert all(13 not in answer.values() for answer in got)
