"""Bad archives: counted, skipped, one line each, never a crash (and exit 2 for non-WARCs)."""

from __future__ import annotations

import gzip
import io
import re
from collections import Counter
from typing import TYPE_CHECKING

import pytest
from test_archive_crawl import newscrawl
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.archive.reader import (
    ArchiveError,
    RecordFilter,
    archive_files,
    check_archive,
    read_response,
    scan,
)
from newscrawl.demo.site import Site

if TYPE_CHECKING:
    from pathlib import Path

SITE = Site(theme="sahifa", n_articles=6)
BASE = "http://news.example/"
HTML = [("Content-Type", "text/html; charset=utf-8")]


def article_pages() -> list[tuple[str, bytes]]:
    return [(BASE + p.lstrip("/"), SITE.get(p, BASE).body) for p in SITE.article_paths()[:6]]


def write_warc(path: Path, records: list[tuple], *, version: str = "1.1", gz: bool = True):
    """Write (type, url, http headers or None, body[, warc headers]) records to `path`."""
    with path.open("wb") as file:
        writer = WARCWriter(file, gzip=gz, warc_version=version)
        for kind, url, headers, body, *extra in records:
            http = None
            if headers is not None:
                status = "GET / HTTP/1.1" if kind == "request" else "200 OK"
                http = StatusAndHeaders(
                    status, headers, protocol="HTTP/1.1", is_http_request=kind == "request"
                )
            record = writer.create_warc_record(
                url,
                kind,
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict=extra[0] if extra else None,
            )
            writer.write_record(record)
    return path


def responses(n: int = 3) -> list[tuple]:
    return [("response", url, HTML, body) for url, body in article_pages()[:n]]


def scanned(path: Path, **accept) -> tuple[list, Counter]:
    counts: Counter[str] = Counter()
    refs = list(scan(path, RecordFilter(**accept), counts))
    for ref in refs:
        assert read_response(ref.path, ref.offset, 1 << 24).body
    return refs, counts


def test_truncated_gzip_member_at_the_end_is_counted_and_the_rest_read(tmp_path, caplog):
    path = write_warc(tmp_path / "a.warc.gz", responses(3))
    path.write_bytes(path.read_bytes()[:-200])
    refs, counts = scanned(path)
    assert len(refs) == 2
    assert counts["errors/truncated"] == 1
    (message,) = [r.getMessage() for r in caplog.records]
    assert message.startswith(f"{path}: ")
    assert "truncated" in message


def test_corrupt_gzip_member_in_the_middle_is_skipped_and_reading_goes_on(tmp_path, caplog):
    path = write_warc(tmp_path / "a.warc.gz", responses(3))
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\0garbage" * 30 + data[100:])
    refs, counts = scanned(path)
    assert len(refs) == 2
    assert counts["errors/corrupt"] == 1
    (message,) = [r.getMessage() for r in caplog.records]
    # The garbage sits inside the first gzip member; depending on the random record ids,
    # zlib fails either at once (byte 0) or after inflating a garbled first record.
    failed_at, read_on = map(
        int, re.search(r"corrupt record at byte (\d+) .*read on at byte (\d+)", message).groups()
    )
    second_member = path.read_bytes().find(b"\x1f\x8b\x08", 1)
    assert failed_at < second_member == read_on


def test_truncated_uncompressed_record_is_counted(tmp_path):
    path = write_warc(tmp_path / "a.warc", responses(2), gz=False)
    path.write_bytes(path.read_bytes()[:-300])
    refs, counts = scanned(path)
    assert len(refs) == 1
    assert counts["errors/truncated"] == 1


def test_non_http_revisit_metadata_and_resource_records_are_skipped_and_counted(tmp_path):
    url, body = article_pages()[0]
    records = [
        ("warcinfo", "", None, b"software: test\r\n"),
        ("response", "dns:news.example", None, b"20261206 news.example. 60 IN A 1.2.3.4\n",
         {"Content-Type": "text/dns"}),
        ("request", url, [("Host", "news.example")], b""),
        ("response", url, HTML, body),
        ("revisit", url, None, b"",
         {"WARC-Profile": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"}),
        ("metadata", url, None, b"outlinks: none\n", {"Content-Type": "application/warc-fields"}),
        ("resource", "http://news.example/log.txt", None, b"a log\n",
         {"Content-Type": "text/plain"}),
        ("response", BASE + "feed.xml", [("Content-Type", "application/rss+xml")], b"<rss/>"),
    ]  # fmt: skip
    path = write_warc(tmp_path / "a.warc.gz", records)
    refs, counts = scanned(path)
    assert [ref.url for ref in refs] == [url]
    assert counts == Counter({
        "records": 8, "responses": 1, "skipped/warcinfo": 1, "skipped/not_http": 1,
        "skipped/request": 1, "skipped/revisit": 1, "skipped/metadata": 1,
        "skipped/resource": 1, "skipped/not_html": 1,
    })  # fmt: skip


def test_huge_records_are_skipped_by_size(tmp_path):
    pages = responses(2)
    pages.append(("response", BASE + "huge", HTML, b"<html>" + b"x" * 300_000))
    path = write_warc(tmp_path / "a.warc.gz", pages)
    refs, counts = scanned(path, max_record_size=200_000)
    assert len(refs) == 2
    assert counts["skipped/too_large"] == 1


def test_warc_1_0_is_read(tmp_path):
    path = write_warc(tmp_path / "a.warc", responses(2), version="1.0", gz=False)
    check_archive(path)
    refs, _ = scanned(path)
    assert len(refs) == 2


def test_arc_file_is_refused_clearly(tmp_path):
    arc = tmp_path / "old.arc.gz"
    arc.write_bytes(gzip.compress(b"filedesc://old.arc 0.0.0.0 20050614070144 text/plain 77\n"))
    with pytest.raises(ArchiveError, match=r"an ARC file \(the format before WARC\)"):
        check_archive(arc)


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"<html><body>hello</body></html>", "it starts with b'<html><body>hell'"),
        (b"", "an empty file"),
        (gzip.compress(b"just some text\n"), "it starts with b'just some text\\n'"),
        (b"\x1f\x8b\x08\x00garbage", "a corrupt gzip stream"),
    ],
)
def test_not_a_warc_is_refused(tmp_path, content, what):
    path = tmp_path / "x.warc.gz"
    path.write_bytes(content)
    with pytest.raises(ArchiveError) as info:
        check_archive(path)
    assert str(info.value) == f"{path}: not a WARC file ({what})"


def test_directory_without_warc_is_refused(tmp_path):
    with pytest.raises(ArchiveError, match="no WARC file"):
        archive_files([str(tmp_path)])


def test_import_of_bad_archives_counts_skips_and_goes_on(tmp_path):
    """One import over every kind of bad record: exit 0, one warning line each, no traceback."""
    pages = article_pages()
    archives = tmp_path / "in"
    archives.mkdir()
    good = write_warc(archives / "1-good.warc.gz", responses(2))
    cut_pages = [("response", pages[i][0], HTML, pages[i][1]) for i in (2, 3)]
    cut = write_warc(archives / "2-cut.warc.gz", cut_pages)
    cut.write_bytes(cut.read_bytes()[:-150])
    odd = [
        # bodies in encodings nobody knows: a charset and a content coding
        ("response", pages[4][0], [("Content-Type", "text/html; charset=x-klingon")], pages[4][1]),
        ("response", pages[5][0], [*HTML, ("Content-Encoding", "x-squash")], pages[5][1]),
        ("response", BASE + "gz-lie", [*HTML, ("Content-Encoding", "gzip")], b"not gzip at all"),
        ("revisit", pages[0][0], None, b""),
    ]
    write_warc(archives / "3-odd.warc", odd, version="1.0", gz=False)
    proc = newscrawl(
        "import", str(archives), "--out", str(tmp_path / "out"), "--state-dir",
        str(tmp_path / "state"), "--host", "news.example", "-s", "NEWSCRAWL_POOL_WORKERS=1",
        cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert good.exists()
    assert "2-cut.warc.gz: " in proc.stderr
    summary = proc.stdout.strip().splitlines()[-1]
    # 2 good + 1 before the cut + the odd charset and content coding (read as they are)
    assert summary.startswith("import: 5 articles exported from 8 records"), summary


def test_import_refuses_an_arc_file_and_a_non_warc_with_exit_2(tmp_path):
    arc = tmp_path / "old.arc.gz"
    arc.write_bytes(gzip.compress(b"filedesc://old.arc 0.0.0.0 20050614070144 text/plain 77\n"))
    page = tmp_path / "page.html"
    page.write_bytes(b"<html></html>")
    for path, line in (
        (arc, f"{arc}: an ARC file (the format before WARC), not read here: convert it to "
              "WARC first (e.g. `warcio recompress` or JWAT's arc2warc)"),
        (page, f"{page}: not a WARC file (it starts with b'<html></html>')"),
    ):  # fmt: skip
        proc = newscrawl("import", str(path), "--out", str(tmp_path / "o"), cwd=tmp_path)
        assert proc.returncode == 2
        assert proc.stderr.strip() == f"newscrawl import: error: {line}"
