"""Learned size-to-arm stage (issue 11): a count in a size sentence given to the arm it belongs to.

The rules in ``arm_sizes.py`` read arm sizes one wording at a time; this stage reads them generally for the
arms the rules left without a size. In every sentence with a size cue (allocation, randomisation, enrolment,
"received", "included", "n =", a count of patients) every count that can be a group size (not a percentage,
dose, age, date, the events of "x of y" / "x/y", a cell count or a p-value) is paired with every arm of the
inventory the sentence names (label, alias, abbreviation or role word, ``arm_inventory.find_mentions``).
A logistic model (``extract/models/arm_size_model/model.json``, trained by ``tools/train_arm_size_model.py``
on the dev golds' arm sizes) scores each pair from pure-Python features: token distance and direction between
the count and the mention, brackets ("IA (n = 26)", "24 (SVF+PRP group)"), the count's and the mention's
order in the sentence (in-turn alignment), "n =", "respectively", allocation/event words, the section, whether
the sentence's counts add up to the stated total, the count being the total itself.

Each arm takes its best pair when the probability reaches the model's ``threshold`` (null beats a guess); a
count goes to one arm. Arms the rules sized take part too: a count the model ties most to a sized arm is that
arm's, never an open arm's, and the sized arm keeps the rules' size. The open arms' sizes are kept only when the
arms still add up to no more than the stated total (exactly to it when every arm then has a size). One case
replaces the rules' sizes: where the model, every arm taken as open, sizes every arm and those sizes add up to the
stated total while the rules' do not, the model's sizes win; the arm then keeps the size it replaced under
``size_replaced`` (``{"n": ..., "from": ..., "evidence": ...}``) for the reviewer. Nothing here needs spaCy.
"""
from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from stemfoot.extract.logistic import sparse_logistic
from stemfoot.extract.numbers import COUNT, date_spans, in_date, parse_count, static_rx
from stemfoot.extract.stage_switch import StageSwitch

MODEL_PATH = Path(__file__).parent / "models" / "arm_size_model" / "model.json"

#: Arm fields a snapshot keeps (what the inventory and the decision read).
ARM_FIELDS = ("label", "role", "description", "n_patients", "n_limbs", "members", "size_from", "source")

#: The stage's switch: ``disabled()`` runs extraction without it, ``collecting(sink)`` also gathers its
#: inputs for training.
_SWITCH = StageSwitch()
disabled = _SWITCH.disabled
collecting = _SWITCH.collecting


@dataclass
class Pair:
    """One (count, arm) candidate: the count's value and span, the arm's label."""

    n: int
    start: int
    end: int
    arm: str
    each: bool = False  #: "cohorts of six patients each", "15 patients per group": one count, every arm
    #: The count's clause (``_CLAUSE_BREAK``) allocates or enrols ("randomly divided into four groups
    #: with 30 cases in each", "each arm enrolled 20"), not "each arm screened 40 patients" or "each arm had 20
    #: patients aged over 60": ``shared_size`` takes only such a count as every arm's size.
    enrolled: bool = False


# --- reading counts ------------------------------------------------------------------------------------------------

_COUNT_RX = static_rx(COUNT)
_CUE = static_rx(
    r"\b(?:randomi[sz]\w*|randomly|allocat\w*|assign\w*|divided|enrol\w*|recruit\w*|includ\w*|received?|receiving|"
    r"treated|underwent|accepted|declined|consisted|comprised|compris\w*|cohorts?|groups?|arms?|"
    r"patients?|participants?|subjects?|cases|individuals|limbs?|legs?)\b|\b[nN]\s*=", re.I)
_ALLOC = static_rx(r"\b(?:randomi[sz]\w*|randomly|allocat\w*|assign\w*|divided|stratified)\b", re.I)
_ENROL = static_rx(r"\b(?:enrol\w*|recruit\w*|includ\w*|consisted|comprised|accepted|declined|analy[sz]ed)\b", re.I)
_RECEIVE = static_rx(r"\b(?:received?|receiving|treated|underwent|given|injected)\b", re.I)
_EVENT = static_rx(
    r"\b(?:died|deaths?|occurred|developed|reported|experienced|healed|healing|recurr\w*|required|needed|"
    r"amputat\w*|lost|withdr[ae]w\w*|dropped|discontinu\w*|adverse|complications?|infections?|improv\w*|"
    r"achieved|success|failed|events?)\b", re.I)
_PERSON_AFTER = static_rx(r"\s*(?:\(\s*)?(?:[\w\-+]+\s+){0,2}?(?:patients?|participants?|subjects?|cases|individuals|"
                          r"persons|people|men|women|volunteers|diabetics)\b", re.I)
_LIMB_AFTER = static_rx(r"\s*(?:[\w\-]+\s+)?(?:limbs?|legs?|feet|foot|ulcers?|wounds?|lesions?)\b", re.I)
_N_EQ_BEFORE = static_rx(r"\b[nN]\s*=\s*$")
_RESPECTIVELY = static_rx(r"\brespectively\b", re.I)
_EACH_AFTER = static_rx(r"[^.;,()\d]{0,30}?\b(?:each|per\s+(?:group|arm|cohort))\b", re.I)
#: A per-arm word before the count ("Each arm enrolled 30 patients", "in each group, 20"), or a number of groups
#: "of" it ("Two groups (control [group 1] and hemodiluted [group 2]) of 13 healthy patients"): one count, every arm.
_EACH_BEFORE = static_rx(r"(?:\b(?:each|every|per)\s+(?:arm|group|cohort)\b[^.;()\d]{0,25}"
                         r"|\b(?:two|three|four|five|six|[2-6])\s+(?:arms|groups|cohorts)(?:\s*\([^()]*\))?\s+of\s+)$",
                         re.I)
_EACH = static_rx(r"\b(?:each|per\s+(?:group|arm))\b", re.I)
#: After the count: not a group size (percentages, doses, ages, durations, cell counts, ratios, units).
_NOT_SIZE_AFTER = static_rx(
    r"\s*(?:%|per\s?cent|[:/·.]\s*\d|×|x\s*10|\*\s*10|\^|·10|(?:\s*-|–)\s*(?:year|month|week|day)|"
    r"(?:years?|yrs?|months?|mo|weeks?|wks?|days?|d|hours?|h|min\w*|seconds?|mg|g|kg|ml|mL|l|L|cm2?|mm|µ\w*|"
    r"u|U|IU|cells?|million|billion|times|sessions?|injections?|sites?|points?|mmHg|years-old|yo|"
    r"doses?|fold|cc)\b|[-–]\s*\d|"
    # "two groups", "three sequential dose cohorts": the number of groups.
    r"(?:(?!(?:per|each|in|of|patients?|participants?|subjects?|cases)\b)[\w\-]+\s+){0,2}?(?:groups?|arms?|cohorts?)\b)",
    re.I)
_NOT_SIZE_BEFORE = static_rx(
    r"(?:[/:×±]|\bof|\bout of|\baged?|\bage|\bp\s*[<=>]|\bday|\bweek|\bmonth|\byear|\bcohort|\bgroup|\barm|"
    r"\bphase|\bgrade|\bstage|\btype|\bclass|\bfigure|\btable|\bversion|\b(?:at|after|for|within|to|until)\s+"
    r"|[-–])\s*$", re.I)
#: Where a count's clause ends: a semicolon, or a comma (", and") before a new subject and its verb ("..., and
#: each arm had 40 patients aged over 60"); not a comma of a list ("to A, B, or C, 15 per arm").
_CLAUSE_BREAK = static_rx(r";|,\s*(?:(?:and|but|while|whereas)\s+)?"
                          r"(?=(?:each|every|both|all|the)\s+(?:[\w\-]+\s+){0,3}?"
                          r"(?:had|has|have|was|were|is|are|received|contained|screened)\b)", re.I)
_OF_AFTER = static_rx(r"\s*(?:of|/|out of)\s*(?:the\s+)?\d", re.I)
_BRACKET_OPEN = static_rx(r"\(\s*(?:[nN]\s*=\s*)?$")


def size_counts(text: str, s0: int, s1: int, dates: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(n, start, end) of the counts in ``text[s0:s1]`` that can be a group size: at least 2, not the events of
    "x of y" / "x/y", not a percentage, dose, age, duration, date, label number ("cohort 2") or p-value."""
    out = []
    for m in _COUNT_RX.finditer(text, s0, s1):
        n = parse_count(m.group())
        if n is None or n < 2 or n > 100000 or in_date(dates, m.start(), m.end()):
            continue
        after = text[m.end():min(s1, m.end() + 24)]
        before = text[max(s0, m.start() - 12):m.start()]
        if _NOT_SIZE_AFTER.match(after) or _OF_AFTER.match(after) or _NOT_SIZE_BEFORE.search(before):
            # "x/y" and "x of y": y stays (a denominator is a group size), x goes.
            if not re.search(r"(?:/|\bof|\bout of)\s*$", before, re.I) or _NOT_SIZE_AFTER.match(after):
                continue
        out.append((n, m.start(), m.end()))
    return out


# --- features ------------------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+|[^\w\s]")


def _tokens_between(text: str, a: int, b: int) -> int:
    return len(_TOKEN.findall(text[min(a, b):max(a, b)]))


def _bin(v: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if v <= e:
            return f"{e}"
    return f">{edges[-1]}"


def _section(sections: list[tuple[int, int, str]], pos: int) -> str:
    return next((c for s, e, c in sections if s <= pos < e), "none")


def _role(role: str | None) -> str:
    return "control" if role == "control" else "active"


def pair_features(text: str, s0: int, s1: int, count: tuple[int, int, int], arm: str, mentions: list[tuple[int, int, str]],
                  counts: list[tuple[int, int, int]], arms: dict[str, dict], n_total: int | None,
                  sections: list[tuple[int, int, str]]) -> dict[str, float]:
    """Features of one (count, arm) pair in the sentence ``text[s0:s1]`` (``mentions``: the sentence's arm
    mentions as (start, end, arm label); ``counts``: its size counts)."""
    n, cs, ce = count
    sent = text[s0:s1]
    mine = [m for m in mentions if m[2] == arm]
    f: dict[str, float] = {"bias_pair": 1.0}
    # Nearest mention of this arm, each side.
    best = min(mine, key=lambda m: _tokens_between(text, ce if m[0] >= ce else cs, m[0] if m[0] >= ce else m[1]))
    after = best[0] >= ce
    dist = _tokens_between(text, ce, best[0]) if after else _tokens_between(text, best[1], cs)
    f[f"dist_{'after' if after else 'before'}_{_bin(dist, (0, 1, 2, 3, 5, 8, 12))}"] = 1.0
    gap = text[ce:best[0]] if after else text[best[1]:cs]
    if after and re.fullmatch(r"\s*\(\s*(?:the\s+)?", gap, re.I):
        f["mention_in_bracket_after_count"] = 1.0
    if not after and _BRACKET_OPEN.search(text[best[1]:cs]) and re.fullmatch(r"\s*(?:group|arm)?\s*[,:]?\s*\(\s*(?:[nN]\s*=\s*)?", gap, re.I):
        f["count_in_bracket_after_mention"] = 1.0
    if not after and re.fullmatch(r"\s*(?:group|arm)?\s*[,:]?\s*(?:[nN]\s*=\s*)?", gap, re.I):
        f["count_right_after_mention"] = 1.0
    if after and re.fullmatch(r"\s*(?:patients?\s+|participants?\s+|subjects?\s+)?(?:were\s+|was\s+)?"
                              r"(?:(?:randomi[sz]ed|allocated|assigned)\s+)?(?:to|in|into|received?|receiving|"
                              r"underwent|with|on)?\s*(?:the|a|an)?\s*", gap, re.I):
        f["count_then_mention"] = 1.0
    if after and re.search(r"\(\s*(?:the\s+)?$", gap) and not re.search(r"\d|[;.]", gap) and len(_TOKEN.findall(gap)) <= 8:
        # "24 accepted (SVF+PRP group)": the arm named in brackets a few words after the count.
        f["bracketed_mention_follows"] = 1.0
    if re.search(r"[;.]", gap):
        f["clause_break_between"] = 1.0
    # The nearest arm to the count: is it this one? And the nearest count to this arm's mention?
    def _d(m: tuple[int, int, str]) -> int:
        return _tokens_between(text, ce, m[0]) if m[0] >= ce else _tokens_between(text, m[1], cs)
    nearest = min(mentions, key=_d)
    if nearest[2] == arm:
        f["nearest_arm"] = 1.0
    others = [c for c in counts if c != count]
    if others:
        mpos = best[0]
        if all(_tokens_between(text, c[1], mpos) > _tokens_between(text, cs, mpos) for c in others):
            f["nearest_count"] = 1.0
    # In-turn alignment: the k-th count and the k-th arm named.
    order: list[str] = []
    for m in sorted(mentions):
        if m[2] not in order:
            order.append(m[2])
    # The stated total ("Of 46 patients, 24 ... and 22 ...") is no arm's count: the turns are the others'.
    turns = [c for c in counts if c[0] != n_total] if n_total else counts
    if count in turns and len(order) >= 2 and len(turns) >= 2:
        k = turns.index(count)
        if len(order) == len(turns):
            f["in_turn_same_len" if order[k] == arm else "out_of_turn_same_len"] = 1.0
        elif k < len(order) and order[k] == arm:
            f["in_turn"] = 1.0
    f[f"n_counts_{min(len(counts), 4)}"] = 1.0
    f[f"n_arms_named_{min(len(order), 4)}"] = 1.0
    f[f"n_arms_{min(len(arms), 4)}"] = 1.0
    if _N_EQ_BEFORE.search(text[max(s0, cs - 6):cs]):
        f["n_equals"] = 1.0
    if _PERSON_AFTER.match(text, ce, min(s1, ce + 40)):
        f["person_noun"] = 1.0
    if _LIMB_AFTER.match(text, ce, min(s1, ce + 24)):
        f["limb_noun"] = 1.0
    if re.search(r"(?:/|\bof|\bout of)\s*$", text[max(s0, cs - 8):cs], re.I):
        f["denominator"] = 1.0
    if _RESPECTIVELY.search(sent):
        f["respectively"] = 1.0
    if _ALLOC.search(sent):
        f["allocation"] = 1.0
    if _ENROL.search(sent):
        f["enrolment"] = 1.0
    if _RECEIVE.search(sent):
        f["receive"] = 1.0
    if _EVENT.search(sent):
        f["event_words"] = 1.0
    if _EVENT.search(text, max(s0, cs - 40), min(s1, ce + 40)):
        f["event_near"] = 1.0
    if _EACH.search(sent):
        f["each"] = 1.0
    f[f"section_{_section(sections, cs).lower()}"] = 1.0
    if n_total:
        if n == n_total:
            f["is_total"] = 1.0
        elif n > n_total:
            f["over_total"] = 1.0
        rest = [c[0] for c in counts if c[0] != n_total]
        if len(rest) >= 2 and sum(rest) == n_total:
            f["counts_sum_to_total"] = 1.0
    else:
        f["no_total"] = 1.0
    if "nearest_arm" in f and "nearest_count" in f:
        f["mutual_nearest"] = 1.0
    f[f"role_{_role(arms[arm].get('role'))}"] = 1.0
    near = text[max(s0, cs - 30):min(s1, ce + 30)]
    if re.search(r"\b(?:control|placebo|sham|standard|conventional|saline|vehicle)\w*", near, re.I):
        f[f"control_word_near_{_role(arms[arm].get('role'))}"] = 1.0
    if mine and all(len(text[m[0]:m[1]]) <= 5 for m in mine):
        f["short_mention"] = 1.0
    return f


def pairs(text: str, sentences: list[tuple[int, int]], sections: list[tuple[int, int, str]], arms: list[dict],
          n_total: int | None) -> tuple[list[Pair], list[dict[str, float]]]:
    """Every (count, arm) pair of the size sentences with its features; arms as the stage sees them."""
    from stemfoot.extract.arm_inventory import build_inventory, find_mentions
    from stemfoot.extract.arm_sizes import cluster_unit_counts

    base = [a for a in arms if not a.get("members")]
    if not base:
        return [], []
    inventory = build_inventory(text, base)
    key_to_label = {inv.key: a["label"] for inv, a in zip(inventory, base)}
    by_label = {a["label"]: a for a in base}
    all_mentions = [(m.start, m.end, key_to_label.get(m.arm)) for m in find_mentions(text, inventory)]
    all_mentions = [m for m in all_mentions if m[2] is not None]
    dates = date_spans(text)
    units = cluster_unit_counts(text, sentences)
    out: list[Pair] = []
    rows: list[dict[str, float]] = []
    for s0, s1 in sentences:
        mentions = [m for m in all_mentions if s0 <= m[0] < s1]
        if not mentions or not _CUE.search(text, s0, s1):
            continue
        counts = size_counts(text, s0, s1, dates)
        # Counts inside an arm mention ("cohort 2", "G1") are labels.
        counts = [c for c in counts if not any(m[0] <= c[1] < m[1] for m in mentions)]
        # "(10 per arm)" in a cluster trial counts each arm's sites.
        counts = [c for c in counts if not any(a <= c[1] < b for a, b in units)]
        for c in counts:
            for label in dict.fromkeys(m[2] for m in mentions):
                each = bool(_EACH_AFTER.match(text, c[2], min(s1, c[2] + 40))
                            or _EACH_BEFORE.search(text, max(s0, c[1] - 100), c[1]))
                out.append(Pair(c[0], c[1], c[2], label, each, each and _enrols(text, s0, s1, c[1], c[2])))
                rows.append(pair_features(text, s0, s1, c, label, mentions, counts, by_label, n_total, sections))
    return out, rows


def _enrols(text: str, s0: int, s1: int, start: int, end: int) -> bool:
    """Whether the clause of the count at ``start:end`` (its sentence ``s0:s1`` cut at ``_CLAUSE_BREAK``) says an
    allocation or enrolment: the verb that makes a count said of every arm the arms' size."""
    breaks = [m.span() for m in _CLAUSE_BREAK.finditer(text, s0, s1)]
    lo = max((b for a, b in breaks if b <= start), default=s0)
    hi = min((a for a, b in breaks if a >= end), default=s1)
    clause = text[lo:hi]
    return bool(_ALLOC.search(clause) or _ENROL.search(clause))


# --- model and decision --------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> dict | None:
    """The model's JSON (``path``, default the shipped one), cached; None when the file is missing."""
    p = Path(path) if path else MODEL_PATH
    return json.loads(p.read_text("utf-8")) if p.exists() else None


#: The deepest tree the generated function scores: each level nests one more bracketed conditional in the source,
#: and Python's parser refuses ~200 nested brackets. A deeper tree (the shipped ones have 3 levels) is walked.
_MAX_GENERATED_DEPTH = 100


def _tree_value(tree: dict, feats: dict[str, float]) -> float:
    """The leaf value of one regression tree (``feature``/``threshold``/``left``/``right``/``value`` arrays;
    a feature absent from ``feats`` is 0), walked node by node."""
    node = 0
    while tree["left"][node] != -1:
        x = feats.get(tree["feature"][node], 0.0)
        node = tree["left"][node] if x <= tree["threshold"][node] else tree["right"][node]
    return tree["value"][node]


def _depth(tree: dict) -> int:
    """The number of tests on the tree's longest path (a lone leaf: 0), counted without recursion."""
    deepest, todo = 0, [(0, 0)]
    while todo:
        i, d = todo.pop()
        if tree["left"][i] == -1:
            deepest = max(deepest, d)
        else:
            todo += [(tree["left"][i], d + 1), (tree["right"][i], d + 1)]
    return deepest


def _compile_leaves(trees: list[dict]) -> Callable[[dict[str, float]], tuple[float, ...]]:
    """One generated function giving each tree's leaf value for the features, in tree order (~4x faster than
    walking the trees). A tree is ``feature``/``threshold``/``left``/``right``/``value`` arrays: from node 0, go
    left where the feature (absent from the features: 0) is at most the threshold, else right, down to a leaf
    (``left`` -1). The function reads each feature the trees test once, into a list, then indexes it. Trees
    deeper than ``_MAX_GENERATED_DEPTH`` cannot be written as one expression; they are walked (``_tree_value``).

    Only integers enter the source: names, thresholds and leaf values are read from tuples by index, so no text
    of the file is executed and every value is the very float the JSON holds."""
    if any(_depth(t) > _MAX_GENERATED_DEPTH for t in trees):
        return lambda feats: tuple(_tree_value(t, feats) for t in trees)
    names: dict[str, int] = {}
    numbers: list[float] = []

    def number(value: float) -> int:
        numbers.append(value)
        return len(numbers) - 1

    def node(tree: dict, i: int) -> str:
        if tree["left"][i] == -1:
            return f"N[{number(tree['value'][i])}]"
        k = names.setdefault(tree["feature"][i], len(names))
        return (f"({node(tree, tree['left'][i])} if v[{k}] <= N[{number(tree['threshold'][i])}] "
                f"else {node(tree, tree['right'][i])})")

    # Each tree's expression ends with its comma, so no trees is the empty tuple (a model of its prior alone).
    body = "".join(f"\n        {node(t, 0)}," for t in trees)
    src = f"def leaves(x):\n    g = x.get\n    v = [g(n, 0.0) for n in F]\n    return ({body}\n    )\n"
    scope: dict = {"F": tuple(names), "N": tuple(numbers)}
    exec(compile(src, "<arm-size-trees>", "exec"), scope)  # noqa: S102 - generated from indices only
    return scope["leaves"]


#: The generated functions of the tree lists scored so far, by the list's id (the list is kept, so the id is not
#: reused while cached); a model's trees are read-only once scored.
_LEAVES: dict[int, tuple[list[dict], Callable[[dict[str, float]], tuple[float, ...]]]] = {}


def _leaves(trees: list[dict]) -> Callable[[dict[str, float]], tuple[float, ...]]:
    """``_compile_leaves`` of the trees, compiled once per tree list."""
    hit = _LEAVES.get(id(trees))
    if hit is None or hit[0] is not trees:
        if len(_LEAVES) >= 8:
            # A run scores the one shipped model; the training tool scores its ~40 held-out models in turn for each
            # threshold it tries, recompiling each time (~8 ms against ~25 us saved a row), so a few entries do.
            _LEAVES.clear()
        hit = _LEAVES[id(trees)] = (trees, _compile_leaves(trees))
    return hit[1]


def probability(model: dict, feats: dict[str, float]) -> float:
    """The model's P(this count is this arm's size): boosted trees (``trees``) or a logistic (``weights``).

    The trees are scored by a function generated once per tree list (``_leaves``, cached by the list's identity):
    a list must not be changed in place once scored (build a new list instead), or its old function is used."""
    if "trees" in model:
        z = model["init"] + model["learning_rate"] * sum(_leaves(model["trees"])(feats))
        return sparse_logistic({}, z, {})
    return sparse_logistic(model["weights"], model["intercept"], feats)


def _best_pair_per_arm(model: dict, found: list[Pair], scored: list[tuple[float, int]]) -> Iterator[Pair]:
    """Each arm's best pair, best probability first, down to the model's threshold: an arm takes one pair, a
    count span goes to one arm (a count "each"/"per group" to every arm). ``decide`` and ``_whole_assignment``
    share this one greedy pass so the two readings cannot drift apart."""
    taken: set[str] = set()
    used: set[tuple[int, int]] = set()
    for p, i in scored:
        if p < model["threshold"]:  # scored is sorted: every later pair is below too
            break
        pr = found[i]
        if pr.arm in taken or (pr.start, pr.end) in used:
            continue
        if not pr.each:
            used.add((pr.start, pr.end))
        taken.add(pr.arm)
        yield pr


def short_of_total(found: list[Pair], n_total: int | None, n_arms: int) -> list[bool]:
    """Per pair, whether its count can be the arm's size: in a trial of two or more arms with a stated total, no
    arm holds the whole sample ("41 type 2 diabetic patients were randomised to BMMNC or BMMSC": 41 is no arm's),
    whatever the model scores; with one arm, or no total stated, every count can. Not where the "total" is one
    arm's count said per arm ("each arm enrolled 30 patients") or twice ("41 consecutive patients ... with 41
    historical controls"): the total read was then an arm's size, and the arms are equal."""
    if not n_total or n_arms < 2:
        return [True] * len(found)
    at_total = [pr for pr in found if pr.n == n_total]
    if any(pr.each for pr in at_total) or len({(pr.start, pr.end) for pr in at_total}) >= 2:
        return [True] * len(found)
    return [pr.n != n_total for pr in found]


def decide(model: dict, found: list[Pair], rows: list[dict[str, float]], arms: list[dict],
           n_total: int | None) -> dict[str, Pair]:
    """Arm label -> the pair that sizes it, best probability first at or above the threshold, one arm per count
    span. Either the open arms (no size yet) only: a sized arm's best count is its own, no open arm's, and the
    open arms' sizes are dropped altogether when the arms' sizes then exceed the stated total or, every arm sized,
    miss it. Or, where the rules' sizes miss the stated total and the model's sizes of every arm make it
    (``_whole_assignment``), the arms whose size the model changes, sized arms included: the caller replaces
    their rules' size. First of all, one enrolling count said of every arm (``shared_size``) sizes the open arms,
    whatever the model scores."""
    base = [a for a in arms if not a.get("members")]
    shared = shared_size(found, base, n_total)
    if shared:
        return shared
    open_arms = {a["label"] for a in base if a.get("n_patients") is None and a.get("n_limbs") is None}
    found_ok = short_of_total(found, n_total, len(base))
    if n_total and any(pr.each and pr.n == n_total for pr in found):
        # "each arm enrolled 30 patients" read as the total: 30 is every arm's count, no sum of the arms' sizes.
        n_total = None
    if n_total and len(base) >= 3:
        # "Twelve patients received AD-MSC: cohort 1 (n = 4) ...": an arm holding the whole total is the pooled
        # cohort, no part of the sum.
        pooled = [a for a in base if a.get("n_patients") == n_total]
        base = [a for a in base if a.get("n_patients") != n_total]
    else:
        pooled = []
    # Every arm takes part, sized or not: a count goes to the arm the model ties it to most ("15/24 in the cell
    # group vs placebo": the cell arm's denominator, though the rules sized that arm), and an arm already sized
    # keeps its size while its best count is no other arm's.
    scored = sorted(((probability(model, r), i) for i, r in enumerate(rows) if found_ok[i]),
                    key=lambda p: (-p[0], found[p[1]].start, found[p[1]].arm))
    chosen: dict[str, Pair] = {}
    for pr in _best_pair_per_arm(model, found, scored):
        if pr.arm in open_arms:  # a sized arm's best count is claimed by it: skipped, kept from the open arms
            chosen[pr.arm] = pr
    whole = _whole_assignment(model, found, scored, base, n_total) if not pooled else {}
    if whole:
        return whole
    if not chosen or not n_total:
        return chosen
    sizes = [chosen[a["label"]].n if a["label"] in chosen else a.get("n_patients") for a in base]
    known = [s for s in sizes if s is not None]
    if sum(known) > n_total or (len(known) == len(base) and sum(known) != n_total and not pooled):
        return {}
    return chosen


def shared_size(found: list[Pair], base: list[dict], n_total: int | None) -> dict[str, Pair]:
    """Arm label -> pair for the open arms where one count is said of every arm ("each arm enrolled 20 patients",
    "randomised to A, B or C, 15 per arm"): the arms' size whatever the model scores each pair, as the count names
    no arm in particular, so an arm far from it (the third of three) scores low for no reason of its own. Only where
    the sentence names every arm beside that one count, no other count is said per arm ("one per group withdrew,
    leaving 24 per group": which?), no arm is sized otherwise or in limbs, and the arms' sizes make the stated
    total, or the total read is that count itself (the total of "each arm enrolled 20 patients" read as 20): with
    no total to check, the model decides. The count's clause must allocate or enrol (``Pair.enrolled``): where the
    total read is the count itself the total checks nothing, and "each arm screened 40 patients" or "each arm had
    20 patients aged over 60" is not the arms' size."""
    each = {pr.n for pr in found if pr.each}
    if len(each) != 1 or not all(pr.enrolled for pr in found if pr.each) or len(base) < 2 or not n_total:
        return {}
    n = next(iter(each))
    if n * len(base) != n_total and n != n_total:
        return {}
    by_arm = {pr.arm: pr for pr in reversed(found) if pr.each}  # reversed: each arm's first pair wins
    if set(by_arm) != {a["label"] for a in base}:
        return {}
    if any(a.get("n_limbs") is not None or a.get("n_patients") not in (None, n) for a in base):
        return {}
    return {a["label"]: by_arm[a["label"]] for a in base if a.get("n_patients") is None}


def _whole_assignment(model: dict, found: list[Pair], scored: list[tuple[float, int]], base: list[dict],
                      n_total: int | None) -> dict[str, Pair]:
    """Arm label -> pair where the model, every arm taken as open, sizes every arm and the sizes add up to the
    stated total while the rules' sizes do not: "9 of 14 treated with ADSC sheets" read as an arm's size by the
    rules gives way to "39 received the ADSC sheet (ADSC group) and 37 the foam dressing (control group)" of a
    76-patient trial. The stated total is the check the rules' reading failed; the arms whose rules size is
    already the model's keep it (returned only for arms whose size changes or was open). Empty otherwise, and
    where an arm is sized in limbs (the total may count patients, the arms limbs)."""
    if not n_total or len(base) < 2 or any(a.get("n_limbs") is not None for a in base):
        return {}
    rules = [a.get("n_patients") for a in base]
    if all(n is not None for n in rules) and sum(rules) == n_total:
        return {}
    whole = {pr.arm: pr for pr in _best_pair_per_arm(model, found, scored)}
    if len(whole) != len(base) or sum(pr.n for pr in whole.values()) != n_total:
        return {}
    return {a["label"]: whole[a["label"]] for a in base if a.get("n_patients") != whole[a["label"]].n}


# --- the stage -----------------------------------------------------------------------------------------------------



def snapshot(text: str, sentences: list[tuple[int, int]], sections: list[tuple[int, int, str]], arms: list[dict],
             n_total: int | None, total_span: tuple[int, int] | None) -> dict:
    """The stage's inputs as plain JSON (what training replays)."""
    keep = []
    for a in arms:
        b = {k: copy.deepcopy(a.get(k)) for k in ARM_FIELDS}
        ev = a.get("evidence") or {}
        b["evidence"] = {"text": ev.get("text"), "start": ev.get("start")}
        keep.append(b)
    return {"text": text, "sentences": [list(s) for s in sentences], "sections": [list(s) for s in sections],
            "arms": keep, "n_total": n_total, "total_span": list(total_span) if total_span else None}


#: Rules' sizes the model never replaces: the patients a cluster arm's own units enrolled ("The pathway hospitals
#: enrolled 121 patients and the usual-care hospitals 113"), where a stated "total" is often one arm's count.
_KEPT_SOURCES = frozenset({"cluster_enrolment"})


def size_model_stage(text: str, sentences: list[tuple[int, int]], sections: list[tuple[int, int, str]],
                     arms: list[dict], n_total: int | None, total_span: tuple[int, int] | None = None) -> list[str]:
    """Size the arms (in place) with the counts ``decide`` picks: the arms the rules left without a size, or, where
    the rules' sizes miss the stated total and the model's sizes of every arm make it, the arms whose rules' size
    the model's replaces (the replaced size kept under ``size_replaced``); returns flags (``arm_size_model``, and
    ``arm_size_replaced`` where a rules' size was replaced)."""
    sink = _SWITCH.collect
    if sink is not None:
        sink.append(snapshot(text, sentences, sections, arms, n_total, total_span))
    model = load_model()
    if not _SWITCH.enabled or model is None:
        return []
    base = [a for a in arms if not a.get("members")]
    sizes = [a.get("n_patients") for a in base]
    if not any(a.get("n_patients") is None and a.get("n_limbs") is None for a in base) and (
            not n_total or None in sizes or sum(sizes) == n_total):
        # Every arm sized, and the sizes add up to the stated total (or none is stated, or an arm counts limbs):
        # nothing to decide.
        return []
    found, rows = pairs(text, sentences, sections, base, n_total)
    if not found:
        return []
    chosen = decide(model, found, rows, base, n_total)
    if not chosen:
        return []
    from stemfoot.extract.arm_sizes import _evidence

    flags = ["arm_size_model"]
    for a in base:
        pr = chosen.get(a["label"])
        if pr is None or (a.get("size_from") or {}).get("n_patients") in _KEPT_SOURCES:
            continue
        if a.get("n_patients") is not None:
            # The model's size replaces the rules' (``_whole_assignment``): keep what it replaced, its source
            # (None: a plain rules reading) and evidence, so a reviewer sees both readings, not only the winner.
            a["size_replaced"] = {"n": a["n_patients"], "from": (a.get("size_from") or {}).get("n_patients"),
                                  "evidence": a.get("n_evidence")}
            # The arm record is not stored in the corpus; the study's flags are, so the reviewer learns of it there.
            if "arm_size_replaced" not in flags:
                flags.append("arm_size_replaced")
        a["n_patients"] = pr.n
        a["n_evidence"] = _evidence(text, sentences, (pr.start, pr.end), 0.5)
        a.setdefault("size_from", {})["n_patients"] = "size_model"
    return flags
