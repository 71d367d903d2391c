"""Query arm -> article arm: codes the article coins for its arms and defines in words (issue 10).

A query names its arms in words ("Multivitamins and minerals - 1 sachet daily", "ketamine infusion of 2 µg/kg/min
following bolus 0.5 mg/kg") while the article's results and tables use codes it defines once in Methods ("... daily
for the other (the DS group)", "K2 group: ketamine infusion of 2 µg/kg/min ...", "(G4) without any pre-treatment").
:func:`code_definitions` gathers each code with the words that define it; :func:`linked_codes` gives each query arm
the one code whose definitions name it (its own words and doses, not the other arm's). The caller appends the code to
the query arm (``outcome_query.with_aliases``), so table columns, prose sentences and size sentences match by it.
``group A`` / ``Group II`` codes are ``outcome_query.code_arms``'s; one letter is no code here ("(F)" is as often a
figure panel). Anything unclear gives no code: null beats a guess. Plain Python, no spaCy.
"""
from __future__ import annotations

import re
from functools import lru_cache

from stemfoot.extract.numbers import WORD_VALUES
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.schemas import control_words

_RX = load_patterns("arm_link", CONTROL_WORDS=control_words("query_arm"))

#: Number words as digits, so that "eight-pulse" and "8 pulses" are one dose, "twice weekly" and "2 ... a week".
_NUMBER_WORDS = {w: str(v) for w, v in WORD_VALUES.items() if v <= 12} | {"once": "1", "twice": "2", "thrice": "3"}
_MAX_AFTER = 15  # words of a definition that follows its code
_MAX_BEFORE = 8  # words of a definition that precedes its bracketed code
_MARGIN = 1.5  # the code an arm takes fits it this much better than the next


def _digits(text: str) -> str:
    text = _RX.PERIOD_WORDS.sub(lambda m: "day" if m.group(1).lower() == "dai" else m.group(1), text)
    # "for one group", "one of the arms": a count of groups, not a dose (dropped)
    text = re.sub(r"(?i)\b(?:" + "|".join(_NUMBER_WORDS) + r")\s+(?=(?:groups?|arms?|of)\b)", "", text)
    return re.sub(r"(?i)\b(" + "|".join(_NUMBER_WORDS) + r")\b", lambda m: _NUMBER_WORDS[m.group(1).lower()], text)


def doses(text: str) -> dict[str, set[float]]:
    """The numbers a text gives per unit ("2 µg/kg/min" -> {"µg/kg/min": {2.0}}), number words as digits; a unit's
    plural and its "μ"/"mc"/"u" spellings are one unit."""
    out: dict[str, set[float]] = {}
    for m in _RX.DOSE.finditer(_digits(text or "")):
        word = m.group(2).lower()
        word = word.rstrip("s") if len(word) > 2 else word  # "pulses" is "pulse"; "ms" stays
        unit = re.sub(r"^(?:μg|mcg|ug)", "µg", word + (m.group(3) or "").lower())
        out.setdefault(unit, set()).add(float(m.group(1)))
    return out


def dose_fit(query_arm: str, other_arm: str, context: str) -> int:
    """-1 when the context gives another number for a unit the query arm doses ("1 µg/kg/min" for "2 µg/kg/min":
    another arm); else +1 when it gives a dose of the query arm the other arm lacks; else 0."""
    q, c, o = doses(query_arm), doses(context), doses(other_arm)
    shared = q.keys() & c.keys()
    if any(not q[u] & c[u] for u in shared):
        return -1
    return 1 if any(q[u] & c[u] - o.get(u, set()) for u in shared) else 0


def _closed(text: str) -> str:
    """``text`` up to a closing bracket it did not open: "(ID: 1.2 mg ...) or High dose" ends the definition."""
    depth = 0
    for k, ch in enumerate(text):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(ch, 0)
        if depth < 0:
            return text[:k]
    return text


def _definitions(sentence: str) -> list[tuple[str, str]]:
    """(code, defining words) of one sentence: a bracketed code defined by the words before it ("daily for the
    other (the DS group)"), or after it when nothing stands before it in its clause ("(G1) 0.1 M EDTA, (G2) ...");
    a code followed by a colon or a verb of giving ("K1 group: ketamine ...") by the words after it."""
    marks: list[tuple[int, int, str, str]] = []  # (start, end, code, how it is marked: "paren" / "after")
    for m in _RX.PAREN_CODE.finditer(sentence):
        marks.append((m.start(), m.end(), m.group(1), "paren"))
    for m in _RX.CODE.finditer(sentence):
        if any(s <= m.start() < e for s, e, _, _ in marks):
            continue
        after = _RX.DEFINED_AFTER.match(sentence[m.end():])
        if after:
            marks.append((m.start(), m.end() + after.end(), m.group(1), "after"))
    marks.sort()
    out = []
    previous = "after"  # a list of codes each opening its definition ("(G1) ..., (G2) ...") keeps that direction
    for j, (start, end, code, kind) in enumerate(marks):
        stop = marks[j + 1][0] if j + 1 < len(marks) else len(sentence)
        following = " ".join(_closed(_RX.NEXT_DEFINITION.split(sentence[end:stop])[0]).split()[:_MAX_AFTER])
        before = sentence[marks[j - 1][1] if j else 0:start]
        breaks = list(_RX.CLAUSE_BREAK.finditer(before))
        clause = before[breaks[-1].end():] if breaks else before
        if kind == "paren" and re.search(r"[A-Za-z]{3,}", clause) and not (j and previous == "after"):
            words, previous = " ".join(clause.split()[-_MAX_BEFORE:]), "before"
        else:
            words, previous = following, "after"
        if words:
            out.append((code, words))
    return out


@lru_cache(maxsize=16)
def code_definitions(text: str) -> dict[str, tuple[str, ...]]:
    """Every code the text defines, with the words of each definition (first sentences of at most 800 characters;
    longer ones are tables flattened into prose)."""
    out: dict[str, list[str]] = {}
    for sentence in _RX.SENTENCE.split(text or ""):
        if len(sentence) > 800:
            continue
        for code, words in _definitions(sentence):
            if not _RX.RESULT.search(words):
                out.setdefault(code, []).append(words)
    for sentence in _RX.SENTENCE.split(text or ""):
        # "G1 was the guided iCBT programme and G2 the psychoeducation programme": a pair defined in one breath is
        # each code's definition, before any colon the text puts after a code ("guidance in G1: three psychologists").
        for m in _RX.PAIRED_DEFINITION.finditer(sentence):
            if m.group("a") != m.group("b") and not _RX.RESULT.search(m.group(0)):
                out[m.group("a")], out[m.group("b")] = [m.group("x").strip()], [m.group("y").strip()]
    return {k: tuple(v) for k, v in out.items()}


def _spells_in(code: str, contexts: tuple[str, ...], query_arm: str) -> bool:
    """Whether the query arm has every word of a long form that spells the code ("High dose" of HD)."""
    from stemfoot.extract.outcome_query import long_form

    arm = _words(query_arm)
    return any((long := long_form(code, c)) and _words(long) <= arm for c in contexts)


def spelled(code: str, contexts: tuple[str, ...]) -> bool:
    """Whether some definition spells the code ("Weight Watchers (WW)"): an abbreviation, which
    ``outcome_query.article_arm_aliases`` links only when its long form covers a query arm."""
    from stemfoot.extract.outcome_query import long_form

    return any(long_form(code, c) for c in contexts)


def _words(text: str) -> set[str]:
    from stemfoot.extract.outcome_query import tokens  # the matcher's own stemming

    return set(tokens(re.sub(r"[-/+]", " ", _digits(_RX.DURATION.sub(" ", text)))))


def _own(name: str, other: str) -> set[str]:
    """A query arm's words the other arm's name lacks (``outcome_query.own_words`` on digit-written numbers)."""
    from stemfoot.extract.outcome_query import own_words

    return own_words(_digits(_RX.DURATION.sub(" ", name)), _digits(_RX.DURATION.sub(" ", other)))


def fit(context: str, arm: str, other: str, elsewhere: frozenset[str] = frozenset()) -> float:
    """0..1: how a definition names one query arm and not the other: the share of their words in common (Jaccard,
    numbers written as digits), when it has a word or dose of this arm's own that no other code's definition has
    (``elsewhere``: "protein" of "soy protein" and "whey protein"), or a control's words for a control arm; 0 when it
    has none, another dose of it, a word of the other arm's own, or a code the arm does not name ("EDTA followed by
    ethanol" for "Ethanol": a third arm)."""
    if dose_fit(arm, other, context) < 0 or _words(context) & _own(other, arm):
        return 0.0
    if any(c.lower() not in _words(arm) for c in _RX.CODE.findall(context)):
        return 0.0  # another code's agent ("0.1 M EDTA that followed by 99.6% Ethanol" for "Ethanol")
    words, mine = _words(context), _words(arm)
    control = bool(_RX.CONTROL.search(arm)) and not _RX.CONTROL.search(other) and bool(_RX.CONTROL.search(context))
    if not (words & _own(arm, other) - elsewhere or dose_fit(arm, other, context) > 0 or control):
        return 0.0
    return max(len(words & mine) / len(words | mine), 0.1 if control else 0.0)


def arm_codes_used(text: str) -> set[str]:
    """Codes the text uses as arm names: "the DS group", "K2 arm", "group K2"."""
    return {m.group(1) or m.group(2) for m in _RX.CODE_AS_ARM.finditer(text or "")}


@lru_cache(maxsize=256)  # an article's queries repeat their arms
def linked_codes(text: str, q_int: str, q_cmp: str, labels: tuple[str, ...] = ()) -> tuple[str | None, str | None]:
    """The code the text defines for each query arm, or None.

    Only codes the article uses as arm names (``arm_codes_used``, or in an arm label of its tables and values,
    ``labels``) and does not spell out (``spelled``) count: "MMP" defined as "micronutrient powder" names what both
    dose arms take. A code fits a query arm as its best definition does (``fit``) and is a candidate for the arm it
    fits better. Each arm takes its best candidate when that fits ``_MARGIN`` times better than the next, the two
    codes distinct. An arm that already names one of the article's arm codes takes none.
    """
    defs = code_definitions(text or "")
    if not defs:
        return None, None
    used = arm_codes_used(text) | {w for label in labels for w in re.findall(_RX.CODE_TOKEN, label)}
    # An arm that names one of the article's arm codes in any case ("Whey protein", "WHEY") or the words that spell
    # one ("High dose" for HD) has its name already.
    named = [any(re.search(rf"(?i)(?<![\w-]){re.escape(c)}(?![\w-])", q) or _spells_in(c, defs.get(c, ()), q)
                 for c in used) for q in (q_int, q_cmp)]
    used = {c for c in used if c in defs and not spelled(c, defs[c])}
    first = _link(defs, used, q_int, q_cmp)
    # Again with the codes found: a definition naming the one arm's code ("EDTA followed by ethanol") is not the
    # other arm's alone.
    final = _link(defs, used, *(f"{q} {c}" if c else q for q, c in zip((q_int, q_cmp), first)))
    return (None if named[0] else final[0]), (None if named[1] else final[1])


def _link(defs: dict[str, tuple[str, ...]], used: set[str], q_int: str, q_cmp: str) -> tuple[str | None, str | None]:
    """One pass of ``linked_codes`` over the codes in ``used``."""
    words = {code: frozenset().union(*(_words(c) for c in contexts)) for code, contexts in defs.items() if code in used}
    scores: dict[str, tuple[float, float]] = {}
    for code, contexts in defs.items():
        if code not in used:
            continue
        elsewhere = frozenset().union(*(w for c, w in words.items() if c != code))
        scores[code] = (max(fit(c, q_int, q_cmp, elsewhere) for c in contexts),
                        max(fit(c, q_cmp, q_int, elsewhere) for c in contexts))
    out: list[str | None] = []
    for side in (0, 1):
        won = sorted(((s[side], code) for code, s in scores.items() if s[side] > s[1 - side]), reverse=True)
        clear = won and (len(won) == 1 or won[0][0] >= _MARGIN * won[1][0])
        out.append(won[0][1] if clear else None)
    if out[0] is not None and out[0] == out[1]:
        return None, None
    return out[0], out[1]


# --- short forms an article coins and spells from an arm's name (round 39) ----------------------------------------


def coined_used(text: str) -> set[str]:
    """Short forms the text uses as arm names (``COINED_USE``), case kept: "the L80 group", "groups E5 and E10",
    "(the SeG group)", "(T1D)", "[selenium group, SeG]"."""
    out: set[str] = set()
    for m in _RX.COINED_USE.finditer(text or ""):
        for g in m.groups():
            if g:
                # "group IV" is the fourth group (a code for ``code_arms``), not "intravenous vitamin" spelled I, V
                out.update(w for w in re.findall(_RX.COINED_TOKEN, g) if not _RX.ROMAN.fullmatch(w))
    return out


def _number_fits(chunk: str, piece: str) -> bool:
    """Whether a code's number is a number of the name: the same ("5" of "5 μg"), or its thousands ("80" of
    "1:80,000")."""
    if not piece[0].isdigit():
        return False
    return chunk in (piece.replace(",", ""), piece.split(",")[0]) and (chunk == piece or "," in piece)


def spells(code: str, name: str) -> bool:
    """Whether a coined short form spells a name in order: each capital (with the lower-case letters after it) starts
    one of its words, each number is one of its numbers ("L80" of "2% lidocaine with 1:80,000 epinephrine", "E5" of
    "lidocaine 1.0% 3 ml + epinephrine 5 μg", "T1D" of "type 1 DM"); a last "G" may be the group word the name leaves
    out ("SeG" of "Se (sodium selenite)"). Words may be skipped; every piece of the code must be placed, and at least
    two of its characters in the name's own words ("CG" is no "classroom" and its group)."""
    chunks = re.findall(_RX.COINED_CHUNK, code)
    pieces = re.findall(_RX.NAME_PIECE, name or "")
    # a dose's unit ("mg", "kg" of "0.5 mg/kg", "g" of "5 μg") is no word of the name: "KM" is no "ketamine 0.5 mg"
    unit: list[bool] = []
    for k, p in enumerate(pieces):
        unit.append(k > 0 and (pieces[k - 1][0].isdigit() or unit[k - 1]) and bool(_RX.NAME_UNIT.fullmatch(p)))
    real = len(pieces)
    if not any(p.lower() in {"group", "groups"} for p in pieces):
        pieces.append("group")
    at, placed = 0, 0
    for chunk in chunks:
        digit = chunk[0].isdigit()
        while at < len(pieces) and not (_number_fits(chunk, pieces[at]) if digit else
                                        not pieces[at][0].isdigit() and not (at < real and unit[at])
                                        and pieces[at].lower().startswith(chunk.lower())):
            at += 1
        if at == len(pieces):
            return False
        placed += len(chunk) if at < real else 0
        at += 1
    return len(chunks) >= 2 and placed >= 2


@lru_cache(maxsize=256)
def spelled_codes(text: str, q_int: str, q_cmp: str, labels: tuple[str, ...] = ()) -> tuple[str | None, str | None]:
    """The short form the article coins for each query arm and spells from its name (``spells``), or None.

    Only forms the article uses as arm names count (``coined_used``, or a code in an arm label of its tables and
    values, ``labels``): "(the L80 group)" for "2% lidocaine with 1:80,000 epinephrine", "group E5" for "epinephrine
    5 μg", "T1D" for "type 1 DM". A form that spells both arms, or a query arm it spells more than one form of, or
    one the query already writes, gives none: null beats a guess."""
    used = coined_used(text) | {w for label in labels for w in re.findall(_RX.COINED_TOKEN, label)
                                if not _RX.ROMAN.fullmatch(w)}
    found: list[list[str]] = [[], []]
    for code in sorted(used):
        hit = [spells(code, q_int), spells(code, q_cmp)]
        if hit[0] == hit[1]:
            continue
        found[0 if hit[0] else 1].append(code)
    out: list[str | None] = []
    for q, codes in zip((q_int, q_cmp), found):
        literal = re.search(r"(?<![\w-])(?:" + "|".join(map(re.escape, codes)) + r")(?![\w-])", q) if codes else None
        out.append(codes[0] if len(codes) == 1 and not literal else None)
    return out[0], out[1]
