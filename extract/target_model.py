"""Learned target reader: is a value about the whole sample (cohort) rather than one arm? (issue 11, round 25)

The rules decide a value's target (an arm, the cohort, the comparison) clause by clause; the forms that recur on new
sets are the ones they miss: "19 patients (33.9%) had a previous minor amputation" put on the cell arm, "Treated
patients had a mean age of 57.3", "3 patients (6.7%) reported transient harvest-site pain". This stage scores each
result the rules put on an arm, or left unattributed, with a small logistic model over the value's own words, as
features rather than the final word: the words of its phrase before and after it within its clause, quantifiers
("all", "overall", "any", "each", "pooled", "patients") in the phrase and the clause, the arms the inventory names
in the clause and the sentence, the number of arms, the design, the rules' current target and flags, the value's
kind and whether it is zero. A value the model calls the cohort's at or above its threshold leaves the arm (target
``cohort``, flag ``cohort_by_target_model``); below it the rules' decision stands. The export gate still decides
what is exported.

Trained on the arm-level dev golds by ``tools/train_target_model.py`` (threshold by leave-one-set-out); ships as
JSON and runs in pure Python (``logistic.LogisticModel``). With no model file the stage is off.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from stemfoot.extract.arm_inventory import Mention, build_inventory, find_mentions
from stemfoot.extract.export_gate import FLAG_FEATURES
from stemfoot.extract.logistic import LogisticModel
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.extract.stage_switch import StageSwitch

MODEL_PATH = Path(__file__).parent / "models" / "target_model" / "model.json"
#: Off: no decision. Collecting: no decision, each candidate keeps its features in ``FEATURES_KEY``.
SWITCH = StageSwitch()
FEATURES_KEY = "_target_features"
FLAG = "cohort_by_target_model"
#: Kinds the stage reads: counts, percents and averages (effects compare arms; p-values are no results).
KINDS = frozenset({"events", "percent", "mean_sd", "mean", "median"})
#: Targets the stage may change: the rules' arm, and no target at all.
FROM = frozenset({"arm", "unattributed"})
#: Words of the phrase read on each side of the value (within its clause).
WINDOW = 6
_RX = load_patterns("target_model")


@lru_cache(maxsize=1)
def load_model() -> LogisticModel | None:
    """The shipped model, or None (stage off) without a model file."""
    if not MODEL_PATH.exists():
        return None
    return LogisticModel(json.loads(MODEL_PATH.read_text("utf-8")))


def clause_span(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """The clause of the sentence ``lo:hi`` that holds the value at ``start:end``."""
    a, b = lo, hi
    for m in _RX.CLAUSE_BREAK.finditer(text, lo, hi):
        if m.end() <= start:
            a = m.end()
        elif m.start() >= end:
            b = m.start()
            break
    return a, b


def _words(text: str) -> list[str]:
    """The lower-cased words of ``text``."""
    return [w.lower() for w in _RX.WORD.findall(text)]


def _count(n: int) -> str:
    """A count as a feature value: 0, 1 or 2+."""
    return "0" if n == 0 else "1" if n == 1 else "2+"


def features(text: str, st: dict, mentions: list[tuple[int, int]], n_arms: int, design: str | None) -> dict[str, float]:
    """The cues of one value: its phrase (before, inside and after its span, within its clause), the sentence's
    first words and quantifiers, the arms named in the clause and the sentence, the rules' target."""
    ev = st["evidence"]
    start, end = ev["start"], ev["end"]
    lo, hi = ev.get("sentence_start", start), ev.get("sentence_end", end)
    a, b = clause_span(text, lo, hi, start, end)
    before, after = _words(text[a:start])[-WINDOW:], _words(text[end:b])[:WINDOW]
    f: dict[str, float] = {f"pre={w}": 1.0 for w in before}
    f.update({f"post={w}": 1.0 for w in after})
    f.update({f"in={w}": 1.0 for w in _words(text[start:end])})
    if after:
        f[f"head={after[0]}"] = 1.0
    # The sentence's subject ("Treated patients had ..., and 36 (72.0%) had type 2 diabetes").
    f.update({f"first={w}": 1.0 for w in _words(text[lo:min(hi, start)])[:3]})
    for m in _RX.QUANTIFIER.finditer(text, a, b):
        f[f"q={m.group(1).lower()}"] = 1.0
    for m in _RX.QUANTIFIER.finditer(text, lo, hi):
        f[f"qs={m.group(1).lower()}"] = 1.0
    in_clause = sum(1 for s, e in mentions if a <= s and e <= b)
    in_sentence = sum(1 for s, e in mentions if lo <= s and e <= hi)
    f[f"arms_clause={_count(in_clause)}"] = 1.0
    f[f"arms_sentence={_count(in_sentence)}"] = 1.0
    f[f"n_arms={min(n_arms, 3)}"] = 1.0
    f[f"design={design}"] = 1.0
    f[f"target={st.get('target')}"] = 1.0
    f[f"kind={st['kind']}"] = 1.0
    if st.get("events") == 0 or st.get("percent") == 0:
        f["zero"] = 1.0
    if st.get("measure") == "baseline":
        f["baseline"] = 1.0
    flags = set(st.get("flags") or ())
    for name in FLAG_FEATURES:
        if name in flags:
            f[f"flag={name}"] = 1.0
    return f


def eligible(st: dict) -> bool:
    """A result the rules put on an arm or left unattributed."""
    return st.get("kind") in KINDS and st.get("target") in FROM and "evidence" in st and "start" in st["evidence"]


def named_alone(text: str, st: dict, mentions: list[Mention], labels: dict[str, str]) -> bool:
    """The value's clause names one arm, by its own name (not a role word), and the rules put the value on it:
    "In cohort 1, 2 patients (33%) healed" is cohort 1's even where the design reads as a single-arm one."""
    if st.get("target") != "arm" or not st.get("arm"):
        return False
    ev = st["evidence"]
    a, b = clause_span(text, ev.get("sentence_start", ev["start"]), ev.get("sentence_end", ev["end"]),
                       ev["start"], ev["end"])
    named = [m for m in mentions if a <= m.start and m.end <= b]
    return len(named) == 1 and not named[0].generic and labels.get(named[0].arm) == st["arm"]


def sized_to_an_arm(st: dict, arms: list[dict]) -> bool:
    """The value's count with its percent (or its denominator) fits an arm's size and not the whole sample's:
    "12 patients (60%)" in a trial of 20 + 20 is an arm's, whatever words surround it."""
    sizes = [a.get("n_patients") for a in arms]
    events, total, percent = st.get("events"), st.get("total"), st.get("percent")
    if not all(sizes) or events is None or not (total or percent):
        return False

    def fits(n: int) -> bool:
        # Percents are reported to a whole number or one decimal: half a point of rounding either way.
        return total == n if total else abs(100 * events / n - percent) < 0.6

    whole = sum(sizes)
    return not fits(whole) and any(fits(n) for n in sizes)


def target_stage(text: str, record: dict) -> None:
    """Move to the cohort each eligible value the model calls the cohort's (collecting: keep the features)."""
    model = load_model()
    if (not SWITCH.enabled and SWITCH.collect is None) or (SWITCH.enabled and model is None):
        return
    base = [a for a in record["arms"] if not a.get("members")]
    if len(base) < 2:
        # A study of one arm: its cohort is that arm (rule 15 and the scorer read either).
        return
    candidates = [st for st in record["statistics"] if eligible(st)]
    if not candidates:
        return
    inventory = build_inventory(text, record["arms"])
    found = find_mentions(text, inventory)
    mentions = [(m.start, m.end) for m in found]
    labels = {arm.key: arm.label for arm in inventory}
    design = record["design"]["value"]
    for st in candidates:
        f = features(text, st, mentions, len(base), design)
        if SWITCH.collect is not None:
            st[FEATURES_KEY] = f
            continue
        # The model's words cannot tell a dose arm called "cohort 1" from the whole cohort: an arm named alone in
        # the value's clause keeps its value (no held-out move had one; in-sample two, both by role words).
        if (SWITCH.enabled and not named_alone(text, st, found, labels) and not sized_to_an_arm(st, base)
                and model.predict(f) >= model.threshold):
            st.update(target="cohort", arm=None, arm_role=None)
            st["flags"] = [*(st.get("flags") or []), FLAG]
