"""Arm sizes: how many patients (or limbs) each arm has, read from the whole text and checked against the total.

Pure functions over the abstract text and the arms found so far (dicts with label, role,
n_patients, n_limbs, evidence); no spaCy. Sizes are read by classes of wording, each a
function below, and kept only where they agree with each other and with the stated total:

- ``paren_arms``: arms introduced by a parenthesised label after what they received,
  "allocated to PBSC transplantation (treatment group, 34 limbs) or to PGE1 (control group,
  28 limbs)", "35 patients (41 limbs) received intra-arterial infusion (IA group)",
  "(active, n = 48)", "(cohort A, n = 3)".
- ``per_group``: one size for every arm, "36 cases in each group", "(82 per group)",
  "38 were assigned to each group", "divided into three groups of 24".
- ``named_counts``: a count written with an arm's name, "Of the 16 CD34+ pts", "all 15 SMT
  pts", "Fifty-six patients were allocated to BM-MNC and 54 to placebo", "Twenty-six
  patients received the MSC-matrix and 24 the matrix alone", "the sheet group had 22 patients
  and the film group 21".
- ``labelled_sizes``: "(BMAC, n = 57; placebo, n = 55)", "(gel 31, gauze 30)" after an allocation verb.
- ``ratio_sizes``: a stated total split by the allocation ratio, "randomized 1:1:1",
  "allocated in equal numbers" (flag ``size_from_ratio``).
- ``remainder``: the one arm left without a size gets the total minus the others
  (flag ``size_from_total``).

Counts after event wording ("died", "occurred in", "reported") are never sizes; a size that
would make the arms exceed the total is not taken, and sizes read in an event sentence that
together hold under half the total are dropped.
"""
from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass

from stemfoot.extract.arm_inventory import build_inventory, find_mentions
from stemfoot.extract.arm_lists import (ListedArm, allocation_list, coded_series, coded_twins, is_code, matches,
                                        route_named, squash, arm_count_checks, dose_bracket_labels)
from stemfoot.extract.alloc_lists import allocation_items
from stemfoot.extract.arm_model import groups_said, stated_arms
from stemfoot.extract.arms import role_of, solo_word
from stemfoot.extract.literal_words import word_spans
from stemfoot.extract.numbers import COUNT, date_spans, parse_count, static_rx
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.schemas import control_words

#: This module's regexes, as data in patterns/arm_sizes.json (compiled once, here).
_RX = load_patterns("arm_sizes", COUNT=COUNT, CONTROL_WORDS=control_words("arm_size"),
                    INACTIVE_WORDS=control_words("inactive_size"))


@dataclass(frozen=True)
class Claim:
    """One reading of an arm's size: the arm (by label), unit, value, span and the class that read it."""

    arm: str
    unit: str  #: "n_patients" | "n_limbs"
    n: int
    start: int
    end: int
    how: str


@dataclass(frozen=True)
class ParenArm:
    """An arm introduced as "<what it received> (<label>[, n = k])"."""

    label: str
    start: int
    end: int
    description: str
    role: str
    n_patients: int | None
    n_limbs: int | None
    n_span: tuple[int, int] | None


def _sentence_of(sentences: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    return next(((s, e) for s, e in sentences if s <= offset < e), (0, 0))


def _unit(noun: str | None) -> str:
    return "n_limbs" if noun and re.fullmatch(_RX.LIMB, noun, re.I) else "n_patients"


def paren_arms(text: str, sentences: list[tuple[int, int]]) -> list[ParenArm]:
    """Arms named by a parenthesised label after the treatment they received, in allocation sentences.

    The label is short (at most four words) and ends with a group word, or carries a size
    ("(active, n = 48)"); the description is the phrase before the parenthesis back to the
    list break; a count of patients just before the description ("35 patients (41 limbs)
    received ...") is the arm's size when the parenthesis has none. Two or more such labels
    in one sentence are needed (a list of arms), so a lone "(SVF group)" is left to the rules.
    """
    out: list[ParenArm] = []
    dates = date_spans(text)
    for s0, s1 in sentences:
        sentence = text[s0:s1]
        if not _RX.ALLOCATION.search(sentence):
            continue
        first = label_first_arms(sentence, s0)
        if len(first) >= 2:
            out.extend(first)
            continue
        found: list[ParenArm] = []
        prev_end = 0
        by_code: list[ParenArm] = []
        last_end = 0
        checked = _sizes_add_up(sentence)
        for m in re.finditer(r"\(([^()]{2,60})\)", sentence):
            inner = m.group(1)
            parts = detail_named_parts(inner) or [p.strip() for p in re.split(r"[,;]", inner, maxsplit=1)]
            size = _RX.SIZE_IN_PAREN.match(parts[1]) if len(parts) > 1 else None
            if len(parts) > 1 and not size and (_names_arm(parts[1]) or _coded(sentence, m, parts[1])):
                # "(1 million cells/kg; LD)", "(1% O2; H-MSC group)": a detail of the dose first, the arm's name last.
                parts = parts[1:]
            label = parts[0]
            coded = _coded(sentence, m, label)
            words = label.split()
            by_count = bool(re.search(r"\d", label)) and not (re.search(rf"\b{_RX.GROUP}\b", label, re.I) or coded)
            if not words or len(words) > 4 or by_count and not (checked and size):
                continue
            if not (_names_arm(label) or (size and (len(words) <= 2 or _RX.SITE_LABEL.match(label))) or coded) \
                    or _RX.PER_ARM_SIZE.match(label):
                continue
            if len(parts) > 1 and not size:
                continue
            before = sentence[:m.start()]
            brk = list(re.finditer(r"[,;:]|\b(?:or|and|to|versus|vs\.?|received?|receiving|underwent|with)\b", before, re.I))
            desc_start = brk[-1].end() if brk else 0
            # "(IA group)" right after "received intra-arterial infusion": the description is the treatment.
            description = before[desc_start:].strip()
            if brk and brk[-1].group().lower() == "with" and len(brk) > 1:
                # "a sham procedure with bone marrow aspiration (sham group)": the head comes before "with".
                description = before[brk[-2].end():].strip()
            if not description or len(description.split()) > 14:
                continue
            # What the arm received: the text since the previous listed arm (or clause start).
            wide = before[max(prev_end, before.rfind(";") + 1):]
            # An arm only the count vouches for says its role by its whole item ("or conventional therapy with
            # anticoagulants and vasodilators (G3, n = 22)"), not by the words after its last "and"; the first item
            # starts after the allocation words (not "a placebo-controlled trial ... randomised to").
            item = wide[alloc[-1].end():] if (alloc := list(_RX.ASSIGNED_BEFORE.finditer(wide))) else wide
            role = arm_role(label, item if by_count else description, wide)
            n_pat = n_limbs = None
            span = None
            if size:
                n = size.group("n") or size.group("n2")
                value = parse_count(n)
                if size.group("n2") and _unit(size.group("noun")) == "n_limbs":
                    n_limbs = value
                else:
                    n_pat = value
                if size.group("l"):
                    n_limbs = parse_count(size.group("l"))
                key = "n" if size.group("n") else "n2"
                off = s0 + m.start(1) + inner.index(parts[1]) if len(parts) > 1 else s0 + m.start(1)
                span = (off + size.start(key), off + size.end(key))
            else:
                lead = static_rx(
                    rf"(?P<n>{COUNT})\s+(?:[\w\-]+\s+){{0,2}}?{_RX.PERSON}(?:\s*\(\s*(?P<l>{COUNT})\s+{_RX.LIMB}\s*\))?\s+"
                    rf"(?:who\s+|that\s+)?(?:(?:were|was)\s+)?[^,;()\d]{{0,25}}$", re.I).search(
                    before[:desc_start] if brk else "")
                if lead and not any(a <= s0 + lead.start("n") < b for a, b in dates):
                    n_pat = parse_count(lead.group("n"))
                    n_limbs = parse_count(lead.group("l")) if lead.group("l") else None
                    span = (s0 + lead.start("n"), s0 + lead.end("n"))
            prev_end = m.end()
            at = s0 + m.start(1) + inner.index(label)
            found.append(ParenArm(label, at, at + len(label), description, role,
                                  n_pat, n_limbs, span))
            if coded and not (_names_arm(label) or size):
                by_code.append(found[-1])
            last_end = m.end()
        if by_code and _RX.UNCODED_ITEM.match(sentence, last_end):
            # "... 150 cells (LD), 300 cells (HD) or placebo": an arm without a code follows; the codes name only
            # part of the list, which is left to the other readings.
            found = [p for p in found if p not in by_code]
        bare = _bare_sized_items(sentence, s0, found) if found and all(p.n_span for p in found) else []
        if bare:
            # Each item's role from its own words: what the sentence gave the items before it is theirs.
            found = sorted([dataclasses.replace(p, role=arm_role(p.label, p.description, p.description)) for p in found]
                           + bare, key=lambda p: p.start)
        if len(found) >= 2 and not any(p.n_span for p in found):
            found = _segment_leads(text, s0, found, dates)
        if len(found) >= 2:
            sized = [p for p in found if p.n_span]
            if len(sized) == 1 and sized[0] is found[0] and found[0].n_span[0] < found[0].start:
                # "18 patients received X at dose a (cohort 1), b (cohort 2) or c (cohort 3)": a count leading a
                # list of arms none of the others has a count in is the study's, not the first arm's.
                f = found[0]
                found[0] = ParenArm(f.label, f.start, f.end, f.description, f.role, None, None, None)
            out.extend(found)
    return out






def _sizes_add_up(sentence: str) -> bool:
    """Whether an allocation sentence's sized brackets are its arms by count: two or more "(label, n = N)" whose
    sizes add up to the people the sentence opens with ("Forty-five patients ... received cells by one of three
    routes: intramuscular (G1, n = 15), intra-arterial (G2, n = 15) or ... (G3, n = 15)"). Such a label may carry
    a digit ("UMX-3 low", "G2"): the count, not its form, says it names an arm."""
    total = _RX.SENTENCE_TOTAL.search(sentence)
    sizes = []
    for m in re.finditer(r"\(([^()]{2,60})\)", sentence):
        parts = [p.strip() for p in re.split(r"[,;]", m.group(1), maxsplit=1)]
        size = _RX.SIZE_IN_PAREN.match(parts[1]) if len(parts) > 1 else None
        if size and size.group("n") and len(parts[0].split()) <= 4 and "=" not in parts[0]:
            sizes.append(parse_count(size.group("n")))
    return bool(total) and len(sizes) >= 2 and sum(sizes) == parse_count(total.group("n"))


def list_count_said(text: str, sentences: list[tuple[int, int]], s0: int) -> int | None:
    """The number of arms the sentence at ``s0`` or the next one states ("each of the four groups comprised 26
    patients", "a 2 × 2 factorial": four); None when neither states one or they state two numbers."""
    i = next((k for k, (a, _) in enumerate(sentences) if a == s0), None)
    if i is None:
        return None
    end = sentences[min(i + 1, len(sentences) - 1)][1]
    said = {4 if m.group("f") else parse_count(m.group("k")) for m in _RX.LIST_COUNT_SAID.finditer(text, s0, end)}
    return said.pop() if len(said) == 1 else None


def reused_label_arms(text: str, sentences: list[tuple[int, int]]) -> list[ParenArm]:
    """Arms of an allocation list whose brackets are labels the results use again: "randomised 104 patients ... to
    PBMNC plus NPWT (PBMNC+NPWT), PBMNC with conventional dressings (PBMNC alone), NPWT without cells (NPWT
    alone) or conventional dressings without cells (neither); each of the four groups comprised 26 patients".
    Read only when the labels are not codes or group names (``paren_arms`` reads those) and the list is sure:
    every item joins the one before through a list connector alone, every label (at most three words, distinct)
    occurs again after the sentence, none holds another as a word ("SVF" in "SVF-PRP": the inventory could not
    tell them apart), and the sentence or the next states as many arms as the list has (two at least). Only the
    text's first allocation sentence: a later one splits an arm ("Patients in the BM-MNC group were further
    randomised to a single injection (single) or ..."). An item's role from its own words, "without cells"
    saying no cells."""
    for s0, s1 in sentences:
        sentence = text[s0:s1]
        lead = _RX.ASSIGNED_WIDE.search(sentence)
        if not lead:
            continue
        return _reused_list(text, sentences, s0, s1, lead)
    return []


def _holds_another(labels: list[str]) -> bool:
    """Whether a label holds another as a word: "SVF" in "SVF-PRP", "gel" in "gel+cells"."""
    return any(re.search(rf"(?<!\w){re.escape(x.lower())}(?!\w)", y.lower())
               for x, y in itertools.permutations(labels, 2))


def _reused_list(text: str, sentences: list[tuple[int, int]], s0: int, s1: int, lead: re.Match) -> list[ParenArm]:
    """The arms ``reused_label_arms`` reads from the allocation sentence ``text[s0:s1]`` (``lead``: its allocation
    phrase, matched in the sentence), or [] when the list is not sure."""
    sentence = text[s0:s1]
    found: list[ParenArm] = []
    prev_end = lead.end()
    for b in re.finditer(r"\(([^()]{1,30})\)", sentence[lead.end():]):
        bs, be = lead.end() + b.start(), lead.end() + b.end()
        link = (_RX.LIST_FIRST if not found else _RX.LIST_LINK).match(sentence, prev_end, bs)
        label = b.group(1).strip()
        if not link or not _RX.ITEM_END.match(sentence[be:]) or len(label.split()) > 3 or re.search(r"\d|=", label):
            break
        item = link.group("item").strip()
        at = s0 + bs + 1 + (len(b.group(1)) - len(b.group(1).lstrip()))
        plain = _RX.WITHOUT_CELLS.sub(" ", item)
        # "NPWT without cells (NPWT alone)": what the item received says the role first; a label's "alone" says
        # the item had one treatment of the list's, not none ("(control)" still says control).
        bare = re.sub(r"\balone\b", " ", label, flags=re.I)
        role = said_role(plain, plain, plain) or arm_role(bare, plain, plain)
        found.append(ParenArm(label, at, at + len(label), item, role, None, None, None))
        prev_end = be
    celled = [bool(_RX.CELLS.search(_RX.WITHOUT_CELLS.sub(" ", p.description))) for p in found]
    if "control" not in {p.role for p in found} and celled.count(False) == 1 and len(found) >= 2:
        # "to autologous BM-MNC (cells) or gauze dressings (gauze)": no item said to be the control, the one item
        # naming no cells is the comparison (as in ``randomised_to_arms``), not a second active arm.
        i = celled.index(False)
        found[i] = dataclasses.replace(found[i], role="control")
    labels = [p.label for p in found]
    if (len(found) < 2 or len({_norm(x) for x in labels}) != len(found) or _holds_another(labels)
            or list_count_said(text, sentences, s0) != len(found)):
        return []
    if all(re.search(rf"(?<![\w+\-]){re.escape(x)}(?![\w+\-])", text[s1:]) for x in labels):
        return found
    return []


def _bare_sized_items(sentence: str, s0: int, found: list[ParenArm]) -> list[ParenArm]:
    """"(EMT-101; n = 48) or electrolyte solution placebo (n = 24)": in a list of sized, labelled arms, an item
    sized by a bare "(n = k)" is an arm named by what it received (one to four words, no digits, no group word:
    "the control group (n = 17)" is the rules'). The item must join the previous listed bracket (or the
    allocation phrase) through a list connector alone and end the clause: "..., and diabetics (n = 30) were
    analysed separately" is a subgroup."""
    out = []
    ends = sorted(sentence.index(")", p.end - s0) + 1 for p in found if ")" in sentence[p.end - s0:])
    for m in _RX.BARE_SIZE.finditer(sentence):
        if any(s0 + m.start() <= p.start < s0 + m.end() for p in found):
            continue
        item = _list_item(sentence, max([e for e in ends if e <= m.start()], default=0), m)
        if item is None:
            # Not after "randomised/allocated ... to" or the list's brackets: "ischaemia due to atherosclerosis
            # (n = 27) or TAO (TAO, n = 14)" lists subgroups.
            continue
        label, at = item
        if not label or len(label.split()) > 4 or re.search(rf"\d|\b{_RX.GROUP}\b", label, re.I):
            continue
        ends = sorted(ends + [m.end()])
        out.append(ParenArm(label, s0 + at, s0 + at + len(label), label, arm_role(label, label, label),
                            parse_count(m.group("n")), None, (s0 + m.start("n"), s0 + m.end("n"))))
    return out


def _list_item(sentence: str, prev_end: int, bracket: re.Match) -> tuple[str, int] | None:
    """The list item (text, start) that ``bracket`` closes, when it joins the list: right after the allocation
    phrase ("randomised to <item> (...)") or after the previous listed bracket (ending at ``prev_end``; 0 for none)
    through a list connector alone (",", "or", "and", "vs"), its words not opening a clause ("(HD), and followed
    for amputation-free survival (AFS)"), and the bracket followed by a connector or the clause's end."""
    if not _RX.ITEM_END.match(sentence[bracket.end():]):
        return None
    # A word of allocation after the previous bracket opens a new list ("fed a HFD (HFD, n = 40) or a normal diet
    # (ND, n = 5) for 6 weeks and thereafter randomized into ND (n = 5), HFD (n = 10), ...").
    lead = list(_RX.ASSIGNED_BEFORE.finditer(sentence, prev_end, bracket.start()))
    if lead:
        link = _RX.LIST_FIRST.match(sentence, lead[-1].end(), bracket.start())
    elif prev_end:
        link = _RX.LIST_LINK.match(sentence, prev_end, bracket.start())
    else:
        link = None
    if not link:
        return None
    return link.group("item").strip(), link.start("item") + len(link.group("item")) - len(link.group("item").lstrip())


def detail_named_parts(inner: str) -> list[str] | None:
    """[label, size] of a bracket whose leading segments detail a dose and whose last two name an arm and its
    size: "2 × 10^6 cells/kg; UMX-27 group, n = 22" -> ["UMX-27 group", "n = 22"]; a product code leads likewise
    ("product code MSH-11; sheet group, n = 33" -> ["sheet group", "n = 33"]). None for any other bracket
    ("EPC group, n = 21; BMT group, n = 21" holds two arms; "hUC-MSCs; hUC-MSC group, n = 28" is read as before)."""
    segs = [p.strip() for p in re.split(r"[,;]", inner)]
    if len(segs) < 3 or not _RX.SIZE_IN_PAREN.match(segs[-1]) or not _names_arm(segs[-2]):
        return None
    if not all(_RX.DOSE_DETAIL.match(s) or _RX.PRODUCT_CODE_DETAIL.match(s) for s in segs[:-2]):
        return None
    return segs[-2:]


def _names_arm(label: str) -> bool:
    """A bracketed name that is an arm's by its form: "H-MSC group", "cohort 2", "BM-MNC legs"."""
    return bool(re.search(rf"\b{_RX.GROUP}$", label, re.I) or _RX.NUMBERED.match(label) or _RX.LIMB_LABEL.match(label))


def _coded(sentence: str, m: re.Match, label: str) -> bool:
    """A short code ("G1", "LD", "BM+PRP") names an arm when it closes an item of a list after a word of
    allocation ("randomised to placebo (G1) or to cells (G2)"), every item up to it joined to the one before by
    a list connector alone; elsewhere such a bracket defines an abbreviation ("critical limb ischaemia (CLI)",
    "... (PBC) in addition to standard care (SOC)")."""
    if not _RX.CODE_LABEL.match(label):
        return False
    lead = list(_RX.ASSIGNED_BEFORE.finditer(sentence, 0, m.start()))
    if not lead:
        return False
    prev_end = 0
    for b in re.finditer(r"\([^()]*\)", sentence[:m.end()]):
        if b.start() < lead[-1].end():
            continue
        if _list_item(sentence, prev_end, b) is None:
            return False
        prev_end = b.end()
    return True


def _segment_leads(text: str, s0: int, found: list[ParenArm], dates: list[tuple[int, int]]) -> list[ParenArm]:
    """"Twenty-five were randomised to X (A group) and 25 to Y (B group)": each listed arm's stretch of the
    sentence opens with its count. Taken only when every listed arm has one."""
    out: list[ParenArm] = []
    start = s0
    for p in found:
        m = _RX.SEGMENT_LEAD.match(text, start, p.start)
        if not m or any(a <= m.start("n") < b for a, b in dates) or not parse_count(m.group("n")):
            return found
        out.append(ParenArm(p.label, p.start, p.end, p.description, p.role, parse_count(m.group("n")), None,
                            (m.start("n"), m.end("n"))))
        start = text.index(")", p.end) + 1 if ")" in text[p.end:p.end + 80] else p.end
    return out




def label_first_arms(sentence: str, offset: int = 0) -> list[ParenArm]:
    """Arms written label first with their size in brackets: "CD133+ grp (n=14): ...; BMT grp (n=13): ...",
    "combination group (cells plus PGE1, n=32), transplantation group (cells alone, n=32) and drug group
    (PGE1 alone, n=32)". Two or more in one sentence (a list of arms). The description is the bracket's
    text, else what follows a colon; an arm without cells listed next to one with cells is the control."""
    found: list[ParenArm] = []
    if len(_RX.SIZE_BRACKET_CHEAP.findall(sentence)) < 2:
        return found
    for m in _RX.LABEL_FIRST.finditer(sentence):
        label = m.group("label").strip()
        if re.fullmatch(rf"(?:each|both|all|two|three|four|the|per)\s+{_RX.GROUP}|{_RX.GROUP}", label, re.I):
            continue
        desc = (m.group("desc") or (m.group("colon") or "").lstrip(" :")).strip().rstrip(".")
        key = "n" if m.group("n") else "n2"
        said = desc or _RX.CELLS.search(label) or _RX.CONTROL.search(label) or _RX.INACTIVE.search(label)
        # "a combined group (n=30) and a PRP group (n=28)": the label alone says nothing of the role.
        role = arm_role(label, desc, desc) if said else "named_group"
        found.append(ParenArm(label, offset + m.start("label"), offset + m.end("label"), desc,
                              role, parse_count(m.group(key)), None,
                              (offset + m.start(key), offset + m.end(key))))
    if len({_norm(p.label) for p in found}) != len(found):
        return []
    cells = [bool(_RX.CELLS.search(f"{p.label} {p.description}")) for p in found]
    if any(cells) and not any(p.role in {"control", "named_group"} for p in found):
        found = [p if c else ParenArm(p.label, p.start, p.end, p.description, "control", p.n_patients, p.n_limbs,
                                      p.n_span) for p, c in zip(found, cells)]
    return found




def _short_label(phrase: str) -> str | None:
    """A short name for an arm from what it received: its bracketed label ("(SMT)", "(BM+PRP)"), a cell
    abbreviation ("CD34+", "BMAC"), an inactive word ("sham", "placebo"), else its last words."""
    paren = re.search(r"\(([^()]{1,25})\)\s*$", phrase)
    # "(20 patients each)" is a size, no name.
    if paren and len(paren.group(1).split()) <= 3 and not re.search(r"\d\s*(?:%|mg|ml|cells)|[=;]|^\W*\d", paren.group(1)):
        return paren.group(1).strip()
    words = [w.strip(",") for w in re.sub(r"\([^()]*\)", " ", phrase).split()]
    for w in words:
        if _RX.ABBREV.match(w) and _RX.CELLS.search(w):
            return w
    m = _RX.INACTIVE.search(phrase) or _RX.CONTROL.search(phrase)
    if m:
        start = m.start()
        if solo_word(m.group()):
            # "or to the matrix alone": "alone" names nothing by itself, the treatment before it names the arm.
            before = re.search(r"([\w\-+]+)\s+$", phrase[:start])
            if not before or _RX.ROUTE_WORDS.match(before.group(1)):
                return None
            start = before.start(1)
        tail = re.match(r"[\w\- ]{0,40}", phrase[start:]).group().split()
        return " ".join(tail[:3]) if tail else None
    words = [w for w in words if w and not _RX.ROUTE_WORDS.match(w)]
    return " ".join(words[-3:]) if words else None


def randomised_to_arms(text: str, sentences: list[tuple[int, int]]) -> list[ParenArm]:
    """"40 pts randomised 1:1 to im BMAC or sham (BM aspiration plus saline)", "randomised to CD34+ cells im or
    standard medical therapy (SMT)", "Randomised 1:1 to BM-MNC in PRP (BM+PRP) vs BM-MNC alone (BM)": two arms
    named by what they received, either side of "or" / "vs". Their names are short (a bracketed label, a cell
    abbreviation, an inactive word); the two must differ and one at most may be a control."""
    for s0, s1 in sentences:
        m = _RX.RANDOMISED_TO.search(text, s0, s1)
        if not m or allocation_list(text, s0, s1):
            # "to the A group, the B group or the C group": three arms listed, read whole by ``add_listed_arms``.
            continue
        a, b = m.group("a").strip(), m.group("b").strip()
        if m.group("lab"):
            b = f"{b} ({m.group('lab')})"
        la, lb = _short_label(a), _short_label(b)
        if not la or not lb or _norm(la) == _norm(lb) or len(a.split()) > 14 or _RX.THIRD_ITEM.search(a):
            # "to SVF, PRP or standard care": three arms listed, not two.
            continue
        ra, rb = arm_role(la, a, a), arm_role(lb, b, b)
        if ra == rb == "control":
            continue
        if ra == rb == "intervention" and _RX.CELLS.search(a) and not _RX.CELLS.search(re.sub(r"\([^()]*\)", "", b)):
            rb = "control"
        if "control" not in (ra, rb):
            # Two active arms ("BM-MNC in PRP vs BM-MNC alone"): which side a result is on cannot come from
            # roles, and the results order is no cue; left to the rules.
            continue
        return _two_arms(text, m, (la, a, ra), (lb, b, rb))
    return []


def _two_arms(text: str, m: re.Match, first: tuple[str, str, str], second: tuple[str, str, str]) -> list[ParenArm]:
    """The two arms (label, phrase, role) of an allocation match with groups ``a`` and ``b``, each at its label."""
    out = []
    for (label, phrase, role), start in ((first, m.start("a")), (second, m.start("b"))):
        at = text.find(label, start, m.end())
        at = at if at >= 0 else start
        out.append(ParenArm(label, at, at + len(label), phrase, role, None, None, None))
    return out




def counts_to_arms(text: str, sentences: list[tuple[int, int]]) -> list[ParenArm]:
    """The two arms of "28 were allocated to the SVF group and 28 to the standard of care (SOC) group" (a count
    before each name; their sizes are read later, by ``named_counts``). One control at most, as in
    :func:`randomised_to_arms`."""
    for s0, s1 in sentences:
        m = _RX.COUNTS_TO.search(text, s0, s1)
        if not m:
            continue
        a, b = m.group("a").strip(), m.group("b").strip()
        la, lb = _short_label(a), _short_label(b)
        if not la or not lb or _norm(la) == _norm(lb):
            continue
        ra, rb = arm_role(la, a, a), arm_role(lb, b, b)
        if ra == rb:
            # Two controls, or two active arms: which is which cannot come from their words.
            continue
        return _two_arms(text, m, (la, a, ra), (lb, b, rb))
    return []


def arm_role(label: str, description: str, received: str) -> str:
    """control / intervention of a listed arm (:func:`said_role`; an arm whose words say neither is active)."""
    return said_role(label, description, received) or "intervention"


def said_role(label: str, description: str, received: str) -> str | None:
    """control / intervention as an arm's words say it, None when they say neither: inactive words in its label
    or description make it the control; cells in its label make it active; a usual-care label ("standard care
    group", ``CARE_LABEL``) makes it the control; cells in what it received make it active ("cells plus standard
    care"), not cells it declined or was unfit for (``received_cells``); else control words in label or
    description ("standard care alone", "conventional treatment") make it the control."""
    if _RX.INACTIVE.search(label) or _RX.INACTIVE.search(description):
        return "control"
    if _RX.CELLS.search(label):
        return "intervention"
    if _RX.CARE_LABEL.match(label.strip()):
        # "(standard care group)": the label says usual care, whatever cell words the sentence has before it.
        return "control"
    if _RX.CELLS.search(received_cells(received)):
        return "intervention"
    if _RX.CONTROL.search(label) or _RX.CONTROL.search(description):
        return "control"
    return None


def received_cells(words: str) -> str:
    """What an arm received with the phrases that deny it cells blanked out (``NEGATED_CELLS``): "patients who
    declined or were ineligible for marrow harvest" received no marrow."""
    return _RX.NEGATED_CELLS.sub(lambda m: " " * len(m.group()), words)


def per_group(text: str, sentences: list[tuple[int, int]],
              n_arms: int | None = None) -> list[tuple[int, str, int, int]]:
    """Sizes stated once for every arm: (n, unit, start, end) of "36 cases in each group", "(82 per group)". With
    ``n_arms``, not where the sentence says another number of groups ("three groups of 24" in a two-arm reading:
    the groups are not these arms)."""
    out = []
    if not re.search(r"\beach\b|\bper\s+(?:group|arm|cohort)|\bgroups\s+of\s", text, re.I):
        return out
    for m in _RX.EACH.finditer(text):
        key = next(k for k in ("n", "n2", "n3", "n4", "n5", "n6") if m.group(k))
        s0, s1 = _sentence_of(sentences, m.start())
        if _RX.EVENT.search(text[s0:m.start()]) and not _RX.ALLOCATION.search(text[s0:m.start()]):
            continue
        after = text[m.end():s1 or len(text)]
        clause = after[:re.search(r"[;,]|\band\b|$", after).start()]
        if _RX.EVENT.search(clause) and not _RX.ALLOCATION.search(text[s0:m.start()] + clause):
            # "Two patients in each group died": an event count, not the arms' size.
            continue
        if n_arms is not None and groups_said(text[s0:s1 or len(text)]) - {n_arms}:
            continue
        if _RX.LIST_BEFORE.search(text, max(s0, m.start() - 40), m.start()):
            # "(28, 29 and 27 per arm)": the last of a list of per-arm counts, not one size for every arm.
            continue
        if key == "n" and re.search(r"each$", m.group(), re.I) and not re.search(
                rf"{_RX.PERSON}|{_RX.LIMB}", m.group(), re.I) and not _divides_people(text, s0, m.start()):
            continue
        value = parse_count(m.group(key))
        if value:
            noun = re.search(rf"{_RX.LIMB}", m.group(), re.I)
            out.append((value, "n_limbs" if noun else "n_patients", m.start(key), m.end(key)))
    return out


def _divides_people(text: str, s0: int, end: int) -> bool:
    """Whether the clause before a bare "26 in each" (from ``s0`` or its last ";" to ``end``) randomises people
    and no other count follows the randomising verb: "Fifty-two patients (...) were randomly assigned to A or B,
    26 in each", "We randomised 52 patients to A or B, 26 in each", not "40 injections were given into two
    muscles, 20 in each". Counts in brackets, of a ratio or of groups are not counts of something else."""
    c0 = max(s0, text.rfind(";", s0, end) + 1)
    verbs = list(_RX.EACH_BARE_VERB.finditer(text, c0, end))
    if not verbs or not re.search(_RX.PERSON, text[c0:end], re.I):
        return False
    tail = re.sub(r"\([^()]*\)", lambda b: " " * len(b.group()), text[verbs[-1].end():end])
    counts = [c for c in re.finditer(COUNT, tail)
              if tail[c.start() - 1:c.start()] != ":" and not _RX.GROUP_AFTER.match(tail, c.end())]
    return not counts or bool(_RX.PERSON_AFTER.match(tail, counts[-1].end()))


def _alias_rx(aliases: list[str]) -> str:
    alts = sorted({re.escape(a) for a in aliases if len(a) >= 2}, key=len, reverse=True)
    return "(?:" + "|".join(alts) + ")" if alts else r"(?!x)x"




def _count_noun_hits(text: str) -> list[re.Match]:
    """Matches of ``_RX.COUNT_NOUN``, searched only just before each person/limb noun (the count grammar is slow)."""
    hits: list[re.Match] = []
    last = -1
    for noun in _RX.NOUN.finditer(text):
        lo = max(last, noun.start() - 48, 0)
        for m in _RX.COUNT_NOUN.finditer(text, lo, noun.end()):
            if m.end() == noun.end() and m.start() > last:
                hits.append(m)
                last = m.end()
                break
    return hits




def named_counts(text: str, sentences: list[tuple[int, int]], arms: dict[str, list[str]]) -> list[Claim]:
    """Counts written with an arm's name (``arms``: label -> names/aliases of that arm)."""
    out: list[Claim] = []
    labels = list(arms)
    if not labels:
        return out
    any_arm = "|".join(f"(?P<a{i}>{_alias_rx(arms[label])})" for i, label in enumerate(labels))
    # Cheap first pass: only counts followed (within three words) by a person or limb noun are tried.
    hits = _count_noun_hits(text)
    if not hits:
        return out
    # "Of the 16 CD34+ pts", "all 15 SMT pts", "the 22 sheet-group patients".
    named: re.Pattern | None = None  # compiled only when a count is led by "of the / all / the" (compiling costs)
    # The heavy patterns below hold the person/limb grammar (~5-15 ms to compile, per abstract: they hold its
    # arm names); each is compiled only where a cheap pattern of their necessary part matches first.
    named_head: re.Pattern | None = None
    arm_rx: re.Pattern | None = None
    for h in hits:
        if not re.search(r"\b(?:of\s+the|of|all|the)\s+$", text[max(0, h.start() - 8):h.start()], re.I):
            continue
        if named_head is None:
            named_head = re.compile(rf"\s+(?:{any_arm})", re.I)
        if not named_head.match(text, h.end("n")):
            continue
        if named is None:
            named = re.compile(rf"\s+(?:{any_arm})(?:[- ]group|[- ]arm)?\s+(?P<noun>{_RX.PERSON}|{_RX.LIMB})\b", re.I)
        m = named.match(text, h.end("n"))
        if m:
            i = next(i for i in range(len(labels)) if m.group(f"a{i}") is not None)
            # "in the 14 ALDHbr patients with ulcers" may be a subgroup of the arm, "of the 28 BM-MNC patients with
            # DFU" the whole arm: a reading any other wording that sizes the arm outranks.
            how = "named_subset" if _subset_mark(text, m.end()) else "named_count"
            out.append(Claim(labels[i], _unit(m.group("noun")), parse_count(h.group("n")), h.start("n"), h.end("n"),
                             how))
    out.extend(_of_count_list(text, labels, any_arm))
    out.extend(_to_arm_list(text, sentences, labels, any_arm))
    out.extend(_arm_had_counts(text, labels, any_arm))
    # "Fifty-six patients were allocated to BM-MNC and 54 to placebo"; "26 patients received the A and 24 the B".
    lead: re.Pattern | None = None
    dates = date_spans(text)
    nxt_rx: dict[str, re.Pattern] = {}
    for h in hits:
        if not _RX.VERB_KEY.search(text, h.end(), h.end() + 40) or any(a <= h.start("n") < b for a, b in dates):
            continue
        s0, s1 = _sentence_of(sentences, h.start())
        if not _RX.LEAD_HEAD.match(text, h.end("n"), s1 or len(text)):
            continue
        if arm_rx is None:
            arm_rx = re.compile(f"(?:{any_arm})", re.I)
        if not arm_rx.search(text, h.end("n"), s1 or len(text)):
            continue  # the pattern below names an arm before s1
        if lead is None:
            # Matched right after the count (the first pass found it), so the pattern holds no count grammar.
            lead = re.compile(
                rf"\s+(?:[\w\-]+\s+)?(?P<noun>{_RX.PERSON}|{_RX.LIMB})\s+(?:(?:were|was)\s+)?"
                rf"(?P<verb>randomi[sz]ed|allocated|assigned|received|underwent|were given|treated)\s+(?:to\s+|with\s+)?"
                rf"(?:receive\s+)?(?:the\s+)?(?:{any_arm})(?:[- ]group|[- ]arm)?\b{_RX.PRODUCT_TAIL}", re.I)
        m = lead.match(text, h.end("n"), s1 or len(text))
        if not m:
            continue
        first = next(i for i in range(len(labels)) if m.group(f"a{i}") is not None)
        unit = _unit(m.group("noun"))
        claims = [Claim(labels[first], unit, parse_count(h.group("n")), h.start("n"), h.end("n"), "allocated_count")]
        verb = m.group("verb").lower()
        if verb not in nxt_rx and not (arm_rx.search(text, m.end(), s1 or len(text)) and static_rx(
                rf"\s*(?:,\s*|\s+)(?:and\s+|while\s+|whereas\s+)?{COUNT}\s+", re.I).match(text, m.end(), s1 or len(text))):
            continue  # no arm named after this one, or no count right after: one claim, dropped below (and no
            # count grammar to compile)
        if verb not in nxt_rx:
            nxt_rx[verb] = re.compile(
                rf"\s*(?:,\s*|\s+)(?:and\s+|while\s+|whereas\s+)?(?P<n>{COUNT})\s+(?:{_RX.PERSON}\s+|{_RX.LIMB}\s+)?"
                rf"(?:(?:were|was)\s+)?(?:(?:{re.escape(verb)})\s+)?(?:to\s+|with\s+)?(?:the\s+)?(?:{any_arm})(?:[- ]group|[- ]arm)?\b"
                rf"{_RX.PRODUCT_TAIL}",
                re.I)
        pos = m.end()
        while True:
            nxt = nxt_rx[verb].match(text, pos, s1 or len(text))
            if not nxt:
                break
            i = next(i for i in range(len(labels)) if nxt.group(f"a{i}") is not None)
            claims.append(Claim(labels[i], unit, parse_count(nxt.group("n")), nxt.start("n"), nxt.end("n"), "allocated_count"))
            pos = nxt.end()
        if len(claims) >= 2 and len({c.arm for c in claims}) == len(claims):
            out.extend(claims)
    # "Forty patients were assigned to gel and 38 to gauze" is read by the list and the lead pattern alike.
    return list(dict.fromkeys(out))




def labelled_sizes(text: str, sentences: list[tuple[int, int]], arms: dict[str, list[str]]) -> list[Claim]:
    """Sizes written as "n = k" with a known arm's name: "(BMAC, n = 57; placebo, n = 55)" (name and size
    inside one bracket, two or more arms; in an allocation sentence also bare, "(gel 31, gauze 30)") and "drug group (PGE1 alone, n = 32)" (the name just before the
    bracket, in a sentence with an allocation verb, also "BM-MNC (22 limbs)", or heading its clause, "In the SVF
    group (n = 24), ..."). Not
    in a sentence of events without an allocation verb ("bruising in the SVF group (n = 2)")."""
    out: list[Claim] = []
    if not arms or not re.search(r"[nN]\s*=\s*\d|\([^()]*\d[^()]*[,;]|\(\s*\w+\s+[a-z]+\s*\)", text):
        return out
    # Plain string checks, no per-study regex: compiling the arms' alternation costs more than the search.
    names = {_RX.GROUP_SUFFIX.sub("", a.lower()).strip(): label for label, aliases in arms.items() for a in aliases}
    names.pop("", None)
    for s0, s1 in sentences:
        sentence = text[s0:s1]
        allocation = _RX.ALLOCATION.search(sentence)
        events = _RX.EVENT.search(sentence) and not allocation
        if not (re.search(r"[nN]\s*=\s*\d", sentence) or (allocation and (
                re.search(r"\([^()]*\d[^()]*[,;]", sentence) or _RX.NOUN_BRACKET.search(sentence)))):
            continue
        found: list[tuple] = []
        for br in re.finditer(r"\(([^()]{4,160})\)", sentence) if not events else ():
            hits = []
            for m in _RX.SIZED_ITEM.finditer(br.group(1)):
                label = names.get(_RX.GROUP_SUFFIX.sub("", m.group("name").strip().lower()).strip())
                if label is not None:
                    at = s0 + br.start(1) + m.start("n")
                    hits.append((label, int(m.group("n")), at, at + len(m.group("n"))))
            if len(hits) < 2 and allocation:
                hits = _bare_items(br.group(1), s0 + br.start(1), names)
            if len(hits) >= 2:
                found.extend(hits)
        for m in (*_RX.SIZED_BRACKET.finditer(sentence), *(_RX.NOUN_BRACKET.finditer(sentence) if allocation else ())):
            if not allocation and not _RX.LEADING_BRACKET.match(sentence, m.end()):
                continue
            before = sentence[:m.start()].rstrip().lower()
            before = re.sub(r"[- ](?:group|grp|arm)$", "", before)
            label = next((lab for name, lab in sorted(names.items(), key=lambda kv: -len(kv[0]))
                          if before.endswith(name) and not re.match(r"[\w+\-]", before[-len(name) - 1:-len(name)] or " ")),
                         None)
            if label is None:
                continue
            clause = re.split(r"[;:]", before)[-1]
            if not allocation and _RX.EVENT.search(clause):
                # "bruising occurred in the SVF group (n = 2)": an event count; "In the SVF group (n = 24), ..." heads
                # its clause.
                continue
            unit = _unit(m.groupdict().get("noun"))
            found.append((label, parse_count(m.group("n")), s0 + m.start("n"), s0 + m.end("n"), unit))
        seen: set[tuple[str, str]] = set()
        for label, n, a, b, *unit in found:
            key = (label, unit[0] if unit else "n_patients")
            if key in seen:
                continue
            seen.add(key)
            out.append(Claim(label, key[1], n, a, b, "labelled_size"))
    return out


def listed_counts(text: str, sentences: list[tuple[int, int]], arms: dict[str, list[str]]) -> list[Claim]:
    """Sizes in a list of known arms, each with its count of patients: "Group A (cell therapy): 25 patients; Group
    B (standard care): 25 patients", "Allocation: UC-MSC, 32 patients; placebo, 30 patients" (two or more arms in
    one sentence, not a sentence of events)."""
    names = {_RX.GROUP_SUFFIX.sub("", a.lower()).strip(): label for label, aliases in arms.items() for a in aliases}
    names.pop("", None)
    out: list[Claim] = []
    for s0, s1 in sentences:
        if _RX.EVENT.search(text, s0, s1) and not _RX.ALLOCATION.search(text, s0, s1):
            continue
        hits = {}
        for m in _RX.LISTED_COUNT.finditer(text, s0, s1):
            label = names.get(_RX.GROUP_SUFFIX.sub("", m.group("name").strip().lower()).strip())
            if label is not None and label not in hits:
                hits[label] = Claim(label, _unit(m.group("noun")), parse_count(m.group("n")), m.start("n"), m.end("n"),
                                    "listed_count")
        if len(hits) >= 2:
            out.extend(hits.values())
    return out


def _subset_mark(text: str, end: int) -> str | None:
    """The word ("who", "with", ...) of a clause or feature after a count's noun (ending at ``end``) that picks
    patients out (``SUBSET_TAIL``), unless the clause allocates without an event ("who were randomised"); else
    None."""
    tail = _RX.SUBSET_TAIL.match(text, end)
    if tail and not (_RX.ALLOCATION.search(tail.group("rest")) and not _RX.EVENT.search(tail.group("rest"))):
        return tail.group("mark")
    return None


def code_list_sizes(text: str, arms: dict[str, list[str]]) -> list[Claim]:
    """Sizes spread in order over a list of coded arms under one plural head: "Groups A, B and C included 25, 26
    and 24 patients" (``_RX.CODE_LIST_SIZES``). Every code must name a distinct known arm ("group a" or the bare
    code among the arms' names) and the lists must be as long; not a count the noun's clause or feature picks out
    ("... 3 and 5 patients who healed", ``SUBSET_TAIL``; "... patients in Fontaine stage IV", ``CODE_LIST_END``)."""
    if not arms or not _RX.CODE_LIST_SIZES.search(text):
        return []
    names = {a.lower(): label for label, aliases in arms.items() for a in aliases}
    out: list[Claim] = []
    for m in _RX.CODE_LIST_SIZES.finditer(text):
        if not _RX.CODE_LIST_END.match(text, m.end()):
            continue  # "... included 15 and 14 patients in Fontaine stage IV": a subgroup's counts
        if _subset_mark(text, m.end()):
            continue
        head = m.group("head").lower()[:-1]
        codes = re.findall(r"[A-Z0-9]{1,4}", m.group("codes"))
        labels = [names.get(f"{head} {c.lower()}") or names.get(c.lower()) for c in codes]
        counts = list(re.finditer(COUNT, m.group("counts")))
        if None in labels or len(set(labels)) != len(labels) or len(counts) != len(labels):
            continue
        base = m.start("counts")
        out.extend(Claim(label, _unit(m.group("noun")), parse_count(c.group()), base + c.start(), base + c.end(),
                         "code_list") for label, c in zip(labels, counts))
    return out


def size_list_claims(text: str, labels: list[str]) -> list[Claim]:
    """Sizes said as one list for all arms, in the order the text first names them: "G1 received ..., G2 received
    ... and G3 received ... Group sizes were 26, 25 and 25" (``_RX.SIZE_LIST_SAID``). Only when the list is as long
    as the arms and the text names every arm before it."""
    if len(labels) < 2 or not _RX.SIZE_LIST_SAID.search(text):
        return []
    out: list[Claim] = []
    for m in _RX.SIZE_LIST_SAID.finditer(text):
        counts = list(re.finditer(COUNT, m.group("counts")))
        first = {label: next((s for s, _ in word_spans(text, label) if s < m.start()), None) for label in labels}
        if len(counts) != len(labels) or None in first.values() or len(set(first.values())) != len(labels):
            continue
        order = sorted(labels, key=lambda label: first[label])
        base = m.start("counts")
        unit = _unit(m.group("noun")) if m.group("noun") else "n_patients"
        out.extend(Claim(label, unit, parse_count(c.group()), base + c.start(), base + c.end(), "size_list")
                   for label, c in zip(order, counts))
    return out


def _bare_items(inside: str, offset: int, names: dict[str, str]) -> list[tuple[str, int, int, int]]:
    """Every item of a bracket as "name count" or "count name" of a known arm, each arm once; else nothing."""
    hits: list[tuple[str, int, int, int]] = []
    pos = 0
    for part in re.split(r"([;,])", inside):
        if part in {";", ","}:
            pos += 1
            continue
        m = _RX.BARE_ITEM.match(part)
        name = m and (m.group("name") or m.group("name2"))
        label = name and names.get(_RX.GROUP_SUFFIX.sub("", name.strip().lower()).strip())
        if not label or any(h[0] == label for h in hits):
            return []
        key = "n" if m.group("n") else "n2"
        hits.append((label, int(m.group(key)), offset + pos + m.start(key), offset + pos + m.end(key)))
        pos += len(part)
    return hits




def _arm_had_counts(text: str, labels: list[str], any_arm: str) -> list[Claim]:
    """"Group A had 25 patients and group B 25 patients", "the treatment group included 30 patients and the
    control group 28": an arm's name, a verb of membership and a count of people, then the next arm's; two or
    more arms, each once. Not "... had 5 patients with infection" (a count of events)."""
    out: list[Claim] = []
    if not static_rx(rf"\b{_RX.HAD}\s+\w+\s+{_RX.PERSON}", re.I).search(text):
        return out
    if not _RX.HAD_TAIL.search(text):
        return out
    arm = rf"(?:the\s+)?(?:{any_arm})(?:[- ]group|[- ]arm)?"
    first = re.compile(rf"{arm}\s+{_RX.HAD}\s+(?P<n>{COUNT})\s+(?P<noun>{_RX.PERSON}|{_RX.LIMB})\b(?!\s+(?:with|who|that|had)\b)", re.I)
    matches = list(first.finditer(text))
    if not matches:
        return out
    nxt = re.compile(rf"\s*(?:,\s*|\s+)(?:and\s+|while\s+|whereas\s+)?{arm}\s+(?:{_RX.HAD}\s+)?(?P<n>{COUNT})"
                     rf"(?:\s+(?:{_RX.PERSON}|{_RX.LIMB}))?\b(?!\s+(?:with|who|that|had)\b)", re.I)
    for m in matches:
        found = [(m, _unit(m.group("noun")))]
        pos = m.end()
        while (n := nxt.match(text, pos)) is not None:
            found.append((n, found[0][1]))
            pos = n.end()
        named = [next(labels[i] for i in range(len(labels)) if f.group(f"a{i}") is not None) for f, _ in found]
        if len(found) >= 2 and len(set(named)) == len(named):
            out.extend(Claim(label, unit, parse_count(f.group("n")), f.start("n"), f.end("n"), "named_count")
                       for label, (f, unit) in zip(named, found))
    return out




def _of_count_list(text: str, labels: list[str], any_arm: str) -> list[Claim]:
    """"Of 59 KC and 59 control patients, 53 and 51 completed", "the 30 SVF and 28 control patients": counts each
    followed by an arm's name, sharing one person/limb noun after the last; led by "of / among / all / the";
    two or more arms, each once. Not when a clause qualifies the noun ("the 12 SVF and 9 control patients who
    healed": counts of events or of a subgroup), unless it allocates ("who were randomised")."""
    # A cheap necessary part first: the pattern below holds the abstract's arm names (costly to compile).
    if not static_rx(rf"\b(?:of|among|all|the)\s+(?:the\s+)?[\w\-]+\s+[^.;]{{1,60}}?\band\s+[\w\-]+\s+[^.;]{{1,60}}?"
                     rf"\b(?:{_RX.PERSON}|{_RX.LIMB})\b", re.I).search(text):
        return []
    plain = re.sub(r"\(\?P<a\d+>", "(?:", any_arm)  # the arm names without their (repeated) group names
    arm = rf"(?:{plain})(?:[- ]group|[- ]arm)?"
    # A second necessary part, with the names but no count grammar (cheap to compile): the last two items,
    # "<arm>, and <count> <arm> <noun>"; the count's characters are word characters, commas, hyphens, spaces.
    if not re.search(rf"(?<=\s){arm}\s*,?\s+and\s+[\w,\-‐\s]*?(?<=\s){arm}\s+(?:{_RX.PERSON}|{_RX.LIMB})\b",
                     text, re.I):
        return []
    rx = re.compile(rf"\b(?:of|among|all|the)\s+(?:the\s+)?(?P<items>{COUNT}\s+{arm}(?:\s*,\s*{COUNT}\s+{arm})*"
                    rf"\s*,?\s+and\s+{COUNT}\s+{arm})\s+(?P<noun>{_RX.PERSON}|{_RX.LIMB})\b", re.I)
    item: re.Pattern | None = None
    out: list[Claim] = []
    for m in rx.finditer(text):
        mark = _subset_mark(text, m.end())
        if mark and mark.lower() not in {"with", "without"}:
            continue
        if item is None:
            item = re.compile(rf"(?P<n>{COUNT})\s+(?:{any_arm})", re.I)
        found = []
        for it in item.finditer(text, m.start("items"), m.end("items")):
            i = next(i for i in range(len(labels)) if it.group(f"a{i}") is not None)
            found.append((labels[i], it))
        if len(found) >= 2 and len({f[0] for f in found}) == len(found):
            unit = _unit(m.group("noun"))
            how = "named_subset" if mark else "named_count"  # "the 30 SVF and 28 control patients with DFU"
            out.extend(Claim(label, unit, parse_count(it.group("n")), it.start("n"), it.end("n"), how)
                       for label, it in found)
    return out


def _to_arm_list(text: str, sentences: list[tuple[int, int]], labels: list[str], any_arm: str) -> list[Claim]:
    """"Forty-eight patients were randomised: 25 (31 limbs) to the cell group and 23 (27 limbs) to the BMT
    group": after an allocation verb, counts each followed (optionally by its limbs in brackets) by "to <arm>";
    two or more arms, each once."""
    out: list[Claim] = []
    if not re.search(r"\)\s+to\s|\d\s+to\s", text):
        return out
    item: re.Pattern | None = None
    to_arm: re.Pattern | None = None  # a cheap necessary part of ``item``, which is slow to compile
    for s0, s1 in sentences:
        lead = _RX.ALLOCATION.search(text, s0, s1)
        if not lead:
            continue
        # Items may come before the verb too: "Of 86 patients, 44 were assigned to PB-MNC and 42 to control".
        if not _RX.ITEM_HEAD.search(text, s0, s1):
            continue
        if not static_rx(rf"(?<![\w.]){COUNT}(?:\s+(?:{_RX.PERSON}))?(?:\s*\(\s*{COUNT}\s+{_RX.LIMB}\s*\))?\s+"
                         r"(?:(?:were|was)\s+)?(?:(?:randomi[sz]ed|allocated|assigned)\s+)?to\s", re.I).search(text, s0, s1):
            continue
        if to_arm is None:
            to_arm = re.compile(rf"to\s+(?:the\s+)?(?:{any_arm})(?:[- ]group|[- ]arm)?\b", re.I)
        if not to_arm.search(text, s0, s1):
            continue
        if item is None:
            item = re.compile(
                rf"(?<![\w.])(?P<n>{COUNT})(?:\s+(?:{_RX.PERSON}))?(?:\s*\(\s*(?P<l>{COUNT})\s+{_RX.LIMB}\s*\))?\s+"
                rf"(?:(?:were|was)\s+)?(?:(?:randomi[sz]ed|allocated|assigned)\s+)?to\s+(?:the\s+)?(?:{any_arm})"
                rf"(?:[- ]group|[- ]arm)?\b", re.I)
        found = []
        for m in item.finditer(text, s0, s1):
            i = next(i for i in range(len(labels)) if m.group(f"a{i}") is not None)
            found.append((labels[i], m))
        if len(found) < 2 or len({f[0] for f in found}) != len(found):
            continue
        for label, m in found:
            out.append(Claim(label, "n_patients", parse_count(m.group("n")), m.start("n"), m.end("n"), "allocated_count"))
            if m.group("l"):
                out.append(Claim(label, "n_limbs", parse_count(m.group("l")), m.start("l"), m.end("l"), "allocated_count"))
    return out


def ratio_sizes(text: str, sentences: list[tuple[int, int]], n_arms: int, total: int | None) -> list[int] | None:
    """Sizes from the allocation ratio ("randomized 2:1", "1:1:1", "in equal numbers") and the total, in arm order."""
    if not total or n_arms < 2:
        return None
    for s0, s1 in sentences:
        sentence = text[s0:s1]
        if not _RX.RATIO_LEAD.search(sentence):
            continue
        eq = _RX.EQUAL.search(sentence)
        if eq:
            if groups_said(sentence) - {n_arms}:
                # "three equal groups", "randomised equally into three groups" while we know of another number of
                # arms: the split is not ours.
                return None
            parts = [1] * n_arms
        else:
            m = _RX.RATIO.search(sentence)
            if not m or re.search(r"\d\s*:\s*\d{2}\s*(?:am|pm|h)\b", sentence, re.I):
                continue
            parts = [int(x) for x in re.split(r"\s*:\s*", m.group("r"))]
            if len(parts) != n_arms or 0 in parts:
                continue
        unit = total / sum(parts)
        if unit != int(unit):
            return None
        return [int(unit) * p for p in parts]
    return None


def best_assignment(options: dict[str, list[tuple[int, int, str]]], total: int | None) -> dict[str, tuple[int, str]]:
    """Pick one size per arm from ranked options ((rank, n, how); lower rank = more trusted).

    With a total, an assignment whose sizes add up to it wins; else each arm takes its best
    option, unless the sizes then exceed the total (then none is taken for the arms whose
    best option is not the rules' own).
    """
    arms = [a for a, opts in options.items() if opts]
    if not arms:
        return {}
    if total:
        best: tuple[int, dict] | None = None
        for combo in itertools.product(*(sorted(options[a])[:4] for a in arms)):
            if len(arms) == len(options) and sum(o[1] for o in combo) == total:
                cost = sum(o[0] for o in combo)
                if best is None or cost < best[0]:
                    best = (cost, {a: (o[1], o[2]) for a, o in zip(arms, combo)})
        if best is not None:
            return best[1]
    chosen = {a: (min(options[a])[1], min(options[a])[2]) for a in arms}
    if total and sum(n for n, _ in chosen.values()) > total:
        return {a: v for a, v in chosen.items() if v[1] == "rules"}
    return chosen


# --- putting it together over a record's arm dicts ------------------------------------------------------

def _norm(label: str) -> str:
    return re.sub(rf"\s+{_RX.GROUP}$|^the\s+", "", label.strip().lower())


def _evidence(text: str, sentences: list[tuple[int, int]], span: tuple[int, int], confidence: float) -> dict:
    from stemfoot.extract.provenance import EXTRACTOR_VERSION
    s, e = span
    ss, se = _sentence_of(sentences, s) if sentences else (0, len(text))
    return {"start": s, "end": e, "text": text[s:e], "sentence_start": ss, "sentence_end": se,
            "component": "stemfoot_arm_sizes", "version": EXTRACTOR_VERSION, "confidence": confidence,
            "source": "abstract"}


def _new_arm(text: str, sentences: list[tuple[int, int]], p: ParenArm) -> dict:
    return {"label": p.label, "role": p.role, "cell_type": None, "n_patients": None, "n_limbs": None,
            "description": p.description, "routes": [], "n_evidence": None, "source": "allocation",
            "evidence": _evidence(text, sentences, (p.start, p.end), 0.7)}


def _rename(text: str, sentences: list[tuple[int, int]], arm: dict, p: ParenArm, statistics: list[dict]) -> None:
    """Give an arm the label a list defines for it (in place); its old name stays its description."""
    old = arm["label"]
    arm["label"] = p.label
    arm["description"] = arm.get("description") or old
    arm["evidence"] = _evidence(text, sentences, (p.start, p.end), 0.7)
    for st in statistics:
        if st.get("arm") == old:
            # The phrase the rules read as an arm (or as the one arm) may have stood for all treated patients
            # ("... received injections of X at 1, 3 or 9 × 10^6 cells/kg"): its values go back to the attribution
            # stage rather than to one listed arm.
            st["arm"] = st["arm_role"] = None


def merge_paren_arms(text: str, sentences: list[tuple[int, int]], arms: list[dict], statistics: list[dict]) -> list[str]:
    """An allocation sentence that lists two or more labelled arms defines the arms (in place).

    Each listed arm takes an existing arm of the same name; a one-arm reading ("single", its size the
    study's total) becomes the one listed cell arm, or is dropped when several are listed; a control
    found elsewhere is kept when the list has none; other arms are dropped (their values lose the arm
    and go to the attribution model). Returns flags.
    """
    listed = paren_arms(text, sentences)
    # "to A (a), B (b), C (c) or D (d); each of the four groups ...": labels no code or group word marks.
    listed = listed if len(listed) >= 2 else reused_label_arms(text, sentences)
    if len(listed) < 2 or any(a.get("members") for a in arms):
        return []
    by_name = {_norm(a["label"]): a for a in arms}
    kept: list[dict] = []
    used: set[int] = set()
    exact = {id(by_name[_norm(p.label)]) for p in listed if _norm(p.label) in by_name}
    for p in listed:
        hit = by_name.get(_norm(p.label))
        if hit is None:
            # An arm named inside one listed description only ("BMAC" in "BMAC plus gel" but not in both).
            hit = next((a for a in arms if id(a) not in used and id(a) not in exact and len(_norm(a["label"])) >= 3
                        and [_norm(a["label"]) in q.description.lower() for q in listed].count(True) == 1
                        and _norm(a["label"]) in p.description.lower()), None)
            if hit is not None:
                # "... injections of PDSC at 1.5 × 10^8 (Cohort 1)": the list's label names the arm from here on,
                # not the treatment phrase the rules read as one.
                _rename(text, sentences, hit, p, statistics)
        if hit is not None and id(hit) not in used:
            used.add(id(hit))
            if p.role != "named_group" and (hit.get("role") in {"single", "named_group", None}
                                            or (p.role == "control") != (hit.get("role") == "control")):
                # What the list says the arm received decides its role ("SVF (group II, n = 20) or conventional
                # treatment (group III, n = 21)": group II is not the control).
                hit["role"] = p.role
            kept.append(hit)
        else:
            kept.append(_new_arm(text, sentences, p))
    rest = [a for a in arms if id(a) not in used]
    singles = [a for a in rest if a.get("role") == "single"]
    cell_listed = [k for k in kept if k.get("role") == "intervention"]
    if len(singles) == 1 and len(cell_listed) == 1 and cell_listed[0].get("source") == "allocation":
        # "Twenty-two patients who received ADSC sheets (sheet group) were compared with ...": the one-arm
        # reading was the cell arm.
        single, new = singles[0], cell_listed[0]
        single["role"] = "intervention"
        kept[kept.index(new)] = single
        rest.remove(single)
    if not any(k.get("role") == "control" for k in kept):
        kept.extend(a for a in rest if a.get("role") == "control")
    dropped = {a["label"] for a in arms if not any(a is k for k in kept)}
    for st in statistics:
        if st.get("arm") in dropped:
            st["arm"] = st["arm_role"] = None
    arms[:] = kept
    # Every listed arm sized in its own bracket: those sizes, not a count the rules read before the list ("Ninety
    # patients were randomised into group A (BM-MNC, n = 30), group B (…, n = 30) and group C (…, n = 30)" gave
    # group A the total, round 60).
    bracketed = all(p.n_patients is not None and p.n_span for p in listed)
    for p, arm in zip(listed, kept):
        if bracketed and arm.get("n_patients") not in (None, p.n_patients):
            arm["n_patients"], arm["n_evidence"] = None, None
        for unit in ("n_patients", "n_limbs"):
            value = getattr(p, unit)
            if value is not None and arm.get(unit) is None and p.n_span:
                arm.setdefault("_claims", []).append(Claim(arm["label"], unit, value, *p.n_span, "allocation_paren"))
    return ["arms_from_allocation_list"]


def add_randomised_to_arms(text: str, sentences: list[tuple[int, int]], arms: list[dict], design: str | None) -> list[str]:
    """A study with fewer than two arms found: the two arms of "randomised to A or B" (a controlled design) or of
    "28 were allocated to A and 28 to B" (in place).
    An arm already found under that name ("SMT arm" for "SMT") is kept and takes the listed role. Returns flags."""
    base = [a for a in arms if not a.get("members")]
    if len(base) >= 2:
        return []
    # Counts allocated to an arm and to a control say the design themselves ("28 were allocated to the SVF group
    # and 28 to the standard of care group"); "randomised to A or B" needs a controlled design.
    listed = randomised_to_arms(text, sentences) if design in {"rct", "non_randomized_controlled"} else []
    listed = listed or counts_to_arms(text, sentences)
    if len(listed) != 2:
        return []
    for p in listed:
        hit = next((a for a in base if _norm(a["label"]) == _norm(p.label)
                    or re.fullmatch(rf"(?:the\s+)?{re.escape(p.label)}(?:[- ](?:group|grp|arm|pts|patients))?",
                                    a["label"].strip(), re.I)), None)
        if hit is not None:
            hit["role"] = p.role
            hit.setdefault("description", p.description)
        else:
            arms.append(_new_arm(text, sentences, p))
    return ["arms_from_randomised_to"]


def sized_list(text: str, s0: int, s1: int) -> list[tuple[str, int, int, int]]:
    """(label, n, start, end) of each item of the first bracket in a sentence that is wholly a list of two or more
    sized names, "(PDASC-150, n = 72; PDASC-300, n = 70; placebo, n = 71)"; distinct short names only."""
    for br in re.finditer(r"\(([^()]{4,200})\)", text[s0:s1]):
        inner = br.group(1)
        items = list(_RX.SIZED_ITEM.finditer(inner))
        if len(items) < 2 or re.sub(r"[\s;,]", "", _RX.SIZED_ITEM.sub("", inner)):
            bare = bare_sized_items(inner, s0 + br.start(1))
            if bare:
                return bare
            continue
        names = [m.group("name").strip() for m in items]
        if len({_norm(n) for n in names}) != len(names) or any(len(n.split()) > 4 or not re.search(r"[A-Za-z]", n)
                                                               for n in names):
            continue
        base = s0 + br.start(1)
        return [(m.group("name").strip(), int(m.group("n")), base + m.start("name") + (len(m.group("name")) -
                                                                                         len(m.group("name").lstrip())),
                 base + m.end("n")) for m in items]
    return bracketed_sized_items(text, s0, s1)


def bare_sized_items(inside: str, offset: int) -> list[tuple[str, int, int, int]]:
    """(label, n, start, end) of a bracket that is wholly two or more names each with a bare count, joined by list
    words: "(cells 21 vs placebo 19)", "(REX-001 41; placebo 21)"; distinct names of at most four words."""
    items, pos = [], 0
    for part in _RX.BARE_LIST_SPLIT.split(inside):
        m = _RX.BARE_NAMED_COUNT.fullmatch(part)
        at = inside.index(part, pos)
        pos = at + len(part)
        if not m:
            return []
        items.append((m.group("name"), int(m.group("n")), offset + at + m.start("name"), offset + at + m.end("n")))
    names = [i[0] for i in items]
    if len(items) < 2 or len({_norm(n) for n in names}) != len(names) or any(len(n.split()) > 4 for n in names):
        return []
    return items


def bracketed_sized_items(text: str, s0: int, s1: int) -> list[tuple[str, int, int, int]]:
    """(label, n, start, end) of a run of two or more names each with its own size bracket, joined by list words
    only: "into three groups: high-dose MSC (n = 30), low-dose MSC (n = 30) and placebo (n = 30)"; distinct
    names of at most four words."""
    run: list[re.Match] = []
    for m in _RX.BRACKETED_ITEM.finditer(text, s0, s1):
        if run and not _RX.LIST_GAP.fullmatch(text, run[-1].end(), m.start("name")):
            if len(run) >= 2:
                break
            run = []
        run.append(m)
    names = [m.group("name") for m in run]
    if len(run) < 2 or len({_norm(n) for n in names}) != len(names) or any(len(n.split()) > 4 for n in names):
        return []
    return [(m.group("name"), parse_count(m.group("n")), m.start("name"), m.end("n")) for m in run]


def add_sized_list_arms(text: str, sentences: list[tuple[int, int]], arms: list[dict], design: str | None,
                        n_total: int | None = None) -> list[str]:
    """A controlled study whose inventory holds fewer arms than an allocation sentence lists with sizes
    ("213 patients were randomized (PDASC-150, n = 72; PDASC-300, n = 70; placebo, n = 71)"): the listed
    names no arm holds become arms (in place; their sizes are read later, by ``labelled_sizes``). Every known
    arm must be one of the listed names, and one listed name a known arm or the sizes add up to the total:
    a list of other groups ("(men, n = 20; women, n = 15)") adds nothing. Returns flags."""
    base = [a for a in arms if not a.get("members")]
    if design not in {"rct", "non_randomized_controlled"}:
        return []
    for s0, s1 in sentences:
        if not _RX.ALLOCATION.search(text, s0, s1):
            continue
        items = sized_list(text, s0, s1)
        if len(items) <= len(base):
            continue
        listed = {_norm(label): (label, a, b) for label, _, a, b in items}
        # "placebo patients" (the rules' arm) is the listed "placebo".
        known = {_RX.PERSON_TAIL.sub("", _norm(a["label"])) for a in base}
        if not known <= set(listed) or not (known or (n_total and sum(n for _, n, _, _ in items) == n_total)):
            continue
        for key, (label, a, b) in listed.items():
            if key in known:
                continue
            role = arm_role(label, label, label)
            arms.append({"label": label, "role": role, "cell_type": None, "n_patients": None, "n_limbs": None,
                         "description": None, "routes": [], "n_evidence": None, "source": "allocation",
                         "evidence": _evidence(text, sentences, (a, a + len(label)), 0.7)})
        return ["arms_from_sized_list"]
    return []


def plural_list_arms(text: str) -> list[tuple[str, int, int]] | None:
    """(name, start, end) of each arm a text names under one plural group word ("in the low-dose, high-dose and
    placebo groups"), when their number is the number of arms the text states ("randomized 1:1:1", "three
    groups"); else None. The first such list."""
    k = stated_arms(text)
    if k is None or k < 3:
        return None
    for m in _RX.PLURAL_LIST.finditer(text):
        items, base, names, pos = m.group("items"), m.start("items"), [], 0
        for sep in [*re.finditer(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+", items), None]:
            end = sep.start() if sep else len(items)
            names.append((items[pos:end], base + pos, base + end))
            pos = sep.end() if sep else len(items)
        if len(names) == k and len({n.lower() for n, _, _ in names}) == k and not any(
                n.lower() in {"two", "three", "four", "all", "both", "other"} or n[0].isdigit() for n, _, _ in names):
            return [(f"{n} {m.group('head').rstrip('sS')}", a, b) for n, a, b in names]
    return None


def add_plural_list_arms(text: str, sentences: list[tuple[int, int]], arms: list[dict], design: str | None) -> list[str]:
    """A controlled study whose inventory holds fewer arms than a plural group list names ("in the low-dose,
    high-dose and placebo groups" in a trial randomised 1:1:1): the names no arm holds become arms (in place;
    sizes come later). Every known arm (at least one) must be one of the names. Returns flags."""
    base = [a for a in arms if not a.get("members")]
    if design not in {"rct", "non_randomized_controlled"}:
        return []
    listed = plural_list_arms(text)
    if not base or not listed or len(listed) <= len(base):
        # No known arm: nothing vouches that the list names arms ("the elderly, diabetic and smoking groups").
        return []
    names = {_norm(label): (label, a, b) for label, a, b in listed}
    known = {_norm(a["label"]) for a in base}
    if not known <= set(names):
        return []
    for key, (label, a, b) in names.items():
        if key not in known:
            arms.append({"label": label, "role": arm_role(label, label, label), "cell_type": None, "n_patients": None,
                         "n_limbs": None, "description": None, "routes": [], "n_evidence": None, "source": "results",
                         "evidence": _evidence(text, sentences, (a, b), 0.6)})
    return ["arms_from_group_list"]


def _listed(text: str, s0: int, s1: int, stated: int | None) -> list[ListedArm]:
    """The arms an allocation sentence lists by name, else by a series of codes ("G1 ..., G2 ... and G4
    (control) ..."), three or more; a stated number of arms must match."""
    listed = allocation_list(text, s0, s1, stated)
    if listed:
        return listed
    coded = coded_series(text, s0, s1)
    return coded if stated is None or stated == len(coded) else []


def _unlisted_known(arm: dict, listed: list[ListedArm], roles: list[str]) -> str | None:
    """How a known arm no listed arm names stands beside the list: "pool" for a label naming listed arms together
    ("cell groups", "the cell group"), "control" for the control named by its role only ("control group") where
    the list has one control; None otherwise (the list is not the study's arms)."""
    label = (arm.get("label") or "").strip()
    if arm.get("role") == "control" or _RX.CONTROL.search(label):
        return "control" if _RX.GENERIC_CONTROL_LABEL.match(label) and roles.count("control") == 1 else None
    return "pool" if _RX.POOLING_LABEL.match(label) else None


def _sharing(arm: dict, listed: list[ListedArm], roles: list[str]) -> list[str]:
    """The listed arms whose words hold a known arm's whole name, where they are two or more and all active:
    "ADSC" beside "G1 received ADSC in a fibrin scaffold, G2 received ADSC combined with PRP" is the name the two
    share, their grouping, no arm of its own ("ADSC recipients" too). Empty otherwise."""
    # "MSC recipients" beside "MSC+PRP" and "MSC only": the people who had the one treatment the two share.
    label = _RX.SIDE_PEOPLE.sub("", (arm.get("label") or "").strip())
    if arm.get("role") == "control" or len(label) < 2:
        return []
    rx = re.compile(rf"(?<![\w\-]){re.escape(acronym_stem(label))}s?(?![\w\-])", re.I)
    within = [(x, r) for x, r in zip(listed, roles) if rx.search(" ".join((x.label, *x.aliases)))]
    return [x.label for x, _ in within] if len(within) >= 2 and all(r != "control" for _, r in within) else []


def acronym_stem(label: str) -> str:
    """A label without the plural "s" of a closing acronym ("PBMNCs" -> "PBMNC", "MSCs" -> "MSC"): the factor a
    factorial list names in the singular ("PBMNC + HBOT", "PBMNC alone"); other labels unchanged."""
    m = _RX.ACRONYM_PLURAL.search(label)
    return label[:m.start("s")] if m else label


def _read_from(arm: dict, listed: list[ListedArm]) -> list[ListedArm]:
    """The listed arm a known arm was read from, its evidence span holding the listed name ("BM-MNC by the
    intramuscular route" for the list's "intramuscular"); [] when none or several."""
    ev = arm.get("evidence") or {}
    if "start" not in ev:
        return []
    within = [x for x in listed if ev["start"] <= x.start and x.end <= ev["end"]]
    return within if len(within) == 1 else []


def label_coded_arms(text: str, sentences: list[tuple[int, int]], arms: list[dict], design: str | None,
                     statistics: list[dict]) -> list[str]:
    """In place: where an allocation sentence closes each of its items with an arm code ("SVF plus PRP injected
    perilesionally (G1), SVF alone (G2) and standard care (G3)", ``arm_lists.item_codes``) and the inventory holds
    exactly the listed arms, each arm takes its item's code as its label (its values follow; its words become its
    description) and the arms stand in the list's order: the results go on by the codes ("52% in G1 and 41% in
    G2") and give unnamed lists in that order ("9.8, 11.6 and 13.9 weeks"). Returns flags."""
    if design not in {"rct", "non_randomized_controlled"}:
        return []
    base = [a for a in arms if not a.get("members")]
    stated = stated_arms(text)
    for s0, s1 in sentences:
        listed = allocation_list(text, s0, s1, stated)
        if len(listed) != len(base) or not all(is_code(x.label) for x in listed):
            continue
        owners = []
        for x in listed:
            hits = [a for a in base if matches([a["label"], a.get("description") or ""], x)]
            if len(hits) != 1 or any(hits[0] is o for o in owners):
                break
            owners.append(hits[0])
        else:
            if all(a["label"] == x.label for a, x in zip(owners, listed)) and owners == base:
                return []
            for a, x in zip(owners, listed):
                words = _RX.ITEM_LEAD.sub("", x.aliases[0]) if x.aliases else None
                if a["label"] != x.label:
                    _relabel(a, x.label, statistics)
                if words and (not a.get("description") or squash(a["description"]) == squash(x.label)):
                    a["description"] = words
            rest = [a for a in arms if a.get("members")]
            arms[:] = owners + rest
            return ["arm_labels_from_codes"]
    return []


def add_listed_arms(text: str, sentences: list[tuple[int, int]], arms: list[dict], design: str | None,
                    statistics: list[dict]) -> list[str]:
    """A controlled study whose inventory holds fewer arms than an allocation sentence lists, three or more
    ("randomly assigned to the breast feeding group, the massage group or the control group", "G1 received ...,
    G2 ... and G4 (control) ..."): the listed arms no arm holds become arms (in place), and a known arm takes the
    names the list gives it ("group 3, control"). Every known arm must be one of the listed ones (name variants
    aside: "breast feeding" is "breastfeeding"), the control named by its role only (it takes the listed control's
    label, its values follow), or a name of listed arms together ("the cell groups": it becomes their grouping); a
    list matching none of two or more known arms adds nothing. Returns flags."""
    if design not in {"rct", "non_randomized_controlled"}:
        return []
    base = [a for a in arms if not a.get("members")]
    stated = stated_arms(text)
    for s0, s1 in sentences:
        listed = _listed(text, s0, s1, stated)
        if len(listed) <= len(base):
            continue
        roles = listed_roles(listed)
        owner: dict[str, dict] = {}
        pools: list[dict] = []
        shared: list[tuple[dict, list[str]]] = []
        for arm in base:
            names = [arm["label"], arm.get("description") or ""]
            hits = [x for x in listed if matches(names, x)] or _read_from(arm, listed)
            unlisted = _unlisted_known(arm, listed, roles) if not hits else None
            if unlisted == "pool":
                pools.append(arm)
                continue
            if unlisted == "control":
                hits = [listed[roles.index("control")]]
            sharing = _sharing(arm, listed, roles) if not hits and unlisted is None else []
            if sharing:
                shared.append((arm, sharing))
                continue
            if len(hits) != 1 or hits[0].label in owner:
                break
            owner[hits[0].label] = arm
        else:
            for x, role in zip(listed, roles):
                arm = owner.get(x.label)
                if arm is not None:
                    if arm["label"] != x.label and (is_code(x.label) or not matches([arm["label"]], x)
                                                    or _RX.LIST_WORD_LEAD.match(arm["label"])
                                                    or (_RX.PLURAL_HEAD.search(arm["label"])
                                                        and not _RX.PLURAL_HEAD.search(x.label))):
                        # "placebo group" for the list's "G3 (placebo)": the text goes on by the code; "or standard
                        # dressing" for the list's "standard dressing": a reader's garbled label; "SD alone groups"
                        # for the list's "SD alone group": a results list's shared head.
                        _relabel(arm, x.label, statistics)
                    if not arm.get("description") and x.aliases:
                        arm["description"] = ", ".join(x.aliases)
                    elif arm["label"] != x.label and arm.get("description") in (None, arm["label"]):
                        # "BM-MNC plus HBOT group" for the list's "BM-MNC plus HBOT": the text's own name stays
                        # one of the arm's names, so "17/24 with BM-MNC plus HBOT" finds it.
                        arm["description"] = x.label
                    continue
                if role == "intervention" and route_named(x.label) and any(
                        a.get("role") == "intervention" for a in arms if not a.get("members")):
                    # A second arm named by route is a comparator ("by both routes" beside "by the intramuscular
                    # route"), as the rules name the second of two: the results' order follows the roles, so two
                    # arms of one role would swap a list's values.
                    role = "active_comparator"
                arms.append({"label": x.label, "role": role, "cell_type": None,
                             "n_patients": None, "n_limbs": None, "description": ", ".join(x.aliases) or None,
                             "routes": [], "n_evidence": None, "source": "allocation",
                             "evidence": _evidence(text, sentences, (x.start, x.end), 0.7)})
            for arm in pools:
                # "Each cell group was superior to G4", "both BM-MNC arms": the listed arms its words name (else the
                # active ones) together, no arm of its own.
                words = _pool_words(arm["label"])
                named = [x.label for x in listed if words & _pool_words(" ".join((x.label, *x.aliases)))]
                arm["members"] = named if len(named) >= 2 else [x.label for x, r in zip(listed, roles) if r != "control"]
                arm["n_patients"] = arm["n_limbs"] = None
            for arm, members in shared:
                arm["members"] = members
                arm["n_patients"] = arm["n_limbs"] = None
            return ["arms_from_listed_arms"]
    return []


def dose_list(sentence: str) -> list[tuple[str, int, int]]:
    """Bare doses listed as arms in one sentence ("to BM-MNC at 1 × 10^8 cells (n = 22) or 3 × 10^8 cells (n = 22), or
    to saline"; "to 1 x 10^7 cells, 1 x 10^8 cells or 3 x 10^8 cells of ADSC, or to placebo"): (dose, start, end),
    two or more distinct doses in one run of list words, outside brackets; else empty."""
    items = [m for m in _RX.DOSE_ITEM.finditer(sentence)
             if sentence.count("(", 0, m.start()) == sentence.count(")", 0, m.start())]
    run: list[re.Match] = []
    for m in items:
        if run and not _RX.DOSE_JOIN.match(sentence[run[-1].end():m.start()]):
            if len(run) >= 2:
                break
            run = []
        run.append(m)
    doses = [m.group() for m in run]
    if len(run) < 2 or len({d.lower() for d in doses}) < len(doses) or not _RX.DOSE_END.match(sentence[run[-1].end():]):
        return []
    # Alternatives say "or" (or each carries its own size); "1 × 10^8 cells and 2 × 10^8 cells" are one arm's doses.
    sized = all(_RX.DOSE_SIZE.match(sentence, m.end()) for m in run)
    if not sized and not any(_RX.DOSE_OR.search(sentence[a.end():b.start()]) for a, b in zip(run, run[1:])):
        return []
    return [(m.group(), m.start(), m.end()) for m in run]


def add_dose_arms(text: str, sentences: list[tuple[int, int]], arms: list[dict], design: str | None) -> list[str]:
    """A controlled trial whose allocation sentence lists bare doses as its arms (``dose_list``) while the inventory
    holds one active arm, named by the cells: each dose becomes an arm named by it (the results go on by the doses:
    "90.9% with 1 × 10^8 cells"), sized by its own "(n = k)" or the sentence's per-arm size ("(20 per arm)"), and
    the cell arm their grouping, no arm of its own. Runs after the learned inventory. Returns flags."""
    if design not in {"rct", "non_randomized_controlled"}:
        return []
    base = [a for a in arms if not a.get("members")]
    active = [a for a in base if a.get("role") != "control"]
    if len(active) != 1:
        return []
    for s0, s1 in sentences:
        allocation = _RX.ALLOCATION.search(text, s0, s1)
        if not allocation:
            continue
        doses = dose_list(text[s0:s1])
        if not doses or any(d.lower() in (a.get("label") or "").lower() for d, _, _ in doses for a in base):
            continue
        # "randomised to ADSC or placebo; ADSC patients received 1 million cells or 5 million cells": doses
        # within an arm, after the clause that allocates.
        if allocation.end() > s0 + doses[0][1] or _RX.DOSE_CLAUSE_BREAK.search(text, allocation.end(), s0 + doses[0][1]):
            continue
        pooled = active[0]
        pooled["members"] = [d for d, _, _ in doses]
        pooled["n_patients"] = pooled["n_limbs"] = None
        each = {n for n, unit, _, _ in per_group(text, sentences, len(base) - 1 + len(doses)) if unit == "n_patients"}
        for d, a, b in doses:
            size = _RX.DOSE_SIZE.match(text, s0 + b, s1)
            n = int(size.group(1)) if size else (next(iter(each)) if len(each) == 1 else None)
            arms.append({"label": d, "role": "intervention", "cell_type": pooled.get("cell_type"), "n_patients": n,
                         "n_limbs": None, "description": pooled.get("label"), "routes": [],
                         "n_evidence": _evidence(text, sentences, (s0 + a, s0 + b), 0.6) if n is not None else None,
                         "source": "allocation", "evidence": _evidence(text, sentences, (s0 + a, s0 + b), 0.7),
                         **({"size_from": {"n_patients": "dose_list"}} if n is not None else {})})
        return ["arms_from_dose_list"]
    return []


def add_dose_label_arms(text: str, sentences: list[tuple[int, int]], arms: list[dict], design: str | None,
                        n_total: int | None) -> list[str]:
    """A controlled trial whose allocation sentence names its active arms by dose level in brackets
    (``arm_lists.dose_bracket_labels``: "CLX-7 at 2 × 10^6 (low dose), 5 × 10^6 (middle dose) or 1 × 10^7 cells
    (high dose) or to placebo, 20 patients per group") where the text confirms the number of arms, the levels and
    the controls (``arm_lists.arm_count_checks``: 80 patients, 20 per group, four arms): each level becomes an arm
    (or keeps the arm the learned inventory made of it, now active), the one other active arm (the product, "the
    three CLX-7 groups") their grouping, and a size said for every arm ("20 patients per group", when the arms'
    number times it is the total) every arm's size. Runs after the learned inventory; in place; returns flags."""
    if design not in {"rct", "non_randomized_controlled"}:
        return []
    base = [a for a in arms if not a.get("members")]
    for s0, s1 in sentences:
        levels = dose_bracket_labels(text, s0, s1)
        if not levels:
            continue
        names = {squash(label): (label, a, b, n) for label, a, b, n in levels}
        held = {squash(a.get("label") or ""): a for a in base if squash(a.get("label") or "") in names}
        controls = [a for a in base if a.get("role") == "control" and squash(a.get("label") or "") not in names]
        others = [a for a in base if a.get("role") != "control" and squash(a.get("label") or "") not in names]
        k = len(levels) + len(controls)
        if len(others) > 1 or k not in arm_count_checks(text, n_total):
            # Not this sentence's levels (a dose-response sentence before the allocation): the next may be.
            continue
        if not others and len(held) == len(levels):
            # Every level is an arm already and nothing pools them: the inventory is this list's.
            return []
        each = {n: (a, b) for n, unit, a, b in per_group(text, sentences, k) if unit == "n_patients"}
        size = next(iter(each)) if len(each) == 1 and (n_total is None or next(iter(each)) * k == n_total) else None
        size_ev = _evidence(text, sentences, each[size], 0.6) if size is not None else None
        if others:
            others[0]["members"] = [label for label, _, _, _ in levels]
            others[0]["n_patients"] = others[0]["n_limbs"] = None
        for key, (label, a, b, n) in names.items():
            arm = held.get(key)
            if arm is None:
                arm = {"label": label, "cell_type": others[0].get("cell_type") if others else None,
                       "n_patients": None, "n_limbs": None,
                       "description": others[0].get("label") if others else None, "routes": [], "n_evidence": None,
                       "evidence": _evidence(text, sentences, (a, b), 0.7)}
                arms.append(arm)
            arm.update(role="intervention", source="allocation")
            if n is not None or size is not None:
                arm["n_patients"] = n if n is not None else size
                arm["n_evidence"] = _evidence(text, sentences, (a, b), 0.6) if n is not None else size_ev
                arm.setdefault("size_from", {})["n_patients"] = "dose_bracket" if n is not None else "per_group"
        if size is not None:
            for arm in controls:
                # "20 patients per group" of four arms: the control's too, not the half of 80 a two-arm reading split.
                arm["n_patients"], arm["n_evidence"] = size, size_ev
                arm.setdefault("size_from", {})["n_patients"] = "per_group"
        return ["arms_from_dose_brackets"]
    return []


def cohort_series(text: str, s0: int, s1: int) -> list[tuple[str, int, int, int | None]]:
    """(label, start, end, size) of each member of a numbered cohort series the sentence ``text[s0:s1]`` lists in
    order, "cohort 1 ... cohort 2 ... cohort 3" (``COHORT_MEMBER``: two or more, tagged 1, 2, 3 ... or A, B, C ...,
    each once), else []. A member's size is one its own words state: "n = 5" after its name and before the next
    member's (``COHORT_SIZE_AFTER``), or a count right before it, "three in cohort 1" (``COHORT_SIZE_BEFORE``), not
    a time's ("healed by week 4 in cohort 1", ``TIME_UNIT_END``). No sizes where the words before a member report an
    event and no allocation (as in `groups_of`): "Complete healing occurred in two in cohort 1, three in cohort 2"
    counts the healed, not the cohorts (mendlead44b)."""
    members = list(_RX.COHORT_MEMBER.finditer(text, s0, s1))
    tags = [m.group("tag").upper() for m in members]
    first = "1" if tags and tags[0].isdigit() else "A"
    if len(members) < 2 or tags != [chr(ord(first) + i) for i in range(len(tags))]:
        return []
    out = []
    for i, m in enumerate(members):
        nxt = members[i + 1].start() if i + 1 < len(members) else s1
        after = _RX.COHORT_SIZE_AFTER.match(text[m.end():nxt])
        prev = members[i - 1].end() if i else s0
        before = _RX.COHORT_SIZE_BEFORE.search(text[prev:m.start()])
        if before and _RX.TIME_UNIT_END.search(text[prev:prev + before.start("n")]):
            before = None
        size = int(after.group("n")) if after else parse_count(before.group("n")) if before else None
        if _RX.EVENT.search(text, s0, m.start()) and not _RX.ALLOCATION.search(text, s0, m.start()):
            size = None
        out.append((m.group(), m.start(), m.end(), size))
    return out


def add_cohort_series_arms(text: str, sentences: list[tuple[int, int]], arms: list[dict], design: str | None,
                           n_total: int | None) -> list[str]:
    """A dose-escalation study without a comparator whose arms are a numbered cohort series (`cohort_series`:
    "enrolled sequentially into three dose cohorts (cohort 1, 25 million cells, n = 5; cohort 2, ...)", "three in
    cohort 1 (...), three in cohort 2 (...) and six in cohort 3") gets those cohorts as its arms, where the text
    confirms their number: a stated count ("three dose cohorts", ``arm_count_checks``; "three sequential cohorts of
    six", `groups_of`) or their own sizes adding up to the stated total. The learned inventory scores such a series
    as one (``arm_model.decide``) and drops the single arm that stood for all of it, but adds no arm: without these
    the values of a cohort and the whole sample's have no inventory to be told apart by. Only where no arm is left
    (no control, no other group); its sizes are those the members' words state (later stages add "of six patients
    each"). Only where the cohorts are dose levels: the text says so (``DOSE_WORDS``: "dose cohorts", "dose-escalation")
    or the series' sentence gives them doses ("1 × 10^6 cells/kg (cohort 1), 3 × 10^6 cells/kg (cohort 2)",
    ``CELL_DOSE``, two or more): a numbered series of periods or of a derivation and a validation sample is no set of
    treatment arms (mendlead44b). Runs after the learned inventory; in place; returns flags."""
    if design not in {"single_arm", "other"} or arms:
        return []
    dose_study = _RX.DOSE_WORDS.search(text) is not None
    for s0, s1 in sentences:
        series = cohort_series(text, s0, s1)
        if not series or not (dose_study or len(_RX.CELL_DOSE.findall(text, s0, s1)) >= 2):
            continue
        k = len(series)
        sizes = [n for _, _, _, n in series]
        summed = None not in sizes and n_total is not None and sum(sizes) == n_total
        if not summed and k not in arm_count_checks(text, n_total) and not groups_of(text, sentences, k):
            continue
        for label, a, b, n in series:
            arm = {"label": label, "role": "intervention", "cell_type": None,
                   "n_patients": n, "n_limbs": None, "description": None, "routes": [], "n_evidence": None,
                   "source": "allocation", "evidence": _evidence(text, sentences, (a, b), 0.7)}
            if n is not None:
                arm["n_evidence"] = _evidence(text, sentences, (a, b), 0.6)
                arm["size_from"] = {"n_patients": "cohort_series"}
            arms.append(arm)
        return ["arms_from_cohort_series"]
    return []


def _item_of(label: str, items: list) -> int | None:
    """The allocation item an arm's label names: its code or label, its description, or the one item whose
    description holds the label's words ("platelet-rich plasma alone" in "G2, platelet-rich plasma alone");
    None when no item or more than one does."""
    key = squash(label)
    if not key:
        return None
    for i, x in enumerate(items):
        if key in {squash(x.label), squash(x.description)}:
            return i
    held = [i for i, x in enumerate(items) if key in squash(x.description)]
    return held[0] if len(held) == 1 else None


def add_allocation_arms(text: str, sentences: list[tuple[int, int]], arms: list[dict], statistics: list[dict],
                        design: str | None, n_total: int | None) -> list[str]:
    """The general allocation-list reader (``alloc_lists.allocation_items``) applied: a controlled trial whose
    allocation sentence states k arms in a label form ("three groups: G1, SVF with PRP (n = 21); G2, …"; "at 0.5,
    1 or 2 × 10^6 cells/kg (low-dose, mid-dose and high-dose arms) or to placebo (placebo arm), 20 per arm") that
    the count check confirms gets those k arms: an arm the inventory already has for an item keeps its values
    under the item's label, an arm that names no item (a fragment: "mid-dose and high-dose arms") is dropped with
    its placements, each item's description, dose and size are set. Nothing changes where the inventory already
    is the list's or where no reading is confirmed. Runs after the learned inventory; in place; returns flags."""
    if design not in {"rct", "non_randomized_controlled"}:
        return []
    checks = arm_count_checks(text, n_total)
    for s0, s1 in sentences:
        items = allocation_items(text, s0, s1, n_total, checks)
        if not items:
            continue
        base = [a for a in arms if not a.get("members")]
        pools = [a for a in arms if a.get("members")]
        keys = {squash(x.label) for x in items}
        if len(base) == len(items) and {squash(a.get("label") or "") for a in base} == keys:
            # The inventory is the list's already: fill only the sizes it lacks.
            by_key = {squash(x.label): x for x in items}
            filled = False
            for a in base:
                x = by_key[squash(a["label"])]
                if a.get("n_patients") is None and x.n is not None:
                    a["n_patients"], filled = x.n, True
                    a["n_evidence"] = _evidence(text, sentences, (x.start, x.end), 0.6)
                    a.setdefault("size_from", {})["n_patients"] = "allocation_list"
            return ["allocation_list_sizes"] if filled else []
        listed = [ListedArm(x.label, x.start, x.end, (x.description,)) for x in items]
        roles = listed_roles(listed)
        controls = [i for i, r in enumerate(roles) if r == "control"]
        owner: dict[int, list[dict]] = {}
        dropped = []
        for a in base:
            i = _item_of(a.get("label") or "", items)
            if i is None and len(controls) == 1 and squash(a.get("label") or "") in {"control", "controls"}:
                # "6 of 20 control patients" where the list says "G2, standard dressings": the one control item.
                i = controls[0]
            if i is None:
                dropped.append(a)
            else:
                owner.setdefault(i, []).append(a)
        cells = next((a.get("cell_type") for a in base if a.get("cell_type")), None)
        out = []
        for i, x in enumerate(items):
            mine = owner.get(i, [])
            arm = mine[0] if mine else {"label": x.label, "cell_type": None, "n_patients": None, "n_limbs": None,
                                        "routes": [], "n_evidence": None,
                                        "evidence": _evidence(text, sentences, (x.start, x.end), 0.7)}
            for twin in mine[1:]:
                _merge_into(twin, arm, arms, statistics)
            old = arm["label"]
            arm.update(label=x.label, description=x.description, role=roles[i], source="allocation")
            if arm.get("cell_type") is None and roles[i] == "intervention" and _RX.CELLS.search(x.description):
                arm["cell_type"] = cells
            if x.n is not None:
                arm["n_patients"] = x.n
                arm["n_evidence"] = _evidence(text, sentences, (x.start, x.end), 0.6)
                arm.setdefault("size_from", {})["n_patients"] = "allocation_list"
            for st in statistics:
                if st.get("arm") in {old, *[t["label"] for t in mine[1:]]}:
                    st["arm"], st["arm_role"] = x.label, roles[i]
            for p in pools:
                p["members"] = [x.label if m in {old, *[t["label"] for t in mine[1:]]} else m for m in p["members"]]
            out.append(arm)
        gone = {a["label"] for a in dropped}
        for st in statistics:
            if st.get("arm") in gone:
                st["arm"] = st["arm_role"] = None
        arms[:] = out + pools
        return ["arms_from_allocation_reader"]
    return []


def _factor_levels(x: ListedArm) -> list[str] | None:
    """The two levels one cell of a factorial list joins ("ADSC + sham arm" -> ["adsc", "sham"]), from its label
    or, for a code ("GS group"), from the alias that spells it ("G-CSF plus ASC sheet"); None if no name joins two."""
    for name in (x.label, *x.aliases):
        parts = _RX.FACTOR_JOIN.split(re.sub(r"\s+(?:groups?|arms?)$", "", name.strip(), flags=re.I))
        if len(parts) == 2 and all(p.strip() for p in parts):
            return [p.strip().lower() for p in parts]
    return None


def factorial_roles(listed: list[ListedArm]) -> list[str] | None:
    """The roles of a 2 × 2 factorial list whose four items each join one level of two factors ("ADSC + ESWT,
    ADSC + sham, vehicle + ESWT and vehicle + sham"), where each factor's inactive level is known: said by its own
    words (sham, vehicle, saline) or the one beside a cell level ("dressing" beside "ASC sheet"). The item of both
    inactive levels is the control, one with cells an intervention, the rest active comparators: the words of a
    whole item mislead ("ADSC + sham" reads as sham). None when the list is not such a list."""
    cells = [_factor_levels(x) for x in listed]
    if len(cells) != 4 or any(c is None for c in cells) or len({tuple(c) for c in cells}) != 4:
        return None
    inactive = []
    for k in (0, 1):
        levels = sorted({c[k] for c in cells})
        if len(levels) != 2:
            return None
        said = [said_role(v, v, v) == "control" for v in levels]
        celled = [bool(_RX.CELLS.search(v)) and not said[i] for i, v in enumerate(levels)]
        if said.count(True) == 1:
            inactive.append(levels[said.index(True)])
        elif not any(said) and celled.count(True) == 1:
            inactive.append(levels[celled.index(False)])
        else:
            return None
    return ["control" if c[0] == inactive[0] and c[1] == inactive[1]
            else "intervention" if any(_RX.CELLS.search(v) for v in c if v not in inactive)
            else "active_comparator" for c in cells]


def listed_roles(listed: list[ListedArm]) -> list[str]:
    """Each listed arm's role from its words (``arm_role``), or a factorial list's from its levels
    (``factorial_roles``); "X alone" beside another control is an active comparator ("PRP alone" beside
    "standard dressing", "HBOT alone" beside "standard care"): "alone" says it lacks the other arms' addition, not
    that it is the control."""
    factorial = factorial_roles(listed)
    if factorial is not None:
        return factorial
    said = [" ".join((x.label, *x.aliases)) for x in listed]
    # "..., HBOT alone and neither": the item that names no treatment of the list's is the control (round 36).
    roles = ["control" if _RX.NO_TREATMENT_ITEM.match(x.label) else arm_role(w, w, w) for x, w in zip(listed, said)]
    for i, w in enumerate(said):
        plain = _RX.ALONE.sub(" ", w)
        if roles[i] == "control" and arm_role(plain, plain, plain) != "control" and \
                any(r == "control" for j, r in enumerate(roles) if j != i and not _RX.ALONE.search(said[j])):
            roles[i] = "active_comparator"
    return roles


def _pool_words(label: str) -> set[str]:
    """A label's words that name a treatment (group words and generic words aside)."""
    return {w for w in re.findall(r"[a-z0-9][a-z0-9+\-]*", label.lower())} - _POOL_GENERIC


#: Words of a pooling label that name no treatment ("both cell arms").
_POOL_GENERIC = {"the", "both", "all", "two", "three", "four", "group", "groups", "arm", "arms", "cohort", "cohorts",
                 "cell", "cells", "treated", "treatment", "active", "dose", "patients", "receiving", "combined", "pooled"}


def _relabel(arm: dict, label: str, statistics: list[dict]) -> None:
    """In place: an arm named by its role only takes the label a list defines for it; its values follow, its old
    name stays its description."""
    old = arm["label"]
    arm["label"], arm["description"] = label, arm.get("description") or old
    for st in statistics:
        if st.get("arm") == old:
            st["arm"] = label


def merge_coded_twins(text: str, arms: list[dict], statistics: list[dict]) -> list[str]:
    """An arm that is a coded arm under the name the text defines it by ("best medical therapy" beside "Arm 3:
    best medical therapy (n=15)", "control group" beside "group 3, control") is dropped into the coded arm
    (in place): its values move there, its name becomes the coded arm's description, a size it alone has
    passes on. Returns flags."""
    base = [a for a in arms if not a.get("members")]
    twins = coded_twins(text, [a["label"] for a in base])
    if not twins:
        return []
    by_label = {a["label"]: a for a in base}
    for twin, coded in twins.items():
        _merge_into(by_label[twin], by_label[coded], arms, statistics)
    arms[:] = [a for a in arms if a["label"] not in twins]
    return ["arm_merged_into_coded"]


def _merge_into(src: dict, dst: dict, arms: list[dict], statistics: list[dict]) -> None:
    """In place: ``src``'s values and memberships move to ``dst``, its name becomes ``dst``'s description, a size
    it alone has passes on (the caller drops ``src``)."""
    twin, into = src["label"], dst["label"]
    dst["description"] = dst.get("description") or twin
    for key in ("n_patients", "n_limbs"):
        if dst.get(key) is None and src.get(key) is not None:
            dst[key] = src[key]
    for st in statistics:
        if st.get("arm") == twin:
            st["arm"], st["arm_role"] = into, dst.get("role")
    for a in arms:
        if twin in (a.get("members") or []):
            a["members"] = [into if m == twin else m for m in a["members"]]


def _sizes_agree(a: dict, b: dict) -> bool:
    """No size that both arms state differs: two stated sizes that differ ("Group A (n = 10)", "group a (n = 12)")
    make two arms, and merging would silently drop one size."""
    return all(a.get(k) is None or b.get(k) is None or a[k] == b[k] for k in ("n_patients", "n_limbs"))


def merge_plural_twins(arms: list[dict], statistics: list[dict]) -> list[str]:
    """Two arms of one role whose labels differ only by case and a plural "s" ("control limbs" from the rules,
    "control limb" from the learned inventory) are one arm: the later one is merged into the first (in place), unless
    they state different sizes. Returns flags."""
    first: dict[tuple[str, str | None], dict] = {}
    gone: list[dict] = []
    for a in arms:
        if a.get("members"):
            continue
        key = (re.sub(r"s$", "", (a.get("label") or "").strip().lower()), a.get("role"))
        if key in first and _sizes_agree(a, first[key]):
            _merge_into(a, first[key], arms, statistics)
            gone.append(a)
        else:
            first[key] = a
    arms[:] = [a for a in arms if not any(a is g for g in gone)]
    return ["arm_merged_plural_twin"] if gone else []


def merge_generic_control(arms: list[dict], statistics: list[dict]) -> list[str]:
    """A control arm named only by the word for controls, without a size ("in this study with concurrent controls",
    ``GENERIC_CONTROL``), beside exactly one other control arm that has a size ("best wound and medical care (BWC
    group, n = 61)") is that arm, named generically: merged into it (in place), so that lists of one value per arm
    count the study's real arms. Returns flags."""
    controls = [a for a in arms if not a.get("members") and a.get("role") == "control"]
    if len(controls) != 2:
        return []
    generic = [a for a in controls if _RX.GENERIC_CONTROL.match((a.get("label") or "").strip())
               and a.get("n_patients") is None and a.get("n_limbs") is None]
    if len(generic) != 1:
        return []
    src = generic[0]
    dst = next(a for a in controls if a is not src)
    if dst.get("n_patients") is None and dst.get("n_limbs") is None:
        return []
    _merge_into(src, dst, arms, statistics)
    arms[:] = [a for a in arms if a is not src]
    return ["arm_merged_generic_control"]


def _bracket_counts(sentence: str) -> list[int]:
    """The counts of a sentence's "(n = k)" / "(TAO, n = k)" brackets."""
    return [parse_count(m.group("n")) for m in _RX.SIZED_BRACKET.finditer(sentence)]


def is_part_of_arm(text: str, label: str, ev: dict) -> bool:
    """Is the rules' size of arm ``label`` (its evidence ``ev``, with sentence bounds) one of the parts the sentence
    splits that arm into: "The BM-MNC group included TAO (n = 16) and atherosclerotic disease (n = 11)" (the arm
    named before a verb of composition, the count in one of two or more "(n = k)" brackets after it)?"""
    s0, s1 = ev["sentence_start"], ev["sentence_end"]
    lead = text[s0:ev["start"]]
    part = _RX.PART_LEAD.search(lead)
    if not part or len(_bracket_counts(text[s0:s1])) < 2:
        return False
    head = _RX.GROUP_TAIL.sub("", label.strip()).strip()
    return bool(head) and head.lower() in lead[:part.start()].lower() and head.lower() not in part.group("what").lower()


def single_arm_total(text: str, sentences: list[tuple[int, int]], base: list[dict], n_total: int | None,
                     total_span: tuple[int, int] | None) -> list[str]:
    """In place: a study's one arm, not named by its cells, sized by one part of a split of its total ("41 patients
    with atherosclerosis (n = 27) or TAO (n = 14)") is the whole total (flag ``single_arm_size_is_total``)."""
    if len(base) != 1 or not n_total or base[0].get("role") not in {"single", "intervention"}:
        return []
    a, ev = base[0], base[0].get("n_evidence") or {}
    if a.get("n_patients") is None or a["n_patients"] >= n_total or "sentence_start" not in ev:
        return []
    parts = _bracket_counts(text[ev["sentence_start"]:ev["sentence_end"]])
    if len(parts) < 2 or a["n_patients"] not in parts or sum(parts) != n_total or _RX.CELLS.search(a["label"]):
        # An arm named by its cells ("BMAC (n = 57) or conservatively (n = 75)") is one item of a list of arms
        # whose others the inventory missed, not a part of its own cohort.
        return []
    a["n_patients"] = n_total
    a["n_evidence"] = _evidence(text, sentences, total_span, 0.5) if total_span else None
    return ["single_arm_size_is_total"]


#: Claim classes that read a size from the wording that allocates or lists the arms (not a count beside a name).
_ALLOCATING = frozenset({"allocated_count", "labelled_size", "listed_count", "code_list", "size_list"})

_RANK = {"rules": 0, "allocation_paren": 1, "named_count": 1, "allocated_count": 1, "labelled_size": 1, "listed_count": 1,
         "code_list": 1, "size_list": 1, "per_group": 2,
         "ratio": 3, "named_subset": 4}


def _allocated_exceeds(claims: list[Claim], base: list[dict], unit: str, total: int) -> bool:
    """Whether one allocating class of claims (``_ALLOCATING``) gives every arm one size and those sizes add up to
    more than ``total``."""
    labels = {a["label"] for a in base}
    for how in _ALLOCATING:
        sized: dict[str, set[int]] = {}
        for c in claims:
            if c.how == how and c.unit == unit and c.arm in labels and c.n:
                sized.setdefault(c.arm, set()).add(c.n)
        if set(sized) == labels and all(len(v) == 1 for v in sized.values()) and \
                sum(next(iter(v)) for v in sized.values()) > total:
            return True
    return False


def complete_sizes(text: str, sentences: list[tuple[int, int]], arms: list[dict], n_total: int | None,
                   n_limbs_total: int | None, total_span: tuple[int, int] | None = None) -> list[str]:
    """Fill (and where the total disagrees, correct) arm sizes in place from every class of size wording.

    Options per arm and unit are the rules' size and each claim; with a stated total the options
    that add up to it win (so "Six patients in the BM-MNC group ... died" loses to "Fifty-six
    patients were allocated to BM-MNC and 54 to placebo" in a study of 110). Returns flags.
    """
    base = [a for a in arms if not a.get("members")]
    if len(base) < 2:
        for a in base:
            a.pop("_claims", None)
        return single_arm_total(text, sentences, base, n_total, total_span)
    flags: list[str] = []
    for a in base:
        ev = a.get("n_evidence") or {}
        if a.get("n_patients") is not None and "sentence_start" in ev and not (a.get("size_from") or {}):
            sentence = text[ev["sentence_start"]:ev["sentence_end"]]
            if _RX.EVENT.search(sentence) and not _RX.ALLOCATION.search(sentence):
                # "Two SVF-gel recipients reported transient bruising": a count of events, not the arm's size.
                a["n_patients"], a["n_evidence"] = None, None
                flags.append("arm_size_event_count_dropped")
            elif is_part_of_arm(text, a["label"], ev):
                # "The BM-MNC group included TAO (n = 16) and atherosclerosis (n = 11)": a part, not the arm.
                a["n_patients"], a["n_evidence"] = None, None
                flags.append("arm_size_part_dropped")
    aliases = size_aliases(text, base)
    claims: list[Claim] = [c for a in base for c in a.pop("_claims", [])]
    claims.extend(named_counts(text, sentences, aliases))
    claims.extend(labelled_sizes(text, sentences, aliases))
    claims.extend(listed_counts(text, sentences, aliases))
    claims.extend(code_list_sizes(text, aliases))
    claims.extend(size_list_claims(text, [a["label"] for a in base]))
    each = per_group(text, sentences, len(base))
    for n, unit, s, e in each:
        claims.extend(Claim(a["label"], unit, n, s, e, "per_group") for a in base)
    total_for = {"n_patients": n_total, "n_limbs": n_limbs_total}
    for unit, total in list(total_for.items()):
        if total and (any(a.get(unit) == total for a in base) or any(n == total and u == unit for n, u, _, _ in each)
                      or any(c.n == total and c.unit == unit and c.how in _ALLOCATING for c in claims)):
            # "Twenty-two patients who received X were compared with 44 ...", "Twenty-one patients received ALDHbr
            # cells and 11 received placebo": a "total" equal to one arm's size (the rules', or one an allocating
            # wording gives) was that arm's count; it cannot check the others.
            total_for[unit] = None
        elif total and _allocated_exceeds(claims, base, unit, total):
            # "Sixteen patients were allocated to the MSC arm and 14 to the carrier arm" against a "total" of 1 read
            # from an event count: one allocating wording that sizes every arm outweighs a stated total it exceeds
            # (``stages._total_from_arms`` then corrects the total, as for a "respectively" list).
            total_for[unit] = None
    ratio = ratio_sizes(text, sentences, len(base), total_for["n_patients"])
    for unit in ("n_patients", "n_limbs"):
        options: dict[str, list[tuple[int, int, str, tuple[int, int] | None]]] = {a["label"]: [] for a in base}
        for a in base:
            if a.get(unit) is not None:
                options[a["label"]].append((_RANK["rules"], a[unit], "rules", None))
        for c in claims:
            if c.unit == unit and c.arm in options and c.n:
                options[c.arm].append((_RANK[c.how], c.n, c.how, (c.start, c.end)))
        if unit == "n_patients" and ratio:
            ordered = sorted(base, key=lambda a: (a.get("evidence") or {}).get("start", 0))
            for a, n in zip(ordered, ratio):
                options[a["label"]].append((_RANK["ratio"], n, "ratio", total_span))
        total = total_for[unit]
        ranked = {k: [(o[0], o[1], o[2]) for o in v] for k, v in options.items()}
        spans = {(k, o[1], o[2]): o[3] for k, v in options.items() for o in v}
        chosen = best_assignment(ranked, total)
        if total and len(chosen) < len(base) and all(ranked.values()) and \
                any(n == total for opts in ranked.values() for _, n, _ in opts):
            # "25 (31 limbs) to the cell group and 23 (27 limbs) to ...": a "total" that is one arm's own count
            # and that no reading adds up to checks nothing.
            chosen = best_assignment(ranked, None)
            total = None
        for a in base:
            pick = chosen.get(a["label"])
            if pick is None or (pick[1] == "rules" and a.get(unit) == pick[0]):
                continue
            n, how = pick
            span = spans.get((a["label"], n, how))
            a[unit] = n
            if unit == "n_patients":
                a["n_evidence"] = _evidence(text, sentences, span, 0.6) if span else None
            a.setdefault("size_from", {})[unit] = how
            flags.append(f"arm_size_{how}")
        sizes = [a.get(unit) for a in base]
        if total and None not in sizes and 2 * sum(sizes) < total and any(
                _RX.EVENT.search(text[ev["sentence_start"]:ev["sentence_end"]])
                for ev in (a.get("n_evidence") or {} for a in base) if "sentence_start" in ev):
            # "84 randomized ...; 3 in the SVF group and 4 in the control group were lost": arms that together
            # hold under half the stated total, sized in a sentence of events, were sized by an event count.
            # Null beats a guess.
            for a in base:
                a[unit] = None
                if unit == "n_patients":
                    a["n_evidence"] = None
                (a.get("size_from") or {}).pop(unit, None)
            flags.append("arm_sizes_far_below_total_dropped")
        flags.extend(_remainder(text, sentences, base, unit, total, total_span))
    return sorted(set(flags))



def _remainder(text: str, sentences: list[tuple[int, int]], base: list[dict], unit: str, total: int | None,
               total_span: tuple[int, int] | None, ratio: list[int] | None = None) -> list[str]:
    """The one arm left without a size (in ``unit``): the total minus the others, in place; with ``ratio`` (the
    sizes a stated allocation ratio gives, or the counts the text states), only a remainder among them."""
    missing = [a for a in base if a.get(unit) is None]
    if not total or len(missing) != 1 or len(base) < 2:
        return []
    others = [a[unit] for a in base if a is not missing[0]]
    rest = total - sum(others)
    # Allocation beyond 3:1 is rare: a remainder far from the other arms means an arm is missing
    # from the list or another size is wrong.
    if not (0 < rest < total and max(others) <= 3 * rest and rest <= 3 * min(others)) or (
            ratio is not None and rest not in ratio):
        return []
    missing[0][unit] = rest
    if unit == "n_patients":
        missing[0]["n_evidence"] = _evidence(text, sentences, total_span, 0.5) if total_span else None
    missing[0].setdefault("size_from", {})[unit] = "total_minus_other_arms"
    return ["arm_size_from_total"]


def late_remainder(text: str, sentences: list[tuple[int, int]], arms: list[dict], n_total: int | None,
                   total_span: tuple[int, int] | None = None) -> list[str]:
    """``complete_sizes``' remainder again after the learned stages (in place; returns flags): an arm the learned
    inventory added, or the one the size model left open, beside arms sized since ("88 received PBMNC and 126
    BMT" of 214). Patients only, and not where an arm counts limbs (the total counts patients); where the text
    states an allocation ratio, only a remainder it allows (randomised 1:1:1 of 90 and two arms sized 27 by their
    completers: 36 for the third is no size). Beside a size the size model gave, only a remainder the text states
    as a count: the model's pick may be a total ("60 were randomised" of 96 screened), and a remainder would
    repeat its error on a second arm."""
    base = [a for a in arms if not a.get("members")]
    if any(a.get("n_limbs") is not None for a in base):
        return []
    allowed = ratio_sizes(text, sentences, len(base), n_total)
    if any((a.get("size_from") or {}).get("n_patients") == "size_model" for a in base):
        stated = {parse_count(c.group()) for c in re.finditer(COUNT, text)}
        allowed = [n for n in (stated if allowed is None else allowed) if n in stated]
    return _remainder(text, sentences, base, "n_patients", n_total, total_span, allowed)


def size_aliases(text: str, arms: list[dict]) -> dict[str, list[str]]:
    """The names a size statement may use for each arm: its label, the inventory's aliases, and a role word the
    text uses for the one arm of its role ("(BM-MNC 40, placebo 40)", "42 to SVF and 42 to standard care")."""
    from stemfoot.extract.arm_inventory import build_inventory, generic_names
    inventory = build_inventory(text, arms)
    generic = generic_names(text, inventory)
    return {a["label"]: [n for n in (a["label"], _norm(a["label"]), *inv.aliases, *generic.get(inv.key, []))
                         if n and len(n) >= 2] for a, inv in zip(arms, inventory)}


def background_arms(text: str, sections: list[tuple[int, int, str]], arms: list[dict]) -> list[str]:
    """Labels of the rules' arms the text names only in its Background section: "A within-patient design controls
    for systemic factors" gives no arm "controls", and a cited trial's groups are not this study's. Only for a
    structured abstract (``sections``: start, end, category) and a label the text writes; an arm a list or an
    allocation built (``source``), a grouping, a single arm, an arm with a size, or one named again after the
    Background keeps its place."""
    background = [(a, b) for a, b, cat in sections if cat == "background"]
    if not background:
        return []
    spans: list[tuple[int, int]] = []
    out = []
    for arm in arms:
        label = (arm.get("label") or "").strip()
        if not label or arm.get("source") or arm.get("members") or arm.get("role") == "single":
            # A single arm is the study's sample, named by its cells wherever the text first names them.
            continue
        at = [m.start() for m in re.finditer(rf"(?<![\w\-]){re.escape(label)}(?![\w\-])", text, re.I)]
        sized = (arm.get("n_evidence") or {}).get("start")
        if sized is not None or arm.get("n_patients") is not None or arm.get("n_limbs") is not None:
            # "... with those of a matched control cohort" (Introduction) sized by "42 matched patients (44 limbs)"
            # in the Methods: the study's arm, named first in its rationale.
            continue
        if at and all(any(a <= p < b for a, b in background) for p in at):
            # "Background: ... in this trial we compared a BM-MNC group with a standard care group": the study's own.
            if not spans:
                from stemfoot.extract.candidates import split_sentences  # split once, only when an arm is in question
                spans = split_sentences(text)
            if any(_RX.THIS_STUDY.search(text, s0, s1) for p in at for s0, s1 in spans if s0 <= p < s1):
                continue
            out.append(label)
    return out


def drop_background_arms(text: str, sections: list[tuple[int, int, str]], arms: list[dict],
                         statistics: list[dict], design: str | None = None,
                         sentences: list[tuple[int, int]] | None = None) -> list[str]:
    """Drop the arms named only in the Background (``background_arms``), in place; their values lose the arm and
    are placed again. Returns flags. Not where it would leave a controlled ``design`` fewer than two arms, unless
    the design is within-patient (``within_patient``: its limb arms come later)."""
    gone = set(background_arms(text, sections, arms))
    if not gone:
        return []
    kept = [a for a in arms if a.get("label") not in gone or a.get("source") or a.get("members")]
    if design in {"rct", "non_randomized_controlled"} and len(kept) < 2:
        from stemfoot.extract.candidates import split_sentences
        if not within_patient(text, split_sentences(text) if sentences is None else sentences):
            return []
    arms[:] = kept
    for st in statistics:
        if st.get("arm") in gone:
            st["arm"] = st["arm_role"] = None
    return ["arm_dropped_background"]


# --- after the learned inventory: sizes for arms it settled ---------------------------------------------------------

def subset_size(text: str, arm: dict) -> bool:
    """Whether an arm's size was read from a subset ("Of the 11 treated and 6 control limbs with ulcers",
    ``_RX.SUBSET_SENTENCE``) or from the total minus such a size."""
    if (arm.get("size_from") or {}).get("n_patients") == "total_minus_other_arms":
        return True
    ev = arm.get("n_evidence") or {}
    return "sentence_start" in ev and bool(_RX.SUBSET_SENTENCE.match(text, ev["sentence_start"], ev["sentence_end"]))


#: The limb every ``WITHIN_ONE`` match names, with its flags (``within_patient`` reads no sentence without one).
_LIMB_WORD = re.compile(r"leg|limb|foot", re.I)


def within_patient(text: str, sentences: list[tuple[int, int]]) -> bool:
    """A within-patient design: "one leg was randomly assigned to X and the contralateral leg to Y", "received X
    into the more ischaemic leg, while the other leg received no injection and served as an internal control" (one
    limb and the other limb named in a sentence that randomises the limbs or makes the other one the comparison)."""
    for s0, s1 in sentences:
        if not _LIMB_WORD.search(text, s0, s1):
            continue  # no limb of WITHIN_ONE here: the slower patterns below would find no design
        ones = list(_RX.WITHIN_ONE.finditer(text, s0, s1))
        # A bare "the other" (or one that "received") is the other limb only with a limb of WITHIN_ONE before it and
        # no arm noun between ("cells into one leg of each patient in the cell group ... from one group to the
        # other" is a group).
        others = [o for o in _RX.WITHIN_OTHER.finditer(text, s0, s1)
                  if not (o.group("bare") or o.group("subject")) or any(
                      m.end() <= o.start() and not _RX.WITHIN_OTHER_BLOCK.search(text, m.end(), o.start())
                      for m in ones)]
        if not ones or not others:
            continue
        # "Randomised" makes a design only of "one leg ... the other leg": in "patients were randomised ...; the more
        # ischaemic leg was studied and an ulcer on the other leg excluded" the patients are randomised, not limbs.
        if _RX.WITHIN_CUE.search(text, s0, s1) or (any(m.group("one") for m in ones)
                                                  and re.search(r"\brandom", text[s0:s1], re.I)):
            return True
    return False


def limb_arm_names(text: str) -> dict[str, str]:
    """The names the text gives a within-patient design's two limb arms, by role: the most frequent limb phrase of
    each side ("treated legs", "control legs"; the first on a tie), plural as the results read ("In treated legs
    ..."); a side the text never names is absent."""
    seen: dict[str, list[str]] = {}
    for m in _RX.LIMB_ARM.finditer(text):
        side = "control" if m.group("control") else "intervention"
        word, unit = m.group(side), m.group("unit").lower().rstrip("s")
        # "Treated legs" opening a sentence is "treated legs"; "BM-MNC-treated limb" keeps its product's capitals.
        word = word if sum(c.isupper() for c in word) >= 2 else word.lower()
        seen.setdefault(side, []).append(f"{word} {unit}s")
    return {side: max(names, key=names.count) for side, names in seen.items()}


def add_limb_arms(text: str, sentences: list[tuple[int, int]], arms: list[dict], statistics: list[dict]) -> list[str]:
    """A within-patient design (``within_patient``) whose inventory lacks a side: a label led by a count ("and 4
    control" from "(11 treated and 4 control)") is no arm and goes (its values are left to be placed again), and
    each side without an arm gets one named as the text names its limbs (``limb_arm_names``); a side the text never
    names stays empty. Sizes come later (``late_sizes``). In place; returns flags."""
    if not within_patient(text, sentences):
        return []
    flags = []
    counted = {a["label"] for a in arms if not a.get("members") and _RX.COUNT_LED_LABEL.match(a.get("label") or "")}
    if counted:
        arms[:] = [a for a in arms if a.get("label") not in counted]
        for st in statistics:
            if st.get("arm") in counted:
                st["arm"] = st["arm_role"] = None
        flags.append("arm_dropped_count_label")
    base = [a for a in arms if not a.get("members")]
    if len(base) >= 2:
        # Two arms already (two cell products, one per leg; or the two sides): nothing is missing.
        return flags
    names = limb_arm_names(text)
    if len(base) == 1 and "intervention" in names and base[0].get("role") in {"single", "intervention"} \
            and not _RX.LIMB_WORD.search(base[0].get("label") or ""):
        # "PBMNCs in one leg chosen by coin toss (cell-treated leg) ... in cell-treated legs": the arm read by its
        # cells is the treated limb, and the results name it by the limb (round 36); its product stays its
        # description, its values follow.
        _relabel(base[0], names["intervention"], statistics)
        flags.append("arm_cell_to_limb_name")
    held = {"control" if a.get("role") == "control" else "intervention" for a in base}
    for side in ("intervention", "control"):
        if side in held or side not in names:
            continue
        if side == "control" and len(base) == 1 and base[0].get("role") == "single":
            # "received cells into the more affected leg (treated leg), while the other leg received standard care
            # (control leg)": the one-arm reading was the treated limb; with the other limb it is one side of two.
            base[0]["role"] = "intervention"
            flags.append("arm_single_to_limb_side")
        m = re.search(rf"\b{re.escape(names[side])}", text, re.I)
        arms.append({"label": names[side], "role": side, "cell_type": None, "n_patients": None, "n_limbs": None,
                     "description": None, "routes": [], "n_evidence": None, "source": "within_patient",
                     "evidence": _evidence(text, sentences, (m.start(), m.end()) if m else (0, 0), 0.6)})
        flags.append("arm_from_limb_name")
    return flags


def cluster_enrolment(text: str) -> list[tuple[str, int, int, int]]:
    """The two arms of a cluster trial named by their units, with the patients each enrolled: "The pathway
    hospitals enrolled 121 patients and the usual-care hospitals 113" -> [("pathway hospitals", 121, start, end),
    ("usual-care hospitals", 113, ...)] (spans of the counts), or count first ("188 patients were enrolled in
    intervention units and 176 in control units"); [] when no such sentence, or two (which would disagree)."""
    if not _RX.CLUSTER_UNIT_WORD.search(text):
        return []
    # "... treated at the usual-care hospitals underwent major amputation" counts events, no enrolment.
    found = [*(_RX.CLUSTER_ENROLLED.finditer(text) if _RX.CLUSTER_UNIT_VERB.search(text) else ()),
             *(m for m in (_RX.CLUSTER_ENROLLED_IN.finditer(text) if _RX.CLUSTER_UNIT_AND.search(text) else ())
               if not _RX.CLUSTER_EVENT_TAIL.match(text, m.end()))]
    if len(found) != 1 or found[0].group("a").lower() == found[0].group("b").lower():
        return []
    m = found[0]
    return [(m.group(side), parse_count(m.group(n)), m.start(n), m.end(n)) for side, n in (("a", "n1"), ("b", "n2"))]


def cluster_enrolment_bare(text: str) -> list[tuple[int, int, int]]:
    """A cluster trial's patients per arm said without the arms' names, in their allocation order: "The centres
    enrolled 156 and 149 patients" -> [(156, start, end), (149, start, end)]; [] when not a cluster trial or not
    exactly one such sentence. The units randomised "eight per arm" (``CLUSTER_PER_ARM``) make a cluster trial too,
    its design word perhaps in the title alone (blind63 report)."""
    if not (_RX.CLUSTER_DESIGN.search(text) or _RX.CLUSTER_PER_ARM.search(text)):
        return []
    # "the largest and smallest hospitals enrolled 31 and 6 patients", "enrolled 2 and 40 patients in the first and
    # last month": some units or some months, not the arms.
    found = [m for m in _RX.CLUSTER_ENROLLED_BARE.finditer(text)
             if not _RX.CLUSTER_BARE_SUBSET_LEAD.search(text[max(0, m.start() - 60):m.start()])
             and not _RX.CLUSTER_BARE_SUBSET_TAIL.match(text, m.end())]
    if len(found) != 1:
        return []
    m = found[0]
    return [(parse_count(m.group(n)), m.start(n), m.end(n)) for n in ("n1", "n2")]


def _allocation_order(text: str, arms: list[dict]) -> list[dict] | None:
    """Arms in the order the text first names them ("(intervention hospitals) or ... (control hospitals)"); None
    when an arm's name is not in the text or two are first named at one place."""
    firsts = []
    for a in arms:
        m = re.search(rf"(?<![\w\-]){re.escape(a.get('label') or '')}(?![\w\-])", text, re.I)
        if not a.get("label") or m is None:
            return None
        firsts.append(m.start())
    if len(set(firsts)) != len(firsts):
        return None
    return [a for _, a in sorted(zip(firsts, arms), key=lambda p: p[0])]


def _third_side(text: str, enrolled: list[tuple[str, int, int, int]]) -> bool:
    """Whether the text names a side of its units that neither enrolment side is ("(wound-care hospitals)" beside
    programme and usual-care hospitals): a trial of three sides, whose two-arm reading would give the third's
    values to one of the two."""
    sides = {tuple(label.lower().split()[-2:]) for label, *_ in enrolled}
    for m in _RX.CLUSTER_SIDE_NAME.finditer(text):
        word, unit = (m.group("m"), m.group("u")) if m.group("m") else (m.group("m2"), m.group("u2"))
        if (word.lower(), unit.lower()) not in sides:
            return True
    return False


def _add_cluster_arms(text: str, sentences: list[tuple[int, int]], arms: list[dict],
                      enrolled: list[tuple[str, int, int, int]]) -> list[str]:
    """The sides of a cluster trial's enrolment ("Programme hospitals enrolled 188 patients and usual-care
    hospitals 172") the inventory lacks, added as arms (in place; returns flags) where it holds fewer than two and
    the text names each missing side outside that sentence too ("... (programme hospitals) or to continue usual
    care"). Sure or nothing: of the two sides exactly one is the control, known by the arm that holds it or by its
    own words; a side named by neither ("programme hospitals" beside "usual-care hospitals") is the treated one."""
    base = [a for a in arms if not a.get("members")]
    known = {squash(a["label"]): a for a in base}
    if any(k not in {squash(label) for label, *_ in enrolled} for k in known) or _third_side(text, enrolled):
        return []
    roles = [known[squash(label)].get("role") if squash(label) in known else role_of(label, False)
             for label, *_ in enrolled]
    if roles.count("control") != 1:
        return []
    s0, s1 = _sentence_of(sentences, enrolled[0][2])
    added = []
    for (label, _, _, _), role in zip(enrolled, roles):
        if squash(label) in known:
            continue
        said = next((m for m in re.finditer(rf"(?<![\w\-]){re.escape(label)}(?![\w\-])", text, re.I)
                     if not s0 <= m.start() < s1), None)
        if said is None:
            return []
        # Named as the text goes on naming it ("programme hospitals", not the sentence-initial "Programme").
        added.append({"label": said.group(), "role": role or "intervention", "cell_type": None, "n_patients": None,
                      "n_limbs": None, "description": None, "routes": [], "n_evidence": None, "source": "cluster",
                      "evidence": _evidence(text, sentences, (said.start(), said.end()), 0.6)})
    arms.extend(added)
    return ["arm_from_cluster_enrolment"] if added else []


def _people_allocated(text: str, sentences: list[tuple[int, int]], unit: int) -> bool:
    """Whether the units at ``unit`` are only where the people allocated came from, in a text that never says it
    is a cluster trial: "Forty patients recruited at four hospitals were randomly allocated, 20 per arm" sizes
    patient arms; "Fourteen hospitals were randomly allocated, seven per arm" counts units."""
    s0, _ = _sentence_of(sentences, unit)
    return not _RX.CLUSTER_DESIGN.search(text) and bool(_RX.PEOPLE_AT_UNITS.search(text[s0:unit]))


def _enrolment_overrides(text: str, arm: dict, n: int) -> bool:
    """Whether an enrolment count ``n`` of the arm's units replaces the arm's size: where it has none, or one below
    ``n`` (a subset) that is no bracketed allocation size ("(n = 124)", "(124 patients)")."""
    have = arm.get("n_patients")
    if have is None:
        return True
    if have >= n:
        return False
    ev = arm.get("n_evidence") or {}
    start = ev.get("start")
    return not (isinstance(start, int) and _RX.BRACKET_SIZE_LEAD.search(text[max(0, start - 12):start]))


def cluster_unit_counts(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of a cluster trial's units per arm ("Sixteen hospitals were cluster-randomised (eight per arm)"):
    counts of sites, never an arm's patients."""
    return [(m.start("k"), m.end("k")) for m in _RX.CLUSTER_PER_ARM.finditer(text)
            if not _people_allocated(text, sentences, m.start())]


def cluster_sizes(text: str, sentences: list[tuple[int, int]], arms: list[dict], statistics: list[dict]) -> list[str]:
    """A cluster trial's arm sizes (in place; returns flags). A size read from the units each arm has ("Sixteen
    hospitals were cluster-randomised (eight per arm)") is no patient count and goes. Where the text gives the
    patients the units enrolled (``cluster_enrolment``), each arm so named takes its count where it has no size or a
    smaller one that no allocation bracket states (``_enrolment_overrides``); a bare enrolment
    (``cluster_enrolment_bare``) fills only arms without a size; of two arms, one named
    by its units and the other by its treatment ("BMAC", the learned inventory's name), the other is the second
    units' arm: it takes their name (the results go by it) and count, its own name its description. An inventory of
    fewer than two arms first takes the sides it lacks (``_add_cluster_arms``)."""
    flags = []
    per_arm = cluster_unit_counts(text, sentences)
    base = [a for a in arms if not a.get("members")]
    for a in base:
        ev = a.get("n_evidence") or {}
        if a.get("n_patients") is not None and any(s <= ev.get("start", -1) < e for s, e in per_arm):
            a["n_patients"], a["n_evidence"] = None, None
            flags.append("arm_size_cluster_count")
    enrolled = cluster_enrolment(text)
    bare = [] if enrolled else cluster_enrolment_bare(text)
    if bare and len(base) == 2:
        # "The centres enrolled 156 and 149 patients": the arms' sizes in the order they were allocated.
        ordered = _allocation_order(text, base)
        if ordered is not None and {a.get("role") == "control" for a in ordered} == {True, False}:
            for a, (n, s, e) in zip(ordered, bare):
                # Only an arm still without a size: a size the text states outweighs an order read from this.
                if a.get("n_patients") is None:
                    a["n_patients"], a["n_evidence"] = n, _evidence(text, sentences, (s, e), 0.7)
                    a.setdefault("size_from", {})["n_patients"] = "cluster_enrolment"
                    flags.append("arm_size_cluster_enrolment")
        return sorted(set(flags))
    if enrolled and len(base) < 2:
        flags.extend(_add_cluster_arms(text, sentences, arms, enrolled))
        base = [a for a in arms if not a.get("members")]
    if not enrolled or len(base) != 2:
        return flags
    named = {squash(label): (label, n, s, e) for label, n, s, e in enrolled}
    own = {id(a): named.get(squash(a["label"])) for a in base}
    if sum(v is not None for v in own.values()) == 1:
        known = next(a for a in base if own[id(a)] is not None)
        other = next(a for a in base if own[id(a)] is None)
        side = next(v for k, v in named.items() if v is not own[id(known)])
        if (other.get("role") == "control") == (known.get("role") == "control"):
            return flags
        _relabel(other, side[0], statistics)
        own[id(other)] = side
        flags.append("arm_named_by_clusters")
    if any(v is None for v in own.values()):
        return flags
    for a in base:
        label, n, s, e = own[id(a)]
        if _enrolment_overrides(text, a, n):
            # The patients the arm's own units enrolled outweigh a size read elsewhere ("151 pathway patients
            # received cells" is a subset; "(eight per arm)" counts units).
            a["n_patients"], a["n_evidence"] = n, _evidence(text, sentences, (s, e), 0.7)
            a.setdefault("size_from", {})["n_patients"] = "cluster_enrolment"
            flags.append("arm_size_cluster_enrolment")
    return sorted(set(flags))


def cohort_comparison(text: str, sentences: list[tuple[int, int]]) -> tuple[dict, dict] | None:
    """The treated cohort and the comparison cohort of "41 consecutive patients (46 limbs) received X. Outcomes
    were compared with a propensity-matched cohort of 41 patients (44 limbs) treated with Y": each as {unit: (n,
    span)}. The treated count leads the comparison's sentence or the one before it; one comparison only."""
    found = []
    for i, (s0, s1) in enumerate(sentences):
        c = _RX.COMPARED_COHORT.search(text, s0, s1)
        if not c:
            continue
        # The treated cohort is introduced once, up to three sentences before ("Twenty-eight consecutive patients
        # received X. Outcomes were compared with ... Results: ... Compared with 35 historical controls, ...").
        lo = sentences[max(i - 3, 0)][0]
        treated = [m for m in _RX.TREATED_COHORT.finditer(text, lo, c.start())]
        if len(treated) != 1:
            continue
        t = treated[0]
        sides = []
        for m, noun in ((t, "patients"), (c, c.group("noun"))):
            side = {_unit(noun): (parse_count(m.group("n")), (m.start("n"), m.end("n")))}
            if m.group("l"):
                side["n_limbs"] = (parse_count(m.group("l")), (m.start("l"), m.end("l")))
            sides.append(side)
        found.append(tuple(sides))
    return found[0] if len(found) == 1 else None


def late_sizes(text: str, sentences: list[tuple[int, int]], arms: list[dict], n_total: int | None,
               total_span: tuple[int, int] | None = None) -> list[str]:
    """Sizes the earlier classes cannot give, over the settled arms (in place; returns flags):

    - a within-patient design: every arm is the patients' limbs, one each (``n_limbs`` = ``n_patients`` = the
      number of patients: every patient is in both arms; the golds from blind21 on say so, older ones leave
      ``n_patients`` empty);
    - a treated cohort compared with another one in the next sentence (historical, matched controls): the two
      counts fill the intervention and the control arm where they have no size;
    - arms the learned inventory added after the sizes were read: named and labelled sizes fill them, kept only
      when all arms then add up to the stated total (or stay under it when some arm has none);
    - a "respectively" list of counts whose items the arms named with it take in turn (``respective_sizes``).
    """
    base = [a for a in arms if not a.get("members")]
    if not base:
        return []
    flags: list[str] = []
    if n_total and len(base) <= 2 and all(a.get("role") != "single" for a in base) and within_patient(text, sentences):
        # One size every arm already has ("(treated limbs, n = 18) ... (control limbs, n = 18)") is the patients'
        # number; a total summed from those sizes is not.
        own = {a.get("n_patients") or a.get("n_limbs") for a in base}
        if any(subset_size(text, a) for a in base):
            # "Of the 11 treated and 6 control limbs with ulcers": a subset, never an arm's size (nor the total
            # minus one): every limb arm holds the enrolled patients.
            own = {None}
        if len(base) == 2 and None not in own and len(own) == 2 and sum(own) == n_total:
            # Two sizes that differ, the total their sum: no patient count to give both limbs (null beats 24 on both
            # arms of a 15-patient study whose "9 treated and 8 control legs" the rules read as a size).
            return []
        n_total = own.pop() if len(base) == 2 and len(own) == 1 and None not in own else n_total
        for a in base:
            a["n_limbs"] = a["n_patients"] = n_total
            a["n_evidence"] = _evidence(text, sentences, total_span, 0.5) if total_span else None
            a.setdefault("size_from", {})["n_limbs"] = "within_patient"
        return ["arm_size_within_patient"]
    if all(a.get("n_patients") is None for a in base):
        # "Group sizes were 31, 30 and 29": read again over the settled arms (the rules' inventory had more).
        said = [c for c in size_list_claims(text, [a["label"] for a in base]) if c.unit == "n_patients"]
        if len(said) == len(base) and (not n_total or sum(c.n for c in said) == n_total):
            by_label = {c.arm: c for c in said}
            for a in base:
                c = by_label[a["label"]]
                a["n_patients"] = c.n
                a["n_evidence"] = _evidence(text, sentences, (c.start, c.end), 0.6)
                a.setdefault("size_from", {})["n_patients"] = "size_list"
            flags.append("arm_size_size_list")
    controls = [a for a in base if a.get("role") == "control"]
    active = [a for a in base if a.get("role") in {"intervention", "active_comparator"}]
    if len(base) == 2 and len(controls) == 1 and len(active) == 1:
        pair = cohort_comparison(text, sentences)
        if pair is not None and _cohorts_fit(pair, n_total):
            for arm, side in zip((active[0], controls[0]), pair):
                for unit, (n, span) in side.items():
                    if arm.get(unit) is None and n:
                        arm[unit] = n
                        if unit == "n_patients":
                            arm["n_evidence"] = _evidence(text, sentences, span, 0.6)
                        arm.setdefault("size_from", {})[unit] = "compared_cohort"
                        flags.append("arm_size_compared_cohort")
    missing = [a for a in base if a.get("n_patients") is None and a.get("source") == "candidates"]
    if missing and len(base) >= 2:
        flags.extend(_fill_added(text, sentences, base, missing, n_total))
    flags.extend(respective_sizes(text, sentences, base, n_total))
    flags.extend(_late_equal_split(text, sentences, base, n_total, total_span))
    flags.extend(_late_groups_of(text, sentences, base, n_total))
    return sorted(set(flags))


def _respective_lists(text: str, sentences: list[tuple[int, int]], base: list[dict]
                      ) -> list[tuple[list[str], str, list[tuple[int, int, int]], bool]]:
    """(arm labels in the order the sentence names them, unit, the counts (n, start, end), whether the list's own
    predicate allocates) of each sentence that lists as many counts of patients or limbs as it names arms and says
    "respectively": "Thirty, 29 and 31 patients were randomised to the low-dose, high-dose and placebo groups,
    respectively" (allocates), "comprising 21 and 20 patients" (composes). Not a list some other verb follows
    ("3 and 9 patients randomised to A and B, respectively, were lost to follow-up", "28 and 27 patients who
    received A and B": events, completers), nor a composition in a sentence of events."""
    if not _RX.RESPECTIVELY.search(text):
        return []  # the inventory and its mentions cost more than the whole reader
    inventory = build_inventory(text, base)
    key_to_label = {inv.key: a["label"] for inv, a in zip(inventory, base)}
    mentions = [(m.start, key_to_label[m.arm], m.generic) for m in find_mentions(text, inventory)
                if m.arm in key_to_label]
    out = []
    for s0, s1 in sentences:
        if not _RX.RESPECTIVELY.search(text, s0, s1):
            continue
        lists = list(_RX.RESPECTIVE_LIST.finditer(text, s0, s1))
        if len(lists) != 1:
            continue  # two lists (sizes and completers): which one the arms take is not said here
        m = lists[0]
        allocates = bool(_RX.LIST_ALLOCATED.match(text, m.end(), s1))
        composes = _RX.LIST_COMPOSES.search(text, max(s0, m.start() - 40), m.start())
        if not allocates and (not composes or _RX.EVENT.search(text, s0, s1)):
            continue
        counts = [(parse_count(c.group()), m.start("list") + c.start(), m.start("list") + c.end())
                  for c in re.finditer(COUNT, m.group("list"))]
        named = [(pos, label, generic) for pos, label, generic in sorted(mentions)
                 if s0 <= pos < s1 and not m.start() <= pos < m.end()]
        order = list(dict.fromkeys(label for _, label, generic in named if not generic))
        if len(order) != len(counts):
            # "... despite standard care were allocated to SVF or to HBOT": a role word outside the arms' list
            # would reorder them, so the arms' own names set the order where they name as many arms as counts.
            order = list(dict.fromkeys(label for _, label, _ in named))
        if len(order) == len(counts) and all(n for n, _, _ in counts):
            out.append((order, "n_limbs" if m.group("limb") else "n_patients", counts, allocates))
    return out


def respective_sizes(text: str, sentences: list[tuple[int, int]], base: list[dict], n_total: int | None) -> list[str]:
    """Sizes of the arms still open from a "respectively" list (``_respective_lists``), in place: every listed arm
    takes its count in turn. Kept only where the arms the list sizes already agree with it and the arms' sizes
    then stay within the stated total (make it, every arm sized); a list naming every arm whose own verb allocates
    outweighs a stated total it exceeds (a total read from a subgroup or an event count), which
    ``stages._total_from_arms`` then corrects. A list the groups "comprised" (no allocating verb) may be a subgroup
    ("included 14 and 12 male patients"): kept only where it sizes every arm and makes the stated total of
    patients. Returns flags."""
    flags: list[str] = []
    for order, unit, counts, allocates in _respective_lists(text, sentences, base):
        arms = {a["label"]: a for a in base}
        picks = {label: c for label, c in zip(order, counts) if arms[label].get(unit) is None}
        if not picks or any(arms[label].get(unit) not in (None, c[0]) for label, c in zip(order, counts)):
            continue
        if unit == "n_patients" and any(arms[label].get("n_limbs") is not None for label in picks):
            continue
        sizes = [picks[a["label"]][0] if a["label"] in picks else a.get(unit) for a in base]
        known = [n for n in sizes if n is not None]
        whole = len(order) == len(base) and None not in sizes
        if not allocates and not (unit == "n_patients" and whole and n_total and sum(known) == n_total):
            continue
        overrides = allocates and whole and n_total and sum(known) > n_total
        if unit == "n_patients" and n_total and not overrides and (
                sum(known) > n_total or (whole and sum(known) != n_total)):
            continue
        for label, (n, start, end) in picks.items():
            arms[label][unit] = n
            if unit == "n_patients":
                arms[label]["n_evidence"] = _evidence(text, sentences, (start, end), 0.6)
            arms[label].setdefault("size_from", {})[unit] = "respectively"
        flags.append("arm_size_respectively")
    return flags


def _named_at(text: str, pos: int, names: dict[str, list[str]], before: bool) -> str | None:
    """The arm whose name (longest first) starts at ``pos`` (``before``: ends at ``pos``, or up to NAME_TO_COUNT's
    few words before it), as a whole word."""
    found = []
    for label, aliases in names.items():
        for alias in aliases:
            if len(alias) < 3:
                continue
            if before:
                for m in re.finditer(rf"(?<![\w\-]){re.escape(alias)}(?![\w\-])", text[max(0, pos - 60 - len(alias)):pos], re.I):
                    if _RX.NAME_TO_COUNT.match(text[max(0, pos - 60 - len(alias)) + m.end():pos]):
                        found.append((len(alias), label))
            elif re.match(rf"{re.escape(alias)}(?![\w\-])", text[pos:pos + len(alias) + 1], re.I):
                found.append((len(alias), label))
    longest = max((n for n, _ in found), default=0)
    labels = {label for n, label in found if n == longest}
    return labels.pop() if len(labels) == 1 else None


def limb_sizes(text: str, sentences: list[tuple[int, int]], arms: list[dict], n_total: int | None = None) -> list[str]:
    """Limbs of each arm where the text counts them per arm ("25 limbs in the BM-MNC group and 23 limbs in the sham
    group", "20 limbs of 15 patients in the BMMNC arm", "BM-MNC (21 patients, 27 limbs) or best medical therapy (20
    patients, 25 limbs)", "the control group 24 patients (27 limbs)"), in place; returns flags.

    Only where no arm has limbs yet, and only all arms or none: each arm named with one limb count, no two arms
    with one count, and each count checked against the arm's patients (its own or those the wording gives), at
    least one and at most two limbs a patient; so an event count ("amputation in 3 limbs in the control group")
    is no size. A patient count given with the limbs fills an arm that has none; where the wording gives every arm
    patients, they make at least the stated total (``n_total``; more says the total was misread, and
    ``stages._total_from_arms`` corrects it), so a subgroup's ("Rutherford 5 in BM-MNC, 12 patients (14 limbs)") is
    no size."""
    base = [a for a in arms if not a.get("members")]
    if len(base) < 2 or any(a.get("n_limbs") is not None for a in base) or not re.search(_RX.LIMB, text, re.I):
        return []
    names = size_aliases(text, base)
    found: dict[str, set[tuple[int, int | None, int, int]]] = {a["label"]: set() for a in base}
    events = [(s0, s1) for s0, s1 in sentences if _RX.LIMB_EVENT.search(text, s0, s1)]

    def of_events(pos: int) -> bool:
        """The count stands in a sentence that reports an outcome ("healing occurred in 24 limbs in ...")."""
        return any(s0 <= pos < s1 for s0, s1 in events)

    for m in _RX.LIMBS_IN_ARM.finditer(text):
        label = _named_at(text, m.end(), names, before=False)
        if label and not of_events(m.start()) and not re.search(r"(?:\bof|/)\s*$", text[max(0, m.start() - 4):m.start()], re.I):
            found[label].add((parse_count(m.group("l")), parse_count(m.group("n")) if m.group("n") else None,
                              m.start(), m.end()))
    for m in _RX.PATIENTS_LIMBS.finditer(text):
        label = _named_at(text, m.start(), names, before=True)
        if label and not of_events(m.start()):
            found[label].add((parse_count(m.group("l")), parse_count(m.group("n")), m.start(), m.end()))
    picks = {}
    for a in base:
        values = {(l, n) for l, n, _, _ in found[a["label"]]}
        if len(values) != 1:
            return []
        (limbs, n), = values
        patients = a.get("n_patients") if a.get("n_patients") is not None else n
        if not limbs or patients is None or (n is not None and n != patients) or not patients <= limbs <= 2 * patients:
            return []
        picks[a["label"]] = (limbs, n, next((s, e) for l, _, s, e in found[a["label"]]))
    if len({p[2] for p in picks.values()}) < len(picks):
        return []
    stated = [n for _, n, _ in picks.values()]
    if n_total and all(n is not None for n in stated) and sum(stated) < n_total:
        return []
    for a in base:
        limbs, n, span = picks[a["label"]]
        a["n_limbs"] = limbs
        a.setdefault("size_from", {})["n_limbs"] = "limb_count"
        if a.get("n_patients") is None and n is not None:
            a["n_patients"] = n
            a["n_evidence"] = _evidence(text, sentences, span, 0.6)
            a["size_from"]["n_patients"] = "limb_count"
    return ["arm_size_limb_count"]


def _late_equal_split(text: str, sentences: list[tuple[int, int]], base: list[dict], n_total: int | None,
                      total_span: tuple[int, int] | None) -> list[str]:
    """"Ninety patients were randomly allocated in equal numbers to three groups", "1:1:1": the total split
    evenly over the settled arms when none has a size. ``complete_sizes`` tried the split over the rules' arms,
    whose count may differ (an arm the learned inventory dropped or added); only an even split, as the arms'
    order cannot matter then."""
    if not n_total or len(base) < 2 or any(a.get("n_patients") is not None for a in base) \
            or any(a.get("n_limbs") is not None for a in base):
        return []
    sizes = ratio_sizes(text, sentences, len(base), n_total)
    if not sizes or len(set(sizes)) != 1:
        return []
    for a in base:
        a["n_patients"] = sizes[0]
        a["n_evidence"] = _evidence(text, sentences, total_span, 0.5) if total_span else None
        a.setdefault("size_from", {})["n_patients"] = "ratio"
    return ["arm_size_ratio_settled_arms"]


def groups_of(text: str, sentences: list[tuple[int, int]], n_arms: int) -> list[tuple[int, int, int]]:
    """(n, start, end) of "three sequential cohorts of six (patients)" where the groups said are ``n_arms``: one
    size for every arm."""
    out = []
    for m in _RX.K_GROUPS_OF.finditer(text):
        if parse_count(m.group("k")) != n_arms:
            # "three cohorts of six" over two arms found: the cohorts are not these arms.
            continue
        s0, s1 = _sentence_of(sentences, m.start())
        if _RX.EVENT.search(text[s0:m.start()]) and not _RX.ALLOCATION.search(text[s0:m.start()]):
            continue
        n = parse_count(m.group("n"))
        if n:
            out.append((n, m.start("n"), m.end("n")))
    return out


def _late_groups_of(text: str, sentences: list[tuple[int, int]], base: list[dict], n_total: int | None) -> list[str]:
    """"Three sequential cohorts of six": the settled arms without a size take the one size of each group, when
    exactly one such size is said, the arms already sized have it, and the groups add up to a stated total. Read
    after the learned inventory (the dose cohorts it keeps), so the arm model's inputs do not depend on it."""
    open_arms = [a for a in base if a.get("n_patients") is None and a.get("n_limbs") is None]
    said = groups_of(text, sentences, len(base)) if open_arms and len(base) >= 2 else []
    if len({n for n, _, _ in said}) != 1:
        return []
    n, s, e = said[0]
    if any(a.get("n_patients") not in (None, n) for a in base) or (n_total and n * len(base) != n_total):
        return []
    for a in open_arms:
        a["n_patients"] = n
        a["n_evidence"] = _evidence(text, sentences, (s, e), 0.6)
        a.setdefault("size_from", {})["n_patients"] = "groups_of"
    return ["arm_size_groups_of"]


def _cohorts_fit(pair: tuple[dict, dict], n_total: int | None) -> bool:
    """A stated total is one cohort's count or both together; else the reading is not of these cohorts."""
    if not n_total:
        return True
    a, b = (side.get("n_patients", (None,))[0] for side in pair)
    return n_total in {a, b, (a or 0) + (b or 0)}


def _fill_added(text: str, sentences: list[tuple[int, int]], base: list[dict], missing: list[dict],
                n_total: int | None) -> list[str]:
    aliases = size_aliases(text, base)
    claims = [c for c in (*named_counts(text, sentences, aliases), *labelled_sizes(text, sentences, aliases))
              if c.unit == "n_patients" and c.how != "named_subset"]
    picks: dict[int, Claim] = {}
    for a in missing:
        mine = {c.n: c for c in claims if c.arm == a["label"]}
        if len(mine) == 1:
            picks[id(a)] = next(iter(mine.values()))
    if not picks:
        return []
    sizes = [picks[id(a)].n if id(a) in picks else a.get("n_patients") for a in base]
    known = [s for s in sizes if s is not None]
    if n_total and (sum(known) > n_total or (len(known) == len(base) and sum(known) != n_total)):
        return []
    for a in missing:
        c = picks.get(id(a))
        if c is not None:
            a["n_patients"] = c.n
            a["n_evidence"] = _evidence(text, sentences, (c.start, c.end), 0.6)
            a.setdefault("size_from", {})["n_patients"] = c.how
    return ["arm_size_added_arm"]
