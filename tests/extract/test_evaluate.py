"""Gold normalisation and the statistic matching rule of `evaluate`."""
from pathlib import Path

import pytest

from stemfoot.tools.evaluate import evaluate, gold_atoms, gold_cell_codes, gold_design, load_gold, matches

DEV = Path(__file__).parent.parent / "data" / "domain_dev.jsonl"


def stat(kind, **numbers):
    base = {"kind": kind, "events": None, "total": None, "percent": None, "mean": None, "sd": None,
            "p": None, "p_operator": None, "arm_role": None, "outcome": None}
    return {**base, **numbers}


@pytest.mark.parametrize(
    "text, design",
    [("RCT (pilot/exploratory)", "rct"), ("RCT (double-blind, per title)", "rct"),
     ("controlled clinical study (pilot); randomisation NOT stated in abstract", "non_randomized_controlled"),
     ("non-randomised controlled study (no randomisation stated); Sun 2022 codes CCT", "non_randomized_controlled"),
     ("single-arm phase I", "single_arm"), ("case report", "other"),
     ("cluster-randomised controlled trial (12 centres)", "rct"),
     ("within-patient randomised controlled study (contralateral limb control)", "rct"),
     ("long-term follow-up of a double-blind RCT", "rct"),
     ("non-randomised within-patient controlled study (contralateral limb control)", "non_randomized_controlled"),
     ("uncontrolled phase I dose-escalation study (three sequential cohorts)", "single_arm"),
     ("non-randomised phase I dose-escalation (three sequential dose cohorts, no control)", "single_arm"),
     ("retrospective cohort, propensity score-matched (1:1)", "non_randomized_controlled"),
     ("non-randomised comparison (allocation by patient choice)", "non_randomized_controlled"),
     ("phase I open-label dose-escalation (three sequential cohorts)", "single_arm")],
)
def test_gold_design(text, design):
    assert gold_design(text) == design


def test_gold_cell_codes_from_free_text():
    assert gold_cell_codes("UC-MSC (human umbilical cord MSC, HUCMSC)") == {"UC-MSC"}
    assert gold_cell_codes("BM-MSC (and BM-MNC as second active arm)") == {"BM-MSC", "BM-MNC"}
    assert gold_cell_codes("adipose tissue product (micronized adipose tissue niche autograft)") == {"MFAT"}


def test_gold_atoms_split_free_form_statistics():
    gold = {"statistics": [
        {"outcome": "ankle-brachial pressure index", "arm": "transplant group", "baseline": "0.50 ± 0.21",
         "followup": "0.63 ± 0.25", "p": "P < 0.001"},
        {"outcome": "complete wound healing", "intervention": {"events": 8, "total": 10, "pct": 80},
         "control": {"pct": 62, "total": 26, "events_derived": 16}, "p": "p = 0.299"},
        {"outcome": "healing time", "type": "qualitative (no numbers)"}]}
    assert [(a["kind"], a.get("mean"), a.get("events"), a.get("percent"), a.get("p"), a.get("role"), a["outcome"])
            for a in gold_atoms(gold)] == [
        ("mean_sd", 0.5, None, None, None, "active", "abi"),
        ("mean_sd", 0.63, None, None, None, "active", "abi"),
        ("p_value", None, None, None, 0.001, None, "abi"),
        ("events", None, 8, 80, None, "active", "ulcer_healing"),
        ("percent", None, None, 62, None, "control", "ulcer_healing"),
        ("p_value", None, None, None, 0.299, None, "ulcer_healing")]


def test_matching_needs_kind_numbers_role_and_outcome():
    atom = {"kind": "events", "events": 8, "total": 10, "percent": 80, "role": "active", "outcome": "ulcer_healing"}
    good = stat("events", events=8, total=10, percent=80.0, arm_role="intervention", outcome="ulcer_healing")
    assert matches(atom, good)
    assert not matches(atom, {**good, "total": 12})
    assert not matches(atom, {**good, "arm_role": "control"})
    assert not matches(atom, {**good, "outcome": "amputation"})
    assert not matches(atom, {**good, "kind": "percent"})
    p = {"kind": "p_value", "p": 0.016, "p_operator": "=", "outcome": None}
    assert matches(p, stat("p_value", p=0.016, p_operator="="))
    assert not matches(p, stat("p_value", p=0.016, p_operator="<"))
    pct = {"kind": "percent", "percent": 62, "role": None, "outcome": None}
    assert matches(pct, stat("events", events=16, total=26, percent=61.99))


def test_dev_targets_are_met():
    scores = evaluate(load_gold(DEV))
    assert scores["design"].matched == 6
    assert scores["n_patients"].recall >= 0.9
    assert scores["arm_n"].recall >= 0.85
    assert scores["cell_type"].recall >= 0.9
    assert scores["statistics"].recall >= 0.9 and scores["statistics"].precision >= 0.9


def test_effects_and_medians_are_gold_atoms_and_ci_is_not_a_percent():
    gold = {"statistics": [
        {"outcome": "major amputation", "effect": {"measure": "RR", "value": 0.55, "ci_low": 0.31, "ci_high": 0.97},
         "value": "RR 0.55 (95% CI 0.31-0.97)"},
        {"outcome": "time to healing", "intervention": {"median": 42, "iqr_low": 30, "iqr_high": 61},
         "control": {"median": 70, "iqr_low": 55, "iqr_high": 90}},
        {"outcome": "rest pain score", "arm": "treated group", "baseline": "median 7 (IQR 6–8)", "followup": "median 3 (IQR 2–4)"}]}
    atoms = gold_atoms(gold)
    assert [(a["kind"], a.get("value") or a.get("median"), a.get("role")) for a in atoms] == [
        ("effect", 0.55, None), ("median", 42, "active"), ("median", 70, "control"),
        ("median", 7, "active"), ("median", 3, "active")]
    effect = stat("effect", value=0.55, ci_lower=0.31, ci_upper=0.97, effect_measure="RR", outcome="amputation")
    assert matches(atoms[0], effect)
    assert not matches(atoms[0], {**effect, "effect_measure": "OR"})
    assert not matches(atoms[0], {**effect, "ci_upper": 0.99})
    median = stat("median", median=42, q1=30, q3=61, arm_role="intervention", outcome="time_to_healing")
    assert matches(atoms[1], median)
    assert not matches(atoms[1], {**median, "q3": 60})
    assert not matches(atoms[1], {**median, "arm_role": "control"})


def test_gold_without_an_arm_asks_no_role():
    gold = {"statistics": [
        {"outcome": "procedure-related death", "events_any_arm": {"events": 0}},
        {"outcome": "bone pain", "arm": None, "intervention": {"events": 3, "total": None}}]}
    assert [(a["kind"], a["events"], a["role"]) for a in gold_atoms(gold)] == [("events", 0, None), ("events", 3, None)]


# --- results on the right arm, outcome and timepoint ---------------------------------------------
from stemfoot.tools.evaluate import (  # noqa: E402
    Score, double_counts, map_arms, result_atoms, score_results, timepoint_weeks)

SCOPED = {"arms": [{"name": "low-dose group", "role": "intervention"}, {"name": "high-dose group", "role": "intervention"},
                   {"name": "vehicle group", "role": "placebo control"}],
          "statistics": [
              {"outcome": "complete ulcer healing", "scope": "arm", "arm": None, "timepoint": "6 months",
               "values": {"low-dose group": {"events": 9, "total": 18, "pct": 50.0},
                          "vehicle group": {"events": 4, "total": 18, "pct": 22.2}}},
              {"outcome": "rest pain", "scope": "arm", "arm": "high-dose group", "timepoint": "6 months",
               "values": {"high-dose group": {"baseline": {"mean": 6.8, "sd": 1.5}, "followup": {"mean": 3.1, "sd": 1.9}}}},
              {"outcome": "deaths", "scope": "cohort", "arm": None, "timepoint": None, "cohort": {"events": 6, "total": None}},
              {"outcome": "major amputation", "scope": "between_arm", "timepoint": "12 months",
               "effect": {"measure": "HR", "value": 0.18, "ci_low": 0.02, "ci_high": 1.55}}]}


def res(kind, arm=None, target=None, outcome=None, timepoint=None, text="x", **numbers):
    return {**stat(kind, **numbers), "arm": arm, "target": target, "outcome": outcome, "timepoint": timepoint,
            "measure": None, "flags": [], "evidence": {"text": text}}


@pytest.mark.parametrize("text, weeks", [("12 weeks", 12), ("week 12", 12), ("6 months", 26.09), ("12 mo", 52.18),
                                         ("1 year", 52.18), ("baseline", 0), (None, None), ("end of study", None)])
def test_timepoint_weeks(text, weeks):
    got = timepoint_weeks(text)
    assert (got is None and weeks is None) or got == pytest.approx(weeks, abs=0.01)


def test_result_atoms_read_scopes():
    atoms = result_atoms(SCOPED)
    assert [(a["kind"], a["target"], a["arm"], a["tp"]) for a in atoms] == [
        ("events", "arm", "low-dose group", pytest.approx(26.09)), ("events", "arm", "vehicle group", pytest.approx(26.09)),
        ("mean_sd", "arm", "high-dose group", 0.0), ("mean_sd", "arm", "high-dose group", pytest.approx(26.09)),
        ("events", "cohort", None, None), ("effect", "between", None, pytest.approx(52.18))]


def test_map_arms_by_name_one_to_one():
    gold = SCOPED["arms"]
    got = map_arms(gold, [{"label": "high-dose group"}, {"label": "low dose"}, {"label": "vehicle"},
                          {"label": "all MSC-treated patients", "members": ["a", "b"]}])
    assert got == {"high-dose group": "high-dose group", "low dose": "low-dose group", "vehicle": "vehicle group",
                   "all MSC-treated patients": "pooled"}


def test_map_arms_names_differing_by_a_hyphen():
    # A single-arm series: the extraction's "PB-MNC" is the gold's "PBMNC" arm (no token in common when split).
    gold = [{"name": "PBMNC", "role": "intervention", "description": "autologous cells"}]
    assert map_arms(gold, [{"label": "PB-MNC"}]) == {"PB-MNC": "PBMNC"}
    gold = [{"name": "BM-MNC", "role": "intervention"}, {"name": "PB-MNC", "role": "intervention"}]
    assert map_arms(gold, [{"label": "PBMNC"}, {"label": "BMMNC"}]) == {"PBMNC": "PB-MNC", "BMMNC": "BM-MNC"}


def test_map_arms_lettered_groups():
    # "group A" is named by its letter (the article "a" is a stop word elsewhere).
    gold = [{"name": "group A", "role": "intervention"}, {"name": "group B", "role": "intervention"},
            {"name": "group C", "role": "control"}]
    got = map_arms(gold, [{"label": "group A"}, {"label": "group B"}, {"label": "group C"}])
    assert got == {"group A": "group A", "group B": "group B", "group C": "group C"}


def test_results_measure_right_arm_cohort_and_timepoint():
    record = {"gold": SCOPED}
    arms = [{"label": "low-dose group", "role": "intervention"}, {"label": "high-dose group", "role": "intervention"},
            {"label": "vehicle group", "role": "control"}]
    out = {"arms": arms, "statistics": [
        res("events", "low-dose group", events=9, total=18, percent=50.0, outcome="ulcer_healing", timepoint="6 months"),
        # right value, wrong arm (a multi-arm trial is scored by name)
        res("events", "high-dose group", events=4, total=18, outcome="ulcer_healing", timepoint="6 months"),
        # a cohort value put on an arm is a wrong result
        res("events", "vehicle group", events=6, outcome="death"),
        # right arm and outcome, wrong timepoint
        res("mean_sd", "high-dose group", mean=3.1, sd=1.9, outcome="rest_pain", timepoint="3 months"),
        # left for review: neither right nor wrong
        res("mean_sd", None, target="unattributed", mean=6.8, sd=1.5, outcome="rest_pain"),
        res("effect", None, value=0.18, ci_lower=0.02, ci_upper=1.55, outcome="amputation", timepoint="12 months")]}
    out["statistics"][-1].update(effect_measure="HR")
    scores: dict[str, Score] = {}
    score_results([record], [out], scores)
    a, b = scores["results_arm_outcome"], scores["results_timepoint"]
    assert (a.matched, a.extracted, a.gold) == (3, 5, 6)
    assert (b.matched, b.extracted, b.gold) == (2, 5, 6)
    assert scores["unattributed"].extracted == 1


def test_double_counts_percentage_restating_a_count():
    arms = [{"label": "control group", "role": "control", "n_patients": 36}]
    out = {"arms": arms, "statistics": [
        res("percent", "control group", percent=16.67, outcome="amputation", text="16.67%"),
        res("events", "control group", events=6, outcome="amputation", text="6 patients"),
        res("events", "control group", events=6, total=36, outcome="death", text="6/36")]}
    assert double_counts(out) == [("16.67%", "6 patients")]
    out["statistics"][0]["timepoint"] = "12 months"
    assert double_counts(out) == []


# --- effect measures in words, means without SD (the scorer, not the extractor) -----------------------
from stemfoot.schemas import effect_measure_code  # noqa: E402
from stemfoot.tools.evaluate import result_right  # noqa: E402


@pytest.mark.parametrize("name, code", [
    ("HR", "HR"), ("hazard ratio", "HR"), ("adjusted hazard ratio", "HR"), ("aHR", "HR"),
    ("mean difference", "MD"), ("weighted mean difference", "MD"), ("standardised mean difference", "SMD"),
    ("risk difference", "RD"), ("risk difference (%)", "RD"), ("risk difference (percentage points)", "RD"),
    ("absolute risk difference", "RD"), ("odds ratio", "OR"), ("risk ratio", "RR"), ("relative risk", "RR"),
    ("incidence rate ratio", "IRR"), ("ratio of means", None), ("", None), (None, None)])
def test_effect_measure_names_read_through_the_schema(name, code):
    assert effect_measure_code(name) == code


def test_the_grammar_reads_measures_from_the_schema_and_abbreviations_as_written():
    from stemfoot.extract.number_grammar import SentenceClaims, scan
    cases = [("The odds ratio was 2.1 (95% CI 1.2-3.5).", "OR"), ("HR 0.62 (95% CI 0.40-0.96).", "HR"),
             ("The incidence rate ratio was 0.8 (95% CI 0.6-1.1).", "IRR"),
             # "or" is a word, not an odds ratio: the measure named too far before is left to the context stage.
             ("The hazard ratio for major amputation or death was 0.62 (95% CI 0.25-1.54).", None)]
    for text, code in cases:
        claims = SentenceClaims(text, 0)
        scan(claims, [])
        effects = [st for _, _, st in claims.found if st["kind"] == "effect"]
        assert [st["effect_measure"] for st in effects] == [code], text


def test_effect_measure_in_words_matches_its_code_and_nothing_else():
    atom = {"kind": "effect", "measure": "risk difference (%)", "value": 30.0, "ci_lower": 6.2, "ci_upper": 53.8,
            "role": None, "outcome": None}
    got = stat("effect", value=30.0, ci_lower=6.2, ci_upper=53.8, effect_measure="RD")
    assert matches(atom, got)
    assert not matches(atom, {**got, "effect_measure": "RR"})
    assert not matches(atom, {**got, "ci_upper": 53.9})
    assert matches({**atom, "measure": "mean difference"}, {**got, "effect_measure": "MD"})
    assert not matches({**atom, "measure": "mean difference"}, {**got, "effect_measure": "SMD"})
    # A measure the vocabulary lacks is compared as written.
    assert not matches({**atom, "measure": "ratio of means"}, got)


def test_gold_mean_without_sd_is_a_mean():
    gold = {"arms": [{"name": "cell group", "role": "intervention"}, {"name": "placebo group", "role": "placebo"}],
            "statistics": [{"outcome": "rest pain score change", "scope": "arm", "timepoint": None,
                            "values": {"cell group": {"mean": -2.9}, "placebo group": {"mean": -2.4, "se": 0.3}}},
                           {"outcome": "ABI", "scope": "arm", "timepoint": None,
                            "values": {"cell group": {"mean": 0.61, "sd": 0.1}}}]}
    atoms = result_atoms(gold)
    assert [(a["kind"], a["mean"]) for a in atoms] == [("mean", -2.9), ("mean", -2.4), ("mean_sd", 0.61)]
    out = {"arms": [{"label": "cell group", "role": "intervention"}, {"label": "placebo group", "role": "control"}]}
    mapping = (gold["arms"], {"cell group": "cell group", "placebo group": "placebo group"},
               {"cell group": "intervention", "placebo group": "control"})

    def st(kind, arm, **numbers):
        return {**res(kind, arm, outcome="rest_pain", **numbers), "_target": "arm"}
    assert result_right(atoms[0], st("mean", "cell group", mean=-2.9), mapping)
    assert not result_right(atoms[0], st("mean", "cell group", mean=-2.4), mapping)
    assert not result_right(atoms[0], st("mean", "placebo group", mean=-2.9), mapping)
    # An SD the abstract does not give is a wrong value ...
    assert not result_right(atoms[0], st("mean_sd", "cell group", mean=-2.9, sd=1.0), mapping)
    # ... but gold's own SE, read as "± SE" and marked so, is the value.
    se = st("mean_sd", "placebo group", mean=-2.4, sd=0.3)
    assert not result_right(atoms[1], se, mapping)
    assert result_right(atoms[1], {**se, "flags": ["se_not_sd"]}, mapping)
    # A gold SD still needs the extracted SD.
    abi = {**st("mean", "cell group", mean=0.61), "outcome": "abi"}
    assert not result_right(atoms[2], abi, mapping)
    assert result_right(atoms[2], {**abi, "kind": "mean_sd", "sd": 0.1}, mapping)


def test_stages_that_raised_are_reported_not_hidden_in_lower_scores():
    from stemfoot.tools.evaluate import Score, report
    line = report({"extract_errors": Score(extracted=2, misses=["bl_1: arm_roles: NameError: x"])}).splitlines()[1]
    assert line.split()[:2] == ["extract_errors", "2"]


@pytest.mark.parametrize("name", ["blind22_dev.jsonl", "blind23_dev.jsonl"])
def test_no_stage_raises_on_trials_of_three_or_four_arms(name):
    # A stage that raises fails soft (its part of the record is emptied): only the record's errors show it. These two
    # sets hold most of the dev trials of three or four arms, where a NameError once emptied five studies' arms.
    from stemfoot.extract.run import extract_records
    records = load_gold(DEV.parent / name)
    out = list(extract_records(((r.get("title"), r["abstract"]) for r in records), pico=False))
    assert [(r.get("id"), e) for r, o in zip(records, out) for e in o["errors"]] == []


def test_a_single_arm_study_s_cohort_is_its_arm():
    gold = {"arms": [{"name": "MFAT", "role": "intervention"}],
            "statistics": [{"outcome": "ulcer healing", "scope": "arm", "arm": "MFAT", "timepoint": None,
                            "values": {"MFAT": {"events": 15, "total": 23}}},
                           {"outcome": "age", "scope": "cohort", "timepoint": None, "cohort": {"mean": 63.0, "sd": 9.0}}]}
    arm_atom, cohort_atom = result_atoms(gold)
    mapping = (gold["arms"], {"MFAT": "MFAT", "matched controls": None}, {"MFAT": "intervention"})

    def st(target, arm, **numbers):
        kind = "events" if "events" in numbers else "mean_sd"
        return {**res(kind, arm, target=target, outcome="ulcer_healing" if kind == "events" else "age", **numbers),
                "_target": target}
    assert result_right(arm_atom, st("cohort", None, events=15, total=23), mapping)
    assert result_right(cohort_atom, st("arm", "MFAT", mean=63.0, sd=9.0), mapping)
    # an arm no gold arm stands for is no cohort
    assert not result_right(cohort_atom, st("arm", "matched controls", mean=63.0, sd=9.0), mapping)


# Gold timepoints worded with a preposition or the unit first (round 36; a letter run before a unit letter had been
# read as a number, so "by 12 months" parsed to no time and any extracted time scored wrong).
@pytest.mark.parametrize("text, weeks", [
    ("at week 12", 12), ("At week 24", 24), ("by week 24", 24), ("By 12 months", 52.18), ("by 12 weeks", 12),
    ("By 1 year", 52.18), ("day 28", 4), ("wk 12", 12), ("week-24 visit", 24), ("end of week 2", 2),
    ("median follow-up of 38 months", 165.24), ("twelve months", 52.18),
    # unchanged readings
    ("12 weeks", 12), ("week 12", 12), ("6 mo", 26.09), ("12-month", 52.18), ("baseline", 0), ("day 0", 0),
    ("within 24 h of injection", None), ("end of study", None), ("a day", None), (None, None)])
def test_timepoint_weeks_passes_over_letters_that_are_no_number(text, weeks):
    from stemfoot.tools.evaluate import timepoint_weeks
    got = timepoint_weeks(text)
    assert (got is None and weeks is None) or got == pytest.approx(weeks, abs=0.01)
