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
from stemfoot.extract.event_counts import event_counts, shared_total_events
from stemfoot.extract.provenance import sentence_of
from stemfoot.schemas import EFFECT_MEASURES, STATISTIC_FIELDS, effect_measure_code

_DASH = r"(?:\s*(?:-|–|—|−|to)\s*)"
_CI = r"(?:95\s*%\s*(?:CI|confidence intervals?|C\.I\.)(?:\s*[\[(]CI[\])])?|CI\s*95\s*%|95\s*%?\s*CI)"
_CI_WORD = re.compile(r"\bCI\b|C\.I\.")
#: An effect measure before its estimate: abbreviations as written ("OR", never the word "or"), names in any case;
#: both from the schema's vocabulary, names read to the end of their words ("hazard" -> "hazard ratios").
MEASURE_WORDS = (r"(?-i:\b(?:" + "|".join(a for m in EFFECT_MEASURES for a in m["abbrev"]) + r")\b)"
                  r"|\b(?:" + "|".join(n for m in EFFECT_MEASURES for n in m["names"]) + r")\w*(?:\s+(?:ratios?|differences?)\b)?")
_EFFECT = re.compile(
    rf"(?P<measure>(?:{MEASURE_WORDS})[^\d;]{{0,30}}?)?"
    rf"(?P<v>{NUM})\s*(?:{UNIT}\s*)?[,;(\[]\s*{_CI}\s*[,:=]?\s*(?P<l>{SNUM}){_DASH.replace('to', 'to|,')}(?P<u>{SNUM})\s*[)\]]?",
    re.I,
)
#: A sentence that names a measure anywhere, so that an estimate with a CI in it is an effect.
_MEASURE_NAMED = re.compile(rf"\b(?:ratio|difference)\b|{MEASURE_WORDS}", re.I)
_P = re.compile(
    r"(?<![\w])(?:[Pp](?:[-\s]?values?)?|significance)\s*"
    r"(?P<op>==?|<\s*or\s*=|≤|≥|<=|>=|=<|=>|<|>|less than|greater than|(?<=value )of)\s*"
    r"(?P<v>\d*[.·]?\d+(?:\s*[x×]\s*10\s*\^?\s*[-−–]\s*\d+|[eE][-−]\d+)?)"
    r"|(?<![\w])[Pp]\s+(?P<ama>[.·]\d+)"
)
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


_VALUE = rf"(?:{NUM}\s*%?(?:\s*{PLUS_MINUS}\s*{UNUM}\s*%?)?(?:\s*{UNIT})?)"
_FROM_TO = re.compile(rf"\bfrom\s+(?P<a>{_VALUE})\s+(?:at baseline\s+)?to\s+(?P<b>{_VALUE})", re.I)
#: "ABI 0.45±0.12→0.61±0.15": baseline to follow-up, terse.
_ARROW = re.compile(rf"(?P<a>{_VALUE})\s*(?:→|->|⟶)\s*(?P<b>{_VALUE})", re.I)
_EVENTS_PCT = re.compile(
    rf"(?P<e>{COUNT}|none|no)\s+(?:(?:of|out of)\s+(?:the\s+)?|/\s*)(?P<t>{COUNT})"
    rf"(?:(?:\s+[\w\-]+){{0,6}}?\s*\(\s*(?P<pct>{NUM})\s*%\s*\))?",
    re.I,
)
_SLASH = re.compile(rf"(?<![\w./])(?P<e>\d+)\s*/\s*(?P<t>\d+)(?![\w./])(?:\s*\(\s*(?P<pct>{NUM})\s*%\s*\))?")
_PCT_THEN_EVENTS = re.compile(
    rf"(?P<pct>{NUM})\s*%\s*(?:of\s+[\w\s\-]{{0,40}}?)?\(\s*(?P<e>{COUNT})\s*(?:of|/|out of)\s*(?P<t>{COUNT})\s*\)", re.I
)
_EVENTS_PCT_OF = re.compile(
    rf"(?P<e>{COUNT})\s*\(\s*(?P<pct>{NUM})\s*%\s*\)\s*(?:of|out of)\s+(?:the\s+)?(?P<t>{COUNT})", re.I
)
#: "(6.5 vs 5.1 months)", "9.4 v 6.0", "18.0 months and 7.0 months": two arms' values.
_PAIR = re.compile(
    rf"(?P<a>{NUM})(?:\s*{UNIT})?\s*(?:vs\.?|v\.?|versus|compared with|and)\s+(?P<b>{NUM})(?:\s*{UNIT})?"
    rf"(?!\s*(?:%|±|\+/-|\d|[x×]))",
    re.I,
)
_SUMMARY_WORD = re.compile(r"\b(median|mean|average)\b", re.I)
#: Words a number names rather than measures: "cohorts 1, 2 and 3", "category 5", "grade 2".
_LABEL_LEAD = re.compile(r"\b(?:cohorts?|groups?|arms?|grades?|categor(?:y|ies)|class(?:es)?|stages?|types?|phases?|levels?)"
                         r"\s+(?:\d+\s*,\s*)*$", re.I)
_MEDIAN_ALONE = re.compile(
    rf"\bmedian\s+(?:[\w\-()]+\s+){{0,6}}?(?:was|were|of|is|:|=|,)\s+(?P<m>{NUM})(?!\s*(?:{PLUS_MINUS}|%|\(|\d))", re.I
)
_N_PCT = re.compile(rf"(?<![\w.])(?P<e>\d+)\s*\(\s*(?P<pct>{NUM})\s*(?:%|per\s?cent)\s*\)")
#: "Two patients (6.3%)", "nine (30·0%) patients": a count, written as a word or before its noun.
_COUNT_NOUN_PCT = re.compile(
    rf"(?P<e>{COUNT})\s+(?:(?:patients?|subjects?|participants?|limbs?|legs?|ulcers?|wounds?|cases?)\s*)?"
    rf"\(\s*(?P<pct>{NUM})\s*(?:%|per\s?cent)\s*\)",
    re.I,
)
#: An interval after a value: "(IQR 3–9)", "[8, 20]", "(range: 1-4 cm)"; the label is optional after "median".
_IQR_LABEL = r"(?P<lab>IQR|interquartile range|range|Q1\s*[-–]\s*Q3)"
_BOUNDS = rf"(?P<a>{NUM}){_DASH}(?P<b>{SNUM})"
_OPEN = rf"\s*(?:{UNIT}\s*)?[(\[]\s*"
_CLOSE = rf"\s*(?:{UNIT}\s*)?[)\]]"
_MEDIAN = re.compile(
    rf"\bmedian\b[^;%\d]{{0,60}}?(?P<m>{NUM}){_OPEN}(?:{_IQR_LABEL}\s*[,:;=]?\s*)?{_BOUNDS}{_CLOSE}", re.I
)
#: "median duration 5 months, IQR 3–9", "median 12 [IQR 8–20]".
_MEDIAN_COMMA_IQR = re.compile(
    rf"\bmedian\b[^;%\d]{{0,40}}?(?P<m>{NUM})\s*(?:{UNIT}\s*)?[,;]\s*(?P<lab>IQR|interquartile range|range)\s*[,:=]?\s*"
    rf"{_BOUNDS}",
    re.I,
)
_INTERVAL = re.compile(rf"(?P<m>{NUM}){_OPEN}{_IQR_LABEL}\s*[,:;=]?\s*{_BOUNDS}{_CLOSE}", re.I)
#: Not "2.1 ± 0.9 × 10^9 cells": that is a dose.
_MEAN_SD = re.compile(
    rf"(?P<m>{NUM})\s*(?P<pct1>%\s*)?{PLUS_MINUS}\s*(?P<sd>{UNUM})(?!\d|[.·]\d)(?!\s*[x×]\s*10\S{{0,6}}\s*(?:total\s+|viable\s+|nucleated\s+)?(?:cells|MNCs?|MSCs?|/kg))(?:\s*(?P<unit>{UNIT}))?"
)
_MEAN_PAREN_SD = re.compile(
    rf"(?P<m>{NUM})\s*(?:{UNIT}\s*)?\(\s*(?:SD|s\.d\.|standard deviation)\s*[,:=]?\s*(?P<sd>{UNUM})\s*\)", re.I
)
_MEAN_SD_HEADER = re.compile(r"\bmean\s*\(\s*(?:SD|s\.d\.|standard deviation)\s*\)", re.I)
_BARE_PAREN = re.compile(rf"(?P<m>{NUM})\s*(?:{UNIT}\s*)?\(\s*(?P<sd>{UNUM})\s*\)")
_MEAN_ALONE = re.compile(rf"\bmean\s+(?!follow)(?:[\w\-]+\s+){{0,5}}?(?:was|were|of|is|:|=)\s+(?P<m>{NUM})(?!\s*(?:{PLUS_MINUS}|%|\(|\d))", re.I)
_PCT_SIGN = r"(?:\s*%|\s?per\s?cent\b)"
_PCT_LIST = re.compile(rf"(?P<list>{NUM}(?:\s*,\s*{NUM})*\s*,?\s*and\s+{NUM}){_PCT_SIGN}")
_PCT = re.compile(rf"(?P<v>{NUM}){_PCT_SIGN}(?!\s*(?:CI\b|confidence|C\.I\.))")
_EVENTS_VERB = re.compile(
    rf"(?P<e>{COUNT}|no)\s+(?:(?:of\s+the\s+)?(?:control|placebo|treated|transplanted|cell-treated|remaining|other)\s+)?"
    rf"(?:patients?|subjects?|participants?|limbs?|cases?|legs?|women|men)\s+(?:in\s+the\s+[\w\- ]{{1,40}}?\s+groups?\s+)?"
    rf"(?:had to\s+|have to\s+|had\s+|were\s+|was\s+)?(?:undergo|underwent|receive|received|required|require|needed|developed|"
    rf"experienced|suffered|died|had|healed|achieved)\b",
    re.I,
)
_COUNT_BEFORE = re.compile(
    rf"(?<![\d.,/])(?P<e>{COUNT})\s+(?:(?!(?:days?|weeks?|months?|years?|patients?|of|in|and|or|to)\b)[\w\-]+\s+){{0,2}}$", re.I
)
_OCCURRED_IN = re.compile(
    rf"(?:\s+(?:(?:related to|associated with|due to|attributed to)(?:\s+(?:the\s+)?[\w\-+]+){{1,2}}?|at the [\w\-]+ site)"
    rf"(?=\s+(?:was|were|occurred|developed|appeared)\b))?"
    rf"(?P<verb>\s+(?:was|were)\s+(?:necessary|required|performed|needed|observed|seen|reported|achieved|noted|recorded|found)"
    rf"|\s+(?:occurred|developed|appeared|was present|were present)|\s+(?:formation|development))?\s+in\s+"
    rf"(?P<e>{COUNT})\s+(?:of\s+(?:the\s+)?(?P<t>{COUNT})\s+)?(?:(?:control|placebo|treated|transplanted)\s+)?"
    rf"(?:patients?|limbs?|subjects?|cases?|ulcers?|wounds?|legs?)\b",
    re.I,
)
_DONE_VERB = re.compile(r"\b(?:performed|recorded|reported|necessary|required|needed)\b", re.I)
#: "... in one patient in the PB-MNC group and in four control patients": a second arm's count.
_AND_IN = re.compile(
    rf"(?:\s+(?:in|of)\s+the\s+[\w\-+ ]{{1,40}}?\s+(?:group|arm|cohort))?\s*,?\s+(?:and|but|versus|vs\.?|compared with)\s+"
    rf"(?:only\s+)?in\s+(?P<e>{COUNT})\s+(?:(?:control|placebo|treated|transplanted)\s+)?(?:patients?|limbs?|subjects?|cases?)\b",
    re.I,
)
#: "none required major amputation", "no one died": zero events with no noun.
_NONE_VERB = re.compile(
    r"\b(?:none|no one|nobody)\s+(?:of\s+(?:them|the\s+[\w\-]+(?:\s+[\w\-]+)?)\s+)?(?:had to\s+|needed to\s+)?"
    r"(?:required|underwent|needed|developed|experienced|suffered|died|had|received)\b",
    re.I,
)
_NO_BEFORE = re.compile(r"\bno\s+(?:[\w\-]+\s+){0,3}$", re.I)
_NO_LEAD = re.compile(r"^\s*(?:[A-Z][\w ]{0,20}:\s*)?no\s+(?:[\w\-]+\s+){0,3}$", re.I)
_NO_TAIL = re.compile(
    r"\s*(?:(?:was|were|has been|have been)\s+)?(?:occurred|observed|reported|seen|noted|recorded|developed|found)?"
    r"\s*(?:in\s+(?P<either>either|both|any|each)\s+(?:of\s+the\s+)?(?:two\s+)?(?:groups?|arms?))?\s*[.;]?\s*$",
    re.I,
)
_OCCURRED_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:occurred|(?:was|were)\s+(?:observed|performed|needed|required|reported|necessary|seen|recorded))", re.I
)
TIME = re.compile(
    rf"(?:(?:at|after|by|within|over|during|for|until)\s+(?:the\s+)?(?:first\s+)?)?(?P<n>{COUNT})[\s-]*(?P<u>days?|weeks?|wks?|months?|mos?|years?|yrs?)\b"
    r"(?!\s+(?:earlier|later|longer|shorter|before))"
    # "at week 12", "by month 6", "day 28": the unit before the number.
    rf"|(?:(?:at|after|by|within|until|in)\s+)?(?P<u2>day|week|month|year)\s+(?P<n2>\d{{1,3}})(?!\d|[.·]\d|\s*(?:%|±))",
    re.I,
)
TIME_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}
#: The unit every ``TIME`` match holds, as it is written there: sentences without one skip TIME's slow scan.
_TIME_UNIT = re.compile(r"(?:days?|weeks?|wks?|months?|mos?|years?|yrs?)\b|(?:day|week|month|year)\s+\d", re.I)


@lru_cache(maxsize=256)
def time_matches(text: str) -> tuple[re.Match, ...]:
    """``TIME`` matches in a sentence; the statistics tagger and the timepoint stage both read them."""
    return tuple(TIME.finditer(text)) if _TIME_UNIT.search(text) else ()


_SE = re.compile(r"\b(?:SEM?|standard errors?)\b")


def _num(text: str) -> Parsed | None:
    return parse_number(text.strip().rstrip("%").strip())


def _empty_stat(kind: str) -> dict:
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
    has_ci = "confiden" in lower or _CI_WORD.search(text) is not None
    for m in (_EFFECT.finditer(text) if has_ci else ()):
        if not m.group("measure") and not _MEASURE_NAMED.search(text):
            continue
        stat = _empty_stat("effect")
        v, lo, hi = _num(m.group("v")), _num(m.group("l")), _num(m.group("u"))
        if None in (v, lo, hi):
            continue
        stat.update(value=v.value, ci_lower=lo.value, ci_upper=hi.value,
                    effect_measure=effect_measure_code(m.group("measure")))
        stat["flags"] += [*v.flags, *lo.flags, *hi.flags]
        if not lo.value <= v.value <= hi.value:
            stat["flags"].append("estimate_outside_ci")
        sent.claim(m.start(), m.end(), stat)
    for m in (_P.finditer(text) if "p" in lower or "significance" in lower else ()):
        if not sent.free(m.start(), m.end()):
            continue
        raw = m.group("v") or m.group("ama")
        parsed = parse_p(raw)
        if parsed is None:
            continue
        stat = _empty_stat("p_value")
        stat.update(p=parsed.value, p_operator=normalise_p_operator(m.group("op")))
        stat["flags"] += list(parsed.flags)
        sent.claim(m.start(), m.end(), stat)
    from_to = [*(_FROM_TO.finditer(text) if "from" in lower else ()), *(_ARROW.finditer(text) if "→" in text or "->" in text else ())]
    for m in from_to:
        if not sent.free(m.start(), m.end()):
            continue
        for key, measure in (("a", "baseline"), ("b", "follow-up")):
            stat = _value_stat(m.group(key))
            if stat is None:
                break
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
    event_rxs = [rx for rx, wanted in ((_EVENTS_PCT_OF, has_of and "%" in text), (_PCT_THEN_EVENTS, has_of and "%" in text),
                                       (_EVENTS_PCT, has_of),
                                       (_SLASH, "/" in text)) if wanted]
    for rx in event_rxs:
        for m in rx.finditer(text):
            if sent.free(m.start(), m.end()):
                stat = _events(m)
                if stat is not None:
                    sent.claim(m.start(), m.end(), stat)
    medians = [*_INTERVAL.finditer(text), *_MEDIAN.finditer(text), *_MEDIAN_COMMA_IQR.finditer(text)] if ("median" in lower or "range" in lower or "iq" in lower) else []
    for m in medians:
        start = m.start("m")
        if not sent.free(start, m.end()):
            continue
        med, lo, hi = _num(m.group("m")), _num(m.group("a")), _num(m.group("b"))
        if None in (med, lo, hi):
            continue
        stat = _empty_stat("median")
        label = (m.group("lab") or "").lower()
        iqr = "iq" in label or "q1" in label or (not label and re.search(r"\bIQR\b|interquartile", text, re.I))
        stat.update(median=med.value, **({"q1": lo.value, "q3": hi.value} if iqr else {"range_low": lo.value, "range_high": hi.value}))
        stat["flags"] += [*med.flags, *lo.flags, *hi.flags]
        sent.claim(start, m.end(), stat)
    for m in (_MEAN_SD.finditer(text) if "±" in text or "+" in text or "∓" in text else ()):
        if sent.free(m.start(), m.end()):
            stat = _value_stat(m.group())
            if stat is not None:
                lead = text[max(0, m.start() - 25): m.start()]
                if re.search(r"\b(?:reduced|decreased|increased|improved|changed?|reduction|improvement|increase|decrease)\s+(?:by|of)\s+$", lead, re.I):
                    stat["measure"] = "change"
                if _SE.search(text):
                    stat["flags"].append("sd_or_se")
                sent.claim(m.start(), m.end(), stat)
    has_sd = "s" in lower and "(" in text and _MEAN_PAREN_SD.search(text) is not None
    # "−0·3% (SD 0·9) in one group and −0·2% (0·8) in the other": parallel values drop the "SD".
    paren_rxs = ([_MEAN_PAREN_SD] if has_sd else []) + (
        [_BARE_PAREN] if has_sd or ("mean" in lower and _MEAN_SD_HEADER.search(text)) else [])
    for rx in paren_rxs:
        for m in rx.finditer(text):
            if sent.free(m.start(), m.end()):
                mean, sd = _num(m.group("m")), _num(m.group("sd"))
                if mean is None or sd is None:
                    continue
                stat = _empty_stat("mean_sd")
                stat.update(mean=mean.value, sd=sd.value)
                stat["flags"] += [*mean.flags, *sd.flags]
                sent.claim(m.start(), m.end(), stat)
    has_pct = "%" in text or "cent" in lower
    for m in (_COUNT_NOUN_PCT.finditer(text) if has_pct else ()):
        if sent.free(m.start(), m.end()):
            stat = _events(m)
            if stat is not None and stat["events"] <= 100_000:
                sent.claim(m.start(), m.end(), stat)
    for m in (_N_PCT.finditer(text) if has_pct else ()):
        if sent.free(m.start(), m.end()):
            stat = _events(m)
            if stat is not None:
                sent.claim(m.start(), m.end(), stat)
    for m in (_PCT_LIST.finditer(text) if has_pct else ()):
        if not sent.free(m.start(), m.end()):
            continue
        for n in re.finditer(NUM, m.group("list")):
            parsed = _num(n.group())
            if parsed is not None:
                stat = _empty_stat("percent")
                stat["percent"] = parsed.value
                stat["flags"] += list(parsed.flags)
                sent.claim(m.start() + n.start(), m.start() + n.end(), stat)
        sent.claim(m.start(), m.end(), None)
    for m in (_PCT.finditer(text) if has_pct else ()):
        if not sent.free(m.start(), m.end()):
            continue
        if re.search(r"(?:\bCI\b|confidence interval|\bwithin)\s*[:=]?\s*$", text[max(0, m.start() - 25): m.start()], re.I):
            continue
        parsed = _num(m.group("v"))
        if parsed is None:
            continue
        stat = _empty_stat("percent")
        stat["percent"] = parsed.value
        stat["flags"] += list(parsed.flags)
        if not 0 <= parsed.value <= 100:
            stat["flags"].append("percent_out_of_range")
        sent.claim(m.start(), m.end(), stat)
    if "median" in lower or "mean" in lower or "average" in lower:
        _summary_pairs(sent)
    for m in (_MEDIAN_ALONE.finditer(text) if "median" in lower else ()):
        if sent.free(m.start("m"), m.end()):
            parsed = _num(m.group("m"))
            if parsed is not None:
                stat = _empty_stat("median")
                stat["median"] = parsed.value
                stat["flags"] += list(parsed.flags)
                sent.claim(m.start("m"), m.end(), stat)
    for m in (_MEAN_ALONE.finditer(text) if "mean" in lower else ()):
        if sent.free(m.start("m"), m.end()):
            parsed = _num(m.group("m"))
            if parsed is not None:
                stat = _empty_stat("mean")
                stat["mean"] = parsed.value
                stat["flags"] += list(parsed.flags)
                sent.claim(m.start("m"), m.end(), stat)
    _event_phrases(sent, outcomes)

def _summary_pairs(sent: SentenceClaims) -> None:
    """'median time to progression (6.5 vs 5.1 months)': one value per arm."""
    text = sent.text
    for m in _PAIR.finditer(text):
        if not sent.free(m.start(), m.end()):
            continue
        words = list(_SUMMARY_WORD.finditer(text, max(0, m.start() - 100), m.start()))
        if not words:
            continue
        if re.search(r"\b(?:at|after|within|by|over|for|during|between)\s+$", text[max(0, m.start() - 10): m.start()]) \
                and TIME.match(text, m.start("b")):
            # "at 1 and 3 years": time points, not two arms' means.
            continue
        if _LABEL_LEAD.search(text, max(0, m.start() - 40), m.start()):
            # "in cohorts 1, 2 and 3", "Rutherford category 5 and 6": numbers that name groups or grades.
            continue
        kind = "median" if words[-1].group(1).lower() == "median" else "mean"
        for key in ("a", "b"):
            parsed = _num(m.group(key))
            if parsed is None:
                break
            stat = _empty_stat(kind)
            stat[kind] = parsed.value
            stat["flags"] += list(parsed.flags)
            sent.claim(m.start(key), m.end(key), stat)
        sent.claim(m.start(), m.end(), None)

def _value_stat(raw: str) -> dict | None:
    """A summary value: 'm ± sd unit' -> mean_sd, 'x%' -> percent, else mean."""
    m = re.match(rf"\s*(?P<m>{NUM})\s*(?P<p1>%)?(?:\s*{PLUS_MINUS}\s*(?P<sd>{UNUM})\s*(?P<p2>%)?)?", raw)
    if not m:
        return None
    mean = _num(m.group("m"))
    if mean is None:
        return None
    if m.group("sd"):
        sd = _num(m.group("sd"))
        if sd is None:
            return None
        stat = _empty_stat("mean_sd")
        stat.update(mean=mean.value, sd=sd.value)
        stat["flags"] += [*mean.flags, *sd.flags]
    elif m.group("p1"):
        stat = _empty_stat("percent")
        stat["percent"] = mean.value
        stat["flags"] += list(mean.flags)
    else:
        stat = _empty_stat("mean")
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
    stat = _empty_stat("events")
    stat.update(events=events, total=total, percent=pct.value if pct else None)
    if pct is not None:
        stat["flags"] += list(pct.flags)
        if total and abs(100 * events / total - pct.value) > 1.0:
            stat["flags"].append("percent_mismatch")
    return stat

_EV_NOUN = r"(?:patients?|pts|subjects?|participants?|limbs?|cases?)"
#: "in 1, 1, 2 and 3 patients", "in 9 versus 8 patients", "13 and 5 patients, respectively": one count per arm.
_COUNT_LIST = re.compile(
    rf"(?P<list>{COUNT}(?:\s*,\s*{COUNT})*\s*,?\s*(?:and|versus|vs\.?|or)\s+{COUNT})\s+"
    rf"(?:(?:control|treated|evaluable|other|remaining)\s+)?{_EV_NOUN}\b", re.I)
#: Words of allocation or enrolment: a sentence with them lists group sizes, not events.
_ALLOCATING = re.compile(r"\b(?:randomi[sz]\w*|allocated|assigned|divided|enrolled|included|recruited|completed|"
                         r"comprised|consisted|analy[sz]ed|evaluable|followed|lost)\b", re.I)
#: An event said to happen in N patients, with or without a vocabulary outcome: "bruising occurred in 9
#: patients", "transient fever was observed in 2 of 30 patients".
_OCCURRED_IN_N = re.compile(
    rf"\b(?:occurred|developed|appeared|(?:was|were)\s+(?:observed|reported|seen|noted|recorded|detected|diagnosed))"
    rf"\s+in\s+(?P<e>{COUNT})\s+(?:of\s+(?:the\s+)?(?P<t>{COUNT})\s+)?(?:(?:control|treated)\s+)?{_EV_NOUN}\b", re.I)
#: "2 patients developed access-site bleeding", "Two recipients experienced fever".
_N_DEVELOPED = re.compile(
    rf"(?P<e>{COUNT})\s+(?:[\w\-+/]+\s+)?(?:patients?|pts|subjects?|participants?|recipients?)"
    rf"(?:\s+in\s+the\s+[\w\-+/ ]{{1,30}}?\s+(?:group|arm|cohort))?\s+"
    rf"(?:developed|experienced|suffered|died)\b", re.I)
_OF_LEAD = re.compile(rf"^\W*(?:\w+:\s*)?of\s+(?:the\s+)?{COUNT}", re.I)
_LIST_EVENT_CUE = re.compile(
    r"\b(?:occurred|occurring|died|deaths?|performed|required|needed|necessary|developed|experienced|healed|seen|"
    r"observed|reported|free of|underwent|amputations?|had|suffered|recorded|noted)\b", re.I)


def bare_event_counts(text: str) -> list[tuple[int, int, int, int | None]]:
    """Event counts with no outcome word needed, as (start, end, events, total): lists of counts, one per arm
    ("in 1, 1, 2 and 3 patients", "death in 9 versus 8 patients"), "occurred in N patients" and "N patients
    developed ...". Sentences that allocate or enrol patients are left alone (their counts are group sizes)."""
    out: list[tuple[int, int, int, int | None]] = []
    if _ALLOCATING.search(text) or not _LIST_EVENT_CUE.search(text):
        return out
    totals: list[int] | None = None
    for m in _COUNT_LIST.finditer(text):
        items = [(c.start(), c.end(), parse_count(c.group())) for c in static_rx(COUNT).finditer(m.group("list"))]
        if len(items) < 2 or any(v is None for _, _, v in items):
            continue
        if re.search(r"\bof\s+(?:the\s+)?$", text[max(0, m.start() - 8):m.start()], re.I):
            # "Of 18 and 16 limbs with ulcers, 13 and 5 healed": the denominators of the counts that follow.
            totals = [v for _, _, v in items]
            continue
        if totals is None and _OF_LEAD.match(text):
            # "Of the 15 patients with ulcers in A and 14 in B, ... 13 and 7": denominators we cannot pair.
            continue
        if totals is not None and (len(totals) != len(items) or any(v > t for (_, _, v), t in zip(items, totals))):
            continue
        out.extend((m.start("list") + a, m.start("list") + b, v, totals[i] if totals else None)
                   for i, (a, b, v) in enumerate(items))
    for rx in (_OCCURRED_IN_N, _N_DEVELOPED):
        for m in rx.finditer(text):
            e = parse_count(m.group("e"))
            t = parse_count(m.group("t")) if "t" in rx.groupindex and m.group("t") else None
            if e is None or (t is not None and e > t):
                continue
            out.append((m.start("e"), m.end("t") if t is not None else m.end(), e, t))
    return out


def _event_phrases(sent: SentenceClaims, outcomes: list[dict]) -> None:
    """Counts without denominators: 'five control patients had an amputation', 'no amputation occurred'."""
    text, base = sent.text, sent.base
    countable = [o for o in outcomes if o["countable"] and base <= o["evidence"]["start"] < base + len(text)]
    for m in _EVENTS_VERB.finditer(text):
        if not sent.free(m.start(), m.end()):
            continue
        following = [o for o in countable if 0 <= o["evidence"]["start"] - base - m.end() <= 60]
        if not following and not re.search(r"\bdied\b", m.group(), re.I):
            continue
        events = 0 if m.group("e").lower() == "no" else parse_count(m.group("e"))
        if events is None:
            continue
        stat = _empty_stat("events")
        stat["events"] = events
        if following:
            stat["_outcome"] = following[0]
        end = (following[0]["evidence"]["end"] - base) if following else m.end()
        sent.claim(m.start(), end, stat)
    lower = text.lower()
    for m in _NONE_VERB.finditer(text) if ("none" in lower or "no one" in lower or "nobody" in lower) else ():
        following = [o for o in countable if 0 <= o["evidence"]["start"] - base - m.end() <= 40]
        if (following or re.search(r"\bdied\b", m.group(), re.I)) and sent.free(m.start(), m.end()):
            stat = _empty_stat("events")
            stat["events"] = 0
            if following:
                stat["_outcome"] = following[0]
            sent.claim(m.start(), following[0]["evidence"]["end"] - base if following else m.end(), stat)
    in_sentence = [o for o in outcomes if base <= o["evidence"]["start"] < base + len(text)]
    for o in in_sentence:
        s, e = o["evidence"]["start"] - base, o["evidence"]["end"] - base
        tail = _NO_TAIL.match(text[e:])
        if _NO_LEAD.match(text[:s]) and tail and sent.free(0, e):
            # "No SAE.", "No wound infections were observed in either group.": a whole sentence of zero events.
            stat = _empty_stat("events")
            stat["events"] = 0
            stat["_outcome"] = o
            if tail.group("either"):
                stat["_every_arm"] = True
            sent.claim(s, e, stat)
            continue
        if not o["countable"]:
            # "collateral formation in 11 patients": any outcome said to occur in N patients is a count
            # ("angiography was performed in 20 patients" is not).
            after = _OCCURRED_IN.match(text, e)
            if after and after.group("verb") and not _DONE_VERB.search(after.group("verb")):
                _occurred_in(sent, o, s, e)
            continue
        lead = _COUNT_BEFORE.search(text[max(0, s - 40): s])
        if lead and o["label"].lower().endswith(("s", "deaths")) and o["outcome"] != "ulcer_healing":
            # "Three major amputations", "there were 27 recurrences": a count of events.
            start = max(0, s - 40) + lead.start("e")
            events = parse_count(lead.group("e"))
            if events is not None and sent.free(start, e):
                stat = _empty_stat("events")
                stat["events"] = events
                stat["_outcome"] = o
                sent.claim(start, e, stat)
                continue
        if _occurred_in(sent, o, s, e):
            continue
        before = _NO_BEFORE.search(text[max(0, s - 40): s])
        after = _OCCURRED_AFTER.match(text[e: e + 50])
        if before and after:
            start = max(0, s - 40) + before.start()
            if sent.free(start, e + after.end()):
                stat = _empty_stat("events")
                stat["events"] = 0
                stat["_outcome"] = o
                sent.claim(start, e + after.end(), stat)

    for start, end, events, total in bare_event_counts(text):
        if sent.free(start, end):
            stat = _empty_stat("events")
            stat.update(events=events, total=total)
            stat["flags"].append("event_count_bare")
            sent.claim(start, end, stat)
    _claim_counts(sent, event_counts(text), outcomes)


def _claim_counts(sent: SentenceClaims, counts: list, outcomes: list[dict] | None = None) -> None:
    """Claim the prose event counts of ``event_counts`` whose characters no other pattern read.

    A count of a named event ("fever (n = 4)") takes the outcome mention on that noun, or, where the
    vocabulary has none ("ecchymosis"), the noun as a label with no outcome id: never a neighbour's outcome.
    """
    for c in counts:
        if not sent.free(c.start, c.end):
            continue
        stat = _empty_stat("events")
        stat.update(events=c.events, total=c.total)
        stat["flags"].append("event_count_bare")
        if c.every_arm:
            stat["_every_arm"] = True
        for span, named in ((c.head, True), (c.verb, False)):
            if span is None:
                continue
            h0, h1 = sent.base + span[0], sent.base + span[1]
            own = [o for o in outcomes or [] if o["evidence"]["start"] < h1 and h0 < o["evidence"]["end"]]
            if own:
                stat["_outcome"] = own[-1]
            elif named:
                stat["_outcome"] = {"outcome": None, "label": sent.text[span[0]:span[1]]}
        sent.claim(c.start, c.end, stat)


def _occurred_in(sent: SentenceClaims, o: dict, s: int, e: int) -> bool:
    """'Major amputation was necessary in 12 limbs', '... in 3 of 20 patients', '... and in four control patients'."""
    text = sent.text
    after_in = _OCCURRED_IN.match(text, e)
    if not after_in or (not after_in.group("verb") and not o["label"].lower().endswith(("recurred", "healed", "closed"))):
        # Without a verb only an outcome that is one ("ulcers recurred in 2 patients") says it happened.
        return False
    events = parse_count(after_in.group("e"))
    total = parse_count(after_in.group("t")) if after_in.group("t") else None
    if events is None or (total is not None and events > total) or not sent.free(s, after_in.end()):
        return False
    stat = _empty_stat("events")
    stat.update(events=events, total=total)
    stat["_outcome"] = o
    sent.claim(s, after_in.end(), stat)
    second = _AND_IN.match(text, after_in.end())
    if second and total is None and sent.free(second.start("e"), second.end()):
        stat = _empty_stat("events")
        stat["events"] = parse_count(second.group("e"))
        stat["_outcome"] = o
        sent.claim(second.start("e"), second.end(), stat)
    return True
