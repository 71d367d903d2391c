"""Baseline stage: values that describe the sample as it entered the study (age, sex, diabetes, aetiology,
ulcer area at baseline, ...), with their characteristic, measure "baseline" and the right target.

Pure functions over the text and statistic dicts (no spaCy). The vocabulary is data: characteristics are the
``characteristic`` terms of ``schemas/outcomes.json``, cues and change words are in ``schemas/baseline.json``.

1. :func:`characteristic_of` reads the characteristic from the words next to each number, within its clause:
   first the words before it back to the previous value or clause break ("mean age was 70.2"), then the words
   after it up to the next value or break ("64 patients (59.8%) were male"), then the characteristic of the
   value it is listed with ("dialysis 16.7% vs. 18.5%"), then a unit ("58.2 years" where the sentence speaks
   of age). A comparative right before a value's bracket names its characteristic too ("was younger (70.1 ...").
2. :func:`baseline_stage` (before attribution) marks a value ``measure``/``timepoint`` "baseline" when its
   characteristic is one that is always baseline (age, sex) or its sentence describes the sample (a cue such
   as "baseline", "characteristics", "randomised", or an age in the same sentence); the value's outcome is the
   characteristic. A value of any outcome in a clause that says "at baseline"/"before treatment" and speaks
   of no change and no follow-up time is a baseline value too, and so is a count whose own words say its patients
   had the condition before the trial ("had a previous minor amputation", "had a foot ulcer at entry").
3. :func:`baseline_targets` (after attribution) gives each marked value its target: the arm its own words
   name ("... in the MSC group"); else, when its clause names no arm and the sentence gives the
   characteristic once, the whole cohort (a list spread over the arms needs one value per arm of one
   characteristic; a value right before "vs" and another number is one side of a pair, never the cohort's); a
   per-arm list keeps the arms attribution gave it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from stemfoot.extract import vocabulary
from stemfoot.extract.pattern_data import load_patterns

#: Result kinds that may be a baseline value (p-values and effects compare, they describe no sample).
VALUE_KINDS = {"events", "percent", "mean_sd", "mean", "median"}
#: Flags of a value this module reads as a baseline trait (``baseline_stage``).
BASELINE_FLAGS = frozenset({"baseline_characteristic", "baseline_by_context"})
#: This module's regexes, as data in patterns/baseline.json (compiled once, here).
_RX = load_patterns("baseline")


@dataclass(frozen=True)
class Cues:
    """Compiled ``schemas/baseline.json``."""

    sample: re.Pattern
    baseline: re.Pattern
    change: re.Pattern
    subgroup: re.Pattern
    always: frozenset[str]
    units_of: tuple[tuple[str, re.Pattern], ...]


def _alternation(patterns: list[str]) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?!\w)", re.I)


@lru_cache(maxsize=None)
def cues() -> Cues:
    """The baseline cue patterns of schemas/baseline.json, compiled once."""
    data = json.loads(resources.files("stemfoot.schemas").joinpath("baseline.json").read_text("utf-8"))
    sample = data["baseline_cues"] + data["table_cues"] + data["sample_cues"]  # every cue of the sample at entry
    return Cues(_alternation(sample), _alternation(data["baseline_cues"]),
                _alternation(data["change_words"]), _alternation(data["subgroup_cues"]), frozenset(data["always"]),
                tuple((k, re.compile(rf"\s*\)?\s*(?:{v})(?!\w)", re.I)) for k, v in data["units_of"].items()))


def _sentence(st: dict, text: str) -> tuple[int, int]:
    ev = st["evidence"]
    return ev.get("sentence_start", 0), ev.get("sentence_end", len(text))


def _by_sentence(text: str, statistics: list[dict]) -> dict[tuple[int, int], list[dict]]:
    out: dict[tuple[int, int], list[dict]] = {}
    for st in sorted(statistics, key=lambda s: s["evidence"]["start"]):
        out.setdefault(_sentence(st, text), []).append(st)
    return out


def windows(text: str, sentence: tuple[int, int], stats: list[dict], i: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """The words before and after value ``i`` of a sentence's ``stats`` (sorted) that are its own: back to the
    previous value or the last break, on to the next value or the first break. Absolute offsets."""
    ev = stats[i]["evidence"]
    left = max([sentence[0]] + [s["evidence"]["end"] for s in stats[:i] if s["evidence"]["end"] <= ev["start"]])
    breaks = list(_RX.BREAK.finditer(text, left, ev["start"]))
    before = (breaks[-1].end() if breaks else left, ev["start"])
    right = min([sentence[1]] + [s["evidence"]["start"] for s in stats[i + 1:] if s["evidence"]["start"] >= ev["end"]])
    brk = _RX.BREAK.search(text, ev["end"], right)
    return before, (ev["end"], brk.start() if brk else right)


def _hits(text: str, span: tuple[int, int]) -> list[vocabulary.Hit]:
    """The characteristics named in ``span``, not those a qualifier restricts ("rest pain without tissue loss",
    ``QUALIFIER_BEFORE``): those say which patients were counted, not what."""
    a, b = span
    return [vocabulary.Hit(h.term, h.start + a, h.end + a, h.text) for h in vocabulary.characteristics().find(text[a:b])
            if not _RX.QUALIFIER_BEFORE.search(text, max(0, a + h.start - 20), a + h.start)]


@dataclass(frozen=True)
class Reading:
    """A value's characteristic and how it was read (``own``, ``before``, ``comparative``, ``after``, ``list``,
    ``unit``)."""

    id: str
    label: str
    how: str


def characteristic_of(text: str, sentence: tuple[int, int], stats: list[dict], i: int,
                      previous: Reading | None = None) -> Reading | None:
    """The characteristic the words next to value ``i`` name (see module doc); ``previous`` is the reading of
    the value before it in the sentence, which a value listed with it shares."""
    st = stats[i]
    ev = st["evidence"]
    before, after = windows(text, sentence, stats, i)
    # Words that start inside the value's own span ("64.3 ± 11.8 years old", "5 diabetic patients").
    own = [h for h in _hits(text, (ev["start"], after[1])) if h.start < ev["end"]]
    if own:
        return Reading(own[0].term.id, own[0].text, "own")
    hits = _hits(text, before)
    if hits:
        return Reading(hits[-1].term.id, hits[-1].text, "before")
    compared = _RX.COMPARATIVE.search(text, before[0], before[1])
    close = text.find(")", before[1], sentence[1])
    unit = _RX.TIME_UNIT.search(text, before[1], close if close >= 0 else sentence[1]) if compared else None
    if compared is not None and (unit is None or unit.group("years")):
        # "The PBMNC group was younger (70.1 ± 9.8 vs ...": the comparative is the only word of the characteristic;
        # "ulcers in the control group were older (median 8 vs 5 months)" tell a duration, not an age.
        return Reading(compared.lastgroup, compared.lastgroup, "comparative")
    hits = _hits(text, after)
    listed = _list_reading(text, stats, i, previous)
    if hits and listed is not None and closes_own_bracket(text, sentence[0], ev["start"], ev["end"], hits[0].start):
        # "in mean age (65.8, 66.4 and 67.1 years) or in the proportion of smokers (40.0%, ...)": the last value of
        # a bracketed list is the list's; the words after its bracket label the next list.
        return listed
    if hits:
        return Reading(hits[0].term.id, hits[0].text, "after")
    if listed is not None:
        return listed
    if st["kind"] in {"mean_sd", "mean", "median"}:
        named = {h.term.id for h in _hits(text, sentence)}
        for cid, unit in cues().units_of:
            m = unit.match(text, ev["end"])
            if cid in named and m:
                return Reading(cid, m.group().strip(" )"), "unit")
    return None


def _list_reading(text: str, stats: list[dict], i: int, previous: Reading | None) -> Reading | None:
    """The reading of value ``i`` as a member of the list the value before it (read ``previous``) opens: both of
    one family with only list words between. Not a count after a mean ("Mean age was 68.0 (SD 9.6) years and 37
    patients (69.8%) had rest pain at baseline": the count is of what its own words name, not of age; round 34)."""
    if previous is None or i == 0 or not _same_family(stats[i - 1]["kind"], stats[i]["kind"]):
        return None
    gap = text[stats[i - 1]["evidence"]["end"]:stats[i]["evidence"]["start"]]
    return Reading(previous.id, previous.label, "list") if _RX.LIST_GAP.match(_RX.UNIT_WORD.sub(" ", gap)) else None


def closes_own_bracket(text: str, s0: int, start: int, end: int, to: int) -> bool:
    """Whether the value at ``start``..``end`` sits in a bracket opened at or after ``s0`` (the last "(" before it,
    not closed before it) and a ")" follows it before ``to`` (the next words' start)."""
    opened = text.rfind("(", s0, start)
    return opened >= 0 and text.rfind(")", opened, start) < 0 and ")" in text[end:to]


def _same_family(a: str, b: str) -> bool:
    """Whether two value kinds can be members of one list of a characteristic: both counts (events, percent) or
    both summaries (mean ± SD, mean, median)."""
    counts = {"events", "percent"}
    return (a in counts) == (b in counts)


def prevalence_subject(text: str, sentence: tuple[int, int]) -> Reading | None:
    """The characteristic a sentence is about when its subject is one and its predicate says how common it was
    ("Dialysis dependence was more common in the standard care group (15/53, 28.3%) than in the cell group (7/47,
    14.9%)"): the counts of the sentence are how many had it at entry, though no cue of the sample is written. None
    where the subject also names a countable outcome ("Major amputation was less frequent ..."), which is an event."""
    m = _RX.PREVALENCE_SUBJECT.match(text, sentence[0], sentence[1])
    if m is None:
        return None
    if _RX.INCIDENCE_WORDS.search(m.group("subject")):
        # "New gangrene ...", "Dialysis-related infection ...": an event after treatment, not a characteristic.
        return None
    hits = _hits(text, m.span("subject"))
    events = [h for h in vocabulary.outcomes().find(m.group("subject")) if h.term.countable]
    if len(hits) != 1 or events:
        return None
    return Reading(hits[0].term.id, hits[0].text, "subject")


def _clause(text: str, sentence: tuple[int, int], pos: int) -> tuple[int, int]:
    """The part of a sentence between semicolons that holds ``pos``."""
    s, e = sentence
    left = text.rfind(";", s, pos)
    right = text.find(";", pos, e)
    return (left + 1 if left >= 0 else s), (right if right >= 0 else e)


def lead_clause(text: str, sentence: tuple[int, int], clause: tuple[int, int],
                spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The clause before ``clause`` in its sentence when it holds none of the values' ``spans`` and so only leads
    into it ("At baseline, the groups were similar; mean ABI was 0.52 vs 0.50"); None for a sentence's first
    clause or one with a value of its own (whose cues are its own values')."""
    if clause[0] <= sentence[0]:
        return None
    lead = _clause(text, sentence, clause[0] - 1)
    if any(lead[0] <= a < lead[1] for a, _ in spans):
        return None
    return lead


def _follow_up_time(text: str, span: tuple[int, int], stats: list[dict]) -> bool:
    """A follow-up time in the span that is no part of a value ("at 12 weeks", not "5 months (IQR 3-8)")."""
    from stemfoot.extract.number_grammar import time_matches
    a, b = span
    values = [(s["evidence"]["start"], s["evidence"]["end"]) for s in stats]
    return any(not any(x < a + m.end() and a + m.start() < y for x, y in values) for m in time_matches(text[a:b]))


def _cue_spans(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """Baseline cues in a span, less those that define a subgroup ("patients with ulcers at baseline")."""
    c = cues()
    subgroups = [(m.start(), m.end()) for m in c.subgroup.finditer(text, *span)]
    return [(m.start(), m.end()) for m in c.baseline.finditer(text, *span)
            if not any(a <= m.start() and m.end() <= b for a, b in subgroups)]


def state_at_entry(text: str, before: tuple[int, int], after: tuple[int, int]) -> bool:
    """Whether a count's own words (``before``/``after``: its windows) say its patients had a condition before the
    trial: "had a previous minor amputation", "had a foot ulcer at entry" right after it (``STATE_AFTER``), or "the
    proportion with prior minor amputation (" right before it (``STATE_BEFORE``)."""
    return bool(_RX.STATE_AFTER.match(text, *after) or _RX.STATE_BEFORE.search(text, *before))


def entry_state(text: str, after: tuple[int, int]) -> vocabulary.Hit | None:
    """The outcome a count's state at entry names in the words right after it ("had rest pain at baseline" ->
    rest pain; ``STATE_AFTER``), its first vocabulary match there; None without such words or match."""
    m = _RX.STATE_AFTER.match(text, *after)
    if m is None:
        return None
    hits = vocabulary.outcomes().find(m.group())
    return hits[0] if hits else None


def _countable(outcome: str | None) -> bool:
    term = vocabulary.outcomes().by_id.get(outcome or "")
    return bool(term and term.countable)


def baseline_stage(text: str, statistics: list[dict], sections: list[tuple[int, int, str]] | None = None) -> list[int]:
    """Mark baseline values in place (measure and timepoint "baseline"; a characteristic becomes the value's
    outcome, flag ``baseline_characteristic``; a value of another outcome at baseline gets flag
    ``baseline_by_context``). Values another stage already placed in time (``measure`` set) are left alone.
    ``sections``: (start, end, category) of a structured abstract's sections; values in its background tell of
    other work. Returns the indexes marked."""
    c = cues()
    background = [(a, b) for a, b, cat in sections or () if cat == "background"]
    index = {id(st): i for i, st in enumerate(statistics)}
    marked: list[int] = []
    for sentence, stats in _by_sentence(text, statistics).items():
        values = [st for st in stats if st["kind"] in VALUE_KINDS]
        readings: list[Reading | None] = []
        for i in range(len(values)):
            readings.append(characteristic_of(text, sentence, values, i, readings[-1] if readings else None))
        sample = c.sample.search(text, *sentence) is not None or any(
            r is not None and r.id in c.always for r in readings)
        for i in range(len(values) - 2, -1, -1):
            # "25 (43%) and 17 (39%) had TAO", "17 of 29 MSC limbs and 15 of 27 placebo limbs had tissue loss": a
            # value listed before one whose words after it name the characteristic shares it.
            later = readings[i + 1]
            gap = text[values[i]["evidence"]["end"]:values[i + 1]["evidence"]["start"]]
            if readings[i] is None and later is not None and later.how in {"after", "list_after"} \
                    and values[i]["kind"] == values[i + 1]["kind"] and _RX.LIST_AFTER_GAP.match(gap):
                readings[i] = Reading(later.id, later.label, "list_after")
        subject = prevalence_subject(text, sentence)
        if subject is not None:
            # "Dialysis dependence was more common in A (15/53) than in B (7/47)": each count of the sentence that
            # names no characteristic of its own counts the subject's.
            readings = [subject if r is None and st["kind"] in {"events", "percent"} else r
                        for st, r in zip(values, readings)]
        first: dict[tuple[int, int], int] = {}
        for st in values:
            first.setdefault(_clause(text, sentence, st["evidence"]["start"]), st["evidence"]["start"])
        for i, (st, r) in enumerate(zip(values, readings)):
            if st.get("measure") or any(a <= st["evidence"]["start"] < b for a, b in background):
                continue
            clause = _clause(text, sentence, st["evidence"]["start"])
            change = c.change.search(text, *clause) is not None
            later = _follow_up_time(text, clause, stats)
            # Age and sex are the sample's wherever they are given; another characteristic in a sentence that
            # describes the sample, or as the state a value's patients were in ("17 (65.4%) had diabetes",
            # not "healing was lower in patients with diabetes (60.6%)"), in a clause of no change, no event
            # and no follow-up time.
            # A value already of a countable outcome ("healing was lower in patients over 70, at 38%") is that
            # outcome's unless the characteristic is in its own words ("64.3 ± 11.8 years").
            mine = r is not None and (r.how == "own" or not _countable(st.get("outcome")))
            said = subject is not None and r is not None and r.id == subject.id and not later
            after = r is not None and r.how in {"after", "list_after"}
            if mine and (r.id in c.always or (not change and (sample or said or (after and not later)))):
                st["outcome"], st["outcome_label"] = r.id, r.label
                st["measure"], st["timepoint"] = "baseline", "baseline"
                st["flags"].append("baseline_characteristic")
                marked.append(index[id(st)])
                continue
            if not later and st["kind"] in {"events", "percent"} and (state_at_entry(text, *windows(text, sentence, values, i)) or (
                    i > 0 and "baseline_history" in (values[i - 1].get("flags") or ()) and _RX.LIST_GAP.match(
                        _RX.UNIT_WORD.sub(" ", text[values[i - 1]["evidence"]["end"]:st["evidence"]["start"]])))):
                # "15 of 48 (31.3%) had a previous minor amputation": a count of a state at entry, of any outcome
                # (an amputation before the trial is no event of it), and "had undergone" is no change here.
                st["measure"], st["timepoint"] = "baseline", "baseline"
                st["flags"].append("baseline_history")
                state = entry_state(text, windows(text, sentence, values, i)[1])
                if state is not None:
                    # Of the state its own words name ("37 patients (69.8%) had rest pain at baseline"), not of the
                    # sentence's first topic (age; round 34).
                    st["outcome"], st["outcome_label"] = state.term.id, state.text
                marked.append(index[id(st)])
                continue
            if change or later or _countable(st.get("outcome")):
                continue
            before, _ = windows(text, sentence, values, i)
            listed = i > 0 and "baseline_by_context" in (values[i - 1].get("flags") or ()) and _RX.LIST_GAP.match(
                _RX.UNIT_WORD.sub(" ", text[values[i - 1]["evidence"]["end"]:st["evidence"]["start"]]))
            # A cue in a clause of no values that leads into the value's ("At baseline, the groups were similar;
            # mean ABI was ...") governs it as one before its first value does, where that clause has no change
            # or follow-up time of its own.
            lead = lead_clause(text, sentence, clause, [(v["evidence"]["start"], v["evidence"]["end"]) for v in stats])
            led = lead is not None and not c.change.search(text, *lead) and not _follow_up_time(text, lead, stats) \
                and bool(_cue_spans(text, lead))
            if listed or led or any(b <= first[clause] or (before[0] <= a and b <= before[1])
                                    for a, b in _cue_spans(text, clause)):
                st["measure"], st["timepoint"] = "baseline", "baseline"
                st["flags"].append("baseline_by_context")
                marked.append(index[id(st)])
    return marked


def baseline_targets(text: str, statistics: list[dict], mentions: list[tuple[int, int, str]],
                     roles: dict[str, str | None]) -> list[int]:
    """Targets of the values :func:`baseline_stage` marked, in a study of two or more arms (``mentions``: where
    the text names each arm, (start, end, label); ``roles``: label -> role). Returns the indexes changed."""
    changed: list[int] = []
    index = {id(st): i for i, st in enumerate(statistics)}
    for sentence, stats in _by_sentence(text, statistics).items():
        values = [st for st in stats if st["kind"] in VALUE_KINDS]
        marked = [i for i, st in enumerate(values)
                  if BASELINE_FLAGS & set(st.get("flags") or ())]
        count: dict[str | None, int] = {}
        for i in marked:
            count[values[i].get("outcome")] = count.get(values[i].get("outcome"), 0) + 1
        paired = compared_pairs(text, sentence, values, marked, mentions, list(roles))
        for i in marked:
            st = values[i]
            if i in paired:
                if st.get("target") != "arm" or st.get("arm") != paired[i]:
                    st["target"], st["arm"], st["arm_role"] = "arm", paired[i], roles.get(paired[i])
                    st["flags"] = [f for f in st["flags"] if f != "review_attribution" and not f.startswith("arm_by_")] + [
                        "arm_by_comparative"]
                    changed.append(index[id(st)])
                continue
            before, after = windows(text, sentence, values, i)
            after = (after[0], bracket_end(text, sentence, st["evidence"]["start"], after[1]))
            own = {arm for a, b, arm in mentions if before[0] <= a and b <= after[1]}
            clause = _clause(text, sentence, st["evidence"]["start"])
            # An arm named earlier in the clause ("In the MSC group, mean age was ...") may be the value's;
            # one named after it and outside its own words ("DM 45%) randomised to BMAC or sham") is not.
            in_clause = {arm for a, b, arm in mentions if clause[0] <= a < st["evidence"]["start"]}
            if len(own) == 1:
                # Fills a gap only: an arm that attribution gave from a list ("in groups I, II and III")
                # outranks the first arm named after the value.
                arm = next(iter(own))
                if st.get("target") == "arm":
                    continue
                st["target"], st["arm"], st["arm_role"] = "arm", arm, roles.get(arm)
                st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["arm_by_own_words"]
            elif not own and not in_clause and count[st.get("outcome")] == 1 and st.get("outcome") is not None \
                    and not _RX.VS_VALUE_AFTER.match(text, st["evidence"]["end"]):
                if st.get("target") == "cohort":
                    continue
                st["target"], st["arm"], st["arm_role"] = "cohort", None, None
                # The arm a list or the results order gave it no longer stands: drop that flag too.
                st["flags"] = [f for f in st["flags"] if f != "review_attribution" and not f.startswith("arm_by_")] + [
                    "baseline_cohort"]
            else:
                continue
            changed.append(index[id(st)])
    return changed


def bracket_end(text: str, sentence: tuple[int, int], pos: int, end: int) -> int:
    """Where the words after a value stop being its own: at the bracket that closes around it ("(15/53, 28.3%) than
    in the cell group": the cell group is the next value's), else at ``end``."""
    depth = 0
    for ch in text[sentence[0]:pos]:
        depth += ch in "(["
        depth -= ch in ")]" and depth > 0
    if depth == 0:
        return end
    close = min((k for k in (text.find(")", pos, end), text.find("]", pos, end)) if k >= 0), default=-1)
    return close if close >= 0 else end


def compared_pairs(text: str, sentence: tuple[int, int], values: list[dict], marked: list[int],
                   mentions: list[tuple[int, int, str]], arms: list[str]) -> dict[int, str]:
    """Arms of the two-value lists a comparative opens ("The control cohort was older (70.4 ± 7.9 vs 65.2 ± 9.1
    years) and more often on dialysis (34.6% vs 13.2%)"): the first value is the subject's, the arm named right
    before the comparative ("The control cohort was", "patients receiving PBMNC were"), or the previous
    comparative's where no arm is named since; the second is the arm named after "than", else the one other arm
    of a two-arm study. No pair where the arm named last is not the subject ("In the PBMNC group, patients who
    healed were younger", "The PBMNC group, compared with controls, was younger"). Value index -> arm label."""
    out: dict[int, str] = {}
    subject: str | None = None
    since = sentence[0]
    for i in marked:
        if i + 1 not in marked:
            continue
        before, _ = windows(text, sentence, values, i)
        m = _RX.COMPARED_PAIR.search(text, before[0], before[1])
        gap = text[values[i]["evidence"]["end"]:values[i + 1]["evidence"]["start"]]
        if m is None or not _RX.LIST_GAP.match(_RX.UNIT_WORD.sub(" ", gap)):
            continue
        named = [(b, arm) for a, b, arm in mentions if since <= a and b <= m.start()]
        if named:
            end, arm = named[-1]
            subject = arm if _RX.SUBJECT_GAP.match(text, end, m.start()) else None
        # An arm named inside this pair ("older than the CD34+ group (71.5 vs ...") is no later comparative's subject.
        since = values[i + 1]["evidence"]["end"]
        if subject is None:
            continue
        than = {arm for a, b, arm in mentions if m.start("than") <= a < m.end("than")} - {subject}
        other = than or (set(arms) - {subject} if len(arms) == 2 else set())
        if len(other) == 1:
            out[i], out[i + 1] = subject, next(iter(other))
    return out
