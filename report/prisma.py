"""PRISMA 2020 flow diagram (Page et al. BMJ 2021;372:n71) from a plain counts dict.

Layout of the official template for new reviews: a left column "Identification of
studies via databases and registers" (identification -> screening -> included)
and an optional right column "Identification of studies via other methods".
Drawn with matplotlib; SVG keeps text as text (``svg.fonttype = none``) so the
numbers can be read and checked. Files are written atomically.

Counts dict (missing derived counts are computed; all counts are non-negative ints)::

    {
      "databases": [{"name": "PubMed", "n": 412, "date": "2026-11-01"}, ...],
      "registers": [{"name": "ClinicalTrials.gov", "n": 37, "date": "2026-11-01"}],
      "duplicates_removed": 96, "automation_removed": 0, "other_removed": 0,
      "records_screened": 353,            # default: identified - removed
      "records_excluded": 301,
      "reports_sought": 52,               # default: screened - excluded
      "reports_not_retrieved": 3,
      "reports_assessed": 49,             # default: sought - not retrieved
      "reports_excluded": {"Not randomised": 20, "Wrong population": 9},
      "studies_included": 16, "reports_included": 20,
      "other_methods": {                  # optional right column
        "sources": [{"name": "Citation searching", "n": 14}],
        "reports_sought": 14, "reports_not_retrieved": 1, "reports_assessed": 13,
        "reports_excluded": {"Not randomised": 9}
      }
    }
"""
from __future__ import annotations

import os
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMATS = (".svg", ".png", ".pdf")


class PrismaError(ValueError):
    """Bad counts or output path (one line)."""


def _int(counts: dict, key: str, where: str = "") -> int:
    v = counts.get(key)
    if not isinstance(v, int) or isinstance(v, bool) or v < 0:
        raise PrismaError(f"PRISMA counts: {where}{key} must be a non-negative integer, got {v!r}")
    return v


def _sources(items: Any, key: str) -> list[dict]:
    if items is None:
        return []
    if not isinstance(items, list):
        raise PrismaError(f"PRISMA counts: {key} must be a list of {{name, n}}")
    out = []
    for i, s in enumerate(items):
        if not isinstance(s, dict) or not isinstance(s.get("name"), str):
            raise PrismaError(f"PRISMA counts: {key}[{i}] needs a name")
        out.append({"name": s["name"], "n": _int(s, "n", f"{key}[{i}]."), "date": s.get("date")})
    return out


def _reasons(d: Any, key: str) -> dict[str, int]:
    if d is None:
        return {}
    if not isinstance(d, dict):
        raise PrismaError(f"PRISMA counts: {key} must map reason -> count")
    return {str(k): _int(d, k, f"{key}.") for k in d}


def normalise_counts(counts: dict) -> tuple[dict, list[str]]:
    """Validated counts with derived values filled in, plus consistency warnings."""
    if not isinstance(counts, dict):
        raise PrismaError("PRISMA counts must be a JSON object")
    c: dict[str, Any] = {"databases": _sources(counts.get("databases"), "databases"),
                         "registers": _sources(counts.get("registers"), "registers")}
    for k in ("duplicates_removed", "automation_removed", "other_removed"):
        c[k] = _int(counts, k) if k in counts else 0
    identified = sum(s["n"] for s in c["databases"] + c["registers"])
    removed = c["duplicates_removed"] + c["automation_removed"] + c["other_removed"]
    c["identified"] = identified
    c["records_screened"] = _int(counts, "records_screened") if "records_screened" in counts else identified - removed
    c["records_excluded"] = _int(counts, "records_excluded")
    c["reports_sought"] = (_int(counts, "reports_sought") if "reports_sought" in counts
                           else c["records_screened"] - c["records_excluded"])
    c["reports_not_retrieved"] = _int(counts, "reports_not_retrieved") if "reports_not_retrieved" in counts else 0
    c["reports_assessed"] = (_int(counts, "reports_assessed") if "reports_assessed" in counts
                             else c["reports_sought"] - c["reports_not_retrieved"])
    c["reports_excluded"] = _reasons(counts.get("reports_excluded"), "reports_excluded")
    c["studies_included"] = _int(counts, "studies_included")
    c["reports_included"] = _int(counts, "reports_included") if "reports_included" in counts else c["studies_included"]
    for k in ("records_screened", "reports_sought", "reports_assessed"):
        if c[k] < 0:
            raise PrismaError(f"PRISMA counts: derived {k} is negative ({c[k]}); check the counts")
    warn: list[str] = []
    if c["records_screened"] != identified - removed:
        warn.append(f"records screened {c['records_screened']} != identified {identified} - removed {removed}")
    if c["reports_sought"] != c["records_screened"] - c["records_excluded"]:
        warn.append("reports sought != records screened - records excluded")
    if c["reports_assessed"] != c["reports_sought"] - c["reports_not_retrieved"]:
        warn.append("reports assessed != reports sought - reports not retrieved")
    om = counts.get("other_methods")
    if om:
        o = {"sources": _sources(om.get("sources"), "other_methods.sources")}
        o["reports_sought"] = (_int(om, "reports_sought", "other_methods.") if "reports_sought" in om
                               else sum(s["n"] for s in o["sources"]))
        o["reports_not_retrieved"] = _int(om, "reports_not_retrieved", "other_methods.") \
            if "reports_not_retrieved" in om else 0
        o["reports_assessed"] = (_int(om, "reports_assessed", "other_methods.") if "reports_assessed" in om
                                 else o["reports_sought"] - o["reports_not_retrieved"])
        o["reports_excluded"] = _reasons(om.get("reports_excluded"), "other_methods.reports_excluded")
        c["other_methods"] = o
        assessed_in = c["reports_assessed"] - sum(c["reports_excluded"].values()) \
            + o["reports_assessed"] - sum(o["reports_excluded"].values())
    else:
        c["other_methods"] = None
        assessed_in = c["reports_assessed"] - sum(c["reports_excluded"].values())
    if assessed_in != c["reports_included"]:
        warn.append(f"reports included {c['reports_included']} != reports assessed - excluded ({assessed_in})")
    return c, warn


def _n(v: int) -> str:
    # no-break spaces: the wrapper must not split "(n = 12)" over two lines
    return f"(n\u00a0=\u00a0{v:,})"


def _source_lines(items: list[dict]) -> list[str]:
    return [f"{s['name']}{' (' + s['date'] + ')' if s.get('date') else ''} {_n(s['n'])}" for s in items]


@dataclass
class _Box:
    col: int  # 0 main, 1 main-side, 2 other, 3 other-side
    row: int
    lines: list[str]
    header_lines: int = 1  # first line is bold


def _boxes(c: dict) -> list[_Box]:
    b = [
        _Box(0, 0, ["Records identified from:", f"Databases {_n(sum(s['n'] for s in c['databases']))}"]
             + ["   " + x for x in _source_lines(c["databases"])]
             + [f"Registers {_n(sum(s['n'] for s in c['registers']))}"]
             + ["   " + x for x in _source_lines(c["registers"])]),
        _Box(1, 0, ["Records removed before screening:", f"Duplicate records removed {_n(c['duplicates_removed'])}",
                    f"Records marked as ineligible by automation tools {_n(c['automation_removed'])}",
                    f"Records removed for other reasons {_n(c['other_removed'])}"]),
        _Box(0, 1, [f"Records screened {_n(c['records_screened'])}"]),
        _Box(1, 1, [f"Records excluded {_n(c['records_excluded'])}"]),
        _Box(0, 2, [f"Reports sought for retrieval {_n(c['reports_sought'])}"]),
        _Box(1, 2, [f"Reports not retrieved {_n(c['reports_not_retrieved'])}"]),
        _Box(0, 3, [f"Reports assessed for eligibility {_n(c['reports_assessed'])}"]),
        _Box(1, 3, ["Reports excluded:"] + [f"{k} {_n(v)}" for k, v in c["reports_excluded"].items()]
             if c["reports_excluded"] else ["Reports excluded (n = 0)"]),
        _Box(0, 4, [f"Studies included in review {_n(c['studies_included'])}",
                    f"Reports of included studies {_n(c['reports_included'])}"], 0),
    ]
    o = c.get("other_methods")
    if o:
        b += [
            _Box(2, 0, ["Records identified from:"] + _source_lines(o["sources"])),
            _Box(2, 2, [f"Reports sought for retrieval {_n(o['reports_sought'])}"]),
            _Box(3, 2, [f"Reports not retrieved {_n(o['reports_not_retrieved'])}"]),
            _Box(2, 3, [f"Reports assessed for eligibility {_n(o['reports_assessed'])}"]),
            _Box(3, 3, ["Reports excluded:"] + [f"{k} {_n(v)}" for k, v in o["reports_excluded"].items()]
                 if o["reports_excluded"] else ["Reports excluded (n = 0)"]),
        ]
    return b


def draw_prisma(counts: dict, title: str | None = None):
    """A matplotlib Figure of the PRISMA 2020 diagram; returns (figure, warnings)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, Rectangle

    c, warns = normalise_counts(counts)
    boxes = _boxes(c)
    other = c.get("other_methods") is not None
    # geometry in inches (1 data unit = 1 inch)
    band, gap, colw = 0.45, 0.45, 2.55
    wrap = 44  # characters per line at 8 pt in a 2.55 in box
    line_h, pad = 0.165, 0.09
    xs = [band + 0.25, band + 0.25 + colw + gap]
    if other:
        xs += [xs[1] + colw + 0.6, xs[1] + colw + 0.6 + colw + gap]
    width = xs[-1] + colw + 0.2
    wrapped = []
    for bx in boxes:
        lines: list[tuple[str, bool]] = []
        for i, ln in enumerate(bx.lines):
            indent = len(ln) - len(ln.lstrip())
            for j, part in enumerate(textwrap.wrap(ln.strip(), wrap - indent, break_on_hyphens=False) or [""]):
                lines.append((" " * (indent + (2 if j else 0)) + part, i < bx.header_lines and bx.header_lines > 0
                              and i == 0 and len(bx.lines) > 1))
        wrapped.append(lines)
    nrows = 5
    row_h = [0.0] * nrows
    for bx, lines in zip(boxes, wrapped):
        row_h[bx.row] = max(row_h[bx.row], len(lines) * line_h + 2 * pad)
    row_h[0] = max(row_h[0], 1.2)  # room for the rotated stage labels
    row_h[4] = max(row_h[4], 0.85)
    vgap, head_h = 0.32, 0.42
    tops = []
    y = head_h + 0.3 + (0.35 if title else 0)
    for h in row_h:
        tops.append(y)
        y += h + vgap
    height = y - vgap + 0.2
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.axis("off")
    if title:
        ax.text(width / 2, 0.2, title, ha="center", va="center", fontsize=11, fontweight="bold")
    top0 = 0.15 + (0.35 if title else 0)
    # column headers
    hx0, hx1 = xs[0], xs[1] + colw
    ax.add_patch(Rectangle((hx0, top0), hx1 - hx0, head_h, fc="#f6d36b", ec="#7a6a2a", lw=0.8))
    ax.text((hx0 + hx1) / 2, top0 + head_h / 2, "Identification of studies via databases and registers",
            ha="center", va="center", fontsize=9, fontweight="bold")
    if other:
        ox0, ox1 = xs[2], xs[3] + colw
        ax.add_patch(Rectangle((ox0, top0), ox1 - ox0, head_h, fc="#d9d9d9", ec="#666666", lw=0.8))
        ax.text((ox0 + ox1) / 2, top0 + head_h / 2, "Identification of studies via other methods",
                ha="center", va="center", fontsize=9, fontweight="bold")
    # stage bands
    stages = [("Identification", 0, 0), ("Screening", 1, 3), ("Included", 4, 4)]
    for name, r0, r1 in stages:
        y0, y1 = tops[r0], tops[r1] + row_h[r1]
        ax.add_patch(Rectangle((0.12, y0), band, y1 - y0, fc="#9dc3e6", ec="#41719c", lw=0.8))
        ax.text(0.12 + band / 2, (y0 + y1) / 2, name, rotation=90, ha="center", va="center",
                fontsize=9, fontweight="bold")
    geom: dict[tuple[int, int], tuple[float, float, float, float]] = {}
    for bx, lines in zip(boxes, wrapped):
        x0, y0 = xs[bx.col], tops[bx.row]
        h = len(lines) * line_h + 2 * pad
        y0 += (row_h[bx.row] - h) / 2  # every box centred on its row: horizontal arrows stay straight
        geom[(bx.col, bx.row)] = (x0, y0, colw, h)
        ax.add_patch(Rectangle((x0, y0), colw, h, fc="white", ec="black", lw=0.9))
        for i, (text, bold) in enumerate(lines):
            ax.text(x0 + 0.08, y0 + pad + (i + 0.5) * line_h, text, ha="left", va="center", fontsize=8,
                    fontweight="bold" if bold else "normal")

    def arrow(p0, p1):
        ax.add_patch(FancyArrowPatch(p0, p1, arrowstyle="-|>", mutation_scale=10, lw=0.9, color="black",
                                     shrinkA=0, shrinkB=0))

    for col, side in ((0, 1), (2, 3)):
        if (col, 0) not in geom and (col, 2) not in geom:
            continue
        rows = [r for r in range(5) if (col, r) in geom]
        for a, b in zip(rows, rows[1:]):
            x0, y0, w, h = geom[(col, a)]
            arrow((x0 + w / 2, y0 + h), (x0 + w / 2, geom[(col, b)][1]))
        for r in rows:
            if (side, r) in geom:
                x0, y0, w, h = geom[(col, r)]
                sx, sy, sw, sh = geom[(side, r)]
                arrow((x0 + w, sy + sh / 2 if y0 <= sy + sh / 2 <= y0 + h else y0 + h / 2), (sx, sy + sh / 2))
    if other:  # other-methods assessed -> included: elbow down then left into the included box
        x0, y0, w, h = geom[(2, 3)]
        ix, iy, iw, ih = geom[(0, 4)]
        ymid = iy + ih / 2
        ax.plot([x0 + w / 2, x0 + w / 2], [y0 + h, ymid], color="black", lw=0.9)
        arrow((x0 + w / 2, ymid), (ix + iw, ymid))
    return fig, warns


def _umask_mode() -> int:
    """0o666 less the process umask: what a plain open() would give (mkstemp makes 0o600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_figure_atomic(fig, path: str | Path, dpi: int = 200) -> Path:
    """Save a figure as svg/png/pdf via a temp file in the same directory + rename."""
    import matplotlib

    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise PrismaError(f"{path}: output must end in {', '.join(FORMATS)}")
    if not path.parent.is_dir():
        raise PrismaError(f"{path}: directory does not exist")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix)
    os.close(fd)
    try:
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "stemfoot", "pdf.fonttype": 42}):
            fig.savefig(tmp, format=path.suffix[1:].lower(), dpi=dpi,
                        metadata={"Date": None} if path.suffix.lower() in (".svg", ".pdf") else None)
        os.chmod(tmp, _umask_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_prisma(counts: dict, path: str | Path, title: str | None = None, dpi: int = 200) -> list[str]:
    """Draw and write the diagram; returns the consistency warnings (empty when the counts add up)."""
    fig, warns = draw_prisma(counts, title)
    write_figure_atomic(fig, path, dpi)
    return warns
