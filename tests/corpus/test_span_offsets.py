"""Migration 10: spans keep offsets into the stored texts; every reader gets the same sentences as from copies."""
import sqlite3

import pytest
import sqlite_utils

from stemfoot.corpus.db import MIGRATIONS, SCHEMA_VERSION, migrate
from stemfoot.corpus.fulltext import store_article

# Characters outside ASCII and outside the BMP before the sentences: offsets are code points in Python and SQLite.
ABSTRACT = "Résumé ≥ 𝛼-cells. Healing was 12/20 (60%) vs 5/20. Amputation: none."
FULL_TEXT = "Methods 🧪 text. At week 12, 14 of 22 ulcers healed in the BM-MNC group."
TABLE_TEXT = "Table 1 | Outcome | Cells | Control\nHealed | 14/22 | 6/21"


def _span(sid, source, text, sentence_start, sentence_end, start, end, sentence, **extra):
    return {"id": sid, "extractor_version": "v1", "study_id": 1, "field": "statistic:events", "source": source,
            "start": start, "end": end, "text": text, "sentence_start": sentence_start, "sentence_end": sentence_end,
            "sentence": sentence, "component": "c", "confidence": 0.9, "value": "{}", **extra}


def _at(text, sentence, value):
    """(sentence_start, sentence_end, start, end, sentence) of ``value`` in ``sentence`` of ``text``."""
    a = text.index(sentence)
    return a, a + len(sentence), text.index(value, a), text.index(value, a) + len(value), sentence


HEALING, TABLE_ROW = "Healing was 12/20 (60%) vs 5/20.", "Healed | 14/22 | 6/21"
SPANS = [
    _span("abs", "abstract", "12/20", *_at(ABSTRACT, HEALING, "12/20")),
    _span("abs2", "abstract", "none", *_at(ABSTRACT, "Amputation: none.", "none")),
    # A copy that is not the slice (the abstract was edited after extraction): kept as it is.
    _span("stale", "abstract", "5/20", *_at(ABSTRACT, HEALING, "5/20")[:4], "Healing was 12/20 (60%) vs 5/20 (25%)."),
    _span("title", "title", "randomised", 0, 10, 0, 10, None),
    _span("ft", "full_text", "14 of 22", *_at(FULL_TEXT, "At week 12, 14 of 22 ulcers healed in the BM-MNC group.",
                                              "14 of 22"), section="Results"),
    _span("tab", "table", "14/22", *_at(TABLE_TEXT, TABLE_ROW, "14/22"), table_label="Table 1",
          row_header="Healed", column_header="Cells", table_position=0),
    _span("tab_other", "table", "6/21", *_at(TABLE_TEXT, TABLE_ROW, "6/21"), table_label="Table 2",
          row_header="Healed", column_header="Control", table_position=1),  # no such table stored: kept
]


def _v9(path):
    """A schema version 9 corpus (sentences copied) with one study, its full text and a table."""
    db = sqlite_utils.Database(path)
    for migration in MIGRATIONS[:9]:
        migration(db)
    db.execute("PRAGMA user_version = 9")
    db["studies"].insert({"id": 1, "pmid": "1", "title": "A randomised trial", "abstract": ABSTRACT,
                          "first_seen": "t", "last_updated": "t", "content_hash": "h"})
    db["extractions"].insert({"study_id": 1, "extractor_version": "v1", "extracted_at": "t", "design": "rct",
                              "design_span_id": "title", "cell_types": "[]", "flags": "[]", "errors": "[]"})
    with db.conn:
        store_article(db.conn, 1, {"pmcid": "PMC1", "full_text": FULL_TEXT, "has_body": True, "xml": b"<a/>",
                                   "tables": [{"id": "t1", "label": "Table 1", "text": TABLE_TEXT}]}, "test")
    db["spans"].insert_all(SPANS)
    db["statistics"].insert({"id": "st", "extractor_version": "v1", "study_id": 1, "position": 0,
                             "outcome": "ulcer_healing", "kind": "events", "events": 12, "total": 20,
                             "flags": "[]", "span_id": "abs"})
    return db


def _readers(db):
    rows = lambda sql: [tuple(r) for r in db.execute(sql).fetchall()]  # noqa: E731
    return {"spans": rows("SELECT * FROM spans ORDER BY id"),
            "extracted_statistics": rows("SELECT * FROM extracted_statistics"),
            "machine_values": rows("SELECT * FROM machine_values ORDER BY value_id")}


@pytest.fixture
def migrated(tmp_path):
    db = _v9(tmp_path / "c.db")
    before = _readers(db)
    with db.conn:
        migrate(db)
    return db, before


def test_migration_keeps_every_sentence_and_drops_only_exact_copies(migrated):
    db, before = migrated
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert _readers(db) == before
    stored = dict(db.execute("SELECT id, sentence FROM span_store").fetchall())
    assert {k for k, v in stored.items() if v is None} == {"abs", "abs2", "title", "ft", "tab"}
    assert stored["stale"] == "Healing was 12/20 (60%) vs 5/20 (25%)."
    assert stored["tab_other"] == TABLE_ROW
    # Writers and readers use the table and the view (no rowid on a view; readers order by columns).
    assert "spans" in db.view_names() and "span_store" in db.table_names()


def test_an_edited_text_keeps_the_sentences_of_the_older_extraction(migrated):
    db, before = migrated
    with db.conn:
        db.execute("UPDATE studies SET abstract = 'Something else entirely.' WHERE id = 1")
        # A re-ingested full text: INSERT OR REPLACE of the article, its tables deleted and written again.
        store_article(db.conn, 1, {"pmcid": "PMC1", "full_text": "New body.", "has_body": True, "xml": b"<b/>",
                                   "tables": [{"id": "t1", "label": "Table 1", "text": "Other table"}]}, "test")
    assert _readers(db)["spans"] == before["spans"]
    assert db.execute("SELECT count(*) FROM span_store WHERE sentence IS NULL").fetchone()[0] == 1  # the title's


def test_an_unchanged_text_keeps_the_offsets(migrated):
    db, before = migrated
    with db.conn:
        db.execute("UPDATE studies SET abstract = ?, title = 'Renamed' WHERE id = 1", [ABSTRACT])
        db.execute("DELETE FROM fulltexts WHERE study_id = 2")  # another study's: nothing here moves
    assert db.execute("SELECT count(*) FROM span_store WHERE sentence IS NULL").fetchone()[0] == 5
    assert _readers(db)["spans"] == before["spans"]


def test_the_store_compacts_what_it_writes(migrated):
    from stemfoot.corpus.evidence import _COMPACT_STUDY

    db, before = migrated
    with db.conn:
        db.execute("UPDATE span_store SET sentence = ? WHERE id = 'abs'", [HEALING])
        db.execute(_COMPACT_STUDY, [1, "v1"])
    assert db.execute("SELECT sentence FROM span_store WHERE id = 'abs'").fetchone()[0] is None
    assert _readers(db) == before


def test_spans_view_is_flattened_into_joins(migrated):
    # A view SQLite could not flatten on the right of a LEFT JOIN would be built whole for every query.
    db, _ = migrated
    for sql in ("SELECT st.id, sp.sentence FROM statistics st LEFT JOIN spans sp ON sp.id = st.span_id "
                "AND sp.extractor_version = st.extractor_version WHERE st.study_id = 1",
                "SELECT sentence FROM extracted_statistics WHERE study = '1'"):
        plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql)]
        assert not [s for s in plan if s.startswith(("MATERIALIZE", "CO-ROUTINE")) and "sp" in s.split()], plan
        assert not [s for s in plan if s.startswith("SCAN") and s.split()[1] in ("sp", "span_store")], plan


def test_a_fresh_corpus_reads_spans_through_the_view(tmp_path):
    from stemfoot.corpus.db import open_db

    db = open_db(tmp_path / "n.db")
    assert [r[1] for r in db.execute("PRAGMA table_info(spans)")] == \
        [r[1] for r in db.execute("PRAGMA table_info(span_store)")]
    with pytest.raises(sqlite3.OperationalError):
        db.execute("INSERT INTO spans (id) VALUES ('x')")  # rows go into span_store
