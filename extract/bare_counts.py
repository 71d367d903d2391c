"""Bare event counts: a learned candidate stage for the counts no pattern of the grammar reads.

Every whole number the grammar left unclaimed in a sentence ("Minor amputations were performed in two SVF
patients and five controls", "major amputations numbered 1 (A), 2 (B), 0 (C) and 5 (D)") may be a count of
events. A number that cannot be one (a percentage, a unit, a range, a label such as "type 2" or "day 7": the
word classes of ``patterns/bare_counts.json``) is no candidate; the others are scored by a small logistic
model over their context (``features``), shipped as JSON (``models/bare_counts/model.json``, trained by
``tools/train_bare_counts.py``) and read as an event count (flag ``event_count_learned``) at or above the
model's threshold. The outcome, arm and export-gate stages then treat them as any other count.

Pure functions on one sentence's text and the mentions found in it: no spaCy.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from stemfoot.extract.event_counts import is_event_head
from stemfoot.extract.logistic import sparse_logistic
from stemfoot.extract.numbers import COUNT, parse_count
from stemfoot.extract.pattern_data import load_patterns

MODEL_PATH = Path(__file__).parent / "models" / "bare_counts" / "model.json"
FLAG = "event_count_learned"
#: Counts above this are sample sizes, doses or years rather than events in a cell-therapy abstract.
MAX_EVENTS = 500
_RX = load_patterns("bare_counts")
_COUNT = re.compile(COUNT)
#: How far (characters) the context windows before and after a number reach.
_NEAR = 40
_FAR = 100
#: Rows of every scored number, appended while ``recording`` (the training tool's collection).
_rows: list[dict] | None = None


@dataclass(frozen=True)
class Span:
    """A mention inside the sentence (offsets relative to it): an outcome or an arm."""

    start: int
    end: int
    countable: bool = False


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> dict | None:
    """The shipped model (``weights``, ``intercept``, ``threshold``), or None where none is shipped."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def bare_numbers(text: str, free: Callable[[int, int], bool]) -> list[tuple[int, int, int]]:
    """(start, end, value) of each whole number in ``text`` that ``free(start, end)`` allows and that may count
    something: no percentage, unit, range or label (``NOT_COUNT_AFTER``/``NOT_COUNT_BEFORE``), nor a number
    listed after a label ("on day one, two and three", "weeks 4, 8 and 12": the label goes on), nor a subscript
    PubMed prints in brackets after a letter ("TcO(2)", "PGE(1)": ``SUBSCRIPT``), nor a numbered list's item marker
    (``list_marker``)."""
    out = []
    label_end = None
    for m in _COUNT.finditer(text):
        if label_end is not None and _RX.LIST_JOIN.fullmatch(text, label_end, m.start()):
            label_end = m.end()
            continue
        label_end = None
        value = parse_count(m.group())
        if value is None or value > MAX_EVENTS or not free(m.start(), m.end()):
            continue
        if _RX.NOT_COUNT_BEFORE.search(text[max(0, m.start() - 20):m.start()]):
            label_end = m.end()
            continue
        if _RX.NOT_COUNT_AFTER.match(text, m.end()) or _subscript(text, m.start(), m.end()) or list_marker(
                text, m.start(), m.end()):
            continue
        out.append((m.start(), m.end(), value))
    return out


def list_marker(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` is a numbered list's item marker (``LIST_MARKER``) that the marker
    numbered one before or after it in the same sentence confirms: "by assessing the (1) reduction in wound area ...
    and (2) percentage of patients": the "2" numbers an aim and counts nothing (round 57's drop after the gate, read
    here since round 58's retrain)."""
    here = _RX.LIST_MARKER.match(text, start - 1) if start >= 1 else None
    if here is None or here.end("k") != end:
        return False
    k = int(here.group("k"))
    return any(abs(int(m.group("k")) - k) == 1 for m in _RX.LIST_MARKER.finditer(text))


def _subscript(text: str, start: int, end: int) -> bool:
    m = _RX.SUBSCRIPT.match(text, start)  # not fullmatch's endpos: the look-ahead reads the closing bracket
    return m is not None and m.end() == end


def _words(text: str) -> list[str]:
    return [w.lower() for w in _RX.WORD.findall(text)]


def _noun_class(word: str | None) -> str:
    if word is None:
        return "none"
    if is_event_head(word):
        return "event"
    if _RX.PEOPLE.match(word):
        return "people"
    return "other"


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a span: from the last clause break before it to the next after it."""
    left = max((m.end() for m in _RX.CLAUSE_END.finditer(text, 0, start)), default=0)
    right = _RX.CLAUSE_END.search(text, end)
    return left, right.start() if right else len(text)


@lru_cache(maxsize=64)
def _sentence_marks(text: str) -> tuple[bool, bool]:
    """Whether the sentence allocates and whether it says "respectively": the same for each of its numbers, so
    searched once per sentence, not once per number."""
    return _RX.ALLOCATING.search(text) is not None, _RX.RESPECTIVELY.search(text) is not None


def features(text: str, start: int, end: int, value: int, outcomes: list[Span], arms: list[Span],
             numbers: list[tuple[int, int, int]], section: str | None) -> dict[str, float]:
    """The context of one bare number in its sentence, as sparse features (all 0/1)."""
    raw = text[start:end]
    after, before = _words(text[end:end + _FAR]), _words(text[max(0, start - _FAR):start])
    f: dict[str, float] = {
        "worded": float(not raw[0].isdigit()),
        f"value:{'0' if value == 0 else '1' if value == 1 else '2-9' if value < 10 else '10-49' if value < 50 else '50+'}": 1.0,
        f"next:{_noun_class(after[0] if after else None)}": 1.0,
        f"prev:{_noun_class(before[-1] if before else None)}": 1.0,
        f"section:{section or 'none'}": 1.0,
        "sentence_start": float(start == 0 or not text[:start].strip()),
    }
    if after:
        f[f"next_word:{after[0].rstrip('s')}"] = 1.0
    if before:
        f[f"prev_word:{before[-1].rstrip('s')}"] = 1.0
    if any(is_event_head(w) for w in after[:4]):
        f["event_after4"] = 1.0
    if any(is_event_head(w) for w in before[-8:]):
        f["event_before8"] = 1.0
    if any(_RX.PEOPLE.match(w) for w in after[:3]):
        f["people_after3"] = 1.0
    c0, c1 = _clause(text, start, end)
    for o in outcomes:
        if c0 <= o.start < c1 or c0 < o.end <= c1:
            where = "after" if o.start >= end else "before"
            f[f"outcome_{where}"] = 1.0
            if o.countable:
                f[f"countable_{where}"] = 1.0
            if where == "after" and o.start - end <= _NEAR:
                f["outcome_near_after"] = 1.0
    in_clause = [a for a in arms if c0 <= a.start < c1]
    f["arms_in_clause:" + str(min(len(in_clause), 2))] = 1.0
    if any(0 <= a.start - end <= _NEAR for a in arms):
        f["arm_near_after"] = 1.0
    if _RX.ARM_WORD.search(text, end, min(len(text), end + _NEAR)):
        f["arm_word_after"] = 1.0
    if _RX.HAPPENED.search(text, c0, c1):
        f["verb_in_clause"] = 1.0
    if _RX.HAPPENED.search(text, end, min(len(text), end + _NEAR)):
        f["verb_after"] = 1.0
    allocating, respectively = _sentence_marks(text)
    if allocating:
        f["allocating_sentence"] = 1.0
    if _RX.TOTAL.search(text, max(0, start - _NEAR), min(len(text), end + _NEAR)):
        f["total_near"] = 1.0
    if respectively:
        f["respectively"] = 1.0
    gap_before = text[max(0, start - 3):start]
    if "(" in gap_before or "[" in gap_before:
        f["bracket_before"] = 1.0
    if _RX.N_EQUALS.search(text[max(0, start - 6):start]):
        f["n_equals"] = 1.0
    if _RX.BRACKET_AFTER.match(text, end):
        f["bracket_after"] = 1.0
    if _RX.OF_AFTER.match(text, end):
        f["of_after"] = 1.0
    if _RX.IN_BEFORE.search(text[max(0, start - 4):start]):
        f["in_before"] = 1.0
    others = [n for n in numbers if n[0] != start and c0 <= n[0] < c1]
    f["numbers_in_clause:" + str(min(len(others), 3))] = 1.0
    if any(_RX.LISTED.fullmatch(text[b:start]) for _, b, _ in others if b <= start):
        f["listed_after_number"] = 1.0
    return f


def score(feats: dict[str, float], model: dict) -> float:
    """The model's probability that a number is a count of events."""
    return sparse_logistic(model["weights"], model["intercept"], feats)


def candidates(text: str, free: Callable[[int, int], bool], outcomes: list[Span], arms: list[Span], section: str | None,
               model: dict | None) -> list[tuple[int, int, int]]:
    """(start, end, value) of the bare numbers the model reads as event counts (none without a model)."""
    numbers = bare_numbers(text, free)
    out = []
    for start, end, value in numbers:
        feats = features(text, start, end, value, outcomes, arms, numbers, section)
        if _rows is not None:
            _rows.append({"sentence": text, "start": start, "end": end, "value": value, "features": feats})
        if model is not None and score(feats, model) >= model["threshold"]:
            out.append((start, end, value))
    return out


@contextmanager
def recording() -> Iterator[list[dict]]:
    """Collect a row for every number scored inside the block (the training tool's data)."""
    global _rows
    _rows = []
    try:
        yield _rows
    finally:
        _rows = None
