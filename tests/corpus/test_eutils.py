"""The E-utilities client against a real local HTTP server serving recorded replies.

The server (stdlib ThreadingHTTPServer on 127.0.0.1, a free port) answers
esearch/efetch like NCBI does and injects the failures the client must survive:
429 with Retry-After, 5xx, replies slower than the client's timeout, bodies
shorter than their Content-Length and bodies cut mid-XML.
"""
from __future__ import annotations

import re
import socket
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from http_support import QueryHandler, eutils_url, local_server

from stemfoot.corpus.db import open_db
from stemfoot.corpus.errors import IngestError
from stemfoot.corpus.ingest.eutils import EutilsClient, RateLimiter
from stemfoot.corpus.ingest.loader import ingest_pubmed

DATA = Path(__file__).parent.parent / "data" / "eutils"
QUERY = "diabetic foot AND stem cells AND randomized controlled trial[pt]"
ALL = ["90000105", "90000104", "90000103", "90000102", "90000101"]
SLOW_REPLY_S = 0.6  # longer than the client's 0.3 s timeout


@dataclass
class Seen:
    """One request as the server received it."""

    at: float
    method: str
    endpoint: str
    params: dict[str, str]


class FakeEutils:
    """Serves the recorded replies; ``faults[endpoint]`` is consumed one per request."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.faults: dict[str, list[str]] = {"esearch.fcgi": [], "efetch.fcgi": []}
        self.history_gone_status: int | None = None  # set: efetch by WebEnv fails like an expired one
        self.url = ""
        self.esearch = (DATA / "esearch.xml").read_text()
        self.pmids = re.findall(r"<Id>(\d+)</Id>", self.esearch)
        self.webenv = re.search(r"<WebEnv>(.*?)</WebEnv>", self.esearch).group(1)
        efetch = (DATA / "efetch.xml").read_text()
        self.efetch_head = efetch[: efetch.index("<PubmedArticleSet>") + len("<PubmedArticleSet>\n")]
        self.articles = {
            re.search(r"<PMID[^>]*>(\d+)</PMID>", text).group(1): text
            for text in re.findall(r"<PubmedArticle>.*?</PubmedArticle>\n", efetch, re.S)
        }

    def reply(self, endpoint: str, params: dict[str, str]) -> tuple[int, bytes]:
        if endpoint == "esearch.fcgi":
            if not params.get("term", "").strip():
                return 200, (DATA / "esearch_error.xml").read_bytes()
            ids = self.pmids[: int(params["retmax"])]
            text = re.sub(r"<RetMax>\d+</RetMax>", f"<RetMax>{len(ids)}</RetMax>", self.esearch)
            text = re.sub(r"<IdList>.*</IdList>", "<IdList>\n" + "".join(f"<Id>{i}</Id>\n" for i in ids) + "</IdList>",
                          text, flags=re.S)
            return 200, text.encode()
        if "WebEnv" in params:
            if self.history_gone_status or params["WebEnv"] != self.webenv or params["query_key"] != "1":
                return self.history_gone_status or 400, (DATA / "efetch_history_expired.xml").read_bytes()
            start = int(params["retstart"])
            ids = self.pmids[start : start + int(params["retmax"])]
        else:
            ids = params["id"].split(",")
        return 200, (self.efetch_head + "".join(self.articles[i] for i in ids) + "</PubmedArticleSet>\n").encode()

    def efetches(self) -> list[Seen]:
        return [seen for seen in self.seen if seen.endpoint == "efetch.fcgi"]


class Handler(QueryHandler):
    wbufsize = 1 << 16  # headers and body in one segment: no delayed-ACK stalls

    def _answer(self, raw: dict[str, list[str]]) -> None:
        fake: FakeEutils = self.server.fake  # type: ignore[attr-defined]
        endpoint = urlsplit(self.path).path.rsplit("/", 1)[-1]
        params = {key: values[0] for key, values in raw.items()}
        fake.seen.append(Seen(time.monotonic(), self.command, endpoint, params))
        faults = fake.faults.get(endpoint, [])
        fault = faults.pop(0) if faults else ""
        status, body = fake.reply(endpoint, params)
        length = len(body)
        if fault.startswith(("429", "5", "400")):
            status, _, retry_after = fault.partition(":")
            self.send_response(int(status))
            if retry_after:
                self.send_header("Retry-After", retry_after)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if fault == "slow":
            time.sleep(SLOW_REPLY_S)
        elif fault == "short":  # promise more than we send, then hang up
            length += 100
            self.close_connection = True
        elif fault == "cut":  # a well-framed reply whose XML stops mid-record
            body = body[: len(body) // 2]
            length = len(body)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/xml; charset=UTF-8")
            self.send_header("Content-Length", str(length))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up on a slow reply
            self.close_connection = True


@pytest.fixture
def fake():
    fake = FakeEutils()
    with local_server(Handler, fake=fake) as server:
        fake.url = eutils_url(server)
        yield fake


def make_client(fake: FakeEutils, **options) -> EutilsClient:
    settings = dict(email="dev@example.org", api_key="test-key", timeout=0.3, max_retries=3,
                    backoff=0.01, min_interval=0)
    settings.update(options)
    return EutilsClient(fake.url, **settings)


@pytest.fixture
def client(fake):
    with make_client(fake) as client:
        yield client


def pmids_in(body: bytes) -> list[str]:
    root = ET.fromstring(body)
    assert root.tag == "PubmedArticleSet"
    return [pmid.text for pmid in root.iterfind("PubmedArticle/MedlineCitation/PMID")]


def test_esearch_keeps_the_search_on_the_history_server(fake, client):
    search = client.esearch(QUERY, retmax=100)
    assert (search.count, search.webenv, search.query_key) == (5, fake.webenv, "1")
    assert search.pmids == tuple(ALL)
    [seen] = fake.seen
    assert (seen.method, seen.endpoint) == ("GET", "esearch.fcgi")
    assert seen.params == {"db": "pubmed", "term": QUERY, "usehistory": "y", "retstart": "0", "retmax": "100",
                           "tool": "stemfoot", "email": "dev@example.org", "api_key": "test-key"}


def test_esearch_retmax_caps_the_pmids_not_the_count(fake, client):
    search = client.esearch(QUERY, retmax=3)
    assert search.count == 5
    assert search.pmids == tuple(ALL[:3])
    client.esearch(QUERY, retmax=50_000)
    assert fake.seen[-1].params["retmax"] == "10000"  # PubMed's ceiling


def test_whole_search_is_paged_from_the_history_server_in_batches(fake, client):
    search = client.esearch(QUERY)
    batches = list(client.efetch_batches(search, batch_size=2))
    assert [ids for ids, _ in batches] == [ALL[0:2], ALL[2:4], ALL[4:]]
    assert [pmids_in(body) for _, body in batches] == [ALL[0:2], ALL[2:4], ALL[4:]]
    fetches = fake.efetches()
    assert [(s.method, s.params["retstart"], s.params["retmax"]) for s in fetches] == [
        ("GET", "0", "2"), ("GET", "2", "2"), ("GET", "4", "1")]
    for seen in fetches:
        assert (seen.params["WebEnv"], seen.params["query_key"]) == (fake.webenv, "1")
        assert (seen.params["db"], seen.params["rettype"], seen.params["retmode"]) == ("pubmed", "abstract", "xml")
        assert "id" not in seen.params


def test_resumed_fetch_posts_only_the_missing_pmids(fake, client):
    search = client.esearch(QUERY)
    missing = search.missing({"90000105", "90000104"})
    assert missing == ALL[2:]
    batches = list(client.efetch_batches(search, missing, batch_size=2))
    assert [ids for ids, _ in batches] == [ALL[2:4], ALL[4:]]
    assert [pmids_in(body) for _, body in batches] == [ALL[2:4], ALL[4:]]
    fetches = fake.efetches()
    assert [(s.method, s.params["id"]) for s in fetches] == [("POST", "90000103,90000102"), ("POST", "90000101")]
    assert all("WebEnv" not in s.params for s in fetches)


def test_nothing_missing_means_no_efetch(fake, client):
    search = client.esearch(QUERY)
    assert list(client.efetch_batches(search, search.missing(ALL))) == []
    assert fake.efetches() == []


@pytest.mark.parametrize("status", [400, 200])
def test_expired_webenv_falls_back_to_ids(fake, client, status):
    fake.history_gone_status = status
    search = client.esearch(QUERY)
    batches = list(client.efetch_batches(search, batch_size=3))
    assert [pmids_in(body) for _, body in batches] == [ALL[:3], ALL[3:]]
    assert [(s.method, s.params.get("id")) for s in fake.efetches()] == [
        ("GET", None), ("POST", ",".join(ALL[:3])), ("POST", ",".join(ALL[3:]))]


def test_every_request_carries_tool_email_and_key(fake, client):
    fake.faults["efetch.fcgi"] = ["500"]
    search = client.esearch(QUERY)
    list(client.efetch_batches(search, batch_size=3))
    list(client.efetch_batches(search, ALL[1:], batch_size=3))
    assert {(s.method, s.endpoint) for s in fake.seen} == {
        ("GET", "esearch.fcgi"), ("GET", "efetch.fcgi"), ("POST", "efetch.fcgi")}
    for seen in fake.seen:
        assert (seen.params["tool"], seen.params["email"], seen.params["api_key"]) == (
            "stemfoot", "dev@example.org", "test-key")


def test_without_a_key_none_is_sent_and_the_pace_is_three_per_second(fake):
    with make_client(fake, api_key=None, email=None, min_interval=None) as client:
        assert client.min_interval == pytest.approx(1 / 3)
        client.esearch(QUERY)
    [seen] = fake.seen
    assert seen.params["tool"] == "stemfoot"
    assert "api_key" not in seen.params and "email" not in seen.params
    assert EutilsClient(api_key="k").min_interval == pytest.approx(1 / 10)


@pytest.mark.parametrize("fault", ["429", "500", "503", "slow", "short", "cut"])
def test_efetch_retries_transient_failures(fake, client, fault):
    fake.faults["efetch.fcgi"] = [fault, fault]
    search = client.esearch(QUERY)
    batches = list(client.efetch_batches(search, batch_size=3))
    assert [pmids_in(body) for _, body in batches] == [ALL[:3], ALL[3:]]
    assert [s.params["retstart"] for s in fake.efetches()] == ["0", "0", "0", "3"]


@pytest.mark.parametrize("fault", ["429", "502", "slow", "short", "cut"])
def test_esearch_retries_transient_failures(fake, client, fault):
    fake.faults["esearch.fcgi"] = [fault]
    assert client.esearch(QUERY).pmids == tuple(ALL)
    assert len(fake.seen) == 2


def test_retry_after_is_honoured(fake, client):
    fake.faults["esearch.fcgi"] = ["429:0.4"]
    client.esearch(QUERY)
    first, second = fake.seen
    assert second.at - first.at >= 0.38  # backoff alone would wait 0.01 s


def test_backoff_doubles_between_attempts(fake):
    pauses: list[float] = []

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        time.sleep(seconds)

    fake.faults["esearch.fcgi"] = ["500", "503", "500"]
    with make_client(fake, sleep=sleep) as client:
        client.esearch(QUERY)
    assert pauses == [0.01, 0.02, 0.04]


def test_retries_are_bounded_and_fail_in_one_line(fake):
    fake.faults["esearch.fcgi"] = ["500"] * 5
    with make_client(fake, max_retries=2) as client, pytest.raises(IngestError) as caught:
        client.esearch(QUERY)
    assert str(caught.value) == (
        f"PubMed esearch for {QUERY!r} failed after 3 attempts: HTTP 500 ({fake.url}esearch.fcgi)")
    assert len(fake.seen) == 3


@pytest.mark.parametrize(
    "fault, reason",
    [("slow", "no response within 0.3 s"), ("short", "truncated body"), ("cut", "truncated body")],
)
def test_efetch_gives_up_naming_the_query_and_the_failure(fake, fault, reason):
    # Only the slow reply needs the tight timeout: on a loaded CI machine a truncated reply's hang-up can come later
    # than 0.3 s, and the attempt would then fail on time instead of on the body it names.
    with make_client(fake, max_retries=1, timeout=0.3 if fault == "slow" else 10.0) as client:
        search = client.esearch(QUERY)
        fake.faults["efetch.fcgi"] = [fault] * 2
        with pytest.raises(IngestError) as caught:
            list(client.efetch_batches(search))
    message = str(caught.value)
    assert message.startswith(f"PubMed efetch for {QUERY!r} (records 1-5) failed after 2 attempts: {reason}")
    assert message.endswith(f"({fake.url}efetch.fcgi)") and "\n" not in message
    assert len(fake.efetches()) == 2


def test_unreachable_server_fails_without_leaking_the_key():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    with EutilsClient(url, api_key="secret-key", max_retries=1, backoff=0.01, min_interval=0) as client:
        with pytest.raises(IngestError) as caught:
            client.esearch(QUERY)
    message = str(caught.value)
    assert message.startswith(f"PubMed esearch for {QUERY!r} failed after 2 attempts: connection failed")
    assert "secret-key" not in message


def test_unusable_url_fails_at_once():
    with EutilsClient("eutils.example.org/", max_retries=3, min_interval=0) as client:
        with pytest.raises(IngestError, match=r"^PubMed esearch for 'x': MissingSchema \(eutils\.example\.org/esearch\.fcgi\)$"):
            client.esearch("x")


def test_ncbi_error_reply_is_reported_without_retrying(fake, client):
    with pytest.raises(IngestError, match=r"^PubMed esearch for '': Empty term and query_key - nothing todo$"):
        client.esearch("")
    assert len(fake.seen) == 1


def test_client_errors_are_not_retried(fake, client):
    fake.faults["efetch.fcgi"] = ["400"]
    search = client.esearch(QUERY)
    with pytest.raises(IngestError, match=r"^PubMed efetch for .* \(PMIDs 90000104\.\.90000104\): HTTP 400: "):
        list(client.efetch_batches(search, ["90000104"]))
    assert len(fake.efetches()) == 1


def test_rate_limiter_spaces_requests_on_the_wire(fake):
    with make_client(fake, min_interval=0.3) as client:
        search = client.esearch(QUERY)
        assert len(list(client.efetch_batches(search, batch_size=1))) == 5
    gaps = [b.at - a.at for a, b in zip(fake.seen, fake.seen[1:])]
    assert len(gaps) == 5
    # Arrival times are stamped by the server's thread, so a gap can shrink by the delay with which the
    # earlier request was handled: 20 ms of it failed a 0.1 s spacing on a loaded 2-core machine. Unlimited
    # requests arrive ~1 ms apart, so a 0.3 s spacing with 50 ms for that delay still tells them apart.
    assert min(gaps) >= 0.25
    assert sum(gaps) >= 1.45


def test_rate_limiter_sleeps_only_the_remainder():
    now = [100.0]
    pauses: list[float] = []

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(0.25, clock=lambda: now[0], sleep=sleep)
    limiter.wait()
    now[0] += 0.1
    limiter.wait()
    now[0] += 0.5
    limiter.wait()
    assert pauses == [pytest.approx(0.15)]


def test_batch_size_must_be_positive(client):
    search = client.esearch(QUERY)
    with pytest.raises(ValueError, match="batch_size"):
        list(client.efetch_batches(search, batch_size=0))


def test_interrupted_ingest_resumes_with_only_the_missing_pmids(fake, tmp_path):
    db = open_db(tmp_path / "corpus.db")
    fake.faults["efetch.fcgi"] = ["", "500", "500"]  # the first batch lands, the second keeps failing
    with make_client(fake, max_retries=1) as client:
        with pytest.raises(IngestError, match=r"\(records 3-4\) failed after 2 attempts: HTTP 500"):
            ingest_pubmed(db, client, QUERY, 100, batch_size=2)
        assert sorted(pmid for (pmid,) in db.execute("SELECT pmid FROM pubmed_fetch_state")) == sorted(ALL[:2])
        fake.seen.clear()
        summary = ingest_pubmed(db, client, QUERY, 100, batch_size=2)
    assert [(s.method, s.params.get("id")) for s in fake.efetches()] == [
        ("POST", "90000103,90000102"), ("POST", "90000101")]
    assert (summary.new, summary.unchanged) == (3, 0)
    assert sorted(pmid for (pmid,) in db.execute("SELECT pmid FROM studies")) == sorted(ALL)


def test_cli_ingest_pubmed_end_to_end(fake, tmp_path):
    from click.testing import CliRunner

    from stemfoot.cli import cli

    db = str(tmp_path / "c.db")
    args = ["ingest", "--pubmed", QUERY, "--eutils-url", fake.url, "--email", "dev@example.org", "--db", db]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert first.stdout == f"pubmed:{QUERY}: 5 new, 0 updated, 0 unchanged, 0 skipped (1 without abstract, flagged)\n"
    assert "record 5 (PMID 90000101): no abstract; kept and flagged" in first.stderr
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert again.stdout == f"pubmed:{QUERY}: 0 new, 0 updated, 0 unchanged, 0 skipped\n"
    assert "5 of 5 records already fetched; fetching the other 0" in again.stderr
    assert len(fake.efetches()) == 1  # the rerun asked for nothing
