"""The page-analysis worker pool: same results as in-process, crashes contained, memory bounded."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from crawling import make_crawler
from pool_hooks import CRASH_EXIT, CRASH_MEMORY, CRASH_SEGV, HANG, RAISE
from scrapy.utils.test import get_crawler

from newscrawl.demo.server import serve
from newscrawl.demo.site import Site
from newscrawl.runtime.analysis import analyze_page
from newscrawl.runtime.pool import (
    AnalysisError,
    PageAnalyzer,
    PageTimeout,
    ProcessPageAnalyzer,
    WorkerCrashed,
    build_analyzer,
)
from newscrawl.sites import load_profile

TESTS = Path(__file__).resolve().parent
DEV = TESTS.parents[1] / "shared" / "data" / "extraction-dev"
if not DEV.exists():
    DEV = Path("/work/shared/data/extraction-dev")
FETCHED = "2026-01-01T00:00:00+00:00"
HOOK = "pool_hooks.misbehaving_analyze"


def _dev_pages(n: int) -> list[tuple[bytes, str]]:
    cases = [json.loads(line) for line in (DEV / "cases.jsonl").open(encoding="utf-8")]
    cases = [c for c in cases if c.get("url")]
    step = max(1, len(cases) // n)
    return [(gzip.decompress((DEV / c["html"]).read_bytes()), c["url"]) for c in cases[::step][:n]]


def _demo_pages() -> list[tuple[bytes, str]]:
    site = Site(theme="sahifa", n_articles=6, page_kb=60)
    base = "http://127.0.0.1:8000"
    paths = site.article_paths()[:4] + site.non_article_paths()[:2]
    pages = []
    for path in paths:
        page = site.get(path, base_url=base + "/")
        assert page is not None
        pages.append((page.body, base + path))
    return pages


def _analyze_all(analyzer, pages, hints=None):
    async def run():
        return await asyncio.gather(
            *(analyzer.analyze(body, url, "utf-8", hints, FETCHED) for body, url in pages),
            return_exceptions=True,
        )

    return asyncio.run(run())


def _pool(stats=None, **kwargs):
    kwargs.setdefault("workers", 2)
    return ProcessPageAnalyzer(kwargs.pop("profile", None), stats=stats, **kwargs)


def _stats():
    crawler = get_crawler(settings_dict={})
    return crawler.stats


def test_pool_gives_the_same_analysis_as_in_process_on_real_pages():
    pages = _dev_pages(10)
    expected = [analyze_page(body, url, "utf-8", None, None, FETCHED) for body, url in pages]
    pool = _pool()
    try:
        got = _analyze_all(pool, pages)
    finally:
        pool.close()
    assert sum(1 for page in expected if page.article is not None) >= 5
    assert got == expected


def test_pool_sends_the_profile_to_workers_and_matches_in_process():
    profile = load_profile("sana")
    pages = _demo_pages()
    hints = {"origin": "sitemap", "title": "a sitemap title"}
    reference = PageAnalyzer(profile)
    expected = _analyze_all(reference, pages, hints)
    pool = _pool(profile=profile)
    try:
        got = _analyze_all(pool, pages, hints)
    finally:
        pool.close()
    assert [p.kind for p in expected].count("article") >= 3
    assert any(p.article and p.article.sources.get("body") == "profile" for p in expected)
    assert got == expected


def test_an_empty_body_is_a_page_and_the_worker_goes_on():
    pages = [(b"", "http://127.0.0.1/empty/"), *_dev_pages(2)]
    expected = [analyze_page(body, url, "utf-8", None, None, FETCHED) for body, url in pages]
    pool = _pool(workers=1)
    try:
        got = _analyze_all(pool, pages)
    finally:
        pool.close()
    assert got == expected
    assert pool.workers_started == 1


@pytest.mark.parametrize("marker", [CRASH_EXIT, CRASH_SEGV, CRASH_MEMORY])
def test_crashing_worker_fails_only_its_page_and_is_replaced(marker):
    pages = _demo_pages()
    bad_body = pages[0][0].replace(b"<body", marker + b"<body", 1)
    batch = [(bad_body, pages[0][1] + "?bad"), *pages]
    expected = [analyze_page(body, url, "utf-8", None, None, FETCHED) for body, url in pages]
    stats = _stats()
    from pool_hooks import misbehaving_analyze

    pool = _pool(stats, function=misbehaving_analyze)
    try:
        got = _analyze_all(pool, batch)
        assert isinstance(got[0], WorkerCrashed)
        assert got[1:] == expected
        # The crawl goes on: the replacement worker analyses the next pages.
        assert _analyze_all(pool, pages) == expected
        started = pool.workers_started
    finally:
        pool.close()
    assert stats.get_value("newscrawl/pool/failed") == 1
    assert stats.get_value("newscrawl/pool/failed/crash") == 1
    assert stats.get_value("newscrawl/pool/pages") == 2 * len(pages)
    assert started in (2, 3)  # the crashed worker was replaced (+ the other feeder's worker)


def test_page_over_the_timeout_fails_and_its_worker_is_replaced():
    pages = _demo_pages()[:3]
    stats = _stats()
    from pool_hooks import misbehaving_analyze

    pool = _pool(stats, function=misbehaving_analyze, timeout=5)
    try:
        got = _analyze_all(pool, [(HANG + pages[0][0], pages[0][1]), *pages])
        again = _analyze_all(pool, pages * 2)
    finally:
        pool.close()
    assert isinstance(got[0], PageTimeout)
    assert all(not isinstance(g, Exception) for g in got[1:] + again)
    assert stats.get_value("newscrawl/pool/failed/timeout") == 1
    assert stats.get_value("newscrawl/pool/workers_started") in (2, 3)


def test_exception_in_analysis_is_reported_and_the_worker_kept():
    pages = _demo_pages()[:3]
    stats = _stats()
    from pool_hooks import misbehaving_analyze

    pool = _pool(stats, function=misbehaving_analyze, workers=1)
    try:
        got = _analyze_all(pool, [(RAISE + pages[0][0], pages[0][1]), *pages])
        started = pool.workers_started
    finally:
        pool.close()
    assert isinstance(got[0], AnalysisError)
    assert "RuntimeError" in str(got[0])
    assert "analysis bug" in str(got[0])
    assert all(not isinstance(g, Exception) for g in got[1:])
    assert started == 1
    assert stats.get_value("newscrawl/pool/failed/error") == 1


def test_pages_in_the_pool_are_bounded_and_workers_recycled():
    pages = _demo_pages()[:2] * 6
    pool = _pool(workers=2, max_pending=3, max_tasks_per_worker=2)
    seen: list[int] = []

    async def run():
        async def watch():
            while True:
                seen.append(pool._jobs.qsize())
                await asyncio.sleep(0.005)

        watcher = asyncio.ensure_future(watch())
        try:
            return await asyncio.gather(
                *(pool.analyze(body, url, "utf-8", None, FETCHED) for body, url in pages)
            )
        finally:
            watcher.cancel()

    try:
        got = asyncio.run(run())
        started = pool.workers_started
    finally:
        pool.close()
    assert len(got) == len(pages)
    assert max(seen) <= 3
    # Each worker is replaced after 2 pages; a feeder with an odd count leaves one short.
    assert len(pages) // 2 <= started <= len(pages) // 2 + 2


def test_build_analyzer_follows_the_settings():
    off = build_analyzer(make_crawler(NEWSCRAWL_POOL_ENABLED=False), None)
    assert isinstance(off, PageAnalyzer)
    on = build_analyzer(make_crawler(NEWSCRAWL_POOL_WORKERS=0), None)
    try:
        assert isinstance(on, ProcessPageAnalyzer)
        assert on.workers == (os.cpu_count() or 1)
        assert on.workers_started == 0  # workers start with the first page
    finally:
        on.close()
    with pytest.raises(ValueError, match="NEWSCRAWL_POOL_WORKERS"):
        build_analyzer(make_crawler(NEWSCRAWL_POOL_WORKERS=-2), None)
    with pytest.raises(ValueError, match="NEWSCRAWL_POOL_START_METHOD"):
        build_analyzer(make_crawler(NEWSCRAWL_POOL_START_METHOD="teleport"), None)


_PARENT_PROBE = """
import asyncio, sys
from newscrawl.runtime.pool import ProcessPageAnalyzer
page = (b"<html lang=en><head><title>Bridge to open</title>"
        b"<meta property='og:type' content='article'>"
        b"<meta property='article:published_time' content='2024-05-03T10:00:00+02:00'></head>"
        b"<body><article><h1>Bridge to open</h1>"
        + b"<p>The new bridge over the river opens to traffic next month. </p>" * 12
        + b"</article></body></html>")
pool = ProcessPageAnalyzer(None, workers=1)
try:
    url = "http://127.0.0.1/news/2024/05/03/bridge-to-open/"
    result = asyncio.run(pool.analyze(page, url, "utf-8", None, None))
finally:
    pool.close()
print(result.kind, len(result.article.body.split()) if result.article else 0)
print(sorted(m for m in sys.modules if m.startswith(("newscrawl.extract.", "trafilatura"))))
"""


def test_the_crawl_process_never_imports_the_extraction_its_workers_run():
    """The pool sends the analysis function's import path; the crawl process, which only
    unpickles the answers, imports no extraction module beyond the text helpers."""
    out = subprocess.run(
        [sys.executable, "-c", _PARENT_PROBE], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == "article 132"
    assert out[1] == "['newscrawl.extract.text']"


def test_an_analysis_function_that_cannot_be_imported_fails_its_pages_in_one_line():
    pool = _pool(workers=1, function="newscrawl.runtime.no_such_module.analyze")
    try:
        (result,) = _analyze_all(pool, _demo_pages()[:1])
    finally:
        pool.close()
    assert isinstance(result, WorkerCrashed)
    message = str(result)
    assert "NEWSCRAWL_POOL_FUNCTION 'newscrawl.runtime.no_such_module.analyze'" in message
    assert "ModuleNotFoundError" in message
    assert "\n" not in message


class _MarkedSite:
    """Serve a demo site, with a crash marker in one article page."""

    def __init__(self, site, bad_path):
        self._site = site
        self._bad = bad_path

    def __getattr__(self, name):
        return getattr(self._site, name)

    def get(self, path, base_url=None):
        page = self._site.get(path, base_url=base_url)
        if page is not None and path == self._bad:
            from dataclasses import replace

            page = replace(page, body=page.body.replace(b"<body", CRASH_SEGV + b"<body", 1))
        return page


@pytest.mark.slow
def test_crawl_goes_on_when_a_worker_crashes_on_a_page(tmp_path):
    site = Site(theme="modern", n_articles=20, seed=3)
    bad = site.articles[5].url_path
    out = tmp_path / "out.jsonl"
    with serve(_MarkedSite(site, bad)) as server:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "crawl",
                "news",
                "-a",
                f"url={server.url}",
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
                "-s",
                "DOWNLOAD_DELAY=0",
                "-s",
                f"NEWSCRAWL_POOL_FUNCTION={HOOK}",
                "-s",
                "NEWSCRAWL_POOL_WORKERS=2",
                "-O",
                str(out),
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=240,
            env={
                **os.environ,
                "SCRAPY_SETTINGS_MODULE": "newscrawl.settings",
                "PYTHONPATH": os.pathsep.join([str(TESTS), str(TESTS.parent)]),
            },
        )
        base = server.url
    assert proc.returncode == 0, proc.stderr[-3000:]
    urls = {json.loads(line)["url"] for line in out.read_text(encoding="utf-8").splitlines()}
    expected = {a.url(base) for a in site.articles}
    for article in site.articles:  # an article or its syndicated copy, whichever came first
        copies = article.urls(base) - {article.url(base)}
        if copies & urls:
            expected = (expected - {article.url(base)}) | (copies & urls)
    assert base.rstrip("/") + bad not in urls
    assert expected - urls == {base.rstrip("/") + bad}
    stats = proc.stderr.rsplit("Dumping Scrapy stats:", 1)[-1]
    assert "'newscrawl/pool/failed': 1," in stats
    assert "'newscrawl/pool/failed/crash': 1," in stats
    assert "'finish_reason': 'finished'" in stats
