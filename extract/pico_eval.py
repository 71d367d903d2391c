"""Token-level precision, recall and F1 of PICO tags (the EBM-NLP / BLURB measure)."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from stemfoot.extract.pico_conll import read_conll

CONLL_LABELS: tuple[str, ...] = ("I-PAR", "I-INT", "I-OUT")


def token_prf(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] = CONLL_LABELS,
) -> dict[str, float]:
    """Per-label ``{label}_p/_r/_f`` over aligned token tags, plus ``macro_p/_r/_f``."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold tags but {len(pred)} predicted tags")
    scores: dict[str, float] = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == label and p == label)
        n_pred = sum(1 for p in pred if p == label)
        n_gold = sum(1 for g in gold if g == label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores.update({f"{label}_p": precision, f"{label}_r": recall, f"{label}_f": f1})
    for part in ("p", "r", "f"):
        scores[f"macro_{part}"] = sum(scores[f"{label}_{part}"] for label in labels) / len(labels)
    return scores


def evaluate_conll(gold_path: Path, pred_path: Path) -> dict[str, float]:
    """Score a ``tag-pico`` output against the gold CoNLL file it was made from."""
    gold_docs = read_conll(gold_path)
    pred_docs = read_conll(pred_path)
    if [d.pmid for d in gold_docs] != [d.pmid for d in pred_docs]:
        raise ValueError(f"{pred_path} does not hold the documents of {gold_path}")
    gold = [tag for doc in gold_docs for tag in doc.tags]
    pred = [tag for doc in pred_docs for tag in doc.tags]
    return token_prf(gold, pred)


def format_scores(scores: dict[str, float]) -> str:
    """A small table: one row per label plus the macro average."""
    rows = ["label   P      R      F1"]
    for label in (*CONLL_LABELS, "macro"):
        rows.append(f"{label:<7} {scores[f'{label}_p']:.3f}  {scores[f'{label}_r']:.3f}  "
                    f"{scores[f'{label}_f']:.3f}")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m stemfoot.extract.pico_eval GOLD.conll PRED.conll``: print the table."""
    import argparse

    parser = argparse.ArgumentParser(description="Token-level PICO P/R/F1 of a tag-pico output.")
    parser.add_argument("gold", type=Path)
    parser.add_argument("pred", type=Path)
    args = parser.parse_args(argv)
    print(format_scores(evaluate_conll(args.gold, args.pred)))


if __name__ == "__main__":
    main()
