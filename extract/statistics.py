"""Outcome statistics tied to outcome, arm and time point.

The grammar (``stat_grammar``) finds the numbers of each sentence; this component
ties each to the nearest outcome mention, to an arm (mentions after or before it,
"A vs B" pairs, "respectively", or the arm the previous sentence spoke of), to a
time point, and copies p-values onto the numbers of their clause.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from stemfoot.extract import bare_counts, value_kinds
from stemfoot.extract.arm_counts import bracket_totals, named_counts
from stemfoot.extract.arm_inventory import build_inventory, find_mentions
from stemfoot.extract.arm_ordinals import ordinal_order
from stemfoot.extract.event_counts import disposes, every_arm_count_agrees, quiet
from stemfoot.extract.arms import role_of
from stemfoot.extract.mean_change import retype_mean_changes, retype_median_changes, retype_percent_levels
from stemfoot.extract.outcome_scope import unlisted_event
from stemfoot.extract.provenance import evidence
from stemfoot.extract.safe import SafeComponent, register_error_extension
from stemfoot.extract.sections import section_at
from stemfoot.extract.number_grammar import TIME, SentenceClaims, empty_stat, by_sentence, scan, time_matches, timepoint
from stemfoot.extract.outcomes import measured
from stemfoot.extract.list_guard import joined_run
from stemfoot.extract.pattern_data import load_patterns

COMPONENT = "stemfoot_statistics"
#: This module's regexes, as data in patterns/statistics.json (compiled once, here).
_RX = load_patterns("statistics")
_RESULT_ORDER = {"intervention": 0, "single": 0, "active_comparator": 1, "control": 3}


def _se_words(text: str) -> bool:
    """Whether ``_RX.SE_DECLARED`` can match at all (its every branch names SE): most abstracts skip its slow scan."""
    return "SE" in text or "S.E." in text or "standard error" in text


def _claim_learned_counts(sent: SentenceClaims, outcomes: list[dict], mentions: list[dict], section: str | None) -> None:
    """Claim the bare numbers the learned stage reads as event counts (``bare_counts``), after every pattern."""
    base = sent.base
    o_spans = [bare_counts.Span(o["evidence"]["start"] - base, o["evidence"]["end"] - base, bool(o.get("countable")))
               for o in outcomes]
    a_spans = [bare_counts.Span(m["start"] - base, m["end"] - base) for m in mentions]
    for start, end, value in bare_counts.candidates(sent.text, sent.free, o_spans, a_spans, section,
                                                    bare_counts.load_model()):
        stat = empty_stat("events")
        stat["events"] = value
        stat["flags"] += ["event_count_bare", bare_counts.FLAG]
        sent.claim(start, end, stat)


def _claim_arm_counts(sent: SentenceClaims, marks: list[tuple[int, int, str]]) -> None:
    """Claim the counts whose own words name one arm ("One EPC patient developed", "in 14 Group A, 11 Group B and 5
    Group C patients"; ``arm_counts``), through the arm's name and noun, so the arm lies inside the statistic, in a
    sentence that allocates or loses no patients and says an event happened (in one that says none, only a list
    naming two arms or more after "in": ``named_counts(lists_only=True)``); and the counts a bracket of sized arm
    names gives denominators to ("(14 UCM-204, 7 sham), complete healing occurred in 9 and 2, respectively");
    before the learned stage reads the bare numbers. ``marks``: where the inventory's arms are named, offsets
    relative to the sentence."""
    named = [] if disposes(sent.text) else named_counts(sent.text, marks, lists_only=quiet(sent.text))
    counts = bracket_totals(sent.text, marks) + named
    for c in counts:
        if sent.free(c.start, c.end):
            stat = empty_stat("events")
            stat.update(events=c.events, total=c.total)
            stat["flags"] += (["event_count_bare"] if c.total is None else []) + ["arm_inside_count"]
            sent.claim(c.start, c.end, stat)


def _arm_marks(text: str, arms: list[dict], bounds: list[tuple[int, int]]) -> dict[int, list[tuple[int, int, str]]]:
    """Where the inventory names each arm (``arm_inventory.find_mentions``: aliases and role words), by sentence
    start, offsets relative to the sentence."""
    if len(arms) < 2:
        return {}
    out: dict[int, list[tuple[int, int, str]]] = {}
    mentions = find_mentions(text, build_inventory(text, arms))
    for s0, s1 in bounds:
        out[s0] = [(m.start - s0, m.end - s0, m.arm) for m in mentions if s0 <= m.start and m.end <= s1]
    return out


def _line_break_between(text: str, prev_end: int, s_start: int, s_end: int) -> bool:
    """Whether a line break parts the last word of the sentence ending at ``prev_end`` from the first word of the one at
    ``s_start``..``s_end`` (the whitespace between may sit at the end of the one or the start of the other)."""
    a = len(text[:prev_end].rstrip())
    b = s_start + len(text[s_start:s_end]) - len(text[s_start:s_end].lstrip())
    return "\n" in text[a:b]


class StatisticsTagger(SafeComponent):
    """Sets ``doc._.statistics``: [{kind, numbers..., outcome, arm, timepoint, flags, evidence}]."""

    name = "stemfoot_statistics"
    attr = "statistics"
    empty = list

    def run(self, doc: Doc, text: str, bounds: list[tuple[int, int]]) -> None:
        # A population's description ("of 24 healed patients") names no value's outcome.
        outcomes = measured(doc._.outcome_mentions or [])
        mentions = doc._.arm_mentions or []
        arms = doc._.arms or []
        sections = doc._.sections or []
        outcomes_by_sentence = by_sentence(bounds, outcomes, lambda o: o["evidence"]["start"])
        mentions_by_sentence = by_sentence(bounds, mentions, lambda m: m["start"])
        stats: list[dict] = []
        carry_arm: dict | None = None
        carry_outcome: dict | None = None
        # "… (mean ± SEM) in the BM-MSC group …. At 6 months TcPO2 had risen to 31.7 ± 2.2 mmHg …": a sentence's SE
        # declaration also governs the sentences after it (value_kinds.se_governs).
        se_governed = False
        marks = _arm_marks(text, arms, bounds)
        prev_end: int | None = None
        for s_start, s_end in bounds:
            # The declaration's reach ends at a paragraph (a line break between the sentences' words, which either
            # bound may hold) or a section: a full text's "(mean ± SEM)" in one paragraph says nothing of another's ±
            # values (mendlead42b).
            if prev_end is not None and (_line_break_between(text, prev_end, s_start, s_end)
                                         or section_at(sections, prev_end - 1) != section_at(sections, s_start)):
                se_governed = False
            prev_end = s_end
            sent = SentenceClaims(text[s_start:s_end], s_start)
            scan(sent, outcomes_by_sentence.get(s_start, []))
            _claim_arm_counts(sent, marks.get(s_start, []))
            _claim_learned_counts(sent, outcomes_by_sentence.get(s_start, []), mentions_by_sentence.get(s_start, []),
                                  section_at(sections, s_start))
            found = sorted(sent.found, key=lambda f: f[0])
            retype_percent_levels(sent.text, found)
            retype_mean_changes(sent.text, found)
            retype_median_changes(sent.text, found)
            # "12.4 ± 1.9 mmHg (mean ± SEM) in the REX-08 group and 4.0 ± 2.2 mmHg in …": this sentence's ± are SEs.
            value_kinds.sentence_se(sent.text, found, se_governed)
            se_governed = value_kinds.se_governs(sent.text, se_governed)
            s_outcomes = outcomes_by_sentence.get(s_start, [])
            s_arms = mentions_by_sentence.get(s_start, [])
            times = [(s_start + t.start(), s_start + t.end(), timepoint(t)) for t in time_matches(sent.text)
                     if sent.free(t.start(), t.end())] if found else []
            for i, (a, b, stat) in enumerate(found):
                start, end = s_start + a, s_start + b
                confidence = {"events": 0.9, "mean_sd": 0.9, "p_value": 0.95, "median": 0.85, "effect": 0.85}.get(stat["kind"], 0.7)
                outcome = (stat.pop("_outcome", None) or self._respective_p(text, i, found, s_start, s_outcomes)
                           or self._outcome(text, start, s_outcomes))
                if outcome and outcome["outcome"] == "ulcer_healing" and stat["kind"] in {"median", "mean"} \
                        and _RX.TIME_SUMMARY.search(text[max(s_start, start - 30): start]) and TIME.match(text, start, end):
                    # "healed ... after a median of 10 weeks": the time to healing.
                    outcome = {"outcome": "time_to_healing", "label": text[max(s_start, start - 30): end].strip()}
                event = unlisted_event(text[s_start:start]) if outcome is None and stat["kind"] in {"events", "percent"} \
                    else None
                if event is not None:
                    # "Infusion-related headache was more frequent ... (12 vs 3 patients)": an adverse event the
                    # vocabulary lacks is what the count counts, not the last sentence's outcome.
                    outcome = {"outcome": "adverse_events", "label": event}
                if outcome is None and carry_outcome is not None and section_at(sections, start) in {None, "results"}:
                    outcome, confidence = carry_outcome, confidence - 0.15
                if outcome is None:
                    confidence -= 0.2
                stat["outcome"] = outcome["outcome"] if outcome else None
                stat["outcome_label"] = outcome["label"] if outcome else None
                if stat["kind"] not in {"p_value", "effect"}:
                    arm = self._arm(text, i, found, s_start, s_arms, arms)
                    universal = stat["events"] == 0 and _RX.NOBODY.match(text, start) is not None and len(arms) > 1
                    listed = _RX.LIST_WORDS.search(sent.text) is not None and sum(f[2]["kind"] == stat["kind"] for f in found) >= 2
                    if arm is None and carry_arm is not None and not s_arms and not universal and not listed:
                        # "No patient died" speaks of every arm, not of the one the last sentence named; "in 11, 12
                        # and 10 patients, respectively" of one arm each.
                        arm, confidence = carry_arm, confidence - 0.1
                    if arm is None and len(arms) == 1 and arms[0]["role"] == "single":
                        # A single-arm study: every result is its one arm's.
                        arm = {"arm": arms[0]["label"], "label": arms[0]["label"], "role": "single"}
                    stat["arm"] = arm["arm"] or arm["label"] if arm else None
                    stat["arm_role"] = arm["role"] if arm else None
                    if arm is not None and arm.get("by_order"):
                        stat["flags"].append("arm_by_order")
                        confidence -= 0.15
                else:
                    # Between-group numbers belong to the comparison, not an arm.
                    stat["arm"] = stat["arm_role"] = None
                if stat["timepoint"] is None and times:
                    stat["timepoint"] = min(times, key=lambda t: min(abs(t[0] - end), abs(start - t[1])))[2]
                if stat["timepoint"] is None and stat["measure"] == "follow-up":
                    stat["timepoint"] = "follow-up"
                stat["evidence"] = evidence(text, bounds, start, end, COMPONENT, max(confidence, 0.1))
                stats.append(stat)
                every = stat.pop("_every_arm", False)
                if every and len(arms) >= 2 and not every_arm_count_agrees(sent.text, len(arms)):
                    # "in any of the four arms" where the arms known so far are three: not copied here; the
                    # attribution stage checks the count against the final inventory (`every_arm_copies`).
                    every = False
                    if "every_arm" not in stat["flags"]:
                        stat["flags"].append("every_arm")
                if every and len(arms) < 2 and "every_arm" not in stat["flags"] and not _RX.ANY_GROUP.search(sent.text):
                    # The arms known so far are too few to copy it over ("vehicle group" alone, the other arm named
                    # later): the attribution stage copies it over the final inventory (`every_arm_copies`).
                    stat["flags"].append("every_arm")
                if every and len(arms) >= 2:
                    # "No wound infections were observed in either group": zero events in every arm.
                    stat["arm"], stat["arm_role"] = arms[0]["label"], arms[0]["role"]
                    for arm in arms[1:]:
                        stats.append({**stat, "arm": arm["label"], "arm_role": arm["role"], "flags": list(stat["flags"])})
            self._order_pairs(sent.text, found, arms)
            self._attach_p(found, sent.text)
            stats.extend(self._shared_p(found, sent.text))
            self._share_pairs(found)
            if s_outcomes and section_at(sections, s_start) in {None, "results"}:
                # The background's topic ("therapeutic neovascularization") is no result's outcome.
                carry_outcome = s_outcomes[-1]
            if s_arms:
                # Carry an arm into following sentences only when this one spoke
                # of a single arm ("Their perfusion increased..." after "in the
                # transplant group"), never after a comparison.
                distinct = {m["arm"] or m["label"] for m in s_arms if not m["plural"]}
                # "Injection-site pain (n = 9)" names an outcome's count, no arm to carry.
                last = s_arms[-1]
                carry_arm = last if len(distinct) == 1 and not last["plural"] and not last.get("outcome") else None
        if _se_words(text) and _RX.SE_DECLARED.search(text) and not _RX.SD_DECLARED.search(text):
            # A study-level "mean ± SE" makes every ± an SE: pooling it as an SD would shrink the variance n-fold.
            for stat in stats:
                if stat["kind"] == "mean_sd" and "se_not_sd" not in stat["flags"]:
                    stat["flags"].append("se_not_sd")
        doc._.statistics = stats

    # --- attribution ----------------------------------------------------------------------
    @staticmethod
    def _outcome(text: str, start: int, s_outcomes: list[dict]) -> dict | None:
        before = [o for o in s_outcomes if o["evidence"]["end"] <= start]
        lead = text[before[-1]["evidence"]["end"]: start] if before else ""
        bracket = re.search(r"\)\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?P<phrase>[\w\- ]{3,40}?)\s*\(\s*$", lead)
        if bracket and re.match(r"\s*[Pp]\b", text[start:start + 3]):
            # "rest pain (P < 0.01), cold sensation (P < 0.05)": the bracket's p is the phrase's just before it.
            return {"outcome": None, "label": bracket.group("phrase")}
        if before:
            if len(before) > 1 and _RX.GLOSS.match(text[before[-2]["evidence"]["end"]: before[-1]["evidence"]["start"]]):
                # "rest pain score (visual analogue scale)": the bracket says how the outcome was measured.
                return before[-2]
            return before[-1]
        # A ";" inside the statistic's own bracket ("(hazard ratio 0.52; 95% CI ...) predicted X") is no clause break.
        after = [o for o in s_outcomes if o["evidence"]["start"] >= start
                 and not re.search(r";[^)]*$", text[start: o["evidence"]["start"]])]
        return after[0] if after else None

    @staticmethod
    def _respective_p(text: str, i: int, found: list, s_start: int, s_outcomes: list[dict]) -> dict | None:
        """'ABI and TcPO2 increased (P = 0.012 and P = 0.004, respectively)': p-values to the outcomes in order."""
        stat = found[i][2]
        if stat["kind"] != "p_value":
            return None
        ps = [found[i]]
        for step in (-1, 1):
            j = i + step
            # The run of p-values this one is listed with: "(P = 0.012 and P = 0.004, respectively)".
            while 0 <= j < len(found) and found[j][2]["kind"] == "p_value":
                gap = text[s_start + min(found[j][1], ps[0 if step < 0 else -1][1]):
                           s_start + max(found[j][0], ps[0 if step < 0 else -1][0])]
                if not re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+|;\s*)", gap):
                    break
                ps.insert(0, found[j]) if step < 0 else ps.append(found[j])
                j += step
        if len(ps) < 2 or not re.match(r"\s*,?\s*respectively", text[s_start + ps[-1][1]:]):
            return None
        listed: list[dict] = []
        for o in s_outcomes:
            if o["evidence"]["end"] <= s_start + ps[0][0] and all(o["outcome"] != x["outcome"] for x in listed):
                listed.append(o)
        if len(listed) < len(ps):
            return None
        return listed[-len(ps):][ps.index(found[i])]

    @staticmethod
    def _header_arms(text: str, arms: list[dict]) -> tuple[bool, list[dict] | None]:
        """Whether a "(A vs B)" or "in the A and B groups ..., respectively" header is there, and its two arms in order."""
        seen = False
        for rx in (_RX.HEADER_PAREN, _RX.HEADER_RESPECTIVELY):
            for m in rx.finditer(text):
                if rx is _RX.HEADER_PAREN and role_of(m.group("a"), False) is None and _arm_named(m.group("a"), arms) is None:
                    continue
                seen = True
                named = [_arm_named(m.group(k), arms) for k in ("a", "b")]
                if all(named) and named[0] is not named[1]:
                    return True, named
        return seen, None

    @classmethod
    def _order_pairs(cls, text: str, found: list[tuple[int, int, dict]], arms: list[dict]) -> None:
        """The two values of one "x vs y" pair go to two arms: a header's order, else never both to one arm."""
        has_header, header = cls._header_arms(text, arms)
        paired: set[int] = set()
        for i, (_, end, stat) in enumerate(found):
            if i in paired or stat["kind"] in {"p_value", "effect"}:
                continue
            j = next((k for k in range(i + 1, len(found)) if found[k][2]["kind"] == stat["kind"]), None)
            if j is None or not _RX.PAIR_GAP.match(text[end: found[j][0]]):
                continue
            if _RX.OVER_TIME.search(text[end: found[j][1] + 25]):
                # "0.45 ± 0.10 at baseline vs 0.61 ± 0.12 at 12 weeks": one arm over time.
                continue
            paired |= {i, j}
            pair = (stat, found[j][2])
            if header is not None:
                for member, arm in zip(pair, header):
                    member["arm"], member["arm_role"] = arm["label"], arm["role"]
                    if "arm_by_order" in member["flags"]:
                        member["flags"].remove("arm_by_order")
            elif has_header:
                # A header naming an arm we did not find: the nearest group word would mislead.
                for member in pair:
                    member["arm"] = member["arm_role"] = None
                    member["flags"].append("arm_not_found")
            elif pair[0]["arm"] is not None and pair[0]["arm"] == pair[1]["arm"] and any(
                    f[2]["kind"] == stat["kind"] and f[2].get("arm") not in {None, pair[0]["arm"]} for f in found[:i]):
                # "rose from a to b in the cell group and was unchanged in controls (c vs d)": the other arm's
                # values came first, so the pair is the named arm's before and after, not two arms.
                continue
            elif (pair[0]["arm"] is None) != (pair[1]["arm"] is None) or (pair[0]["arm"] is not None and pair[0]["arm"] == pair[1]["arm"]):
                # One arm for both, or for one only ("TcPO2 [(a) vs (b)] of the observation group"): results order.
                ordered = cls._role_order(arms)
                for member, arm in zip(pair, ordered or (None, None)):
                    member["arm"], member["arm_role"] = (arm["label"], arm["role"]) if arm else (None, None)
                    flag = "arm_by_order" if arm else "arm_not_found"
                    if flag not in member["flags"]:
                        member["flags"].append(flag)

    @staticmethod
    def _role_order(arms: list[dict]) -> list[dict] | None:
        """Two arms, cell arm first and control second, as results list them; None when that is not clear."""
        roles = sorted(arms, key=lambda a: _RESULT_ORDER.get(a["role"], 2))
        if len(arms) == 2 and roles[0]["role"] in {"intervention", "active_comparator"} and roles[1]["role"] == "control":
            return roles
        return None

    @staticmethod
    def _share_pairs(found: list[tuple[int, int, dict]]) -> None:
        """'from A to B in the cell group': A and B share B's arm."""
        pairs: dict[int, list[dict]] = {}
        for _, _, stat in found:
            if "_pair" in stat:
                pairs.setdefault(stat.pop("_pair"), []).append(stat)
        for members in pairs.values():
            with_arm = [m for m in members if m.get("arm")]
            if with_arm:
                for m in members:
                    m["arm"], m["arm_role"] = with_arm[-1]["arm"], with_arm[-1]["arm_role"]

    @staticmethod
    def _by_role(arms: list[dict], role: str | None) -> dict | None:
        for wanted in ((role,) if role == "control" else ("intervention", "single", "active_comparator")):
            for arm in arms:
                if arm["role"] == wanted:
                    return {"arm": arm["label"], "label": arm["label"], "role": arm["role"], "by_order": True}
        return None

    @classmethod
    def _arm(cls, text: str, i: int, found: list, s_start: int, s_arms: list[dict], arms: list[dict]) -> dict | None:
        a, b, stat = found[i]
        start, end = s_start + a, s_start + b
        sentence = text[s_start: s_start + max(f[1] for f in found) + 200]
        same_kind = [f for f in found if f[2]["kind"] == stat["kind"]]
        if "respectively" in sentence and len(same_kind) >= 2:
            listed = re.search(r"\b([\w\-]+(?: [\w\-]+)?)\s+(?:and|or|vs\.?|versus)\s+([\w\-]+(?: [\w\-]+)?)\s+(?:groups|arms|patients)\b", sentence)
            idx = same_kind.index(found[i])
            # Two named groups read a pair (or pairs), never an odd list: three values are no two arms' values.
            run = joined_run(text, [(s_start + f[0], s_start + f[1]) for f in same_kind], idx)
            if listed and idx < 2 and run % 2 == 0:
                role = role_of(listed.group(idx + 1), False)
                hit = cls._by_role(arms, role)
                if hit is not None:
                    return {**hit, "by_order": False}
            # "... of the BMMNC group and the control group were 80% and 45%, respectively".
            first = s_start + same_kind[0][0]
            named: list[dict] = []
            for m in s_arms:
                if m["end"] <= first and not m["plural"] and all((m["arm"] or m["label"]) != (d["arm"] or d["label"]) for d in named):
                    named.append(m)
            if len(named) == len(same_kind):
                return named[idx]
        in_order = cls._in_arm_order(text, s_start, same_kind, found[i], s_arms, arms, "respectively" in sentence)
        if in_order is not None:
            return in_order
        resolved = [m for m in s_arms if m["arm"] is not None or m["role"]]
        inside = [m for m in resolved if start <= m["start"] and m["end"] <= end]
        if inside:
            return inside[0]
        shared = cls._and_then_arm(text, i, found, s_start, resolved)
        if shared is not None:
            return shared
        # "(11.1% vs. 50%)" after "in group A compared with that in group B".
        pair = None
        if i + 1 < len(found) and found[i + 1][2]["kind"] == stat["kind"] and _RX.VS_BETWEEN.match(text[end: s_start + found[i + 1][0]]):
            pair = 0
        elif i > 0 and found[i - 1][2]["kind"] == stat["kind"] and _RX.VS_BETWEEN.match(text[s_start + found[i - 1][1]: start]):
            pair = 1
        if pair is not None and cls._in_longer_run(text, s_start, found, i - pair):
            # "20.0%, 45.2% and 51.6%", "a vs b vs c": the two are items of a longer list, no pair of two arms.
            pair = None
        if pair is not None:
            prior = [m for m in resolved if m["end"] <= (start if pair == 0 else s_start + found[i - 1][0])]
            distinct: list[dict] = []
            for m in reversed(prior):
                if all((m["arm"] or m["label"]) != (d["arm"] or d["label"]) for d in distinct):
                    distinct.insert(0, m)
                if len(distinct) == 2:
                    break
            first = i if pair == 0 else i - 1
            second_end = s_start + found[i + 1 if pair == 0 else i][1]
            near = [m for m in resolved if 0 <= m["start"] - second_end <= 40]
            named_after = bool(near) and not any(m["plural"] for m in near)
            if (len(distinct) == 2 and not near and ";" not in text[distinct[1]["end"]: s_start + found[first][0]]
                    and any(f[2]["kind"] == stat["kind"] and s_start + f[1] <= distinct[1]["start"] for f in found[:first])):
                # The earlier arm's own values stand before the later arm's name, and the pair closes the later
                # arm's clause: no "in A compared with B (x vs y)" header; the pair is that arm's before and after.
                return distinct[1]
            if len(distinct) == 2:
                return distinct[pair]
            if not prior and not named_after and len(arms) == 2 and {a["role"] for a in arms} >= {"control"}:
                # Not "79.3% and 62.1% in the TACT group": there both values are the named arm's.
                # "21/30 (70%) versus 12/30 (40%)": results put the cell arm first, ranked arms ("group I",
                # "group II") in rank order.
                ranked = ordinal_order([a["label"] for a in arms])
                if ranked is not None:
                    arm = next(a for a in arms if a["label"] == ranked[pair])
                    return {"arm": arm["label"], "label": arm["label"], "role": arm["role"], "by_order": True}
                return cls._by_role(arms, "control" if pair else "intervention")
        if len(same_kind) == 2:
            # "71.4% and 35.7% in the BMMNC and control groups": implied respectively.
            last_end = s_start + same_kind[1][1]
            after = []
            for m in resolved:
                if last_end <= m["start"] <= last_end + 60 and not m["plural"] and \
                        all((m["arm"] or m["label"]) != (d["arm"] or d["label"]) for d in after):
                    after.append(m)
            between = [m for m in resolved if s_start + same_kind[0][1] <= m["start"] < s_start + same_kind[1][0]]
            if len(after) >= 2 and not between:
                return after[same_kind.index(found[i])]
        next_stat = s_start + found[i + 1][0] if i + 1 < len(found) else None
        for m in resolved:
            if m["start"] >= end and m["start"] - end <= 80 and (next_stat is None or m["start"] < next_stat):
                if _RX.COMPARATOR_LEAD.search(text[max(0, m["start"] - 30): m["start"]]):
                    continue
                return m
        before = [m for m in resolved if m["end"] <= start and start - m["end"] <= 200
                  and ";" not in text[m["end"]: start]
                  and not _RX.COMPARATOR_LEAD.search(text[max(0, m["start"] - 30): m["start"]])]
        return before[-1] if before else None

    @staticmethod
    def _in_longer_run(text: str, s_start: int, found: list, first: int) -> bool:
        """Whether the pair of values at ``first`` and ``first + 1`` continues into a value of its kind before or
        after it, joined as list items are (a comma, "and", "vs")."""
        kind = found[first][2]["kind"]

        def join_word(gap: str) -> str:
            word = _RX.PAIR_WORD.search(gap)
            return word.group(0).lower().replace("versus", "vs") if word else ""

        own = join_word(text[s_start + found[first][1]: s_start + found[first + 1][0]])

        def joined(a: int, b: int) -> bool:
            if a < 0 or b >= len(found) or found[a][2]["kind"] != kind or found[b][2]["kind"] != kind:
                return False
            gap = text[s_start + found[a][1]: s_start + found[b][0]]
            # "a vs b and c vs d" are two pairs: a list joins its items with commas or its pair's own word.
            return bool(_RX.LIST_COMMA.match(gap) or (_RX.VS_BETWEEN.match(gap) and join_word(gap) == own))

        return joined(first - 1, first) or joined(first + 1, first + 2)

    @staticmethod
    def _and_then_arm(text: str, i: int, found: list, s_start: int, resolved: list[dict]) -> dict | None:
        """'79.3% and 62.1% in the TACT group (at 1 and 3 years)': both values joined by 'and' are the one arm named next."""
        kind = found[i][2]["kind"]
        for first, second in ((i, i + 1), (i - 1, i)):
            if first < 0 or second >= len(found) or found[first][2]["kind"] != kind or found[second][2]["kind"] != kind:
                continue
            if not re.fullmatch(r"\s*%?\s*(?:[a-zA-Z]{1,8}\s*)?,?\s*and\s*", text[s_start + found[first][1]: s_start + found[second][0]]):
                continue
            end = s_start + found[second][1]
            nxt = s_start + found[second + 1][0] if second + 1 < len(found) else len(text)
            after = [m for m in resolved if end <= m["start"] < min(end + 40, nxt)]
            if len(after) == 1 and not after[0]["plural"] and re.fullmatch(r"[\s%]*(?:[a-zA-Z]{1,8}\s*)?(?:in|for|with)\s+(?:the\s+)?",
                                                                           text[end: after[0]["start"]]):
                return after[0]
        return None

    @staticmethod
    def _in_arm_order(text: str, s_start: int, same_kind: list, item: tuple, s_arms: list[dict], arms: list[dict],
                      respectively: bool) -> dict | None:
        """'rose by 14 ± 5, 10 ± 4 and 2 ± 3 (, respectively)', one value per arm, no arm named: allocation order."""
        if s_arms or len(arms) < 2 or len(same_kind) != len(arms) or any("_pair" in f[2] for f in same_kind):
            return None
        gaps = [text[s_start + a[1]: s_start + b[0]] for a, b in zip(same_kind, same_kind[1:])]
        if not all(_RX.LIST_GAP.match(g) for g in gaps):
            return None
        tail = text[s_start + same_kind[-1][1]: s_start + same_kind[-1][1] + 80]
        if re.match(r"[^.;]*?\b(?:at|after)\s+(?:baseline|\d+)\b[^.;]*?(?:,|\band\b)", tail, re.I):
            # "0.45, 0.58 and 0.62 at baseline, 3 and 6 months": one arm over time, not one value per arm.
            return None
        ranked = ordinal_order([a["label"] for a in arms])
        if ranked is not None:
            # "Group I", "Group II": values follow the ranks, whatever the arms' roles.
            ordered = [next(a for a in arms if a["label"] == label) for label in ranked]
        elif all(a.get("n_evidence") for a in arms):
            # The order the arms were allocated in ("randomised to A (n = 12), B (n = 12) or C (n = 12)").
            ordered = sorted(arms, key=lambda a: a["n_evidence"]["start"])
        else:
            # Results put the cell arm first and the control last.
            ordered = sorted(arms, key=lambda a: _RESULT_ORDER.get(a["role"], 2))
        arm = ordered[same_kind.index(item)]
        return {"arm": arm["label"], "label": arm["label"], "role": arm["role"], "by_order": not respectively}

    @staticmethod
    def _p_clauses(found: list[tuple[int, int, dict]], text: str) -> Iterator[tuple[list[dict], dict]]:
        """Each p-value with the statistics before it in its clause, back to the previous p (';' ends a clause)."""
        pending: list[dict] = []
        last_end = 0
        for start, end, stat in found:
            if ";" in text[last_end:start]:
                pending = []
            last_end = end
            if stat["kind"] == "p_value":
                yield pending, stat
                pending = []
            else:
                pending.append(stat)

    @classmethod
    def _shared_p(cls, found: list[tuple[int, int, dict]], text: str) -> list[dict]:
        """'age (...), HbA1c (...) and ulcer area (...) (all P > 0.05)': the p-value of every outcome listed before it."""
        copies: list[dict] = []
        for before, stat in cls._p_clauses(found, text):
            first: dict[str, dict] = {}  # one statistic per outcome named before the p
            for other in before:
                if other["outcome"]:
                    first.setdefault(other["outcome"], other)
            if len(first) >= 2 and stat["outcome"] in first:
                copies += [{**stat, "outcome": other["outcome"], "outcome_label": other["outcome_label"],
                            "timepoint": other["timepoint"], "flags": [*stat["flags"], "shared_p"]}
                           for other in first.values() if other["outcome"] != stat["outcome"]]
        return copies

    @classmethod
    def _attach_p(cls, found: list[tuple[int, int, dict]], text: str) -> None:
        """A p-value qualifies the numeric statistics before it in its clause, back to the previous p."""
        for before, stat in cls._p_clauses(found, text):
            for other in before:
                other["p"], other["p_operator"] = stat["p"], stat["p_operator"]


def _arm_named(name: str, arms: list[dict]) -> dict | None:
    """The arm a short name in a header means: its label ("SVF" for "SVF group"), else its role word."""
    name = re.sub(r"\s+(?:groups?|arms?)$", "", name.strip(), flags=re.I).lower()
    for arm in arms:
        label = re.sub(r"\s+(?:groups?|arms?|cohorts?)$", "", arm["label"].strip(), flags=re.I).lower()
        if label == name or label.split()[-1:] == [name] or (arm.get("cell_type") or "").lower() == name:
            return arm
    role = role_of(name, False)
    hits = [a for a in arms if a["role"] == role]
    return hits[0] if role and len(hits) == 1 else None


@Language.factory("stemfoot_statistics")
def make_statistics(nlp: Language, name: str) -> StatisticsTagger:
    register_error_extension()
    Doc.set_extension("statistics", default=None, force=True)
    return StatisticsTagger()
