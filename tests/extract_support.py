"""Shared builder for the extraction tests: the dev abstracts plus a title-only record."""
from __future__ import annotations

import json
from pathlib import Path

from stemfoot.corpus.db import open_db
from stemfoot.extract.arm_roles import comparator_roles
from stemfoot.extract.prose_pairs import bare_counts, sentence_pair

DEV = Path(__file__).parent / "data" / "domain_dev.jsonl"


def dev_corpus(path: Path) -> str:
    """A corpus of the six dev abstracts (local ids where no PMID) and one record with only a title."""
    db = open_db(path)
    for n, line in enumerate(DEV.read_text().splitlines()):
        rec = json.loads(line)
        db["studies"].insert({"pmid": rec["pmid"], "local_id": None if rec["pmid"] else f"local:{rec['id']}",
                              "title": rec["title"], "abstract": rec["abstract"], "year": rec["year"],
                              "first_seen": "t", "last_updated": "t", "content_hash": f"h{n}"})
    db["studies"].insert({"pmid": "999", "title": "Only a title", "abstract": None, "year": 2001,
                          "first_seen": "t", "last_updated": "t", "content_hash": "hx"})
    db.conn.close()
    return str(path)


def ev(text: str, frag: str, nth: int = 0) -> dict:
    """Evidence of the nth occurrence of ``frag`` in ``text``, with its sentence bounds (sentences end at ". ")."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(frag, start + 1)
    sent_start = text.rfind(". ", 0, start)
    sent_start = 0 if sent_start < 0 else sent_start + 2
    sent_end = text.find(". ", start)
    sent_end = len(text) if sent_end < 0 else sent_end + 1
    return {"start": start, "end": start + len(frag), "text": frag, "sentence_start": sent_start, "sentence_end": sent_end}


def sentence_stat(text: str, frag: str, kind: str, **values) -> dict:
    """A rules statement for ``frag`` (its first occurrence) with its sentence bounds at ". " breaks: the shape
    ``attribution_stage`` reads, every field but ``values`` empty."""
    start = text.index(frag)
    s0 = text.rfind(". ", 0, start) + 2
    s1 = text.find(". ", start) + 1 or len(text)
    ev = {"start": start, "end": start + len(frag), "text": frag, "sentence_start": s0, "sentence_end": s1}
    return {"kind": kind, "outcome": None, "arm": None, "arm_role": None, "timepoint": None, "measure": None,
            "flags": [], **values, "evidence": ev}


def mention(text: str, frag: str, outcome: str, nth: int = 0) -> dict:
    """A countable outcome mention of the nth ``frag`` in ``text`` (as the outcome stage writes them)."""
    e = ev(text, frag, nth)
    return {"outcome": outcome, "label": frag, "countable": True, "evidence": {"start": e["start"], "end": e["end"]}}


def rules_arm(label: str, role: str, **kw) -> dict:
    """An arm record as the rule inventory writes it (every field empty but ``label`` and ``role``; ``kw`` sets more)."""
    return {"label": label, "role": role, "cell_type": None, "n_patients": None, "n_limbs": None,
            "description": None, "routes": [], "n_evidence": None, "source": "rules", "evidence": {}, **kw}


def listed_arm(text: str, label: str, role: str, n: int | None = None) -> dict:
    """An inventory arm named ``label`` at its first place in ``text`` (an SVF cell arm where the role is
    intervention), as the allocation-list tests build them."""
    start = text.index(label) if label in text else 0
    return {"label": label, "role": role, "n_patients": n, "n_limbs": None, "description": None, "routes": [],
            "cell_type": "SVF" if role == "intervention" else None, "n_evidence": None,
            "evidence": {"start": start, "end": start + len(label), "text": label}}


def printed_means(text: str, printed: list[str]) -> list[dict]:
    """mean ± SD values at their printed places, in order, with the bounds of one sentence (the whole text)."""
    out, pos = [], 0
    for p in printed:
        a = text.index(p, pos)
        out.append({"kind": "mean_sd", "evidence": {"start": a, "end": a + len(p), "text": p, "sentence_start": 0,
                                                    "sentence_end": len(text)}, "flags": []})
        pos = a + len(p)
    return out


def table_by_label(table: dict) -> dict[str, list[dict]]:
    """A table's statistics (p-values left out) by their outcome label."""
    from stemfoot.extract import tables
    out: dict[str, list[dict]] = {}
    for st in tables.table_statistics(tables.normalise_layout(table), []):
        if st["kind"] != "p_value":
            out.setdefault(st["outcome_label"], []).append(st)
    return out


def allocation_list_items(text: str, total: int | None) -> list[tuple[str, str, int | None]]:
    """(label, description, size) of each item ``alloc_lists.allocation_items`` confirms in ``text`` (one sentence),
    with the count checks ``arm_lists.arm_count_checks`` gives for ``total``."""
    from stemfoot.extract.alloc_lists import allocation_items
    from stemfoot.extract.arm_lists import arm_count_checks
    return [(x.label, x.description, x.n) for x in allocation_items(text, 0, len(text), total,
                                                                      arm_count_checks(text, total))]


def walked_leaf(tree: dict, feats: dict[str, float]) -> float:
    """A regression tree's leaf value walked node by node (the reading the arm-size model's generated code replaced;
    the tests' independent reference)."""
    node = 0
    while tree["left"][node] != -1:
        node = tree["left"][node] if feats.get(tree["feature"][node], 0.0) <= tree["threshold"][node] \
            else tree["right"][node]
    return tree["value"][node]


def assert_no_gel_saline_events(sentence: str) -> None:
    """The sentence gives no bare counts of people, and no event pair for a "Gel" vs "Saline" prompt."""
    assert bare_counts(sentence) == [], sentence
    assert sentence_pair(sentence, "Gel", "Saline") is None, sentence


def table_cells(label: str, values: dict[str, float]) -> list[dict]:
    """One results-table row ``label`` as candidates: a mean (SD 1.0, n 30) per arm column of ``values``."""
    return [{"kind": "mean_sd", "arm": arm, "mean": v, "sd": 1.0, "total": 30, "outcome_label": label,
             "timepoint": None, "evidence": {"table": "Table 2", "row_header": label, "caption": "Results",
                                             "column_header": arm}}
            for arm, v in values.items()]


def elimination_means(values: dict[str, float], q_int: str, q_cmp: str, outcome: str = "Pain score") -> tuple:
    """The (intervention, comparator) means ``answer_query`` gives for one table row whose arm columns are ``values``:
    how the two-arm elimination assigns the columns to the query's arms."""
    from stemfoot.extract.outcome_query import answer_query

    a = answer_query({"id": 1, "study": "s", "outcome": outcome, "intervention": q_int, "comparator": q_cmp},
                     table_cells(outcome, values))
    return a["intervention_mean"], a["comparator_mean"]


def bare_count(text: str, token: str, target: str = "unattributed", arm: str | None = None,
               total: int | None = None) -> dict:
    """A bare event count read from ``token`` ("3 patients") in a one-sentence ``text``, as the count readers
    leave it: unattributed (flagged for review) unless placed on ``arm``."""
    start = text.index(token)
    return {"kind": "events", "events": int(token.split()[0]), "total": total, "target": target, "arm": arm,
            "flags": ["event_count_bare"] + (["review_attribution"] if target == "unattributed" else []),
            "evidence": {"start": start, "end": start + len(token), "sentence_start": 0, "sentence_end": len(text)}}


def stored_table(label: str, caption: str, header: list[str], rows: list[list[str]]) -> dict:
    """A stored table as ``corpus.fulltext.load_article`` gives it (offsets into a " | "-joined text)."""
    offsets, pos = [], 0
    for row in rows:
        spans = []
        for cell in row:
            spans.append([pos, pos + len(cell)])
            pos += len(cell) + 3
        offsets.append(spans)
    return {"id": label, "label": label, "caption": caption, "footnotes": [], "header": [header],
            "header_joined": header, "rows": rows, "row_labels": [r[0] for r in rows],
            "row_prefixed": [r[0] for r in rows], "cell_offsets": offsets}


def comparator_roles_of(text: str, *arms: tuple[str, str, str | None], demote: bool = False) -> list[str]:
    """The roles ``comparator_roles`` leaves on arms given as (label, role, description)."""
    out = [{"label": label, "role": role, "description": description} for label, role, description in arms]
    comparator_roles(text, out, demote_controls=demote)
    return [a["role"] for a in out]
