"""Whole-sample values of a single-arm series (pure function, no spaCy pipeline)."""
from stemfoot.extract.single_arm import whole_sample_reason

TEXT = ("Mean age was 68 ± 7 years. Median ABI rose from 0.38 (range 0.00-0.62) before treatment to 0.51 "
        "(range 0.21-0.80) at 6 months. Ulcers healed in 20 of 31 limbs (64.5%). No donor-site complications "
        "were observed. Two patients died.")


def _stat(kind: str, literal: str, sentence: str, flags: list[str] | None = None, **values) -> dict:
    start = TEXT.index(literal)
    s0 = TEXT.index(sentence)
    return {"kind": kind, "flags": flags or [], **values,
            "evidence": {"text": literal, "start": start, "end": start + len(literal), "sentence_start": s0}}


def _stats() -> list[dict]:
    return [
        _stat("mean_sd", "68 ± 7 years", "Mean age", ["baseline_characteristic"], mean=68, sd=7, measure="baseline"),
        _stat("median", "0.38 (range 0.00-0.62)", "Median ABI", ["baseline_of_from_to"], median=0.38,
              measure="baseline"),
        _stat("median", "0.51 (range 0.21-0.80)", "Median ABI", median=0.51),
        _stat("events", "20 of 31 limbs (64.5%)", "Ulcers healed", events=20, total=31),
        _stat("events", "No donor-site complications", "No donor-site", events=0),
        _stat("events", "Two patients died", "Two patients", events=2),
    ]


def test_traits_pairs_and_worded_zeros_are_the_samples():
    stats = _stats()
    reasons = [whole_sample_reason(TEXT, st, stats) for st in stats]
    assert reasons == ["baseline_trait", "before_of_pair", "after_of_pair", None, "zero_all_patients", None]


def test_a_value_after_a_baseline_of_another_kind_is_no_pair():
    stats = _stats()
    after = stats[2]
    stats[1] = {**stats[1], "kind": "mean_sd"}
    assert whole_sample_reason(TEXT, after, stats) is None


def _chain(text: str, literals: list[str]) -> list[dict]:
    out = []
    for i, lit in enumerate(literals):
        start = text.index(lit)
        out.append({"kind": "mean_sd", "flags": [], "measure": "baseline" if i == 0 else None,
                    "evidence": {"text": lit, "start": start, "end": start + len(lit), "sentence_start": 0}})
    return out


def test_later_afters_of_one_pair_are_the_samples_too():
    text = "TcPO2 increased from 19.5 ± 8.2 mmHg at baseline to 28.9 ± 9.6 mmHg at 3 months and 33.4 ± 10.8 mmHg at 12 months."
    stats = _chain(text, ["19.5 ± 8.2 mmHg", "28.9 ± 9.6 mmHg", "33.4 ± 10.8 mmHg"])
    assert [whole_sample_reason(text, st, stats) for st in stats] == ["before_of_pair", "after_of_pair", "after_of_pair"]
    text = "ABI rose from 0.48 ± 0.15 to 0.57 ± 0.17 at 3 months and to 0.61 ± 0.18 at 12 months."
    stats = _chain(text, ["0.48 ± 0.15", "0.57 ± 0.17", "0.61 ± 0.18"])
    assert whole_sample_reason(text, stats[2], stats) == "after_of_pair"


def test_a_value_in_another_clause_after_a_pair_is_no_after():
    text = "ABI rose from 0.48 ± 0.15 to 0.57 ± 0.17 at 3 months, whereas TBI was 0.31 ± 0.10 at 12 months."
    stats = _chain(text, ["0.48 ± 0.15", "0.57 ± 0.17", "0.31 ± 0.10"])
    assert whole_sample_reason(text, stats[2], stats) is None
    # A chain with no baseline before it is no pair's.
    stats[0]["measure"] = None
    assert whole_sample_reason(text, stats[1], stats) is None


def test_the_worded_zero_test_is_one_shared_helper():
    # single_arm and the attribution stage read "a zero in words" by one helper, so the two cannot drift.
    import inspect

    from stemfoot.extract import event_counts, single_arm, stages

    assert event_counts.worded_zero({"kind": "events", "events": 0, "evidence": {"text": "No deaths occurred"}})
    assert not event_counts.worded_zero({"kind": "events", "events": 0, "evidence": {"text": "0 (0%)"}})
    assert not event_counts.worded_zero({"kind": "events", "events": 2, "evidence": {"text": "Two patients died"}})
    assert not event_counts.worded_zero({"kind": "percent", "events": 0, "evidence": {"text": "none"}})
    for module in (single_arm, stages):
        assert 're.search(r"\\d", st["evidence"]["text"])' not in inspect.getsource(module), module.__name__


def test_single_arm_regexes_are_pattern_data_and_design_json_is_evenly_indented():
    import json
    from importlib import resources

    from stemfoot.extract import single_arm

    assert single_arm._RX.TO_AFTER_BEFORE.match(" before treatment to ")
    assert not hasattr(single_arm, "_TO_AFTER_BEFORE")
    folder = resources.files("stemfoot.extract").joinpath("patterns")
    text = folder.joinpath("design.json").read_text("utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_a_value_of_other_patients_or_limbs_is_no_later_after():
    # Another limb or subgroup, not the sample's later visit; time words after it keep it the sample's.
    text = "ABI rose from 0.50 ± 0.10 at baseline to 0.62 ± 0.12 at 3 months, and 0.45 ± 0.11 in the contralateral limb."
    stats = _chain(text, ["0.50 ± 0.10", "0.62 ± 0.12", "0.45 ± 0.11"])
    assert whole_sample_reason(text, stats[2], stats) is None
    text = text.replace("in the contralateral limb", "in 12 months")
    stats = _chain(text, ["0.50 ± 0.10", "0.62 ± 0.12", "0.45 ± 0.11"])
    assert whole_sample_reason(text, stats[2], stats) == "after_of_pair"
