"""Serve a demo `Site` over HTTP on the loopback interface, in a background thread.

    with serve(Site()) as server:
        urllib.request.urlopen(server.url + "robots.txt")
        server.request_log   # ["/robots.txt"]

Command line (prints the URL, serves until interrupted):

    python -m newscrawl.demo.server --theme sahifa --articles 40 --port 0
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import ipaddress
import logging
import signal
import socket
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Self

from newscrawl.demo.site import Site
from newscrawl.demo.themes import THEMES

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType, TracebackType

    from newscrawl.demo.model import Page

logger = logging.getLogger(__name__)

_COMPRESSIBLE = ("text/", "application/xml", "application/rss+xml", "application/javascript")


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request the server answered."""

    method: str
    path: str
    status: int
    user_agent: str


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], owner: SiteServer) -> None:
        self.owner = owner
        super().__init__(address, _Handler)


class _HTTPServer6(_HTTPServer):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx/1.24.0"
    sys_version = ""

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self._send(405, "text/plain; charset=UTF-8", b"method not allowed\n", {}, head=False)
        self._owner().record(RequestRecord("POST", self.path, 405, self._ua()))

    def _owner(self) -> SiteServer:
        server = self.server
        assert isinstance(server, _HTTPServer)
        return server.owner

    def _ua(self) -> str:
        return self.headers.get("User-Agent", "")

    def _respond(self, *, head: bool) -> None:
        owner = self._owner()
        path = self.path
        if path.startswith(("http://", "https://")):  # absolute-form request target
            path = "/" + path.split("/", 3)[3] if path.count("/") >= 3 else "/"
        page: Page | None
        try:
            page = owner.site.get(path, base_url=owner.url)
            if page is None:
                page = owner.site.not_found(base_url=owner.url)
        except Exception:
            logger.exception("demo site failed on %s", path)
            self._send(500, "text/plain; charset=UTF-8", b"internal error\n", {}, head=head)
            owner.record(RequestRecord(self.command, path, 500, self._ua()))
            return
        headers = dict(page.headers)
        status = page.status
        body = page.body
        if status == 200:
            headers.setdefault("ETag", f'"{hashlib.sha1(body).hexdigest()[:16]}"')  # as nginx
        if status == 200 and self._not_modified(headers):
            status, body = 304, b""
        elif (
            owner.gzip
            and "gzip" in self.headers.get("Accept-Encoding", "")
            and len(body) > 512
            and page.content_type.startswith(_COMPRESSIBLE)
        ):
            body = gzip.compress(body, compresslevel=5, mtime=0)
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        owner.record(RequestRecord(self.command, path, status, self._ua()))
        self._send(status, page.content_type, body, headers, head=head)

    def _not_modified(self, headers: dict[str, str]) -> bool:
        """Say whether the request's validators match the response's (RFC 9110 13.1)."""
        match = self.headers.get("If-None-Match")
        if match is not None:  # If-Modified-Since is ignored then
            return headers["ETag"] in {tag.strip() for tag in match.split(",")} or match == "*"
        since = self.headers.get("If-Modified-Since")
        return bool(since) and since == headers.get("Last-Modified")

    def _send(
        self, status: int, content_type: str, body: bytes, headers: dict[str, str], *, head: bool
    ) -> None:
        try:
            self.send_response(status)
            if status != 304:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if not head and body:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: requests are recorded in `SiteServer.request_log`."""


def _check_loopback(host: str) -> None:
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"the demo server binds only to loopback addresses, not {host!r}")


class SiteServer:
    """A running demo site server; stop it with `stop()` or by leaving the `with` block.

    `url` is the base URL (``http://127.0.0.1:PORT/``). `request_log` lists the path (with
    query) of every request answered, in order; `requests` holds method, status and
    user agent as well. Both are appended under a lock; read them after the requests of interest
    have completed.
    """

    def __init__(self, site: Site, host: str = "127.0.0.1", port: int = 0, *, gzip: bool = False):
        _check_loopback(host)
        self.site = site
        self.gzip = gzip
        bind_host = "127.0.0.1" if host == "localhost" else host
        server_class = _HTTPServer6 if ":" in bind_host else _HTTPServer
        self._httpd = server_class((bind_host, port), self)
        self.host = bind_host
        self.port: int = self._httpd.server_address[1]
        shown = f"[{bind_host}]" if ":" in bind_host else bind_host
        self.url = f"http://{shown}:{self.port}/"
        self.request_log: list[str] = []
        self.requests: list[RequestRecord] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"demo-site-{self.port}",
            daemon=True,
        )
        self._thread.start()

    def record(self, request: RequestRecord) -> None:
        """Append one answered request to the logs."""
        with self._lock:
            self.request_log.append(request.path)
            self.requests.append(request)

    def clear_log(self) -> None:
        """Forget the requests logged so far."""
        with self._lock:
            self.request_log.clear()
            self.requests.clear()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve(site: Site, host: str = "127.0.0.1", port: int = 0, *, gzip: bool = False) -> SiteServer:
    """Start serving `site` on `host`:`port` (0: a free port) and return the running server.

    Raise ValueError for a host that is not a loopback address.
    """
    return SiteServer(site, host, port, gzip=gzip)


def main(argv: list[str] | None = None) -> int:
    """Serve a demo site until interrupted; print its URL first."""
    parser = argparse.ArgumentParser(
        prog="python -m newscrawl.demo.server", description="Serve a demo news site."
    )
    parser.add_argument("--theme", choices=THEMES, default="sahifa")
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--page-kb", type=int, default=None)
    parser.add_argument("--sitemap-size", type=int, default=25)
    parser.add_argument("--traps", action="store_true", help="add an endless calendar etc.")
    parser.add_argument("--gzip", action="store_true", help="compress when the client accepts")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    site = Site(
        theme=args.theme,
        n_articles=args.articles,
        seed=args.seed,
        page_kb=args.page_kb,
        sitemap_size=args.sitemap_size,
        traps=args.traps,
    )
    try:
        server = serve(site, args.host, args.port, gzip=args.gzip)
    except ValueError as exc:
        parser.error(str(exc))
    serve_until_stopped(server, lambda: print(server.url, flush=True))
    return 0


def serve_until_stopped(server: SiteServer, announce: Callable[[], None]) -> None:
    """Keep `server` running until SIGINT or SIGTERM, then stop it.

    `announce` (printing the URL) runs once SIGTERM is handled: whoever reads the URL may
    stop the server at once, and it then stops cleanly.
    """
    stop = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    try:
        announce()
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
