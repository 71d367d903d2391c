"""PubMed through NCBI E-utilities: esearch on the history server, efetch in batches.

The client is polite (rate-limited, identified by ``tool``/``email`` on every
request), retries transient failures with exponential backoff, and supports
resuming: the caller passes the PMIDs it still lacks and receives them batch by
batch, so an interruption costs at most the batch in flight.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Callable, Collection, Iterator

import requests
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from stemfoot.corpus.errors import IngestError
from stemfoot.corpus.ingest.http_limits import (
    DEFAULT_BODY_DEADLINE,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRY_AFTER,
    BodyTooLarge,
    DeadlineExceeded,
    HttpLimitError,
    TruncatedBody,
    countdown_sleep,
    parse_retry_after,
    read_bounded,
)

DEFAULT_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
#: NCBI allows 3 requests/s without an API key and 10 with one.
INTERVAL_WITHOUT_KEY = 1 / 3
INTERVAL_WITH_KEY = 1 / 10
#: PubMed's esearch hands out at most this many PMIDs for one query.
ESEARCH_MAX = 10_000
DEFAULT_BATCH_SIZE = 200

#: Names for messages, the ids' name, and the root element of an efetch reply, per E-utilities database.
_DB_NAMES = {"pubmed": "PubMed", "pmc": "PMC"}
_ID_NAMES = {"pubmed": "PMIDs", "pmc": "PMC ids"}
_ROOTS = {"pubmed": "PubmedArticleSet", "pmc": "pmc-articleset"}
_ERROR_TEXT = re.compile(rb"<ERROR>(.*?)</ERROR>|\"error\"\s*:\s*\"([^\"]*)\"", re.S)
_HISTORY_GONE = re.compile(r"unable to obtain query|cannot retrieve history|webenv|query_key|history", re.I)
_ERRNO = re.compile(r"\[Errno -?\d+\][^'\")]*")


@dataclass(frozen=True)
class SearchResult:
    """One esearch kept on the history server: hit count, where it is kept, its PMIDs."""

    query: str
    count: int
    webenv: str
    query_key: str
    pmids: tuple[str, ...]

    def missing(self, stored: Collection[str]) -> list[str]:
        """This search's PMIDs that are not in ``stored``, in search order."""
        done = set(stored)
        return [pmid for pmid in self.pmids if pmid not in done]


class RateLimiter:
    """Spaces the starts of consecutive requests at least ``min_interval`` seconds apart."""

    def __init__(
        self,
        min_interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.min_interval = min_interval
        self._clock = clock
        self._sleep = sleep
        self._last: float | None = None

    def wait(self) -> None:
        now = self._clock()
        if self._last is not None and now < self._last + self.min_interval:
            self._sleep(self._last + self.min_interval - now)
            now = self._clock()
        self._last = now


class _Transient(Exception):
    """A failure worth retrying; ``retry_after`` is the server's requested pause."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class _HistoryExpired(Exception):
    """efetch could not find the search on the history server (WebEnv expired)."""


class EutilsClient:
    """A polite, retrying, resumable client for PubMed's esearch and efetch.

    ``min_interval`` defaults to NCBI's limit (1/3 s, or 1/10 s with an API key).
    ``clock`` and ``sleep`` drive the rate limiter and the backoff pauses.
    Not thread-safe: one client serves one ingest at a time.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        api_key: str | None = None,
        email: str | None = None,
        tool: str = "stemfoot",
        timeout: float = 30.0,
        max_retries: int = 5,
        backoff: float = 1.0,
        min_interval: float | None = None,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        response_deadline: float = DEFAULT_BODY_DEADLINE,
        max_retry_wait: float = DEFAULT_MAX_RETRY_AFTER,
        on_wait: Callable[[float], None] | None = None,
        on_note: Callable[[str], None] | None = None,
    ) -> None:
        """``max_response_bytes`` and ``response_deadline`` bound each reply body (size after
        decompression; total seconds, however slowly it drips); ``max_retry_wait`` caps a
        Retry-After pause, shown through ``on_wait(seconds_left)``; ``on_note`` gets one-line notes."""
        if max_retries < 0:
            raise ValueError(f"max_retries must be at least 0, not {max_retries}")
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        if min_interval is None:
            min_interval = INTERVAL_WITH_KEY if api_key else INTERVAL_WITHOUT_KEY
        self.min_interval = min_interval
        self._owns_session = session is None
        self.session = session or requests.Session()
        self._sleep = sleep
        self._clock = clock
        self.max_response_bytes = max_response_bytes
        self.response_deadline = response_deadline
        self.max_retry_wait = max_retry_wait
        self._on_wait = on_wait
        self._on_note = on_note
        self._limiter = RateLimiter(min_interval, clock, sleep)
        self._identity = {"tool": tool}
        if email:
            self._identity["email"] = email
        if api_key:
            self._identity["api_key"] = api_key

    def close(self) -> None:
        """Close the HTTP session, unless the caller passed it in."""
        if self._owns_session:
            self.session.close()

    def __enter__(self) -> "EutilsClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def esearch(self, query: str, retmax: int = ESEARCH_MAX, db: str = "pubmed") -> SearchResult:
        """Run ``query`` on PubMed, keep the hits on the history server, return up to ``retmax`` PMIDs.

        ``retmax`` is capped at ESEARCH_MAX, the most PubMed hands out; ``count``
        still reports every hit, so a caller can tell the search was cut short.
        """
        label = f"{_DB_NAMES.get(db, db)} esearch for {query!r}"
        retmax = min(retmax, ESEARCH_MAX)
        params = {"db": db, "term": query, "usehistory": "y", "retstart": "0", "retmax": str(retmax)}
        status, body = self._request(label, "esearch.fcgi", params, roots=("eSearchResult",))
        if status != 200:
            raise IngestError(f"{label}: HTTP {status}: {_error_text(body)}")
        try:
            root = SafeET.fromstring(body)
        except (SafeET.ParseError, DefusedXmlException) as exc:
            raise IngestError(f"{label}: malformed eSearchResult ({exc})") from exc
        count = root.findtext("Count")
        if count is None or not count.strip().isdigit():
            raise IngestError(f"{label}: {_error_text(body)}")
        result = SearchResult(
            query=query,
            count=int(count),
            webenv=(root.findtext("WebEnv") or "").strip(),
            query_key=(root.findtext("QueryKey") or "").strip(),
            pmids=tuple(elem.text.strip() for elem in root.iterfind("IdList/Id") if elem.text),
        )
        if result.pmids and not (result.webenv and result.query_key):
            raise IngestError(f"{label}: the reply has no WebEnv/QueryKey (usehistory ignored?)")
        return result

    def efetch_batches(
        self,
        search: SearchResult,
        pmids: Collection[str] | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        db: str = "pubmed",
    ) -> Iterator[tuple[list[str], bytes]]:
        """Yield ``(batch PMIDs, PubmedArticleSet XML bytes)`` for ``pmids`` (default: all of the search).

        The whole search is paged from the history server (retstart/retmax);
        a subset, as left after an interrupted run, is fetched by explicit ids.
        If the history server has forgotten the search, the rest goes by ids too.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        todo = list(search.pmids) if pmids is None else list(pmids)
        use_history = bool(search.webenv) and todo == list(search.pmids)
        for start in range(0, len(todo), batch_size):
            batch = todo[start : start + batch_size]
            body = None
            if use_history:
                try:
                    body = self._efetch_history(search, start, len(batch), db)
                except _HistoryExpired:
                    use_history = False
            if body is None:
                body = self._efetch_ids(search.query, batch, db)
            yield batch, body

    def _efetch_history(self, search: SearchResult, retstart: int, retmax: int, db: str = "pubmed") -> bytes:
        params = {"WebEnv": search.webenv, "query_key": search.query_key,
                  "retstart": str(retstart), "retmax": str(retmax)}
        label = f"{_DB_NAMES.get(db, db)} efetch for {search.query!r} (records {retstart + 1}-{retstart + retmax})"
        return self._efetch(label, params, post=False, db=db)

    def _efetch_ids(self, query: str, pmids: list[str], db: str = "pubmed") -> bytes:
        # POST: a list of hundreds of ids would overflow a URL.
        label = f"{_DB_NAMES.get(db, db)} efetch for {query!r} ({_ID_NAMES.get(db, 'ids')} {pmids[0]}..{pmids[-1]})"
        return self._efetch(label, {"id": ",".join(pmids)}, post=True, db=db)

    def _efetch(self, label: str, params: dict[str, str], *, post: bool, db: str = "pubmed") -> bytes:
        root = _ROOTS.get(db, "PubmedArticleSet")
        # PMC full texts: efetch's default rettype is the whole JATS article.
        params = {"db": db, **({"rettype": "abstract"} if db == "pubmed" else {}), "retmode": "xml", **params}
        status, body = self._request(label, "efetch.fcgi", params, post=post,
                                     roots=(root, "eFetchResult"))
        if status == 200 and _ends_with(body, (root,)):
            return body
        message = _error_text(body)
        if "WebEnv" in params and _HISTORY_GONE.search(message):
            raise _HistoryExpired(message)
        raise IngestError(f"{label}: HTTP {status}: {message}")

    def _request(
        self, label: str, endpoint: str, params: dict[str, str], *, roots: tuple[str, ...], post: bool = False
    ) -> tuple[int, bytes]:
        """Send with rate limiting and retries; return (status, body) of a final (2xx/4xx) reply."""
        url = self.base_url + endpoint
        payload = {**params, **self._identity}
        attempts = self.max_retries + 1
        for attempt in range(attempts):
            self._limiter.wait()
            try:
                return self._send(url, payload, post, roots)
            except _Transient as exc:
                failure = exc
            except requests.RequestException as exc:
                raise IngestError(f"{label}: {type(exc).__name__} ({url})") from exc
            except BodyTooLarge as exc:
                raise IngestError(f"{label}: {_reason(exc)}") from None
            if attempt + 1 < attempts:
                pause = failure.retry_after
                self._pause(pause if pause is not None else self.backoff * 2**attempt)
        raise IngestError(f"{label} failed after {attempts} attempts: {failure.reason} ({url})")

    def _pause(self, seconds: float) -> None:
        """Sleep before a retry; with ``on_wait`` as a visible countdown."""
        if self._on_wait is not None and seconds >= 2:
            countdown_sleep(seconds, self._on_wait, sleep=self._sleep, clock=self._clock)
        else:
            self._sleep(seconds)

    def _retry_after(self, value: str | None) -> float | None:
        parsed = parse_retry_after(value, max_seconds=self.max_retry_wait)
        if parsed.note and self._on_note is not None:
            self._on_note(parsed.note)
        return parsed.seconds

    def _send(self, url: str, payload: dict[str, str], post: bool, roots: tuple[str, ...]) -> tuple[int, bytes]:
        deadline = time.monotonic() + self.response_deadline
        try:
            if post:
                response = self.session.post(url, data=payload, timeout=self.timeout, stream=True)
            else:
                response = self.session.get(url, params=payload, timeout=self.timeout, stream=True)
            # The size and the total time are bounded, not only each read (a server dripping a byte
            # every few seconds would otherwise hold the request open for ever).
            try:
                body = read_bounded(response, self.max_response_bytes, deadline, label=url.rsplit("/", 1)[-1])
            except (DeadlineExceeded, TruncatedBody) as exc:
                raise _Transient(_reason(exc)) from None
            except HttpLimitError as exc:
                if isinstance(exc, BodyTooLarge):
                    raise
                raise _Transient(_reason(exc)) from None
        except requests.Timeout as exc:
            raise _Transient(f"no response within {self.timeout:g} s") from exc
        except requests.exceptions.ChunkedEncodingError as exc:
            raise _Transient("truncated body (connection broken mid-body)") from exc
        except requests.exceptions.ContentDecodingError as exc:
            raise _Transient("undecodable body") from exc
        except requests.ConnectionError as exc:
            # str(exc) repeats the URL, api_key included; keep only the OS reason.
            if "timed out" in str(exc):
                raise _Transient(f"no response within {self.timeout:g} s") from exc
            errno = _ERRNO.search(str(exc))
            raise _Transient("connection failed" + (f" ({errno.group(0).strip()})" if errno else "")) from exc
        status = response.status_code
        if status == 429 or status >= 500:
            raise _Transient(f"HTTP {status}", self._retry_after(response.headers.get("Retry-After")))
        if status == 200:
            # urllib3 2 already raises on a short body; urllib3 1.26 (allowed by requests) does not.
            expected = response.headers.get("Content-Length", "")
            if expected.isdigit() and "Content-Encoding" not in response.headers and int(expected) != len(body):
                raise _Transient(f"truncated body ({len(body)} of {expected} bytes)")
            if not _ends_with(body, roots):
                raise _Transient(f"truncated body (no closing </{roots[0]}> after {len(body)} bytes)")
        return status, body


def _ends_with(body: bytes, roots: tuple[str, ...]) -> bool:
    tail = body.rstrip()
    return any(tail.endswith(f"</{root}>".encode()) for root in roots)


def _error_text(body: bytes) -> str:
    """The error NCBI states in an XML or JSON reply, else the start of the body, on one line."""
    found = _ERROR_TEXT.search(body)
    raw = (found.group(1) or found.group(2)) if found else body[:200]
    text = " ".join(raw.decode("utf-8", "replace").split())
    return text or "empty reply"


def _reason(exc: Exception) -> str:
    """The limit error's text without its label (the caller's message names the request)."""
    text = str(exc)
    reason = text.split(": ", 1)[1] if ": " in text else text
    if isinstance(exc, TruncatedBody):
        return f"truncated body ({reason})"
    return reason
