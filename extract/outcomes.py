"""Outcome mentions, normalised to snake_case ids with the raw label kept."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from stemfoot.extract import vocabulary
from stemfoot.extract.mentions import find_mentions
from stemfoot.extract.outcome_scope import instrument_gap
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.extract.safe import SafeComponent, register_error_extension
from stemfoot.extract.provenance import evidence
from stemfoot.extract.vocabulary import Hit

COMPONENT = "stemfoot_outcomes"
_COMPOUND_GAP = re.compile(r"^[ \t-]*$")
#: This module's regexes, as data in patterns/outcomes.json.
_RX = load_patterns("outcomes")


def _by_instrument(gap: str) -> bool:
    """An instrument written after its measure with a linking word ("on a", "measured by"), not in an opening
    bracket: "limb perfusion (ABI, TcPO2)" lists measures, which the phrase reader (outcome_scope) joins for one
    clause only."""
    return instrument_gap(gap) and not gap.rstrip().endswith("(")


def merge_compounds(text: str, hits: list[Hit]) -> list[Hit]:
    """Two outcome terms written as one noun phrase ("rest pain VAS", "ulcer area score") are one mention of
    the first: the measure is named first and the scale or qualifier after it, as the vocabulary reads a
    whole phrase (``Vocabulary.lookup`` takes its first term). So are two countable events joined by "or", one
    composite event ("major amputation or death", ``COMPOSITE_GAP``), and a measure followed by the scale that
    measured it ("rest pain on a 0–10 visual analogue scale": rest pain, not the pain score the scale alone names;
    ``outcome_scope.instrument_gap``), so the longer phrase is the topic of the values after it."""
    out: list[Hit] = []
    for h in sorted(hits, key=lambda h: h.start):
        prev = out[-1] if out else None
        if (prev is not None and prev.term.id != h.term.id and prev.end <= h.start
                and (_COMPOUND_GAP.match(text[prev.end:h.start])
                     or (prev.term.countable and h.term.countable and _RX.COMPOSITE_GAP.match(text[prev.end:h.start]))
                     or (not h.term.countable and _by_instrument(text[prev.end:h.start])))):
            out[-1] = Hit(prev.term, prev.start, h.end, text[prev.start:h.end])
            continue
        out.append(h)
    return out


def describes_population(text: str, start: int, end: int) -> bool:
    """Whether the outcome words at [start, end) describe a denominator's population rather than what was
    measured: "recurrence ... in 2 of 24 healed patients", "5 of 33 healed ulcers (15.2%) recurred", "among
    healed ulcers" (the value counts recurrences; "healed" says who could recur)."""
    return (_RX.POPULATION_NOUN.match(text, end) is not None
            and _RX.POPULATION_BEFORE.search(text, max(0, start - 40), start) is not None)


def names_context(text: str, start: int, end: int) -> bool:
    """Whether the outcome words at [start, end) say when or given what a value was measured, not what:
    a time anchor ("recurrence within 3 months after healing", "mortality following amputation") or a
    covariate of an adjusted estimate ("after adjustment for dialysis, the HR for progression")."""
    lo = max(0, start - 100)
    return (_RX.ANCHOR_BEFORE.search(text, max(0, start - 30), start) is not None
            or _RX.COVARIATE_BEFORE.search(text, lo, start) is not None)


def measured(mentions: list[dict]) -> list[dict]:
    """The outcome mentions that can name what a value measures (not a population's description, a time
    anchor or a covariate)."""
    return [m for m in mentions if not m.get("population") and not m.get("context")]


class OutcomeTagger(SafeComponent):
    """Sets ``doc._.outcome_mentions``: [{outcome, label, countable, evidence}], with ``population: True`` on a
    mention that describes a denominator's population (``describes_population``) and ``context: True`` on
    one that names a time anchor or covariate (``names_context``): the record still lists the outcome, but
    no value takes it from there."""

    name = "stemfoot_outcomes"
    attr = "outcome_mentions"
    empty = list

    def run(self, doc: Doc, text: str, bounds: list[tuple[int, int]]) -> None:
        mentions = []
        for hit in merge_compounds(text, find_mentions(doc, vocabulary.outcome_topics())):
            m = {"outcome": hit.term.id, "label": hit.text, "countable": hit.term.countable,
                 "evidence": evidence(text, bounds, hit.start, hit.end, COMPONENT, 0.8)}
            if describes_population(text, hit.start, hit.end):
                m["population"] = True
            elif names_context(text, hit.start, hit.end):
                m["context"] = True
            mentions.append(m)
        doc._.outcome_mentions = mentions


@Language.factory("stemfoot_outcomes")
def make_outcomes(nlp: Language, name: str) -> OutcomeTagger:
    register_error_extension()
    Doc.set_extension("outcome_mentions", default=None, force=True)
    return OutcomeTagger()
