"""Export an analysis (per-study table + settings) as RevMan CSV, metafor CSV + R script, or plain CSV.

Every CSV cell that is text beginning with = + - @ TAB CR (or an apostrophe,
so the escaping can be undone unambiguously) gets a leading apostrophe (OWASP
"CSV injection"). Numbers we format ourselves are written as plain numbers
even when negative: a cell that is exactly a decimal number cannot carry a
formula, and prefixing it would turn every negative log ratio into text in R,
RevMan or a spreadsheet. :func:`stemfoot.corpus.csv_safety.restore_cell` / :func:`read_csv` undo the
escaping.

RevMan target: RevMan 5.4 (the last desktop release), whose data tables have
one outcome type per outcome: dichotomous, continuous or generic inverse
variance (GIV). We write one CSV per outcome with the columns of the RevMan
data table in RevMan's order and wording (see docs/pooling_effects.md); the
import wizard maps file columns to those fields. Mixed tables (or arm data
under a measure RevMan cannot take from arms) become GIV rows: the estimate on
the analysis scale (log for ratios) and its SE, as RevMan's GIV data entry
expects. No RevMan was available to test an import here.

The adapter to the engine is :func:`build_analysis` (the only function that
calls into ``stemfoot.metaanalysis``).
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from stemfoot.corpus.csv_safety import neutralise_cell, restore_cell

RATIO = ("RR", "OR", "HR", "PETO")
REVMAN_NAMES = {"RR": "Risk Ratio", "OR": "Odds Ratio", "RD": "Risk Difference", "MD": "Mean Difference",
                "SMD": "Std. Mean Difference", "HR": "Hazard Ratio", "GEN": "Effect"}
REVMAN_DICHOTOMOUS = ("Study", "Experimental Events", "Experimental Total", "Control Events", "Control Total")
REVMAN_CONTINUOUS = ("Study", "Experimental Mean", "Experimental SD", "Experimental Total",
                     "Control Mean", "Control SD", "Control Total")
FORMATS = ("revman", "metafor", "csv")
ARM_BINARY = ("events_t", "total_t", "events_c", "total_c")
ARM_CONTINUOUS = ("mean_t", "sd_t", "n_t", "mean_c", "sd_c", "n_c")


class ExportError(ValueError):
    """The analysis cannot be written in the requested format (one-line message)."""


# ---- CSV safety ---------------------------------------------------------------------------

def neutralise(cell: Any) -> str:
    """A CSV cell as text, with a leading apostrophe when it could start a formula (see module doc)."""
    if cell is None:
        return ""
    if isinstance(cell, (bool, np.bool_)):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, (int, np.integer)):
        return str(int(cell))
    if isinstance(cell, (float, np.floating)):
        x = float(cell)
        if not math.isfinite(x):
            return ""
        return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)
    return neutralise_cell(str(cell))


def write_csv(path: str | Path, header: list[str] | tuple[str, ...], rows: list[list[Any]]) -> Path:
    """Write a UTF-8 CSV with every cell neutralised (header included)."""
    from stemfoot.corpus.safe_io import atomic_open

    path = Path(path)
    with atomic_open(path, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow([neutralise(h) for h in header])
        for row in rows:
            w.writerow([neutralise(c) for c in row])
    return path


def read_csv(path: str | Path) -> list[dict[str, str]]:
    """Rows of a CSV written by :func:`write_csv`, escaping undone (values stay text)."""
    with open(path, newline="", encoding="utf-8") as fh:
        r = csv.reader(fh)
        header = [restore_cell(h) for h in next(r)]
        return [dict(zip(header, (restore_cell(c) for c in row))) for row in r]


# ---- the analysis -------------------------------------------------------------------------

@dataclass
class Analysis:
    """What an export needs: the per-study table and the settings it was computed with.

    ``studies`` columns: study, source (arm_binary | arm_continuous |
    reported_effect | yi_vi), the input columns that row filled, yi, vi, sei,
    and weight (percent; absent for MH/Peto).
    """

    studies: pd.DataFrame
    measure: str
    method: str = "REML"
    test: str = "z"
    level: float = 95.0
    ci_level: float = 95.0
    add: float = 0.5
    to: str = "only0"
    drop00: bool = False
    vtype: str = "LS"
    outcome: str = ""
    multiarm: str | None = None
    effect_measure: str | None = None  # for GEN: the measure the reported effects share
    pooled: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> bool:
        return self.measure in RATIO or (self.measure == "GEN" and self.effect_measure in RATIO)

    @property
    def sources(self) -> set[str]:
        return set(self.studies["source"])

    def settings(self) -> list[tuple[str, Any]]:
        rows: list[tuple[str, Any]] = [
            ("outcome", self.outcome), ("measure", self.measure), ("method", self.method), ("test", self.test),
            ("level", self.level), ("ci_level", self.ci_level), ("add", self.add), ("to", self.to),
            ("drop00", self.drop00), ("vtype", self.vtype), ("multiarm", self.multiarm or ""),
            ("effect_measure", self.effect_measure or ""), ("k", len(self.studies)),
            ("scale", "log" if self.ratio else "natural"),
        ]
        rows += [(f"pooled_{k}", v) for k, v in self.pooled.items()]
        return rows


def build_analysis(table: pd.DataFrame, measure: str, method: str = "REML", test: str = "z", *,
                   level: float = 95.0, ci_level: float = 95.0, add: float = 0.5, to: str = "only0",
                   drop00: bool = False, vtype: str = "LS", outcome: str = "",
                   multiarm: str | None = None) -> Analysis:
    """Compute yi/vi (mixed rows allowed) and the fit, and collect what the exports need.

    The one adapter to the engine (stemfoot.metaanalysis.generic_iv, model, mh_peto).
    """
    from stemfoot.metaanalysis.generic_iv import mixed_effects
    from stemfoot.metaanalysis.mh_peto import mantel_haenszel, peto
    from stemfoot.metaanalysis.model import rma_uni

    measure, method = measure.upper(), method.upper()
    mixed = mixed_effects(table, measure, add=add, to=to, drop00=drop00, vtype=vtype, ci_level=ci_level)
    t = mixed.table.copy()
    if "study" in t.columns:
        t["study"] = mixed.labels
    else:
        t.insert(0, "study", mixed.labels)
    t["source"] = mixed.source
    t["yi"], t["vi"], t["sei"] = mixed.yi, mixed.vi, mixed.sei
    effect_measure = None
    if "effect_measure" in t.columns:
        named = [str(m).strip().upper() for m, s in zip(t["effect_measure"], mixed.source)
                 if s == "reported_effect" and not pd.isna(m) and str(m).strip()]
        effect_measure = named[0] if named else None
    if measure != "GEN" and effect_measure is None:
        effect_measure = measure
    pooled: dict[str, Any] = {}
    if method in ("MH", "PETO"):
        if set(mixed.source) != {"arm_binary"}:
            raise ExportError(f"{method} needs arm-level event counts in every row")
        counts = [pd.to_numeric(t[c]).to_numpy() for c in ARM_BINARY]
        r = mantel_haenszel(*counts, measure=measure, level=level, labels=mixed.labels) if method == "MH" \
            else peto(*counts, level=level, labels=mixed.labels)
        pooled = {"estimate": r.estimate, "se": r.se, "ci_lower": r.ci_lb, "ci_upper": r.ci_ub}
    else:
        r = rma_uni(mixed.yi, mixed.vi, method=method, test=test, level=level, measure=measure,
                    labels=mixed.labels)
        t["weight"] = r.weights
        pooled = {"estimate": r.estimate, "se": float(r.se[0]), "ci_lower": float(r.ci_lb[0]),
                  "ci_upper": float(r.ci_ub[0]), "tau2": r.tau2, "i2": r.I2}
    return Analysis(t, measure, method, test, level, ci_level, add, to, drop00, vtype, outcome, multiarm,
                    effect_measure, pooled)


def _val(row: pd.Series, col: str) -> Any:
    if col not in row.index:
        return None
    v = row[col]
    if v is None or (isinstance(v, float) and math.isnan(v)) or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            return v
    return v


# ---- (a) RevMan ---------------------------------------------------------------------------

def revman_kind(a: Analysis) -> str:
    """'dichotomous', 'continuous' or 'giv' (generic inverse variance) for RevMan's outcome type."""
    if a.sources == {"arm_binary"} and a.measure in ("RR", "OR", "RD"):
        return "dichotomous"
    if a.sources == {"arm_continuous"} and a.measure in ("MD", "SMD"):
        return "continuous"
    return "giv"


def export_revman(a: Analysis, path: str | Path) -> list[Path]:
    """RevMan 5.4 study-data CSV for one outcome, plus ``<stem>_settings.csv`` (outcome properties to set)."""
    path = Path(path)
    kind = revman_kind(a)
    rows: list[list[Any]] = []
    if kind == "dichotomous":
        header = list(REVMAN_DICHOTOMOUS)
        for _, r in a.studies.iterrows():
            rows.append([r["study"]] + [_val(r, c) for c in ARM_BINARY])
    elif kind == "continuous":
        header = list(REVMAN_CONTINUOUS)
        for _, r in a.studies.iterrows():
            rows.append([r["study"]] + [_val(r, c) for c in ARM_CONTINUOUS])
    else:
        name = REVMAN_NAMES.get(a.effect_measure or a.measure, "Effect")
        header = ["Study", f"log[{name}]" if a.ratio else name, "SE"]
        rows = [[r["study"], float(r["yi"]), float(r["sei"])] for _, r in a.studies.iterrows()]
    model = "Fixed effect" if a.method in ("FE", "MH", "PETO") else "Random effects"
    stat = {"MH": "Mantel-Haenszel", "PETO": "Peto"}.get(a.method, "Inverse Variance")
    settings = [("revman_version", "5.4"),
                ("revman_data_type", {"giv": "Generic inverse variance"}.get(kind, kind.capitalize())),
                ("revman_statistical_method", stat), ("revman_analysis_model", model),
                ("revman_effect_measure", REVMAN_NAMES.get(a.effect_measure or a.measure, a.measure)),
                ("revman_confidence_interval", a.level)]
    if a.method not in ("FE", "MH", "PETO", "DL"):
        settings.append(("revman_note_model", f"RevMan 5 estimates tau^2 by DerSimonian-Laird; this analysis used "
                         f"{a.method}{' with Knapp-Hartung' if a.test == 'knha' else ''}, "
                         "so RevMan's pooled result will differ"))
    elif a.test == "knha":
        settings.append(("revman_note_model", "RevMan 5 has no Knapp-Hartung test; its CI will be narrower"))
    if kind == "giv" and a.ratio:
        settings.append(("revman_note_giv", "GIV rows are log-scale estimates with their SE; "
                         "RevMan shows them back-transformed"))
    out = [write_csv(path, header, rows)]
    out.append(write_csv(path.with_name(path.stem + "_settings.csv"), ["key", "value"],
                         [list(s) for s in settings + a.settings()]))
    return out


# ---- (b) metafor --------------------------------------------------------------------------

def _r_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def metafor_script(a: Analysis, csv_name: str) -> str:
    """R code that reproduces the analysis from the CSV written by :func:`export_metafor`."""
    m = a.measure
    kind = "binary" if "arm_binary" in a.sources else "continuous" if "arm_continuous" in a.sources else None
    lines = [
        f"# Reproduces the stemfoot analysis{' of ' + a.outcome if a.outcome else ''} with R metafor (>= 3.0).",
        f"# measure = {m}, method = {a.method}, test = {a.test}, level = {a.level:g}"
        + (f", multi-arm trials: {a.multiarm}" if a.multiarm else ""),
    ]
    if a.method in ("MH", "PETO"):
        lines += ["# Pooled from the 2x2 counts of every row."]
    else:
        lines += ["# Arm-level rows: escalc with the same continuity correction; reported effects and",
                  "# precomputed rows: yi with sei (vi = sei^2), i.e. rma(yi, sei = sei)."]
    lines += [
        "library(metafor)",
        f"dat <- read.csv({_r_str(csv_name)}, stringsAsFactors = FALSE, quote = \"\\\"\", na.strings = \"\",",
        "                fileEncoding = \"UTF-8\")",
        "# undo the CSV formula-injection escaping of text cells",
        "dat$study <- sub(\"^'(?=[-=+@\\t\\r'])\", \"\", dat$study, perl = TRUE)",
    ]
    if a.method in ("MH", "PETO"):
        fn = "rma.mh" if a.method == "MH" else "rma.peto"
        meas = f"measure = {_r_str(m)}, " if a.method == "MH" else ""
        # metafor's own add/to/drop00 defaults for the per-study Q: the engine reproduces exactly those
        lines += [f"res <- {fn}(ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = dat, {meas}"
                  f"level = {a.level:g}, slab = study)"]
    else:
        lines += ["dat$yi <- dat$yi_reported", "dat$vi <- dat$sei^2", "arm <- dat$source != \"reported_effect\" & dat$source != \"yi_vi\""]
        if kind == "binary":
            lines += [f"es <- escalc(measure = {_r_str(m)}, ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = dat[arm, ],",
                      f"             add = {a.add:g}, to = {_r_str(a.to)}, drop00 = {'TRUE' if a.drop00 else 'FALSE'})"]
        elif kind == "continuous":
            lines += [f"es <- escalc(measure = {_r_str(m)}, m1i = m1i, sd1i = sd1i, n1i = n1i,",
                      f"             m2i = m2i, sd2i = sd2i, n2i = n2i, data = dat[arm, ], vtype = {_r_str(a.vtype)})"]
        if kind:
            lines += ["dat$yi[arm] <- as.numeric(es$yi)", "dat$vi[arm] <- as.numeric(es$vi)"]
        lines += [
            "# the effect sizes stemfoot pooled, for comparison",
            "stopifnot(isTRUE(all.equal(dat$yi, dat$yi_stemfoot, tolerance = 1e-8)),",
            "          isTRUE(all.equal(dat$vi, dat$vi_stemfoot, tolerance = 1e-8)))",
            f"res <- rma(yi, vi, data = dat, method = {_r_str(a.method)}, test = {_r_str(a.test)}, "
            f"level = {a.level:g}, slab = study)",
        ]
    lines += ["print(res)"]
    if a.method not in ("MH", "PETO") and a.method != "FE":
        lines += ["print(confint(res))"]
    if a.ratio:
        lines += ["print(predict(res, transf = exp))", "forest(res, atransf = exp)"]
    else:
        lines += ["print(predict(res))", "forest(res)"]
    return "\n".join(lines) + "\n"


def export_metafor(a: Analysis, path: str | Path) -> list[Path]:
    """``<stem>.csv`` (metafor's argument names) and ``<stem>.R`` (escalc + rma)."""
    path = Path(path)
    binary = "arm_binary" in a.sources
    cols = ["ai", "n1i", "ci", "n2i"] if binary else ["m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i"]
    src = ARM_BINARY if binary else ARM_CONTINUOUS
    header = ["study", "source"] + cols + ["yi_reported", "sei", "yi_stemfoot", "vi_stemfoot"]
    rows = []
    for _, r in a.studies.iterrows():
        arm = r["source"] in ("arm_binary", "arm_continuous")
        rows.append([r["study"], r["source"]] + [_val(r, c) if arm else None for c in src]
                    + [None if arm else float(r["yi"]), None if arm else float(r["sei"]),
                       float(r["yi"]), float(r["vi"])])
    csv_path = write_csv(path.with_suffix(".csv"), header, rows)
    r_path = path.with_suffix(".R")
    from stemfoot.corpus.safe_io import atomic_write

    atomic_write(r_path, metafor_script(a, csv_path.name))
    return [csv_path, r_path]


# ---- (c) plain CSV ------------------------------------------------------------------------

PLAIN_INPUT = ARM_BINARY + ARM_CONTINUOUS + ("effect_measure", "effect", "ci_lower", "ci_upper", "p_value")


def export_csv(a: Analysis, path: str | Path) -> list[Path]:
    """``<stem>.csv``: one row per study (inputs, yi, vi, sei, CI, weight); ``<stem>_settings.csv``."""
    path = Path(path)
    inputs = [c for c in PLAIN_INPUT if c in a.studies.columns]
    extra = ["weight"] if "weight" in a.studies.columns else []
    z = _norm_crit(a.level)
    header = ["study", "source"] + inputs + ["yi", "vi", "sei", "ci_lower_yi", "ci_upper_yi"] + extra
    if a.ratio:
        header += ["exp_yi", "exp_ci_lower", "exp_ci_upper"]
    rows = []
    for _, r in a.studies.iterrows():
        y, s = float(r["yi"]), float(r["sei"])
        row = [r["study"], r["source"]] + [_val(r, c) for c in inputs] + [y, float(r["vi"]), s, y - z * s, y + z * s]
        row += [float(r["weight"])] if extra else []
        if a.ratio:
            row += [math.exp(y), math.exp(y - z * s), math.exp(y + z * s)]
        rows.append(row)
    out = [write_csv(path.with_suffix(".csv"), header, rows)]
    out.append(write_csv(path.with_name(path.with_suffix("").name + "_settings.csv"), ["key", "value"],
                         [list(s) for s in a.settings()]))
    return out


def _norm_crit(level: float) -> float:
    from statistics import NormalDist

    return NormalDist().inv_cdf(1 - (1 - level / 100) / 2)


def export_analysis(a: Analysis, fmt: str, path: str | Path) -> list[Path]:
    """Write ``a`` in ``fmt`` (revman | metafor | csv) at ``path``; returns the files written."""
    if fmt == "revman":
        return export_revman(a, Path(path).with_suffix(".csv"))
    if fmt == "metafor":
        return export_metafor(a, path)
    if fmt == "csv":
        return export_csv(a, path)
    raise ExportError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
