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

from newscrawl.demo.server import serve
from newscrawl.demo.site import build_site

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
    site = build_site(theme="sahifa", n_articles=12)
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
