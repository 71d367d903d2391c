"""Participant tokens of PICO models on the held-out Nguyen test-split abstracts outside the dev set.

    PYTHONPATH=<pp-dir> python benchmarks/eval_pico_participants.py --data ../shared/data/pico \
        --model extract/models/pico [--model OTHER ...]

Gold: the HMMCrowd participant spans of the Nguyen et al. (2017) test-split abstracts
that are not among the 94 crowd-labelled dev abstracts (the tagger trains on none of
them and tunes its decoding on the dev ones only). Each model tags every abstract as
one document with its stored decoding; a token counts as participant when the model
writes ``I-PAR``.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import spacy

from stemfoot.extract.pico import create_pico_tokenizer, load_pico_model, tag_documents
from stemfoot.tools.pico_train import LabelledDoc, _nguyen_splits, read_crowd, read_partial


def held_out_participant_docs(data: Path) -> list[LabelledDoc]:
    """Test-split abstracts with participant spans, the crowd dev abstracts left out."""
    held = {pmid for pmid, split in _nguyen_splits(data).items() if split == "test"}
    crowd = {doc.key for doc in read_crowd(data)}
    nlp = spacy.blank("en")
    nlp.tokenizer = create_pico_tokenizer()(nlp)
    return [doc for doc in read_partial(data, nlp)
            if doc.key in held and doc.key not in crowd and "P" in doc.source.split(":")[1].split("+")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--model", action="append", required=True)
    args = parser.parse_args()
    docs = held_out_participant_docs(args.data)
    gold = ["PARTICIPANTS" in tag.split("|") for doc in docs for tag in doc.tags]
    for model in args.model:
        tagged = tag_documents([[doc.words] for doc in docs], load_pico_model(model))
        pred = [tag == "I-PAR" for doc in tagged for sentence in doc for tag in sentence]
        tp = sum(g and p for g, p in zip(gold, pred))
        p, r = tp / max(sum(pred), 1), tp / max(sum(gold), 1)
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{model}: {len(docs)} abstracts, {len(gold)} tokens: P {p:.3f} R {r:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main()
