"""Assemble one study's evidence record from a processed doc (plus its title)."""
from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from stemfoot.extract import bare_counts
from stemfoot.extract import design as design_rules
from stemfoot.extract import vocabulary
from stemfoot.extract.provenance import sentence_bounds, text_of, EXTRACTOR_VERSION
from stemfoot.extract.stages import run_stages
from stemfoot.extract.outcomes import measured

_EN_STOP = {"the", "of", "and", "in", "to", "with", "was", "were", "a", "for", "patients", "is", "by", "that",
            "or", "on", "at", "as", "from", "this", "group", "study", "after", "than", "be", "are", "treatment"}
_MAX_BRACKET_DEPTH = 6
#: Generic or component codes that give way to a specific product in the same study.
_GENERIC_CELLS = {"MSC", "CD34+", "CD133+", "EPC"}


def precheck(abstract: str) -> list[str]:
    """Flags for input the pipeline should not try to read (empty, not English, number soup)."""
    text = abstract.strip()
    if not text:
        return ["empty_abstract"]
    digits = sum(map(str.isdigit, text))
    letters = sum(map(str.isalpha, text))
    if digits > 0.5 * max(letters, 1) and digits > 40:
        return ["mostly_numbers"]
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) >= 8 and sum(w in _EN_STOP for w in words) / len(words) < 0.04:
        return ["not_english"]
    if _bracket_depth(text) > _MAX_BRACKET_DEPTH:
        # scispaCy's abbreviation matcher is quadratic in unclosed brackets.
        return ["odd_brackets"]
    return []


def _bracket_depth(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        if ch in "([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]" and depth:
            depth -= 1
    return deepest


def empty_record(flags: list[str], title: str | None = None) -> dict:
    """The record of a study nothing could be extracted from (flags say why)."""
    record = {
        "design": {"value": "other", "evidence": None, "confidence": 0.0},
        "n_patients": None, "n_limbs": None, "n_ulcers": None,
        "arms": [], "cell_types": [], "facets": {}, "outcomes": [], "statistics": [], "pico": [],
        "flags": list(flags), "errors": [], "extractor_version": EXTRACTOR_VERSION,
    }
    _title_design(record, title)
    return record


def _title_design(record: dict, title: str | None) -> None:
    """Titles often carry the design ("a double-blind, randomized, controlled trial").

    The title decides when it says "randomized", or when the abstract gave no cue.
    """
    if not title or record["design"]["value"] == "rct":
        return
    value, cue, confidence = design_rules.classify(title)
    if cue is not None and (value == "rct" or record["design"]["evidence"] is None):
        record["design"] = {
            "value": value,
            "confidence": confidence,
            "evidence": {
                "start": cue[0], "end": cue[1], "text": title[cue[0]:cue[1]],
                "sentence_start": 0, "sentence_end": len(title), "component": "stemfoot_design",
                "version": EXTRACTOR_VERSION, "confidence": confidence, "source": "title",
            },
        }


def _derived_total(arms: list[dict], key: str, evidence_key: str) -> tuple[int, dict] | None:
    counted = [a for a in arms if a.get(key)]
    if len(counted) < 2 or len(counted) != len(arms):
        return None
    evs = [a[evidence_key] for a in counted if a.get(evidence_key)]
    if not evs:
        return None
    first = min(evs, key=lambda e: e["start"])
    last = max(evs, key=lambda e: e["end"])
    ev = {**first, "end": last["end"], "text": None, "confidence": 0.7}
    return sum(a[key] for a in counted), ev


def _cell_types(arms: list[dict], facets: dict) -> list[str]:
    from_arms = [a["cell_type"] for a in arms if a.get("cell_type")]
    if from_arms:
        return list(dict.fromkeys(from_arms))
    counts = Counter(m["value"] for m in facets.get("cell_type", []))
    codes = [code for code, _ in counts.most_common()]
    specific = [c for c in codes if c not in _GENERIC_CELLS]
    return specific or codes


def _arm_routes(arm: dict, facets: dict, n_cell_arms: int) -> list[str]:
    routes = facets.get("route", [])
    desc = arm.get("description") or ""
    own = [r["value"] for r in routes if r["evidence"]["text"].lower() in desc.lower()]
    if own:
        return list(dict.fromkeys(own))
    if arm.get("cell_type") or (arm["role"] in {"intervention", "single"} and n_cell_arms <= 1):
        return list(dict.fromkeys(r["value"] for r in routes))
    return []


def build_record(doc: Doc, title: str | None = None, flags: list[str] | None = None) -> dict:
    """The evidence record of one abstract: values with provenance, flags, errors."""
    record = empty_record(list(flags or []))
    record["design"] = doc._.design or record["design"]
    _title_design(record, title)
    sizes = doc._.sample_size or {}
    arms = [dict(a) for a in (doc._.arms or [])]
    stated = sizes.get("patients")
    derived = _derived_total(arms, "n_patients", "n_evidence")
    if derived and (stated is None or derived[0] > stated["value"]):
        # "28 patients (17 BM, 11 PB) ... and 22 controls": the arms outnumber the
        # first count, which was a subgroup.
        ev = {**derived[1], "text": text_of(doc)[derived[1]["start"]:derived[1]["end"]]}
        record["n_patients"] = {"value": derived[0], "evidence": ev, "derived": "sum of arms"}
        if stated is not None:
            record["flags"].append("n_patients_from_arms")
    elif stated is not None:
        record["n_patients"] = {**stated, "derived": None}
    stated_limbs = sizes.get("limbs")
    derived_limbs = _derived_total(arms, "n_limbs", "n_evidence")
    if derived_limbs and (stated_limbs is None or derived_limbs[0] > stated_limbs["value"]):
        # "(BMAC group, 31 patients, 34 limbs) ... (control group, 26 patients, 27 limbs)".
        ev = {**derived_limbs[1], "text": text_of(doc)[derived_limbs[1]["start"]:derived_limbs[1]["end"]]}
        record["n_limbs"] = {"value": derived_limbs[0], "evidence": ev, "derived": "sum of arms"}
    elif stated_limbs:
        record["n_limbs"] = {**stated_limbs, "derived": None}
    if sizes.get("ulcers"):
        record["n_ulcers"] = {**sizes["ulcers"], "derived": None}
    facets = doc._.cell_therapy or {}
    weak = record["design"]["value"] == "single_arm" or (
        record["design"]["value"] == "other" and record["design"]["evidence"] is None)
    if weak and len(arms) >= 2:
        # "divided into a combined group (n=32) and a PTA group (n=32)": two arms
        # compared, with no word of randomisation.
        record["design"] = {"value": "non_randomized_controlled", "confidence": 0.6,
                            "evidence": {**arms[1]["evidence"], "confidence": 0.6}}
    if record["design"]["value"] == "single_arm" and all(a["role"] != "control" for a in arms) and len(arms) <= 1:
        if not arms:
            codes = _cell_types([], facets)
            first = next(iter(facets.get("cell_type", [])), None)
            arms.append({"label": codes[0] if codes else "treated patients", "role": "single",
                         "cell_type": codes[0] if codes else None, "n_patients": None, "n_limbs": None,
                         "description": first["evidence"]["text"] if first else None,
                         "evidence": first["evidence"] if first else record["design"]["evidence"],
                         "n_evidence": None})
        arm = arms[0]
        arm["role"] = "single"
        if arm["n_patients"] is None and record["n_patients"]:
            arm["n_patients"] = record["n_patients"]["value"]
            arm["n_evidence"] = record["n_patients"]["evidence"]
        if arm["n_limbs"] is None and record["n_limbs"]:
            arm["n_limbs"] = record["n_limbs"]["value"]
    n_cell_arms = sum(1 for a in arms if a.get("cell_type"))
    single_code = _cell_types([], facets)
    for arm in arms:
        if arm["cell_type"] is None and arm["role"] in {"intervention", "single"} and len(single_code) == 1 and n_cell_arms == 0:
            arm["cell_type"] = single_code[0]
        arm["routes"] = _arm_routes(arm, facets, n_cell_arms)
    record["arms"] = arms
    record["cell_types"] = _cell_types(arms, facets)
    record["facets"] = facets
    seen: set[str] = set()
    for m in doc._.outcome_mentions or []:
        if m["outcome"] not in seen:
            seen.add(m["outcome"])
            record["outcomes"].append({k: v for k, v in m.items() if k not in ("population", "context")})
    # A number the arm stage reads as an arm's size is that fact, not also an event count the learned bare-count
    # stage guessed ("Control treatment was also performed in 26 patients": the control arm's 26).
    sized = {(a["n_evidence"]["start"], a["n_evidence"]["end"]) for a in arms if a.get("n_evidence")}
    record["statistics"] = [s for s in doc._.statistics or [] if not (
        bare_counts.FLAG in s["flags"] and (s["evidence"]["start"], s["evidence"]["end"]) in sized)]
    roles = {a["label"]: a["role"] for a in arms}
    for stat in record["statistics"]:
        if stat["arm"] in roles:
            stat["arm_role"] = roles[stat["arm"]]
    if len(arms) == 1 and arms[0]["role"] == "single":
        # One arm: every per-group number belongs to it.
        for stat in record["statistics"]:
            # Not a value of an "x vs y" pair whose other arm went undetected.
            if stat["arm"] is None and stat["kind"] not in {"p_value", "effect"} and "arm_not_found" not in stat["flags"]:
                stat["arm"], stat["arm_role"] = arms[0]["label"], "single"
    # Stages 2-4 (arm inventory, outcome and arm attribution, consistency) over the rules' output.
    run_stages(text_of(doc), record, measured(doc._.outcome_mentions or []), sentences=sentence_bounds(doc),
               sections=[(x["label_start"], x["end"], x["category"]) for x in (doc._.sections or [])])
    record["errors"] = list(doc._.extract_errors or [])
    known = vocabulary.outcomes().by_id
    for stat in record["statistics"]:
        if stat["outcome"] is not None and stat["outcome"] not in known:
            stat["flags"].append("unknown_outcome")
        if any(f in {"leading_zero", "percent_mismatch", "p_out_of_range", "percent_out_of_range"} for f in stat["flags"]):
            if "check_source" not in record["flags"]:
                record["flags"].append("check_source")
    return record
