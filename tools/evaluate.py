"""Score extraction against gold records shaped like ``tests/data/domain_dev.jsonl``.

Matching rules (also in docs/extraction.md):

* design: the gold string normalised to rct / non_randomized_controlled /
  single_arm / other must equal the extracted design.
* totals: extracted n_patients (n_limbs) equals the gold total.
* per-arm n: a gold arm count (patients or limbs) is recalled by an unused
  extracted arm with the same count and the same role class (active =
  intervention / active_comparator / single, or control).
* cell type: gold codes are the vocabulary terms found in the gold string; a
  study is correct when the extracted codes are non-empty and all among them.
* statistics: the gold entries are split into atoms (each mean ± SD, each
  arm's events/total, percentage or median, each effect estimate, each
  p-value). An atom is recalled by an unused extracted statistic of the same
  kind with the same numbers (p-value and operator; mean and SD; events, and
  total when gold states it; percent, which an events statistic with that
  percent also satisfies; median, and IQR when gold states it; effect measure
  HR/OR/RR/..., estimate and 95% CI), the same arm role when gold states the
  arm (not checked for p-values and effects, nor where gold says '"arm": null'
  or gives "events_any_arm"), and the same outcome id when the
  gold outcome text names a vocabulary outcome. "95% CI" in gold text is not a
  percentage. Precision: matched extracted statistics / all extracted statistics.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from stemfoot.corpus.errors import CorpusError
from stemfoot.extract import vocabulary
from stemfoot.schemas import DESIGNS
from stemfoot.extract.arms import role_of
from stemfoot.extract.numbers import parse_number, parse_p
from stemfoot.extract.run import extract_records

_ACTIVE = {"intervention", "active_comparator", "single"}


@dataclass
class Score:
    """Matched / extracted / gold counts of one field."""

    matched: int = 0
    extracted: int = 0
    gold: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.matched / self.extracted if self.extracted else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None


def load_gold(path: str | Path) -> list[dict]:
    """Gold records (JSON lines with ``abstract`` and ``gold``)."""
    records = []
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except OSError as exc:
        raise CorpusError(f"{path}: {exc.strerror}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path}:{n}: not JSON ({exc.msg})") from exc
        if "gold" not in rec or "abstract" not in rec:
            raise CorpusError(f"{path}:{n}: a gold record needs 'abstract' and 'gold'")
        records.append(rec)
    return records


def gold_design(text: str) -> str:
    t = (text or "").lower().strip()
    if t in DESIGNS:
        return t
    if re.match(r"rct\b|randomi[sz]ed controlled", t):
        return "rct"
    if "single" in t:
        return "single_arm"
    if "control" in t:
        return "non_randomized_controlled"
    return "other"


def gold_cell_codes(text: str | None) -> set[str]:
    if not text:
        return set()
    vocab = vocabulary.cell_types()
    codes = {t.id for t in vocab.terms if re.search(rf"(?<![\w-]){re.escape(t.id)}(?![\w])", text)}
    codes |= {h.term.id for h in vocab.find(text)}
    return codes - {"MSC"} if len(codes) > 1 else codes


def _outcome_id(text: str | None) -> str | None:
    term = vocabulary.outcomes().lookup(text or "")
    return term.id if term else None


def _role_class(role: str | None) -> str | None:
    if role is None:
        return None
    return "active" if role in _ACTIVE else "control" if role == "control" else None


def _mean_sd(text: str) -> tuple[float, float] | None:
    m = re.match(r"\s*([\d.·]+)\s*(?:±|\+/-)\s*([\d.·]+)", text or "")
    if not m:
        return None
    return parse_number(m.group(1)).value, parse_number(m.group(2)).value


def _median(text: str) -> dict | None:
    m = re.match(r"\s*median\s+(-?[\d.·]+)\s*(?:\(\s*IQR\s*(-?[\d.·]+)\s*[–-]\s*(-?[\d.·]+)\s*\))?", text or "", re.I)
    if not m:
        return None
    q1, q3 = (parse_number(m.group(i)).value if m.group(i) else None for i in (2, 3))
    return {"kind": "median", "median": parse_number(m.group(1)).value, "q1": q1, "q3": q3}


def _p_atom(text: str) -> dict | None:
    m = re.search(r"[Pp]\s*(=|<|>|≤|≥)\s*([\d.·]+)", text or "")
    if not m:
        return None
    ops = {"≤": "<=", "≥": ">="}
    return {"kind": "p_value", "p": parse_p(m.group(2)).value, "p_operator": ops.get(m.group(1), m.group(1))}


def gold_atoms(gold: dict) -> list[dict]:
    """Split free-form gold statistics into atoms the matcher can compare."""
    atoms = []
    for s in gold.get("statistics", []):
        outcome = _outcome_id(s.get("outcome"))
        arm_text = s.get("arm")
        arm_role = _role_class(role_of(arm_text, False)) if arm_text else None
        found = []
        for key, timepoint in (("baseline", "baseline"), ("followup", "follow-up")):
            ms = _mean_sd(s.get(key, ""))
            med = _median(s.get(key, ""))
            if ms:
                found.append({"kind": "mean_sd", "mean": ms[0], "sd": ms[1], "role": arm_role})
            elif med:
                found.append({**med, "role": arm_role})
        for role in ("intervention", "control", "events_any_arm"):
            d = s.get(role)
            if not isinstance(d, dict):
                continue
            # '"arm": null' or "events_any_arm": the abstract does not say which arm.
            role_class = None if role == "events_any_arm" or ("arm" in s and s["arm"] is None) else _role_class(role)
            if d.get("mean") is not None:
                found.append({"kind": "mean_sd", "mean": d["mean"], "sd": d.get("sd"), "role": role_class})
            elif d.get("median") is not None:
                found.append({"kind": "median", "median": d["median"], "q1": d.get("iqr_low"), "q3": d.get("iqr_high"),
                              "role": role_class})
            elif d.get("events") is not None:
                found.append({"kind": "events", "events": d["events"], "total": d.get("total"),
                              "percent": d.get("pct"), "role": role_class})
            elif d.get("pct") is not None:
                found.append({"kind": "percent", "percent": d["pct"], "role": role_class})
        if isinstance(s.get("value"), str):
            # "95% CI" is a confidence level, not a value.
            for pct in re.findall(r"(\d+(?:\.\d+)?)\s*%(?!\s*(?:CI|confidence)\b)", s["value"], re.I):
                found.append({"kind": "percent", "percent": float(pct), "role": arm_role})
        effect = s.get("effect")
        if isinstance(effect, dict) and effect.get("value") is not None:
            found.append({"kind": "effect", "measure": effect.get("measure"), "value": effect["value"],
                          "ci_lower": effect.get("ci_low"), "ci_upper": effect.get("ci_high"), "role": None})
        p = _p_atom(s.get("p") or "")
        if p:
            found.append(p)
        for atom in found:
            atom["outcome"] = outcome
            atom["label"] = s.get("outcome")
        atoms.extend(found)
    return atoms


def _close(a: float | None, b: float | None, tol: float = 1e-6) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) <= tol


def matches(atom: dict, stat: dict) -> bool:
    """Does an extracted statistic state the numbers of a gold atom (see module doc)?"""
    kind = atom["kind"]
    if kind == "p_value":
        ok = stat["kind"] == "p_value" and _close(atom["p"], stat["p"]) and atom["p_operator"] == stat["p_operator"]
    elif kind == "mean_sd":
        ok = stat["kind"] == "mean_sd" and _close(atom["mean"], stat["mean"]) and (
            atom["sd"] is None or _close(atom["sd"], stat["sd"]))
    elif kind == "median":
        ok = stat["kind"] == "median" and _close(atom["median"], stat.get("median")) and all(
            atom[q] is None or _close(atom[q], stat.get(q)) for q in ("q1", "q3"))
    elif kind == "effect":
        ok = stat["kind"] == "effect" and _close(atom["value"], stat.get("value")) and (
            not atom.get("measure") or stat.get("effect_measure") == atom["measure"]) and all(
            atom[c] is None or _close(atom[c], stat.get(c)) for c in ("ci_lower", "ci_upper"))
    elif kind == "events":
        ok = stat["kind"] == "events" and stat["events"] == atom["events"] and (
            atom["total"] is None or stat["total"] == atom["total"])
    else:
        ok = stat["kind"] in {"percent", "events"} and _close(atom["percent"], stat["percent"], 0.05)
    if not ok:
        return False
    if kind not in {"p_value", "effect"} and atom.get("role") and _role_class(stat.get("arm_role")) != atom["role"]:
        return False
    return not (atom.get("outcome") and stat.get("outcome") != atom["outcome"])


def _match_arms(gold_arms: list[dict], arms: list[dict], key: str, gold_keys: tuple[str, ...], score: Score) -> None:
    used: set[int] = set()
    score.extracted += sum(1 for a in arms if a.get(key) is not None)
    for g in gold_arms:
        n = next((g[k] for k in gold_keys if isinstance(g.get(k), int)), None)
        if n is None:
            continue
        score.gold += 1
        role = _role_class("control" if "control" in (g.get("role") or "") or "placebo" in (g.get("role") or "") else "intervention")
        hit = next((i for i, a in enumerate(arms)
                    if i not in used and a.get(key) == n and _role_class(a["role"]) == role), None)
        if hit is None:
            score.misses.append(f"{g.get('name')}: {key}={n}")
        else:
            used.add(hit)
            score.matched += 1


def evaluate(records: list[dict], *, n_process: int = 1) -> dict[str, Score]:
    """Run the pipeline on each gold abstract and score every field."""
    scores = {k: Score() for k in ("design", "n_patients", "n_limbs", "arm_n", "cell_type", "statistics")}
    # The gold has no PICO spans to score them against.
    extracted = extract_records(((r.get("title"), r["abstract"]) for r in records), n_process=n_process,
                                pico=False)
    for rec, out in zip(records, extracted):
        gold, rid = rec["gold"], rec.get("id") or rec.get("pmid") or "?"
        s = scores["design"]
        s.gold += 1
        s.extracted += 1
        if gold_design(gold.get("design", "")) == out["design"]["value"]:
            s.matched += 1
        else:
            s.misses.append(f"{rid}: {out['design']['value']} != {gold.get('design')}")
        for key, gkey in (("n_patients", "n_patients_total"), ("n_limbs", "n_limbs_total")):
            s, g = scores[key], gold.get(gkey)
            value = out[key]["value"] if out.get(key) else None
            s.extracted += value is not None
            if isinstance(g, int):
                s.gold += 1
                if value == g:
                    s.matched += 1
                else:
                    s.misses.append(f"{rid}: {value} != {g}")
        arms = out["arms"]
        _match_arms(gold.get("arms", []), arms, "n_patients", ("n_patients", "n"), scores["arm_n"])
        _match_arms(gold.get("arms", []), arms, "n_limbs", ("n_limbs",), scores["arm_n"])
        s = scores["cell_type"]
        codes = gold_cell_codes(gold.get("intervention_cell_type"))
        if codes:
            s.gold += 1
            got = set(out["cell_types"])
            s.extracted += bool(got)
            if got and got <= codes:
                s.matched += 1
            else:
                s.misses.append(f"{rid}: {sorted(got)} vs gold {sorted(codes)}")
        s = scores["statistics"]
        stats = out["statistics"]
        used: set[int] = set()
        s.extracted += len(stats)
        for atom in gold_atoms(gold):
            s.gold += 1
            hit = next((i for i, st in enumerate(stats) if i not in used and matches(atom, st)), None)
            if hit is None:
                s.misses.append(f"{rid}: {atom}")
            else:
                used.add(hit)
                s.matched += 1
        for i, st in enumerate(stats):
            if i not in used:
                s.misses.append(f"{rid}: extra {st['kind']} {st['evidence']['text']!r}")
    return scores


def report(scores: dict[str, Score]) -> str:
    """A fixed-width table: field, precision, recall, counts."""
    def pct(x: float | None) -> str:
        return "   -  " if x is None else f"{100 * x:5.1f}%"

    lines = [f"{'field':<12} {'precision':>9} {'recall':>7}  matched/extracted/gold"]
    for name, s in scores.items():
        lines.append(f"{name:<12} {pct(s.precision):>9} {pct(s.recall):>7}  {s.matched}/{s.extracted}/{s.gold}")
    return "\n".join(lines)
