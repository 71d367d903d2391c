"""PICO span tagger: a spaCy token tagger for participants, interventions and outcomes.

The component predicts one of ``O``, ``PARTICIPANTS``, ``INTERVENTION``,
``OUTCOME`` and (models trained with EBM-NLPmod's ``C`` tags) ``COMPARATOR`` per
token and stores maximal runs of one label as spans in ``doc.spans["pico"]``.
Decoding adds a tuned offset per label to the logits and, optionally, finds the
best label sequence under a penalty per label switch (contiguous spans).  It learns from partially labelled corpora: a gold tag
may be a ``|``-joined set of labels the token is allowed to have (e.g.
``O|INTERVENTION|OUTCOME`` for a token known not to be a participant), and the
loss is the negative log of the probability mass on that set.
"""
from __future__ import annotations

import warnings
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy
from spacy.language import Language
from spacy.pipeline.tagger import Tagger
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import registry
from thinc.api import Model

from stemfoot.extract.pico_eval import token_prf

LABELS: tuple[str, ...] = ("O", "PARTICIPANTS", "INTERVENTION", "OUTCOME")
COMPARATOR = "COMPARATOR"
#: Every label a model may have, in output order (older models lack COMPARATOR).
ALL_LABELS: tuple[str, ...] = (*LABELS, COMPARATOR)
SPANS_KEY = "pico"
#: CoNLL tags of the EBM-NLP files, per label; the CoNLL contract has no comparator tag.
CONLL_TAGS: dict[str, str] = {
    "O": "O", "PARTICIPANTS": "I-PAR", "INTERVENTION": "I-INT", "OUTCOME": "I-OUT",
    COMPARATOR: "I-INT",
}
MODEL_DIR = "models/pico"


@registry.tokenizers("stemfoot.pico_tokenizer.v1")
def create_pico_tokenizer() -> Callable[[Language], Tokenizer]:
    """scispaCy's rule tokenizer: it splits abstracts the way EBM-NLP's tokens are split."""
    from scispacy.custom_tokenizer import combined_rule_tokenizer

    def make(nlp: Language) -> Tokenizer:
        if not hasattr(nlp, "tokenizer"):
            # scispaCy copies the default tokenizer's token_match; while the config is
            # being loaded the nlp object has no tokenizer yet.
            nlp.tokenizer = Tokenizer(nlp.vocab, token_match=nlp.Defaults.token_match)
        with warnings.catch_warnings():
            # scispaCy's suffix regex trips a harmless "possible set union" FutureWarning
            warnings.simplefilter("ignore", FutureWarning)
            return combined_rule_tokenizer(nlp)

    return make


@registry.scorers("stemfoot.pico_scorer.v1")
def make_pico_scorer() -> Callable[..., dict[str, float]]:
    return score_pico


def score_pico(examples: Iterable[Example], **kwargs: object) -> dict[str, float]:
    """Token-level P/R/F per PICO label and their macro F1 (gold = reference ``tag_``)."""
    gold: list[str] = []
    pred: list[str] = []
    for eg in examples:
        gold.extend(t.tag_ or "O" for t in eg.reference)
        # the crowd dev labels fold comparators into interventions
        pred.extend("INTERVENTION" if label == COMPARATOR else label
                    for label in doc_labels(eg.predicted))
    scores = token_prf(gold, pred, labels=LABELS[1:])
    return {f"pico_{k}": v for k, v in scores.items()}


def doc_labels(doc: Doc) -> list[str]:
    """The PICO label of every token of a tagged doc (``O`` outside spans)."""
    labels = ["O"] * len(doc)
    for span in doc.spans.get(SPANS_KEY, []):
        labels[span.start:span.end] = [span.label_] * len(span)
    return labels


def log_softmax(scores: numpy.ndarray) -> numpy.ndarray:
    """Row-wise log-softmax of a (tokens, labels) array."""
    shifted = scores - scores.max(axis=1, keepdims=True)
    return shifted - numpy.log(numpy.exp(shifted).sum(axis=1, keepdims=True))


def switch_viterbi_batch(
    batch: Sequence[numpy.ndarray], penalty: float,
) -> list[numpy.ndarray]:
    """For each (tokens, labels) score array, the label path maximising the summed
    scores minus ``penalty`` per change of label; penalty 0 is the plain argmax.

    A uniform switch cost makes spans contiguous: a stray token inside a span, or a
    one-token span, survives only if the model is confident enough to pay for it.
    The documents are decoded together, one numpy step per token position (padding
    with zero scores after a document's end does not change its best path).
    """
    if penalty <= 0 or not batch:
        return [numpy.asarray(scores).argmax(axis=1) for scores in batch]
    lengths = [len(scores) for scores in batch]
    n_steps, n_docs, n_labels = max(lengths), len(batch), batch[0].shape[1]
    if n_steps == 0:
        return [numpy.zeros(0, dtype=int) for _ in batch]
    padded = numpy.zeros((n_steps, n_docs, n_labels))
    for d, scores in enumerate(batch):
        padded[:len(scores), d] = scores
    stay = numpy.ones((n_steps, n_docs, n_labels), dtype=bool)  # backpointer: same label before
    came_from = numpy.zeros((n_steps, n_docs), dtype=int)  # otherwise: the best label before
    best = padded[0].copy()
    for t in range(1, n_steps):
        top = best.argmax(axis=1)
        switch = best[numpy.arange(n_docs), top][:, None] - penalty
        keep = best >= switch
        stay[t], came_from[t] = keep, top
        best = numpy.where(keep, best, switch) + padded[t]
    docs = numpy.arange(n_docs)
    label = best.argmax(axis=1)
    paths = numpy.empty((n_steps, n_docs), dtype=int)
    for t in range(n_steps - 1, -1, -1):
        paths[t] = label
        label = numpy.where(stay[t, docs, label], label, came_from[t])
    return [paths[:n, d] for d, n in enumerate(lengths)]


def switch_viterbi(scores: numpy.ndarray, penalty: float) -> numpy.ndarray:
    """``switch_viterbi_batch`` for one (tokens, labels) array."""
    return switch_viterbi_batch([scores], penalty)[0]


def decode_batch(
    batch: Sequence[numpy.ndarray], labels: Sequence[str], bias: Sequence[float] | numpy.ndarray,
    penalty: float = 0.0,
) -> list[numpy.ndarray]:
    """Label indices for each doc's (tokens, labels) logits.

    ``bias`` is added to each label's logit. With a ``COMPARATOR`` label the tagger first
    decides among O/P/I-or-C/OUT (I and C pooled, so a comparator competes with the other
    facets as an intervention does) and then, inside each intervention-or-comparator run,
    between I and C; ``penalty`` (per label switch, in log-probability) applies at both levels.
    """
    labels = list(labels)
    bias = numpy.asarray(bias, dtype="float64")
    scores = [numpy.asarray(x, dtype="float64") + bias for x in batch]
    if COMPARATOR not in labels:
        if penalty <= 0:
            return [x.argmax(axis=1) for x in scores]
        return switch_viterbi_batch([log_softmax(x) for x in scores], penalty)
    i_col, c_col = labels.index("INTERVENTION"), labels.index(COMPARATOR)
    core = numpy.asarray([k for k in range(len(labels)) if k != c_col])
    merged = []
    for x in scores:
        m = x[:, core]
        m[:, int(numpy.flatnonzero(core == i_col)[0])] = numpy.logaddexp(x[:, i_col], x[:, c_col])
        merged.append(log_softmax(m) if penalty > 0 else m)
    paths = [core[p] for p in switch_viterbi_batch(merged, penalty)]
    pairs = [x[:, [i_col, c_col]] for x in scores]
    if penalty <= 0:
        for path, pair in zip(paths, pairs):
            path[(path == i_col) & (pair[:, 1] > pair[:, 0])] = c_col
        return paths
    runs: list[tuple[int, int, int]] = []  # (doc, start, end) of each I-or-C run
    for d, path in enumerate(paths):
        is_int = numpy.concatenate([[False], path == i_col, [False]])
        edges = numpy.flatnonzero(is_int[1:] != is_int[:-1])
        runs += [(d, int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]
    choice = numpy.asarray([i_col, c_col])
    split = switch_viterbi_batch([log_softmax(pairs[d][a:b]) for d, a, b in runs], penalty)
    for (d, a, b), sub in zip(runs, split):
        paths[d][a:b] = choice[sub]
    return paths


def decode_labels(
    logits: numpy.ndarray, labels: Sequence[str], bias: Sequence[float] | numpy.ndarray,
    penalty: float = 0.0,
) -> numpy.ndarray:
    """``decode_batch`` for one doc's logits."""
    return decode_batch([logits], labels, bias, penalty)[0]


def bias_vector(labels: Sequence[str], cfg: dict) -> numpy.ndarray:
    """Per-label logit offsets from a tagger's cfg (``label_bias``, or the older ``o_bias``)."""
    label_bias = cfg.get("label_bias")
    if label_bias:
        return numpy.asarray([float(label_bias.get(label, 0.0)) for label in labels])
    return numpy.asarray([-float(cfg.get("o_bias", 0.0)) if label == "O" else 0.0
                          for label in labels])


class PicoTagger(Tagger):
    """A tagger with a partial-label loss that writes PICO spans instead of ``tag_``."""

    def __init__(
        self, vocab, model: Model, name: str = "pico_tagger", *,
        spans_key: str = SPANS_KEY, scorer: Callable | None = score_pico,
    ) -> None:
        super().__init__(vocab, model, name, overwrite=False, scorer=scorer)
        self.cfg["spans_key"] = spans_key
        # decoding, tuned on dev after training (see bias_vector / decode_labels): the
        # partial corpora teach the model many "not this label" tokens, and its recall
        # lags its precision
        self.cfg["o_bias"] = 0.0
        self.cfg["label_bias"] = {}
        self.cfg["switch_penalty"] = 0.0

    def initialize(self, get_examples, *, nlp=None, labels=None) -> None:
        if labels is None:
            # the labels the training tags use (a tag may be a "|"-joined set of them)
            seen: set[str] = {"O"}
            for eg in get_examples():
                seen.update(part for t in eg.reference if t.tag_ for part in t.tag_.split("|"))
            unknown = seen - set(ALL_LABELS)
            if unknown:
                raise ValueError(f"unknown PICO labels in the training data: {sorted(unknown)}")
            labels = [label for label in ALL_LABELS if label in seen]
        super().initialize(get_examples, nlp=nlp, labels=list(labels))

    def get_loss(self, examples: Iterable[Example], scores) -> tuple[float, object]:
        ops = self.model.ops
        index = {label: i for i, label in enumerate(self.labels)}
        masks = []
        for eg in examples:
            mask = numpy.ones((len(eg.predicted), len(self.labels)), dtype="float32")
            for i, tag in enumerate(eg.get_aligned("TAG", as_string=True)):
                if tag:  # "" / None: unannotated, every label allowed
                    mask[i] = 0.0
                    mask[i, [index[t] for t in tag.split("|")]] = 1.0
            masks.append(mask)
        probs = ops.to_numpy(ops.flatten(scores))
        mask = numpy.concatenate(masks)
        allowed = (probs * mask).sum(axis=1, keepdims=True)
        # d(-log sum_allowed p) / d logits = p - p restricted to the allowed set, renormalised
        d_probs = probs - probs * mask / numpy.maximum(allowed, 1e-8)
        loss = float(-numpy.log(numpy.maximum(allowed, 1e-8)).sum())
        lengths = ops.asarray1i([len(s) for s in scores])
        return loss, ops.unflatten(ops.asarray2f(d_probs), lengths)

    def predict(self, docs: Iterable[Doc]):
        return super().predict([self._on_own_vocab(doc) for doc in docs])

    def _on_own_vocab(self, doc: Doc) -> Doc:
        """``doc``, or a copy of its tokens on this model's vocab when it has static vectors.

        spaCy's static-vectors layer reads the vectors of the doc's vocab: a doc made by
        another pipeline (the extraction run's) has none, or others.
        """
        if doc.vocab is self.vocab or not self.vocab.vectors.shape[0]:
            return doc
        return Doc(self.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])

    def _scores2guesses(self, scores) -> list[numpy.ndarray]:
        labels = list(self.labels)
        return decode_batch([self.model.ops.to_numpy(x) for x in scores], labels,
                            bias_vector(labels, self.cfg), float(self.cfg.get("switch_penalty", 0.0)))

    def set_annotations(self, docs: Iterable[Doc] | Doc, batch_tag_ids) -> None:
        if isinstance(docs, Doc):
            docs = [docs]
        key = self.cfg.get("spans_key", SPANS_KEY)
        for doc, tag_ids in zip(docs, batch_tag_ids):
            if hasattr(tag_ids, "get"):
                tag_ids = tag_ids.get()
            labels = [self.labels[int(i)] for i in tag_ids]
            spans: list[Span] = []
            start = 0
            for i in range(1, len(labels) + 1):
                if i == len(labels) or labels[i] != labels[start]:
                    if labels[start] != "O":
                        spans.append(Span(doc, start, i, label=labels[start]))
                    start = i
            doc.spans[key] = spans


@Language.factory(
    "pico_tagger",
    assigns=["doc.spans"],
    default_config={"spans_key": SPANS_KEY, "scorer": {"@scorers": "stemfoot.pico_scorer.v1"}},
    default_score_weights={
        "pico_macro_f": 1.0, "pico_PARTICIPANTS_f": 0.0,
        "pico_INTERVENTION_f": 0.0, "pico_OUTCOME_f": 0.0,
    },
)
def make_pico_tagger(
    nlp: Language, name: str, model: Model, spans_key: str, scorer: Callable | None,
) -> PicoTagger:
    return PicoTagger(nlp.vocab, model, name, spans_key=spans_key, scorer=scorer)


def shipped_model_path() -> Path:
    """Folder of the trained model that ships inside the package."""
    return Path(str(resources.files("stemfoot.extract").joinpath(MODEL_DIR)))


@lru_cache(maxsize=4)
def load_pico_model(path: str | None = None) -> Language:
    """Load (once) the shipped PICO pipeline, or the one saved at ``path``; CPU only."""
    import spacy

    model_path = Path(path) if path else shipped_model_path()
    if not (model_path / "config.cfg").exists():
        raise FileNotFoundError(f"no PICO model at {model_path}")
    return spacy.load(model_path)


def tag_doc(doc: Doc, nlp: Language | None = None) -> Doc:
    """Run the PICO tagger on an existing doc (any tokenisation) unless it was already tagged."""
    nlp = nlp or load_pico_model()
    tagger = nlp.get_pipe("pico_tagger")
    if SPANS_KEY not in doc.spans:
        doc = tagger(doc)
    return doc


def _trim(span: Span) -> Span | None:
    """Drop punctuation at the edges so offsets cover the phrase itself."""
    start, end = span.start, span.end
    while start < end and (span.doc[start].is_punct or span.doc[start].is_space):
        start += 1
    while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].is_space):
        end -= 1
    return Span(span.doc, start, end, label=span.label_) if end > start else None


def pico_spans(text_or_doc: str | Doc, nlp: Language | None = None) -> list[dict[str, object]]:
    """PICO spans as ``{label, text, start, end}`` with character offsets into the text."""
    nlp = nlp or load_pico_model()
    doc = nlp(text_or_doc) if isinstance(text_or_doc, str) else tag_doc(text_or_doc, nlp)
    out = []
    for span in doc.spans[SPANS_KEY]:
        trimmed = _trim(span)
        if trimmed is not None:
            out.append({"label": trimmed.label_, "text": trimmed.text,
                        "start": trimmed.start_char, "end": trimmed.end_char})
    return out


def pico_facets(text: str, nlp: Language | None = None) -> dict[str, list[dict[str, object]]]:
    """The export's ``pico`` field: lists of ``{text, start, end}`` per facet.

    ``comparators`` stays empty with a model trained without a ``COMPARATOR`` label.
    """
    keys = {"PARTICIPANTS": "participants", "INTERVENTION": "interventions",
            COMPARATOR: "comparators", "OUTCOME": "outcomes"}
    facets: dict[str, list[dict[str, object]]] = {
        "participants": [], "interventions": [], "comparators": [], "outcomes": [],
    }
    for span in pico_spans(text, nlp):
        facets[keys[str(span["label"])]].append(
            {"text": span["text"], "start": span["start"], "end": span["end"]})
    return facets


def tag_tokens(
    sentences: Sequence[Sequence[str]], nlp: Language | None = None,
) -> list[list[str]]:
    """CoNLL tags (``I-PAR``/``I-INT``/``I-OUT``/``O``) for one document's tokenised sentences.

    The sentences are tagged together, as one doc, so each sentence sees its neighbours.
    """
    return tag_documents([sentences], nlp)[0]


def tag_documents(
    documents: Iterable[Sequence[Sequence[str]]], nlp: Language | None = None,
    batch_size: int = 32,
) -> list[list[list[str]]]:
    """``tag_tokens`` for many documents, batched through the tagger."""
    nlp = nlp or load_pico_model()
    documents = list(documents)
    docs = [Doc(nlp.vocab, words=[w for sent in sents for w in sent])
            for sents in documents]
    tagged = nlp.get_pipe("pico_tagger").pipe(docs, batch_size=batch_size)
    out = []
    for sents, doc in zip(documents, tagged):
        tags = [CONLL_TAGS[label] for label in doc_labels(doc)]
        per_sentence, i = [], 0
        for sent in sents:
            per_sentence.append(tags[i:i + len(sent)])
            i += len(sent)
        out.append(per_sentence)
    return out
