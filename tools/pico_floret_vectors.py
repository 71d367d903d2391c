"""floret static vectors for the PICO tagger, trained on our own raw text (issue #16).

    python -m stemfoot.tools.pico_floret_vectors --pico-data DIR [--text-dir DIR ...] \\
        [--nxml-dir DIR ...] --out OUT [--floret-path DIR]

Texts and exclusions are ``tools/pico_pretrain_text.py``'s (every abstract of the
EBM-NLP-layout folder, PICO-Corpus ``*.txt``, JATS full texts; nothing of the Nguyen
test split, by PMID, title or 12-word overlap). Each record is tokenised with the
tagger's own tokenizer and lower-cased, one record per line (``OUT/floret_text.txt``),
so the vectors' keys are the tokens' NORM, the attribute the tagger embeds.

floret (``pip install floret``; only this step needs it: give its folder with
``--floret-path`` if it is not importable) then trains vectors in floret mode with
one thread and a fixed seed (reproducible), and spaCy converts the table into a
vectors-only pipeline, ``OUT/vectors`` (``spacy init vectors en FILE DIR --mode
floret --attr NORM``), which ``train-pico --vectors OUT/vectors`` takes. The
trained tagger carries the table in its own vocab: floret is not needed at run time.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable


# floret mode: each word and its 4-5 character n-grams hash into 2 rows of one small table
# (64 x 30,000 floats = 7.7 MB in the model), so unseen words still get vectors.
@dataclass(frozen=True)
class FloretParams:
    """``floret.train_unsupervised`` arguments (defaults: the run in docs/pico.md)."""

    model: str = "cbow"  # one update per word, not per context word: several times cheaper than skipgram
    mode: str = "floret"
    hashCount: int = 2
    minn: int = 4
    maxn: int = 5
    dim: int = 64
    bucket: int = 30000
    epoch: int = 5
    minCount: int = 3
    ws: int = 5
    neg: int = 5
    lr: float = 0.05
    thread: int = 1  # one thread + floret's fixed internal seed (0; not an argument): same table each run


def tokenised_lines(records: Iterable[str]) -> Iterable[str]:
    """Each record as one line of lower-cased tagger tokens (whitespace inside tokens removed)."""
    import spacy

    from stemfoot.extract.pico import create_pico_tokenizer

    nlp = spacy.blank("en")
    tokenizer = create_pico_tokenizer()(nlp)
    for text in records:
        words = ["".join(t.text.lower().split()) for t in tokenizer(text)]
        yield " ".join(w for w in words if w)


_TRAIN_SCRIPT = """
import json, sys
import floret
args = json.loads(sys.argv[1])
text, out = args.pop("input"), args.pop("output")
model = floret.train_unsupervised(text, **args)
model.save_floret_vectors(out)
"""


def train_floret(text: Path, out: Path, params: FloretParams, floret_path: Path | None) -> list[str]:
    """Train the table into ``out`` (floret's text format) in a child process; returns its command.

    A child process, so that floret (and the numpy it brings) never enters this one.
    """
    env = dict(os.environ)
    if floret_path is not None:
        env["PYTHONPATH"] = str(floret_path)
    command = [sys.executable, "-c", _TRAIN_SCRIPT,
               json.dumps({"input": str(text), "output": str(out), **asdict(params)})]
    subprocess.run(command, env=env, check=True)
    return command


def convert_vectors(floret_file: Path, out: Path) -> None:
    """``spacy init vectors en FILE OUT --mode floret --attr NORM``."""
    subprocess.run([sys.executable, "-m", "spacy", "init", "vectors", "en", str(floret_file), str(out),
                    "--mode", "floret", "--attr", "NORM"], check=True)


def main(argv: list[str] | None = None) -> None:
    from stemfoot.tools.pico_pretrain_text import (
        RawDoc, add_text_arguments, build_records, held_out, nxml_docs, pico_data_docs, text_dir_docs,
    )

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_text_arguments(parser)
    parser.add_argument("--floret-path", type=Path, default=None,
                        help="folder holding the floret package (pip install --target DIR floret)")
    parser.add_argument("--dim", type=int, default=FloretParams.dim)
    parser.add_argument("--bucket", type=int, default=FloretParams.bucket)
    parser.add_argument("--epoch", type=int, default=FloretParams.epoch)
    parser.add_argument("--seed", type=int, default=0, help="shuffles the records")
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    exclusion = held_out(args.pico_data)
    docs: list[Iterable[RawDoc]] = [pico_data_docs(args.pico_data)]
    docs += [text_dir_docs(d) for d in args.text_dir] + [nxml_docs(d) for d in args.nxml_dir]
    records, stats = build_records((doc for source in docs for doc in source), exclusion, seed=args.seed)
    text = args.out / "floret_text.txt"
    with text.open("w", encoding="utf-8") as handle:
        for line in tokenised_lines(records):
            handle.write(line + "\n")
    params = FloretParams(dim=args.dim, bucket=args.bucket, epoch=args.epoch)
    floret_file = args.out / "vectors.floret"
    command = train_floret(text, floret_file, params, args.floret_path)
    convert_vectors(floret_file, args.out / "vectors")
    report = {"held_out_pmids": len(exclusion.pmids), "records": len(records), "floret": asdict(params),
              "floret_call": f"floret.train_unsupervised({str(text)!r}, **floret).save_floret_vectors"
                             f"({str(floret_file)!r}) in {command[0]}", "sources": stats}
    (args.out / "floret_stats.json").write_text(json.dumps(report, indent=2))
    print(json.dumps({k: v for k, v in report.items() if k != "sources"}, indent=2))


if __name__ == "__main__":
    main()
