"""Arms a study lists after stating their number (round 33): "The four groups, each of 25 patients, were UC-MSC +
NPWT, UC-MSC + dressing, vehicle + NPWT and vehicle + dressing" (a 2 × 2 factorial), "This produced four groups:
G-CSF plus ASC sheet (GS), ..., and saline plus dressing (SD)".

The rules read such a list as one or two arms ("UC-MSC", a label word like "double-blind"). When the text states
k groups and lists exactly k names, those are the arms: a listed group with cells is the intervention, one whose
every level is no treatment (vehicle, saline, sham, a dressing, standard care) the control, any other (a device or
drug alone: "vehicle + NPWT") an active comparator. Pure functions, no spaCy; patterns in
``patterns/arm_factorial.json``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from stemfoot.extract.arm_sizes import _evidence, sized_list
from stemfoot.extract.numbers import COUNT, parse_count
from stemfoot.extract.pattern_data import load_patterns

_RX = load_patterns("arm_factorial", COUNT=COUNT)
_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# Unicode hyphens and dashes read as "-" ("UC\u2010MSC"), one character for one so every offset stays.
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})


@dataclass(frozen=True)
class ListedGroup:
    """One group a stated list names: its label (a bracketed code when it has one), its words, span, role, size."""

    label: str
    description: str
    start: int
    end: int
    role: str
    n_patients: int | None
    n_span: tuple[int, int] | None = None


def group_role(name: str) -> str:
    """intervention for cells; control when every joined level is no treatment; else active_comparator."""
    if _RX.CELLS.search(name):
        return "intervention"
    parts = [p for p in _RX.JOIN.split(name) if p.strip()]
    if parts and all(_RX.INACTIVE_PART.match(p) for p in parts):
        return "control"
    return "active_comparator"


def _items(items: str, k: int) -> list[tuple[int, int]] | None:
    """The spans (in ``items``) of its first k list items, the k-th after a list word ("and", "or"); None when the
    pieces do not read as k group names."""
    spans, pos, joined = [], 0, []
    for m in _RX.ITEM_BREAK.finditer(items):
        spans.append((pos, m.start()))
        joined.append(bool(m.group("last") or m.group("last2")))
        pos = m.end()
        if len(spans) == k:
            break
    if len(spans) < k:
        spans.append((pos, len(items)))
        joined.append(False)
    spans = spans[:k]
    # The list word comes right before the k-th item: the break that opened it.
    if len(spans) != k or not joined[k - 2] or any(joined[:k - 2]):
        return None
    return spans


def _allocation_list(text: str, start: int) -> bool:
    """Whether the stated number of groups at ``start`` is the study's allocation: its sentence has an allocation
    cue (``ALLOCATION_CUE``: "randomised into three groups: ..."), or it only refers back (``REFERRING_HEAD``:
    "The four groups ...", "This produced four groups: ...") to an allocation the text stated before it.
    "Adverse events were classified into three groups: ..." is neither."""
    s0 = max(text.rfind(". ", 0, start), text.rfind("? ", 0, start), text.rfind("! ", 0, start)) + 1
    if _RX.ALLOCATION_CUE.search(text, s0, start):
        return True
    return bool(_RX.REFERRING_HEAD.match(text[s0:start]) and _RX.ALLOCATION_CUE.search(text, 0, s0))


def stated_groups(text: str) -> list[ListedGroup]:
    """The groups of the first "k groups were A, B, ... and Z" list in ``text`` that is the allocation
    (``_allocation_list``) and whose k names all read as group names (``ITEM``, no verb); [] when none does.
    Read over the text with its hyphens made plain; labels and spans are the text's own."""
    orig, text = text, text.translate(_DASHES)
    for m in _RX.GROUPS_WERE.finditer(text):
        if not _allocation_list(text, m.start()):
            continue
        k = _WORDS.get(m.group("k").lower()) or int(m.group("k"))
        spans = _items(m.group("items"), k)
        if spans is None:
            continue
        out = _named(orig, m, spans)
        if len(out) == k:
            return out
    return []


def _named(orig: str, m: re.Match, spans: list[tuple[int, int]]) -> list[ListedGroup]:
    """The groups of a list match ``m`` (groups ``items`` and ``each``) at the item ``spans``, labels from the
    original text ``orig``; [] when a piece does not read as a group's name (``ITEM``, no verb) or two share one."""
    base = m.start("items")
    each = parse_count(m.group("each")) if m.group("each") else None
    out = []
    for a, b in spans:
        piece = m.group("items")[a:b].strip()
        item = _RX.ITEM.match(piece)
        if item is None or _RX.VERB.search(piece):
            return []
        start = base + a + (len(m.group("items")[a:b]) - len(m.group("items")[a:b].lstrip()))
        name = orig[start + item.start("name"):start + item.end("name")]
        code = orig[start + item.start("code"):start + item.end("code")] if item.group("code") else None
        out.append(ListedGroup(code or name, name, start, start + len(piece), group_role(item.group("name")), each,
                               m.span("each") if each is not None else None))
    return out if len({g.label.lower() for g in out}) == len(out) else []


def factorial_groups(text: str, sentences: list[tuple[int, int]]) -> list[ListedGroup]:
    """The four groups of a 2 × 2 factorial (``FACTORIAL``) that a sentence lists with their sizes, "...: BM-MNC +
    HBOT (n = 25), BM-MNC alone (n = 25), HBOT alone (n = 25) or standard care (n = 25)" (``sized_list``), or
    allocates by name with one size for all, "allocated to ..., HBOT alone or standard care (30 per arm)"
    (``ALLOCATED_EACH``); [] when no sentence lists exactly four."""
    if not _RX.FACTORIAL.search(text):
        return []
    for s0, s1 in sentences:
        items = sized_list(text, s0, s1)
        if len(items) == 4:
            return [ListedGroup(label, label, a, a + len(label), group_role(label), n, (b - len(str(n)), b))
                    for label, n, a, b in items]
    # "allocated to A + B, A alone, B alone or standard care (30 per arm)": four names, one size for each.
    plain = text.translate(_DASHES)
    for m in _RX.ALLOCATED_EACH.finditer(plain):
        spans = _items(m.group("items"), 4)
        out = _named(text, m, spans) if spans else []
        if len(out) == 4:
            return out
    return []


def add_stated_groups(text: str, sentences: list[tuple[int, int]], arms: list[dict], statistics: list[dict],
                      design: str | None) -> list[str]:
    """In place: a controlled study whose inventory holds fewer arms than the k it states and lists by name
    (``stated_groups``; a 2 × 2 factorial's four sized groups, ``factorial_groups``) takes the listed arms; an arm of the same name is kept (its size filled from "each of n"),
    the others (a label word like "double-blind", one factor's level read as an arm) are dropped and their values
    go back to the attribution stage. Needs a cell arm and a control among the listed. Returns flags."""
    if design not in {"rct", "non_randomized_controlled"} or any(a.get("members") for a in arms):
        return []
    groups = stated_groups(text) or factorial_groups(text, sentences)
    if len(groups) <= len(arms) or not any(g.role == "intervention" for g in groups) \
            or not any(g.role == "control" for g in groups):
        return []
    by_name = {" ".join(a["label"].split()).lower(): a for a in arms}
    kept = []
    for g in groups:
        arm = by_name.pop(g.label.lower(), None)
        if arm is None:
            arm = {"label": g.label, "role": g.role, "cell_type": None, "n_patients": None, "n_limbs": None,
                   "description": g.description, "routes": [], "n_evidence": None, "source": "allocation",
                   "evidence": _evidence(text, sentences, (g.start, g.end), 0.7)}
        arm["role"] = g.role
        if g.n_patients is not None and arm.get("n_patients") is None:
            # "The four groups, each of 25 patients, were ...": the size the list gives every group.
            arm["n_patients"] = g.n_patients
            arm["n_evidence"] = _evidence(text, sentences, g.n_span, 0.7)
            arm.setdefault("size_from", {})["n_patients"] = "stated_groups"
        kept.append(arm)
    dropped = {a["label"] for a in by_name.values()}
    for st in statistics:
        if st.get("arm") in dropped:
            st["arm"] = st["arm_role"] = None
    arms[:] = kept
    return ["arms_from_stated_groups"]
