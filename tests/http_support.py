"""A base for the real HTTP servers the E-utilities tests run on 127.0.0.1."""
from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit


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
