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
from typing import Any, Callable

import pandas as pd
import sqlite_utils

from stemfoot.corpus import evidence
from stemfoot.review.decisions import effective_values, unresolved_items
from stemfoot.schemas import OUTCOME_DEFINITIONS

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


def _excluded_reasons(db: sqlite_utils.Database) -> dict[int, str]:
    from stemfoot.review.screening_store import excluded_reasons  # screening_store imports review.decisions

    return excluded_reasons(db)


def load_evidence(db: sqlite_utils.Database, only_verified: bool = False) -> tuple[dict[int, _Study], list[_Stat]]:
    """Studies (with arms, design, cell types, routes) and statistics as the effective values give them.

    Excluded studies are not returned.
    """
    labels = study_labels(db)
    studies = {sid: _Study(sid, pmid, label, year) for sid, (label, pmid, year) in labels.items()}
    for sid in _excluded_reasons(db):
        studies.pop(sid, None)
    machine_roles: dict[str, str | None] = {}
    se_flagged: set[str] = set()
    for sid_, role, flags in evidence.statistic_roles(db):
        machine_roles[sid_] = role
        if flags and "se_not_sd" in flags:
            se_flagged.add(sid_)
    for sid, label, cell_type in evidence.arm_cell_types(db):
        if sid in studies and cell_type:
            studies[sid].cell_arms.add(label)
            studies[sid].arm_cells[label] = cell_type
    details = {sid_: (label, measure) for sid_, label, measure, _ in evidence.statistic_details(db)}
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
            study.arm_n_source[v["arm"]] = (v["value_id"], v["origin"])
        elif f.startswith("statistic.") and v["outcome"]:
            key = _stat_key(v)
            st = stats.get(key)
            if st is None:
                st = stats[key] = _Stat(v["study_id"], v["outcome"], v["arm"], v["timepoint"], v["kind"],
                                        machine_roles.get(v["statistic_id"]))
                st.label, st.effect_measure = details.get(v["statistic_id"], (None, None))
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


def _provenance(study: _Study, stats: list[_Stat], n_arms: list[str], used: str) -> list[dict[str, Any]]:
    """The values a row was built from: value id, field, origin and whether a reviewer checked it."""
    out = []
    for st in stats:
        for name, (vid, origin) in st.sources.items():
            if name not in _USED[used]:
                continue
            out.append({"id": vid, "field": f"statistic.{name}", "origin": origin, "reviewed": origin != "machine"})
    for arm in n_arms:
        if arm in study.arm_n_source:
            vid, origin = study.arm_n_source[arm]
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


def _pool_row(study: _Study, stats: list[_Stat], kind: str, opts: TableOptions | None = None,
              measure: str = "") -> dict[str, Any]:
    try:
        return _arm_row(study, stats, kind, opts)
    except _Skip as why:
        if opts is None or not opts.effects:
            raise
        row = _effect_row(study, stats, measure, opts, str(why))
        if row is None:
            raise why from None
        return row


def _effect_row(study: _Study, stats: list[_Stat], measure: str, opts: TableOptions,
                arm_reason: str) -> dict[str, Any] | None:
    """A reported effect estimate (with a CI or an exact p) of the analysis measure, or None."""
    ok = REPORTED_MEASURES.get(measure.upper(), ())
    cands = [st for st in stats if st.kind == "effect" and "value" in st.values
             and (st.effect_measure or "").upper() in ok
             and ({"ci_lower", "ci_upper"} <= set(st.values) or "p" in st.values)]
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
                           "values": _provenance(study, [st], [], "effect"), "multiarm": ""}
    if {"ci_lower", "ci_upper"} <= set(st.values):
        row.update(ci_lower=st.values["ci_lower"], ci_upper=st.values["ci_upper"])
    else:
        row["p_value"] = st.values["p"]
    if opts.definitions is not None:
        row["definition"] = definition_of(st.outcome, st.label)
    return row


def _arm_row(study: _Study, stats: list[_Stat], kind: str, opts: TableOptions | None = None) -> dict[str, Any]:
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
        side = _side(study, st, opts)
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
    tp = _pick(both, opts)
    row: dict[str, Any] = {"timepoint": tp or ""}  # "" = not labelled in the abstract
    arms: dict[str, list[tuple]] = {}
    for side in ("t", "c"):
        if kind == "binary":
            counts = [_binary_arm(study, st) for st in sides[tp][side]]
            row[f"events_{side}"] = sum(e for e, _ in counts)
            row[f"total_{side}"] = sum(n for _, n in counts)
            arms[side] = [(st.arm, *c) for st, c in zip(sides[tp][side], counts)]
        else:
            each = [_continuous_arm(study, st) for st in sides[tp][side]]
            m, s, n = combine_means(each)
            row.update({f"mean_{side}": m, f"sd_{side}": s, f"n_{side}": n})
            arms[side] = [(st.arm, *c) for st, c in zip(sides[tp][side], each)]
        row[f"arms_{side}"] = "; ".join(st.arm for st in sides[tp][side])
    used = sides[tp]["t"] + sides[tp]["c"]
    n_arms = [st.arm for st in used if "total" not in st.values and not (kind == "continuous" and "n" in st.values)]
    row["source"] = "arm_binary" if kind == "binary" else "arm_continuous"
    row["values"] = _provenance(study, used, n_arms, kind)
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
    studies, stats = load_evidence(db, only_verified)
    by_study: dict[int, list[_Stat]] = defaultdict(list)
    for st in stats:
        if _matches(st, outcome, options):
            by_study[st.study_id].append(st)
    rows, left = [], []
    unmatched = _unmatched(db, outcome)
    for sid in sorted(set(by_study) | (set(unmatched) & set(studies)),
                      key=lambda s: (studies[s].year or 0, studies[s].label)):
        study = studies[sid]
        reason = options.exclusions(study.label, study.pmid) if options and options.exclusions else None
        if reason:
            left.append(LeftOut(study.label, study.pmid, f"excluded by the protocol: {reason}"))
            continue
        if sid in unmatched:
            # Never pool the machine's numbers over a reviewer's decision that could not be placed.
            left.append(LeftOut(study.label, study.pmid, unmatched[sid]))
            continue
        mine = by_study[sid]
        if options is not None and options.definitions is not None:
            counted = [st for st in mine if definition_counts(definition_of(st.outcome, st.label), options.definitions)]
            if not counted:
                defs = sorted({definition_of(st.outcome, st.label) for st in mine})
                left.append(LeftOut(study.label, study.pmid, f"definition {', '.join(defs)} is not counted "
                                    f"(protocol: {', '.join(options.definitions)})"))
                continue
            mine = counted
        try:
            row = _pool_row(study, mine, kind, options, measure)
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
    excluded = _excluded_reasons(db)
    if not excluded:
        return []
    labels = study_labels(db)
    reporting = set(evidence.studies_reporting(db, outcome, current_only=False))
    return [LeftOut(labels[sid][0], labels[sid][1], f"excluded at screening: {reason}")
            for sid, reason in sorted(excluded.items()) if sid in reporting]


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
