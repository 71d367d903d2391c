"""Sentence boundaries for abstracts: rule-based, aware of "vs.", "P < .05", labels."""
from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from stemfoot.extract.provenance import text_of
from stemfoot.extract.sections import find_labels

_ABBREV = re.compile(
    r"(?:^|\W)(?:vs|al|e\.g|i\.e|cf|Fig|Figs|approx|ca|No|no|Dr|Mr|Mrs|Ms|St|resp|Ref|Eq|min|max|mo|yr|wk)\.$"
)
_INITIAL = re.compile(r"(?:[A-Z]\.)+|[A-Za-z]\.")
#: Before a lone capital: an arm's head word ("in arm D.", "than group C.", "in groups A and B."), so the
#: capital is the arm's tag ending a sentence, not an initial.
_TAG_HEAD = re.compile(r"\b(?:groups?|arms?|cohorts?)\s+(?:[A-D]\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+))*$", re.I)
#: Sentence-final punctuation (and closing quotes/brackets), space, then an opener.
_BOUNDARY = re.compile(r"(?<=[.!?])['\")\]]*(?P<space>\s+)(?=[A-Z0-9(\[\"'])")
#: Unbalanced brackets stop counting after this many characters.
_MAX_PAREN_SPAN = 600


def sentence_starts(text: str) -> list[int]:
    """Character offsets where sentences start (0 first)."""
    labels = {start for start, *_ in find_labels(text)}
    starts = {0} | labels
    depth, last, opened_at = 0, 0, 0
    for m in _BOUNDARY.finditer(text):
        cut = m.start("space")
        for pos in sorted(p for p in labels if last <= p < cut):
            depth, last = 0, pos
        delta = (text.count("(", last, cut) + text.count("[", last, cut)
                 - text.count(")", last, cut) - text.count("]", last, cut))
        if depth == 0 and delta > 0:
            opened_at = last
        depth = max(0, depth + delta)
        last = cut
        if depth and cut - opened_at > _MAX_PAREN_SPAN:
            depth = 0
        if depth:
            continue
        chunk = text[text.rfind(" ", 0, m.start()) + 1: m.start()]
        chunk = chunk.rstrip("'\")]")
        if _ABBREV.search(" " + chunk) or (_INITIAL.fullmatch(chunk) and not (
                re.fullmatch(r"[A-D]\.", chunk) and _TAG_HEAD.search(text, 0, m.start() - len(chunk)))):
            continue
        starts.add(m.end())
    return sorted(starts)


class SentenceSplitter:
    """Start a sentence after a sentence-final token and at every section label."""

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            doc._.sentence_bounds = []
            return doc
        idx = doc.to_array(IDX).astype("int64").reshape(-1)
        flags = numpy.full((len(doc), 1), -1, dtype="int64")
        for start in sentence_starts(text_of(doc)):
            i = int(numpy.searchsorted(idx, start))
            if i < len(doc) and idx[i] == start:
                flags[i, 0] = 1
        flags[0, 0] = 1
        # One array write: setting Token.is_sent_start re-scans the doc each time.
        doc.from_array([SENT_START], flags.astype("uint64"))
        # Every later component needs sentence offsets; Doc.sents walks all tokens.
        doc._.sentence_bounds = [(s.start_char, s.end_char) for s in doc.sents]
        return doc


@Language.factory("stemfoot_sentences")
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    Doc.set_extension("sentence_bounds", default=None, force=True)
    return SentenceSplitter()
