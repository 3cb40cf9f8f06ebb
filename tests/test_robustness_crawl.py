"""The fault-injection crawl: a real ``scrapy crawl news`` against every fault of `faultserver`.

One crawl (module fixture) of the fault site, with the project's default settings except
throttling (off, so the test is quick) and an 8 s download timeout (so the hanging case
times out fast). The crawl process tree's RSS is polled with psutil; the tests below then
check the output, the stats and what the server was asked for.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from faultserver import MOVED, OLD_ADDRESS, FaultSite, serve, serve_counter

ROOT = Path(__file__).resolve().parents[1]
MAX_PAGINATION = 10
DOWNLOAD_TIMEOUT_S = 8
"""Shorter than the hanging case (12 s); long enough for a loaded 2-core machine."""
TIME_BOUND_S = 150
"""The whole crawl (about 250 requests, several seconds of injected waits) ends within this."""
MAIN_RSS_BOUND_MB = 400
"""Peak RSS of the crawl process (reactor, downloader, sitemap parsing, pipelines)."""
TREE_PSS_BOUND_MB = 800
"""Peak PSS summed over the crawl process and its page-analysis pool workers."""

pytestmark = pytest.mark.slow


def _peak_memory(pid: int, stop: threading.Event, out: dict[str, float]) -> None:
    """Poll process `pid` and its children until `stop`; keep the peaks in MB.

    ``main``: RSS of the crawl process; ``tree_rss``: RSS summed over the process and its
    children (the page-analysis pool), which counts pages they share more than once;
    ``tree_pss``: proportional set size summed over them (shared pages divided among
    their sharers, so the sum is the memory the tree really holds).
    """
    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    while not stop.is_set():
        try:
            procs = [root, *root.children(recursive=True)]
            main = root.memory_info().rss
        except psutil.NoSuchProcess:
            return
        rss = pss = 0
        for proc in procs:
            try:
                info = proc.memory_full_info()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
        for key, value in (("main", main), ("tree_rss", rss), ("tree_pss", pss)):
            out[key] = max(out.get(key, 0.0), value / 2**20)
        stop.wait(0.1)


def dumped_stats(log: str) -> dict[str, int]:
    """Return the integer stats of the "Dumping Scrapy stats" block of a crawl log."""
    block = log.rsplit("Dumping Scrapy stats:", 1)[-1]
    return {k: int(v) for k, v in re.findall(r"'([^']+)': (\d+)[,}]", block)}


@pytest.fixture(scope="module")
def fault_crawl(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("faultcrawl")
    with serve_counter("127.0.0.2") as (private_base, private_hits):
        site = FaultSite(private_base=private_base)
        with serve(site) as base:
            profile = tmp / "faultsite.yaml"
            # The profile lets the crawl onto 127.0.0.2 (as a profile may list a sister host);
            # the SSRF guard must still refuse it: it is not the start URL's address.
            profile.write_text(
                "name: faultsite\n"
                f"start_urls: ['{base}/']\n"
                "allowed_domains: ['127.0.0.1', '127.0.0.2']\n",
                encoding="utf-8",
            )
            out = tmp / "out.jsonl"
            cmd = [
                sys.executable, "-m", "scrapy", "crawl", "news",
                "-a", f"site={profile}", "-a", "since=2026-01-01",
                "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
                "-s", f"DOWNLOAD_TIMEOUT={DOWNLOAD_TIMEOUT_S}", "-s", "NEWSCRAWL_POOL_WORKERS=2",
                "-s", f"NEWSCRAWL_DISCOVERY_MAX_PAGINATION={MAX_PAGINATION}",
                "-s", "LOG_LEVEL=INFO", "-O", str(out),
            ]  # fmt: skip
            env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
            peaks: dict[str, float] = {}
            stop = threading.Event()
            started = time.monotonic()
            proc = subprocess.Popen(
                cmd,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            poller = threading.Thread(target=_peak_memory, args=(proc.pid, stop, peaks))
            poller.start()
            try:
                _, log = proc.communicate(timeout=TIME_BOUND_S + 60)
            finally:
                stop.set()
                poller.join()
                if proc.poll() is None:
                    proc.kill()
            elapsed = time.monotonic() - started
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    lines = [json.loads(x) for x in text.splitlines()]
    by_path: dict[str, list[dict]] = {}
    for article in lines:
        path = "/" + article["url"].split("/", 3)[3]
        by_path.setdefault(path, []).append(article)
    result = {
        "site": site,
        "returncode": proc.returncode,
        "log": log,
        "stats": dumped_stats(log),
        "articles": lines,
        "by_path": by_path,
        "elapsed": elapsed,
        "peaks": peaks,
        "private_hits": dict(private_hits),
    }
    print(
        f"\nfault crawl: {len(lines)} articles in {elapsed:.1f}s; peak MB: main RSS "
        f"{peaks.get('main', 0):.0f}, tree RSS {peaks.get('tree_rss', 0):.0f}, "
        f"tree PSS {peaks.get('tree_pss', 0):.0f}"
    )
    return result


def test_fault_crawl_finishes_cleanly_in_bounded_time(fault_crawl):
    assert fault_crawl["returncode"] == 0, fault_crawl["log"][-3000:]
    assert "Traceback" not in fault_crawl["log"], fault_crawl["log"][-3000:]
    assert fault_crawl["stats"].get("log_count/ERROR", 0) == 0
    assert fault_crawl["elapsed"] < TIME_BOUND_S


def test_fault_crawl_peak_memory_stays_under_bounds(fault_crawl):
    assert fault_crawl["peaks"]["main"] < MAIN_RSS_BOUND_MB, fault_crawl["peaks"]
    assert fault_crawl["peaks"]["tree_pss"] < TREE_PSS_BOUND_MB, fault_crawl["peaks"]


def test_fault_crawl_exports_every_retrievable_article_exactly_once(fault_crawl):
    site = fault_crawl["site"]
    counts = {path: len(items) for path, items in fault_crawl["by_path"].items()}
    assert {p: counts.get(p, 0) for p in site.expected} == dict.fromkeys(site.expected, 1)
    assert len(fault_crawl["articles"]) == len(site.expected)


def test_fault_crawl_exports_none_of_the_junk(fault_crawl):
    site = fault_crawl["site"]
    unexpected = sorted(set(fault_crawl["by_path"]) - set(site.expected))
    assert unexpected == []
    assert not set(fault_crawl["by_path"]) & set(site.junk)


def test_redirected_article_is_exported_under_its_final_url(fault_crawl):
    assert OLD_ADDRESS not in fault_crawl["by_path"]
    assert len(fault_crawl["by_path"][MOVED]) == 1


def test_server_faults_are_retried_and_counted(fault_crawl):
    stats = fault_crawl["stats"]
    site = fault_crawl["site"]
    for reason in (
        "500 Internal Server Error",
        "503 Service Unavailable",
        "429 Unknown Status",
        "scrapy.exceptions.DownloadTimeoutError",
        "scrapy.exceptions.ResponseDataLossError",
    ):
        assert stats.get(f"retry/reason_count/{reason}", 0) >= 1, reason
    reset = [k for k in stats if k.startswith("retry/reason_count/") and "Download" in k]
    assert any("Failed" in k or "ConnectionLost" in k for k in reset), reset
    for slug in ("flaky-500", "busy-503", "throttled-429", "slow-timeout", "connection-reset"):
        path = next(p for p in site.expected if slug in p)
        assert site.hits[path] == 2, (slug, site.hits[path])


def test_retry_after_is_honoured_before_the_retry(fault_crawl):
    site = fault_crawl["site"]
    assert fault_crawl["stats"].get("newscrawl/retry_after/honoured", 0) >= 2
    for slug, asked in (("busy-503", 2.0), ("throttled-429", 1.0)):
        times = [t for t, path, _ in site.log if slug in path]
        assert len(times) == 2
        assert times[1] - times[0] >= asked * 0.9, (slug, times[1] - times[0])


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("served-as-octet-stream", "not_html"),
        ("annual-report-pdf", "binary"),
        ("photo-of-the-day", "binary"),
        ("empty-page", "empty"),
        ("removed-story", "soft_404"),
    ],
)
def test_wrong_content_is_skipped_and_counted(fault_crawl, case, reason):
    site = fault_crawl["site"]
    path = next(p for p in site.junk if case in p)
    assert site.hits[path] >= 1
    assert fault_crawl["stats"].get(f"newscrawl/content/skipped/{reason}", 0) >= 1


def test_content_filter_counts_every_wrong_content_case(fault_crawl):
    stats = fault_crawl["stats"]
    skipped = sum(v for k, v in stats.items() if k.startswith("newscrawl/content/skipped/"))
    # octet-stream, pdf, pdf-as-html, image, empty, blank, soft 404, redirect to /404/
    assert skipped >= 8
    # the only article error is the body cut at DOWNLOAD_MAXSIZE; skips are not errors
    cut = "downloader/exception_type_count/scrapy.exceptions.DownloadCancelledError"
    assert stats.get("newscrawl/spider/errors/article", 0) == stats.get(cut, 0) == 1


def test_size_limits_stop_the_gzip_bomb_and_the_endless_body(fault_crawl):
    stats = fault_crawl["stats"]
    log = fault_crawl["log"]
    assert "gzip-bomb" in log
    assert "DOWNLOAD_MAXSIZE" in log
    assert stats.get("newscrawl/limits/too_large/decompressed") == 1  # the gzip bomb
    assert stats.get("newscrawl/limits/too_large/download") == 1  # the endless body
    assert stats.get("downloader/exception_type_count/scrapy.exceptions.DownloadCancelledError")
    assert fault_crawl["by_path"]["/2026/03/17/ten-megabyte-page/"]


def test_hostile_sitemaps_are_parsed_safely_and_streamed(fault_crawl):
    stats = fault_crawl["stats"]
    site = fault_crawl["site"]
    assert site.hits["/sitemap-laughs.xml"] == 1
    assert site.hits["/sitemap-xxe.xml"] == 1
    assert site.hits["/sitemap-huge.xml.gz"] == 1
    # no external entity fetched, no entity text in any URL asked for
    assert fault_crawl["private_hits"].get("/xxe-fetched", 0) == 0
    assert not any("lollol" in path or "root:" in path for _, path, _ in site.log)
    # the million-URL sitemap was read up to its bounds and none of its old URLs fetched
    assert stats.get("newscrawl/spider/skipped/out_of_window", 0) >= 100_000
    assert site.hits_under("/2001/") == 0


def test_crawler_traps_are_bounded_and_counted(fault_crawl):
    site = fault_crawl["site"]
    stats = fault_crawl["stats"]
    assert site.hits_under("/category/news/page/") <= MAX_PAGINATION + 1
    assert stats.get("newscrawl/spider/skipped/trap/pagination", 0) >= 1
    assert site.hits_under("/events/") <= 200
    assert site.hits_under("/shop/") <= 50
    traps = sum(v for k, v in stats.items() if k.startswith("newscrawl/spider/skipped/trap/"))
    assert traps >= 2


def test_redirect_loops_and_chains_are_bounded(fault_crawl):
    site = fault_crawl["site"]
    assert site.hits_under("/chain/") <= 10  # REDIRECT_MAX_TIMES
    loop = site.hits["/2026/02/11/loop-a/"] + site.hits["/2026/02/12/loop-b/"]
    assert loop <= 2 * (10 + 1)
    assert fault_crawl["stats"].get("newscrawl/spider/skipped/ignored", 0) >= 1


def test_offsite_redirect_is_not_followed(fault_crawl):
    assert fault_crawl["stats"].get("offsite/filtered", 0) >= 1


def test_ssrf_guard_refuses_private_redirect_and_link(fault_crawl):
    assert fault_crawl["private_hits"] == {}
    assert fault_crawl["stats"].get("newscrawl/ssrf/refused/loopback", 0) >= 2


def test_robots_disallow_is_obeyed(fault_crawl):
    site = fault_crawl["site"]
    assert site.hits_under("/private/") == 0
    assert fault_crawl["stats"].get("robotstxt/forbidden", 0) >= 1


def test_every_request_carries_the_truthful_user_agent(fault_crawl):
    agents = {agent for _, _, agent in fault_crawl["site"].log}
    assert agents
    assert all(a.startswith("newscrawl/") and "(+" in a for a in agents), agents


@pytest.mark.parametrize(
    "slug",
    [
        "charset-header-only",
        "charset-meta-only",
        "charset-bom-only",
        "charset-wrong-label",
        "gzip-transfer",
        "latin1-labelled-utf8",
        "mojibake-double-utf8",
    ],
)
def test_encoding_case_text_comes_out_right(fault_crawl, slug):
    site = fault_crawl["site"]
    path = next(p for p in site.expected if slug in p)
    (article,) = fault_crawl["by_path"][path]
    expected = site.expected[path]
    assert expected.phrase in article["body"]
    assert article["title"] == expected.title
    assert "\ufffd" not in article["body"]


def test_encoding_repairs_are_counted(fault_crawl):
    stats = fault_crawl["stats"]
    assert stats.get("newscrawl/encoding/repaired/relabelled", 0) >= 1  # latin1-labelled-utf8
    assert stats.get("newscrawl/encoding/repaired/mojibake", 0) >= 1  # mojibake-double-utf8


@pytest.mark.parametrize("slug", ["arabic-windows-1256", "arabic-meta-1256"])
def test_arabic_windows_1256_article_has_arabic_text_and_language(fault_crawl, slug):
    site = fault_crawl["site"]
    path = next(p for p in site.expected if slug in p)
    (article,) = fault_crawl["by_path"][path]
    expected = site.expected[path]
    assert article["language"] == "ar"
    assert expected.phrase in article["body"]
    assert article["title"] == expected.title
    assert re.search("[\u0600-\u06ff]{3,}", article["body"])
