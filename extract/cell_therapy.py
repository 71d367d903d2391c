"""Cell-therapy facets: cell type, autologous/allogeneic, route, dose, mobilisation, co-interventions."""
from __future__ import annotations


from spacy.language import Language
from spacy.tokens import Doc

from stemfoot.extract import vocabulary
from stemfoot.extract.mentions import find_mentions
from stemfoot.extract.numbers import NUM
from stemfoot.extract.safe import SafeComponent, register_error_extension
from stemfoot.extract.provenance import evidence
from stemfoot.extract.pattern_data import load_patterns

COMPONENT = "stemfoot_cell_therapy"
#: This module's regexes, as data in patterns/cell_therapy.json (compiled once, here).
_RX = load_patterns("cell_therapy", NUM=NUM)


class CellTherapyTagger(SafeComponent):
    """Sets ``doc._.cell_therapy``: facet -> list of {value, evidence} mentions."""

    name = "stemfoot_cell_therapy"
    attr = "cell_therapy"
    empty = dict

    def run(self, doc: Doc, text: str, bounds: list[tuple[int, int]]) -> None:
        facets: dict[str, list[dict]] = {}

        def add(facet: str, value: str, start: int, end: int, confidence: float, **extra) -> None:
            facets.setdefault(facet, []).append(
                {"value": value, **extra, "evidence": evidence(text, bounds, start, end, COMPONENT, confidence)}
            )

        for hit in find_mentions(doc, vocabulary.cell_types()):
            add("cell_type", hit.term.id, hit.start, hit.end, 0.85)
            if hit.term.source:
                add("source", hit.term.source, hit.start, hit.end, 0.5, inferred=True)
        for facet, vocab in vocabulary.intervention_facets().items():
            for hit in vocab.find(text):
                if facet == "co_intervention" and _RX.NOT_GIVEN.search(text[max(0, hit.start - 60): hit.start]):
                    # "not candidates for revascularisation": an eligibility criterion, not a co-intervention.
                    continue
                add(facet, hit.term.id, hit.start, hit.end, 0.8)
        for m in _RX.DOSE.finditer(text):
            add("dose", m.group("dose").strip(), m.start(), m.start() + len(m.group("dose").rstrip()), 0.7)
        for mob in facets.get("mobilisation", []):
            ev = mob["evidence"]
            window = text[ev["end"]: min(ev["sentence_end"], ev["end"] + 60)]
            m = _RX.MOBILISER_DOSE.search(window)
            if m:
                mob["dose"] = m.group()
        doc._.cell_therapy = facets


@Language.factory("stemfoot_cell_therapy")
def make_cell_therapy(nlp: Language, name: str) -> CellTherapyTagger:
    register_error_extension()
    Doc.set_extension("cell_therapy", default=None, force=True)
    return CellTherapyTagger()
