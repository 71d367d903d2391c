"""Factor sides: the two pooled sides of one factor of a factorial trial, placed on groupings (round 34).

"For the ADSC main effect, healing was 25/38 (65.8%) versus 15/38 (39.5%)", "healing occurred in 37 of 60 patients
given BM-MNC and 22 of 60 patients not given BM-MNC", "SVF increased healing from 37.5% (15/40) without SVF to 67.5%
(27/40) with SVF": the consistency reader already flags such values ``pooled_side`` (no one cell's) and leaves them
unplaced; the golds file each side on a pooled record whose members are the cells with (or without) the factor. A
factor is a word that the labels of exactly half of the arms share (``factor_sets``: "ADSC" of "ADSC+NPWT" and
"ADSC alone"; a word after "without" in a label is what the arm lacks); the cells' own word for it ("cell therapy")
stands for the one factor whose arms are all cell arms. In one comparison (``segments``) that names exactly one
factor and holds exactly two flagged values of one kind, the values take the with- and without-sides, by their
own words ("without SVF", "not given") or else in the order written (with first: every dev factorial's order).
A count whose total cannot be a pool of its side (no larger than one member's size, or above the members' summed
sizes) leaves both values where they were; one whose total fits loses the ``total_exceeds_arm_size`` flag (a pool's
total exceeds one arm's size by design), so the gate does not withhold one side of the pair for it. Each side's
grouping is the inventory's, else a new one (source "pooled_words", as ``pooled_sides`` makes) with ``members_n``,
the members' summed sizes (not ``n_patients``: the golds give pools no arm size). Written order is no answer when a
side's words name the factor without saying which side they are ("in the ADSC arms"): the pair stays unplaced.
"""
from __future__ import annotations

import re

from stemfoot.extract.arm_lists import coded_definitions, is_code
from stemfoot.extract.arm_roles import alone_is_control, initialism
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.extract.pooled_sides import inventory_grouping

_RX = load_patterns("factor_sides")
#: Flags of a value copied over arms (one statement said of each arm), which no factor pool takes copy by copy;
#: ``arm_by_event_words`` also marks the treated arms' zero copies (and one arm's placement by its event words,
#: which is kept as placed too).
_COPIED = frozenset({"every_arm", "arm_by_zero_group", "arm_by_event_words"})
#: Kinds a pooled side's value can take.
KINDS = frozenset({"events", "percent", "mean_sd", "mean", "median"})


def words_of(text: str) -> set[str]:
    """The lower-case words of ``text``, a hyphenated word both joined and split ("PB-MNC": pbmnc, pb, mnc)."""
    out: set[str] = set()
    for m in _RX.TOKEN.finditer(text):
        word = m.group(0).lower()
        out.add(word.replace("-", ""))
        if _RX.ACRONYM_PLURAL.search(m.group(0)):
            # "with PBMNCs than without": the plural of the acronym the labels name ("PBMNC + HBOT") (round 36).
            out.add(word[:-1].replace("-", ""))
        out.update(p for p in word.split("-") if p)
    return out


def label_words(label: str) -> set[str]:
    """The words of an arm label that name what the arm has: not stop words (``STOP``), not words after a negation
    ("BM-MNC without HBOT" has BM-MNC, not HBOT)."""
    out: set[str] = set()
    negated = False
    for m in _RX.TOKEN.finditer(label):
        word = m.group(0)
        if _RX.LABEL_NEGATION.match(word):
            negated = True
            continue
        if negated:
            continue
        out |= {w for w in words_of(word) if not _RX.STOP.match(w)}
    return out


def _kept_tokens(text: str, drop: re.Pattern[str]) -> str:
    """The tokens (``TOKEN``) of ``text`` that ``drop`` does not match, case kept: with ``STOP``, "SWC group" ->
    "SWC" (an abbreviation is spelt out by its case)."""
    return " ".join(m.group(0) for m in _RX.TOKEN.finditer(text) if not drop.match(m.group(0)))


def factor_level_comparators(text: str, arms: list[dict], factorial: bool) -> list[str]:
    """In place: in a factorial trial with two or more controls, a control whose label's words (``label_words``)
    are all among a cell arm's ("HBO group" beside "PBMNC+HBO group", "NPWT" beside "PBMNC+NPWT") is one factor's
    active level given alone, an active comparator, unless its words are no treatment (``alone_is_control``: "SWC"
    beside "PBMNC+SWC" spells standard wound care); the arm given neither factor stays the control. Needs a control
    left; a coded label ("Arm C") has no words here and is left as it is. Returns flags."""
    base = [a for a in arms if not a.get("members")]
    controls = [a for a in base if a.get("role") == "control"]
    if not factorial or len(controls) < 2:
        return []
    cells = [label_words(a.get("label") or "") for a in base if a.get("role") == "intervention"]
    levels = [a for a in controls if (own := label_words(a.get("label") or "")) and any(own < c for c in cells)
              and not alone_is_control(_kept_tokens(a.get("label") or "", _RX.STOP), text)]
    if not levels or len(levels) == len(controls):
        return []
    for a in levels:
        a["role"] = "active_comparator"
    return ["arm_role_factor_level"]


def factor_sets(labels: list[str]) -> dict[str, frozenset[str]]:
    """Word -> the labels that have it, for the words exactly half of an even number (>= 4) of arms share."""
    n = len(labels)
    if n < 4 or n % 2:
        return {}
    owners: dict[str, set[str]] = {}
    for label in labels:
        for w in label_words(label):
            owners.setdefault(w, set()).add(label)
    return {w: frozenset(ls) for w, ls in owners.items() if 2 * len(ls) == n}


def arm_names(text: str, arm: dict) -> str | None:
    """What an arm was given, in words: its description, else (a coded arm whose description is its code, "Arm
    A") the names the text defines its code by ("cells plus hyperbaric oxygen (Arm A)", "Arm I (BM-MNC plus
    HBOT)"); None when neither says more than the label."""
    label, description = arm["label"], arm.get("description")
    if description and description.strip().lower() != label.strip().lower():
        return description
    if is_code(label):
        names = coded_definitions(text, label)
        if not names:
            # "Arm I (BM-MNC plus hyperbaric oxygen therapy [HBOT])": a bracket longer than a name, read whole.
            code = r"\s+".join(map(re.escape, label.split()))
            names = [m.group("name") for m in re.finditer(code + _RX.CODE_BRACKET.pattern, text)]
        return " ; ".join(names) if names else None
    return None


def arm_factor_sets(arms: list[dict], text: str = "") -> dict[str, frozenset[str]]:
    """``factor_sets`` of the arms' labels; where the labels name no factor (codes: "GS", "GD", "SS", "SD"), the
    same read of what each arm was given (``arm_names``: "G-CSF plus ASC sheet"), each word still standing for its
    arm's label (round 41): a coded 2 × 2 trial's cells are named by what they were given only there."""
    labels = [a["label"] for a in arms]
    found = factor_sets(labels)
    names = [arm_names(text, a) for a in arms]
    if found or len(arms) < 4 or len(arms) % 2 or not all(names):
        return found
    owners: dict[str, set[str]] = {}
    for a, name in zip(arms, names):
        for w in label_words(name):
            owners.setdefault(w, set()).add(a["label"])
    return {w: frozenset(ls) for w, ls in owners.items() if 2 * len(ls) == len(arms)}


def cell_factor(factors: dict[str, frozenset[str]]) -> frozenset[str] | None:
    """The one factor whose words name cells ("ADSC", "BM-MNC", "cells": ``CELL_WORD``), as its arms; None for none
    or several (round 41: a factorial's cell procedure events are that factor's)."""
    found = {arms for w, arms in factors.items() if _RX.CELL_WORD.fullmatch(w)}
    return found.pop() if len(found) == 1 else None


def complements(a: frozenset[str], b: frozenset[str], labels: list[str]) -> bool:
    """Whether two factor sets are the two sides of one factor (disjoint, together every arm): "ADSC" and
    "vehicle" of "ADSC + ESWT", "ADSC + sham", "vehicle + ESWT", "vehicle + sham"."""
    return not (a & b) and (a | b) == set(labels)


def first_named(words: str, candidates: set[frozenset[str]], factors: dict[str, frozenset[str]]
                ) -> frozenset[str] | None:
    """Of the factor sets ``words`` name, the one named first ("for G-CSF versus saline they were a and b":
    G-CSF's); None when none is."""
    for m in _RX.TOKEN.finditer(words):
        if _RX.FUNCTION_WORD.match(m.group(0)):
            continue
        for w in words_of(m.group(0)):
            if w in factors and factors[w] in candidates:
                return factors[w]
    return None


def text_words(words: str) -> set[str]:
    """``words_of`` a comparison's text without function words written in lower case: "allocated to cells" does
    not name the factor "TO" (topical oxygen) of the labels "BM-MNC + TO" and "TO alone"."""
    return words_of(_kept_tokens(words, _RX.FUNCTION_WORD))


def named_factor(words: str, factors: dict[str, frozenset[str]], roles: dict[str, str | None],
                 spelled: dict[str, str] | None = None) -> frozenset[str] | None:
    """The one factor (its arms) that ``words`` name: by a factor word or the phrase an abbreviated one spells out
    in the text (``spelled``: "to" -> "topical oxygen"), else by the cells' word (``CELL_FACTOR``) for the one
    factor whose arms are all cell arms (role "intervention"). None for none or several."""
    bare_words = _RX.BRACKETED.sub(" ", words)
    if bare_words != words:
        # "Patients allocated to BM-MNC (either alone or with HBOT) ... than those not allocated to BM-MNC": the
        # bracket spells out a side's cells, naming the other factor too; the words outside it name the one compared.
        # Only a closed bracket is read apart: an unclosed "(" (a sentence cut inside its bracket) would recurse
        # forever (round-36 mend).
        bare = named_factor(bare_words, factors, roles, spelled)
        if bare is not None:
            return bare
    found = {factors[w] for w in text_words(words) if w in factors}
    low = " ".join(words.lower().split())
    found |= {factors[w] for w, phrase in (spelled or {}).items() if w in factors and phrase in low}
    if not found and _RX.CELL_FACTOR.search(words):
        found = {s for s in set(factors.values()) if all(roles.get(a) == "intervention" for a in s)}
    if len(found) == 2 and complements(*found, list(roles)):
        # "with ADSC versus with vehicle", "for G-CSF versus saline": both sides of the one factor are named; the
        # factor compared is the side named first, whose value comes first (round 41).
        return first_named(words, found, factors)
    return found.pop() if len(found) == 1 else None


def segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut at comparison breaks (``SEGMENT_BREAK``) outside brackets: "(60.0% with vs 45.0%
    without PRP; P = 0.18)" stays whole."""
    depth, cuts = 0, []
    brackets = {}
    for i in range(start, end):
        if text[i] in "([":
            depth += 1
        elif text[i] in ")]":
            depth = max(0, depth - 1)
        brackets[i] = depth
    for m in _RX.SEGMENT_BREAK.finditer(text, start, end):
        if brackets.get(m.start(), 0) == 0:
            cuts.append((m.start(), m.end()))
    out, lo = [], start
    for a, b in cuts:
        out.append((lo, a))
        lo = b
    out.append((lo, end))
    return out


def side_words(text: str, end: int, stop: int) -> str:
    """A value's own words after it: to the next value (``stop``), cut at the comparison (``SIDE_CUT``)."""
    words = text[end:stop]
    cut = _RX.SIDE_CUT.search(words)
    return words[:cut.start()] if cut else words


def sides(words: list[str], factor_words: frozenset[str] = frozenset(),
          other_words: frozenset[str] = frozenset()) -> tuple[bool, bool] | None:
    """Which of two values is the with-factor side (True) by their own words; written order (with first) when
    neither says, unless a side's words name the factor (``factor_words``) without saying which side it is (that
    side may be either: None); None when both say the same. A side naming only the factor's other side
    (``other_words``: "15/48 with vehicle" beside the factor "ADSC") lacks the factor, whatever its "with" (round
    41)."""
    said = []
    for w in words:
        named = words_of(w)
        other = bool(named & other_words) and not named & factor_words
        said.append(False if _RX.SIDE_WITHOUT.search(w) or other else True if _RX.SIDE_WITH.search(w) else None)
    a, b = said
    if a is None and b is None:
        if any(words_of(w) & factor_words for w in words):
            return None
        return True, False
    if a is None:
        return (not b), b
    if b is None:
        return a, (not a)
    return (a, b) if a != b else None


def total_fits(st: dict, members: list[str], sizes: dict[str, int | None]) -> bool:
    """Whether a count's total can be a pool of ``members``: above each member's size and at most their summed
    sizes (sizes unknown or no total: nothing to check)."""
    total = st.get("total") if st["kind"] == "events" else None
    ns = [sizes.get(m) for m in members]
    if not isinstance(total, int) or any(not isinstance(n, int) or n <= 0 for n in ns):
        return True
    return max(ns) < total <= sum(ns)


def pool_arm(arms: list[dict], members: list[str], evidence: dict) -> dict:
    """The grouping of exactly ``members``: the inventory's, else a new one appended to ``arms`` (role
    "intervention" when a member is a cell arm, else "control" when one is the control; ``members_n`` the
    members' summed sizes where all are known)."""
    found = inventory_grouping(arms, members)
    if found is not None:
        return found
    by_label = {a["label"]: a for a in arms if not a.get("members")}
    roles = [by_label[m].get("role") for m in members]
    role = ("intervention" if "intervention" in roles else "control" if "control" in roles
            else roles[0] if len(set(roles)) == 1 else None)
    cells = {by_label[m].get("cell_type") for m in members}
    sizes = [by_label[m].get("n_patients") for m in members]
    new = {"label": " + ".join(members) + " (pooled)", "role": role,
           "cell_type": cells.pop() if len(cells) == 1 else None, "n_patients": None, "n_limbs": None,
           "description": None, "routes": [], "n_evidence": None, "source": "pooled_words", "members": list(members),
           "members_n": sum(sizes) if all(isinstance(n, int) for n in sizes) else None,
           "evidence": dict(evidence, component="stemfoot_factor_sides")}
    arms.append(new)
    return new


def named_members(words: str, labels: list[str]) -> list[str] | None:
    """The two arms a side's own words name as its members ("(Arms I and II)", "(Arms A and C)", "groups 1 and
    3"), as inventory labels ("Arm I", "Arm II"); None unless exactly one such pair names two distinct labels
    (round 41: coded arms carry no factor word, so their sides are read by the codes the text gives)."""
    found = list(_RX.MEMBER_PAIR.finditer(words))
    if len(found) != 1:
        return None
    m = found[0]
    noun = m.group("noun").lower().rstrip("s")
    by_code: dict[str, str] = {}
    for label in labels:
        parts = label.split()
        if len(parts) == 2 and parts[0].lower() == noun:
            by_code[parts[1].upper()] = label
    out = [by_code.get(m.group(g).upper()) for g in ("a", "b")]
    return out if None not in out and out[0] != out[1] else None


def _member_sides(text: str, pair: list[dict], a: int, b: int, labels: list[str]) -> list[list[str]] | None:
    """The members each of two values' own words name (``named_members``), where both do and the two pairs
    split the arms between them."""
    if len(labels) != 4:
        return None
    (p0, p1), (q0, q1) = ((v["evidence"]["start"], v["evidence"]["end"]) for v in pair)
    got = [named_members(side_words(text, p1, q0), labels), named_members(side_words(text, q1, b), labels)]
    if None in got or set(got[0]) & set(got[1]):
        return None
    return got


def factor_side_stage(text: str, arms: list[dict], statistics: list[dict], factorial: bool) -> list[str]:
    """In place: in a factorial trial (``factorial``), each comparison of one factor's two pooled sides (values the
    consistency reader flagged ``pooled_side``, still unplaced) goes to the groupings of the arms with and without
    the factor (flag ``arm_by_factor_side``). Sides whose own words name their two member arms ("(Arms I and II)")
    take those; each kind of value (a count and its bracketed percentage) is paired apart (round 41). Returns the
    record's flags."""
    base = [a for a in arms if not a.get("members")]
    labels = [a["label"] for a in base]
    if not factorial:
        return []
    factors = arm_factor_sets(base, text)
    roles = {a["label"]: a.get("role") for a in base}
    sizes = {a["label"]: a.get("n_patients") for a in base}
    # An abbreviated factor the text never defines ("TO alone") is named by the words its initials spell.
    spelled = {w: phrase for w in factors
               if (phrase := initialism(text, next((t for label in labels for t in _RX.TOKEN.findall(label)
                                                    if t.lower() == w), "")))}
    flagged = sorted((st for st in statistics if st["kind"] in KINDS and st.get("target") == "unattributed"
                      and "pooled_side" in (st.get("flags") or []) and st.get("evidence")),
                     key=lambda st: st["evidence"]["start"])
    moved = False
    done: set[int] = set()
    for st in flagged:
        ev = st["evidence"]
        s0, s1 = ev.get("sentence_start", 0), ev.get("sentence_end", len(text))
        if s0 in done:
            continue
        done.add(s0)
        for a, b in segments(text, s0, s1):
            inside = [v for v in flagged if a <= v["evidence"]["start"] < b]
            for kind in sorted({v["kind"] for v in inside}):
                pair = [v for v in inside if v["kind"] == kind]
                if len(pair) != 2:
                    continue
                by_members = _member_sides(text, pair, a, b, labels)
                said = [None, None] if by_members else None
                groups = by_members
                if groups is None and (read := _factor_groups(text, pair, a, b, labels, factors, roles, spelled)):
                    groups, said = read
                if groups is None or not all(total_fits(v, g, sizes) for v, g in zip(pair, groups)):
                    continue
                for v, g, w in zip(pair, groups, said):
                    arm = pool_arm(arms, g, v["evidence"])
                    v.update(target="arm", arm=arm["label"], arm_role=arm.get("role"))
                    # The total fits the pool (``total_fits``): its excess over one arm's size is no reason to
                    # withhold it.
                    v["flags"] = [f for f in v["flags"] if f not in ("review_attribution", "total_exceeds_arm_size")
                                  ] + ["arm_by_factor_side"]
                    v.setdefault("detail", {})["factor_side"] = {"members": g, "with_factor": w}
                moved = True
    if factors:
        moved |= _factor_recipient_counts(text, arms, statistics, factors, roles, sizes, labels, spelled)
        moved |= _factor_recipient_zeros(text, arms, statistics, factors, roles, labels, spelled)
    return ["factor_side_values"] if moved else []


def zero_factor_words(text: str, start: int, end: int) -> str | None:
    """The words naming the factor whose recipients a zero at ``text[start:end]`` is said of: in its own words ("no
    patient given UCX-9 had an allergic reaction", ``ZERO_GIVEN``), else after it in its clause ("... occurred in
    patients receiving PBMNC", "... among MSC recipients", ``ZERO_AMONG``); None when neither names recipients."""
    m = _RX.ZERO_GIVEN.search(text, start, end)
    if m:
        return m.group("factor")
    m = _RX.ZERO_AMONG.match(text, end)
    return (m.group("factor") or m.group("recipients")) if m else None


def _factor_recipient_zeros(text: str, arms: list[dict], statistics: list[dict], factors: dict[str, frozenset[str]],
                            roles: dict[str, str | None], labels: list[str], spelled: dict[str, str] | None = None
                            ) -> bool:
    """In place: a worded zero said of one factor's recipients (``zero_factor_words``: "no patient given UCX-9 had
    an allergic reaction", "No serious events ... occurred in patients receiving PBMNC") goes to the grouping of
    that factor's arms, the pool the golds file it on (round 43): not the cohort (the other factor's arms were not
    given it), nor the one arm an event-word reader chose. Only a zero read once (a copy per arm stands for a
    statement said of each arm). Returns whether one moved."""
    moved = False
    spans: dict[tuple[int, int], int] = {}
    for st in statistics:
        ev = st.get("evidence") or {}
        if "end" in ev:
            spans[(ev["start"], ev["end"])] = spans.get((ev["start"], ev["end"]), 0) + 1
    for st in statistics:
        ev = st.get("evidence") or {}
        if (st.get("kind") != "events" or st.get("events") != 0 or "end" not in ev
                or st.get("target") not in {"unattributed", "arm", "cohort"} or spans[(ev["start"], ev["end"])] != 1
                or "every_arm" in (st.get("flags") or ())):
            continue
        words = zero_factor_words(text, ev["start"], ev["end"])
        factor = _factor_named(words, factors, roles, spelled) if words else None
        if factor is None:
            continue
        have = [x for x in labels if x in factor]
        arm = pool_arm(arms, have, ev)
        if st.get("target") == "arm" and st.get("arm") == arm["label"]:
            continue
        st.update(target="arm", arm=arm["label"], arm_role=arm.get("role"))
        st["flags"] = [f for f in st.get("flags") or [] if f != "review_attribution"] + ["arm_by_factor_zero"]
        st.setdefault("detail", {})["factor_side"] = {"members": have, "with_factor": True}
        moved = True
    return moved


def _factor_groups(text: str, pair: list[dict], a: int, b: int, labels: list[str],
                   factors: dict[str, frozenset[str]], roles: dict[str, str | None],
                   spelled: dict[str, str]) -> tuple[list[list[str]], tuple[bool, bool]] | None:
    """The arms with and without the one factor a segment ``text[a:b]`` names, in the order of its two values'
    sides (their own words, else written order), and which side has the factor; None when no one factor or no
    side is read."""
    if not factors:
        return None
    (p0, p1), (q0, q1) = ((v["evidence"]["start"], v["evidence"]["end"]) for v in pair)
    factor = named_factor(text[a:p0] + " " + text[p1:q0] + " " + text[q1:b], factors, roles, spelled)
    if factor is None:
        return None
    other = frozenset(w for w, s in factors.items() if complements(s, factor, labels))
    said = sides([side_words(text, p1, q0), side_words(text, q1, b)],
                 frozenset(w for w, s in factors.items() if s == factor), other)
    if said is None:
        return None
    have = [x for x in labels if x in factor]
    lack = [x for x in labels if x not in factor]
    return [have if w else lack for w in said], said


def _factor_recipient_counts(text: str, arms: list[dict], statistics: list[dict], factors: dict[str, frozenset[str]],
                             roles: dict[str, str | None], sizes: dict[str, int | None], labels: list[str],
                             spelled: dict[str, str] | None = None) -> bool:
    """In place: a count of people who had one factor ("barotrauma was reported in 2 patients receiving
    HBOT", "in 4 of the 48 patients receiving HBOT", "in 3 patients receiving hyperbaric oxygen",
    ``FACTOR_RECIPIENTS``) goes to the grouping of that factor's arms, where its total (if any) fits them (round
    36). Round 41: so does an unplaced count whose event the factor names ("NPWT-related maceration occurred in 4
    patients", ``FACTOR_TIED``), and a count an earlier stage put on one arm or the cohort: the recipients written
    right after the count say whose it is (the words "receiving HBOT" are not the one arm "HBOT alone"). Returns
    whether one moved."""
    moved = False
    grouped = {a["label"] for a in arms if a.get("members")}
    for st in statistics:
        ev = st.get("evidence") or {}
        target = st.get("target")
        if st.get("kind") != "events" or "end" not in ev or target not in {"unattributed", "arm", "cohort"}:
            continue
        if target != "unattributed" and _COPIED & set(st.get("flags") or ()):
            # One copy of a zero said of every arm or of the arms named: moving each copy would export the pool
            # once per arm (round-41 guard).
            continue
        m = _RX.FACTOR_RECIPIENTS.match(text, ev["end"])
        factor = _factor_named(m.group("factor"), factors, roles, spelled) if m else None
        if factor is not None:
            tail = _RX.CLAUSE_TAIL.match(text, m.end()).group(0)
            if any(w in factors and factors[w] != factor for w in text_words(tail)):
                # "2 patients receiving HBOT and PBMNC": the recipients of both factors (one cell), not the
                # factor's pool; which cell, the count alone does not say (null beats a guess; round-36 mend).
                continue
            if target != "unattributed" and _RX.ALL_IN_ONE.match(text, m.end()):
                # "3 patients receiving HBOT, all in the HBOT alone group": the words after the recipients put
                # them all in the arm an earlier stage chose; no pool (mend41).
                continue
            flag = "arm_by_factor_recipients"
        elif target == "unattributed":
            factor, flag = _tied_factor(text, ev, factors, roles, spelled), "arm_by_factor_tie"
            if factor is None:
                continue
        else:
            continue
        have = [x for x in labels if x in factor]
        if not total_fits(st, have, sizes):
            continue
        arm = pool_arm(arms, have, ev)
        if target == "arm" and st.get("arm") == arm["label"]:
            continue
        if target == "arm" and st.get("arm") not in labels and st.get("arm") not in grouped:
            continue
        st.update(target="arm", arm=arm["label"], arm_role=arm.get("role"))
        st["flags"] = [f for f in st.get("flags") or [] if f != "review_attribution"] + [flag]
        st.setdefault("detail", {})["factor_side"] = {"members": have, "with_factor": True}
        moved = True
    return moved


def _factor_named(words: str, factors: dict[str, frozenset[str]], roles: dict[str, str | None],
                  spelled: dict[str, str] | None = None) -> frozenset[str] | None:
    """``named_factor`` of ``words``, else of the abbreviations a treatment's full name stands for
    (``TREATMENT_NAMES``: "hyperbaric oxygen" for the labels' "HBO" or "HBOT", whose initials do not spell it)."""
    found = named_factor(words, factors, roles, spelled)
    if found is None:
        named = {f for abbreviations, rx in _RX.TREATMENT_NAMES if rx.search(words)
                 if (f := named_factor(abbreviations, factors, roles, spelled))}
        found = named.pop() if len(named) == 1 else None
    return found


def _tied_factor(text: str, ev: dict, factors: dict[str, frozenset[str]], roles: dict[str, str | None],
                 spelled: dict[str, str] | None = None) -> frozenset[str] | None:
    """The one factor a count's event words tie it to: "NPWT-related skin maceration occurred in 4 patients",
    "petechiae after ESWT occurred in 5 patients" (``FACTOR_TIED``), or an event only one treatment causes
    ("middle-ear barotrauma": hyperbaric oxygen, ``TREATMENT_EVENTS``). Its words are its clause before the count
    (from the sentence start or the last ";" or ", and"), and after an earlier count only those after the "and"
    that follows it ("paraesthesia occurred in 6 patients and middle-ear barotrauma in 4 patients"). None for
    no factor or several."""
    if _RX.NEXT_COUNT.match(text, ev["end"]) or _RX.PEOPLE_AFTER.match(text, ev["end"]):
        # "Gel-related maceration occurred in 4, 3 and 2 patients": one count of a list, one per arm; "barotrauma
        # occurred in 2 patients receiving HBOT alone" / "in 2 patients in Arm C": the words after the count say
        # whose it is.
        return None
    s0 = ev.get("sentence_start", 0)
    head = text[s0:ev["start"]]
    cut = max(head.rfind(";"), head.rfind(", and"))
    head = head[cut + 1:] if cut >= 0 else head
    digits = list(_RX.DIGIT.finditer(head))
    if digits:
        joined = _RX.AND_NEXT.search(head, digits[-1].end())
        if joined is None:
            return None
        head = head[joined.end():]
    # Only the event's own clause ties it: not a factor's event named in a contrasting clause before it ("No
    # barotrauma was seen, but infection occurred in 3 patients"; mend41).
    cuts = list(_RX.EVENT_CUT.finditer(head))
    head = head[cuts[-1].end():] if cuts else head
    found = {f for m in _RX.FACTOR_TIED.finditer(head)
             if (f := named_factor(m.group("factor") or m.group("after"), factors, roles, spelled))}
    for treatment, event in _RX.TREATMENT_EVENTS:
        if event.search(head) and (f := named_factor(treatment, factors, roles, spelled)):
            found.add(f)
    return found.pop() if len(found) == 1 else None
