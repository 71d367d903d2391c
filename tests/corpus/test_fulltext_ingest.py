"""JATS full texts into the corpus: detection, stored sections/tables/XML, linking to PubMed records, PMC fetch."""
from __future__ import annotations

import re
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from http_support import QueryHandler, eutils_url, local_server

from stemfoot.corpus.db import open_db
from stemfoot.corpus.errors import IngestError
from stemfoot.corpus.fulltext import find_study, load_article, original_xml
from stemfoot.corpus.ingest.eutils import EutilsClient
from stemfoot.corpus.ingest.loader import detect_format, ingest_file, ingest_pmc
from stemfoot.corpus.jats import wrap_fragment

DATA = Path(__file__).parent.parent / "data" / "fulltext"
PUBMED = """<?xml version="1.0"?>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID Version="1">{pmid}</PMID><Article>
<Journal><JournalIssue><PubDate><Year>2020</Year></PubDate></JournalIssue><Title>J</Title></Journal>
<ArticleTitle>A hand-made trial</ArticleTitle><ELocationID EIdType="doi" ValidYN="Y">10.1/ABC</ELocationID>
<Abstract><AbstractText>PubMed's abstract of the trial.</AbstractText></Abstract></Article></MedlineCitation>
</PubmedArticle></PubmedArticleSet>"""


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "c.db")


def _count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_jats_detected_by_content_and_stored(db, tmp_path):
    path = tmp_path / "article.txt"  # not the usual name: detection reads the content
    path.write_bytes((DATA / "spans.nxml").read_bytes())
    assert detect_format(path, path.read_bytes()[:4096]) == "jats"
    assert ingest_file(db, path).line() == "1 new, 0 updated, 0 unchanged, 0 skipped"
    sid = find_study(db, "PMC999")
    assert sid == find_study(db, "123") == find_study(db, "10.1/abc")
    article = load_article(db, sid)
    assert [s["type"] for s in article["sections"]] == ["methods", "results", "discussion"]
    res = article["sections"][1]
    assert article["full_text"][res["start"]:res["end"]].startswith("Results")
    [table] = article["tables"]
    assert table["label"] == "Table 1" and table["row_prefixed"][1] == "Efficacy / Ulcer area, cm^2"
    s, e = table["cell_offsets"][1][2]
    assert table["text"][s:e] == table["rows"][1][2] == "1.5 ± 0.9^a"
    assert original_xml(db, sid) == (DATA / "spans.nxml").read_bytes()
    assert zlib.decompress(db.execute("SELECT xml_gz FROM fulltexts").fetchone()[0]).startswith(b"<?xml")
    # The same file again changes nothing.
    assert ingest_file(db, path).line() == "0 new, 0 updated, 1 unchanged, 0 skipped"


@pytest.mark.parametrize("order", ["pubmed_first", "jats_first"])
def test_article_and_pubmed_record_are_one_study(db, tmp_path, order):
    pubmed = tmp_path / "p.xml"
    pubmed.write_text(PUBMED.format(pmid="123"))
    files = [pubmed, DATA / "spans.nxml"]
    for path in files if order == "pubmed_first" else files[::-1]:
        ingest_file(db, path)
    assert _count(db, "studies") == 1 and _count(db, "fulltexts") == 1
    pmid, abstract = db.execute("SELECT pmid, abstract FROM studies").fetchone()
    assert pmid == "123" and abstract == "PubMed's abstract of the trial."  # PubMed's record is the bibliographic one


@pytest.mark.parametrize("order", ["pubmed_first", "jats_first"])
def test_article_without_pmid_links_by_doi(db, tmp_path, order):
    jats = tmp_path / "a.nxml"
    jats.write_bytes(re.sub(rb'<article-id pub-id-type="pmid">123</article-id>', b"",
                            (DATA / "spans.nxml").read_bytes()))
    pubmed = tmp_path / "p.xml"
    pubmed.write_text(PUBMED.format(pmid="555"))
    for path in [pubmed, jats] if order == "pubmed_first" else [jats, pubmed]:
        ingest_file(db, path)
    assert _count(db, "studies") == 1
    assert find_study(db, "PMC999") == find_study(db, "555")


def test_non_oa_article_kept_with_abstract_and_flagged(db):
    summary = ingest_file(db, DATA / "articleset.xml")
    assert summary.new == 2
    assert any("PMC1" in w and "no body" in w for w in summary.warnings)
    row = db.execute("SELECT s.abstract, f.has_body, f.flags FROM studies s JOIN fulltexts f ON f.study_id = s.id "
                     "WHERE f.pmcid = 'PMC1'").fetchone()
    assert row == ("No body here.", 0, '["no_body"]')


def test_wrapped_fragments_are_separate_studies_keyed_by_pmc_id(db, tmp_path):
    for pmc in ("PMC11", "PMC12"):
        p = tmp_path / f"{pmc}.xml"
        p.write_bytes(wrap_fragment(b"<abstract><p>Forty patients were randomised.</p></abstract>"
                                    b"<sec><title>Results</title><p>Healing 12/20 vs 6/20.</p></sec>", pmc))
        ingest_file(db, p)
    assert [r[0] for r in db.execute("SELECT local_id FROM studies ORDER BY id")] == ["PMC11", "PMC12"]


def test_mismatched_tags_repaired_and_flagged(db, tmp_path):
    p = tmp_path / "f.xml"
    p.write_bytes(wrap_fragment(b"<abstract><p>Text.</p></abstract><sec><title>Results</title><p>A 3/4.</p></sec></sec>",
                                "PMC7"))
    ingest_file(db, p)
    assert db.execute("SELECT flags FROM fulltexts").fetchone()[0] == '["repaired_xml"]'
    assert "A 3/4." in load_article(db, find_study(db, "PMC7"))["full_text"]


@pytest.mark.parametrize("name", ["entity_bomb.xml", "external_entity.xml"])
def test_unsafe_xml_refused_nothing_stored(db, name):
    with pytest.raises(IngestError, match=f"{name}: refused unsafe XML"):
        ingest_file(db, DATA / name)
    assert _count(db, "studies") == 0


# --- PMC through E-utilities, against a real local server -------------------------------------------------

ARTICLE = ('<article><front><article-meta><article-id pub-id-type="pmc">{id}</article-id>'
           '<title-group><article-title>Trial {id}</article-title></title-group><abstract><p>Abstract {id}.</p>'
           '</abstract></article-meta></front><body><sec><title>Results</title><p>Healed 3/4.</p></sec></body></article>')


class _Pmc(QueryHandler):

    def _answer(self, raw: dict[str, list[str]]) -> None:
        server = self.server
        params = {k: v[0] for k, v in raw.items()}
        endpoint = urlsplit(self.path).path.rsplit("/", 1)[-1]
        server.seen.append((endpoint, params))  # type: ignore[attr-defined]
        if server.faults:  # type: ignore[attr-defined]
            status = server.faults.pop(0)  # type: ignore[attr-defined]
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if endpoint == "esearch.fcgi":
            ids = "".join(f"<Id>{i}</Id>" for i in ("101", "102", "103"))
            body = (f"<eSearchResult><Count>3</Count><RetMax>3</RetMax><QueryKey>1</QueryKey><WebEnv>W</WebEnv>"
                    f"<IdList>{ids}</IdList></eSearchResult>")
        else:
            if "id" in params:
                ids = params["id"].split(",")
            else:
                start = int(params["retstart"])
                ids = ["101", "102", "103"][start:start + int(params["retmax"])]
            body = ('<?xml version="1.0"?>\n<!DOCTYPE pmc-articleset PUBLIC "-//NLM//DTD ARTICLE SET 2.0//EN" '
                    '"https://dtd.nlm.nih.gov/ncbi/pmc/articleset/nlm-articleset-2.0.dtd">\n<pmc-articleset>'
                    + "".join(ARTICLE.format(id=i) for i in ids) + "</pmc-articleset>")
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def pmc_server():
    with local_server(_Pmc, seen=[], faults=[]) as server:
        yield server, eutils_url(server)


def _client(url: str) -> EutilsClient:
    return EutilsClient(url, email="dev@example.org", timeout=2, max_retries=2, backoff=0.01, min_interval=0)


def test_pmc_search_fetches_full_texts_with_retries_and_resumes(db, pmc_server):
    server, url = pmc_server
    server.faults.append(503)  # the first efetch fails once and is retried
    with _client(url) as client:
        summary = ingest_pmc(db, client, "diabetic foot[ti] AND open access[filter]", batch_size=2)
    assert summary.new == 3
    searches = [p for e, p in server.seen if e == "esearch.fcgi"]
    fetches = [p for e, p in server.seen if e == "efetch.fcgi"]
    assert searches[0]["db"] == "pmc" and searches[0]["email"] == "dev@example.org"
    assert all(p["db"] == "pmc" and "rettype" not in p for p in fetches)
    assert sorted(r[0] for r in db.execute("SELECT pmcid FROM fulltexts")) == ["PMC101", "PMC102", "PMC103"]
    server.seen.clear()
    with _client(url) as client:
        again = ingest_pmc(db, client, "diabetic foot[ti] AND open access[filter]", batch_size=2)
    assert again.new == 0 and not [e for e, _ in server.seen if e == "efetch.fcgi"]  # resumed: nothing left


def test_pmcid_list_fetches_only_what_is_missing(db, pmc_server):
    server, url = pmc_server
    with _client(url) as client:
        assert ingest_pmc(db, client, pmcids=["PMC101"]).new == 1
        server.seen.clear()
        summary = ingest_pmc(db, client, pmcids=["PMC101", "102"])
    assert summary.new == 1
    [(endpoint, params)] = server.seen
    assert endpoint == "efetch.fcgi" and params["id"] == "102"
    with pytest.raises(IngestError, match="not a PMC id: x1"):
        ingest_pmc(db, _client(url), pmcids=["x1"])
