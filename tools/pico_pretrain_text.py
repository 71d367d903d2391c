"""Raw biomedical text for ``spacy pretrain`` of the PICO tagger's tok2vec, and the pretraining run.

    python -m stemfoot.tools.pico_pretrain_text --pico-data DIR [--text-dir DIR ...] \
        [--nxml-dir DIR ...] --out OUT [--epochs N] [--build-only]

Texts: every abstract under ``--pico-data`` (EBM-NLP layout: the Nguyen et al. docs,
the intervention token files, the crowd CoNLL file, EBM-NLPmod/COVID-19/AD), every
``*.txt`` under each ``--text-dir`` and the title, abstract and body of every JATS
``*.nxml`` under each ``--nxml-dir``, cut into records of at most ``MAX_WORDS`` words
(spaCy's JsonlCorpus drops longer ones). What the tagger is scored on never enters:
a document is dropped when its PMID is in the Nguyen test split (the crowd dev
abstracts, the other held-out abstracts and the held-out EBM-NLPmod documents all
come from it) or when it shares any ``NGRAM``-word sequence with the text of a
held-out abstract (catches full texts and other corpora's copies of those abstracts).

The pretraining config is the tagger's own (``extract/configs/pico.cfg``) plus spaCy's
``[pretraining]`` block pointed at ``pico_tagger``'s ``tok2vec`` layer, so the saved
weights fit the tagger exactly (``train-pico --init-tok2vec OUT/model-last.bin``).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

MAX_WORDS = 300  # whitespace words per record; the tokenizer makes more tokens, JsonlCorpus keeps < 500
NGRAM = 12  # alphanumeric words; a shared 12-word run means the same passage, not shared boilerplate
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[])")
_WORD = re.compile(r"[a-z0-9]+")


def chunk_text(text: str, max_words: int = MAX_WORDS) -> list[str]:
    """Paragraphs (lines) packed into pieces of at most ``max_words`` words.

    A paragraph longer than that is cut at sentence ends, a sentence longer than
    that every ``max_words`` words.
    """
    pieces: list[list[str]] = []
    current: list[str] = []
    for para in (line.split() for line in text.split("\n")):
        if not para:
            continue
        units = [s.split() for s in _SENTENCE_END.split(" ".join(para))] if len(para) > max_words else [para]
        for unit in units:
            for i in range(0, len(unit), max_words):
                part = unit[i:i + max_words]
                if current and len(current) + len(part) > max_words:
                    pieces.append(current)
                    current = []
                current = current + part
    if current:
        pieces.append(current)
    return [" ".join(p) for p in pieces]


def word_ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    """Lower-cased alphanumeric word n-grams of a text (tokenisation-independent)."""
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


@dataclass
class Exclusion:
    """Held-out PMIDs and the word n-grams of held-out texts."""

    pmids: set[str]
    ngrams: set[tuple[str, ...]] = field(default_factory=set)

    def add_text(self, text: str) -> None:
        self.ngrams |= word_ngrams(text)

    def reason(self, pmid: str | None, text: str) -> str | None:
        """Why a document must stay out of pretraining ("pmid", "overlap"), or None."""
        if pmid and pmid in self.pmids:
            return "pmid"
        if not word_ngrams(text).isdisjoint(self.ngrams):
            return "overlap"
        return None


@dataclass
class RawDoc:
    """One source document's text."""

    source: str
    key: str
    pmid: str | None
    text: str


def _tokens_file_text(path: Path) -> str:
    return " ".join(w for w in path.read_text(encoding="utf-8").split("\n") if w.strip())


def pico_data_docs(data: Path) -> Iterator[RawDoc]:
    """Every abstract of an EBM-NLP-layout folder (one per PMID; raw text preferred to tokens)."""
    from stemfoot.extract.pico_conll import read_conll
    from stemfoot.tools.pico_train import _norm_key, _read_tab_bio, _title_keys, read_crowd

    seen: set[str] = set()
    for path in sorted((data / "participants_nguyen2017" / "docs").glob("*.txt")):
        seen.add(path.stem)
        yield RawDoc("ebmnlp:docs", path.stem, path.stem, path.read_text(encoding="utf-8"))
    for path in sorted((data / "interventions_difficulty" / "documents").glob("*.tokens")):
        if path.stem not in seen:
            seen.add(path.stem)
            yield RawDoc("ebmnlp:interventions", path.stem, path.stem, _tokens_file_text(path))
    crowd = data / "ebmnlp_crowd_960.conll"
    if crowd.exists():
        for doc in read_conll(crowd):
            if doc.pmid and doc.pmid not in seen:
                seen.add(doc.pmid)
                yield RawDoc("ebmnlp:crowd", doc.pmid, doc.pmid, " ".join(doc.tokens))
    root = data / "ebmnlp_mod_hu2023"
    # EBM-NLPmod gives no PMIDs: take them from the title, as pico_train's split does, so a
    # held-out document too short to share a 12-word run with its abstract is still excluded
    titles = _title_keys(data, read_crowd(data)) if crowd.exists() else {}
    for corpus in ("EBM-NLPmod", "COVID-19", "AD"):
        for split in ("train", "dev", "test"):
            path = root / corpus / "fold1" / f"{split}.txt"
            if path.exists():
                for n, (words, _) in enumerate(_read_tab_bio(path)):
                    title = words[2:] if words[:2] == ["Title", ":"] else words
                    pmid = titles.get(_norm_key("".join(title[:30])))
                    yield RawDoc(f"mod:{corpus}", f"{corpus}:{split}:{n}", pmid, " ".join(words))


def held_out(data: Path) -> Exclusion:
    """The Nguyen test split's PMIDs (the tagger's dev and held-out sets) and their texts' n-grams."""
    from stemfoot.tools.pico_train import _nguyen_splits

    exclusion = Exclusion({pmid for pmid, split in _nguyen_splits(data).items() if split == "test"})
    for doc in pico_data_docs(data):
        if doc.pmid in exclusion.pmids:
            exclusion.add_text(doc.text)
    return exclusion


def text_dir_docs(folder: Path) -> Iterator[RawDoc]:
    """Every ``*.txt`` of a folder (e.g. PICO-Corpus abstracts); the file stem as key."""
    for path in sorted(folder.glob("*.txt")):
        yield RawDoc(f"txt:{folder.name}", path.stem, None, path.read_text(encoding="utf-8"))


def nxml_docs(folder: Path) -> Iterator[RawDoc]:
    """Title, abstract and body text of every JATS ``*.nxml`` of a folder."""
    from stemfoot.corpus.jats import parse_jats

    for path in sorted(folder.glob("*.nxml")):
        for rec in parse_jats(path.read_bytes(), path.name):
            text = "\n".join(part for part in (rec["title"], rec["abstract"], rec["full_text"]) if part)
            yield RawDoc(f"nxml:{folder.name}", path.stem, rec["pmid"], text)


def build_records(
    docs: Iterable[RawDoc], exclusion: Exclusion, *, max_words: int = 0, seed: int = 0,
) -> tuple[list[str], dict[str, dict[str, int]]]:
    """Pretraining records of the documents not excluded, duplicates dropped; per-source counts.

    With ``max_words``, documents are taken in the order given until that many words
    (so list the abstracts first); the records are then shuffled with ``seed``, so an
    epoch mixes the sources.
    """
    records: list[str] = []
    seen: set[str] = set()
    stats: dict[str, dict[str, int]] = {}
    total = 0
    for doc in docs:
        counts = stats.setdefault(doc.source, {"docs": 0, "pmid": 0, "overlap": 0, "duplicate": 0,
                                               "over_budget": 0, "records": 0, "words": 0})
        counts["docs"] += 1
        reason = exclusion.reason(doc.pmid, doc.text)
        digest = hashlib.sha1(" ".join(_WORD.findall(doc.text.lower())).encode()).hexdigest()
        if reason is None and digest in seen:
            reason = "duplicate"
        if reason is None and max_words and total >= max_words:
            reason = "over_budget"
        if reason is not None:
            counts[reason] += 1
            continue
        seen.add(digest)
        for piece in chunk_text(doc.text):
            records.append(piece)
            counts["records"] += 1
            counts["words"] += len(piece.split())
            total += len(piece.split())
    random.Random(seed).shuffle(records)
    return records, stats


def write_jsonl(records: list[str], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for text in records:
            out.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")


def pretrain_config(
    raw_text: Path | None, *, max_epochs: int = 1, seed: int = 0, save_every: int = 0,
) -> "Config":
    """The tagger's config plus a ``[pretraining]`` block for its tok2vec (character objective)."""
    from spacy.util import load_config
    from thinc.api import Config

    from stemfoot.tools.pico_train import CONFIG_PATH

    config = load_config(CONFIG_PATH)
    block = Config().from_str(f"""
[paths]
raw_text = {json.dumps(str(raw_text)) if raw_text else "null"}

[corpora]

[corpora.pretrain]
@readers = "spacy.JsonlCorpus.v1"
path = ${{paths.raw_text}}
min_length = 5
max_length = 500
limit = 0

[pretraining]
max_epochs = {max_epochs}
dropout = 0.2
n_save_every = {save_every or "null"}
n_save_epoch = null
component = "pico_tagger"
layer = "tok2vec"
corpus = "corpora.pretrain"

[pretraining.batcher]
@batchers = "spacy.batch_by_words.v1"
size = 3000
discard_oversize = false
tolerance = 0.2
get_length = null

[pretraining.objective]
@architectures = "spacy.PretrainCharacters.v1"
maxout_pieces = 3
hidden_size = 300
n_characters = 4

[pretraining.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = true
eps = 1e-8
learn_rate = 0.001
""", interpolate=False)
    merged = config.merge(block)
    merged["system"]["seed"] = seed
    return merged


def filled_config(config: "Config") -> "Config":
    """``config`` with spaCy's defaults filled in and variables resolved (what ``pretrain`` expects)."""
    import stemfoot.extract.pico  # noqa: F401  (registers the pico_tagger factory and tokenizer)
    from spacy.util import load_model_from_config

    return load_model_from_config(config, auto_fill=True, validate=True).config.interpolate()


def run_pretrain(raw_text: Path, out: Path, *, max_epochs: int, seed: int = 0, save_every: int = 0) -> Path:
    """``spacy pretrain`` on CPU into ``out``; returns the final weights (``model-last.bin``).

    With ``save_every``, the weights so far are also saved every that many batches
    (``model<epoch>.temp.bin``).
    """
    from spacy.training.pretrain import pretrain

    out.mkdir(parents=True, exist_ok=True)
    raw_config = pretrain_config(raw_text, max_epochs=max_epochs, seed=seed, save_every=save_every)
    raw_config.to_disk(out / "config.cfg")
    config = filled_config(raw_config)
    pretrain(config, out, use_gpu=-1, silent=False)
    return out / "model-last.bin"


def add_text_arguments(parser: argparse.ArgumentParser) -> None:
    """The raw-text sources and the output folder, shared with ``pico_floret_vectors``."""
    parser.add_argument("--pico-data", type=Path, required=True,
                        help="EBM-NLP-layout folder: its abstracts are used and its test split excluded")
    parser.add_argument("--text-dir", type=Path, action="append", default=[], help="folder of *.txt")
    parser.add_argument("--nxml-dir", type=Path, action="append", default=[], help="folder of JATS *.nxml")
    parser.add_argument("--out", type=Path, required=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_text_arguments(parser)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-words", type=int, default=0,
                        help="stop taking documents after this many words (abstract sources come first)")
    parser.add_argument("--limit", type=int, default=0, help="keep only the first N records (timing runs)")
    parser.add_argument("--save-every", type=int, default=0, help="also save the weights every N batches")
    parser.add_argument("--build-only", action="store_true", help="write raw_text.jsonl and stop")
    args = parser.parse_args(argv)

    exclusion = held_out(args.pico_data)
    docs: list[Iterable[RawDoc]] = [pico_data_docs(args.pico_data)]
    docs += [text_dir_docs(d) for d in args.text_dir] + [nxml_docs(d) for d in args.nxml_dir]
    records, stats = build_records((doc for source in docs for doc in source), exclusion,
                                   max_words=args.max_words, seed=args.seed)
    if args.limit:
        records = records[:args.limit]
    raw_text = args.out / "raw_text.jsonl"
    write_jsonl(records, raw_text)
    report = {"held_out_pmids": len(exclusion.pmids), "records": len(records), "sources": stats}
    (args.out / "raw_text_stats.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    if not args.build_only:
        print(run_pretrain(raw_text, args.out, max_epochs=args.epochs, seed=args.seed,
                           save_every=args.save_every))


if __name__ == "__main__":
    main()
