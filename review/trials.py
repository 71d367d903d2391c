"""Trials with several reports: which reports form one trial, and a reviewer's links and unlinks.

Two reports belong to one trial when they share a registration id (NCT,
ChiCTR, ISRCTN, EudraCT, CTRI; from the abstract or PubMed's DataBankList) or
a reviewer linked them; a reviewer's unlink of a pair overrides both. Trials
are the connected groups of reports. The primary report is the earliest
(then the lowest row id); the trial is labelled after it, e.g.
"Dubsky 2013 (+2014)".
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlite_utils

from stemfoot.corpus import trials as store
from stemfoot.corpus.db import transaction
from stemfoot.review.decisions import CurationError, now, study_id_for


@dataclass
class Trial:
    """One trial: its reports (study ids, primary first), label and registration ids."""

    reports: list[int]
    label: str
    pmids: list[str]
    years: list[int | None]
    registrations: list[str] = field(default_factory=list)
    linked_by: dict[tuple[int, int], str] = field(default_factory=dict)  # pair -> 'registration id X' | 'reviewer'

    @property
    def id(self) -> int:
        return self.reports[0]

    @property
    def primary_pmid(self) -> str:
        return self.pmids[0]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def trial_label(primary_label: str, other_years: list[int | None]) -> str:
    """'Dubsky 2013' + [2014] -> 'Dubsky 2013 (+2014)'; a report without a year counts as 'n.d.'."""
    if not other_years:
        return primary_label
    return f"{primary_label} (+{', '.join(str(y) if y else 'n.d.' for y in other_years)})"


def _edges(db: sqlite_utils.Database) -> dict[tuple[int, int], str]:
    """Pairs of reports of one trial (lower study id first), with why; unlinked pairs left out.

    Every pair of reports sharing a registration id is linked, unless the
    latest reviewer event on that pair is an unlink.
    """
    by_id: dict[str, list[int]] = defaultdict(list)
    for sid, _registry, reg_id, _source in store.registrations(db.conn):
        if sid not in by_id[reg_id]:
            by_id[reg_id].append(sid)
    edges: dict[tuple[int, int], str] = {}
    for reg_id, sids in sorted(by_id.items()):
        for i, a in enumerate(sids):
            for b in sids[i + 1:]:
                edges.setdefault((min(a, b), max(a, b)), f"registration {reg_id}")
    for a, b, action in store.link_states(db.conn):
        if action == "unlink":
            edges.pop((a, b), None)
        else:
            edges.setdefault((a, b), "reviewer")
    return edges


def trials(db: sqlite_utils.Database, labels: dict[int, tuple[str, str, int | None]] | None = None) -> dict[int, Trial]:
    """Study id -> its Trial (every study is in exactly one; a single report is a trial of one)."""
    from stemfoot.review.study_table import study_labels

    labels = labels if labels is not None else study_labels(db)
    edges = _edges(db)
    uf = _UnionFind()
    for sid in labels:
        uf.find(sid)
    for a, b in edges:
        if a in labels and b in labels:
            uf.union(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for sid in labels:
        groups[uf.find(sid)].append(sid)
    regs: dict[int, list[str]] = defaultdict(list)
    for sid, _registry, reg_id, _source in store.registrations(db.conn):
        if reg_id not in regs[sid]:
            regs[sid].append(reg_id)
    out: dict[int, Trial] = {}
    for members in groups.values():
        members.sort(key=lambda s: (labels[s][2] is None, labels[s][2] or 0, s))
        primary = members[0]
        trial = Trial(
            reports=members, label=trial_label(labels[primary][0], [labels[s][2] for s in members[1:]]),
            pmids=[labels[s][1] for s in members], years=[labels[s][2] for s in members],
            registrations=sorted({r for s in members for r in regs[s]}),
            linked_by={pair: why for pair, why in edges.items() if pair[0] in members},
        )
        for sid in members:
            out[sid] = trial
    return out


def trial_closure(db: sqlite_utils.Database, study_ids: list[int] | set[int]) -> set[int]:
    """``study_ids`` and every report linked to them (by registration id or a reviewer), transitively.

    A superset of their trials' reports (a link through a report analyses
    leave out is followed too), so a read of these studies groups trials as a
    read of the whole corpus does.
    """
    uf = _UnionFind()
    for a, b in _edges(db):
        uf.union(a, b)
    roots = {uf.find(s) for s in study_ids}
    return set(study_ids) | {s for s in list(uf.parent) if uf.find(s) in roots}


def link_reports(db: sqlite_utils.Database, public_ids: list[str], *, reviewer: str, source: str = "cli",
                 note: str | None = None) -> Trial:
    """Link the reports into one trial (all or none); returns the trial."""
    ids = list(dict.fromkeys(public_ids))
    if len(ids) < 2:
        raise CurationError("name at least two reports (PMIDs or local ids) to link into one trial")
    with transaction(db) as conn:
        sids = [study_id_for(conn, public_id) for public_id in ids]
        stamp = now()
        store.insert_link_events(conn, [
            {"study_id": min(sids[0], other), "other_study_id": max(sids[0], other), "action": "link",
             "note": note, "reviewer": reviewer, "recorded_at": stamp, "source": source} for other in sids[1:]])
    return trials(db)[sids[0]]


def unlink_reports(db: sqlite_utils.Database, public_ids: list[str], *, reviewer: str, source: str = "cli",
                   note: str | None = None) -> list[tuple[str, Trial]]:
    """Take each report out of its trial (unlinking it from every other report of it, shared ids too).

    Returns (public id, the trial it was in) per report; all or none.
    """
    ids = list(dict.fromkeys(public_ids))
    if not ids:
        raise CurationError("name the reports (PMIDs or local ids) to unlink")
    current = trials(db)
    with transaction(db) as conn:
        sids = [study_id_for(conn, public_id) for public_id in ids]
        events, before = [], []
        for public_id, sid in zip(ids, sids):
            trial = current[sid]
            if len(trial.reports) < 2:
                raise CurationError(f"{public_id} is not linked to another report")
            before.append((public_id, trial))
            stamp = now()
            events += [{"study_id": min(sid, other), "other_study_id": max(sid, other), "action": "unlink",
                        "note": note, "reviewer": reviewer, "recorded_at": stamp, "source": source}
                       for other in trial.reports if other != sid]
        store.insert_link_events(conn, events)
    return before
