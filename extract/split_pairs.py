"""Both query arms' values from two nearby sentences that report one outcome in parallel, one arm each (issue 10).

"The LM was successfully inserted during the first attempt in 34/36 (94.4 %) newborns. In the ETI group, the device
was successfully inserted during the first attempt in 29/32 (90.6 %) newborns." (a sentence without a value may
stand between them); "In the eight-pulse arm, 59 out of 250 FVT episodes (22%) required one or more shocks ... In
the 15-pulse arm, 45 out of 209 FVT episodes (21%) ...": ``prose_pairs`` reads one sentence that names both arms;
here each arm has a sentence of its own. Two sentences of one paragraph, at most ``_GAP`` apart and no value in the
sentences between them, pair when each names exactly one query arm (by a name of its own, the two different), gives
exactly one value (events or a mean; bare percents answer nothing), the values of one form, and the two say the same
thing in other words (their words apart from names and numbers overlap, ``_PARALLEL``). A sentence that compares or
pools the arms ("both groups", "versus"), names a control not the query's, or reads its value before treatment pairs
with nothing: null beats a guess. Pure regular expressions (no spaCy).
"""
from __future__ import annotations

import re
from functools import lru_cache

from stemfoot.extract.numbers import words_without_numbers
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.extract.prose_pairs import _RX as _PROSE_RX
from stemfoot.extract.prose_pairs import Pair, Value, _is_before, _role_mentions, sentences, values
from stemfoot.schemas import control_words

_RX = load_patterns("split_pairs", CONTROL_WORDS=control_words("prose_pair"), TIME_UNIT=_PROSE_RX.TIME_UNIT)
#: Share of the two sentences' words (names and numbers aside) they have in common: parallel reports of one outcome.
_PARALLEL = 0.35
#: Share of the query outcome's words the two sentences must say: their values are read without the outcome words
#: a one-sentence comparison binds to them, so a sentence pair answers only an outcome it names nearly in full.
SAID = 0.75
_GAP = 3  # sentences from one arm's to the other's
_MAX_LEN = 400  # longer "sentences" are tables or lists flattened into prose


def _blanked(sentence: str, spans: list[tuple[int, int]]) -> str:
    """The sentence with its arm names blanked (offsets kept)."""
    for s, e in spans:
        sentence = sentence[:s] + " " * (e - s) + sentence[e:]
    return sentence


def _content(blank: str) -> set[str]:
    """Content words (the matcher's stemming) of a sentence whose arm names are blanked, numbers aside."""
    from stemfoot.extract.outcome_query import tokens

    return {w for w in tokens(words_without_numbers(blank)) if not w.isdigit()}


def one_arm_value(sentence: str, q_int: str, q_cmp: str) -> tuple[str, Value, set[str]] | None:
    """(role, value, content words) of a sentence that gives one query arm one value and names no other arm."""
    if len(sentence) > _MAX_LEN or _RX.BOTH_ARMS.search(sentence):
        return None
    mentions = _role_mentions(sentence, q_int, q_cmp)
    own = [(s, e) for s, _, specific, e in mentions if specific]
    # a word both arms' names have counts inside one arm's own name ("incision" of "midline incision"), else unclear
    if any(not m[2] and not any(s <= m[0] and m[3] <= e for s, e in own) for m in mentions):
        return None
    mentions = [m for m in mentions if m[2]]
    if not mentions or len({m[1] for m in mentions}) != 1:
        return None
    blank = _blanked(sentence, [(m[0], m[3]) for m in mentions])
    if _RX.CONTROLISH.search(blank):
        return None  # a control word outside the arm's name: another arm, or both
    vals = [v for v in values(sentence) if v.events is not None or v.mean is not None]
    if len(vals) != 1 or _is_before(sentence, vals[0]) or _RX.BASELINE_LEAD.search(sentence[:vals[0].start]):
        return None
    return mentions[0][1], vals[0], _content(blank)


#: Derivational endings a word of the query outcome may take or lose in the sentence ("insertion" / "inserted",
#: "successful" / "successfully"), stripped to one root; a shared prefix alone ("completed" / "complications",
#: "pressure" / "pressing") is no word said. A final "e" goes too, as the light stemming drops "es" and "ed" but
#: leaves it ("pressure" / "pressures" -> "pressur").
_ENDINGS = ("fully", "ally", "ions", "ion", "ful", "ly", "al", "e")


def _root(word: str) -> str:
    """``word`` (already lightly stemmed by ``outcome_query.tokens``) without one derivational ending, keeping 4+
    letters."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[:-len(ending)]
    return word


def _said(root: str, said: set[str]) -> bool:
    """Whether a root is among the text's roots, or one of 5+ letters begins the other ("amput" / "amputat",
    "hospit" / "hospitaliz"; not "complet" / "complic")."""
    return root in said or any(len(short) >= 5 and long.startswith(short)
                               for r in said for short, long in ((root, r), (r, root)))


def outcome_said(q_out: str, text: str) -> float:
    """0..1: the largest share of the words of a form of the query outcome (as written, without its brackets, a
    bracketed short form, the head before " - ") that ``text`` says, a word counting where the text has it or a
    word of its root."""
    from stemfoot.extract.outcome_query import tokens

    said = {_root(w) for w in tokens(text)}
    bare = re.sub(r"\s*\([^()]*\)", " ", q_out or "")
    forms = [q_out, bare, bare.split(" - ")[0], *re.findall(r"\(([^()]+)\)", q_out or "")]
    best = 0.0
    for form in forms:
        words = set(tokens(form))
        if words:
            best = max(best, sum(_said(_root(w), said) for w in words) / len(words))
    return best


def _times(sentence: str) -> set[tuple[str, str]]:
    """The times a sentence reports at, as (number, unit's first letter; two for months and minutes): "6 months" and
    "6-mo" are one, "24 h" and "24 hours" too."""
    out = set()
    for m in _RX.TIME_POINT.finditer(sentence):
        unit = m.group(2).lower()
        out.add((m.group(1), unit[:2] if unit.startswith("m") else unit[0]))
    return out


def _same_form(a: Value, b: Value) -> bool:
    """Both values of one form: means with or without an SD alike, counts with or without a total alike."""
    if (a.mean is None) != (b.mean is None):
        return False
    if a.mean is not None:
        return (a.sd is None) == (b.sd is None)
    return (a.total is None) == (b.total is None)


@lru_cache(maxsize=16)
def _sentences(text: str) -> tuple[tuple[int, str], ...]:
    """The text's sentences with their offsets, kept: an article's queries share them."""
    return tuple(sentences(text))


def _next_valued(text: str, sents: tuple[tuple[int, str], ...], k: int) -> int | None:
    """The next sentence after the k-th, in its paragraph and at most ``_GAP`` sentences on, that has a value; the
    sentences between have none ("Two attempts were required in one newborn.")."""
    for j in range(k + 1, min(k + 1 + _GAP, len(sents))):
        if "\n" in text[sents[j - 1][0] + len(sents[j - 1][1]):sents[j][0]]:
            return None  # another paragraph
        if any(v.events is not None or v.mean is not None for v in values(sents[j][1])):
            return j
    return None


def split_pairs(text: str, q_int: str, q_cmp: str, offset: int = 0) -> list[Pair]:
    """Every two sentences of one paragraph of ``text``, no value between them, that give the query arms one value
    each."""
    out: list[Pair] = []
    if not text or not q_int or not q_cmp:
        return out
    sents = _sentences(text)
    for k in range(len(sents) - 1):
        j = _next_valued(text, sents, k) if values(sents[k][1]) else None
        if j is None:
            continue
        (s0, a), (s1, b) = sents[k], sents[j]
        ra, rb = one_arm_value(a, q_int, q_cmp), one_arm_value(b, q_int, q_cmp)
        if not ra or not rb or ra[0] == rb[0] or not _same_form(ra[1], rb[1]) or _times(a) != _times(b):
            continue  # one arm each, one form, reported at the same time (or neither at a time)
        union = ra[2] | rb[2]
        if not union or len(ra[2] & rb[2]) / len(union) < _PARALLEL:
            continue
        joined = text[s0:s1 + len(b)]
        shift = s1 - s0
        second = Value(rb[1].start + shift, rb[1].end + shift, rb[1].events, rb[1].total, rb[1].percent,
                       rb[1].text, rb[1].mean, rb[1].sd)
        vi, vc = (ra[1], second) if ra[0] == "intervention" else (second, ra[1])
        lead = " ".join(words_without_numbers(a[:ra[1].start]).split()[-14:])
        out.append(Pair(vi, vc, joined, offset + s0, lead))
    return out
