"""Pooled sides: a value said of several treated arms together is the pool's, not one member arm's (issue 11, round 26).

"Pooled across doses, 48.6% of cell-treated patients healed", "Both cell-containing groups together achieved 54.2%
closure ... versus 29.2% in the two cell-free groups": the golds file such values on a pooled record whose members
are the arms pooled (gold conventions 6 and 17); the arm readers put them on the nearest dose arm or, by order, on
the control. This stage reads the value's own words (its side of the sentence, up to the next value or clause) for
words of a pool (``TREATED_POOL``, ``UNTREATED_POOL``). A treated pool in a study with two or more treated arms and
a grouping of exactly those arms (``members``, made by the inventory from the text's own pooled label or doses)
takes the value there (flag ``arm_by_pooled_words``); with no such grouping, or for an untreated pool whose members
are not read, the value leaves its arm (target ``unattributed``, flag ``pooled_side``): null beats one member's arm.
"""
from __future__ import annotations

from collections.abc import Sequence

from stemfoot.extract.pattern_data import load_patterns

_RX = load_patterns("pooled_sides")
#: Kinds a pool's value can take (effects compare arms; p-values are no results).
KINDS = frozenset({"events", "percent", "mean_sd", "mean", "median"})
#: Words of an arm's label that do not name it.
_GENERIC = frozenset({"the", "group", "groups", "arm", "arms", "patients", "cohort"})


def value_words(text: str, st: dict, spans: list[tuple[int, int]]) -> tuple[str, str]:
    """The words before and after a value that speak of it: from the previous value of its sentence (or the
    sentence's start) to it, and from it to the next value (or the sentence's end), each cut at a clause break
    (``VALUE_BREAK``) on the far side. ``spans``: (start, end) of the values of the record."""
    ev = st["evidence"]
    start, end = ev["start"], ev["end"]
    lo, hi = ev.get("sentence_start", 0), ev.get("sentence_end", len(text))
    lo = max([lo, *(b for a, b in spans if lo <= b <= start)])
    hi = min([hi, *(a for a, b in spans if end <= a <= hi)])
    before = text[lo:start]
    breaks = list(_RX.VALUE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end():]
    after = text[end:hi]
    cut = _RX.VALUE_BREAK.search(after)
    return before, after[:cut.start()] if cut else after


def _names_arm(words: str, arm_words: list[set[str]]) -> bool:
    """Whether ``words`` hold every word of some arm's label (group words aside): "9 placebo patients"."""
    have = {w.lower() for w in _RX.WORD.findall(words)}
    return any(ws and ws <= have for ws in arm_words)


def pool_of(text: str, st: dict, spans: list[tuple[int, int]], labels: Sequence[str] = ()) -> str | None:
    """"treated" or "untreated" when the value's own words name a pool of arms, else None. Not when an arm of
    ``labels`` is named in those words on either side of the value, or in the value itself ("11 patients across
    the two cell groups and by 9 placebo patients": the 9 is the placebo arm's)."""
    before, after = value_words(text, st, spans)
    arm_words = [{w.lower() for w in _RX.WORD.findall(label)} - _GENERIC for label in labels]
    own = text[st["evidence"]["start"]:st["evidence"]["end"]]
    # An arm named anywhere in the value's own words, on either side of it, keeps the value: "Pain scores pooled
    # over weeks 4 and 8 were 3.1 in the high-dose group", "Among cell-treated patients, healing was 67% in the
    # high-dose group" (the pool word is about visits, centres or a subgroup, not the arms).
    if _names_arm(before + " " + own + " " + after, arm_words):
        return None
    for kind, rx in (("untreated", _RX.UNTREATED_POOL), ("treated", _RX.TREATED_POOL)):
        if rx.search(before) or rx.search(after):
            return kind
    return None


def pooled_side_stage(text: str, arms: list[dict], statistics: list[dict]) -> list[str]:
    """In place: each arm value (or unplaced one) whose words name a pool of arms goes to the grouping of the treated
    arms where the inventory has one, else leaves its arm. Only in studies of two or more treated arms (in a
    two-arm trial "cell-treated patients" is the cell arm) that also have an untreated arm (else a pool of all arms
    is the cohort, which the target reader decides). Returns the record's flags."""
    base = [a for a in arms if not a.get("members")]
    treated = {a["label"] for a in base if a.get("role") == "intervention"}
    if len(treated) < 2 or len(treated) == len(base):
        return []
    groupings = [a for a in arms if a.get("members") and set(a["members"]) == treated]
    spans = [(s["evidence"]["start"], s["evidence"]["end"]) for s in statistics if s.get("evidence")]
    labels = {a["label"] for a in base}
    moved = False
    for st in statistics:
        if st["kind"] not in KINDS or st.get("target") not in {"arm", "unattributed"} or (
                st.get("target") == "arm" and st.get("arm") not in labels):
            continue
        pool = pool_of(text, st, spans, sorted(labels))
        if pool is None:
            continue
        moved = True
        st.setdefault("detail", {})["pooled_side"] = {"pool": pool, "arm": st.get("arm")}
        if pool == "treated" and groupings:
            st.update(target="arm", arm=groupings[0]["label"], arm_role=groupings[0].get("role"))
            st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["arm_by_pooled_words"]
        else:
            st.update(target="unattributed", arm=None, arm_role=None)
            st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["pooled_side", "review_attribution"]
    return ["pooled_side_values"] if moved else []
