from __future__ import annotations

import asyncio

from crawling import make_crawler
from scrapy.http import HtmlResponse, Request, Response, TextResponse, XmlResponse

from newscrawl.discovery.robots import RULES_META_KEY
from newscrawl.items import ArticleItem
from newscrawl.middlewares.robots import RobotsRules
from newscrawl.runtime.pool import PageAnalyzer
from newscrawl.spiders.news import NewsSpider

BASE = "http://127.0.0.1:8123/"


def _spider(**kwargs):
    crawler = make_crawler(NewsSpider, FEEDS={"memory.jsonl": {"format": "jsonlines"}})
    spider = NewsSpider.from_crawler(crawler, **kwargs)
    spider.analyzer = PageAnalyzer(spider.target.profile)
    crawler.spider = spider
    crawler.stats.open_spider()
    return spider, crawler.stats


def _response(cls, url, body, **meta):
    return cls(url=url, body=body, encoding="utf-8", request=Request(url, meta=meta))


def _collect(agen):
    async def run():
        return [x async for x in agen]

    return asyncio.run(run())


def test_start_asks_for_robots_and_the_home_page():
    spider, _ = _spider(url=BASE)
    requests = _collect(spider.start())
    assert [r.url for r in requests] == [BASE + "robots.txt", BASE]


def test_robots_sitemap_lines_are_followed():
    spider, _ = _spider(url=BASE)
    body = f"User-agent: *\nDisallow: /wp-admin/\nSitemap: {BASE}sitemap_index.xml\n".encode()
    requests = list(spider.parse_robots(_response(TextResponse, BASE + "robots.txt", body)))
    assert [r.url for r in requests] == [BASE + "sitemap_index.xml"]


def test_robots_rules_parsed_for_the_robots_middleware_are_read_not_the_body_again():
    spider, _ = _spider(url=BASE)
    rules = RobotsRules(f"User-agent: *\nSitemap: {BASE}from-the-rules.xml\n".encode(), None)
    response = _response(TextResponse, BASE + "robots.txt", b"", **{RULES_META_KEY: rules})
    requests = list(spider.parse_robots(response))
    assert [r.url for r in requests] == [BASE + "from-the-rules.xml"]


def test_robots_without_sitemaps_falls_back_to_the_usual_paths():
    spider, _ = _spider(url=BASE)
    requests = list(spider.parse_robots(_response(TextResponse, BASE + "robots.txt", b"")))
    assert BASE + "sitemap.xml" in [r.url for r in requests]
    assert BASE + "wp-sitemap.xml" in [r.url for r in requests]


def test_news_sitemap_entries_carry_date_hints_and_respect_the_window():
    spider, stats = _spider(url=BASE, since="2024-01-01")
    body = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>{BASE}?p=1&amp;utm_source=x</loc>
    <news:news><news:publication_date>2024-05-01T10:00:00+03:00</news:publication_date>
    <news:title>New one</news:title></news:news></url>
  <url><loc>{BASE}?p=2</loc>
    <news:news><news:publication_date>2019-05-01T10:00:00+03:00</news:publication_date>
    <news:title>Old one</news:title></news:news></url>
  <url><loc>https://elsewhere.example/?p=3</loc></url>
</urlset>""".encode()
    requests = _collect(spider.parse_sitemap(_response(XmlResponse, BASE + "news.xml", body)))
    assert [r.url for r in requests] == [BASE + "?p=1"]
    hints = requests[0].meta["nc_hints"]
    assert hints["origin"] == "sitemap"
    assert hints["title"] == "New one"
    assert hints["published"].startswith("2024-05-01T10:00:00")
    assert stats.get_value("newscrawl/spider/skipped/out_of_window") == 1
    assert stats.get_value("newscrawl/spider/skipped/offsite") == 1


def test_listing_page_links_are_followed_and_not_exported():
    spider, stats = _spider(url=BASE)
    links = "".join(
        f'<li><a href="/news/2024/05/story-number-{i}-about-things/">Story {i}</a></li>'
        for i in range(8)
    )
    body = f"""<html><head><title>News</title>
<link rel="alternate" type="application/rss+xml" href="{BASE}feed/"></head>
<body><ul>{links}</ul><a href="https://elsewhere.example/x">out</a>
<a class="next page-numbers" rel="next" href="/page/2/">Next</a></body></html>""".encode()
    out = _collect(
        spider.parse_page(_response(HtmlResponse, BASE, body, nc_kind="listing", nc_depth=0))
    )
    assert not [x for x in out if isinstance(x, ArticleItem)]
    urls = {r.url for r in out}
    assert BASE + "feed/" in urls
    assert BASE + "page/2/" in urls
    assert BASE + "news/2024/05/story-number-3-about-things/" in urls
    assert not any("elsewhere" in u for u in urls)
    routed = stats.get_value("newscrawl/spider/listings", 0) + stats.get_value(
        "newscrawl/spider/other_pages", 0
    )
    assert routed == 1
    assert stats.get_value("newscrawl/spider/articles") is None


def test_non_html_responses_are_counted_and_skipped():
    spider, stats = _spider(url=BASE)
    response = Response(url=BASE + "?p=9", body=b"%PDF-1.4", request=Request(BASE + "?p=9"))
    assert _collect(spider.parse_page(response)) == []
    assert stats.get_value("newscrawl/spider/skipped/not_html") == 1


def _http_failure(status, url=BASE + "2026/03/01/story/", kind="article", **meta):
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.python.failure import Failure

    request = Request(url, meta={"nc_kind": kind, **meta})
    failure = Failure(HttpError(Response(url, status=status, request=request), "http error"))
    failure.request = request
    return failure


def test_a_server_error_left_after_the_retries_is_an_error_a_client_error_is_not():
    spider, stats = _spider(url=BASE)
    for status in (500, 503, 408, 429):
        spider.on_error(_http_failure(status))
    spider.on_error(_http_failure(404))
    spider.on_error(_http_failure(410))
    assert stats.get_value("newscrawl/spider/errors/article") == 4
    assert stats.get_value("newscrawl/spider/skipped/ignored") == 2


def test_a_guessed_feed_or_sitemap_path_that_fails_is_skipped():
    spider, stats = _spider(url=BASE)
    spider.on_error(_http_failure(503, BASE + "rss", "feed", nc_guessed=True))
    spider.on_error(_http_failure(500, BASE + "sitemap.xml", "sitemap", nc_guessed=True))
    assert stats.get_value("newscrawl/spider/errors/feed") is None
    assert stats.get_value("newscrawl/spider/errors/sitemap") is None
    assert stats.get_value("newscrawl/spider/skipped/ignored") == 2
    # named by the site itself, the same failure is an error
    spider.on_error(_http_failure(503, BASE + "feed/", "feed"))
    assert stats.get_value("newscrawl/spider/errors/feed") == 1


def test_fallback_sitemap_paths_are_marked_as_guessed():
    spider, _ = _spider(url=BASE)
    requests = list(spider.parse_robots(_response(TextResponse, BASE + "robots.txt", b"")))
    assert requests
    assert all(r.meta.get("nc_guessed") for r in requests)
    named = b"Sitemap: " + BASE.encode() + b"news-sitemap.xml\n"
    (request,) = spider.parse_robots(_response(TextResponse, BASE + "robots.txt", named))
    assert not request.meta.get("nc_guessed")


def _rss(*links):
    items = "".join(f"<item><title>t</title><link>{BASE}{link}</link></item>" for link in links)
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()


def test_a_family_of_feeds_that_gives_no_new_article_is_fetched_no_further():
    spider, stats = _spider(url=BASE)
    stories = [f"2026/03/0{i}/story-number-{i}-of-the-day/" for i in range(1, 4)]
    main = _collect(spider.parse_feed(_response(XmlResponse, BASE + "feed/", _rss(*stories))))
    assert len(main) == 3
    for tag in ("a", "b", "c"):  # each tag feed lists only what the main feed gave
        url = f"{BASE}tag/{tag}/feed/"
        _collect(spider.parse_feed(_response(XmlResponse, url, _rss(*stories))))
    family = spider.yields.summary()["/tag/{slug}/feed/"]
    assert family == {"pages": 3, "new_articles": 0, "exhausted": True}
    assert list(spider._follow(BASE + "tag/d/feed/", "feed", depth=1)) == []
    assert stats.get_value("newscrawl/spider/skipped/trap/barren_family") == 1
    # a feed of another family is still read
    assert len(list(spider._follow(BASE + "author/e/feed/", "feed", depth=1))) == 1
