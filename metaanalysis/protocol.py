"""Review protocol files (TOML) and the timepoint rule (see docs/pooling_effects.md).

A protocol states, before pooling, what is compared with what, which outcomes
(and which of their definitions) count, at which timepoint, which studies are
excluded and the list of screening exclusion reasons. :func:`load_protocol`
parses and validates a file; every problem is one line naming the file and
the key (``protocol.toml: outcomes[2].measure: must be one of ...``).

:func:`parse_months` turns timepoint labels into months (month = 365.25 / 12
days, week = 7 days, year = 12 months) and :func:`choose_timepoint` picks one
timepoint per study by the protocol's rule ("latest", or "closest" to N months).
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stemfoot.metaanalysis.errors import MetaAnalysisError
from stemfoot.metaanalysis.multiarm import MODES as MULTIARM_MODES
from stemfoot.metaanalysis.options import METHODS, TESTS

# Arm roles of schemas/study.schema.json (arms.role); tests/test_protocol.py checks they agree.
ARM_ROLES = ("intervention", "control", "active_comparator", "single")
OUTCOME_MEASURES = ("RR", "OR", "RD", "MD", "SMD", "HR")
DIRECTIONS = ("higher_is_better", "lower_is_better")
RULES = ("latest", "closest")
DAYS_PER_MONTH = 365.25 / 12


class ProtocolError(MetaAnalysisError):
    """A protocol file that cannot be used; the message is one line naming file and key."""


@dataclass(frozen=True)
class Side:
    """Arms counted on one side: by role, optionally restricted to cell types (empty = any)."""

    roles: tuple[str, ...]
    cell_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimepointRule:
    """'latest', or 'closest' to ``months`` (optionally at most ``max_distance_months`` away)."""

    rule: str = "latest"
    months: float | None = None
    max_distance_months: float | None = None


@dataclass(frozen=True)
class Outcome:
    """One outcome to pool."""

    id: str
    label: str
    measure: str
    direction: str
    synonyms: tuple[str, ...] = ()
    definitions: tuple[str, ...] = ("any",)  # which reported definitions count, e.g. ("major",)
    timepoint: TimepointRule | None = None  # overrides the protocol-wide rule

    def counts(self, definition: str | None) -> bool:
        """Whether a value reported under ``definition`` (e.g. 'minor') is pooled for this outcome."""
        if "any" in self.definitions:
            return True
        return definition is not None and definition.strip().lower() in self.definitions


@dataclass(frozen=True)
class Exclusion:
    study: str
    reason: str


@dataclass(frozen=True)
class Analysis:
    method: str = "REML"
    test: str = "z"
    multiarm: str = "combine"
    min_k_small_study: int = 10


@dataclass(frozen=True)
class Protocol:
    """A parsed, validated review protocol."""

    path: str
    title: str
    experimental: Side
    control: Side
    outcomes: tuple[Outcome, ...]
    timepoint: TimepointRule = field(default_factory=TimepointRule)
    analysis: Analysis = field(default_factory=Analysis)
    exclusions: tuple[Exclusion, ...] = ()
    screening_reasons: tuple[str, ...] = ()

    def outcome(self, outcome_id: str) -> Outcome:
        for o in self.outcomes:
            if o.id == outcome_id:
                return o
        raise ProtocolError(f"{self.path}: no outcome {outcome_id!r} (has {', '.join(o.id for o in self.outcomes)})")

    def rule_for(self, outcome_id: str) -> TimepointRule:
        return self.outcome(outcome_id).timepoint or self.timepoint

    def excluded(self, study: str) -> str | None:
        """The protocol's exclusion reason for ``study`` (label, PMID or 'PMID:...'), else None."""
        key = _study_key(study)
        for e in self.exclusions:
            if _study_key(e.study) == key:
                return e.reason
        return None


def _study_key(s: str) -> str:
    s = s.strip()
    return s[5:].strip() if s.upper().startswith("PMID:") else s.casefold()


# ---- parsing ------------------------------------------------------------------------------

class _Reader:
    """Typed access to one TOML table, errors naming file and dotted key."""

    def __init__(self, path: str, table: Any, where: str) -> None:
        self.path, self.where = path, where
        if not isinstance(table, dict):
            self.fail(None, "must be a table")
        self.table: dict = table
        self.used: set[str] = set()

    def key(self, name: str | None) -> str:
        if name is None:
            return self.where or "(top level)"
        return f"{self.where}.{name}" if self.where else name

    def fail(self, name: str | None, msg: str):
        raise ProtocolError(f"{self.path}: {self.key(name)}: {msg}")

    def get(self, name: str, kind: type | tuple[type, ...], default: Any = ..., *, required: bool = False) -> Any:
        self.used.add(name)
        if name not in self.table:
            if required or default is ...:
                self.fail(name, "missing")
            return default
        v = self.table[name]
        if isinstance(v, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            self.fail(name, f"must be {_kind_name(kind)}, not a boolean")
        if not isinstance(v, kind):
            self.fail(name, f"must be {_kind_name(kind)}, not {type(v).__name__}")
        return v

    def text(self, name: str, default: Any = ..., choices: Sequence[str] | None = None, upper: bool = False) -> Any:
        v = self.get(name, str, default)
        if v is default and default is not ...:
            return v
        v = v.strip()
        if upper:
            v = v.upper()
        if not v:
            self.fail(name, "must not be empty")
        if choices is not None and v not in choices:
            self.fail(name, f"must be one of {', '.join(choices)}, not {v!r}")
        return v

    def strings(self, name: str, default: tuple[str, ...] = (), choices: Sequence[str] | None = None,
                lower: bool = False) -> tuple[str, ...]:
        v = self.get(name, list, list(default))
        out = []
        for i, s in enumerate(v):
            if not isinstance(s, str) or not s.strip():
                self.fail(f"{name}[{i}]", "must be a non-empty string")
            s = s.strip().lower() if lower else s.strip()
            if choices is not None and s not in choices:
                self.fail(f"{name}[{i}]", f"must be one of {', '.join(choices)}, not {s!r}")
            if s in out:
                self.fail(f"{name}[{i}]", f"{s!r} is listed twice")
            out.append(s)
        return tuple(out)

    def number(self, name: str, default: Any = ..., minimum: float | None = None) -> Any:
        v = self.get(name, (int, float), default)
        if v is default and default is not ...:
            return v
        if not math.isfinite(v) or (minimum is not None and v < minimum):
            self.fail(name, f"must be a number >= {minimum:g}" if minimum is not None else "must be finite")
        return float(v)

    def done(self) -> None:
        extra = sorted(set(self.table) - self.used)
        if extra:
            self.fail(extra[0], "unknown key (check the spelling; see docs/pooling_effects.md)")


def _kind_name(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "a string", list: "a list", dict: "a table", int: "a number", float: "a number", bool: "true/false"}
    return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))


def _side(r: _Reader, name: str, default_roles: tuple[str, ...], roles: Sequence[str],
          cell_types: Sequence[str] | None) -> Side:
    t = r.get(name, dict, {"roles": list(default_roles)})
    s = _Reader(r.path, t, r.key(name))
    side = Side(s.strings("roles", default_roles, choices=roles),
                s.strings("cell_types", (), choices=cell_types))
    if not side.roles:
        s.fail("roles", "must name at least one arm role")
    s.done()
    return side


def _rule(r: _Reader, name: str, default: TimepointRule | None) -> TimepointRule | None:
    if name not in r.table:
        r.used.add(name)
        return default
    t = _Reader(r.path, r.get(name, dict), r.key(name))
    rule = t.text("rule", "latest", choices=RULES)
    months = t.number("months", None, minimum=0)
    dist = t.number("max_distance_months", None, minimum=0)
    if rule == "closest" and months is None:
        t.fail("months", "missing (rule = \"closest\" needs the target in months)")
    if rule == "latest" and (months is not None or dist is not None):
        t.fail("months" if months is not None else "max_distance_months", 'only goes with rule = "closest"')
    t.done()
    return TimepointRule(rule, months, dist)


def parse_protocol(data: Mapping[str, Any], path: str = "protocol", *, roles: Sequence[str] = ARM_ROLES,
                   cell_types: Sequence[str] | None = None, outcome_ids: Sequence[str] | None = None) -> Protocol:
    """Validate an already-parsed TOML document (``path`` only names it in errors).

    ``cell_types`` / ``outcome_ids``: the vocabularies to check against
    (schemas/cell_types.json, schemas/outcomes.json ids); None = not checked.
    """
    top = _Reader(path, dict(data), "")
    review = _Reader(path, top.get("review", dict, required=True), "review")
    title = review.text("title")
    review.done()

    comp = _Reader(path, top.get("comparison", dict, required=True), "comparison")
    exp = _side(comp, "experimental", ("intervention",), roles, cell_types)
    ctl = _side(comp, "control", ("control",), roles, cell_types)
    both = set(exp.roles) & set(ctl.roles)
    if both and not (exp.cell_types and ctl.cell_types and not set(exp.cell_types) & set(ctl.cell_types)):
        comp.fail("control.roles", f"role {sorted(both)[0]!r} is also experimental "
                  "(allowed only when both sides name disjoint cell_types)")
    comp.done()

    rule = _rule(top, "timepoint", TimepointRule())

    an = _Reader(path, top.get("analysis", dict, {}), "analysis")
    analysis = Analysis(an.text("method", "REML", choices=METHODS, upper=True),
                        an.text("test", "z", choices=TESTS),
                        an.text("multiarm", "combine", choices=MULTIARM_MODES),
                        int(an.number("min_k_small_study", 10, minimum=1)))
    an.done()

    raw_outcomes = top.get("outcomes", list, required=True)
    if not raw_outcomes:
        top.fail("outcomes", "must list at least one outcome ([[outcomes]])")
    outcomes: list[Outcome] = []
    for i, raw in enumerate(raw_outcomes):
        o = _Reader(path, raw, f"outcomes[{i}]")
        oid = o.text("id")
        if not re.fullmatch(r"[a-z0-9_]+", oid):
            o.fail("id", f"must be a snake_case id, not {oid!r}")
        if outcome_ids is not None and oid not in outcome_ids:
            o.fail("id", f"{oid!r} is not in the outcome vocabulary")
        if any(x.id == oid for x in outcomes):
            o.fail("id", f"{oid!r} is listed twice")
        outcomes.append(Outcome(
            id=oid, label=o.text("label"), measure=o.text("measure", choices=OUTCOME_MEASURES, upper=True),
            direction=o.text("direction", choices=DIRECTIONS), synonyms=o.strings("synonyms"),
            definitions=o.strings("definitions", ("any",), lower=True) or ("any",),
            timepoint=_rule(o, "timepoint", None)))
        if "any" in outcomes[-1].definitions and len(outcomes[-1].definitions) > 1:
            o.fail("definitions", '"any" already counts every definition; list "any" alone or the ones that count')
        o.done()

    exclusions: list[Exclusion] = []
    for i, raw in enumerate(top.get("exclusions", list, [])):
        e = _Reader(path, raw, f"exclusions[{i}]")
        ex = Exclusion(e.text("study"), e.text("reason"))
        if any(_study_key(x.study) == _study_key(ex.study) for x in exclusions):
            e.fail("study", f"{ex.study!r} is excluded twice")
        exclusions.append(ex)
        e.done()

    scr = _Reader(path, top.get("screening", dict, {}), "screening")
    reasons = scr.strings("exclusion_reasons")
    scr.done()
    top.done()
    return Protocol(path, title, exp, ctl, tuple(outcomes), rule, analysis, tuple(exclusions), reasons)


def load_protocol(path: str | Path, **vocab: Any) -> Protocol:
    """Read and validate a protocol TOML file (keyword arguments as :func:`parse_protocol`)."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError:
            raise ProtocolError(f"{path}: reading protocol files needs Python >= 3.11 (tomllib) "
                                "or the tomli package") from None
    name = str(path)
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as err:
        raise ProtocolError(f"{name}: cannot read: {err.strerror or err}") from None
    except tomllib.TOMLDecodeError as err:
        raise ProtocolError(f"{name}: invalid TOML: {str(err).splitlines()[0]}") from None
    except UnicodeDecodeError:
        raise ProtocolError(f"{name}: invalid TOML: not UTF-8 text") from None
    return parse_protocol(data, name, **vocab)


# ---- timepoints ---------------------------------------------------------------------------

_UNITS = {"h": 1 / 24, "hr": 1 / 24, "hour": 1 / 24, "d": 1.0, "day": 1.0, "wk": 7.0, "week": 7.0,
          "mo": DAYS_PER_MONTH, "mth": DAYS_PER_MONTH, "month": DAYS_PER_MONTH, "yr": 365.25, "year": 365.25}
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24}
_NUM = r"(\d+(?:\.\d+)?|" + "|".join(sorted((re.escape(w) for w in _WORDS), key=len, reverse=True)) + r")"
_UNIT = r"(hours?|hrs?|h|days?|d|weeks?|wks?|months?|mos?|mths?|years?|yrs?)"
_AMOUNT_FIRST = re.compile(rf"(?<![\w.]){_NUM}[\s-]*{_UNIT}(?![a-z])", re.I)
_UNIT_FIRST = re.compile(rf"(?<![a-z]){_UNIT}\s*{_NUM}(?![\w.])", re.I)
_RANGE = re.compile(rf"\d\s*(?:-|–|—|to)\s*\d+(?:\.\d+)?[\s-]*{_UNIT}(?![a-z])"
                    rf"|{_UNIT}\s*\d+\s*(?:-|–|—|to)\s*\d", re.I)
_BASELINE = re.compile(r"^\s*(baseline|pre-?treatment|before treatment|screening|day 0|week 0|month 0)\b", re.I)
_LATE = ("follow-up", "follow up", "final", "end of study", "end of treatment", "end of follow-up", "last visit")


def _unit_days(unit: str) -> float:
    u = unit.lower()
    if u not in _UNITS:
        u = u.rstrip("s")
    return _UNITS[u]


def _amount(text: str) -> float:
    return float(_WORDS[text.lower()]) if text.lower() in _WORDS else float(text)


def parse_months(label: str | None) -> float | None:
    """Months from a timepoint label: '12 weeks' -> 2.76, '6 months' -> 6, '1 year' -> 12, 'day 90' -> 2.96.

    Baseline labels give 0. Ranges ('6-12 months'), several different
    durations in one label, and labels without a duration ('end of study')
    give None: null beats a guess.
    """
    if label is None or not label.strip():
        return None
    text = label.strip()
    if _BASELINE.match(text):
        return 0.0
    if _RANGE.search(text):
        return None
    found = set()
    for m in _AMOUNT_FIRST.finditer(text):
        found.add(_amount(m.group(1)) * _unit_days(m.group(2)))
    for m in _UNIT_FIRST.finditer(text):
        found.add(_amount(m.group(2)) * _unit_days(m.group(1)))
    if len(found) != 1:
        return None
    months = found.pop() / DAYS_PER_MONTH
    return round(months, 12)  # '1 year' is 12 months, not 12.000000000000002


@dataclass(frozen=True)
class TimepointChoice:
    """The timepoint chosen for one study (None when the rule finds none) and why."""

    timepoint: str | None
    months: float | None
    reason: str


def _is_late(label: str) -> bool:
    return label.strip().lower().startswith(_LATE)


def choose_timepoint(timepoints: Iterable[str | None], rule: TimepointRule) -> TimepointChoice:
    """One timepoint of a study by ``rule``.

    Baseline is never chosen. 'latest': the largest duration; an 'end of
    study' / 'final' / 'follow-up' label counts as later than any duration
    (the convention of corpus_data.timepoint_rank); a single timepoint without
    a duration is taken as the only one there is. 'closest': the duration
    nearest ``rule.months`` (ties: the later one), within
    ``max_distance_months`` when set; labels without a duration are not
    candidates. Equal durations under different labels: the first in input order.
    """
    if rule.rule not in RULES:
        raise ProtocolError(f"timepoint rule must be one of {', '.join(RULES)}, not {rule.rule!r}")
    labels = [t.strip() if t else "" for t in timepoints]
    labels = list(dict.fromkeys(labels))
    parsed = [(lab, parse_months(lab)) for lab in labels]
    post = [(lab, m) for lab, m in parsed if m is None or m > 0]
    if not post:
        return TimepointChoice(None, None, "baseline only" if labels else "no timepoints")
    dated = [(lab, m) for lab, m in post if m is not None]
    if rule.rule == "latest":
        late = [lab for lab, m in post if m is None and lab and _is_late(lab)]
        if late:
            return TimepointChoice(late[0], None, "latest (end-of-study label)")
        if dated:
            best = max(m for _, m in dated)
            lab = next(lab for lab, m in dated if m == best)
            return TimepointChoice(lab, best, "latest")
        if len(post) == 1:
            return TimepointChoice(post[0][0], None, "only timepoint (no duration)")
        return TimepointChoice(None, None, "several timepoints without durations")
    if not dated:
        return TimepointChoice(None, None, "no timepoint with a duration")
    target = float(rule.months)  # type: ignore[arg-type]
    best = min(dated, key=lambda x: (abs(x[1] - target), -x[1]))
    dist = abs(best[1] - target)
    if rule.max_distance_months is not None and dist > rule.max_distance_months:
        return TimepointChoice(None, None, f"no timepoint within {rule.max_distance_months:g} months of "
                               f"{target:g} (closest: {best[0]})")
    return TimepointChoice(best[0], best[1], f"closest to {target:g} months")


def choose_timepoints(by_study: Mapping[str, Iterable[str | None]], rule: TimepointRule) -> dict[str, TimepointChoice]:
    """:func:`choose_timepoint` for each study."""
    return {study: choose_timepoint(tps, rule) for study, tps in by_study.items()}
