"""The disk queue of the scheduler stores each request as Scrapy's own queue does."""

from __future__ import annotations

import pickle

import pytest
from crawling import make_crawler
from scrapy import FormRequest, Request
from scrapy.squeues import PickleFifoDiskQueue as ScrapyQueue
from scrapy.utils.misc import load_object

from newscrawl.spiders.news import NewsSpider
from newscrawl.utils.squeues import PickleFifoDiskQueue

BASE = "https://news.example/"


def _queues(tmp_path):
    crawler = make_crawler(NewsSpider)
    spider = NewsSpider.from_crawler(crawler, url=BASE)
    crawler.spider = spider
    ours = PickleFifoDiskQueue.from_crawler(crawler, str(tmp_path / "ours"))
    scrapys = ScrapyQueue.from_crawler(crawler, str(tmp_path / "scrapy"))
    return spider, ours, scrapys


def _requests(spider):
    return [
        Request(BASE + "a/", callback=spider.parse_page, errback=spider.on_error),
        Request(
            BASE + "b/",
            callback=spider.parse_sitemap,
            errback=spider.on_error,
            meta={"nc_kind": "sitemap", "nc_depth": 2},
            priority=-3,
            dont_filter=True,
            cb_kwargs={"x": 1},
            flags=["f"],
            headers={"Accept": "text/html"},
        ),
        Request(BASE + "c/", callback=spider.parse_page),  # a name found before
        Request(BASE + "d/"),  # no callback
        FormRequest(BASE + "e/", formdata={"q": "x"}, callback=spider.parse_page),
    ]


def test_queue_stores_what_scrapys_queue_stores(tmp_path):
    spider, ours, scrapys = _queues(tmp_path)
    for request in _requests(spider):
        expected = request.to_dict(spider=spider)
        assert ours.request_dict(request) == expected
        assert pickle.dumps(ours.request_dict(request), protocol=4) == pickle.dumps(
            expected, protocol=4
        )
        ours.push(request)
        scrapys.push(request)
    assert len(ours) == len(scrapys) == 5
    while len(scrapys):
        theirs, mine = scrapys.pop(), ours.pop()
        assert type(mine) is type(theirs)
        assert mine.to_dict(spider=spider) == theirs.to_dict(spider=spider)
        assert mine.callback == theirs.callback
        assert mine.errback == theirs.errback
    assert ours.pop() is None
    ours.close()
    scrapys.close()


def test_queue_refuses_a_callback_that_is_no_spider_method(tmp_path):
    spider, ours, _ = _queues(tmp_path)
    request = Request(BASE, callback=lambda response: None)
    with pytest.raises(ValueError, match="not an instance method"):
        request.to_dict(spider=spider)
    with pytest.raises(ValueError, match="not an instance method"):
        ours.push(request)


def test_project_settings_use_the_queue():
    crawler = make_crawler(NewsSpider)
    assert load_object(crawler.settings["SCHEDULER_DISK_QUEUE"]) is PickleFifoDiskQueue
