"""Both query arms' values from two adjacent sentences that report one outcome in parallel, one arm each (issue 10).

"The LM was successfully inserted during the first attempt in 34/36 (94.4 %) newborns. In the ETI group, the device
was successfully inserted during the first attempt in 29/32 (90.6 %) newborns."; "In the eight-pulse arm, 59 out of
250 FVT episodes (22%) required one or more shocks ... In the 15-pulse arm, 45 out of 209 FVT episodes (21%) ...":
``prose_pairs`` reads one sentence that names both arms; here each arm has a sentence of its own. Two sentences of
one paragraph, next to each other, pair when each names exactly one query arm (by a name of its own, the two
different), gives exactly one value (events or a mean; bare percents answer nothing), the values of one form, and
the two say the same thing in other words (their words apart from names and numbers overlap, ``_PARALLEL``).
A sentence that compares or pools the arms ("both groups", "versus"), names a control not the query's, or reads its
value before treatment pairs with nothing: null beats a guess. Pure regular expressions (no spaCy).
"""
from __future__ import annotations

from stemfoot.extract.numbers import words_without_numbers
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.extract.prose_pairs import Pair, Value, _is_before, _role_mentions, sentences, values

_RX = load_patterns("split_pairs")
#: Share of the two sentences' words (names and numbers aside) they have in common: parallel reports of one outcome.
_PARALLEL = 0.35
_MAX_LEN = 400  # longer "sentences" are tables or lists flattened into prose


def _content(sentence: str, spans: list[tuple[int, int]]) -> set[str]:
    """The sentence's content words (the matcher's stemming), with its arm names blanked."""
    from stemfoot.extract.outcome_query import tokens

    for s, e in spans:
        sentence = sentence[:s] + " " * (e - s) + sentence[e:]
    return {w for w in tokens(words_without_numbers(sentence)) if not w.isdigit()}


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
    spans = [(m[0], m[3]) for m in mentions]
    blank = sentence
    for s, e in spans:
        blank = blank[:s] + " " * (e - s) + blank[e:]
    if _RX.CONTROLISH.search(blank):
        return None  # a control word outside the arm's name: another arm, or both
    vals = [v for v in values(sentence) if v.events is not None or v.mean is not None]
    if len(vals) != 1 or _is_before(sentence, vals[0]) or _RX.BASELINE_LEAD.search(sentence[:vals[0].start]):
        return None
    return mentions[0][1], vals[0], _content(sentence, spans)


def _same_form(a: Value, b: Value) -> bool:
    if (a.mean is None) != (b.mean is None):
        return False
    if a.mean is not None:
        return (a.sd is None) == (b.sd is None)
    return (a.total is None) == (b.total is None)


def split_pairs(text: str, q_int: str, q_cmp: str, offset: int = 0) -> list[Pair]:
    """Every two adjacent sentences of one paragraph of ``text`` that give the query arms one value each."""
    out: list[Pair] = []
    if not text or not q_int or not q_cmp:
        return out
    sents = sentences(text)
    read = [one_arm_value(s, q_int, q_cmp) if len(values(s)) else None for _, s in sents]
    for k in range(len(sents) - 1):
        (s0, a), (s1, b) = sents[k], sents[k + 1]
        ra, rb = read[k], read[k + 1]
        if not ra or not rb or ra[0] == rb[0] or "\n" in text[s0 + len(a):s1] or not _same_form(ra[1], rb[1]):
            continue
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
