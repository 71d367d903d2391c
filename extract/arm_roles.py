"""Arm roles from the text's own words about an arm (issue 11: the arm inventory).

The rules name some arms without settling their role ("the SOC group", "the carrier arm", "the hydrogel group":
``named_group``), and an arm of no role is neither side of a comparison: its size and its values reach no pooled
table. What the text says about such an arm settles it, read in three places (templates in
``patterns/arm_roles.json``):

- where its name is defined, "... or best medical therapy (BMT, n = 25)", "to intramuscular (IM) injections of
  autologous bone marrow cells";
- "<name> alone", "SOC alone";
- what it received, "a hydrogel group, which received the same hydrogel without cells".

Those words are read as a listed arm's are (``arm_sizes.said_role``): inactive words make it the control, cells
make it active, else control words ("standard", "best medical", "alone") make it the control. Words saying
neither leave the role open (null beats a guess). Pure functions, no spaCy.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from stemfoot.extract.arm_inventory import ROLES
from stemfoot.extract.arm_sizes import said_role
from stemfoot.extract.pattern_data import load_patterns

_RX = load_patterns("arm_roles")
_DATA = json.loads(resources.files(__package__).joinpath("patterns", "arm_roles.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=256)
def _contexts(head: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The three context patterns for one arm name (a short abbreviation matches case-sensitively)."""
    name = re.escape(head)
    if not (len(head) <= 5 and head.upper() == head):
        name = f"(?i:{name})"
    # "PRP" is no name of the "BM-MNC+PRP group".
    name = rf"(?<![\w\-+/]){name}(?![\w\-+/])"
    group = _DATA["fragments"]["GROUP"]["regex"]
    ctx = _DATA["contexts"]
    return tuple(re.compile(ctx[k].replace("{HEAD}", name).replace("{GROUP}", group), re.I)  # type: ignore[return-value]
                 for k in ("DEFINED", "ALONE", "RECEIVED"))


def own_words(text: str, label: str) -> tuple[str, str, str] | None:
    """(name, description, received): the words the text says about the arm ``label``, None for a lettered or
    numbered label ("group C": its name says nothing)."""
    if _RX.NUMBERED.match(label.strip()):
        return None
    head = _RX.HEAD.match(label.strip()).group("head")
    if len(head) < 2:
        return None
    defined, alone, received = _contexts(head)
    names, descriptions, got = [], [], []
    for m in defined.finditer(text):
        before = _RX.LIST_CUT.sub("", m.group("before")).strip()
        names.append(before)
        descriptions.append(before)
        if not _RX.ADDED.match(m.group("after")):
            # "intramuscular (IM) injections of bone marrow cells": the definition goes on after the bracket.
            got.append(m.group("after"))
    descriptions.extend(m.group("alone") for m in alone.finditer(text))
    for m in received.finditer(text):
        descriptions.append(m.group("what"))
        got.append(m.group("what"))
    return " ".join(names), " ".join(descriptions), " ".join(got)


def roles_from_own_words(text: str, arms: list[dict]) -> list[str]:
    """In place: each arm (not a combined grouping) whose role is open takes the role its own words say; an
    active one is the ``active_comparator`` when another arm is the intervention. Returns flags."""
    base = [a for a in arms if not a.get("members")]
    if len(base) < 2:
        return []
    flags = []
    for a in base:
        if a.get("role") in ROLES:
            continue
        words = own_words(text, a.get("label") or "")
        role = said_role(*words) if words else None
        if role is None:
            continue
        if role == "intervention" and any(b is not a and b.get("role") == "intervention" for b in base):
            role = "active_comparator"
        a["role"] = role
        flags.append("arm_role_from_own_words")
    return sorted(set(flags))
