"""Content-anchored identity of extracted values, and re-matching after re-ingest or re-extraction.

Today a value id is a hash of study, field and the *character offsets* of the
value in the abstract (`corpus.evidence.value_id`). When PubMed corrects a typo
earlier in the abstract, or the sentence splitter changes, every later offset
moves, every id changes, and the reviewer's decisions end up on orphans while
the same values come back as pending.

Here a value is anchored on what it *is*: the study, the field and statistic
kind, the arm label, the outcome and timepoint, the number(s), and the
normalised text of its sentence, never offsets. `anchor_id` hashes these;
`rematch` pairs an old extraction's values with a new one's:

- ``exact``: the same anchor (same sentence after normalisation, same numbers
  and context);
- ``moved``: the same numbers and context in a sentence that changed a little
  (similarity >= ``min_similarity``), one clear best candidate;
- ``uncertain``: several candidates tie, or the context matches but the number
  or most of the sentence changed; the reviewer is asked, never guessed for;
- ``lost``: nothing left that could be the value.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Iterable, Sequence

EXACT, MOVED, UNCERTAIN, LOST = "exact", "moved", "uncertain", "lost"
ANCHOR_PREFIX = "a1:"
#: A sentence at least this similar (0-1) counts as the same sentence edited.
DEFAULT_MIN_SIMILARITY = 0.6
#: Two candidates within this similarity of each other tie: the reviewer decides.
DEFAULT_TIE_MARGIN = 0.02
#: Same context, number changed: flagged as uncertain only if the sentence is this similar.
CHANGED_NUMBER_SIMILARITY = 0.8

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")
_PLUSMINUS = re.compile(r"\+\s*/\s*-|\+-")
_AROUND_PUNCT = re.compile(r"\s*([^\w\s])\s*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_OPERATOR = re.compile(r"^\s*(<=|>=|≤|≥|<|>)")


@dataclass(frozen=True)
class ValueRef:
    """One extracted value as the matcher sees it (ids are opaque; offsets are deliberately absent)."""

    value_id: str
    study: str
    field: str
    value: str | None
    sentence: str | None = None
    kind: str | None = None
    arm: str | None = None
    outcome: str | None = None
    timepoint: str | None = None


@dataclass(frozen=True)
class Match:
    """What became of an old value: ``status`` and the new id (exact/moved), or the ids to choose from."""

    old_id: str
    status: str
    new_id: str | None = None
    candidates: tuple[str, ...] = ()
    score: float = 0.0
    reason: str = ""


def normalise_sentence(text: str | None) -> str:
    """NFKC, case-folded, one kind of dash and ±, no spacing around punctuation, no final full stop."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).casefold()
    text = _PLUSMINUS.sub("±", text)
    text = _AROUND_PUNCT.sub(r"\1", text)
    return " ".join(text.split()).rstrip(".;: ")


def normalise_label(text: str | None) -> str:
    """Arm labels, outcomes and timepoints: letters and digits only ('BM-MNC' = 'bm mnc')."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def value_numbers(value: str | None) -> str:
    """The value's number(s) in one canonical form ('0,570' = '0.57'; '<0.001' keeps its bound); else its text."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).translate(_DASHES).strip()
    found = _NUMBER.findall(text)
    if not found:
        return normalise_label(text)
    op = _OPERATOR.match(text)
    bound = {"≤": "<=", "≥": ">="}.get(op.group(1), op.group(1)) if op else ""
    numbers = []
    for match in _NUMBER.finditer(text):
        negative = match.start() > 0 and text[match.start() - 1] == "-" and (
            match.start() == 1 or not text[match.start() - 2].isdigit())
        number = float(match.group(0).replace(",", "."))
        numbers.append(repr(-number if negative else number))
    return bound + "|".join(numbers)


def _context(ref: ValueRef) -> tuple[str, ...]:
    return (ref.study, ref.field, normalise_label(ref.kind), normalise_label(ref.arm),
            normalise_label(ref.outcome), normalise_label(ref.timepoint))


def _anchor_key(ref: ValueRef) -> tuple[str, ...]:
    return (*_context(ref), value_numbers(ref.value), normalise_sentence(ref.sentence))


def anchor_id(ref: ValueRef, occurrence: int = 0) -> str:
    """A stable id from the value's content; ``occurrence`` tells apart identical values in one sentence."""
    basis = "\x1f".join(_anchor_key(ref)) + (f"\x1f#{occurrence}" if occurrence else "")
    return ANCHOR_PREFIX + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def anchor_ids(refs: Sequence[ValueRef]) -> list[str]:
    """`anchor_id` of each value, numbering repeats in the order given (pass document order)."""
    seen: dict[tuple[str, ...], int] = {}
    out = []
    for ref in refs:
        key = _anchor_key(ref)
        out.append(anchor_id(ref, seen.get(key, 0)))
        seen[key] = seen.get(key, 0) + 1
    return out


def sentence_similarity(a: str | None, b: str | None) -> float:
    """0-1 similarity of two sentences after normalisation; a sentence inside the other (re-split) scores >= 0.9."""
    na, nb = normalise_sentence(a), normalise_sentence(b)
    if na == nb:
        return 1.0
    if not na or not nb:
        return 0.0
    ratio = SequenceMatcher(None, na, nb, autojunk=False).ratio()
    shorter, longer = sorted((na, nb), key=len)
    if shorter in longer and len(shorter) >= 20:
        ratio = max(ratio, 0.9)
    return ratio


def rematch(old: Iterable[ValueRef], new: Iterable[ValueRef], *, min_similarity: float = DEFAULT_MIN_SIMILARITY,
            tie_margin: float = DEFAULT_TIE_MARGIN) -> dict[str, Match]:
    """Map each old value id to a `Match` against the new values; each new value is used at most once.

    Lists are taken in document order (repeats of one anchor pair up in that order).
    """
    old_refs, new_refs = list(old), list(new)
    result: dict[str, Match] = {}
    used: set[str] = set()

    # 1. Exact: equal anchors. Equal numbers of repeats pair in order; unequal ones are for the reviewer.
    by_anchor_new: dict[tuple, list[ValueRef]] = {}
    for ref in new_refs:
        by_anchor_new.setdefault(_anchor_key(ref), []).append(ref)
    by_anchor_old: dict[tuple, list[ValueRef]] = {}
    for ref in old_refs:
        by_anchor_old.setdefault(_anchor_key(ref), []).append(ref)
    for key, olds in by_anchor_old.items():
        news = by_anchor_new.get(key, [])
        if not news:
            continue
        if len(olds) == len(news):
            for o, n in zip(olds, news):
                result[o.value_id] = Match(o.value_id, EXACT, n.value_id, score=1.0)
                used.add(n.value_id)
        else:
            ids = tuple(n.value_id for n in news)
            for o in olds:
                result[o.value_id] = Match(o.value_id, UNCERTAIN, None, ids, 1.0,
                                           f"{len(olds)} identical values before, {len(news)} now")
            used.update(ids)

    # 2. Moved: same context and numbers, the sentence edited.
    by_value_new: dict[tuple, list[ValueRef]] = {}
    for ref in new_refs:
        if ref.value_id not in used:
            by_value_new.setdefault((*_context(ref), value_numbers(ref.value)), []).append(ref)
    pending = [o for o in old_refs if o.value_id not in result]
    scored = []
    for o in pending:
        cands = [(sentence_similarity(o.sentence, n.sentence), n)
                 for n in by_value_new.get((*_context(o), value_numbers(o.value)), [])]
        cands.sort(key=lambda c: -c[0])
        scored.append((cands[0][0] if cands else 0.0, o, cands))
    scored.sort(key=lambda s: -s[0])  # the clearest matches claim their candidates first
    for _, o, cands in scored:
        live = [(s, n) for s, n in cands if n.value_id not in used]
        good = [(s, n) for s, n in live if s >= min_similarity]
        if not good:
            continue
        best = good[0][0]
        tied = [n for s, n in good if best - s <= tie_margin]
        if len(tied) > 1:
            result[o.value_id] = Match(o.value_id, UNCERTAIN, None, tuple(n.value_id for n in tied), best,
                                       f"{len(tied)} equally likely places in the new text")
        else:
            result[o.value_id] = Match(o.value_id, MOVED, good[0][1].value_id, score=best)
            used.add(good[0][1].value_id)

    # 3. What is left: a likely successor (number changed, or sentence rewritten) goes to the reviewer.
    by_context_new: dict[tuple, list[ValueRef]] = {}
    for ref in new_refs:
        if ref.value_id not in used:
            by_context_new.setdefault(_context(ref), []).append(ref)
    for o in old_refs:
        if o.value_id in result:
            continue
        same_number, changed_number = [], []
        for n in by_context_new.get(_context(o), []):
            similarity = sentence_similarity(o.sentence, n.sentence)
            if value_numbers(n.value) == value_numbers(o.value):
                same_number.append((similarity, n))  # below min_similarity, else step 2 took it
            elif similarity >= CHANGED_NUMBER_SIMILARITY:
                changed_number.append((similarity, n))
        if changed_number:
            changed_number.sort(key=lambda c: -c[0])
            result[o.value_id] = Match(o.value_id, UNCERTAIN, None, tuple(n.value_id for _, n in changed_number),
                                       changed_number[0][0], "the number changed in the same sentence")
        elif same_number:
            same_number.sort(key=lambda c: -c[0])
            result[o.value_id] = Match(o.value_id, UNCERTAIN, None, tuple(n.value_id for _, n in same_number),
                                       same_number[0][0], "the same value in a different sentence")
        else:
            result[o.value_id] = Match(o.value_id, LOST, reason="no value of this kind and context remains")
    return result
