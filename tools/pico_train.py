"""Convert the EBM-NLP-derived corpora to DocBins and train the PICO tagger.

Labels per token are written to ``token.tag_``: one label where the corpus fixes it,
a ``|``-joined set where it only rules labels out (a corpus with participant spans
only says a non-participant token is ``O|INTERVENTION|OUTCOME``).

Dev split: every PMID of the Nguyen et al. (2017) test split is held out of
training in every corpus; the ones that also have full crowd P/I/O labels in
``ebmnlp_crowd_960.conll`` form the dev set.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from stemfoot.extract.pico import LABELS, create_pico_tokenizer, tag_documents
from stemfoot.extract.pico_conll import read_conll
from stemfoot.extract.pico_eval import token_prf

CONFIG_PATH = Path(__file__).with_name("configs") / "pico.cfg"
PAR, INT, OUT = LABELS[1:]
_CROWD = {"I-PAR": PAR, "I-INT": INT, "I-OUT": OUT, "O": "O"}
_MOD = {"P": PAR, "I": INT, "C": INT, "O": OUT}
_NOT_PAR = "|".join(label for label in LABELS if label != PAR)
_NOT_INT = "|".join(label for label in LABELS if label != INT)
CROWD_WEIGHT = 3
O_BIAS_GRID = tuple(step / 4 for step in range(9))  # 0, 0.25, ..., 2


@dataclass
class LabelledDoc:
    """Tokens with one gold tag (a label or a set of allowed labels) each."""

    key: str  # PMID, or "mod:<corpus>:<n>" where a corpus gives none
    words: list[str]
    tags: list[str]
    source: str


def _norm_key(text: str) -> str:
    """First letters of a title, case- and punctuation-free: matches a doc across tokenisations."""
    return re.sub(r"[^a-z0-9]", "", text.lower())[:60]


def read_crowd(data: Path) -> list[LabelledDoc]:
    """The 960 EBM-NLP abstracts with crowd P/I/O labels on every token."""
    return [LabelledDoc(doc.pmid or "", doc.tokens, [_CROWD[t] for t in doc.tags], "crowd")
            for doc in read_conll(data / "ebmnlp_crowd_960.conll")]


def _nguyen_splits(data: Path) -> dict[str, str]:
    root = data / "participants_nguyen2017" / "annotations"
    return {json.loads(line)["docid"]: split
            for split in ("train", "dev", "test")
            for line in (root / split / "PICO-annos-crowdsourcing-agg.json").open()}


def _char_offsets(text: str, words: list[str]) -> list[tuple[int, int] | None]:
    offsets: list[tuple[int, int] | None] = []
    pos = 0
    for word in words:
        i = text.find(word, pos)
        if i < 0:
            offsets.append(None)
            continue
        offsets.append((i, i + len(word)))
        pos = i + len(word)
    return offsets


def _interventions(data: Path) -> dict[str, tuple[list[str], list[bool]]]:
    """PMID -> (tokens, is-intervention) from both annotation sets, OR-ed where they overlap."""
    root = data / "interventions_difficulty"
    out: dict[str, tuple[list[str], list[bool]]] = {}
    for ann_path in sorted((root / "annotations").glob("*/interventions/*.ann")):
        pmid = ann_path.stem
        words = (root / "documents" / f"{pmid}.tokens").read_text(encoding="utf-8").split("\n")
        flags = ann_path.read_text().split("\n")
        n = min(len(words), len(flags))
        words = words[:n]
        marks = [f.strip() == "1" for f in flags[:n]]
        keep = [i for i, w in enumerate(words) if w.strip()]
        words, marks = [words[i] for i in keep], [marks[i] for i in keep]
        if pmid in out and out[pmid][0] == words:
            marks = [a or b for a, b in zip(out[pmid][1], marks)]
        out[pmid] = (words, marks)
    return out


def read_partial(data: Path, nlp: Language) -> list[LabelledDoc]:
    """Abstracts with participant spans only, intervention tokens only, or both."""
    root = data / "participants_nguyen2017"
    participants: dict[str, list[list[int]]] = {}
    for split in ("train", "dev", "test"):
        path = root / "annotations" / split / "PICO-annos-crowdsourcing-agg.json"
        for line in path.open():
            record = json.loads(line)
            participants[record["docid"]] = record["Participants"]["HMMCrowd"]
    interventions = _interventions(data)
    docs = []
    for pmid in sorted(set(participants) | set(interventions)):
        if pmid in participants:
            text = (root / "docs" / f"{pmid}.txt").read_text(encoding="utf-8")
            if pmid in interventions:
                words, is_int = interventions[pmid]
            else:
                words = [t.text for t in nlp.tokenizer(text)]
                is_int = None
            offsets = _char_offsets(text, words)
            spans = participants[pmid]
            is_par = [o is not None and any(s < o[1] and o[0] < e for s, e in spans)
                      for o in offsets]
        else:
            words, is_int = interventions[pmid]
            is_par = None
        tags = []
        for i, word in enumerate(words):
            if not word.strip():
                tags.append("O")
            elif is_par is None:
                tags.append(INT if is_int[i] else _NOT_INT)
            elif is_int is None:
                # crowd P spans overlap interventions now and then (a P token may be I-INT)
                tags.append(f"{PAR}|{INT}" if is_par[i] else _NOT_PAR)
            elif is_par[i]:
                tags.append(f"{PAR}|{INT}" if is_int[i] else PAR)
            else:
                tags.append(INT if is_int[i] else f"O|{OUT}")
        source = "+".join(name for name, flags in (("P", is_par), ("I", is_int)) if flags)
        docs.append(LabelledDoc(pmid, words, tags, f"partial:{source}"))
    return docs


def _read_tab_bio(path: Path) -> Iterator[tuple[list[str], list[str]]]:
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            if words:
                yield words, tags
            words, tags = [], []
        elif line.strip():
            word, tag = line.split("\t")[:2]
            if not word.strip():  # a few stray whitespace tokens (e.g. "10.6 ± 1.")
                continue
            words.append(word)
            tags.append(_MOD[tag[2:]] if tag != "O" else "O")
    if words:
        yield words, tags


def read_mod(data: Path) -> list[LabelledDoc]:
    """EBM-NLPmod (title + methods, P/I/C/O; comparators become INTERVENTION) + COVID/AD sets."""
    docs = []
    root = data / "ebmnlp_mod_hu2023"
    for corpus in ("EBM-NLPmod", "COVID-19", "AD"):
        for split in ("train", "dev", "test"):  # fold1's three files partition the corpus
            for n, (words, tags) in enumerate(_read_tab_bio(root / corpus / "fold1" / f"{split}.txt")):
                docs.append(LabelledDoc(f"mod:{corpus}:{split}:{n}", words, tags, f"mod:{corpus}"))
    return docs


def _title_keys(data: Path, crowd: list[LabelledDoc]) -> dict[str, str]:
    """Title key -> PMID for every EBM-NLP abstract whose text we have."""
    keys = {_norm_key("".join(doc.words[:30])): doc.key for doc in crowd}
    for path in (data / "participants_nguyen2017" / "docs").glob("*.txt"):
        keys.setdefault(_norm_key(path.read_text(encoding="utf-8")[:200]), path.stem)
    return keys


def build_splits(
    data: Path, *, partial: bool = True, mod: bool = True, crowd_weight: int = CROWD_WEIGHT,
) -> tuple[list[LabelledDoc], list[LabelledDoc]]:
    """(train, dev) documents; no PMID of the held-out split reaches train.

    The fully labelled crowd documents are repeated ``crowd_weight`` times so that
    the partially labelled ones do not drown them out.
    """
    data = Path(data)
    held_out = {pmid for pmid, split in _nguyen_splits(data).items() if split == "test"}
    crowd = read_crowd(data)
    dev = [doc for doc in crowd if doc.key in held_out]
    crowd_train = [doc for doc in crowd if doc.key not in held_out]
    train = list(crowd_train)
    seen = {doc.key for doc in crowd}
    if partial:
        nlp = spacy.blank("en")
        nlp.tokenizer = create_pico_tokenizer()(nlp)
        train += [doc for doc in read_partial(data, nlp)
                  if doc.key not in held_out and doc.key not in seen]
    if mod:
        keys = _title_keys(data, crowd)
        for doc in read_mod(data):
            words = doc.words[2:] if doc.words[:2] == ["Title", ":"] else doc.words
            pmid = keys.get(_norm_key("".join(words[:30])))
            if pmid not in held_out:
                train.append(doc)
    return train + crowd_train * (crowd_weight - 1), dev


def write_docbin(docs: list[LabelledDoc], path: Path) -> None:
    vocab = spacy.blank("en").vocab
    bin_ = DocBin(attrs=["ORTH", "TAG"], store_user_data=False)
    for doc in docs:
        bin_.add(Doc(vocab, words=doc.words, tags=doc.tags))
    path.parent.mkdir(parents=True, exist_ok=True)
    bin_.to_disk(path)


def write_dev_conll(docs: list[LabelledDoc], path: Path) -> None:
    """The dev documents in the crowd CoNLL format, as ``tag-pico`` input and gold."""
    back = {v: k for k, v in _CROWD.items()}
    lines = []
    for doc in docs:
        lines += [f"-DOCSTART- ({doc.key})", ""]
        lines += [f"{w} NN O {back[t]}" for w, t in zip(doc.words, doc.tags)]
        lines += ["", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def evaluate_model(nlp: Language, docs: list[LabelledDoc]) -> dict[str, float]:
    """Token-level P/R/F of a model on labelled documents (each one doc of context)."""
    predicted = tag_documents([[doc.words] for doc in docs], nlp)
    back = {v: k for k, v in _CROWD.items()}
    gold = [back[t] for doc in docs for t in doc.tags]
    pred = [t for doc_tags in predicted for sent in doc_tags for t in sent]
    return token_prf(gold, pred)


def tune_o_bias(nlp: Language, docs: list[LabelledDoc]) -> float:
    """Pick the tagger's O-logit offset that maximises macro F1 on ``docs``; set it."""
    tagger = nlp.get_pipe("pico_tagger")
    best_f, best_bias = -1.0, 0.0
    for bias in O_BIAS_GRID:
        tagger.cfg["o_bias"] = bias
        f1 = evaluate_model(nlp, docs)["macro_f"]
        if f1 > best_f:
            best_f, best_bias = f1, bias
    tagger.cfg["o_bias"] = best_bias
    return best_bias


def train_pico(
    data: Path, out: Path, *, partial: bool = True, mod: bool = True,
    crowd_weight: int = CROWD_WEIGHT, overrides: dict[str, object] | None = None,
) -> dict[str, float]:
    """Convert the corpora under ``data``, train into ``out``, return dev figures of model-best."""
    from spacy.cli.train import train

    out = Path(out)
    train_docs, dev_docs = build_splits(
        Path(data), partial=partial, mod=mod, crowd_weight=crowd_weight)
    write_docbin(train_docs, out / "corpus" / "train.spacy")
    write_docbin(dev_docs, out / "corpus" / "dev.spacy")
    write_dev_conll(dev_docs, out / "corpus" / "dev.conll")
    (out / "dev_pmids.txt").write_text("".join(f"{d.key}\n" for d in dev_docs))
    train(CONFIG_PATH, out, use_gpu=-1, overrides={
        "paths.train": str(out / "corpus" / "train.spacy"),
        "paths.dev": str(out / "corpus" / "dev.spacy"),
        **(overrides or {}),
    })
    nlp = spacy.load(out / "model-best")
    bias = tune_o_bias(nlp, dev_docs)
    nlp.to_disk(out / "model-best")
    scores = evaluate_model(nlp, dev_docs)
    (out / "dev_scores.json").write_text(json.dumps({"o_bias": bias, **scores}, indent=2))
    return scores
