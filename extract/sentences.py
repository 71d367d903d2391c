"""Sentence boundaries for abstracts: rule-based, aware of "vs.", "P < .05", labels."""
from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from stemfoot.extract.provenance import text_of
from stemfoot.extract.sections import find_labels

_ABBREV = re.compile(
    r"(?:^|\W)(?:vs|al|e\.g|i\.e|cf|Fig|Figs|approx|ca|No|no|Dr|Mr|Mrs|Ms|St|resp|Ref|Eq|min|max|mo|yr|wk)\.$"
)
_END = re.compile(r"[.!?]['\")\]]*$")


class SentenceSplitter:
    """Start a sentence after a sentence-final token and at every section label."""

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            doc._.sentence_bounds = []
            return doc
        label_starts = {start for start, *_ in find_labels(text_of(doc))}
        depth = 0
        prev_end_ok = False
        prev_space = False
        flags = numpy.full((len(doc), 1), -1, dtype="int64")
        for i, tok in enumerate(doc):
            if i == 0:
                flags[i, 0] = 1
            else:
                starts_label = tok.idx in label_starts
                first = tok.text[0]
                opens = first.isupper() or first.isdigit() or first in "([\"'"
                if starts_label or (prev_end_ok and depth == 0 and opens and prev_space):
                    flags[i, 0] = 1
                if starts_label:
                    depth = 0
            depth = max(0, depth + tok.text.count("(") + tok.text.count("[") - tok.text.count(")") - tok.text.count("]"))
            text = tok.text
            prev_end_ok = bool(_END.search(text)) and not _ABBREV.search(" " + text) and not (
                text.endswith(".") and len(text) > 1 and re.fullmatch(r"(?:[A-Z]\.)+|[A-Za-z]\.", text) is not None
            )
            prev_space = bool(tok.whitespace_)
        # One array write: setting Token.is_sent_start re-scans the doc each time.
        doc.from_array([SENT_START], flags.astype("uint64"))
        # Every later component needs sentence offsets; Doc.sents walks all tokens.
        doc._.sentence_bounds = [(s.start_char, s.end_char) for s in doc.sents]
        return doc


@Language.factory("stemfoot_sentences")
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    Doc.set_extension("sentence_bounds", default=None, force=True)
    return SentenceSplitter()
