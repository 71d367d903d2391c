"""One article's candidates for outcome queries: table statistics plus (optionally) prose statistics.

``prose_statistics`` is the ONE adapter into the abstract pipeline (re-point it
after the layout move): the results text goes through the same extraction as
an abstract, and its offsets are mapped back into the article's full text.
"""
from __future__ import annotations

from stemfoot.extract.tables import table_statistics

#: Section types whose prose is read for numbers (the abstract is always read).
PROSE_SECTIONS = ("results", "methods")
#: The abstract pipeline clips texts; long results sections are read in chunks of paragraphs up to this size.
_CHUNK = 11_000


def prose_statistics(text: str) -> dict:
    """The abstract pipeline's record for a text (statistics, arms), via the existing extractor.

    Imports spaCy lazily so the table path stays free of it.
    """
    from stemfoot.extract.run import extract_records  # adapter: the only call into the abstract pipeline
    return next(iter(extract_records([(None, text)], pico=False)))


def _chunks(text: str, base: int) -> list[tuple[str, int]]:
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + _CHUNK)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut if cut > start else end
        out.append((text[start:end], base + start))
        start = end + 1 if end < len(text) and text[end:end + 1] == "\n" else end
    return out


def article_candidates(article: dict, prose: bool = False) -> tuple[list[dict], list[dict]]:
    """(statistics records, arms) of a ``corpus.jats`` record: tables always, abstract + results prose if asked."""
    arms: list[dict] = []
    prose_stats: list[dict] = []
    if prose:
        pieces: list[tuple[str, int, str]] = []
        if article.get("abstract"):
            pieces.append((article["abstract"], 0, "abstract"))
        full = article.get("full_text") or ""
        for sec in article.get("sections") or []:
            if sec["type"] in PROSE_SECTIONS and sec.get("depth", 0) == 0:
                for text, base in _chunks(full[sec["start"]:sec["end"]], sec["start"]):
                    pieces.append((text, base, sec.get("title") or sec["type"]))
        for text, base, where in pieces:
            record = prose_statistics(text)
            arms += record.get("arms") or []
            for stat in record.get("statistics") or []:
                ev = dict(stat.get("evidence") or {})
                if where != "abstract":
                    ev["start"], ev["end"] = ev.get("start", 0) + base, ev.get("end", 0) + base
                ev["section"] = where
                stat = {**stat, "evidence": ev, "arm_n": None}
                prose_stats.append(stat)
    known = [a["label"] for a in arms if a.get("label")]
    roles = {a["label"]: a.get("role") for a in arms if a.get("label")}
    table_stats: list[dict] = []
    for table in article.get("tables") or []:
        table_stats += table_statistics(table, known, roles)
    return table_stats + prose_stats, arms
