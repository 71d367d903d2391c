"""Which outcome a value measures: the measurement words and unit of its own clause before the sentence's topic.

The statistics component gives each value the outcome named nearest before it in its sentence (else the one
named in an earlier results sentence). That is the sentence's topic, and it is wrong where the value's own
words name another outcome: "ABI was 0.54 ..., and 16 of 28 were free of rest pain", "TcPO2 and ABI were 41
mmHg and 0.62", "rest pain on a 0-10 visual analogue scale fell from 7 to 3". This stage reads, per value:

1. the outcome words of its own clause (``clause_bounds``; brackets do not end a clause), read as phrases
   (``read_phrases``): a measure and the instrument that measured it are one phrase of the measure; a list
   joined by "or" is one composite outcome, named by its first member; a list joined by "and" with as many
   values of one arm after it gives them its outcomes in order (``list_outcomes``);
2. the phrase overlapping the value, else the nearest before it in the clause, else the first after it in the
   clause; only where the clause names nothing does the sentence's topic stay (and not even that where the
   clause names a baseline characteristic instead, "smoking relapse was recorded in 3 patients");
3. the unit written with the value, or closing its list of values ("58.4 (SD 15.2) and 73.6 (SD 12.9) days"):
   an outcome whose declared units (``schemas/outcomes.json``) lack it yields to its time variant, to the nearest
   outcome of the clause or sentence that fits, or to the outcome the unit alone names (``schemas/units.json``:
   cm2 -> ulcer area); with none the value keeps no outcome (null beats a guess).

Pure functions over text, statistic dicts and outcome-mention dicts (no spaCy; tests in
tests/extract/test_outcome_scope.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from stemfoot.extract import vocabulary
from stemfoot.extract.literal_words import word_spans
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.schemas import UNIT_CLASSES, UNIT_NAMES, UNIT_SPACE_AFTER


def unit_pattern(spellings: list[str], space_after: tuple[str, ...]) -> str:
    """One regex alternative per unit spelling (longest first), a space allowed after a ``space_after`` part
    ("mm Hg") and no letter after one ending in a letter ("d" is no unit in "daily", "week" none in "weekly")."""
    def one(spelling: str) -> str:
        head = next((h for h in space_after if spelling.startswith(h) and spelling != h), "")
        rx = (re.escape(head) + r"\s?" if head else "") + re.escape(spelling[len(head):])
        return rx + (r"(?![^\W\d_])" if spelling[-1].isalpha() else "")
    return "(?:" + "|".join(one(s) for s in sorted(spellings, key=len, reverse=True)) + ")"


_RX = load_patterns("outcome_scope", UNIT=unit_pattern(list(UNIT_CLASSES), UNIT_SPACE_AFTER))
#: Kinds whose outcome this stage reads (p-values take theirs from the values they test).
KINDS = {"events", "percent", "mean_sd", "mean", "median", "effect"}
#: Kinds of one arm's value (what a coordinated list of outcomes hands out in order).
VALUE_KINDS = {"events", "percent", "mean_sd", "mean", "median"}
#: Kinds that count patients or events.
COUNT_KINDS = {"events", "percent"}


@dataclass(frozen=True)
class Phrase:
    """Outcome words read as one: the outcome they name and the characters they cover."""

    outcome: str
    label: str
    start: int
    end: int


# --- units ---------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def outcome_units() -> dict[str, dict]:
    """Outcome id -> {"units": set of unit classes (None: not checked), "as_time": id} (``schemas/outcomes.json``)."""
    return {t["id"]: {"units": set(t["units"]) if "units" in t else None, "as_time": t.get("as_time")}
            for t in vocabulary._load("outcomes.json")["terms"]}


def _unit_class(raw: str) -> str | None:
    """The unit class of a unit as written ("mm Hg" -> pressure), its spaces removed and lower-cased."""
    return UNIT_CLASSES.get(re.sub(r"\s", "", raw).lower())


def unit_after(text: str, end: int) -> str | None:
    """The unit class written right after a value ("(41.8±6.5) mmHg" -> pressure; "d" -> time)."""
    m = _RX.UNIT_AFTER.match(text, end, min(len(text), end + 14))
    return _unit_class(m.group("u")) if m else None


def unit_inside(span_text: str) -> str | None:
    """The unit class closing a statistic's own span ("7.4 ± 3.1 cm2" -> area; "52.4 ± 14.8 days" -> time)."""
    m = _RX.UNIT_AT_END.search(span_text)
    return _unit_class(m.group("u")) if m else None


def unit_lead(text: str, ev: dict) -> str | None:
    """The unit right after a span's first number when a bracket follows ("5 months (range 2–11)" -> time)."""
    m = _RX.UNIT_LEAD.match(text, ev["start"], ev["end"])
    return _unit_class(m.group("u")) if m else None


def _to_word_end(text: str, ev: dict) -> str:
    """A statistic's span text, with the rest of a word the span cuts ("8.7 ± 1.1 m|in" -> "... min")."""
    end = ev["end"]
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[ev["start"]:end]


def own_unit(text: str, st: dict) -> str | None:
    """The unit class written with a value itself (after it, closing its span, or after its first number)."""
    if st["kind"] == "percent":
        return "percent"
    ev = st["evidence"]
    return unit_after(text, ev["end"]) or unit_inside(_to_word_end(text, ev)) or unit_lead(text, ev)


def list_unit(text: str, st: dict, values: list[dict], clause: tuple[int, int] | None = None) -> str | None:
    """The unit closing the list of values a value opens or sits in ("58.4 (SD 15.2) and 73.6 (SD 12.9) days"):
    the unit of the last value joined to it by list words of one kind, inside ``clause`` where given, where that
    one writes a unit ("0.71 vs 0.52, 45 vs 30 mmHg": the first pair's list ends at the comma)."""
    ordered = sorted(values, key=lambda v: v["evidence"]["start"])
    if st not in ordered:
        return None
    last, kind = st, None
    for nxt in ordered[ordered.index(st) + 1:]:
        join = _RX.VALUE_JOIN.match(text[last["evidence"]["end"]:nxt["evidence"]["start"]])
        now = join.lastgroup if join else None
        if (nxt["kind"] != st["kind"] or now is None or kind not in (None, now)
                or (clause is not None and nxt["evidence"]["start"] >= clause[1])):
            break
        last, kind = nxt, now
    return own_unit(text, last) if last is not st else None


def fits(outcome: str | None, unit: str | None) -> bool:
    """Whether a value in ``unit`` can be a value of ``outcome`` (no unit, no outcome, or undeclared units: yes)."""
    spec = outcome_units().get(outcome or "", {}).get("units")
    return unit is None or outcome is None or spec is None or unit in spec


# --- clauses and phrases ---------------------------------------------------------------------------------

@lru_cache(maxsize=128)
def outside_brackets(s: str) -> str:
    """``s`` with every bracketed character blanked (offsets kept): clause words inside brackets do not count."""
    out, depth = [], 0
    for c in s:
        if c in "([":
            depth += 1
        out.append(c if depth == 0 else " ")
        if c in ")]" and depth:
            depth -= 1
    return "".join(out)


def clause_bounds(text: str, s0: int, s1: int, pos: int) -> tuple[int, int]:
    """The clause of sentence [s0, s1) around offset ``pos``: between the clause breaks outside brackets."""
    c0, c1 = s0, s1
    for m in _RX.CLAUSE_BREAK.finditer(outside_brackets(text[s0:s1])):
        a, b = s0 + m.start(), s0 + m.end()
        if b <= pos:
            c0 = b
        elif a >= pos:
            c1 = a
            break
    return c0, c1


def _span(m: dict) -> tuple[int, int]:
    """A mention's (start, end) in the text."""
    return m["evidence"]["start"], m["evidence"]["end"]


def read_phrases(text: str, mentions: list[dict]) -> tuple[list[Phrase], list[list[Phrase]]]:
    """The outcome phrases of some mentions, and the coordinated lists among them.

    A measure followed by its instrument ("rest pain on a 0–10 VAS", "perfusion measured by laser Doppler") or
    by an example of it ("adverse events, mostly injection-site pain") is one phrase of the measure; a list of outcome words whose last joiner is "or" ("major amputation, all-cause
    mortality or doubling of wound area") is one composite phrase named by its first member (as the vocabulary
    reads a composite label); other lists of two or more outcomes ("ABI and TcPO2") come back as lists."""
    phrases: list[Phrase] = []
    for m in sorted(mentions, key=_span):
        s, e = _span(m)
        gap = text[phrases[-1].end:s] if phrases and phrases[-1].end <= s else None
        if gap is not None and (instrument_gap(gap) or _RX.EXAMPLE_LINK.match(gap)):
            phrases[-1] = Phrase(phrases[-1].outcome, phrases[-1].label, phrases[-1].start, e)
            continue
        phrases.append(Phrase(m["outcome"], m["label"], s, e))
    runs: list[list[tuple[Phrase, str]]] = []
    for p in phrases:
        gap = _RX.COORD_GAP.match(text[runs[-1][-1][0].end:p.start]) if runs and runs[-1][-1][0].end <= p.start else None
        if gap:
            runs[-1].append((p, gap.group("join")))
        else:
            runs.append([(p, "")])
    out: list[Phrase] = []
    lists: list[list[Phrase]] = []
    for run in runs:
        members = [p for p, _ in run]
        joins = [j for _, j in run[1:]]
        if len(run) > 1 and (_RX.OR_JOIN.search(joins[-1]) or (
                all(j.strip() == "," for j in joins) and _RX.OR_TAIL.match(text[members[-1].end:members[-1].end + 20]))):
            first = members[0]
            out.append(Phrase(first.outcome, first.label, first.start, members[-1].end))
            continue
        out.extend(members)
        if len({p.outcome for p in members}) == len(members) > 1:
            lists.append(members)
    return out, lists


def instrument_gap(gap: str) -> bool:
    """Whether the words between a measure and another outcome term name the instrument that measured it ("rest
    pain on a 0–10 visual analogue scale", "perfusion measured by laser Doppler"): the two are one phrase."""
    return _RX.INSTRUMENT_LINK.match(gap) is not None


def clause_phrase(text: str, phrases: list[Phrase], span: tuple[int, int], clause: tuple[int, int],
                  count: bool = False, after: bool = True) -> Phrase | None:
    """The phrase a value's own clause gives it: for a ``count``, event words in its span (not those describing
    who was counted: "19 of 23 patients who had pain"; a measurement's span ends at most in its unit), else the
    words right after it that say what it measured ("0.15 in ABI"), else the nearest before it in the clause,
    else (where ``after``) the first after it in the clause."""
    start, end = span
    inside = [p for p in phrases if clause[0] <= p.start and p.end <= clause[1]]
    own = [p for p in inside if count and p.start < end and start < p.end
           and not _RX.DESCRIBES_COUNTED.search(text, start, max(start, p.start))
           and not _RX.OF_TOTAL_BEFORE.search(text, start, max(start, p.start))]
    if own:
        # "11 patients had bone pain", "collateral formation in 11 patients": the span's own words.
        return own[0]
    measured = [p for p in inside if p.start >= end and _RX.MEASURE_AFTER.match(text[end:p.start])]
    if measured:
        return measured[0]
    before = [p for p in inside if p.end <= start]
    if before:
        return before[-1]
    later = [p for p in inside if p.start >= end] if after else []
    return later[0] if later else None


def list_outcomes(text: str, values: list[dict], lists: list[list[Phrase]],
                  clause_of: dict[int, tuple[int, int]]) -> dict[int, Phrase]:
    """Values handed out by a coordinated list of outcomes in their clause ("ABI and TcPO2 were 0.71 and 42.6
    mmHg"): value index -> phrase. The values are those of one kind family after the list in its clause, with
    no other outcome words between; k outcomes take k values of one arm in order, or k·j values in the one
    order (by outcome, or outcome within each group of k) that the values' units alone allow."""
    out: dict[int, Phrase] = {}
    for members in lists:
        head, tail = members[0], members[-1]
        idx = [i for i, v in enumerate(values) if v["kind"] in VALUE_KINDS
               and clause_of[i][0] <= head.start and v["evidence"]["start"] >= tail.end]
        idx = [i for i in idx if clause_of[i] == clause_of[idx[0]]] if idx else []
        if any(head.end <= v["evidence"]["start"] < tail.start for v in values):
            # A value between the list's words is the first word's: they are no list handing values out in order.
            continue
        k, n = len(members), len(idx)
        if n < k or n % k:
            continue
        units = [own_unit(text, values[i]) for i in idx]
        if n == k:
            # k values are the k outcomes' only where they are one known arm's, or where their units allow no
            # single outcome of the list (else "60% and 20%" may be two arms' values of one outcome).
            arms = {values[i].get("arm") for i in idx}
            one_arm = len(arms) == 1 and None not in arms
            units_decide = not any(all(fits(p.outcome, u) for u in units) for p in members)
            if not (one_arm or units_decide) or not all(fits(p.outcome, u) for p, u in zip(members, units)):
                continue
            out.update(zip(idx, members))
            continue
        j = n // k
        orders = {"interleaved": [members[i % k] for i in range(n)], "grouped": [members[i // j] for i in range(n)]}
        good = [o for o in orders.values() if all(fits(p.outcome, u) for p, u in zip(o, units))]
        if len(good) == 1:
            out.update(zip(idx, good[0]))
    return out


@lru_cache(maxsize=1)
def subgroup_outcomes() -> frozenset[str]:
    """The terms whose words may name a subgroup: classifications (``subgroup``) and baseline characteristics
    (``schemas/outcomes.json``); an outcome measure never does ("0.15 in ABI")."""
    return vocabulary.outcome_ids("subgroup", "characteristic")


def threshold_group(text: str, p: Phrase) -> bool:
    """Whether a phrase names the patients a cut-off of its measure selects ("Healing in patients with ABI between
    0.5 and 0.7 was 7 of 10", "among participants with a baseline ulcer area above 3 cm2"): any term, measures
    included, after a population noun and "with" and before the cut-off names a subgroup, not what was measured."""
    return (_RX.THRESHOLD_GROUP_BEFORE.search(text, max(0, p.start - 60), p.start) is not None
            and _RX.THRESHOLD_GROUP_AFTER.match(text[p.end:p.end + 40]) is not None)


def entry_cut_off(text: str, p: Phrase) -> bool:
    """Whether a ``threshold_group`` phrase's cut-off is of the value at entry ("patients with a baseline ulcer area
    above 3 cm2")."""
    m = _RX.THRESHOLD_GROUP_BEFORE.search(text, max(0, p.start - 60), p.start)
    return m is not None and m.group("entry") is not None


def subgroups(text: str, phrases: list[Phrase], values: list[dict], sentence: tuple[int, int]) -> list[Phrase]:
    """The phrases of a sentence that name a subgroup, not a measure: a cut-off's measure (``threshold_group``), or
    a ``subgroup_outcomes`` term right after a value or at a clause's start
    with only "in"/"among"/"with" words between, and followed by a population noun, a comparison or the next
    subgroup's value ("57.1% (8/14) in Rutherford 6 patients", "... and in Rutherford category 6 than in
    categories 4–5 (44.0% ...)")."""
    ends = sorted(v["evidence"]["end"] for v in values)
    kinds = subgroup_outcomes()
    cut = [p for p in phrases if threshold_group(text, p)]
    # A cut-off at follow-up with no other measure in its sentence is the outcome ("the proportion of patients with
    # TcPO2 above 40 mmHg was 60% vs 30%"); one of the value at entry ("patients with baseline TcPO2 below 10 mmHg")
    # always selects a subgroup.
    alone = len(cut) == len(phrases)
    out = [p for p in cut if not alone or entry_cut_off(text, p)]
    for p in phrases:
        if p in cut:
            continue
        if p.outcome not in kinds:
            continue
        lead = max([clause_bounds(text, sentence[0], sentence[1], p.start)[0]] + [e for e in ends if e <= p.start])
        if _RX.SUBGROUP_GAP.match(text[lead:p.start]) and _RX.SUBGROUP_TAIL.match(text[p.end:p.end + 40]):
            out.append(p)
    return out


@lru_cache(maxsize=1)
def entry_topics() -> frozenset[str]:
    """The terms that measure the sample at entry (characteristics and ``entry_measure`` terms of
    ``schemas/outcomes.json``: age, sex, BMI, diabetes duration, HbA1c): never what a count at follow-up counts."""
    return vocabulary.outcome_ids("characteristic", "entry_measure")


def inherited_entry_topic(text: str, st: dict, clause: tuple[int, int]) -> bool:
    """Whether a count took an entry measurement as its topic from outside its clause while its clause is at a
    follow-up time ("The mean HbA1c at entry was 8.6% ... By week 12, 15/33 ulcers ..."): a count there counts
    events after treatment, and the entry topic is a guess (call only where the clause named no outcome)."""
    return (st["kind"] in COUNT_KINDS and st.get("outcome") in entry_topics()
            and _RX.FOLLOW_UP_TIME.search(text, clause[0], clause[1]) is not None)


def describes_follow_up(text: str, st: dict, clause: tuple[int, int]) -> bool:
    """Whether a value says how long the study followed its patients ("Median follow-up was 21 months (IQR
    14–30)"): a study descriptor, no result (call only where the clause named no outcome). Only a duration's kinds:
    a count or a percentage after "over a mean follow-up of 12 months" is that period's result."""
    if st["kind"] in {"events", "percent", "effect"}:
        return False
    return _RX.FOLLOW_UP_LEAD.search(text, clause[0], st["evidence"]["start"]) is not None


def unlisted_event(words: str) -> str | None:
    """The adverse event the outcome vocabulary lacks that words before a value name ("Infusion-related headache was
    more frequent with iloprost (12 vs 3 patients)" -> "headache"; ``UNLISTED_EVENT``), else None: the value counts
    that event, an adverse event, and an earlier sentence's outcome is no outcome of it."""
    if _RX.UNLISTED_EVENT_NOT.search(words):
        # "At entry, anaemia was present in 12": a characteristic at entry, no adverse event.
        return None
    hits = [h for h in _RX.UNLISTED_EVENT.finditer(words)
            if not _RX.UNLISTED_EVENT_SUBSET.search(words, 0, h.start())]
    # "In patients free of cellulitis, it was 16/17": the word names a subset (``UNLISTED_EVENT_SUBSET``).
    return hits[-1].group() if hits else None


def written_as_bound(text: str, st: dict) -> bool:
    """Whether a value is written as a bound ("remained below 10% in all patients"): a threshold, which takes no
    outcome from another clause (call only where its clause named none)."""
    start = st["evidence"]["start"]
    return _RX.BOUND_BEFORE.search(text, max(0, start - 20), start) is not None


# --- the stage -------------------------------------------------------------------------------------------

def own_outcome(text: str, st: dict, mentions: list[dict]) -> dict | None:
    """A countable outcome a count's own words name: inside its span ("two patients died") or right after it
    with only the counted noun, a percentage and a verb between ("5 patients (11.4%) died"); or a characteristic
    or classification its patients had, right after it ("27 patients (60.0%) had Rutherford category 5 disease":
    ``TRAIT_GAP``)."""
    ev = st["evidence"]
    traits = subgroup_outcomes()
    for m in mentions:
        ms, me = m["evidence"]["start"], m["evidence"]["end"]
        if (m["outcome"] in traits and ev["end"] <= ms <= ev["end"] + 45
                and _RX.TRAIT_GAP.match(text[ev["end"]:ms])):
            return m
        if not m.get("countable"):
            continue
        if (ev["start"] <= ms and _RX.OF_TOTAL_BEFORE.search(text, ev["start"], ms)
                and (ms < ev["end"] or _RX.DENOMINATOR_NOUN_AFTER.match(text[me:me + 40])
                     or _RX.COUNT_AS_OBJECT.search(text, max(0, ev["start"] - 80), ev["start"]))):
            # "2 of the 12 healed controls": the words describe the denominator, not the event ("3 of 17 recurred":
            # with no population noun after them they are the count's verb, unless the count is the object of "in"
            # or "among": "Recurrence was seen in 3 of 17 healed and 4 of 10 unhealed ulcers").
            continue
        if ev["start"] <= ms and me <= ev["end"]:
            return m
        if ev["end"] <= ms <= ev["end"] + 60:
            # "1 of 30 and 3 of 17 recurred": the list's other bare counts stand right before the verb they share
            # ("6 patients (13.6%) and 5 patients (11.4%) died": the verb is the last count's, its noun its own).
            gap = text[ev["end"]:ms]
            listed = _RX.COUNT_LIST_GAP.match(gap)
            if (not gap[listed.end():].strip()) if listed else _RX.OWN_GAP.match(gap):
                return m
    return None


def in_arm_names(text: str, mentions: list[dict], arm_labels: list[str]) -> list[dict]:
    """The mentions that are no words of an arm's name ("the BMI group": bone-marrow implantation, not the
    body-mass index)."""
    spans = [span for label in arm_labels if label and len(label) > 2
             for span in word_spans(text, label, not_before="-", not_after="-")]
    return [m for m in mentions if not any(a <= _span(m)[0] and _span(m)[1] <= b for a, b in spans)]


def _set(st: dict, outcome: str | None, label: str | None, flag: str) -> None:
    """Give a value ``outcome`` and its label, flagging how, where that changes its outcome."""
    if outcome != st.get("outcome"):
        st["outcome"], st["outcome_label"] = outcome, label
        st["flags"].append(flag)


def outcome_stage(text: str, statistics: list[dict], mentions: list[dict], arm_labels: list[str] | None = None) -> None:
    """Each value's outcome from the words and unit of its own clause (module doc), in place. Flags:
    ``outcome_own_words`` (a count's own event words), ``outcome_from_list`` (a coordinated list's order),
    ``outcome_own_clause`` (its clause named another outcome than the sentence's topic),
    ``outcome_not_in_clause`` (its clause names a baseline characteristic and no outcome: the topic is not
    its), ``outcome_follow_up`` (it says how long patients were followed), ``outcome_entry_topic`` (a count at a
    follow-up time kept an entry measurement's topic from outside its clause), ``outcome_bound`` (a threshold
    "below 10%" with no outcome of its clause), ``outcome_names_subgroup`` (its outcome was only a subgroup's name), ``outcome_from_unit`` /
    ``outcome_unit_mismatch`` (the unit decided, or left none)."""
    # Baseline-only characteristics ("ASO", "diabetes") name subgroups here; the baseline stage reads them.
    topics = vocabulary.outcome_topics().by_id
    mentions = [m for m in in_arm_names(text, mentions, arm_labels or []) if m["outcome"] in topics]
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for i, st in enumerate(statistics):
        ev = st["evidence"]
        by_sentence.setdefault((ev.get("sentence_start", 0), ev.get("sentence_end", 0)), []).append(i)
    for (s0, s1), members in by_sentence.items():
        values = [statistics[i] for i in members]
        phrases, lists = read_phrases(text, [m for m in mentions if s0 <= m["evidence"]["start"] < s1])
        groups = subgroups(text, phrases, values, (s0, s1))
        phrases = [p for p in phrases if p not in groups]
        lists = [run for run in lists if not set(run) & set(groups)]
        clause_of = {k: clause_bounds(text, s0, s1, v["evidence"]["start"]) for k, v in enumerate(values)}
        listed = list_outcomes(text, values, lists, clause_of)
        for k, st in enumerate(values):
            if st["kind"] not in KINDS:
                continue
            if st.get("outcome") is None and st.get("outcome_label") or "outcome_own_words" in st["flags"]:
                # The grammar named the count's own noun, which the vocabulary lacks ("seroma (n = 1)"), or read its
                # outcome from its own words ("none was related to the cells"): a neighbour's outcome would be a guess.
                continue
            own = own_outcome(text, st, mentions) if st["kind"] == "events" else None
            if own is not None:
                # "two patients died", "2 patients (5.4%) required a minor amputation": the count's own words.
                _set(st, own["outcome"], own["label"], "outcome_own_words")
                continue
            ev = st["evidence"]
            # A subgroup's name in the clause is no reason to reach for outcome words after the value.
            no_group = not any(clause_of[k][0] <= g.start < clause_of[k][1] for g in groups)
            phrase = listed.get(k) or clause_phrase(text, phrases, (ev["start"], ev["end"]), clause_of[k],
                                                    st["kind"] == "events", no_group)
            if phrase is not None:
                _set(st, phrase.outcome, phrase.label, "outcome_from_list" if k in listed else "outcome_own_clause")
            elif st.get("outcome") and describes_follow_up(text, st, clause_of[k]):
                _set(st, None, None, "outcome_follow_up")
            elif inherited_entry_topic(text, st, clause_of[k]):
                _set(st, None, None, "outcome_entry_topic")
            elif st.get("outcome") and st["kind"] in VALUE_KINDS and written_as_bound(text, st):
                _set(st, None, None, "outcome_bound")
            elif st.get("outcome") and _names_characteristic(text, clause_of[k]):
                _set(st, None, None, "outcome_not_in_clause")
            elif st.get("outcome") in {g.outcome for g in groups} - {p.outcome for p in phrases}:
                # "AFS was 77.5% overall, 88.5% in Rutherford 5 and 57.1% in Rutherford 6 patients": a subgroup's
                # name is no value's outcome.
                _set(st, None, None, "outcome_names_subgroup")
            if k not in listed and not {"outcome_follow_up", "outcome_bound"} & set(st["flags"]):
                _check_unit(text, st, values, phrases, clause_of[k])


def _names_characteristic(text: str, clause: tuple[int, int]) -> bool:
    """Whether a clause names a baseline characteristic as what it measured ("smoking relapse was recorded in 3
    patients"), not as a subgroup ("among patients with diabetes, the corresponding rates were ...")."""
    return any(not _RX.SUBGROUP_LEAD.search(text, max(clause[0], clause[0] + h.start - 40), clause[0] + h.start)
               for h in vocabulary.characteristics().find(text[clause[0]:clause[1]]))


def _check_unit(text: str, st: dict, values: list[dict], phrases: list[Phrase], clause: tuple[int, int]) -> None:
    """Where the value's unit contradicts its outcome: the outcome's time variant, else the nearest fitting
    outcome of the clause, then of the sentence, else the outcome the unit names, else none."""
    have = st.get("outcome")
    if st["kind"] == "effect":
        # An effect's unit is its own words only ("healing being shorter by 21.3 days (95% CI ...)": the difference
        # in healing measured in days is one in the time to healing); a ratio has none, and a list's unit is no
        # effect's, so only the outcome's time variant applies.
        spec = outcome_units().get(have or "", {})
        if spec.get("as_time") and own_unit(text, st) == "time":
            _set(st, spec["as_time"], st.get("outcome_label"), "outcome_from_unit")
        return
    unit = own_unit(text, st) or list_unit(text, st, values, clause)
    if unit is None or unit == "percent" or (have is not None and fits(have, unit)):
        return
    spec = outcome_units().get(have or "", {})
    if have is not None and unit == "time" and spec.get("as_time"):
        _set(st, spec["as_time"], st.get("outcome_label"), "outcome_from_unit")
        return
    start = st["evidence"]["start"]
    near = [p for p in phrases if fits(p.outcome, unit) and outcome_units().get(p.outcome, {}).get("units")]
    in_clause = [p for p in near if clause[0] <= p.start < clause[1]]
    pick = min(in_clause or near, key=lambda p: abs(p.start - start)) if near else None
    if pick is not None:
        _set(st, pick.outcome, pick.label, "outcome_from_unit")
    elif unit in UNIT_NAMES:
        _set(st, UNIT_NAMES[unit], st.get("outcome_label"), "outcome_from_unit")
    elif have is not None:
        st["outcome"] = None
        st["flags"].append("outcome_unit_mismatch")
