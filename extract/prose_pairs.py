"""Arm-level values (events, or mean ± SD) read from one sentence that names the query's arms.

"22/66 (33%) of citrate-treated patients died versus 25/72 (35%) of
heparin-treated patients", "Heparin was discontinued in 24/73 (33%) of patients
whereas citrate was discontinued in 5/66 (8%)", "7 patients (8.97%) in the
treatment group and 19 (23.75%) in the control group": the general pipeline's
attribution often leaves such values without an arm; a reviewer's query names
both arms, so the sentence can be read for exactly those two.

Pure regular expressions (no spaCy). A value is ``x/y``, ``x of y``, ``p% (x/y)``,
``x (p%)``, ``p% (n = x)`` (events; the group size comes from elsewhere), ``m ± s`` (a mean and its SD); a
bare ``p%`` is read (it bounds its neighbours' stretches) but answers nothing: which n it is of is not said. Each
value takes the arm named in the stretch of text between it and its neighbouring value: before it
("in the Cotrifazid group at 15% (11/72)") or after it ("40.5% (122/301) of
bimatoprost PF"), whichever reading gives more values an arm. A name that fits
both arms ("bimatoprost" in "bimatoprost PF" and "bimatoprost") counts only
when the other arm is already placed. Anything unclear gives nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from stemfoot.extract.numbers import WORD_NUM, words_to_int, words_without_numbers
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.schemas import CLUSTER_SIDE, CLUSTER_UNITS, control_words

#: Generic names of the two sides; the comparator's only when the query's comparator is itself generic/control. A
#: cluster trial's units name its sides too ("118 of the 389 children in intervention centres"), only after a word
#: that names a side alone: "study centres", "treatment centres", "active clusters" are where an individually
#: randomised trial enrolled or treated its patients, both arms alike.
_UNITS = rf"{CLUSTER_SIDE}\b"
_GENERIC_INT = (r"(?:study|intervention|experimental|treatment|treated|active) (?:group|arm)"
                rf"|(?:intervention|experimental) {_UNITS}")
_GENERIC_CMP = (rf"(?:control|placebo|comparison|usual care|sham) (?:group|arm)|(?:control|comparison|usual care) {_UNITS}"
                r"|controls\b|placebo\b")
#: This module's regexes, as data in patterns/prose_pairs.json (compiled once, here).
_RX = load_patterns("prose_pairs", WORD_NUM=WORD_NUM, CONTROL_WORDS=control_words("prose_pair"))
#: Words of an arm name that do not name it on their own.
_WEAK = {"group", "groups", "arm", "arms", "patients", "the", "and", "with", "plus", "alone", "only", "therapy",
         "treatment", "treated", "dose", "doses", "oral", "daily", "standard", "conventional", "usual", "care",
         "intervention", "control", "placebo", "combined", "combination", "tablets", "tablet", "solution",
         # function words of a long arm description ("routine turning every 2 h from the left ..."), never its name
         "every", "each", "from", "into", "onto", "over", "under", "after", "before", "during", "than", "that",
         "this", "these", "those", "their", "were", "have", "been", "within", "about", "per",
         # a cluster trial's units: both sides have them ("intervention centres", "control centres")
         *CLUSTER_UNITS}
_NUM = r"\d{1,5}"
_PCT = r"\d{1,3}(?:[.·]\d+)?\s*%"  # "18·1%": a middle dot is a decimal point (Lancet style)
_DEC = r"\d{1,6}(?:[.·]\d+)?"  # "62·1": a middle dot is a decimal point too
#: A unit written between a mean and its "±" ("107.1 g/L ± 13.0 g/L"); a unit of time may be a whole word ("8.8 minutes
#: ± 2.8", ``TIME_UNIT``).
_UNIT = r"(?:[A-Za-zµμ]{1,5}(?:/[A-Za-z]{1,5})?)(?![A-Za-z/])"


def _value_pattern(count: str) -> re.Pattern:
    """The values of a sentence, with ``count`` as the form of a count before "of" or a bracketed percent."""
    return re.compile(
        rf"(?<![\d.,/·])(?P<mean4>[-−]?{_DEC})\s*%?\s*\(\s*SD\s*[:=,]?\s*(?P<sd4>{_DEC})\s*%?\s*\)"  # 14.8 (SD 8.1)
        # 6.2 (SE 0.9): a mean whose spread is an SE, answered without an SD
        rf"|(?<![\d.,/·])(?P<mean5>[-−]?{_DEC})\s*%?\s*\(\s*(?:SEM?|S\.E\.(?:M\.)?|standard error)\s*[:=,]?\s*{_DEC}\s*%?\s*\)"
        rf"|(?<![\d.,/·])(?P<mean2>[-−]?{_DEC})\s*%?\s*\(\s*(?:±|\+/-)\s*(?P<sd2>{_DEC})\s*%?\s*\)"  # 7.97% (±0.82)
        rf"|(?<![\d.,/·])(?P<mean3>[-−]?{_DEC})\s*(?P<unit3>{_UNIT}|{_RX.TIME_UNIT})\s*(?:±|\+/-)\s*(?P<sd3>{_DEC})(?!\d|[.·]\d|\s*%)"  # 107.1 g/L ± 13.0
        rf"(?!\s*(?!(?P=unit3)(?![A-Za-z]))(?:{_RX.TIME_UNIT}))"  # not a visit window "12 weeks ± 3 days"
        rf"|(?<![\w.,/·])(?P<mean6>[-−+]{_DEC})\s*%(?!\s*(?:CI|confidence))"  # −0.66%: a signed percent is a change, no share
        rf"|(?P<pct1>{_PCT})\s*[(\[]\s*(?P<e1>{_NUM})\s*(?:/|(?:out\s+)?of(?:\s+the)?)\s*(?P<n1>{_NUM})\s*[)\]]"  # 15% (11/72)
        rf"|(?<![\d.,/])(?P<e2>{_NUM})\s*/\s*(?P<n2>{_NUM})(?![\d/.]\d)(?:\s*[(\[]\s*(?P<pct2>{_PCT})[^)\]]*[)\]])?"  # 22/66 (33%)
        rf"|(?<![\d.,/])(?P<e3>{count})\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?(?P<n3>{_NUM})(?!\d|\.\d)"  # 34 of 36
        rf"(?:\s+[a-z]+)?(?:\s*[(\[]\s*(?P<pct3>{_PCT})[)\]])?"
        rf"|(?<![\d.,/])(?P<e4>{count})(?:\s+[a-z]+){{0,2}}?\s*[(\[]\s*(?P<pct4>{_PCT})\s*[)\]]"  # 7 patients (8.97%)
        rf"|(?<=[(\[])\s*(?P<e8>{count})\s+[a-z]+\s*,\s*(?P<pct8>{_PCT})\s*(?=[)\]])"  # (three participants, 6.98%)
        # 81.5% [22 patients], 18.1% (n = 13)
        rf"|(?<![\d.,/])(?P<pct6>{_PCT})\s*[(\[]\s*(?:n\s*=\s*)?(?P<e6>{count})(?:\s+[a-z]+)?\s*[)\]]"
        rf"|(?<![\d.,/])(?P<pct7>{_PCT})\s*[;,]\s*(?P<e7>{_NUM})\s*/\s*(?P<n7>{_NUM})(?![\d/.]\d)"  # (84.8%; 145/171), (97.7%, 42/43)
        rf"|(?<![\d.,/])(?P<pct5>{_PCT})(?!\s*(?:CI|confidence))"  # 78.2%
        # 70.85 ± 8.88; "8.6 ± 6.9%" (a mean and SD in percent: a weight loss, an HbA1c change) is one too
        rf"|(?<![\d.,/·])(?P<mean>[-−]?{_DEC})\s*(?:±|\+/-|\+-)\s*(?P<sd>{_DEC})(?:\s*%)?(?!\d|[.·]\d|\s*%)",
        re.I)


_VALUE = _value_pattern(_NUM)
#: The same with counts as words; used only for sentences that have a number word (the alternation is slow).
_VALUE_WORDS = _value_pattern(rf"{_NUM}|{_RX.WORDNUM}")


#: The value pattern's mean groups and their spread groups (a signed percent has none, nor a mean given with its SE).
_MEAN_SPREAD = {"mean": "sd", "mean2": "sd2", "mean3": "sd3", "mean4": "sd4", "mean5": None, "mean6": None}


@dataclass
class Value:
    """One value of a sentence: events (and group size) or a bare percent, with its span in the sentence."""
    start: int
    end: int
    events: int | None = None
    total: int | None = None
    percent: float | None = None
    text: str = ""
    mean: float | None = None
    sd: float | None = None


@dataclass
class Pair:
    """Both arms' values from one sentence, the lead words before its first value, and where it is."""
    intervention: Value
    comparator: Value
    sentence: str
    sentence_start: int
    lead: str
    arm_text: dict[str, str] = field(default_factory=dict)


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence): split after . ! ? before a capital or bracket, or before a count of people that opens a
    sentence ("... postoperatively. 3 patients in Group B and ..."), not after "vs." "e.g." "et al."."""
    out, start = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z(\[]|\d{1,4}\s+(?:patients?|participants?|subjects?|women|men|children)\b)"
                         r"|\n+", text or ""):
        if m.group().strip(" ") and "\n" not in m.group() and _RX.ABBREV.search(text[max(start, m.start() - 8):m.start()]):
            continue
        if _RX.ABBREV.search(text[max(start, m.start() - 8):m.start()]) and "\n" not in m.group():
            continue
        if text[start:m.start()].strip():
            out.append((start, text[start:m.start()]))
        start = m.end()
    if text and text[start:].strip():
        out.append((start, text[start:]))
    return out


def _percent(text: str) -> float:
    """A percent's number ("18.1%", "18·1 %")."""
    return float(text.rstrip("% ").strip().replace("·", "."))


def values(sentence: str) -> list[Value]:
    """The binary values of a sentence (events/total, events with percent, bare percents), in order."""
    return list(_values(sentence))


@lru_cache(maxsize=4096)
def _values(sentence: str) -> tuple[Value, ...]:
    blank = _RX.NOT_VALUE.sub(lambda m: " " * len(m.group()), sentence)
    out = []
    for m in (_VALUE_WORDS if _RX.HAS_WORDNUM.search(blank) else _VALUE).finditer(blank):
        g = m.groupdict()
        pct = next((g[k] for k in ("pct1", "pct2", "pct3", "pct4", "pct6", "pct7", "pct8", "pct5") if g[k]), None)
        e = next((g[k] for k in ("e1", "e2", "e3", "e4", "e6", "e7", "e8") if g[k]), None)
        n = next((g[k] for k in ("n1", "n2", "n3", "n7") if g[k]), None)
        if g["pct7"] and abs(_percent(g["pct7"]) - 100 * int(e) / max(int(n), 1)) > 1:
            # "84.8%; 145/171", "97.7%, 42/43": a percent and a count joined by a semicolon or comma only when they agree
            out.append(Value(m.start(), m.start() + len(g["pct7"]), percent=_percent(g["pct7"]),
                             text=g["pct7"]))
            if int(e) <= int(n):
                out.append(Value(m.start("e7"), m.end("n7"), int(e), int(n), text=sentence[m.start("e7"):m.end("n7")]))
            continue
        key = next((k for k in _MEAN_SPREAD if g[k]), None)
        if key:
            sd = g[_MEAN_SPREAD[key]] if _MEAN_SPREAD[key] else None
            out.append(Value(m.start(), m.end(), text=sentence[m.start():m.end()],
                             mean=float(g[key].replace("−", "-").replace("·", ".")),
                             sd=float(sd.replace("·", ".")) if sd else None))
            continue
        if e and not e.isdigit():
            e = str(words_to_int(e))
        v = Value(m.start(), m.end(), int(e) if e else None, int(n) if n else None,
                  _percent(pct) if pct else None, sentence[m.start():m.end()])
        if v.total is not None and (v.events is None or v.events > v.total or v.total == 0):
            continue  # "2/1" is no proportion (a ratio, a date)
        if v.events is not None and v.total is None and v.percent is not None and v.percent > 0 and v.events == 0:
            continue
        if v.percent is not None and v.percent > 100:
            continue
        out.append(v)
    return tuple(out)


def mean_values(sentence: str) -> list[Value]:
    """Means reported without an SD ("with mean of 463 mL, versus 409 mL in Group II", "The mean score in group
    I was 3.47, while in group II it was 3.93"): exactly two bare numbers in a sentence that says "mean" and has
    no other value; else none (a bare number is too often a count, a dose or a code)."""
    return list(_mean_values(sentence))


@lru_cache(maxsize=4096)
def _mean_values(sentence: str) -> tuple[Value, ...]:
    if not _RX.MEAN_WORD.search(sentence) or _values(sentence):
        return ()
    blank = _RX.NOT_VALUE.sub(lambda m: " " * len(m.group()), sentence)
    blank = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), blank)  # "(n = 20)", "(range 2-7)", "(SD)"
    out = []
    for m in _RX.BARE_NUMBER.finditer(blank):
        if _RX.NOT_MEAN_BEFORE.search(blank[max(0, m.start() - 14):m.start()]) or _RX.NOT_MEAN_AFTER.match(blank[m.end():]):
            continue
        out.append(Value(m.start(), m.end(), text=sentence[m.start():m.end()], mean=float(m.group("x"))))
    return tuple(out) if len(out) == 2 else ()


def tight_means(sentence: str) -> list[Value]:
    """Two bare numbers in a sentence that does not say "mean" (``mean_values`` reads those) and has no other value:
    "Patient satisfaction was 8.3 for the X group compared to 8.5 for the Y group", "a score of 9.1 points in the Y
    group and 6.9 points in the X group". They are read only where each is bound to its own arm's name right after
    it (``sentence_pair``); else a bare number is too often a count, a dose or a code. Numbers that are codes, times,
    sizes, ages or range ends are none (``NOT_MEAN_BEFORE`` / ``NOT_MEAN_AFTER``, "3-month": ``TIME_ADJECTIVE``,
    "aged 54.3"), nor is a dose in a sentence that says the arms were given it (``GIVEN``: "received 0.5 mg/kg in
    the X group")."""
    return list(_tight_means(sentence))


@lru_cache(maxsize=4096)
def _tight_means(sentence: str) -> tuple[Value, ...]:
    if _RX.MEAN_WORD.search(sentence) or _values(sentence):
        return ()
    blank = _RX.NOT_VALUE.sub(lambda m: " " * len(m.group()), sentence)
    blank = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", lambda m: " " * len(m.group()), blank)
    given = _RX.GIVEN.search(sentence)
    out = []
    for m in _RX.BARE_NUMBER.finditer(blank):
        before = blank[max(0, m.start() - 14):m.start()]
        if re.search(r"\bto\s+$", before, re.I) and not re.search(r"\d\S*\s+(?:[A-Za-z]+\s+)?to\s+$", blank[:m.start()]):
            before = before[:-3]  # "compared to 8.5", "reduced to 17.05": no range end ("2 to 5", "6.4 mm to 2.4")
        if _RX.NOT_MEAN_BEFORE.search(before) or _RX.NOT_MEAN_AFTER.match(blank[m.end():]) \
                or _RX.TIME_ADJECTIVE.match(blank[m.end():]) or re.search(r"\baged?\s+$", before, re.I):
            continue
        if given and _RX.DOSE.match(blank, m.start()):
            continue  # "received 0.5 mg/kg in the X group": a dose, what the arm was given
        out.append(Value(m.start(), m.end(), text=sentence[m.start():m.end()], mean=float(m.group("x"))))
    # at least one with decimals: two whole numbers are as often counts, doses or codes as means
    return tuple(out) if len(out) == 2 and any("." in v.text for v in out) else ()


def _tight_mean_pair(sentence: str, vals: list[Value], mentions: list[tuple[int, str, bool, int]]
                     ) -> tuple[Value, Value, dict[str, str]] | None:
    """Each of two bare means bound to the arm named right after it (``TIGHT_MEAN_AFTER``), by a name of that arm
    alone, one arm each; else None."""
    roles = []
    for k, v in enumerate(vals):
        stop = vals[k + 1].start if k + 1 < len(vals) else len(sentence)
        near = [m for m in mentions if v.end <= m[0] < stop and _RX.TIGHT_MEAN_AFTER.match(sentence[v.end:m[0]])]
        named = {m[1] for m in near if m[2] and m[0] == min(x[0] for x in near)}
        if len(named) != 1:
            return None
        roles.append(named.pop())
    if sorted(roles) != ["comparator", "intervention"]:
        return None
    return (vals[0], vals[1], {}) if roles[0] == "intervention" else (vals[1], vals[0], {})


def bare_counts(sentence: str) -> list[Value]:
    """Events written as bare counts of people, each followed by its group: "Three patients in the ticlopidine group
    and one patient in the placebo group had mild bleeding", "3 patients in Group B and 1 in Group C had delayed
    healing". Exactly two such counts, at least one with its noun ("patients"), and no other value in the sentence;
    none in a sentence that allocates, enrols, treats, analyses or describes the groups (``NOT_BARE_EVENT``: those
    counts are group sizes); a number after a code, time or range word is none (``NOT_COUNT_BEFORE``: "at week 4 in
    the X group"); none when each count has its own predicate ("... had nausea and 2 patients in the Y group had
    vomiting": ``BARE_PREDICATE``). The group size comes from elsewhere, as for "p% (n = k)"."""
    return list(_bare_counts(sentence))


@lru_cache(maxsize=4096)
def _bare_counts(sentence: str) -> tuple[Value, ...]:
    if _values(sentence) or _RX.NOT_BARE_EVENT.search(sentence):
        return ()
    blank = _RX.NOT_VALUE.sub(lambda m: " " * len(m.group()), sentence)
    # "at week 4 in the X group", "3–4 patients in the X group": a code, time or range end is no count of people
    hits = [m for m in _RX.BARE_COUNT.finditer(blank)
            if not _RX.NOT_COUNT_BEFORE.search(blank[max(0, m.start() - 16):m.start()])]
    if len(hits) != 2 or not any(m.group("noun") for m in hits):
        return ()
    if _RX.BARE_PREDICATE.search(blank[hits[0].end():hits[1].start()]) \
            and _RX.BARE_PREDICATE.search(blank[hits[1].end():]):
        return ()  # "3 patients in the X group had nausea and 2 in the Y group had vomiting": maybe two outcomes
    out = []
    for m in hits:
        e = m.group("e")
        end = m.end("noun") if m.group("noun") else m.end("e")
        end = len(sentence[:end].rstrip())
        out.append(Value(m.start(), end, int(e) if e.isdigit() else words_to_int(e), text=sentence[m.start():end]))
    return tuple(out)


def respective_counts(sentence: str) -> list[Value]:
    """Events listed as counts of people that "respectively" gives to the groups named after them: "Complete healing
    was achieved in 28 and 17 patients in the PBMNC and control groups, respectively (62.2% vs 37.8%)", "Rest pain
    resolved in 8, 11 and 3 patients in the low-dose, high-dose and placebo groups, respectively". One such list a
    sentence and no other (``PEOPLE_LISTS``), no other value before "respectively", no word of leaving
    (``analysed_counts.leaving``: "6 and 3 cases were lost") and none of allocation, enrolment, analysis or make-up
    of the groups (``NOT_BARE_EVENT``, "respectively" aside: "58 and 57 patients in the A and B groups, respectively,
    completed the study" are group sizes). The group size comes from elsewhere."""
    return list(_respective_counts(sentence))


@lru_cache(maxsize=4096)
def _respective_counts(sentence: str) -> tuple[Value, ...]:
    from stemfoot.extract.analysed_counts import leaving  # lazily, as arm_forms imports outcome_query

    found = list(_RX.RESPECTIVE_COUNTS.finditer(sentence))
    if len(found) != 1 or len(_RX.PEOPLE_LISTS.findall(sentence)) != 1 or leaving(sentence) \
            or _RX.NOT_BARE_EVENT.search(re.sub(r"(?i)\brespectively\b", " ", sentence)):
        return ()  # two lists, people who left ("6 and 3 cases were lost"), or the groups' sizes
    m = found[0]
    if any(v.start < m.end() for v in _values(sentence)):
        return ()  # "28 (62%) and 17 (38%) patients ...": the values' own reading
    out = []
    for c in _RX.LISTED_COUNT.finditer(sentence, m.start("list"), m.end("list")):
        e = c.group()
        out.append(Value(c.start(), c.end(), int(e) if e.isdigit() else words_to_int(e), text=e))
    return tuple(out)


def arm_forms(name: str) -> list[str]:
    """Forms that name an arm in prose: its aliases and its distinctive head words ("citrate", "Cotrifazid")."""
    from stemfoot.extract.outcome_query import arm_aliases

    forms = [re.sub(r"^(?:the|a)\s+", "", f.strip(), flags=re.I) for f in arm_aliases(name)]
    words = re.findall(r"[A-Za-z][A-Za-z-]+", re.sub(r"\([^()]*\)", " ", name))
    forms += [w for w in words if len(w) >= 4 and w.lower() not in _WEAK]
    keep = []
    for f in dict.fromkeys(forms):
        if len(f) < 2 or (len(f) < 3 and not f.isupper()) or f.lower() in _WEAK:
            continue
        if f.isupper() and len(f) <= 6 and f not in name:
            continue  # initials made up from the name must be written in it to count ("LM" in "laryngeal mask (LM)")
        keep.append(f)
    return keep


def _mentions(sentence: str, forms: list[str]) -> list[tuple[int, int, str]]:
    spans = []
    for f in forms:
        flags = 0 if f.isupper() and len(f) <= 6 else re.I
        pat = re.escape(f).replace(r"\ ", r"\s+")
        spans += [(m.start(), m.end(), f) for m in re.finditer(rf"(?<![A-Za-z]){pat}s?(?![A-Za-z])", sentence, flags)]
    return spans


def _doses(name: str) -> list[str]:
    """The doses written in an arm's name ("4%", "300 mg", "15-pulse", "eight-pulse"), spaces normalised."""
    return [" ".join(m.group(0).split()) for m in _RX.DOSE.finditer(name or "")]


@lru_cache(maxsize=1024)
def dose_forms(q_int: str, q_cmp: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Arms told apart by dose only ("4% lidocaine ..." vs "2% lidocaine ...", "15-pulse ATP" vs "eight-pulse
    ATP"): each arm's one dose the other lacks, which then names it ("the 4% group", "with 2%"); none when the
    arms differ in another word too or by more than one dose each (their names tell them apart, or nothing does)."""
    d_int, d_cmp = _doses(q_int), _doses(q_cmp)
    own_i = [d for d in d_int if d.lower() not in {x.lower() for x in d_cmp}]
    own_c = [d for d in d_cmp if d.lower() not in {x.lower() for x in d_int}]
    strip = lambda n: {w.lower() for w in re.findall(r"[A-Za-z]{3,}", _RX.DOSE.sub(" ", n or ""))}
    if len(own_i) != 1 or len(own_c) != 1 or strip(q_int) != strip(q_cmp):
        return (), ()
    return (own_i[0],), (own_c[0],)


def _dose_mentions(sentence: str, forms: tuple[str, ...]) -> list[tuple[int, int, str]]:
    spans = []
    for f in forms:
        pat = re.escape(f).replace(r"\ ", r"\s*")
        spans += [(m.start(), m.end(), f) for m in re.finditer(rf"(?<![\w.,]){pat}(?![\w.])", sentence, re.I)]
    return spans


def _role_mentions(sentence: str, q_int: str, q_cmp: str) -> list[tuple[int, str, bool, int]]:
    """(start, role, specific, end) of each arm mention; ``specific`` when the words name only that arm."""
    f_int, f_cmp = arm_forms(q_int), arm_forms(q_cmp)
    low_int, low_cmp = {f.lower() for f in f_int}, {f.lower() for f in f_cmp}
    out = []
    for role, forms in zip(("intervention", "comparator"), dose_forms(q_int, q_cmp)):
        out += [(s, role, True, e) for s, e, _ in _dose_mentions(sentence, forms)]
    for role, forms, other, q in (("intervention", f_int, low_cmp, q_int), ("comparator", f_cmp, low_int, q_cmp)):
        for s, e, f in _mentions(sentence, forms):
            if other_dose(sentence[e:], q):
                continue  # "liraglutide 1.2 or 1.8 mg" names other arms than "Liraglutide (0.6 mg)"
            out.append((s, role, f.lower() not in other and not any(f.lower() in o for o in other), e))
    if not any(m[1] == "intervention" for m in out):
        out += [(m.start(), "intervention", True, m.end()) for m in re.finditer(_GENERIC_INT, sentence, re.I)]
    if not any(m[1] == "comparator" for m in out) and (_RX.CONTROLISH.search(q_cmp) or len(q_cmp.split()) <= 1):
        out += [(m.start(), "comparator", True, m.end()) for m in re.finditer(_GENERIC_CMP, sentence, re.I)
                if _RX.CONTROLISH.search(q_cmp) or not _RX.CONTROLISH.search(q_int)]
    return sorted(out)


def other_dose(after: str, query_arm: str) -> bool:
    """Whether the number right after an arm's name ("liraglutide 1.2 or 1.8 mg") is a dose the query arm, which
    names its doses ("Liraglutide (0.6 mg)"), does not give: the mention is of another dose arm of that drug."""
    m = _RX.DOSE_AFTER_NAME.match(after)
    doses = {float(x) for x in re.findall(r"\d+(?:\.\d+)?", " ".join(_doses(query_arm)))}
    return bool(m and doses and float(m.group("x")) not in doses)


def _tight(sentence: str, vals: list[Value], mentions: list[tuple[int, str, bool, int]], before: bool) -> int:
    """How many values have an arm name right next to them on the reading's side."""
    count = 0
    for v in vals:
        for s, _, _, e in mentions:
            gap = sentence[e:v.start] if before else sentence[v.end:s]
            if (e <= v.start if before else s >= v.end) and len(gap) <= 16 and (
                    _RX.TIGHT_BEFORE if before else _RX.TIGHT_AFTER).match(gap):
                count += 1
                break
    return count


def _assign(sentence: str, vals: list[Value], mentions: list[tuple[int, str, bool, int]],
            before: bool) -> list[str | None]:
    """The role each value takes under one reading (arm named before, or after, its value). A control word
    between the name and the value ("liraglutide ..., compared with either placebo (+0.2%)") is a third arm's
    name: the value is none of the query's."""
    roles: list[str | None] = []
    for i, v in enumerate(vals):
        lo, hi = ((vals[i - 1].end if i else 0), v.start) if before else (v.end, vals[i + 1].start if i + 1 < len(vals) else len(sentence))
        inside = [m for m in mentions if lo <= m[0] < hi]
        specific = [m for m in inside if m[2]]
        pool = specific or inside
        if not pool:
            roles.append(None)
            continue
        near = pool[-1] if before else pool[0]
        if _RX.CONTROLISH.search(sentence[near[3]:v.start] if before else sentence[v.end:near[0]]):
            roles.append(None)
            continue
        roles.append(near[1] if specific or len({m[1] for m in inside}) == 1 else "both")
    return roles


def _resolve(roles: list[str | None]) -> list[str | None]:
    """A value whose words fit both arms takes the one the other values leave."""
    out = list(roles)
    for i, r in enumerate(roles):
        if r == "both":
            taken = {x for x in roles if x in ("intervention", "comparator")}
            left = {"intervention", "comparator"} - taken
            out[i] = left.pop() if len(left) == 1 else None
    return out


def _from_to(sentence: str, vals: list[Value], roles: list[str | None]) -> list[str | None]:
    """"the aromatherapy group from 35.0 ± 7.0 to 23.7 ± 4.7": a value read before treatment and the value it changed
    to are one arm's; the arm a name gives either goes to the later value, and the earlier answers nothing (it is
    the arm's baseline)."""
    out = list(roles)
    for k in range(len(vals) - 1):
        if _is_before(sentence, vals[k]) and _RX.FROM_TO_GAP.match(sentence[vals[k].end:vals[k + 1].start]) \
                and (out[k] is None) != (out[k + 1] is None):
            out[k], out[k + 1] = None, out[k] or out[k + 1]
    return out


def sentence_pair(sentence: str, q_int: str, q_cmp: str) -> tuple[Value, Value, dict[str, str]] | None:
    """The intervention's and comparator's value in one sentence, or None when the sentence does not say both."""
    listed = respective_counts(sentence)
    if listed:
        mentions = _role_mentions(sentence, q_int, q_cmp)
        return _respectively(sentence, listed, mentions) \
            if {m[1] for m in mentions} >= {"intervention", "comparator"} else None
    vals = values(sentence) or mean_values(sentence) or bare_counts(sentence)
    if len(vals) < 2:
        tight = tight_means(sentence)
        return _tight_mean_pair(sentence, tight, _role_mentions(sentence, q_int, q_cmp)) if tight else None
    mentions = _role_mentions(sentence, q_int, q_cmp)
    doses = [(s, e) for s, e, _ in _dose_mentions(sentence, sum(dose_forms(q_int, q_cmp), ()))]
    if doses:  # "with 4% lidocaine than with 2%": a bare percent that is an arm's dose is its name, no value
        vals = [v for v in vals if not (v.events is None and v.mean is None and any(s < v.end and v.start < e
                                                                                     for s, e in doses))]
        mentions = [m for m in mentions if not any(v.start < m[3] and m[0] < v.end for v in vals)]
        if len(vals) < 2:
            return None
    if not {m[1] for m in mentions} >= {"intervention", "comparator"}:
        return None
    resp = _respectively(sentence, vals, mentions)
    if resp:
        return resp
    readings = [_from_to(sentence, vals, _resolve(_assign(sentence, vals, mentions, b))) for b in (True, False)]
    # Support of a reading: values it places, and twice those whose arm name sits right next to them.
    placed = [sum(r in ("intervention", "comparator") for r in rd) + 2 * _tight(sentence, vals, mentions, b)
              for rd, b in zip(readings, (True, False))]
    if placed[0] == placed[1] and readings[0] != readings[1]:
        # Equal support: only a reading in which arms come first and the sentence starts with a name is safe.
        first_m, first_v = mentions[0][0], vals[0].start
        roles = readings[0] if first_m < first_v else readings[1]
    else:
        roles = readings[0] if placed[0] > placed[1] else readings[1]
    i_vals = [v for v, r in zip(vals, roles) if r == "intervention"]
    c_vals = [v for v, r in zip(vals, roles) if r == "comparator"]
    if not i_vals or not c_vals:
        return _comparative(sentence, vals, mentions) or _mirrored(sentence, vals, mentions)
    if joined_unplaced(sentence, vals, roles):
        return None
    at = post_index(sentence, i_vals, c_vals)
    vi, vc = i_vals[at], c_vals[at]
    if vi.mean is not None or vc.mean is not None:
        # "in Group G (70.85 ± 8.88 s) than Group F (90.25 ± 9.41 s)": both arms' mean (± SD), or nothing.
        return (vi, vc, {}) if vi.mean is not None and vc.mean is not None else None
    if (vi.total is None) != (vc.total is None) or vi.events is None or vc.events is None:
        # "34/36 ... 90%": values of different forms are not one comparison; bare percents ("30% for ILF and
        # 17% for ELF") give no counts here: which n they are of is not said.
        return None
    return vi, vc, {}


def joined_unplaced(sentence: str, vals: list[Value], roles: list[str | None]) -> bool:
    """Whether a mean no arm name placed is joined to a placed one by a bare "and" or comma ("67.0 ± 24.0% and
    54.6 ± 26.4% for twice-daily dosing, 24.4 ± 22.8% and 16.8 ± 19.3% for once-daily dosing"): both are that arm's
    (two outcomes or two times), and which one the query asks for is not said. Counts with their own percent
    ("33/91, 36%") and sentences that say which is the time ("before and after", "respectively") are left alone."""
    # "7.1 ± 1.9 and 2.4 ± 1.8 before and after treatment": a time pair (``post_index``). A time pair names the time
    # before; "after" alone ("After 12 weeks, ...") says when every value was read and pairs nothing
    if re.search(r"\b(?:before|baseline|pre|respectively)\b", sentence, re.I):
        return False
    for k in range(len(vals) - 1):
        if vals[k].mean is not None and vals[k + 1].mean is not None and (roles[k] is None) != (roles[k + 1] is None) \
                and re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", sentence[vals[k].end:vals[k + 1].start], re.I):
            return True
    return False


def _mirrored(sentence: str, vals: list[Value], mentions: list[tuple[int, str, bool, int]]
              ) -> tuple[Value, Value, dict[str, str]] | None:
    """"The success rate (97.7%, 42/43) in Group A was higher than that of Group B (85.0%, 51/60)": the sentence's
    only two values, the first bound to the arm named right after it, the second to the other arm named right before
    it (``TIGHT_AFTER`` / ``TIGHT_BEFORE``), each by a name of that arm alone and no other name between those two;
    counts of one form (both with a size, or both without), else None."""
    if len(vals) != 2:
        return None
    first, second = vals
    if first.mean is not None or second.mean is not None or first.events is None or second.events is None \
            or (first.total is None) != (second.total is None):
        return None
    after = [m for m in mentions if first.end <= m[0] and len(sentence[first.end:m[0]]) <= 16
             and _RX.TIGHT_AFTER.match(sentence[first.end:m[0]])]
    before = [m for m in mentions if m[3] <= second.start and len(sentence[m[3]:second.start]) <= 16
              and _RX.TIGHT_BEFORE.match(sentence[m[3]:second.start])]
    if len(after) != 1 or len(before) != 1 or not after[0][2] or not before[0][2] or after[0][1] == before[0][1]:
        return None
    if any(after[0][3] <= m[0] and m[3] <= before[0][0] for m in mentions) or before[0][0] < after[0][3]:
        return None  # another name between the two, or the two overlap: which value is whose is unclear
    return (first, second, {}) if after[0][1] == "intervention" else (second, first, {})


def _comparative(sentence: str, vals: list[Value], mentions: list[tuple[int, str, bool, int]]
                 ) -> tuple[Value, Value, dict[str, str]] | None:
    """"greater in the piperine group than the placebo group (188±59 vs. 102±43 min)": both arms named, then the
    sentence's only two values joined by "vs."/"versus" after them; the arms take the values in the order they are
    named. Each arm by a name of its own only, both in the clause of the values (no "." or ";" in between), nothing
    but words between the second name and the first value, and no comparator-first lead ("Compared with B, A ...")
    before the names; else None (null beats a guess)."""
    if len(vals) != 2:
        return None
    first, second = vals
    if not _RX.VERSUS_GAP.match(sentence[first.end:second.start]):
        return None
    if (first.mean is None) != (second.mean is None) or (first.mean is None and (
            first.events is None or second.events is None or (first.total is None) != (second.total is None))):
        return None
    last: dict[str, tuple[int, int]] = {}
    spec = [(s, e) for s, _, specific, e in mentions if specific]
    shared: list[int] = []  # names that fit both arms, not part of one arm's own name ("4% lidocaine")
    for s, role, specific, e in mentions:
        if e <= first.start and specific:
            last[role] = (s, e)
        elif s < first.start and not specific and not any(a <= s and s - b <= 2 for a, b in spec):
            shared.append(s)
    if shared and not (set(last) == {"intervention", "comparator"} and max(shared) < min(a for a, _ in last.values())):
        # which arm a shared name is, is unclear; only one before both arms' own names is the outcome's subject ("The
        # average time of ablation was less in Group A than Group B (8.8 ± 2.8 vs. 11.1 ± 4.2)")
        return None
    if len(last) == 1:
        return _bracketed_comparison(sentence, first, second, mentions, last)
    if set(last) != {"intervention", "comparator"}:
        return None
    (first_name, lo), (hi, end) = sorted(last.values())
    if _RX.COMPARATOR_FIRST.search(sentence[:first_name]):
        return None  # "Compared with the placebo group, the ketamine group ... (48±12 vs. 35±10)": the subject comes first
    if re.search(r"[.;]\s|\d", sentence[lo:hi]) or re.search(r"[.;]\s|\d", sentence[end:first.start]) \
            or len(sentence[end:first.start]) > 40:
        return None
    return (first, second, {}) if last["intervention"][0] < last["comparator"][0] else (second, first, {})


def _bracketed_comparison(sentence: str, first: Value, second: Value, mentions: list[tuple[int, str, bool, int]],
                          named: dict[str, tuple[int, int]]) -> tuple[Value, Value, dict[str, str]] | None:
    """"greater in the NGLCD group (−5.02 ± 3.43 kg vs. −4.1 ± 2.6 kg; p = 0.002) compared to the LFD group": one arm
    named right before the bracket of the two values, the other right after it, joined by "compared to" / "than";
    the first value is the arm named first. Anything else between the names and the values gives None."""
    (role, (s0, e0)), = named.items()
    if _RX.COMPARATOR_FIRST.search(sentence[:s0]) or not _RX.BRACKET_OPEN.match(sentence[e0:first.start]):
        return None
    gap = _RX.BRACKET_THEN_OTHER.match(sentence[second.end:])
    other = "comparator" if role == "intervention" else "intervention"
    after = [m for m in mentions if gap and m[0] == second.end + gap.end()]
    if not after or not all(m[1] == other and m[2] for m in after):
        return None
    return (first, second, {}) if role == "intervention" else (second, first, {})


def _is_before(sentence: str, v: Value) -> bool:
    """Whether a value is read before treatment: "from 9.8 ± 5.1 to 6.4", "21.7 ng/ml at baseline"."""
    return bool(_RX.PRE_BEFORE.search(sentence[max(0, v.start - 12):v.start]) and _RX.TO_AFTER.match(sentence[v.end:])
                or _RX.PRE_AFTER.match(sentence[v.end:]))


def post_index(sentence: str, i_vals: list[Value], c_vals: list[Value]) -> int:
    """Which of each arm's values answers: the first, unless the arms give the same number of values in parallel
    and a value at that place is read before treatment ("decreased from 9.8 ± 5.1 to 6.4 ± 4.4 (TG), and from 9.3
    ± 5.5 to 6.1 ± 4.6 (CG)", "21.7 at baseline and 23.5 at week 12; ... 25.3 and 27.0"): then the first place
    after it that no arm reads before treatment (the post-treatment value, as reviewers pool)."""
    if len(i_vals) != len(c_vals) or len(i_vals) < 2:
        return 0
    pre = [_is_before(sentence, a) or _is_before(sentence, b) for a, b in zip(i_vals, c_vals)]
    if not pre[0]:
        return 0
    return next((k for k in range(1, len(pre)) if not pre[k]), 0)


def _respectively(sentence: str, vals: list[Value], mentions: list[tuple[int, str, bool, int]]
                  ) -> tuple[Value, Value, dict[str, str]] | None:
    """"81.5% [22 patients] and 78.8% [21 patients] in Group G and Group F, respectively": two values, then the
    two arms named in the same order before "respectively"; nothing else in between."""
    m = re.search(r"\brespectively\b", sentence, re.I)
    before = [v for v in vals if m and v.end <= m.start()]
    if m and len(before) > 2:
        return _respectively_list(sentence, before, mentions, m.start())
    if not m or len(before) != 2:
        return None
    if not any(before[1].end <= x[0] < m.start() for x in mentions):
        return _names_first(sentence, before, mentions)
    named = [x for x in mentions if before[1].end <= x[0] < m.start() and x[2]]
    roles = list(dict.fromkeys(x[1] for x in named))
    if len(roles) != 2 or re.search(r"\d", sentence[before[1].end:m.start()]):
        return None
    first, second = before
    if (first.mean is None) != (second.mean is None) or (first.mean is None and (first.events is None or second.events is None)):
        return None
    return (first, second, {}) if roles[0] == "intervention" else (second, first, {})


def _names_first(sentence: str, pair: list[Value], mentions: list[tuple[int, str, bool, int]]
                 ) -> tuple[Value, Value, dict[str, str]] | None:
    """"The maximum increases in groups E5 and E10 were 30 ± 15 bpm and 28 ± 10 bpm, respectively": both arms named,
    each once and by its own name, before the two values of one form that "respectively" follows; no other arm
    mention among or after the values, and no number between the last name and the first value ("at 6 and 12
    months were ...": the values are times)."""
    first, second = pair
    if any(x[0] >= first.start for x in mentions) or re.search(r"\d", sentence[max(x[3] for x in mentions):first.start]):
        return None
    if any(not x[2] for x in mentions):
        return None
    roles = [x[1] for x in sorted(mentions)]
    if len(roles) != 2 or set(roles) != {"intervention", "comparator"}:
        return None
    (s0, _, _, e0), (s1, _, _, e1) = sorted(mentions)
    end = re.search(r"\brespectively\b", sentence, re.I).start()
    if _RX.NAMES_FIRST_LIST.search(sentence[second.end:end]) or _RX.NAMES_FIRST_LIST.search(sentence[e1:first.start]) \
            or _RX.NAMES_FIRST_BEFORE.search(sentence[:s0]) or not _RX.NAMES_FIRST_JOIN.fullmatch(sentence[e0:s1]):
        # "were 3.1 and 5.2 before and after the block, respectively": the list "respectively" follows is another;
        # "In the placebo, K4 and K12 groups, ... were 21 and 33": a third arm named, which two is not said
        return None
    if (first.mean is None) != (second.mean is None) or (first.mean is None and (first.events is None or second.events is None)):
        return None
    return (first, second, {}) if roles[0] == "intervention" else (second, first, {})


def _respectively_list(sentence: str, before: list[Value], mentions: list[tuple[int, str, bool, int]], end: int
                       ) -> tuple[Value, Value, dict[str, str]] | None:
    """"8.9 ± 0.6, 11.8 ± 1.0 and 18.2 ± 0.9 ml/kg in the sham-operated, lipopolysaccharide and oleic acid groups,
    respectively": a list of three or more values, then as many names before "respectively"; each query arm is the
    one name of the list that names it (by a name of its own) and takes the value at that place. The values one
    form, nothing but separators (and a unit) between them, no number among the names; else None."""
    run = [before[-1]]
    for v in reversed(before[:-1]):  # the list that ends right before the names
        if not _RX.LIST_GAP.match(sentence[v.end:run[0].start]):
            break
        run.insert(0, v)
    if len(run) < 3 or len({v.mean is None for v in run}) > 1 or any(v.mean is None and v.events is None for v in run):
        return None
    names = sentence[run[-1].end:end]
    if re.search(r"\d", names):
        return None
    cuts = [run[-1].end] + [run[-1].end + x.end() for x in _RX.LIST_SEP.finditer(names.rstrip(", "))]
    if len(cuts) != len(run):
        return None  # as many names as values, or the list is not one of the arms
    item = lambda pos: sum(c <= pos for c in cuts) - 1
    at: dict[str, set[int]] = {}
    for s, role, specific, _ in mentions:
        if specific and run[-1].end <= s < end:
            at.setdefault(role, set()).add(item(s))
    if set(at) != {"intervention", "comparator"} or any(len(x) != 1 for x in at.values()) \
            or at["intervention"] == at["comparator"]:
        return None
    return run[next(iter(at["intervention"]))], run[next(iter(at["comparator"]))], {}


@lru_cache(maxsize=64)
def _valued_sentences(text: str) -> tuple[tuple[int, str], ...]:
    """Sentences of a text with two or more values (queries on one article share them: cached)."""
    return tuple((start, sent) for start, sent in sentences(text)
                 if len(sent) <= 800 and (len(values(sent)) >= 2 or mean_values(sent) or bare_counts(sent)
                                          or tight_means(sent) or respective_counts(sent)))


def find_pairs(text: str, q_int: str, q_cmp: str, offset: int = 0) -> list[Pair]:
    """Every sentence of ``text`` that gives both query arms a binary value."""
    out = []
    if not text or not q_int or not q_cmp:
        return out
    for start, sent in _valued_sentences(text):
        got = sentence_pair(sent, q_int, q_cmp)
        if got is None:
            continue
        vi, vc, arm_text = got
        first = min(vi.start, vc.start)
        lead = " ".join(words_without_numbers(sent[:first]).split()[-14:])
        out.append(Pair(vi, vc, sent, offset + start, lead, arm_text))
    return out
