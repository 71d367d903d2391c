"""Per-study evidence as reviewers left it: what `show`, `export` and the report display, and the pool uses.

:func:`study_records` gives one record per extracted study in the export
format (``schemas/study.schema.json``): every value is the effective one
(correction > acceptance > machine; rejected values are null; moved
statistics sit under their new arm, outcome and timepoint; values and arms a
reviewer added are included), with beside it

- ``origins``: field -> 'machine', 'accepted', 'corrected', 'added' or 'rejected';
- ``machine``: field -> the machine's value, for each field whose value differs
  (including arm/outcome/timepoint of a moved statistic);
- ``trial``: the trial the report belongs to, its reports (children) and
  registration ids.

Arm sizes come from the same effective values the study table pools
(``arm.n_patients`` by arm label, added sizes included), so a report built
from these records shows the sizes that were pooled.
"""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, Iterator

import sqlite_utils

from stemfoot.corpus import evidence
from stemfoot.corpus.curation import excluded_studies
from stemfoot.corpus.errors import CorpusError
from stemfoot.review.decisions import Item, effective_value, load_items
from stemfoot.review.values import same_value
from stemfoot.schemas import STATISTIC_VALUES

STAT_KEYS = ("outcome", "outcome_label", "arm", "arm_role", "timepoint", "kind", "measure", "events", "total",
             "percent", "mean", "sd", "median", "q1", "q3", "range_low", "range_high", "value", "ci_lower",
             "ci_upper", "effect_measure", "p", "p_operator")
#: Keys of the ``pico`` object; spans are stored with field ``pico:<key>``.
PICO_KEYS = ("participants", "interventions", "comparators", "outcomes")
STUDY_FIELDS = ("design", "n_patients", "n_limbs", "n_ulcers")
ARM_FIELDS = ("role", "n_patients", "n_limbs")
_INT_FIELDS = {"n_patients", "n_limbs", "n_ulcers", "events", "total"}
_ORIGIN_RANK = ("corrected", "added", "accepted", "machine")


def _evidence(span: dict | None) -> dict | None:
    if span is None:
        return None
    out = {"start": span["start"], "end": span["end"], "text": span["text"], "source": span["source"],
           "sentence": span["sentence"]}
    # Full-text provenance (migration 5): the section, or the table cell's label and headers.
    out.update({k: span[k] for k in ("section", "table_label", "row_header", "column_header") if span.get(k)})
    return out


def _pico(spans: dict[str, dict]) -> dict[str, list[dict]]:
    """The PICO phrases by facet, in text order (every facet present, possibly empty)."""
    pico: dict[str, list[dict]] = {key: [] for key in PICO_KEYS}
    for span in sorted(spans.values(), key=lambda s: (s["start"], s["end"])):
        if span["field"].startswith("pico:"):
            pico[span["field"][5:]].append({"text": span["text"], "start": span["start"], "end": span["end"]})
    return pico


def machine_record(db: sqlite_utils.Database, row: dict) -> dict:
    """The export record of one extraction as the machine produced it (arm and statistic ids kept as ``id``)."""
    key = row["pmid"] or row["local_id"] or str(row["study_id"])
    sid, version = row["study_id"], row["extractor_version"]
    spans = {s["id"]: s for s in evidence.rows_of(db, "spans", sid, version, "id")}  # a view: no rowid
    facets: dict[str, list[str]] = {}
    for f in evidence.rows_of(db, "facets", sid, version):
        facets.setdefault(f["facet"], [])
        if f["value"] not in facets[f["facet"]]:
            facets[f["facet"]].append(f["value"])
    stats = []
    for st in evidence.rows_of(db, "statistics", sid, version, "position"):
        detail = json.loads(st.get("detail") or "{}")
        held = (detail.get("gate") or {}).get("held")
        dropped_arm = detail.get("dropped_arm")
        stats.append({"id": st["id"], **{k: st[k] for k in STAT_KEYS},
                      "flags": json.loads(st["flags"] or "[]"), "confidence": st["confidence"],
                      **({"held": held} if held else {}),
                      **({"dropped_arm": dropped_arm} if dropped_arm else {}),
                      "evidence": _evidence(spans.get(st["span_id"]))})
    return {
        "pmid": key,
        "title": row["title"],
        "year": row["year"],
        "design": row["design"],
        "design_evidence": _evidence(spans.get(row["design_span_id"])),
        "n_patients": row["n_patients"],
        "n_limbs": row["n_limbs"],
        "n_ulcers": row["n_ulcers"],
        "arms": [{"id": a["id"], **{k: a[k] for k in ("label", "role", "n_patients", "n_limbs", "cell_type", "route",
                                                      "description")}}
                 for a in evidence.rows_of(db, "arms", sid, version, "position")],
        "cell_types": json.loads(row["cell_types"] or "[]"),
        "source": facets.get("source", []),
        "routes": facets.get("route", []),
        "mobilisation": facets.get("mobilisation", []),
        "co_interventions": facets.get("co_intervention", []),
        "doses": facets.get("dose", []),
        "outcomes": [{"outcome": o["outcome"], "label": o["label"]} for o in evidence.rows_of(db, "outcomes", sid, version)],
        "statistics": stats,
        "pico": _pico(spans),
        "flags": json.loads(row["flags"] or "[]"),
        "errors": json.loads(row["errors"] or "[]"),
        "extractor_version": version,
    }


def _typed(field: str, value: str | None) -> Any:
    """A stored value as the record holds it: int counts, float numbers, text otherwise."""
    if value is None:
        return None
    name = field.split(".")[-1]
    try:
        if name in _INT_FIELDS:
            return int(float(value))
        if name == "role" or field in ("design", "cell_type", "route"):
            return value
        return float(value)
    except ValueError:
        return value  # a bound such as '<0.001'


def _differs(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is not b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) != float(b)
    return str(a) != str(b)


class Values:
    """The reviewable values of one study, by value id and by statistic."""

    def __init__(self, items: list[Item], only_verified: bool) -> None:
        self.only_verified = only_verified
        self.by_id = {i.value_id: i for i in items}
        self.by_stat: dict[str, dict[str, Item]] = defaultdict(dict)
        self.loose: list[Item] = []  # added statistic values of no machine statistic
        self.arm_items: list[Item] = []
        for i in items:
            if i.field.startswith("statistic."):
                if i.statistic_id:
                    self.by_stat[i.statistic_id][i.field.split(".", 1)[1]] = i
                else:
                    self.loose.append(i)
            elif i.field.startswith("arm."):
                self.arm_items.append(i)

    def effective(self, item: Item | None) -> tuple[Any, str] | None:
        """(typed value, origin), ('rejected' origin with value None), or None when there is no value."""
        if item is None:
            return None
        chosen = effective_value(item, self.only_verified)
        if chosen is None:
            return (None, "rejected") if item.decision == "reject" else None
        return _typed(item.field, chosen[0]), chosen[1]


def _overlay(target: dict, field: str, machine: Any, chosen: tuple[Any, str] | None) -> None:
    """Set ``target[field]`` to the effective value, noting its origin and, when it differs, the machine's."""
    value, origin = chosen if chosen is not None else (None, None)
    if chosen is None and machine is not None:
        origin = "unverified"  # only_verified: the machine's value, not shown
    target[field] = value
    if origin:
        target.setdefault("origins", {})[field] = origin
    if _differs(value, machine):
        target.setdefault("machine", {})[field] = machine


def _p_fields(value: Any) -> tuple[float | None, str | None]:
    if value is None:
        return None, None
    if isinstance(value, str):  # a bound kept as text, e.g. '<0.001'
        op = value[:2] if value[:2] in ("<=", ">=") else value[0]
        return float(value[len(op):]), op
    return float(value), "="


def _statistic(st: dict, values: Values, roles: dict[str, str | None]) -> dict:
    out = dict(st)
    items = values.by_stat.get(st["id"], {})
    for name in STATISTIC_VALUES:
        machine = st[name]
        if name == "p" and machine is not None and st["p_operator"] not in (None, "="):
            machine = f"{st['p_operator']}{machine:g}"
        _overlay(out, name, machine, values.effective(items.get(name)))
    if isinstance(out["p"], str) or (out["p"] is not None and "p" in out.get("machine", {})):
        out["p"], out["p_operator"] = _p_fields(out["p"])
    elif out["p"] is None:
        out["p_operator"] = None
    any_item = next(iter(items.values()), None)
    if any_item is not None and any_item.moved:
        for name in ("arm", "outcome", "timepoint"):
            out[name] = getattr(any_item, name)
            if _differs(out[name], st[name]):
                out.setdefault("machine", {})[name] = st[name]
        out["arm_role"] = roles.get(out["arm"]) if out["arm"] else None
    elif out["arm"] in roles:
        out["arm_role"] = roles[out["arm"]]
    origins = set((out.get("origins") or {}).values())
    out["origin"] = next((o for o in _ORIGIN_RANK if o in origins), "rejected" if "rejected" in origins else "machine")
    if out["origin"] == "machine" and any_item is not None and any_item.moved:
        out["origin"] = "moved"
    if origins and origins <= {"rejected", "unverified"}:
        out["rejected"] = "rejected" in origins
        causes = {i.cause for i in items.values() if i.cause}
        if causes:
            out["rejected_with"] = sorted(causes)[0]
    return out


def added_statistics(values: Values, roles: dict[str, str | None]) -> list[dict]:
    """Statistics a reviewer added (values of no machine statistic), grouped like the study table groups them."""
    groups: dict[tuple, dict] = {}
    for item in values.loose:
        chosen = values.effective(item)
        if chosen is None or chosen[0] is None:
            continue
        key = (item.outcome, item.arm, item.timepoint, item.kind)
        st = groups.get(key)
        if st is None:
            st = groups[key] = {
                "id": item.value_id, "outcome": item.outcome, "outcome_label": None, "arm": item.arm,
                "arm_role": roles.get(item.arm) if item.arm else None, "timepoint": item.timepoint,
                "kind": item.kind, "measure": None, **dict.fromkeys(STATISTIC_VALUES), "q1": None, "q3": None,
                "range_low": None, "range_high": None, "effect_measure": None, "p_operator": None,
                "flags": [], "evidence": None, "origin": "added",
            }
        name = item.field.split(".", 1)[1]
        st[name] = chosen[0]
        st.setdefault("origins", {})[name] = chosen[1]
        if name == "p":
            st["p"], st["p_operator"] = _p_fields(chosen[0])
    for st in groups.values():
        if st["kind"] not in ("events", "percent", "mean_sd", "mean", "median", "effect", "p_value"):
            st["kind"] = next((k for k, f in (("events", "events"), ("mean_sd", "sd"), ("mean", "mean"),
                                              ("percent", "percent"), ("median", "median"), ("effect", "value"),
                                              ("p_value", "p")) if st[f] is not None), "p_value")
    return list(groups.values())


def _arms(record: dict, values: Values) -> tuple[list[dict], dict[str, str | None]]:
    """Arms with effective role and sizes (by arm label, as the pool reads them), added arms appended."""
    machine_by_label: dict[str, dict] = {}
    arms: list[dict] = []
    for arm in record["arms"]:
        arms.append({k: v for k, v in arm.items() if k != "id"})
        machine_by_label.setdefault(arm["label"], arm)
    chosen: dict[str, dict[str, tuple[Any, str] | None]] = defaultdict(dict)
    for item in values.arm_items:
        eff = values.effective(item)
        if item.arm and eff is not None and eff[1] != "rejected":
            chosen[item.arm][item.field.split(".", 1)[1]] = eff
    for item in values.arm_items:  # a rejected machine value: its arm shows it rejected
        if item.decision == "reject" and item.original_arm:
            chosen[item.original_arm].setdefault(item.field.split(".", 1)[1], (None, "rejected"))
    for label in chosen:
        if label not in machine_by_label:
            arms.append({"label": label, "role": None, "n_patients": None, "n_limbs": None, "cell_type": None,
                         "route": None, "description": None, "origin": "added"})
    for arm in arms:
        machine = machine_by_label.get(arm["label"], {})
        for name in ARM_FIELDS:
            eff = chosen.get(arm["label"], {}).get(name)
            if eff is None and machine.get(name) is not None and not values.only_verified:
                # The machine value was moved to another arm (or belongs to a duplicate label): not this arm's.
                moved = any(i.original_arm == arm["label"] and i.moved and i.field == f"arm.{name}"
                            for i in values.arm_items)
                eff = (None, "moved") if moved else None
            _overlay(arm, name, machine.get(name), eff)
    return arms, {arm["label"]: arm["role"] for arm in arms}


def effective_record(record: dict, items: list[Item], only_verified: bool = False) -> dict:
    """The machine record of one study with its reviewed values (see the module docstring)."""
    values = Values(items, only_verified)
    pub = record["pmid"]
    out = dict(record)
    for name in STUDY_FIELDS:
        _overlay(out, name, record[name], values.effective(values.by_id.get(f"{pub}:{name}")))
    for name, key in (("cell_type", "cell_types"), ("route", "routes")):
        kept = []
        for item in items:
            if item.field == name:
                eff = values.effective(item)
                if eff is not None and eff[0] is not None and eff[0] not in kept:
                    kept.append(eff[0])
        machine = record[key]
        if any(i.field == name for i in items) or not machine:
            out[key] = kept
            if sorted(kept) != sorted(machine):
                out.setdefault("machine", {})[key] = machine
    out["arms"], roles = _arms(record, values)
    out["statistics"] = [_statistic(st, values, roles) for st in record["statistics"]]
    out["statistics"] += added_statistics(values, roles)
    return out


def _trial_info(trial, studies_by_id: dict[int, dict], study_id: int) -> dict:
    return {
        "label": trial.label,
        "registrations": trial.registrations,
        "reports": [{"pmid": pmid, "year": year, "title": studies_by_id.get(sid, {}).get("title"),
                     "primary": i == 0, "this": sid == study_id}
                    for i, (sid, pmid, year) in enumerate(zip(trial.reports, trial.pmids, trial.years))],
    }


def study_records(db: sqlite_utils.Database, ids: list[str] | None = None, *, effective: bool = True,
                  only_verified: bool = False) -> Iterator[dict]:
    """One record per extracted study (newest extraction), reviewed values applied unless ``effective`` is False.

    Each record also has the study's label ('Huang 2005', as tables and plots
    name it), its trial (``trial``), its registration ids and, for an excluded
    study, the screening reason (``excluded``).
    """
    from stemfoot.corpus import trials as trial_store
    from stemfoot.review.trials import trials

    if "current_extractions" not in db.view_names():
        raise CorpusError("database has no extraction tables; run `extract` first")
    rows = [row for row in evidence.current_extractions(db)
            if not ids or (row["pmid"] or row["local_id"] or str(row["study_id"])) in ids]
    if not rows:
        return
    by_study: dict[int, list[Item]] = defaultdict(list)
    if effective:
        wanted = {row["study_id"] for row in rows}
        try:
            all_items = load_items(db.conn)
        except CorpusError:  # nothing extracted or curated yet
            all_items = []
        for item in all_items:
            if item.study_id in wanted:
                by_study[item.study_id].append(item)
    from stemfoot.review.study_table import study_labels

    labels = study_labels(db)
    trial_of = trials(db, labels)
    titles = {sid: {"title": title} for sid, _pub, _year, _authors, title in trial_store.study_reports(db.conn)}
    regs: dict[int, list[str]] = defaultdict(list)
    for sid, _registry, reg_id, _source in trial_store.registrations(db.conn):
        if reg_id not in regs[sid]:
            regs[sid].append(reg_id)
    excluded = {row["study_id"]: row["reason"] for row in excluded_studies(db)}
    for row in rows:
        record = machine_record(db, row)
        if effective:
            record = effective_record(record, by_study[row["study_id"]], only_verified)
        for arm in record["arms"]:
            arm.pop("id", None)
        record["label"] = labels[row["study_id"]][0]
        record["registrations"] = regs[row["study_id"]]
        record["trial"] = _trial_info(trial_of[row["study_id"]], titles, row["study_id"])
        record["excluded"] = excluded.get(row["study_id"])
        yield record
