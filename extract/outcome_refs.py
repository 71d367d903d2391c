"""The outcome of a result written as "the primary endpoint was met in 20 of 36 patients" or as "the corresponding
figures were 29/38 and 24/39".

A results sentence that names the primary endpoint instead of the outcome gets its outcome from the
sentence that defined the endpoint ("The primary endpoint was the proportion of patients with relief of
rest pain and healing of ulcers at 6 months"): the first vocabulary outcome of that definition, as a
reader would resolve the reference. Pure functions, no spaCy (tests in tests/extract/test_outcome_refs.py).
"""
from __future__ import annotations

from stemfoot.extract import vocabulary
from stemfoot.extract.pattern_data import load_patterns

_RX = load_patterns("outcome_refs")
FLAG = "outcome_from_endpoint"
CORRESPONDING_FLAG = "outcome_from_corresponding"
#: Kinds whose outcome a "corresponding figures" sentence restates (p-values follow their values elsewhere).
_RESTATED = frozenset({"events", "percent", "mean_sd", "mean", "median", "effect"})
#: Kinds that restate one another: a rate written as a percentage is restated as counts ("73.8% ...; in the
#: subgroup the corresponding rates were 9/16 and 5/15").
_FAMILY = {"events": "rate", "percent": "rate"}


def endpoint_definition(text: str, sentences: list[tuple[int, int]]) -> tuple[str, str, int] | None:
    """(outcome id, defining words, sentence start) of the first sentence that defines the primary endpoint
    with a vocabulary outcome; None when no sentence does."""
    vocab = vocabulary.outcomes()
    for s0, s1 in sentences:
        sent = text[s0:s1]
        # Both patterns need the word "primary"; testing it first spares the slow lazy scan of DEFINED_BEFORE
        # (up to 200 characters tried from every position) on the sentences that cannot match.
        if "primary" not in sent.lower():
            continue
        for rx in (_RX.DEFINED_AFTER, _RX.DEFINED_BEFORE):
            if rx is _RX.DEFINED_BEFORE and not _RX.WAS_ENDPOINT_WORDS.search(sent):
                continue
            for m in rx.finditer(sent):
                if rx is _RX.DEFINED_AFTER and _RX.RESULT_VERB.match(sent[m.start("def"):]):
                    continue
                words = m.group("def").strip()
                term = vocab.lookup(words)
                if term is not None:
                    return term.id, words, s0
    return None


def endpoint_outcomes(text: str, statistics: list[dict], sentences: list[tuple[int, int]],
                      mentions: list[dict]) -> None:
    """Values after a mention of the primary endpoint in a later sentence, in the same clause and with no
    outcome named between the mention and the value, take the endpoint's defined outcome (flag
    ``outcome_from_endpoint``); an outcome the value's own words gave (``outcome_own_words``) stays."""
    found = endpoint_definition(text, sentences)
    if found is None:
        return
    outcome, words, def_start = found
    spots = [(m["evidence"]["start"], m["evidence"]["end"]) for m in mentions]
    for st in statistics:
        ev = st["evidence"]
        s0 = ev.get("sentence_start", 0)
        if s0 <= def_start or "outcome_own_words" in st["flags"] or st.get("outcome") == outcome:
            continue
        before = text[s0:ev["start"]]
        ref = None
        for m in _RX.MENTION.finditer(before):
            ref = m
        if ref is None:
            continue
        gap = (s0 + ref.end(), ev["start"])
        if _RX.CLAUSE_BREAK.search(text[gap[0]:gap[1]]) or any(gap[0] <= a < gap[1] for a, _ in spots):
            continue
        st["outcome"], st["outcome_label"] = outcome, words
        st["flags"].append(FLAG)


def list_own_outcome(text: str, st: dict, mentions: list[dict]) -> dict | None:
    """The countable outcome named right after a per-arm list of counts with "respectively": "Major
    amputation occurred in 4 ... and 6 ..., and 5 and 4 patients, respectively, died" (the counts died;
    the sentence's topic is amputation)."""
    ev = st["evidence"]
    for m in mentions:
        if not m.get("countable"):
            continue
        ms = m["evidence"]["start"]
        if ev["end"] <= ms <= ev["end"] + 80 and _RX.LIST_OWN_GAP.match(text[ev["end"]:ms]):
            return m
    return None


def list_outcomes(text: str, statistics: list[dict], mentions: list[dict]) -> None:
    """Counts of a "respectively" list take the countable outcome their own words name after the list
    (flag ``outcome_own_words``), before the sentence's topic."""
    for st in statistics:
        if st["kind"] != "events" or "outcome_own_words" in st["flags"]:
            continue
        own = list_own_outcome(text, st, mentions)
        if own is not None and own["outcome"] != st.get("outcome"):
            st["outcome"], st["outcome_label"] = own["outcome"], own["label"]
            st["flags"].append("outcome_own_words")


def corresponding_outcomes(text: str, statistics: list[dict], mentions: list[dict]) -> None:
    """Values in the clause after "the corresponding figures/values" (``CORRESPONDING``) with no outcome of their own
    words or clause restate, for another population, subgroup, arm or time, the values of their kind that the
    nearest such value before the cue belongs to (those of its sentence before the cue: "AFS at 6 months was 85.7% and
    70.4%; at 1 year the corresponding figures were ...", or a sentence before). They take those values' outcomes in
    order where as many are restated ("rest pain fell from a to b and walking distance rose from c to d; in the
    control group the corresponding values were e vs f and g vs h"), else their one outcome
    (flag ``outcome_from_corresponding``). The sentence's own topic is no guide there; an outcome named in the cue's
    clause is ("the corresponding rates for complete healing were ..."): then its values keep their own."""
    cued: dict[int, list[dict]] = {}
    spots = [m["evidence"]["start"] for m in mentions]
    for st in statistics:
        ev = st["evidence"]
        cue = _RX.CORRESPONDING.search(text, ev.get("sentence_start", 0), ev["start"])
        if st["kind"] not in _RESTATED or cue is None or _RX.CLAUSE_END.search(text, cue.end(), ev["start"]):
            continue
        end = _RX.CLAUSE_END.search(text, cue.end())
        if not any(cue.end() <= s < (end.start() if end else len(text)) for s in spots):
            cued.setdefault(cue.start(), []).append(st)
    for at, group in cued.items():
        for kind in {st["kind"] for st in group}:
            _restate(statistics, [st for st in group if st["kind"] == kind], at)


def _restate(statistics: list[dict], values: list[dict], at: int) -> None:
    """Give ``values`` (one kind, after a "corresponding" cue at ``at``) the outcomes of the values they restate
    (of their kind's family in the nearest sentence that has one: counts restate percentages, not the baseline
    count further back; where that sentence holds both, "16/40 (40%)", their own kind only)."""
    kind = values[0]["kind"]
    family = _FAMILY.get(kind, kind)
    earlier = [o for o in statistics if _FAMILY.get(o["kind"], o["kind"]) == family and o.get("outcome")
               and o["evidence"]["end"] <= at]
    if not earlier:
        return
    near = max(earlier, key=lambda o: o["evidence"]["start"])["evidence"].get("sentence_start", 0)
    source = sorted((o for o in earlier if o["evidence"].get("sentence_start", 0) == near),
                    key=lambda o: o["evidence"]["start"])
    source = [o for o in source if o["kind"] == kind] or source
    values = sorted(values, key=lambda o: o["evidence"]["start"])
    if len(source) == len(values):
        pairs = list(zip(values, source))
    elif len({o["outcome"] for o in source}) == 1:
        pairs = [(v, source[0]) for v in values]
    else:
        return
    for st, src in pairs:
        if {"outcome_own_words", "outcome_own_clause"} & set(st["flags"]):
            continue
        # The outcome only: its time would make a per-protocol value the same fact as the ITT one it restates
        # (arm, outcome, time), and the one-fact rule would withhold one of them.
        st["outcome"], st["outcome_label"] = src["outcome"], src.get("outcome_label")
        st["flags"].append(CORRESPONDING_FLAG)


BARE_SCALE_FLAG = "outcome_from_bare_scale"


def bare_scale_outcomes(text: str, statistics: list[dict]) -> None:
    """Values read as a generic pain score (``pain_score``) in a sentence that names a pain scale but no pain
    (``BARE_SCALE`` without ``PAIN_WORD``: "The visual analogue scale score fell from 8 to 2", "The between-group
    difference in VAS at 6 months was −2.6 points") measure the pain the abstract named last before the sentence;
    where that is rest pain ("Rest pain resolved completely in fourteen patients and partially in three.", "Mean rest
    pain on the visual analogue scale (VAS) fell from …"), they are rest pain (``rest_pain``, flag
    ``outcome_from_bare_scale``; round 40, lead 6). In the dev golds every such sentence (2 of 2) is labelled rest
    pain, and every scale sentence labelled a generic pain score (44) names "pain" itself."""
    for st in statistics:
        if st.get("outcome") != "pain_score":
            continue
        ev = st["evidence"]
        s0, s1 = ev.get("sentence_start", 0), ev.get("sentence_end", len(text))
        if not _RX.BARE_SCALE.search(text, s0, s1) or _RX.PAIN_WORD.search(text, s0, s1):
            continue
        last = None
        for last in _RX.PAIN_WORD.finditer(text, 0, s0):
            pass
        if last is None:
            continue
        # The rest-pain words that hold the last pain word ("Rest pain resolved", "pain at rest").
        if any(m.start() <= last.start() < m.end() for m in _RX.REST_PAIN_WORDS.finditer(
                text, max(0, last.start() - 12), min(s0, last.end() + 10))):
            st["outcome"] = "rest_pain"
            st["flags"].append(BARE_SCALE_FLAG)
