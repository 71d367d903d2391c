"""The shipped PICO tagger: loading, spans, token tags and the tag-pico command."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy
import pytest
from click.testing import CliRunner
from spacy.tokens import Doc
from spacy.training import Example

from stemfoot.cli import cli
from stemfoot.extract.pico import (
    ALL_LABELS, load_pico_model, pico_facets, pico_spans, shipped_model_path, tag_tokens,
)
from stemfoot.extract.pico_conll import read_conll
from stemfoot.extract.pico_eval import evaluate_conll, token_prf

DATA = Path(__file__).parent.parent / "data" / "pico"
SENTENCE = (
    "Sixty patients with diabetic foot ulcers were randomised to autologous bone marrow "
    "cells or standard care; the primary outcome was complete ulcer healing at 12 weeks."
)


@pytest.fixture(scope="module")
def nlp():
    return load_pico_model()


def test_import_does_not_load_the_model():
    code = ("import stemfoot.extract.pico as p; "
            "print(p.load_pico_model.cache_info().currsize)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "0"


def test_model_ships_small_and_is_cached(nlp):
    size = sum(f.stat().st_size for f in shipped_model_path().rglob("*") if f.is_file())
    assert size <= 20 * 1024 * 1024  # 9.9 MB of weights and strings + the 7.7 MB floret vectors table
    assert load_pico_model() is nlp
    assert nlp.pipe_names == ["pico_tagger"]
    # the shipped model separates comparators (EBM-NLPmod's C) from interventions
    assert tuple(nlp.get_pipe("pico_tagger").labels) == ALL_LABELS
    assert nlp.get_pipe("pico_tagger").cfg["switch_penalty"] > 0


def _covering(spans, label, phrase):
    return [s for s in spans if s["label"] == label and phrase in str(s["text"])]


def test_known_spans_on_a_made_up_abstract(nlp):
    spans = pico_spans(SENTENCE, nlp)
    for span in spans:
        assert SENTENCE[span["start"]:span["end"]] == span["text"]
    assert _covering(spans, "PARTICIPANTS", "patients with diabetic foot ulcers")
    assert _covering(spans, "INTERVENTION", "bone marrow cells")
    assert _covering(spans, "OUTCOME", "ulcer healing")


def test_pico_facets_shape(nlp):
    facets = pico_facets(SENTENCE, nlp)
    assert list(facets) == ["participants", "interventions", "comparators", "outcomes"]
    assert facets["participants"] and facets["interventions"] and facets["outcomes"]
    for items in facets.values():
        for item in items:
            assert set(item) == {"text", "start", "end"}
            assert SENTENCE[item["start"]:item["end"]] == item["text"]


def test_pico_spans_accepts_a_doc_of_other_tokens(nlp):
    doc = Doc(nlp.vocab, words=SENTENCE.replace(";", " ;").replace(".", " .").split())
    labels = {s["label"] for s in pico_spans(doc, nlp)}
    # "standard care" is the comparator: the floret-vector model tags it COMPARATOR (the one before, I)
    assert {"PARTICIPANTS", "INTERVENTION", "OUTCOME"} <= labels <= {"PARTICIPANTS", "INTERVENTION",
                                                                      "COMPARATOR", "OUTCOME"}


def test_tag_tokens_keeps_the_sentence_shape(nlp):
    sentences = [["Sixty", "patients", "with", "diabetic", "foot", "ulcers", "."],
                 ["Ulcer", "healing", "was", "measured", "."]]
    tags = tag_tokens(sentences, nlp)
    assert [len(s) for s in tags] == [7, 5]
    assert {t for s in tags for t in s} <= {"I-PAR", "I-INT", "I-OUT", "O"}
    assert tags[0][1] == "I-PAR"


def test_partial_label_loss_gradient(nlp):
    tagger = nlp.get_pipe("pico_tagger")
    words = ["Sixty", "patients", "had", "ulcer", "healing"]
    tags = ["", "PARTICIPANTS", "O", "O|INTERVENTION|OUTCOME", "O|OUTCOME"]
    example = Example(Doc(nlp.vocab, words=words), Doc(nlp.vocab, words=words, tags=tags))
    # at inference the model returns logits; training sees their softmax
    logits = numpy.asarray(tagger.model.predict([example.predicted])[0])
    exp = numpy.exp(logits - logits.max(axis=1, keepdims=True))
    scores = [exp / exp.sum(axis=1, keepdims=True)]
    loss, d_scores = tagger.get_loss([example], scores)
    probs, grad = numpy.asarray(scores[0]), numpy.asarray(d_scores[0])
    index = {label: i for i, label in enumerate(tagger.labels)}
    numpy.testing.assert_allclose(grad[0], 0.0, atol=1e-6)  # unannotated: no signal
    expected = probs[1].copy()
    expected[index["PARTICIPANTS"]] -= 1.0
    numpy.testing.assert_allclose(grad[1], expected, atol=1e-6)
    allowed = [index[label] for label in ("O", "INTERVENTION", "OUTCOME")]
    assert grad[3][index["PARTICIPANTS"]] == pytest.approx(probs[3][index["PARTICIPANTS"]])
    assert (grad[3][allowed] <= 1e-7).all()
    assert grad[4].sum() == pytest.approx(0.0, abs=1e-6)
    assert loss > 0


def test_token_prf_by_hand():
    gold = ["I-PAR", "I-PAR", "O", "I-INT", "I-OUT", "O"]
    pred = ["I-PAR", "O", "I-INT", "I-INT", "O", "I-OUT"]
    scores = token_prf(gold, pred)
    assert scores["I-PAR_p"] == 1.0 and scores["I-PAR_r"] == 0.5
    assert scores["I-INT_p"] == 0.5 and scores["I-INT_r"] == 1.0
    assert scores["I-OUT_f"] == 0.0
    assert scores["macro_f"] == pytest.approx((2 / 3 + 2 / 3 + 0.0) / 3)


def test_tag_pico_follows_the_contract(tmp_path, nlp):
    source = DATA / "dev_sample.conll"
    out = tmp_path / "out.conll"
    result = CliRunner().invoke(cli, ["tag-pico", "--conll", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    src_lines = source.read_text().splitlines(keepends=True)
    out_lines = out.read_text().splitlines(keepends=True)
    assert len(out_lines) == len(src_lines)
    for a, b in zip(src_lines, out_lines):
        if not a.strip() or a.startswith("-DOCSTART-"):
            assert a == b
        else:
            assert a.split()[:-1] == b.split()[:-1]
            assert b.split()[-1] in {"I-PAR", "I-INT", "I-OUT", "O"}
    assert [d.pmid for d in read_conll(out)] == ["10632537", "11472320"]
    # two held-out abstracts: the tagger must beat chance by a wide margin
    assert evaluate_conll(source, out)["macro_f"] > 0.45


def test_tag_pico_keeps_tab_separators(tmp_path, nlp):
    source = tmp_path / "in.conll"
    source.write_text("-DOCSTART- (1)\n\nSixty\tCD\t_\tO\npatients\tNNS\t_\tO\n\n")
    out = tmp_path / "out.conll"
    result = CliRunner().invoke(cli, ["tag-pico", "--conll", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text().split("\n")
    assert lines[:2] == ["-DOCSTART- (1)", ""]
    assert lines[2].startswith("Sixty\tCD\t_\t") and lines[3].startswith("patients\tNNS\t_\t")


def test_tag_pico_names_a_malformed_line(tmp_path):
    source = tmp_path / "bad.conll"
    source.write_text("-DOCSTART- (1)\n\nSixty CD _ O\npatients\n")
    result = CliRunner().invoke(
        cli, ["tag-pico", "--conll", str(source), "--out", str(tmp_path / "o.conll")])
    assert result.exit_code == 1
    assert result.output == (f"Error: {source}:4: malformed CoNLL line 'patients' "
                             "(expected 'token POS _ tag')\n")


def test_tag_pico_without_a_model_folder(tmp_path):
    result = CliRunner().invoke(cli, [
        "tag-pico", "--conll", str(DATA / "dev_sample.conll"), "--out", str(tmp_path / "o.conll"),
        "--model", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == f"Error: no PICO model at {tmp_path}\n"


def test_a_model_with_static_vectors_tags_docs_of_another_vocab():
    """spaCy's static-vectors layer reads the doc's vocab: the tagger copies foreign docs onto its own."""
    import spacy
    from spacy.vectors import Vectors

    own = spacy.blank("en")
    own.vocab.vectors = Vectors(strings=own.vocab.strings, data=numpy.random.default_rng(0).random((50, 8), "f"),
                                mode="floret", minn=4, maxn=5, hash_count=2, attr="NORM")
    embed = {"@architectures": "spacy.MultiHashEmbed.v2", "width": 8, "attrs": ["NORM"], "rows": [100],
             "include_static_vectors": True}
    encode = {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 8, "depth": 1, "window_size": 1,
              "maxout_pieces": 2}
    own.add_pipe("pico_tagger", config={"model": {
        "@architectures": "spacy.Tagger.v2", "nO": None, "normalize": False,
        "tok2vec": {"@architectures": "spacy.Tok2Vec.v2", "embed": embed, "encode": encode}}})
    words = ["Sixty", "patients", "had", "ulcer", "healing"]
    tags = ["O", "PARTICIPANTS", "O", "OUTCOME", "OUTCOME"]
    own.initialize(lambda: [Example(Doc(own.vocab, words=words), Doc(own.vocab, words=words, tags=tags))])
    tagger = own.get_pipe("pico_tagger")
    foreign = spacy.blank("en")("Sixty patients had ulcer healing")
    assert foreign.vocab is not own.vocab and not foreign.vocab.vectors.shape[0]
    tagger(foreign)  # E896 without the copy
    reference = tagger(own("Sixty patients had ulcer healing"))
    assert [(s.start, s.end, s.label_) for s in foreign.spans["pico"]] == \
        [(s.start, s.end, s.label_) for s in reference.spans["pico"]]
