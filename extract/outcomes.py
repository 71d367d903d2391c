"""Outcome mentions, normalised to snake_case ids with the raw label kept."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from stemfoot.extract import vocabulary
from stemfoot.extract.mentions import find_mentions
from stemfoot.extract.safe import SafeComponent, register_error_extension
from stemfoot.extract.provenance import evidence
from stemfoot.extract.vocabulary import Hit

COMPONENT = "stemfoot_outcomes"
_COMPOUND_GAP = re.compile(r"^[ \t-]*$")


def merge_compounds(text: str, hits: list[Hit]) -> list[Hit]:
    """Two outcome terms written as one noun phrase ("rest pain VAS", "ulcer area score") are one mention of
    the first: the measure is named first and the scale or qualifier after it, as the vocabulary reads a
    whole phrase (``Vocabulary.lookup`` takes its first term)."""
    out: list[Hit] = []
    for h in sorted(hits, key=lambda h: h.start):
        prev = out[-1] if out else None
        if (prev is not None and prev.term.id != h.term.id and prev.end <= h.start
                and _COMPOUND_GAP.match(text[prev.end:h.start])):
            out[-1] = Hit(prev.term, prev.start, h.end, text[prev.start:h.end])
            continue
        out.append(h)
    return out


class OutcomeTagger(SafeComponent):
    """Sets ``doc._.outcome_mentions``: [{outcome, label, countable, evidence}]."""

    name = "stemfoot_outcomes"
    attr = "outcome_mentions"
    empty = list

    def run(self, doc: Doc, text: str, bounds: list[tuple[int, int]]) -> None:
        doc._.outcome_mentions = [
            {
                "outcome": hit.term.id,
                "label": hit.text,
                "countable": hit.term.countable,
                "evidence": evidence(text, bounds, hit.start, hit.end, COMPONENT, 0.8),
            }
            for hit in merge_compounds(text, find_mentions(doc, vocabulary.outcome_topics()))
        ]


@Language.factory("stemfoot_outcomes")
def make_outcomes(nlp: Language, name: str) -> OutcomeTagger:
    register_error_extension()
    Doc.set_extension("outcome_mentions", default=None, force=True)
    return OutcomeTagger()
