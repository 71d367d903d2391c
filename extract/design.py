"""Study design: rct, non_randomized_controlled, single_arm or other, with the sentence."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from stemfoot.extract.safe import SafeComponent, register_error_extension
from stemfoot.extract.numbers import WORD_NUM
from stemfoot.extract.provenance import evidence
from stemfoot.schemas import DESIGNS
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.extract.sections import section_at, sections_from_labels

#: This module's regexes, as data in patterns/design.json (compiled once, here).
_RX = load_patterns("design", WORD_NUM=WORD_NUM)


def _about_other_trials(text: str, m: re.Match) -> bool:
    """Is this cue about trials other than the study ("RCTs are needed", "previous RCTs")?"""
    if _RX.OTHER_TRIALS.search(text[max(0, m.start() - 60): m.end() + 5]):
        return True
    s_start = max(text.rfind(". ", 0, m.start()) + 2, 0)
    s_end = text.find(". ", m.end())
    return _RX.CALL_FOR_TRIALS.search(text[s_start: s_end if s_end > 0 else len(text)]) is not None


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end] (split on ". ", as the other cue checks here do)."""
    s_start = max(text.rfind(". ", 0, start) + 2, 0)
    s_end = text.find(". ", end)
    return text[s_start: s_end if s_end > 0 else len(text)]


def in_background(text: str, sections: list[dict], m: re.Match) -> bool:
    """Is this cue in a Background sentence that does not speak of the study itself?

    "Background: Randomised evidence for cell therapy remains limited. Methods: In this prospective study with
    concurrent controls, ...": the background reviews the evidence so far; the study's design is in its Methods.
    A Background sentence that names the study ("we randomised", "this randomised trial") still counts."""
    if section_at(sections, m.start()) != "background":
        return False
    if not any(sec["category"] == "methods" for sec in sections):
        # No Methods describe the study (round 35 mend: Results report outcomes, not the design): the background is
        # all there is to read.
        return False
    return _RX.THIS_STUDY.search(_sentence(text, m.start(), m.end())) is None


def classify(text: str) -> tuple[str, tuple[int, int] | None, float]:
    """(design, (start, end) of the cue, confidence) from free text."""
    m = _RX.NOT_PRIMARY.search(text[:250])
    if m and _RX.CITED_WORK.search(text[max(0, m.start() - 40):m.start()]):
        # "According to earlier meta-analyses, ...": the background cites reviews; the study is not one.
        m = None
    if m:
        # Reviews and case reports say what they are up front.
        return "other", (m.start(), m.end()), 0.7
    says_nonrandom = _RX.NEG_RANDOM.search(text) is not None
    sections = sections_from_labels(text)
    for m in _RX.RANDOM.finditer(text):
        if _RX.NEG_RANDOM.search(text[max(0, m.start() - 30): m.end()]) or _about_other_trials(text, m):
            continue
        if in_background(text, sections, m):
            continue
        if says_nonrandom and _RX.PLURAL_TRIALS.match(text, m.start()):
            # "Randomised trials of cell therapy exclude ...; this prospective, non-randomised cohort study": the
            # plural names trials in general.
            continue
        return "rct", (m.start(), m.end()), 0.9
    for m in _RX.CONTROL.finditer(text):
        if _RX.OTHER_GROUPS.search(_sentence(text, m.start(), m.end())) and not _RX.HISTORICAL_CUE.search(m.group()):
            # "... exceeded those reported for conventional therapy cohorts in the literature": other studies' groups.
            continue
        if not _about_other_trials(text, m) and not _RX.NO_CONTROL.search(text[max(0, m.start() - 40):m.start()]):
            return "non_randomized_controlled", (m.start(), m.end()), 0.7
    m = _RX.SINGLE.search(text) or _RX.TREATED.search(text)
    if m:
        return "single_arm", (m.start(), m.end()), 0.6
    return "other", None, 0.4


class DesignClassifier(SafeComponent):
    """Sets ``doc._.design`` = {value, evidence}; "random" is required for rct."""

    name = "stemfoot_design"
    attr = "design"
    empty = lambda: {"value": "other", "evidence": None, "confidence": 0.0}

    def run(self, doc: Doc, text: str, bounds: list[tuple[int, int]]) -> None:
        design, cue, confidence = classify(text)
        ev = None
        if cue is not None:
            ev = evidence(text, bounds, cue[0], cue[1], "stemfoot_design", confidence)
        doc._.design = {"value": design, "evidence": ev, "confidence": confidence}


@Language.factory("stemfoot_design")
def make_design(nlp: Language, name: str) -> DesignClassifier:
    register_error_extension()
    Doc.set_extension("design", default=None, force=True)
    return DesignClassifier()
