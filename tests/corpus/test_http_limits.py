"""Retry-After parsing, the countdown, and bounded body reads against a real local HTTP server."""
from __future__ import annotations

import gzip
import math
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler

import pytest
import requests
from http_support import local_server

from stemfoot.corpus.ingest.http_limits import (
    DEFAULT_MAX_RETRY_AFTER,
    BodyTooLarge,
    DeadlineExceeded,
    TruncatedBody,
    countdown_sleep,
    parse_retry_after,
    read_bounded,
)

NOW = datetime(2025, 3, 1, 12, 0, 0, tzinfo=timezone.utc)

# ---------------------------------------------------------------- Retry-After


@pytest.mark.parametrize("value, seconds", [("0", 0.0), ("7", 7.0), ("  30 ", 30.0), ("1.5", 1.5)])
def test_delta_seconds(value, seconds):
    assert parse_retry_after(value, NOW) == parse_retry_after(value, NOW)
    result = parse_retry_after(value, NOW)
    assert result.seconds == seconds and not result.capped and result.note is None


def test_http_date_in_future_past_and_without_zone():
    in_20 = format_datetime(NOW + timedelta(seconds=20), usegmt=True)
    assert parse_retry_after(in_20, NOW).seconds == pytest.approx(20)
    assert parse_retry_after(in_20, NOW.timestamp()).seconds == pytest.approx(20)
    past = format_datetime(NOW - timedelta(hours=1), usegmt=True)
    assert parse_retry_after(past, NOW).seconds == 0.0
    assert parse_retry_after("Sat, 01 Mar 2025 12:00:10 -0000", NOW).seconds == pytest.approx(10)


@pytest.mark.parametrize("value", ["inf", "Infinity", "nan", "-1", "-0.5", "1e400", "soon", "12abc", "Mon, 99 Foo"])
def test_unusable_values_are_ignored_with_a_note(value):
    result = parse_retry_after(value, NOW)
    assert result.seconds is None
    assert result.note and "ignored" in result.note and "\n" not in result.note


@pytest.mark.parametrize("value", ["86400", "99999999999999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_far_future_is_capped_and_says_so(value):
    result = parse_retry_after(value, NOW)
    assert result.seconds == DEFAULT_MAX_RETRY_AFTER and result.capped
    assert f"{DEFAULT_MAX_RETRY_AFTER:g} s" in result.note and "--max-retry-wait" in result.note
    assert parse_retry_after(value, NOW, max_seconds=5).seconds == 5


def test_missing_header():
    assert parse_retry_after(None).seconds is None and parse_retry_after("").note is None


# ---------------------------------------------------------------- countdown


def test_countdown_reports_progress_on_a_fake_clock():
    t = [0.0]
    slept: list[float] = []
    reports: list[float] = []

    def sleep(s):
        slept.append(s)
        t[0] += s

    countdown_sleep(3.5, reports.append, step=1.0, sleep=sleep, clock=lambda: t[0])
    assert slept == [1.0, 1.0, 1.0, 0.5]
    assert reports == [3.5, 2.5, 1.5, 0.5, 0.0]


def test_countdown_real_time_and_degenerate_values():
    reports: list[float] = []
    start = time.monotonic()
    countdown_sleep(0.25, reports.append, step=0.1)
    assert 0.24 <= time.monotonic() - start < 1.0
    assert reports[-1] == 0.0 and len(reports) >= 3
    for bad in (0, -5, math.inf, math.nan):
        out: list[float] = []
        countdown_sleep(bad, out.append)
        assert out == [0.0]


# ---------------------------------------------------------------- a real server


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output clean
        pass

    def _head(self, status=200, **headers):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()

    def do_GET(self):  # noqa: C901 - one small route table
        path = self.path
        try:
            if path == "/ok":
                body = b"<PubmedArticleSet>" + b"x" * 5000 + b"</PubmedArticleSet>"
                self._head(Content_Length=str(len(body)))
                self.wfile.write(body)
            elif path == "/ok-gzip":
                body = gzip.compress(b"hello " * 10000)
                self._head(Content_Length=str(len(body)), Content_Encoding="gzip")
                self.wfile.write(body)
            elif path == "/endless":
                self._head(Connection="close")  # no length: the body ends when the connection does
                chunk = b"y" * 65536
                while True:
                    self.wfile.write(chunk)
            elif path.startswith("/drip"):  # /drip/<seconds between bytes>
                gap = float(path.split("/")[2])
                self._head(Content_Length="1000")
                for _ in range(1000):
                    self.wfile.write(b"z")
                    self.wfile.flush()
                    time.sleep(gap)
            elif path == "/oversized":
                self._head(Content_Length=str(50 << 20))
                self.wfile.write(b"a" * 1000)
            elif path == "/bomb":
                body = gzip.compress(b"\0" * (40 << 20))  # 40 MiB -> ~40 KB
                self._head(Content_Length=str(len(body)), Content_Encoding="gzip")
                self.wfile.write(body)
            elif path == "/cut":
                self._head(Content_Length="10000", Connection="close")
                self.wfile.write(b"b" * 100)
            elif path == "/cut-gzip":
                body = gzip.compress(bytes(range(256)) * 400)
                self._head(Connection="close", Content_Encoding="gzip")
                self.wfile.write(body[: len(body) // 2])
            else:
                self._head(404, Content_Length="0")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should


@pytest.fixture(scope="module")
def server():
    with local_server(_Handler) as httpd:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"


def _get(url):
    return requests.get(url, stream=True, timeout=5, headers={"Accept-Encoding": "gzip"})


def test_normal_bodies_plain_and_gzip(server):
    body = read_bounded(_get(server + "/ok"), max_bytes=1 << 20, deadline=time.monotonic() + 5)
    assert body.startswith(b"<PubmedArticleSet>") and len(body) == 5000 + 37
    assert read_bounded(_get(server + "/ok-gzip"), 1 << 20, time.monotonic() + 5) == b"hello " * 10000


def test_endless_body_is_stopped_at_the_size_limit(server):
    start = time.monotonic()
    with pytest.raises(BodyTooLarge) as caught:
        read_bounded(_get(server + "/endless"), max_bytes=2 << 20, deadline=time.monotonic() + 10, label="efetch")
    assert time.monotonic() - start < 5
    message = str(caught.value)
    assert message.startswith("efetch: reply larger than 2 MiB") and "--max-response-size" in message
    assert "\n" not in message


def test_drip_feed_is_stopped_by_the_total_deadline(server):
    """One byte every 0.2 s never trips a 5 s per-read timeout; the 1 s total deadline stops it."""
    start = time.monotonic()
    with pytest.raises(DeadlineExceeded) as caught:
        read_bounded(_get(server + "/drip/0.2"), max_bytes=1 << 20, deadline=start + 1.0)
    elapsed = time.monotonic() - start
    assert 0.9 <= elapsed < 2.0
    assert "deadline" in str(caught.value) and "--response-deadline" in str(caught.value)


def test_one_byte_every_two_seconds_is_cut_while_the_read_blocks(server):
    """The read itself is blocked waiting for the next byte; the watchdog ends it at the deadline."""
    response = _get(server + "/drip/2")
    start = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        read_bounded(response, max_bytes=1 << 20, deadline=start + 0.5)
    assert time.monotonic() - start < 1.5


def test_declared_oversized_body_is_refused_before_reading(server):
    start = time.monotonic()
    with pytest.raises(BodyTooLarge, match="Content-Length 52,428,800"):
        read_bounded(_get(server + "/oversized"), max_bytes=1 << 20, deadline=time.monotonic() + 5)
    assert time.monotonic() - start < 1


def test_gzip_bomb_never_inflates_past_the_limit(server):
    with pytest.raises(BodyTooLarge):
        read_bounded(_get(server + "/bomb"), max_bytes=1 << 20, deadline=time.monotonic() + 5)


def test_truncated_bodies(server):
    with pytest.raises(TruncatedBody) as caught:
        read_bounded(_get(server + "/cut"), max_bytes=1 << 20, deadline=time.monotonic() + 5, label="efetch 1-200")
    assert str(caught.value).startswith("efetch 1-200: ")
    with pytest.raises(TruncatedBody, match="end marker"):
        read_bounded(_get(server + "/cut-gzip"), max_bytes=1 << 20, deadline=time.monotonic() + 5)


def test_deadline_already_past(server):
    with pytest.raises(DeadlineExceeded):
        read_bounded(_get(server + "/ok"), 1 << 20, deadline=time.monotonic() - 1)
