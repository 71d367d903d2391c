"""One general reader of an allocation sentence's list of arms.

An allocation sentence that states k arms ("randomised into three groups: G1, SVF mixed with PRP (n = 21); G2,
PRP alone (n = 21); and G3, standard dressings (n = 21)"; "to REX-308 at 0.5, 1 or 2 × 10^6 cells/kg (low-dose,
mid-dose and high-dose arms) or to vehicle placebo (placebo arm), 20 per arm") is split into k items by its own
list structure: code anchors ("G1,", "Arm I:", "Group A -") or a parallel bracket list of labels matched in order
to the descriptions before it. Each item has a label (the code or bracket label), a description, a dose and a
size. The reader gives items only where the count check confirms them (k items = k stated, sizes that add up to
the total); otherwise nothing (null beats a guess). Pure functions over text; ``arm_sizes.add_allocation_arms``
makes arms of the items.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from stemfoot.extract.arm_lists import ALLOCATING, mask_brackets
from stemfoot.extract.numbers import parse_count

#: "three groups", "4 arms" said in the sentence.
STATED = re.compile(r"(?<![\w\-/.])(?P<k>two|three|four|five|six|[2-6])\s+(?:(?:parallel|treatment|study|dose)\s+)?"
                    r"(?:arms|groups|cohorts)\b", re.I)
#: A word a number after it labels ("Dose 3", "Level 2"), or a list of such numbers ends at it ("levels 2 and 4
#: groups", "doses 1, 2 or 3"): that number states no count of arms.
NUMBERED_BEFORE = re.compile(r"\b(?:doses?|levels?|cohorts?|groups?|arms?|steps?|phases?|stages?)\s+"
                             r"(?:\d{1,2}\s*(?:,\s*\d{1,2}\s*)*,?\s*(?:and|or)\s+)?$", re.I)
#: A code that names an arm: G1, Group A, Arm I, Arm 2, Cohort B.
CODE = r"(?:G\d|(?:[Gg]roup|[Aa]rm|[Cc]ohort)\s+(?:\d|[A-F]|[IV]{1,3})(?![\w\-]))"
#: A code opening an item: "G1, ...", "Arm I: ...", "group A - ..." (after a list start or separator).
CODE_ANCHOR = re.compile(r"(?:^|(?<=[:;,]\s)|(?<=\band\s)|(?<=[:;(]))\s*(?P<code>" + CODE + r")\s*(?P<size>\([^()]*\)\s*)?"
                         r"(?:[,:=]|\s[\-\u2013\u2014])\s*")
#: A size in an item's bracket: "(n = 21)", "(21 patients)", "(n=21, 35 limbs)"; not "(n = 24 ulcers)", a count of
#: other units than patients, nor "(2 patients withdrew)", "(3 patients with prior amputation)", a count of some.
ITEM_SIZE = re.compile(r"\(\s*(?:[nN]\s*=\s*(?P<n>\d{1,4})(?!\d)(?!\s*(?:ulcers?|limbs?|legs?|feet|foot|wounds?|lesions?|"
                       r"eyes?|toes?|digits?|sites?|injections?)\b)|(?P<m>\d{1,4})\s+(?:patients|participants|subjects)\s*(?=[,;)]))"
                       r"[^()]*\)", re.I)
#: A bracket of arm labels: "(low-dose, mid-dose and high-dose arms)", "(placebo arm)", "(the X group)", with a
#: size list for them after a semicolon: "(Dose 1, Dose 2 and Dose 3 groups; n = 25, 26 and 24)".
LABEL_BRACKET = re.compile(r"\(\s*(?:the\s+)?(?P<list>[^()]{1,80}?)\s+(?P<head>arms?|groups?|cohorts?)"
                           r"(?:\s*;\s*n\s*=\s*(?P<sizes>\d{1,4}(?:\s*,\s*\d{1,4})*(?:,?\s+and\s+\d{1,4})?))?\s*\)", re.I)
#: A bracket naming numbered arms under one head, with a size each or for its one arm: "(cohorts 1, 2 and 3; n = 25
#: each)", "(groups A and B, n = 20 per group)", "(cohort 4; n = 25)". Tags as ``arm_inventory``'s SHARED_HEAD.
_TAG = r"(?:[A-D]|I{1,3}|IV|[1-9])"
HEAD_BRACKET = re.compile(r"\(\s*(?P<head>arms?|groups?|cohorts?)\s+(?P<tags>" + _TAG + r"(?:\s*,\s*" + _TAG + r")*"
                          r"(?:\s*,?\s*(?:and|or)\s+" + _TAG + r")?)\s*(?:[;,]\s*n\s*=\s*(?P<n>\d{1,4})"
                          r"(?P<each>\s*(?:each|per\s+(?:arm|group|cohort)|in\s+each))?)?\s*\)", re.I)
#: List separators outside brackets.
SEPARATOR = re.compile(r"\s*(?:;|,)\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+", re.I)
#: A dose: "0.5 × 10^6", "1 x 10^7 cells/kg", "2 mg/kg", "40 mL".
DOSE = re.compile(r"(?<![\w\-.^])(?P<num>\d+(?:\.\d+)?)(?:\s*(?:×|x|\*)\s*10\s*\^?\s*(?P<exp>\d{1,2}))?"
                  r"(?P<unit>\s*(?:cells?(?:/kg)?|MNCs?|mg(?:/kg)?|mL|ml|µg|ug|IU)(?![\w]))?")
#: Per-arm size said: "20 per arm", "20 patients per arm", "25 in each group".
PER_ARM = re.compile(r"(?<![\w.])(?P<n>\d{1,4}|ten|twelve|fifteen|twenty|thirty|forty|fifty)\s+(?:(?:patients|participants|"
                     r"subjects)\s+)?(?:per|in\s+each|each)\s+(?:arm|group|cohort)\b", re.I)
#: A list that sorts patients by a feature ("divided according to diabetes duration: G1, under 10 years (n = 28); G2,
#: ..."): strata, whose sizes add up to the total as arms' would. Not a randomisation scheme ("according to a
#: computer-generated sequence", "based on the order of admission") and not the stratum of a stratified randomisation.
CLASSIFIED = re.compile(r"(?<!stratified\s)\b(?:according\s+to|based\s+on|depending\s+on|in\s+terms\s+of)\s+(?!(?:(?:a|an|the|"
                        r"their|its)\s+)?(?:computer\w*|random\w*|block\w*|sequen\w*|lists?|tables?|envelopes?|sealed|"
                        r"schedules?|order|protocol|plan|allocation|minimi[sz]\w*|date|admission|registration|enrol\w*|"
                        r"record|chart|hospital|odd|even|number)\b)", re.I)
#: A result in an item's description ("G1, 13 of 18 (n = 18); G2, 9 of 19"): a results list, not an allocation.
RESULT = re.compile(r"\d\s*(?:/|of\s)\s*\d|%|±|\+/-|\b[Pp]\s*[<=>≤]")
#: Words that lead an item and say nothing of it.
LEAD = re.compile(r"^(?:(?:and|or|either|to|into|receive|receiving|the|a|an)\s+)+", re.I)
MIN_ITEMS, MAX_ITEMS = 2, 6


@dataclass(frozen=True)
class AllocItem:
    """One arm of an allocation list: label (a code, a bracket label, or the description), description, dose,
    size (None where the sentence gives none) and where the item stands."""

    label: str
    description: str
    dose: str | None
    n: int | None
    start: int
    end: int


def _mask(text: str) -> str:
    """Bracket insides blanked (offsets kept), one level of nesting too, so separators inside a bracket split
    nothing."""
    return mask_brackets(mask_brackets(text))


def _clean(s: str) -> str:
    s = LEAD.sub("", s.strip(" ,;:.")).strip(" ,;:.")
    s = re.sub(r"^of\s+", "", s)
    return re.sub(r"\s+", " ", s)


def stated_count(sentence: str) -> int | None:
    """The number of arms the sentence states ("into three groups"), None if none or more than one. A numbered
    label's number is no count ("Dose 1, Dose 2 and Dose 3 groups" states no three groups)."""
    ks = {parse_count(m.group("k")) for m in STATED.finditer(sentence)
          if not NUMBERED_BEFORE.search(sentence, 0, m.start())}
    return ks.pop() if len(ks) == 1 else None


def _dose(s: str) -> str | None:
    m = None
    for m in DOSE.finditer(s):
        if m.group("exp") or m.group("unit"):
            return m.group().strip()
    return m.group().strip() if m else None


def coded_items(text: str, s0: int, s1: int) -> list[AllocItem]:
    """Items of a code-first list: "three groups: G1, SVF with PRP (n = 21); G2, PRP alone (n = 21); and G3,
    standard dressings (n = 21)" (anchors at each code, in order, each code once)."""
    sent = text[s0:s1]
    verb = ALLOCATING.search(sent)
    if not verb:
        return []
    colon = _mask(sent).find(":", verb.end())
    close = len(sent)
    if colon < 0:
        # "into three arms (Arm I, BM-MNC; Arm II, PB-MNC; Arm III, standard care)": the list is a bracket's.
        bracket = re.compile(r"\(\s*" + CODE + r"\s*(?:[,:=]|\s[\-\u2013\u2014])").search(sent, verb.end())
        if not bracket:
            return []
        depth, close = 0, -1
        for j in range(bracket.start(), len(sent)):
            depth += {"(": 1, ")": -1}.get(sent[j], 0)
            if depth == 0:
                close = j
                break
        if close < 0:
            return []
        colon = bracket.start()
    body = sent[colon + 1:close]
    masked = _mask(body)
    anchors = list(CODE_ANCHOR.finditer(masked))
    if not (MIN_ITEMS <= len(anchors) <= MAX_ITEMS) or anchors[0].start() > 2:
        return []
    codes = [body[m.start("code"):m.end("code")] for m in anchors]
    if len({c.lower() for c in codes}) != len(codes):
        return []
    items = []
    for i, m in enumerate(anchors):
        end = anchors[i + 1].start() if i + 1 < len(anchors) else len(body.rstrip(" ."))
        raw = body[m.end():end]
        size = ITEM_SIZE.search(raw)
        # a count bracket that is no patient size ("(n = 24 ulcers)") is no part of the description either
        desc = _clean(raw[:size.start()] if size else re.sub(r"\s*\(\s*n\s*=[^()]*\)$", "", raw.rstrip(" ,;."), flags=re.I))
        if size is None and m.group("size"):
            # "G1 (n = 21): SVF with PRP": the size between code and description.
            size = ITEM_SIZE.match(body[m.start("size"):m.end("size")].strip())
        n = int(size.group("n") or size.group("m")) if size else None
        desc = re.sub(r"[,;]?\s*(?:and|or)$", "", desc).strip(" ,;")
        if not desc or len(desc.split()) > 12:
            return []
        a = s0 + colon + 1 + m.start("code")
        items.append(AllocItem(codes[i], desc, _dose(desc), n, a, s0 + colon + 1 + end))
    return items


def _labels(inside: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", inside) if p.strip()]
    # "(20 per group)", "(n = 20 each)" are sizes, not labels ("25M arm" is a label).
    bad = re.compile(r"^\d+$|\b(?:per|each|n\s*=)\b|=", re.I)
    return parts if all(1 <= len(p.split()) <= 3 and not bad.search(p) for p in parts) else []


def bracket_sizes(listed: str | None) -> list[int]:
    """The sizes of a label bracket's size list, in order ("25, 26 and 24" -> [25, 26, 24]); [] for none."""
    return [int(n) for n in re.findall(r"\d+", listed)] if listed else []


def bracket_labels(b: re.Match[str]) -> tuple[list[str], list[int]]:
    """A label bracket's labels and sizes: "(low-dose and high-dose arms; n = 25 and 24)" as written; "(cohorts 1, 2
    and 3; n = 25 each)" spelled out one arm per tag ("cohort 1", …), each of the size said; a size without "each"
    sizes a bracket of one arm only."""
    if b.re is not HEAD_BRACKET:
        return _labels(b.group("list")), bracket_sizes(b.group("sizes"))
    head = b.group("head").lower().rstrip("s")
    labels = [f"{head} {t}" for t in re.findall(r"(?<![\w\-])" + _TAG + r"(?![\w\-])", b.group("tags"), re.I)]
    if not b.group("n"):
        return labels, []
    if b.group("each") or len(labels) == 1:
        return labels, [int(b.group("n"))] * len(labels)
    return [], []


def bracket_items(text: str, s0: int, s1: int) -> list[AllocItem]:
    """Items of a parallel bracket list: "to X at 0.5, 1 or 2 × 10^6 cells/kg (low-dose, mid-dose and high-dose
    arms) or to vehicle placebo (placebo arm)": each bracket's m labels matched in order to the m descriptions
    before it (back to the last bracket or the allocation verb)."""
    sent = text[s0:s1]
    verb = ALLOCATING.search(sent)
    if not verb:
        return []
    masked = _mask(sent)
    brackets = sorted([*(m for m in LABEL_BRACKET.finditer(sent) if m.start() > verb.end() and _labels(m.group("list"))),
                       *(m for m in HEAD_BRACKET.finditer(sent) if m.start() > verb.end())], key=lambda m: m.start())
    if not brackets:
        return []
    items: list[AllocItem] = []
    pos = verb.end()
    for b in brackets:
        labels, sizes = bracket_labels(b)
        if not labels or (sizes and len(sizes) != len(labels)):
            return []  # sizes read pairwise only where they are as many as the labels
        head = b.group("head").lower().rstrip("s")
        seg_m = masked[pos:b.start()]
        seg = sent[pos:b.start()]
        # The segment runs from the verb's "to"/the last bracket to this one.
        to = re.search(r"\bto\s+", seg_m)
        if to and not items:
            seg_m, seg, off = seg_m[to.end():], seg[to.end():], pos + to.end()
        else:
            off = pos
        cuts = [(m.start(), m.end()) for m in SEPARATOR.finditer(seg_m)]
        spans, p = [], 0
        for a, e in cuts:
            spans.append((p, a))
            p = e
        spans.append((p, len(seg_m)))
        spans = [(a, e) for a, e in spans if seg[a:e].strip(" ,;")]
        if len(spans) < len(labels):
            return []
        mine = spans[-len(labels):]
        if len(labels) > 1:
            raws = [seg[a:e] for a, e in mine]
            doses = [DOSE.search(r) for r in raws]
            if not all(doses):
                return []
            # "at 0.5, 1 or 2 × 10^6 cells/kg": the last item's scale and unit are the list's.
            last = doses[-1]
            prefix = re.sub(r"\s*\([^()]*\)", "", raws[0][:doses[0].start()])
            prefix = re.sub(r"(?:^|\s+)(?:at|of|with)$", "", _clean(prefix)).strip()
            descs, dose_s = [], []
            for j, (r, d) in enumerate(zip(raws, doses)):
                dose = d.group("num")
                exp = d.group("exp") or (last.group("exp") if not d.group("unit") else None)
                if exp:
                    dose += f" × 10^{exp}"
                unit = (d.group("unit") or last.group("unit") or "").strip()
                dose = (dose + " " + unit).strip()
                dose_s.append(dose)
                # "ABC cells at 2 × 10^6 cells/kg or saline placebo at 2 mL": an item that names its own
                # treatment before its dose is described by it, not by the first item's name.
                own = re.sub(r"(?:^|\s+)(?:at|of|with)$", "", _clean(re.sub(r"\s*\([^()]*\)", "", r[:d.start()]))).strip()
                # "2 mL of autologous cells or 2 mL of saline": the words after the dose name the item too.
                after = re.sub(r"^(?:of|with)\s+", "", _clean(re.sub(r"\s*\([^()]*\)", "", r[d.end():])))
                descs.append(" ".join(w for w in ((own if j and own else prefix), dose, after) if w))
        else:
            if b.re is HEAD_BRACKET and sizes and len(spans) > 1:
                return []  # "BM-MNC, PB-MNC or standard care (group C, n = 30)": which item is group C is not said
            a, e = spans[-1] if len(spans) == 1 else (spans[0][0], spans[-1][1])
            desc = _clean(seg[a:e])
            if not desc or len(desc.split()) > 12:
                return []
            descs, dose_s = [desc], [_dose(desc)]
            mine = [(a, e)]  # the item stands where its description does ("to saline, given weekly (placebo group)")
        for lab, desc, dose, n, (a, e) in zip(labels, descs, dose_s, sizes or [None] * len(labels), mine):
            # "cohort 1" (a head bracket's own label) is whole; "(group therapy and individual therapy arms)" is not.
            whole = r"\b(?:arm|group|cohort)s?$" + (r"|^(?:arm|group|cohort)\s" if b.re is HEAD_BRACKET else "")
            label = lab if re.search(whole, lab, re.I) else f"{lab} {head}"
            items.append(AllocItem(label, desc, dose, n, s0 + off + a, s0 + b.end()))
        pos = b.end()
    return items if MIN_ITEMS <= len(items) <= MAX_ITEMS else []


def per_arm_size(sentence: str) -> int | None:
    """The size said for every arm ("20 patients per arm"), None if none or more than one."""
    ns = {parse_count(m.group("n")) for m in PER_ARM.finditer(sentence)}
    return ns.pop() if len(ns) == 1 else None


def allocation_items(text: str, s0: int, s1: int, total: int | None = None,
                     checks: set[int] | frozenset[int] = frozenset()) -> list[AllocItem]:
    """The k arms of an allocation sentence (``text[s0:s1]``), sized, where the count check confirms them: k is
    the count the sentence states ("three groups"), one of ``checks`` (``arm_lists.arm_count_checks``), or the
    total over a size said per arm; item sizes, where all are given, add up to ``total`` (when known). [] when
    no reading confirms (the caller leaves the inventory as it is)."""
    sent = text[s0:s1]
    verb = ALLOCATING.search(sent)
    if not verb:
        return []
    said = stated_count(sent)
    each = per_arm_size(sent)
    for reader in (coded_items, bracket_items):
        items = reader(text, s0, s1)
        if not items:
            continue
        if CLASSIFIED.search(sent, verb.end(), items[0].start - s0):
            continue  # strata of a feature, not arms
        if any(RESULT.search(i.description) for i in items):
            continue  # each item's result, in a results sentence that says "randomised"
        k = len(items)
        if len({i.label.lower() for i in items}) != k:
            continue
        sizes = [i.n for i in items]
        confirmed = said == k or k in checks
        if all(n is not None for n in sizes):
            if total is not None and sum(sizes) != total:
                continue
            confirmed = confirmed or total is not None
        if each is not None:
            if total is not None and each * k != total:
                continue
            confirmed = confirmed or (total is not None and each * k == total)
            if all(n is None for n in sizes):
                items = [AllocItem(i.label, i.description, i.dose, each, i.start, i.end) for i in items]
        if said is not None and said != k:
            continue
        if confirmed:
            return items
    return []
