"""Controlled vocabularies (shipped in ``stemfoot/schemas``) compiled to matchers."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterator


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
        parts = [f"(?P<t{i}>{'|'.join(e[key])})" for i, e in enumerate(entries) if e.get(key)]
        # One boundary check around the whole alternation: the engine then skips
        # mid-word positions before trying any of the terms.
        return re.compile(_bounded("|".join(parts)), flags) if parts else None

    def _iter(self, rx: re.Pattern | None, text: str) -> Iterator[Hit]:
        if rx is None:
            return
        for m in rx.finditer(text):
            group = m.lastgroup
            if group is None:
                continue
            yield Hit(self.terms[int(group[1:])], m.start(), m.end(), m.group())

    def find(self, text: str) -> list[Hit]:
        """All non-overlapping matches, longest first on overlap, in text order."""
        hits = sorted(
            [*self._iter(self._loose, text), *self._iter(self._strict, text)],
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
def cell_types() -> Vocabulary:
    return Vocabulary(_load("cell_types.json")["terms"])


@lru_cache(maxsize=None)
def outcomes() -> Vocabulary:
    return Vocabulary(_load("outcomes.json")["terms"])


@lru_cache(maxsize=None)
def intervention_facets() -> dict[str, Vocabulary]:
    """Route, source, mobilisation and co-intervention vocabularies by facet name."""
    data = _load("interventions.json")
    return {facet: Vocabulary(entries) for facet, entries in data.items() if facet != "description"}
