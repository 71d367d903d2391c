"""The interactive review: one value at a time, its sentence with the value highlighted, one key per decision."""
from __future__ import annotations

import re
from dataclasses import dataclass

import click
import sqlite_utils

from stemfoot.review.decisions import CHANGED, ORPHANED, PENDING, Item, load_items, record_event
from stemfoot.review.values import canonical
from stemfoot.corpus import curation as store
from stemfoot.corpus.db import transaction

KEYS = "a accept, c correct, r reject, s skip, n note, q quit"


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

    def line(self) -> str:
        return (f"{self.accepted} accepted, {self.corrected} corrected, {self.rejected} rejected, "
                f"{self.skipped} skipped, {self.noted} noted")


def _describe(item: Item, index: int, total: int, abstract: str | None) -> list[str]:
    context = ", ".join(f"{k}: {v}" for k, v in item.context().items() if v and k != "statistic_id")
    lines = [f"[{index}/{total}] {item.pmid}  {item.field}" + (f"  ({context})" if context else "")]
    if item.source_sentence:
        lines.append("  " + highlight(item.source_sentence, value_span(item, abstract)))
    lines.append(f"  machine value: {item.shown_machine_value if item.shown_machine_value is not None else '(none)'}")
    if item.status in (CHANGED, ORPHANED):
        lines.append(f"  ! {item.status}: you reviewed {item.reviewed_machine_value!r}")
    if item.decision:
        shown = f" {item.value}" if item.value is not None else ""
        lines.append(f"  current decision: {item.decision}{shown} ({item.reviewer}, {item.decided_at})")
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


def _validator(item: Item):
    def convert(text: str) -> str:
        try:
            return canonical(text, item.value_type, item.field)
        except ValueError as exc:
            raise click.UsageError(f"{exc} ({item.field} is {item.value_type})") from exc
    return convert


def review_session(
    db: sqlite_utils.Database, reviewer: str, pmids: list[str] | None = None, outcome: str | None = None,
    include_reviewed: bool = False,
) -> ReviewTally:
    """Walk the reviewer through the values that need a look; every key is saved at once."""
    loaded = load_items(db.conn, pmids, outcome)
    for line in unmatched_lines(loaded):
        click.echo(line)
    items = [i for i in loaded if include_reviewed or i.status in (PENDING, CHANGED)]
    abstracts = store.abstracts(db)
    tally = ReviewTally()
    if not items:
        click.echo("nothing to review")
        return tally

    def save(item: Item, decision: str, **kwargs: str) -> None:
        with transaction(db) as conn:
            record_event(conn, item, decision, reviewer=reviewer, source="interactive", **kwargs)

    for index, item in enumerate(items, start=1):
        click.echo("\n".join(_describe(item, index, len(items), abstracts.get(item.study_id))))
        tally.shown += 1
        while True:
            click.echo(f"{KEYS} > ", nl=False)
            try:
                key = click.getchar().lower()
            except EOFError:
                key = "q"
            if key in ("q", ""):
                click.echo("quit")
                tally.shown -= 1
                return tally
            if key == "a" and item.shown_machine_value is None:
                click.echo("there is no machine value to accept; correct or reject it")
            elif key == "a":
                save(item, "accept")
                click.echo("accepted")
                tally.accepted += 1
                break
            elif key == "c":
                click.echo("correct")
                value = click.prompt("  corrected value", value_proc=_validator(item))
                save(item, "correct", value=value)
                click.echo(f"corrected to {value}")
                tally.corrected += 1
                break
            elif key == "r":
                save(item, "reject")
                click.echo("rejected")
                tally.rejected += 1
                break
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
            else:
                click.echo(f"unknown key {key!r}")
    return tally
