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

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from stemfoot.extract.pico import (
    COMPARATOR, LABELS, bias_vector, create_pico_tokenizer, decode_batch, tag_documents,
)
from stemfoot.extract.pico_conll import read_conll
from stemfoot.extract.pico_eval import token_prf

CONFIG_PATH = Path(__file__).parent.parent / "extract" / "configs" / "pico.cfg"
PAR, INT, OUT = LABELS[1:]
_CROWD = {"I-PAR": PAR, "I-INT": INT, "I-OUT": OUT, "O": "O"}
_MOD = {"P": PAR, "I": INT, "C": COMPARATOR, "O": OUT}
_NOT_PAR = "|".join(label for label in LABELS if label != PAR)
_NOT_INT = "|".join(label for label in LABELS if label != INT)
CROWD_WEIGHT = 3
BIAS_GRID = tuple(step / 4 for step in range(13))  # 0, 0.25, ..., 3 (added to a non-O logit)
PENALTY_GRID = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)  # nats per label switch


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
    """(words, labels) per document of an EBM-NLPmod BIO file; ``C`` stays COMPARATOR."""
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
    """EBM-NLPmod (title + methods, P/I/C/O) + COVID/AD sets, with COMPARATOR labels."""
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


def fold_comparators(doc: LabelledDoc) -> LabelledDoc:
    """A document whose COMPARATOR tags count as INTERVENTION (a model without C)."""
    tags = ["|".join(dict.fromkeys(INT if part == COMPARATOR else part for part in tag.split("|")))
            for tag in doc.tags]
    return LabelledDoc(doc.key, doc.words, tags, doc.source)


def allow_comparators(doc: LabelledDoc) -> LabelledDoc:
    """A document from a corpus that folds comparators into interventions: C allowed wherever I is."""
    tags = [f"{tag}|{COMPARATOR}" if INT in tag.split("|") else tag for tag in doc.tags]
    return LabelledDoc(doc.key, doc.words, tags, doc.source)


@dataclass
class Splits:
    """Training documents, the crowd dev set and the held-out EBM-NLPmod documents (P/I/C/O)."""

    train: list[LabelledDoc]
    dev: list[LabelledDoc]
    mod_held_out: list[LabelledDoc]


def build_splits(
    data: Path, *, partial: bool = True, mod: bool = True, crowd_weight: int = CROWD_WEIGHT,
    comparators: bool = True,
) -> Splits:
    """Train, dev and held-out EBM-NLPmod documents; no PMID of the held-out split reaches train.

    The fully labelled crowd documents are repeated ``crowd_weight`` times so that
    the partially labelled ones do not drown them out. With ``comparators`` the
    EBM-NLPmod ``C`` tags train a COMPARATOR label and the other corpora allow
    COMPARATOR wherever they allow INTERVENTION; without, C is INTERVENTION.
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
    mod_held_out = []
    if mod:
        keys = _title_keys(data, crowd)
        for doc in read_mod(data):
            words = doc.words[2:] if doc.words[:2] == ["Title", ":"] else doc.words
            pmid = keys.get(_norm_key("".join(words[:30])))
            if pmid in held_out:
                mod_held_out.append(doc)
            else:
                train.append(doc)
    train += crowd_train * (crowd_weight - 1)
    if comparators:
        train = [doc if doc.source.startswith("mod:") else allow_comparators(doc) for doc in train]
    else:
        train = [fold_comparators(doc) for doc in train]
    return Splits(train, dev, mod_held_out)


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


def doc_logits(nlp: Language, docs: list[LabelledDoc], batch_size: int = 32) -> list[numpy.ndarray]:
    """The tagger's (tokens, labels) logits for each document, computed once for tuning."""
    tagger = nlp.get_pipe("pico_tagger")
    spacy_docs = [Doc(nlp.vocab, words=doc.words) for doc in docs]
    out: list[numpy.ndarray] = []
    for i in range(0, len(spacy_docs), batch_size):
        out += [tagger.model.ops.to_numpy(x) for x in tagger.model.predict(spacy_docs[i:i + batch_size])]
    return out


@dataclass
class Decoding:
    """Decoding settings: an offset per non-O label's logit and a penalty per label switch."""

    bias: dict[str, float]
    penalty: float = 0.0

    def vector(self, labels: list[str]) -> numpy.ndarray:
        return bias_vector(labels, {"label_bias": self.bias})


def decoded_prf(
    labels: list[str], logits: list[numpy.ndarray], docs: list[LabelledDoc], decoding: Decoding,
) -> dict[str, float]:
    """Crowd-label P/R/F (C counted as I) of the decoded logits."""
    vector = decoding.vector(labels)
    back = {v: k for k, v in _CROWD.items()}
    tag_of = [back[INT if label == COMPARATOR else label] for label in labels]
    pred = [tag_of[int(k)] for path in decode_batch(logits, labels, vector, decoding.penalty)
            for k in path]
    gold = [back[t] for doc in docs for t in doc.tags]
    return token_prf(gold, pred)


def _uniform(labels: list[str], offset: float) -> dict[str, float]:
    return {label: offset for label in labels if label != "O"}


def tune_decoding(
    labels: list[str], logits: list[numpy.ndarray], docs: list[LabelledDoc], *,
    per_label: bool = True, penalties: tuple[float, ...] = PENALTY_GRID,
) -> tuple[Decoding, float]:
    """The decoding that maximises macro F1 on ``docs``, and that F1.

    First one offset for every non-O label (the old O offset), then, with
    ``per_label``, coordinate ascent over P, I and OUT offsets (a comparator keeps
    the intervention's offset, so the I/C split is the model's own), for each
    switch penalty in ``penalties``.
    """
    def f1(decoding: Decoding) -> float:
        return decoded_prf(labels, logits, docs, decoding)["macro_f"]

    best = max((Decoding(_uniform(labels, b)) for b in BIAS_GRID), key=f1)
    best_f = f1(best)
    for penalty in penalties:
        current = Decoding(dict(best.bias), penalty)
        current_f = f1(current)
        for _ in range(2 if per_label else 0):
            for label in (PAR, INT, OUT):
                for b in BIAS_GRID:
                    bias = {**current.bias, label: b}
                    if label == INT and COMPARATOR in labels:
                        bias[COMPARATOR] = b
                    trial = Decoding(bias, penalty)
                    trial_f = f1(trial)
                    if trial_f > current_f:
                        current, current_f = trial, trial_f
        if current_f > best_f:
            best, best_f = current, current_f
    return best, best_f


def two_fold_estimate(
    labels: list[str], logits: list[numpy.ndarray], docs: list[LabelledDoc], **kwargs: object,
) -> dict[str, float]:
    """Tune on one half of ``docs`` (alternate documents), score the other half, and back.

    Returns the pooled token P/R/F over both unseen halves: an honest figure for a
    decoding tuned on dev.
    """
    halves = [list(range(0, len(docs), 2)), list(range(1, len(docs), 2))]
    back = {v: k for k, v in _CROWD.items()}
    tag_of = [back[INT if label == COMPARATOR else label] for label in labels]
    gold: list[str] = []
    pred: list[str] = []
    for tune_idx, test_idx in (halves, halves[::-1]):
        decoding, _ = tune_decoding(labels, [logits[i] for i in tune_idx],
                                    [docs[i] for i in tune_idx], **kwargs)
        paths = decode_batch([logits[i] for i in test_idx], labels, decoding.vector(labels),
                             decoding.penalty)
        for i, path in zip(test_idx, paths):
            gold += [back[t] for t in docs[i].tags]
            pred += [tag_of[int(k)] for k in path]
    return token_prf(gold, pred)


def comparator_prf(nlp: Language, docs: list[LabelledDoc]) -> dict[str, float]:
    """Token P/R/F of INTERVENTION and COMPARATOR on P/I/C/O-labelled (EBM-NLPmod) documents."""
    labels = list(nlp.get_pipe("pico_tagger").labels)
    tagger = nlp.get_pipe("pico_tagger")
    vector = bias_vector(labels, tagger.cfg)
    penalty = float(tagger.cfg.get("switch_penalty", 0.0))
    gold = [t for doc in docs for t in doc.tags]
    pred = [labels[int(k)] for path in decode_batch(doc_logits(nlp, docs), labels, vector, penalty)
            for k in path]
    scores = token_prf(gold, pred, labels=(INT, COMPARATOR))
    pooled = token_prf([INT if t == COMPARATOR else t for t in gold],
                       [INT if t == COMPARATOR else t for t in pred], labels=(INT,))
    scores.update({f"I_or_C_{k[len(INT) + 1:]}": v for k, v in pooled.items() if k.startswith(INT)})
    return scores


def set_decoding(nlp: Language, decoding: Decoding) -> None:
    """Store the tuned decoding in the tagger's cfg (saved with the model)."""
    tagger = nlp.get_pipe("pico_tagger")
    tagger.cfg["o_bias"] = 0.0
    tagger.cfg["label_bias"] = dict(decoding.bias)
    tagger.cfg["switch_penalty"] = decoding.penalty


def train_pico(
    data: Path, out: Path, *, partial: bool = True, mod: bool = True,
    crowd_weight: int = CROWD_WEIGHT, comparators: bool = True,
    overrides: dict[str, object] | None = None, init_tok2vec: Path | None = None,
    vectors: Path | None = None,
) -> dict[str, float]:
    """Convert the corpora under ``data``, train into ``out``, return dev figures of model-best.

    ``init_tok2vec``: tok2vec weights from ``spacy pretrain`` (``tools/pico_pretrain_text.py``)
    that initialise the tagger's tok2vec layer before training. ``vectors``: a
    vectors-only pipeline (``tools/pico_floret_vectors.py``) whose static vectors
    the embedding layer adds to its hash embeddings.

    After training, the decoding (one non-O offset, switch penalty) is tuned on dev
    and saved in model-best; ``dev_scores.json`` also holds the two-fold estimate of
    that tuning and, with comparators, C/I figures on the held-out EBM-NLPmod documents.
    """
    from spacy.cli.train import train

    out = Path(out)
    splits = build_splits(Path(data), partial=partial, mod=mod, crowd_weight=crowd_weight,
                          comparators=comparators)
    dev_docs = splits.dev
    write_docbin(splits.train, out / "corpus" / "train.spacy")
    write_docbin(dev_docs, out / "corpus" / "dev.spacy")
    write_dev_conll(dev_docs, out / "corpus" / "dev.conll")
    (out / "dev_pmids.txt").write_text("".join(f"{d.key}\n" for d in dev_docs))
    config_path = CONFIG_PATH
    extra: dict[str, object] = {}
    if init_tok2vec is not None:
        from stemfoot.tools.pico_pretrain_text import pretrain_config

        # spaCy loads init_tok2vec only with a [pretraining] block naming the component and layer
        config_path = out / "config_init_tok2vec.cfg"
        pretrain_config(None).to_disk(config_path)
        extra["initialize.init_tok2vec"] = str(Path(init_tok2vec).resolve())
    if vectors is not None:
        # the vectors-only pipeline's table is copied into the model's vocab: shipped with it
        extra["initialize.vectors"] = str(Path(vectors).resolve())
        extra["components.pico_tagger.model.tok2vec.embed.include_static_vectors"] = True
    train(config_path, out, use_gpu=-1, overrides={
        "paths.train": str(out / "corpus" / "train.spacy"),
        "paths.dev": str(out / "corpus" / "dev.spacy"),
        **extra,
        **(overrides or {}),
    })
    return tune_model(out, splits)


def tune_model(out: Path, splits: Splits) -> dict[str, float]:
    """Tune the decoding of ``out/model-best`` on dev, save it there, write ``dev_scores.json``.

    One offset for every non-O label plus a switch penalty: offsets per label scored
    no better on held-out halves of dev (docs/pico.md).
    """
    dev_docs = splits.dev
    nlp = spacy.load(out / "model-best")
    labels = list(nlp.get_pipe("pico_tagger").labels)
    logits = doc_logits(nlp, dev_docs)
    raw = decoded_prf(labels, logits, dev_docs, Decoding({}))
    decoding, _ = tune_decoding(labels, logits, dev_docs, per_label=False)
    set_decoding(nlp, decoding)
    nlp.to_disk(out / "model-best")
    scores = evaluate_model(nlp, dev_docs)
    report: dict[str, object] = {
        "label_bias": decoding.bias, "switch_penalty": decoding.penalty,
        "dev_untuned_macro_f": raw["macro_f"],
        "dev_two_fold": two_fold_estimate(labels, logits, dev_docs, per_label=False), **scores,
    }
    if COMPARATOR in labels and splits.mod_held_out:
        report["mod_held_out"] = {"docs": len(splits.mod_held_out),
                                  **comparator_prf(nlp, splits.mod_held_out)}
    (out / "dev_scores.json").write_text(json.dumps(report, indent=2))
    return scores
