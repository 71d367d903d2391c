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
"""
from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import sqlite_utils

from stemfoot.corpus import evidence
from stemfoot.corpus.curation import excluded_studies
from stemfoot.review.decisions import effective_values, unresolved_items

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


def study_labels(db: sqlite_utils.Database) -> dict[int, tuple[str, str, int | None]]:
    """Per study id: ('First author year' or title + year, PMID or local id, year); duplicates get a, b, ..."""
    rows = evidence.study_citations(db)
    base: dict[int, str] = {}
    for sid, _, title, year, authors in rows:
        try:
            names = json.loads(authors) if authors else []
        except ValueError:
            names = []
        first = surname(names[0]) if names and isinstance(names[0], str) and names[0].strip() else None
        if first:
            base[sid] = f"{first} {year}" if year else first
        else:
            short = (title or "Untitled").strip()
            short = short if len(short) <= 40 else short[:39].rstrip() + "…"
            base[sid] = f"{short} ({year})" if year else short
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


def load_evidence(db: sqlite_utils.Database, only_verified: bool = False) -> tuple[dict[int, _Study], list[_Stat]]:
    """Studies (with arms, design, cell types, routes) and statistics as the effective values give them.

    Excluded studies are not returned.
    """
    labels = study_labels(db)
    studies = {sid: _Study(sid, pmid, label, year) for sid, (label, pmid, year) in labels.items()}
    for row in excluded_studies(db):
        studies.pop(row["study_id"], None)
    machine_roles: dict[str, str | None] = {}
    se_flagged: set[str] = set()
    for sid_, role, flags in evidence.statistic_roles(db):
        machine_roles[sid_] = role
        if flags and "se_not_sd" in flags:
            se_flagged.add(sid_)
    for sid, label, cell_type in evidence.arm_cell_types(db):
        if sid in studies and cell_type:
            studies[sid].cell_arms.add(label)
    stats: dict[tuple, _Stat] = {}
    for v in effective_values(db, only_verified=only_verified):
        study = studies.get(v["study_id"])
        if study is None:
            continue
        f = v["field"]
        if v["unresolved"] and f.startswith("statistic."):
            continue  # its place in the new extraction is unknown; `study_table` leaves the study out, saying why
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
        elif f.startswith("statistic.") and v["outcome"]:
            key = _stat_key(v)
            st = stats.get(key)
            if st is None:
                st = stats[key] = _Stat(v["study_id"], v["outcome"], v["arm"], v["timepoint"], v["kind"],
                                        machine_roles.get(v["statistic_id"]))
            if v["number"] is not None:
                st.values[f.split(".", 1)[1]] = v["number"]
            if f == "statistic.sd":
                st.se_not_sd = v["statistic_id"] in se_flagged and v["origin"] not in ("corrected", "added")
    out = []
    for st in stats.values():
        st.kind = st.kind or _infer_kind(st.values)
        if st.arm is not None and st.arm in studies[st.study_id].arm_roles:
            st.role = studies[st.study_id].arm_roles[st.arm]
        out.append(st)
    return studies, out


def _side(study: _Study, st: _Stat) -> str | None:
    if st.role == "intervention" or (st.role == "active_comparator" and st.arm in study.cell_arms):
        return "t"
    if st.role == "control":
        return "c"
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


def _pool_row(study: _Study, stats: list[_Stat], kind: str) -> dict[str, Any]:
    wanted = BINARY_KINDS if kind == "binary" else CONTINUOUS_KINDS
    arm_stats = [st for st in stats if st.arm is not None and st.kind in wanted]
    if kind == "continuous":
        if arm_stats and all(timepoint_rank(st.timepoint) == -2.0 for st in arm_stats):
            raise _Skip("only baseline values")
        arm_stats = [st for st in arm_stats if timepoint_rank(st.timepoint) != -2.0]
    if not arm_stats:
        raise _Skip(_no_numbers_reason(stats, kind))
    sides = defaultdict(lambda: defaultdict(list))  # timepoint -> side -> stats
    for st in arm_stats:
        side = _side(study, st)
        if side is not None:
            sides[st.timepoint][side].append(st)
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
    tp = max(both, key=lambda t: (timepoint_rank(t), t or ""))
    row: dict[str, Any] = {"timepoint": tp or ""}  # "" = not labelled in the abstract
    for side in ("t", "c"):
        if kind == "binary":
            counts = [_binary_arm(study, st) for st in sides[tp][side]]
            row[f"events_{side}"] = sum(e for e, _ in counts)
            row[f"total_{side}"] = sum(n for _, n in counts)
        else:
            m, s, n = combine_means([_continuous_arm(study, st) for st in sides[tp][side]])
            row.update({f"mean_{side}": m, f"sd_{side}": s, f"n_{side}": n})
        row[f"arms_{side}"] = "; ".join(st.arm for st in sides[tp][side])
    return row


def _outcome_labels(db: sqlite_utils.Database) -> dict[str, str]:
    rows = evidence.outcome_label_counts(db)
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
) -> OutcomeData:
    """The per-study table for ``outcome`` and ``measure``, and the studies left out with why.

    Columns: study, pmid, year, design, cell_type, route, timepoint, arms_t,
    arms_c, then events_t,total_t,events_c,total_c (binary) or
    mean_t,sd_t,n_t,mean_c,sd_c,n_c (continuous).
    """
    kind = measure_kind(measure)
    studies, stats = load_evidence(db, only_verified)
    by_study: dict[int, list[_Stat]] = defaultdict(list)
    for st in stats:
        if st.outcome == outcome:
            by_study[st.study_id].append(st)
    rows, left = [], []
    unmatched = _unmatched(db, outcome)
    for sid in sorted(set(by_study) | (set(unmatched) & set(studies)),
                      key=lambda s: (studies[s].year or 0, studies[s].label)):
        study = studies[sid]
        if sid in unmatched:
            # Never pool the machine's numbers over a reviewer's decision that could not be placed.
            left.append(LeftOut(study.label, study.pmid, unmatched[sid]))
            continue
        try:
            row = _pool_row(study, by_study[sid], kind)
        except _Skip as why:
            left.append(LeftOut(study.label, study.pmid, str(why)))
            continue
        rows.append({"study": study.label, "pmid": study.pmid, "year": study.year,
                     "design": study.design or "unknown",
                     "cell_type": " + ".join(sorted(set(study.cell_types))) or "unknown",
                     "route": " + ".join(sorted(set(study.routes))) or "unknown", **row})
    if only_verified:
        left += _unverified(db, outcome, set(by_study), studies)
    left += _excluded(db, outcome)
    columns = ["study", "pmid", "year", "design", "cell_type", "route", "timepoint", "arms_t", "arms_c"]
    columns += (["events_t", "total_t", "events_c", "total_c"] if kind == "binary"
                else ["mean_t", "sd_t", "n_t", "mean_c", "sd_c", "n_c"])
    table = pd.DataFrame(rows, columns=columns)
    return OutcomeData(outcome, measure.upper(), kind, table, left, only_verified,
                       _outcome_labels(db).get(outcome, outcome))


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


def _unverified(db: sqlite_utils.Database, outcome: str, seen: set[int], studies: dict[int, _Study]) -> list[LeftOut]:
    """Studies with machine values for the outcome of which no reviewer verified any."""
    return [LeftOut(studies[sid].label, studies[sid].pmid, "no verified values")
            for sid in evidence.studies_reporting(db, outcome, current_only=True)
            if sid not in seen and sid in studies]


def _excluded(db: sqlite_utils.Database, outcome: str) -> list[LeftOut]:
    """Excluded studies that report the outcome, with the screening reason."""
    excluded = {row["study_id"]: row for row in excluded_studies(db)}
    if not excluded:
        return []
    labels = study_labels(db)
    reporting = set(evidence.studies_reporting(db, outcome, current_only=False))
    return [LeftOut(labels[sid][0], row["pmid"], f"excluded at screening: {row['reason']}")
            for sid, row in excluded.items() if sid in reporting]


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
