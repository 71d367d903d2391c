"""Structured-abstract sections: find inline labels ("AIMS:", "Background The...")."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from stemfoot.extract.safe import SafeComponent, register_error_extension
from stemfoot.extract.provenance import EXTRACTOR_VERSION

_CATEGORIES: dict[str, list[str]] = {
    "background": ["background", "backgrounds", "introduction", "context", "rationale", "importance"],
    "objective": ["aims?", "aims? of (?:the|this) study", "objectives?", "purpose", "goals?",
                  "aims and objectives", "aims/hypothesis", "hypothesis"],
    "methods": ["methods?", "materials? and methods?", "patients and methods?", "subjects and methods?",
                "research design and methods?", "study design", "design", "design and methods?",
                "methodology", "setting", "settings?", "participants", "patients", "interventions?",
                "main outcome measures?", "outcome measures?", "measurements?", "procedures?",
                "design, setting,? and participants", "methods and results"],
    "results": ["results?", "findings", "main results"],
    "conclusions": ["conclusions?", "conclusions? and relevance", "interpretation", "discussion",
                    "significance", "clinical relevance", "summary"],
}
_LABEL_TO_CATEGORY = [(re.compile(f"^(?:{p})$", re.I), cat) for cat, ps in _CATEGORIES.items() for p in ps]
_ALL = "|".join(p for ps in _CATEGORIES.values() for p in sorted(ps, key=len, reverse=True))
#: A label that opens the text or follows a sentence end, then a colon/dash,
#: an all-caps label, or (for the core four) Title case followed by a capital.
_LABEL_RE = re.compile(
    rf"(?:^|(?<=[.!?)\]]\s)|(?<=[.!?]\s\s)|(?<=\n))"
    rf"(?P<label>(?i:{_ALL}))"
    rf"(?P<sep>\s*[:—–]\s*|\s+-\s+|\s*\.\s+(?=[A-Z])|(?<=[A-Z]{{3}})\s*(?=[A-Z][a-z])|\s+(?=[A-Z0-9]))",
)
_CORE_TITLE_CASE = re.compile(
    r"^(?:Background|Aims?|Objectives?|Purpose|Methods|Results|Findings|Conclusions?|Interpretation|Introduction)$"
)


def _category(label: str) -> str:
    for rx, cat in _LABEL_TO_CATEGORY:
        if rx.match(label.strip()):
            return cat
    return "other"


def find_labels(text: str) -> list[tuple[int, int, str, str]]:
    """(label_start, body_start, label, category) of each inline section label."""
    return list(_find_labels(text))


@lru_cache(maxsize=256)
def _find_labels(text: str) -> tuple[tuple[int, int, str, str], ...]:
    # The sentence splitter and the sections component both read a text's labels.
    found = []
    for m in _LABEL_RE.finditer(text):
        label, sep = m.group("label"), m.group("sep")
        explicit = bool(re.search(r"[:—–-]", sep)) or (label.isupper() and len(label) > 2)
        if not explicit and not _CORE_TITLE_CASE.match(label):
            continue
        if not explicit and not (m.start() == 0 or found):
            # Title case without punctuation only counts at the start of a
            # structured abstract, where a sentence rarely opens with "Results".
            continue
        found.append((m.start(), m.end(), label, _category(label)))
    return tuple(found)


def sections_from_labels(text: str) -> list[dict]:
    """Sections ({label, category, start, end}) with body offsets, in order."""
    labels = find_labels(text)
    out = []
    for i, (l_start, b_start, label, category) in enumerate(labels):
        end = labels[i + 1][0] if i + 1 < len(labels) else len(text)
        out.append({"label": label, "category": category, "label_start": l_start,
                    "start": b_start, "end": end})
    return out


def section_at(sections: list[dict], offset: int) -> str | None:
    """The category of the section containing ``offset`` (None when unstructured)."""
    for sec in sections:
        if sec["label_start"] <= offset < sec["end"]:
            return sec["category"]
    return None


class SectionTagger(SafeComponent):
    """Sets ``doc._.sections`` from the labels written in the abstract."""

    name = "stemfoot_sections"
    attr = "sections"
    empty = list

    def run(self, doc: Doc, text: str, bounds: list[tuple[int, int]]) -> None:
        doc._.sections = [
            {**s, "component": "stemfoot_sections", "version": EXTRACTOR_VERSION}
            for s in sections_from_labels(text)
        ]


@Language.factory("stemfoot_sections")
def make_sections(nlp: Language, name: str) -> SectionTagger:
    register_error_extension()
    Doc.set_extension("sections", default=None, force=True)
    return SectionTagger()
