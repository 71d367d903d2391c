"""Allocation lists of three or more arms, read whole.

"randomly assigned to the breast feeding group, the massage group or the control group", "divided into three
groups: A, B and C", "allocated to A (n = 25), B (n = 25) and C (n = 25)", "to the breastfeeding, massage and
control groups", "(group 1, breastfeeding; group 2, massage; and group 3, control)". Each item becomes one arm
with a clean label and the other names the list gives it (a coded label's defining name), so a later stage
neither splits the list into two arms nor garbles a label out of two items. Pure functions over text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from stemfoot.extract.numbers import COUNT, parse_count
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.schemas import control_words

_RX = load_patterns("arm_lists", COUNT=COUNT, CONTROL_WORDS=control_words("arm_role"))
#: An allocation verb (the sentence that defines a series of arms); ``alloc_lists`` reads the same sentences.
ALLOCATING = _RX.ALLOCATING
#: Fewest and most items a list of arms has here (two-arm lists are ``arm_sizes.randomised_to_arms``'s).
MIN_ITEMS, MAX_ITEMS = 3, 6
#: Most words an item may have: longer runs are clauses, not names.
MAX_WORDS = 5


@dataclass(frozen=True)
class ListedArm:
    """One item of an allocation list: its label, where it stands, and other names the list gives it."""

    label: str
    start: int
    end: int
    aliases: tuple[str, ...] = field(default_factory=tuple)


def squash(name: str) -> str:
    """A name with case, articles, a list word before it, a trailing head word, spaces and hyphens dropped: "the
    breast-feeding group", "or breastfeeding" and "Breastfeeding" are one name."""
    name = re.sub(r"^(?:(?:or|and|either)\s+)?(?:the\s+)?|\s+(?:groups?|arms?|cohorts?)$", "", name.strip().lower())
    return re.sub(r"[\s\-]+", "", name)


def mask_brackets(text: str) -> str:
    """The text with the inside of each (non-nested) bracket blanked out, so list separators inside a bracket
    ("(n = 25, each)") split nothing; offsets are kept."""
    return re.sub(r"\([^()]*\)", lambda m: "(" + "_" * (len(m.group()) - 2) + ")", text)


def _items(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """Spans of the items of the list that opens at ``start`` (sentence end ``stop``); [] when it is no list of
    at least ``MIN_ITEMS`` items closed by "and"/"or", or an item reads as a clause."""
    masked = mask_brackets(text[start:stop])
    spans, pos, closed = [], 0, False
    for sep in _RX.SEPARATOR.finditer(masked):
        spans.append((pos, sep.start()))
        pos = sep.end()
        closed = bool(re.search(r"\b(?:and|or|versus|vs)\b", sep.group(), re.I))
        if closed:
            break
    if not closed:
        return []
    last = re.match(r"[^,;]*", masked[pos:]).group()
    defined = re.match(r",\s*([^,;]*)", masked[pos + len(last):])
    if _RX.CODED.match(last.strip()) and defined:
        # "...; and group 3, control": a coded label's defining name closes the list.
        spans.append((pos, pos + len(last)))
        pos += len(last) + defined.start(1)
        last = defined.group(1)
    end = _RX.ITEM_END.search(last)
    last = last[:end.start()] if end else last
    spans.append((pos, pos + len(last.rstrip(" ."))))
    if any(_RX.CLAUSE.search(masked, a, b) for a, b in spans):
        return []
    return [(start + a, start + b) for a, b in spans]


def _route_item(raw: str) -> re.Match[str] | None:
    """The route closing an item ("BM-MNC by the intramuscular route (n = 21)", "by both routes (...)"), its
    trailing bracket aside."""
    return _RX.ROUTE_ITEM.search(re.sub(r"\s*\([^()]*\)\s*$", "", raw).rstrip())


def _by_route(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether a list's arms differ by route: two or more items end in a route and at most one treatment is named
    before one ("BM-MNC by the intramuscular route, by the intra-arterial route or by both routes"), not "PRP by
    the topical route, ADSC by the perilesional route or saline" (arms that differ by treatment)."""
    routes = [(r, text[a:b]) for a, b in spans if (r := _route_item(text[a:b]))]
    named = {squash(_RX.ARTICLE.sub("", raw[:r.start()])) for r, raw in routes} - {""}
    return len(routes) >= 2 and len(named) <= 1


def _clean(text: str, a: int, b: int, by_route: bool) -> tuple[str, int, int, list[str], bool] | None:
    """An item's name (articles and a trailing bracket dropped), its span, the short names a bracket gives it,
    and whether a bracket marks it (a size or a name). A long item that defines one abbreviation
    ("intramuscular (IM) injection of autologous cells") is named by it; in a list whose arms differ by route
    (``by_route``) an item ending in one is named by it."""
    raw = text[a:b]
    aliases = []
    bracket = re.search(r"\s*\(([^()]*)\)\s*$", raw)
    if bracket:
        if not _RX.SIZE_BRACKET.fullmatch(bracket.group()):
            aliases.extend(bracket_names(bracket.group(1)))
        raw = raw[:bracket.start()]
    route = _RX.ROUTE_ITEM.search(raw.rstrip()) if by_route else None
    if route:
        # "BM-MNC by the intramuscular route (n = 21), ... or by both routes (intramuscular plus intra-arterial,
        # n = 21)": arms that differ by route go by it (the results say "after intramuscular injection").
        if route.group("route"):
            return route.group("route"), a + route.start("route"), a + route.end("route"), aliases, True
        return (aliases[0], a + route.start(), a + route.end(), aliases[1:], True) if aliases else None
    lead = _RX.ARTICLE.match(raw)
    skip = lead.end() if lead else 0
    name = raw[skip:].strip(" ,;")
    short = next((n for n in aliases if short_name(n)), None)
    if short and (len(name.split()) > MAX_WORDS or not re.match(r"[A-Za-z]", name) or _named_after(text, short, b)):
        # "PDSC 150 × 10^6 cells (LD)", "300 million cells (PSC-201 300M)", "BM-MNC plus hyperbaric oxygen
        # (BM-MNC + HBOT)": the arm goes by the bracket's short name; its long name describes it.
        rest = [n for n in aliases if n != short]
        return short, a + skip, a + skip + len(name), [name, *rest] if name else rest, True
    if len(name.split()) > MAX_WORDS:
        abbr = [m for m in _RX.ABBREVIATION.finditer(raw) if not m.group(1).isdigit()]
        if len(abbr) != 1:
            return None
        return abbr[0].group(1), a + abbr[0].start(1), a + abbr[0].end(1), [], True
    inner = list(re.finditer(r"\s*\(([^()]{1,25})\)", name))
    if inner:
        # "the normal saline (NS) group": the bracket names the arm, it is no part of its label.
        aliases.extend(m.group(1).strip() for m in inner if len(m.group(1).split()) <= 3)
        long_name = re.sub(r"\s*\([^()]*\)", "", name)
        abbr = _RX.ABBREVIATION.fullmatch(inner[-1].group().strip())
        head = _RX.HEADED.search(long_name)
        if abbr and head and len(inner) == 1:
            # The text goes on by the abbreviation ("in the NS group"): it labels the arm.
            aliases = [long_name, *aliases[:-1]]
            name = f"{abbr.group(1)}{head.group()}"
        else:
            name = long_name
    if not name or _RX.NOT_A_NAME.match(name) or not re.match(r"[A-Za-z]", name):
        return None
    return name, a + skip, a + skip + len(raw[skip:].strip(" ,;")), aliases, bracket is not None or bool(inner)


def bracket_names(inside: str) -> list[str]:
    """The names a bracket after a list item gives it, its parts of at most three words ("PRP + ADSC; n = 32" ->
    ["PRP + ADSC"], "placebo, Plasma-Lyte A" -> both); a size is no name."""
    parts = (p.strip() for p in re.split(r"\s*[;,]\s*", inside))
    return [p for p in parts if p and len(p.split()) <= 3 and not _RX.SIZE_PART.fullmatch(p)]


def short_name(name: str) -> bool:
    """Whether a bracket's name reads as an arm's short name: abbreviation-like ("LD", "PSC-201 150M",
    "PRP + ADSC"), two capitals or digits in it, led by a letter."""
    return bool(_RX.SHORT_NAME.fullmatch(name)) and sum(c.isupper() or c.isdigit() for c in name) >= 2


def _named_after(text: str, name: str, at: int) -> bool:
    """Whether the text names ``name`` again after offset ``at`` (the arm goes by it)."""
    return re.search(rf"(?<![\w\-]){re.escape(name)}(?![\w\-])", text[at:]) is not None


def _labelled_pairs(items: list[tuple[str, int, int, list[str], bool]]) -> list[ListedArm] | None:
    """"group 1, breastfeeding; group 2, massage; and group 3, control": coded labels each followed by the name
    defining it become one arm each (label the code, alias the name). None when the items do not alternate so."""
    if len(items) % 2 or not all(_RX.CODED.match(items[i][0]) and not _RX.CODED.match(items[i + 1][0])
                                 for i in range(0, len(items), 2)):
        return None
    return [ListedArm(code, a, b, (name, *al, *al2)) for (code, a, b, al, _), (name, _, _, al2, _)
            in zip(items[::2], items[1::2])]


def _combined_items(names: list[str]) -> set[int]:
    """The items that join two treatments each of which another item gives by itself ("BM-MNC plus HBOT" beside
    "BM-MNC alone" and "HBOT alone"): a factorial list's combined arm, marked as an arm by the list itself."""
    alone = {squash(_RX.ALONE_WORD.sub("", n)) for n in names if _RX.ALONE_WORD.search(n)}
    out = set()
    for i, n in enumerate(names):
        m = _RX.COMBINED_ITEM.match(n.strip())
        if m and squash(m.group("a")) in alone and squash(m.group("b")) in alone:
            out.add(i)
    return out


def read_list(text: str, start: int, stop: int, head: str | None = None) -> list[ListedArm]:
    """The arms of the list opening at ``start`` (its sentence ends at ``stop``), [] when none. ``head``: the
    plural head word an introduction gave ("three groups of ..."): bare names take it ("massage group")."""
    spans = _items(text, start, stop)
    by_route = _by_route(text, spans)
    cleaned = [_clean(text, a, b, by_route) for a, b in spans]
    if len(cleaned) < MIN_ITEMS or any(c is None for c in cleaned):
        return []
    paired = _labelled_pairs(cleaned)
    if paired is not None:
        return paired if len(paired) >= MIN_ITEMS else []
    if len(cleaned) > MAX_ITEMS:
        return []
    codes = item_codes([(c[0], c[3]) for c in cleaned])
    if codes:
        # "SVF plus PRP injected perilesionally (G1), SVF alone (G2) and standard care (G3)": each item goes by
        # the code its bracket closes it with, as the results do ("52% in G1 and 41% in G2"); its words describe it.
        return [ListedArm(code, a, b, tuple(x for x in (name, *al) if x != code))
                for code, (name, a, b, al, _) in zip(codes, cleaned)]
    name, a, b, al, marked = cleaned[-1]
    plural = re.search(r"\s+(groups|arms|cohorts)$", name, re.I)
    if plural:
        # "to the breastfeeding, massage and control groups": the last item carries the head of them all.
        head = plural.group(1)
        cleaned[-1] = (name[:plural.start()], a, b - len(plural.group()), al, marked)
    each = _RX.EACH_BRACKET.match(text, cleaned[-1][2]) is not None
    combined = _combined_items([c[0] for c in cleaned])
    if not head and not each and not all(c[4] or _RX.HEADED.search(c[0]) or _RX.MARKED_ITEM.search(c[0]) or i in combined
                                         for i, c in enumerate(cleaned)):
        # A bare run of phrases ("to G-CSF mobilised, immunoselected CD34+ cells or SMT") is a list of arms
        # only when each item is marked as one: its own head word, its own bracket (a size, a name), or words
        # only an arm has ("HBOT alone", "standard care", "placebo injections"); or when a bracket after the last
        # gives every item its size ("A, B or C (n = 15 per group)").
        return []
    out = []
    for name, a, b, al, _ in cleaned:
        label = f"{name} {head.rstrip('sS').lower()}" if head and not _RX.HEADED.search(name) else name
        out.append(ListedArm(label, a, b, (name, *al) if label != name else tuple(al)))
    if len({squash(x.label) for x in out}) != len(out):
        return []
    return out


def item_codes(items: list[tuple[str, list[str]]]) -> list[str] | None:
    """The arm codes ("G1", "Group 2", "Arm III") that close every item of a list, in item order, given each
    item's (name, bracket names; a code the text goes on by may be its name already); None unless each item has
    exactly one and all differ: a code on some items only is no labelling of the list."""
    codes = []
    for name, aliases in items:
        # A long item is named by its bracket already ("G1", its words an alias).
        own = {x.strip() for x in (name, *aliases) if is_code(x)}
        if len(own) != 1:
            return None
        codes.append(own.pop())
    if len({c.lower() for c in codes}) != len(codes):
        return None
    return codes


@lru_cache(maxsize=64)
def _triple_intros(text: str, s0: int, s1: int) -> tuple[re.Match[str], ...]:
    """The "three groups: ..." introductions of a sentence; one that says its group size ("three groups of 20:")
    only after an allocation verb: strata, centres and visit schedules come in groups of n too ("Ulcers were
    sorted into three groups of 20: Wagner grade 2, 3 and 4")."""
    return tuple(m for m in _RX.TRIPLE_INTRO.finditer(text, s0, s1)
                 if not m.group("size") or ALLOCATING.search(text, s0, m.start()))


def allocation_list(text: str, s0: int, s1: int, stated: int | None = None) -> list[ListedArm]:
    """The arms an allocation sentence (``text[s0:s1]``) lists, three or more, else []. ``stated``: the number of
    arms the text states ("three groups", "1:1:1"), which the list must match when given."""
    return list(_allocation_list(text, s0, s1, stated))


@lru_cache(maxsize=128)
def _allocation_list(text: str, s0: int, s1: int, stated: int | None) -> tuple[ListedArm, ...]:
    # cached (a ``ListedArm`` is frozen): the arm stages ask it of the same sentences again and again
    opens: list[tuple[int, str | None, int]] = []
    for m in _RX.ALLOCATED_TO.finditer(text, s0, s1):
        intro = _RX.LIST_INTRO.match(text, m.end(), s1)
        opens.append((intro.end(), intro.group("head"), s1) if intro else (m.end(), None, s1))
    opens.extend((m.end(), m.group("head"), s1) for m in _triple_intros(text, s0, s1))
    # "giving four groups of 30 (A, B, C and D)": the bracket holds the list, its close ends the last item, and
    # the count before it is the number of items.
    counted: dict[int, int | None] = {}
    for m in _RX.BRACKET_INTRO.finditer(text, s0, s1):
        opens.append((m.end(), m.group("head"), text.index(")", m.end())))
        counted[m.end()] = parse_count(m.group("k"))
    for at, head, stop in opens:
        listed = read_list(text, at, stop, head)
        if listed and (stated is None or stated == len(listed)) and counted.get(at, len(listed)) == len(listed):
            return tuple(listed)
    return ()


def counted_list(text: str, s0: int, s1: int) -> list[ListedArm]:
    """The arms a sentence (``text[s0:s1]``) lists after the number of groups it makes, when the number is the
    number of items: "giving four groups: SVF + NPWT (n = 28), SVF (n = 28), NPWT (n = 28) and dressing (n = 28)",
    "giving four groups of 30 (A, B, C and D)"; else []. Such a list is the study's inventory, item for item, only
    where it is the allocation (as ``arm_factorial.stated_groups``): "At 6 months, patients formed three groups:
    healed (n = 12), improved (n = 8) and unchanged (n = 4)" counts outcomes, not arms."""
    # Imported here: arm_factorial reads arm_sizes, which reads this module.
    from stemfoot.extract.arm_factorial import _allocation_list as allocated

    opens = [(m.end(), m.group("head"), s1, parse_count(m.group("k"))) for m in _triple_intros(text, s0, s1)
             if allocated(text, m.start())]
    opens += [(m.end(), m.group("head"), text.index(")", m.end()), parse_count(m.group("k")))
              for m in _RX.BRACKET_INTRO.finditer(text, s0, s1)]
    for at, head, stop, k in opens:
        listed = read_list(text, at, stop, head)
        # A pooled item ("all cell-treated patients (n = 40)") makes the count no count of arms.
        if listed and len(listed) == k and not any(_RX.POOLED_ITEM.match(x.label) for x in listed):
            return listed
    return []


def group_list(text: str, s0: int, s1: int) -> list[ListedArm]:
    """The arms a results sentence names as one list of groups ("in the breastfeeding, massage and control
    groups", "in the A group, the B group and the C group"), three or more, else []: the names a
    "respectively" list runs over, whether or not the inventory holds each."""
    for m in _RX.GROUP_LIST_OPEN.finditer(text, s0, s1):
        listed = read_list(text, m.end(), s1)
        if listed and all(_RX.HEADED.search(x.label) for x in listed):
            return listed
    return []


def matches(names: list[str], listed: ListedArm) -> bool:
    """Whether any of an arm's names is one of a listed arm's names (spaces, hyphens, case, "the", a head word
    aside: "breast feeding group" is "breastfeeding")."""
    own = {squash(n) for n in (listed.label, *listed.aliases)} - {""}
    return any(squash(n) in own for n in names if n)


def route_named(label: str) -> bool:
    """Whether an arm is named only by how the cells were given ("intra-arterial", "IA group", "intramuscular plus
    intra-arterial"): the cells another way, never a control without cells."""
    return bool(_RX.ROUTE_LABEL.match(label.strip()))


def is_code(label: str) -> bool:
    """Whether a label is an arm's code ("group 3", "arm B", "G2"), which the text goes on by."""
    return bool(_RX.CODED.match(label.strip()) or _RX.BARE_CODE.fullmatch(label.strip()))


def coded_definitions(text: str, label: str) -> list[str]:
    """The names the text defines a coded arm by: "Arm 3: best medical therapy (n=15)", "group 3, control",
    "group 3 (control)", "control (group 3)", "Group 2 received PRP gel alone."."""
    if not _RX.CODED.match(label.strip()):
        return []
    code = re.escape(label.strip()).replace(r"\ ", r"\s+")
    out = [m.group("name") for m in re.finditer(rf"\b{code}\s*(?::|,|\()\s*(?P<name>[A-Za-z][^,;:()\n.]{{0,40}}?)\s*(?=[,;:().]|$)",
                                                text, re.I)]
    out += [m.group("name") for m in re.finditer(rf"(?P<name>\b[A-Za-z][\w\- ]{{0,40}}?)\s*\(\s*{code}\s*\)", text, re.I)]
    # "Group 2 received PRP gel alone.": a short treatment ending its clause (a long one describes, not names);
    # not "Group 1 and group 2 received standard care", a treatment the arms share.
    out += [m.group("name") for m in re.finditer(rf"\b{code}\s+{_RX.RECEIVED_VERB.pattern}\s+(?P<name>[A-Za-z][^,;:()\n.]{{0,40}}?)"
                                                 r"\s*(?=[,;:.]|$)", text, re.I)
            if not _RX.SHARED_SUBJECT.search(text[max(0, m.start() - 40):m.start()])]
    return [n.strip() for n in out if n.strip() and not _RX.NOT_A_NAME.match(n.strip())]


def coded_twins(text: str, labels: list[str]) -> dict[str, str]:
    """Arms that are a coded arm under its defining name ("best medical therapy" beside "Arm 3: best medical
    therapy"; "control group" beside "group 3, control"): {twin label: coded label}. A name that defines two
    coded arms names neither."""
    owners: dict[str, set[str]] = {}
    for label in labels:
        for name in coded_definitions(text, label):
            owners.setdefault(squash(name), set()).add(label)
    out = {}
    for label in labels:
        if _RX.CODED.match(label.strip()):
            continue
        coded = owners.get(squash(label), set())
        if len(coded) == 1:
            out[label] = next(iter(coded))
    return out


def coded_series(text: str, s0: int, s1: int) -> list[ListedArm]:
    """The arms an allocation sentence (``text[s0:s1]``) defines by a series of bare codes, each named again after
    the sentence: "G1 received BM-MNC intramuscularly, G2 by intra-arterial infusion ... and G4 (control)
    received conventional treatment only", "to G1 (2 × 10^6 MSC/kg), G2 (1 × 10^6 MSC/kg) or G3 (placebo)",
    "to placebo (G1) or to cells at 1 × 10^8 (G2), ...". Three or more codes of one prefix numbered 1, 2, 3...
    in the order the sentence defines them, else []. An arm's aliases are its defining words: those up to the
    next code, or before a code in brackets."""
    if not ALLOCATING.search(text, s0, s1):
        return []
    first: dict[str, re.Match[str]] = {}
    for m in _RX.BARE_CODE.finditer(text, s0, s1):
        first.setdefault(m.group(), m)
    codes = list(first.values())
    if len(codes) < MIN_ITEMS or len({m.group("prefix") for m in codes}) != 1 or \
            [int(m.group("num")) for m in codes] != list(range(1, len(codes) + 1)):
        return []
    if not all(_named_after(text, m.group(), s1) for m in codes):
        return []
    out = []
    for i, m in enumerate(codes):
        bracketed = text[m.start() - 1:m.start()] == "(" and text[m.end():m.end() + 1] == ")"
        if bracketed:
            lo = codes[i - 1].end() + 1 if i else s0
            words = text[lo:m.start() - 1]
            words = words[max(words.rfind(" to "), words.rfind(", "), -1) + 1:]  # ", ": no thousands comma
        else:
            words = text[m.end():codes[i + 1].start() if i + 1 < len(codes) else s1]
            own = re.match(r"\s*\(([^()]*)\)([^,;]*)", words)
            if own:
                # "G3 (placebo, Plasma-Lyte A), injected ...": the bracket and the words up to the list's comma.
                words = f"{own.group(1)}{own.group(2)}"
        words = _RX.CODE_DEFINITION_CUT.sub("", words.strip(" .")).strip()
        out.append(ListedArm(m.group(), m.start(), m.end(), (words,) if words else ()))
    return out


def bracket_arm_labels(text: str, s0: int, s1: int) -> list[str]:
    """The arm labels an allocation sentence (``text[s0:s1]``) gives in brackets, in order, whatever verb or
    frequency phrase precedes each: "given once (single-dose arm), twice 4 weeks apart (two-dose arm) ... or to
    placebo injections (placebo arm)" -> the four labels; [] when the sentence allocates nothing or gives fewer
    than two. Only a bracket whose head is arm/group/cohort names an arm ("(n = 22)" and "(range 40-80)" do not),
    and none that speaks of the arms together ("(28 per arm)", "(both groups)")."""
    if not ALLOCATING.search(text, s0, s1):
        return []
    out: list[str] = []
    for m in _RX.ARM_BRACKET.finditer(text, s0, s1):
        label = " ".join(m.group("label").split())
        if label[0].isdigit() or _RX.NOT_ARM_LABEL.search(label):
            continue
        if squash(label) not in {squash(x) for x in out}:
            out.append(label)
    return out if len(out) >= 2 else []


#: Necessary parts of ``PER_ARM_TOTAL`` (its bracket holds only a count, words and "per"/"each": no other bracket)
#: and of ``PER_ARM_SAID`` (``per``/``in each`` before the arm noun), with their flags. Both patterns start with the
#: count grammar, tried at every character; few abstracts hold these parts, found ~30x faster.
_PER_ARM_BRACKET = re.compile(r"\([^()]*?(?:per|each)", re.I)
_PER_ARM_WORDS = re.compile(r"(?:per|each)\s+(?:arm|group|cohort)\b", re.I)


def arm_count_checks(text: str, total: int | None = None) -> set[int]:
    """The numbers of arms the text's sizes and words imply: a total over a per-arm size ("Of 112 patients
    randomised (28 per arm)": 4; or ``total`` over "(28 per arm)" or over "20 patients per group"), the length of a bracketed list of counts
    ("(27, 26, 27 and 26)": 4), a stated count ("four arms") or the parts of a ratio ("1:1:1:1")."""
    out: set[int] = set()
    for m in _RX.PER_ARM_TOTAL.finditer(text) if _PER_ARM_BRACKET.search(text) else ():
        t, n = parse_count(m.group("t")), parse_count(m.group("n"))
        for whole in {t, total} - {None}:
            if n and whole and whole % n == 0 and 2 <= whole // n <= MAX_ITEMS:
                out.add(whole // n)
    for m in _RX.PER_ARM_SAID.finditer(text) if total and _PER_ARM_WORDS.search(text) else ():
        # "80 patients ... were randomised ..., 20 patients per group": the total over the size said for each.
        n = parse_count(m.group("n"))
        if n and total % n == 0 and 2 <= total // n <= MAX_ITEMS:
            out.add(total // n)
    for m in _RX.SIZE_LIST_BRACKET.finditer(text):
        out.add(len(re.findall(r"\d+", m.group("list"))))
    for m in _RX.ARMS_SAID.finditer(text):
        out.add(parse_count(m.group("k")) if m.group("k") else len(m.group("ratio").split(":")))
    return out - {None}


def checked_bracket_arms(text: str, sentences: list[tuple[int, int]] | tuple[tuple[int, int], ...],
                         total: int | None = None) -> list[str]:
    """The bracket-labelled arms of the text's allocation sentences (``bracket_arm_labels``) whose number the
    text's sizes or words confirm (``arm_count_checks``), else []: a label list no count backs may hold a
    bracket that names a subgroup or a comparison."""
    checks = arm_count_checks(text, total)
    for s0, s1 in sentences:
        labels = bracket_arm_labels(text, s0, s1)
        if labels and len(labels) in checks:
            return labels
    return []


def dose_bracket_labels(text: str, s0: int, s1: int) -> list[tuple[str, int, int, int | None]]:
    """(label, start, end, n) of the arms an allocation sentence (``text[s0:s1]``) names by dose level in brackets
    without a head word: "to CLX-7 at 2 × 10^6 (low dose), 5 × 10^6 (middle dose) or 1 × 10^7 cells (high dose)"
    -> low dose, middle dose, high dose (``n`` a size in the bracket, "(low dose; n = 20)", else None); [] when
    the sentence allocates nothing or names fewer than two distinct levels. Whether they are all the study's arms
    is the caller's to check (``arm_count_checks``)."""
    if not ALLOCATING.search(text, s0, s1):
        return []
    out: list[tuple[str, int, int, int | None]] = []
    for m in _RX.DOSE_BRACKET.finditer(text, s0, s1):
        label = " ".join(m.group("label").split())
        if squash(label) in {squash(x[0]) for x in out}:
            return []
        out.append((label, m.start("label"), m.end("label"), int(m.group("n")) if m.group("n") else None))
    return out if len(out) >= 2 else []
