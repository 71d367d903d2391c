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
from stemfoot.corpus import trials as trial_store
from stemfoot.corpus import withheld as withheld_store
from stemfoot.corpus.db import transaction
from stemfoot.corpus.errors import CorpusError

PENDING = "pending"
REVIEWED = "reviewed"
CHANGED = "machine value changed since review"
ORPHANED = "orphaned"
ADDED_PREFIX = "added:"
CONTEXT = ("statistic_id", "arm", "outcome", "timepoint", "kind")
#: The context a reviewer can move a value to (`move_value`).
ATTRIBUTION = ("arm", "outcome", "timepoint")
_MACHINE_COLUMNS = (
    "value_id", "study_id", "pmid", "field", "machine_value", "value_type", "source_sentence",
    "start", "end", *CONTEXT, "extractor_version",
)


class CurationError(CorpusError):
    """A review action or sheet that cannot be applied."""


class MoveError(CurationError):
    """A move that cannot be made; ``column`` names the attribution at fault (or 'decision')."""

    def __init__(self, message: str, column: str = "decision") -> None:
        super().__init__(message)
        self.message, self.column = message, column


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
    cause: str | None = None  # the value whose rejection settled this one ('reject' recorded with it)
    # Re-attribution: arm/outcome/timepoint above are the effective ones; these the machine's
    # (for an added value, the ones it was added with), and the latest move event.
    original_arm: str | None = None
    original_outcome: str | None = None
    original_timepoint: str | None = None
    moved_by: str | None = None
    moved_at: str | None = None
    move_revision: int | None = None
    aliased_from: str | None = None  # the earlier id the decision was recorded under (value_aliases)
    match: dict | None = None  # an orphan's alias row: uncertain / lost / dismissed, with candidates
    # A result the export gate withheld (target unattributed): where the stages had placed it
    # ({target, arm, arm_role}) and the gate's score p; None for every other value.
    held: dict | None = None

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

    def original_context(self) -> dict[str, Any]:
        """Arm, outcome and timepoint before any move."""
        return {name: getattr(self, f"original_{name}") for name in ATTRIBUTION}

    @property
    def moved(self) -> bool:
        """Whether a reviewer's move left the value somewhere other than the machine put it."""
        return self.move_revision is not None and any(
            getattr(self, name) != getattr(self, f"original_{name}") for name in ATTRIBUTION)

    @property
    def placement_open(self) -> bool:
        """A withheld result no reviewer has placed yet (no move or accept as read; not rejected)."""
        return self.held is not None and self.move_revision is None and self.decision != "reject"

    def held_text(self) -> str:
        """Where the withheld value was read: 'BMMSC group (intervention)', or its target ('cohort')."""
        held = self.held or {}
        if held.get("arm"):
            return held["arm"] + (f" ({held['arm_role']})" if held.get("arm_role") else "")
        return held.get("target") or "(nowhere)"

    @property
    def move_target(self) -> str | None:
        """What a move applies to: a statistic (all its values move together) or this value; None if immovable."""
        if self.field.startswith("statistic."):
            return self.statistic_id or self.value_id
        if self.field.startswith("arm."):
            return self.value_id
        return None


def load_items(conn: sqlite3.Connection, pmids: list[str] | None = None, outcome: str | None = None,
               study_ids: list[int] | None = None) -> list[Item]:
    """Every machine value, curated orphan and added value, with its curation state.

    ``study_ids`` reads only those studies (in SQL), for callers that need a
    few studies of a large corpus; the items of a study are the same either way.
    Read in one snapshot, so a re-extraction or import committing meanwhile
    cannot pair old machine values with new decisions.
    """
    with store.snapshot(conn):
        return _load_items(conn, pmids, outcome, study_ids)


def _load_items(conn: sqlite3.Connection, pmids: list[str] | None, outcome: str | None,
                study_ids: list[int] | None = None) -> list[Item]:
    if not store.has_machine_values(conn):
        raise CurationError("no extracted values in this database: run extract first")
    if outcome is not None and study_ids is None:
        study_ids = store.outcome_study_ids(conn, outcome)
    public = store.public_ids(conn, study_ids)
    items: dict[str, Item] = {}
    for data in store.machine_values(conn, _MACHINE_COLUMNS, study_ids):
        if data["value_id"] is None or data["value_id"] in items:
            continue
        data["pmid"] = public.get(data["study_id"], data["pmid"])
        data["value_type"] = resolve_type(data["value_type"], data["field"])
        items[data["value_id"]] = Item(**data)
    for state in store.curation_state(conn, study_ids):
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
    carried = _apply_aliases(conn, items)
    held = withheld_store.held_placements(conn, study_ids)
    for item in items.values():
        if item.in_machine and item.statistic_id in held:
            item.held = held[item.statistic_id]
    causes = trial_store.decision_causes(conn)
    moves = {m["target"]: m for m in trial_store.attribution_state(conn)}
    for item in items.values():
        item.cause = causes.get(item.value_id)
        move = moves.get(item.move_target or "")
        earlier = moves.get(carried.get(item.move_target or "", ""))
        if earlier is not None and (move is None or earlier["event_id"] > move["event_id"]):
            move = earlier  # moved under the id the value had before re-extraction (value_aliases)
        _apply_move(item, move)
    selected = [
        item for item in items.values()
        if (not pmids or item.pmid in pmids) and (outcome is None or item.outcome == outcome)
    ]
    return sorted(selected, key=_order)


def _apply_move(item: Item, move: dict[str, Any] | None) -> None:
    """Set the item's effective attribution from its latest move event, keeping the original beside it."""
    for name in ATTRIBUTION:
        setattr(item, f"original_{name}", getattr(item, name))
    if move is None:
        return
    if not item.in_machine:  # orphaned or added: its stored context may already be a moved one
        for name in ATTRIBUTION:
            setattr(item, f"original_{name}", move[f"machine_{name}"])
    _set_attribution(item, move)


def _set_attribution(item: Item, move: dict[str, Any]) -> None:
    item.arm = move["arm"]
    if item.field.startswith("statistic."):
        item.outcome, item.timepoint = move["outcome"], move["timepoint"]
    item.moved_by, item.moved_at, item.move_revision = move["reviewer"], move["recorded_at"], move["event_id"]


_STATE = ("decision", "value", "reviewed_machine_value", "note", "reviewer", "decided_at", "revision")


def _apply_aliases(conn: sqlite3.Connection, items: dict[str, Item]) -> dict[str, str]:
    """Carry decisions recorded under an old id to the value's current id (see `corpus.aliases`).

    Of two records for one value (the old id's and the new id's own) the
    later one wins, as with any two decisions. An orphan that could not be
    matched with certainty keeps its alias row in ``match``. Returns new move
    target -> old move target (a statistic's id changed with its values'), so
    a move made under the old id carries too.
    """
    carried: dict[str, str] = {}
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
            if old.move_target and new.move_target and old.move_target != new.move_target:
                carried[new.move_target] = old.move_target
            del items[old.value_id]
        else:
            old.match = alias
    return carried


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
    value: str | None = None, note: str | None = None, cause: str | None = None,
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
        "recorded_at": stamp, "source": source, **({"cause": cause} if cause else {}),
    })
    if decision != "note":
        item.decision, item.value, item.reviewed_machine_value = decision, value, seen
        item.reviewer, item.decided_at, item.cause = reviewer, stamp, cause
    if note is not None:
        item.note = note
    item.revision = revision
    return revision


def known_arms(items: list[Item], study_id: int) -> set[str]:
    """The arm labels of a study: its arm values' arms and the arms its statistics were given."""
    arms: set[str] = set()
    for item in items:
        if item.study_id == study_id and (item.field.startswith("arm.") or item.field.startswith("statistic.")):
            arms.update(a for a in (item.arm, item.original_arm) if a)
    return arms


def known_outcomes(items: list[Item]) -> set[str]:
    """Outcome ids a value may be moved to: the vocabulary's and those already in use."""
    from stemfoot.schemas import OUTCOME_IDS

    return set(OUTCOME_IDS) | {o for item in items for o in (item.outcome, item.original_outcome) if o}


def check_move(item: Item, target: dict[str, str | None], arms: set[str], outcomes: set[str]) -> dict[str, str | None]:
    """The new attribution, validated (MoveError says why not); blank means none."""
    def fail(message: str, column: str = "decision") -> MoveError:
        return MoveError(f"{item.value_id}: {message}", column)

    if item.move_target is None:
        raise fail(f"only statistics and arm values can be moved ({item.field} cannot)")
    new = {name: (" ".join(str(target.get(name) or "").split()) or None) for name in ATTRIBUTION}
    if item.field.startswith("arm."):
        if new["outcome"] or new["timepoint"]:
            raise fail(f"an {item.field} value belongs to an arm; only its arm can change",
                       "outcome" if new["outcome"] else "timepoint")
        if not new["arm"]:
            raise fail(f"an {item.field} value needs an arm", "arm")
    elif not new["outcome"]:
        raise fail("a statistic needs an outcome", "outcome")
    if new["arm"] and new["arm"] not in arms:
        raise fail(f"{new['arm']!r} is not an arm of {item.pmid} "
                   f"(arms: {', '.join(sorted(arms)) or 'none'}; add the arm first)", "arm")
    if new["outcome"] and new["outcome"] not in outcomes:
        raise fail(f"unknown outcome {new['outcome']!r} (use an outcome id, e.g. ulcer_healing)", "outcome")
    return new


def move_value(
    conn: sqlite3.Connection, item: Item, new: dict[str, str | None], *, reviewer: str, source: str,
    note: str | None = None, confirm: bool = False,
) -> int | None:
    """Re-attribute ``item`` (with ``check_move``'d ``new``) as one attribution event; call inside ``transaction()``.

    A statistic moves with all its values. Returns the event id, or None when
    nothing changes (unless ``confirm``: then the placement is recorded as
    the reviewer's even where it stays). The machine's attribution is stored beside the new one.
    """
    current = {name: getattr(item, name) for name in ATTRIBUTION}
    if item.field.startswith("arm."):
        current["outcome"] = current["timepoint"] = None
    if new == current and not confirm:
        return None
    stamp = now()
    event_id = trial_store.insert_attribution_event(conn, {
        "target": item.move_target, "study_id": item.study_id,
        "field": "statistic" if item.field.startswith("statistic.") else item.field,
        **new, **{f"machine_{name}": getattr(item, f"original_{name}") for name in ATTRIBUTION},
        "note": note, "reviewer": reviewer, "recorded_at": stamp, "source": source,
    })
    _set_attribution(item, {"event_id": event_id, "reviewer": reviewer, "recorded_at": stamp, **new})
    return event_id


def read_placement(item: Item) -> dict[str, str | None]:
    """Where a withheld value was read: the held arm (None for a cohort or between-arms result), with the
    value's current outcome and timepoint (the gate withholds the arm only)."""
    if item.held is None:
        raise MoveError(f"{item.value_id}: 'accept as read' is for values the export gate withheld "
                        f"({item.field} was not withheld)")
    return {"arm": item.held.get("arm"), "outcome": item.outcome, "timepoint": item.timepoint}


def placed_as_read(item: Item) -> bool:
    """Whether a reviewer placed the withheld value where it was read (accept as read, or a move there)."""
    return (item.held is not None and item.move_revision is not None
            and (item.arm, item.outcome, item.timepoint) == tuple(read_placement(item).values()))


def accept_as_read(
    conn: sqlite3.Connection, item: Item, items: list[Item], *, reviewer: str, source: str, note: str | None = None,
) -> tuple[int | None, list[Item]]:
    """Put a withheld value where it was read and accept it; call inside ``transaction()``.

    The placement is an attribution event, as a move to that arm is (the
    whole statistic goes; recorded even where the value already sits, e.g. a
    cohort result, so the placement is the reviewer's); then an 'accept'
    event for ``item`` (with ``note``). Raises MoveError when it cannot be placed. Returns
    (the move event id or None when already placed so, the statistic's other values moved with it).
    """
    new = check_move(item, read_placement(item), known_arms(items, item.study_id), known_outcomes(items))
    event = move_value(conn, item, new, reviewer=reviewer, source=source, confirm=item.move_revision is None)
    others = follow_move(item, items) if event is not None else []
    if item.decision != "accept" or item.status != REVIEWED:
        record_event(conn, item, "accept", reviewer=reviewer, source=source, note=note)
    elif note:
        record_event(conn, item, "note", reviewer=reviewer, source=source, note=note)
    return event, others


def follow_move(moved: Item, items: list[Item]) -> list[Item]:
    """Give the other values of a moved statistic its new attribution (in memory); returns them."""
    out = []
    for other in items:
        if other is not moved and other.move_target == moved.move_target and other.study_id == moved.study_id:
            _set_attribution(other, {"event_id": moved.move_revision, "reviewer": moved.moved_by,
                                     "recorded_at": moved.moved_at, "arm": moved.arm, "outcome": moved.outcome,
                                     "timepoint": moved.timepoint})
            out.append(other)
    return out


def move_description(item: Item) -> str:
    """'arm: transplant group -> control group; timepoint: (none) -> 6 months' (what differs from the original)."""
    shown = lambda v: v if v else "(none)"  # noqa: E731
    return "; ".join(f"{name}: {shown(getattr(item, f'original_{name}'))} -> {shown(getattr(item, name))}"
                     for name in ATTRIBUTION if getattr(item, name) != getattr(item, f"original_{name}"))


#: The value that stands for a whole statistic of each kind: rejecting it rejects the statistic.
MAIN_FIELD = {"events": "statistic.events", "percent": "statistic.percent", "mean_sd": "statistic.mean",
              "mean": "statistic.mean", "median": "statistic.median", "effect": "statistic.value"}
PERCENT_TWIN_TOLERANCE = 0.5  # percentage points, as the study table's percentage-to-count rule


def _number_of(item: Item | None) -> float | None:
    value = None if item is None else (item.value if item.decision in ("correct", "add") else item.shown_machine_value)
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _statistic_key(item: Item) -> str:
    return item.statistic_id or item.value_id


def dependents(item: Item, items: list[Item]) -> list[tuple[Item, str]]:
    """Values that fall with ``item`` when it is rejected, each with why.

    Rejecting the main value of a statistic (the count of an `events`
    statistic, the mean of a `mean_sd` one, ...) rejects the statistic: its
    p-value and, for a count, its percentage; and a percentage twin (another
    statistic of the same arm, outcome and timepoint giving only the
    percentage that restates this count, within 0.5 points) with all its values.
    """
    if not item.field.startswith("statistic."):
        return []
    same = {i.field: i for i in items if _statistic_key(i) == _statistic_key(item) and i is not item}
    fields = {item.field, *same}
    kind = item.kind if item.kind in MAIN_FIELD else next(
        (k for k, f in MAIN_FIELD.items() if f in fields), None)
    if kind is None or MAIN_FIELD[kind] != item.field:
        return []
    out = [(same["statistic.p"], "its p-value")] if "statistic.p" in same else []
    if item.field != "statistic.events":
        return out
    if "statistic.percent" in same:
        out.append((same["statistic.percent"], "its percentage"))
    events, total = _number_of(item), _number_of(same.get("statistic.total"))
    if total is None and item.arm:
        sizes = [i for i in items if i.study_id == item.study_id and i.field == "arm.n_patients" and i.arm == item.arm
                 and i.decision != "reject"]
        total = _number_of(sizes[0]) if len(sizes) == 1 else None
    if events is None or not total:
        return out
    twins: dict[str, list[Item]] = {}
    for other in items:
        if (other.study_id == item.study_id and other.field.startswith("statistic.")
                and _statistic_key(other) != _statistic_key(item)
                and (other.arm, other.outcome, other.timepoint) == (item.arm, item.outcome, item.timepoint)):
            twins.setdefault(_statistic_key(other), []).append(other)
    for values in twins.values():
        by_field = {v.field: v for v in values}
        percent = _number_of(by_field.get("statistic.percent"))
        if "statistic.events" in by_field or percent is None:
            continue
        if abs(percent - 100 * events / total) <= PERCENT_TWIN_TOLERANCE:
            out += [(v, f"its percentage twin ({percent:g}% of {total:g})") for v in values]
    return out


def reject_with_dependents(
    conn: sqlite3.Connection, item: Item, items: list[Item], *, reviewer: str, source: str,
    note: str | None = None, skip: set[str] = frozenset(),
) -> tuple[list[tuple[Item, str]], list[tuple[Item, str]]]:
    """Reject ``item`` and the values that depend on it; call inside ``transaction()``.

    Each dependent gets its own 'reject' event whose `cause` is ``item``. A
    dependent a reviewer already decided (or one in ``skip``: decided in the
    same sheet) keeps that decision. Returns (rejected with it, kept).
    """
    record_event(conn, item, "reject", reviewer=reviewer, source=source, note=note)
    settled, kept = [], []
    for dep, why in dependents(item, items):
        if dep.value_id in skip or (dep.decision is not None and dep.decision != "reject"):
            kept.append((dep, why))
        elif dep.decision is None:
            record_event(conn, dep, "reject", reviewer=reviewer, source=source, cause=item.value_id)
            settled.append((dep, why))
    return settled, kept


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


def effective_value(item: Item, only_verified: bool = False) -> tuple[str | None, str] | None:
    """(value, origin) analyses use for ``item``, or None when it is rejected or (``only_verified``) unverified.

    Origin: 'added', 'corrected', 'accepted' (the value the reviewer accepted) or 'machine'.
    """
    if item.decision == "reject":
        return None
    if item.added:
        return item.value, "added"
    if item.decision == "correct":
        return item.value, "corrected"
    if item.decision == "accept":
        return item.reviewed_machine_value, "accepted"
    if only_verified or not item.in_machine:
        return None
    return item.machine_value, "machine"


def effective_values(
    db: sqlite_utils.Database, only_verified: bool = False, drop_excluded_studies: bool = True,
    study_ids: list[int] | None = None,
) -> list[dict[str, Any]]:
    """The value analyses use for each reviewable value: curated, else accepted, else machine.

    `origin` is 'corrected', 'accepted', 'added' or 'machine'. Rejected values
    are left out; with ``only_verified`` so are values no reviewer accepted,
    corrected or added. An accepted value whose machine output changed since
    keeps the value the reviewer accepted (and `status` says so). Values of
    excluded studies (single-stage `screen --exclude`, or a settled exclusion
    at either screening stage) are left out unless ``drop_excluded_studies`` is False.
    ``study_ids``: only the values of these studies (read in SQL).
    """
    if drop_excluded_studies:
        from stemfoot.review.screening_store import excluded_reasons  # imports this module

        excluded = set(excluded_reasons(db))
    else:
        excluded = set()
    out = []
    for item in load_items(db.conn, study_ids=study_ids):
        if item.study_id in excluded:
            continue
        if item.match is not None and item.match["status"] == "dismissed":
            continue  # the reviewer said this decision no longer applies to any current value
        chosen = effective_value(item, only_verified)
        if chosen is None:
            continue
        value, origin = chosen
        out.append({
            "value_id": item.value_id, "study_id": item.study_id, "pmid": item.pmid, "field": item.field,
            "value": value, "number": _number(value, item.value_type), "value_type": item.value_type,
            "origin": origin, "status": item.status, "machine_value": item.shown_machine_value,
            "unresolved": item.unresolved, **item.context(), "moved": item.moved, **{f"original_{k}": v for k, v in item.original_context().items()},
            "withheld": item.placement_open,
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
