"""The shipped placement model is what its training command rebuilds (runs extraction: loads spaCy)."""
from __future__ import annotations

import json
from pathlib import Path

from stemfoot.extract import unplaced_model


def test_the_shipped_model_is_what_its_training_command_rebuilds(tmp_path) -> None:
    """`tools/train_unplaced_model.py` on the golds the model names rebuilds it byte for byte: an extraction change
    that alters what is left unattributed must come with the retrained model."""
    from stemfoot.tools import train_unplaced_model as train

    data = Path(__file__).resolve().parents[1] / "data"
    spec = json.loads(unplaced_model.MODEL_PATH.read_text(encoding="utf-8"))
    train.main([*(str(data / f"{n}.jsonl") for n in spec["trained_on"]), "--out", str(tmp_path),
                "--report", str(tmp_path / "loso.json")])
    assert (tmp_path / "model.json").read_bytes() == unplaced_model.MODEL_PATH.read_bytes()
