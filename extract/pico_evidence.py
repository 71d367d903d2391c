"""PICO spans in the extraction run: tag the pipeline's docs and keep the spans as evidence."""
from __future__ import annotations

from spacy.tokens import Doc

from stemfoot.extract.pico import SPANS_KEY, load_pico_model, pico_spans
from stemfoot.extract.provenance import evidence, sentence_bounds, text_of
from stemfoot.extract.safe import register_error_extension

COMPONENT = "pico_tagger"
#: The export's ``pico`` keys per label (older models fold comparators into interventions).
_FACET_OF_LABEL = {"PARTICIPANTS": "participants", "INTERVENTION": "interventions",
                   "COMPARATOR": "comparators", "OUTCOME": "outcomes"}

register_error_extension()


def tag_pico(docs: list[Doc], batch_size: int = 64) -> None:
    """Add ``doc.spans["pico"]`` to the docs in batches; a doc the tagger fails on gets an error line."""
    tagger = load_pico_model().get_pipe(COMPONENT)
    try:
        for _ in tagger.pipe(docs, batch_size=batch_size):
            pass
    except Exception:  # noqa: BLE001 - retry one by one to find the culprit
        for doc in docs:
            if SPANS_KEY in doc.spans:
                continue
            try:
                tagger(doc)
            except Exception as exc:  # noqa: BLE001 - reported on the doc, the run goes on
                doc._.extract_errors = [*(doc._.extract_errors or []), f"{COMPONENT}: {type(exc).__name__}: {exc}"]


def pico_evidence(doc: Doc) -> list[dict]:
    """The PICO spans of a tagged doc as ``{facet, evidence}`` (none when it was not tagged)."""
    if SPANS_KEY not in doc.spans:
        return []
    text, bounds = text_of(doc), sentence_bounds(doc)
    out = []
    for span in pico_spans(doc):
        ev = evidence(text, bounds, int(span["start"]), int(span["end"]), COMPONENT, 0.0)
        # The tagger gives a label per token, not a calibrated score per span.
        out.append({"facet": _FACET_OF_LABEL[str(span["label"])], "evidence": {**ev, "confidence": None}})
    return out
