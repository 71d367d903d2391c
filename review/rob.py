"""Machine risk-of-bias suggestions from trial text: RoB 2 (randomised) and ROBINS-I (non-randomised).

Pipeline: ``find_signals`` matches the patterns in ``schemas/rob_patterns.json``
sentence by sentence (each signal keeps its sentence and character offsets in
the input text), ``judge_rob2`` / ``judge_robins`` turn signals into domain
judgements with their signalling reasons, ``overall_rob2`` / ``overall_robins``
combine the domains. ``assess`` runs the whole chain. Pure functions: no
spaCy, no database. The output is a *suggestion* for a reviewer, who confirms
or overrides it.

RoB 2 domain rules (signalling questions of Sterne et al. BMJ 2019, applied
to what the text states; "NI" = the text says nothing):

- D1 randomisation: non-random sequence (alternation, date of birth, record
  number) or unconcealed allocation -> high; concealed allocation (central /
  pharmacy / sealed opaque envelopes) -> low, or some concerns if baseline
  imbalance is reported; concealment NI -> some concerns (RoB 2: 1.2 NI and
  1.3 N/NI), but high if baseline imbalance is reported (1.2 NI and 1.3 Y);
  nothing at all -> no_information.
- D2 deviations (effect of assignment): part 1: participants and personnel
  blinded (double/triple blind, placebo, sham, or both stated) -> low; aware
  or NI -> low unless deviations arising from the trial context are reported
  (cross-over, contamination, protocol violations -> some concerns), as RoB 2
  question 2.3 decides awareness. Part 2 analysis: ITT or modified ITT -> low;
  per-protocol / completers only -> some concerns, high if > 20 % of the
  randomised are excluded; not stated -> low unless > 5 % are missing (then
  some concerns). Domain = worse part.
- D3 missing outcome data: loss <= 5 % of randomised (or "no loss") -> low;
  5-20 % -> some concerns; > 20 % -> high; losses stated without a
  denominator -> some concerns; a randomised count with no loss mentioned ->
  low (3.1 PY); nothing -> no_information.
- D4 outcome measurement: assessors blinded (explicitly, or double/triple
  blind, placebo, sham) -> low; otherwise the primary-outcome sentences decide
  (RoB 2 4.4/4.5): objective outcome vocabulary -> low; participant-reported
  outcome in an open trial -> high; open label / single blind otherwise ->
  some concerns; nothing -> no_information.
- D5 selection of the reported result: a pre-specified protocol / analysis
  plan stated -> low; a registration alone -> some concerns (question 5.1 asks
  for an analysis plan; whether registration was prospective and outcomes
  match needs a reviewer); nothing -> some concerns.

Overall (RoB 2 algorithm): all domains low -> low; any high -> high; some
concerns (no_information counts as some concerns) in at least ``several``
domains (default 3, i.e. most of the five) -> high, since RoB 2 allows "some
concerns in multiple domains in a way that substantially lowers confidence";
otherwise some concerns.

ROBINS-I (Sterne et al. BMJ 2016) rules are in :func:`judge_robins`; overall
is the worst domain, except that NI in any domain with no serious/critical
domain gives no_information (ROBINS-I guidance).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

ROB2_JUDGEMENTS = ("low", "some_concerns", "high", "no_information")
ROBINS_JUDGEMENTS = ("low", "moderate", "serious", "critical", "no_information")

ROB2_DOMAINS: dict[str, str] = {
    "D1": "Randomisation process",
    "D2": "Deviations from intended interventions",
    "D3": "Missing outcome data",
    "D4": "Measurement of the outcome",
    "D5": "Selection of the reported result",
}
ROBINS_DOMAINS: dict[str, str] = {
    "D1": "Confounding",
    "D2": "Selection of participants",
    "D3": "Classification of interventions",
    "D4": "Deviations from intended interventions",
    "D5": "Missing data",
    "D6": "Measurement of outcomes",
    "D7": "Selection of the reported result",
}

# Attrition thresholds (fraction of randomised participants without outcome data).
ATTRITION_LOW = 0.05
ATTRITION_HIGH = 0.20
REGISTRY_VALUES = ("nct", "isrctn", "chictr", "eudract", "ctri", "actrn", "drks", "umin", "irct")


class RobError(ValueError):
    """Bad input to the risk-of-bias tools (one line, names the record)."""


@dataclass(frozen=True)
class Signal:
    """One matched text signal with provenance (offsets into the assessed text)."""

    signal: str
    value: str
    text: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    number: int | None = None
    arm: str | None = None
    denominator: int | None = None  # "of the 193 patients, 186 completed": 193

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("signal", "value", "text", "start", "end", "sentence",
                                              "sentence_start", "number", "arm", "denominator")}


@dataclass(frozen=True)
class DomainJudgement:
    """A domain's judgement, the reasons (signalling answers) and the evidence signals."""

    domain: str
    name: str
    judgement: str
    reasons: tuple[str, ...]
    evidence: tuple[Signal, ...] = ()

    def to_dict(self) -> dict:
        return {"domain": self.domain, "name": self.name, "judgement": self.judgement,
                "reasons": list(self.reasons), "evidence": [s.to_dict() for s in self.evidence]}


@dataclass(frozen=True)
class Attrition:
    """Randomised and lost counts as stated; ``fraction`` is None when either is missing."""

    randomised: int | None
    lost: int | None
    per_arm: dict[str, int]
    no_loss_stated: bool
    reason: str

    @property
    def fraction(self) -> float | None:
        if self.no_loss_stated and self.lost is None:
            return 0.0
        if self.randomised and self.lost is not None and self.randomised > 0:
            return self.lost / self.randomised
        return None


@dataclass
class RobAssessment:
    """Domain judgements + overall for one study, with every signal found."""

    study_id: str
    tool: str  # "RoB 2" or "ROBINS-I"
    domains: list[DomainJudgement]
    overall: str
    overall_reason: str
    signals: list[Signal] = field(default_factory=list)
    attrition: Attrition | None = None

    @property
    def registrations(self) -> list[str]:
        """Distinct trial registration ids, in order of appearance."""
        seen: dict[str, None] = {}
        for s in self.signals:
            if s.signal == "registration" and s.value in REGISTRY_VALUES:
                seen.setdefault(re.sub(r"\s+", "", s.text), None)
        return list(seen)

    def judgement(self, domain: str) -> str:
        return next(d.judgement for d in self.domains if d.domain == domain)

    def to_dict(self) -> dict:
        att = self.attrition
        return {
            "study_id": self.study_id, "tool": self.tool, "overall": self.overall,
            "overall_reason": self.overall_reason,
            "domains": {d.domain: d.to_dict() for d in self.domains},
            "registrations": self.registrations,
            "attrition": None if att is None else {
                "randomised": att.randomised, "lost": att.lost, "per_arm": att.per_arm,
                "fraction": att.fraction, "reason": att.reason},
            "signals": [s.to_dict() for s in self.signals],
        }


# ---------------------------------------------------------------- patterns

@dataclass(frozen=True)
class Patterns:
    """Compiled pattern file."""

    signals: dict[str, dict[str, list[re.Pattern]]]
    negates: dict[str, list[str]]
    number_words: dict[str, int]
    outcome_terms: dict[str, re.Pattern] = field(default_factory=dict)


def load_patterns(path: str | Path | None = None) -> Patterns:
    """Compile a pattern file (default: the packaged ``schemas/rob_patterns.json``)."""
    try:
        if path is None:
            raw = resources.files("stemfoot.schemas").joinpath("rob_patterns.json").read_text(encoding="utf-8")
        else:
            raw = Path(path).read_text(encoding="utf-8")
        data = json.loads(raw)
        signals = {sig: {val: [re.compile(p, re.IGNORECASE) for p in pats] for val, pats in vals.items()}
                   for sig, vals in data["signals"].items()}
        terms = {k: _term_regex(ws) for k, ws in data.get("outcome_terms", {}).items() if not k.startswith("_")}
    except (OSError, json.JSONDecodeError, KeyError, re.error) as exc:
        raise RobError(f"{path or 'rob_patterns.json'}: cannot load risk-of-bias patterns ({exc})") from None
    return Patterns(signals, data.get("negates", {}),
                    {k.lower(): int(v) for k, v in data.get("number_words", {}).items()}, terms)


def _term_regex(words: list[str]) -> re.Pattern:
    """One regex for a vocabulary: acronyms (any capital letter: CT, HbA1c, QoL) match case-sensitively."""
    acr = [re.escape(w) for w in words if w != w.lower()]
    low = [re.escape(w) for w in words if w == w.lower()]
    alts = ([r"(?-i:(?:" + "|".join(acr) + "))"] if acr else []) + low
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def default_patterns() -> Patterns:
    return load_patterns()


# ---------------------------------------------------------------- sentences and signals

_ABBREV = {"e.g", "i.e", "vs", "et al", "fig", "figs", "no", "dr", "approx", "ca", "cf", "resp", "ref", "tab", "eq"}
_BOUNDARY = re.compile(r"[.!?](?=[\s\"')\]]*\s+[\"'(\[]?[A-Z0-9])|\n\s*\n|\n(?=[A-Z][A-Za-z ]{0,40}:)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) over ``text``; a light rule splitter that keeps offsets."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end() if m.group().startswith((".", "!", "?")) else m.start()
        if m.group() == ".":
            word = re.search(r"([A-Za-z][A-Za-z. ]{0,6})$", text[start:m.start()])
            if word and word.group(1).strip().lower().split(" ")[-1] in _ABBREV | {"et al"} or \
                    re.search(r"\bet al$", text[max(start, m.start() - 6):m.start()]) or \
                    re.search(r"(?:^|\s)[A-Z]$", text[max(start, m.start() - 2):m.start()]):
                continue
        if text[start:end].strip():
            spans.append(_trim(text, start, end))
        start = end
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _number(raw: str | None, words: dict[str, int]) -> int | None:
    if raw is None:
        return None
    raw = raw.replace(",", "")
    if raw.isdigit():
        return int(raw)
    return words.get(raw.lower())


def find_signals(text: str, patterns: Patterns | None = None) -> list[Signal]:
    """All pattern matches in ``text``, sentence by sentence, overlapping negations removed."""
    if not isinstance(text, str):
        raise RobError("risk of bias: text must be a string")
    pats = patterns or default_patterns()
    found: list[Signal] = []
    for s0, s1 in split_sentences(text):
        sent = text[s0:s1]
        local: list[Signal] = []
        for sig, values in pats.signals.items():
            for val, regexes in values.items():
                for rx in regexes:
                    for m in rx.finditer(sent):
                        gd = m.groupdict()
                        number = _number(gd.get("n"), pats.number_words)
                        if "n" in gd and gd["n"] is not None and number is None:
                            continue  # "the patients were randomised": no count, not a count signal
                        local.append(Signal(sig, val, m.group(), s0 + m.start(), s0 + m.end(), sent, s0,
                                            number, gd.get("arm"), _number(gd.get("m"), pats.number_words)))
        local = _apply_negations(local, pats.negates)
        found.extend(_dedupe(local))
    found.sort(key=lambda s: (s.start, s.signal, s.value))
    return found


def _apply_negations(signals: list[Signal], negates: dict[str, list[str]]) -> list[Signal]:
    killers = [s for s in signals if f"{s.signal}.{s.value}" in negates]
    out = []
    for s in signals:
        key = f"{s.signal}.{s.value}"
        if any(key in negates[f"{k.signal}.{k.value}"] and s.start < k.end and k.start < s.end for k in killers):
            continue
        out.append(s)
    return out


def _dedupe(signals: list[Signal]) -> list[Signal]:
    """One signal per (signal, value, span); several patterns may hit the same words."""
    seen: set = set()
    out = []
    for s in sorted(signals, key=lambda s: (s.start, -(s.end - s.start))):
        key = (s.signal, s.value)
        if any(key == k and s.start < e and b < s.end for k, b, e in seen):
            continue
        seen.add((key, s.start, s.end))
        out.append(s)
    return out


# ---------------------------------------------------------------- derived facts

def _has(signals: Iterable[Signal], signal: str, *values: str) -> list[Signal]:
    return [s for s in signals if s.signal == signal and (not values or s.value in values)]


def summarise_attrition(signals: list[Signal]) -> Attrition:
    """Randomised and lost-to-follow-up counts from the signals.

    Randomised = the largest stated randomised count (smaller ones are usually
    arms), or the sum of per-arm "(n = ...)" counts when larger; failing both,
    the denominator of an "of the N ..., M completed" sentence, then the
    largest enrolled/included count. Lost = the largest single stated loss;
    when only completers are stated, lost = randomised - completers if
    completers >= half of the randomised (smaller completer counts are usually
    one arm).
    """
    rand = [s.number for s in _has(signals, "attrition", "randomised_n") if s.number]
    arms: dict[str, int] = {}
    for s in _has(signals, "attrition", "arm_n"):
        if s.arm and s.number is not None:
            arms.setdefault(s.arm.strip(), s.number)
    arm_sum = sum(arms.values()) if len(arms) >= 2 else None
    denoms = [s.denominator for s in _has(signals, "attrition", "completed_n", "lost_n") if s.denominator]
    enrolled = [s.number for s in _has(signals, "attrition", "enrolled_n") if s.number]
    randomised = max(rand) if rand else None
    if arm_sum and (randomised is None or arm_sum > randomised):
        randomised = arm_sum
    if randomised is None:
        randomised = max(denoms) if denoms else (max(enrolled) if enrolled else None)
    lost_vals = [s.number for s in _has(signals, "attrition", "lost_n") if s.number is not None]
    completed = [s.number for s in _has(signals, "attrition", "completed_n") if s.number]
    no_loss = bool(_has(signals, "attrition", "no_loss"))
    lost = max(lost_vals) if lost_vals else None
    reason = ""
    if randomised and lost is not None and lost > randomised:
        lost, reason = None, "stated loss exceeds randomised count; ignored"
    if lost is None and randomised and completed:
        done = max(c for c in completed if c <= randomised) if any(c <= randomised for c in completed) else None
        if done is not None and done >= randomised / 2:
            lost, reason = randomised - done, f"{done} of {randomised} randomised completed/analysed"
    if not reason:
        if lost is not None and randomised:
            reason = f"{lost} of {randomised} randomised lost or withdrawn ({100 * lost / randomised:.1f}%)"
        elif no_loss:
            reason = "no loss to follow-up stated"
        elif lost is not None:
            reason = f"{lost} lost or withdrawn; randomised total not stated"
        elif randomised:
            reason = f"{randomised} randomised; no losses reported"
        else:
            reason = "no participant flow stated"
    return Attrition(randomised, lost, arms, no_loss, reason)


def primary_outcome_type(signals: list[Signal], patterns: Patterns | None = None) -> tuple[str | None, str]:
    """'objective' / 'subjective' / None from the words of the primary-outcome sentences, with the sentence.

    Majority of vocabulary hits (``outcome_terms`` in the pattern file); ties or
    no hits -> None. Acronyms match case-sensitively (so "CT" is not "ct").
    """
    pats = patterns or default_patterns()
    sents = list(dict.fromkeys(s.sentence for s in _has(signals, "primary_outcome")))
    obj = subj = 0
    for sent in sents:
        if "objective" in pats.outcome_terms:
            obj += len(pats.outcome_terms["objective"].findall(sent))
        if "subjective" in pats.outcome_terms:
            subj += len(pats.outcome_terms["subjective"].findall(sent))
    if obj > subj:
        return "objective", sents[0]
    if subj > obj:
        return "subjective", sents[0]
    return None, ""


def detect_design(signals: list[Signal]) -> str:
    """'randomised' or 'non_randomised' from the design signals (majority; ties -> randomised)."""
    r = len(_has(signals, "design", "randomised")) + len(_has(signals, "sequence_generation"))
    n = len(_has(signals, "design", "non_randomised"))
    return "non_randomised" if n > r or (r == 0 and n == 0) else "randomised"


def _ev(*groups: list[Signal], limit: int = 3) -> tuple[Signal, ...]:
    out: list[Signal] = []
    for g in groups:
        out.extend(g[:limit])
    return tuple(out)


_ROB2_ORDER = {"low": 0, "some_concerns": 1, "no_information": 1, "high": 2}


def _worse(a: str, b: str) -> str:
    return a if _ROB2_ORDER[a] >= _ROB2_ORDER[b] else b


# ---------------------------------------------------------------- RoB 2

def judge_rob2(signals: list[Signal]) -> list[DomainJudgement]:
    """RoB 2 domain judgements D1-D5 from the signals (rules in the module docstring)."""
    att = summarise_attrition(signals)
    return [_rob2_d1(signals), _rob2_d2(signals, att), _rob2_d3(signals, att), _rob2_d4(signals), _rob2_d5(signals)]


def _rob2_d1(sig: list[Signal]) -> DomainJudgement:
    seq_ok = _has(sig, "sequence_generation", "computer", "random_number_table", "coin_dice_cards")
    seq_bad = _has(sig, "sequence_generation", "non_random")
    conc = _has(sig, "allocation_concealment", "central", "sealed_envelope")
    unconc = _has(sig, "allocation_concealment", "not_concealed")
    stated = _has(sig, "design", "randomised")
    bal = _has(sig, "baseline", "balanced")
    imbal = _has(sig, "baseline", "imbalanced")
    r: list[str] = []
    if seq_ok:
        r.append(f"1.1 random sequence: Y ({seq_ok[0].value})")
    elif seq_bad:
        r.append(f"1.1 random sequence: N (non-random: {seq_bad[0].text})")
    else:
        r.append("1.1 random sequence: NI (method not described)")
    r.append(f"1.2 allocation concealed: {'Y (' + conc[0].value + ')' if conc else ('N' if unconc else 'NI')}")
    r.append(f"1.3 baseline imbalance: {'Y' if imbal else ('N' if bal else 'NI')}")
    if seq_bad or unconc:
        j = "high"
    elif conc:
        j = "some_concerns" if imbal else "low"
    elif imbal:
        j = "high"
    elif seq_ok or stated or bal:
        j = "some_concerns"
    else:
        j = "no_information"
    return DomainJudgement("D1", ROB2_DOMAINS["D1"], j, tuple(r),
                           _ev(seq_bad, unconc, seq_ok, conc, imbal, bal, stated, limit=1))


def _blinded_pp(sig: list[Signal]) -> list[Signal]:
    strong = _has(sig, "blinding", "double_blind", "triple_blind", "placebo", "sham")
    if strong:
        return strong
    p, q = _has(sig, "blinding", "participants"), _has(sig, "blinding", "personnel")
    return p + q if p and q else []


def _rob2_d2(sig: list[Signal], att: Attrition) -> DomainJudgement:
    blind = _blinded_pp(sig)
    open_ = _has(sig, "blinding", "open_label", "single_blind")
    dev = _has(sig, "deviations", "reported")
    itt = _has(sig, "analysis", "itt", "modified_itt")
    pp = _has(sig, "analysis", "per_protocol")
    frac = att.fraction
    r: list[str] = []
    if blind and not open_:
        r.append(f"2.1/2.2 participants and personnel blinded: Y ({blind[0].value})")
    elif open_:
        r.append(f"2.1/2.2 participants or personnel aware: Y ({open_[0].text})")
    else:
        r.append("2.1/2.2 blinding of participants and personnel: NI")
    if dev and not (blind and not open_):
        part1 = "some_concerns"
        r.append(f"2.3 deviations arising from the trial context: PY ({dev[0].text})")
    else:
        part1 = "low"
        if not (blind and not open_):
            r.append("2.3 deviations arising from the trial context: PN (none reported)")
    if itt:
        part2 = "low"
        r.append(f"2.6 appropriate analysis: Y ({itt[0].value})")
    elif pp:
        part2 = "high" if frac is not None and frac > ATTRITION_HIGH else "some_concerns"
        r.append(f"2.6 appropriate analysis: N (per-protocol/completers); 2.7 impact: "
                 f"{'possibly substantial' if part2 == 'high' else 'unclear or small'} ({att.reason})")
    elif frac is not None and frac > ATTRITION_LOW:
        part2 = "some_concerns"
        r.append(f"2.6 analysis not stated and participants are missing ({att.reason})")
    else:
        part2 = "low"
        r.append(f"2.6 analysis not stated; no exclusions reported: PY ({att.reason})")
    return DomainJudgement("D2", ROB2_DOMAINS["D2"], _worse(part1, part2), tuple(r),
                           _ev(dev, open_, blind, pp, itt, limit=1))


def _attrition_evidence(sig: list[Signal]) -> tuple[Signal, ...]:
    return _ev(_has(sig, "attrition", "no_loss"), _has(sig, "attrition", "lost_n"),
               _has(sig, "attrition", "randomised_n"), _has(sig, "attrition", "completed_n"),
               _has(sig, "attrition", "arm_n"), _has(sig, "attrition", "enrolled_n"), limit=2)


def _rob2_d3(sig: list[Signal], att: Attrition) -> DomainJudgement:
    frac = att.fraction
    if frac is not None:
        j = "low" if frac <= ATTRITION_LOW else ("some_concerns" if frac <= ATTRITION_HIGH else "high")
        r = (f"3.1 outcome data for nearly all randomised: {'Y' if j == 'low' else 'N'} ({att.reason}; "
             f"thresholds {ATTRITION_LOW:.0%}/{ATTRITION_HIGH:.0%})",)
    elif att.lost is not None:
        j, r = "some_concerns", (f"3.1 losses stated without a randomised total ({att.reason})",)
    elif att.randomised:
        # the report accounts for its randomised participants and mentions no loss: reviewers answer PY
        j, r = "low", (f"3.1 PY: {att.reason}",)
    else:
        j, r = "no_information", (f"3.1 NI ({att.reason})",)
    return DomainJudgement("D3", ROB2_DOMAINS["D3"], j, r, _attrition_evidence(sig))


def _assessors_blinded(sig: list[Signal]) -> list[Signal]:
    return _has(sig, "blinding", "assessors") or _has(sig, "blinding", "double_blind", "triple_blind",
                                                       "placebo", "sham")


def _rob2_d4(sig: list[Signal]) -> DomainJudgement:
    assess = _assessors_blinded(sig)
    open_ = _has(sig, "blinding", "open_label", "single_blind")
    kind, sent = primary_outcome_type(sig)
    po = _has(sig, "primary_outcome")
    if assess:
        j, r = "low", (f"4.3 assessors aware of intervention: N ({assess[0].value})",)
    elif kind == "objective":
        j, r = "low", ("4.3 assessor blinding not stated; 4.4 assessment unlikely to be influenced: "
                       "objective primary outcome (laboratory, instrument or vital status)",)
    elif kind == "subjective" and open_:
        j, r = "high", (f"4.3 participants are the assessors and aware ({open_[0].text}); "
                        "4.5 participant-reported primary outcome: likely influenced",)
    elif open_:
        j, r = "some_concerns", (f"4.3 assessors aware: PY/NI ({open_[0].text}); "
                                 "4.4/4.5 need the outcome's subjectivity",)
    else:
        j, r = "no_information", ("4.3 blinding of outcome assessment: NI",)
    return DomainJudgement("D4", ROB2_DOMAINS["D4"], j, r, _ev(assess, open_, po, limit=1))


def _rob2_d5(sig: list[Signal]) -> DomainJudgement:
    reg = _has(sig, "registration")
    pre = _has(sig, "protocol", "prespecified")
    if pre:
        j, r = "low", (f"5.1 analysed per a pre-specified plan: PY ({pre[0].text}"
                       f"{'; registration ' + reg[0].text if reg else ''})",)
    elif reg:
        j, r = "some_concerns", (f"5.1 registration found ({reg[0].text}) but no pre-specified analysis plan stated; "
                                 "a reviewer compares registered and reported outcomes and the registration date",)
    else:
        j, r = "some_concerns", ("5.1 no registration or pre-specified plan stated: NI",)
    return DomainJudgement("D5", ROB2_DOMAINS["D5"], j, r, _ev(pre, reg, limit=2))


def overall_rob2(domains: list[DomainJudgement], several: int = 3) -> tuple[str, str]:
    """RoB 2 overall judgement and its reason (``several``: some-concerns count that makes it high)."""
    js = [d.judgement for d in domains]
    high = [d.domain for d in domains if d.judgement == "high"]
    concerns = [d.domain for d in domains if d.judgement in ("some_concerns", "no_information")]
    if high:
        return "high", f"high risk in {', '.join(high)}"
    if all(j == "low" for j in js):
        return "low", "low risk in all domains"
    if len(concerns) >= several:
        return "high", f"some concerns in {len(concerns)} domains ({', '.join(concerns)}; rule: >= {several})"
    return "some_concerns", f"some concerns in {', '.join(concerns)}"


# ---------------------------------------------------------------- ROBINS-I

_ROBINS_ORDER = {"low": 0, "moderate": 1, "no_information": 1, "serious": 2, "critical": 3}


def judge_robins(signals: list[Signal]) -> list[DomainJudgement]:
    """ROBINS-I domain judgements D1-D7.

    D1 confounding: adjusted/matched/propensity -> moderate (low needs a
    reviewer's confirmation that all important confounders were handled);
    no adjustment stated (including historical controls) -> serious. D2 selection: consecutive/prospective -> low;
    retrospective -> moderate; NI. D3 classification of interventions:
    prospective -> low; retrospective -> moderate; NI. D4 deviations: blinded
    -> low; open label -> moderate; NI. D5 missing data: attrition thresholds
    as RoB 2 D3 (low / moderate / serious). D6 measurement: blinded assessors
    -> low; open -> moderate; NI -> no_information. D7 reporting: registration
    or pre-specified plan -> low, else moderate.
    """
    att = summarise_attrition(signals)
    adj = _has(signals, "confounding", "adjusted")
    hist = [s for s in _has(signals, "design", "non_randomised") if "historical" in s.text.lower()]
    consec = _has(signals, "confounding", "consecutive")
    pro = _has(signals, "confounding", "prospective")
    retro = _has(signals, "confounding", "retrospective")
    blind = _blinded_pp(signals)
    open_ = _has(signals, "blinding", "open_label", "single_blind")
    assess = _assessors_blinded(signals)
    reg = _has(signals, "registration") + _has(signals, "protocol", "prespecified")
    frac = att.fraction

    def dj(dom: str, judgement: str, reason: str, *ev: list[Signal]) -> DomainJudgement:
        return DomainJudgement(dom, ROBINS_DOMAINS[dom], judgement, (reason,), _ev(*ev, limit=1))

    out = [dj("D1", "moderate", f"1.4 confounding controlled by analysis: PY ({adj[0].text})", adj) if adj else
           dj("D1", "serious", "1.4 " + ("historical controls, no adjustment stated" if hist
                                         else "no adjustment for confounding stated"), hist)]
    def graded(dom: str, item: str, low: bool, low_reason: str, low_evidence: tuple[list[Signal], ...],
               moderate: list[Signal], moderate_reason: str) -> DomainJudgement:
        # The pattern of D2, D3, D4 and D6: a protective signal -> low, its opposite -> moderate, else NI.
        if low:
            return dj(dom, "low", f"{item} {low_reason}", *low_evidence)
        if moderate:
            return dj(dom, "moderate", f"{item} {moderate_reason}", moderate)
        return dj(dom, "no_information", f"{item} NI")

    out += [graded("D2", "2.1", bool(consec or (pro and not retro)),
                   "selection unrelated to intervention and outcome: PY (consecutive/prospective)", (consec, pro),
                   retro, "retrospective selection"),
            graded("D3", "3.3", bool(pro and not retro), "intervention status recorded prospectively", (pro,),
                   retro, "intervention status from records, retrospectively"),
            graded("D4", "4.1", bool(blind and not open_), "blinded intervention delivery", (blind,),
                   open_, "open intervention; deviations not described")]
    if frac is not None:
        j = "low" if frac <= ATTRITION_LOW else ("moderate" if frac <= ATTRITION_HIGH else "serious")
    else:
        j = "moderate" if att.lost is not None else "no_information"
    out.append(DomainJudgement("D5", ROBINS_DOMAINS["D5"], j, (f"5.1 {att.reason}",), _attrition_evidence(signals)))
    out.append(graded("D6", "6.2", bool(assess), "assessors blinded", (assess,), open_, "assessors aware of intervention"))
    out.append(dj("D7", "low", "7.x registered / pre-specified plan", reg) if reg else
               dj("D7", "moderate", "7.x no registration or protocol stated"))
    return out


def overall_robins(domains: list[DomainJudgement]) -> tuple[str, str]:
    """ROBINS-I overall: worst domain; NI in some domain without serious/critical -> no_information."""
    worst = max(domains, key=lambda d: _ROBINS_ORDER[d.judgement] if d.judgement != "no_information" else 0)
    for level in ("critical", "serious"):
        hit = [d.domain for d in domains if d.judgement == level]
        if hit:
            return level, f"{level} risk in {', '.join(hit)}"
    ni = [d.domain for d in domains if d.judgement == "no_information"]
    if ni:
        return "no_information", f"no information in {', '.join(ni)}"
    if worst.judgement == "moderate":
        mods = [d.domain for d in domains if d.judgement == "moderate"]
        return "moderate", f"moderate risk in {', '.join(mods)}"
    return "low", "low risk in all domains"


# ---------------------------------------------------------------- reviewer overrides

def apply_override(a: RobAssessment, domain: str, judgement: str, reason: str, reviewer: str,
                   several: int = 3) -> RobAssessment:
    """A copy of ``a`` with one domain judged by a reviewer (reason required) and the overall recomputed."""
    scale = ROB2_JUDGEMENTS if a.tool == "RoB 2" else ROBINS_JUDGEMENTS
    if judgement not in scale:
        raise RobError(f"{a.study_id}: {judgement!r} is not a {a.tool} judgement ({', '.join(scale)})")
    if not reason or not reason.strip():
        raise RobError(f"{a.study_id}: an override of {domain} needs a reason")
    if domain not in {d.domain for d in a.domains}:
        raise RobError(f"{a.study_id}: no domain {domain!r} in {a.tool}")
    domains = [DomainJudgement(d.domain, d.name, judgement,
                               (f"reviewer {reviewer}: {reason.strip()} (machine: {d.judgement})",) + d.reasons,
                               d.evidence) if d.domain == domain else d for d in a.domains]
    overall, why = overall_rob2(domains, several) if a.tool == "RoB 2" else overall_robins(domains)
    return RobAssessment(a.study_id, a.tool, domains, overall, why, a.signals, a.attrition)


# ---------------------------------------------------------------- entry point

def assess(text: str, study_id: str = "", design: str | None = None, several: int = 3,
           patterns: Patterns | None = None) -> RobAssessment:
    """Suggest a risk-of-bias assessment for one study's text.

    ``design``: "randomised" (RoB 2), "non_randomised" (ROBINS-I) or None to
    detect it from the text.
    """
    if not isinstance(text, str) or not text.strip():
        raise RobError(f"{study_id or 'study'}: no text to assess")
    signals = find_signals(text, patterns)
    design = design or detect_design(signals)
    if design not in ("randomised", "non_randomised"):
        raise RobError(f"{study_id or 'study'}: design must be 'randomised' or 'non_randomised', not {design!r}")
    att = summarise_attrition(signals)
    if design == "randomised":
        domains = judge_rob2(signals)
        overall, why = overall_rob2(domains, several)
        tool = "RoB 2"
    else:
        domains = judge_robins(signals)
        overall, why = overall_robins(domains)
        tool = "ROBINS-I"
    return RobAssessment(study_id, tool, domains, overall, why, signals, att)
