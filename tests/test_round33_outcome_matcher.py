"""Round 33: the outcome matcher also trains on the tuned full-text dev golds (``train_outcome_matcher --golds``):
held-out golds refused, their articles and every other listed article kept out, the golds' row evidence parsed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from stemfoot.extract import outcome_match as om
from stemfoot.tools import train_outcome_matcher as train
from stemfoot.tools.train_place_rank import HELD_OUT

DATA = Path(__file__).resolve().parent / "data" / "outcome_match"


def test_held_out_golds_are_refused(tmp_path: Path) -> None:
    assert "ft_dev_gold8" in HELD_OUT
    train.refuse_held_out([Path("benchmarks/data/ft_dev_gold.jsonl"), Path("benchmarks/data/ft_dev_gold7.jsonl")])
    with pytest.raises(SystemExit, match="ft_dev_gold8"):
        train.refuse_held_out([Path("benchmarks/data/ft_dev_gold2.jsonl"), Path("x/ft_dev_gold8.jsonl")])
    gold = tmp_path / "ft_dev_gold35.jsonl"
    gold.write_text(json.dumps({"pmcid": 1, "outcome": "o", "evidence": ["a"]}) + "\n")
    with pytest.raises(SystemExit, match="ft_dev_gold35"):
        train.read_golds([gold])
    with pytest.raises(SystemExit, match="ft_dev_gold35"):  # before anything is read or written
        train.main(["--golds", str(gold), "--out", str(tmp_path / "model")])
    assert not (tmp_path / "model").exists()


def test_articles_of_held_out_or_other_listed_golds_never_train() -> None:
    train.check_golds_only([{"pmcid": "1"}, {"pmcid": "2"}], {"3"})
    with pytest.raises(AssertionError, match="3"):
        train.check_golds_only([{"pmcid": "1"}, {"pmcid": "3"}], {"3", "4"})


def test_read_golds_items_as_prompts(tmp_path: Path) -> None:
    gold = tmp_path / "ft_dev_gold99.jsonl"
    items = [{"pmcid": "PMC12", "outcome": "Pain", "intervention": "A", "comparator": "B", "evidence": ["Pain fell 3 to 2."]},
             {"pmcid": 12, "outcome": "Death", "intervention": "A", "comparator": "B", "evidence": []}]
    gold.write_text("".join(json.dumps(i) + "\n" for i in items))
    got = train.read_golds([gold])
    assert list(got) == ["12"] and len(got["12"]) == 1
    assert got["12"][0]["id"] == "ft_dev_gold99:1" and got["12"][0]["source"] == "ft_dev_gold99"


def test_row_evidence_of_the_golds_table_row_format() -> None:
    row = om.row_candidate("3\u2010month outcomes / % Weight loss", "Table 2. Outcomes",
                           "\u22121.28 (3.86) \u22121.47 (3.15) \u22122.07 (3.20) \u22123.57 (3.80)^a")
    ev = "Table 2: % Weight loss | \u22121.28 (3.86) | \u22121.47 (3.15) | \u22122.07 (3.20) | \u22123.57 (3.80)a"
    assert train.row_evidence(row, ev) and train.is_evidence(row, [ev])
    # the same label at another time point (other numbers), a header row, a sentence: not this evidence
    other = om.row_candidate("6\u2010month outcomes / % Weight loss", "Table 2. Outcomes",
                             "\u22122.09 (4.16) \u22122.09 (2.28) \u22123.23 (4.39) \u22124.50 (5.14)")
    assert not train.is_evidence(other, [ev])
    header = "Table 2: header | Diet (n = 40) | Diet + exercise (n = 41)"
    assert not train.row_evidence(om.row_candidate("Diet", "", "40 41"), header)
    assert not train.row_evidence(om.sentence_candidate("% Weight loss was 1.28 and 1.47.", "results"), ev)
    # one repeated value: the whole number sequence must be the evidence's
    size = om.row_candidate("Sample size (total knees)", "Table 1", "52 52")
    assert train.is_evidence(size, ["Table 1: Sample size (total knees) | 52 | 52"])
    assert not train.is_evidence(size, ["Table 1: Sample size (total knees) | 52 | 50"])


def _gold_for(pmcid: str, path: Path) -> Path:
    """A one-item gold whose evidence is a numeric sentence of the article (these test articles have no tables)."""
    from stemfoot.corpus.jats import parse_jats

    nxml = DATA / f"PMC{pmcid}.nxml"
    cands, _ = train.article_candidates(parse_jats(nxml.read_bytes(), nxml.name)[0])
    sentence = next(c for c in cands if c.kind == "sentence" and len(c.raw.split()) >= 8)
    path.write_text(json.dumps({"pmcid": int(pmcid), "outcome": sentence.label, "intervention": "a",
                                "comparator": "b", "evidence": [sentence.raw]}) + "\n")
    return path


def _train(tmp: Path, golds: list[Path], exclude: str, held_dir: Path) -> dict:
    (tmp / "exclude.txt").write_text(exclude)
    out = tmp / "model"
    assert train.main(["--articles", str(DATA), "--prompts", str(DATA / "prompts.csv"), "--annotations",
                       str(DATA / "annotations.csv"), "--exclude", str(tmp / "exclude.txt"), "--out", str(out),
                       "--held-out-dir", str(held_dir), "--report", str(tmp / "report.json"),
                       "--golds", *map(str, golds)]) == 0
    return {"model": (out / "model.json").read_bytes(), "report": json.loads((tmp / "report.json").read_text())}


def test_trainer_with_golds_keeps_other_gold_articles_out_and_is_byte_stable(tmp_path: Path) -> None:
    held = tmp_path / "held"
    held.mkdir()
    # 1190172 is a held-out gold's article: never trained on, though the exclude list does not name it
    (held / "ft_dev_gold8.jsonl").write_text(json.dumps({"pmcid": 1190172}) + "\n")
    gold = _gold_for("5769202", tmp_path / "ft_dev_gold_t.jsonl")
    a = _train(tmp_path, [gold], "5769202\n4588995\n", held)
    b = _train(tmp_path, [gold], "PMC5769202\n4588995\n", held)
    assert a["model"] == b["model"]
    kept = a["report"]["golds"]["kept"]
    # only the gold's own article is in, from its gold item (its corpus prompts stay out: listed)
    assert json.loads(a["model"])["training"]["articles"] == 1
    assert list(kept) == ["ft_dev_gold_t"] and kept["ft_dev_gold_t"]["prompts"] == 1
    assert kept["ft_dev_gold_t"]["positives"] >= 1
    # unlisted corpus articles train again; the held-out gold's article still does not, even named by a gold
    other = _gold_for("1190172", tmp_path / "ft_dev_gold_u.jsonl")
    c = _train(tmp_path, [gold, other], "5769202\n", held)
    assert c["report"]["golds"]["held_out_articles_left_out"] == 1
    assert json.loads(c["model"])["training"]["articles"] == 2
    assert set(c["report"]["golds"]["kept"]) == {"corpus", "ft_dev_gold_t"}


def test_trainer_with_every_article_excluded_says_so_and_writes_nothing(tmp_path: Path, capsys) -> None:
    ids = sorted({p.name.split(".")[0].removeprefix("PMC") for p in DATA.glob("*.nxml")})
    (tmp_path / "exclude.txt").write_text("\n".join(ids) + "\n")
    held = tmp_path / "held"
    held.mkdir()
    rc = train.main(["--articles", str(DATA), "--prompts", str(DATA / "prompts.csv"), "--annotations",
                     str(DATA / "annotations.csv"), "--exclude", str(tmp_path / "exclude.txt"), "--out",
                     str(tmp_path / "model"), "--held-out-dir", str(held)])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and not (tmp_path / "model").exists()
    assert err[-1] == f"error: {tmp_path / 'exclude.txt'}: no article with prompts left to train on after the exclusions (add tuned golds with --golds)"
