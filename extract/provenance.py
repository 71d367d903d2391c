"""Provenance shared by all components: where a value comes from, and who said so.

Components store plain dicts (not objects) in Doc extensions so docs survive the
pickling/msgpack round trip of ``nlp.pipe(n_process>1)``.
"""
from __future__ import annotations

import bisect

from spacy.tokens import Doc

#: Bump when any component's output can change; stored with every value.
EXTRACTOR_VERSION = "stemfoot-extract 0.1.0"


def text_of(doc: Doc) -> str:
    """``doc.text``, computed once per doc (the property re-joins every token)."""
    if not Doc.has_extension("text_cache"):
        Doc.set_extension("text_cache", default=None)
    if doc._.text_cache is None:
        doc._.text_cache = doc.text
    return doc._.text_cache


def remember_text(doc: Doc, text: str) -> Doc:
    """Seed ``text_of`` with the text a doc was made from (spaCy's tokenizer keeps every character, so
    ``doc.text == text``): rebuilding it from the tokens costs as much as a light component."""
    if not Doc.has_extension("text_cache"):
        Doc.set_extension("text_cache", default=None)
    doc._.text_cache = text
    return doc


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Character (start, end) of each sentence, end excluding trailing space."""
    cached = doc._.sentence_bounds if Doc.has_extension("sentence_bounds") else None
    if cached is not None:
        return [tuple(b) for b in cached]
    if not doc.has_annotation("SENT_START"):
        return [(0, len(text_of(doc)))] if len(doc) else []
    return [(s.start_char, s.end_char) for s in doc.sents]


def sentence_of(bounds: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The sentence containing a character offset."""
    i = max(bisect.bisect_right(bounds, (offset, float("inf"))) - 1, 0)
    return bounds[i] if bounds else (0, 0)


def evidence(
    text: str,
    bounds: list[tuple[int, int]],
    start: int,
    end: int,
    component: str,
    confidence: float,
) -> dict:
    """A provenance record: the source span, its sentence, component and version.

    Takes the doc's text, not the doc: ``Doc.text`` rebuilds the string on every access.
    """
    s_start, s_end = sentence_of(bounds, start)
    return {
        "start": start,
        "end": end,
        "text": text[start:end],
        "sentence_start": s_start,
        "sentence_end": max(s_end, end),
        "component": component,
        "version": EXTRACTOR_VERSION,
        "confidence": round(confidence, 2),
        "source": "abstract",
    }
