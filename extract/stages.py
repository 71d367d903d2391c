"""The four extraction stages after the grammar: inventory -> outcome -> attribution -> consistency.

Plain Python over a record's text, arm dicts and statistic dicts (the rule
components' output): no spaCy here, so every stage is unit-tested on its own.

1. candidates: the grammar's typed statistics (``number_grammar.scan`` via the
   statistics component, with spans) are the candidates; :func:`to_candidate`
   turns each into an ``attribution.Candidate``.
2. :func:`inventory_stage`: arms named only in Results get an arm record,
   combined groupings ("all cell-treated patients") become arms with
   ``members``, "k in each group" sizes reach every arm, and sizes that do not
   add up to the total are flagged.
3. ``outcome_scope.outcome_stage`` (the measurement words and unit of a number's
   own clause decide before the sentence's topic) and :func:`attribution_stage` (the learned model scores
   every candidate-arm pair; the rules' choice is one cue: where model and rule
   disagree, or the model is unsure, the value stays without an arm and is
   flagged ``review_attribution``; whole-cohort values get ``target="cohort"``,
   effects and p-values ``"between_arms"``).
4. :func:`consistency_stage`: a percentage and the count it restates become one
   fact; events <= total <= arm size, before/after pairs in one arm and cited
   work are checked and flagged, never fixed.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from stemfoot.extract import (arm_factorial, arm_model, arm_roles, arm_size_model, arm_sizes, baseline, comparative_arms, consistency,
                              covariates, elided_pairs, event_subjects, export_gate, factor_sides, list_guard, list_shapes,
                              outcome_refs, pooled_sides, single_arm, target_model, unplaced_model)
from stemfoot.extract.arm_counts import ArmCount, arm_counts
from stemfoot.extract.arm_inventory import Arm, Mention, build_inventory, find_mentions, make_arm, role_by_words
from stemfoot.extract.arm_lists import group_list, matches, route_named
from stemfoot.extract.arm_ordinals import ordinal_order
from stemfoot.extract.event_counts import every_arm_count_agrees, open_bracket, worded_zero, zero_said_of_every_arm
from stemfoot.extract.attribution import Doc, Model, candidate_features, load_model, pair_features
from stemfoot.extract import subset_events
from stemfoot.extract.candidates import Candidate, Part, section_spans, split_sentences
from stemfoot.extract.literal_words import word_spans
from stemfoot.extract.number_grammar import MEASURE_WORDS, MEDIAN_WINDOW, time_matches, timepoint
from stemfoot.extract.outcome_scope import outcome_stage, outcome_units, unit_after
from stemfoot.schemas import baseline_cues, control_words, effect_measure_code
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.extract.vocabulary import outcomes as outcomes_vocabulary

#: Kinds that describe one arm (or the cohort); p-values and effects compare arms.
ARM_KINDS = {"events", "percent", "mean_sd", "mean", "median"}
BETWEEN = {"p_value", "effect"}
#: The model's share for one arm at least this high overrides an arm the rules only guessed by order.
OVERRIDE = 0.85
#: A list read in the arms' order needs the model to find that reading this much likelier (log) than any
#: other one-to-one reading.
LIST_MARGIN = 0.0
#: With no rule arm, P(arm value) x the best arm's share needs this much.
MODEL_ONLY = 0.7
_KIND = {"mean_sd": "mean_sd", "events": "events", "percent": "percent", "median": "median", "mean": "mean"}
_VALUE_FIELDS = ("events", "total", "percent", "mean", "sd", "median", "q1", "q3", "value", "ci_lower", "ci_upper", "p")
#: This module's regexes, as data in patterns/stages.json (compiled once, here).
_RX = load_patterns("stages", MEASURE_WORDS=MEASURE_WORDS, CONTROL_WORDS=control_words("result_only"),
                    BASELINE_CUES=baseline_cues().replace(" ", r"\s+"))

# --- stage 1: candidates ------------------------------------------------------------------------

def to_candidate(stat: dict) -> Candidate:
    """A grammar statistic as an attribution candidate (span, sentence, values)."""
    ev = stat["evidence"]
    values = {k: float(stat[k]) for k in _VALUE_FIELDS if stat.get(k) is not None}
    kind = _KIND.get(stat["kind"], stat["kind"])
    parts = [Part(k, v, ev["start"], ev["end"]) for k, v in values.items()]
    return Candidate(kind, values, ev["start"], ev["end"], (ev.get("sentence_start", 0), ev.get("sentence_end", 0)),
                     parts, stat.get("measure"), list(stat.get("flags", [])))


# --- stage 2: arm inventory -----------------------------------------------------------------------

def _first_mention(text: str, label: str) -> tuple[int, int] | None:
    spans = word_spans(text, label, not_before="-", not_after="-")
    return spans[0] if spans else None


def inventory_stage(text: str, arms: list[dict], statistics: list[dict], design: str | None = None,
                    n_total: int | None = None) -> list[str]:
    """Complete the arm list in place; returns flags (sizes that do not add up).

    - A group the results speak of ("the reference group") that is no arm yet becomes one, when the
      study is controlled and has fewer than two arms, or when it reads as a control and no arm is one.
    - "all cell-treated patients" with two or more cell arms: a combined grouping, ``members`` = those arms.
    """
    flags: list[str] = []
    labels = {a["label"] for a in arms}
    controlled = design in {"rct", "non_randomized_controlled"}
    has_control = any(a.get("role") == "control" for a in arms)
    for st in statistics:
        label = st.get("arm")
        if not label or label in labels:
            continue
        if _head(label) in {_head(x) for x in labels}:
            # "the nefopam group" when "nefopam" is an arm: the same arm named again.
            continue
        reads_control = _RX.RESULT_ONLY_CONTROL.search(label) is not None
        listed = _listed_with_arms(text, st, label, labels)
        if not ((controlled and len(arms) < 2) or (reads_control and not has_control and len(arms) >= 1) or listed):
            continue
        span = _first_mention(text, label)
        role = "control" if reads_control else ("intervention" if not any(a.get("role") == "intervention" for a in arms)
                                                 else "active_comparator" if listed else "named_group")
        arms.append({"label": label, "role": role, "cell_type": None, "n_patients": None, "n_limbs": None,
                     "description": None, "routes": [], "n_evidence": None, "source": "results",
                     "evidence": _span_evidence(text, span) if span else st["evidence"]})
        labels.add(label)
        has_control = has_control or role == "control"
        flags.append("arm_from_results")
    active = [a for a in arms if a.get("role") in {"intervention", "active_comparator"} and not a.get("members")]
    if len(active) >= 2:
        m = _RX.POOLED.search(text)
        if m and m.group() not in labels:
            # No size: the members' sizes are their own facts (a sum here would be a value without a source).
            arms.append({"label": m.group(), "role": "intervention", "cell_type": None,
                         "n_patients": None, "n_limbs": None, "description": None,
                         "routes": [], "n_evidence": None, "members": [a["label"] for a in active],
                         "evidence": _span_evidence(text, (m.start(), m.end()))})
    base = [a for a in arms if not a.get("members")]
    inventory = [Arm(a["label"], a["label"], a.get("role") or "named_group", n_patients=a.get("n_patients"),
                     members=list(a.get("members") or [])) for a in base]
    from stemfoot.extract.arm_inventory import check_sizes
    flags.extend(check_sizes(inventory, n_total))
    return flags




def pooled_label_arms(arms: list[dict], statistics: list[dict]) -> list[str]:
    """In place: an arm named as a pool of arms ("the pooled cell-therapy group") is no arm of its own. Beside two or
    more arms not the control (roles may still be open here) it becomes their combined grouping (``members``, flag
    ``pooled_label_grouping``); beside one it goes (flag ``arm_dropped``; its values lose the arm, as the arm model's
    dropped arms' do): the inventory lacks an arm it pools, and values on it would stand for that one arm. Beside
    none it is the active side."""
    flags: list[str] = []
    for arm in [a for a in arms if not a.get("members") and _RX.POOLED_LABEL.match((a.get("label") or "").strip())]:
        # An arm whose role is still open counts unless its words read as a control ("placebo").
        active = [a["label"] for a in arms if a is not arm and not a.get("members")
                  and (a.get("role") or role_by_words(a.get("label") or "")) != "control"]
        if not active:
            continue
        if len(active) >= 2:
            arm["members"] = active
            arm["n_patients"] = arm["n_limbs"] = None
            flags.append("pooled_label_grouping")
            continue
        arms.remove(arm)
        if any(a.get("label") == arm.get("label") for a in arms):
            continue
        for st in statistics:
            if st.get("arm") == arm.get("label"):
                st["arm"] = st["arm_role"] = None
                st.setdefault("flags", []).append("arm_dropped")
                st["detail"] = {**(st.get("detail") or {}), "dropped_arm": arm.get("label")}
        flags.append("arm_dropped")
    return sorted(set(flags))


def control_without_cells(arms: list[dict]) -> list[str]:
    """In place: in a study with no control arm, the one comparator that receives no cells while a cell arm
    does ("UC-MSC + scaffold" vs "scaffold", "combined" vs "PTA group") is the comparison's control (flag
    ``control_without_cells``): a cell-therapy review compares cells against their absence, and an
    ``active_comparator`` without cells reaches neither side of a pooled table."""
    base = [a for a in arms if not a.get("members")]
    if len(base) < 2 or any(a.get("role") == "control" for a in base):
        return []
    cell_arm = any(a.get("role") == "intervention" and a.get("cell_type") for a in base)
    # An arm named by a route ("intra-arterial" beside "intramuscular") is the cells given another way.
    plain = [a for a in base if a.get("role") == "active_comparator" and not a.get("cell_type")
             and not _RX.CELL_WORDS.search(f"{a.get('label') or ''} {a.get('description') or ''}")
             and not route_named(a.get("label") or "")]
    if len(plain) > 1:
        # A factorial's comparators ("SVF + NPWT", "SVF", "NPWT", "dressing"): a treatment another arm combines
        # ("NPWT") is a factor, not the control; the one no other arm holds ("dressing") is.
        plain = [a for a in plain if not any(o is not a and _words(a["label"]) < _words(o["label"])
                                             and _RX.COMBINED_LABEL.search(o["label"]) for o in base)]
        # The one left combines no other arm's treatment ("HBOT + PRP" beside "HBOT" is a factor's arm too).
        plain = [a for a in plain if not any(o is not a and _words(o["label"]) < _words(a["label"]) for o in base)]
    if not cell_arm or len(plain) != 1:
        return []
    plain[0]["role"] = "control"
    return ["control_without_cells"]


def _words(label: str) -> set[str]:
    """A label's words, lower-cased, group words aside: "SVF + NPWT group" -> {"svf", "npwt"}."""
    return set(re.findall(r"[a-z0-9]+", label.lower())) - {"group", "groups", "arm", "arms", "alone", "the"}


def _head(label: str) -> str:
    """An arm label without article and group word, lower-cased: "the LRT group" -> "lrt"."""
    return re.sub(r"^the\s+|\s+(?:groups?|arms?|cohorts?)$", "", label.strip(), flags=re.I).lower()




def _listed_with_arms(text: str, st: dict, label: str, labels: set[str]) -> bool:
    """A "<name> group" the results list alongside two known arms ("61.5% in the SVF-gel group, 47.3% in the
    PRP group and 29.8% in the standard-dressing group"): an arm the methods did not name."""
    if not _RX.GROUP_LABEL.match(label) or re.match(r"(?:the\s+)?(?:two|three|both|all|each|other)\b", label, re.I):
        return False
    ev = st["evidence"]
    sentence = text[ev.get("sentence_start", 0):ev.get("sentence_end", len(text))].lower()
    return sum(1 for known in labels if known and known.lower() in sentence) >= 2


def _span_evidence(text: str, span: tuple[int, int]) -> dict:
    from stemfoot.extract.provenance import EXTRACTOR_VERSION
    s, e = span
    bounds = split_sentences(text)
    ss, se = next(((a, b) for a, b in bounds if a <= s < b), (0, len(text)))
    return {"start": s, "end": e, "text": text[s:e], "sentence_start": ss, "sentence_end": se,
            "component": "stemfoot_stages", "version": EXTRACTOR_VERSION, "confidence": 0.6, "source": "abstract"}


# --- stage 3a': timepoints ------------------------------------------------------------------------------



def timepoint_stage(text: str, statistics: list[dict]) -> None:
    """Keep distinct follow-up times distinct: in a sentence with two or more times, a value takes the
    time that opens its clause ("At 4 weeks, ... a and b, and at 12 weeks ... c and d") or precedes it in
    the same clause ("healing at 12 weeks (16/20 vs 9/20)"), else the first time after it ("80% vs 45%
    at 12 weeks and 90% vs 50% at 24 weeks")."""
    by_sentence: dict[tuple[int, int], list[dict]] = {}
    for st in statistics:
        ev = st["evidence"]
        by_sentence.setdefault((ev.get("sentence_start", 0), ev.get("sentence_end", 0)), []).append(st)
    for (s0, s1), stats in by_sentence.items():
        spans = [(st["evidence"]["start"], st["evidence"]["end"]) for st in stats]
        times = [(s0 + m.start(), s0 + m.end(), timepoint(m)) for m in time_matches(text[s0:s1])
                 if not any(a < s0 + m.end() and s0 + m.start() < b for a, b in spans)]
        if len({t[2] for t in times}) < 2:
            continue
        for st in stats:
            if st.get("measure") == "baseline":
                continue
            start, end = st["evidence"]["start"], st["evidence"]["end"]
            before = [t for t in times if t[1] <= start]
            after = [t for t in times if t[0] >= end]
            lead = before[-1] if before else None
            leading = lead is not None and _RX.TIME_LEAD_WORD.match(text, lead[0]) is not None and \
                _RX.LEADING.search(text[max(s0, lead[0] - 12):lead[0]]) is not None
            gap = text[lead[1]:start] if lead is not None else ""
            if leading and after and _closes_pair(text, lead, spans, s0):
                # "in 19/30 and 5/15 patients, respectively, at 6 months and in 22/30 and 6/15 at 12 months": a time
                # right after the values before it closes their statement (round 34); the next pair takes its own.
                leading = False
            # "complete healing at 12 weeks (16/20 vs 9/20)": the time just before, in the same clause.
            same_clause = lead is not None and not re.search(r"[;)\]]|\band\b|\bwhereas\b|\bwhile\b", gap)
            if lead is not None and (s0 == lead[0] or leading or same_clause):
                chosen = lead
            elif after:
                chosen = after[0]
            else:
                chosen = lead
            if chosen is not None and chosen[2] != st.get("timepoint"):
                st["timepoint"] = chosen[2]


def _closes_pair(text: str, time: tuple[int, int, str], spans: list[tuple[int, int]], s0: int) -> bool:
    """Whether a time ends the statement of the values just before it rather than opening the next: a value of its
    sentence ends before it with only a noun of people, "respectively" and commas between ("5/15 (33.3%) patients,
    respectively, at 6 months"), and the time is not the sentence's first words."""
    before = [b for a, b in spans if b <= time[0]]
    if not before or time[0] == s0:
        return False
    return _RX.TIME_CLOSES.fullmatch(text, max(before), time[0]) is not None


_RESULT_KINDS = {"events", "percent", "mean_sd", "mean", "median"}


def from_to_baseline(text: str, statistics: list[dict]) -> list[int]:
    """Values between "from" and its "to" are the before values of a before -> after pair: "ABI rose from
    (0.49±0.11) to (0.63±0.12)", "from a median of 82 m (IQR 55–120) to 168 m", "increased from (24.6±5.1),
    (25.1±4.8) and (24.9±5.3) mmHg before treatment to ...". They take measure ``baseline`` and timepoint
    "baseline" (the sentence's follow-up time belongs to the after values). Returns the indexes changed."""
    changed: list[int] = []
    order = sorted(range(len(statistics)), key=lambda i: statistics[i]["evidence"]["start"])
    spans = [(statistics[i]["evidence"]["start"], statistics[i]["evidence"]["end"]) for i in order]
    for pos, i in enumerate(order):
        st = statistics[i]
        if st["kind"] not in _RESULT_KINDS or st.get("measure") == "baseline":
            continue
        ev = st["evidence"]
        s0, s1 = ev.get("sentence_start", 0), ev.get("sentence_end", len(text))
        head = text[max(s0, ev["start"] - 160):ev["start"]]
        froms = list(_RX.FROM.finditer(head))
        if not froms:
            continue
        gap_start = ev["start"] - len(head) + froms[-1].end()
        gap = text[gap_start:ev["start"]]
        for a, b in spans[:pos]:
            if a >= gap_start:
                gap = gap.replace(text[a:b], " ", 1)
        if not _RX.FROM_GAP.match(gap):
            continue
        tail = text[ev["end"]:min(s1, ev["end"] + 120)]
        for a, b in spans[pos + 1:]:
            if a < ev["end"] + 120:
                tail = tail.replace(text[a:b], " ", 1)
        to = re.search(r"\bto\b", tail)
        if not to or not _RX.FROM_GAP.match(tail[:to.start()]):
            continue
        st["measure"], st["timepoint"] = "baseline", "baseline"
        st["flags"].append("baseline_of_from_to")
        changed.append(i)
    return changed




def baseline_by_wording(text: str, statistics: list[dict]) -> list[int]:
    """Before values the wording marks without "from ... to": a value followed by "at baseline" / "before
    treatment", and the first of two values of one kind joined by "to" in a sentence of change ("versus
    0.46 ± 0.11 to 0.48 ± 0.13 in the BMT group", "(0.40 ± 0.10 to 0.41 ± 0.12)"). The first takes measure and
    timepoint "baseline", the second measure "follow-up". Returns the indexes marked baseline."""
    changed: list[int] = []
    order = sorted(range(len(statistics)), key=lambda i: statistics[i]["evidence"]["start"])
    for pos, i in enumerate(order):
        st = statistics[i]
        if st["kind"] not in {"mean_sd", "mean", "median"} or st.get("measure") == "baseline":
            continue
        ev = st["evidence"]
        if _RX.AT_BASELINE.match(text, ev["end"]):
            st["measure"], st["timepoint"] = "baseline", "baseline"
            st["flags"].append("baseline_by_wording")
            changed.append(i)
            continue
        if pos + 1 >= len(order) or st.get("measure"):
            continue
        nxt = statistics[order[pos + 1]]
        ne = nxt["evidence"]
        if (nxt["kind"] != st["kind"] or ne.get("sentence_start") != ev.get("sentence_start") or ne["start"] < ev["end"]
                or not _RX.TO_GAP.match(text[ev["end"]:ne["start"]])
                or not _RX.CHANGE_WORD.search(text, ev.get("sentence_start", 0), ev.get("sentence_end", len(text)))):
            continue
        st["measure"], st["timepoint"] = "baseline", "baseline"
        st["flags"].append("baseline_of_to_pair")
        if not nxt.get("measure"):
            nxt["measure"] = "follow-up"
        changed.append(i)
    return changed




def time_lists(text: str, statistics: list[dict]) -> list[int]:
    """"Survival at 1, 2 and 3 years was 62%, 48% and 40%, respectively": a list of k times followed in its
    sentence by k result values (or k values for each of several arms, "... of A at 2 and 4 weeks were a and
    b, and those of B were c and d, respectively") spreads over them in order. Needs "respectively" or exactly
    k values. Returns the indexes changed."""
    changed: list[int] = []
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for i, st in enumerate(statistics):
        ev = st["evidence"]
        by_sentence.setdefault((ev.get("sentence_start", 0), ev.get("sentence_end", 0)), []).append(i)
    for (s0, s1), idx in by_sentence.items():
        sentence = text[s0:s1]
        m = _RX.TIME_LIST.search(sentence)
        if not m:
            continue
        times = [n for _, _, n in _time_list_numbers(m)]
        k = len(times)
        if len(set(times)) != k:
            continue
        after = sorted((i for i in idx if statistics[i]["kind"] in _RESULT_KINDS
                        and statistics[i]["evidence"]["start"] >= s0 + m.end()
                        and statistics[i].get("measure") != "baseline"),
                       key=lambda i: statistics[i]["evidence"]["start"])
        if not after or len(after) % k or (len(after) != k and "respectively" not in sentence.lower()):
            continue
        for j, i in enumerate(after):
            tp = _time_label(times[j % k], m)
            if statistics[i].get("timepoint") != tp:
                statistics[i]["timepoint"] = tp
                statistics[i]["flags"].append("time_from_list")
                changed.append(i)
    return changed




def median_with_ci(text: str, statistics: list[dict]) -> None:
    """"Median time to closure was 63 days (95% CI 49–77) with ADSC sheets": a value in time units with a 95%
    CI, no effect measure and "median" just before it is one arm's median (with its CI), not a between-arm
    effect. Kind becomes ``median`` (flag ``median_with_ci``)."""
    for st in statistics:
        if st["kind"] != "effect" or st.get("effect_measure") or st.get("value") is None:
            continue
        ev = st["evidence"]
        if not _RX.TIME_UNIT_IN.match(ev.get("text") or ""):
            continue
        before = text[max(ev.get("sentence_start", 0), ev["start"] - MEDIAN_WINDOW):ev["start"]]
        if not re.search(r"\bmedian\b", before, re.I):
            continue
        st["kind"], st["median"], st["value"] = "median", st["value"], None
        st.pop("target", None)
        st["flags"].append("median_with_ci")




def predictor_effects(text: str, statistics: list[dict], mentions: list[dict]) -> None:
    """"On multivariate analysis, hemodialysis (HR 2.84, 95% CI …) and Rutherford category 6 (HR 3.47 …) were
    independent predictors of major amputation": each effect is a covariate's, not the arms' contrast. Its
    outcome is the one the sentence says it predicts (the first outcome after "predict…/risk factor for/
    associated with"; none if there is none), its target the cohort (flag ``predictor_effect``)."""
    for st in statistics:
        if st["kind"] != "effect":
            continue
        ev = st["evidence"]
        s0, s1 = ev.get("sentence_start", 0), ev.get("sentence_end", len(text))
        if not _RX.MULTIVARIABLE.search(text, s0, s1):
            continue
        verb = _RX.PREDICTS.search(text, s0, s1)
        after = [m for m in mentions if verb and verb.end() <= m["evidence"]["start"] < s1]
        first = min(after, key=lambda m: m["evidence"]["start"]) if after else None
        st["outcome"], st["outcome_label"] = (first["outcome"], first["label"]) if first else (None, st.get("outcome_label"))
        st["target"] = "cohort"
        st["flags"].append("predictor_effect")


#: How far after its measure name an outcome still names the effect ("hazard ratio for major amputation or death").
_EFFECT_PHRASE = 70


def _value_offset(text: str, st: dict) -> int | None:
    """Where an effect's estimate stands in the text (its span may open with the measure's words)."""
    ev = st["evidence"]
    for m in _RX.NUMBER.finditer(text, ev["start"], ev["end"]):
        raw = m.group().replace("−", "-").replace("–", "-").replace("·", ".")
        try:
            if abs(float(raw) - float(st["value"])) < 1e-9:
                return m.start()
        except ValueError:
            continue
    return None


def measure_of(name: str, after_value: str = "") -> str | None:
    """The code of an effect-measure name: "hazard ratio" -> HR, "absolute difference" -> RD; a bare
    "difference" is a mean difference unless the value is in percentage points."""
    code = effect_measure_code(name)
    if code is not None:
        return code
    if re.match(r"absolute", name, re.I) or _RX.POINTS_AFTER.match(after_value):
        return "RD"
    return "MD" if re.match(r"differences?$", name.strip(), re.I) else None


def points_mean_difference(name: str | None, values_before: list[dict]) -> bool:
    """Whether a difference the grammar typed a risk difference by its unit alone ("24.6 percentage points") is a
    mean difference: the measure named before it says so (a bare "difference" says nothing) ("The mean difference in percentage area reduction was
    24.6 percentage points"), or every arm value it follows in its sentence is a mean ("48.3% (SD 21.6) versus
    29.5% (SD 24.0), a difference of 18.8 percentage points"): points between two means are no risk difference."""
    code = effect_measure_code(name) if name is not None else None
    if code is not None:
        return code == "MD"
    return bool(values_before) and all(b["kind"] in {"mean_sd", "mean"} for b in values_before)


def effect_context(text: str, statistics: list[dict], mentions: list[dict]) -> list[int]:
    """An effect's measure and outcome from the words next to it, before the sentence's topic.

    - Measure: the last measure name before the estimate in its sentence, with no arm value in between
      ("the hazard ratio for major amputation or death was 0.62 (…) for the low dose and 0.41 (…)" -> both
      HR; "the between-group difference in change was 47 m (95% CI …)" -> MD), where the grammar read none
      (flag ``measure_from_context``).
    - Outcome: an outcome named between that measure name and the estimate ("hazard ratio for healing",
      "mean difference in 12-month ABI") is the effect's (flag ``effect_outcome_own_words``); else an effect
      bracketed right after the arm values it compares takes their outcome ("… 20 of 36 vs 9 of 36 (risk ratio
      2.22 …)", flag ``effect_outcome_from_values``); a mean difference in time units of an outcome with a time
      variant is that variant ("mean difference −15.5 days" of healing: time to healing).
    Predictor effects (covariates' hazard ratios) keep their own outcome. Returns the indexes changed."""
    units = outcome_units()
    changed: list[int] = []
    ordered = sorted(range(len(statistics)), key=lambda i: statistics[i]["evidence"]["start"])
    for pos, i in enumerate(ordered):
        st = statistics[i]
        if st["kind"] != "effect" or st.get("value") is None or "predictor_effect" in st["flags"]:
            continue
        ev = st["evidence"]
        s0 = ev.get("sentence_start", 0)
        vpos = _value_offset(text, st)
        if vpos is None:
            continue
        before = [statistics[j] for j in ordered[:pos] if statistics[j]["evidence"].get("sentence_start", 0) == s0
                  and statistics[j]["evidence"]["end"] <= ev["start"]]
        values_before = [b for b in before if b["kind"] in ARM_KINDS]
        lead0 = max([s0] + [b["evidence"]["end"] for b in values_before])
        names = [m for m in _RX.MEASURE_WORD.finditer(text, lead0, vpos)]
        name = names[-1] if names else None
        old = st.get("effect_measure")
        # Only the arm values of the effect's own clause can be the two it lies between: means of an earlier
        # clause ("age was 61.2 (SD 8.1) versus 60.9 (SD 7.7) years; a difference of 12.0 percentage points in the
        # response rate") say nothing of its measure.
        clause_values = [b for b in values_before if ";" not in text[b["evidence"]["end"]:ev["start"]]] or [
            # "… was 81.6% ± 15.2% with sheets and 55.4% ± 24.9% with foam; difference 26.2 percentage points": an
            # earlier clause's values of the effect's own outcome (blind63 report, rule 93).
            b for b in values_before if st.get("outcome") and b.get("outcome") == st.get("outcome")]
        if "rd_from_points" in st["flags"] and points_mean_difference(name.group() if name else None, clause_values):
            st["effect_measure"] = "MD"
            st["flags"].append("md_from_points")
            changed.append(i)
        elif name is not None and old is None:
            code = measure_of(name.group(), text[vpos + len(_RX.NUMBER.match(text, vpos).group()):])
            if code is not None and code != old:
                st["effect_measure"] = code
                st["flags"].append("measure_from_context")
                changed.append(i)
        own = [m for m in mentions if name is not None and name.end() <= m["evidence"]["start"]
               and m["evidence"]["end"] <= vpos and m["evidence"]["start"] - name.end() <= _EFFECT_PHRASE
               and not any(b["evidence"]["start"] <= m["evidence"]["start"] < b["evidence"]["end"] for b in before)]
        if own:
            first = min(own, key=lambda m: m["evidence"]["start"])
            if first["outcome"] != st.get("outcome"):
                st["outcome"], st["outcome_label"] = first["outcome"], first["label"]
                st["flags"].append("effect_outcome_own_words")
                changed.append(i)
        elif values_before and _RX.AFTER_VALUES.match(text[values_before[-1]["evidence"]["end"]:ev["start"]]) \
                and name is not None and name.start() >= values_before[-1]["evidence"]["end"]:
            # "(risk ratio 2.22, 95% CI …)" right after the values it compares: their outcome.
            got = {b.get("outcome") for b in values_before if b["evidence"]["start"] >= s0} - {None}
            near = values_before[-1].get("outcome")
            if near is not None and len(got) == 1 and near != st.get("outcome"):
                st["outcome"], st["outcome_label"] = near, values_before[-1].get("outcome_label")
                st["flags"].append("effect_outcome_from_values")
                changed.append(i)
        if st.get("effect_measure") in {"MD", None} and st.get("outcome"):
            spec = units.get(st["outcome"], {})
            num = _RX.NUMBER.match(text, vpos)
            if spec.get("as_time") and unit_after(text, num.end()) == "time":
                st["outcome"] = spec["as_time"]
                st["flags"].append("outcome_from_unit")
                changed.append(i)
    return changed




def denominator_from_percent(text: str, statistics: list[dict]) -> None:
    """A count with its percentage but no denominator ("Among the 24 limbs with ulcers, ... healed in 15
    (62.5%)", "Of the 26 ulcerated limbs in A and 23 in B, 20 (76.9%) and 10 (43.5%) healed") takes as total
    the count written before it in its sentence that the percentage restates (events / total within 0.05
    points of a one-decimal percentage, 0.5 of a whole one; the nearest such count wins). Flag
    ``total_from_percent``; nothing is set when no count fits."""
    for st in statistics:
        if st["kind"] != "events" or st.get("total") is not None or not st.get("events") or st.get("percent") is None:
            continue
        ev = st["evidence"]
        pct = st["percent"]
        raw = re.search(r"(\d+(?:[.·]\d+)?)\s*%", ev.get("text") or "")
        tol = 0.051 if raw and re.search(r"[.·]", raw.group(1)) else 0.51
        fits = [(a, n) for a, b, n in _counts_in(text, ev.get("sentence_start", 0), ev["start"])
                if n > st["events"] and not _RX.NOT_A_DENOMINATOR_AFTER.match(text, b)
                and abs(100.0 * st["events"] / n - pct) <= tol]
        if fits:
            st["total"] = max(fits)[1]
            st["flags"].append("total_from_percent")


def denominator_from_subset(text: str, statistics: list[dict]) -> list[int]:
    """A count with no denominator that is the one count of a sentence opening with a sized subset ("In the 6
    patients with an ABI below 0.8, closure by 24 weeks occurred in 3") takes the subset's size as its total (flag
    ``total_from_subset``; conventions rule 49: "of the 12 patients with gangrene, 5 healed" -> 5/12). Nothing where
    the sentence gives two or more counts (the subset's arms' shares are theirs to say) or the count exceeds the
    size. Returns the indexes changed."""
    changed: list[int] = []
    by_sentence: dict[int, list[int]] = {}
    for i, st in enumerate(statistics):
        if st["kind"] in {"events", "percent"}:
            by_sentence.setdefault(st["evidence"].get("sentence_start", 0), []).append(i)
    for s0, idx in by_sentence.items():
        s1 = statistics[idx[0]]["evidence"].get("sentence_end", len(text))
        m = _RX.SUBSET_LEAD.match(text, s0, s1) or _RX.SUBSET_LEAD.match(text, s0 + _lead_label(text, s0, s1), s1)
        counts = [i for i in idx if statistics[i]["evidence"]["start"] >= (m.end() if m else s1)]
        if m is None or len(counts) != 1 or len(idx) != 1:
            continue
        st = statistics[counts[0]]
        n = int(m.group("n"))
        if st["kind"] != "events" or st.get("total") is not None or st.get("events") is None or st["events"] > n:
            continue
        if st.get("percent") is not None and abs(100.0 * st["events"] / n - st["percent"]) > 0.51:
            continue
        st["total"] = n
        st["flags"].append("total_from_subset")
        changed.append(counts[0])
    return changed


def _lead_label(text: str, s0: int, s1: int) -> int:
    """The length of a section label opening a sentence ("Results: "), 0 where none."""
    m = re.match(r"\s*[A-Z][A-Za-z ]{0,30}:\s*", text[s0:s1])
    return m.end() if m else 0


# --- stage 3b: attribution ----------------------------------------------------------------------------

def attribution_stage(text: str, arms: list[dict], statistics: list[dict], sections: list[tuple[int, int, str]] | None = None,
                      models: dict[str, Model] | None = None, n_total: int | None = None,
                      sentences: list[tuple[int, int]] | None = None, design: str | None = None) -> None:
    """Decide each statistic's target: ``arm`` (with ``arm``/``arm_role``), ``cohort``, ``between_arms``
    or ``unattributed`` (arm cleared, flag ``review_attribution``). Adds ``attribution``:
    {probability, rule_arm, model_arm}.

    In a single-arm study (``design`` single_arm, its one arm of role ``single``) there is nothing to choose
    between: a value no rule tied to an arm is that arm's (flag ``arm_single``), unless it is one side of an
    "x vs y" pair whose other side no arm holds (``arm_not_found``: a subgroup or a missed arm); its baseline
    traits, before -> after pairs and worded zeros are the whole sample's (`single_arm.whole_sample_reason`,
    flag ``cohort_by_design``)."""
    if not statistics:
        return
    for st in statistics:
        if st["kind"] in BETWEEN and st.get("target") != "cohort":
            st["target"] = "between_arms"
    values = [st for st in statistics if st["kind"] in ARM_KINDS]
    if not values:
        return
    base_arms = [a for a in arms if not a.get("members")]
    roles = {a["label"]: a.get("role") for a in arms}
    if len(base_arms) <= 1 and not any(a.get("members") for a in arms):
        # One arm (or none): every value is that arm's, as the rules said; nothing to choose between.
        single = only_arm(base_arms, design)
        for st in values:
            if st.get("arm") and st["arm"] not in roles and _RX.SAMPLE_LABEL.match(st["arm"].strip()):
                # A label the rules read next to the value ("In the matched cohort, ...") that names the sample,
                # not an arm, and no arm of the inventory: no arm's value on that ground.
                st["detail"] = {**(st.get("detail") or {}), "label_not_an_arm": st["arm"]}
                st["arm"] = st["arm_role"] = None
            if st.get("arm") and single is None and design not in (None, "single_arm") \
                    and roles.get(st["arm"]) == "control" and not _sentence_names_an_arm(text, st, base_arms):
                # A controlled study whose inventory found only its control arm has missed the treated one: a value
                # the rules carried to the control arm from another sentence may be the missed arm's ("the
                # recurrence rate in patients receiving placebo was 60% (nine of 15). In those receiving
                # immunotherapy, the rate was 12.5% (two of 16)"). A lone treated arm keeps what is carried to it
                # ("Mild bruising at the liposuction site ... (31.8%)" is the SVF arm's).
                st["detail"] = {**(st.get("detail") or {}), "carried_to_lone_arm": st["arm"]}
                st["arm"] = st["arm_role"] = None
            whole = single_arm.whole_sample_reason(text, st, values) if single is not None else None
            if whole is not None:
                # One treated group: its enrolment traits, before -> after pairs and worded zeros are the sample's.
                st["target"], st["arm"], st["arm_role"] = "cohort", None, None
                st["flags"].append("cohort_by_design")
                st["detail"] = {**(st.get("detail") or {}), "whole_sample": whole}
            elif st.get("arm"):
                st["target"] = "arm"
            elif single is not None and "arm_not_found" not in st["flags"]:
                st["target"], st["arm"], st["arm_role"] = "arm", single, "single"
                st["flags"].append("arm_single")
            elif _cohort_words(text, st) or (n_total and st.get("total") == n_total) or (
                    worded_zero(st)):
                # A whole-sample value needs a cue: "overall", "all patients", the study's total, "no X occurred".
                st["target"] = "cohort"
            else:
                st["target"] = "unattributed"
                st["flags"].append("review_attribution")
        return
    for st in statistics:
        if "every_arm" not in st["flags"] and (each_arm_count(text, st)
                                               or zero_of_every_arm(text, st, len(base_arms))):
            st["flags"].append("every_arm")
    every_arm_copies(text, statistics, base_arms)
    values = [st for st in statistics if st["kind"] in ARM_KINDS]
    models = models or load_model()
    sections = section_spans(text) if sections is None else sections
    inventory = build_inventory(text, arms)
    for arm, src in zip(inventory, arms):
        arm.members = list(src.get("members") or [])
    mentions = find_mentions(text, inventory)
    # Worded zeros and "(n = k)" counts have no number for the model: they are placed by their clause's words
    # and kept out of the model's candidates (they would shift its cues for the numbers beside them).
    # A percentage or a level of every arm ("Limb salvage was 90% in each arm", "64 years in both groups",
    # `each_arm_count`) is placed by its words too.
    forms = [st for st in values if (st["kind"] == "events" and any(f in st["flags"] for f in EVENT_FORMS))
             or (st["kind"] in {"events", "percent", "mean", "median"} and "every_arm" in st["flags"])]
    values = [st for st in values if not any(st is f for f in forms)]
    cands = [to_candidate(st) for st in values]
    shares: dict[int, dict[str, float]] = {}
    p_values: dict[int, float] = {}
    named_inside: set[int] = set()
    doc = Doc(text, split_sentences(text) if sentences is None else sentences, cands, inventory, mentions, sections)
    base_labels = {a["label"] for a in base_arms}
    copies: list[dict] = []
    for st in forms:
        if "every_arm" in st["flags"]:
            # "No serious adverse reactions occurred in either group": one zero per arm (``every_arm_copies``).
            st["target"] = "arm" if st.get("arm") else "cohort"
            continue
        si = doc.sent_index(st["evidence"]["start"])
        sent = doc.sentences[si] if doc.sentences else (0, len(text))
        named = [(m.start, m.end, m.arm) for m in doc.mentions_by_sent.get(si, []) if m.arm in base_labels]
        target, arm, why = event_placement(text, st, sent, named, base_arms)
        if why == "treated" and st.get("events") == 0 and within_patient_design(text, arms) and \
                every_patient_procedure_count(text, st, sent, named, base_arms, True):
            # "No complications occurred at the bone marrow harvest site" where each patient's legs are the arms: every
            # patient had the harvest, so its zero is the whole sample's (rule 24), not the treated leg's, as
            # `cohort_over_guess` reads a limb design's counts (round 46). Not an injection's ("No complications
            # related to the cell injections"): the treated leg alone had it.
            target, arm, why = "cohort", None, "treated_every_patient"
        if target == "unattributed" and st.get("events") == 0 and why in {"several_arms", "arm_inside"} and (
                group := zero_arm_group(text, st, clause_bounds(text, sent, st["evidence"]["start"],
                                                                st["evidence"]["end"])[1], named, base_labels)):
            # "No serious adverse events occurred in either the MSC or the MNC group": a zero in each arm named.
            copies.extend(named_arm_zeros(st, group, roles))
            continue
        if target == "unattributed" and st.get("events") == 0 and why == "arm_inside" and (
                others := other_arms_zero(text, st, named, [a["label"] for a in base_arms])):
            # "Two patients in the usual-care group underwent amputation; none did in the other groups": a zero in
            # every arm but the one named before it (round 51).
            copies.extend(_zero_on_arms(st, others, roles, "arm_by_zero_group", "zero_other_arms"))
            continue
        if why == "treated_arms_some" and st.get("events") == 0 and not consistency.factorial(text):
            # "no patient in either cell-treated group had a donor-site complication": a zero in each treated arm
            # (rule 24). Not in a factorial trial, whose golds pool such zeros over the cells (rules 6 and 17;
            # two of the three dev factorials) and whose inventory often lacks a cell: left unplaced there.
            copies.extend(treated_arm_zeros(st, base_arms, roles))
            continue
        if target == "unattributed" and "event_count_zero" in st["flags"]:
            # A worded zero no one can place states no number a reviewer would miss (its sentence stays in the
            # record): kept, it would be an unplaceable fact ("No adverse events related to the study
            # treatment occurred" in a trial of cells vs standard care).
            statistics[:] = [x for x in statistics if x is not st]
            continue
        st["target"], st["arm"], st["arm_role"] = target, arm, roles.get(arm) if arm else None
        st["flags"] = [f for f in st["flags"] if f != "review_attribution"]
        st["flags"].append("review_attribution" if target == "unattributed" else f"{target}_by_event_words")
        st["detail"] = {**(st.get("detail") or {}), "event_placement": why}
    statistics.extend(copies)
    forms.extend(copies)
    counted = counts_naming_arm(text, doc.sentences or [(0, len(text))], mentions, base_labels)
    for st, c in zip(values, cands):
        unnamed = not doc.mentions_by_sent.get(doc.sent_index(c.start))
        if worded_zero(st):
            # "No amputation occurred in either group": a zero-event statement has no number for the
            # model to place; the rules' reading of its wording stands, unless its sentence names no arm
            # ("No major amputations occurred."): then it speaks of the whole sample.
            ev = st["evidence"]
            if unnamed and not _RX.ANY_GROUP.search(text, ev.get("sentence_start", 0), ev.get("sentence_end", len(text))):
                # Unless its words tie it to what one arm alone had ("No harvest-site complications occurred"
                # where only the cell arm was harvested; rule 24): that arm's zero, for the gate to weigh.
                si = doc.sent_index(c.start)
                sent = doc.sentences[si] if doc.sentences else (0, len(text))
                # Not in a factorial trial: the cells went to two cells of the design, which the inventory often
                # lacks ("No cell-related serious adverse events" is then the pooled cells', not one arm's).
                # The words are those `event_placement` reads for the grammar's prose zeros ("No procedure-related
                # deaths occurred" beside a plain control is the treated arm's, as "There were no
                # procedure-related complications" is there), so the two readers of one statement agree.
                arm = tied_event_arm(text, st, sent, [], base_arms, within_patient_design(text, arms)) \
                    if event_tie(text, *clause_bounds(text, sent, ev["start"], ev["end"])) \
                    and not consistency.factorial(text) else None
                # Only beside controls: an active comparator may be another cell arm or dose ("low-, medium- or
                # high-dose ADSC": every arm had liposuction), whose share of the zero one arm must not take.
                if arm and any(a.get("role") != "control" for a in base_arms if a["label"] != arm):
                    arm = None
                st["target"], st["arm"], st["arm_role"] = ("arm", arm, roles.get(arm)) if arm else ("cohort", None, None)
                if arm:
                    st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["arm_by_event_words"]
                    st.setdefault("attribution", {})["event_arm"] = arm
            else:
                st["target"] = "arm" if st.get("arm") else "cohort"
            continue
        if (unnamed and st.get("arm") and st.get("outcome") in _SAMPLE_TRAITS
                and len(doc.cands_by_sent.get(doc.sent_index(c.start), [])) == 1):
            # "Mean age 68 ± 9 y" with no arm named in a study of several arms: the whole sample's trait,
            # not the arm an earlier sentence named.
            st["target"], st["arm"], st["arm_role"] = "cohort", None, None
            continue
        sizes = [a.get("n_patients") for a in base_arms]
        if n_total and st.get("total") == n_total and all(sizes) and max(sizes) < n_total:
            # "5 of 60 patients" in a study of 60 split into arms: no one arm's value (total <= arm size).
            st["attribution"] = {"probability": 1.0, "rule_arm": st.get("arm"), "model_arm": None}
            st["target"], st["arm"], st["arm_role"] = "cohort", None, None
            continue
        base = candidate_features(doc, c)
        # Which arm (the pair model's share over the arms) and whether an arm value at all (the value model).
        p_value = models["value"].predict(base)
        raw = {a.key: models["arm"].predict(pair_features(doc, c, a, base)) for a in inventory}
        total = sum(raw.values()) or 1.0
        share = {k: v / total for k, v in raw.items()}
        best = max(share, key=share.get)
        rule = st.get("arm") if st.get("arm") in roles else None
        by_order = any(f in st["flags"] for f in ("arm_by_order", "arm_not_found"))
        inside = {m.arm for m in mentions if c.start <= m.start and m.end <= c.end}
        own = own_arm_count(st, counted)
        if own is not None:
            # "One EPC patient developed ...", "in 14 Group A, 11 Group B and 5 Group C patients": the count's own
            # words name one arm (``arm_counts``), whatever arm the rules or the model took from its neighbours.
            decided = own
            st["flags"] += [] if "arm_inside_count" in st["flags"] else ["arm_inside_count"]
        elif rule is not None and inside == {rule}:
            # "five control patients had an amputation": the arm is named inside the statistic itself
            # (a cue the model's features lack: its mentions lie before or after the number).
            decided = rule
        elif rule is not None and rule == best:
            # The rules found an arm value and the model picks the same arm.
            decided = rule
        elif rule is not None and by_order and share[best] >= OVERRIDE:
            # The rules only guessed by results order; a confident model decides.
            decided = best
            st["flags"].append("arm_by_model")
        elif rule is None and p_value * share[best] >= MODEL_ONLY and _names_arm(doc, c):
            decided = best
            st["flags"].append("arm_by_model")
        else:
            decided = None
        shares[id(st)] = share
        p_values[id(st)] = p_value
        if own is not None or (rule is not None and inside == {rule}):
            named_inside.add(id(st))
        p = p_value * share[decided] if decided else p_value * share[best]
        st["attribution"] = {"probability": round(p, 3), "arm_share": round(share[decided or best], 3),
                             "rule_arm": rule, "model_arm": best}
        if decided is not None:
            st["target"], st["arm"], st["arm_role"] = "arm", decided, roles.get(decided)
            continue
        st["arm"] = st["arm_role"] = None
        st["_rule_arm"] = rule
        if _is_cohort(text, st, n_total, doc, c):
            st["target"] = "cohort"
        else:
            st["target"] = "unattributed"
            st["flags"].append("review_attribution")
    clause_of: dict[int, str] = {}
    for group, arm in clause_arms(text, values, [(m.start, m.end, m.arm) for m in mentions]):
        if arm not in base_labels or any(id(st) in named_inside and st.get("arm") != arm for st in group):
            continue
        for st in group:
            clause_of[id(st)] = arm
            if st.get("target") == "arm" and st.get("arm") == arm:
                continue
            st["target"], st["arm"], st["arm_role"] = "arm", arm, roles.get(arm)
            st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["arm_by_clause"]
            st.setdefault("attribution", {})["clause_arm"] = arm
    order = [a["label"] for a in sorted(base_arms, key=lambda a: _RESULT_ORDER.get(a.get("role"), 2))]
    ranked = ordinal_order(order)
    for run in value_lists(text, values, [(m.start, m.end, m.arm) for m in mentions]):
        if any(id(st) not in shares for st in run):
            continue
        sent = (run[0]["evidence"].get("sentence_start", 0), run[0]["evidence"].get("sentence_end", len(text)))
        sent_mentions = [(m.start, m.end, m.arm) for m in mentions if sent[0] <= m.start < sent[1] and m.arm in order]
        named = named_list(text, sent, (run[0]["evidence"]["start"], run[-1]["evidence"]["end"]), sent_mentions,
                           len(run))
        if named is None and one_clause_arm([clause_of.get(id(st)) for st in run]):
            # "... and that of the control group was 0.56 and 0.58, respectively": a clause names one arm for
            # the whole run, so its values run over times or measures of that arm, not over the arms.
            continue
        sent_order = sent_order_of(text, sent_mentions, run, len(base_arms))
        back = alloc = None
        stated_k = k_groups_run(text, run, sent, len(base_arms))
        respectively = bool(_RX.RESPECTIVELY.search(text, sent[0], sent[1]))
        # A run of one value per arm of a trial of three or more arms, in a sentence naming no arm, reads as one
        # value per arm in turn with or without "respectively" ("Median time to healing was 49, 56, 63 and 77
        # days" in a four-arm trial; round 41): the order the text last gave the arms in, as for "respectively".
        unnamed_full = (len(run) == len(base_arms) >= 3 and not sent_mentions and not named
                        and len({st.get("timepoint") for st in run}) == 1 and _runs_over_arms(text, sent, run)
                        and _unnamed_run_over_arms(text, sent, run))
        if ((named is None or len(named) != len(run)) and sent_order is None
                and (respectively or stated_k or unnamed_full)):
            # Without "respectively" an earlier sentence's mentions give no order: "C rose more than A and B" is a
            # comparison, not the list that an unnamed run follows (bl34_13 lost 3 this way in a first try).
            if respectively or stated_k:
                back = earlier_order(text, [[(m.start, m.end, m.arm) for m in doc.mentions_by_sent.get(si, [])
                                             if m.arm in order]
                                            for si in range(max(doc.sent_index(sent[0]) - 3, 0), doc.sent_index(sent[0]))],
                                     len(run), bounds=[doc.sentences[si]
                                                       for si in range(max(doc.sent_index(sent[0]) - 3, 0),
                                                                       doc.sent_index(sent[0]))])
            if back is None:
                # A list of three or more arms' values may look back past sentences of pooled sides or of one
                # comparison (a factorial's main effects) to the last list placed over the same arms (round 41).
                reach = 4 if len(run) >= 3 else 2
                back = placed_order(values, [doc.sentences[si] for si in range(max(doc.sent_index(sent[0]) - reach, 0),
                                                                                 doc.sent_index(sent[0]))], len(run))
            if back is None and not sent_mentions and len(run) == len(order) and _runs_over_arms(text, sent, run):
                alloc = allocation_order(text, [[(m.start, m.end, m.arm) for m in doc.mentions_by_sent.get(si, [])
                                                 if m.arm in order] for si in range(doc.sent_index(sent[0]))],
                                         doc.sentences[:doc.sent_index(sent[0])], len(run))
            if back is None and alloc is None and (respectively or stated_k) and not sent_mentions \
                    and len(run) == len(order) >= 3:
                # "Major amputation occurred in 1, 2, 0 and 4 patients, respectively" (or "... in the four groups",
                # round 44) in a four-arm trial whose arms the mention finder misses in the sentences before (bare
                # dose words, "low-, mid- and high-dose", a factorial's nested names): the results order, where the
                # nearest sentence naming every arm in words names them in that order.
                si = doc.sent_index(sent[0])
                if worded_order(text, doc.sentences[:si + 1], order) == order:
                    alloc = order
            if alloc is None and stated_k and not sent_mentions:
                # "... 61.2% and 48.7% in the four arms" where later sentences name the arms again in another
                # order: the order the Methods gave the arms' sizes in ("ADSC+NPWT (n = 20), ADSC alone (n = 20),
                # NPWT alone (n = 20) or standard care (n = 20)").
                alloc = size_order(base_arms)
        if named is not None and len(named) == len(run):
            # The sentence names the arms as one list, all on one side of the values (or says "respectively"):
            # the k-th value is the k-th arm named. Wording this explicit outranks the model's order cues.
            prior, min_margin = named, None
        elif back is not None:
            # "... occurred in 1, 2 and 5 patients, respectively" with no arm named (or the arms named only in
            # a comparison, "group B vs group A and group C"): the order the text last listed the arms in.
            prior, min_margin = back, None
        elif len(run) != len(base_arms) or named_after_values(text, values, run, sent_mentions):
            continue
        elif named is None and sent_order and sorted(sent_order) == sorted(order):
            prior, min_margin = sent_order, LIST_MARGIN
        elif ranked is not None:
            # "Group I", "Group II": lists follow the ranks, whatever the arms' roles (the model's shares, which
            # weigh roles, do not decide against them).
            prior, min_margin = ranked, None
        elif stated_k and alloc is not None:
            # "... in the four groups": the text says the run is one value per group, as "respectively" does; the
            # allocation's order, not the results-order guess the model's shares must confirm (round 37).
            prior, min_margin = alloc, None
        elif sum(1 for a in base_arms if a.get("role") == "control") == 1:
            prior, min_margin = order, LIST_MARGIN
        elif alloc is not None:
            prior, min_margin = alloc, None
        else:
            # Results order (cells first, control last) means nothing when no one arm is the control.
            continue
        chosen = list(prior) if min_margin is None else decode_list([shares[id(st)] for st in run], prior, min_margin)
        if alloc is not None and prior is order and chosen != alloc:
            # "... occurred in 11, 12 and 10 patients, respectively" with no arm named and no nearer order: the
            # order of the allocation, not the results-order guess (cells first, control last) nor the model's
            # reading of it ("randomised to placebo or cells ... 9 and 3, respectively").
            prior = chosen = alloc
        margin = list_margin([shares[id(st)] for st in run], prior)
        if chosen is None or any(id(st) in named_inside and st.get("arm") != arm for st, arm in zip(run, chosen)):
            continue
        for st, arm in zip(run, chosen):
            if st.get("target") == "arm" and st.get("arm") == arm:
                continue
            st["target"], st["arm"], st["arm_role"] = "arm", arm, roles.get(arm)
            st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["arm_by_list"]
            st.setdefault("attribution", {})["list_arm"] = arm
            if margin is not None:
                # None for a list of more than four arms (six cells of a 2 x 3 factorial): no margin to keep.
                st["attribution"]["list_margin"] = round(margin, 3)
            st["attribution"]["list_prior"] = ("results_order" if prior is order else "rank_order" if prior is ranked
                                               else "allocation_order" if prior is alloc else "named")
    for run, arms_ in inventory_order_lists(text, values, [(m.start, m.end, m.arm) for m in mentions], base_arms,
                                            shares):
        for st, arm in zip(run, arms_):
            st["target"], st["arm"], st["arm_role"] = "arm", arm, roles.get(arm)
            st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["arm_by_list"]
            st.setdefault("attribution", {})["list_arm"] = arm
            st["attribution"]["list_prior"] = "inventory_order"
    _join_over_time_pairs(text, values)
    def earlier(s0: int, k: int) -> list[str] | None:
        """The order the three sentences before the one at ``s0`` last listed k arms in."""
        return earlier_order(text, [[(m.start, m.end, m.arm) for m in doc.mentions_by_sent.get(si, []) if m.arm in order]
                                    for si in range(max(doc.sent_index(s0) - 3, 0), doc.sent_index(s0))], k)

    settle_pairs(text, values, [(m.start, m.end, m.arm) for m in mentions], roles, named_inside, earlier)
    for st, arm in arms_by_denominator(values, base_arms, n_total,
                                       lambda st: {m.arm for m in doc.mentions_by_sent.get(doc.sent_index(st["evidence"]["start"]), [])}):
        st["target"], st["arm"], st["arm_role"] = "arm", arm, roles.get(arm)
        st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["arm_by_denominator"]
        st.setdefault("attribution", {})["denominator_arm"] = arm
    shape_lists(text, values, [(m.start, m.end, m.arm) for m in mentions if m.arm in base_labels], base_arms, roles,
                named_inside, earlier)
    late_placements(text, values, doc, base_arms, roles, within_patient_design(text, arms))
    unplaced_placements(text, values, cands, doc, inventory, base_arms, roles, shares, p_values)
    cohort_over_guess(text, values, [(m.start, m.end) for m in mentions if m.arm in base_labels], len(base_arms),
                      named_inside, within_patient_design(text, arms), base_arms)
    for st in values:
        st.pop("_rule_arm", None)
    # The list guard (``list_guard``): an ordered run of values ("..., respectively", "12 vs 9 vs 4") placed over
    # the arms must fit the arm count; only where that count is known, else a missed arm would clear right runs.
    # ``positions``: the arm each item of the sentence's own group list names, so a value keeps the arm at its place.
    known = list_guard.arm_count_known(arm_model.stated_arms(text), [a.get("n_patients") for a in base_arms], n_total)
    for run in value_lists(text, values, [(m.start, m.end, m.arm) for m in mentions]) if known else []:
        s0 = run[0]["evidence"].get("sentence_start", 0)
        if not list_guard.ordered(text, run, s0, run[0]["evidence"].get("sentence_end", len(text))):
            continue
        named = {m.arm for m in doc.mentions_by_sent.get(doc.sent_index(s0), []) if m.arm in base_labels}
        positions = [next(iter(owners)) if len(owners) == 1 else None
                     for owners in ({a.key for a in inventory if a.key in base_labels and matches(a.aliases, x)}
                                    for x in group_list(text, s0, run[0]["evidence"].get("sentence_end", len(text))))]
        for same in list_guard.outcome_lists(run):
            list_guard.clear(list_guard.unfit_values(same, len(named), len(base_arms), named_inside,
                                                     positions if len(same) == len(run) else None))
    one_fact_per_arm(forms, values)


def counts_naming_arm(text: str, sentences: list[tuple[int, int]], mentions: list[Mention],
                      labels: set[str]) -> dict[int, ArmCount]:
    """The counts whose own words name one arm of ``labels`` (``arm_counts``), by where each count starts (absolute
    offsets). A grouping of arms ("MSC recipients" beside two MSC arms) is no arm of ``labels``: its counts stay
    unnamed."""
    out: dict[int, ArmCount] = {}
    for s0, s1 in sentences:
        marks = [(m.start - s0, m.end - s0, m.arm) for m in mentions
                 if s0 <= m.start and m.end <= s1 and m.arm in labels]
        for c in arm_counts(text[s0:s1], marks):
            out[s0 + c.start] = c
    return out


def own_arm_count(st: dict, counted: dict[int, ArmCount]) -> str | None:
    """The arm a count's own words name, when the statistic is that count (same start, events and total). A count
    read bare takes the denominator its words give ("17 of 24 ...", a bracket of sized arm names; flag
    ``total_from_arm_count``)."""
    c = counted.get(st["evidence"]["start"])
    if c is None or st["kind"] != "events" or st.get("events") != c.events:
        return None
    if c.total is not None and st.get("total") is None:
        st["total"] = c.total
        st["flags"].append("total_from_arm_count")
    return c.arm if c.total is None or st.get("total") == c.total else None


def shape_runs(text: str, values: list[dict]) -> list[list[dict]]:
    """Runs of two or more values of one sentence, one kind and one outcome, with no clause break (";")
    and no long stretch of words between neighbours: the lists :func:`list_shapes.fit_shape` reads."""
    runs: list[list[dict]] = []
    for st in sorted(values, key=lambda st: st["evidence"]["start"]):
        if runs:
            prev = runs[-1][-1]
            a, b = prev["evidence"]["end"], st["evidence"]["start"]
            if (prev["kind"] == st["kind"] and prev.get("outcome") == st.get("outcome") and a <= b
                    and prev["evidence"].get("sentence_start") == st["evidence"].get("sentence_start")
                    and list_shapes.gap_ok(text[a:b])):
                runs[-1].append(st)
                continue
        runs.append([st])
    return [r for r in runs if len(r) >= 2]


def shape_lists(text: str, values: list[dict], mentions: list[tuple[int, int, str]], base_arms: list[dict],
                roles: dict[str, str | None], named_inside: set[int],
                earlier: Callable[[int, int], list[str] | None] | None = None) -> list[list[dict]]:
    """Lists whose shape fits the arms exactly (:func:`list_shapes.fit_shape`): one value per arm, one
    before -> after pair per arm, or arms x times. The arms' order is the one the list's clause names them
    in; when the sentence names no arm but says "respectively", "versus" or "the two groups", the order the
    text last listed the arms in (``earlier``), else the inventory's (cells first, the control last). A pair
    or arms-x-times shape replaces what the one-dimensional readers gave (they read such lists as one list
    over the arms); a one-value-per-arm list only fills values left unattributed, and only when no value of
    it is placed on another arm. Values placed get flag ``arm_by_shape`` and ``attribution.shape``; pair ends
    their ``measure``, arms x times values their time. Returns the runs placed."""
    placed: list[list[dict]] = []
    for run in shape_runs(text, values):
        ev = run[0]["evidence"]
        s0, s1 = ev.get("sentence_start", 0), ev.get("sentence_end", len(text))
        r0, r1 = ev["start"], run[-1]["evidence"]["end"]
        breaks = [b.end() for b in _RX.CLAUSE_START.finditer(text, s0, r0)]
        c0 = breaks[-1] if breaks else s0
        after = _RX.CLAUSE_START.search(text, r1, s1)
        c1 = after.start() if after else s1
        scope = [m for m in mentions if c0 <= m[0] < c1]
        if not scope and not any(r1 <= m[0] < s1 for m in mentions):
            # "... in groups A, B and C was a, b and c, and TcPO2 was d, e and f": an earlier clause of the
            # sentence names the arms for every list after it.
            scope = [m for m in mentions if s0 <= m[0] < c0]
        named = bool(scope)
        if named:
            arms = sentence_order(text, scope)
        elif any(s0 <= m[0] < s1 for m in mentions) or not (
                _RX.RESPECTIVELY.search(text, s0, s1) or _RX.VS.search(text, s0, s1) or _RX.ANY_GROUP.search(text, s0, s1)):
            arms = None
        else:
            k = len(base_arms)
            arms = earlier(s0, k) if earlier is not None else None
            ranks = [_RESULT_ORDER.get(a.get("role"), 2) for a in base_arms]
            if arms is None and len(set(ranks)) == len(ranks):
                # Roles alone fix the order (cells, active comparator, control): the inventory's order.
                arms = inventory_order(base_arms)
        spans = [(st["evidence"]["start"], st["evidence"]["end"]) for st in run]
        times = _times_in(text, c0, c1, spans)
        lead = list_shapes.after_time_lead(text, c0, r0, times)
        if not arms or not list_shapes.lead_ok(text, lead, r0, named) or not list_shapes.whole_run(text, lead, r0, r1, c1):
            continue
        slots = list_shapes.fit_shape(text, spans, arms, times, scope)
        if slots is None or any(id(st) in named_inside and st.get("arm") != sl.arm for st, sl in zip(run, slots)):
            continue
        strong = slots[0].shape != "per_arm"
        if not strong and named and not list_shapes.one_side_list(text, spans, scope, _RX.NAME_SEP):
            continue
        if not strong and any(st.get("target") == "arm" and st.get("arm") != sl.arm for st, sl in zip(run, slots)):
            continue
        for st, sl in zip(run, slots):
            if sl.role == "baseline" and st.get("measure") != "baseline":
                st["measure"], st["timepoint"] = "baseline", "baseline"
            elif sl.role == "follow-up" and not st.get("measure"):
                st["measure"] = "follow-up"
            if sl.time is not None and st.get("timepoint") != sl.time and st.get("measure") != "baseline":
                st["timepoint"] = sl.time
                st["flags"].append("time_from_shape")
            if st.get("target") == "arm" and st.get("arm") == sl.arm:
                continue
            if not strong and st.get("target") != "unattributed":
                continue
            st["target"], st["arm"], st["arm_role"] = "arm", sl.arm, roles.get(sl.arm)
            st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["arm_by_shape"]
            st.setdefault("attribution", {})["shape"] = sl.shape
            st["attribution"]["shape_arm"] = sl.arm
            st["attribution"]["list_prior"] = "named" if named else "inventory_order"
        placed.append(run)
    return placed


def _time_list_numbers(m: re.Match) -> list[tuple[int, int, int]]:
    """The numbers of a ``TIME_LIST`` match ("at 4 and 12 weeks": the unit once, after the last) with their spans
    in the searched string."""
    return [(m.start("list") + n.start(), m.start("list") + n.end(), int(n.group()))
            for n in re.finditer(r"\d+", m.group("list"))]


def _time_label(n: int, m: re.Match) -> str:
    """"4 weeks", "1 month": a listed number with the list's unit."""
    unit = m.group("u").lower().rstrip("s")
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def _times_in(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """The follow-up times named in text[a:b] (start, end, label), outside the values' own spans."""
    out = [(a + m.start(), a + m.end(), timepoint(m)) for m in time_matches(text[a:b])]
    for m in _RX.TIME_LIST.finditer(text, a, b):
        for pos, end, n in _time_list_numbers(m):
            if not any(x <= pos < y for x, y, _ in out):
                out.append((pos, end, _time_label(n, m)))
    return sorted(t for t in out if not any(x < t[1] and t[0] < y for x, y in spans))


def one_fact_per_arm(forms: list[dict], others: list[dict]) -> None:
    """A worded zero or "(n = k)" count placed on an arm where another count of that arm already states the
    same number for the same outcome and time ("no serious adverse events" beside "no adverse events related
    to the cells", both adverse events of the cell arm) is one fact told twice: pooling would add them. The
    later one is left for review (flag ``same_fact``), never merged silently."""
    def key(st: dict) -> tuple:
        return (st.get("arm"), st.get("outcome"), st.get("timepoint"), st.get("measure"), st.get("events"),
                st.get("total"))
    seen = {key(st) for st in others if st["kind"] == "events" and st.get("target") == "arm"}
    for st in sorted(forms, key=lambda st: st["evidence"]["start"]):
        if st.get("target") != "arm":
            continue
        if key(st) in seen:
            st["target"], st["arm"], st["arm_role"] = "unattributed", None, None
            st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["review_attribution", "same_fact"]
            continue
        seen.add(key(st))


def inventory_order(base_arms: list[dict]) -> list[str] | None:
    """The order abstracts report k arms' values in when the text names none: cell arms first, then active
    comparators, the control last (``_RESULT_ORDER``), arms of one role in the order the study introduced them
    (the inventory's); ranked labels ("Group I", "Group II") in rank order. None when two arms share the control
    role (no order between them) and the labels are no ranks."""
    ranked = ordinal_order([a["label"] for a in base_arms])
    if ranked is not None:
        return ranked
    if sum(1 for a in base_arms if a.get("role") == "control") > 1:
        return None
    return [a["label"] for a in sorted(base_arms, key=lambda a: _RESULT_ORDER.get(a.get("role"), 2))]


def inventory_order_lists(text: str, values: list[dict], mentions: list[tuple[int, int, str]], base_arms: list[dict],
                          shares: dict[int, dict[str, float]]) -> list[tuple[list[dict], list[str]]]:
    """(run, arms) for each list of k values in a k-arm study that no reader placed: "ABI at 12 months was
    0.52 ± 0.14 vs 0.44 ± 0.13", "17 of 24 limbs and 13 of 22 limbs, respectively" in a study whose arms are
    a cell arm and an active comparator, or two cell arms. The sentence must name no arm (else the named-list
    and clause readers decide), every value of the run must still be unattributed, and the attribution model
    must find the inventory order at least as likely as any other one-to-one reading (``LIST_MARGIN``). On the
    11 tunable dev sets, lists of k values in k-arm studies without exactly one control followed the inventory
    order in 17 of 19 and the reverse order in none (2 matched neither): the results-order prior the list
    reader uses with one control holds without one too."""
    order = inventory_order(base_arms)
    if order is None or len(order) < 2:
        return []
    out = []
    for run in value_lists(text, values, mentions):
        if len(run) != len(order) or any(st.get("target") != "unattributed" or id(st) not in shares for st in run):
            continue
        ev = run[0]["evidence"]
        s0, s1 = ev.get("sentence_start", 0), ev.get("sentence_end", len(text))
        if any(s0 <= m0 < s1 for m0, _, _ in mentions):
            continue
        chosen = decode_list([shares[id(st)] for st in run], order, LIST_MARGIN)
        if chosen is not None:
            out.append((run, chosen))
    return out


def _sentence_names_an_arm(text: str, st: dict, arms: list[dict]) -> bool:
    """Whether the sentence of value ``st`` names one of ``arms`` (a mention of the inventory's words)."""
    ev = st["evidence"]
    s0, s1 = ev.get("sentence_start", ev["start"]), ev.get("sentence_end", ev["end"])
    return any(s0 <= m.start and m.end <= s1 for m in find_mentions(text, build_inventory(text, arms)))


def only_arm(base_arms: list[dict], design: str | None) -> str | None:
    """The label of a single-arm study's one arm; None when the design is controlled or unknown, or the arm is
    not the study's only one (a randomised trial whose inventory found just its placebo arm is no single-arm
    study)."""
    if design != "single_arm" or len(base_arms) != 1 or base_arms[0].get("role") != "single":
        return None
    return base_arms[0]["label"]


def arms_by_denominator(values: list[dict], arms: list[dict], n_total: int | None,
                        named_in_sentence) -> list[tuple[dict, str]]:
    """(value, arm) for counts left without an arm whose denominator is one arm's size and no other's
    ("17/29 (58.6%) versus 9/27 (33.3%)" in a trial of 29 and 27): the count is that arm's. Not when the
    arms are of equal size, the denominator is the study's total, or the sentence names another arm."""
    sizes = {a["label"]: {a.get(k) for k in ("n_patients", "n_limbs", "n_ulcers")} - {None} for a in arms}
    out = []
    for st in values:
        total = st.get("total")
        if st.get("target") != "unattributed" or st["kind"] != "events" or not total or total == n_total:
            continue
        owners = [label for label, ss in sizes.items() if total in ss]
        if len(owners) != 1 or named_in_sentence(st) - {owners[0]}:
            continue
        out.append((st, owners[0]))
    return out


#: Outcome ids that describe who was enrolled (baseline traits), not what happened to them.
_SAMPLE_TRAITS = {"age", "bmi", "diabetes_duration", "ulcer_duration"}
_RESULT_ORDER = {"intervention": 0, "single": 0, "active_comparator": 1, "control": 3}







def _names_a_list(gaps: list[str]) -> bool:
    """The gaps between consecutive arm names make one list: list words only, the last with "and"/"or"/"vs",
    and one kind of joiner ("A, B and C", "A vs B vs C"; not "B vs A and C", a comparison)."""
    if gaps and all(_RX.SIZE_SEP.match(g) for g in gaps):
        # "(PDASC-150, n = 72; PDASC-300, n = 70; placebo, n = 71)": the arms listed with their sizes.
        return True
    if len(gaps) >= 2 and not any(gaps[:-1]) and _RX.RANGE_JOIN.match(gaps[-1]):
        # "in G1 to G4": a range, its inner arms mentioned at its dash (``arm_inventory.find_mentions``).
        return True
    if not gaps or any(_RX.NAME_SEP.match(g) is None for g in gaps) or not _RX.NAME_JOIN.search(gaps[-1]):
        # One name is no list (a "respectively" run over one named arm broke the record before).
        return False
    vs = [bool(_RX.VS.search(g)) for g in gaps]
    return all(vs) or not any(vs)


def one_clause_arm(clause_arms_of_run: list[str | None]) -> bool:
    """Whether the clause reader gave every value of a run (``clause_arms_of_run``: the arm it gave each, or
    None) one and the same arm: the run is that arm's."""
    arms = set(clause_arms_of_run)
    return len(arms) == 1 and None not in arms


def sentence_order(text: str, mentions: list[tuple[int, int, str]]) -> list[str] | None:
    """The arms in the order a sentence first names them; None when it names none, or when three or more
    names next to each other make a comparison, not a list ("group B vs group A and group C": B against the
    two others, an order that says nothing about a list of values)."""
    ms = sorted(mentions)
    if not ms:
        return None
    runs = [[ms[0]]]
    for a, b in zip(ms, ms[1:]):
        if a[1] <= b[0] and _RX.NAME_SEP.match(text[a[1]:b[0]]):
            runs[-1].append(b)
        else:
            runs.append([b])
    for r in runs:
        if len({m[2] for m in r}) < 3:
            continue
        vs = [bool(_RX.VS.search(text[a[1]:b[0]])) for a, b in zip(r, r[1:])]
        if any(vs) and not all(vs):
            return None
    return list(dict.fromkeys(a for _, _, a in ms))


def earlier_order(text: str, sentence_mentions: list[list[tuple[int, int, str]]], k: int,
                  bounds: list[tuple[int, int]] | None = None) -> list[str] | None:
    """The order of the k arms that "respectively" refers back to: the nearest earlier sentence
    (``sentence_mentions``: each sentence's arm mentions, oldest first) that names k or more arms must name
    exactly k, once each, as one list ("in the high-dose, low-dose and placebo groups"); else None. Given the
    sentences' ``bounds``, also one value per arm in turn (``values_in_turn``: "18 of 21 in the combined
    group, 14 of 21 in the ADSC group and 8 of 21 in the control group"): the order the reader last met the
    arms in. Not when an older sentence of those given lists the same k arms in another order ("limb salvage was
    a in the single-injection, b in the two-injection and c in the control group. ABI improved ... in the
    two-injection group and ... in the single-injection group, whereas ... in the control group. Ulcer healing was
    x, y and z, respectively"): two orders, the reader has none to follow."""
    for i in range(len(sentence_mentions) - 1, -1, -1):
        ms = sentence_mentions[i]
        if len({a for _, _, a in ms}) < k:
            continue
        arms = _listed_order(text, ms, k, bounds[i] if bounds is not None else None)
        if arms is None:
            return None
        older = (_listed_order(text, sentence_mentions[j], k, bounds[j] if bounds is not None else None)
                 for j in range(i))
        return None if any(o is not None and set(o) == set(arms) and o != arms for o in older) else arms
    return None


def _listed_order(text: str, ms: list[tuple[int, int, str]], k: int, sent: tuple[int, int] | None) -> list[str] | None:
    """The k arms one sentence's mentions ``ms`` name as one list or with a value each in turn (given the
    sentence's bounds ``sent``), once each, in order; else None."""
    arms = [a for _, _, a in ms]
    if len(arms) != k or len(set(arms)) != k:
        return None
    if _names_a_list([text[a[1]:b[0]] for a, b in zip(ms, ms[1:])]):
        return arms
    return arms if sent is not None and values_in_turn(text, ms, sent) else None


def k_groups_run(text: str, run: list[dict], sent: tuple[int, int], n_arms: int) -> bool:
    """Whether the words right after a run of values say it holds one value for each of the study's groups, as
    "respectively" would: "TcPO2 at 20 weeks was 42.5 ± 9.1, 37.8 ± 10.4, 35.6 ± 9.8 and 29.4 ± 8.7 mmHg in the
    four groups" (``K_GROUPS_AFTER``). Only where the stated number is the run's length and the inventory's arm
    count (round 37; "in the three groups" after four values, or in a four-arm study, says nothing of order), and
    only where the clause lists no subjects or times the run could follow instead (``_runs_over_arms``: "Mean age
    and ABI were 64 ± 8 and 0.52 ± 0.11 in the two groups" gives each measure for both groups, not one per group)."""
    if len(run) < 2 or len(run) != n_arms:
        return False
    m = _RX.K_GROUPS_AFTER.match(text, run[-1]["evidence"]["end"], sent[1])
    if m is None:
        return False
    from stemfoot.extract.numbers import parse_count
    return parse_count(m.group("k")) == len(run) and _runs_over_arms(text, sent, run)


def size_order(base_arms: list[dict]) -> list[str] | None:
    """The arms in the order the text gave their sizes ("A (n = 20), B (n = 20), C (n = 20) or D (n = 20)"); None
    unless every arm has a size of its own, each at a distinct place (one "20 per arm" for all gives no order)."""
    starts = [(a.get("n_evidence") or {}).get("start") for a in base_arms]
    if len(base_arms) < 2 or None in starts or len(set(starts)) != len(starts):
        return None
    return [a["label"] for _, a in sorted(zip(starts, base_arms), key=lambda t: t[0])]


def sent_order_of(text: str, mentions: list[tuple[int, int, str]], run: list[dict], n_arms: int) -> list[str] | None:
    """``sentence_order`` of the arms a sentence names, except that a run closed by "in the k groups"
    (``k_groups_run``) is read before any arm its sentence names after that phrase: "... and 9.8 ± 2.5 weeks in
    the three groups; healing was faster with mBMSC than with BMMNC" names two arms in a comparison of its own."""
    if mentions and k_groups_run(text, run, (run[0]["evidence"].get("sentence_start", 0),
                                             run[0]["evidence"].get("sentence_end", len(text))), n_arms):
        end = run[-1]["evidence"]["end"]
        if all(m0 >= end for m0, _, _ in mentions):
            return None
    return sentence_order(text, mentions)


def _runs_over_arms(text: str, sent: tuple[int, int], run: list[dict]) -> bool:
    """Whether a "respectively" run in a sentence naming no arm may run over the arms, as the allocation order
    would read it: its clause opens with no comparator (``list_shapes.lead_ok``) and lists no subjects before it
    ("Healing, minor amputation and major amputation occurred in 14, 5 and 3 patients, respectively",
    ``LEAD_SUBJECTS``), and the sentence lists no times ("at 12 and 24 weeks", ``TIME_LIST``) the values could run
    over instead."""
    r0, r1 = run[0]["evidence"]["start"], run[-1]["evidence"]["end"]
    breaks = [b.end() for b in _RX.CLAUSE_START.finditer(text, sent[0], r0)]
    c0 = breaks[-1] if breaks else sent[0]
    lead = list_shapes.after_time_lead(text, c0, r0, _times_in(text, c0, r0, [(r0, r1)]))
    return (list_shapes.lead_ok(text, lead, r0, True) and not _RX.LEAD_SUBJECTS.search(text, lead, r0)
            and not _RX.TIME_LIST.search(text, sent[0], sent[1]))


def _unnamed_run_over_arms(text: str, sent: tuple[int, int], run: list[dict]) -> bool:
    """Whether a run without "respectively" in a sentence naming no arm may still be one value per arm: no other
    list follows it that its values could run over ("40%, 55% and 70% at weeks 4, 8 and 12", "30%, 50% and 20%
    were Wagner grade 1, 2 and 3", ``UNNAMED_RUN_TAIL_LIST``), and the sentence does not speak of the whole
    cohort ("of the cohort", ``UNNAMED_RUN_COHORT``). Mend41: without "respectively" nothing else says the values
    follow the arms."""
    r1 = run[-1]["evidence"]["end"]
    return not (_RX.UNNAMED_RUN_TAIL_LIST.search(text, r1, sent[1]) or _RX.UNNAMED_RUN_COHORT.search(text, *sent))


def allocation_order(text: str, sentence_mentions: list[list[tuple[int, int, str]]], bounds: list[tuple[int, int]],
                     k: int) -> list[str] | None:
    """The arms a "respectively" list of k values follows when its sentence names no arm and no nearer sentence
    orders them: the order the allocation gave ("randomly assigned to CD34+ cells (CD34 group; n = 28) or to
    standard medical therapy (SMT group; n = 28). ... The numbers ... were 18 and 7, respectively").
    ``sentence_mentions``/``bounds``: the arm mentions and bounds of every sentence before, oldest first; the
    caller checks that k is the number of arms. The allocation sentence is the first with an allocation verb
    (``ALLOCATION_VERB``) naming all k arms, each in one stretch (no arm named again after another); every
    later sentence naming two or more arms must name them first in the same order. Else None: arms met in
    another order leave the reader no one order to follow."""
    orders = [list(dict.fromkeys(a for _, _, a in ms)) for ms in sentence_mentions]
    start = next((i for i, (o, (s0, s1)) in enumerate(zip(orders, bounds))
                  if len(o) == k and _RX.ALLOCATION_VERB.search(text, s0, s1)), None)
    if start is None:
        return None
    arms = orders[start]
    stretches = [a for i, (_, _, a) in enumerate(sentence_mentions[start])
                 if i == 0 or sentence_mentions[start][i - 1][2] != a]
    if len(stretches) != k:
        return None
    for o in orders[start + 1:]:
        if len(o) >= 2 and o != [a for a in arms if a in o]:
            return None
    return arms


def _label_word(label: str, whole: bool = False) -> re.Pattern[str]:
    """The words a sentence names an arm by, its label less the head noun (``LABEL_HEAD``: "low-dose group" ->
    "low-dose"), or with it (``whole``), as a whole word; a short code ("G1", "G2") only in its own case."""
    key = label.strip() if whole else _RX.LABEL_HEAD.match(label.strip()).group("key")
    return re.compile(r"(?<![\w\-+/])" + re.escape(key) + r"(?![\w\-+/])", 0 if len(key) <= 3 else re.I)


def worded_order(text: str, bounds: list[tuple[int, int]], labels: list[str]) -> list[str] | None:
    """The order of the arms ``labels`` in the nearest sentence (``bounds``, oldest first) whose words name every
    one of them, by each arm's first naming: "Seventy-seven patients completed the study (low-dose 19, mid-dose
    20, high-dose 19, placebo 19)" orders a four-arm trial's arms where the mention finder reads none of these
    bare dose words. An arm whose words lie inside another arm's ("ADSC" in "ADSC–HBOT", "NPWT" in "PBMNC+NPWT":
    a factorial's cells) is named only by its whole label where it has a head noun ("ADSC group": "ADSC plus HBOT"
    describes the other cell), and only outside the longer name (round 44). None where a label is one letter (the
    article "A" names no arm A), two labels have the same words or no sentence names all."""
    keys = [_RX.LABEL_HEAD.match(lab.strip()).group("key").lower() for lab in labels]
    if min(map(len, keys)) < 2 or len(set(keys)) != len(keys):
        return None
    words = [_label_word(lab, any(k != key and key in k for k in keys)) for lab, key in zip(labels, keys)]
    for s0, s1 in reversed(bounds):
        spans = [[m.span() for m in w.finditer(text, s0, s1)] for w in words]
        first = [next((a for a, b in own if not any(k != j and keys[j] in keys[k] and a < d and c < b
                                                    for k in range(len(keys)) for c, d in spans[k])), None)
                 for j, own in enumerate(spans)]
        if all(f is not None for f in first):
            return [lab for _, lab in sorted(zip(first, labels))]
    return None


def placed_order(values: list[dict], before: list[tuple[int, int]], k: int) -> list[str] | None:
    """The arms a "respectively" list of k values continues when no earlier sentence names them as a list: the
    order the nearest earlier sentence's own list was placed in ("The effective rates of the A, B and C groups
    were x, y and z, respectively; A was superior to C. The ABI was a, b and c, respectively."). ``before``:
    bounds of the sentences before, oldest first. The nearest sentence with values placed by a list decides: its
    list-placed values must run over the same k different arms in the same order, once or more ("from a, b and c
    to d, e and f"); else None (a list of four arms says nothing of which two a list of two values is)."""
    for s0, s1 in reversed(before):
        placed = sorted((v for v in values if s0 <= v["evidence"]["start"] < s1 and v.get("target") == "arm"
                         and "arm_by_list" in v["flags"]), key=lambda v: v["evidence"]["start"])
        if not placed:
            continue
        arms = [v["arm"] for v in placed[:k]]
        if len(placed) % k or len(set(arms)) != k or any(v["arm"] != arms[i % k] for i, v in enumerate(placed)):
            return None
        return arms
    return None


def values_in_turn(text: str, ms: list[tuple[int, int, str]], sent: tuple[int, int]) -> bool:
    """Whether a sentence gives each arm it names its own value, all on the same side: a number between
    each name and the one before it (or the sentence start), or between each name and the next (or the
    sentence end). "Compared with placebo, the OR was 5.57 for high-dose and 3.00 for low-dose" is no such
    sentence: placebo has no value of its own."""
    starts = [sent[0]] + [m[1] for m in ms[:-1]]
    ends = [m[0] for m in ms[1:]] + [sent[1]]
    before = all(re.search(r"\d", text[a:m[0]]) for a, m in zip(starts, ms))
    after = all(re.search(r"\d", text[m[1]:b]) for m, b in zip(ms, ends))
    return before or after


def named_list(text: str, sent: tuple[int, int], run: tuple[int, int],
               mentions: list[tuple[int, int, str]], k: int | None = None) -> list[str] | None:
    """The arms a sentence names as one list for a run of values, in order, or None.

    The names must be distinct arms joined only by list words ("in the low-dose, high-dose and placebo
    groups", "(BMSC versus BMMNC versus saline)", "in the MSC and control groups") and lie all after the
    values or all before them; a sentence that names arms on both sides, or one at a time in clauses
    ("17/29 with A, 9/27 with B"), gives None (those are the clause reader's and the model's)."""
    s0, s1 = sent
    breaks = [b.end() for b in _RX.CLAUSE_START.finditer(text, s0, run[0])]
    # Names in an earlier clause ("One patient in group B had fever, and ... in groups A, B and C") are not
    # this run's.
    s0 = breaks[-1] if breaks else s0
    end = _RX.LIST_CLAUSE_END.search(text, run[1], s1)
    # Names past the run's clause ("..., compared with 20% in arm D") are not this run's either.
    s1 = end.start() if end else s1
    inside = [m for m in mentions if s0 <= m[0] < s1]
    if len(inside) < 2 or any(run[0] <= m[0] < run[1] for m in inside):
        return None
    before = [m for m in inside if m[1] <= run[0]]
    after = [m for m in inside if m[0] >= run[1]]
    if before and after:
        return None
    group = before or after
    if group is after:
        # The list is the names right after the values, joined by list words; names past its first other words
        # are an aside's: a range's ("in Groups I to IV, respectively (P < 0.001 versus Group IV)"), and, when it
        # names as many arms as the run has values (``k``), any list's ("in the BM-MSC, BM-MNC and control groups
        # (P < 0.001 for each cell group vs control)", "in groups I, II and III, and by 2.2 in group IV").
        ranged = any(not a[1] - a[0] for a in group)
        joined = [group[0]]
        for a, b in zip(group, group[1:]):
            gap = text[a[1]:b[0]]
            if gap and not (_RX.RANGE_JOIN.match(gap) or (not ranged and _RX.NAME_SEP.match(gap))):
                break
            joined.append(b)
        if ranged or len(joined) == k:
            group = joined
    arms = [a for _, _, a in group]
    if len(set(arms)) != len(arms):
        return None
    if not _names_a_list([text[a[1]:b[0]] for a, b in zip(group, group[1:])]):
        # "compared with A, the B group", "(B vs A and C, both P < 0.05)": no list of names.
        return None
    return arms


def named_after_values(text: str, values: list[dict], run: list[dict], mentions: list[tuple[int, int, str]]) -> bool:
    """Whether a run of values closes the clause of one arm named after values of the run's kind were given:
    such a value, then an arm's name, then the run in that name's clause ("rose from a to b in the cell group
    and was unchanged in controls (c vs d)"). The order the sentence names the arms in then says nothing of the
    run, which is mostly that one arm's before and after."""
    s0, start = run[0]["evidence"].get("sentence_start", 0), run[0]["evidence"]["start"]
    ids = {id(st) for st in run}
    earlier = [st["evidence"]["end"] for st in values
               if id(st) not in ids and st["kind"] == run[0]["kind"]
               and st["evidence"].get("sentence_start", 0) == s0 and st["evidence"]["end"] <= start]
    named = [m for m in mentions if earlier and min(earlier) <= m[0] and m[1] <= start]
    return bool(named) and _RX.RUN_OWN_CLAUSE.match(text[max(m[1] for m in named): start]) is not None


def value_lists(text: str, values: list[dict], mentions: list[tuple[int, int, str]]) -> list[list[dict]]:
    """Runs of two or more values of one kind in one sentence, joined only by list separators (", ",
    "and", "vs"), with no arm named between them: "2 (11.1%), 1 (5.6%) and 5 (27.8%)", "17/29 versus 9/27".
    A sentence that lists times ("at 1, 3 and 6 months") is left out: its lists may run over time."""
    spans = mentions
    runs: list[list[dict]] = []
    ordered = sorted(values, key=lambda st: st["evidence"]["start"])
    cur: list[dict] = []
    for st in ordered:
        if cur:
            prev = cur[-1]
            a, b = prev["evidence"]["end"], st["evidence"]["start"]
            same = (prev["kind"] == st["kind"] and prev["evidence"].get("sentence_start") == st["evidence"].get("sentence_start")
                    and a <= b and _RX.LIST_SEP.match(text[a:b]) is not None and not _RX.OVER_TIME_WORDS.search(text[a:b])
                    and not any(a <= m0 < b for m0, _, _ in spans) and not worded_clause_zero(st))
            if same:
                cur.append(st)
                continue
            if len(cur) >= 2:
                runs.append(cur)
        cur = [st]
    if len(cur) >= 2:
        runs.append(cur)
    out = []
    for run in runs:
        ev = run[0]["evidence"]
        # The run's own numbers before a unit of time ("Median time to healing was 49, 56, 63 and 77 days") are
        # its values, not times it runs over (round 41); only for summaries of a time (a median or mean): bare
        # counts read from "at 1, 3 and 6 months" stay a list of times.
        starts = {st["evidence"]["start"] for st in run} if run[0]["kind"] in {"median", "mean", "mean_sd"} else set()
        if any(not any(m.start() <= x < m.end() for x in starts)
               for m in _RX.TIMES_IN.finditer(text, ev.get("sentence_start", 0), ev.get("sentence_end", len(text)))):
            continue
        if any(st.get("measure") == "baseline" for st in run) and any(st.get("measure") == "follow-up" for st in run):
            continue
        out.append(run)
    return out




def worded_clause_zero(st: dict) -> bool:
    """Whether a value is a zero read from a clause of words ("no patient required major amputation"): a statement
    of its own, not the next item of a list of counts before it ("in 1, 1, 2 and 3 patients, and no patient
    required major amputation"; round 41)."""
    return st.get("events") == 0 and not _RX.DIGIT_START.match((st.get("evidence") or {}).get("text") or "")


def clause_arms(text: str, values: list[dict], mentions: list[tuple[int, int, str]]) -> list[tuple[list[dict], str]]:
    """(group, arm) for each group of values of a sentence whose clauses each name one arm, all on the same
    side: "TcPO2 in group A rose from a to b, in group B from c to d" (the arm before each group), "from a to
    b with PB-MNC and from c to d with BM-MNC" (the arm after). A group is a run of values of one kind joined
    by list words or "to" with no arm named inside. When both sides (or neither) name exactly one arm for
    every group, nothing is decided."""
    by_sent: dict[tuple[int, int], list[dict]] = {}
    for st in sorted(values, key=lambda st: st["evidence"]["start"]):
        ev = st["evidence"]
        by_sent.setdefault((ev.get("sentence_start", 0), ev.get("sentence_end", len(text))), []).append(st)
    out: list[tuple[list[dict], str]] = []
    for (s0, s1), stats in by_sent.items():
        groups: list[list[dict]] = []
        for st in stats:
            if groups:
                prev = groups[-1][-1]
                a, b = prev["evidence"]["end"], st["evidence"]["start"]
                gap = text[a:b] if a <= b else ""
                if (prev["kind"] == st["kind"] and a <= b and _RX.GROUP_GAP.match(gap) and _RX.GROUP_LINK.search(gap)
                        and not any(a <= m0 < b for m0, _, _ in mentions)):
                    groups[-1].append(st)
                    continue
            groups.append([st])
        if len(groups) < 2:
            continue

        def arms_in(a: int, b: int) -> set[str]:
            return {arm for m0, _, arm in mentions if a <= m0 < b}
        before = [arms_in(groups[i - 1][-1]["evidence"]["end"] if i else s0, g[0]["evidence"]["start"])
                  for i, g in enumerate(groups)]
        after = [arms_in(g[-1]["evidence"]["end"], groups[i + 1][0]["evidence"]["start"] if i + 1 < len(groups) else s1)
                 for i, g in enumerate(groups)]
        ok_before = all(len(x) == 1 for x in before) and len({next(iter(x)) for x in before}) == len(groups)
        ok_after = all(len(x) == 1 for x in after) and len({next(iter(x)) for x in after}) == len(groups)
        if ok_before == ok_after:
            continue
        side = before if ok_before else after
        out.extend((g, next(iter(x))) for g, x in zip(groups, side))
    return out


def list_margin(shares: list[dict[str, float]], prior: list[str]) -> float | None:
    """How much likelier (log) the model finds the ``prior`` one-to-one reading of a list than the best other
    permutation; None when the list is not one value per arm."""
    import itertools
    import math
    k = len(prior)
    if k < 2 or k > 4 or len(shares) != k:
        return None

    def score(perm: tuple[str, ...]) -> float:
        return sum(math.log(max(sh.get(arm, 0.0), 1e-6)) for sh, arm in zip(shares, perm))
    return score(tuple(prior)) - max(score(p) for p in itertools.permutations(prior) if list(p) != list(prior))


def decode_list(shares: list[dict[str, float]], prior: list[str], min_margin: float = 0.0) -> list[str] | None:
    """One value per arm: the arms of a list of k values in a study of k arms. The list is read in the
    ``prior`` order (the arms as the sentence names them, else results order: cells first, control last)
    when that order is also the model's most likely one-to-one assignment (the product of its arm shares over
    all permutations); else None (the values keep what each was given alone)."""
    margin = list_margin(shares, prior)
    return list(prior) if margin is not None and margin >= min_margin else None




def _join_over_time_pairs(text: str, values: list[dict]) -> None:
    """Before -> after pairs stay in one arm: an end left unattributed whose rules' arm is the arm its
    other end was given ("from 0.48 at baseline to 0.63 at 12 weeks" in one group) takes that arm."""
    for a, b in zip(values, values[1:]):
        if a["kind"] != b["kind"] or a.get("outcome") != b.get("outcome"):
            continue
        ea, eb = a["evidence"], b["evidence"]
        if ea.get("sentence_start") != eb.get("sentence_start"):
            continue
        gap = text[ea["end"]:eb["start"]]
        around = text[max(ea.get("sentence_start", 0), ea["start"] - 25):min(eb["end"] + 25, eb.get("sentence_end", eb["end"]))]
        if a.get("measure") == "follow-up" and b.get("measure") == "baseline":
            # The end of one pair and the start of the next ("... to 4.0 ± 2.2 in B, but (6.7 ± 1.4 to ...").
            continue
        over_time = (a.get("measure"), b.get("measure")) == ("baseline", "follow-up") or (
            _RX.OVER_TIME_GAP.match(gap) is not None and len(_RX.OVER_TIME_WORDS.findall(around)) >= 2)
        if not over_time:
            continue
        for done, open_ in ((a, b), (b, a)):
            if done.get("target") == "arm" and open_.get("target") == "unattributed" and open_.get("_rule_arm") == done["arm"]:
                open_["target"], open_["arm"], open_["arm_role"] = "arm", done["arm"], done.get("arm_role")
                open_["flags"] = [f for f in open_["flags"] if f != "review_attribution"] + ["arm_from_pair"]


PAIR_KINDS = {"mean_sd", "mean", "median", "percent"}


def before_after_pairs(text: str, values: list[dict], mentions: list[tuple[int, int, str]]) -> list[list[dict]]:
    """Before -> after pairs of a sentence (each a run of values of one kind): a before value (measure
    ``baseline``, or joined by "to"/"→" in a sentence of change) and its after value(s), with no arm named
    and no comparison between them: "from 0.48 to 0.59", "5.2 ± 2.6 cm2 at baseline to 2.1 ± 1.8 cm2 at week
    4 and 0.6 ± 0.9 cm2 at week 8", "26 ± 6 → 35 ± 8 mmHg"."""
    stats = sorted((st for st in values if st["kind"] in PAIR_KINDS), key=lambda st: st["evidence"]["start"])
    out: list[list[dict]] = []
    i = 0
    while i + 1 < len(stats):
        a, b = stats[i], stats[i + 1]
        ea, eb = a["evidence"], b["evidence"]
        gap = text[ea["end"]:eb["start"]] if ea["end"] <= eb["start"] else ";"
        same = a["kind"] == b["kind"] and ea.get("sentence_start") == eb.get("sentence_start")
        named = any(ea["end"] <= m0 < eb["start"] for m0, _, _ in mentions)
        linked = _RX.PAIR_LINK.match(gap) and _RX.PAIR_TO.search(gap) and not _RX.PAIR_NOT.search(gap)
        start = a.get("measure") == "baseline" and b.get("measure") != "baseline" or (
            a.get("measure") is None and _RX.CHANGE_WORD.search(text, ea.get("sentence_start", 0), eb["start"]))
        if not (same and linked and start and not named):
            i += 1
            continue
        group = [a, b]
        j = i + 2
        while j < len(stats):
            p, q = group[-1]["evidence"], stats[j]["evidence"]
            more = text[p["end"]:q["start"]] if p["end"] <= q["start"] else ";"
            if (stats[j]["kind"] != a["kind"] or q.get("sentence_start") != ea.get("sentence_start")
                    or stats[j].get("measure") == "baseline" or not _RX.PAIR_MORE.match(more)
                    or not _RX.PAIR_MORE_LINK.search(more) or _RX.PAIR_NOT.search(more)
                    or re.search(r"\bfrom\b", more, re.I) or any(p["end"] <= m0 < q["start"] for m0, _, _ in mentions)):
                break
            group.append(stats[j])
            j += 1
        out.append(group)
        i = j
    return out


def pair_clause_arms(text: str, pairs: list[list[dict]], values: list[dict],
                     mentions: list[tuple[int, int, str]]) -> list[str | None]:
    """The arm each pair's own clause names, or None: first the words right after its last value, up to the
    next value or a clause break ("from a to b in the high-dose group and ..."; "to b mmHg (CD133+)"), else
    the words before its first value back to the previous value or a clause break, when they name one arm
    that is no comparator ("In the sheet group, area decreased from a ..."; not "Compared with control, ...").
    A mention read as one pair's after-arm is not the next pair's before-arm."""
    starts = sorted(st["evidence"]["start"] for st in values)
    ends = sorted(st["evidence"]["end"] for st in values)
    used: set[tuple[int, int]] = set()
    out: list[str | None] = []
    for group in pairs:
        g0, g1 = group[0]["evidence"], group[-1]["evidence"]
        s0, s1 = g0.get("sentence_start", 0), g0.get("sentence_end", len(text))
        right = min([s1] + [x for x in starts if x >= g1["end"]])
        brk = _RX.PAIR_CLAUSE_END.search(text, g1["end"], right)
        stop = brk.start() if brk else right
        after = [(m0, m1, arm) for m0, m1, arm in mentions if g1["end"] <= m0 < stop]
        if len({arm for _, _, arm in after}) == 1:
            used.update((m0, m1) for m0, m1, _ in after)
            out.append(after[0][2])
            continue
        left = max([s0] + [x for x in ends if x <= g0["start"]])
        cut = [m.end() for m in re.finditer(r";|\b(?:whereas|while|but)\b", text[left:g0["start"]], re.I)]
        left += cut[-1] if cut else 0
        before = [(m0, m1, arm) for m0, m1, arm in mentions if left <= m0 and m1 <= g0["start"] and (m0, m1) not in used]
        if (len({arm for _, _, arm in before}) == 1 and not _RX.PAIR_COMPARED.search(text, left, before[0][0])
                and not re.search(r"\d", text[before[-1][1]:g0["start"]].replace("from", ""))):
            out.append(before[0][2])
        else:
            out.append(None)
    return out




def pair_lists(text: str, pairs: list[list[dict]], clause: list[str | None], mentions: list[tuple[int, int, str]],
               earlier: Callable[[int, int], list[str] | None] | None = None) -> dict[int, str]:
    """Pairs listed one per arm: "improved from a to b and from c to d, respectively", "(a→b vs c→d)". Two or
    more pairs of one sentence, none with an arm of its own clause, joined by list words only, in a sentence
    that says "respectively" (or joins them by "vs"), take the arms in the order the sentence names them (k
    arms, each once, outside the pairs), else in the order ``earlier(sentence_start, k)`` gives (the last
    sentence that listed the arms). Returns {pair index: arm}."""
    out: dict[int, str] = {}
    i = 0
    while i < len(pairs):
        run = [i]
        while run[-1] + 1 < len(pairs):
            a, b = pairs[run[-1]], pairs[run[-1] + 1]
            ea, eb = a[-1]["evidence"], b[0]["evidence"]
            if (ea.get("sentence_start") != eb.get("sentence_start") or ea["end"] > eb["start"]
                    or not _RX.PAIR_LIST_GAP.match(text[ea["end"]:eb["start"]])
                    or any(ea["end"] <= m0 < eb["start"] for m0, _, _ in mentions)):
                break
            run.append(run[-1] + 1)
        i = run[-1] + 1
        if len(run) < 2 or any(clause[j] is not None for j in run):
            continue
        first, last = pairs[run[0]][0]["evidence"], pairs[run[-1]][-1]["evidence"]
        s0, s1 = first.get("sentence_start", 0), first.get("sentence_end", len(text))
        joined_vs = all(_RX.VS.search(text[pairs[j][-1]["evidence"]["end"]:pairs[j + 1][0]["evidence"]["start"]])
                        for j in run[:-1])
        if not (_RX.RESPECTIVELY.search(text, s0, s1) or joined_vs):
            continue
        named = [arm for m0, m1, arm in mentions if s0 <= m0 < s1 and not first["start"] <= m0 < last["end"]]
        if named:
            order = named if len(named) == len(run) and len(set(named)) == len(run) else None
        else:
            order = earlier(s0, len(run)) if earlier is not None else None
        if order is None:
            continue
        out.update(zip(run, order))
    return out


def _pair_strength(st: dict, named_inside: set[int]) -> int:
    """How well an end of a pair is placed: 3 the arm is named in its own words, a clause or a named list;
    2 the rules and the model agree; 1 the model alone (or results order); 0 no arm."""
    if st.get("target") != "arm" or not st.get("arm"):
        return 0
    flags = set(st.get("flags") or ())
    if id(st) in named_inside or flags & {"arm_by_clause", "arm_from_pair"} or (
            "arm_by_list" in flags and (st.get("attribution") or {}).get("list_prior") == "named"):
        return 3
    if flags & {"arm_by_model", "arm_by_order"} or "arm_by_list" in flags:
        return 1
    return 2


def settle_pairs(text: str, values: list[dict], mentions: list[tuple[int, int, str]], roles: dict[str, str | None],
                 named_inside: set[int] | None = None,
                 earlier: Callable[[int, int], list[str] | None] | None = None) -> list[list[dict]]:
    """Before -> after pairs stay in one arm. Each pair (:func:`before_after_pairs`) gets a ``pair`` number;
    its ends take the arm its own clause names (:func:`pair_clause_arms`), else the arm of its best-placed end
    (:func:`_pair_strength`), when no end is placed as well on another arm; moved or filled ends get flag
    ``arm_from_pair``. Ends placed equally well on different arms are left and flagged ``pair_arm_conflict``.
    Returns the pairs."""
    named_inside = named_inside or set()
    pairs = before_after_pairs(text, values, mentions)
    clause = pair_clause_arms(text, pairs, values, mentions)
    listed = pair_lists(text, pairs, clause, mentions, earlier)
    # A pair's place in a list of pairs is wording, as good as an arm named in its own clause.
    clause = [listed.get(k, arm) for k, arm in enumerate(clause)]
    for k, (group, clause_arm) in enumerate(zip(pairs, clause)):
        for st in group:
            st["pair"] = k
        strength = [_pair_strength(st, named_inside) for st in group]
        if clause_arm is not None and clause_arm in roles:
            if any(s == 3 and st.get("arm") != clause_arm for st, s in zip(group, strength)):
                for st in group:
                    st["flags"].append("pair_arm_conflict")
                continue
            arm = clause_arm
        else:
            placed = [(s, st["arm"]) for st, s in zip(group, strength) if s > 0]
            if not placed:
                continue
            top = max(s for s, _ in placed)
            best = {a for s, a in placed if s == top}
            if len(best) != 1:
                for st in group:
                    st["flags"].append("pair_arm_conflict")
                continue
            arm = next(iter(best))
            if any(st.get("target") == "unattributed" and st.get("_rule_arm") not in (None, arm) for st in group):
                # An open end the rules put on another arm: two readings, no winner.
                for st in group:
                    st["flags"].append("pair_arm_conflict")
                continue
        for st in group:
            if st.get("target") == "arm" and st.get("arm") == arm:
                continue
            if st.get("target") not in ("arm", "unattributed", "cohort") or (
                    clause_arm is None and st.get("target") == "cohort"):
                # A whole-cohort end moves only when the pair's own clause names the arm.
                continue
            st["target"], st["arm"], st["arm_role"] = "arm", arm, roles.get(arm)
            st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["arm_from_pair"]
            st.setdefault("attribution", {})["pair_arm"] = arm
    return pairs


#: Event counts the placement below decides: worded zeros and "(n = k)" counts (``event_counts`` readers).
EVENT_FORMS = ("event_count_zero", "event_count_n_equals")


def every_arm_copies(text: str, statistics: list[dict], base_arms: list[dict]) -> None:
    """A worded zero said of every arm ("no serious adverse reactions occurred in either group", flag
    ``every_arm``) is one value per inventory arm: the statistics component copied it over the arms it knew,
    which the inventory may since have completed ("PTA group" added from Results). One whose sentence writes a
    number of arms the inventory does not have ("in any of the four arms" beside three arms:
    `every_arm_count_agrees`) is dropped: copied, it would sit on arms that may not be the ones meant. In place."""
    groups: dict[tuple[int, int], list[dict]] = {}
    for st in statistics:
        if "every_arm" in st["flags"]:
            groups.setdefault((st["evidence"]["start"], st["evidence"]["end"]), []).append(st)
    labels = [a["label"] for a in base_arms]
    for group in groups.values():
        ev = group[0]["evidence"]
        if len(labels) >= 2 and not every_arm_count_agrees(
                text[ev.get("sentence_start", 0):ev.get("sentence_end", len(text))], len(labels)):
            statistics[:] = [st for st in statistics if not any(st is g for g in group)]
            continue
        if len(labels) < 2 or sorted(st.get("arm") or "" for st in group) == sorted(labels):
            continue
        for st, label in zip(group, labels):
            st["arm"], st["arm_role"] = label, next(a.get("role") for a in base_arms if a["label"] == label)
        for label in labels[len(group):]:
            statistics.append({**group[0], "arm": label, "flags": list(group[0]["flags"]),
                               "arm_role": next(a.get("role") for a in base_arms if a["label"] == label)})
        for st in group[len(labels):]:
            statistics.remove(st)


def clause_bounds(text: str, sent: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The clause of a sentence a span lies in: breaks at ";", ", and/but/whereas/while" (``CLAUSE_START``)
    and, for an event statement, at "except / apart from" (``EVENT_CLAUSE_BREAK``)."""
    s, e = sent
    breaks = _clause_breaks(text, s, e)
    c0 = max(b for b in breaks if b <= start)
    c1 = min((b for b in breaks if b >= end), default=e)
    return c0, c1


@lru_cache(maxsize=64)
def _clause_breaks(text: str, s: int, e: int) -> tuple[int, ...]:
    # Once per sentence, not once per value in it: the stages ask ``clause_bounds`` of every value of a sentence.
    depth, inside = 0, []
    for i in range(s, e):
        # A break inside brackets ("(bone pain, n = 14; fever, n = 5)") ends no clause.
        depth = depth + 1 if text[i] == "(" else max(depth - 1, 0) if text[i] == ")" else depth
        inside.append(depth > 0)
    breaks = [s, e] + [b for b in [m.end() for m in _RX.CLAUSE_START.finditer(text, s, e)] + [
        m.start() for m in _RX.EVENT_CLAUSE_BREAK.finditer(text, s, e)] if not inside[min(b, e - 1) - s]]
    return tuple(breaks)


def split_rest(text: str, st: dict, n_arms: int) -> bool:
    """Whether the rest of an "(n = k; ...)" bracket splits the count over the arms: "Cellulitis (n = 3; one
    MSC, two control)" (its counts add up to k)."""
    if st["kind"] != "events" or not st.get("events") or n_arms < 2:
        return False
    end = st["evidence"]["end"]
    m = re.match(r"\s*[;,]\s*([^()]{3,120})\)", text[end:st["evidence"].get("sentence_end") or len(text)])
    if not m:
        return False
    return _splits_count(text, end + m.start(1), end + m.end(1), st["events"], n_arms)


def treated_arm(text: str, base_arms: list[dict], procedure: bool) -> str | None:
    """The one arm that received what a treatment-tied event comes from: the only arm of role intervention or
    single. For the procedure (harvest, injection) also only when no control receives a placebo, sham or
    vehicle (it would undergo the procedure too). None when several arms were treated."""
    treated = treated_labels(base_arms)
    if len(treated) != 1 or (procedure and procedure_in_every_arm(text)):
        return None
    return treated[0]


def treated_labels(base_arms: list[dict]) -> list[str]:
    """The labels of the arms that received the treatment (role intervention, or the single arm)."""
    return [a["label"] for a in base_arms if a.get("role") in {"intervention", "single"}]


def some_arms_treated(text: str, base_arms: list[dict], procedure: bool) -> bool:
    """Whether two or more arms, but not all, received what a treatment-tied event comes from (the arms of role
    intervention beside a control); for the procedure not when a placebo, sham or vehicle control undergoes it
    too (`procedure_in_every_arm`)."""
    treated = treated_labels(base_arms)
    return 2 <= len(treated) < len(base_arms) and not (procedure and procedure_in_every_arm(text))


def procedure_in_every_arm(text: str) -> bool:
    """Whether every arm underwent the procedure of obtaining or giving cells: a placebo, sham or vehicle control
    (``SHAM``) or words that all arms had it ("All patients underwent bone-marrow aspiration":
    ``EVERY_ARM_PROCEDURE``), so its events may be any arm's."""
    return bool(_RX.SHAM.search(text) or _RX.EVERY_ARM_PROCEDURE.search(text))


def cells_sham(text: str, factors: dict[str, frozenset[str]], cells: frozenset[str]) -> bool:
    """In a factorial trial, whether a placebo, sham or vehicle (``SHAM``) may stand in for the cells' procedure:
    any such word but one that names a side of another factor ("saline" of "saline plus ASC sheet" beside the
    factor G-CSF: the G-CSF placebo; round 41)."""
    for m in _RX.SHAM.finditer(text):
        side = factors.get(m.group(0).lower())
        if side is None or not (side & cells) or cells <= side:
            return True
    return False


def zero_arm_group(text: str, st: dict, clause_end: int, named: list[tuple[int, int, str]],
                   labels: set[str]) -> list[str] | None:
    """The arms a worded zero's own words name right after it, as one coordinated group: "No serious adverse
    events occurred in either the MSC or the MNC group", "no dissection was seen in Arm I or Arm III", "in none of
    the patients in Groups A and B", "no major amputation in the cell group and one in the control group" (the
    cell group alone: "one" is the next count's). ``ZERO_GROUP_LEAD`` must join the zero to the first arm, and
    only ``ZERO_GROUP_JOIN`` may join the arms; a number, or an arm named before the zero, belongs to another count
    (round 41: such zeros were read and then dropped as naming several arms). None where no group is read."""
    end = st["evidence"]["end"]
    lead = _RX.ZERO_GROUP_LEAD.match(text, end, clause_end)
    if lead is None:
        return None
    coded = factor_sides.named_members(text[lead.end():clause_end], sorted(labels))
    pair = _RX.ZERO_CODED_PAIR.match(text, lead.end(), clause_end)
    if coded and pair:
        # "in Groups A and B": coded arms named as one plural (not the subject of the next clause: mend41).
        if _RX.ZERO_GROUP_NEW_CLAUSE.match(text, pair.end(), clause_end):
            return None
        if len(coded) < len(labels) and (_RX.ARM_PROCEDURE.search(text, st["evidence"]["start"], lead.end())
                                         or _RX.EVENT_CELLS.search(text, st["evidence"]["start"], lead.end())):
            # "no marrow-harvest complications were recorded in Arms I and II" of three arms: a zero of what only
            # those arms had is one pooled zero (rule 40), no zero of each (round 60: left for review).
            return None
        return coded
    after = sorted((m for m in named if lead.end() <= m[0] < clause_end and m[2] in labels), key=lambda m: m[0])
    if not after or after[0][0] != lead.end():
        return None
    group = [after[0]]
    for m in after[1:]:
        if not _RX.ZERO_GROUP_JOIN.fullmatch(text, group[-1][1], m[0]):
            break
        group.append(m)
    if len(group) > 1 and _RX.ZERO_GROUP_NEW_CLAUSE.match(text, group[-1][1], clause_end):
        # "No amputation occurred in Group A and Group B required 2": the last arm starts the next clause (mend41).
        group.pop()
    arms = list(dict.fromkeys(a for _, _, a in group))
    return arms if len(arms) == len(group) else None


def pair_word_arm(words: str, labels: list[str]) -> str | None:
    """The one arm of ``labels`` whose label holds every word of ``words`` (the first member of a pair zero: "cell"
    of "in the cell or placebo arms"; a plural "cells" as "cell"), words of ``LABEL_FILLER`` aside. None where a
    word is in no label or in several ("cell" of the BM-cell and PB-cell groups), or no word is left: null beats a
    guess (round 51, mendlead51b)."""
    def words_of(s: str) -> set[str]:
        return {w for w in re.findall(r"[a-z0-9+]+", s.lower()) if not _RX.LABEL_FILLER.match(w)}

    def holds(have: set[str], w: str) -> bool:
        return w in have or (w.endswith("s") and w[:-1] in have)

    wanted = words_of(words)
    if not wanted:
        return None
    held = [words_of(lab) for lab in labels]
    hits = [lab for lab, have in zip(labels, held) if all(holds(have, w) for w in wanted)]
    # Each word in one label only: "cell" in "cell group" and in "cell + PRP group" is no one arm.
    if len(hits) != 1 or any(sum(holds(have, w) for have in held) != 1 for w in wanted):
        return None
    return hits[0]


def other_arms_zero(text: str, st: dict, named: list[tuple[int, int, str]], labels: list[str]) -> list[str] | None:
    """The arms of a one-arm zero said of "the other group(s)" (``OTHER_ARMS``: "Two patients in the usual-care group
    underwent amputation; none did in the other groups", "in none of the other three groups"): every arm of
    ``labels`` (inventory order) but those its sentence names before the zero (round 51, lead51b). None where the
    zero's own words name an arm, no arm is named before it (nothing for "other" to set apart), none is left, or the words' number
    disagrees with the arms left ("the other group" of two, "the other two groups" of one): null beats a guess."""
    ev = st["evidence"]
    # Searched past the zero's end, so the words after its noun count ("the other group of neuropathic patients").
    m = _RX.OTHER_ARMS.search(text, ev["start"])
    if m is None or m.start() >= ev["end"] or any(ev["start"] <= m0 < ev["end"] for m0, _, _ in named):
        return None
    before = {arm for m0, _, arm in named if m0 < ev["start"]}
    rest = [a for a in labels if a not in before]
    if not before or not rest or bool(m.group("plural")) != (len(rest) > 1):
        return None
    n = m.group("n")
    if n is not None and int(_GROUP_NUMBERS.get(n.lower(), n)) != len(rest):
        return None
    return rest


def _zero_on_arms(st: dict, labels: list[str], roles: dict[str, str | None], flag: str,
                  placement: str) -> list[dict]:
    """In place: a zero goes on the first of ``labels``; returns its copies for the others, each flagged ``flag``."""
    out, first = [], dict(st)
    for i, label in enumerate(labels):
        c = st if i == 0 else {**first, "flags": list(first["flags"])}
        c["target"], c["arm"], c["arm_role"] = "arm", label, roles.get(label)
        c["flags"] = [f for f in c["flags"] if f != "review_attribution"] + [flag]
        c["detail"] = {**(c.get("detail") or {}), "event_placement": placement}
        if i:
            out.append(c)
    return out


def named_arm_zeros(st: dict, arms: list[str], roles: dict[str, str | None]) -> list[dict]:
    """In place: a worded zero of the arms its words name (`zero_arm_group`) goes on the first of them; returns its
    copies for the others (flag ``arm_by_zero_group``; rule 24: per arm when the sentence names arms)."""
    return _zero_on_arms(st, arms, roles, "arm_by_zero_group", "zero_arm_group")


def treated_arm_zeros(st: dict, base_arms: list[dict], roles: dict[str, str | None]) -> list[dict]:
    """In place: a zero of what only the treated arms had (`some_arms_treated`) goes on the first treated arm;
    returns its copies for the others (flag ``arm_by_event_words``, as one treated arm's zero)."""
    return _zero_on_arms(st, treated_labels(base_arms), roles, "arm_by_event_words", "treated_arms_some")


def arm_specific_tie(text: str, c0: int, c1: int) -> bool:
    """Whether the clause ``text[c0:c1]`` ties its event to what only some arms had: the cells (``EVENT_CELLS``) or
    a procedure of obtaining or giving them (``ARM_PROCEDURE``: harvest, liposuction, apheresis, arterial
    puncture), not just "procedure-related" or "injection" (golds file those zeros as the whole sample's)."""
    return bool(_RX.EVENT_CELLS.search(text, c0, c1) or _RX.ARM_PROCEDURE.search(text, c0, c1))


def event_tie(text: str, c0: int, c1: int) -> bool:
    """Whether the clause ``text[c0:c1]`` ties its event to the cells (``EVENT_CELLS``), to a procedure only the
    arms obtaining or giving cells undergo (``ARM_PROCEDURE``: "at the harvest site") or to the procedure itself
    (``PROCEDURE_TIE``: "procedure-related", "infusion-related"): the ties `event_placement` weighs, whose arms then
    decide (`treated_arm`: a sham control undergoes the procedure too). Not a bare procedure noun ("aspiration
    pneumonia", "falls during early mobilisation"). The vehicle carrying the cells (``EVENT_VEHICLE``) and a
    product code (``EVENT_CODE``, a tie only where `tied_event_arm` finds it names the treated arm) too."""
    return bool(_RX.EVENT_CELLS.search(text, c0, c1) or _RX.ARM_PROCEDURE.search(text, c0, c1)
                or _RX.PROCEDURE_TIE.search(text, c0, c1) or _RX.EVENT_VEHICLE.search(text, c0, c1)
                or _RX.EVENT_CODE.search(text, c0, c1))


def event_placement(text: str, st: dict, sent: tuple[int, int], named: list[tuple[int, int, str]],
                    base_arms: list[dict]) -> tuple[str, str | None, str]:
    """(target, arm, why) for a prose event count of ``EVENT_FORMS`` in a study of several arms.

    The count is an arm's when its clause names exactly one inventory arm, or when its words tie the event to
    what only one arm received ("no serious adverse events related to cell therapy", "donor-site bruising
    (n = 6)": ``EVENT_CELLS``, ``EVENT_PROCEDURE``, ``treated_arm``); an "(n = k)" count also when its
    sentence names exactly one arm. It is the cohort's when a bracket splits it over the arms
    (``split_total``), between-arm words sit in its clause ("evenly distributed between groups"), or
    whole-sample words with no arm named there; when a treatment-tied event could come from several arms; and
    when its clause names no arm and it is a zero ("There were no deaths"), or its sentence names none.
    An event tied only to "the (study) treatment" with no arm named, a clause naming several arms, or an arm other than the treated one, or a count above its arm's size,
    leaves it unattributed; a tie that is only a reaction to the cells (``EVENT_CELLS`` group ``reaction``) yields to
    the arm its clause names. ``named``: (start, end, arm) mentions of inventory arms in the sentence; a
    mention inside the words that tie the event ("attributable to the keratinocyte sheet") names the
    treatment, not a group."""
    ev = st["evidence"]
    if "zero_arm_inside" in st["flags"]:
        # "none in the UC-MSC group", "no BM-MNC limb required amputation": the arm its own words name, only.
        inside = {arm for m0, _, arm in named if ev["start"] <= m0 < ev["end"]}
        if not inside and _RX.PAIR_FIRST.match(text, ev["end"]) and (
                arm := pair_word_arm(ev["text"], [a["label"] for a in base_arms])):
            # "No amputation occurred in the cell or placebo arms": the pair's first word, no mention of the
            # inventory, is the one arm whose label holds it (round 51, mendlead51b).
            return "arm", arm, "arm_inside_pair_word"
        return ("arm", next(iter(inside)), "arm_inside") if len(inside) == 1 else ("unattributed", None, "arm_inside")
    if "zero_of_counted" in st["flags"]:
        # "SAEs occurred in 21 BMAC and 23 placebo patients; none was judged related to the procedure": a zero of
        # the events just counted is where they are. Its antecedent's arms are those named before it in its
        # sentence: one arm makes it that arm's, none or several the whole sample's (what it was due to does not
        # say whose events they were).
        before = {arm for m0, _, arm in named if m0 < ev["start"]}
        if len(before) == 1:
            return "arm", next(iter(before)), "counted_arm"
        # "..., none of which was related to the ADSC sheet": events tied to the cells themselves are the one
        # treated arm's (not those tied to "the study product", or counted "overall").
        c1 = clause_bounds(text, sent, ev["start"], ev["end"])[1]
        treated = treated_arm(text, base_arms, procedure=False)
        if treated is not None and _RX.ZERO_OF_CELLS.search(text, ev["start"], c1) \
                and not _RX.COHORT_CUE.search(text, sent[0], ev["start"]):
            return "arm", treated, "counted_treated"
        return "cohort", None, "counted_arms" if before else "counted_no_arm"
    c0, c1 = clause_bounds(text, sent, ev["start"], ev["end"])
    ties = [(m, False) for m in _RX.EVENT_CELLS.finditer(text, c0, c1)] + [
        (m, True) for m in _RX.EVENT_PROCEDURE.finditer(text, c0, c1)]
    # Not a group's name: a word inside the tie ("attributable to the keratinocyte sheet") or inside the count's
    # own event noun ("injection-site pain").
    named = [n for n in named if not any(m.start() <= n[0] < m.end() for m, _ in ties)
             and not ev["start"] <= n[0] < ev["end"]]
    in_clause = {arm for m0, _, arm in named if c0 <= m0 < c1}
    in_sentence = {arm for _, _, arm in named}
    if split_total(text, st, len(base_arms)) or split_rest(text, st, len(base_arms)):
        return "cohort", None, "split_total"
    if _RX.EVENT_BETWEEN.search(text, c0, c1) or (not in_clause and _RX.COHORT_CUE.search(text, c0, c1)):
        return "cohort", None, "cohort_words"
    treated = None
    if ties:
        # Cell words outrank procedure words (a sham control is not given the cells).
        cells = any(not procedure for _, procedure in ties)
        treated = treated_arm(text, base_arms, procedure=not cells)
    if len(in_clause) > 1:
        return "unattributed", None, "several_arms"
    if in_clause:
        arm = next(iter(in_clause))
        # A reaction tie says what the event was a reaction to, not who had it: the arm the clause names decides
        # ("no reaction to cell injection was seen in the control group", given a placebo injection).
        if ties and treated is not None and treated != arm and any(
                procedure or not m["reaction"] for m, procedure in ties):
            return "unattributed", None, "treated_elsewhere"
    elif ties:
        if treated is None:
            if some_arms_treated(text, base_arms, procedure=not cells) and arm_specific_tie(text, c0, c1):
                # "No donor-site complication occurred after liposuction" in a factorial where two of four arms
                # had liposuction: those arms' (each, or pooled: the golds do both), not the whole sample's.
                return "unattributed", None, "treated_arms_some"
            return "cohort", None, "treated_arms"
        arm = treated
    elif _RX.EVENT_TREATMENT.search(text, c0, c1):
        # "No adverse events related to the study treatment occurred": the treated arm's or everyone's. (Round 34:
        # nine blind golds file such zeros as the cohort's, one as the treated arm's, but the domain gold lists
        # none and its statistics target (precision >= 0.9) fails with them kept: left for the product owner.)
        return "unattributed", None, "treatment_unnamed"
    elif len(in_sentence) == 1 and st.get("events") != 0:
        arm = next(iter(in_sentence))
    else:
        # Its clause names no arm: a zero speaks of every arm ("No serious adverse reactions occurred;
        # transient swelling was observed in 4 patients in group A"), and a count beside per-arm clauses is
        # their total ("... in 2, 3 and 3 patients in cohorts 1, 2 and 3; the most frequent were
        # injection-site pain (n = 5)").
        return "cohort", None, "no_arm_named"
    size = next((a.get("n_patients") for a in base_arms if a["label"] == arm), None)
    if size and (st.get("events") or 0) > size:
        return "unattributed", None, "exceeds_arm_size"
    return "arm", arm, "clause" if in_clause else "treated" if ties else "sentence"


def zero_of_every_arm(text: str, st: dict, n_arms: int) -> bool:
    """A worded zero (no digit, no denominator) whose clause says it of every arm in plain words
    (`event_counts.zero_said_of_every_arm`: "none of the three groups had an amputation", "no major amputation was
    required in either group") in a trial of two or more arms: one zero per arm (rule 24), however the zero readers
    found it (round 50; before, the zero readers flagged only the shapes each read and the rest went to the cohort,
    withheld by `export_gate.each_arm_zero_held`). Not a zero of the events just counted (``zero_of_counted``: its
    antecedent places it), one whose own words name its arm (``zero_arm_inside``), nor one whose sentence counts
    arms the inventory does not have (`every_arm_count_agrees`)."""
    ev = st.get("evidence") or {}
    if (n_arms < 2 or not worded_zero(st) or st.get("total") is not None or "sentence_start" not in ev
            or any(f in st["flags"] for f in ("zero_of_counted", "zero_arm_inside"))):
        return False
    sent = (ev["sentence_start"], ev["sentence_end"])
    return zero_said_of_every_arm(text, clause_bounds(text, sent, ev["start"], ev["end"]), (ev["start"], ev["end"])) \
        and every_arm_count_agrees(text[sent[0]:sent[1]], n_arms)


def each_arm_count(text: str, st: dict) -> bool:
    """A count said to hold in every arm ("Major amputation was required in 2 patients in each group", "3 patients
    per arm", ``EACH_ARM_AFTER`` right after it): one count per arm, not the sample's. Not a zero (worded zeros
    have their own reading) nor a count with a denominator ("2 of 20 in each group" is ambiguous). A percentage
    right before "in each arm" / "in both groups" (``EACH_ARM_PERCENT_AFTER``: "Limb salvage was 90% in each
    arm") holds in every arm too (round 34), when it is a rate of a countable outcome (not "HbA1c was 8.4% in
    both arms", a mean). A level, a mean or median, with its unit between ("Mean baseline ulcer area was 2.9 cm² in
    each arm", ``EACH_ARM_UNIT_AFTER``) holds in every arm as well (round 59)."""
    end = st["evidence"]["end"]
    if st["kind"] in {"mean", "median"}:
        # "Mean baseline ulcer area was 2.9 cm² in each arm": a level, its unit between (``EACH_ARM_UNIT_AFTER``).
        stop = st["evidence"].get("sentence_end") or len(text)
        unit = _RX.EACH_ARM_UNIT_AFTER.match(text, end, stop)
        return _RX.EACH_ARM_PERCENT_AFTER.match(text, unit.end() if unit else end, stop) is not None
    if st["kind"] == "percent":
        term = outcomes_vocabulary().by_id.get(st.get("outcome") or "")
        return term is not None and term.countable and _RX.EACH_ARM_PERCENT_AFTER.match(
            text, end, st["evidence"].get("sentence_end") or len(text)) is not None
    if st["kind"] != "events" or not st.get("events") or st.get("total") is not None:
        return False
    return _RX.EACH_ARM_AFTER.match(text, end, st["evidence"].get("sentence_end") or len(text)) is not None


def arm_right_after(text: str, st: dict, named: list[tuple[int, int, str]], values: list[dict]) -> str | None:
    """The arm a value's own words count it in, written right after it: "in one patient in cohort 3", "2 cases
    in the UC-MSC group", "three of four in cohort 3", "2 patients (both in cohort 3)" (``IN_ARM_AFTER``: at most
    a unit noun and "in/among (the)" between). Not the last value of a list ("6/20, 10/22 and 14/22 patients in
    arms A to D, respectively"): no value of its kind joined to it by list words alone (``LIST_JOIN_GAP``), no
    "respectively" in its clause, nor a comparison ("6.2 mmHg higher with ELX-302 than with placebo",
    ``THAN_AFTER``; "a mean difference of 8.6 mmHg with ELX-302", ``DIFFERENCE_BEFORE``). ``named``: (start, end,
    arm) arm mentions of the sentence; ``values``: the record's values."""
    ev = st["evidence"]
    end = ev["end"]
    sent = (ev.get("sentence_start", 0), ev.get("sentence_end", len(text)))
    c0, c1 = clause_bounds(text, sent, ev["start"], end)
    if _RX.RESPECTIVELY.search(text, c0, c1):
        return None
    if any(v is not st and v["kind"] == st["kind"] and sent[0] <= v["evidence"]["end"] <= ev["start"]
           and _RX.LIST_JOIN_GAP.fullmatch(text, v["evidence"]["end"], ev["start"]) for v in values):
        return None
    nxt = min((m for m in named if m[0] >= end), default=None, key=lambda m: m[0])
    if nxt is None or not _RX.IN_ARM_AFTER.fullmatch(text, end, nxt[0]) or _RX.NAME_GOES_ON.match(text, nxt[1]):
        # A mention that a longer name goes on from ("capecitabine" of "capecitabine-plus-trastuzumab group")
        # may be another arm's.
        return None
    if _RX.THAN_AFTER.match(text, nxt[1]) or _RX.DIFFERENCE_BEFORE.search(text, c0, ev["start"]):
        # "higher by 6.2 mmHg with ELX-302 than with placebo", "a mean difference of 8.6 mmHg with ELX-302": a
        # difference between the arms.
        return None
    return nxt[2]


def arm_before_noun(text: str, st: dict, named: list[tuple[int, int, str]]) -> str | None:
    """The arm a count's own words name as the counted people's modifier, between its number and its noun: "2
    high-dose patients", "Two saline limbs", "in 1 low-dose, 2 high-dose and 3 placebo patients", "53.1% of
    SVF-treated and 29.0% of placebo-treated patients" (``COUNT_BEFORE_NAME``; in a list each count names its own
    arm, ``COUNT_LIST_NEXT``, and the list closes with the noun, ``NAME_THEN_NOUN`` or a mention that ends in it).
    None for a group's size ("Of 20 BM-MNC patients", ``OF_LEAD_BEFORE``), a name that goes on ("PRP-plus-ADSC"),
    an arm named twice in the list, or a list the noun does not close. ``named``: (start, end, arm) arm mentions
    of the sentence."""
    if st["kind"] not in {"events", "percent"}:
        return None
    ev = st["evidence"]
    start = ev["start"]
    if _RX.OF_LEAD_BEFORE.search(text, ev.get("sentence_start", 0), start):
        return None
    ms = sorted(m for m in named if m[0] >= start)
    if not ms or not _RX.COUNT_BEFORE_NAME.fullmatch(text, start, ms[0][0]):
        return None
    seen = [ms[0][2]]
    for cur, nxt in zip(ms, [*ms[1:], None]):
        if _RX.NAME_ENDS_NOUN.search(text, cur[0], cur[1]) or _RX.NAME_THEN_NOUN.match(text, cur[1]):
            return seen[0]
        if (nxt is None or _RX.NAME_GOES_ON.match(text, cur[1]) or nxt[2] in seen
                or not _RX.COUNT_LIST_NEXT.fullmatch(text, cur[1], nxt[0])):
            return None
        seen.append(nxt[2])
    return None


def tied_event_arm(text: str, st: dict, sent: tuple[int, int], named: list[tuple[int, int, str]],
                   base_arms: list[dict], within_patient: bool) -> str | None:
    """The arm of a count (or its percentage) left without one whose own clause ties the event to the cells or
    to the procedure that obtains or gives them ("Bone pain during G-CSF administration was reported by 9
    patients", "Pain at the harvest site occurred in 6 patients": ``EVENT_CELLS``, ``EVENT_PROCEDURE``), to the
    vehicle that carries them ("hydrogel-related contact dermatitis", ``EVENT_VEHICLE``, read like the procedure)
    or to the product by the code that names the treated arm ("ASX-22-related", ``EVENT_CODE``), the
    reading `event_placement` gives worded counts: the one treated arm (`treated_arm`). None when several arms
    (or a placebo or sham arm) were treated, when every patient had the procedure (arms of one patient's limbs),
    when the tie's word names another arm too ("G-CSF alone"), when the clause names another arm, or when the
    count exceeds that arm's size. ``named``: (start, end, arm) mentions of inventory arms in the sentence."""
    if st["kind"] not in {"events", "percent"} or within_patient:
        return None
    ev = st["evidence"]
    c0, c1 = clause_bounds(text, sent, ev["start"], ev["end"])
    ties = [(m, False) for m in _RX.EVENT_CELLS.finditer(text, c0, c1)] + [
        (m, True) for m in (*_RX.EVENT_PROCEDURE.finditer(text, c0, c1), *_RX.EVENT_VEHICLE.finditer(text, c0, c1))]
    ties += [(m, False) for m in _RX.EVENT_CODE.finditer(text, c0, c1) if _names_treated_arm(m, base_arms)]
    if not ties:
        return None
    treated = treated_arm(text, base_arms, procedure=all(procedure for _, procedure in ties))
    if treated is None:
        return None
    others = [a["label"].lower() for a in base_arms if a["label"] != treated]
    if any(m.group().lower() in label for m, _ in ties for label in others):
        return None
    in_clause = {arm for m0, _, arm in named if c0 <= m0 < c1 and not any(m.start() <= m0 < m.end() for m, _ in ties)
                 and not ev["start"] <= m0 < ev["end"]}
    if in_clause - {treated}:
        return None
    size = next((a.get("n_patients") for a in base_arms if a["label"] == treated), None)
    if size and (st.get("events") or 0) > size:
        return None
    return treated


def _names_treated_arm(m: re.Match, base_arms: list[dict]) -> bool:
    """Whether the product code of an ``EVENT_CODE`` tie names the one treated arm (its label or description):
    "ASX-22-related" in a trial of an "ASX-22 group", not "COVID-19-related"."""
    code = (m.group("code") or m.group("code2") or m.group("code3")).lower()
    labels = treated_labels(base_arms)
    treated = [a for a in base_arms if a["label"] in labels]
    return len(treated) == 1 and any(
        re.search(rf"(?<![\w\-]){re.escape(code)}(?![\w\-])", (treated[0].get(k) or "").lower())
        for k in ("label", "description"))


def procedure_kinds(text: str, start: int, end: int) -> set[str]:
    """The kinds of procedure (``PROCEDURE_KIND``: mobilisation, apheresis, harvest) the words of a span name."""
    return {m.lastgroup for m in _RX.PROCEDURE_KIND.finditer(text, start, end)}


def every_arm_procedure_kinds(text: str) -> set[str]:
    """The kinds of procedure (`procedure_kinds`) words say every patient underwent (``EVERY_ARM_PROCEDURE``)."""
    return {k for m in _RX.EVERY_ARM_PROCEDURE.finditer(text) for k in procedure_kinds(text, m.start(), m.end())}


def every_patient_procedure_count(text: str, st: dict, sent: tuple[int, int], named: list[tuple[int, int, str]],
                                  base_arms: list[dict], within_patient: bool) -> bool:
    """Whether a count left without an arm is the whole sample's because its clause ties the event to a procedure
    every patient underwent (round 34): "Bone pain during G-CSF treatment was reported by 17 patients" where all
    patients were mobilised, "Leukapheresis-related hypotension occurred in 2 patients" after "All patients
    underwent leukapheresis" (``EVERY_ARM_PROCEDURE``; the clause must name a procedure of a kind those words
    say everyone had, `procedure_kinds`: not "Injection-site haematoma occurred in 3 patients" after them, unless
    a placebo, sham or vehicle control (``SHAM``) had the delivery too), or a
    harvest or mobilisation done once per patient in a within-patient (limb) design (``ARM_PROCEDURE``; gold rule
    53). Not when its sentence names an arm (a mention inside the procedure's words, "Marrow" of "Marrow
    aspiration", names none: round 35), when the clause ties it to the cells, or when the count exceeds the
    sample."""
    if st["kind"] not in {"events", "percent"}:
        return False
    ev = st["evidence"]
    c0, c1 = clause_bounds(text, sent, ev["start"], ev["end"])
    ties = list(_RX.EVENT_PROCEDURE.finditer(text, c0, c1))
    words = ties + list(_RX.ARM_PROCEDURE.finditer(text, c0, c1))
    if any(not any(m.start() <= n[0] < m.end() for m in words) for n in named):
        return False
    if _RX.EVENT_CELLS.search(text, c0, c1) or not ties:
        return False
    every = every_arm_procedure_kinds(text)
    if not ((every and (_RX.SHAM.search(text) or procedure_kinds(text, c0, c1) & every))
            or (within_patient and _RX.ARM_PROCEDURE.search(text, c0, c1))):
        return False
    sizes = [a.get("n_patients") for a in base_arms]
    total = sum(sizes) if all(sizes) else None
    return not (total and (st.get("events") or 0) > total)


def procedure_pool(text: str, st: dict, base_arms: list[dict], named: list[tuple[int, int, str]],
                   factorial: bool, values: list[dict] = ()) -> list[str] | None:
    """The treated arms an adverse-event count or zero goes to as one pooled record (gold conventions 40 and 44;
    round 38): an event of no time whose clause ties it to the cells (``EVENT_CELLS``) or to a procedure of
    obtaining them (``ARM_PROCEDURE``: harvest, liposuction, marrow aspiration, G-CSF, apheresis, puncture site),
    in a trial of three or more arms where two or more, not all, are treated (role intervention): "Liposuction-site
    bruising occurred in 5 patients" (G1 SVF + PRP, G2 SVF, G3 dressing), "No marrow-harvest complications were
    recorded" (BM-MSC, BM-MNC, standard care), "no G-CSF-related splenic event occurred" (two CD34 doses,
    control). None (the value stays where it is) when its clause names an arm (a mention inside the tie words
    names none), speaks of every arm ("in either group", ``ANY_GROUP``: each arm's, rule 24), when a placebo,
    sham or vehicle control or words that every patient had it (`procedure_in_every_arm`) make a procedure's event
    any arm's, in a factorial trial unless the treated arms are one factor's arms (round 41), when the count exceeds the
    treated arms' summed size; nor for one count of a list ("in 4, 6 and 5 patients": one per arm), nor where the
    arms are not all sized (an arm the inventory made twice), nor for a zero tied to the cells alone (see below).
    Only the event's own words count (its clause to the value and on to the next comma: not "…, none of which was
    related to the cells"), nor the words of the clause's other counts (round 38 mends). Round 38 mends: None too
    for a tie the words deny ("unrelated to liposuction"), a procedure an untreated arm is named for ("G-CSF
    alone") or that every patient had in other words ("harvested from all 54 patients"), a count said of every arm
    ("per arm"), a denominator one arm could hold or the sample's ("3 of 16"), people pointed back to ("Of these
    patients"), one group the inventory lacks ("the combination group"), a number of groups other than the treated
    arms' ("the two higher-dose groups"), or a treated label repeated. ``named``: (start, end, arm) mentions of the
    inventory's arms in the sentence; ``values``: the record's values."""
    if st.get("kind") != "events" or st.get("events") is None or st.get("timepoint") or any(
            f in (st.get("flags") or ()) for f in ("zero_of_counted", "every_arm")):
        # (A count said of every arm, "2 patients per arm", is one per arm, copied over them: round 38 mends.)
        return None
    treated = treated_labels(base_arms)
    factors = factor_sides.arm_factor_sets(base_arms, text) if factorial else {}
    if factorial and frozenset(treated) != factor_sides.cell_factor(factors):
        # A factorial trial's cells are one factor's arms: obtaining them is that factor's event only where the
        # treated arms are exactly the arms of the factor the cells name (round 41; before, factorials were left to
        # `factor_sides` alone).
        return None
    if not 2 <= len(treated) < len(base_arms) or len(base_arms) < 3 or not all(
            isinstance(a.get("n_patients"), int) for a in base_arms) or len(set(treated)) < len(treated):
        # (An arm the inventory holds twice, both sized, would pool with itself: "MSC + MSC"; round 38 mends.)
        return None
    ev = st["evidence"]
    sent = (ev.get("sentence_start", 0), ev.get("sentence_end", len(text)))
    c0, c1 = clause_bounds(text, sent, ev["start"], ev["end"])
    # The event's own words: its clause up to the value and on to the next comma ("Liposuction-site bruising
    # occurred in 5 patients", "5 patients had donor-site haematoma"), not a tail about the events counted
    # ("Serious adverse events occurred in 11 patients, none of which was related to the cells").
    cut = text.find(",", ev["end"], c1)
    w0, w1 = c0, cut if cut >= 0 else c1
    # Nor the words of the clause's other counts: between two counts the words up to the first joiner
    # (``COUNT_WORDS_SPLIT``) are the earlier count's and the rest the later one's. "Liposuction-site bruising
    # occurred in 5 patients and fever in 3" ties the 5, not the 3; "Fever occurred in 3 patients and
    # liposuction-site bruising in 5" the 5, not the 3; "haematoma occurred in 6 patients and required drainage in
    # 2" (a subgroup of the 6) leaves the 2 no tie of its own (round 38 mends).
    others = [(v["evidence"]["start"], v["evidence"]["end"]) for v in values
              if v is not st and v.get("kind") == "events" and (v.get("evidence") or {}).get("start") is not None
              and (v["evidence"]["start"], v["evidence"]["end"]) != (ev["start"], ev["end"])]
    before = [e for s, e in others if c0 <= s and e <= ev["start"]]
    after = [s for s, e in others if ev["end"] <= s < w1]
    # A head before a bracket that lists both counts is theirs together: "Harvest-related complications
    # (haematoma, n = 2; transient hip pain, n = 4)".
    opened = open_bracket(text, ev["start"], c0)
    head = (c0, opened) if opened is not None and before and max(before) > opened else (c0, c0)
    if before:
        split = _RX.COUNT_WORDS_SPLIT.search(text, max(before), ev["start"])
        w0 = split.end() if split else ev["start"]
    if after:
        split = _RX.COUNT_WORDS_SPLIT.search(text, ev["end"], min(after))
        w1 = split.start() if split else min(after)
    cells = list(_RX.EVENT_CELLS.finditer(text, *head)) + list(_RX.EVENT_CELLS.finditer(text, w0, w1))
    procedure = list(_RX.ARM_PROCEDURE.finditer(text, *head)) + list(_RX.ARM_PROCEDURE.finditer(text, w0, w1))
    every = (procedure_in_every_arm(text) if not factorial
             else _RX.EVERY_ARM_PROCEDURE.search(text) or cells_sham(text, factors, frozenset(treated)))
    procedure = procedure if not (every or _RX.EVERY_PATIENT_HAD.search(text)) else []
    if any(_RX.ARM_PROCEDURE.search(a["label"]) for a in base_arms if a["label"] not in treated):
        # An untreated arm named for the procedure ("G-CSF alone", "sham liposuction") had it too: its events may
        # be any arm's (round 38 mends).
        procedure = []
    if not cells and not procedure:
        return None
    if procedure and not cells and _RX.MIXED_SOURCES_AUTO.search(text) and _RX.MIXED_SOURCES_ALLO.search(text):
        # Autologous cells in some arms, allogeneic in others ("BM-MNC (Group A) or allogeneic UC-MSC (Group B)"):
        # obtaining the cells is only the autologous arms' (round 40).
        return None
    if _RX.DENIED_TIE.search(text, *head) or _RX.DENIED_TIE.search(text, w0, w1):
        # "Pneumonia unrelated to liposuction", "Serious adverse events not related to the cells": the words deny
        # the tie (round 38 mends).
        return None
    if st["events"] == 0 and (not procedure or _RX.TWO_ZEROS.search(ev.get("text") or "")):
        # A zero tied to the cells alone stays each treated arm's (`treated_arm_zeros`): the golds differ (blind14
        # files "No serious adverse event was attributed to the study cells" per dose arm, rule 24; blind31 "there
        # were no cell-related serious adverse events" pooled, rule 40), a question for the product owner. A
        # zero read over two events ("caused no complications, and no infusion reactions") is two facts.
        return None
    ties = cells + procedure
    if any(c0 <= n0 < c1 and not any(m.start() <= n0 < m.end() for m in ties) for n0, _, _ in named):
        return None
    if factorial and any(factors[w] != frozenset(treated) for m in ties
                         for w in factor_sides.text_words(m.group(0)) if w in factors):
        # "Bone pain in 9 patients given G-CSF" where G-CSF is the other factor: not the cells' procedure.
        return None
    if any(_RX.ANY_GROUP.search(text, *span) or _RX.EVERY_ARM_WORDS.search(text, *span) for span in (head, (w0, w1))):
        # Every arm in the event's own words (round 40: not the next clause's "in each SVF arm" after ", and").
        return None
    if any(not any(n0 <= m.start() < n1 for n0, n1, _ in named) for m in _RX.ONE_GROUP_WORD.finditer(text, c0, c1)):
        # "3 patients of the combination group": one group, which the inventory's names did not find (round 38
        # mends); "the two SVF groups" may be the pool.
        return None
    if any(_GROUP_NUMBERS[m.group("n").lower()] != len(treated) for m in _RX.GROUPS_NUMBERED.finditer(text, c0, c1)):
        # "5 patients of the two higher-dose groups" beside three dose arms: some of them (round 38 mends).
        return None
    if _RX.PEOPLE_POINTED_BACK.search(text, sent[0], c1):
        # "Of these patients, liposuction-site bruising occurred in 3" after a sentence of one arm: the people meant
        # are said before (round 38 mends).
        return None
    # One count of a list: any count but a worded zero ("no splenic event" after ", and" is another statement), in
    # words too ("in five and three patients, respectively") or with its event's words ("pain occurred in 9 and 7
    # patients"; round 38 mends: only counts printed from a digit were read as a list).
    for v in values if _listable(st) else ():
        if v is not st and v.get("kind") == "events" and _listable(v):
            a, b = sorted([(v["evidence"]["start"], v["evidence"]["end"]), (ev["start"], ev["end"])])
            if a != b and a[1] <= b[0] and _RX.COUNT_LIST_GAP.fullmatch(text, a[1], b[0]):
                return None
    sizes = [a.get("n_patients") for a in base_arms if a["label"] in treated]
    if all(isinstance(n, int) for n in sizes) and (st.get("events") or 0) > sum(sizes):
        return None
    # A denominator that one arm could hold or that exceeds the treated arms together ("3 of 16" where one arm has
    # 20, "3 patients (19%)": 3 of 16, "3 of 54" the whole sample) is one arm's or the sample's count; the pool's
    # lies above the largest arm and up to their sum (analysed, "2 (3.5%) of the 57" of 60; round 38 mends).
    fits = range(max(sizes) + 1, sum(sizes) + 1)
    if st.get("total") is not None and st["total"] not in fits:
        return None
    if st.get("total") is None and st.get("percent") is not None and st.get("events") and not any(
            abs(100 * st["events"] / n - st["percent"]) <= 0.5 for n in fits):
        return None
    return treated


_GROUP_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}


def _listable(v: dict) -> bool:
    """Whether a count may be one of a list of counts (`procedure_pool`): any but a worded zero ("no splenic event")."""
    return v.get("events") != 0 or bool(_RX.DIGIT_START.match((v.get("evidence") or {}).get("text") or ""))


def procedure_pool_stage(text: str, arms: list[dict], statistics: list[dict], factorial: bool) -> list[str]:
    """In place: each adverse-event count or zero that `procedure_pool` gives to the treated arms together goes to
    their grouping (the inventory's, else a new one; flag ``arm_by_procedure_pool``), from an arm, the cohort or
    no arm; the copies a worded zero made on each treated arm (`treated_arm_zeros`) become that one record.
    Returns the record's flags."""
    base = [a for a in arms if not a.get("members")]
    labels = {a["label"] for a in base}
    if len(base) < 3:
        return []
    inventory = build_inventory(text, arms)
    mentions = [(m.start, m.end, m.arm) for m in find_mentions(text, inventory) if m.arm in labels]
    moved, seen, out = False, set(), []
    for st in statistics:
        target = st.get("target")
        if target not in {"arm", "cohort", "unattributed"} or (target == "arm" and st.get("arm") not in labels) or any(
                f in (st.get("flags") or ()) for f in ("arm_inside_count", "zero_arm_inside", "arm_by_pooled_words")):
            out.append(st)
            continue
        ev = st["evidence"]
        s0, s1 = ev.get("sentence_start", 0), ev.get("sentence_end", len(text))
        members = procedure_pool(text, st, base, [m for m in mentions if s0 <= m[0] < s1], factorial, statistics)
        if members is None:
            out.append(st)
            continue
        key = (ev.get("start"), ev.get("end"), st.get("events"), st.get("total"), st.get("outcome"))
        if key in seen:
            continue
        seen.add(key)
        arm = pooled_sides.grouping(arms, members, ev)
        st.update(target="arm", arm=arm["label"], arm_role=arm.get("role"))
        st["flags"] = [f for f in st["flags"] if f not in {"review_attribution", "arm_by_event_words"}] + [
            "arm_by_procedure_pool"]
        st["detail"] = {**(st.get("detail") or {}), "procedure_pool": members}
        moved = True
        out.append(st)
    statistics[:] = out
    return ["procedure_pool_values"] if moved else []


def design_cohort(values: list[dict], st: dict, names_arm: bool, n_arms: int) -> bool:
    """In a dose-finding study without a comparator (`dose_cohorts`), a value whose sentence names no cohort (nor
    does the one before) speaks of everyone treated ("Mean rest pain declined from 6.4 ± 1.7 to 3.1 ± 2.2", "Of 8
    patients with ulcers, 5 healed"): such abstracts report per-cohort values with the cohort's name. Not when its
    sentence holds as many values of its kind as there are cohorts (an unnamed list of per-cohort values)."""
    if names_arm:
        return False
    s0 = st["evidence"].get("sentence_start")
    same = [v for v in values if v["kind"] == st["kind"] and v["evidence"].get("sentence_start") == s0]
    return len(same) < n_arms


def exceeds_arm(st: dict, arm: str, base_arms: list[dict]) -> bool:
    """Whether a count (or its denominator) is larger than every size the inventory gives the arm (patients, limbs,
    ulcers): "healing was 67.5% (27/40) with SVF" in a factorial of four arms of 20 is a pooled side's, not the
    SVF arm's. False when no size is known."""
    sizes = [a.get(k) for a in base_arms if a["label"] == arm for k in ("n_patients", "n_limbs", "n_ulcers")]
    sizes = [n for n in sizes if n]
    return bool(sizes) and max(st.get("total") or 0, st.get("events") or 0) > max(sizes)


def outcome_carried(text: str, st: dict) -> bool:
    """Whether a value's outcome is none its own sentence names (the statistics tagger carried the topic of an
    earlier sentence): after "Major amputation occurred in 1, 2 and 6 patients", "One IA patient developed a
    femoral pseudoaneurysm" counts no amputation."""
    label, ev = st.get("outcome_label"), st["evidence"]
    if not st.get("outcome") or not label:
        return False
    sentence = text[ev.get("sentence_start", 0):ev.get("sentence_end", len(text))]
    return label.casefold() not in sentence.casefold()


def late_placements(text: str, values: list[dict], doc: Doc, base_arms: list[dict],
                     roles: dict[str, str | None], within_patient: bool) -> None:
    """Values every earlier reading left unattributed: a value followed at once by the arm it was counted in ("in
    one patient in cohort 3", "2 cases in the UC-MSC group", "+9.8 mmHg with ELX-302": `arm_right_after`, flag
    ``arm_by_clause``); a count whose clause ties it to what one arm alone received takes that arm
    (`tied_event_arm`, flag ``arm_by_event_words``); then one whose arm's name modifies its counted noun ("2
    high-dose patients": `arm_before_noun`, flag ``arm_by_clause``; not when its outcome is an earlier sentence's,
    `outcome_carried`); in a dose-finding study without a comparator a value of a sentence naming no cohort is the
    whole sample's (`design_cohort`, flag ``cohort_by_design``). No arm takes a count larger than its size
    (`exceeds_arm`). All are cues the export gate weighs (flags). In place."""
    labels = {a["label"] for a in base_arms}
    dose = dose_cohorts(base_arms)
    for st in values:
        if st.get("target") != "unattributed":
            continue
        si = doc.sent_index(st["evidence"]["start"])
        sent = doc.sentences[si] if doc.sentences else (0, len(text))
        named = [(m.start, m.end, m.arm) for m in doc.mentions_by_sent.get(si, []) if m.arm in labels]
        arm = arm_right_after(text, st, named, values)
        if arm is not None and not exceeds_arm(st, arm, base_arms):
            st["target"], st["arm"], st["arm_role"] = "arm", arm, roles.get(arm)
            st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["arm_by_clause"]
            st.setdefault("attribution", {})["arm_after"] = arm
            continue
        arm = tied_event_arm(text, st, sent, named, base_arms, within_patient)
        if arm is not None:
            st["target"], st["arm"], st["arm_role"] = "arm", arm, roles.get(arm)
            st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["arm_by_event_words"]
            st.setdefault("attribution", {})["event_arm"] = arm
            continue
        if every_patient_procedure_count(text, st, sent, named, base_arms, within_patient):
            st["target"], st["arm"], st["arm_role"] = "cohort", None, None
            st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["cohort_by_event_words"]
            continue
        # A count the sentence's arm names modify, of an outcome an earlier sentence named, is another event's
        # ("One SVF+PRP patient developed a harvest-site seroma" after the recurrences): left to the gate's readers.
        arm = None if outcome_carried(text, st) else arm_before_noun(text, st, named)
        if arm is not None and not exceeds_arm(st, arm, base_arms):
            # After the event-words reading, which the gate knows better ("Two SVF-gel recipients reported bruising").
            st["target"], st["arm"], st["arm_role"] = "arm", arm, roles.get(arm)
            st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["arm_by_clause"]
            st.setdefault("attribution", {})["arm_before_noun"] = arm
        elif dose and design_cohort(values, st, bool(named) or doc.carried_arm(si) is not None, len(base_arms)):
            st["target"] = "cohort"
            st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["cohort_by_design"]


def unplaced_placements(text: str, values: list[dict], cands: list[Candidate], doc: Doc, inventory: list[Arm],
                        base_arms: list[dict], roles: dict[str, str | None], shares: dict[int, dict[str, float]],
                        p_values: dict[int, float]) -> None:
    """Values still unattributed after every reading: the learned placement (``extract/unplaced_model.py``) scores
    each against every arm and places it on the best one above its threshold (flag ``arm_by_unplaced_model``). In
    place. ``values`` and ``cands`` are parallel; a value the attribution model did not score is not placed."""
    # The values on an arm before this stage, by sentence (fixed first: the model is trained on what the earlier
    # readings placed, never on its own placements).
    placed: dict[int, list[dict]] = {}
    by_sent: dict[int, list[tuple[int, dict]]] = {}
    for st, c in zip(values, cands):
        by_sent.setdefault(doc.sent_index(c.start), []).append((c.start, st))
        if st.get("target") == "arm" and st.get("arm"):
            placed.setdefault(doc.sent_index(c.start), []).append(st)
    for st, c in zip(values, cands):
        on_arm = st.get("target") == "arm" and unplaced_model.SWITCH.collect is not None
        if id(st) not in shares or not (unplaced_model.eligible(st) or on_arm):
            continue
        si = doc.sent_index(c.start)
        sent = doc.sentences[si] if doc.sentences else (0, len(text))
        clause = clause_bounds(text, sent, c.start, c.end)
        rows = unplaced_model.pair_rows(doc, st, c, inventory, base_arms, shares[id(st)], p_values[id(st)],
                                        st.get("_rule_arm"), clause, candidate_features(doc, c),
                                        [x for x in placed.get(si, []) if x is not st],
                                        [x for start, x in by_sent[si] if start < c.start])
        cues = clause_cues(text, clause, sent, [(m.start, m.end) for m in doc.mentions_by_sent.get(si, [])])
        for f in rows.values():
            f.update(cues)
        if on_arm:
            # Collecting only: a value the earlier readings placed trains the model too (``PLACED_KEY``).
            st[unplaced_model.PLACED_KEY] = rows
            continue
        unplaced_model.place(st, rows, roles, rule_arm=st.get("_rule_arm"))


def clause_cues(text: str, clause: tuple[int, int], sent: tuple[int, int],
                mentions: list[tuple[int, int]]) -> dict[str, float]:
    """What a value's clause says beyond its arms: pooled arms ("all cell-treated patients"), whole-sample words,
    words of every arm ("in each group"), a group word outside every arm mention (a group the inventory lacks)."""
    c0, c1 = clause
    f: dict[str, float] = {}
    if _RX.POOLED.search(text, c0, c1):
        f["clause_pooled"] = 1.0
    elif _RX.POOLED.search(text, sent[0], sent[1]):
        # "In all cell-treated patients (groups I and II combined), TcPO2 rose from ... to ...".
        f["sentence_pooled"] = 1.0
    if _RX.COHORT_CUE.search(text, c0, c1):
        f["clause_whole_sample"] = 1.0
    if _RX.ANY_GROUP.search(text, sent[0], sent[1]):
        f["sentence_any_group"] = 1.0
    for m in _RX.GROUP_WORD.finditer(text, c0, c1):
        if not any(s <= m.start() < e for s, e in mentions):
            f["clause_unnamed_group"] = 1.0
            break
    return f


def _names_arm(doc: Doc, c: Candidate) -> bool:
    """The sentence (or the one before) names an arm: the model needs a mention to follow."""
    si = doc.sent_index(c.start)
    return bool(doc.mentions_by_sent.get(si)) or doc.carried_arm(si) is not None


def _cohort_words(text: str, st: dict) -> bool:
    ev = st["evidence"]
    return _RX.COHORT_CUE.search(text, ev.get("sentence_start", 0), ev.get("sentence_end", len(text))) is not None


def _is_cohort(text: str, st: dict, n_total: int | None, doc: Doc, c: Candidate) -> bool:
    """A value with no arm that speaks of the whole sample: its total is the study's; or a bracket after it
    splits it over the arms (`split_total`); or whole-sample words ("overall", "all patients", "in total",
    "across all cohorts") sit in its sentence and no arm is named there, or sit in its own clause and no arm
    is named in that clause ("Overall, 19 patients died, and serious adverse events were reported in 61
    patients receiving BMAC ...")."""
    if n_total and st.get("total") == n_total:
        return True
    if split_total(text, st, sum(1 for a in doc.arms if not getattr(a, "members", None))):
        return True
    si = doc.sent_index(c.start)
    s, e = doc.sentences[si] if doc.sentences else (0, len(text))
    if not doc.mentions_by_sent.get(si):
        return _RX.COHORT_CUE.search(text, s, e) is not None
    breaks = [s] + [m.end() for m in _RX.CLAUSE_START.finditer(text, s, e)] + [e]
    c0 = max(b for b in breaks if b <= c.start)
    c1 = min(b for b in breaks if b >= c.end) if c.end <= e else e
    if any(c0 <= m.start < c1 for m in doc.mentions_by_sent.get(si, [])):
        return False
    return _RX.COHORT_CUE.search(text, c0, c1) is not None


#: Placements made by a value's own wording (lists, clauses, denominators, shapes, event words): no whole-sample
#: cue overrides them. A plain rule arm, a pair's or results-order guess, or a model's pick can be overridden.
_PLACED_BY_WORDING = frozenset({"arm_by_list", "arm_by_clause", "arm_by_denominator", "arm_by_shape",
                                "arm_by_event_words", "every_arm", "split_by_arm", "arm_from_breakdown"})


def whole_sample_clause(text: str, start: int, end: int, sent: tuple[int, int],
                        mentions: list[tuple[int, int]]) -> bool:
    """Whether the clause around a value speaks of the whole sample and names no arm (``mentions``: (start,
    end) spans of arm mentions; one inside the cue itself, "across all cohorts", names none): words that
    the contrast is not the arms' (``ANY_TREATMENT_CUE``: "irrespective of treatment"), or whole-sample
    words (``WHOLE_SAMPLE_CUE``: "overall", "in total", "across all cohorts") in a clause that compares
    nothing ("vs": "Overall, healing in 29/64 versus 8/32" is overall across subgroups, per arm). Never when
    the sentence says "respectively" (that spreads values over arms). Pure: text and offsets."""
    if _RX.RESPECTIVELY.search(text, sent[0], sent[1]):
        return False
    c0, c1 = clause_bounds(text, sent, start, end)
    cue = _RX.ANY_TREATMENT_CUE.search(text, c0, c1)
    if cue is None and not _RX.VS.search(text, c0, c1):
        cue = _RX.WHOLE_SAMPLE_CUE.search(text, c0, c1)
    if cue is None:
        return False
    return not any(c0 <= m0 < c1 and not (cue.start() <= m0 < cue.end()) for m0, _ in mentions)


def patient_level(text: str, st: dict, sent: tuple[int, int], mentions: list[tuple[int, int]]) -> bool:
    """A value of an outcome a patient has, not a limb (``PATIENT_LEVEL_OUTCOME``: deaths, walking distance,
    adverse events in patients), whose clause names no arm: in a within-patient, limb-randomised study such a
    value is the whole cohort's ("Painless walking time increased from 4.2 ± 2.1 to 9.6 ± 3.8 minutes")."""
    if not st.get("outcome") or not _RX.PATIENT_LEVEL_OUTCOME.match(st["outcome"]):
        return False
    c0, c1 = clause_bounds(text, sent, st["evidence"]["start"], st["evidence"]["end"])
    return not any(c0 <= m0 < c1 for m0, _ in mentions)


def within_patient_arms(arms: list[dict]) -> bool:
    """Every arm is one limb of each patient (arm sizes set by the within-patient design, `arm_sizes.late_sizes`)."""
    base = [a for a in arms if not a.get("members")]
    return len(base) >= 2 and all((a.get("size_from") or {}).get("n_limbs") == "within_patient" for a in base)


def within_patient_design(text: str, arms: list[dict]) -> bool:
    """A within-patient limb design: every arm is one limb of each patient (`within_patient_arms`), or an arm is
    labelled by a limb ("control legs", ``LIMB_LABEL``) and the cells were harvested once per patient ("Marrow was
    aspirated once per patient", ``ONCE_PER_PATIENT``; round 35): the harvest and its events are the patient's."""
    if within_patient_arms(arms):
        return True
    base = [a for a in arms if not a.get("members")]
    return (len(base) >= 2 and any(_RX.LIMB_LABEL.search(a["label"]) for a in base)
            and _RX.ONCE_PER_PATIENT.search(text) is not None)


def cohort_over_guess(text: str, values: list[dict], mentions: list[tuple[int, int]], n_arms: int,
                      named_inside: set[int], within_patient: bool = False,
                      base_arms: list[dict] | None = None) -> list[dict]:
    """Values a rule or the model put on an arm without the value's own wording naming it, whose clause
    speaks of the whole sample (:func:`whole_sample_clause`), whose bracket splits it over the arms
    (:func:`split_total`: "8 patients died (4 in each group)"), or, in a within-patient limb study
    (``within_patient``), that a patient has and not a limb (:func:`patient_level`), or a count whose clause ties
    it to a procedure every patient had (:func:`every_patient_procedure_count`, given ``base_arms``; round 35:
    "Marrow aspiration caused a haematoma in one patient" once per patient of a limb design): the cohort's (flag
    ``cohort_by_words``, ``attribution.guessed_arm`` keeps the arm dropped). Returns the values moved."""
    moved = []

    def procedure(st: dict, sent: tuple[int, int]) -> bool:
        return base_arms is not None and every_patient_procedure_count(
            text, st, sent, [m for m in mentions if sent[0] <= m[0] < sent[1]], base_arms, within_patient)

    for st in values:
        ev = st["evidence"]
        sent = (ev.get("sentence_start", 0), ev.get("sentence_end", len(text)))
        if (st.get("target") == "cohort" and not {"cohort_by_event_words", "cohort_by_words"} & set(st["flags"])
                and procedure(st, sent)):
            # Another reader put it on the cohort: the procedure's words say so too (a cue the gate weighs).
            st["flags"].append("cohort_by_event_words")
            continue
        if st.get("target") != "arm" or id(st) in named_inside or _PLACED_BY_WORDING.intersection(st["flags"]) and not (
                # a shape placed by the inventory's order is a guess like any other: the words may overrule it
                set(st["flags"]) & _PLACED_BY_WORDING == {"arm_by_shape"}
                and (st.get("attribution") or {}).get("list_prior") == "inventory_order"):
            continue
        by_procedure = False
        if not (whole_sample_clause(text, ev["start"], ev["end"], sent, mentions) or split_total(text, st, n_arms)
                or (within_patient and patient_level(text, st, sent, mentions))):
            by_procedure = procedure(st, sent)
            if not by_procedure:
                continue
        st.setdefault("attribution", {})["guessed_arm"] = st.get("arm")
        st["target"], st["arm"], st["arm_role"] = "cohort", None, None
        st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + [
            "cohort_by_event_words" if by_procedure else "cohort_by_words"]
        moved.append(st)
    return moved


def split_total(text: str, st: dict, n_arms: int) -> bool:
    """Whether a bracket right after a count splits it over the arms: its counts add up to it ("Three
    patients died (1 and 2, respectively)", "Five deaths occurred (3 REX-001, 2 placebo)") or it gives each
    of the ``n_arms`` arms the same share ("four deaths occurred (two in each group)"). Such a count is the
    whole cohort's, even when the bracket's parts cannot be put on their arms."""
    if st["kind"] != "events" or st.get("total") is not None or not st.get("events") or n_arms < 2:
        return False
    from stemfoot.extract.numbers import parse_count
    ev = st["evidence"]
    m = re.match(r"[^;.()]{0,60}?\(([^()]{3,120})\)", text[ev["end"]:ev.get("sentence_end") or len(text)])
    if not m:
        return False
    a, b = ev["end"] + m.start(1), ev["end"] + m.end(1)
    each = _RX.EACH_ARM_SPLIT.match(text, a, b)
    if each:
        n = parse_count(each.group("n"))
        return n is not None and n * n_arms == st["events"]
    return _splits_count(text, a, b, st["events"], n_arms)


def _splits_count(text: str, a: int, b: int, events: int, n_arms: int) -> bool:
    """Whether the counts between two offsets are 2 to ``n_arms`` parts adding up to ``events``."""
    # Digits inside a name ("REX-001", "CD34") count nothing.
    counts = [n for c0, c1, n in _counts_in(text, a, b)
              if not (c0 > a and (text[c0 - 1].isalnum() or text[c0 - 1] in "-+")) and not text[c1:c1 + 1].isalnum()]
    return 2 <= len(counts) <= n_arms and sum(counts) == events


_COUNT_RX: re.Pattern | None = None


def _counts_in(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """(start, end, value) of each count between two offsets."""
    global _COUNT_RX
    if _COUNT_RX is None:
        from stemfoot.extract.numbers import COUNT
        _COUNT_RX = re.compile(COUNT)
    from stemfoot.extract.numbers import parse_count
    out = []
    for m in _COUNT_RX.finditer(text, start, end):
        value = parse_count(m.group())
        if value is not None:
            out.append((m.start(), m.end(), value))
    return out


def split_by_arm(text: str, paren: tuple[int, int], mentions: list[tuple[int, int, str]]) -> list[tuple[str, int, int, int]]:
    """(arm, count, start, end) for each arm a bracket splits a count over: "(BMAC 3, sham 3)",
    "(four in the MSC arm and two in the placebo arm)", "(two PBMNC, four SC)"; [] unless every part is one
    count next to one arm."""
    a, b = paren
    parts = re.split(r",|;|\band\b|\bvs\.?|\bversus\b", text[a:b])
    out, pos = [], a
    for part in parts:
        p0, p1 = pos, pos + len(part)
        # Skip the separator that ended this part.
        m = re.match(r"\s*(?:,|;|and\b|vs\.?|versus\b)", text[p1:b])
        pos = p1 + (m.end() if m else 0)
        if not part.strip():
            continue
        counts = _counts_in(text, p0, p1)
        arms_here = [m for m in mentions if p0 <= m[0] and m[1] <= p1]
        if len(counts) != 1 or len({m[2] for m in arms_here}) != 1:
            return []
        c0, c1, n = counts[0]
        out.append((arms_here[0][2], n, min(c0, arms_here[0][0]), max(c1, arms_here[0][1])))
    return out if len(out) >= 2 and len({o[0] for o in out}) == len(out) else []


def breakdown_stage(text: str, arms: list[dict], statistics: list[dict]) -> None:
    """A count followed by its split over the arms ("Six patients died (BMAC 3, sham 3)"): each part becomes that
    arm's count (flag ``arm_from_breakdown``), and the count, their sum, is left for review, not exported as the
    cohort's (flag ``split_by_arm``; gold rule 65: the split gives the records, the total none of its own). Only
    when the parts add up to the count."""
    base = [a for a in arms if not a.get("members")]
    single = len(base) == 1 and base[0].get("role") == "single"
    # A single-arm study's sample is its arm; a controlled study with one arm found still has a cohort.
    if not base or single or not any(st["kind"] == "events" and st.get("total") is None and st.get("events")
                                and "(" in text[st["evidence"]["end"]:st["evidence"]["end"] + 64] for st in statistics):
        return
    inventory = build_inventory(text, base)
    heads = [re.sub(r"^the\s+|\s+(?:group|arm|cohort)s?$", "", a.label, flags=re.I) for a in inventory]
    for arm, head in zip(inventory, heads):
        # "(gel 1, gauze 4)": an arm is named by its label without the group word.
        if len(head) >= 3 and heads.count(head) == 1 and head.lower() not in {x.lower() for x in arm.aliases}:
            arm.aliases.append(head)
    mentions = [(m.start, m.end, m.arm) for m in find_mentions(text, inventory)]
    roles = {a["label"]: a.get("role") for a in base}
    added = []
    for st in statistics:
        if st["kind"] != "events" or st.get("total") is not None or not st.get("events"):
            continue
        ev = st["evidence"]
        s_end = ev.get("sentence_end") or len(text)
        m = re.match(r"[^;.()]{0,60}?\(([^()]{3,120})\)", text[ev["end"]:s_end])
        if not m:
            continue
        paren = (ev["end"] + m.start(1), ev["end"] + m.end(1))
        parts = split_by_arm(text, paren, mentions)
        if not parts or sum(p[1] for p in parts) != st["events"]:
            continue
        st["target"], st["arm"], st["arm_role"] = "unattributed", None, None
        st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["split_by_arm"]
        for label, n, a, b in parts:
            added.append({**st, "events": n, "percent": None, "arm": label, "arm_role": roles.get(label), "target": "arm",
                          "flags": ["arm_from_breakdown"], "attribution": {"probability": 1.0, "rule_arm": None, "model_arm": None},
                          "evidence": {**ev, "start": a, "end": b, "text": text[a:b]}})
    statistics.extend(added)


# --- stage 4: consistency ---------------------------------------------------------------------------

def _restated(a: dict, b: dict, size: int | None) -> bool:
    """b (a percentage) restates a's count: events/total (or events/arm size) is b's percent."""
    if a["kind"] != "events" or b["kind"] != "percent" or a.get("events") is None or b.get("percent") is None:
        return False
    denom = a.get("total") or size
    return bool(denom) and abs(100.0 * a["events"] / denom - b["percent"]) <= 0.6


def consistency_stage(text: str, arms: list[dict], statistics: list[dict],
                      sections: list[tuple[int, int, str]] | None = None) -> list[dict]:
    """Merge restated percentages into their count and flag broken rules; returns the kept statistics.

    A percentage in the same sentence, arm, outcome and timepoint as the count it restates
    ("6 patients (16.7%)", "16.7% (6/36)") is one fact: the count keeps it as ``percent`` and its
    span in ``restated_by``; pooling never sees two. Other violations are flagged on the facts.
    """
    sizes = {a["label"]: a.get("n_patients") for a in arms}
    drop: set[int] = set()
    for i, a in enumerate(statistics):
        if a["kind"] != "events" or not a.get("arm"):
            continue
        for j, b in enumerate(statistics):
            if j in drop or j == i or b["kind"] != "percent":
                continue
            same = (a.get("arm"), a.get("outcome"), a.get("timepoint"), a.get("measure"),
                    a["evidence"].get("sentence_start")) == (b.get("arm"), b.get("outcome"), b.get("timepoint"),
                                                            b.get("measure"), b["evidence"].get("sentence_start"))
            if same and _restated(a, b, sizes.get(a["arm"])):
                if a.get("percent") is None:
                    a["percent"] = b["percent"]
                a.setdefault("restated_by", []).append(b["evidence"])
                a["flags"].append("percent_restates_count")
                drop.add(j)
                break
    kept = [st for k, st in enumerate(statistics) if k not in drop]
    sections = section_spans(text) if sections is None else sections
    facts = []
    for st in kept:
        ev = st["evidence"]
        sec = next((cat for s, e, cat in sections if s <= ev["start"] < e), None)
        facts.append({**{k: st.get(k) for k in ("arm", "outcome", "timepoint", "kind", "events", "total", "percent",
                                                "mean", "sd", "median", "measure", "pair")},
                      "start": ev["start"], "end": ev["end"], "section": sec,
                      "sentence": (ev.get("sentence_start", 0), ev.get("sentence_end", 0))})
    for v in consistency.check(facts, text, sizes):
        for k in v.facts:
            st = kept[k]
            if v.code in {"cited_result", "planned_value", "disposition_count", "product_quantity", "prognostic_effect",
                          "pooled_side", "denominator_count"} and not (
                    v.code == "prognostic_effect" and "covariate_step" in st["flags"]):
                # A step of a continuous covariate the covariate reading placed ("each 10 mmHg increase in baseline
                # TcPO2 ... (OR 1.58)": ``covariates.covariate_stage``, flag ``covariate_step``) is the cohort's
                # (gold rule 14), not withheld; a threshold or condition still is (the golds name those outcomes
                # by the covariate, which the estimate's outcome does not match).
                # Cited work, a sample-size assumption, a flow count, a cell dose, a patient characteristic's
                # effect estimate or an arm's total before its events is not this study's result of the
                # treatment; a factorial's pooled side is no one arm's: no arm.
                st["arm"] = st["arm_role"] = None
                st["target"] = "unattributed"
            if v.code not in st["flags"]:
                st["flags"].append(v.code)
    return kept


def run_stages(text: str, record: dict, mentions: list[dict], models: dict[str, Model] | None = None,
               sentences: list[tuple[int, int]] | None = None,
               sections: list[tuple[int, int, str]] | None = None) -> None:
    """Stages 2-4 over one record (its ``arms`` and ``statistics``, from the rule components), in place.

    ``sentences`` and ``sections`` (the pipeline's, when it has them) save splitting the text again."""
    n_total = (record.get("n_patients") or {}).get("value")
    sentences = split_sentences(text) if sentences is None else sentences
    sections = section_spans(text) if sections is None else sections
    # "Background: A within-patient design controls for ...": no arm of this study (before the stages that read
    # the inventory's sides, e.g. the limb arms of a within-patient design).
    record["flags"].extend(arm_sizes.drop_background_arms(text, sections, record["arms"], record["statistics"],
                                                         record["design"]["value"], sentences))
    record["flags"].extend(arm_sizes.merge_paren_arms(text, sentences, record["arms"], record["statistics"]))
    record["flags"].extend(arm_sizes.add_randomised_to_arms(text, sentences, record["arms"], record["design"]["value"]))
    record["flags"].extend(arm_sizes.add_sized_list_arms(text, sentences, record["arms"], record["design"]["value"], n_total))
    record["flags"].extend(arm_sizes.add_plural_list_arms(text, sentences, record["arms"], record["design"]["value"]))
    record["flags"].extend(arm_sizes.add_listed_arms(text, sentences, record["arms"], record["design"]["value"],
                                                     record["statistics"]))
    # "SVF plus PRP (G1), SVF alone (G2) and standard care (G3)": the arms go by the codes, in the list's order.
    record["flags"].extend(arm_sizes.label_coded_arms(text, sentences, record["arms"], record["design"]["value"],
                                                      record["statistics"]))
    # "The four groups, each of 25 patients, were UC-MSC + NPWT, ... and vehicle + dressing": the stated groups.
    record["flags"].extend(arm_factorial.add_stated_groups(text, sentences, record["arms"], record["statistics"],
                                                           record["design"]["value"]))
    # "12 of 18 treated legs and 2 of 18 control legs": the two limb arms of a within-patient design.
    record["flags"].extend(arm_sizes.add_limb_arms(text, sentences, record["arms"], record["statistics"]))
    record["flags"].extend(inventory_stage(text, record["arms"], record["statistics"], record["design"]["value"], n_total))
    # "The cell arms" beside the arms they pool is no arm to split the total among (again after the arm model).
    record["flags"].extend(pooled_label_arms(record["arms"], record["statistics"]))
    total_ev = (record.get("n_patients") or {}).get("evidence") or {}
    record["flags"].extend(arm_sizes.complete_sizes(
        text, sentences, record["arms"], n_total, (record.get("n_limbs") or {}).get("value"),
        (total_ev["start"], total_ev["end"]) if "start" in total_ev else None))
    # The learned inventory: drop rules arms that are no arms, add group mentions that are (extract/arm_model.py).
    record["flags"].extend(arm_model.arm_model_stage(text, record["arms"], record["statistics"], sentences, sections,
                                                     lambda label: arm_roles.candidate_role(text, label),
                                                     None if (record.get("n_patients") or {}).get("derived") else n_total))
    # "three dose cohorts (cohort 1, 25 million cells, n = 5; cohort 2, ...)": the numbered series the learned
    # inventory took whole, dropping the single arm, as the study's arms.
    record["flags"].extend(arm_sizes.add_cohort_series_arms(text, sentences, record["arms"], record["design"]["value"],
                                                            n_total))
    # "The pooled cell-therapy group" beside the arms it pools: their grouping, no arm.
    record["flags"].extend(pooled_label_arms(record["arms"], record["statistics"]))
    # "to 1 × 10^8 cells (n = 22) or 3 × 10^8 cells (n = 22), or to saline": arms named by their doses (after the
    # learned inventory, which was not trained on such arms).
    record["flags"].extend(arm_sizes.add_dose_arms(text, sentences, record["arms"], record["design"]["value"]))
    # "CLX-7 at 2 × 10^6 (low dose), 5 × 10^6 (middle dose) or 1 × 10^7 cells (high dose) or to placebo, 20 patients
    # per group": arms named by dose level, where the text confirms their number.
    record["flags"].extend(arm_sizes.add_dose_label_arms(text, sentences, record["arms"], record["design"]["value"],
                                                         n_total))
    # "three groups: G1, SVF with PRP (n = 21); G2, PRP alone (n = 21); and G3, standard dressings (n = 21)" or
    # "at 0.5, 1 or 2 × 10^6 cells/kg (low-dose, mid-dose and high-dose arms) or to placebo (placebo arm)": the
    # general allocation-list reader, where the count check confirms its k arms (round 37).
    record["flags"].extend(arm_sizes.add_allocation_arms(text, sentences, record["arms"], record["statistics"],
                                                         record["design"]["value"], n_total))
    # "The pathway hospitals enrolled 121 patients and the usual-care hospitals 113", not "(eight per arm)".
    record["flags"].extend(arm_sizes.cluster_sizes(text, sentences, record["arms"], record["statistics"]))
    # "control limbs" (rules) and "control limb" (learned inventory) are one arm.
    record["flags"].extend(arm_sizes.merge_plural_twins(record["arms"], record["statistics"]))
    # "Arm 3: best medical therapy" and an arm "best medical therapy" are one arm.
    record["flags"].extend(arm_sizes.merge_coded_twins(text, record["arms"], record["statistics"]))
    record["flags"].extend(control_without_cells(record["arms"]))
    # "ELX-3 plus standard care (ELX-3 arm) or standard care alone (standard arm)": the add-on arm is the intervention.
    record["flags"].extend(arm_roles.addon_roles(text, record["arms"]))
    # Arms the rules named without a role ("the SOC group"): the role the text's words about them say.
    record["flags"].extend(arm_roles.roles_from_own_words(text, record["arms"]))
    # An arm the rules gave the default active role where its defining bracket says control words ("(Group C)").
    record["flags"].extend(arm_roles.controls_by_definition(text, record["arms"]))
    # "group II received PRP alone" beside a control of its own: the comparator, not a second control.
    record["flags"].extend(arm_roles.alone_comparators(text, record["arms"]))
    # A factorial's "HBO group" beside "PBMNC+HBO group" and the "standard group": a factor given alone, not a control.
    record["flags"].extend(factor_sides.factor_level_comparators(text, record["arms"], consistency.factorial(text)))
    # An arm without cells beside a cell arm: the role its comparator words say ("hydrocolloid dressings" or
    # "placebo injections" the control, "iloprost" read as an intervention the active comparator).
    record["flags"].extend(arm_roles.comparator_roles(text, record["arms"]))
    # "... with concurrent controls ... best wound and medical care (BWC group, n = 61)": one control arm, not two.
    record["flags"].extend(arm_sizes.merge_generic_control(record["arms"], record["statistics"]))
    # Sizes for the arms the learned inventory settled (within-patient limbs, compared cohorts, added arms).
    record["flags"].extend(arm_sizes.late_sizes(text, sentences, record["arms"], n_total,
                                                (total_ev["start"], total_ev["end"]) if "start" in total_ev else None))
    # The learned size-to-arm stage: arms still without a size, or every arm where the rules' sizes miss the stated
    # total and the model's make it (extract/arm_size_model.py).
    record["flags"].extend(arm_size_model.size_model_stage(
        text, sentences, sections, record["arms"], n_total,
        (total_ev["start"], total_ev["end"]) if "start" in total_ev else None))
    # The one arm still open beside arms the learned stages sized: the stated total minus theirs.
    record["flags"].extend(arm_sizes.late_remainder(
        text, sentences, record["arms"], n_total, (total_ev["start"], total_ev["end"]) if "start" in total_ev else None))
    # "25 limbs in the BM-MNC group and 23 limbs in the sham group": limbs per arm, after every patient size.
    record["flags"].extend(arm_sizes.limb_sizes(text, sentences, record["arms"], n_total))
    _design_from_arms(record)
    _total_from_arms(record)
    outcome_stage(text, record["statistics"], mentions, [a["label"] for a in record["arms"]])
    outcome_refs.list_outcomes(text, record["statistics"], mentions)
    timepoint_stage(text, record["statistics"])
    from_to_baseline(text, record["statistics"])
    baseline_by_wording(text, record["statistics"])
    baseline.baseline_stage(text, record["statistics"], sections)
    time_lists(text, record["statistics"])
    denominator_from_percent(text, record["statistics"])
    denominator_from_subset(text, record["statistics"])
    median_with_ci(text, record["statistics"])
    predictor_effects(text, record["statistics"], mentions)
    effect_context(text, record["statistics"], mentions)
    # "whereas dialysis (HR 2.31 …) and each 10-year increment in age (HR 1.42 …) increased it": covariates' effects
    # are the cohort's, of the model's outcome (extract/covariates.py).
    covariates.covariate_stage(text, record["statistics"], mentions, [a["label"] for a in record["arms"]])
    # "… and age per 10 years (HR 1.38 …) increased it. The unadjusted HR was 0.51": no outcome named, so not the
    # covariate named last but what the effect before it measures.
    covariates.carried_effect_outcomes(text, record["statistics"], mentions)
    # "The primary endpoint was met in 20 of 36 patients": the outcome the endpoint's definition names.
    outcome_refs.endpoint_outcomes(text, record["statistics"], sentences, mentions)
    # "In the PP population the corresponding figures were 29/38 and 24/39": the earlier sentence's outcome.
    outcome_refs.corresponding_outcomes(text, record["statistics"], mentions)
    # "Rest pain resolved in 14 patients. The visual analogue scale score fell from 8 to 2": a scale named without a
    # pain word measures the pain named last (round 40).
    outcome_refs.bare_scale_outcomes(text, record["statistics"])
    # "Marrow aspiration caused a haematoma in one patient", "Gangrene was present in 22 PBMNC (37.9%) and 19
    # conventional patients (31.1%)": the outcome is the clause's subject (extract/event_subjects.py, round 35).
    event_subjects.subject_stage(text, record["statistics"])
    attribution_stage(text, record["arms"], record["statistics"], sections, models, n_total, sentences,
                      record["design"]["value"])
    # "Of the 11 treated legs and 6 control legs with ulcers, 8 and 2 healed": each count on its side's arm.
    record["flags"].extend(subset_events.subset_side_stage(text, record["arms"], record["statistics"]))
    baseline_target_stage(text, record["arms"], record["statistics"])
    comparative_target_stage(text, record["arms"], record["statistics"])
    breakdown_stage(text, record["arms"], record["statistics"])
    record["statistics"] = consistency_stage(text, record["arms"], record["statistics"], sections)
    roles = {a["label"]: a.get("role") for a in record["arms"]}
    for st in record["statistics"]:
        if st.get("arm") in roles:
            # The inventory may have settled an arm's role after the rules tied values to it.
            st["arm_role"] = roles[st["arm"]]
    # The learned target reader: a value the rules put on an arm that its own words say is the whole sample's.
    target_model.target_stage(text, record)
    # A value said of several treated arms together ("Pooled across doses, 48.6% of cell-treated patients"): the
    # treated arms' grouping, or no arm, never one member's.
    record["flags"].extend(pooled_sides.pooled_side_stage(text, record["arms"], record["statistics"],
                                                          consistency.factorial(text)))
    # "reported by 11 patients in G1 and G2": the listed arms' pool (or, listing every arm, no arm), never G1's.
    record["flags"].extend(pooled_sides.named_pool_stage(text, record["arms"], record["statistics"]))
    # "healed in 19/30 patients given BM-MNCs and in 9/29 controls": the one treated arm, named by its product.
    record["flags"].extend(pooled_sides.recipient_arm_stage(text, record["arms"], record["statistics"],
                                                            consistency.factorial(text)))
    # "Liposuction-site bruising occurred in 5 patients" where two of three arms had liposuction: one pooled record of
    # those arms (gold conventions 40 and 44), not one member's, the cohort's or none (round 38).
    record["flags"].extend(procedure_pool_stage(text, record["arms"], record["statistics"], consistency.factorial(text)))
    # "... and in 24 and 14, respectively, at 12 months": the arms of the pair just before, at the new time.
    record["flags"].extend(elided_pairs.elided_pair_stage(text, record["statistics"]))
    # A factorial trial's two sides of one factor ("For the ADSC main effect, healing was 25/38 versus 15/38"): the
    # groupings of the arms with and without the factor.
    record["flags"].extend(factor_sides.factor_side_stage(text, record["arms"], record["statistics"],
                                                          consistency.factorial(text)))
    # Stage 5: the learned export gate (a calibrated P per result; withhold below its threshold).
    export_gate.gate_stage(text, record, sections)


def baseline_target_stage(text: str, arms: list[dict], statistics: list[dict]) -> None:
    """Targets of baseline values (``baseline.baseline_targets``) in a study of two or more arms: the arm
    their own words name, else the cohort where the sentence gives the characteristic once."""
    base = [a for a in arms if not a.get("members")]
    single = len(base) == 1 and base[0].get("role") == "single"
    # A single-arm study's sample is its arm; a controlled study with one arm found still has a cohort.
    if not base or single or not any(baseline.BASELINE_FLAGS & set(st.get("flags") or ()) for st in statistics):
        return
    inventory = build_inventory(text, arms)
    mentions = [(m.start, m.end, m.arm) for m in find_mentions(text, inventory)]
    baseline.baseline_targets(text, statistics, mentions, {a["label"]: a.get("role") for a in arms})




def comparative_target_stage(text: str, arms: list[dict], statistics: list[dict]) -> None:
    """"Headache was more frequent with iloprost (12 vs 3 patients)": the pair's first value is the arm the
    comparative names (``comparative_arms``), not the inventory's first arm."""
    base = [a for a in arms if not a.get("members")]
    if len(base) < 2:
        return
    inventory = build_inventory(text, arms)
    mentions = [(m.start, m.end, m.arm) for m in find_mentions(text, inventory) if m.arm in {a["label"] for a in base}]
    comparative_arms.comparative_arms_stage(text, statistics, mentions, {a["label"]: a.get("role") for a in base})


def dose_cohorts(arms: list[dict]) -> bool:
    """Every arm is a numbered cohort or a dose level ("cohort 2", "high-dose group") and none is a control:
    a dose-finding study without a comparator."""
    return bool(arms) and all(_RX.DOSE_COHORT.match((a.get("label") or "").strip()) and a.get("role") != "control"
                              for a in arms)


def _design_from_arms(record: dict) -> None:
    """Two or more arms listed in an allocation sentence with no word of randomisation: a non-randomised
    controlled study (``record.build_record`` applies the same rule to the rules' arms)."""
    design = record["design"]
    base = [a for a in record["arms"] if not a.get("members")]
    weak = design["value"] == "single_arm" or (design["value"] == "other" and design.get("evidence") is None)
    if weak and len(base) >= 2 and dose_cohorts(base):
        # "0.5 x 10^6 (cohort 1), 1 x 10^6 (cohort 2) ...": sequential dose cohorts and no control are one
        # uncontrolled (single-arm) study.
        record["design"] = {"value": "single_arm", "confidence": 0.6,
                            "evidence": {**base[0]["evidence"], "confidence": 0.6}}
        return
    if weak and len(base) >= 2 and (any(a.get("source") == "allocation" for a in base) or within_patient_arms(base)):
        # A within-patient design's two limb arms: the patient's own other limb is the control.
        record["design"] = {"value": "non_randomized_controlled", "confidence": 0.6,
                            "evidence": {**base[1]["evidence"], "confidence": 0.6}}


def _within_patient_totals(record: dict, base: list[dict]) -> None:
    """A within-patient design's totals (in place): its arms hold the same patients, one limb each, so the patients
    are one arm's size (not the sum ``record.build_record`` made of the rules' arms: "(treated limbs, n = 18) ...
    (control limbs, n = 18)" is 18 patients) and the limbs the arms' sum."""
    n = {a.get("n_patients") for a in base}
    ev = next((a["n_evidence"] for a in base if a.get("n_evidence")), None) or base[0]["evidence"]
    if len(n) == 1 and None not in n and (record.get("n_patients") or {}).get("derived") == "sum of arms":
        record["n_patients"] = {"value": n.pop(), "evidence": ev, "derived": "one limb per patient per arm"}
    limbs = [a.get("n_limbs") for a in base]
    if None not in limbs and (record.get("n_limbs") or {}).get("value", 0) < sum(limbs):
        # No limb total, or a smaller one ("Of the 19 limbs with foot ulcers"): the arms' limbs are all of them.
        record["n_limbs"] = {"value": sum(limbs), "evidence": ev, "derived": "sum of arms"}


def _total_from_arms(record: dict) -> None:
    """Every arm has a size and they outnumber the stated total: the total is their sum (``derived: sum of
    arms``, the rule ``record.build_record`` applies to the rules' arms, applied again after the inventory). For
    limbs only a stated total is corrected ("giving 25 limbs in the BM-MNC group" read as the study's limbs): a
    limb total nobody stated stays unstated."""
    base = [a for a in record["arms"] if not a.get("members")]
    if within_patient_arms(base):
        _within_patient_totals(record, base)
        return
    for key in ("n_patients", "n_limbs"):
        sizes = [a.get(key) for a in base]
        stated = record.get(key)
        if len(base) < 2 or any(s is None for s in sizes) or (stated and stated["value"] >= sum(sizes)) or (
                key == "n_limbs" and not stated):
            continue
        ev = next((a["n_evidence"] for a in base if a.get("n_evidence")), None) or base[0]["evidence"]
        record[key] = {"value": sum(sizes), "evidence": ev, "derived": "sum of arms"}
        if stated is not None and f"{key}_from_arms" not in record["flags"]:
            record["flags"].append(f"{key}_from_arms")
