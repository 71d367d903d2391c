"""The interactive review: one value at a time, its sentence with the value highlighted, one key per decision."""
from __future__ import annotations

import re
from dataclasses import dataclass

import click
import sqlite_utils

from stemfoot.review.decisions import (
    ATTRIBUTION,
    CHANGED,
    ORPHANED,
    PENDING,
    CurationError,
    Item,
    accept_as_read,
    check_move,
    follow_move,
    known_arms,
    known_outcomes,
    load_items,
    move_description,
    move_value,
    record_event,
    reject_with_dependents,
)
from stemfoot.review.values import canonical
from stemfoot.corpus import curation as store
from stemfoot.corpus.db import transaction

KEYS = "a accept, c correct, r reject, m move, s skip, n note, q quit"
#: The keys for a value the export gate withheld: `h` puts it where it was read and accepts it.
HELD_KEYS = "a accept, h accept as read, c correct, r reject, m move, s skip, n note, q quit"
NONE = "-"  # typed for "no arm" / "no timepoint" when moving a value


def value_span(item: Item, abstract: str | None) -> tuple[int, int] | None:
    """Where the value lies in its source sentence, as [start, end) offsets into the sentence.

    From the value's abstract offsets and the sentence's position in the
    abstract; failing that, the first whole-word occurrence of the value text.
    """
    sentence = item.source_sentence
    if not sentence:
        return None
    if item.start is not None and item.end is not None and abstract:
        pos = abstract.find(sentence)
        while pos != -1:
            if pos <= item.start < item.end <= pos + len(sentence):
                return item.start - pos, item.end - pos
            pos = abstract.find(sentence, pos + 1)
    text = item.shown_machine_value or item.value
    if text:
        match = re.search(rf"(?<!\w){re.escape(text)}(?!\w)", sentence, re.IGNORECASE)
        if match:
            return match.span()
    return None


def highlight(sentence: str, span: tuple[int, int] | None) -> str:
    if span is None:
        return sentence
    lo, hi = span
    return sentence[:lo] + click.style(sentence[lo:hi], bold=True, underline=True) + sentence[hi:]


@dataclass
class ReviewTally:
    shown: int = 0
    accepted: int = 0
    corrected: int = 0
    rejected: int = 0
    skipped: int = 0
    noted: int = 0
    moved: int = 0
    settled: int = 0  # values rejected with a rejected statistic
    read: int = 0  # withheld values accepted as read (placed where read, and accepted)

    def line(self) -> str:
        text = (f"{self.accepted} accepted, {self.corrected} corrected, {self.rejected} rejected, "
                f"{self.skipped} skipped, {self.noted} noted")
        if self.settled:
            text += f", {self.settled} rejected with them"
        text += f", {self.moved} moved" if self.moved else ""
        return text + (f", {self.read} accepted as read" if self.read else "")


def _describe(item: Item, index: int, total: int, abstract: str | None) -> list[str]:
    context = ", ".join(f"{k}: {v}" for k, v in item.context().items() if v and k != "statistic_id")
    lines = [f"[{index}/{total}] {item.pmid}  {item.field}" + (f"  ({context})" if context else "")]
    if item.source_sentence:
        lines.append("  " + highlight(item.source_sentence, value_span(item, abstract)))
    lines.append(f"  machine value: {item.shown_machine_value if item.shown_machine_value is not None else '(none)'}")
    if item.status in (CHANGED, ORPHANED):
        lines.append(f"  ! {item.status}: you reviewed {item.reviewed_machine_value!r}")
    if item.held is not None:
        score = item.held.get("p")
        lines.append(f"  withheld for review: read as {item.held_text()}"
                     + (f" (export gate confidence {score:.2f})" if score is not None else ""))
        if item.move_revision is not None and not item.moved:
            lines.append(f"  placed as read ({item.moved_by}, {item.moved_at})")
    if item.moved:
        lines.append(f"  moved: {move_description(item)} ({item.moved_by}, {item.moved_at})")
    if item.decision:
        shown = f" {item.value}" if item.value is not None else ""
        cause = f" with {item.cause}" if item.cause else ""
        lines.append(f"  current decision: {item.decision}{shown}{cause} ({item.reviewer}, {item.decided_at})")
    if item.note:
        lines.append(f"  note: {item.note}")
    return lines


def unmatched_lines(items: list[Item]) -> list[str]:
    """The block shown first: reviewed values re-extraction did not find again with certainty."""
    lost = [i for i in items if i.unresolved]
    if not lost:
        return []
    lines = [f"! {len(lost)} reviewed value(s) not found again after re-extraction; until matched, their "
             "studies are left out of the outcomes they belong to:"]
    for item in lost:
        context = ", ".join(f"{k}: {v}" for k, v in item.context().items() if v and k != "statistic_id")
        decided = f"{item.decision} {item.value}" if item.value else (item.decision or "note")
        lines.append(f"  {item.value_id}  {item.pmid} {item.field} ({context}): {decided} by {item.reviewer}, "
                     f"{item.decided_at}; was {item.reviewed_machine_value!r} in: {item.source_sentence!r}")
        match = item.match or {}
        if match.get("candidates"):
            lines.append(f"    {match['status']}: {match.get('reason') or ''}; candidates: {', '.join(match['candidates'])}")
        else:
            lines.append(f"    lost: {match.get('reason') or 'no such value any more'}")
    lines.append("  match one with `stemfoot review --match OLD_ID=NEW_ID`, or `--dismiss OLD_ID` if it no longer applies")
    return lines


def withheld_line(items: list[Item]) -> str | None:
    """'withheld by the export gate: 2 statistic(s) (3 value(s)), 1 placed by a reviewer', or None when none is."""
    held = [i for i in items if i.held is not None]
    if not held:
        return None
    stats = {i.statistic_id for i in held}
    placed = {i.statistic_id for i in held if i.move_revision is not None}
    return (f"withheld by the export gate: {len(stats)} statistic(s) ({len(held)} value(s)), "
            f"{len(placed)} placed by a reviewer")


def _validator(item: Item):
    def convert(text: str) -> str:
        try:
            return canonical(text, item.value_type, item.field)
        except ValueError as exc:
            raise click.UsageError(f"{exc} ({item.field} is {item.value_type})") from exc
    return convert


def read_key(keys: str) -> str:
    """One key press after the ``keys`` prompt, lower-cased; end of input reads as 'q'."""
    click.echo(f"{keys} > ", nl=False)
    try:
        return click.getchar().lower()
    except EOFError:
        return "q"


def review_session(
    db: sqlite_utils.Database, reviewer: str, pmids: list[str] | None = None, outcome: str | None = None,
    include_reviewed: bool = False, held_only: bool = False,
) -> ReviewTally:
    """Walk the reviewer through the values that need a look; every key is saved at once.

    ``held_only``: only values the export gate withheld, including those
    already decided whose placement is still open.
    """
    loaded = load_items(db.conn, pmids, outcome)
    for line in unmatched_lines(loaded):
        click.echo(line)
    line = withheld_line(loaded)
    if line:
        click.echo(line + ("" if held_only else " (--held reviews only these)"))
    items = [i for i in loaded if include_reviewed or i.status in (PENDING, CHANGED) or (held_only and i.placement_open)]
    if held_only:
        items = [i for i in items if i.held is not None]
    abstracts = store.abstracts(db)
    tally = ReviewTally()
    if not items:
        click.echo("nothing to review")
        return tally

    def save(item: Item, decision: str, **kwargs: str) -> None:
        with transaction(db) as conn:
            record_event(conn, item, decision, reviewer=reviewer, source="interactive", **kwargs)

    every = load_items(db.conn)  # the whole corpus: dependents, arms and outcomes of other values
    by_id = {i.value_id: i for i in items}
    every = [by_id.get(i.value_id, i) for i in every]

    settled_ids: set[str] = set()
    for index, item in enumerate(items, start=1):
        if item.value_id in settled_ids and not include_reviewed:
            continue  # rejected with a statistic earlier in this session
        click.echo("\n".join(_describe(item, index, len(items), abstracts.get(item.study_id))))
        tally.shown += 1
        acted = False  # a note or a move before quitting keeps the value counted as shown
        while True:
            key = read_key(KEYS if item.held is None else HELD_KEYS)
            if key in ("q", ""):
                click.echo("quit")
                if not acted:
                    tally.shown -= 1
                return tally
            if key == "a" and item.shown_machine_value is None:
                click.echo("there is no machine value to accept; correct or reject it")
            elif key == "a":
                save(item, "accept")
                click.echo("accepted")
                tally.accepted += 1
                break
            elif key == "h" and item.held is not None:
                try:
                    with transaction(db) as conn:
                        event, others = accept_as_read(conn, item, every, reviewer=reviewer, source="interactive")
                except CurationError as exc:
                    click.echo(str(exc))
                    continue
                where = move_description(item) if event is not None and item.moved else item.held_text()
                click.echo(f"accepted as read: {where}"
                           + (f" (with {len(others)} other value(s) of its statistic)" if others else ""))
                tally.read += 1
                break
            elif key == "c":
                click.echo("correct")
                value = click.prompt("  corrected value", value_proc=_validator(item))
                save(item, "correct", value=value)
                click.echo(f"corrected to {value}")
                tally.corrected += 1
                break
            elif key == "r":
                with transaction(db) as conn:
                    settled, kept = reject_with_dependents(conn, item, every, reviewer=reviewer, source="interactive")
                click.echo("rejected")
                for dep, why in settled:
                    click.echo(f"  rejected with it: {why} ({dep.field} {dep.shown_machine_value})")
                for dep, why in kept:
                    click.echo(f"  kept: {why} ({dep.field} {dep.shown_machine_value}): already {dep.decision}")
                tally.rejected += 1
                tally.settled += len(settled)
                settled_ids.update(dep.value_id for dep, _ in settled)
                break
            elif key == "m" and item.move_target is None:
                click.echo(f"only statistics and arm values can be moved, not {item.field}")
            elif key == "m":
                click.echo("move")
                names = ATTRIBUTION if item.field.startswith("statistic.") else ("arm",)
                target = {name: click.prompt(f"  {name} ({NONE} for none)", default=getattr(item, name) or NONE)
                          for name in names}
                target = {k: (None if v.strip() == NONE else v) for k, v in target.items()}
                try:
                    new = check_move(item, target, known_arms(every, item.study_id), known_outcomes(every))
                    with transaction(db) as conn:
                        event = move_value(conn, item, new, reviewer=reviewer, source="interactive")
                except CurationError as exc:
                    click.echo(str(exc))
                    continue
                if event is None:
                    click.echo("not moved: that is where it is")
                    continue
                others = follow_move(item, every)
                click.echo(f"moved: {move_description(item)}"
                           + (f" (with {len(others)} other value(s) of its statistic)" if others else ""))
                tally.moved += 1
                acted = True
            elif key == "s":
                click.echo("skipped")
                tally.skipped += 1
                break
            elif key == "n":
                click.echo("note")
                note = click.prompt("  note").strip()
                if note:
                    save(item, "note", note=note)
                    tally.noted += 1
                    acted = True
            else:
                click.echo(f"unknown key {key!r}")
    return tally
