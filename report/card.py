"""A reviewer's evidence card: one study's extracted values with their source sentences."""
from __future__ import annotations

import textwrap

import sqlite_utils

from stemfoot.corpus.curation import study_id
from stemfoot.corpus.errors import CorpusError
from stemfoot.report.export import study_records

_WIDTH = 88
_VALUE_FIELDS = ("events", "total", "percent", "mean", "sd", "median", "value", "ci_lower", "ci_upper", "p")


def _num(x: float | int | None) -> str:
    if x is None:
        return "?"
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def describe(stat: dict) -> str:
    """'events 14/18 (77.8%)', 'mean 0.44 ± 0.11', 'p < 0.001' ..."""
    kind = stat["kind"]
    if kind == "events":
        text = f"events {_num(stat['events'])}" + (f"/{_num(stat['total'])}" if stat["total"] is not None else "")
        if stat["percent"] is not None:
            text += f" ({_num(stat['percent'])}%)"
    elif kind == "percent":
        text = f"{_num(stat['percent'])}%"
    elif kind == "mean_sd":
        text = f"mean {_num(stat['mean'])} ± {_num(stat['sd'])}"
    elif kind == "mean":
        text = f"mean {_num(stat['mean'])}"
    elif kind == "median":
        spread = (f"IQR {_num(stat['q1'])}–{_num(stat['q3'])}" if stat.get("q1") is not None
                  else f"range {_num(stat.get('range_low'))}–{_num(stat.get('range_high'))}")
        text = f"median {_num(stat['median'])} ({spread})"
    elif kind == "effect":
        text = f"{stat.get('effect_measure') or 'estimate'} {_num(stat['value'])} (95% CI {_num(stat['ci_lower'])} to {_num(stat['ci_upper'])})"
    else:
        return f"p {stat['p_operator']} {_num(stat['p'])}"
    if stat["p"] is not None:
        text += f", p {stat['p_operator']} {_num(stat['p'])}"
    return text


def _quote(ev: dict | None) -> list[str]:
    """The source sentence with the value marked »like this«."""
    if not ev:
        return ["      (no source span)"]
    where = _provenance(ev)
    if where:
        return ["      " + line for line in textwrap.wrap(where, _WIDTH - 6)] + _quote({**ev, "source": None,
                                                                                          "table_label": None})
    sentence = ev.get("sentence")
    if not sentence:
        return [f"      “{ev['text']}” [{ev.get('source', 'abstract')} {ev['start']}–{ev['end']}]"]
    text = ev["text"] or ""
    i = sentence.find(text) if text else -1
    marked = sentence if i < 0 else f"{sentence[:i]}»{text}«{sentence[i + len(text):]}"
    lines = textwrap.wrap(f"“{marked}”", _WIDTH - 6)
    lines[-1] += f"  [{ev['start']}–{ev['end']}]"
    return ["      " + line for line in lines]


def _provenance(ev: dict) -> str | None:
    """Table cell or full-text section of a value (None for the abstract)."""
    if ev.get("table_label") or ev.get("source") == "table":
        parts = [ev.get("table_label") or "table"]
        parts += [f"{k}: {ev[f'{k}_header']}" for k in ("row", "column") if ev.get(f"{k}_header")]
        return " · ".join(parts)
    if ev.get("source") == "full_text":
        return f"full text, {ev.get('section') or 'body'}"
    return None


def _beside(obj: dict, *fields: str) -> str:
    """' (events corrected, machine 7; timepoint moved, machine -)' for values a reviewer changed; else ''."""
    machine, origins = obj.get("machine") or {}, obj.get("origins") or {}
    notes = []
    for f in fields:
        if f not in machine:
            continue
        shown = machine[f]
        shown = ("-" if shown in (None, []) else ", ".join(shown) if isinstance(shown, list)
                 else _num(shown) if isinstance(shown, (int, float)) else shown)
        notes.append(f"{f} {origins.get(f) or 'moved'}, machine {shown}")
    return f" ({'; '.join(notes)})" if notes else ""


def _machine_view(st: dict) -> dict:
    """The statistic with the machine's values (a p bound such as '<0.001' split into operator and number)."""
    view = {**st, **(st.get("machine") or {})}
    if isinstance(view.get("p"), str):
        op = view["p"][:2] if view["p"][:2] in ("<=", ">=") else view["p"][0]
        view["p"], view["p_operator"] = float(view["p"][len(op):]), op
    elif view.get("p") is not None and view.get("p_operator") is None:
        view["p_operator"] = "="
    return view


def _trial(record: dict) -> list[str]:
    """The trial a report belongs to, with its reports as children (nothing for a trial of one report)."""
    trial = record.get("trial") or {}
    reports = trial.get("reports") or []
    if len(reports) < 2:
        return [f"Registrations: {', '.join(record['registrations'])}"] if record.get("registrations") else []
    regs = f"; registrations: {', '.join(trial['registrations'])}" if trial.get("registrations") else ""
    out = [f"Trial: {trial['label']} ({len(reports)} reports{regs})"]
    for r in reports:
        tags = [t for t, on in (("primary", r["primary"]), ("this report", r["this"])) if on]
        out.append(f"  - {r['pmid']} ({r['year'] or 'n.d.'})" + (f" [{', '.join(tags)}]" if tags else ""))
    return out


def render(record: dict) -> str:
    """The card as plain text (no colour, so it pipes and diffs cleanly): values after review, machine's beside."""
    def val(x: object) -> str:
        return "-" if x in (None, [], "") else ", ".join(x) if isinstance(x, list) else str(x)

    out = textwrap.wrap(f"{record['pmid']}  {record['title'] or '(no title)'} ({val(record['year'])})", _WIDTH)
    out.append("=" * min(_WIDTH, max(len(line) for line in out)))
    if record.get("excluded"):
        out.append(f"Excluded at screening: {record['excluded']}")
    out += _trial(record)
    out.append(f"Design: {val(record['design'])}{_beside(record, 'design')}")
    if record.get("design_evidence"):
        out += _quote(record["design_evidence"])
    out.append(f"Patients: {val(record['n_patients'])}{_beside(record, 'n_patients')}   "
               f"Limbs: {val(record['n_limbs'])}{_beside(record, 'n_limbs')}   "
               f"Ulcers: {val(record['n_ulcers'])}{_beside(record, 'n_ulcers')}")
    out.append(f"Cell types: {val(record['cell_types'])}{_beside(record, 'cell_types')}   "
               f"Source: {val(record.get('source'))}   Routes: {val(record.get('routes'))}{_beside(record, 'routes')}")
    out.append(f"Mobilisation: {val(record.get('mobilisation'))}   Co-interventions: {val(record.get('co_interventions'))}")
    out.append(f"Arms ({len(record['arms'])}):")
    for i, arm in enumerate(record["arms"], 1):
        size = f"n={val(arm['n_patients'])}" + (f", {arm['n_limbs']} limbs" if arm["n_limbs"] is not None else "")
        added = " (added by a reviewer)" if arm.get("origin") == "added" else ""
        out.append(f"  {i}. {arm['label']} [{val(arm['role'])}] {size}{_beside(arm, 'role', 'n_patients', 'n_limbs')}; "
                   f"cells: {val(arm['cell_type'])}; route: {val(arm['route'])}{added}")
        if arm.get("description") and arm["description"] != arm["label"]:
            out += ["       " + line for line in textwrap.wrap(arm["description"], _WIDTH - 7)]
    out.append(f"Statistics ({len(record['statistics'])}):")
    for i, st in enumerate(record["statistics"], 1):
        where = " · ".join(x for x in (st["outcome"] or "outcome?", st["arm"], st["timepoint"]) if x)
        flags = f"  ! {', '.join(st['flags'])}" if st.get("flags") else ""
        confidence = f"  (confidence {st['confidence']:.2f})" if st.get("confidence") is not None else ""
        if st.get("rejected"):
            with_ = f" with {st['rejected_with']}" if st.get("rejected_with") else ""
            text = f"rejected{with_} (machine: {describe(_machine_view(st))})"
        else:
            text = describe(st) + _beside(st, "arm", "outcome", "timepoint", *_VALUE_FIELDS)
        if st.get("origin") == "added":
            text += " (added by a reviewer)"
        if st.get("held") and not st.get("arm"):
            held = st["held"]
            text += f" (withheld for review: read as {held.get('arm') or held.get('target')})"
        out.append(f"  {i:>2}. {where}: {text}{confidence}{flags}")
        out += _quote(st["evidence"]) if st.get("evidence") or st.get("origin") != "added" else []
    pico = record.get("pico") or {}
    if any(pico.values()):
        out.append("PICO:")
        for letter, key in (("P", "participants"), ("I", "interventions"), ("C", "comparators"), ("O", "outcomes")):
            if pico.get(key):
                phrases = " | ".join(item["text"] for item in pico[key])
                out += textwrap.wrap(phrases, _WIDTH, initial_indent=f"  {letter}: ", subsequent_indent="     ")
    if record.get("flags") or record.get("errors"):
        out.append(f"Flags: {val(record.get('flags'))}   Errors: {val(record.get('errors'))}")
    return "\n".join(out)


def evidence_card(db: sqlite_utils.Database, study: str) -> str:
    """The card of one study by PMID or local id."""
    records = list(study_records(db, [study]))
    if not records:
        found = study_id(db.conn, study) is not None
        raise CorpusError(f"{study}: not extracted yet; run `extract`" if found else f"{study}: no such study")
    return render(records[0])
