"""WARC archive of a crawl (``newscrawl crawl --warc``), read back with warcio, and re-extracted.

One crawl of the demo site (gzip on, so bodies are archived content-encoded as received) is
shared by the tests of this module; each crawl is a real ``newscrawl crawl`` subprocess.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from crawling import assert_each_article_once
from warcio.archiveiterator import ArchiveIterator

from newscrawl.demo.server import serve
from newscrawl.demo.site import Site
from newscrawl.items import ARTICLE_FIELDS

if TYPE_CHECKING:
    from pathlib import Path

FAST = [
    "-s", "AUTOTHROTTLE_ENABLED=False",
    "-s", "DOWNLOAD_DELAY=0",
    "-s", "NEWSCRAWL_POOL_WORKERS=1",
    "-s", "TELNETCONSOLE_ENABLED=False",
]  # fmt: skip
SITE = "127.0.0.1"


def newscrawl(*args: str, cwd: Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newscrawl", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"},
    )


def records(path: Path) -> list:
    """Return (type, headers, http headers, content) of every record of a WARC file."""
    out = []
    with path.open("rb") as file:
        for record in ArchiveIterator(file):
            content = record.content_stream().read()
            out.append((record.rec_type, record.rec_headers, record.http_headers, content))
    return out


def read_pointer(site_dir: Path, pointer: dict):
    """Read the one record `pointer` names (only its bytes); return the warcio record and body."""
    with (site_dir / pointer["file"]).open("rb") as file:
        file.seek(pointer["offset"])
        data = file.read(pointer["length"])
    found = [(r, r.content_stream().read()) for r in ArchiveIterator(io.BytesIO(data))]
    assert len(found) == 1  # exactly one whole record
    return found[0]


@pytest.fixture(scope="module")
def archived_crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("warc")
    site = Site(theme="sahifa", n_articles=12)
    with serve(site, gzip=True) as server:
        proc = newscrawl(
            "crawl", server.url, "--warc", "--out", str(tmp / "out"),
            "--state-dir", str(tmp / "state"), "--run-id", "run01", *FAST, cwd=tmp,
        )  # fmt: skip
        requested = list(server.requests)
        assert proc.returncode == 0, proc.stderr[-3000:]
        yield site, server.url, tmp, requested


def test_warc_crawl_archives_every_response_and_points_each_article_at_its_page(archived_crawl):
    site, base, tmp, requested = archived_crawl
    site_dir = tmp / "out" / SITE
    assert sorted(p.name for p in site_dir.iterdir() if "warc" in p.name) == ["run01.warc.gz"]
    recs = records(site_dir / "run01.warc.gz")
    assert recs[0][0] == "warcinfo"
    assert all(headers.protocol == "WARC/1.1" for _, headers, _, _ in recs)
    responses = [r for r in recs if r[0] == "response"]
    assert len([r for r in recs if r[0] == "request"]) == len(responses)
    # every response the server sent is archived, once
    served = sorted((r.path, r.status) for r in requested)
    archived = sorted(
        (path_of(h.get_header("WARC-Target-URI")), int(http.get_statuscode()))
        for _, h, http, _ in responses
    )
    assert archived == served
    for _, headers, http, content in responses:
        for name in ("WARC-Target-URI", "WARC-Date", "WARC-Payload-Digest", "WARC-Record-ID"):
            assert headers.get_header(name)
        if http.get_statuscode() == "200" and http.get_header("ETag"):  # sha1 of the page
            assert http.get_header("ETag").strip('"') == hashlib.sha1(content).hexdigest()[:16]
    # bodies were archived as received: compressed, and warcio decodes them
    assert any(http.get_header("Content-Encoding") == "gzip" for _, _, http, _ in responses)

    lines = [
        json.loads(line) for line in (site_dir / "run01.jsonl").read_text("utf-8").splitlines()
    ]
    assert_each_article_once(site, base, (line["canonical_url"] for line in lines))
    for line in lines:
        assert list(line) == [*ARTICLE_FIELDS, "warc"]
        assert set(line["warc"]) == {"file", "offset", "length", "record_id"}
        record, body = read_pointer(site_dir, line["warc"])
        assert record.rec_type == "response"
        assert record.rec_headers.get_header("WARC-Record-ID") == line["warc"]["record_id"]
        assert record.rec_headers.get_header("WARC-Target-URI") == line["url"]
        assert body == site.get(path_of(line["url"]), base).body


def test_reextract_of_the_archive_exports_the_same_articles(archived_crawl):
    _, _, tmp, _ = archived_crawl
    site_dir = tmp / "out" / SITE
    out = tmp / "again.jsonl"
    proc = newscrawl(
        "reextract", str(tmp / "out"), "--out", str(out), "--diff", str(site_dir / "run01.jsonl"),
        *FAST, cwd=tmp,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "0 new, 0 gone, 0 changed" in proc.stdout
    crawl = {line["id"]: line for line in map(json.loads, (site_dir / "run01.jsonl").open())}
    again = {line["id"]: line for line in map(json.loads, out.open())}
    assert again.keys() == crawl.keys()
    for key, line in again.items():
        assert list(line) == [*ARTICLE_FIELDS, "warc"]
        assert line["warc"] == crawl[key]["warc"]
        assert {k: v for k, v in line.items() if k != "fetched_at"} == {
            k: v for k, v in crawl[key].items() if k != "fetched_at"
        }
    assert not list(tmp.glob("*.part"))


def test_reextract_filters_by_fetch_date_and_site(archived_crawl):
    _, _, tmp, _ = archived_crawl
    out = tmp / "none.jsonl"
    proc = newscrawl(
        "reextract", str(tmp / "out"), "--out", str(out), "--until", "2000-01-01", *FAST, cwd=tmp
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert out.read_text() == ""
    proc = newscrawl("reextract", str(tmp / "out"), "--out", str(out), "--site", "nope", cwd=tmp)
    assert proc.returncode == 2
    assert (
        proc.stderr.strip() == "newscrawl reextract: error: --site nope: no archive of this site"
    )


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
