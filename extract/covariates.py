"""Covariate effects of an adjusted model: a patient factor's ratio is the cohort's, not the arms' contrast.

"After adjustment, cell therapy was associated with a lower hazard of major amputation or death (HR 0.48, …),
whereas dialysis (HR 2.31, …) and each 10-year increment in age (HR 1.42, …) increased it": the first ratio
compares the arms; the other two are the effects of covariates in the same model, which the golds record as
cohort values of the model's outcome (docs/gold_conventions.md, rules 14 and 29). The statistics component gives
each such ratio the outcome named nearest it ("age", "dialysis"), which is the predictor, never the outcome.

Per effect (a ratio: HR, OR, RR or unnamed):

1. :func:`predictor_words`: the words the estimate is of, from the last clause break or list joiner before it
   (or the previous value of its sentence) to the first verb ("Dialysis | was associated with …");
2. :func:`is_covariate`: those words name a patient factor (a baseline characteristic or entry measure of the
   vocabulary, a threshold, a classification, or a scale step "each 10-year increment") and no treatment, arm or
   subset lead ("cell therapy", "the BMC group", "In dialysis patients"), no change or response noun and no
   follow-up time ("Improvement by at least one Rutherford category at 6 months": an efficacy outcome); and the
   sentence names no study arm outside those words unless it names a model ("… was more likely with BM-MNC (OR …)"
   compares the arms; "After adjustment, … whereas dialysis (HR …)" is a covariate's);
3. :func:`model_outcome`: the outcome the model predicts: one its own predicate names ("… with a lower likelihood
   of healing"), else one named after a "predicted"/"associated with" past the estimate, else the outcome of the
   treatment's effect in the same sentence, else that of the effect just before it in the text (the sentence
   before: "Rutherford class 6 at entry was also an independent predictor (HR …)"); never a characteristic.
   With none the effect keeps no outcome (null beats a guess).

After them, :func:`carried_effect_outcomes`: an effect whose sentence names no outcome ("The unadjusted HR was 0.51")
keeps no covariate the sentence before lent it; it takes the outcome of the effect just before it (round 51).

Pure functions over text, statistic dicts and outcome-mention dicts (no spaCy; tests in
tests/extract/test_round32_sources.py, test_round32_mends_src.py, test_round51_lead51a.py,
test_round51_mendlead51a.py).
"""
from __future__ import annotations

from functools import lru_cache

from stemfoot.extract import vocabulary
from stemfoot.extract.baseline import BASELINE_FLAGS
from stemfoot.extract.literal_words import word_spans
from stemfoot.extract.pattern_data import load_patterns

_RX = load_patterns("covariates")
#: Ratio measures a model reports per covariate (None: a ratio the grammar read without its name).
RATIOS = {"HR", "OR", "RR", "IRR", "SHR", None}
#: Result kinds: the previous one in the sentence bounds an effect's own words.
VALUE_KINDS = {"events", "percent", "mean_sd", "mean", "median", "effect"}


@lru_cache(maxsize=1)
def patient_factors() -> frozenset[str]:
    """Outcome ids that name a patient factor: characteristics, entry measures and classifications
    (``characteristic``, ``entry_measure`` and ``subgroup`` terms of ``schemas/outcomes.json``)."""
    return vocabulary.outcome_ids("characteristic", "entry_measure", "subgroup")


@lru_cache(maxsize=1)
def _characteristic_ids() -> frozenset[str]:
    return vocabulary.outcome_ids("characteristic", "entry_measure")


def _sentence(st: dict, text: str) -> tuple[int, int]:
    ev = st["evidence"]
    return ev.get("sentence_start", 0), ev.get("sentence_end", len(text))


def _just_before(o: dict, text: str, end: int, s0: int) -> bool:
    """Whether ``o`` ends by ``end`` in the sentence that starts at ``s0`` or in the one just before it (whose end,
    its stop, stands at most a space before ``s0``)."""
    return o["evidence"]["end"] <= end and _sentence(o, text)[1] >= s0 - 2


def _last_just_before(statistics: list[dict], text: str, end: int, s0: int) -> dict | None:
    """Of ``statistics``, the one that begins last among those ending by ``end`` in the sentence at ``s0`` or the one
    before (``_just_before``); None where none does."""
    before = [o for o in statistics if _just_before(o, text, end, s0)]
    return max(before, key=lambda o: o["evidence"]["start"]) if before else None


def estimate_start(text: str, st: dict) -> int:
    """Where an effect's own bracket or measure words begin: its span, widened back over an opening bracket
    ("dialysis (HR 2.31 …": the span starts at "HR")."""
    start = st["evidence"]["start"]
    j = start
    while j > 0 and text[j - 1] in " ([":
        j -= 1
    return j


def predictor_words(text: str, st: dict, statistics: list[dict]) -> tuple[int, int]:
    """The (start, end) of the words an effect is of (module doc, step 1); empty where nothing stands there."""
    s0, _ = _sentence(st, text)
    end = estimate_start(text, st)
    # A scale step's size ("each 1% increase in HbA1c") is no result before the estimate: the step is the
    # predictor's own words.
    left = max([s0] + [o["evidence"]["end"] for o in statistics if o is not st and o["kind"] in VALUE_KINDS
                       and _sentence(o, text)[0] == s0 and o["evidence"]["end"] <= end
                       and not _RX.STEP_BEFORE.search(text, s0, o["evidence"]["start"])])
    end = left + _RX.MEASURE_LEAD.search(text[left:end]).start()
    # Offsets kept: the model's adjustment list blanked, so its "and" and its covariates are no predictor.
    lead = " " * left + _RX.ADJUSTED_FOR.sub(lambda m: " " * len(m.group()), text[left:end])
    breaks = list(_RX.LEAD_BREAK.finditer(lead, left, end))
    start = breaks[-1].end() if breaks else left
    verb = _RX.PREDICATE.search(lead, start, end)
    stop = verb.start() if verb else end
    while start < stop and lead[start] in " \t([":
        start += 1
    while stop > start and lead[stop - 1] in " \t":
        stop -= 1
    return start, stop


def is_covariate(words: str, arm_labels: list[str] | None = None) -> bool:
    """Whether an effect's own words (``predictor_words``) name a patient factor and no treatment (module doc,
    step 2)."""
    if not words.strip() or _RX.SUBGROUP_LEAD.match(words) or _RX.TREATMENT_WORDS.search(words):
        return False
    if vocabulary.cell_types().find(words):
        return False
    if any(label and len(label) > 2 and word_spans(words, label, not_before="-", not_after="-")
           for label in arm_labels or []):
        return False
    if _RX.INCREMENT.search(words):
        return True
    if _RX.EFFICACY_WORDS.search(words):
        # "Improvement by at least one Rutherford category at 6 months (OR ...)": an outcome, no patient factor.
        return False
    if _RX.COVARIATE_WORDS.search(words):
        return True
    return any(h.term.id in patient_factors() for h in vocabulary.outcomes().find(words))


def _outcome_mentions(mentions: list[dict], a: int, b: int) -> list[dict]:
    """The mentions in [a, b) that may be a model's outcome (no characteristic, no entry measure)."""
    return sorted((m for m in mentions if a <= m["evidence"]["start"] < b and m.get("outcome")
                   and m["outcome"] not in _characteristic_ids()), key=lambda m: m["evidence"]["start"])


def model_outcome(text: str, st: dict, statistics: list[dict], mentions: list[dict],
                  covariate: set[int]) -> tuple[str | None, str | None]:
    """(outcome id, label) of the model a covariate's effect belongs to (module doc, step 3); ``covariate``: the
    ids (``id()``) of the effects read as covariates'."""
    s0, s1 = _sentence(st, text)
    a, b = predictor_words(text, st, statistics)
    own = _outcome_mentions(mentions, b, estimate_start(text, st))
    own = [m for m in own if m["outcome"] not in patient_factors()]
    if own:
        return own[0]["outcome"], own[0]["label"]
    verb = _RX.PREDICTS_AFTER.search(text, st["evidence"]["end"], s1)
    later = _outcome_mentions(mentions, verb.end(), s1) if verb else []
    later = [m for m in later if m["outcome"] not in patient_factors()]
    if later:
        return later[0]["outcome"], later[0]["label"]
    effects = [o for o in statistics if o["kind"] == "effect" and o is not st and o.get("outcome")
               and o["outcome"] not in _characteristic_ids()]
    treatment = [o for o in effects if id(o) not in covariate and _sentence(o, text)[0] == s0]
    if treatment:
        return treatment[0]["outcome"], treatment[0].get("outcome_label")
    last = _last_just_before(effects, text, a, s0)
    if last is not None:
        return last["outcome"], last.get("outcome_label")
    return None, None


def _arm_comparison(text: str, st: dict, words: tuple[int, int], arm_labels: list[str] | None) -> bool:
    """Whether an effect's sentence names a study arm outside its own words and no model (``MODEL_CUE``): "TcPO2
    above 40 mmHg (OR ...) was reached more often after BM-MNC" compares the arms; "After adjustment, ... whereas
    dialysis (HR ...) increased it" is a covariate's."""
    s0, s1 = _sentence(st, text)
    if _RX.MODEL_CUE.search(text, s0, s1):
        return False
    a, b = words
    for label in arm_labels or []:
        if not label or len(label) <= 2:
            continue
        for x, y in word_spans(text[s0:s1], label, not_before="-", not_after="-"):
            if not (a <= x + s0 and y + s0 <= b):
                return True
    return False


def covariate_stage(text: str, statistics: list[dict], mentions: list[dict],
                    arm_labels: list[str] | None = None) -> list[int]:
    """In place: each covariate's effect (module doc) goes to the cohort with its model's outcome (flag
    ``covariate_effect``). Returns the indexes changed."""
    chosen: dict[int, int] = {}
    for i, st in enumerate(statistics):
        if st["kind"] != "effect" or st.get("value") is None or st.get("effect_measure") not in RATIOS:
            continue
        a, b = predictor_words(text, st, statistics)
        if is_covariate(text[a:b], arm_labels) and not _arm_comparison(text, st, (a, b), arm_labels):
            chosen[id(st)] = i
    changed: list[int] = []
    for i in sorted(chosen.values(), key=lambda k: statistics[k]["evidence"]["start"]):
        st = statistics[i]
        have = st.get("outcome")
        if "predictor_effect" in st["flags"] and have is not None and have not in _characteristic_ids():
            # The multivariable reading already took the outcome its "predicted …" names. A step of a continuous
            # covariate ("each 10 mmHg increase in baseline TcPO2 was associated with healing (OR 1.58, ...)",
            # ``INCREMENT``) is still the cohort's (round 34); a threshold or a condition ("baseline TcPO2 below
            # 20 mmHg", "dialysis") stays as it was: the golds name those outcomes by the covariate (six dev
            # records whose outcome the estimate's own words do not give).
            if _RX.INCREMENT.search(text, *predictor_words(text, st, statistics)):
                st["target"] = "cohort"
                st["flags"] += ["covariate_effect", "covariate_step"]
                changed.append(i)
            continue
        outcome, label = model_outcome(text, st, statistics, mentions, set(chosen))
        st["outcome"], st["outcome_label"] = outcome, label if outcome else None
        st["target"] = "cohort"
        st["flags"].append("covariate_effect")
        if _RX.INCREMENT.search(text, *predictor_words(text, st, statistics)):
            # A step of a continuous covariate ("each 10-year increment in age"): the cohort's even where the
            # consistency check reads a patient characteristic's estimate (``stages``, round 34).
            st["flags"].append("covariate_step")
        changed.append(i)
    return changed


def _measured_just_before(text: str, st: dict, statistics: list[dict], mentions: list[dict]) -> bool:
    """Whether the sentence just before an effect's holds a result (no effect, no baseline value) of the outcome
    the effect carries: "HbA1c below 7% was reached by 20 … and 10 …. The OR was 2.25" compares those results, and
    HbA1c (or a Rutherford class) is then the outcome, not a covariate carried over. That sentence must name the
    factor itself: results that carried it in turn ("lower incidence of AMI (0.15% vs. 0.67%)" filed on age) say
    nothing."""
    s0, _ = _sentence(st, text)
    for o in statistics:
        if o is st or o["kind"] not in VALUE_KINDS - {"effect"} or o.get("outcome") != st["outcome"] \
                or not _just_before(o, text, s0, s0):
            continue
        if "baseline" in (o.get("timepoint"), o.get("measure")) or BASELINE_FLAGS & set(o.get("flags") or ()):
            continue
        o0, o1 = _sentence(o, text)
        if any(m.get("outcome") == st["outcome"] and o0 <= m["evidence"]["start"] < o1 for m in mentions):
            return True
    return False


def carried_effect_outcomes(text: str, statistics: list[dict], mentions: list[dict]) -> list[int]:
    """In place: an effect whose sentence names no outcome ("The unadjusted HR was 0.51 (…)") and which took a
    patient factor from the sentence before ("… and age per 10 years (HR 1.38 …) increased it") measures what the
    effects before it measure, not that covariate: it takes the outcome of the nearest earlier effect of an
    outcome in the sentence just before it, else none (null beats a guess). Covariates' own effects (flag
    ``covariate_effect``), effects whose sentence names an outcome and effects after a sentence of results of the
    factor they carry (``_measured_just_before``: there it is the outcome) are left alone. Returns the indexes
    changed."""
    changed: list[int] = []
    for i, st in enumerate(statistics):
        if st["kind"] != "effect" or st.get("outcome") not in patient_factors() \
                or "covariate_effect" in st["flags"]:
            continue
        s0, s1 = _sentence(st, text)
        if any(s0 <= m["evidence"]["start"] < s1 and m.get("outcome") for m in mentions):
            continue
        if _measured_just_before(text, st, statistics, mentions):
            continue
        effects = [o for o in statistics if o["kind"] == "effect" and o is not st and o.get("outcome")
                   and o["outcome"] not in patient_factors()]
        last = _last_just_before(effects, text, s0, s0)
        st["outcome"], st["outcome_label"] = (last["outcome"], last.get("outcome_label")) if last else (None, None)
        st["flags"].append("outcome_from_effect_before")
        changed.append(i)
    return changed
