"""GRADE certainty of evidence per outcome and the summary-of-findings (SoF) row.

Inputs are plain data (:class:`PooledOutcome` with per-study :class:`StudyInput`);
:func:`pooled_from_rma` is the one adapter from the engine's ``RmaResult``.

Rules (each downgrade carries a footnote saying which rule fired):

- Start: high (4) when every study is randomised, else low (2) (GRADE 2011).
- Risk of bias, by share of the analysis weight: studies at high risk carry
  > 50 % -> very serious (-2); high-risk studies carry >= 25 %, or high +
  some-concerns studies carry > 50 % -> serious (-1). ROBINS-I judgements map
  serious/critical -> high, moderate/no_information -> some concerns.
- Inconsistency (k >= 2): indicators are I^2 > 50 %, a prediction interval
  that crosses no effect while the pooled CI does not, and study CIs that do
  not overlap (some pair). I^2 > 75 % with another indicator -> -2; I^2 > 50 %,
  or both other indicators -> -1.
- Imprecision: the CI crosses no effect, or (if a minimal important difference
  is given) crosses the MID on the side of the estimate; the total sample is
  below the optimal information size (OIS). One criterion -> -1; both, or a
  CI spanning appreciable benefit and appreciable harm (both MIDs) -> -2.
  OIS for binary outcomes: two-group sample size, alpha 0.05 two-sided,
  power 0.8, control risk = median control risk, relative risk reduction 25 %
  (Guyatt et al. J Clin Epidemiol 2011;64:1283). Continuous: 400 participants
  (GRADE rule of thumb), or the formula with SD and MID when both are given.
- Publication bias: only when k >= 10 and the small-study (funnel) test has
  p < ``pub_alpha`` (0.10, Egger's convention) -> -1.
- Indirectness: the reviewer's call (levels and reason), never automatic.
- Overrides: ``overrides[domain] = (levels, reason)`` replaces the computed
  downgrade of that domain and its footnote says so.
"""
from __future__ import annotations

import csv
import io
import math
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from scipy.stats import norm

LEVELS = {4: "high", 3: "moderate", 2: "low", 1: "very low"}
DOMAINS = ("risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias")
RATIO = ("RR", "OR", "HR", "PETO")
BINARY = ("RR", "OR", "RD", "PETO")
DEFAULT_RRR = 0.25
CONTINUOUS_OIS = 400
_ROB_MAP = {"low": "low", "some_concerns": "some_concerns", "high": "high", "no_information": "some_concerns",
            "moderate": "some_concerns", "serious": "high", "critical": "high"}


class GradeError(ValueError):
    """Bad input to GRADE (one line, names the outcome)."""


@dataclass(frozen=True)
class StudyInput:
    """One study in an outcome's analysis. ``yi``/``vi`` on the analysis (log for ratios) scale."""

    study_id: str
    weight: float  # percent or any positive scale; normalised here
    yi: float
    vi: float
    n_total: int | None = None
    control_events: int | None = None
    control_total: int | None = None
    rob: str | None = None  # RoB 2 or ROBINS-I overall judgement
    randomised: bool = True


@dataclass
class PooledOutcome:
    """A pooled result on the natural scale (ratios exponentiated) with its studies."""

    outcome: str
    measure: str
    estimate: float
    ci_lower: float
    ci_upper: float
    i2: float | None = None  # percent
    pi_lower: float | None = None
    pi_upper: float | None = None
    studies: list[StudyInput] = field(default_factory=list)
    funnel_p: float | None = None

    @property
    def k(self) -> int:
        return len(self.studies)

    @property
    def null(self) -> float:
        return 1.0 if self.measure in RATIO else 0.0


@dataclass(frozen=True)
class Downgrade:
    """Levels rated down in one GRADE domain and the footnote."""

    domain: str
    levels: int
    reason: str
    overridden: bool = False


@dataclass
class GradeResult:
    outcome: str
    start: int
    downgrades: list[Downgrade]
    upgrade: int = 0
    upgrade_reason: str = ""

    @property
    def score(self) -> int:
        return max(1, min(4, self.start - sum(d.levels for d in self.downgrades) + self.upgrade))

    @property
    def certainty(self) -> str:
        return LEVELS[self.score]

    def footnotes(self) -> list[str]:
        notes = ["Started at low: not every study is randomised."] if self.start < 4 else []
        notes += [f"{d.domain.replace('_', ' ').capitalize()}: rated down {d.levels} level{'s' * (d.levels > 1)}. "
                 f"{d.reason}" for d in self.downgrades if d.levels > 0]
        notes += [f"{d.domain.replace('_', ' ').capitalize()}: not rated down. {d.reason}"
                  for d in self.downgrades if d.levels == 0 and d.overridden]
        if self.upgrade:
            notes.append(f"Rated up {self.upgrade}: {self.upgrade_reason}")
        return notes


# ---------------------------------------------------------------- helpers

def optimal_information_size(control_risk: float, rrr: float = DEFAULT_RRR, alpha: float = 0.05,
                             power: float = 0.8) -> int:
    """Total participants (both groups) to detect a relative risk reduction ``rrr`` (two-sided alpha)."""
    if not 0 < control_risk < 1 or not 0 < rrr < 1:
        raise GradeError(f"OIS needs 0 < control risk < 1 and 0 < RRR < 1 (got {control_risk}, {rrr})")
    p1, p2 = control_risk, control_risk * (1 - rrr)
    z = norm.ppf(1 - alpha / 2) + norm.ppf(power)
    n = z**2 * (p1 * (1 - p1) + p2 * (1 - p2)) / (p1 - p2) ** 2
    return 2 * math.ceil(n)


def continuous_ois(sd: float | None = None, mid: float | None = None, alpha: float = 0.05, power: float = 0.8) -> int:
    """OIS for a continuous outcome: formula with SD and MID, else GRADE's 400."""
    if sd is None or mid is None:
        return CONTINUOUS_OIS
    z = norm.ppf(1 - alpha / 2) + norm.ppf(power)
    return 2 * math.ceil(2 * z**2 * sd**2 / mid**2)


def median_control_risk(studies: list[StudyInput]) -> float | None:
    risks = [s.control_events / s.control_total for s in studies
             if s.control_events is not None and s.control_total]
    return statistics.median(risks) if risks else None


def corresponding_risk(acr_c: float, effect: float, measure: str) -> float:
    """Intervention-group risk from the assumed control risk: RR multiplies, OR via odds, RD adds."""
    if measure in ("RR",):
        return min(1.0, acr_c * effect)
    if measure in ("OR", "PETO"):
        return effect * acr_c / (1 - acr_c + effect * acr_c)
    if measure == "RD":
        return min(1.0, max(0.0, acr_c + effect))
    raise GradeError(f"corresponding risk is for RR, OR or RD, not {measure}")


def _share(studies: list[StudyInput], *levels: str) -> float:
    tot = sum(s.weight for s in studies)
    return sum(s.weight for s in studies if _ROB_MAP.get(s.rob or "", "some_concerns") in levels) / tot if tot else 0.0


# ---------------------------------------------------------------- domains

def rate_risk_of_bias(p: PooledOutcome) -> Downgrade:
    high = _share(p.studies, "high")
    conc = _share(p.studies, "some_concerns")
    desc = f"High-risk studies carry {high:.0%} and some-concerns studies {conc:.0%} of the weight"
    if high > 0.5:
        return Downgrade("risk_of_bias", 2, desc + " (rule: high > 50%).")
    if high >= 0.25 or high + conc > 0.5:
        return Downgrade("risk_of_bias", 1, desc + " (rule: high >= 25% or high + some concerns > 50%).")
    return Downgrade("risk_of_bias", 0, desc + ".")


def _nonoverlap(studies: list[StudyInput], z: float = 1.959964) -> bool:
    ivs = [(s.yi - z * math.sqrt(s.vi), s.yi + z * math.sqrt(s.vi)) for s in studies]
    return any(a[1] < b[0] or b[1] < a[0] for i, a in enumerate(ivs) for b in ivs[i + 1:])


def rate_inconsistency(p: PooledOutcome) -> Downgrade:
    if p.k < 2:
        return Downgrade("inconsistency", 0, "Single study: not assessable.")
    i2 = p.i2 or 0.0
    pooled_sig = not (p.ci_lower <= p.null <= p.ci_upper)
    pi_cross = (p.pi_lower is not None and p.pi_upper is not None and pooled_sig
                and p.pi_lower <= p.null <= p.pi_upper)
    nonov = _nonoverlap(p.studies)
    bits = [f"I² = {i2:.0f}%"]
    if pi_cross:
        bits.append("prediction interval crosses no effect")
    if nonov:
        bits.append("some study CIs do not overlap")
    desc = "; ".join(bits)
    if i2 > 75 and (pi_cross or nonov):
        return Downgrade("inconsistency", 2, desc + " (rule: I² > 75% plus another indicator).")
    if i2 > 50 or (pi_cross and nonov):
        return Downgrade("inconsistency", 1, desc + " (rule: I² > 50%, or PI and non-overlap together).")
    return Downgrade("inconsistency", 0, desc + ".")


def rate_imprecision(p: PooledOutcome, mid: float | None = None, rrr: float = DEFAULT_RRR,
                     sd: float | None = None) -> Downgrade:
    """``mid``: minimal important difference on the natural scale (ratio: e.g. 1.25 means RR 0.8/1.25)."""
    n = sum(s.n_total or 0 for s in p.studies)
    crosses_null = p.ci_lower <= p.null <= p.ci_upper
    both_mids = crosses_mid = False
    if mid is not None:
        if p.measure in RATIO:
            lo_mid, hi_mid = min(mid, 1 / mid), max(mid, 1 / mid)
        else:
            lo_mid, hi_mid = -abs(mid), abs(mid)
        both_mids = p.ci_lower < lo_mid and p.ci_upper > hi_mid
        side = lo_mid if p.estimate < p.null else hi_mid
        crosses_mid = p.ci_lower <= side <= p.ci_upper
    if p.measure in BINARY:
        cr = median_control_risk(p.studies)
        ois = optimal_information_size(cr, rrr) if cr is not None and 0 < cr < 1 else None
        ois_txt = (f"OIS {ois} (control risk {cr:.2f}, RRR {rrr:.0%}, alpha 0.05, power 0.8)" if ois
                   else "OIS not computable (no control risk)")
    else:
        ois = continuous_ois(sd, abs(mid) if mid is not None and p.measure not in RATIO else None)
        ois_txt = f"OIS {ois}" + (" (GRADE default for continuous outcomes)" if ois == CONTINUOUS_OIS else "")
    below = ois is not None and n < ois
    bits = [f"95% CI {p.ci_lower:.2f} to {p.ci_upper:.2f}" + (" crosses no effect" if crosses_null else ""),
            f"{n} participants vs {ois_txt}"]
    if crosses_mid:
        bits.append("CI crosses the minimal important difference")
    count = int(crosses_null or crosses_mid) + int(below)
    desc = "; ".join(bits)
    if both_mids or count == 2:
        return Downgrade("imprecision", 2, desc + " (rule: two criteria, or CI spans benefit and harm MIDs).")
    if count == 1:
        return Downgrade("imprecision", 1, desc + ".")
    return Downgrade("imprecision", 0, desc + ".")


def rate_publication_bias(p: PooledOutcome, alpha: float = 0.10) -> Downgrade:
    if p.k < 10 or p.funnel_p is None:
        return Downgrade("publication_bias", 0, f"Not assessed (k = {p.k}; a funnel test needs k >= 10).")
    if p.funnel_p < alpha:
        return Downgrade("publication_bias", 1, f"Funnel asymmetry test p = {p.funnel_p:.3f} (< {alpha}).")
    return Downgrade("publication_bias", 0, f"Funnel asymmetry test p = {p.funnel_p:.3f}.")


def grade_outcome(p: PooledOutcome, *, indirectness: tuple[int, str] | None = None, mid: float | None = None,
                  rrr: float = DEFAULT_RRR, sd: float | None = None, pub_alpha: float = 0.10,
                  overrides: dict[str, tuple[int, str]] | None = None,
                  upgrade: tuple[int, str] | None = None) -> GradeResult:
    """GRADE certainty for one pooled outcome (rules in the module docstring)."""
    if not p.studies:
        raise GradeError(f"{p.outcome}: no studies")
    if p.measure not in RATIO + ("RD", "MD", "SMD", "ROM"):
        raise GradeError(f"{p.outcome}: unknown measure {p.measure!r}")
    start = 4 if all(s.randomised for s in p.studies) else 2
    ind = Downgrade("indirectness", *(indirectness or (0, "No serious indirectness judged by the reviewer.")))
    downs = [rate_risk_of_bias(p), rate_inconsistency(p), ind, rate_imprecision(p, mid, rrr, sd),
             rate_publication_bias(p, pub_alpha)]
    for dom, (levels, reason) in (overrides or {}).items():
        if dom not in DOMAINS:
            raise GradeError(f"{p.outcome}: unknown GRADE domain {dom!r}")
        if not reason:
            raise GradeError(f"{p.outcome}: an override of {dom} needs a reason")
        downs = [Downgrade(dom, int(levels), f"Reviewer override: {reason}", True) if d.domain == dom else d
                 for d in downs]
    up, why = upgrade or (0, "")
    if up and start == 4:
        raise GradeError(f"{p.outcome}: rating up applies to non-randomised evidence only")
    return GradeResult(p.outcome, start, downs, up, why)


# ---------------------------------------------------------------- summary of findings

@dataclass
class SofRow:
    outcome: str
    studies: int
    participants: int
    measure: str
    relative: str
    assumed_per_1000: float | None
    corresponding_per_1000: float | None
    corresponding_lower: float | None
    corresponding_upper: float | None
    absolute: str
    certainty: str
    footnotes: list[str]

    def cells(self) -> dict[str, str]:
        return {
            "Outcome": self.outcome,
            "Relative effect (95% CI)": self.relative,
            "Assumed risk (control)": "" if self.assumed_per_1000 is None else f"{self.assumed_per_1000:,.0f} per 1,000",
            "Corresponding risk (intervention)": self.absolute,
            "Participants (studies)": f"{self.participants} ({self.studies})",
            "Certainty (GRADE)": self.certainty,
            "Footnotes": " | ".join(self.footnotes),
        }


def sof_row(p: PooledOutcome, g: GradeResult, control_risk: float | None = None) -> SofRow:
    """SoF row: relative effect, assumed risk (median control risk unless given) and risk per 1,000."""
    n = sum(s.n_total or 0 for s in p.studies)
    rel = f"{p.measure} {p.estimate:.2f} ({p.ci_lower:.2f} to {p.ci_upper:.2f})"
    acr = control_risk if control_risk is not None else median_control_risk(p.studies)
    if p.measure in ("RR", "OR", "PETO", "RD") and acr is not None:
        c, lo, hi = (1000 * corresponding_risk(acr, v, p.measure) for v in (p.estimate, p.ci_lower, p.ci_upper))
        lo, hi = min(lo, hi), max(lo, hi)
        absolute = f"{c:,.0f} per 1,000 ({lo:,.0f} to {hi:,.0f})"
        a1000 = 1000 * acr
    else:
        c = lo = hi = a1000 = None
        absolute = f"{p.measure} {p.estimate:.2f} ({p.ci_lower:.2f} to {p.ci_upper:.2f})"
        if p.measure in ("MD", "SMD", "RD"):
            rel = "—"
    stars = "⊕" * g.score + "◯" * (4 - g.score)
    return SofRow(p.outcome, p.k, n, p.measure, rel, a1000, c, lo, hi, absolute, f"{stars} {g.certainty}",
                  g.footnotes())


_CSV_DANGER = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    """Cell text with a leading ' when a spreadsheet would read it as a formula."""
    s = "" if value is None else str(value)
    return "'" + s if s.startswith(_CSV_DANGER) else s


def render_sof_csv(rows: list[SofRow]) -> str:
    buf = io.StringIO()
    if not rows:
        return ""
    w = csv.DictWriter(buf, fieldnames=list(rows[0].cells()), lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: csv_safe(v) for k, v in r.cells().items()})
    return buf.getvalue()


def render_sof_html(rows: list[SofRow], title: str = "Summary of findings", population: str = "",
                    intervention: str = "", comparison: str = "") -> str:
    """Self-contained HTML table from ``report/templates/sof.html`` (autoescaped)."""
    from importlib import resources

    import jinja2

    tpl = resources.files("stemfoot.report").joinpath("templates/sof.html").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    notes: list[str] = []
    marked = []
    for r in rows:
        refs = []
        for n in r.footnotes:
            if n not in notes:
                notes.append(n)
            refs.append(notes.index(n) + 1)
        marked.append((r, r.cells(), refs))
    return env.from_string(tpl).render(title=title, population=population, intervention=intervention,
                                       comparison=comparison, rows=marked, notes=notes)


def write_sof(rows: list[SofRow], path: str | Path, **meta: str) -> Path:
    """Write SoF as .html or .csv (by suffix), atomically."""
    import os
    import tempfile

    path = Path(path)
    if path.suffix.lower() == ".html":
        text = render_sof_html(rows, **meta)
    elif path.suffix.lower() == ".csv":
        text = render_sof_csv(rows)
    else:
        raise GradeError(f"{path}: summary of findings is written as .html or .csv")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0o600; give the file the usual mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


# ---------------------------------------------------------------- adapter (re-point after the layout move)

def pooled_from_rma(res, outcome: str, info: dict[str, dict] | None = None, funnel_p: float | None = None
                    ) -> PooledOutcome:
    """Build a :class:`PooledOutcome` from ``metaanalysis.results.RmaResult``.

    ``info[label]`` may give ``n_total``, ``control_events``, ``control_total``,
    ``rob`` and ``randomised`` for each study label.
    """
    d = res.to_dict()
    ratio = res.measure in RATIO
    nat = d["exp"] if ratio else d
    info = info or {}
    studies = [StudyInput(s["study"], s["weight"], s["yi"], s["vi"], **info.get(s["study"], {})) for s in d["studies"]]
    i2 = d["i2"]
    return PooledOutcome(outcome, res.measure, nat["estimate"], nat["ci_lower"], nat["ci_upper"],
                         i2, nat["pi_lower"], nat["pi_upper"], studies, funnel_p)
