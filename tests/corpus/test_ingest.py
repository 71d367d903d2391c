"""Ingest from every supported format, dedupe, and bad input that changes nothing."""
from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from stemfoot.corpus.db import open_db
from stemfoot.corpus.errors import IngestError
from stemfoot.corpus.ingest.loader import detect_format, ingest_file, ingest_paths

BUNDLED = Path(__file__).resolve().parents[2] / "corpus" / "data" / "domain_dev.xml"
GOLD = Path(__file__).resolve().parent.parent / "data" / "domain_dev.jsonl"

PUBMED_ONE = """<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2024//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">
<PubmedArticleSet>
<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="1">11111111</PMID>
    <Article PubModel="Print">
      <Journal><JournalIssue><PubDate><MedlineDate>2010 Jul-Aug</MedlineDate></PubDate></JournalIssue>
        <Title>Wound Repair and Regeneration</Title><ISOAbbreviation>Wound Repair Regen</ISOAbbreviation></Journal>
      <ArticleTitle>Bone marrow cells for <i>diabetic</i> foot ulcers.</ArticleTitle>
      <ELocationID EIdType="doi" ValidYN="Y">10.1000/XYZ.1</ELocationID>
      <Abstract>
        <AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">Ulcers heal slowly.</AbstractText>
        <AbstractText Label="METHODS" NlmCategory="METHODS">We randomised 40 patients (n = 20 per arm).</AbstractText>
        <AbstractText Label="RESULTS" NlmCategory="RESULTS">Healing was 15/20 vs 8/20 (P = 0.03).</AbstractText>
      </Abstract>
      <AuthorList><Author><LastName>Doe</LastName><ForeName>Jane</ForeName><Initials>J</Initials></Author>
        <Author><CollectiveName>Foot Study Group</CollectiveName></Author></AuthorList>
      <Language>eng</Language>
      <PublicationTypeList><PublicationType UI="D016449">Randomized Controlled Trial</PublicationType></PublicationTypeList>
    </Article>
    <MeshHeadingList><MeshHeading><DescriptorName UI="D017719" MajorTopicYN="Y">Diabetic Foot</DescriptorName></MeshHeading></MeshHeadingList>
    <KeywordList Owner="NOTNLM"><Keyword>stem cells</Keyword></KeywordList>
  </MedlineCitation>
  <PubmedData><ArticleIdList><ArticleId IdType="pubmed">11111111</ArticleId></ArticleIdList></PubmedData>
</PubmedArticle>
</PubmedArticleSet>
"""

MEDLINE = """PMID- 22222222
TI  - Peripheral blood mononuclear cells in critical limb ischaemia: a
      randomised trial.
AB  - OBJECTIVE: To test PB-MNC. METHODS: Thirty patients were randomised. RESULTS:
      Amputation in 2/15 vs 7/15.
FAU - Roe, Richard
AU  - Roe R
DP  - 2014 Mar
LA  - eng
PT  - Journal Article
MH  - *Diabetic Foot/therapy
OT  - cell therapy
LID - 10.1000/abc.2 [doi]
TA  - J Vasc Surg

PMID- 33333333
TI  - A second record without abstract.
DP  - 2015
"""

RIS = """TY  - JOUR
TI  - Adipose-derived stromal vascular fraction for diabetic foot ulcers
AU  - Poe, Edgar
AB  - Ten patients received SVF.
PY  - 2019
DO  - https://doi.org/10.1000/RIS.3
KW  - SVF
AN  - 44444444
ER  - 
TY  - JOUR
TI  - A conference abstract with no PMID
AB  - Cells were given.
PY  - 2020
ER  - 
"""


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "corpus.db")


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def snapshot(db) -> list[tuple]:
    return list(db.execute("SELECT * FROM studies ORDER BY id").fetchall())


def test_bundled_corpus_round_trips_gold_abstracts(db):
    summary = ingest_file(db, BUNDLED)
    assert (summary.new, summary.updated, summary.unchanged) == (6, 0, 0)
    gold = [json.loads(line) for line in GOLD.read_text().splitlines()]
    rows = list(db.query("SELECT * FROM studies ORDER BY id"))
    assert [r["abstract"] for r in rows] == [g["abstract"] for g in gold]
    # records without a verified PMID get a clearly marked local id
    assert [r["pmid"] or r["local_id"][:6] for r in rows] == [g["pmid"] or "local:" for g in gold]


def test_reingest_is_idempotent(db):
    ingest_file(db, BUNDLED)
    before = snapshot(db)
    summary = ingest_file(db, BUNDLED)
    assert summary.line() == "0 new, 0 updated, 6 unchanged, 0 skipped"
    assert snapshot(db) == before


def test_pubmed_xml_fields_and_sections(db, tmp_path):
    ingest_file(db, write(tmp_path, "one.xml", PUBMED_ONE))
    row = next(db.query("SELECT * FROM studies"))
    assert row["pmid"] == "11111111"
    assert row["doi"] == "10.1000/xyz.1"
    assert row["title"] == "Bone marrow cells for diabetic foot ulcers."
    assert row["year"] == 2010
    assert row["journal"] == "Wound Repair Regen"
    assert json.loads(row["authors"]) == ["Doe J", "Foot Study Group"]
    assert json.loads(row["publication_types"]) == ["Randomized Controlled Trial"]
    assert json.loads(row["mesh_terms"]) == ["Diabetic Foot"]
    assert json.loads(row["keywords"]) == ["stem cells"]
    assert row["language"] == "eng"
    abstract = row["abstract"]
    assert abstract.startswith("BACKGROUND: Ulcers heal slowly. METHODS: We randomised")
    sections = json.loads(row["sections"])
    assert [s["category"] for s in sections] == ["BACKGROUND", "METHODS", "RESULTS"]
    results = sections[2]
    assert abstract[results["start"]:results["text_start"]] == "RESULTS: "
    assert abstract[results["text_start"]:results["end"]] == "Healing was 15/20 vs 8/20 (P = 0.03)."


def test_gzipped_xml(db, tmp_path):
    path = write(tmp_path, "one.xml.gz", gzip.compress(PUBMED_ONE.encode()))
    assert ingest_file(db, path).new == 1


def test_medline(db, tmp_path):
    summary = ingest_file(db, write(tmp_path, "export.nbib", MEDLINE))
    assert (summary.new, summary.flagged) == (2, 1)
    rows = {r["pmid"]: r for r in db.query("SELECT * FROM studies")}
    first = rows["22222222"]
    assert first["title"] == "Peripheral blood mononuclear cells in critical limb ischaemia: a randomised trial."
    assert first["abstract"].endswith("RESULTS: Amputation in 2/15 vs 7/15.")
    assert [s["label"] for s in json.loads(first["sections"])] == ["OBJECTIVE", "METHODS", "RESULTS"]
    assert (first["doi"], first["year"], first["journal"]) == ("10.1000/abc.2", 2014, "J Vasc Surg")
    assert json.loads(first["mesh_terms"]) == ["Diabetic Foot"]
    assert rows["33333333"]["has_abstract"] == 0


def test_ris(db, tmp_path):
    summary = ingest_file(db, write(tmp_path, "refs.ris", RIS))
    assert summary.new == 2
    rows = list(db.query("SELECT pmid, local_id, doi, year FROM studies ORDER BY id"))
    assert rows[0]["pmid"] == "44444444" and rows[0]["doi"] == "10.1000/ris.3"
    assert rows[1]["pmid"] is None and rows[1]["local_id"].startswith("local:")


def test_csv_and_jsonl(db, tmp_path):
    csv_path = write(tmp_path, "refs.csv", "Title,Abstract,PMID,Year\n"
                     '"Cells, and more cells",Forty patients.,55555555,2018\n'
                     "No-abstract study,,,2019\n")
    summary = ingest_file(db, csv_path)
    assert (summary.new, summary.flagged) == (2, 1)
    jsonl = write(tmp_path, "refs.jsonl", json.dumps({"title": "JSON study", "abstract": "Twenty patients.", "doi": "10.1/J"}) + "\n")
    assert ingest_file(db, jsonl).new == 1
    assert db.execute("SELECT doi FROM studies WHERE title = 'JSON study'").fetchone()[0] == "10.1/j"


def test_dedupe_by_doi_and_title_year_keeps_stored_fields(db, tmp_path):
    ingest_file(db, write(tmp_path, "one.xml", PUBMED_ONE))
    # Same study from a CSV without PMID: matched by DOI, PMID kept.
    by_doi = write(tmp_path, "a.csv", "title,abstract,doi\nBone marrow cells for diabetic foot ulcers.,,10.1000/xyz.1\n")
    assert ingest_file(db, by_doi).line() == "0 new, 0 updated, 1 unchanged, 0 skipped"
    # Matched by normalised title + year (case and punctuation differ).
    by_title = write(tmp_path, "b.csv", "title,year\nBONE MARROW CELLS FOR DIABETIC FOOT ULCERS,2010\n")
    summary = ingest_file(db, by_title)
    assert summary.new == 0
    assert db.execute("SELECT count(*) FROM studies").fetchone()[0] == 1
    assert db.execute("SELECT pmid FROM studies").fetchone()[0] == "11111111"


def test_changed_record_is_updated_not_duplicated(db, tmp_path):
    ingest_file(db, write(tmp_path, "v1.xml", PUBMED_ONE))
    first_seen, sid = db.execute("SELECT first_seen, id FROM studies").fetchone()
    changed = PUBMED_ONE.replace("Ulcers heal slowly.", "Ulcers heal very slowly.")
    summary = ingest_file(db, write(tmp_path, "v2.xml", changed))
    assert (summary.new, summary.updated) == (0, 1)
    row = db.execute("SELECT id, first_seen, abstract FROM studies").fetchall()
    assert len(row) == 1 and row[0][0] == sid and row[0][1] == first_seen
    assert "very slowly" in row[0][2]


def test_fts_search_with_user_quotes(db):
    ingest_file(db, BUNDLED)
    # sqlite-utils quotes FTS syntax in user input, so this cannot raise.
    hits = list(db["studies"].search(db.quote_fts('umbilical "cord')))
    assert [h["pmid"] for h in hits] == ["27219884"]


@pytest.mark.parametrize("name, content, message", [
    ("bad.xml", b"<PubmedArticleSet><PubmedArticle><MedlineCitation>", "malformed or truncated XML"),
    ("cut.xml", PUBMED_ONE.encode()[:900], "malformed or truncated XML"),
    ("other.xml", b"<html><body>hi</body></html>", "not PubMed XML (root element <html>"),
    ("fake.xml.gz", b"<PubmedArticleSet/>", "not a gzip file"),
    ("cut.xml.gz", gzip.compress(PUBMED_ONE.encode())[:200], "gzip"),
    ("empty.xml", b"", "empty file"),
    ("blank.csv", b"  \n\n", "empty file"),
    ("latin1.csv", "title,abstract\nCaf\xe9 study,x\n".encode("latin-1"), "line 2: not valid UTF-8"),
    ("notitle.csv", b"name,abstract\nx,y\n", "CSV has no 'title' column (columns: name, abstract)"),
    ("bad.jsonl", b'{"title": "ok"}\n{"title": \n', "line 2: invalid JSON"),
    ("cut.ris", RIS.encode()[:150], "has no 'ER  - ' end tag"),
    ("badyear.csv", b"title,year\nA study,soon\n", "row 2: year 'soon' is not a year"),
])
def test_bad_input_names_file_and_changes_nothing(db, tmp_path, name, content, message):
    ingest_file(db, BUNDLED)
    before = snapshot(db)
    path = write(tmp_path, name, content)
    with pytest.raises(IngestError) as info:
        ingest_file(db, path)
    text = str(info.value)
    assert str(path) in text and message in text
    assert "\n" not in text
    assert snapshot(db) == before


def test_entity_expansion_bomb_is_refused(db, tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            "<PubmedArticleSet><PubmedArticle>&lol2;</PubmedArticle></PubmedArticleSet>")
    with pytest.raises(IngestError, match="unsafe XML refused"):
        ingest_file(db, write(tmp_path, "bomb.xml", bomb))


def test_external_entity_is_refused(db, tmp_path):
    secret = write(tmp_path, "secret.txt", "top secret")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>'
           "<PubmedArticleSet>&x;</PubmedArticleSet>")
    with pytest.raises(IngestError, match="unsafe XML refused"):
        ingest_file(db, write(tmp_path, "xxe.xml", xxe))


def test_failed_file_in_a_batch_keeps_earlier_files(db, tmp_path):
    good = write(tmp_path, "good.xml", PUBMED_ONE)
    bad = write(tmp_path, "bad.csv", b"nope\n1\n")
    with pytest.raises(IngestError):
        ingest_paths(db, [good, bad])
    assert db.execute("SELECT count(*) FROM studies").fetchone()[0] == 1


def test_record_with_neither_title_nor_abstract_is_skipped_with_warning(db, tmp_path):
    path = write(tmp_path, "x.csv", "title,abstract\n,\nReal study,Text.\n")
    summary = ingest_file(db, path)
    assert (summary.new, summary.skipped) == (1, 1)
    assert summary.warnings == [f"{path}: row 2 (no title): no title and no abstract; skipped"]


def test_detect_format_by_content_not_name(tmp_path):
    assert detect_format(Path("x.txt"), b"PMID- 1\nTI  - t") == "medline"
    assert detect_format(Path("x.dat"), b"TY  - JOUR\n") == "ris"
    assert detect_format(Path("x.dat"), b'{"title": 1}') == "jsonl"
    assert detect_format(Path("x.dat"), b"\xef\xbb\xbf<?xml version='1.0'?>") == "pubmed-xml"
    assert detect_format(Path("x.dat"), b"title,abstract\n") == "csv"
    with pytest.raises(IngestError, match="cannot tell the format"):
        detect_format(Path("x.dat"), b"hello world")


def test_copy_of_bundled_file_under_other_name_is_same_records(db, tmp_path):
    ingest_file(db, BUNDLED)
    copy = tmp_path / "copy.xml"
    shutil.copy(BUNDLED, copy)
    assert ingest_file(db, copy).unchanged == 6
