"""Dev figures of a PICO model under each decoding: offsets per label, switch penalty, both.

    PYTHONPATH=<pp-dir> python benchmarks/eval_pico_decoding.py --data ../shared/data/pico [--model DIR]

The model's logits on the 94 crowd-labelled dev abstracts are computed once; each
decoding is tuned on the whole dev set (optimistic: tuned and scored on the same
documents) and, for an honest figure, tuned on one half (alternate documents) and
scored on the other, both ways, pooled (``two-fold``). With a COMPARATOR label the
held-out EBM-NLPmod documents get I/C figures under the model's stored decoding.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from stemfoot.extract.pico import COMPARATOR, bias_vector, load_pico_model
from stemfoot.tools.pico_train import (
    Decoding, build_splits, comparator_prf, decoded_prf, doc_logits, tune_decoding, two_fold_estimate,
)


def _row(name: str, scores: dict[str, float]) -> str:
    return (f"{name:<44} P {scores['I-PAR_f']:.3f}  I {scores['I-INT_f']:.3f}  "
            f"O {scores['I-OUT_f']:.3f}  macro {scores['macro_f']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/pico"))
    parser.add_argument("--model", default=None, help="model folder (default: the shipped one)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    splits = build_splits(args.data, partial=False)
    nlp = load_pico_model(args.model)
    tagger = nlp.get_pipe("pico_tagger")
    labels = list(tagger.labels)
    logits = doc_logits(nlp, splits.dev)
    # the stored offsets may shift O down (older models) or the others up: the same decoding
    vector = bias_vector(labels, tagger.cfg)
    stored = Decoding({label: float(vector[i] - vector[0]) for i, label in enumerate(labels) if label != "O"},
                      float(tagger.cfg.get("switch_penalty", 0.0)))
    results: dict[str, object] = {"stored_decoding": stored.__dict__}
    rows = [("no offset, argmax", decoded_prf(labels, logits, splits.dev, Decoding({})))]
    rows.append(("stored decoding", decoded_prf(labels, logits, splits.dev, stored)))
    variants = {
        "one offset (as shipped)": {"per_label": False, "penalties": (0.0,)},
        "offset per label": {"per_label": True, "penalties": (0.0,)},
        "one offset + switch penalty": {"per_label": False},
        "offset per label + switch penalty": {"per_label": True},
    }
    for name, kwargs in variants.items():
        decoding, _ = tune_decoding(labels, logits, splits.dev, **kwargs)
        rows.append((f"{name}: tuned on dev", decoded_prf(labels, logits, splits.dev, decoding)))
        rows.append((f"{name}: two-fold", two_fold_estimate(labels, logits, splits.dev, **kwargs)))
        results[f"{name} decoding"] = decoding.__dict__
    for name, scores in rows:
        print(_row(name, scores), flush=True)
        results[name] = scores
    if COMPARATOR in labels:
        mod = comparator_prf(nlp, splits.mod_held_out)
        print(f"held-out EBM-NLPmod ({len(splits.mod_held_out)} docs), stored decoding: "
              + "  ".join(f"{k} {v:.3f}" for k, v in mod.items() if not k.startswith("macro")))
        results["mod_held_out"] = mod
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
