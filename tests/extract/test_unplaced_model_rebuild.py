"""The shipped placement model is what its training command rebuilds, and its collected inputs are current."""
from __future__ import annotations

import json
from pathlib import Path

from stemfoot.extract import unplaced_model
from stemfoot.tools import train_unplaced_model as train

DATA = Path(__file__).resolve().parents[1] / "data"


def test_the_shipped_model_is_what_its_training_command_rebuilds(tmp_path: Path) -> None:
    """`tools/train_unplaced_model.py train` on the collected inputs rebuilds the model byte for byte, from the
    golds the model names, in its order."""
    spec = json.loads(unplaced_model.MODEL_PATH.read_text(encoding="utf-8"))
    assert list(train.load(train.INPUTS)) == spec["trained_on"]
    assert train.main(["train", str(train.INPUTS), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "model.json").read_bytes() == unplaced_model.MODEL_PATH.read_bytes()


def test_the_collected_inputs_are_what_extraction_gives_on_the_newest_gold(tmp_path: Path, newest_blind_gold) -> None:
    """Collecting the newest blind gold again gives its stored line (runs extraction: loads spaCy): an extraction
    change that alters what is left unattributed must come with the inputs collected again and the model retrained.
    One gold, not all (all take minutes): the newest is the one least likely to be already settled."""
    newest = newest_blind_gold(unplaced_model.MODEL_PATH)
    out = tmp_path / "one.jsonl"
    assert train.main(["collect", str(DATA / f"{newest}.jsonl"), "--out", str(out)]) == 0
    assert train.load(out)[newest] == train.load(train.INPUTS)[newest]


def test_folds_fitted_in_two_processes_give_the_same_files(tmp_path: Path) -> None:
    """``--jobs 2`` fits the leave-one-set-out folds in two processes: model and report byte for byte as one by one."""
    raw = train.load(train.INPUTS)
    few = tmp_path / "few.jsonl"
    train.dump({n: raw[n] for n in list(raw)[40:44]}, few)
    for jobs, out in (("1", tmp_path / "one"), ("2", tmp_path / "two")):
        assert train.main(["train", str(few), "--out", str(out), "--report", str(out / "report.json"),
                           "--jobs", jobs]) == 0
    for name in ("model.json", "report.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert json.loads((tmp_path / "one" / "report.json").read_text())["curve"][0]["placed"] > 0


def test_the_report_without_the_nested_figure_keeps_the_model(tmp_path: Path) -> None:
    """``--no-nested`` leaves the nested figure (a fit per pair of sets) out of the report; the model and its
    threshold, chosen on one set out alone, are byte for byte the same."""
    raw = train.load(train.INPUTS)
    few = tmp_path / "few.jsonl"
    train.dump({n: raw[n] for n in list(raw)[40:43]}, few)
    for flag, out in (([], tmp_path / "full"), (["--no-nested"], tmp_path / "quick")):
        assert train.main(["train", str(few), "--out", str(out), "--report", str(out / "report.json"), *flag]) == 0
    assert (tmp_path / "full" / "model.json").read_bytes() == (tmp_path / "quick" / "model.json").read_bytes()
    full, quick = (json.loads((tmp_path / d / "report.json").read_text()) for d in ("full", "quick"))
    assert "nested" in full and "nested" not in quick
    assert quick == {k: v for k, v in full.items() if k != "nested"}
