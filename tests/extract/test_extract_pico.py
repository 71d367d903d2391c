"""PICO spans in the extraction run: stored with offsets, exported, shown, optional."""
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from extract_support import DEV, dev_corpus

from stemfoot.cli import cli
from stemfoot.corpus.db import open_db
from stemfoot.report.export import PICO_KEYS, study_records, validate
from stemfoot.extract.pico import PicoTagger
from stemfoot.extract.provenance import EXTRACTOR_VERSION
from stemfoot.extract.run import extract_records



def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def copy_db(src: str, dst: Path) -> Path:
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


def pico_rows(db):
    return sorted(json.dumps(r, sort_keys=True) for r in db.query("SELECT * FROM spans WHERE field LIKE 'pico:%'"))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The dev corpus, extracted once with PICO (the default)."""
    path = dev_corpus(tmp_path_factory.mktemp("pico") / "corpus.db")
    result = run("extract", "--db", path)
    assert result.exit_code == 0, result.output
    return path


def test_pico_spans_are_stored_with_offsets_into_the_abstract(extracted):
    db = open_db(extracted, create=False)
    abstracts = {r["id"]: r["abstract"] for r in db.query("SELECT id, abstract FROM studies")}
    rows = list(db.query("SELECT * FROM spans WHERE field LIKE 'pico:%'"))
    assert {"pico:participants", "pico:interventions", "pico:outcomes"} <= {r["field"] for r in rows} <= {
        "pico:participants", "pico:interventions", "pico:comparators", "pico:outcomes"}
    assert {r["study_id"] for r in rows} == {i for i, a in abstracts.items() if a}
    for r in rows:
        abstract = abstracts[r["study_id"]]
        assert abstract[r["start"]:r["end"]] == r["text"] != ""
        assert r["text"] in r["sentence"] == abstract[r["sentence_start"]:r["sentence_end"]]
        assert (r["source"], r["component"], r["extractor_version"]) == ("abstract", "pico_tagger", EXTRACTOR_VERSION)


def test_export_has_the_pico_object_and_validates(extracted):
    result = run("export", "--db", extracted)
    assert result.exit_code == 0, result.output
    records = {r["pmid"]: r for r in map(json.loads, result.output.splitlines())}
    abstracts = {r["pmid"] or f"local:{r['id']}": r["abstract"] for r in map(json.loads, DEV.read_text().splitlines())}
    for pmid, rec in records.items():
        assert validate(rec) == []
        assert tuple(rec["pico"]) == PICO_KEYS
        for items in rec["pico"].values():
            assert [i["start"] for i in items] == sorted(i["start"] for i in items)
            for item in items:
                assert set(item) == {"text", "start", "end"}
                assert abstracts[pmid][item["start"]:item["end"]] == item["text"]
    assert records["999"]["pico"] == {key: [] for key in PICO_KEYS}
    assert all(records["27219884"]["pico"][key] for key in ("participants", "interventions", "outcomes"))
    # comparators are rare (recall ~0.1, docs/pico.md): the floret-vector model tags none in these
    # six abstracts (the model before it tagged three, none a comparator: "II-IV diabetic foot",
    # "experimental", "injected intramuscularly"); the facet mapping is tested below
    broken = {**records["27219884"], "pico": {"participants": [{"text": "x", "start": "0", "end": 1}]}}
    assert len(validate(broken)) == 4  # three missing keys and a string offset


def test_show_lists_the_pico_phrases(extracted):
    record = next(study_records(open_db(extracted, create=False), ["36233755"]))
    out = run("show", "36233755", "--db", extracted).output
    block = out[out.index("\nPICO:\n") + 1:]
    lines = block.splitlines()[1:]
    assert lines[0].startswith("  P: ")
    assert [line[2] for line in lines if line[3:5] == ": "] == ["P", "I", "O"]
    flat = " ".join(block.split())
    for key, letter in (("participants", "P"), ("interventions", "I"), ("outcomes", "O")):
        phrases = " | ".join(" ".join(i["text"].split()) for i in record["pico"][key])
        assert f"{letter}: {phrases}" in flat


def test_reextraction_keeps_the_same_pico_rows(extracted, tmp_path):
    path = copy_db(extracted, tmp_path / "again.db")
    before = pico_rows(open_db(path, create=False))
    assert len(before) > 50
    assert run("extract", "--db", path, "--pmid", "27219884").exit_code == 0
    assert run("extract", "--db", path).exit_code == 0
    assert pico_rows(open_db(path, create=False)) == before


def test_no_pico_stores_none_and_leaves_machine_values_alone(extracted, tmp_path):
    path = dev_corpus(tmp_path / "plain.db")
    result = run("extract", "--db", path, "--no-pico")
    assert result.exit_code == 0, result.output
    plain, with_pico = open_db(path, create=False), open_db(extracted, create=False)
    assert pico_rows(plain) == []
    assert "PICO:" not in run("show", "27219884", "--db", path).output
    assert all(r["pico"] == {key: [] for key in PICO_KEYS} for r in study_records(plain))
    for view in ("machine_values", "extracted_statistics"):
        rows = [sorted(json.dumps(r, sort_keys=True) for r in db.query(f"SELECT * FROM {view}"))
                for db in (plain, with_pico)]
        assert rows[0] == rows[1] != []
    # Re-extracting without PICO replaces the earlier PICO rows of this extractor version.
    copy = copy_db(extracted, tmp_path / "copy.db")
    assert pico_rows(open_db(copy, create=False)) != []
    run("extract", "--db", copy, "--no-pico")
    assert pico_rows(open_db(copy, create=False)) == []


def test_a_tagger_failure_flags_that_abstract_only(monkeypatch):
    predict = PicoTagger.predict

    def fail_on_marker(self, docs):
        if any("Zorblax" in doc.text for doc in docs):
            raise ValueError("tagger broke")
        return predict(self, docs)

    monkeypatch.setattr(PicoTagger, "predict", fail_on_marker)
    good = "Sixty patients with diabetic foot ulcers were randomised to bone marrow cells or standard care."
    bad = "Twenty patients with Zorblax ulcers were treated with cells and the ulcer healing rate was 80%."
    ok, failed = extract_records([("t", good), ("t", bad)])
    assert ok["pico"] and ok["errors"] == []
    assert failed["pico"] == []
    assert failed["errors"] == ["pico_tagger: ValueError: tagger broke"]
    assert failed["n_patients"]["value"] == 20


def test_comparator_spans_become_the_comparators_facet():
    import spacy
    from spacy.tokens import Span

    from stemfoot.extract.pico import SPANS_KEY
    from stemfoot.extract.pico_evidence import pico_evidence

    doc = spacy.blank("en")("Cells or standard care were given.")
    doc.spans[SPANS_KEY] = [Span(doc, 0, 1, label="INTERVENTION"), Span(doc, 2, 4, label="COMPARATOR")]
    facets = [(e["facet"], e["evidence"]["text"]) for e in pico_evidence(doc)]
    assert facets == [("interventions", "Cells"), ("comparators", "standard care")]
