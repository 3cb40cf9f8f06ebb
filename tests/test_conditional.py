"""Conditional requests for feeds and sitemaps (`newscrawl.extensions.conditional`) and the
recording of their validators (`newscrawl.extensions.incremental`), on a real SQLite run state.
The end-to-end run (304s from the demo server) is in test_scheduled.py."""

from __future__ import annotations

import asyncio

import pytest
from crawling import make_crawler
from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

from newscrawl.extensions.conditional import ConditionalRequestMiddleware, NotModified
from newscrawl.extensions.incremental import IncrementalMiddleware
from newscrawl.extensions.runstate import RunStateExtension
from newscrawl.run.state import Watermark
from newscrawl.spiders.news import NewsSpider

BASE = "http://127.0.0.1:8123/"
NEWS = BASE + "news-sitemap.xml"
FEED = BASE + "feed/"


def _run(tmp_path, **settings):
    out = tmp_path / "out"
    crawler = make_crawler(
        NewsSpider,
        NEWSCRAWL_STATE_ENABLED=True,
        NEWSCRAWL_STATE_DIR=str(tmp_path / "state"),
        NEWSCRAWL_OUTPUT_DIR=str(out),
        FEEDS={str(out / "127.0.0.1" / "run01.jsonl"): {"format": "jsonlines"}},
        NEWSCRAWL_RUN_ID="run01",
        NEWSCRAWL_SITE="127.0.0.1",  # what the news spider publishes (the run context)
        **settings,
    )
    crawler.spider = NewsSpider.from_crawler(crawler, url=BASE)
    crawler.stats.open_spider()
    # the extension the crawler built (it attached the run ledger and holds the site's lock)
    (run,) = [e for e in crawler.extensions.middlewares if isinstance(e, RunStateExtension)]
    return ConditionalRequestMiddleware.from_crawler(crawler), run, crawler


@pytest.fixture
def recorded(tmp_path):
    mw, run, crawler = _run(tmp_path)
    run.ledger.state.set_watermarks(
        [
            Watermark(
                NEWS,
                "sitemap",
                etag='"n1"',
                last_modified="Mon, 02 Mar 2026 08:00:00 GMT",
                listed=40,
            ),
            Watermark(FEED, "feed", newest="2026-03-02T08:00:00+00:00", etag='W/"f1"', listed=12),
        ]
    )
    yield mw, run, crawler
    run.engine_stopped()


def test_a_recorded_source_is_asked_for_only_if_it_changed(recorded):
    mw, _, crawler = recorded
    request = Request(NEWS, meta={"nc_kind": "sitemap"})
    mw.process_request(request)
    assert request.headers["If-None-Match"] == b'"n1"'
    assert request.headers["If-Modified-Since"] == b"Mon, 02 Mar 2026 08:00:00 GMT"
    feed = Request(FEED, meta={"nc_kind": "feed"})
    mw.process_request(feed)
    assert feed.headers["If-None-Match"] == b'W/"f1"'
    assert b"If-Modified-Since" not in feed.headers
    assert crawler.stats.get_value("newscrawl/conditional/sent") == 2


def test_a_redirect_does_not_carry_the_validators_of_the_url_it_left(recorded):
    mw, _, _ = recorded
    request = Request(NEWS, meta={"nc_kind": "sitemap"})
    mw.process_request(request)
    moved = request.replace(url=BASE + "sitemaps/news.xml")  # as RedirectMiddleware does
    mw.process_request(moved)
    assert b"If-None-Match" not in moved.headers
    assert b"If-Modified-Since" not in moved.headers
    unasked = Response(moved.url, status=304, request=moved)
    assert mw.process_response(moved, unasked) is unasked


def test_pages_and_unrecorded_sources_are_plain_requests(recorded):
    mw, _, crawler = recorded
    for request in (
        Request(NEWS, meta={"nc_kind": "article"}),  # only sitemaps and feeds
        Request(BASE + "post-sitemap.xml", meta={"nc_kind": "sitemap"}),  # nothing recorded
    ):
        mw.process_request(request)
        assert b"If-None-Match" not in request.headers
        assert b"If-Modified-Since" not in request.headers
    assert crawler.stats.get_value("newscrawl/conditional/sent") is None


def test_not_modified_ends_the_request_and_a_changed_source_is_read(recorded):
    mw, run, crawler = recorded
    request = Request(FEED, meta={"nc_kind": "feed"})
    mw.process_request(request)
    with pytest.raises(NotModified) as raised:
        mw.process_response(request, Response(FEED, status=304, request=request))
    assert isinstance(raised.value, IgnoreRequest)  # the spider counts it as skipped
    assert crawler.stats.get_value("newscrawl/conditional/not_modified") == 1
    assert crawler.stats.get_value("newscrawl/conditional/listed") == 12  # found again
    # noted again whole, so that a lastmod noted later in the run keeps the validators
    assert run.ledger.noted_watermark(FEED) == run.ledger.state.watermarks([FEED])[FEED]
    changed = Response(FEED, status=200, body=b"<rss/>", request=request)
    assert mw.process_response(request, changed) is changed
    # a 304 to a request that sent no validators is not ours to interpret
    plain = Request(BASE + "x", meta={"nc_kind": "feed"})
    unasked = Response(plain.url, status=304, request=plain)
    assert mw.process_response(plain, unasked) is unasked


def test_a_304_keeps_the_validators_with_the_moved_lastmod(recorded):
    mw, run, _ = recorded
    # the index gave the news sitemap a new lastmod: the incremental middleware noted it
    run.ledger.note_watermark(Watermark(NEWS, "sitemap", lastmod="2026-03-03"))
    request = Request(NEWS, meta={"nc_kind": "sitemap"})
    mw.process_request(request)
    with pytest.raises(NotModified):
        mw.process_response(request, Response(NEWS, status=304, request=request))
    assert run.ledger.noted_watermark(NEWS) == Watermark(
        NEWS,
        "sitemap",
        lastmod="2026-03-03",
        etag='"n1"',
        last_modified="Mon, 02 Mar 2026 08:00:00 GMT",
        listed=40,
    )


@pytest.mark.parametrize(
    "setting",
    [
        {"NEWSCRAWL_STATE_REFRESH": True},
        {"NEWSCRAWL_CONDITIONAL_ENABLED": False},
        {"NEWSCRAWL_STATE_ENABLED": False},
        {"NEWSCRAWL_REDIS_URL": "redis://127.0.0.1:6379/0"},
    ],
)
def test_conditional_requests_are_off_on_refresh_distributed_or_when_disabled(setting):
    crawler = make_crawler(NewsSpider, **{"NEWSCRAWL_STATE_ENABLED": True, **setting})
    with pytest.raises(NotConfigured):
        ConditionalRequestMiddleware.from_crawler(crawler)


def _output(middleware, response, *outputs):
    async def results():
        for output in outputs:
            yield output

    async def run():
        return [x async for x in middleware.process_spider_output(response, results())]

    return asyncio.run(run())


def _sitemap_response(url, *, etag=None):
    request = Request(url, meta={"nc_kind": "sitemap"})
    headers = {"ETag": etag} if etag else {}
    return Response(url, status=200, headers=headers, request=request)


def _sitemap_request(url, lastmod):
    return Request(url, meta={"nc_kind": "sitemap", "nc_hints": {"lastmod": lastmod}})


def test_validators_are_recorded_for_sitemaps_of_articles_not_for_indexes(tmp_path):
    _, run, crawler = _run(tmp_path)
    incremental = IncrementalMiddleware.from_crawler(crawler)
    article = Request(BASE + "2026/03/02/story/", meta={"nc_kind": "article"})
    # robots.txt named the news sitemap: its response can come before the index's
    _output(incremental, _sitemap_response(NEWS, etag='"n2"'), article)
    index = BASE + "sitemap_index.xml"
    _output(
        incremental,
        _sitemap_response(index, etag='"i1"'),
        _sitemap_request(NEWS, "2026-03-03"),
    )
    assert run.ledger.noted_watermark(NEWS) == Watermark(
        NEWS, "sitemap", lastmod="2026-03-03", etag='"n2"', listed=1
    )
    assert run.ledger.noted_watermark(index) is None  # it lists sitemaps: read it every run
    run.engine_stopped()
