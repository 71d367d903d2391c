"""Vocabulary mentions in a doc, including abbreviations defined in the abstract."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from stemfoot.extract.provenance import text_of
from stemfoot.extract.vocabulary import Hit, Term, Vocabulary


def _short_forms(doc: Doc, vocab: Vocabulary) -> dict[str, Term]:
    """Short forms the abstract defines whose long form is a vocabulary term."""
    found: dict[str, Term] = {}
    # The detector runs with make_serializable=true (dicts survive n_process > 1).
    for short in getattr(doc._, "abbreviations", None) or []:
        short_text, long_text = short["short_text"], short["long_text"]
        key = re.sub(r"s$", "", short_text) if len(short_text) > 3 else short_text
        if key in found or short_text[:1].lower() != long_text.strip()[:1].lower():
            # "ADSC plus PRP (ADSC+PRP group": a short form starts with its long form's first letter.
            continue
        # The term must be the long form's head (its end): "Therapeutic angiogenesis by cell
        # transplantation (TACT)" names a treatment, not the angiogenesis outcome.
        head = [h for h in vocab.find(long_text) if h.end >= len(long_text.rstrip()) - 2]
        if head:
            found[key] = head[0].term
    return found


def find_mentions(doc: Doc, vocab: Vocabulary) -> list[Hit]:
    """Vocabulary hits in ``doc``'s text, plus the abstract's own abbreviations.

    scispaCy's abbreviation detector links e.g. "HUCMSCs" to "human umbilical cord
    mesenchymal stem cells"; every use of that short form (singular or plural,
    "HUCMSC transplantation") then normalises to the long form's term.
    """
    text = text_of(doc)
    hits = vocab.find(text)
    taken = [(h.start, h.end) for h in hits]
    for short, term in _short_forms(doc, vocab).items():
        for m in re.finditer(rf"(?<![\w\-]){re.escape(short)}s?(?![\w])", text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            hits.append(Hit(term, m.start(), m.end(), m.group()))
            taken.append((m.start(), m.end()))
    return sorted(hits, key=lambda h: h.start)
