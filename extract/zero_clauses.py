"""Worded zero events read at the clause: the negated statements the first zero form
(``event_counts.zero_events``) misses (issue 11, round 20).

One reader, several shapes of the same statement (negator + event phrase), each a pattern in
``patterns/zero_clauses.json``:

* a coordinated phrase after "no": "No infusion reactions, ectopic tissue formation or tumours were detected"
  (one zero of the whole phrase, as the golds list it; one per member where the members are distinct outcomes
  of the vocabulary: "no deaths or amputations occurred"), a tie ("no serious adverse event was attributed to
  transplantation"), or a whole clause with no verb ("No cell-related SAEs.");
* a negated verb: "Anti-HLA antibodies were not detected in any patient";
* nobody did it: "No patient died", "no leg required major amputation", "Neither group had ...", "No patient
  died or underwent major amputation" (one zero per outcome);
* one arm's zero, the arm named inside the negated phrase: "none in the UC-MSC group", "in none of the CD34+
  patients", "no BM-MNC limb required major amputation", "none did so in the ADSC sheet group" (form ``zero``,
  ``arm_inside``: placed on the arm its own words name, ``stages.event_placement``; the event noun is its clause's,
  or for "did so" the event done right before it).

Pure functions on one sentence's text, offsets inside it; the grammar claims what no earlier reader read.
"""
from __future__ import annotations

import re

from stemfoot.extract.event_counts import EVERY_GROUP, EXCEPT_NEXT, EXCEPTED, HEAD, ZERO_VERB, EventCount, is_event_head
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.extract.vocabulary import outcomes as outcomes_vocabulary

_RX = load_patterns("zero_clauses", ZERO_VERB=ZERO_VERB)
#: A second verb after "died" ("No patient died or underwent ..."): the number grammar reads it too.
OR_VERB: str = _RX.OR_VERB
_HEAD_RX = re.compile(HEAD, re.I)
#: A member boundary inside a coordinated phrase.
_MEMBER_SPLIT = re.compile(r"\s*,\s*(?:(?:or|and|nor)\s+)?|\s+(?:or|and|nor)\s+", re.I)
#: What the verb "died" / "was amputated" says happened, as an outcome's words.
_VERB_EVENT = {"died": "death", "amputated": "amputation"}


def names_event(phrase: str) -> bool:
    """Whether a negated phrase names an event: a word that is an event noun, or an event phrase of
    ``EXTRA_HEAD`` ("thromboembolic events", "tumour formation"); never a comparison (``NOT_ZERO_WORD``)."""
    if _RX.NOT_ZERO_WORD.search(phrase):
        return False
    words = re.findall(r"[A-Za-z][\w\-]*", phrase)
    if any(is_event_head(w) for w in words):
        return True
    return any(_RX.EXTRA_HEAD.search(m) for m in _members(phrase))


def _members(phrase: str) -> list[str]:
    """The members of a coordinated phrase ("infusion reactions, ectopic tissue formation or tumours" -> three),
    split at commas and "or / and / nor"; a phrase of one member is itself."""
    return [m for m in _MEMBER_SPLIT.split(phrase) if m]


def _member_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The members of the coordinated phrase ``text[start:end]`` as spans of ``text`` (as ``_members`` splits it),
    so that each member's zero can be placed on its own words; empty members are dropped."""
    spans, pos = [], start
    for sep in _MEMBER_SPLIT.finditer(text, start, end):
        spans.append((pos, sep.start()))
        pos = sep.end()
    spans.append((pos, end))
    return [(a, b) for a, b in spans if b > a]


def _phrase_zeros(text: str, start: int, np: tuple[int, int], tie: str, every: bool) -> list[EventCount]:
    """The zero(s) of a negated phrase: one of the whole phrase, or one per member when two or more members are
    distinct outcomes of the vocabulary; a phrase whose members are of several outcomes, or of some and none, is
    of no one outcome (``mixed_label``). ``start``: where the statement opens; ``tie``: its "related to ..."."""
    vocab = outcomes_vocabulary()
    members = _member_spans(text, *np)
    spans = [_own_negator(text, a, b) for a, b in members]
    ids = [vocab.lookup(text[a:b]) for a, b in spans]
    known = [t.id for t in ids if t]
    # "No major amputations and no serious adverse events related to the injections": a member negated on its
    # own closes what came before, so the tie is the last member's only (round 48). Its own "no" makes it its own
    # statement, so it is split even where another member is of no outcome ("No infections, no amputations and no
    # deaths": the amputation and death zeros stand; mendlead48a) -- but only where every member after the first has
    # its own "no": "complete protection, no vomiting, no nausea, score of FLIE" is a list of end points, not zeros.
    own_no = spans != members
    each_own_no = all(s != m for s, m in zip(spans[1:], members[1:]))
    if len(spans) > 1 and (all(ids) or each_own_no) and len(set(known)) == len(known):
        out, pos = [], start
        for i, (a, b) in enumerate(spans):
            ties = tie if not own_no or i == len(spans) - 1 else ""
            out.append(EventCount(pos, b, 0, every_arm=every, head=(a, b), form="zero", label=text[a:b] + ties))
            pos = b
        return out
    mixed = len(spans) > 1 and len({t.id if t else None for t in ids}) > 1
    return [EventCount(start, np[1], 0, every_arm=every, head=np, form="zero", label=text[np[0]:np[1]] + tie,
                       mixed_label=mixed)]


def _own_negator(text: str, start: int, end: int) -> tuple[int, int]:
    """A member's span without the "no" that opens it ("and no serious adverse events" -> "serious adverse
    events")."""
    no = _RX.MEMBER_NO.match(text, start, end)
    return (no.end(), end) if no else (start, end)


def _tie(m: re.Match, group: str = "tie") -> str:
    """The words a statement ties its events to ("related to the cell product"), without a copula."""
    tie = m.group(group) or ""
    return " " + re.sub(r"^\s*(?:(?:was|were)\s+)?(?:(?:judged|considered|deemed|thought)\s+(?:to\s+be\s+)?)?", "",
                        tie).strip() if tie.strip() else ""


def _every(text: str, end: int) -> bool | None:
    """True where the zero holds in every arm ("in either group"), None where it holds in some arms only
    ("in any of the three transplantation groups": not read, nor one with an exception, ``EXCEPTED``), else False."""
    if EXCEPTED.match(text, end):
        return None
    if EVERY_GROUP.match(text, end):
        return True
    return None if _RX.PART_OF_SAMPLE.match(text, end) else False


def negated_phrases(text: str) -> list[EventCount]:
    """'No A, B or C were detected', 'no X was attributed to Y', 'No cell-related SAEs.', 'X were not detected in
    any patient'."""
    out: list[EventCount] = []
    for m in _RX.NEGATED.finditer(text):
        if not m.group("end") and not _RX.CLAUSE_START.search(text, 0, m.start()):
            continue  # a phrase with no verb is a statement only as a whole clause
        if not names_event(m.group("np")):
            continue
        every = _every(text, m.end())
        if every is not None:
            out.extend(_phrase_zeros(text, m.start(), m.span("np"), _tie(m), every))
    for m in _RX.NOT_DETECTED.finditer(text) if _RX.NOT_DETECTED_VERB.search(text) else ():
        if not _RX.CLAUSE_START.search(text, 0, m.start()):
            continue
        every = _every(text, m.end())
        if not (names_event(m.group("np")) or (every and _no_measure(m.group("np")))):
            # "Compartment syndrome was not observed in any of the three arms": a phrase counted in every arm is
            # an event whatever its noun; without those words it must name one.
            continue
        if every is not None:
            out.extend(_phrase_zeros(text, m.start(), m.span("np"), _tie(m), every))
    return out


def no_one_did(text: str) -> list[EventCount]:
    """'No patient died', 'no leg required major amputation', 'Neither group had cell-related SAEs'."""
    out: list[EventCount] = []
    for m in _RX.NO_ONE_DID.finditer(text):
        if EXCEPTED.match(text, m.end()) or (
                (m.group("where") or m.group("neither") or m.group("given")) and EXCEPT_NEXT.match(text, m.end())):
            continue  # "No patient in either group died, except one control patient": no arm's zero for sure
        every = bool(m.group("where") or m.group("neither"))
        if m.group("np_or") and not every and EVERY_GROUP.match(text, m.end()):
            every = True  # "No patient died or underwent major amputation in either group": both zeros, every arm
        for verb in ("died", "amputated"):
            if m.group(verb):
                out.append(EventCount(m.start(), m.end(verb), 0, every_arm=every, head=m.span(verb), form="zero",
                                      label=_VERB_EVENT[verb]))
        if m.group("np_or") and names_event(m.group("np_or")):
            # "No patient died or underwent major amputation": a second outcome, its own zero (gold convention 35).
            # Its tie is its own ("or had a serious adverse event related to the cells": cell-related, not all SAEs).
            out.extend(_phrase_zeros(text, m.start("np_or"), m.span("np_or"), _tie(m, "tie_or"), every))
        if m.group("np") and (names_event(m.group("np")) or _any_event(m.group("verb"), m.group("np"))):
            if not every and EVERY_GROUP.match(text, m.end()):
                every = True
            out.extend(_phrase_zeros(text, m.start(), m.span("np"), "", every))
    return out


def _any_event(verb: str, phrase: str) -> bool:
    """Whether the object of "No patient developed / experienced / suffered" is an event whatever its noun
    ("compartment syndrome", which no event-noun list need hold); never a comparison (``NOT_ZERO_WORD``)."""
    return _RX.EVENT_VERB.search(verb) is not None and _no_measure(phrase)


def _no_measure(phrase: str) -> bool:
    """Whether a phrase no event-noun list holds can still be an event: never a comparison (``NOT_ZERO_WORD``),
    nor a measure of the outcome vocabulary ("Neovascularization was not observed in either group" is no zero of
    the angiographic score: a count of events of a measure would sit beside its means)."""
    if _RX.NOT_ZERO_WORD.search(phrase):
        return False
    term = outcomes_vocabulary().lookup(phrase)
    return term is None or term.countable


def arm_zeros(text: str) -> list[EventCount]:
    """One arm's zero named inside it: 'none in the UC-MSC group', 'in none of the CD34+ patients', 'no BM-MNC
    limb required major amputation'. The event is its clause's event noun (the last before it, else the first
    after it); none in the clause, no zero, unless the zero closes a list of the arms' values
    (``LIST_BEFORE_ZERO``: "71% of G2 patients and none of the G3 patients"), whose outcome it shares."""
    out: list[EventCount] = []
    if not re.search(r"\bno(?:ne)?\b", text, re.I):
        return out
    for m in _RX.ARM_ZERO.finditer(text):
        if m.group("died"):
            out.append(EventCount(m.start(), m.end(), 0, head=m.span("died"), form="zero", label="death",
                                  arm_inside=True))
            continue
        counted_before = _RX.COUNT_BEFORE_ZERO.search(text[:m.start()]) is not None
        if m.group("arm_no") and not counted_before:
            continue  # "in no vehicle recipient" names an arm only as the other side of a count just written
        obj = _RX.OBJECT_AFTER.match(text, m.end())
        head = _clause_head(text, m.start(), m.end(), elliptical=bool(m.group("so")), object_after=obj is not None)
        if head is None and obj is not None:
            # "no REX-201 recipient developed donor-specific anti-HLA antibodies": the verb's object names an event
            # of ``EXTRA_HEAD``, which no event head is (round 40, zero40).
            end = re.search(r"\s*(?:[,;:.()]|\b(?:and|but|whereas|while|during|at|in|after|before|within|by)\b|$)",
                            text[obj.end():]).start() + obj.end()
            if end > obj.end() and names_event(text[obj.end():end]):
                if EXCEPT_NEXT.match(text, end):
                    continue  # "No KTX-7 recipient developed X, except one": not that arm's zero (mendzero40)
                head = (obj.end(), end)
        if head is not None and m.group("so") and not _done_before(text, head, m.start()):
            continue  # "did so" stands for another verb than the event noun's
        if head is not None:
            out.append(EventCount(m.start(), m.end(), 0, head=head, form="zero", arm_inside=True))
        elif counted_before and _listed_event(text, m.start()) is not None:
            # "... were detected in 3 CLX-5 recipients and none of the placebo patients": of the counted event.
            out.append(EventCount(m.start(), m.end(), 0, form="zero", arm_inside=True,
                                  head=_listed_event(text, m.start())))
        elif _RX.LIST_BEFORE_ZERO.search(text[:m.start()]):
            # "Ulcers had healed in 93% of G1 patients, 71% of G2 patients and none of the G3 patients": the zero
            # closes a list of the arms' values, so it counts what the list counts (the outcome stage reads it).
            out.append(EventCount(m.start(), m.end(), 0, form="zero", arm_inside=True))
    return out


def _listed_event(text: str, start: int) -> tuple[int, int] | None:
    """The event noun of the clause an arm's count closes before ``start`` (an event head, or a noun of
    ``EXTRA_HEAD``: "antibodies"), its last; None where no event noun names what is counted ("Scores of 2 or more
    were seen in 9 BMMNC patients and no NS patient")."""
    c0 = max((b for a, b in (m.span() for m in _RX.CLAUSE_STOP.finditer(text)) if b <= start), default=0)
    words = [w for w in re.finditer(r"[A-Za-z][\w\-]*", text[c0:start])
             if is_event_head(w.group()) or _RX.EXTRA_HEAD.search(w.group())]
    return (c0 + words[-1].start(), c0 + words[-1].end()) if words else None


def _done_before(text: str, head: tuple[int, int], start: int) -> bool:
    """Whether "none did so" at ``start`` stands for the event noun at ``head``: the noun is the thing done (not
    the reason or time of another verb, ``SO_NOT_OBJECT``) and ends the clause right before the zero (``SO_GAP``)."""
    return (_RX.SO_GAP.match(text[head[1]:start]) is not None
            and _RX.SO_NOT_OBJECT.search(text[:head[0]]) is None)


def _clause_head(text: str, start: int, end: int, elliptical: bool = False,
                 object_after: bool = False) -> tuple[int, int] | None:
    """The event noun a zero of one arm is of: the last in its clause before it (a colon does not end the clause:
    "Major amputation: none in the A arm"), else the first after it, else, where the zero's verb stands for an
    earlier one (``elliptical``: "none did so in the B group"; or a verb closing the clause), the sentence's last
    before it. Where the zero is the subject of a verb of its own (``object_after``: "no Group B patient had
    complications of ..."), only the object after it: an event earlier in the sentence is another clause's."""
    # Clauses end at ";" and at a full stop, never at a decimal point ("(20.0%)") or an abbreviation's ("vs."):
    # cut there, the zero of "Wound infection in 2 (20.0%) vs. none in the UC-MSC group" had no event noun.
    stops = [m.span() for m in _RX.CLAUSE_STOP.finditer(text)]
    c0 = max((b for a, b in stops if b <= start), default=0)
    before = [h for h in _HEAD_RX.finditer(text, c0, start) if is_event_head(h.group("head"))]
    if before and not object_after:
        return before[-1].span("head")
    c1 = min((a for a, b in stops if a >= end), default=len(text))
    after = next((h for h in _HEAD_RX.finditer(text, end, c1) if is_event_head(h.group("head"))), None)
    if after:
        return after.span("head")
    # An elliptical clause ("...; none of the BMMSC-treated limbs did") speaks of the sentence's last event.
    earlier = [h for h in _HEAD_RX.finditer(text, 0, start) if is_event_head(h.group("head"))]
    return earlier[-1].span("head") if earlier and (elliptical or _RX.ELLIPTICAL.match(text, end)) else None


#: The readers, in the order the grammar claims them (after ``event_counts.READERS``).
def spared_arms(text: str) -> list[EventCount]:
    """A zero for each arm a sentence says the event spared: "Major amputation was avoided in all patients of G1 and
    G2" (G1 and G2 each 0), "Amputation was avoided in all BM-MNC patients", "was needed in no patient in Arms I and
    II". Each zero spans its arm's own words (placed on the arm named there, as ``arm_zeros``'); the event is its
    clause's event noun before it; none, no zero."""
    out: list[EventCount] = []
    for m in _RX.SPARED.finditer(text):
        groups = ("a1", "a2") if m.group("a1") else ("b1", "b2")
        head = _clause_head(text, m.start(), m.end(), object_after=False)
        if head is None or head[0] > m.start():
            continue  # the event must be the spared statement's subject, before it
        out.extend(EventCount(m.start(g), m.end(g), 0, head=head, form="zero", arm_inside=True)
                   for g in groups if m.group(g))
    return out


def pair_zeros(text: str) -> list[tuple[tuple[int, int], list[EventCount]]]:
    """Zeros that name two arms, each arm its own zero (gold_conventions 24; round 43), with the span of the whole
    statement: "No major amputation was required in G1 or G2", "... but in no patient of the low-dose or high-dose
    group", "in neither the BM-MNC nor the PBMNC group" (``SPARED_PAIR``), "No patient in the BMMSC or BMMNC group
    required amputation" (an ``ARM_ZERO`` whose arm phrase is a pair, ``PAIR_INSIDE``). The grammar claims these
    first, so no reader takes the statement for one zero of the whole sample or of one arm. The event is the
    statement's own negated phrase or its clause's event noun before it (for a pair inside a one-arm zero, as
    ``arm_zeros`` finds it); none, no zero."""
    if not re.search(r"\b(?:no|neither)\b", text, re.I):
        return []
    out: list[tuple[tuple[int, int], list[EventCount]]] = []
    for m in _RX.SPARED_PAIR.finditer(text):
        head = _clause_head(text, m.start("p1"), m.end("p1"), object_after=False)
        if head is not None and head[0] < m.start("p1"):
            out.append((m.span(), [EventCount(m.start(g), m.end(g), 0, head=head, form="zero", arm_inside=True)
                                   for g in ("p1", "p2")]))
    for m in _RX.ARM_ZERO.finditer(text):
        group = "arm_in" if m.group("arm_in") else "arm" if m.group("arm") else None
        pair = _RX.PAIR_INSIDE.fullmatch(text, *m.span(group)) if group else None
        if pair is None:
            continue
        head = _clause_head(text, m.start(), m.end(), object_after=_RX.OBJECT_AFTER.match(text, m.end()) is not None)
        if head is not None:
            out.append((m.span(), [EventCount(*pair.span(g), 0, head=head, form="zero", arm_inside=True)
                                   for g in ("p1", "p2")]))
    return out


READERS = (no_one_did, arm_zeros, negated_phrases)


def clause_zeros(text: str) -> list[EventCount]:
    """Every zero of a sentence these readers find, by reader then position (overlaps left to the caller)."""
    spared = sorted(spared_arms(text), key=lambda c: c.start) if _RX.SPARED_CUE.search(text) else []
    if not re.search(r"\b(?:no|none|neither|not)\b", text, re.I):
        return spared
    return [c for reader in READERS for c in sorted(reader(text), key=lambda c: c.start)] + spared
