"""Number grammar shared by the extractors: digits, number words, odd glyphs.

Abstracts write numbers in many ways ("0·52", "−1.2", "Twenty-eight", ".031").
Values are parsed as written; a form that looks like a typo ("3.8±03") is
parsed literally and flagged, never corrected.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_UNITS = {
    "zero": 0, "no": 0, "none": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
#: Number words and their values ("no" and "none" are zeros only where a count is read, so not here).
WORD_VALUES = {k: v for k, v in (_UNITS | _TENS).items() if k not in {"no", "none"}}
_UNIT_WORDS = "|".join(sorted((k for k in _UNITS if k not in {"no", "none"}), key=len, reverse=True))
_TEN_WORDS = "|".join(_TENS)

#: The first three letters of the number words (all of them, "one" to "ninety"), which every alternative of
#: ``WORD_NUM`` starts with: a look-ahead on them, under the same flags, turns re away from the long word
#: alternation at most word starts ("the", "patients"), the same matches ~20% faster for a pattern led by ``COUNT``.
_WORD_HEADS = "|".join(sorted({w[:3] for w in WORD_VALUES}))
#: A number written in words, "eight", "Twenty-eight", "one hundred and two".
WORD_NUM = (
    rf"(?:(?={_WORD_HEADS})(?:(?:{_UNIT_WORDS}|{_TEN_WORDS})\s+hundred(?:\s+(?:and\s+)?(?:(?:{_TEN_WORDS})(?:[-\s](?:{_UNIT_WORDS}))?|{_UNIT_WORDS}))?"
    rf"|(?:{_TEN_WORDS})(?:[-‐\s](?:{_UNIT_WORDS}))?|{_UNIT_WORDS}))"
)
#: A decimal number as written: thousands commas, mid-dot or point decimals,
#: a leading point (".031"), unicode or ASCII minus. It never ends inside a decimal ("60" of "60.5"), which
#: a pattern's look-ahead would otherwise get by backtracking ("mean age was 60.5 (55-66)" read as 60).
DIGIT_NUM = r"(?<![\w.·,\-−–])(?:[-−–](?=[.·]?\d))?(?=[.·]?\d)(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)?(?:[.·]\d+)?(?![.·]?\d)"
NUM = rf"(?:{DIGIT_NUM})"
#: Integers in digits or words, for counts of patients, limbs, events. Digits after "letters-" are a product
#: code's ("PLC-17 patients", "ALD-301"): a name, never a count.
COUNT = rf"(?:(?<![\w.·,])(?<![A-Za-z][-‐‑])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?![.·]?\d)|\b(?=[OTFSENZotfsenz])(?i:{WORD_NUM})\b)"


@lru_cache(maxsize=None)
def static_rx(pattern: str, flags: int = 0) -> re.Pattern:
    """A fixed pattern, compiled once per process. ``re``'s own cache holds 512 patterns, and the patterns
    built from each abstract's arm names flush it every few hundred abstracts: a pattern holding ``COUNT``
    then costs ~5 ms to compile again."""
    return re.compile(pattern, flags)
PLUS_MINUS = r"(?:±|\+/-|\+/−|\+-|\+ -|∓)"
DASH = r"(?:-|–|—|−|‑|to)"

_WORD_RE = re.compile(rf"^(?:{WORD_NUM})$", re.IGNORECASE)


@dataclass(frozen=True)
class Parsed:
    """A number as parsed, with flags for forms that look like typos."""

    value: float
    flags: tuple[str, ...] = ()


@lru_cache(maxsize=1024)
def parse_number(text: str) -> Parsed | None:
    """Parse a number written in digits (any of the glyph variants) or words (cached: a ``Parsed`` is frozen, and
    the same few numbers are parsed again and again)."""
    raw = text.strip()
    if not raw:
        return None
    if _WORD_RE.match(raw):
        return Parsed(float(words_to_int(raw)))
    norm = raw.replace("·", ".").replace("−", "-").replace("–", "-").replace("‑", "-")
    flags: list[str] = []
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", norm):
        norm = norm.replace(",", "")
    if re.fullmatch(r"-?0\d+", norm):
        # "3.8±03": a leading zero on an integer is almost always a lost point.
        flags.append("leading_zero")
    try:
        value = float(norm)
    except ValueError:
        return None
    return Parsed(value, tuple(flags))


#: The letters outside ASCII that re.IGNORECASE matches to a-z: the case-insensitive number-word patterns let them
#: through ("ſix"), so the words are read with them mapped to the ASCII letter ("İ".lower() would be two characters).
_CASE_TWINS = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"})


def words_to_int(text: str) -> int:
    """'Twenty-eight' -> 28, 'one hundred and two' -> 102."""
    total = 0
    for part in re.split(r"[\s\-‐]+", text.translate(_CASE_TWINS).lower()):
        if part == "and":
            continue
        if part == "hundred":
            total = max(total, 1) * 100
        elif part in _TENS:
            total += _TENS[part]
        elif part in _UNITS:
            total += _UNITS[part]
        else:
            raise ValueError(f"not a number word: {text!r}")
    return total


def parse_count(text: str) -> int | None:
    """Parse a count (digits or words); None when it is not a whole number."""
    parsed = parse_number(text)
    if parsed is None or parsed.value != int(parsed.value) or parsed.value < 0:
        return None
    return int(parsed.value)
#: Unsigned and signed numbers with no look-behind, for the far end of ranges.
UNUM = r"(?:(?=[.·]?\d)(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)?(?:[.·]\d+)?(?![.·]?\d))"
SNUM = rf"(?:[-−–]?{UNUM})"
#: Units that may follow a summary value ("4.3 ± 1.0 cm2").
_UNIT_NAMES = (
    "cm2", "cm²", "mm2", "mm²", r"cm\^2", "mmHg", "mm Hg", "cm", "mm", "m", "meters?", "metres?", "km", "s", "sec",
    "seconds?", "min", "minutes?", "h", "hours?", "days?", "weeks?", "months?", "°C", "℃", "PU", "AU",
    "perfusion units",
    "points?", "kg", "g", "mg/dl", "mg/dL", "mmol/l", "mmol/L", "ml", "mL", "g/dl", "g/dL", "μg", "µg", "ng/ml", "pg/ml",
    "years?", "%",
)
#: Longest first, so that an alternative never stops at a shorter unit's prefix ("m" of "mL", "g" of "g/dL").
UNIT = "(?:" + "|".join(sorted(_UNIT_NAMES, key=len, reverse=True)) + ")"


def parse_p(text: str) -> Parsed | None:
    """A p-value as written: '0.016', '.031', '0·05', '1.2 × 10−5', '1e-4'."""
    norm = text.replace("·", ".").replace("−", "-").replace("–", "-").replace(" ", "")
    m = re.fullmatch(r"(\d*\.?\d+)(?:[x×]10\^?(-?\d+)|[eE](-?\d+))?", norm)
    if not m:
        return None
    value = float(m.group(1))
    exp = m.group(2) or m.group(3)
    if exp is not None:
        value *= 10 ** int(exp)
    flags = ("p_out_of_range",) if not 0 <= value <= 1 else ()
    return Parsed(value, flags)

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_YEAR = r"(?:1[89]\d\d|20\d\d)"
#: "January 2018", "from 2019 to 2022", "between 2016 and 2021", "in 2015", "2018-2020", "2019/2020".
_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+(?:\d{{1,2}},?\s+)?{_YEAR}"
    rf"|(?<![\d.])\d{{1,2}}\s+{_MONTH}\s+{_YEAR}"
    rf"|{_YEAR}\s*(?:-|–|—|/|to|and|through|until)\s*(?:{_MONTH}\s+)?{_YEAR}"
    rf"|(?:from|between|since|in|during|until|through|to|and|of|year)\s+{_YEAR})(?![\d.]|\s*(?:%|±|patients|subjects|cases|limbs))\b",
    re.I,
)


_ANY_YEAR = re.compile(_YEAR)


def date_spans(text: str) -> list[tuple[int, int]]:
    """Spans of calendar dates and year ranges, whose numbers are never counts or values."""
    return list(_date_spans(text))


@lru_cache(maxsize=256)
def _date_spans(text: str) -> tuple[tuple[int, int], ...]:
    # Several components ask for the same abstract's (or sentence's) dates: scan each text once.
    if _ANY_YEAR.search(text) is None:  # every date holds a year; most sentences have none
        return ()
    return tuple((m.start(), m.end()) for m in _DATE.finditer(text))


def in_date(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) overlaps a date span."""
    return any(s < end and start < e for s, e in spans)


_NUMBER_TOKEN = re.compile(r"\S*\d\S*")


def words_without_numbers(text: str) -> str:
    """A sentence's words less its numbers ("7.17%", "(±0.96)", "P=0.002"), for outcome matching: a token with a
    digit stays when it is a name with two letters or more ("HbA1c", "IL-6", "VO2max", "CD4+")."""
    return " ".join(_NUMBER_TOKEN.sub(lambda m: m.group() if _is_name(m.group()) else " ", text or "").split())


#: A token that opens as a value does ("−0.79%", "<0.05", "P=0.002"), not as a name.
_VALUE_OPENING = re.compile(r"^[-−+±<>=~]|^[pP]\W")


def _is_name(token: str) -> bool:
    """Whether a token with a digit is a name ("HbA1c", "IL-6"): it opens with a letter, not as a value does, and
    has two letters or more (a unit on a number, "5mg", or "n=45" has fewer or opens with the digit)."""
    core = token.strip("()[]{},;:.")
    return sum(c.isascii() and c.isalpha() for c in core) >= 2 and not _VALUE_OPENING.match(core) \
        and core[:1].isascii() and core[:1].isalpha()
