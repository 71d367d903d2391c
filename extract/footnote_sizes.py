"""Both arms' numbers analysed for one table row, from the table footnote its label points to.

Yun et al. score a group size as the number analysed for the outcome where the article states it. Tables often
state it under the table, for the rows it differs on: "Width of scar (mm) ± SD^b" with the footnote "b Measured at
follow-up in 63 and 60 midline and transverse incisions, respectively"; "POCD at 1 week*" with "* n = 19
intervention group, n = 28 control group". These pure readers take the footnote a row's (or its columns') mark
names and read the two arms' counts from it:

- ``footnote_text``: the text of one mark's footnote in a table's foot (footnotes are stored as one string or
  several, their letters often glued to the text around them: "... transverse incisionsbMeasured at ...");
- ``footnote_pair``: (intervention n, comparator n) of that text, each count beside its arm's name
  (``group_sizes.pair_counts``), "N and M <arm> and <arm>, respectively" or every arm's "label n = k" listed
  (``labelled_pair``: "low dose n=38, high dose n=39, placebo n=38" in a three-arm trial);
- ``column_pair``: the same from a footnote that states exactly two counts as "n = k", naming the arms by the
  table's own column labels ("CD34+ n = 39, placebo n = 36" under "CD34+ cells" | "Placebo") or by none, in the
  columns' order ("in patients with a week-12 measurement (n=35 and n=33)");
- ``note_pair``: the one pair the table's unmarked notes (those every row shares) state, when no marked footnote
  sizes the row;
- ``record_footnote_sizes``: the pair for the two answered table values of one row.

Null beats a guess: both arms must be named, every marked footnote that pairs must agree, and a footnote that
names only one arm, or none, gives nothing.
"""
from __future__ import annotations

import re

from stemfoot.extract.pattern_data import load_patterns

#: This module's regexes, as data in patterns/footnote_sizes.json (compiled once, here).
_RX = load_patterns("footnote_sizes")


def label_marks(label: str) -> set[str]:
    """The footnote marks at the end of a table label or header ("SD^b" -> {"b"}, "HbA1c†" -> {"†"}); a label may
    carry several ("SD^a,b" -> {"a", "b"}, "HbA1c*†" -> {"*", "†"})."""
    m = _RX.ROW_MARK.search(label or "")
    return {k.group() for k in _RX.MARK.finditer(m.group(1) or m.group(2))} if m else set()


def inner_marks(label: str) -> set[str]:
    """Every footnote mark a table label or header carries, wherever it stands ("Change in TcPO2*, mm Hg" -> {"*"},
    "HbA1c^b (%)" -> {"b"}): a row whose mark stands before its unit is as marked as one whose mark ends it."""
    return label_marks(label) | {m.group(1) or m.group(2) for m in _RX.INNER_MARK.finditer(label or "")}


def footnote_text(footnotes: list[str], mark: str) -> list[str]:
    """The texts of the footnotes marked ``mark`` in a table's foot: from the mark to the next footnote's mark."""
    out = []
    for foot in footnotes or []:
        starts = list(_RX.START.finditer(foot))
        for k, m in enumerate(starts):
            if (m.group(1) or m.group(2) or m.group(3)) != mark:
                continue
            end = starts[k + 1].start() if k + 1 < len(starts) else len(foot)
            text = foot[m.end():end].strip(" ;,")
            if text:
                out.append(text)
    return out


def _respectively(text: str, q_int: str, q_cmp: str) -> tuple[int, int] | None:
    """"in 63 and 60 midline and transverse incisions, respectively": each arm named once, each on its own side
    (``group_sizes.label_side``); a noun after the second name is the first's too ("midline" incisions)."""
    from stemfoot.extract.group_sizes import label_side

    for m in _RX.RESPECTIVELY.finditer(text or ""):
        a, b = m.group(3).strip(), m.group(4).strip()
        if len(b.split()) > len(a.split()):
            a = f"{a} {b.split()[-1]}"
        sa, sb = label_side(a, q_int, q_cmp), label_side(b, q_int, q_cmp)
        if sa and sb and sa != sb:
            n1, n2 = int(m.group(1)), int(m.group(2))
            return (n1, n2) if sa == "intervention" else (n2, n1)
    return None


def footnote_pair(text: str, q_int: str, q_cmp: str) -> tuple[int, int] | None:
    """(intervention n, comparator n) a footnote states, both arms named ("n = 19 intervention group, n = 28
    control group"; "in 63 and 60 midline and transverse incisions, respectively"; "(CD34+ 34, placebo 28)");
    None otherwise."""
    from stemfoot.extract.group_sizes import arm_places, pair_counts

    if arm_places(text, q_int, q_cmp, "intervention") and arm_places(text, q_cmp, q_int, "comparator"):
        got = pair_counts(text, q_int, q_cmp)
        if got:
            return got
    return _respectively(text, q_int, q_cmp) or labelled_pair(text, q_int, q_cmp) or bare_pair(text, q_int, q_cmp)


def bare_pair(text: str, q_int: str, q_cmp: str) -> tuple[int, int] | None:
    """(intervention n, comparator n) from two labelled counts in one bracket with no "n =" ("Continuous end points
    in patients alive at 12 months (CD34+ 34, placebo 28)", ``BARE_PAIR``): each label must name a different query
    arm (``group_sizes.label_side``); None otherwise."""
    from stemfoot.extract.group_sizes import label_side

    m = _RX.BARE_PAIR.search(text or "")
    if m is None:
        return None
    a, b = label_side(m.group(1), q_int, q_cmp), label_side(m.group(3), q_int, q_cmp)
    if {a, b} != {"intervention", "comparator"}:
        return None
    na, nb = int(m.group(2)), int(m.group(4))
    return (na, nb) if a == "intervention" else (nb, na)


def labelled_pair(text: str, q_int: str, q_cmp: str) -> tuple[int, int] | None:
    """(intervention n, comparator n) from a footnote listing every arm's count by its label ("low dose n=38, high
    dose n=39, placebo n=38"): the one count whose label names each query arm (``group_sizes.label_side``); None
    where a side's label is not unique, a label is empty or the counts are of those not analysed."""
    from stemfoot.extract.group_sizes import label_side

    found = list(_RX.N_STATED.finditer(text or ""))
    if len(found) < 2 or _RX.NOT_ANALYSED.search(text[:found[0].start(2)]):
        return None
    by_side: dict[str, list[int]] = {"intervention": [], "comparator": []}
    for m in found:
        label = m.group(1).strip()
        if not label:
            return None  # an unnamed count: whose it is, only the columns' order can say (``column_pair``)
        # hyphens as spaces on both sides: "high dose" names "High-dose CLV-204"
        side = label_side(label, q_int, q_cmp) or label_side(*(x.replace("-", " ") for x in (label, q_int, q_cmp)))
        if side:
            by_side[side].append(int(m.group(2)))
    if len(by_side["intervention"]) != 1 or len(by_side["comparator"]) != 1:
        return None
    return by_side["intervention"][0], by_side["comparator"][0]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", (text or "").lower()))


def column_pair(text: str, heads: tuple[str, str], arm_columns: int, i_first: bool) -> tuple[int, int] | None:
    """(intervention n, comparator n) a footnote states as exactly two "n = k" counts for a table whose answered
    columns are ``heads`` (intervention's, comparator's, in the table's order or not). Each count takes the
    column whose label its own words name, those words in one column's header and not the other's ("CD34+ n = 39"
    under "CD34+ cells"); counts named by no words follow the columns' order (``i_first``: the intervention's
    column stands first), but only in a table of exactly two arm columns (``arm_columns``), where that order is
    the arms'. None otherwise (null beats a guess): one count named and one not, two counts naming one column,
    unnamed counts apart (words between them say what each counts, ``PAIR_GAP``: "n = 35 at week 12 and n = 30 at
    week 24"), a third count, a footnote counting those not analysed ("Lost to follow-up (n = 4 and n = 6)",
    ``NOT_ANALYSED``: their counts are no row's n)."""
    found = list(_RX.N_STATED.finditer(text or ""))
    counts = [(m.group(1).strip(), int(m.group(2))) for m in found]
    if len(counts) != 2 or _RX.NOT_ANALYSED.search(text[:found[0].start(2)]):
        return None  # what follows the counts is a note ("patients who withdrew were counted as not healed")
    labels = [_words(label) for label, _ in counts]
    if not any(labels):
        if arm_columns != 2 or not _RX.PAIR_GAP.fullmatch(text[found[0].end():found[1].start(2)]):
            return None  # the order is the arms' only in a two-arm table, and for two counts side by side
        return (counts[0][1], counts[1][1]) if i_first else (counts[1][1], counts[0][1])
    hw = [_words(h) for h in heads]
    sides = []
    for words in labels:
        hits = [k for k in (0, 1) if words and words <= hw[k] and not words <= hw[1 - k]]
        sides.append(hits[0] if len(hits) == 1 else None)
    if None in sides or sides[0] == sides[1]:
        return None
    return (counts[0][1], counts[1][1]) if sides[0] == 0 else (counts[1][1], counts[0][1])


def arm_column_count(header: list[str]) -> int:
    """How many of a table's columns (its joined headers, the row labels' first) are arms': not a test, an
    estimate or a total (``NOT_ARM_COLUMN``)."""
    return sum(1 for h in (header or [])[1:] if (h or "").strip() and not _RX.NOT_ARM_COLUMN.match(h.strip()))


def record_footnote_sizes(tables: list[dict] | None, i_rec: dict, c_rec: dict, q_int: str,
                          q_cmp: str) -> tuple[int, int, dict] | None:
    """(intervention n, comparator n, evidence) when the two answered values stand in one table row whose label (or
    columns' headers) marks a footnote that states both arms' numbers; None when there is none, or marked
    footnotes disagree. The evidence is the footnote's text (no offsets: the foot is not the table's cells)."""
    ev_i, ev_c = (i_rec or {}).get("evidence") or {}, (c_rec or {}).get("evidence") or {}
    if ev_i.get("table") is None or ev_i.get("table") != ev_c.get("table") or ev_i.get("row_header") != ev_c.get(
            "row_header"):
        return None
    table = next((t for t in tables or [] if (t.get("label") or t.get("id")) == ev_i["table"]), None)
    if not table:
        return None
    heads = (ev_i.get("column_header") or "", ev_c.get("column_header") or "")
    joined = table.get("header_joined") or []
    order = [joined.index(h) if h in joined else None for h in heads]
    columns = (heads, arm_column_count(joined), order[0] < order[1]) if None not in order else None
    got = marked_pair(table.get("footnotes") or [], [ev_i.get("row_header") or "", *heads], q_int, q_cmp, columns) \
        or note_pair(table.get("footnotes") or [], q_int, q_cmp, columns)
    if got is None:
        return None
    i_n, c_n, text = got
    return i_n, c_n, {"text": text, "table": ev_i["table"], "row_header": ev_i.get("row_header"),
                      "column_header": "footnote", "start": None, "end": None}


def marked_pair(footnotes: list[str], labels: list[str], q_int: str, q_cmp: str,
                columns: tuple[tuple[str, str], int, bool] | None = None) -> tuple[int, int, str] | None:
    """(intervention n, comparator n, footnote text) of the one pair the footnotes marked on ``labels`` (a row's
    label, its columns' headers) state; None when none pairs or marked footnotes disagree (null beats a guess).
    ``columns`` (the answered columns' headers, the table's number of arm columns, whether the intervention's
    column stands first) also reads a footnote that names the arms by the columns' labels or not at all
    (``column_pair``)."""
    if not footnotes:
        return None
    marks: set[str] = set()
    for label in labels:
        marks |= label_marks(label or "")
    found: dict[tuple[int, int], str] = {}
    for mark in sorted(marks):
        for text in footnote_text(footnotes, mark):
            got = footnote_pair(text, q_int, q_cmp) or (column_pair(text, *columns) if columns else None)
            if got:
                found[got] = text
    if len(found) != 1:
        return None
    (i_n, c_n), text = next(iter(found.items()))
    return i_n, c_n, text


def note_pair(footnotes: list[str], q_int: str, q_cmp: str,
              columns: tuple[tuple[str, str], int, bool] | None = None) -> tuple[int, int, str] | None:
    """(intervention n, comparator n, sentence) of the one pair the table's unmarked notes state, the notes every
    row shares ("Data are mean (SD). LI (n = 23), UC (n = 22)"; "Changes are adjusted means … in patients with
    6-month data (UCM-27, n = 19; placebo, n = 18)"); None where two sentences state different pairs (one per time)
    or the sentence restricts it to some rows or patients ("only", ``ONLY_SOME``). A note naming one time ("Month-3
    values are for the 22 … and 21 …") is not told apart from one for every row: a lead, not yet a rule."""
    found: dict[tuple[int, int], str] = {}
    for sentence in _RX.NOTE_SENTENCE.split(unmarked_text(footnotes)):
        got = footnote_pair(sentence, q_int, q_cmp) or (column_pair(sentence, *columns) if columns else None)
        if got:
            found[got] = sentence.strip()
    if len(found) != 1:
        return None
    (i_n, c_n), text = next(iter(found.items()))
    return None if _RX.ONLY_SOME.search(text) else (i_n, c_n, text)


def foot_marks(footnotes: list[str]) -> set[str]:
    """Every mark that starts a footnote in a table's foot ("*Mean (SE); ..." -> {"*"})."""
    return {m.group(1) or m.group(2) or m.group(3) for foot in footnotes or [] for m in _RX.START.finditer(foot)}


def unmarked_text(footnotes: list[str]) -> str:
    """A table's foot without its marked footnotes: the notes every row shares ("Data are mean (SD) or n (%) unless
    otherwise indicated", not "*Mean (SE); ..." that holds only for the rows marked *)."""
    text = " ".join(map(str, footnotes or []))
    for mark in foot_marks(footnotes):
        for note in footnote_text(footnotes, mark):
            text = text.replace(note, " ")
    return text
