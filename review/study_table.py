"""Analysis-ready study tables built from the corpus (the rules are in docs/report.md).

For one outcome and measure, :func:`study_table` turns the effective values
(curated > accepted > machine; see :func:`stemfoot.review.decisions.effective_values`)
into the DataFrame :func:`stemfoot.metaanalysis.meta_analysis` takes, one row
per study, and names every study that reports the outcome but cannot be
pooled, with the reason.

- Binary measures (RR, OR, RD): per arm, events/total from a statistic of kind
  ``events``; a count without a total takes the arm's number of patients; a
  percentage becomes events = round(percent x n / 100) when the denominator n
  (the statistic's total, else the arm's patients) is known and the rounded
  count reproduces the percentage to within 0.5 points.
- Continuous measures (MD, SMD): per arm, mean, SD and n (the statistic's
  total, else the arm's patients); baseline values are never pooled.
- Timepoints: the latest timepoint at which both sides have data (baseline
  first, then unlabelled values, then durations in days, then "follow-up",
  "final" or "end of study").
- Sides: cell therapy = arms whose role is intervention, plus active
  comparators that received cells; control = arms whose role is control.
  Several arms on one side are combined (events and totals summed; means and
  SDs by the Cochrane Handbook formula), so a shared control counts once.
- Trials, not reports, are the rows: the reports of one trial (see
  :mod:`stemfoot.review.trials`) are merged. At the chosen timepoint, for each
  side the report with the most complete data wins (most arms that give
  numbers, then most patients, then the earlier report); arms of different
  reports are never added together, so no patient is counted twice.
- Values a reviewer moved to another arm, outcome or timepoint count there.
"""
from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import pandas as pd
import sqlite_utils

from stemfoot.corpus import evidence
from stemfoot.corpus.curation import outcome_study_ids
from stemfoot.review.decisions import effective_values, unresolved_items
from stemfoot.schemas import OUTCOME_DEFINITIONS
from stemfoot.review.trials import trial_label

BINARY_MEASURES = ("RR", "OR", "RD")
CONTINUOUS_MEASURES = ("MD", "SMD")
SUBGROUP_COLUMNS = ("cell_type", "route", "design")
BINARY_KINDS = ("events", "percent")
CONTINUOUS_KINDS = ("mean_sd", "mean")
PERCENT_TOLERANCE = 0.5  # percentage points between a reported percentage and round(p n)/n
_LATE = ("follow-up", "follow up", "final", "end of study", "end of treatment", "end", "last visit")
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30.4375, "year": 365.25}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*-?\s*(day|week|month|year)s?", re.I)
_UNIT_FIRST = re.compile(r"(day|week|month|year)s?\s*(\d+(?:\.\d+)?)", re.I)  # "week 12"
_ADDED_EFFECT = re.compile(r"effect\s*[:(]\s*(RR|OR|RD|MD|SMD|HR)\s*\)?", re.I)


#: Effect measures a reported estimate must have to be pooled under each analysis measure.
REPORTED_MEASURES = {"RR": ("RR",), "OR": ("OR",), "RD": ("RD",), "MD": ("MD",), "SMD": ("SMD",)}
#: Provenance columns of a study table (not pooled; shown by `meta --json` and the report).
PROVENANCE_COLUMNS = ("source", "values", "reviewed", "multiarm", "definition")


@dataclass(frozen=True)
class TableOptions:
    """How a study table is built. The defaults are the rules without a review protocol.

    ``experimental_roles`` None keeps the default sides (intervention arms plus
    active comparators that received cells). ``choose_timepoint`` maps the
    candidate timepoints of a study to (the chosen one or None, the reason);
    None keeps the latest. ``definitions`` None counts every definition and
    records none; otherwise the definition names that count (plus
    "unspecified" / "any"). ``exclusions`` maps (label, PMID) to a reason.
    ``effects``: pool a reported effect estimate when a study has no arm data.
    """

    experimental_roles: tuple[str, ...] | None = None
    experimental_cell_types: tuple[str, ...] = ()
    control_roles: tuple[str, ...] = ("control",)
    control_cell_types: tuple[str, ...] = ()
    choose_timepoint: Callable[[list[str | None]], tuple[str | None, str]] | None = None
    definitions: tuple[str, ...] | None = None
    synonyms: tuple[str, ...] = ()
    exclusions: Callable[[str, str], str | None] | None = None
    effects: bool = True


@dataclass(frozen=True)
class LeftOut:
    """A study that reports the outcome but is not pooled."""

    study: str
    pmid: str
    reason: str


@dataclass
class OutcomeData:
    """The studies to pool for one outcome (``table``) and those left out."""

    outcome: str
    measure: str
    kind: str  # "binary" or "continuous"
    table: pd.DataFrame
    left_out: list[LeftOut]
    only_verified: bool = False
    outcome_label: str = ""

    @property
    def k(self) -> int:
        return len(self.table)

    def left_out_text(self) -> str:
        """'Not pooled: Lu 2011 (percentages without denominators); ...', or ''."""
        if not self.left_out:
            return ""
        return "Not pooled: " + "; ".join(f"{s.study} ({s.reason})" for s in self.left_out) + "."


@dataclass
class _Stat:
    study_id: int
    outcome: str
    arm: str | None
    timepoint: str | None
    kind: str | None
    role: str | None = None
    values: dict[str, float] = field(default_factory=dict)
    se_not_sd: bool = False  # the extractor read "mean ± SE" and no reviewer corrected the SD
    label: str | None = None  # the outcome as the abstract names it
    effect_measure: str | None = None
    sources: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> (value id, origin)


@dataclass
class _Study:
    id: int
    pmid: str
    label: str
    year: int | None
    design: str | None = None
    cell_types: list[str] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)
    arm_roles: dict[str, str] = field(default_factory=dict)
    arm_n: dict[str, int] = field(default_factory=dict)
    cell_arms: set[str] = field(default_factory=set)
    arm_cells: dict[str, str] = field(default_factory=dict)  # arm label -> cell type
    arm_n_source: dict[str, tuple[str, str]] = field(default_factory=dict)  # arm -> (value id, origin)
    withheld: set[str] = field(default_factory=set)  # outcomes with results the export gate withheld, unplaced


def measure_kind(measure: str) -> str:
    """'binary' for RR/OR/RD, 'continuous' for MD/SMD."""
    m = measure.upper()
    if m in BINARY_MEASURES:
        return "binary"
    if m in CONTINUOUS_MEASURES:
        return "continuous"
    raise ValueError(f"measure {measure!r} cannot be built from arm data: use one of "
                     f"{', '.join(BINARY_MEASURES + CONTINUOUS_MEASURES)}")


def timepoint_rank(timepoint: str | None) -> float:
    """Order of timepoints: baseline < unlabelled < durations (days) < follow-up/final."""
    if timepoint is None or not timepoint.strip():
        return -1.0
    text = timepoint.strip().lower()
    if text.startswith("baseline") or text in ("pre-treatment", "before treatment", "day 0"):
        return -2.0
    m = _DURATION.search(text)
    if m:
        return float(m.group(1)) * _UNIT_DAYS[m.group(2).lower()]
    m = _UNIT_FIRST.search(text)
    if m:
        return float(m.group(2)) * _UNIT_DAYS[m.group(1).lower()]
    if any(text.startswith(w) for w in _LATE):
        return 1e9
    return 0.0


def _label_parts(title: str | None, year: int | None, authors: str | None) -> tuple[str, str | None]:
    """The label before duplicates get a, b, ...: 'First author year', else the (shortened) title and
    year; and the first author's surname (None when the label comes from the title)."""
    try:
        names = json.loads(authors) if authors else []
    except ValueError:
        names = []
    first = surname(names[0]) if names and isinstance(names[0], str) and names[0].strip() else None
    if first:
        return (f"{first} {year}" if year else first), first
    short = (title or "Untitled").strip()
    short = short if len(short) <= 40 else short[:39].rstrip() + "…"
    return (f"{short} ({year})" if year else short), None


def _label_years(label: str) -> set[str]:
    """The years a study may have for its label to be ``label`` (the text after the last space, or inside
    the final parentheses); a study without a year can have any label."""
    years = {label.rsplit(" ", 1)[-1]}
    if label.endswith(")") and " (" in label:
        years.add(label[label.rindex(" (") + 2:-1])
    return years


def study_labels(db: sqlite_utils.Database, ids: Iterable[int] | None = None) -> dict[int, tuple[str, str, int | None]]:
    """Per study id: ('First author year' or title + year, PMID or local id, year); duplicates get a, b, ...

    ``ids``: only these studies, read together with every study that could
    share their label, so the letters are those of the whole corpus: for
    'Author year', studies of that year whose first author contains the
    surname; for other labels, studies of the year the label ends with; and
    studies without a year.
    """
    if ids is None:
        rows = evidence.study_citations(db)
    else:
        ids = set(ids)
        wanted = evidence.study_citations(db, ids=ids)
        years: set[str] = set()
        authors: set[tuple[str, str]] = set()
        for _, _, title, year, names in wanted:
            label, first = _label_parts(title, year, names)
            if first and year:
                authors.add((str(year), first))
            else:
                years |= _label_years(label)
        rows = evidence.label_candidates(db, years, authors) if wanted else []
    base = {sid: _label_parts(title, year, authors)[0] for sid, _, title, year, authors in rows}
    counts: dict[str, int] = defaultdict(int)
    for label in base.values():
        counts[label] += 1
    seen: dict[str, int] = defaultdict(int)
    out = {}
    for sid, pmid, _, year, _ in rows:
        label = base[sid]
        if counts[label] > 1:
            label += "abcdefghijklmnopqrstuvwxyz"[seen[label] % 26]
            seen[base[sid]] += 1
        if ids is None or sid in ids:
            out[sid] = (label, pmid, year)
    return out


def surname(author: str) -> str:
    """'Qin HL' -> 'Qin', 'van der Berg A' -> 'van der Berg' (MEDLINE 'Last Initials'; else the first word)."""
    words = author.split()
    if len(words) > 1 and words[-1].isalpha() and words[-1].isupper() and len(words[-1]) <= 4:
        return " ".join(words[:-1])
    return words[0]


def _stat_key(v: dict[str, Any]) -> tuple:
    if v["statistic_id"]:
        return ("id", v["statistic_id"])
    return ("added", v["study_id"], v["outcome"], v["arm"], v["timepoint"], v["kind"])


def _infer_kind(values: dict[str, float]) -> str | None:
    for kind, needed in (("events", "events"), ("mean_sd", "sd"), ("mean", "mean"), ("percent", "percent"),
                         ("median", "median"), ("effect", "value"), ("p_value", "p")):
        if needed in values:
            return kind
    return None


def _excluded_reasons(db: sqlite_utils.Database) -> dict[int, str]:
    from stemfoot.review.screening_store import excluded_reasons  # screening_store imports review.decisions

    return excluded_reasons(db)


def load_evidence(db: sqlite_utils.Database, only_verified: bool = False,
                  study_ids: list[int] | None = None) -> tuple[dict[int, _Study], list[_Stat]]:
    """Studies (with arms, design, cell types, routes) and statistics as the effective values give them.

    Excluded studies are not returned. ``study_ids``: only these studies (each
    study's evidence is the same as in a read of the whole corpus).
    """
    labels = study_labels(db, study_ids)
    studies = {sid: _Study(sid, pmid, label, year) for sid, (label, pmid, year) in labels.items()}
    for sid in _excluded_reasons(db):
        studies.pop(sid, None)
    machine_roles: dict[str, str | None] = {}
    se_flagged: set[str] = set()
    for sid_, role, flags in evidence.statistic_roles(db, study_ids):
        machine_roles[sid_] = role
        if flags and "se_not_sd" in flags:
            se_flagged.add(sid_)
    for sid, label, cell_type in evidence.arm_cell_types(db, study_ids):
        if sid in studies and cell_type:
            studies[sid].cell_arms.add(label)
            studies[sid].arm_cells[label] = cell_type
    details = {sid_: (label, measure) for sid_, label, measure, _ in evidence.statistic_details(db, study_ids)}
    stats: dict[tuple, _Stat] = {}
    for v in effective_values(db, only_verified=only_verified, study_ids=study_ids):
        study = studies.get(v["study_id"])
        if study is None:
            continue
        f = v["field"]
        if v["unresolved"] and f.startswith("statistic."):
            continue  # its place in the new extraction is unknown; `study_table` leaves the study out, saying why
        if v.get("withheld") and f.startswith("statistic."):
            # The export gate withheld it and no reviewer has placed it: not pooled (nor exported); the
            # study's left-out reason says so.
            study.withheld.add(v["outcome"])
            continue
        if f == "design":
            study.design = v["value"]
        elif f == "cell_type":
            study.cell_types.append(v["value"])
        elif f == "route":
            study.routes.append(v["value"])
        elif f == "arm.role" and v["arm"]:
            study.arm_roles[v["arm"]] = v["value"]
        elif f == "arm.n_patients" and v["arm"] and v["number"] is not None:
            study.arm_n[v["arm"]] = int(v["number"])
            study.arm_n_source[v["arm"]] = (v["value_id"], v["origin"])
        elif f.startswith("statistic.") and v["outcome"]:
            key = _stat_key(v)
            st = stats.get(key)
            if st is None:
                # A moved statistic takes its new arm's role (below), never the machine's old one.
                role = None if v.get("moved") else machine_roles.get(v["statistic_id"])
                st = stats[key] = _Stat(v["study_id"], v["outcome"], v["arm"], v["timepoint"], v["kind"], role)
                st.label, st.effect_measure = details.get(v["statistic_id"], (None, None))
                if v.get("original_outcome") not in (None, v["outcome"]):
                    st.label = None  # the abstract's label names the outcome it was moved from
                added = _ADDED_EFFECT.fullmatch(st.kind or "")
                if added:  # a reviewer adds a reported effect as kind "effect:RR" (the measure has no field)
                    st.kind, st.effect_measure = "effect", added.group(1).upper()
            if v["number"] is not None:
                st.values[f.split(".", 1)[1]] = v["number"]
                st.sources[f.split(".", 1)[1]] = (v["value_id"], v["origin"])
            if f == "statistic.sd":
                st.se_not_sd = v["statistic_id"] in se_flagged and v["origin"] not in ("corrected", "added")
    out = []
    for st in stats.values():
        st.kind = st.kind or _infer_kind(st.values)
        if st.arm is not None and st.arm in studies[st.study_id].arm_roles:
            st.role = studies[st.study_id].arm_roles[st.arm]
        out.append(st)
    return studies, out


def _side(study: _Study, st: _Stat, opts: TableOptions | None = None) -> str | None:
    if opts is None or opts.experimental_roles is None:
        if st.role == "intervention" or (st.role == "active_comparator" and st.arm in study.cell_arms):
            return "t"
        if st.role == "control":
            return "c"
        return None
    cells = study.arm_cells.get(st.arm or "")
    for side, roles, types in (("t", opts.experimental_roles, opts.experimental_cell_types),
                               ("c", opts.control_roles, opts.control_cell_types)):
        if st.role in roles and (not types or cells in types):
            return side
    return None


class _Skip(Exception):
    """A study cannot be pooled; the message is the reason."""


def _binary_arm(study: _Study, st: _Stat) -> tuple[int, int]:
    v = st.values
    n = v.get("total")
    if n is None and st.arm in study.arm_n:
        n = study.arm_n[st.arm]
    if "events" in v:
        if n is None:
            raise _Skip("events without denominators")
        if not 0 <= v["events"] <= n:
            raise _Skip(f"{v['events']:g} events out of {n:g}")
        return int(v["events"]), int(n)
    if "percent" in v:
        if n is None:
            raise _Skip("percentages without denominators")
        events = round(v["percent"] * n / 100)
        if abs(100 * events / n - v["percent"]) > PERCENT_TOLERANCE:
            raise _Skip(f"{v['percent']:g}% is not a whole number of {int(n)} patients")
        return int(events), int(n)
    raise _Skip("no event counts")


def _continuous_arm(study: _Study, st: _Stat) -> tuple[float, float, int]:
    v = st.values
    if "mean" not in v:
        raise _Skip("no means")
    if "sd" not in v:
        raise _Skip("means without SDs")
    if st.se_not_sd:
        # Pooling an SE as an SD would shrink the variance n-fold; a reviewer converts it (SD = SE·√n).
        raise _Skip("mean ± SE, not SD (correct the SD in review)")
    n = v.get("total")
    if n is None and st.arm in study.arm_n:
        n = study.arm_n[st.arm]
    if n is None:
        raise _Skip("means without arm sizes")
    return v["mean"], v["sd"], int(n)


def combine_means(arms: list[tuple[float, float, int]]) -> tuple[float, float, int]:
    """Combine groups' (mean, SD, n) into one (Cochrane Handbook, section 6.5.2.10)."""
    m, s, n = arms[0]
    for m2, s2, n2 in arms[1:]:
        total = n + n2
        mean = (n * m + n2 * m2) / total
        var = ((n - 1) * s**2 + (n2 - 1) * s2**2 + n * n2 / total * (m - m2) ** 2) / (total - 1)
        m, s, n = mean, math.sqrt(var), total
    return m, s, n


def _no_numbers_reason(stats: list[_Stat], kind: str) -> str:
    kinds = {st.kind for st in stats}
    arm_kinds = {st.kind for st in stats if st.arm is not None}
    if kind == "binary" and arm_kinds & set(CONTINUOUS_KINDS) and not arm_kinds & set(BINARY_KINDS):
        return "continuous data only"
    if kind == "continuous" and arm_kinds & set(BINARY_KINDS) and not arm_kinds & set(CONTINUOUS_KINDS):
        return "event data only"
    if kinds <= {"p_value"}:
        return "only p-values"
    if "effect" in kinds:
        return "only an effect estimate, no arm data"
    if "median" in kinds:
        return "only medians"
    return "no per-arm numbers"


_USED = {"binary": ("events", "total", "percent"), "continuous": ("mean", "sd", "total"),
         "effect": ("value", "ci_lower", "ci_upper", "p")}


def _provenance(reports: dict[int, _Study], stats: list[_Stat], n_arms: list[_Stat], used: str) -> list[dict[str, Any]]:
    """The values a row was built from: value id, field, origin and whether a reviewer checked it.

    ``n_arms``: the statistics whose denominator is their arm's size (looked up in their own report).
    """
    out = []
    for st in stats:
        for name, (vid, origin) in st.sources.items():
            if name not in _USED[used]:
                continue
            out.append({"id": vid, "field": f"statistic.{name}", "origin": origin, "reviewed": origin != "machine"})
    for st in n_arms:
        source = reports[st.study_id].arm_n_source
        if st.arm in source:
            vid, origin = source[st.arm]
            out.append({"id": vid, "field": "arm.n_patients", "origin": origin, "reviewed": origin != "machine"})
    return out


def _pick(tps: list[str | None], opts: TableOptions | None) -> str | None:
    if opts is None or opts.choose_timepoint is None:
        return max(tps, key=lambda t: (timepoint_rank(t), t or ""))
    chosen, why = opts.choose_timepoint(tps)
    if chosen is None:
        raise _Skip(f"timepoint rule: {why}")
    # choose_timepoint strips labels; map back to the stored one ("" = not labelled)
    return next((t for t in tps if (t or "").strip() == (chosen or "")), tps[0])


def _pool_row(reports: dict[int, _Study], stats: list[_Stat], kind: str, opts: TableOptions | None = None,
              measure: str = "") -> dict[str, Any]:
    """One trial's row (``reports``: its reports, primary first); _Skip says why it cannot be pooled."""
    try:
        return _arm_row(reports, stats, kind, opts)
    except _Skip as why:
        if opts is None or not opts.effects:
            raise
        row = _effect_row(reports, stats, measure, opts, str(why))
        if row is None:
            raise why from None
        return row


def _effect_row(reports: dict[int, _Study], stats: list[_Stat], measure: str, opts: TableOptions,
                arm_reason: str) -> dict[str, Any] | None:
    """A reported effect estimate (with a CI or an exact p) of the analysis measure, or None.

    Of a trial with several reports, the primary report's estimate comes first.
    """
    ok = REPORTED_MEASURES.get(measure.upper(), ())
    order = {sid: i for i, sid in enumerate(reports)}
    cands = sorted((st for st in stats if st.kind == "effect" and "value" in st.values
                    and (st.effect_measure or "").upper() in ok
                    and ({"ci_lower", "ci_upper"} <= set(st.values) or "p" in st.values)),
                   key=lambda st: order[st.study_id])
    if not cands:
        others = sorted({(st.effect_measure or "unnamed measure") for st in stats if st.kind == "effect"
                         and (st.effect_measure or "").upper() not in ok})
        if others and not any(st.arm is not None and st.kind in BINARY_KINDS + CONTINUOUS_KINDS for st in stats):
            raise _Skip(f"only an effect estimate ({', '.join(others)}), not {measure.upper()}")
        if others:
            raise _Skip(f"{arm_reason}; its reported effect is {', '.join(others)}, not {measure.upper()}")
        if any(st.kind == "effect" and (st.effect_measure or "").upper() in ok for st in stats):
            raise _Skip("an effect estimate without a CI or exact p-value")
        return None
    tp = _pick(list(dict.fromkeys(st.timepoint for st in cands)), opts)
    at = [st for st in cands if st.timepoint == tp]
    st = next((x for x in at if {"ci_lower", "ci_upper"} <= set(x.values)), at[0])
    row: dict[str, Any] = {"timepoint": tp or "", "arms_t": "", "arms_c": "", "effect_measure": measure.upper(),
                           "effect": st.values["value"], "source": "reported_effect",
                           "values": _provenance(reports, [st], [], "effect"), "multiarm": ""}
    if {"ci_lower", "ci_upper"} <= set(st.values):
        row.update(ci_lower=st.values["ci_lower"], ci_upper=st.values["ci_upper"])
    else:
        row["p_value"] = st.values["p"]
    if opts.definitions is not None:
        row["definition"] = definition_of(st.outcome, st.label)
    return row


def _merged(reports: dict[int, _Study]) -> _Study:
    """The reports of one trial as one study, for the reasons a trial is not pooled."""
    first = next(iter(reports.values()))
    if len(reports) == 1:
        return first
    merged = _Study(first.id, first.pmid, first.label, first.year,
                    design=next((r.design for r in reports.values() if r.design), None))
    for r in reports.values():
        merged.cell_types += r.cell_types
        merged.routes += r.routes
        merged.arm_roles.update({f"{r.id}:{arm}": role for arm, role in r.arm_roles.items()})
    return merged


def _completeness(study: _Study, stats: list[_Stat], kind: str) -> tuple[int, int]:
    """(arms that give numbers, their patients) of one report's arms on one side."""
    usable, patients = 0, 0
    for st in stats:
        try:
            n = _binary_arm(study, st)[1] if kind == "binary" else _continuous_arm(study, st)[2]
        except _Skip:
            continue
        usable, patients = usable + 1, patients + n
    return usable, patients


def _one_value_per_arm(study: _Study, stats: list[_Stat], kind: str) -> list[_Stat]:
    """One value per arm: arms on one side are added together, so two values of one arm would be counted
    twice. The same numbers written twice ("12 (40%)" and "12 of 30") are one value; two different ones
    leave the study out until a reviewer picks one."""
    by_arm: dict[str, list[_Stat]] = {}
    for st in stats:
        by_arm.setdefault(st.arm, []).append(st)
    kept = []
    for arm, same in by_arm.items():
        values = {(_binary_arm if kind == "binary" else _continuous_arm)(study, st) for st in same}
        if len(values) > 1:
            raise _Skip(f"{len(same)} different values for {arm}: a reviewer keeps one")
        kept.append(same[0])
    return kept


def _arm_row(reports: dict[int, _Study], stats: list[_Stat], kind: str, opts: TableOptions | None = None
             ) -> dict[str, Any]:
    """A trial's row from per-arm data; for each side the most complete report's arms."""
    study = _merged(reports)
    order = {sid: i for i, sid in enumerate(reports)}
    wanted = BINARY_KINDS if kind == "binary" else CONTINUOUS_KINDS
    arm_stats = [st for st in stats if st.arm is not None and st.kind in wanted]
    # Baseline values (a sample's characteristics, an outcome before treatment) are never pooled as results,
    # counts ("41 (66%) had diabetes") no more than means.
    if arm_stats and all(timepoint_rank(st.timepoint) == -2.0 for st in arm_stats):
        raise _Skip("only baseline values")
    arm_stats = [st for st in arm_stats if timepoint_rank(st.timepoint) != -2.0]
    if not arm_stats:
        raise _Skip(_no_numbers_reason(stats, kind))
    sides = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))  # timepoint -> side -> report -> stats
    for st in arm_stats:
        side = _side(reports[st.study_id], st, opts)
        if side is not None:
            sides[st.timepoint][side][st.study_id].append(st)
    both = [tp for tp, s in sides.items() if s["t"] and s["c"]]
    if not both:
        roles = set(study.arm_roles.values())
        if study.design == "single_arm" or len(study.arm_roles) == 1 or roles == {"single"}:
            raise _Skip("single-arm")
        if not any(s["t"] for s in sides.values()):
            raise _Skip("no cell-therapy arm data")
        if "control" not in roles:
            raise _Skip("no control arm")
        raise _Skip("no control-arm numbers")
    tp = _pick(both, opts)
    row: dict[str, Any] = {"timepoint": tp or ""}  # "" = not labelled in the abstract
    arms: dict[str, list[tuple]] = {}
    used: list[_Stat] = []
    for side in ("t", "c"):
        by_report = sides[tp][side]
        # One report per side: the most complete wins; arms of two reports are never added together.
        sid = max(by_report, key=lambda r: (*_completeness(reports[r], by_report[r], kind), -order[r]))
        report, chosen = reports[sid], by_report[sid]
        source = f" ({report.year or report.pmid} report)" if len(reports) > 1 and order[sid] else ""
        chosen = _one_value_per_arm(report, chosen, kind)
        labels = [f"{st.arm}{source}" for st in chosen]
        if kind == "binary":
            counts = [_binary_arm(report, st) for st in chosen]
            row[f"events_{side}"] = sum(e for e, _ in counts)
            row[f"total_{side}"] = sum(n for _, n in counts)
            arms[side] = [(label, *c) for label, c in zip(labels, counts)]
        else:
            each = [_continuous_arm(report, st) for st in chosen]
            m, s, n = combine_means(each)
            row.update({f"mean_{side}": m, f"sd_{side}": s, f"n_{side}": n})
            arms[side] = [(label, *c) for label, c in zip(labels, each)]
        row[f"arms_{side}"] = "; ".join(labels)
        used += chosen
    n_arms = [st for st in used if "total" not in st.values and not (kind == "continuous" and "n" in st.values)]
    row["source"] = "arm_binary" if kind == "binary" else "arm_continuous"
    row["values"] = _provenance(reports, used, n_arms, kind)
    n_t, n_c = len(arms["t"]), len(arms["c"])
    row["multiarm"] = "; ".join(x for x in (f"{n_t} experimental arms combined" if n_t > 1 else "",
                                            f"{n_c} control arms combined" if n_c > 1 else "") if x)
    row["_arms"] = arms
    if opts is not None and opts.definitions is not None:
        defs = sorted({definition_of(st.outcome, st.label) for st in used})
        row["definition"] = " + ".join(defs)
    return row


def definition_of(outcome: str | None, label: str | None) -> str:
    """The definition an outcome label states ('major amputation' -> 'major'), by schemas/outcome_definitions.json.

    'unspecified' when it names none; 'major or minor' when it names several.
    """
    vocab = OUTCOME_DEFINITIONS.get(outcome or "", {})
    text = label or ""
    found = [name for name, patterns in vocab.items()
             if any(re.search(rf"\b(?:{p})\b", text, re.I) for p in patterns)]
    return " or ".join(found) if found else "unspecified"


def definition_counts(definition: str, allowed: tuple[str, ...]) -> bool:
    """Whether a value of ``definition`` ('major', 'major or minor', 'unspecified') counts under ``allowed``."""
    if "any" in allowed:
        return True
    return all(part in allowed for part in definition.split(" or "))


def _matches(st: _Stat, outcome: str, opts: TableOptions | None) -> bool:
    if st.outcome == outcome:
        return True
    if opts is None or not opts.synonyms or not st.label:
        return False
    return any(re.search(rf"\b{re.escape(syn)}\b", st.label, re.I) for syn in opts.synonyms)


def _outcome_labels(db: sqlite_utils.Database, outcome: str | None = None) -> dict[str, str]:
    rows = evidence.outcome_label_counts(db, outcome)
    out: dict[str, str] = {}
    for outcome, label, _ in rows:
        out.setdefault(outcome, label or outcome)
    return out


def outcome_title(outcome: str) -> str:
    """'ulcer_healing' -> 'Ulcer healing' (ABI and TcPO2 keep their capitals)."""
    special = {"laser_doppler_perfusion": "Laser Doppler perfusion", "abi": "ABI", "tbi": "TBI", "tcpo2": "TcPO₂", "hba1c": "HbA1c", "cd34_cell_count": "CD34+ cell count"}
    return special.get(outcome, outcome.replace("_", " ").capitalize())


def study_table(
    db: sqlite_utils.Database, outcome: str, measure: str, only_verified: bool = False,
    options: TableOptions | None = None,
) -> OutcomeData:
    """The per-study table for ``outcome`` and ``measure``, and the studies left out with why.

    Columns: study, pmid, year, design, cell_type, route, timepoint, arms_t,
    arms_c, then events_t,total_t,events_c,total_c (binary) or
    mean_t,sd_t,n_t,mean_c,sd_c,n_c (continuous); with ``options``, also a
    reported effect's effect_measure, effect, ci_lower, ci_upper, p_value
    (when a study has one), and the provenance columns source, values
    (the value ids used), reviewed, multiarm, definition and ``_arms`` (per arm).
    """
    kind = measure_kind(measure)
    studies, stats = load_evidence(db, only_verified, _outcome_studies(db, outcome, options))
    groups = trial_reports(db, studies)
    by_trial: dict[int, list[_Stat]] = defaultdict(list)
    for st in stats:
        if _matches(st, outcome, options):
            by_trial[groups[st.study_id][0]].append(st)
    rows, left = [], []
    unmatched = _unmatched(db, outcome)
    held_trials = {groups[sid][0] for sid in unmatched if sid in groups}
    held_trials |= {groups[sid][0] for sid, study in studies.items() if outcome in study.withheld and sid in groups}
    for tid in sorted(set(by_trial) | held_trials, key=lambda t: (studies[t].year or 0, studies[t].label)):
        reports = {sid: studies[sid] for sid in groups[tid]}
        label = trial_label(studies[tid].label, [studies[sid].year for sid in groups[tid][1:]])
        mine = by_trial[tid]
        if options and options.exclusions:
            # The protocol names reports (label or PMID): an excluded report's values are not used;
            # the trial is left out when every report that gives the outcome is excluded.
            reasons = {sid: options.exclusions(studies[sid].label, studies[sid].pmid) for sid in reports}
            giving = {st.study_id for st in mine}
            if giving and all(reasons[sid] for sid in giving):
                why = next(reasons[sid] for sid in reports if reasons[sid] and sid in giving)
                left.append(LeftOut(label, studies[tid].pmid, f"excluded by the protocol: {why}"))
                continue
            mine = [st for st in mine if not reasons[st.study_id]]
            reports = {sid: r for sid, r in reports.items() if not reasons[sid]}
        held = [unmatched[sid] for sid in reports if sid in unmatched]
        if held:
            # Never pool the machine's numbers over a reviewer's decision that could not be placed.
            left.append(LeftOut(label, studies[tid].pmid, held[0]))
            continue
        if options is not None and options.definitions is not None:
            counted = [st for st in mine if definition_counts(definition_of(st.outcome, st.label), options.definitions)]
            if not counted:
                defs = sorted({definition_of(st.outcome, st.label) for st in mine})
                left.append(LeftOut(label, studies[tid].pmid, f"definition {', '.join(defs)} is not counted "
                                    f"(protocol: {', '.join(options.definitions)})"))
                continue
            mine = counted
        try:
            if not mine:
                raise _Skip("no values")
            row = _pool_row(reports, mine, kind, options, measure)
        except _Skip as why:
            withheld = any(outcome in r.withheld for r in reports.values())
            left.append(LeftOut(label, studies[tid].pmid, str(why) + (
                "; results withheld for review by the export gate (accept them as read to pool them)"
                if withheld else "")))
            continue
        study = _merged(reports)
        rows.append({"study": label, "pmid": study.pmid, "year": study.year,
                     "design": study.design or "unknown",
                     "cell_type": " + ".join(sorted(set(study.cell_types))) or "unknown",
                     "route": " + ".join(sorted(set(study.routes))) or "unknown", **row})
    if only_verified:
        seen = {sid for tid in by_trial for sid in groups[tid]}
        left += _unverified(db, outcome, seen, studies, groups)
    left += _excluded(db, outcome)
    columns = ["study", "pmid", "year", "design", "cell_type", "route", "timepoint", "arms_t", "arms_c"]
    columns += (["events_t", "total_t", "events_c", "total_c"] if kind == "binary"
                else ["mean_t", "sd_t", "n_t", "mean_c", "sd_c", "n_c"])
    if options is not None:
        if any(r.get("source") == "reported_effect" for r in rows):
            columns += ["effect_measure", "effect", "ci_lower", "ci_upper"]
            columns += ["p_value"] if any("p_value" in r for r in rows) else []
        for r in rows:
            r["reviewed"] = all(v["reviewed"] for v in r["values"])
        columns += [c for c in PROVENANCE_COLUMNS if c != "definition" or options.definitions is not None]
        columns += ["_arms"]
    table = pd.DataFrame(rows, columns=columns)
    return OutcomeData(outcome, measure.upper(), kind, table, left, only_verified,
                       _outcome_labels(db, outcome).get(outcome, outcome))


def _unmatched(db: sqlite_utils.Database, outcome: str) -> dict[int, str]:
    """Study id -> reason, for studies with reviewed values of ``outcome`` not found again after re-extraction."""
    found: dict[int, list[str]] = defaultdict(list)
    for item in unresolved_items(db):
        if item.field.startswith("statistic.") and item.outcome == outcome:
            what = item.decision or "note"
            found[item.study_id].append(f"{item.field} {what}" + (f" {item.value}" if item.value else ""))
    return {sid: ("a reviewer's decision could not be matched to the re-extracted text ("
                  + "; ".join(sorted(set(parts))) + "); match it in `stemfoot review`")
            for sid, parts in found.items()}


def _unverified(db: sqlite_utils.Database, outcome: str, seen: set[int], studies: dict[int, _Study],
                groups: dict[int, list[int]]) -> list[LeftOut]:
    """Trials with machine values for the outcome of which no reviewer verified any."""
    out, done = [], set()
    for sid in evidence.studies_reporting(db, outcome, current_only=True):
        if sid in seen or sid not in studies or groups[sid][0] in done:
            continue
        tid = groups[sid][0]
        done.add(tid)
        if any(r in seen for r in groups[tid]):
            continue
        label = trial_label(studies[tid].label, [studies[r].year for r in groups[tid][1:]])
        out.append(LeftOut(label, studies[tid].pmid, "no verified values"))
    return out


def _outcome_studies(db: sqlite_utils.Database, outcome: str, options: TableOptions | None) -> list[int] | None:
    """The studies a table of ``outcome`` must read (None: all), so the cost follows k, not the corpus.

    Studies with a machine value, curation event or move of the outcome, and
    every other report of their trials (a trial's row merges its reports).
    Outcome synonyms of a protocol match the abstract's labels of any outcome:
    then the whole corpus is read.
    """
    if options is not None and options.synonyms:
        return None
    from stemfoot.review.trials import trial_closure

    return sorted(trial_closure(db, outcome_study_ids(db.conn, outcome)))


def trial_reports(db: sqlite_utils.Database, studies: dict[int, Any]) -> dict[int, list[int]]:
    """Study id -> the reports of its trial among ``studies`` (excluded reports left out), primary first."""
    from stemfoot.review.trials import trials

    out: dict[int, list[int]] = {}
    labels = {sid: (s.label, s.pmid, s.year) for sid, s in studies.items()}
    for sid, trial in trials(db, labels).items():
        if sid in studies:
            out[sid] = [r for r in trial.reports if r in studies]
    return out


def _excluded(db: sqlite_utils.Database, outcome: str) -> list[LeftOut]:
    """Excluded studies that report the outcome, with the screening reason."""
    excluded = _excluded_reasons(db)
    if not excluded:
        return []
    reporting = set(evidence.studies_reporting(db, outcome, current_only=False))
    hit = {sid: reason for sid, reason in excluded.items() if sid in reporting}
    labels = study_labels(db, hit) if hit else {}
    return [LeftOut(labels[sid][0], labels[sid][1], f"excluded at screening: {reason}")
            for sid, reason in sorted(hit.items())]


def reported_outcomes(db: sqlite_utils.Database, only_verified: bool = False) -> dict[str, list[str]]:
    """Outcome id -> kinds of per-arm data reported for it, most studies first."""
    _, stats = load_evidence(db, only_verified)
    per: dict[str, set[int]] = defaultdict(set)
    kinds: dict[str, set[str]] = defaultdict(set)
    for st in stats:
        per[st.outcome].add(st.study_id)
        if st.arm is not None and st.kind:
            kinds[st.outcome].add(st.kind)
    order = sorted(per, key=lambda o: (-len(per[o]), o))
    return {o: sorted(kinds[o]) for o in order}
