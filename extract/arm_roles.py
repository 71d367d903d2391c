"""Arm roles from the text's own words about an arm (issue 11: the arm inventory).

The rules name some arms without settling their role ("the SOC group", "the carrier arm", "the hydrogel group":
``named_group``), and an arm of no role is neither side of a comparison: its size and its values reach no pooled
table. What the text says about such an arm settles it, read in three places around each mention of its name
(patterns in ``patterns/arm_roles.json``):

- where its name is defined, "... or best medical therapy (BMT, n = 25)", "to intramuscular (IM) injections of
  autologous bone marrow cells";
- "<name> alone", "SOC alone";
- what it received, "a hydrogel group, which received the same hydrogel without cells".

Those words are read as a listed arm's are (``arm_sizes.said_role``): inactive words make it the control, cells
make it active, else control words ("standard", "best medical", "alone") make it the control. Words saying
neither leave the role open (null beats a guess). Pure functions, no spaCy.
"""
from __future__ import annotations

import re

from stemfoot.extract import vocabulary
from stemfoot.extract.arm_inventory import ROLES, role_by_words
from stemfoot.extract.arm_sizes import said_role
from stemfoot.extract.literal_words import word_spans
from stemfoot.extract.pattern_data import load_patterns

_RX = load_patterns("arm_roles")


def _names(text: str, head: str) -> list[tuple[int, int]]:
    """Where the text names the arm: its name as a word (a short abbreviation case-sensitively); "PRP" is no name
    of the "BM-MNC+PRP group"."""
    abbreviation = len(head) <= 5 and head.upper() == head
    return word_spans(text, head, not_before="-+/", not_after="-+/", ignore_case=not abbreviation)


def _defined_before(before: re.Match[str]) -> str:
    """The phrase before an arm's defining bracket, from the last list word and up to a later period."""
    return _RX.LIST_CUT.sub("", _RX.THEN_CUT.sub("", before.group("before"))).strip()


def own_words(text: str, label: str) -> tuple[str, str, str] | None:
    """(name, description, received): the words the text says about the arm ``label``, None for a lettered or
    numbered label ("group C": its name says nothing)."""
    if _RX.NUMBERED.match(label.strip()):
        return None
    head = _RX.HEAD.match(label.strip()).group("head")
    if len(head) < 2:
        return None
    names, descriptions, got = [], [], []
    for start, end in _names(text, head):
        lead = text[max(0, start - 100):start]
        if _RX.BRACKET_OPEN.search(lead):
            d = _RX.DEFINED_AFTER.match(text, end)
            b = _RX.BEFORE_BRACKET.search(lead)
            if d and b:
                before = _defined_before(b)
                names.append(before)
                descriptions.append(before)
                if not _RX.ADDED.match(d.group("after")):
                    # "intramuscular (IM) injections of bone marrow cells": the definition goes on after the bracket.
                    got.append(d.group("after"))
            continue
        alone = _RX.ALONE_AFTER.match(text, end)
        if alone:
            descriptions.append(alone.group("alone"))
        received = _RX.RECEIVED_AFTER.match(text, end)
        if received:
            descriptions.append(received.group("what"))
            got.append(received.group("what"))
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


def definitions(text: str, label: str) -> str:
    """The phrases each bracket defining the arm ``label`` follows, a lettered label's too: "or to conventional
    therapy including cilostazol (Group C)" -> "conventional therapy including cilostazol"."""
    # A label broken across lines reads as one line (HEAD's "." stops at a newline).
    head = re.sub(r"^the\s+", "", " ".join(label.split()), flags=re.I)
    if not _RX.NUMBERED.match(head):
        m = _RX.HEAD.match(head)
        head = m.group("head") if m else ""
    if len(head) < 2:
        return ""
    out = []
    for start, end in _names(text, head):
        lead = text[max(0, start - 100):start]
        b = _RX.BEFORE_BRACKET.search(lead) if _RX.DEFINED_AFTER.match(text, end) else None
        if b:
            out.append(_defined_before(b))
    return " ".join(w for w in out if w)


def controls_by_definition(text: str, arms: list[dict]) -> list[str]:
    """In place: in a study with an intervention and no control, an active arm whose defining
    bracket follows control words ("or to conventional therapy (Group C)", "or to standard care for 12 weeks
    followed by crossover to cells (delayed group)") is the control; its active role was the default of an arm
    named without words of its own. Cells among those words keep it active. Returns flags."""
    base = [a for a in arms if not a.get("members")]
    if len(base) < 2 or any(a.get("role") == "control" for a in base):
        return []
    flags = []
    for a in base:
        if a.get("role") not in {"intervention", "active_comparator"}:
            continue
        if not any(b is not a and b.get("role") == "intervention" for b in base):
            continue
        words = definitions(text, a.get("label") or "")
        if words and said_role(words, words, "") == "control":
            # The cell type an active arm takes from the study's only one is no control's.
            a["role"], a["cell_type"] = "control", None
            flags.append("arm_role_from_definition")
    return sorted(set(flags))


def candidate_role(text: str, label: str) -> str:
    """A possible arm's role, control or intervention, from its label and the phrase its defining bracket follows:
    "CON" defined by "conservative treatment (CON)" and "BMT" by "best medical therapy (BMT)" are controls,
    which their letters alone do not say."""
    # A label may break across a line of a full text ("visual\nfeedback group"): its words, one space apart.
    name = " ".join(label.split())
    words = definitions(text, name)
    if words and said_role(name, words, "") == "control":
        return "control"
    return role_by_words(name)


def initialism(text: str, abbreviation: str) -> str | None:
    """The one phrase of the text whose words' initials spell an undefined abbreviation ("SD" -> "standard
    dressings", "TO" -> "topical oxygen" in "randomised to continuous topical oxygen or standard dressings, giving
    four groups (..., TO alone and SD alone)"), lower-case; None for no abbreviation (2-5 capitals), none or
    several such phrases, or function words among them."""
    if not re.fullmatch(r"[A-Z]{2,5}", abbreviation):
        return None
    words = r"\s+".join(rf"[{c}{c.lower()}][a-z\-]*" for c in abbreviation)
    found = {m.group().lower() for m in re.finditer(rf"\b{words}\b", text)
             if not any(_RX.FUNCTION_WORD.match(w) for w in m.group().split())}
    return found.pop() if len(found) == 1 else None


def alone_is_control(what: str, text: str) -> bool:
    """Whether what an arm gets "alone" is no treatment: control words ("standard care", ``said_role``), a level
    that is no treatment ("dressing", ``arm_factorial.group_role``), or an abbreviation spelling such words out."""
    from stemfoot.extract.arm_factorial import group_role  # arm_factorial reads arm_sizes, as this module does

    words = [what, *filter(None, [initialism(text, what.strip())])]
    return any(said_role(w, w, w) == "control" or group_role(w) == "control" for w in words)


def alone_comparators(text: str, arms: list[dict]) -> list[str]:
    """In place: in a study of three or more arms with two or more controls, a control said to get a treatment
    "alone" ("group II received PRP alone", "arm 2 (PRP alone)", "HBOT alone") is an active comparator when that
    treatment's own words are no control's and another control stays: "alone" says the arm lacks the others'
    addition (cells on PRP), not that it has none. Returns flags."""
    base = [a for a in arms if not a.get("members")]
    controls = [a for a in base if a.get("role") == "control"]
    if len(base) < 3 or len(controls) < 2:
        return []
    alone = []
    for a in controls:
        label = " ".join((a.get("label") or "").split())
        what = re.match(r"(?P<what>.+?)[\s\-]+(?:alone|only)\b", label, re.I)
        if what is None:
            said = (_RX.SAID_ALONE.match(text, end) for _, end in (_names(text, label) if label else []))
            what = next((m for m in said if m), None)
        if what and not alone_is_control(what.group("what"), text):
            alone.append(a)
    if not alone or len(alone) == len(controls):
        return []
    for a in alone:
        a["role"] = "active_comparator"
    return ["arm_role_alone_comparator"]


def comparator_kind(words: str) -> str | None:
    """What a comparator's words say it receives (``patterns/arm_roles.json``): ``active_comparator`` for a named
    drug, biologic or device therapy ("PRP", "iloprost", "HBOT alone"), ``placebo`` for placebo, vehicle or saline,
    ``control`` for a dressing, standard / usual / conventional / best medical care or a sham. None when they say
    none, or both a therapy and control words ("conventional treatment with cilostazol": the golds file it either
    way), and for a carrier without cells ("scaffold alone": older golds call it the control, newer ones the active
    comparator). A named therapy beats placebo words ("vehicle + ESWT" is an active comparator)."""
    if _RX.COMPARATOR_ACTIVE.search(words):
        return None if _RX.COMPARATOR_CONTROL.search(words) else "active_comparator"
    if _RX.COMPARATOR_PLACEBO.search(words):
        return "placebo"
    if _RX.COMPARATOR_CONTROL.search(words):
        return "control"
    return None


def _own_part(words: str, others: list[str]) -> str:
    """``words`` up to the first mention of another arm: "intramuscular injection, group C received both routes and
    group D received conventional drug therapy only" is group B's description only up to "group C"."""
    cuts = [start for o in others if len(o) >= 2 for start, _ in word_spans(words, o)]
    return words[:min(cuts)] if cuts else words


def _arm_words(text: str, arm: dict, others: list[str]) -> tuple[str, str]:
    """(label, described): an arm's label (a lettered one says nothing), and its description, the phrases its
    defining brackets follow and what the text says it received ("Group C received conventional treatment with
    cilostazol"), each up to a mention of one of the ``others`` arms."""
    label = " ".join((arm.get("label") or "").split())
    name = "" if _RX.NUMBERED.match(label) else label
    got = [m.group("what") for _, end in (_names(text, label) if len(label) >= 2 else [])
           if (m := _RX.RECEIVED_AFTER.match(text, end))]
    described = (_own_part(w, others) for w in (arm.get("description") or "", definitions(text, label), *got))
    return name, " ".join(w for w in described if w)


def comparator_role(label: str, described: str) -> str | None:
    """The role (``control`` / ``active_comparator``) a comparator's own words give it, None when they give none:
    its label's words first ("control group" of a trial whose control takes cilostazol, "vehicle group", "PRP
    group"), else what it is described as receiving, without the care every arm gets beside its treatment
    ("G-CSF plus standard care" says G-CSF, which no lexicon word names: no role). Placebo is a ``control``."""
    kind = comparator_kind(label) or comparator_kind(_RX.BACKGROUND_CARE.sub(" ", described))
    return "control" if kind == "placebo" else kind


def active_class(label: str, described: str, role: str | None) -> bool:
    """Whether a comparator its words make the ``active_comparator`` (``role``) gets a treatment of a class the
    gold convention files so (``ACTIVE_CLASS``: PRP, a prostanoid course), by its label or else its description:
    such a control turns active comparator without ``demote_controls``."""
    return role == "active_comparator" and bool(_RX.ACTIVE_CLASS.search(label) or _RX.ACTIVE_CLASS.search(described))


def comparator_roles(text: str, arms: list[dict], demote_controls: bool = False,
                     active_classes: bool = True) -> list[str]:
    """In place: in a study with a cell arm, each other arm (not a combined grouping) that receives no cells takes
    the role its comparator words say (``comparator_role``): a dressing or placebo arm read as a second
    intervention becomes the control, a drug or biologic comparator read as an intervention the
    ``active_comparator``. An arm with cells in its words, or whose words name no comparator, keeps its role.

    A control (``control_without_cells`` makes one of a drug comparator) turns ``active_comparator`` only with
    ``demote_controls``: the golds disagree on a "PRP alone" or "NPWT" comparator of a two-arm trial (blind10 on
    calls it the active comparator, blind3, blind28 and reviewer2 the control), and where they call it the control
    every result on it scores wrong, while the active comparator gains only its size (round 31, docs/extraction.md:
    on the dev golds other than blind35, +15 sizes but 18 fewer right results and 16 more wrong). A control of an
    ``ACTIVE_CLASS`` treatment (PRP, a prostanoid: active comparator in every gold since blind29) turns without it
    (round 35; ``active_classes=False`` keeps the round-34 behaviour, for golds of the older convention). Returns
    flags."""
    base = [a for a in arms if not a.get("members")]
    if len(base) < 2:
        return []
    labels = [" ".join((a.get("label") or "").split()) for a in base]
    words = {id(a): _arm_words(text, a, [x for x in labels if x != label]) for a, label in zip(base, labels)}

    def cells(a: dict) -> bool:
        # A coded product ("REX-001", "Stempeucel") is in the cell-type vocabulary, not in the CELLS words.
        return bool(a.get("cell_type")) or any(_RX.CELLS.search(w) or vocabulary.cell_types().find(w)
                                               for w in words[id(a)])

    cell_arms = [a for a in base if a.get("role") == "intervention" and cells(a)]
    if not cell_arms:
        return []
    heads = [_RX.HEAD.match(label).group("head") for c in cell_arms if (label := " ".join((c.get("label") or "").split()))]
    flags = []
    for a in base:
        if cells(a) or a.get("role") == "single":
            continue
        if any(h != a.get("label") and word_spans(a.get("label") or "", h, not_before="-", not_after="-")
               for h in heads):
            # "BM+PRP" beside the cell arm "BM": the combination holds the cells too.
            continue
        role = comparator_role(*words[id(a)])
        promoted = active_classes and a.get("role") == "control" and active_class(*words[id(a)], role)
        if role is None or role == a.get("role") or (a.get("role") == "control" and not demote_controls
                                                      and not promoted):
            continue
        if a.get("role") == "active_comparator" and not _care_only(*words[id(a)]):
            # An active comparator another stage read ("PRP alone") is not demoted by its label's or dressing words;
            # one whose label and description both say care and nothing else ("best wound and medical care (BWC
            # group)": the arm inventory's default for an arm without a role word) is the control. A factorial's
            # "G-CSF plus dressing (GD)" is described by its dressing alone, but its label says no care.
            continue
        a["role"] = role
        flags.append("arm_role_comparator")
    return sorted(set(flags))


def _care_only(label: str, described: str) -> bool:
    """Whether an arm's label and what it is described as receiving (care given beside a treatment taken out) are
    both control words (care, a dressing, a sham) and no therapy or placebo (``comparator_kind``)."""
    return comparator_kind(label) == "control" and bool(described.strip()) \
        and comparator_kind(_RX.BACKGROUND_CARE.sub(" ", described)) == "control"


def _care_head(words: str) -> str:
    """The last word of a care phrase, singular and lower-case: "standard wound care" -> "care"."""
    last = re.findall(r"[\w\-]+", words.lower())
    return last[-1].rstrip("s") if last else ""


def _bracket_arm(bracket: str, base: list[dict]) -> dict | None:
    """The one arm whose label opens ``bracket`` ("ELX-3 arm, n = 60" names the arm "ELX-3 arm"), else None."""
    head = re.split(r"[,;:]", bracket)[0].strip().lower()
    hits = [a for a in base if " ".join((a.get("label") or "").split()).lower() == head]
    return hits[0] if len(hits) == 1 else None


def _added_words(text: str, end: int) -> str:
    """The words an add-on arm gets on top of the care, those before its "plus" at ``end`` back to the last
    bracket, list mark or allocation word (``ADDED_START``): "CD34+ cells" in "..., CD34+ cells plus care (...)"."""
    before = text[max(0, end - 100):end]
    cuts = [m.end() for m in _RX.ADDED_START.finditer(before)]
    return before[cuts[-1] if cuts else 0:].strip()


def addon_roles(text: str, arms: list[dict]) -> list[str]:
    """In place: in an add-on allocation, "A plus standard care (A arm) or standard care alone (standard arm)"
    (``ADDON_ALLOCATION``), the arm given A on top of the care is the intervention and the arm given the care
    alone the control, whatever words A has: a coded product ("ELX-3") says no cells, and the care words in its
    description made it a second control. Only when the care is control words (``comparator_kind``): "PRP alone"
    beside cells plus PRP is an active comparator the golds disagree on, left as it is. Returns flags."""
    base = [a for a in arms if not a.get("members")]
    if len(base) < 2:
        return []
    flags = []
    for m in _RX.ADDON_ALLOCATION.finditer(text):
        if _care_head(m.group("care")) != _care_head(m.group("care2")) or comparator_kind(m.group("care2")) != "control":
            continue
        if _RX.ADDED_INACTIVE.search(_added_words(text, m.start())):
            continue  # "placebo plus standard care (placebo arm) or standard care alone": no add-on treatment
        first, second = _bracket_arm(m.group("first"), base), _bracket_arm(m.group("second"), base)
        if first is None or second is None or first is second:
            continue
        if first.get("role") != "intervention":
            first["role"] = "intervention"
            flags.append("arm_role_addon")
        if second.get("role") in {"intervention", "named", "named_group", None}:
            second["role"] = "control"
            flags.append("arm_role_addon")
    return sorted(set(flags))
