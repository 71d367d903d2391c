"""Two arms' values read straight from table cells, by a learned pair scorer, where no statistics record answers.

The table reader (``tables.table_statistics``) gives records only where it knows a table's layout; a table it does
not read (arms as rows with time columns, an arm column it takes for another thing, bare numbers, "1.09 (SD 0.96)")
leaves the query all-null. Here every pair of readable cells of one row (arms as columns) or one column (arms as
rows) is a candidate; its features say how well the row (or column) names the outcome and the two headers (or row
labels) name the two query arms, what the cells hold, and whether a header is a baseline, a change or a test. A
logistic model (``models/table_cells/model.json``, ``tools/train_table_cells.py``, trained on the tuned full-text
golds only) scores each pair; the best pair answers when its probability reaches the model's threshold (chosen for
precision on held-out golds of the training sets). Pure: no spaCy.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from stemfoot.extract.pattern_data import load_patterns

_RX = load_patterns("table_cells")
#: Cells per orientation a query's arm may be read from: its best-named columns (or rows) only.
TOP_ARMS = 3
FLAG = "table_cell_pair"
_UNSET = object()
_override: object = _UNSET  # a model set by ``using`` (None: the stage off), else the shipped one
_collected: list[dict] | None = None  # ``collecting``: every consulted query's candidates, for the trainer


@dataclass(frozen=True)
class Reading:
    """One way to read a cell: binary (events, maybe of a total) or continuous (a mean, maybe its SD)."""
    type: str
    shape: str
    events: int | None = None
    total: int | None = None
    mean: float | None = None
    sd: float | None = None


def _whole(x: float) -> bool:
    return x >= 0 and float(x).is_integer()


@lru_cache(maxsize=65536)
def cell_readings(text: str) -> tuple[Reading, ...]:
    """The readings of a cell's text ("12 (40.0)" is both 12 events and a mean of 12 with SD 40)."""
    from stemfoot.extract.tables import clean_cell, parse_cell

    t = _RX.SD_WORD.sub(r"\1", _RX.TRAILING_P.sub("", clean_cell(text or "")))
    got = parse_cell(t)
    if got is None:
        return ()
    shape, v = got
    a, b = v.get("a"), v.get("b")
    out: list[Reading] = []
    if shape in {"pm", "pm_paren", "pm_range", "paren_then_range"}:
        out.append(Reading("continuous", shape, mean=a, sd=b))
    elif shape == "paren":
        out.append(Reading("continuous", shape, mean=a, sd=b))
        if _whole(a) and b is not None and 0 <= b <= 100:
            out.append(Reading("binary", shape, events=int(a)))
    elif shape == "paren_range":
        out.append(Reading("continuous", shape, mean=a))
    elif shape == "frac_pct" and b:
        out.append(Reading("binary", shape, events=int(a), total=int(b)))
    elif shape == "pct_paren" and b is not None:
        out.append(Reading("binary", shape, events=int(b)))
    elif shape in {"num", "count_n"}:
        if _whole(a):
            out.append(Reading("binary", shape, events=int(a)))
        if shape == "num":
            out.append(Reading("continuous", shape, mean=a))
    return tuple(out)


def _labels(table: dict) -> list[str]:
    rows = table.get("rows") or []
    labels = table.get("row_prefixed") or table.get("row_labels") or []
    return [labels[r] if r < len(labels) else (row[0] if row else "") for r, row in enumerate(rows)]


def _top(sims: dict[int, float], allowed: set[int]) -> tuple[list[int], bool]:
    """The best-named places of an arm; when none names it, every allowed place (the arm by elimination)."""
    ranked = sorted((k for k, s in sims.items() if s > 0 and k in allowed), key=lambda k: -sims[k])
    if ranked:
        return ranked[:TOP_ARMS], False
    return sorted(allowed)[:2 * TOP_ARMS], True


def candidate_pairs(q_out: str, q_int: str, q_cmp: str, tables: list[dict], within: bool = False,
                    defined: dict[str, str] | None = None) -> list[dict]:
    """Every candidate pair of cells of the article's tables, with its features and its two readings.

    Each item: ``table`` (index), ``i`` / ``c`` ((row, column) of the arms' cells), ``type``, ``ri`` / ``rc``
    (the ``Reading`` of each cell), ``f`` (feature name -> value).
    """
    from stemfoot.extract.outcome_query import arm_similarity, entry_table, outcome_similarity, time_points
    from stemfoot.extract.place_rank import query_type

    qt = query_type(q_out)
    q_times = time_points(q_out)
    q_change = bool(_RX.CHANGE.search(q_out))
    out: list[dict] = []
    for ti, table in enumerate(tables):
        rows = table.get("rows") or []
        headers = table.get("header_joined") or []
        labels = _labels(table)
        caption = str(table.get("caption") or "")
        o_cap = outcome_similarity(q_out, [caption], defined) if caption else 0.0
        entry = 1.0 if entry_table(caption) else 0.0
        width = max((len(r) for r in rows), default=0)
        heads = [headers[c] if c < len(headers) else "" for c in range(width)]
        readable = {(r, c): cell_readings(row[c]) for r, row in enumerate(rows) for c in range(1, len(row))}
        readable = {k: v for k, v in readable.items() if v}
        if len(readable) < 2:
            continue
        col_i = {c: arm_similarity(q_int, h, "intervention") for c, h in enumerate(heads) if c and h}
        col_c = {c: arm_similarity(q_cmp, h, "comparator") for c, h in enumerate(heads) if c and h}
        row_i = {r: arm_similarity(q_int, lab, "intervention") for r, lab in enumerate(labels) if lab}
        row_c = {r: arm_similarity(q_cmp, lab, "comparator") for r, lab in enumerate(labels) if lab}
        row_o = {r: outcome_similarity(q_out, [lab], defined) for r, lab in enumerate(labels) if lab}
        col_o = {c: outcome_similarity(q_out, [h], defined) for c, h in enumerate(heads) if c and h}
        best_row_o = max(row_o.values(), default=0.0)
        base_c = {c for c, h in enumerate(heads) if _RX.BASELINE.search(h)}
        times = {c: time_points(h) for c, h in enumerate(heads)}
        timing = {c: _timing(q_times, times[c]) for c in times}
        base_r = {r for r, lab in enumerate(labels) if _RX.BASELINE.search(lab)}
        arm_cols = {c for _, c in readable if heads[c] and not _RX.NOT_ARM_VALUE.search(heads[c])}
        arm_rows = {r for r, _ in readable if labels[r]}
        # arms as columns: one row, two columns
        (cis, elim_i), (ccs, elim_c) = _top(col_i, arm_cols), _top(col_c, arm_cols)
        for r in range(len(rows)):
            for ci in cis:
                for cc in ccs:
                    if ci == cc or (r, ci) not in readable or (r, cc) not in readable:
                        continue
                    geo = {"o": row_o.get(r, 0.0), "o_best": 1.0 if row_o.get(r, 0.0) >= best_row_o > 0 else 0.0,
                           "i": col_i.get(ci, 0.0), "c": col_c.get(cc, 0.0),
                           "x": max(col_i.get(cc, 0.0), col_c.get(ci, 0.0)),
                           "base_i": float(ci in base_c), "base_c": float(cc in base_c),
                           "after_i": float(bool(_RX.AFTER.search(heads[ci]))),
                           "after_c": float(bool(_RX.AFTER.search(heads[cc]))),
                           "not_arm": float(bool(_RX.NOT_ARM_VALUE.search(heads[ci]) or _RX.NOT_ARM_VALUE.search(heads[cc]))),
                           "change": float(bool(_RX.CHANGE.search(f"{labels[r]} {heads[ci]} {heads[cc]}")) and not q_change),
                           "base_row": float(r in base_r), "elim_i": float(elim_i), "elim_c": float(elim_c),
                           "last_i": float(_last(ci, col_i, r, readable)), "last_c": float(_last(cc, col_c, r, readable)),
                           f"time_i={timing[ci]}": 1.0, f"time_c={timing[cc]}": 1.0}
                    out += _typed(ti, (r, ci), (r, cc), readable, geo, o_cap, entry, qt, within)
        # arms as rows: one column, two rows
        (ris, elim_ri), (rcs, elim_rc) = _top(row_i, arm_rows), _top(row_c, arm_rows)
        if elim_ri and elim_rc:
            ris = rcs = []  # neither arm names a row: no arms as rows
        for c in range(1, width):
            if c not in arm_cols:
                continue
            for ri in ris:
                for rc in rcs:
                    if ri == rc or (ri, c) not in readable or (rc, c) not in readable:
                        continue
                    geo = {"rows": 1.0, "o": col_o.get(c, 0.0), "i": row_i.get(ri, 0.0), "c": row_c.get(rc, 0.0),
                           "x": max(row_i.get(rc, 0.0), row_c.get(ri, 0.0)),
                           "base_i": float(ri in base_r), "base_c": float(rc in base_r),
                           "after_i": float(bool(_RX.AFTER.search(heads[c]))), "after_c": 0.0,
                           "base_col": float(c in base_c), "elim_i": float(elim_ri), "elim_c": float(elim_rc),
                           "last_col": float(all((ri, k) not in readable for k in range(c + 1, width))),
                           f"time_i={timing[c]}": 1.0,
                           "change": float(bool(_RX.CHANGE.search(heads[c])) and not q_change)}
                    out += _typed(ti, (ri, c), (rc, c), readable, geo, o_cap, entry, qt, within)
    return out


def _timing(q_times: frozenset, head_times: frozenset) -> str:
    """How a header's time points meet the query's: "match", "other" (the query names another), "none"."""
    if not head_times:
        return "none"
    if not q_times:
        return "unasked"
    return "match" if q_times & head_times else "other"


def _last(col: int, sims: dict[int, float], row: int, readable: dict) -> bool:
    """Whether no later readable cell of the row sits under a header naming the arm as well (its last time point)."""
    return not any(k > col and sims.get(k, 0.0) == sims.get(col, 0.0) and (row, k) in readable for k in sims)


def _typed(ti: int, at_i: tuple[int, int], at_c: tuple[int, int], readable: dict, geo: dict[str, float],
           o_cap: float, entry: float, qt: str | None, within: bool) -> list[dict]:
    """One candidate per type both cells can be read as."""
    out = []
    for ri in readable[at_i]:
        rc = next((x for x in readable[at_c] if x.type == ri.type), None)
        if rc is None:
            continue
        both = min(geo["i"], geo["c"])
        f = {**geo, "o_cap": o_cap, "entry": entry, "min": both, "o_x_min": geo["o"] * both,
             "o_x_named": geo["o"] * max(geo["i"], geo["c"]), "best_x_min": geo.get("o_best", 0.0) * both,
             f"shape={ri.shape}": 1.0, "same_shape": float(ri.shape == rc.shape),
             f"type={ri.type}": 1.0, "qt_match": float(qt == ri.type), "qt_clash": float(qt is not None and qt != ri.type),
             "within": float(within), "within_base": float(within and geo["base_c"] > 0),
             "no_sd": float(ri.type == "continuous" and (ri.sd is None or rc.sd is None)),
             "equal": float((ri.events, ri.mean, ri.sd) == (rc.events, rc.mean, rc.sd))}
        out.append({"table": ti, "i": at_i, "c": at_c, "type": ri.type, "ri": ri, "rc": rc,
                    "f": {k: round(v, 5) for k, v in f.items() if v}})
    return out


@lru_cache(maxsize=1)
def load_model() -> dict | None:
    """The shipped pair scorer, or None when none is shipped."""
    path = resources.files(__package__).joinpath("models", "table_cells", "model.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def active_model() -> dict | None:
    """The model answers use: one set by ``using``, else the shipped one."""
    return load_model() if _override is _UNSET else _override  # type: ignore[return-value]


@contextmanager
def using(model: dict | None) -> Iterator[None]:
    """Answer with this model (None: the stage off) inside the block; the trainer's and the tests' switch."""
    global _override
    saved, _override = _override, model
    try:
        yield
    finally:
        _override = saved


@contextmanager
def collecting() -> Iterator[list[dict]]:
    """Inside the block, each query the stage is consulted for leaves its id and candidates in the list."""
    global _collected
    saved, _collected = _collected, []
    try:
        yield _collected
    finally:
        _collected = saved


def probability(model: dict, f: dict[str, float]) -> float:
    """The model's probability that a pair gives the query's two arms' values."""
    from stemfoot.extract.logistic import sparse_logistic

    return sparse_logistic(dict(zip(model["features"], model["coef"])), model["intercept"], f)


def is_collecting() -> bool:
    """Whether a ``collecting`` block is open (the trainer's lines come from every query, answered or not)."""
    return _collected is not None


def best_pair(model: dict, cands: list[dict]) -> tuple[float, dict] | None:
    """(probability, candidate) of the best-scored pair (the first of equals), or None when there is none."""
    if not cands:
        return None
    p, _, cand = max(((probability(model, c["f"]), -k, c) for k, c in enumerate(cands)), key=lambda t: t[:2])
    return p, cand


def table_answer(query: dict, q_out: str, q_int: str, q_cmp: str, tables: list[dict], within: bool,
                 defined: dict[str, str] | None) -> tuple[float, dict, dict, tuple] | None:
    """``answer_query``'s best place from a cell pair, when the model's probability reaches its threshold:
    (probability, intervention record, comparator record, place key); else None (null beats a guess)."""
    model = active_model()
    if model is None and _collected is None:
        return None
    cands = candidate_pairs(q_out, q_int, q_cmp, tables, within, defined)
    if _collected is not None:
        _collected.append({"id": query.get("id"), "study": query.get("study"), "cands": cands})
    got = best_pair(model, cands) if model is not None else None
    if got is None or got[0] < model["threshold"]:
        return None
    p, cand = got
    table = tables[cand["table"]]
    i_rec, c_rec = pair_records(table, cand)
    return p, i_rec, c_rec, (table.get("label") or table.get("id"), "table cells", None, cand["type"])


def pair_records(table: dict, cand: dict) -> tuple[dict, dict]:
    """The intervention's and comparator's records of a chosen pair, with each cell's provenance."""
    labels = _labels(table)
    headers = table.get("header_joined") or []
    offsets = table.get("cell_offsets") or []
    recs = []
    for (r, c), rd in ((cand["i"], cand["ri"]), (cand["c"], cand["rc"])):
        head = headers[c] if c < len(headers) else ""
        start, end = offsets[r][c] if r < len(offsets) and c < len(offsets[r]) and offsets[r][c] else (None, None)
        arm = head if cand["f"].get("rows") is None else labels[r]
        kind = "events" if rd.type == "binary" else ("mean_sd" if rd.sd is not None else "mean")
        recs.append({"kind": kind, "arm": arm or f"column {c}", "events": rd.events, "total": rd.total,
                     "mean": rd.mean, "sd": rd.sd, "percent": None, "flags": [FLAG], "derived": {},
                     "outcome_label": labels[r] if cand["f"].get("rows") is None else head,
                     "evidence": {"source": "table", "table": table.get("label") or table.get("id"),
                                  "row_header": labels[r], "column_header": head, "cell": table["rows"][r][c],
                                  "start": start, "end": end, "caption": table.get("caption")}})
    return recs[0], recs[1]
