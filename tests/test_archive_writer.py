"""The run's WARC files: rotation, completion by rename, recovery of a killed run's part."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest
from warcio.archiveiterator import ArchiveIterator

from newscrawl.archive.files import Exchange, RunWarcWriter, recover_parts
from newscrawl.demo.server import serve
from newscrawl.demo.site import Site

if TYPE_CHECKING:
    from pathlib import Path


def exchange(i: int, size: int = 2000) -> Exchange:
    return Exchange(
        url=f"http://news.example/{i}",
        method="GET",
        request_headers=[("User-Agent", "test")],
        request_body=b"",
        status=200,
        reason="OK",
        protocol="HTTP/1.1",
        response_headers=[("Content-Type", "text/html")],
        body=os.urandom(size // 2).hex().encode(),
        fetched=dt.datetime(2026, 12, 6, tzinfo=dt.UTC),
    )


def read_at(path: Path, offset: int, length: int):
    with path.open("rb") as file:
        file.seek(offset)
        data = file.read(length)
    return [(r.rec_headers, r.content_stream().read()) for r in ArchiveIterator(io.BytesIO(data))]


def test_writer_rotates_at_max_size_and_each_pointer_reads_back_its_record(tmp_path):
    writer = RunWarcWriter(tmp_path, "run", 4_000, {"newscrawl-site": "x"})
    written = [writer.write(exchange(i)) for i in range(12)]
    assert list(tmp_path.glob("*.part"))
    writer.close()
    assert not list(tmp_path.glob("*.part"))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names[0] == "run-001.warc.gz"
    assert "run.warc.gz" in names
    assert len(names) >= 3
    for pointer in written:
        ((headers, _),) = read_at(tmp_path / pointer.file, pointer.offset, pointer.length)
        assert headers.get_header("WARC-Record-ID") == pointer.record_id
    for name in names:  # every file opens with its warcinfo
        with (tmp_path / name).open("rb") as file:
            assert next(iter(ArchiveIterator(file))).rec_type == "warcinfo"


def test_writer_that_wrote_nothing_leaves_no_file(tmp_path):
    RunWarcWriter(tmp_path, "run", 10_000, {}).close()
    assert list(tmp_path.iterdir()) == []


def test_recovery_cuts_a_torn_last_record_and_completes_the_part(tmp_path):
    writer = RunWarcWriter(tmp_path, "run", 1 << 30, {})
    pointers = [writer.write(exchange(i)) for i in range(3)]
    part = tmp_path / "run.warc.gz.part"
    size = part.stat().st_size
    assert recover_parts(tmp_path) == []  # a live writer holds its part: left alone
    writer._file.close()  # the process dies: its lock goes, its part stays (torn below)
    with part.open("ab") as file:
        file.write(b"\x1f\x8b\x08\x00half a member")
    assert recover_parts(tmp_path) == ["run.warc.gz"]
    final = tmp_path / "run.warc.gz"
    assert final.stat().st_size == size
    for pointer in pointers:
        assert read_at(final, pointer.offset, pointer.length)[0][1]


@pytest.mark.slow
def test_killed_warc_crawl_loses_and_repeats_nothing(tmp_path):
    """SIGKILL a --warc run once articles are written; the next run recovers its JSONL and
    WARC parts, and every exported article (of both runs) points at a record holding its page."""
    site = Site(theme="modern", n_articles=24)
    out = tmp_path / "out"
    with serve(site) as server:

        def command(run: str, *extra: str) -> list[str]:
            return [sys.executable, "-m", "newscrawl.cli.crawl", server.url, "--warc",
                    "--state-dir", str(tmp_path / "state"), "--out", str(out), "--run-id", run,
                    "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "NEWSCRAWL_POOL_ENABLED=False",
                    *extra]  # fmt: skip

        slow = ["-s", "DOWNLOAD_DELAY=0.05", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]
        proc = subprocess.Popen(command("run01", *slow), cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        part = out / "127.0.0.1" / "run01.jsonl.part"
        deadline = time.monotonic() + 120
        try:
            while not (part.exists() and part.stat().st_size >= 6000):
                assert proc.poll() is None, "run ended before writing"
                assert time.monotonic() < deadline, "no articles written"
                time.sleep(0.02)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        assert (out / "127.0.0.1" / "run01.warc.gz.part").exists()
        second = subprocess.run(command("run02", "-s", "DOWNLOAD_DELAY=0"), cwd=tmp_path,
                                capture_output=True, text=True, timeout=180)  # fmt: skip
        assert second.returncode == 0, second.stderr[-3000:]
    site_dir = out / "127.0.0.1"
    assert not list(site_dir.glob("*.part"))
    assert {p.name for p in site_dir.glob("*.warc.gz")} == {"run01.warc.gz", "run02.warc.gz"}
    lines = [json.loads(line) for path in sorted(site_dir.glob("*.jsonl"))
             for line in path.read_text("utf-8").splitlines()]  # fmt: skip
    ids = [line["id"] for line in lines]
    assert len(ids) == len(set(ids)), "repeated"
    exported = {line["canonical_url"] for line in lines}
    for article in site.articles:
        assert article.urls(server.url) & exported, f"lost {article.url_path}"
    assert {line["warc"]["file"] for line in lines} == {"run01.warc.gz", "run02.warc.gz"}
    for line in lines:
        pointer = line["warc"]
        ((headers, body),) = read_at(site_dir / pointer["file"], pointer["offset"],
                                     pointer["length"])  # fmt: skip
        assert headers.get_header("WARC-Target-URI") == line["url"]
        assert body == site.get(line["url"][len(server.url) - 1 :], server.url).body
