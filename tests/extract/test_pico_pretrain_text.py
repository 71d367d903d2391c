"""The raw-text builder for pretraining the PICO tagger's tok2vec: chunking and held-out exclusion."""
from __future__ import annotations

import json
from pathlib import Path

from stemfoot.tools.pico_pretrain_text import (
    Exclusion, RawDoc, build_records, chunk_text, held_out, main, nxml_docs, pico_data_docs,
    pretrain_config, text_dir_docs, word_ngrams,
)

DATA = Path(__file__).parent.parent / "data" / "pico_pretrain"
EBMNLP = DATA / "ebmnlp"


def test_chunk_text_packs_paragraphs_and_cuts_long_ones():
    text = "one two three\nfour five\n\nsix"
    assert chunk_text(text, max_words=5) == ["one two three four five", "six"]
    long = "A b c d. E f g h. I j k l m n o p q."
    pieces = chunk_text(long, max_words=5)
    assert all(len(p.split()) <= 5 for p in pieces)
    assert " ".join(pieces).split() == long.split()  # nothing lost or reordered
    assert pieces[:2] == ["A b c d.", "E f g h."]  # cut at sentence ends first


def test_word_ngrams_ignore_case_and_punctuation():
    assert word_ngrams("A, b; C d", n=4) == word_ngrams("a b c D.", n=4) == {("a", "b", "c", "d")}
    assert word_ngrams("a b c", n=4) == set()


def test_exclusion_by_pmid_and_by_shared_passage():
    exclusion = Exclusion({"9"})
    exclusion.add_text(" ".join(f"w{i}" for i in range(20)))
    assert exclusion.reason("9", "anything") == "pmid"
    assert exclusion.reason(None, "prefix " + " ".join(f"w{i}" for i in range(3, 15))) == "overlap"
    assert exclusion.reason("1", " ".join(f"w{i}" for i in range(11))) is None  # 11 shared words only


def test_held_out_is_the_test_split():
    exclusion = held_out(EBMNLP)
    assert exclusion.pmids == {"222", "777"}
    assert exclusion.reason(None, (EBMNLP / "participants_nguyen2017" / "docs" / "222.txt").read_text()) == "overlap"


def test_pico_data_docs_take_each_pmid_once():
    docs = list(pico_data_docs(EBMNLP))
    assert [(d.source, d.pmid) for d in docs] == [
        ("ebmnlp:docs", "111"), ("ebmnlp:docs", "222"), ("ebmnlp:docs", "333"),
        ("ebmnlp:interventions", "555"), ("ebmnlp:crowd", "444"), ("ebmnlp:crowd", "777"),
    ]
    assert docs[3].text.startswith("Exercise training after stroke :")


def test_build_records_drop_held_out_copies_and_duplicates():
    docs = [*pico_data_docs(EBMNLP), *text_dir_docs(DATA / "text"), *nxml_docs(DATA / "nxml")]
    records, stats = build_records(docs, held_out(EBMNLP))
    assert stats["ebmnlp:docs"] == {"docs": 3, "pmid": 1, "overlap": 0, "duplicate": 1, "over_budget": 0,
                                    "records": 1, "words": 29}
    assert stats["ebmnlp:crowd"]["pmid"] == 1  # 777: held out, text only in the CoNLL file
    assert stats["txt:text"]["overlap"] == 1  # b.txt quotes held-out abstract 222
    assert stats["nxml:nxml"]["pmid"] == 1  # PMC1 is the full text of 222
    joined = "\n".join(records)
    assert "honey" not in joined.lower() and "Held out" not in joined
    assert "graduated compression stockings" in joined and "post-thrombotic syndrome is common" in joined
    assert "glycaemic control" in joined and "Aspirin after hip fracture" in joined


def test_build_records_budget_and_seeded_shuffle():
    docs = [RawDoc("s", str(i), None, f"document {i} " + "word " * 8) for i in range(10)]
    records, stats = build_records(docs, Exclusion(set()), max_words=25, seed=0)
    assert stats["s"]["records"] == 3 and stats["s"]["over_budget"] == 7  # 10 words each: 3 reach 25
    again, _ = build_records(docs, Exclusion(set()), max_words=25, seed=0)
    assert again == records
    assert sorted(records) == sorted(f"document {i} " + " ".join(["word"] * 8) for i in range(3))


def test_main_build_only_writes_jsonl_and_stats(tmp_path):
    main(["--pico-data", str(EBMNLP), "--text-dir", str(DATA / "text"), "--nxml-dir", str(DATA / "nxml"),
          "--out", str(tmp_path), "--build-only"])
    lines = [json.loads(line) for line in (tmp_path / "raw_text.jsonl").read_text().splitlines()]
    assert lines and all(set(line) == {"text"} for line in lines)
    stats = json.loads((tmp_path / "raw_text_stats.json").read_text())
    assert stats["held_out_pmids"] == 2 and stats["records"] == len(lines)
    assert not (tmp_path / "model-last.bin").exists()


def test_pretrain_config_keeps_the_taggers_tok2vec():
    from spacy.util import load_config

    from stemfoot.tools.pico_train import CONFIG_PATH

    tagger = load_config(CONFIG_PATH, interpolate=False)
    config = pretrain_config(Path("raw.jsonl"), max_epochs=3, save_every=10)
    assert config["components"] == tagger["components"]
    assert config["pretraining"]["component"] == "pico_tagger"
    assert config["pretraining"]["layer"] == "tok2vec"
    assert config["pretraining"]["max_epochs"] == 3 and config["pretraining"]["n_save_every"] == 10
    assert config["paths"]["raw_text"] == "raw.jsonl"
    assert pretrain_config(None)["paths"]["raw_text"] is None


def test_held_out_mod_document_excluded_by_title_even_when_short(tmp_path):
    """A held-out EBM-NLPmod document (no PMID of its own) too short to share 12 words is still dropped."""
    import shutil

    data = tmp_path / "ebmnlp"
    shutil.copytree(EBMNLP, data)
    fold = data / "ebmnlp_mod_hu2023" / "EBM-NLPmod" / "fold1"
    fold.mkdir(parents=True)
    rows = ["-DOCSTART-\tO", "", *(f"{w}\tO" for w in "Title : Honey dressings in burns . Eighty children with partial thickness burns .".split()),
            "", "-DOCSTART-\tO", "", *(f"{w}\tO" for w in "Title : Knee bracing trial . METHODS : Adults".split())]
    (fold / "test.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    mod = [d for d in pico_data_docs(data) if d.source == "mod:EBM-NLPmod"]
    # 222's first 60 letters (its title key, as in pico_train's split); the other matches no abstract
    assert [d.pmid for d in mod] == ["222", None]
    assert word_ngrams(mod[0].text).isdisjoint(held_out(EBMNLP).ngrams)  # 10 words: overlap would miss it
    exclusion = held_out(data)
    assert exclusion.reason(mod[0].pmid, mod[0].text) == "pmid"
    assert exclusion.reason(mod[1].pmid, mod[1].text) is None
