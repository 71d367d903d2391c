"""A base for the real HTTP servers the E-utilities tests run on 127.0.0.1."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@contextmanager
def local_server(handler: type[BaseHTTPRequestHandler], **attributes: object) -> Iterator[ThreadingHTTPServer]:
    """A real threaded HTTP server on 127.0.0.1 (a free port) with ``attributes`` set on it, shut down after."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    for name, value in attributes.items():
        setattr(server, name, value)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def eutils_url(server: ThreadingHTTPServer) -> str:
    """The E-utilities base URL the client is pointed at."""
    return f"http://127.0.0.1:{server.server_address[1]}/entrez/eutils/"


class QueryHandler(BaseHTTPRequestHandler):
    """Quiet HTTP/1.1 handler that passes the GET query or POST form (and URL query) to ``_answer``."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._answer(parse_qs(urlsplit(self.path).query))

    def do_POST(self) -> None:
        form = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        self._answer({**parse_qs(urlsplit(self.path).query), **parse_qs(form)})

    def _answer(self, params: dict[str, list[str]]) -> None:
        raise NotImplementedError
