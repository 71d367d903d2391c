"""End to end through the CLI: ingest a JATS article (and a wrapped fragment), extract, outcome-data, show, export."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from stemfoot.cli import cli
from stemfoot.corpus.jats import wrap_fragment

DATA = Path(__file__).parent.parent / "data" / "fulltext"
FIELDS = ("intervention_events", "intervention_group_size", "comparator_events", "comparator_group_size",
          "intervention_mean", "intervention_sd", "comparator_mean", "comparator_sd")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ft")
    fragment = tmp / "PMC5498715.xml"
    fragment.write_bytes(wrap_fragment((DATA / "PMC5498715.xml").read_bytes(), "PMC5498715"))
    db = str(tmp / "c.db")
    run = CliRunner()
    res = run.invoke(cli, ["ingest", str(DATA / "PMC1216327.nxml"), str(fragment), "--db", db])
    assert res.exit_code == 0, res.output
    res = run.invoke(cli, ["extract", "--db", db, "--no-pico"])
    assert res.exit_code == 0 and "(0 failed" in res.output, res.output
    return tmp, db


def _answers(corpus, queries: list[dict]) -> list[dict]:
    tmp, db = corpus
    q = tmp / "q.jsonl"
    q.write_text("".join(json.dumps(x) + "\n" for x in queries))
    out = tmp / "a.jsonl"
    res = CliRunner().invoke(cli, ["outcome-data", "--db", db, "--queries", str(q), "--out", str(out)])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in out.read_text().splitlines()]


def test_outcome_data_answers_from_tables_with_provenance(corpus):
    answers = _answers(corpus, [
        {"id": "a", "study": "PMC1216327", "outcome": "The duration of the illness",
         "intervention": "White Grape Juice (WGJ)", "comparator": "water (WA)"},
        {"id": "b", "study": "PMC5498715", "outcome": "Scores of intrinsic motivation",
         "intervention": "Intervention", "comparator": "control"},
        {"id": "c", "study": "16091146", "outcome": "number of unicorns", "intervention": "White Grape Juice",
         "comparator": "water"},
        {"id": "d", "study": "PMC404", "outcome": "x", "intervention": "y", "comparator": "z"},
    ])
    assert [a["id"] for a in answers] == ["a", "b", "c", "d"]
    a, b, c, d = answers
    assert a["outcome_type"] == "continuous" and a["study"] == "PMC1216327"
    assert [a[f] for f in FIELDS] == [None, 30, None, 30, 47.5, 38.9, 26.5, 27.4]
    # The abstract's three-arm list ("49.4 ± 32.6, 47.5 ± 38.9 and 26.5 ± 27.4 in patients fed AJ, WGJ and WA
    # respectively") gives the same means as Table 5, with the sentence's offsets as provenance.
    assert [(e["section"], e["text"]) for e in a["evidence"]] == [("abstract", "47.5 ± 38.9"), ("abstract", "26.5 ± 27.4")]
    assert b["outcome_type"] == "continuous"
    assert [b[f] for f in FIELDS[4:]] == [10.8, 2.0, 4.9, 1.88]
    ev = b["evidence"][0]
    assert (ev["table"], ev["row_header"], ev["column_header"], ev["text"]) == (
        "Table 2", "Intrinsic Motivation", "Mean±SD of Post-test; Intervention (control)", "10.80±2.0 (4.90±1.88)")
    # Nothing about the outcome: no numbers (null beats a guess); an unknown study: all null.
    assert c["outcome_type"] is None and all(c[f] is None for f in FIELDS if "group_size" not in f)
    assert all(d[f] is None for f in FIELDS) and d["evidence"] == []


def test_show_and_export_carry_table_provenance(corpus):
    tmp, db = corpus
    res = CliRunner().invoke(cli, ["show", "PMC5498715", "--db", db])
    assert res.exit_code == 0, res.output
    assert "Table 2 · row: Intrinsic Motivation · column: Mean±SD of Post-test" in res.output
    res = CliRunner().invoke(cli, ["export", "--db", db])
    assert res.exit_code == 0, res.output
    records = [json.loads(line) for line in res.output.splitlines()]
    table_ev = [s["evidence"] for r in records for s in r["statistics"] if s["evidence"]["source"] == "table"]
    assert table_ev and all(e["table_label"] and e["row_header"] for e in table_ev)


def test_outcome_data_bad_query_line_names_file_and_line(corpus, tmp_path):
    _, db = corpus
    q = tmp_path / "q.jsonl"
    q.write_text('{"id": 1, "study": "PMC1216327"}\nnot json\n')
    res = CliRunner().invoke(cli, ["outcome-data", "--db", db, "--queries", str(q)])
    assert res.exit_code == 1 and f"{q}: line 2: invalid JSON" in res.output


def test_spans_store_offsets_into_the_stored_texts(corpus):
    # Migration 10: no copy of a sentence that is a slice of the abstract, the full text or a table's text;
    # the `spans` view gives each back as that slice.
    from stemfoot.corpus.db import open_db
    from stemfoot.corpus.fulltext import load_article

    _, path = corpus
    db = open_db(path, create=False, readonly=True)
    rows = list(db.query("SELECT s.study_id, s.source, s.sentence_start, s.sentence_end, s.table_position, "
                         "s.sentence, t.sentence AS stored FROM spans s JOIN span_store t "
                         "ON t.id = s.id AND t.extractor_version = s.extractor_version"))
    assert {"abstract", "full_text", "table"} <= {r["source"] for r in rows}
    for r in rows:
        if r["source"] not in ("abstract", "full_text", "table"):
            continue
        article = load_article(db, r["study_id"])
        text = article["tables"][r["table_position"]]["text"] if r["source"] == "table" else article[r["source"]]
        assert r["sentence"] == text[r["sentence_start"]:r["sentence_end"]]
        assert r["stored"] is None
