"""Regex tables kept as data: ``extract/patterns/<module>.json``, compiled once when the module is imported.

A file has ``patterns`` (name -> ``{"regex", "flags", "doc"}``, or ``{"table": [{"label", "regex", "flags"}]}`` for
an ordered list of labelled patterns) and optional ``fragments`` (named sub-patterns, resolved in order). A regex
may be a list of strings, joined as written (one line a piece). ``{NAME}`` in a regex stands for a fragment of the
file or one passed by the module (``COUNT``, ``NUM``...: the number grammar's building blocks, defined in Python
once); quantifiers such as ``{0,3}`` are left alone.
"""
from __future__ import annotations

import json
import re
from importlib import resources
from types import SimpleNamespace

_REF = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_FLAGS = {"I": re.I, "M": re.M, "S": re.S, "X": re.X, "A": re.A, "U": re.U}


def _text(regex: str | list[str], parts: dict[str, str], where: str) -> str:
    template = regex if isinstance(regex, str) else "".join(regex)

    def part(m: re.Match) -> str:
        if m.group(1) not in parts:
            raise KeyError(f"{where}: no fragment {m.group(1)}")
        return parts[m.group(1)]

    return _REF.sub(part, template)


def _compile(spec: dict, parts: dict[str, str], where: str) -> re.Pattern[str]:
    flags = 0
    for letter in spec.get("flags", ""):
        flags |= _FLAGS[letter]
    return re.compile(_text(spec["regex"], parts, where), flags)


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
