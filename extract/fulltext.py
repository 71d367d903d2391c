"""One article's candidates for outcome queries: table statistics plus (optionally) prose statistics.

``prose_statistics`` is the ONE adapter into the abstract pipeline (re-point it
after the layout move): the results text goes through the same extraction as
an abstract, and its offsets are mapped back into the article's full text.
"""
from __future__ import annotations

import re

from stemfoot.extract.arm_model import norm_key
from stemfoot.extract.tables import article_table_statistics

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
    for stats in article_table_statistics(article.get("tables") or [], known, roles):
        table_stats += stats
    return table_stats + prose_stats, arms


# --- the corpus path: one record per study, abstract + results prose + tables ---------------------------------

_STAT_KEYS = ("events", "total", "percent", "mean", "sd", "median", "q1", "q3", "range_low", "range_high", "value",
              "ci_lower", "ci_upper", "effect_measure", "p", "p_operator")


def prose_pieces(article: dict) -> list[tuple[str, int, str]]:
    """(text, offset into full_text, section title) of the results/methods prose, in chunks the pipeline takes."""
    full = article.get("full_text") or ""
    pieces = []
    for sec in article.get("sections") or []:
        if sec["type"] in PROSE_SECTIONS and sec.get("depth", 0) == 0 and sec["end"] > sec["start"]:
            for text, base in _chunks(full[sec["start"]:sec["end"]], sec["start"]):
                if text.strip():
                    pieces.append((text, base, sec.get("title") or sec["type"]))
    return pieces


def _shift(ev: dict, base: int, full: str, section: str) -> dict:
    ev = dict(ev)
    for k in ("start", "end", "sentence_start", "sentence_end"):
        if ev.get(k) is not None:
            ev[k] += base
    ev["source"] = "full_text"
    ev["section"] = section
    ev["sentence"] = full[ev.get("sentence_start", ev["start"]):ev.get("sentence_end", ev["end"])]
    return ev


def _table_evidence(stat: dict, table: dict, position: int) -> dict:
    """A table statistic's provenance in the shape of a text span: offsets into the table's stored text."""
    ev = stat["evidence"]
    r = next((i for i, lab in enumerate(table["row_prefixed"]) if lab == ev.get("row_header")), None)
    offs = table["cell_offsets"][r] if r is not None and r < len(table["cell_offsets"]) else [[ev["start"], ev["end"]]]
    s_start, s_end = offs[0][0], offs[-1][1]
    return {
        "start": ev["start"], "end": ev["end"], "text": ev.get("cell"), "sentence_start": s_start,
        "sentence_end": s_end, "sentence": table["text"][s_start:s_end], "component": "stemfoot_tables",
        "version": None, "confidence": stat.get("confidence", 0.7), "source": "table",
        "table_label": table.get("label") or table.get("id") or f"table {position + 1}",
        "row_header": ev.get("row_header"), "column_header": ev.get("column_header"), "table_position": position,
    }


def _outcome_id(label: str | None) -> str | None:
    """The vocabulary outcome a table row names, when exactly one is named."""
    if not label:
        return None
    from stemfoot.extract import vocabulary
    ids = {h.term.id for h in vocabulary.outcomes().find(label)}
    return ids.pop() if len(ids) == 1 else None


def derive_values(stat: dict) -> None:
    """Fill missing SD / events from reported parts only, recording each formula in ``stat['derived']``."""
    from stemfoot.extract.derive import events_from_percent, sd_from_ci, sd_from_se

    derived = stat.setdefault("derived", {})
    n = stat.get("total") or stat.get("arm_n")
    if stat.get("kind") in {"mean_sd", "mean"} and stat.get("sd") is None and n:
        got = None
        if stat.get("se") is not None:
            # A model-adjusted mean's SE is not SD/√n of the group: no SD from it.
            got = None if "adjusted_mean" in (stat.get("flags") or []) else sd_from_se(stat["se"], int(n))
        elif stat.get("mean_ci_lower") is not None and stat.get("mean_ci_upper") is not None:
            got = sd_from_ci(stat["mean_ci_lower"], stat["mean_ci_upper"], int(n))
        if got:
            stat["sd"] = round(got[0], 4)
            derived["sd"] = got[1]
            stat["kind"] = "mean_sd"
            stat["flags"] = list(stat.get("flags") or []) + ["derived"]
    if stat.get("kind") == "percent" and stat.get("events") is None and stat.get("percent") is not None and n:
        got = events_from_percent(stat["percent"], int(n))
        if got:
            stat["events"], stat["total"] = got[0], int(n)
            derived["events"] = got[1]
            stat["kind"] = "events"
            stat["flags"] = list(stat.get("flags") or []) + ["derived"] + got[2]


#: Labels the prose pipeline takes for arms in a full text's results that name no arm: a statistic's abbreviation
#: ("95% CI"), several groups at once ("study groups", "both groups"), a word cut from an arm's name ("usual").
_NO_ARM = re.compile(r"(?i)(?:the\s+)?(?:ci|sd|se|sem|iqr|or|rr|hr|ns|"
                     r"(?:study|both|all|two|three|the|these|those|other|each)\s+(?:groups|arms)|groups|arms|usual)")


def junk_arm(label: str | None) -> bool:
    """Whether a full-text piece's arm label names no arm: empty, a heading run into a sentence ("Results\n\nOf
    the total sample", a line break inside), or ``_NO_ARM`` words."""
    text = (label or "").strip()
    return not text or "\n" in text or bool(_NO_ARM.fullmatch(text))


def fulltext_statistics(article: dict, abstract_record: dict, piece_records: list[dict],
                        pieces: list[tuple[str, int, str]]) -> tuple[list[dict], list[dict]]:
    """(statistics, new arms) a full text adds to its study's abstract record.

    Results prose (already run through the abstract pipeline, one record per
    piece) gets offsets into ``full_text``; tables are read with the arms the
    text names; values computed from reported parts are marked ``derived``.
    """
    full = article.get("full_text") or ""
    arms = list(abstract_record.get("arms") or [])
    # Pieces are read one at a time, so one arm can come back as "Group I" from the abstract and "group I" from the
    # results: an arm is known by its normalised name, and a piece's values move to the label first seen for it.
    by_key = {norm_key(a["label"]): a["label"] for a in arms}
    roles = {a["label"]: a.get("role") for a in arms}
    new_arms: list[dict] = []
    stats: list[dict] = []
    for (text, base, section), rec in zip(pieces, piece_records):
        same_as: dict[str, str] = {}
        junk = {arm["label"] for arm in rec.get("arms") or [] if junk_arm(arm.get("label"))}
        for arm in rec.get("arms") or []:
            if arm["label"] in junk:
                continue  # its values are no arm's (unarmed below): a junk arm would take table columns and sizes
            first = by_key.setdefault(norm_key(arm["label"]), arm["label"])
            if first != arm["label"]:
                same_as[arm["label"]] = first
            elif arm["label"] not in roles:
                roles[arm["label"]] = arm.get("role")
                moved = {**arm, "evidence": _shift(arm["evidence"], base, full, section)}
                if arm.get("n_evidence"):
                    moved["n_evidence"] = _shift(arm["n_evidence"], base, full, section)
                moved.setdefault("routes", [])
                new_arms.append(moved)
        for st in rec.get("statistics") or []:
            moved_st = {**st, "evidence": _shift(st["evidence"], base, full, section), "derived": {}}
            if st.get("arm") in junk:
                moved_st["arm"], moved_st["arm_role"] = None, None
            if st.get("arm") in same_as:
                moved_st["arm"] = same_as[st["arm"]]
                moved_st["arm_role"] = roles.get(moved_st["arm"])
            stats.append(moved_st)
    every_arm = arms + new_arms
    known = [a["label"] for a in every_arm if a.get("label")]
    tables = article.get("tables") or []
    for position, (table, table_stats) in enumerate(zip(tables, article_table_statistics(tables, known, roles))):
        for st in table_stats:
            ev = _table_evidence(st, table, position)
            out = {k: st.get(k) for k in _STAT_KEYS}
            out.update(kind=st["kind"], outcome=_outcome_id(st.get("outcome_label")), outcome_label=st.get("outcome_label"),
                       arm=st.get("arm"), arm_role=st.get("arm_role"), timepoint=st.get("timepoint"),
                       measure=st.get("measure"), flags=list(st.get("flags") or []), se=st.get("se"),
                       arm_n=st.get("arm_n"), mean_ci_lower=st.get("mean_ci_lower"),
                       mean_ci_upper=st.get("mean_ci_upper"), derived={}, evidence=ev,
                       detail={"arm_n": st.get("arm_n"), "se": st.get("se"), "caption": table.get("caption"),
                               "baseline": st.get("baseline"),
                               "cells": [[c["start"], c["end"]] for c in st["evidence"].get("cells", [])]})
            derive_values(out)
            stats.append(out)
    for st in stats:
        st["evidence"].setdefault("confidence", st.get("confidence", 0.7))
        st["evidence"].setdefault("component", "stemfoot_tables")
        for k in _STAT_KEYS:
            st.setdefault(k, None)
    return stats, new_arms
