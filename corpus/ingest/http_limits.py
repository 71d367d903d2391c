"""Limits for HTTP replies: Retry-After parsing, a visible countdown, bounded body reads.

- `parse_retry_after`: delta-seconds or an HTTP-date; ``inf``, ``nan``,
  negative, garbage and far-future values never turn into an endless (or
  crashing) sleep: the wait is capped at `DEFAULT_MAX_RETRY_AFTER` seconds
  (`--max-retry-wait`) and the cap is stated in the note.
- `countdown_sleep`: sleeps in steps and reports the seconds left, so a long
  server-requested pause is visible and can be interrupted.
- `read_bounded`: reads a ``requests`` streaming response (``stream=True``)
  enforcing a total size limit (after decompression, decompressed by us with a
  bounded output, so a gzip bomb never inflates) *and* one wall-clock deadline
  for the whole body (a server dripping one byte every few seconds resets a
  per-read timeout forever; it does not reset this deadline).
"""
from __future__ import annotations

import math
import socket
import threading
import time
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Callable

from stemfoot.corpus.errors import IngestError

#: Longest pause a Retry-After header can impose (`--max-retry-wait`). NCBI asks for
#: seconds; a longer request (hours, a date next year) is capped, not obeyed.
DEFAULT_MAX_RETRY_AFTER = 120.0
#: Default largest reply body (`--max-response-size`): an efetch batch of 200
#: records is ~2-4 MB of XML; 64 MiB is far above that and far below trouble.
DEFAULT_MAX_RESPONSE_BYTES = 64 << 20
#: Default total time for one reply body (`--response-deadline`), on top of the
#: connect/first-byte timeout the caller gives ``requests``.
DEFAULT_BODY_DEADLINE = 120.0
_CHUNK = 64 * 1024


class HttpLimitError(IngestError):
    """A reply beyond a stated limit or cut short; one line with the URL/label and the limit."""


class BodyTooLarge(HttpLimitError):
    """The reply body is larger than the size limit (not worth retrying)."""


class DeadlineExceeded(HttpLimitError):
    """The reply body did not arrive within the total deadline (may be retried)."""


class TruncatedBody(HttpLimitError):
    """The connection ended before the declared body did (may be retried)."""


@dataclass(frozen=True)
class RetryAfter:
    """A parsed Retry-After: ``seconds`` to wait (None: unusable, use your own backoff) and why."""

    seconds: float | None
    capped: bool = False
    note: str | None = None  # one line for the user when the header was capped or ignored


def parse_retry_after(value: str | None, now: float | datetime | None = None,
                      max_seconds: float = DEFAULT_MAX_RETRY_AFTER) -> RetryAfter:
    """Seconds to wait from a Retry-After header, at most ``max_seconds``.

    ``now`` is a POSIX timestamp or an aware datetime (default: the current
    time) for HTTP-dates. Delta-seconds must be a finite number >= 0 (RFC 9110
    says digits; a decimal is tolerated). A date in the past means 0.
    """
    if value is None or not value.strip():
        return RetryAfter(None)
    text = value.strip()
    shown = text if len(text) <= 40 else text[:37] + "..."
    seconds: float | None
    try:
        seconds = float(text)
    except ValueError:
        seconds = None
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return RetryAfter(None, note=f"Retry-After {shown!r} is neither seconds nor an HTTP-date; ignored")
        if when.tzinfo is None:  # "-0000": RFC 5322's "unknown zone"; HTTP-dates are GMT
            when = when.replace(tzinfo=timezone.utc)
        if now is None:
            current = time.time()
        elif isinstance(now, datetime):
            current = now.timestamp()
        else:
            current = float(now)
        seconds = max(0.0, when.timestamp() - current)
    else:
        if not math.isfinite(seconds) or seconds < 0:
            return RetryAfter(None, note=f"Retry-After {shown!r} is not a non-negative number of seconds; ignored")
    if seconds > max_seconds:
        return RetryAfter(max_seconds, capped=True,
                          note=f"Retry-After {shown!r} asks for {seconds:,.0f} s; waiting the maximum "
                               f"{max_seconds:g} s (--max-retry-wait)")
    return RetryAfter(seconds)


def countdown_sleep(seconds: float, report: Callable[[float], None] | None = None, *, step: float = 1.0,
                    sleep: Callable[[float], None] = time.sleep,
                    clock: Callable[[], float] = time.monotonic) -> None:
    """Sleep ``seconds``, calling ``report(seconds_left)`` before each step and ``report(0.0)`` at the end."""
    if not math.isfinite(seconds) or seconds <= 0:
        if report:
            report(0.0)
        return
    end = clock() + seconds
    while True:
        left = end - clock()
        if left <= 0:
            break
        if report:
            report(left)
        sleep(min(step, left))
    if report:
        report(0.0)


def _socket_of(response: Any) -> socket.socket | None:
    """The socket under a requests/urllib3 response, where the versions expose it."""
    raw = getattr(response, "raw", None)
    conn = getattr(raw, "connection", None) or getattr(raw, "_connection", None)
    sock = getattr(conn, "sock", None)
    if isinstance(sock, socket.socket):
        return sock
    fp = getattr(getattr(raw, "_fp", None), "fp", None)  # http.client: BufferedReader(SocketIO)
    sock = getattr(getattr(fp, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


class _Decoder:
    """gzip/deflate decoding with bounded output per call (a bomb never inflates past the limit)."""

    def __init__(self, encoding: str, label: str) -> None:
        self.label = label
        self.identity = encoding in ("", "identity")
        if not self.identity and encoding not in ("gzip", "x-gzip", "deflate"):
            raise HttpLimitError(f"{label}: unsupported Content-Encoding {encoding!r} (send Accept-Encoding: gzip)")
        # 32 + 15: zlib or gzip header, detected; raw deflate is tried if that fails on the first bytes.
        self._z = zlib.decompressobj(32 + 15)
        self._raw_deflate_tried = encoding != "deflate"

    def feed(self, data: bytes, room: int) -> bytes:
        """Decode ``data``, returning at most ``room + 1`` bytes (one over means: too large)."""
        if self.identity:
            return data
        try:
            out = self._z.decompress(data, room + 1)
        except zlib.error as exc:
            if not self._raw_deflate_tried:
                self._raw_deflate_tried = True
                self._z = zlib.decompressobj(-15)
                return self.feed(data, room)
            raise HttpLimitError(f"{self.label}: corrupt {exc}") from None
        self._raw_deflate_tried = True
        return out

    def has_more(self) -> bool:
        return not self.identity and bool(self._z.unconsumed_tail)

    def complete(self) -> bool:
        """Whether a compressed stream reached its end marker (identity: always)."""
        return self.identity or self._z.eof

    def more(self, room: int) -> bytes:
        return self._z.decompress(self._z.unconsumed_tail, room + 1)


def _human(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:g} {unit}" if unit == "bytes" else f"{n:.3g} {unit}"
        n /= 1024
    raise AssertionError("unreachable")


def read_bounded(response: Any, max_bytes: int = DEFAULT_MAX_RESPONSE_BYTES, deadline: float | None = None, *,
                 label: str | None = None, clock: Callable[[], float] = time.monotonic,
                 chunk_size: int = _CHUNK) -> bytes:
    """The body of a ``requests`` response opened with ``stream=True``, within limits.

    ``deadline`` is an absolute time on ``clock`` (default `time.monotonic`),
    e.g. ``time.monotonic() + 120`` taken before the request was sent; None
    allows `DEFAULT_BODY_DEADLINE` seconds from now. At the deadline a
    watchdog shuts the socket, so a read blocked on a dripping server ends
    too. ``max_bytes`` bounds the body after decompression. Raises
    `BodyTooLarge`, `DeadlineExceeded` or `TruncatedBody` (one line each);
    the response is always closed.
    """
    import requests  # the caller uses requests; imported here so this module stays light
    from urllib3.exceptions import HTTPError as Urllib3Error

    label = label or str(getattr(response, "url", "reply"))
    if deadline is None:
        deadline = clock() + DEFAULT_BODY_DEADLINE
    headers = getattr(response, "headers", {}) or {}
    encoding = (headers.get("Content-Encoding") or "").strip().lower()
    declared = (headers.get("Content-Length") or "").strip()
    too_large = lambda got: BodyTooLarge(  # noqa: E731
        f"{label}: reply larger than {_human(max_bytes)} ({got}) (limit {_human(max_bytes)}; "
        "raise it with --max-response-size)")
    timed_out = lambda got: DeadlineExceeded(  # noqa: E731
        f"{label}: reply body not complete within the {max(0.0, deadline - started):.3g} s deadline "
        f"({_human(got)} received) (raise it with --response-deadline)")
    started = clock()
    try:
        if declared.isdigit() and not encoding and int(declared) > max_bytes:
            raise too_large(f"Content-Length {int(declared):,}")
        decoder = _Decoder(encoding, label)
        raw = response.raw
        read = getattr(raw, "read1", None)
        if read is None:  # urllib3 1.26: read(amt) may wait for amt bytes; the watchdog bounds it
            read = raw.read
            chunk_size = min(chunk_size, 8192)
        expired = threading.Event()
        sock = _socket_of(response)

        def cut() -> None:
            expired.set()
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        remaining = deadline - clock()
        if remaining <= 0:
            raise timed_out(0)
        watchdog = threading.Timer(remaining, cut)
        watchdog.daemon = True
        watchdog.start()
        body = bytearray()
        raw_count = 0
        try:
            while True:
                if expired.is_set() or clock() >= deadline:
                    raise timed_out(len(body))
                try:
                    data = read(chunk_size, decode_content=False)
                except (requests.RequestException, Urllib3Error, OSError, ValueError) as exc:
                    if expired.is_set() or clock() >= deadline:
                        raise timed_out(len(body)) from None
                    raise TruncatedBody(f"{label}: connection broken after {_human(len(body))} "
                                        f"({type(exc).__name__})") from None
                if not data:
                    break
                raw_count += len(data)
                out = decoder.feed(data, max_bytes - len(body))
                while True:
                    body += out
                    if len(body) > max_bytes:
                        raise too_large(f"over {_human(max_bytes)} received")
                    if not decoder.has_more():
                        break
                    out = decoder.more(max_bytes - len(body))
            if expired.is_set():
                raise timed_out(len(body))
        finally:
            watchdog.cancel()
        if not decoder.complete():
            raise TruncatedBody(f"{label}: compressed reply ends before its end marker ({raw_count:,} bytes)")
        if declared.isdigit() and raw_count < int(declared):
            raise TruncatedBody(f"{label}: reply cut short ({raw_count:,} of {int(declared):,} bytes)")
        return bytes(body)
    finally:
        response.close()
