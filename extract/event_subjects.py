"""Counts whose outcome is the subject of their own clause (round 35): pure functions over the text and statistic
dicts (no spaCy), run after the outcome stages and before attribution (`subject_stage`).

* A count after "<procedure> (…) caused <event> in" (``PROCEDURE_CAUSED``: "Bone marrow aspiration, performed in
  all 48 patients to preserve blinding, caused transient pain in 6") counts an adverse event of the procedure: its
  outcome is the event's (the outcome vocabulary's term for "transient pain", as the golds file it), else
  ``adverse_events`` ("a haematoma"), never a term of the procedure's own words; an apposition that names everyone
  the procedure was done in gives the count its denominator.
* A count after "<condition> was present in" (``PRESENT_IN``: "Gangrene was present in 22 PBMNC (37.9%) and 19
  conventional patients (31.1%)") counts who had the condition at entry: the condition is its outcome (when it is
  a baseline characteristic of the vocabulary) and the count, with the counts listed after it, a baseline one.
"""
from __future__ import annotations

from stemfoot.extract.pattern_data import load_patterns
from stemfoot.extract.vocabulary import characteristics, outcomes as outcomes_vocabulary

#: This module's regexes, as data in patterns/event_subjects.json (compiled once, here).
_RX = load_patterns("event_subjects")
#: The outcome a procedure's adverse event is filed under.
PROCEDURE_EVENT = "adverse_events"
_COUNTS = {"events", "percent"}


def _sentence(text: str, st: dict) -> tuple[int, int]:
    ev = st["evidence"]
    return ev.get("sentence_start", 0), ev.get("sentence_end", len(text))


def procedure_caused(text: str, st: dict) -> tuple[str, int | None] | None:
    """(event words, denominator) of a count that "<procedure> (…) caused <event> in" leads (``PROCEDURE_CAUSED``),
    else None; the denominator is the patients an apposition says the procedure was done in ("performed in all 48
    patients", ``ALL_OF``), when the count fits it."""
    if st["kind"] not in _COUNTS:
        return None
    s0 = _sentence(text, st)[0]
    m = _RX.PROCEDURE_CAUSED.search(text[s0:st["evidence"]["start"]])
    if not m:
        return None
    every = _RX.ALL_OF.search(m.group("apposition") or "")
    total = int(every.group("n")) if every else None
    return m.group("event").strip(), total if total and (st.get("events") or 0) <= total else None


def present_subject(text: str, st: dict) -> tuple[str, str] | None:
    """(outcome id, subject words) of a count that "<condition> was present in" leads (``PRESENT_IN``), when the
    condition is a baseline characteristic of the vocabulary ("Gangrene": not "Ischaemic ulcers") and the count
    has no other outcome; not a count followed by a follow-up time (``AFTER_PRESENT``)."""
    if st["kind"] not in _COUNTS:
        return None
    s0, s1 = _sentence(text, st)
    ev = st["evidence"]
    m = _RX.PRESENT_IN.search(text[s0:ev["start"]])
    if not m or _RX.AFTER_PRESENT.match(text[ev["end"]:s1]):
        return None
    term = characteristics().lookup(m.group("subject"))
    if term is None or st.get("outcome") not in (None, term.id):
        return None
    return term.id, m.group("subject")


def subject_stage(text: str, statistics: list[dict]) -> list[dict]:
    """In place: the outcome of counts a procedure's "caused … in" or a condition's "was present in" leads
    (`procedure_caused`, `present_subject`; the counts listed right after the latter share it, ``LIST_NEXT``).
    Returns the values changed."""
    changed: list[dict] = []
    counts = sorted((st for st in statistics if st["kind"] in _COUNTS), key=lambda st: st["evidence"]["start"])
    lead: tuple[dict, str, str] | None = None
    for st in counts:
        ev = st["evidence"]
        caused = procedure_caused(text, st)
        if caused is not None:
            event, total = caused
            term = outcomes_vocabulary().lookup(event) if event else None
            st["outcome"] = term.id if term is not None else PROCEDURE_EVENT
            st["outcome_label"] = event or st.get("outcome_label")
            if total is not None and st["kind"] == "events" and st.get("total") is None:
                st["total"] = total
            st["detail"] = {**(st.get("detail") or {}), "outcome_subject": "procedure_caused"}
            changed.append(st)
            lead = None
            continue
        subject = present_subject(text, st)
        if subject is None and lead is not None:
            prev, outcome, words = lead
            pe = prev["evidence"]
            same = pe.get("sentence_start") == ev.get("sentence_start")
            if same and _RX.LIST_NEXT.match(text[pe["end"]:ev["start"]]) and st.get("outcome") in (None, outcome):
                subject = (outcome, words)
        if subject is None:
            lead = None
            continue
        outcome, words = subject
        st["outcome"], st["outcome_label"] = outcome, words
        st["measure"], st["timepoint"] = "baseline", "baseline"
        if "baseline_by_wording" not in st["flags"]:
            st["flags"].append("baseline_by_wording")
        st["detail"] = {**(st.get("detail") or {}), "outcome_subject": "present_in"}
        changed.append(st)
        lead = (st, outcome, words)
    return changed
