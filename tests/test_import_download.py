"""``newscrawl import URL``: a remote WARC file whose connection drops is resumed, not lost.

A real HTTP server on 127.0.0.1 cuts the first response after some bytes (with the whole
length announced), then honours ``Range`` or, like some servers, ignores it.
"""

from __future__ import annotations

import contextlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import pytest
from crawling import assert_each_article_once
from test_archive_crawl import newscrawl
from warcs import write_warc

from newscrawl.archive.download import fetch_archive
from newscrawl.demo.site import Site

if TYPE_CHECKING:
    from collections.abc import Iterator

BASE = "http://news.example/"
CUT = 5000


class FlakyServer(ThreadingHTTPServer):
    """Serve `data` at any path; cut the first `drops` responses after `CUT` bytes."""

    def __init__(self, data: bytes, *, honour_range: bool, drops: int = 1) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.data = data
        self.honour_range = honour_range
        self.drops = drops
        self.ranges: list[str | None] = []
        self.missing = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/files/news.warc.gz"


class _Handler(BaseHTTPRequestHandler):
    server: FlakyServer

    def do_GET(self) -> None:
        server = self.server
        if server.missing:
            self.send_error(404)
            return
        asked = self.headers.get("Range")
        server.ranges.append(asked)
        start = int(asked.removeprefix("bytes=").split("-")[0]) if asked else 0
        data = server.data
        if asked and server.honour_range:
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            start = 0
            self.send_response(200)
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        body = data[start:]
        if server.drops:
            server.drops -= 1
            body = body[:CUT]
            self.close_connection = True
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def archive(tmp_path):
    site = Site(theme="sahifa", n_articles=12)
    path = write_warc(tmp_path / "news.warc.gz", site, BASE, site.article_paths())
    assert path.stat().st_size > 2 * CUT
    return site, path.read_bytes()


@contextlib.contextmanager
def serving(server: FlakyServer) -> Iterator[FlakyServer]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_import_of_a_url_resumes_a_dropped_download_with_a_range_request(archive, tmp_path):
    site, data = archive
    with serving(FlakyServer(data, honour_range=True)) as server:
        downloads = tmp_path / "downloads"
        proc = newscrawl(
            "import", server.url, "--out", str(tmp_path / "out"), "--state-dir",
            str(tmp_path / "state"), "--downloads", str(downloads), "--run-id", "r", cwd=tmp_path,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert server.ranges == [None, f"bytes={CUT}-"]
    assert (downloads / "news.warc.gz").read_bytes() == data
    assert not list(downloads.glob("*.part"))
    lines = [json.loads(line) for line in (tmp_path / "out/import/r.jsonl").open()]
    assert_each_article_once(site, BASE, (line["canonical_url"] for line in lines))


def test_a_server_that_ignores_range_sends_the_file_again_and_no_byte_is_doubled(
    archive, tmp_path
):
    _, data = archive
    with serving(FlakyServer(data, honour_range=False)) as server:
        path = fetch_archive(server.url, tmp_path / "downloads")
        assert server.ranges == [None, f"bytes={CUT}-"]  # asked to resume, sent all
    assert path.read_bytes() == data


def test_a_part_left_by_an_earlier_run_is_resumed(archive, tmp_path):
    _, data = archive
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    (downloads / "news.warc.gz.part").write_bytes(data[:1234])
    with serving(FlakyServer(data, honour_range=True, drops=0)) as server:
        path = fetch_archive(server.url, downloads)
        assert server.ranges == ["bytes=1234-"]
    assert path.read_bytes() == data


def test_a_missing_remote_file_is_one_line_and_exit_2(archive, tmp_path):
    _, data = archive
    missing = FlakyServer(data, honour_range=True)
    missing.missing = True
    with serving(missing) as server:
        proc = newscrawl(
            "import", server.url, "--out", str(tmp_path / "out"), "--state-dir",
            str(tmp_path / "state"), cwd=tmp_path,
        )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"newscrawl import: error: {server.url}: download failed: HTTP 404"
    ]
