"""Fault suite, E-utilities (issue 15): endless and dripping replies, and hostile Retry-After headers,
against a real server on 127.0.0.1. Each ends within its stated limit, in one line, never a traceback."""
from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler

import pytest
from faults_support import assert_one_line_error, invoke
from http_support import eutils_url, local_server

from stemfoot.corpus.ingest.eutils import EutilsClient

EMPTY_SEARCH = b"<eSearchResult><Count>0</Count><RetMax>0</RetMax><IdList></IdList></eSearchResult>"


class Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        server = self.server
        mode = server.modes.pop(0) if server.modes else "ok"  # type: ignore[attr-defined]
        server.seen.append((time.monotonic(), mode))  # type: ignore[attr-defined]
        try:
            if mode.startswith("retry:"):
                self.send_response(429)
                self.send_header("Retry-After", mode[6:])
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif mode == "endless":  # a reply that never ends (no length, no end)
                self.send_response(200)
                self.send_header("Content-Type", "text/xml")
                self.end_headers()
                self.close_connection = True
                while True:
                    self.wfile.write(b"<Id>1</Id>" * 6000)
            elif mode == "drip":  # one byte at a time, each well within the per-read timeout
                self.send_response(200)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", "100000")
                self.end_headers()
                for _ in range(100000):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.2)
            else:
                self.send_response(200)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(EMPTY_SEARCH)))
                self.end_headers()
                self.wfile.write(EMPTY_SEARCH)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


@pytest.fixture
def server():
    with local_server(Hostile, modes=[], seen=[]) as httpd:
        httpd.url = eutils_url(httpd)  # type: ignore[attr-defined]
        yield httpd


def _ingest(server, tmp_path, *extra: str):
    return invoke("ingest", "--db", tmp_path / "c.db", "--pubmed", "cells", "--email", "t@example.org",
                  "--eutils-url", server.url, *extra)


def test_endless_reply_stops_at_the_size_limit(server, tmp_path):
    server.modes[:] = ["endless"]
    started = time.monotonic()
    result = _ingest(server, tmp_path, "--max-response-size", "1M")
    assert time.monotonic() - started < 20
    assert result.exit_code == 1
    assert_one_line_error(result.stderr, "reply larger than 1 MiB", "--max-response-size")


def test_dripping_reply_stops_at_the_total_deadline(server, tmp_path):
    server.modes[:] = ["drip"] * 3
    started = time.monotonic()
    with EutilsClient(server.url, timeout=5, max_retries=1, backoff=0, min_interval=0,
                      response_deadline=1.0) as client, pytest.raises(Exception) as caught:
        client.esearch("cells")
    took = time.monotonic() - started
    assert took < 6  # two attempts of 1 s each; a per-read timeout alone would wait 20,000 s
    assert "failed after 2 attempts" in str(caught.value) and "deadline" in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("header", ["3600", "inf", "nan", "-5", "Fri, 31 Dec 9999 23:59:59 GMT", "soon"])
def test_retry_after_is_capped_and_never_crashes(server, tmp_path, header):
    server.modes[:] = [f"retry:{header}"]
    started = time.monotonic()
    result = _ingest(server, tmp_path, "--max-retry-wait", "1")
    took = time.monotonic() - started
    assert result.exit_code == 0, result.output
    assert took < 10
    (first, _), (second, mode) = server.seen
    assert mode == "ok"
    if header in ("3600", "Fri, 31 Dec 9999 23:59:59 GMT"):
        assert second - first >= 0.9  # obeyed, up to the cap
        assert "waiting the maximum 1 s (--max-retry-wait)" in result.stderr
    elif header != "-5":
        assert "ignored" in result.stderr


def test_retry_after_countdown_is_shown(server):
    server.modes[:] = ["retry:2"]
    shown: list[float] = []
    with EutilsClient(server.url, max_retries=1, min_interval=0, on_wait=shown.append) as client:
        client.esearch("cells")
    assert len(shown) >= 2 and shown[0] > 1 and shown[-1] == 0.0
