"""Reads of a few studies give what a read of the whole corpus gives; extraction streams and writes in batches."""
import json

import pytest

from stemfoot.chain import _store_batch, RunSummary
from stemfoot.corpus import evidence
from stemfoot.corpus.db import open_db, transaction
from stemfoot.extract.record import empty_record
from stemfoot.extract.run import extract_records
from stemfoot.review.decisions import effective_values, record_event, load_items
from stemfoot.review.study_table import study_labels

from test_curation_support import machine_rows, make_db, write_machine_values

# (title, year, authors): duplicate labels, no year, year 0, title-only, bad JSON, padded names, a
# title that reads like an author label, the same surname in another year, non-ASCII names.
STUDIES = [
    ("A", 2011, ["Smith J", "Lee K"]), ("B", 2011, ["Smith AB"]), ("C", 2012, ["Smith J"]),
    ("D", None, ["Smith J"]), ("Smith 2011", None, []), ("E", 0, ["Smith J"]), ("F", 2011, "not json"),
    ("G", 2011, ["  Smith  J"]), ("H", 2011, ["van der Berg A"]), ("I", 2011, ["van der Berg A"]),
    ("Cell therapy for diabetic foot ulcers: a randomised trial", 2011, []),
    ("Cell therapy for diabetic foot ulcers: a randomised trial", 2011, None),
    ("J", 2011, ["Müller T"]), ("K", 2011, ["Müller T"]), ("L", 2013, ["Smith"]), ("M", 2011, ["Smithson J"]),
]


@pytest.fixture
def label_db(tmp_path):
    db = open_db(tmp_path / "l.db")
    for n, (title, year, authors) in enumerate(STUDIES):
        db["studies"].insert({
            "pmid": str(1000 + n), "title": title, "year": year, "first_seen": "t", "last_updated": "t",
            "content_hash": f"h{n}",
            "authors": authors if isinstance(authors, str) or authors is None else json.dumps(authors)})
    return db


def test_labels_of_a_subset_are_those_of_the_whole_corpus(label_db):
    full = study_labels(label_db)
    assert {"Smith 2011a", "Smith 2011b", "Smith 2011c", "van der Berg 2011a", "Müller 2011b"} <= {v[0] for v in full.values()}
    for sid in full:
        assert study_labels(label_db, [sid]) == {sid: full[sid]}
    some = list(full)[::3]
    assert study_labels(label_db, some) == {sid: full[sid] for sid in some}
    assert study_labels(label_db, []) == {}


def test_effective_values_of_some_studies_match_the_whole_read(tmp_path):
    db = make_db(tmp_path / "c.db")
    write_machine_values(db, machine_rows(db))
    items = load_items(db.conn)
    with transaction(db) as conn:
        record_event(conn, items[0], "correct", reviewer="r", source="library", value="single_arm")
        record_event(conn, items[-1], "reject", reviewer="r", source="library")
    whole = effective_values(db)
    studies = {v["study_id"] for v in whole}
    assert len(studies) == 2
    for sid in studies:
        assert effective_values(db, study_ids=[sid]) == [v for v in whole if v["study_id"] == sid]
    assert effective_values(db, study_ids=[]) == []


def test_extraction_reads_its_input_lazily():
    consumed = 0

    def items():
        nonlocal consumed
        for _ in range(5000):
            consumed += 1
            yield None, ""  # empty abstracts: flagged records, no NLP needed

    records = extract_records(items(), batch_size=8)
    first = next(records)
    assert "no_abstract" in first["flags"] or first["flags"]
    assert consumed < 1000
    assert sum(1 for _ in records) == 4999


def _study(db, n):
    db["studies"].insert({"pmid": str(n), "title": f"T{n}", "abstract": "Text.", "first_seen": "t",
                          "last_updated": "t", "content_hash": f"h{n}"})
    return {"id": db.execute("SELECT id FROM studies WHERE pmid = ?", [str(n)]).fetchone()[0],
            "pmid": str(n), "local_id": None, "abstract": "Text."}


def test_a_failing_study_in_a_batch_loses_only_its_own_rows(tmp_path):
    db = open_db(tmp_path / "b.db")
    run_id = evidence.start_run(db, "v", "t")
    good, bad = _study(db, 1), _study(db, 2)
    ok = empty_record([], "T1")
    broken = {**empty_record([], "T2"), "arms": [{"label": "x"}]}  # no evidence: the store fails half-way
    summary = RunSummary()
    _store_batch(db, [(good, ok), (bad, broken)], run_id, summary, None)
    assert (summary.studies, summary.failed) == (2, 1)
    assert "store:" in summary.failures[0]
    assert db.execute("SELECT count(*) FROM extractions WHERE study_id = ?", [good["id"]]).fetchone()[0] == 1
    for table in ("extractions", "spans", "arms"):
        assert db.execute(f"SELECT count(*) FROM {table} WHERE study_id = ?", [bad["id"]]).fetchone()[0] == 0
    assert not db.conn.in_transaction


def test_resolve_ids_keeps_order_and_names_missing(tmp_path):
    db = open_db(tmp_path / "r.db")
    a, b = _study(db, 7), _study(db, 8)
    assert evidence.resolve_ids(db, ["8", "7", "8"]) == [b["id"], a["id"]]
    assert [s["id"] for s in evidence.iter_studies(db, [b["id"], a["id"]])] == [b["id"], a["id"]]
    assert [s["id"] for s in evidence.iter_studies(db, None, page=1)] == [a["id"], b["id"]]
    with pytest.raises(evidence.CorpusError, match="no study with id 9"):
        evidence.resolve_ids(db, ["7", "9"])


def test_search_reads_only_the_hits_statistics(tmp_path):
    # A LEFT JOIN onto the view made SQLite build all of it: seconds at 100,000 studies.
    import sqlite3

    from fixture_corpus import build_fixture_corpus
    from stemfoot.corpus.query_filters import Filters, statistics_sql

    path = build_fixture_corpus(tmp_path / "f.db")
    sql, params = statistics_sql(Filters(search="mononuclear"))
    plan = [row[3] for row in sqlite3.connect(path).execute("EXPLAIN QUERY PLAN " + sql, params)]
    assert not [step for step in plan if step.startswith("MATERIALIZE extracted_statistics")], plan
    assert not [step for step in plan if step.startswith("SCAN") and step.split()[1] in ("st", "statistics", "e")], plan
    # `spans` is a view (migration 10): flattened, its rows read by primary key, not built whole.
    assert not [step for step in plan if step.startswith(("MATERIALIZE", "SCAN")) and step.split()[1] in (
        "sp", "spans", "span_store")], plan


def test_search_rows_are_the_views_rows(tmp_path):
    # The search reads base tables for speed; every row must be what `extracted_statistics` gives.
    import sqlite3

    from fixture_corpus import build_fixture_corpus
    from stemfoot.corpus.query_filters import Filters, filtered_statistics

    path = build_fixture_corpus(tmp_path / "f.db")
    _, found = filtered_statistics(path, Filters(search="patients"))
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    view = {row["statistic_id"]: dict(row) for row in conn.execute("SELECT * FROM extracted_statistics")}
    with_statistics = [row for row in found if row["statistic_id"] is not None]
    assert len({row["study"] for row in with_statistics}) >= 5 and len(with_statistics) == len(view)
    for row in with_statistics:
        assert {k: v for k, v in row.items() if k != "rank"} == view[row["statistic_id"]]
