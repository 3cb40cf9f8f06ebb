"""Shortcuts that save the crawl process work give exactly the crawl they replace."""

from __future__ import annotations

from collections import Counter

from crawling import make_crawler
from scrapy.http import HtmlResponse, Request
from test_crawl_e2e import run_crawl
from test_spider_routing import BASE, _collect

from newscrawl.demo.server import serve
from newscrawl.demo.site import Site
from newscrawl.runtime.pool import PageAnalyzer
from newscrawl.spiders.news import NewsSpider
from newscrawl.spiders.recent import RecentUrls

_STORIES = "".join(
    f'<li><a href="/news/2024/05/story-number-{i}-about-things/">S {i}</a></li>' for i in range(6)
)
_LISTING = f"""<html><head><title>News</title></head><body><ul>{_STORIES}
<li><a href="/category/politics/">Politics</a></li>
<li><a href="https://elsewhere.example/news/2024/05/story-number-9-about-things/">out</a></li>
<li><a href="/news/2024/05/story-number-1-about-things/?utm_source=x">again</a></li>
</ul></body></html>""".encode()


def _spider(**settings):
    crawler = make_crawler(NewsSpider, FEEDS={"memory.jsonl": {"format": "jsonlines"}}, **settings)
    spider = NewsSpider.from_crawler(crawler, url=BASE)
    spider.analyzer = PageAnalyzer(spider.target.profile)
    crawler.spider = spider
    crawler.stats.open_spider()
    return spider, crawler.stats


def _listing(spider, depth):
    response = HtmlResponse(
        url=BASE + f"page/{depth}/",
        body=_LISTING,
        encoding="utf-8",
        request=Request(BASE, meta={"nc_kind": "listing", "nc_depth": depth}),
    )
    return [r.url for r in _collect(spider.parse_page(response))]


def test_links_requested_before_are_skipped_and_counted():
    spider, stats = _spider()
    first = _listing(spider, 1)
    assert BASE + "category/politics/" in first
    assert len(first) == 7  # the tracking variant is the same canonical URL as story 1
    assert stats.get_value("newscrawl/spider/skipped/duplicate") == 1
    assert stats.get_value("newscrawl/spider/skipped/offsite") == 1
    assert _listing(spider, 1) == []
    assert stats.get_value("newscrawl/spider/skipped/duplicate") == 1 + 8
    # a link skipped for another reason is counted again for it
    assert stats.get_value("newscrawl/spider/skipped/offsite") == 2
    # From another depth a listing link is checked again (its depth trap may differ), and
    # then skipped because its canonical URL was requested.
    assert _listing(spider, 2) == []
    assert stats.get_value("newscrawl/spider/skipped/duplicate") == 1 + 8 + 8
    assert stats.get_value("newscrawl/spider/skipped/offsite") == 3


def test_with_a_depth_limit_every_link_goes_to_scrapy_again():
    spider, stats = _spider(DEPTH_LIMIT=3)
    assert len(_listing(spider, 1)) == 8
    assert len(_listing(spider, 1)) == 8
    assert stats.get_value("newscrawl/spider/skipped/duplicate") is None


def test_recent_urls_keep_at_most_two_generations():
    recent = RecentUrls(3)
    for i in range(7):
        recent.add(str(i))
    assert len(recent) <= 6
    assert all(str(i) in recent for i in (3, 5, 6))
    assert "0" not in recent


def test_skipping_duplicate_links_changes_nothing_but_who_drops_them(tmp_path):
    """The same pages are fetched and exported as when Scrapy's dupefilter drops every copy.

    DEPTH_LIMIT=1000 turns the spider's own duplicate check off and limits nothing here. What
    the crawl learns as it goes is off: the yield guard (where the spider remembers a link it
    skips it as a duplicate before the guard would refuse it) and the span of article dates
    (it grows with download timing): both change the order of the downloads, and so which of
    an article and its syndicated copy is exported. Pages are analysed in-process: worker
    processes finish pages in any order, which reorders the items the same way.
    """
    site = Site(theme="sahifa", n_articles=30)
    runs = {}
    for name, extra in (("skip", []), ("scrapy", ["-s", "DEPTH_LIMIT=1000"])):
        with serve(site) as server:
            run_dir = tmp_path / name
            run_dir.mkdir()
            lines, stats, _ = run_crawl(
                run_dir, "-a", f"url={server.url}", "-s", "CONCURRENT_REQUESTS=1",
                "-s", "NEWSCRAWL_DISCOVERY_BARREN_PAGES=1000000",
                "-s", "NEWSCRAWL_DISCOVERY_ARCHIVE_MARGIN_DAYS=1000000",
                "-s", "NEWSCRAWL_POOL_ENABLED=False", *extra,
            )  # fmt: skip
            runs[name] = (server.url, lines, stats, Counter(server.request_log))
    (base_a, lines_a, stats_a, log_a), (base_b, lines_b, stats_b, log_b) = runs.values()
    assert log_a == log_b
    strip = ("fetched_at", "id")  # the id hashes the URL, whose port differs

    def exported(lines, base):
        return sorted(
            repr({k: v for k, v in line.items() if k not in strip}).replace(base, "/")
            for line in lines
        )

    assert exported(lines_a, base_a) == exported(lines_b, base_b)
    skipped = stats_a.pop("newscrawl/spider/skipped/duplicate")
    assert skipped > 0
    assert stats_a.get("dupefilter/filtered", 0) + skipped == stats_b["dupefilter/filtered"]
    ours_a = {k: v for k, v in stats_a.items() if k.startswith("newscrawl/")}
    ours_b = {k: v for k, v in stats_b.items() if k.startswith("newscrawl/")}
    assert ours_a == ours_b


def test_body_minhash_draws_the_permutations_once():
    from newscrawl.run.nearindex import _permutations, body_minhash

    _permutations.cache_clear()
    body_minhash("x y z", 128, 5)
    body_minhash("u v w", 128, 5)
    assert _permutations.cache_info().misses == 1


def test_a_requested_url_is_taken_as_canonical_only_because_it_is_a_fixed_point():
    from newscrawl.discovery.urls import canonicalize_url

    spider, _ = _spider()
    raw = BASE + "news/2024/05/story-number-1-about-things/?utm_source=x&b=2&a=1#top"
    requested = [r.url for r in spider._follow(raw, "article", depth=1)]
    assert requested == [canonicalize_url(raw)]
    assert spider._canonical(requested[0]) == canonicalize_url(requested[0]) == requested[0]
    assert spider._canonical(raw) == canonicalize_url(raw) != raw


def test_extensions_off_by_design_are_not_even_imported():
    """With the project's settings, the extensions resolved and loaded as Scrapy's crawler does
    load neither Scrapy's remote-control server (code execution over HTTP, aiohttp) nor
    Spidermon while SPIDERMON_ENABLED is off; the project's own extensions still load."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from scrapy.utils.conf import build_component_list\n"
        "from scrapy.utils.misc import load_object\n"
        "from scrapy.utils.project import get_project_settings\n"
        "settings = get_project_settings()\n"
        "extensions = settings.get_component_priority_dict_with_base('EXTENSIONS')\n"
        "names = [load_object(path).__name__ for path in build_component_list(extensions)]\n"
        "spidermon = any(m.startswith('spidermon') for m in sys.modules)\n"
        "print('ConsoleProgress' in names, 'RemoteControl' in names, 'aiohttp' in sys.modules,\n"
        "      settings.getbool('SPIDERMON_ENABLED'), spidermon)\n"
    )
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout.split()
    assert out == ["True", "False", "False", "False", "False"]


def test_requests_carry_no_meta_copied_from_the_response():
    """Scrapy's MetaCopyDetectionMiddleware is off: the spider's requests never carry the
    internal meta keys it warns about, even from a redirected and retried response."""
    from scrapy.spidermiddlewares.metacopy import MetaCopyDetectionMiddleware
    from scrapy.utils.conf import build_component_list

    spider, _ = _spider()
    internal = MetaCopyDetectionMiddleware._INTERNAL_KEYS
    response = HtmlResponse(
        url=BASE + "page/1/",
        body=_LISTING,
        encoding="utf-8",
        request=Request(
            BASE,
            meta={
                "nc_kind": "listing",
                "nc_depth": 1,
                "redirect_urls": [BASE + "old/"],
                "redirect_times": 1,
                "retry_times": 1,
                "download_latency": 0.1,
            },
        ),
    )
    requests = _collect(spider.parse_page(response))
    assert requests
    assert all(not internal & request.meta.keys() for request in requests)
    middlewares = build_component_list(spider.settings.getwithbase("SPIDER_MIDDLEWARES"))
    assert "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware" not in middlewares
