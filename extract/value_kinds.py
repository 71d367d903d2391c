"""Arm-level values that the kind readers of the number grammar leave unread or misread.

Nine readings, each the same for the first and the n-th member of a list:

- ``ci_mean``: an estimate with a 95% CI and no effect measure of its own ("Mean TcPO2 was 38.6 (95% CI
  34.1–43.1), 33.2 (95% CI …) and 24.0 (…) mmHg, respectively", "increased by 210 m (95% CI 150 to 270) in the
  UC-MSC group") is one arm's mean where its own clause speaks of a mean or a change, or an arm phrase follows it,
  no difference or ratio word stands before it in its clause (those make it a between-arm effect), and no risk,
  odds, hazard, rate, survival or incidence word does (those make it no mean at all).
- ``change_values``: a bare value right after a verb of change and "by" ("decreased by 3.9 mg/L in the ADSC-CM
  group and by 1.2 mg/L ...") is a mean change.
- ``LED_PAREN`` (read by the grammar): a lone "X (Y)" of decimals is a mean (SD) where "by" or a mean word and
  its verb lead it ("increased by 11.6 (9.8) mmHg", "Mean age was 69.3 (10.2) years").
- ``paren_from_to``: a bracket of "a to b" decimal pairs after a clause of change ("but not in controls (0.22 to
  0.23)") is each pair's before and after, as "from a to b" is.
- ``MEAN_AGE`` (read by the grammar): "mean age 66 years" is a mean with no verb between word and value.
- ``sign_decreases``: a decrease ("decreased/fell/declined by (a mean of) X") is the signed change −X, and so is
  every member of its list or pair ("... with PBMNCs and by 1.3 cm2 with ..."). A percentage is signed like any
  other change, an area's included ("ulcer area decreased by 62% (SD 18)" is −62: gold_conventions 12 and 69; a
  worded "area reduction was 62%" has no verb of decrease and stays 62). A median that a decrease governs
  ("decreased by a median of 3 (IQR 2–5), 4 (IQR 2–6) ... points", "ulcer area had decreased by a median of 88%
  (IQR 61–100)") is signed too, its IQR or range negated and swapped. The older golds that keep an area's
  percentage decrease positive (blind3–24) predate rules 12 and 69 and were left as written.
- ``worded_difference``: a comparative and "by" before an estimate with a CI ("was shorter in the SVF+PRP group
  by 16 days (95% CI 7–25)") is a between-arm difference signed by the word (−16), where the arm it speaks of
  is named and is no comparator.
- ``share_with_ci``: "54.8% (95% CI 41.6–67.4) of RGX-112 recipients" is an arm's proportion with its CI.
- ``range_means``: "The mean claudication distance was 112 m (range 40–260) in the EPC group and 118 m (range
  35–240) ..." is a mean with its range (gold_conventions 51), not the median the interval reader takes it for,
  where "mean"/"average" is the summary word nearest before it in its clause and no other kind of value stands
  between. ``worded_difference`` also reads the arm named before its comparative against the reference a clause
  opens with ("Compared with Group A, the TcPO2 improvement in Group C was greater by 4.4 mmHg (95% CI …)").
Pure functions on sentence text and the grammar's claims; no spaCy.
"""
from __future__ import annotations

import re
from typing import Callable

from stemfoot.extract.mean_change import median_nearest
from stemfoot.extract.numbers import NUM, PLUS_MINUS, UNIT
from stemfoot.extract.pattern_data import load_patterns

#: This module's regexes, as data in patterns/value_kinds.json (compiled once, here).
_RX = load_patterns("value_kinds", NUM=NUM, PLUS_MINUS=PLUS_MINUS, UNIT=UNIT)
# statistics.json's SD declaration, shared rather than copied: what names an SD abstract-wide names one in a sentence.
_SD_DECLARED = load_patterns("statistics").SD_DECLARED
LED_PAREN = _RX.LED_PAREN
MEAN_AGE = _RX.MEAN_AGE
#: Kinds of value whose sign a decrease sets.
_SIGNED = {"mean", "mean_sd", "median"}
#: The field holding the centre of each kind of value a decrease may govern.
_CENTRE = {"mean": "mean", "mean_sd": "mean", "median": "median"}
#: The interval fields of each kind that a decrease negates (bounds swapped, so lower stays lower).
#: A mean read with its range ("decreased by 3.1 points (range 1.0-6.0)", ``range_means``) keeps that range.
_BOUNDS = {"mean": (("ci_lower", "ci_upper"), ("range_low", "range_high")), "mean_sd": (("ci_lower", "ci_upper"),),
           "median": (("q1", "q3"), ("range_low", "range_high"), ("ci_lower", "ci_upper"))}


def _lead(text: str, start: int, found: list[tuple[int, int, dict]]) -> str:
    """The words before ``start`` back to the previous value read or the clause's start (";")."""
    cut = max([e for _, e, _st in found if e <= start] + [text.rfind(";", 0, start) + 1, 0])
    return text[cut:start]


def _clause(text: str, start: int) -> str:
    """The words of the clause that ``start`` stands in, up to ``start`` (``CI_CLAUSE_BREAK`` begins a clause)."""
    cut = 0
    for m in _RX.CI_CLAUSE_BREAK.finditer(text, 0, start):
        cut = m.end()
    return text[cut:start]


def ci_mean(text: str, value_start: int, ci_end: int, found: list[tuple[int, int, dict]]) -> bool:
    """Whether the estimate at ``value_start`` (its interval closing at ``ci_end``), which names no effect measure,
    is one arm's mean: a mean or change word before it in its own clause, or an arm phrase right after it; no
    word of a between-arm contrast in its clause before it, nor of a risk, odds, hazard, rate, survival or
    incidence. Not where "median" is the nearest summary word."""
    if median_nearest(text[:value_start]):
        return False
    if _RX.BETWEEN_WORDS.search(_lead(text, value_start, found)):
        return False
    # The cue only in the value's own clause: "Mean ABI improved ...; the risk of amputation was 0.45 (95% CI ...)"
    # has its "mean" in another clause. And a risk or a rate is no mean even where a mean or change word is near
    # ("After a mean of 12 months, amputation-free survival was 0.78 (95% CI ...)", "incidence rate increased to").
    clause = _clause(text, value_start)
    if _RX.NOT_MEAN_WORDS.search(clause):
        return False
    return bool(_RX.CI_CUE.search(clause) or _RX.CI_ARM_AFTER.match(text, ci_end))


def change_values(text: str, free: Callable[[int, int], bool]) -> list[tuple[int, int, str]]:
    """(start, end, raw value) of the bare values right after a verb of change and "by", of the members of their
    list ("by 2.9, 3.4, 4.1 and 1.2 points") and of the "and by Y" that follows one; ``free(start, end)`` says
    whether no other reader has claimed the characters."""
    out: list[tuple[int, int, str]] = []
    for m in _RX.CHANGE_VALUE.finditer(text):
        if not free(m.start("m"), m.end("m")):
            continue
        out.append((m.start("m"), m.end("m"), m.group("m")))
        end = m.end("m")
        while (member := _RX.CHANGE_MEMBER.match(text, end)) and free(member.start("m"), member.end("m")):
            out.append((member.start("m"), member.end("m"), member.group("m")))
            end = member.end("m")
        nxt = _RX.CHANGE_NEXT.match(text, m.end("m"))
        if nxt and free(nxt.start("m"), nxt.end("m")):
            out.append((nxt.start("m"), nxt.end("m"), nxt.group("m")))
    return out


def paren_from_to(text: str) -> list[re.Match]:
    """The "a to b" pairs (groups ``a`` and ``b``, offsets in ``text``) of each bracket that stands for the change
    its clause reports: a change word before it in the sentence, no number just before the bracket (that makes it
    the number's interval), and "median" not the nearest summary word (a median's "(2 to 7)" is its range)."""
    out: list[re.Match] = []
    for m in _RX.PAREN_FROM_TO.finditer(text):
        head = text[:m.start()]
        if re.search(r"\d", head[-15:]) or not _RX.CHANGE_CLAUSE.search(head) or median_nearest(head):
            continue
        out.extend(_RX.FROM_TO_PAIR.finditer(text, m.start("pairs"), m.end("pairs")))
    return out


def _negate(stat: dict) -> None:
    """A decrease as a signed change: the mean or median (and its interval, bounds swapped) negative."""
    field = _CENTRE[stat["kind"]]
    stat[field] = -stat[field] or stat[field]  # a decrease by 0 stays 0, not -0.0
    for low, high in _BOUNDS[stat["kind"]]:
        if stat.get(low) is not None and stat.get(high) is not None:
            stat[low], stat[high] = -stat[high] or stat[high], -stat[low] or stat[low]
    stat["measure"] = "change"
    stat.setdefault("flags", []).append("signed_decrease")


def _decreases(text: str, found: list[tuple[int, int, dict]]) -> list[int]:
    """The indexes of ``found`` (sentence offsets, grammar statistics) whose mean or median a decrease verb governs,
    positive (or 0) as printed: the value right after "decreased by (a mean of / a median of)", and each later value
    of its list joined by a comma, "and (by)", "vs" with no verb of its own between, a percentage included."""
    out: list[int] = []
    order = sorted(range(len(found)), key=lambda i: found[i][0])
    down: bool | None = None  # the direction of the list being read; None outside one
    prev_end = 0
    for i in order:
        a, b, stat = found[i]
        gap = text[prev_end:a]
        prev_end = b
        if stat.get("kind") == "p_value":
            # "decreased by 3.6 ± 1.1 (p<0.01) with cells and by 1.4 ± 0.9": a p-value inside a list is no member
            # of it and ends no list; the gap to the next member starts after it (its "0.01" would break the gap).
            continue
        field = _CENTRE.get(stat.get("kind"))
        if field is None or stat.get(field) is None:
            down = None
            continue
        lead = _lead(text, a, found)
        verb = _RX.DOWN_BY.search(lead)
        if verb:
            # A percentage decrease of a measure worded as a reduction, or of a risk or odds, is no signed change of
            # a measured quantity (gold_conventions 12 and 69): it and its list stay as printed.
            down = not (_percent_at(text, a) and _unsigned_subject(text, a - len(lead) + verb.start()))
        elif _RX.UP_BY.search(lead):
            down = False
        elif down is None or not _RX.NEXT_MEMBER.search(gap) or _RX.VERB_IN_GAP.search(gap):
            down = None
        # A decrease by 0 ("... and by a median of 0 (IQR 0–1) in the placebo group") is a change too: its interval
        # is negated like its list's other members' (round-36 mend).
        if down and stat[field] >= 0:
            out.append(i)
    return out


def worded_rise(lead: str) -> bool:
    """Whether the words right before a value say it rose (``RISE_BY``: "increased by", "rose by a mean of")."""
    return _RX.RISE_BY.search(lead) is not None


def sign_decreases(text: str, found: list[tuple[int, int, dict]]) -> list[int]:
    """Negate, in place, the means and medians of ``found`` that a decrease verb governs (``_decreases``). Returns
    the indexes negated."""
    done = [i for i in _decreases(text, found) if found[i][2]["kind"] in _SIGNED]
    for i in done:
        _negate(found[i][2])
    return done


def worded_difference(text: str, value_start: int, ci_end: int) -> int | None:
    """The sign (+1 or −1) of the between-arm difference at ``value_start`` (its interval closing at ``ci_end``)
    that a comparative worded before it sets ("longer with ALDHbr cells than with placebo by 1.9 minutes", +1;
    "shorter in the SVF+PRP group by 16 days", −1); None where no comparative governs it, no arm is named, or
    the arm named is a comparator (its sign would need the reference flipped: left unread) or only a label ("Group
    B": either arm), where the reference is the arm's own baseline ("than at baseline by": a change within one arm),
    where the clause speaks of a risk, odds or share (a risk difference or reduction, not a mean difference), or
    where a verb of change owns the "by" ("with the higher dose, TcPO2 increased by": an arm's change)."""
    clause = _clause(text, value_start)
    m = _RX.WORDED_DIFFERENCE.search(clause)
    if m is None or _RX.NOT_MEAN_DIFFERENCE.search(clause) or _RX.CHANGE_VERB.search(m.group("mid")):
        return None
    mid, *reference = re.split(r"\bthan\b", m.group("mid"), maxsplit=1)
    if reference and _RX.WITHIN_ARM_REFERENCE.match(reference[0]):
        return None
    subject = _RX.SUBJECT_ARM.match(mid) or _RX.SUBJECT_ARM.match(text, ci_end)
    if subject is None and not reference:
        # "Compared with Group A, the TcPO2 improvement in Group C was greater by 4.4 mmHg (95% CI …)": the arm
        # before the comparative, against the reference the clause opened with, which a label may name (the
        # words say which arm is subtracted from which). Not "Compared with baseline / week 4": one arm's change.
        before = _RX.SUBJECT_BEFORE.search(clause, 0, m.start())
        named = _RX.NAMED_REFERENCE.search(clause, 0, before.start()) if before else None
        if before is None or named is None or _RX.CONTROL_WORDS.search(before.group("arm")) \
                or _RX.WITHIN_ARM_REFERENCE.match(named.group("ref")) \
                or before.group("arm").strip().lower() == named.group("ref").strip().lower():
            return None
        return 1 if m.group("up") else -1
    if subject is None or _RX.CONTROL_WORDS.search(subject.group("arm")) \
            or _RX.NEUTRAL_ARM.match(subject.group("arm").strip()):
        return None
    return 1 if m.group("up") else -1


def unsigned_difference(text: str, value_start: int, ci_end: int) -> bool:
    """Whether a comparative worded before the value at ``value_start`` makes it a between-arm difference whose sign
    the words do not set (``worded_difference`` None: the arm named is a comparator or only a label, or none is
    named): "longer in the control group by a mean of 11.5 days (95% CI …)" is no arm's mean, so it is left
    unread rather than read as the control arm's. Not an arm's own change ("than at baseline by", "increased by")
    nor a risk's difference (left to the grammar as before)."""
    clause = _clause(text, value_start)
    m = _RX.WORDED_DIFFERENCE.search(clause)
    if m is None or _RX.NOT_MEAN_DIFFERENCE.search(clause) or _RX.CHANGE_VERB.search(m.group("mid")):
        return False
    reference = re.split(r"\bthan\b", m.group("mid"), maxsplit=1)[1:]
    if reference and _RX.WITHIN_ARM_REFERENCE.match(reference[0]):
        return False
    return worded_difference(text, value_start, ci_end) is None


def signed_interval(sign: int, value: float, lower: float, upper: float) -> tuple[float, float] | None:
    """The interval of the difference ``sign`` × ``value``: a magnitude's interval ("shorter by 16 days (95% CI
    7–25)") negated and swapped for a negative sign; one already signed ("smaller by 2.1 cm2 (95% CI −3.4 to −0.8)")
    kept. The reading is the one whose interval the value sits nearer the middle of; None where the value lies in
    neither (no interval of this value)."""
    if sign > 0:
        return (lower, upper) if lower <= value <= upper else None
    magnitude, signed = lower <= value <= upper, lower <= -value <= upper
    if not (magnitude or signed):
        return None
    middle = (lower + upper) / 2
    if magnitude and (not signed or abs(middle - value) <= abs(middle + value)):
        return (-upper, -lower)
    return (lower, upper)


def share_with_ci(text: str, value_start: int, value_end: int, ci_end: int) -> bool:
    """Whether the estimate at ``value_start``–``value_end`` (its interval closing at ``ci_end``) is a percentage
    followed by the people it is a share of: one arm's proportion with its CI, not an effect. Not after "by" ("reduced
    amputation by 45% (95% CI 12–65) among patients with CLI" is a reduction)."""
    return _RX.PERCENT_SIGN.match(text, value_end) is not None and _RX.SHARE_WITH_CI.match(text, ci_end) is not None \
        and not _RX.CHANGE_BY_BEFORE.search(text, 0, value_start)


def paired_shares(text: str, value_start: int, value_end: int, ci_end: int) -> bool:
    """Whether the estimate at ``value_start``–``value_end`` is a percentage with its own CI set beside another one
    ("53.5% (95% CI 44.3–62.7) versus 33.3% (95% CI 21.1–45.5)"): one value per arm, not an effect (an effect is one
    estimate). Not where a measure word names the estimate ("risk difference 20% (95% CI …)") or after "by"."""
    if _RX.PERCENT_SIGN.match(text, value_end) is None or _RX.CHANGE_BY_BEFORE.search(text, 0, value_start):
        return False
    clause = max(text.rfind(";", 0, value_start), text.rfind(". ", 0, value_start)) + 1
    if _RX.PAIRED_SHARE_EFFECT_WORD.search(text, clause, value_start):
        # "The absolute difference in healing was 30% (95% CI …) vs 10% (95% CI …)": estimates of a difference.
        return False
    return _RX.PAIRED_SHARE_AFTER.match(text, ci_end) is not None or \
        _RX.PAIRED_SHARE_BEFORE.search(text, max(0, value_start - 80), value_start) is not None


def arm_shares_with_ci(text: str, value_start: int, value_end: int, ci_end: int) -> bool:
    """Whether the estimate at ``value_start``–``value_end`` is one arm's rate with its own CI, named by the arm after
    its interval, beside another arm's in its clause: "Amputation-free survival at 12 months was 84.0% (95% CI
    63.1–93.7) in the CD34+ group and 62.5% (95% CI 40.3–78.5) in the iloprost group", "healing rate 62% (95% CI
    48–75) in the cell arm and 30% (95% CI …) with placebo" (round 45). Only where the clause before it names a rate,
    risk or survival (``NOT_MEAN_WORDS``): a percentage of a mean ("area reduction was 81.4% (95% CI …) in the
    UC-MSC arm") is left to ``ci_mean``. Not after "by", nor after a difference's or ratio's name, nor where the
    clause words a contrast ("relative reduction in amputation risk", "an absolute gain of": ``SHARE_CI_EFFECT_BEFORE``)
    or a comparative follows the interval ("45% (95% CI 20–62) lower in the cell group": ``SHARE_CI_COMPARED_AFTER``):
    those are between-arm changes named by the arm they favour."""
    if _RX.PERCENT_SIGN.match(text, value_end) is None or _RX.CHANGE_BY_BEFORE.search(text, 0, value_start):
        return False
    before = _clause(text, value_start)
    if not _RX.NOT_MEAN_WORDS.search(before) or _RX.PAIRED_SHARE_EFFECT_WORD.search(before) \
            or _RX.SHARE_CI_EFFECT_BEFORE.search(before) or _RX.SHARE_CI_COMPARED_AFTER.match(text, ci_end) \
            or _RX.CI_ARM_AFTER.match(text, ci_end) is None:
        return False
    stop = min([k for k in (text.find(";", ci_end), text.find(". ", ci_end)) if k >= 0] + [len(text)])
    clause_start = value_start - len(before)
    return len(_RX.SHARE_CI.findall(text, clause_start, stop)) >= 2


def _percent_at(text: str, pos: int) -> bool:
    """Whether the number written at ``pos`` is a percentage (a percent sign after it or its spread)."""
    m = re.match(NUM, text[pos:])
    return m is not None and _RX.PERCENT_AFTER.match(text, pos + m.end()) is not None


def _unsigned_subject(text: str, verb_start: int) -> bool:
    """Whether the subject right before the verb of decrease at ``verb_start`` (in its clause) names a reduction or
    a relative effect (``UNSIGNED_SUBJECT``: "wound size reduction (%) decreased by", "the risk of amputation
    decreased by")."""
    return _RX.UNSIGNED_SUBJECT.search(_clause(text, verb_start)) is not None


def _range_median(stat: dict) -> bool:
    """A median read with a range (no quartiles): the grammar's reading of every "X (range a–b)"."""
    return stat.get("kind") == "median" and stat.get("range_low") is not None and stat.get("q1") is None


def range_means(text: str, found: list[tuple[int, int, dict]]) -> list[int]:
    """Retype, in place, the values of ``found`` read as medians with a range whose own clause says "mean" or
    "average" nearest before them and no "median" anywhere before them ("the median of the mean scores was 3 (range
    1–7)" is a median): "The mean claudication distance was 112 m (range 40–260) in
    the EPC group and 118 m (range 35–240)" is a mean with its range (gold_conventions 51), each member of the list.
    Not where another kind of value stands between the word and the value ("mean age 64 ± 10 years and ulcer
    duration 7 months (range 3–26)": the word is the other value's). Returns the indexes retyped."""
    out: list[int] = []
    for i, (a, _b, stat) in enumerate(found):
        if not _range_median(stat):
            continue
        clause = _clause(text, a)
        words = list(_RX.RANGE_SUMMARY_WORD.finditer(clause))
        if not words or any(w.group(1).lower() == "median" for w in words):
            continue
        word_end = a - len(clause) + words[-1].end()
        if any(word_end <= x < a and not _range_median(other) for x, _y, other in found):
            continue
        out.append(i)
    for i in out:
        stat = found[i][2]
        stat["kind"], stat["mean"], stat["median"] = "mean", stat["median"], None
        stat["flags"].append("mean_with_range")
    return out


def median_led(text: str, start: int) -> bool:
    """Whether "median" leads the before/after pair whose "from" is at ``start`` in the sentence ``text``
    (``MEDIAN_LED``): "In the 6 patients with mild arterial disease, median TcPO2 rose from 34 to 46 mmHg", "Median
    pain-free walking distance improved from 40 m to 150 m by 12 months". The pair's bare values are medians, not the
    means the grammar reads a bare value as. Not where a number, bracket or clause break stands between "median" and
    the pair ("median follow-up 12 months; ABI rose from …"), nor another summary word or a second clause
    (``NOT_MEDIAN_MID``: "median age and mean ABI rose from …", "…, whereas ABI rose from …")."""
    m = _RX.MEDIAN_LED.search(text, 0, start)
    return m is not None and not _RX.NOT_MEDIAN_MID.search(m.group("mid"))


def as_median(stat: dict) -> dict:
    """A bare mean of a median-led pair (``median_led``) retyped in place as a median of the same value."""
    if stat.get("kind") == "mean" and stat.get("mean") is not None:
        stat["kind"], stat["median"], stat["mean"] = "median", stat["mean"], None
        stat.setdefault("flags", []).append("median_led_pair")
    return stat


def declares_se(text: str) -> bool:
    """Whether the sentence ``text`` says its ± values are SEs (``SE_IN_SENTENCE``) and names no SD (statistics.json
    ``SD_DECLARED``): "TcPO2 was 18.9 ± 1.6 mmHg (mean ± SEM) in …", "Values are mean ± SEM."."""
    if not ("SE" in text or "S.E." in text or "standard error" in text):
        return False
    return bool(_RX.SE_IN_SENTENCE.search(text)) and not _SD_DECLARED.search(text)


def se_governs(text: str, governed: bool) -> bool:
    """Whether an SE declaration governs the ± values of the sentences after ``text``: one ``text`` makes
    (``declares_se``) or one still ``governed`` before it, until a sentence names an SD ("Pain improved by 4.1
    points (SD 1.9)" ends it: the abstract mixes both, and from there its ± values say no more which they are)."""
    return declares_se(text) or (governed and not _SD_DECLARED.search(text))


def sentence_se(text: str, found: list[tuple[int, int, dict]], governed: bool = False) -> list[int]:
    """Flag, in place, every "±" value of ``found`` (sentence offsets, grammar statistics) as a standard error
    (``se_not_sd``) where the sentence ``text`` itself says its ± values are SEs and names no SD (``declares_se``):
    "TcPO2 had increased by 12.4 ± 1.9 mmHg (mean ± SEM) in the REX-08 group and by 4.0 ± 2.2 mmHg in the vehicle
    group" makes both an SE (gold_conventions blind39 a), also where another sentence of the abstract prints an SD,
    which keeps the abstract-wide declaration (statistics.py) from applying; or where an earlier sentence's
    declaration still governs it (``governed``, ``se_governs``: "… 18.9 ± 1.6 mmHg (mean ± SEM) …. At 6 months
    TcPO2 had risen to 31.7 ± 2.2 mmHg …", round 42) and it names no SD. Returns the indexes flagged."""
    if not se_governs(text, governed):
        return []
    out = []
    for i, (_a, _b, stat) in enumerate(found):
        flags = stat.setdefault("flags", [])
        if stat.get("kind") == "mean_sd" and "se_not_sd" not in flags:
            flags.append("se_not_sd")
            out.append(i)
    return out
