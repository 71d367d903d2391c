"""Risk of bias through the corpus: store machine suggestions, record reviewer judgements, read the effective
assessment per study (reviewer's call, else the suggestion) with the overall by the RoB 2 / ROBINS-I algorithm.

Suggestions come from :func:`stemfoot.review.rob.assess` on the study's full
text when the corpus holds one, else on title + abstract. The tool follows the
study's effective design value (RCT -> RoB 2, other designs -> ROBINS-I),
else the design the text signals. A reviewer's judgement is never replaced by
a later suggestion: if the suggestion changes, the domain is flagged.
"""
from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Sequence

import sqlite_utils

from stemfoot.corpus import appraisal as store
from stemfoot.corpus import curation
from stemfoot.corpus.csv_safety import SafeWriter, restore_row
from stemfoot.corpus.db import transaction
from stemfoot.review import rob
from stemfoot.review.decisions import CurationError, now, study_id_for
from stemfoot.review.interactive import read_key

TOOLS = {"RoB 2": (rob.ROB2_DOMAINS, rob.ROB2_JUDGEMENTS), "ROBINS-I": (rob.ROBINS_DOMAINS, rob.ROBINS_JUDGEMENTS)}
SHEET_COLUMNS = ("study", "label", "tool", "domain", "domain_name", "machine_judgement", "machine_reasons",
                 "evidence", "current_judgement", "decision", "judgement", "reason")


def assessor_version() -> str:
    """'rob-' + a hash of the rule module and the pattern file: a new version whenever the rules change."""
    h = hashlib.sha1()
    h.update(Path(rob.__file__).read_bytes())
    h.update(resources.files("stemfoot.schemas").joinpath("rob_patterns.json").read_bytes())
    return "rob-" + h.hexdigest()[:10]


def _designs(db: sqlite_utils.Database) -> dict[int, str]:
    """Study id -> 'randomised' / 'non_randomised' from the effective design values (empty before extraction)."""
    from stemfoot.review.decisions import effective_values

    if not curation.has_machine_values(db.conn):
        return {}
    out = {}
    for v in effective_values(db, drop_excluded_studies=False):
        if v["field"] == "design" and v["value"] in ("rct", "non_randomized_controlled", "single_arm"):
            out[v["study_id"]] = "randomised" if v["value"] == "rct" else "non_randomised"
    return out


@dataclass
class SuggestSummary:
    assessed: list[tuple[str, str, str, str]] = field(default_factory=list)  # public id, tool, overall, text source
    stored: int = 0  # domain rows appended
    unchanged: int = 0  # domain rows equal to the stored suggestion
    no_text: list[str] = field(default_factory=list)


def suggest(db: sqlite_utils.Database, ids: Sequence[str] = ()) -> SuggestSummary:
    """Assess every study not excluded at screening (or only ``ids``) and append the changed suggestions."""
    from stemfoot.review.screening_store import excluded_reasons

    excluded = excluded_reasons(db)
    wanted = {study_id_for(db.conn, p) for p in ids}
    designs = _designs(db)
    version = assessor_version()
    current = {(r["study_id"], r["domain"]): r for r in store.current_rob_suggestions(db.conn)}
    summary = SuggestSummary()
    rows: list[dict[str, Any]] = []
    stamp = now()
    for st in store.study_texts(db.conn):
        if (wanted and st["id"] not in wanted) or (not wanted and st["id"] in excluded):
            continue
        source = "fulltext" if st["fulltext"] else "abstract"
        text = st["fulltext"] or "\n\n".join(x for x in (st["title"], st["abstract"]) if x)
        if not text.strip():
            summary.no_text.append(st["public_id"])
            continue
        a = rob.assess(text, st["public_id"], designs.get(st["id"]))
        summary.assessed.append((st["public_id"], a.tool, a.overall, source))
        for d in a.domains:
            row = {"study_id": st["id"], "tool": a.tool, "domain": d.domain, "judgement": d.judgement,
                   "reasons": json.dumps(list(d.reasons), ensure_ascii=False),
                   "evidence": json.dumps([s.to_dict() for s in d.evidence], ensure_ascii=False),
                   "text_source": source, "assessor_version": version, "recorded_at": stamp}
            old = current.get((st["id"], d.domain))
            if old and all(old[k] == row[k] for k in ("tool", "judgement", "reasons", "evidence", "text_source")):
                summary.unchanged += 1
                continue
            rows.append(row)
    with transaction(db) as conn:
        store.insert_rob_suggestions(conn, rows)
    summary.stored = len(rows)
    return summary


@dataclass
class DomainState:
    domain: str
    name: str
    machine: str | None  # the current suggestion
    judgement: str  # effective: reviewer's, else machine
    origin: str  # 'machine', 'confirmed' or 'overridden'
    reasons: list[str]  # the machine's signalling reasons
    evidence: list[dict]
    reason: str | None = None  # the reviewer's reason
    reviewer: str | None = None
    stale: bool = False  # the suggestion changed since the reviewer judged it


@dataclass
class StudyRob:
    study_id: int
    public_id: str
    label: str
    tool: str
    domains: list[DomainState]
    overall: str
    overall_reason: str
    text_source: str

    def judgements(self) -> dict[str, str]:
        return {d.domain: d.judgement for d in self.domains}


def assessments(db: sqlite_utils.Database, ids: Sequence[str] = ()) -> list[StudyRob]:
    """The effective assessment of every study with a stored suggestion (in label order)."""
    from stemfoot.review.study_table import study_labels

    labels = study_labels(db)
    wanted = {study_id_for(db.conn, p) for p in ids}
    events = {(e["study_id"], e["tool"], e["domain"]): e for e in store.current_rob_events(db.conn)}
    by_study: dict[int, list[dict]] = {}
    for s in store.current_rob_suggestions(db.conn):
        by_study.setdefault(s["study_id"], []).append(s)
    out = []
    for sid, rows in by_study.items():
        if wanted and sid not in wanted:
            continue
        tool = rows[0]["tool"]
        names, _ = TOOLS[tool]
        states = []
        for r in sorted(rows, key=lambda r: r["domain"]):
            e = events.get((sid, tool, r["domain"]))
            st = DomainState(r["domain"], names.get(r["domain"], r["domain"]), r["judgement"], r["judgement"],
                             "machine", json.loads(r["reasons"]), json.loads(r["evidence"]))
            if e is not None:
                st.judgement, st.reason, st.reviewer = e["judgement"], e["reason"], e["reviewer"]
                st.origin = "confirmed" if e["decision"] == "confirm" else "overridden"
                st.stale = e["machine_judgement"] != r["judgement"]
            states.append(st)
        djs = [rob.DomainJudgement(d.domain, d.name, d.judgement, ()) for d in states]
        overall, why = rob.overall_rob2(djs) if tool == "RoB 2" else rob.overall_robins(djs)
        label, public, _ = labels[sid]
        out.append(StudyRob(sid, public, label, tool, states, overall, why, rows[0]["text_source"]))
    return sorted(out, key=lambda a: (a.label, a.study_id))


def judge(db: sqlite_utils.Database, public_id: str, domain: str, decision: str, *, reviewer: str,
          judgement: str | None = None, reason: str | None = None, source: str = "library") -> int:
    """Record a reviewer's confirmation of the suggestion, or an override (judgement + reason)."""
    sid = study_id_for(db.conn, public_id)
    current = next((a for a in assessments(db, [public_id])), None)
    if current is None:
        raise CurationError(f"{public_id}: no risk-of-bias suggestion yet; run `rob` first")
    dom = next((d for d in current.domains if d.domain == domain), None)
    if dom is None:
        raise CurationError(f"{public_id}: no domain {domain!r} in {current.tool} ({', '.join(d.domain for d in current.domains)})")
    _, scale = TOOLS[current.tool]
    reason = (reason or "").strip() or None
    if decision == "confirm":
        if dom.machine is None:
            raise CurationError(f"{public_id} {domain}: no suggestion to confirm")
        judgement = dom.machine
    elif decision == "override":
        if judgement not in scale:
            raise CurationError(f"{public_id} {domain}: {judgement!r} is not a {current.tool} judgement ({', '.join(scale)})")
        if not reason:
            raise CurationError(f"{public_id} {domain}: an override needs a reason")
    else:
        raise CurationError(f"decision must be confirm or override, not {decision!r}")
    with transaction(db) as conn:
        return store.insert_rob_event(conn, {
            "study_id": sid, "tool": current.tool, "domain": domain, "decision": decision, "judgement": judgement,
            "machine_judgement": dom.machine, "reason": reason, "reviewer": reviewer, "recorded_at": now(),
            "source": source})


# --- sheet round trip -------------------------------------------------------------------------------------------

def _evidence_text(d: DomainState) -> str:
    return " | ".join(f"{e['text']} [{e['start']}-{e['end']}]" for e in d.evidence)


def export_sheet(db: sqlite_utils.Database, path: str | Path, ids: Sequence[str] = (), overwrite: bool = False) -> int:
    """One row per study and domain; the reviewer fills decision (confirm/override), judgement and reason."""
    from stemfoot.corpus.safe_io import atomic_open

    path = Path(path)
    if path.exists() and not overwrite:
        raise CurationError(f"{path}: exists; pass --force to overwrite it")
    rows = [[a.public_id, a.label, a.tool, d.domain, d.name, d.machine, " | ".join(d.reasons), _evidence_text(d),
             d.judgement if d.origin != "machine" else "", "", "", ""]
            for a in assessments(db, ids) for d in a.domains]
    with atomic_open(path, "w", newline="") as fh:
        w = SafeWriter(fh, lineterminator="\n")
        w.writerow(SHEET_COLUMNS)
        w.writerows(rows)
    return len(rows)


@dataclass
class SheetSummary:
    confirmed: int = 0
    overridden: int = 0
    blank: int = 0

    def line(self) -> str:
        return f"{self.confirmed} confirmed, {self.overridden} overridden, {self.blank} left as they were"


def import_sheet(db: sqlite_utils.Database, path: str | Path, reviewer: str, dry_run: bool = False) -> SheetSummary:
    """Apply a filled RoB sheet: all rows are checked first; any bad row -> one-line error, nothing stored."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            table = [restore_row(r) for r in csv.reader(fh)]
    except OSError as exc:
        raise CurationError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except (csv.Error, UnicodeDecodeError) as exc:
        raise CurationError(f"{path}: not a readable CSV sheet ({exc})") from exc
    if not table or [c.strip() for c in table[0]][:len(SHEET_COLUMNS)] != list(SHEET_COLUMNS):
        raise CurationError(f"{path}: not a risk-of-bias sheet (expected columns {', '.join(SHEET_COLUMNS)})")
    current = {(a.public_id, d.domain): (a, d) for a in assessments(db) for d in a.domains}
    todo = []
    summary = SheetSummary()
    for line, raw in enumerate(table[1:], start=2):
        row = dict(zip(SHEET_COLUMNS, (c.strip() for c in raw + [""] * len(SHEET_COLUMNS))))
        where = f"{path}: line {line} ({row['study']} {row['domain']})"
        decision = row["decision"].lower()
        if not decision:
            summary.blank += 1
            continue
        if (row["study"], row["domain"]) not in current:
            raise CurationError(f"{where}: no such study and domain with a suggestion")
        a, d = current[(row["study"], row["domain"])]
        if row["machine_judgement"] != (d.machine or ""):
            raise CurationError(f"{where}: the suggestion changed since export ({row['machine_judgement']} -> "
                                f"{d.machine}); export again")
        if decision not in ("confirm", "override"):
            raise CurationError(f"{where}: decision must be confirm or override, not {row['decision']!r}")
        scale = TOOLS[a.tool][1]
        if decision == "override":
            if row["judgement"] not in scale:
                raise CurationError(f"{where}: judgement must be one of {', '.join(scale)}, not {row['judgement']!r}")
            if not row["reason"]:
                raise CurationError(f"{where}: an override needs a reason")
        todo.append((a, d, decision, row["judgement"] if decision == "override" else d.machine, row["reason"] or None))
    for _a, _d, decision, *_ in todo:
        if decision == "confirm":
            summary.confirmed += 1
        else:
            summary.overridden += 1
    if dry_run:
        return summary
    stamp = now()
    with transaction(db) as conn:
        for a, d, decision, judgement, reason in todo:
            store.insert_rob_event(conn, {
                "study_id": a.study_id, "tool": a.tool, "domain": d.domain, "decision": decision,
                "judgement": judgement, "machine_judgement": d.machine, "reason": reason, "reviewer": reviewer,
                "recorded_at": stamp, "source": f"sheet:{path.name}"})
    return summary


# --- interactive -------------------------------------------------------------------------------------------------

KEYS = "c confirm, l low, m some concerns/moderate, h high/serious, x critical, n no information, s skip, q quit"
_KEY_JUDGEMENT = {"RoB 2": {"l": "low", "m": "some_concerns", "h": "high", "n": "no_information"},
                  "ROBINS-I": {"l": "low", "m": "moderate", "h": "serious", "x": "critical", "n": "no_information"}}


@dataclass
class RobTally:
    shown: int = 0
    confirmed: int = 0
    overridden: int = 0
    skipped: int = 0

    def line(self) -> str:
        return f"{self.confirmed} confirmed, {self.overridden} overridden, {self.skipped} skipped"


def review_session(db: sqlite_utils.Database, reviewer: str, ids: Sequence[str] = (),
                   include_reviewed: bool = False) -> RobTally:
    """Walk through the domains: the suggestion, its reasons and evidence; one key confirms or overrides."""
    import click

    tally = RobTally()
    todo = [(a, d) for a in assessments(db, ids) for d in a.domains
            if include_reviewed or d.origin == "machine" or d.stale]
    if not todo:
        click.echo("nothing to review")
        return tally
    for i, (a, d) in enumerate(todo, start=1):
        click.echo(f"[{i}/{len(todo)}] {a.label} ({a.public_id})  {a.tool} {d.domain} {d.name}")
        click.echo(f"  suggestion: {d.machine}" + (f"  (current: {d.judgement}, {d.origin} by {d.reviewer})"
                                                    if d.origin != "machine" else ""))
        if d.stale:
            click.echo("  ! the suggestion changed since your judgement")
        for r in d.reasons:
            click.echo(f"  - {r}")
        for e in d.evidence:
            click.echo(f"  > {e['sentence'].strip()}")
        tally.shown += 1
        while True:
            key = read_key(KEYS)
            if key in ("q", ""):
                click.echo("quit")
                tally.shown -= 1
                return tally
            if key == "c":
                judge(db, a.public_id, d.domain, "confirm", reviewer=reviewer, source="interactive")
                click.echo(f"confirmed {d.machine}")
                tally.confirmed += 1
                break
            if key == "s":
                click.echo("skipped")
                tally.skipped += 1
                break
            judgement = _KEY_JUDGEMENT[a.tool].get(key)
            if judgement is None:
                click.echo(f"unknown key {key!r}")
                continue
            click.echo(judgement)
            reason = click.prompt("  reason").strip()
            if not reason:
                click.echo("an override needs a reason")
                continue
            judge(db, a.public_id, d.domain, "override", reviewer=reviewer, judgement=judgement, reason=reason,
                  source="interactive")
            click.echo(f"overridden: {judgement}")
            tally.overridden += 1
            break
    return tally
