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
from stemfoot.corpus.safe_io import json_objects
from stemfoot.extract import vocabulary
from stemfoot.schemas import DESIGNS, effect_measure_code
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
    for n, rec in json_objects(lines, str(path), CorpusError):
        if "gold" not in rec or "abstract" not in rec:
            raise CorpusError(f"{path}: line {n}: a gold record needs 'abstract' and 'gold'")
        records.append(rec)
    return records


def gold_design(text: str) -> str:
    """The design code of a gold's free-text design.

    Randomised wherever the text says so and does not deny it ("cluster-randomised controlled trial", "within-patient
    randomised controlled study", "long-term follow-up of a double-blind RCT"); a study with no control of its own
    ("uncontrolled", "no control", a dose escalation) is single-arm even when it names controls it lacks."""
    t = (text or "").lower().strip()
    if t in DESIGNS:
        return t
    if re.search(r"\brcts?\b|randomi[sz]ed", t) and not re.search(r"\b(?:non|not|quasi)[- ]?randomi[sz]", t):
        return "rct"
    if re.search(r"single|uncontrolled|\bno control|dose[- ]escalation", t):
        return "single_arm"
    if re.search(r"control|compar|propensity", t):
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
                found.append({**_mean_atom(d), "role": role_class})
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


def _same_measure(gold: str | None, got: str | None) -> bool:
    """Gold's effect measure, as a code or in words ("hazard ratio", "risk difference (%)"), is the extracted
    code, both read through the schema's vocabulary; no gold measure is not checked."""
    if not gold:
        return True
    return (effect_measure_code(gold) or gold) == (effect_measure_code(got) or got)


def _mean_atom(v: dict) -> dict:
    """A gold mean: ``mean_sd`` where gold gives the SD, else ``mean`` with gold's standard error if any."""
    if v.get("sd") is not None:
        return {"kind": "mean_sd", "mean": v["mean"], "sd": v["sd"]}
    return {"kind": "mean", "mean": v["mean"], "se": v.get("se")}


def matches(atom: dict, stat: dict) -> bool:
    """Does an extracted statistic state the numbers of a gold atom (see module doc)?"""
    kind = atom["kind"]
    if kind == "p_value":
        ok = stat["kind"] == "p_value" and _close(atom["p"], stat["p"]) and atom["p_operator"] == stat["p_operator"]
    elif kind == "mean_sd":
        ok = stat["kind"] == "mean_sd" and _close(atom["mean"], stat["mean"]) and _close(atom["sd"], stat["sd"])
    elif kind == "mean":
        # Gold states no SD: an extracted mean states it; an extracted "± x" only where gold's SE is x and the
        # extractor marked it as a standard error (an SD the abstract does not give is a wrong value).
        ok = _close(atom["mean"], stat.get("mean")) and (stat["kind"] == "mean" or (
            stat["kind"] == "mean_sd" and _close(atom.get("se"), stat.get("sd"))
            and "se_not_sd" in (stat.get("flags") or ())))
    elif kind == "median":
        ok = stat["kind"] == "median" and _close(atom["median"], stat.get("median")) and all(
            atom[q] is None or _close(atom[q], stat.get(q)) for q in ("q1", "q3"))
    elif kind == "effect":
        ok = stat["kind"] == "effect" and _close(atom["value"], stat.get("value")) and (
            _same_measure(atom.get("measure"), stat.get("effect_measure"))) and all(
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
    extracted = list(extract_records(((r.get("title"), r["abstract"]) for r in records), n_process=n_process,
                                     pico=False))
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
    score_results(records, extracted, scores)
    failed = [f"{rec.get('id') or rec.get('pmid') or '?'}: {err}" for rec, out in zip(records, extracted)
              for err in out.get("errors") or []]
    if failed:  # a stage that raised leaves its part of the record empty: the scores above undercount
        scores["extract_errors"] = Score(extracted=len(failed), misses=failed)
    return scores


def report(scores: dict[str, Score]) -> str:
    """A fixed-width table: field, precision, recall, counts."""
    def pct(x: float | None) -> str:
        return "   -  " if x is None else f"{100 * x:5.1f}%"

    lines = [f"{'field':<20} {'precision':>9} {'recall':>7}  matched/extracted/gold"]
    for name, s in scores.items():
        if name == "double_counted":
            lines.append(f"{name:<20} {s.extracted:>9}          (pairs of facts restating one count)")
        elif name == "extract_errors":
            lines.append(f"{name:<20} {s.extracted:>9}          (stages that raised: --details names them)")
        elif name == "unattributed":
            lines.append(f"{name:<20} {s.extracted:>9}          (results left for review, not exported to an arm)")
        else:
            lines.append(f"{name:<20} {pct(s.precision):>9} {pct(s.recall):>7}  {s.matched}/{s.extracted}/{s.gold}")
    return "\n".join(lines)


# --- results on the right arm, outcome and timepoint --------------------------------------------
#
# A *result* is a value a meta-analysis would pool: events (/total), a percentage, mean ± SD, a median,
# an effect estimate. p-values are not results here (they are scored by "statistics" above). Each gold
# result has a target: an arm (by name), "pooled" (a combined grouping of arms), "cohort" (the whole
# sample: it must NOT sit on an arm), "between" (an effect comparing arms: not on an arm) or "any" (the
# gold does not say which arm). Measures:
#   results_arm_outcome  value + target + outcome right
#   results_timepoint    the same, and the timepoint right too (where the gold states or implies one)
# Precision counts every exported result (a cohort value put on an arm is a wrong result; a value with
# no arm where gold has one is wrong too) except those the extractor explicitly left unattributed
# (``target == "unattributed"``, flagged for review), which are counted apart as abstentions.

_RESULT_KINDS = {"events", "percent", "mean_sd", "mean", "median", "effect"}
_WORD_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24, "thirty-six": 36}
_UNIT_WEEKS = {"d": 1 / 7, "w": 1.0, "m": 52.18 / 12, "y": 52.18}
_TP_NUM_UNIT = re.compile(r"(?P<n>\d+(?:\.\d+)?|[a-z]+(?:-[a-z]+)?)[\s-]*(?P<u>days?|d|weeks?|wks?|w|months?|mos?|mo|m|years?|yrs?|y)\b",
                          re.I)
_TP_UNIT_NUM = re.compile(r"\b(?P<u>day|week|wk|month|year)s?[\s-]*(?P<n>\d+(?:\.\d+)?)\b", re.I)
_BASELINE_WORDS = re.compile(r"\b(?:baseline|before|pre-?treatment|pre-?operative|at entry|day 0)\b", re.I)
_ARM_STOP = {"group", "groups", "arm", "arms", "the", "of", "and", "with", "patients", "single", "cohort", "limbs",
             "treatment", "plus", "alone", "a", "in"}


def timepoint_weeks(text: str | None) -> float | None:
    """A timepoint as weeks ("12 weeks", "week 12", "6 mo", "1 year"); 0 for baseline; None when no time is given."""
    if not text:
        return None
    if _BASELINE_WORDS.search(text):
        return 0.0
    # The first number with a unit, either way round ("12 weeks", "week 12"). A letter run before a unit letter
    # is a number only when it is a number word: "by 12 months" is not "b" + "y" (years), nor "at week 12"
    # "at" weeks, nor "day 28" "da" + "y"; such a match is passed over, not taken as "no time" (round 37).
    found = []
    for rx in (_TP_NUM_UNIT, _TP_UNIT_NUM):
        for m in rx.finditer(text):
            raw = m.group("n").lower()
            try:
                n = float(raw)
            except ValueError:
                if raw not in _WORD_NUM:
                    continue
                n = float(_WORD_NUM[raw])
            found.append((m.start(), n * _UNIT_WEEKS[m.group("u")[0].lower()]))
            break
    return min(found)[1] if found else None


def _same_time(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(0.5, 0.05 * max(a, b))


def _value_atom(v: dict) -> dict | None:
    if not isinstance(v, dict):
        return None
    if v.get("mean") is not None:
        return _mean_atom(v)
    if v.get("median") is not None:
        return {"kind": "median", "median": v["median"], "q1": v.get("iqr_low"), "q3": v.get("iqr_high")}
    if v.get("events") is not None:
        return {"kind": "events", "events": v["events"], "total": v.get("total"), "percent": v.get("pct")}
    if v.get("pct") is not None:
        return {"kind": "percent", "percent": v["pct"]}
    return None


def _effect_atom(effect: object) -> dict | None:
    if isinstance(effect, dict) and effect.get("value") is not None:
        return {"kind": "effect", "measure": effect.get("measure"), "value": effect["value"],
                "ci_lower": effect.get("ci_low"), "ci_upper": effect.get("ci_high")}
    return None


def _role_of_gold_arm(arm: dict) -> str | None:
    role = (arm.get("role") or "").lower()
    return "control" if ("control" in role or "placebo" in role) else "active"


def result_atoms(gold: dict) -> list[dict]:
    """Gold results with their target (arm name / pooled / cohort / between / any), outcome and timepoint.

    Understands the scoped convention (``scope``, ``values`` keyed by arm name, ``cohort``, ``comparison``,
    ``timepoint``) and the older one (``intervention``/``control`` dicts, ``arm`` with ``baseline``/
    ``followup`` strings, ``events_any_arm``). ``tp`` is the timepoint in weeks (0 = baseline) and
    ``tp_checked`` says whether the gold states one (older golds mostly do not: then it is not checked).
    """
    arms = gold.get("arms") or []
    by_name = {a.get("name"): a for a in arms}
    by_role: dict[str, list[str]] = {}
    for a in arms:
        by_role.setdefault(_role_of_gold_arm(a), []).append(a.get("name"))
    atoms: list[dict] = []

    def add(atom: dict | None, stat: dict, target: str, arm: str | None, tp: float | None, tp_checked: bool,
            inferred: bool = False) -> None:
        if atom is None:
            return
        role = _role_of_gold_arm(by_name[arm]) if arm in by_name else None
        atom.update(target=target, arm=arm, role=role, outcome=_outcome_id(stat.get("outcome")),
                    label=stat.get("outcome"), tp=tp, tp_checked=tp_checked, tp_inferred=inferred)
        key = json.dumps({k: atom.get(k) for k in ("kind", "events", "total", "percent", "mean", "sd", "median", "value",
                                                   "target", "arm", "outcome", "tp")}, sort_keys=True)
        # One value restated in two gold records (a shared baseline) is one result.
        if all(a["_key"] != key for a in atoms):
            atom["_key"] = key
            atoms.append(atom)

    for s in gold.get("statistics", []):
        scope = s.get("scope")
        inferred = bool(s.get("timepoint_inferred"))
        if scope is not None:
            tp = timepoint_weeks(s.get("timepoint"))
            if scope == "arm":
                for name, v in (s.get("values") or {}).items():
                    target, arm = ("pooled", None) if name == "pooled" else ("arm", name)
                    if isinstance(v, dict) and ("baseline" in v or "followup" in v):
                        btp = timepoint_weeks(s.get("baseline_timepoint") or "baseline")
                        add(_value_atom(v.get("baseline")), s, target, arm, btp, True)
                        add(_value_atom(v.get("followup")), s, target, arm, tp, True, inferred)
                    else:
                        add(_value_atom(v), s, target, arm, tp, True, inferred)
            elif scope == "cohort":
                v = s.get("cohort")
                if isinstance(v, dict) and ("baseline" in v or "followup" in v):
                    # A whole-sample before -> after pair: two results, as an arm's pair is.
                    btp = timepoint_weeks(s.get("baseline_timepoint") or "baseline")
                    add(_value_atom(v.get("baseline")), s, "cohort", None, btp, True)
                    add(_value_atom(v.get("followup")), s, "cohort", None, tp, True, inferred)
                else:
                    add(_value_atom(v), s, "cohort", None, tp, True, inferred)
                    # A covariate's ratio is written as the cohort value itself (conventions rule 14:
                    # ``cohort = {measure, value, ci_low, ci_high}``): a result like any other effect.
                    if isinstance(v, dict) and v.get("measure"):
                        add(_effect_atom(v), s, "cohort", None, tp, True, inferred)
                add(_effect_atom(s.get("effect")), s, "cohort", None, tp, True, inferred)
            else:
                add(_effect_atom(s.get("effect")), s, "between", None, tp, True, inferred)
            continue
        # Older golds: no scope; a timepoint only where the outcome text names one.
        tp = timepoint_weeks(s.get("outcome"))
        tp_checked = tp is not None and tp > 0
        unknown = "arm" in s and (s["arm"] is None or "not stated" in str(s["arm"]))
        for role_key, role in (("intervention", "active"), ("control", "control")):
            names = by_role.get(role, [])
            if isinstance(s.get(role_key), dict):
                arm = s["arm"] if s.get("arm") in by_name else (names[0] if len(names) == 1 else None)
                target = "any" if unknown or arm is None else "arm"
                add(_value_atom(s[role_key]), s, target, arm, tp, tp_checked)
        if isinstance(s.get("events_any_arm"), dict):
            add(_value_atom(s["events_any_arm"]), s, "any", None, tp, tp_checked)
        for key, when in (("baseline", 0.0), ("followup", tp)):
            text = s.get(key)
            if not isinstance(text, str):
                continue
            ms, med = _mean_sd(text), _median(text)
            atom = {"kind": "mean_sd", "mean": ms[0], "sd": ms[1]} if ms else (
                {k: v for k, v in med.items()} if med else None)
            arm = _gold_arm_named(s.get("arm"), by_name, by_role)
            add(atom, s, "arm" if arm else "any", arm, when, key == "baseline" or tp_checked)
        if isinstance(s.get("value"), str):
            arm = _gold_arm_named(s.get("arm"), by_name, by_role)
            for pct in re.findall(r"(\d+(?:\.\d+)?)\s*%(?!\s*(?:CI|confidence)\b)", s["value"], re.I):
                add({"kind": "percent", "percent": float(pct)}, s, "arm" if arm else "any", arm, tp, tp_checked)
        add(_effect_atom(s.get("effect")), s, "between", None, tp, tp_checked)
    for a in atoms:
        a.pop("_key", None)
    return atoms


def _gold_arm_named(text: str | None, by_name: dict, by_role: dict[str, list[str]]) -> str | None:
    """The gold arm an older gold's free ``arm`` text names: exactly, else the one arm of its role."""
    if not text or "not stated" in text:
        return None
    if text in by_name:
        return text
    names = by_role.get(_role_class(role_of(text, False)) or "", [])
    return names[0] if len(names) == 1 else None


def _tokens(text: str | None) -> set[str]:
    low = (text or "").lower()
    # "group A" / "arm B": the letter is the name (not the article "a", a stop word).
    letters = {f"group_{m}" for m in re.findall(r"\b(?:group|arm|cohort)\s+([a-z]|[0-9]+)\b", low)}
    return {w for w in re.findall(r"[a-z0-9]+(?:\+)?", low) if w not in _ARM_STOP} | letters


def _unhyphenated(text: str | None) -> str:
    return re.sub(r"(?<=[A-Za-z0-9])-(?=[A-Za-z0-9])", "", text or "")


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def map_arms(gold_arms: list[dict], arms: list[dict]) -> dict[str, str | None]:
    """Extracted arm label -> the gold arm name it stands for ("pooled" for a combined grouping), one to one.

    Similarity: name-token overlap (Jaccard, counted twice) plus overlap with the gold description; an
    extracted combined grouping (``members``) maps to "pooled".
    """
    out: dict[str, str | None] = {}
    pairs = []
    for a in arms:
        label = a.get("label")
        if a.get("members"):
            out[label] = "pooled"
            continue
        out[label] = None
        at = _tokens(label) | _tokens(" ".join(a.get("aliases") or []))
        ad = at | _tokens(a.get("description"))
        at_joined = _tokens(_unhyphenated(label))
        for g in gold_arms:
            gt, gd = _tokens(g.get("name")), _tokens(g.get("description"))
            if not at or not (gt | gd):
                continue
            # "PB-MNC" and "PBMNC" name the same arm: the names also compare with their hyphens closed up.
            gt_joined = _tokens(_unhyphenated(g.get("name")))
            name = max(_jaccard(at, gt), _jaccard(at_joined, gt_joined))
            desc = len(ad & (gt | gd)) / len(ad | gt | gd)
            score = 2 * name + desc
            if score > 0:
                pairs.append((score, label, g.get("name")))
    taken: set[str] = set()
    for score, label, name in sorted(pairs, key=lambda p: -p[0]):
        if out.get(label) is None and name not in taken:
            out[label] = name
            taken.add(name)
    return out


def exported_results(out: dict) -> list[dict]:
    """The record's results (not p-values), each with its ``target`` (arm / cohort / between / unattributed)."""
    res = []
    for st in out.get("statistics", []):
        if st.get("kind") not in _RESULT_KINDS:
            continue
        target = st.get("target")
        if target is None:
            target = "arm" if st.get("arm") else ("between" if st["kind"] == "effect" else "cohort")
        elif target == "between_arms":
            target = "between"
        res.append({**st, "_target": target})
    return res


def _values_match(atom: dict, stat: dict) -> bool:
    kind = atom["kind"]
    if kind == "events":
        if stat["kind"] == "events":
            return stat.get("events") == atom["events"] and (atom["total"] is None or stat.get("total") == atom["total"])
        # "82.1%" restating "23/28": the value is there, written as a percentage.
        return stat["kind"] == "percent" and atom.get("percent") is not None and _close(atom["percent"], stat.get("percent"), 0.05)
    bare = {**atom, "role": None, "outcome": None}
    return matches(bare, stat)


def _arm_right(atom: dict, stat: dict, gold_arms: list[dict], arm_map: dict[str, str | None],
               arm_roles: dict[str, str | None]) -> bool:
    target = atom["target"]
    if target == "any":
        return stat["_target"] != "between" or atom["kind"] == "effect"
    mapped = arm_map.get(stat.get("arm"))
    if len(gold_arms) == 1 and {target, stat["_target"]} <= {"arm", "cohort"} and target != stat["_target"]:
        # A study of one arm: its cohort is that arm, and golds put the same value on either (older sets on the
        # arm, newer ones on the cohort); a value on the cohort, or on the arm that maps to the gold's arm, is
        # right for both.
        return stat["_target"] == "cohort" or mapped == gold_arms[0].get("name")
    if target in {"cohort", "between"}:
        return stat["_target"] in {"cohort", "between"}
    if stat["_target"] != "arm":
        return False
    if target == "pooled":
        return mapped == "pooled"
    classes = [_role_of_gold_arm(g) for g in gold_arms]
    if len(set(classes)) == len(classes) and atom.get("role"):
        # Arms with distinct role classes (two-arm trials, single arm): the arm is right by role.
        role = _role_class(stat.get("arm_role") or arm_roles.get(stat.get("arm")))
        if role is not None:
            return role == atom["role"]
    return mapped == atom["arm"]


def _timepoint_right(atom: dict, stat: dict) -> bool:
    if not atom["tp_checked"]:
        return True
    got = 0.0 if stat.get("measure") == "baseline" else timepoint_weeks(stat.get("timepoint"))
    if atom["tp"] is None:
        return got is None
    return _same_time(atom["tp"], got) or (atom["tp_inferred"] and got is None)


def double_counts(out: dict) -> list[tuple[str, str]]:
    """Pairs of exported facts where a percentage restates a count (same arm, outcome, timepoint, measure):
    pooling would add them. Returns the two evidence texts of each pair."""
    sizes = {a.get("label"): a.get("n_patients") for a in out.get("arms", [])}
    facts = [s for s in exported_results(out) if s["_target"] == "arm" and s["kind"] in {"events", "percent"}]
    found = []
    for i, a in enumerate(facts):
        for b in facts[i + 1:]:
            if (a.get("arm"), a.get("outcome"), a.get("timepoint"), a.get("measure")) != (
                    b.get("arm"), b.get("outcome"), b.get("timepoint"), b.get("measure")):
                continue
            if a.get("group_id") is not None and a.get("group_id") == b.get("group_id"):
                continue

            def pct(f: dict) -> float | None:
                if f.get("percent") is not None:
                    return f["percent"]
                denom = f.get("total") or sizes.get(f.get("arm"))
                return 100.0 * f["events"] / denom if f.get("events") is not None and denom else None
            pa, pb = pct(a), pct(b)
            same = (pa is not None and pb is not None and abs(pa - pb) <= 0.6) or (
                a.get("events") is not None and a.get("events") == b.get("events") and a.get("total") == b.get("total"))
            if same:
                found.append((a["evidence"]["text"], b["evidence"]["text"]))
    return found


def arm_mapping(gold: dict, out: dict) -> "Mapping":
    """(gold arms, our arm label -> gold arm name, our arm label -> role) for scoring one record's results."""
    gold_arms = gold.get("arms") or []
    known = {a.get("label") for a in out.get("arms", [])}
    # A statistic may name a group the arm list lacks ("the reference group"): map that name too.
    loose = [{"label": st["arm"]} for st in out.get("statistics", []) if st.get("arm") and st["arm"] not in known]
    arm_map = map_arms(gold_arms, [*out.get("arms", []), *{a["label"]: a for a in loose}.values()])
    return gold_arms, arm_map, {a.get("label"): a.get("role") for a in out.get("arms", [])}


Mapping = tuple[list[dict], dict[str, str | None], dict[str, str | None]]


def result_right(atom: dict, st: dict, mapping: Mapping, with_time: bool = False) -> bool:
    """Whether an exported result states a gold result: its values, on the right arm (or target) and outcome,
    and (``with_time``) at the right timepoint."""
    gold_arms, arm_map, arm_roles = mapping
    return (_values_match(atom, st) and _arm_right(atom, st, gold_arms, arm_map, arm_roles)
            and (not atom["outcome"] or st.get("outcome") == atom["outcome"])
            and (not with_time or _timepoint_right(atom, st)))


def greedy_match(atoms: list[dict], claimed: list[dict], fits) -> dict[int, int]:
    """One-to-one: each gold result in turn takes the first exported result that ``fits`` and is not yet taken
    (gold index -> exported index)."""
    matches: dict[int, int] = {}
    used: set[int] = set()
    for ai, atom in enumerate(atoms):
        hit = next((i for i, st in enumerate(claimed) if i not in used and fits(atom, st)), None)
        if hit is not None:
            matches[ai] = hit
            used.add(hit)
    return matches


def score_results(records: list[dict], extracted: list[dict], scores: dict[str, Score]) -> None:
    """Add the results measures (see above) for records already extracted."""
    for key in ("results_arm_outcome", "results_timepoint", "double_counted"):
        scores.setdefault(key, Score())
    abstained = scores.setdefault("unattributed", Score())
    for rec, out in zip(records, extracted):
        gold, rid = rec["gold"], rec.get("id") or rec.get("pmid") or "?"
        mapping = arm_mapping(gold, out)
        stats = exported_results(out)
        claimed = [s for s in stats if s["_target"] != "unattributed"]
        abstained.extracted += len(stats) - len(claimed)
        atoms = result_atoms(gold)
        for name, with_time in (("results_arm_outcome", False), ("results_timepoint", True)):
            s = scores[name]
            s.gold += len(atoms)
            s.extracted += len(claimed)
            matches = greedy_match(atoms, claimed, lambda a, st: result_right(a, st, mapping, with_time))
            used = set(matches.values())
            s.matched += len(matches)
            for ai, atom in enumerate(atoms):
                if ai not in matches:
                    near = next((st for st in claimed if _values_match(atom, st)), None)
                    why = "not found" if near is None else (
                        f"found as {near['_target']}:{near.get('arm')} outcome={near.get('outcome')} "
                        f"tp={near.get('timepoint')}")
                    s.misses.append(f"{rid}: {atom['kind']} {atom['target']}:{atom['arm']} {atom['label']!r} "
                                    f"tp={atom['tp']} -- {why}")
            for i, st in enumerate(claimed):
                if i not in used:
                    s.misses.append(f"{rid}: wrong/extra {st['_target']}:{st.get('arm')} {st['kind']} "
                                    f"{st['evidence']['text']!r} outcome={st.get('outcome')} tp={st.get('timepoint')}")
        pairs = double_counts(out)
        scores["double_counted"].extracted += len(pairs)
        scores["double_counted"].misses.extend(f"{rid}: {a!r} + {b!r}" for a, b in pairs)
