"""Candidate statistics: every number of an abstract that might belong to an arm.

A thin pure wrapper over the project's statistics grammar (``number_grammar.scan``)
plus a fallback for the bare numbers the grammar leaves ("Seven women remained
amenorrheic", "randomized to undergo (10 women)"). Each candidate keeps its
character span, its sentence, and the span of each value inside it (``parts``),
so a label on one number ("37" of "37/50 (74%)") can be matched to it.

All calls into existing code go through :func:`_existing` (one adapter).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace

#: Candidate kinds. ``count``/``number`` are the fallback for numbers the grammar did not read.
KINDS = ("events", "percent", "mean_sd", "mean", "median", "effect", "p_value", "count", "number")
#: Fields of a grammar statistic that hold a value, in reading order.
_VALUE_FIELDS = ("events", "total", "percent", "mean", "sd", "median", "q1", "q3", "range_low", "range_high",
                 "value", "ci_lower", "ci_upper", "p")


@dataclass(frozen=True)
class Part:
    """One number inside a candidate: which field it fills, its value, its span."""

    field: str
    value: float
    start: int
    end: int


@dataclass
class Candidate:
    """A candidate statistic with provenance (absolute character offsets)."""

    kind: str
    values: dict[str, float]
    start: int
    end: int
    sentence: tuple[int, int]
    parts: list[Part] = field(default_factory=list)
    measure: str | None = None
    flags: list[str] = field(default_factory=list)

    def text(self, doc_text: str) -> str:
        return doc_text[self.start:self.end]


@lru_cache(maxsize=1)
def _existing() -> SimpleNamespace:
    """The one adapter into existing code (re-point here after the layout move).

    Imported lazily: the grammar's module chain imports the spaCy library (no
    model is loaded), and callers that only need the data types pay nothing.
    """
    from stemfoot.extract import numbers, number_grammar as stat_grammar
    from stemfoot.extract.sections import sections_from_labels
    from stemfoot.extract.sentences import sentence_starts

    return SimpleNamespace(
        SentenceClaims=stat_grammar.SentenceClaims, scan=stat_grammar.scan, NUM=numbers.NUM, COUNT=numbers.COUNT,
        parse_number=numbers.parse_number, date_spans=numbers.date_spans, sentence_starts=sentence_starts,
        sections_from_labels=sections_from_labels,
    )


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) character spans, with the project's rule-based splitter."""
    starts = _existing().sentence_starts(text)
    bounds = []
    for i, s in enumerate(starts):
        e = starts[i + 1] if i + 1 < len(starts) else len(text)
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            bounds.append((s, e))
    return bounds


def section_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, category) of each labelled section of a structured abstract."""
    return [(s["label_start"], s["end"], s["category"]) for s in _existing().sections_from_labels(text)]


@lru_cache(maxsize=1)
def _number_rx() -> re.Pattern:
    ex = _existing()
    return re.compile(rf"{ex.NUM}|{ex.COUNT}|\b(?:none|zero)\b", re.I)


_PERCENT_AFTER = re.compile(r"\s*(?:%|per\s?cent\b)", re.I)


def _value_of(raw: str) -> float | None:
    if raw.lower() in {"none", "zero", "no"}:
        return 0.0
    parsed = _existing().parse_number(raw)
    return parsed.value if parsed else None


def _locate_parts(text: str, start: int, end: int, stat: dict) -> list[Part]:
    """Find the span of each value of a grammar statistic inside its match."""
    numbers = [(m.start() + start, m.end() + start, _value_of(m.group()))
               for m in _number_rx().finditer(text[start:end])]
    used: set[int] = set()
    parts = []
    for name in _VALUE_FIELDS:
        value = stat.get(name)
        if value is None:
            continue
        for i, (s, e, v) in enumerate(numbers):
            if i not in used and v is not None and abs(v - value) < 1e-9:
                used.add(i)
                parts.append(Part(name, float(value), s, e))
                break
        else:
            parts.append(Part(name, float(value), start, end))
    return parts


def find_candidates(text: str, sentences: list[tuple[int, int]] | None = None) -> list[Candidate]:
    """Every candidate statistic of a text, in reading order."""
    ex = _existing()
    sentences = sentences if sentences is not None else split_sentences(text)
    out: list[Candidate] = []
    for s_start, s_end in sentences:
        sent_text = text[s_start:s_end]
        claims = ex.SentenceClaims(sent_text, s_start)
        ex.scan(claims, [])
        taken: list[tuple[int, int]] = list(ex.date_spans(sent_text))
        for a, b, stat in sorted(claims.found, key=lambda f: f[0]):
            values = {k: float(stat[k]) for k in _VALUE_FIELDS if stat.get(k) is not None}
            if not values:
                continue
            out.append(Candidate(stat["kind"], values, s_start + a, s_start + b, (s_start, s_end),
                                 _locate_parts(text, s_start + a, s_start + b, stat),
                                 stat.get("measure"), list(stat.get("flags", []))))
            taken.append((a, b))
        for m in _number_rx().finditer(sent_text):
            a, b = m.start(), m.end()
            if any(s < b and a < e for s, e in taken):
                continue
            value = _value_of(m.group())
            if value is None:
                continue
            pct = _PERCENT_AFTER.match(sent_text, b)
            if pct:
                # "Eighty-two percent": word numbers the grammar's digit-only percent misses.
                kind, name, end = "percent", "percent", b + pct.end() - b
            else:
                kind = "count" if value == int(value) and "." not in m.group() and "·" not in m.group() else "number"
                name, end = kind, b
            out.append(Candidate(kind, {name: value}, s_start + a, s_start + end, (s_start, s_end),
                                 [Part(name, value, s_start + a, s_start + b)]))
    out.sort(key=lambda c: c.start)
    return out
