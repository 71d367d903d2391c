"""Learned outcome matcher: how likely a table row or a sentence reports a query's outcome.

A small logistic model over pairwise features of (query outcome, candidate), trained on the
Evidence Inference 2.0 corpus and the tuned full-text dev golds (``tools/train_outcome_matcher.py``):
doctors' (or the golds') evidence sentences for an outcome/intervention/comparator prompt are the
positives (and the table rows they quote), the other numeric sentences and rows of the same article
the negatives. A candidate is seen the same way
in training and at query time:

* a table row: ``label`` = its row label with prefixes ("Efficacy / Ulcer area"), ``context`` = the
  table's caption;
* a sentence: ``label`` = its words before the first value, ``context`` = the whole sentence less
  its numbers.

Features: the hand-made ``outcome_similarity`` of ``outcome_query`` (tokens, trigrams, acronyms the
article defines, vocabulary synonyms), token recall and precision, recall weighted by how rare a word
is in this article (IDF over its sentences), character 4-gram cosine, numbers and p-values present,
table or prose, section, baseline wording, the query arms' words nearby, and each score's distance to
the best competitor of the same query. The model ships as JSON (``models/outcome_match/model.json``)
and is evaluated in pure Python.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.schemas import baseline_cues

MODEL_PATH = Path(__file__).parent / "models" / "outcome_match" / "model.json"

#: This module's regexes, as data in patterns/outcome_match.json (compiled once, here).
_RX = load_patterns("outcome_match", BASELINE_CUES=baseline_cues(table=True))
SECTIONS = ("results", "abstract", "methods", "discussion")


@dataclass(frozen=True)
class Candidate:
    """One place an outcome may be reported: a table row or a sentence (see the module docstring)."""

    kind: str  # "table" or "sentence"
    label: str
    context: str
    section: str = ""  # results / abstract / methods / discussion / other ("" for tables)
    raw: str = ""  # the text with its numbers (number and p-value features)


def sentence_candidate(sentence: str, section: str = "") -> Candidate:
    """A sentence as a candidate: its words before the first value are its label (as ``_sentence_leads``)."""
    m = re.search(r"(?<![A-Za-z\d])\d", sentence)  # a value, not the digit of a name ("HbA1c", "IL-6" stays)
    lead = sentence[: m.start()] if m else sentence
    lead = " ".join(re.sub(r"(?<![A-Za-z])\d\S*", " ", lead).split()[-12:])
    ctx = " ".join(re.sub(r"\S*\d\S*", " ", sentence).split())
    return Candidate("sentence", lead, ctx, section, sentence)


def row_candidate(row_label: str, caption: str, cells: str = "") -> Candidate:
    """A table row as a candidate: its prefixed row label, the caption as context."""
    return Candidate("table", row_label or "", caption or "", "", f"{row_label} {cells}")




def section_kind(title: str | None, default: str = "results") -> str:
    """A prose section's kind from its title ("Patients and methods" -> methods); anything else: ``default``
    (the pipeline reads results and methods prose only)."""
    if title and re.search(r"result|finding|outcome", title, re.I):
        return "results"
    return "methods" if title and _RX.METHODS_TITLE.search(title) else default


def split_sentences(text: str) -> list[str]:
    """Sentences of a text (the same light splitter at training and at query time)."""
    return [s.strip() for s in _RX.SENT_SPLIT.split(text or "") if s.strip()]


@lru_cache(maxsize=16)
def document_frequencies(text: str) -> tuple[dict[str, int], int]:
    """How many of the text's sentences each stemmed word is in, and the number of sentences."""
    from stemfoot.extract.outcome_query import tokens

    df: Counter = Counter()
    sents = split_sentences(text)
    for s in sents:
        df.update(set(tokens(s)))
    return dict(df), max(len(sents), 1)


def _idf(word: str, df: dict[str, int], n: int) -> float:
    return math.log((n + 1) / (df.get(word, 0) + 1)) + 1.0


def _hits(q: set[str], words: set[str]) -> set[str]:
    """Query words found among ``words`` (also by a shared 5-letter prefix: "flexibility" ~ "flexible")."""
    return {a for a in q if a in words or len(a) >= 5 and any(len(b) >= 5 and a[:5] == b[:5] for b in words)}


@lru_cache(maxsize=65536)
def _grams4(text: str) -> Counter:
    t = " " + " ".join(_RX.WORD.findall((text or "").lower())) + " "
    return Counter(t[i:i + 4] for i in range(len(t) - 3))


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


@lru_cache(maxsize=65536)
def _vocab(text: str) -> frozenset[str]:
    from stemfoot.extract.outcome_query import _vocab_ids

    return frozenset(_vocab_ids(text))


FEATURES = (
    "sim_label", "sim_context", "recall_label", "precision_label", "idf_recall_label", "idf_recall_all",
    "recall_all", "gram4_label", "vocab_hit", "sec_results", "sec_abstract", "sec_methods",
    "sec_discussion", "log_numbers", "has_p", "has_percent", "has_mean_sd", "baseline", "compare",
    "arm_words", "log_label_len", "rel_sim_label", "rel_idf_recall_all", "rel_recall_all", "top_sim",
)


def features(outcome: str, intervention: str, comparator: str, cands: list[Candidate], text: str = "",
             defined: dict[str, str] | None = None) -> list[list[float]]:
    """The feature rows (``FEATURES`` order) of each candidate for one query; ``text`` (the article's prose)
    gives the word rarities, ``defined`` its acronyms (``outcome_query.article_acronyms``)."""
    from stemfoot.extract.outcome_query import outcome_similarity, text_similarity, tokens

    df, n = document_frequencies(text or "")
    q = set(tokens(outcome))
    q_idf = sum(_idf(w, df, n) for w in q) or 1.0
    arm_words = set(tokens(intervention)) | set(tokens(comparator))
    q_vocab = _vocab(outcome)
    q_grams = _grams4(outcome)
    rows = []
    for c in cands:
        lab, allw = set(tokens(c.label)), set(tokens(c.label)) | set(tokens(c.context))
        h_lab, h_all = _hits(q, lab), _hits(q, allw)
        sec = c.section or ""
        raw = c.raw or c.label
        rows.append([
            outcome_similarity(outcome, [c.label], defined),
            text_similarity(outcome, c.context) if c.context else 0.0,
            len(h_lab) / len(q) if q else 0.0,
            len(h_lab) / len(lab) if lab else 0.0,
            sum(_idf(w, df, n) for w in h_lab) / q_idf,
            sum(_idf(w, df, n) for w in h_all) / q_idf,
            len(h_all) / len(q) if q else 0.0,
            _cosine(q_grams, _grams4(c.label)),
            1.0 if q_vocab and q_vocab & _vocab(c.label) else 0.0,
            *(1.0 if sec == s else 0.0 for s in SECTIONS),
            math.log1p(len(_RX.NUM.findall(raw))),
            1.0 if _RX.PVAL.search(raw) else 0.0,
            1.0 if _RX.PERCENT.search(raw) else 0.0,
            1.0 if _RX.MEAN_SD.search(raw) else 0.0,
            1.0 if _RX.BASELINE_WORDS.search(f"{c.label} {c.context}") else 0.0,
            1.0 if _RX.COMPARE.search(c.context) else 0.0,
            len(arm_words & allw) / len(arm_words) if arm_words else 0.0,
            math.log1p(len(lab)),
        ])
    idx = {f: i for i, f in enumerate(FEATURES)}
    for name, src in (("rel_sim_label", "sim_label"), ("rel_idf_recall_all", "idf_recall_all"),
                      ("rel_recall_all", "recall_all")):
        best = max((r[idx[src]] for r in rows), default=0.0)
        for r in rows:
            r.append(r[idx[src]] - best)
    best = max((r[0] for r in rows), default=0.0)
    for r in rows:
        r.append(1.0 if r[0] >= best else 0.0)
    return rows


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> dict | None:
    """The shipped model (None when the file is missing: callers fall back to the hand-made score)."""
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        return None
    model = json.loads(p.read_text("utf-8"))
    if tuple(model["features"]) != FEATURES:
        raise ValueError(f"{p}: features {model['features']} are not this code's {list(FEATURES)}")
    return model


def probabilities(rows: list[list[float]], model: dict) -> list[float]:
    """P(candidate reports the query's outcome) of each feature row."""
    mean, scale, coef, b = model["mean"], model["scale"], model["coef"], model["intercept"]
    out = []
    for r in rows:
        z = b + sum(w * (x - m) / s for w, x, m, s in zip(coef, r, mean, scale))
        out.append(1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0))))
    return out


def score_candidates(outcome: str, intervention: str, comparator: str, cands: list[Candidate], text: str = "",
                     defined: dict[str, str] | None = None, model: dict | None = None) -> list[float] | None:
    """The matcher's probabilities for a query's candidates, or None when no model is shipped."""
    model = model or load_model()
    if model is None or not cands:
        return None
    return probabilities(features(outcome, intervention, comparator, cands, text, defined), model)


# --- query time: the groups of records ``outcome_query.answer_query`` weighs ---------------------------------

def record_candidate(rec: dict) -> Candidate:
    """A statistics record's place (its table row, or its sentence) as a candidate."""
    ev = rec.get("evidence") or {}
    if ev.get("table") is not None or ev.get("source") == "table":
        return Candidate("table", ev.get("row_header") or rec.get("outcome_label") or "",
                         ev.get("caption") or rec.get("caption") or "", "", ev.get("sentence") or ev.get("cell") or "")
    sentence = ev.get("sentence") or ev.get("text") or ""
    where = ev.get("section") or ev.get("source") or ""
    if where == "abstract" or ev.get("source") == "abstract" and not ev.get("section"):
        section = "abstract"
    else:
        section = section_kind(where)
    return sentence_candidate(sentence, section)


def query_scores(outcome: str, intervention: str, comparator: str, records: list[dict], text: str = "",
                 defined: dict[str, str] | None = None) -> list[float] | None:
    """The matcher's probability for each record's place (one record per group), or None without a model."""
    return score_candidates(outcome, intervention, comparator, [record_candidate(r) for r in records], text, defined)
