"""Arm inventory: each arm's label, aliases, dose, role and size, and where the text names it.

Pure functions over the abstract text and the arms the existing extractor found
(dicts with label, role, n_patients, n_limbs, description, evidence). Mentions are
found by alias search plus generic group words ("control group", "placebo"),
so the attribution stage sees the arm wherever the text names it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from stemfoot.extract.literal_words import spans
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.schemas import control_words

ROLES = ("intervention", "control", "active_comparator", "single")

#: This module's regexes, as data in patterns/arm_inventory.json (compiled once, here).
_RX = load_patterns("arm_inventory", CONTROL_WORDS=control_words("arm_role"))
#: Generic names of arms by role: they mention an arm of that role when the study has one.
_GENERIC = {
    "control": re.compile(
        r"\b(?:(?:control(?:s)?|ctrls?)(?:\s+(?:group|arm|patients|subjects|participants|women|men|limbs))?|placebo(?:\s+(?:group|arm))?"
        r"|sham(?:\s+(?:group|arm))?|(?:standard|usual|conventional|conservative) (?:care|treatment|therapy)(?:\s+(?:group|arm))?)\b",
        re.I),
    "intervention": re.compile(
        r"\b(?:(?:treatment|treated|intervention|experimental|study|active|verum|cell|transplant(?:ed|ation)?)\s+(?:group|arm|patients)"
        r"|treated patients)\b",
        re.I),
}
_GENERIC_WORDS = {
    "patients", "patient", "group", "groups", "women", "treatment", "therapy", "placebo", "control", "standard",
    "receiving", "received", "plus", "with", "without", "alone", "daily", "weekly", "dose", "doses", "arm", "study",
    "cycles", "every", "weeks", "months", "given", "followed", "combination", "combined", "after", "before",
    "either", "their", "other", "usual", "care", "only", "regimen", "therapy", "adjuvant", "chemotherapy",
    "surgery", "intervention", "conventional", "program", "programme", "single", "versus", "compared",
}


@dataclass
class Arm:
    """One arm of a study, as the attribution stage sees it."""

    key: str
    label: str
    role: str
    aliases: list[str] = field(default_factory=list)
    dose: str | None = None
    n_patients: int | None = None
    n_limbs: int | None = None
    n_ulcers: int | None = None
    members: list[str] = field(default_factory=list)  #: keys of arms a combined grouping pools


@dataclass(frozen=True)
class Mention:
    """Where the text names an arm (absolute offsets); ``generic`` for role words like "control group"."""

    arm: str
    start: int
    end: int
    generic: bool = False


def _distinctive_words(phrase: str) -> list[str]:
    """Words of a label that can name the arm alone: abbreviations and long content words."""
    return list(_distinctive_words_of(phrase))


@lru_cache(maxsize=256)
def _distinctive_words_of(phrase: str) -> tuple[str, ...]:
    # cached: the inventory asks it of the same labels and aliases many times per abstract
    out = []
    for m in _RX.ALIAS_WORD.finditer(phrase):
        w = m.group()
        if w.lower() in _GENERIC_WORDS:
            continue
        if (len(w) >= 2 and any(c.isupper() for c in w[1:])) or len(w) >= 6:
            out.append(w)
    return tuple(out)


def abbreviations(text: str, phrase: str) -> list[str]:
    """Abbreviations the text defines right after a phrase: "bone marrow cells (BMC)" -> ["BMC"]."""
    return list(_abbreviations(text, phrase))


@lru_cache(maxsize=4096)
def _abbreviations(text: str, phrase: str) -> tuple[str, ...]:
    # The stages build an abstract's arms several times over the same phrases ("group", a cell type):
    # about five calls in six repeat one already made on the same text.
    out = []
    for _, end in spans(text, phrase):
        d = _RX.ABBREV_DEF.match(text, end + (1 if text[end:end + 1] == " " else 0))
        if d and not d.group("abbr").isdigit():
            out.append(d.group("abbr"))
    return tuple(out)


#: How the text names an arm by its label's head word ("sheet group": "sheet-treated patients", "with sheets").
_HEAD_FORMS = ("{head}-treated", "with {plural}")


def _plural(word: str) -> str:
    """An English noun's regular plural: "sheet" -> "sheets", "patch" -> "patches"."""
    return word + ("es" if re.search(r"(?:s|sh|ch|x|z)$", word, re.I) else "s")


def head_aliases(label: str) -> list[str]:
    """Names of an arm labelled "<head> group|arm" by its head alone: "<head>-treated" and "with <head>s"."""
    m = _RX.HEAD_LABEL.match(label.strip())
    if not m or m.group("head").lower() in _GENERIC_WORDS or _RX.CONTROL_WORDS.search(m.group("head")):
        return []
    head = m.group("head")
    if m.group("code") and not _RX.CODED_HEAD_NOUN.match(head):
        # "BMC-injection arm": after a code the noun names the arm only where it is a product's form, not a
        # procedure every arm may have had ("treated with injections") or an outcome ("with ulcers").
        return []
    # "foot group" names no "with foots": a head without a regular plural keeps only its "-treated" form.
    forms = [f for f in _HEAD_FORMS if "{plural}" not in f] if _RX.HEAD_NO_PLURAL.match(head) else _HEAD_FORMS
    return [form.format(head=head, plural=_plural(head)) for form in forms]


#: How results name an arm's people by the arm's one-word name ("21 MSC–PRP patients", "11 iloprost recipients").
_PEOPLE_FORMS = ("{name} patients", "{name} recipients")


def people_aliases(label: str) -> list[str]:
    """Names of the people of an arm labelled "<name> group|arm" by that name alone: "<name> patients" and
    "<name> recipients". A name that is a generic or role word gives none (the generic role words name those)."""
    m = _RX.NAME_LABEL.match(label.strip())
    if not m or m.group("name").lower() in _GENERIC_WORDS or _RX.CONTROL_WORDS.search(m.group("name")):
        return []
    return [form.format(name=m.group("name")) for form in _PEOPLE_FORMS]


#: A limb word's plural: "foot" and "extremity" are not regular (`_plural`).
_LIMB_PLURALS = {"limb": "limbs", "leg": "legs", "foot": "feet", "extremity": "extremities"}


def side_plural(label: str) -> list[str]:
    """A within-patient side labelled by its limb ("saline limb", "SVF foot") as the results name it, in the plural
    ("saline limbs", "SVF feet"); nothing for any other label."""
    m = _RX.SIDE_LABEL.match(label.strip())
    return [m.group("stem") + _LIMB_PLURALS[m.group("limb").lower()]] if m else []


def role_by_words(label: str) -> str:
    """control when the label reads like one (placebo, standard care...), else intervention."""
    return "control" if _RX.CONTROL_WORDS.search(label) else "intervention"


def dose_of(label: str) -> str | None:
    m = _RX.DOSE.search(label)
    return m.group() if m else None


def make_arm(text: str, key: str, label: str, role: str | None, phrases: list[str] = (), **sizes) -> Arm:
    """An arm from its label and any other phrases naming it; aliases add abbreviations and key words."""
    names = [p.strip() for p in [label, *phrases] if p and p.strip()]
    aliases: list[str] = []
    for name in names:
        aliases.append(name)
        aliases.extend(head_aliases(name))
        aliases.extend(people_aliases(name))
        aliases.extend(side_plural(name))
        aliases.extend(abbreviations(text, name))
        for word in _distinctive_words(name):
            aliases.append(word)
            aliases.extend(abbreviations(text, word))
    seen: set[str] = set()
    uniq = [a for a in aliases if len(a) >= 2 and not (a.lower() in seen or seen.add(a.lower()))]
    return Arm(key, label, role or role_by_words(" ".join(names)), uniq, dose_of(" ".join(names)), **sizes)


def build_inventory(text: str, arms: list[dict]) -> list[Arm]:
    """The inventory from the existing extractor's arm dicts (label, role, n_patients, n_limbs, description)."""
    out = []
    for i, a in enumerate(arms):
        phrases = [a.get("description") or ""]
        ev = a.get("evidence") or {}
        if ev.get("text"):
            phrases.append(ev["text"])
        out.append(make_arm(text, a.get("label") or f"arm{i}", a.get("label") or f"arm {i + 1}", a.get("role"),
                            phrases, n_patients=a.get("n_patients"), n_limbs=a.get("n_limbs"),
                            n_ulcers=a.get("n_ulcers")))
    _drop_shared_aliases(out)
    return out


def generic_names(text: str, arms: list[Arm]) -> dict[str, list[str]]:
    """Role words the text uses ("placebo", "controls", "standard care", "treatment group"), by the key of the
    one arm of that role: as in ``find_mentions``, a role word names an arm only when exactly one arm has it."""
    by_role: dict[str, list[Arm]] = {}
    for arm in arms:
        by_role.setdefault("control" if arm.role == "control" else "intervention", []).append(arm)
    out: dict[str, list[str]] = {}
    for role, rx in _GENERIC.items():
        owners = by_role.get(role, [])
        if len(owners) == 1:
            out.setdefault(owners[0].key, []).extend(dict.fromkeys(m.group() for m in rx.finditer(text)))
    return out


def _drop_shared_aliases(arms: list[Arm]) -> None:
    """An alias two arms share ("chemotherapy" in "A + chemotherapy" and "chemotherapy alone") names neither,
    unless it is one arm's own label no other arm's label holds: "(PBMNC+NPWT)" is that arm's name, not an
    abbreviation of "NPWT alone"'s "NPWT" ("HBOT" beside "HBOT alone" stays ambiguous). So is a word of one arm's
    label no other label has: "BMMNC" of "BMMNC group" is that arm's, though the other arm's description (read past
    its clause: "... BMMSCs, the BMMNC group received ...") holds it too (round 44)."""
    counts: dict[str, int] = {}
    for arm in arms:
        for a in {x.lower() for x in arm.aliases}:
            counts[a] = counts.get(a, 0) + 1
    labels = [arm.label.lower() for arm in arms]
    label_words = [{w.lower() for w in _distinctive_words(arm.label)} for arm in arms]
    phrases = [[x.lower() for x in arm.aliases] for arm in arms]
    for i, (arm, words) in enumerate(zip(arms, label_words)):
        own = arm.label.lower() if sum(arm.label.lower() in x for x in labels) == 1 else None
        others = [x for j, xs in enumerate(phrases) if j != i for x in xs]
        own_words = {w for w in words if sum(w in other for other in label_words) == 1
                     and not added_to_other(w, arm.label.lower(), others)}
        arm.aliases = [a for a in arm.aliases if counts[a.lower()] == 1 or a.lower() == own or a.lower() in own_words]


def added_to_other(word: str, label: str, phrases: list[str]) -> bool:
    """Whether another arm's phrase (lower case, ``phrases``) holds ``word`` of the arm labelled ``label`` as a
    treatment added to its own (``ADDED_TO`` right before it: "bone marrow cells mixed with PRP" beside a "PRP
    group", "stem cells plus intensive insulin" beside an "insulin group"): the word is a part of both arms'
    treatment and names neither alone (mendlead44a). Not where it is the source of the other arm's treatment
    ("exosomes isolated from ADSC culture") or a name's part ("MSC+HBO"); nor for an arm labelled by the word alone
    ("ADSC" beside an "ADSC-HBOT group" that received "ADSC plus HBOT": a factorial's single-treatment arm has no
    other name)."""
    if label == word:
        return False
    pat = re.compile(r"(?<![\w\-+/])" + re.escape(word) + r"(?![\w\-+/])")
    return any(_RX.ADDED_TO.search(x, 0, m.start()) for x in phrases if x != word for m in pat.finditer(x))


def _alias_pattern(alias: str) -> str:
    """An alias as a pattern where a space, a hyphen and nothing are one between words ("low dose" names
    "low-dose", "breast feeding" names "breastfeeding")."""
    return re.sub(r"(?:\\ |\\-)+", r"[\\s\\-]*", re.escape(alias))




def _tag_keys(arms: list[Arm]) -> dict[tuple[str, str], str]:
    """Arm keys by (head, tag) of their labelled aliases: ("group", "B") for "group B"."""
    by_tag: dict[tuple[str, str], str] = {}
    for arm in arms:
        for alias in arm.aliases:
            m = _RX.LABELLED.match(alias.strip())
            if m:
                by_tag[(m.group("head").lower(), m.group("tag").upper())] = arm.key
    return by_tag


def _shared_head_mentions(text: str, arms: list[Arm]) -> list[tuple[int, int, str, bool]]:
    """"groups A, B and C", "cohorts 1 and 2": one mention per labelled arm ("group A", "cohort 2"), at its tag."""
    by_tag = _tag_keys(arms)
    if not by_tag:
        return []
    out = []
    for m in _RX.SHARED_HEAD.finditer(text):
        head = m.group("head").lower().rstrip("s")
        for t in re.finditer(r"\b(?:[A-D]|IV|I{1,3}|[1-9])\b", m.group("tags")):
            key = by_tag.get((head, t.group().upper()))
            if key is not None:
                out.append((m.start("tags") + t.start(), m.start("tags") + t.end(), key, False))
    return out


#: The orders labelled arms are numbered in, for reading a range ("G1 to G4", "Groups I–IV").
_TAG_ORDERS = (("1", "2", "3", "4", "5", "6", "7", "8", "9"), ("A", "B", "C", "D"), ("I", "II", "III", "IV"))


@lru_cache(maxsize=64)
def _tag_ranges(text: str) -> tuple[re.Match[str], ...]:
    # Cached: the stages find an abstract's mentions several times over, and the pattern tries every word.
    return tuple(_RX.TAG_RANGE.finditer(text))


def _range_mentions(text: str, arms: list[Arm]) -> list[tuple[tuple[int, int], list[tuple[int, int, str, bool]]]]:
    """"in G1 to G4, respectively", "in Groups I–IV": each range's span and one mention per arm of it, in its
    order. The first and last arms are mentioned at their tags, the ones between at the range's dash (no
    width), so a list read against the sentence's mentions meets every arm in turn. Only when every arm of
    the range exists."""
    by_label = {a.label.strip(): a.key for a in arms}
    by_tag = _tag_keys(arms)
    out = []
    for m in _tag_ranges(text):
        first, last = m.group("first").upper(), m.group("last").upper()
        order = next((o for o in _TAG_ORDERS if first in o and last in o and o.index(first) < o.index(last)), None)
        if order is None:
            continue
        tags = order[order.index(first): order.index(last) + 1]
        if m.group("head"):
            keys = [by_tag.get((m.group("head").lower().rstrip("s"), t)) for t in tags]
        else:
            keys = [by_label.get(m.group("code") + t) for t in tags]
        if None in keys or len(set(keys)) != len(keys):
            continue
        gap = m.end("first")
        ms = [(m.start(), gap, keys[0], False), *((gap, gap, key, False) for key in keys[1:-1]),
              (m.start("rep") if m.group("rep") else m.start("last"), m.end(), keys[-1], False)]
        out.append(((m.start(), m.end()), ms))
    return out


def _coordinations(text: str) -> list[tuple[list[tuple[int, int, str]], str]]:
    """Each suspended-hyphen coordination's bare stems (span, full name) and its last member, written whole."""
    out = []
    for m in _RX.SUSPENDED.finditer(text):
        stems = []
        for s in _RX.SUSPENDED_STEM.finditer(m.group("stems")):
            start = m.start("stems") + s.start()
            stems.append((start, start + len(s.group()), s.group() + m.group("head")))
        out.append((stems, f"{m.group('last')}-{m.group('head')}"))
    return out


def suspended_names(text: str) -> list[tuple[int, int, str]]:
    """The full names a suspended-hyphen coordination leaves unwritten: "in the low-, mid-, high-dose and
    placebo arms" gives (span of "low-", "low-dose") and (span of "mid-", "mid-dose"); the last member is written
    whole and needs no help."""
    return [stem for stems, _ in _coordinations(text) for stem in stems]


def _squash_name(name: str) -> str:
    """A name with case, spaces and hyphens dropped, as ``_alias_pattern`` matches it."""
    return re.sub(r"[\s\-]+", "", name.lower())


def _alias_owner(name: str, arms: list[Arm]) -> str | None:
    """The key of the one arm that has ``name`` as an alias (case, spaces and hyphens aside: "low-dose" from
    "low-, middle- and high-dose" names the arm "low dose"), else None."""
    want = _squash_name(name)
    keys = {a.key for a in arms if any(_squash_name(alias) == want for alias in a.aliases)}
    return keys.pop() if len(keys) == 1 else None


def _suspended_mentions(text: str, arms: list[Arm]) -> list[tuple[int, int, str, bool]]:
    """A mention at each suspended stem whose full name ("low-" for "low-dose") is an alias of exactly one arm,
    where every member of the coordination, the last included, names its own arm: "in the low-, high-dose and
    placebo groups" beside arms low-dose and placebo names an arm the inventory lacks, and its values would
    not line up with the arms it does name."""
    out = []
    for stems, last in _coordinations(text):
        keys = [_alias_owner(name, arms) for _, _, name in stems] + [_alias_owner(last, arms)]
        if None in keys or len(set(keys)) != len(keys):
            continue
        out.extend((start, end, key, False) for (start, end, _), key in zip(stems, keys))
    return out


def find_mentions(text: str, arms: list[Arm]) -> list[Mention]:
    """Every place an arm is named: aliases (longest first, no overlaps) and role words."""
    # The stages find an abstract's mentions several times over, mostly for the same arms: cached on the text
    # and on all that is read of the arms (key, label, role, aliases).
    return list(_mentions(text, tuple((a.key, a.label, a.role, tuple(a.aliases)) for a in arms)))


@lru_cache(maxsize=2048)
def _aliases_rx(alternation: str) -> re.Pattern:
    """One arm's aliases as a pattern, compiled once while in use: the stages ask for an arm's mentions under several
    inventories, and ``re``'s own cache (512 patterns) is flushed by the arm-name patterns of a long run, so ~40% of
    these compiles (~0.2-0.4 ms each) were repeats."""
    return re.compile(rf"(?<![\w\-])(?:{alternation})(?![\w])", re.I)


@lru_cache(maxsize=64)
def _mentions(text: str, names: tuple[tuple[str, str, str, tuple[str, ...]], ...]) -> tuple[Mention, ...]:
    arms = [Arm(key, label, role, list(aliases)) for key, label, role, aliases in names]
    raw: list[tuple[int, int, str, bool]] = []
    for arm in arms:
        # One pattern per arm; short all-caps abbreviations match case-sensitively ("AC" is not "ac").
        exact = [_alias_pattern(a) for a in arm.aliases if len(a) <= 5 and a.upper() == a]
        folded = [_alias_pattern(a) for a in arm.aliases if not (len(a) <= 5 and a.upper() == a)]
        alts = [*(f"(?-i:{a})" for a in exact), *folded]
        if not alts:
            continue
        alts.sort(key=len, reverse=True)
        for m in _aliases_rx("|".join(alts)).finditer(text):
            if m.group().lower().startswith("with ") and _RX.WITH_FORM_STOP.match(text, m.end()):
                continue  # "with sheets of slough": a quantity, no arm
            raw.append((m.start(), m.end(), arm.key, False))
    raw.extend(_shared_head_mentions(text, arms))
    raw.extend(_suspended_mentions(text, arms))
    for (lo, hi), ms in _range_mentions(text, arms):
        # The range's own mentions stand for its arms: drop alias matches inside it ("G1", "G4").
        raw = [r for r in raw if not lo <= r[0] < hi] + ms
    by_role: dict[str, list[Arm]] = {}
    for arm in arms:
        by_role.setdefault("control" if arm.role == "control" else "intervention", []).append(arm)
    for role, rx in _GENERIC.items():
        owners = by_role.get(role, [])
        if len(owners) != 1:
            # "the control group" names an arm only when exactly one arm has that role.
            continue
        for m in rx.finditer(text):
            raw.append((m.start(), m.end(), owners[0].key, True))
    raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
    out: list[Mention] = []
    last_end = -1
    for s, e, key, generic in raw:
        if s >= last_end:
            out.append(Mention(key, s, e, generic))
            last_end = e
    return tuple(out)


def check_sizes(arms: list[Arm], total: int | None, unit: str = "n_patients") -> list[str]:
    """Flags when the arms' sizes do not add up to the stated total (combined groupings excluded)."""
    if total is None:
        return []
    base = [a for a in arms if not a.members]
    sizes = [getattr(a, unit) for a in base]
    if not base or any(s is None for s in sizes):
        return []
    summed = sum(sizes)
    if summed == total:
        return []
    return [f"arm_sizes_{'exceed' if summed > total else 'below'}_total:{unit}:{summed}!={total}"]
