"""Two PICO models on the crowd dev split, with a paired bootstrap over dev abstracts.

    PYTHONPATH=<pp-dir> python benchmarks/compare_pico_models.py --data ../shared/data/pico \
        --model extract/models/pico --model runs/new/model-best [--samples 2000]

Each model tags the 94 dev abstracts with its own stored decoding (as ``tag-pico``
does); the figures are the token P/R/F of ``train-pico``. The bootstrap resamples
whole abstracts (tokens of one abstract are not independent) and reports the
B - A macro F1 difference's 2.5/50/97.5 percentiles and the share of resamples
where B is better.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy
import spacy

import stemfoot.extract.pico  # noqa: F401  (registers the pico_tagger factory)
from stemfoot.extract.pico import tag_documents
from stemfoot.extract.pico_eval import CONLL_LABELS
from stemfoot.tools.pico_train import _CROWD, build_splits

LABELS = CONLL_LABELS


def doc_counts(gold: list[str], pred: list[str]) -> numpy.ndarray:
    """(labels, 3) true positives, predicted and gold tokens of one document."""
    out = numpy.zeros((len(LABELS), 3))
    for i, label in enumerate(LABELS):
        out[i] = [sum(g == p == label for g, p in zip(gold, pred)),
                  sum(p == label for p in pred), sum(g == label for g in gold)]
    return out


def label_f(counts: numpy.ndarray) -> numpy.ndarray:
    """F1 per label of summed counts; ``counts`` (..., labels, 3) -> (..., labels)."""
    tp, n_pred, n_gold = counts[..., 0], counts[..., 1], counts[..., 2]
    p = numpy.divide(tp, n_pred, out=numpy.zeros_like(tp), where=n_pred > 0)
    r = numpy.divide(tp, n_gold, out=numpy.zeros_like(tp), where=n_gold > 0)
    return numpy.divide(2 * p * r, p + r, out=numpy.zeros_like(tp), where=p + r > 0)


def macro_f(counts: numpy.ndarray) -> numpy.ndarray:
    """Macro F1 of summed counts; ``counts`` (..., labels, 3)."""
    return label_f(counts).mean(axis=-1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--model", action="append", required=True, help="twice: A then B")
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    dev = build_splits(args.data, partial=False, mod=False).dev
    back = {v: k for k, v in _CROWD.items()}
    golds = [[back[t] for t in doc.tags] for doc in dev]
    per_model = []
    for path in args.model:
        pred = tag_documents([[doc.words] for doc in dev], spacy.load(path))
        counts = numpy.stack([doc_counts(g, [t for sent in p for t in sent]) for g, p in zip(golds, pred)])
        per_model.append(counts)
        total = counts.sum(axis=0)
        f = label_f(total)
        print(f"{path}: macro F1 {float(macro_f(total)):.4f}  "
              + "  ".join(f"{label} {x:.3f}" for label, x in zip(LABELS, f)))
    if len(per_model) == 2:
        rng = numpy.random.default_rng(args.seed)
        idx = rng.integers(0, len(dev), size=(args.samples, len(dev)))
        diff = macro_f(per_model[1][idx].sum(axis=1)) - macro_f(per_model[0][idx].sum(axis=1))
        lo, mid, hi = numpy.percentile(diff, [2.5, 50, 97.5])
        point = float(macro_f(per_model[1].sum(axis=0)) - macro_f(per_model[0].sum(axis=0)))
        print(f"B - A macro F1 {point:+.4f}; paired bootstrap over {len(dev)} abstracts "
              f"(n={args.samples}): median {mid:+.4f}, 95% [{lo:+.4f}, {hi:+.4f}], "
              f"B better in {float((diff > 0).mean()):.1%}")


if __name__ == "__main__":
    main()
