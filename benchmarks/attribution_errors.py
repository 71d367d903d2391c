"""Error classes of results attribution over one or more gold files (issue 11 error analysis).

Precision errors (exported results that match no gold result on the right arm and outcome):
``wrong_arm``, ``wrong_outcome``, ``cohort_on_arm`` (a whole-cohort value put on an arm),
``between_on_arm`` (a between-arm value put on an arm), ``arm_as_cohort`` (an arm's value exported as
the cohort's), ``background`` (a number of a background/objective sentence or cited work),
``not_a_result`` (a value no gold result states: baseline characteristics, doses, ...),
``duplicate`` (a gold value already matched by another exported result). Finer splits:
``not_a_result:baseline`` (a baseline characteristic the gold does not list) vs ``not_a_result:other``;
``wrong_arm:spurious_arm`` (the value's arm stands for no gold arm: "matched cohort"),
``wrong_arm:inventory`` (the record's arm inventory is wrong: arms missing or extra, roles wrong) vs
``wrong_arm:inventory_right``; ``wrong_outcome:own_words`` (the outcome came from the value's own words or
unit) vs ``wrong_outcome:topic`` (the sentence's topic).
Timepoint errors (right arm and outcome, wrong time) are counted apart.

Recall misses (gold results not matched): ``never_read`` by the gold value's form (the grammar has
no candidate with that value in the text), ``read_dropped`` (the grammar reads it, the record does
not keep it), ``unattributed`` (kept but left for review; ``unattributed_by:`` splits it by who withheld it: the
export gate or the one-fact rule, with the placement withheld right or wrong, or the placement stages),
``read_wrong`` (exported with a wrong arm, outcome or target: also a precision error).

Arm inventories (``inventory:<kind>``, `train_arm_model.inventory_failure`) are counted per record.
``--gate off`` scores the placement before the export gate; ``--per-file`` prints one table per gold file.

    python benchmarks/attribution_errors.py tests/data/blind3_dev.jsonl tests/data/blind4_dev.jsonl [--list CLASS]
"""
from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.extract.candidates import find_candidates, section_spans  # noqa: E402
from stemfoot.extract.run import extract_records  # noqa: E402
from stemfoot.tools import evaluate as ev  # noqa: E402
from stemfoot.tools.train_arm_model import inventory_failure  # noqa: E402

_CITED = re.compile(r"\b(?:previous(?:ly)?|prior|earlier|reported|literature|expected|et al|has been shown|studies have)\b",
                    re.I)


def _section(sections: list[tuple[int, int, str]], pos: int) -> str | None:
    return next((cat for s, e, cat in sections if s <= pos < e), None)


def _grammar_reads(text: str, atom: dict) -> bool:
    """Some grammar candidate of the text states the atom's value."""
    for c in find_candidates(text):
        if c.kind in {"count", "number"}:
            continue
        stat = {"kind": c.kind, "percent": None, "events": None, "total": None, **c.values}
        if ev._values_match(atom, {**stat, "_target": "arm"}):
            return True
    return False


def _held_right(atom: dict, st: dict, mapping: ev.Mapping) -> bool:
    """The placement a stage withheld (``gate["held"]``) would have matched the gold result."""
    held = (st.get("gate") or {}).get("held")
    if not held:
        return False
    # The withheld placement is scored as the record would have exported it: through `ev.exported_results`, so
    # its target names ("between_arms" -> "between", a missing target inferred from arm and kind) follow the
    # evaluator's one rule rather than a copy of it; ``.get`` because a stage may hold no arm or role.
    placed = ev.exported_results({"statistics": [{**st, "target": held.get("target"), "arm": held.get("arm"),
                                                  "arm_role": held.get("arm_role")}]})
    return bool(placed) and ev.result_right(atom, placed[0], mapping)


def _withheld_by(atom: dict, st: dict, mapping: ev.Mapping) -> str:
    """Who left a gold result's value unattributed: the export gate or the one-fact rule withholding a placement
    that was right (``gate_right``, ``same_fact_right``) or wrong (``gate_wrong``, ``same_fact_wrong``), or the
    placement stages, which never exported it (``placement``)."""
    flags = st.get("flags") or []
    who = "same_fact" if "same_fact_withheld" in flags else "gate" if "export_gate" in flags else None
    if who is None or not (st.get("gate") or {}).get("held"):
        return "placement"
    return f"{who}_{'right' if _held_right(atom, st, mapping) else 'wrong'}"


def classify(records: list[dict], extracted: list[dict]) -> tuple[collections.Counter, collections.Counter, dict]:
    prec: collections.Counter = collections.Counter()
    rec: collections.Counter = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    for r, out in zip(records, extracted):
        gold, rid, text = r["gold"], r.get("id") or r.get("pmid") or "?", r["abstract"]
        sections = section_spans(text)
        mapping = ev.arm_mapping(gold, out)
        gold_arms, arm_map, arm_roles = mapping
        inv = inventory_failure(gold.get("arms") or [], out.get("arms", []))
        rec[f"inventory:{inv or 'right'}"] += 1
        if inv:
            examples[f"inventory:{inv}"].append(
                f"{rid}: gold {[g.get('name') for g in gold.get('arms') or []]} got "
                f"{[(a.get('label'), a.get('role')) for a in out.get('arms', []) if not a.get('members')]}")
        stats = ev.exported_results(out)
        claimed = [s for s in stats if s["_target"] != "unattributed"]
        unattr = [s for s in stats if s["_target"] == "unattributed"]
        atoms = ev.result_atoms(gold)

        def ok(atom: dict, st: dict) -> bool:
            return ev.result_right(atom, st, mapping)
        matches = ev.greedy_match(atoms, claimed, ok)
        used, hit_atoms = set(matches.values()), set(matches)
        for ai, hit in matches.items():
            if not ev._timepoint_right(atoms[ai], claimed[hit]):
                prec["(right arm+outcome, wrong timepoint)"] += 1
                examples["(right arm+outcome, wrong timepoint)"].append(
                    f"{rid}: {claimed[hit]['evidence']['text']!r} tp={claimed[hit].get('timepoint')} gold={atoms[ai]['tp']}")
        for i, st in enumerate(claimed):
            if i in used:
                continue
            same = [a for a in atoms if ev._values_match(a, st)]
            sec = _section(sections, st["evidence"]["start"])
            sent = text[st["evidence"].get("sentence_start", 0):st["evidence"].get("sentence_end", 0)]
            flags = set(st.get("flags") or [])
            if not same:
                if sec in {"background", "objective"} or _CITED.search(sent):
                    cls = "background"
                elif "baseline_characteristic" in flags or "baseline_cohort" in flags:
                    cls = "not_a_result:baseline"
                else:
                    cls = "not_a_result:other"
            elif all(ai in hit_atoms for ai, a in enumerate(atoms) if ev._values_match(a, st)) and any(
                    ok(a, st) for a in same):
                cls = "duplicate"
            elif st["_target"] == "arm" and any(a["target"] == "cohort" for a in same):
                cls = "cohort_on_arm"
            elif st["_target"] == "arm" and any(a["target"] == "between" for a in same):
                cls = "between_on_arm"
            elif st["_target"] != "arm" and any(a["target"] in {"arm", "pooled"} for a in same):
                cls = "arm_as_cohort"
            elif any(ev._arm_right(a, st, gold_arms, arm_map, arm_roles) for a in same):
                own = flags & {"outcome_own_words", "outcome_from_unit", "outcome_unit_mismatch", "baseline_characteristic"}
                cls = "wrong_outcome:own_words" if own else "wrong_outcome:topic"
            elif st.get("arm") and gold_arms and not arm_map.get(st["arm"]):
                cls = "wrong_arm:spurious_arm"
            else:
                cls = "wrong_arm:inventory" if inv else "wrong_arm:inventory_right"
            prec[cls] += 1
            examples[cls].append(f"{rid}: {st['_target']}:{st.get('arm')} {st['kind']} {st['evidence']['text']!r} "
                                 f"outcome={st.get('outcome')} flags={st.get('flags')} | {sent[:160]!r}")
        for ai, atom in enumerate(atoms):
            if ai in hit_atoms:
                continue
            if any(ev._values_match(atom, st) for st in claimed):
                cls = "read_wrong"
            elif any(ev._values_match(atom, st) for st in unattr):
                cls = "unattributed"
                same = [st for st in unattr if ev._values_match(atom, st)]
                st = next((st for st in same if _held_right(atom, st, mapping)), same[0])
                a = st.get("attribution") or {}
                n_arms = len([x for x in out.get("arms", []) if not x.get("members")])
                why = ("one_arm" if n_arms <= 1 else "no_rule_arm" if a.get("rule_arm") is None
                       else "rule_model_disagree" if a.get("rule_arm") != a.get("model_arm") else "other")
                by = f"unattributed_by:{_withheld_by(atom, st, mapping)}"
                rec[f"unattributed:{why}"] += 1
                rec[by] += 1
                ev_sent = text[st["evidence"].get("sentence_start", 0):st["evidence"].get("sentence_end", 0)]
                line = (f"{rid}: gold {atom['target']}:{atom['arm']} got {st['kind']} {st['evidence']['text']!r} {a} "
                        f"flags={st.get('flags')} | {ev_sent[:200]!r}")
                # Both splits list the example, so `--list unattributed_by:gate_right` shows what it counts.
                examples[f"unattributed:{why}"].append(line)
                examples[by].append(line)
            elif any(ev._values_match(atom, {**st, "_target": "arm"}) for st in out.get("statistics", [])):
                cls = "read_dropped"
            elif _grammar_reads(text, atom):
                cls = "read_dropped"
            else:
                cls = f"never_read:{atom['kind']}"
            rec[cls] += 1
            vals = {k: atom.get(k) for k in ("events", "total", "percent", "mean", "sd", "median", "value")
                    if atom.get(k) is not None}
            examples[cls].append(f"{rid}: {atom['kind']} {atom['target']}:{atom['arm']} {vals} "
                                 f"{atom['label']!r} tp={atom['tp']}")
    return prec, rec, examples


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="+")
    ap.add_argument("--list", action="append", default=[], help="print the examples of these classes")
    ap.add_argument("--gate", choices=["on", "off"], default="on", help="off: placement before the export gate")
    ap.add_argument("--per-file", action="store_true", help="one column per gold file")
    args = ap.parse_args(argv)
    import contextlib

    from stemfoot.extract import export_gate
    ctx = export_gate.disabled() if args.gate == "off" else contextlib.nullcontext()
    per: dict[str, tuple] = {}
    with ctx:
        for path in args.gold:
            records = ev.load_gold(path)
            extracted = list(extract_records(((r.get("title"), r["abstract"]) for r in records), pico=False))
            per[Path(path).stem] = classify(records, extracted)
    prec: collections.Counter = collections.Counter()
    rec: collections.Counter = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    for p, r, e in per.values():
        prec.update(p)
        rec.update(r)
        for k, v in e.items():
            examples[k].extend(v)
    if args.per_file:
        names = list(per)
        print(f"{'class':40s} " + " ".join(f"{n.replace('_dev', ''):>8s}" for n in names) + f" {'all':>6s}")
        for title, idx, total in (("precision", 0, prec), ("recall / inventory", 1, rec)):
            print(f"-- {title}")
            for k, v in sorted(total.items()):
                print(f"  {k:38s} " + " ".join(f"{per[n][idx].get(k, 0):>8d}" for n in names) + f" {v:>6d}")
    print("precision errors (exported, not right on arm+outcome):")
    for k, v in prec.most_common():
        print(f"  {k:40s} {v}")
    print("recall misses (gold results not matched):")
    for k, v in rec.most_common():
        print(f"  {k:40s} {v}")
    for cls in args.list:
        print(f"\n== {cls}")
        for line in examples.get(cls, []):
            print("  " + line)


if __name__ == "__main__":
    main()
