"""Table grids (``corpus.jats`` records) -> statistics records, the same shape the abstract extractor emits.

Columns are read first: each header gives an arm ("Placebo (n = 42)"), a group
size, a time point ("Week 12", "Post-test", "T1") and a cell format ("Mean ±
SD", "n (%)", "median (IQR)", "SE", "P value"). A table whose columns name no
arm but whose rows do (arms as rows, time points or statistics as columns) is
read the other way round. Cells are parsed by shape ("12.3 ± 4.1", "12 (24.5)",
"8/20 (40)", "3.1 (2.0–4.5)"); an ambiguous shape is read only when a header,
row label, caption or footnote says what it is, or, for "n (%)", when the
percent agrees with the arm's size; an "a (b)" cell nothing names is a mean
(SD) only where no count gives it (``unlabelled_mean``: a unit or a change in
the row label, a negative mean, decimals on both). Every record keeps its table cell(s) as
provenance: {table, row_header, column_header, cell, start, end} with offsets
into the table's stored text.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from importlib import resources
from dataclasses import dataclass, field
from stemfoot.extract.numbers import WORD_NUM
from stemfoot.extract.pattern_data import load_patterns

#: This module's regexes, as data in patterns/tables.json (compiled once, here).
_RX = load_patterns("tables", WORD_NUM=WORD_NUM)
#: Row-label shorthand spelled out for the outcome match ("ΔHb"), as data in schemas/label_terms.json.
_TERMS = json.loads(resources.files("stemfoot.schemas").joinpath("label_terms.json").read_text(
    encoding="utf-8"))
_ABBREVIATION = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, _TERMS["abbreviations"]), key=len,
                                                              reverse=True)) + r")(?![\w-])")
_CHANGE_SIGN = re.compile(r"(?:^|(?<=[\s/(]))[" + "".join(_TERMS["change_signs"]) + r"]\s*(?=\w)")


@dataclass
class Column:
    """What one column holds, read from its (joined) header."""

    index: int
    header: str
    arm: str | None = None
    n: int | None = None
    stat: str | None = None
    timepoint: str | None = None
    total: bool = False
    subgroup: str | None = None


@dataclass
class _Group:
    """The cells of one (row, arm, time point): parts to combine into one record."""

    parts: dict[str, float] = field(default_factory=dict)
    cells: list[tuple[int, int]] = field(default_factory=list)
    n: int | None = None
    flags: list[str] = field(default_factory=list)
    p: tuple[float, str] | None = None
    shape: str | None = None


#: A number with a space (or a thin / no-break space) as its thousands mark: "10 059", "£11 795 (8902–14 724)".
#: The groups after the first are exactly three digits; a first group never starts with 0.
_THOUSANDS_SPACE = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d.,]?\d)")


def clean_cell(text: str) -> str:
    """A cell without footnote markers ("12.3 ± 4.1^a", "0.02*", "35†") and with one kind of minus."""
    t = _RX.MARKER.sub("", text or "")
    t = t.replace("−", "-").replace("–", "-").replace("—", "-").replace("·", ".")
    t = re.sub(r"(?<=\d)\s*\.\s+(?=\d)", ".", t)  # "2. 54" -> "2.54" (typesetting)
    t = _THOUSANDS_SPACE.sub(lambda m: re.sub(r"\s", "", m.group()), t)  # "10 059" -> "10059"
    t = " ".join(t.split()).strip(" ;,")
    t = re.sub(r"(?<=[\d)\]])(?:\s*,?\s*[a-h](?![\w.]))+$", "", t)  # "157.8 ± 22.8 ^A, a": a footnote letter left apart
    return re.sub(r"^\.+(?!\d)|\.+$", "", t).strip(" ;,")  # a full stop, not the point of ".79"


def row_count(cell: str, label: str = "") -> int | None:
    """The count of people a size row's cell states: "46", "1,122", or, in a row whose label states a share ("N (%)
    of participants"), "46 (55)" / "46 (55%)" (the arm's count and its share of the sample); elsewhere a share is
    a subgroup's ("Women | 23 (46)"). None for any other cell."""
    m = re.fullmatch(r"(\d{1,6})(?:\s*\(\s*(\d{1,3}(?:\.\d+)?)\s*%?\s*\))?", clean_cell(cell or "").replace(",", ""))
    if not m or (m.group(2) and (float(m.group(2)) > 100 or "%" not in label)):
        return None
    return int(m.group(1))


def _num(s: str) -> float:
    s = s.replace("−", "-").replace("–", "-").replace(" ", "")
    if re.fullmatch(r"[-+]?\d+,\d{1,2}", s):
        s = s.replace(",", ".")  # "9,0", "+1,5": a decimal comma, a written sign before it too
    return float(s.replace(",", ""))


def parse_cell(text: str) -> tuple[str, dict] | None:
    """(shape, groups as numbers) of a cell, or None when it is not a statistic ("—", "NA", words)."""
    t = clean_cell(text)
    if not t:
        return None
    m = _RX.CELL_N.match(t)
    if m:
        # "N = 52 97.57 (12.84)": the statistic's shape, and the cell's own n ("cell_n") beside it.
        inner = parse_cell(m.group("rest") or m.group("rest2"))
        if inner is None or inner[0] in {"p", "count_n"}:
            return None
        got = {**inner[1], "cell_n": float(m.group("n") or m.group("n2") or m.group("n3"))}
        if m.group("n3"):
            got["cell_n_bracketed"] = 1.0  # "40.4 (31.4%) (N = 189)": read only where the table announces it
        return inner[0], got
    for shape, rx in _RX.SHAPES:
        m = rx.match(t)
        if m:
            out = {}
            for k, v in m.groupdict().items():
                if v is None:
                    continue
                out[k] = v if k == "op" else 1.0 if k == "se" else _num(v)
            return shape, out
    bare = _RX.TRAILING_P.sub("", t)
    if bare != t and bare:
        # "150.1 (16.1) p = 0.034": the statistic with its own p value after it, read as the statistic alone (a
        # bare number or percent before a p value is left: it may be the difference the p value tests).
        inner = parse_cell(bare)
        if inner and inner[0] not in {"p", "num", "pct", "count_n", "paren_only"}:
            return inner
    return None


def stat_hint(text: str) -> str | None:
    """What a header or label says its cells hold ("Mean ± SD" -> mean_sd), or None. A ratio of two named terms
    ("Waist/hip ratio") is a measure, and says nothing of the cells."""
    t = " ".join(_RX.EFFECT_LOOKALIKE.sub(" ", _RX.MARKER.sub("", text or "")).split())
    for kind, rx in _RX.STAT_WORDS:
        if rx.search(t):
            return kind
    return None


def row_stat_hint(label: str) -> str | None:
    """``stat_hint`` of a row label, where "or" / "hr" in words ("hypotension or bradycardia") names no effect."""
    hint = stat_hint(label)
    if hint == "effect" and not _RX.ROW_EFFECT.search(_RX.EFFECT_LOOKALIKE.sub(" ", _RX.MARKER.sub("", label or ""))):
        return None
    return hint


def unit_percent(label: str) -> bool:
    """Whether a row label ends with a bare "(%)" and names no count ("Body fat (%)", not "Female, n (%)"): a
    percent unit, of a count or of a mean."""
    bare = _RX.MARKER.sub("", label or "")
    return bool(re.search(r"\(\s*%\s*\)\s*$", bare)) and not re.search(r"\b(?:n|no\.?|number)\b", bare, re.I)


def column_hint(part: str) -> str | None:
    """``stat_hint`` of one header part. "or" in lower case joins alternatives ("Scores, mean (SD) or n (%)"), no
    odds ratio: the part holds one format only when every alternative names the same, else none (the rows say)."""
    hint = stat_hint(part)
    bare = _RX.EFFECT_LOOKALIKE.sub(" ", _RX.MARKER.sub("", part or ""))
    if hint != "effect" or _RX.ROW_EFFECT.search(bare):
        return hint
    kinds = {stat_hint(alt) for alt in re.split(r"\bor\b", bare) if alt.strip()}
    return kinds.pop() if len(kinds) == 1 else None


def _strip_words(text: str) -> str:
    """A header part without its statistic words, group size and time point: the arm name, if any."""
    t = _RX.N_IN.sub(" ", _RX.MARKER.sub("", text))
    t = _RX.STAT_PHRASE.sub(" ", t)  # "Standard deviation", "S.D.": a statistic, never an arm
    # "Adjusted mean (SE)", "LS mean", "Geometric mean": the adjective qualifies the statistic, it is no arm.
    t = _RX.STAT_ADJECTIVE.sub(" ", t)
    # "n" counts people, but "n-3" / "n-6" (fatty acids) is a name: the arm "n-3 (n = 14)" keeps it.
    t = re.sub(r"\b(?:mean|means|ave|average|median|sd|se|sem|iqr|range|n(?![-‐]\d)|no\.|%|χ|x̄)\b|±|[()\[\],;:%]|\bof\b",
               " ", t, flags=re.I)
    timed = bool(_RX.TIME.search(t))
    t = " ".join(_RX.TIME.sub(" ", t).split()).strip(" -/")
    # "At 12 months", "Placebo at 12 months": the removed time's preposition names no arm
    return re.sub(r"(?i)(?:^|\s+)(?:at|on|in|by|during|until)$", "", t) if timed else t


def _without_initials(name: str) -> str:
    """An arm name less the initials it ends with ("Control group CG" from "Control group (CG)"): the short form is
    the same arm, and left on it hides a generic name ("Control group")."""
    words = name.split()
    if len(words) >= 3 and words[-1].isupper() and words[-1].lower() == "".join(w[0] for w in words[:-1]).lower():
        return " ".join(words[:-1])
    return name


def unit_heading_time(parts: list[str]) -> tuple[str, list[str]] | None:
    """A time point that an outer header names by its unit over a bare number ("Evaluated times (days) / 45 /
    n (%)" -> "45 days"), with the header parts left; None when no part is a number under such a heading. Neither
    part names an arm.

    Only the part right above the number counts: a unit heading further out ("Days / Group / 1") is over a header
    level of its own, and the bare number under that level is an arm code or a category, not a time point."""
    bare = [_RX.MARKER.sub("", p).strip() for p in parts]
    for j, part in enumerate(bare):
        if j == 0 or not re.fullmatch(r"\d+(?:\.\d+)?", part):
            continue
        m = _RX.UNIT_HEADING.match(bare[j - 1])
        if m:
            return f"{part} {m.group('unit').lower()}", [p for k, p in enumerate(parts) if k not in (j - 1, j)]
    return None


def read_column(index: int, header: str) -> Column:
    """Arm, size, time point and cell format of one column from its joined header."""
    col = Column(index, header)
    bare = " ".join(_RX.MARKER.sub("", header).split())
    if "%" not in bare and _RX.N_ROW.match(re.sub(r"\s*(?:,\s*n|\(\s*n\s*\))$", "", bare, flags=re.I)) and \
            re.search(r"\b(?:n|no|number|total|randomi[sz]ed|analy[sz]ed|evaluable|included|enrolled|treated|sample size)\b",
                      bare, re.I):
        # "Subjects, n", "No. of patients", "Patients (n)": each row's number of people, no arm ("N (%)" counts;
        # a bare "Patients" or "Women" may be a group)
        col.stat = "n"
        return col
    mixed = False
    parts = [p.strip() for p in header.split(" / ") if p.strip()]
    unit_time = unit_heading_time(parts)
    if unit_time:
        col.timepoint, parts = unit_time
    for part in parts:
        m = _RX.N_IN.search(part)
        if m and not m.group("hi"):  # "(n=329–369)": the n varies by outcome, no one size
            col.n = int(m.group("n").replace(",", ""))
        hint = column_hint(part) or column_hint(_RX.N_IN.sub("", part).strip())
        if hint:
            col.stat = hint
        if hint == "mean_pct_change":
            continue  # "Mean Score (% Improvement from Baseline)": a format; its "Baseline" is no time, no arm
        t = _RX.TIME.search(part)
        if re.search(r"\bchange (?:from|since|vs\.?) (?:baseline|pre)|\bchange\b", part, re.I):
            # "Change from baseline at week 12": the change, and the visit it reaches (a query at 4 weeks is
            # another measurement)
            later = [x.group(0) for x in _RX.TIME.finditer(part) if not _RX.BASELINE.search(x.group(0))
                     and re.search(r"\d|" + WORD_NUM, x.group(0), re.I)]
            col.timepoint = "change from baseline" + (f" at {later[0]}" if later else "")
        elif t:
            here = part if _strip_words(part) == "" else t.group(0)
            # "12 months / 0 min": the minutes of a test at an outer visit; alone, each minute would join the visits
            col.timepoint = f"{col.timepoint}, {here}" if col.timepoint and _RX.TIME_MINUTES.search(here) else here
        if hint is None and stat_hint(part):
            mixed = True  # "Scores, mean (SD) or n (%)": formats (the rows say which), no arm
            continue
        if hint in {"p", "ci", "effect", "range"}:
            continue
        # "Men mean (CI)": the interval's words name no arm ("Men" is the column's subgroup or arm).
        name = _without_initials(_strip_words(_RX.CI_WORDS.sub(" ", part) if hint == "mean_ci" else part))
        if t and name and re.search(rf"(?i)\((?:[^()]*\s)?(?:after|before|since|post|pre)[\s-]+(?:the\s+)?"
                                    rf"{re.escape(name)}\s*\)\s*$", part):
            name = ""  # "2nd assessment (2.5 h after DI)": the bracket names what the time counts from, no arm
        if t and _RX.TIME_RELATION.search(part) and _RX.TIME_CONTEXT.fullmatch(name) and (len(parts) > 1 or re.search(
                rf"(?i)\b(?:after|before|since|post|pre)[\s-]+(?:the\s+)?{re.escape(name)}\s*$", part)):
            # "Usual ACT / 30 min after treatment", "Intervention group / Before treatment": the words left of a
            # time part say what the time counts from; read as an arm, they take the outer part's arm away (a lone
            # "Intervention 12 weeks", with no "after"/"before", is the arm at a time; a lone "Six months after
            # intervention", the event right after its "after", is a time only)
            name = ""
        if len(parts) > 1 and part is not parts[-1] and _RX.ARM_HEADING.match(name):
            continue  # "Group / AFO Group (n=13)": a heading over the arm columns, no arm or subgroup
        if hint in {"mean_sd", "mean_se"} and re.fullmatch(r"\(?\s*M\s*/\s*S[DE]M?\s*\)?", _RX.MARKER.sub("", part).strip(), re.I):
            name = ""  # "(M/SD)": the statistic's initials, not an arm called "M"
        if col.arm is not None and part is parts[-1] and re.fullmatch(r"M", _RX.MARKER.sub("", part).strip()):
            name = ""  # "Experimental / Post-test / M": the mean's initial under an arm, not an arm called "M"
        if hint == "pct_events" and _RX.PCT_EVENTS_NAME.fullmatch(name):
            name = ""  # "% (Events)": what the cells count, not an arm called "Events" ("No treatment" stays an arm)
        if name and not re.fullmatch(r"[\d\s.\-/]*|Variables?|Items?|Characteristics?|Outcomes?", name, re.I):
            if col.arm is not None and (_RX.TOTAL_ARM.match(col.arm) or col.n is None or m):
                # "Children / Placebo (n = 42)", "Overall / Placebo": the outer part is a subgroup.
                col.subgroup, col.arm = col.arm, name
            elif col.arm is None:
                col.arm = name
    if col.stat is None and not mixed:
        # "Intervention n (%)", "EP group (n=19) Mean ± SD": hints inside a longer part.
        for kind, rx in _RX.CAPTION_HINTS:
            if rx.search(header):
                col.stat = kind
                break
    if col.arm and _RX.TOTAL_ARM.match(col.arm):
        col.total = True
    return col


def read_columns(table: dict) -> list[Column]:
    """Columns after the row-label column; an unnamed SD/%/SE column belongs to the arm on its left."""
    header = table.get("header_joined") or []
    cols = [read_column(i, h) for i, h in enumerate(header)]
    for i, c in enumerate(cols[:-1]):
        # "Drug / M | Drug / SD": a lone "M" beside an SD (or SE) column is the mean, not an arm called "M".
        last = header[i].rsplit(" / ", 1)
        if i and _RX.MARKER.sub("", last[-1]).strip() == "M" and cols[i + 1].stat in {"sd", "mean_se"}:
            cols[i] = read_column(i, " / ".join(last[:-1] + ["Mean"]))
    for i, c in enumerate(cols):
        if i > 1 and c.arm is None and c.stat in {"sd", "mean_se", "percent"} and cols[i - 1].arm:
            c.arm, c.n, c.timepoint = cols[i - 1].arm, c.n or cols[i - 1].n, c.timepoint or cols[i - 1].timepoint
    _pair_n_columns(cols)
    unsized = [c.arm for c in cols[1:] if c.arm and c.n is None and not c.total and not c.subgroup
               and c.stat not in {"p", "ci", "effect", "range"}]
    stated = caption_arm_sizes(table.get("caption") or "", unsized)
    for c in cols:
        if c.n is None and c.arm in stated:
            c.n = stated[c.arm]
    return cols


def _pair_n_columns(cols: list[Column]) -> None:
    """In place: "Early mobilisation | n | Usual care | n" or "N | Intervention | N | Control": two or more unnamed
    "n" columns, each beside a different arm's column on the same side, are those arms' numbers analysed for each
    row (read like the arm's own cells). Otherwise an "n" column stays the row's (``table_statistics``)."""
    ns = [c for c in cols[1:] if c.stat == "n" and c.arm is None and c.timepoint is None]
    armed = {c.index for c in cols[1:] if c.arm and not c.total and c.stat not in {"n", "p", "ci", "effect", "range"}}
    if len(ns) < 2:
        return
    for step in (-1, 1):
        beside = [c.index + step for c in ns]
        if all(i in armed for i in beside) and len(set(cols[i].arm for i in beside)) == len(beside):
            for c, i in zip(ns, beside):
                c.arm, c.subgroup, c.timepoint = cols[i].arm, cols[i].subgroup, cols[i].timepoint
            return


def caption_arm_sizes(caption: str, arms: list[str]) -> dict[str, int]:
    """Each arm's size as the caption states it after the arm's name, for columns whose headers give none
    ("Parameters at baseline and 6 months (G1, n = 23; G2, n = 24)" over "G1 / 6 months", "G2 / 6 months"): the
    number analysed in that table. All or nothing: every arm (two or more) named once with one size, else {}."""
    names = list(dict.fromkeys(a for a in arms if a))
    if len(names) < 2 or not caption:
        return {}
    out: dict[str, int] = {}
    for name in names:
        named = re.finditer(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", caption, re.I)
        sizes = {int(m.group("n").replace(",", "")) for at in named for m in [_RX.CAPTION_ARM_N.match(caption, at.end())] if m}
        if len(sizes) != 1:
            return {}
        out[name] = sizes.pop()
    return out


def _notes_text(table: dict) -> str:
    """A table's caption and footnotes as one text: where a table names its cells' formats."""
    return " ".join([table.get("caption") or ""] + list(table.get("footnotes") or []))


def _table_hint(table: dict) -> str | None:
    text = _notes_text(table)
    for kind, rx in _RX.CAPTION_HINTS:
        if rx.search(text):
            return kind
    return None


def _row_arm(label: str) -> tuple[str | None, int | None]:
    """An arm named by a row label ("Intervention (n = 125)", "Placebo"), with its size."""
    m = _RX.N_IN.search(label)
    n = int(m.group("n").replace(",", "")) if m and not m.group("hi") else None
    name = " ".join(_RX.N_IN.sub(" ", _RX.MARKER.sub("", label)).split()).strip(" ,;:")
    return (name or None), n


def _orientation(table: dict, cols: list[Column], arms: list[str]) -> str:
    """'columns' (arms across) or 'rows' (arms down)."""
    if table.get("arms_down"):
        return "rows"  # a layout step found the arms in the row labels (``arm_rows_repeated``, ``arm_column_merged``)
    named = [c for c in cols[1:] if c.arm and c.stat not in {"p", "effect", "ci", "range"}]
    corner = " ".join(_RX.MARKER.sub("", cols[0].header if cols else "").split())
    if not named and _RX.ARM_CORNER.search(corner) and any(c.timepoint or c.stat for c in cols[1:]):
        return "rows"  # "Animal group | Day 0 | Day 3": no column names an arm and the corner says the rows do
    labels = [l for l in table.get("row_labels", []) if l]
    known = [a.lower() for a in arms]

    def armish(label: str) -> bool:
        if time_row(label):
            return False  # "Baseline", "Post intervention": a time row, though "intervention" is an arm word
        low = label.lower()
        return bool(_RX.N_IN.search(label)) or any(k and (k in low or low in k) for k in known) or bool(
            _RX.ARM_WORDS.search(label)) and len(label) < 40
    row_arms = sum(armish(l) for l in labels)
    n_column = any(c.stat == "n" and not c.arm and not c.timepoint for c in cols[1:])
    if (row_arms >= 2 or row_arms and n_column) and named and not any(
            armish(c.arm or "") or c.n or c.subgroup for c in named) and (
            _RX.GENERIC_CORNER.match(_RX.MARKER.sub("", cols[0].header).strip()) or row_arms * 2 >= len(labels) or n_column):
        # "Group | The cases of diabetes | Incidence (%)" over "The treatment group", "The control group": the
        # named columns are outcomes, not arms, when none of them looks like an arm and the rows do (or some
        # do and an "n" column gives each row its size: "CGI-I response | n | Proportion responders").
        return "rows"
    if named and len(labels) >= 2 and all(_RX.UNIT_BRACKET.search(c.header) for c in named) and not any(
            armish(c.arm or "") or c.n or c.subgroup for c in named) and not any(
            time_row(x) or not re.search(r"[A-Za-z]", x) for x in labels):
        # "Mean (SD) | CHOL (mmol/L) | TG (mmol/L)" over "2× statin", "R10", "ES10/20": every named column is a
        # measure with its unit, so the rows are the groups (rows of days, "0", "Day 14", are times)
        return "rows"
    if named and len(labels) >= 2 and _RX.ARM_CORNER.search(corner) and not any(
            armish(c.arm or "") or c.n or c.subgroup or re.fullmatch(r"[A-Za-z]?\d{0,2}|[A-Z]{1,3}\d?", c.arm or "")
            for c in named):
        # "Groups | Malondialdehyde (µmol/g) | Testosterone (ng/mL)" over "Control", "PHZ", "PHZ+EP": the corner
        # says the rows are the groups, and no column looks like one (no arm word, size or code "A", "G1").
        return "rows"
    if not named and labels and all(c.stat for c in cols[1:] if c.header):
        # "Mean | SD" columns, one row per arm ("Apple Juice", "Water"): the caption names the outcome.
        return "rows"
    if named and not (row_arms >= 2 and all(c.stat or c.timepoint for c in cols[1:] if c.header)
                      and not any(_RX.ARM_WORDS.search(c.arm or "") or c.n for c in named)):
        return "columns"
    return "rows" if row_arms >= 2 else "columns"


def column_outcomes(cols: list[Column], rows: list[list[str]] | None = None) -> list[str]:
    """Arms down the rows: the outcome each column holds, from the corner header and the column's own name.

    "CGI-I response | Proportion responders | %": the corner names the outcome ("CGI-I response"); "Group |
    The cases of diabetes | The incidence of diabetes (%)": each named column is one, and a percent column
    right of an unlabelled count column is that count's percent (one outcome).
    """
    corner = " ".join(_RX.MARKER.sub("", cols[0].header if cols else "").split())
    corner = "" if _RX.GENERIC_CORNER.match(corner) or _RX.ARM_CORNER.search(corner) or (
        cols and cols[0].stat in ROW_FORMATS and not _strip_words(corner)) else corner  # "Mean (SD)": a format
    out = [""] * len(cols)
    for c in range(1, len(cols)):
        col = cols[c]
        pct_only = col.stat == "percent" or col.stat == "events" and "%" in col.header and not re.search(
            r"\b(?:n|no\.?|number)\b", col.header, re.I)
        if pct_only and cols[c - 1].stat in (None, "n") and c > 1 and cols[c - 1].arm and all(
                _is_count(r[c - 1]) for r in rows or [] if c - 1 < len(r) and parse_cell(r[c - 1])):
            out[c] = out[c - 1] = " / ".join(x for x in (out[c - 1], column_name(col) or col.arm or "") if x)
            continue
        out[c] = " / ".join(x for x in (corner, column_name(col) or col.arm or "") if x)
    return out


def column_name(col: Column) -> str:
    """A column's header as an outcome's name when arms run down the rows: its parts less statistic words, group
    sizes and time points, units kept ("HbA1c (%) / Mean" -> "HbA1c (%)", "Weight (kg)" -> "Weight (kg)")."""
    keep = []
    parts = col.header.split(" / ")
    unit_time = unit_heading_time(parts)
    for part in unit_time[1] if unit_time else parts:  # "Evaluated times (days) / 45": a time, no outcome
        # Only written markers ("^a", "*"): a letter after a digit is a name's here ("HbA1c").
        bare = " ".join(_RX.N_IN.sub(" ", re.sub(r"\^\S*|[*†‡§¶#]+", "", part)).split()).strip(" ,;:")
        rest = _strip_words(bare)
        if not rest or _RX.TIME.fullmatch(bare) or _RX.TIME.search(bare) and len(rest.split()) < 2:
            continue  # "Mean", "SD", "n (%)", "Week 12", "Week 26 (LOCF)": no outcome words
        keep.append(bare)
    return " / ".join(keep)


def percent_cell(cell: str) -> bool:
    """Whether a cell is a whole count with its percent in brackets ("3 (6.4%)", "12 [30 %]"): the % sign
    written in the cell outweighs a mean ± SD hint of the table."""
    parsed = parse_cell(cell)
    return bool(parsed and parsed[0] == "paren" and parsed[1]["a"] == int(parsed[1]["a"]) and parsed[1]["a"] >= 0
                and 0 <= parsed[1]["b"] <= 100 and re.search(r"\d\s*%\s*[)\]]", clean_cell(cell)))


def unlabelled_mean(a: float, b: float, label: str, n: int | None, cell: str = "") -> bool:
    """Whether an "a (b)" cell that no header, label, caption or footnote names is a mean and its SD.

    Only where it cannot be a count with its percent and the row says it measures something: a row label with a
    continuous unit or a change ("ICU stay (days) | 21 (9)", "Change in weight (kg) | -6.5 (6.0)", ``MEAN_UNIT``),
    or numbers no count gives: a negative first number, or two numbers with decimals ("17.6 (11.9)"; as the
    ``cell`` prints them: "118.0 (± 4.0)" too, ``DECIMAL_PAIR``). A count
    label ("Deaths, n"), a bare "(%)" unit and a percent that agrees with the arm's n say count (percent); a
    whole bracketed number at or above its partner may be "% (n)" ("24.2 (101)"). Anything else stays unread.
    """
    bare = " ".join(_RX.MARKER.sub("", label or "").split())
    if b <= 0 or _RX.COUNT_LABEL.match(bare) or _RX.SIZE_ROW.match(bare):
        return False
    change = bool(re.search(r"^change\b|\bchange in\b|^[Δ∆]", bare, re.I))
    if unit_percent(bare) and not change:
        return False
    whole_a = a == int(a)
    if whole_a and a >= 0 and n and abs(a / n * 100 - b) <= 1.0:
        return False
    if _RX.NOT_MEAN_UNIT.search(bare):
        return False  # "Major amputation (patients/limbs) | 3 (4)", "Sex (M) | 12 (40)": counts
    if _RX.MEAN_UNIT.search(bare):
        return True
    if a < 0:
        return True
    return (not whole_a and b != int(b)) or bool(cell and _RX.DECIMAL_PAIR.match(clean_cell(cell)))


def _is_count(cell: str) -> bool:
    parsed = parse_cell(cell)
    return bool(parsed and parsed[0] == "num" and parsed[1]["a"] == int(parsed[1]["a"]) and parsed[1]["a"] >= 0)


def _mean_and_spread(a: float, b: float, hint: str | None) -> tuple[dict, list[str]] | None:
    """"a (b)" as a mean with its SD or SE, when the headers say which; else None."""
    if hint in {"mean_sd", "mean", "sd"}:
        return {"mean": a, "sd": b}, []
    if hint == "mean_se":
        return {"mean": a, "se": b}, []
    return None


def _interpret(shape: str, v: dict, hint: str | None, n: int | None) -> tuple[dict, list[str]] | None:
    """Cell numbers -> record parts, given what the headers say the cell holds."""
    a = v.get("a")
    if hint == "mean_pct_change":
        # "40.4 (31.4%)" under "Mean Score (% Improvement from Baseline)": the brackets hold the mean's percent
        # change, no SD (an SD read from them is a wrong number); a bare "40.4" is the mean too.
        return ({"mean": a}, []) if shape in {"paren", "num"} else None
    if hint == "mean_ci":
        # "4.8 (4.1-5.7)" under "Mean (95% CI)": the mean, its interval kept; no SD. A "±" figure there is no SD
        # the table names (null beats a guess).
        if shape == "paren_range":
            return {"mean": a, "ci_lower": v["b"], "ci_upper": v["c"]}, []
        return ({"mean": a}, []) if shape == "num" else None
    if shape in {"pm", "pm_range", "pm_paren"}:
        # "a ± b (c)": the bracketed number (an n or a median) is left to the caller.
        return ({"mean": a, "se": v["b"]} if hint == "mean_se" else {"mean": a, "sd": v["b"]}), []
    if shape == "paren_named":
        # "2.55 (SD 1.88)": the cell names its spread itself.
        return ({"mean": a, "se": v["b"]} if v.get("se") else {"mean": a, "sd": v["b"]}), []
    if shape == "pct_pct":
        # "91% (21.1%)" under "mean (SD)": a mean percent and its SD; anything else is not read.
        return _mean_and_spread(a, v["b"], hint)
    if shape == "frac_pct":
        return {"events": a, "total": v["b"], **({"percent": v["c"]} if "c" in v else {})}, []
    if shape == "count_n":
        return {"events": a}, []
    if shape == "pct":
        return {"percent": a}, []
    if shape == "paren_only":
        return ({"percent": a}, []) if hint in {"percent", "events", None} else None
    if shape == "p":
        return {"p": a, "p_operator": {"≤": "<=", "≥": ">="}.get(v["op"], v["op"].rstrip("=") or "=")}, []
    if shape == "pct_paren" or shape == "paren" and hint == "pct_events":
        # "64% (245)", or "24.2 (101)" under "% (n)": the count sits in the brackets. It must be whole and, where
        # the arm's n is known, give the percent (within a point); without an n only a header saying so reads it.
        b = v["b"]
        if b != int(b) or not 0 <= a <= 100 or n is not None and (not n or b > n or abs(b / n * 100 - a) > 1.0):
            return None
        if n is None and hint != "pct_events":
            return None
        return {"events": b, "percent": a}, []
    if shape == "paren":
        b = v["b"]
        if hint == "events" and a == int(a) or (hint is None and a == int(a) and n and abs(a / n * 100 - b) <= 1.0):
            return {"events": a, "percent": b}, []  # a count is whole: "12.96 (6.77)" under "(%)" is none
        return _mean_and_spread(a, b, hint)
    if shape == "paren_then_range":
        # The range after the brackets adds nothing to a mean (SD) or median (IQR) the headers name.
        return _mean_and_spread(a, v["b"], hint)
    if shape == "paren_range":
        b, c = v["b"], v["c"]
        if hint in {"median_iqr", "median"}:
            return {"median": a, "q1": b, "q3": c}, []
        if hint == "median_range":
            return {"median": a, "range_low": b, "range_high": c}, []
        if hint in {"ci", "effect"}:
            return {"value": a, "ci_lower": b, "ci_upper": c}, []
        return None
    if shape == "num":
        if hint in {"mean", "sd", "percent", "median", "p"}:
            return ({"p": a, "p_operator": "="} if hint == "p" else {hint: a}), []
        if hint == "mean_se":
            return {"se": a}, []
        if hint == "n":
            return {"n": a}, []
        if hint in {"effect", "ci", "range"}:
            return None
        return {"value": a}, []
    return None


def bare_count(value: float, n: int | None, row_label: str, row_has_counts: bool, table_counts: bool = False,
               whole_row: bool = False) -> dict:
    """A bare whole number in an arm's cell as that arm's events, where the table says it counts patients.

    The row label declares counts ("Adverse events (n)", "Deaths, n", "N. of events"), or the table's notes do
    (``table_counts``: "Data are number of events"), and the number fits the column's n; or the cell is "0" in a
    row whose other arm cells are counts ("0 | 22 (9 %)": a zero needs no percent); or the row is one of whole numbers
    in a table of spreads and percents (``whole_row``, ``whole_count_rows``). Anything else stays a plain value (no
    record): null beats a guess.
    """
    if value != int(value) or value < 0 or (n is not None and value > n):
        return {"value": value}
    label = _RX.MARKER.sub("", row_label or "").strip()
    if n and ((table_counts and not _RX.LABEL_UNIT.search(label)) or _RX.COUNT_LABEL.match(label)) \
            and not _RX.SIZE_ROW.match(label):
        return {"events": value}
    if value == 0 and row_has_counts:
        return {"events": value}
    if whole_row:
        return {"events": value}
    return {"value": value}


def whole_count_rows(table: dict, cols: list[Column], groups: dict, order: list[tuple]) -> set[tuple]:
    """Rows (block or row, time, outcome) whose arm cells are all bare whole numbers in a table that writes its other
    values with a spread or a percent ("Need for hysterectomy | 4 | 12" among "Blood loss | 324 ± 105 | 568 ± 209"
    and "Hematoma | 3 (3.8) | ..."): a mean there would carry its spread, so the bare numbers count patients. Not
    under a label naming a unit, statistic, size, time or a bound ("Age (years)", "Median", "Minimum"), nor where a
    number is any arm's whole n (a size row), nor where another cell of the row holds a negative or a fraction
    ("Acceleration | -12 (-7%) | 3 | 4": a measure, its total column says)."""
    rows: dict[tuple, list[_Group]] = {}
    spread = False
    for key in order:
        parts = groups[key].parts
        if set(parts) == {"value"}:
            rows.setdefault((key[0], key[2], key[3]), []).append(groups[key])
        elif _kind(parts) == "mean_sd" or _kind(parts) == "events" and "percent" in parts:
            spread = True
    if not spread:
        return set()
    out = set()
    for (r, tp, outcome), gs in rows.items():
        # the row's own label and each heading above it ("Everyday defecation (%) / Yes"); an "n (%)" heading says
        # counts
        parts = [" ".join(_RX.N_PERCENT.sub("", _RX.MARKER.sub("", p)).split()).strip(" :,")
                 for p in (table["row_prefixed"][r] or "").split(" / ")]
        bare = " ".join(_RX.MARKER.sub("", table["row_labels"][r] or "").split()).strip(" :")
        if len(gs) < 2 or not re.search(r"[A-Za-z]{3}", bare) or _RX.SIZE_ROW.match(bare) or \
                _RX.STAT_ROW.match(bare) or time_row(bare) or any(
                _RX.LABEL_UNIT.search(p) or _RX.MEAN_UNIT.search(p) or _RX.NOT_MEAN_ROW.search(p) or
                _RX.NOT_COUNT_ROW.search(p) for p in parts + [bare]):
            continue
        values = [g.parts["value"] for g in gs]
        if any(v != int(v) or v < 0 for v in values) or any(g.n and v >= g.n for g, v in zip(gs, values)):
            continue
        others = [parse_cell(cell) for c, cell in enumerate(table["rows"][r]) if 0 < c < len(cols) and
                  cols[c].stat not in {"p", "effect", "ci", "range"}]
        if any(v < 0 or k == "a" and v != int(v)
               for got in others if got for k, v in got[1].items() if k in {"a", "b"}):
            continue
        out.add((r, tp, outcome))
    return out


def count_notes(notes: str) -> bool:
    """Whether a table's caption and footnotes say its bare numbers count events or people ("Data are number of
    events", "Values are numbers of patients") and define no means or medians (whose bare numbers may be either), with no
    exception or rate beside ("unless otherwise indicated", "per 100 patient-years", "n/N (%)": ``COUNT_NOTE_EXCEPT``)."""
    notes = notes or ""
    return bool(_RX.COUNT_NOTE.search(notes)) and not _RX.MEAN_NOTE.search(notes) and not _RX.COUNT_NOTE_EXCEPT.search(notes)


def share_of(a: float, b: float, n: int | None) -> bool:
    """Whether "a (b)" is a whole count a of an arm of n with its percent b (within a point)."""
    return bool(n) and a == int(a) and 0 <= a <= n and abs(a / n * 100 - b) <= 1.0


def _kind(parts: dict) -> str | None:
    if "events" in parts or ("n" in parts and "percent" in parts):
        return "events"
    if "mean" in parts and ("sd" in parts or "se" in parts):
        return "mean_sd"
    if "median" in parts:
        return "median"
    if "mean" in parts:
        return "mean"
    if "percent" in parts:
        return "percent"
    if "value" in parts and "ci_lower" in parts:
        return "effect"
    return None


_FIELDS = ("events", "total", "percent", "mean", "sd", "median", "q1", "q3", "range_low", "range_high", "value",
           "ci_lower", "ci_upper", "p", "p_operator")


def time_row(label: str) -> bool:
    """Whether a row label names only a time ("24 hours", "Week 12", "Postoperative"), not an outcome; a statistic
    after a comma says what the row holds ("6 months, mean (SD)")."""
    bare = " ".join(_RX.MARKER.sub("", clean_cell(label or "")).split()).strip(" :")
    head, _, tail = bare.rpartition(",")
    return bool(_RX.TIME_ROW.match(bare) or head and stat_hint(tail) and _RX.TIME_ROW.match(head.strip()))


def time_column(table: dict) -> int | None:
    """The column (after the row labels) whose cells name each row's time point, if any.

    "Group | Time points | IL-6 | TNF-α" with "Baseline", "Week 1", "Week 2" down the second column: every
    filled cell of the column is a time (``time_row``) and none a statistic, at least two different ones; or
    its header says time ("Time points", "Visit") and no cell holds a number of its own.
    """
    rows = table.get("rows") or []
    width = min((len(r) for r in rows), default=0)
    for c in range(1, width):
        cells = [clean_cell(r[c]) for r in rows]
        filled = [x for x in cells if x]
        head = _column_head(table, c)
        if len(set(filled)) >= 2 and all(_unit_time(head, x) for x in filled):
            return c  # "Week" over "12", "24": the rows' times, no values
        if len(filled) < 2 or any(parse_cell(x) for x in filled):
            continue
        if (all(time_row(x) for x in filled) and len(set(filled)) >= 2) or (
                _RX.TIME_HEADER.match(head) and sum(time_row(x) for x in filled) * 2 >= len(filled)):
            return c
    return None


def difference_rows(table: dict, cols: list[Column]) -> set[int]:
    """Rows whose arms' bare numbers are means: a difference column ("GMC vs usual care (95% CI)", "Mean difference
    (95% CI)"; no ratio) gives the row a difference with its interval ("−11.2 (−19.2 to −3.3)") of two arm cells that
    hold bare numbers, and the row's label names no count, percent or median ("Smokers, %", "n", "Median LOS").
    Anything else keeps its bare numbers unread (null beats a guess)."""
    diff = [c for c, col in enumerate(cols) if c and col.stat in {"effect", "ci"} and _RX.DIFF_COLUMN.search(
        _RX.MARKER.sub("", col.header))]
    if not diff:
        return set()
    out = set()
    for r, row in enumerate(table.get("rows") or []):
        label = _RX.MARKER.sub("", (table.get("row_prefixed") or table.get("row_labels") or [""] * (r + 1))[r] or "")
        if "%" in label or re.search(r"(?i)percent|proportion|rate|median", label) or \
                row_stat_hint(label) in {"events", "percent", "median", "median_iqr", "median_range", "n"} or \
                _RX.COUNT_LABEL.match(label):
            continue
        bare = [c for c, col in enumerate(cols) if c and c < len(row) and col.arm and not col.total and col.stat is None
                and (parse_cell(row[c]) or ("",))[0] == "num"]
        # the difference subtracts two arms: exactly two bare numbers ("Cohen's d" beside them is no third arm)
        if len(bare) == 2 and any(c < len(row) and (parse_cell(row[c]) or ("",))[0] == "paren_range" for c in diff):
            out.add(r)
    return out


def spelled_labels(label: str) -> list[str]:
    """Forms of a row label with its shorthand spelled out ("ΔPLT" -> "platelets change", "platelets decrease",
    "platelets increase"; "SBP" -> "systolic blood pressure"), for the outcome match; [] when it has none.

    A change sign names no direction, so each change word is a form; the abbreviations are those tables print
    undefined (``label_terms.json``), matched as whole words in their written case."""
    bare = _RX.MARKER.sub("", label or "")
    changed = bool(_CHANGE_SIGN.search(bare))
    rest = " ".join(_CHANGE_SIGN.sub(" ", bare).split()) if changed else bare  # "ΔPLT": the sign is no letter of it
    spelled = _ABBREVIATION.sub(lambda m: _TERMS["abbreviations"][m.group(1)], rest)
    if not changed:
        return [spelled] if spelled != bare else []
    return [f"{spelled} {word}" for word in _TERMS["change_words"]]


def corner_outcome(table: dict) -> str:
    """The outcome a table of time rows is about: its corner header less generic words ("Variables Pain
    Score" -> "Pain Score"), else its caption."""
    corner = (table.get("header_joined") or [""])[0] or ""
    rest = " ".join(_RX.CORNER_WORDS.sub(" ", corner).split())
    return rest if re.search(r"[A-Za-z]{3}", rest) else (table.get("caption") or "")


def table_statistics(table: dict, arms: list[str] | None = None, roles: dict[str, str] | None = None) -> list[dict]:
    """Statistics records of one table record (``corpus.jats`` shape); ``arms`` are names known from the text."""
    arms = list(arms or [])
    rows = table.get("rows") or []
    if not rows:
        return []
    cols = read_columns(table)
    if not cols:
        return []
    table_hint = _table_hint(table)
    # "Values are expressed as mean (95% CI)": the table's "a (b-c)" cells are means, even where its notes also
    # define SDs (the cells nothing else names: see below).
    notes = _notes_text(table)
    table_ci = bool(_RX.MEAN_CI_NOTE.search(notes))
    # "Data are frequencies (%) or mean ± SD": the notes define counts beside means (``_table_hint`` names one).
    table_counts = any(kind == "events" and rx.search(notes) for kind, rx in _RX.CAPTION_HINTS)
    bare_counts_noted = count_notes(notes)
    cv_noted = bool(_RX.CV_NOTE.search(notes))  # "geometric mean (%CV)" in the caption: no decimal-pair reading
    orientation = _orientation(table, cols, arms)
    if table_hint is None and orientation == "rows" and cols[0].stat in ROW_FORMATS - {"events", "pct_events"}:
        table_hint = cols[0].stat  # a "Mean (SD)" corner over outcome columns and arm rows names the cells' format
    # A "Participants | 258 | 125 | 133" row gives the arms' sizes.
    for r, row in enumerate(rows):
        if _RX.SIZE_ROW.match(table["row_labels"][r] or ""):
            for c, col in enumerate(cols):
                if 0 < c < len(row) and col.n is None and re.fullmatch(r"\d+", clean_cell(row[c])):
                    col.n = int(clean_cell(row[c]))
    blocks, block_n = _stacked_blocks(table, cols) if orientation == "columns" else ({}, {})
    row_outcomes = column_outcomes(cols, rows) if orientation == "rows" else []
    groups: dict[tuple, _Group] = {}
    order: list[tuple] = []
    row_p: dict[int, tuple[float, str, int]] = {}
    row_n: dict[int, int] = {}
    paired_n = any(c.stat == "percent" for c in cols)
    across = {c.arm for c in cols[1:] if c.arm and not c.total and c.stat not in {"p", "effect", "ci", "range"}}
    t_col = time_column(table)  # "Group | Time points | IL-6 ...": each row's time point from its own cell
    diff_rows = difference_rows(table, cols)
    n_rows = set(table.get("n_announced_rows") or ())  # rows under a format row that says "(N)"
    section_n: dict[int, int] = {}  # column -> the size a row of sizes above gave the rows below it
    section = ""
    for r, row in enumerate(rows):
        sized = size_row(row, cols, clean_cell(table["row_labels"][r])) if orientation == "columns" else None
        if sized:
            # "Participants completing week 10 | (n = 81) | (n = 88)": the rows below report these patients;
            # "Antidepressant users | n = 723 | n = 1086": and they are a section of the table, which names them.
            section_n = sized
            head = _RX.N_IN.sub("", clean_cell(table["row_labels"][r])).strip(" :,")
            section = "" if _RX.ANALYSIS_SET_LABEL.search(head) else head
            continue
        if table["label_only"][r] or r in blocks and blocks[r] is None:
            continue
        label = table["row_prefixed"][r]
        raw = table["row_labels"][r]
        if section and not label.startswith(section):
            label = f"{section} / {label}"
        row_sizes = {**section_n, **(label_sizes(raw, cols) if orientation == "columns" else {})}
        unsized = _RX.LABEL_N_PAIR.sub("", raw).strip()
        if orientation == "columns" and label != raw and _RX.TOTAL_ARM.match(_bare_label(raw)) and any(
                re.fullmatch(r"100(?:\.0+)?\s*%?|\d+\s*\(\s*100(?:\.0+)?\s*%?\s*\)", clean_cell(x)) for x in row[1:]):
            continue  # "Culture result / Total | 100 | 37" under "Negative", "Positive": the categories' 100%, no outcome
        # In a table whose row labels are arms ("M" for massage), a label names no statistic.
        row_hint = (table.get("row_formats") or {}).get(r) or (
            None if table.get("arms_down") else row_stat_hint(raw)) or next(
            (k for k, rx in _RX.CAPTION_HINTS if rx.search(label)), None)
        r_arm, r_n = _row_arm(raw) if orientation == "rows" else (None, None)
        row_time = row_time_cell(table, t_col, row) if t_col is not None else ""
        for c, col in enumerate(cols):
            if c == 0 or c >= len(row) or c == t_col:
                continue
            cell = row[c]
            parsed = parse_cell(cell)
            if parsed is None:
                continue
            shape, values = parsed
            if values.get("cell_n_bracketed") and r not in n_rows and not _RX.N_ANNOUNCED.search(
                    f"{col.header} {raw}"):
                # "−0.59 ± 0.09 (N = 52)": a bracketed cell size is a grammar few tables use; read it only where
                # the table says its cells carry their n ("(N)" in the header, label or format row), as a place
                # only a new reader finds must meet a stronger test before it answers.
                continue
            if col.stat == "p" or shape == "p" and col.stat in {None, "p"}:
                if shape in {"p", "num"}:
                    op = {"≤": "<=", "≥": ">="}.get(values.get("op", "="), values.get("op", "=").rstrip("=") or "=")
                    row_p[r] = (values["a"], op, c)
                continue
            if col.stat in {"effect", "ci", "range"} or col.total:
                continue
            if col.stat == "n" and col.arm is None and col.timepoint is None and shape == "num" and not paired_n:
                row_n[r] = int(values["a"])  # an "n" column beside the statistics: the row's group size
                continue
            row_flags: list[str] = []
            if orientation == "columns":
                arm, n, tp = col.arm, row_sizes.get(c, col.n), col.timepoint
                c_label = label  # per column: the row's own label stays for the next arm column
                if r in blocks:  # a stacked block's sub-row: the block's outcome, and the n it analysed
                    c_label = blocks[r][1]
                    n = block_n.get((blocks[r][0], c)) or n
                elif tp is None and time_row(unsized):
                    # "Hemoglobin / Postoperative", "1 hour" ... "24 hours": one outcome read at several times
                    # ("6 months (n = 36/33)": the time, its sizes read above)
                    tp, row_flags = clean_cell(unsized), ["time_row"]
                    prefix = label[: -len(raw)].rstrip(" /") if raw and label.endswith(raw) and label != raw else ""
                    c_label = prefix or corner_outcome(table)
                outcome = f"{c_label} [{col.subgroup}]" if col.subgroup else c_label
            else:
                arm, n, tp = r_arm, r_n, col.timepoint
                prefix = label[: -len(raw)].rstrip(" /") if raw and label.endswith(raw) and label != raw else ""
                if prefix and row_outcomes[c] and col.timepoint is None and _RX.UNIT_BRACKET.search(col.header):
                    # "Changes from baseline" over the arm rows, "LDL-P (nmol/L)" over the column: each column is
                    # its own measure under the heading
                    outcome = f"{prefix} / {row_outcomes[c]}"
                else:
                    outcome = prefix or row_outcomes[c] or table.get("caption") or ""
            if row_time and time_row(row_time) and tp is None:
                # One outcome read at the times the time column lists: the final one answers (``time_row``).
                tp, row_flags = row_time, row_flags + ["time_row"]
            if arm is None or (arm and _RX.TOTAL_ARM.match(arm)):
                continue
            hint = col.stat or row_hint or table_hint
            if shape == "num" and hint is None and r in diff_rows and not bare_counts_noted and not table_counts:
                hint = "mean"  # "82.3 | 93.5 | −11.2 (−19.2 to −3.3)": the means the difference column subtracts
            if shape == "paren" and hint is None and n is None and percent_cell(cell):
                # "1 (1.8%)" under a bare arm header: the cell's own % sign says count (percent), of an n the table
                # does not give; the answer checks the percent against the n it gives (``outcome_query``).
                hint, row_flags = "events", row_flags + ["percent_of_unknown_n"]
            if shape == "paren" and hint in {"mean_sd", "mean_se", "mean", "sd", "pct_events"} and percent_cell(cell):
                hint = "events"  # "3 (6.4%)" under "mean ± SD or n (%)": the cell's own % sign says count (percent)
            elif shape == "paren" and hint in {"mean_sd", "mean_se"} and not col.stat and not row_hint and \
                    table_counts and share_of(values["a"], values["b"], n):
                # "14 (77)" under "n = 18" where the notes say "frequencies (%) or mean ± SD": the percent of the
                # arm's n says count (percent); a mean (SD) the notes also define rarely gives it
                hint = "events"
            if shape == "paren" and hint == "events" and not col.stat and unit_percent(raw) and \
                    table_hint in {"mean_sd", "mean_se"} and not percent_cell(cell):
                # "Body fat loss (%) | 22 (3)" in a table of means (SD): "(%)" may be the count's percent or the
                # mean's unit. Only the arm's n tells: a count when it gives that percent, else the caption's mean.
                if n is None:
                    continue
                if not (values["a"] == int(values["a"]) and abs(values["a"] / n * 100 - values["b"]) <= 1.0):
                    hint = table_hint
            if shape == "paren_range" and table_ci and hint in {None, "mean", "mean_sd", "mean_se"} and \
                    not _RX.NOT_MEAN_ROW.search(label):
                # Only cells nothing else names: a median (range) row under the same note stays unread.
                hint = "mean_ci"
            if shape == "pm_pair":
                # "10.80±2.0 (4.90±1.88)" under "Intervention (control)": two arms in one cell.
                last = _RX.MARKER.sub("", col.header.split(" / ")[-1].split(";")[-1])
                m = re.match(r"^(?P<x>[^()]+?)\s*\((?P<y>[^()]+)\)\s*$", last.strip())
                if not m:
                    continue
                for name, (mean, sd) in ((m.group("x"), (values["a"], values["b"])),
                                         (m.group("y"), (values["c"], values["d"]))):
                    key = (r, name.strip(), tp, outcome)
                    g = groups.setdefault(key, _Group())
                    if key not in order:
                        order.append(key)
                    g.parts.update({"mean": mean, "sd": sd})
                    g.cells.append((r, c))
                continue
            if shape == "paren" and hint in {None, "mean"} and values["b"] == int(values["b"]) and values["b"] > 0 and \
                    (_RX.MEAN_N.search(col.header or "") or _RX.MEAN_N.search(raw or "")):
                # "-0.050 (36)" under "LS mean (n)": the mean, and its group size in the brackets (no SD).
                shape, values = "num", {"a": values["a"], "cell_n": values["b"]}
                hint, row_flags = "mean", row_flags + ["n_in_brackets"]
            if shape == "paren" and hint is None and orientation == "columns" and not table.get("arms_down") and \
                    not _RX.CV_NAMED.search(f"{col.header} {raw}") and any(
                    unlabelled_mean(values["a"], values["b"], x, n, "" if cv_noted else cell)
                    for x in dict.fromkeys((raw, label))):
                # "ICU stay (days) | 17.6 (8.9)" in a table that names no format anywhere: a mean (SD); not under
                # "Geometric mean (%CV)", whose brackets hold no SD.
                hint, row_flags = "mean_sd", row_flags + ["format_inferred"]
            got = _interpret(shape, values, hint, n)
            if got is None:
                continue
            parts, flags = got
            key = (blocks[r][0] if r in blocks else r, arm, tp, outcome)
            g = groups.setdefault(key, _Group())
            if key not in order:
                order.append(key)
            for k, val in parts.items():
                g.parts.setdefault(k, val)
            g.cells.append((r, c))
            cell_n = values.get("cell_n")
            if cell_n is None and shape == "pm_paren" and values["c"] == int(values["c"]) and _RX.N_MARK.search(
                    f"{col.header} {raw}"):
                cell_n = values["c"]  # "0.79 ± 0.07 (12)" under "T0 (n)": the brackets hold the n
            g.n = int(cell_n) if cell_n is not None and cell_n > 0 else g.n or n
            g.flags += flags + row_flags
    out = []
    counted = {(key[0], key[2], key[3]) for key in order if _kind(groups[key].parts) == "events"}
    whole = whole_count_rows(table, cols, groups, order) if orientation == "columns" else set()
    for key in order:
        r, arm, tp, outcome = key
        g = groups[key]
        if orientation == "rows" or len(across) < 2:
            # An "n" column beside two arm columns counts both arms (the row's analysed total): no arm's size.
            g.n = g.n or row_n.get(r)
        parts = dict(g.parts)
        if set(parts) == {"value"}:
            parts = bare_count(parts["value"], g.n, table["row_labels"][r] if r < len(rows) else "",
                               (r, tp, outcome) in counted, bare_counts_noted, (r, tp, outcome) in whole)
        if "n" in parts and "percent" in parts and "events" not in parts:
            parts["events"] = parts.pop("n")
        if "value" in parts and "percent" in parts and "events" not in parts and parts["value"] == int(parts["value"]):
            parts["events"] = parts.pop("value")  # a count column and its percent column: events
        if "n" in parts:
            # An "n" column beside means is the group's size.
            g.n = int(parts.pop("n"))
        kind = _kind(parts)
        if kind is None:
            continue
        stat = {f: None for f in _FIELDS}
        for f in _FIELDS:
            if f in parts:
                stat[f] = parts[f]
        if kind == "events":
            stat["events"] = int(stat["events"]) if stat["events"] is not None else None
            if stat["total"] is None and g.n:
                stat["total"] = g.n
        stat["total"] = int(stat["total"]) if stat["total"] is not None else (g.n if kind != "events" else None)
        flags = list(dict.fromkeys(g.flags))
        if "se" in parts:
            stat["se"] = parts["se"]
            flags.append("se_not_sd")
            where = " ".join([table["row_prefixed"][r], table.get("caption") or ""] +
                             [cols[c].header for _, c in g.cells if c < len(cols)])
            if _RX.ADJUSTED.search(where):
                flags.append("adjusted_mean")
        if r in row_p and stat["p"] is None:
            stat["p"], stat["p_operator"] = row_p[r][0], row_p[r][1]
        cells = [_cell_ref(table, rr, cc, cols) for rr, cc in g.cells]
        out.append({
            "kind": kind, "outcome": None, "outcome_label": outcome, "arm": arm,
            "arm_role": (roles or {}).get(arm), "timepoint": tp, **stat, "measure": None, "arm_n": g.n,
            "baseline": bool(tp and _RX.BASELINE.search(tp)), "flags": flags,
            "confidence": 0.85 if kind in {"events", "mean_sd"} else 0.7,
            "evidence": {**cells[0], "cells": cells, "source": "table", "caption": table.get("caption")},
        })
    for r, (p, op, c) in row_p.items():
        out.append({
            "kind": "p_value", "outcome": None, "outcome_label": table["row_prefixed"][r], "arm": None,
            "arm_role": None, "timepoint": cols[c].timepoint, **{f: None for f in _FIELDS}, "p": p, "p_operator": op,
            "measure": None, "baseline": False, "flags": [], "confidence": 0.9,
            "evidence": {**_cell_ref(table, r, c, cols), "source": "table"},
        })
    return out


def _arm_columns(cols: list[Column]) -> list[int]:
    """The columns holding an arm's statistics (not a total, p, interval, effect, range or n column)."""
    return [c for c, col in enumerate(cols) if c and col.arm and not col.total
            and col.stat not in {"p", "ci", "effect", "range", "n"}]


def size_row(row: list[str], cols: list[Column], label: str = "") -> dict[int, int] | None:
    """{column: n} of a body row whose cells are only group sizes, one in each of two or more arm columns
    ("Participants completing week 10 | (n = 81) | (n = 88)"), or bare counts under a label naming the patients
    analysed and the count ("Patients assessed, n | 27 | 28 | 26": a bare count under any other label is an
    outcome's, "Hospitalised, n | 3 | 5"); None for any other row."""
    cells = {c: clean_cell(row[c]) for c in range(1, min(len(row), len(cols)))}
    arm_cols = set(_arm_columns(cols))
    cell_rx = _RX.BARE_N_CELL if _RX.ANALYSED_N_LABEL.search(label) else _RX.N_ONLY_CELL
    sizes = {c: cell_rx.match(cell) for c, cell in cells.items() if cell}
    if len(sizes) < 2 or not all(sizes.values()) or not set(sizes) <= arm_cols:
        return None
    return {c: int(m.group("n").replace(",", "")) for c, m in sizes.items()}


def label_sizes(label: str, cols: list[Column]) -> dict[int, int]:
    """{column: n} from a row label's "(n = a/b)" where the table has two arm columns, in their order ("6 months
    (n = 36/33)" over "CD34+ | Placebo"); {} otherwise."""
    m = _RX.LABEL_N_PAIR.search(label or "")
    arm_cols = _arm_columns(cols)
    if not m or len(arm_cols) != 2 or cols[arm_cols[0]].arm == cols[arm_cols[1]].arm:
        return {}
    return dict(zip(arm_cols, (int(m.group("a").replace(",", "")), int(m.group("b").replace(",", "")))))


def _stacked_blocks(table: dict, cols: list[Column]) -> tuple[dict[int, tuple[int, str] | None], dict[tuple, int]]:
    """Rows that are statistic sub-rows of one outcome ("Body weight (kg)" over "n", "LS mean (SE)", "95 % CI").

    Returns {row: (first sub-row, outcome label)} for the statistic rows (None for a size or between-arm row,
    which give no record of their own) and {(first sub-row, column): n} from the block's "n" row: the
    number analysed for that outcome, which beats the header's randomised n.
    """
    blocks: dict[int, tuple[int, str] | None] = {}
    block_n: dict[tuple, int] = {}
    first: dict[str, int] = {}
    for r, row in enumerate(table.get("rows") or []):
        raw = (table["row_labels"][r] or "").strip()
        label = table["row_prefixed"][r]
        if not raw or label == raw or not label.endswith(raw):
            continue
        prefix = label[: -len(raw)].rstrip(" /")
        bare = " ".join(_RX.MARKER.sub("", raw).split())
        if _RX.SIZE_ROW.match(bare):
            start = first.setdefault(prefix, r)
            blocks[r] = None
            for c, col in enumerate(cols):
                if 0 < c < len(row) and re.fullmatch(r"\d+", clean_cell(row[c])):
                    block_n[(start, c)] = int(clean_cell(row[c]))
        elif _RX.STAT_ROW.match(bare):
            blocks[r] = (first.setdefault(prefix, r), prefix)
        elif _RX.EFFECT_ROW.search(bare) and prefix in first:
            blocks[r] = None
    return blocks, block_n


def _cell_ref(table: dict, r: int, c: int, cols: list[Column]) -> dict:
    start, end = table["cell_offsets"][r][c]
    return {"table": table.get("label") or table.get("id"), "row_header": table["row_prefixed"][r],
            "column_header": cols[c].header if c < len(cols) else "", "cell": table["rows"][r][c],
            "start": start, "end": end}


def label_column_first(table: dict) -> dict:
    """The table with its row-label column first, when the article prints it last.

    Some tables read right to left: "P value | Drug mean±SD | Placebo mean±SD | Variables". When every
    body cell of the first column is a number (or p-value) and every filled cell of the last column has
    words and is no statistic, the last column is moved to the front (header, cells and their offsets
    into the stored table text move with it); any other table is returned as it is.
    """
    rows = table.get("rows") or []
    if len(rows) < 2 or any(len(r) < 3 for r in rows) or len({len(r) for r in rows}) != 1:
        return table
    first = [clean_cell(r[0]) for r in rows]
    last = [clean_cell(r[-1]) for r in rows]
    if not all(x and _RX.STAT_LIKE.match(x) and re.search(r"\d", x) for x in first):
        return table
    if not all(x and re.search(r"[A-Za-z]{3}", x) and parse_cell(x) is None for x in last):
        return table

    def rot(seq: list) -> list:
        return [seq[-1], *seq[:-1]]

    out = dict(table)
    out["rows"] = [rot(list(r)) for r in rows]
    out["header"] = [rot(list(h)) if len(h) == len(rows[0]) else h for h in table.get("header") or []]
    if len(table.get("header_joined") or []) == len(rows[0]):
        out["header_joined"] = rot(list(table["header_joined"]))
    if len(table.get("header_offsets") or []) == len(rows[0]):
        out["header_offsets"] = rot(list(table["header_offsets"]))
    if table.get("cell_offsets"):
        out["cell_offsets"] = [rot(list(o)) if len(o) == len(rows[0]) else o for o in table["cell_offsets"]]
    out["row_labels"] = [r[-1] for r in rows]
    out["row_prefixed"] = [r[-1] for r in rows]
    out["label_only"] = [False] * len(rows)
    return out


def note_row(row: list[str]) -> bool:
    """A row whose every cell holds the same words: a note spanned across the table ("FBS was not different during
    various weeks ..."), no outcome and no arm."""
    cells = [clean_cell(c) for c in row]
    return len(cells) >= 3 and bool(cells[0]) and re.search(r"[A-Za-z]{3}", cells[0]) is not None \
        and all(c == cells[0] for c in cells)


def label_column_added(table: dict) -> dict:
    """The table with an empty row-label column in front, when it has none: "RA (n = 26) | OA (n = 98) | Healthy
    controls (n = 13)" over "18/26 (69.2 %) | 10/98 (10.2 %) | 0/13 (0 %)" (the caption names the outcome). Only when
    every header cell names a group size ("(n = 26)") and every body cell of the first column is a statistic; any other
    table is returned as it is. The new column's cells and header are empty, at the first cell's offsets."""
    rows = table.get("rows") or []
    header = table.get("header_joined") or []
    if not rows or len(header) < 2 or any(len(r) != len(header) for r in rows):
        return table
    if not all(_RX.N_IN.search(h or "") for h in header):
        return table
    if not all(clean_cell(r[0]) and re.search(r"\d", r[0]) and _RX.STAT_LIKE.match(clean_cell(r[0]))
               and parse_cell(r[0]) is not None for r in rows):
        return table
    out = dict(table)
    out["rows"] = [["", *r] for r in rows]
    out["header"] = [["", *h] if len(h) == len(header) else h for h in table.get("header") or []]
    out["header_joined"] = ["", *header]
    if len(table.get("header_offsets") or []) == len(header):
        at = table["header_offsets"][0][0]
        out["header_offsets"] = [[at, at], *table["header_offsets"]]
    if table.get("cell_offsets"):
        out["cell_offsets"] = [[[o[0][0], o[0][0]], *o] if len(o) == len(header) else o for o in table["cell_offsets"]]
    out["row_labels"] = [""] * len(rows)
    out["row_prefixed"] = [""] * len(rows)
    out["label_only"] = [False] * len(rows)
    return out


def _cycles(first: list[str], second: list[str]) -> bool:
    """Whether the second column repeats one list of 2-4 names under every outcome of the first ("Hospital stay |
    A", "Hospital stay | B", "Blood loss | A", "Blood loss | B"): the column names arms, whatever its header says."""
    blocks: list[list[str]] = []
    for i, (f, a) in enumerate(zip(first, second)):
        if i == 0 or f != first[i - 1]:
            blocks.append([])
        blocks[-1].append(a.lower())
    return len(blocks) >= 2 and 2 <= len(blocks[0]) <= 4 and len(set(blocks[0])) == len(blocks[0]) and all(
        b == blocks[0] for b in blocks) and not any(time_row(a) for a in blocks[0])  # times: ``time_column``


def _second_column_folded(table: dict, labels: list[str], prefixed: list[str], label_only: list[bool]) -> dict:
    """The table without its first column, the second one now the row labels (``labels``, ``prefixed``)."""
    rows, header = table["rows"], table["header_joined"]
    out = dict(table)
    out["rows"] = [list(r[1:]) for r in rows]
    out["header"] = [list(h[1:]) if len(h) == len(header) else h for h in table.get("header") or []]
    out["header_joined"] = list(header[1:])
    if len(table.get("header_offsets") or []) == len(header):
        out["header_offsets"] = list(table["header_offsets"][1:])
    if table.get("cell_offsets"):
        out["cell_offsets"] = [list(o[1:]) if len(o) == len(header) else o for o in table["cell_offsets"]]
    out["row_labels"], out["row_prefixed"], out["label_only"] = labels, prefixed, label_only
    return out


def arm_column_merged(table: dict) -> dict:
    """The table with an arm column folded into its row labels: "Items | Group | Pre-test | Post-test" rows
    "Weight (kg) | Aerobic exercise | ..." become rows labelled "Aerobic exercise" under the prefix
    "Weight (kg)" (arms down the rows, one outcome per block), the outcome column dropped.

    Only when the second column's header names groups, its cells are words (no statistic), and the first
    column repeats its outcome down a block (spanned cells); any other table is returned as it is. A row that
    names an outcome and leaves the arm column blank ("Pain | | 2.29 ± 1.2" over " | R | ...", " | M | ...") heads
    its block: its values belong to no arm (a pooled baseline), so it gives no record.
    """
    rows = table.get("rows") or []
    header = table.get("header_joined") or []
    if len(rows) < 2 or len(header) < 3 or any(len(r) != len(header) for r in rows):
        return table
    first, arms = [clean_cell(r[0]) for r in rows], [clean_cell(r[1]) for r in rows]
    heading = [bool(f) and not a or note_row(r) for f, a, r in zip(first, arms, rows)]  # a note row: no record
    for i in range(1, len(first)):
        first[i] = first[i] or first[i - 1]  # a blank under an outcome continues it (a span written once)
    body = [i for i in range(len(rows)) if not heading[i]]
    if len(body) < 2 or not all(arms[i] and re.search(r"[A-Za-z]", arms[i]) and parse_cell(arms[i]) is None
                                for i in body):
        return table
    if not any(first[i] == first[j] for i, j in zip(body, body[1:])):
        return table
    if not _RX.ARM_COLUMN.match(_RX.MARKER.sub("", header[1]).strip()) and (
            not _cycles([first[i] for i in body], [arms[i] for i in body])
            or all(_RX.NOT_ARM_CODE.match(_bare_label(arms[i])) for i in body)):
        return table  # "Bodily pain | FAS", "| PPS" under no "Arm" header: analysis sets (or answers) are no arms
    out = _second_column_folded(
        table, [rows[i][0] if heading[i] else r[1] for i, r in enumerate(rows)],
        [rows[i][0] if heading[i] else f"{first[i]} / {r[1]}" if first[i] else r[1] for i, r in enumerate(rows)],
        heading)
    out["arms_down"] = True
    return out


def time_column_first(table: dict) -> dict:
    """The table with a first column of time points and a second of outcomes folded into the row labels:
    "Category | | Experiment group | Control group" over "Pre-test | strength | ...", "Pre-test | endurance | ...",
    "Post-test | strength | ..." gives rows "strength / Post-test" (the outcome read at that time, ``time_row``).

    Only when the second column's header is blank, every filled first-column cell is a time (a blank continues
    the one above), every second-column cell is words (no statistic), and at least two of the other header cells
    name arms (arm words or a size): the second column's repeating names are then outcomes, not arms
    (``arm_column_merged`` would take them for arms). Any other table is returned as it is.
    """
    rows = table.get("rows") or []
    header = table.get("header_joined") or []
    if len(rows) < 2 or len(header) < 4 or any(len(r) != len(header) for r in rows) or clean_cell(header[1]):
        return table
    armish = [h for h in header[2:] if _RX.ARM_WORDS.search(h) or _RX.N_IN.search(h)]
    if len(armish) < 2:
        return table
    times, names = [clean_cell(r[0]) for r in rows], [clean_cell(r[1]) for r in rows]
    if not times[0]:
        return table
    for i in range(1, len(times)):
        times[i] = times[i] or times[i - 1]
    change = [bool(_RX.EFFECT_ROW.search(t) or re.fullmatch(r"(?i)changes?", t)) for t in times]
    if not all(time_row(t) or c for t, c in zip(times, change)) or all(change) or not all(
            n and re.search(r"[A-Za-z]", n) and parse_cell(n) is None and not time_row(n) for n in names):
        return table
    if len(set(names)) == len(names) or len(set(times)) < 2:
        return table  # no outcome read at two times: nothing to fold
    labels = [r[0] if clean_cell(r[0]) else times[i] for i, r in enumerate(rows)]
    prefixed = [f"{r[1]} / {labels[i]}" for i, r in enumerate(rows)]
    out = dict(table)
    # the second column keeps the outcome; the first (times) is dropped, its time kept in the labels
    out["rows"] = [[r[1]] + list(r[2:]) for r in rows]
    out["header"] = [[h[1]] + list(h[2:]) if len(h) == len(header) else h for h in table.get("header") or []]
    out["header_joined"] = [header[1]] + list(header[2:])
    if len(table.get("header_offsets") or []) == len(header):
        out["header_offsets"] = [table["header_offsets"][1]] + list(table["header_offsets"][2:])
    if table.get("cell_offsets"):
        out["cell_offsets"] = [[o[1]] + list(o[2:]) if len(o) == len(header) else o for o in table["cell_offsets"]]
    # a "Difference" block compares the times (or the arms): no arm's value at a time, no record
    out["row_labels"], out["row_prefixed"], out["label_only"] = labels, prefixed, change
    return out


def label_columns_joined(table: dict) -> dict:
    """The table with a second label column folded into the row labels, when the corner header spans both
    ("Scored items | Scored items" over "Key-feature test (%), mean (SD)" and then " | t0 | 31.0 (12.9) | ...",
    " | t1 | 68.8 (16.3) | ..."): the second column's sub-labels (time points, statistics) are rows under the
    outcome the first column names. Only when no cell of the second column is a statistic and the second column does
    not repeat one list of names under every outcome (arms: ``_cycles``); a row whose two label cells agree (or whose
    second is blank) is the outcome's own row, label-only when it holds no other cell; a list of answers or analysis
    sets ("Negative", "Positive", "Total") may repeat.
    """
    rows = table.get("rows") or []
    header = table.get("header_joined") or []
    if len(rows) < 2 or len(header) < 3 or any(len(r) != len(header) for r in rows):
        return table
    corner = clean_cell(header[0])
    if any(parse_cell(r[1]) for r in rows):
        return table
    if not (corner and clean_cell(header[1]) == corner) and not section_column(header, rows):
        return table
    kept = [r for r in rows if not note_row(r)]
    if _cycles([clean_cell(r[0]) for r in kept], [clean_cell(r[1]) for r in kept]) and not all(
            _RX.NOT_ARM_CODE.match(_bare_label(r[1])) for r in kept if clean_cell(r[1])):
        # "FBS | drug", "FBS | Placebo", "2hpp | drug", ...: an arm column (``arm_column_merged``); a cycle of
        # answers or analysis sets ("Negative", "Positive", "Total"; "FAS", "PPS") is sub-labels
        return table
    subs = [r for r in rows if clean_cell(r[1]) and clean_cell(r[1]) != clean_cell(r[0])]
    if len(subs) < 2:
        return table
    labels, prefixed, only = [], [], []
    head = ""
    for r in rows:
        c0, c1 = clean_cell(r[0]), clean_cell(r[1])
        if c0 and c1 in ("", c0):
            head = r[0]
            labels.append(r[0])
            prefixed.append(r[0])
            only.append(all(clean_cell(x) in ("", c0) for x in r[2:]))
            continue
        head = r[0] if c0 else head
        labels.append(r[1])
        prefixed.append(f"{head} / {r[1]}" if head else r[1])
        only.append(False)
    return _second_column_folded(table, labels, prefixed, only)


def section_column(header: list[str], rows: list[list[str]]) -> bool:
    """Whether a table's first column holds section titles spanned down over the row labels of its second ("TMT"
    over "TMT-A (second)" and "TMT-B (second)", the grid repeating a row-spanned cell): both corner headers blank,
    the first column repeating a title over consecutive rows whose second-column labels differ, every filled
    second-column cell words and no statistic, and that column no arm list cycling under each title (arms down
    the rows are ``arm_column_merged``'s)."""
    if len(header) < 3 or clean_cell(header[0]) or clean_cell(header[1]):
        return False
    first, second = [clean_cell(r[0]) for r in rows], [clean_cell(r[1]) for r in rows]
    spanned = any(f and f == first[i - 1] and second[i] and second[i - 1] and second[i] != second[i - 1]
                  and second[i] != f and second[i - 1] != f for i, f in enumerate(first) if i)
    if not spanned or any(s and not re.search(r"[A-Za-z]", s) for s in second):
        return False
    return not _cycles(first, second)


def _bare_label(label: str) -> str:
    """A row label without footnote markers or extra spaces: "Enteral F^†" and "Enteral F" are one arm's rows."""
    return " ".join(_RX.MARKER.sub("", label or "").split()).strip(" :")


def _arm_code(label: str) -> bool:
    """Whether a row label repeated under each outcome can name an arm: arm words ("Placebo phase", "Control"),
    a size ("(n = 18)"), a dose ("10 mg", "0.75 mg/kg") or a short code ("A", "C*", "UK"), never a time,
    statistic, total, sex or answer."""
    bare = _bare_label(label)
    if not _arm_label(bare):
        return False
    return bool(_RX.ARM_WORDS.search(bare) or _RX.N_IN.search(bare) or re.fullmatch(r"[A-Za-z0-9]{1,3}", bare)
                or _RX.DOSE_LABEL.fullmatch(bare))


def _arm_label(bare: str) -> bool:
    """Whether a repeated row label may name an arm at all: words, not a time, statistic, size, total or answer."""
    return bool(bare) and bool(re.search(r"[A-Za-z]", bare)) and not (
        time_row(bare) or _RX.STAT_ROW.match(bare) or _RX.SIZE_ROW.match(bare) or _RX.TOTAL_ARM.match(bare)
        or _RX.NOT_ARM_CODE.match(bare))


def arm_rows_repeated(table: dict) -> dict:
    """The table read arms-down when the same 2-5 arm rows repeat under every outcome row: "Systolic" over "A",
    "B", "C", then "Diastolic" over "A", "B", "C"; or "Total cholesterol | 256.0 ± 24.3" over "Placebo phase",
    "Treatment phase". Each arm row is labelled under its outcome ("Systolic / A"); the outcome rows give no
    record (a value there is the groups' pooled one). Only when the whole table, after empty title rows, is
    outcome rows each followed by the same arm rows (footnote markers aside), and those rows name arms: each by
    an arm word, size, dose or code, or, where the caption speaks of the groups and no column header names one,
    by any words that are no time, statistic, total or answer ("Enteral F", "Parenteral F"); any other table is
    returned as it is.
    """
    rows = table.get("rows") or []
    labels = [(x or "").strip() for x in table.get("row_labels") or []]
    if len(rows) < 6 or len(labels) != len(rows):
        return table
    bare = [_bare_label(x) for x in labels]
    seen = Counter(x for x in bare if x)
    empty = [not any(clean_cell(v) for v in row[1:]) for row in rows]
    blocks: list[tuple[int, list[str]]] = []
    titles: list[int] = []
    r = 0
    while r < len(rows):
        end = r + 1
        while end < len(rows) and seen[bare[end]] >= 2:
            end += 1
        if not blocks and end == r + 1 and empty[r] and seen[bare[r]] < 2:
            titles.append(r)  # "Domains of PDQ-39" above the first outcome: the table's title row
            r = end
            continue
        if seen[bare[r]] >= 2 or end == r + 1:
            return table  # an arm row without its outcome, or an outcome without arm rows
        blocks.append((r, bare[r + 1:end]))
        r = end
    cycle = blocks[0][1] if blocks else []
    if len(blocks) < 2 or not 2 <= len(cycle) <= 5 or len(set(cycle)) != len(cycle) or any(
            b != cycle for _, b in blocks):
        return table
    if any(time_row(bare[head]) for head, _ in blocks):
        return table  # "1 week after treatment" over "PRF", "TENS": times, one outcome (``time_labels_filled``)
    heads = (table.get("header_joined") or [])[1:]
    if not all(_arm_code(x) for x in cycle) and not (
            all(_arm_label(x) for x in cycle) and re.search(r"\b(?:groups?|arms?)\b", table.get("caption") or "", re.I)
            and not any(_RX.ARM_WORDS.search(h) or _RX.N_IN.search(h) for h in heads)):
        return table
    out = dict(table)
    out["row_labels"], out["row_prefixed"], out["label_only"] = list(labels), list(labels), [False] * len(rows)
    for t in titles:
        out["label_only"][t] = True
    for head, arms in blocks:
        out["label_only"][head] = True
        out["row_prefixed"][head] = bare[head]
        for k, arm in enumerate(arms, start=head + 1):
            out["row_labels"][k] = arm
            out["row_prefixed"][k] = f"{bare[head]} / {arm}"
    out["arms_down"] = True
    return out


def _column_head(table: dict, c: int) -> str:
    """Column ``c``'s joined header, footnote markers and extra spaces dropped."""
    header = table.get("header_joined") or []
    return " ".join(_RX.MARKER.sub("", header[c] if c < len(header) else "").split())


def _unit_time(head: str, cell: str) -> str | None:
    """A bare whole number under a header that is a time unit alone ("24" under "Week", "Time (months)") as that
    time ("24 week"); None for any other cell or header."""
    m = _RX.UNIT_HEADING.match(head)
    return f"{cell} {m.group('unit').lower()}" if m and re.fullmatch(r"\d{1,3}", cell) else None


def row_time_cell(table: dict, t_col: int, row: list[str]) -> str:
    """A row's time from the time column's cell: the cell as it reads ("Week 4"), or a bare number with its
    column's unit ("24" under "Week" -> "24 week")."""
    cell = clean_cell(row[t_col]) if t_col < len(row) else ""
    return _unit_time(_column_head(table, t_col), cell) or cell


def time_labels_filled(table: dict) -> dict:
    """The table with each outcome's label carried down its time rows, when a time column lists the rows' times.

    "Total cholesterol | Baseline | 284±8 | 275±7" then " | Month 3 | 188±6 | 172±6": the later rows of a block
    leave the label blank (a visual span without ``rowspan``); they are the same outcome. Only rows whose time
    cell is filled take the label above them; any other table is returned as it is.
    """
    t_col = time_column(table)
    labels = table.get("row_labels") or []
    if t_col is None or not any(not clean_cell(l or "") for l in labels):
        return table
    out = dict(table)
    out["row_labels"], out["row_prefixed"] = list(labels), list(table.get("row_prefixed") or labels)
    for r, row in enumerate(table.get("rows") or []):
        if r and not clean_cell(labels[r] or "") and t_col < len(row) and clean_cell(row[t_col]) \
                and clean_cell(out["row_labels"][r - 1] or ""):
            out["row_labels"][r], out["row_prefixed"][r] = out["row_labels"][r - 1], out["row_prefixed"][r - 1]
    return out


def sub_row(label: str) -> bool:
    """Whether a row label says only how its values are taken ("Mean (SD) change, kg", "Change at end point (%)",
    "LS mean (SE)"): no words of an outcome once statistics, change words, units and brackets are gone."""
    bare = _RX.MARKER.sub("", label or "")
    if not re.search(r"[A-Za-z]", bare) or time_row(bare):
        return False
    words = re.sub(r"(?:^|(?<=\s))[(\[][^()\[\]]*[)\]]", " ", bare.split(",")[0])  # "(kg)", not "25(OH)D"
    words = _RX.SUBROW_WORDS.sub(" ", _strip_words(words))
    # "Change in E2 (pg/ml)": a capital and digits names a measure (E2, B12, C3); "T1", "D7", "H24", "M6", "V2",
    # "W12", "Y1" may be a time or visit code ("Change at W12" under "HbA1c (%)"), not read so
    return not re.search(r"[A-Za-z]{2}|\b[A-CE-GI-LN-SUXZ]\d{1,2}\b", words)


def label_row(table: dict, r: int) -> bool:
    """Whether row ``r`` only names its outcome: no value in any cell but a P value's, or its own name repeated
    across the cells it spans ("Hypotension | | | 0.533", "HbA1C (%) | HbA1C (%) | HbA1C (%)")."""
    rows = table.get("rows") or []
    if r >= len(rows):
        return False
    cols = read_columns(table)
    name = clean_cell(rows[r][0] if rows[r] else "")
    for c, cell in enumerate(rows[r][1:], start=1):
        text = clean_cell(cell)
        if text and text != name and not (c < len(cols) and cols[c].stat == "p"):
            return False
    return True


def answer_rows_read(table: dict) -> dict:
    """The table with a "Yes" row read as its outcome row's events and a "No" row left unread.

    "Hypotension | | | 0.533" then "Yes | 6 (12.8%) | 8 (17.4%)" and "No | 41 (87.2%) | 38 (82.6%)": the
    outcome row holds no values (``label_row``), the "Yes" row holds its counts ("Hypotension / Yes") and the
    "No" row their complement, which answers no query about the outcome (a wrong count is worse than none). A
    "No" row that the header spans already labelled ("Failure / No" under "Failure / Yes") is left unread too."""
    labels = table.get("row_labels") or []
    prefixed = list(table.get("row_prefixed") or labels)
    label_only = list(table.get("label_only") or [False] * len(labels))
    # a table whose flags or prefixed labels are fewer than its rows: the rows past them as unflagged, unprefixed
    label_only += [False] * (len(labels) - len(label_only))
    prefixed += list(labels[len(prefixed):])
    changed = False
    outcome = ""
    for r, raw in enumerate(labels):
        raw = clean_cell(raw or "")
        if r < len(prefixed) and prefixed[r] != (labels[r] or "").strip() and " / " in (prefixed[r] or ""):
            head, _, last = prefixed[r].rpartition(" / ")
            if r and _RX.NEGATIVE_ANSWER.match(clean_cell(last)) and (prefixed[r - 1] or "").startswith(head + " / ") \
                    and _RX.ANSWER_ROW.match(clean_cell(prefixed[r - 1].rpartition(" / ")[2])):
                label_only[r], changed = True, True
            outcome = ""
            continue
        if not raw:
            outcome = ""
            continue
        yes, no = _RX.ANSWER_ROW.match(raw), _RX.NEGATIVE_ANSWER.match(raw)
        if yes or no:
            if outcome:
                prefixed[r], changed = f"{outcome} / {raw}", True
                if no:
                    label_only[r] = True
            continue
        outcome = _RX.MARKER.sub("", (labels[r] or "").strip()).strip() if label_row(table, r) else ""
    return {**table, "row_prefixed": prefixed, "label_only": label_only} if changed else table


def stat_rows_prefixed(table: dict) -> dict:
    """The table with each statistic sub-row labelled under the outcome row above it: "Body weight, n | 86 | 95"
    then "Mean (SD) change, kg | -1.1 (2.5) | -1.9 (2.9)" gives "Body weight / Mean (SD) change, kg"; "Baseline
    HA1C (%)" then "Change at end point (%)" gives "HA1C (%) / Change at end point (%)". Only rows that carry no
    prefix yet and whose label names no outcome (``sub_row``); time rows keep their own reading (``time_row``)."""
    labels = table.get("row_labels") or []
    prefixed = table.get("row_prefixed") or labels
    out = None
    outcome = ""
    for r, raw in enumerate(labels):
        raw = (raw or "").strip()
        if not raw or prefixed[r] != raw:
            outcome = ""
            continue
        if not sub_row(raw):
            outcome = _RX.LEAD_WORDS.sub("", _RX.MARKER.sub("", raw)).strip()
            continue
        if outcome:
            out = out or {**table, "row_prefixed": list(prefixed)}
            out["row_prefixed"][r] = f"{outcome} / {raw}"
    return out or table


def format_row(cells: list[str]) -> str | None:
    """The format a row's value cells name when each filled one is words that say how the values below are taken
    ("Mean Score (% Improvement from Baseline) (N)", "n (%)"), all the same kind and none a number; else None."""
    filled = [clean_cell(c) for c in cells if clean_cell(c)]
    if not filled or any(parse_cell(c) for c in filled):
        return None
    kinds = {stat_hint(c) for c in filled}
    kind = kinds.pop() if len(kinds) == 1 else None
    return kind if kind not in {None, "p", "ci", "effect", "range"} else None


def format_rows_read(table: dict) -> dict:
    """The table with each format row read as a heading: "SF-36 PCS | Mean Score (% Improvement from Baseline) (N)
    | ..." then "Baseline | 30.5 (0%) (N = 193)" and "Week 16 | 40.4 (31.4%) (N = 189)". The format row holds no
    values (label only); the rows under it, to the next format row or label row, take its label as their prefix
    ("SF-36 PCS / Week 16") and its format as their row format (``row_formats``, which the cells' own shapes
    override nowhere but where the reader already does: a % sign for a count)."""
    rows = table.get("rows") or []
    labels = table.get("row_labels") or []
    cols = read_columns(table)
    value_cols = [c for c in range(1, len(cols)) if cols[c].stat not in {"p", "ci", "effect", "range"}]
    heads = {r: format_row([row[c] for c in value_cols if c < len(row)]) for r, row in enumerate(rows)}
    if not any(heads.values()):
        return table
    prefixed = list(table.get("row_prefixed") or labels)
    label_only = list(table.get("label_only") or [False] * len(rows))
    label_only += [False] * (len(rows) - len(label_only))
    formats: dict[int, str] = dict(table.get("row_formats") or {})
    n_rows: set[int] = set(table.get("n_announced_rows") or ())
    heading, kind, announced = "", None, False
    for r, raw in enumerate(labels):
        raw = (raw or "").strip()
        if heads.get(r):
            # the heading as the reader labelled it ("Time on therapy / HAQ Score" under a label row)
            heading, kind = _RX.MARKER.sub("", (prefixed[r] or raw).strip()).strip(), heads[r]
            # "... (N)": the format says each cell below carries its group size
            announced = any(_RX.N_ANNOUNCED.search(clean_cell(rows[r][c])) for c in value_cols if c < len(rows[r]))
            label_only[r] = True
            continue
        if label_only[r] or not raw:
            heading, kind, announced = "", None, False
            continue
        if kind:
            formats[r] = kind
            if announced:
                n_rows.add(r)
            if heading and (prefixed[r] or "").endswith(raw) and not (prefixed[r] or "").startswith(heading):
                prefixed[r] = f"{heading} / {raw}"
    return {**table, "row_prefixed": prefixed, "label_only": label_only, "row_formats": formats,
            "n_announced_rows": sorted(n_rows)}


#: The formats a row label states for its cells ("…, n (%)", "…, mean (SD)"); a lone "n", "HR" or "%" is none.
ROW_FORMATS = frozenset({"events", "pct_events", "mean_sd", "mean_se", "mean_ci", "median_iqr", "median_range"})


def names_own_outcome(label: str) -> bool:
    """Whether a row label names an outcome of its own once its statistic, units, time and the words that only say
    which side of an outcome it reads (``ATTRIBUTE_WORDS``: "On movement", "Duration", "Severity score", "Patients
    with at least one episode") are gone: "Shoulder-tip pain at 6 h, n (%)" does, "Mean (SD) duration" does not."""
    bare = _RX.MARKER.sub("", label or "")
    head = bare.split(",")[0]
    words = re.sub(r"[(\[][^()\[\]]*[)\]]", " ", head)  # "(IQR)", "(mm)", "(VAS)": a statistic, unit or short form
    words = _RX.ATTRIBUTE_WORDS.sub(" ", _strip_words(words))
    return bool(re.search(r"[A-Za-z]{2}", words))


def own_format_rows_unprefixed(table: dict) -> dict:
    """The table with a heading's block ended at the first row that names its own outcome and another format.

    "VAS at rest, mm, mean (SD)" (a label-only heading) then "1 h", "6 h", "24 h", then "Shoulder-tip pain at 6 h,
    n (%)": the heading's format (means) is not the row's (counts), so the row starts an outcome of its own, and it
    and the rows after it are no longer read as the heading's ("VAS at rest ... / Shoulder-tip pain ..."). A
    heading that names no format ("Adverse events"), a row that names none ("6 h") or the same one ("Nausea,
    n (%)" under "Adverse events, n (%)"), a row that is only a statistic ("Mean (SD) change", ``sub_row``) and a
    row that names only a side of the heading's outcome ("On movement, median (IQR)" under "Pain scores, mean (SD)",
    ``names_own_outcome``) stay under the heading."""
    labels = table.get("row_labels") or []
    prefixed = table.get("row_prefixed") or []
    label_only = table.get("label_only") or []
    out: list[str] | None = None
    heading, ended = "", False
    for r, raw in enumerate(labels):
        raw = (raw or "").strip()
        if r < len(label_only) and label_only[r]:
            heading, ended = raw, False
            continue
        if not heading or r >= len(prefixed) or prefixed[r] != f"{heading} / {raw}":
            continue
        if not ended:
            head_kind, own_kind = row_stat_hint(heading), row_stat_hint(raw)
            ended = head_kind in ROW_FORMATS and own_kind in ROW_FORMATS and head_kind != own_kind and \
                not sub_row(raw) and not time_row(raw) and names_own_outcome(raw)
        if ended:
            out = out or list(prefixed)
            out[r] = raw
    return {**table, "row_prefixed": out} if out else table


def normalise_layout(table: dict) -> dict:
    """``label_column_added``, ``label_column_first``, ``time_column_first``, ``label_columns_joined``,
    ``arm_column_merged``, ``arm_rows_repeated``, ``own_format_rows_unprefixed``,
    ``time_labels_filled``, ``answer_rows_read``, ``format_rows_read``, then ``stat_rows_prefixed``: the layouts
    the reader expects."""
    return stat_rows_prefixed(format_rows_read(answer_rows_read(time_labels_filled(own_format_rows_unprefixed(
        arm_rows_repeated(arm_column_merged(label_columns_joined(time_column_first(label_column_first(
            label_column_added(table)))))))))))


def article_table_statistics(tables: list[dict], arms: list[str] | None = None,
                             roles: dict[str, str] | None = None) -> list[list[dict]]:
    """Each table's statistics, with arm names the article's tables themselves establish.

    An arm that a table gives a size ("Placebo (n = 42)", a row with an ``n`` column) is an arm of the
    article: a second pass reads every table knowing it, so that "Placebo / Fluoxetine / Desvenlafaxine"
    rows under "CGI-I response | Proportion responders | %" are read as arms too.
    """
    known = list(arms or [])
    tables = [normalise_layout(t) for t in tables]
    first = [table_statistics(t, known, roles) for t in tables]
    sized = {st["arm"] for stats in first for st in stats
             if st.get("arm") and st.get("arm_n") and not _RX.TOTAL_ARM.match(st["arm"])}
    low = {a.lower() for a in known}
    extra = sorted(a for a in sized if a.lower() not in low)
    if not extra:
        return first
    return [table_statistics(t, known + extra, roles) for t in tables]


def table_arm_sizes(tables: list[dict]) -> list[tuple[str, int, str]]:
    """(arm label, n, where) for every arm size the tables state, whether or not their cells were read.

    From an arm column's header ("Placebo (n = 42)", "HIP (18)"), from a row that counts each arm's people
    ("Number of patients (Randomized) | 18 | 22"), and from arm rows ("PA+/HE− (n = 992)"). A subgroup
    column ("Children / Placebo (n = 42)") and a total column give no arm size.
    """
    out: list[tuple[str, int, str]] = []
    for table in map(normalise_layout, tables):
        label = table.get("label") or table.get("id") or "table"
        cols = read_columns(table)
        for col in cols[1:]:
            if not col.arm or col.total or col.subgroup or col.stat in {"p", "ci", "effect", "range"}:
                continue
            if col.n:
                out.append((col.arm, col.n, f"{label} header"))
                continue
            last = _RX.MARKER.sub("", col.header.split(" / ")[-1]).strip()
            m = _RX.BARE_N.match(last)
            if m and not _RX.TIME.search(last) and 0 < int(m.group("n")) < 1900:
                out.append((_strip_words(m.group("arm")) or m.group("arm"), int(m.group("n")), f"{label} header"))
        for r, row in enumerate(table.get("rows") or []):
            raw = _RX.MARKER.sub("", (table.get("row_labels") or [""] * (r + 1))[r] or "").strip()
            if _RX.N_ROW.match(raw):
                for c, col in enumerate(cols):
                    n = row_count(row[c], raw) if 0 < c < len(row) else None
                    if n and col.arm and not col.total and not col.subgroup:
                        out.append((col.arm, n, f"{label} row {raw}"))
            elif len(_RX.N_IN.findall(raw)) == 1:  # "Tiotropium (n = 56; placebo n = 60)" is a subgroup row
                name, n = _row_arm(raw)
                if name and n and not _RX.TOTAL_ARM.match(name):
                    out.append((name, n, f"{label} row"))
    return out
