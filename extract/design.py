"""Study design: rct, non_randomized_controlled, single_arm or other, with the sentence."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from stemfoot.extract.safe import SafeComponent, register_error_extension
from stemfoot.extract.numbers import WORD_NUM
from stemfoot.extract.provenance import evidence
from stemfoot.schemas import DESIGNS


_NOT_PRIMARY = re.compile(
    r"\b(?:systematic(?:al)? review|meta-?analys[ie]s|case report|we (?:report|describe|present) (?:a|the|two|three) (?:case|patient)s?"
    r"|(?:retrospective )?review of (?:the )?literature|narrative review|in (?:this|the present) review)\b",
    re.I,
)
_RANDOM = re.compile(r"\brandomi[sz](?:ed|ation|ing|e)|\brandomly\b|\brandom (?:allocation|assignment|number)|\bRCTs?\b", re.I)
_NEG_RANDOM = re.compile(r"\b(?:non|not|without|quasi|pseudo)[- ](?:randomi[sz]|randomly)|\bnonrandomi[sz]", re.I)
#: Randomisation of something other than our participants ("previous randomized trials").
_OTHER_TRIALS = re.compile(r"\b(?:previous|prior|earlier|several|many|other|future|larger|further|large-scale)\s+(?:\w+\s+){0,2}?(?:randomi[sz]ed|RCTs?)\b", re.I)
_CALL_FOR_TRIALS = re.compile(
    r"\b(?:are|is|be|were)\s+(?:\w+\s+)?(?:needed|warranted|required|lacking|necessary|awaited)\b|\bshould be\b"
    # "an RCT is ongoing", "RCT planned": a trial still to come is not this study.
    r"|\b(?:RCTs?|trials?)\s+(?:is\s+|are\s+)?(?:now\s+)?(?:ongoing|planned|underway|under way|in progress)\b"
    r"|\b(?:future|further|larger|large-scale|well-designed)\s+(?:\w+\s+){0,2}?(?:randomi[sz]ed|RCTs?|trials?)\b"
    # "merits evaluation in a randomised trial", "warrants a randomized trial": a trial still to do.
    r"|\b(?:merits?|deserves?|warrants?|justif(?:y|ies)|support(?:s|ing)?|calls? for)\s+(?:\w+\s+){0,4}?(?:randomi[sz]ed|RCTs?|trials?)\b",
    re.I,
)
_CONTROL = re.compile(
    r"\b(?:control(?:led)?\s+(?:group|arm|treatment|patients|subjects|limbs|study|trial|cohort)s?|controls\b|placebo|sham|"
    r"(?:compared|comparison)\s+(?:with|to|between)\s+(?:\w+\s+){0,4}?(?:conservative|conventional|standard|control|usual|placebo|saline)|"
    r"(?:normal )?saline\s+(?:group|injections?|control)|case[- ]control|historical controls?|"
    r"(?:versus|vs\.?)\s+(?:\w+\s+){0,3}?(?:standard|conventional|conservative|usual)\s+(?:\w+\s+)?(?:care|therapy|treatment))",
    re.I,
)
_SINGLE = re.compile(
    r"\b(?:single[- ]arm|single[- ]group|open[- ]label,? (?:single|non-?comparative)|phase (?:I|1|I/II|1/2) (?:study|trial)"
    r"|(?:pilot|prospective|feasibility|observational) (?:study|trial|series)|case series|\d+ (?:patients|subjects) (?:were|was) (?:treated|enrolled|included)"
    r"|(?:all|each) (?:patients?|subjects?) (?:were|was|received|underwent))\b",
    re.I,
)

#: Patients given a treatment, with no control anywhere: a single-arm study.
_TREATED = re.compile(
    rf"\b(?:\d+|{WORD_NUM})\s+(?:[\w\-]+\s+){{0,4}}?(?:patients|subjects|participants|limbs)\b(?:\s*\([^()]{{0,80}}\))?[^.;]{{0,120}}?"
    r"\b(?:received|were treated|underwent|were injected|were implanted|were transplanted)\b"
    rf"|\b(?:we\s+)?(?:\w+ly\s+)?(?:treated|enrolled|included|analy[sz]ed|reviewed)\s+(?:a total of\s+)?(?:the\s+)?(?:\d+|{WORD_NUM})\s+(?:[\w\-]+\s+){{0,4}}?(?:patients|subjects|limbs)\b",
    re.I,
)


#: Words that make a review named just after them someone else's work.
_CITED_WORK = re.compile(r"\b(?:according to|earlier|previous|prior|recent|published|several|many|other|in)\s+(?:\w+\s+){0,2}$",
                         re.I)


def _about_other_trials(text: str, m: re.Match) -> bool:
    """Is this cue about trials other than the study ("RCTs are needed", "previous RCTs")?"""
    if _OTHER_TRIALS.search(text[max(0, m.start() - 60): m.end() + 5]):
        return True
    s_start = max(text.rfind(". ", 0, m.start()) + 2, 0)
    s_end = text.find(". ", m.end())
    return _CALL_FOR_TRIALS.search(text[s_start: s_end if s_end > 0 else len(text)]) is not None


def classify(text: str) -> tuple[str, tuple[int, int] | None, float]:
    """(design, (start, end) of the cue, confidence) from free text."""
    m = _NOT_PRIMARY.search(text[:250])
    if m and _CITED_WORK.search(text[max(0, m.start() - 40):m.start()]):
        # "According to earlier meta-analyses, ...": the background cites reviews; the study is not one.
        m = None
    if m:
        # Reviews and case reports say what they are up front.
        return "other", (m.start(), m.end()), 0.7
    for m in _RANDOM.finditer(text):
        if _NEG_RANDOM.search(text[max(0, m.start() - 30): m.end()]) or _about_other_trials(text, m):
            continue
        return "rct", (m.start(), m.end()), 0.9
    for m in _CONTROL.finditer(text):
        if not _about_other_trials(text, m):
            return "non_randomized_controlled", (m.start(), m.end()), 0.7
    m = _SINGLE.search(text) or _TREATED.search(text)
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
