"""Checks on a review sheet before `review --import` applies it.

- `truncation_problem`: a sheet cut off mid-save or mid-copy (a quoted cell
  never closed; a last row shorter than the header with no final line break).
  Importing such a sheet would silently drop the rows after the cut.
- `ragged_rows`: rows whose filled cells reach past the header (values that
  belong to no column) or stop short of it.
- `check_required_columns`: `id`, `revision` and `decided_at` must be there;
  without `revision` the stale-sheet check (a row curated again since export)
  cannot run, so a sheet that lost it is refused, not trusted.
- `identity_errors`: `revision` and `decided_at` are stemfoot's, never the
  reviewer's; an edited or shifted value there is an error.
- `value_errors`, `consistency_errors`: values that cannot be true by their
  kind: counts are whole numbers >= 0, p in [0, 1], SD > 0, a percentage in
  [0, 100], events <= total, CI lower <= upper.

Messages follow `curation_sheet`: ``row N, column C: ...`` with N counted as a
spreadsheet shows rows (the header is row 1).
"""
from __future__ import annotations

import csv
import io
import math
import re
from typing import Iterable, Mapping, Sequence

from stemfoot.corpus.errors import CorpusError

#: Columns a sheet must keep for its rows to be checked against the database.
REQUIRED_COLUMNS = ("id", "revision", "decided_at")
#: Columns written by stemfoot that a reviewer must not edit (compared with the database).
IDENTITY_COLUMNS = ("revision", "decided_at")
COUNT_FIELDS = ("n_patients", "n_limbs", "n_ulcers", "arm.n_patients", "arm.n_limbs",
                "statistic.events", "statistic.total")
_DECIDED_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:\d{2}|Z)?")
_BOUND = re.compile(r"(<=|>=|<|>)?(.*)")
_STAT_CONTEXT = ("pmid", "arm", "outcome", "timepoint", "kind")


class SheetCheckError(CorpusError):
    """A sheet refused as a whole (truncated, or missing a required column), in one line."""


def _canonical(text: str, field: str) -> str:
    """Adapter to the sheet's own value rules (comma decimals, p bounds, '%'): the one call into existing code."""
    from stemfoot.review.values import FIELD_TYPES, canonical
    return canonical(text, FIELD_TYPES.get(field, "text"), field)


def delimiter_of(text: str) -> str:
    """The delimiter `curation_sheet.read_sheet` uses: the most frequent of , ; tab on the first non-blank line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max((",", ";", "\t"), key=first.count)


def _unclosed_quote_line(text: str, delimiter: str) -> int | None:
    """The line where a quoted cell opens and never closes, else None (RFC 4180 quoting)."""
    in_quotes, at_start, line, opened = False, True, 1, 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        if in_quotes:
            if c == '"':
                if i + 1 < n and text[i + 1] == '"':
                    i += 2
                    continue
                in_quotes, at_start = False, False
        elif c == '"' and at_start:
            in_quotes, opened = True, line
        else:
            at_start = c in (delimiter, "\n", "\r")
        i += 1
    return opened if in_quotes else None


def _records(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _width(cells: Sequence[str]) -> int:
    """Cells up to the last non-empty one (spreadsheets pad rows with empty cells)."""
    width = len(cells)
    while width and not cells[width - 1].strip():
        width -= 1
    return width


def truncation_problem(text: str) -> str | None:
    """Why the sheet looks cut off, or None.

    A missing final line break alone is accepted (some spreadsheet exports
    omit it); with a short last row, or inside an unclosed quoted cell, the
    file was cut.
    """
    if not text.strip():
        return None
    delimiter = delimiter_of(text)
    opened = _unclosed_quote_line(text, delimiter)
    if opened is not None:
        return f"a quoted cell opened on line {opened} is never closed: the file is truncated"
    if text.endswith(("\n", "\r")):
        return None
    records = [r for r in _records(text, delimiter) if any(c.strip() for c in r)]
    if len(records) < 2:
        return None
    header, last = records[0], records[-1]
    if len(last) < _width(header):
        return (f"the last row (row {len(_records(text, delimiter))}) has {len(last)} of {_width(header)} cells and "
                "no line break after it: the file is truncated")
    return None


def check_complete(text: str, name: str) -> None:
    """Raise `SheetCheckError` (one line) if the sheet looks truncated."""
    problem = truncation_problem(text)
    if problem:
        raise SheetCheckError(f"{name}: {problem}; save it again from the spreadsheet (nothing was changed)")


def ragged_rows(text: str) -> list[tuple[int, int, int]]:
    """(row number, filled cells, header cells) for rows that reach past the header or stop short of it.

    Trailing empty cells do not count; blank rows are skipped.
    """
    delimiter = delimiter_of(text)
    records = _records(text, delimiter)
    if not records:
        return []
    width = _width(records[0])
    out = []
    for number, cells in enumerate(records[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        filled = _width(cells)
        if filled > width or len(cells) < width:
            out.append((number, filled if filled > width else len(cells), width))
    return out


def check_required_columns(header: Iterable[str], name: str, required: Sequence[str] = REQUIRED_COLUMNS) -> None:
    """Refuse a sheet without ``required`` columns (compared case- and space-insensitively)."""
    present = {h.strip().lower() for h in header}
    missing = [c for c in required if c not in present]
    if missing:
        raise SheetCheckError(
            f"{name}: row 1: missing column(s) {', '.join(missing)}; without them the sheet cannot be checked "
            "against later changes (re-export it and keep these columns)")


def identity_errors(number: int, row: Mapping[str, str], current: Mapping[str, str | None]) -> list[str]:
    """Errors for edited `revision` / `decided_at` cells.

    ``current`` holds the database's value of each identity column for the
    row's id (None or '' when it has none). A mismatch means the cell was
    edited or moved, or the value was curated again after export.
    """
    errors = []
    for column in IDENTITY_COLUMNS:
        sheet = (row.get(column) or "").strip()
        expected = (current.get(column) or "").strip()
        if column == "revision" and sheet and not sheet.isdigit():
            errors.append(f"row {number}, column revision: {sheet!r} is not a revision number (written by "
                          "stemfoot; do not edit it)")
        elif column == "decided_at" and sheet and not _DECIDED_AT.fullmatch(sheet):
            errors.append(f"row {number}, column decided_at: {sheet!r} is not the time stemfoot wrote "
                          "(did the spreadsheet reformat it? keep it as text)")
        elif sheet != expected:
            errors.append(f"row {number}, column {column}: {sheet!r}, but the database has {expected!r} "
                          "(edited, or curated again since export; re-export and redo this row)")
    return errors


def _number(text: str, field: str) -> tuple[str, float] | None:
    """(bound operator, value) of a numeric cell; None when empty or not a number (checked elsewhere)."""
    if not text or not text.strip():
        return None
    try:
        canon = _canonical(text, field)
    except ValueError:
        return None
    op, num = _BOUND.fullmatch(canon).groups()  # type: ignore[union-attr]
    try:
        value = float(num)
    except ValueError:
        return None
    return (op or "", value) if math.isfinite(value) else None


def value_errors(field: str, text: str) -> str | None:
    """Why ``text`` cannot be a value of ``field``, by its kind; None when plausible or not numeric."""
    if field in COUNT_FIELDS:
        try:
            canon = _canonical(text, field)
        except ValueError as exc:
            return str(exc)
        if int(canon) < 0:
            return f"{text.strip()!r}: a count cannot be negative"
        return None
    parsed = _number(text, field)
    if parsed is None:
        return None
    op, value = parsed
    if field == "statistic.p":
        # "<0" and ">1" are bounds no p-value can meet.
        if value < 0 or value > 1 or (op == "<" and value == 0) or (op == ">" and value == 1):
            return f"{text.strip()!r}: a p-value lies between 0 and 1"
    elif field == "statistic.sd":
        if value <= 0:
            return f"{text.strip()!r}: a standard deviation is greater than 0"
    elif field == "statistic.percent":
        if not 0 <= value <= 100:
            return f"{text.strip()!r}: a percentage lies between 0 and 100"
    return None


def effective_cell(row: Mapping[str, str]) -> str | None:
    """The value a row leaves in force: corrected_value with correct/add, nothing when rejected, else machine_value."""
    decision = (row.get("decision") or "").strip().lower()
    if decision == "reject":
        return None
    if decision in ("correct", "add"):
        return row.get("corrected_value") or None
    return row.get("machine_value") or None


def row_value_errors(number: int, row: Mapping[str, str]) -> list[str]:
    """`value_errors` for the reviewer's value (corrected_value) of one row."""
    decision = (row.get("decision") or "").strip().lower()
    corrected = (row.get("corrected_value") or "").strip()
    if decision not in ("correct", "add") or not corrected:
        return []
    problem = value_errors((row.get("field") or "").strip(), corrected)
    return [f"row {number}, column corrected_value: {problem}"] if problem else []


def _statistic_key(row: Mapping[str, str]) -> tuple:
    sid = (row.get("statistic_id") or "").strip()
    if sid:
        return ("id", sid)
    return ("context", *((row.get(k) or "").strip().lower() for k in _STAT_CONTEXT))


def consistency_errors(rows: Iterable[tuple[int, Mapping[str, str]]]) -> list[str]:
    """Errors across the rows of one statistic: events <= total, ci_lower <= ci_upper.

    Rows belong together by `statistic_id`, or (added rows) by pmid, arm,
    outcome, timepoint and kind. Only pairs where a reviewer's decision is
    involved are reported: the machine's own output is not the sheet's fault.
    """
    groups: dict[tuple, dict[str, tuple[int, str, bool]]] = {}
    for number, row in rows:
        field = (row.get("field") or "").strip()
        if not field.startswith("statistic."):
            continue
        value = effective_cell(row)
        if value is None:
            continue
        decided = (row.get("decision") or "").strip().lower() in ("correct", "add")
        groups.setdefault(_statistic_key(row), {})[field] = (number, value, decided)
    errors = []
    for fields in groups.values():
        for low, high, words in (("statistic.events", "statistic.total", "events cannot exceed the total"),
                                 ("statistic.ci_lower", "statistic.ci_upper", "the CI's lower bound exceeds its upper bound")):
            if low not in fields or high not in fields:
                continue
            (n_low, v_low, d_low), (n_high, v_high, d_high) = fields[low], fields[high]
            a, b = _number(v_low, low), _number(v_high, high)
            if a is None or b is None or not (d_low or d_high):
                continue
            if a[1] > b[1]:
                number = n_low if d_low else n_high
                column = "corrected_value"
                errors.append(f"row {number}, column {column}: {words} ({low.split('.')[1]} {v_low.strip()} on row "
                              f"{n_low}, {high.split('.')[1]} {v_high.strip()} on row {n_high})")
    return errors
