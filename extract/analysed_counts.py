"""Numbers analysed per arm, in the forms the older size readers (``group_sizes``) miss.

Yun et al. score a group size as the number analysed for the outcome, per arm, where the article states it, else
the number randomised per arm. Articles state the analysed numbers in the participant flow's prose, often one arm
at a time or split over two sentences; these pure readers give them to ``group_sizes`` (the rules) and to
``size_chooser`` (the learned chooser's candidates):

- ``groups_of_size``: k groups of n people, hyphenated ("randomly assigned to two 30-patient groups");
- ``split_pair``: a sentence that splits the people its predecessor counted into the arms ("A total of 38
  patients were included in the efficacy analysis. Of these, 22 were from the Lozenge group and 16 were from the
  Control group.");
- ``arm_analysed``: a sentence that gives one arm alone its number analysed or followed to the end ("the 28
  patients available for follow-up in the intervention group");
- ``randomised_pair``: the arms' numbers randomised, from an allocation sentence whose arms only their own forms
  name ("randomized to EST with the E-mode (n=179) or the conventional blended C-mode (n=181)"): the fallback;
- ``denied_forms``: the agent that tells two arms apart when one arm's name denies it ("... with liraglutide"
  vs "... without liraglutide": "liraglutide group" names the first).

Null beats a guess: a sentence about leaving the trial (dropouts, exclusions) gives no analysed number, parts must
add up to the count they split, and two different numbers for one arm give none.
"""
from __future__ import annotations

import re
from functools import lru_cache

from stemfoot.extract.outcome_query import PEOPLE_WORDS, SENTENCE
from stemfoot.extract.pattern_data import load_patterns

#: This module's regexes, as data in patterns/analysed_counts.json (compiled once, here).
_RX = load_patterns("analysed_counts", PEOPLE_WORDS=PEOPLE_WORDS)


def leaving(text: str) -> bool:
    """Whether ``text`` speaks of people leaving or failing the trial (``LEAVING``): its counts are no group's size."""
    return bool(_RX.LEAVING.search(text or ""))


def groups_of_size(text: str) -> int | None:
    """Each group's size when the text divides its people into k groups of n written "k n-patient groups"
    ("Sixty patients were randomly assigned to the two 30-patient groups", "ninety patients ... divided into three
    30-case equal groups"); outside sentences about planning; two different sizes give None."""
    from stemfoot.extract.group_sizes import cited_work, planning

    found = {int(m.group(2)) for s in SENTENCE.split(text or "") if not planning(s) and not cited_work(s)
             for m in _RX.GROUPS_OF.finditer(s) if int(m.group(2)) > 1}
    return found.pop() if len(found) == 1 else None


def split_pair(previous: str, sentence: str, q_int: str, q_cmp: str) -> tuple[int, int] | None:
    """(intervention n, comparator n) when ``sentence`` splits a count of ``previous`` into the two arms.

    ``sentence`` opens "Of these" / "Among them" and has exactly two counts, each followed by its arm ("22 were
    from the Lozenge group and 16 were from the Control group"); the two must add up to a count of people in
    ``previous``, and neither sentence may be about people leaving (then the parts are dropouts).
    """
    from stemfoot.extract.group_sizes import COUNT, arm_places

    if not _RX.OF_THESE.match(sentence or "") or _RX.LEAVING.search(sentence) or _RX.LEAVING.search(previous or ""):
        return None
    parts = [(m.start(), int(m.group(1))) for m in _RX.PART_COUNT.finditer(sentence)]
    if len(parts) != 2 or min(n for _, n in parts) < 1:
        return None
    totals = {int(m.group(1) or m.group(2)) for m in COUNT.finditer(previous or "")}
    if parts[0][1] + parts[1][1] not in totals:
        return None
    marks = sorted([(p, "i") for p in arm_places(sentence, q_int, q_cmp, "intervention")]
                   + [(p, "c") for p in arm_places(sentence, q_cmp, q_int, "comparator")])
    sides = []
    for k, (p, _) in enumerate(parts):
        hi = parts[k + 1][0] if k + 1 < len(parts) else len(sentence)
        sides.append(next((side for q, side in marks if p <= q < hi), None))
    if sorted(s for s in sides if s) != ["c", "i"]:
        return None
    (_, a), (_, b) = parts
    return (a, b) if sides[0] == "i" else (b, a)


@lru_cache(maxsize=64)
def arm_analysed(text: str, q_int: str, q_cmp: str) -> dict[str, int | None]:
    """Each query arm's number analysed when sentences state it for that arm alone: one count of people, an
    analysis or completion cue (``ARM_ANALYSED``), exactly one of the two arms named ("the 28 patients available
    for follow-up in the intervention group"). Sentences about other work, planning or people leaving count
    none; two different numbers for one arm give None for it. (Cached: callers read the dict, never change it.)"""
    from stemfoot.extract.group_sizes import arm_places, size_sentences, cited_work

    found: dict[str, set[int]] = {"intervention": set(), "comparator": set()}
    for sentence in size_sentences(text or ""):
        if not _RX.ARM_ANALYSED.search(sentence) or _RX.LEAVING.search(sentence) or cited_work(sentence):
            continue
        counts = {int(m.group(1) or m.group(2)) for m in _RX.ARM_COUNT.finditer(sentence)} - {0, 1}
        if len(counts) != 1:
            continue
        named = [side for side, q, o in (("intervention", q_int, q_cmp), ("comparator", q_cmp, q_int))
                 if arm_places(sentence, q, o, side)]
        if len(named) == 1:
            found[named[0]] |= counts
    return {side: next(iter(ns)) if len(ns) == 1 else None for side, ns in found.items()}


@lru_cache(maxsize=256)
@lru_cache(maxsize=64)
def randomised_pair(text: str, q_int: str, q_cmp: str) -> tuple[int, int] | None:
    """(intervention n, comparator n) randomised, from the first sentence that allocates people and pairs two counts
    with the arms by their own forms (``group_sizes.pair_counts``: "randomized to EST with the E-mode (n=179) or
    the conventional blended C-mode (n=181)"), outside planning and other work; the fallback when no sentence
    names the arms' sizes otherwise."""
    from stemfoot.extract.group_sizes import size_sentences, cited_work, pair_counts

    for sentence in size_sentences(text or ""):
        if _RX.RANDOMISED.search(sentence) and not _RX.LEAVING.search(sentence) and not cited_work(sentence):
            got = pair_counts(sentence, q_int, q_cmp)
            if got:
                return got
    return None


def denied_forms(query_arm: str, other_arm: str) -> tuple[str, ...]:
    """Words of ``query_arm`` (four letters or more) that ``other_arm`` names only after a negation ("liraglutide" of
    "meal replacements with liraglutide" against "meal replacements without liraglutide"): the agent that tells
    the two arms apart, although both names contain it."""
    out = []
    for w in dict.fromkeys(re.findall(r"[A-Za-z][A-Za-z-]{3,}", query_arm or "")):
        pat = rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])"
        theirs = [m.start() for m in re.finditer(pat, other_arm or "", re.I)]
        mine = [m.start() for m in re.finditer(pat, query_arm or "", re.I)]
        if theirs and all(_RX.NEGATION.search(other_arm[:p]) for p in theirs) \
                and not any(_RX.NEGATION.search(query_arm[:p]) for p in mine):
            out.append(w)
    return tuple(out)


def names_denied(text: str, at: int) -> bool:
    """Whether the word at ``at`` is itself denied ("without liraglutide"): then it names the other arm."""
    return bool(_RX.NEGATION.search(text[max(0, at - 30):at]))
