"""The statistics grammar: patterns for events, percentages, means, medians, effects, p-values.

``scan`` finds the statistics of one sentence; ``SentenceClaims`` stops two
patterns from reading the same characters. Numbers are parsed as written and
odd forms flagged (see ``stemfoot.extract.numbers``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from stemfoot.extract.numbers import (
    COUNT, NUM, PLUS_MINUS, SNUM, UNIT, UNUM, Parsed, date_spans, parse_count, parse_number, parse_p, static_rx,
)
from stemfoot.extract.event_counts import (ends_statement, event_counts, every_arm_later, or_member_spans,
                                           shared_total_events)
from stemfoot.extract import bare_means, value_kinds
from stemfoot.extract.mean_change import retype_percent_changes
from stemfoot.extract.subset_events import subset_events
from stemfoot.extract.elided_pairs import elided_counts
from stemfoot.extract.zero_clauses import OR_VERB, clause_zeros, pair_zeros
from stemfoot.extract.vocabulary import outcomes as outcomes_vocabulary
from stemfoot.extract.provenance import sentence_of
from stemfoot.schemas import EFFECT_MEASURES, STATISTIC_FIELDS, effect_measure_code
from stemfoot.extract.pattern_data import load_patterns

#: An effect measure before its estimate: abbreviations as written ("OR", never the word "or"), names in any case;
#: both from the schema's vocabulary, names read to the end of their words ("hazard" -> "hazard ratios").
MEASURE_WORDS = (r"(?-i:\b(?:" + "|".join(a for m in EFFECT_MEASURES for a in m["abbrev"]) + r")\b)"
                  r"|\b(?:" + "|".join(n for m in EFFECT_MEASURES for n in m["names"]) + r")\w*(?:\s+(?:ratios?|differences?)\b)?")
#: How far before a time value "median" may stand (shared with ``stages.median_with_ci``).
MEDIAN_WINDOW = 80
#: How far before a FROM_TO its verb of spread is looked for (``RANGE_VERB``: "ranging in circumference " at most;
#: 20 missed "ranging in thickness from 2 to 5 mm").
_RANGE_VERB_WINDOW = 28
#: A summary value's parts: its number ``m``, a per cent sign ``p1``, a spread ``sd`` after "±" and its sign ``p2``
#: ("8.1 ± 1.2%"; read by ``_value_stat``, and by ``_ends_fall`` with the unit after it).
_VALUE_PARTS = rf"\s*(?P<m>{NUM})\s*(?P<p1>%)?(?:\s*{PLUS_MINUS}\s*(?P<sd>{UNUM})\s*(?P<p2>%)?)?"
#: This module's regexes, as data in patterns/number_grammar.json (compiled once, here).
_RX = load_patterns("number_grammar", COUNT=COUNT, MEASURE_WORDS=MEASURE_WORDS, NUM=NUM, OR_VERB=OR_VERB, PLUS_MINUS=PLUS_MINUS,
                    SNUM=SNUM, UNIT=UNIT, UNUM=UNUM)
TIME = _RX.TIME
_DIGIT = re.compile(r"\d")
#: The only non-ASCII characters re.IGNORECASE matches to an ASCII letter (as in ``event_counts``): a sentence
#: with one may match a case-insensitive word that its lower() does not hold.
_CASE_TWINS = re.compile("[\u0130\u0131\u017f\u212a]")
_P_OPS = {"=": "=", "==": "=", "<": "<", ">": ">", "≤": "<=", "<=": "<=", "=<": "<=", "≥": ">=", ">=": ">=",
          "=>": ">=", "less than": "<", "greater than": ">", "of": "="}
_P_OP_GLYPHS = str.maketrans({"⩽": "≤", "≦": "≤", "⩾": "≥", "≧": "≥", "＜": "<", "＞": ">", "＝": "="})


def normalise_p_operator(op: str | None) -> str:
    """The schema's operator (=, <, >, <=, >=) for a p-value operator as written.

    '<or=', '< or =', '≤', '⩽', '=<' are '<='; no operator is '='.
    """
    if not op or not op.strip():
        return "="
    text = " ".join(op.translate(_P_OP_GLYPHS).lower().split())
    if text in _P_OPS:
        return _P_OPS[text]
    compact = text.replace(" ", "").replace("or", "")  # '<or=' and '< or =' -> '<='
    return _P_OPS.get(compact, "<=" if compact.startswith("<") else ">=" if compact.startswith(">") else "=")


TIME_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}


@lru_cache(maxsize=256)
def time_matches(text: str) -> tuple[re.Match, ...]:
    """``TIME`` matches in a sentence; the statistics tagger and the timepoint stage both read them. Not a length
    (``lasting``): "ulcers of more than 6 months' duration" is a subgroup, not when its healing was counted."""
    return tuple(m for m in TIME.finditer(text) if not lasting(text, m) and not paired_value(text, m)) \
        if _RX.TIME_UNIT.search(text) else ()


def paired_value(text: str, m: re.Match) -> bool:
    """Whether the ``TIME`` match ``m`` is the second value of a pair whose first has its spread (``PAIR_BEFORE``):
    "age 62 ± 9 vs 64 years" compares two arms' ages; taken as a time, "64 years" became the timepoint of every
    value after it."""
    n = m.start("n") if m.group("n") else m.start()
    return bool(_RX.PAIR_BEFORE.search(text, max(0, n - 40), n))


def lasting(text: str, m: re.Match) -> bool:
    """Whether the ``TIME`` match ``m`` of ``text`` says how long something lasted (``DURATION_BEFORE`` before its
    number, ``DURATION_AFTER`` after it): "pain lasting more than 3 days", "diabetes for ≥ 10 years", "ulcers of 6
    months' duration" (round 42: three blind sets in a row took such a length as the results' timepoint)."""
    n = m.start("n") if m.group("n") else m.start()
    return bool(_RX.DURATION_AFTER.match(text, m.end()) or _RX.DURATION_BEFORE.search(text, max(0, n - 40), n))




def _num(text: str) -> Parsed | None:
    return parse_number(text.strip().rstrip("%").strip())


def empty_stat(kind: str) -> dict:
    """A statistic of this kind with every value unset (the grammar and the learned count stage fill it)."""
    return {"kind": kind, **{f: None for f in STATISTIC_FIELDS}, "timepoint": None, "measure": None, "flags": []}


class SentenceClaims:
    """Collects statistics in one sentence without double-claiming characters."""

    def __init__(self, text: str, base: int) -> None:
        self.text, self.base = text, base
        self.claimed: list[tuple[int, int]] = []
        self.found: list[tuple[int, int, dict]] = []

    def free(self, start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in self.claimed)

    def claim(self, start: int, end: int, stat: dict | None) -> None:
        while end > start and self.text[end - 1].isspace():
            end -= 1
        self.claimed.append((start, end))
        if stat is not None:
            self.found.append((start, end, stat))


def _claim_mean_sd(sent: SentenceClaims, m: re.Match, start: int | None = None) -> None:
    """Claim a match's ``m`` and ``sd`` groups as one mean ± SD statistic (nothing when either does not parse),
    from ``start`` (the match's start by default) to its end."""
    mean, sd = _num(m.group("m").lstrip("+")), _num(m.group("sd"))
    if mean is None or sd is None:
        return
    stat = empty_stat("mean_sd")
    stat.update(mean=mean.value, sd=sd.value)
    stat["flags"] += [*mean.flags, *sd.flags]
    sent.claim(m.start() if start is None else start, m.end(), stat)


def by_sentence(bounds: list[tuple[int, int]], items: list[dict], offset) -> dict[int, list[dict]]:
    """Items grouped by the start of the sentence they fall in."""
    grouped: dict[int, list[dict]] = {}
    for item in items:
        grouped.setdefault(sentence_of(bounds, offset(item))[0], []).append(item)
    return grouped


def timepoint(m: re.Match) -> str:
    n = parse_count(m.group("n") or m.group("n2"))
    u = m.group("u") or m.group("u2")
    unit = TIME_UNITS.get(u[0].lower(), u)
    if n == 1:
        unit = unit[:-1]
    return f"{n} {unit}"


def scan(sent: SentenceClaims, outcomes: list[dict]) -> None:
    """Find every statistic in a sentence (claims keep them from overlapping)."""
    text = sent.text
    lower = text.lower()
    for start, end in date_spans(text):
        # "from 2019 to 2022", "in 2015": years are neither means nor counts.
        sent.claim(start, end, None)
    for m in _RX.DERIVED_FIGURE.finditer(text):
        # "a relative risk reduction of 83%", "NNT 3.2": derived from the arms' results, no statistic (rules 43, 48).
        sent.claim(m.start(), m.end(), None)
    has_ci = "confiden" in lower or _RX.CI_WORD.search(text) is not None
    for m in (_RX.EFFECT.finditer(text) if has_ci else ()):
        if not sent.free(m.start("v"), m.end("v")):
            # "The relative risk reduction was 40% (95% CI 10-60)": the derived figure claimed it (no RR of 40).
            continue
        v, lo, hi = _num(m.group("v")), _num(m.group("l")), _num(m.group("u"))
        if not m.group("measure") and None not in (v, lo, hi) and _worded_estimate(sent, m, v, lo, hi):
            continue
        if not m.group("measure") and not _median_time(text, m) and None not in (v, lo, hi) \
                and not re.match(r"\s*(?:%|per\s?cent|percentage)", text[m.end("v"):], re.I) \
                and value_kinds.ci_mean(text, m.start("v"), m.end(), sent.found):
            # "Mean TcPO2 was 38.6 (95% CI 34.1-43.1), 33.2 (...) and 24.0 (...) mmHg": each arm's mean with its CI.
            stat = empty_stat("mean")
            stat.update(mean=v.value, ci_lower=lo.value, ci_upper=hi.value)
            stat["flags"] += [*v.flags, *lo.flags, *hi.flags, "mean_with_ci"]
            sent.claim(m.start("v"), m.end(), stat)
            continue
        if not m.group("measure") and not _RX.MEASURE_NAMED.search(text) and not _median_time(text, m):
            continue
        stat = empty_stat("effect")
        if None in (v, lo, hi):
            continue
        stat.update(value=v.value, ci_lower=lo.value, ci_upper=hi.value,
                    effect_measure=_measure_code(m.group("measure"), m.group("unit")))
        stat["flags"] += [*v.flags, *lo.flags, *hi.flags]
        if not m.group("measure") and stat["effect_measure"] == "RD":
            # Typed by its unit alone: `stages.effect_context` may find it a mean difference (round 42).
            stat["flags"].append("rd_from_points")
        if not lo.value <= v.value <= hi.value:
            stat["flags"].append("estimate_outside_ci")
        sent.claim(m.start(), m.end(), stat)
    _bare_ci_effects(sent)
    if has_ci and "median" in lower:
        _open_ci_medians(sent)
    for m in (_RX.P.finditer(text) if "p" in lower or "significance" in lower else ()):
        if not sent.free(m.start(), m.end()):
            continue
        raw = m.group("v") or m.group("ama")
        parsed = parse_p(raw)
        if parsed is None:
            continue
        stat = empty_stat("p_value")
        stat.update(p=parsed.value, p_operator=normalise_p_operator(m.group("op")))
        stat["flags"] += list(parsed.flags)
        sent.claim(m.start(), m.end(), stat)
    from_to = [*(_RX.FROM_TO.finditer(text) if "from" in lower else ()), *(_RX.ARROW.finditer(text) if "→" in text or "->" in text else ()),
               *(value_kinds.paren_from_to(text) if " to " in text else ())]
    for m in from_to:
        if not sent.free(m.start(), m.end()):
            continue
        if _RX.RANGE_VERB.search(text, max(0, m.start() - _RANGE_VERB_WINDOW), m.start()) \
                and not _range_is_change(text, m):
            # "Age ranged from 49 to 83 years": the sample's spread; its two ends are no values of anyone.
            sent.claim(m.start(), m.end(), None)
            continue
        # "median TcPO2 rose from 34 to 46 mmHg": the pair's bare values are medians (round 39).
        median = "median" in lower and value_kinds.median_led(text, m.start())
        for key, measure in (("a", "baseline"), ("b", "follow-up")):
            stat = _value_stat(m.group(key))
            if stat is None:
                break
            if median:
                value_kinds.as_median(stat)
            stat["measure"] = measure
            stat["_pair"] = m.start()
            if measure == "baseline":
                stat["timepoint"] = "baseline"
            sent.claim(m.start(key), m.end(key), stat)
        sent.claim(m.start(), m.end(), None)
    has_of = " of " in lower or "/" in text
    if has_of:
        # "in 9, 12 and 4 of 18 patients": before "4 of 18" is read alone.
        _claim_counts(sent, shared_total_events(text), outcomes)
    event_rxs = [rx for rx, wanted in ((_RX.EVENTS_PCT_OF, has_of and "%" in text), (_RX.PCT_THEN_EVENTS, has_of and "%" in text),
                                       (_RX.EVENTS_PCT, has_of),
                                       (_RX.SLASH, "/" in text)) if wanted]
    for rx in event_rxs:
        for m in rx.finditer(text):
            if sent.free(m.start(), m.end()):
                stat = _events(m)
                if stat is not None:
                    sent.claim(m.start(), m.end(), stat)
    medians = []
    if "median" in lower or "range" in lower or "iq" in lower:
        # Each pattern only where a part every match of it holds is: INTERVAL's opening bracket, the median
        # patterns' leading "median" (in text with a character re.I folds onto an ASCII letter, always).
        if "(" in text or "[" in text:
            medians.extend(_RX.INTERVAL.finditer(text))
        if "median" in lower or _CASE_TWINS.search(text):
            medians.extend(_RX.MEDIAN.finditer(text))
            medians.extend(_RX.MEDIAN_COMMA_IQR.finditer(text))
    for m in medians:
        start = m.start("m")
        if not sent.free(start, m.end()):
            continue
        med, lo, hi = _num(m.group("m")), _num(m.group("a")), _num(m.group("b"))
        if None in (med, lo, hi):
            continue
        stat = empty_stat("median")
        label = (m.group("lab") or "").lower()
        iqr = _quartile_label(label) or (not label and re.search(r"\bIQR\b|interquartile", text, re.I))
        stat.update(median=med.value, **({"q1": lo.value, "q3": hi.value} if iqr else {"range_low": lo.value, "range_high": hi.value}))
        stat["flags"] += [*med.flags, *lo.flags, *hi.flags]
        sent.claim(start, m.end(), stat)
        end = _median_chain(sent, m.end(), bool(iqr))
        if _nearest_summary_word(text, start) == "median":
            _median_followers(sent, end, bool(iqr))
    if medians or "median" in lower:
        _header_medians(sent)
    for m in (_RX.MEAN_SD.finditer(text) if "±" in text or "+" in text or "∓" in text else ()):
        if sent.free(m.start(), m.end()):
            stat = _value_stat(m.group())
            if stat is not None:
                lead = text[max(0, m.start() - 25): m.start()]
                if re.search(r"\b(?:reduced|decreased|increased|improved|changed?|reduction|improvement|increase|decrease)\s+(?:by|of)\s+$", lead, re.I):
                    stat["measure"] = "change"
                if _RX.SE.search(text):
                    stat["flags"].append("sd_or_se")
                sent.claim(m.start(), m.end(), stat)
    if ("(" in text or "[" in text) and _RX.PAREN_PAIR.search(text) and not _RX.SE.search(text):
        _paren_pairs(sent)
    if "(" in text and not _RX.SE.search(text):
        for m in value_kinds.LED_PAREN.finditer(text):
            if sent.free(m.start("m"), m.end()):
                _claim_mean_sd(sent, m, m.start("m"))
    has_sd = "s" in lower and "(" in text and _RX.MEAN_PAREN_SD.search(text) is not None
    # "−0·3% (SD 0·9) in one group and −0·2% (0·8) in the other": parallel values drop the "SD".
    paren_rxs = ([_RX.MEAN_PAREN_SD] if has_sd else []) + (
        [_RX.BARE_PAREN] if has_sd or ("mean" in lower and _RX.MEAN_SD_HEADER.search(text)) else [])
    for rx in paren_rxs:
        for m in rx.finditer(text):
            if sent.free(m.start(), m.end()):
                _claim_mean_sd(sent, m)
    has_pct = "%" in text or "cent" in lower
    for m in (_RX.COUNT_NOUN_PCT.finditer(text) if has_pct else ()):
        if sent.free(m.start(), m.end()):
            stat = _events(m)
            if stat is not None and stat["events"] <= 100_000:
                sent.claim(m.start(), m.end(), stat)
    for m in (_RX.N_PCT.finditer(text) if has_pct else ()):
        if sent.free(m.start(), m.end()):
            stat = _events(m)
            if stat is not None:
                sent.claim(m.start(), m.end(), stat)
    for m in (_RX.N_ARM_PCT.finditer(text) if has_pct else ()):
        if sent.free(m.start(), m.end()) and not _RX.LABEL_LEAD.search(text, max(0, m.start() - 30), m.start()) \
                and not _RX.CLASS_WORD_BEFORE.search(text, 0, m.start()):
            stat = _events(m)
            if stat is not None and stat["events"] <= 100_000:
                sent.claim(m.start(), m.end(), stat)
    for m in (_RX.PCT_LIST.finditer(text) if has_pct else ()):
        if not sent.free(m.start(), m.end()):
            continue
        if _RX.LABEL_LEAD.search(text, max(0, m.start() - 30), m.start()):
            # "at week 4 and 89%", "in group 2 and 41.7%": the first number names a time or a group; the
            # percentages are read one by one below.
            continue
        for n in re.finditer(NUM, m.group("list")):
            parsed = _num(n.group())
            if parsed is not None:
                stat = empty_stat("percent")
                stat["percent"] = parsed.value
                stat["flags"] += list(parsed.flags)
                sent.claim(m.start() + n.start(), m.start() + n.end(), stat)
        sent.claim(m.start(), m.end(), None)
    for m in (_RX.PCT.finditer(text) if has_pct else ()):
        if not sent.free(m.start(), m.end()):
            continue
        if re.search(r"(?:\bCI\b|confidence interval|\bwithin)\s*[:=]?\s*$", text[max(0, m.start() - 25): m.start()], re.I):
            continue
        stat = _one_value_stat("percent", m.group("v"))
        if stat is None:
            continue
        if not 0 <= stat["percent"] <= 100:
            stat["flags"].append("percent_out_of_range")
        sent.claim(m.start(), m.end(), stat)
    if "median" in lower or "mean" in lower or "average" in lower:
        _summary_lists(sent)
        _summary_pairs(sent)
    if "respectively" in lower:
        _signed_lists(sent)
    # "the median was 12", then "the mean was 5.1": a summary with no spread.
    for kind, rx in (("median", _RX.MEDIAN_ALONE), ("mean", _RX.MEAN_ALONE)):
        for m in (rx.finditer(text) if kind in lower or (kind == "mean" and "average" in lower) else ()):
            if sent.free(m.start("m"), m.end()):
                stat = _one_value_stat(kind, m.group("m"))
                if stat is not None:
                    # "the mean ABI increased by 0.12": a change, as a mean ± SD after "increased by" is (above).
                    change = _RX.CHANGE_BY.search(text, m.start(), m.start("m")) is not None
                    if change:
                        stat["measure"] = "change"
                    sent.claim(m.start("m"), m.end(), stat)
                    _summary_next(sent, kind, m.end(), "change" if change else None)
    for m in (_RX.MEDIAN_BARE_PAIR.finditer(text) if "median" in lower else ()):
        # "(median 84 days with ALDHbr vs 91 days with BM-MNC)": two arms' medians with no verb, read only as a pair.
        nxt = _RX.SUMMARY_NEXT.match(text, m.end())
        if nxt is None or not nxt.group("arm") or not sent.free(m.start("m"), nxt.end()):
            continue
        # "After a median 14 months in the cell group vs 13 months in the control group": a follow-up length.
        if _RX.MEDIAN_FOLLOW_UP_LEAD.search(text, max(0, m.start() - 16), m.start()):
            continue
        stat = _one_value_stat("median", m.group("m"))
        if stat is None:
            continue
        sent.claim(m.start("m"), m.end(), stat)
        _summary_next(sent, "median", m.end())
    for m in (value_kinds.MEAN_AGE.finditer(text) if "age" in lower else ()):
        if sent.free(m.start("m"), m.end()):
            stat = _value_stat(m.group("m"))
            if stat is not None:
                sent.claim(m.start("m"), m.end(), stat)
    if " by " in lower:
        # "decreased by 3.9 mg/L in the ADSC-CM group and by 1.2 mg/L with saline": mean changes.
        for start, end, raw in value_kinds.change_values(text, sent.free):
            stat = _value_stat(raw.lstrip("+"))
            if stat is not None:
                stat["measure"] = "change"
                sent.claim(start, end, stat)
    # "similar in age (69.1 vs 70.4 years)": a bare pair of arm means (``bare_means``, round 34 hook).
    for start, end, raw in bare_means.pair_means(text, sent.free):
        if (stat := _value_stat(raw)) is not None:
            sent.claim(start, end, stat)
    _event_phrases(sent, outcomes)
    _drop_excepted_zeros(sent)
    # "increased by 19.4% ... and decreased by 2.1%": changes in %, to be signed below.
    retype_percent_changes(text, sent.found)
    # "mean ... 112 m (range 40–260)": a mean with its range, not a median (gold_conventions 51).
    value_kinds.range_means(text, sent.found)
    # A decrease is a signed change, for every member of its list, a median's as a mean's (gold_conventions 12).
    value_kinds.sign_decreases(text, sent.found)


def _drop_excepted_zeros(sent: SentenceClaims) -> None:
    """Drop the zeros an exception takes back (``EXCEPT_AFTER_ZERO``: "No deaths occurred except one in the control
    group"): whichever reader claimed them, the arm or cohort they would sit on had some. Their words stay claimed,
    so no other reader takes them as a zero. In place."""
    sent.found[:] = [(s, e, st) for s, e, st in sent.found
                     if not (st["kind"] == "events" and st.get("events") == 0
                             and _RX.EXCEPT_AFTER_ZERO.match(sent.text, e))]


def _worded_estimate(sent: SentenceClaims, m: re.Match, v: Parsed, lo: Parsed, hi: Parsed) -> bool:
    """Claim an estimate with a CI and no named measure that its words type (True when claimed): "54.8% (95% CI
    41.6–67.4) of RGX-112 recipients" is an arm's percentage with its CI; "shorter in the SVF+PRP group by 16 days
    (95% CI 7–25)" a mean difference signed by the comparative (−16, its interval signed as the value is)."""
    text = sent.text
    if value_kinds.share_with_ci(text, m.start("v"), m.end("v"), m.end()) or (
            (value_kinds.paired_shares(text, m.start("v"), m.end("v"), m.end())
             or value_kinds.arm_shares_with_ci(text, m.start("v"), m.end("v"), m.end()))
            and not re.search(MEASURE_WORDS, text[max(0, m.start("v") - 40):m.start("v")], re.I)):
        stat = empty_stat("percent")
        stat.update(percent=v.value, ci_lower=lo.value, ci_upper=hi.value)
        stat["flags"] += [*v.flags, *lo.flags, *hi.flags, "percent_with_ci"]
        sent.claim(m.start("v"), m.end(), stat)
        return True
    sign = value_kinds.worded_difference(text, m.start("v"), m.end())
    if sign is None and value_kinds.unsigned_difference(text, m.start("v"), m.end()):
        sent.claim(m.start("v"), m.end(), None)  # a difference of unknown sign: no arm's mean, left unread
        return True
    bounds = None if sign is None else value_kinds.signed_interval(sign, v.value, lo.value, hi.value)
    if bounds is None:
        return False
    stat = empty_stat("effect")
    stat.update(value=sign * v.value, ci_lower=bounds[0], ci_upper=bounds[1], effect_measure=_measure_code("mean difference", None))
    stat["flags"] += [*v.flags, *lo.flags, *hi.flags, "worded_difference"]
    sent.claim(m.start("v"), m.end(), stat)
    return True


def _measure_code(measure: str | None, unit: str | None) -> str | None:
    """The schema code of an effect's measure; an unnamed "difference" in percentage points is a risk difference."""
    code = effect_measure_code(measure)
    if code is None and unit and _RX.PERCENTAGE_POINTS.match(unit.strip()):
        return effect_measure_code("risk difference")
    return code


def _median_time(text: str, m: re.Match) -> bool:
    """"Median time to closure was 57 days (95% CI 49–70)": a time with its CI after "median" is a median with its
    CI, even in a sentence that names no effect measure (``stages.median_with_ci`` gives it its kind)."""
    unit = (m.group("unit") or "").strip().lower()
    if not _RX.TIME_WORD_UNIT.fullmatch(unit):
        return False
    # The summary word nearest before the value, in its clause and within the window ``stages.median_with_ci``
    # looks back over: "Median age was 64 years; mean time to closure was 57 days (95% CI …)" is a mean.
    before = text[max(0, m.start() - MEDIAN_WINDOW):m.start()]
    words = _RX.SUMMARY_WORD.findall(before[before.rfind(";") + 1:])
    return bool(words) and words[-1].lower() == "median"


def _open_ci_medians(sent: SentenceClaims) -> None:
    """"The median time to closure was 35 days (95% CI 28–46) versus 62 days (95% CI 49–not reached)": a Kaplan-Meier
    median whose CI has no upper bound. Read as an unnamed estimate with only its lower bound (``ci_upper`` null, flag
    ``ci_upper_open``) where "median" stands before it in the sentence; ``stages.median_with_ci`` makes it the median."""
    text = sent.text
    for m in _RX.CI_OPEN_UPPER.finditer(text):
        if not sent.free(m.start(), m.end()) or not _median_time(text, m):
            continue
        v, lo = _num(m.group("v")), _num(m.group("l"))
        if None in (v, lo) or lo.value > v.value:
            continue
        stat = empty_stat("effect")
        stat.update(value=v.value, ci_lower=lo.value, ci_upper=None, effect_measure=None)
        stat["flags"] += [*v.flags, *lo.flags, "ci_upper_open"]
        sent.claim(m.start(), m.end(), stat)


def _bare_ci_effects(sent: SentenceClaims) -> None:
    """'adjusted HR for death 0.34 (0.13–0.88)', 'hazard ratio 0.78, 0.40–1.52': a named measure and an interval
    with no "95% CI" label. Kept only where the estimate lies inside the bounds (else it is no interval)."""
    text = sent.text
    if not _DIGIT.search(text):
        return  # the estimate is a ``NUM``, which holds a digit: nothing to find in a sentence without one
    for m in _RX.EFFECT_BARE_CI.finditer(text):
        if not sent.free(m.start("v"), m.end()):
            continue
        v, lo, hi = _num(m.group("v")), _num(m.group("l")), _num(m.group("u"))
        if None in (v, lo, hi) or not lo.value < hi.value or not lo.value <= v.value <= hi.value:
            continue
        code = _measure_code(m.group("measure"), m.group("unit"))
        if code is None:
            continue
        stat = empty_stat("effect")
        stat.update(value=v.value, ci_lower=lo.value, ci_upper=hi.value, effect_measure=code)
        stat["flags"] += [*v.flags, *lo.flags, *hi.flags, "ci_unlabelled"]
        sent.claim(m.start(), m.end(), stat)


def _quartile_label(label: str) -> bool:
    """Whether an interval's (lower-cased) label names quartiles ("IQR", "interquartile range", "Q1-Q3",
    "P25, P75") rather than a range; "interquartile range" holds "range" but not "iq"."""
    return any(w in label for w in ("iqr", "interquartile", "q1", "p25"))


def _interval_stat(med: Parsed, lo: Parsed, hi: Parsed, iqr: bool) -> dict | None:
    """A median with its quartiles (``iqr``) or range; None where the value is not inside its interval."""
    if not lo.value <= med.value <= hi.value:
        return None
    stat = empty_stat("median")
    stat.update(median=med.value, **({"q1": lo.value, "q3": hi.value} if iqr else {"range_low": lo.value, "range_high": hi.value}))
    stat["flags"] += [*med.flags, *lo.flags, *hi.flags]
    return stat


def _median_chain(sent: SentenceClaims, pos: int, iqr: bool) -> int:
    """The values listed after a median with its interval: '74 d (IQR 55–102) vs 96 d (IQR 71–130)', '29 [24–34]
    to 41 [35–47] mmHg in the A arm and from 28 [23–33] to 33 [27–38]'. Each takes the first's interval kind
    unless it names its own. Returns where the chain ends."""
    text = sent.text
    while (m := _RX.INTERVAL_NEXT.match(text, pos)) and sent.free(m.start("m"), m.end()):
        med, lo, hi = _num(m.group("m")), _num(m.group("a")), _num(m.group("b"))
        label = (m.group("lab") or "").lower()
        own_iqr = iqr if not label else _quartile_label(label)
        stat = None if None in (med, lo, hi) else _interval_stat(med, lo, hi, own_iqr)
        if stat is None:
            return pos
        sent.claim(m.start("m"), m.end(), stat)
        pos = m.end()
    return pos


def _nearest_summary_word(text: str, pos: int) -> str | None:
    """The summary word (median, mean, average) nearest before ``pos`` in the sentence, lower-cased."""
    words = _RX.SUMMARY_WORD.findall(text, 0, pos)
    return words[-1].lower() if words else None


def _median_followers(sent: SentenceClaims, pos: int, iqr: bool) -> None:
    """The later values of a median's list whose links the chain cannot read: arm or time words between them
    ('40 m (IQR 0–95) in arm A, 85 m (30–160) in arm B', '... in the CD34 arm and from 4.2 (2.3–7.0) cm2 to 2.6
    (0.9–4.9) cm2', '22 [range 10–38] to 41 [18–66] mmHg at 8 weeks, whereas it was 24 [12–36]'). A bracketed
    interval later in the sentence around its value is another median of the same interval kind, until a word
    that starts another statistic (a mean, an effect measure, a CI) or a new clause stands between."""
    text = sent.text
    for m in _RX.BARE_INTERVAL.finditer(text, pos):
        if _RX.FOLLOWER_STOP.search(text, pos, m.start()):
            return
        if not sent.free(m.start(), m.end()):
            continue
        med, lo, hi = _num(m.group("m")), _num(m.group("a")), _num(m.group("b"))
        stat = None if None in (med, lo, hi) else _interval_stat(med, lo, hi, iqr)
        if stat is None:
            return
        sent.claim(m.start(), m.end(), stat)
        pos = m.end()


def _header_medians(sent: SentenceClaims) -> None:
    """Under 'median (IQR)', 'Median [IQR]' or '[median (P25, P75)]', unlabelled bracketed intervals are medians:
    '45.3 (39.8, 51.6) mmHg vs 38.2 (31.5, 44.0) mmHg'."""
    text = sent.text
    header = _RX.MEDIAN_HEADER.search(text)
    if header is None:
        return
    iqr = _quartile_label(header.group("lab").lower())
    for m in _RX.BARE_INTERVAL.finditer(text):
        if m.start() < header.end() and m.end() > header.start() or not sent.free(m.start(), m.end()):
            continue
        med, lo, hi = _num(m.group("m")), _num(m.group("a")), _num(m.group("b"))
        stat = None if None in (med, lo, hi) else _interval_stat(med, lo, hi, iqr)
        if stat is not None:
            sent.claim(m.start(), m.end(), stat)


def _paren_pairs(sent: SentenceClaims) -> None:
    """'0.64 (0.13) vs 0.55 (0.12)', 'from 0.41 (0.12) at baseline to 0.50 (0.13)': decimal values with a decimal in
    brackets, compared or followed over time, are means with SDs even where no "SD" is written. Only sentences
    with such a pair are read (a lone "2.1 (0.4)" may be anything), and no sentence that mentions SE."""
    text = sent.text
    spans = [(p.start(), p.end()) for p in _RX.PAREN_PAIR.finditer(text)]
    for m in _RX.DEC_PAREN.finditer(text):
        if not sent.free(m.start(), m.end()):
            continue
        # A value in a pair, or listed after one ("... to 0.50 (0.13) at 3 months and 0.53 (0.14) at 6 months").
        if not any(s <= m.start() for s, _ in spans):
            continue
        _claim_mean_sd(sent, m)


def _summary_next(sent: SentenceClaims, kind: str, pos: int, measure: str | None = None) -> None:
    """The other arms' values after a lone median or mean: '28.5 days in the treatment group and 63.0 days in the
    control group', '185 m in Group A, 142 m in Group B and 31 m in Group C'. Each must name its own group and
    repeat the first's unit: 'at 6 and 12 months' is no second arm. Values joined by a comma are read only where
    each names its group after it and "and" (or another joining word) closes the list: an open run of commas is no
    list of arms."""
    read: list[tuple[int, int, dict]] = []
    while True:
        item = _summary_item(sent, kind, pos, measure)
        if item is None:
            break
        start, end, stat, comma = item
        read.append((start, end, stat))
        if not comma:
            for s, e, st in read:
                sent.claim(s, e, st)
            return
        pos = static_rx(NUM).match(sent.text, start).end()


def _summary_item(sent: SentenceClaims, kind: str, pos: int,
                  measure: str | None) -> tuple[int, int, dict, bool] | None:
    """One value of ``_summary_next``'s run after ``pos``: (start, end, its statistic, whether a comma joins it,
    so more must follow), or None."""
    text = sent.text
    m = _RX.SUMMARY_NEXT.match(text, pos)
    if m is None or not sent.free(m.start("m"), m.end()):
        return None
    u1, u2 = (m.group("u1") or "").strip().lower(), (m.group("u2") or "").strip().lower()
    if not m.group("arm") or (u1 and u1 != u2) or (m.group("comma") and not m.group("p1")):
        return None
    if m.group("comma") and m.group("p2") and not _RX.SUMMARY_GROUP_WORD.match(text, m.end("p2")):
        # A comma run must name each group ("142 m in Group B", "3.05 cm for group B"): a bare "with <word>" run
        # ("12.7 months with pembrolizumab 10 mg/kg, and 8.5 months with docetaxel") names doses or drugs that no
        # arm list may hold, and its values would stand for the whole cohort (mendlead47a, EBM-NLP).
        return None
    if m.group("p2") and ((m.group("p1") or "").lower() != m.group("p2").lower()
                          or _RX.NO_ARM_PHRASE.match(sent.text, m.end("p2"))):
        # "for 8 weeks and 12 months in ...": a bare prepositional phrase is an arm only where it repeats the first's,
        # and "in women" or "in the second year" names a subgroup or a time, not an arm.
        return None
    parsed = _num(m.group("m"))
    if parsed is None:
        return None
    stat = empty_stat(kind)
    stat[kind] = parsed.value
    stat["flags"] += list(parsed.flags)
    if measure is not None:
        stat["measure"] = measure  # "... and by 0.02 in the control group": the first value's change too
    return m.start("m"), (m.end("u2") if m.group("u2") else m.end("m")), stat, bool(m.group("comma"))


def _list_numbers(m: re.Match[str]) -> list[re.Match[str]]:
    """The values of a SUMMARY_LIST match, not a digit of the unit it repeats after each ("4.1 cm2, 3.2 cm2 and
    2.8 cm2"): offsets within the list."""
    listed = m.group("list")
    if m.group("u"):
        listed = re.sub(re.escape(m.group("u")), lambda u: " " * len(u.group()), listed)
    return list(static_rx(NUM).finditer(listed))


def _ends_fall(m: re.Match[str]) -> bool:
    """Whether a FROM_TO match's second end is below its first in one unit ("from 8.1 to 7.2%"); ends in different
    units ("from 10 days to 2 months") or below zero are not compared."""
    ends = [re.match(_VALUE_PARTS + r"\s*(?P<u>.*)", m.group(k).strip()) for k in ("a", "b")]
    if None in ends:
        return False
    (a, unit_a), (b, unit_b) = [(_num(e.group("m")), e.group("u").strip()) for e in ends]
    # Negative ends are not compared: "correlations ranged from -0.09 to -0.30" is a spread written by size.
    return a is not None and b is not None and a.value > b.value >= 0 and unit_a in ("", unit_b)


def _range_is_change(text: str, m: re.Match[str]) -> bool:
    """Whether a FROM_TO match ``m`` sets its ends in time (``RANGE_TIMED``: "at baseline" inside it;
    ``RANGE_TIMED_AFTER``: "at 12 weeks" right after it) or follows a verb of change in its clause
    (``RANGE_CHANGED``: "improved in both groups, varying from 61.6 to 90.1"): then even after "ranged" or "varied"
    it is one group's change, not a spread; so is a pair whose ends fall (``_ends_fall``). A finite "ranged" /
    "varied" has its own clause, from its last comma: "Although HbA1c improved …, age ranged from 49 to 83 years" is
    a spread."""
    if _RX.RANGE_TIMED.search(m.group(0)) is not None or _RX.RANGE_TIMED_AFTER.match(text, m.end()) is not None:
        return True
    if _ends_fall(m):
        # A spread is written low to high: "HbA1c decreased in both groups, and varied from 8.1 to 7.2%" (and "it
        # ranged from 4.2 to 1.1 cm2") is a change even after a comma.
        return True
    clause = text.rfind(";", 0, m.start()) + 1
    verb = _RX.RANGE_VERB.search(text, max(0, m.start() - _RANGE_VERB_WINDOW), m.start())
    if verb is not None and not verb.group().split()[0].lower().endswith("ing"):
        # A finite verb of spread has its own subject in its own clause ("Although HbA1c improved in the cell
        # group, age ranged from 49 to 83 years"): a change before its comma is another clause's. Not a participle's:
        # "TcPO2 increased, ranging from 30.1 to 44.6 mmHg" still hangs on the verb of change before it.
        clause = max(clause, text.rfind(",", clause, verb.start()) + 1)
    return _RX.RANGE_CHANGED.search(text, clause, m.start()) is not None


def _bracketed_list(text: str, lead: str, m: re.Match[str]) -> bool:
    """Whether a SUMMARY_LIST match ``m`` fills a bracket alone ("mean age (65.8, 66.4 and 67.1 years)"), ``lead``
    the text before it: no "was" or "of" need say that its values are the summary's."""
    return _RX.SUMMARY_LIST_OPEN.search(lead) is not None and _RX.SUMMARY_LIST_CLOSE.match(text, m.end()) is not None


def _summary_lists(sent: SentenceClaims) -> None:
    """'the mean change in TcPO2 at 6 months was 5.1, 9.3 and 12.0 mmHg', 'improved by a mean of 12.6, 11.8, 9.7 and
    2.3 mmHg': each value of a list stated by a median or mean (the nearest summary word before it, in its clause)
    is one. Not a list of counts of people ('3, 4 and 5 patients'), of time points ('at 1, 3 and 6 months'), nor of
    doses or follow-up times (``SUMMARY_LIST_NOT``). A list of as many values right after a list read, joined by
    its arm's phrase and "and" ('averaged 3.8, 3.2 and 3.0 in Arm 1 and 5.1, 5.0 and 4.6 in Arm 2'), is read
    as the first is (``SUMMARY_LIST_NEXT``)."""
    text = sent.text
    last: tuple[int, int, str] | None = None  # the end, length and kind of the last list read
    for m in _RX.SUMMARY_LIST.finditer(text):
        lead = text[max(0, m.start() - 100):m.start()]
        lead = lead[lead.rfind(";") + 1:]
        words = list(_RX.SUMMARY_WORD.finditer(lead))
        numbers = _list_numbers(m)
        size = len(numbers)
        if last is not None and last[1] == size and _RX.SUMMARY_LIST_NEXT.fullmatch(text, last[0], m.start()) \
                and sent.free(m.start(), m.end()) and not _RX.PAIR_COUNTS_PEOPLE.match(text, m.end()):
            kind = last[2]
        elif not words or not (_RX.SUMMARY_LIST_LEAD.search(lead) or _bracketed_list(text, lead, m)) \
                or not sent.free(m.start(), m.end()) or _RX.PAIR_COUNTS_PEOPLE.match(text, m.end()):
            continue
        else:
            kind = "median" if words[-1].group(1).lower() == "median" else "mean"
        # A list read after the one before it (SUMMARY_LIST_NEXT) may have no summary word within its 100-character
        # lead (13 values and an arm phrase fill it): the whole lead is then searched for doses or follow-up.
        if _RX.SUMMARY_LIST_NOT.search(lead, words[-1].end() if words else 0):
            # Doses or follow-up times: claimed as nothing so that no lone mean or pair reads a part of the list.
            sent.claim(m.start(), m.end(), None)
            continue
        values = [(n, _num(n.group())) for n in numbers]
        if any(parsed is None for _, parsed in values):
            continue
        for n, parsed in values:
            stat = empty_stat(kind)
            stat[kind] = parsed.value
            stat["flags"] += list(parsed.flags)
            sent.claim(m.start("list") + n.start(), m.start("list") + n.end(), stat)
        sent.claim(m.start(), m.end(), None)
        last = (m.end(), size, kind)


def _signed_lists(sent: SentenceClaims) -> None:
    """'The change in TcPO2 from baseline was +5.2, +8.9, +12.4 and +1.8 mmHg, respectively' (``SIGNED_LIST``): each
    signed value of a list said one per arm is that arm's mean change, with no "mean" before it (round 42), after
    the words that make it a summary's values (``SUMMARY_LIST_LEAD``: "was", "by") and not of doses or follow-up
    times (``SUMMARY_LIST_NOT``), nor effects or associations (``SIGNED_LIST_NOT``: "β estimates = -.10 and -.062,
    respectively" gives no arm a mean; mendlead42b)."""
    text = sent.text
    for m in _RX.SIGNED_LIST.finditer(text):
        lead = text[max(0, m.start() - 100):m.start()]
        lead = lead[lead.rfind(";") + 1:]
        if not sent.free(m.start(), m.end()) or not _RX.SUMMARY_LIST_LEAD.search(lead) \
                or _RX.SUMMARY_LIST_NOT.search(lead) or _RX.SIGNED_LIST_NOT.search(lead):
            continue
        values = [(n, _num(n.group().lstrip("+"))) for n in static_rx(rf"\+?{NUM}").finditer(m.group("list"))]
        if any(parsed is None for _, parsed in values):
            continue
        for n, parsed in values:
            stat = empty_stat("mean")
            stat["mean"] = parsed.value
            stat["flags"] += [*parsed.flags, "signed_list"]
            sent.claim(m.start("list") + n.start(), m.start("list") + n.end(), stat)
        sent.claim(m.start(), m.end(), None)


def _summary_pairs(sent: SentenceClaims) -> None:
    """'median time to progression (6.5 vs 5.1 months)': one value per arm."""
    text = sent.text
    for m in _RX.PAIR.finditer(text):
        if not sent.free(m.start(), m.end()):
            continue
        words = list(_RX.SUMMARY_WORD.finditer(text, max(0, m.start() - 100), m.start()))
        if not words:
            continue
        if re.search(r"\b(?:at|after|within|by|over|for|during|between)\s+(?:\d+\s*,\s*)*$",
                     text[max(0, m.start() - 30): m.start()]) and TIME.match(text, m.start("b")):
            # "at 1 and 3 years", "at 1, 3 and 6 months": time points, not two arms' means.
            continue
        if _RX.LABEL_LEAD.search(text, max(0, m.start() - 40), m.start()):
            # "in cohorts 1, 2 and 3", "Rutherford category 5 and 6": numbers that name groups or grades.
            continue
        if _RX.PAIR_COUNTS_PEOPLE.match(text, m.end()):
            # "… median ABI was 0.62 versus 0.48, and 13 and 5 patients, respectively, were free of rest pain":
            # integers followed by a noun of people or limbs count them; they are no summary values.
            continue
        kind = "median" if words[-1].group(1).lower() == "median" else "mean"
        for key in ("a", "b"):
            parsed = _num(m.group(key))
            if parsed is None:
                break
            stat = empty_stat(kind)
            stat[kind] = parsed.value
            stat["flags"] += list(parsed.flags)
            sent.claim(m.start(key), m.end(key), stat)
        sent.claim(m.start(), m.end(), None)

def _one_value_stat(kind: str, raw: str) -> dict | None:
    """A statistic of ``kind`` holding the one number ``raw`` (under the field named like the kind, with its parse
    flags); None when ``raw`` does not parse."""
    parsed = _num(raw)
    if parsed is None:
        return None
    stat = empty_stat(kind)
    stat[kind] = parsed.value
    stat["flags"] += list(parsed.flags)
    return stat


def _value_stat(raw: str) -> dict | None:
    """A summary value: 'm ± sd unit' -> mean_sd, 'x%' -> percent, else mean."""
    m = re.match(_VALUE_PARTS, raw)
    if not m:
        return None
    mean = _num(m.group("m"))
    if mean is None:
        return None
    if m.group("sd"):
        sd = _num(m.group("sd"))
        if sd is None:
            return None
        stat = empty_stat("mean_sd")
        stat.update(mean=mean.value, sd=sd.value)
        stat["flags"] += [*mean.flags, *sd.flags]
    elif m.group("p1"):
        stat = empty_stat("percent")
        stat["percent"] = mean.value
        stat["flags"] += list(mean.flags)
    else:
        stat = empty_stat("mean")
        stat["mean"] = mean.value
        stat["flags"] += list(mean.flags)
    return stat

def _events(m: re.Match) -> dict | None:
    groups = m.groupdict()
    e_raw = groups.get("e") or ""
    events = 0 if e_raw.lower() in {"none", "no"} else parse_count(e_raw)
    total = parse_count(groups["t"]) if groups.get("t") else None
    pct = _num(groups["pct"]) if groups.get("pct") else None
    if events is None:
        return None
    if total is not None and (total == 0 or events > total or (total >= 1900 and events >= 1900)):
        return None
    stat = empty_stat("events")
    stat.update(events=events, total=total, percent=pct.value if pct else None)
    if pct is not None:
        stat["flags"] += list(pct.flags)
        if total and abs(100 * events / total - pct.value) > 1.0:
            stat["flags"].append("percent_mismatch")
    return stat



def _group_lead_end(text: str) -> int:
    """Where a sentence's opening "Of/Among <group>" phrase ends (its first comma outside brackets, or a main verb
    before it: ``GROUP_LEAD_VERB``); 0 if the sentence opens with no such phrase."""
    if not _RX.GROUP_LEAD.match(text):
        return 0
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth <= 0:
            verb = _RX.GROUP_LEAD_VERB.search(text, 0, i)
            return verb.start() if verb else i
    return 0


def _unit(noun: str) -> str:
    """The unit a total counts, singular ("legs" -> "leg", "feet" -> "foot"; limbs and legs are one unit)."""
    word = noun.lower()
    return {"feet": "foot", "limbs": "leg", "limb": "leg", "legs": "leg"}.get(word, word.rstrip("s"))


@lru_cache(maxsize=64)
def _allocates(text: str) -> bool:
    """Whether a sentence allocates or enrols patients (``ALLOCATING``); two event readers ask it of each sentence."""
    return _RX.ALLOCATING.search(text) is not None


def bare_event_counts(text: str) -> list[tuple[int, int, int, int | None]]:
    """Event counts with no outcome word needed, as (start, end, events, total): lists of counts, one per arm
    ("in 1, 1, 2 and 3 patients", "death in 9 versus 8 patients", "the numbers of X were 18 and 7, respectively",
    "on 9 treated limbs and 7 control limbs healed in 7 and 3 cases, respectively", "Of the 11 treated legs and 6
    control legs with ulcers, 8 and 2 healed"), "occurred in N patients" and "N patients developed ...". Sentences
    that allocate or enrol patients are left alone (their counts are group sizes)."""
    out: list[tuple[int, int, int, int | None]] = []
    if _allocates(text):
        return out
    # "Of the 11 treated and 6 control limbs with ulcers, 8 and 2 healed": each count over its subset's size.
    out.extend(subset_events(text))
    for m in _RX.NUMBER_OF_LIST.finditer(text):
        # "The numbers of patients improved were 18 and 7, respectively": "numbers of" names what is counted, so no
        # event word need follow the list.
        items = [(c.start(), c.end(), parse_count(c.group())) for c in static_rx(COUNT).finditer(m.group("list"))]
        if all(v is not None for _, _, v in items):
            out.extend((m.start("list") + a, m.start("list") + b, v, None) for a, b, v in items)
    for m in (*_RX.TOTALS_THEN_EVENTS.finditer(text), *_RX.OF_TOTALS_THEN_EVENTS.finditer(text)):
        # "Ulcers present on 9 treated limbs and 7 control limbs healed in 7 and 3 cases, respectively", "Of the 11
        # treated legs and 6 control legs with ulcers, 8 and 2 healed": the denominators come with their own words,
        # so no count list reads them; pair them in order.
        units = [m.groupdict().get(u) for u in ("u1", "u2")]
        if all(units) and _unit(units[0]) != _unit(units[1]):
            continue  # "Of the 40 patients and 54 ulcers, 30 and 45 healed": two units, not two arms
        pairs = [(m.span(e), parse_count(m.group(e)), parse_count(m.group(t))) for e, t in (("e1", "t1"), ("e2", "t2"))]
        if all(v is not None and t is not None and v <= t for _, v, t in pairs):
            out.extend((a, b, v, t) for (a, b), v, t in pairs)
    if not _RX.LIST_EVENT_CUE.search(text):
        return _first_of_each_span(out)
    totals: list[int] | None = None
    lead_end = _group_lead_end(text)
    brackets = size_brackets(text)
    prev_end = 0
    lists = list(_RX.COUNT_LIST.finditer(text))
    for k, m in enumerate(lists):
        items = [(c.start(), c.end(), parse_count(c.group())) for c in static_rx(COUNT).finditer(m.group("list"))]
        if len(items) < 2 or any(v is None for _, _, v in items):
            continue
        if _RX.TIME_BEFORE_LIST.search(text, max(0, m.start() - 20), m.start()):
            # "at month 3, and one patient in cohort 2 died": a time, then the next clause's count.
            continue
        if totals is None and not (_of_before(text, m) or (k + 1 < len(lists) and _of_before(text, lists[k + 1]))):
            # "Ulcers present at baseline (n = 11 and n = 12) healed in 8 and 5 patients, respectively": the sizes in
            # the bracket before the list (no other list between) are its denominators, in order (round 39). Not of a
            # list that is itself denominators ("in 2 and 4 of the 9 and 8 patients"), nor of one whose own follow
            # ("12 and 10 limbs of 15 and 14 patients"), nor past a subset's size ("among the 12 and 10 with
            # infection, ... in 9 and 3"): there the bracket sizes a larger group (mend39).
            sizes = next((t for end, t in reversed(brackets) if prev_end <= end <= m.start()
                          and not _RX.SUBSET_SIZE_BETWEEN.search(text, end, m.start())), None)
            if sizes is not None and len(sizes) == len(items) and all(v <= t for (_, _, v), t in zip(items, sizes)):
                prev_end = m.end()
                out.extend((m.start("list") + a, m.start("list") + b, v, t)
                           for (a, b, v), t in zip(items, sizes))
                continue
        prev_end = m.end()
        if _of_before(text, m) or m.end("list") <= lead_end:
            # "Of 18 and 16 limbs with ulcers, 13 and 5 healed", "Among survivors (17 and 18 patients), ...": the
            # sizes of the group the sentence opens with, the denominators of the counts that follow.
            totals = [v for _, _, v in items]
            continue
        if totals is None and _RX.OF_LEAD.match(text):
            # "Of the 15 patients with ulcers in A and 14 in B, ... 13 and 7": denominators we cannot pair.
            continue
        if totals is not None and (len(totals) != len(items) or any(v > t for (_, _, v), t in zip(items, totals))):
            continue
        out.extend((m.start("list") + a, m.start("list") + b, v, totals[i] if totals else None)
                   for i, (a, b, v) in enumerate(items))
    for rx in (_RX.OCCURRED_IN_N, _RX.N_DEVELOPED):
        for m in rx.finditer(text):
            e = parse_count(m.group("e"))
            t = parse_count(m.group("t")) if "t" in rx.groupindex and m.group("t") else None
            if e is None or (t is not None and e > t):
                continue
            out.append((m.start("e"), m.end("t") if t is not None else m.end(), e, t))
    return _first_of_each_span(out)


def _of_before(text: str, m: re.Match[str]) -> bool:
    """Whether "of"/"among (the)" stands just before the count list ``m`` (``OF_BEFORE_LIST``): its counts are
    denominators ("Of 18 and 16 limbs", "in 2 and 4 of the 9 and 8 patients")."""
    return _RX.OF_BEFORE_LIST.search(text, max(0, m.start() - 12), m.start()) is not None


def size_brackets(text: str) -> list[tuple[int, list[int]]]:
    """(end, sizes) of each bracket of two or more "n = k" sizes in a sentence (``SIZE_BRACKET``): "(n = 19 and n =
    17)", "(n = 10, n = 11 and n = 9)"; a bracket with a size that is no count is left out."""
    out = []
    for m in _RX.SIZE_BRACKET.finditer(text) if "=" in text else ():
        sizes = [parse_count(c.group()) for c in static_rx(COUNT).finditer(m.group("list"))]
        if len(sizes) >= 2 and all(v is not None for v in sizes):
            out.append((m.end(), sizes))
    return out


def _first_of_each_span(counts: list[tuple[int, int, int, int | None]]) -> list[tuple[int, int, int, int | None]]:
    """The counts, each span once (two readers may read one list: the first reading stands)."""
    seen: set[tuple[int, int]] = set()
    return [c for c in counts if (c[0], c[1]) not in seen and not seen.add((c[0], c[1]))]


def _event_phrases(sent: SentenceClaims, outcomes: list[dict]) -> None:
    """Counts without denominators: 'five control patients had an amputation', 'no amputation occurred'."""
    text, base = sent.text, sent.base
    countable = [o for o in outcomes if o["countable"] and base <= o["evidence"]["start"] < base + len(text)]
    for span, zeros in pair_zeros(text):
        # "No major amputation was required in G1 or G2": a zero of each arm named, read before the readers below
        # take the statement for one zero of the whole sample (or of one arm); the whole statement is claimed.
        if sent.free(*span):
            _claim_counts(sent, zeros, outcomes)
            sent.claim(*span, None)
    for m in _RX.EVENTS_VERB.finditer(text):
        if not sent.free(m.start(), m.end()):
            continue
        following = [o for o in countable if 0 <= o["evidence"]["start"] - base - m.end() <= 60]
        events = 0 if m.group("e").lower() == "no" else parse_count(m.group("e"))
        if events == 0 and m.group().lower().endswith("died") and _RX.DIED_OR.match(text, m.end()):
            # "No patient died or underwent major amputation": this zero is of death only; the outcome after "or" is
            # its own zero (zero_clauses.no_one_did). A count ("Two patients died or ...") stays one composite.
            following = []
        if not following and not re.search(r"\bdied\b", m.group(), re.I):
            continue
        if events is None:
            continue
        stat = empty_stat("events")
        stat["events"] = events
        if following:
            stat["_outcome"] = following[0]
        end = (following[0]["evidence"]["end"] - base) if following else m.end()
        sent.claim(m.start(), end, stat)
    lower = text.lower()
    for m in _RX.NONE_VERB.finditer(text) if ("none" in lower or "no one" in lower or "nobody" in lower) else ():
        following = [o for o in countable if 0 <= o["evidence"]["start"] - base - m.end() <= 40]
        if (following or re.search(r"\bdied\b", m.group(), re.I)) and sent.free(m.start(), m.end()):
            stat = empty_stat("events")
            stat["events"] = 0
            if following:
                stat["_outcome"] = following[0]
            sent.claim(m.start(), following[0]["evidence"]["end"] - base if following else m.end(), stat)
    in_sentence = [o for o in outcomes if base <= o["evidence"]["start"] < base + len(text)]
    for o in in_sentence:
        s, e = o["evidence"]["start"] - base, o["evidence"]["end"] - base
        tail = _RX.NO_TAIL.match(text[e:])
        if _RX.NO_LEAD.match(text[:s]) and tail and sent.free(0, e) and not _RX.TIED_AFTER.search(text, s, e) \
                and not (or_member_spans(text, s, e) and ends_statement(text, e + tail.end())):
            # (Round 35: "No major amputation or death occurred" is two zeros, one per outcome: event_counts reads them.)
            # "No SAE.", "No wound infections were observed in either group.": a whole sentence of zero events.
            stat = empty_stat("events")
            stat["events"] = 0
            stat["_outcome"] = o
            if tail.group("either"):
                stat["_every_arm"] = True
            sent.claim(s, e, stat)
            continue
        if not o["countable"]:
            # "collateral formation in 11 patients": any outcome said to occur in N patients is a count
            # ("angiography was performed in 20 patients" is not).
            after = _RX.OCCURRED_IN.match(text, e)
            if after and after.group("verb") and not _RX.DONE_VERB.search(after.group("verb")):
                _occurred_in(sent, o, s, e)
            continue
        lead = _RX.COUNT_BEFORE.search(text[max(0, s - 40): s])
        if lead and o["label"].lower().endswith(("s", "deaths")) and o["outcome"] != "ulcer_healing":
            # "Three major amputations", "there were 27 recurrences": a count of events.
            start = max(0, s - 40) + lead.start("e")
            events = parse_count(lead.group("e"))
            if events is not None and sent.free(start, e):
                stat = empty_stat("events")
                stat["events"] = events
                stat["_outcome"] = o
                sent.claim(start, e, stat)
                continue
        if _occurred_in(sent, o, s, e):
            continue
        before = _RX.NO_BEFORE.search(text[max(0, s - 40): s])
        after = _RX.OCCURRED_AFTER.match(text[e: e + 50])
        if before and after and not (or_member_spans(text, s, e) and ends_statement(text, e + after.end())):
            start = max(0, s - 40) + before.start()
            if sent.free(start, e + after.end()):
                stat = empty_stat("events")
                stat["events"] = 0
                stat["_outcome"] = o
                if _RX.EVERY_AFTER.match(text, e + after.end()) or every_arm_later(text, e + after.end()):
                    # "No major amputation occurred in either arm, and there were no deaths": one zero per arm; so is
                    # "No recurrence was observed among healed patients in either group" (round 45).
                    stat["_every_arm"] = True
                sent.claim(start, e + after.end(), stat)

    if not _allocates(text):
        _parallel_event_counts(sent, outcomes)
    for start, end, events, total in bare_event_counts(text):
        if sent.free(start, end):
            stat = empty_stat("events")
            stat.update(events=events, total=total)
            stat["flags"].append("event_count_bare")
            sent.claim(start, end, stat)
    _claim_counts(sent, event_counts(text) + clause_zeros(text) + elided_counts(text), outcomes)


def _parallel_event_counts(sent: SentenceClaims, outcomes: list[dict]) -> None:
    """'27 local progressions in the surgery group and 106 in the tamoxifen group': one count of the named events
    per arm (``EVENTS_PARALLEL``). Each takes the outcome mention on the noun, else the noun as its label."""
    text, base = sent.text, sent.base
    for m in _RX.EVENTS_PARALLEL.finditer(text):
        spans = [(m.start("e"), m.end("noun")), (m.start("e2"), m.end("e2"))]
        counts = [parse_count(m.group("e")), parse_count(m.group("e2"))]
        # "there were 3 deaths in the CD34+ group and 2 in the placebo group": the first count may be read already
        # as a count of its event noun ("3 deaths"); the elliptical second one carries that noun.
        first = next((st for a, b, st in sent.found if (a, b) == spans[0] and st["kind"] == "events"
                      and st.get("events") == counts[0] and st.get("total") is None), None)
        if first is not None:
            spans_free = sent.free(*spans[1])
        else:
            spans_free = all(sent.free(*s) for s in spans)
        if m.group("p1").lower() != m.group("p2").lower() or None in counts or not spans_free \
                or any(_RX.NO_ARM_PHRASE.match(text, m.end(p)) for p in ("p1", "p2")):
            # "3 visits in the first year and 2 in the second year": times or subgroups, not arms.
            continue
        if _RX.PAIR_COUNTS_PEOPLE.match(" " + m.group("noun").split()[-1]) or \
                _RX.OF_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            # "26 ulcerated limbs in A and 23 in B", "Of the 26 ... and 23 ...": group sizes or denominators.
            continue
        n0, n1 = base + m.start("noun"), base + m.end("noun")
        own = [o for o in outcomes if o["evidence"]["start"] < n1 and n0 < o["evidence"]["end"]]
        if first is not None:
            stat = empty_stat("events")
            stat["events"] = counts[1]
            stat["flags"].append("event_count_bare")
            stat["_outcome"] = first.get("_outcome") or (own[-1] if own else {"outcome": None, "label": m.group("noun")})
            sent.claim(*spans[1], stat)
            continue
        for (start, end), events in zip(spans, counts):
            stat = empty_stat("events")
            stat["events"] = events
            stat["flags"].append("event_count_bare")
            stat["_outcome"] = own[-1] if own else {"outcome": None, "label": m.group("noun")}
            sent.claim(start, end, stat)


def _claim_counts(sent: SentenceClaims, counts: list, outcomes: list[dict] | None = None) -> None:
    """Claim the prose event counts of ``event_counts`` whose characters no other pattern read.

    A count of a named event ("fever (n = 4)") takes the outcome mention on that noun, or, where the
    vocabulary has none ("ecchymosis"), the noun as a label with no outcome id: never a neighbour's outcome.
    """
    for c in counts:
        if not sent.free(c.start, c.end):
            continue
        stat = empty_stat("events")
        stat.update(events=c.events, total=c.total)
        stat["flags"].append("event_count_bare")
        if c.form == "zero_of":
            # A zero of the events just counted: a worded zero placed by its antecedent (stages.event_placement).
            stat["flags"] += ["event_count_zero", "zero_of_counted"]
        elif c.form:
            # Placement reads these forms apart (stages.event_placement).
            stat["flags"].append(f"event_count_{c.form}")
        if c.arm_inside:
            stat["flags"].append("zero_arm_inside")
        if c.every_arm:
            # A zero of every arm, or a count of each ("Three patients died (one in each group)"): one value per
            # arm, placed by these words (stages.every_arm_copies), not the model's pick of one arm (round 43).
            stat["_every_arm"] = True
            stat["flags"].append("every_arm")
        for span, named in ((c.head, True), (c.verb, False)):
            if span is None:
                continue
            h0, h1 = sent.base + span[0], sent.base + span[1]
            own = [o for o in outcomes or [] if o["evidence"]["start"] < h1 and h0 < o["evidence"]["end"]]
            if not own and c.form == "zero":
                # "No serious adverse events or immunological reactions": an outcome the zero's own words name.
                own = [o for o in outcomes or [] if sent.base + c.start <= o["evidence"]["start"]
                       and o["evidence"]["end"] <= h1 and o.get("outcome")][:1]
            if own:
                stat["_outcome"] = own[-1]
            elif named:
                stat["_outcome"] = {"outcome": None, "label": sent.text[span[0]:span[1]]}
        if c.label:
            # "Adverse events occurred in 6 patients, none related to the cells": a zero of the treatment-related
            # adverse events, not of the adverse events it follows (the vocabulary says which outcome its words are);
            # "No infusion reactions, ectopic tissue formation or tumours": of what its words name, which no one
            # outcome of the vocabulary is (not of the one a member names). The outcome stage keeps it.
            term = None if c.mixed_label else outcomes_vocabulary().lookup(c.label)
            stat["_outcome"] = {"outcome": term.id if term else None, "label": c.label}
            stat["flags"].append("outcome_own_words")
        sent.claim(c.start, c.end, stat)


def _occurred_in(sent: SentenceClaims, o: dict, s: int, e: int) -> bool:
    """'Major amputation was necessary in 12 limbs', '... in 3 of 20 patients', '... and in four control patients'."""
    text = sent.text
    after_in = _RX.OCCURRED_IN.match(text, e)
    if not after_in or (not after_in.group("verb") and not o["label"].lower().endswith(("recurred", "healed", "closed"))):
        # Without a verb only an outcome that is one ("ulcers recurred in 2 patients") says it happened.
        return False
    events = parse_count(after_in.group("e"))
    total = parse_count(after_in.group("t")) if after_in.group("t") else None
    if events is None or (total is not None and events > total) or not sent.free(s, after_in.end()):
        return False
    stat = empty_stat("events")
    stat.update(events=events, total=total)
    stat["_outcome"] = o
    sent.claim(s, after_in.end(), stat)
    second = _RX.AND_IN.match(text, after_in.end())
    if second and total is None and sent.free(second.start("e"), second.end()):
        stat = empty_stat("events")
        stat["events"] = parse_count(second.group("e"))
        stat["_outcome"] = o
        sent.claim(second.start("e"), second.end(), stat)
    return True
