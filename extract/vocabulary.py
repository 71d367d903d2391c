"""Controlled vocabularies (shipped in ``stemfoot/schemas``) compiled to matchers."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterator

from stemfoot.extract.pattern_data import first_chars


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    countable: bool = False
    source: str | None = None


@dataclass(frozen=True)
class Hit:
    """A vocabulary match: character offsets into the searched text."""

    term: Term
    start: int
    end: int
    text: str


#: Unicode hyphens and dashes (U+2010-U+2013, U+2212) and subscript digits, read as their ASCII forms.
_PLAIN = {**{c: "-" for c in (0x2010, 0x2011, 0x2012, 0x2013, 0x2212)},
          **{0x2080 + d: str(d) for d in range(10)}}
_TO_PLAIN = re.compile("[" + "".join(map(chr, _PLAIN)) + "]")


@lru_cache(maxsize=16)
def _plain(text: str) -> str:
    """``text`` with ``_PLAIN`` applied; several vocabularies search one text, and translate() looks every
    character up in a dict, so it runs once per text and only where there is something to replace."""
    return text.translate(_PLAIN) if _TO_PLAIN.search(text) else text


def _bounded(pattern: str) -> str:
    # Lookarounds instead of \b so patterns may start or end with "+" or ")".
    return rf"(?<![\w\-])(?=[\w(])(?:{pattern})(?![\w])"


class Vocabulary:
    """Terms with regex synonyms; the first listed term wins a tie at one start."""

    def __init__(self, entries: list[dict]) -> None:
        self.terms = [
            Term(e["id"], e.get("label", e["id"]), bool(e.get("countable", False)), e.get("source"))
            for e in entries
        ]
        self.by_id = {t.id: t for t in self.terms}
        self._loose = self._compile(entries, "patterns", re.IGNORECASE)
        self._strict = self._compile(entries, "abbrev", 0)

    @staticmethod
    def _compile(entries: list[dict], key: str, flags: int) -> re.Pattern | None:
        """One regex for all terms, dispatched on the first character.

        Python's re tries every alternative at every word start; a lookahead on
        the first letter skips the terms that cannot start there (3-5x faster).
        """
        buckets: dict[str, list[tuple[int, str]]] = {}
        anywhere: list[tuple[int, str]] = []
        for i, e in enumerate(entries):
            for pattern in e.get(key, []):
                chars = first_chars(pattern, flags)
                if chars is None:
                    anywhere.append((i, pattern))
                for c in chars or ():
                    buckets.setdefault(c, []).append((i, pattern))
        if not buckets and not anywhere:
            return None
        heads: list[list[str]] = []
        bucket_branches: list[str] = []
        for n, (c, items) in enumerate(sorted(buckets.items())):
            merged = sorted(items + anywhere)
            terms = "|".join(f"(?P<t{i}_{n}>{'|'.join(p for j, p in merged if j == i)})"
                             for i in dict.fromkeys(j for j, _ in merged))
            heads.append([re.escape(c), re.escape(c.upper())])
            bucket_branches.append(f"(?={'|'.join(heads[-1])})(?:{terms})")
        # The buckets go in groups of about sqrt(n) under one look-ahead, the union of theirs: at a word start re
        # tests each group's look-ahead, then only the buckets of the group that admits the letter (the same
        # branches in the same order, so the same match).
        size = max(1, round(len(bucket_branches) ** 0.5))
        branches = [f"(?={'|'.join(h for hs in heads[k:k + size] for h in hs)})"
                    f"(?:{'|'.join(bucket_branches[k:k + size])})" for k in range(0, len(bucket_branches), size)]
        if anywhere:
            terms = "|".join(f"(?P<t{i}_any>{'|'.join(p for j, p in anywhere if j == i)})"
                             for i in dict.fromkeys(j for j, _ in anywhere))
            branches.append(f"(?:{terms})")
        return re.compile(_bounded("|".join(branches)), flags)

    def _iter(self, rx: re.Pattern | None, text: str, original: str) -> Iterator[Hit]:
        if rx is None:
            return
        for m in rx.finditer(text):
            group = m.lastgroup
            if group is None:
                continue
            yield Hit(self.terms[int(group[1:].split("_")[0])], m.start(), m.end(), original[m.start():m.end()])

    def find(self, text: str) -> list[Hit]:
        """All non-overlapping matches, longest first on overlap, in text order.

        Patterns are written with ASCII hyphens and digits; Unicode hyphens, dashes and subscript digits in
        the text ("ankle–brachial", "pain‑free", "TcPO₂") match them (one character for one: offsets hold)."""
        plain = _plain(text)
        hits = sorted(
            [*self._iter(self._loose, plain, text), *self._iter(self._strict, plain, text)],
            key=lambda h: (h.start, -(h.end - h.start)),
        )
        kept: list[Hit] = []
        for hit in hits:
            if kept and hit.start < kept[-1].end:
                continue
            kept.append(hit)
        return kept

    def lookup(self, text: str) -> Term | None:
        """The term a whole phrase (e.g. an abbreviation's long form) names, if any."""
        hits = self.find(text)
        return hits[0].term if hits else None


def _load(name: str) -> dict:
    return json.loads(resources.files("stemfoot.schemas").joinpath(name).read_text("utf-8"))


@lru_cache(maxsize=None)
def outcome_ids(*flags: str) -> frozenset[str]:
    """Ids of the outcome terms (``schemas/outcomes.json``) that carry any of ``flags`` ("characteristic",
    "entry_measure", "subgroup", "unit_percent", ...)."""
    return frozenset(t["id"] for t in _load("outcomes.json")["terms"] if any(t.get(f) for f in flags))


@lru_cache(maxsize=None)
def cell_types() -> Vocabulary:
    return Vocabulary(_load("cell_types.json")["terms"])


@lru_cache(maxsize=None)
def outcomes() -> Vocabulary:
    """Every outcome term, baseline characteristics included (to read a label or a query)."""
    return Vocabulary(_load("outcomes.json")["terms"])


@lru_cache(maxsize=None)
def outcome_topics() -> Vocabulary:
    """The terms a sentence may be about: all but the ``baseline_only`` characteristics ("diabetes", "men"),
    which name a value only next to its number in a description of the sample (see ``baseline.py``)."""
    return Vocabulary([t for t in _load("outcomes.json")["terms"] if not t.get("baseline_only")])


@lru_cache(maxsize=None)
def characteristics() -> Vocabulary:
    """The baseline characteristics (``characteristic``: age, sex, diabetes, dialysis, aetiology, ...)."""
    return Vocabulary([t for t in _load("outcomes.json")["terms"] if t.get("characteristic")])


@lru_cache(maxsize=None)
def intervention_facets() -> dict[str, Vocabulary]:
    """Route, source, mobilisation and co-intervention vocabularies by facet name."""
    data = _load("interventions.json")
    return {facet: Vocabulary(entries) for facet, entries in data.items() if facet != "description"}
