"""Regex tables kept as data: ``extract/patterns/<module>.json``, compiled once when the module is imported.

A file has ``patterns`` (name -> ``{"regex", "flags", "doc"}``, or ``{"table": [{"label", "regex", "flags"}]}`` for
an ordered list of labelled patterns) and optional ``fragments`` (named sub-patterns, resolved in order). A regex
may be a list of strings, joined as written (one line a piece). ``{NAME}`` in a regex stands for a fragment of the
file or one passed by the module (``COUNT``, ``NUM``...: the number grammar's building blocks, defined in Python
once); quantifiers such as ``{0,3}`` are left alone. A case-insensitive pattern that can start with only a few
characters is compiled behind a look-ahead on them (``_dispatched``: the same matches, found faster).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from importlib import resources
from types import SimpleNamespace
from typing import Any

try:  # the regex parser moved in Python 3.11
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

_REF = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_FLAGS = {"I": re.I, "M": re.M, "S": re.S, "X": re.X, "A": re.A, "U": re.U}
#: Inline global flags, which must open a pattern (none is put before them).
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
#: The most first characters (in lower case) a look-ahead may admit and still pay (``_dispatched``).
_MAX_HEADS = 20


def _text(regex: str | list[str], parts: dict[str, str], where: str) -> str:
    template = regex if isinstance(regex, str) else "".join(regex)

    def part(m: re.Match) -> str:
        if m.group(1) not in parts:
            raise KeyError(f"{where}: no fragment {m.group(1)}")
        return parts[m.group(1)]

    return _REF.sub(part, template)


def _dispatched(text: str, flags: int) -> str:
    """``text`` behind a look-ahead on the few characters it can start with, where it is case-insensitive.

    re tries a pattern at every character, and a case-insensitive alternation of words one branch at a time (no
    branch is skipped on its first letter under re.I): the look-ahead turns it away at most characters first.
    It is read off the pattern (``first_chars``) and holds both cases under the pattern's flags, so it folds
    case as the pattern does: the same matches, ~2x faster for a word-led pattern."""
    if not flags & re.I or flags & re.X or _GLOBAL_FLAGS.match(text):
        return text
    chars = first_chars(text, flags)
    if not chars or len(chars) > _MAX_HEADS:
        return text
    heads = sorted({c for ch in chars for c in (ch, ch.upper())})
    return f"(?=[{''.join(map(re.escape, heads))}])(?:{text})"


def _compile(spec: dict, parts: dict[str, str], where: str) -> re.Pattern[str]:
    flags = 0
    for letter in spec.get("flags", ""):
        flags |= _FLAGS[letter]
    return re.compile(_dispatched(_text(spec["regex"], parts, where), flags), flags)


def load_patterns(name: str, **fragments: str) -> SimpleNamespace:
    """The compiled patterns (and resolved fragments) of ``patterns/<name>.json`` as attributes.

    ``fragments`` are the Python-defined sub-patterns the file refers to by name.
    """
    data = json.loads(resources.files(__package__).joinpath("patterns", f"{name}.json").read_text(encoding="utf-8"))
    parts = dict(fragments)
    own: dict[str, object] = {}
    for key, spec in data.get("fragments", {}).items():
        parts[key] = own[key] = _text(spec["regex"], parts, f"{name}.{key}")
    for key, spec in data["patterns"].items():
        where = f"{name}.{key}"
        if "table" in spec:
            own[key] = [(row["label"], _compile(row, parts, where)) for row in spec["table"]]
        else:
            own[key] = _compile(spec, parts, where)
    return SimpleNamespace(**own)


def first_chars(pattern: str, flags: int) -> set[str] | None:
    """The characters a pattern can start with, lower-cased (``str.lower``: "İ" gives "i" and a combining dot);
    None when it admits too many to list, or can match the empty string (and so match anywhere)."""
    chars = _firsts(_parser.parse(pattern, flags))
    if chars is None or "" in chars:
        return None
    return chars


def _firsts(items: Iterable[tuple[Any, Any]]) -> set[str] | None:  # noqa: C901 - a walk over sre opcodes
    """The first characters of a parsed (sub)pattern, ``""`` among them where it can match nothing; None where a
    token admits too many to list (a category, a negated class, any character, a group reference ...).
    Assertions and anchors consume nothing, so the walk reads past them; an optional or nullable token adds its
    characters and the walk goes on to the next."""
    out: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            return out | {chr(av).lower()}
        if op is _c.IN:
            for o, a in av:
                if o is _c.LITERAL:
                    out.add(chr(a).lower())
                elif o is _c.RANGE:
                    out.update(chr(x).lower() for x in range(a[0], a[1] + 1))
                else:
                    return None
            return out
        if op is _c.SUBPATTERN or op is _c.BRANCH:
            subs = [av[3]] if op is _c.SUBPATTERN else av[1]
            nullable = False
            for sub in subs:
                f = _firsts(sub)
                if f is None:
                    return None
                nullable |= "" in f
                out |= f - {""}
            if not nullable:
                return out
            continue
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            low, _, sub = av
            f = _firsts(sub)
            if f is None:
                return None
            out |= f - {""}
            if low > 0 and "" not in f:
                return out
            continue
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        return None
    return out | {""}
