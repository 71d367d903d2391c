"""Migration 10: a span keeps its sentence as offsets into the study's stored text, not as a copy.

At 100,000 studies the `spans` table was half of the database, most of it
sentences copied once per span. The rows now live in `span_store`, whose
``sentence`` is NULL wherever it equals the slice ``[sentence_start,
sentence_end)`` of the text the span was read from:

- ``abstract``: `studies.abstract`;
- ``full_text``: `fulltexts.full_text` (results and methods prose);
- ``table``: `fulltext_tables.text` of the table at ``table_position``.

`spans` becomes a view over `span_store` that gives the sentence back (the copy
where one is kept, else the slice), so every reader — `extracted_statistics`,
`machine_values`, `show`, `export`, the report, the review — sees the same
sentences as before. A copy is dropped only where it is byte-identical to the
slice (checked in SQL, by :func:`compact_sql`; title spans and any sentence that
differs keep theirs), and triggers put the copy back before a stored text
changes or goes (re-ingest of an edited abstract or full text), so an older
extraction keeps the sentences it was read from.

`spans` is a one-table view, so SQLite flattens it even on the right of a LEFT
JOIN: a query reads a sentence (one primary-key look-up of its text) only for
the rows it returns.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: sqlite-utils imports pandas, which light commands do without
    import sqlite_utils

#: Span sources whose sentence is a slice of a stored text.
SOURCES = ("abstract", "full_text", "table")


def derived_sentence(sp: str) -> str:
    """SQL: the sentence of span row ``sp`` cut from its stored text; NULL for other sources or a missing text.

    SQLite's substr counts characters (code points), as Python's slices do.
    """
    cut = f"{sp}.sentence_start + 1, {sp}.sentence_end - {sp}.sentence_start"
    return (f"CASE {sp}.source"
            f" WHEN 'abstract' THEN (SELECT substr(x.abstract, {cut}) FROM studies x WHERE x.id = {sp}.study_id)"
            f" WHEN 'full_text' THEN (SELECT substr(x.full_text, {cut}) FROM fulltexts x"
            f" WHERE x.study_id = {sp}.study_id)"
            f" WHEN 'table' THEN (SELECT substr(x.text, {cut}) FROM fulltext_tables x"
            f" WHERE x.study_id = {sp}.study_id AND x.position = {sp}.table_position) END")


def compact_sql(where: str = "1") -> str:
    """UPDATE dropping the sentence copies of `span_store` rows (matching ``where``) that equal their slice."""
    sources = ", ".join(f"'{s}'" for s in SOURCES)
    return (f"UPDATE span_store SET sentence = NULL WHERE ({where}) AND sentence IS NOT NULL "
            f"AND source IN ({sources}) AND sentence = ({derived_sentence('span_store')})")


def _keep(trigger: str, when: str, source: str, text: str, match: str) -> str:
    """A trigger that copies the sentences of ``source`` spans out of ``text`` before that text changes."""
    return (f"CREATE TRIGGER {trigger} {when} BEGIN "
            f"UPDATE span_store SET sentence = substr({text}, sentence_start + 1, sentence_end - sentence_start) "
            f"WHERE {match} AND source = '{source}' AND sentence IS NULL; END")


_TRIGGERS = (
    _keep("span_store_keep_abstract", "BEFORE UPDATE OF abstract ON studies WHEN OLD.abstract IS NOT NEW.abstract",
          "abstract", "OLD.abstract", "study_id = OLD.id"),
    _keep("span_store_keep_abstract_delete", "BEFORE DELETE ON studies", "abstract", "OLD.abstract",
          "study_id = OLD.id"),
    _keep("span_store_keep_full_text",
          "BEFORE UPDATE OF full_text ON fulltexts WHEN OLD.full_text IS NOT NEW.full_text",
          "full_text", "OLD.full_text", "study_id = OLD.study_id"),
    _keep("span_store_keep_full_text_delete", "BEFORE DELETE ON fulltexts", "full_text", "OLD.full_text",
          "study_id = OLD.study_id"),
    # INSERT OR REPLACE deletes the old row without firing delete triggers (recursive_triggers is off).
    _keep("span_store_keep_full_text_replace",
          "BEFORE INSERT ON fulltexts WHEN EXISTS (SELECT 1 FROM fulltexts f WHERE f.study_id = NEW.study_id "
          "AND f.full_text IS NOT NEW.full_text)",
          "full_text", "(SELECT f.full_text FROM fulltexts f WHERE f.study_id = NEW.study_id)",
          "study_id = NEW.study_id"),
    _keep("span_store_keep_table", "BEFORE UPDATE OF text ON fulltext_tables WHEN OLD.text IS NOT NEW.text",
          "table", "OLD.text", "study_id = OLD.study_id AND table_position = OLD.position"),
    _keep("span_store_keep_table_delete", "BEFORE DELETE ON fulltext_tables", "table", "OLD.text",
          "study_id = OLD.study_id AND table_position = OLD.position"),
    _keep("span_store_keep_table_replace",
          "BEFORE INSERT ON fulltext_tables WHEN EXISTS (SELECT 1 FROM fulltext_tables t "
          "WHERE t.study_id = NEW.study_id AND t.position = NEW.position AND t.text IS NOT NEW.text)",
          "table", "(SELECT t.text FROM fulltext_tables t WHERE t.study_id = NEW.study_id "
          "AND t.position = NEW.position)", "study_id = NEW.study_id AND table_position = NEW.position"),
)


def spans_view_sql(columns: list[str]) -> str:
    """The `spans` view: `span_store`'s ``columns`` in order, the sentence given back."""
    select = ", ".join(f"COALESCE(sp.sentence, {derived_sentence('sp')}) AS sentence" if c == "sentence"
                       else f'sp."{c}"' for c in columns)
    return f"CREATE VIEW spans AS SELECT {select} FROM span_store sp"


def apply(db: sqlite_utils.Database) -> None:
    """Rename `spans` to `span_store`, drop the sentence copies its texts hold, add the `spans` view and triggers."""
    conn = db.conn
    # Legacy rename: the views that read `spans` (extracted_statistics, machine_values) keep the name,
    # which the new view takes; the modern rename would point them at the table.
    legacy = conn.execute("PRAGMA legacy_alter_table").fetchone()[0]
    conn.execute("PRAGMA legacy_alter_table = ON")
    try:
        conn.execute("ALTER TABLE spans RENAME TO span_store")
    finally:
        conn.execute(f"PRAGMA legacy_alter_table = {int(legacy)}")
    conn.execute(compact_sql())
    columns = [row[1] for row in conn.execute("PRAGMA table_info(span_store)")]
    conn.execute(spans_view_sql(columns))
    for trigger in _TRIGGERS:
        conn.execute(trigger)
