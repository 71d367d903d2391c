"""The learned target reader (extract/target_model.py): its cues, its decision, and the shipped model's rebuild."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from stemfoot.extract import target_model
from stemfoot.extract.logistic import LogisticModel
from stemfoot.tools import train_target_model as train

DATA = Path(__file__).resolve().parents[1] / "data"
TEXT = ("Patients were randomised to cells (cell group) or to standard care (control group). "
        "The mean age was 62.7 years; all patients had 19 previous amputations in the cell group.")


def _stat(text: str, value: str, target: str = "arm", arm: str | None = "cell group") -> dict:
    start = text.index(value)
    lo = text.rfind(". ", 0, start) + 2
    return {"kind": "mean", "mean": 62.7, "target": target, "arm": arm, "arm_role": "intervention", "flags": [],
            "evidence": {"start": start, "end": start + len(value), "text": value,
                         "sentence_start": lo, "sentence_end": len(text)}}


def test_the_clause_ends_at_a_semicolon() -> None:
    start = TEXT.index("62.7")
    lo = TEXT.index("The mean")
    a, b = target_model.clause_span(TEXT, lo, len(TEXT), start, start + 4)
    assert TEXT[a:b] == "The mean age was 62.7 years"


def test_the_cues_are_the_values_own_clause_and_the_sentences_words() -> None:
    f = target_model.features(TEXT, _stat(TEXT, "62.7"), [(TEXT.rindex("cell group"), len(TEXT) - 1)], 2, "rct")
    assert {"pre=age", "post=years", "head=years", "first=the", "qs=all", "arms_clause=0", "arms_sentence=1",
            "n_arms=2", "design=rct", "target=arm", "kind=mean"} <= set(f)
    # "all" is in the sentence, not in the value's clause.
    assert "q=all" not in f


def _record(arms: int) -> dict:
    names = ["cell group", "control group"][:arms]
    return {"arms": [{"label": n, "role": "intervention" if i == 0 else "control", "aliases": []}
                     for i, n in enumerate(names)],
            "design": {"value": "rct"}, "statistics": [_stat(TEXT, "62.7")]}


def test_a_value_the_model_calls_the_cohorts_leaves_the_arm(monkeypatch: pytest.MonkeyPatch) -> None:
    model = LogisticModel({"features": ["pre=age"], "coef": [5.0], "intercept": -1.0, "threshold": 0.9})
    monkeypatch.setattr(target_model, "load_model", lambda: model)
    rec = _record(2)
    target_model.target_stage(TEXT, rec)
    st = rec["statistics"][0]
    assert (st["target"], st["arm"], target_model.FLAG in st["flags"]) == ("cohort", None, True)
    # Below the threshold the rules' arm stands.
    monkeypatch.setattr(target_model, "load_model", lambda: LogisticModel({**model.spec, "threshold": 0.99}))
    rec = _record(2)
    target_model.target_stage(TEXT, rec)
    assert rec["statistics"][0]["arm"] == "cell group"


def test_a_study_of_one_arm_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    model = LogisticModel({"features": ["pre=age"], "coef": [5.0], "intercept": -1.0, "threshold": 0.5})
    monkeypatch.setattr(target_model, "load_model", lambda: model)
    rec = _record(1)
    target_model.target_stage(TEXT, rec)
    assert rec["statistics"][0]["target"] == "arm"


def test_the_shipped_model_is_the_fit_of_its_collected_inputs() -> None:
    """The shipped weights are `fit` over the collected inputs, from the golds the model names, in its order (the
    threshold's leave-one-set-out takes minutes: `train` rebuilds it)."""
    spec = json.loads(target_model.MODEL_PATH.read_text(encoding="utf-8"))
    data = train.load(train.INPUTS)
    assert list(data) == spec["trained_on"]
    fitted = train.fit([r for rows in data.values() for r in rows])
    assert (fitted["features"], fitted["coef"], fitted["intercept"]) == (
        spec["features"], spec["coef"], spec["intercept"])
    assert 0.5 <= spec["threshold"] <= 1.0


def test_the_collected_inputs_are_what_extraction_gives_on_the_newest_gold(tmp_path: Path, newest_blind_gold) -> None:
    """Collecting the newest blind gold again gives its stored line (runs extraction): a change to the stages before
    this one must come with the inputs collected again and the model retrained (`retrain_learned.sh`)."""
    newest = newest_blind_gold(target_model.MODEL_PATH)
    out = tmp_path / "one.jsonl.gz"
    assert train.main(["collect", str(DATA / f"{newest}.jsonl"), "--out", str(out)]) == 0
    assert train.load(out)[newest] == train.load(train.INPUTS)[newest]


DOSE = ("Eighteen patients received CD34+ cells at three dose levels (cohort 1, n = 6; cohort 2, n = 6; cohort 3, "
        "n = 6). In cohort 1, 2 patients (33%) had complete ulcer healing at 6 months; in cohort 3, 5 patients "
        "(83%) healed.")


def _dose_record(value: str, arm: str) -> dict:
    st = {**_stat(DOSE, value, arm=arm), "kind": "events", "events": int(value.split()[0])}
    return {"arms": [{"label": f"cohort {i}", "role": "intervention", "aliases": []} for i in (1, 2, 3)],
            "design": {"value": "single_arm"}, "statistics": [st]}


def test_a_value_in_a_clause_that_names_its_own_arm_alone_stays_on_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dose arm called "cohort 1" named in the value's clause: the model's words cannot overrule it."""
    always = LogisticModel({"features": ["kind=events"], "coef": [5.0], "intercept": 0.0, "threshold": 0.5})
    monkeypatch.setattr(target_model, "load_model", lambda: always)
    rec = _dose_record("2 patients (33%)", "cohort 1")
    target_model.target_stage(DOSE, rec)
    assert (rec["statistics"][0]["target"], rec["statistics"][0]["arm"]) == ("arm", "cohort 1")
    # Put on another arm than the one its clause names, the model still decides.
    rec = _dose_record("2 patients (33%)", "cohort 3")
    target_model.target_stage(DOSE, rec)
    assert (rec["statistics"][0]["target"], rec["statistics"][0]["arm"]) == ("cohort", None)


def test_a_count_whose_percent_fits_an_arms_size_stays_off_the_cohort(monkeypatch: pytest.MonkeyPatch) -> None:
    """"12 patients (60%)" in a trial of 20 + 20 is an arm's; "31 patients (77.5%)" of 40 may be the cohort's."""
    text = "The cell group was older (mean age 65.1 years); 12 patients (60%) had a previous amputation."
    always = LogisticModel({"features": ["kind=events"], "coef": [5.0], "intercept": 0.0, "threshold": 0.5})
    monkeypatch.setattr(target_model, "load_model", lambda: always)
    arms = [{"label": "cell group", "role": "intervention", "aliases": [], "n_patients": 20},
            {"label": "control group", "role": "control", "aliases": [], "n_patients": 20}]
    for events, percent, target in ((12, 60.0, "unattributed"), (31, 77.5, "cohort")):
        st = {**_stat(text, "12 patients (60%)", target="unattributed", arm=None), "kind": "events",
              "events": events, "percent": percent}
        rec = {"arms": arms, "design": {"value": "rct"}, "statistics": [st]}
        target_model.target_stage(text, rec)
        assert rec["statistics"][0]["target"] == target
    assert target_model.sized_to_an_arm({"events": 3, "total": 20}, arms)
    assert not target_model.sized_to_an_arm({"events": 3, "total": 40}, arms)
