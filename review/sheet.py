"""The review spreadsheet: export values to CSV, and apply a reviewer's edited sheet atomically."""
from __future__ import annotations

import csv
import io
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from stemfoot.corpus import curation as store
from stemfoot.corpus.csv_safety import SafeWriter, restore_row
from stemfoot.corpus.safe_io import OutputError, atomic_open
from stemfoot.review.sheet_checks import (
    SheetCheckError,
    check_complete,
    check_required_columns,
    consistency_errors,
    identity_errors,
    value_errors,
)

from stemfoot.review.decisions import (
    ATTRIBUTION,
    CHANGED,
    CONTEXT,
    CurationError,
    Item,
    MoveError,
    accept_as_read,
    check_move,
    dependents,
    follow_move,
    known_arms,
    known_outcomes,
    aliased_ids,
    load_items,
    move_value,
    new_added_item,
    read_placement,
    record_event,
    reject_with_dependents,
    study_id_for,
)
from stemfoot.review.values import FIELD_TYPES, canonical, same_value
from stemfoot.corpus.db import transaction

#: The leading columns, in this order; `decision` is empty, accept, correct, reject, add or move.
SHEET_COLUMNS = ("id", "pmid", "field", "machine_value", "source_sentence", "decision", "corrected_value", "note")
#: Informative columns after them; on import only status, revision, move_revision and the context columns are read.
#: arm, outcome and timepoint are the value's attribution after any move; original_* the machine's;
#: held, for a value the export gate withheld, where it was read (the arm, else the target, e.g. cohort).
EXTRA_COLUMNS = ("status", *CONTEXT, "value_type", "reviewed_machine_value", "reviewer", "decided_at",
                 "revision", "extractor_version", "original_arm", "original_outcome", "original_timepoint",
                 "move_revision", "rejected_with", "held")
#: Puts a withheld value where it was read (its `held` placement) and accepts it.
ACCEPT_AS_READ = "accept as read"
DECISIONS = ("accept", "correct", "reject", "add", "move", ACCEPT_AS_READ)


class SheetError(CurationError):
    """A sheet with row-level errors; nothing of it was applied."""

    def __init__(self, path: str | Path, errors: list[str]) -> None:
        self.errors = errors
        super().__init__(f"{path}: {len(errors)} error(s); nothing was changed\n" + "\n".join(errors))


def _row(item: Item) -> list[str]:
    text = lambda v: "" if v is None else str(v)  # noqa: E731
    corrected = item.value if item.decision in ("correct", "add") else None
    reviewed = item.reviewed_machine_value if item.decision else None
    return [text(v) for v in (
        item.value_id, item.pmid, item.field, item.shown_machine_value, item.source_sentence, item.decision,
        corrected, item.note, item.status, *item.context().values(), item.value_type, reviewed,
        item.reviewer, item.decided_at, item.revision, item.extractor_version,
        *item.original_context().values(), item.move_revision, item.cause, _held_cell(item),
    )]


def _held_cell(item: Item) -> str | None:
    if item.held is None:
        return None
    return item.held.get("arm") or item.held.get("target") or ""


def _decision(cell: str) -> str:
    """The decision a cell names: lower case; 'Accept as read', 'accept-as-read', 'accept_as_read' are one."""
    text = cell.strip().lower()
    return ACCEPT_AS_READ if re.sub(r"[\s_-]+", " ", text) == ACCEPT_AS_READ else text


def export_sheet(
    db: sqlite_utils.Database, path: str | Path, pmids: list[str] | None = None, outcome: str | None = None,
    overwrite: bool = False, held_only: bool = False,
) -> int:
    """Write one row per value (current decisions included); return the number of rows.

    An existing file is refused unless ``overwrite``: it may be a sheet a
    reviewer is still editing. ``held_only``: only values the export gate withheld.
    """
    return export_values(db, path, pmids, outcome, overwrite, held_only)[0]


def export_values(
    db: sqlite_utils.Database, path: str | Path, pmids: list[str] | None = None, outcome: str | None = None,
    overwrite: bool = False, held_only: bool = False,
) -> tuple[int, int]:
    """`export_sheet`, returning (rows written, rows of values the export gate withheld)."""
    path = Path(path)
    exists = f"{path}: already exists; it may hold unsaved review work (choose another name or --force)"
    if path.exists() and not overwrite:
        raise CurationError(exists)
    items = load_items(db.conn, pmids, outcome)
    if held_only:
        items = [item for item in items if item.held is not None]
    try:
        # Written beside the target and renamed when complete; cells a spreadsheet would run as a
        # formula get a leading quote, which `read_sheet` removes again.
        with atomic_open(path, "w", newline="", overwrite=overwrite) as fh:
            writer = SafeWriter(fh)
            writer.writerow(SHEET_COLUMNS + EXTRA_COLUMNS)
            writer.writerows(_row(item) for item in items)
    except OutputError as exc:
        if "already exists" in str(exc):
            raise CurationError(exists) from None
        raise
    return len(items), sum(item.held is not None for item in items)


def read_sheet(path: str | Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (row number, cells) of a CSV as spreadsheets save it.

    Tolerates a UTF-8 BOM, CRLF, `;` or tab delimiters and blank rows; row
    numbers count records as a spreadsheet shows them (the header is row 1).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CurationError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CurationError(f"{path}: line {line} is not UTF-8; save the sheet as 'CSV UTF-8'") from exc
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        raise CurationError(f"{path}: empty sheet")
    try:
        check_complete(text, str(path))  # a file cut off mid-row would silently drop the rows after the cut
    except SheetCheckError as exc:
        raise CurationError(str(exc)) from None
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise CurationError(f"{path}: not a readable CSV ({exc})") from None
    header = [name.strip().lower() for name in records[0]]
    missing = [name for name in SHEET_COLUMNS if name not in header]
    if missing:
        raise SheetError(path, [f"row 1: missing column(s) {', '.join(missing)} (is this a stemfoot review sheet?)"])
    # Without revision and decided_at a later decision could not be told from this sheet's.
    try:
        check_required_columns(header, str(path))
    except SheetCheckError as exc:
        raise CurationError(str(exc)) from None
    rows = []
    for number, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len([c for c in cells[len(header):] if c.strip()]):
            raise SheetError(path, [f"row {number}: {len(cells)} cells but {len(header)} columns "
                                    "(values outside any column: was a cell split or a column deleted?)"])
        cells = restore_row(cells) + [""] * (len(header) - len(cells))
        rows.append((number, {name: cells[i] for i, name in enumerate(header)}))
    return header, rows


@dataclass
class ImportSummary:
    accepted: int = 0
    corrected: int = 0
    rejected: int = 0
    added: int = 0
    noted: int = 0
    unchanged: int = 0
    flagged: int = 0  # rows still showing a machine value changed since review
    moved: int = 0  # statistics or arm values re-attributed
    conflicts: list[str] = field(default_factory=list)  # later decisions overridden with --force
    settled: int = 0  # values rejected with a rejected statistic (its p-value, its percentage)
    read: int = 0  # withheld values accepted as read (placed where read, and accepted)

    def line(self) -> str:
        rejected = f"{self.rejected} rejected" + (f" (+{self.settled} with them)" if self.settled else "")
        text = (f"{self.accepted} accepted, {self.corrected} corrected, {rejected}, "
                f"{self.added} added, {self.noted} noted, " + (f"{self.moved} moved, " if self.moved else "")
                + (f"{self.read} accepted as read, " if self.read else "") + f"{self.unchanged} unchanged")
        text += f"; {len(self.conflicts)} later decision(s) overridden (--force)" if self.conflicts else ""
        return text + (f"; {self.flagged} flagged ({CHANGED})" if self.flagged else "")


@dataclass
class _Action:
    item: Item
    decision: str | None  # None: note only
    value: str | None = None
    note: str | None = None
    attribution: dict[str, str | None] | None = None  # with decision 'move'


@dataclass
class _Plan:
    actions: list[_Action] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    summary: ImportSummary = field(default_factory=ImportSummary)


_COUNTER = {"accept": "accepted", "correct": "corrected", "reject": "rejected", "add": "added", "move": "moved",
            ACCEPT_AS_READ: "read"}


class _Planner:
    """Validates every row against the current state and turns changes into actions."""

    def __init__(self, conn: sqlite3.Connection, header: list[str], items: dict[str, Item], force: bool = False) -> None:
        self.conn = conn
        self.header = header
        self.items = items
        self.force = force
        self.by_old_id = aliased_ids(list(items.values()))
        self.plan = _Plan()
        self.seen: dict[str, int] = {}
        self.added_keys = {
            self._add_key(i.study_id, i.field, i.value, context): i
            for i in items.values() if i.added and i.decision != "reject"
            for context in (i.context(), {**i.context(), **i.original_context()})  # as added, and as moved
        }
        self.every = list(items.values())
        self.moves: dict[str, tuple[int, dict[str, str | None]]] = {}  # move target -> (row, attribution)
        self.kept_context: list[tuple[int, Item, dict[str, str | None]]] = []  # rows with edited attribution

    @staticmethod
    def _add_key(study_id: int, field_name: str, value: str | None, context: dict) -> tuple:
        return (study_id, field_name, value, *(context.get(k) or None for k in CONTEXT))

    def _error(self, number: int, column: str, message: str) -> None:
        self.plan.errors.append(f"row {number}, column {column}: {message}")

    def row(self, number: int, row: dict[str, str]) -> None:
        decision = _decision(row["decision"])
        if decision not in ("", *DECISIONS):
            self._error(number, "decision", f"unknown decision {row['decision'].strip()!r} (accept, correct, reject, add, or empty)")
            return
        if row["id"].strip():
            self._existing(number, row, decision)
        elif decision == "add":
            self._add(number, row)
        else:
            self._error(number, "id", "empty; only a row with decision 'add' may have no id")

    def _add(self, number: int, row: dict[str, str]) -> None:
        public_id, field_name = row["pmid"].strip(), row["field"].strip()
        context = {k: row.get(k, "").strip() or None for k in CONTEXT}
        before = len(self.plan.errors)
        try:
            study_id_for(self.conn, public_id)
        except CurationError as exc:
            self._error(number, "pmid", str(exc))
        if field_name not in FIELD_TYPES:
            self._error(number, "field", f"unknown field {field_name!r} (one of {', '.join(FIELD_TYPES)})")
        elif field_name.startswith("arm.") and not context["arm"]:
            self._error(number, "arm", f"an added {field_name} needs the arm it belongs to")
        elif field_name.startswith("statistic.") and not context["outcome"]:
            self._error(number, "outcome", f"an added {field_name} needs its outcome")
        if len(self.plan.errors) > before:
            return
        item = new_added_item(self.conn, public_id, field_name, context)
        value = self._value(number, row, item, "add")
        if value is None:
            return
        key = self._add_key(item.study_id, item.field, value, item.context())
        if key in self.added_keys:  # the same sheet imported twice adds nothing twice
            self.plan.summary.unchanged += 1
            return
        self.added_keys[key] = item
        self.plan.actions.append(_Action(item, "add", value, row["note"].strip() or None))
        self.plan.summary.added += 1

    def _value(self, number: int, row: dict[str, str], item: Item, decision: str) -> str | None:
        corrected = row["corrected_value"].strip()
        if corrected and decision not in ("correct", "add"):
            given = f"the decision is {decision!r}" if decision else "there is no decision"
            self._error(number, "corrected_value", f"{corrected!r} given, but {given}; write 'correct' to use it")
            return None
        if decision in ("correct", "add") and not corrected:
            self._error(number, "corrected_value", f"decision {decision!r} needs the value in corrected_value")
            return None
        if not corrected:
            return None
        try:
            value = canonical(corrected, item.value_type, item.field)
        except ValueError as exc:
            self._error(number, "corrected_value", f"{exc} ({item.field} is {item.value_type})")
            return None
        problem = value_errors(item.field, corrected)  # a count below 0, p outside [0, 1], SD <= 0 ...
        if problem:
            self._error(number, "corrected_value", problem)
            return None
        return value

    def _existing(self, number: int, row: dict[str, str], decision: str) -> None:
        value_id = row["id"].strip()
        if value_id in self.seen:
            self._error(number, "id", f"{value_id!r} appears again (first on row {self.seen[value_id]})")
            return
        self.seen[value_id] = number
        item = self.items.get(value_id) or self.by_old_id.get(value_id)  # exported before a re-extraction
        if item is None:
            self._error(number, "id", f"unknown id {value_id!r} (not a current or curated value; re-export the sheet)")
            return
        before = len(self.plan.errors)
        if row["pmid"].strip() != item.pmid:
            self._error(number, "pmid", f"{row['pmid'].strip()!r}, but value {value_id} belongs to {item.pmid}")
        if row["field"].strip() != item.field:
            self._error(number, "field", f"{row['field'].strip()!r}, but value {value_id} is a {item.field}")
        shown = item.shown_machine_value or ""
        if not same_value(row["machine_value"], shown, item.value_type, item.field):
            self._error(number, "machine_value", f"{row['machine_value'].strip()!r} differs from the machine value {shown!r}: "
                        "write changes in corrected_value with decision 'correct' (or re-export: the values were re-extracted)")
        if decision == "add" and not item.added:
            self._error(number, "decision", "'add' is for new rows with an empty id; write 'correct' to change an extracted value")
        if decision == "accept" and item.shown_machine_value is None:
            self._error(number, "decision", "there is no machine value to accept; write 'correct' or 'reject'")
        value = self._value(number, row, item, decision)
        if len(self.plan.errors) > before:
            return
        if decision == "move":
            self._move(number, row, item)
            return
        if decision == ACCEPT_AS_READ:
            self._accept_as_read(number, row, item)
            return
        edited = self._attribution(row, item)
        if edited is not None and not self._exported_before_move(row, item, edited):
            self.kept_context.append((number, item, edited))
        status_cleared = "status" in self.header and row["status"].strip() != CHANGED
        changes_decision = bool(decision) and (
            decision != item.decision
            or not same_value(value, item.value, item.value_type, item.field)
            or (item.status == CHANGED and status_cleared)
        )
        note = row["note"].strip()
        changes_note = bool(note) and note != (item.note or "")  # a blank cell never erases a note
        if (changes_decision or changes_note) and not self._current(number, row, item):
            return
        summary = self.plan.summary
        if changes_decision:
            self.plan.actions.append(_Action(item, decision, value, note if changes_note else None))
            setattr(summary, _COUNTER[decision], getattr(summary, _COUNTER[decision]) + 1)
            return
        if changes_note:
            self.plan.actions.append(_Action(item, None, note=note))
            summary.noted += 1
        else:
            summary.unchanged += 1
        if item.status == CHANGED:
            summary.flagged += 1

    def _attribution(self, row: dict[str, str], item: Item) -> dict[str, str | None] | None:
        """The row's arm/outcome/timepoint when they differ from the value's (None when unchanged or absent)."""
        names = [n for n in ATTRIBUTION if n in self.header]
        if not names or item.move_target is None:
            return None
        cells = {n: (" ".join(row[n].split()) or None) if n in names else getattr(item, n) for n in ATTRIBUTION}
        return cells if any(cells[n] != getattr(item, n) for n in names) else None

    def _exported_before_move(self, row: dict[str, str], item: Item, cells: dict[str, str | None]) -> bool:
        """Whether the row's attribution cells are the machine's, in a sheet exported before the value was
        first moved (re-imported after its own move or accept as read): stale cells, not an edit."""
        return ("move_revision" in self.header and not row["move_revision"].strip()
                and item.move_revision is not None and cells == item.original_context())

    def _move(self, number: int, row: dict[str, str], item: Item) -> None:
        """A 'move' row: the row's arm, outcome and timepoint are the value's new attribution."""
        if "move_revision" in self.header and row["move_revision"].strip() != (
                "" if item.move_revision is None else str(item.move_revision)):
            self._error(number, "move_revision", f"{item.value_id} was moved again after this sheet was exported "
                        f"({item.moved_by}, {item.moved_at}); re-export and redo this row")
            return
        target = {n: row.get(n, "") for n in ATTRIBUTION}
        try:
            new = check_move(item, target, known_arms(self.every, item.study_id), known_outcomes(self.every))
        except MoveError as exc:
            self._error(number, exc.column, exc.message.split(": ", 1)[-1])
            return
        current = {n: getattr(item, n) for n in ATTRIBUTION}
        if item.field.startswith("arm."):
            current["outcome"] = current["timepoint"] = None
        planned = self.moves.get(item.move_target)
        if planned is not None:
            if planned[1] != new:
                self._error(number, "decision", f"moves {item.move_target} elsewhere than row {planned[0]} does "
                            "(the values of one statistic move together)")
            else:
                self.plan.summary.unchanged += 1
            return
        self.moves[item.move_target] = (number, new)
        if new == current:
            self.plan.summary.unchanged += 1
            return
        self.plan.actions.append(_Action(item, "move", note=row["note"].strip() or None, attribution=new))
        self.plan.summary.moved += 1

    def _accept_as_read(self, number: int, row: dict[str, str], item: Item) -> None:
        """An 'accept as read' row: the value goes where the export gate's stages read it (`held`) and is accepted."""
        if item.held is None:
            self._error(number, "decision", f"'{ACCEPT_AS_READ}' is for values the export gate withheld "
                        "(their held cell names where they were read); this one was not withheld")
            return
        try:
            new = check_move(item, read_placement(item), known_arms(self.every, item.study_id),
                             known_outcomes(self.every))
        except MoveError as exc:
            column = "held" if exc.column == "arm" else exc.column
            self._error(number, column, "cannot accept as read: " + exc.message.split(": ", 1)[-1])
            return
        placed = item.move_revision is not None and {n: getattr(item, n) for n in ATTRIBUTION} == new
        # Placed as read already: nothing to move, so a later move since the export is no conflict.
        if not placed and "move_revision" in self.header and row["move_revision"].strip() != (
                "" if item.move_revision is None else str(item.move_revision)):
            self._error(number, "move_revision", f"{item.value_id} was moved again after this sheet was exported "
                        f"({item.moved_by}, {item.moved_at}); re-export and redo this row")
            return
        planned = self.moves.get(item.move_target)
        if planned is not None and planned[1] != new:
            self._error(number, "decision", f"moves {item.move_target} elsewhere than row {planned[0]} does "
                        "(the values of one statistic move together)")
            return
        self.moves.setdefault(item.move_target, (number, new))
        edited = self._attribution(row, item)
        if edited is not None and not self._exported_before_move(row, item, edited):
            self.kept_context.append((number, item, edited))
        accepted = item.decision == "accept" and item.status != CHANGED
        note = row["note"].strip()
        changes_note = bool(note) and note != (item.note or "")
        if placed and accepted and not changes_note:
            self.plan.summary.unchanged += 1
            return
        if not (placed and accepted) or changes_note:
            if not self._current(number, row, item):
                return
        self.plan.actions.append(_Action(item, ACCEPT_AS_READ, note=note if changes_note else None))
        if placed and accepted:
            self.plan.summary.noted += 1
        else:
            self.plan.summary.read += 1

    def finish(self) -> None:
        """Checks over the whole sheet: edited attributions need a 'move'; count the rejections' dependents."""
        for number, item, edited in self.kept_context:
            planned = self.moves.get(item.move_target)
            if planned is None or planned[1] != edited:
                changed = next(n for n in ATTRIBUTION if edited[n] != getattr(item, n))
                self._error(number, changed, f"{getattr(item, changed) or ''!r} changed to {edited[changed] or ''!r}: "
                            "write decision 'move' to re-attribute the value")
        decided = {a.item.value_id for a in self.plan.actions if a.decision not in (None, "move")}
        settled: set[str] = set()
        for action in self.plan.actions:
            if action.decision == "reject":
                settled.update(dep.value_id for dep, _ in dependents(action.item, self.every)
                               if dep.decision is None and dep.value_id not in decided)
        self.plan.summary.settled = len(settled)

    def _current(self, number: int, row: dict[str, str], item: Item) -> bool:
        """False (with an error) when the row's revision/decided_at were edited, or the value was curated
        again after the sheet was exported (then, with --force, True and the conflict is recorded)."""
        sheet_rev, sheet_at = row["revision"].strip(), row["decided_at"].strip()
        if sheet_rev == ("" if item.revision is None else str(item.revision)):
            errors = identity_errors(number, row, {"revision": sheet_rev, "decided_at": item.decided_at})
            self.plan.errors.extend(errors)
            return not errors
        ids = [item.value_id] + ([item.aliased_from] if item.aliased_from else [])
        if sheet_rev and not sheet_rev.isdigit() or not _exported_state(self.conn, ids, sheet_rev, sheet_at):
            self.plan.errors.extend(identity_errors(number, row, {"revision": str(item.revision or ""),
                                                                  "decided_at": item.decided_at}) or [
                f"row {number}, column revision: {sheet_rev!r} with decided_at {sheet_at!r} is not a state "
                f"{item.value_id} was ever in (edited? written by stemfoot; do not edit it)"])
            return False
        conflict = (f"row {number}: {item.value_id} was curated again after this sheet was exported: "
                    f"now {item.decision or 'a note'}{' ' + item.value if item.value else ''} "
                    f"({item.reviewer or 'a reviewer'}, {item.decided_at or 'no decision'}), the sheet says "
                    f"{row['decision'].strip() or 'a note'}{' ' + row['corrected_value'].strip() if row['corrected_value'].strip() else ''}")
        if self.force:
            self.plan.summary.conflicts.append(conflict + "; overridden (--force)")
            return True
        self._error(number, "revision", f"{item.value_id} was curated again after this sheet was exported "
                    f"({item.reviewer or 'a reviewer'}, {item.decided_at or 'a note'}: "
                    f"{item.decision or 'note'}{' ' + item.value if item.value else ''}); re-export and redo this "
                    "row, or import with --force to override it")
        return False


def _exported_state(conn: sqlite3.Connection, value_ids: list[str], revision: str, decided_at: str) -> bool:
    """Whether (revision, decided_at) is a state one of ``value_ids`` was in: a sheet exported earlier."""
    if not revision:
        return not decided_at  # exported before any event
    row = store.event_state(conn, value_ids, int(revision))
    return row is not None and (row or "") == decided_at


def import_sheet(
    db: sqlite_utils.Database, path: str | Path, reviewer: str, dry_run: bool = False, force: bool = False,
) -> ImportSummary:
    """Apply a reviewed sheet in one transaction: every row valid, or nothing changes.

    Raises SheetError listing every bad row (number and column). A row whose
    value was decided again after the sheet was exported is an error, unless
    ``force``: then it overrides that decision and the summary lists it.
    """
    header, rows = read_sheet(path)
    source = f"sheet:{Path(path).name}"
    with transaction(db) as conn:
        items = {item.value_id: item for item in load_items(conn)}
        planner = _Planner(conn, header, items, force)
        for number, row in rows:
            planner.row(number, row)
        planner.plan.errors.extend(consistency_errors(rows))  # events <= total, CI lower <= upper
        planner.finish()
        plan = planner.plan
        if plan.errors:
            raise SheetError(path, plan.errors)
        if not dry_run:
            every = planner.every
            for action in plan.actions:  # moves first: a rejection settles values where they now are
                if action.decision == "move":
                    move_value(conn, action.item, action.attribution, reviewer=reviewer, source=source,
                               note=action.note)
                    follow_move(action.item, every)
                elif action.decision == ACCEPT_AS_READ:
                    accept_as_read(conn, action.item, every, reviewer=reviewer, source=source, note=action.note)
            decided = {a.item.value_id for a in plan.actions if a.decision not in (None, "move")}
            plan.summary.settled = 0
            for action in plan.actions:
                if action.decision in ("move", ACCEPT_AS_READ):
                    continue
                if action.decision == "reject":
                    settled, _ = reject_with_dependents(conn, action.item, every, reviewer=reviewer, source=source,
                                                        note=action.note, skip=decided)
                    plan.summary.settled += len(settled)
                    continue
                record_event(conn, action.item, action.decision or "note", reviewer=reviewer, source=source,
                             value=action.value, note=action.note)
    return plan.summary
