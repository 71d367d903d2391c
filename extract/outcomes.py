"""Outcome mentions, normalised to snake_case ids with the raw label kept."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from stemfoot.extract import vocabulary
from stemfoot.extract.mentions import find_mentions
from stemfoot.extract.safe import SafeComponent, register_error_extension
from stemfoot.extract.provenance import evidence

COMPONENT = "stemfoot_outcomes"


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
            for hit in find_mentions(doc, vocabulary.outcomes())
        ]


@Language.factory("stemfoot_outcomes")
def make_outcomes(nlp: Language, name: str) -> OutcomeTagger:
    register_error_extension()
    Doc.set_extension("outcome_mentions", default=None, force=True)
    return OutcomeTagger()
