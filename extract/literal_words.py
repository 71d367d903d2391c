"""Where a literal name stands in a text between word boundaries, found without compiling a pattern per name.

The stages look up each abstract's own arm names and phrases; a pattern compiled for every one of them costs more
than the search, and flushes ``re``'s cache of the fixed patterns. ``word_spans`` finds what ``re.finditer`` of the
escaped name between look-arounds finds, case-blind by Python's own rules.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

#: The characters ``re.IGNORECASE`` matches with an ASCII letter besides its two cases (Python's Unicode case rules:
#: dotted and dotless I, long s, the Kelvin sign). Folded, then lower-cased, a text holds an ASCII name case-blind
#: exactly where the case-blind pattern matches: no other character lower-cases to an ASCII letter, and only U+0130
#: lower-cases to more than one character.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


@lru_cache(maxsize=32)
def _folded(text: str) -> str:
    # Cached: one abstract's text is searched for each of its names.
    return text.translate(_FOLD).lower()


@lru_cache(maxsize=1024)
def _pattern(name: str, not_before: str, not_after: str, ignore_case: bool) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w{re.escape(not_before)}]){re.escape(name)}(?![\w{re.escape(not_after)}])",
                      re.I if ignore_case else 0)


def _bounds(text: str, pos: int, end: int, not_before: str, not_after: str) -> bool:
    # ``\w`` of a str pattern is ``str.isalnum()`` or "_".
    left = text[pos - 1] if pos else ""
    right = text[end] if end < len(text) else ""
    return not (left and (left.isalnum() or left == "_" or left in not_before)) and not (
        right and (right.isalnum() or right == "_" or right in not_after))


def _find(text: str, name: str, ignore_case: bool, ok: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """Non-overlapping spans of an ASCII ``name`` where ``ok(start, end)``, left to right (a failed place lets the
    next one start inside it)."""
    hay, needle = (_folded(text), name.lower()) if ignore_case else (text, name)
    out: list[tuple[int, int]] = []
    pos = hay.find(needle)
    while pos >= 0:
        end = pos + len(needle)
        if ok(pos, end):
            out.append((pos, end))
            pos = hay.find(needle, end)
        else:
            pos = hay.find(needle, pos + 1)
    return out


def word_spans(text: str, name: str, not_before: str = "", not_after: str = "",
               ignore_case: bool = True) -> list[tuple[int, int]]:
    """The spans of ``name`` in ``text`` with no word character (nor one of ``not_before``) just before and none
    (nor one of ``not_after``) just after, left to right without overlaps: what ``re.finditer`` of
    ``(?<![\\w<not_before>])<name>(?![\\w<not_after>])`` finds (case-blind with ``ignore_case``). A name that is
    not ASCII, or empty, is searched with that pattern."""
    if not name or not name.isascii():
        return [m.span() for m in _pattern(name, not_before, not_after, ignore_case).finditer(text)]
    return _find(text, name, ignore_case, lambda pos, end: _bounds(text, pos, end, not_before, not_after))


def spans(text: str, name: str) -> list[tuple[int, int]]:
    """The spans of ``name`` in ``text``, case-blind, left to right without overlaps, word boundaries or not: what
    ``re.finditer(re.escape(name), text, re.I)`` finds."""
    if not name or not name.isascii():
        return [m.span() for m in re.finditer(re.escape(name), text, re.I)]
    return _find(text, name, True, lambda pos, end: True)
