"""Sentence boundaries for abstracts: rule-based, aware of "vs.", "P < .05", labels."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from stemfoot.extract.sections import find_labels

_ABBREV = re.compile(
    r"(?:^|\W)(?:vs|al|e\.g|i\.e|cf|Fig|Figs|approx|ca|No|no|Dr|Mr|Mrs|Ms|St|resp|Ref|Eq|min|max|mo|yr|wk)\.$"
)
_END = re.compile(r"[.!?]['\")\]]*$")


class SentenceSplitter:
    """Start a sentence after a sentence-final token and at every section label."""

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        label_starts = {start for start, *_ in find_labels(doc.text)}
        depth = 0
        prev_end_ok = False
        for i, tok in enumerate(doc):
            if i == 0:
                tok.is_sent_start = True
            else:
                starts_label = tok.idx in label_starts
                first = tok.text[0]
                opens = first.isupper() or first.isdigit() or first in "([\"'"
                tok.is_sent_start = starts_label or (prev_end_ok and depth == 0 and opens and bool(doc[i - 1].whitespace_))
                if starts_label:
                    depth = 0
            depth = max(0, depth + tok.text.count("(") + tok.text.count("[") - tok.text.count(")") - tok.text.count("]"))
            text = tok.text
            prev_end_ok = bool(_END.search(text)) and not _ABBREV.search(" " + text) and not (
                text.endswith(".") and len(text) > 1 and re.fullmatch(r"(?:[A-Z]\.)+|[A-Za-z]\.", text) is not None
            )
        return doc


@Language.factory("stemfoot_sentences")
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()
