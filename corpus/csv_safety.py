"""CSV formula injection (OWASP "CSV Injection") and the csv module's field-size limit.

A cell that begins with ``= + - @``, a tab or a carriage return may be run as a
formula when the CSV is opened in Excel, LibreOffice or Google Sheets
(``=HYPERLINK(...)``, DDE ``=cmd|' /C calc'!A0``). Abstract text, titles and
notes come from third parties, so every CSV stemfoot writes goes through
`neutralise_cell`: such a cell gets a leading single quote, which spreadsheets
show as text.

**Numbers are left alone** (a deliberate departure from OWASP, which says to
prefix always). The review sheet must round-trip values such as a mean
difference ``-3.2``, a CI bound ``-0.5`` or ``+5`` as *numbers*: a quoted
``'-3.2`` is text to a spreadsheet (it will not sort, sum, or compare as a
number, and some applications save the quote back). A cell is exempt only when
it is *entirely* a plain decimal number (`PLAIN_NUMBER`: optional sign,
digits, one ``.`` or ``,`` decimal separator, optional exponent). Such a cell
holds no function name, cell reference, operator chain or DDE payload, so a
spreadsheet can only read it as the number it is; ``-1+1``, ``-2,3+cmd``,
``-`` or ``-inf`` are not plain numbers and are prefixed.

`restore_cell` undoes `neutralise_cell` exactly (``restore(neutralise(x)) ==
x`` for every string), for `review --import`: a cell that *already* begins
with quotes before a trigger character is given one more, so it reads back
unchanged; and a spreadsheet that drops the quote on save gives the
unprefixed cell, which reads back the same.
"""
from __future__ import annotations

import csv
import re
from typing import Any, Iterable, Sequence

from stemfoot.corpus.errors import CorpusError

#: Characters that make a spreadsheet evaluate a cell (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
#: A whole cell that is a plain decimal number; exempt from the prefix (see module doc).
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?")
#: Default csv field-size limit (`--max-csv-field`); the csv module's own default is 131,072
#: characters, which one long abstract with tables can exceed. 10 MiB stays far
#: below memory trouble while no real cell comes near it.
DEFAULT_CSV_FIELD_LIMIT = 10 * 1024 * 1024


class CsvFieldTooLarge(CorpusError):
    """A CSV cell over the field-size limit: names the file, the line, the limit and the option."""


def _needs_prefix(text: str) -> bool:
    bare = text.lstrip(QUOTE)
    return bare.startswith(FORMULA_TRIGGERS) and not PLAIN_NUMBER.fullmatch(bare)


def neutralise_cell(value: Any) -> str:
    """The cell text for ``value``: None -> '', plain numbers as is, dangerous text with a leading quote."""
    if value is None:
        return ""
    text = str(value)  # a float -inf or nan is not a plain number either, and gets the prefix
    return QUOTE + text if _needs_prefix(text) else text


def restore_cell(text: str) -> str:
    """Undo `neutralise_cell` on a cell read back from a sheet."""
    if text.startswith(QUOTE) and _needs_prefix(text[1:]):
        return text[1:]
    return text


def neutralise_row(row: Iterable[Any]) -> list[str]:
    return [neutralise_cell(v) for v in row]


def restore_row(row: Sequence[str]) -> list[str]:
    return [restore_cell(v) for v in row]


class SafeWriter:
    """A `csv.writer` whose every cell goes through `neutralise_cell`."""

    def __init__(self, fh: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(fh, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(neutralise_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter(csv.DictWriter):
    """A `csv.DictWriter` whose every cell (header included) goes through `neutralise_cell`."""

    def writeheader(self) -> Any:
        return self.writer.writerow(neutralise_row(self.fieldnames))

    def _dict_to_list(self, rowdict: dict) -> Any:  # type: ignore[override]
        return neutralise_row(super()._dict_to_list(rowdict))


def raise_csv_field_limit(max_chars: int = DEFAULT_CSV_FIELD_LIMIT) -> int:
    """Set the csv module's field-size limit to ``max_chars``; return the previous limit.

    The limit is process-wide (csv keeps it globally); callers that must not
    leak it restore the returned value.
    """
    if max_chars < 1:
        raise ValueError(f"the CSV field limit must be positive, not {max_chars}")
    return csv.field_size_limit(max_chars)


def csv_field_error(exc: csv.Error, name: str, line: int | None,
                    option: str = "--max-csv-field") -> CorpusError:
    """Turn a csv.Error into a one-line error; the field-limit case names the limit and option."""
    text = str(exc)
    where = f"{name}: line {line}" if line else name
    if "field larger than field limit" in text:
        limit = csv.field_size_limit()
        return CsvFieldTooLarge(f"{where}: a cell is longer than {limit:,} characters "
                                f"(limit {limit:,}; raise it with {option})")
    return CorpusError(f"{where}: malformed CSV ({text})")
