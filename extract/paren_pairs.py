"""A linear stand-in for the bracket matcher of scispaCy's abbreviation detector.

The detector runs a spaCy ``Matcher`` with ``"(" + ")"``: it returns every "(" … ")" pair of a doc, a
number quadratic in its brackets (a full-text section has hundreds), and then keeps only pairs with at
most 8 tokens inside (``scispacy.abbreviation.filter_matches``). :class:`ParenPairs` yields exactly
those pairs, in the Matcher's order (by closing bracket, the nearest opening bracket first), so the
detector's output is unchanged (``tests/extract/test_paren_pairs.py`` checks it against the Matcher).
"""
from __future__ import annotations

from bisect import bisect_left

import numpy
from spacy.attrs import ORTH
from spacy.tokens import Doc
from spacy.vocab import Vocab

#: ``filter_matches`` drops a pair with more tokens than this between its brackets.
MAX_INSIDE = 8


class ParenPairs:
    """Called like the detector's ``Matcher``: ``[(match_id, start, end), ...]`` of "(" … ")" spans."""

    def __init__(self, vocab: Vocab, key: str = "parenthesis") -> None:
        self.key = vocab.strings.add(key)
        self.open = vocab.strings.add("(")
        self.close = vocab.strings.add(")")

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        if not len(doc):
            return []
        orth = doc.to_array(ORTH)
        opens = numpy.flatnonzero(orth == self.open).tolist()
        if not opens:
            return []
        out = []
        for c in numpy.flatnonzero(orth == self.close).tolist():
            # Opening brackets o with 1 <= c - o - 1 <= MAX_INSIDE, nearest first.
            lo, hi = bisect_left(opens, c - 1 - MAX_INSIDE), bisect_left(opens, c - 1)
            out.extend((self.key, o, c + 1) for o in reversed(opens[lo:hi]))
        return out


def install(nlp) -> None:  # noqa: ANN001 - a spaCy Language
    """Give the pipeline's abbreviation detector (when it has one) the linear bracket matcher."""
    if "abbreviation_detector" in nlp.pipe_names:
        nlp.get_pipe("abbreviation_detector").matcher = ParenPairs(nlp.vocab)
