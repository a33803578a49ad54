"""The preview's web server: the standard library's threaded HTTP server on 127.0.0.1 only.

One officer, one browser, four routes: ``http.server`` is enough and adds no dependency. An ASGI
stack (starlette with uvicorn) would add three packages (starlette, uvicorn, h11) and import in
0.11 s against the standard library's 0.03 s (measured 30 Nov 2026, load 2.3), for routing and
async that a loopback preview with one waiting request per open page does not need.

What a web server on a laptop must refuse, it refuses:

- it listens on 127.0.0.1, never on a network interface;
- a request whose ``Host`` is not ``127.0.0.1:PORT`` or ``localhost:PORT`` gets 403: a web site
  whose name an attacker points at 127.0.0.1 (DNS rebinding) cannot read the report, and neither
  can a request from another site's script (its ``Origin`` is not the preview's);
- only the preview's routes exist — ``/`` (to the first language), ``/<lang>/`` per language of the
  report, ``/_sitrep/version`` (the reload's long poll); any other path is 404 and no file is ever
  read from a path in a URL;
- GET and HEAD only (405 for the others);
- every answer says ``Cache-Control: no-store`` and ``X-Content-Type-Options: nosniff``; pages
  carry the Content-Security-Policy of :mod:`sitrep.preview.page` (no request outside the preview).
"""

from __future__ import annotations

import socketserver
import sys
from collections import deque
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import cast
from urllib.parse import parse_qs

from sitrep.preview.page import CSP, VERSION_PATH, findings_page, preview_page
from sitrep.preview.state import Rebuilds

__all__ = ["HOST", "PreviewServer"]

HOST = "127.0.0.1"
POLL_SECONDS = 25.0
"""How long a reload request waits for a new version before answering the same one (browsers and
proxies keep a request open for at least this long)."""


class PreviewServer(ThreadingHTTPServer):
    """The HTTP server of one preview, bound to 127.0.0.1:``port`` (0: any free port).

    Raises:
        OSError: the port is taken (``errno.EADDRINUSE``) or not allowed.
    """

    daemon_threads = True  # a reload request that is waiting never holds up Ctrl-C
    # SO_REUSEADDR lets a restarted preview take its port back at once on Linux and macOS; on
    # Windows it would let two servers share the port, so it stays off there.
    allow_reuse_address = sys.platform != "win32"

    def __init__(self, rebuilds: Rebuilds, port: int, *, poll_seconds: float = POLL_SECONDS) -> None:
        self.rebuilds = rebuilds
        self.poll_seconds = poll_seconds
        super().__init__((HOST, port), _Handler)
        self.hosts = {f"{HOST}:{self.port}", f"localhost:{self.port}"}
        self.polls: deque[str] = deque(maxlen=64)
        """The versions the latest reload requests came from: the open pages' script at work."""

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host's name up (socket.getfqdn), which can stall on a
        # machine without network; the preview's name is its address.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = HOST, self.port

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that closed its tab while a reload request waited is no error; anything else
        is one line on the console, not the standard library's traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        print(f"sitrep serve: a request failed: {type(exc).__name__}: {exc}", file=sys.stderr)

    @property
    def port(self) -> int:
        """The port listened on (the one chosen when 0 was asked)."""
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        return f"http://{HOST}:{self.port}/"


class _Handler(BaseHTTPRequestHandler):
    server_version = "sitrep-preview"
    sys_version = ""

    @property
    def preview(self) -> PreviewServer:
        return cast(PreviewServer, self.server)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the standard library's name)
        """Quiet: the console has one line per rebuild, not one per request."""

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _refuse_method(self) -> None:
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"The preview only answers GET and HEAD.\n",
                   extra={"Allow": "GET, HEAD"}, body=self.command != "HEAD")

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse_method

    def _answer(self, *, body: bool) -> None:
        origin = self.headers.get("Origin")  # sent by a script's request: another site's scripts get nothing
        if self.headers.get("Host", "").lower() not in self.preview.hosts or (
                origin is not None and origin.lower().removeprefix("http://") not in self.preview.hosts):
            self._send(HTTPStatus.FORBIDDEN, b"This preview answers only http://127.0.0.1:PORT/ "
                                             b"and http://localhost:PORT/.\n", body=body)
            return
        path, _, query = self.path.partition("?")  # the raw target: "//host/x" and "http://x" are no route
        snap = self.preview.rebuilds.current
        if path == VERSION_PATH:
            since = parse_qs(query).get("since", [""])[0]
            self.preview.polls.append(since)
            version = self.preview.rebuilds.wait(since, self.preview.poll_seconds) if body else snap.version
            self._send(HTTPStatus.OK, version.encode("ascii"), body=body)
            return
        if path == "/":
            if snap.languages:
                self._send(HTTPStatus.FOUND, b"", extra={"Location": f"/{snap.languages[0]}/"}, body=body)
            else:  # report.toml unreadable from the start: its findings are the page
                self._page(findings_page(snap, None), body=body)
            return
        language = path.strip("/")
        if language in snap.languages and path == f"/{language}/":
            report = snap.pages.get(language)
            self._page(preview_page(report, snap, language) if report else findings_page(snap, language), body=body)
        elif language in snap.languages and path == f"/{language}":
            self._send(HTTPStatus.MOVED_PERMANENTLY, b"", extra={"Location": f"/{language}/"}, body=body)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"Not a page of this preview: open / for the report.\n", body=body)

    def _page(self, page: bytes, *, body: bool) -> None:
        self._send(HTTPStatus.OK, page, content_type="text/html; charset=utf-8",
                   extra={"Content-Security-Policy": CSP}, body=body)

    def _send(self, status: HTTPStatus, data: bytes, *, content_type: str = "text/plain; charset=utf-8",
              extra: dict[str, str] | None = None, body: bool) -> None:
        self.send_response(status)
        headers = {"Content-Type": content_type, "Content-Length": str(len(data)), "Cache-Control": "no-store",
                   "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                   "Cross-Origin-Resource-Policy": "same-origin", "X-Frame-Options": "DENY", **(extra or {})}
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)
