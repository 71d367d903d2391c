"""Sample sizes: total patients, and limbs and ulcers where reported."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from stemfoot.extract.arms import EVENT_IN
from stemfoot.extract.numbers import COUNT, date_spans, in_date, parse_count, static_rx
from stemfoot.extract.safe import SafeComponent, register_error_extension
from stemfoot.extract.provenance import evidence
from stemfoot.extract.sections import section_at
from stemfoot.extract.pattern_data import load_patterns

COMPONENT = "stemfoot_sample_size"
_UNITS = {
    "patients": "patients", "patient": "patients", "subjects": "patients", "participants": "patients",
    "individuals": "patients", "people": "patients", "pts": "patients", "persons": "patients", "cases": "patients",
    "men": "patients", "women": "patients", "volunteers": "patients", "diabetics": "patients",
    "limbs": "limbs", "legs": "limbs", "extremities": "limbs", "feet": "limbs",
    "ulcers": "ulcers", "wounds": "ulcers", "lesions": "ulcers",
}
_FILLER_STOP = {
    "of", "in", "with", "after", "before", "at", "to", "were", "was", "and", "or", "for", "from", "by",
    "the", "a", "an", "weeks", "months", "days", "years", "than", "per", "vs", "each", "who", "had",
}
_UNIT_WORDS = "|".join(_UNITS)
#: This module's regexes, as data in patterns/sample_size.json (compiled once, here).
_RX = load_patterns("sample_size", COUNT=COUNT, UNIT_WORDS=_UNIT_WORDS)


def _candidates(text: str, sections: list[dict]) -> list[dict]:
    out = []
    dates = date_spans(text)
    for m in _RX.COUNT_NOUN.finditer(text):
        if in_date(dates, m.start("n"), m.end("n")):
            continue
        fill = m.group("fill").lower().split()
        if any(w in _FILLER_STOP or (re.fullmatch(r"\d+", w) and (i == 0 or fill[i - 1] != "type"))
               for i, w in enumerate(fill)):
            continue
        before = text[max(0, m.start() - 30): m.start()]
        after = text[m.end(): m.end() + 12]
        # "14 of 18 limb ulcers", "7/18 ulcers" and "(25 patients; ...)" after a
        # group word are statistics or per-arm counts, not study totals.
        if static_rx(rf"{COUNT}\s+(?:of|out of)\s+(?:the\s+)?$|\d\s*/\s*$", re.I).search(before) or re.match(r"\s*\(\s*\d+(?:\.\d+)?\s*%", after):
            continue
        if re.match(r"\s+(?:each|per (?:group|arm)|in each)\b", text[m.end(): m.end() + 15]):
            continue
        # "in the 14 ALDHbr patients with ulcers": a subgroup, if a larger count of the same unit stands beside it
        subgroup = bool(_RX.SUBGROUP_BEFORE.search(before) and _RX.SUBGROUP_AFTER.match(text, m.end()))
        split = _RX.SPLIT_AFTER.match(text, m.end())
        if EVENT_IN.search(before) or _RX.EVENT_AFTER.match(text, m.end()):
            # "amputation was needed in 3 patients", "One patient died": events, not the study size.
            continue
        paren = text[max(0, m.start() - 40): m.start()].rstrip()
        in_arm = paren.endswith("(") and _RX.GROUPISH.search(paren[:-1].rstrip()) is not None
        n = parse_count(m.group("n"))
        if split and n:
            # "Twenty-one patients received ALDHbr cells and 11 received placebo": each count is one arm's size;
            # the study's is their sum.
            n += parse_count(split.group("n2")) or 0
        if n is None or n == 0 or n > 1_000_000:
            continue
        s_start = max(text.rfind(". ", 0, m.start()) + 2, 0)
        s_end = text.find(". ", m.end())
        sentence = text[s_start: s_end if s_end > 0 else len(text)]
        score = 0.9 if _RX.ENROL.search(sentence) else 0.6
        if section_at(sections, m.start()) in {"background", "objective", "conclusions"}:
            score -= 0.3
        if re.search(r"\bin vitro|\bmice|\brats?\b|\banimals?\b", sentence, re.I):
            score -= 0.5
        limbs = None
        pm = _RX.PAREN_LIMBS.match(text, m.end())
        if pm and _UNITS[m.group("unit").lower()] == "patients":
            limbs = (parse_count(pm.group("n")), pm.start("n"), pm.end())
        out.append({"unit": _UNITS[m.group("unit").lower()], "n": n, "start": m.start(),
                    "end": split.end("n2") if split else m.end(), "score": score, "in_arm": in_arm, "limbs": limbs,
                    "subgroup": subgroup})
    for m in _RX.N_EQUALS.finditer(text):
        out.append({"unit": "patients", "n": int(m.group("n")), "start": m.start(), "end": m.end(),
                    "score": 0.8, "in_arm": False, "limbs": None, "subgroup": False})
    # Alone, "Of the 60 patients with critical limb ischaemia, 45 completed" counts the study, not a subgroup.
    larger = [(c["unit"], c["n"]) for c in out if not c["subgroup"]]
    out = [c for c in out if not (c["subgroup"] and any(u == c["unit"] and n > c["n"] for u, n in larger))]
    for c in out:
        del c["subgroup"]
    return sorted(out, key=lambda c: c["start"])


class SampleSizeTagger(SafeComponent):
    """Sets ``doc._.sample_size``: {patients, limbs, ulcers} each {value, evidence} or None."""

    name = "stemfoot_sample_size"
    attr = "sample_size"
    empty = lambda: {"patients": None, "limbs": None, "ulcers": None}

    def run(self, doc: Doc, text: str, bounds: list[tuple[int, int]]) -> None:
        sections = doc._.sections or []
        result: dict[str, dict | None] = {"patients": None, "limbs": None, "ulcers": None}
        candidates = _candidates(text, sections)
        for unit in result:
            best = None
            for c in candidates:
                if c["in_arm"] or c["score"] < 0.5:
                    continue
                if unit == "limbs" and c["limbs"] and c["limbs"][0]:
                    cand = {"n": c["limbs"][0], "start": c["limbs"][1], "end": c["limbs"][2], "score": c["score"]}
                elif c["unit"] == unit:
                    cand = c
                else:
                    continue
                if best is None or cand["score"] > best["score"]:
                    best = cand
            if best is not None:
                result[unit] = {
                    "value": best["n"],
                    "evidence": evidence(text, bounds, best["start"], best["end"], COMPONENT, best["score"]),
                }
        doc._.sample_size = result


@Language.factory("stemfoot_sample_size")
def make_sample_size(nlp: Language, name: str) -> SampleSizeTagger:
    register_error_extension()
    Doc.set_extension("sample_size", default=None, force=True)
    return SampleSizeTagger()
