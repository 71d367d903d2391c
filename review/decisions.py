"""Reviewer curation: decisions on machine values and studies, and the values analyses use.

Curation is stored as append-only events (`curation_events`, `screening_events`);
the current state is derived from them (`curation_state`, `screening_state`).
Machine values are read from the `machine_values` view, never written.
"""
from __future__ import annotations

import getpass
import os
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import sqlite_utils

from stemfoot.review.values import FIELD_TYPES, canonical, resolve_type, same_value
from stemfoot.corpus import aliases as aliases_store
from stemfoot.corpus import curation as store
from stemfoot.corpus.db import transaction
from stemfoot.corpus.errors import CorpusError

PENDING = "pending"
REVIEWED = "reviewed"
CHANGED = "machine value changed since review"
ORPHANED = "orphaned"
ADDED_PREFIX = "added:"
CONTEXT = ("statistic_id", "arm", "outcome", "timepoint", "kind")
_MACHINE_COLUMNS = (
    "value_id", "study_id", "pmid", "field", "machine_value", "value_type", "source_sentence",
    "start", "end", *CONTEXT, "extractor_version",
)


class CurationError(CorpusError):
    """A review action or sheet that cannot be applied."""


def default_reviewer() -> str:
    """$STEMFOOT_REVIEWER, else the OS user name."""
    return os.environ.get("STEMFOOT_REVIEWER") or getpass.getuser()


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Item:
    """One reviewable value: the machine's current output merged with its curation state."""

    value_id: str
    study_id: int
    pmid: str
    field: str
    value_type: str
    machine_value: str | None  # current machine output; None when orphaned or added
    source_sentence: str | None = None
    start: int | None = None
    end: int | None = None
    statistic_id: str | None = None
    arm: str | None = None
    outcome: str | None = None
    timepoint: str | None = None
    kind: str | None = None
    extractor_version: str | None = None
    decision: str | None = None  # accept | correct | reject | add, None when undecided
    value: str | None = None  # corrected or added value
    reviewed_machine_value: str | None = None  # what the reviewer saw when deciding
    note: str | None = None
    reviewer: str | None = None
    decided_at: str | None = None
    revision: int | None = None  # latest event id, to detect stale sheets
    in_machine: bool = True
    aliased_from: str | None = None  # the earlier id the decision was recorded under (value_aliases)
    match: dict | None = None  # an orphan's alias row: uncertain / lost / dismissed, with candidates

    @property
    def unresolved(self) -> bool:
        """A reviewed value that re-extraction did not find again with certainty (the reviewer must match it)."""
        return (not self.in_machine and not self.added and self.match is not None
                and self.match["status"] in ("uncertain", "lost"))

    @property
    def added(self) -> bool:
        return self.value_id.startswith(ADDED_PREFIX)

    @property
    def status(self) -> str:
        if self.added:
            return REVIEWED
        if not self.in_machine:
            return ORPHANED
        if self.decision is None:
            return PENDING
        if not same_value(self.reviewed_machine_value, self.machine_value, self.value_type, self.field):
            return CHANGED
        return REVIEWED

    @property
    def shown_machine_value(self) -> str | None:
        """The machine value to show: current, else (orphaned) the one last reviewed."""
        return self.machine_value if self.in_machine else self.reviewed_machine_value

    def context(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in CONTEXT}


def load_items(conn: sqlite3.Connection, pmids: list[str] | None = None, outcome: str | None = None) -> list[Item]:
    """Every machine value, curated orphan and added value, with its curation state.

    Read in one snapshot, so a re-extraction or import committing meanwhile
    cannot pair old machine values with new decisions.
    """
    with store.snapshot(conn):
        return _load_items(conn, pmids, outcome)


def _load_items(conn: sqlite3.Connection, pmids: list[str] | None, outcome: str | None) -> list[Item]:
    if not store.has_machine_values(conn):
        raise CurationError("no extracted values in this database: run extract first")
    public = store.public_ids(conn)
    items: dict[str, Item] = {}
    for data in store.machine_values(conn, _MACHINE_COLUMNS):
        if data["value_id"] is None or data["value_id"] in items:
            continue
        data["pmid"] = public.get(data["study_id"], data["pmid"])
        data["value_type"] = resolve_type(data["value_type"], data["field"])
        items[data["value_id"]] = Item(**data)
    for state in store.curation_state(conn):
        item = items.get(state["value_id"])
        if item is None:
            item = Item(
                value_id=state["value_id"], study_id=state["study_id"],
                pmid=public.get(state["study_id"], state["pmid"]), field=state["field"],
                value_type=state["value_type"], machine_value=None, in_machine=False,
                **{k: state[k] for k in ("source_sentence", "start", "end", "extractor_version", *CONTEXT)},
            )
            items[item.value_id] = item
        for name in _STATE:
            setattr(item, name, state[name])
    _apply_aliases(conn, items)
    selected = [
        item for item in items.values()
        if (not pmids or item.pmid in pmids) and (outcome is None or item.outcome == outcome)
    ]
    return sorted(selected, key=_order)


_STATE = ("decision", "value", "reviewed_machine_value", "note", "reviewer", "decided_at", "revision")


def _apply_aliases(conn: sqlite3.Connection, items: dict[str, Item]) -> None:
    """Carry decisions recorded under an old id to the value's current id (see `corpus.aliases`).

    Of two records for one value (the old id's and the new id's own) the
    later one wins, as with any two decisions. An orphan that could not be
    matched with certainty keeps its alias row in ``match``.
    """
    for alias in aliases_store.aliases(conn):
        old = items.get(alias["old_id"])
        if old is None or old.in_machine or old.added:
            continue
        new = items.get(alias["new_id"] or "")
        if alias["status"] in aliases_store.CARRIED and new is not None and new.in_machine:
            if new.revision is None or (old.revision or 0) > new.revision:
                for name in _STATE:
                    setattr(new, name, getattr(old, name))
                new.aliased_from = old.value_id
            del items[old.value_id]
        else:
            old.match = alias


def aliased_ids(items: list[Item]) -> dict[str, Item]:
    """Old id -> item, for sheets exported before a re-extraction."""
    return {item.aliased_from: item for item in items if item.aliased_from}


def _order(item: Item) -> tuple:
    if item.unresolved:
        return (-1, item.study_id, item.value_id)  # first: the reviewer must match these
    group = 0 if item.in_machine and not item.added else (1 if item.added else 2)
    field_rank = list(FIELD_TYPES).index(item.field) if item.field in FIELD_TYPES else len(FIELD_TYPES)
    return (item.study_id, group, field_rank, item.arm or "", item.outcome or "", item.timepoint or "",
            item.kind or "", item.value_id)


def record_event(
    conn: sqlite3.Connection, item: Item, decision: str, *, reviewer: str, source: str,
    value: str | None = None, note: str | None = None,
) -> int:
    """Append one event for ``item``; call inside ``transaction()``.

    The event stores the machine value the reviewer saw, so a later change of
    that value is detected instead of silently replacing the review.
    """
    if decision in ("correct", "add"):
        try:
            value = canonical(value or "", item.value_type, item.field)
        except ValueError as exc:
            raise CurationError(f"{exc} ({item.field} is {item.value_type})") from exc
    elif value is not None:
        raise CurationError(f"a value is given only with 'correct' or 'add', not {decision!r}")
    if decision == "note" and not (note or "").strip():
        raise CurationError("a note event needs the note")
    seen = item.shown_machine_value
    if decision == "accept" and seen is None:
        raise CurationError(f"{item.value_id}: there is no machine value to accept; correct or reject it")
    stamp = now()
    revision = store.insert_curation_event(conn, {
        "value_id": item.value_id, "study_id": item.study_id, "pmid": item.pmid, "field": item.field,
        "decision": decision, "machine_value": seen, "value": value, "value_type": item.value_type,
        "note": note, "source_sentence": item.source_sentence, "start": item.start, "end": item.end,
        **item.context(), "extractor_version": item.extractor_version, "reviewer": reviewer,
        "recorded_at": stamp, "source": source,
    })
    if decision != "note":
        item.decision, item.value, item.reviewed_machine_value = decision, value, seen
        item.reviewer, item.decided_at = reviewer, stamp
    if note is not None:
        item.note = note
    item.revision = revision
    return revision


def study_id_for(conn: sqlite3.Connection, public_id: str) -> int:
    """The study id of a PMID or local id."""
    sid = store.study_id(conn, public_id)
    if sid is None:
        raise CurationError(f"no study with PMID or local id {public_id!r}")
    return sid


def new_added_item(
    conn: sqlite3.Connection, public_id: str, field: str, context: dict[str, str | None] | None = None,
) -> Item:
    """An Item for a value the machine did not produce; record it with decision 'add'."""
    if field not in FIELD_TYPES:
        raise CurationError(f"unknown field {field!r} (one of {', '.join(FIELD_TYPES)})")
    context = {k: (v or None) for k, v in (context or {}).items() if k in CONTEXT}
    if field.startswith("arm.") and not context.get("arm"):
        raise CurationError(f"an added {field} needs the arm it belongs to")
    if field.startswith("statistic.") and not context.get("outcome"):
        raise CurationError(f"an added {field} needs its outcome")
    sid = study_id_for(conn, public_id)
    return Item(
        value_id=ADDED_PREFIX + uuid.uuid4().hex[:16], study_id=sid, pmid=store.public_ids(conn)[sid], field=field,
        value_type=FIELD_TYPES[field], machine_value=None, in_machine=False, **context,
    )


def screen_studies(
    db: sqlite_utils.Database, public_ids: list[str], decision: str, *, reviewer: str,
    reason: str | None = None, note: str | None = None, source: str = "library",
) -> list[int]:
    """Record that studies are included or excluded (exclusion needs a reason), all or none."""
    if decision not in ("include", "exclude"):
        raise CurationError(f"decision must be include or exclude, not {decision!r}")
    reason = (reason or "").strip() or None
    if decision == "exclude" and not reason:
        raise CurationError("an exclusion needs a reason (it is counted in the PRISMA flow)")
    with transaction(db) as conn:
        study_ids = [study_id_for(conn, public_id) for public_id in public_ids]
        stamp = now()
        store.insert_screening_events(conn, [
            {"study_id": sid, "decision": decision, "reason": reason, "note": note, "reviewer": reviewer,
             "recorded_at": stamp, "source": source} for sid in study_ids])
    return study_ids


def _number(value: str, value_type: str) -> float | None:
    if value_type not in ("int", "float"):
        return None
    try:
        return float(value)
    except ValueError:  # a bound such as '<0.001'
        return None


def effective_values(
    db: sqlite_utils.Database, only_verified: bool = False, drop_excluded_studies: bool = True,
) -> list[dict[str, Any]]:
    """The value analyses use for each reviewable value: curated, else accepted, else machine.

    `origin` is 'corrected', 'accepted', 'added' or 'machine'. Rejected values
    are left out; with ``only_verified`` so are values no reviewer accepted,
    corrected or added. An accepted value whose machine output changed since
    keeps the value the reviewer accepted (and `status` says so). Values of
    excluded studies (single-stage `screen --exclude`, or a settled exclusion
    at either screening stage) are left out unless ``drop_excluded_studies`` is False.
    """
    if drop_excluded_studies:
        from stemfoot.review.screening_store import excluded_reasons  # imports this module

        excluded = set(excluded_reasons(db))
    else:
        excluded = set()
    out = []
    for item in load_items(db.conn):
        if item.study_id in excluded or item.decision == "reject":
            continue
        if item.match is not None and item.match["status"] == "dismissed":
            continue  # the reviewer said this decision no longer applies to any current value
        if item.added:
            value, origin = item.value, "added"
        elif item.decision == "correct":
            value, origin = item.value, "corrected"
        elif item.decision == "accept":
            value, origin = item.reviewed_machine_value, "accepted"
        elif only_verified or not item.in_machine:
            continue
        else:
            value, origin = item.machine_value, "machine"
        out.append({
            "value_id": item.value_id, "study_id": item.study_id, "pmid": item.pmid, "field": item.field,
            "value": value, "number": _number(value, item.value_type), "value_type": item.value_type,
            "origin": origin, "status": item.status, "machine_value": item.shown_machine_value,
            "unresolved": item.unresolved, **item.context(),
        })
    return out


def unresolved_items(db: sqlite_utils.Database) -> list[Item]:
    """Reviewed values that re-extraction did not find again with certainty (rejections included)."""
    if not any(a["status"] in aliases_store.UNRESOLVED for a in aliases_store.aliases(db.conn)):
        return []  # the common case, without loading every value
    return [item for item in load_items(db.conn) if item.unresolved]


def resolve_match(db: sqlite_utils.Database, old_id: str, new_id: str | None, reviewer: str) -> None:
    """The reviewer's answer for an unmatched value: it is now ``new_id``, or (None) its decision is void."""
    with transaction(db) as conn:
        aliases_store.resolve(conn, old_id, new_id, reviewer)
