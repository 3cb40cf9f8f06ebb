"""``newscrawl import`` of a WARC file written by a tool nobody here wrote: Debian's wget.

``wget --mirror --warc-file`` of the demo site (WARC/1.0, with its own ``metadata`` and
``resource`` records, and every page wget followed), imported: every article exactly once,
and once only across two imports sharing the run state.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest
from crawling import assert_each_article_once
from test_archive_crawl import newscrawl
from warcs import write_warc

from newscrawl.demo.server import serve
from newscrawl.demo.site import Site

if TYPE_CHECKING:
    from pathlib import Path


def lines_of(site_dir: Path) -> list[dict]:
    return [
        json.loads(line)
        for path in sorted(site_dir.glob("*.jsonl"))
        for line in path.read_text("utf-8").splitlines()
    ]


@pytest.fixture(scope="module")
def wget_mirror(tmp_path_factory):
    assert shutil.which("wget"), "wget is not installed (scripts/test.sh installs it)"
    tmp = tmp_path_factory.mktemp("wget")
    site = Site(theme="sahifa", n_articles=12)
    with serve(site) as server:
        proc = subprocess.run(
            ["wget", "-q", "--mirror", "--warc-file=mirror", "-e", "robots=off", "-P", "site",
             server.url],
            cwd=tmp, capture_output=True, timeout=120,
        )  # fmt: skip
    assert proc.returncode in (0, 8), proc.stderr  # 8: some links answered 404
    return site, server.url, tmp


def test_import_of_a_wget_warc_exports_every_article_exactly_once(wget_mirror):
    site, base, tmp = wget_mirror
    args = ["--out", str(tmp / "out"), "--state-dir", str(tmp / "state"), "--host", "127.0.0.1"]
    first = newscrawl("import", str(tmp / "mirror.warc.gz"), *args, "--run-id", "i1", cwd=tmp)
    assert first.returncode == 0, first.stderr[-3000:]
    site_dir = tmp / "out" / "127.0.0.1"
    lines = lines_of(site_dir)
    assert_each_article_once(site, base, (line["canonical_url"] for line in lines))
    assert all(line["warc"]["file"] == "mirror.warc.gz" for line in lines)
    manifest = json.loads((site_dir / "i1.manifest.json").read_text())
    assert manifest["articles"]["exported"] == len(lines)
    # the same archive again: the run state knows every article, nothing comes out twice
    second = newscrawl("import", str(tmp / "mirror.warc.gz"), *args, "--run-id", "i2", cwd=tmp)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "import: 0 articles exported" in second.stdout
    assert len(lines_of(site_dir)) == len(lines)
    assert not list(site_dir.glob("*.part"))


def test_import_filters_by_url_pattern_and_language(wget_mirror):
    _, _, tmp = wget_mirror
    out = tmp / "filtered"
    proc = newscrawl(
        "import", str(tmp / "mirror.warc.gz"), "--out", str(out), "--state-dir",
        str(tmp / "state2"), "--url-pattern", "/nothing-matches-this/", cwd=tmp,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "import: 0 articles exported" in proc.stdout
    proc = newscrawl(
        "import", str(tmp / "mirror.warc.gz"), "--out", str(out), "--state-dir",
        str(tmp / "state2"), "--language", "ar", cwd=tmp,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "import: 0 articles exported" in proc.stdout


def test_import_into_a_redis_state_exports_each_article_once_across_machines(
    wget_mirror, redis_url
):
    """Two machines import the same archive into one Redis state: the second exports nothing."""
    site, base, tmp = wget_mirror
    outs = [tmp / "redis-a", tmp / "redis-b"]
    for i, out in enumerate(outs):
        proc = newscrawl(
            "import", str(tmp / "mirror.warc.gz"), "--out", str(out), "--redis", redis_url,
            "--host", "127.0.0.1", "--run-id", f"m{i}", cwd=tmp,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-3000:]
    first, second = (lines_of(out / "127.0.0.1") for out in outs)
    assert_each_article_once(site, base, (line["canonical_url"] for line in first))
    assert second == []


def test_canonical_page_after_a_variant_that_is_no_article_is_still_extracted(tmp_path):
    """A CC-NEWS file may hold ``?p=1&print=1`` before ``?p=1``: the article is not lost.

    Here each print URL holds a stub that is no article: were the later canonical page skipped
    as a variant of a URL read already, its article would be missing.
    """
    site = Site(theme="sahifa", n_articles=12)
    base = "http://news.example/"
    articles = [a for a in site.articles if len(a.urls(base)) == 1][:6]
    stub = b"<html><head><title>Print</title></head><body><p>Printing...</p></body></html>"
    rels = [r for a in articles for r in ((f"{a.url_path}&print=1", stub), a.url_path)]
    warc = write_warc(tmp_path / "variants.warc.gz", site, base, rels)
    proc = newscrawl(
        "import", str(warc), "--out", str(tmp_path / "out"), "--state-dir",
        str(tmp_path / "state"), "--run-id", "v", cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = lines_of(tmp_path / "out" / "import")
    assert sorted(line["url"] for line in lines) == sorted(
        base.rstrip("/") + a.url_path for a in articles
    )
