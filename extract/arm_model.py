"""Learned arm inventory: which arm-label candidates are arms (issue 11, stage 2).

The rule components propose arms; their cues miss some ("the CD133+ group" named only in Results) and
take non-arms for arms ("20 per group", "injection-site pain", a second label for the control). This
stage generates arm-label candidates broadly:

- every arm the rules built (``src_rules``);
- group mentions: "the X group", "X arm", "X cohort", "X limbs/legs", "in the X and Y groups",
  "group A", "cohort 2" (``src_group``);
- short parenthesised names in an allocation sentence ("randomised 1:1 to A (BM+PRP) vs B (BM)")
  (``src_paren``);
- treatments named right after a per-arm value, "45.8% after conservative treatment", "8/17 (47%) controls vs"
  (``src_named``): an arm the text never names with a group word;

then a logistic model (`extract/models/arm_model/model.json`, trained by `tools/train_arm_model.py`
on the dev golds' arm lists) scores each from pure-Python features of the label and its contexts. A
rules arm scoring below ``drop`` is removed (its values lose their rule arm, flag ``arm_dropped``); a new
candidate scoring at least ``add`` (``add_side`` for one of the side the rules left empty) becomes an arm
(``source: "candidates"``, flag ``arm_from_candidates``).
Nothing here needs spaCy.
"""
from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from stemfoot.extract import vocabulary
from stemfoot.extract.arm_inventory import role_by_words
from stemfoot.extract.arm_lists import ALLOCATING, allocation_list, checked_bracket_arms, counted_list, squash
from stemfoot.extract.literal_words import word_spans
from stemfoot.extract.logistic import sparse_logistic
from stemfoot.extract.numbers import static_rx
from stemfoot.extract.outcome_scope import unit_pattern
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.extract.stage_switch import StageSwitch
from stemfoot.schemas import UNIT_CLASSES, UNIT_SPACE_AFTER, control_words

MODEL_PATH = Path(__file__).parent / "models" / "arm_model" / "model.json"

#: This module's regexes, as data in patterns/arm_model.json (compiled once, here); ``UNIT``: the spellings of
#: schemas/units.json, the units the outcome stage reads, which after a value are no treatment name.
_RX = load_patterns("arm_model", CONTROL_WORDS=control_words("arm_feature"),
                    UNIT=unit_pattern(list(UNIT_CLASSES), UNIT_SPACE_AFTER))
_STOP = {
    "the", "a", "an", "to", "into", "in", "of", "and", "or", "either", "both", "between", "vs", "vs.", "versus",
    "with", "from", "than", "that", "those", "for", "by", "each", "per", "were", "was", "two", "three", "four",
    "all", "these", "other", "same", "as", "on", "at", "whereas", "while", "among", "within", "across",
    "respective", "respectively", "compared", "is", "are", "treatment", "study", "this", "our", "their", "its",
    "which", "who", "one", "any", "no", "not", "had", "has", "have", "after", "before", "patients", "cases",
    "control", "placebo",
}
#: "control"/"placebo" stop the walk (their group is the control's, found by the rules) but may be the word.
_ROLE_WORDS = {"control", "placebo", "sham", "vehicle", "saline", "treatment", "observation", "experimental",
               "intervention", "study", "conventional", "standard"}


@dataclass
class ArmCandidate:
    """One possible arm label with the places the text names it."""

    label: str
    key: str
    source: str  #: "rules", "group", "lettered", "paren" or "named"
    spans: list[tuple[int, int]] = field(default_factory=list)
    arm: dict | None = None  #: the rules' arm dict for ``source == "rules"``
    role: str = "intervention"
    #: Each span's finder ("named": after a value, ...), parallel to ``spans`` past the rules' own evidence.
    found_by: list[str] = field(default_factory=list)

    def spans_by(self, finder: str) -> list[tuple[int, int]]:
        """The spans ``finder`` found (the rules' own evidence spans come first and have no finder)."""
        return [sp for sp, by in zip(self.spans[len(self.spans) - len(self.found_by):], self.found_by) if by == finder]


def norm_key(label: str) -> str:
    """A label without article, group word and case: "the CD133+ group" -> "cd133+"."""
    low = re.sub(r"\s+", " ", label.strip().lower())
    low = re.sub(r"^(?:the|a|an)\s+", "", low)
    return re.sub(r"[\s\-]+(?:groups?|arms?|cohorts?)$", "", low).strip()


def _tokens(label: str) -> set[str]:
    """A label's content words, a plural read as its singular ("UC-MSCs" and "UC-MSC group" name one arm)."""
    return {re.sub(r"(?<=[a-z0-9]{3})s$", "", w) for w in re.findall(r"[a-z0-9]+\+?", label.lower())
            if w not in {"group", "groups", "arm", "arms", "cohort", "the", "patients", "limbs", "legs", "of", "and"}}


def _walk_left(text: str, pos: int, floor: int) -> int | None:
    """Start of the (at most three) modifier words before a group word; None when it has none."""
    start, words = pos, 0
    for m in reversed(list(re.finditer(r"[\w+\-/]+", text[floor:pos]))):
        w = m.group().lower()
        if text[floor + m.end(): start].strip() or words >= 3:
            break
        if w in _STOP:
            if w in _ROLE_WORDS and words == 0:
                start, words = floor + m.start(), 1
            break
        start, words = floor + m.start(), words + 1
    return start if words else None


def sentence_of(sentences: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The (start, end) of the sentence holding ``pos``; (0, 0) when none does."""
    return next(((s, e) for s, e in sentences if s <= pos < e), (0, 0))


def group_mentions(text: str, sentences: list[tuple[int, int]]) -> list[tuple[str, int, int, str]]:
    """(label, start, end, source) of every group-word mention: "the X group", "X and Y groups", "group A"; and
    of every treatment named after a per-arm value, "45.8% after conservative treatment" (``named``)."""
    out: list[tuple[str, int, int, str]] = []
    for s0, s1 in sentences:
        for m in _RX.GROUP_MENTION.finditer(text, s0, s1):
            start = _walk_left(text, m.start(), s0)
            if start is None:
                continue
            if _RX.LACKED_BEFORE.search(text[max(s0, start - 12):start]):
                continue  # "there was no control group": a group the study lacks
            out.append((text[start:m.end()], start, m.end(), "group"))
            conj = re.search(r"([\w+\-/]+(?:\s+[\w+\-/]+)?)\s*,?\s+(?:and|or)\s+$", text[max(s0, start - 40):start])
            if conj and m.group("head").lower().endswith("s"):
                # "in the CD133+ and BM-MNC groups": two groups, one group word.
                first = conj.group(1).split()
                first = [w for w in first if w.lower() not in _STOP] or []
                if first:
                    c_end = max(s0, start - 40) + conj.end(1)
                    c_start = c_end - len(" ".join(first))
                    if text[c_start:c_end] == " ".join(first):
                        out.append((f"{text[c_start:c_end]} {m.group('head')}", c_start, c_end, "group"))
        for m in _RX.LETTERED.finditer(text, s0, s1):
            out.append((m.group(), m.start(), m.end(), "lettered"))
        for m in _RX.VALUE_NAMED.finditer(text, s0, s1):
            if m.group("prep") or _RX.VS_AFTER.match(text, m.end(), s1):
                out.append((m.group("name"), m.start("name"), m.end("name"), "named"))
        if _RX.ALLOCATION.search(text, s0, s1):
            for m in _RX.PAREN.finditer(text, s0, s1):
                inner = m.group("inner").strip()
                if inner and len(inner.split()) <= 3 and not inner.lower().startswith(("i.e", "e.g", "n ", "p ")):
                    out.append((inner, m.start("inner"), m.end("inner"), "paren"))
    return out


def candidates(text: str, arms: list[dict], sentences: list[tuple[int, int]],
               role_of: Callable[[str], str] = role_by_words) -> list[ArmCandidate]:
    """The rules' arms and every other group mention, one candidate per distinct label key; ``role_of`` gives a
    new candidate's role from its label (by default its own words)."""
    out: list[ArmCandidate] = []
    by_key: dict[str, ArmCandidate] = {}
    for a in arms:
        if a.get("members"):
            continue
        label = a.get("label") or ""
        c = ArmCandidate(label, norm_key(label), "rules", arm=a, role=a.get("role") or "intervention")
        ev = a.get("evidence") or {}
        if "start" in ev:
            c.spans.append((ev["start"], ev["end"]))
        out.append(c)
        by_key.setdefault(c.key, c)
    rules = list(out)
    for label, s, e, source in group_mentions(text, sentences):
        key = norm_key(label)
        if not key:
            continue
        hit = by_key.get(key)
        if hit is None:
            toks = _tokens(label)
            # "observation group" again, or "BM-MNC group" for the rules' "BM-MNC": the same arm.
            hit = next((c for c in rules if toks and toks == (_tokens(c.label) or {None})), None)
        if hit is None:
            hit = ArmCandidate(label.strip(), key, source, role=role_of(label))
            out.append(hit)
            by_key[key] = hit
        hit.spans.append((s, e))
        hit.found_by.append(source)
    return out


def _occurrences(text: str, label: str) -> list[int]:
    """Where the text names a label as a whole word, case-blind."""
    if not label.strip():
        return []
    return [s for s, _ in word_spans(text, label.strip(), not_before="-+", not_after="+")]


@lru_cache(maxsize=512)
def _sentence_cues(sent: str) -> tuple[bool, bool]:
    """Whether a sentence allocates, and whether it compares (a label's occurrences share sentences)."""
    return (bool(_RX.ALLOCATION.search(sent)),
            bool(re.search(r"\b(?:vs\.?|versus|compared with|than)\b", sent, re.I)))


@lru_cache(maxsize=256)
def _listed_names(text: str, sentences: tuple[tuple[int, int], ...]) -> frozenset[str]:
    """The names (squashed) of the items of the text's allocation lists of three or more arms."""
    stated = stated_arms(text)
    return frozenset(squash(n) for s0, s1 in sentences for x in allocation_list(text, s0, s1, stated)
                     for n in (x.label, *x.aliases))


@lru_cache(maxsize=256)
def _counted_names(text: str, sentences: tuple[tuple[int, int], ...]) -> frozenset[str]:
    """The names (squashed) of the items of the text's counted allocation lists (``arm_lists.counted_list``) and
    of its size-checked bracket-labelled arms (``arm_lists.checked_bracket_arms``)."""
    counted = {squash(n) for s0, s1 in sentences for x in counted_list(text, s0, s1) for n in (x.label, *x.aliases)}
    # "The four groups, each of 25 patients, were A + B, ...", a 2 × 2 factorial's four sized groups: the text
    # counts them too (imported here: arm_factorial reads arm_sizes, which reads this module).
    from stemfoot.extract.arm_factorial import factorial_groups, stated_groups
    counted |= {squash(g.label) for g in stated_groups(text) or factorial_groups(text, list(sentences))}
    # "given once (single-dose arm), twice (two-dose arm) ... or placebo (placebo arm)" with "(28 per arm)" of 112:
    # bracket-labelled arms whose number the sizes confirm.
    return frozenset(counted | {squash(n) for n in checked_bracket_arms(text, sentences)})


#: How ``arm_sizes`` fills a size the text gives no arm on its own: the total less the other arms, a ratio of the
#: total, one size said for every group, the learned size stage.
DERIVED_SIZES = frozenset({"total_minus_other_arms", "ratio", "per_group", "size_model"})


def sized_to_total(text: str, arms: list[dict], sentences: list[tuple[int, int]], n_total: int | None) -> bool:
    """Whether the rules' arms, two or more, are each sized by its own number in one allocation sentence and their
    sizes add up to the stated total (not a size said for every group, "25 per group", which a wrong arm shares)."""
    base = [a for a in arms if not a.get("members")]
    if not n_total or len(base) < 2 or any(a.get("n_patients") is None for a in base):
        return False
    if any((a.get("size_from") or {}).get("n_patients") in DERIVED_SIZES for a in base):
        return False  # a size filled in from the total or a ratio is no arm's own number (it adds up by construction)
    if len({(a.get("n_evidence") or {}).get("start") for a in base}) != len(base):
        return False
    where = {next((s for s in sentences if s[0] <= (a.get("n_evidence") or {}).get("start", -1) < s[1]), None)
             for a in base}
    if len(where) != 1 or None in where:
        return False
    (s0, s1), = where
    return bool(ALLOCATING.search(text, s0, s1)) and sum(a["n_patients"] for a in base) == n_total


def features(text: str, c: ArmCandidate, all_c: list[ArmCandidate], sentences: list[tuple[int, int]],
             sections: list[tuple[int, int, str]]) -> dict[str, float]:
    """Pure-Python features of one candidate (names are the model's columns)."""
    label = c.label
    f: dict[str, float] = {f"src_{c.source}": 1.0}
    if c.arm is not None:
        f[f"rules_src_{c.arm.get('source') or 'tagger'}"] = 1.0
        f["rules_has_n"] = float(c.arm.get("n_patients") is not None or c.arm.get("n_limbs") is not None)
        f["rules_has_cell"] = float(bool(c.arm.get("cell_type")))
        f["rules_role_" + (c.arm.get("role") or "none")] = 1.0
    words = label.split()
    f["n_words"] = min(len(words), 8) / 8
    f["starts_lower"] = float(bool(label) and label[0].islower())
    f["countish"] = float(bool(_RX.COUNTISH.search(label)))
    f["has_head"] = float(bool(static_rx(rf"\b{_RX.HEAD}$", re.I).search(label)))
    f["lettered"] = float(bool(_RX.LETTERED.fullmatch(label.strip())))
    f["control_word"] = float(bool(_RX.CONTROL.search(label)))
    f["cellish"] = float(bool(_RX.CELLISH.search(label)))
    f["cell_vocab"] = float(bool(vocabulary.cell_types().find(label)))
    f["outcome_vocab"] = float(bool(vocabulary.outcomes().find(label)))
    f["verbish"] = float(bool(_RX.VERBISH.search(label)))
    f["result_word"] = float(bool(_RX.RESULTS_CUES.search(label)))
    f["dose_word"] = float(bool(_RX.DOSE.search(label)))
    f["has_upper_abbrev"] = float(any(len(w) >= 2 and sum(ch.isupper() for ch in w) >= 2 for w in words))
    occ = _occurrences(text, label) or [s for s, _ in c.spans]
    f["log_occ"] = math.log1p(len(occ)) / 2
    f["log_group_occ"] = math.log1p(sum(1 for s, e in c.spans)) / 2
    cats = [next((cat for a, b, cat in sections if a <= p < b), None) for p in occ]
    for name in ("methods", "results", "conclusions", "background", "objective"):
        f[f"in_{name}"] = float(name in cats)
    f["unstructured"] = float(not sections)
    alloc = 0
    vs = 0
    for p in occ:
        s0, s1 = sentence_of(sentences, p)
        in_alloc, in_vs = _sentence_cues(text[s0:s1])
        alloc |= in_alloc
        vs |= in_vs
    f["in_allocation"] = float(alloc)
    f["in_comparison"] = float(vs)
    f["with_article"] = float(any(re.search(r"\bthe\s+$", text[max(0, s - 5):s], re.I) for s, _ in c.spans))
    f["plural_head"] = float(bool(re.search(r"\b(?:groups|arms|cohorts)$", label, re.I)))
    # One item of an allocation list of three or more ("to intramuscular PB-MNC (n = 30), intramuscular BM-MNC
    # (n = 30) or standard care"): an arm even where the text names it once.
    f["listed_item"] = float(squash(label) in _listed_names(text, tuple(sentences)))
    stat_near = 0
    with_other = 0
    others = [o for o in all_c if o is not c]
    for s, e in c.spans:
        s0, s1 = sentence_of(sentences, s)
        if not s1:
            continue
        clause = text[max(s0, s - 40):min(s1, e + 40)]
        stat_near += bool(re.search(r"\d+(?:\.\d+)?\s*%|\d+\s*/\s*\d+|±", clause))
        with_other |= any(s0 <= os < s1 and not (os < e and s < oe) for o in others if o.source != "paren"
                          for os, oe in o.spans)
    f["stat_near"] = min(stat_near, 4) / 4
    f["with_other_arm"] = float(with_other)
    f["first_pos"] = (min(occ) / max(len(text), 1)) if occ else 1.0
    f["n_paren_n"] = float(any(re.match(r"\s*\(\s*n\s*=", text[e:e + 8], re.I) for _, e in c.spans))
    toks = _tokens(label)
    f["shares_token"] = float(any(o is not c and toks & _tokens(o.label) for o in all_c))
    same_role = [o for o in all_c if o is not c and o.source == "rules" and
                 (o.role == "control") == (c.role == "control")]
    f["n_same_role_rules"] = min(len(same_role), 3) / 3
    n_rules = sum(1 for o in all_c if o.source == "rules")
    f["n_rules"] = min(n_rules, 5) / 5
    f["n_cands"] = min(len(all_c), 10) / 10
    f["role_control"] = float(c.role == "control")
    head = series_head(label)
    if head:
        # "cohort 1" beside "cohort 2" and "cohort 3", "low-dose" beside "high-dose": one of a series, the arms of
        # a dose-finding study (another name of its own level is none of the others).
        f["series"] = min(sum(1 for o in all_c if o is not c and series_head(o.label) == head
                              and _tokens(o.label) != toks), 2) / 2
    named = c.spans_by("named")
    f["log_named"] = math.log1p(len(named)) / 2
    # "64.6% after BMAC and 45.8% after conservative treatment": two treatments named after values side by side.
    f["named_pair"] = float(any(
        sentence_of(sentences, s) == sentence_of(sentences, os) for s, _ in named for o in others
        if not (_tokens(o.label) & toks) for os, _ in o.spans_by("named")))
    if c.source != "rules":
        rules_sides = {o.role == "control" for o in all_c if o.source == "rules"}
        # The rules found one arm (or one side only): a candidate of the other side may be the missing arm.
        f["one_rules_arm"] = float(n_rules == 1)
        f["no_rules_arm"] = float(n_rules == 0)
        f["other_side"] = float(len(rules_sides) == 1 and (c.role == "control") not in rules_sides)
        # Both sides found: a further arm is the exception (three arms), mostly a second name of one of them.
        f["rules_both_sides"] = float(len(rules_sides) == 2)
    k = stated_arms(text)
    f["k_stated"] = float(k is not None)
    if k is not None:
        # More rules arms than the text states: some are no arms; fewer: an arm is missing.
        f["rules_excess"] = float(n_rules > k) * (1.0 if c.source == "rules" else 0.0)
        f["rules_deficit"] = float(n_rules < k) * (1.0 if c.source != "rules" else 0.0)
    return f


_NUM = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}


def groups_said(text: str) -> set[int]:
    """The numbers of groups a text says the patients went into ("into three equal groups", "randomised ... two
    arms"); a comparison ("between any two groups") says none."""
    return {_NUM[m.group("k").lower()] for m in _RX.K_GROUPS.finditer(text)}


@lru_cache(maxsize=256)
def stated_arms(text: str) -> int | None:
    """The number of arms the text states ("two groups", "randomised 2:1", "three-arm"), if any."""
    for rx in (_RX.K_GROUPS, _RX.K_ARM_DESIGN):
        m = rx.search(text)
        if m:
            return _NUM[m.group("k").lower()]
    m = _RX.K_RATIO.search(text)
    if m and re.search(r"randomi[sz]|allocat|assigned", text[max(0, m.start() - 80):m.end() + 40], re.I):
        return len(m.group("r").split(":"))
    return None


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> dict | None:
    """The arm model's JSON (``path``, default the shipped one), cached; None when the file is missing."""
    p = Path(path) if path else MODEL_PATH
    return json.loads(p.read_text("utf-8")) if p.exists() else None


def probability(model: dict, feats: dict[str, float]) -> float:
    """The model's logistic P(arm) for one candidate's features."""
    return sparse_logistic(model["weights"], model["intercept"], feats)


#: The stage's switch: ``disabled()`` runs extraction without it, ``collecting(sink)`` also gathers its
#: inputs for training.
_SWITCH = StageSwitch()
disabled = _SWITCH.disabled
collecting = _SWITCH.collecting




def series_head(label: str) -> str | None:
    """The series a label is one of: the group word of a lettered or numbered label ("cohort" of "cohort 2"),
    "dose" for a dose level ("low-dose", "the high dose group"); None for any other label."""
    m = _RX.LETTERED.fullmatch(label.strip())
    if m:
        return m.group("head").lower()
    return "dose" if _RX.DOSE_LEVEL.fullmatch(label.strip()) else None


def _nested(a: set[str], b: set[str]) -> bool:
    """Whether one name's content words hold the other's (two names of one arm), neither empty."""
    return bool(a and b) and (a <= b or b <= a)


def decide(model: dict, cands: list[ArmCandidate], rows: list[dict[str, float]]) -> tuple[list[int], list[int]]:
    """(indices of rules arms to drop, indices of new candidates to add), from the model's probabilities."""
    probs = [probability(model, r) for r in rows]
    series: dict[str, list[int]] = {}
    for i, c in enumerate(cands):
        head = series_head(c.label) if c.source != "rules" else None
        if head:
            series.setdefault(head, []).append(i)
    grouped = False
    for members in series.values():
        # Two names of one level ("low-dose", "low dose") are no series.
        if len({frozenset(_tokens(cands[i].label)) for i in members}) >= 2:
            # A numbered series is taken whole or not at all, at its best member's probability: "cohort 1" and
            # "cohort 3" without "cohort 2" match no study's arms, and a member named only in a list says less.
            best = max(probs[i] for i in members)
            grouped |= best >= model["drop"]
            for i in members:
                probs[i] = best
    rules = [i for i, c in enumerate(cands) if c.source == "rules"]
    sure = [i for i, c in enumerate(cands) if c.source != "rules" and probs[i] >= model["add"]]
    # The sides the rules' arms and the surely added candidates hold ("saline-treated legs" added where the rules
    # found no arm holds the control side).
    sides = {cands[i].role == "control" for i in rules + sure}
    # A candidate of the side left empty ("45.8% after conservative treatment" beside the rules' one cell arm) has
    # its own threshold: the comparison lacks it, an extra arm of a side already held does not.
    add_side = model.get("add_side", model["add"])
    new = sure + [i for i, c in enumerate(cands) if c.source != "rules" and i not in sure and probs[i] >= add_side
                  and len(sides) == 1 and (c.role == "control") not in sides]
    drop: list[int] = []
    for i in sorted((i for i in rules if probs[i] < model["drop"]), key=lambda i: probs[i]):
        control = cands[i].role == "control"
        # Only an arm another kept arm of its side stands beside ("20 per group" next to "MSC group", a second
        # label of the control): dropping the only arm of a side would leave the comparison without it.
        if any((cands[j].role == "control") == control for j in rules if j != i and j not in drop):
            drop.append(i)
    # Among new candidates one per token set, a name within another's one arm: "CD133+ group" and "CD133+ cells"
    # are one arm; "BM-MNC-treated legs" and "saline-treated legs", or "low-dose" and "high-dose", share a word only.
    kept: list[int] = []
    for i in sorted(new, key=lambda i: -probs[i]):
        toks = _tokens(cands[i].label)
        if any(_nested(toks, _tokens(cands[j].label)) for j in kept) or any(
                toks and toks <= _tokens(cands[j].label) for j in rules if j not in drop):
            continue
        kept.append(i)
    for i in sorted(i for i in rules if probs[i] < model["drop"] and i not in drop):
        # The only rules arm of its side goes too where an added candidate now stands for that side ("BMCI" beside
        # the rules' "intramuscular bone marrow mononuclear cell implantation").
        if any((cands[j].role == "control") == (cands[i].role == "control") for j in kept):
            drop.append(i)
    if len(kept) >= 2 or grouped:
        # Two arms found beside the rules' single arm, or a numbered series ("cohorts 1, 2 and 3"): the study has
        # groups, and the single arm ("treated patients", the cell type) stands for all of them; values left
        # without an arm beat values on the whole.
        drop.extend(j for j in rules if cands[j].role == "single" and j not in drop)
    return drop, sorted(kept, key=lambda i: min((s for s, _ in cands[i].spans), default=0))


def added_role(role: str, arms: list[dict]) -> str:
    """The role of an arm added from candidates: a control stays one; else intervention, or
    active_comparator when ``arms`` already hold an intervention."""
    if role == "control":
        return role
    return "active_comparator" if any(a.get("role") == "intervention" for a in arms) else "intervention"


def arm_model_stage(text: str, arms: list[dict], statistics: list[dict], sentences: list[tuple[int, int]],
                    sections: list[tuple[int, int, str]],
                    role_of: Callable[[str], str] = role_by_words, n_total: int | None = None) -> list[str]:
    """Drop rules arms the model rejects and add candidates it accepts, in place; returns flags. ``role_of``: a
    new candidate's role from its label (`candidates`); ``n_total``: the study's stated total, if any (not one summed
    from the arms, which would confirm them by their own sizes)."""
    cands = candidates(text, arms, sentences, role_of)
    rows = [features(text, c, cands, sentences, sections) for c in cands]
    sink = _SWITCH.collect
    if sink is not None:
        # A snapshot: later stages change the arms' roles in place.
        sink.append((copy.deepcopy(cands), rows))
    model = load_model()
    if not _SWITCH.enabled or model is None or not cands:
        return []
    drop, add = decide(model, cands, rows)
    # An arm a counted list names ("giving four groups: A (n = 28), ... and D (n = 28)") is the study's by the
    # text's own count: the model, which sees no count, does not drop it.
    counted = _counted_names(text, tuple(sentences))
    drop = [i for i in drop
            if not counted & {squash(n) for n in (cands[i].label, cands[i].arm.get("description") or "")}]
    if drop and sized_to_total(text, arms, sentences, n_total):
        # "Ninety patients were randomised to autologous BM-MNC (n = 30), autologous PBMNC (n = 30) or standard
        # care (n = 30)": arms each sized in one allocation sentence to the stated total are the study's by that
        # count, which the model does not see (round 60). A pooled arm is no such arm: its drop stands.
        drop = [i for i in drop if cands[i].arm.get("members")]
    flags: list[str] = []
    # By identity: of two rules arms with one label, only the rejected one goes.
    gone = {id(cands[i].arm) for i in drop}
    if gone:
        arms[:] = [a for a in arms if id(a) not in gone]
        # Values and merged arms name arms by label: a label goes only when no kept arm still carries it.
        dropped = {cands[i].arm["label"] for i in drop} - {a.get("label") for a in arms}
        for a in arms:
            if a.get("members"):
                a["members"] = [m for m in a["members"] if m not in dropped]
        arms[:] = [a for a in arms if not a.get("members") or len(a["members"]) >= 2]
        for st in statistics:
            label = st.get("arm")
            if label in dropped:
                st["arm"] = None
                st["arm_role"] = None
                st.setdefault("flags", []).append("arm_dropped")
                # The arm the rules gave, kept for review (``attribution`` is rewritten by a later stage).
                st["detail"] = {**(st.get("detail") or {}), "dropped_arm": label}
        flags.append("arm_dropped")
    for i in add:
        c = cands[i]
        role = added_role(c.role, arms)
        s, e = min(c.spans)
        from stemfoot.extract.provenance import EXTRACTOR_VERSION
        s0, s1 = sentence_of(sentences, s)
        if not s1:
            s0, s1 = 0, len(text)
        arms.append({"label": c.label, "role": role, "cell_type": None, "n_patients": None, "n_limbs": None,
                     "description": None, "routes": [], "n_evidence": None, "source": "candidates",
                     "evidence": {"start": s, "end": e, "text": text[s:e], "sentence_start": s0, "sentence_end": s1,
                                  "component": "arm_model", "version": EXTRACTOR_VERSION,
                                  "confidence": 0.6, "source": "abstract"}})
    if add:
        flags.append("arm_from_candidates")
    return flags
