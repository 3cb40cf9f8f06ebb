"""End-to-end crawls of the synthetic news sites, as a new user would run them.

Each crawl is a real ``scrapy crawl news`` subprocess against a site served on 127.0.0.1;
the JSONL it writes is compared with the site's ground truth.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from crawling import assert_each_article_once

from newscrawl.demo.server import serve
from newscrawl.demo.site import Site
from newscrawl.items import ARTICLE_FIELDS

ROOT = Path(__file__).resolve().parents[1]
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO"]


def run_crawl(tmp_path: Path, *args: str, timeout: int = 240) -> tuple[list[dict], dict, str]:
    """Run `scrapy crawl news ARGS -O out.jsonl`; return the lines, the final stats and the log."""
    out = tmp_path / "out.jsonl"
    cmd = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "news",
        *args,
        *FAST,
        "-O",
        str(out),
    ]
    proc = subprocess.run(
        cmd,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return lines, dumped_stats(proc.stderr), proc.stderr


def dumped_stats(log: str) -> dict[str, int]:
    """Return the integer stats of the "Dumping Scrapy stats" block of a crawl log."""
    block = log.rsplit("Dumping Scrapy stats:", 1)[-1]
    return {k: int(v) for k, v in re.findall(r"'([^']+)': (\d+)[,}]", block)}


@pytest.fixture(scope="module")
def sahifa_crawl(tmp_path_factory):
    site = Site(theme="sahifa", n_articles=30)
    tmp = tmp_path_factory.mktemp("sahifa")
    with serve(site) as server:
        lines, stats, log = run_crawl(tmp, "-a", f"url={server.url}")
        requested = list(server.request_log)
    return site, server.url, lines, stats, log, requested


def _by_url(lines):
    return {line["canonical_url"]: line for line in lines}


def test_generic_crawl_exports_every_article_exactly_once(sahifa_crawl):
    site, base, lines, _, _, _ = sahifa_crawl
    assert_each_article_once(site, base, (line["canonical_url"] for line in lines))
    assert len({line["id"] for line in lines}) == len(lines)


def test_generic_crawl_exports_no_listing_print_tracking_or_syndicated_page(sahifa_crawl):
    site, base, lines, _, _, _ = sahifa_crawl
    copies = {p for a in site.articles for p in a.duplicate_paths}
    forbidden = {base.rstrip("/") + path for path in set(site.non_article_paths()) - copies}
    assert not forbidden & {line["url"] for line in lines}
    assert not forbidden & {line["canonical_url"] for line in lines}


def test_every_line_carries_every_contract_key_in_order(sahifa_crawl):
    _, _, lines, _, _, _ = sahifa_crawl
    for line in lines:
        assert list(line) == list(ARTICLE_FIELDS)


def test_bodies_titles_and_dates_match_the_ground_truth(sahifa_crawl):
    site, base, lines, _, _, _ = sahifa_crawl
    exported = _by_url(lines)
    for article in site.articles:
        line = exported.get(article.url(base))
        if line is None:  # its syndicated copy came first (checked above)
            continue
        assert line["title"] == article.title
        assert line["body"] == article.body
        assert line["published"] == article.published
        assert line["dateline"] == article.dateline
        assert "Check Also" not in line["body"]
        assert line["language"] == "en"


def test_duplicates_are_dropped_and_counted(sahifa_crawl):
    _, _, _, stats, _, _ = sahifa_crawl
    dropped = sum(v for k, v in stats.items() if k.startswith("newscrawl/dedup/dropped/"))
    assert dropped >= 1, stats


@pytest.fixture(scope="module")
def modern_crawl(tmp_path_factory):
    site = Site(theme="modern", n_articles=25, seed=7)
    tmp = tmp_path_factory.mktemp("modern")
    with serve(site) as server:
        lines, stats, _ = run_crawl(tmp, "-a", f"url={server.url}")
    return site, server.url, lines, stats


def test_unseen_modern_wordpress_site_without_profile(modern_crawl):
    site, base, lines, _ = modern_crawl
    assert_each_article_once(site, base, (line["canonical_url"] for line in lines))
    copies = {p for a in site.articles for p in a.duplicate_paths}
    forbidden = {base.rstrip("/") + path for path in set(site.non_article_paths()) - copies}
    assert not forbidden & {line["url"] for line in lines}
    exported = _by_url(lines)
    for article in site.articles:
        line = exported.get(article.url(base))
        if line is None:
            continue
        assert line["title"] == article.title
        assert line["published"] == article.published
        assert line["body"] == article.body


def test_sana_profile_on_a_local_archive_mirror(tmp_path):
    profile_text = (ROOT / "newscrawl" / "sites" / "sana.yaml").read_text(encoding="utf-8")
    profile = tmp_path / "sana-local.yaml"
    profile.write_text(profile_text.replace("crawl_delay: 5", "crawl_delay: 0"), encoding="utf-8")
    site = Site(theme="sahifa", n_articles=12, seed=3)
    with serve(site) as server:
        lines, _, _ = run_crawl(tmp_path, "-a", f"site={profile}", "-a", f"url={server.url}")
    assert_each_article_once(site, server.url, (line["canonical_url"] for line in lines))
    assert {line["site"] for line in lines} == {"sana"}
    assert all(line["sources"].get("title") == "profile" for line in lines)
    exported = _by_url(lines)
    for article in site.articles:
        line = exported.get(article.url(server.url))
        if line is None:
            continue
        assert line["body"] == article.body
        assert line["dateline"] == "Damascus" or line["dateline"] == article.dateline


def test_max_articles_and_date_window(tmp_path):
    site = Site(theme="sahifa", n_articles=20, seed=5)
    with serve(site) as server:
        capped, _, _ = run_crawl(tmp_path, "-a", f"url={server.url}", "-a", "max_articles=5")
    assert len(capped) == 5
    published = sorted(dt.datetime.fromisoformat(a.published) for a in site.articles)
    middle = published[len(published) // 2].astimezone(dt.UTC).date()
    since = dt.datetime.combine(middle, dt.time.min, tzinfo=dt.UTC)
    with serve(site) as server:
        windowed, _, _ = run_crawl(tmp_path, "-a", f"url={server.url}", "-a", f"since={middle}")
        base = server.url
    expected = {
        a.url(base) for a in site.articles if dt.datetime.fromisoformat(a.published) >= since
    }
    copies = {base.rstrip("/") + p for a in site.articles for p in a.duplicate_paths}
    assert 0 < len(expected) < len(site.articles)
    assert {line["canonical_url"] for line in windowed} - copies <= expected
    assert len(windowed) >= len(expected) - 1  # the original may lose to its copy
