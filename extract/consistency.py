"""Consistency checks over one study's attributed facts: flag, never fix.

A fact is a plain dict: ``arm``, ``outcome``, ``timepoint``, ``kind`` and the values
(``events``, ``total``, ``percent``, ``mean``, ``sd`` ...), ``start``/``end`` offsets,
optionally ``sentence`` (start, end), ``measure`` ("baseline"/"follow-up"),
``pair`` (an id shared by the two ends of a before->after pair) and ``section``.
Every check returns violations; callers decide (the facts are left untouched).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from stemfoot.extract.pattern_data import load_patterns
from stemfoot.schemas import not_result_terms

#: This module's regexes, as data in patterns/consistency.json (compiled once, here); the product's units,
#: nouns and verbs are vocabulary (schemas/not_results.json).
_RX = load_patterns("consistency", CELLS=not_result_terms("units:cells"), VOLUME=not_result_terms("units:volume"),
                    DOSE=not_result_terms("units:dose"), MARKERS=not_result_terms("markers"),
                    NOUNS=not_result_terms("nouns"), VERBS=not_result_terms("verbs"),
                    CELL_NOUNS=not_result_terms("cell_nouns"))


@dataclass(frozen=True)
class Violation:
    """One broken rule: a code, the facts involved (indices into the input), and a reason."""

    code: str
    facts: tuple[int, ...]
    message: str


def _key(f: dict) -> tuple:
    return f.get("arm"), f.get("outcome"), f.get("timepoint")


def restates(a: dict, b: dict, tol: float = 1.0) -> bool:
    """True when one fact is the other's count written as a percentage (or the same count twice)."""
    def pct(f: dict) -> float | None:
        if f.get("percent") is not None:
            return f["percent"]
        if f.get("events") is not None and f.get("total"):
            return 100.0 * f["events"] / f["total"]
        return None
    pa, pb = pct(a), pct(b)
    if pa is not None and pb is not None:
        return abs(pa - pb) <= tol
    return a.get("events") is not None and a.get("events") == b.get("events")


def one_fact_per_key(facts: list[dict]) -> list[Violation]:
    """One fact per (arm, outcome, timepoint). A percentage that restates a count is the same
    fact (``same_fact``: keep one, never add them); two different values clash (``conflicting_facts``)."""
    out = []
    groups: dict[tuple, list[int]] = {}
    for i, f in enumerate(facts):
        if f.get("arm") is None or f.get("outcome") is None or f.get("kind") in {"p_value", "effect"}:
            continue
        groups.setdefault(_key(f), []).append(i)
    for key, idx in groups.items():
        for j, a in enumerate(idx):
            for b in idx[j + 1:]:
                fa, fb = facts[a], facts[b]
                if fa.get("measure") != fb.get("measure"):
                    continue
                if restates(fa, fb):
                    out.append(Violation("same_fact", (a, b), f"{key}: one fact written twice; count it once"))
                elif _comparable(fa, fb):
                    out.append(Violation("conflicting_facts", (a, b), f"{key}: two different values"))
    return out


def _comparable(a: dict, b: dict) -> bool:
    binary = {"events", "percent"}
    continuous = {"mean", "mean_sd", "median"}
    return (a.get("kind") in binary and b.get("kind") in binary) or (a.get("kind") in continuous and b.get("kind") in continuous
                                                                    and a.get("kind") == b.get("kind"))


def bounds(facts: list[dict], arm_sizes: dict[str, int | None]) -> list[Violation]:
    """events <= total <= arm size; percentages within 0..100."""
    out = []
    for i, f in enumerate(facts):
        e, t = f.get("events"), f.get("total")
        if e is not None and t is not None and e > t:
            out.append(Violation("events_exceed_total", (i,), f"{e} events of {t}"))
        size = arm_sizes.get(f.get("arm")) if f.get("arm") is not None else None
        for name, v in (("total", t), ("events", e)):
            if v is not None and size is not None and v > size and f.get("unit", "patients") == "patients":
                out.append(Violation(f"{name}_exceeds_arm_size", (i,), f"{name} {v} > arm size {size}"))
                break
        p = f.get("percent")
        if p is not None and not 0 <= p <= 100:
            out.append(Violation("percent_out_of_range", (i,), f"{p}%"))
    return out


def pairs_in_one_arm(facts: list[dict]) -> list[Violation]:
    """The two ends of a before->after pair ("from 18 to 31") belong to one arm."""
    by_pair: dict[object, list[int]] = {}
    for i, f in enumerate(facts):
        if f.get("pair") is not None:
            by_pair.setdefault(f["pair"], []).append(i)
    return [Violation("pair_split_across_arms", tuple(idx), f"before/after pair {pid} on arms "
                      f"{sorted({str(facts[i].get('arm')) for i in idx})}")
            for pid, idx in by_pair.items() if len({facts[i].get("arm") for i in idx}) > 1]


@lru_cache(maxsize=64)
def cites_work(words: str) -> bool:
    """Whether a sentence's words cite other work (``CITED``: "previous studies", "et al", "[12]").

    A bracketed lo-hi range right after a value is that value's own interval ("210 m [150-320]") only when the value
    lies within it; "Amputation rates reach 30% [5-7]" cites references 5 to 7, so its 30% is background, not this
    study's result. The comparison needs the numbers, so it is made here rather than in the regex.
    """
    own = {m.start("bracket") for m in _RX.VALUE_INTERVAL.finditer(words)
           if int(m["lo"]) <= float(m["value"]) <= int(m["hi"])}
    # "No ... was reported": this study's zero, not cited work (``NEGATED_REPORT``). Only its closing "was reported"
    # is exempt; "earlier studies" inside the same negated clause still cites.
    zeros = {m.start("report") for m in _RX.NEGATED_REPORT.finditer(words)}
    return any(m.start() not in own and m.start() not in zeros for m in _RX.CITED.finditer(words))


def cited_results(facts: list[dict], text: str) -> list[Violation]:
    """Numbers in background sentences that report cited work are not this study's results."""
    out = []
    for i, f in enumerate(facts):
        if f.get("arm") is None:
            continue
        sent = f.get("sentence")
        words = text[sent[0]:sent[1]] if sent else ""
        if f.get("section") == "background" or (words and cites_work(words)):
            out.append(Violation("cited_result", (i,), "a number from cited work or background, not a result"))
    return out




def prognostic_effect(words: str) -> bool:
    """Whether the words before an effect estimate (from its sentence's start or the previous value) give a patient
    characteristic's association with the outcome, not the treatment's: "Dialysis dependence was independently
    associated with amputation (HR 3.8, ...)", "baseline TcPO2 below 20 mmHg predicted major amputation (OR 3.4,
    ...)". The words before the first verb of association name the exposure: a characteristic
    (``PROGNOSTIC_FACTOR``, covariates adjusted for aside) and no treatment or arm anywhere before the estimate
    (``TREATMENT_EXPOSURE``: "healing was more likely in patients receiving cells")."""
    words = _RX.ADJUSTMENT.sub(" ", words)
    verb = _RX.PROGNOSTIC_VERB.search(words)
    if verb is None:
        return False
    return bool(_RX.PROGNOSTIC_FACTOR.search(words[:verb.start()])) and not _RX.TREATMENT_EXPOSURE.search(words)


def _lead_start(facts: list[dict], fact: dict) -> int:
    """Where the words before ``fact`` begin: its sentence's start or the end of the sentence's previous value
    ("Smoking was associated with amputation (HR 2.4, ...), while allocation to cells reduced it (HR 0.40, ...)")."""
    sent, start = fact["sentence"], fact.get("start", 0)
    ends = [g.get("end", 0) for g in facts if g.get("sentence") == sent and g.get("end", 0) <= start]
    return max([sent[0], *ends])


def participant_flow(text: str, start: int, end: int, sentence: tuple[int, int] | None = None) -> bool:
    """Whether the count at ``text[start:end]`` is participant flow, not an outcome: the patients who completed or
    left the study (``DISPOSITION``: "38/40 completed 12 months"), who got the study's treatment or their allocation
    (``FLOW``: "49 of the 74 patients in intervention clinics received cell therapy"), or a bracket that splits
    such a count by arm (``FLOW_LEAD``: "38/40 completed 12 months (BMAC 19/20; sham 19/20)"). A span that runs on
    past its count ("40 patients received the allocated treatment") is read from the count's end (``SPAN_COUNT``)."""
    head = _RX.SPAN_COUNT.match(text, start, end)
    ends = {end, head.end()} if head else {end}
    if any(_RX.DISPOSITION.match(text, e) or _RX.FLOW.match(text, e) for e in ends):
        return True
    s0 = sentence[0] if sentence and sentence[1] > sentence[0] else 0
    return bool(_RX.FLOW_LEAD.search(text[s0:start]))


@lru_cache(maxsize=16)
def factorial(text: str) -> bool:
    """Whether the text states a factorial design (``FACTORIAL``): its cells are arms the inventory often misses
    (cached: several stages ask it of the same abstract)."""
    return bool(_RX.FACTORIAL.search(text))


def pooled_side(text: str, sentence: tuple[int, int] | None, start: int | None = None, end: int | None = None) -> bool:
    """Whether a value's clause (its sentence's part between ";" outside brackets, when ``start``/``end`` are
    given; else the sentence), in a factorial trial, compares the pooled sides of one factor ("The main effect of
    HBOT was not significant (28/47 vs 23/49)"): each side holds two cells, so no single cell takes the value (the
    golds give it to the pooled sides). The cells' own clause before "; the main effect of ADSC was significant"
    keeps its values."""
    if not sentence or sentence[1] <= sentence[0] or not factorial(text):
        return False
    s0, s1 = sentence if start is None or end is None else _top_clause(text, sentence, start, end)
    if start is not None and end is not None:
        # A full stop before a capital inside the "sentence" is a split the splitter missed ("… in Arms A to D.
        # Healing was 27 of 40 with ADSC (Arms A and B) …"): the cells' list before it is no pooled side (round 41).
        s0 = max([m.end() for m in _RX.SOFT_STOP.finditer(text, s0, start)] + [s0])
        s1 = min([m.start() for m in _RX.SOFT_STOP.finditer(text, end, s1)] + [s1])
    return bool(_RX.POOLED_SIDE.search(text, s0, s1))


def _top_clause(text: str, sentence: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The part of ``sentence`` between the ";" around ``text[start:end]``; a ";" inside brackets ("(28/47 vs
    23/49; P = 0.23)") splits no clause."""
    s0, s1 = sentence
    depth = 0
    for i in range(sentence[0], sentence[1]):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth = max(0, depth - 1)
        elif text[i] == ";" and depth == 0:
            if i < start:
                s0 = i + 1
            elif i >= end:
                return s0, i
    return s0, s1


def _denominator_starts(text: str, sentence: tuple[int, int] | None) -> set[int]:
    """Where the two totals of a "9 treated and 8 placebo legs ... healed in 7 and 3 legs, respectively" sentence
    (``TOTALS_THEN_EVENTS``) or of an "Of the 14 UC-MSC and 15 sham patients with ulcers, 10 and 5 healed" sentence
    (``SUBSET_TOTALS``) begin."""
    if not sentence or sentence[1] <= sentence[0]:
        return set()
    # Events never outnumber their totals: "14 cell and 6 control patients at 12 weeks ... 20 and 9 at 24 weeks,
    # respectively" are events twice over.
    return {m.start(g) for rx in (_RX.TOTALS_THEN_EVENTS, _RX.SUBSET_TOTALS) for m in rx.finditer(text, *sentence)
            if int(m.group("e1")) <= int(m.group("n1")) and int(m.group("e2")) <= int(m.group("n2"))
            for g in ("n1", "n2")}


def not_results(facts: list[dict], text: str) -> list[Violation]:
    """Values of a sample-size calculation ("assuming closure rates of 55% and 30%"), participant-flow counts
    ("38/40 completed 12 months", "49 of the 74 patients ... received cell therapy") and a patient characteristic's
    effect estimate (``prognostic_effect``) are not outcome results of the treatment, nor are two arms' totals
    before their events' "respectively" list (``TOTALS_THEN_EVENTS``); a factorial trial's pooled side
    (``pooled_side``) is no one arm's result."""
    out = []
    for i, f in enumerate(facts):
        sent = f.get("sentence")
        words = text[sent[0]:sent[1]] if sent else ""
        if words and _RX.PLANNED.search(words):
            out.append(Violation("planned_value", (i,), "a value of a sample-size calculation, not a result"))
        elif f.get("kind") == "events" and f.get("total") is None and f.get("start") in _denominator_starts(text, sent):
            out.append(Violation("denominator_count", (i,), "an arm's total before its events' respectively list, "
                                 "not events"))
        elif f.get("kind") == "events" and participant_flow(text, f.get("start", 0), f.get("end", 0), sent):
            out.append(Violation("disposition_count", (i,), "participant flow (treated, completed, left), not an "
                                 "outcome"))
        elif f.get("kind") not in {"effect", "p_value"} and pooled_side(text, sent, f.get("start"), f.get("end")):
            out.append(Violation("pooled_side", (i,), "a factorial trial's pooled side, not one arm's value"))
        elif f.get("kind") == "effect" and sent and prognostic_effect(text[_lead_start(facts, f):f.get("start", 0)]):
            out.append(Violation("prognostic_effect", (i,), "a patient characteristic's effect, not the treatment's"))
    return out


def product_quantity(text: str, start: int, end: int, sentence: tuple[int, int] | None = None,
                     kind: str | None = None) -> str | None:
    """Why the value at ``text[start:end]`` measures the treatment product, not an outcome (None when nothing
    says so): ``unit:cells`` / ``unit:volume`` / ``unit:dose`` (the unit written after it: "x 10^9 cells", "mL",
    "ug/kg"; or it is the power of "x 10^8"), ``marker`` (a percentage of the product's cells: "of which 1.2%
    were CD34+"), ``subject`` (its clause's subject is the product: "the number of injected cells was ...")."""
    s0, s1 = sentence if sentence and sentence[1] > sentence[0] else (0, len(text))
    after = text[end:min(s1, end + 60)]
    unit = _RX.PRODUCT_UNIT.match(after)
    if unit:
        return "unit:" + next(k for k in ("cells", "volume", "dose") if unit.group(k))
    if _RX.EXPONENT.search(text[max(s0, start - 8):start]):
        return "unit:cells"
    if kind == "percent" and _RX.PRODUCT_MARKER.match(after) and _RX.PRODUCT_SENTENCE.search(text, s0, s1):
        return "marker"
    clause_start = s0
    for m in _RX.CLAUSE_SEP.finditer(text, s0, start):
        clause_start = m.end()
    if _RX.PRODUCT_SUBJECT.search(text[clause_start:start]):
        return "subject"
    return None


def product_quantities(facts: list[dict], text: str) -> list[Violation]:
    """Cell doses and counts, harvest volumes and drug doses (the product's quantities) are not outcome results."""
    out = []
    for i, f in enumerate(facts):
        if "start" not in f or not text or f.get("kind") == "p_value":
            continue
        why = product_quantity(text, f["start"], f["end"], f.get("sentence"), f.get("kind"))
        if why:
            out.append(Violation("product_quantity", (i,), f"a quantity of the treatment product ({why}), not a result"))
    return out


def check(facts: list[dict], text: str = "", arm_sizes: dict[str, int | None] | None = None) -> list[Violation]:
    """All checks over one study's facts."""
    return [*one_fact_per_key(facts), *bounds(facts, arm_sizes or {}), *pairs_in_one_arm(facts),
            *cited_results(facts, text), *not_results(facts, text), *product_quantities(facts, text)]
